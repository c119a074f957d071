"""A disk cache between builds, keyed by content.

Parsing a blob and redlining two blobs give the same result for the same bytes
and the same code, so results are kept in ``.cache/policysite/`` keyed by the
blob hashes, under a tag derived from the code that computes them: a change to
the parser or the differ invalidates the cache by itself.  One pickle per kind,
read once and written once per build (atomically), only if something was added.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import hashlib
import os
import pickle
import shutil
import tempfile
import time
from collections.abc import MutableMapping
from dataclasses import dataclass, field
from pathlib import Path

# Everything a cached result can depend on: all of the package's code, templates and words
# (a list of the modules that matter went stale whenever a module was split or added; hashing
# them all costs about a millisecond and never reuses a result an older parser made).
_HERE = Path(__file__).parent
_CODE = hashlib.sha256()
for _path in sorted(
    path
    for path in _HERE.rglob("*")
    if path.suffix in (".py", ".html", ".css", ".yml")
    and not {"__pycache__", "assets", "theme"} & set(path.relative_to(_HERE).parts)
):
    _CODE.update(_path.relative_to(_HERE).as_posix().encode() + b"\0" + _path.read_bytes())
CODE_TAG = _CODE.hexdigest()[:16]


class DiskCache(MutableMapping):
    """A mapping kept in one pickle file: read on first use, written by :meth:`save`.

    A cache, never the truth: a missing, damaged or foreign file is ignored.
    """

    def __init__(self, folder: Path | None, kind: str, flat: bool = False):
        """``flat``: the file is a count and then one pickle per entry, not one of the whole mapping,
        so pickle's memo holds one entry at a time (a value read back from the build's spool is let
        go as soon as it is written, see :mod:`.spool`)."""
        self.path = folder / f"{kind}-{CODE_TAG}.pickle" if folder is not None else None
        self.flat = flat
        self.dirty = False
        self._data: dict | None = None

    @property
    def data(self) -> dict:
        if self._data is None:
            self._data = {}
            if self.path is not None and self.path.is_file():
                try:
                    with open(self.path, "rb") as handle:
                        loaded = self._entries(handle) if self.flat else pickle.load(handle)
                    if isinstance(loaded, dict):
                        self._data = loaded
                except Exception:
                    self._data = {}
        return self._data

    @staticmethod
    def _entries(handle) -> dict:
        count = pickle.load(handle)
        return dict(pickle.load(handle) for _ in range(count)) if isinstance(count, int) else {}

    def __getitem__(self, key):
        return self.data[key]

    def __setitem__(self, key, value) -> None:
        self.data[key] = value
        self.dirty = True

    def __delitem__(self, key) -> None:
        del self.data[key]
        self.dirty = True

    def __contains__(self, key) -> bool:
        return key in self.data

    def __iter__(self):
        return iter(self.data)

    def __len__(self) -> int:
        return len(self.data)

    def save(self) -> None:
        if self.path is None or not self.dirty or self._data is None:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            for stale in self.path.parent.glob(f"{self.path.name.rsplit('-', 1)[0]}-*.pickle"):
                if stale != self.path:
                    stale.unlink(missing_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.path.parent, suffix=".tmp")
            with os.fdopen(handle, "wb") as out:
                if self.flat:  # (see __init__)
                    pickle.dump(len(self._data), out, protocol=pickle.HIGHEST_PROTOCOL)
                    for entry in self._data.items():
                        pickle.dump(entry, out, protocol=pickle.HIGHEST_PROTOCOL)
                else:
                    pickle.dump(self._data, out, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, self.path)
            self.dirty = False
        except OSError:
            pass  # a read-only checkout still builds, just without a warm cache

    def release(self) -> None:
        """Forget what is saved (read again from disk on next use): for big values needed once per build."""
        if self.path is not None and not self.dirty:
            self._data = None


def write_atomically(path: Path, data: bytes) -> None:
    """``data`` into ``path`` through a temporary file of the same folder and one rename, so that no
    reader ever sees part of it; if anything fails, the temporary file is removed and the error
    raised."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f"{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def folder_for(root: Path) -> Path:
    """Where the caches of ``root`` live: ``.cache/policysite/``, when it can be trusted.

    A cache is read back with pickle, which runs code, and holds the PDFs the site publishes,
    so it must be the build's own: a folder reached through a symbolic link, or holding a file
    that git tracks (a pull request can commit one, ``.gitignore`` notwithstanding), is never
    read; the build then uses a temporary folder of its own (a cold build).
    """
    folder = root / ".cache" / "policysite"
    return folder if _trusted(root, folder) else _scratch()


def _trusted(root: Path, folder: Path) -> bool:
    if any(path.is_symlink() for path in (root / ".cache", folder)):
        return False
    if not (root / ".cache").exists():
        return True
    from . import git_utils  # (only when there is a cache to vouch for)

    repo = git_utils.Repository.find(root)
    if repo is None:
        return True
    try:
        return not repo.tracked(root / ".cache")
    except git_utils.GitError:
        return False


@functools.cache
def _scratch() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="policysite-cache-"))
    atexit.register(shutil.rmtree, folder, True)
    return folder


SERVE_SAVE_SECONDS = 60.0  # a serving process writes its caches at most this often (see Caches.save)
KINDS = ("headers", "parses", "redlines", "outlines", "texts", "bodies")
_FLAT = ("redlines", "texts")  # (their values may be spooled: see DiskCache)


