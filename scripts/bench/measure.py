"""Timing processes, and the build scenarios' figures: full builds, history and peak memory.

Every time is CPU time (user + system of the process and of the children it waited for: git,
worker processes), which a busy machine disturbs far less than wall clock, and wall clock.
"""

from __future__ import annotations

import compileall
import importlib.util
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .common import BIN, ENV, Failed, log
from .repo import make_empty_site, prepare_plain


def timed(cmd: list[str], cwd: Path, stdout=subprocess.DEVNULL) -> tuple[float, int, float]:
    """Wall seconds, max RSS (KiB) and CPU seconds (user + system) of one process
    (and of the children it waited for)."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(cmd, cwd=cwd, env=ENV, stdout=stdout, stderr=err)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            err.seek(0)
            tail = err.read().decode("utf-8", "replace")[-3000:]
            raise Failed(f"{' '.join(cmd)} (in {cwd}) exited {process.returncode}:\n{tail}")
    return wall, usage.ru_maxrss, usage.ru_utime + usage.ru_stime


def project_build(repo: Path, cold: bool = False) -> tuple[float, int, float]:
    """The project's build; ``cold`` also drops its disk cache (parses, redlines, PDFs)."""
    if cold:
        shutil.rmtree(repo / ".cache", ignore_errors=True)
    shutil.rmtree(repo / ".staging", ignore_errors=True)
    shutil.rmtree(repo / "site-project", ignore_errors=True)
    return timed([sys.executable, "-m", "mkdocs", "build", "-q", "-d", "site-project"], repo)


def plain_build(repo: Path) -> tuple[float, int, float]:
    """The plain site (``mkdocs-plain.yml``: same theme and plugins, no ``policies``) of the staged pages."""
    shutil.rmtree(repo / "site-plain", ignore_errors=True)
    return timed(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", "mkdocs-plain.yml", "-d", "site-plain"], repo
    )


class Samples(dict):
    """Figure name -> the values measured, one per run; :meth:`medians` sums them up."""

    def add(self, key: str, value: float) -> None:
        self.setdefault(key, []).append(value)

    def medians(self) -> dict:
        out: dict = {key: statistics.median(values) for key, values in self.items()}
        out["samples"] = dict(self)
        return out


def _builds(repo: Path, samples: Samples, project_first: bool) -> None:
    """A warm project build and a plain build, in the order given (the machine is noisy: alternate)."""
    for variant in ("project", "plain") if project_first else ("plain", "project"):
        wall, rss, cpu = project_build(repo) if variant == "project" else plain_build(repo)
        suffix = "" if variant == "project" else "_plain"
        samples.add("build" + suffix, wall)
        samples.add("build_cpu" + suffix, cpu)
        samples.add("rss" + suffix, rss)


def _history(repo: Path, empty: Path, samples: Samples, times: int = 3) -> None:
    """``policy versions --format json`` minus its start-up (the same command on ``empty``, a site
    without policies: the same imports and configuration), without a cache and with its own, vs
    ``git log -p --first-parent``: the least of ``times`` rounds of the four (sub-second figures: the
    least is the truest; one round after the other, so that a burst of load hits all four).  The
    build's cache is set aside meanwhile."""
    versions = [str(BIN / "policy"), "versions", "--format", "json"]
    commands = {
        "cold": (versions, repo),
        "warm": (versions, repo),
        "startup": (versions, empty),
        "git": (["git", "log", "-p", "--first-parent"], repo),
    }
    least: dict[str, tuple[float, float]] = {}
    kept = repo / ".cache-kept"
    shutil.rmtree(kept, ignore_errors=True)
    shutil.move(repo / ".cache", kept)
    try:
        for _ in range(times):
            for name, (cmd, cwd) in commands.items():
                if name == "cold":
                    shutil.rmtree(repo / ".cache", ignore_errors=True)
                wall, _, cpu = timed(cmd, cwd)
                best = least.get(name, (wall, cpu))
                least[name] = (min(best[0], wall), min(best[1], cpu))
    finally:
        shutil.rmtree(repo / ".cache", ignore_errors=True)
        shutil.move(kept, repo / ".cache")
    startup, startup_cpu = least["startup"]
    samples.add("startup", startup)
    samples.add("history", least["warm"][0] - startup)
    samples.add("history_cpu", least["warm"][1] - startup_cpu)
    samples.add("history_cold_cpu", least["cold"][1] - startup_cpu)
    samples.add("gitlog", least["git"][0])
    samples.add("gitlog_cpu", least["git"][1])


def measure_builds(repo: Path, runs: int, nav: str) -> dict:
    """Cold and warm builds against the plain build, history against ``git log -p``, peak memory."""
    project_build(repo)  # warm-up (file cache, bytecode), and the staging folder the plain site copies
    pages = prepare_plain(repo, nav)
    plain_build(repo)
    empty = repo.parent / f"{repo.name}-empty"
    shutil.rmtree(empty, ignore_errors=True)
    make_empty_site(empty)
    samples = Samples()
    for run in range(runs):
        _builds(repo, samples, project_first=run % 2 == 0)
        cold, cold_rss, cold_cpu = project_build(repo, cold=True)
        samples.add("build_cold", cold)
        samples.add("build_cold_cpu", cold_cpu)
        samples.add("rss_cold", cold_rss)
        _history(repo, empty, samples)
        last = {key: values[-1] for key, values in samples.items()}
        log(
            f"  run {run + 1}/{runs}: build cpu cold {cold_cpu:.2f}s, warm {last['build_cpu']:.2f}s vs plain "
            f"{last['build_cpu_plain']:.2f}s (wall {cold:.1f}, {last['build']:.1f} vs "
            f"{last['build_plain']:.1f}); "
            f"history cpu cold {last['history_cold_cpu']:.2f}s, warm {last['history_cpu']:.2f}s vs git "
            f"{last['gitlog_cpu']:.2f}s; rss cold {cold_rss / 1024:.0f}, warm {last['rss'] / 1024:.0f} vs "
            f"{last['rss_plain'] / 1024:.0f} MiB"
        )
    medians = samples.medians()
    medians["pages"] = pages
    return medians


def compile_measured_package() -> None:
    """Bytecode for the measured ``policysite`` (where the builds will import it from), so
    neither build compiles Python source: the plain build's packages came compiled."""
    spec = importlib.util.find_spec("policysite")
    if spec is None or not spec.submodule_search_locations:
        log("  note: policysite is not importable here; the builds will fail")
        return
    for folder in spec.submodule_search_locations:
        compileall.compile_dir(folder, quiet=1)


def machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().split("\n"):
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    git = subprocess.run(["git", "--version"], capture_output=True, text=True).stdout.strip()
    load = "load average {:.1f} {:.1f} {:.1f}".format(*os.getloadavg())
    return (
        f"{os.cpu_count()} CPUs (nproc {len(os.sched_getaffinity(0))}), {model}; "
        f"Python {platform.python_version()} ({platform.system()} {platform.release()}); {git}; {load}"
    )
