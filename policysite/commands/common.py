"""What several ``policy`` subcommands share: finding the site, reading its configuration as
the build does, the build's analysis, and naming an unknown policy."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, cast

from .. import cache, clock, git_utils, history, languages, model, project, render
from .. import config as _config
from . import UsageError

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig


def root_of(args: argparse.Namespace) -> Path:
    """The site's repository: ``-C DIR``, else the nearest folder with mkdocs.yml."""
    given = getattr(args, "root", None)
    try:
        root = project.find_root(Path(given) if given else None)
    except (ValueError, OSError) as exc:  # a NUL in -C, a current folder deleted meanwhile
        where = f"'{given}'" if given else "the current folder"
        raise UsageError(f"cannot look for mkdocs.yml in {where}: {exc}") from None
    if root is None:
        raise UsageError(
            f"no mkdocs.yml found in {Path(given or '.').resolve()} or above; run this inside the policy "
            "site's repository"
        )
    return root


def configuration(root: Path) -> tuple[MkDocsConfig, _config.PolicySettings]:
    """mkdocs.yml read as the build reads it (MkDocs' own loader), the plugin's settings validated."""
    try:
        mkdocs_config, settings = _config.load(root)
    except _config.ConfigError as exc:
        raise UsageError(str(exc)) from None
    return cast("MkDocsConfig", mkdocs_config), settings


def analyse(root: Path, caches: cache.Caches | None = None, full: bool = True) -> model.Analysis:
    """The same analysis the build makes: every rule, over the working tree and its history.

    ``full=False`` (commands that only read history) reads only the plugin's settings
    and renders with the site's default extensions: no theme or plugin is loaded.
    """
    renderer: render.Renderer | None = None  # no rule renders anything when only history is read
    try:
        if full:
            mkdocs_config, settings = _config.load(root)
            renderer = render.Renderer.for_config(mkdocs_config)
            site_languages = languages.of_config(mkdocs_config)
        else:
            settings, data = _config.load_light(root)
            site_languages = languages.of_data(data)
    except _config.ConfigError as exc:
        raise UsageError(str(exc)) from None
    try:
        today = clock.BuildClock.read().today(settings.timezone)  # the command's clock, read once
        return model.analyse(
            root, settings, today, caches, renderer, checks=full, languages=site_languages.codes
        )
    except (_config.ConfigError, git_utils.GitError) as exc:
        raise UsageError(str(exc)) from None


def site_languages(root: Path) -> tuple[str, ...]:
    """The site's languages (the reference first), as mkdocs.yml configures them."""
    try:
        return languages.of_data(_config.load_light(root)[1]).codes
    except _config.ConfigError as exc:
        raise UsageError(str(exc)) from None


def unknown_policy(name: str, known: list[str]) -> UsageError:
    return UsageError(f"unknown policy '{name}' (policies: {', '.join(sorted(known)) or 'none'})")


def policy_history(found: history.History, name: str) -> history.PolicyHistory:
    """The history of policy ``name``; a usage error naming the known ones when there is none."""
    ph = found.get(name)
    if ph is None:
        raise unknown_policy(name, list(found.policies))
    return ph


def pdf_prerequisites(settings: _config.PolicySettings) -> None:
    """With PDFs on, what the build needs to make them (the fonts), checked as the build checks it."""
    if settings.pdf:
        from ..pages import pdf

        try:
            pdf.toolchain()
        except pdf.PdfError as exc:
            raise UsageError(str(exc)) from None
