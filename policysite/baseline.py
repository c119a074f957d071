"""The baseline: reviewed findings about commits already in history.

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

Only findings about committed history can be listed: each names its commit.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from pathlib import Path

import yaml

from .diagnostics import Diagnostic

HEADER = """\
# Findings about commits already in history, reviewed and acknowledged.
#
# Written by `policy baseline`; review changes to it like any change to the
# policies.  A finding listed here is still shown (marked acknowledged, on the
# version's page and in versions.json) but no longer fails `policy check`, strict
# builds or CI.  Findings not listed here fail as usual; an entry that matches
# nothing any more is reported as stale.  History is never rewritten.
"""


@dataclass(frozen=True)
class Entry:
    code: str
    file: str
    commit: str
    message: str
    line: int = 0  # where the entry starts in the baseline file

    def matches(self, finding: Diagnostic) -> bool:
        return (finding.code, finding.file, finding.commit) == (self.code, self.file, self.commit)


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
        fields = (
            {key: item.get(key) for key in ("code", "file", "commit", "message")}
            if isinstance(item, dict)
            else {}
        )
        if not all(isinstance(fields.get(key), str) and fields[key] for key in ("code", "file", "commit")):
            problems.append(
                Diagnostic.error(
                    "baseline.invalid",
                    display,
                    line,
                    "each entry needs 'code', 'file' and 'commit' (run 'policy baseline')",
                )
            )
            continue
        entries.append(
            Entry(fields["code"], fields["file"], fields["commit"], str(fields.get("message") or ""), line)
        )
    return Baseline(display, entries, problems)


def apply(findings: list[Diagnostic], baseline: Baseline) -> list[Diagnostic]:
    """``findings`` with the listed ones acknowledged, plus stale entries and the file's own problems."""
    result, used = [], set()
    for finding in findings:
        entry = next((e for e in baseline.entries if finding.commit and e.matches(finding)), None)
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
                    f"entry for [{entry.code}] {entry.file} at commit {entry.commit[:7]} matches no "
                    "finding any more; "
                    "remove it (run 'policy baseline' to rewrite the file)",
                )
            )
    return result + baseline.problems


def acknowledgeable(findings: list[Diagnostic]) -> list[Diagnostic]:
    """The findings a baseline may list: about a commit already in history."""
    return [f for f in findings if f.commit and f.code != "baseline.stale"]


def render(findings: list[Diagnostic]) -> str:
    """The baseline file for ``findings`` (sorted, one entry each, stable across runs)."""
    unique = {(f.code, f.file, f.commit): f for f in acknowledgeable(findings)}
    entries = [unique[key] for key in sorted(unique)]
    if not entries:
        return HEADER + "acknowledged: []\n"
    lines = [HEADER, "acknowledged:"]
    for finding in entries:
        lines.append(f"  - code: {finding.code}")
        lines.append(f"    file: {finding.file}")
        lines.append(f"    commit: {finding.commit}")
        lines.append(f"    message: {json.dumps(finding.message, ensure_ascii=False)}")
    return "\n".join(lines) + "\n"
