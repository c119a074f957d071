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
