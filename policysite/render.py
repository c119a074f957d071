"""Markdown -> HTML with the site's own extensions, outside of an MkDocs build.

The checks (:mod:`policysite.safety`) render policies exactly as the build will,
with the ``markdown_extensions`` of mkdocs.yml as MkDocs loaded them, so what
they find is what a reader would get.
"""

from __future__ import annotations

import bisect
import functools
import json
import re

import markdown
from markdown.extensions.toc import nest_toc_tokens

from . import blockscan, complexity, idsyntax

# This site's mkdocs.yml (MkDocs always adds toc, tables and fenced_code).
DEFAULT_EXTENSIONS = ("toc", "tables", "fenced_code", "attr_list", "admonition", "md_in_html")
DEFAULT_CONFIGS = {"toc": {"permalink": True}, "tables": {"use_align_attribute": True}}
# Extensions whose output for a section does not depend on the rest of the page (unlike
# footnotes, numbered page-wide, or abbreviations, defined once for the page).
SECTION_LOCAL = frozenset(
    {"toc", "tables", "fenced_code", "attr_list", "admonition", "md_in_html", "def_list", "sane_lists"}
)


_PROBE_ID = "policysite-permalink-probe"


class Renderer:
    """A reusable Markdown converter configured like the site."""

    def __init__(self, extensions=DEFAULT_EXTENSIONS, configs: dict | None = None):
        configs = DEFAULT_CONFIGS if configs is None else configs
        self._md = markdown.Markdown(extensions=list(extensions), extension_configs=dict(configs))
        # The extensions and their settings as stable text: part of the keys of cached
        # renderings (redlines, PDFs), on disk across processes.
        self.signature = json.dumps(
            [[_name(e) for e in extensions], configs], sort_keys=True, default=_name, ensure_ascii=False
        )
        self.section_local = all(
            isinstance(e, str) and e.removeprefix("markdown.extensions.") in SECTION_LOCAL for e in extensions
        )

    @classmethod
    def for_config(cls, config) -> Renderer:
        """From MkDocs' loaded configuration (``markdown_extensions`` and ``mdx_configs``)."""
        return cls(config.markdown_extensions, config.mdx_configs)

    @functools.cached_property
    def permalink(self) -> re.Pattern[str] | None:
        """The permalink the toc extension ends each heading with, as sanitized HTML, followed by
        the heading's end tag (None: no permalinks).

        The site's own markup is recognised by all that it is and where it stands, never by a
        word a source can write: a link of a source whose title or class says "headerlink" is
        text like any other, and one that copies the whole permalink can only hide its symbol.
        """
        from . import sanitize  # (the sanitizer does not render: no cycle, just its own module)

        any_id = idsyntax.id_characters() + "+"

        self._md.reset()
        raw = self._md.convert(f"## Probe {{#{_PROBE_ID}}}")
        spellings = []
        for markup in (raw, sanitize.clean(raw)):  # as Markdown writes it, and as the sanitizer does
            end = markup.rfind("</h2>")
            start = markup.rfind("<a ", 0, end)
            if end < 0 or start < 0 or _PROBE_ID not in markup[start:end]:
                return None
            # The ID as the toc extension writes it, unescaped and unencoded (``href="#第一條-目的"``):
            # the characters an ID may hold (idsyntax.id_characters), nothing that ends the value.
            spellings.append(re.escape(markup[start:end]).replace(re.escape(_PROBE_ID), any_id))
        return re.compile("(?:" + "|".join(dict.fromkeys(spellings)) + ")(?=</h[1-6]>)")

    def html(self, text: str) -> str:
        self._md.reset()
        return self._md.convert(_renderable(text))

    def convert(self, text: str) -> tuple[str, list[dict]]:
        """The HTML and the table of contents (the toc extension's tokens, nested)."""
        self._md.reset()
        html = self._md.convert(_renderable(text))
        return html, getattr(self._md, "toc_tokens", [])


