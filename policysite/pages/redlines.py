"""Redlines and the rendered text they are made of, computed once and kept.

Each version's text is rendered once into block data (:mod:`policysite.blocks`,
the JSON the in-browser compare reads), keyed by the blob's hash, its policy and
language and the Markdown configuration; each redline page's HTML once per pair
of texts.  Both live in memory and (through :class:`~policysite.cache.Caches`)
on disk, so a warm build renders and redlines nothing.  Section statuses and
counts (for summaries) come from the sources alone, without rendering.
"""

from __future__ import annotations

import functools
import json
from collections import OrderedDict
from collections.abc import MutableMapping
from dataclasses import dataclass, field

from markupsafe import Markup, escape

from .. import blocks, diff, locale, sanitize
from ..cache import Generations, Recent
from ..history import PolicyHistory, Text, Version
from ..render import Parts, Renderer
from ..spool import Spool, Spooled, as_bytes, as_text, keep
from . import marks
from .common import render

# From a redline page (/<lang>/<policy>/changes/<version>/) to its language's root.
CHANGES_ROOT = "../../../"
# From a versions page (/<lang>/<policy>/versions/), where compare.js runs.
VERSIONS_ROOT = "../../"


@dataclass
class Redlines:
    """Redline pages (``cache``), section statuses (``outlines``) and rendered texts (``texts``)."""

    cache: MutableMapping = field(default_factory=dict)
    outlines: MutableMapping = field(default_factory=dict)
    texts: MutableMapping = field(default_factory=dict)
    renderer: Renderer | None = None
    # Archived pages' bodies, converted (see render.PageBodies), by a digest of their Markdown
    bodies: MutableMapping = field(default_factory=dict)
    by_parts: bool = True  # block data from the source's parts (see blocks.TextRenderer)
    # Archived pages' bodies converted by the last build, for the next (mkdocs serve): off by default
    recent: Recent = field(default_factory=Recent)
    # Where a one-shot build keeps the texts' block data and the redlines it makes (see
    # policysite.spool): they are staged pages, read back once when written
    spool: Spool | None = None

    def __post_init__(self) -> None:
        self._recent: OrderedDict = OrderedDict()  # the last few texts' data, parsed
        self._outlined: OrderedDict = OrderedDict()  # the last few texts' outlines
        self._prints: dict = {}  # (title, text) -> fingerprint of recent sections
        self._words = Generations()  # what the last redlines read of their blocks (see diff.compare_data)

    @functools.cached_property
    def _renderer(self) -> blocks.TextRenderer:
        # Made on first use: listings (policy versions) need statuses, never rendered text.
        self.renderer = self.renderer or Renderer()
        return blocks.TextRenderer(self.renderer, self.by_parts)

    @property
    def signature(self) -> str:
        """The Markdown configuration the texts are rendered with (part of every key of a rendering)."""
        return self._renderer.renderer.signature

    @property
    def parts(self) -> Parts:
        """The converted parts the block data is made from, for the archived pages to share."""
        return self._renderer.parts

    # -- rendered texts

    def _text_key(self, policy: str, text: Text) -> tuple:
        return (policy, text.lang, text.sha256, self.signature)

    def text_json(self, policy: str, text: Text) -> bytes | Spooled:
        """``text`` as block data, JSON (what ``/<policy>/versions/<version>.json`` holds; in the
        spool when there is one)."""
        key = self._text_key(policy, text)
        found = self.texts.get(key)
        if found is None:
            data = self._renderer.data(text.document, text.lang, policy)
            made = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n"
            found = self.texts[key] = keep(self.spool, made)
            self._remember(key, data)
        return found

    def text_data(self, policy: str, text: Text) -> dict:
        key = self._text_key(policy, text)
        data = self._recent.get(key)
        if data is None:
            data = json.loads(as_bytes(self.text_json(policy, text)))
            self._remember(key, data)
        return data

    def _remember(self, key: tuple, data: dict) -> None:
        self._recent[key] = data
        self._recent.move_to_end(key)
        while len(self._recent) > 4:
            self._recent.popitem(last=False)

    # -- redlines

    @staticmethod
    def previous_text(history: PolicyHistory, version: Version, lang: str) -> Text | None:
        """The nearest earlier version's ``lang`` text."""
        index = history.index(version)
        return next((v.texts[lang] for v in reversed(history.versions[:index]) if lang in v.texts), None)

    def page_html(self, history: PolicyHistory, version: Version, lang: str) -> Markup | None:
        """The redline page's HTML: ``version`` in ``lang`` against the nearest earlier version."""
        new = version.texts.get(lang)
        if new is None:
            return None
        return self.pair_html(history.policy, self.previous_text(history, version, lang), new, lang)

    def pair_html(
        self, policy: str, old: Text | None, new: Text, lang: str, root: str = CHANGES_ROOT
    ) -> Markup:
        """The redline of ``new`` against ``old`` (None: all new), its links rebased on ``root``."""
        key = (old.sha256 if old else None, new.sha256, lang, self._renderer.renderer.signature, root)
        found = self.cache.get(key)
        if found is None:
            redline = diff.compare_data(
                self.text_data(policy, old) if old else None,
                self.text_data(policy, new),
                lang,
                words=self._words,
            )
            made = redline_html(redline, lang, root)
            self.cache[key] = keep(self.spool, made.encode("utf-8")) if self.spool is not None else made
            return Markup(made)
        return Markup(as_text(found))

    def outline(self, history: PolicyHistory, version: Version, lang: str) -> dict | None:
        """Section statuses and counts of ``version`` in ``lang``, from the sources alone."""
        new = version.texts.get(lang)
        if new is None:
            return None
        old = self.previous_text(history, version, lang)
        key = (old.sha256 if old else None, new.sha256, lang)
        if key not in self.outlines:
            redline = diff.compare_data(self._outline(old), self._outline(new), lang, inline=False)
            self.outlines[key] = {
                "counts": redline.summary,
                "sections": {s.id: s.status for s in redline.sections if s.id},
            }
        return {"first": old is None, **self.outlines[key]}

    def _outline(self, text: Text | None) -> dict | None:
        """The outline of ``text``: read quickly from its bytes when plain, else from its parse.

        Each text is outlined twice in a row (against the version before, then the one after):
        the last few are kept.
        """
        if text is None:
            return None
        found = self._outlined.get(text)  # by identity: the same bytes may adopt other IDs
        if found is None:
            if not text.parsed:  # a listing: try without parsing
                if len(self._prints) > 500:
                    self._prints.clear()
                found = blocks.quick_outline(text.data, text.header.title, self._prints)
            if found is None:
                found = blocks.outline(text.document)
            self._outlined[text] = found
            while len(self._outlined) > 4:
                self._outlined.popitem(last=False)
        return found

    def summary(self, history: PolicyHistory, version: Version, lang: str | None = None) -> dict:
        """Counts of sections added, removed, changed and moved in ``lang`` (by default the
        reference language, else the first language the version has: its texts are in the site's
        order, the reference first)."""
        if lang is None or lang not in version.texts:
            lang = next(iter(version.texts), None)
        outline = self.outline(history, version, lang) if lang else None
        if outline is None:
            return {"first": True, "added": 0, "removed": 0, "changed": 0, "moved": 0}
        return {"first": outline["first"], **outline["counts"]}


