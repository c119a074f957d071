"""Strict is strict: a strict build fails on the plugin's warnings whatever ``-q``/``-v`` do.

MkDocs counts warnings through its logger, and ``--quiet`` raises the logger's level above
WARNING before its strict counter sees anything (mkdocs#4126; ``-v`` has a similar hole,
mkdocs#3991): the plugin counts the warnings it reports itself and refuses the build.
"""

from __future__ import annotations

import subprocess

import pytest
from gitrepo import PolicyRepo, clean_env, mkdocs_command, policy_text

FLAGS = [[], ["-q"], ["-v"], ["-q", "-v"]]


def _mkdocs(repo: PolicyRepo, *flags: str) -> subprocess.CompletedProcess[str]:
    command = [*mkdocs_command(), "build", *flags, "--site-dir", str(repo.root / "site")]
    return subprocess.run(
        command, cwd=repo.root, capture_output=True, text=True, env=clean_env(), timeout=600
    )


@pytest.fixture(scope="module")
def pending(tmp_path_factory) -> PolicyRepo:
    """A repository whose one warning is a policy with no Chinese translation yet."""
    repo = PolicyRepo.create(tmp_path_factory.mktemp("strict") / "repo", commit="The project")
    repo.write("en", "terms", policy_text("Terms", "2024.01.01", "## Use {#use}\n\nUse it lawfully.\n"))
    repo.commit("Terms in English only")
    return repo


@pytest.mark.parametrize("flags", FLAGS, ids=lambda f: " ".join(f) or "plain")
def test_a_strict_build_fails_on_one_warning_whatever_the_logging(pending, flags):
    result = _mkdocs(pending, *flags, "--strict")
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "Traceback" not in output
    # the refusal names the finding even when -q hid the warning itself
    assert "strict mode" in output and "en/terms.md" in output, output


@pytest.mark.parametrize("flags", [["-q"], ["-v"]], ids=lambda f: " ".join(f))
def test_the_same_tree_builds_without_strict(pending, flags):
    result = _mkdocs(pending, *flags)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (pending.root / "site" / "terms" / "index.html").is_file()


def test_a_warning_about_a_page_fails_a_quiet_strict_build(tmp_path):
    """A warning reported while MkDocs renders a page (an unused front matter key) counts too."""
    repo = PolicyRepo.create(tmp_path / "repo", commit="The project")
    home = repo.root / "docs" / "en" / "index.md"
    if not home.exists():
        home = next((repo.root / "docs").rglob("index.md"))
    home.write_text("---\nunused_key: 1\n" + home.read_text(encoding="utf-8").removeprefix("---\n"))
    repo.commit("A home page with a front matter key the site does not use")
    result = _mkdocs(repo, "-q", "--strict")
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "unused_key" in output and "Traceback" not in output


def test_policy_check_strict_fails_on_the_warning(pending, policy):
    assert pending.policy("check").returncode == 0
    result = policy(pending, "check", "--strict")
    assert result.returncode != 0 and "translation.pending" in result.output
