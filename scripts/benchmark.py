#!/usr/bin/env python3
"""Benchmark the policy site against baselines measured in the same run, on the hard cases.

Each scenario makes a synthetic repository (``git fast-import``, seeded: the same bytes every
time) with this project's ``mkdocs.yml`` (``pdf: false``) and ``docs/``, P policies of V dated
versions in en and zh-TW, and K unrelated commits interleaved, then measures it:

- amend, rewrite, vocab, long, versions, policies (kind "build"): ``mkdocs build`` of the
  project, COLD (no ``.cache``: a fresh clone, CI) and warm, against a plain MkDocs build
  (the same theme and plugins without ``policies``) of a copy of the very pages the project
  staged; ``policy versions --format json`` (minus its start-up), cold and warm, against
  ``git log -p --first-parent``; peak memory (max RSS) against the plain build's;
- serve: a real ``mkdocs serve`` of the project and one of the plain site: the time from
  saving one policy file to the served page holding the edit (polled over HTTP; median of
  ``--saves`` saves per run), and the server's CPU time meanwhile;
- pdf: the build with ``pdf: true``, cold and warm, against the plain build plus WeasyPrint
  alone rendering the same version pages (same stylesheet and fonts, a process per core).

It prints the worst figure first ("worst: <scenario> <size> <measure> <ratio>": the largest
value over its target), then the table (cold, the headline, beside warm), then notes.  CPU time
(user + system, with the git and worker processes waited for) is what a busy machine disturbs
least; wall clock is shown beside it.  Figures are medians of ``--runs`` runs.

Usage (inside the project's virtualenv, from the repository root)::

    .venv/bin/python scripts/benchmark.py                          # every scenario, full size, 3 runs
    .venv/bin/python scripts/benchmark.py --quick                  # every scenario, small, 1 run
    .venv/bin/python scripts/benchmark.py --scenarios vocab --quick
    .venv/bin/python scripts/benchmark.py --scenarios amend --size amend=100 --size amend=300

It measures the ``policysite`` this Python imports (its bytecode compiled first, as the plain
build's packages have theirs).  Exits 0 once the figures are printed (targets are reported, not
enforced); 2 if a build or a server fails.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

from bench.common import Failed, log
from bench.measure import compile_measured_package, machine
from bench.report import report
from bench.scenarios import SCENARIOS, Options, parse_size, run


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    names = ", ".join(SCENARIOS)
    parser.add_argument(
        "--scenarios", default=",".join(SCENARIOS), help=f"comma-separated, of: {names} (default all)"
    )
    parser.add_argument(
        "--size",
        action="append",
        default=[],
        metavar="SCENARIO=SIZE",
        help="a scenario's size, V versions or PxV (P policies): e.g. vocab=300, policies=20x50; repeat a "
        "scenario to measure it at several sizes (default: its full size, or its quick one with --quick)",
    )
    parser.add_argument("--quick", action="store_true", help="small sizes and one run: a few minutes")
    parser.add_argument(
        "--runs", type=int, default=3, help="runs per figure; the median is reported (default 3)"
    )
    parser.add_argument(
        "--saves", type=int, default=5, help="saves per run in the serve scenario (default 5)"
    )
    parser.add_argument(
        "--commits", type=int, default=900, help="unrelated commits interleaved (K, default 900)"
    )
    parser.add_argument(
        "--plain-nav",
        choices=("flat", "auto"),
        default="flat",
        help="the plain site's navigation: 'flat' = the project's (default), 'auto' = every page listed",
    )
    parser.add_argument("--seed", default="1", help="the seed of the synthetic text (default 1)")
    parser.add_argument(
        "--workdir", help="where to make the repositories (default: a temporary folder, removed)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the repositories")
    parser.add_argument("--json", help="also write the figures to this file")
    return parser


def plan(args: argparse.Namespace, parser: argparse.ArgumentParser) -> list[tuple[str, str]]:
    """(scenario, size) to measure, in order."""
    names = [s.strip() for s in args.scenarios.split(",") if s.strip()]
    unknown = [s for s in names if s not in SCENARIOS]
    if unknown:
        parser.error(f"unknown scenario(s) {', '.join(unknown)} (known: {', '.join(SCENARIOS)})")
    sizes: dict[str, list[str]] = {}
    for item in args.size:
        name, _, size = item.partition("=")
        if name not in SCENARIOS:
            parser.error(f"--size {item}: unknown scenario {name!r} (known: {', '.join(SCENARIOS)})")
        try:
            parse_size(size)
        except ValueError:
            parser.error(f"--size {item}: the size is V or PxV, e.g. 100 or 60x50")
        sizes.setdefault(name, []).append(size.lower())
    default = {n: [SCENARIOS[n].quick if args.quick else SCENARIOS[n].size] for n in SCENARIOS}
    return [(name, size) for name in names for size in sizes.get(name, default[name])]


def footer(args: argparse.Namespace, runs: int) -> list[str]:
    return [
        f"K = {args.commits} unrelated commits; medians of {runs} run(s); "
        f"plain navigation: {args.plain_nav}; seed {args.seed}",
        *(f"  {name}: {s.about}" for name, s in SCENARIOS.items()),
        f"machine: {machine()}",
        "cpu = user + system time of the process and of the git and worker processes it waited for: on a "
        "busy machine the cpu ratios are the reliable ones; wall-clock ratios vary with the load",
    ]


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    todo = plan(args, parser)
    runs = 1 if args.quick else max(1, args.runs)
    options = Options(runs, args.commits, args.plain_nav, max(1, args.saves), args.seed)
    log(f"machine: {machine()}")
    compile_measured_package()
    base = (
        Path(args.workdir).resolve() if args.workdir else Path(tempfile.mkdtemp(prefix="policysite-bench-"))
    )
    base.mkdir(parents=True, exist_ok=True)
    results: dict[tuple[str, str], dict] = {}
    failed = []
    try:
        for name, size in todo:
            try:
                results[(name, size)] = run(name, size, base, options)
            except Failed as exc:  # the other scenarios are still measured and reported
                log(f"{name} {size} failed: {exc}")
                failed.append(f"{name} {size}")
            if not args.keep and not args.workdir:
                shutil.rmtree(base / f"repo-{name}-{size}", ignore_errors=True)
    finally:
        if not args.keep and not args.workdir:
            shutil.rmtree(base, ignore_errors=True)
    lines = report(results, footer(args, runs))
    print("\n".join(lines + ([f"FAILED (see the log above): {', '.join(failed)}"] if failed else [])))
    if args.json:
        figures = {f"{name}/{size}": m for (name, size), m in results.items()}
        Path(args.json).write_text(
            json.dumps({"machine": machine(), "runs": runs, "results": figures}, indent=2)
        )
    return 2 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
