"""Rendered text: one version of a policy as a reader sees it, in blocks of tokens.

A redline shows the policy as it is rendered, so it is computed on the
rendered text, not on the Markdown: each section is rendered with the site's
own Markdown extensions (:class:`~policysite.render.Renderer`), cleaned by the
allow-list sanitizer (:func:`policysite.sanitize.clean`) and split into
*blocks*: paragraphs, list items (at any depth), table rows, headings and the
title.  A block keeps its place in the page (the lists and tables around it,
as ``containers``) and its text as *tokens* (:mod:`policysite.tokens`), each
carrying the inline elements around it (emphasis, links) as sanitized
opening tags.  Markdown syntax never reaches a block: only what the reader
sees, and the elements the sanitizer kept.

The data is plain JSON (the in-browser compare reads the very same data,
``/<policy>/versions/<version>.json``)::

    {"policy", "version", "lang", "title",
     "sections": [{"id": None or "general", "level": 1, "title": "1. General",
                   "s": fingerprint of the section's source (its status),
                   "h": the heading's sentences of tokens,
                   "m": [[opening tags of a token's inline elements], ...],   # "m"[0] == []
                   "c": [[container opening tag, list number], ...],
                   "b": [{"k": kind, "f": [container indexes, outermost first],
                          "w": the block's own opening tag, "n": list number (ol items),
                          "x": hash of what the block shows,
                          "p": [[cell opening tag or "", [sentence, ...], its HTML], ...]}]}]}

A token is its text (no inline element) or ``[index into "m", text]``; a text
starting with NUL is an element without content (``<br>``, ``<img>``), kept as
sanitized HTML.  A cell's (or block's) HTML is its tokens in their elements
(:func:`inline_html`): an unchanged, inserted or deleted block is shown from it
directly.  Link targets stay as the source wrote them (``terms.md#use``): the
page that shows a block rebases them (:func:`rebase_html`).
"""

from __future__ import annotations

import hashlib
import html
import re

from . import blockscan, quickparse, sanitize, tokens
from .cache import Generations
from .render import HEADINGS as _HEADINGS
from .render import TAG as _TAG
from .render import Parts, Renderer, cut_parts, sectionable, top_headings
from .sources import Document, Section

INTRO = "(intro)"
VOID = "\x00"
TITLE_TAG = '<p class="redline-doctitle">'

BLOCK_TAGS = _HEADINGS | {
    *("p", "div", "section", "blockquote", "pre", "hr", "address", "figure", "figcaption"),
    *("ul", "ol", "li", "dl", "dt", "dd", "details", "summary"),
    *("table", "caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr", "th", "td"),
}
_VOID_TAGS = frozenset(("br", "img", "wbr", "hr", "col"))
# Tags as nh3 writes them: lowercase names, attribute values in double quotes.
_START = re.compile(r'\bstart="(\d+)"')
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")
# An attribute list ending a heading.  A match starts where its spaces start (the lookbehind):
# tried from every position, a run of spaces not followed by one would cost its square.
_ATTR_LIST_END = re.compile(r"(?<![ \t])[ \t]*+\{:?[^{}]*\}[ \t]*$")
_REFERENCE = re.compile(r"^ {0,3}\[(?:[^\[\]\\]|\\.)+\]:[ \t]*\S")
_FENCE = re.compile(r"^(`{3,}|~{3,})")
_BLANKS = re.compile(r"\n{3,}")
_INNER_SPACE = re.compile(r"(?<=\S)[ \t]+")
_TRAILING_SPACE = re.compile(r"(?<![ \t])[ \t]++$", re.MULTILINE)  # (from each run's start: linear)


# ---------------------------------------------------------------- sources


def h1_of(document: Document) -> str | None:
    """The text of the document's ``# `` title line (None when it has none)."""
    return _h1_of_lines(document.text.split("\n")[document.body_line - 1 :])


