"""The home pages (``docs/<lang>/index.md``): the ``<!-- policies -->`` marker becomes the policy list."""

from __future__ import annotations

from .. import locale
from .common import Site, relative, render, site_path

POLICY_LIST_MARKER = "<!-- policies -->"


def policy_list(site: Site, lang: str) -> str:
    here = site_path(lang)
    items = []
    for policy in site.corpus.policies:
        ph = site.history.get(policy)
        document = site.corpus.get(policy, lang)
        if document is None or ph is None or ph.current is None:
            continue
        items.append(
            {
                "title": document.title or policy,
                "href": relative(here, site_path(lang, policy)),
                "date": locale.format_date(ph.current.date, lang),
                "versions": relative(here, site_path(lang, policy, "versions")),
            }
        )
    return render(
        "policy_list.html", items=items, lang=lang, changelog=relative(here, site_path(lang, "changelog"))
    )


def page(site: Site, source: bytes, lang: str) -> bytes:
    return source.decode("utf-8").replace(POLICY_LIST_MARKER, policy_list(site, lang)).encode("utf-8")
