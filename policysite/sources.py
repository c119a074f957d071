"""Sources: one policy file (bytes) -> front matter + a tree of sections.

This is the one model that parity, history and diff all use.  ``parse`` is a pure
function of the file's bytes and its display path, so the same code reads the
working tree and any blob from git history.

The Markdown dialect is the one MkDocs renders with ``attr_list``, ``tables`` and
``fenced_code``: ATX (and setext) headings with ``{#id}`` / ``{: #id }``,
paragraphs, ordered and bullet lists (nested lists are indented four spaces, as
Python-Markdown requires), pipe tables and fenced code.  The scanner records what
a reader sees as structure (paragraphs, list items at every depth, tables) with
the line each starts on, following Python-Markdown's block rules where they
decide what is a list, a table or a heading.  Every scan is linear in the size
of the input, so no file, however broken, makes a check hang or crash.
"""

from __future__ import annotations

import bisect
import datetime as _dt
import functools
import html
import re
import time
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field

import yaml

from . import lookalike
from .diagnostics import Diagnostic

VERSION_FORMAT = "YYYY.MM.DD"

# ---------------------------------------------------------------- element and section IDs
#
# An ID is what GitHub's anchors are made of: letters, marks, numbers, '-' and '_' of any script
# (``第一條-目的``, ``café``, ``straße``, ``a_b``), read by character category, one pass.  Never a
# space, punctuation, a quote, '<', '>', '&', '#', '%', '/', '\\', a symbol, a control or format
# character (bidirectional overrides and isolates, zero-width characters), an unassigned or private
# code point; never a mark first or after '-' or '_', never '__' first (the theme's own IDs:
# ``__drawer``, ``__search``), never a letter or mark that shows nothing, and always in NFC, so that
# two IDs that look the same are the same string.
#
# Letters and marks that show nothing (Unicode's Default_Ignorable_Code_Point outside the format
# characters, which no ID holds anyway): the combining grapheme joiner, Hangul fillers, Khmer inherent
# vowels, Mongolian free variation selectors, variation selectors.
_INVISIBLE = frozenset(
    (0x034F, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x180B, 0x180C, 0x180D, 0x180F, 0x3164, 0xFFA0)
) | frozenset((*range(0xFE00, 0xFE10), *range(0xE0100, 0xE01F0)))


def _character_problem(char: str, previous: str | None) -> str | None:
    """Why ``char`` (after ``previous``, None at the start) cannot be in an ID, or None."""
    if char in "-_":
        return "an ID starts with a letter, a digit or '_'" if previous is None and char == "-" else None
    category = unicodedata.category(char)
    if category[0] not in "LMN" or ord(char) in _INVISIBLE:
        return f"{_code_point(char)} is not a letter, a digit, '-' or '_'"
    if category[0] == "M" and (previous is None or previous in "-_"):
        return f"{_code_point(char)} is a combining mark with no letter before it"
    return None


def _code_point(char: str) -> str:
    visible = unicodedata.category(char)[0] in "LMN" and ord(char) not in _INVISIBLE
    shown = f"'{char}' " if visible and char.isprintable() else ""
    return f"{shown}U+{ord(char):04X} {unicodedata.name(char, 'unnamed character')}"


@functools.lru_cache(maxsize=4096)  # IDs repeat from version to version
def id_problem(value: str, section: bool = True) -> str | None:
    """Why ``value`` is no valid ID, or None.  A section ID (``section``) is also lowercase, as
    GitHub's anchors are (where the script has case); any element's ID may have capitals."""
    if not value:
        return "an ID is not empty"
    if value.startswith("__"):
        return "an ID does not start with '__' (the site's own IDs do)"
    previous = None
    for char in value:
        problem = _character_problem(char, previous)
        if problem is not None:
            return problem
        previous = char
    if not unicodedata.is_normalized("NFC", value):
        return "it is not in Unicode normal form C (type the accented letters as one character each)"
    if section and value.lower() != value:
        return "a section ID is lowercase"
    return None


@functools.cache
def id_characters() -> str:
    """A regular-expression class of the characters an ID may hold -- letters, digits, '_' (``\\w``),
    '-' and the visible combining marks -- for the patterns that recognise IDs in markup; the whole
    ID is judged by :func:`id_problem`.  (Every mark is below U+20000 but the invisible variation
    selectors of U+E0100.)"""
    ranges: list[str] = []
    start = previous = None
    for code in range(0x300, 0x20000):
        if unicodedata.category(chr(code))[0] == "M" and code not in _INVISIBLE:
            if previous is None or code != previous + 1:
                start = code
                ranges.append("")
            ranges[-1] = _class_range(start, code)
            previous = code
    return "[\\w\\-" + "".join(ranges) + "]"


def _class_range(first: int, last: int) -> str:
    escape = "\\U{:08X}".format if last > 0xFFFF else "\\u{:04X}".format
    return escape(first) if first == last else f"{escape(first)}-{escape(last)}"


def valid_id(value: str) -> bool:
    """Whether ``value`` is a valid section ID (see :func:`id_problem`)."""
    return id_problem(value) is None


def valid_anchor(value: str) -> bool:
    """Whether ``value`` is a valid ID of any element (capitals allowed; see :func:`id_problem`)."""
    return id_problem(value, section=False) is None


# ATX headings as Python-Markdown reads them: the hashes start the line (no indent,
# no space needed after them); trailing hashes and the attribute list are split off
# in code (not with backtracking patterns, so that long lines stay linear).
_HEADING = re.compile(r"^(#{1,6})(.*)$")
# plain_sections' patterns run on the body with a line break before it, and start
# with that literal line break: the regular expression engine then skips ahead to
# each line's start instead of trying a "^" at every character.
_HEADING_LINES = re.compile(r"\n(#{1,6})([^\n]*)")
# What plain_sections leaves to the parser: code fences, and underlined headings or rules.
_NOT_PLAIN = re.compile(r"\n[ \t]*(?:```|~~~)|\n[=-]+ *(?=\n|\Z)")
_ATTR_LIST = re.compile(r"\{:?([^{}]*)\}\Z")
_SETEXT = re.compile(r"^[=-]+ *$")
# Fenced code as MkDocs' fenced_code reads it: the opening fence starts the line,
# may carry a language or {attributes}, and only the same fence closes it.
# (The spaces after the fence are possessive: no token after them starts with a space, and split
# with the language's spaces they made a long run of spaces quadratic.)
_FENCE = re.compile(r"^(`{3,}|~{3,}) *+(?:\{[^\n]*\}|\.?[\w#.+-]* *(?:hl_lines=(?:\"[^\"]*\"|'[^']*') *)?)$")
_LIST_ITEM = re.compile(r"^( *)([-*+]|\d{1,9}\.)(?:[ \t]+(.*))?$")
_VERSION = re.compile(r"([0-9]{4})\.([0-9]{2})\.([0-9]{2})\Z")  # ASCII digits only: it becomes a URL

