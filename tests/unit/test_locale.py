"""The site's own words (policysite.locale), in process: hand-made data files in tmp_path and the
shipped ones (tests/integration/test_locales.py checks every shipped phrase; this checks the
module's contract)."""

from __future__ import annotations

import datetime as dt
from types import MappingProxyType

import pytest
from markupsafe import Markup

from policysite import locale
from policysite.locale import LocaleError


def data_file(folder, lang, body):
    path = folder / f"{lang}.yml"
    path.write_text(body, encoding="utf-8")
    return path


def test_placeholders_are_the_names_in_braces_and_escaped_braces_are_none():
    assert locale.placeholders("{a} and {b} and {a}") == {"a", "b"}
    assert locale.placeholders("{{literal}} {x:>3}") == {"x"}
    assert locale.placeholders("no fields") == set()


def test_tags_are_sorted_so_a_translation_may_reorder_them():
    assert locale.tags('<b>x</b> <a href="{h}">y</a>') == ["</a>", "</b>", '<a href="{h}">', "<b>"]
    assert locale.tags("a < b > c") == ["< b >"]  # (what the pattern reads as a tag)
    assert locale.tags("plain") == []


def test_a_data_file_is_read_into_a_catalog_named_by_its_file(tmp_path):
    path = data_file(
        tmp_path,
        "fr-CA",
        'date_format: "{day} {month_name} {year}"\n'
        "months: [a, b, c, d, e, f, g, h, i, j, k, l]\n"
        'greeting: "Bonjour {name}"\n',
    )
    found = locale.load(path)
    assert (found.lang, found.path, found.date_format) == ("fr-CA", path, "{day} {month_name} {year}")
    assert found.months == tuple("abcdefghijkl")
    assert dict(found.phrases) == {"greeting": "Bonjour {name}"}  # the date keys are no phrases
    assert isinstance(found.phrases, MappingProxyType)
    with pytest.raises(TypeError):
        found.phrases["greeting"] = "x"
    assert found.where == str(path)  # outside the package: the path as it is
    assert found.phrase("greeting") == "Bonjour {name}"


def test_a_missing_phrase_names_the_key_the_language_and_the_file(tmp_path):
    found = locale.load(data_file(tmp_path, "xx", 'date_format: "{year}"\n'))
    with pytest.raises(LocaleError) as error:
        found.phrase("nope")
    assert str(error.value) == f"no phrase 'nope' for language 'xx' in {tmp_path / 'xx.yml'}"
    assert isinstance(error.value, LookupError)
    assert str(LocaleError()) == ""


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("date_format: 7\n", 'date_format must be a string like "{day} {month_name} {year}"'),
        ('date_format: "{day} {hour}"\n', "date_format uses ['hour']; it may use"),
        ('date_format: "{day}"\nmonths: "January"\n', "months must be a list of twelve names"),
        ('date_format: "{day}"\nmonths: [1, 2]\n', "months must be a list of twelve names"),
        (
            'date_format: "{day}"\nmonths: [a, b, c]\n',
            "months must list twelve names, January first (it lists 3)",
        ),
        ('date_format: "{month_name}"\n', "date_format uses {month_name}: months must list twelve names"),
        (
            'date_format: "{day}"\nok: "x"\nbad: null\nworse: 3\n',
            "not a phrase (a quoted string): bad, worse",
        ),
        ('"a\x07": [', "cannot be read"),
        ("", "must be a mapping of key to phrase"),
    ],
)
def test_a_malformed_data_file_is_refused_with_its_name(tmp_path, body, message):
    path = data_file(tmp_path, "xx", body)
    with pytest.raises(LocaleError) as error:
        locale.load(path)
    assert str(error.value).startswith(str(path)) and message in str(error.value), str(error.value)


def test_a_file_that_is_not_utf8_is_refused_not_raised(tmp_path):
    path = tmp_path / "xx.yml"
    path.write_bytes(b'date_format: "caf\xe9"\n')
    with pytest.raises(LocaleError, match=r"xx\.yml cannot be read"):
        locale.load(path)


def test_problems_list_each_difference_from_the_reference_in_order(tmp_path):
    reference = locale.load(data_file(tmp_path, "en", 'date_format: "{day}"\na: "A {x}"\nb: "<b>B</b>"\n'))
    other = locale.load(
        data_file(tmp_path, "xx", 'date_format: "{year}"\na: "A {y}"\nb: "<i>B</i>"\nc: "C"\n')
    )
    name = f"language 'xx' ({tmp_path / 'xx.yml'})"
    assert locale.problems(other, reference) == [
        f"{name}: extra key 'c'",
        f"{name}: 'a' has placeholders ['y'], {tmp_path / 'en.yml'} has ['x']",
        f"{name}: 'b' has HTML tags ['</i>', '<i>'], {tmp_path / 'en.yml'} has ['</b>', '<b>']",
    ]
    assert locale.problems(reference, reference) == []
    # (the date style is each language's own: no problem)


