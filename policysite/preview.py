"""A preview that answers in about a second: under ``mkdocs serve``, a save re-renders only the
pages whose input changed and reuses every other page the last build wrote.

MkDocs rebuilds the whole site on every save (a 60-policy site has over a thousand pages in two
languages, each through Material's templates).  The build stages every page again (cheaply: the
conversions and checks of the last build are kept, see :class:`policysite.cache.Recent`) and
knows, for each page, everything its output depends on:

- its own staged file (the bytes MkDocs reads) and the findings box the preview shows on it;
- what every page shows of the others: the navigation (each listed page's title, the order),
  the set of pages and files (links, the sitemap), the pages' and anchors' map the links are
  made relative with, the configuration and the theme's templates.

When the second group is unchanged since the last build of the same language, a page whose first
group is unchanged is not read, rendered or written: it is marked excluded for this build (so
MkDocs skips it), and its last output, moved aside before MkDocs empties the site folder, is moved
back when the build ends (a folder in one rename), with its search entries and the sitemap.  The
same goes for static files (theme assets, data files).  Anything else (a changed title, a new
version, a failed build) makes a full build, as MkDocs would.  A test compares the site this
makes after each kind of edit with a full build of the same sources.

Only ``mkdocs serve`` does this: ``mkdocs build`` always builds everything.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.structure.files import Files, InclusionLevel
from mkdocs.utils import meta as _meta

# MkDocs' sitemap of every page, written by the theme's static template in each language's build:
# with pages skipped it lists only the rebuilt ones, so the last one is put back.
SITEMAPS = ("sitemap.xml", "sitemap.xml.gz")


@dataclass
class _Page:
    """What one page was in the last build of its language."""

    key: tuple  # (its staged bytes, the findings box the preview shows on it)
    dest: str  # its output, relative to the site folder
    title: str | None = None
    meta: dict = field(default_factory=dict)
    entries: list = field(default_factory=list)  # its search entries (Material's search plugin)


@dataclass
class _Round:
    """One language's build: what every page depends on, and each page."""

    signature: str
    pages: dict[str, _Page] = field(default_factory=dict)  # src_uri -> page
    skipped: set[str] = field(default_factory=set)  # files reused from the last build
    order: list[str] = field(default_factory=list)  # the pages in MkDocs' order (search entries)
    position: dict[str, int] = field(default_factory=dict)  # each page's place in ``order``
    cursor: int = 0  # search entries recorded so far
    fast: bool = False


