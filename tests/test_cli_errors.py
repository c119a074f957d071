"""Issue 17: exit codes.  0 clean, 1 findings, 2 usage or configuration error, 3 an internal
error (a bug): one line, and the traceback with --debug.

The internal error is forced in-process by replacing one subcommand with a function
that fails like a bug would; git, MkDocs and the files stay real.
"""

from __future__ import annotations

import pytest

from policysite import cli, commands


def _boom(args, out):
    raise KeyError("a bug")


@pytest.fixture
def broken(monkeypatch, project_copy):
    monkeypatch.chdir(project_copy.root)
    monkeypatch.setattr(commands, "cmd_versions", _boom)
    return project_copy


def test_an_internal_error_exits_3_with_one_line(broken, capsys):
    assert cli.main(["versions"]) == commands.EXIT_INTERNAL == 3
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1, err
    assert "policy versions: internal error: KeyError: 'a bug'" in err
    assert "--debug" in err and "Traceback" not in err


@pytest.mark.parametrize("argv", [["--debug", "versions"], ["versions", "--debug"]])
def test_debug_shows_the_traceback(broken, capsys, argv):
    assert cli.main(argv) == 3
    err = capsys.readouterr().err
    assert "Traceback (most recent call last)" in err and "KeyError: 'a bug'" in err


def test_usage_errors_exit_2_and_findings_exit_1(project_copy):
    assert project_copy.policy("versions", "no-such-policy").returncode == 2
    assert project_copy.policy("diff", "privacy").returncode == 2  # argparse: missing arguments
    project_copy.write("zh-TW", "privacy", project_copy.read("zh-TW").replace("{#general}", "{#generally}"))
    assert project_copy.policy("check").returncode == 1
    project_copy.write("zh-TW", "privacy", project_copy.read("zh-TW").replace("{#generally}", "{#general}"))
    assert project_copy.policy("check").returncode == 0
