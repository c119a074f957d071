"""What the command unit tests (``tests/unit/test_commands_*.py``) share: a clean environment, a
stream that says it is a terminal, one command run in process as ``policy -C ROOT COMMAND ARGV``,
and the small bilingual site most of them start from (``from unit import commandkit``).

Each test module keeps its own repositories (real ``git``, no mocks): these only write them.
"""

from __future__ import annotations

import io
import os
from pathlib import Path
from types import ModuleType

import pytest
from gitrepo import PolicyRepo, policy_text

from policysite import cli
from policysite.console import Output

EPOCH = "1700000000"  # 2023-11-14T22:13:20Z: 2023-11-15 in Asia/Taipei

# The intro and section 'general' alone, then with section 'contact' after it.
EN_GENERAL = "Intro.\n\n## 1. General {#general}\n\nWe keep data.\n"
ZH_GENERAL = "前言。\n\n## 1. 總則 {#general}\n\n我們保存資料。\n"
EN = EN_GENERAL + "\n## 2. Contact {#contact}\n\nWrite to us.\n"
ZH = ZH_GENERAL + "\n## 2. 聯絡 {#contact}\n\n請來信。\n"
# A policy in English alone (``terms``).
TERMS = "Intro.\n\n## 1. Use {#use}\n\nText.\n"


def clean_environment(monkeypatch: pytest.MonkeyPatch, epoch: str | None = None) -> None:
    """No inherited git settings, build clock, CI or NO_COLOR (as tests/inprocess.py gives
    ``policy``); with ``epoch``, that build clock (SOURCE_DATE_EPOCH)."""
    for name in list(os.environ):
        if name.startswith("GIT_") or name in ("SOURCE_DATE_EPOCH", "GITHUB_ACTIONS", "NO_COLOR"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    if epoch is not None:
        monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)


class Terminal(io.StringIO):
    """An output stream that says it is a terminal (so colours, with TERM set and no NO_COLOR)."""

    def isatty(self) -> bool:
        return True


def run(
    command_module: ModuleType,
    command_name: str,
    root: Path | str,
    *argv: str,
    stream: io.StringIO | None = None,
) -> tuple[int, str]:
    """``policy -C ROOT COMMAND ARGV`` parsed by the CLI's own parser and run in process: (exit
    code, what it printed to ``stream``, by default a new plain one). A usage error is raised."""
    args = cli.build_parser().parse_args(["-C", str(root), command_name, *argv])
    stream = stream or io.StringIO()
    return command_module.run(args, Output(stream)), stream.getvalue()


def bilingual(
    directory: Path, en: str = EN, zh: str = ZH, *, terms: str | None = None, init: bool = True
) -> PolicyRepo:
    """A new site (no policies of the project's) with ``privacy`` in en and zh-TW at 2020.01.01,
    and with ``terms``, that body in English alone at 2020.01.01; nothing committed (``init``:
    a git repository, else a plain folder)."""
    repo = PolicyRepo.create(directory, copy_policies=False, init=init)
    repo.write("en", "privacy", policy_text("Privacy Policy", "2020.01.01", en))
    repo.write("zh-TW", "privacy", policy_text("隱私權政策", "2020.01.01", zh))
    if terms is not None:
        repo.write("en", "terms", policy_text("Terms", "2020.01.01", terms))
    return repo


def published(
    directory: Path, en: str = EN, zh: str = ZH, *, terms: str | None = None
) -> tuple[PolicyRepo, str]:
    """:func:`bilingual`, committed as "First version" on 2020-01-01: (repository, that commit)."""
    repo = bilingual(directory, en, zh, terms=terms)
    return repo, repo.commit("First version", date="2020-01-01T12:00:00Z")
