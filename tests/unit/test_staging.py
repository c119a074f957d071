"""The staging folder (policysite.staging), in process on folders in tmp_path: what may be staged,
which folders are refused and why, and a sync that touches only the files its manifest owns."""

from __future__ import annotations

import json
import os

import pytest

from policysite import staging
from policysite.config import ConfigError


def tree(root, files):
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def listing(folder):
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def manifest(target):
    return json.loads((target / staging.MANIFEST).read_text(encoding="utf-8"))


# ---------------------------------------------------------------- what is staged


def test_the_plugins_own_assets_are_listed_by_site_path():
    paths = staging.package_paths()
    assert list(paths) == sorted(paths)
    assert "assets/stylesheets/policy.css" in paths and "assets/compare/compare.js" in paths
    assert all(name.startswith("assets/") and "__pycache__" not in name for name in paths)
    assert all(path.is_file() for path in paths.values())
    files = staging.package_files()
    assert files.keys() == paths.keys()
    assert files["assets/stylesheets/policy.css"] == paths["assets/stylesheets/policy.css"].read_bytes()


def test_docs_files_are_the_language_folders_and_assets_after_the_plugins_own(tmp_path):
    tree(
        tmp_path,
        {
            "docs/en/index.md": "home",
            "docs/zh-TW/about/index.md": "關於",
            "docs/ja/index.md": "ホーム",  # not a language of this site
            "docs/assets/stylesheets/policy.css": "/* the site's own */",
            "docs/assets/logo.svg": "<svg/>",
            "docs/overrides/main.html": "theme override",  # configuration, not content
            "docs/index.md": "outside any language",
            "en/privacy.md": "a policy source: staged elsewhere",
        },
    )
    found = staging.docs_files(tmp_path, ("en", "zh-TW"))
    ours = set(staging.package_files()) - {"assets/stylesheets/policy.css"}
    assert set(found) - ours == {
        "assets/logo.svg",
        "assets/stylesheets/policy.css",
        "en/index.md",
        "zh-TW/about/index.md",
    }
    assert found["assets/stylesheets/policy.css"] == b"/* the site's own */"  # replaces the plugin's
    assert found["zh-TW/about/index.md"] == "關於".encode()
    assert list(found) == sorted(found)


def test_without_docs_only_the_plugins_assets_are_staged(tmp_path):
    assert staging.docs_files(tmp_path) == staging.package_files()


# ---------------------------------------------------------------- refusals


def refusal(root, target, **options) -> str:
    with pytest.raises(ConfigError) as error:
        staging.check_target(root, target, protected=options.pop("protected", []), **options)
    message = str(error.value)
    assert message.endswith(
        "; the build writes and deletes files there. Use a folder of its own inside the project, "
        "e.g. '.staging' (nothing was changed)"
    )
    return message


def test_the_project_itself_outside_folders_and_git_are_refused(tmp_path):
    root = tmp_path / "project"
    (root / ".git" / "objects").mkdir(parents=True)
    assert refusal(root, root, setting=".").startswith(
        "mkdocs.yml: extra.policies.staging_dir '.' is the project itself;"
    )
    assert f"'..' is outside the project ({root})" in refusal(root, root / "..", setting="..")
    assert "is outside the project" in refusal(root, root / ".staging" / ".." / ".." / "x")
    for inside_git in (".git", ".git/objects/stage"):
        assert "is inside the git repository's own folder" in refusal(root, root / inside_git)
    assert "is inside the git repository's own folder" in refusal(root, root / "sub" / ".git")


def test_without_a_setting_the_message_names_the_resolved_folder(tmp_path):
    assert f"staging_dir '{tmp_path.resolve()}' is the project itself" in refusal(tmp_path, tmp_path)


@pytest.mark.parametrize(("target", "named"), [("docs", "docs"), ("docs/x", "docs"), ("a", "a/b")])
def test_a_folder_the_build_reads_may_not_overlap_it(tmp_path, target, named):
    protected = [tmp_path / "docs", tmp_path / "a" / "b"]
    message = refusal(tmp_path, tmp_path / target, protected=protected)
    assert f"overlaps '{named}', which the build reads" in message


def test_a_protected_folder_outside_the_project_is_named_by_its_path(tmp_path):
    root = tmp_path / "project"
    root.mkdir()
    message = refusal(root, root / "stage", protected=[tmp_path])  # (a site folder holding the project)
    assert f"overlaps '{tmp_path.resolve()}', which the build reads" in message


def test_tracked_files_are_refused_naming_three(tmp_path):
    def tracked(path):
        assert path == (tmp_path / "legal").resolve()
        return ["legal/a.md", "legal/b.md", "legal/c.md", "legal/d.md"]

    message = refusal(tmp_path, tmp_path / "legal", tracked=tracked)
    assert "holds files tracked by git (legal/a.md, legal/b.md, legal/c.md, ...)" in message
    staging.check_target(tmp_path, tmp_path / "legal", protected=[], tracked=lambda path: [])


