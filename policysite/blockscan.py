"""The block structure of a section's Markdown, as a reader sees it: headings, code fences,
paragraphs, list items at every depth, tables.

The dialect is the one MkDocs renders with ``attr_list``, ``tables`` and ``fenced_code``: ATX
(and setext) headings with ``{#id}`` / ``{: #id }``, paragraphs, ordered and bullet lists (nested
lists are indented four spaces, as Python-Markdown requires), pipe tables and fenced code.  The
scanner records each block with the line it starts on, following Python-Markdown's block rules
where they decide what is a list, a table or a heading.  Every scan is linear in the size of the
input.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass, field
from typing import Protocol

from .linkscan import REFERENCE, attr_list_ids

# Deeper lists than this are kept at this depth (Python-Markdown itself stops
# rendering sensibly long before, and the checks must never recurse without bound).
MAX_LIST_DEPTH = 32

# ATX headings as Python-Markdown reads them: the hashes start the line (no indent,
# no space needed after them); trailing hashes and the attribute list are split off
# in code (not with backtracking patterns, so that long lines stay linear).
_HEADING = re.compile(r"^(#{1,6})(.*)$")
_ATTR_LIST = re.compile(r"\{:?([^{}]*)\}\Z")
_SETEXT = re.compile(r"^[=-]+ *$")
# Fenced code as MkDocs' fenced_code reads it: the opening fence starts the line,
# may carry a language or {attributes}, and only the same fence closes it.
# (The spaces after the fence are possessive: no token after them starts with a space, and split
# with the language's spaces they made a long run of spaces quadratic.)
FENCE = re.compile(r"^(`{3,}|~{3,}) *+(?:\{[^\n]*\}|\.?[\w#.+-]* *(?:hl_lines=(?:\"[^\"]*\"|'[^']*') *)?)$")
_LIST_ITEM = re.compile(r"^( *)([-*+]|\d{1,9}\.)(?:[ \t]+(.*))?$")


@dataclass(slots=True)
class ListItem:
    line: int
    text: str
    lists: list[ListBlock] = field(default_factory=list)

    @property
    def label(self) -> str:
        """The item's first words, for messages ("Log information:")."""
        plain = re.sub(r"[*_`]+", "", self.text).strip()
        return plain if len(plain) <= 40 else plain[:39] + "…"


@dataclass(slots=True)
class ListBlock:
    line: int
    indent: int
    ordered: bool
    items: list[ListItem] = field(default_factory=list)


@dataclass(slots=True)
class Table:
    line: int
    rows: int


class Blocks(Protocol):
    """Where a scan records the blocks of one section's body (a ``sources.Section``)."""

    paragraphs: list[int]
    lists: list[ListBlock]
    tables: list[Table]


Heading = tuple[int, str, str | None, bool]  # level, title, ID, whether an attribute list was written


@functools.lru_cache(maxsize=4096)  # headings repeat from version to version
def heading_parts(rest: str) -> tuple[str, str | None, bool]:
    """'1. General {#general}' -> ('1. General', 'general', True).

    Trailing hashes go first (as Python-Markdown drops them), then the attribute
    list at the end of the line; the last ID it sets (``#id`` or ``id="..."``, its tokens split
    at spaces and tabs only, as attr_list reads them: an ideographic space U+3000 inside
    ``{#...}`` is part of one ID, not a valid one) is the ID.
    """
    rest = rest.strip().rstrip("#").rstrip()
    heading_id = None
    brace = rest.rfind("{")
    attrs = _ATTR_LIST.match(rest, brace) if brace != -1 else None
    if attrs:
        heading_id = next(reversed(attr_list_ids(attrs.group(1))), None)
        rest = rest[:brace].strip()
    return rest, heading_id, attrs is not None


def read_heading(line: str) -> Heading | None:
    """'## 1. General {#general}' -> (2, '1. General', 'general', has_attr_list)."""
    match = _HEADING.match(line)
    if not match:
        return None
    return (len(match.group(1)), *heading_parts(match.group(2)))


def setext_heading(line: str, next_line: str | None) -> Heading | None:
    """ "Title" over "---" or "===" (at the start of a block: the caller knows): a heading too."""
    if (
        next_line is not None
        and line.strip()
        and not line.startswith("    ")
        and _SETEXT.match(next_line)
        and not table_start(line, next_line)
    ):
        return (1 if next_line[0] == "=" else 2, *heading_parts(line))
    return None


def fence_closers(lines: list[str], first: int) -> dict[str, list[int]]:
    """Where each fence could close a code block in ``lines[first:]``: ``{"```": [line indexes]}``."""
    closers: dict[str, list[int]] = {}
    for index in range(first, len(lines)):
        candidate = lines[index].rstrip(" ")
        if len(candidate) >= 3 and candidate[0] in "`~" and candidate == candidate[0] * len(candidate):
            closers.setdefault(candidate, []).append(index)
    return closers


