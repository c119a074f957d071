"""``/<policy>/versions/`` (policysite.pages.versions): every dated version newest first, each with
its status, dates, summary, corrections and revisions (linked to the forge), and the data the
compare and point-in-time tools read (``versions/index.json``)."""

from __future__ import annotations

import json
import re

import pytest
from unit import pagekit
from unit.pagekit import front, hrefs, unstamped

from policysite.pages import versions


@pytest.fixture(scope="module")
def kit() -> pagekit.Kit:
    return pagekit.kit()


def page(kit, policy: str, lang: str) -> str:
    return unstamped(versions.page(kit.site, kit.ph(policy), lang))


def entry(out: str, version: str) -> str:
    """The part of a versions page under one version's heading."""
    return out.split(f"{{#v{version.replace('.', '-')}}}", 1)[1].split("\n## ", 1)[0]


def test_title_front_matter_tools_and_versions_newest_first(kit):
    out = page(kit, "privacy", "en")
    assert front(out) == {
        "title": "Privacy Policy: all versions",
        "search": {"boost": 0.5},
        "policy_compare": True,
    }
    assert re.findall(r"^## (.*)$", out, re.MULTILINE) == [
        "Compare two versions {#compare}",
        "Which version applied on a date? {#point-in-time}",
        "1 March 2021 {#v2021-03-01}",
        "1 June 2020 {#v2020-06-01}",
        "1 January 2020 {#v2020-01-01}",
    ]
    assert '<p class="policy-time-zone">Dates and times are in the UTC time zone:' in out
    assert '<p><a href="../">Privacy Policy</a></p>' in out
    assert '<div class="policy-compare-app" id="policy-compare-app">' in out


def test_each_entry_says_status_dates_summary_and_links_its_text_and_redline(kit):
    out = page(kit, "privacy", "en")
    upcoming = entry(out, "2021.03.01")
    assert (
        '<p><span class="policy-status policy-status--upcoming" data-search-exclude>upcoming</span> · '
        "effective 1 March 2021 · published on 1 December 2020 · 0 added, 0 removed, 1 changed</p>\n"
        '<p><a href="2021.03.01/">text</a> · <a href="../changes/2021.03.01/">what changed</a></p>'
    ) in upcoming
    assert "1 added, 0 removed, 1 changed" in entry(out, "2020.06.01")
    first = entry(out, "2020.01.01")
    assert "policy-status--archived" in first and "first published version" in first


def test_a_corrected_version_links_its_correction_and_earlier_wording(kit):
    first = entry(page(kit, "privacy", "en"), "2020.01.01")
    assert (
        "<p>Corrected on 1 February 2020, declared 'editorial (typo)': "
        '<a href="../changes/2020.01.01/correction-2/">'
        "what the correction changed</a>. Earlier wordings of this version: "
        '<a href="2020.01.01/wording-1/">as published on 1 January 2020</a>.</p>'
    ) in first
    typo = kit.commits["typo"]
    assert (
        f"<p data-search-exclude>Editorial revisions (no change of meaning): <code>{typo[:7]}</code> "
        "Fix a typo</p>"
    ) in first


def test_revisions_link_to_the_forge_with_their_time_and_languages(kit):
    first = entry(page(kit, "privacy", "en"), "2020.01.01")
    typo = kit.commits["typo"]
    assert (
        f'<li><a href="https://github.com/example/policies/commit/{typo}" class="policy-commit">'
        f'<code>{typo[:7]}</code></a> <time datetime="2020-02-01T02:00+00:00">published on 1 February '
        '2020 at 02:00</time><span class="policy-revision-languages"> (English)</span> Fix a typo '
        "(editorial)</li>"
    ) in first
    zh = entry(page(kit, "privacy", "zh-TW"), "2020.01.01")
    assert '<time datetime="2020-02-01T02:00+00:00">2020 年 2 月 1 日 02:00 發布</time>' in zh
    assert "（英文、繁體中文）" in zh and "（英文）" in zh
    # Without repo_url: the short hash alone.
    local = unstamped(versions.page(kit.local, kit.ph("privacy"), "en"))
    assert "policy-commit" not in local and f"<code>{typo[:7]}</code>" in local


def test_a_revision_lists_only_the_languages_it_changed_of_this_policy(kit):
    first = entry(page(kit, "terms", "en"), "2020.01.01")
    assert '<span class="policy-revision-languages"> (English)</span> First versions' in first
    # A renamed policy's commits before the move count its files under the former name (cookies).
    moved = entry(page(kit, "cookie-policy", "en"), "2020.01.01")
    both = '<span class="policy-revision-languages"> (English, Traditional Chinese)</span>'
    assert f"{both} First versions" in moved


def test_commit_subjects_and_summaries_are_escaped(kit):
    out = page(kit, "evil", "zh-TW")
    assert "Privacy 2020.06.01 &lt;b&gt;&amp;&lt;/b&gt;</li>" in out
    assert '<p class="policy-version-summary">&lt;b&gt;bold&lt;/b&gt; &amp; ' in out
    assert "<b>" not in out and "<script>" not in out.split("---\n", 2)[2]
    assert '<p><a href="../">&lt;script&gt;alert(1)&lt;/script&gt;「條款」' in out


