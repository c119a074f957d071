"""Links to the site's own pages: which pages the site will have, and links to them made relative.

A policy may link to a page of the site with a site-absolute path (``/privacy/#general``) or a
relative one without ``.md`` (``../privacy/``).  :class:`SiteMap` knows every page and file the
build publishes (with ``use_directory_urls``: ``/<policy>/``, ``/zh-TW/<policy>/versions/``...),
so :func:`resolve` says what such a link reaches, if anything; ``parity.links`` reports the ones
that reach nothing.  A page is reached as ``/privacy/``, ``/privacy/index.html`` or ``/privacy``
(every web server redirects that to the folder); a file (``/feed.xml``, ``/assets/logo.png``) by
its exact path; ``/privacy.md`` reaches nothing (the built site has no Markdown).

``link_prefixes`` (``extra.policies``) maps a repository's own prefix for the site's pages
(``/site-policy/`` -> ``/``) before anything is resolved.  :func:`rewrite` turns every
site-absolute link of a built page that reaches a page into a relative URL (``../privacy/#x``),
so links still work when the site is served under a sub-path (``https://example.com/legal/``).
"""

from __future__ import annotations

import difflib
import functools
import html
import posixpath
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from . import project
from .project import PUBLISHED_DOCS, package_paths
from .urls import relative, site_path

_VERSION = re.compile(r"[0-9]{4}\.[0-9]{2}\.[0-9]{2}\Z")
_WORDING = re.compile(r"wording-[1-9][0-9]{0,5}\Z")
_CORRECTION = re.compile(r"correction-[1-9][0-9]{0,5}\Z")
_SCHEME = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:")
# The site's own pages besides policies and docs/ pages, in every language.
_SITE_PAGES = ("changelog", "translations")
# Targets longer than this get no suggestion (finding a close name costs the square of the length).
MAX_SUGGESTED = 200


@dataclass(frozen=True)
class Target:
    """What a link reaches: the canonical site path, and the policy and language of its page."""

    path: str  # "/zh-TW/privacy/" or "/assets/logo.png"
    lang: str
    policy: str | None = None  # the policy whose page it is
    current: bool = False  # the policy's current page (whose IDs a fragment must name)


@dataclass
class SiteMap:
    """Every page and file the build publishes (see :func:`policysite.pages.render_site`)."""

    languages: tuple[str, ...] = project.LANGUAGES  # the reference language first
    # policy name (a former name too) -> the policy its pages are now
    names: dict[str, str] = field(default_factory=dict)
    dates: dict[str, set[str]] = field(default_factory=dict)  # policy -> its version dates
    current: set[str] = field(default_factory=set)  # policies with a current page (/<policy>/)
    live: set[str] = field(default_factory=set)  # policies not removed (with a bilingual page)
    pages: set[tuple[str, str]] = field(default_factory=set)  # (page, lang) of docs/<lang>/<page>.md
    files: set[str] | None = None  # site paths of the files of docs/ (None: not known, not checked)

    @classmethod
    def of(
        cls, corpus: project.Corpus, history: object | None = None, files: Iterable[str] | None = None
    ) -> SiteMap:
        """The site of ``corpus`` (the working tree), ``history`` (:class:`policysite.history.History`:
        every dated version, retired and renamed policies) and the published ``files`` of docs/
        (site paths, see :func:`published_files`)."""
        site = cls(languages=tuple(corpus.languages), pages=set(corpus.pages))
        site.files = set(files) if files is not None else None
        for policy in corpus.policies:
            site.names[policy] = policy
            site.current.add(policy)
            site.live.add(policy)
            site.dates[policy] = {d.version for d in _documents(corpus, policy) if d.version}
        for policy, ph in (getattr(history, "policies", None) or {}).items():
            site.names[policy] = policy
            site.dates.setdefault(policy, set()).update(v.version for v in ph.versions)
            if not ph.removed:
                site.live.add(policy)
            if not ph.removed or ph.retired is not None:
                site.current.add(policy)
            for former in ph.former_names:
                site.names.setdefault(former, policy)
        return site

    @property
    def reference(self) -> str:
        """The reference language: its pages are at the root of the site, the others' under /<lang>/."""
        return self.languages[0]

    def path(self, lang: str, *parts: str) -> str:
        return site_path(lang, *parts, reference=self.reference)

    @functools.cached_property
    def depth(self) -> int:
        """The most folders a policy name has (``security/access``: 2)."""
        return max((name.count("/") + 1 for name in self.names), default=1)


