"""The side-by-side view: English and Chinese aligned section by section by ID.

``/<policy>/bilingual/`` (and its ``/zh-TW/`` twin) pairs each section of the
current English text with the section of the same ID in every other language:
two columns on wide screens, stacked pairs on a phone (see policy.css).  Each
pair carries the section ID as its anchor, so the language switch and links keep
the reader's place, and links to the section in each language's own page.
"""

from __future__ import annotations

import html
import json

from . import locale, sources
from .history import PolicyHistory
from .project import REFERENCE

def page(ph: PolicyHistory, lang: str, languages: tuple[str, ...], site_path, relative) -> str | None:
    texts = {code: ph.current_text(code) for code in languages}
    base = texts.get(REFERENCE)
    if base is None:
        return None
    here = site_path(lang, ph.policy, "bilingual")
    title = locale.text(lang, "bilingual_title", title=(texts.get(lang) or base).document.title or ph.policy)
    out = ["---", f"title: {json.dumps(title, ensure_ascii=False)}", "search:", "  exclude: true", "hide:", "  - toc", "---", "", f"# {title}", "",
           locale.text(lang, "bilingual_intro"), ""]
    lagging = [code for code, text in texts.items() if text is not None and text.document.version != base.document.version]
    for code in lagging:
        out += [f'<p class="policy-notice policy-notice--lagging" lang="{code}">'
                f'{html.escape(locale.text(code, "version_line", date=locale.format_date(texts[code].document.date, code)))}</p>', ""]
    documents = {code: text.document for code, text in texts.items() if text is not None}
    keys = [None] + [s.id for s in base.document.sections if s.id]
    for key in keys:
        anchor = f' id="{key}"' if key else ' id="intro"'
        out.append(f'<section class="bilingual-pair"{anchor} markdown>')
        for code in languages:
            document = documents.get(code)
            section = (document.root if key is None else document.section(key)) if document else None
            out.append(f'<div class="bilingual-col" lang="{code}" markdown>')
            out.append("")
            if section is None:
                out.append(f'<p class="bilingual-missing">{html.escape(locale.text(code, "bilingual_missing"))}</p>')
            else:
                heading = document.title if key is None else section.title
                target = relative(here, site_path(code, ph.policy)) + (f"#{key}" if key else "")
                level = 2 if key is None else min(section.level, 6)
                out.append(f'<h{level} class="bilingual-heading"><a href="{target}" hreflang="{code}">{html.escape(heading or "")}</a></h{level}>')
                out.append("")
                out.append(sources.rebase_links(section.text, 1))
            out.append("")
            out.append("</div>")
        out.append("</section>")
        out.append("")
    return "\n".join(out)