def _h1_of_lines(lines: list[str]) -> str | None:
    fence = None
    for line in lines:
        if fence:
            if line.strip() == fence:
                fence = None
            continue
        opening = _FENCE.match(line)
        if opening:
            fence = opening.group(1)
            continue
        if line.startswith("#") and not line.startswith("##"):
            # '# Title ##' -> 'Title' (as '^#[ \t]*(.*?)[ \t#]*$' reads it, without its backtracking)
            return _ATTR_LIST_END.sub("", line[1:].lstrip(" \t").rstrip(" \t#")).strip()
        if line.startswith("## "):
            return None
    return None


def _normalized(text: str) -> str:
    """Markdown with spelling-only differences removed: trailing and repeated spaces, extra blank lines."""
    # The regular expressions only where they can change something (most texts have no
    # doubled spaces, tabs, trailing spaces or doubled blank lines): this runs on every section
    # of every version when history is read without a cache.
    if "\t" in text or "  " in text:
        text = _INNER_SPACE.sub(" ", _TRAILING_SPACE.sub("", text))
    elif " \n" in text or text.endswith(" "):
        text = _TRAILING_SPACE.sub("", text)
    if "\n\n\n" in text:
        text = _BLANKS.sub("\n\n", text)
    return text.strip("\n")


def fingerprint(title: str, text: str) -> str:
    """What decides whether a section changed: its title and its normalized Markdown."""
    both = _normalized(title) + "\0" + _normalized(text)
    return hashlib.blake2b(both.encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()


def sections_of(document: Document) -> list[tuple[str, Section]]:
    """``[(key, section)]``: the intro, then every section with an ID, in document order."""
    return [(INTRO, document.root)] + [(s.id, s) for s in document.sections if s.id]


def intro_title(document: Document) -> str:
    """The intro's 'title' for change detection: the front matter title and the ``#`` line."""
    h1 = h1_of(document)
    return (document.title or "") + ("\n# " + h1 if h1 is not None and h1 != document.title else "")


def fingerprints(document: Document | None) -> dict[str, str]:
    """Each section's :func:`fingerprint` (callers keep what they reuse: see ``Redlines._outline``)."""
    if document is None:
        return {}
    return {
        key: fingerprint(intro_title(document) if key == INTRO else section.title, section.text)
        for key, section in sections_of(document)
    }


def outline(document: Document | None) -> dict | None:
    """What :func:`policysite.diff.compare_data` needs to give each section's status: the
    sections in order with their level, title and :func:`fingerprint`, no rendered text."""
    if document is None:
        return None
    prints = fingerprints(document)
    return {
        "sections": [
            {
                "id": None if key == INTRO else key,
                "level": section.level,
                "title": document.title or "" if key == INTRO else section.title,
                "s": prints[key],
            }
            for key, section in sections_of(document)
        ]
    }


def quick_outline(data: bytes, title: str | None, memo: dict | None = None) -> dict | None:
    """:func:`outline` of a source's bytes without parsing it (:func:`quickparse.plain_sections`),
    or None when the source is not plain and must be parsed.

    Listings (``policy versions``, ``versions.json``) count changed sections in every
    version; with no cache, parsing every version was most of their time. ``title`` is the
    front matter's (``Text.header.title``).  ``memo`` keeps fingerprints by title and text
    between calls: consecutive versions share most of their sections.
    """
    plain = quickparse.plain_sections(data)
    if plain is None:
        return None
    sections, h1_line = plain
    h1 = _h1_of_lines([h1_line]) if h1_line is not None else None
    intro_title = (title or "") + ("\n# " + h1 if h1 is not None and h1 != title else "")
    memo = {} if memo is None else memo
    found = []
    for level, key, heading, text in sections:
        pair = (intro_title if key is None else heading, text)
        print_ = memo.get(pair)
        if print_ is None:
            print_ = memo[pair] = fingerprint(*pair)
        found.append(
            {"id": key, "level": level, "title": title or "" if key is None else heading, "s": print_}
        )
    return {"sections": found}


def _references(document: Document) -> str:
    """The document's reference-link definitions, so each section renders its ``[text][label]`` links."""
    if "]:" not in document.text:
        return ""
    lines = document.text.split("\n")[document.body_line - 1 :]
    found = [line for line in lines if _REFERENCE.match(line)]
    return ("\n\n" + "\n".join(found)) if found else ""


# ---------------------------------------------------------------- rendered HTML -> blocks


def _without_comments(markup: str) -> str:
    """``markup`` without its ``<!-- ... -->`` comments (each to the first ``-->`` after it).  A
    scan, not ``<!--.*?-->``, which reads to the end again from every unclosed ``<!--``."""
    if "<!--" not in markup:
        return markup
    out, position = [], 0
    while (start := markup.find("<!--", position)) >= 0 and (end := markup.find("-->", start + 4)) >= 0:
        out.append(markup[position:start])
        position = end + 3
    out.append(markup[position:])
    return "".join(out)


class _Open:
    __slots__ = ("tag", "html", "cid", "blocky", "count", "start", "n")

    def __init__(self, tag: str, markup: str, n: int = 0):
        self.tag, self.html, self.n = tag, markup, n
        self.cid: int | None = None
        self.blocky = False
        self.count = 0
        match = _START.search(markup) if tag == "ol" else None
        self.start = int(match.group(1)) if match else 1


class _Walker:
    """One section's sanitized HTML -> its heading tokens, containers and blocks."""

    def __init__(self, lang: str, heading: bool, memo: Generations | None = None):
        self.lang = lang
        self.memo = memo  # text-only runs -> their (sentences, HTML): a version repeats most paragraphs
        self.expect_heading = heading
        self.heading: list | None = None
        self.stacks: list[list[str]] = [[]]
        self.stack_ids: dict[tuple, int] = {(): 0}
        self.containers: list[list] = []
        self.blocks: list[dict] = []
        self.path: list[_Open] = []
        self.inline: list[str] = []
        self.segments: list[tuple[int, str]] = []
        self.row: list | None = None
        self.row_open: tuple[str, list[int]] | None = None
        self.cell: str | None = None
        self.skip = 0
        self.pre = 0

    # -- input

    def feed(self, markup: str) -> None:
        markup = _without_comments(markup)
        position = 0
        for match in _TAG.finditer(markup):
            if match.start() > position:
                self.text(markup[position : match.start()])
            position = match.end()
            closing, tag = match.group(1), match.group(2).lower()
            if closing:
                self.end(tag)
            else:
                self.start(tag, match.group(0))
        if position < len(markup):
            self.text(markup[position:])
        self.flush(self.path)

    def text(self, raw: str) -> None:
        if self.skip:
            return
        self.segments.append((self._stack(), html.unescape(raw)))

    def start(self, tag: str, markup: str) -> None:
        if self.skip:
            if tag not in _VOID_TAGS:
                self.skip += 1
            return
        if self.row is not None:
            if tag in ("td", "th"):
                self.segments = []
                self.cell = markup
            elif tag not in BLOCK_TAGS:
                self._inline_start(tag, markup)
            return
        if tag not in BLOCK_TAGS:
            self._inline_start(tag, markup)
            return
        parent = self.path[-1] if self.path else None
        self.flush(self.path)
        if parent is not None:
            parent.blocky = True
        if tag == "tr":
            self.row, self.row_open = [], (markup, self._frame(self.path))
            return
        if tag in ("hr", "col"):
            if tag == "hr":
                self._emit("hr", self._frame(self.path), markup, 0, [])
            return
        number = 0
        if tag == "li" and parent is not None and parent.tag == "ol":
            number = parent.start + parent.count
            parent.count += 1
        if tag == "pre":
            self.pre += 1
        self.path.append(_Open(tag, markup, number))

    def end(self, tag: str) -> None:
        if self.skip:
            self.skip -= 1
            return
        if self.row is not None:
            if tag in ("td", "th") and self.cell is not None:
                self.row.append([self.cell, *self._part(self.segments)])
                self.segments, self.cell = [], None
            elif tag == "tr":
                assert self.row_open is not None  # (opened with the row, closed with it)
                markup, frame = self.row_open
                self._emit("tr", frame, markup, 0, self.row)
                self.row, self.row_open = None, None
            elif tag not in BLOCK_TAGS:
                self._inline_end(tag)
            return
        if tag not in BLOCK_TAGS:
            self._inline_end(tag)
            return
        if not any(open_.tag == tag for open_ in self.path):
            return
        while self.path:
            element = self.path[-1]
            if element.blocky:
                self.flush(self.path)
            else:
                self._leaf(element)
            self.path.pop()
            if element.tag == "pre":
                self.pre -= 1
            if element.tag == tag:
                break

    # -- inline elements

    def _inline_start(self, tag: str, markup: str) -> None:
        if tag in _VOID_TAGS:
            self.segments.append((self._stack(), VOID + markup))
        else:
            self.inline.append(markup)

    def _inline_end(self, tag: str) -> None:
        for index in range(len(self.inline) - 1, -1, -1):
            if tag_name(self.inline[index]) == tag:
                del self.inline[index:]
                return

    def _stack(self) -> int:
        key = tuple(self.inline)
        index = self.stack_ids.get(key)
        if index is None:
            index = self.stack_ids[key] = len(self.stacks)
            self.stacks.append(list(key))
        return index

    # -- blocks

    def _frame(self, path: list[_Open]) -> list[int]:
        frame = []
        for element in path:
            if element.cid is None:
                element.cid = len(self.containers)
                self.containers.append([element.html, element.n])
            frame.append(element.cid)
        return frame

    def _leaf(self, element: _Open) -> None:
        sentences, markup = self._part(self.segments)
        self.segments = []
        frame = self._frame(self.path[:-1])
        if element.tag in _HEADINGS and self.expect_heading and self.heading is None and not self.blocks:
            self.heading = sentences
            return
        kind = "h" if element.tag in _HEADINGS else None
        self._emit(kind, frame, element.html, element.n, [["", sentences, markup]], element.tag)

    def flush(self, path: list[_Open]) -> None:
        """The text collected so far, outside any leaf element (``<li>text<ul>…``): a block of its own."""
        if self.segments:
            segments, self.segments = self.segments, []
            if any(text.startswith(VOID) or text.strip() for _, text in segments):
                self._emit(None, self._frame(path), "", 0, [["", *self._part(segments)]])

    def _emit(self, kind: str | None, frame: list[int], wrapper: str, number: int, parts, tag=None) -> None:
        if kind is None:
            tag = tag or ""
            inside_item = tag == "li" or any(tag_name(self.containers[c][0]) == "li" for c in frame)
            kind = "li" if inside_item else "p"
        block = {"k": kind, "f": frame, "w": wrapper, "p": parts}
        if number:
            block["n"] = number
        self.blocks.append(block)

    def _part(self, segments: list[tuple[int, str]]) -> tuple[list[list], str]:
        """Segments -> (sentences of tokens, their HTML); spaces collapse as in HTML, not in ``<pre>``.
        Text alone (most paragraphs) is looked up in ``memo`` first: a version repeats most of them."""
        if self.memo is None or self.pre or any(stack or text.startswith(VOID) for stack, text in segments):
            return self._tokens(segments)
        key = (self.lang, *(text for _, text in segments))
        return self.memo.get(key, lambda: self._tokens(segments))

    def _tokens(self, segments: list[tuple[int, str]]) -> tuple[list[list], str]:
        items: list[tuple[int, str]] = []
        if self.pre:
            for stack, text in segments:
                pieces = [text] if text.startswith(VOID) else tokens.tokenize(text, self.lang)
                items += [(stack, piece) for piece in pieces]
        else:
            space = True  # at the start: leading spaces go
            for stack, text in segments:
                if text.startswith(VOID):
                    items.append((stack, text))
                    space = False
                    continue
                text = _HTML_SPACE.sub(" ", text)
                if space and text.startswith(" "):
                    text = text[1:]
                if not text:
                    continue
                space = text.endswith(" ")
                items += [(stack, piece) for piece in tokens.tokenize(text, self.lang)]
            while items and items[-1][1] == " ":
                items.pop()
        texts = [text for _, text in items]
        ends = tokens.sentence_ends(texts) if items else []
        if all(stack == 0 and not text.startswith(VOID) for stack, text in segments):
            # Text alone, no inline element (most blocks): its tokens are their texts.
            return [texts[a:b] for a, b in zip([0, *ends], ends)], html.escape("".join(texts), quote=False)
        out, start = [], 0
        for end in ends:
            out.append([text if stack == 0 else [stack, text] for stack, text in items[start:end]])
            start = end
        return out, inline_html(items, self.stacks)


def inline_html(items: list[tuple[int, str]], stacks: list[list[str]]) -> str:
    """Tokens ``[(stack index, text)]`` as HTML: each run in its elements, text escaped.

    :func:`policysite.pages.marks.inline` writes the same markup for unchanged
    tokens, so a whole block can be shown from this HTML alone.
    """
    out: list[str] = []
    opened: list[str] = []
    run: list[str] = []
    current = 0
    for stack, text in items:
        if stack != current:
            if run:
                out.append(html.escape("".join(run), quote=False))
                run = []
            target = stacks[stack]
            depth = 0
            while depth < len(opened) and depth < len(target) and opened[depth] == target[depth]:
                depth += 1
            while len(opened) > depth:
                out.append(f"</{tag_name(opened.pop())}>")
            for tag in target[depth:]:
                out.append(tag)
                opened.append(tag)
            current = stack
        if text.startswith(VOID):
            if run:
                out.append(html.escape("".join(run), quote=False))
                run = []
            out.append(text[1:])
        else:
            run.append(text)
    if run:
        out.append(html.escape("".join(run), quote=False))
    while opened:
        out.append(f"</{tag_name(opened.pop())}>")
    return "".join(out)


def tag_name(markup: str) -> str:
    match = _TAG.match(markup)
    return match.group(2).lower() if match else ""


def block_hash(block: dict) -> str:
    """What a block shows (its kind, its opening tags and its HTML), as a short hash."""
    digest = hashlib.blake2b(digest_size=8)
    digest.update(f"{block['k']}\0{block['w']}".encode())
    for cell, _, markup in block["p"]:
        digest.update(f"\0{cell}\0{markup}".encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


# ---------------------------------------------------------------- documents


def _plain(sentences: list[list]) -> str:
    return "".join(
        text for sentence in sentences for token in sentence for text in [_text(token)] if text[:1] != VOID
    )


def _text(token) -> str:
    return token if isinstance(token, str) else token[1]


def _walk(markup: str, lang: str, heading: bool, renderer: Renderer, memo: Generations | None = None) -> dict:
    """Sanitized HTML -> block data: the headings' permalinks (the site's, not text) and the site's
    classes left out, so a redline shows every text of the page and nothing dressed as the site's."""
    walker = _Walker(lang, heading, memo)
    permalink = renderer.permalink
    walker.feed(sanitize.source_classes(permalink.sub("", markup) if permalink is not None else markup))
    for block in walker.blocks:
        block["x"] = block_hash(block)
    return {"h": walker.heading or [], "m": walker.stacks, "c": walker.containers, "b": walker.blocks}


def render_section(
    markdown: str, lang: str, renderer: Renderer, heading: bool, memo: Generations | None = None
) -> dict:
    """One section's Markdown -> ``{"h", "m", "c", "b"}`` (see the module's docstring)."""
    return _walk(sanitize.clean(renderer.html(markdown)), lang, heading, renderer, memo)


def split_headings(markup: str) -> list[str]:
    """Sanitized HTML cut before each heading that is not inside another element."""
    cuts = top_headings(markup)
    return [markup[a:b] for a, b in zip(cuts, cuts[1:] + [len(markup)])] if cuts else []


class TextRenderer:
    """Documents -> their block data, rendering only what the version before did not have.

    A section whose Markdown is the same as in the version rendered just before
    is not rendered again; the sections that changed are rendered together, in
    one Markdown conversion, and split at their headings.  Where a policy allows
    (see :class:`~policysite.render.Parts`), a section is its part of the source
    (heading line as written, ``{#id}`` and all), converted through ``parts``, which
    the archived pages share: a version's sections are converted once for both.
    """

    def __init__(self, renderer: Renderer | None = None, by_parts: bool = True):
        self.renderer = renderer or Renderer()
        self.parts = Parts(self.renderer)
        self.by_parts = by_parts
        self._sections = Generations()  # rendered sections, of this text and the one before
        self._paragraphs = Generations()  # their text-only runs, tokenized (see _Walker._part)

    def _render(self, wanted: list[tuple], lang: str, references: str) -> None:
        """Render ``[(key, markdown, heading)]`` (each starting with its heading line) at once."""
        if not wanted:
            return
        if len(wanted) > 1:
            markup = sanitize.clean(self.renderer.html("\n\n".join(md for _, md, _ in wanted) + references))
            chunks = split_headings(markup)
            if len(chunks) == len(wanted):
                for (key, _, heading), chunk in zip(wanted, chunks):
                    self._sections[key] = _walk(chunk, lang, heading, self.renderer, self._paragraphs)
                return
        for key, markdown, heading in wanted:  # one at a time: what they render does not split cleanly
            self._sections[key] = render_section(
                markdown + references, lang, self.renderer, heading, self._paragraphs
            )

    def _render_parts(self, wanted: list[tuple], lang: str) -> bool:
        """Render ``wanted`` (the intro first if it is, then parts of the source) through ``parts``."""
        head = wanted[0] if wanted and not wanted[0][2] else None
        sections = wanted[1:] if head is not None else wanted
        if not sections and head is None:
            return True
        found = self.parts.convert(head[1] if head is not None else "", [md for _, md, _ in sections])
        if found is None:
            return False
        head_piece, pieces = found
        if head is not None:
            self._sections[head[0]] = _walk(
                sanitize.clean(head_piece[0]), lang, False, self.renderer, self._paragraphs
            )
        for (key, _, _), piece in zip(sections, pieces):
            self._sections[key] = _walk(sanitize.clean(piece[0]), lang, True, self.renderer, self._paragraphs)
        return True

    def _source_parts(self, document: Document, references: str) -> list[str] | None:
        """The source's part of each section (see :func:`sections_of`), or None where the
        sections cannot be rendered as parts of the source."""
        if references or not self.by_parts or not self.parts.renderer.section_local:
            return None
        body = document.body
        if not sectionable(body):
            return None
        parts = cut_parts(body)[1:]
        sections = document.sections
        if len(parts) != len(sections) or any(
            (heading := blockscan.read_heading(part.split("\n", 1)[0])) is None
            or heading[2] is None
            or heading[2] != section.id
            for part, section in zip(parts, sections)
        ):
            return None
        return parts

    def data(self, document: Document, lang: str, policy: str = "", version: str = "") -> dict:
        """The block data of ``document`` (see the module's docstring)."""
        self._sections.turn()
        self._paragraphs.turn()
        references = _references(document)
        h1 = h1_of(document)
        intro_md = (f"# {h1}\n\n" if h1 is not None else "") + document.root.text
        intro_key = (intro_md, references, lang, False)
        parts = self._source_parts(document, references)
        wanted = []
        if not self._sections.has(intro_key):
            if h1 is None and parts is None:  # no heading to split at: on its own
                self._sections[intro_key] = render_section(
                    intro_md + references, lang, self.renderer, False, self._paragraphs
                )
            else:
                wanted.append((intro_key, intro_md, False))
        keys = {}
        for index, (key, section) in enumerate(sections_of(document)[1:]):
            if parts is not None:
                markdown = parts[index]
            else:
                markdown = f"{'#' * section.level} {section.title}\n\n{section.text}"
            keys[key] = (markdown, references, lang, True)
            if not self._sections.has(keys[key]) and all(k != keys[key] for k, _, _ in wanted):
                wanted.append((keys[key], markdown, True))
        if parts is None or not self._render_parts(wanted, lang):
            self._render(wanted, lang, references)

        sections = []
        prints = fingerprints(document)
        for key, section in sections_of(document):
            if key == INTRO:
                rendered = self._intro(document, self._sections[intro_key], lang)
                title = document.title or ""
            else:
                rendered = self._sections[keys[key]]
                title = _plain(rendered["h"]) or section.title
            sections.append(
                {
                    "id": None if key == INTRO else key,
                    "level": section.level,
                    "title": title,
                    "s": prints[key],
                    **rendered,
                }
            )
        return {
            "policy": policy or document.policy,
            "version": version or document.version or "",
            "lang": lang,
            "title": document.title or "",
            "sections": sections,
        }

    @staticmethod
    def _intro(document: Document, rendered: dict, lang: str) -> dict:
        """The intro's blocks, the title first (front matter, and the ``#`` line when it says otherwise)."""
        rendered = dict(rendered)
        title_blocks = [_title_block(document.title, lang)] if document.title else []
        first = rendered["b"][0] if rendered["b"] else None
        if first is not None and first["k"] == "h" and first["w"].startswith("<h1"):
            if _plain(first["p"][0][1]) != (document.title or ""):
                heading = dict(first, k="title", w=TITLE_TAG)
                heading["x"] = block_hash(heading)
                title_blocks.append(heading)
            rendered["b"] = rendered["b"][1:]
        rendered["b"] = title_blocks + rendered["b"]
        return rendered


def _title_block(title: str, lang: str) -> dict:
    pieces = tokens.tokenize(" ".join(title.split()), lang)
    markup = inline_html([(0, piece) for piece in pieces], [[]])
    block = {"k": "title", "f": [], "w": TITLE_TAG, "p": [["", tokens.sentences(pieces), markup]]}
    block["x"] = block_hash(block)
    return block


def text_data(document: Document, lang: str | None = None, renderer: Renderer | None = None) -> dict:
    """One document's block data (a convenience for one-off uses: the CLI, tests)."""
    return TextRenderer(renderer).data(document, lang or document.lang)


# ---------------------------------------------------------------- links


_URL_ATTR = re.compile(r'\s(href|src)="([^"]*)"')
_SCHEME = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:")


def rebase_url(url: str, root: str) -> str:
    """A link target as the source wrote it (relative to the policy) -> a URL from a page ``root`` below it.

    ``terms.md#use`` -> ``{root}terms/#use``; fragments, absolute and scheme URLs stay.
    """
    if not url or url.startswith(("#", "/", "?")) or _SCHEME.match(url):
        return url
    path, hashmark, fragment = url.partition("#")
    if path.endswith(".md"):
        path = path[:-3]
        folder, _, name = path.rpartition("/")
        path = (folder + "/" if folder else "") if name == "index" else path + "/"
    return root + path + hashmark + fragment


def rebase_html(markup: str, root: str) -> str:
    """HTML with the ``href``/``src`` of its tags rebased (text is escaped: it holds no ``<``)."""
    if "=" not in markup:
        return markup
    return _TAG.sub(lambda m: rebase_tag(m.group(0), root) if not m.group(1) else m.group(0), markup)


def rebase_tag(markup: str, root: str) -> str:
    """An opening tag with its ``href``/``src`` rebased (see :func:`rebase_url`)."""
    if "=" not in markup:
        return markup
    return _URL_ATTR.sub(
        lambda m: (
            f' {m.group(1)}="' + html.escape(rebase_url(html.unescape(m.group(2)), root), quote=True) + '"'
        ),
        markup,
    )
