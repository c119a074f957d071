#!/usr/bin/env python3
"""Benchmark the policy site against side-by-side baselines measured in the same run.

For each scenario and size it makes a synthetic repository (with ``git
fast-import``): this project's ``mkdocs.yml`` and ``docs/``; dated
versions of a policy ``privacy`` (10 sections, each a paragraph and a 3-item
list, in en and zh-TW); and K unrelated commits (``notes/*.txt``) interleaved.

- scenario ``amend``: each version rewrites 2-4 sentences (typical amendments);
- scenario ``rewrite``: each version rewrites every sentence of every section
  (restructured policies, re-translations: the redline's worst case);
- scale ``P x V``: P policies with V versions each (amendments), to show that
  the cost grows linearly with the number of dated versions.

It then measures, as the median of ``--runs`` runs:

1. full build: ``mkdocs build`` of the project vs a plain MkDocs build with the
   same theme and plugins (``mkdocs.yml`` minus the ``policies`` plugin) of a copy of the
   ``.staging/`` folder the project build produced (the same pages as static
   Markdown: every version as an archive page and a changes page, both
   languages, and the compare data).  **Cold** (the headline: no
   ``.cache/policysite``, as on a fresh clone and in CI) and warm (the cache of
   an earlier build);
2. history: ``policy versions --format json`` minus ``policy --help`` (start-up)
   vs ``git log -p --first-parent`` on the same repository, cold and warm;
3. serve rebuild: in one Python process per variant, what ``mkdocs serve`` does
   (load the config, build once, edit one source file, load a fresh config, build
   again); the second build is timed.  Project: ``en/privacy.md`` gets a sentence
   appended to a paragraph; plain: the same edit in its ``en/privacy.md``;
4. peak memory: max RSS of the build process (``os.wait4``), cold and warm, vs
   the plain build;
5. PDFs (at the sizes of ``--pdf-sizes``, the smallest amendment size by default):
   figures 1-4 are measured with ``pdf: false`` (the site's own goals hold without
   PDFs); then the same build with ``pdf: true``, without the PDF cache (cold: every
   PDF rendered) and with it (warm), each minus the build without PDFs, divided by
   the number of PDFs: the cost per PDF.

Every time is reported as CPU time (user + system, including the git processes
waited for), which a busy machine disturbs far less, and wall clock.  The plain
site gets the project's flat navigation (``--plain-nav auto`` keeps MkDocs' own).

Usage (inside the project's virtualenv, from the repository root)::

    .venv/bin/python scripts/benchmark.py            # amend + rewrite at N = 100, 300; scale 5x50, 20x50
    .venv/bin/python scripts/benchmark.py --quick    # N = 10, 50; scale 2x10, 4x10; 1 run
    .venv/bin/python scripts/benchmark.py --scenarios rewrite --sizes 100 --scale "" --runs 1

It measures the ``policysite`` this Python imports (the editable install, or a
snapshot put first with ``PYTHONPATH``), its bytecode compiled first as the plain
build's packages have theirs (an editable install writes it on first import, but not
under ``PYTHONDONTWRITEBYTECODE``).  Exits 0 once the figures are printed (targets
are reported, not enforced); 2 if a build fails.
"""

from __future__ import annotations

import argparse
import compileall
import datetime as dt
import importlib.util
import json
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "GIT_PAGER": "cat", "PAGER": "cat", "NO_COLOR": "1"}
ENV.pop("SOURCE_DATE_EPOCH", None)

EDIT_SENTENCE = " This sentence was added while the site was being served."

# ---------------------------------------------------------------- synthetic text

_EN_WORDS = [
    "personal",
    "data",
    "user",
    "platform",
    "service",
    "company",
    "policy",
    "information",
    "account",
    "law",
    "consent",
    "purpose",
    "processing",
    "collection",
    "retention",
    "security",
    "access",
    "request",
    "record",
    "period",
    "third",
    "party",
    "provider",
    "contract",
    "disclosure",
    "transfer",
    "storage",
    "device",
    "cookie",
    "analysis",
    "report",
    "message",
    "customer",
    "interaction",
    "protection",
    "right",
    "obligation",
    "notice",
    "update",
    "request",
    "deletion",
    "correction",
    "objection",
    "restriction",
    "portability",
    "legitimate",
    "interest",
    "regulation",
    "authority",
    "complaint",
    "breach",
    "encryption",
    "backup",
    "server",
    "region",
    "country",
    "safeguard",
    "agreement",
    "subprocessor",
    "audit",
    "review",
    "officer",
    "contact",
    "address",
    "email",
    "telephone",
    "website",
    "application",
    "feature",
    "setting",
    "preference",
    "marketing",
    "communication",
    "newsletter",
    "statistics",
    "performance",
    "improvement",
    "development",
    "support",
    "maintenance",
    "operation",
    "necessary",
    "reasonable",
    "appropriate",
    "applicable",
    "relevant",
    "lawful",
    "fair",
    "transparent",
    "limited",
    "accurate",
    "secure",
    "confidential",
    "available",
    "specific",
    "explicit",
    "informed",
    "freely",
    "given",
    "withdraw",
    "provide",
    "use",
    "keep",
    "share",
    "protect",
    "inform",
    "notify",
    "collect",
    "process",
    "store",
    "delete",
    "correct",
    "restrict",
    "object",
    "transfer",
    "disclose",
    "review",
    "update",
    "ensure",
    "maintain",
    "require",
    "allow",
    "permit",
    "prevent",
    "detect",
    "investigate",
    "comply",
    "respond",
]

