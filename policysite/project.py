"""The project on disk: which languages, which policies, and their parsed sources.

A :class:`Corpus` is every policy file of one revision (the working tree, or a
commit read from git) parsed into :class:`~policysite.sources.Document` values,
with the diagnostics the parser found.  Parity runs on a corpus.

Nothing outside the repository is ever read (README, "Security"): every file the
site reads from the working tree is listed by :func:`scan` (or checked by
:func:`check_file`), which looks at each entry with ``lstat`` and never opens
one it refuses.  A policy source is a regular file, never a symbolic link; a
file of ``docs/`` may be a link to another regular file of the site's sources
(``docs/``, ``en/``, ``zh-TW/``), never out of them, never to a folder; a named
pipe, socket or device is refused everywhere (opening a pipe would block the
build).  Each refusal is an error naming the file and the link's target.
"""

from __future__ import annotations

import copy
import errno
import functools
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

from . import sources
from .cache import Recent
from .diagnostics import Diagnostic

# A bare Corpus's languages (the reference first); a site's come from its mkdocs.yml
# (policysite.languages), and its reference language is the first of them.
LANGUAGES = ("en", "zh-TW")
# A policy's name is its path under the language folder, without ".md": "privacy", or
# "security/access-control" for en/security/access-control.md (a category folder).
POLICY_NAME = re.compile(r"[a-z0-9][a-z0-9-]*(?:/[a-z0-9][a-z0-9-]*)*\Z")
# Names a policy (or a category folder) may not take, because the site's own pages have them:
# at the top, the site's pages and folders; under a policy, its versions, redlines, bilingual page.
RESERVED_TOP = frozenset({"index", "changelog", "translations", "assets", "search", "feed", "404", "sitemap"})
RESERVED_BELOW = frozenset({"versions", "changes", "bilingual"})
# The file that names a category folder in one language: ``title: Security``.
CATEGORY_FILE = "_category.yml"
# The folders a symbolic link in docs/ may point into: the site's own sources.
SOURCE_FOLDERS = ("docs", *LANGUAGES)


def find_root(start: Path | None = None) -> Path | None:
    """The nearest directory (from ``start`` upwards) holding ``mkdocs.yml``."""
    here = (start or Path.cwd()).resolve()
    for candidate in (here, *here.parents):
        if (candidate / "mkdocs.yml").is_file():
            return candidate
    return None


@dataclass
class Corpus:
    documents: dict[tuple[str, str], sources.Document] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    # (policy, lang) pairs whose file exists but could not be modelled
    broken: set[tuple[str, str]] = field(default_factory=set)
    languages: tuple[str, ...] = LANGUAGES  # the site's, the reference language first
    # (page, lang) of the site's other pages (docs/<lang>/<page>.md, e.g. the
    # home page "index"), which policies may link to as well
    pages: set[tuple[str, str]] = field(default_factory=set)
    # (category folder, lang) -> its title in that language (en/<category>/_category.yml)
    category_titles: dict[tuple[str, str], str] = field(default_factory=dict)

    @property
    def reference(self) -> str:
        """The reference language: every translation is compared with it (the site's first)."""
        return self.languages[0]

    def category_title(self, category: str, lang: str) -> str:
        """A category's title in ``lang``: its ``_category.yml``, else the reference language's,
        else the folder's name as written."""
        return (
            self.category_titles.get((category, lang))
            or self.category_titles.get((category, self.reference))
            or category.rsplit("/", 1)[-1]
        )

    @property
    def policies(self) -> list[str]:
        return sorted({policy for policy, _ in self.documents} | {policy for policy, _ in self.broken})

    def get(self, policy: str, lang: str) -> sources.Document | None:
        return self.documents.get((policy, lang))

    def has(self, policy: str, lang: str) -> bool:
        return (policy, lang) in self.documents or (policy, lang) in self.broken

    def add(self, data: bytes, policy: str, lang: str, recent: Recent | None = None) -> None:
        """Parse ``data``, the file of ``policy`` in ``lang`` (``recent``: the parses of the last
        build, which ``mkdocs serve`` keeps: a save parses only the files it changed)."""
        display = f"{lang}/{policy}.md"
        parse = functools.partial(sources.parse, data, display, policy, lang)
        document, found = recent.get(("parse", display, data), parse) if recent is not None else parse()
        if document is not None:  # (history dates an undated text on its own copy)
            document = copy.copy(document)
        self.diagnostics.extend(found)
        if document is None:
            self.broken.add((policy, lang))
        else:
            self.documents[(policy, lang)] = document


# ---------------------------------------------------------------- what may be read

_SPECIAL = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)
_UNSHOWN = re.compile("[\\x00-\\x1f\\x7f-\\x9f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069\\ud800-\\udfff]")


