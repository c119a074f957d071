"""Section IDs for repositories that predate them.

``policy ids`` lists the headings without an ID and, with ``--write``, adds
them: the same ID on the heading at the same position in every language.  It
never changes an existing ID, and refuses when the languages' heading outlines
differ (the IDs could not be paired).

Two styles make an ID from the English heading (:func:`slug`):

- ``default``: readable and short.  One leading numbering marker is dropped, the
  same way for every kind of marker -- a number (``1``, ``1.``, ``4.2``, ``1)``,
  ``(1)``), or a single letter or a Roman numeral followed by ``.`` or ``)`` or in
  parentheses (``A.``, ``b)``, ``(c)``, ``I.``, ``IV.``, ``(xii)``): renumbering the
  sections then changes no ID.  Then ASCII letters and digits (accents dropped,
  apostrophes removed), every other run a hyphen, at most 60 characters.
  ``I. Scope`` and ``A. Scope`` are both ``scope``.
- ``github``: exactly the anchor GitHub renders for the heading (:func:`github_slug`,
  github-slugger's algorithm): numbers and letters kept, punctuation removed, each
  space a hyphen, no length cut, ``-1``, ``-2`` after repeated headings.

Whatever the style, the anchors a heading had before it had an ID -- GitHub's, and the
one MkDocs' ``toc`` extension gave it (:func:`former_anchors`) -- are not lost: under
the default style a former anchor that a link of the repository names becomes the ID
(so ``(#1-account-controls)`` still resolves), and any former anchor that is linked or
asked for (``--keep-anchors``) and differs from the ID is kept as an alias of the
section (``aliases:`` in the English front matter, see :mod:`policysite.permanence`),
so an outside link lands on the section.  An ID is always a valid section ID
(:func:`.idsyntax.id_problem`: letters, marks, digits, ``-`` and ``_`` of any script, as
GitHub's anchors are, so ``第一條 目的`` is ``第一條-目的``; the site's sanitizer keeps no other
element ID); a heading whose GitHub anchor is still not one (it starts with ``-`` or ``__``,
holds a circled letter or another character GitHub keeps and an ID may not) is refused
under ``--style github`` with the exact fix.

In history, a version whose headings lack IDs is matched to the next version's
IDs (:func:`adopt`: by heading text, then by position), so the redline of the
version that added the IDs shows the real textual changes, not "every section
removed, every section added".
"""

from __future__ import annotations

import copy
import difflib
import html.parser
import json
import posixpath
import re
import unicodedata
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import unquote

import yaml

from .blockscan import read_heading
from .idsyntax import id_problem, valid_id
from .sources import Document, Section

KEEPABLE = ("github", "mkdocs")  # the anchors another site rendered for headings without an ID
_ROMAN = r"(?=[ivxlcdm])m{0,3}(?:c[md]|d?c{0,3})(?:x[cl]|l?x{0,3})(?:i[xv]|v?i{0,3})"
_MARKER = rf"(?:\d+(?:\.\d+)*|[a-z]|{_ROMAN})"
_NUMBERING = re.compile(rf"^\s*(?:\(\s*{_MARKER}\s*\)|{_MARKER}[.)]|\d+(?:\.\d+)*)\s+", re.IGNORECASE)
_ATTR_AT_END = re.compile(r"\{:?([^{}]*)\}\s*$")
_FENCES = ("```", "~~~")


class OutlineMismatch(Exception):
    """The languages' heading outlines differ: no safe pairing of IDs."""


def slug(title: str, style: str = "default") -> str:
    """The ID ``style`` makes of a heading's Markdown text, before de-duplication.

    ``'4.2 Information We Obtain'`` -> ``'information-we-obtain'`` (default) or
    ``'42-information-we-obtain'`` (github).
    """
    if style == "github":
        return github_slug(heading_text(title))
    text = _NUMBERING.sub("", heading_text(title))
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"[^a-z0-9]+", "-", text.replace("'", "")).strip("-")
    return text[:60].rstrip("-")


