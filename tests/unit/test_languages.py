"""The site's languages (policysite.languages): static-i18n's ``languages`` entries (as YAML data,
and as the objects MkDocs' own ``load_config`` makes of them) -> :class:`Languages`, the reference
language first, whichever it is; one language without static-i18n (the theme's); and the refusal
of a language the site has no words in."""

from __future__ import annotations

import pytest
from mkdocs.config import load_config

from policysite import languages
from policysite.config import ConfigError
from policysite.languages import Languages


def i18n(*entries: dict) -> dict:
    return {"plugins": [{"policies": {}}, {"i18n": {"docs_structure": "folder", "languages": list(entries)}}]}


def test_the_default_languages():
    assert Languages() == Languages(("en", "zh-TW"))
    assert (Languages().reference, Languages().several, Languages().i18n) == ("en", True, True)
    one = Languages(("en",), {"en": "English"}, False)
    assert (one.reference, one.several) == ("en", False)
    assert Languages(("en",), {"en": "English"}) == Languages(
        ("en",), {"en": "Anglais"}
    )  # (names: not compared)


def test_static_i18n_entries_the_default_first():
    found = languages.of_data(
        i18n(
            {"locale": "zh-TW", "name": "繁體中文"},
            {"locale": "ja", "name": "日本語", "build": True},
            {"locale": "en", "name": "English", "default": True},
        )
    )
    assert found == Languages(("en", "zh-TW", "ja"))
    assert found.names == {"zh-TW": "繁體中文", "ja": "日本語", "en": "English"}
    assert found.i18n is True


def test_entries_not_built_or_without_a_locale_are_left_out():
    found = languages.of_data(
        i18n(
            {"locale": "en", "default": True},
            {"locale": "ja", "build": False},
            {"name": "nameless"},
            {"locale": "zh-TW"},
            {"locale": "zh-TW", "name": "again"},
        )
    )
    assert found.codes == ("en", "zh-TW")
    assert found.names == {"en": "en", "zh-TW": "again"}  # (no name: the locale)


def test_without_a_default_the_first_is_the_reference():
    assert languages.of_data(i18n({"locale": "en"}, {"locale": "zh-TW"})).codes == ("en", "zh-TW")
    assert languages.of_data(i18n()).codes == ("en",)
    assert languages.of_data({"plugins": {"i18n": {"languages": "not a list"}}}).codes == ("en",)


def test_the_reference_language_is_the_site_s_whichever_it_is():
    """A site written in Japanese first (English its translation), or in Chinese alone."""
    japanese = languages.of_data(i18n({"locale": "en"}, {"locale": "ja", "default": True, "name": "日本語"}))
    assert (japanese.codes, japanese.reference, japanese.i18n) == (("ja", "en"), "ja", True)
    assert languages.of_data(i18n({"locale": "zh-TW"}, {"locale": "en"})).reference == "zh-TW"  # (no default)
    chinese = languages.of_data({"plugins": ["policies"], "theme": {"name": "material", "language": "zh-TW"}})
    assert chinese == Languages(("zh-TW",), {}, False) and chinese.reference == "zh-TW"
    assert chinese.names == {"zh-TW": "繁體中文"}  # (the data file's name of the language)
    assert not chinese.several


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (
            i18n({"locale": "en", "default": True}, {"locale": "fr"}, {"locale": "de"}),
            "mkdocs.yml: the site's own words have no translation into fr, de: policysite speaks en, ja, "
            "zh-TW (one data file each: policysite/locales/<lang>.yml)",
        ),
        (
            {"plugins": ["policies"], "theme": {"name": "material", "language": "fr"}},
            "mkdocs.yml: theme.language 'fr': the site's own words have no translation into fr: policysite "
            "speaks en, ja, zh-TW (one data file each: policysite/locales/<lang>.yml)",
        ),
    ],
    ids=["unspoken", "one-unspoken-language"],
)
def test_refusals(data, problem):
    with pytest.raises(ConfigError) as caught:
        languages.of_data(data)
    assert str(caught.value) == problem


@pytest.mark.parametrize(
    "data",
    [
        {"plugins": ["policies", "search"]},
        {"plugins": {"policies": {}}, "theme": {"name": "material", "language": "en"}},
        {"plugins": ["policies"], "theme": "material"},
        {"site_name": "no plugins"},
        ["not a mapping"],
    ],
)
def test_one_language_without_static_i18n(data):
    assert languages.of_data(data) == Languages(("en",), {"en": "English"}, False)
    assert languages.of_data(data).i18n is False


def test_unspoken():
    assert languages.unspoken(("en", "zh-TW", "ja")) is None
    assert languages.unspoken(("en", "fr")) == (
        "the site's own words have no translation into fr: policysite speaks en, ja, zh-TW (one data file "
        "each: policysite/locales/<lang>.yml)"
    )


def test_of_a_configuration_mkdocs_loaded(tmp_path):
    (tmp_path / "docs").mkdir()
    path = tmp_path / "mkdocs.yml"
    path.write_text(
        "site_name: T\ntheme:\n  name: material\nplugins:\n  - policies\n  - i18n:\n"
        "      docs_structure: folder\n      languages:\n"
        "        - locale: ja\n          name: 日本語\n"
        "        - locale: en\n          default: true\n          name: English\n"
        "        - locale: zh-TW\n          name: 繁體中文\n          build: false\n",
        encoding="utf-8",
    )
    found = languages.of_config(load_config(str(path)))
    assert found == Languages(("en", "ja"))
    assert found.names == {"ja": "日本語", "en": "English"}
    path.write_text(
        "site_name: T\ntheme:\n  name: mkdocs\n  locale: en\nplugins:\n  - policies\n", encoding="utf-8"
    )
    assert languages.of_config(load_config(str(path))) == Languages(("en",), {"en": "English"}, False)


@pytest.mark.parametrize(
    ("path", "codes", "lang"),
    [
        ("zh-TW/privacy.md", ("en", "zh-TW"), "zh-TW"),
        ("en/privacy.md", ("en", "zh-TW"), "en"),
        ("ja/privacy.md", ("en", "zh-TW"), "en"),
        ("assets/x.md", ("en", "zh-TW"), "en"),
        ("zh-TW/privacy.md", ("en",), "en"),
        ("privacy.md", ("en",), "en"),
        ("zh-TW/privacy/#use", ("en", "zh-TW"), "zh-TW"),  # (a search index's location)
        ("privacy/#use", ("en", "zh-TW"), "en"),
        ("zh-TW#x", ("en", "zh-TW"), "zh-TW"),
    ],
)
def test_the_language_of_a_page_from_its_path(path, codes, lang):
    """A staged page (``zh-TW/privacy.md``) or a search index's location: its first folder when
    that is a language of the site, else the reference language's (at the root)."""
    assert languages.language_of(path, codes) == lang
