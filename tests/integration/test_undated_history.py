"""Issue 25, items 2 and 3: history follows moves into the layout; undated texts are versions.

A repository that kept its policies elsewhere (``Policies/<category>/<policy>.md``), without
``version:`` in front matter, adopts the layout with one ``git mv`` commit.  With
``undated: commit`` every text main ever published is a version dated by the day it reached
main (in the site's time zone), marked "dated by publication" on its page and in
``versions.json``; with ``undated: skip`` (the default) they are not versions and a message says
so.  A move git cannot pair is named in ``former_paths``.  Real git repositories with merges,
the real ``policy`` command and ``mkdocs build --strict``.
"""

from __future__ import annotations

import json

from gitrepo import PolicyRepo

OLD = "Policies/security/access.md"


def text(rule: str, title: str = "Access Policy") -> str:
    return (
        f"---\ntitle: {title}\n---\n\n# {title}\n\nThese rules apply from the date given in the notice.\n\n"
        f"## 1. Accounts {{#accounts}}\n\n{rule} See [passwords](#passwords).\n\n"
        "## 2. Passwords {#passwords}\n\nPasswords are long.\n"
    )


def settings(repo: PolicyRepo, extra: str = "") -> None:
    """``extra.policies``: ``extra`` holds more settings, indented by four spaces."""
    repo.set_extra(
        "extra:\n  policies:\n    pdf: false\n    untranslated: info\n    timezone: Asia/Taipei\n" + extra
    )


def adopted(tmp_path, undated: str = "commit") -> tuple[PolicyRepo, list[str]]:
    """Six texts on main (one through a merged pull request, two on one day), then the move."""
    repo = PolicyRepo.create(tmp_path, copy_policies=False)
    settings(repo, f"    undated: {undated}")
    rules = []
    for day, rule in enumerate(["Each account has one owner.", "Each account has one named owner."], 1):
        repo.write_file(OLD, text(rule))
        repo.commit(f"Rule {day}", date=f"2021-0{day}-01T12:00:00Z")
        rules.append(rule)
    repo.git("checkout", "-q", "-b", "pr")
    repo.write_file(OLD, text("Owners are named in the register."))
    repo.commit("PR: the register", date="2021-03-01T12:00:00Z")
    repo.write_file(OLD, text("Owners are named in the account register."))
    repo.commit("PR: wording", date="2021-03-02T12:00:00Z")
    repo.git("checkout", "-q", "main")
    repo.git(
        "merge", "-q", "--no-ff", "pr", "-m", "Merge pull request #1", env=_dated("2021-03-05T12:00:00Z")
    )
    rules.append("Owners are named in the account register.")
    for hour, rule in ((1, "Owners are listed."), (9, "Owners are listed and reviewed.")):
        repo.write_file(OLD, text(rule))  # 1:00 and 9:00 UTC: 9:00 and 17:00 in Taipei, one day
        repo.commit(f"Same day {hour}", date=f"2021-04-01T0{hour}:00:00Z")
    rules.append("Owners are listed and reviewed.")
    repo.write_file("README.md", "Our policies.\n")
    repo.commit("Unrelated", date="2021-04-05T12:00:00Z")
    (repo.root / "en/security").mkdir(parents=True)
    repo.git("mv", OLD, "en/security/access.md")
    repo.commit("Adopt the layout", date="2021-05-01T12:00:00Z")
    return repo, rules


def _dated(when: str) -> dict[str, str]:
    return {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}


def test_every_text_main_published_before_the_move_is_a_version_dated_by_publication(tmp_path):
    repo, rules = adopted(tmp_path)
    result = repo.build()
    assert result.ok, result.output
    index = json.loads(result.path("versions.json").read_text(encoding="utf-8"))
    (policy,) = index["policies"]
    assert policy["id"] == "security/access"
    versions = {v["version"]: v for v in policy["versions"]}
    # One version per day main published a new text: the pull request's own commits are not on
    # main; the two texts of 1 April are that day's version, as first published and as corrected.
    assert sorted(versions) == ["2021.01.01", "2021.02.01", "2021.03.05", "2021.04.01"]
    assert all(v["dated_by"] == "publication" for v in versions.values())
    assert versions["2021.04.01"]["status"] == "current"
    states = versions["2021.04.01"]["languages"]["en"]["states"]
    assert [s["path"] for s in states] == [OLD, OLD]
    for version, rule in zip(sorted(versions), rules, strict=True):
        page = result.page(f"security/access/versions/{version}")
        assert rule in page, version
        assert "dated by publication" in page
    assert rules[-1] in result.page("security/access")
    assert "Owners are listed." in result.page("security/access/versions/2021.04.01/wording-1")
    assert "Owners are named" in result.page("security/access/changes/2021.04.01")
    check = repo.policy("check", "--strict")
    assert check.returncode == 0, check.output
    listing = repo.policy("versions", "security/access")
    assert all(version in listing.stdout for version in versions), listing.output


def test_undated_skip_publishes_no_version_and_says_why(tmp_path):
    repo, _ = adopted(tmp_path, undated="skip")
    check = repo.policy("check")
    assert check.returncode == 1, check.output
    assert "en/security/access.md:1: info: [history.undated] 6 commits of this file" in check.output
    assert "undated: commit" in check.output
    assert "[front-matter.version]" in check.output


def test_a_move_git_cannot_pair_is_followed_through_former_paths(tmp_path):
    repo = PolicyRepo.create(tmp_path, copy_policies=False)
    settings(repo, "    undated: commit")
    repo.write_file("old/access-rules.md", text("Each account has one owner.", "Rules"))
    repo.commit("Rules", date="2021-01-01T12:00:00Z")
    (repo.root / "old/access-rules.md").unlink()
    rewritten = text("Every account is owned by exactly one person, named in the register.")
    repo.write_file("en/access.md", rewritten.replace("Passwords are long.", "Passwords have 16 characters."))
    repo.commit("Move and rewrite", date="2021-02-01T12:00:00Z")
    before = json.loads(repo.policy("versions", "access", "--json").stdout or "{}")
    settings(repo, "    undated: commit\n    former_paths:\n      old/access-rules.md: en/access.md")
    repo.commit("Name the former path", date="2021-02-02T12:00:00Z")
    result = repo.build()
    assert result.ok, result.output
    index = json.loads(result.path("versions.json").read_text(encoding="utf-8"))
    versions = [v["version"] for v in index["policies"][0]["versions"]]
    assert versions == ["2021.02.01", "2021.01.01"], (versions, before)
    assert "Each account has one owner." in result.page("access/versions/2021.01.01")


def test_new_version_starts_from_a_file_without_a_date(tmp_path):
    repo, _ = adopted(tmp_path)
    started = repo.policy("new-version", "security/access", "2022.01.01")
    assert started.returncode == 0, started.output
    source = repo.read("en", "security/access")
    assert source.startswith("---\ntitle: Access Policy\nversion: 2022.01.01\n---\n")
    repo.commit("A dated version", date="2021-12-01T12:00:00Z")
    result = repo.build()
    assert result.ok, result.output
    index = json.loads(result.path("versions.json").read_text(encoding="utf-8"))
    newest = index["policies"][0]["versions"][0]
    assert (newest["version"], newest["dated_by"], newest["status"]) == ("2022.01.01", "source", "current")
