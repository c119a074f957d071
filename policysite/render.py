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
_HEADING_LINE = re.compile(r"^#{1,6}(?!#)(.*)$", re.MULTILINE)
_EXPLICIT_ID = re.compile(r"\{:?[^{}]*#[A-Za-z0-9_-][^{}]*\}[ \t#]*$")
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
    """Page bodies converted one section at a time, each section the version before had as well
    taken from that conversion.

    Archived versions share most of their sections, so most of an archive's Markdown
    need not be converted again.  :meth:`convert` gives exactly what converting the
    whole body gives, HTML and table of contents (Python-Markdown joins top-level
    blocks with a line break, and the parts are cut before headings), or None for a
    body where that cannot be vouched for: see the patterns above, links MkDocs
    resolves itself, headings without an explicit ID (their IDs are made unique
    page-wide), and extensions that are not section-local.  A test builds whole sites
    both ways and compares them byte for byte.
    """

    def __init__(self, renderer: Renderer):
        self.renderer = renderer
        self._previous: dict[str, tuple | None] = {}
        self._current: dict[str, tuple | None] = {}

    def convert(self, body: str, source: str) -> tuple[str, list[dict]] | None:
        """``body`` (a page's Markdown) as HTML and table of contents; ``source`` is the policy's own
        Markdown in it (the rest is the page's notices, HTML made by templates)."""
        if (
            not self.renderer.section_local
            or _NOT_SECTIONABLE.search(source)
            or _RELATIVE_SOURCE_LINK.search(source)
        ):
            return None
        titles = [m.group(1) for m in _HEADING_LINE.finditer(source)]
        levels = [len(m.group(0)) - len(m.group(0).lstrip("#")) for m in _HEADING_LINE.finditer(source)]
        if any(level == 1 for level in levels[1:]) or not all(
            _EXPLICIT_ID.search(title) for title, level in zip(titles, levels) if level > 1
        ):
            return None
        self._previous, self._current = self._current, {}
        cuts = [0] + [m.start() for m in _PART.finditer(body)] + [len(body)]
        parts = [body[a:b] for a, b in zip(cuts, cuts[1:]) if b > a]
        converted = []
        for index, part in enumerate(parts):
            found = self._previous.get(part) if index else None
            if found is None and part not in self._previous:
                html, toc = self.renderer.convert(part)
                found = (html, list(_flat(toc)), set(_ID.findall(html)))
                if index and _RELATIVE_LINK.search(html):
                    found = None
            if index:
                self._current[part] = found
            if found is None:
                return None
            converted.append(found)
        later = set().union(*(ids for _, _, ids in converted[1:]))
        if any(token["id"] in later for token in converted[0][1]):  # the title's made-up ID is not unique
            return None
        tokens = [dict(token, children=[]) for _, flat, _ in converted for token in flat]
        return "\n".join(html for html, _, _ in converted), nest_toc_tokens(tokens)


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
