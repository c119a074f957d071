"""Markdown -> HTML with the site's own extensions, outside of an MkDocs build.

The checks (:mod:`policysite.safety`) render policies exactly as the build will,
with the ``markdown_extensions`` of mkdocs.yml as MkDocs loaded them, so what
they find is what a reader would get.
"""

from __future__ import annotations

import json
import re

import markdown
from markdown.extensions.toc import nest_toc_tokens

from . import sources

# This site's mkdocs.yml (MkDocs always adds toc, tables and fenced_code).
DEFAULT_EXTENSIONS = ("toc", "tables", "fenced_code", "attr_list", "admonition", "md_in_html")
DEFAULT_CONFIGS = {"toc": {"permalink": True}, "tables": {"use_align_attribute": True}}
# Extensions whose output for a section does not depend on the rest of the page (unlike
# footnotes, numbered page-wide, or abbreviations, defined once for the page).
SECTION_LOCAL = frozenset(
    {"toc", "tables", "fenced_code", "attr_list", "admonition", "md_in_html", "def_list", "sane_lists"}
)


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

    def html(self, text: str) -> str:
        self._md.reset()
        return self._md.convert(text)

    def convert(self, text: str) -> tuple[str, list[dict]]:
        """The HTML and the table of contents (the toc extension's tokens, nested)."""
        self._md.reset()
        html = self._md.convert(text)
        return html, getattr(self._md, "toc_tokens", [])


# Headings below the title start the parts a page body is converted in.
_PART = re.compile(r"^#{2,6}(?!#)", re.MULTILINE)
# Heading lines, indented ones too (a heading in an admonition).
_HEADING_LINE = re.compile(r"^[ \t]*#{1,6}(?!#).*$", re.MULTILINE)
# What sends a body to the whole-page conversion: code fences and underlined headings
# (a '#' line may not be a heading), raw HTML blocks (a heading inside one is not a
# heading) and closing tags (an element may span parts), reference definitions (used
# across parts).
_NOT_SECTIONABLE = re.compile(
    r"^[ \t]*(?:```|~~~)|^[=-]+[ \t]*$|^ {0,3}<|</|^ {0,3}\[(?:[^\[\]\\]|\\.)+\]:", re.MULTILINE
)
# Links MkDocs rewrites (relative ones, resolved against the site's files): not ours to make.
# In the source (the page's own notices link relatively, as raw HTML MkDocs leaves alone),
# then in what its sections convert to.
_RELATIVE_SOURCE_LINK = re.compile(
    r"\]\(\s*<?(?!#|[a-zA-Z][a-zA-Z0-9+.-]*:)|\s(?:href|src)\s*=\s*[\"']?(?!#|[a-zA-Z][a-zA-Z0-9+.-]*:)"
)
_RELATIVE_LINK = re.compile(r'\s(?:href|src)="(?!#|[a-zA-Z][a-zA-Z0-9+.-]*:)')
_ID = re.compile(r'\sid="([^"]*)"')


class PageBodies:
    """Page bodies converted a section at a time, each section the version before had as well
    taken from that conversion.

    Archived versions share most of their sections, so most of an archive's Markdown
    need not be converted again.  A body is cut before each heading below the title;
    the head (title, notices, intro) and the sections not seen in the version before
    are converted together, in one conversion, ended by a sentinel heading, and the
    HTML is cut again before each top-level heading.  Python-Markdown ends a top-level
    block with one line break (two after raw HTML: the head keeps what follows it),
    so the sections joined give exactly the whole body's HTML; the table of contents
    is the sections' headings nested again.  :meth:`convert` gives that, or None for
    a body where it cannot be vouched for: see the patterns above, links MkDocs
    resolves itself, headings without an explicit ID outside the head (made-up IDs
    are unique page-wide), and extensions that are not section-local.  A test builds
    whole sites both ways and compares them byte for byte.
    """

    def __init__(self, renderer: Renderer):
        self.renderer = renderer
        self._previous: dict[str, tuple] = {}
        self._current: dict[str, tuple] = {}

    def convert(self, body: str, source: str) -> tuple[str, list[dict]] | None:
        """``body`` (a page's Markdown) as HTML and table of contents; ``source`` is the policy's own
        Markdown in it (the rest is the page's notices, HTML made by templates)."""
        if (
            not self.renderer.section_local
            or _NOT_SECTIONABLE.search(source)
            or _RELATIVE_SOURCE_LINK.search(source)
            or _SENTINEL_ID in source
        ):
            return None
        # (level, title, own ID, ...) as the parser reads each heading line.
        headings = [sources.read_heading(m.group(0).lstrip(" \t")) for m in _HEADING_LINE.finditer(source)]
        if any(level == 1 for level, *_ in headings[1:]):
            return None
        # Headings' own IDs: another element's {#id} does not make a heading's made-up ID safe.
        explicit = {own for _, _, own, _ in headings if own is not None}
        cuts = [0] + [m.start() for m in _PART.finditer(body)] + [len(body)]
        parts = [body[a:b] for a, b in zip(cuts, cuts[1:]) if b > a]
        self._previous, self._current = self._current, {}
        known = {part: self._previous[part] for part in parts[1:] if part in self._previous}
        new = [part for part in dict.fromkeys(parts[1:]) if part not in known]
        pieces = self._convert([parts[0], *new])
        if pieces is None:
            return None
        head, *fresh = pieces
        known.update(zip(new, fresh))
        self._current = known
        if any(token["id"] not in explicit for piece in fresh for token in piece[1]):
            return None  # a made-up ID outside the head: unique in this conversion only
        later = set().union(*(known[part][2] for part in parts[1:]))
        if any(token["id"] in later for token in head[1]):  # the head's made-up IDs are taken
            return None
        html = head[0] + "\n".join(known[part][0] for part in parts[1:])
        tokens = [
            dict(token, children=[]) for piece in [head, *(known[p] for p in parts[1:])] for token in piece[1]
        ]
        return html, nest_toc_tokens(tokens)

    def _convert(self, parts: list[str]) -> list[tuple[str, list[dict], set[str]]] | None:
        """``parts`` (the head, then sections) converted at once: ``[(HTML, flat TOC, IDs)]``;
        the head's HTML ends with what separates it from the section after it."""
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
        owners = []
        for token in flat:
            at = html.find(f' id="{token["id"]}"')
            if at < 0 or html.find(f' id="{token["id"]}"', at + 1) >= 0:
                return None
            owners.append(sum(1 for start in starts if start <= at))
        return [
            (chunk, [t for t, owner in zip(flat, owners) if owner == index], set(_ID.findall(chunk)))
            for index, chunk in enumerate(chunks)
        ]


# The end of a conversion of parts: a section of its own, cut away with its heading.
_SENTINEL_ID = "policysite-end-of-parts"
_SENTINEL = f"## end {{#{_SENTINEL_ID}}}\n"
_SECTION_HEADINGS = frozenset({"h2", "h3", "h4", "h5", "h6"})
HEADINGS = frozenset({"h1", *_SECTION_HEADINGS})
# An HTML tag (quoted attribute values may hold '>'), and the elements that have no end tag.
TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>")
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
