"""``policy verify`` (policysite.commands.verify), in process: which site it verifies (the named
folder, else mkdocs.yml's ``site_dir``), how it names it, and each reason it cannot verify, given
before anything is rebuilt (a missing folder, no versions.json, a site built outside git or without
SOURCE_DATE_EPOCH, a commit the repository lacks, no repository); its progress goes to stderr.

The rebuild and the byte-for-byte comparison run MkDocs: tests/integration/test_verify.py, end to end, and
tests/unit/test_verify.py for policysite.verify's parts."""

from __future__ import annotations

import io
import json

import pytest
from gitrepo import PolicyRepo
from unit import commandkit

from policysite.commands import UsageError, verify


@pytest.fixture(autouse=True)
def _environment(monkeypatch):
    commandkit.clean_environment(monkeypatch)


def problem(root, *argv: str) -> str:
    stream = io.StringIO()
    with pytest.raises(UsageError) as caught:
        commandkit.run(verify, "verify", root, *argv, stream=stream)
    assert stream.getvalue() == ""
    return str(caught.value)


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> PolicyRepo:
    return PolicyRepo.create(tmp_path_factory.mktemp("verify") / "site", copy_policies=False, commit="Empty")


def site_with(root, index: object) -> str:
    folder = root / "published"
    folder.mkdir(exist_ok=True)
    (folder / "versions.json").write_text(json.dumps(index), encoding="utf-8")
    return str(folder)


def test_the_default_site_is_site_dir_named_from_the_current_folder(repo, monkeypatch):
    monkeypatch.chdir(repo.root)
    assert problem(repo.root) == (
        f"cannot verify site: {repo.root.resolve()}/site is not a folder: give the published site's folder "
        "(e.g. 'site')"
    )
    monkeypatch.chdir(repo.root / "en")
    assert problem(repo.root).startswith(f"cannot verify ../site: {repo.root.resolve()}/site is not a folder")


def test_a_named_site_is_named_as_given(repo, tmp_path):
    missing = tmp_path / "nowhere"
    assert problem(repo.root, str(missing)) == (
        f"cannot verify {missing}: {missing} is not a folder: give the published site's folder (e.g. 'site')"
    )
    assert problem(repo.root, str(tmp_path)) == (
        f"cannot verify {tmp_path}: {tmp_path}/versions.json does not exist: this is not a site built by "
        "this project (build it with 'mkdocs build')"
    )


@pytest.mark.parametrize(
    ("index", "reason"),
    [
        ([], "{where} is not this project's index of versions (no 'policies' list)"),
        (
            {"policies": []},
            "{where} records no commit ('head'): the site was built outside git, so nothing can rebuild it",
        ),
        (
            {"policies": [], "head": "a" * 40},
            "{where} records no 'source_date_epoch': the site was built by a version of policysite that did "
            "not record it; rebuild and publish it again to make it verifiable",
        ),
        (
            {"policies": [], "head": "a" * 40, "source_date_epoch": None},
            "{where}: the site was built without SOURCE_DATE_EPOCH, so its build time is unknown and it "
            "cannot be reproduced; publish with SOURCE_DATE_EPOCH set (as .github/workflows/publish.yml "
            "does)",
        ),
        (
            {"policies": [], "head": "a" * 40, "source_date_epoch": 1700000000},
            f"commit {'a' * 40} (recorded in {{where}}) is not in this repository: fetch it ('git fetch "
            "origin'), or run verify in the repository the site was built from",
        ),
    ],
    ids=["not-an-index", "no-head", "no-epoch", "epoch-null", "unknown-commit"],
)
def test_what_versions_json_must_record(repo, tmp_path, index, reason):
    site = site_with(tmp_path, index)
    where = f"{site}/versions.json"
    assert problem(repo.root, site) == f"cannot verify {site}: " + reason.format(where=where)


def test_a_site_outside_git_cannot_be_verified(tmp_path):
    outside = PolicyRepo.create(tmp_path / "site", copy_policies=False, init=False)
    site = site_with(tmp_path, {"policies": [], "head": "a" * 40, "source_date_epoch": 0})
    assert problem(outside.root, site) == (
        f"cannot verify {site}: {outside.root.resolve()} is not in a git repository: verifying needs the "
        "site's repository with its full history (git clone, not a download of the files)"
    )


def test_progress_goes_to_stderr(capsys):
    verify._progress("rebuilding \x1b[2J commit 0123")
    out, err = capsys.readouterr()
    assert (out, err) == ("", "policy verify: rebuilding \\x1b[2J commit 0123\n")
