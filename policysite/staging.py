"""Staging: assemble the folder MkDocs builds from, and never touch anything else.

mkdocs-static-i18n only localizes files that live in ``docs_dir``, so the build
does not point MkDocs at ``docs/``: it points it at a staging folder holding
``docs/`` (home pages, assets), the policy sources of ``en/`` and ``zh-TW/`` and
every generated page.  Only files whose bytes changed are written, so
``mkdocs serve`` rebuilds stay quiet and fast.

Safe by construction: the folder must be inside the project and hold nothing
but what the build wrote.  A manifest (``.policysite-manifest.json``) lists every
file the build wrote there; only those are ever replaced or removed.  A folder
that holds tracked files or files not in the manifest is refused before
anything is written.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import stat
from pathlib import Path

from . import project
from .config import ConfigError
from .project import package_paths
from .spool import Spooled


def package_files() -> dict[str, bytes]:
    """``{assets/...: bytes}`` of the plugin's own stylesheets and scripts."""
    return {name: path.read_bytes() for name, path in package_paths().items()}


MANIFEST = ".policysite-manifest.json"
_KIND = "policysite staging folder"


def docs_files(root: Path, languages: tuple[str, ...] = project.LANGUAGES) -> dict[str, bytes]:
    """``{relative path: bytes}`` of the published part of ``root/docs``, after the plugin's own
    assets (:func:`package_files`).

    Only what :func:`~policysite.project.scan` lets the site read: a symbolic link out of
    the site's sources, or a pipe, socket or device, is never opened, let alone staged (the
    analysis reports each as an error, so the build fails and names it).
    """
    found = package_files()
    for folder in (*languages, "assets"):
        for relative, path in project.scan(root, f"docs/{folder}").files.items():
            found[relative.split("/", 1)[1]] = project.read_file(path)
    return dict(sorted(found.items()))


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _manifest(target: Path) -> set[str] | None:
    """The files the build wrote in ``target`` (None: no manifest, or not ours)."""
    try:
        data = json.loads(project.read_file(target / MANIFEST).decode("utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("kind") != _KIND or not isinstance(data.get("files"), list):
        return None
    return {name for name in data["files"] if isinstance(name, str)}


def _present(target: Path) -> set[str]:
    found = set()
    for dirpath, _, filenames in os.walk(target):
        for name in filenames:
            found.add(Path(dirpath, name).relative_to(target).as_posix())
    found.discard(MANIFEST)
    return found


def check_target(root: Path, target: Path, *, protected: list[Path], tracked=None, setting: str = "") -> None:
    """Refuse a staging folder the build could damage; raises :class:`ConfigError`.

    ``protected`` are folders the build reads (docs/, en/, zh-TW/, hooks/, the site
    folder): the staging folder may be none of them, inside none of them and hold
    none of them.  ``tracked(path)`` lists the tracked files under a path (git).
    """
    root, target = root.resolve(), target.resolve()
    name = setting or str(target)

    def refuse(why: str) -> None:
        raise ConfigError(
            f"mkdocs.yml: extra.policies.staging_dir '{name}' {why}; the build writes and deletes "
            "files there. "
            "Use a folder of its own inside the project, e.g. '.staging' (nothing was changed)"
        )

    if target == root:
        refuse("is the project itself")
    if not _inside(target, root):
        refuse(f"is outside the project ({root})")
    if target.name == ".git" or _inside(target, root / ".git"):
        refuse("is inside the git repository's own folder")
    for folder in protected:
        folder = folder.resolve()
        if _inside(target, folder) or _inside(folder, target):
            refuse(
                f"overlaps '{folder.relative_to(root) if _inside(folder, root) else folder}', which "
                "the build reads"
            )
    if tracked is not None:
        files = tracked(target)
        if files:
            refuse(f"holds files tracked by git ({', '.join(files[:3])}{', ...' if len(files) > 3 else ''})")
    if target.exists() and not target.is_dir():
        refuse("is a file")
    if target.is_dir():
        owned = _manifest(target) or set()
        foreign = sorted(_present(target) - owned)
        if foreign:
            more = f" and {len(foreign) - 3} more" if len(foreign) > 3 else ""
            refuse(f"holds files the build did not write ({', '.join(foreign[:3])}{more})")


def _write_manifest(target: Path, files: set[str]) -> None:
    data = json.dumps({"kind": _KIND, "files": sorted(files)}, indent=0)
    temporary = target / (MANIFEST + ".tmp")
    temporary.write_text(data, encoding="utf-8")
    os.replace(temporary, target / MANIFEST)


def written(target: Path) -> bool:
    """Whether ``target`` holds a synced folder (its manifest)."""
    return (target / MANIFEST).is_file()


def sync(target: Path, wanted: dict[str, bytes | Path | Spooled], seen: dict | None = None) -> list[str]:
    """Make ``target`` hold exactly ``wanted``; returns the paths written or removed.

    A value is the file's bytes, the path of a file to copy (a cached PDF: read one at a time,
    never all held in memory), or bytes in the build's spool (see :mod:`.spool`).  Only files listed in the
    manifest are ever removed; the manifest names every file before it is
    written, so an interrupted sync never leaves a file the next one would not own.

    ``seen``, kept by a process that syncs again (``mkdocs serve``): each file's value and status
    (inode, size, modification time) when it was last written or found equal.  A file whose value
    and status are both unchanged is not read again.
    """
    target.mkdir(parents=True, exist_ok=True)
    owned = _manifest(target) or set()
    names = set(wanted)
    if not names <= owned:
        _write_manifest(target, owned | names)
    changed = []
    folders: set[Path] = set()  # made or found already: one mkdir per folder, not per file
    folder = str(target)
    for relative, value in wanted.items():
        if seen is not None and _unchanged(os.path.join(folder, relative), value, seen.get(relative)):
            continue
        path = target / relative
        if _put(path, value, folders):
            changed.append(relative)
        if seen is not None:
            seen[relative] = (value, _status(path))
    for relative in sorted(owned - names):
        path = target / relative
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
        changed.append(relative)
        parent = path.parent
        while parent != target and parent.is_dir() and not any(parent.iterdir()):
            parent.rmdir()
            parent = parent.parent
    if owned - names:
        _write_manifest(target, names)
    return changed


def _put(path: Path, value: bytes | Path | Spooled, folders: set[Path]) -> bool:
    """Write ``value`` at ``path`` unless the file holds it already; whether it wrote."""
    data = Path(value).read_bytes() if isinstance(value, os.PathLike) else value
    data = data.read() if isinstance(data, Spooled) else data
    try:
        if project.read_file(path) == data:  # (never through a link, never blocking on a pipe)
            return False
    except OSError:
        if path.parent not in folders:
            path.parent.mkdir(parents=True, exist_ok=True)
            folders.add(path.parent)
        if path.is_symlink() or (path.exists() and not path.is_file() and not path.is_dir()):
            path.unlink()  # a link or a pipe in its place: replaced, never written through
    else:
        if os.lstat(path).st_nlink > 1:
            path.unlink()  # published by a hard link (see publish): that copy keeps its bytes
    path.write_bytes(data)
    return True


def publish(source: Path, paths: frozenset[str], site_dir: Path, reference: str | None) -> int:
    """Put each staged file of ``paths`` (in the synced folder ``source``) in the site folder, where
    static-i18n would have copied it (``reference``: the language whose ``<lang>/`` it takes off,
    None for a site in one language, whose paths are already the site's); returns how many.

    A hard link where the file system allows it (a copy otherwise): the staged file is never written
    in place while it has another name (:func:`_put`), so a published site keeps its bytes.  A file
    already there under the same inode is left as it is (``mkdocs serve`` put it back)."""
    prefix = f"{reference}/" if reference else None
    folders: set[str] = set()
    count = 0
    for relative in sorted(paths):
        dest = relative[len(prefix) :] if prefix and relative.startswith(prefix) else relative
        count += _link(os.path.join(source, relative), os.path.join(site_dir, dest), folders)
    return count


def _link(staged: str, target: str, folders: set[str]) -> bool:
    found = os.lstat(staged)
    try:
        there = os.lstat(target)
        if (there.st_dev, there.st_ino) == (found.st_dev, found.st_ino):
            return False
        os.unlink(target)
    except FileNotFoundError:
        folder = os.path.dirname(target)
        if folder not in folders:
            os.makedirs(folder, exist_ok=True)
            folders.add(folder)
    try:
        os.link(staged, target)
    except OSError:  # another file system, or one without hard links
        shutil.copyfile(staged, target)
    return True


def _status(path: Path | str) -> tuple[int, int, int] | None:
    try:
        found = os.lstat(path)
    except OSError:
        return None
    return (found.st_ino, found.st_size, found.st_mtime_ns) if stat.S_ISREG(found.st_mode) else None


def _unchanged(path: str, value: object, last: tuple | None) -> bool:
    """Whether ``path`` still holds ``value`` as :func:`sync` left it (``last``: what it saw)."""
    if last is None or last[1] is None:
        return False
    before, status = last
    return (before is value or before == value) and _status(path) == status
