"""A disk cache between builds, keyed by content.

Parsing a blob and redlining two blobs give the same result for the same bytes
and the same code, so results are kept in ``.cache/policysite/`` keyed by the
blob hashes, under a tag derived from the code that computes them: a change to
the parser or the differ invalidates the cache by itself.  One pickle per kind,
read once and written once per build (atomically), only if something was added.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from pathlib import Path

_CODE = hashlib.sha256()
for _name in ("sources.py", "diff.py", "cache.py"):
    _CODE.update((Path(__file__).with_name(_name)).read_bytes())
CODE_TAG = _CODE.hexdigest()[:16]


class DiskCache(dict):
    """A dict that loads from and saves to one pickle file; a cache, never the truth."""

    def __init__(self, folder: Path | None, kind: str):
        super().__init__()
        self.path = folder / f"{kind}-{CODE_TAG}.pickle" if folder is not None else None
        self.dirty = False
        if self.path is not None and self.path.is_file():
            try:
                with open(self.path, "rb") as handle:
                    self.update(pickle.load(handle))
            except Exception:  # a damaged or foreign cache file is simply ignored
                self.clear()

    def __setitem__(self, key, value) -> None:
        super().__setitem__(key, value)
        self.dirty = True

    def save(self) -> None:
        if self.path is None or not self.dirty:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            for stale in self.path.parent.glob(f"{self.path.name.split('-')[0]}-*.pickle"):
                if stale != self.path:
                    stale.unlink(missing_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.path.parent, suffix=".tmp")
            with os.fdopen(handle, "wb") as out:
                pickle.dump(dict(self), out, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, self.path)
            self.dirty = False
        except OSError:
            pass  # a read-only checkout still builds, just without a warm cache


def folder_for(root: Path) -> Path:
    return root / ".cache" / "policysite"


def stores(root: Path) -> tuple[DiskCache, DiskCache, DiskCache]:
    """The project's caches: parsed blobs, full redlines, redline outlines."""
    folder = folder_for(root)
    return DiskCache(folder, "parses"), DiskCache(folder, "redlines"), DiskCache(folder, "outlines")


def save(*caches) -> None:
    for store in caches:
        if isinstance(store, DiskCache):
            store.save()
