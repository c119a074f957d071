"""Issue 10 in Chromium: a lagging translation marks exactly its outdated sections, visibly,
and the marker's links land on the English section and on its English redline."""

from __future__ import annotations

import pytest
from translated import V2, lagging_repo


@pytest.fixture(scope="module")
def lagging_site(tmp_path_factory, browser):
    repo = lagging_repo(tmp_path_factory.mktemp("translations") / "repo")
    with repo.built_site("1622548800", strict=False) as url:
        yield url


def test_the_outdated_sections_are_marked_and_their_links_land(lagging_site, page, run_axe):
    page.goto(f"{lagging_site}/zh-TW/privacy/")
    markers = page.locator(".policy-outdated")
    assert markers.count() == 2
    for index, section in enumerate(("sharing", "retention")):
        marker = markers.nth(index)
        assert marker.is_visible()
        heading = marker.evaluate(
            "m => { let e = m.previousElementSibling; while (e && !/^H[2-6]$/.test(e.tagName))"
            " e = e.previousElementSibling; return e && e.id; }"
        )
        assert heading == section
        assert "英文版已於" in marker.inner_text()
    # The first marker's links: the current English section, then its English redline.
    markers.nth(0).locator("a").nth(0).click()
    page.wait_for_url(f"{lagging_site}/privacy/#sharing")
    assert page.evaluate("document.documentElement.lang") == "en"
    assert -2 < page.evaluate("document.getElementById('sharing').getBoundingClientRect().top") < 400
    page.go_back()
    page.locator(".policy-outdated").nth(0).locator("a").nth(1).click()
    page.wait_for_url(f"{lagging_site}/privacy/changes/{V2}/#sharing")
    assert page.locator("#sharing").count() == 1
    assert "sell" in page.inner_text("#sharing")
    # Accessible and printable.
    page.goto(f"{lagging_site}/zh-TW/privacy/")
    assert run_axe(page) == []
    page.emulate_media(media="print")
    assert page.locator(".policy-outdated").nth(0).is_visible()
