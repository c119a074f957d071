"""The baseline: reviewed findings about commits already in history, and about the files at adoption.

History is never rewritten.  A repository adopted with years of history may
hold commits that break today's rules (a version date that went backwards
through a merge, a revert that restored an older date).  ``policy baseline``
writes those findings to a YAML file at the repository root (``extra.policies.
baseline``, default ``policy-baseline.yml``), one sorted entry each, so the
file is reviewed like code (the convention of linter baselines such as
detekt's and PHPStan's).  A finding listed there is still reported, marked
acknowledged, and shown to auditors on the version's page and in
``versions.json``, but it no longer fails ``policy check``, strict builds or
CI.  A finding not listed still fails; an entry that matches nothing any more is
reported as stale (a warning), so the file never silently grows out of date.

A finding about a commit names it; a finding about the current files (a translation's missing
link at adoption, say) is matched by its code, file, section and message, so moving lines keeps it
and fixing it makes its entry stale.  Findings that protect readers or the build itself (unsafe
HTML, links out of the repository, unreadable sources, the baseline's own) can never be listed.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from pathlib import Path

import yaml

from .diagnostics import Diagnostic

HEADER = """\
# Findings about commits already in history, and about the files as they were
# adopted, reviewed and acknowledged.
#
# Written by `policy baseline`; review changes to it like any change to the
# policies.  A finding listed here is still shown (marked acknowledged, on the
# version's page and in versions.json) but no longer fails `policy check`, strict
# builds or CI.  Findings not listed here fail as usual; an entry that matches
# nothing any more is reported as stale.  History is never rewritten.
"""


# Never acknowledged: what keeps readers safe and the build whole.
NEVER = frozenset(
    {
        *("html.unsafe", "source.symlink", "file.symlink", "file.special", "source.too-long"),
        *("source.too-complex", "source.encoding", "source.unreadable", "baseline.invalid", "baseline.stale"),
    }
)


@dataclass(frozen=True)
class Entry:
    code: str
    file: str
    commit: str | None  # None: a finding about the current files
    message: str
    line: int = 0  # where the entry starts in the baseline file
    section: str | None = None

    def matches(self, finding: Diagnostic) -> bool:
        if self.commit is not None:
            return (finding.code, finding.file, finding.commit) == (self.code, self.file, self.commit)
        return finding.commit is None and (finding.code, finding.file, finding.section, finding.message) == (
            self.code,
            self.file,
            self.section,
            self.message,
        )

    def describe(self) -> str:
        where = f"at commit {self.commit[:7]}" if self.commit else f"section '{self.section or '(intro)'}'"
        return f"[{self.code}] {self.file} {where}"


@dataclass
class Baseline:
    path: str  # as shown in messages (relative to the repository root)
    entries: list[Entry]
    problems: list[Diagnostic]


def _line_of(text: str, index: int) -> int:
    """The line of the ``index``-th list entry (``- code: ...``) of the file (1 when unknown)."""
    seen = -1
    for number, line in enumerate(text.split("\n"), start=1):
        if line.lstrip().startswith("- "):
            seen += 1
            if seen == index:
                return number
    return 1


def load(root: Path, name: str) -> Baseline:
    """The baseline file, or an empty one when there is none; malformed entries are findings."""
    path = root / name
    display = Path(name).as_posix()
    if not path.is_file():
        return Baseline(display, [], [])
    try:
        text = path.read_text(encoding="utf-8")
        data = yaml.safe_load(text) or {}
    except (OSError, UnicodeDecodeError) as exc:
        problem = Diagnostic.error("baseline.invalid", display, 1, f"cannot read the baseline: {exc}")
        return Baseline(display, [], [problem])
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        problem = Diagnostic.error(
            "baseline.invalid",
            display,
            line,
            f"the baseline is not valid YAML: {getattr(exc, 'problem', exc)}",
        )
        return Baseline(display, [], [problem])
    items = data.get("acknowledged") if isinstance(data, dict) else None
    if not isinstance(items, list):
        problem = Diagnostic.error(
            "baseline.invalid",
            display,
            1,
            "the baseline must hold an 'acknowledged:' list (run 'policy baseline')",
        )
        return Baseline(display, [], [problem])
    entries, problems = [], []
    for index, item in enumerate(items):
        line = _line_of(text, index)
        entry = _entry(item, line)
        if entry is None:
            problems.append(
                Diagnostic.error(
                    "baseline.invalid",
                    display,
                    line,
                    "each entry needs 'code', 'file' and 'commit', or 'code', 'file' and 'message' "
                    "(run 'policy baseline')",
                )
            )
            continue
        entries.append(entry)
    return Baseline(display, entries, problems)


def _entry(item: object, line: int) -> Entry | None:
    fields = (
        {key: item.get(key) for key in ("code", "file", "commit", "message", "section")}
        if isinstance(item, dict)
        else {}
    )
    code, file = fields.get("code"), fields.get("file")
    if not (isinstance(code, str) and code and isinstance(file, str) and file):
        return None
    commit, message, section = fields.get("commit"), fields.get("message"), fields.get("section")
    if not (isinstance(commit, str) and commit) and not (isinstance(message, str) and message):
        return None
    return Entry(
        code,
        file,
        commit if isinstance(commit, str) and commit else None,
        str(message or ""),
        line,
        section if isinstance(section, str) and section else None,
    )


def apply(findings: list[Diagnostic], baseline: Baseline) -> list[Diagnostic]:
    """``findings`` with the listed ones acknowledged, plus stale entries and the file's own problems."""
    result, used = [], set()
    for finding in findings:
        entry = next((e for e in baseline.entries if finding.code not in NEVER and e.matches(finding)), None)
        if entry is not None:
            used.add(entry)
            finding = dataclasses.replace(finding, acknowledged=True)
        result.append(finding)
    for entry in baseline.entries:
        if entry not in used:
            result.append(
                Diagnostic.warning(
                    "baseline.stale",
                    baseline.path,
                    entry.line,
                    f"entry for {entry.describe()} matches no finding any more; "
                    "remove it (run 'policy baseline' to rewrite the file)",
                )
            )
    return result + baseline.problems


def acknowledgeable(findings: list[Diagnostic]) -> list[Diagnostic]:
    """The findings a baseline may list: about a commit already in history, or about the current
    files, that fail a build (errors, warnings), but never those in :data:`NEVER`."""
    return [f for f in findings if f.code not in NEVER and f.fails(strict=True) or f.acknowledged]


def key(finding: Diagnostic) -> tuple:
    if finding.commit:
        return (finding.code, finding.file, finding.commit, "", "")
    return (finding.code, finding.file, "", finding.section or "", finding.message)


def render(findings: list[Diagnostic]) -> str:
    """The baseline file for ``findings`` (sorted, one entry each, stable across runs)."""
    unique = {key(f): f for f in acknowledgeable(findings) if f.code not in NEVER}
    entries = [unique[k] for k in sorted(unique)]
    if not entries:
        return HEADER + "acknowledged: []\n"
    lines = [HEADER, "acknowledged:"]
    for finding in entries:
        lines.append(f"  - code: {finding.code}")
        lines.append(f"    file: {json.dumps(finding.file, ensure_ascii=False)}")
        if finding.commit:
            lines.append(f"    commit: {finding.commit}")
        elif finding.section:
            lines.append(f"    section: {json.dumps(finding.section, ensure_ascii=False)}")
        lines.append(f"    message: {json.dumps(finding.message, ensure_ascii=False)}")
    return "\n".join(lines) + "\n"
