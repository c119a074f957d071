"""Reproducible builds: the same commit, built in two folders with the same
SOURCE_DATE_EPOCH, gives byte-identical sites (sitemap dates and the gzip
header of sitemap.xml.gz included, and the PDFs, whose dates are the build clock's)."""

from __future__ import annotations

import filecmp
import gzip
import io
import json
import struct

import pytest
from gitrepo import PolicyRepo
from pypdf import PdfReader

pytestmark = pytest.mark.slow  # (two clones built with their PDFs)


def _tree(root):
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def test_two_clones_build_byte_identical_sites(tmp_path):
    origin = PolicyRepo.create(tmp_path / "origin", pdf=True)
    origin.commit("Publish 2019.12.19", "2020-01-02T10:00:00Z")
    origin.set_version("privacy", "2020.06.01")
    text = origin.read("en", "privacy").replace(
        "governed by this policy.", "governed by this policy and its annexes."
    )
    origin.write("en", "privacy", text)
    text = origin.read("zh-TW", "privacy").replace("均受本政策規範。", "均受本政策及其附件規範。")
    origin.write("zh-TW", "privacy", text)
    origin.commit("Privacy 2020.06.01", "2020-06-01T10:00:00Z")

    epoch = {"SOURCE_DATE_EPOCH": "1700000000"}
    sites = []
    for name in ("first", "second"):
        clone = PolicyRepo.clone(origin, tmp_path / name / "checkout")
        result = clone.build(env=epoch)
        assert result.ok, result.output
        sites.append(result.site)

    first, second = sites
    assert _tree(first) == _tree(second)
    files = _tree(first)
    assert "sitemap.xml.gz" in files and "versions.json" in files and "zh-TW/feed.xml" in files
    _, mismatch, errors = filecmp.cmpfiles(first, second, files, shallow=False)
    assert not mismatch and not errors, f"differ: {mismatch[:10]} {errors[:10]}"
    # The gzip header carries the build time: it must be SOURCE_DATE_EPOCH's.
    header = (first / "sitemap.xml.gz").read_bytes()[:10]
    assert struct.unpack("<I", header[4:8])[0] <= 1700000000
    assert b"<lastmod>2023-11-14</lastmod>" in gzip.decompress((first / "sitemap.xml.gz").read_bytes())
    # One clock for the whole build, SOURCE_DATE_EPOCH's: versions.json records it, every PDF
    # is dated by it (and the two builds' PDFs are the same bytes, compared above).
    index = json.loads((first / "versions.json").read_text(encoding="utf-8"))
    assert index["source_date_epoch"] == 1700000000
    pdfs = [name for name in files if name.endswith(".pdf")]
    assert len(pdfs) == 4, pdfs  # two versions, two languages
    for name in pdfs:
        info = PdfReader(io.BytesIO((first / name).read_bytes())).metadata
        assert info.creation_date.timestamp() == info.modification_date.timestamp() == 1700000000, name