def shown(text: str, limit: int = 300) -> str:
    """A file name or link target from a pull request, for a message: control characters
    (and bytes that are not UTF-8) as visible escapes, at most ``limit`` characters."""
    text = _UNSHOWN.sub(_escape, text)
    return text if len(text) <= limit else text[:limit] + "..."


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    if 0xDC80 <= code <= 0xDCFF:  # a byte that is not UTF-8 (os.fsdecode's surrogate escape)
        code -= 0xDC00
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _kind(mode: int) -> str | None:
    """What a special file is ("a named pipe (FIFO)"...), None for a file, folder or link."""
    return next((name for test, name in _SPECIAL if test(mode)), None)


@dataclass
class Listing:
    """The files under a folder the site may read, and the entries it refuses (never opened)."""

    files: dict[str, Path] = field(default_factory=dict)  # relative path -> the regular file to read
    refused: dict[str, Diagnostic] = field(default_factory=dict)  # relative path -> why not

    @property
    def problems(self) -> list[Diagnostic]:
        return list(self.refused.values())


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _link_refusal(root: Path, path: Path) -> str | None:
    """Why the link ``path`` may not be followed (None: it names a regular file of the sources)."""
    real = Path(os.path.realpath(path))
    if not _inside(real, root):
        return "outside the repository"
    if ".git" in real.relative_to(root).parts:
        return "inside the repository's .git folder"
    if not any(_inside(real, root / folder) for folder in SOURCE_FOLDERS):
        return f"outside the site's sources ({', '.join(f + '/' for f in SOURCE_FOLDERS)})"
    try:
        mode = os.stat(real).st_mode  # (stat never opens the file)
    except OSError:
        return "a file that does not exist"
    if stat.S_ISDIR(mode):
        return "a folder (the site follows no link to a folder)"
    if not stat.S_ISREG(mode):
        return _kind(mode) or "something that is not a regular file"
    return None


def _refusal(root: Path, path: Path, mode: int, *, links: bool, code: str) -> Diagnostic | None:
    """The error about the entry ``path`` (its ``lstat`` mode), or None when it may be read."""
    display = shown(path.relative_to(root).as_posix())
    if stat.S_ISLNK(mode):
        try:
            target = shown(os.readlink(path))
        except OSError:
            target = "?"
        if not links:
            return Diagnostic.error(
                code,
                display,
                1,
                (
                    f"{display} is a symbolic link to '{target}': a policy source must be the file itself, "
                    "never a link; commit the text (nothing was read through the link)"
                ),
            )
        why = _link_refusal(root, path)
        if why is None:
            return None
        return Diagnostic.error(
            "file.symlink",
            display,
            1,
            f"{display} is a symbolic link to '{target}', {why}: the site reads only regular files of its "
            "sources, and nothing was read through the link",
        )
    kind = _kind(mode)
    if kind is not None:
        return Diagnostic.error(
            "file.special",
            display,
            1,
            f"{display} is {kind}, not a regular file: the site reads only regular files (it was not opened)",
        )
    return None


def _folder_refusal(root: Path, folder: str, code: str) -> tuple[bool, Diagnostic | None]:
    """Whether ``root/folder`` is a real folder of the repository, and the error when a part of
    its path is a link or a special file (a missing folder is no error: there is nothing to read)."""
    path = root
    for part in Path(folder).parts:
        path = path / part
        try:
            mode = os.lstat(path).st_mode
        except OSError:
            return False, None
        if stat.S_ISLNK(mode):
            display = shown(path.relative_to(root).as_posix())
            try:
                target = shown(os.readlink(path))
            except OSError:
                target = "?"
            message = (
                f"{display} is a symbolic link to '{target}': the site reads no folder through a link; "
                "commit the files themselves (nothing in it was read)"
            )
            return False, Diagnostic.error(code, display, 1, message)
        if not stat.S_ISDIR(mode):
            return False, _refusal(root, path, mode, links=False, code=code)
    return True, None


