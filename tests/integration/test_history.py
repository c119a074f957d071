"""History read from real git repositories (policysite.history), no MkDocs."""

from __future__ import annotations

import datetime as dt
import hashlib

import git
import pytest
from gitrepo import PolicyRepo, policy_text

from policysite import clock, config, git_utils, history, parity, project


def en(version: str, sentence: str = "We respect your privacy.", extra: str = "") -> str:
    return policy_text(
        "Privacy Policy", version, f"{sentence}\n\n## 1. General {{#general}}\n\nWe collect your name.{extra}"
    )


def zh(version: str, sentence: str = "我們尊重您的隱私。", extra: str = "") -> str:
    return policy_text(
        "隱私權政策", version, f"{sentence}\n\n## 1. 總則 {{#general}}\n\n我們蒐集您的姓名。{extra}"
    )


def both(
    repo: PolicyRepo,
    version: str,
    en_sentence: str = "We respect your privacy.",
    zh_sentence: str = "我們尊重您的隱私。",
    policy: str = "privacy",
) -> None:
    repo.write("en", policy, en(version, en_sentence))
    repo.write("zh-TW", policy, zh(version, zh_sentence))


def read(repo: PolicyRepo, today: str = "2030-01-01", **kwargs) -> history.History:
    corpus = project.load_tree(repo.root)
    return history.read(repo.root, corpus, dt.date.fromisoformat(today), **kwargs)


def new_repo(tmp_path, name: str = "repo") -> PolicyRepo:
    return PolicyRepo.create(tmp_path / name, copy_policies=False)


# ---------------------------------------------------------------- versions


@pytest.fixture(scope="module")
def three(tmp_path_factory):
    """Three versions, an in-place edit of the first, a README commit, terms added later."""
    repo = new_repo(tmp_path_factory.mktemp("three"))
    commits = {}
    both(repo, "2020.01.01")
    commits["v1"] = repo.commit("v1", "2020-01-01T10:00:00Z")
    both(repo, "2020.01.01", "We respect your privacy a lot.", "我們非常尊重您的隱私。")
    commits["edit"] = repo.commit(
        "Fix wording", "2020-01-10T10:00:00Z", trailers={"Policy-Change": "editorial"}
    )
    repo.write_file("README.md", "hello\n")
    commits["readme"] = repo.commit("README", "2020-02-01T10:00:00Z")
    both(repo, "2020.06.01", "We care about your privacy.", "我們重視您的隱私。")
    repo.write("en", "terms", policy_text("Terms", "2020.06.01", "Be nice."))
    repo.write("zh-TW", "terms", policy_text("條款", "2020.06.01", "請友善。"))
    commits["v2"] = repo.commit("v2 and terms", "2020-05-01T10:00:00Z")
    both(repo, "2020.12.01", "We protect your privacy.", "我們保護您的隱私。")
    commits["v3"] = repo.commit("v3", "2020-11-01T10:00:00Z")
    return repo, commits


def test_versions_are_grouped_by_version_value(three):
    repo, commits = three
    found = read(repo)
    assert found.diagnostics == []
    assert found.head == commits["v3"]
    privacy = found.get("privacy")
    assert [v.version for v in privacy.versions] == ["2020.01.01", "2020.06.01", "2020.12.01"]
    assert [v.status for v in privacy.versions] == ["archived", "archived", "current"]
    assert privacy.current.version == "2020.12.01"
    assert privacy.versions[0].date == dt.date(2020, 1, 1)


def test_in_place_edit_is_a_revision_and_the_text_is_the_last_commit(three):
    repo, commits = three
    v1 = read(repo).get("privacy").get("2020.01.01")
    assert [r.commit for r in v1.revisions] == [commits["v1"], commits["edit"]]
    assert [r.subject for r in v1.revisions] == ["v1", "Fix wording"]
    assert [r.editorial for r in v1.revisions] == [False, True]
    assert v1.revisions[1].date == dt.date(2020, 1, 10)
    assert v1.revisions[1].short == commits["edit"][:7]
    for lang in ("en", "zh-TW"):
        text = v1.texts[lang]
        assert text.commit == commits["edit"]
        assert text.data == repo.show(commits["edit"], f"{lang}/privacy.md")
        assert text.sha256 == hashlib.sha256(text.data).hexdigest()
    assert "a lot" in v1.texts["en"].document.text


def test_every_version_text_is_what_git_holds(three):
    repo, commits = three
    privacy = read(repo).get("privacy")
    for version, commit in (("2020.06.01", commits["v2"]), ("2020.12.01", commits["v3"])):
        for lang in ("en", "zh-TW"):
            text = privacy.get(version).texts[lang]
            assert text.commit == commit
            assert text.data == repo.show(commit, f"{lang}/privacy.md")


