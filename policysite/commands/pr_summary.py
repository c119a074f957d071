"""``policy pr-summary``: Markdown for a pull request, the policies and versions that change since
``--base``, a section-level summary per language, the parity status and links to the redlines."""

from __future__ import annotations

import argparse

from .. import cache, git_utils, review
from ..console import Output
from . import EXIT_OK, UsageError, common


def run(args: argparse.Namespace, out: Output) -> int:
    root = common.root_of(args)
    analysis = common.analyse(root, cache.Caches.on_disk(root))
    try:
        text = review.pr_summary(
            root,
            args.base,
            analysis.corpus,
            analysis.diagnostics,
            args.site_url or "",
            analysis.history,
            args.artifact_url or "",
        )
    except git_utils.GitError as exc:
        raise UsageError(str(exc)) from None
    out.print(text.rstrip("\n"))
    return EXIT_OK
