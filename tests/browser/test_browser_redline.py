"""Rendered redlines in Chromium (issues 14 and 11): what a visitor sees on the redline page, in the
in-browser compare and in print, on a five-version history written with real Markdown
(``tests/redline_history.py``: emphasis, links, attribute lists, lists, a table, dates, numbers).
"""

from __future__ import annotations

import functools
import http.server
import threading

import pytest
from redline_history import POLICY, VERSIONS, around_marks, build, make_redline_history, marks

PREFIX = {"en": "/", "zh-TW": "/zh-TW/"}
PAIRS = list(zip(VERSIONS, VERSIONS[1:]))

# The redline as a visitor's browser holds it: elements, their attributes (links
# resolved, as followed) and text; whitespace between elements left out, and
# Material's scrolling wrapper around tables seen through.
SERIALIZE = """el => {
  function walk(n) {
    if (n.nodeType === 3) { const t = n.textContent.replace(/\\s+/g, ' '); return t.trim() ? t : ''; }
    if (n.nodeType !== 1) return '';
    const children = [...n.childNodes].map(walk).join('');
    const tag = n.tagName.toLowerCase();
    const attrs = [...n.attributes].map(a => a.name + '=' +
      (a.name === 'href' && !a.value.startsWith('#') ? n.href : a.value)).sort().join(' ');
    return '<' + tag + (attrs ? ' ' + attrs : '') + '>' + children + '</' + tag + '>';
  }
  return walk(el);
}"""
VISIBLE_TEXT = """el => {
  const copy = el.cloneNode(true);
  copy.querySelectorAll('.sr-only').forEach(s => s.remove());
  return copy.textContent;
}"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="module")
def redline_site(tmp_path_factory, browser):
    repo = make_redline_history(tmp_path_factory.mktemp("browser-redlines") / "repo")
    result = build(repo)
    if not result.ok:
        pytest.fail(f"mkdocs build --strict failed:\n{result.output}", pytrace=False)
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Quiet, directory=str(result.site))
    )
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def changes(base: str, lang: str, version: str) -> str:
    return f"{base}{PREFIX[lang]}{POLICY}/changes/{version}/"


def compare(page, base: str, page_lang: str, old: str, new: str, lang: str) -> None:
    page.goto(f"{base}{PREFIX[page_lang]}{POLICY}/versions/")
    page.select_option("form.policy-compare select[name=old]", old)
    page.select_option("form.policy-compare select[name=new]", new)
    page.select_option("form.policy-compare select[name=lang]", lang)
    page.click("form.policy-compare button[type=submit]")
    page.wait_for_selector("#policy-compare-output .redline")


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_the_redline_page_shows_the_policy_as_rendered(redline_site, page, lang):
    for _, version in PAIRS:
        page.goto(changes(redline_site, lang, version))
        text = page.eval_on_selector(".md-content .redline", VISIBLE_TEXT)
        for syntax in ("*", "{:", "](", "](#"):
            assert syntax not in text, (version, syntax)
        markup = page.inner_html(".md-content .redline")
        if lang == "en":
            for before, marked, after in around_marks(markup):  # whole words and numbers
                assert not (before.isalnum() and marked[:1].isalnum()), (version, before, marked)
                assert not (after.isalnum() and marked[-1:].isalnum()), (version, marked, after)
        else:
            for before, marked, after in around_marks(markup):  # never inside a number
                assert not (before.isdigit() and marked[:1].isdigit()), (version, before, marked)
                assert not (after.isdigit() and marked[-1:].isdigit()), (version, marked, after)
    page.goto(changes(redline_site, lang, VERSIONS[1]))
    # Emphasis, a table and a list, as on the policy page; marks inside them.
    assert page.locator(".md-content .redline em del").first.is_visible()
    assert page.locator(".md-content .redline table td ins").first.is_visible()
    style = page.eval_on_selector(".md-content .redline del", "d => getComputedStyle(d).textDecorationLine")
    assert "line-through" in style
    dates = {"en": ("7 March 2024", "3 April 2024"), "zh-TW": ("2024 年 3 月 7 日", "2024 年 4 月 3 日")}[
        lang
    ]
    assert marks(page.inner_html(".md-content .redline"))[:2] == [("del", dates[0]), ("ins", dates[1])]


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_the_browser_compare_agrees_with_every_built_redline(redline_site, page, lang):
    for old, new in PAIRS:
        compare(page, redline_site, lang, old, new, lang)
        in_browser = page.eval_on_selector("#policy-compare-output .redline", SERIALIZE)
        page.goto(changes(redline_site, lang, new))
        built = page.eval_on_selector(".md-content .redline", SERIALIZE)
        assert in_browser == built, (old, new)


def test_compare_across_several_versions_in_the_other_language(redline_site, page):
    compare(page, redline_site, "en", VERSIONS[0], VERSIONS[-1], "zh-TW")
    assert page.get_attribute("#policy-compare-output", "lang") == "zh-TW"
    found = marks(page.inner_html("#policy-compare-output .redline"))
    assert ("del", "政策") in found and ("ins", "聲明") in found  # the title
    assert ("del", "2024 年 3 月 7 日") in found and ("ins", "2024 年 4 月 3 日") in found
    assert ("del", "30") in found and ("ins", "60") in found
    note = page.locator("#policy-compare-output .redline-note").first
    assert note.is_visible() and "terms-of-use" in note.inner_text()
    # The screen-reader labels of the marks are in the compared text's language.
    assert page.text_content("#policy-compare-output del .sr-only >> nth=0") == "[刪除: "


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_rendered_redlines_are_accessible(redline_site, browser, run_axe, lang, scheme):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    try:
        page = context.new_page()
        for version in (VERSIONS[1], VERSIONS[2], VERSIONS[3]):
            page.goto(changes(redline_site, lang, version))
            violations = run_axe(
                page, None if scheme == "light" else ["color-contrast", "link-in-text-block"]
            )
            assert not violations, (version, violations)
        compare(page, redline_site, lang, VERSIONS[0], VERSIONS[-1], lang)
        assert not run_axe(page, None if scheme == "light" else ["color-contrast", "link-in-text-block"])
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_a_printed_redline_shows_the_rendered_text_and_its_marks(redline_site, page, lang):
    page.goto(changes(redline_site, lang, VERSIONS[3]))
    page.emulate_media(media="print")
    assert not page.locator(".md-header").is_visible()
    assert page.locator(".md-content .redline table").first.is_visible()
    assert page.locator(".md-content .redline ol li del").first.is_visible()
    text = page.inner_text(".md-content .redline")
    assert "*" not in text and "{:" not in text and "](" not in text
