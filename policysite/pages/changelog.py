"""``/changelog/``: every version of every policy, newest first."""

from __future__ import annotations

from .. import locale
from . import wording
from .common import Site, date, front_matter, relative, render, summary_line


def page(site: Site, lang: str) -> str:
    here = site.path(lang, "changelog")
    heading = locale.text(lang, "changelog_title")
    versions = sorted(
        ((v, ph) for ph in site.policies() for v in ph.versions),
        key=lambda e: (e[0].date, e[1].policy),
        reverse=True,
    )
    entries = [
        {
            "date": date(version, lang),
            "title": site.name(ph, lang, version),
            "status": version.status,
            "href": relative(here, site.path(lang, ph.policy, "versions", version.version)),
            "redline": relative(here, site.path(lang, ph.policy, "changes", version.version)),
            "summary": summary_line(site.redlines.summary(ph, version, lang), lang),
            **_editors_summary(version, lang, site.reference),
            "events": _events(ph, version, lang, here, site.reference),
        }
        for version, ph in versions
    ]
    return (
        front_matter(title=heading)
        + render("paragraph.html", css=None, message=locale.html(lang, "changelog_intro"))
        + render("changelog.html", entries=entries, lang=lang)
    )


def _editors_summary(version, lang: str, reference: str) -> dict:
    """The editors' ``summary:`` of a version (front matter), in ``lang`` or else in the reference
    language."""
    text = version.texts.get(lang) or version.texts.get(reference)
    note = text.header.summary if text is not None else None
    return {"note": note, "note_lang": reference if note and lang not in version.texts else None}


def _events(ph, version, lang: str, here: str, reference: str) -> list[dict]:
    """What happened to a version after its publication: its corrections, its withdrawal."""
    found = [
        {
            "label": locale.text(lang, "corrected_on", date=locale.format_date(text.published, lang)),
            "href": relative(here, wording.correction_path(lang, ph.policy, version, text.number, reference)),
        }
        for text in wording.corrections(version, lang)
        if text.published is not None
    ]
    if version.withdrawn is not None:
        found.append(
            {"label": locale.text(lang, "withdrawn_on", date=locale.format_date(version.withdrawn, lang))}
        )
    return found
