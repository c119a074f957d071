"""The theme's Jinja environment, as MkDocs makes it for each build, made cheaper to make.

- Templates compiled by earlier builds, from the project's own cache (:func:`compiled_templates`).
- A template listing that does not walk hidden folders (:func:`install`). MkDocs lists every file
  of the theme's folders at the start of each build (``Files.add_files_from_theme``) to find the
  static files to copy, and drops every name with a part that starts with a dot. Material's folder
  holds 14,000 icons under ``.icons/``: listing and filtering them took about 80 ms of each build,
  and mkdocs-static-i18n builds once per language, on every save under ``mkdocs serve``. The
  listing below leaves those names out before MkDocs filters them: the same files are copied.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import jinja2

from policysite import cache

_INSTALLED = "_policysite_visible_listing"


class VisibleTemplates(jinja2.FileSystemLoader):
    """Jinja's own file loader, whose listing leaves out hidden files and never walks hidden folders
    (it loads every template as before, hidden or not: Material includes its icons by name)."""

    def list_templates(self) -> list[str]:
        found: set[str] = set()
        for top in self.searchpath:
            for folder, subfolders, names in os.walk(top, followlinks=self.followlinks):
                subfolders[:] = [name for name in subfolders if not name.startswith(".")]
                relative = os.path.relpath(folder, top)
                prefix = "" if relative == os.curdir else relative.replace(os.sep, "/") + "/"
                found.update(prefix + name for name in names if not name.startswith("."))
        return sorted(found)


def install(theme: Any) -> None:
    """Make ``theme.get_env()`` (MkDocs' Theme, kept for every build of the process) hand out
    environments that list their templates with :class:`VisibleTemplates`; once per theme."""
    if getattr(theme, _INSTALLED, False):
        return
    make = theme.get_env

    def get_env() -> jinja2.Environment:
        env = make()
        env.loader = VisibleTemplates(list(theme.dirs))
        return env

    theme.get_env = get_env
    setattr(theme, _INSTALLED, True)


def compiled_templates(root: Path) -> jinja2.BytecodeCache | None:
    """Jinja's cache of compiled templates in the project's own cache folder (never one a pull request
    committed or linked: :func:`policysite.cache.folder_for`); None when it cannot be made."""
    folder = cache.folder_for(root) / "templates"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return jinja2.FileSystemBytecodeCache(str(folder))
