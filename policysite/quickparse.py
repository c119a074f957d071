"""A plain source's sections without the full parse (:func:`.sources.parse`): the fast path of the
block data of old versions, which only needs each section's level, ID, title and own text.

A source is plain when it is UTF-8 without BOM or CR, has front matter, and its body's structure
is ATX headings each with one unique valid ``{#id}``: no code fence, no underlined heading or
rule, no look-alike character in a syntax position and no conflict marker.  Anything else is
left to the parser (None).

Kept for speed: the change counts of every version in ``policy versions`` and ``versions.json``
read each blob once without parsing it (PERFORMANCE.md); tests/unit/test_speed_paths.py holds its
outline to the parser's on random sources.
"""

from __future__ import annotations

import functools
import re

from . import lookalike
from .blockscan import heading_parts
from .frontmatter import front_matter_end
from .idsyntax import valid_id

# The patterns run on the body with a line break before it, and start with that literal line
# break: the regular expression engine then skips ahead to each line's start instead of trying a
# "^" at every character.
_HEADING_LINES = re.compile(r"\n(#{1,6})([^\n]*)")
# What plain_sections leaves to the parser: code fences, and underlined headings or rules.
_NOT_PLAIN = re.compile(r"\n[ \t]*(?:```|~~~)|\n[=-]+ *(?=\n|\Z)")

# Lines split off the text to find its front matter's end (the rest stays one string).
_HEAD_LINES = 16
# A conflict marker (see lookalike.conflicts) starts a line: each marker, and the needle it is
# searched with, the marker after a line break (a longer needle, which the search skips along
# faster than the bare marker; the text's first line is checked with startswith).
_CONFLICT_MARKERS = tuple((marker, "\n" + marker) for marker in ("<<<<<<<", ">>>>>>>", "|||||||"))

PlainSection = tuple[int, str | None, str, str]  # level, ID, title, own text


def plain_sections(data: bytes) -> tuple[list[PlainSection], str | None] | None:
    """A plain source's sections without the full parse: ``([(level, id, title, own text)], h1)``,
    the intro first (level 1, no ID, no title); the same sections, titles and texts as
    :func:`.sources.parse` gives.  ``h1`` is the title line (``# ...``) when one comes before the
    first ``## `` line.  None when the source is not plain and must be parsed (see the module).
    """
    body = _plain_body(data)
    return None if body is None else _sections(body)


def _plain_body(data: bytes) -> str | None:
    """The body of a plain source with the line break that ends the front matter (each body line
    follows a "\\n"); None when the source is not plain."""
    if data.startswith(b"\xef\xbb\xbf") or b"\r" in data:
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    lines = text.split("\n", _HEAD_LINES)  # (the front matter is short: the body stays whole)
    every: list[str] | None = None  # every line, split once where a rare case needs them
    closing = front_matter_end(lines[:-1]) if lines[0].strip() == "---" else None
    if closing is None:
        lines = every = text.split("\n")
        closing = front_matter_end(lines) if lines[0].strip() == "---" else None
        if closing is None:
            return None
    start = closing + 1
    if not lookalike.clean(text):  # a look-alike character somewhere: is it in a syntax position?
        every = every or text.split("\n")
        fixed, traps = lookalike.scan(every, start)
        if traps or fixed != every:
            return None
    if any(
        needle in text or text.startswith(marker) for marker, needle in _CONFLICT_MARKERS
    ) and lookalike.conflicts(every or text.split("\n"), start):
        return None
    offset = sum(len(line) + 1 for line in lines[:start]) - 1
    body = text[offset:] if start < len(lines) else "\n"
    return None if _NOT_PLAIN.search(body) else body


def _sections(body: str) -> tuple[list[PlainSection], str | None] | None:
    """The sections of a plain body (see :func:`_plain_body`); None when a heading has no valid
    unique ID."""
    sections: list[tuple[int, str | None, str, list[str]]] = [(1, None, "", [])]
    seen: set[str] = set()
    position = 1
    h1, before_h2 = None, True
    for match in _HEADING_LINES.finditer(body):
        sections[-1][3].append(body[position : match.start() + 1])
        position = match.end() + 1  # after the heading line and its line break
        level = len(match.group(1))
        if before_h2 and h1 is None:
            if level == 1:
                h1 = match.group(0)[1:]
            elif match.group(2).startswith(" ") and level == 2:
                before_h2 = False
        if level == 1:
            continue  # the title line: not part of the intro's text
        heading, heading_id = _heading(match.group(2))
        if heading_id is None or heading_id in seen:
            return None
        seen.add(heading_id)
        sections.append((level, heading_id, heading, []))
    sections[-1][3].append(body[position:])
    return [
        (level, key, heading, "".join(pieces).strip("\n")) for level, key, heading, pieces in sections
    ], h1


@functools.lru_cache(maxsize=4096)
def _heading(rest: str) -> tuple[str, str | None]:
    """A heading line's title and valid section ID (None: no valid ID), after its ``#``s: every
    version of a policy repeats most of its headings."""
    heading, heading_id, _ = heading_parts(rest)
    return heading, heading_id if heading_id is not None and valid_id(heading_id) else None
