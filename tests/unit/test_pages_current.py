"""``/<policy>/`` (policysite.pages.current): the current text with its version line, the notices
of an upcoming version, a lagging or pending translation, an unreadable source, and the note under
each section saying in which version it last changed."""

from __future__ import annotations

import dataclasses
import re

import pytest
from unit import pagekit
from unit.pagekit import EVIL_EN, body, front, hrefs, unstamped

from policysite.pages import current


@pytest.fixture(scope="module")
def kit() -> pagekit.Kit:
    return pagekit.kit()


def page(kit, policy: str, lang: str, site=None) -> str:
    out = current.page(site or kit.site, kit.ph(policy), lang)
    assert out is not None
    return unstamped(out)


def test_the_current_text_with_its_version_line_and_the_upcoming_version(kit):
    out = page(kit, "privacy", "en")
    assert front(out) == {"title": "Privacy Policy"}
    assert body(out).startswith(
        "# Privacy Policy\n\n"
        '<p class="policy-version" data-search-exclude>Version of 1 June 2020 · <span class="policy-status '
        'policy-status--current" data-search-exclude>current</span> in force from <time class="policy-in-'
        'force-from" datetime="2020-06-01">1 June 2020</time> until <time class="policy-in-force-until" '
        'datetime="2021-03-01">1 March 2021</time> · <a href="versions/">All versions</a> · <a href="'
        'bilingual/">English and Traditional Chinese side by side</a></p>\n\n'
        '<div class="policy-notice policy-notice--upcoming" role="note" data-search-exclude>\n'
        "<p>A new version of this policy takes effect on 1 March 2021: "
        '<a href="versions/2021.03.01/">read it</a> or <a href="changes/2021.03.01/">see what changes</a>.'
        "</p>\n</div>\n\n"
        "We respect privacy.\n\n## 1. General {#general}\n\n"
    )
    # The text is the version in force (1 June 2020), not the upcoming one; its links stay Markdown.
    assert "We use cookies." in out and "no cookies" not in out
    assert "([access](security.md#access))" in out


def test_each_section_says_in_which_version_it_last_changed(kit):
    out = page(kit, "privacy", "en")
    notes = re.findall(r'<p class="policy-section-version" data-search-exclude>(.*?)</p>', out)
    assert notes == [
        'Last changed in the version of <a href="changes/2020.06.01/#general">1 June 2020</a>',
        'Unchanged since the version of <a href="versions/2020.01.01/">1 January 2020</a>',
        'Last changed in the version of <a href="changes/2020.06.01/#retention">1 June 2020</a>',
    ]
    assert '## 1. General {#general}\n\n<p class="policy-section-version"' in out  # under its heading
    zh = page(kit, "privacy", "zh-TW")
    assert re.findall(r'<p class="policy-section-version" data-search-exclude>(.*?)</p>', zh)[1] == (
        '自 <a href="versions/2020.01.01/">2020 年 1 月 1 日 版本</a>起未變更'
    )


def test_the_chinese_page_is_in_chinese_with_chinese_dates(kit):
    out = page(kit, "privacy", "zh-TW")
    assert front(out) == {"title": "隱私權政策"}
    assert (
        '<p class="policy-version" data-search-exclude>2020 年 6 月 1 日 版本 · <span class="policy-status '
        'policy-status--current" data-search-exclude>現行</span> 自 <time class="policy-in-force-from" '
        'datetime="2020-06-01">2020 年 6 月 1 日</time> 起生效，至 <time class="policy-in-force-until" '
        'datetime="2021-03-01">2021 年 3 月 1 日</time> 止 · <a href="versions/">所有版本</a> · '
        '<a href="bilingual/">英文與繁體中文對照</a></p>'
    ) in out
    assert "本政策的新版本將於 2021 年 6 月 1 日" not in out
    assert "本政策的新版本將於 2021 年 3 月 1 日 生效" in out
    assert "我們蒐集姓名及電子郵件地址" in out


def test_a_single_version_has_no_section_notes_and_deep_policies_link_from_their_folder(kit):
    out = page(kit, "legal/imprint", "en")
    assert "policy-section-version" not in out and "policy-notice" not in out
    assert hrefs(out) == ["versions/", "bilingual/"]  # /legal/imprint/ -> /legal/imprint/versions/
    assert "in force since" in out and "Example Ltd." in out


