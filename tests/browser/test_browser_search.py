"""Search in both languages, Chinese words included (jieba at build time)."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("query", ["個人資料", "資料安全"])
def test_chinese_search_finds_the_chinese_text(demo_site, page, search, query):
    page.goto(demo_site.url(demo_site.page_kinds("zh-TW")["current"]))
    results = search(page, query)
    target = demo_site.url(demo_site.page_kinds("zh-TW")["current"])
    assert any(url.startswith(target) for url in results), f"{query!r}: no result in {target}: {results}"


def test_english_search_finds_the_english_text(demo_site, page, search):
    page.goto(demo_site.url(demo_site.page_kinds("en")["home"]))
    results = search(page, "personal data")
    target = demo_site.url(demo_site.page_kinds("en")["current"])
    assert any(url.startswith(target) for url in results), f"no result in {target}: {results}"


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_results_favour_the_readers_language(demo_site, page, search, lang):
    # "SmartWork" appears in the intro of both languages: the reader's comes first.
    page.goto(demo_site.url(demo_site.page_kinds(lang)["current"]))
    results = search(page, "SmartWork")
    chinese = demo_site.url("/zh-TW/")
    assert results, "no result for SmartWork"
    assert results[0].startswith(chinese) == (lang == "zh-TW"), results


def test_archived_versions_do_not_crowd_out_the_current_text(demo_site, page, search):
    page.goto(demo_site.url(demo_site.page_kinds("en")["current"]))
    results = search(page, "personal data")
    assert results and not any("/versions/20" in url or "/changes/" in url for url in results), results
