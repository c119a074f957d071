"""``policysite.commands`` itself: the exit codes every command returns, the usage error the CLI
turns into exit 2, and ``plural`` (each command's own behaviour: tests/unit/test_commands_*.py)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from policysite import commands
from policysite.commands import EXIT_FINDINGS, EXIT_INTERNAL, EXIT_OK, EXIT_USAGE, UsageError, plural


def test_the_exit_codes_are_the_documented_ones():
    assert (EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERNAL) == (0, 1, 2, 3)


def test_a_usage_error_is_an_exception_carrying_its_message():
    assert issubclass(UsageError, Exception)
    with pytest.raises(UsageError) as caught:
        raise UsageError("unknown policy 'x' (policies: privacy)")
    assert str(caught.value) == "unknown policy 'x' (policies: privacy)"


@pytest.mark.parametrize(
    ("count", "word", "many", "expected"),
    [
        (0, "error", None, "0 errors"),
        (1, "error", None, "1 error"),
        (2, "error", None, "2 errors"),
        (1, "policy", "policies", "1 policy"),
        (3, "policy", "policies", "3 policies"),
        (0, "policy", "policies", "0 policies"),
        (-1, "day", None, "-1 days"),
    ],
)
def test_plural(count, word, many, expected):
    assert plural(count, word, many) == expected


def test_the_package_imports_nothing():
    """``policy --help`` imports this package: it must load neither MkDocs nor git (nor anything)."""
    tree = ast.parse(Path(commands.__file__).read_text(encoding="utf-8"))
    imported = [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        and not (isinstance(node, ast.ImportFrom) and node.module == "__future__")
    ]
    assert imported == []


def test_every_command_module_has_a_run_taking_args_and_out():
    folder = Path(commands.__file__).parent
    names = sorted(p.stem for p in folder.glob("*.py") if p.stem not in ("__init__", "common"))
    assert names == [
        "baseline",
        "check",
        "diff",
        "ids",
        "init",
        "new_version",
        "pr_summary",
        "translations",
        "verify",
        "versions",
    ]
    for name in names:
        tree = ast.parse((folder / f"{name}.py").read_text(encoding="utf-8"))
        (run,) = [n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "run"]
        assert [a.arg for a in run.args.args] == ["args", "out"], name
        assert ast.unparse(run.returns) == "int", name
