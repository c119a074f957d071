"""The home pages (``docs/<lang>/index.md``): the ``<!-- policies -->`` marker becomes the policy list."""

from __future__ import annotations

from dataclasses import dataclass

from .. import locale
from ..history import History, PolicyHistory, Version
from ..names import Names
from ..project import Corpus
from .common import Site, relative, render

POLICY_LIST_MARKER = "<!-- policies -->"


@dataclass(frozen=True)
class Listed:
    """A policy as the site lists it to readers of one language (the home pages, the error pages)."""

    policy: str
    history: PolicyHistory
    title: str  # in ``lang``, told apart from another policy's same title
    lang: str  # the language its text is shown in: the reader's, or the reference language's
    version: Version  # in force now, else (nothing in force yet) the first version to take effect
    pending: bool  # no translation in the reader's language yet: the reference text is shown


def listed(corpus: Corpus, history: History, lang: str, names: Names | None = None) -> list[Listed]:
    """The policies of the working tree a reader of ``lang`` is offered, in the corpus's order: each
    with a text and a version in force or to come."""
    reference, names = corpus.reference, names or Names.of(corpus, history)
    found = []
    for policy in corpus.policies:
        ph = history.get(policy)
        pending = lang != reference and not corpus.has(policy, lang) and corpus.has(policy, reference)
        shown = reference if pending else lang
        document = corpus.get(policy, shown)
        if document is None or ph is None:
            continue
        version = ph.current or min(ph.upcoming, key=lambda v: v.date, default=None)
        if version is None:
            continue
        title = names.name(policy, shown, document.title or policy)
        found.append(Listed(policy, ph, title, shown, version, pending))
    return found


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
    items = [
        {
            "title": item.title,
            "href": relative(here, site.path(lang, item.policy)),
            "date": locale.format_date(item.version.date, lang),
            "when": "current_version" if item.version is item.history.current else "upcoming_version",
            "versions": relative(here, site.path(lang, item.policy, "versions")),
            "note": locale.text(lang, "reference_only", **locale.reference_words(lang, reference))
            if item.pending
            else None,
            "lang": reference if item.pending else None,
            "category": _category(site, item.policy, lang),
        }
        for item in listed(site.corpus, site.history, lang, site.names)
    ]
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
