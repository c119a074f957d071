"""A PDF/A-3b of every version of every policy in every language, placed beside its pages.

Auditors file these: ``/privacy/versions/privacy-2019.12.19-en.pdf`` is the text
of that version exactly as its page shows it (the version's Markdown rendered
with the site's own extensions, then :func:`policysite.sanitize.clean`), on A4,
with the title, the version date and its status (archived, current, upcoming)
in the header, "page x of y", and the git commit and SHA-256 of the source in
the footer.  The Markdown source is attached to the PDF (an embedded file with
the ``Source`` relationship), and the title, language and version date are in
its metadata.

WeasyPrint renders them with one font family per PDF, Noto Sans CJK
TC (Debian's ``fonts-noto-cjk``; its JP and KR faces for Japanese and Korean), embedded (subset).  A PDF is a
pure function of its inputs and of the build clock (:class:`policysite.clock.BuildClock`, passed in):
its creation and modification dates (``/CreationDate``, ``/ModDate`` and the XMP's) are the build's
moment, ``SOURCE_DATE_EPOCH`` in a reproducible build, and its status is printed "as of" the
build's day ("current as of 1 September 2020"), so the same commit and ``SOURCE_DATE_EPOCH`` give
the same bytes.

Rendering costs about a third of a second per PDF, so PDFs are cached on disk
(``.cache/policysite/pdf-<renderer tag>/<key>.pdf``).  The key is the SHA-256 of
the source and of everything else a PDF is made from (policy, language, version,
date, status, commit, title, site address, time zone, and the build clock: ``SOURCE_DATE_EPOCH``,
whose dates are in the PDF, so a PDF made under one epoch is never reused under another; without
it, the build's day, and a PDF made earlier that day keeps the time it was made); the tag is the renderer's
version: WeasyPrint, its libraries and the font files (:class:`Toolchain`), the
code and templates that turn a version into HTML, and the Markdown extensions
with their settings.  A warm build renders no PDF and converts no Markdown for
them; a PDF is made again when its text or its status changes.  The staged value
of a PDF is the path of its cached file (:func:`policysite.staging.sync` copies
it), so the build never holds every PDF in memory.

The PDFs a build must make are rendered on every core (:func:`render_all`): a pool of worker
processes, one per core the build may use, renders them while this process makes their HTML; a
few (fewer than :data:`POOL_FROM`) are rendered in process.  ``POLICYSITE_PDF_WORKERS`` sets the
number of workers (1: in process).
"""

from __future__ import annotations

import atexit
import base64
import contextlib
import ctypes
import ctypes.util
import datetime as _dt
import functools
import hashlib
import importlib.metadata
import logging
import multiprocessing
import os
import posixpath
import re
import shutil
import tempfile
import time
import zoneinfo
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from html import escape, unescape
from pathlib import Path

from markupsafe import Markup

from .. import cache, locale, sanitize, urls
from ..clock import BuildClock
from ..config import ConfigError
from ..history import PolicyHistory, Text, Version
from ..render import Renderer
from .common import ENV, Site, date, insert_after_title, plain, relative, render, site_path, standing

log = logging.getLogger("mkdocs.plugins.policies")

VARIANT = "pdf/a-3b"
FORMAT = "PDF/A-3b"
FAMILY = "Noto Sans CJK TC"  # everything, both languages (its Latin letters are Source Sans)
# The same fonts' (the same files') glyphs as Japanese and Korean write the ideographs.
FAMILIES = {"ja": "Noto Sans CJK JP", "ko": "Noto Sans CJK KR"}


def family(lang: str) -> str:
    """The font family of the PDFs in ``lang``."""
    return FAMILIES.get(lang.split("-")[0], FAMILY)


FONT_PACKAGE = "fonts-noto-cjk"
# The fonts the stylesheet uses: (family, style) as fontconfig knows them.  One
# family, no monospace: each embedded font costs a subset (a tenth of a second).
FONTS = ((FAMILY, "Regular"), (FAMILY, "Bold"))
_TEMPLATES = Path(__file__).resolve().parent / "templates"
STYLESHEET = _TEMPLATES / "pdf.css"
TEMPLATE = "pdf.html"


class PdfError(ConfigError):
    """PDFs are enabled but cannot be made here: the message says what to install or set."""


# ---------------------------------------------------------------- addresses