# Inline links and images: [text](target "title"), [text](<target>).  Link text may
# hold one level of brackets and the target one level of parentheses; neither part
# can run past the next bracket, which keeps the scan linear on any input.
_LINK = re.compile(
    r"!?\[(?:[^\[\]\\]|\\.|\[(?:[^\[\]\\]|\\.)*\])*\]"
    r"\(\s*(?:<([^<>\n]*)>|([^()\s<>]*(?:\([^()\s]*\)[^()\s<>]*)*))"
    r"(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^()]*\)))?\s*\)"
)
# The link text as _LINK reads it, alone (atomic): where an attempt that failed stopped reading.
_LINK_TEXT = re.compile(r"!?\[(?>(?:[^\[\]\\]|\\.|\[(?:[^\[\]\\]|\\.)*\])*)")
# Reference definitions: [label]: target "title"
_REFERENCE = re.compile(r"^ {0,3}\[((?:[^\[\]\\]|\\.)+)\]:[ \t]*(\S*)")
_BACKTICKS = re.compile(r"`+")


# Deeper lists than this are kept at this depth (Python-Markdown itself stops
# rendering sensibly long before, and the checks must never recurse without bound).
MAX_LIST_DEPTH = 32
# A block of text (lines between blank lines) longer than this is refused:
# Markdown renderers are quadratic on some inputs, and no legal paragraph is
# this long, so the checks and the build stay fast on any file.
MAX_BLOCK_CHARS = 20_000

# ---------------------------------------------------------------- what is never rendered
#
# Python-Markdown (with toc, tables, attr_list, admonition, md_in_html and fenced_code)
# takes time that grows with the square of the number of some constructs, and recurses
# once per level of others (deep enough, it fails).  A source holding one of them beyond
# these limits is refused (``source.too-complex``) before anything renders it: the check
# does not render it, history does not publish it, no page converts it.  Every limit is far
# above what a policy holds, and below them rendering takes time linear in the file's size.

# '<a' (or '</a') with no '>' to close it: the HTML parser reads each one up to the next '>',
# across the whole file.
MAX_UNCLOSED_TAGS = 32
# Links, images and references in one paragraph, list item or table cell: each one found
# makes the link parser read the paragraph again.
MAX_LINKS = 64
# Runs of '*' or '_' in one paragraph: nested emphasis recurses once per level.
MAX_EMPHASIS = 128
# Runs of backticks on one line: the tables extension pairs them up quadratically.
MAX_CODE_SPANS = 64
# '{' on one line: attr_list searches for an attribute list from each of them.
MAX_BRACES = 64
# Levels of lists, quotes and indentation on one line: the block parser recurses per level.
MAX_NESTING = 32
# Raw HTML elements with a markdown attribute: md_in_html recurses once per nested one.
MAX_MARKDOWN_BLOCKS = 64
# Code fences never closed: the fenced_code extension reads the rest of the file for each one.
MAX_UNCLOSED_FENCES = 16
# Characters on a line that starts with a code fence: its spaces are read back and forth.
MAX_FENCE_LINE = 256
# CPU seconds the analysis of one file may take before it is reported (``source.too-slow``):
# the limits above are what bound the time; this is the safety net and its message.
ANALYSIS_BUDGET_SECONDS = 5.0


@dataclass(frozen=True, slots=True)
class Refusal:
    """A construct a source may not hold: where (1-based line) and why."""

    line: int
    code: str  # "source.too-long" | "source.too-complex"
    message: str


def _too_long(lines: list[str], first: int) -> list[tuple[int, int]]:
    if sum(len(line) + 1 for line in lines[first:]) <= MAX_BLOCK_CHARS:
        return []
    found = []
    start, size = None, 0
    for index in range(first, len(lines) + 1):
        line = lines[index] if index < len(lines) else ""
        if line.strip():
            if start is None:
                start, size = index, 0
            size += len(line) + 1
            continue
        if start is not None and size > MAX_BLOCK_CHARS:
            found.append((start + 1, size))
        start = None
    return found


def oversized_blocks(lines: list[str], first: int = 0) -> list[tuple[int, int]]:
    """``[(line, characters)]`` of the blocks of ``lines[first:]`` that are refused before rendering:
    longer than :data:`MAX_BLOCK_CHARS` characters, or holding a construct beyond a limit (see
    :func:`refusals`; the characters of the block are 0 for those)."""
    found = _too_long(lines, first)
    return found + [(r.line, 0) for r in refusals(lines, first) if r.code == "source.too-complex"]


def refusals(lines: list[str], first: int = 0) -> list[Refusal]:
    """Every block of ``lines[first:]`` that is too long, and every construct beyond its limit
    (one finding per kind of construct, at its first place), in line order."""
    found = [
        Refusal(
            line,
            "source.too-long",
            f"this block of text is {size:,} characters long (at most {MAX_BLOCK_CHARS:,}); split it into "
            "paragraphs",
        )
        for line, size in _too_long(lines, first)
    ]
    return sorted(found + _Complexity(lines, first).refusals(), key=lambda r: r.line)


class RefusedSource(ValueError):
    """Markdown that :func:`refusals` refuses was about to be rendered (refused sources never are:
    this stops a renderer that was handed one anyway, instead of letting it hang)."""


def refused_text(text: str, first: int = 0) -> bool:
    """Whether :func:`parse` refuses a source with this (decoded) text whose body starts on line
    index ``first``: Markdown must never see it."""
    lines = text.split("\n")
    if not all(lookalike.clean(line) for line in lines[first:]):
        lines, _ = lookalike.scan(lines, first)
    return bool(refusals(lines, first))


def heaviest_construct(lines: list[str], first: int = 0) -> str | None:
    """The construct of ``lines[first:]`` closest to its limit, described (None: nothing notable)."""
    return _Complexity(lines, first, full=True).heaviest()


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


@dataclass(slots=True)
class Link:
    line: int
    target: str
    section: str | None


@dataclass(frozen=True, slots=True)
class Anchor:
    """An element ID the rendered page defines: a section's, an attribute list's
    (``{: #x }`` after a block or an inline element) or raw HTML's (``id="x"``,
    ``<a name="x">``)."""

    id: str
    line: int
    section: str | None  # the section it is in
    kind: str  # "section" | "attr_list" | "html"


