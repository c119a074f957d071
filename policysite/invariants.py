"""What must never differ between languages, section by section.

A translation may word things its own way, but some things are facts: the
addresses a section links to, the e-mail addresses it gives, and its numbers
(periods, counts, ages, data-category codes such as ``C001``).  A real linter of
a bilingual legal repository once found a Chinese policy still linking an ad
partner the English had dropped.

- **Links and e-mail addresses** (``parity.links``, an error): the same set of
  external URLs and e-mail addresses in both languages of a section.
- **Numbers** (``parity.numbers``, a warning): the same multiset of numbers,
  reading ASCII and full-width digits, Chinese numerals in counts and periods
  (三十日, 一百年, 十二個月) and English number words before a unit (thirty days).
  Where a difference is intended (a date written two ways...), an HTML comment
  ``<!-- parity: numbers -->`` in the section, in either language, turns this
  check off for that section.
"""

from __future__ import annotations

import re
from collections import Counter

from .sources import Document, Section

IGNORE_NUMBERS = re.compile(r"<!--\s*parity:\s*numbers\s*-->", re.IGNORECASE)

_URL = re.compile(r"https?://[^\s<>()\[\]\"'`]+", re.IGNORECASE)
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
# The Markdown syntax that is no prose, removed (each match becomes a space) in this order.  Each
# is searched where it may start, and skips the places an attempt that failed has shown fail
# too (see _sub_lines): the text of a hostile section is read about once, not once per place.
_DESTINATION = re.compile(r"\]\([^)\s]*+(?:\s+\"[^\"]*\")?\)")  # link destinations
_DESTINATION_END = re.compile(r"[)\s]")
_REFERENCE_DEFINITION = re.compile(r"^\s*+\[[^\]]++\]:\s*\S+.*$", re.MULTILINE)
_ATTRIBUTE_LIST = re.compile(r"\{:?[^{}\n]*\}")
_HTML = re.compile(r"<[^<>\n]+>")  # tags and autolinks
_LIST_MARKER = re.compile(r"^\s*+(?:\d{1,9}[.)]|[-*+])\s+", re.MULTILINE)
# '^\s*\|?(?:\s*:?-{3,}:?\s*\|)+\s*:?-*:?\s*$' (whose spaces could be split between its
# '\s*' in as many ways as there are spaces: cubic on a run of blank lines), written so that
# only the spaces before the end of a line can be given back.
_TABLE_SEPARATOR = re.compile(
    r"^\s*+(?:\|\s*+)?:?-{3,}:?\s*+\|(?:\s*+:?-{3,}:?\s*+\|)*(?:\s*(?::-*:?|-+:?))?\s*$", re.MULTILINE
)
_SPACES = re.compile(r"\s*+")
_DIGITS = str.maketrans("０１２３４５６７８９．，", "0123456789.,")
_CODE = re.compile(r"\b[A-Z]{1,3}\d{2,}\b")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_CHINESE_UNITS = "日天年月歲岁週周時小時分鐘秒次項條款名人個个條%倍頁頁章節"
# A numeral before a unit (三十日, 十二個月), not an ordinal (第三方); a lone 一 is the article "a".
_CHINESE_NUMERAL = re.compile(
    rf"(?<![第零〇一二兩两三四五六七八九十百千萬万])([零〇一二兩两三四五六七八九十百千萬万]+)"
    rf"(?=個月|个月|小時|小时|分鐘|分钟|[{_CHINESE_UNITS}])"
)
# Codes read digit by digit (〇四〇, 一三五): two or more digit characters, no 十/百.
_CHINESE_CODE = re.compile(
    r"(?<![第零〇一二兩两三四五六七八九十百千萬万])([零〇一二三四五六七八九]{2,})(?![十百千萬万])"
)
_WORDS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
}
_UNITS_EN = (
    r"(?:days?|weeks?|months?|years?|hours?|minutes?|seconds?|times?|items?|persons?|people|business days?)"
)
# Number words before a unit ("thirty days", "twenty-one years"): a chain of number words (each
# ended by a word boundary, as the space or hyphen after it requires), then the unit.  A chain that
# is followed by no unit fails from each of its words alike, so chains are found first (once) and
# each is tried once.
_NUMBER_WORDS = re.compile(rf"\b(?:{'|'.join(_WORDS)})\b(?:[- ](?:{'|'.join(_WORDS)})\b)*+", re.IGNORECASE)
_UNIT_AFTER = re.compile(rf"\s+(?=(?:\(\d+\)\s+)?{_UNITS_EN}\b)", re.IGNORECASE)
_CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "兩": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000, "萬": 10000, "万": 10000}