def file_name(policy: str, version: str, lang: str) -> str:
    """``privacy-2019.12.19-zh-TW.pdf``: names the policy, version and language once downloaded."""
    return f"{policy}-{version}-{lang}.pdf"


def url(lang: str, policy: str, version: str, reference: str) -> str:
    """The site path of a version's PDF: beside the version pages, ``/zh-TW/privacy/versions/...pdf``
    (``reference``: the site's reference language, whose pages are at the root)."""
    return site_path(lang, policy, "versions", reference=reference) + file_name(policy, version, lang)


def staged_path(lang: str, policy: str, version: str) -> str:
    return f"{lang}/{policy}/versions/{file_name(policy, version, lang)}"


def href(site: Site, version: Version, lang: str, here: str) -> str | None:
    """A page's link to the PDF of ``version`` in ``lang`` (None: PDFs are off, or no text in ``lang``)."""
    if site.pdf is None or lang not in version.texts:
        return None
    return relative(here, url(lang, version.policy, version.version, site.reference))


def links(site: Site, version: Version | None, lang: str, here: str) -> list[dict]:
    """``[{"href", "label"}]`` for a page's version line: the PDF, when there is one."""
    target = href(site, version, lang, here) if version is not None else None
    return [{"href": target, "label": locale.text(lang, "pdf_link")}] if target else []


# ---------------------------------------------------------------- the renderer and its fonts


@dataclass(frozen=True)
class Font:
    family: str
    style: str
    file: str
    index: int
    version: str  # the font's own version, e.g. "2.004"

    def describe(self) -> str:
        return f"{self.family} {self.style} {self.version} ({Path(self.file).name})"


@dataclass(frozen=True)
class Toolchain:
    """What a PDF's bytes depend on besides its inputs: the renderer's versions and the font files."""

    versions: tuple[tuple[str, str], ...]  # (component, version)
    fonts: tuple[Font, ...]

    @functools.cached_property
    def tag(self) -> str:
        digest = hashlib.sha256()
        for path in (Path(__file__), STYLESHEET, _TEMPLATES / TEMPLATE):
            digest.update(path.read_bytes())
        digest.update(repr(self.versions).encode())
        for font in self.fonts:
            try:
                stat = os.stat(font.file)
                digest.update(f"{font}\0{stat.st_size}\0{stat.st_mtime_ns}".encode())
            except OSError:
                digest.update(f"{font}\0missing".encode())
        return digest.hexdigest()[:16]

    def describe(self) -> dict:
        """For versions.json: what rendered the PDFs (a rebuild elsewhere needs the same)."""
        return {
            "format": FORMAT,
            "renderer": ", ".join(f"{name} {version}" for name, version in self.versions),
            "fonts": [font.describe() for font in self.fonts],
        }


def _install_hint() -> str:
    return (
        f"install Debian's '{FONT_PACKAGE}' ('apt-get install {FONT_PACKAGE}'; scripts/test and "
        "scripts/serve do it when run as root), or build without PDFs: 'pdf: false' under "
        "extra.policies in mkdocs.yml"
    )


def _library(*names: str) -> ctypes.CDLL | None:
    for name in names:
        if not name:
            continue
        with contextlib.suppress(OSError):
            return ctypes.CDLL(name)
    return None


def _fontconfig() -> ctypes.CDLL:
    """libfontconfig (what Pango and so WeasyPrint find fonts with), its prototypes declared."""
    lib = _library("libfontconfig.so.1", ctypes.util.find_library("fontconfig") or "")
    if lib is None:
        raise PdfError(f"PDFs are enabled but fontconfig (libfontconfig1) is missing: {_install_hint()}")
    pointer, text, number = ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int
    lib.FcNameParse.restype = pointer
    lib.FcNameParse.argtypes = [text]
    lib.FcConfigSubstitute.argtypes = [pointer, pointer, number]
    lib.FcDefaultSubstitute.argtypes = [pointer]
    lib.FcFontMatch.restype = pointer
    lib.FcFontMatch.argtypes = [pointer, pointer, ctypes.POINTER(number)]
    lib.FcPatternGetString.argtypes = [pointer, text, number, ctypes.POINTER(text)]
    lib.FcPatternGetInteger.argtypes = [pointer, text, number, ctypes.POINTER(number)]
    lib.FcPatternDestroy.argtypes = [pointer]
    return lib


