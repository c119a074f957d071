"""What every page's ``<head>`` says about its addresses (issue 27, item 2): the canonical URL
(MkDocs' ``page.canonical_url``, absolute under ``site_url``) and, for a page published in
several languages, ``<link rel="alternate" hreflang>`` to each language's version and an
``x-default`` one (the reference language's), absolute as search engines require them.

Without ``site_url`` (a preview; a strict build refuses it) a page names no alternate: relative
ones are ignored by search engines.  The error page names neither (it has no address of its own).

The languages of a page are mkdocs-static-i18n's: each page's file knows its versions in the
other languages (``file.alternates``), and lists only those that exist.

Material's script fetches ``sitemap.xml`` beside every ``<link rel="alternate">`` of the head
and then takes over clicks on links into it (landing without the reader's section): the theme
loads ``assets/javascripts/alternates.js`` right after these links, which hides them from that
scan and puts them back once it is done (see the script).
"""

from __future__ import annotations

import functools

from . import urls

SCRIPT = "assets/javascripts/alternates.js"


def page_alternates(config, page, reference: str) -> list[dict[str, str]]:
    """``[{"lang", "href"}]`` of the page's language versions, then ``x-default`` (the ``reference``
    language's); [] without ``site_url``, for a page in one language, and for the error page (no page)."""
    site_url = str(getattr(config, "site_url", None) or "") if config is not None else ""
    files = getattr(getattr(page, "file", None), "alternates", None)
    if not site_url or not isinstance(files, dict):
        return []
    pages = {str(lang): _site_path(str(getattr(file, "url", "") or "")) for lang, file in files.items()}
    return urls.alternates(site_url, pages, reference)


def _site_path(url: str) -> str:
    """A file's URL as MkDocs gives it (``zh-TW/privacy/``, ``./`` for the home page) as a site path."""
    url = url.lstrip("/")
    while url.startswith("./"):
        url = url[2:]
    return "/" + ("" if url == "." else url)


def install(env, reference: str) -> None:
    """The Jinja global the theme calls (``policy_alternates(config, page)``), on a site whose
    reference language is ``reference``."""
    env.globals["policy_alternates"] = functools.partial(page_alternates, reference=reference)
