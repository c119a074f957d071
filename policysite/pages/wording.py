"""``/<policy>/versions/<YYYY.MM.DD>/wording-<n>/``: a version's text as first published, before a
correction (every wording ever published stays on the site: see :mod:`policysite.record`),
and the notes on a version's page that say when it was corrected or restored."""

from __future__ import annotations

from markupsafe import Markup

from .. import ids, linkscan, locale
from ..history import PolicyHistory, Text, Version
from .common import Site, date, front_matter, insert_after_title, relative, render, site_path

# What changed a version's published text (a reformatting changed no word: no note).
CHANGES = ("corrected", "restored")


def wording_path(lang: str, policy: str, version: Version, number: int, reference: str) -> str:
    """The site path of the ``number``-th wording of ``version`` (``reference``: the site's reference
    language, whose pages are at the root)."""
    return site_path(lang, policy, "versions", version.version, f"wording-{number}", reference=reference)


def correction_path(lang: str, policy: str, version: Version, number: int, reference: str) -> str:
    """The site path of the redline of the correction that made wording ``number`` of ``version``."""
    return site_path(lang, policy, "changes", version.version, f"correction-{number}", reference=reference)


def earlier(version: Version, lang: str) -> list[Text]:
    """The wordings of ``version`` in ``lang`` that a later one replaced (each has its own page)."""
    return version.states.get(lang, [])[:-1]


def corrections(version: Version, lang: str) -> list[Text]:
    """The wordings of ``version`` in ``lang`` that changed its published text (each has a redline)."""
    return [text for text in version.states.get(lang, [])[1:] if text.kind in CHANGES]


def notes(ph: PolicyHistory, version: Version, lang: str, here: str, reference: str) -> str:
    """The notice on the version's page (see :func:`record_note`), or ""."""
    message = record_note(ph, version, lang, here, reference)
    return render("notice.html", kind="corrected", message=message) if message is not None else ""


def record_note(ph: PolicyHistory, version: Version, lang: str, here: str, reference: str) -> Markup | None:
    """Restored when, corrected when (why, and the correction's redline), and links to every earlier
    wording (None: nothing of the kind); ``reference``: the site's reference language."""
    lines: list[Markup] = []
    if version.restored:
        days = locale.text(lang, "language_separator").join(
            locale.format_date(d, lang) for d in version.restored
        )
        lines.append(locale.html(lang, "restored_note", dates=days))
    for text in corrections(version, lang):
        reason = text.revision.reason if text.revision is not None else ""
        lines.append(
            locale.html(
                lang,
                "corrected_note",
                date=locale.format_date(text.published, lang) if text.published else "",
                reason=locale.html(lang, "corrected_reason", reason=reason) if reason else "",
                redline=relative(here, correction_path(lang, ph.policy, version, text.number, reference)),
            )
        )
    links = [
        Markup('<a href="{}">{}</a>').format(
            relative(here, wording_path(lang, ph.policy, version, text.number, reference)),
            locale.text(lang, "wording_link", date=locale.format_date(text.published, lang)),
        )
        for text in earlier(version, lang)
        if text.published is not None
    ]
    if links:
        lines.append(locale.html(lang, "earlier_wordings", wordings=Markup(", ").join(links)))
    return Markup(" ").join(lines) if lines else None


def page(site: Site, ph: PolicyHistory, version: Version, text: Text, lang: str) -> str:
    """An earlier wording of ``version``: its text as published, said to be replaced by a correction."""
    here = wording_path(lang, ph.policy, version, text.number, site.reference)
    states = version.states[lang]
    after = states[states.index(text) + 1]
    title = site.name(ph, lang, version)
    published = locale.format_date(text.published, lang) if text.published else ""
    meta = front_matter(
        title=locale.text(lang, "wording_title", title=title, date=date(version, lang), published=published),
        search={"exclude": True},
        policy_status="archived",
        policy_version=version.version,
    )
    message = locale.html(
        lang,
        "wording_notice",
        date=date(version, lang),
        published=published,
        corrected=locale.format_date(after.published, lang) if after.published else "",
        version=relative(here, site.path(lang, ph.policy, "versions", version.version)),
    )
    notice = render("notice.html", kind="archived", message=message)
    body = linkscan.rebase_links(ids.marked_body(text.document), 3)
    return meta + insert_after_title(body, notice)
