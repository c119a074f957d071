"""Look-alike characters in syntax positions (policysite.lookalike.scan), in process: each trap's
line, column, character and message, and each line as the editor meant it; prose left alone."""

from policysite.lookalike import scan


def traps(lines: list[str], body_start: int) -> list[tuple[int, int, str, str]]:
    return [(t.line, t.column, t.name, t.message) for t in scan(lines, body_start)[1]]


def test_clean_lines_are_returned_as_they_are_in_a_new_list():
    lines = ["---", "title: Privacy", "version: 2019.12.19", "---", "## 1. Scope {#scope}", "- item"]
    fixed, found = scan(lines, 4)
    assert fixed == lines and fixed is not lines
    assert found == []


def test_front_matter_keys_are_read_as_meant_and_each_trap_named():
    lines = [
        "---",
        "title：Privacy",
        "version:\u00a02019.12.19",
        "label: Fire\u3000fox",
        "summary:\u3000x  y\u00a0z",
        "note: a\u00a0b",
        "---",
        "body\u00a0text",
    ]
    fixed, _ = scan(lines, 7)
    assert fixed == [
        "---",
        "title: Privacy",
        "version: 2019.12.19",
        "label: Firefox",
        "summary: x  y\u00a0z",  # (only the space after the key: the value's own text is kept)
        "note: a\u00a0b",  # in a value other than version's or label's: prose
        "---",
        "body\u00a0text",
    ]
    assert traps(lines, 7) == [
        (2, 6, "U+FF1A FULLWIDTH COLON", "after 'title' in the front matter: YAML needs ':' (ASCII)"),
        (3, 9, "U+00A0 NO-BREAK SPACE", "after 'version:' in the front matter: type a plain space"),
        (4, 12, "U+3000 IDEOGRAPHIC SPACE", "in the value of 'label:': remove it"),
        (5, 9, "U+3000 IDEOGRAPHIC SPACE", "after 'summary:' in the front matter: type a plain space"),
    ]


def test_headings_and_section_ids():
    lines = ["---", "title: t", "---", "＃＃ 6. data\u00a0{#data-security}", "## ok\u3000｛#x｝", "＃ plain"]
    fixed, _ = scan(lines, 3)
    assert fixed[3:] == ["## 6. data {#data-security}", "## ok {#x}", "# plain"]
    hidden = "Markdown does not see the ID and shows it as text"
    assert traps(lines, 3) == [
        (4, 1, "U+FF03 FULLWIDTH NUMBER SIGN", "starts a heading: Markdown headings start with '#' (ASCII)"),
        (
            4,
            11,
            "U+00A0 NO-BREAK SPACE",
            f"before the section ID '{{#data-security}}': {hidden}; type a plain space",
        ),
        (5, 6, "U+3000 IDEOGRAPHIC SPACE", f"before the section ID '｛#x｝': {hidden}; type a plain space"),
        (5, 7, "U+FF5B FULLWIDTH LEFT CURLY BRACKET", f"in the section ID '｛#x｝': {hidden}; type '{{'"),
        (5, 10, "U+FF5D FULLWIDTH RIGHT CURLY BRACKET", f"in the section ID '｛#x｝': {hidden}; type '}}'"),
        (6, 1, "U+FF03 FULLWIDTH NUMBER SIGN", "starts a heading: Markdown headings start with '#' (ASCII)"),
    ]


def test_list_markers():
    lines = ["---", "---", "2.\u00a0C003 item", "  －\u3000dash", "1．  full", "- fine\u00a0inside"]
    fixed, _ = scan(lines, 2)
    assert fixed[2:] == ["2. C003 item", "  - dash", "1. full", "- fine\u00a0inside"]
    unseen = "Markdown does not see a list item"
    assert traps(lines, 2) == [
        (3, 3, "U+00A0 NO-BREAK SPACE", f"after the list marker '2.': {unseen}; type a plain space"),
        (4, 3, "U+FF0D FULLWIDTH HYPHEN-MINUS", f"in the list marker '－': {unseen}; type '-'"),
        (4, 4, "U+3000 IDEOGRAPHIC SPACE", f"after the list marker '－': {unseen}; type a plain space"),
        (5, 2, "U+FF0E FULLWIDTH FULL STOP", f"in the list marker '1．': {unseen}; type '.'"),
    ]


def test_table_rows_and_prose():
    lines = ["---", "---", "｜ a ｜ b ｜", "| a ｜ b |", "text ｜ no", "全形：標點，不動"]
    fixed, _ = scan(lines, 2)
    assert fixed[2:] == ["| a | b |", "| a | b |", "text ｜ no", "全形：標點，不動"]
    row = "in a table row: Markdown tables need '|' (ASCII)"
    bar = "U+FF5C FULLWIDTH VERTICAL LINE"
    assert traps(lines, 2) == [(3, 1, bar, row), (3, 5, bar, row), (3, 9, bar, row), (4, 5, bar, row)]


def test_front_matter_rules_stay_in_the_front_matter_and_body_rules_in_the_body():
    # A key-like body line is prose; a heading-like front matter line is YAML.
    lines = ["---", "＃ not a heading: here", "---", "version:\u00a0prose"]
    fixed, found = scan(lines, 3)
    assert fixed == lines and found == []
