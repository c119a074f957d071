"""Sources: one policy file (bytes) -> front matter + a tree of sections.

This is the one model that parity, history and diff all use.  ``parse`` is a pure
function of the file's bytes and its display path, so the same code reads the
working tree and any blob from git history.

The Markdown dialect is the one MkDocs renders with ``attr_list`` and ``tables``:
ATX headings with ``{#id}`` / ``{: #id }``, paragraphs, ordered and bullet lists
(nested lists are indented four spaces, as Python-Markdown requires), pipe tables
and fenced code.  The scanner records what a reader sees as structure
(paragraphs, list items at every depth, tables) with the line each starts on.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field

import yaml

from .diagnostics import Diagnostic

VERSION_FORMAT = "YYYY.MM.DD"
ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]*\Z")

_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t]*$")
_ATTR_LIST = re.compile(r"[ \t]*\{:?[ \t]*([^{}]*?)[ \t]*\}[ \t]*$")
_CLOSING_HASHES = re.compile(r"[ \t]+#+[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_LIST_ITEM = re.compile(r"^( *)([-*+]|\d{1,9}[.)])(?:[ \t]+(.*))?$")
_TABLE_SEPARATOR = re.compile(r"^ {0,3}\|?[ \t]*:?-+:?[ \t]*(\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")
_VERSION = re.compile(r"(\d{4})\.(\d{2})\.(\d{2})\Z")

# Inline links and images: [text](target "title"), [text](<target>)
_LINK = re.compile(r"!?\[(?:[^\]\\]|\\.)*\]\(\s*<?([^)\s>]*)>?(?:\s+[\"'(][^)]*)?\)")
_INLINE_CODE = re.compile(r"(`+)(?:(?!\1).)+?\1")

# Raw HTML that can run code or load content.
_UNSAFE_TAG = re.compile(r"<\s*/?\s*(script|iframe|object|embed|style)\b", re.IGNORECASE)
_EVENT_ATTRIBUTE = re.compile(r"<[a-zA-Z][^>]*?\s(on[a-zA-Z]+)\s*=", re.IGNORECASE)
_SCRIPT_URL = re.compile(r"(?:\]\(\s*<?|=\s*[\"']?\s*)(javascript|vbscript|data\s*:\s*text/html)", re.IGNORECASE)


class SourceError(Exception):
    """A file that cannot be modelled at all (not UTF-8, no front matter...)."""


@dataclass
class ListItem:
    line: int
    text: str
    lists: list["ListBlock"] = field(default_factory=list)

    @property
    def label(self) -> str:
        """The item's first words, for messages ("Log information:")."""
        plain = re.sub(r"[*_`]+", "", self.text).strip()
        return plain if len(plain) <= 40 else plain[:39] + "…"


@dataclass
class ListBlock:
    line: int
    indent: int
    ordered: bool
    items: list[ListItem] = field(default_factory=list)


@dataclass
class Table:
    line: int
    rows: int


@dataclass
class Link:
    line: int
    target: str
    section: str | None


@dataclass
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
    children: list["Section"] = field(default_factory=list)

    @property
    def list_items(self) -> int:
        """Top-level list items of the section (nested ones are in the tree)."""
        return sum(len(block.items) for block in self.lists)

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
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

    @property
    def summary(self) -> str | None:
        value = self.meta.get("summary")
        return value.strip() if isinstance(value, str) and value.strip() else None


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


def decode(data: bytes, path: str) -> tuple[str | None, list[Diagnostic]]:
    """UTF-8 bytes -> text with LF endings and no BOM, with warnings for either."""
    found: list[Diagnostic] = []
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
        found.append(Diagnostic.warning("source.bom", path, 1, "file starts with a UTF-8 byte-order mark; it is ignored (save as UTF-8 without BOM)"))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        found.append(Diagnostic.error("source.encoding", path, line, f"file is not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); save it as UTF-8"))
        return None, found
    if "\r" in text:
        line = text[: text.index("\r")].count("\n") + 1
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        found.append(Diagnostic.warning("source.crlf", path, line, "file has CRLF (Windows) line endings; they are normalized to LF"))
    return text, found


