"""The language switch keeps the reader's place: same page, same #section, both ways."""

from __future__ import annotations

import pytest

DIRECTIONS = [("en", "zh-TW"), ("zh-TW", "en")]


def _section_for(demo, kind: str) -> str:
    if kind == "redline":
        return demo.changed[demo.current]  # shown in full on the redline (not collapsed)
    return demo.sections[len(demo.sections) // 2 + 1]


def _top_of(page, element_id: str) -> float:
    return page.evaluate("id => document.getElementById(id).getBoundingClientRect().top", element_id)


@pytest.mark.parametrize("source,target", DIRECTIONS, ids=["en-to-zh", "zh-to-en"])
@pytest.mark.parametrize("kind", ["current", "archived", "redline", "bilingual"])
def test_switch_keeps_the_section_in_the_hash(demo_site, page, switch_language, kind, source, target):
    start = demo_site.page_kinds(source).get(kind)
    if start is None:
        pytest.skip(f"the demo site has no {kind} page")
    section = _section_for(demo_site, kind)
    page.goto(demo_site.url(start) + "#" + section)

    switch_language(page, target)

    assert page.url == demo_site.url(demo_site.page_kinds(target)[kind]) + "#" + section
    assert page.evaluate("document.documentElement.lang") == target
    assert page.locator(f"#{section}").count() == 1, f"#{section} is missing on the {target} {kind} page"
    top = _top_of(page, section)
    # Scrolled to it, or as far as a short page scrolls (a short redline's last changed section
    # cannot reach the top of the viewport) with the section in view.
    bottom = page.evaluate("Math.ceil(scrollY + innerHeight) >= document.documentElement.scrollHeight - 1")
    height = page.evaluate("innerHeight")
    in_view = 0 <= top < 400 or (bottom and 0 <= top < height - 100)
    assert in_view, f"#{section} is not scrolled into view after the switch (top at {top}px)"


@pytest.mark.parametrize("source,target", DIRECTIONS, ids=["en-to-zh", "zh-to-en"])
def test_without_a_hash_the_section_at_the_top_of_the_viewport_is_kept(
    demo_site, page, language_menu, switch_language, source, target
):
    section = demo_site.sections[len(demo_site.sections) // 2]
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    # A viewport low enough that the section can reach the top of it on the
    # (shorter) Chinese page too.
    page.set_viewport_size({"width": 1280, "height": 600})
    page.goto(demo_site.url(demo_site.page_kinds(source)["current"]))
    page.evaluate("id => document.getElementById(id).scrollIntoView({behavior: 'instant'})", section)
    page.wait_for_function(
        (
            "id => { const top = document.getElementById(id).getBoundingClientRect().top; return top > -2 "
            "&& top < 120; }"
        ),
        arg=section,
    )

    # The link itself carries the place (middle-click, "open in new tab", "copy link").
    language_menu(page)
    link = page.locator(f'.md-header a.md-select__link[hreflang="{target}"]')
    assert link.get_attribute("href").endswith("#" + section)

    switch_language(page, target)

    assert page.url == demo_site.url(demo_site.page_kinds(target)["current"]) + "#" + section
    assert -2 < _top_of(page, section) < 400
    # Material's switcher looks for "<page>/sitemap.xml" (404) and drops the #section: not here.
    # (Material also fetches the sitemap beside each feed of the head's autodiscovery links,
    # /sitemap.xml and /zh-TW/sitemap.xml, which the build writes: issue 14.)
    beside_feeds = {demo_site.url("/sitemap.xml"), demo_site.url("/zh-TW/sitemap.xml")}
    assert not [url for url in requests if url.endswith("/sitemap.xml") and url not in beside_feeds]
    assert (demo_site.site / "zh-TW" / "sitemap.xml").is_file()


def test_at_the_top_of_a_page_the_switch_goes_to_the_top(demo_site, page, switch_language):
    page.goto(demo_site.url(demo_site.page_kinds("en")["current"]))
    switch_language(page, "zh-TW")
    assert page.url == demo_site.url(demo_site.page_kinds("zh-TW")["current"])


def test_switcher_links_name_their_language(demo_site, page):
    page.goto(demo_site.url(demo_site.page_kinds("en")["current"]))
    links = page.eval_on_selector_all(
        ".md-header a.md-select__link",
        "links => links.map(a => [a.getAttribute('hreflang'), a.getAttribute('lang')])",
    )
    assert sorted(links) == [["en", "en"], ["zh-TW", "zh-TW"]]


def test_keyboard_switch_keeps_the_section(demo_site, page):
    section = demo_site.sections[1]
    page.goto(demo_site.url(demo_site.page_kinds("zh-TW")["archived"]) + "#" + section)
    page.focus('.md-header a.md-select__link[hreflang="en"]')
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == demo_site.url(demo_site.page_kinds("en")["archived"]) + "#" + section


def test_after_scrolling_away_from_the_hash_the_section_at_the_top_wins(demo_site, page, switch_language):
    first, later = demo_site.sections[0], demo_site.sections[len(demo_site.sections) // 2]
    page.goto(demo_site.url(demo_site.page_kinds("en")["current"]) + "#" + first)
    page.evaluate("id => document.getElementById(id).scrollIntoView({behavior: 'instant'})", later)
    page.wait_for_function(
        (
            "id => { const top = document.getElementById(id).getBoundingClientRect().top; return top > -2 "
            "&& top < 120; }"
        ),
        arg=later,
    )
    switch_language(page, "zh-TW")
    assert page.url == demo_site.url(demo_site.page_kinds("zh-TW")["current"]) + "#" + later


@pytest.mark.parametrize("source,target", DIRECTIONS, ids=["en-to-zh", "zh-to-en"])
def test_switch_keeps_the_date_asked_and_marks_the_current_language(
    demo_site, page, switch_language, source, target
):
    """Issue 27, item 7: ``?on=`` (which version applied on a date) survives the switch, and the
    language menu marks the language being read."""
    version = "2020.06.01"  # in force from 2020-06-01 to 2021-03-15 on the demo site
    page.goto(demo_site.url(demo_site.path(source, "privacy", "versions", version)) + "?on=2020-09-30")
    page.wait_for_selector(".policy-asked--shown")
    current = page.locator(f'.md-header a.md-select__link[hreflang="{source}"]')
    assert current.first.get_attribute("aria-current") == "true"
    other = page.locator(f'.md-header a.md-select__link[hreflang="{target}"]')
    assert other.first.get_attribute("aria-current") is None
    switch_language(page, target)
    assert "?on=2020-09-30" in page.url and f"/versions/{version}/" in page.url, page.url
    page.wait_for_selector(".policy-asked--shown")
    assert page.get_attribute(".policy-asked-date", "datetime") == "2020-09-30"