@dataclass(slots=True)
class Section:
    """A heading and the content up to the next heading.

    The document's intro (before the first ``##``) is a section of level 1 whose
    ``id`` is ``None``.  ``text`` is the section's own Markdown body, without the
    heading line and without its subsections.
    """

    level: int
    id: str | None
    title: str
    line: int
    text: str = ""
    paragraphs: list[int] = field(default_factory=list)
    lists: list[ListBlock] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    children: list[Section] = field(default_factory=list)

    @property
    def list_items(self) -> int:
        """Top-level list items of the section (nested ones are in the tree)."""
        return sum(len(block.items) for block in self.lists)

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(slots=True)
class Document:
    path: str  # display path, e.g. "zh-TW/privacy.md"
    policy: str
    lang: str
    meta: dict
    title: str | None
    version: str | None
    date: _dt.date | None
    text: str  # normalized: no BOM, LF line endings
    body_line: int  # line of the first body line (after the front matter)
    root: Section  # level 1: the intro, with every ## section as a child
    links: list[Link] = field(default_factory=list)
    anchors: list[Anchor] = field(default_factory=list)  # every ID, sections' first
    conflicted: bool = False  # holds merge-conflict markers: parity with it means nothing
    # Too long or too complex to render (source.too-long, source.too-complex, source.too-slow):
    # checked, never rendered, never published.
    refused: bool = False
    seconds: float = 0.0  # CPU time its parse took

    @property
    def anchor_ids(self) -> set[str]:
        """Every ID a link may target on this page."""
        return {a.id for a in self.anchors}

    @property
    def body(self) -> str:
        """The Markdown after the front matter."""
        return "\n".join(self.text.split("\n")[self.body_line - 1 :])

    @property
    def sections(self) -> list[Section]:
        """Every section below the title, in document order."""
        return [s for s in self.root.walk() if s is not self.root]

    def section(self, section_id: str) -> Section | None:
        for section in self.sections:
            if section.id == section_id:
                return section
        return None

    @property
    def ids(self) -> set[str]:
        return {s.id for s in self.sections if s.id}

    def meta_line(self, key: str) -> int:
        """The line of ``key:`` in the front matter (1 when it has none)."""
        return _meta_line(self.text.split("\n")[: self.body_line], key, 1)

    @property
    def summary(self) -> str | None:
        value = self.meta.get("summary")
        return value.strip() if isinstance(value, str) and value.strip() else None

    @property
    def alias_ids(self) -> set[str]:
        """The former section IDs its front matter declares (``aliases: {old: new}``; checked by
        :mod:`policysite.permanence`): the current page carries each under its successor."""
        declared = self.meta.get("aliases")
        return {old for old in declared if isinstance(old, str)} if isinstance(declared, dict) else set()

    @property
    def header(self) -> Header:
        """What the front matter says; a refused document has no version to publish (history,
        which reads the working tree's text through this, skips it as it skips an undated text)."""
        if self.refused:
            return Header(self.title, None, None, self.summary)
        return Header(self.title, self.version, self.date, self.summary)


def parse_version(value: object) -> _dt.date | None:
    """``2019.12.19`` -> date(2019, 12, 19); anything else -> None."""
    if not isinstance(value, str):
        return None
    match = _VERSION.match(value.strip())
    if not match:
        return None
    try:
        return _dt.date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


def ascii_date(value: str) -> str | None:
    """``２０２６．１２．０１`` (digits of any script, a full-width or ideographic full stop) as the
    ASCII date to type, when that is what it means; None otherwise."""
    typed = []
    for char in value:
        if char.isdigit() and unicodedata.digit(char, None) is not None:
            typed.append(str(unicodedata.digit(char)))
        elif char in ".．。":
            typed.append(".")
        else:
            return None
    text = "".join(typed)
    return text if text != value and parse_version(text) is not None else None


def _invalid_version(version: str) -> str:
    typed = ascii_date(version)
    if typed is not None:
        return (
            f"version '{version}' is written with non-ASCII digits or dots (pasted from a word "
            f"processor?): a version becomes an address and must be typed in ASCII: 'version: {typed}'"
        )
    return f"version '{version}' is not a real date written {VERSION_FORMAT}"


def decode(data: bytes, path: str) -> tuple[str | None, list[Diagnostic]]:
    """UTF-8 bytes -> text with LF endings and no BOM, with warnings for either."""
    found: list[Diagnostic] = []
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
        found.append(
            Diagnostic.warning(
                "source.bom",
                path,
                1,
                "file starts with a UTF-8 byte-order mark; it is ignored (save as UTF-8 without BOM)",
            )
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        found.append(
            Diagnostic.error(
                "source.encoding",
                path,
                line,
                (
                    f"file is not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); save "
                    "it as UTF-8"
                ),
            )
        )
        return None, found
    if "\r" in text:
        line = text[: text.index("\r")].count("\n") + 1
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        found.append(
            Diagnostic.warning(
                "source.crlf", path, line, "file has CRLF (Windows) line endings; they are normalized to LF"
            )
        )
    return text, found


MAX_YAML_NESTING = 50


def _nesting(source: str) -> int:
    """The deepest bracket nesting of a YAML text (a cheap guard: PyYAML is
    quadratic on deep flow collections and recursive on deep documents)."""
    depth = deepest = 0
    for char in source:
        if char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}" and depth:
            depth -= 1
    return deepest


def _front_matter_end(lines: list[str]) -> int | None:
    """The index of the line that closes the front matter opened on the first line."""
    return next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)


