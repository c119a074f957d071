"""Under ``mkdocs serve`` a save re-renders only what it changed (policysite.preview): after every
kind of edit, the site the session serves is, file for file, the site a fresh session builds from
the same sources, and a one-word edit reuses almost every page."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from gitrepo import PROJECT, PolicyRepo, clean_env, policy_text

URL = "http://127.0.0.1:8000/"
SESSION = PROJECT / "tests" / "serve_session.py"

BODY = """\
Intro of {name}, {words}.

## Scope {{#scope}}

This policy covers {name}.

## Contact {{#contact}}

- Write to us.
- Call us.
"""
BODY_ZH = """\
{name}的前言,{words}。

## 範圍 {{#scope}}

本政策涵蓋{name}。

## 聯絡 {{#contact}}

- 寫信給我們。
- 打電話給我們。
"""


class Session:
    """One serve session in its own process (see tests/serve_session.py)."""

    def __init__(self, repo: PolicyRepo) -> None:
        self.process = subprocess.Popen(
            [sys.executable, str(SESSION), str(repo.root), URL],
            cwd=repo.root,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            env=clean_env(),
        )

    def build(self, site: Path) -> dict:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(f"{site}\n")
        self.process.stdin.flush()
        answer = json.loads(self.process.stdout.readline())
        assert answer["failed"] is None, answer
        return answer

    def close(self) -> None:
        if self.process.stdin is not None:
            self.process.stdin.close()
        self.process.wait(timeout=60)


def _files(site: Path) -> dict[str, bytes]:
    return {
        path.relative_to(site).as_posix(): path.read_bytes()
        for path in sorted(site.rglob("*"))
        if path.is_file() and path.name != "sitemap.xml.gz"  # (gzip records the time it was written)
    }


def _same_site(served: Path, fresh: Path) -> None:
    ours, theirs = _files(served), _files(fresh)
    assert sorted(ours) == sorted(theirs), set(ours) ^ set(theirs)
    differ = [name for name in ours if ours[name] != theirs[name]]
    assert not differ, differ[:10]


@pytest.fixture
def repo(tmp_path):
    made = PolicyRepo.create(tmp_path / "repo", copy_policies=False)
    for number, day in enumerate(("2024.01.01", "2024.06.01")):
        for name in ("alpha", "beta", "gamma"):
            words = f"version {number}"
            made.write("en", name, policy_text(name.title(), day, BODY.format(name=name, words=words)))
            made.write("zh-TW", name, policy_text(f"{name}政策", day, BODY_ZH.format(name=name, words=words)))
        made.commit(f"Version {day}", date=f"{day.replace('.', '-')}T12:00:00Z")
    return made


def _edit(repo: PolicyRepo, lang: str, name: str, old: str, new: str) -> None:
    text = repo.read(lang, name)
    assert old in text
    repo.write(lang, name, text.replace(old, new, 1))


def _remove(repo: PolicyRepo, lang: str, name: str) -> None:
    repo.file(lang, name).unlink()


def _append(repo: PolicyRepo, relative: str, text: str) -> None:
    path = repo.root / relative
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


NEW_SECTION = "## Data {#data}\n\nData.\n\n"
EDITS = [
    # (what an editor does, whether the session reuses pages: None, either).  Editing the text of
    # the version in force adds the pages of a correction (its earlier wording and redline): a save
    # that adds or removes pages builds everything, the saves after it reuse.
    ("a word", lambda r: _edit(r, "en", "beta", "This policy covers", "This policy now covers"), False),
    ("another word", lambda r: _edit(r, "en", "beta", "now covers", "only covers"), True),
    ("a word of the translation", lambda r: _edit(r, "zh-TW", "beta", "本政策涵蓋", "本政策僅涵蓋"), False),
    ("a list item", lambda r: _edit(r, "en", "beta", "- Call us.", "- Call us.\n- Visit us."), True),
    ("a home page", lambda r: _append(r, "docs/en/index.md", "\nMore.\n"), True),
    ("a title", lambda r: _edit(r, "en", "gamma", "# Gamma", "# Gamma Rules"), False),
    ("the title back", lambda r: _edit(r, "en", "gamma", "# Gamma Rules", "# Gamma"), False),
    ("a new section", lambda r: _edit(r, "en", "alpha", "## Contact", NEW_SECTION + "## Contact"), False),
    ("unsafe markup", lambda r: _edit(r, "en", "alpha", "Write to", "Write <script>x()</script>to"), None),
    ("the markup removed", lambda r: _edit(r, "en", "alpha", "<script>x()</script>", ""), None),
    ("a translation removed", lambda r: _remove(r, "zh-TW", "gamma"), None),
    ("a title another policy has", lambda r: _edit(r, "en", "beta", "# Beta", "# Alpha"), None),
    ("a new policy", lambda r: r.write("en", "delta", policy_text("Delta", "2024.06.01", "Delta.")), False),
    ("a word of it", lambda r: _edit(r, "en", "delta", "Delta.", "Delta, new."), True),
]


@pytest.mark.slow
def test_each_save_serves_the_site_a_fresh_session_builds(repo, tmp_path):
    served = tmp_path / "served"
    session = Session(repo)
    try:
        first = session.build(served)
        assert first["reused"] == 0
        for number, (what, edit, reusable) in enumerate(EDITS):
            edit(repo)
            answer = session.build(served)
            if reusable is not None:
                assert (answer["reused"] > 0) == reusable, (what, answer)
            fresh_session = Session(repo)
            try:
                fresh = tmp_path / f"fresh-{number}"
                assert fresh_session.build(fresh)["reused"] == 0
            finally:
                fresh_session.close()
            _same_site(served, fresh)
    finally:
        session.close()
