"""``/<policy>/bilingual/`` (policysite.pages.bilingual): every language side by side, section by
section (by ID), each column in its language, the translation's own IDs prefixed."""

from __future__ import annotations

import re

import pytest
from unit import pagekit
from unit.pagekit import front, hrefs, unstamped

from policysite.pages import bilingual


@pytest.fixture(scope="module")
def kit() -> pagekit.Kit:
    return pagekit.kit()


def page(kit, policy: str, lang: str) -> str:
    out = bilingual.page(kit.site, kit.ph(policy), lang)
    assert out is not None
    return unstamped(out)


def pairs(out: str) -> dict[str, str]:
    return dict(
        re.findall(
            r'<section class="bilingual-pair" id="([\w-]+)" markdown>\n(.*?)</section>', out, re.DOTALL
        )
    )


def columns(pair: str) -> list[tuple[str, str]]:
    """(lang, content) of each column of a pair."""
    found = []
    for column in pair.split('<div class="bilingual-col" lang="')[1:]:
        lang, content = column.split('" markdown>\n', 1)
        found.append((lang, content.rstrip().removesuffix("</div>")))
    return found


def test_sections_paired_by_id_each_column_in_its_language(kit):
    out = page(kit, "privacy", "en")
    assert front(out) == {
        "title": "Privacy Policy: English and Traditional Chinese",
        "search": {"exclude": True},
        "hide": ["toc"],
    }
    found = pairs(out)
    assert list(found) == ["intro", "general", "cookies", "retention"]
    [(en_lang, en), (zh_lang, zh)] = columns(found["general"])
    assert (en_lang, zh_lang) == ("en", "zh-TW")
    assert '<h2 class="bilingual-heading"><a href="../#general" hreflang="en">1. General</a></h2>' in en
    assert (
        '<h2 class="bilingual-heading"><a href="../../zh-TW/privacy/#general" hreflang="zh-TW">'
        "一、總則</a></h2>"
    ) in zh
    # The column's Markdown, its links rebased one folder down.
    assert "([access](../security.md#access))" in en and "（[存取](../security.md#access)）" in zh
    assert "policy-notice" not in out  # both columns are of the same version


def test_from_the_chinese_page_and_from_a_category(kit):
    out = page(kit, "legal/imprint", "zh-TW")
    assert front(out)["title"] == "公司資訊：英文與繁體中文對照"
    assert hrefs(out) == [
        "../../../../legal/imprint/",
        "../",
        "../../../../legal/imprint/#contact",
        "../#contact",
    ]


def test_a_lagging_translation_says_which_version_each_column_is_and_marks_outdated_sections(kit):
    out = page(kit, "security", "zh-TW")
    assert (
        "<p>兩欄並非同一版本：英文為 2020 年 7 月 1 日 版本；繁體中文為 2020 年 1 月 1 日 版本。</p>"
    ) in out
    found = pairs(out)
    assert list(found) == ["intro", "access", "audits"]
    [_, (_, zh)] = columns(found["access"])
    assert '<div class="policy-outdated" role="note">' in zh and "僅限員工。" in zh
    [_, (lang, missing)] = columns(found["audits"])
    assert lang == "zh-TW" and missing.strip() == '<p class="bilingual-missing">本節沒有此語言的條文。</p>'


def test_a_pending_translation_has_an_english_column_only_each_said_in_its_language(kit):
    found = pairs(page(kit, "data", "en"))
    assert list(found) == ["intro", "purposes"]
    for pair in found.values():
        [(_, english), (lang, missing)] = columns(pair)
        assert "bilingual-missing" not in english
        assert (lang, missing.strip()) == ("zh-TW", '<p class="bilingual-missing">本節沒有此語言的條文。</p>')


def test_a_hostile_title_is_escaped_in_the_headings(kit):
    out = page(kit, "evil", "en")
    [(_, en), (_, zh)] = columns(pairs(out)["intro"])
    assert '">&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; ' in en
    assert '">&lt;script&gt;alert(1)&lt;/script&gt;「條款」' in zh
    assert "<script>" not in out.split("---\n", 2)[2]


def test_an_unreadable_translation_is_not_shown_from_its_last_commit(kit):
    out = page(kit, "accessibility", "zh-TW")
    assert "我們以 WCAG 為目標" not in out
    # Said as the current page says it, and the Chinese column left empty.
    notice = "<p>繁體中文原始檔 zh-TW/accessibility.md 無法讀取，因此不顯示其任何內容："
    assert notice + "zh-TW/accessibility.md:1: error: [front-matter.missing] " in out
    [(_, english), (lang, missing)] = columns(pairs(out)["intro"])
    assert "We aim for WCAG." in english
    assert (lang, missing.strip()) == ("zh-TW", '<p class="bilingual-missing">本節沒有此語言的條文。</p>')


def test_ids_inside_a_translation_column_are_its_own():
    assert (
        bilingual._own_ids("## A {#a}\n\nText {: #b .c }", "zh-TW", "en")
        == "## A {#zh-TW-a}\n\nText {: #zh-TW-b .c }"
    )
    assert bilingual._own_ids("<span id=\"x\">a</span> <a name='y'>", "zh-TW", "en") == (
        "<span id=\"zh-TW-x\">a</span> <a name='zh-TW-y'>"
    )
    assert bilingual._own_ids("## A {#a}", "en", "en") == "## A {#a}"  # the reference keeps the IDs


def test_without_an_english_text_there_is_no_side_by_side_page(kit):
    assert bilingual.page(kit.site, kit.ph("future"), "en") is None  # nothing in force yet
