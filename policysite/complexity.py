"""What is never rendered: sources too long or too complex for Markdown to render in linear time.

Python-Markdown (with toc, tables, attr_list, admonition, md_in_html and fenced_code) takes time
that grows with the square of the number of some constructs, and recurses once per level of
others (deep enough, it fails).  A source holding one of them beyond the limits here is refused
(``source.too-complex``) before anything renders it: the check does not render it, history does
not publish it, no page converts it.  Every limit is far above what a policy holds, and below
them rendering takes time linear in the file's size.  One pass over the lines finds the worst
place of each construct (:class:`_Complexity`); the CPU budget of an analysis is the safety net.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import lookalike
from .blockscan import code_fence, fence_closers, table_start
from .diagnostics import Diagnostic
from .findings import Findings
from .linkscan import BACKTICKS, REFERENCE, strip_code

if TYPE_CHECKING:
    from .sources import Document

# A block of text (lines between blank lines) longer than this is refused:
# Markdown renderers are quadratic on some inputs, and no legal paragraph is
# this long, so the checks and the build stay fast on any file.
MAX_BLOCK_CHARS = 20_000
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


def refused_text(text: str, first: int = 0, data: bytes | None = None) -> bool:
    """Whether :func:`.sources.parse` refuses a source with this (decoded) text whose body starts on line
    index ``first``: Markdown must never see it.  ``data``, the bytes ``text`` was decoded from, lets
    :func:`calm` answer most files at once."""
    if data is not None and calm(text, data):
        return False
    lines = text.split("\n")
    if not all(lookalike.clean(line) for line in lines[first:]):
        lines, _ = lookalike.scan(lines, first)
    return bool(refusals(lines, first))


# What :func:`calm` counts in a file's bytes: every construct a limit counts holds one of these.
_COUNTED = b"]`~{*_<\n"
_NOT_COUNTED = bytes(b for b in range(256) if b not in _COUNTED)


def calm(text: str, data: bytes) -> bool:
    """Whether no construct of ``text`` (decoded from ``data``) can exceed a limit, from counts over
    the whole file (one fast pass over its bytes, and a search for deep lines): no refusal is then
    possible.  False means only "measure" (:func:`refusals`).

    Each figure bounds what its limit counts, also after look-alike characters are read as meant
    (:func:`.lookalike.scan` turns a character into its ASCII twin or a plain space, drops spaces,
    and adds at most one space to a line): so the full-width twins count too.
    """
    count = data.translate(None, _NOT_COUNTED).count
    if len(text) + 2 * (count(b"\n") + 1) > MAX_BLOCK_CHARS:  # a block's characters and line breaks
        return False
    stars, braces = (0, 0) if text.isascii() else (text.count("＊"), text.count("｛"))
    backticks, tildes = count(b"`"), count(b"~")
    framed = "\n" + text
    return not (
        count(b"]") > MAX_LINKS  # links, images and references: each holds a ']'
        or backticks > MAX_CODE_SPANS
        or backticks + tildes > 3 * MAX_UNCLOSED_FENCES  # a fence is three or more
        or count(b"{") + braces > MAX_BRACES
        or count(b"*") + count(b"_") + stars > MAX_EMPHASIS
        or count(b"<") > MAX_UNCLOSED_TAGS  # tags, and elements with a markdown attribute
        or ((backticks >= 3 or tildes >= 3) and _LONG_FENCE.search(framed) is not None)
        or _DEEP_ANYHOW.search(framed) is not None
    )


def heaviest_construct(lines: list[str], first: int = 0) -> str | None:
    """The construct of ``lines[first:]`` closest to its limit, described (None: nothing notable)."""
    return _Complexity(lines, first, full=True).heaviest()


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
    """Which lines are inside a closed code fence (as :func:`.sources.parse` finds them): Markdown
    stores their text away before it parses anything.  The fences never closed go to ``unclosed``."""
    closers = fence_closers(lines, first)
    code = [False] * len(lines)
    index = first
    while index < len(lines):
        fence = code_fence(lines, index, closers)
        if fence is not None and fence[1] is not None:
            close = fence[1]
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
_NESTING = " \t>*+-0123456789.)"
_DEEP = re.compile(rf"\n[{re.escape(_NESTING)}]{{{MAX_NESTING + 1}}}")


# The same, of the lines as written: look-alike spaces and full-width twins count (see :func:`calm`).
_TWINS = "".join(twin for twin, meant in lookalike.FULL_WIDTH.items() if meant in _NESTING)
_DEEP_ANYHOW = re.compile(rf"\n[{re.escape(_NESTING + lookalike.SPACES + _TWINS)}]{{{MAX_NESTING + 1}}}")


# A line starting with a code fence and longer than MAX_FENCE_LINE (after a literal line break).
_LONG_FENCE = re.compile(rf"\n(?:```|~~~)[^\n]{{{MAX_FENCE_LINE - 2}}}")


def _busy(body: str, references: bool = True) -> bool:
    """Whether ``body`` may hold a construct beyond a per-line or per-paragraph limit."""
    framed = "\n" + body
    return (
        body.count("](") > MAX_LINKS
        or body.count("```") + body.count("~~~") > MAX_UNCLOSED_FENCES
        or _LONG_FENCE.search(framed) is not None
        or (references and body.count("]") > MAX_LINKS)
        or body.count("`") > MAX_CODE_SPANS
        or body.count("{") > MAX_BRACES
        or body.count("*") + body.count("_") > MAX_EMPHASIS
        or _DEEP.search(framed) is not None
    )


class _Complexity:
    """One pass over a source's lines: the worst place of each construct of :data:`_LIMITS`."""

    def __init__(self, lines: list[str], first: int, full: bool = False):
        """``full``: every construct measured (for :meth:`heaviest`); otherwise the counts of the
        whole body rule out most kinds at once (a policy is far below every limit)."""
        self.lines = lines
        self.first = max(first, 0)
        body = "\n".join(lines[self.first :])
        self.references = "]:" in body and any(REFERENCE.match(line) for line in lines[self.first :])
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
                in_table = "|" in line and table_start(line, following)
            if blank or in_table or line.lstrip().startswith("#") or _ITEM_START.match(line):
                self._close(element)
                element[:] = [index, 0, 0]
            blank = False
            self._line(index, line, element)
        self._close(element)

    def _line(self, index: int, line: str, element: list[int]) -> None:
        self._note("nesting", _depth(line), index)
        if "`" in line:
            self._note("code", len(BACKTICKS.findall(line)), index)
            line = strip_code(line)
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
    findings = Findings(document.path)
    findings.error(
        "source.too-slow",
        1,
        f"{stage} this file took {seconds:.1f} s of CPU (the budget is {ANALYSIS_BUDGET_SECONDS:g} s per "
        f"file){construct}; simplify it (split long paragraphs, remove stray markup)",
    )
    return findings.found
