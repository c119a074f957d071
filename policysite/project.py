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

import errno
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

from . import sources
from .diagnostics import Diagnostic

REFERENCE = "en"
LANGUAGES = ("en", "zh-TW")
POLICY_NAME = re.compile(r"[a-z0-9][a-z0-9-]*\Z")
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
    languages: tuple[str, ...] = LANGUAGES
    # (page, lang) of the site's other pages (docs/<lang>/<page>.md, e.g. the
    # home page "index"), which policies may link to as well
    pages: set[tuple[str, str]] = field(default_factory=set)

    @property
    def policies(self) -> list[str]:
        return sorted({policy for policy, _ in self.documents} | {policy for policy, _ in self.broken})

    def get(self, policy: str, lang: str) -> sources.Document | None:
        return self.documents.get((policy, lang))

    def has(self, policy: str, lang: str) -> bool:
        return (policy, lang) in self.documents or (policy, lang) in self.broken

    def add(self, data: bytes, policy: str, lang: str) -> None:
        display = f"{lang}/{policy}.md"
        document, found = sources.parse(data, display, policy, lang)
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
            if stat.S_ISDIR(mode) and recursive:
                pending.append(path)
                continue
            if not name.endswith(suffix):
                continue
            relative = path.relative_to(root).as_posix()
            refusal = _refusal(root, path, mode, links=links, code=code)
            if refusal is not None:
                listing.refused[relative] = refusal
            elif not stat.S_ISDIR(mode) or not recursive:
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
    """Every ``<lang>/<policy>.md`` of the working tree: the regular files, and the refused
    entries (symbolic links, special files, a linked language folder), none of them opened."""
    listing = Listing()
    for lang in languages:
        found = scan(root, lang, links=False, suffix=".md", recursive=False, code="source.symlink")
        listing.files.update(found.files)
        listing.refused.update(found.refused)
    return listing


def policy_key(relative: str) -> tuple[str, str] | None:
    """``(policy, lang)`` of a listed ``<lang>/<policy>.md`` (None for a folder)."""
    lang, _, name = relative.partition("/")
    return (name[:-3], lang) if name.endswith(".md") and "/" not in name else None


def policy_files(root: Path, languages: tuple[str, ...] = LANGUAGES) -> dict[tuple[str, str], Path]:
    """``{(policy, lang): path}`` for every ``<lang>/<policy>.md`` the site may read (no link)."""
    files = policy_listing(root, languages).files
    return {key: path for relative, path in files.items() if (key := policy_key(relative)) is not None}


def docs_listing(root: Path) -> Listing:
    """Everything in ``docs/`` the site may read (pages, assets, theme overrides, the search
    dictionary), and the entries it refuses."""
    return scan(root, "docs")


def site_pages(root: Path, languages: tuple[str, ...] = LANGUAGES) -> set[tuple[str, str]]:
    """``{(page, lang)}`` of the Markdown pages in ``docs/<lang>/`` ("index", "about"...)."""
    return _pages(docs_listing(root), languages)


def _pages(docs: Listing, languages: tuple[str, ...]) -> set[tuple[str, str]]:
    found = set()
    for relative in docs.files:
        _, lang, page = relative.split("/", 2) if relative.count("/") >= 2 else ("", "", "")
        if lang in languages and page.endswith(".md"):
            found.add((page[:-3], lang))
    return found


def _bad_name(path: str) -> Diagnostic:
    name = shown(path.rsplit("/", 1)[-1])
    return Diagnostic.error(
        "source.name",
        shown(path),
        1,
        (
            f"policy file name '{name}' must be lowercase ASCII letters, digits and "
            "hyphens, e.g. 'privacy.md' (it becomes the URL)"
        ),
    )


def load_tree(root: Path, languages: tuple[str, ...] = LANGUAGES) -> Corpus:
    """Parse every policy file of the working tree.

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
        key = policy_key(relative)
        if key is not None and not POLICY_NAME.match(key[0]):
            corpus.diagnostics.append(_bad_name(relative))
        elif path is None:
            corpus.broken.update([key] if key is not None else [])
        else:
            _load(corpus, path, *key)
    corpus.diagnostics.extend(listing.problems)
    return corpus


def _load(corpus: Corpus, path: Path, policy: str, lang: str) -> None:
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
    corpus.add(data, policy, lang)
