"""Issue 17: the build only ever deletes its own files, whatever ``staging_dir`` says.

Each setting is tried in a fresh committed copy with a real ``mkdocs build``: a
dangerous folder is refused with a clear configuration error before anything
is written, and afterwards ``git status`` is clean and the user's files are all
there.  A folder of the build's own is synced with a manifest, so a later build
removes only what an earlier build wrote.
"""

from __future__ import annotations

import os

import pytest
from gitrepo import PolicyRepo

from policysite import staging


def files(repo: PolicyRepo) -> list[str]:
    return sorted(
        p.relative_to(repo.root).as_posix() for p in repo.root.rglob("*") if ".git/" not in p.as_posix()
    )


def status(repo: PolicyRepo) -> str:
    return repo.git("status", "--porcelain", "--untracked-files=all")


@pytest.mark.parametrize(
    "setting,why",
    [
        (".", "is the project itself"),
        ("docs", "overlaps 'docs'"),
        ("en", "overlaps 'en'"),
        ("zh-TW", "overlaps 'zh-TW'"),
        ("docs/overrides", "overlaps 'docs'"),
        ("site", "overlaps"),
        (".git", "git repository's own folder"),
        ("..", "is outside the project"),
    ],
)
def test_a_dangerous_staging_dir_is_refused_and_nothing_changes(tmp_path, setting, why):
    repo = PolicyRepo.create(tmp_path / "project", commit="The project as it stands")
    repo.set_extra(f"extra:\n  policies:\n    staging_dir: '{setting}'\n")
    repo.commit("Point the staging folder at " + setting)
    before = files(repo)
    result = repo.build(strict=False)  # the site folder is the default, site/
    assert result.returncode != 0
    assert "Traceback" not in result.output
    assert f"extra.policies.staging_dir '{setting}'" in result.output and why in result.output, result.output
    assert "nothing was changed" in result.output
    assert status(repo) == ""
    assert files(repo) == before


def test_a_folder_outside_the_project_keeps_the_users_file(tmp_path):
    repo = PolicyRepo.create(tmp_path / "project", commit="The project as it stands")
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "my-notes.txt").write_text("mine")
    repo.set_extra(f"extra:\n  policies:\n    staging_dir: '{outside}'\n")
    result = repo.build(strict=False)
    assert result.returncode != 0 and "is outside the project" in result.output
    assert (outside / "my-notes.txt").read_text() == "mine"
    assert sorted(p.name for p in outside.iterdir()) == ["my-notes.txt"]


def test_a_folder_holding_a_users_files_is_refused(tmp_path):
    repo = PolicyRepo.create(tmp_path / "project", commit="The project as it stands")
    notes = repo.root / "notes"
    notes.mkdir()
    (notes / "draft.md").write_text("my draft")
    repo.set_extra("extra:\n  policies:\n    staging_dir: notes\n")
    result = repo.build(strict=False)
    assert result.returncode != 0
    assert "holds files the build did not write (draft.md)" in result.output, result.output
    assert (notes / "draft.md").read_text() == "my draft"
    assert sorted(p.name for p in notes.iterdir()) == ["draft.md"]


def test_a_tracked_folder_is_refused(tmp_path):
    repo = PolicyRepo.create(tmp_path / "project", commit="The project as it stands")
    repo.write_file("legal/notes.md", "tracked notes")
    repo.commit("Add notes")
    repo.set_extra("extra:\n  policies:\n    staging_dir: legal\n")
    result = repo.build(strict=False)
    assert result.returncode != 0 and "holds files tracked by git (legal/notes.md)" in result.output
    assert (repo.root / "legal" / "notes.md").read_text() == "tracked notes"


def test_the_builds_own_folder_removes_only_what_it_wrote(tmp_path):
    repo = PolicyRepo.create(tmp_path / "project", commit="The project as it stands")
    repo.set_extra("extra:\n  policies:\n    staging_dir: build/staging\n")
    (repo.root / ".gitignore").write_text((repo.root / ".gitignore").read_text() + "build/\n")
    repo.commit("Stage in build/staging")
    first = repo.build(strict=True)
    assert first.ok, first.output
    staged = repo.root / "build" / "staging"
    assert (staged / "en" / "privacy.md").is_file() and (staged / ".policysite-manifest.json").is_file()
    # A file the build wrote and no longer needs goes; nothing else is touched.
    (repo.root / "build" / "keep.txt").write_text("not in the staging folder")
    repo.write_file("docs/en/about.md", "---\ntitle: About\n---\n\n# About\n\nAbout us.\n")
    repo.commit("About page")
    assert repo.build(strict=False).ok
    assert (staged / "en" / "about.md").is_file()
    (repo.root / "docs" / "en" / "about.md").unlink()
    repo.commit("No about page")
    assert repo.build(strict=False).ok
    assert not (staged / "en" / "about.md").exists()
    assert (repo.root / "build" / "keep.txt").read_text() == "not in the staging folder"
    assert status(repo) == ""
    # A stray file dropped into the staging folder makes the next build refuse, and survives.
    (staged / "stray.txt").write_text("someone's file")
    refused = repo.build(strict=False)
    assert refused.returncode != 0 and "holds files the build did not write (stray.txt)" in refused.output
    assert (staged / "stray.txt").read_text() == "someone's file"


