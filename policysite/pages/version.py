"""``/<policy>/versions/<YYYY.MM.DD>/``: the text of one version, marked archived, current or upcoming."""

from __future__ import annotations

from markupsafe import Markup

from .. import ids, linkscan, locale
from ..history import PolicyHistory, Version
from . import pdf, wording
from .common import (
    Site,
    date,
    front_matter,
    insert_after_title,
    relative,
    render,
    standing,
)


def page(site: Site, ph: PolicyHistory, version: Version, lang: str) -> str:
    policy = ph.policy
    here = site.path(lang, policy, "versions", version.version)
    current = relative(
        here, site.path(lang, policy) if not ph.removed else site.path(lang, policy, "versions")
    )
    when = date(version, lang)
    message = standing(ph, version, lang, here, current, site.reference)
    notice = render("notice.html", kind=version.status, message=message)
    # Filled in by assets/javascripts/point-in-time.js when the page was opened for a date.
    notice += render(
        "asked.html",
        message=locale.html(lang, "asked_date", date=Markup('<time class="policy-asked-date"></time>')),
    )
    findings = site.findings(version)
    if findings:
        notice += render("findings.html", findings=findings, lang=lang)
    title = site.name(ph, lang, version)
    meta = front_matter(
        title=f"{title} ({when})",
        search={"exclude": True},
        policy_status=version.status,
        policy_version=version.version,
    )
    all_versions = [
        {
            "href": relative(here, site.path(lang, policy, "versions")),
            "label": locale.text(lang, "all_versions"),
        }
    ] + pdf.links(site, version, lang, here)
    published = locale.format_date(version.published, lang) if version.published else None
    status_line = render(
        "version_line.html",
        lang=lang,
        date=when,
        status=version.status,
        links=all_versions,
        published=published,
        dated=version.dated_by == "publication",
    )
    notice += wording.notes(ph, version, lang, here, site.reference)
    text = version.texts.get(lang)
    if text is None:
        return meta + status_line + notice + _untranslated(site, ph, version, lang, here)
    body = linkscan.rebase_links(ids.marked_body(text.document), 2)
    return meta + insert_after_title(body, status_line + notice)


def _untranslated(site: Site, ph: PolicyHistory, version: Version, lang: str, here: str) -> str:
    """No text in ``lang``: a neutral notice linking to the reference language's text and the newest
    translated version."""
    language = locale.text(lang, "lang_name")
    original = relative(here, site.path(site.reference, ph.policy, "versions", version.version))
    words = locale.reference_words(lang, site.reference)
    message = locale.html(lang, "untranslated_version", language=language, english=original, **words)
    translated = next((v for v in reversed(ph.versions) if lang in v.texts), None)
    if translated is not None:
        href = relative(here, site.path(lang, ph.policy, "versions", translated.version))
        message += Markup(" ") + locale.html(
            lang, "newest_translated", language=language, href=href, date=date(translated, lang)
        )
    return render("notice.html", kind="untranslated", message=message)
