"""The source model: one file's bytes -> front matter + a tree of sections."""

from __future__ import annotations

import datetime as dt
import re

import markdown
import pytest
from seed import PROJECT, SECTION_IDS, policy_source

from policysite import blockscan, complexity, frontmatter, sources
from policysite.diagnostics import Severity
from policysite.render import Renderer


def parse(text: str | bytes, path: str = "en/privacy.md"):
    document, found = sources.parse(text, path)
    return document, found


def codes(found) -> list[str]:
    return [d.code for d in found]


def items(blocks) -> list[tuple[int, str, list]]:
    """A list tree as (line, text, children) tuples."""
    return [(item.line, item.text, items(item.lists)) for block in blocks for item in block.items]


# ---------------------------------------------------------------- front matter and version


def test_front_matter_title_version_and_date():
    document, found = parse(policy_source("Privacy Policy", "Intro."))
    assert found == []
    assert document.title == "Privacy Policy"
    assert document.version == "2019.12.19"
    assert document.date == dt.date(2019, 12, 19)
    assert document.meta["title"] == "Privacy Policy"
    assert document.body_line == 5  # the line after the closing '---'
    assert document.policy == "privacy" and document.lang == "en"


def test_version_is_kept_as_written_even_when_yaml_would_read_a_number():
    document, found = parse("---\ntitle: T\nversion: 2019.12.19\nsummary: 1.5\n---\n")
    assert found == []
    assert document.version == "2019.12.19"
    assert document.meta["summary"] == "1.5"


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2019.12.19", dt.date(2019, 12, 19)),
        ("2020.02.29", dt.date(2020, 2, 29)),  # a leap day
        (" 2019.01.01 ", dt.date(2019, 1, 1)),
        ("2019.02.30", None),  # not a real date
        ("2019.02.29", None),  # 2019 is not a leap year
        ("2019.13.01", None),
        ("2019.00.10", None),
        ("0000.01.01", None),
        ("2019-12-19", None),
        ("2019.1.2", None),
        ("19.12.2019", None),
        ("2019.12.19x", None),
        ("", None),
        (20191219, None),
        (None, None),
        (["2019.12.19"], None),
    ],
)
def test_parse_version(value, expected):
    assert frontmatter.parse_version(value) == expected


@pytest.mark.parametrize(
    "value", ["2019.02.30", "2019-12-19", "2019.13.01", "soon", "[2019.12.19]", "{a: b}"]
)
def test_an_impossible_or_misspelled_version_is_version_invalid(value):
    document, found = parse(f"---\ntitle: T\nversion: {value}\n---\n\n# T\n")
    assert document is not None
    [finding] = found
    assert (finding.code, finding.file, finding.line, finding.severity) == (
        "version.invalid",
        "en/privacy.md",
        3,
        Severity.ERROR,
    )
    assert document.date is None


def test_missing_title_and_version_point_at_the_front_matter():
    document, found = parse("---\nsummary: x\n---\n\n# T\n")
    assert document is not None
    assert [(d.code, d.line) for d in found] == [("front-matter.title", 3), ("front-matter.version", 3)]
    assert document.title is None and document.version is None


@pytest.mark.parametrize("title", ["[a, b]", "{a: b}", "!!python/object/apply:os.system ['true']"])
def test_a_title_that_is_not_text_is_front_matter_title(title):
    _, found = parse(f"---\ntitle: {title}\nversion: 2019.12.19\n---\n")
    assert [(d.code, d.line) for d in found] == [("front-matter.title", 2)]


def test_empty_values_count_as_missing():
    _, found = parse("---\ntitle: ''\nversion:\n---\n")
    assert [(d.code, d.line) for d in found] == [("front-matter.title", 2), ("front-matter.version", 3)]


@pytest.mark.parametrize(
    "text, code, line",
    [
        ("# Title\n\nNo front matter.\n", "front-matter.missing", 1),
        ("\n---\ntitle: T\nversion: 2019.12.19\n---\n", "front-matter.missing", 1),
        ("---\ntitle: T\nversion: 2019.12.19\n\n# Title\n", "front-matter.unclosed", 1),
        ("---", "front-matter.unclosed", 1),
        ("", "front-matter.missing", 1),
    ],
)
def test_a_file_without_usable_front_matter_is_not_modelled(text, code, line):
    document, found = parse(text)
    assert document is None
    assert [(d.code, d.line, d.file) for d in found] == [(code, line, "en/privacy.md")]


