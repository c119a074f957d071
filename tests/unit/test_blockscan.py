"""The block scanner (policysite.blockscan), in process: headings and their IDs, code fences,
tables, and what a reader sees as paragraphs, list items at every depth and table rows, by
Python-Markdown's block rules."""

from dataclasses import dataclass, field

import pytest

from policysite.blockscan import (
    MAX_LIST_DEPTH,
    BlockScanner,
    ListBlock,
    ListItem,
    Table,
    code_fence,
    fence_closers,
    read_heading,
    setext_heading,
    table_start,
)


@dataclass
class Body:
    """Where the scanner records blocks (what a section holds)."""

    paragraphs: list[int] = field(default_factory=list)
    lists: list[ListBlock] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)


def scan(text: str) -> Body:
    body = Body()
    scanner = BlockScanner(body)
    lines = text.split("\n")
    for index, line in enumerate(lines):
        scanner.feed(index + 1, line, lines[index + 1] if index + 1 < len(lines) else None)
    return body


def tree(blocks: list[ListBlock]) -> list:
    """A list tree as (line, text, children) tuples."""
    return [(item.line, item.text, tree(item.lists)) for block in blocks for item in block.items]


# ---------------------------------------------------------------- headings


@pytest.mark.parametrize(
    "line, expected",
    [
        ("## 1. General {#general}", (2, "1. General", "general", True)),
        ("## General {: #general }", (2, "General", "general", True)),
        ("### Fees ### {#fees}", (3, "Fees ###", "fees", True)),  # hashes before the list stay
        ("### Fees {#fees} ###", (3, "Fees", "fees", True)),  # trailing hashes go first
        ("## T {#a id=b}", (2, "T", "b", True)),  # attr_list's last ID wins
        ('## T {: #a title="see #t"}', (2, "T", "a", True)),  # a quoted value is one token
        ("## T {: .class }", (2, "T", None, True)),
        ("## General", (2, "General", None, False)),
        ("##General{#g}", (2, "General", "g", True)),  # no space needed, as Python-Markdown reads it
        ("####### seven", (6, "# seven", None, False)),
    ],
)
def test_read_heading(line, expected):
    assert read_heading(line) == expected


@pytest.mark.parametrize("line", [" ## indented", "text", "", "＃＃ full width"])
def test_not_a_heading(line):
    assert read_heading(line) is None


def test_setext_headings_need_text_over_a_line_of_equals_or_dashes():
    assert setext_heading("Title {#t}", "=====") == (1, "Title", "t", True)
    assert setext_heading("Part {#p}", "---") == (2, "Part", "p", True)
    assert setext_heading("Title", "== x") is None
    assert setext_heading("    code", "---") is None  # indented four spaces: code, not a heading
    assert setext_heading("", "---") is None
    assert setext_heading("Title", None) is None
    assert setext_heading("| a |", "|---|") is None  # a table, not a heading


# ---------------------------------------------------------------- code fences and tables


def test_a_fence_is_closed_only_by_the_same_fence_later():
    lines = ["```python", "x", "~~~", "````", "```", "~~~ {.md}", "y"]
    closers = fence_closers(lines, 0)
    assert closers == {"```": [4], "~~~": [2], "````": [3]}  # (bare fences: a closing line)
    assert code_fence(lines, 0, closers) == ("```", 4)
    assert code_fence(lines, 5, closers) == ("~~~", None)  # never closed
    assert code_fence(lines, 1, closers) is None
    assert code_fence(["``` two words"], 0, {}) is None  # no fence: not a language


def test_fence_closers_start_at_the_body():
    assert fence_closers(["```", "---", "```"], 1) == {"```": [2]}


@pytest.mark.parametrize(
    "line, next_line, heads",
    [
        ("| a | b |", "|---|---|", True),
        ("a | b", "--- | :---:", True),
        ("| a |", "|---|", True),  # one column: border pipes
        ("a", "---", False),  # no pipe
        ("a |", "--- | ---", False),  # columns differ
        ("| a | b |", "| x | y |", False),  # no separator row
        ("| a | b |", None, False),
    ],
)
def test_table_start(line, next_line, heads):
    assert table_start(line, next_line) is heads


# ---------------------------------------------------------------- the block scanner


def test_paragraphs_start_after_blank_lines_and_continue_over_lines():
    assert scan("one\ntwo\n\nthree\n\n\nfour").paragraphs == [1, 4, 7]


def test_a_list_after_a_paragraph_line_continues_the_paragraph():
    body = scan("Text:\n- not an item\n\n- item")
    assert body.paragraphs == [1]
    assert tree(body.lists) == [(4, "item", [])]


def test_nested_lists_are_indented_four_spaces():
    body = scan("1. one\n    - a\n        - deep\n    - b\n  - two spaces: a sibling\n2. two")
    assert tree(body.lists) == [
        (1, "one", [(2, "a", [(3, "deep", [])]), (4, "b", [])]),
        (5, "two spaces: a sibling", []),
        (6, "two", []),
    ]
    assert body.lists[0].ordered and not body.lists[0].items[0].lists[0].ordered
    assert body.paragraphs == []


def test_after_a_blank_line_only_text_indented_four_spaces_stays_in_the_list():
    body = scan("- item\n\n    more of the item\n\nA paragraph")
    assert tree(body.lists) == [(1, "item", [])]
    assert body.paragraphs == [5]


def test_a_list_indented_four_spaces_at_a_block_start_is_code():
    assert scan("    - code").lists == []


def test_a_rule_ends_a_list_and_a_reference_definition_splits_a_block():
    body = scan("- a\n---\n- b")
    assert [block.line for block in body.lists] == [1, 3]
    body = scan("Text\n[ref]: https://example.com\nMore")
    assert body.paragraphs == [1, 3]


def test_tables_count_their_rows_not_the_separator():
    body = scan("| a | b |\n|---|---|\n| 1 | 2 |\n| 3 | 4 |\n\nAfter")
    assert [(t.line, t.rows) for t in body.tables] == [(1, 2)]
    assert body.paragraphs == [6]
    assert scan("Text\n| a | b |\n|---|---|").tables == []  # a table must start a block


def test_a_code_block_is_a_block_of_its_own():
    body = Body()
    scanner = BlockScanner(body)
    scanner.feed(1, "- item", None)
    scanner.code_block(2)
    scanner.feed(5, "- next", None)
    assert body.paragraphs == [2]
    assert [block.line for block in body.lists] == [1, 5]


def test_lists_deeper_than_the_limit_stay_at_the_limit():
    body = scan("\n".join(" " * (4 * depth) + "- x" for depth in range(MAX_LIST_DEPTH + 10)))
    depth, blocks = 0, body.lists
    while blocks:
        depth += 1
        blocks = blocks[-1].items[-1].lists
    assert depth == MAX_LIST_DEPTH


def test_an_items_label_is_its_first_words_without_markup():
    assert ListItem(1, "**Log information**: what we log").label == "Log information: what we log"
    assert ListItem(1, "x" * 50).label == "x" * 39 + "…"
