"""Issue 27, items 6 and 7 in Chromium: what a reader of the Chinese site sees of the theme, the
translations table, and a version's page opened for a date outside its time or in the future.

The demo site (conftest): versions 2019.12.19, 2020.06.01, 2021.03.15 (current) and 2030.01.01
(upcoming), built on 2022-01-01.
"""

from __future__ import annotations

import pytest
from chrome_words import english_theme_strings

# What a reader meets of the chrome: the header, the navigation and table of contents, the footer,
# the site's own notes in the content, and the headings' permalinks; their text (also what shows
# later: the "back to top" button, the other palette toggle) and the names and titles of their
# controls (shown on hover, read by screen readers).  What a Chinese page marks English (lang="en":
# the English column of the side-by-side view, the language menu's "English") is English on purpose,
# and the entries of the page's table of contents are its headings: policy text, as written.
CHROME_WORDS = """() => {
    const page = document.documentElement.lang;
    const english = node => {
        const lang = (node.closest('[lang]') || document.documentElement).lang;
        return lang !== page && lang.startsWith('en');
    };
    const regions = [...document.querySelectorAll(
        '.md-header, .md-tabs, .md-sidebar, .md-footer, .md-search, .md-skip, .md-top, '
        + '.md-content [class*="policy-"], .md-content .headerlink')];
    const words = [];
    for (const region of regions) {
        const walker = document.createTreeWalker(region, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const entry = node.parentElement.closest('.md-nav--secondary .md-nav__list');
            if (!english(node.parentElement) && !entry) words.push(node.data);
        }
        for (const element of [region, ...region.querySelectorAll('*')]) {
            if (english(element)) continue;
            for (const name of ['title', 'aria-label', 'placeholder', 'alt']) {
                const value = element.getAttribute(name);
                if (value) words.push(value);
            }
        }
    }
    return words.join('\\n');
}"""


def chrome_words(page) -> str:
    page.wait_for_load_state("load")
    return page.evaluate(CHROME_WORDS)


def test_the_chinese_chrome_has_no_english_theme_strings(demo_site, page, search):
    kinds = demo_site.page_kinds("zh-TW")
    kinds["translations"] = demo_site.path("zh-TW", "translations")
    kinds["upcoming"] = demo_site.path("zh-TW", "privacy", "versions", demo_site.upcoming)
    found = {}
    for kind, path in kinds.items():
        page.goto(demo_site.url(path))
        found[kind] = english_theme_strings(chrome_words(page))
    assert not {kind: words for kind, words in found.items() if words}, found
    # The search box, opened: Material's words, and its answers, in Chinese.
    assert search(page, "隱私")
    assert not english_theme_strings(chrome_words(page))
    assert "符合" in page.locator(".md-search-result__meta").inner_text()


def test_the_english_chrome_is_what_the_scan_looks_for(demo_site, page):
    page.goto(demo_site.url(demo_site.page_kinds("en")["current"]))
    words = english_theme_strings(chrome_words(page))
    for said in ("Switch to dark mode", "Permanent link", "Made with", "Back to top", "Select language"):
        assert said in words, (said, words)


def test_the_palette_toggles_speak_chinese_both_ways(demo_site, page):
    page.goto(demo_site.url(demo_site.page_kinds("zh-TW")["current"]))
    toggle = page.locator("form[data-md-component=palette] label:visible")
    assert toggle.get_attribute("title") == "切換至深色模式"
    toggle.click()
    page.wait_for_function("() => document.body.getAttribute('data-md-color-scheme') === 'slate'")
    toggle = page.locator("form[data-md-component=palette] label:visible")
    assert toggle.get_attribute("title") == "切換至淺色模式"


# ---------------------------------------------------------------- the translations table

STYLES = """selector => {
    const cell = document.querySelector(selector);
    const table = cell.closest('table');
    const pick = (element, names) => Object.fromEntries(names.map(n => [n, getComputedStyle(element)[n]]));
    return {
        table: pick(table, ['fontSize', 'borderTopWidth', 'borderTopStyle', 'borderRadius',
                            'backgroundColor', 'display', 'maxWidth']),
        cell: pick(cell, ['paddingTop', 'paddingLeft', 'borderTopWidth', 'borderTopStyle',
                          'borderTopColor', 'verticalAlign', 'textAlign']),
        heading: pick(table.querySelector('th'), ['fontWeight', 'minWidth', 'paddingLeft']),
    };
}"""


