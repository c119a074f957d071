"""``policy ids``: the headings without a section ID; with ``--write``, the same ID added at the same
position in every language (in the style of ``--style`` or the ``slug_style`` setting), former
anchors that links name kept as aliases (:mod:`policysite.ids`)."""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field
from pathlib import Path

from .. import config as _config
from .. import escaping, ids, project, sources
from ..console import Output
from . import EXIT_FINDINGS, EXIT_OK, UsageError, common, plural


@dataclass
class _Outcome:
    """What one run found and wrote, over every policy."""

    missing: int = 0
    written: list[str] = field(default_factory=list)  # one line per ID written
    aliased: list[str] = field(default_factory=list)  # one line per alias written
    problems: list[str] = field(default_factory=list)  # each policy left unchanged, and why


def run(args: argparse.Namespace, out: Output) -> int:
    root = common.root_of(args)
    corpus = project.load_tree(root, common.site_languages(root))
    if args.policy and args.policy not in corpus.policies:
        raise common.unknown_policy(args.policy, corpus.policies)
    style = _slug_style(args, root) if args.write else "default"
    everything = [d for name in corpus.policies for lang in corpus.languages if (d := corpus.get(name, lang))]
    outcome = _Outcome()
    for name in [args.policy] if args.policy else corpus.policies:
        documents = {lang: d for lang in corpus.languages if (d := corpus.get(name, lang)) is not None}
        for document, section in ids.missing(list(documents.values())):
            outcome.missing += 1
            title = escaping.log_line(section.title)
            out.print(f"{document.path}:{section.line}: heading '{title}' has no section ID")
        if args.write and corpus.reference in documents:
            keep = tuple(getattr(args, "keep_anchors", None) or ())
            try:
                planned = ids.plan(documents, corpus.reference, style, keep, ids.linked(everything, name))
            except ids.OutlineMismatch as exc:
                outcome.problems.append(str(exc))
                continue
            _write(root, documents[corpus.reference], planned, outcome, out)
    return _report(args, outcome, out)


def _report(args: argparse.Namespace, outcome: _Outcome, out: Output) -> int:
    for line in outcome.written + outcome.aliased:
        out.print(out.paint(line, "green"))
    for problem in outcome.problems:
        out.print(out.paint(escaping.log_line(problem), "red"))
    if outcome.problems:
        raise UsageError(
            f"{plural(len(outcome.problems), 'problem')}: the policies named above are left unchanged"
        )
    if args.write:
        kept = f", {len(outcome.aliased)} former anchor(s) kept as aliases" if outcome.aliased else ""
        out.print(f"{plural(len(outcome.written), 'ID')} added{kept}; run 'policy check'.")
        return EXIT_OK
    if outcome.missing:
        out.print(
            f"{plural(outcome.missing, 'heading')} without an ID; "
            "run 'policy ids --write' to add them in every language."
        )
        return EXIT_FINDINGS
    out.print("every heading has a section ID")
    return EXIT_OK


def _slug_style(args: argparse.Namespace, root: Path) -> str:
    """``--style``, else the ``slug_style`` setting."""
    if getattr(args, "style", None):
        return str(args.style)
    try:
        return str(_config.load_policy_settings(root).slug_style)
    except _config.ConfigError as exc:
        raise UsageError(str(exc)) from None


def _write(
    root: Path, reference: sources.Document, planned: ids.Plan, outcome: _Outcome, out: Output
) -> None:
    """Writes one policy's planned IDs and aliases (its notes shown; what it refused, a problem)."""
    outcome.problems += planned.refused
    for note in planned.notes:
        out.print(out.paint(escaping.log_line(note), "yellow"))
    paths = {c.path for c in planned.changes} | ({reference.path} if planned.aliases else set())
    for path in sorted(paths):
        target = root / path
        mine = [c for c in planned.changes if c.path == path]
        data = ids.apply(target.read_bytes(), mine)
        if path == reference.path:
            data = ids.add_aliases(data, planned.aliases)
        target.write_bytes(data)
        for change in mine:
            title = escaping.log_line(change.title)
            outcome.written.append(f"{path}:{change.line}: {{#{change.id}}} ('{title}')")
        if path == reference.path:
            outcome.aliased += [f"{path}: alias '{old}' -> '{new}'" for old, new in planned.aliases.items()]