# Common Traditional Chinese characters (real CJK, synthetic sentences).
_ZH_CHARS = (
    "的一是在不了有和人這中大為上個國我以要他時來用們生到作地於出就分對成會可主發年動同工也能下過子說產種面而方後"
    "多定行學法所民得經十三之進著等部度家電力裏如水化高自二理起小物現實加量都兩體制機當使點從業本去把性好應開它合還"
    "因由其些然前外天政四日那社義事平形相全表間樣與關各重新線內數正心反你明看原又麼利比或但質氣第向道命此變條只沒結"
    "解問意建月公無系軍很情者最立代想已通並提直題黨程展五果料象員革位入常文總次品式活設及管特件長求老頭基資邊流路級"
    "少圖山統接知較將組見計別她手角期根論運農指幾九區強放決西被幹做必戰先回則任取據處理府研質質保護隱私權蒐集個人"
    "資訊服務平台使用者帳號網站公告修正契約規範依照同意利用處理目的範圍期間地區對象方式安全措施"
)


def _en_sentence(rng: random.Random) -> str:
    words = [rng.choice(_EN_WORDS) for _ in range(rng.randint(10, 18))]
    if rng.random() < 0.4:
        words.insert(rng.randint(3, len(words) - 2), "and")
    text = " ".join(words)
    return text[0].upper() + text[1:] + "."


def _zh_sentence(rng: random.Random) -> str:
    parts = [
        "".join(rng.choice(_ZH_CHARS) for _ in range(rng.randint(6, 12))) for _ in range(rng.randint(2, 3))
    ]
    return "，".join(parts) + "。"


SECTIONS = [
    ("general", "General", "總則"),
    ("data-categories", "Categories of Personal Data", "個人資料類別"),
    ("purpose", "Purpose of Use", "利用目的"),
    ("period", "Retention Period", "保存期間"),
    ("region", "Region of Use", "利用地區"),
    ("recipients", "Recipients", "利用對象"),
    ("rights", "Your Rights", "當事人權利"),
    ("security", "Security Measures", "安全措施"),
    ("cookies", "Cookies", "Cookie 之使用"),
    ("contact", "Contact", "聯絡方式"),
]
SENTENCES_PER_PARAGRAPH = 4
LIST_ITEMS = 3


class Policy:
    """The policy's text as parallel sentence slots in both languages."""

    def __init__(self, rng: random.Random, titles: tuple[str, str] = ("Privacy Policy", "隱私權政策")):
        self.rng = rng
        self.titles = {"en": titles[0], "zh-TW": titles[1]}
        self.intro = {
            "en": [_en_sentence(rng) for _ in range(2)],
            "zh-TW": [_zh_sentence(rng) for _ in range(2)],
        }
        # slots[section] = paragraph sentences + list items; same slot count per language
        self.slots = []
        for _ in SECTIONS:
            count = SENTENCES_PER_PARAGRAPH + LIST_ITEMS
            self.slots.append(
                {
                    "en": [_en_sentence(rng) for _ in range(count)],
                    "zh-TW": [_zh_sentence(rng) for _ in range(count)],
                }
            )

    def change(self, sentences: int = 3) -> None:
        """A new version: a few sentences rewritten, in both languages."""
        for _ in range(sentences):
            section = self.rng.randrange(len(SECTIONS))
            slot = self.rng.randrange(SENTENCES_PER_PARAGRAPH + LIST_ITEMS)
            self.slots[section]["en"][slot] = _en_sentence(self.rng)
            self.slots[section]["zh-TW"][slot] = _zh_sentence(self.rng)

    def rewrite(self) -> None:
        """A new version that rewrites every section (and the intro): every sentence is new."""
        for slots in [self.intro, *self.slots]:
            slots["en"] = [_en_sentence(self.rng) for _ in slots["en"]]
            slots["zh-TW"] = [_zh_sentence(self.rng) for _ in slots["zh-TW"]]

    def render(self, lang: str, version: str) -> bytes:
        title = self.titles[lang]
        join = " " if lang == "en" else ""
        out = [
            "---",
            f"title: {title}",
            f"version: {version}",
            "---",
            "",
            f"# {title}",
            "",
            join.join(self.intro[lang]),
            "",
        ]
        for number, ((sid, en_title, zh_title), slots) in enumerate(zip(SECTIONS, self.slots), 1):
            out += [f"## {number}. {en_title if lang == 'en' else zh_title} {{#{sid}}}", ""]
            sentences = slots[lang]
            out += [join.join(sentences[:SENTENCES_PER_PARAGRAPH]), ""]
            out += [f"{i}. {item}" for i, item in enumerate(sentences[SENTENCES_PER_PARAGRAPH:], 1)]
            out.append("")
        return "\n".join(out).encode("utf-8")


