"""Issue 26, item 2: the languages are the site's, from its MkDocs configuration.

mkdocs-static-i18n's ``languages`` list names them (the default one is the reference); a site
without static-i18n publishes its theme's language alone (here English), at the root, with no
language switcher, no side-by-side view and no translation notice; a third language is a
configuration change.
Real git repositories, the real ``policy`` command and real ``mkdocs build --strict``.
"""

from __future__ import annotations

import json
import re
import shutil

import pytest
from gitrepo import PolicyRepo

from policysite import languages
from policysite.config import ConfigError

I18N_BLOCK = re.compile(r"  - i18n:\n(?:      .*\n|        .*\n|\n)*")


def english_only(tmp_path) -> PolicyRepo:
    """The project's site with its Chinese half and static-i18n removed."""
    repo = PolicyRepo.create(tmp_path)
    shutil.rmtree(repo.root / "zh-TW")
    shutil.rmtree(repo.root / "docs" / "zh-TW")
    config = repo.root / "mkdocs.yml"
    text = I18N_BLOCK.sub("", config.read_text(encoding="utf-8")).replace("  - zh-TW\n", "")
    config.write_text(text, encoding="utf-8")
    repo.commit("English only", date="2020-01-01T12:00:00Z")
    return repo


def test_a_site_without_static_i18n_publishes_english_at_the_root(tmp_path):
    repo = english_only(tmp_path)
    check = repo.policy("check", "--strict")
    assert check.returncode == 0, check.output
    assert "1 policy in 1 language" in check.stdout
    result = repo.build()
    assert result.ok, result.output
    assert not (result.site / "zh-TW").exists() and not (result.site / "en").exists()
    page = result.page("privacy")
    assert result.exists("privacy/versions") and result.exists("changelog")
    assert not result.exists("privacy/bilingual") and not result.exists("translations")
    for absent in ("zh-TW", "繁體中文", "side by side", "translation is pending", 'class="md-select"'):
        assert absent not in page, absent
    index = json.loads(result.path("versions.json").read_text(encoding="utf-8"))
    assert list(index["policies"][0]["versions"][0]["languages"]) == ["en"]
    versions = repo.policy("versions", "privacy")
    assert versions.returncode == 0, versions.output


def test_the_languages_and_their_order_come_from_static_i18n():
    found = languages.of_data(
        {
            "plugins": [
                "search",
                {
                    "i18n": {
                        "languages": [
                            {"locale": "ja", "name": "日本語"},
                            {"locale": "en", "name": "English", "default": True},
                            {"locale": "fr", "name": "Français", "build": False},
                            {"locale": "zh-TW", "name": "繁體中文"},
                        ]
                    }
                },
            ]
        }
    )
    assert found.codes == ("en", "ja", "zh-TW") and found.i18n
    assert found.names["ja"] == "日本語"
    alone = languages.of_data({"plugins": ["policies", "search"], "theme": {"name": "material"}})
    assert alone.codes == ("en",) and not alone.i18n


@pytest.mark.parametrize(
    ("data", "codes"),
    [
        (
            {"plugins": [{"i18n": {"languages": [{"locale": "zh-TW", "default": True}, {"locale": "en"}]}}]},
            ("zh-TW", "en"),
        ),
        ({"plugins": ["search"], "theme": {"language": "ja"}}, ("ja",)),
    ],
)
def test_the_reference_language_need_not_be_english(data, codes):
    """(The sites themselves: tests/integration/test_reference_language.py.)"""
    assert languages.of_data(data).codes == codes


def test_a_language_without_the_site_s_words_is_refused_plainly():
    with pytest.raises(ConfigError, match="no translation into fr"):
        languages.of_data({"plugins": ["search"], "theme": {"language": "fr"}})


JA_LANGUAGE = """\
        - locale: ja
          name: 日本語
          build: true
          theme:
            language: ja
"""
EN_TEXT = """\
---
title: Privacy Policy
version: {version}
---

# Privacy Policy

We respect your privacy.

## 1. General {{#general}}

We collect your name and your e-mail address{extra}.

## 2. Sharing {{#sharing}}

We never sell your data. Contact [us](mailto:privacy@example.com).
"""
JA_TEXT = """\
---
title: プライバシーポリシー
version: {version}
---

# プライバシーポリシー

当社はお客様のプライバシーを尊重します。

## 1. 総則 {{#general}}

当社はお客様の氏名とメールアドレス{extra}を収集します。

## 2. 共有 {{#sharing}}

当社はお客様のデータを販売しません。お問い合わせは[こちら](mailto:privacy@example.com)まで。
"""


