"""The checked model of a repository: its policies, their history and every finding.

The build hook and every ``policy`` subcommand get their findings from
:func:`analyse`, so ``policy check`` runs exactly the rules the build runs.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from pathlib import Path

from . import baseline, cache, history, links, names, parity, permanence, project, safety
from .config import PolicySettings
from .diagnostics import Diagnostic
from .render import Renderer


@dataclass
class Analysis:
    root: Path
    settings: PolicySettings
    corpus: project.Corpus
    history: history.History
    diagnostics: list[Diagnostic]
    # Every page and file the site will have (the link rules check against it, and the build
    # makes site-absolute links relative with it); None when only history was read.
    site_map: links.SiteMap | None = None


def analyse(
    root: Path,
    settings: PolicySettings,
    today: _dt.date,
    caches: cache.Caches | None = None,
    renderer: Renderer | None = None,
    checks: bool = True,
    languages: tuple[str, ...] = project.LANGUAGES,
) -> Analysis:
    """Parse the working tree, read history and run every rule.

    With ``checks=False`` (commands that only list or compare history) only the
    rules about history run, with the baseline.  Raises
    :class:`~policysite.git_utils.GitError` when history cannot be read (a
    shallow clone, a broken repository).
    """
    caches = caches if caches is not None else cache.Caches()
    corpus = project.load_tree(root, languages, caches.recent)
    if settings.undated == "commit":  # a text without 'version:' is dated by its publication
        corpus.diagnostics = [d for d in corpus.diagnostics if d.code != "front-matter.version"]
    past = history.read(
        root,
        corpus,
        today,
        caches.parses,
        caches.log,
        caches.headers,
        timezone=settings.timezone,
        notice_days=settings.notice_days,
        former_paths=settings.former_paths,
        undated=settings.undated,
    )
    found = list(past.diagnostics)
    site_map = links.SiteMap.of(corpus, past, links.published_files(root, languages)) if checks else None
    if checks:
        found += parity.check(
            corpus,
            lagging=settings.lagging,
            translated=past.reference_of,
            untranslated=settings.untranslated,
            removed_in=past.anchor_removed_in,
            site=site_map,
            prefixes=settings.link_prefixes,
            recent=caches.recent,
        )
        found += names.check(corpus)
        kept, lost = permanence.check(corpus, past)
        found = permanence.explain(found + kept, lost, corpus.reference)
        renderer = renderer or Renderer()
        for document in corpus.documents.values():
            key = ("safety", renderer.signature, document.path, document.text)
            found += caches.recent.get(key, lambda document=document: safety.check(document, renderer))
    found = baseline.apply(sorted(set(found)), _baseline(root, settings.baseline))
    return Analysis(root, settings, corpus, past, sorted(set(found)), site_map)


def _baseline(root: Path, name: str) -> baseline.Baseline:
    """The reviewed baseline, unless it is a link out of the site's sources, a pipe or outside the
    project: then it is not read, and the refusal is an error (see :func:`project.check_file`)."""
    refusal = project.check_file(root, name)
    if refusal is not None:
        return baseline.Baseline(refusal.file, [], [refusal])
    return baseline.load(root, name)
