"""Disk caches keyed by content (policysite.cache), in process: one pickle per kind under a tag of
the package's code, written atomically and only when changed, never trusted when damaged, linked or
committed (tests/integration/test_security_files.py plants a hostile pickle in a built site)."""

import os
import pickle
import re
import subprocess

import pytest

from policysite import cache
from policysite.cache import Caches, DiskCache


def test_the_code_tag_is_sixteen_hex_digits():
    assert re.fullmatch(r"[0-9a-f]{16}", cache.CODE_TAG)


def test_a_cache_without_a_folder_is_a_plain_mapping_that_is_never_written():
    store = DiskCache(None, "parses")
    assert store.path is None and len(store) == 0
    store["a"] = 1
    assert dict(store) == {"a": 1} and store.dirty
    store.save()  # (nowhere to write: nothing happens)
    store.release()
    assert dict(store) == {"a": 1}  # (a cache without a file keeps what it holds)


def test_a_saved_cache_reads_back_in_a_new_instance(tmp_path):
    store = DiskCache(tmp_path / "c", "parses")
    assert store.path == tmp_path / "c" / f"parses-{cache.CODE_TAG}.pickle"
    store["blob"] = {"parsed": [1, 2]}
    store[("sha", "sha", "en")] = "<p>x</p>"
    store.save()
    assert not store.dirty and store.path.is_file()
    again = DiskCache(tmp_path / "c", "parses")
    assert dict(again) == {"blob": {"parsed": [1, 2]}, ("sha", "sha", "en"): "<p>x</p>"}
    assert "blob" in again and "other" not in again
    assert list(tmp_path.joinpath("c").iterdir()) == [store.path]  # (no temporary file left)


def test_nothing_is_written_unless_something_changed(tmp_path):
    store = DiskCache(tmp_path, "headers")
    assert len(store) == 0
    store.save()
    assert not store.path.exists()
    store["a"] = 1
    del store["a"]
    assert store.dirty
    store.save()
    assert pickle.loads(store.path.read_bytes()) == {}


def test_deleting_a_missing_key_raises_key_error_and_leaves_it_clean(tmp_path):
    store = DiskCache(tmp_path, "headers")
    with pytest.raises(KeyError):
        del store["nothing"]
    with pytest.raises(KeyError):
        store["nothing"]
    assert not store.dirty


@pytest.mark.parametrize("content", [b"not a pickle", b"", pickle.dumps(["a list"]), pickle.dumps(None)])
def test_a_damaged_or_foreign_file_is_ignored(tmp_path, content):
    store = DiskCache(tmp_path, "parses")
    store.path.write_bytes(content)
    assert dict(store) == {}
    store["x"] = 1
    store.save()
    assert pickle.loads(store.path.read_bytes()) == {"x": 1}


def test_saving_removes_the_pickles_an_older_code_wrote(tmp_path):
    old = tmp_path / "parses-0000000000000000.pickle"
    other_kind = tmp_path / "headers-0000000000000000.pickle"
    old.write_bytes(pickle.dumps({"old": 1}))
    other_kind.write_bytes(pickle.dumps({"old": 1}))
    store = DiskCache(tmp_path, "parses")
    assert dict(store) == {}  # (another tag's file is never read)
    store["new"] = 2
    store.save()
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "headers-0000000000000000.pickle",
        f"parses-{cache.CODE_TAG}.pickle",
    ]


def test_release_forgets_what_is_saved_and_reads_it_again(tmp_path):
    store = DiskCache(tmp_path, "redlines")
    store["k"] = "v"
    store.release()  # (not saved yet: kept)
    assert store["k"] == "v"
    store.save()
    store.release()
    assert store._data is None
    assert store["k"] == "v"


def test_a_folder_that_cannot_be_written_builds_without_a_warm_cache(tmp_path):
    (tmp_path / "file").write_text("")
    store = DiskCache(tmp_path / "file" / "cache", "texts")  # (its parent is a file: no folder)
    store["k"] = "v"
    store.save()  # no error
    assert store.dirty and store["k"] == "v"


def test_save_saves_every_disk_cache_and_skips_the_rest(tmp_path):
    first, second = DiskCache(tmp_path, "a"), DiskCache(tmp_path, "b")
    first["x"], second["y"] = 1, 2
    cache.save(first, {"plain": "dict"}, second)
    assert first.path.is_file() and second.path.is_file()


# ---------------------------------------------------------------- where: a folder the build can trust


def test_the_cache_folder_of_a_plain_project(tmp_path):
    assert cache.folder_for(tmp_path) == tmp_path / ".cache" / "policysite"
    (tmp_path / ".cache" / "policysite").mkdir(parents=True)
    assert cache.folder_for(tmp_path) == tmp_path / ".cache" / "policysite"


@pytest.mark.parametrize("linked", [".cache", ".cache/policysite"])
def test_a_linked_cache_folder_is_never_used(tmp_path, linked):
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / linked).parent.mkdir(exist_ok=True)
    os.symlink(tmp_path / "elsewhere", tmp_path / linked)
    folder = cache.folder_for(tmp_path)
    assert folder != tmp_path / ".cache" / "policysite"
    assert folder.is_dir() and folder.name.startswith("policysite-cache-")
    assert cache.folder_for(tmp_path) == folder  # (one scratch folder per process)


def git(root, *args):
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True)


