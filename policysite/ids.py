"""Section IDs for repositories that predate them.

``policy ids`` lists the headings without an ID and, with ``--write``, adds
them: a slug of the English heading text, the same ID on the heading at the same
position in every language.  It never changes an existing ID, and refuses when
the languages' heading outlines differ (the IDs could not be paired).

In history, a version whose headings lack IDs is matched to the next version's
IDs (:func:`adopt`: by heading text, then by position), so the redline of the
version that added the IDs shows the real textual changes, not "every section
removed, every section added".
"""

from __future__ import annotations

import copy
import difflib
import re
import unicodedata
from collections import deque
from dataclasses import dataclass

from .sources import ID_PATTERN, Document, Section

_NUMBERING = re.compile(r"^\s*(?:\d+(?:\.\d+)*\.?|\(?[a-z]\)|[IVX]+\.)\s+", re.IGNORECASE)
_ATTR_AT_END = re.compile(r"\{:?([^{}]*)\}\s*$")


class OutlineMismatch(Exception):
    """The languages' heading outlines differ: no safe pairing of IDs."""


def slug(title: str) -> str:
    """``'4.2 Information We Obtain'`` -> ``'information-we-obtain'`` (ASCII, hyphens, at most 60)."""
    text = _NUMBERING.sub("", title.strip())
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    return text[:60].rstrip("-")


@dataclass
class Change:
    """One ID to add: ``file:line`` gets ``{#id}`` on its heading."""

    path: str
    line: int
    level: int
    title: str
    id: str


def missing(documents: list[Document]) -> list[tuple[Document, Section]]:
    """Every heading below the title without an ID, in document order."""
    return [(doc, section) for doc in documents for section in doc.sections if section.id is None]


def plan(documents: dict[str, Document], reference: str) -> tuple[list[Change], list[str]]:
    """The IDs to add to one policy's files, and notes on what was left alone.

    ``documents`` maps languages to their parsed file.  Raises
    :class:`OutlineMismatch` naming the first heading where the languages'
    outlines (the sequence of heading levels) differ.
    """
    base = documents[reference]
    outlines = {lang: doc.sections for lang, doc in documents.items()}
    for lang, sections in outlines.items():
        if lang == reference:
            continue
        for index, (ours, theirs) in enumerate(zip(base.sections, sections)):
            if ours.level != theirs.level:
                raise OutlineMismatch(
                    f"{documents[lang].path}:{theirs.line}: heading {index + 1} ('{theirs.title}') is level "
                    f"{theirs.level} but level {ours.level} in {base.path}:{ours.line} ('{ours.title}'); "
                    "make the outlines match, then run 'policy ids --write' again"
                )
        if len(sections) != len(base.sections):
            shorter, longer = (lang, reference) if len(sections) < len(base.sections) else (reference, lang)
            extra = outlines[longer][len(outlines[shorter])]
            raise OutlineMismatch(
                f"{documents[longer].path}:{extra.line}: heading '{extra.title}' has no counterpart in "
                f"{documents[shorter].path} ({len(base.sections)} headings in {reference}, "
                f"{len(sections)} in "
                f"{lang}); make the outlines match, then run 'policy ids --write' again"
            )
    used = {s.id for doc in documents.values() for s in doc.sections if s.id}
    changes, notes = [], []
    for index, section in enumerate(base.sections):
        existing = {lang: outlines[lang][index].id for lang in documents if outlines[lang][index].id}
        if len(set(existing.values())) > 1:
            detail = ", ".join(f"{lang} '{value}'" for lang, value in sorted(existing.items()))
            notes.append(
                f"{base.path}:{section.line}: heading {index + 1} has different IDs ({detail}); left as is"
            )
            continue
        if existing and len(existing) == len(documents):
            continue
        new_id = next(iter(existing.values()), None)
        if new_id is None:
            new_id = slug(section.title) or f"section-{index + 1}"
            if not ID_PATTERN.match(new_id):
                new_id = f"section-{index + 1}"
            candidate, number = new_id, 2
            while candidate in used:
                candidate, number = f"{new_id}-{number}", number + 1
            new_id = candidate
            used.add(new_id)
        for lang, doc in documents.items():
            target = outlines[lang][index]
            if target.id is None:
                changes.append(Change(doc.path, target.line, target.level, target.title, new_id))
    return changes, notes


def apply(data: bytes, changes: list[Change]) -> bytes:
    """The file's bytes with ``{#id}`` added to the headings of ``changes`` (BOM and line endings kept)."""
    bom = data.startswith(b"\xef\xbb\xbf")
    text = data[3:].decode("utf-8") if bom else data.decode("utf-8")
    crlf = "\r\n" in text
    lines = text.replace("\r\n", "\n").split("\n")
    for change in changes:
        line = lines[change.line - 1]
        stripped = line.rstrip()
        body = stripped.rstrip("#").rstrip() if stripped.lstrip().startswith("#") else stripped
        attrs = _ATTR_AT_END.search(body)
        if attrs:
            inner = attrs.group(1).strip()
            opening = "{: " if body[attrs.start() : attrs.start() + 2] == "{:" else "{"
            closing = " }" if opening == "{: " else "}"
            body = f"{body[: attrs.start()].rstrip()} {opening}#{change.id} {inner}".rstrip() + closing
        else:
            body = f"{body} {{#{change.id}}}"
        lines[change.line - 1] = body
    out = "\n".join(lines)
    if crlf:
        out = out.replace("\n", "\r\n")
    return (b"\xef\xbb\xbf" if bom else b"") + out.encode("utf-8")


# ---------------------------------------------------------------- history


def _norm(title: str) -> str:
    return " ".join(_NUMBERING.sub("", title).lower().split())


def adopt(old: Document, new: Document) -> Document:
    """``old`` with its headings that lack an ID given the ID of the matching heading of ``new``.

    A heading matches one of the same level with the same text (numbering and
    case aside), else the one at the same position when the outlines have the
    same length or the texts are similar.  ``old`` itself is not changed.
    """
    missing_ids = [s for s in old.sections if s.id is None]
    if not missing_ids:
        return old
    adopted = copy.deepcopy(old)
    olds, news = adopted.sections, new.sections
    taken = {s.id for s in olds if s.id}
    free = {id(s) for s in news if s.id and s.id not in taken}  # (each heading of ``new`` once)
    # The free headings by level and text, in document order: one look-up per heading, not a scan.
    by_text: dict[tuple[int, str], deque[Section]] = {}
    for twin in news:
        if id(twin) in free:
            by_text.setdefault((twin.level, _norm(twin.title)), deque()).append(twin)
    for section in [s for s in olds if s.id is None]:
        twins = by_text.get((section.level, _norm(section.title)))
        if twins:
            twin = twins.popleft()
            section.id = twin.id
            free.discard(id(twin))
    for index, section in enumerate(olds):
        if section.id is not None or index >= len(news):
            continue
        twin = news[index]
        similar = difflib.SequenceMatcher(a=_norm(section.title), b=_norm(twin.title)).ratio() >= 0.5
        if id(twin) in free and twin.level == section.level and (len(olds) == len(news) or similar):
            section.id = twin.id
            free.discard(id(twin))
    return adopted
