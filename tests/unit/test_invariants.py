"""What must never differ between languages (policysite.invariants), in process: the addresses
and the multiset of numbers each section's own text holds, read the way an English and a Chinese
text write them.  tests/integration/test_translations.py checks the parity findings made of them;
tests/integration/test_security_linear.py that each pattern stays linear on hostile text."""

from collections import Counter

import pytest

from policysite import invariants, sources


def document(body: str, lang: str = "en") -> sources.Document:
    text = f"---\ntitle: T\nversion: 2020.01.01\n---\n# T\n\nIntro.\n\n## A {{#a}}\n\n{body}\n"
    parsed, _ = sources.parse(text.encode(), f"{lang}/p.md")
    assert parsed is not None
    return parsed


def numbers(body: str, lang: str = "en") -> dict[str, int]:
    return dict(invariants.numbers(document(body, lang).section("a")))


@pytest.mark.parametrize(
    "text, value",
    [
        ("三十", 30),
        ("十", 10),
        ("十二", 12),
        ("二十五", 25),
        ("一百", 100),
        ("一百零五", 105),
        ("兩", 2),
        ("两千", 2000),
        ("一萬二千", 12000),
        ("二十萬", 200000),
        ("〇", 0),
        ("三x", None),
        ("3", None),
    ],
)
def test_chinese_number(text, value):
    assert invariants.chinese_number(text) == value


@pytest.mark.parametrize(
    "body, expected",
    [
        ("We keep it 30 days, 2 copies.", {"30": 1, "2": 1}),
        ("30 days, then 30 more.", {"30": 2}),
        ("1,000 and 1.5 and 007", {"1000": 1, "1.5": 1, "7": 1}),
        ("１２３ 日，４．５", {"123": 1, "4.5": 1}),
        # codes are kept as written, and their digits are no other number
        ("C001, C003 and C001", {"C001": 2, "C003": 1}),
        ("AB12 ABCD12 C1", {"AB12": 1, "12": 1, "1": 1}),  # (four letters: no code)
        # English number words count before a unit only; "one" is the article
        ("thirty days, twenty-one years, a hundred days", {"30": 1, "21": 1, "100": 1}),
        ("one hundred days", {"100": 1}),
        ("one (1) year", {}),
        ("thirty (30) days", {"30": 1}),
        ("five items; ten things; one day", {"5": 1}),
        # dates: a month name is its number, so "7 March 2024" holds what "2024 年 3 月 7 日" holds
        ("7 March 2024", {"7": 1, "3": 1, "2024": 1}),
        ("March 7, 2024", {"3": 1, "7": 1, "2024": 1}),
        ("Sept. 2024", {"9": 1, "2024": 1}),
        ("we may 30", {"30": 1}),
        ("since 2024-04-03", {"2024": 1, "4": 1, "3": 1}),
    ],
)
def test_english_numbers(body, expected):
    assert numbers(body) == expected


@pytest.mark.parametrize(
    "body, expected",
    [
        ("我們保存三十日，十二個月，一百年，兩年。", {"30": 1, "12": 1, "100": 1, "2": 1}),
        ("自 2024 年 3 月 7 日起", {"2024": 1, "3": 1, "7": 1}),
        ("第三方、第十二條", {}),  # (ordinals)
        ("一年", {}),  # (a lone 一 is the article "a")
        ("代碼〇四〇與一三五", {"40": 1, "135": 1}),
        ("十萬人", {"100000": 1}),
        ("保存 30 天", {"30": 1}),
    ],
)
def test_chinese_numbers(body, expected):
    assert numbers(body, "zh-TW") == expected


@pytest.mark.parametrize(
    "body",
    [
        "[x](https://a.example/30) and https://e.example/50.",
        "write to a1@b2.example",
        "1. first\n2. second\n10) tenth",
        "Text {: #b-12 }",
        '<span data-x="9"></span>',
        "[r]: https://x.example/1",
        "| a | b |\n|---|---|",
    ],
)
def test_markup_addresses_and_list_markers_hold_no_number(body):
    assert numbers(body) == {}


def test_a_table_s_cells_are_counted_but_not_its_separator():
    assert numbers("| a | b |\n|:---|---:|\n| 1 | 2 |") == {"1": 1, "2": 1}


def test_the_ignore_comment_turns_numbers_off_for_the_section():
    section = document("We keep it 30 days. <!--  Parity:  NUMBERS -->").section("a")
    assert invariants.ignored(section)
    assert invariants.numbers(section) == Counter()
    assert not invariants.ignored(document("<!-- parity: links -->").section("a"))


def test_numbers_are_the_sections_own_not_its_subsections():
    parsed = document("30 days.\n\n### Sub {#sub}\n\n60 days.")
    assert dict(invariants.numbers(parsed.section("a"))) == {"30": 1}
    assert dict(invariants.numbers(parsed.section("sub"))) == {"60": 1}


def test_addresses_are_external_links_urls_and_emails_normalized():
    parsed = document(
        "see [x](https://A.example/path/) and <https://b.example/>, "
        "mail [me](mailto:Dpo@Example.com?subject=x) or Info@Example.COM. also https://c.example/x.\n\n"
        "[rel](other.md) [anchor](#a) [ftp](ftp://f.example)"
    )
    assert invariants.addresses(parsed.section("a"), parsed) == {
        "https://A.example/path",
        "https://b.example",
        "https://c.example/x",
        "dpo@example.com",
        "info@example.com",
    }


def test_an_email_inside_a_url_is_not_an_address_of_its_own():
    parsed = document("https://user@host.example/x and first.last+tag@sub.example.org.")
    assert invariants.addresses(parsed.section("a"), parsed) == {
        "https://user@host.example/x",
        "first.last+tag@sub.example.org",
    }


def test_addresses_belong_to_their_section():
    parsed, _ = sources.parse(
        b"---\ntitle: T\nversion: 2020.01.01\n---\n# T\n\nIntro https://intro.example\n\n"
        b"## A {#a}\n\n[x](https://a.example)\n\n## B {#b}\n\nhttps://b.example\n",
        "en/p.md",
    )
    assert invariants.addresses(parsed.root, parsed) == {"https://intro.example"}
    assert invariants.addresses(parsed.section("a"), parsed) == {"https://a.example"}
    assert invariants.addresses(parsed.section("b"), parsed) == {"https://b.example"}


def test_address_lines_name_the_first_line_holding_each_address():
    parsed, _ = sources.parse(
        b"---\ntitle: T\nversion: 2020.01.01\n---\n# T\n\nIntro https://intro.example\n\n## A {#a}\n\n"
        b"First [l](https://a.example/) line.\nSecond x@y.example and https://a.example/ again.\n"
        b"<https://b.example/p>\n\n## B {#b}\n\nhttps://c.example\n",
        "en/p.md",
    )
    section, lines = parsed.section("a"), parsed.text.split("\n")
    assert (section.line, parsed.section("b").line) == (9, 15)
    found = invariants.address_lines(section, parsed, lines, 15)
    assert found == {"https://a.example": 11, "x@y.example": 12, "https://b.example/p": 13}
    assert set(found) == invariants.addresses(section, parsed)