def split_front_matter(text: str, path: str) -> tuple[dict, int, list[Diagnostic]]:
    """Returns (meta, index of the first body line, diagnostics)."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return {}, 0, [Diagnostic.error("front-matter.missing", path, 1, "file must start with front matter: a '---' line, 'title:' and 'version:', then '---'")]
    for index in range(1, len(lines)):
        if lines[index].strip() in ("---", "..."):
            break
    else:
        return {}, 0, [Diagnostic.error("front-matter.unclosed", path, 1, "front matter opened with '---' on line 1 is never closed with '---'")]
    try:
        meta = yaml.load("\n".join(lines[1:index]), Loader=yaml.BaseLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        return {}, index + 1, [Diagnostic.error("front-matter.invalid", path, line, f"front matter is not valid YAML: {problem}")]
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        return {}, index + 1, [Diagnostic.error("front-matter.invalid", path, 2, "front matter must be 'key: value' lines (title, version)")]
    return meta, index + 1, []


def _meta_line(lines: list[str], key: str, default: int) -> int:
    for number, line in enumerate(lines, start=1):
        if line.startswith(f"{key}:"):
            return number
        if number > 1 and line.strip() == "---":
            break
    return default


def _check_meta(meta: dict, lines: list[str], body_start: int, path: str) -> tuple[str | None, str | None, _dt.date | None, list[Diagnostic]]:
    found: list[Diagnostic] = []
    end = max(body_start, 1)
    title = meta.get("title")
    if not isinstance(title, str) or not title.strip():
        found.append(Diagnostic.error("front-matter.title", path, _meta_line(lines, "title", end), "front matter lacks 'title' (the policy's title in this language)"))
        title = None
    version = meta.get("version")
    date = None
    if version is None or (isinstance(version, str) and not version.strip()):
        found.append(Diagnostic.error("front-matter.version", path, _meta_line(lines, "version", end), f"front matter lacks 'version' (the date of this version, {VERSION_FORMAT})"))
        version = None
    elif not isinstance(version, str):
        found.append(Diagnostic.error("version.invalid", path, _meta_line(lines, "version", end), f"version must be a date written {VERSION_FORMAT}"))
        version = None
    else:
        version = version.strip()
        date = parse_version(version)
        if date is None:
            found.append(Diagnostic.error("version.invalid", path, _meta_line(lines, "version", end), f"version '{version}' is not a real date written {VERSION_FORMAT}"))
    return (title.strip() if title else None), version, date, found


def _heading(line: str) -> tuple[int, str, str | None, bool] | None:
    """'## 1. General {#general}' -> (2, '1. General', 'general', has_attr_list)."""
    match = _HEADING.match(line)
    if not match:
        return None
    level, rest = len(match.group(1)), match.group(2) or ""
    attrs = _ATTR_LIST.search(rest)
    heading_id = None
    if attrs:
        rest = rest[: attrs.start()]
        for token in attrs.group(1).split():
            if token.startswith("#"):
                heading_id = token[1:]
    rest = _CLOSING_HASHES.sub("", rest).strip()
    return level, rest, heading_id, attrs is not None


class _BlockScanner:
    """Collects the structure of one section's body, line by line."""

    def __init__(self, section: Section):
        self.section = section
        self.stack: list[ListBlock] = []  # open lists, outermost first
        self.in_paragraph = False
        self.in_table = False
        self.blank = True

    def feed(self, number: int, line: str, next_line: str | None) -> None:
        if not line.strip():
            self.in_paragraph = self.in_table = False
            self.blank = True
            return
        item = _LIST_ITEM.match(line)
        if item and not self.in_table and (item.group(3) or not self.in_paragraph):
            self._list_item(number, len(item.group(1)), item.group(2), item.group(3) or "")
        elif self.in_table and "|" in line:
            self.section.tables[-1].rows += 1
        elif line.lstrip().startswith("|") and next_line is not None and _TABLE_SEPARATOR.match(next_line) and not self.in_paragraph:
            self._close_lists_unless_indented(line)
            self.section.tables.append(Table(number, 0))
            self.in_table = True
        elif self.in_table and _TABLE_SEPARATOR.match(line):
            pass
        elif self.stack and (not self.blank or self._indent(line) >= self.stack[-1].indent + 2):
            pass  # continuation or an inner paragraph of the open list item
        elif not self.in_paragraph:
            self.stack.clear()
            self.section.paragraphs.append(number)
            self.in_paragraph = True
        self.blank = False

    @staticmethod
    def _indent(line: str) -> int:
        return len(line) - len(line.lstrip(" "))

    def _close_lists_unless_indented(self, line: str) -> None:
        if not self.stack or self._indent(line) < 2:
            self.stack.clear()

    def _list_item(self, number: int, indent: int, marker: str, text: str) -> None:
        ordered = marker[0].isdigit()
        while self.stack and indent < self.stack[-1].indent:
            self.stack.pop()
        if self.stack and indent >= self.stack[-1].indent + 4:
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
    return _INLINE_CODE.sub(lambda m: " " * len(m.group(0)), line)


