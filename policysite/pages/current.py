"""``/<policy>/``: the current text, with its version line, notices and per-section change notes."""

from __future__ import annotations

import re

from markupsafe import Markup

from .. import idsyntax, locale, permanence, sanitize, translations
from ..history import PolicyHistory, Version
from ..sources import Document
from . import pdf
from .common import (
    Site,
    date,
    front_matter,
    in_force,
    insert_after_title,
    relative,
    render,
    site_path,
)

# A section heading and its ID (``## 第一條 目的 {#第一條-目的}``): the whole '#' token of its attribute list.
_HEADING = re.compile(
    r"^(#{2,6})[ \t].*?\{:?[ \t]*#(" + idsyntax.id_characters() + r"+)(?=[ \t}])[^{}]*\}[ \t]*$", re.MULTILINE
)


def _upcoming_notices(site: Site, ph: PolicyHistory, lang: str, here: str) -> list[str]:
    return [
        render(
            "notice.html",
            kind="upcoming",
            message=locale.html(
                lang,
                "upcoming_notice",
                date=date(upcoming, lang),
                text=relative(here, site.path(lang, ph.policy, "versions", upcoming.version)),
                changes=relative(here, site.path(lang, ph.policy, "changes", upcoming.version)),
            ),
        )
        for upcoming in ph.upcoming
    ]


def page(site: Site, ph: PolicyHistory, lang: str) -> str | None:
    """The current page of ``ph`` in ``lang`` (None: no text in this language)."""
    here = site.path(lang, ph.policy)
    current = ph.current
    if current is None and ph.upcoming:
        return _announcement(site, ph, lang, here)
    if (ph.policy, lang) in site.corpus.broken:
        return _unreadable(site, ph, lang)
    if site.pending(ph.policy, lang):
        return _pending(site, ph, lang, here)
    text = ph.current_text(lang)
    if text is None or current is None:
        return None
    document = text.document
    shown = ph.get(document.version) if document.version else None
    is_current = shown is None or shown is current  # else a lagging translation of an older version
    blocks = [_version_line(site, ph, lang, here, document, shown or current, is_current)]
    state = None
    if shown is not None and not is_current and lang != site.reference:
        state = translations.state(ph, lang, site.reference, site.corpus)
        blocks += _lagging_notices(site, ph, lang, here, document, (shown, current), state)
    blocks += _upcoming_notices(site, ph, lang, here)
    body = _section_notes(site, document.body, ph, shown or current, lang, here, state)
    body = _alias_notes(site, ph.policy, body, lang)
    title = site.title_name(ph.policy, lang, document.title or ph.policy)
    return front_matter(title=title) + insert_after_title(body, "".join(blocks))


def _version_line(
    site: Site, ph: PolicyHistory, lang: str, here: str, document: Document, shown: Version, is_current: bool
) -> str:
    """The line under the title: the date of the text shown (of version ``shown``), its status, and
    the page's links (all versions, the side-by-side view, the PDF)."""
    links = [
        {
            "href": relative(here, site.path(lang, ph.policy, "versions")),
            "label": locale.text(lang, "all_versions"),
        }
    ]
    if len(site.languages) > 1:  # (a site in one language has no side-by-side view)
        languages = locale.language_list(lang, site.languages)
        links.append(
            {
                "href": relative(here, site.path(lang, ph.policy, "bilingual")),
                "label": locale.text(lang, "bilingual_link", languages=languages),
            }
        )
    links += pdf.links(site, shown, lang, here)
    return render(
        "version_line.html",
        lang=lang,
        date=locale.format_date(document.date or shown.date, lang),
        status="current" if is_current else None,
        standing=in_force(ph, shown, lang) if is_current else None,
        links=links,
        dated=shown.dated_by == "publication",
    )


def _lagging_notices(
    site: Site,
    ph: PolicyHistory,
    lang: str,
    here: str,
    document: Document,
    versions: tuple[Version, Version],
    state: translations.TranslationState,
) -> list[str]:
    """A translation (``document``) of an older version: which version it translates and which is
    current (``versions``), how many sections the reference language changed since (and added), and
    the marker of an outdated introduction."""
    reference, words = site.reference, locale.reference_words(lang, site.reference)
    shown, current = versions
    original = relative(here, site.path(reference, ph.policy))
    message = locale.html(
        lang, "lagging_notice", old=date(shown, lang), new=date(current, lang), href=original, **words
    )
    if state.stale:
        reference_text = ph.current_text(reference)
        sections = reference_text.document.sections if reference_text is not None else []
        total = len([s for s in sections if s.id]) + 1  # (the introduction counts as one)
        message += Markup(" ") + locale.html(
            lang, "lagging_count", count=len(state.stale), total=total, **words
        )
    ids = {s.id for s in document.sections if s.id}
    added = [s for s in state.stale if s.id is not None and s.id not in ids]
    if added:
        items = Markup(", ").join(
            Markup('<a href="{}#{}" hreflang="{}" lang="{}">{}</a>').format(
                original, s.id, reference, reference, s.title
            )
            for s in added
        )
        message += Markup(" ") + locale.html(lang, "lagging_added", sections=items, **words)
    blocks = [render("notice.html", kind="lagging", message=message)]
    intro = next((s for s in state.stale if s.id is None), None)
    if intro is not None:
        blocks.append(outdated_marker(ph, intro, lang, here, reference) + "\n\n")
    return blocks