@pytest.mark.parametrize(
    "front, line",
    [
        ("title: [unclosed\nversion: 2019.12.19", 3),
        ("title: T\n  version: 2019.12.19", 3),
        ("- a list\n- not a mapping", 2),
        ("just a string", 2),
        ("42", 2),
        ("~", 2),
        ("!!python/object/apply:os.system ['true']", 2),
        ("a: &x [*x]", 2),
        ("title: T\ntitle: T\0", 3),
        ("[" * 2000, 2),
        ("a: " + "{a: " * 2000, 2),
    ],
)
def test_front_matter_that_is_not_a_yaml_mapping_is_front_matter_invalid(front, line):
    document, found = parse(f"---\n{front}\n---\n\n# T\n")
    assert document is not None  # the body is still modelled
    # (a NUL is also a control character: source.control names its line too)
    controls = [("source.control", line)] if "\0" in front else []
    assert [(d.code, d.line) for d in found] == [*controls, ("front-matter.invalid", line)]


# ---------------------------------------------------------------- encoding


def test_bom_is_removed_with_a_warning():
    clean = policy_source("T", "## A {#a}\n\nText.\n")
    document, found = parse(b"\xef\xbb\xbf" + clean.encode())
    [warning] = found
    assert (warning.code, warning.line, warning.severity) == ("source.bom", 1, Severity.WARNING)
    assert document.text == clean
    assert [s.id for s in document.sections] == ["a"]


def test_crlf_is_normalized_with_a_warning_and_same_line_numbers():
    clean = policy_source("T", "## A {#a}\n\n1. one\n2. two\n")
    document, found = parse(clean.replace("\n", "\r\n").encode())
    [warning] = found
    assert (warning.code, warning.line, warning.severity) == ("source.crlf", 1, Severity.WARNING)
    assert "\r" not in document.text
    reference, _ = parse(clean)
    assert [(s.id, s.line) for s in document.sections] == [(s.id, s.line) for s in reference.sections]
    assert items(document.section("a").lists) == items(reference.section("a").lists)


def test_crlf_warning_names_the_first_line_that_has_one():
    text = policy_source("T", "Intro.\n").replace("Intro.\n", "Intro.\r\n")
    _, found = parse(text)
    assert [(d.code, d.line) for d in found] == [("source.crlf", 8)]


def test_bom_and_crlf_together_and_lone_cr():
    _, found = parse(b"\xef\xbb\xbf---\r\ntitle: T\r\nversion: 2019.12.19\r\n---\r\n")
    assert codes(found) == ["source.bom", "source.crlf"]
    document, found = parse(b"---\rtitle: T\rversion: 2019.12.19\r---\r")
    assert codes(found) == ["source.crlf"]
    assert document.title == "T"


@pytest.mark.parametrize(
    "data, line",
    [
        (b"---\ntitle: T\nversion: 2019.12.19\n---\n\nbad \xff byte\n", 6),
        ("---\ntitle: caf\u00e9\n---\n".encode("latin-1"), 2),
        ("---\ntitle: T\n---\n".encode("utf-16"), 1),
        (b"\xef\xbb\xbf\xc3", 1),
    ],
)
def test_a_file_that_is_not_utf8_is_source_encoding(data, line):
    document, found = parse(data)
    assert document is None
    encoding = [d for d in found if d.code == "source.encoding"]
    assert [(d.line, d.severity) for d in encoding] == [(line, Severity.ERROR)]


def test_text_with_lone_surrogates_is_an_encoding_problem_not_a_crash():
    document, found = parse("---\ntitle: \udc80\n---\n")
    assert document is None and codes(found) == ["source.encoding"]


# ---------------------------------------------------------------- sections