def test_a_file_in_the_folders_place_is_refused(tmp_path):
    (tmp_path / "stage").write_text("a file")
    assert "'stage' is a file" in refusal(tmp_path, tmp_path / "stage", setting="stage")


def test_files_the_build_did_not_write_are_refused_naming_three_and_counting_the_rest(tmp_path):
    target = tmp_path / "stage"
    tree(target, {f"f{n}.txt": "mine" for n in range(5)})
    message = refusal(tmp_path, target)
    assert "holds files the build did not write (f0.txt, f1.txt, f2.txt and 2 more)" in message
    assert listing(target) == [f"f{n}.txt" for n in range(5)]


def test_a_manifest_not_written_by_the_build_owns_nothing(tmp_path):
    target = tmp_path / "stage"
    tree(target, {"draft.md": "mine"})
    for forged in (
        {"kind": "another tool", "files": ["draft.md"]},
        {"kind": "policysite staging folder", "files": "draft.md"},
        ["draft.md"],
    ):
        (target / staging.MANIFEST).write_text(json.dumps(forged), encoding="utf-8")
        assert "holds files the build did not write (draft.md)" in refusal(tmp_path, target)
    (target / staging.MANIFEST).write_bytes(b"\xff not json")
    assert "(draft.md)" in refusal(tmp_path, target)


def test_an_empty_missing_or_own_folder_is_accepted(tmp_path):
    staging.check_target(tmp_path, tmp_path / "missing", protected=[tmp_path / "docs"])
    (tmp_path / "empty").mkdir()
    staging.check_target(tmp_path, tmp_path / "empty", protected=[])
    staging.sync(tmp_path / "own", {"en/index.md": b"home"})
    staging.check_target(tmp_path, tmp_path / "own", protected=[tmp_path / "docs"])


# ---------------------------------------------------------------- sync


def test_sync_writes_what_is_wanted_and_its_manifest(tmp_path):
    target = tmp_path / "stage"
    source = tmp_path / "cached.pdf"
    source.write_bytes(b"%PDF-1.7")
    wanted = {"en/index.md": b"home", "zh-TW/index.md": "首頁".encode(), "privacy/p.pdf": source}
    assert not staging.written(target)
    assert staging.sync(target, wanted) == ["en/index.md", "zh-TW/index.md", "privacy/p.pdf"]
    assert staging.written(target)
    assert listing(target) == sorted([staging.MANIFEST, "en/index.md", "privacy/p.pdf", "zh-TW/index.md"])
    assert (target / "privacy" / "p.pdf").read_bytes() == b"%PDF-1.7"
    assert manifest(target) == {
        "kind": "policysite staging folder",
        "files": ["en/index.md", "privacy/p.pdf", "zh-TW/index.md"],
    }


def test_sync_writes_only_what_changed_and_removes_only_what_it_owned(tmp_path):
    target = tmp_path / "stage"
    staging.sync(target, {"en/index.md": b"home", "en/deep/er/page.md": b"x", "assets/a.css": b"a"})
    before = (target / "en" / "index.md").stat().st_mtime_ns
    assert (
        staging.sync(target, {"en/index.md": b"home", "en/deep/er/page.md": b"x", "assets/a.css": b"a"}) == []
    )
    changed = staging.sync(target, {"en/index.md": b"home", "assets/a.css": b"b"})
    assert changed == ["assets/a.css", "en/deep/er/page.md"]
    assert (target / "en" / "index.md").stat().st_mtime_ns == before  # not rewritten
    assert not (target / "en" / "deep").exists()  # emptied folders go too
    assert (target / "assets" / "a.css").read_bytes() == b"b"
    assert manifest(target)["files"] == ["assets/a.css", "en/index.md"]


def test_a_file_the_build_owned_and_someone_deleted_is_no_error(tmp_path):
    target = tmp_path / "stage"
    staging.sync(target, {"a/b.md": b"x", "c.md": b"y"})
    (target / "a" / "b.md").unlink()
    assert staging.sync(target, {"c.md": b"y"}) == ["a/b.md"]
    assert listing(target) == [staging.MANIFEST, "c.md"] and not (target / "a").exists()


def test_a_folder_holding_someone_elses_file_is_kept_when_the_builds_files_go(tmp_path):
    target = tmp_path / "stage"
    staging.sync(target, {"en/a.md": b"x"})
    (target / "en" / "notes.txt").write_text("mine")
    assert staging.sync(target, {}) == ["en/a.md"]
    assert listing(target) == [staging.MANIFEST, "en/notes.txt"]
    assert manifest(target)["files"] == []


def test_an_interrupted_sync_has_named_every_file_it_was_writing(tmp_path):
    target = tmp_path / "stage"
    staging.sync(target, {"old.md": b"o"})
    (target / "en" / "blocked.md").mkdir(parents=True)  # a folder where a file must go
    with pytest.raises(IsADirectoryError):
        staging.sync(target, {"en/new.md": b"n", "en/blocked.md": b"b"})
    # The next sync owns what this one may have written (and what it owned before).
    assert manifest(target)["files"] == ["en/blocked.md", "en/new.md", "old.md"]