def _fontconfig_match(lib: ctypes.CDLL, family: str, style: str) -> tuple[list[str], str, int, int]:
    """What fontconfig gives for ``family:style``: (its families, file, face index, font version)."""
    pattern = lib.FcNameParse(f"{family}:style={style}".encode())
    if not pattern:
        return [], "", 0, 0
    try:
        lib.FcConfigSubstitute(None, pattern, 0)  # FcMatchPattern
        lib.FcDefaultSubstitute(pattern)
        match = lib.FcFontMatch(None, pattern, ctypes.byref(ctypes.c_int()))
    finally:
        lib.FcPatternDestroy(pattern)
    if not match:
        return [], "", 0, 0

    def string(name: bytes, n: int = 0) -> str | None:
        value = ctypes.c_char_p()
        found = lib.FcPatternGetString(match, name, n, ctypes.byref(value)) == 0  # FcResultMatch
        return value.value.decode("utf-8", "replace") if found and value.value is not None else None

    def integer(name: bytes) -> int:
        value = ctypes.c_int()
        return value.value if lib.FcPatternGetInteger(match, name, 0, ctypes.byref(value)) == 0 else 0

    try:
        families: list[str] = []
        while (name := string(b"family", len(families))) is not None:
            families.append(name)
        return families, string(b"file") or "", integer(b"index"), integer(b"fontversion")
    finally:
        lib.FcPatternDestroy(match)


def find_fonts() -> tuple[Font, ...]:
    """The font files fontconfig (what WeasyPrint uses) picks for the stylesheet's families.

    Raises :class:`PdfError` naming the package to install when one is missing
    (fontconfig would silently substitute another font, without Chinese).
    """
    lib = _fontconfig()
    found = []
    for family, style in FONTS:
        families, file, index, version = _fontconfig_match(lib, family, style)
        if family not in families or not file:
            instead = f" (fontconfig offers '{families[0]}' instead)" if families else ""
            raise PdfError(
                f"PDFs are enabled but the font '{family}' ({style}) is not installed{instead}; the "
                f"Chinese PDFs need it embedded: {_install_hint()}"
            )
        found.append(Font(family, style, file, index, f"{version / 65536:.3f}" if version else "unknown"))
    return tuple(found)


def _native_versions() -> list[tuple[str, str]]:
    """Pango and HarfBuzz, whose shaping and line breaking decide where every glyph goes."""
    pango = _library("libpango-1.0.so.0", ctypes.util.find_library("pango-1.0") or "")
    if pango is None:
        raise PdfError(
            "PDFs are enabled but WeasyPrint's Pango library is not installed: install 'libpango-1.0-0' "
            "and 'libpangoft2-1.0-0' (Debian), or build without PDFs: 'pdf: false' under extra.policies "
            "in mkdocs.yml"
        )
    pango.pango_version_string.restype = ctypes.c_char_p
    found = [("Pango", pango.pango_version_string().decode())]
    harfbuzz = _library("libharfbuzz.so.0", ctypes.util.find_library("harfbuzz") or "")
    if harfbuzz is not None:
        harfbuzz.hb_version_string.restype = ctypes.c_char_p
        found.append(("HarfBuzz", harfbuzz.hb_version_string().decode()))
    return found


@functools.cache
def toolchain() -> Toolchain:
    """The renderer here, checked (once per process): raises :class:`PdfError` with what to install."""
    try:
        weasyprint = importlib.metadata.version("weasyprint")
    except importlib.metadata.PackageNotFoundError:
        raise PdfError(
            "PDFs are enabled but WeasyPrint is not installed: reinstall the project ('pip install -e .'), "
            "or build without PDFs: 'pdf: false' under extra.policies in mkdocs.yml"
        ) from None
    versions = [("WeasyPrint", weasyprint)]
    requirements = importlib.metadata.requires("weasyprint") or []
    for requirement in requirements:
        if "extra ==" in requirement:
            continue
        name = re.split(r"[\s<>=!~;\[]", requirement, maxsplit=1)[0]
        with contextlib.suppress(importlib.metadata.PackageNotFoundError):
            versions.append((name, importlib.metadata.version(name)))
    versions += _native_versions()
    return Toolchain(tuple(versions), find_fonts())


# ---------------------------------------------------------------- one PDF's inputs