def _documents(corpus: project.Corpus, policy: str) -> list:
    return [d for lang in corpus.languages if (d := corpus.get(policy, lang)) is not None]


def published_files(root: Path, languages: tuple[str, ...] = project.LANGUAGES) -> set[str]:
    """The site paths of the files of ``docs/`` the build publishes (pages aside): ``docs/assets/x``
    is ``/assets/x``, ``docs/zh-TW/x.png`` is ``/zh-TW/x.png`` (``docs/en/x.png`` is ``/x.png``: the
    reference language, ``languages[0]``, is at the root)."""
    found = {"/" + name for name in package_paths()}
    for folder in (*languages, *PUBLISHED_DOCS):
        for name in project.scan(root, f"docs/{folder}").files:
            relative_path = name.split("/", 1)[1]
            if relative_path.endswith(".md"):
                continue
            first, _, rest = relative_path.partition("/")
            found.add("/" + (rest if first == languages[0] else relative_path))
    return found


# ---------------------------------------------------------------- what a link reaches


def mapped(path: str, prefixes: Mapping[str, str] | None) -> str:
    """``path`` with the longest matching old prefix of ``prefixes`` replaced by its new one."""
    table = prefixes or {}
    for old in sorted(table, key=len, reverse=True):
        if path.startswith(old) or path + "/" == old:
            new = table[old] + path[len(old) :]
            return new if new.startswith("/") else "/" + new
    return path


def split(target: str) -> tuple[str, str, str]:
    """``(path, query, fragment)`` of a link target (the fragment decoded)."""
    path, _, fragment = target.partition("#")
    path, _, query = path.partition("?")
    return path, query, unquote(fragment)


def local(target: str) -> bool:
    """Whether ``target`` is a link on this site: no scheme, not scheme-relative (``//x``, ``/\\x``)."""
    if target.startswith(("//", "/\\", "\\")):
        return False
    first = re.split(r"[/?#]", target, maxsplit=1)[0]
    return not _SCHEME.match(first) and ":" not in first


def resolve(site: SiteMap, path: str) -> Target | None:
    """What the site path ``path`` (absolute, not decoded) reaches, or None."""
    path = unquote(path)
    if not path.startswith("/") or path.startswith("//"):
        return None
    folder_form = path.endswith(("/", "/index.html"))
    if path.endswith("/index.html"):
        path = path[: -len("index.html")]
    parts = [part for part in posixpath.normpath(path).split("/") if part]
    lang = parts[0] if parts and parts[0] in site.languages[1:] else site.reference
    rest = parts[1:] if lang != site.reference else parts
    if not folder_form and rest:
        found = _file(site, lang, rest)
        if found is not None:
            return found
    return _page(site, lang, rest)


def _file(site: SiteMap, lang: str, rest: list[str]) -> Target | None:
    """A published file: ``feed.xml``, ``versions.json``, a file of docs/, a version's data."""
    path = site.path(lang).rstrip("/") + "/" + "/".join(rest)
    if rest in (["feed.xml"], ["sitemap.xml"]) or (rest == ["versions.json"] and lang == site.reference):
        return Target(path, lang)
    if site.files is not None and path in site.files:
        return Target(path, lang)
    policy, tail = _policy(site, rest)
    if policy is None or len(tail) != 2 or tail[0] != "versions":
        return None
    name = tail[1]
    if name == "index.json" or (name.endswith(".json") and name[:-5] in site.dates.get(policy, ())):
        return Target(site.path(lang, policy, "versions").rstrip("/") + "/" + name, lang, policy)
    return None


def _policy(site: SiteMap, rest: list[str]) -> tuple[str | None, list[str]]:
    """The policy the path ``rest`` starts with (the longest name), and what follows it."""
    for count in range(min(site.depth, len(rest)), 0, -1):
        name = "/".join(rest[:count])
        if name in site.names:
            return site.names[name], rest[count:]
    return None, rest


def _page(site: SiteMap, lang: str, rest: list[str]) -> Target | None:
    name = "/".join(rest)
    if not rest or name in _SITE_PAGES or (name, lang) in site.pages or (f"{name}/index", lang) in site.pages:
        return Target(site.path(lang, name), lang)
    policy, tail = _policy(site, rest)
    if policy is None:
        return None
    dates = site.dates.get(policy, set())
    if not tail:
        return Target(site.path(lang, policy), lang, policy, True) if policy in site.current else None
    if tail in (["versions"], ["bilingual"]):
        return Target(site.path(lang, policy, *tail), lang, policy) if _has(site, policy, tail) else None
    if len(tail) in (2, 3) and tail[0] in ("versions", "changes") and tail[1] in dates:
        extra = tail[2:]
        pattern = _WORDING if tail[0] == "versions" else _CORRECTION
        if not extra or pattern.match(extra[0]):
            return Target(site.path(lang, policy, *tail), lang, policy)
    return None


