"""What every page renderer shares (policysite.pages.common): front matter, templates with
autoescaping, dates in each language, where a version stands in time, summaries, and the Site
object, read from the small real site of ``pagekit``."""

from __future__ import annotations

import datetime as dt

import jinja2
import pytest
import yaml
from markupsafe import Markup
from unit import pagekit
from unit.pagekit import EVIL_EN, unstamped

from policysite.history import PolicyHistory, Version
from policysite.pages import changelog, changes, common, home, version, versions

D = dt.date


@pytest.fixture(scope="module")
def kit() -> pagekit.Kit:
    return pagekit.kit()


def test_front_matter_is_json_values_that_yaml_reads_back_exactly():
    text = common.front_matter(title=EVIL_EN, search={"boost": 0.5}, hide=["toc"], flag=True)
    assert text == (
        "---\n"
        'title: "<script>alert(\\"x\\")</script> & Terms"\n'  # (no bell, no escape: see below)
        'search: {"boost": 0.5}\n'
        'hide: ["toc"]\n'
        "flag: true\n"
        "---\n\n"
    )
    assert yaml.safe_load(text.split("---\n")[1]) == {
        "title": '<script>alert("x")</script> & Terms',
        "search": {"boost": 0.5},
        "hide": ["toc"],
        "flag": True,
    }
    assert common.front_matter(title="隱私權政策") == '---\ntitle: "隱私權政策"\n---\n\n'


def test_no_value_a_template_writes_keeps_a_control_character_xml_forbids():
    out = common.render("paragraph.html", css=None, message="a\x07b\x1bc\td\ne & f")
    assert out == "<p>abc\td\ne &amp; f</p>\n\n"  # (tab and line feed are text)
    kept = common.plain(Markup("<b>\x07x</b>"))
    assert kept == "<b>x</b>" and isinstance(kept, Markup)
    assert common.plain({"a": ["\x1bb"], "n": 1}) == {"a": ["b"], "n": 1}


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_a_hostile_title_and_summary_reach_no_page_with_their_control_characters(kit, lang):
    """Home, changelog, versions list, a version and its redline: the bell and the escape of the evil
    policy's title and summary are dropped everywhere, as in its feed and its PDF."""
    ph = kit.ph("evil")
    pages = [
        home.policy_list(kit.site, lang),
        changelog.page(kit.site, lang),
        versions.page(kit.site, ph, lang),
        version.page(kit.site, ph, ph.versions[-1], lang),
        changes.page(kit.site, ph, ph.versions[-1], lang),
    ]
    for out in pages:
        assert "\x07" not in out and "\x1b" not in out and "\\u0007" not in out
    assert "&lt;script&gt;" in pages[0] and "bold" in pages[2]


def test_a_block_goes_after_the_title_or_first_when_there_is_none():
    assert common.insert_after_title("# T\n\nText.", "BLOCK\n\n") == "# T\n\nBLOCK\n\nText."
    assert common.insert_after_title("Text.", "BLOCK\n\n") == "BLOCK\n\n\nText."
    # Only a level-1 heading is the title.
    assert common.insert_after_title("## S\n\nText.", "B") == "B\n## S\n\nText."


def test_templates_escape_every_value_and_stamp_the_sites_markup():
    out = common.render("paragraph.html", css="x", message='<script>alert("1")</script> & co')
    assert out.endswith("</p>\n\n")
    assert unstamped(out) == '<p class="x">&lt;script&gt;alert(&#34;1&#34;)&lt;/script&gt; &amp; co</p>\n\n'
    assert ' data-policysite-chrome="' in out  # the element with a class is the site's own
    assert common.render("paragraph.html", css=None, message="plain") == "<p>plain</p>\n\n"
    with pytest.raises(jinja2.UndefinedError):
        common.render("paragraph.html", css=None)  # StrictUndefined: a missing value is an error


@pytest.mark.parametrize(
    ("lang", "words"),
    [("en", "19 December 2019"), ("zh-TW", "2019 年 12 月 19 日"), ("ja", "2019年12月19日")],
)
def test_a_date_tag_carries_the_iso_date_and_the_words_of_the_language(lang, words):
    tag = common.time_tag(D(2019, 12, 19), lang, "policy-in-force-from")
    assert isinstance(tag, Markup)
    assert unstamped(tag) == f'<time class="policy-in-force-from" datetime="2019-12-19">{words}</time>'
    assert common.date(Version("p", "2019.12.19", D(2019, 12, 19)), lang) == words


def test_periods_in_force_in_each_language():
    ph = PolicyHistory("p")
    restored = Version("p", "2020.01.01", D(2020, 1, 1), periods=[(D(2020, 1, 1), D(2020, 5, 1))])
    restored.periods.append((D(2020, 6, 1), None))
    assert unstamped(common.in_force(ph, restored, "en")) == (
        'in force from <time class="policy-in-force-from" datetime="2020-01-01">1 January 2020</time> '
        'until <time class="policy-in-force-until" datetime="2020-05-01">1 May 2020</time>, and again '
        'since <time class="policy-in-force-from" datetime="2020-06-01">1 June 2020</time>'
    )
    fresh = Version("p", "2020.03.01", D(2020, 3, 1))  # no periods yet: from its date
    assert unstamped(common.in_force(ph, fresh, "zh-TW")) == (
        '自 <time class="policy-in-force-from" datetime="2020-03-01">2020 年 3 月 1 日</time> 起生效'
    )