def code_fence(lines: list[str], index: int, closers: dict[str, list[int]]) -> tuple[str, int | None] | None:
    """The fence that opens a code block on ``lines[index]`` and the index of the line that closes
    it (None: never closed); None when no fence opens there."""
    fence = FENCE.match(lines[index]) if lines[index][:3] in ("```", "~~~") else None
    if fence is None:
        return None
    candidates = closers.get(fence.group(1), [])
    later = bisect.bisect_right(candidates, index)
    return fence.group(1), candidates[later] if later < len(candidates) else None


def _cells(row: str) -> list[str]:
    row = row.strip()
    if row.startswith("|"):
        row = row[1:]
    if row.endswith("|") and not row.endswith("\\|"):
        row = row[:-1]
    return re.split(r"(?<!\\)\|", row)


def table_start(line: str, next_line: str | None) -> bool:
    """Whether ``line`` heads a table (the tables extension's own test)."""
    if next_line is None or "|" not in line:
        return False
    header = _cells(line)
    if len(header) < 2:
        # One column: every row needs a border pipe.
        stripped = line.strip()
        if not (stripped.startswith("|") or stripped.endswith("|")) or "|" not in next_line:
            return False
    separator = _cells(next_line)
    return len(separator) == len(header) and set("".join(separator)) <= set(":- ") and next_line.strip() != ""


def _is_rule(line: str) -> bool:
    """A horizontal rule (``---``, ``* * *``, ``___``): not text, ends paragraphs and lists."""
    stripped = line.strip()
    if not stripped or len(line) - len(line.lstrip(" ")) > 3 or stripped[0] not in "-_*":
        return False
    compact = stripped.replace(" ", "")
    return len(compact) >= 3 and compact == stripped[0] * len(compact)


class BlockScanner:
    """Collects the structure of one section's body, line by line.

    It follows Python-Markdown's block rules where they decide what a reader
    sees: a list must start a block (a ``- item`` line right after a paragraph
    line continues the paragraph), tables must start a block, nested lists are
    indented four spaces, after a blank line only text indented four spaces stays
    in the list, and horizontal rules and reference definitions are not text.
    """

    def __init__(self, section: Blocks):
        self.section = section
        self.stack: list[ListBlock] = []  # open lists, outermost first
        self.in_paragraph = False
        self.in_table = False
        self.separator = False  # the next line is the open table's separator row
        self.blank = True  # at the start of a block (after a blank line or a heading)

    def reset(self) -> None:
        """A block boundary that is not a blank line (a heading)."""
        self.stack.clear()
        self.in_paragraph = self.in_table = self.separator = False
        self.blank = True

    def code_block(self, number: int) -> None:
        """A closed code block starts on line ``number``: one block of text, a block of its own."""
        self.reset()
        self.section.paragraphs.append(number)

    def feed(self, number: int, line: str, next_line: str | None) -> None:
        if not line.strip():
            self.in_paragraph = self.in_table = self.separator = False
            self.blank = True
            return
        at_block_start, self.blank = self.blank, False
        indent = len(line) - len(line.lstrip(" "))
        if self.in_table:
            if self.separator:
                self.separator = False
            else:
                self.section.tables[-1].rows += 1
            return
        if at_block_start and table_start(line, next_line):
            if not self.stack or indent < 2:
                self.stack.clear()
            self.section.tables.append(Table(number, 0))
            self.in_table = self.separator = True
            self.in_paragraph = False
            return
        if _is_rule(line):
            self.stack.clear()
            self.in_paragraph = False
            self.blank = True
            return
        if REFERENCE.match(line) and not (self.stack and indent >= 2):
            # A reference definition renders nothing and splits the block.
            self.in_paragraph = False
            self.blank = True
            return
        item = _LIST_ITEM.match(line)
        if item and not self.in_paragraph and not (at_block_start and not self.stack and indent >= 4):
            self._list_item(number, len(item.group(1)), item.group(2), item.group(3) or "")
            return
        if self.stack and (not at_block_start or indent >= self.stack[0].indent + 4):
            return  # continuation or an inner paragraph of the open list item
        if not self.in_paragraph:
            self.stack.clear()
            self.section.paragraphs.append(number)
            self.in_paragraph = True

    def _list_item(self, number: int, indent: int, marker: str, text: str) -> None:
        ordered = marker[0].isdigit()
        while self.stack and indent < self.stack[-1].indent:
            self.stack.pop()
        if self.stack and indent >= self.stack[-1].indent + 4:
            if len(self.stack) < MAX_LIST_DEPTH:
                parent = self.stack[-1].items[-1]
                block = ListBlock(number, indent, ordered)
                parent.lists.append(block)
                self.stack.append(block)
        elif not self.stack:
            block = ListBlock(number, indent, ordered)
            self.section.lists.append(block)
            self.stack.append(block)
        self.stack[-1].items.append(ListItem(number, text.strip()))
        self.in_paragraph = False