def split_front_matter(text: str, path: str) -> tuple[dict, int, list[Diagnostic]]:
    """Returns (meta, index of the first body line, diagnostics)."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return (
            {},
            0,
            [
                Diagnostic.error(
                    "front-matter.missing",
                    path,
                    1,
                    "file must start with front matter: a '---' line, 'title:' and 'version:', then '---'",
                )
            ],
        )
    index = _front_matter_end(lines)
    if index is None:
        return (
            {},
            0,
            [
                Diagnostic.error(
                    "front-matter.unclosed",
                    path,
                    1,
                    "front matter opened with '---' on line 1 is never closed with '---'",
                )
            ],
        )
    source = "\n".join(lines[1:index])
    if _nesting(source) > MAX_YAML_NESTING:
        return (
            {},
            index + 1,
            [
                Diagnostic.error(
                    "front-matter.invalid",
                    path,
                    2,
                    (
                        "front matter is not valid YAML: it is nested too deeply; write 'title:' and "
                        "'version:' lines"
                    ),
                )
            ],
        )
    simple = _simple_front_matter(source)
    if simple is not None:
        return simple, index + 1, []
    try:
        meta = yaml.load(source, Loader=getattr(yaml, "CBaseLoader", yaml.BaseLoader))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        position = getattr(exc, "position", None)  # a ReaderError (a control character)
        if mark is not None:
            line = mark.line + 2
        elif isinstance(position, int):
            line = source[:position].count("\n") + 2
        else:
            line = 2
        problem = (
            getattr(exc, "problem", None)
            or getattr(exc, "reason", None)
            or (str(exc).splitlines() or ["unreadable"])[0]
        )
        return (
            {},
            index + 1,
            [
                Diagnostic.error(
                    "front-matter.invalid", path, line, f"front matter is not valid YAML: {problem}"
                )
            ],
        )
    except (RecursionError, ValueError, TypeError, MemoryError):
        return (
            {},
            index + 1,
            [
                Diagnostic.error(
                    "front-matter.invalid",
                    path,
                    2,
                    "front matter is not valid YAML: it is nested too deeply or malformed",
                )
            ],
        )
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        return (
            {},
            index + 1,
            [
                Diagnostic.error(
                    "front-matter.invalid",
                    path,
                    2,
                    "front matter must be 'key: value' lines (title, version)",
                )
            ],
        )
    return meta, index + 1, []


# Front matter of plain "key: value" lines reads the same with this as with YAML's
# BaseLoader (every value a string), at a fraction of the cost; anything else
# (quotes, lists, block scalars, comments, anchors...) goes to YAML.
# (The value is its first character, then runs of other characters or of spaces that more follow:
# '[^#:\t]*? *\Z' said the same, trying the end of the line again after every character.)
_PLAIN_LINE = re.compile(
    r"([A-Za-z_][A-Za-z0-9_-]*):(?: +([^\s\"'\[\]{}&*!|>%@`#,?:-](?:[^#:\t ]++| ++(?=[^#:\t ]))*+))? *\Z"
)


def _simple_front_matter(source: str) -> dict | None:
    meta: dict[str, str] = {}
    for line in source.split("\n"):
        if not line.strip():
            continue
        match = _PLAIN_LINE.match(line)
        if match is None or match.group(1) in meta or not match.group(2):
            return None
        meta[match.group(1)] = match.group(2)
    return meta


def _meta_line(lines: list[str], key: str, default: int) -> int:
    for number, line in enumerate(lines, start=1):
        if line.startswith(f"{key}:"):
            return number
        if number > 1 and line.strip() == "---":
            break
    return default


_RELATIVE_MD_LINK = re.compile(r"(\]\()(?!https?:|mailto:|tel:|#|/)([^)\s]+\.md(?:#[^)\s]*)?)")


_ABSOLUTE_TARGET = re.compile(r"https?:|mailto:|tel:|#|/")
_TARGET_END = re.compile(r"[)\s]")


def rebase_links(markdown: str, depth: int) -> str:
    """Relative links to other policies (``terms.md#x``), for a page ``depth`` folders deeper.

    What ``_RELATIVE_MD_LINK.sub`` gives, reading the text about once: an attempt that fails
    with a relative target found no ``.md`` before the first ``)`` or space; every ``](`` before
    that reads to the same place and finds none either.
    """
    out: list[str] = []
    last = position = 0
    while (start := markdown.find("](", position)) >= 0:
        match = _RELATIVE_MD_LINK.match(markdown, start)
        if match:
            out += [markdown[last:start], match.group(1), "../" * depth, match.group(2)]
            last = position = match.end()
        elif _ABSOLUTE_TARGET.match(markdown, start + 2):
            position = start + 2
        else:
            stop = _TARGET_END.search(markdown, start + 2)
            position = max(stop.start() if stop else len(markdown), start + 2)
    return "".join(out) + markdown[last:] if out else markdown


def _check_meta(
    meta: dict, lines: list[str], body_start: int, path: str
) -> tuple[str | None, str | None, _dt.date | None, list[Diagnostic]]:
    found: list[Diagnostic] = []
    end = max(body_start, 1)
    title = meta.get("title")
    if not isinstance(title, str) or not title.strip():
        found.append(
            Diagnostic.error(
                "front-matter.title",
                path,
                _meta_line(lines, "title", end),
                "front matter lacks 'title' (the policy's title in this language)",
            )
        )
        title = None
    version = meta.get("version")
    date = None
    if version is None or (isinstance(version, str) and not version.strip()):
        found.append(
            Diagnostic.error(
                "front-matter.version",
                path,
                _meta_line(lines, "version", end),
                f"front matter lacks 'version' (the date of this version, {VERSION_FORMAT})",
            )
        )
        version = None
    elif not isinstance(version, str):
        found.append(
            Diagnostic.error(
                "version.invalid",
                path,
                _meta_line(lines, "version", end),
                f"version must be a date written {VERSION_FORMAT}",
            )
        )
        version = None
    else:
        version = version.strip()
        date = parse_version(version)
        if date is None:
            found.append(
                Diagnostic.error(
                    "version.invalid",
                    path,
                    _meta_line(lines, "version", end),
                    _invalid_version(version),
                )
            )
    return (title.strip() if title else None), version, date, found


@functools.lru_cache(maxsize=4096)  # headings repeat from version to version
def _heading_parts(rest: str) -> tuple[str, str | None, bool]:
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
        heading_id = next(reversed(_attr_list_ids(attrs.group(1))), None)
        rest = rest[:brace].strip()
    return rest, heading_id, attrs is not None


def read_heading(line: str) -> tuple[int, str, str | None, bool] | None:
    """'## 1. General {#general}' -> (2, '1. General', 'general', has_attr_list)."""
    match = _HEADING.match(line)
    if not match:
        return None
    return (len(match.group(1)), *_heading_parts(match.group(2)))


def _cells(row: str) -> list[str]:
    row = row.strip()
    if row.startswith("|"):
        row = row[1:]
    if row.endswith("|") and not row.endswith("\\|"):
        row = row[:-1]
    return re.split(r"(?<!\\)\|", row)


def _table_start(line: str, next_line: str | None) -> bool:
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


class _BlockScanner:
    """Collects the structure of one section's body, line by line.

    It follows Python-Markdown's block rules where they decide what a reader
    sees: a list must start a block (a ``- item`` line right after a paragraph
    line continues the paragraph), tables must start a block, nested lists are
    indented four spaces, after a blank line only text indented four spaces stays
    in the list, and horizontal rules and reference definitions are not text.
    """

    def __init__(self, section: Section):
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

    def feed(self, number: int, line: str, next_line: str | None) -> None:
        if not line.strip():
            self.in_paragraph = self.in_table = self.separator = False
            self.blank = True
            return
        at_block_start, self.blank = self.blank, False
        indent = self._indent(line)
        if self.in_table:
            if self.separator:
                self.separator = False
            else:
                self.section.tables[-1].rows += 1
            return
        if at_block_start and _table_start(line, next_line):
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
        if _REFERENCE.match(line) and not (self.stack and indent >= 2):
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

    @staticmethod
    def _indent(line: str) -> int:
        return len(line) - len(line.lstrip(" "))

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


def _strip_code(line: str) -> str:
    """The line with its code spans blanked out (same length, so offsets hold).

    A run of N backticks opens a span that the next run of exactly N backticks
    closes; a run with no partner is literal.  Linear, unlike a regex would be
    on long runs of backticks.
    """
    runs = [(m.start(), m.end()) for m in _BACKTICKS.finditer(line)]
    if len(runs) < 2:
        return line
    by_length: dict[int, list[int]] = {}
    for number, (start, end) in enumerate(runs):
        by_length.setdefault(end - start, []).append(number)
    chars = list(line)
    number = 0
    while number < len(runs):
        start, end = runs[number]
        same = by_length[end - start]
        later = bisect.bisect_right(same, number)
        if later < len(same):
            partner = same[later]
            close = runs[partner][1]
            chars[start:close] = " " * (close - start)
            number = partner + 1
        else:
            number += 1
    return "".join(chars)


# The tokens of a link text as _LINK reads it: an escaped character, a bracketed group, other text.
_LINK_TOKEN = re.compile(r"\\.|\[(?:[^\[\]\\]|\\.)*\]|[^\[\]\\]+")


def _inline_links(line: str) -> Iterator[re.Match[str]]:
    """``_LINK.finditer(line)``, reading the line about once.

    An attempt from a ``[`` that fails has read the link text up to where it stops.  A ``\\[``
    it read as one token of that text, outside a bracketed group, starts the same text right
    after it, reads to the same place and fails the same way: it is not tried again.  (One inside
    a bracketed group stops at the group's ``]``: the group's own ``[`` is tried, and stands for
    those inside it in the same way.)
    """
    position = 0
    skipped: set[int] = set()
    while (bracket := line.find("[", position)) >= 0:
        if bracket in skipped:
            position = bracket + 1
            continue
        start = bracket - 1 if bracket > position and line[bracket - 1] == "!" else bracket
        match = _LINK.match(line, start)
        if match:
            yield match
            position = match.end()
            continue
        stop = _LINK_TEXT.match(line, bracket).end()
        skipped.update(
            t.start() + 1 for t in _LINK_TOKEN.finditer(line, bracket + 1, stop) if t.group() == "\\["
        )
        position = bracket + 1


def _links(lines: list[str], owners: list[str | None], first: int) -> list[Link]:
    """Inline links, reference definitions and raw HTML ``href`` of the body (code blanked out)."""
    found = []
    for index in range(first, len(lines)):
        line = lines[index]
        if "[" in line:
            for match in _inline_links(line):
                target = match.group(1) if match.group(1) is not None else match.group(2)
                found.append(Link(index + 1, target.strip(), owners[index]))
            reference = _REFERENCE.match(line)
            if reference:
                found.append(Link(index + 1, reference.group(2).lstrip("<").rstrip(">"), owners[index]))
        if "<" in line:
            for name, value in _html_attributes(line):
                if name == "href":
                    found.append(Link(index + 1, html.unescape(value).strip(), owners[index]))
    return found


# (One space, not '\s+', before the lazy rest, which takes spaces too: the two split a long run
# of spaces in every way before giving up.)
_HTML_TAG = re.compile(r"<[a-zA-Z][a-zA-Z0-9-]*((?:\s[^<>]*?)?)/?>")
# An attribute is looked for where a run of name characters starts (what comes before its first
# letter is skipped): from inside the run it would read to the same end and fail the same way.
_HTML_ATTRIBUTE = re.compile(
    r"""(?<![-a-zA-Z0-9_:.])[-0-9.]*+([a-zA-Z_:][-a-zA-Z0-9_:.]*+)\s*+=\s*+(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))"""
)
# An attribute list the attr_list extension applies: on a line of its own (to the
# block before it), or right after an inline element (a link, emphasis, code).
_ANY_ATTR_LIST = re.compile(r"(?:^[ \t]*+|(?<=[)\]*_`>]))\{:?[ \t]*+([^{}\n]*+)\}")
# One token of an attribute list, as attr_list's scanner reads it: a quoted value is one token
# ('{: title="see #terms" }' defines no ID), and 'id="x"' sets the ID as '#x' does.
_ATTR_LIST_TOKEN = re.compile(r"""([^ =}]++)=(?:"([^"]*+)"|'([^']*+)'|([^ =}]++))|([^ =}]++)| ++""")