# ---------------------------------------------------------------- synthetic repository


def _scaffold() -> dict[str, bytes]:
    """The project's mkdocs.yml and docs/ (what a site repository holds besides policies)."""
    config, count = re.subn(
        rb"(?m)^(\s+pdf:)\s*\w+", rb"\1 false", (ROOT / "mkdocs.yml").read_bytes(), count=1
    )
    if not count:
        raise Failed("the project's mkdocs.yml has no 'pdf:' setting under extra.policies")
    files = {
        "mkdocs.yml": config,  # without PDFs: measure_pdfs turns them on
        ".gitignore": b".staging/\n.cache/\n.cache-kept/\nsite/\nsite-*/\nplain-docs/\nmkdocs-plain.yml\n"
        b"__pycache__/\n",
        "notes/README.txt": b"Unrelated notes: the benchmark's non-policy commits touch these.\n",
    }
    for folder in ("docs",):
        for path in sorted((ROOT / folder).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                files[path.relative_to(ROOT).as_posix()] = path.read_bytes()
    return files


SCENARIOS = {
    "amend": "typical amendments: 2-4 sentences rewritten per version",
    "rewrite": "rewrites: every sentence of every section rewritten in every version",
}


def policy_names(count: int) -> list[str]:
    return ["privacy"] + [f"policy-{number:02d}" for number in range(2, count + 1)]


def make_repository(
    path: Path, versions: int, unrelated: int, seed: int = 1, scenario: str = "amend", policies: int = 1
) -> dict:
    """A git repository at ``path``: ``policies`` policies with ``versions`` dated versions each and
    ``unrelated`` other commits; each version amends a few sentences or rewrites everything (``scenario``)."""
    rng = random.Random(seed * 1000 + versions + 7919 * policies + (0 if scenario == "amend" else 104729))
    path.mkdir(parents=True)
    subprocess.run(["git", "init", "-q", "-b", "main", str(path)], check=True, env=ENV)
    for key, value in (("user.name", "Bench"), ("user.email", "bench@example.com"), ("gc.auto", "0")):
        subprocess.run(["git", "config", key, value], cwd=path, check=True, env=ENV)

    today = dt.date.today()
    step = 20  # days between versions
    first = today - dt.timedelta(days=step * versions + 30)
    dates = [first + dt.timedelta(days=step * i) for i in range(versions)]
    stream = bytearray()
    mark = 0

    def data(blob: bytes) -> None:
        stream.extend(b"data %d\n" % len(blob))
        stream.extend(blob)
        stream.extend(b"\n")

    def commit(timestamp: int, message: str, files: dict[str, bytes]) -> None:
        nonlocal mark
        mark += 1
        stream.extend(b"commit refs/heads/main\nmark :%d\n" % mark)
        stream.extend(b"committer Bench <bench@example.com> %d +0000\n" % timestamp)
        data(message.encode())
        if mark > 1:
            stream.extend(b"from :%d\n" % (mark - 1))
        for name, blob in files.items():
            stream.extend(f"M 100644 inline {name}\n".encode())
            data(blob)

    def epoch(day: dt.date, seconds: int = 0) -> int:
        return int(dt.datetime.combine(day, dt.time(9), dt.UTC).timestamp()) + seconds

    commit(epoch(first - dt.timedelta(days=10)), "Site scaffold", _scaffold())
    names = policy_names(policies)
    titles = [("Privacy Policy", "隱私權政策")]
    titles += [(f"Policy {n}", f"政策 {n}") for n in range(2, policies + 1)]
    texts = {name: Policy(rng, title) for name, title in zip(names, titles)}
    notes: dict[str, list[str]] = {}
    done = 0
    for index, day in enumerate(dates):
        version = day.strftime("%Y.%m.%d")
        for number, name in enumerate(names):
            policy = texts[name]
            if index:
                if scenario == "rewrite":
                    policy.rewrite()
                else:
                    policy.change(rng.randint(2, 4))
            commit(
                epoch(day, number),
                f"{name} {version}",
                {
                    f"en/{name}.md": policy.render("en", version),
                    f"zh-TW/{name}.md": policy.render("zh-TW", version),
                },
            )
        count = (index + 1) * unrelated // versions - done
        for j in range(count):
            note = f"notes/note-{(done + j) % 40:02d}.txt"
            notes.setdefault(note, []).append(f"note {done + j}: {_en_sentence(rng)}")
            seconds = 3600 + (j + 1) * (step * 86400 - 7200) // (count + 1)
            commit(epoch(day, seconds), f"Notes {done + j}", {note: ("\n".join(notes[note]) + "\n").encode()})
        done += count
    subprocess.run(["git", "fast-import", "--quiet"], cwd=path, input=bytes(stream), check=True, env=ENV)
    subprocess.run(["git", "checkout", "-q", "-f", "main"], cwd=path, check=True, env=ENV)
    subprocess.run(["git", "reset", "-q", "--hard", "main"], cwd=path, check=True, env=ENV)
    for folder in ("docs",):  # empty folders (e.g. a theme custom_dir) are not in git
        for sub in (ROOT / folder).rglob("*"):
            if sub.is_dir() and "__pycache__" not in sub.parts:
                (path / sub.relative_to(ROOT)).mkdir(parents=True, exist_ok=True)
    return {
        "commits": mark,
        "versions": versions,
        "policies": policies,
        "first": dates[0].isoformat(),
        "last": dates[-1].isoformat(),
    }


def write_plain_config(repo: Path, nav: str = "flat") -> Path:
    """mkdocs.yml minus the ``policies`` plugin, building the copied staging folder.

    ``nav="flat"`` gives the plain site the navigation the project's ``on_nav`` makes
    (home, each policy, changelog), so both sites render the same HTML; with
    ``"auto"`` MkDocs lists every page in every page's navigation (every archive and
    changes page: the pages grow with N, the build quadratically)."""
    lines = (repo / "mkdocs.yml").read_text(encoding="utf-8").split("\n")
    out, skipping = [], False
    for line in lines:
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


# ---------------------------------------------------------------- measuring


class Failed(Exception):
    pass


def timed(cmd: list[str], cwd: Path, stdout=subprocess.DEVNULL) -> tuple[float, int, float]:
    """Wall seconds, max RSS (KiB) and CPU seconds (user + system) of one process
    (and of the children it waited for: git)."""
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


_REBUILD = r"""
import json, resource, sys, time
from pathlib import Path
def cpu():
    return sum(resource.getrusage(who).ru_utime + resource.getrusage(who).ru_stime
               for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
config_file, site_dir, edit_path, old_line, sentence = sys.argv[1:6]
from mkdocs.config import load_config
from mkdocs.commands.build import build
serve_url = "http://127.0.0.1:8000/"
def get_config():
    config = load_config(config_file=config_file, site_dir=site_dir)
    config.site_url = serve_url
    return config
t0 = time.perf_counter()
config = get_config()
config.plugins.on_startup(command="serve", dirty=False)
build(config, serve_url=serve_url)
t1 = time.perf_counter()
path = Path(edit_path)
text = path.read_text(encoding="utf-8")
lines = text.split("\n")
index = lines.index(old_line)
lines[index] = old_line + sentence
path.write_text("\n".join(lines), encoding="utf-8")
t2 = time.perf_counter()
config = get_config()
t3 = time.perf_counter()
c3 = cpu()
build(config, serve_url=serve_url)
t4 = time.perf_counter()
print(json.dumps({"first": t1 - t0, "config": t3 - t2, "rebuild": t4 - t3, "rebuild_cpu": cpu() - c3}))
"""


def rebuild(repo: Path, config: str, site_dir: str, edit: Path, line: str) -> dict:
    """One simulated ``mkdocs serve`` session; the edited file is restored afterwards."""
    original = edit.read_bytes()
    try:
        with tempfile.TemporaryFile() as out:
            timed(
                [
                    sys.executable,
                    "-c",
                    _REBUILD,
                    str(repo / config),
                    str(repo / site_dir),
                    str(edit),
                    line,
                    EDIT_SENTENCE,
                ],
                repo,
                stdout=out,
            )
            out.seek(0)
            return json.loads(out.read().decode().strip().split("\n")[-1])
    finally:
        edit.write_bytes(original)


def first_paragraph(path: Path) -> str:
    """The first paragraph line under the first '## ' heading."""
    lines = path.read_text(encoding="utf-8").split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith("## "))
    for line in lines[start + 1 :]:
        if line.strip() and not re.match(r"\s*(#|<|\d+\.|[-*+] )", line):
            return line
    raise Failed(f"no paragraph found in {path}")


