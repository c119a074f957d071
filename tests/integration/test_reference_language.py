"""Issue 26, item 2: the reference language is the site's, not English's by right.

A team that writes its policies in Japanese first (static-i18n's default ``ja``, English its
translation) gets the same site an English-first team gets, mirrored: the Japanese pages at the
root (``/privacy/``), the English ones under ``/en/``; parity, lagging translations, the
translations page, ``versions.json`` and the redlines all measure English against Japanese, and
say so.  A Chinese-only site (no static-i18n, theme language ``zh-TW``) publishes its pages at
the root.  Real git repositories, the real ``policy`` command, real ``mkdocs build --strict``.
"""

from __future__ import annotations

import json
import re
import shutil

import pytest
from gitrepo import SITE_URL, PolicyRepo

I18N_BLOCK = re.compile(r"  - i18n:\n(?:      .*\n|        .*\n|\n)*")
WATCH = re.compile(r"watch:\n(?:  - .*\n?)*")
JAPANESE_FIRST = """\
  - i18n:
      docs_structure: folder
      fallback_to_default: false
      reconfigure_material: true
      reconfigure_search: true
      languages:
        - locale: ja
          default: true
          name: 日本語
          build: true
        - locale: en
          name: English
          build: true
          theme:
            language: en

"""
JA = """\
---
title: プライバシーポリシー
version: {version}
---

# プライバシーポリシー

当社はお客様のプライバシーを尊重します。

## 1. 総則 {{#general}}

当社はお客様の氏名とメールアドレス{phone}を収集します。

## 2. 共有 {{#sharing}}

当社はお客様のデータを{sharing}。お問い合わせは[こちら](mailto:privacy@example.com)まで。
"""
EN = """\
---
title: Privacy Policy
version: {version}
---

# Privacy Policy

We respect your privacy.

## 1. General {{#general}}

We collect your name and your e-mail address{phone}.

## 2. Sharing {{#sharing}}

We {sharing}. Contact [us](mailto:privacy@example.com).
"""
NEVER_SOLD = ("販売しません", "never sell your data")
SHARED_WITH_CONSENT = ("同意なく第三者に提供しません", "never share your data without your consent")


def japanese_first(root) -> PolicyRepo:
    """The project's site files, static-i18n's languages made ``ja`` (the default) and ``en``."""
    repo = PolicyRepo.create(root, copy_policies=False)
    config = repo.root / "mkdocs.yml"
    text = I18N_BLOCK.sub(JAPANESE_FIRST, config.read_text(encoding="utf-8"))
    text = text.replace("  language: en\n", "  language: ja\n", 1)
    config.write_text(WATCH.sub("watch:\n  - ja\n  - en\n", text), encoding="utf-8")
    shutil.rmtree(repo.root / "zh-TW")
    shutil.rmtree(repo.root / "docs" / "zh-TW")
    shutil.copytree(repo.root / "docs" / "en", repo.root / "docs" / "ja")
    return repo


def publish(repo: PolicyRepo, version: str, langs=("ja", "en"), phone: bool = False, shared: bool = False):
    """Version ``version`` of the privacy policy in ``langs``, committed on its day."""
    ja_sharing, en_sharing = SHARED_WITH_CONSENT if shared else NEVER_SOLD
    if "ja" in langs:
        ja_phone = "と電話番号" if phone else ""
        repo.write("ja", "privacy", JA.format(version=version, phone=ja_phone, sharing=ja_sharing))
    if "en" in langs:
        en_phone = " and your phone number" if phone else ""
        repo.write("en", "privacy", EN.format(version=version, phone=en_phone, sharing=en_sharing))
    return repo.commit(f"Version {version}", date=f"{version[:4]}-01-01T02:00:00Z")


@pytest.fixture(scope="module")
def japanese(tmp_path_factory) -> PolicyRepo:
    """Two versions in both languages: English is a current translation of Japanese."""
    repo = japanese_first(tmp_path_factory.mktemp("japanese-first") / "repo")
    publish(repo, "2020.01.01")
    publish(repo, "2021.01.01", phone=True)
    return repo


@pytest.fixture(scope="module")
def built(japanese):
    result = japanese.build()
    assert result.ok, result.output
    return result


def test_a_japanese_first_site_checks_and_builds_strictly(japanese, built):
    check = japanese.policy("check", "--strict")
    assert check.returncode == 0, check.output
    assert "1 policy in 2 languages" in check.stdout
    assert not (built.site / "ja").exists()  # the reference language is at the root
    assert (built.site / "en" / "privacy" / "index.html").is_file()