def _level(section: diff.SectionDiff) -> int:
    """The page title is h1, so the intro and ``##`` sections are h2."""
    return max(2, min(section.level, 6))


# The anchors of the intro (it has no section ID; a section ID never starts with "redline-"
# in practice, and these are the site's own) and of the list of changes.
INTRO_ANCHOR = "redline-intro"
CHANGES_ANCHOR = "redline-changes"


def redline_html(redline: diff.Redline, lang: str, root: str) -> str:
    """The redline as HTML: the list of changed sections (with links), then the sections,
    changed ones marked inline with links to the previous and next change, unchanged ones
    folded.  A first version (nothing to compare with) is its text as it reads, unmarked.

    ``root`` is the relative URL from the page showing it to its language's root
    (links in the text are rebased on it).
    """
    words = marks.labels(lang)
    groups: list[dict] = []
    changes: list[dict] = []
    for section in redline.sections:
        unchanged = section.status == "unchanged" and not redline.first
        if not groups or groups[-1]["unchanged"] != unchanged:
            groups.append({"unchanged": unchanged, "sections": []})
        entry = _entry(marks.plain(section) if redline.first else section, lang, words, root)
        groups[-1]["sections"].append(entry)
        if not unchanged and not redline.first:
            changes.append(entry)
    for index, entry in enumerate(changes if len(changes) > 1 else []):
        entry["previous"] = changes[index - 1] if index else None
        entry["next"] = changes[index + 1] if index + 1 < len(changes) else None
    # Made of sanitized tags and escaped text only (and the build cleans every page again).
    markup = render(
        "redline.html", groups=groups, changes=changes, first=redline.first, lang=lang, list=CHANGES_ANCHOR
    )
    return sanitize.unstamped(markup).strip()


def _entry(section: diff.SectionDiff, lang: str, words: dict[str, str], root: str) -> dict:
    """What the template shows of one section."""
    if section.id is None:
        title = escape(locale.text(lang, "intro"))
    else:
        title = marks.title(section, words, root)
    number = section.number
    return {
        "anchor": section.id if section.id is not None else INTRO_ANCHOR,
        "status": section.status,
        "level": _level(section),
        "title": title,
        "text": locale.text(lang, "intro") if section.id is None else section.title,
        "mark": Markup(marks.renumbered(*number, words)) if number else "",
        "body": marks.body(section, words, root),
        "source_only": section.status == "changed" and not marks.visible_change(section),
        "previous": None,
        "next": None,
    }
