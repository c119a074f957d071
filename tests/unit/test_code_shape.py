"""The shape of the code (issue 28): every function of ``policysite/`` under 60 lines, and no
line over 110 columns outside data files (ruff holds the Python files to it; this holds the
stylesheets, scripts and templates the package ships)."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "policysite"
LONGEST = 59
COLUMNS = 110


def test_every_function_is_under_60_lines():
    long = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = (node.end_lineno or node.lineno) - node.lineno + 1
                if lines > LONGEST:
                    long.append(f"{path.relative_to(PACKAGE)}:{node.lineno} {node.name}: {lines} lines")
    assert not long, "\n".join(long)


def test_no_shipped_line_is_over_110_columns():
    """The package's own stylesheets, scripts and templates (the vendored ones aside)."""
    wide = []
    for path in sorted(PACKAGE.rglob("*")):
        if path.suffix not in (".css", ".js", ".html") or "vendor" in path.parts:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if len(line) > COLUMNS:
                wide.append(f"{path.relative_to(PACKAGE)}:{number}: {len(line)} columns")
    assert not wide, "\n".join(wide)
