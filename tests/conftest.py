"""Shared fixtures: temporary git copies of the project, the ``policy`` command and
real ``mkdocs build`` runs, all as subprocesses (nothing is mocked).

Every fixture works under ``pytest -n 2``: each copy lives in its own
``tmp_path``; the real site is built once per worker session.  Test modules get
these helpers through fixtures (``import conftest`` is ambiguous: tests/browser
has a conftest of its own).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent  # the virtualenv running the tests: policy, mkdocs
SITE_FILES = ("mkdocs.yml", "docs", "hooks", "en", "zh-TW")
LANGS = ("en", "zh-TW")


def tool(name: str) -> list[str]:
    """The installed console script ``name`` of this virtualenv."""
    script = BIN / name
    if script.exists():
        return [str(script)]
    if name == "mkdocs":
        return [sys.executable, "-m", "mkdocs"]
    return [sys.executable, "-m", "policysite.cli"]


def subprocess_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """No inherited git redirections, no GitHub Actions, UTF-8 output."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("GIT_") and k not in ("SOURCE_DATE_EPOCH", "GITHUB_ACTIONS", "NO_COLOR")}
    env.update({"NO_MKDOCS_2_WARNING": "1", "GIT_CONFIG_NOSYSTEM": "1", "GIT_TERMINAL_PROMPT": "0",
                "LC_ALL": "C.UTF-8", "PYTHONIOENCODING": "utf-8"})
    env.update(extra or {})
    return env


@dataclass
class Run:
    """A finished subprocess: exit code and its output."""

    returncode: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


class ProjectCopy:
    """The project's site files copied into a fresh, committed git repository."""

    def __init__(self, root: Path):
        self.root = root

    @classmethod
    def create(cls, directory: Path, git: bool = True) -> "ProjectCopy":
        directory.mkdir(parents=True, exist_ok=True)
        for name in SITE_FILES:
            source, target = PROJECT / name, directory / name
            if source.is_dir():
                shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"), dirs_exist_ok=True)
            elif source.exists():
                shutil.copy2(source, target)
        (directory / ".gitignore").write_text(".staging/\nsite/\n__pycache__/\n.cache/\n")
        copy = cls(directory)
        if git:
            copy.git("init", "-q", "-b", "main")
            copy.git("config", "user.name", "Policy Tests")
            copy.git("config", "user.email", "tests@example.invalid")
            copy.git("config", "commit.gpgsign", "false")
            copy.commit("The project as it stands")
        return copy

    def git(self, *args: str) -> str:
        result = subprocess.run(["git", *args], cwd=self.root, capture_output=True, text=True, env=subprocess_env())
        assert result.returncode == 0, f"git {' '.join(args)}: {result.stderr}"
        return result.stdout

    def commit(self, message: str) -> None:
        self.git("add", "-A")
        self.git("commit", "-q", "--allow-empty", "-m", message)

    def path(self, lang: str, policy: str = "privacy") -> Path:
        return self.root / lang / f"{policy}.md"

    def read(self, lang: str, policy: str = "privacy") -> str:
        return self.path(lang, policy).read_text(encoding="utf-8")

    def write(self, lang: str, policy: str, text: str | bytes) -> Path:
        path = self.path(lang, policy)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
        return path

    def edit(self, lang: str, old: str, new: str, policy: str = "privacy") -> None:
        """Replace ``old`` (which must occur exactly once) in ``<lang>/<policy>.md``."""
        text = self.read(lang, policy)
        assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {lang}/{policy}.md"
        self.write(lang, policy, text.replace(old, new))

    def policy(self, *args: str, env: dict[str, str] | None = None) -> Run:
        """``policy ARGS`` run in the copy."""
        return run_policy(list(args), self.root, env)

    def build(self, strict: bool = True, env: dict[str, str] | None = None) -> "Build":
        """A real ``mkdocs build`` in the copy (site/ is removed first)."""
        site = self.root / "site"
        if site.exists():
            shutil.rmtree(site)
        command = [*tool("mkdocs"), "build"] + (["--strict"] if strict else [])
        process = subprocess.run(command, cwd=self.root, capture_output=True, text=True,
                                 env=subprocess_env(env), timeout=600)
        return Build(process.returncode, process.stdout, process.stderr, site)


@dataclass
class Build(Run):
    site: Path

    def page(self, url: str) -> str:
        """The HTML served at ``url`` ("privacy/", "zh-TW/")."""
        return (self.site / url.strip("/") / "index.html").read_text(encoding="utf-8")


def run_policy(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> Run:
    """``policy ARGS`` (the installed console script) run in ``cwd``."""
    process = subprocess.run([*tool("policy"), *args], cwd=cwd, capture_output=True, text=True,
                             env=subprocess_env(env), timeout=300)
    return Run(process.returncode, process.stdout, process.stderr)


@pytest.fixture(scope="session")
def policy_command():
    """Run ``policy``: ``policy_command(["check"], cwd=..., env={...})``."""
    return run_policy


@pytest.fixture(scope="session")
def new_project_copy():
    """Make a committed git copy of the project: ``new_project_copy(directory)``."""
    return ProjectCopy.create


@pytest.fixture
def project_copy(tmp_path) -> ProjectCopy:
    """A fresh committed git copy of the project, for one test."""
    return ProjectCopy.create(tmp_path / "project")


@pytest.fixture(scope="session")
def real_build(tmp_path_factory) -> Build:
    """The real content, built once per session with ``mkdocs build --strict``."""
    copy = ProjectCopy.create(tmp_path_factory.mktemp("real-site") / "project")
    return copy.build(strict=True)
