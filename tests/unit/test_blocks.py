"""One version as the reader sees it, in blocks of tokens (policysite.blocks): the title line, what
decides whether a section changed (its fingerprint, blind to spelling-only differences), outlines
(parsed or quick), the block data of a small policy (title, paragraphs, sentences, numbered and
nested list items, table rows and cells, inline elements, line breaks, code, rules, Chinese by
character), the renderer's reuse of unchanged sections, and link targets rebased for a page."""

from __future__ import annotations

import pytest

from policysite import blocks, render, sources

SOURCE = """---
title: Privacy Policy
version: 2020.01.01
---

# Privacy

Intro *with* [a link](terms.md#use).

## 1. General {#general}

First.  Second sentence.

| a | b |
|---|---|
| 1 | **2** |

Line one<BR>
line two

    code  kept

## 2. Contact {#contact}

Write to us.
""".replace("<BR>", "  ")  # (a hard line break)


def parse(text: str, path: str = "en/privacy.md") -> sources.Document:
    document, _ = sources.parse(text, path)
    assert document is not None
    return document


@pytest.fixture(scope="module")
def renderer() -> render.Renderer:
    return render.Renderer()


# ---------------------------------------------------------------- sources


@pytest.mark.parametrize(
    ("lines", "title"),
    [
        (["", "# Title"], "Title"),
        (["# Title ##  "], "Title"),
        (["#\tTitle {#top .x}"], "Title"),
        (["```", "# not a title", "```", "# Title"], "Title"),
        (["~~~~", "# code", "~~~~", "## Section", "# Late"], None),
        (["Text only."], None),
        (["#NoSpace"], "NoSpace"),
    ],
)
def test_the_title_line(lines, title):
    assert blocks._h1_of_lines(lines) == title


def test_h1_and_the_intro_title():
    document = parse(SOURCE)
    assert blocks.h1_of(document) == "Privacy"
    assert blocks.intro_title(document) == "Privacy Policy\n# Privacy"
    same = parse(SOURCE.replace("# Privacy\n", "# Privacy Policy\n"))
    assert blocks.intro_title(same) == "Privacy Policy"


def test_a_fingerprint_ignores_spelling_only_differences():
    base = blocks.fingerprint("1. General", "First.\n\nSecond.")
    assert len(base) == 16
    assert blocks.fingerprint("1. General", "First.  \n\n\n\nSecond.\n") == base
    assert blocks.fingerprint("1. General", "\n\nFirst.\t\n\nSecond.") == base
    assert blocks.fingerprint("1.  General ", "First.\n\nSecond.") == base
    assert blocks.fingerprint("1. General", "First.\n\nSecond!") != base
    assert blocks.fingerprint("1. Generally", "First.\n\nSecond.") != base
    assert blocks.fingerprint("1. General", "First.\nSecond.") != base  # (one paragraph, not two)
    assert blocks.fingerprint("A", "\ud800") == blocks.fingerprint("A", "\ud800")  # (never raises)


def test_sections_fingerprints_and_outline():
    document = parse(SOURCE)
    assert [key for key, _ in blocks.sections_of(document)] == [blocks.INTRO, "general", "contact"]
    prints = blocks.fingerprints(document)
    assert prints["contact"] == blocks.fingerprint("2. Contact", "Write to us.")
    assert prints[blocks.INTRO] == blocks.fingerprint("Privacy Policy\n# Privacy", document.root.text)
    assert blocks.outline(document) == {
        "sections": [
            {"id": None, "level": 1, "title": "Privacy Policy", "s": prints[blocks.INTRO]},
            {"id": "general", "level": 2, "title": "1. General", "s": prints["general"]},
            {"id": "contact", "level": 2, "title": "2. Contact", "s": prints["contact"]},
        ]
    }
    assert blocks.outline(None) is None and blocks.fingerprints(None) == {}


def test_a_quick_outline_is_the_parsed_one():
    memo: dict = {}
    quick = blocks.quick_outline(SOURCE.encode(), "Privacy Policy", memo)
    assert quick == blocks.outline(parse(SOURCE))
    assert len(memo) == 3
    again = SOURCE.replace("Write to us.", "Write to us by post.")
    assert blocks.quick_outline(again.encode(), "Privacy Policy", memo) == blocks.outline(parse(again))
    assert len(memo) == 4  # (only the changed section was fingerprinted again)


