"""Issue 13 in Chromium: a link to a raw HTML anchor in a table cell scrolls to the cell, in both languages,
and the language switch keeps such an anchor."""

from __future__ import annotations

import pytest
from anchor_policy import anchor_repo


@pytest.fixture(scope="module")
def anchor_site(tmp_path_factory, browser):
    with anchor_repo(tmp_path_factory.mktemp("anchors") / "repo").built_site("1717200000") as url:
        yield url


@pytest.mark.parametrize("prefix", ["", "/zh-TW"])
def test_clicking_the_link_scrolls_to_the_cell(anchor_site, page, prefix):
    page.set_viewport_size({"width": 1280, "height": 500})
    page.goto(f"{anchor_site}{prefix}/privacy/")
    page.locator('article a[href="#bookmark-how-we-use-data"]').first.click()
    page.wait_for_function("location.hash === '#bookmark-how-we-use-data'")
    page.wait_for_function(
        """() => { const cell = document.getElementById('bookmark-how-we-use-data').closest('td');
                   const top = cell.getBoundingClientRect().top; return top >= 0 && top < 300; }"""
    )
    # And the attribute-list anchor on a paragraph.
    page.locator('article a[href="#summary"]').first.click()
    page.wait_for_function("location.hash === '#summary'")
    top = page.evaluate("document.getElementById('summary').getBoundingClientRect().top")
    assert 0 <= top < 300


def test_the_language_switch_keeps_a_raw_html_anchor(anchor_site, page, switch_language):
    page.goto(f"{anchor_site}/privacy/#bookmark-how-we-use-data")
    switch_language(page, "zh-TW")
    assert page.url == f"{anchor_site}/zh-TW/privacy/#bookmark-how-we-use-data"
    # Scrolled to the anchor: near the top, or as far as the page scrolls when it is too short for
    # that (the Chinese page grew a line above it: its header's longer links wrap).
    top, scrolled, most, height = page.evaluate(
        """[document.getElementById('bookmark-how-we-use-data').getBoundingClientRect().top, scrollY,
            document.documentElement.scrollHeight - innerHeight, innerHeight]"""
    )
    assert -2 < top < 400 or (scrolled >= most - 1 and 0 <= top < height), (top, scrolled, most)