def project_build(repo: Path, cold: bool = False) -> tuple[float, int, float]:
    """The project's build; ``cold`` also drops the disk cache of parses and redlines."""
    if cold:
        shutil.rmtree(repo / ".cache", ignore_errors=True)
    shutil.rmtree(repo / ".staging", ignore_errors=True)
    shutil.rmtree(repo / "site-project", ignore_errors=True)
    return timed([sys.executable, "-m", "mkdocs", "build", "-q", "-d", "site-project"], repo)


def plain_build(repo: Path) -> tuple[float, int, float]:
    shutil.rmtree(repo / "site-plain", ignore_errors=True)
    return timed(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", "mkdocs-plain.yml", "-d", "site-plain"], repo
    )


_VERSIONS_DIRECT = (
    "import argparse, sys\nfrom policysite import cli, commands\nif sys.argv[1] == 'run':\n"
    "    sys.exit(commands.cmd_versions(argparse.Namespace(policy=None, format='json', root=None), "
    "cli.Output()))\n"
)


def history_commands(repo: Path, log) -> tuple[list[str], list[str]]:
    """``policy versions --format json`` and its start-up, or the same function called directly
    when the installed ``policy`` command does not offer ``versions``."""
    policy = str(BIN / "policy")
    probe = subprocess.run([policy, "versions", "--help"], cwd=repo, env=ENV, capture_output=True)
    if probe.returncode == 0:
        return [policy, "versions", "--format", "json"], [policy, "--help"]
    log(
        "  note: `policy versions` is not a subcommand of the installed CLI (policysite/cli.py); "
        "timing policysite.commands.cmd_versions(format=json) directly, start-up = importing cli + commands"
    )
    return (
        [sys.executable, "-c", _VERSIONS_DIRECT, "run"],
        [sys.executable, "-c", _VERSIONS_DIRECT, "startup"],
    )