def css_string(text: str) -> Markup:
    """``text`` as a CSS string safe inside ``<style>``: anything but letters, digits and a few
    punctuation marks is written as a hex escape, so no value can end the string or the element."""
    out = ['"']
    for char in str(text):
        if char.isascii() and (char.isalnum() or char in " .,:;-_()/#"):
            out.append(char)
        else:
            out.append(f"\\{ord(char):x} ")
    out.append('"')
    return Markup("".join(out))


ENV.filters["css_string"] = css_string


@functools.cache
def _code_tag() -> str:
    """The code, templates and libraries that turn a version into the HTML a PDF is printed from:
    the package's (``cache.CODE_TAG``: all its code, templates and words) and these libraries'."""
    digest = hashlib.sha256(cache.CODE_TAG.encode())
    for name in ("markdown", "nh3", "jinja2", "markupsafe"):
        with contextlib.suppress(importlib.metadata.PackageNotFoundError):
            digest.update(f"{name} {importlib.metadata.version(name)}".encode())
    return digest.hexdigest()


_HREF = re.compile(r'(<a\b[^>]*?\shref=")([^"]*)(")')


def _page_for(resolved: str, reference: str) -> str | None:
    """The site path of a Markdown file of the staging layout (``en/terms.md``, ``zh-TW/index.md``)."""
    lang, _, rest = resolved.partition("/")
    if not rest.endswith(".md"):
        return None
    name = rest[: -len(".md")]
    if name == "index":
        return site_path(lang, reference=reference)
    if name.endswith("/index"):
        name = name[: -len("/index")]
    return site_path(lang, name, reference=reference)


@dataclass
class Job:
    """Everything one PDF is made of."""

    html: str
    source: bytes
    attachment_name: str
    attachment_description: str
    created: _dt.datetime  # when it is made: the build clock's moment, in the site's time zone
    lang: str