def _renderable(text: str) -> str:
    """``text``, unless it holds what Python-Markdown takes quadratic time on or recurses on
    without bound (:func:`.complexity.refusals`): then :class:`.complexity.RefusedSource`.  The checks
    refuse such a source and history never publishes it, so this never fires on what they let
    through; it is the last guard before Markdown, for every conversion of this module."""
    found = complexity.refusals(text.split("\n"))
    if found:
        message = f"not rendered, line {found[0].line} of the Markdown: {found[0].message}"
        raise complexity.RefusedSource(message)
    return text


# Headings below the title start the parts a page body is converted in.
_PART = re.compile(r"^#{2,6}(?!#)", re.MULTILINE)
# Heading lines, indented ones too (a heading in an admonition).
_HEADING_LINE = re.compile(r"^[ \t]*#{1,6}(?!#).*$", re.MULTILINE)
# What sends a body to the whole-page conversion: code fences and underlined headings
# (a '#' line may not be a heading), raw HTML blocks (a heading inside one is not a
# heading) and closing tags (an element may span parts), reference definitions (used
# across parts).  Searched in "\n" + text + "\n", each line after a literal line break (much
# faster to search for than a multi-line "^"); closing tags, anywhere, are looked for apart.
_NOT_SECTIONABLE = re.compile(r"\n(?:[ \t]*(?:```|~~~)|[=-]+[ \t]*\n| {0,3}<| {0,3}\[(?:[^\[\]\\]|\\.)+\]:)")
# Links MkDocs rewrites (relative ones, resolved against the site's files): not ours to make.
# In the source (the page's own notices link relatively, as raw HTML MkDocs leaves alone),
# then in what its sections convert to.
_RELATIVE_SOURCE_LINK = re.compile(r"\]\(\s*<?(?!#|[a-zA-Z][a-zA-Z0-9+.-]*:)")
_RELATIVE_SOURCE_ATTRIBUTE = re.compile(r"\s(?:href|src)\s*=\s*[\"']?(?!#|[a-zA-Z][a-zA-Z0-9+.-]*:)")
_RELATIVE_LINK = re.compile(r'\s(?:href|src)="(?!#|[a-zA-Z][a-zA-Z0-9+.-]*:)')
_ID = re.compile(r'\sid="([^"]*)"')


def sectionable(source: str) -> bool:
    """Whether a policy's Markdown (after its front matter) may be converted a part at a time
    (see :class:`Parts`): no code fences or underlined headings, raw HTML blocks or closing
    tags, reference definitions, or links MkDocs resolves itself."""
    return not (
        "</" in source
        or _NOT_SECTIONABLE.search(f"\n{source}\n")
        or _RELATIVE_SOURCE_LINK.search(source)
        or (("href" in source or "src" in source) and _RELATIVE_SOURCE_ATTRIBUTE.search(source))
        or _SENTINEL_ID in source
    )


def cut_parts(body: str) -> list[str]:
    """``body`` cut before each heading below the title: ``[head, part, ...]`` (the head may be "")."""
    cuts = [0] + [m.start() for m in _PART.finditer(body)] + [len(body)]
    return [body[a:b] for a, b in zip(cuts, cuts[1:]) if b > a or a == 0]


# A part's HTML, the table of contents' tokens of its headings (flat) and every ID in it.
Piece = tuple[str, list[dict], set[str]]