def set_pdf(repo: Path, on: bool) -> None:
    """``extra.policies.pdf`` in the working tree's mkdocs.yml (what the build reads)."""
    path = repo / "mkdocs.yml"
    text, count = re.subn(
        r"(?m)^(\s+pdf:)\s*\w+", rf"\1 {'true' if on else 'false'}", path.read_text(encoding="utf-8"), count=1
    )
    if not count:
        raise Failed(f"{path} has no 'pdf:' setting under extra.policies")
    path.write_text(text, encoding="utf-8")


def measure_pdfs(repo: Path, runs: int, log) -> dict:
    """The build with PDFs, cold (no PDF cache) and warm, against the same build without PDFs.

    Every other cache (parses, redlines) is warm in all three, so the differences are the PDFs'.
    """
    samples: dict[str, list[float]] = {}
    try:
        for run in range(runs):
            set_pdf(repo, False)
            _, _, off = project_build(repo)
            set_pdf(repo, True)
            for stale in (repo / ".cache" / "policysite").glob("pdf-*"):
                shutil.rmtree(stale)
            _, rss, cold = project_build(repo)
            _, _, warm = project_build(repo)
            for key, value in (("off", off), ("cold", cold), ("warm", warm), ("rss", rss)):
                samples.setdefault(key, []).append(value)
            log(
                f"  pdf run {run + 1}/{runs}: cpu without PDFs {off:.2f}s, cold {cold:.2f}s, warm {warm:.2f}s"
            )
        files = list((repo / "site-project").rglob("*.pdf"))
    finally:
        set_pdf(repo, False)
    medians = {k: statistics.median(v) for k, v in samples.items()}
    medians["count"] = len(files)
    medians["bytes"] = sum(f.stat().st_size for f in files)
    medians["samples"] = samples
    return medians


def pdf_report(results: dict[int, dict]) -> list[str]:
    out = ["", "PDFs: cpu s of the build with pdf: true minus the same build with pdf: false, per PDF"]
    for n, m in sorted(results.items()):
        count = max(m["count"], 1)
        out.append(
            f"{n:>4}  {m['count']} PDFs ({m['bytes'] / 2**20:.1f} MiB): build without PDFs {m['off']:.2f} s; "
            f"cold (no PDF cache) {m['cold']:.2f} s = {(m['cold'] - m['off']) / count:.3f} s per PDF; "
            f"warm {m['warm']:.2f} s = {(m['warm'] - m['off']) / count * 1000:.1f} ms per PDF"
        )
    return out


