"""Front matter (policysite.frontmatter), in process: split from the body, read with or without
YAML, checked for title and version, each problem an error on its line."""

import datetime as dt

import pytest
import yaml

from policysite import frontmatter
from policysite.findings import Findings
from policysite.frontmatter import (
    ascii_date,
    check_meta,
    front_matter_end,
    front_matter_part,
    meta_line,
    parse_version,
    split_front_matter,
)


def split(text: str) -> tuple[dict, int, list[tuple[str, int, str]]]:
    meta, body_start, found = split_front_matter(text, "en/privacy.md")
    return meta, body_start, [(d.code, d.line, d.message) for d in found]


def test_plain_lines_are_read_without_yaml_as_yaml_would_read_them():
    text = "---\ntitle: Privacy Policy\nversion: 2019.12.19\nlabel: a  b\n\n---\n# Privacy\n"
    assert split(text) == ({"title": "Privacy Policy", "version": "2019.12.19", "label": "a  b"}, 6, [])
    source = "\n".join(text.split("\n")[1:5])
    assert frontmatter._simple_front_matter(source) == yaml.load(source, Loader=yaml.BaseLoader)


@pytest.mark.parametrize(
    "source",
    ['title: "quoted"', "title: a # comment", "aliases:\n  old: new", "title: [a, b]", "title: a\ntitle: b"],
)
def test_anything_but_plain_lines_goes_to_yaml(source):
    assert frontmatter._simple_front_matter(source) is None
    meta, _, found = split(f"---\n{source}\n---\n")
    assert found == [] and meta == yaml.load(source, Loader=yaml.BaseLoader)


def test_missing_and_unclosed_front_matter_leave_the_body_at_the_start():
    assert split("# Privacy\n") == ({}, 0, [("front-matter.missing", 1, frontmatter._MISSING)])
    assert split("---\ntitle: T\n# Privacy\n") == (
        {},
        0,
        [("front-matter.unclosed", 1, frontmatter._UNCLOSED)],
    )


def test_front_matter_closed_with_dots_and_empty_front_matter():
    assert split("---\ntitle: T\n...\nbody") == ({"title": "T"}, 3, [])
    assert split("---\n---\nbody") == ({}, 2, [])
    assert split("---\n\n---\n") == ({}, 3, [])


def test_a_yaml_error_is_reported_on_its_own_line_of_the_file():
    meta, body_start, [(code, line, message)] = split('---\ntitle: T\nversion: "2019.12.19\n---\n')
    assert (meta, body_start, code, line) == ({}, 4, "front-matter.invalid", 3)
    assert message.startswith("front matter is not valid YAML: ")


def test_a_control_character_is_a_yaml_error_on_its_line():
    _, _, [(code, line, message)] = split('---\ntitle: T\nsummary: "a\x07"\n---\n')
    assert (code, line) == ("front-matter.invalid", 3)
    assert message == "front matter is not valid YAML: control characters are not allowed"


@pytest.mark.parametrize("character", ["\x07", "\x1b", "\x7f", "\ufffe"])
def test_a_control_character_on_a_plain_line_is_refused_as_yaml_refuses_it(character):
    """The quick reading of plain lines accepts nothing YAML refuses (it accepted 'title: A<BEL>B')."""
    assert frontmatter._simple_front_matter(f"title: A{character}B") is None
    _, _, [(code, line, message)] = split(f"---\ntitle: A{character}B\nversion: 2024.01.01\n---\n")
    assert (code, line) == ("front-matter.invalid", 2)
    assert message.startswith("front matter is not valid YAML: ")


def test_deep_nesting_is_refused_before_yaml_reads_it():
    _, body_start, [(code, line, message)] = split("---\ntitle: " + "[" * 51 + "]" * 51 + "\n---\n")
    assert (body_start, code, line) == (3, "front-matter.invalid", 2)
    assert "nested too deeply" in message
    assert split("---\ntitle: " + "[" * 50 + "]" * 50 + "\n---\n")[2] == []


def test_front_matter_that_is_no_mapping_reads_as_empty():
    assert split("---\n- a\n- b\n---\n") == (
        {},
        4,
        [("front-matter.invalid", 2, "front matter must be 'key: value' lines (title, version)")],
    )


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2019.12.19", dt.date(2019, 12, 19)),
        (" 2019.12.19 ", dt.date(2019, 12, 19)),
        ("2019.02.30", None),
        ("2019-12-19", None),
        ("２０１９．１２．１９", None),
        ("٢٠١٩.١٢.١٩", None),
        (20191219, None),
        (None, None),
    ],
)
def test_parse_version_takes_real_dates_in_ascii_only(value, expected):
    assert parse_version(value) == expected


def test_ascii_date_shows_what_to_type_for_a_date_in_other_digits():
    assert ascii_date("２０２６．１２．０１") == "2026.12.01"
    assert ascii_date("2026。12。01") == "2026.12.01"
    assert ascii_date("2026.12.01") is None  # already ASCII
    assert ascii_date("２０２６．１３．０１") is None  # no real date
    assert ascii_date("２０２６/１２/０１") is None


def check(text: str) -> tuple[tuple, list[tuple[str, int, str]]]:
    lines = text.split("\n")
    meta, body_start, _ = split_front_matter(text, "en/privacy.md")
    findings = Findings("en/privacy.md")
    result = check_meta(meta, lines, body_start, findings)
    return result, [(d.code, d.line, d.message) for d in findings.found]


def test_check_meta_gives_title_version_and_date():
    assert check("---\ntitle:  Privacy \nversion: 2019.12.19\n---\n") == (
        ("Privacy", "2019.12.19", dt.date(2019, 12, 19)),
        [],
    )


def test_a_missing_title_and_version_are_reported_where_the_front_matter_ends():
    (title, version, date), found = check("---\nlabel: x\n---\n")
    assert (title, version, date) == (None, None, None)
    assert [(code, line) for code, line, _ in found] == [
        ("front-matter.title", 3),
        ("front-matter.version", 3),
    ]


def test_an_invalid_version_is_reported_on_its_line_and_keeps_its_text():
    (_, version, date), [(code, line, message)] = check("---\ntitle: T\nversion: 2019.13.01\n---\n")
    assert (version, date, code, line) == ("2019.13.01", None, "version.invalid", 3)
    assert message == "version '2019.13.01' is not a real date written YYYY.MM.DD"


def test_a_version_in_full_width_digits_says_what_to_type():
    _, [(code, _, message)] = check("---\ntitle: T\nversion: ２０１９．１２．１９\n---\n")
    assert code == "version.invalid" and "'version: 2019.12.19'" in message


def test_a_version_that_is_no_string_is_invalid():
    (_, version, _), [(code, line, _)] = check("---\ntitle: T\nversion:\n  - 2019.12.19\n---\n")
    assert (version, code, line) == (None, "version.invalid", 3)


def test_meta_line_stops_at_the_closing_line():
    lines = ["---", "title: T", "version: 1", "---", "version: body"]
    assert meta_line(lines, "version", 9) == 3
    assert meta_line(lines, "summary", 9) == 9
    assert meta_line(["---", "title: T", "---", "summary: body"], "summary", 7) == 7


def test_front_matter_end_and_part():
    assert front_matter_end(["---", "a: b", "...", "---"]) == 2
    assert front_matter_end(["---", "a: b"]) is None
    text = "---\ntitle: T\n---\n" + "body\n" * 100
    assert front_matter_part(text) == "---\ntitle: T\n---"
    unclosed = "---\n" + "a: b\n" * 100
    assert front_matter_part(unclosed) == unclosed  # closed beyond the first 60 lines, or never