def test_sections_tree_levels_ids_titles_and_lines():
    text = policy_source(
        "T",
        """
        Intro.

        ## 1. General {#general}

        Text.

        ### 1.1 Scope {: #scope }

        #### 1.1.1 Detail {: #detail .note }

        ### 1.2 Other {#other}

        ## 2. Next {#next}
    """,
    )
    document, found = parse(text)
    assert found == []
    assert [(s.level, s.id, s.title, s.line) for s in document.sections] == [
        (2, "general", "1. General", 10),
        (3, "scope", "1.1 Scope", 14),
        (4, "detail", "1.1.1 Detail", 16),
        (3, "other", "1.2 Other", 18),
        (2, "next", "2. Next", 20),
    ]
    general = document.section("general")
    assert [c.id for c in general.children] == ["scope", "other"]
    assert [c.id for c in general.children[0].children] == ["detail"]
    assert [c.id for c in document.root.children] == ["general", "next"]
    assert document.root.level == 1 and document.root.id is None and document.root.title == "T"
    assert document.root.paragraphs == [8]
    assert document.ids == {"general", "scope", "detail", "other", "next"}
    assert general.text == "Text."  # its own body, without its subsections


@pytest.mark.parametrize(
    "heading, expected",
    [
        ("## General {#general}", ("General", "general")),
        ("## General {: #general }", ("General", "general")),
        ("## General {:#general}", ("General", "general")),
        ("## General { #general }", ("General", "general")),
        ("## General {: .intro #general lang=en }", ("General", "general")),
        ("## General {#general} ##", ("General", "general")),
        ("##General {#general}", ("General", "general")),  # Python-Markdown needs no space
        ("## 4.2 Use {: #collection-usage }", ("4.2 Use", "collection-usage")),
        ("## 第一條 總則 {#general}", ("第一條 總則", "general")),
    ],
)
def test_both_attr_list_forms_give_the_section_id(heading, expected):
    document, found = parse(policy_source("T", heading))
    assert found == []
    [section] = document.sections
    assert (section.title, section.id) == expected
    # ...and Python-Markdown (as MkDocs configures it) renders that same ID
    html = markdown.markdown(heading, extensions=["attr_list", "toc"])
    assert f'id="{expected[1]}"' in html


def test_setext_headings_are_sections_too():
    document, found = parse(policy_source("T", "Para.\n\nScope {#scope}\n---\n\nText.\n"))
    assert found == []
    assert [(s.level, s.id, s.line) for s in document.sections] == [(2, "scope", 10)]
    assert document.section("scope").paragraphs == [13]
    assert document.root.paragraphs == [8]


def test_a_line_indented_before_the_hashes_is_not_a_heading():
    document, _ = parse(policy_source("T", "Intro.") + "\n ## Not a heading {#x}\n")
    assert document.sections == []  # Python-Markdown renders it as a paragraph
    assert document.root.paragraphs == [8, 10]


def test_headings_inside_fenced_code_are_not_sections():
    document, found = parse(policy_source("T", "## A {#a}\n\n```\n## not a heading\n```\n"))
    assert found == []
    assert [s.id for s in document.sections] == ["a"]


# ---------------------------------------------------------------- structure


def test_paragraphs_lists_nested_lists_and_tables():
    text = policy_source(
        "T",
        """
        ## A {#a}

        First paragraph,
        still the first.

        1. one
        2. two
            - two-a
              continued
            - two-b
                - deep
        3. three

        Second paragraph.

        | Kind | Example |
        | ---- | ------- |
        | C001 | name |
        | C002 | id |

        Kind | Example
        -----|--------
        C003 | age

        - bullet
    """,
    )
    document, found = parse(text)
    assert found == []
    section = document.section("a")
    assert section.paragraphs == [10, 21]
    assert items(section.lists[:1]) == [
        (13, "one", []),
        (14, "two", [(15, "two-a", []), (17, "two-b", [(18, "deep", [])])]),
        (19, "three", []),
    ]
    assert section.lists[0].ordered and not section.lists[0].items[1].lists[0].ordered
    assert len(section.lists) == 2 and section.list_items == 4
    assert [(t.line, t.rows) for t in section.tables] == [(23, 2), (28, 1)]


