"""``policy pr-summary`` (policysite.commands.pr_summary), in process on small real repositories:
the Markdown of a branch that starts a new English version (the table, the section redline, the
editors' summary, the redline's address under ``--site-url``, what it does to the translation, the
checks), the artifact link, a base with no change, an unknown base, and the checks of a branch
that changes published text without a new version."""

from __future__ import annotations

import pytest
from gitrepo import PolicyRepo
from unit import commandkit
from unit.commandkit import EPOCH

from policysite.commands import EXIT_OK, UsageError, check, pr_summary

LAGGING = (
    "zh-TW/privacy.md:3: warning: [history.lagging] zh-TW translation is at version 2020.01.01 but en is at "
    "2021.01.01 (en/privacy.md); translate the changes and set 'version: 2021.01.01'"
)


@pytest.fixture(autouse=True)
def _environment(monkeypatch):
    commandkit.clean_environment(monkeypatch, EPOCH)


def call(root, *argv: str) -> tuple[int, str]:
    return commandkit.run(pr_summary, "pr-summary", root, *argv)


@pytest.fixture(scope="module")
def branch(tmp_path_factory) -> tuple[PolicyRepo, str]:
    """Branch ``topic`` of main: English at a new version 2021.01.01 with a ``summary:``."""
    repo, base = commandkit.published(tmp_path_factory.mktemp("pr") / "site")
    repo.git("checkout", "-q", "-b", "topic")
    repo.set_version("privacy", "2021.01.01", ("en",))
    repo.edit("en", "We keep data.", "We keep less data.")
    repo.edit("en", "version: 2021.01.01", "version: 2021.01.01\nsummary: Less data.")
    repo.commit("Less data", date="2021-01-01T12:00:00Z")
    return repo, base


def test_a_new_english_version(branch):
    repo, base = branch
    assert call(repo.root, "--base", "main", "--site-url", "https://p.example.test/sub/") == (
        EXIT_OK,
        f"## Policy changes (base {base[:7]})\n"
        "\n"
        "| Policy | Language | Version | Sections |\n"
        "| --- | --- | --- | --- |\n"
        "| `privacy` | en | 2020.01.01 → **2021.01.01** (new version) | 1 changed |\n"
        "| `privacy` | zh-TW | 2020.01.01 (same version) | no text change |\n"
        "\n"
        "#### `privacy` — English (en)\n"
        "\n"
        "> Less data\\.\n"
        "\n"
        "- **changed** `general` 1\\. General\n"
        "\n"
        "  We keep <ins>less </ins>data\\.\n"
        "\n"
        "\n"
        "Redline once published: [https://p.example.test/sub/privacy/changes/2021.01.01/]"
        "(https://p.example.test/sub/privacy/changes/2021.01.01/)\n"
        "\n"
        "#### `privacy` — 繁體中文 (zh-TW)\n"
        "\n"
        "No text change.\n"
        "\n"
        "### Translations\n"
        "\n"
        "- English changes sections `general` of `privacy`: zh-TW will be outdated in 1 section (translation "
        "of 2020.01.01, English at 2021.01.01).\n"
        "\n"
        "### Checks\n"
        "\n"
        "⚠️ 0 error(s), 1 warning(s):\n"
        "\n"
        "```\n"
        f"{LAGGING}\n"
        "```\n",
    )


def test_without_a_site_url_the_redline_address_is_site_absolute(branch):
    repo, base = branch
    out = call(repo.root, "--base", base)[1]
    assert "Redline once published: [/privacy/changes/2021.01.01/](/privacy/changes/2021.01.01/)\n" in out


def test_the_artifact_is_linked_first(branch):
    repo, base = branch
    lines = call(repo.root, "--base", base, "--artifact-url", "https://ci.example.test/run/1.zip")[1].split(
        "\n"
    )
    assert lines[:4] == [
        f"## Policy changes (base {base[:7]})",
        "",
        "Built site of this pull request: [download the artifact](https://ci.example.test/run/1.zip) "
        "(unzip it and open `index.html`).",
        "",
    ]


def test_no_change_since_the_base(branch):
    repo, _ = branch
    head = repo.head()
    assert call(repo.root, "--base", "topic") == (
        EXIT_OK,
        f"## Policy changes (base {head[:7]})\n\nNo policy text changes.\n\n### Checks\n\n"
        f"⚠️ 0 error(s), 1 warning(s):\n\n```\n{LAGGING}\n```\n",
    )


def test_an_unknown_base_is_a_usage_error(branch):
    repo, _ = branch
    with pytest.raises(UsageError) as caught:
        call(repo.root, "--base", "origin/main")
    assert str(caught.value) == (
        "unknown revision 'origin/main' (Needed a single revision): give a commit, branch or tag, e.g. "
        "'origin/main' (in a CI checkout, fetch the base branch first)"
    )


@pytest.fixture(scope="module")
def quiet(tmp_path_factory) -> tuple[PolicyRepo, str]:
    """A branch commit that changes the published English text without a new version."""
    repo, base = commandkit.published(tmp_path_factory.mktemp("pr-quiet") / "site")
    repo.edit("en", "We keep data.", "We keep all data.")
    repo.commit("Quiet change", date="2020-02-01T12:00:00Z")
    return repo, base


def test_a_change_of_published_text_fails_its_checks(quiet):
    repo, base = quiet
    code, out = call(repo.root, "--base", base)
    assert code == EXIT_OK  # (a summary, whatever the checks say: CI's check fails the pull request)
    assert "| `privacy` | en | 2020.01.01 (same version) | 1 changed |\n" in out
    checks = out.split("### Checks\n\n", 1)[1]
    assert checks.startswith("❌ ")
    assert "en/privacy.md:3: error: [version.immutable] the 1 commit since " in checks


def test_the_checks_are_those_of_check_since_the_base(quiet):
    repo, base = quiet
    _, out = commandkit.run(check, "check", repo.root, "--since", base)
    assert out.splitlines()[-1] == "1 error, 0 warnings"  # policy check --since BASE
    checks = call(repo.root, "--base", base)[1].split("### Checks\n\n", 1)[1]
    assert checks.startswith("❌ 1 error(s), 0 warning(s):\n")
    assert "history.unmarked-change" not in checks
