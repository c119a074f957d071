"""The home pages (``docs/<lang>/index.md``): the ``<!-- policies -->`` marker becomes the policy list."""

from __future__ import annotations

from .. import locale
from ..project import REFERENCE
from .common import Site, relative, render, site_path

POLICY_LIST_MARKER = "<!-- policies -->"


def policy_list(site: Site, lang: str) -> str:
    here = site_path(lang)
    items = []
    for policy in site.corpus.policies:
        ph = site.history.get(policy)
        pending = site.pending(policy, lang)
        document = site.corpus.get(policy, REFERENCE if pending else lang)
        if document is None or ph is None or ph.current is None:
            continue
        items.append(
            {
                "title": site.title_name(policy, REFERENCE if pending else lang, document.title or policy),
                "href": relative(here, site_path(lang, policy)),
                "date": locale.format_date(ph.current.date, lang),
                "versions": relative(here, site_path(lang, policy, "versions")),
                "note": locale.text(lang, "english_only") if pending else None,
                "lang": REFERENCE if pending else None,
            }
        )
    retired = [
        {
            "title": site.name(ph, lang),
            "href": relative(here, site_path(lang, ph.policy)),
            "date": locale.text(lang, "retired_on", date=locale.format_date(ph.retired, lang)),
            "versions": relative(here, site_path(lang, ph.policy, "versions")),
        }
        for ph in site.policies()
        if ph.retired is not None
    ]
    return render(
        "policy_list.html",
        items=items,
        retired=retired,
        lang=lang,
        changelog=relative(here, site_path(lang, "changelog")),
    )


def page(site: Site, source: bytes, lang: str) -> bytes:
    return source.decode("utf-8").replace(POLICY_LIST_MARKER, policy_list(site, lang)).encode("utf-8")