def measure(repo: Path, runs: int, log, nav: str = "flat", serve_too: bool = True) -> dict:
    versions_cmd, startup_cmd = history_commands(repo, log)
    # Warm-up (file cache, .pyc) and the staging folder the plain site is made of.
    project_build(repo)
    shutil.rmtree(repo / "plain-docs", ignore_errors=True)
    shutil.copytree(repo / ".staging", repo / "plain-docs")
    write_plain_config(repo, nav)
    plain_build(repo)
    pages = sum(1 for _ in (repo / "plain-docs").rglob("*.md"))
    source_line = first_paragraph(repo / "en" / "privacy.md")
    if source_line not in (repo / "plain-docs" / "en" / "privacy.md").read_text(encoding="utf-8").split("\n"):
        raise Failed("the edited paragraph is not in the staged en/privacy.md")

    samples: dict[str, list[float]] = {}

    def add(key: str, value: float) -> None:
        samples.setdefault(key, []).append(value)

    def builds(first: str) -> None:
        for variant in ("project", "plain") if first == "project" else ("plain", "project"):
            wall, rss, cpu = project_build(repo) if variant == "project" else plain_build(repo)
            suffix = "" if variant == "project" else "_plain"
            add("build" + suffix, wall)
            add("build_cpu" + suffix, cpu)
            add("rss" + suffix, rss)

    def serve(first: str) -> None:
        variants = {
            "project": ("mkdocs.yml", "site-serve", repo / "en" / "privacy.md", ""),
            "plain": (
                "mkdocs-plain.yml",
                "site-serve-plain",
                repo / "plain-docs" / "en" / "privacy.md",
                "_plain",
            ),
        }
        for variant in ("project", "plain") if first == "project" else ("plain", "project"):
            config, site, edit, suffix = variants[variant]
            result = rebuild(repo, config, site, edit, source_line)
            add("rebuild" + suffix, result["rebuild"])
            add("rebuild_cpu" + suffix, result["rebuild_cpu"])

    for run in range(runs):
        first = "project" if run % 2 == 0 else "plain"  # alternate the order: the machine is noisy
        builds(first)
        cold, cold_rss, cold_cpu = project_build(repo, cold=True)
        add("build_cold", cold)
        add("build_cold_cpu", cold_cpu)
        add("rss_cold", cold_rss)
        # The history without a cache, then with its own; the build's cache is put back after,
        # so the next run's warm build is warm (the scale figures have no serve step to refill it).
        kept = repo / ".cache-kept"
        shutil.rmtree(kept, ignore_errors=True)
        shutil.move(repo / ".cache", kept)
        _, _, versions_cold_cpu = timed(versions_cmd, repo)
        versions, _, versions_cpu = timed(versions_cmd, repo)
        startup, _, startup_cpu = timed(startup_cmd, repo)
        gitlog, _, gitlog_cpu = timed(["git", "log", "-p", "--first-parent"], repo)
        shutil.rmtree(repo / ".cache", ignore_errors=True)
        shutil.move(kept, repo / ".cache")
        add("versions", versions)
        add("help", startup)
        add("history", versions - startup)
        add("history_cpu", versions_cpu - startup_cpu)
        add("history_cold_cpu", versions_cold_cpu - startup_cpu)
        add("gitlog", gitlog)
        add("gitlog_cpu", gitlog_cpu)
        if serve_too:
            serve(first)
        rebuilt = (
            f"rebuild cpu {samples['rebuild_cpu'][-1]:.2f} vs {samples['rebuild_cpu_plain'][-1]:.2f}, "
            if serve_too
            else ""
        )
        log(
            f"  run {run + 1}/{runs}: build cpu cold {cold_cpu:.2f}s, warm {samples['build_cpu'][-1]:.2f}s "
            f"vs plain {samples['build_cpu_plain'][-1]:.2f}s (wall {cold:.1f}, {samples['build'][-1]:.1f} vs "
            f"{samples['build_plain'][-1]:.1f}), history cpu cold {versions_cold_cpu - startup_cpu:.2f}s, "
            f"warm {versions_cpu - startup_cpu:.2f}s vs git {gitlog_cpu:.2f}s, {rebuilt}"
            f"rss cold {cold_rss / 1024:.0f}, warm {samples['rss'][-1] / 1024:.0f} vs "
            f"{samples['rss_plain'][-1] / 1024:.0f} MiB"
        )
    medians = {k: statistics.median(v) for k, v in samples.items()}
    medians["pages"] = pages
    medians["samples"] = samples
    return medians