def _has(site: SiteMap, policy: str, tail: list[str]) -> bool:
    """``/<policy>/versions/`` is always there; ``/<policy>/bilingual/`` while the policy is not removed."""
    return tail == ["versions"] or policy in site.live


# ---------------------------------------------------------------- what it could have meant


def suggestion(site: SiteMap, path: str, written: bool = True) -> str:
    """ " (did you mean '/privacy/'?)" for a site path that reaches nothing, when it is obvious
    (``written``: the link wrote ``path`` itself, not a relative path that resolved to it)."""
    if len(path) > MAX_SUGGESTED:
        return ""
    decoded = unquote(path)
    if decoded.endswith(".md"):
        found = resolve(site, decoded[:-3] + "/")
        if found is not None:
            return f" (the built site has no Markdown files: did you mean '{found.path}'?)"
    parts = [part for part in decoded.split("/") if part]
    if parts and parts[0] == site.reference and (found := resolve(site, "/" + "/".join(parts[1:]) + "/")):
        return f" (did you mean '{found.path}'? {site.reference} pages are at the root of the site)"
    for start in range(1, min(len(parts), 4)):  # a prefix of the repository's own, not mapped
        found = resolve(site, "/" + "/".join(parts[start:]) + "/")
        if found is not None and found.policy is not None:
            old = "/" + "/".join(parts[:start]) + "/"
            if not written:
                return f" (did you mean '{found.path}'?)"
            return (
                f" (did you mean '{found.path}'? map the repository's own prefix in mkdocs.yml: "
                f"extra.policies.link_prefixes: {{'{old}': '/'}})"
            )
    lang = parts[0] if parts and parts[0] in site.languages else site.reference
    rest = parts[1:] if parts and parts[0] in site.languages else parts
    names = {name for name in site.names if name == site.names[name]} | set(_SITE_PAGES)
    names |= {page for page, page_lang in site.pages if page_lang == lang and page != "index"}
    close = difflib.get_close_matches("/".join(rest[: site.depth]), sorted(names), n=3, cutoff=0.6)
    if close:
        return " (did you mean " + " or ".join(f"'{site.path(lang, name)}'" for name in close) + "?)"
    return ""


# ---------------------------------------------------------------- rewriting built pages

# A start tag (quoted values may hold '<' and '>'; possessive and stopped by the next '<': linear).
_TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9]*+)((?:[^<>\"']++|\"[^\"]*+\"|'[^']*+')*+)>")
_URL_ATTRIBUTE = re.compile(r"""(\s(?:href|src)\s*+=\s*+)(?:"([^"]*+)"|'([^']*+)'|([^\s"'=<>`]++))""")


def rewrite(markup: str, page_path: str, site: SiteMap, prefixes: Mapping[str, str] | None = None) -> str:
    """``markup`` (a built page's HTML) with every site-absolute ``href``/``src`` that reaches a page
    or file of ``site`` (after ``prefixes``) relative to ``page_path`` (the page's site path,
    ``/zh-TW/privacy/``); every other URL, and all text, exactly as it was."""
    if "/" not in markup:
        return markup
    here = page_path if page_path.endswith("/") else page_path.rsplit("/", 1)[0] + "/"

    def attribute(match: re.Match[str]) -> str:
        raw = next(group for group in match.groups()[1:] if group is not None)
        url = html.unescape(raw)
        if not url.startswith("/") or not local(url):
            return match.group(0)
        path, query, _ = split(url)
        found = resolve(site, mapped(path, prefixes))
        if found is None:
            return match.group(0)
        tail = url[len(path) :]  # the query and fragment as written
        return f'{match.group(1)}"{html.escape(relative(here, found.path) + tail, quote=True)}"'

    def tag(match: re.Match[str]) -> str:
        attributes = match.group(2)
        if "href" not in attributes and "src" not in attributes:
            return match.group(0)
        return f"<{match.group(1)}{_URL_ATTRIBUTE.sub(attribute, attributes)}>"

    return _TAG.sub(tag, markup)
