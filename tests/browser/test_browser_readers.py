"""Issue 14 in the browser: search ranking, the keyboard, the date asked repeated.

Search runs Material's worker wrapped by assets/javascripts/workers/policy-search.js;
the keyboard tests press Tab through every page type, on a phone and on a
desktop, and look at each element that takes focus as a reader would: it is
rendered, not transparent, inside the viewport, and shows a focus ring.
"""

from __future__ import annotations

import pytest
from gitrepo import PolicyRepo, policy_text

POLICY = "privacy"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
# Past versions of the demo site (tests/browser/conftest.py), not imported: two
# conftest.py files make "import conftest" ambiguous.
PAST_VERSIONS = ("2019.12.19", "2020.06.01", "2021.03.15")
BUILT = "1640995200"  # SOURCE_DATE_EPOCH of the sites built here: 2022-01-01


@pytest.fixture
def sized_page(browser, request):
    def open_page(viewport: dict, lang: str = "en"):
        context = browser.new_context(viewport=viewport, locale=lang, color_scheme="light")
        context.set_default_timeout(15_000)
        request.addfinalizer(context.close)
        return context.new_page()

    return open_page


# ---------------------------------------------------------------- search


def results(page) -> list[dict]:
    """Every result group as Material shows it: the page, then its shown sections, then "more"."""
    page.wait_for_selector(".md-search-result__item")
    return page.eval_on_selector_all(
        ".md-search-result__item",
        """items => items.map(item => Array.from(item.querySelectorAll('a')).map(a => ({
            href: a.href,
            folded: !!a.closest('details'),
            text: a.querySelector('article').textContent.replace(/\\u200b/g, ''),
        })))""",
    )


def first_section(groups: list) -> dict:
    """The first section (a result with an #anchor) in the order readers see, outside "N more"."""
    for group in groups:
        for result in group:
            if "#" in result["href"] and not result["folded"]:
                return result
    raise AssertionError(f"no section shown: {groups}")


def test_a_chinese_dictionary_word_is_searched_as_that_word(demo_site, page, search):
    current = demo_site.url(demo_site.page_kinds("zh-TW")["current"])
    page.goto(current)
    search(page, "個人資料")
    groups = results(page)
    best = first_section(groups)
    assert best["href"].startswith(current) and "個人資料" in best["text"], groups[0]
    # Every section found has the word, not only 資料 (the word is not cut in two).
    sections = [r for g in groups for r in g if "#" in r["href"] and r["href"].startswith(current)]
    assert sections and all("個人資料" in r["text"] for r in sections), sections


@pytest.mark.parametrize("lang,query,words", [("en", "delete account", ("delete", "account"))])
def test_a_section_with_every_term_comes_first_and_is_shown(demo_site, page, search, lang, query, words):
    current = demo_site.url(demo_site.page_kinds(lang)["current"])
    page.goto(current)
    search(page, query)
    best = first_section(results(page))
    assert best["href"].startswith(current) and best["href"].endswith("#data-autonomy"), best
    assert all(word in best["text"].lower() for word in words), best


# A policy where Material's scores alone put the wrong section first: one
# section says "account" in its title and five times over, the other is the
# only one that has both words of the query.
ACCOUNTS = {
    "en": policy_text(
        "Account Terms",
        "2020.01.01",
        """
        These terms cover accounts.

        ## 1. Your account {#account}

        Your account is yours. Account names, account settings and account security are described here.

        ## 2. Closing {#closing}

        You may delete your data at any time by closing the account.
        """,
    ),
    "zh-TW": policy_text(
        "帳戶條款",
        "2020.01.01",
        """
        本條款規範帳戶。

        ## 1. 您的帳戶 {#account}

        您的帳戶屬於您。帳戶名稱、帳戶設定與帳戶安全說明於此。

        ## 2. 關閉 {#closing}

        您可隨時刪除您的資料並關閉帳戶。
        """,
    ),
}


