"""The site's own words: one data file per language (``policysite/locales/*.yml``).

Every language has exactly the keys of English, with the same placeholders and
HTML tags; an unknown language or key is an error, never English in disguise;
the Chinese words follow Taiwanese typography (full-width punctuation, one rule
for spaces); dates are written each language's way; and the real site builds.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

from policysite import locale

LOCALES = Path(locale.__file__).parent / "locales"
OTHERS = [lang for lang in locale.languages() if lang != locale.REFERENCE]
DATE_KEYS = {"date_format", "months"}
PLACEHOLDER = re.compile(r"\{[^{}]*\}")
TAG = re.compile(r"<[^>]+>")
URL = re.compile(r"https?://\S+")
HALF_WIDTH = re.compile(r"[,:;?!()]")
CJK = "\u3400-\u9fff\uf900-\ufaff"
FULL_WIDTH = "，、。：；？！（）「」『』……"
# Placeholders filled with a date, a number or Latin text: spaced from Chinese characters.
WORDLIKE = (
    "date|since|until|next_date|restored|published|withdrawn|corrected|retired|first|version|dates|"
    "page|pages|count|total|added|removed|changed|moved|path|commit|source|sha256|address|old|new|name"
)


def phrases(lang: str) -> dict[str, str]:
    """The phrases of a data file, read here with yaml alone (not through the module under test)."""
    data = yaml.safe_load((LOCALES / f"{lang}.yml").read_text(encoding="utf-8"))
    return {key: value for key, value in data.items() if key not in DATE_KEYS}


def names(phrase: str) -> set[str]:
    return set(PLACEHOLDER.findall(phrase))


def test_the_languages_are_the_data_files():
    files = {path.stem for path in LOCALES.glob("*.yml")}
    assert set(locale.languages()) == files >= {"en", "zh-TW", "ja"}
    assert locale.languages()[0] == "en"
    assert "zh-TW" in locale.TEXT and "xx" not in locale.TEXT  # site.auditor_links asks this way


@pytest.mark.parametrize("lang", OTHERS)
def test_every_language_has_exactly_the_keys_of_english(lang):
    english, other = phrases("en"), phrases(lang)
    missing = [key for key in english if key not in other]
    extra = [key for key in other if key not in english]
    assert not missing, f"{lang}.yml misses {missing}"
    assert not extra, f"{lang}.yml has keys English does not: {extra}"


@pytest.mark.parametrize("lang", OTHERS)
def test_every_phrase_keeps_the_placeholders_and_tags_of_english(lang):
    english = phrases("en")
    for key, phrase in phrases(lang).items():
        assert names(phrase) == names(english[key]), f"{lang}.yml {key}: {phrase!r}"
        assert Counter(TAG.findall(phrase)) == Counter(TAG.findall(english[key])), f"{lang}.yml {key}"


@pytest.mark.parametrize("lang", locale.languages())
def test_the_module_finds_no_problem_in_the_shipped_files(lang):
    assert locale.problems(locale.catalog(lang), locale.catalog("en")) == []
    assert all(isinstance(locale.raw(lang, key), str) for key in phrases("en"))


def write(folder: Path, lang: str, body: str) -> Path:
    path = folder / f"{lang}.yml"
    path.write_text(body, encoding="utf-8")
    return path


def test_problems_name_the_language_and_the_key(tmp_path):
    reference = locale.load(write(tmp_path, "en", 'date_format: "{day}"\na: "A {x}"\nb: "<b>B</b>"\n'))
    broken = locale.load(write(tmp_path, "xx", 'date_format: "{day}"\na: "A {y}"\nc: "C"\n'))
    found = locale.problems(broken, reference)
    assert any("'xx'" in p and "missing key 'b'" in p and "xx.yml" in p for p in found), found
    assert any("'xx'" in p and "extra key 'c'" in p for p in found), found
    assert any("'a'" in p and "placeholders ['y']" in p for p in found), found
    tagless = locale.load(write(tmp_path, "yy", 'date_format: "{day}"\na: "A {x}"\nb: "B"\n'))
    assert any("'b'" in p and "HTML tags" in p for p in locale.problems(tagless, reference))


def test_an_unknown_language_is_an_error_naming_it_and_its_file():
    for call in (
        lambda: locale.raw("xx", "all_versions"),
        lambda: locale.html("xx", "all_versions"),
        lambda: locale.format_date(dt.date(2024, 1, 2), "xx"),
    ):
        with pytest.raises(locale.LocaleError) as error:
            call()
        message = str(error.value)
        assert "'xx'" in message and "locales/xx.yml" in message and "zh-TW" in message, message


@pytest.mark.parametrize("lang", locale.languages())
def test_a_missing_key_is_an_error_naming_key_language_and_file(lang):
    with pytest.raises(locale.LocaleError) as error:
        locale.text(lang, "no_such_phrase")
    message = str(error.value)
    assert "'no_such_phrase'" in message and f"'{lang}'" in message and f"locales/{lang}.yml" in message


@pytest.mark.parametrize(
    "body,complaint",
    [
        ("a: A\n", "date_format"),
        ('date_format: "{weekday}"\n', "weekday"),
        ('date_format: "{month_name}"\n', "months"),
        ('date_format: "{day}"\nmonths: [Jan]\n', "twelve"),
        ('date_format: "{day}"\na: [1, 2]\n', "a"),
        ('date_format: "{day}"\n2024: "a number for a key"\n', "2024"),
        ("- a list\n", "mapping"),
        ('date_format: "{day}\n', "cannot be read"),
    ],
)
def test_a_malformed_file_is_an_error_naming_the_file(tmp_path, body, complaint):
    with pytest.raises(locale.LocaleError) as error:
        locale.load(write(tmp_path, "xx", body))
    assert "xx.yml" in str(error.value) and complaint in str(error.value), str(error.value)


@pytest.mark.parametrize(
    "lang,expected",
    [("en", "7 March 2024"), ("zh-TW", "2024 年 3 月 7 日"), ("ja", "2024年3月7日")],
)
def test_dates_are_written_each_languages_way(lang, expected):
    assert locale.format_date(dt.date(2024, 3, 7), lang) == expected
    assert locale.format_date(dt.date(2019, 12, 19), "en") == "19 December 2019"
    assert (
        locale.date_style(lang)["format"]
        == yaml.safe_load((LOCALES / f"{lang}.yml").read_text(encoding="utf-8"))["date_format"]
    )


def test_phrases_fill_placeholders_and_escape_values():
    assert locale.text("ja", "version_line", date="2024年3月7日") == "2024年3月7日版"
    html = locale.html("zh-TW", "section_changed", href="a&b", date="<i>")
    assert html == '最近一次變更：<a href="a&amp;b">&lt;i&gt; 版本</a>'
    assert locale.text("zh-TW", "section_changed", href="x", date="2024 年 3 月 7 日") == (
        "最近一次變更：2024 年 3 月 7 日 版本"
    )


# ---------------------------------------------------------------- Taiwanese typography


def chinese_text(phrase: str) -> str:
    """What a reader sees of a phrase, less what is not Chinese prose: tags, placeholders, URLs."""
    return URL.sub(" ", PLACEHOLDER.sub(" ", TAG.sub("", phrase)))


def latin_runs_removed(text: str) -> str:
    """Latin words and numbers with their own punctuation ("SHA-256", "versions.json") taken out."""
    return re.sub(r"[A-Za-z0-9](?:[A-Za-z0-9.\-_/]*[A-Za-z0-9])?", " ", text)


@pytest.mark.parametrize("key,phrase", sorted(phrases("zh-TW").items()))
def test_chinese_words_use_full_width_punctuation(key, phrase):
    assert not HALF_WIDTH.search(latin_runs_removed(chinese_text(phrase))), f"{key}: {phrase}"
    assert not re.search(rf" [{FULL_WIDTH}]|[{FULL_WIDTH}] ", TAG.sub("", phrase)), f"{key}: {phrase}"


def spacing_problem(phrase: str) -> bool:
    """A Chinese character touching a date, number or Latin word (or its placeholder), or two spaces."""
    seen = TAG.sub("", phrase)
    return bool(
        re.search(rf"[{CJK}]\{{({WORDLIKE})\}}|\{{({WORDLIKE})\}}[{CJK}]", seen)
        or re.search(rf"[{CJK}][A-Za-z0-9]|[A-Za-z0-9][{CJK}]", seen)
        or "  " in seen
    )


@pytest.mark.parametrize("key,phrase", sorted(phrases("zh-TW").items()))
def test_chinese_words_space_dates_numbers_and_latin_words_one_way(key, phrase):
    assert not spacing_problem(phrase), f"{key}: {phrase}"


def test_the_typography_checks_catch_what_they_are_for():
    for bad in ("目前版本:{date}", "第 {page} 頁,共 {pages} 頁", "SHA-256 (versions.json)", "哪個版本?"):
        assert HALF_WIDTH.search(latin_runs_removed(chinese_text(bad))), bad
    for good in ('<a href="https://x.example/a?b=1">連結</a>', "SHA-256（versions.json）", "{a:>3}"):
        assert not HALF_WIDTH.search(latin_runs_removed(chinese_text(good))), good
    for bad in ('由<a href="{next}">{next_date} 版本</a>', "{date}版本", "提交紀錄與SHA-256"):
        assert spacing_problem(bad), bad
    assert not spacing_problem('由 <a href="{next}">{next_date} 版本</a>取代，{language}條文')


# ---------------------------------------------------------------- the real site


def test_the_real_site_builds_and_its_chinese_pages_use_full_width_punctuation(real_build):
    assert real_build.returncode == 0, real_build.output
    assert "Traceback" not in real_build.output
    home = real_build.page("zh-TW/")
    assert "目前版本：" + locale.format_date(dt.date(2019, 12, 19), "zh-TW") in home
    versions = real_build.page("zh-TW/privacy/versions/")
    assert "隱私權政策：所有版本" in versions and "隱私權政策:所有版本" not in versions
    assert "某一日期適用哪個版本？" in versions
    assert "目前版本:" not in home