def test_blobs_are_read_without_a_writable_temporary_folder(three, monkeypatch, tmp_path):
    """Big outputs go through a temporary file; where none can be made, through the pipe."""
    policy_repo, _ = three
    repo = git_utils.Repository.find(policy_repo.root)
    blob = repo.text("rev-parse", "HEAD:en/privacy.md").strip()
    expected = repo.read_blobs([blob])
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path / "missing"))
    assert repo.read_blobs([blob]) == expected
    assert expected[blob].startswith(b"---")


def test_commit_touching_no_policy_and_policy_added_later(three):
    repo, commits = three
    found = read(repo)
    every = [r.commit for ph in found.policies.values() for v in ph.versions for r in v.revisions]
    assert commits["readme"] not in every
    terms = found.get("terms")
    assert [v.version for v in terms.versions] == ["2020.06.01"]
    assert terms.current.version == "2020.06.01"
    assert [r.commit for r in terms.versions[0].revisions] == [commits["v2"]]
    assert terms.versions[0].title("zh-TW") == "條款"


def test_upcoming_version_keeps_the_previous_one_current(three):
    repo, _ = three
    privacy = read(repo, today="2020-11-30").get("privacy")
    assert [v.status for v in privacy.versions] == ["archived", "current", "upcoming"]
    assert privacy.current.version == "2020.06.01"
    assert [v.version for v in privacy.upcoming] == ["2020.12.01"]
    assert privacy.current_text("zh-TW").document.version == "2020.06.01"
    # On its date the version is current (the date is inclusive).
    assert read(repo, today="2020-12-01").get("privacy").current.version == "2020.12.01"


def test_uncommitted_change_is_a_revision_without_commit(tmp_path):
    repo = new_repo(tmp_path)
    both(repo, "2020.01.01")
    first = repo.commit("v1", "2020-01-01T10:00:00Z")
    repo.write("en", "privacy", en("2020.01.01", "Edited but not committed."))
    v1 = read(repo).get("privacy").get("2020.01.01")
    assert [r.commit for r in v1.revisions] == [first, None]
    assert v1.texts["en"].commit is None
    assert v1.texts["en"].data == repo.file("en", "privacy").read_bytes()
    assert v1.texts["zh-TW"].commit == first
    # A new version only in the working tree.
    both(repo, "2021.01.01", "Next.", "下一版。")
    privacy = read(repo).get("privacy")
    assert [v.version for v in privacy.versions] == ["2020.01.01", "2021.01.01"]
    assert privacy.current.texts["zh-TW"].commit is None


def test_revisions_follow_history_not_commit_dates(tmp_path):
    repo = new_repo(tmp_path)
    both(repo, "2020.01.01")
    first = repo.commit("first, dated later", "2020-03-01T10:00:00Z")
    both(repo, "2020.01.01", "Edited.", "已修訂。")
    second = repo.commit("second, dated earlier (時鐘偏差)", "2020-01-02T10:00:00Z")
    v1 = read(repo).get("privacy").get("2020.01.01")
    assert [r.commit for r in v1.revisions] == [first, second]
    assert v1.revisions[1].subject == "second, dated earlier (時鐘偏差)"
    assert v1.texts["en"].commit == second


def test_policy_removed_keeps_its_archive(tmp_path):
    repo = new_repo(tmp_path)
    both(repo, "2020.01.01")
    both(repo, "2020.01.01", policy="cookies")
    repo.commit("two policies", "2020-01-01T10:00:00Z")
    repo.remove("en", "cookies")
    repo.remove("zh-TW", "cookies")
    repo.commit("drop cookies", "2020-02-01T10:00:00Z")
    found = read(repo)
    cookies = found.get("cookies")
    assert cookies.removed and cookies.current is None
    assert [v.version for v in cookies.versions] == ["2020.01.01"]
    assert not found.get("privacy").removed


# ---------------------------------------------------------------- merges


def test_merge_commits_follow_the_first_parent(tmp_path):
    repo = new_repo(tmp_path)
    both(repo, "2020.01.01")
    c1 = repo.commit("v1", "2020-01-01T10:00:00Z")
    repo.git("checkout", "-q", "-b", "feature")
    both(repo, "2020.03.01", "Draft on the branch.", "分支上的草稿。")
    f1 = repo.commit("draft 2020.03.01 (never on main)", "2020-02-01T10:00:00Z")
    both(repo, "2020.06.01", "Final text.", "最終條文。")
    f2 = repo.commit("2020.06.01", "2020-02-02T10:00:00Z")
    repo.git("checkout", "-q", "main")
    repo.write_file("README.md", "main moved on\n")
    c2 = repo.commit("README on main", "2020-02-03T10:00:00Z")
    repo.git(
        "merge",
        "-q",
        "--no-ff",
        "-m",
        "Merge the 2020.06.01 version",
        "feature",
        env={"GIT_AUTHOR_DATE": "2020-02-04T10:00:00Z", "GIT_COMMITTER_DATE": "2020-02-04T10:00:00Z"},
    )
    merge = repo.head()
    found = read(repo)
    assert found.diagnostics == []
    privacy = found.get("privacy")
    # 2020.03.01 only ever existed on the feature branch.
    assert [v.version for v in privacy.versions] == ["2020.01.01", "2020.06.01"]
    assert [r.commit for r in privacy.get("2020.01.01").revisions] == [c1]
    assert [r.commit for r in privacy.get("2020.06.01").revisions] == [merge]
    every = {r.commit for v in privacy.versions for r in v.revisions}
    assert not every & {f1, f2, c2}
    assert privacy.get("2020.06.01").texts["en"].data == repo.show(merge, "en/privacy.md")