def _pending(site: Site, ph: PolicyHistory, lang: str, here: str) -> str | None:
    """No translation in ``lang`` yet: say so in ``lang`` and show the reference language's text (its
    anchors work)."""
    reference = site.reference
    text = ph.current_text(reference)
    if text is None:
        return None
    document = text.document
    day = document.date or (ph.current or ph.versions[-1]).date  # (a text always has a version)
    links = [
        {
            "href": relative(here, site.path(lang, ph.policy, "versions")),
            "label": locale.text(lang, "all_versions"),
        },
        {
            "href": relative(here, site.path(reference, ph.policy)),
            "label": site.title_name(ph.policy, reference, document.title or ph.policy),
            "lang": reference,
        },
    ]
    blocks = render(
        "version_line.html",
        lang=lang,
        date=locale.format_date(day, lang),
        status="current" if ph.current is not None else None,
        standing=in_force(ph, ph.current, lang) if ph.current is not None else None,
        links=links,
    )
    message = locale.html(
        lang,
        "pending_notice",
        language=locale.text(lang, "lang_name"),
        **locale.reference_words(lang, reference),
    )
    blocks += render("notice.html", kind="pending", message=message)
    blocks += "".join(_upcoming_notices(site, ph, lang, here))
    opening = sanitize.chrome(f'<div class="policy-untranslated" lang="{reference}" markdown>')
    original = f"{opening}\n\n{document.body}\n\n</div>\n"
    title = site.title_name(ph.policy, reference, document.title or ph.policy)
    return front_matter(title=title) + blocks + original


def _unreadable(site: Site, ph: PolicyHistory, lang: str) -> str:
    """The source cannot be read (not UTF-8, no front matter...): say so, never show the last good text."""
    path = f"{lang}/{ph.policy}.md"
    reasons = [d for d in site.corpus.diagnostics if d.file == path and d.is_error]
    reason = reasons[0].text() if reasons else path
    message = locale.html(lang, "unreadable_notice", path=path, reason=reason)
    return front_matter(title=site.name(ph, lang)) + render("notice.html", kind="missing", message=message)


def _announcement(site: Site, ph: PolicyHistory, lang: str, here: str) -> str:
    """A policy whose every version is upcoming: no text applies yet, the page announces it."""
    return front_matter(title=site.name(ph, lang)) + "".join(_upcoming_notices(site, ph, lang, here))


def outdated_marker(ph: PolicyHistory, section, lang: str, here: str, reference: str) -> str:
    """The marker of a section the ``reference`` language changed since the version this translation
    is of."""
    anchor = f"#{section.id}" if section.id else ""
    changed = section.changed_in.version
    message = locale.html(
        lang,
        "outdated_section",
        date=date(section.changed_in, lang),
        english=relative(here, site_path(reference, ph.policy, reference=reference)) + anchor,
        redline=relative(here, site_path(reference, ph.policy, "changes", changed, reference=reference))
        + anchor,
        **locale.reference_words(lang, reference),
    )
    return render("outdated_marker.html", message=message).rstrip("\n")


def _section_notes(
    site: Site, body: str, ph: PolicyHistory, shown: Version, lang: str, here: str, state=None
) -> str:
    """Under each heading: the version in which that section last changed, and whether the reference
    language moved on."""
    stale = {s.id: s for s in state.stale} if state is not None else {}
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
        marker = ""
        if match.group(2) in stale:
            marker = "\n\n" + outdated_marker(ph, stale[match.group(2)], lang, here, site.reference)
        if version is None:
            return match.group(0) + marker
        if version is ph.versions[0]:
            href = relative(here, site.path(lang, ph.policy, "versions", version.version))
            message = locale.html(lang, "section_since", date=date(version, lang), href=href)
        else:
            href = (
                relative(here, site.path(lang, ph.policy, "changes", version.version)) + "#" + match.group(2)
            )
            message = locale.html(lang, "section_changed", date=date(version, lang), href=href)
        return match.group(0) + "\n\n" + render("section_note.html", message=message).rstrip("\n") + marker

    return _HEADING.sub(annotate, body)


def _alias_notes(site: Site, policy: str, body: str, lang: str) -> str:
    """Under each section that took a removed section's place: a note carrying the old ID, so old
    deep links land there and say where the old section went (see :mod:`policysite.permanence`)."""
    reference = site.corpus.get(policy, site.reference)
    mapping = permanence.aliases(reference)[0] if reference is not None else {}
    if not mapping:
        return body
    successors: dict[str, list[str]] = {}
    for old, new in sorted(mapping.items()):
        successors.setdefault(new, []).append(old)

    def annotate(match: re.Match) -> str:
        notes = [
            render("alias_note.html", old=old, message=locale.html(lang, "alias_note", old=old)).rstrip("\n")
            for old in successors.get(match.group(2), [])
        ]
        return match.group(0) + "".join("\n\n" + note for note in notes)

    return _HEADING.sub(annotate, body)
