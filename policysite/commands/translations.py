"""``policy translations``: the translator's to-do, every translation's state (current, lagging
since a version, pending) and, for each outdated section, the reference language's redline since the
translated version, the current translation and the file:line to edit (text, JSON, or Markdown for an
issue)."""

from __future__ import annotations

import argparse
import re

from .. import cache, console, diff, escaping, locale, review, translations
from ..console import Output
from ..translations import Task, TranslationState
from . import EXIT_FINDINGS, EXIT_OK, UsageError, common, plural

Report = list[tuple[TranslationState, list[Task]]]


def run(args: argparse.Namespace, out: Output) -> int:
    root = common.root_of(args)
    analysis = common.analyse(root, cache.Caches.on_disk(root))
    corpus, found = analysis.corpus, analysis.history
    if args.policy:
        common.policy_history(found, args.policy)
    others = ", ".join(corpus.languages[1:])
    if args.lang and args.lang not in corpus.languages[1:]:
        known = f"languages: {others}" if others else f"the site has one language, {corpus.reference}"
        raise UsageError(f"unknown translation language '{args.lang}' ({known})")
    if not others and args.format != "json":  # (JSON: an empty list, as for any site with nothing to do)
        out.print(f"nothing to translate: the site has one language, {corpus.reference}")
        return EXIT_OK
    states = [
        s
        for s in translations.states(found, corpus)
        if (not args.policy or s.policy == args.policy)
        and (not args.lang or s.lang == args.lang)
        and s.state != "removed"
    ]
    report = [(s, translations.tasks(found.policies[s.policy], s, corpus)) for s in states]
    if args.format == "json":
        data = {"translations": [_translation_json(s, t) for s, t in report]}
        out.print(escaping.json_text(data, indent=2))
    elif args.format == "markdown":
        out.print(_markdown(report))
    else:
        _text(report, out)
    return EXIT_OK if all(s.state == "current" for s in states) else EXIT_FINDINGS


def _translation_json(state: TranslationState, tasks: list[Task]) -> dict:
    return {
        "policy": state.policy,
        "lang": state.lang,
        "state": state.state,
        "translated": state.translated.version if state.translated else None,
        "reference": state.reference.version if state.reference else None,
        "outdated": [
            {
                "id": task.section.id,
                "status": task.section.status,
                "title": task.section.title,
                "changed_in": task.section.changed_in.version,
                "file": task.path,
                "line": task.line,
                "redline": diff.to_terminal(task.ops, color=False),
                "inserted": [text for op, text in task.ops if op == diff.INSERT],
                "deleted": [text for op, text in task.ops if op == diff.DELETE],
                "translation": task.translation,
            }
            for task in tasks
        ],
    }


def _reference_name(state: TranslationState) -> str:
    """The name of the language ``state``'s translation is of, in English ("Japanese")."""
    return locale.language_name("en", state.reference_lang)


def _headline(state: TranslationState) -> str:
    name = _reference_name(state)
    if state.state == "lagging" and state.translated is not None and state.reference is not None:
        return (
            f"{state.policy} ({state.lang}): lagging, translation of {state.translated.version}, "
            f"{name} at {state.reference.version}: {plural(len(state.outdated), 'section')} to update"
        )
    if state.state == "pending":
        return f"{state.policy} ({state.lang}): pending, no {state.lang} file yet ({name} only)"
    return f"{state.policy} ({state.lang}): {state.state}"


def _text(report: Report, out: Output) -> None:
    for state, tasks in report:
        colour = {"current": "green", "lagging": "yellow", "pending": "red"}.get(state.state, "dim")
        out.print(out.paint(_headline(state), "bold", colour))
        name = _reference_name(state)
        width = max(len(name), len("Now")) + 2  # ("English: " and "Now:     " line up)
        indent = " " * (len("    ") + width)
        for task in tasks:
            section = task.section
            label = section.id or "(intro)"
            title = escaping.log_line(section.title or "introduction")
            out.print(
                f"  {task.path}:{task.line}: section '{label}' ({title}): "
                f"{section.status} in {name} in {section.changed_in.version}"
            )
            out.print(f"    {name + ':':<{width}}", console.redline(_indented(task.ops, indent), out.color))
            if task.translation:
                now = f"    {'Now:':<{width}}" + _BREAK_IN_TEXT.sub("\n" + indent, task.translation)
                out.print(out.paint(now, "dim"))
        out.print()


_BREAK_IN_TEXT = re.compile(r"\n(?=[^\n])")  # a line break before a line with text


def _indented(ops: list[tuple[int, str]], indent: str) -> list[tuple[int, str]]:
    """``ops`` with every line after the first indented by ``indent``, but the blank ones (no
    trailing spaces), however the line breaks fall between the ops."""
    out = []
    for index, (op, text) in enumerate(ops):
        following = next((later for _, later in ops[index + 1 :] if later), "")
        text = _BREAK_IN_TEXT.sub("\n" + indent, text)
        if text.endswith("\n") and following and not following.startswith("\n"):
            text += indent
        out.append((op, text))
    return out


def code_span(text: str) -> str:
    """``text`` as a Markdown code span (shown literally: no link, mention or image inside one),
    or escaped as text when it holds a backtick, which would close the span."""
    text = escaping.log_line(text)
    return f"`{text}`" if "`" not in text else escaping.markdown(text)


def _markdown(report: Report) -> str:
    """The to-do as Markdown for an issue: every text from sources and git escaped
    (:func:`.escaping.markdown`), so no image, mention, link or HTML comes from a source."""
    md = escaping.markdown
    lines = ["## Translations to update", ""]
    for state, tasks in report:
        lines += [f"### {md(escaping.log_line(_headline(state)))}", ""]
        name = _reference_name(state)
        for task in tasks:
            section = task.section
            label = section.id or "(intro)"
            lines.append(
                f"- [ ] {code_span(f'{task.path}:{task.line}')} section {code_span(label)} "
                f"({md(section.status)} in {name} in {md(section.changed_in.version)})"
            )
            lines += ["", f"  {name} changes: " + review.redline_markdown(task.ops).replace("\n", "\n  "), ""]
            if task.translation:
                quoted = "\n  > ".join(md(line) for line in task.translation.split("\n"))
                lines += ["  Current translation:", "", "  > " + quoted, ""]
        if not tasks and state.state == "current":
            lines += ["Nothing to do.", ""]
    return "\n".join(lines)
