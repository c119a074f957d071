"""``/translations/``: every policy × language, current, lagging (which sections) or pending."""

from __future__ import annotations

from .. import locale, translations
from .common import Site, date, front_matter, relative, render


def page(site: Site, lang: str) -> str:
    here, reference = site.path(lang, "translations"), site.reference
    heading = locale.text(lang, "translations_title")
    rows = []
    for state in translations.states(site.history, site.corpus):
        ph = site.history.get(state.policy)
        if state.state == "removed" or ph is None:
            continue
        since = None
        redlines = []
        if state.state == "lagging" and state.translated is not None and state.reference is not None:
            later = ph.versions[ph.index(state.translated) + 1 : ph.index(state.reference) + 1]
            later = [v for v in later if reference in v.texts]
            since = date(later[0], lang) if later else None
            redlines = [
                {
                    "href": relative(here, site.path(reference, ph.policy, "changes", v.version)),
                    "label": date(v, lang),
                }
                for v in later
            ]
        rows.append(
            {
                "title": site.name(ph, lang),
                "href": relative(here, site.path(state.lang, ph.policy)),
                "language": locale.text(lang, "lang_name")
                if state.lang == lang
                else locale.text(state.lang, "lang_name"),
                "code": state.lang,
                "state": state.state,
                "translated": date(state.translated, lang) if state.translated else None,
                "since": since,
                "outdated": len(state.stale),
                "outdated_ids": [s.id or locale.text(lang, "intro") for s in state.stale],
                "redlines": redlines,
            }
        )
    words = locale.reference_words(lang, reference)
    intro = render("paragraph.html", css=None, message=locale.html(lang, "translations_intro", **words))
    table = render("translations.html", rows=rows, lang=lang, words=words)
    return front_matter(title=heading) + intro + table
