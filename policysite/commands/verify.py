"""``policy verify``: rebuild the commit a published site records and compare it byte for byte;
check its hashes against git and the source attached to every PDF (:mod:`policysite.verify`)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .. import console, verify
from ..console import Output
from . import EXIT_FINDINGS, EXIT_OK, UsageError, common, plural


def run(args: argparse.Namespace, out: Output) -> int:
    root = common.root_of(args)
    if args.site is not None:
        site = Path(args.site).resolve()
    else:
        mkdocs_config, _ = common.configuration(root)
        site = Path(mkdocs_config.site_dir).resolve()
    shown = args.site or os.path.relpath(site)
    try:
        report = verify.verify(root, site, progress=_progress)
    except verify.CannotVerify as exc:
        raise UsageError(f"cannot verify {shown}: {exc}") from None
    for finding in report.findings:
        out.print(out.paint(finding.text(), "red"))
    for note in report.notes:
        out.print(out.paint(f"note: {note}", "yellow"))
    if report.findings:
        problems = plural(len(report.findings), "problem")
        out.print(f"{shown} is not what commit {report.commit[:12]} builds: {problems}")
        return EXIT_FINDINGS
    out.print(
        out.paint(
            f"ok: {shown} is identical to a rebuild of commit {report.commit[:12]} with SOURCE_DATE_EPOCH="
            f"{report.epoch} ({report.files} files); {report.sources} source hashes match git; "
            f"{report.pdfs} PDFs carry their source",
            "green",
        )
    )
    return EXIT_OK


def _progress(text: str) -> None:
    console.Output(sys.stderr).print(f"policy verify: {text}", flush=True)
