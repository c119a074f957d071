"""One diagnostics type for every check, rendered for people, machines and GitHub.

The hook, the ``policy`` command and the tests all speak in :class:`Diagnostic`
values.  Each one names a file, a line and (where there is one) a section ID, so
an editor can go straight to the problem.

A finding quotes its source (a title, a file name, a front matter value), so every
rendering escapes for where it goes: :meth:`Diagnostic.text` is one line with no control
character and never starts with ``::``, :meth:`Diagnostic.github` escapes its values as
the workflow-command specification requires, and the JSON holds no raw control.  Importing
this module also makes the build's logger safe (:mod:`policysite.buildlog`).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from enum import StrEnum

from . import buildlog, escaping

# The hook logs the findings through this logger: whatever a source puts in a message
# is escaped there, and MkDocs' own messages too (see buildlog).
buildlog.install()


class Severity(StrEnum):
    """As MkDocs uses them: an error fails every build, a warning fails strict builds, info never fails."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, order=True)
class Diagnostic:
    """A single finding.  ``code`` is stable (tests and tools match on it)."""

    file: str
    line: int
    severity: Severity
    code: str
    message: str
    section: str | None = None
    # The commit a finding about history is about (40 hex digits), for the baseline.
    commit: str | None = field(default=None, compare=True)
    # Listed in the reviewed baseline file: still shown, never fails.
    acknowledged: bool = False

    @classmethod
    def error(
        cls,
        code: str,
        file: str,
        line: int,
        message: str,
        section: str | None = None,
        commit: str | None = None,
    ) -> Diagnostic:
        return cls.of("error", code, file, line, message, section, commit)

    @classmethod
    def warning(
        cls,
        code: str,
        file: str,
        line: int,
        message: str,
        section: str | None = None,
        commit: str | None = None,
    ) -> Diagnostic:
        return cls.of("warning", code, file, line, message, section, commit)

    @classmethod
    def of(
        cls,
        severity: str,
        code: str,
        file: str,
        line: int,
        message: str,
        section: str | None = None,
        commit: str | None = None,
    ) -> Diagnostic:
        """A finding whose severity a setting chooses ("error", "warning" or "info")."""
        return cls(file, max(line, 1), Severity(severity), code, message, section, commit)

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR and not self.acknowledged

    def fails(self, strict: bool = False) -> bool:
        """Errors fail every build, warnings strict ones; info and acknowledged findings never."""
        if self.acknowledged or self.severity is Severity.INFO:
            return False
        return self.severity is Severity.ERROR or strict

    def text(self) -> str:
        """Compiler form: ``zh-TW/privacy.md:147: error: [parity.structure] ...``, on one line:
        line breaks and controls in the file, code or message shown as escapes (``\\n``, ``\\x1b``)."""
        note = " (acknowledged in the baseline)" if self.acknowledged else ""
        line = f"{self.file}:{self.line}: {self.severity.value}: [{self.code}] {self.message}{note}"
        return escaping.no_commands(escaping.log_line(line))

    def github(self) -> str:
        """A GitHub Actions workflow command, shown as an annotation on the pull request."""
        if self.acknowledged or self.severity is Severity.INFO:
            kind = "notice"
        else:
            kind = "error" if self.severity is Severity.ERROR else "warning"
        message = escaping.workflow_data(f"[{self.code}] {self.message}")
        file, title = escaping.workflow_property(self.file), escaping.workflow_property(self.code)
        return f"::{kind} file={file},line={self.line},title={title}::{message}"

    def as_dict(self) -> dict:
        data = asdict(self)
        data["severity"] = self.severity.value
        return data


def sort(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Stable, reader-friendly order: by file, then line, then code."""
    return sorted(set(diagnostics), key=lambda d: (d.file, d.line, d.code, d.message))


def fails(diagnostics: Iterable[Diagnostic], strict: bool = False) -> bool:
    """Errors always fail; warnings fail only in strict mode; info and acknowledged findings never."""
    return any(d.fails(strict) for d in diagnostics)


def in_github_actions() -> bool:
    return os.environ.get("GITHUB_ACTIONS") == "true"


def text_lines(
    diagnostics: Iterable[Diagnostic], github: bool | None = None
) -> Iterator[tuple[Diagnostic, str, bool]]:
    """Each finding in compiler form, followed by its GitHub annotation when running in Actions:
    ``(finding, line, is_annotation)``, for a caller that shows the two kinds differently
    (``policy check`` colours the one and prints the other as a workflow command)."""
    github = in_github_actions() if github is None else github
    for diagnostic in diagnostics:
        yield diagnostic, diagnostic.text(), False
        if github:
            yield diagnostic, diagnostic.github(), True


def render_text(diagnostics: Iterable[Diagnostic], github: bool | None = None) -> str:
    """Compiler form, one per line; GitHub annotations too when running in Actions."""
    return "\n".join(line for _, line, _ in text_lines(diagnostics, github))


def render_json(diagnostics: Iterable[Diagnostic]) -> str:
    items = [d.as_dict() for d in diagnostics]
    summary = {
        "errors": sum(1 for d in items if d["severity"] == "error" and not d["acknowledged"]),
        "warnings": sum(1 for d in items if d["severity"] == "warning" and not d["acknowledged"]),
        "info": sum(1 for d in items if d["severity"] == "info"),
        "acknowledged": sum(1 for d in items if d["acknowledged"]),
    }
    return escaping.json_text({"diagnostics": items, "summary": summary}, indent=2)


def summary_line(diagnostics: Iterable[Diagnostic]) -> str:
    items = list(diagnostics)
    errors = sum(1 for d in items if d.is_error)
    warnings = sum(1 for d in items if d.severity is Severity.WARNING and not d.acknowledged)
    line = f"{errors} error{'s' if errors != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''}"
    acknowledged = sum(1 for d in items if d.acknowledged)
    info = sum(1 for d in items if d.severity is Severity.INFO and not d.acknowledged)
    if info:
        line += f", {info} info"
    if acknowledged:
        line += f", {acknowledged} acknowledged"
    return line
