"""``/<policy>/changes/<YYYY.MM.DD>/correction-<n>/``: what a correction changed in a published version
(its wording ``n`` against the wording before it)."""

from __future__ import annotations

from .. import locale
from ..history import PolicyHistory, Text, Version
from .common import Site, date, front_matter, relative, render
from .wording import correction_path, wording_path

# From /<lang>/<policy>/changes/<version>/correction-<n>/ to the language's root.
CORRECTION_ROOT = "../../../../"


def page(site: Site, ph: PolicyHistory, version: Version, text: Text, lang: str) -> str:
    here = correction_path(lang, ph.policy, version, text.number, site.reference)
    states = version.states[lang]
    before = states[states.index(text) - 1]
    corrected = locale.format_date(text.published, lang) if text.published else ""
    title = locale.text(
        lang, "correction_title", title=ph.title(lang, version), date=date(version, lang), corrected=corrected
    )
    intro = locale.html(
        lang,
        "correction_intro",
        corrected=corrected,
        date=date(version, lang),
        version=relative(here, site.path(lang, ph.policy, "versions", version.version)),
        before=relative(here, wording_path(lang, ph.policy, version, before.number, site.reference)),
    )
    out = [
        front_matter(title=title, search={"exclude": True}, policy_version=version.version),
        render("paragraph.html", css=None, message=intro),
    ]
    if text.revision is not None and text.revision.reason:
        out.append(render("paragraph.html", css=None, message=text.revision.reason))
    out.append(site.redlines.pair_html(ph.policy, before, text, lang, CORRECTION_ROOT) + "\n\n")
    return "".join(out)