# Letters that Unicode files under "Other Symbol" (circled and squared Latin letters): github-slugger
# keeps every Alphabetic character.
_ALPHABETIC_SYMBOLS = ((0x24B6, 0x24E9), (0x1F130, 0x1F149), (0x1F150, 0x1F169), (0x1F170, 0x1F189))


def _slug_keeps(char: str) -> bool:
    category = unicodedata.category(char)
    if category[0] in "LM" or category in ("Nd", "Nl", "Pc") or char in " -":
        return True
    return category == "So" and any(low <= ord(char) <= high for low, high in _ALPHABETIC_SYMBOLS)


def github_slug(text: str) -> str:
    """GitHub's anchor for a heading whose rendered text is ``text`` (github-slugger, without the
    ``-1`` of a repeated heading): lowercase; every character removed that is not a letter, a mark,
    a digit, a letter-number, a connector (``_``), a hyphen or a space; each space a hyphen.
    ``"What's a fork?"`` -> ``'whats-a-fork'``, ``'A & B'`` -> ``'a--b'``."""
    return "".join(char for char in text.lower() if _slug_keeps(char)).replace(" ", "-")


class GithubSlugger:
    """GitHub's anchors for a document's headings in order: a repeated one gets ``-1``, ``-2``
    (github-slugger's ``occurrences``: ``echo``, ``echo``, ``echo 1`` -> ``echo``, ``echo-1``,
    ``echo-1-1``)."""

    def __init__(self) -> None:
        self.occurrences: dict[str, int] = {}

    def slug(self, text: str) -> str:
        original = result = github_slug(text)
        while result in self.occurrences:
            self.occurrences[original] += 1
            result = f"{original}-{self.occurrences[original]}"
        self.occurrences[result] = 0
        return result


class _Text(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


_MARKDOWN = None


def heading_text(title: str) -> str:
    """The text a reader sees of a heading's Markdown (emphasis, code, links and HTML tags gone,
    entities decoded): what GitHub and MkDocs' ``toc`` make anchors of."""
    global _MARKDOWN
    import markdown

    if _MARKDOWN is None:
        _MARKDOWN = markdown.Markdown()
    rendered = _MARKDOWN.reset().convert("# " + title.replace("\n", " "))
    parser = _Text()
    parser.feed(rendered)
    parser.close()
    return "".join(parser.parts).strip()


def _toc_unique(anchor: str, used: set[str]) -> str:
    """Python-Markdown ``toc``'s de-duplication: ``x``, ``x_1``, ``x_2``."""
    while anchor in used or not anchor:
        match = re.match(r"^(.*)_([0-9]+)$", anchor)
        anchor = f"{match.group(1)}_{int(match.group(2)) + 1}" if match else f"{anchor}_1"
    used.add(anchor)
    return anchor


def _all_headings(document: Document) -> list[tuple[int, str, int | None]]:
    """Every heading of the body, titles included: ``(line, Markdown text, section index or None)``."""
    found: dict[int, tuple[str, int | None]] = {s.line: (s.title, n) for n, s in enumerate(document.sections)}
    lines = document.text.split("\n")
    fence = None
    for number in range(document.body_line - 1, len(lines)):
        stripped = lines[number].strip()
        if fence is not None:
            fence = None if stripped.startswith(fence) else fence
            continue
        if stripped.startswith(_FENCES):
            fence = stripped[:3]
            continue
        heading = read_heading(lines[number])
        if heading is not None and heading[0] == 1 and heading[1]:
            found.setdefault(number + 1, (heading[1], None))
    return [(line, title, section) for line, (title, section) in sorted(found.items())]


def former_anchors(document: Document) -> list[dict[str, str]]:
    """For each section, the anchor each other renderer gave its heading: ``github`` (GitHub's, with
    its ``-1`` suffixes counted over every heading of the file) and ``mkdocs`` (Python-Markdown
    ``toc``'s default ``slugify`` and ``_1`` suffixes)."""
    from markdown.extensions.toc import slugify

    slugger, toc_used = GithubSlugger(), set[str]()
    found: list[dict[str, str]] = [{} for _ in document.sections]
    for _, title, section in _all_headings(document):
        text = heading_text(title)
        anchors = {"github": slugger.slug(text), "mkdocs": _toc_unique(slugify(text, "-"), toc_used)}
        if section is not None:
            found[section] = anchors
    return found


def linked(documents: Iterable[Document], policy: str) -> dict[str, list[str]]:
    """``{fragment: ['file:line', ...]}``: the anchors of ``policy`` that links name, in its own
    files (``(#x)``) and in other policies' (``(privacy.md#x)``)."""
    found: dict[str, list[str]] = {}
    for document in documents:
        for link in document.links:
            path, _, fragment = link.target.partition("#")
            if not fragment or "://" in path or path.startswith(("/", "mailto:")):
                continue
            if path and posixpath.basename(path) != f"{policy}.md":
                continue
            if not path and document.policy != policy:
                continue
            found.setdefault(unquote(fragment), []).append(f"{document.path}:{link.line}")
    return found


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


@dataclass
class Plan:
    """What ``policy ids --write`` does to one policy: IDs to add, aliases to declare (old anchor ->
    the section ID it lands on, in the reference file's front matter), notes on what was left alone,
    and the headings it refuses (then nothing of the policy is written)."""

    changes: list[Change] = field(default_factory=list)
    aliases: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)


