"""``policy check``: every rule over the working tree, as the build applies them; with
``--since REV`` the version rules for the commits since REV too (a pull request's)."""

from __future__ import annotations

import argparse
from pathlib import Path

from .. import cache, diagnostics, git_utils, project, review
from ..console import Output
from ..diagnostics import Diagnostic
from . import EXIT_FINDINGS, EXIT_OK, UsageError, common, plural


def run(args: argparse.Namespace, out: Output) -> int:
    root = common.root_of(args)
    analysis = common.analyse(root, cache.Caches.on_disk(root))
    common.pdf_prerequisites(analysis.settings)  # a build with PDFs fails without their fonts: so does this
    found = list(analysis.diagnostics)
    if args.since is not None:  # an empty --since is a usage error, not "no --since"
        found = since_findings(root, analysis.corpus, args.since, found)
    found = diagnostics.sort(found)
    if args.format == "json":
        out.print(diagnostics.render_json(found))
    else:
        _text(found, analysis.corpus, out)
    return EXIT_FINDINGS if diagnostics.fails(found, strict=args.strict) else EXIT_OK


def _text(found: list[Diagnostic], corpus: project.Corpus, out: Output) -> None:
    """The findings in compiler form (:func:`.diagnostics.text_lines`), coloured by what fails,
    and a summary line."""
    for item, line, annotation in diagnostics.text_lines(found):
        if annotation:
            out.annotation(line)
        else:
            colour = "red" if item.fails() else "yellow" if item.fails(strict=True) else "dim"
            out.print(out.paint(line, colour))
    if found:
        out.print(diagnostics.summary_line(found))
        return
    policies = plural(len(corpus.policies), "policy", "policies")
    languages = plural(len(corpus.languages), "language")
    out.print(out.paint(f"ok: {policies} in {languages}, no findings", "green"))


def since_findings(
    root: Path, corpus: project.Corpus, base: str, found: list[Diagnostic]
) -> list[Diagnostic]:
    """``found`` and the rules for what changed since ``base`` (:func:`.review.findings_since`, as
    the pull-request summary's checks); a base git cannot resolve is a usage error."""
    try:
        branch = review.collect(root, base, corpus)
    except git_utils.GitError as exc:
        raise UsageError(str(exc)) from None
    return review.findings_since(branch, corpus, found)