@pytest.mark.parametrize(
    "body, list_items, paragraphs, tables",
    [
        # a list must start a block: right after a paragraph line it is paragraph text
        ("Intro:\n- a\n- b", 0, 1, 0),
        ("Intro:\n\n- a\n- b", 2, 1, 0),
        # '1)' is not a list marker for Python-Markdown
        ("1) a\n2) b", 0, 1, 0),
        # lazy continuation of a list item
        ("- a\nlazy\n- b", 2, 0, 0),
        # after a blank line, only text indented 4 spaces stays in the list
        ("- a\n\n  b", 1, 1, 0),
        ("- a\n\n    b", 1, 0, 0),
        # a horizontal rule is not text
        ("Para.\n\n---\n\nPara.", 0, 2, 0),
        ("* * *", 0, 0, 0),
        # reference definitions render nothing
        ("[home]: index.md\n\nText.", 0, 1, 0),
        # a table needs its separator row, and must start a block
        ("| a | b |\n| 1 | 2 |", 0, 1, 0),
        ("Text\n| a | b |\n|---|---|", 0, 1, 0),
        ("| a |\n|---|\n| 1 |", 0, 0, 1),
        ("a | b\n--|--\n1 | 2", 0, 0, 1),
        # code blocks read as one block of text
        ("```\n- not\n- items\n```", 0, 1, 0),
        ("Para.\n\n    - indented code\n    - not a list", 0, 2, 0),
    ],
)
def test_structure_follows_python_markdown(body, list_items, paragraphs, tables):
    document, _ = parse(policy_source("T", "## A {#a}\n\n" + body))
    section = document.section("a")
    total = sum(1 for _ in _walk_items(section.lists))
    assert (total, len(section.paragraphs), len(section.tables)) == (list_items, paragraphs, tables)
    if "```" not in body:
        html = markdown.markdown(body, extensions=["attr_list", "tables", "toc", "admonition", "md_in_html"])
        assert (html.count("<li>"), html.count("<table>")) == (list_items, tables), html


def _walk_items(blocks):
    for block in blocks:
        for item in block.items:
            yield item
            yield from _walk_items(item.lists)


def test_list_nesting_is_capped_instead_of_recursing_forever():
    body = "".join(" " * (4 * depth) + "- x\n" for depth in range(300))
    document, _ = parse(policy_source("T", "## A {#a}\n\n" + body))
    depth, blocks = 0, document.section("a").lists
    while blocks:
        depth += 1
        blocks = blocks[-1].items[-1].lists
    assert depth == blockscan.MAX_LIST_DEPTH
    assert sum(1 for _ in _walk_items(document.section("a").lists)) == 300


# ---------------------------------------------------------------- links


def test_links_in_page_cross_policy_and_references_with_lines_and_sections():
    text = policy_source(
        "T",
        """
        See [general](#general) and [terms](terms.md#fees "Fees").

        ## General {#general}

        ![logo](logo.png) and [Chinese](../zh-TW/privacy.md) and <https://example.com>.
        Code is not a link: `[x](#nowhere)`.

        ```
        [y](#nowhere)
        ```

        [ref]: other.md#section
    """,
    )
    document, found = parse(text)
    assert found == []
    assert [(link.line, link.target, link.section) for link in document.links] == [
        (8, "#general", None),
        (8, "terms.md#fees", None),
        (12, "logo.png", "general"),
        (12, "../zh-TW/privacy.md", "general"),
        (19, "other.md#section", "general"),
    ]


# ---------------------------------------------------------------- refused before rendering