def scan(
    root: Path,
    folder: str,
    *,
    links: bool = True,
    suffix: str = "",
    recursive: bool = True,
    code: str = "file.symlink",
) -> Listing:
    """Every entry of ``root/folder`` (a relative path) the site may read, without opening any.

    ``links=False`` (policy sources) refuses every symbolic link (error ``code``); otherwise a
    link is followed only to a regular file of the site's sources.  Only the names ending in
    ``suffix`` are listed; ``recursive=False`` lists ``folder`` itself only (a folder named like
    a file is listed then, and reading it fails as reading a folder does).
    """
    root = root.resolve()
    listing = Listing()
    exists, problem = _folder_refusal(root, folder, code)
    if problem is not None:
        listing.refused[problem.file] = problem
    pending = [root / folder] if exists else []
    while pending:
        here = pending.pop()
        try:
            with os.scandir(here) as entries:
                found = sorted((entry.name, entry.stat(follow_symlinks=False).st_mode) for entry in entries)
        except OSError:
            continue
        for name, mode in found:
            path = here / name
            # (a folder named like a source, 'x.md', is listed: reading it fails, and says so)
            is_folder = stat.S_ISDIR(mode) and not name.endswith(".md")
            if is_folder and recursive:
                pending.append(path)
                continue
            if not name.endswith(suffix):
                continue
            relative = path.relative_to(root).as_posix()
            refusal = _refusal(root, path, mode, links=links, code=code)
            if refusal is not None:
                listing.refused[relative] = refusal
            elif not is_folder or not recursive:
                listing.files[relative] = Path(os.path.realpath(path)) if stat.S_ISLNK(mode) else path
    listing.files = dict(sorted(listing.files.items()))
    return listing


def check_file(root: Path, name: str, code: str = "file.symlink") -> Diagnostic | None:
    """The error about reading the single file ``name`` (relative to ``root``, or absolute), or None
    when it may be read or does not exist: it must be in the repository, reached through no linked
    folder, and a regular file or a link to one of the site's sources."""
    root = root.resolve()
    path = Path(os.path.normpath(root / name))
    if not _inside(path, root):
        display = shown(str(name))
        return Diagnostic.error(
            code, display, 1, f"{display} is outside the repository: the site reads no file outside it"
        )
    relative = path.relative_to(root)
    if relative.parent != Path("."):
        exists, problem = _folder_refusal(root, relative.parent.as_posix(), code)
        if problem is not None or not exists:
            return problem
    try:
        mode = os.lstat(path).st_mode
    except OSError:
        return None
    return _refusal(root, path, mode, links=True, code=code)


def read_file(path: Path) -> bytes:
    """The bytes of the regular file ``path``, never through a link at its last step and never
    blocking: a pipe, device or folder raises :class:`OSError` (an entry :func:`scan` listed)."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | os.O_CLOEXEC
    descriptor = os.open(path, flags)
    with open(descriptor, "rb") as handle:
        mode = os.fstat(descriptor).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
        if not stat.S_ISREG(mode):
            raise OSError(errno.EINVAL, "not a regular file", str(path))
        return handle.read()


def policy_listing(root: Path, languages: tuple[str, ...] = LANGUAGES) -> Listing:
    """Every file under ``<lang>/`` (at any depth) of the working tree: the regular files, and the
    refused entries (symbolic links, special files, a linked language folder), none of them opened.
    Policies are the ``.md`` files; see :func:`policy_key`, :func:`category_key`, :func:`unread`."""
    listing = Listing()
    for lang in languages:
        found = scan(root, lang, links=False, code="source.symlink")
        listing.files.update(found.files)
        listing.refused.update(found.refused)
    return listing


def policy_key(relative: str) -> tuple[str, str] | None:
    """``(policy, lang)`` of a listed ``<lang>/<policy>.md`` (``<lang>/<category>/<policy>.md`` at
    any depth), None for another file."""
    lang, _, name = relative.partition("/")
    return (name[:-3], lang) if name.endswith(".md") and name[:-3] else None


def category_key(relative: str) -> tuple[str, str] | None:
    """``(category, lang)`` of a listed ``<lang>/<category>/_category.yml``, else None."""
    lang, _, name = relative.partition("/")
    folder, _, file = name.rpartition("/")
    return (folder, lang) if file == CATEGORY_FILE and folder else None


def name_problem(policy: str, languages: tuple[str, ...] = LANGUAGES) -> str | None:
    """Why ``policy`` cannot be a policy's name (its URL), or None."""
    if not POLICY_NAME.match(policy):
        return (
            "must be lowercase ASCII letters, digits and hyphens, e.g. 'privacy.md' or "
            "'security/access-control.md' (it becomes the URL)"
        )
    parts = policy.split("/")
    taken = RESERVED_TOP | {lang.lower() for lang in languages}
    if parts[0] in taken:
        return f"'{parts[0]}' is the address of one of the site's own pages ({', '.join(sorted(taken))})"
    below = [part for part in parts[1:] if part in RESERVED_BELOW]
    if below:
        return (
            f"'{below[0]}' is the address of a policy's own pages ({', '.join(sorted(RESERVED_BELOW))}): "
            "rename the file or folder"
        )
    return None