def chinese_number(text: str) -> int | None:
    """三十 -> 30, 一百 -> 100, 十二 -> 12, 兩 -> 2 (None when it is not a number)."""
    total, section, digit = 0, 0, None
    for ch in text:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            unit = _CN_UNITS[ch]
            if unit == 10000:
                total += (section + (digit or 0)) * unit
                section, digit = 0, None
            else:
                section += (digit if digit is not None else 1) * unit
                digit = None
        else:
            return None
    return total + section + (digit or 0)


def _english_number(words: str) -> int | None:
    parts = re.split(r"[- ]+", words.lower())
    value, current = 0, 0
    for part in parts:
        number = _WORDS.get(part)
        if number is None:
            return None
        if number == 100:
            current = max(current, 1) * 100
        else:
            current += number
    return value + current


_MONTHS = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
_MONTH_NAME = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)[a-z]*\.?"
# A month name beside a day or year ("7 March 2024", "March 7, 2024", "Mar. 2024"): the
# Chinese text writes the month as a number (2024 年 3 月 7 日).
_DATE_MONTH = re.compile(rf"(?<=\d\s)\b{_MONTH_NAME}(?=\W)|\b{_MONTH_NAME}(?=\s+\d)", re.IGNORECASE)


def _month(match: re.Match) -> str:
    if not match.group(0)[0].isupper():  # "we may 30", not a month
        return match.group(0)
    word = match.group(0).lower().rstrip(".")
    for index, name in enumerate(_MONTHS, 1):
        if name.startswith(word[:3]) and (word == name or len(word) <= 4):
            return f" {index} "
    return match.group(0)


def _prose(text: str) -> str:
    """``text`` without its Markdown syntax (link destinations, reference definitions, attribute
    lists, HTML, list markers, table separators)."""
    text = _sub_destinations(text)
    text = _sub_lines(_REFERENCE_DEFINITION, text, _definition_reach)
    text = _HTML.sub(" ", _ATTRIBUTE_LIST.sub(" ", text))
    text = _sub_lines(_LIST_MARKER, text, _space_end)
    return _sub_lines(_TABLE_SEPARATOR, text, _space_end)


def _sub_destinations(text: str) -> str:
    """``_DESTINATION.sub(" ", text)``.  An attempt that fails read to the first ``)`` or space
    after its ``](``; every ``](`` before that reads to the same place and fails the same way."""
    out: list[str] = []
    last = position = 0
    while (start := text.find("](", position)) >= 0:
        match = _DESTINATION.match(text, start)
        if match:
            out += [text[last:start], " "]
            last = position = match.end()
        else:
            stop = _DESTINATION_END.search(text, start + 2)
            position = stop.start() if stop else len(text)
    return "".join(out) + text[last:] if out else text


def _space_end(text: str, position: int) -> int:
    match = _SPACES.match(text, position)
    assert match is not None  # (``\s*+`` matches the empty string too)
    return match.end()


def _definition_reach(text: str, position: int) -> int:
    """How far an attempt of ``_REFERENCE_DEFINITION`` at ``position`` read: its spaces, and the
    label up to the first ``]`` when one starts there."""
    start = _space_end(text, position)
    if not text.startswith("[", start):
        return start
    end = text.find("]", start + 1)
    return len(text) if end < 0 else end


