"""``policy verify``: a published site against a rebuild of the commit it records, on real
repositories (the three-version history of ``auditing``, with PDFs), run as a subprocess."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from auditing import pdf_url
from gitrepo import SITE_URL, PolicyRepo


@pytest.fixture(scope="module")
def published(audited_site):
    """The repository and its site, built as the publish workflow does (SOURCE_DATE_EPOCH set)."""
    audited, result = audited_site
    return audited.repo, result.site


def copy_site(site: Path, tmp_path: Path) -> Path:
    target = tmp_path / "published-site"
    shutil.copytree(site, target)
    return target


def flip_one_byte(path: Path) -> None:
    """Change one byte in the middle of the file (a digit or letter stays printable)."""
    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    while not chr(data[middle]).isalnum():
        middle += 1
    data[middle] = ord("7") if data[middle] != ord("7") else ord("8")
    path.write_bytes(bytes(data))


def verify(policy, repo: PolicyRepo, site: Path):
    return policy(repo, "verify", str(site))


def worktrees(repo: PolicyRepo) -> list[str]:
    return [
        line
        for line in repo.git("worktree", "list", "--porcelain").splitlines()
        if line.startswith("worktree ")
    ]


def test_a_fresh_build_verifies(published, policy):
    repo, site = published
    assert site == repo.root / "site"
    run = policy(repo, "verify")  # SITE_DIR defaults to the site_dir of mkdocs.yml
    assert run.returncode == 0, run.output
    assert run.stdout.startswith("ok: ")
    assert f"rebuild of commit {repo.head()[:12]}" in run.stdout
    assert "8 PDFs carry their source" in run.stdout and "8 source hashes match git" in run.stdout, run.stdout
    assert "rebuilding commit" in run.stderr
    assert len(worktrees(repo)) == 1  # the temporary worktree is gone


def oldest_zh_entry(index: dict) -> dict:
    privacy = next(p for p in index["policies"] if p["id"] == "privacy")
    return privacy["versions"][-1]["languages"]["zh-TW"]  # 2020.01.01, archived


@pytest.mark.parametrize(
    "changed",
    [
        "privacy/versions/2020.01.01/index.html",  # an archived page
        pdf_url("zh-TW", "2020.01.01"),  # a PDF
    ],
)
def test_one_changed_byte_is_found_and_named(published, policy, tmp_path, changed):
    repo, site = published
    copy = copy_site(site, tmp_path)
    flip_one_byte(copy / changed)
    run = verify(policy, repo, copy)
    assert run.returncode == 1, run.output
    differing = [line for line in run.stdout.splitlines() if "differs from the rebuild" in line]
    assert differing == [f"{changed}: differs from the rebuild"], run.stdout
    assert "is not what commit" in run.stdout
    if changed.endswith(".pdf"):  # and its bytes against the SHA-256 versions.json records for it
        recorded = oldest_zh_entry(json.loads((copy / "versions.json").read_text(encoding="utf-8")))
        assert f"{changed}: its bytes have SHA-256 " in run.stdout
        assert f"but versions.json says {recorded['pdf_sha256']}" in run.stdout


def test_versions_json_records_the_sha256_of_every_pdf(published):
    import hashlib

    _, site = published
    index = json.loads((site / "versions.json").read_text(encoding="utf-8"))
    entries = [e for p in index["policies"] for v in p["versions"] for e in v["languages"].values()]
    assert entries and all("pdf" in e for e in entries)
    for entry in entries:
        data = (site / entry["pdf"].removeprefix(SITE_URL)).read_bytes()  # (absolute under site_url)
        assert entry["pdf_sha256"] == hashlib.sha256(data).hexdigest(), entry["pdf"]


def test_one_changed_byte_of_versions_json_is_named_and_its_hash_checked_against_git(
    published, policy, tmp_path
):
    repo, site = published
    copy = copy_site(site, tmp_path)
    data = (copy / "versions.json").read_bytes()
    recorded = oldest_zh_entry(json.loads(data))["sha256"]
    forged = recorded[:-1] + ("0" if recorded[-1] != "0" else "1")  # one hex digit
    assert data.count(recorded.encode()) == 2  # the text, and its last wording in "states"
    (copy / "versions.json").write_bytes(data.replace(recorded.encode(), forged.encode()))
    run = verify(policy, repo, copy)
    assert run.returncode == 1, run.output
    differing = [line for line in run.stdout.splitlines() if "differs from the rebuild" in line]
    assert differing == ["versions.json: differs from the rebuild"], run.stdout
    assert f"versions.json: privacy 2020.01.01 zh-TW: SHA-256 {forged} but zh-TW/privacy.md at commit" in (
        run.stdout
    )
    # The PDF's attached source is checked against git, not against the forged index.
    assert pdf_url("zh-TW", "2020.01.01") not in run.stdout


def test_a_missing_and_an_added_file_are_named(published, policy, tmp_path):
    repo, site = published
    copy = copy_site(site, tmp_path)
    (copy / pdf_url("en", "2020.06.01")).unlink()
    (copy / "privacy" / "versions" / "notes.html").write_text("<p>not from git</p>", encoding="utf-8")
    run = verify(policy, repo, copy)
    assert run.returncode == 1, run.output
    assert f"{pdf_url('en', '2020.06.01')}: missing (the rebuild has it)" in run.stdout
    assert "privacy/versions/notes.html: not in the rebuild" in run.stdout


def test_a_shallow_clone_cannot_verify(published, policy, tmp_path):
    repo, site = published
    shallow = PolicyRepo.clone(repo, tmp_path / "shallow", "--depth", "1")
    run = verify(policy, shallow, site)
    assert run.returncode == 2, run.output
    assert "Traceback" not in run.output
    assert "shallow clone" in run.stderr and "git fetch --unshallow" in run.stderr, run.stderr


def test_a_commit_the_repository_does_not_have_cannot_verify(published, policy, tmp_path):
    _, site = published
    other = PolicyRepo.create(tmp_path / "other", commit="Another history")
    run = verify(policy, other, site)
    assert run.returncode == 2, run.output
    assert "is not in this repository" in run.stderr and "git fetch" in run.stderr, run.stderr


def test_outside_git_it_cannot_verify(published, policy, tmp_path):
    _, site = published
    folder = PolicyRepo.create(tmp_path / "files", init=False)
    run = verify(policy, folder, site)
    assert run.returncode == 2, run.output
    assert "is not in a git repository" in run.stderr, run.stderr


def test_a_folder_that_is_not_a_built_site_cannot_verify(published, policy, tmp_path):
    repo, _ = published
    empty = tmp_path / "empty"
    empty.mkdir()
    run = verify(policy, repo, empty)
    assert run.returncode == 2 and "versions.json" in run.stderr and "does not exist" in run.stderr, (
        run.output
    )
    run = verify(policy, repo, tmp_path / "nowhere")
    assert run.returncode == 2 and "is not a folder" in run.stderr, run.output


def test_a_site_built_without_source_date_epoch_cannot_verify(tmp_path, policy):
    repo = PolicyRepo.create(tmp_path / "repo", commit="The project as it stands")
    result = repo.build()
    assert result.ok, result.output
    assert (
        json.loads((result.site / "versions.json").read_text(encoding="utf-8"))["source_date_epoch"] is None
    )
    run = verify(policy, repo, result.site)
    assert run.returncode == 2, run.output
    assert "without SOURCE_DATE_EPOCH" in run.stderr, run.stderr
