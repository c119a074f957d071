"""Tokens and sentences: what a redline marks as a unit.

English is split into words, Chinese and Japanese into characters, except that a date, a
number or a Latin word is always one token in both languages, so a redline
never cuts one: "7 March 2024" -> "3 April 2024" is one deletion and one
insertion, "2021-10-11" -> "2024-04-03" too, and "30 日" -> "60 日" marks "30"
and "60", not digits.  Whitespace is a token of its own.

Sentences are runs of tokens ending with a full stop (".", "!", "?", ";"
followed by a space in English; "。", "！", "？", "；" in Chinese), with the
spaces that follow them.  The redline aligns sentences before it diffs tokens.
"""

from __future__ import annotations

import re

_MONTHS = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)"
)
_ORDINAL = r"(?:st|nd|rd|th)?"
# Digits as Chinese text writes them (ASCII, full-width, Chinese numerals).
_ZH_DIGIT = r"[0-9０-９〇零一二三四五六七八九十]"
_DATE = (
    # March 7, 2024 / March 7 / Mar. 7th, 2024
    rf"\b{_MONTHS}\.?[ \t]\d{{1,2}}{_ORDINAL}\b(?:,?[ \t]\d{{4}}\b)?"
    # 7 March 2024 / 7th of March / 7 March
    rf"|\b\d{{1,2}}{_ORDINAL}[ \t](?:of[ \t])?{_MONTHS}\b\.?(?:,?[ \t]\d{{4}}\b)?"
    # March 2024
    rf"|\b{_MONTHS}[ \t]\d{{4}}\b"
    # 2024-03-07, 2024/3/7, 2024.03.07, 7/3/2024
    r"|\b\d{4}[-/.]\d{1,2}[-/.]\d{1,2}\b|\b\d{1,2}/\d{1,2}/\d{2,4}\b"
    # 2024 年 3 月 7 日, 民國 113 年 3 月, 三月七日
    rf"|(?:民國[ \t]?|(?#GUARD)){_ZH_DIGIT}+[ \t]?年[ \t]?{_ZH_DIGIT}+[ \t]?月"
    rf"(?:[ \t]?{_ZH_DIGIT}+[ \t]?[日號])?"
    rf"|(?#GUARD){_ZH_DIGIT}+[ \t]?月[ \t]?{_ZH_DIGIT}+[ \t]?[日號]"
)
_NUMBER = r"[0-9０-９]+(?:[.,:][0-9０-９]+)+"
# Ideographs, kana, CJK punctuation and full-width forms other than digits and
# letters: one token per character.
_CJK = (
    "\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u3190-\u31ff\u3400-\u4dbf\u4e00-\u9fff"
    "\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uffef"
    "\U00020000-\U0003134f"
)
_WORD = rf"[^\W{_CJK}]+(?:['’\-][^\W{_CJK}]+)*"
_ZH_NUMERAL = r"[〇零一二三四五六七八九十百千萬億兩]{2,}"

# What a date can start with (a digit, a month's capital, a Chinese numeral, 民國): a lookahead
# the engine settles at once, before trying the date's alternatives at every token (twice as
# fast on whole policies, the same tokens).
_DATE_START = r"(?=[\dJFMASOND〇零一二三四五六七八九十民])"

# English text splits Chinese numerals one per token: a date is tried at each of them and would
# read the rest of a long run of them every time.  It never starts right after one there (the
# attempt at that one read the same run and failed the same way), which the guard says at once.
_EN_GUARD = "(?<![〇零一二三四五六七八九十])"

_EN_DATE = _DATE.replace("(?#GUARD)", _EN_GUARD)

_EN = re.compile(rf"{_DATE_START}(?:{_EN_DATE})|{_NUMBER}|{_WORD}|\s+|.", re.DOTALL)
_ZH = re.compile(rf"{_DATE_START}(?:{_DATE})|{_NUMBER}|{_WORD}|{_ZH_NUMERAL}|\s+|.", re.DOTALL)

_STOPS = frozenset(".!?;")
_ZH_STOPS = frozenset("。！？；")


# Languages written without spaces between words, in ideographs and kana: a character is a token.
_CJK_LANGUAGES = ("zh", "ja", "ko")


def is_cjk(lang: str) -> bool:
    """Whether ``lang`` (a BCP 47 tag: zh-TW, ja...) is tokenized by character."""
    return lang.lower().split("-")[0] in _CJK_LANGUAGES


def tokenize(text: str, lang: str) -> list[str]:
    """``text`` as tokens; ``"".join(tokenize(text, lang)) == text``."""
    return (_ZH if is_cjk(lang) else _EN).findall(text)


def is_space(token: str) -> bool:
    return token.isspace()


def sentence_ends(texts: list[str]) -> list[int]:
    """Indexes just past each sentence of the token texts ``texts`` (the last is ``len(texts)``)."""
    ends = []
    count = len(texts)
    index = 0
    words = False  # the sentence so far has a word ("4. " alone is a number, not a sentence)
    while index < count:
        token = texts[index]
        index += 1
        if not words and token[:1].isalpha():
            words = True
        if words and (token in _ZH_STOPS or (token in _STOPS and (index == count or texts[index].isspace()))):
            while index < count and texts[index].isspace():
                index += 1
            if index < count:
                ends.append(index)
                words = False
    ends.append(count)
    return ends


def sentences(tokens: list[str]) -> list[list[str]]:
    """Tokens grouped by sentence, each with the spaces that follow it."""
    out, start = [], 0
    for end in sentence_ends(tokens):
        out.append(tokens[start:end])
        start = end
    return out
