"""``policy versions``: every dated version of each policy in git history, newest first, with its
status, summary, publication record and revisions (text, or versions.json's data as JSON)."""

from __future__ import annotations

import argparse

from .. import cache, escaping, history, pages
from ..console import Output
from . import EXIT_OK, common


def run(args: argparse.Namespace, out: Output) -> int:
    root = common.root_of(args)
    caches = cache.Caches.on_disk(root)
    analysis = common.analyse(root, caches, full=False)
    corpus, found = analysis.corpus, analysis.history
    if args.policy:
        common.policy_history(found, args.policy)
    index = pages.versions_index(
        found,
        pages.Redlines(caches.redlines, caches.outlines),
        corpus.languages,
        analysis.diagnostics,
        corpus,
    )
    # A listing keeps its cheap results (front matter, outlines) for next time, not
    # whole parsed documents: writing those costs more than a listing saves.
    cache.save(caches.headers, caches.outlines)
    if args.policy:
        index["policies"] = [p for p in index["policies"] if p["id"] == args.policy]
    if args.format == "json":
        # Indented for a reader at a terminal; compact (and written by json's C encoder, ten
        # times faster on a long history) for a pipe or a file.
        out.print(escaping.json_text(index, indent=2 if out.stream.isatty() else None))
        return EXIT_OK
    for item in found.diagnostics:
        out.print(out.paint(item.text(), "yellow"))
    for policy in index["policies"]:
        _print_policy(policy, common.policy_history(found, policy["id"]), corpus.reference, out)
    if not index["policies"]:
        out.print("no policies found")
    return EXIT_OK


def _print_policy(policy: dict, ph: history.PolicyHistory, reference: str, out: Output) -> None:
    """One policy of versions.json's data: its title (in the ``reference`` language), then each
    version and its revisions."""
    title = escaping.log_line(policy["title"].get(reference) or policy["id"])
    out.print(out.paint(f"{policy['id']}: {title}", "bold"))
    for version in policy["versions"]:
        status = version["status"]
        colour = {"current": "green", "upcoming": "cyan"}.get(status, "dim")
        langs = " ".join(sorted(version["languages"]))
        out.print(
            f"  {version['version']}  ", out.paint(f"{status:<9}", colour), f"  {_change(version)}  [{langs}]"
        )
        record = _record_line(version)
        if record:
            out.print(out.paint(f"      {record}", "yellow" if version["withdrawn"] else "dim"))
        # The editors' own 'summary:' of the version (the reference language's).
        dated = ph.get(version["version"])
        text = dated.reference if dated is not None else None
        if text is not None and text.header.summary:
            out.print(f"      {' '.join(text.header.summary.split())}")
        for revision in version["revisions"]:
            commit = (revision["commit"] or "working tree")[:12]
            mark = " (editorial)" if revision["editorial"] else ""
            subject = escaping.log_line(revision["subject"])
            out.print(out.paint(f"      {commit:<12} {revision['date']} {subject}{mark}", "dim"))


def _change(version: dict) -> str:
    """ "first published version", "1 added, 2 changed" or "no text change"."""
    summary = version["summary"]
    if summary.get("first"):
        return "first published version"
    kinds = ("added", "removed", "changed", "moved")
    return ", ".join(f"{summary[k]} {k}" for k in kinds if summary[k]) or "no text change"


def _record_line(version: dict) -> str:
    """ "published D; withdrawn on D (V restored); corrected on D (zh-TW)" from versions.json."""
    parts = [f"published {version['published']}"] if version.get("published") else []
    withdrawn = version.get("withdrawn")
    if withdrawn:
        parts.append(f"withdrawn on {withdrawn['date']} ({withdrawn['restored']} restored)")
    if version.get("restored"):
        parts.append("restored on " + ", ".join(version["restored"]))
    for lang, entry in sorted(version["languages"].items()):
        for state in entry.get("states", [])[1:]:
            if state["kind"] in ("corrected", "restored"):
                parts.append(f"corrected on {state['published']} ({lang})")
    return "; ".join(parts)