def parse(data: bytes | str, path: str, policy: str | None = None, lang: str | None = None) -> tuple[Document | None, list[Diagnostic]]:
    """Parse one policy file.  Never raises on bad input: problems are diagnostics.

    Returns ``(None, diagnostics)`` only when the file cannot be modelled at all
    (not UTF-8, front matter missing or unclosed).
    """
    if isinstance(data, str):
        data = data.encode("utf-8")
    parts = path.replace("\\", "/").split("/")
    policy = policy or parts[-1].rsplit(".", 1)[0]
    lang = lang or (parts[-2] if len(parts) > 1 else "")

    text, found = decode(data, path)
    if text is None:
        return None, found
    meta, body_start, problems = split_front_matter(text, path)
    found += problems
    if any(d.code in ("front-matter.missing", "front-matter.unclosed") for d in problems):
        return None, found
    lines = text.split("\n")
    title, version, date, problems = _check_meta(meta, lines, body_start, path)
    found += problems

    root = Section(level=1, id=None, title=title or "", line=body_start + 1)
    document = Document(path, policy, lang, meta, title, version, date, text, body_start + 1, root)
    open_sections: list[Section] = [root]  # the path from the root to the current section
    seen_ids: dict[str, int] = {}
    scanner = _BlockScanner(root)
    body: list[str] = []
    fence: str | None = None
    title_line: int | None = None

    def close_body() -> None:
        open_sections[-1].text = "\n".join(body).strip("\n")
        body.clear()

    for index in range(body_start, len(lines)):
        number, line = index + 1, lines[index]
        fence_match = _FENCE.match(line)
        if fence:
            body.append(line)
            if fence_match and fence_match.group(1)[0] == fence[0] and len(fence_match.group(1)) >= len(fence):
                fence = None
            continue
        if fence_match:
            fence = fence_match.group(1)
            scanner.stack.clear()
            if not scanner.in_paragraph:
                open_sections[-1].paragraphs.append(number)  # a code block reads as a block of text
            scanner.in_paragraph = False
            body.append(line)
            continue

        heading = _heading(line)
        if heading and not (scanner.stack and line.startswith("    ")):
            level, heading_text, heading_id, has_attrs = heading
            if level == 1:
                if title_line is not None or root.children:
                    found.append(Diagnostic.error("heading.title", path, number, "only the title may be a level-1 heading ('# '); use '## ' for sections"))
                title_line = title_line or number
                continue
            close_body()
            if heading_id is None:
                hint = "add an ID in attr_list form, e.g. '{#general}'" if not has_attrs else "the attribute list has no '#id'"
                found.append(Diagnostic.error("heading.no-id", path, number, f"heading '{heading_text}' has no section ID: {hint}", None))
            elif not ID_PATTERN.match(heading_id):
                found.append(Diagnostic.error("heading.bad-id", path, number, f"section ID '{heading_id}' must be lowercase ASCII letters, digits and hyphens, starting with a letter or digit", heading_id))
            elif heading_id in seen_ids:
                found.append(Diagnostic.error("heading.duplicate-id", path, number, f"section ID '{heading_id}' is already used on line {seen_ids[heading_id]}", heading_id))
            if heading_id and heading_id not in seen_ids:
                seen_ids[heading_id] = number
            section = Section(level=level, id=heading_id, title=heading_text, line=number)
            while len(open_sections) > 1 and open_sections[-1].level >= level:
                open_sections.pop()
            open_sections[-1].children.append(section)
            open_sections.append(section)
            scanner = _BlockScanner(section)
            continue

        body.append(line)
        next_line = lines[index + 1] if index + 1 < len(lines) else None
        scanner.feed(number, line, next_line)

        code_free = _strip_code(line)
        current = open_sections[-1].id
        for match in _UNSAFE_TAG.finditer(code_free):
            found.append(Diagnostic.error("html.unsafe", path, number, f"raw HTML <{match.group(1).lower()}> is not allowed in a policy", current))
        for match in _EVENT_ATTRIBUTE.finditer(code_free):
            found.append(Diagnostic.error("html.unsafe", path, number, f"HTML event attribute '{match.group(1)}=' is not allowed in a policy", current))
        for match in _SCRIPT_URL.finditer(code_free):
            found.append(Diagnostic.error("html.unsafe", path, number, f"'{match.group(1)}:' URLs are not allowed in a policy", current))
        for match in _LINK.finditer(code_free):
            document.links.append(Link(number, match.group(1), current))

    close_body()
    if fence:
        found.append(Diagnostic.warning("source.fence", path, len(lines), f"code block opened with {fence} is never closed", open_sections[-1].id))
    return document, found


def read(path, display: str, policy: str | None = None, lang: str | None = None) -> tuple[Document | None, list[Diagnostic]]:
    """Parse a file on disk; an unreadable file is a diagnostic, not an exception."""
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as exc:
        return None, [Diagnostic.error("source.unreadable", display, 1, f"cannot read file: {exc.strerror}")]
    return parse(data, display, policy, lang)