class Printer:
    """Makes (or finds in its cache) the PDF of every version in every language of a site."""

    def __init__(
        self,
        renderer: Renderer,
        cache_dir: Path,
        clock: BuildClock,
        *,
        reference: str,
        timezone: str = "UTC",
        site_url: str = "",
        prefix: str = "",
    ):
        self.tools = toolchain()  # fails here, before any page is rendered, when a font is missing
        workers(1)  # and when POLICYSITE_PDF_WORKERS is not a number of processes
        self.renderer = renderer
        self.cache_dir = cache_dir
        self.timezone = zoneinfo.ZoneInfo(timezone)
        self.clock = clock  # the PDFs' dates: made at its moment, their status as of its day
        self.site_url = site_url.rstrip("/")
        self.reference = reference  # the site's reference language: its pages are at the root
        self.prefix = prefix
        self.rendered = 0
        self.reused = 0
        # (policy, version, lang) -> the SHA-256 of its PDF's bytes, for versions.json
        self.hashes: dict[tuple[str, str, str], str] = {}
        self.seconds = 0.0
        self._scratch: Path | None = None

    # -- the site's PDFs

    def files(self, site: Site) -> dict[str, Path]:
        """``{staging path: cached PDF file}`` for every version and language that has a text; those
        not in the cache are rendered by :func:`render_all` (on every core when there are several)."""
        folder = self._folder()
        wanted: dict[str, Path] = {}
        made: dict[tuple[str, str, str], Path] = {}  # (policy, version, lang) -> its cached file
        missing: list[tuple[Path, Callable[[], Job]]] = []
        for ph in site.policies():
            for version in ph.versions:
                for lang in site.languages:
                    text = version.texts.get(lang)
                    if text is None:
                        continue
                    path = folder / f"{self.key(ph, version, lang, text)}.pdf"
                    if path.is_file():
                        self.reused += 1
                    else:
                        missing.append((path, functools.partial(self.job, ph, version, lang, text)))
                    wanted[staged_path(lang, ph.policy, version.version)] = path
                    made[(ph.policy, version.version, lang)] = path
        start = time.perf_counter()
        render_all(missing)
        self.seconds += time.perf_counter() - start
        self.rendered += len(missing)
        for name, path in made.items():
            self.hashes[name] = hashlib.sha256(path.read_bytes()).hexdigest()
        self._prune(folder, set(wanted.values()))
        return wanted

    @functools.cached_property
    def tag(self) -> str:
        """The renderer's version: WeasyPrint and the fonts (:attr:`Toolchain.tag`), the code and
        templates that make a PDF's HTML, and the Markdown extensions with their settings."""
        digest = hashlib.sha256(f"{self.tools.tag}\0{_code_tag()}\0{self.renderer.signature}".encode())
        return digest.hexdigest()[:16]

    def _standing(self, ph: PolicyHistory, version: Version, lang: str) -> Markup:
        """The version page's notice (in force from, until, replaced by), its links from the PDF's folder."""
        where = site_path(lang, ph.policy, "versions", reference=self.reference)
        current = relative(
            where, site_path(lang, ph.policy, reference=self.reference) if not ph.removed else where
        )
        return standing(ph, version, lang, where, current, self.reference)

    @property
    def _stamp(self) -> str:
        """The build clock as far as a PDF's bytes depend on it: ``SOURCE_DATE_EPOCH`` (its dates), else
        the build's day (its "as of"; a PDF made earlier that day is reused with the time it was made)."""
        if self.clock.epoch is not None:
            return f"epoch {self.clock.epoch}"
        return f"day {self.clock.today(self.timezone).isoformat()}"

    def _as_of(self, status: str, lang: str) -> tuple[str, Markup]:
        """The status as of the build's day ("current as of 1 September 2020"): as text for the page
        header, and as the end of the version line (the status's badge in it)."""
        day = locale.format_date(self.clock.today(self.timezone), lang)
        badge = Markup(ENV.get_template("status.html").render(lang=lang, status=status))
        return (
            locale.text(lang, "status_as_of", status=locale.text(lang, f"status_{status}"), date=day),
            Markup("· ") + locale.html(lang, "status_as_of", status=badge, date=day),
        )

    def key(self, ph: PolicyHistory, version: Version, lang: str, text: Text) -> str:
        """A PDF's cache key: its source's SHA-256 and everything else :meth:`job` reads, under
        :attr:`tag`, so a warm build neither renders nor even converts the Markdown again."""
        parts = (
            self.tag,
            text.sha256,
            ph.policy,
            lang,
            version.version,
            version.date.isoformat(),
            version.status,
            text.commit or "",
            text.header.title or ph.title(lang, version),
            "removed" if ph.removed else "",
            self.prefix,
            self.site_url,
            self.reference,
            str(self.timezone),
            self._stamp,
            # changes when a later version replaces it (the site's stamps are this process's only)
            sanitize.unstamped(str(self._standing(ph, version, lang))),
        )
        return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()

    def _folder(self) -> Path:
        folder = self.cache_dir / f"pdf-{self.tools.tag}"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            for stale in self.cache_dir.glob("pdf-*"):
                if stale != folder and stale.is_dir():
                    shutil.rmtree(stale, ignore_errors=True)
            return folder
        except OSError:  # a read-only checkout still builds its PDFs, just without a warm cache
            if self._scratch is None:
                self._scratch = Path(tempfile.mkdtemp(prefix="policysite-pdf-"))
                atexit.register(shutil.rmtree, self._scratch, True)
            return self._scratch

    @staticmethod
    def _prune(folder: Path, used: set[Path]) -> None:
        """Drop the PDFs this build did not use (older texts, statuses since changed)."""
        for path in folder.iterdir():
            if path not in used:
                with contextlib.suppress(OSError):
                    path.unlink()

    # -- one PDF

    def job(self, ph: PolicyHistory, version: Version, lang: str, text: Text) -> Job:
        policy = ph.policy
        where = site_path(lang, policy, "versions", reference=self.reference)  # (relative links start here)
        when = date(version, lang)
        # (no control character: WeasyPrint writes the title, description and keywords into the XMP
        # metadata, which XML 1.0 forbids them in; the template's values are stripped too)
        title = plain(text.header.title or ph.title(lang, version))
        status, as_of = self._as_of(version.status, lang)
        message = self._standing(ph, version, lang)
        blocks = render("version_line.html", lang=lang, date=when, status=None, standing=as_of, links=[])
        blocks += render("notice.html", kind=version.status, message=message)
        markdown = insert_after_title(text.document.body, blocks)
        body = self._links(sanitize.page(self.renderer.html(markdown), self.renderer.permalink), lang, where)
        path = f"{self.prefix}{text.path or f'{lang}/{policy}.md'}"  # (a renamed policy's: as then named)
        if text.commit:
            source = locale.text(lang, "pdf_source", path=path, commit=text.commit)
        else:
            source = locale.text(lang, "pdf_source_uncommitted", path=path)
        description = plain(locale.text(lang, "pdf_attachment", source=source, sha256=text.sha256))
        created = self.clock.local(self.timezone)  # when it is made, not the version's date
        before, _, rest = locale.raw(lang, "pdf_page").partition("{page}")
        between, _, after = rest.partition("{pages}")
        html = ENV.get_template(TEMPLATE).render(
            lang=lang,
            title=f"{title} ({when})",
            header=title,
            version_line=f"{locale.text(lang, 'version_line', date=when)} · {status}",
            status=version.status,
            description=description,
            keywords=", ".join((policy, version.version, lang, version.status)),
            created=created.isoformat(),
            footer=f"{source}\nSHA-256 {text.sha256}",
            page_before=before,
            page_between=between,
            page_after=after,
            body=Markup(body),
        )
        return Job(html, text.data, f"{policy}-{version.version}-{lang}.md", description, created, lang)

    def _links(self, html: str, lang: str, where: str) -> str:
        """Links as a reader of the PDF can follow them: ``terms.md#x`` becomes the page's address,
        relative to the PDF (or absolute under ``site_url`` when the site has one)."""

        def rebase(match: re.Match) -> str:
            target = unescape(match.group(2))
            if target.startswith("#") or re.match(r"[a-zA-Z][a-zA-Z0-9+.-]*:", target):
                return match.group(0)  # in the PDF, or another site, or mailto:/tel:
            path, hash_, fragment = target.partition("#")
            absolute: str | None
            if path.startswith("/"):
                absolute = path
            elif path.endswith(".md"):
                absolute = _page_for(posixpath.normpath(posixpath.join(lang, path)), self.reference)
                if absolute is None:
                    return match.group(0)
            else:
                folder = path.endswith("/")
                absolute = posixpath.normpath(posixpath.join(where, path)) + ("/" if folder else "")
            new = urls.absolute(self.site_url, absolute, where)  # (a downloaded PDF: under site_url)
            return match.group(1) + escape(new + hash_ + fragment, quote=True) + match.group(3)

        return _HREF.sub(rebase, html)


