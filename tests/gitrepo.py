"""Real temporary git repositories of the project, for tests.

A :class:`PolicyRepo` is a copy of the project's site files (``mkdocs.yml``,
``docs/``, ``hooks/``, ``en/``, ``zh-TW/``) in a fresh git repository with a
local identity, so tests can write policy texts, commit them with chosen dates
and trailers, and run the real ``mkdocs build`` there::

    repo = PolicyRepo.create(tmp_path)
    repo.write("en", "privacy", policy_text("Privacy Policy", "2020.01.01", ...))
    repo.commit("First version", date="2020-01-01T12:00:00Z")
    result = repo.build()
    assert result.ok, result.output
    html = result.page("privacy/versions/2020.01.01")

Nothing here mocks anything: git and MkDocs run as subprocesses.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
VENV_BIN = PROJECT / ".venv" / "bin"
SITE_FILES = ("mkdocs.yml", "docs", "hooks", "en", "zh-TW")
IGNORED = ".staging/\nsite*/\n__pycache__/\n.cache/\n"
IDENTITY = {"user.name": "Policy Tests", "user.email": "tests@example.invalid"}


def mkdocs_command() -> list[str]:
    """The project's own ``mkdocs`` (falls back to the running interpreter's)."""
    candidate = VENV_BIN / "mkdocs"
    if candidate.exists():
        return [str(candidate)]
    return [sys.executable, "-m", "mkdocs"]


def clean_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment for git and mkdocs: no inherited git settings that would
    redirect them to another repository, no ambient SOURCE_DATE_EPOCH."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("GIT_") and k != "SOURCE_DATE_EPOCH"}
    env.update({"NO_MKDOCS_2_WARNING": "1", "GIT_CONFIG_NOSYSTEM": "1", "GIT_TERMINAL_PROMPT": "0",
                "LC_ALL": "C.UTF-8", "PYTHONIOENCODING": "utf-8"})
    env.update(extra or {})
    return env


def policy_text(title: str, version: str, body: str) -> str:
    """A policy source: front matter, ``# title`` and ``body`` (dedented)."""
    return f"---\ntitle: {title}\nversion: {version}\n---\n\n# {title}\n\n{textwrap.dedent(body).strip()}\n"


@dataclass
class BuildResult:
    """A finished ``mkdocs build``: its process and the site it wrote."""

    process: subprocess.CompletedProcess
    site: Path

    @property
    def returncode(self) -> int:
        return self.process.returncode

    @property
    def ok(self) -> bool:
        return self.process.returncode == 0

    @property
    def output(self) -> str:
        """stdout and stderr together (MkDocs logs to stderr)."""
        return (self.process.stdout or "") + (self.process.stderr or "")

    def path(self, url: str) -> Path:
        """The file serving ``url`` (``privacy/versions/2020.01.01`` or ``/feed.xml``)."""
        url = url.strip("/")
        target = self.site / url
        if not url or target.is_dir() or "." not in url.rsplit("/", 1)[-1]:
            target = target / "index.html"
        return target

    def exists(self, url: str) -> bool:
        return self.path(url).is_file()

    def page(self, url: str) -> str:
        return self.path(url).read_text(encoding="utf-8")


