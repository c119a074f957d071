"""Search that favours the reader's language.

Material builds one search index for the whole site (static-i18n merges the
languages into it).  After the build, each language gets its own copy in which
pages of the other languages weigh less: ``/search/search_index.json`` for
English readers, ``/zh-TW/search/search_index.json`` for Chinese readers (the
page loads it through ``assets/javascripts/search-language.js``).  Every page
stays findable from every language; the reader's own come first.

Each copy also carries what ``assets/javascripts/workers/policy-search.js`` (the
search worker: Material's, wrapped) needs: the words of the site's jieba
dictionary (``config.words``), so that a Chinese query that is one word is
matched as that word.  And a policy whose title another policy shares is
listed under its distinct name ("Privacy Policy (Firefox)", see
:mod:`policysite.names`).

static-i18n can also drop a page of another language that repeats a reference
page word for word (``reconfigure_search``), but it compares every entry of one
language with every entry of the others: a tenth of each save's build on a
60-policy site under ``mkdocs serve``.  The build takes that step over (:func:`take_over`) and
makes the same choice in one pass (:func:`without_duplicates`).
"""

from __future__ import annotations

import html
import json
from collections import defaultdict
from pathlib import Path

from .languages import I18N, language_of

OTHER_LANGUAGE_WEIGHT = 0.3
# Between the words of a title and its label: Material's search separator
# (mkdocs.yml) splits there, and readers see nothing.
ZERO_WIDTH_SPACE = "\u200b"


def dictionary_words(path: str | Path | None) -> list[str]:
    """The words of a jieba dictionary file (``word [frequency [tag]]`` per line), in order."""
    if not path:
        return []
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return []
    words = []
    for line in lines:
        parts = line.split()
        if parts and parts[0] not in words:
            words.append(parts[0])
    return words


def take_over(config):
    """Turn off static-i18n's removal of duplicated search entries (its ``reconfigure_search``)
    once its configuration step is done, and return its settings if it was on (so that
    :func:`without_duplicates` does it, and :func:`give_back` turns it on again), else None.
    The option also adds the languages to the search plugin's ``lang`` in static-i18n's
    ``on_config``: the first build's has run by then, and it adds every language at once."""
    for name in I18N:
        plugin = config.plugins.get(name)
        if plugin is not None and plugin.config.get("reconfigure_search") is True:
            plugin.config["reconfigure_search"] = False
            return plugin.config
    return None


def give_back(settings) -> None:
    """static-i18n's ``reconfigure_search`` on again (``settings``: what :func:`take_over` returned)."""
    if settings is not None:
        settings["reconfigure_search"] = True


def without_duplicates(docs: list[dict], languages: tuple[str, ...]) -> list[dict]:
    """``docs`` without the entries that static-i18n's ``reconfigure_search`` drops: an entry of a
    language folder (``zh-TW/...``) whose title and text are those of an entry outside every
    language folder whose location ends its own (a page shown in the reference language)."""
    prefixes = tuple(f"{lang}/" for lang in languages)
    outside: dict[tuple, list[str]] = defaultdict(list)
    for doc in docs:
        location = doc.get("location", "")
        if not location.startswith(prefixes):
            outside[(doc.get("title"), doc.get("text"))].append(location)
    kept = []
    for doc in docs:
        location = doc.get("location", "")
        if location.startswith(prefixes):
            same = outside.get((doc.get("title"), doc.get("text")), ())
            if any(location.endswith(other) for other in same):
                continue
        kept.append(doc)
    return kept


def write_language_indexes(
    site_dir: Path,
    languages: tuple[str, ...],
    words: list[str] | None = None,
    labels: dict[str, str] | None = None,
    deduplicate: bool = False,
) -> list[Path]:
    """Write each language's copy of the index.

    ``words``: the dictionary's words; ``labels``: ``{location: label}`` of the
    pages whose title another policy shares (``"privacy/": "Firefox"``);
    ``deduplicate``: drop what static-i18n's ``reconfigure_search`` would have
    (see :func:`take_over`), in the shared index too.
    """
    index_path = site_dir / "search" / "search_index.json"
    if not index_path.is_file():
        return []
    index = json.loads(index_path.read_text(encoding="utf-8"))
    config = dict(index.get("config", {}))
    if words:
        config["words"] = list(words)
    labels = labels or {}
    docs = index.get("docs", [])
    if deduplicate and len(languages) > 1:
        docs = without_duplicates(docs, languages)
    base = []
    for doc in docs:
        doc = dict(doc)
        label = labels.get(doc.get("location", ""))
        if label and isinstance(doc.get("title"), str):
            # Titles in the index are HTML (Material shows them as such): the label is text.
            zw = ZERO_WIDTH_SPACE
            doc["title"] = f"{doc['title']} {zw}({zw}{html.escape(label, quote=False)}{zw})"
        base.append(doc)
    written = []
    for lang in languages:
        docs = []
        for doc in base:
            doc = dict(doc)
            if language_of(doc.get("location", ""), languages) != lang:
                doc["boost"] = round(doc.get("boost", 1) * OTHER_LANGUAGE_WEIGHT, 4)
            docs.append(doc)
        target = index_path if lang == languages[0] else site_dir / lang / "search" / "search_index.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(
            json.dumps({**index, "config": config, "docs": docs}, ensure_ascii=False, separators=(",", ":")),
            encoding="utf-8",
        )
        written.append(target)
    return written
