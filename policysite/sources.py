"""Sources: one policy file (bytes) -> front matter + a tree of sections.

This is the one model that parity, history and diff all use.  ``parse`` is a pure
function of the file's bytes and its display path, so the same code reads the
working tree and any blob from git history.

Each step is a module of its own: :mod:`.decoding` (bytes -> text), :mod:`.frontmatter`,
:mod:`.blockscan` (headings, code fences, paragraphs, lists, tables of each section),
:mod:`.linkscan` (links and the IDs they may target), :mod:`.idsyntax` (what an ID may be) and
:mod:`.complexity` (what is too long or too complex to render).  Here: the model they make,
and :func:`parse`, which builds the section tree and reports every finding (:mod:`.findings`).
Every scan is linear in the size of the input, so no file, however broken, makes a check hang
or crash.
"""

from __future__ import annotations

import datetime as _dt
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from . import lookalike
from .blockscan import (
    BlockScanner,
    ListBlock,
    Table,
    code_fence,
    fence_closers,
    read_heading,
    setext_heading,
)
from .complexity import over_budget, refusals, refused_text
from .decoding import decode
from .diagnostics import Diagnostic
from .findings import Findings
from .frontmatter import check_meta, front_matter_end, front_matter_part, meta_line, split_front_matter
from .idsyntax import id_problem
from .linkscan import Anchor, Link, duplicate_anchors, find_anchors, find_links, strip_code


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

    def walk(self) -> Iterator[Section]:
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True, slots=True)
class Header:
    """What the front matter says: enough to place a blob in history without parsing its body."""

    title: str | None
    version: str | None
    date: _dt.date | None
    summary: str | None


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
        return meta_line(self.text.split("\n")[: self.body_line], key, 1)

    @property
    def summary(self) -> str | None:
        return _summary(self.meta)

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


def _summary(meta: dict) -> str | None:
    value = meta.get("summary")
    return value.strip() if isinstance(value, str) and value.strip() else None


_UNMODELLED = ("front-matter.missing", "front-matter.unclosed")  # no document at all


def read_header(data: bytes, path: str) -> Header | None:
    """The front matter of a file, or None when the file cannot be modelled at all, or is refused
    (too long or too complex to render, see :func:`.complexity.refusals`): history never publishes it."""
    full, _ = decode(data, path)
    if full is None:
        return None
    text = front_matter_part(full)
    meta, body_start, problems = split_front_matter(text, path)
    if any(d.code in _UNMODELLED for d in problems):
        return None
    if refused_text(full, body_start, data):
        return None
    if any(d.code == "front-matter.invalid" for d in problems):
        return Header(None, None, None, None)
    title, version, date = check_meta(meta, text.split("\n"), body_start, Findings(path))
    return Header(title, version, date, _summary(meta))


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
    findings = Findings(path)
    text, found = decode(data, path)
    findings.found += found
    if text is None:
        return None, findings.found
    # Look-alike characters in syntax positions are reported where they are, and
    # the lines are read as the editor meant them (see policysite.lookalike).
    raw_lines = text.split("\n")
    closing = front_matter_end(raw_lines)
    lines, traps = lookalike.scan(raw_lines, closing + 1 if closing and raw_lines[0].strip() == "---" else 0)
    meta, body_start, problems = split_front_matter("\n".join(lines), path)
    findings.found += problems
    if any(d.code in _UNMODELLED for d in problems):
        return None, findings.found
    header: tuple[str | None, str | None, _dt.date | None] = (None, None, None)
    if not any(d.code == "front-matter.invalid" for d in problems):  # (no "lacks 'title'" on top)
        header = check_meta(meta, lines, body_start, findings)
    title, version, date = header
    root = Section(level=1, id=None, title=title or "", line=body_start + 1)
    document = Document(path, policy, lang, meta, title, version, date, text, body_start + 1, root)
    tree = _SectionTree(root, lines, body_start, findings)
    tree.read()
    _report_traps(document, traps, raw_lines, tree.owner, findings)
    _links_and_anchors(document, tree, findings)
    _refused(document, lines, tree.owners, started, findings)
    return document, findings.found