def test_reference_definitions_go_with_every_section():
    document = parse(SOURCE + "\nSee [the terms][t].\n\n[t]: terms.md\n  [u]: https://x.test/ 'U'\n")
    assert blocks._references(document) == "\n\n[t]: terms.md\n  [u]: https://x.test/ 'U'"
    assert blocks._references(parse(SOURCE)) == ""


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        ("a<!-- b -->c", "ac"),
        ("a<!-- b --><!---->c", "ac"),
        ("a<!-- open", "a<!-- open"),
        ("a<!-- x -->b<!-- y", "ab<!-- y"),
    ],
)
def test_comments_are_left_out(markup, expected):
    assert blocks._without_comments(markup) == expected


# ---------------------------------------------------------------- block data


@pytest.fixture(scope="module")
def data(renderer) -> dict:
    return blocks.TextRenderer(renderer).data(parse(SOURCE), "en")


def texts(block: dict) -> list[list[str]]:
    """Each cell's sentences as plain strings."""
    return [
        ["".join(t if isinstance(t, str) else t[1] for t in s) for s in sentences]
        for _, sentences, _ in block["p"]
    ]


def test_the_document(data):
    assert {k: data[k] for k in ("policy", "version", "lang", "title")} == {
        "policy": "privacy",
        "version": "2020.01.01",
        "lang": "en",
        "title": "Privacy Policy",
    }
    assert [(s["id"], s["level"], s["title"]) for s in data["sections"]] == [
        (None, 1, "Privacy Policy"),
        ("general", 2, "1. General"),
        ("contact", 2, "2. Contact"),
    ]
    assert [s["s"] for s in data["sections"]] == [s["s"] for s in blocks.outline(parse(SOURCE))["sections"]]


def test_the_intro_the_title_then_the_h1_that_differs(data):
    intro = data["sections"][0]
    assert intro["h"] == []
    assert [(b["k"], b["w"], texts(b)) for b in intro["b"]] == [
        ("title", blocks.TITLE_TAG, [["Privacy Policy"]]),
        ("title", blocks.TITLE_TAG, [["Privacy"]]),
        ("p", "<p>", [["Intro with a link."]]),
    ]
    paragraph = intro["b"][2]
    assert intro["m"] == [[], ["<em>"], ['<a href="terms.md#use">']]
    assert paragraph["p"][0][1] == [["Intro", " ", [1, "with"], " ", [2, "a"], [2, " "], [2, "link"], "."]]
    assert paragraph["p"][0][2] == 'Intro <em>with</em> <a href="terms.md#use">a link</a>.'


def test_a_section_s_blocks(data):
    general = data["sections"][1]
    assert general["h"] == [["1", ".", " ", "General"]]
    kinds = [(b["k"], b["w"], [cell for cell, _, _ in b["p"]], texts(b)) for b in general["b"]]
    assert kinds == [
        ("p", "<p>", [""], [["First. ", "Second sentence."]]),
        ("tr", "<tr>", ["<th>", "<th>"], [["a"], ["b"]]),
        ("tr", "<tr>", ["<td>", "<td>"], [["1"], ["2"]]),
        ("p", "<p>", [""], [["Line one\x00<br> line two"]]),
        ("p", "<pre>", [""], [["code  kept\n"]]),  # (spaces kept in code)
    ]
    assert general["c"] == [["<table>", 0], ["<thead>", 0], ["<tbody>", 0]]
    assert [b["f"] for b in general["b"]] == [[], [0, 1], [0, 2], [], []]
    assert general["b"][2]["p"][1][2] == "<strong>2</strong>"
    assert general["b"][3]["p"][0][2] == "Line one<br> line two"
    assert all(b["x"] == blocks.block_hash(b) for b in general["b"])


def test_numbered_and_nested_list_items_and_rules(renderer):
    markdown = '<ol start="5"><li>a</li><li>b</li></ol>\n\n- x\n    - y\n\n<!-- hidden -->\n\n---\n'
    found = blocks.render_section(markdown, "en", renderer, False)
    assert [(b["k"], b.get("n"), b["f"], texts(b)) for b in found["b"]] == [
        ("li", 5, [0], [["a"]]),
        ("li", 6, [0], [["b"]]),
        ("li", None, [1, 2], [["x"]]),  # (text before a nested list: a block of its own)
        ("li", None, [1, 2, 3], [["y"]]),
        ("hr", None, [], []),
    ]
    assert found["c"] == [['<ol start="5">', 0], ["<ul>", 0], ["<li>", 0], ["<ul>", 0]]


