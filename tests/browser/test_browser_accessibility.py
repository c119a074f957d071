"""Accessibility: axe-core finds no serious or critical violation; lang is right.

axe-core is shipped in tests/browser/vendor/axe-core (MPL-2.0, from the npm
registry) and injected into each page: nothing is fetched at test time.  Every
page type is checked in both languages and in both colour schemes (Material
follows the reader's prefers-color-scheme).
"""

from __future__ import annotations

import json

import pytest


def describe(violations) -> str:
    return json.dumps(violations, ensure_ascii=False, indent=2)


KINDS = ("home", "current", "versions", "archived", "redline", "bilingual")
SCHEMES = ["light", "dark"]
# The dark scheme changes colours only: there, only the colour rules run.
RULES = {"light": None, "dark": ["color-contrast", "link-in-text-block"]}


@pytest.fixture
def scheme_page(browser, request):
    def open_page(scheme: str):
        context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
        request.addfinalizer(context.close)
        return context.new_page()

    return open_page


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_axe_finds_no_serious_violation(demo_site, scheme_page, run_axe, lang, scheme):
    page = scheme_page(scheme)
    kinds = demo_site.page_kinds(lang)
    checked, found = [], {}
    for kind in KINDS:
        if kind not in kinds:
            continue  # the bilingual view, where the project has none yet
        page.goto(demo_site.url(kinds[kind]))
        checked.append(kind)
        violations = run_axe(page, RULES[scheme])
        if violations:
            found[f"{kind} {kinds[kind]}"] = violations
    assert {"home", "current", "versions", "archived", "redline"} <= set(checked)
    assert not found, f"serious or critical violations ({lang}, {scheme}):\n{describe(found)}"


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("lang,query", [("en", "personal data"), ("zh-TW", "個人資料")])
def test_axe_with_search_results_open(demo_site, scheme_page, run_axe, search, lang, query, scheme):
    page = scheme_page(scheme)
    page.goto(demo_site.url(demo_site.page_kinds(lang)["current"]))
    assert search(page, query)
    violations = run_axe(page, RULES[scheme])
    assert not violations, describe(violations)


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_pages_declare_their_language(demo_site, page, lang):
    for kind, path in demo_site.page_kinds(lang).items():
        page.goto(demo_site.url(path))
        assert page.evaluate("document.documentElement.lang") == lang, f"{kind} page {path}"
        # Links into the other language are marked as such (the language menu,
        # links to an English text from a Chinese page, the side-by-side view).
        unmarked = page.eval_on_selector_all(
            "a[hreflang]",
            """(links, lang) => links
                .filter(a => a.getAttribute('hreflang') !== lang)
                .filter(a => (a.closest('[lang]') || document.documentElement).getAttribute('lang')
                             !== a.getAttribute('hreflang'))
                .map(a => a.outerHTML)""",
            lang,
        )
        assert not unmarked, f"{path}: links into another language without lang=:\n" + "\n".join(unmarked)
