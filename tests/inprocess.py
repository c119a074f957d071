"""``policy`` run in the test's own process: :func:`policysite.cli.main` called with the arguments,
its output read with pytest's ``capsys`` (a helper module: test modules import it).

Much faster than the console script (no interpreter, no imports per run), for what is about the
arguments, the messages and the exit codes.  The environment is the one :func:`gitrepo.clean_env`
gives a subprocess: no inherited git settings, SOURCE_DATE_EPOCH, GitHub Actions or NO_COLOR.
A few tests in test_cli_check.py and test_cli_errors.py still run the real executable.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from gitrepo import Run

from policysite import cli


class Policy:
    """``policy(*args, cwd=..., env=...)``: ``policy ARGS`` run in ``cwd`` (default: the current
    folder), with ``env`` added to the environment; never a traceback."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):
        self.monkeypatch, self.capsys = monkeypatch, capsys
        for name in list(os.environ):
            if name.startswith("GIT_") or name in ("SOURCE_DATE_EPOCH", "GITHUB_ACTIONS", "NO_COLOR"):
                monkeypatch.delenv(name)
        for name, value in {
            "NO_MKDOCS_2_WARNING": "1",
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_TERMINAL_PROMPT": "0",
        }.items():
            monkeypatch.setenv(name, value)

    def __call__(self, *args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> Run:
        with self.monkeypatch.context() as scoped:
            if cwd is not None:
                scoped.chdir(cwd)
            for name, value in (env or {}).items():
                scoped.setenv(name, value)
            self.capsys.readouterr()  # (whatever came before)
            code = cli.main(list(args))
            out, err = self.capsys.readouterr()
        assert "Traceback" not in out + err, out + err
        return Run(code, out, err)