def stores(root: Path) -> tuple[DiskCache, ...]:
    """The project's caches: blob headers, parsed blobs, redline pages, redline outlines, rendered
    texts, archived pages' bodies (in the order of :data:`KINDS`)."""
    folder = folder_for(root)
    return tuple(DiskCache(folder, kind, kind in _FLAT) for kind in KINDS)


def save(*caches) -> None:
    for store in caches:
        if isinstance(store, DiskCache):
            store.save()


class Generations:
    """Values by key, kept two rounds: what this round used so far, and what the round before did.

    A round that repeats most of the one before (a version rendered after the version before it,
    a build after the build before) makes only what is new; what a round does not use again is
    dropped at the next :meth:`turn`, so a long run does not grow.  A value may be None.
    """

    def __init__(self) -> None:
        self._last: dict = {}  # what the round before used
        self._now: dict = {}  # what this round used so far

    def turn(self) -> None:
        """A new round starts: what the last one did not use again is dropped."""
        self._last, self._now = self._now, {}

    def has(self, key) -> bool:
        """Whether ``key`` has a value this round or the last (which this round then keeps)."""
        if key in self._now:
            return True
        if key in self._last:
            self._now[key] = self._last.pop(key)
            return True
        return False

    def __getitem__(self, key):
        if not self.has(key):
            raise KeyError(key)
        return self._now[key]

    def __setitem__(self, key, value) -> None:
        self._now[key] = value

    def get(self, key, make):
        """The value for ``key``: this round's, the last round's, or ``make()`` now."""
        if not self.has(key):
            self._now[key] = make()
        return self._now[key]


class Recent(Generations):
    """Results kept in one process from one build to the next (``mkdocs serve``), keyed by all of
    their input (the text converted or checked, and the renderer's signature): a save re-renders
    what it changed and reuses the rest.  Each build is a round (:meth:`turn`).

    Off (every call computes) unless :meth:`keep` turned it on: a one-shot build has no next
    build, and would only hold on to what it could let go.
    """

    def __init__(self) -> None:
        super().__init__()
        self.on = False

    def keep(self) -> None:
        self.on = True

    def get(self, key, make):
        return super().get(key, make) if self.on else make()


@dataclass
class Caches:
    """Everything kept between builds of one project, keyed by content so a stale entry is never used.

    In a process (``mkdocs serve``) the parsed git log (keyed by HEAD) and the
    last model are kept too; blob headers, parses and redlines also live on disk.
    """

    root: Path | None = None
    headers: MutableMapping = field(default_factory=dict)  # blob sha -> front matter
    parses: MutableMapping = field(default_factory=dict)  # blob sha -> Document
    redlines: MutableMapping = field(default_factory=dict)  # (sha, sha, lang, markdown) -> redline HTML
    outlines: MutableMapping = field(default_factory=dict)  # (sha, sha, lang) -> section statuses
    texts: MutableMapping = field(default_factory=dict)  # (policy, lang, sha, markdown) -> block data JSON
    bodies: MutableMapping = field(default_factory=dict)  # digest of an archived page -> its HTML and toc
    log: dict = field(default_factory=dict)  # HEAD -> parsed git log
    models: dict = field(default_factory=dict)  # fingerprint -> the last model
    recent: Recent = field(default_factory=Recent)  # conversions and checks of the last build (serve)
    saved_at: float | None = None  # when a serving process last wrote the disk caches (monotonic)

    @classmethod
    def on_disk(cls, root: Path) -> Caches:
        headers, parses, redlines, outlines, texts, bodies = stores(root)
        return cls(root, headers, parses, redlines, outlines, texts, bodies)

    def use(self, root: Path) -> None:
        """Switch to the disk caches of ``root`` (once per project per process)."""
        if self.root != root:
            fresh = Caches.on_disk(root)
            self.root, self.headers, self.parses = root, fresh.headers, fresh.parses
            self.redlines, self.outlines, self.texts = fresh.redlines, fresh.outlines, fresh.texts
            self.bodies = fresh.bodies
            self.log.clear()
            self.models.clear()

    def begin(self, root: Path) -> None:
        """A build of ``root`` starts (see :meth:`use` and :meth:`Recent.turn`)."""
        self.use(root)
        self.recent.turn()

    def save(self) -> None:
        """Write the disk caches at the end of a build.

        A process that builds again (``mkdocs serve``: :attr:`recent` is on) keeps them in memory
        and writes them after its first build, then at most once a minute and when it exits: a
        save's build does not wait for caches it will not read again.
        """
        if self.recent.on:
            now = time.monotonic()
            if self.saved_at is None:
                atexit.register(self._write)
            elif now - self.saved_at < SERVE_SAVE_SECONDS:
                return
            self.saved_at = now
            self._write()
            return
        self._write()
        # Redline pages, texts' block data and archived bodies are in the staged pages now: no
        # second copy for the rest of the build.
        for store in (self.redlines, self.texts, self.bodies):
            if isinstance(store, DiskCache):
                store.release()

    def _write(self) -> None:
        save(self.headers, self.parses, self.redlines, self.outlines, self.texts, self.bodies)

    def release_parses(self) -> None:
        """Forget the parsed blobs once saved (a one-shot build has no further use for them)."""
        if isinstance(self.parses, DiskCache):
            self.parses.release()
