"""``/<policy>/versions/``: every dated version, newest first, and the compare and point-in-time tools."""

from __future__ import annotations

import datetime as _dt
import json
import zoneinfo

from .. import locale
from ..history import PolicyHistory
from . import pdf, wording
from .common import Site, date, front_matter, language_names, relative, render, summary_line
from .compare import VERSIONS_ROOT, redline_labels


def page(site: Site, ph: PolicyHistory, lang: str) -> str:
    here, reference = site.path(lang, ph.policy, "versions"), site.reference
    title = locale.text(lang, "versions_title", title=site.name(ph, lang))
    out = [
        front_matter(title=title, search={"boost": 0.5}, policy_compare=True),
        render("paragraph.html", css=None, message=locale.html(lang, "versions_intro")),
        # Which date is which, and in which time zone (issue 27, item 7).
        render(
            "paragraph.html",
            css="policy-time-zone",
            message=locale.html(lang, "versions_time_zone", timezone=site.history.timezone),
        ),
    ]
    if not ph.removed:
        current = {"href": relative(here, site.path(lang, ph.policy)), "label": site.name(ph, lang)}
        out.append(render("paragraph.html", css=None, message="", links=[current]))
    # The tools first (the list may be long): compare any two versions (its address cites the
    # comparison), and which version applied on a date.
    out.append(f"## {locale.text(lang, 'compare_title')} {{#compare}}\n\n")
    out.append(render("compare.html", app="compare", lang=lang))
    out.append(f"## {locale.text(lang, 'when_title')} {{#point-in-time}}\n\n")
    out.append(render("compare.html", app="when", lang=lang))
    for version in reversed(ph.versions):
        out.append(f"## {date(version, lang)} {{#v{version.version.replace('.', '-')}}}\n\n")
        text = version.texts.get(lang) or version.reference
        out.append(
            render(
                "versions_entry.html",
                lang=lang,
                status=version.status,
                summary_line=summary_line(site.redlines.summary(ph, version, lang), lang),
                summary=text.header.summary if text else None,
                summary_lang=text.lang if text is not None and text.lang != lang else None,
                text_href=relative(here, site.path(lang, ph.policy, "versions", version.version)),
                redline_href=relative(here, site.path(lang, ph.policy, "changes", version.version)),
                pdf_href=pdf.href(site, version, lang, here),
                editorial=version.editorial_revisions,
                revisions=[_revision(site, ph, r, lang) for r in version.revisions],
                reference_only=lang not in version.texts and reference in version.texts,
                reference_href=relative(here, site.path(reference, ph.policy, "versions", version.version)),
                reference_words=locale.reference_words(lang, reference),
                reference_name=locale.text(reference, "lang_name"),
                published=locale.format_date(version.published, lang) if version.published else None,
                effective=date(version, lang) if version.periods or version.status == "upcoming" else None,
                withdrawn=_withdrawn(version, lang),
                corrections=wording.record_note(ph, version, lang, here, reference),
            )
        )
        findings = site.findings(version)
        if findings:
            out.append(render("findings.html", findings=findings, lang=lang))
    return "".join(out)


def _withdrawn(version, lang: str) -> str | None:
    if version.withdrawn is None:
        return None
    return locale.text(lang, "withdrawn_on", date=locale.format_date(version.withdrawn, lang))


def commit_url(repo_url: str, commit: str | None) -> str | None:
    """The web page of ``commit`` under mkdocs.yml's ``repo_url`` (GitHub, GitLab, Gitea, Bitbucket)."""
    if not commit or not repo_url.startswith(("https://", "http://")):
        return None
    base = repo_url.rstrip("/")
    if base.endswith(".git"):
        base = base[:-4]
    return f"{base}/commits/{commit}" if "bitbucket.org" in base else f"{base}/commit/{commit}"


def _revision(site: Site, ph: PolicyHistory, revision, lang: str) -> dict:
    """One revision as the versions page lists it: commit (linked when repo_url is set), and the
    languages of this policy's files it changed (not of the other policies the commit changed too)."""
    changed = revision.languages_of(ph.policy, *ph.former_names)
    languages = [code for code in site.languages if code in changed]
    return {
        "short": revision.short,
        "commit": revision.commit,
        "url": commit_url(site.repo_url, revision.commit),
        "published": _published(revision.timestamp, site.history.timezone, lang),
        "subject": revision.subject,
        "editorial": revision.editorial,
        "languages": locale.text(lang, "revision_languages", languages=language_names(languages, lang))
        if languages
        else None,
        "codes": languages,
    }


def _published(timestamp: int, timezone: str, lang: str) -> dict[str, str]:
    """When a commit reached the site, in the site's time zone: its ISO time and words for it."""
    moment = _dt.datetime.fromtimestamp(timestamp, zoneinfo.ZoneInfo(timezone))
    words = locale.text(
        lang, "revision_published", date=locale.format_date(moment.date(), lang), time=f"{moment:%H:%M}"
    )
    return {"iso": moment.isoformat(timespec="minutes"), "words": words}


# The answers of a version's page opened for a date (assets/javascripts/point-in-time.js).
ASKED = (
    "asked_other",
    "asked_scheduled",
    "asked_other_scheduled",
    "asked_none",
    "asked_nothing",
    "asked_today",
    "sentence_space",
)


def data(site: Site, ph: PolicyHistory, lang: str) -> str:
    """``versions/index.json``: what compare.js needs to build its forms (versions, data files, labels)."""
    here = site.path(lang, ph.policy, "versions")
    entries = [
        {
            "version": v.version,
            "date": v.date.isoformat(),
            "status": v.status,
            "periods": [[start.isoformat(), end.isoformat() if end else None] for start, end in v.periods],
            "label": date(v, lang),
            "url": relative(here, site.path(lang, ph.policy, "versions", v.version)),
            "data": {
                code: relative(here, site.path(code, ph.policy, "versions") + f"{v.version}.json")
                for code in site.languages
                if code in v.texts
            },
        }
        for v in reversed(ph.versions)
    ]
    labels = {
        key: locale.raw(lang, f"compare_{key}")
        for key in ("title", "old", "new", "lang", "button", "loading", "done", "failed", "no_text")
    }
    labels.update(
        {
            key: locale.raw(lang, key)
            for key in ("when_label", "when_button", "when_empty", "when_none", "when_found", *ASKED)
        }
    )
    labels.update(
        {
            "summary": locale.raw(lang, "summary_counts"),
            "moved": locale.raw(lang, "moved"),
            "no_change": locale.text(lang, "no_change"),
        }
    )
    languages = [{"code": code, "name": locale.text(code, "lang_name")} for code in site.languages]
    # The redline's own words, in the compared text's language; links rebased on ``root``.
    redline = {code: redline_labels(code) for code in site.languages}
    return (
        json.dumps(
            {
                "lang": lang,
                "versions": entries,
                "labels": labels,
                "languages": languages,
                "redline": redline,
                "root": VERSIONS_ROOT,
            },
            ensure_ascii=False,
            separators=(",", ":"),
        )
        + "\n"
    )