def with_japanese(tmp_path, chinese: bool) -> PolicyRepo:
    """A site in English and Japanese (and Traditional Chinese), two versions of one policy."""
    repo = PolicyRepo.create(tmp_path, copy_policies=False)
    config = repo.root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace("\nwatch:\n", JA_LANGUAGE + "\nwatch:\n", 1)
    if not chinese:
        text = re.sub(r"        - locale: zh-TW\n(?:          .*\n|            .*\n)*", "", text)
        shutil.rmtree(repo.root / "docs" / "zh-TW")
    config.write_text(text, encoding="utf-8")
    shutil.copytree(repo.root / "docs" / "en", repo.root / "docs" / "ja")
    name = "privacy"
    for version, extra, ja_extra in (
        ("2020.01.01", "", ""),
        ("2021.01.01", " and your phone number", "と電話番号"),
    ):
        repo.write("en", name, EN_TEXT.format(version=version, extra=extra))
        repo.write("ja", name, JA_TEXT.format(version=version, extra=ja_extra))
        if chinese:
            zh = "---\ntitle: 隱私權政策\nversion: {v}\n---\n\n# 隱私權政策\n\n我們尊重您的隱私。\n\n"
            zh += "## 1. 總則 {{#general}}\n\n我們蒐集您的姓名與電子郵件地址{x}。\n\n"
            zh += "## 2. 分享 {{#sharing}}\n\n"
            zh += "我們絕不出售您的資料。請[聯絡我們](mailto:privacy@example.com)。\n"
            repo.write("zh-TW", name, zh.format(v=version, x="與電話號碼" if extra else ""))
        repo.commit(f"Version {version}", date=f"{version[:4]}-01-01T02:00:00Z")
    return repo


@pytest.mark.slow
@pytest.mark.parametrize("chinese", [False, True], ids=["en+ja", "en+zh-TW+ja"])
def test_a_third_language_is_a_configuration_change(tmp_path, chinese):
    repo = with_japanese(tmp_path, chinese)
    name = "privacy"
    repo.set_pdf(True)
    repo.commit("PDFs in every language")
    check = repo.policy("check", "--strict")
    assert check.returncode == 0, check.output
    result = repo.build()
    assert result.ok, result.output
    page = result.page(f"ja/{name}")
    assert 'lang="ja"' in page and "プライバシーポリシー" in page
    assert "2021年1月1日" in page  # the date as Japanese writes it (locales/ja.yml)
    redline = result.page(f"ja/{name}/changes/2021.01.01")
    assert re.search(r"<ins>(?:(?!</ins>).)*と電話番号", redline), redline
    assert result.exists(f"ja/{name}/versions/{name}-2021.01.01-ja.pdf")
    assert _fonts(result.path(f"ja/{name}/versions/{name}-2021.01.01-ja.pdf")) == {"Noto-Sans-CJK-JP"}
    if chinese:
        assert result.exists(f"zh-TW/{name}/versions/{name}-2021.01.01-zh-TW.pdf")
        assert "日本語" in result.page(f"zh-TW/{name}/bilingual") or "日文" in result.page(
            f"zh-TW/{name}/bilingual"
        )
    translations = result.page("ja/translations")
    assert "日本語" in translations or "Japanese" in translations
    # Parity holds in Japanese too: a missing section is an error naming the file and line.
    repo.write("ja", name, JA_TEXT.format(version="2021.01.01", extra="と電話番号").split("## 2.")[0])
    broken = repo.policy("check")
    assert broken.returncode == 1 and f"ja/{name}.md" in broken.output and "parity." in broken.output


def _fonts(path) -> set[str]:
    """The font families a PDF embeds (its Japanese glyphs are Noto Sans CJK JP's)."""
    import pypdf

    found = set()
    for page in pypdf.PdfReader(path).pages:
        for font in page["/Resources"].get("/Font", {}).values():
            name = str(font.get_object()["/BaseFont"]).split("+", 1)[-1]
            found.add(name.removesuffix("-Bold"))
    return found
