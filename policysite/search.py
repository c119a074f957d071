"""Search that favours the reader's language.

Material builds one search index for the whole site (static-i18n merges the
languages into it).  After the build, each language gets its own copy in which
pages of the other languages weigh less: ``/search/search_index.json`` for
English readers, ``/zh-TW/search/search_index.json`` for Chinese readers (the
page loads it through ``assets/javascripts/search-language.js``).  Every page
stays findable from every language; the reader's own come first.
"""

from __future__ import annotations

import json
from pathlib import Path

from .project import REFERENCE

OTHER_LANGUAGE_WEIGHT = 0.3


def _language_of(location: str, languages: tuple[str, ...]) -> str:
    first = location.split("/", 1)[0].split("#", 1)[0]
    return first if first in languages and first != REFERENCE else REFERENCE


def write_language_indexes(site_dir: Path, languages: tuple[str, ...]) -> list[Path]:
    index_path = site_dir / "search" / "search_index.json"
    if not index_path.is_file():
        return []
    index = json.loads(index_path.read_text(encoding="utf-8"))
    base = [dict(doc) for doc in index.get("docs", [])]
    written = []
    for lang in languages:
        docs = []
        for doc in base:
            doc = dict(doc)
            if _language_of(doc.get("location", ""), languages) != lang:
                doc["boost"] = round(doc.get("boost", 1) * OTHER_LANGUAGE_WEIGHT, 4)
            docs.append(doc)
        target = index_path if lang == REFERENCE else site_dir / lang / "search" / "search_index.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(
            json.dumps({**index, "docs": docs}, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
        )
        written.append(target)
    return written
