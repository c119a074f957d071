"""Links and anchors in Markdown (policysite.linkscan), in process: inline links, references and
raw HTML links; IDs from attribute lists and raw HTML; code never read as either."""

import pytest

from policysite.linkscan import (
    Anchor,
    attr_list_ids,
    duplicate_anchors,
    find_anchors,
    find_links,
    rebase_links,
    strip_code,
)


def links(*lines: str) -> list[tuple[int, str, str | None]]:
    visible = [strip_code(line) for line in lines]
    owners = [f"s{index + 1}" for index in range(len(lines))]
    return [(link.line, link.target, link.section) for link in find_links(visible, owners, 0)]


def anchors(*lines: str, headings: frozenset[int] = frozenset()) -> list[tuple[str, int, str]]:
    visible = [strip_code(line) for line in lines]
    found = find_anchors(visible, [None] * len(lines), 0, set(headings))
    return [(a.id, a.line, a.kind) for a in found]


@pytest.mark.parametrize(
    "line, expected",
    [
        ("`code` and text", "       and text"),
        ("``a ` b`` c", " " * 9 + " c"),  # a longer run holds a shorter one
        ("`open only", "`open only"),
        ("`a` `` b `c`", "    `` b    "),  # a run without partner is literal
        ("no code", "no code"),
    ],
)
def test_strip_code_blanks_code_spans_and_keeps_offsets(line, expected):
    assert strip_code(line) == expected and len(strip_code(line)) == len(line)


def test_inline_links_images_and_their_targets():
    assert links(
        'See [a](#a) and ![logo](img/logo.png "Logo") and [b](<with space.md>)',
        "[c [nested]](terms.md#fees 'Fees') [d](x(1).md)",
    ) == [
        (1, "#a", "s1"),
        (1, "img/logo.png", "s1"),
        (1, "with space.md", "s1"),
        (2, "terms.md#fees", "s2"),
        (2, "x(1).md", "s2"),
    ]


def test_reference_definitions_and_raw_html_links():
    assert links("[ref]: <other.md#section> 'Title'", '<a class="x" HREF="a.md?x=1&amp;y=2">x</a>') == [
        (1, "other.md#section", "s1"),
        (2, "a.md?x=1&y=2", "s2"),
    ]


def test_code_is_never_a_link_nor_is_text_apart_from_its_target():
    assert links("`[x](#nowhere)` and ``[y](#no)``", "[z] (#space-between)", "[w]\n(#next-line)") == []


def test_attr_list_ids_as_attr_list_reads_them():
    assert attr_list_ids("#a .class key=value") == ["a"]
    assert attr_list_ids('#a id="b"') == ["a", "b"]
    assert attr_list_ids("\t#tabbed") == ["tabbed"]
    assert attr_list_ids('title="see #t"') == []
    assert attr_list_ids("id='' #") == []  # empty IDs are none
    assert attr_list_ids("#a = #b") == ["a"]  # attr_list stops where no token matches


def test_anchors_from_attribute_lists_and_raw_html():
    assert anchors(
        "A paragraph",
        "{: #para }",
        "[link](x.md){: #link } and *em*{#em}",
        '<span id="x&amp;y"></span><a name="old"></a><div name="not-an-anchor"></div>',
        '`{#code}` and `<a id="code">`',
    ) == [
        ("para", 2, "attr_list"),
        ("link", 3, "attr_list"),
        ("em", 3, "attr_list"),
        ("x&y", 4, "html"),
        ("old", 4, "html"),
    ]


def test_an_attribute_list_inside_text_is_no_anchor_and_heading_lines_are_skipped():
    assert anchors("plain text {#not-applied}") == []
    assert anchors("## Heading {#h}", headings=frozenset({1})) == []


def test_duplicate_anchors_but_two_sections_with_one_id():
    first = Anchor("a", 1, "a", "section")
    same_section = Anchor("a", 5, "b", "section")
    html = Anchor("a", 9, "b", "html")
    other = Anchor("b", 3, None, "attr_list")
    assert list(duplicate_anchors([first, other, same_section, html])) == [(html, first)]


@pytest.mark.parametrize(
    "markdown, expected",
    [
        ("[t](terms.md#fees)", "[t](../../terms.md#fees)"),
        ("[t](../en/terms.md)", "[t](../../../en/terms.md)"),
        ("[a](https://x.md) [b](/abs.md) [c](#x) [d](mailto:a@b.md)", None),
        ("[t](image.png) [u](no-md)", None),
    ],
)
def test_rebase_links_only_moves_relative_links_to_policies(markdown, expected):
    assert rebase_links(markdown, 2) == (expected if expected is not None else markdown)
