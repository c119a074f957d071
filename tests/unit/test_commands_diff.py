"""``policy diff`` (policysite.commands.diff), in process on a small real history of two versions:
the redline section by section (changed, added, removed, the intro), ``current``, either
language, the colours on a terminal, and each version or language it cannot show."""

from __future__ import annotations

import pytest
from gitrepo import PolicyRepo
from unit import commandkit
from unit.commandkit import EPOCH, Terminal

from policysite.commands import EXIT_OK, UsageError, diff


@pytest.fixture(autouse=True)
def _environment(monkeypatch):
    commandkit.clean_environment(monkeypatch, EPOCH)


def call(root, *argv: str, stream: Terminal | None = None) -> tuple[int, str]:
    return commandkit.run(diff, "diff", root, *argv, stream=stream)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> PolicyRepo:
    """2020.01.01 in both languages; 2021.01.01 changes 'general' and the intro, adds 'rights'; then
    2022.01.01 in English alone."""
    repo, _ = commandkit.published(tmp_path_factory.mktemp("diff") / "site")
    repo.set_version("privacy", "2021.01.01")
    repo.edit("en", "We keep data.", "We keep less data.")
    repo.edit("en", "Intro.", "Intro, revised.")
    repo.edit("en", "\n## 2. Contact", "\n## 3. Rights {#rights}\n\nYou may ask.\n\n## 2. Contact")
    repo.edit("zh-TW", "\n## 2. 聯絡", "\n## 3. 權利 {#rights}\n\n您可以詢問。\n\n## 2. 聯絡")
    repo.commit("Second version", date="2021-01-01T12:00:00Z")
    repo.set_version("privacy", "2022.01.01", ("en",))
    repo.edit("en", "Write to us.", "Write to us by post.")
    repo.commit("Third version, in English", date="2022-01-01T12:00:00Z")
    return repo


def test_the_redline_of_the_changed_sections(site):
    assert call(site.root, "privacy", "2020.01.01", "2021.01.01") == (
        EXIT_OK,
        "privacy (en): 2020.01.01 → 2021.01.01\n"
        "1 added, 0 removed, 2 changed, 0 moved\n"
        "\n"
        "# (intro)  [changed]\n"
        "Privacy Policy\n"  # (the intro's blocks: the title, then its text)
        "Intro{+, revised+}.\n"
        "\n"
        "## 1. General  [changed]  #general\n"
        "We keep {+less +}data.\n"
        "\n"
        "## {+3. Rights+}  [added]  #rights\n"
        "{+You may ask.+}\n"
        "\n"
        "(1 unchanged section not shown)\n",
    )


def test_backwards_and_in_chinese(site):
    assert call(site.root, "privacy", "2021.01.01", "2020.01.01", "--lang", "zh-TW") == (
        EXIT_OK,
        "privacy (zh-TW): 2021.01.01 → 2020.01.01\n"
        "0 added, 1 removed, 0 changed, 0 moved\n"
        "\n"
        "## [-3. 權利-]  [removed]  #rights\n"
        "[-您可以詢問。-]\n"
        "\n"
        "(3 unchanged sections not shown)\n",
    )


def test_current_names_the_current_version(site):
    code, out = call(site.root, "privacy", "2021.01.01", "current")
    assert code == EXIT_OK
    assert out.splitlines()[:4] == [
        "privacy (en): 2021.01.01 → 2022.01.01",
        "0 added, 0 removed, 1 changed, 0 moved",
        "",
        "## 2. Contact  [changed]  #contact",
    ]
    assert call(site.root, "privacy", "current", "current")[1] == (
        "privacy (en): 2022.01.01 → 2022.01.01\n"
        "0 added, 0 removed, 0 changed, 0 moved\n"
        "\n"
        "(4 unchanged sections not shown)\n"
    )


def test_the_colours_on_a_terminal(site, monkeypatch):
    monkeypatch.setenv("TERM", "xterm")
    code, out = call(site.root, "privacy", "2021.01.01", "2022.01.01", stream=Terminal())
    lines = out.splitlines()
    assert lines[0] == "\x1b[1mprivacy (en): 2021.01.01 → 2022.01.01\x1b[0m"
    assert lines[3] == "\x1b[1m## \x1b[0m2. Contact  \x1b[36m[changed]\x1b[0m\x1b[2m  #contact\x1b[0m"
    assert lines[4] == "Write to us\x1b[32;4m by post\x1b[0m."
    assert lines[-1] == "\x1b[2m(3 unchanged sections not shown)\x1b[0m"


@pytest.mark.parametrize(
    ("argv", "problem"),
    [
        (
            ["privacy", "2020.01.01", "2023.01.01"],
            "policy 'privacy' has no version '2023.01.01' (versions: 2020.01.01, 2021.01.01, 2022.01.01)",
        ),
        (["privacy", "yesterday", "current"], "policy 'privacy' has no version 'yesterday' (versions: "),
        (["terms", "2020.01.01", "current"], "unknown policy 'terms' (policies: privacy)"),
        (
            ["privacy", "2020.01.01", "current", "--lang", "fr"],
            "unknown language 'fr' (languages: en, zh-TW)",
        ),
        (
            ["privacy", "2020.01.01", "current", "--lang", "zh-TW"],
            "version 2022.01.01 of 'privacy' has no zh-TW text",
        ),
    ],
)
def test_what_it_cannot_show_is_a_usage_error(site, argv, problem):
    with pytest.raises(UsageError) as caught:
        call(site.root, *argv)
    assert str(caught.value).startswith(problem)
