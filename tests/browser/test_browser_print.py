"""Printing a policy gives its text with title, version and status, without navigation."""

from __future__ import annotations

import pytest

HIDDEN = {
    "header": ".md-header",
    "navigation": ".md-sidebar--primary",
    "table of contents": ".md-sidebar--secondary",
    "search": ".md-search",
    "language switcher": ".md-select",
    "footer": ".md-footer",
}


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
@pytest.mark.parametrize("kind,notice", [("current", "upcoming"), ("archived", "archived")])
def test_print_shows_the_policy_without_navigation(demo_site, page, kind, notice, lang):
    page.goto(demo_site.url(demo_site.page_kinds(lang)[kind]))
    assert page.locator(".md-header").is_visible()  # on screen it is there
    page.emulate_media(media="print")

    for name, selector in HIDDEN.items():
        for element in page.locator(selector).all():
            assert not element.is_visible(), f"the {name} ({selector}) is printed"

    assert page.locator("article h1").is_visible()
    version = page.locator("article .policy-version").first
    assert version.is_visible()
    date = demo_site.current if kind == "current" else demo_site.archived
    year = date.split(".")[0]
    assert year in version.inner_text()
    assert page.locator(f"article .policy-notice--{notice}").first.is_visible()
    if kind == "archived":
        assert page.locator("article .policy-version .policy-status--archived").is_visible()
    first_section = page.locator(f"#{demo_site.sections[0]}")
    assert first_section.is_visible()
    # The text runs the full width of the page.
    width = page.evaluate("document.querySelector('article').getBoundingClientRect().width")
    assert width > 0.8 * page.viewport_size["width"]