def test_a_cache_folder_holding_a_tracked_file_is_never_used(tmp_path):
    git(tmp_path, "init", "-q")
    planted = tmp_path / ".cache" / "policysite" / f"parses-{cache.CODE_TAG}.pickle"
    planted.parent.mkdir(parents=True)
    planted.write_bytes(pickle.dumps({"x": 1}))
    assert cache.folder_for(tmp_path) == tmp_path / ".cache" / "policysite"  # (untracked: the build's own)
    git(tmp_path, "add", "-f", ".cache")
    folder = cache.folder_for(tmp_path)
    assert folder != tmp_path / ".cache" / "policysite"
    stores = cache.stores(tmp_path)
    assert {s.path.parent for s in stores} == {folder}
    assert dict(stores[1]) == {}


def test_stores_are_one_per_kind(tmp_path):
    names = [store.path.name for store in cache.stores(tmp_path)]
    assert names == [
        f"{kind}-{cache.CODE_TAG}.pickle"
        for kind in ("headers", "parses", "redlines", "outlines", "texts", "bodies")
    ]


# ---------------------------------------------------------------- Caches


def test_caches_in_memory_by_default():
    caches = Caches()
    assert caches.root is None and caches.parses == {} and caches.log == {} and caches.models == {}
    caches.save()  # (plain dicts: nothing to write)
    caches.release_parses()


def test_caches_on_disk_save_and_release_the_big_ones(tmp_path):
    caches = Caches.on_disk(tmp_path)
    assert caches.root == tmp_path and isinstance(caches.redlines, DiskCache)
    caches.headers["h"], caches.parses["p"], caches.redlines["r"], caches.texts["t"] = 1, 2, 3, 4
    caches.save()
    assert caches.redlines._data is None and caches.texts._data is None  # (in the pages now)
    assert caches.parses._data == {"p": 2}
    caches.release_parses()
    assert caches.parses._data is None
    fresh = Caches.on_disk(tmp_path)
    assert (fresh.headers["h"], fresh.parses["p"], fresh.redlines["r"], fresh.texts["t"]) == (1, 2, 3, 4)


def test_use_switches_projects_and_forgets_what_the_other_one_read(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    caches = Caches.on_disk(first)
    caches.log["head"], caches.models["fingerprint"] = "log", "model"
    kept = caches.parses
    caches.use(first)
    assert caches.parses is kept and caches.log == {"head": "log"}
    caches.use(second)
    assert caches.root == second and caches.parses is not kept
    assert caches.parses.path.parent == second / ".cache" / "policysite"
    assert caches.log == {} and caches.models == {}


def test_generations_keep_what_the_last_round_used_and_drop_the_rest():
    made = []
    kept = cache.Generations()

    def make(value):
        made.append(value)
        return value

    assert kept.get("a", lambda: make(1)) == 1
    assert kept.get("none", lambda: make(None)) is None  # a None is a value, not a miss
    kept.turn()
    assert kept.get("a", lambda: make(2)) == 1  # the last round's
    assert kept.get("none", lambda: make(3)) is None
    kept.turn()
    kept.turn()  # a round that used nothing: what it did not use is gone
    assert not kept.has("a")
    assert kept.get("a", lambda: make(4)) == 4
    assert made == [1, None, 4]
    with pytest.raises(KeyError):
        kept["b"]


def test_recent_results_are_kept_only_once_switched_on():
    recent = cache.Recent()
    assert recent.get("k", lambda: 1) == 1
    assert recent.get("k", lambda: 2) == 2  # off: every call computes
    recent.keep()
    assert recent.get("k", lambda: 3) == 3
    recent.turn()
    assert recent.get("k", lambda: 4) == 3


@pytest.mark.parametrize(
    "content",
    [
        b"",
        pickle.dumps("x"),
        pickle.dumps(2) + pickle.dumps(("k", b"v")),
        pickle.dumps(1) + b"\x80\x05broken",
    ],
)
def test_a_damaged_flat_file_is_ignored_whole(tmp_path, content):
    store = DiskCache(tmp_path, "texts", flat=True)
    store.path.write_bytes(content)
    assert dict(store) == {}


def test_a_serving_process_writes_its_caches_after_its_first_build_then_at_most_once_a_minute(tmp_path):
    caches = Caches.on_disk(tmp_path)
    caches.recent.keep()  # (mkdocs serve)
    caches.headers["a"] = 1
    caches.save()
    assert DiskCache(caches.headers.path.parent, "headers")["a"] == 1
    caches.headers["b"] = 2
    caches.save()  # the next save's build does not wait for it
    assert "b" not in DiskCache(caches.headers.path.parent, "headers")
    assert caches.headers["b"] == 2 and caches.headers.dirty
    caches.saved_at -= cache.SERVE_SAVE_SECONDS
    caches.save()
    assert DiskCache(caches.headers.path.parent, "headers")["b"] == 2


def test_a_one_shot_build_writes_its_caches_at_once_and_lets_the_big_ones_go(tmp_path):
    caches = Caches.on_disk(tmp_path)
    caches.texts["t"] = b"data"
    caches.save()
    assert caches.texts._data is None  # read again from disk when needed
    assert caches.texts["t"] == b"data"


def test_an_atomic_write_leaves_the_whole_file_or_nothing_of_its_own(tmp_path):
    target = tmp_path / "data.bin"
    cache.write_atomically(target, b"first")
    cache.write_atomically(target, b"second")
    assert target.read_bytes() == b"second"
    folder = tmp_path / "in-the-way"
    folder.mkdir()
    (folder / "child").write_text("kept")
    with pytest.raises(OSError):
        cache.write_atomically(folder, b"a file where a folder is")  # (the rename fails)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data.bin", "in-the-way"]
    assert (folder / "child").read_text() == "kept"
