"""``/<policy>/changes/<YYYY.MM.DD>/``: the redline of a version against the one before."""

from __future__ import annotations

from typing import cast

from .. import locale
from ..history import PolicyHistory, Version
from .common import Site, date, front_matter, relative, render, status_badge, summary_line
from .redlines import Redlines


def page(site: Site, ph: PolicyHistory, version: Version, lang: str) -> str:
    policy = ph.policy
    here = site.path(lang, policy, "changes", version.version)
    when = date(version, lang)
    heading = locale.text(lang, "changes_title", title=ph.title(lang, version), date=when)
    out = [front_matter(title=heading, search={"exclude": True}, policy_version=version.version)]
    redlines = cast(Redlines, site.redlines)  # (typed loosely in common, which redlines imports)
    redline = redlines.page_html(ph, version, lang)
    if redline is None:
        original = relative(here, site.path(site.reference, policy, "changes", version.version))
        words = locale.reference_words(lang, site.reference)
        language = locale.text(lang, "lang_name")
        message = locale.html(lang, "missing_text", language=language, href=original, **words)
        out.append(render("notice.html", kind="missing", message=message))
        return "".join(out)
    index = ph.index(version)
    previous = next((v for v in reversed(ph.versions[:index]) if lang in v.texts), None)
    if previous is None and index > 0:  # the first text in this language of an older policy
        intro = locale.html(lang, "changes_first_translation", language=locale.text(lang, "lang_name"))
    elif previous is None:
        intro = locale.html(lang, "changes_first")
    else:
        intro = locale.html(
            lang,
            "changes_intro",
            old=date(previous, lang),
            new=when,
            old_href=relative(here, site.path(lang, policy, "versions", previous.version)),
            new_href=relative(here, site.path(lang, policy, "versions", version.version)),
        )
    out.append(render("paragraph.html", css=None, message=intro))
    status = status_badge(version.status, lang)
    out.append(
        render(
            "paragraph.html",
            css="policy-version",
            message=locale.html(
                lang,
                "status_and_summary",
                status=status,
                summary=summary_line(redlines.summary(ph, version, lang), lang),
            ),
        )
    )
    out.append(redline + "\n\n")
    return "".join(out)