def _accounts_repo(directory) -> PolicyRepo:
    """The account terms, version 2020.01.01 in both languages."""
    repo = PolicyRepo.create(directory, copy_policies=False)
    for lang, text in ACCOUNTS.items():
        repo.write(lang, "accounts", text)
    repo.commit("Account terms", "2020-01-01T09:00:00Z")
    return repo


@pytest.fixture(scope="module")
def ranking_site(tmp_path_factory, browser):
    with _accounts_repo(tmp_path_factory.mktemp("ranking") / "repo").built_site(BUILT) as url:
        yield url


@pytest.mark.parametrize(
    "lang,query,words",
    [("en", "delete account", ("delete", "account")), ("zh-TW", "刪除 帳戶", ("刪除", "帳戶"))],
)
def test_every_term_beats_one_term_said_often(ranking_site, page, search, lang, query, words):
    current = ranking_site + ("/accounts/" if lang == "en" else "/zh-TW/accounts/")
    page.goto(current)
    search(page, query)
    groups = results(page)
    best = first_section(groups)
    assert best["href"].startswith(current) and best["href"].endswith("#closing"), groups
    assert all(word in best["text"].lower() for word in words), best
    # The section with one word only still comes, after it.
    hrefs = [r["href"] for g in groups for r in g]
    assert any(h.endswith("#account") for h in hrefs), hrefs


def test_chinese_terms_together_rank_first_too(demo_site, page, search):
    current = demo_site.url(demo_site.page_kinds("zh-TW")["current"])
    page.goto(current)
    search(page, "刪除 帳戶資料")
    best = first_section(results(page))
    assert best["href"].endswith("#data-autonomy") and "刪除" in best["text"] and "帳戶資料" in best["text"]


@pytest.mark.parametrize(
    "lang,query", [("en", "cookie"), ("en", "version"), ("zh-TW", "版本"), ("zh-TW", "Cookie")]
)
def test_no_result_shows_a_version_note(demo_site, page, search, lang, query):
    page.goto(demo_site.url(demo_site.page_kinds(lang)["current"]))
    search(page, query)
    page.evaluate("document.querySelectorAll('.md-search-result__more').forEach(d => d.open = true)")
    shown = " ".join(r["text"] for g in results(page) for r in g)
    for note in ("Unchanged since", "Last changed in", "in force", "起未變更", "最近一次變更", "起生效"):
        assert note not in shown, (note, shown[:500])


# ---------------------------------------------------------------- keyboard

FOCUS = """() => {
    const el = document.activeElement;
    if (!el || el === document.body || el === document.documentElement) return null;
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    return {
        what: el.tagName.toLowerCase() + (el.className && typeof el.className === 'string'
            ? '.' + el.className.trim().split(/\\s+/).join('.') : '') + ' "' +
            (el.getAttribute('aria-label') || el.textContent || '').trim().slice(0, 40) + '"',
        shown: el.checkVisibility({opacityProperty: true, visibilityProperty: true}),
        inside: box.width > 0 && box.height > 0 && box.bottom > 0 && box.right > 0
            && box.top < innerHeight && box.left < innerWidth,
        ring: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 1,
    };
}"""
SETTLED = "() => document.getAnimations().every(a => a.playState !== 'running')"
# What a reader sees once every running transition has ended (a link's mark fading in, a menu sliding
# open): each is finished at once, not waited for, then FOCUS is judged.  The same end state as
# waiting for SETTLED, without a quarter of a second per heading's "¶" (the walks' main cost).
SETTLED_FOCUS = f"""() => {{
    for (const animation of document.getAnimations()) {{
        if (animation.playState !== 'running') continue;
        try {{ animation.finish(); }} catch (endless) {{}}  // (an endless animation has no end state)
    }}
    return ({FOCUS})();
}}"""