def test_a_site_dir_over_the_sources_is_refused_before_mkdocs_empties_it(tmp_path):
    repo = PolicyRepo.create(tmp_path / "project", commit="The project as it stands")
    for site_dir in ("en", "docs/en"):
        result = repo.build(strict=False, site=site_dir, clean=False)
        assert result.returncode != 0, result.output
        assert "nothing was changed" in result.output or "docs_dir" in result.output, result.output
        assert status(repo) == "", status(repo)
        assert (repo.root / "en" / "privacy.md").is_file()


def test_a_second_build_in_the_same_process_stages_the_pages_again(tmp_path, monkeypatch):
    """A one-shot build drops the staged bytes once written; a later build in the same process
    (a second ``mkdocs build`` run in-process) finds the folder gone and stages everything again."""
    import shutil

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    repo = PolicyRepo.create(tmp_path / "repo", commit="Site with the seed policy")
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    for attempt in ("first", "second"):
        shutil.rmtree(repo.root / ".staging", ignore_errors=True)
        site = tmp_path / f"site-{attempt}"
        build(load_config(str(repo.root / "mkdocs.yml"), site_dir=str(site)))
        assert (repo.root / ".staging" / "en" / "privacy.md").is_file(), attempt
        page = (site / "privacy" / "index.html").read_text(encoding="utf-8")
        assert "<h1" in page and "privacy" in page.lower(), attempt
        assert (site / "zh-TW" / "privacy" / "index.html").is_file(), attempt
    assert status(repo) == ""


def test_docs_are_staged_as_bytes_never_as_links_or_pipes(tmp_path):
    """What staging copies from docs/: the bytes of regular files, and of links to regular files
    of the site's sources; a link out of them, a link to a folder and a pipe are never opened
    (the analysis reports each: see tests/integration/test_security_files.py)."""
    root = tmp_path / "project"
    assets = root / "docs" / "assets"
    assets.mkdir(parents=True)
    (root / "en").mkdir()
    (root / "en" / "privacy.md").write_text("policy text")
    (assets / "site.css").write_text("body {}")
    os.symlink("site.css", assets / "print.css")
    os.symlink("../../en/privacy.md", assets / "privacy.txt")
    os.symlink("/etc/passwd", assets / "passwd.txt")
    os.symlink("../../.git/config", assets / "notes.txt")
    os.symlink("..", assets / "up")
    os.mkfifo(assets / "pipe.txt")
    assert staging.docs_files(root) == {
        **staging.package_files(),  # the plugin's own stylesheets and scripts
        "assets/print.css": b"body {}",
        "assets/privacy.txt": b"policy text",
        "assets/site.css": b"body {}",
    }


def test_sync_replaces_a_link_or_pipe_in_its_folder_and_never_writes_through_it(tmp_path):
    target = tmp_path / "project" / ".staging"
    staging.sync(target, {"en/index.md": b"home", "assets/notes.txt": b"notes"})
    outside = tmp_path / "outside.txt"
    outside.write_bytes(b"not the build's")
    (target / "en" / "index.md").unlink()
    os.symlink(outside, target / "en" / "index.md")
    (target / "assets" / "notes.txt").unlink()
    os.mkfifo(target / "assets" / "notes.txt")
    changed = staging.sync(target, {"en/index.md": b"home", "assets/notes.txt": b"notes"})
    assert sorted(changed) == ["assets/notes.txt", "en/index.md"]
    assert outside.read_bytes() == b"not the build's"
    for relative, data in (("en/index.md", b"home"), ("assets/notes.txt", b"notes")):
        path = target / relative
        assert not path.is_symlink() and path.is_file() and path.read_bytes() == data


def test_the_versions_data_is_published_beside_mkdocs_and_an_earlier_site_keeps_its_bytes(tmp_path):
    """The versions' JSON data is not in MkDocs' file list (static-i18n would localize each file in
    every language's build): the build publishes it itself, by a hard link to the staged file where
    it can.  A later build that rewrites the staged file leaves an earlier site folder as it was."""
    repo = PolicyRepo.create(tmp_path / "repo", commit="Seed")
    first = repo.build(site="site-a")
    assert first.ok, first.output
    data = {
        name: first.path(name).read_bytes()
        for name in ("privacy/versions/index.json", "zh-TW/privacy/versions/index.json")
    }
    assert all(data.values())
    staged = repo.root / ".staging" / "en" / "privacy" / "versions" / "index.json"
    assert staged.read_bytes() == data["privacy/versions/index.json"]
    assert os.stat(staged).st_ino == os.stat(first.path("privacy/versions/index.json")).st_ino

    repo.set_version("privacy", "2030.01.01")
    repo.commit("A new version")
    second = repo.build(site="site-b", strict=False)
    assert second.ok, second.output
    for name, before in data.items():
        assert first.path(name).read_bytes() == before, name  # the earlier site, as it was published
        after = second.path(name).read_bytes()
        assert after != before and b"2030.01.01" in after, name
    assert second.exists("privacy/versions/2030.01.01.json")
    assert second.exists("zh-TW/privacy/versions/2030.01.01.json")
    assert staged.read_bytes() == second.path("privacy/versions/index.json").read_bytes()
