"""``policy baseline``: write every finding about existing history and files to the reviewed
baseline file, where it is still shown, marked acknowledged, but no longer fails."""

from __future__ import annotations

import argparse

from .. import baseline, cache, escaping, project
from ..console import Output
from . import EXIT_OK, UsageError, common, plural


def run(args: argparse.Namespace, out: Output) -> int:
    root = common.root_of(args)
    analysis = common.analyse(root, cache.Caches.on_disk(root))
    name = analysis.settings.baseline
    path = root / name
    refused = project.check_file(root, name)  # never written through a link (or into a pipe)
    if refused is not None:
        raise UsageError(refused.text())
    previous = baseline.load(root, name)
    findings = baseline.acknowledgeable(analysis.diagnostics)
    text = baseline.render(findings)
    old = path.read_text(encoding="utf-8", errors="replace") if path.is_file() else None
    if old != text:
        try:
            path.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise UsageError(f"cannot write {name}: {exc.strerror or exc}") from None
    keys = {baseline.key(f) for f in findings}
    before = {
        (e.code, e.file, e.commit, "", "") if e.commit else (e.code, e.file, "", e.section or "", e.message)
        for e in previous.entries
    }
    for finding in sorted(findings, key=lambda f: (f.file, f.code, f.commit or "")):
        out.print(out.paint(escaping.log_line(f"{finding.file}: [{finding.code}] {finding.message}"), "dim"))
    added, removed = len(keys - before), len(before - keys)
    out.print(
        f"{name}: {plural(len(keys), 'finding')} about existing history and files acknowledged "
        f"({added} new, {removed} removed){'' if old != text else ', unchanged'}. Review the file and "
        "commit it."
    )
    return EXIT_OK