def test_a_lagging_translation_says_so_and_marks_each_section_english_changed(kit):
    out = page(kit, "security", "zh-TW")
    assert front(out) == {"title": "資訊安全政策"}
    # The version line: the translation's own date, no "current" status.
    assert (
        '<p class="policy-version" data-search-exclude>2020 年 1 月 1 日 版本 · <a href="versions/">' in out
    )
    assert "policy-status--current" not in out
    [notice] = re.findall(r'<div class="policy-notice policy-notice--lagging".*?</div>', out, re.DOTALL)
    assert (
        "本譯文為 2020 年 1 月 1 日 版本。2020 年 7 月 1 日 的現行版本尚未翻譯："
        '<a href="../../security/" hreflang="en" lang="en">閱讀現行英文版本</a>。'
    ) in notice
    assert "英文版共 3 節中有 2 節已修改" in notice
    assert '英文版另新增：<a href="../../security/#audits" hreflang="en" lang="en">Audits</a>。' in notice
    [marker] = re.findall(r'<div class="policy-outdated" role="note">.*?</div>', out, re.DOTALL)
    assert out.index("## 存取 {#access}") < out.index(marker)
    assert hrefs(marker) == ["../../security/#access", "../../security/changes/2020.07.01/#access"]
    assert "英文版已於 2020 年 7 月 1 日 版本修改本節" in marker


def test_a_pending_translation_shows_the_english_text_marked_english(kit):
    out = page(kit, "data", "zh-TW")
    assert front(out) == {"title": "Data Policy"}
    assert hrefs(out) == ["versions/", "../../data/"]
    assert '<a href="../../data/" hreflang="en" lang="en">Data Policy</a>' in out
    assert "本政策的繁體中文譯本尚在準備中；以下為英文條文。" in out
    english = out.split('<div class="policy-untranslated" lang="en" markdown>', 1)[1]
    assert english.strip().startswith("# Data Policy\n\nWe process data.")
    assert english.rstrip().endswith("</div>")
    # The English current page is the plain text.
    assert "policy-untranslated" not in page(kit, "data", "en")


def test_an_unreadable_source_shows_why_and_nothing_of_the_last_good_text(kit):
    out = page(kit, "accessibility", "zh-TW")
    assert front(out) == {"title": "無障礙聲明"}
    assert "policy-notice--missing" in out
    assert "本頁的原始檔 zh-TW/accessibility.md 無法讀取，因此不顯示任何內容：" in out
    assert "[front-matter.missing] file must start with front matter: a &#39;---&#39; line" in out
    assert "我們以 WCAG 為目標" not in out and "無障礙聲明，沒有前言" not in out


def test_a_policy_with_only_an_upcoming_version_is_announced(kit):
    out = page(kit, "future", "zh-TW")
    assert front(out) == {"title": "未來政策"}
    assert body(out) == (
        '<div class="policy-notice policy-notice--upcoming" role="note" data-search-exclude>\n'
        '<p>本政策的新版本將於 2021 年 6 月 1 日 生效：<a href="versions/2021.06.01/">閱讀新版本</a>或'
        '<a href="changes/2021.06.01/">查看變更內容</a>。</p>\n</div>\n\n'
    )
    assert "即將發布" not in out  # (no text applies yet)


def test_a_retired_policy_has_no_current_text(kit):
    assert current.page(kit.site, kit.ph("terms"), "en") is None


def test_a_hostile_title_is_data_in_the_front_matter(kit):
    out = page(kit, "evil", "en")
    # Data, not markup; without the bell and the escape XML and HTML forbid (common.plain).
    assert front(out) == {"title": EVIL_EN.replace("\x07", "").replace("\x1b", "")}
    assert "<script>" not in body(out) and "Heading" in body(out)


def test_a_site_in_one_language_offers_no_side_by_side_view(kit):
    corpus = dataclasses.replace(kit.site.corpus, languages=("en",))
    alone = dataclasses.replace(kit.site, corpus=corpus)
    out = page(kit, "privacy", "en", alone)
    assert hrefs(out.split("</p>", 1)[0]) == ["versions/"]
