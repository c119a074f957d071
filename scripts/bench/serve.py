"""The serve scenario: a real ``mkdocs serve``, one policy file saved, the edit polled for over HTTP.

For each variant (the project's site; the plain site of the same staged pages, editing the
staged copy of the same policy) a server is started on a free port; then, ``saves`` times,
a new sentence with a word of its own is appended to the policy's first paragraph, and the
policy's page is fetched every 50 ms until it holds that word.  The time from the save to
that answer (wall clock: what an editor waits) and the server's CPU time meanwhile are
recorded.  Before each save the server is idle (every rebuild it started has finished).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from .common import ENV, Failed, log
from .measure import Samples, project_build
from .repo import first_paragraph, policy_names, prepare_plain

POLL_SECONDS = 0.05
START_TIMEOUT = 1800.0  # the first build of a large site
SAVE_TIMEOUT = 600.0
_TICK = os.sysconf("SC_CLK_TCK")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _cpu(pid: int) -> float:
    """User + system seconds of a live process and of the children it has waited for."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    fields = stat[stat.rindex(")") + 2 :].split()
    return sum(int(value) for value in fields[11:15]) / _TICK


def _fetch(url: str) -> str | None:
    """The page's text, or None (not served yet)."""
    try:
        with urllib.request.urlopen(url, timeout=SAVE_TIMEOUT) as response:
            return response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


class Server:
    """``mkdocs serve`` in its own process group, its log in a file."""

    def __init__(self, repo: Path, config: str, log_path: Path):
        self.log_path = log_path
        self.port = _free_port()
        with log_path.open("wb") as out:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "mkdocs",
                    "serve",
                    "-f",
                    config,
                    "--dev-addr",
                    f"127.0.0.1:{self.port}",
                ],
                cwd=repo,
                env=ENV,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def text(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def check(self) -> str:
        text = self.text()
        if self.process.poll() is not None or "An error happened during the rebuild" in text:
            raise Failed(f"mkdocs serve failed (log {self.log_path}):\n{text[-3000:]}")
        return text

    def url(self) -> str:
        """The address it serves at, once its first build is done."""
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            for line in self.check().split("\n"):
                if "Serving on " in line:
                    return line.split("Serving on ", 1)[1].split()[0]
            time.sleep(0.2)
        raise Failed(f"mkdocs serve did not start in {START_TIMEOUT:.0f} s (log {self.log_path})")

    def settle(self, quiet: float = 1.0) -> None:
        """Wait until every rebuild it started has finished and nothing happened for ``quiet`` s."""
        deadline = time.monotonic() + SAVE_TIMEOUT
        seen, since = "", time.monotonic()
        while time.monotonic() < deadline:
            text = self.check()
            busy = text.count("Detected file changes") > text.count("Reloading browsers")
            if text != seen or busy:
                seen, since = text, time.monotonic()
            elif time.monotonic() - since >= quiet:
                return
            time.sleep(0.1)
        raise Failed(f"mkdocs serve kept rebuilding for {SAVE_TIMEOUT:.0f} s (log {self.log_path})")

    def stop(self) -> None:
        """Ctrl-C (its own shutdown), then SIGKILL if it is still there after 20 s."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGINT)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


def _save_and_wait(server: Server, page: str, edit: Path, line: str, word: str) -> tuple[float, float]:
    """Save ``edit`` with a sentence holding ``word`` after ``line``; (wall s, server cpu s) to the page."""
    text = edit.read_text(encoding="utf-8")
    if line not in text:
        raise Failed(f"the paragraph to edit is not in {edit}")
    server.settle()
    cpu, start = _cpu(server.process.pid), time.perf_counter()
    edit.write_text(text.replace(line, f"{line} This sentence was saved as {word}.", 1), encoding="utf-8")
    deadline = start + SAVE_TIMEOUT
    while time.perf_counter() < deadline:
        body = _fetch(page)
        if body is not None and word in body:
            return time.perf_counter() - start, _cpu(server.process.pid) - cpu
        server.check()
        time.sleep(POLL_SECONDS)
    raise Failed(f"the edit of {edit} did not reach {page} in {SAVE_TIMEOUT:.0f} s")


def _letters(number: int) -> str:
    """``number`` in letters (0 -> "a", 27 -> "ch")."""
    return "".join("abcdefghij"[int(digit)] for digit in str(number))


def serve_loop(
    repo: Path, config: str, edit: Path, page: str, saves: int, tag: str
) -> list[tuple[float, float]]:
    """One server: ``saves`` saves of ``edit``, each timed until ``page`` shows it; the file is restored."""
    original = edit.read_bytes()
    line = first_paragraph(edit)
    server = Server(repo, config, repo.parent / f"{repo.name}-serve-{tag}.log")
    try:
        url = server.url().rstrip("/") + "/" + page
        if _fetch(url) is None:
            raise Failed(f"mkdocs serve does not serve {url} (log {server.log_path})")
        words = [f"Benchsaved{tag}{_letters(n)}" for n in range(saves)]  # no digit: it would be a number
        return [_save_and_wait(server, url, edit, line, word) for word in words]
    finally:
        server.stop()
        edit.write_bytes(original)


def measure_serve(repo: Path, runs: int, nav: str, saves: int, policies: int) -> dict:
    """Save-to-page latency of the project's ``mkdocs serve`` against the plain site's, ``runs`` times."""
    project_build(repo)
    pages = prepare_plain(repo, nav)
    name = policy_names(policies)[policies // 2]
    variants = {
        "project": ("mkdocs.yml", repo / "en" / f"{name}.md"),
        "plain": ("mkdocs-plain.yml", repo / "plain-docs" / "en" / f"{name}.md"),
    }
    if first_paragraph(variants["project"][1]) != first_paragraph(variants["plain"][1]):
        raise Failed(f"the staged en/{name}.md does not start as its source: the two sites would differ")
    samples = Samples()
    for run in range(runs):
        order = ("project", "plain") if run % 2 == 0 else ("plain", "project")
        for variant in order:
            config, edit = variants[variant]
            timings = serve_loop(repo, config, edit, f"{name}/", saves, variant.title() + _letters(run))
            suffix = "" if variant == "project" else "_plain"
            for wall, cpu in timings:
                samples.add("latency" + suffix, wall)
                samples.add("latency_cpu" + suffix, cpu)
            log(
                f"  run {run + 1}/{runs} {variant}: save -> page "
                + ", ".join(f"{wall:.2f}s (cpu {cpu:.2f})" for wall, cpu in timings)
            )
    medians = samples.medians()
    medians["pages"] = pages
    medians["range"] = [min(samples["latency"]), max(samples["latency"])]
    medians["saves"] = len(samples["latency"])
    medians["edited"] = f"en/{name}.md"
    return medians
