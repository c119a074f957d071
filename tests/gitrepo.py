"""Real temporary git repositories of the project, for tests (the one helper for them).

A :class:`PolicyRepo` is a copy of the project's site files (``mkdocs.yml``,
``docs/``, ``en/``, ``zh-TW/``) in a fresh git repository with a
local identity, so tests can write policy texts, commit them with chosen dates
and trailers, and run the real ``mkdocs build`` (or ``serve``) and the real
``policy`` command there::

    repo = PolicyRepo.create(tmp_path)
    repo.write("en", "privacy", policy_text("Privacy Policy", "2020.01.01", ...))
    repo.commit("First version", date="2020-01-01T12:00:00Z")
    result = repo.build()
    assert result.ok, result.output
    html = result.page("privacy/versions/2020.01.01")

Nothing here mocks anything: git and MkDocs run as subprocesses; ``policy`` runs its real entry
point in the test's process (:func:`run_policy_here`), or the installed console script
(:func:`run_policy`) where the test is about the executable itself.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import io
import os
import re
import shutil
import socket
import subprocess
import sys
import textwrap
import threading
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent  # the virtualenv running the tests: policy, mkdocs
SITE_FILES = ("mkdocs.yml", "docs", "en", "zh-TW")
IGNORED = ".staging/\nsite*/\n__pycache__/\n.cache/\n"
IDENTITY = {"user.name": "Policy Tests", "user.email": "tests@example.invalid"}
# Where test sites say they are published (example.test is reserved, RFC 2606): a strict build
# refuses an empty site_url (config.site_url), and the files that leave a site link back under it.
SITE_URL = "https://policies.example.test/"


def tool(name: str) -> list[str]:
    """The installed console script ``name`` (``mkdocs``, ``policy``) of the test virtualenv."""
    script = BIN / name
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "mkdocs" if name == "mkdocs" else "policysite.cli"]


def mkdocs_command() -> list[str]:
    return tool("mkdocs")


def clean_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment for git, mkdocs and policy: no inherited git settings that would
    redirect them to another repository, no ambient SOURCE_DATE_EPOCH or GitHub Actions."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("GIT_") and k not in ("SOURCE_DATE_EPOCH", "GITHUB_ACTIONS", "NO_COLOR")
    }
    env.update(
        {
            "NO_MKDOCS_2_WARNING": "1",
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_TERMINAL_PROMPT": "0",
            "LC_ALL": "C.UTF-8",
            "PYTHONIOENCODING": "utf-8",
            # PDFs in the build's process: pytest already runs on every core, and a pool's spawned
            # workers would only add their start-up (tests/integration/test_pdf.py asks for a pool)
            "POLICYSITE_PDF_WORKERS": "1",
        }
    )
    env.update(extra or {})
    return env


def policy_text(title: str, version: str, body: str) -> str:
    """A policy source: front matter, ``# title`` and ``body`` (dedented)."""
    return f"---\ntitle: {title}\nversion: {version}\n---\n\n# {title}\n\n{textwrap.dedent(body).strip()}\n"


def source_text(title: str, version: str | None, body: str) -> str:
    """A policy source with ``body`` exactly as given: front matter (``version:`` only when there is
    one), ``# title`` and ``body``."""
    dated = f"version: {version}\n" if version else ""
    return f"---\ntitle: {title}\n{dated}---\n\n# {title}\n\n{body}\n"


@dataclass
class Run:
    """A finished subprocess: exit code and its output."""

    returncode: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        """stdout and stderr together (MkDocs logs to stderr)."""
        return self.stdout + self.stderr

    @property
    def ok(self) -> bool:
        return self.returncode == 0


@dataclass
class BuildResult(Run):
    """A finished ``mkdocs build`` and the site it wrote."""

    site: Path

    def path(self, url: str) -> Path:
        """The file serving ``url`` (``privacy/versions/2020.01.01``, ``/feed.xml``, or an address
        under :data:`SITE_URL`, as versions.json gives them)."""
        url = url.removeprefix(SITE_URL).strip("/")
        target = self.site / url
        if not url or target.is_dir() or "." not in url.rsplit("/", 1)[-1]:
            target = target / "index.html"
        return target

    def exists(self, url: str) -> bool:
        return self.path(url).is_file()

    def page(self, url: str) -> str:
        return self.path(url).read_text(encoding="utf-8")