def policy_files(root: Path, languages: tuple[str, ...] = LANGUAGES) -> dict[tuple[str, str], Path]:
    """``{(policy, lang): path}`` for every ``<lang>/<policy>.md`` the site may read (no link)."""
    files = policy_listing(root, languages).files
    return {
        key: path
        for relative, path in files.items()
        if (key := policy_key(relative)) is not None and name_problem(key[0], languages) is None
    }


def docs_listing(root: Path) -> Listing:
    """Everything in ``docs/`` the site may read (pages, assets, theme overrides, the search
    dictionary), and the entries it refuses."""
    return scan(root, "docs")


def _pages(docs: Listing, languages: tuple[str, ...]) -> set[tuple[str, str]]:
    found = set()
    for relative in docs.files:
        _, lang, page = relative.split("/", 2) if relative.count("/") >= 2 else ("", "", "")
        if lang in languages and page.endswith(".md"):
            found.add((page[:-3], lang))
    return found


def _bad_name(path: str, why: str) -> Diagnostic:
    name = shown(path.partition("/")[2])
    return Diagnostic.error("source.name", shown(path), 1, f"policy file name '{name}': {why}")


def _unread(relative: str) -> Diagnostic:
    """A file in a language folder that is no policy source: reported, never silently ignored."""
    display = shown(relative)
    return Diagnostic.warning(
        "source.ignored",
        display,
        1,
        f"{display} is not read: a language folder holds policies ('.md' files) and "
        f"'{CATEGORY_FILE}' files (a category's title) only; move it elsewhere or rename it",
    )


def _category(corpus: Corpus, path: Path, relative: str, category: str, lang: str) -> None:
    """The title of a category folder in one language, from its ``_category.yml``."""
    import yaml

    display = shown(relative)
    try:
        data = yaml.safe_load(read_file(path).decode("utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", 0) + 1
        why = shown(str(getattr(exc, "problem", None) or exc), 120)
        corpus.diagnostics.append(
            Diagnostic.error("category.invalid", display, line, f"cannot read it: {why}")
        )
        return
    title = data.get("title") if isinstance(data, dict) else None
    if not isinstance(title, str) or not title.strip():
        message = "expected 'title: <the category's title in this language>'"
        corpus.diagnostics.append(Diagnostic.error("category.invalid", display, 1, message))
        return
    corpus.category_titles[(category, lang)] = " ".join(title.split())


def load_tree(root: Path, languages: tuple[str, ...] = LANGUAGES, recent: Recent | None = None) -> Corpus:
    """Parse every policy file of the working tree (``recent``: see :meth:`Corpus.add`).

    A refused entry (a link, a special file: see :func:`scan`) and everything ``docs/``
    holds that the site may not read are errors, and nothing is read from them.
    """
    corpus = Corpus(languages=languages)
    docs = docs_listing(root)
    corpus.pages = _pages(docs, languages)
    corpus.diagnostics.extend(docs.problems)
    listing = policy_listing(root, languages)
    entries = [(relative, None) for relative in listing.refused] + list(listing.files.items())
    for relative, path in sorted(entries):
        key, category = policy_key(relative), category_key(relative)
        why = name_problem(key[0], languages) if key is not None else None
        if why is not None:
            corpus.diagnostics.append(_bad_name(relative, why))
        elif path is None:
            corpus.broken.update([key] if key is not None else [])
        elif key is not None:
            _load(corpus, path, *key, recent=recent)
        elif category is not None:
            _category(corpus, path, relative, *category)
        elif not relative.rpartition("/")[2].startswith("."):  # (.gitkeep: git's, not a source)
            corpus.diagnostics.append(_unread(relative))
    corpus.diagnostics.extend(listing.problems)
    return corpus


def _load(corpus: Corpus, path: Path, policy: str, lang: str, recent: Recent | None = None) -> None:
    try:
        data = read_file(path)
    except OSError as exc:
        corpus.diagnostics.append(
            Diagnostic.error(
                "source.unreadable", f"{lang}/{policy}.md", 1, f"cannot read file: {exc.strerror}"
            )
        )
        corpus.broken.add((policy, lang))
        return
    corpus.add(data, policy, lang, recent)


# Folders of docs/ that are published (besides one per language); the rest (theme overrides,
# the search dictionary) is configuration, not content.
PUBLISHED_DOCS = ("assets",)
# The stylesheets and scripts the plugin ships (``/assets/...`` on the site; a file of the same
# name in the site's docs/assets/ replaces one).
PACKAGE_ASSETS = Path(__file__).resolve().parent / "assets"


def package_paths() -> dict[str, Path]:
    """``{assets/...: file}`` of the plugin's own stylesheets and scripts."""
    return {
        "assets/" + path.relative_to(PACKAGE_ASSETS).as_posix(): path
        for path in sorted(PACKAGE_ASSETS.rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts
    }