def test_the_translations_table_looks_like_the_themes_tables(demo_site, page):
    """Beside it, a table as Markdown writes one (no class): Material's style. The two look alike."""
    page.goto(demo_site.url(demo_site.path("zh-TW", "translations")))
    page.evaluate(
        """() => {
            const plain = document.createElement('table');
            plain.innerHTML = '<thead><tr><th>a</th></tr></thead><tbody><tr><td>b</td></tr></tbody>';
            document.querySelector('table.policy-translations').after(plain);
        }"""
    )
    ours = page.evaluate(STYLES, "table.policy-translations tbody td")
    theirs = page.evaluate(STYLES, "table:not([class]) tbody td")
    assert ours == theirs
    assert ours["cell"]["borderTopStyle"] == "solid" and ours["heading"]["fontWeight"] == "700"


# ---------------------------------------------------------------- a date asked

ANSWERS = [
    # A date after this version's time: the version that applied then, linked.
    (
        "en",
        "2020.06.01",
        "2021-06-01",
        "You asked which version applied on 1 June 2021: the version of 15 March 2021, not this one.",
        "2021.03.15",
    ),
    (
        "zh-TW",
        "2020.06.01",
        "2021-06-01",
        "您查詢的是 2021 年 6 月 1 日 適用的版本：為 2021 年 3 月 15 日 版本，而非此版本。",
        "2021.03.15",
    ),
    # Before the first version: none applied.
    (
        "en",
        "2020.06.01",
        "2019-01-01",
        "You asked which version applied on 1 January 2019: none did; the first version took effect on "
        "19 December 2019.",
        "2019.12.19",
    ),
    # A future date on the upcoming version's page: not "this one applies" but when it will.
    (
        "en",
        "2030.01.01",
        "2031-01-01",
        "You asked which version applies on 1 January 2031: this one, which is not yet in force: it takes "
        "effect on 1 January 2030. Today the version of 15 March 2021 is in force.",
        "2021.03.15",
    ),
    (
        "zh-TW",
        "2030.01.01",
        "2031-01-01",
        "您查詢的是 2031 年 1 月 1 日 適用的版本：即此版本，但此版本尚未生效，將於 2030 年 1 月 1 日 生效。"
        "目前施行的是 2021 年 3 月 15 日 版本。",
        "2021.03.15",
    ),
    # A future date on the current version's page, after the upcoming one takes effect.
    (
        "en",
        "2021.03.15",
        "2030-06-01",
        "You asked which version applies on 1 June 2030: the version of 1 January 2030, which is not yet in "
        "force, not this one. Today the version of 15 March 2021 is in force.",
        "2030.01.01",
    ),
]


@pytest.mark.parametrize("lang,version,date,said,linked", ANSWERS)
def test_a_date_outside_the_version_or_in_the_future_is_answered(
    demo_site, page, lang, version, date, said, linked
):
    page.goto(demo_site.url(demo_site.path(lang, "privacy", "versions", version)) + f"?on={date}")
    sentence = page.locator(".policy-asked.policy-asked--other")
    sentence.wait_for(state="visible")
    assert " ".join(sentence.inner_text().split()) == " ".join(said.split())
    assert sentence.locator("time.policy-asked-date").get_attribute("datetime") == date
    hrefs = sentence.locator("a").evaluate_all("links => links.map(a => a.href)")
    assert demo_site.url(demo_site.path(lang, "privacy", "versions", linked)) + f"?on={date}" in hrefs


def test_the_version_linked_for_a_date_says_it_applied(demo_site, page):
    page.goto(demo_site.url(demo_site.path("en", "privacy", "versions", "2020.06.01")) + "?on=2021-06-01")
    link = page.locator(".policy-asked--other a")
    with page.expect_navigation():
        link.click()
    sentence = page.locator(".policy-asked.policy-asked--shown")
    sentence.wait_for(state="visible")
    assert sentence.inner_text().strip() == "You asked which version applied on 1 June 2021: this one."
    assert not page.locator(".policy-asked--other").count()


def test_a_future_date_in_the_current_versions_time_is_this_one(demo_site, page):
    """Before the upcoming version takes effect the current one applies, as the site states it."""
    page.goto(
        demo_site.url(demo_site.path("en", "privacy", "versions", demo_site.current)) + "?on=2025-01-01"
    )
    sentence = page.locator(".policy-asked.policy-asked--shown")
    sentence.wait_for(state="visible")
    assert sentence.inner_text().strip() == "You asked which version applied on 1 January 2025: this one."
