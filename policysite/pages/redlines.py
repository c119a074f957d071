"""Redlines, computed once per pair of texts, and their HTML.

Keyed by the two texts' hashes and the language, in memory and (through
:class:`~policysite.cache.Caches`) on disk, so a warm build redlines nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from markupsafe import Markup, escape

from .. import diff, locale
from ..history import PolicyHistory, Text, Version
from ..project import REFERENCE
from .common import render


@dataclass
class Redlines:
    """Full redlines (``cache``) and section statuses only (``outlines``, for summaries)."""

    cache: dict = field(default_factory=dict)
    outlines: dict = field(default_factory=dict)

    @staticmethod
    def _key(old: Text | None, new: Text | None, lang: str) -> tuple:
        return (old.sha256 if old else None, new.sha256 if new else None, lang)

    def between(self, old: Text | None, new: Text | None, lang: str) -> diff.Redline:
        key = self._key(old, new, lang)
        if key not in self.cache:
            self.cache[key] = diff.compare(old.document if old else None, new.document if new else None, lang)
        return self.cache[key]

    @staticmethod
    def previous_text(history: PolicyHistory, version: Version, lang: str) -> Text | None:
        """The nearest earlier version's ``lang`` text."""
        index = history.index(version)
        return next((v.texts[lang] for v in reversed(history.versions[:index]) if lang in v.texts), None)

    def for_version(self, history: PolicyHistory, version: Version, lang: str) -> diff.Redline | None:
        """``version`` in ``lang`` against the nearest earlier version with a ``lang`` text."""
        new = version.texts.get(lang)
        if new is None:
            return None
        return self.between(self.previous_text(history, version, lang), new, lang)

    def outline(self, history: PolicyHistory, version: Version, lang: str) -> dict | None:
        """Section statuses and counts of ``version`` in ``lang``, without inline diffs."""
        new = version.texts.get(lang)
        if new is None:
            return None
        old = self.previous_text(history, version, lang)
        key = self._key(old, new, lang)
        if key not in self.outlines:
            redline = self.cache.get(key) or diff.compare(
                old.document if old else None, new.document, lang, inline=False
            )
            self.outlines[key] = {
                "counts": redline.summary,
                "sections": {s.id: s.status for s in redline.sections if s.id},
            }
        return {"first": old is None, **self.outlines[key]}

    def summary(self, history: PolicyHistory, version: Version) -> dict:
        """Counts of sections added, removed, changed and moved (reference language first)."""
        lang = REFERENCE if REFERENCE in version.texts else next(iter(version.texts), None)
        outline = self.outline(history, version, lang) if lang else None
        if outline is None:
            return {"first": True, "added": 0, "removed": 0, "changed": 0, "moved": 0}
        return {"first": outline["first"], **outline["counts"]}


def _level(section: diff.SectionDiff) -> int:
    """The page title is h1, so the intro and ``##`` sections are h2."""
    return max(2, min(section.level, 6))


def redline_html(redline: diff.Redline, lang: str) -> str:
    """The redline as HTML: changed sections marked inline, unchanged ones folded."""
    labels = (locale.text(lang, "inserted"), locale.text(lang, "deleted"))
    groups: list[dict] = []
    for section in redline.sections:
        unchanged = section.status == "unchanged" and not redline.first
        if not groups or groups[-1]["unchanged"] != unchanged:
            groups.append({"unchanged": unchanged, "sections": []})
        if unchanged:
            title = escape(section.title if section.id else locale.text(lang, "intro"))
            body = escape("".join(text for _, text in section.body_ops))
        else:
            title = (
                diff.to_html(section.title_ops, labels) if section.id else escape(locale.text(lang, "intro"))
            )
            body = diff.to_html(section.body_ops, labels) if section.body_ops else Markup("")
        groups[-1]["sections"].append(
            {
                "id": section.id,
                "status": section.status,
                "level": _level(section),
                "title": title,
                "body": body,
            }
        )
    return render("redline.html", groups=groups, lang=lang)
