"""``policy check`` (policysite.commands.check), in process on small real git repositories: the
summary of a clean site, the colour of each finding by what it fails, JSON, and ``--since``: the
version rules for a branch's commits, which replace main's rule for the same change.

(Usage errors, --help and the exact compiler form of a finding: tests/unit/test_cli.py.)"""

from __future__ import annotations

import json

import pytest
from gitrepo import PolicyRepo, policy_text
from unit import commandkit
from unit.commandkit import EN_GENERAL, TERMS, ZH_GENERAL, Terminal

from policysite import project
from policysite.commands import EXIT_FINDINGS, EXIT_OK, UsageError, check
from policysite.diagnostics import Diagnostic


@pytest.fixture(autouse=True)
def _environment(monkeypatch):
    commandkit.clean_environment(monkeypatch)


def call(root, *argv: str, stream: Terminal | None = None) -> tuple[int, str]:
    return commandkit.run(check, "check", root, *argv, stream=stream)


@pytest.fixture(scope="module")
def branch(tmp_path_factory) -> tuple[PolicyRepo, str, str]:
    """A published version, then a commit that changes its English text without a new version,
    with an unknown ``Policy-Change`` value: (repository, base commit, that commit)."""
    repo, base = commandkit.published(tmp_path_factory.mktemp("check") / "site", EN_GENERAL, ZH_GENERAL)
    repo.edit("en", "We keep data.", "We keep all data.")
    quiet = repo.commit("Quiet change", date="2020-02-01T12:00:00Z", trailers={"Policy-Change": "sneaky"})
    return repo, base, quiet


def test_a_clean_site_in_one_language_counts_its_policies_and_languages(tmp_path):
    repo = PolicyRepo.init(tmp_path)
    repo.write_file(
        "mkdocs.yml",
        "site_name: One\nsite_url: https://one.example.test/\ntheme:\n  name: material\n"
        "plugins:\n  - policies:\n      pdf: false\n  - search\n",
    )
    repo.write_file("docs/index.md", "# One\n")
    repo.write("en", "privacy", policy_text("Privacy Policy", "2020.01.01", EN_GENERAL))
    repo.write("en", "terms", policy_text("Terms", "2020.01.01", TERMS))
    repo.commit("First version", date="2020-01-01T12:00:00Z")
    assert call(tmp_path) == (EXIT_OK, "ok: 2 policies in 1 language, no findings\n")
    assert call(tmp_path, "--strict", "--format", "json") == (
        EXIT_OK,
        json.dumps(
            {"diagnostics": [], "summary": {"errors": 0, "warnings": 0, "info": 0, "acknowledged": 0}},
            indent=2,
        )
        + "\n",
    )


def test_main_s_rule_judges_a_commit_on_main(branch):
    repo, _, quiet = branch
    code, out = call(repo.root)
    assert code == EXIT_OK  # a warning: fails strict checks only
    first, summary = out.splitlines()
    assert first.startswith(
        f"en/privacy.md:1: warning: [history.unmarked-change] commit {quiet[:7]} ('Quiet change') changes "
        "the published text of version 2020.01.01 (published 2020-01-01) without a new version"
    )
    assert summary == "0 errors, 1 warning"
    assert call(repo.root, "--strict") == (EXIT_FINDINGS, out)


def test_since_applies_the_version_rules_to_the_branch_instead(branch):
    repo, base, quiet = branch
    code, out = call(repo.root, "--since", base)
    assert code == EXIT_FINDINGS
    trailer, immutable, summary = out.splitlines()
    assert trailer == (
        f"en/privacy.md:1: error: [version.trailer] commit {quiet[:7]} ('Quiet change') has "
        "'Policy-Change: sneaky'; the accepted values are: editorial (e.g. 'Policy-Change: editorial (typo)')"
    )
    assert immutable.startswith(
        f"en/privacy.md:3: error: [version.immutable] the 1 commit since {base[:7]} ({quiet[:7]} 'Quiet "
        "change') changes the text of published version 2020.01.01 of en/privacy.md without a new version. "
        "Start one with 'policy new-version privacy YYYY.MM.DD'"
    )
    assert summary == "2 errors, 0 warnings"
    assert "history.unmarked-change" not in out
    code, data = call(repo.root, "--since", base, "--format", "json")
    assert [d["code"] for d in json.loads(data)["diagnostics"]] == ["version.trailer", "version.immutable"]
    assert json.loads(data)["summary"] == {"errors": 2, "warnings": 0, "info": 0, "acknowledged": 0}


def test_since_the_head_itself_adds_nothing(branch):
    repo, _, quiet = branch
    code, out = call(repo.root, "--since", quiet)
    assert code == EXIT_OK
    assert "[history.unmarked-change]" in out and "version." not in out


def test_since_an_unknown_revision_is_a_usage_error(branch):
    repo, _, _ = branch
    with pytest.raises(UsageError) as caught:
        call(repo.root, "--since", "no-such-branch")
    assert str(caught.value) == (
        "unknown revision 'no-such-branch' (Needed a single revision): give a commit, branch or tag, e.g. "
        "'origin/main' (in a CI checkout, fetch the base branch first)"
    )


def test_since_findings_keeps_main_s_rule_for_commits_outside_the_branch(branch):
    repo, base, quiet = branch
    corpus = project.load_tree(repo.root, ("en", "zh-TW"))
    elsewhere = Diagnostic.warning("history.unmarked-change", "en/privacy.md", 1, "x", commit="f" * 40)
    mine = Diagnostic.warning("history.unmarked-change", "en/privacy.md", 1, "y", commit=quiet)
    other = Diagnostic.warning("parity.paragraphs", "zh-TW/privacy.md", 9, "z")
    found = check.since_findings(repo.root, corpus, base, [elsewhere, mine, other])
    assert found[:2] == [elsewhere, other]
    assert [d.code for d in found[2:]] == ["version.immutable", "version.trailer"]


def test_each_finding_is_coloured_by_what_it_fails_on_a_terminal(branch, monkeypatch):
    repo, base, _ = branch
    monkeypatch.setenv("TERM", "xterm")
    code, out = call(repo.root, "--since", base, stream=Terminal())
    assert code == EXIT_FINDINGS
    lines = out.splitlines()
    assert lines[0].startswith("\x1b[31men/privacy.md:1: error: [version.trailer]") and lines[0].endswith(
        "\x1b[0m"
    )
    assert lines[-1] == "2 errors, 0 warnings"
    _, warned = call(repo.root, stream=Terminal())
    assert warned.startswith("\x1b[33men/privacy.md:1: warning: [history.unmarked-change]")
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b" not in call(repo.root, stream=Terminal())[1]


def test_an_informational_finding_is_dim_and_never_fails(tmp_path, monkeypatch):
    repo = PolicyRepo.create(tmp_path / "site", copy_policies=False)
    repo.set_extra("extra:\n  policies:\n    untranslated: info\n")
    repo.write("en", "privacy", policy_text("Privacy Policy", "2020.01.01", EN_GENERAL))
    repo.commit("English only", date="2020-01-01T12:00:00Z")
    monkeypatch.setenv("TERM", "xterm")
    code, out = call(repo.root, "--strict", stream=Terminal())
    assert code == EXIT_OK
    finding, summary = out.splitlines()
    assert finding.startswith("\x1b[2mzh-TW/privacy.md:1: info: [") and finding.endswith("\x1b[0m")
    assert summary == "0 errors, 0 warnings, 1 info"
    monkeypatch.setenv("TERM", "dumb")
    assert "\x1b" not in call(repo.root, stream=Terminal())[1]
