"""``policy diff``: what changed between two dated versions of a policy, section by section, as a
redline in the terminal (word by word; character by character in Chinese and Japanese)."""

from __future__ import annotations

import argparse

from .. import cache, console, diff, escaping, history, render
from ..console import Output
from . import EXIT_OK, UsageError, common, plural


def run(args: argparse.Namespace, out: Output) -> int:
    root = common.root_of(args)
    analysis = common.analyse(root, cache.Caches.on_disk(root), full=False)
    ph = common.policy_history(analysis.history, args.policy)
    old, new = _version(ph, args.old), _version(ph, args.new)
    lang = args.lang or analysis.corpus.reference
    if lang not in analysis.corpus.languages:
        raise UsageError(f"unknown language '{lang}' (languages: {', '.join(analysis.corpus.languages)})")
    old_text, new_text = _text(old, lang, ph.policy), _text(new, lang, ph.policy)
    mkdocs_config, _ = common.configuration(root)
    renderer = render.Renderer.for_config(mkdocs_config)
    redline = diff.compare(old_text.document, new_text.document, lang, renderer=renderer)
    out.print(out.paint(f"{ph.policy} ({lang}): {old.version} → {new.version}", "bold"))
    out.print(", ".join(f"{n} {k}" for k, n in redline.summary.items()) + "\n")
    unchanged = 0
    for section in redline.sections:
        if section.status == "unchanged":
            unchanged += 1
        else:
            _print_section(section, out)
    if unchanged:
        out.print(out.paint(f"({plural(unchanged, 'unchanged section')} not shown)", "dim"))
    return EXIT_OK


def _version(ph: history.PolicyHistory, value: str) -> history.Version:
    """The version ``value`` names: a date, or ``current``."""
    if value == "current" and ph.current is not None:
        return ph.current
    version = ph.get(value)
    if version is None:
        known = ", ".join(v.version for v in ph.versions)
        raise UsageError(f"policy '{ph.policy}' has no version '{value}' (versions: {known})")
    return version


def _text(version: history.Version, lang: str, policy: str) -> history.Text:
    text = version.texts.get(lang)
    if text is None:
        raise UsageError(f"version {version.version} of '{policy}' has no {lang} text")
    return text


def _print_section(section: diff.SectionDiff, out: Output) -> None:
    """A changed section: its heading (the title's own redline), status and ID, then its text."""
    title = [(op, escaping.log_line(text)) for op, text in section.title_ops]
    heading = console.redline(title, out.color) if section.id else "(intro)"
    out.print(
        out.paint("#" * section.level + " ", "bold"),
        heading,
        "  ",
        out.paint(f"[{section.status}]", "cyan"),
        out.paint(f"  #{section.id}", "dim") if section.id else "",
    )
    for line in console.section_lines(section, out.color):
        out.print(line)
    out.print()