class Preview:
    """Under ``mkdocs serve``: what each language's last build rendered, and its output, held
    aside while the next build runs (see :meth:`hold`)."""

    def __init__(self) -> None:
        self._held: Path | None = None  # the last build's output, moved aside (see hold)
        self._last: dict[str, _Round] = {}  # language -> its last complete build
        self._now: dict[str, _Round] = {}  # language -> this build, as it goes
        self._site: str | None = None

    # -- a build starts and ends

    def start(self, site_dir: str) -> None:
        """A build (of every language) starts; a new site folder means nothing can be reused."""
        if site_dir != self._site:
            self._last, self._site = {}, site_dir
        self._now = {}

    def failed(self) -> None:
        """The build failed: the next one builds everything."""
        self._last, self._now = {}, {}
        self._drop_held()

    def close(self) -> None:
        self._drop_held()

    # -- each language's build

    def plan(self, lang: str, signature: str, files: Files, keys: dict[str, tuple], nav_pages: list) -> int:
        """Decide which pages of this language's build are reused; returns how many.

        ``keys``: each file's own inputs (src_uri -> key: a page's and a static file's alike, which
        is then not copied again either); ``nav_pages``: the navigation's pages, whose titles every
        page shows (a reused one gets its last title and meta back).
        """
        last = self._last.get(lang)
        now = self._now[lang] = _Round(signature)
        pages = files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
        every = [file for file in files if file.inclusion.is_in_serve()]
        if last is not None and last.signature == signature and self._held is not None:
            for file in every:
                before = last.pages.get(file.src_uri)
                if before is None or before.key != keys.get(file.src_uri) or not self._stored(before.dest):
                    continue
                file.inclusion = InclusionLevel.EXCLUDED
                now.pages[file.src_uri] = before
                now.skipped.add(file.src_uri)
            now.fast = True
        for page in nav_pages:
            kept = now.pages.get(page.file.src_uri)
            if kept is not None:
                page.title, page.meta = kept.title, dict(kept.meta)
        for file in every:
            if file.src_uri not in now.pages:
                now.pages[file.src_uri] = _Page(keys.get(file.src_uri, ()), file.dest_uri)
        now.order = [file.src_uri for file in pages]
        now.position = {uri: index for index, uri in enumerate(now.order)}
        return sum(1 for uri in now.skipped if uri in now.position)

    def built(self, lang: str, page, entries: list | None) -> None:
        """A page was rendered (MkDocs' page context, after the search plugin indexed it): keep its
        title, meta and search entries, and put the reused pages' entries in their places."""
        now = self._now.get(lang)
        if now is None:
            return
        record = now.pages.get(page.file.src_uri)
        if record is not None:
            record.title, record.meta = page.title, dict(page.meta)
        if entries is None:
            return
        own = entries[now.cursor :]
        position = now.position.get(page.file.src_uri)
        if position is None:  # (not a page MkDocs listed: nothing to place)
            now.cursor = len(entries)
            return
        before = self._reused_entries(now, position, until_next=True)
        last = self._last_built(now, position)
        after = self._reused_entries(now, position, until_next=False) if last else []
        entries[now.cursor :] = before + own + after
        if record is not None:
            record.entries = [dict(entry) for entry in own]
        now.cursor = len(entries)

    def no_page_built(self, lang: str, entries: list | None) -> None:
        """Every page was reused (no page context runs): their search entries, in order."""
        now = self._now.get(lang)
        if now is None or entries is None or not now.skipped.issuperset(now.order):
            return
        entries.extend(entry for uri in now.order for entry in now.pages[uri].entries)

    def finish(self, site_dir: str) -> bool:
        """Every language is built: the reused files' outputs go back where the last build wrote
        them.  True when every language's build reused its pages: then every other file the last
        build wrote is back too, the sitemaps among them (this build's list only the pages it
        rendered), and nothing that depends only on the set of pages needs to be written again."""
        site, held = Path(site_dir), self._held
        complete = bool(self._now) and all(now.fast for now in self._now.values())
        complete = held is not None and complete and self._last.keys() == self._now.keys()
        if held is not None and complete:
            for name in SITEMAPS:
                (site / name).unlink(missing_ok=True)
            _merge(held, site)  # every file the last build wrote that this one did not
        elif held is not None:
            for now in self._now.values():
                for uri in now.skipped if now.fast else ():
                    _move(held / now.pages[uri].dest, site / now.pages[uri].dest)
        self._drop_held()
        self._last, self._now = self._now, {}
        return complete

    # -- the last build's output, moved aside before MkDocs empties the site folder

    def hold(self, site_dir: str) -> None:
        """Before MkDocs empties the site folder (``on_pre_build``): move the last build's output
        aside, one rename per top-level entry (MkDocs' cleaning leaves hidden ones, so does this)."""
        self._drop_held()
        site = Path(site_dir)
        if not self._last or site_dir != self._site or not site.is_dir():
            return
        held = Path(tempfile.mkdtemp(prefix="policysite-preview-", dir=site.parent))
        for entry in site.iterdir():
            if not entry.name.startswith("."):
                os.rename(entry, held / entry.name)
        self._held = held

    def _drop_held(self) -> None:
        if self._held is not None:
            shutil.rmtree(self._held, ignore_errors=True)
            self._held = None

    def _stored(self, dest: str) -> bool:
        return self._held is not None and os.path.isfile(os.path.join(self._held, dest))

    # -- search entries of reused pages, in MkDocs' order

    @staticmethod
    def _last_built(now: _Round, position: int) -> bool:
        return all(uri in now.skipped for uri in now.order[position + 1 :])

    @staticmethod
    def _reused_entries(now: _Round, position: int, until_next: bool) -> list:
        """The reused pages' entries just before ``position`` (back to the page built before it),
        or every one after it."""
        if until_next:
            start = position
            while start > 0 and now.order[start - 1] in now.skipped:
                start -= 1
            uris = now.order[start:position]
        else:
            uris = now.order[position + 1 :]
        return [dict(entry) for uri in uris if uri in now.skipped for entry in now.pages[uri].entries]


def title_of(data: bytes) -> str | None:
    """The title MkDocs takes from a staged page's front matter (None: none there)."""
    text = data.decode("utf-8", errors="replace")
    if not text.startswith("---"):
        return None
    title = _meta.get_data(text)[1].get("title")
    return title if isinstance(title, str) else None


def digest(*parts: object) -> str:
    """A stable digest of ``parts`` (their ``repr``: strings, numbers, tuples, sorted sets)."""
    return hashlib.sha256(repr(parts).encode("utf-8", "surrogatepass")).hexdigest()


def _merge(source: Path, target: Path) -> None:
    """Move into ``target`` every entry of ``source`` it lacks: a whole folder in one rename."""
    for entry in source.iterdir():
        there = target / entry.name
        if not there.exists() and not there.is_symlink():
            os.rename(entry, there)
        elif entry.is_dir() and not entry.is_symlink() and there.is_dir() and not there.is_symlink():
            _merge(entry, there)


def _move(source: Path, target: Path) -> None:
    if source.is_file() and not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        os.rename(source, target)
