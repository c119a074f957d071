"""Compare in the browser (policysite.pages.compare): each version's text as the block data
compare.js reads, and a redline's words in the compared text's language."""

from __future__ import annotations

import json

import pytest
from unit import pagekit

from policysite.pages import compare
from policysite.pages.marks import labels


@pytest.fixture(scope="module")
def kit() -> pagekit.Kit:
    return pagekit.kit()


def test_a_versions_data_is_its_block_data_as_json(kit):
    ph = kit.ph("security")
    text = kit.version("security", "2020.07.01").texts["en"]
    out = compare.data_json(kit.site, ph, text)
    assert isinstance(out, bytes) and out.endswith(b"}\n")
    data = json.loads(out)
    assert (data["policy"], data["version"], data["lang"]) == ("security", "2020.07.01", "en")
    assert [s["id"] for s in data["sections"]] == [None, "access", "audits"]
    assert "Named staff members only." in out.decode()  # the version's latest wording
    assert out == kit.site.redlines.text_json("security", text)  # the very data redlines are made of


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        (
            "en",
            {"intro": "Introduction", "unchanged": "Unchanged sections: {count}", "status_moved": "Moved"},
        ),
        ("zh-TW", {"intro": "前言", "unchanged": "{count} 個未變更的章節", "status_added": "新增"}),
    ],
)
def test_a_redlines_words_in_the_compared_texts_language(lang, words):
    found = compare.redline_labels(lang)
    assert words.items() <= found.items()
    assert labels(lang).items() <= found.items()
    assert {f"status_{s}" for s in ("added", "removed", "changed", "moved", "unchanged")} <= set(found)
    assert found["source_only"] and "<" not in found["source_only"]


def test_links_in_compare_output_are_rebased_on_the_versions_folder():
    assert compare.VERSIONS_ROOT == "../../"
