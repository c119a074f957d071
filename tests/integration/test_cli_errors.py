"""Issue 17: exit codes.  0 clean, 1 findings, 2 usage or configuration error, 3 an internal
error (a bug): one line, and the traceback with --debug.

The internal error is forced in-process by replacing one subcommand with a function
that fails like a bug would; git, MkDocs and the files stay real.  The exit codes of
usage errors and findings are checked in-process (tests/unit/test_cli.py) and here, once,
with the real ``policy`` executable.
"""

from __future__ import annotations

import pytest

from policysite import cli
from policysite.commands import EXIT_INTERNAL, versions


def _boom(args, out):
    raise KeyError("a bug")


@pytest.fixture
def broken(monkeypatch, project_copy):
    monkeypatch.chdir(project_copy.root)
    monkeypatch.setattr(versions, "run", _boom)
    return project_copy


def test_an_internal_error_exits_3_with_one_line(broken, capsys):
    assert cli.main(["versions"]) == EXIT_INTERNAL == 3
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


def test_the_executable_exits_2_on_usage_errors_and_1_on_findings(project_copy):
    """The console script end to end: exit codes, one line of error, never a traceback."""
    parsing = project_copy.policy("diff", "privacy", executable=True)  # argparse: missing arguments
    assert (parsing.returncode, parsing.stdout) == (2, "")
    assert parsing.stderr.startswith("usage: policy diff ") and "Traceback" not in parsing.stderr
    unknown = project_copy.policy("versions", "no-such-policy", executable=True)
    assert (unknown.returncode, unknown.stdout) == (2, "")
    assert unknown.stderr == "policy versions: error: unknown policy 'no-such-policy' (policies: privacy)\n"
    project_copy.write("zh-TW", "privacy", project_copy.read("zh-TW").replace("{#general}", "{#generally}"))
    findings = project_copy.policy("check", executable=True)
    assert findings.returncode == 1 and "Traceback" not in findings.output
    assert findings.stdout.startswith("zh-TW/privacy.md:") and findings.stderr == ""