class Parts:
    """Parts of policies (a heading and its text up to the next heading) converted once.

    Consecutive versions share most of their sections, and a version's block data
    (:mod:`policysite.blocks`) and its archived page (:class:`PageBodies`) hold the
    same parts: both ask this for their HTML, so a part is converted once for both,
    and not again while the versions keep it.  The parts not known yet are converted
    with a head (the title and intro, say) in one conversion ended by a sentinel
    heading, and the HTML is cut again before each top-level heading.  Python-Markdown
    ends a top-level block with one line break (two after raw HTML: the head keeps
    what follows it), so a part's HTML is exactly its share of a whole conversion,
    provided the Markdown passes :func:`sectionable`, the extensions are section-local
    and every heading in a new part has its own ``{#id}`` (a made-up ID is unique in
    its conversion only).  :meth:`convert` gives None where that cannot be vouched for.
    A part is kept while one of the last ``keep`` conversions asked for it.
    """

    def __init__(self, renderer: Renderer, keep: int = 3):
        self.renderer = renderer
        self._keep = keep
        self._asked = 0
        self._known: dict[str, tuple[int, Piece]] = {}

    def convert(self, head: str, parts: list[str]) -> tuple[Piece, list[Piece]] | None:
        """``head`` and each of ``parts`` converted: (the head's piece, each part's piece); the
        head's HTML ends with what separates it from the part after it."""
        if not self.renderer.section_local:
            return None
        self._asked += 1
        new = [part for part in dict.fromkeys(parts) if part not in self._known]
        # Nothing new (the block data after the archive page took its parts): no conversion.
        pieces = self._convert([head, *new]) if head or new else [("", [], set())]
        if pieces is None:
            return None
        head_piece, *fresh = pieces
        if any(not {token["id"] for token in piece[1]} <= _own_ids(part) for part, piece in zip(new, fresh)):
            return None
        self._known.update((part, (self._asked, piece)) for part, piece in zip(new, fresh))
        for part in parts:
            self._known[part] = (self._asked, self._known[part][1])
        if len(self._known) > len(parts):
            oldest = self._asked - self._keep
            self._known = {part: known for part, known in self._known.items() if known[0] > oldest}
        return head_piece, [self._known[part][1] for part in parts]

    def _convert(self, parts: list[str]) -> list[Piece] | None:
        """``parts`` (the head, then sections) converted at once."""
        html, toc = self.renderer.convert("".join(part.rstrip("\n") + "\n\n" for part in parts) + _SENTINEL)
        starts = top_headings(html, _SECTION_HEADINGS)
        if len(starts) != len(parts) or not html[starts[-1] :].startswith(f'<h2 id="{_SENTINEL_ID}"'):
            return None
        cuts = [0, *starts]
        chunks = [html[a:b] for a, b in zip(cuts, cuts[1:])]
        for index in range(1, len(chunks)):  # a section ends with one line break before the next
            if not chunks[index].endswith("\n") or chunks[index].endswith("\n\n"):
                return None
            chunks[index] = chunks[index][:-1]
        if any(_RELATIVE_LINK.search(chunk) for chunk in chunks[1:]):
            return None
        flat = [token for token in _flat(toc) if token["id"] != _SENTINEL_ID]
        places = _id_places(html)
        owners = []
        for token in flat:
            at = places.get(token["id"], [])
            if len(at) != 1:
                return None
            owners.append(bisect.bisect_right(starts, at[0]))
        return [
            (chunk, [t for t, owner in zip(flat, owners) if owner == index], set(_ID.findall(chunk)))
            for index, chunk in enumerate(chunks)
        ]


# Every place ' id="..."' starts, overlapping ones too (what str.find would find of each).
_ID_ATTRIBUTE = re.compile(r'(?= id="([^"]*)")')


def _id_places(html: str) -> dict[str, list[int]]:
    """Where each ``id="..."`` of ``html`` stands (one pass, for every heading of a conversion)."""
    places: dict[str, list[int]] = {}
    for match in _ID_ATTRIBUTE.finditer(html):
        places.setdefault(match.group(1), []).append(match.start())
    return places


def _headings(text: str) -> list[tuple[int, str, str | None, bool] | None]:
    """Every heading line of ``text`` (indented ones too) as the parser reads it (None: a '#'
    line the parser reads as no heading)."""
    return [blockscan.read_heading(m.group(0).lstrip(" \t")) for m in _HEADING_LINE.finditer(text)]


def _own_ids(part: str) -> set[str]:
    """The IDs the headings of ``part`` give themselves (``{#id}``), as the parser reads them
    (another element's ``{: #id }`` does not make a heading's made-up ID safe)."""
    return {heading[2] for heading in _headings(part) if heading is not None and heading[2] is not None}


