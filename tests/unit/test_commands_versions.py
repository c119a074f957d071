"""``policy versions`` (policysite.commands.versions), in process on a small real history: a
version, its editorial correction of the Chinese text, a second version with its ``summary:``
gone, and the revert that withdraws it; the text listing line by line, JSON (compact in a pipe,
indented at a terminal), one policy, and the record line from versions.json's data."""

from __future__ import annotations

import json

import pytest
from gitrepo import PolicyRepo, policy_text
from unit import commandkit
from unit.commandkit import EPOCH, Terminal

from policysite.commands import EXIT_OK, UsageError, versions


@pytest.fixture(autouse=True)
def _environment(monkeypatch):
    commandkit.clean_environment(monkeypatch, EPOCH)


def call(root, *argv: str, stream: Terminal | None = None) -> tuple[int, str]:
    return commandkit.run(versions, "versions", root, *argv, stream=stream)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> tuple[PolicyRepo, list[str]]:
    repo = commandkit.bilingual(tmp_path_factory.mktemp("versions") / "site")
    repo.edit("en", "version:", "summary: The first one.\nversion:")
    commits = [repo.commit("First version", date="2020-01-01T12:00:00Z")]
    repo.edit("zh-TW", "請來信。", "請寫信給我們。")
    commits.append(
        repo.commit("Fix wording", date="2020-02-01T12:00:00Z", trailers={"Policy-Change": "editorial"})
    )
    repo.set_version("privacy", "2021.01.01")
    repo.edit("en", "We keep data.", "We keep less data.")
    repo.edit("en", "summary: The first one.\n", "")
    repo.edit("en", "\n## 2. Contact", "\n## 3. Rights {#rights}\n\nYou may ask.\n\n## 2. Contact")
    repo.edit("zh-TW", "\n## 2. 聯絡", "\n## 3. 權利 {#rights}\n\n您可以詢問。\n\n## 2. 聯絡")
    commits.append(repo.commit("Second version", date="2021-01-01T12:00:00Z"))
    at = "2021-03-01T12:00:00Z"
    repo.git("revert", "--no-edit", "HEAD", env={"GIT_AUTHOR_DATE": at, "GIT_COMMITTER_DATE": at})
    commits.append(repo.head())
    return repo, commits


def test_the_listing_newest_first_with_the_record_and_every_revision(site):
    repo, (first, fix, second, revert) = site
    assert call(repo.root) == (
        EXIT_OK,
        "privacy: Privacy Policy\n"
        "  2021.01.01  withdrawn  1 added, 1 changed  [en zh-TW]\n"
        "      published 2021-01-01; withdrawn on 2021-03-01 (2020.01.01 restored)\n"
        f"      {second[:12]} 2021-01-01 Second version\n"
        "  2020.01.01  current    first published version  [en zh-TW]\n"
        "      published 2020-01-01; restored on 2021-03-01; corrected on 2020-02-01 (zh-TW)\n"
        "      The first one.\n"
        f"      {first[:12]} 2020-01-01 First version\n"
        f"      {fix[:12]} 2020-02-01 Fix wording (editorial)\n"
        f'      {revert[:12]} 2021-03-01 Revert "Second version"\n',
    )
    assert call(repo.root, "privacy") == call(repo.root)


def test_json_is_compact_in_a_pipe_and_indented_at_a_terminal(site):
    repo, (_, _, _, revert) = site
    code, piped = call(repo.root, "--format", "json")
    assert code == EXIT_OK and piped.count("\n") == 1
    data = json.loads(piped)
    assert (data["generated"], data["head"], data["site_url"]) == ("2023-11-15", revert, "")
    (policy,) = data["policies"]
    assert [(v["version"], v["status"]) for v in policy["versions"]] == [
        ("2021.01.01", "withdrawn"),
        ("2020.01.01", "current"),
    ]
    code, shown = call(repo.root, "--format", "json", stream=Terminal())
    assert shown.startswith('{\n  "generated": "2023-11-15",\n') and json.loads(shown) == data
    assert json.loads(call(repo.root, "privacy", "--format", "json")[1]) == data


def test_an_unknown_policy_is_a_usage_error(site):
    repo, _ = site
    with pytest.raises(UsageError) as caught:
        call(repo.root, "terms")
    assert str(caught.value) == "unknown policy 'terms' (policies: privacy)"


def test_a_site_without_policies(tmp_path):
    repo = PolicyRepo.create(tmp_path / "site", copy_policies=False, commit="Nothing yet")
    assert call(repo.root) == (EXIT_OK, "no policies found\n")
    assert json.loads(call(repo.root, "--format", "json")[1])["policies"] == []


def test_history_findings_come_first_in_yellow(tmp_path, monkeypatch):
    """A text without ``version:`` on main (the default ``undated: skip``) is no version: said so."""
    repo = PolicyRepo.create(tmp_path / "site", copy_policies=False)
    repo.write("en", "privacy", "---\ntitle: Privacy Policy\n---\n\n# Privacy Policy\n\nIntro.\n")
    repo.commit("Undated", date="2020-01-01T12:00:00Z")
    repo.write("en", "privacy", policy_text("Privacy Policy", "2020.02.01", "Intro.\n"))
    repo.commit("Dated", date="2020-02-01T12:00:00Z")
    monkeypatch.setenv("TERM", "xterm")
    code, out = call(repo.root, stream=Terminal())
    lines = out.splitlines()
    assert code == EXIT_OK
    assert lines[0].startswith("\x1b[33men/privacy.md:") and "[history.undated]" in lines[0]
    assert lines[1] == "\x1b[1mprivacy: Privacy Policy\x1b[0m"
    assert lines[2] == "  2020.02.01  \x1b[32mcurrent  \x1b[0m  first published version  [en]"


# ---------------------------------------------------------------- the helpers, on versions.json's data


def summary(**counts: int) -> dict:
    return {"summary": {"first": False, "added": 0, "removed": 0, "changed": 0, "moved": 0, **counts}}


@pytest.mark.parametrize(
    ("version", "expected"),
    [
        ({"summary": {"first": True}}, "first published version"),
        (summary(added=1, changed=2), "1 added, 2 changed"),
        (summary(removed=3, moved=1), "3 removed, 1 moved"),
        (summary(), "no text change"),
    ],
)
def test_the_change_of_a_version(version, expected):
    assert versions._change(version) == expected


def test_the_record_line():
    assert versions._record_line({"languages": {}}) == ""
    corrected = {"states": [{"kind": "published"}, {"kind": "corrected", "published": "2020-02-01"}]}
    restored = {"states": [{"kind": "published"}, {"kind": "restored", "published": "2020-03-01"}]}
    version = {
        "published": "2020-01-01",
        "withdrawn": {"date": "2021-03-01", "restored": "2019.01.01"},
        "restored": ["2021-04-01", "2021-05-01"],
        "languages": {"zh-TW": corrected, "en": restored, "ja": {}},
    }
    assert versions._record_line(version) == (
        "published 2020-01-01; withdrawn on 2021-03-01 (2019.01.01 restored); restored on 2021-04-01, "
        "2021-05-01; corrected on 2020-03-01 (en); corrected on 2020-02-01 (zh-TW)"
    )
