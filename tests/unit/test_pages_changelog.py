"""``/changelog/`` (policysite.pages.changelog): every version of every policy, newest first, with
its status, summary, redline, corrections and withdrawal, in each language."""

from __future__ import annotations

import re

import pytest
from unit import pagekit
from unit.pagekit import TODAY, front, hrefs, unstamped

from policysite.history import History
from policysite.pages import Redlines, Site, changelog
from policysite.project import Corpus


@pytest.fixture(scope="module")
def kit() -> pagekit.Kit:
    return pagekit.kit()


def entries(out: str) -> list[str]:
    return re.findall(r"^<li>(.*?)</li>$", out, re.MULTILINE | re.DOTALL)


def test_every_version_newest_first_with_links_from_the_changelog(kit):
    out = unstamped(changelog.page(kit.site, "en"))
    assert front(out) == {"title": "Changelog"}
    assert "<p>Every version of every policy, newest first.</p>" in out
    found = [re.match(r"<strong>(.*?)</strong> — <a href=\"(.*?)\">", e).groups() for e in entries(out)]
    assert found[:6] == [
        ("1 June 2021", "../future/versions/2021.06.01/"),
        ("1 March 2021", "../privacy/versions/2021.03.01/"),
        ("1 September 2020", "../data/versions/2020.09.01/"),
        ("1 July 2020", "../security/versions/2020.07.01/"),
        ("1 June 2020", "../privacy/versions/2020.06.01/"),
        ("1 June 2020", "../evil/versions/2020.06.01/"),
    ]
    assert len(found) == 14 and {date for date, _ in found[6:]} == {"1 January 2020"}
    assert ("1 January 2020", "../legal/imprint/versions/2020.01.01/") in found


def test_an_entry_has_status_summary_redline_and_events(kit):
    out = unstamped(changelog.page(kit.site, "en"))
    [privacy] = [e for e in entries(out) if "../privacy/versions/2020.01.01/" in e]
    assert privacy == (
        '<strong>1 January 2020</strong> — <a href="../privacy/versions/2020.01.01/">Privacy Policy</a> '
        '<span class="policy-status policy-status--archived" data-search-exclude>archived</span> — first '
        'published version · <a href="../privacy/changes/2020.01.01/">what changed</a> · '
        '<a href="../privacy/changes/2020.01.01/correction-2/">corrected on 1 February 2020</a>'
    )
    [withdrawn] = [e for e in entries(out) if "../data/versions/2020.09.01/" in e]
    assert "policy-status--withdrawn" in withdrawn
    assert withdrawn.endswith(
        "what changed</a> · withdrawn on 15 August 2020"
        '<p class="policy-version-summary">Broader purposes.</p>'
    )


def test_in_chinese_dates_titles_and_an_english_summary_marked_english(kit):
    out = unstamped(changelog.page(kit.site, "zh-TW"))
    assert front(out) == {"title": "變更紀錄"}
    [withdrawn] = [e for e in entries(out) if "../data/versions/2020.09.01/" in e]
    assert withdrawn.startswith("<strong>2020 年 9 月 1 日</strong> — ")
    assert '<p class="policy-version-summary" lang="en">Broader purposes.</p>' in withdrawn
    assert "2020 年 8 月 15 日 撤回" in withdrawn
    [privacy] = [e for e in entries(out) if "../privacy/versions/2020.06.01/" in e]
    assert '<a href="../privacy/versions/2020.06.01/">隱私權政策</a>' in privacy
    assert "新增 1 節、刪除 0 節、修改 1 節" in privacy


def test_hostile_titles_and_summaries_are_escaped(kit):
    out = unstamped(changelog.page(kit.site, "en"))
    [evil] = [e for e in entries(out) if "../evil/versions/2020.06.01/" in e]
    assert (
        '<a href="../evil/versions/2020.06.01/">&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; '
        in evil
    )
    assert '<p class="policy-version-summary">&lt;b&gt;bold&lt;/b&gt; &amp; ' in evil
    assert "<script>" not in out and "<b>" not in out
    assert all(h.startswith("../") for h in hrefs(out))


def test_a_site_without_policies_says_so():
    empty = Site(Corpus(), History({}, TODAY), Redlines(), "Empty")
    out = unstamped(changelog.page(empty, "zh-TW"))
    assert out.endswith("<p>目前尚未發布任何政策。</p>\n\n")
