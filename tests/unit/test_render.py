"""Markdown rendered as the site renders it (policysite.render), in process: the renderer, what may
be converted a part at a time, and parts converted once yet exactly as a whole conversion."""

from __future__ import annotations

import pytest

from policysite import complexity, render
from policysite.render import PageBodies, Parts, Renderer

HEAD = "# T\n\nIntro.\n\n"
PARTS = ["## 1. A {#a}\n\nText.\n\n", "### 1.1 B {#b}\n\nMore.\n\n", "## 2. C {#c}\n\nx\n"]
PERMALINK = '<a class="headerlink" href="#{0}" title="Permanent link">&para;</a>'


def slugify(value, separator):  # (a setting JSON cannot hold: named by its dotted name)
    return value


def test_the_renderer_is_configured_like_the_site():
    renderer = Renderer()
    assert renderer.signature == (
        '[["toc", "tables", "fenced_code", "attr_list", "admonition", "md_in_html"], '
        '{"tables": {"use_align_attribute": true}, "toc": {"permalink": true}}]'
    )
    assert renderer.section_local
    assert Renderer(("markdown.extensions.toc", "tables")).section_local
    assert not Renderer(("toc", "footnotes")).section_local  # numbered page-wide
    assert Renderer(("toc",), {"toc": {"slugify": slugify}}).signature == (
        f'[["toc"], {{"toc": {{"slugify": "{__name__}.slugify"}}}}]'
    )


def test_convert_gives_the_html_and_the_nested_table_of_contents():
    html, toc = Renderer().convert(HEAD + "".join(PARTS))
    assert html == (
        f'<h1 id="t">T{PERMALINK.format("t")}</h1>\n<p>Intro.</p>\n'
        f'<h2 id="a">1. A{PERMALINK.format("a")}</h2>\n<p>Text.</p>\n'
        f'<h3 id="b">1.1 B{PERMALINK.format("b")}</h3>\n<p>More.</p>\n'
        f'<h2 id="c">2. C{PERMALINK.format("c")}</h2>\n<p>x</p>'
    )
    assert [(t["id"], [(c["id"], [g["id"] for g in c["children"]]) for c in t["children"]]) for t in toc] == [
        ("t", [("a", ["b"]), ("c", [])])
    ]


def test_each_conversion_starts_afresh():
    renderer = Renderer()
    assert renderer.html("## A\n\nx") == renderer.html("## A\n\nx")  # no "a_1" from the last one
    assert 'id="a"' in renderer.html("## A\n\nx")


def test_the_permalink_pattern_matches_only_the_permalink_at_a_headings_end():
    renderer = Renderer()
    pattern = renderer.permalink
    assert pattern is not None and pattern is renderer.permalink  # made once
    html = renderer.html("## 第一條 目的 {#第一條-目的}\n\n[x](#a){: .headerlink }")
    assert [m.group(0) for m in pattern.finditer(html)] == [PERMALINK.format("第一條-目的")]
    assert Renderer(("toc",), {}).permalink is None  # no permalinks configured


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("x" * 25_000, "not rendered, line 1 of the Markdown: this block of text is 25,"),
        ("a\n\n" + "[x](y) " * 100, "not rendered, line 3 of the Markdown: too complex to render: 100 links"),
    ],
)
def test_what_markdown_would_hang_on_is_refused_before_it_is_rendered(text, message):
    for convert in (Renderer().html, Renderer().convert):
        with pytest.raises(complexity.RefusedSource) as error:
            convert(text)
        assert str(error.value).startswith(message), str(error.value)


@pytest.mark.parametrize(
    ("source", "sectionable"),
    [
        ("## A {#a}\n\ntext with [a link](https://example.com/) and [an anchor](#a)", True),
        ("```\ncode\n```", False),
        ("~~~\ncode\n~~~", False),
        ("Title\n=====", False),  # an underlined heading
        ("<div>x</div>", False),
        ("text </b> more", False),
        ("[x]: https://example.com/", False),  # a reference used across parts
        ("[a](other.md)", False),  # a relative link MkDocs resolves
        ('<a href="x.md">', False),
        ("## end {#policysite-end-of-parts}", False),  # the sentinel itself
    ],
)
def test_what_may_be_converted_a_part_at_a_time(source, sectionable):
    assert render.sectionable(source) is sectionable


def test_a_body_is_cut_before_each_heading_below_the_title():
    assert render.cut_parts("# T\n\nintro\n\n## A\n\na\n\n### B\n\nb\n####### not\n") == [
        "# T\n\nintro\n\n",
        "## A\n\na\n\n",
        "### B\n\nb\n####### not\n",
    ]
    assert render.cut_parts("## A\nx") == ["", "## A\nx"]
    assert render.cut_parts("") == [""]


def test_top_headings_skip_those_inside_other_elements():
    html = '<h1>T</h1><div class="admonition"><h2>in</h2></div><h2 id="a">A</h2><br><img src=x/><h3>B</h3>'
    assert render.top_headings(html) == [0, 51, 84]
    assert render.top_headings(html, frozenset({"h3"})) == [84]


# ---------------------------------------------------------------- parts converted once


def test_parts_are_exactly_their_share_of_the_whole_conversion():
    renderer = Renderer()
    whole, _ = renderer.convert(HEAD + "".join(PARTS))
    found = Parts(renderer).convert(HEAD, PARTS)
    assert found is not None
    head, pieces = found
    assert head[0] + "\n".join(piece[0] for piece in pieces) == whole
    assert [(sorted(p[2]), [t["id"] for t in p[1]]) for p in [head, *pieces]] == [
        (["t"], ["t"]),
        (["a"], ["a"]),
        (["b"], ["b"]),
        (["c"], ["c"]),
    ]


def test_a_known_part_is_not_converted_again_and_old_ones_are_forgotten():
    parts = Parts(Renderer(), keep=1)
    first = parts.convert("", ["## A {#a}\n\nx\n"])
    again = parts.convert("", ["## A {#a}\n\nx\n"])
    assert first is not None and again is not None
    assert again[1][0] is first[1][0]  # the same piece, not a new conversion
    assert again[0] == ("", [], set())
    parts.convert("", ["## B {#b}\n\ny\n"])  # (keep=1: A was not asked for in the last conversion)
    converted = parts.convert("", ["## A {#a}\n\nx\n"])
    assert converted is not None and converted[1][0] == first[1][0] and converted[1][0] is not first[1][0]


def test_parts_are_not_vouched_for_without_own_ids_or_with_page_wide_extensions():
    assert Parts(Renderer()).convert(HEAD, ["## 2. C\n\nx\n"]) is None  # a made-up ID
    assert Parts(Renderer(("toc", "footnotes"))).convert(HEAD, PARTS) is None


def test_page_bodies_give_what_the_whole_conversion_gives():
    renderer = Renderer()
    body = HEAD + "".join(PARTS)
    assert PageBodies(Parts(renderer)).convert(body, body) == renderer.convert(body)


@pytest.mark.parametrize(
    "source",
    [
        HEAD + "".join(PARTS) + "\n# Second title\n",
        "```\nx\n```",
        "# T\n\n## Intro\n\nx\n\n## Intro {#intro}\n\ny\n",  # the head's made-up ID is a part's
    ],
)
def test_page_bodies_leave_to_mkdocs_what_they_cannot_vouch_for(source):
    assert PageBodies(Parts(Renderer())).convert(source, source) is None
