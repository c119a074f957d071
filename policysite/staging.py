"""Staging: assemble the folder MkDocs builds from.

mkdocs-static-i18n only localizes files that live in ``docs_dir``, so the build
does not point MkDocs at ``docs/``: it points it at a staging folder holding
``docs/`` (home pages, assets), the policy sources of ``en/`` and ``zh-TW/`` and
every generated page.  Only files whose bytes changed are written, so
``mkdocs serve`` rebuilds stay quiet and fast.
"""

from __future__ import annotations

import os
from pathlib import Path

# Folders of docs/ that are published; the rest (theme overrides, the search
# dictionary) is configuration, not content.
PUBLISHED_DOCS = ("en", "zh-TW", "assets")


def docs_files(docs: Path) -> dict[str, bytes]:
    """``{relative path: bytes}`` of the published part of ``docs/``."""
    found = {}
    for folder in PUBLISHED_DOCS:
        base = docs / folder
        if not base.is_dir():
            continue
        for path in sorted(base.rglob("*")):
            if path.is_file():
                found[path.relative_to(docs).as_posix()] = path.read_bytes()
    return found


def sync(target: Path, wanted: dict[str, bytes]) -> list[str]:
    """Make ``target`` hold exactly ``wanted``; returns the paths written or removed."""
    target.mkdir(parents=True, exist_ok=True)
    changed = []
    for relative, data in wanted.items():
        path = target / relative
        try:
            if path.read_bytes() == data:
                continue
        except OSError:
            path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        changed.append(relative)
    for dirpath, dirnames, filenames in os.walk(target, topdown=False):
        for name in filenames:
            relative = Path(dirpath, name).relative_to(target).as_posix()
            if relative not in wanted:
                os.remove(os.path.join(dirpath, name))
                changed.append(relative)
        if dirpath != str(target) and not os.listdir(dirpath):
            os.rmdir(dirpath)
    return changed