def test_merge_of_an_in_place_edit_on_main(tmp_path):
    """Both sides of the merge changed the policy: the merge is one revision of the new version."""
    repo = new_repo(tmp_path)
    both(repo, "2020.01.01")
    c1 = repo.commit("v1", "2020-01-01T10:00:00Z")
    repo.git("checkout", "-q", "-b", "feature")
    repo.write("en", "privacy", en("2020.06.01", extra="\n\nA new paragraph."))
    repo.write("zh-TW", "privacy", zh("2020.06.01", extra="\n\n新的段落。"))
    repo.commit("2020.06.01", "2020-02-01T10:00:00Z")
    repo.git("checkout", "-q", "main")
    both(repo, "2020.01.01", "We respect your privacy, always.", "我們始終尊重您的隱私。")
    c2 = repo.commit("edit in place on main", "2020-02-02T10:00:00Z")
    repo.git(
        "merge",
        "-q",
        "--no-ff",
        "-m",
        "merge",
        "feature",
        "-X",
        "theirs",
        env={"GIT_AUTHOR_DATE": "2020-02-03T10:00:00Z", "GIT_COMMITTER_DATE": "2020-02-03T10:00:00Z"},
    )
    merge = repo.head()
    privacy = read(repo).get("privacy")
    assert [[r.commit for r in v.revisions] for v in privacy.versions] == [[c1, c2], [merge]]
    assert privacy.get("2020.01.01").texts["en"].data == repo.show(c2, "en/privacy.md")


# ---------------------------------------------------------------- errors


def test_backwards_version_names_both_commits(tmp_path):
    repo = new_repo(tmp_path)
    both(repo, "2020.06.01")
    good = repo.commit("June version", "2020-01-01T10:00:00Z")
    both(repo, "2020.03.01", "Older date.", "較舊的日期。")
    bad = repo.commit("March version after June", "2020-02-01T10:00:00Z")
    found = read(repo)
    errors = [d for d in found.diagnostics if d.is_error]
    assert errors and all("backwards" in d.text() for d in errors)
    text = errors[0].text()
    assert good[:7] in text and bad[:7] in text
    assert "2020.03.01" in text and "2020.06.01" in text
    assert {d.text().split(":")[0] for d in errors} == {"en/privacy.md", "zh-TW/privacy.md"}


def test_version_value_returning_later_withdraws_the_versions_since(tmp_path):
    """Going back to an earlier version's date is a withdrawal of the versions published since
    (issue 24), not history.backwards; with another text than that version's, it is also a change
    of its published text, which must be declared."""
    repo = new_repo(tmp_path)
    both(repo, "2020.01.01")
    repo.commit("v1", "2020-01-01T10:00:00Z")
    both(repo, "2020.06.01")
    repo.commit("v2", "2020-02-01T10:00:00Z")
    both(repo, "2020.01.01", "Reverted.", "還原。")
    repo.commit("back to v1", "2020-03-01T10:00:00Z")
    found = read(repo)
    assert not any(d.code == "history.backwards" for d in found.diagnostics)
    assert {d.code for d in found.diagnostics} == {"history.unmarked-change"}
    privacy = found.get("privacy")
    v1, v2 = privacy.versions
    assert (v1.version, v1.status) == ("2020.01.01", "current")
    assert (v2.version, v2.status) == ("2020.06.01", "withdrawn")
    assert v2.withdrawn == dt.date(2020, 3, 1) and v2.periods == []  # withdrawn before it took effect
    assert v1.periods == [(dt.date(2020, 1, 1), None)]
    assert [text.kind for text in v1.states["en"]] == ["published", "restored"]


def test_shallow_clone_is_an_error(three, tmp_path):
    repo, _ = three
    clone = PolicyRepo.clone(repo, tmp_path / "shallow", "--depth", "1")
    with pytest.raises(git_utils.ShallowCloneError, match="git fetch --unshallow"):
        read(clone)