# ---------------------------------------------------------------- report


def compile_measured_package(log) -> None:
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


def ratio(a: float, b: float) -> float:
    return a / b if b > 0 else float("inf")


TARGETS = {"build": 1.15, "warm": 1.0, "history": 1.5, "rebuild": 1.3, "memory": 1.5}
FIGURES = (
    # label, project key, baseline key, target, scale; cold first: a fresh clone and CI are cold
    ("full build COLD, cpu s", "build_cold_cpu", "build_cpu_plain", "build", 1),
    ("full build warm, cpu s", "build_cpu", "build_cpu_plain", "warm", 1),
    ("full build cold, wall s", "build_cold", "build_plain", "build", 1),
    ("full build warm, wall s", "build", "build_plain", "warm", 1),
    ("history COLD, cpu s", "history_cold_cpu", "gitlog_cpu", "history", 1),
    ("history warm, cpu s", "history_cpu", "gitlog_cpu", "history", 1),
    ("serve rebuild, cpu s", "rebuild_cpu", "rebuild_cpu_plain", "rebuild", 1),
    ("peak memory cold, MiB", "rss_cold", "rss_plain", "memory", 1 / 1024),
    ("peak memory warm, MiB", "rss", "rss_plain", "memory", 1 / 1024),
)


def _versions(label: str) -> int:
    """'300' -> 300 versions; '20x50' -> 1000 (policies x versions)."""
    policies, _, versions = label.rpartition("x")
    return int(versions) * (int(policies) if policies else 1)