def test_chinese_is_tokenized_by_character_and_cut_into_sentences(renderer):
    found = blocks.render_section("## 2. 使用 {#use}\n\n我們使用資料。第二句。", "zh-TW", renderer, True)
    assert found["h"] == [["2", ".", " ", "使", "用"]]
    (paragraph,) = found["b"]
    assert paragraph["p"][0][1] == [["我", "們", "使", "用", "資", "料", "。"], ["第", "二", "句", "。"]]


def test_unsafe_markup_never_reaches_a_block(renderer):
    found = blocks.render_section(
        'Hi <script>alert(1)</script><b onclick="x()">there</b>', "en", renderer, False
    )
    (paragraph,) = found["b"]
    assert paragraph["p"][0][2] == "Hi <b>there</b>"
    assert found["m"] == [[], ["<b>"]]


def test_an_unchanged_section_is_not_rendered_again(renderer):
    made = blocks.TextRenderer(renderer)
    first = made.data(parse(SOURCE), "en")
    second = made.data(parse(SOURCE.replace("Write to us.", "Write to us by post.")), "en")
    assert second["sections"][1]["b"] is first["sections"][1]["b"]  # (the same rendering, reused)
    assert second["sections"][2]["b"] is not first["sections"][2]["b"]
    assert texts(second["sections"][2]["b"][0]) == [["Write to us by post."]]
    assert blocks.TextRenderer(renderer, by_parts=False).data(parse(SOURCE), "en") == first


def test_inline_html_and_tag_names():
    stacks = [[], ["<em>"], ["<em>", '<a href="x">'], ["<b>"]]
    items = [(0, "a "), (1, "b"), (2, " c"), (3, "d"), (0, "\x00<br>"), (0, "<&>")]
    assert blocks.inline_html(items, stacks) == 'a <em>b<a href="x"> c</a></em><b>d</b><br>&lt;&amp;&gt;'
    assert (blocks.tag_name('<A href="x">'), blocks.tag_name("</em>"), blocks.tag_name("text")) == (
        "a",
        "em",
        "",
    )


def test_block_hash_is_what_a_block_shows():
    block = {"k": "p", "w": "<p>", "p": [["", [["a"]], "a"]]}
    assert blocks.block_hash(block) == blocks.block_hash(dict(block, f=[3], n=2))
    assert blocks.block_hash(block) != blocks.block_hash(dict(block, k="li"))
    assert blocks.block_hash(block) != blocks.block_hash(dict(block, p=[["", [["a"]], "<b>a</b>"]]))


def test_split_headings_at_the_top_level_only():
    markup = '<p>a</p><h2 id="x">X</h2><p>b</p><div><h3>no</h3></div><h3 id="y">Y</h3>'
    assert blocks.split_headings(markup) == [
        '<h2 id="x">X</h2><p>b</p><div><h3>no</h3></div>',
        '<h3 id="y">Y</h3>',
    ]
    assert blocks.split_headings("<p>no heading</p>") == []


# ---------------------------------------------------------------- links


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("terms.md#use", "../../terms/#use"),
        ("terms.md", "../../terms/"),
        ("security/access.md", "../../security/access/"),
        ("security/index.md", "../../security/"),
        ("index.md", "../../"),
        ("#general", "#general"),
        ("/privacy/", "/privacy/"),
        ("?q=1", "?q=1"),
        ("https://x.test/a.md", "https://x.test/a.md"),
        ("mailto:a@b.test", "mailto:a@b.test"),
        ("img/logo.png", "../../img/logo.png"),
        ("", ""),
    ],
)
def test_rebase_url(url, expected):
    assert blocks.rebase_url(url, "../../") == expected


def test_rebase_html_and_tags():
    markup = '<p>see <a href="terms.md#use" title="a=b">terms</a> <img src="a&amp;b.png" alt="x"></p>'
    assert blocks.rebase_html(markup, "../") == (
        '<p>see <a href="../terms/#use" title="a=b">terms</a> <img src="../a&amp;b.png" alt="x"></p>'
    )
    assert blocks.rebase_html("plain text", "../") == "plain text"
    assert blocks.rebase_tag("<em>", "../") == "<em>"
    assert blocks.rebase_tag('<a href="#x">', "../") == '<a href="#x">'
