"""The site's addresses: site paths, links between pages, and the absolute URLs a file that
leaves the site carries (issue 27, item 2).

One bottom module, imported by the page renderers (:mod:`policysite.pages`), the pull-request
summary (:mod:`policysite.review`), the sitemaps and ``policy verify``; it imports nothing of
the package but the finding type.

- A **site path** names a page from the site's root: ``/privacy/``,
  ``/zh-TW/privacy/versions/2019.12.19/``, ``/versions.json`` (always starting with ``/``;
  a page's ends with ``/``).  The reference language's pages are at the root, every other
  language's under ``/<lang>/``: a site path is made knowing the site's reference language.
  The built pages link with **relative** URLs between site paths (:func:`relative`), so the
  site works under any sub-path.
- A file read away from the site (a downloaded PDF, a feed, a sitemap, ``versions.json``)
  carries **absolute** URLs under ``site_url`` (:func:`absolute`); without ``site_url`` it can
  only carry relative ones, which is why a strict build refuses an empty ``site_url``
  (:func:`site_url_problem`).
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

from .diagnostics import Diagnostic

SETTING = "site_url"  # mkdocs.yml's setting, named by the finding about it
CODE = "config.site_url"  # the finding's code
X_DEFAULT = "x-default"  # hreflang's "no language matched" alternate (the reference language)


def site_path(lang: str, *parts: str, reference: str) -> str:
    """The site path of a page in ``lang``: ``/privacy/`` (in the ``reference`` language, at the
    root) or ``/zh-TW/privacy/versions/2019.12.19/``."""
    prefix = "" if lang == reference else f"{lang}/"
    tail = "/".join(p for p in parts if p)
    return "/" + prefix + (tail + "/" if tail else "")


def relative(from_path: str, to_path: str) -> str:
    """A relative URL between two site paths (both ending in '/'; a file path may follow the last '/')."""
    if not to_path.endswith("/"):
        folder, name = to_path.rsplit("/", 1)
        return relative(from_path, folder + "/") + name
    # Site paths are absolute and normalized ("/a/b/"): what posixpath.relpath gives, without
    # its normalizing (thousands of links per build).
    here = [part for part in from_path.split("/") if part]
    there = [part for part in to_path.split("/") if part]
    common = 0
    while common < min(len(here), len(there)) and here[common] == there[common]:
        common += 1
    parts = [".."] * (len(here) - common) + there[common:]
    return "/".join(parts) + "/" if parts else "./"


def is_absolute(url: str) -> bool:
    """``url`` names its scheme and host (``https://example.org/...``)."""
    parts = urlsplit(url)
    return bool(parts.scheme and parts.netloc)


def base(site_url: str) -> str:
    """``site_url`` ending with exactly one ``/`` ("" when it is empty)."""
    site_url = site_url.strip()
    return site_url.rstrip("/") + "/" if site_url else ""


def absolute(site_url: str, path: str, here: str | None = None) -> str:
    """The URL of the site path ``path`` (a fragment or query may follow) in a file that leaves the site.

    Under ``site_url``: absolute (``https://example.org/legal/privacy/``).  Without it: relative to
    ``here`` (the site path of the file's folder) when given, else the site path itself.
    """
    if site_url.strip():
        return base(site_url) + path.lstrip("/")
    if here is None:
        return path
    page, mark, rest = _split(path)
    return relative(here, page) + mark + rest


def _split(path: str) -> tuple[str, str, str]:
    """``path`` -> (the path, "#" or "?" or "", what follows it)."""
    cut = min((i for i in (path.find("#"), path.find("?")) if i >= 0), default=-1)
    if cut < 0:
        return path, "", ""
    return path[:cut], path[cut], path[cut + 1 :]


def to_site_path(url: str, site_url: str = "") -> str | None:
    """The site path an address of the site names: ``https://example.org/legal/privacy/`` under
    ``site_url`` ``https://example.org/legal/`` -> ``/privacy/``; a site path stays itself; None for
    an address elsewhere (another host, or outside ``site_url``'s path)."""
    if url.startswith("/") and not url.startswith("//"):
        return url
    root = base(site_url)
    if root and url.startswith(root):
        return "/" + url[len(root) :]
    return None


def root_path(site_url: str) -> str:
    """The path the site is served under (``/legal/`` for ``https://example.org/legal``; ``/`` without
    ``site_url``): what an error page, served at any depth, builds its links on."""
    path = urlsplit(base(site_url)).path if site_url.strip() else "/"
    return path if path.endswith("/") else path + "/"


def alternates(site_url: str, pages: dict[str, str], reference: str) -> list[dict[str, str]]:
    """``<link rel="alternate" hreflang>`` of a page: every language version (``pages``: language ->
    site path) with its absolute URL, and ``x-default`` (the reference language's version).

    Search engines read absolute alternates only: none without ``site_url``, nor for a page in one
    language (it has no alternate).
    """
    if not site_url.strip() or len(pages) < 2:
        return []
    found = [{"lang": lang, "href": absolute(site_url, path)} for lang, path in sorted(pages.items())]
    if reference in pages:
        found.append({"lang": X_DEFAULT, "href": absolute(site_url, pages[reference])})
    return found


def site_url_problem(site_url: str) -> str | None:
    """Why ``site_url`` cannot be published, or None.

    The files a reader takes away from the site (a downloaded PDF, the Atom feeds, the sitemaps,
    ``versions.json``) can only link back to it with absolute URLs; a sitemap with relative ones is
    refused by search engines.
    """
    value = site_url.strip()
    if not value:
        return (
            f"{SETTING} is empty: the PDFs, the feeds, the sitemaps and versions.json would link to the "
            f"site with relative addresses, which break once the file leaves the site (a downloaded PDF, "
            f"a feed reader, a search engine); set {SETTING} to the address the site is published at "
            f"(e.g. https://policies.example.org/)"
        )
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return (
            f"{SETTING} '{value}' is not an http(s) address with a host (e.g. https://policies.example.org/)"
        )
    return None


def site_url_finding(config_file: str | Path, site_url: str) -> Diagnostic | None:
    """The warning a build gives about ``site_url`` (``config.site_url``: a strict build fails on
    it), at its line of ``mkdocs.yml``; None when the setting can be published."""
    problem = site_url_problem(site_url or "")
    if problem is None:
        return None
    path = Path(config_file)
    line = 1
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").split("\n")
        line = next((n for n, text in enumerate(lines, 1) if _SETTING_LINE.match(text)), 1)
    except OSError:
        pass
    return Diagnostic.warning(CODE, path.name, line, problem)


_SETTING_LINE = re.compile(rf"^{SETTING}\s*:")

__all__ = [
    "CODE",
    "SETTING",
    "X_DEFAULT",
    "absolute",
    "alternates",
    "base",
    "is_absolute",
    "relative",
    "root_path",
    "site_path",
    "site_url_finding",
    "site_url_problem",
    "to_site_path",
]