def check_outlines(documents: dict[str, Document], reference: str) -> None:
    """Raises :class:`OutlineMismatch` naming the first heading where the languages' outlines (the
    sequence of heading levels) differ."""
    base = documents[reference]
    for lang, document in documents.items():
        sections = document.sections
        if lang == reference:
            continue
        for index, (ours, theirs) in enumerate(zip(base.sections, sections)):
            if ours.level != theirs.level:
                raise OutlineMismatch(
                    f"{document.path}:{theirs.line}: heading {index + 1} ('{theirs.title}') is level "
                    f"{theirs.level} but level {ours.level} in {base.path}:{ours.line} ('{ours.title}'); "
                    "make the outlines match, then run 'policy ids --write' again"
                )
        if len(sections) != len(base.sections):
            shorter, longer = (lang, reference) if len(sections) < len(base.sections) else (reference, lang)
            extra = documents[longer].sections[len(documents[shorter].sections)]
            raise OutlineMismatch(
                f"{documents[longer].path}:{extra.line}: heading '{extra.title}' has no counterpart in "
                f"{documents[shorter].path} ({len(base.sections)} headings in {reference}, "
                f"{len(sections)} in "
                f"{lang}); make the outlines match, then run 'policy ids --write' again"
            )


@dataclass
class _Context:
    documents: dict[str, Document]
    reference: str
    style: str
    keep: tuple[str, ...]
    linked: dict[str, list[str]]
    former: dict[str, list[dict[str, str]]]
    taken: set[str]  # every element ID and alias of the policy, in any language


def plan(
    documents: dict[str, Document],
    reference: str,
    style: str = "default",
    keep: Iterable[str] = (),
    linked: dict[str, list[str]] | None = None,
) -> Plan:
    """The IDs (and aliases) to add to one policy's files, in ``style``.

    ``documents`` maps languages to their parsed file; ``keep`` names the renderers whose former
    anchors are kept as aliases (:data:`KEEPABLE`); ``linked`` is :func:`linked` (the anchors links
    name).  Raises :class:`OutlineMismatch` when the outlines differ.
    """
    check_outlines(documents, reference)
    declared = documents[reference].meta.get("aliases")
    declared = declared if isinstance(declared, dict) else {}
    taken = {a for d in documents.values() for a in d.anchor_ids} | {str(k) for k in declared}
    context = _Context(
        documents,
        reference,
        style,
        tuple(keep),
        linked or {},
        {lang: former_anchors(doc) for lang, doc in documents.items()},
        taken,
    )
    result = Plan()
    base = documents[reference]
    for index, section in enumerate(base.sections):
        at = {lang: doc.sections[index] for lang, doc in documents.items()}
        existing = {lang: target.id for lang, target in at.items() if target.id}
        if len(set(existing.values())) > 1:
            detail = ", ".join(f"{lang} '{value}'" for lang, value in sorted(existing.items()))
            result.notes.append(
                f"{base.path}:{section.line}: heading {index + 1} has different IDs ({detail}); left as is"
            )
            continue
        if len(existing) == len(documents):
            continue
        new_id = next(iter(existing.values()), None) or _choose(context, index, result)
        if new_id is None:
            continue
        context.taken.add(new_id)
        for lang, target in at.items():
            if target.id is None:
                result.changes.append(
                    Change(documents[lang].path, target.line, target.level, target.title, new_id)
                )
        _keep_former(
            context, index, new_id, [lang for lang, target in at.items() if target.id is None], result
        )
    if result.refused:
        result.changes, result.aliases = [], {}
    return result


