"""Redlines computed once and kept (policysite.pages.redlines): each text's block data, each redline
page's HTML, section statuses from the sources alone, and the HTML of a redline."""

from __future__ import annotations

import json
import re

import pytest
from unit import pagekit

from policysite import diff
from policysite.pages import Redlines, redlines


@pytest.fixture(scope="module")
def kit() -> pagekit.Kit:
    return pagekit.kit()


def test_a_texts_block_data_is_made_once(kit):
    fresh = Redlines()
    text = kit.version("privacy", "2020.06.01").texts["zh-TW"]
    first = fresh.text_json("privacy", text)
    assert fresh.text_json("privacy", text) is first and len(fresh.texts) == 1
    data = json.loads(first)
    assert (data["policy"], data["version"], data["lang"], data["title"]) == (
        "privacy",
        "2020.06.01",
        "zh-TW",
        "隱私權政策",
    )
    assert [s["id"] for s in data["sections"]] == [None, "general", "cookies", "retention"]
    assert fresh.text_data("privacy", text) == data


def test_the_previous_text_is_the_nearest_earlier_version_in_that_language(kit):
    ph = kit.ph("security")
    v2 = kit.version("security", "2020.07.01")
    assert Redlines.previous_text(ph, v2, "en") is kit.version("security", "2020.01.01").texts["en"]
    assert Redlines.previous_text(ph, ph.versions[0], "en") is None
    assert kit.site.redlines.page_html(ph, v2, "zh-TW") is None  # no Chinese text of it


def test_a_redline_page_is_computed_once_per_pair(kit):
    fresh = Redlines()
    ph, v2 = kit.ph("privacy"), kit.version("privacy", "2020.06.01")
    html = fresh.page_html(ph, v2, "en")
    assert html is not None and len(fresh.cache) == 1
    assert fresh.page_html(ph, v2, "en") == html and len(fresh.cache) == 1
    # Another root is another page: its links are rebased otherwise.
    other = fresh.pair_html("privacy", ph.versions[0].texts["en"], v2.texts["en"], "en", "../")
    assert len(fresh.cache) == 2 and '<a href="../security/#access">' in other
    assert '<a href="../../../security/#access">' in html  # CHANGES_ROOT
    assert "data-policysite-chrome" not in html


def test_section_statuses_and_counts_from_the_sources(kit):
    ph, v2 = kit.ph("privacy"), kit.version("privacy", "2020.06.01")
    outline = kit.site.redlines.outline(ph, v2, "zh-TW")
    assert outline == {
        "first": False,
        "counts": {"added": 1, "removed": 0, "changed": 1, "moved": 0},
        "sections": {"general": "changed", "cookies": "unchanged", "retention": "added"},
    }
    assert kit.site.redlines.outline(ph, ph.versions[0], "zh-TW")["first"] is True
    assert kit.site.redlines.outline(kit.ph("data"), kit.version("data", "2020.09.01"), "zh-TW") is None


def test_a_summary_falls_back_to_the_reference_language(kit):
    summary = kit.site.redlines.summary
    data = kit.ph("data")
    withdrawn = kit.version("data", "2020.09.01")
    expected = {"first": False, "added": 0, "removed": 0, "changed": 2, "moved": 0}
    assert summary(data, withdrawn, "zh-TW") == expected == summary(data, withdrawn)
    assert summary(data, data.versions[0])["first"] is True


def test_a_redline_lists_the_changes_and_links_each_to_the_next(kit):
    html = kit.site.redlines.page_html(kit.ph("privacy"), kit.version("privacy", "2020.06.01"), "en")
    changes = re.search(r'<div class="redline-changes" id="redline-changes".*?</div>', html).group(0)
    assert '<p class="redline-changes-title">Sections changed: 2</p>' in changes
    assert re.findall(r'<li><a href="#([\w-]+)">(.*?)</a>', changes) == [
        ("general", "1. General"),
        ("retention", "3. Retention"),
    ]
    assert (
        '<p class="redline-nav"><a class="redline-nav-next" href="#retention" title="3. Retention">'
        'Next change</a> <a class="redline-nav-list" href="#redline-changes">All changes</a></p>'
    ) in html
    assert '<details class="redline-unchanged"><summary>Unchanged sections: 1</summary>' in html


def test_the_html_of_a_first_version_is_its_text_unmarked(kit):
    text = kit.version("legal/imprint", "2020.01.01").texts["zh-TW"]
    redline = diff.compare_data(None, kit.site.redlines.text_data("legal/imprint", text), "zh-TW")
    html = redlines.redline_html(redline, "zh-TW", redlines.CHANGES_ROOT)
    assert html == (
        '<div class="redline">'
        '<section class="redline-section redline-section--published" id="redline-intro">'
        '<h2 class="redline-title">前言</h2><div class="redline-body">'
        '<p class="redline-doctitle">公司資訊</p>'
        "<p>範例公司。</p></div></section>"
        '<section class="redline-section redline-section--published" id="contact"><h2 class="redline-title">'
        '聯絡</h2><div class="redline-body"><p>郵寄。</p></div></section></div>'
    )


def test_the_roots_of_the_pages_that_show_redlines():
    assert (redlines.CHANGES_ROOT, redlines.VERSIONS_ROOT) == ("../../../", "../../")