def test_sync_never_writes_through_a_link_to_a_file_outside(tmp_path):
    target = tmp_path / "stage"
    staging.sync(target, {"en/index.md": b"home"})
    outside = tmp_path / "outside.txt"
    outside.write_bytes(b"precious")
    (target / "en" / "index.md").unlink()
    os.symlink(outside, target / "en" / "index.md")
    assert staging.sync(target, {"en/index.md": b"home"}) == ["en/index.md"]
    assert outside.read_bytes() == b"precious"
    assert not (target / "en" / "index.md").is_symlink()


def test_names_with_any_characters_are_staged_and_owned(tmp_path):
    target = tmp_path / "stage"
    names = ["zh-TW/第一條.md", "en/\u202eevil\x1b[2J.md", "en/a b\tc.md"]
    assert staging.sync(target, dict.fromkeys(names, b"x")) == names
    assert manifest(target)["files"] == sorted(names)
    staging.check_target(tmp_path, target, protected=[])  # all the build's own
    assert staging.sync(target, {}) == sorted(names) and listing(target) == [staging.MANIFEST]


def test_a_sync_that_remembers_reads_no_unchanged_file_and_still_mends_a_touched_one(tmp_path):
    target = tmp_path / ".staging"
    seen: dict = {}
    page, other = b"# A\n", b"# B\n"
    assert sorted(staging.sync(target, {"a.md": page, "b.md": other}, seen)) == ["a.md", "b.md"]
    assert staging.sync(target, {"a.md": page, "b.md": b"# B\n"}, seen) == []
    # Someone else writes the staged file (same size, later time) or puts a link in its place:
    (target / "a.md").write_bytes(b"# X\n")
    os.utime(target / "a.md", ns=(1, 1))
    (target / "b.md").unlink()
    (target / "b.md").symlink_to(tmp_path / "elsewhere.md")
    assert sorted(staging.sync(target, {"a.md": page, "b.md": other}, seen)) == ["a.md", "b.md"]
    assert (target / "a.md").read_bytes() == page
    assert not (target / "b.md").is_symlink() and (target / "b.md").read_bytes() == other
    assert not (tmp_path / "elsewhere.md").exists()
    # A removed page leaves the manifest; an unchanged set of files does not rewrite it.
    manifest = target / staging.MANIFEST
    stamp = manifest.stat().st_mtime_ns
    assert staging.sync(target, {"a.md": page, "b.md": other}, seen) == []
    assert manifest.stat().st_mtime_ns == stamp
    assert staging.sync(target, {"a.md": page}, seen) == ["b.md"]
    assert json.loads(manifest.read_text())["files"] == ["a.md"]


def test_published_data_is_a_link_where_static_i18n_put_it_and_a_rewrite_breaks_the_link(tmp_path):
    source, site = tmp_path / "staging", tmp_path / "site"
    wanted = {"en/p/versions/index.json": b"[1]", "zh-TW/p/versions/index.json": b"[2]", "en/p.md": b"# P"}
    staging.sync(source, wanted)
    data = frozenset(path for path in wanted if path.endswith(".json"))
    assert staging.publish(source, data, site, "en") == 2
    english = site / "p" / "versions" / "index.json"
    chinese = site / "zh-TW" / "p" / "versions" / "index.json"
    assert (english.read_bytes(), chinese.read_bytes()) == (b"[1]", b"[2]")
    assert os.stat(english).st_ino == os.stat(source / "en" / "p" / "versions" / "index.json").st_ino
    assert not (site / "p.md").exists() and not (site / "en").exists()
    assert staging.publish(source, data, site, "en") == 0  # (already there: mkdocs serve put it back)

    staging.sync(source, {**wanted, "en/p/versions/index.json": b"[1, 3]"})
    assert english.read_bytes() == b"[1]"  # the published copy keeps its bytes
    assert staging.publish(source, data, site, "en") == 1
    assert english.read_bytes() == b"[1, 3]"


def test_a_site_in_one_language_publishes_the_data_at_its_own_paths(tmp_path):
    source, site = tmp_path / "staging", tmp_path / "site"
    staging.sync(source, {"p/versions/2020.01.01.json": b"{}"})
    assert staging.publish(source, frozenset({"p/versions/2020.01.01.json"}), site, None) == 1
    assert (site / "p" / "versions" / "2020.01.01.json").read_bytes() == b"{}"


def test_publishing_over_a_folder_fails_with_the_path(tmp_path):
    source, site = tmp_path / "staging", tmp_path / "site"
    staging.sync(source, {"en/p/versions/index.json": b"[]"})
    (site / "p" / "versions" / "index.json").mkdir(parents=True)
    with pytest.raises(OSError) as failed:
        staging.publish(source, frozenset({"en/p/versions/index.json"}), site, "en")
    assert str(site / "p" / "versions" / "index.json") in str(failed.value)
