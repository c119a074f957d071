"""``/<policy>/versions/<YYYY.MM.DD>/``: the text of one version, marked archived, current or upcoming."""

from __future__ import annotations

from .. import locale, sources
from ..history import PolicyHistory, Version
from ..project import REFERENCE
from . import pdf
from .common import Site, body_of, date, front_matter, insert_after_title, relative, render, site_path


def page(site: Site, ph: PolicyHistory, version: Version, lang: str) -> str:
    policy = ph.policy
    here = site_path(lang, policy, "versions", version.version)
    current = relative(
        here, site_path(lang, policy) if not ph.removed else site_path(lang, policy, "versions")
    )
    when = date(version, lang)
    if version.status == "current":
        message = locale.html(lang, "current_notice", date=when)
    elif version.status == "upcoming":
        message = locale.html(lang, "upcoming_version_notice", date=when, current=current)
    else:
        message = locale.html(lang, "archived_notice", date=when, current=current)
    notice = render("notice.html", kind=version.status, message=message)
    findings = site.findings(version)
    if findings:
        notice += render("findings.html", findings=findings, lang=lang)
    title = ph.title(lang, version)
    meta = front_matter(
        title=f"{title} ({when})",
        search={"exclude": True},
        policy_status=version.status,
        policy_version=version.version,
    )
    all_versions = [
        {
            "href": relative(here, site_path(lang, policy, "versions")),
            "label": locale.text(lang, "all_versions"),
        }
    ] + pdf.links(site, version, lang, here)
    status_line = render("version_line.html", lang=lang, date=when, status=version.status, links=all_versions)
    text = version.texts.get(lang)
    if text is None:
        english = relative(here, site_path(REFERENCE, policy, "versions", version.version))
        missing = render(
            "notice.html",
            kind="missing",
            message=locale.html(lang, "missing_text", language=locale.text(lang, "lang_name"), href=english),
        )
        return meta + status_line + notice + missing
    body = sources.rebase_links(body_of(text.document), 2)
    return meta + insert_after_title(body, status_line + notice)