def tab_through(page, limit: int = 200) -> list[dict]:
    """Press Tab until focus leaves the page; every element that took focus, as the reader saw it."""
    stops = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        stop = page.evaluate(FOCUS)
        if stop is not None and problems([stop]):
            # Judged once what it shows has settled (a menu fading in, a panel sliding).
            stop = page.evaluate(SETTLED_FOCUS)
        if stop is None:
            return stops
        stops.append(stop)
    raise AssertionError(f"Tab never left the page after {limit} stops: {stops[-5:]}")


def problems(stops: list[dict]) -> list[str]:
    found = []
    for stop in stops:
        if not stop["shown"]:
            found.append(f"hidden: {stop['what']}")
        elif not stop["inside"]:
            found.append(f"outside the viewport: {stop['what']}")
        elif not stop["ring"]:
            found.append(f"no visible focus: {stop['what']}")
    return found


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "zh-TW"])
@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_tab_never_focuses_anything_hidden_or_off_screen(demo_site, sized_page, size, lang):
    page = sized_page(PHONE if size == "phone" else DESKTOP, lang)
    kinds = demo_site.page_kinds(lang)
    assert {"home", "current", "versions", "archived", "redline", "changelog", "bilingual"} <= set(kinds)
    found = {}
    for kind, path in kinds.items():
        page.goto(demo_site.url(path))
        page.wait_for_load_state("load")
        stops = tab_through(page)
        assert len(stops) > 5, (kind, stops)
        if problems(stops):
            found[f"{kind} {path}"] = problems(stops)
    assert not found, f"{size}, {lang}: " + "\n".join(f"{k}: {v}" for k, v in found.items())


def test_on_a_phone_the_menu_opens_and_closes_from_the_keyboard(demo_site, sized_page):
    page = sized_page(PHONE)
    page.goto(demo_site.url(demo_site.page_kinds("en")["current"]))
    button = page.locator('.md-header label[for="__drawer"]')
    stops = []
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('for')") == "__drawer":
            break
    assert button.get_attribute("role") == "button" and button.get_attribute("aria-expanded") == "false"
    page.keyboard.press("Enter")
    page.wait_for_function(SETTLED)
    assert button.get_attribute("aria-expanded") == "true"
    assert page.evaluate("!!document.activeElement.closest('.md-sidebar--primary')")
    # Into the page's table of contents, through it, and out of the menu.
    for _ in range(10):
        stop = page.evaluate(FOCUS)
        stops.append(stop)
        if page.evaluate("document.activeElement.getAttribute('for')") == "__toc":
            break
        page.keyboard.press("Tab")
        page.wait_for_function(SETTLED)
    else:
        raise AssertionError(f"the table of contents is not reachable: {stops}")
    page.keyboard.press("Enter")
    page.wait_for_function(SETTLED)
    for _ in demo_site.sections:
        page.keyboard.press("Tab")
        page.wait_for_function(SETTLED)
        stops.append(page.evaluate(FOCUS))
    assert page.evaluate("document.activeElement.hash") == f"#{demo_site.sections[-1]}"
    assert not problems(stops), problems(stops)
    page.keyboard.press("Escape")
    page.wait_for_function(SETTLED)
    assert page.evaluate("document.activeElement.getAttribute('for')") == "__drawer"
    assert button.get_attribute("aria-expanded") == "false"
    assert not page.locator(".md-sidebar--primary .md-nav__link").first.is_visible()


@pytest.mark.parametrize("lang,label", [("en", "Skip to content"), ("zh-TW", "跳至主要內容")])
@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_the_skip_link_says_where_it_goes_and_covers_nothing(demo_site, sized_page, lang, label, size):
    page = sized_page(PHONE if size == "phone" else DESKTOP, lang)
    page.goto(demo_site.url(demo_site.page_kinds(lang)["current"]))
    page.keyboard.press("Tab")
    page.wait_for_function(SETTLED)
    skip = page.locator("a.md-skip")
    assert page.evaluate("document.activeElement.classList.contains('md-skip')")
    assert skip.inner_text().strip() == label
    box = skip.bounding_box()
    header = page.locator(".md-header").bounding_box()
    assert box["y"] >= header["y"] + header["height"] - 1, (box, header)  # below the header, not on the logo
    page.keyboard.press("Enter")
    page.wait_for_function("() => location.hash.length > 1")
    target = page.evaluate("decodeURIComponent(location.hash.slice(1))")
    assert page.locator(f"[id='{target}']").first.is_visible()


