"""Tokens and sentences (policysite.tokens): what a redline marks as one unit, in process."""

from __future__ import annotations

import time

import pytest

from policysite.tokens import is_cjk, is_space, sentence_ends, sentences, tokenize


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", False),
        ("en-GB", False),
        ("zh-TW", True),
        ("ZH-tw", True),
        ("zh", True),
        ("ja", True),
        ("ko-KR", True),
        ("zhx", False),  # a language whose tag only starts like "zh"
        ("", False),
    ],
)
def test_cjk_languages_are_told_by_their_primary_subtag(lang, expected):
    assert is_cjk(lang) is expected


@pytest.mark.parametrize(
    "date",
    [
        "7 March 2024",
        "March 7, 2024",
        "Mar. 7th, 2024",
        "7th of March",
        "March 2024",
        "2021-10-11",
        "7/3/2024",
    ],
)
def test_an_english_date_is_one_token(date):
    assert tokenize(f"From {date} on.", "en") == ["From", " ", date, " ", "on", "."]


def test_english_words_keep_their_apostrophes_and_hyphens_and_numbers_their_separators():
    assert tokenize("O'Brien-Smith paid 1,000.50 at 10:30.", "en") == [
        *("O'Brien-Smith", " ", "paid", " ", "1,000.50", " ", "at", " ", "10:30", "."),
    ]
    # A trailing hyphen or apostrophe is punctuation, not part of the word.
    assert tokenize("data- and users'", "en") == ["data", "-", " ", "and", " ", "users", "'"]


def test_chinese_is_cut_by_character_but_dates_numbers_and_latin_words_stay_whole():
    assert tokenize("2024 年 3 月 7 日起，30 日內支付 1,000 元給 SmartRobot。", "zh-TW") == [
        *("2024 年 3 月 7 日", "起", "，", "30", " ", "日", "內", "支", "付", " ", "1,000", " "),
        *("元", "給", " ", "SmartRobot", "。"),
    ]
    assert tokenize("民國113年3月，三月七日生效。", "zh-TW") == [
        *("民國113年3月", "，", "三月七日", "生", "效", "。"),
    ]
    assert tokenize("３０日，１２.５％", "zh-TW") == ["３０", "日", "，", "１２.５", "％"]


def test_chinese_numerals_are_one_token_in_chinese_and_one_per_character_in_english():
    assert tokenize("一千二百元", "zh-TW") == ["一千二百", "元"]
    assert tokenize("一千二百元", "en") == ["一", "千", "二", "百", "元"]
    assert tokenize("十", "zh-TW") == ["十"]  # (a numeral run is two characters or more)


def test_japanese_kana_are_one_token_each():
    assert tokenize("テキストABC", "ja") == ["テ", "キ", "ス", "ト", "ABC"]


def test_whitespace_is_a_token_of_its_own_and_runs_stay_together():
    assert tokenize("a \t\n b", "en") == ["a", " \t\n ", "b"]
    assert [is_space(token) for token in tokenize("a \n", "en")] == [False, True]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("", "en"),
        ("a\x00b\x1b[31mred\x1b[0m\r\n\u202eevil", "en"),
        ("\ufeff零\u200b一\U00020000𠀀", "zh-TW"),
        ("emoji 👩‍👩‍👧 and e\u0301", "en"),
        ("\ud800 lone surrogate", "en"),
    ],
)
def test_tokens_always_join_back_to_the_text(text, lang):
    tokens = tokenize(text, lang)
    assert "".join(tokens) == text
    assert all(tokens)  # never an empty token


def test_control_characters_are_single_tokens_never_merged_into_words():
    assert tokenize("a\x00b\x1b[31m", "en") == ["a", "\x00", "b", "\x1b", "[", "31m"]


@pytest.mark.parametrize(
    ("text", "lang", "count"),
    [
        ("一" * 200_000, "en", 200_000),  # a date is tried at each numeral: never re-read the run
        ("一" * 200_000, "zh-TW", 1),
        ("a" * 200_000, "en", 1),
        ("7 " * 100_000, "zh-TW", 200_000),
        ("March " * 50_000, "en", 100_000),
    ],
)
def test_huge_input_is_tokenized_in_linear_time(text, lang, count):
    started = time.perf_counter()
    tokens = tokenize(text, lang)
    assert len(tokens) == count and "".join(tokens) == text
    assert time.perf_counter() - started < 2.0


def test_english_sentences_end_at_a_stop_followed_by_space_with_the_spaces_kept():
    tokens = tokenize("First one. Second!  Third? Fourth; last", "en")
    assert ["".join(sentence) for sentence in sentences(tokens)] == [
        "First one. ",
        "Second!  ",
        "Third? ",
        "Fourth; ",
        "last",
    ]
    assert sentence_ends(tokens)[-1] == len(tokens)


def test_a_stop_inside_a_word_or_number_ends_no_sentence():
    assert ["".join(s) for s in sentences(tokenize("Version 1.2 of e.g.x applies.", "en"))] == [
        "Version 1.2 of e.g.x applies."
    ]


def test_a_list_number_alone_is_no_sentence():
    # "4. " has no word yet: it stays with the sentence it numbers.
    assert ["".join(s) for s in sentences(tokenize("4. We collect. We keep.", "en"))] == [
        "4. We collect. ",
        "We keep.",
    ]


def test_chinese_sentences_end_at_full_width_stops_without_a_space():
    tokens = tokenize("第一句。第二句！第三句？第四；最後", "zh-TW")
    assert ["".join(s) for s in sentences(tokens)] == ["第一句。", "第二句！", "第三句？", "第四；", "最後"]


def test_a_text_ending_with_its_stop_has_no_empty_sentence_after_it():
    tokens = tokenize("Only one.  ", "en")
    assert sentence_ends(tokens) == [len(tokens)]
    assert sentences(tokens) == [tokens]


def test_no_tokens_are_one_empty_sentence():
    assert sentence_ends([]) == [0]
    assert sentences([]) == [[]]


def test_sentences_of_a_huge_text_are_found_in_linear_time():
    tokens = tokenize("Word. " * 100_000, "en")
    started = time.perf_counter()
    ends = sentence_ends(tokens)
    assert len(ends) == 100_000 and ends[0] == 3
    assert time.perf_counter() - started < 2.0
