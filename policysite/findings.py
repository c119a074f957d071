"""The findings about one source file: each names the file, a line, the section (where there is
one), a stable code and a message, and every reader of sources makes them here."""

from __future__ import annotations

from dataclasses import dataclass, field

from .diagnostics import Diagnostic


@dataclass(slots=True)
class Findings:
    """The diagnostics about the file at ``path``, in the order they were found."""

    path: str  # display path, e.g. "zh-TW/privacy.md"
    found: list[Diagnostic] = field(default_factory=list)

    def add(self, severity: str, code: str, line: int, message: str, section: str | None = None) -> None:
        """One finding (``severity``: "error", "warning" or "info")."""
        self.found.append(Diagnostic.of(severity, code, self.path, line, message, section))

    def error(self, code: str, line: int, message: str, section: str | None = None) -> None:
        self.add("error", code, line, message, section)

    def warning(self, code: str, line: int, message: str, section: str | None = None) -> None:
        self.add("warning", code, line, message, section)
