"""Pages: the model (sources, history, redlines) -> the files MkDocs publishes.

One module per page kind; each returns the Markdown (or JSON, or XML) of its
pages, which :func:`render_site` places at their staging paths (see
:mod:`policysite.staging`), so MkDocs, Material and mkdocs-static-i18n render
generated pages exactly like hand-written ones.  ``en/privacy/versions/2019.12.19.md``
is served at ``/privacy/versions/2019.12.19/``, ``zh-TW/...`` under ``/zh-TW/``.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from .. import locale as _locale
from .. import sanitize
from ..history import PolicyHistory, Version
from ..render import PageBodies
from ..spool import Spooled, keep
from ..urls import relative, site_path
from . import (
    bilingual,
    changelog,
    changes,
    compare,
    correction,
    current,
    feeds,
    home,
    pdf,
    redirects,
    retired,
    translations,
    version,
    versions,
    wording,
)
from .common import Site, render
from .index_json import versions_index
from .redlines import Redlines

__all__ = [
    "Redlines",
    "Site",
    "Staged",
    "preview_findings",
    "relative",
    "render_site",
    "site_path",
    "versions_index",
]


@dataclass
class Staged:
    """The staged files (path -> bytes, or a PDF's cached file) and which of the pages are HTML.

    A page in ``html`` is HTML after its front matter, made only of template output
    and sanitized text: Markdown would return it unchanged, so the build hands it to
    MkDocs as it is instead of converting it (see ``policysite.site``).

    The files in ``data`` (the versions' JSON data, a third of a site's files) are published
    beside MkDocs rather than through it (:func:`policysite.staging.publish`): MkDocs and
    static-i18n would only copy them, at a cost per file on every build and every save.
    """

    files: dict[str, bytes | Path | Spooled]
    html: frozenset[str] = field(default_factory=frozenset)
    # Pages converted here (archived versions, section by section: see render.PageBodies):
    # path -> (hash of the Markdown MkDocs will hand over, HTML, table of contents).
    converted: dict[str, tuple[str, str, list]] = field(default_factory=dict)
    dropped: bool = False
    data: frozenset[str] = field(default_factory=frozenset)

    def drop(self) -> None:
        """Forget the files' contents once they are written (``html`` and ``data`` stay)."""
        self.files = {}
        self.dropped = True

    def at_root(self, lang: str) -> Staged:
        """The same files with ``<lang>/`` taken off their paths: a site in one language without
        static-i18n publishes them at the root (``en/privacy.md`` is ``/privacy/`` either way)."""
        prefix = f"{lang}/"

        def moved(path: str) -> str:
            return path[len(prefix) :] if path.startswith(prefix) else path

        return Staged(
            {moved(path): data for path, data in self.files.items()},
            frozenset(moved(path) for path in self.html),
            {moved(path): value for path, value in self.converted.items()},
            self.dropped,
            frozenset(moved(path) for path in self.data),
        )


def preview_findings(findings: list) -> str:
    """The box ``mkdocs serve`` shows at the top of a policy page with findings (never in a build)."""
    count = len(findings)
    heading = (
        f"policy check: {count} finding{'s' if count != 1 else ''} about this policy (shown by mkdocs "
        "serve only)"
    )
    return render("preview_findings.html", heading=heading, findings=findings)


def date_formats(languages: tuple[str, ...]) -> str:
    """``assets/javascripts/date-formats.js``: how each of the site's languages writes a date (its
    data file's), for the scripts that write dates in the browser (point-in-time.js)."""
    styles = {lang: _locale.date_style(lang) for lang in languages}
    return f"window.policyDateFormats = {json.dumps(styles, ensure_ascii=True, sort_keys=True)};\n"


def render_site(site: Site, docs: dict[str, bytes]) -> Staged:
    """Every staged file: ``docs`` (home pages filled in) plus every generated page.

    A PDF's value is the path of its cached file (see :mod:`.pdf`), not its bytes.
    """
    out = _Output(site, docs)
    out.put("assets/javascripts/date-formats.js", date_formats(site.languages))
    shared = _shared_inputs(site)
    for lang in site.languages:
        out.language_pages(lang)
        for ph in site.policies():
            key = ("policy pages", shared, lang, *_policy_inputs(site, ph.policy))
            out.add(*site.redlines.recent.get(key, lambda ph=ph, lang=lang: out.policy(ph, lang)))
    if site.pdf is not None:
        out.staged.update(site.pdf.files(site))
    out.put(f"{site.languages[0]}/versions.json", _versions_json(site))
    return Staged(out.staged, frozenset(out.html), out.converted, data=frozenset(out.data))


def _versions_json(site: Site) -> str:
    """The versions index, indented for readers.  Indenting runs json's pure-Python encoder, so a
    build that reuses its last results (``mkdocs serve``) keys it by the compact encoding."""
    index = _index(site)
    recent = site.redlines.recent

    def make() -> str:
        return json.dumps(index, ensure_ascii=False, indent=2) + "\n"

    return recent.get(("versions.json", json.dumps(index, ensure_ascii=False)), make) if recent.on else make()


class _Output:
    """The staged files as :func:`render_site` makes them, one page kind after another."""

    def __init__(self, site: Site, docs: dict[str, bytes]) -> None:
        self.site = site
        self.staged: dict[str, bytes | Path | Spooled] = dict(docs)
        self.html: set[str] = set()
        self.converted: dict[str, tuple[str, str, list]] = {}
        self.data: set[str] = set()
        self.bodies = PageBodies(site.redlines.parts)
        self.several = len(site.languages) > 1  # (one language: no translations page, no side-by-side)

    def put(
        self, path: str, text: str | bytes | Spooled | None, is_html: bool = False, is_data: bool = False
    ) -> None:
        if text is not None:
            if isinstance(text, str):
                text = text.encode("utf-8")
            self.staged[path] = keep(self.site.redlines.spool, text) if isinstance(text, bytes) else text
            if is_html:
                self.html.add(path)
            if is_data:
                self.data.add(path)

    def language_pages(self, lang: str) -> None:
        site, put = self.site, self.put
        home_page = self.staged.get(f"{lang}/index.md")
        if isinstance(home_page, bytes):
            self.staged[f"{lang}/index.md"] = home.page(site, home_page, lang)
        put(f"{lang}/changelog.md", changelog.page(site, lang), is_html=True)
        put(f"{lang}/translations.md", translations.page(site, lang) if self.several else None, is_html=True)
        put(f"{lang}/feed.xml", feeds.feed(site, lang))

    def policy(self, ph: PolicyHistory, lang: str) -> tuple[dict, set, dict, set]:
        """Every page of one policy in ``lang``, apart: (staged files, which are HTML, conversions,
        which are data)."""
        kept = self.staged, self.html, self.converted, self.data
        self.staged, self.html, self.converted, self.data = {}, set(), {}, set()
        try:
            self.policy_pages(ph, lang)
            for dated in ph.versions:
                self.version_pages(ph, dated, lang)
            return self.staged, self.html, self.converted, self.data
        finally:
            self.staged, self.html, self.converted, self.data = kept

    def body(self, body: str, source: str) -> tuple[str, list] | None:
        """An archived page's ``body`` converted (``source``: the policy's text in it), or None where
        that cannot be vouched for (see render.PageBodies); kept on disk, by a digest of both.

        The site's own markup in a body carries this process's secret chrome stamp (see
        ``sanitize.chrome``): the digest is of the body without it, and a kept conversion has the
        stamp of the process that made it replaced by this one's (a body holding the placeholder
        itself is converted every time)."""
        redlines, token = self.site.redlines, sanitize.chrome_token()
        if _STAMP in body:
            return self.bodies.convert(body, source)
        key = _body_key(redlines.signature, body.replace(token, _STAMP), source)
        kept = redlines.bodies.get(key)
        if kept is None:
            done = redlines.recent.get(("page body", key), lambda: self.bodies.convert(body, source))
            kept = redlines.bodies[key] = (*done, token) if done is not None else False
        if not isinstance(kept, tuple):
            return None
        html, toc, made_by = kept
        return (html, toc) if made_by == token else _restamped((html, toc), made_by, token)

    def add(self, staged: dict, html: set, converted: dict, data: set) -> None:
        self.staged.update(staged)
        self.html.update(html)
        self.converted.update(converted)
        self.data.update(data)

    def policy_pages(self, ph: PolicyHistory, lang: str) -> None:
        site, put, policy = self.site, self.put, ph.policy
        if not ph.removed:
            put(f"{lang}/{policy}.md", current.page(site, ph, lang))
            put(f"{lang}/{policy}/bilingual.md", bilingual.page(site, ph, lang) if self.several else None)
        elif ph.retired is not None:
            put(f"{lang}/{policy}.md", retired.page(site, ph, lang))
        for path, text in redirects.pages(ph, lang, site.reference).items():
            put(path, text)
        put(f"{lang}/{policy}/versions/index.md", versions.page(site, ph, lang))
        put(f"{lang}/{policy}/versions/index.json", versions.data(site, ph, lang), is_data=True)

    def version_pages(self, ph: PolicyHistory, dated: Version, lang: str) -> None:
        site, put = self.site, self.put
        text = dated.texts.get(lang)
        path = f"{lang}/{ph.policy}/versions/{dated.version}.md"
        put(path, archived := version.page(site, ph, dated, lang))
        if text is not None:
            # The archive first: its conversion holds the sections that are new in this
            # version, which the block data then takes from the same parts.
            done = self.body(body := markdown_of(archived), text.document.body)
            if done is not None:
                self.converted[path] = (markdown_key(body), *done)
            data = compare.data_json(site, ph, text)
            put(f"{lang}/{ph.policy}/versions/{dated.version}.json", data, is_data=True)
        changed = changes.page(site, ph, dated, lang)
        put(f"{lang}/{ph.policy}/changes/{dated.version}.md", changed, is_html=True)
        _wordings(site, ph, dated, lang, put)


def _shared_inputs(site: Site) -> tuple:
    """What the pages of every policy read of the site (for :class:`~policysite.cache.Recent`: a
    ``mkdocs serve`` session renders again only the policies whose own inputs changed, see
    :func:`_policy_inputs`): its name, address and clock, the history's commit and day, which policies
    and titles there are (titles are told apart across policies), the findings about history."""
    history, corpus = site.history, site.corpus
    titles = sorted((d.path, d.title) for d in corpus.documents.values())
    about_history = sorted(d.text() for d in site.diagnostics if d.commit)
    epoch = site.clock.epoch if site.clock is not None else None
    return (
        site.site_name,
        site.site_url,
        site.repo_url,
        epoch,
        history.head,
        history.build_date,
        history.timezone,
        site.redlines.signature,
        site.pdf is not None,
        tuple(site.languages),
        tuple(sorted(history.policies)),
        tuple(titles),
        tuple(about_history),
    )


def _policy_inputs(site: Site, policy: str) -> tuple:
    """What one policy's pages read of the working tree: its files (path and text, whether they
    are broken) and the findings about them."""
    corpus = site.corpus
    files, paths = [], set()
    for lang in site.languages:
        document = corpus.get(policy, lang)
        text = (document.path, document.text) if document is not None else None
        files.append((lang, text, (policy, lang) in corpus.broken))
        paths.update([f"{lang}/{policy}.md", *([document.path] if document is not None else [])])
    findings = sorted(d.text() for d in (*site.diagnostics, *corpus.diagnostics) if d.file in paths)
    return (policy, tuple(files), tuple(findings))


# What stands for the chrome stamp in the digest of a kept conversion (NUL: never in a source)
_STAMP = "\0policysite-chrome-stamp\0"


def _restamped(value, old: str, new: str):
    """``value`` (strings, in lists, tuples and dicts) with ``old`` replaced by ``new``."""
    if isinstance(value, str):
        return value.replace(old, new)
    if isinstance(value, dict):
        return {key: _restamped(item, old, new) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_restamped(item, old, new) for item in value)
    return value


def _body_key(signature: str, body: str, source: str) -> str:
    parts = (signature, body, source)
    return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


def _index(site: Site) -> dict:
    """``versions.json``, with what 'policy verify' needs to rebuild this very site."""
    printer = site.pdf
    index = versions_index(
        site.history,
        site.redlines,
        site.languages,
        site.diagnostics,
        site.corpus,
        pdfs=printer is not None,
        pdf_hashes=printer.hashes if printer is not None else None,
        site_url=site.site_url,
    )
    index["source_date_epoch"] = site.clock.epoch if site.clock is not None else None  # (commit: head)
    index.update(pdf.index_fields(printer))
    return index


def _wordings(site: Site, ph, dated, lang: str, put) -> None:
    """Every earlier wording of a corrected version, and the redline of each correction."""
    base = f"{lang}/{ph.policy}"
    for text in wording.earlier(dated, lang):
        put(
            f"{base}/versions/{dated.version}/wording-{text.number}.md",
            wording.page(site, ph, dated, text, lang),
        )
    for text in wording.corrections(dated, lang):
        put(
            f"{base}/changes/{dated.version}/correction-{text.number}.md",
            correction.page(site, ph, dated, text, lang),
            is_html=True,
        )


def markdown_of(page: str) -> str:
    """The Markdown MkDocs converts: the page after its front matter (as ``mkdocs.utils.meta`` cuts it)."""
    return page.split("\n---\n", 1)[1].lstrip("\n")


def markdown_key(markdown: str) -> str:
    """What identifies the Markdown a page hands over (plugins may rewrite it; line ends may go)."""
    return hashlib.sha1(markdown.rstrip("\n").encode("utf-8", "surrogatepass")).hexdigest()