def test_a_withdrawn_version_and_english_only_versions_in_chinese(kit):
    out = page(kit, "data", "zh-TW")
    assert front(out)["title"] == "Data Policy：所有版本"
    withdrawn = entry(out, "2020.09.01")
    assert (
        '<span class="policy-status policy-status--withdrawn" data-search-exclude>已撤回</span> · '
        "2020 年 8 月 1 日 發布 · 新增 0 節、刪除 0 節、修改 2 節 · 2020 年 8 月 15 日 撤回 · "
        '<span class="policy-english-only" data-search-exclude>僅有英文版</span>'
    ) in withdrawn
    assert "生效" not in withdrawn.split("</p>", 1)[0]  # never in force: no effective date
    assert '<p class="policy-version-summary" lang="en">Broader purposes.</p>' in withdrawn
    assert hrefs(withdrawn)[:3] == [
        "2020.09.01/",
        "../../../data/versions/2020.09.01/",
        "../changes/2020.09.01/",
    ]
    assert '(<a href="../../../data/versions/2020.09.01/" hreflang="en" lang="en">English</a>)' in withdrawn
    assert "<p>於 2020 年 8 月 15 日 恢復適用（其後的版本已撤回）。</p>" in entry(out, "2020.01.01")


def test_a_retired_policy_has_no_link_to_a_current_text(kit):
    out = page(kit, "terms", "en")
    assert front(out)["title"] == "Terms of Use: all versions"
    assert '<a href="../">' not in out
    assert re.findall(r"^## (.*)$", out, re.MULTILINE)[2:] == ["1 January 2020 {#v2020-01-01}"]


def test_findings_about_a_versions_commits_are_shown(kit):
    out = page(kit, "security", "en")
    current = entry(out, "2020.07.01")
    assert '<div class="policy-notice policy-notice--finding" role="note">' in current
    assert '<code>history.unmarked-change</code> <span lang="en">commit ' in current
    assert "&#39;Reword access&#39;" in current
    assert "policy-notice--finding" not in entry(out, "2020.01.01")
    # The correction nobody declared is still published: a note without a reason.
    assert '<p>Corrected on 15 July 2020: <a href="../changes/2020.07.01/correction-2/">' in current


@pytest.mark.parametrize(
    ("repo_url", "expected"),
    [
        ("https://github.com/o/r/", "https://github.com/o/r/commit/abc"),
        ("https://gitlab.com/o/r.git", "https://gitlab.com/o/r/commit/abc"),
        ("https://bitbucket.org/o/r", "https://bitbucket.org/o/r/commits/abc"),
        ("git@github.com:o/r.git", None),
        ("", None),
    ],
)
def test_commit_urls_follow_the_forge(repo_url, expected):
    assert versions.commit_url(repo_url, "abc") == expected
    assert versions.commit_url(repo_url, None) is None


def test_publication_times_are_in_the_sites_time_zone():
    # 20:00 UTC on 30 June is 04:00 on 1 July in Taipei.
    moment = 1593547200
    assert versions._published(moment, "Asia/Taipei", "en") == {
        "iso": "2020-07-01T04:00+08:00",
        "words": "published on 1 July 2020 at 04:00",
    }
    assert versions._published(moment, "UTC", "zh-TW")["words"] == "2020 年 6 月 30 日 20:00 發布"


def test_the_data_of_the_compare_and_point_in_time_tools(kit):
    data = json.loads(versions.data(kit.site, kit.ph("privacy"), "zh-TW"))
    assert data["lang"] == "zh-TW" and data["root"] == "../../"
    assert [v["version"] for v in data["versions"]] == ["2021.03.01", "2020.06.01", "2020.01.01"]
    assert data["versions"][1] == {
        "version": "2020.06.01",
        "date": "2020-06-01",
        "status": "current",
        "periods": [["2020-06-01", "2021-03-01"]],
        "label": "2020 年 6 月 1 日",
        "url": "2020.06.01/",
        "data": {"en": "../../../privacy/versions/2020.06.01.json", "zh-TW": "./2020.06.01.json"},
    }
    assert data["languages"] == [{"code": "en", "name": "English"}, {"code": "zh-TW", "name": "繁體中文"}]
    assert data["labels"]["button"] == "比較" and data["labels"]["no_change"] == "條文未變更"
    assert data["labels"]["summary"] == "新增 {added} 節、刪除 {removed} 節、修改 {changed} 節"
    assert data["redline"]["en"]["status_added"] == "Added" and data["redline"]["zh-TW"]["intro"] == "前言"
    withdrawn = json.loads(versions.data(kit.site, kit.ph("data"), "en"))["versions"][0]
    assert (withdrawn["status"], withdrawn["periods"], withdrawn["data"]) == (
        "withdrawn",
        [],
        {"en": "./2020.09.01.json"},
    )