def _choose(context: _Context, index: int, result: Plan) -> str | None:
    """The new ID of heading ``index`` (None: refused, said in ``result.refused``)."""
    base = context.documents[context.reference]
    section = base.sections[index]
    if context.style == "github":
        anchor = context.former[context.reference][index]["github"]
        problem = None
        if (invalid := id_problem(anchor)) is not None:
            problem = f"is not a valid section ID ({invalid})"
        elif anchor in context.taken:
            problem = "is already an ID or alias of this policy"
        if problem is None:
            return anchor
        hint = _unique(_fallback(section, index), context.taken)
        result.refused.append(
            f"{base.path}:{section.line}: heading '{section.title}': GitHub's anchor '{anchor}' {problem}; "
            f"give the heading an ID by hand (e.g. '{{#{hint}}}'), "
            "then run 'policy ids --write --style github' again"
        )
        return None
    for lang in [context.reference, *[x for x in context.documents if x != context.reference]]:
        for anchor in context.former[lang][index].values():
            if anchor in context.linked and valid_id(anchor) and anchor not in context.taken:
                return anchor  # the anchor the repository's own links name
    return _unique(_fallback(section, index), context.taken)


def _fallback(section: Section, index: int) -> str:
    new_id = slug(section.title) or f"section-{index + 1}"
    return new_id if valid_id(new_id) else f"section-{index + 1}"


def _unique(new_id: str, taken: set[str]) -> str:
    candidate, number = new_id, 2
    while candidate in taken:
        candidate, number = f"{new_id}-{number}", number + 1
    return candidate


def _keep_former(context: _Context, index: int, new_id: str, langs: list[str], result: Plan) -> None:
    """Aliases for the former anchors of heading ``index`` (in the languages where it had no ID) that
    links name or ``keep`` asks for; notes on those that cannot be kept."""
    kinds: dict[str, tuple[str, list[str]]] = {}  # anchor -> (where, its kinds)
    for lang in langs:
        document = context.documents[lang]
        section = document.sections[index]
        for kind, anchor in context.former[lang][index].items():
            where = f"{document.path}:{section.line}: heading '{section.title}'"
            kinds.setdefault(anchor, (where, []))[1].append(kind)
    for anchor, (where, found) in kinds.items():
        places = context.linked.get(anchor, [])
        if anchor == new_id or not (places or set(found) & set(context.keep)):
            continue
        named = f"its {' and '.join(found)} anchor '{anchor}'"
        if (invalid := id_problem(anchor)) is not None:
            result.notes.append(
                f"{where}: {named} cannot be kept as an alias (not a valid section ID: {invalid}); "
                "links to it will not land on the section"
            )
            continue
        if anchor in context.taken:
            result.notes.append(f"{where}: {named} is another element's ID or alias; not kept")
            continue
        result.aliases[anchor] = new_id
        context.taken.add(anchor)
        if places:
            result.notes.append(
                f"{', '.join(places[:3])}: the link to '#{anchor}' lands on '{new_id}' through an "
                f"alias; change it to '#{new_id}' ('policy check' wants links to name an ID)"
            )


def _decode(data: bytes) -> tuple[list[str], bool, bool]:
    bom = data.startswith(b"\xef\xbb\xbf")
    text = data[3:].decode("utf-8") if bom else data.decode("utf-8")
    return text.replace("\r\n", "\n").split("\n"), bom, "\r\n" in text


def _encode(lines: list[str], bom: bool, crlf: bool) -> bytes:
    out = "\n".join(lines)
    if crlf:
        out = out.replace("\n", "\r\n")
    return (b"\xef\xbb\xbf" if bom else b"") + out.encode("utf-8")


