"""Pages: the model (sources, history, redlines) -> the files MkDocs publishes.

One module per page kind; each returns the Markdown (or JSON, or XML) of its
pages, which :func:`render_site` places at their staging paths (see
:mod:`policysite.staging`), so MkDocs, Material and mkdocs-static-i18n render
generated pages exactly like hand-written ones.  ``en/privacy/versions/2019.12.19.md``
is served at ``/privacy/versions/2019.12.19/``, ``zh-TW/...`` under ``/zh-TW/``.
"""

from __future__ import annotations

import json

from . import bilingual, changelog, changes, compare, current, feeds, home, version, versions
from .common import Site, relative, site_path
from .index_json import versions_index
from .redlines import Redlines

__all__ = ["Redlines", "Site", "relative", "render_site", "site_path", "versions_index"]


def render_site(site: Site, docs: dict[str, bytes]) -> dict[str, bytes]:
    """Every staged file: ``docs`` (home pages filled in) plus every generated page."""
    staged = dict(docs)

    def put(path: str, text: str | bytes | None) -> None:
        if text is not None:
            staged[path] = text if isinstance(text, bytes) else text.encode("utf-8")

    for lang in site.languages:
        if f"{lang}/index.md" in staged:
            staged[f"{lang}/index.md"] = home.page(site, staged[f"{lang}/index.md"], lang)
        put(f"{lang}/changelog.md", changelog.page(site, lang))
        put(f"{lang}/feed.xml", feeds.feed(site, lang))
        for ph in site.policies():
            policy = ph.policy
            if not ph.removed:
                put(f"{lang}/{policy}.md", current.page(site, ph, lang))
                put(f"{lang}/{policy}/bilingual.md", bilingual.page(site, ph, lang))
            put(f"{lang}/{policy}/versions/index.md", versions.page(site, ph, lang))
            put(f"{lang}/{policy}/versions/index.json", versions.data(site, ph, lang))
            for dated in ph.versions:
                text = dated.texts.get(lang)
                if text is not None:
                    put(f"{lang}/{policy}/versions/{dated.version}.json", compare.data_json(site, ph, text))
                put(f"{lang}/{policy}/versions/{dated.version}.md", version.page(site, ph, dated, lang))
                put(f"{lang}/{policy}/changes/{dated.version}.md", changes.page(site, ph, dated, lang))
    index = versions_index(site.history, site.redlines, site.languages)
    put("en/versions.json", json.dumps(index, ensure_ascii=False, indent=2) + "\n")
    return staged