def _attr_list_ids(attributes: str) -> list[str]:
    """The IDs an attribute list's text sets, read as attr_list reads it (it stops where no token
    matches)."""
    found: list[str] = []
    position = 0
    attributes = attributes.replace("\t", " ")  # Python-Markdown reads a tab as spaces
    while position < len(attributes):
        token = _ATTR_LIST_TOKEN.match(attributes, position)
        if token is None:
            break
        position = token.end()
        name, word = token.group(1), token.group(5)
        if name is not None and name.lower() == "id":
            found.append(next(g for g in token.groups()[1:4] if g is not None))
        elif word is not None and word.startswith("#"):
            found.append(word[1:])
    return [value for value in found if value]


def _html_attributes(line: str):
    """``(name, value)`` of the attributes of the raw HTML start tags on ``line``."""
    for tag in _HTML_TAG.finditer(line):
        for match in _HTML_ATTRIBUTE.finditer(tag.group(1)):
            value = next(group for group in match.groups()[1:] if group is not None)
            yield match.group(1).lower(), value


def _anchors(lines: list[str], owners: list[str | None], first: int, headings: set[int]) -> list[Anchor]:
    """IDs from attribute lists and raw HTML (code blanked out); heading lines carry section IDs."""
    found = []
    for index in range(first, len(lines)):
        line = lines[index]
        if index + 1 not in headings and "{" in line:
            for match in _ANY_ATTR_LIST.finditer(line):
                for anchor_id in _attr_list_ids(match.group(1)):
                    found.append(Anchor(anchor_id, index + 1, owners[index], "attr_list"))
        if "<" in line:
            for tag in _HTML_TAG.finditer(line):
                name = tag.group(0)[1:].split(None, 1)[0].rstrip("/>").lower()
                for attribute, value in (
                    (m.group(1).lower(), next(g for g in m.groups()[1:] if g is not None))
                    for m in _HTML_ATTRIBUTE.finditer(tag.group(1))
                ):
                    if attribute == "id" or (attribute == "name" and name == "a"):
                        found.append(Anchor(html.unescape(value).strip(), index + 1, owners[index], "html"))
    return found


# ---------------------------------------------------------------- complexity (see MAX_UNCLOSED_TAGS)

_TAG_OPENING = re.compile(r"</?[A-Za-z]")
# A tag its '>' closes (quoted attribute values may hold '<' and '>').  Possessive and stopped
# by the next '<' outside a value: tried at every opening, it reads the file about once.
_CLOSED_TAG = re.compile(r"""</?[A-Za-z][^<>'"=]*+(?:=\s*+(?:"[^"]*+"|'[^']*+'|)[^<>'"=]*+)*+>""")
_MARKDOWN_ATTRIBUTE = re.compile(r"<[A-Za-z][^<>]*?\smarkdown\b", re.IGNORECASE)
_ITEM_START = re.compile(r"[ \t]*(?:[-*+]|\d{1,9}[.)])(?:[ \t]|\Z)")
_NESTING_MARKER = re.compile(r">[ \t]*+|[-*+][ \t]++|\d{1,9}[.)][ \t]++")
_EMPHASIS_RUN = re.compile(r"[*_]+")
# kind -> (limit, what a count of them is, what it costs and what to do)
_LIMITS = {
    "tags": (
        MAX_UNCLOSED_TAGS,
        "HTML tags opened ('{sample}') and never closed with '>' in the file",
        "the HTML parser reads each one up to the next '>'; close each tag, or write '&lt;' for a '<' "
        "that starts no tag",
    ),
    "links": (
        MAX_LINKS,
        "links, images or references in this paragraph",
        "the link parser reads the paragraph again after each; split the paragraph or use a list",
    ),
    "emphasis": (
        MAX_EMPHASIS,
        "runs of '*' or '_' in this paragraph",
        "nested emphasis makes Markdown recurse once per level; remove or escape (\\*) stray markers",
    ),
    "code": (
        MAX_CODE_SPANS,
        "runs of backticks on this line",
        "the tables extension pairs them up one by one; split the line",
    ),
    "braces": (
        MAX_BRACES,
        "'{' on this line",
        "the attr_list extension looks for an attribute list at each; split the line or remove them",
    ),
    "nesting": (
        MAX_NESTING,
        "levels of lists, quotes and indentation on this line",
        "Markdown recurses once per level; flatten the structure",
    ),
    "fences": (
        MAX_UNCLOSED_FENCES,
        "code fences opened and never closed in the file",
        "the fenced_code extension reads the rest of the file for each; close each with the same fence",
    ),
    "fence": (
        MAX_FENCE_LINE,
        "characters on this line, which starts with a code fence",
        "the fenced_code extension reads its spaces back and forth; shorten the line",
    ),
    "markdown": (
        MAX_MARKDOWN_BLOCKS,
        "HTML elements with a 'markdown' attribute in the file",
        "md_in_html recurses once per nested element; write the text as Markdown",
    ),
}