def test_the_root_is_japanese_and_en_is_the_english_translation(built):
    japanese = built.page("privacy")
    assert '<html lang="ja"' in japanese and "プライバシーポリシー" in japanese
    assert (
        "当社はお客様のプライバシーを尊重します。" in japanese and "We respect your privacy." not in japanese
    )
    assert "2021年1月1日" in japanese  # (a date as Japanese writes it)
    english = built.page("en/privacy")
    assert '<html lang="en"' in english and "We respect your privacy." in english
    assert "当社はお客様のプライバシーを尊重します。" not in english
    assert "1 January 2021" in english
    # Search engines are told which is which, and that Japanese is the default.
    assert f'hreflang="x-default" href="{SITE_URL}privacy/"' in english
    assert f'hreflang="en" href="{SITE_URL}en/privacy/"' in japanese
    # The home page of each language, and the feed each language's footer links.
    assert "プライバシーポリシー" in built.page("") and "Privacy Policy" in built.page("en")
    assert built.exists("feed.xml") and built.exists("en/feed.xml") and not built.exists("ja/feed.xml")


def test_redlines_in_both_languages(built):
    japanese = built.page("privacy/changes/2021.01.01")
    assert re.search(r"<ins>(?:(?!</ins>).)*と電話番号", japanese), japanese  # (by character)
    english = built.page("en/privacy/changes/2021.01.01")
    assert re.search(r"<ins>(?:(?!</ins>).)*phone number", english), english
    assert "と電話番号" not in english


def test_versions_json_names_japanese_the_reference(built):
    index = json.loads(built.path("versions.json").read_text(encoding="utf-8"))
    assert index["reference_language"] == "ja"
    [policy] = index["policies"]
    assert policy["url"] == {"ja": f"{SITE_URL}privacy/", "en": f"{SITE_URL}en/privacy/"}
    assert list(policy["translations"]) == ["en"]  # (Japanese is what English is measured against)
    assert policy["translations"]["en"]["state"] == "current"
    assert policy["title"]["ja"] == "プライバシーポリシー"
    newest = policy["versions"][0]
    assert list(newest["languages"]) == ["ja", "en"]
    assert newest["redline"]["ja"] == f"{SITE_URL}privacy/changes/2021.01.01/"


def test_parity_names_the_japanese_file_as_the_reference(japanese, tmp_path):
    repo = PolicyRepo.clone(japanese, tmp_path / "clone")
    english = repo.read("en")
    repo.write("en", "privacy", english.split("## 2. Sharing")[0])
    check = repo.policy("check")
    assert check.returncode == 1, check.output
    assert (
        "en/privacy.md:10: error: [parity.section-missing] section 'sharing' ('2. 共有', "
        "ja/privacy.md:14) is missing in en"
    ) in check.stdout.splitlines(), check.stdout


@pytest.fixture(scope="module")
def lagging(japanese, tmp_path_factory) -> PolicyRepo:
    """A third version in Japanese only: the English translation lags behind it; and a policy
    not yet translated (Japanese only)."""
    repo = PolicyRepo.clone(japanese, tmp_path_factory.mktemp("lagging") / "repo")
    publish(repo, "2022.01.01", langs=("ja",), phone=True, shared=True)
    repo.write("ja", "cookies", COOKIES)
    repo.commit("Cookies, in Japanese first", date="2022-01-02T02:00:00Z")
    return repo


COOKIES = """\
---
title: クッキーポリシー
version: 2022.01.02
---

# クッキーポリシー

当社はクッキーを使用しません。

## 1. 範囲 {#scope}

このポリシーは当社のすべてのサイトに適用されます。
"""


def test_a_lagging_english_translation_is_reported_against_the_japanese_version(lagging):
    check = lagging.policy("check", "--strict")
    assert check.returncode == 1, check.output
    assert (
        "en/privacy.md:3: warning: [history.lagging] en translation is at version 2021.01.01 but ja is at "
        "2022.01.01 (ja/privacy.md)"
    ) in check.stdout
    todo = lagging.policy("translations")
    assert todo.returncode == 1, todo.output
    assert "cookies (en): pending, no en file yet (Japanese only)" in todo.stdout
    headline = "privacy (en): lagging, translation of 2021.01.01, Japanese at 2022.01.01: 1 section to update"
    assert headline in todo.stdout
    assert "section 'sharing' (2. 共有): changed in Japanese in 2022.01.01" in todo.stdout
    assert "    Japanese: " in todo.stdout and "English" not in todo.stdout