def add_aliases(data: bytes, aliases: dict[str, str]) -> bytes:
    """The file's bytes with ``aliases`` added to its front matter's ``aliases:`` (created when it has
    none; entries already there and comments are kept).  Keys and values are quoted: an ID like
    ``2021`` or ``no`` would otherwise be read as a number or a boolean."""
    lines, bom, crlf = _decode(data)
    end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
    if not aliases or not lines or lines[0].strip() != "---" or end is None:
        return data
    key = next((i for i in range(1, end) if re.match(r"aliases\s*:", lines[i])), None)
    if key is None:
        lines[end:end] = ["aliases:", *(f"  {_quoted(o)}: {_quoted(n)}" for o, n in aliases.items())]
        return _encode(lines, bom, crlf)
    stop = key + 1
    while stop < end and (lines[stop].startswith((" ", "\t")) or not lines[stop].strip()):
        stop += 1
    while stop > key + 1 and not lines[stop - 1].strip():
        stop -= 1
    value = lines[key].split(":", 1)[1].split(" #", 1)[0].strip()
    if value:  # a flow mapping on the key's line: written again as a block, merged
        merged = yaml.safe_load("\n".join(lines[key:stop]))["aliases"] or {}
        merged.update(aliases)
        block = [f"  {_quoted(o)}: {_quoted(n)}" for o, n in merged.items()]
        lines[key:stop] = ["aliases:", *block]
        return _encode(lines, bom, crlf)
    indent = _indent(lines[key + 1]) if stop > key + 1 else "  "
    lines[stop:stop] = [f"{indent}{_quoted(o)}: {_quoted(n)}" for o, n in aliases.items()]
    return _encode(lines, bom, crlf)


def _indent(line: str) -> str:
    """The spaces and tabs ``line`` starts with."""
    return line[: len(line) - len(line.lstrip(" \t"))]


def _quoted(value: object) -> str:
    """``value`` as a double-quoted YAML string: a valid ID as it reads (``"第一條-目的"``), anything
    else with every character outside ASCII escaped."""
    text = str(value)
    return json.dumps(text, ensure_ascii=not valid_id(text))


def apply(data: bytes, changes: list[Change]) -> bytes:
    """The file's bytes with ``{#id}`` added to the headings of ``changes`` (BOM and line endings kept)."""
    lines, bom, crlf = _decode(data)
    for change in changes:
        line = lines[change.line - 1]
        stripped = line.rstrip()
        body = stripped.rstrip("#").rstrip() if stripped.lstrip().startswith("#") else stripped
        lines[change.line - 1] = _with_id(body, change.id)
    return _encode(lines, bom, crlf)


def _with_id(heading: str, id: str) -> str:
    """A heading's text line with ``#id`` first in its attribute list (one added if it has none)."""
    attrs = _ATTR_AT_END.search(heading)
    if not attrs:
        return f"{heading} {{#{id}}}"
    inner = attrs.group(1).strip()
    opening = "{: " if heading[attrs.start() : attrs.start() + 2] == "{:" else "{"
    closing = " }" if opening == "{: " else "}"
    return f"{heading[: attrs.start()].rstrip()} {opening}#{id} {inner}".rstrip() + closing


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


def marked_body(document: Document) -> str:
    """``document.body`` with ``{#id}`` on each heading whose ID :func:`adopt` gave it (the text
    has none): an earlier text renders with the IDs its successor has, so links land."""
    lines = document.text.split("\n")
    for section in document.sections:
        index = section.line - 1
        if section.id is None or not 0 <= index < len(lines):
            continue
        line = lines[index].rstrip()
        attrs = _ATTR_AT_END.search(line)
        if attrs and "#" in attrs.group(1):
            continue  # the heading has an ID of its own
        underline = lines[index + 1].strip() if index + 1 < len(lines) else ""
        if line.startswith("#"):
            lines[index] = _with_id(line.rstrip("#").rstrip(), section.id)
        elif underline and set(underline) <= {"=", "-"}:
            lines[index] = _with_id(line, section.id)  # a setext heading: the ID on its text line
    return "\n".join(lines[document.body_line - 1 :])
