"""The MkDocs side: what the site does at each event (the plugin, policysite.plugin, forwards them).

static-i18n runs the whole build once per language (the extra languages from its
``on_post_build``), so every event fires once per language.  The expensive work
(parsing, parity, staging) happens once per set of source bytes: the result is
memoized on the fingerprint of the inputs, which also carries it across
``mkdocs serve`` rebuilds.  MkDocs keeps a plugin instance across the rebuilds of a
process, so one :class:`Builder` may see several builds: it checks that the staging
folder it wrote is still there.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import hashlib
import logging
import os
import re
from dataclasses import dataclass
from html import escape
from pathlib import Path

import jinja2
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.toc import get_toc

from . import (
    cache,
    clock,
    git_utils,
    head,
    history,
    languages,
    links,
    locale,
    model,
    pages,
    project,
    render,
    sanitize,
    search,
    segmenter,
    sitemaps,
    spool,
    staging,
    theme_env,
    theme_words,
    urls,
)
from . import config as _config
from . import preview as _preview
from .diagnostics import Diagnostic, summary_line
from .names import Names
from .pages import not_found, pdf

log = get_plugin_logger("policies")  # the plugin's own messages: "policies: ..."
# Findings in compiler form at the start of the line ("zh-TW/privacy.md:12: warning: [code] ..."),
# as `policy check` prints them and editors' tools match them: the same logger, no prefix.
findings_log = log.logger

# Set, MkDocs converts every page itself, generated HTML and archives included, and the block
# data is rendered a section at a time on its own (to compare the two: tests build sites both ways).
_CONVERT_EVERY_PAGE = bool(os.environ.get("POLICYSITE_CONVERT_EVERY_PAGE"))
_ANCHOR_ID = re.compile(r'\s(?:id|name)="([^"]+)"')


@dataclass
class Model:
    """Everything computed from one set of inputs: the checked analysis and the staged pages."""

    fingerprint: str
    analysis: model.Analysis
    staged: pages.Staged

    @property
    def corpus(self):
        return self.analysis.corpus

    @property
    def history(self):
        return self.analysis.history

    @property
    def diagnostics(self) -> list[Diagnostic]:
        return self.analysis.diagnostics

    @functools.cached_property
    def shape(self) -> str:
        """What every page of the site shows of the others, but for the navigation: which files
        there are and the map of pages and anchors links are made relative with (the preview
        reuses the pages of the last build while it is unchanged)."""
        site_map = self.analysis.site_map
        mapped = (
            {name: sorted(v) if isinstance(v, set) else v for name, v in vars(site_map).items()}
            if site_map is not None
            else None
        )
        return _preview.digest(sorted(self.staged.files), repr(sorted(mapped.items())) if mapped else None)


_CACHES = cache.Caches()


def _fingerprint(root: Path, docs: dict[str, bytes], languages: tuple[str, ...], *extra: str) -> str:
    digest = hashlib.sha256("\0".join((*languages, *extra)).encode())
    listing = project.policy_listing(root, languages)
    for relative, path in listing.files.items():
        digest.update(f"{relative}\0".encode())
        try:
            digest.update(project.read_file(path))
        except OSError:
            digest.update(b"\0unreadable")
    # What the site refuses to read (a link, a pipe) counts by its error, which names the target.
    for problem in (*listing.problems, *project.docs_listing(root).problems):
        digest.update(f"\0refused\0{problem.text()}".encode())
    for name, data in sorted(docs.items()):
        digest.update(name.encode() + b"\0" + data)
    return digest.hexdigest()


def _read(root: Path, name: str) -> str:
    """A file of the project named by a setting (the baseline), or its refusal: never read
    through a link out of the sources, never a pipe (the analysis reports the refusal)."""
    refusal = project.check_file(root, name)
    if refusal is not None:
        return refusal.text()
    try:
        return project.read_file(root / name).decode("utf-8", errors="replace")
    except OSError:
        return ""


def _in_project(config, root: Path, value: str) -> str:
    """A path from mkdocs.yml (relative to it, or absolute) as a path relative to the project
    ``root``; an absolute path when it lies outside (the checks refuse it)."""
    path = Path(os.path.abspath(Path(config.config_file_path).parent / value))
    for base in (root, Path(os.path.abspath(config.config_file_path)).parent):
        with contextlib.suppress(ValueError):
            return path.relative_to(base).as_posix() or "."
    return str(path)


def build_model(
    root: Path,
    settings: _config.PolicySettings,
    site_name: str,
    site_url: str = "",
    renderer: render.Renderer | None = None,
    repo_url: str = "",
    site_languages: languages.Languages | None = None,
    build_clock: clock.BuildClock | None = None,
    spooled: bool = False,
) -> Model:
    """Parse, check, read history, redline and render: once per set of inputs and build clock (raises
    :class:`~policysite.config.ConfigError` or :class:`~policysite.git_utils.GitError` when it cannot).

    ``spooled``: the pages, block data and redlines made wait in a temporary file, not in memory,
    until they are staged (a one-shot build; see :mod:`.spool`)."""
    build_clock = build_clock or clock.BuildClock.read()
    site_languages = site_languages or languages.Languages()
    codes = site_languages.codes
    docs = staging.docs_files(root, codes)
    today = build_clock.today(settings.timezone)
    head = history.head_of(root)
    epoch = str(build_clock.epoch)  # versions.json records it; the PDFs' dates are the clock's
    inputs = (str(head), today.isoformat(), repr(sorted(settings.items())), site_name, site_url, repo_url)
    key = _fingerprint(
        root, docs, codes, str(site_languages.i18n), *inputs, _read(root, settings.baseline), epoch
    )
    if key in _CACHES.models:
        return _CACHES.models[key]
    _CACHES.begin(root)
    analysis = model.analyse(root, settings, today, _CACHES, renderer, languages=codes)
    printer = _pdf_printer(root, settings, site_url, renderer, build_clock, analysis)
    redlines = _redlines(renderer, spool.Spool.made() if spooled else None)
    site = pages.Site(analysis.corpus, analysis.history, redlines, site_name, site_url, analysis.diagnostics)
    site.pdf, site.repo_url, site.clock = printer, repo_url, build_clock
    staged = pages.render_site(site, docs)
    built = Model(key, analysis, staged if site_languages.i18n else staged.at_root(site_languages.reference))
    if printer is not None:
        log.info(
            f"PDFs: {printer.rendered} rendered ({printer.seconds:.1f} s), {printer.reused} unchanged "
            "from the cache"
        )
    _CACHES.save()
    # The model and the caches live as long as the process and are never
    # garbage: keep the collector from re-scanning their millions of objects
    # during MkDocs' allocation-heavy rendering of every page.
    gc.freeze()
    _CACHES.models.clear()
    _CACHES.models[key] = built
    return built


def _redlines(renderer: render.Renderer | None, kept: spool.Spool | None) -> pages.Redlines:
    """The redlines and block data of this build, with the disk caches (their results in ``kept``
    when given)."""
    caches = (_CACHES.redlines, _CACHES.outlines, _CACHES.texts, renderer, _CACHES.bodies)
    return pages.Redlines(*caches, by_parts=not _CONVERT_EVERY_PAGE, recent=_CACHES.recent, spool=kept)


def _pdf_printer(
    root: Path,
    settings,
    site_url: str,
    renderer: render.Renderer | None,
    build_clock: clock.BuildClock,
    analysis: model.Analysis,
) -> pdf.Printer | None:
    """The PDF maker of this build (raises :class:`~policysite.pages.pdf.PdfError` when fonts are missing);
    None when PDFs are off or the build fails on its findings (``analysis``: the build's)."""
    if not settings.pdf or any(d.is_error for d in analysis.diagnostics):
        return None
    repo = git_utils.Repository.find(root)
    return pdf.Printer(
        renderer or render.Renderer(),
        cache.folder_for(root),
        build_clock,
        reference=analysis.corpus.reference,
        timezone=settings.timezone,
        site_url=site_url,
        prefix=repo.prefix if repo is not None else "",
    )


def auditor_links(lang: str, reference: str) -> list[dict]:
    """What every page's footer offers auditors, in ``lang``: the index, the feed, the changelog
    (``reference``: the site's reference language, whose pages are at the root)."""
    return [
        {"path": "versions.json", "label": locale.text(lang, "auditor_index"), "type": "application/json"},
        {
            "path": pages.site_path(lang, reference=reference).lstrip("/") + "feed.xml",
            "label": locale.text(lang, "auditor_feed"),
            "type": "application/atom+xml",
        },
        {
            "path": pages.site_path(lang, "changelog", reference=reference).lstrip("/"),
            "label": locale.text(lang, "auditor_changelog"),
        },
    ]


class Builder:
    """What the site does at each MkDocs event; :class:`~policysite.plugin.PoliciesPlugin`
    forwards the events to it (one per plugin instance, kept across ``mkdocs serve`` rebuilds)."""

    def __init__(self) -> None:
        self.command = "build"
        self.clock: clock.BuildClock | None = None  # this build's: read once in on_config
        self.strict = False
        self.warned: list[str] = []  # this build's warnings: a strict build fails on them (_strict)
        self.model: Model | None = None
        self.source_docs: Path | None = None
        self.synced: tuple | None = None  # (fingerprint, folder) of the staging folder's contents
        self.seen: dict[Path, dict] = {}  # serve: each staged file as the last sync left it (staging.sync)
        self.renderer: render.Renderer | None = None
        # src_uri -> (HTML, table of contents or None) of a page converted here, in conversion
        self._html: dict[str, tuple[str, list | None]] = {}
        # Every page and file the site has, and the repository's own link prefixes: site-absolute
        # links in the pages become relative ones (a site served under a sub-path keeps them).
        self.site_map: links.SiteMap | None = None
        self.link_prefixes: dict[str, str] = {}
        self.languages = languages.Languages()  # the site's, from its configuration (static-i18n's)
        self.preview: _preview.Preview | None = None  # under mkdocs serve: the pages a save reuses
        # The theme's templates compiled by earlier builds, in the project's cache (Jinja checks each
        # against its source): a warm build, and each save under mkdocs serve, compiles none again
        self.compiled: jinja2.BytecodeCache | None = None
        # static-i18n's settings while this build removes duplicated search entries itself
        self.search_taken: dict | None = None

    def on_startup(self, command: str) -> None:
        self.command = command
        if command == "serve":  # each save rebuilds: keep what the next build can reuse
            _CACHES.recent.keep()
            self.preview = _preview.Preview()

    def on_shutdown(self) -> None:
        if self.preview is not None:
            self.preview.close()

    def on_pre_build(self, config, nested: bool) -> None:
        """Under ``mkdocs serve``, before MkDocs empties the site folder: the last build's output
        is moved aside, for the pages this build reuses (see policysite.preview)."""
        theme_env.install(config.theme)
        if not nested:
            self.search_taken = search.take_over(config)
            if self.preview is not None:
                self.preview.hold(config.site_dir)

    def on_build_error(self) -> None:
        search.give_back(self.search_taken)
        self.search_taken = None
        if self.preview is not None:
            self.preview.failed()

    def on_config(self, config, nested: bool, settings: _config.PolicySettings):
        try:
            return self._configure(config, nested, settings)
        except PluginError:
            raise
        except (_config.ConfigError, git_utils.GitError) as exc:
            raise PluginError(str(exc)) from None
        except Exception as exc:  # a bug in policysite: say so plainly, details with --verbose
            log.debug("policysite internal error", exc_info=True)
            raise PluginError(
                f"internal error in policysite ({type(exc).__name__}: {exc}); run 'mkdocs build "
                "--verbose' for details and report it"
            ) from None

    def _configure(self, config, nested: bool, settings: _config.PolicySettings):
        root = Path(config.config_file_path).resolve().parent
        if not nested:
            self.source_docs = Path(config.docs_dir).resolve()
            self.languages = languages.of_config(config)
        target = root / settings.staging_dir
        if self.synced is not None and not staging.written(self.synced[1]):
            self.synced = None  # the folder is gone (MkDocs keeps this hook between builds of a process)
        if self.synced is None or self.synced[1] != target:
            self._check_folders(root, target, settings, config)
        self._check_theme_folder(config, root)
        _ship_theme(config)
        self._absolute_search_dictionary(config, root)
        segmenter.install()  # (before the search plugin's on_config loads the user dictionary)
        self.renderer = render.Renderer.for_config(config)
        if self.compiled is None:
            self.compiled = theme_env.compiled_templates(root)
        if not nested or self.clock is None:  # (static-i18n's builds of the other languages share it)
            self.clock = clock.BuildClock.read()
        self.strict = bool(config.strict)
        if not nested:
            self.warned = []
            if self.preview is not None:
                self.preview.start(config.site_dir)
        model = self.model = self._model(config, settings, root, target)
        self.site_map = model.analysis.site_map  # (made once with the model, not per language)
        self.link_prefixes = settings.link_prefixes
        if not nested:
            finding = urls.site_url_finding(config.config_file_path, config.site_url or "")
            self._report(model.diagnostics + ([finding] if finding else []))
        if self.synced != (model.fingerprint, target):  # static-i18n's other-language builds reuse it
            self._stage(model, target)
        config.docs_dir = str(target)
        if not config.nav:
            # Name the navigation (home, policies, changelog) instead of letting
            # MkDocs and static-i18n build one from every archived page first.
            config.nav = [
                "index.md",
                *(f"{p}.md" for p in model.corpus.policies),
                "changelog.md",
                *(["translations.md"] if self.languages.several else []),
            ]
            config.validation.nav.omitted_files = logging.DEBUG
        return config

    def _model(self, config, settings: _config.PolicySettings, root: Path, target: Path) -> Model:
        """The analysis of the sources (memoized on their bytes), made again if its staged pages
        went to another folder and are gone."""
        for _ in range(2):
            model = build_model(
                root,
                settings,
                config.site_name,
                config.site_url or "",
                self.renderer,
                repo_url=config.repo_url or "",
                site_languages=self.languages,
                build_clock=self.clock,
                spooled=self.command != "serve",
            )
            if not model.staged.dropped or self.synced == (model.fingerprint, target):
                break
            _CACHES.models.clear()  # its pages went to another folder and are gone: make them again
        return model

    def _stage(self, model: Model, target: Path) -> None:
        seen = self.seen.setdefault(target, {}) if self.command == "serve" else None
        staging.sync(target, model.staged.files, seen)
        self.synced = (model.fingerprint, target)
        if self.command != "serve":
            # A one-shot build reads the staged pages from disk from now on: drop their
            # bytes (static-i18n's other-language builds find the folder in sync), and the
            # parsed texts of every version, which only the pages needed.
            model.staged.drop()
            model.history.forget_documents()
            _CACHES.release_parses()

    # -- what reaches the browser

    def on_env(self, env, config=None) -> None:
        if self.compiled is not None:  # (MkDocs makes a new environment, which compiles every template)
            env.bytecode_cache = self.compiled
        if self.preview is not None and config is not None:
            lang = not_found.building(config, self.languages.codes)
            self.preview.no_page_built(lang, _search_entries(config))
        preview = self.command == "serve"
        env.globals["policy_csp"] = (
            sanitize.PREVIEW_CONTENT_SECURITY_POLICY if preview else sanitize.CONTENT_SECURITY_POLICY
        )
        # The theme override's own words (plain text: the template escapes them)
        # and the feeds it links (autodiscovery in <head>, auditors' links on every page).
        env.globals["policy_phrase"] = locale.text
        theme_words.install(env, self.languages.reference)  # the theme's words in the page's language
        reference = self.languages.reference
        env.globals["policy_languages"] = self.languages.codes[1:]  # each has its own search index
        env.globals["policy_feeds"] = [
            {"lang": lang, "path": pages.site_path(lang, reference=reference).lstrip("/") + "feed.xml"}
            for lang in self.languages.codes
        ]
        env.globals["policy_auditor_links"] = functools.partial(auditor_links, reference=reference)
        head.install(env, reference)  # each page's language alternates (hreflang, x-default)
        env.globals["policy_not_found"] = self._not_found  # the error page, in the build's language
        env.globals["policy_language_home"] = functools.partial(not_found.language_home, reference=reference)

    def _not_found(self, config, base_url: str) -> dict:
        """What the theme's ``404.html`` shows, in the language being built (see pages.not_found)."""
        lang = not_found.building(config, self.languages.codes)
        root = base_url if base_url.endswith("/") else base_url + "/"
        model = self.model
        content = (
            not_found.NotFound(model.corpus, model.history, self.languages.codes).content(lang, root)
            if model is not None
            else ""
        )
        title = not_found.title(lang, self.languages.reference)
        return {"title": title, "content": content, "script": not_found.SCRIPT}

    def on_post_template(self, output: str, template_name: str, config) -> str:
        """Each language's error page in its folder (``/zh-TW/404.html``), the reference one at the root."""
        lang = not_found.building(config, self.languages.codes)
        return not_found.place(output, template_name, config.site_dir, lang, self.languages.reference)

    PAGE_META = frozenset(
        {"title", "description", "hide", "search", "policy_status", "policy_version", "policy_compare"}
    )

    def on_page_markdown(self, markdown: str, page) -> str:
        """Front matter keys the theme would print unescaped or act on are dropped (with a warning).

        A generated page that is HTML already (a redline, the changelog: see
        :class:`~policysite.pages.Staged`) skips the Markdown conversion, which would
        return it unchanged after parsing every tag: its HTML is kept here and handed
        back in :meth:`on_page_content`, where it is sanitized like every page.  So does an
        archived version the model converted section by section (see
        :class:`~policysite.render.PageBodies`), when the Markdown it gets here is the one
        that was converted (plugins before this hook may rewrite it).
        """
        for key in sorted(set(page.meta) - self.PAGE_META):
            warning = f"{page.file.src_uri}: front matter key '{key}' is not used by this site and is ignored"
            self.warned.append(warning)
            log.warning(warning)
            del page.meta[key]
        if self.model is None or not isinstance(page.meta.get("title"), str) or _CONVERT_EVERY_PAGE:
            return markdown  # (MkDocs takes a page's title from its HTML only when front matter has none)
        uri = page.file.src_uri
        if uri in self.model.staged.html:
            self._html[uri] = (markdown.strip(), None)
            return ""
        # (a one-shot build converts each page once: let go of its HTML as it is handed over)
        converted = self.model.staged.converted.get(uri)
        if converted is not None and self.command != "serve":
            del self.model.staged.converted[uri]
        if converted is not None and converted[0] == pages.markdown_key(markdown):
            self._html[uri] = converted[1:]
            return ""
        return markdown

    def on_page_content(self, html: str, page) -> str:
        """Every page's content through the allow-list sanitizer; a front-matter title becomes text.

        The theme prints ``page.title`` unescaped: a title from front matter is
        plain text and is escaped here (titles MkDocs takes from the rendered H1,
        and the table of contents, are escaped HTML text already).
        """
        if isinstance(page.meta.get("title"), str):
            page.meta["title"] = escape(page.meta["title"])
        if page.file.src_uri in self._html:
            html, toc = self._html.pop(page.file.src_uri)
            if toc is not None:  # what MkDocs makes of a page it converts itself
                page.toc = get_toc(toc)
                page.present_anchor_ids = set(_ANCHOR_ID.findall(html))
        if self.site_map is not None:
            html = links.rewrite(html, "/" + page.url, self.site_map, self.link_prefixes)
        if self.command == "serve" and self.model is not None:
            html = self._preview_findings(page.file.src_uri) + html
        if self.model is not None and page.file.src_uri in self.model.staged.html:
            return sanitize.unstamped(sanitize.clean(html))  # the site's alone (sources in block data)
        # A policy's text among the site's notices: the site's classes stay on the site's markup only.
        permalink = self.renderer.permalink if self.renderer is not None else None
        lang = languages.language_of(page.file.src_uri, self.languages.codes)
        return theme_words.permalinks(
            sanitize.page(html, permalink), permalink, lang, self.languages.reference
        )

    def _preview_findings(self, src_uri: str) -> str:
        """Under ``mkdocs serve``: a policy's current pages list its findings at the top."""
        key, model = project.policy_key(src_uri), self.model
        if key is None or model is None or key[0] not in model.corpus.policies:
            return ""
        files = {f"{lang}/{key[0]}.md" for lang in model.corpus.languages}
        findings = [d for d in model.diagnostics if d.file in files and not d.acknowledged]
        if not findings:
            return ""
        return pages.preview_findings(findings)

    def _check_folders(self, root: Path, target: Path, settings, config) -> None:
        """Refuse a staging folder or site folder the build could damage (before anything is written)."""
        repo = git_utils.Repository.find(root)
        tracked = repo.tracked if repo is not None else None
        sources = [
            self.source_docs or root / "docs",
            *(root / lang for lang in self.languages.codes),
        ]
        site_dir = Path(config.site_dir).resolve()
        staging.check_target(
            root, target, protected=[*sources, site_dir], tracked=tracked, setting=settings.staging_dir
        )
        for folder in sources:
            if (
                site_dir == folder.resolve()
                or folder.resolve() in site_dir.parents
                or site_dir in folder.resolve().parents
            ):
                raise _config.ConfigError(
                    f"mkdocs.yml: site_dir '{site_dir}' overlaps '{folder}', which the build reads; "
                    "MkDocs empties the site folder before every build (nothing was changed)"
                )
        if repo is not None and site_dir.exists() and (root == site_dir or root in site_dir.parents):
            files = repo.tracked(site_dir)
            if files:
                raise _config.ConfigError(
                    f"mkdocs.yml: site_dir '{site_dir}' holds files tracked by git ({', '.join(files[:3])}); "
                    "MkDocs empties the site folder before every build (nothing was changed)"
                )

    def _report(self, diagnostics: list[Diagnostic]) -> None:
        for diagnostic in diagnostics:
            if diagnostic.fails(strict=False):
                findings_log.error(diagnostic.text())
            elif diagnostic.fails(strict=True):
                self.warned.append(diagnostic.text())
                findings_log.warning(diagnostic.text())  # MkDocs fails a strict build on any warning
            else:
                findings_log.info(diagnostic.text())
        errors = [d for d in diagnostics if d.is_error]
        if errors and self.command != "serve":
            raise PluginError(
                f"policy check failed ({summary_line(diagnostics)}); fix the findings above, then build again"
            )
        if diagnostics:
            log.info(f"policy check: {summary_line(diagnostics)}")
        self._strict()

    def _strict(self) -> None:
        """Strict is strict: a strict build fails on the plugin's warnings itself.

        MkDocs counts warnings through its logger, and ``-q`` (or ``-v``, mkdocs#3991 and #4126)
        can drop them before its counter sees them: the plugin counts its own instead and stops
        the build (before anything is written when the findings are about the sources).
        """
        if self.strict and self.warned and self.command != "serve":
            shown = "\n".join(f"  {text}" for text in self.warned[:20])
            more = f"\n  ... and {len(self.warned) - 20} more" if len(self.warned) > 20 else ""
            raise PluginError(
                f"strict mode: the policies plugin reported {len(self.warned)} warning(s), "
                f"so the build is refused:\n{shown}{more}"
            )

    @staticmethod
    def _absolute_search_dictionary(config, root: Path) -> None:
        """Material resolves ``jieba_dict_user`` against the working directory.

        Material reads the dictionaries itself (and their words reach the search index), so
        one that is a link out of the site's sources, a pipe or outside the project stops the
        build here, before anything reads it (under ``mkdocs serve`` too).
        """
        search = _search_plugin(config)
        if search is None:
            return
        for key in ("jieba_dict", "jieba_dict_user"):
            value = search.config.get(key)
            if not value:
                continue
            refusal = project.check_file(root, _in_project(config, root, value))
            if refusal is not None:
                raise _config.ConfigError(
                    f"{refusal.text()} (mkdocs.yml: search.{key}; Material reads it, so the build stops "
                    "before anything reads it)"
                )
            if not Path(value).is_absolute():
                search.config[key] = str(root / value)

    @staticmethod
    def _check_theme_folder(config, root: Path) -> None:
        """MkDocs reads the theme's ``custom_dir`` itself (templates, and files it copies to the
        site): a link out of the site's sources or a pipe there stops the build before it does."""
        custom = getattr(config.theme, "custom_dir", None)
        if not custom:
            return
        relative = _in_project(config, root, custom)
        if Path(relative).is_absolute():
            raise _config.ConfigError(
                f"mkdocs.yml: theme.custom_dir '{project.shown(custom)}' is outside the repository: the "
                "site reads no file outside it"
            )
        problems = project.scan(root, relative).problems
        if problems:
            more = f" (and {len(problems) - 3} more)" if len(problems) > 3 else ""
            raise _config.ConfigError(
                "; ".join(p.text() for p in problems[:3])
                + more
                + " (mkdocs.yml: theme.custom_dir; MkDocs reads it, so the build stops before anything "
                "reads these files)"
            )

    def on_post_build(self, config, nested: bool) -> None:
        """Once every language is built: a search index per reader language."""
        if not nested:
            search.give_back(self.search_taken)
            self._strict()  # (warnings about pages: reported while MkDocs built them)
        # (under mkdocs serve, a save that reused every language's pages has the sitemaps back)
        reused = not nested and self.preview is not None and self.preview.finish(config.site_dir)
        if not nested and self.model is not None:
            self._publish_data(Path(config.site_dir))
            plugin = _search_plugin(config)
            words = search.dictionary_words(plugin.config.get("jieba_dict_user") if plugin else None)
            search.write_language_indexes(
                Path(config.site_dir),
                self.model.corpus.languages,
                words,
                self._search_labels(self.model),
                deduplicate=self.search_taken is not None,
            )
            if not reused:
                sitemaps.write_language_sitemaps(
                    Path(config.site_dir), self.model.corpus.languages, config.site_url or ""
                )

    @staticmethod
    def _search_labels(model: Model) -> dict[str, str]:
        """``{location: label}`` of the current pages whose title another policy shares."""
        corpus = model.corpus
        names = Names.of(corpus, model.history)
        labels = {}
        for policy in corpus.policies:
            for lang in corpus.languages:
                shown = lang if corpus.get(policy, lang) is not None else corpus.reference
                document = corpus.get(policy, shown)
                if document is not None and document.title and names.shared(document.title, shown):
                    path = pages.site_path(lang, policy, reference=corpus.reference)
                    labels[path.lstrip("/")] = names.label(policy, shown)
        return labels

    def _publish_data(self, site_dir: Path) -> None:
        """The versions' JSON data into the site folder (see :func:`staging.publish`)."""
        if self.model is None or self.synced is None:
            return
        reference = self.languages.reference if self.languages.i18n else None
        try:
            staging.publish(self.synced[1], self.model.staged.data, site_dir, reference)
        except OSError as exc:
            raise PluginError(f"could not publish the versions' data into the site folder: {exc}") from None

    def on_files(self, files: Files) -> Files:
        """MkDocs' files without the versions' JSON data, which the build publishes itself (see
        pages.Staged: static-i18n would localize each file in every language's build)."""
        data = self.model.staged.data if self.model is not None else frozenset()
        if not data:
            return files
        return Files([file for file in files if file.src_uri not in data])

    def on_serve(self, server, config, settings: _config.PolicySettings):
        """Watch the real sources, not the staging folder we write ourselves."""
        with contextlib.suppress(KeyError, ValueError):
            server.unwatch(config.docs_dir)
        if self.source_docs is not None:
            server.watch(str(self.source_docs))
        server.watch(str(Path(__file__).resolve().parent))  # the core package itself
        root = Path(config.config_file_path).resolve().parent
        baseline = root / settings.baseline
        if baseline.is_file():
            server.watch(str(baseline))
        return server

    def on_nav(self, nav, files=None, config=None):
        """The navigation: home, each policy's current text (in its category's section), the
        changelog and the translations page.

        static-i18n's folder structure leaves a stray section named after the
        locale ("zh TW") and would list every generated page; readers need the
        policies, the rest is linked from them.
        """
        from mkdocs.structure.nav import Navigation
        from mkdocs.structure.pages import Page

        found: dict[str, Page] = {}
        codes, i18n = self.languages.codes, self.languages.i18n

        def collect(items) -> None:
            for item in items:
                if isinstance(item, Page):
                    folder, _, rest = item.file.src_uri.partition("/")
                    name = (
                        rest if i18n and folder in codes else item.file.src_uri
                    )  # (one language: at the root)
                    found.setdefault(name.removesuffix(".md"), item)
                elif getattr(item, "children", None):
                    collect(item.children)

        collect(nav.items)
        first = next(iter(found.values()), None)
        lang = languages.language_of(first.file.src_uri, codes) if first is not None else codes[0]
        corpus = self.model.corpus if self.model else project.Corpus(languages=codes)
        items = _nav_items(found, corpus, lang)
        pages = list(_nav_pages(items))
        for index, page in enumerate(pages):
            page.previous_page = pages[index - 1] if index else None
            page.next_page = pages[index + 1] if index + 1 < len(pages) else None
        flat = Navigation(items, pages)
        flat.homepage = nav.homepage
        if files is not None and config is not None:
            self._plan_preview(flat, files, config)
        return flat

    # -- the preview: pages a save did not change are reused (see policysite.preview)

    def _plan_preview(self, nav, files, config) -> None:
        preview, model = self.preview, self.model
        if preview is None or model is None or model.staged.dropped:
            return
        entries = _search_entries(config)
        if entries is None and _search_plugin(config) is not None:
            return  # a search plugin whose index cannot be kept: every page is built
        lang = not_found.building(config, self.languages.codes)
        staged = model.staged.files
        keys = {file.src_uri: self._preview_key(file, staged) for file in files}
        signature = _preview.digest(lang, model.shape, _nav_shape(nav.items, staged), *_config_shape(config))
        reused = preview.plan(lang, signature, files, keys, nav.pages)
        if reused:
            log.info(f"preview ({lang}): {reused} unchanged pages reused from the last build")

    def _preview_key(self, file, staged: dict) -> tuple:
        """What one file's output depends on of its own: its staged bytes (a page's findings box
        too), a theme file's size and time; nothing known, a key never equal to another."""
        if file.src_uri in staged:
            data = staged[file.src_uri]
            if not isinstance(data, bytes):  # (a PDF from the cache: its path, which names its inputs)
                data = str(data)
            return (data, self._preview_findings(file.src_uri)) if file.is_documentation_page() else (data,)
        try:
            stat = os.stat(file.abs_src_path)
        except (OSError, TypeError):
            return (object(),)
        return (file.abs_src_path, stat.st_mtime_ns, stat.st_size)

    def on_page_context(self, page, config) -> None:
        if self.preview is not None:
            lang = not_found.building(config, self.languages.codes)
            self.preview.built(lang, page, _search_entries(config))


# What the plugin ships besides Python: theme partials (after the site's own custom_dir, so a
# site can still override them) and the stylesheet and script every page loads (the other
# scripts are loaded by the partials; all are staged under assets/, see staging.package_files).
THEME = Path(__file__).resolve().parent / "theme"
STYLESHEETS = ("assets/stylesheets/policy.css",)
SCRIPTS = ("assets/javascripts/language-switch.js",)


def _ship_theme(config) -> None:
    """The plugin's templates, stylesheet and script in the configuration (once: static-i18n's
    other-language builds reuse it)."""
    from mkdocs.config.config_options import ExtraScriptValue

    dirs = config.theme.dirs
    if str(THEME) not in dirs:
        custom = getattr(config.theme, "custom_dir", None)
        dirs.insert(1 if custom else 0, str(THEME))
    for sheet in STYLESHEETS:
        if sheet not in config.extra_css:
            config.extra_css.append(sheet)
    listed = {getattr(script, "path", script) for script in config.extra_javascript}
    config.extra_javascript.extend(ExtraScriptValue(script) for script in SCRIPTS if script not in listed)


def _search_plugin(config):
    return config.plugins.get("material/search") or config.plugins.get("search")


def _search_entries(config) -> list | None:
    """The search plugin's entries of the language being built (Material's, or MkDocs' own)."""
    index = getattr(_search_plugin(config), "search_index", None)
    for name in ("entries", "_entries"):
        entries = getattr(index, name, None)
        if isinstance(entries, list):
            return entries
    return None


def _nav_shape(items: list, staged: dict) -> list:
    """The navigation as every page shows it: sections' titles, pages and their titles (from the
    staged files' front matter: the titles MkDocs will read), links."""
    shape: list = []
    for item in items:
        children = getattr(item, "children", None)
        if children is not None:
            shape.append((item.title, _nav_shape(children, staged)))
        elif getattr(item, "file", None) is not None:
            data = staged.get(item.file.src_uri)
            shape.append((item.file.src_uri, _preview.title_of(data) if isinstance(data, bytes) else None))
        else:
            shape.append((getattr(item, "title", None), getattr(item, "url", None)))
    return shape


def _config_shape(config) -> list:
    """What of the configuration every page shows: mkdocs.yml's bytes, the site's address, and the
    templates and search dictionaries an editor may change while serving (their sizes and times)."""
    shape: list = [config.site_url or ""]
    with contextlib.suppress(OSError, TypeError):
        shape.append(Path(config.config_file_path).read_bytes())
    folders = [getattr(config.theme, "custom_dir", None), str(THEME)]
    for folder in filter(None, folders):
        for path in sorted(Path(folder).rglob("*")):
            with contextlib.suppress(OSError):
                stat = path.stat()
                shape.append((str(path), stat.st_mtime_ns, stat.st_size))
    plugin = _search_plugin(config)
    for key in ("jieba_dict", "jieba_dict_user"):
        value = plugin.config.get(key) if plugin is not None else None
        with contextlib.suppress(OSError, TypeError):
            stat = Path(str(value)).stat()
            shape.append((key, stat.st_mtime_ns, stat.st_size))
    return shape


def _nav_items(found: dict, corpus: project.Corpus, lang: str) -> list:
    """Home, the policies outside categories, a section per category (nested as the folders
    are, titled in ``lang``), the changelog and the translations page."""
    from mkdocs.structure.nav import Section

    sections: dict[str, Section] = {}
    top: list = [found["index"]] if "index" in found else []

    def holder(category: str) -> list:
        if not category:
            return top
        if category not in sections:
            parent = category.rpartition("/")[0]
            section = sections[category] = Section(corpus.category_title(category, lang), [])
            holder(parent).append(section)
            section.parent = sections.get(parent)
        return sections[category].children

    for policy in corpus.policies:
        page = found.get(policy)
        if page is not None:
            category = policy.rpartition("/")[0]
            holder(category).append(page)
            page.parent = sections.get(category)
    top += [found[name] for name in ("changelog", "translations") if name in found]
    return top


def _nav_pages(items: list):
    for item in items:
        if getattr(item, "children", None) is not None:
            yield from _nav_pages(item.children)
        else:
            yield item
