"""Characters that look like Markdown or YAML syntax but are not, where syntax is expected.

Editors paste from word processors and type with Chinese input methods: a
non-breaking space (U+00A0) or an ideographic space (U+3000) before ``{#id}``
hides the section ID from Markdown, which then shows ``{#children}`` as text; a
full-width ``＃`` is no heading, ``1.`` followed by a non-breaking space no list
item, ``｜`` no table cell, ``version:`` followed by U+3000 no YAML key.  Each is
named with its code point, line and column, and the source model reads the line
as the editor meant it, so no other check blames the other language's file for
the structure this one lost.

Also here: leftover merge-conflict markers (``<<<<<<<``, ``=======``, ``>>>>>>>``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

# Spaces that are not U+0020: no-break, en/em/thin..., zero-width, narrow no-break, ideographic, BOM.
SPACES = "\u00a0\u1680" + "".join(chr(c) for c in range(0x2000, 0x200C)) + "\u202f\u205f\u3000\ufeff"
_SPACE_CLASS = f"[{SPACES}]"
FULL_WIDTH = {
    "＃": "#",
    "｛": "{",
    "｝": "}",
    "｜": "|",
    "：": ":",
    "．": ".",
    "－": "-",
    "＊": "*",
    "＋": "+",
}

_HEADING = re.compile(rf"^(?:[#＃]{{1,6}})(?=[ \t{SPACES}]|$)")
# A match starts where its spaces start (the lookbehind): searched from every position, a long run
# of spaces not followed by a brace would cost its square.
_ATTRS = re.compile(rf"(?<![ \t{SPACES}])[ \t{SPACES}]*+[{{｛]:?[^{{}}｛｝]*[}}｝][ \t{SPACES}]*$")
_LIST = re.compile(rf"^( *)(\d{{1,9}}[.．]|[-*+－＊＋])({_SPACE_CLASS}+)\S")
_LIST_FULL = re.compile(r"^( *)(\d{1,9}．|[－＊＋])[ \t]+\S")
_KEY = re.compile(rf"^([A-Za-z_][\w-]*)([:：])([ \t{SPACES}]*)")
_CONFLICT = re.compile(r"^(<{7}|>{7}|\|{7})(?: |$)")


@dataclass
class Trap:
    line: int  # 1-based
    column: int  # 1-based
    char: str
    message: str

    @property
    def name(self) -> str:
        return f"U+{ord(self.char):04X} {unicodedata.name(self.char, 'UNKNOWN CHARACTER')}"


_ANY_TRAP = re.compile("[" + re.escape(SPACES + "".join(FULL_WIDTH)) + "]")


def clean(text: str) -> bool:
    """No look-alike character at all (most lines: every ASCII line)."""
    return text.isascii() or _ANY_TRAP.search(text) is None


def _plain(text: str) -> str:
    """``text`` with look-alike spaces and full-width syntax characters as their ASCII twins."""
    return "".join(" " if ch in SPACES else FULL_WIDTH.get(ch, ch) for ch in text)


def scan(lines: list[str], body_start: int) -> tuple[list[str], list[Trap]]:
    """The lines as the editor meant them, and every trap found.

    ``body_start`` is the index of the first body line (front matter lines are
    ``1 .. body_start - 2``).  Only syntax positions are touched: text in prose
    keeps its non-breaking spaces and full-width punctuation.
    """
    if all(clean(line) for line in lines):
        return list(lines), []
    found = _Scan(lines)
    for index in range(1, max(body_start - 1, 1)):
        if not clean(lines[index]):
            found.front_matter_line(index)
    for index in range(body_start, len(lines)):
        if lines[index] and not clean(lines[index]):
            found.body_line(index)
    return found.fixed, found.traps


@dataclass
class _Scan:
    """The lines of one file, as the editor meant them (``fixed``), and the traps found in them."""

    lines: list[str]
    fixed: list[str] = field(init=False)
    traps: list[Trap] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.fixed = list(self.lines)

    def trap(self, index: int, column: int, message: str) -> None:
        self.traps.append(Trap(index + 1, column + 1, self.lines[index][column], message))

    def front_matter_line(self, index: int) -> None:
        """A ``key: value`` line: a full-width colon, other spaces after it, spaces in a version or
        a label."""
        line = self.lines[index]
        key = _KEY.match(line)
        if key is None:
            return
        name = key.group(1)
        before = len(self.traps)
        if key.group(2) == "：":
            self.trap(index, key.start(2), f"after '{name}' in the front matter: YAML needs ':' (ASCII)")
        for offset, ch in enumerate(key.group(3)):
            if ch in SPACES:
                self.trap(
                    index, key.start(3) + offset, f"after '{name}:' in the front matter: type a plain space"
                )
        value = line[key.end() :]
        if name in ("version", "label"):
            for offset, ch in enumerate(value):
                if ch in SPACES:
                    self.trap(index, key.end() + offset, f"in the value of '{name}:': remove it")
        if len(self.traps) > before:  # read the line as meant; the value's own text is kept
            value = value.strip(" \t" + SPACES)
            if name in ("version", "label"):
                value = "".join(ch for ch in value if ch not in SPACES)
            self.fixed[index] = name + ":" + (" " + value if value else "")

    def body_line(self, index: int) -> None:
        """A heading, a list item or a table row (any other line is prose, left alone)."""
        line = self.lines[index]
        heading = _HEADING.match(line)
        if heading:
            self.heading(index, heading.group(0))
            return
        listed = _LIST.match(line) or _LIST_FULL.match(line)
        if listed:
            self.list_item(index, listed)
        elif line.lstrip().startswith(("|", "｜")) and "｜" in line:
            self.table_row(index)

    def heading(self, index: int, marker: str) -> None:
        """A heading (``marker``: its '#'s): a full-width '＃', and its section ID."""
        line = self.lines[index]
        if "＃" in marker:
            self.trap(index, line.index("＃"), "starts a heading: Markdown headings start with '#' (ASCII)")
        attrs = _ATTRS.search(line)
        if attrs and ("#" in attrs.group(0) or "＃" in attrs.group(0)):
            self.section_id(index, attrs)
        if "＃" in marker:
            self.fixed[index] = _plain(marker) + self.fixed[index][len(marker) :]

    def section_id(self, index: int, attrs: re.Match[str]) -> None:
        """The ``{#id}`` at the end of a heading: other spaces before it, full-width braces or '＃'."""
        line, written = self.lines[index], attrs.group(0)
        for offset, ch in enumerate(written):
            if ch in SPACES or ch in "｛｝＃":
                what = "before the section ID" if ch in SPACES else "in the section ID"
                hint = "type a plain space" if ch in SPACES else f"type '{FULL_WIDTH[ch]}'"
                self.trap(
                    index,
                    attrs.start() + offset,
                    f"{what} '{written.strip()}': Markdown does not see the ID and shows it as text; {hint}",
                )
        self.fixed[index] = _plain(line[: attrs.start()]).rstrip() + " " + _plain(written).strip()

    def list_item(self, index: int, listed: re.Match[str]) -> None:
        """A list item: a full-width marker, other spaces after it."""
        line, marker = self.lines[index], listed.group(2)
        marker_end = listed.end(2)
        for offset in range(listed.start(2), marker_end):
            if line[offset] in FULL_WIDTH:
                self.trap(
                    index,
                    offset,
                    f"in the list marker '{marker}': Markdown does not see a list item; "
                    f"type '{FULL_WIDTH[line[offset]]}'",
                )
        spaces = line[marker_end:]
        gap = len(spaces) - len(spaces.lstrip(" \t" + SPACES))
        for offset in range(marker_end, marker_end + gap):
            if line[offset] in SPACES:
                self.trap(
                    index,
                    offset,
                    f"after the list marker '{marker}': Markdown does not see a list item; "
                    "type a plain space",
                )
        self.fixed[index] = listed.group(1) + _plain(marker) + " " + line[marker_end + gap :]

    def table_row(self, index: int) -> None:
        """A table row: full-width '｜'."""
        line = self.lines[index]
        for offset, ch in enumerate(line):
            if ch == "｜":
                self.trap(index, offset, "in a table row: Markdown tables need '|' (ASCII)")
        self.fixed[index] = line.replace("｜", "|")


def conflicts(lines: list[str], body_start: int) -> list[tuple[int, str]]:
    """``[(line, marker)]`` of leftover merge-conflict markers (``=======`` only inside a conflict)."""
    found, inside = [], False
    for index in range(0, len(lines)):
        line = lines[index]
        match = _CONFLICT.match(line)
        if match:
            marker = match.group(1)
            found.append((index + 1, marker))
            inside = marker == "<<<<<<<" or (inside and marker == "|||||||")
            if marker == ">>>>>>>":
                inside = False
        elif inside and line.rstrip() == "=======":
            found.append((index + 1, "======="))
    return found
