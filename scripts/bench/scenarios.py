"""The scenarios: what each repository holds, at full and ``--quick`` sizes, and what is measured on it."""

from __future__ import annotations

import shutil
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from .common import log
from .measure import measure_builds
from .pdfs import measure_pdfs
from .repo import History, make_repository
from .serve import measure_serve


@dataclass(frozen=True)
class Scenario:
    about: str
    size: str  # "V" (one policy, V versions) or "PxV" (P policies, V versions each)
    quick: str
    kind: str  # build (builds, history, memory), serve, pdf
    style: str = "plain"  # bench.text.STYLES
    change: str = "replace"  # bench.repo.History.change


SCENARIOS = {
    "amend": Scenario("amendments: 2-4 sentences rewritten per version", "100", "10", "build"),
    "rewrite": Scenario(
        "every sentence rewritten each version (words drawn evenly from ~130: rarely similar)",
        "100",
        "10",
        "build",
        change="rewrite",
    ),
    "vocab": Scenario(
        "every sentence rewritten each version from a SMALL shared vocabulary (Zipf over ~290 English "
        "words, ~310 Chinese characters; long sentences): half the unrelated pairs share half their words",
        "100",
        "10",
        "build",
        style="vocab",
        change="rewrite",
    ),
    "long": Scenario(
        "5 sections of ~2,000 words each, amended (a few words, a sentence, one added, one removed)",
        "100",
        "10",
        "build",
        style="long",
        change="amend",
    ),
    "versions": Scenario("many versions: amendments", "1000", "50", "build"),
    "policies": Scenario("many policies: P x V, amendments", "60x50", "4x10", "build"),
    "serve": Scenario(
        "a real mkdocs serve: one policy saved, its page polled over HTTP until the edit is served",
        "60x3",
        "6x3",
        "serve",
    ),
    "pdf": Scenario(
        "pdf: true, against the plain build + WeasyPrint alone on the same pages", "100", "5", "pdf"
    ),
}


def parse_size(size: str) -> tuple[int, int]:
    """``"100"`` -> (1 policy, 100 versions); ``"60x50"`` -> (60, 50)."""
    policies, _, versions = size.lower().rpartition("x")
    parsed = (int(policies) if policies else 1), int(versions)
    if min(parsed) < 1:
        raise ValueError(f"{size}: at least one policy and one version")
    return parsed


@dataclass(frozen=True)
class Options:
    runs: int
    unrelated: int
    nav: str
    saves: int
    seed: str


def run(name: str, size: str, base: Path, options: Options) -> dict:
    """Make the scenario's repository under ``base`` and measure it; the figures (medians)."""
    scenario = SCENARIOS[name]
    policies, versions = parse_size(size)
    history = History(versions, policies, scenario.style, scenario.change, options.unrelated)
    repo = base / f"repo-{name}-{size}"
    shutil.rmtree(repo, ignore_errors=True)
    start = time.perf_counter()
    info = make_repository(repo, history, f"{options.seed}/{name}")
    log(
        f"{name} {size}: {info['commits']} commits, versions {info['first']} .. {info['last']}, "
        f"{info['words_per_section']} words per section (made in {time.perf_counter() - start:.1f}s) "
        f"at {repo}"
    )
    if scenario.kind == "serve":
        figures = measure_serve(repo, options.runs, options.nav, options.saves, policies)
    elif scenario.kind == "pdf":
        figures = measure_pdfs(repo, options.runs, options.nav)
    else:
        figures = measure_builds(repo, options.runs, options.nav)
    figures.update(kind=scenario.kind, history=asdict(history), dated_versions=policies * versions, **info)
    return figures
