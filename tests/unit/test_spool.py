"""The build's spool: bytes kept in one temporary file, read back whole, pickled as themselves."""

from __future__ import annotations

import pickle

from policysite import cache, staging
from policysite.spool import Spool, Spooled, as_bytes, as_text, keep


def test_what_is_kept_reads_back_as_it_was_in_any_order():
    spool = Spool()
    values = [b"", "\u689d\u6b3e".encode(), b"x" * 100_000, b"\x00\xff"]
    kept = [spool.keep(value) for value in values]
    assert all(isinstance(k, Spooled) for k in kept)
    assert [as_bytes(k) for k in reversed(kept)] == list(reversed(values))


def test_keep_without_a_spool_keeps_the_bytes_themselves():
    assert keep(None, b"page") == b"page"
    kept = keep(Spool(), b"page")
    assert isinstance(kept, Spooled)
    assert as_bytes(kept) == as_bytes(b"page") == b"page"
    assert as_text(kept) == as_text(b"page") == as_text("page") == "page"


def test_a_spooled_value_pickles_as_its_bytes(tmp_path):
    spool = Spool()
    store = cache.DiskCache(tmp_path, "texts", flat=True)
    store[("policy", "en", "sha")] = spool.keep(b'{"sections":[]}\n')
    store[("policy", "zh-TW", "sha")] = b"{}"
    store.save()
    # A flat cache is its count, then one pickle per entry (pickle's memo holds one at a time).
    with open(tmp_path / store.path.name, "rb") as handle:
        assert pickle.load(handle) == 2
        assert pickle.load(handle) == (("policy", "en", "sha"), b'{"sections":[]}\n')
        assert pickle.load(handle) == (("policy", "zh-TW", "sha"), b"{}")
        assert handle.read() == b""
    again = cache.DiskCache(tmp_path, "texts", flat=True)
    assert again[("policy", "en", "sha")] == b'{"sections":[]}\n'


def test_the_staging_folder_gets_a_spooled_file_s_bytes(tmp_path):
    spool = Spool()
    target = tmp_path / ".staging"
    written = staging.sync(target, {"en/a.md": spool.keep(b"# A\n"), "en/b.md": b"# B\n"})
    assert sorted(written) == ["en/a.md", "en/b.md"]
    assert (target / "en/a.md").read_bytes() == b"# A\n"
    # The same bytes again: nothing is written.
    assert staging.sync(target, {"en/a.md": spool.keep(b"# A\n"), "en/b.md": b"# B\n"}) == []


def test_a_spool_that_cannot_write_keeps_the_bytes_in_memory(monkeypatch):
    spool = Spool()

    def full(*_args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("policysite.spool.os.pwrite", full)
    assert spool.keep(b"page") == b"page"