def _fenced_lines(lines: list[str], first: int, unclosed: list[int] | None = None) -> list[bool]:
    """Which lines are inside a closed code fence (as :func:`parse` finds them): Markdown stores
    their text away before it parses anything.  The fences never closed go to ``unclosed``."""
    closers: dict[str, list[int]] = {}
    for index in range(first, len(lines)):
        candidate = lines[index].rstrip(" ")
        if len(candidate) >= 3 and candidate[0] in "`~" and candidate == candidate[0] * len(candidate):
            closers.setdefault(candidate, []).append(index)
    code = [False] * len(lines)
    index = first
    while index < len(lines):
        fence = _FENCE.match(lines[index]) if lines[index][:3] in ("```", "~~~") else None
        candidates = closers.get(fence.group(1), []) if fence else []
        later = bisect.bisect_right(candidates, index)
        if later < len(candidates):
            close = candidates[later]
            code[index : close + 1] = [True] * (close + 1 - index)
            index = close + 1
            continue
        if fence and unclosed is not None:
            unclosed.append(index)
        index += 1
    return code


def _depth(line: str) -> int:
    """Levels of lists, quotes and indentation (four columns a level) at the start of ``line``."""
    stripped = line.lstrip(" \t")
    indent = len(line) - len(stripped)
    depth = (indent + 3 * line.count("\t", 0, indent)) // 4
    position = indent
    if stripped[:1] in (">", "-", "*", "+") or stripped[:1].isdigit():
        while depth <= MAX_NESTING and (marker := _NESTING_MARKER.match(line, position)):
            depth += 1
            position = marker.end()
    return depth


def _emphasis_runs(line: str) -> int:
    """Runs of ``*`` or ``_`` that may open or close emphasis (an ``_`` inside a word does not)."""
    count = 0
    for run in _EMPHASIS_RUN.finditer(line):
        start, end = run.span()
        if (
            "*" in run.group()
            or start == 0
            or end == len(line)
            or not line[start - 1].isalnum()
            or not line[end].isalnum()
        ):
            count += 1
    return count


# A line that may be nested more than MAX_NESTING levels starts with that many characters of these
# (searched after a literal line break, which the engine finds much faster than a multi-line "^").
_DEEP = re.compile(rf"\n[ \t>*+\-0-9.)]{{{MAX_NESTING + 1}}}")


# A line starting with a code fence and longer than MAX_FENCE_LINE (after a literal line break).
_LONG_FENCE = re.compile(rf"\n(?:```|~~~)[^\n]{{{MAX_FENCE_LINE - 2}}}")


def _busy(body: str, references: bool = True) -> bool:
    """Whether ``body`` may hold a construct beyond a per-line or per-paragraph limit."""
    return (
        body.count("](") > MAX_LINKS
        or body.count("```") + body.count("~~~") > MAX_UNCLOSED_FENCES
        or _LONG_FENCE.search("\n" + body) is not None
        or (references and body.count("]") > MAX_LINKS)
        or body.count("`") > MAX_CODE_SPANS
        or body.count("{") > MAX_BRACES
        or body.count("*") + body.count("_") > MAX_EMPHASIS
        or _DEEP.search("\n" + body) is not None
    )


class _Complexity:
    """One pass over a source's lines: the worst place of each construct of :data:`_LIMITS`."""

    def __init__(self, lines: list[str], first: int, full: bool = False):
        """``full``: every construct measured (for :meth:`heaviest`); otherwise the counts of the
        whole body rule out most kinds at once (a policy is far below every limit)."""
        self.lines = lines
        self.first = max(first, 0)
        body = "\n".join(lines[self.first :])
        self.references = "]:" in body and any(_REFERENCE.match(line) for line in lines[self.first :])
        # kind -> (count, index of the line, sample): the first place beyond the limit, else the
        # place nearest to it
        self.worst: dict[str, tuple[int, int, str]] = {}
        if full or _busy(body, self.references):
            self._blocks()
        if (
            full
            or body.count("<") > MAX_UNCLOSED_TAGS
            or body.lower().count("markdown") > MAX_MARKDOWN_BLOCKS
        ):
            self._tags()

    @functools.cached_property
    def code(self) -> list[bool]:
        unclosed: list[int] = []
        code = _fenced_lines(self.lines, self.first, unclosed)
        if unclosed:
            self._note("fences", len(unclosed), unclosed[0])
        return code

    def _note(self, kind: str, count: int, index: int, sample: str = "") -> None:
        limit = _LIMITS[kind][0]
        known = self.worst.get(kind)
        if known is None or (known[0] <= limit and count > known[0]):
            self.worst[kind] = (count, index, sample)

    def _blocks(self) -> None:
        """Per line (nesting, code spans, braces) and per paragraph, list item or cell (links, emphasis)."""
        element: list[int] = []  # [index of its first line, links, emphasis runs]
        in_table, blank = False, True
        for index in range(self.first, len(self.lines)):
            line = self.lines[index]
            if line[:3] in ("```", "~~~"):
                self._note("fence", len(line), index)
            if self.code[index] or not line.strip():
                self._close(element)
                in_table, blank = False, True
                continue
            if blank:
                following = self.lines[index + 1] if index + 1 < len(self.lines) else None
                in_table = "|" in line and _table_start(line, following)
            if blank or in_table or line.lstrip().startswith("#") or _ITEM_START.match(line):
                self._close(element)
                element[:] = [index, 0, 0]
            blank = False
            self._line(index, line, element)
        self._close(element)

    def _line(self, index: int, line: str, element: list[int]) -> None:
        self._note("nesting", _depth(line), index)
        if "`" in line:
            self._note("code", len(_BACKTICKS.findall(line)), index)
            line = _strip_code(line)
        if "{" in line:
            self._note("braces", line.count("{"), index)
        element[1] += line.count("]") if self.references else line.count("](")
        if "*" in line or "_" in line:
            element[2] += _emphasis_runs(line)

    def _close(self, element: list[int]) -> None:
        if element:
            self._note("links", element[1], element[0])
            self._note("emphasis", element[2], element[0])
            element.clear()

    def _tags(self) -> None:
        """Across the whole file (code blocks aside): unclosed tags, markdown attributes."""
        kept = ["" if self.code[i] else self.lines[i] for i in range(self.first, len(self.lines))]
        text = "\n".join(kept)
        if "<" not in text:
            return
        starts = [0]
        for line in kept:
            starts.append(starts[-1] + len(line) + 1)
        unclosed, first_at = 0, -1
        for opening in _TAG_OPENING.finditer(text):
            if _CLOSED_TAG.match(text, opening.start()) is None:
                unclosed += 1
                first_at = opening.start() if first_at < 0 else first_at
        if unclosed:
            sample = text[first_at : first_at + 12].split(None, 1)[0]
            self._note("tags", unclosed, self.first + bisect.bisect_right(starts, first_at) - 1, sample)
        markdown = _MARKDOWN_ATTRIBUTE.findall(text)
        if markdown:
            found = _MARKDOWN_ATTRIBUTE.search(text)
            index = self.first + bisect.bisect_right(starts, found.start() if found else 0) - 1
            self._note("markdown", len(markdown), index)

    def _describe(self, kind: str) -> str:
        count, _, sample = self.worst[kind]
        limit, what, _ = _LIMITS[kind]
        return f"{count:,} {what.replace('{sample}', sample)} (at most {limit:,})"

    def refusals(self) -> list[Refusal]:
        return [
            Refusal(
                index + 1,
                "source.too-complex",
                f"too complex to render: {self._describe(kind)}: {_LIMITS[kind][2]}",
            )
            for kind, (count, index, _) in self.worst.items()
            if count > _LIMITS[kind][0]
        ]

    def heaviest(self) -> str | None:
        ranked = [(count / _LIMITS[kind][0], kind) for kind, (count, _, _) in self.worst.items() if count]
        if not ranked:
            return None
        _, kind = max(ranked)
        return f"{self._describe(kind)} on line {self.worst[kind][1] + 1}"