def test_not_a_git_repository_is_the_working_tree_only(tmp_path):
    repo = PolicyRepo.create(tmp_path / "plain", copy_policies=False, init=False)
    both(repo, "2020.01.01")
    found = read(repo)
    assert [d.code for d in found.diagnostics] == ["history.no-git"]
    assert not found.diagnostics[0].is_error
    assert found.head is None and history.head_of(repo.root) is None
    privacy = found.get("privacy")
    assert [v.version for v in privacy.versions] == ["2020.01.01"]
    assert privacy.current.texts["en"].commit is None


def test_repository_without_commits(tmp_path):
    repo = new_repo(tmp_path)
    both(repo, "2020.01.01")
    found = read(repo)
    assert found.head is None
    assert [v.version for v in found.get("privacy").versions] == ["2020.01.01"]


def test_lagging_translation(tmp_path):
    repo = new_repo(tmp_path)
    both(repo, "2020.01.01")
    repo.commit("v1", "2020-01-01T10:00:00Z")
    repo.write("en", "privacy", en("2020.06.01", "New English text."))
    repo.commit("English 2020.06.01", "2020-02-01T10:00:00Z")
    corpus = project.load_tree(repo.root)
    found = history.read(repo.root, corpus, dt.date(2030, 1, 1))
    privacy = found.get("privacy")
    assert privacy.current.version == "2020.06.01"
    assert set(privacy.current.texts) == {"en"}
    assert privacy.current_text("zh-TW").document.version == "2020.01.01"
    [finding] = parity.lagging_translations(corpus)
    assert finding.is_error
    assert finding.text().startswith("zh-TW/privacy.md:3:")
    assert "2020.01.01" in finding.text() and "2020.06.01" in finding.text()
    [warning] = parity.lagging_translations(corpus, severity="warning")
    assert not warning.is_error


# ---------------------------------------------------------------- speed


class _Counter:
    def __init__(self, monkeypatch):
        self.calls: list[list[str]] = []
        original = git.cmd.Git.execute
        counter = self

        def execute(self, command, *args, **kwargs):
            counter.calls.append(list(command) if not isinstance(command, str) else [command])
            return original(self, command, *args, **kwargs)

        monkeypatch.setattr(git.cmd.Git, "execute", execute)


def _many(tmp_path, count: int) -> PolicyRepo:
    repo = new_repo(tmp_path, f"many-{count}")
    for n in range(count):
        version = (dt.date(2000, 1, 1) + dt.timedelta(days=31 * n)).strftime("%Y.%m.%d")
        both(repo, version, f"Revision {n}.", f"第 {n} 版。")
        repo.commit(f"version {version}", "2000-01-01T10:00:00Z")
    return repo


def test_history_is_read_with_a_constant_number_of_git_processes(tmp_path, monkeypatch):
    small, large = _many(tmp_path, 3), _many(tmp_path, 30)
    counter = _Counter(monkeypatch)
    found = read(large)
    assert len(found.get("privacy").versions) == 30
    large_calls = len(counter.calls)
    counter.calls.clear()
    read(small)
    assert len(counter.calls) == large_calls, counter.calls
    assert large_calls <= 4, counter.calls


def test_log_cache_skips_git_log_when_head_is_unchanged(three, monkeypatch):
    repo, _ = three
    cache, parses = {}, {}
    first = read(repo, log_cache=cache, parse_cache=parses)
    counter = _Counter(monkeypatch)
    second = read(repo, log_cache=cache, parse_cache=parses)
    assert not any("log" in call for call in counter.calls), counter.calls
    assert [v.version for v in second.get("privacy").versions] == [
        v.version for v in first.get("privacy").versions
    ]


# ---------------------------------------------------------------- build date


def test_build_date_comes_from_source_date_epoch(monkeypatch):
    # (the build clock itself: tests/unit/test_clock.py)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1606824000")  # 2020-12-01T12:00:00Z
    assert clock.BuildClock.read().today() == dt.date(2020, 12, 1)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    with pytest.raises(config.ConfigError, match="SOURCE_DATE_EPOCH"):
        clock.BuildClock.read()
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert clock.BuildClock.read().today() == dt.datetime.now(dt.UTC).date()


def test_reference_text_of_a_lagging_translation(tmp_path):
    repo = new_repo(tmp_path)
    both(repo, "2020.01.01")
    first = repo.commit("v1", "2020-01-01T10:00:00Z")
    repo.write("en", "privacy", en("2020.06.01", "New English text."))
    repo.commit("English 2020.06.01", "2020-02-01T10:00:00Z")
    found = read(repo)
    reference = found.reference_of("privacy", "2020.01.01", "en")
    assert reference is not None and reference.lang == "en" and reference.version == "2020.01.01"
    assert reference.text == repo.show(first, "en/privacy.md").decode()
    assert found.reference_of("privacy", "1999.01.01", "en") is None
    assert found.reference_of("nothing", "2020.01.01", "en") is None
