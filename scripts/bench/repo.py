"""The synthetic repositories (made with one ``git fast-import`` stream) and the plain site's copy.

A repository holds this project's ``mkdocs.yml`` (``pdf: false``) and ``docs/``; P policies
with V dated versions each, in ``en/`` and ``zh-TW/`` (one commit per policy and version,
20 days apart, the last one on 1 June 2025); and K unrelated commits (``notes/*.txt``)
interleaved between the versions.  The same seed gives the same commits, on any day.
"""

from __future__ import annotations

import datetime as dt
import random
import re
import shutil
import subprocess
import zlib
from dataclasses import dataclass
from pathlib import Path

from .common import ENV, ROOT, Failed
from .text import STYLES, Policy, plain_en

# Fixed dates, so that the same seed gives the same repository on any day: the last version on
# LAST_DAY (in the past: in force), the others STEP_DAYS apart before it (closer when there are
# so many versions that the first would come before 1975: git's dates start in 1970).
LAST_DAY = dt.date(2025, 6, 1)
STEP_DAYS = 20


def _step(versions: int) -> int:
    return max(1, min(STEP_DAYS, (LAST_DAY - dt.date(1975, 1, 1)).days // max(versions, 1)))


@dataclass(frozen=True)
class History:
    """What a repository holds: ``policies`` x ``versions``, each version made by ``change``."""

    versions: int
    policies: int = 1
    style: str = "plain"  # bench.text.STYLES
    change: str = "replace"  # replace (2-4 sentences), amend (words, sentences, insertions), rewrite
    unrelated: int = 900


class Stream:
    """A ``git fast-import`` stream of commits on ``main``, one after the other."""

    def __init__(self) -> None:
        self.data = bytearray()
        self.marks = 0

    def _blob(self, blob: bytes) -> None:
        self.data += b"data %d\n" % len(blob) + blob + b"\n"

    def commit(self, timestamp: int, message: str, files: dict[str, bytes]) -> None:
        self.marks += 1
        self.data += b"commit refs/heads/main\nmark :%d\n" % self.marks
        self.data += b"committer Bench <bench@example.com> %d +0000\n" % timestamp
        self._blob(message.encode())
        if self.marks > 1:
            self.data += b"from :%d\n" % (self.marks - 1)
        for name, blob in files.items():
            self.data += f"M 100644 inline {name}\n".encode()
            self._blob(blob)


def scaffold() -> dict[str, bytes]:
    """The project's mkdocs.yml (``pdf: false``: the PDF scenario turns them on) and docs/."""
    config, count = re.subn(
        rb"(?m)^(\s+pdf:)\s*\w+", rb"\1 false", (ROOT / "mkdocs.yml").read_bytes(), count=1
    )
    if not count:
        raise Failed("the project's mkdocs.yml has no 'pdf:' setting under the policies plugin")
    files = {
        "mkdocs.yml": config,
        ".gitignore": b".staging/\n.cache/\n.cache-kept/\nsite/\nsite-*/\nplain-docs/\nmkdocs-plain.yml\n"
        b"__pycache__/\n",
        "notes/README.txt": b"Unrelated notes: the benchmark's non-policy commits touch these.\n",
    }
    for path in sorted((ROOT / "docs").rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            files[path.relative_to(ROOT).as_posix()] = path.read_bytes()
    return files


def policy_names(count: int) -> list[str]:
    return ["privacy"] + [f"policy-{number:02d}" for number in range(2, count + 1)]


def _epoch(day: dt.date, seconds: int = 0) -> int:
    return int(dt.datetime.combine(day, dt.time(9), dt.UTC).timestamp()) + seconds


def _change(policy: Policy, change: str, rng: random.Random) -> None:
    if change == "rewrite":
        policy.rewrite()
    elif change == "amend":
        policy.amend(rng.randint(2, 4))
    else:
        policy.replace(rng.randint(2, 4))


def _history_stream(history: History, rng: random.Random) -> tuple[Stream, list[dt.date], int]:
    """The commits: the scaffold, then each day's versions (one commit per policy) and notes."""
    stream = Stream()
    step = _step(history.versions)
    first = LAST_DAY - dt.timedelta(days=step * (history.versions - 1))
    dates = [first + dt.timedelta(days=step * i) for i in range(history.versions)]
    stream.commit(_epoch(first - dt.timedelta(days=10)), "Site scaffold", scaffold())
    names = policy_names(history.policies)
    titles = [("Privacy Policy", "隱私權政策")] + [
        (f"Policy {n}", f"政策 {n}") for n in range(2, len(names) + 1)
    ]
    texts = [Policy(rng, STYLES[history.style], title) for title in titles]
    notes: dict[str, list[str]] = {}
    done = 0
    for index, day in enumerate(dates):
        version = day.strftime("%Y.%m.%d")
        for number, (name, policy) in enumerate(zip(names, texts)):
            if index:
                _change(policy, history.change, rng)
            files = {f"{lang}/{name}.md": policy.render(lang, version) for lang in ("en", "zh-TW")}
            stream.commit(_epoch(day, number), f"{name} {version}", files)
        count = (index + 1) * history.unrelated // history.versions - done
        for j in range(count):
            note = f"notes/note-{(done + j) % 40:02d}.txt"
            notes.setdefault(note, []).append(f"note {done + j}: {plain_en(rng)}")
            seconds = 3600 + (j + 1) * (step * 86400 - 7200) // (count + 1)
            stream.commit(
                _epoch(day, seconds), f"Notes {done + j}", {note: ("\n".join(notes[note]) + "\n").encode()}
            )
        done += count
    return stream, dates, texts[0].words()


def _import(path: Path, stream: Stream) -> None:
    """A new repository at ``path`` holding ``stream``'s commits, ``main`` checked out."""
    path.mkdir(parents=True)
    subprocess.run(["git", "init", "-q", "-b", "main", str(path)], check=True, env=ENV)
    for key, value in (("user.name", "Bench"), ("user.email", "bench@example.com"), ("gc.auto", "0")):
        subprocess.run(["git", "config", key, value], cwd=path, check=True, env=ENV)
    subprocess.run(["git", "fast-import", "--quiet"], cwd=path, input=bytes(stream.data), check=True, env=ENV)
    subprocess.run(["git", "checkout", "-q", "-f", "main"], cwd=path, check=True, env=ENV)
    subprocess.run(["git", "reset", "-q", "--hard", "main"], cwd=path, check=True, env=ENV)
    for sub in (ROOT / "docs").rglob("*"):  # empty folders (e.g. a theme custom_dir) are not in git
        if sub.is_dir() and "__pycache__" not in sub.parts:
            (path / sub.relative_to(ROOT)).mkdir(parents=True, exist_ok=True)


def make_repository(path: Path, history: History, seed: str) -> dict:
    """A git repository at ``path`` holding ``history``; the same ``seed`` gives the same bytes."""
    rng = random.Random(zlib.crc32(f"{seed}/{history}".encode()))
    stream, dates, words = _history_stream(history, rng)
    _import(path, stream)
    return {
        "commits": stream.marks,
        "first": dates[0].isoformat(),
        "last": dates[-1].isoformat(),
        "words_per_section": words,
    }


def make_empty_site(path: Path) -> None:
    """A site without policies (its scaffold alone): what ``policy versions`` costs before any history."""
    stream = Stream()
    stream.commit(_epoch(LAST_DAY), "Site scaffold", scaffold())
    _import(path, stream)
    for lang in ("en", "zh-TW"):
        (path / lang).mkdir(exist_ok=True)


def write_plain_config(repo: Path, nav: str = "flat") -> Path:
    """mkdocs.yml minus the ``policies`` plugin, building the copied staging folder (``plain-docs``).

    ``nav="flat"`` gives the plain site the navigation the project's ``on_nav`` makes
    (home, each policy, changelog), so both sites render the same HTML; with
    ``"auto"`` MkDocs lists every page in every page's navigation (every archive and
    changes page: the pages grow with N, the build quadratically)."""
    out, skipping = [], False
    for line in (repo / "mkdocs.yml").read_text(encoding="utf-8").split("\n"):
        if re.match(r"  - policies\b", line):
            skipping = True
            continue
        if skipping and (not line.strip() or line.startswith("    ")):
            continue
        skipping = False
        out.append(line)
    text = "\n".join(out)
    if re.search(r"^docs_dir\s*:", text, re.MULTILINE):
        text = re.sub(r"^docs_dir\s*:.*$", "docs_dir: plain-docs", text, flags=re.MULTILINE)
    else:
        text += "\ndocs_dir: plain-docs\n"
    if nav == "flat":
        staged = sorted(p.name for p in (repo / "plain-docs" / "en").glob("*.md"))
        order = ["index.md"] + [n for n in staged if n not in ("index.md", "changelog.md")] + ["changelog.md"]
        text = re.sub(r"^nav\s*:.*?(?=^\S|\Z)", "", text, flags=re.MULTILINE | re.DOTALL)
        text = text.rstrip("\n") + "\n\nnav:\n" + "".join(f"  - {n}\n" for n in order if n in staged)
    config = repo / "mkdocs-plain.yml"
    config.write_text(text, encoding="utf-8")
    return config


def prepare_plain(repo: Path, nav: str) -> int:
    """The plain site's sources: a copy of the ``.staging`` folder the project's last build made (the
    same pages as static Markdown) and its ``mkdocs-plain.yml``; returns the number of pages."""
    shutil.rmtree(repo / "plain-docs", ignore_errors=True)
    shutil.copytree(repo / ".staging", repo / "plain-docs")
    write_plain_config(repo, nav)
    return sum(1 for _ in (repo / "plain-docs").rglob("*.md"))


def first_paragraph(path: Path) -> str:
    """The first paragraph line under the first '## ' heading."""
    lines = path.read_text(encoding="utf-8").split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith("## "))
    for line in lines[start + 1 :]:
        if line.strip() and not re.match(r"\s*(#|<|\d+\.|[-*+] )", line):
            return line
    raise Failed(f"no paragraph found in {path}")


def set_pdf(repo: Path, on: bool) -> None:
    """``pdf:`` of the policies plugin in the working tree's mkdocs.yml (what the build reads)."""
    path = repo / "mkdocs.yml"
    text, count = re.subn(
        r"(?m)^(\s+pdf:)\s*\w+", rf"\1 {'true' if on else 'false'}", path.read_text(encoding="utf-8"), count=1
    )
    if not count:
        raise Failed(f"{path} has no 'pdf:' setting under the policies plugin")
    path.write_text(text, encoding="utf-8")
