"""The home pages (``docs/<lang>/index.md``): the ``<!-- policies -->`` marker becomes the policy list."""

from __future__ import annotations

from .. import locale
from .common import Site, relative, render

POLICY_LIST_MARKER = "<!-- policies -->"


def _category(site: Site, policy: str, lang: str) -> str:
    """The titles of the category folders of ``policy`` in ``lang`` ("Security › Network"), or ""."""
    parts = policy.split("/")[:-1]
    titles = [site.corpus.category_title("/".join(parts[: i + 1]), lang) for i in range(len(parts))]
    return " › ".join(titles)


def _groups(items: list[dict]) -> list[dict]:
    """The policies grouped by category, in the order of the policies (uncategorised first)."""
    groups: dict[str, list[dict]] = {}
    for item in sorted(items, key=lambda item: item["category"] != ""):
        groups.setdefault(item["category"], []).append(item)
    return [{"title": title, "items": members} for title, members in groups.items()]


def policy_list(site: Site, lang: str) -> str:
    here, reference = site.path(lang), site.reference
    items = []
    for policy in site.corpus.policies:
        ph = site.history.get(policy)
        pending = site.pending(policy, lang)
        document = site.corpus.get(policy, reference if pending else lang)
        if document is None or ph is None:
            continue
        # In force now, else (nothing in force yet) the first version to take effect.
        shown = ph.current or min(ph.upcoming, key=lambda v: v.date, default=None)
        if shown is None:
            continue
        items.append(
            {
                "title": site.title_name(policy, reference if pending else lang, document.title or policy),
                "href": relative(here, site.path(lang, policy)),
                "date": locale.format_date(shown.date, lang),
                "when": "current_version" if shown is ph.current else "upcoming_version",
                "versions": relative(here, site.path(lang, policy, "versions")),
                "note": locale.text(lang, "reference_only", **locale.reference_words(lang, reference))
                if pending
                else None,
                "lang": reference if pending else None,
                "category": _category(site, policy, lang),
            }
        )
    retired = [
        {
            "title": site.name(ph, lang),
            "href": relative(here, site.path(lang, ph.policy)),
            "date": locale.text(lang, "retired_on", date=locale.format_date(ph.retired, lang)),
            "versions": relative(here, site.path(lang, ph.policy, "versions")),
        }
        for ph in site.policies()
        if ph.retired is not None
    ]
    return render(
        "policy_list.html",
        items=items,
        groups=_groups(items),
        retired=retired,
        lang=lang,
        changelog=relative(here, site.path(lang, "changelog")),
    )


def page(site: Site, source: bytes, lang: str) -> bytes:
    return source.decode("utf-8").replace(POLICY_LIST_MARKER, policy_list(site, lang)).encode("utf-8")
