"""``/<policy>/``: the current text, with its version line, notices and per-section change notes."""

from __future__ import annotations

import re

from .. import locale
from ..history import PolicyHistory, Version
from ..project import REFERENCE
from . import pdf
from .common import Site, body_of, date, front_matter, insert_after_title, relative, render, site_path

_HEADING = re.compile(r"^(#{2,6})[ \t].*?\{:?[ \t]*#([a-z0-9][a-z0-9-]*)[^{}]*\}[ \t]*$", re.MULTILINE)


def _upcoming_notices(site: Site, ph: PolicyHistory, lang: str, here: str) -> list[str]:
    return [
        render(
            "notice.html",
            kind="upcoming",
            message=locale.html(
                lang,
                "upcoming_notice",
                date=date(upcoming, lang),
                text=relative(here, site_path(lang, ph.policy, "versions", upcoming.version)),
                changes=relative(here, site_path(lang, ph.policy, "changes", upcoming.version)),
            ),
        )
        for upcoming in ph.upcoming
    ]


def page(site: Site, ph: PolicyHistory, lang: str) -> str | None:
    """The current page of ``ph`` in ``lang`` (None: no text in this language)."""
    here = site_path(lang, ph.policy)
    current = ph.current
    if current is None and ph.upcoming:
        return _announcement(site, ph, lang, here)
    text = ph.current_text(lang)
    if text is None or current is None:
        return None
    document = text.document
    shown = ph.get(document.version) if document.version else None
    links = [
        {
            "href": relative(here, site_path(lang, ph.policy, "versions")),
            "label": locale.text(lang, "all_versions"),
        },
        {
            "href": relative(here, site_path(lang, ph.policy, "bilingual")),
            "label": locale.text(lang, "bilingual_link"),
        },
    ] + pdf.links(site, shown or current, lang, here)
    blocks = [
        render(
            "version_line.html",
            lang=lang,
            date=locale.format_date(document.date, lang),
            status=None,
            links=links,
        )
    ]
    if shown is not None and shown is not current and lang != REFERENCE:
        blocks.append(
            render(
                "notice.html",
                kind="lagging",
                message=locale.html(
                    lang,
                    "lagging_notice",
                    old=date(shown, lang),
                    new=date(current, lang),
                    href=relative(here, site_path(REFERENCE, ph.policy)),
                ),
            )
        )
    blocks += _upcoming_notices(site, ph, lang, here)
    body = _section_notes(site, body_of(document), ph, shown or current, lang, here)
    return front_matter(title=document.title or ph.policy) + insert_after_title(body, "".join(blocks))


def _announcement(site: Site, ph: PolicyHistory, lang: str, here: str) -> str:
    """A policy whose every version is upcoming: no text applies yet, the page announces it."""
    title = ph.title(lang)
    return front_matter(title=title) + "".join(_upcoming_notices(site, ph, lang, here))


def _section_notes(site: Site, body: str, ph: PolicyHistory, shown: Version, lang: str, here: str) -> str:
    """Under each heading: the version in which that section last changed."""
    if len(ph.versions) < 2 and not ph.upcoming:
        return body  # a single version: nothing to point at
    last: dict[str, Version] = {}
    for version in ph.versions[: ph.index(shown) + 1]:
        outline = site.redlines.outline(ph, version, lang)
        if outline is None:
            continue
        for section_id, status in outline["sections"].items():
            if status in ("added", "changed"):
                last[section_id] = version

    def annotate(match: re.Match) -> str:
        version = last.get(match.group(2))
        if version is None:
            return match.group(0)
        if version is ph.versions[0]:
            href = relative(here, site_path(lang, ph.policy, "versions", version.version))
            message = locale.html(lang, "section_since", date=date(version, lang), href=href)
        else:
            href = (
                relative(here, site_path(lang, ph.policy, "changes", version.version)) + "#" + match.group(2)
            )
            message = locale.html(lang, "section_changed", date=date(version, lang), href=href)
        return match.group(0) + "\n\n" + render("section_note.html", message=message).rstrip("\n")

    return _HEADING.sub(annotate, body)