class PolicyRepo:
    """A git repository holding a copy of the project's site files."""

    def __init__(self, root: Path):
        self.root = Path(root)

    # -- creating

    @classmethod
    def create(cls, directory: Path, *, copy_policies: bool = True, init: bool = True) -> "PolicyRepo":
        """Copy the project's site files into ``directory`` and (``init``) ``git init`` it.

        With ``copy_policies=False`` the ``en/`` and ``zh-TW/`` folders start empty.
        Nothing is committed: write and :meth:`commit` what the test needs.
        """
        root = Path(directory)
        root.mkdir(parents=True, exist_ok=True)
        for name in SITE_FILES:
            source = PROJECT / name
            target = root / name
            if name in ("en", "zh-TW") and not copy_policies:
                target.mkdir(exist_ok=True)
                continue
            if source.is_dir():
                shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"), dirs_exist_ok=True)
            elif source.exists():
                shutil.copy2(source, target)
        # Theme overrides may be empty, and git does not keep empty folders:
        # keep it in the repository so clones of it build too.
        overrides = root / "docs" / "overrides"
        overrides.mkdir(parents=True, exist_ok=True)
        if not any(overrides.iterdir()):
            (overrides / ".gitkeep").write_text("")
        (root / ".gitignore").write_text(IGNORED)
        repo = cls(root)
        if init:
            repo.git("init", "-q", "-b", "main")
            for key, value in IDENTITY.items():
                repo.git("config", key, value)
            repo.git("config", "commit.gpgsign", "false")
        return repo

    @classmethod
    def clone(cls, source: "PolicyRepo", directory: Path, *args: str) -> "PolicyRepo":
        """``git clone [args] file://source directory`` (e.g. ``--depth 1``)."""
        subprocess.run(["git", "clone", "-q", *args, f"file://{source.root}", str(directory)],
                       check=True, capture_output=True, text=True, env=clean_env())
        repo = cls(directory)
        for key, value in IDENTITY.items():
            repo.git("config", key, value)
        return repo

    # -- git

    def git(self, *args: str, env: dict[str, str] | None = None, check: bool = True) -> str:
        """Run git in the repository; returns stdout (text)."""
        result = subprocess.run(["git", *args], cwd=self.root, capture_output=True, text=True,
                                env=clean_env(env), check=False)
        if check and result.returncode != 0:
            raise AssertionError(f"git {' '.join(args)} failed ({result.returncode}):\n{result.stderr}")
        return result.stdout

    def show(self, commit: str, path: str) -> bytes:
        """The bytes of ``git show <commit>:<path>``."""
        return subprocess.run(["git", "show", f"{commit}:{path}"], cwd=self.root, capture_output=True,
                              env=clean_env(), check=True).stdout

    def head(self) -> str:
        return self.git("rev-parse", "HEAD").strip()

    def rev(self, name: str) -> str:
        return self.git("rev-parse", name).strip()

    # -- files

    def file(self, lang: str, policy: str) -> Path:
        return self.root / lang / f"{policy}.md"

    def read(self, lang: str, policy: str) -> str:
        return self.file(lang, policy).read_text(encoding="utf-8")

    def write(self, lang: str, policy: str, text: str) -> Path:
        """Write ``<lang>/<policy>.md`` (exactly ``text``, UTF-8)."""
        path = self.file(lang, policy)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
        return path

    def write_file(self, relative: str, text: str) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    def remove(self, lang: str, policy: str) -> None:
        self.file(lang, policy).unlink()

    def set_version(self, policy: str, version: str, langs: tuple[str, ...] = ("en", "zh-TW")) -> None:
        """Rewrite the ``version:`` line of ``policy`` in ``langs``."""
        for lang in langs:
            text = self.read(lang, policy)
            new, count = re.subn(r"(?m)^version:.*$", f"version: {version}", text, count=1)
            if not count:
                raise AssertionError(f"{lang}/{policy}.md has no 'version:' line")
            self.write(lang, policy, new)

    def set_extra(self, yaml_text: str) -> None:
        """Replace the ``extra:`` block at the end of mkdocs.yml with ``yaml_text``."""
        config = (self.root / "mkdocs.yml").read_text(encoding="utf-8")
        head = config.split("\nextra:", 1)[0].rstrip("\n")
        (self.root / "mkdocs.yml").write_text(head + "\n\n" + textwrap.dedent(yaml_text).strip() + "\n", encoding="utf-8")

    def commit(self, message: str, date: str | None = None, *, trailers: dict[str, str] | None = None,
               paths: tuple[str, ...] = (), allow_empty: bool = False) -> str:
        """Stage ``paths`` (default: everything) and commit; returns the new commit's hash.

        ``date`` (ISO 8601, e.g. ``2020-01-01T12:00:00Z``) sets both the author
        and the committer date.
        """
        self.git("add", "-A", *(["--", *paths] if paths else []))
        args = ["commit", "-q", "-m", message]
        for key, value in (trailers or {}).items():
            args += ["--trailer", f"{key}: {value}"]
        if allow_empty:
            args.append("--allow-empty")
        env = {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date} if date else None
        self.git(*args, env=env)
        return self.head()

    # -- building

    def build(self, strict: bool = True, env: dict[str, str] | None = None, site: str | Path = "site",
              clean: bool = True) -> BuildResult:
        """``mkdocs build [--strict]`` in the repository (never raises on failure).

        ``site`` is the site folder, relative to the repository or absolute;
        ``env`` adds to the environment (e.g. ``SOURCE_DATE_EPOCH``).
        """
        target = self.root / site
        if clean and target.exists():
            shutil.rmtree(target)
        command = [*mkdocs_command(), "build", "--site-dir", str(target)]
        if strict:
            command.append("--strict")
        process = subprocess.run(command, cwd=self.root, capture_output=True, text=True,
                                 env=clean_env(env), timeout=300)
        return BuildResult(process, target)


__all__ = ["BuildResult", "PolicyRepo", "PROJECT", "clean_env", "mkdocs_command", "policy_text"]