@dataclass(frozen=True, slots=True)
class Header:
    """What the front matter says: enough to place a blob in history without parsing its body."""

    title: str | None
    version: str | None
    date: _dt.date | None
    summary: str | None


def _front_matter_part(text: str, lines: int = 60) -> str:
    """``text`` up to the line that closes its front matter when that is among the first
    ``lines`` lines (front matter reads the same without the body); else all of it."""
    head = text.split("\n", lines)
    end = _front_matter_end(head[:-1]) if head and head[0].strip() == "---" else None
    return "\n".join(head[: end + 1]) if end is not None else text


def read_header(data: bytes, path: str) -> Header | None:
    """The front matter of a file, or None when the file cannot be modelled at all, or is refused
    (too long or too complex to render, see :func:`refusals`): history never publishes it."""
    full, _ = decode(data, path)
    if full is None:
        return None
    text = _front_matter_part(full)
    meta, body_start, problems = split_front_matter(text, path)
    if any(d.code in ("front-matter.missing", "front-matter.unclosed") for d in problems):
        return None
    if refused_text(full, body_start):
        return None
    if any(d.code == "front-matter.invalid" for d in problems):
        return Header(None, None, None, None)
    title, version, date, _ = _check_meta(meta, text.split("\n"), body_start, path)
    summary = meta.get("summary")
    return Header(
        title, version, date, summary.strip() if isinstance(summary, str) and summary.strip() else None
    )


def plain_sections(data: bytes) -> tuple[list[tuple[int, str | None, str, str]], str | None] | None:
    """A plain source's sections without the full parse: ``([(level, id, title, own text)], h1)``,
    the intro first (level 1, no ID, no title); the same sections, titles and texts as
    :func:`parse` gives.  ``h1`` is the title line (``# ...``) when one comes before the
    first ``## `` line.  None when the source is not plain and must be parsed: anything but
    UTF-8 without BOM or CR, front matter, ATX headings each with one unique ``{#id}``; a code
    fence, an underlined heading or rule, a look-alike character in a syntax position or a
    conflict marker.
    """
    if data.startswith(b"\xef\xbb\xbf") or b"\r" in data:
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    lines = text.split("\n")
    closing = _front_matter_end(lines) if lines[0].strip() == "---" else None
    if closing is None:
        return None
    start = closing + 1
    if not lookalike.clean(text):  # a look-alike character somewhere: is it in a syntax position?
        fixed, traps = lookalike.scan(lines, start)
        if traps or fixed != lines:
            return None
    if ("<<<<<<<" in text or ">>>>>>>" in text or "|||||||" in text) and lookalike.conflicts(lines, start):
        return None
    # The body with the line break that ends the front matter: each body line follows a "\n".
    offset = sum(len(line) + 1 for line in lines[:start]) - 1
    body = text[offset:] if start < len(lines) else "\n"
    if _NOT_PLAIN.search(body):
        return None
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
        heading, heading_id, _ = _heading_parts(match.group(2))
        if heading_id is None or heading_id in seen or not valid_id(heading_id):
            return None
        seen.add(heading_id)
        sections.append((level, heading_id, heading, []))
    sections[-1][3].append(body[position:])
    return [
        (level, key, heading, "".join(pieces).strip("\n")) for level, key, heading, pieces in sections
    ], h1


