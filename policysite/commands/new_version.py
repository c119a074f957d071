"""``policy new-version``: start a new version of a policy by setting ``version: DATE`` in the front
matter of every language's file, and nothing else (a BOM, CRLF line ends and the rest stay)."""

from __future__ import annotations

import argparse
import datetime as _dt
import re
from pathlib import Path

from .. import frontmatter, project, sources
from ..console import Output
from . import EXIT_OK, UsageError, common

_VERSION_LINE = re.compile(r"^version:[ \t]*(.*?)[ \t]*$", re.MULTILINE)
_BOM = b"\xef\xbb\xbf"

Dated = list[tuple[_dt.date, sources.Document]]  # the current files that carry a date, with it


def run(args: argparse.Namespace, out: Output) -> int:
    root = common.root_of(args)
    date = frontmatter.parse_version(args.date)
    if date is None:
        raise UsageError(f"'{args.date}' is not a real date written {frontmatter.VERSION_FORMAT}")
    corpus = project.load_tree(root, common.site_languages(root))
    files = project.policy_files(root, corpus.languages)
    targets = {lang: path for (policy, lang), path in files.items() if policy == args.policy}
    if not targets:
        raise common.unknown_policy(args.policy, corpus.policies)
    dated = [
        (d.date, d)
        for lang in corpus.languages
        if (d := corpus.get(args.policy, lang)) is not None and d.date is not None
    ]
    already = [d for day, d in dated if day == date]
    behind = [(day, d) for day, d in dated if day != date]
    _refuse(args, date, already, behind, len(targets))
    for document in already:
        out.print(f"{document.path} already carries version {args.date}")
    skip = {d.lang for d in already}
    langs = [lang for lang in corpus.languages if lang not in skip]
    updated = _write(args, langs, targets, corpus.reference, out)
    started = "now set in the language behind" if already else f"started for '{args.policy}'"
    out.print(out.paint(f"version {args.date} {started}: " + ", ".join(updated), "green"))
    # The version being replaced, not 'current': once the new date is not in
    # the future, 'current' already is the new version.
    previous = (max(behind, key=lambda pair: pair[0])[1].version if behind else None) or "OLD"
    _next_steps(args, previous, updated, out)
    return EXIT_OK


def _refuse(
    args: argparse.Namespace, date: _dt.date, already: list[sources.Document], behind: Dated, files: int
) -> None:
    """A usage error for a date not after every language's current one, or one they all carry."""
    later = [(day, d) for day, d in behind if day > date]
    if later:
        newest = max(later, key=lambda pair: pair[0])[1]
        raise UsageError(
            f"{args.date} is not after the current version {newest.version} ({newest.path}); a new "
            "version needs a later date"
        )
    if already and not behind and len(already) == files:
        raise UsageError(
            f"every language of '{args.policy}' already carries version {args.date} "
            f"({', '.join(d.path for d in already)}): nothing to do; run 'policy check'"
        )


def _write(
    args: argparse.Namespace, langs: list[str], targets: dict[str, Path], reference: str, out: Output
) -> list[str]:
    """Sets the version in the file of each of ``langs`` (every file's new text made before any is
    written: a file that cannot take the version leaves all unchanged); the files written, and a
    warning for a language without its file (a translation of the ``reference`` language's)."""
    planned = []
    for lang in langs:
        display = f"{lang}/{args.policy}.md"
        path = targets.get(lang)
        if path is None:
            original = f"{reference}/{args.policy}.md"
            warning = f"warning: {display} does not exist; create it as a translation of {original}"
            out.print(out.paint(warning, "yellow"))
            continue
        try:
            planned.append((display, path, with_version(path.read_bytes(), args.date, display)))
        except OSError as exc:
            raise UsageError(f"cannot read {display}: {exc.strerror or exc}") from None
    for display, path, data in planned:
        try:
            path.write_bytes(data)
        except OSError as exc:
            raise UsageError(f"cannot write {display}: {exc.strerror or exc}") from None
    return [display for display, _, _ in planned]


def _next_steps(args: argparse.Namespace, previous: str, updated: list[str], out: Output) -> None:
    out.print("Next:")
    out.print(
        f"  1. Make the changes in every language ({', '.join(updated)}); keep section IDs and "
        "structure in step."
    )
    out.print(
        "  2. Optionally add 'summary:' to each file's front matter: one or two sentences, in that "
        "file's language."
    )
    out.print(
        f"  3. Run 'policy check' and 'policy diff {args.policy} {previous} {args.date}', then open a "
        "pull request."
    )


def with_version(data: bytes, version: str, display: str) -> bytes:
    """A source's bytes with ``version:`` set in its front matter: the line replaced, or added
    after the last line of a front matter that has none (an adopted file without a date)."""
    bom = data.startswith(_BOM)
    try:
        text = data[len(_BOM) if bom else 0 :].decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UsageError(f"{display} is not UTF-8 text (byte {exc.start}): save it as UTF-8 first") from None
    if not text.startswith("---"):
        raise UsageError(f"{display} has no front matter: start it with '---', 'title: ...', '---'")
    closing = text.find("\n---", 3)
    head = text[: closing if closing != -1 else len(text)]
    if _VERSION_LINE.search(head):
        head = _VERSION_LINE.sub(
            lambda m: f"version: {version}" + ("\r" if m.group(0).endswith("\r") else ""), head, count=1
        )
    elif closing != -1:
        head += f"\nversion: {version}" + ("\r" if head.endswith("\r") else "")
    else:
        raise UsageError(f"{display}: its front matter is not closed with a '---' line")
    rest = text[len(head) :] if closing == -1 else text[closing:]
    return (_BOM if bom else b"") + (head + rest).encode("utf-8")