# ---------------------------------------------------------------- on every core

WORKERS = "POLICYSITE_PDF_WORKERS"  # the number of rendering processes; 1: in the build's own process
# The fewest PDFs a pool renders unless POLICYSITE_PDF_WORKERS asks for one: below that, its start-up
# (each worker a fresh interpreter importing WeasyPrint, about a second of CPU) costs more than it
# saves. On 2 cores, a build with 2 PDFs to make took 4.3 s with a pool and 4.1 s in process; with 4,
# 4.7 s and 5.1 s (under `mkdocs serve`, whose process has WeasyPrint loaded, in process does better).
POOL_FROM = 4


def cores() -> int:
    """The cores this process may run on (its CPU affinity: a container's or CI runner's share)."""
    counted = getattr(os, "process_cpu_count", None)  # Python 3.13
    if counted is not None:
        return counted() or 1
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def workers(pdfs: int, setting: str | None = None) -> int:
    """How many processes render ``pdfs`` PDFs: ``setting`` (default: ``POLICYSITE_PDF_WORKERS``) when
    given, else one per core from :data:`POOL_FROM` PDFs; never more than the PDFs; 1: in the build's
    own process, no pool."""
    value = (os.environ.get(WORKERS, "") if setting is None else setting).strip()
    if not value:
        return max(1, min(cores(), pdfs)) if pdfs >= POOL_FROM else 1
    if not re.fullmatch(r"[0-9]+", value) or int(value) < 1:
        raise PdfError(
            f"{WORKERS}={value!r} is not a number of processes: set it to 1 or more (1 renders the PDFs "
            "in the build's own process), or unset it for one process per core"
        )
    return max(1, min(int(value), pdfs))


def make(job: Job, path: Path) -> None:
    """One PDF rendered and written to its cache file: the task of a worker process (its inputs are
    picklable; the build's process keeps the cache's books)."""
    cache.write_atomically(path, render_pdf(job))


