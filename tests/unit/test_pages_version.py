"""``/<policy>/versions/<YYYY.MM.DD>/`` (policysite.pages.version): one version's text, marked with
where it stands (archived, current, upcoming, withdrawn, of a retired policy), its corrections, and
a neutral notice when it has no text in the page's language."""

from __future__ import annotations

import re

import pytest
from unit import pagekit
from unit.pagekit import EVIL_ZH, body, front, hrefs, unstamped

from policysite.pages import version


@pytest.fixture(scope="module")
def kit() -> pagekit.Kit:
    return pagekit.kit()


def page(kit, policy: str, date: str, lang: str) -> str:
    return unstamped(version.page(kit.site, kit.ph(policy), kit.version(policy, date), lang))


def notices(out: str) -> dict[str, str]:
    return dict(re.findall(r'<div class="policy-notice policy-notice--(\w+)"[^>]*>\n<p>(.*?)</p>', out))


def test_an_archived_version_says_until_when_and_links_its_successor_and_the_current_text(kit):
    out = page(kit, "privacy", "2020.01.01", "en")
    assert front(out) == {
        "title": "Privacy Policy (1 January 2020)",
        "search": {"exclude": True},
        "policy_status": "archived",
        "policy_version": "2020.01.01",
    }
    assert body(out).startswith(
        "# Privacy Policy\n\n"
        '<p class="policy-version" data-search-exclude>Version of 1 January 2020 · '
        '<span class="policy-status policy-status--archived" data-search-exclude>archived</span> · '
        "published on 1 January 2020 · "
        '<a href="../">All versions</a></p>\n\n'
    )
    found = notices(out)
    assert hrefs(found["archived"]) == ["../2020.06.01/", "../../"]
    assert "in force from" in found["archived"] and "until" in found["archived"]
    assert found["corrected"] == (
        "Corrected on 1 February 2020, declared 'editorial (typo)': "
        '<a href="../../changes/2020.01.01/correction-2/">'
        "what the correction changed</a>. Earlier wordings of this version: "
        '<a href="wording-1/">as published on 1 January 2020</a>.'
    )
    assert (
        '<p class="policy-asked" role="status" data-search-exclude>You asked which version applied on ' in out
    )
    # The text is the corrected wording, after the notices.
    assert out.index("We collect your names.") > out.index("policy-notice--corrected")


def test_links_of_the_text_are_rebased_from_the_versions_folder(kit):
    out = page(kit, "privacy", "2020.06.01", "zh-TW")
    assert "我們蒐集姓名及電子郵件地址（[存取](../../security.md#access)）。" in out
    assert front(out)["title"] == "隱私權政策 (2020 年 6 月 1 日)"
    assert notices(out)["current"].startswith("此為現行版本，自 <time")


def test_an_upcoming_version_says_when_it_takes_effect(kit):
    out = page(kit, "privacy", "2021.03.01", "en")
    assert front(out)["policy_status"] == "upcoming"
    assert notices(out)["upcoming"] == (
        'Upcoming version: it takes effect on 1 March 2021. Until then <a href="../../">the current '
        "version</a> applies."
    )
    assert "We use no cookies." in out


def test_a_withdrawn_version_and_a_version_without_text_in_the_language(kit):
    out = page(kit, "data", "2020.09.01", "zh-TW")
    assert front(out) == {
        "title": "Data Policy (2020 年 9 月 1 日)",
        "search": {"exclude": True},
        "policy_status": "withdrawn",
        "policy_version": "2020.09.01",
    }
    found = notices(out)
    assert found["withdrawn"] == (
        "2020 年 9 月 1 日 的已撤回版本：於 2020 年 8 月 1 日 發布，於 2020 年 8 月 15 日 撤回，並恢復 "
        '<a href="../2020.01.01/">2020 年 1 月 1 日 版本</a>（從未生效）。此非現行條文：'
        '<a href="../../">閱讀現行版本</a>。'
    )
    assert found["untranslated"] == (
        '此版本沒有繁體中文條文：<a href="../../../../data/versions/2020.09.01/" hreflang="en" lang="en">'
        "閱讀此版本的英文條文</a>。"
    )
    assert "We process all data." not in out  # no English text passed off as Chinese


def test_an_untranslated_version_links_the_newest_translated_one(kit):
    found = notices(page(kit, "security", "2020.07.01", "zh-TW"))
    assert found["untranslated"].endswith(
        '最新的繁體中文譯本為 <a href="../2020.01.01/">2020 年 1 月 1 日 版本</a>。'
    )


def test_a_version_of_a_retired_policy_links_its_versions_not_a_current_text(kit):
    out = page(kit, "terms", "2020.01.01", "en")
    found = notices(out)
    assert found["archived"].startswith(
        "Version of 1 January 2020 of a policy retired on 1 July 2020: in force"
    )
    assert found["archived"].endswith(
        'No version of this policy applies any more: <a href="../">all its versions</a>.'
    )
    assert "Use the service lawfully." in out


def test_findings_of_a_versions_commits_are_on_its_page(kit):
    out = page(kit, "security", "2020.07.01", "en")
    assert "policy-notice--finding" in out and "history.unmarked-change" in out
    assert "Named staff members only." in out  # the corrected (latest) wording


def test_a_hostile_title_stays_in_the_front_matter(kit):
    out = page(kit, "evil", "2020.01.01", "zh-TW")
    assert front(out)["title"] == f"{EVIL_ZH.rstrip(chr(7))} (2020 年 1 月 1 日)"  # (no bell: common.plain)
    assert "<script>" not in body(out)