# What Python-Markdown takes quadratic time on or recurses on, just beyond each limit, as one
# paragraph of section 'a' (line 10 of the file); and the same just within the limit.
LIMIT = complexity
TOO_COMPLEX = {
    "unclosed-tags": (
        lambda k: "<a " * k,
        LIMIT.MAX_UNCLOSED_TAGS,
        "HTML tags opened ('<a') and never closed",
    ),
    "links": (lambda k: "[a](b) " * k, LIMIT.MAX_LINKS, "links, images or references in this paragraph"),
    "emphasis": (lambda k: "*a " * k, LIMIT.MAX_EMPHASIS, "runs of '*' or '_' in this paragraph"),
    "code-spans": (
        lambda k: "`" + "` `" * (k - 1) + "`",
        LIMIT.MAX_CODE_SPANS,
        "runs of backticks on this line",
    ),
    "braces": (lambda k: "{" * k, LIMIT.MAX_BRACES, "'{' on this line"),
    "nesting": (lambda k: "- " * k + "a", LIMIT.MAX_NESTING, "levels of lists, quotes and indentation"),
    "markdown-blocks": (
        lambda k: '<div markdown="1"></div>' * k,
        LIMIT.MAX_MARKDOWN_BLOCKS,
        "HTML elements with a 'markdown' attribute",
    ),
    "unclosed-fences": (
        lambda k: "```x\n" * k,
        LIMIT.MAX_UNCLOSED_FENCES,
        "code fences opened and never closed",
    ),
    "fence-line": (lambda k: "```" + " " * (k - 4) + "x", LIMIT.MAX_FENCE_LINE, "characters on this line"),
}


def _complex(make, count: int) -> str:
    return policy_source("T", "## A {#a}\n\n" + make(count).replace("\n", "\n").strip("\n"))


@pytest.mark.parametrize("make, limit, what", list(TOO_COMPLEX.values()), ids=list(TOO_COMPLEX))
def test_a_construct_beyond_its_limit_is_refused_and_never_rendered(make, limit, what):
    text = _complex(make, limit + 1)
    document, found = parse(text)
    refused = [d for d in found if d.code == "source.too-complex"]
    assert len(refused) == 1, [d.text() for d in found]
    assert (refused[0].line, refused[0].section, refused[0].is_error) == (10, "a", True)
    assert f"too complex to render: {limit + 1:,} {what}" in refused[0].message
    assert f"(at most {limit:,})" in refused[0].message
    # Checked, but never rendered, and never published: history reads it as undated.
    assert document.refused and document.version == "2019.12.19"
    assert document.header.version is None and document.header.date is None
    assert sources.read_header(text.encode(), "en/privacy.md") is None
    assert complexity.oversized_blocks(text.split("\n"), document.body_line - 1)
    with pytest.raises(complexity.RefusedSource, match="not rendered, line 6 of the Markdown"):
        Renderer().html(document.body)


@pytest.mark.parametrize("make, limit, what", list(TOO_COMPLEX.values()), ids=list(TOO_COMPLEX))
def test_a_construct_at_its_limit_is_rendered(make, limit, what):
    text = _complex(make, limit)
    document, found = parse(text)
    assert "source.too-complex" not in codes(found)
    assert not document.refused and document.header.version == "2019.12.19"
    assert sources.read_header(text.encode(), "en/privacy.md").version == "2019.12.19"
    Renderer().html(document.body)


def test_what_markdown_reads_apart_counts_apart():
    """Code blocks are stored away before Markdown parses; list items, table cells and paragraphs
    are read one at a time: the limits hold for each, not for the file."""
    fenced = "```html\n" + "<a " * 100 + "\n" + "[a](b) " * 100 + "\n```"
    items = "\n".join(f"- [item {i}](https://example.com/{i}) *a* *b*" for i in range(200))
    rows = "| a | b |\n|---|---|\n" + "\n".join("| [x](y) " * 2 + "|" for _ in range(200))
    paragraphs = "\n\n".join("[x](y) " * 60 for _ in range(10))
    document, found = parse(policy_source("T", "\n\n".join(["## A {#a}", fenced, items, rows, paragraphs])))
    assert not document.refused, [d.text() for d in found]


def test_a_long_block_is_refused_as_too_long():
    text = policy_source("T", "## A {#a}\n\n" + "word " * 5000)
    document, found = parse(text)
    assert codes(found) == ["source.too-long"] and document.refused
    assert sources.read_header(text.encode(), "en/privacy.md") is None


def test_the_real_policy_is_far_below_every_limit():
    for lang in ("en", "zh-TW"):
        lines = (PROJECT / lang / "privacy.md").read_text(encoding="utf-8").split("\n")
        assert complexity.refusals(lines, 5) == []
        heaviest = complexity.heaviest_construct(lines, 5)
        assert heaviest is not None and "(at most " in heaviest and " on line " in heaviest


