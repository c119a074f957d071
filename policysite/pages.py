"""Pages: the parsed model -> the Markdown files MkDocs renders.

Everything a visitor reads is produced here, as Markdown placed in the staging
folder (see :mod:`policysite.staging`), so MkDocs, Material and
mkdocs-static-i18n render generated pages exactly like hand-written ones.
"""

from __future__ import annotations

import re

from . import locale
from .project import Corpus
from .sources import Document

POLICY_LIST_MARKER = "<!-- policies -->"
_TITLE = re.compile(r"^# .*$", re.MULTILINE)


def _html_attr_free(value: str) -> str:
    return value.replace("[", "\\[").replace("]", "\\]")


def policy_page(document: Document) -> str:
    """The current text, with the version date shown under the title."""
    lang = document.lang
    lines = document.text.split("\n")
    meta_end = document.body_line - 1
    head, body = "\n".join(lines[:meta_end]), "\n".join(lines[meta_end:])
    if document.date is not None:
        notice = locale.text(lang, "version_line", date=locale.format_date(document.date, lang))
        line = f'\n\n<p class="policy-version" markdown>{notice}</p>\n'
        match = _TITLE.search(body)
        if match:
            body = body[: match.end()] + line + body[match.end():]
        else:
            body = line.lstrip("\n") + "\n" + body
    return head + "\n" + body


def policy_list(corpus: Corpus, lang: str) -> str:
    items = []
    for policy in corpus.policies:
        document = corpus.get(policy, lang)
        if document is None:
            continue
        title = _html_attr_free(document.title or policy)
        line = f"- [{title}]({policy}.md)"
        if document.date is not None:
            line += " — " + locale.text(lang, "current_version", date=locale.format_date(document.date, lang))
        items.append(line)
    return "\n".join(items) if items else locale.text(lang, "no_policies")


def home_page(template: str, corpus: Corpus, lang: str) -> str:
    return template.replace(POLICY_LIST_MARKER, policy_list(corpus, lang))


def render(corpus: Corpus, docs: dict[str, bytes]) -> dict[str, bytes]:
    """Every file of the staging folder: docs/ content plus the policy pages."""
    staged = dict(docs)
    for lang in corpus.languages:
        home = f"{lang}/index.md"
        if home in staged:
            staged[home] = home_page(staged[home].decode("utf-8"), corpus, lang).encode("utf-8")
    for (policy, lang), document in corpus.documents.items():
        staged[f"{lang}/{policy}.md"] = policy_page(document).encode("utf-8")
    return staged
