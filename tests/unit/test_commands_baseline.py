"""``policy baseline`` (policysite.commands.baseline), in process on small real repositories: the
file it writes (entries sorted, stable), what it prints, a second run that changes nothing, an
entry that no longer matches removed, a ``baseline`` setting elsewhere, and each place it refuses
to write (a link, outside the repository, a folder that does not exist)."""

from __future__ import annotations

import shutil

import pytest
from gitrepo import PolicyRepo
from unit import commandkit
from unit.commandkit import EN_GENERAL, ZH_GENERAL

from policysite import baseline
from policysite.commands import EXIT_OK, UsageError
from policysite.commands import baseline as command

LAGGING = (
    "zh-TW translation is at version 2020.01.01 but en is at 2021.01.01 (en/privacy.md); translate the "
    "changes and set 'version: 2021.01.01'"
)


@pytest.fixture(autouse=True)
def _environment(monkeypatch):
    commandkit.clean_environment(monkeypatch)


def call(root) -> tuple[int, str]:
    return commandkit.run(command, "baseline", root)


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> PolicyRepo:
    """The Chinese translation one version behind (history.lagging, a warning) and an English
    commit that changed published text without a new version (history.unmarked-change)."""
    repo, _ = commandkit.published(tmp_path_factory.mktemp("baseline") / "site", EN_GENERAL, ZH_GENERAL)
    repo.set_version("privacy", "2021.01.01", ("en",))
    repo.commit("Second version", date="2021-01-01T12:00:00Z")
    repo.edit("en", "We keep data.", "We keep all data.")
    repo.commit("Quiet change", date="2021-02-01T12:00:00Z")
    return repo


@pytest.fixture
def site(template, tmp_path) -> PolicyRepo:
    """A copy of ``template`` for one test."""
    shutil.copytree(template.root, tmp_path / "site", symlinks=True)
    return PolicyRepo(tmp_path / "site")


def test_the_findings_are_written_sorted_and_printed(site):
    code, out = call(site.root)
    written = (site.root / "policy-baseline.yml").read_text(encoding="utf-8")
    findings = baseline.load(site.root, "policy-baseline.yml")
    assert code == EXIT_OK
    assert [(e.code, e.file) for e in findings.entries] == [
        ("history.lagging", "zh-TW/privacy.md"),
        ("history.unmarked-change", "en/privacy.md"),
    ]
    assert findings.problems == []
    quiet = site.rev("HEAD")
    assert findings.entries[1].commit == quiet
    assert written.startswith(
        "# Findings about commits already in history, and about the files as they were\n"
    )
    assert written.split("\n\n", 1)[1] == (
        "acknowledged:\n"
        "  - code: history.lagging\n"
        '    file: "zh-TW/privacy.md"\n'
        f'    message: "{LAGGING}"\n'
        "  - code: history.unmarked-change\n"
        '    file: "en/privacy.md"\n'
        f"    commit: {quiet}\n"
        f'    message: "{findings.entries[1].message}"\n'
    )
    assert findings.entries[1].message.startswith(
        f"commit {quiet[:7]} ('Quiet change') changes the published"
    )
    lines = out.splitlines()
    assert lines[0].startswith(
        f"en/privacy.md: [history.unmarked-change] commit {quiet[:7]} ('Quiet change') "
    )
    assert lines[1] == f"zh-TW/privacy.md: [history.lagging] {LAGGING}"
    assert lines[2] == (
        "policy-baseline.yml: 2 findings about existing history and files acknowledged (2 new, 0 removed). "
        "Review the file and commit it."
    )


def test_a_second_run_changes_nothing_and_says_so(site):
    call(site.root)
    path = site.root / "policy-baseline.yml"
    before = path.stat().st_mtime_ns, path.read_bytes()
    code, out = call(site.root)
    assert (path.stat().st_mtime_ns, path.read_bytes()) == before  # not even written again
    assert (code, out.splitlines()[-1]) == (
        EXIT_OK,
        "policy-baseline.yml: 2 findings about existing history and files acknowledged (0 new, 0 removed), "
        "unchanged. Review the file and commit it.",
    )


def test_a_finding_fixed_since_leaves_the_baseline(site):
    call(site.root)
    site.set_version("privacy", "2021.01.01", ("zh-TW",))  # the translator caught up
    code, out = call(site.root)
    assert out.splitlines()[-1] == (
        "policy-baseline.yml: 1 finding about existing history and files acknowledged (0 new, 1 removed). "
        "Review the file and commit it."
    )
    assert [e.code for e in baseline.load(site.root, "policy-baseline.yml").entries] == [
        "history.unmarked-change"
    ]


def test_a_site_without_findings_gets_an_empty_baseline(tmp_path):
    repo, _ = commandkit.published(tmp_path / "site", EN_GENERAL, ZH_GENERAL)
    assert call(repo.root) == (
        EXIT_OK,
        "policy-baseline.yml: 0 findings about existing history and files acknowledged (0 new, 0 removed). "
        "Review the file and commit it.\n",
    )
    assert (repo.root / "policy-baseline.yml").read_text(encoding="utf-8") == baseline.render([])
    assert baseline.render([]).endswith("acknowledged: []\n")


def test_the_setting_names_the_file(site):
    site.set_extra("extra:\n  policies:\n    baseline: reviewed/findings.yml\n")
    (site.root / "reviewed").mkdir()
    code, out = call(site.root)
    assert out.splitlines()[-1].startswith("reviewed/findings.yml: 2 findings about existing history")
    assert len(baseline.load(site.root, "reviewed/findings.yml").entries) == 2
    assert not (site.root / "policy-baseline.yml").exists()


@pytest.mark.parametrize("where", ["link", "outside", "missing folder"])
def test_it_never_writes_through_a_link_or_outside(site, tmp_path, where):
    outside = tmp_path / "elsewhere.yml"
    outside.write_text("keep: me\n", encoding="utf-8")
    if where == "link":
        (site.root / "policy-baseline.yml").symlink_to(outside)
        expected = (
            f"policy-baseline.yml:1: error: [file.symlink] policy-baseline.yml is a symbolic link to "
            f"'{outside}', outside the repository: the site reads only regular files of its sources, and "
            "nothing was read through the link"
        )
    elif where == "outside":
        site.set_extra("extra:\n  policies:\n    baseline: ../elsewhere.yml\n")
        expected = (
            "../elsewhere.yml:1: error: [file.symlink] ../elsewhere.yml is outside the repository: the site "
            "reads no file outside it"
        )
    else:
        site.set_extra("extra:\n  policies:\n    baseline: nowhere/findings.yml\n")
        expected = "cannot write nowhere/findings.yml: No such file or directory"
    with pytest.raises(UsageError) as caught:
        call(site.root)
    assert str(caught.value) == expected
    assert outside.read_text(encoding="utf-8") == "keep: me\n"