def _sub_lines(pattern: re.Pattern[str], text: str, reach) -> str:
    """``pattern.sub(" ", text)`` for a ``^\\s*...`` pattern whose next token is no space: tried at
    the start of each line, except the lines an attempt that failed has read up to ``reach(text,
    start)``: they start with the same spaces and the same token, and fail the same way."""
    out: list[str] = []
    last = position = 0
    while position <= len(text):
        match = pattern.match(text, position)
        if match:
            out += [text[last:position], " "]
            last = resume = match.end()
            if resume == 0 or text[resume - 1] == "\n":
                position = resume  # the search goes on where the match ends: at a line start
                continue
        else:
            resume = reach(text, position)
        newline = text.find("\n", resume)
        if newline < 0:
            break
        position = newline + 1
    return "".join(out) + text[last:] if out else text


def addresses(section: Section, document: Document) -> set[str]:
    """External URLs and e-mail addresses of ``section``'s own text."""
    found = set()
    for link in document.links:
        if link.section != section.id:
            continue
        target = link.target.strip()
        if target.lower().startswith(("http://", "https://")):
            found.add(target.rstrip("/"))
        elif target.lower().startswith("mailto:"):
            found.add(target[7:].split("?")[0].lower())
    text = section.text
    found |= {url.rstrip("/.,;:") for url in _URL.findall(text)}
    found |= {email.lower().rstrip(".") for email in _EMAIL.findall(_URL.sub(" ", text))}
    return found


def address_lines(section: Section, document: Document, lines: list[str], end: int) -> dict[str, int]:
    """Each address :func:`addresses` gives for ``section`` -> the first of its lines that has it
    (``lines``: the document's; ``end``: the line of the next heading).  One pass over the
    section, so a section with thousands of addresses costs no more than reading it."""
    found: list[tuple[str, int]] = []
    for link in document.links:
        if link.section == section.id and section.line <= link.line < end:
            target = link.target.strip()
            if target.lower().startswith(("http://", "https://")):
                found.append((target.rstrip("/"), link.line))
            elif target.lower().startswith("mailto:"):
                found.append((target[7:].split("?")[0].lower(), link.line))
    for number in range(section.line, min(end, len(lines) + 1)):
        line = lines[number - 1]
        if ":" in line or "@" in line:
            found += [(url.rstrip("/.,;:"), number) for url in _URL.findall(line)]
            found += [(email.lower().rstrip("."), number) for email in _EMAIL.findall(_URL.sub(" ", line))]
    first: dict[str, int] = {}
    for value, number in sorted(found, key=lambda item: item[1]):
        first.setdefault(value, number)
    return first


def _plain(number: str) -> str:
    """Leading zeros dropped: 2024-04-03 and 2024 年 4 月 3 日 hold the same numbers."""
    return (number.lstrip("0") or "0") if number.isdigit() else number


def numbers(section: Section) -> Counter:
    """The multiset of numbers in ``section``'s own text (codes such as C001 as written)."""
    if IGNORE_NUMBERS.search(section.text):
        return Counter()
    text = _prose(_EMAIL.sub(" ", _URL.sub(" ", section.text))).translate(_DIGITS)
    # "one (1) year" is one number, written twice.
    text = re.sub(rf"\b((?:{'|'.join(_WORDS)}))\s+\(\d+\)", r"\1", text, flags=re.IGNORECASE)
    found: Counter = Counter()
    for code in _CODE.findall(text):
        found[code] += 1
    text = _CODE.sub(" ", text)
    text = _DATE_MONTH.sub(_month, text)
    for number in _NUMBER.findall(text):
        found[_plain(number.replace(",", ""))] += 1
    for code in _CHINESE_CODE.findall(text):
        found[_plain("".join(str(_CN_DIGITS[ch]) for ch in code))] += 1
    text = _CHINESE_CODE.sub(" ", text)
    for numeral in _CHINESE_NUMERAL.findall(text):
        value = chinese_number(numeral)
        if value is not None and numeral != "一":
            found[str(value)] += 1
    for chain in _NUMBER_WORDS.finditer(text):
        if not _UNIT_AFTER.match(text, chain.end()):
            continue
        value = _english_number(chain.group())
        if value is not None and value != 1:
            found[str(value)] += 1
    return found


def ignored(section: Section) -> bool:
    return bool(IGNORE_NUMBERS.search(section.text))