class PageBodies:
    """Archived pages' bodies converted a part at a time (see :class:`Parts`), each part the
    version before (or the block data of this version) had as well converted once.

    Kept for speed (a cold build converts each section once, not once per version: PERFORMANCE.md);
    a site built with ``POLICYSITE_CONVERT_EVERY_PAGE=1`` is byte-identical (test_page_bodies.py).

    A body is cut before each heading below the title; the head (title, notices,
    intro) is converted on every page, the parts through :class:`Parts`, and the
    table of contents is the parts' headings nested again.  :meth:`convert` gives
    that, or None for a body where it cannot be vouched for (see :class:`Parts`; and
    a second title, or a head whose made-up ID a part takes).  A test builds whole
    sites both ways and compares them byte for byte.
    """

    def __init__(self, parts: Parts):
        self.parts = parts

    def convert(self, body: str, source: str) -> tuple[str, list[dict]] | None:
        """``body`` (a page's Markdown) as HTML and table of contents; ``source`` is the policy's own
        Markdown in it (the rest is the page's notices, HTML made by templates)."""
        if not sectionable(source):
            return None
        # A second title: the parts are cut at headings below the title only.
        if any(heading is not None and heading[0] == 1 for heading in _headings(source)[1:]):
            return None
        head_text, *parts = cut_parts(body)
        found = self.parts.convert(head_text, parts)
        if found is None:
            return None
        head, pieces = found
        later = set().union(*(piece[2] for piece in pieces))
        if any(token["id"] in later for token in head[1]):  # the head's made-up IDs are taken
            return None
        html = head[0] + "\n".join(piece[0] for piece in pieces)
        tokens = [dict(token, children=[]) for piece in [head, *pieces] for token in piece[1]]
        return html, _nested(tokens)


def _nested(tokens: list[dict]) -> list[dict]:
    """The toc extension's flat tokens nested as it nests them."""
    # The stubs (types-Markdown) type the tokens as TypedDicts of level, id and name: the extension's
    # own also hold "html" and "data-toc-label", and nest_toc_tokens takes any dict with a "level".
    return nest_toc_tokens(tokens)  # type: ignore[arg-type,return-value]


# The end of a conversion of parts: a section of its own, cut away with its heading.
_SENTINEL_ID = "policysite-end-of-parts"
_SENTINEL = f"## end {{#{_SENTINEL_ID}}}\n"
_SECTION_HEADINGS = frozenset({"h2", "h3", "h4", "h5", "h6"})
HEADINGS = frozenset({"h1", *_SECTION_HEADINGS})
# An HTML tag (quoted attribute values may hold '<' and '>'), and the elements that have no end
# tag.  Outside a quoted value a tag holds no '<' (not in HTML a serializer writes, nor in what
# Markdown passes through): stopped there, and possessive, the search reads each '<' once.
TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*+)((?:[^<>\"']++|\"[^\"]*+\"|'[^']*+')*+)>")
_VOID = frozenset(
    {"br", "hr", "img", "input", "col", "wbr", "area", "base", "embed", "link", "meta", "source"}
)


def top_headings(html: str, headings: frozenset[str] = HEADINGS) -> list[int]:
    """Where the ``headings`` outside any other element start (one inside an admonition or a
    list item is no section of its own)."""
    found, depth = [], 0
    for match in TAG.finditer(html):
        closing, tag, attributes = match.groups()
        tag = tag.lower()
        if tag in _VOID or attributes.endswith("/"):
            continue
        if closing:
            depth -= 1
        else:
            if depth == 0 and tag in headings:
                found.append(match.start())
            depth += 1
    return found


def _flat(tokens: list[dict]):
    for token in tokens:
        yield {key: value for key, value in token.items() if key != "children"}
        yield from _flat(token["children"])


def _name(value) -> str:
    """A stable name for an extension or a setting JSON cannot hold (a function: its dotted name)."""
    if isinstance(value, str):
        return value
    kind = value if callable(value) and hasattr(value, "__qualname__") else type(value)
    return f"{getattr(kind, '__module__', '')}.{getattr(kind, '__qualname__', repr(kind))}"