# ---------------------------------------------------------------- the date asked


@pytest.mark.parametrize(
    "lang,date,expected,said",
    [
        (
            "en",
            "2020-09-30",
            PAST_VERSIONS[1],
            "You asked which version applied on 30 September 2020: this one.",
        ),
        ("zh-TW", "2019-12-19", PAST_VERSIONS[0], "您查詢的是 2019 年 12 月 19 日 適用的版本：即此版本。"),
    ],
)
def test_the_version_opened_for_a_date_repeats_the_date(demo_site, page, lang, date, expected, said):
    page.goto(demo_site.url(demo_site.path(lang, POLICY, "versions")))
    page.fill("form.policy-when input[name=date]", date)
    with page.expect_navigation():
        page.click("form.policy-when button[type=submit]")
    assert page.url.split("?")[0] == demo_site.url(demo_site.path(lang, POLICY, "versions", expected))
    sentence = page.locator(".policy-asked")
    sentence.wait_for(state="visible")
    assert " ".join(sentence.inner_text().split()) == " ".join(said.split())
    # The notice above says when that version was in force.
    assert page.locator(".policy-notice time.policy-in-force-from").count() == 1


# (A real date outside the version's time is answered: tests/browser/test_browser_chrome.py.)
@pytest.mark.parametrize("query", ["", "?on=2020-02-30", "?on=<b>x</b>", "?on=2019-1-1"])
def test_no_date_or_a_date_that_is_not_one_repeats_nothing(demo_site, page, query):
    page.goto(demo_site.url(demo_site.path("en", POLICY, "versions", PAST_VERSIONS[1])) + query)
    page.wait_for_load_state("load")
    assert not page.locator(".policy-asked").is_visible()
    assert page.locator(".policy-asked time").inner_text() == ""


# ---------------------------------------------------------------- compare without a translation


@pytest.fixture(scope="module")
def untranslated_site(tmp_path_factory, browser):
    """Version 2020.01.01 in both languages, then 2021.01.01 in English only (lagging allowed)."""
    repo = _accounts_repo(tmp_path_factory.mktemp("untranslated") / "repo")
    repo.set_extra("extra:\n  policies:\n    lagging: info\n")
    repo.write(
        "en",
        "accounts",
        ACCOUNTS["en"].replace("2020.01.01", "2021.01.01").replace("at any time", "at any time, free"),
    )
    repo.commit("Account terms: closing is free", "2021-01-01T09:00:00Z")
    with repo.built_site(BUILT) as url:
        yield url


@pytest.mark.parametrize(
    "prefix,said",
    [
        ("/", "The version of 1 January 2021 has no text in 繁體中文."),
        ("/zh-TW/", "2021 年 1 月 1 日 的版本沒有繁體中文條文。"),
    ],
)
def test_compare_names_the_version_that_lacks_the_language(untranslated_site, page, prefix, said):
    page.goto(untranslated_site + prefix + "accounts/versions/")
    page.select_option("form.policy-compare select[name=old]", "2020.01.01")
    page.select_option("form.policy-compare select[name=new]", "2021.01.01")
    page.select_option("form.policy-compare select[name=lang]", "zh-TW")
    page.click("form.policy-compare button[type=submit]")
    status = page.locator("#policy-compare-status")
    status.wait_for()
    page.wait_for_function("document.querySelector('#policy-compare-status').textContent.length > 0")
    assert status.inner_text() == said
