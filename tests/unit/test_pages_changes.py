"""``/<policy>/changes/<YYYY.MM.DD>/`` (policysite.pages.changes): the redline of a version against
the one before, with its intro, status and summary; a first version as published; a version without
text in the page's language."""

from __future__ import annotations

import re

import pytest
from unit import pagekit
from unit.pagekit import front, hrefs, unstamped

from policysite.pages import changes


@pytest.fixture(scope="module")
def kit() -> pagekit.Kit:
    return pagekit.kit()


def page(kit, policy: str, date: str, lang: str) -> str:
    return unstamped(changes.page(kit.site, kit.ph(policy), kit.version(policy, date), lang))


def test_a_redline_against_the_version_before(kit):
    out = page(kit, "privacy", "2020.06.01", "en")
    assert front(out) == {
        "title": "Privacy Policy: changes in the version of 1 June 2020",
        "search": {"exclude": True},
        "policy_version": "2020.06.01",
    }
    paragraphs = re.findall(r"^<p[^>]*>.*</p>$", out, re.MULTILINE)
    assert paragraphs[0] == (
        '<p>What changed from the version of <a href="../../versions/2020.01.01/">1 January 2020</a> to the '
        'version of <a href="../../versions/2020.06.01/">1 June 2020</a>. Insertions are underlined, '
        "deletions struck through.</p>"
    )
    assert paragraphs[1] == (
        '<p class="policy-version"><span class="policy-status policy-status--current" data-search-exclude>'
        "current</span> 1 added, 0 removed, 1 changed</p>"
    )
    redline = out.split("\n\n")[-2]
    assert redline.startswith('<div class="redline">') and redline.endswith("</div>")
    assert re.findall(r'<section class="redline-section redline-section--(\w+)" id="([\w-]+)"', redline) == [
        ("unchanged", "redline-intro"),
        ("changed", "general"),
        ("unchanged", "cookies"),
        ("added", "retention"),
    ]
    # Against the corrected wording of 1 January 2020 ("your names"), word by word; its link rebased.
    assert (
        '<del><span class="sr-only">[deleted: </span>your names<span class="sr-only">]</span></del>'
        in redline
    )
    assert '<a href="../../../security/#access">' in redline


def test_chinese_is_compared_character_by_character(kit):
    out = page(kit, "privacy", "2020.06.01", "zh-TW")
    assert front(out)["title"] == "隱私權政策：2020 年 6 月 1 日 版本的變更"
    assert (
        '我們蒐集姓名<ins><span class="sr-only">［新增：</span>及電子郵件地址（'
        '<span class="sr-only">］</span>'
        "</ins>"
    ) in out
    assert "新增 1 節、刪除 0 節、修改 1 節" in out


def test_a_first_version_is_its_text_as_published(kit):
    out = page(kit, "privacy", "2020.01.01", "zh-TW")
    assert "<p>此為本政策首次發布的版本：沒有更早的版本可供比較，以下為其發布時的全文。</p>" in out
    assert "已封存</span> 首次發布版本</p>" in out
    assert "<ins>" not in out and "<del>" not in out
    assert re.findall(r"redline-section--(\w+)", out) == ["published"] * 3


def test_a_version_without_text_in_the_language_links_the_english_redline(kit):
    out = page(kit, "security", "2020.07.01", "zh-TW")
    assert front(out)["title"] == "資訊安全政策：2020 年 7 月 1 日 版本的變更"
    assert hrefs(out) == ["../../../../security/changes/2020.07.01/"]
    assert "policy-notice--missing" in out and "此版本沒有繁體中文條文。" in out
    assert "redline" not in out


def test_a_withdrawn_version_is_compared_with_the_one_it_followed(kit):
    out = page(kit, "data", "2020.09.01", "en")
    assert "withdrawn</span> 0 added, 0 removed, 2 changed" in out
    assert hrefs(out)[:2] == ["../../versions/2020.01.01/", "../../versions/2020.09.01/"]