class _SectionTree:
    """The sections of one body, read line by line: headings open sections, the other lines are
    their text, scanned for blocks; closed code blocks are text only.  Also each line's section
    (``owners``) and what the link and HTML checks read (``visible``: code blanked out)."""

    def __init__(self, root: Section, lines: list[str], first: int, findings: Findings):
        self.root, self.lines, self.first, self.findings = root, lines, first, findings
        self.open: list[Section] = [root]  # the path from the root to the current section
        self.seen_ids: dict[str, int] = {}  # section ID -> its line
        self.scanner = BlockScanner(root)
        self.body: list[str] = []  # the current section's own lines
        self.closers = fence_closers(lines, first)
        self.title_line: int | None = None
        self.visible = [strip_code(line) if "`" in line else line for line in lines]
        self.owners: list[str | None] = [None] * len(lines)

    def owner(self, number: int) -> str | None:
        """The section of 1-based line ``number`` (None in the front matter)."""
        return self.owners[number - 1] if number > self.first else None

    def read(self) -> None:
        index = self.first
        while index < len(self.lines):
            index = self._line(index)
        self._close_body()

    def _line(self, index: int) -> int:
        """Reads the line at ``index`` (and the lines it takes with it); the index of the next."""
        number, line = index + 1, self.lines[index]
        fence = code_fence(self.lines, index, self.closers)
        if fence is not None and fence[1] is not None:
            return self._code_block(index, fence[1])
        if fence is not None:  # never closed: Markdown shows the fence as text, and so does the model
            message = (
                f"code block opened with {fence[0]} is never closed (a line of exactly {fence[0]}); "
                "it shows as text"
            )
            self.findings.warning("source.fence", number, message, self.open[-1].id)
        next_line = self.lines[index + 1] if index + 1 < len(self.lines) else None
        heading = read_heading(line)
        underlined = False
        if heading is None and self.scanner.blank:
            heading = setext_heading(line, next_line)
            underlined = heading is not None
        if heading is None:
            self.body.append(line)
            self.scanner.feed(number, line, next_line)
            self.owners[index] = self.open[-1].id
            return index + 1
        self._heading(number, *heading)
        taken = 2 if underlined else 1
        self.owners[index : index + taken] = [self.open[-1].id] * taken
        return index + taken

    def _code_block(self, index: int, close: int) -> int:
        """A code block: one block of text, never headings, links or HTML."""
        self.scanner.code_block(index + 1)
        for code in range(index, close + 1):
            self.body.append(self.lines[code])
            self.visible[code] = ""
            self.owners[code] = self.open[-1].id
        return close + 1

    def _close_body(self) -> None:
        self.open[-1].text = "\n".join(self.body).strip("\n")
        self.body.clear()

    def _heading(self, number: int, level: int, title: str, heading_id: str | None, has_attrs: bool) -> None:
        if level == 1:
            if self.title_line is not None or self.root.children:
                message = "only the title may be a level-1 heading ('# '); use '## ' for sections"
                self.findings.error("heading.title", number, message, self.open[-1].id)
            self.title_line = self.title_line or number
            self.scanner.reset()
            return
        self._close_body()
        self._check_id(number, title, heading_id, has_attrs)
        if heading_id and heading_id not in self.seen_ids:
            self.seen_ids[heading_id] = number
        section = Section(level=level, id=heading_id, title=title, line=number)
        while len(self.open) > 1 and self.open[-1].level >= level:
            self.open.pop()
        self.open[-1].children.append(section)
        self.open.append(section)
        self.scanner = BlockScanner(section)

    def _check_id(self, number: int, title: str, heading_id: str | None, has_attrs: bool) -> None:
        if heading_id is None:
            hint = "add an ID in attr_list form, e.g. '{#general}'"
            if has_attrs:
                hint = "the attribute list has no '#id'"
            self.findings.error("heading.no-id", number, f"heading '{title}' has no section ID: {hint}")
        elif (problem := id_problem(heading_id)) is not None:
            message = (
                f"section ID '{heading_id}' is not valid: {problem}; a section ID is lowercase "
                "letters, digits, '-' and '_' of any script, starting with a letter, a digit or '_'"
            )
            self.findings.error("heading.bad-id", number, message, heading_id)
        elif heading_id in self.seen_ids:
            message = f"section ID '{heading_id}' is already used on line {self.seen_ids[heading_id]}"
            self.findings.error("heading.duplicate-id", number, message, heading_id)


def _report_traps(
    document: Document,
    traps: list[lookalike.Trap],
    raw_lines: list[str],
    owner: Callable[[int], str | None],
    findings: Findings,
) -> None:
    """Look-alike characters in syntax positions, and leftover merge-conflict markers (which mark
    the document ``conflicted``)."""
    for trap in traps:
        message = f"{trap.name} at column {trap.column} {trap.message}"
        findings.error("source.lookalike", trap.line, message, owner(trap.line))
    for number, marker in lookalike.conflicts(raw_lines, document.body_line - 1):
        document.conflicted = True
        message = (
            f"leftover merge-conflict marker '{marker}': keep the right text and delete the lines from "
            "'<<<<<<<' to '>>>>>>>' that are not policy text"
        )
        findings.error("source.conflict", number, message, owner(number))


def _links_and_anchors(document: Document, tree: _SectionTree, findings: Findings) -> None:
    """The document's links and anchors (sections' IDs first); an ID defined twice is an error."""
    first = document.body_line - 1
    document.links = find_links(tree.visible, tree.owners, first)
    sections = document.sections
    document.anchors = [Anchor(s.id, s.line, s.id, "section") for s in sections if s.id]
    document.anchors += find_anchors(tree.visible, tree.owners, first, {s.line for s in sections})
    for anchor, earlier in duplicate_anchors(document.anchors):
        message = (
            f"the ID '{anchor.id}' is already defined on line {earlier.line}; every ID on a "
            "page must be unique"
        )
        findings.error("anchor.duplicate", anchor.line, message, anchor.section)


def _refused(
    document: Document, lines: list[str], owners: list[str | None], started: float, findings: Findings
) -> None:
    """The refusals of a parsed source (see :func:`.complexity.refusals`), and ``source.too-slow``
    when its parse took more than :data:`.complexity.ANALYSIS_BUDGET_SECONDS`; either marks the
    document refused."""
    before = len(findings.found)
    for refusal in refusals(lines, document.body_line - 1):
        findings.error(refusal.code, refusal.line, refusal.message, owners[refusal.line - 1])
    document.seconds = time.process_time() - started
    findings.found += over_budget(document, document.seconds, "reading")
    document.refused = len(findings.found) > before


def read(
    path, display: str, policy: str | None = None, lang: str | None = None
) -> tuple[Document | None, list[Diagnostic]]:
    """Parse a file on disk; an unreadable file is a diagnostic, not an exception."""
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as exc:
        findings = Findings(display)
        findings.error("source.unreadable", 1, f"cannot read file: {exc.strerror}")
        return None, findings.found
    return parse(data, display, policy, lang)
