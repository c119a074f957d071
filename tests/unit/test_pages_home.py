"""The home pages (policysite.pages.home): the ``<!-- policies -->`` marker becomes every policy with
its current version date, grouped by category, then the retired ones and the changelog."""

from __future__ import annotations

import re

import pytest
from unit import pagekit
from unit.pagekit import TODAY, hrefs, unstamped

from policysite.history import History
from policysite.pages import Redlines, Site, home
from policysite.project import Corpus


@pytest.fixture(scope="module")
def kit() -> pagekit.Kit:
    return pagekit.kit()


def items(markup: str) -> list[str]:
    return re.findall(r"^<li>(.*)</li>$", markup, re.MULTILINE)


def test_the_marker_becomes_the_list_and_the_rest_stays():
    site = Site(Corpus(), History({}, TODAY), Redlines(), "Empty")
    source = "# Welcome\n\n<!-- policies -->\n\nMore «text».\n".encode()
    out = home.page(site, source, "en").decode("utf-8")
    assert out == "# Welcome\n\n<p>No policies are published yet.</p>\n\n\n\nMore «text».\n"
    assert home.page(site, b"# No marker\n", "en") == b"# No marker\n"


def test_every_policy_in_force_with_its_date_then_categories_then_retired_ones(kit):
    out = unstamped(home.policy_list(kit.site, "en"))
    lists = re.findall(r'<ul class="policy-list">\n(.*?)</ul>', out, re.DOTALL)
    assert items(lists[0])[:2] == [
        '<a href="accessibility/">Accessibility Statement</a> — current version of 1 January 2020 · '
        '<a href="accessibility/versions/">All versions</a>',
        '<a href="cookie-policy/">Cookie Policy</a> — current version of 1 January 2020 · '
        '<a href="cookie-policy/versions/">All versions</a>',
    ]
    assert [hrefs(i)[0] for i in items(lists[0])] == [
        "accessibility/",
        "cookie-policy/",
        "data/",
        "evil/",
        "future/",
        "privacy/",
        "security/",
    ]
    # Nothing in force yet: listed all the same, as upcoming, with the day it takes effect.
    assert (
        '<li><a href="future/">Future Policy</a> — upcoming version, takes effect on 1 June 2021 · '
        '<a href="future/versions/">All versions</a></li>'
    ) in out
    assert '<li><a href="privacy/">Privacy Policy</a> — current version of 1 June 2020 · ' in out
    # A category: its title (escaped), then its policies, linked from the home page's folder.
    assert "<h3>Legal &lt;Notices&gt;</h3>" in out
    assert items(lists[1]) == [
        '<a href="legal/imprint/">Imprint</a> — current version of 1 January 2020 · '
        '<a href="legal/imprint/versions/">All versions</a>'
    ]
    assert "<p>Retired policies</p>" in out
    assert items(lists[2]) == [
        '<a href="terms/">Terms of Use</a> — retired on 1 July 2020 · '
        '<a href="terms/versions/">All versions</a>'
    ]
    assert out.endswith('<p><a href="changelog/">Changelog</a></p>\n\n')


def test_in_chinese_an_english_only_policy_is_marked_english(kit):
    out = unstamped(home.policy_list(kit.site, "zh-TW"))
    assert (
        '<li><a href="data/" lang="en">Data Policy</a>（僅有英文版） — 目前版本：2020 年 1 月 1 日 · '
        '<a href="data/versions/">所有版本</a></li>'
    ) in out
    assert '<li><a href="privacy/">隱私權政策</a> — 目前版本：2020 年 6 月 1 日 · ' in out
    assert '<li><a href="future/">未來政策</a> — 即將生效的版本：2021 年 6 月 1 日 起生效 · ' in out
    assert "<h3>法律聲明</h3>" in out and '<a href="legal/imprint/">公司資訊</a>' in out
    assert '<li><a href="terms/">Terms of Use</a> — 2020 年 7 月 1 日 廢止 · ' in out
    assert out.endswith('<p><a href="changelog/">變更紀錄</a></p>\n\n')


def test_a_hostile_title_is_escaped(kit):
    out = unstamped(home.policy_list(kit.site, "en"))
    assert '<a href="evil/">&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; ' in out
    assert "<script>" not in out


def test_category_titles_in_each_language(kit):
    assert home._category(kit.site, "legal/imprint", "zh-TW") == "法律聲明"
    assert home._category(kit.site, "legal/imprint", "en") == "Legal <Notices>"
    assert home._category(kit.site, "privacy", "en") == ""