def standing(kit, policy: str, version: str, lang: str = "en") -> str:
    ph = kit.ph(policy)
    here = common.site_path(lang, policy, "versions", version, reference="en")
    return unstamped(common.standing(ph, kit.version(policy, version), lang, here, "CURRENT", "en"))


def test_where_each_version_stands(kit):
    assert standing(kit, "privacy", "2020.01.01") == (
        'Archived version of 1 January 2020: in force from <time class="policy-in-force-from" '
        'datetime="2020-01-01">1 January 2020</time> until <time class="policy-in-force-until" '
        'datetime="2020-06-01">1 June 2020</time>, when <a href="../2020.06.01/">the version of 1 June '
        '2020</a> replaced it. This is not the current text: <a href="CURRENT">read the current version</a>.'
    )
    assert standing(kit, "privacy", "2020.06.01") == (
        'This is the current version, in force from <time class="policy-in-force-from" '
        'datetime="2020-06-01">1 June 2020</time> until <time class="policy-in-force-until" '
        'datetime="2021-03-01">1 March 2021</time>, when <a href="../2021.03.01/">the version of 1 March '
        "2021</a> takes effect."
    )
    assert standing(kit, "privacy", "2021.03.01") == (
        'Upcoming version: it takes effect on 1 March 2021. Until then <a href="CURRENT">the current '
        "version</a> applies."
    )
    assert standing(kit, "cookie-policy", "2020.01.01") == (
        'This is the current version, in force since <time class="policy-in-force-from" '
        'datetime="2020-01-01">1 January 2020</time>.'
    )


def test_a_withdrawn_version_a_restored_one_and_a_retired_policys(kit):
    assert standing(kit, "data", "2020.09.01") == (
        "Withdrawn version of 1 September 2020: published on 1 August 2020 and withdrawn on 15 August "
        '2020, when <a href="../2020.01.01/">the version of 1 January 2020</a> was restored (never in '
        'force). This is not the current text: <a href="CURRENT">read the current version</a>.'
    )
    assert standing(kit, "terms", "2020.01.01", "zh-TW") == (
        '已於 2020 年 7 月 1 日 廢止之政策的 2020 年 1 月 1 日 版本：自 <time class="policy-in-force-from" '
        'datetime="2020-01-01">2020 年 1 月 1 日</time> 起生效，至 <time class="policy-in-force-until" '
        'datetime="2020-07-01">2020 年 7 月 1 日</time> 止。本政策已無任何版本適用：'
        '<a href="../">其所有版本</a>。'
    )


def test_a_current_version_after_a_withdrawn_one_is_not_said_to_end(kit):
    assert standing(kit, "data", "2020.01.01") == (
        'This is the current version, in force since <time class="policy-in-force-from" '
        'datetime="2020-01-01">1 January 2020</time>.'
    )


def test_an_upcoming_first_version_does_not_claim_a_current_version_applies(kit):
    assert standing(kit, "future", "2021.06.01") == (
        "Upcoming version: it takes effect on 1 June 2021. Until then no version of this policy is in force."
    )
    assert standing(kit, "future", "2021.06.01", "zh-TW") == (
        "即將生效的版本：自 2021 年 6 月 1 日 起生效。在此之前，本政策尚無任何版本生效。"
    )


def test_following_is_the_next_version_published(kit):
    ph = kit.ph("privacy")
    assert common.following(ph, ph.versions[0]) is ph.versions[1]
    assert common.following(ph, ph.versions[-1]) is None


def test_summaries_and_language_names_in_each_language():
    counts = {"first": False, "added": 1, "removed": 0, "changed": 2, "moved": 0}
    assert common.summary_line(counts, "en") == "1 added, 0 removed, 2 changed"
    assert common.summary_line(counts, "zh-TW") == "新增 1 節、刪除 0 節、修改 2 節"
    assert common.summary_line({**counts, "moved": 3}, "en") == "1 added, 0 removed, 2 changed, 3 moved"
    assert common.summary_line({**counts, "first": True}, "zh-TW") == "首次發布版本"
    none = {"first": False, "added": 0, "removed": 0, "changed": 0, "moved": 0}
    assert common.summary_line(none, "en") == "no change to the text"
    assert common.language_names(["en", "zh-TW"], "en") == "English, Traditional Chinese"
    assert common.language_names(["en", "zh-TW"], "zh-TW") == "英文、繁體中文"


def test_a_status_badge_is_the_status_in_words():
    assert unstamped(common.status_badge("withdrawn", "zh-TW")) == (
        '<span class="policy-status policy-status--withdrawn" data-search-exclude>已撤回</span>'
    )


def test_the_site_object(kit):
    site = kit.site
    assert site.languages == ("en", "zh-TW")
    assert [ph.policy for ph in site.policies()] == list(pagekit.POLICIES)
    assert site.name(kit.ph("privacy"), "zh-TW") == "隱私權政策"
    assert site.name(kit.ph("evil"), "en") == EVIL_EN  # (escaped where it is written, not here)
    assert site.pending("data", "zh-TW") and not site.pending("data", "en")
    assert not site.pending("privacy", "zh-TW")
    assert not site.pending("accessibility", "zh-TW")  # unreadable is not pending: the file exists
    [finding] = site.findings(kit.version("security", "2020.07.01"))
    assert (finding.code, finding.commit) == ("history.unmarked-change", kit.commits["reword"])
    assert site.findings(kit.version("privacy", "2020.01.01")) == []