def render_all(missing: Sequence[tuple[Path, Callable[[], Job]]]) -> None:
    """Render each ``(cache file, what makes its job)``, the same bytes either way: in a pool of
    :func:`workers` processes, fed as the jobs are made here (their HTML, from the site's model), or
    in this process when :func:`workers` says 1 (a few PDFs, or one core)."""
    count = workers(len(missing))
    if count == 1:
        for path, job in missing:
            make(job(), path)
        return
    # Spawned, not forked: under `mkdocs serve` the build runs while the server's and the file
    # watcher's threads run, and a fork copies any lock another thread holds at that moment (the
    # logging module's, an import's) into a child that may then wait for it forever (Python 3.12
    # warns of forking a process with threads). A "forkserver" would outlive the build, a process
    # beside every `mkdocs serve`. A spawned worker is a fresh interpreter: it imports WeasyPrint
    # (about a second of CPU, the workers in parallel; the build's process then never does) and
    # exits with the pool, at the end of this call, whatever happened. (As any spawned process, it
    # imports the program's main module: `mkdocs` and `policy` guard theirs with `__name__`.)
    pool = ProcessPoolExecutor(count, mp_context=multiprocessing.get_context("spawn"))
    try:
        futures = [pool.submit(make, job(), path) for path, job in missing]
        for future in futures:
            future.result()  # a worker's exception (a PdfError: a font missing) raised here, as is
    except BrokenProcessPool:
        raise PdfError(
            "a process rendering the PDFs stopped before it was done (killed, or out of memory; its "
            f"error, if any, is above): {WORKERS}=1 renders them one at a time in the build's own process"
        ) from None
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


# ---------------------------------------------------------------- WeasyPrint


@functools.cache
def _metadata_class():
    from xml.etree.ElementTree import SubElement, fromstring, tostring

    from weasyprint.pdf.metadata import NS, DocumentMetadata

    class Metadata(DocumentMetadata):
        """WeasyPrint's XMP, plus the document's language as ``dc:language`` (it sets only /Lang)."""

        def generate_rdf_metadata(self, variant, version, conformance):
            rdf = fromstring(super().generate_rdf_metadata(variant, version, conformance))
            if self.lang:
                description = SubElement(rdf, f"{{{NS['rdf']}}}Description")
                description.attrib[f"{{{NS['rdf']}}}about"] = ""
                bag = SubElement(SubElement(description, f"{{{NS['dc']}}}language"), f"{{{NS['rdf']}}}Bag")
                SubElement(bag, f"{{{NS['rdf']}}}li").text = self.lang
            return tostring(rdf, encoding="utf-8")

    return Metadata


def render_pdf(job: Job) -> bytes:
    """One PDF/A-3b from a :class:`Job`: no file, no network (only ``data:`` URLs are fetched)."""
    import weasyprint
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(allowed_protocols=("data",))
    css = STYLESHEET.read_text(encoding="utf-8").replace(f'"{FAMILY}"', f'"{family(job.lang)}"')
    stylesheet = weasyprint.CSS(string=css, url_fetcher=fetcher)
    document = weasyprint.HTML(string=job.html, url_fetcher=fetcher).render(stylesheets=[stylesheet])
    metadata_class = _metadata_class()
    metadata = metadata_class.__new__(metadata_class)
    metadata.__dict__.update(vars(document.metadata))
    document.metadata = metadata
    source = "data:text/markdown;charset=utf-8;base64," + base64.b64encode(job.source).decode("ascii")
    moment = job.created.astimezone(_dt.UTC)
    attachment = weasyprint.Attachment(
        url=source,
        url_fetcher=fetcher,
        name=job.attachment_name,
        description=job.attachment_description,
        created=moment,
        modified=moment,
        relationship="Source",
    )
    data = document.write_pdf(pdf_variant=VARIANT, attachments=[attachment])
    embedded = [font.name.decode("latin-1") for font in document.fonts.values()]
    wanted = family(job.lang)
    if not any(wanted.replace(" ", "-") in name for name in embedded):
        raise PdfError(
            f"the PDF of {job.attachment_name} was rendered without '{wanted}' (fonts used: "
            f"{', '.join(embedded) or 'none'}): {_install_hint()}"
        )
    return data


def index_fields(printer: Printer | None) -> dict:
    """versions.json's description of the PDFs (None when they are off)."""
    return {"pdf": printer.tools.describe() if printer is not None else None}


__all__ = [
    "FAMILY",
    "FONT_PACKAGE",
    "PdfError",
    "Printer",
    "Toolchain",
    "file_name",
    "find_fonts",
    "href",
    "index_fields",
    "links",
    "render_pdf",
    "staged_path",
    "toolchain",
    "url",
]