def run_policy(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> Run:
    """``policy ARGS`` (the installed console script) run in ``cwd``."""
    process = subprocess.run(
        [*tool("policy"), *args], cwd=cwd, capture_output=True, text=True, env=clean_env(env), timeout=300
    )
    return Run(process.returncode, process.stdout, process.stderr)


# Read once in a process (the interpreter's streams and locale as it starts, fontconfig's
# configuration when WeasyPrint first lays out a page): a run that sets one is the real executable.
_ONCE_A_PROCESS = ("PYTHON", "LC_", "LANG", "FONTCONFIG_")


def run_policy_here(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> Run:
    """``policy ARGS`` run in ``cwd`` as the console script runs it (:func:`policysite.cli.main`), in
    this process: the environment the executable would get (:func:`clean_env`), its output read
    from streams of its own, an exit with argparse's code.  The same code and the same git
    processes without an interpreter's start-up and imports (about 0.9 s a run; the tests make
    over a hundred).  ``env`` setting what a process reads once runs :func:`run_policy`."""
    if any(name.startswith(_ONCE_A_PROCESS) for name in env or {}):
        return run_policy(args, cwd, env)
    from policysite import cli

    streams = [io.TextIOWrapper(io.BytesIO(), encoding="utf-8", write_through=True) for _ in range(2)]
    saved, here = dict(os.environ), os.getcwd()
    os.environ.clear()
    os.environ.update(clean_env(env))
    try:
        os.chdir(cwd)
        with contextlib.redirect_stdout(streams[0]), contextlib.redirect_stderr(streams[1]):
            try:
                code = cli.main(list(args))
            except SystemExit as exc:  # (the console script would exit with it)
                code = exc.code if isinstance(exc.code, int) else int(exc.code is not None)
    finally:
        os.chdir(here)
        os.environ.clear()
        os.environ.update(saved)
    out, err = (_text(stream) for stream in streams)
    return Run(code, out, err)


def _text(stream: io.TextIOWrapper) -> str:
    """What was written to ``stream``, read as ``subprocess.run(text=True)`` reads a pipe."""
    stream.flush()
    data = stream.buffer.getvalue()  # type: ignore[attr-defined]
    return data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def http_get(url: str) -> tuple[int, str]:
    """``(status, body)`` of a GET on ``url`` (``(0, '')`` when nothing answers)."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, ""
    except OSError:
        return 0, ""


def wait_for(predicate, seconds: float = 90) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.3)
    return False


@dataclass
class Server:
    """A running ``mkdocs serve``: its address and its log so far."""

    url: str
    log: Path

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@contextlib.contextmanager
def static_site(directory: Path):
    """A built site served on 127.0.0.1 at a free port while the block runs; yields its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="static-site", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


class PolicyRepo:
    """A git repository holding a copy of the project's site files."""

    def __init__(self, root: Path):
        self.root = Path(root)

    # -- creating

    @classmethod
    def create(
        cls,
        directory: Path,
        *,
        copy_policies: bool = True,
        init: bool = True,
        commit: str | None = None,
        pdf: bool = False,
        site_url: str = SITE_URL,
    ) -> PolicyRepo:
        """Copy the project's site files into ``directory`` and (``init``) ``git init`` it.

        With ``copy_policies=False`` the ``en/`` and ``zh-TW/`` folders start empty.
        With ``commit`` everything is committed with that message; otherwise
        nothing is: write and :meth:`commit` what the test needs.

        The project's mkdocs.yml makes a PDF of every version (``pdf: true``), a
        few tenths of a second each: test repositories build without them
        (``pdf: false``) unless a test asks for them with ``pdf=True``.

        The project's mkdocs.yml has no ``site_url`` (it names no domain of its own), which a
        strict build refuses: test repositories are published at :data:`SITE_URL` unless a test
        asks for another one (``site_url=""``: none).
        """
        root = Path(directory)
        root.mkdir(parents=True, exist_ok=True)
        for name in SITE_FILES:
            source, target = PROJECT / name, root / name
            if name in ("en", "zh-TW") and not copy_policies:
                target.mkdir(exist_ok=True)
                continue
            if source.is_dir():
                shutil.copytree(
                    source, target, ignore=shutil.ignore_patterns("__pycache__"), dirs_exist_ok=True
                )
            elif source.exists():
                shutil.copy2(source, target)
        # A site's own assets folder (the plugin ships its stylesheets and scripts; this project
        # has none of its own, and git keeps no empty folder): tests put files there.
        (root / "docs" / "assets").mkdir(parents=True, exist_ok=True)
        (root / ".gitignore").write_text(IGNORED)
        repo = cls.init(root) if init else cls(root)
        repo.set_pdf(pdf)
        repo.set_site_url(site_url)
        if init and commit:
            repo.commit(commit, allow_empty=True)
        return repo

    @classmethod
    def init(cls, directory: Path) -> PolicyRepo:
        """A new git repository in ``directory`` (made if missing), with the tests' identity."""
        repo = cls(directory)
        repo.root.mkdir(parents=True, exist_ok=True)
        repo.git("init", "-q", "-b", "main")
        for key, value in IDENTITY.items():
            repo.git("config", key, value)
        repo.git("config", "commit.gpgsign", "false")
        return repo

    @classmethod
    def clone(cls, source: PolicyRepo, directory: Path, *args: str) -> PolicyRepo:
        """``git clone [args] file://source directory`` (e.g. ``--depth 1``)."""
        subprocess.run(
            ["git", "clone", "-q", *args, f"file://{source.root}", str(directory)],
            check=True,
            capture_output=True,
            text=True,
            env=clean_env(),
        )
        repo = cls(directory)
        for key, value in IDENTITY.items():
            repo.git("config", key, value)
        return repo

    # -- git

    def git(
        self, *args: str, env: dict[str, str] | None = None, check: bool = True, date: str | None = None
    ) -> str:
        """Run git in the repository; returns stdout (text). ``date`` (ISO 8601) is the author and
        committer date of what it commits."""
        dated = {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date} if date else {}
        result = subprocess.run(
            ["git", *args],
            cwd=self.root,
            capture_output=True,
            text=True,
            env=clean_env({**(env or {}), **dated}),
            check=False,
        )
        if check and result.returncode != 0:
            raise AssertionError(f"git {' '.join(args)} failed ({result.returncode}):\n{result.stderr}")
        return result.stdout

    def show(self, commit: str, path: str) -> bytes:
        """The bytes of ``git show <commit>:<path>``."""
        return subprocess.run(
            ["git", "show", f"{commit}:{path}"],
            cwd=self.root,
            capture_output=True,
            env=clean_env(),
            check=True,
        ).stdout

    def head(self) -> str:
        return self.git("rev-parse", "HEAD").strip()

    def rev(self, name: str) -> str:
        return self.git("rev-parse", name).strip()

    def commit(
        self,
        message: str,
        date: str | None = None,
        *,
        trailers: dict[str, str] | None = None,
        paths: tuple[str, ...] = (),
        allow_empty: bool = False,
    ) -> str:
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
        self.git(*args, date=date)
        return self.head()

    # -- files

    def file(self, lang: str, policy: str = "privacy") -> Path:
        return self.root / lang / f"{policy}.md"

    path = file

    def read(self, lang: str, policy: str = "privacy") -> str:
        return self.file(lang, policy).read_text(encoding="utf-8")

    def write(self, lang: str, policy: str, text: str | bytes) -> Path:
        """Write ``<lang>/<policy>.md`` (exactly ``text``; a str is written as UTF-8)."""
        path = self.file(lang, policy)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
        return path

    def edit(self, lang: str, old: str, new: str, policy: str = "privacy") -> None:
        """Replace ``old`` (which must occur exactly once) in ``<lang>/<policy>.md``."""
        text = self.read(lang, policy)
        assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {lang}/{policy}.md"
        self.write(lang, policy, text.replace(old, new))

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
        """Replace the ``policies`` plugin's settings in mkdocs.yml.

        ``yaml_text`` is written the way the settings read in a test, ``extra:``, then
        ``policies:`` and its mapping (or a value on the same line, for a test that writes one
        wrong on purpose); that mapping becomes the plugin's (``plugins: - policies: ...``).
        The repository's PDF setting is kept unless ``yaml_text`` sets ``pdf`` itself.
        """
        lines = textwrap.dedent(yaml_text).strip("\n").split("\n")
        assert lines[0].strip() == "extra:" and lines[1].strip().startswith("policies:"), yaml_text
        inline = lines[1].split(":", 1)[1].strip()
        body = [line[4:] if line.startswith("    ") else line.strip() for line in lines[2:]]
        before = self._plugin_block()[1]
        pdf = next((line.split(":", 1)[1].strip() for line in before if line.startswith("pdf:")), None)
        self._write_plugin_block(inline, body)
        if pdf is not None and not any(line.strip().startswith("pdf:") for line in body):
            self.set_pdf(pdf == "true")

    def _plugin_block(self) -> tuple[list[str], list[str], list[str], str]:
        """mkdocs.yml around the ``- policies`` entry: (lines before, its settings' lines (6 spaces
        stripped), lines after, the value on its own line)."""
        lines = (self.root / "mkdocs.yml").read_text(encoding="utf-8").split("\n")
        start = next(i for i, line in enumerate(lines) if re.match(r"  - policies\b", line))
        end = start + 1
        while end < len(lines) and (lines[end].startswith("      ") or not lines[end].strip()):
            end += 1
        while end > start + 1 and not lines[end - 1].strip():
            end -= 1
        inline = lines[start].split(":", 1)[1].strip() if ":" in lines[start] else ""
        return lines[:start], [line[6:] for line in lines[start + 1 : end]], lines[end:], inline

    def _write_plugin_block(self, inline: str, body: list[str]) -> None:
        before, _, after, _ = self._plugin_block()
        entry = "  - policies" + (f": {inline}" if inline else (":" if body else ""))
        block = [entry, *(("      " + line) if line.strip() else line for line in body)]
        (self.root / "mkdocs.yml").write_text("\n".join([*before, *block, *after]), encoding="utf-8")

    def set_site_url(self, url: str) -> None:
        """mkdocs.yml's ``site_url`` (the address the site is published at; "" for none)."""
        config = self.root / "mkdocs.yml"
        text = config.read_text(encoding="utf-8")
        line = f'site_url: "{url}"'
        text, found = re.subn(r"(?m)^site_url:.*$", lambda _: line, text, count=1)
        if not found:
            text = re.sub(r"(?m)^(site_name:.*)$", lambda m: f"{m.group(1)}\n{line}", text, count=1)
        config.write_text(text, encoding="utf-8")

    def set_pdf(self, on: bool) -> None:
        """The plugin's ``pdf`` setting: whether the build makes a PDF of every version."""
        _, body, _, inline = self._plugin_block()
        if inline:
            return  # settings written wrong on purpose: left as they are
        value = "true" if on else "false"
        body = [line for line in body if not line.startswith("pdf:")] + [f"pdf: {value}"]
        self._write_plugin_block("", body)

    # -- running the project's tools

    def policy(self, *args: str, env: dict[str, str] | None = None, executable: bool = False) -> Run:
        """``policy ARGS`` run in the repository: in this process (:func:`run_policy_here`), or the
        installed console script (``executable``) where a test is about the executable itself."""
        return (run_policy if executable else run_policy_here)(list(args), self.root, env)

    def build(
        self,
        strict: bool = True,
        env: dict[str, str] | None = None,
        site: str | Path = "site",
        clean: bool = True,
    ) -> BuildResult:
        """``mkdocs build [--strict]`` in the repository (never raises on failure).

        ``site`` is the site folder, relative to the repository or absolute;
        ``env`` adds to the environment (e.g. ``SOURCE_DATE_EPOCH``).
        """
        target = self.root / site
        if clean and target.exists():
            shutil.rmtree(target)
        command = [*mkdocs_command(), "build", "--site-dir", str(target)] + (["--strict"] if strict else [])
        process = subprocess.run(
            command, cwd=self.root, capture_output=True, text=True, env=clean_env(env), timeout=600
        )
        return BuildResult(process.returncode, process.stdout, process.stderr, target)

    @contextlib.contextmanager
    def built_site(self, epoch: str, strict: bool = True):
        """``mkdocs build`` at ``SOURCE_DATE_EPOCH=epoch`` (it must succeed), then the site served
        on 127.0.0.1 while the block runs; yields its base URL."""
        result = self.build(strict=strict, env={"SOURCE_DATE_EPOCH": epoch})
        assert result.ok, result.output
        with static_site(result.site) as url:
            yield url

    @contextlib.contextmanager
    def serve(self, log: Path, env: dict[str, str] | None = None, wait_for_path: str = "/"):
        """``mkdocs serve`` on a free port while the block runs; yields a :class:`Server`."""
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        with open(log, "w") as handle:
            server = subprocess.Popen(
                [*mkdocs_command(), "serve", "--dev-addr", f"127.0.0.1:{port}"],
                cwd=self.root,
                stdout=handle,
                stderr=subprocess.STDOUT,
                env=clean_env(env),
            )
        try:
            running = Server(url, log)
            assert wait_for(lambda: http_get(url + wait_for_path)[0] == 200), running.output()
            yield running
        finally:
            server.terminate()
            server.wait(timeout=30)


__all__ = [
    "PROJECT",
    "SITE_URL",
    "BuildResult",
    "PolicyRepo",
    "Run",
    "Server",
    "clean_env",
    "http_get",
    "mkdocs_command",
    "policy_text",
    "run_policy",
    "run_policy_here",
    "tool",
    "wait_for",
]
