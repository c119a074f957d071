"""``/<policy>/bilingual/``: the reference text and its translations aligned section by section.

Each section of the current reference text is paired with the section of the
same ID in every other language: two columns on wide screens, stacked pairs on
a phone (see policy.css).  Each pair carries the section ID as its anchor, so
the language switch and links keep the reader's place, and links to the
section in each language's own page.
"""

from __future__ import annotations

import re

from .. import linkscan, locale, translations
from ..history import PolicyHistory
from .common import Site, front_matter, relative, render
from .current import outdated_marker


def page(site: Site, ph: PolicyHistory, lang: str) -> str | None:
    # A source that cannot be read shows nothing, as on its current page (never its last committed text).
    texts = {
        code: None if (ph.policy, code) in site.corpus.broken else ph.current_text(code)
        for code in site.languages
    }
    reference = site.reference
    base = texts.get(reference)
    if base is None:
        return None
    here = site.path(lang, ph.policy, "bilingual")
    shown = texts.get(lang) or base
    title = locale.text(
        lang,
        "bilingual_title",
        title=site.title_name(ph.policy, shown.lang, shown.document.title or ph.policy),
        languages=locale.language_list(lang, site.languages),
    )
    out = [
        front_matter(title=title, search={"exclude": True}, hide=["toc"]),
        render(
            "paragraph.html",
            css=None,
            message=locale.html(lang, "bilingual_intro", **locale.reference_words(lang, reference)),
        ),
    ]
    present = {code: text for code, text in texts.items() if text is not None}
    out += _notices(site, ph, present, lang)
    documents = {code: text.document for code, text in present.items()}
    stale = {
        code: {s.id: s for s in translations.state(ph, code, reference, site.corpus).stale}
        for code in site.languages
        if code != reference and code in documents
    }
    for key in [None] + [s.id for s in base.document.sections if s.id]:
        columns = []
        for code in site.languages:
            document = documents.get(code)
            section = (document.root if key is None else document.section(key)) if document else None
            if document is None or section is None:
                columns.append({"lang": code, "missing": True})
                continue
            columns.append(
                {
                    "lang": code,
                    "missing": False,
                    "level": 2 if key is None else min(section.level, 6),
                    "heading": (document.title if key is None else section.title) or "",
                    "href": relative(here, site.path(code, ph.policy)) + (f"#{key}" if key else ""),
                    "markdown": _own_ids(linkscan.rebase_links(section.text, 1), code, reference),
                    "marker": (
                        outdated_marker(ph, stale[code][key], code, here, reference)
                        if key in stale.get(code, {})
                        else ""
                    ),
                }
            )
        out.append(render("bilingual_pair.html", anchor=key or "intro", columns=columns))
    return "".join(out)


def _notices(site: Site, ph: PolicyHistory, present: dict, lang: str) -> list[str]:
    """Said once, in the reader's language: which version each column is of (when they differ), and
    which language's source cannot be read (its column left empty, as its current page says)."""
    out = []
    if len({text.document.version for text in present.values()}) > 1:
        columns = locale.text(lang, "list_separator").join(
            locale.text(
                lang,
                "bilingual_column",
                language=locale.text(lang, f"language_{code}"),
                date=locale.format_date(text.document.date, lang),
            )
            for code, text in present.items()
        )
        message = locale.html(lang, "bilingual_versions", columns=columns)
        out.append(render("notice.html", kind="lagging", message=message))
    for code in site.languages:
        if (ph.policy, code) not in site.corpus.broken:
            continue
        path = f"{code}/{ph.policy}.md"
        reasons = [d for d in site.corpus.diagnostics if d.file == path and d.is_error]
        message = locale.html(
            lang,
            "bilingual_unreadable",
            language=locale.text(lang, f"language_{code}"),
            path=path,
            reason=reasons[0].text() if reasons else path,
        )
        out.append(render("notice.html", kind="missing", message=message))
    return out


_ATTR_ID = re.compile(r"(\{:?[^{}\n]*?)#(\w[\w-]*)")
_HTML_ID = re.compile(r"""(<[a-zA-Z][^<>]*?\s(?:id|name)\s*=\s*["']?)([^"'\s>]+)""")


def _own_ids(markdown: str, lang: str, reference: str) -> str:
    """IDs inside a non-reference column, prefixed with its language: each ID once on the page.

    The reference column keeps the IDs, so ``#x`` (from the language switch or a
    link) lands on the pair that holds it.
    """
    if lang == reference:
        return markdown
    markdown = _ATTR_ID.sub(lambda m: f"{m.group(1)}#{lang}-{m.group(2)}", markdown)
    return _HTML_ID.sub(lambda m: f"{m.group(1)}{lang}-{m.group(2)}", markdown)