def test_a_parse_over_its_time_budget_is_refused_naming_the_file(monkeypatch):
    monkeypatch.setattr(complexity, "ANALYSIS_BUDGET_SECONDS", -1.0)
    document, found = parse(policy_source("T", "## A {#a}\n\n" + "[a](b) " * 10), "zh-TW/privacy.md")
    (slow,) = [d for d in found if d.code == "source.too-slow"]
    assert slow.is_error and (slow.file, slow.line) == ("zh-TW/privacy.md", 1)
    assert "reading this file took" in slow.message
    assert "its most complex construct: 10 links, images or references in this paragraph" in slow.message
    assert document.refused
    monkeypatch.setattr(complexity, "ANALYSIS_BUDGET_SECONDS", 5.0)
    assert complexity.over_budget(document, 4.9, "rendering") == []
    (late,) = complexity.over_budget(document, 6.0, "rendering")
    assert late.code == "source.too-slow" and "rendering this file took 6.0 s of CPU" in late.message


# ---------------------------------------------------------------- the real policy


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_the_real_privacy_policy(lang):
    path = PROJECT / lang / "privacy.md"
    document, found = sources.parse(path.read_bytes(), f"{lang}/privacy.md")
    assert found == []
    assert document.version == "2019.12.19" and document.date == dt.date(2019, 12, 19)
    assert document.title == {"en": "Privacy Policy", "zh-TW": "隱私權政策"}[lang]
    assert [s.id for s in document.sections] == SECTION_IDS
    assert {s.level for s in document.sections} == {2}
    # every heading line is where the model says it is
    lines = document.text.split("\n")
    for section in document.sections:
        assert re.search(r"\{#" + re.escape(section.id) + r"\}", lines[section.line - 1])
    channels = document.section("collection-channels")
    [block] = channels.lists
    assert [item.line for item in block.items] == [53, 54]
    second = block.items[1]
    [sub] = second.lists
    assert [item.line for item in sub.items] == [55, 57, 62, 64, 66]
    log_information = sub.items[1]  # item 2.2
    assert log_information.label.startswith({"en": "Log information", "zh-TW": "記錄資訊"}[lang])
    [nested] = log_information.lists
    assert [item.line for item in nested.items] == [59, 60, 61]
    assert all(not item.lists for item in nested.items)


def test_english_and_chinese_have_the_same_shape():
    en, _ = sources.parse((PROJECT / "en/privacy.md").read_bytes(), "en/privacy.md")
    zh, _ = sources.parse((PROJECT / "zh-TW/privacy.md").read_bytes(), "zh-TW/privacy.md")

    def shape(document):
        return [
            (s.level, s.id, len(s.paragraphs), len(s.tables), _tree_shape(s.lists))
            for s in document.root.walk()
        ]

    assert shape(en) == shape(zh)


def _tree_shape(blocks):
    return [[_tree_shape(item.lists) for item in block.items] for block in blocks]


def test_the_model_matches_python_markdown_on_the_real_policy():
    """IDs, list items and tables as MkDocs' Markdown renders them."""
    for lang in ("en", "zh-TW"):
        text = (PROJECT / lang / "privacy.md").read_text(encoding="utf-8")
        document, _ = sources.parse(text, f"{lang}/privacy.md")
        body = "\n".join(text.split("\n")[document.body_line - 1 :])
        html = markdown.markdown(body, extensions=["attr_list", "tables", "toc", "admonition", "md_in_html"])
        assert re.findall(r'<h[2-4] id="([^"]+)"', html) == [s.id for s in document.sections]
        model_items = sum(1 for s in document.root.walk() for _ in _walk_items(s.lists))
        assert html.count("<li>") == model_items


def test_read_from_disk_and_an_unreadable_path(tmp_path):
    path = tmp_path / "privacy.md"
    path.write_bytes(policy_source("T", "## A {#a}").encode())
    document, found = sources.read(path, "en/privacy.md")
    assert found == [] and document.ids == {"a"} and document.lang == "en"
    document, found = sources.read(tmp_path, "en/folder.md")
    assert document is None
    assert [(d.code, d.file, d.line) for d in found] == [("source.unreadable", "en/folder.md", 1)]