def test_the_shipped_languages_are_the_files_the_reference_first():
    assert locale.languages() == ("en", "ja", "zh-TW")
    assert locale.catalog("zh-TW") is locale.catalog("zh-TW")  # read once
    assert locale.catalog("en").where == "policysite/locales/en.yml"


def test_html_escapes_every_value_but_markup_and_text_drops_the_phrase_markup():
    phrase = locale.raw("en", "section_changed")
    assert phrase == 'Last changed in the version of <a href="{href}">{date}</a>'
    made = locale.html("en", "section_changed", href='x" onclick="y', date="<script>&")
    assert isinstance(made, Markup)
    assert made == 'Last changed in the version of <a href="x&#34; onclick=&#34;y">&lt;script&gt;&amp;</a>'
    kept = locale.html("en", "section_changed", href="#a", date=Markup("<time>7 March</time>"))
    assert kept == 'Last changed in the version of <a href="#a"><time>7 March</time></a>'
    # Plain text: the phrase's tags dropped, the values as they are (never HTML there).
    assert locale.text("en", "section_changed", href="#a", date="<b>{x}</b>") == (
        "Last changed in the version of <b>{x}</b>"
    )


def test_a_missing_placeholder_value_is_an_error_not_a_blank():
    with pytest.raises(KeyError):
        locale.text("en", "section_changed", href="#a")


@pytest.mark.parametrize(
    ("lang", "one", "two", "three"),
    [
        ("en", "English", "English and Traditional Chinese", "English, Japanese and Traditional Chinese"),
        ("zh-TW", "英文", "英文與繁體中文", "英文、日文與繁體中文"),
        ("ja", "英語", "英語と繁体字中国語", "英語、日本語と繁体字中国語"),
    ],
)
def test_language_lists_are_written_each_languages_way(lang, one, two, three):
    assert locale.language_list(lang, ["en"]) == one
    assert locale.language_list(lang, ("en", "zh-TW")) == two
    assert locale.language_list(lang, ["en", "ja", "zh-TW"]) == three
    assert locale.language_list(lang, []) == ""


def test_the_reference_language_is_named_in_the_page_s_language():
    assert locale.language_name("en", "ja") == "Japanese"
    assert locale.language_name("zh-TW", "ja") == "日文"
    assert locale.language_name("ja", "en") == "英語"
    assert locale.language_name("en", "fr") == "fr"  # (no data file names it)
    assert locale.reference_words("zh-TW", "ja") == {"reference": "日文", "reference_lang": "ja"}
    lagging = locale.html(
        "en", "lagging_notice", old="A", new="B", href="/", **locale.reference_words("en", "ja")
    )
    assert lagging.endswith('<a href="/" hreflang="ja" lang="ja">read the current Japanese text</a>.')
    english = locale.html(
        "zh-TW", "pending_notice", language="繁體中文", **locale.reference_words("zh-TW", "en")
    )
    assert english == "本政策的繁體中文譯本尚在準備中；以下為英文條文。"  # (an English-first site: as before)


def test_dates_use_numbers_or_month_names_without_padding():
    day = dt.date(2024, 1, 5)
    assert [locale.format_date(day, lang) for lang in ("en", "zh-TW", "ja")] == [
        "5 January 2024",
        "2024 年 1 月 5 日",
        "2024年1月5日",
    ]
    assert locale.date_style("zh-TW") == {"format": "{year} 年 {month} 月 {day} 日", "months": []}
    style = locale.date_style("en")
    assert style["format"] == "{day} {month_name} {year}" and style["months"][11] == "December"


def test_an_unknown_language_is_an_error_listing_the_languages():
    with pytest.raises(LocaleError) as error:
        locale.catalog("../en")
    assert str(error.value) == (
        "no language '../en': there is no policysite/locales/../en.yml (the languages are en, ja, zh-TW)"
    )


def test_the_table_of_phrases_reads_every_language_on_demand():
    assert list(locale.TEXT) == ["en", "ja", "zh-TW"] and len(locale.TEXT) == 3
    assert "zh-TW" in locale.TEXT and "fr" not in locale.TEXT and 3 not in locale.TEXT
    assert locale.TEXT["zh-TW"]["language_en"] == "英文"
    with pytest.raises(LocaleError):
        locale.TEXT["fr"]