def report(results: dict[tuple[str, str], dict], unrelated: int, runs: int, nav: str = "flat") -> list[str]:
    out = []
    header = (
        f"{'scenario':<8} {'size':>6}  {'figure':<23} {'project':>9} {'baseline':>9} {'ratio':>6} "
        f"{'target':>7}  ok"
    )
    out += [header, "-" * len(header)]
    for (scenario, size), m in results.items():
        for label, key, base, target_key, scale in FIGURES:
            if key not in m or base not in m:
                continue
            ours, theirs = m[key] * scale, m[base] * scale
            r = ratio(ours, theirs)
            target = TARGETS[target_key]
            out.append(
                f"{scenario:<8} {size:>6}  {label:<23} {ours:>9.3f} {theirs:>9.3f} {r:>6.2f} "
                f"{'<=' + format(target, '.2f'):>7}  {'yes' if r <= target else 'NO'}"
            )
        out.append(f"{'':<8} {'':>6}  {m['pages']} Markdown pages staged; history start-up {m['help']:.3f} s")
    groups: dict[str, list[str]] = {}
    for scenario, size in results:
        groups.setdefault(scenario, []).append(size)
    for scenario, sizes in groups.items():
        sizes = sorted(sizes, key=_versions)
        if len(sizes) < 2:
            continue
        out += ["", f"growth ({scenario}): added cost per dated version, project vs baseline (linear: flat)"]
        for label, key, base in (
            ("cold build cpu", "build_cold_cpu", "build_cpu_plain"),
            ("warm build cpu", "build_cpu", "build_cpu_plain"),
            ("cold history cpu", "history_cold_cpu", "gitlog_cpu"),
            ("peak memory cold", "rss_cold", "rss_plain"),
        ):
            parts, slopes = [], []
            for a, b in zip(sizes, sizes[1:]):
                unit, unit_scale = ("KiB/v", 1) if key.startswith("rss") else ("ms/v", 1000)
                span = _versions(b) - _versions(a)
                ours = (results[(scenario, b)][key] - results[(scenario, a)][key]) / span * unit_scale
                theirs = (results[(scenario, b)][base] - results[(scenario, a)][base]) / span * unit_scale
                slopes.append(ours)
                parts.append(f"{a}->{b}: {ours:.1f} vs {theirs:.1f} {unit}")
            lo, hi = results[(scenario, sizes[0])], results[(scenario, sizes[-1])]
            drift = ratio(ratio(hi[key], hi[base]), ratio(lo[key], lo[base]))
            linear = len(slopes) < 2 or slopes[-1] <= 1.3 * max(slopes[0], 1e-9) or slopes[-1] <= 0
            out.append(
                f"  {label:<17} {'; '.join(parts)}; ratio {sizes[0]} -> {sizes[-1]}: x{drift:.2f} "
                f"{'linear' if linear else 'FASTER THAN LINEAR'}"
            )
    out.append("")
    out.append(f"K = {unrelated} unrelated commits; medians of {runs} run(s); plain navigation: {nav}")
    out.append("scenarios: " + "; ".join(f"{k} = {v}" for k, v in SCENARIOS.items()))
    out.append("scale: P x V = P policies with V dated versions each (typical amendments)")
    out.append(f"machine: {machine()}")
    out.append(
        "cpu = user + system time of the process and the git processes it waited for: on a busy machine "
        "the cpu ratios are the reliable ones; wall-clock ratios vary with the load"
    )
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes", default="100,300", help="numbers of dated versions, comma-separated (default 100,300)"
    )
    parser.add_argument(
        "--scenarios",
        default="amend,rewrite",
        help="amend (a few sentences per version), rewrite (every section, every version); default both",
    )
    parser.add_argument(
        "--scale",
        default="5x50,20x50",
        help="P x V repositories (P policies, V versions each) for the linear-growth figure; '' for none",
    )
    parser.add_argument(
        "--runs", type=int, default=3, help="runs per figure; the median is reported (default 3)"
    )
    parser.add_argument(
        "--commits", type=int, default=900, help="unrelated commits interleaved (K, default 900)"
    )
    parser.add_argument("--quick", action="store_true", help="N = 10, 50; scale 2x10, 4x10; one run")
    parser.add_argument(
        "--plain-nav",
        choices=("flat", "auto"),
        default="flat",
        help=(
            "the plain site's navigation: 'flat' = the project's (default), 'auto' = MkDocs lists every page"
        ),
    )
    parser.add_argument(
        "--workdir", help="where to make the repositories (default: a temporary folder, removed)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the repositories")
    parser.add_argument("--json", help="also write the figures to this file")
    parser.add_argument(
        "--pdf-sizes",
        default="",
        help="sizes N at which to measure the cost per PDF, comma-separated (default: the smallest; 0: none)",
    )
    args = parser.parse_args(argv)
    sizes = ["10", "50"] if args.quick else [s.strip() for s in args.sizes.split(",") if s.strip()]
    scale = ["2x10", "4x10"] if args.quick else [s.strip() for s in args.scale.split(",") if s.strip()]
    scenarios = [s.strip() for s in args.scenarios.split(",") if s.strip()]
    unknown = [s for s in scenarios if s not in SCENARIOS]
    if unknown:
        parser.error(f"unknown scenario(s) {', '.join(unknown)} (known: {', '.join(SCENARIOS)})")
    runs = 1 if args.quick else max(1, args.runs)

    def log(text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    log(f"machine: {machine()}")
    compile_measured_package(log)
    base = (
        Path(args.workdir).resolve() if args.workdir else Path(tempfile.mkdtemp(prefix="policysite-bench-"))
    )
    base.mkdir(parents=True, exist_ok=True)
    plan = [(scenario, size) for scenario in scenarios for size in sizes]
    plan += [("scale", size) for size in scale]
    results: dict[tuple[str, str], dict] = {}
    pdf_sizes = set(args.pdf_sizes.split(",")) - {""} if args.pdf_sizes else {sizes[0]}
    pdf_sizes.discard("0")
    pdf_results: dict[str, dict] = {}
    try:
        for scenario, size in plan:
            policies, _, versions = size.rpartition("x")
            repo = base / f"repo-{scenario}-{size}"
            shutil.rmtree(repo, ignore_errors=True)
            start = time.perf_counter()
            info = make_repository(
                repo,
                int(versions),
                args.commits,
                scenario="amend" if scenario == "scale" else scenario,
                policies=int(policies) if policies else 1,
            )
            log(
                f"{scenario} {size}: {info['commits']} commits, versions {info['first']} .. {info['last']} "
                f"(made in {time.perf_counter() - start:.1f}s) at {repo}"
            )
            results[(scenario, size)] = measure(
                repo, runs, log, args.plain_nav, serve_too=scenario != "scale"
            )
            if scenario == scenarios[0] and size in pdf_sizes:
                pdf_results[size] = measure_pdfs(repo, runs, log)
            if not args.keep and not args.workdir:
                shutil.rmtree(repo, ignore_errors=True)
    except Failed as exc:
        log(f"benchmark failed: {exc}")
        return 2
    finally:
        if not args.keep and not args.workdir:
            shutil.rmtree(base, ignore_errors=True)
    lines = report(results, args.commits, runs, args.plain_nav)
    if pdf_results:
        lines += pdf_report(pdf_results)
    print("\n".join(lines))
    if args.json:
        Path(args.json).write_text(
            json.dumps(
                {
                    "machine": machine(),
                    "commits": args.commits,
                    "runs": runs,
                    "results": {f"{scenario}/{size}": m for (scenario, size), m in results.items()},
                    "pdf": pdf_results,
                },
                indent=2,
            )
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
