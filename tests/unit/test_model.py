"""The analysis every command shares (policysite.model.analyse), in process on a tiny real git
repository: every rule family's findings in one sorted list, the history-only analysis, the
reviewed baseline, and the settings that change what is checked."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from gitrepo import PolicyRepo, source_text

from policysite import model
from policysite.config import load_settings

TODAY = dt.date(2021, 1, 1)
EN1 = (
    "We respect privacy.\n\n## 1. General {#general}\n\nWe collect names.\n\n"
    "## 2. Cookies {#cookies}\n\nCookies."
)
ZH1 = "我們尊重隱私。\n\n## 1. 總則 {#general}\n\n我們蒐集姓名。\n\n## 2. Cookie {#cookies}\n\nCookie。"
EN2 = (
    "We respect privacy.\n\n## 1. General {#general}\n\nWe collect e-mail.\n\n"
    "## 2. Retention {#retention}\n\nA year."
)


def write(root: Path, lang: str, policy: str, version: str | None, body: str, title: str) -> None:
    PolicyRepo(root).write(lang, policy, source_text(title, version, body))


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> tuple[Path, str]:
    """privacy 2020.01.01 in both languages, changed without a trailer, then 2020.06.01 in English
    (without the 'cookies' ID) and a terms policy sharing its titles, with an event handler."""
    git = PolicyRepo.init(tmp_path_factory.mktemp("model") / "repo")
    root = git.root
    write(root, "en", "privacy", "2020.01.01", EN1, "Privacy Policy")
    write(root, "zh-TW", "privacy", "2020.01.01", ZH1, "隱私權政策")
    git.commit("first", "2020-01-01T02:00:00Z")
    write(root, "en", "privacy", "2020.01.01", EN1.replace("names", "your names"), "Privacy Policy")
    undeclared = git.commit("undeclared", "2020-02-01T02:00:00Z")
    write(root, "en", "privacy", "2020.06.01", EN2, "Privacy Policy")
    write(root, "en", "terms", "2020.06.01", 'Terms <span onclick="x()">here</span>.', "Privacy Policy")
    write(root, "zh-TW", "terms", "2020.06.01", "條款。", "隱私權政策")
    git.commit("version 2", "2020-06-01T02:00:00Z")
    return root, undeclared


@pytest.fixture(scope="module")
def analysis(repo) -> model.Analysis:
    return model.analyse(repo[0], load_settings({}), TODAY)


def summary(found) -> list[tuple[str, int, str, str]]:
    return [(d.file, d.line, d.severity.value, d.code) for d in found]


def test_every_rule_runs_and_the_findings_come_sorted_once_each(analysis):
    assert summary(analysis.diagnostics) == [
        ("en/privacy.md", 1, "warning", "history.unmarked-change"),  # history
        ("en/privacy.md", 2, "error", "history.id-removed"),  # permanence
        ("en/privacy.md", 2, "warning", "title.duplicate"),  # names
        ("en/terms.md", 2, "warning", "title.duplicate"),
        ("en/terms.md", 8, "error", "html.unsafe"),  # safety
        ("zh-TW/privacy.md", 2, "warning", "title.duplicate"),
        ("zh-TW/privacy.md", 3, "warning", "history.lagging"),  # parity
        ("zh-TW/terms.md", 2, "warning", "title.duplicate"),
    ]
    assert analysis.diagnostics == sorted(set(analysis.diagnostics))


def test_the_analysis_holds_the_corpus_the_history_and_the_site_map(repo, analysis):
    root, _ = repo
    assert analysis.root == root and analysis.settings.timezone == "UTC"
    assert analysis.corpus.policies == ["privacy", "terms"]
    assert [v.version for v in analysis.history.policies["privacy"].versions] == ["2020.01.01", "2020.06.01"]
    assert analysis.history.build_date == TODAY
    assert analysis.site_map is not None
    assert analysis.site_map.current == {"privacy", "terms"}
    assert analysis.site_map.dates["privacy"] == {"2020.01.01", "2020.06.01"}
    assert "/assets/stylesheets/policy.css" in (analysis.site_map.files or set())


def test_without_checks_only_the_history_rules_run(repo):
    found = model.analyse(repo[0], load_settings({}), TODAY, checks=False)
    assert summary(found.diagnostics) == [("en/privacy.md", 1, "warning", "history.unmarked-change")]
    assert found.site_map is None


def test_a_reviewed_baseline_acknowledges_its_findings_and_names_stale_entries(repo):
    root, undeclared = repo
    (root / "reviewed.yml").write_text(
        "acknowledged:\n"
        f"  - code: history.unmarked-change\n    file: en/privacy.md\n    commit: {undeclared}\n"
        f"  - code: history.backwards\n    file: en/privacy.md\n    commit: {undeclared}\n",
        encoding="utf-8",
    )
    try:
        found = model.analyse(root, load_settings({"baseline": "reviewed.yml"}), TODAY, checks=False)
    finally:
        (root / "reviewed.yml").unlink()
    assert [(d.code, d.acknowledged, d.fails(strict=True)) for d in found.diagnostics] == [
        ("history.unmarked-change", True, False),
        ("baseline.stale", False, True),
    ]
    stale = found.diagnostics[1]
    assert (stale.file, stale.line) == ("reviewed.yml", 5)
    assert stale.message.startswith(f"entry for [history.backwards] en/privacy.md at commit {undeclared[:7]}")


def test_a_baseline_outside_the_project_is_refused_not_read(repo):
    found = model.analyse(repo[0], load_settings({"baseline": "../outside.yml"}), TODAY, checks=False)
    [refusal] = [d for d in found.diagnostics if d.file == "../outside.yml"]
    assert (refusal.file, refusal.severity.value, refusal.code) == ("../outside.yml", "error", "file.symlink")
    assert refusal.message == "../outside.yml is outside the repository: the site reads no file outside it"
    assert not any(d.acknowledged for d in found.diagnostics)


def test_outside_git_the_working_tree_is_checked_and_an_undated_text_may_be_dated_by_commit(tmp_path):
    write(tmp_path, "en", "notes", None, "Notes.", "Notes")
    skip = model.analyse(tmp_path, load_settings({}), TODAY, languages=("en",))
    assert summary(skip.diagnostics) == [
        ("en/notes.md", 3, "error", "front-matter.version"),  # (the line where it would go)
        ("mkdocs.yml", 1, "warning", "history.no-git"),
    ]
    dated = model.analyse(tmp_path, load_settings({"undated": "commit"}), TODAY, languages=("en",))
    assert summary(dated.diagnostics) == [("mkdocs.yml", 1, "warning", "history.no-git")]
    [version] = dated.history.policies["notes"].versions
    assert (version.version, version.dated_by) == ("2021.01.01", "publication")
    assert dated.corpus.languages == ("en",)