def parse(
    data: bytes | str, path: str, policy: str | None = None, lang: str | None = None
) -> tuple[Document | None, list[Diagnostic]]:
    """Parse one policy file.  Never raises on bad input: problems are diagnostics.

    Returns ``(None, diagnostics)`` only when the file cannot be modelled at all
    (not UTF-8, front matter missing or unclosed).
    """
    started = time.process_time()
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogatepass")
    parts = path.replace("\\", "/").split("/")
    policy = policy or parts[-1].rsplit(".", 1)[0]
    lang = lang or (parts[-2] if len(parts) > 1 else "")

    text, found = decode(data, path)
    if text is None:
        return None, found
    # Look-alike characters in syntax positions are reported where they are, and
    # the lines are read as the editor meant them (see policysite.lookalike).
    raw_lines = text.split("\n")
    closing = _front_matter_end(raw_lines)
    lines, traps = lookalike.scan(raw_lines, closing + 1 if closing and raw_lines[0].strip() == "---" else 0)
    meta, body_start, problems = split_front_matter("\n".join(lines), path)
    found += problems
    if any(d.code in ("front-matter.missing", "front-matter.unclosed") for d in problems):
        return None, found
    if any(d.code == "front-matter.invalid" for d in problems):
        title = version = date = None  # already reported: no "lacks 'title'" noise on top
    else:
        title, version, date, problems = _check_meta(meta, lines, body_start, path)
        found += problems

    root = Section(level=1, id=None, title=title or "", line=body_start + 1)
    document = Document(path, policy, lang, meta, title, version, date, text, body_start + 1, root)
    open_sections: list[Section] = [root]  # the path from the root to the current section
    seen_ids: dict[str, int] = {}
    scanner = _BlockScanner(root)
    body: list[str] = []
    # Where each fence could close a code block: {"```": [line indexes]}.
    closers: dict[str, list[int]] = {}
    for index in range(body_start, len(lines)):
        candidate = lines[index].rstrip(" ")
        if len(candidate) >= 3 and candidate[0] in "`~" and candidate == candidate[0] * len(candidate):
            closers.setdefault(candidate, []).append(index)
    title_line: int | None = None
    # What the HTML and link checks read: every line with its code blanked out
    # (inline code now, closed code blocks when they close), and its section.
    visible = [_strip_code(line) if "`" in line else line for line in lines]
    owners: list[str | None] = [None] * len(lines)

    def close_body() -> None:
        open_sections[-1].text = "\n".join(body).strip("\n")
        body.clear()

    def heading(number: int, level: int, heading_text: str, heading_id: str | None, has_attrs: bool) -> None:
        nonlocal scanner, title_line
        if level == 1:
            if title_line is not None or root.children:
                found.append(
                    Diagnostic.error(
                        "heading.title",
                        path,
                        number,
                        "only the title may be a level-1 heading ('# '); use '## ' for sections",
                        open_sections[-1].id,
                    )
                )
            title_line = title_line or number
            scanner.reset()
            return
        close_body()
        if heading_id is None:
            hint = (
                "add an ID in attr_list form, e.g. '{#general}'"
                if not has_attrs
                else "the attribute list has no '#id'"
            )
            found.append(
                Diagnostic.error(
                    "heading.no-id", path, number, f"heading '{heading_text}' has no section ID: {hint}", None
                )
            )
        elif (problem := id_problem(heading_id)) is not None:
            found.append(
                Diagnostic.error(
                    "heading.bad-id",
                    path,
                    number,
                    (
                        f"section ID '{heading_id}' is not valid: {problem}; a section ID is lowercase "
                        "letters, digits, '-' and '_' of any script, starting with a letter, a digit or '_'"
                    ),
                    heading_id,
                )
            )
        elif heading_id in seen_ids:
            found.append(
                Diagnostic.error(
                    "heading.duplicate-id",
                    path,
                    number,
                    f"section ID '{heading_id}' is already used on line {seen_ids[heading_id]}",
                    heading_id,
                )
            )
        if heading_id and heading_id not in seen_ids:
            seen_ids[heading_id] = number
        section = Section(level=level, id=heading_id, title=heading_text, line=number)
        while len(open_sections) > 1 and open_sections[-1].level >= level:
            open_sections.pop()
        open_sections[-1].children.append(section)
        open_sections.append(section)
        scanner = _BlockScanner(section)

    index = body_start
    while index < len(lines):
        number, line = index + 1, lines[index]
        fence = _FENCE.match(line)
        if fence:
            candidates = closers.get(fence.group(1), [])
            later = bisect.bisect_right(candidates, index)
            if later < len(candidates):
                # A code block: one block of text, never headings, links or HTML.
                close = candidates[later]
                scanner.stack.clear()
                open_sections[-1].paragraphs.append(number)
                scanner.in_paragraph = scanner.in_table = scanner.separator = False
                scanner.blank = True
                for code in range(index, close + 1):
                    body.append(lines[code])
                    visible[code] = ""
                    owners[code] = open_sections[-1].id
                index = close + 1
                continue
            # Never closed: Markdown shows the fence as text, and so does the model.
            found.append(
                Diagnostic.warning(
                    "source.fence",
                    path,
                    number,
                    (
                        f"code block opened with {fence.group(1)} is never closed (a line of exactly "
                        f"{fence.group(1)}); it shows as text"
                    ),
                    open_sections[-1].id,
                )
            )

        next_line = lines[index + 1] if index + 1 < len(lines) else None
        found_heading = read_heading(line)
        underlined = False
        if (
            found_heading is None
            and scanner.blank
            and next_line is not None
            and line.strip()
            and not line.startswith("    ")
            and _SETEXT.match(next_line)
            and not _table_start(line, next_line)
        ):
            # "Title" over "---" or "===" at the start of a block: a heading too.
            found_heading = (1 if next_line[0] == "=" else 2, *_heading_parts(line))
            underlined = True
        if found_heading:
            heading(number, *found_heading)
            owners[index] = open_sections[-1].id
            if underlined:
                owners[index + 1] = open_sections[-1].id
                index += 1
            index += 1
            continue

        body.append(line)
        scanner.feed(number, line, next_line)
        owners[index] = open_sections[-1].id
        index += 1

    close_body()
    for trap in traps:
        found.append(
            Diagnostic.error(
                "source.lookalike",
                path,
                trap.line,
                f"{trap.name} at column {trap.column} {trap.message}",
                owners[trap.line - 1] if trap.line > body_start else None,
            )
        )
    for number, marker in lookalike.conflicts(raw_lines, body_start):
        document.conflicted = True
        found.append(
            Diagnostic.error(
                "source.conflict",
                path,
                number,
                f"leftover merge-conflict marker '{marker}': keep the right text and delete the lines from "
                "'<<<<<<<' to '>>>>>>>' that are not policy text",
                owners[number - 1] if number > body_start else None,
            )
        )
    document.links = _links(visible, owners, body_start)
    sections = document.sections
    document.anchors = [Anchor(s.id, s.line, s.id, "section") for s in sections if s.id]
    document.anchors += _anchors(visible, owners, body_start, {s.line for s in sections})
    first_seen: dict[str, Anchor] = {}
    for anchor in document.anchors:
        earlier = first_seen.setdefault(anchor.id, anchor)
        if earlier is not anchor and not (
            earlier.kind == anchor.kind == "section"
        ):  # sections: heading.duplicate-id
            found.append(
                Diagnostic.error(
                    "anchor.duplicate",
                    path,
                    anchor.line,
                    (
                        f"the ID '{anchor.id}' is already defined on line {earlier.line}; every ID on a "
                        "page must be unique"
                    ),
                    anchor.section,
                )
            )
    found += _refused(document, lines, owners, started)
    return document, found


def _refused(
    document: Document, lines: list[str], owners: list[str | None], started: float
) -> list[Diagnostic]:
    """The refusals of a parsed source (see :func:`refusals`), and ``source.too-slow`` when its parse
    took more than :data:`ANALYSIS_BUDGET_SECONDS`; either marks the document refused."""
    first = document.body_line - 1
    found = [
        Diagnostic.error(r.code, document.path, r.line, r.message, owners[r.line - 1])
        for r in refusals(lines, first)
    ]
    document.seconds = time.process_time() - started
    found += over_budget(document, document.seconds, "reading")
    document.refused = bool(found)
    return found


def over_budget(document: Document, seconds: float, stage: str) -> list[Diagnostic]:
    """``source.too-slow`` when ``stage`` of the analysis of ``document`` took more than
    :data:`ANALYSIS_BUDGET_SECONDS` of CPU (with what in it is most complex), else nothing.

    Normal sources take a small fraction of the budget, so the finding is deterministic in
    practice; it names the file instead of leaving a check or a build to hang in silence.
    """
    if seconds <= ANALYSIS_BUDGET_SECONDS:
        return []
    heaviest = heaviest_construct(document.text.split("\n"), document.body_line - 1)
    construct = f"; its most complex construct: {heaviest}" if heaviest else ""
    return [
        Diagnostic.error(
            "source.too-slow",
            document.path,
            1,
            f"{stage} this file took {seconds:.1f} s of CPU (the budget is {ANALYSIS_BUDGET_SECONDS:g} s per "
            f"file){construct}; simplify it (split long paragraphs, remove stray markup)",
        )
    ]


def read(
    path, display: str, policy: str | None = None, lang: str | None = None
) -> tuple[Document | None, list[Diagnostic]]:
    """Parse a file on disk; an unreadable file is a diagnostic, not an exception."""
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as exc:
        return None, [Diagnostic.error("source.unreadable", display, 1, f"cannot read file: {exc.strerror}")]
    return parse(data, display, policy, lang)