def test_the_pages_say_english_lags_behind_japanese(lagging):
    result = lagging.build(strict=False)  # (a lagging translation is a warning: strict builds refuse it)
    assert result.ok, result.output
    english = result.page("en/privacy")
    assert "This translation is of the version of 1 January 2021." in english
    assert '<a href="../../privacy/" hreflang="ja" lang="ja">read the current Japanese text</a>' in english, (
        english
    )
    assert "have changed in Japanese since" in english
    assert "The Japanese text of this section changed in the version of 1 January 2022" in english
    assert "English text" not in english
    translations = result.page("en/translations")
    assert "lagging behind Japanese" in translations
    assert 'href="../../privacy/changes/2022.01.01/"' in translations  # the Japanese redline
    table = translations.split("<table", 1)[1].split("</table>", 1)[0]
    assert 'hreflang="ja" lang="ja">' in table and 'hreflang="en"' not in table
    assert "<th>Japanese changes since</th>" in table and "<td>pending (Japanese only)</td>" in table
    versions_list = result.page("en/cookies/versions")  # a version in Japanese only
    assert "Japanese only" in versions_list and "English only" not in versions_list
    assert 'hreflang="ja" lang="ja">日本語</a>' in versions_list
    japanese_translations = result.page("translations")
    assert "日本語版より遅れている" in japanese_translations
    index = json.loads(result.path("versions.json").read_text(encoding="utf-8"))
    policies = {policy["id"]: policy for policy in index["policies"]}
    assert policies["cookies"]["translations"]["en"]["state"] == "pending"
    state = policies["privacy"]["translations"]["en"]
    assert (state["state"], state["version"], state["reference"]) == ("lagging", "2021.01.01", "2022.01.01")
    assert [section["id"] for section in state["outdated"]] == ["sharing"]
    bilingual = result.page("en/privacy/bilingual")
    assert "The Japanese text and its translations, section by section." in bilingual
    # A policy in Japanese only: its English pages say so, and show the Japanese text.
    pending = result.page("en/cookies")
    assert "This policy is not yet translated into English; its Japanese text follows." in pending
    assert (
        '<div class="policy-untranslated" lang="ja">' in pending
        and "当社はクッキーを使用しません。" in pending
    )
    assert "Japanese only" in result.page("en")


CHINESE = """\
---
title: 隱私權政策
version: {version}
---

# 隱私權政策

我們尊重您的隱私。

## 1. 總則 {{#general}}

我們蒐集您的姓名與電子郵件地址{phone}。
"""


def test_a_chinese_only_site_publishes_its_pages_at_the_root(tmp_path):
    repo = PolicyRepo.create(tmp_path, copy_policies=False)
    config = repo.root / "mkdocs.yml"
    text = I18N_BLOCK.sub("", config.read_text(encoding="utf-8")).replace(
        "  language: en\n", "  language: zh-TW\n"
    )
    config.write_text(WATCH.sub("watch:\n  - zh-TW\n", text), encoding="utf-8")
    shutil.rmtree(repo.root / "en")
    shutil.rmtree(repo.root / "docs" / "en")
    for version, phone in (("2020.01.01", ""), ("2021.01.01", "與電話號碼")):
        repo.write("zh-TW", "privacy", CHINESE.format(version=version, phone=phone))
        repo.commit(f"Version {version}", date=f"{version[:4]}-01-01T02:00:00Z")
    check = repo.policy("check", "--strict")
    assert check.returncode == 0, check.output
    assert "1 policy in 1 language" in check.stdout
    result = repo.build()
    assert result.ok, result.output
    assert not (result.site / "zh-TW").exists() and not (result.site / "en").exists()
    page = result.page("privacy")
    assert '<html lang="zh-TW"' in page and "我們尊重您的隱私。" in page
    assert "2021 年 1 月 1 日" in page
    assert not result.exists("privacy/bilingual") and not result.exists("translations")
    for absent in ("English", "translation is pending", 'class="md-select"', "英文"):
        assert absent not in page, absent
    redline = result.page("privacy/changes/2021.01.01")
    assert re.search(r"<ins>(?:(?!</ins>).)*電話號碼", redline), redline
    assert "隱私權政策" in result.page("")  # the home page lists it
    # The navigation: home, the policy, the changelog (the pages of one language are at the root).
    assert re.findall(r'<a href="([^"]*)" class="md-nav__link', page)[:4] == [
        "..",
        "./",
        "#general",
        "../changelog/",
    ]
    assert 'href="privacy/"' in result.page("")
    index = json.loads(result.path("versions.json").read_text(encoding="utf-8"))
    assert index["reference_language"] == "zh-TW"
    assert index["policies"][0]["url"] == {"zh-TW": f"{SITE_URL}privacy/"}
    assert index["policies"][0]["translations"] == {}
    assert result.exists("search/search_index.json") and result.exists("404.html")
    versions = repo.policy("versions", "privacy")
    assert versions.returncode == 0 and "privacy: 隱私權政策" in versions.stdout, versions.output
