"""The source model (policysite.sources): ``parse`` end to end on small inputs (front matter, the
section tree with its paragraphs, lists, tables, links and anchors, the document's properties), every
finding about headings and IDs with its line, what cannot be modelled at all, merge-conflict markers,
what is too long to render (refused, never published), ``read_header`` and ``read``."""

from __future__ import annotations

import datetime as dt

import pytest

from policysite import sources
from policysite.complexity import MAX_BLOCK_CHARS
from policysite.linkscan import Anchor, Link
from policysite.sources import Header

POLICY = """---
title: Privacy Policy
version: 2020.01.02
summary: "  Two  lines. "
aliases: {old-general: general}
---

# Privacy Policy

Intro with a [link](terms.md#use) and <a id="top"></a>.

## 1. General {#general}

First paragraph.

Second paragraph.

- one
- two
    - nested

### 1.1 Detail {#detail}

| a | b |
|---|---|
| 1 | 2 |

## 2. Contact {#contact}

Write to [us](mailto:x@example.com).
"""


def codes(found) -> list[tuple[int, str, str | None]]:
    return [(d.line, d.code, d.section) for d in found]


@pytest.fixture(scope="module")
def document() -> sources.Document:
    parsed, found = sources.parse(POLICY, "zh-TW/privacy.md")
    assert found == []
    assert parsed is not None
    return parsed


def test_the_front_matter(document):
    assert (document.path, document.policy, document.lang) == ("zh-TW/privacy.md", "privacy", "zh-TW")
    assert (document.title, document.version, document.date) == (
        "Privacy Policy",
        "2020.01.02",
        dt.date(2020, 1, 2),
    )
    assert document.meta["aliases"] == {"old-general": "general"}
    assert document.summary == "Two  lines."
    assert document.alias_ids == {"old-general"}
    assert document.header == Header("Privacy Policy", "2020.01.02", dt.date(2020, 1, 2), "Two  lines.")
    assert (document.meta_line("title"), document.meta_line("version"), document.meta_line("none")) == (
        2,
        3,
        1,
    )
    assert document.body_line == 7
    assert document.body == POLICY.split("---\n", 2)[2]
    assert not document.conflicted and not document.refused


def test_the_section_tree(document):
    shape = [(s.level, s.id, s.title, s.line) for s in document.root.walk()]
    assert shape == [
        (1, None, "Privacy Policy", 7),
        (2, "general", "1. General", 12),
        (3, "detail", "1.1 Detail", 22),
        (2, "contact", "2. Contact", 28),
    ]
    general, detail, contact = document.sections
    assert [s.id for s in document.root.children] == ["general", "contact"]
    assert general.children == [detail]
    assert document.root.text == 'Intro with a [link](terms.md#use) and <a id="top"></a>.'  # (no title line)
    assert general.text == "First paragraph.\n\nSecond paragraph.\n\n- one\n- two\n    - nested"
    assert (general.paragraphs, len(general.lists), general.list_items, general.tables) == (
        [14, 16],
        1,
        2,
        [],
    )
    assert (detail.paragraphs, detail.lists, len(detail.tables)) == ([], [], 1)
    assert contact.paragraphs == [30]
    assert document.section("detail") is detail and document.section("nope") is None
    assert document.ids == {"general", "detail", "contact"}


def test_links_and_anchors(document):
    assert document.links == [
        Link(line=10, target="terms.md#use", section=None),
        Link(line=30, target="mailto:x@example.com", section="contact"),
    ]
    assert document.anchors == [
        Anchor("general", 12, "general", "section"),
        Anchor("detail", 22, "detail", "section"),
        Anchor("contact", 28, "contact", "section"),
        Anchor("top", 10, None, "html"),
    ]
    assert document.anchor_ids == {"general", "detail", "contact", "top"}


def test_bytes_text_and_the_path():
    as_bytes, _ = sources.parse(POLICY.encode(), "x/privacy.md", policy="terms", lang="en")
    assert as_bytes is not None and (as_bytes.policy, as_bytes.lang) == ("terms", "en")
    windows, _ = sources.parse(POLICY, "zh-TW\\security\\access.md")
    assert windows is not None and (windows.policy, windows.lang) == ("access", "security")
    bare, _ = sources.parse(POLICY, "privacy.md")
    assert bare is not None and (bare.policy, bare.lang) == ("privacy", "")


def test_a_bom_and_crlf_are_normalized_with_a_warning():
    parsed, found = sources.parse(b"\xef\xbb\xbf" + POLICY.replace("\n", "\r\n").encode(), "en/privacy.md")
    assert parsed is not None and parsed.text == POLICY
    assert [d.code for d in found] == ["source.bom", "source.crlf"]
    assert {d.severity.value for d in found} == {"warning"}


def test_headings_and_ids_are_checked_where_they_are():
    text = (
        "---\ntitle: T\nversion: 2020.01.01\n---\n# T\n\n# Again\n\n## No id\n\n## Bad {#Bad}\n\n"
        '## A {#a}\n\n## A2 {#a}\n\n<span id="a"></span>\n\n## Attrs {.wide}\n\n```\nnever closed\n'
    )
    parsed, found = sources.parse(text, "en/p.md")
    assert parsed is not None
    assert codes(found) == [
        (7, "heading.title", None),
        (9, "heading.no-id", None),
        (11, "heading.bad-id", "Bad"),
        (15, "heading.duplicate-id", "a"),
        (19, "heading.no-id", None),
        (21, "source.fence", None),
        (17, "anchor.duplicate", "a"),
    ]
    messages = {d.line: d.message for d in found}
    assert messages[9] == "heading 'No id' has no section ID: add an ID in attr_list form, e.g. '{#general}'"
    assert messages[19] == "heading 'Attrs' has no section ID: the attribute list has no '#id'"
    assert messages[11] == (
        "section ID 'Bad' is not valid: 'B' is a capital letter; a section ID is lowercase letters, digits, "
        "'-' and '_' of any script, starting with a letter, a digit or '_'"
    )
    assert messages[15] == "section ID 'a' is already used on line 13"
    assert messages[17] == "the ID 'a' is already defined on line 13; every ID on a page must be unique"
    assert [s.id for s in parsed.sections] == [None, "Bad", "a", "a", None]  # (kept as written)


@pytest.mark.parametrize(
    ("data", "line", "code"),
    [
        (b"---\ntitle: \xff\n---\n", 2, "source.encoding"),
        (b"no front matter\n", 1, "front-matter.missing"),
        (b"---\ntitle: x\n", 1, "front-matter.unclosed"),
    ],
)
def test_what_cannot_be_modelled_at_all(data, line, code):
    parsed, found = sources.parse(data, "en/p.md")
    assert parsed is None
    assert [(d.line, d.code, d.severity.value) for d in found] == [(line, code, "error")]
    assert sources.read_header(data, "en/p.md") is None


def test_invalid_front_matter_is_a_document_without_a_header():
    data = b"---\n: [\n---\n# x\n"
    parsed, found = sources.parse(data, "en/p.md")
    assert parsed is not None and (parsed.title, parsed.version) == (None, None)
    assert codes(found) == [(2, "front-matter.invalid", None)]
    assert sources.read_header(data, "en/p.md") == Header(None, None, None, None)


def test_conflict_markers_mark_the_document():
    text = "---\ntitle: T\nversion: 2020.01.01\n---\n\n## A {#a}\n\n<<<<<<< HEAD\nA\n=======\nB\n>>>>>>> x\n"
    parsed, found = sources.parse(text, "en/p.md")
    assert parsed is not None and parsed.conflicted
    assert codes(found) == [
        (8, "source.conflict", "a"),
        (10, "source.conflict", "a"),
        (12, "source.conflict", "a"),
    ]


def test_a_source_too_long_to_render_is_refused():
    text = (
        "---\ntitle: T\nversion: 2020.01.01\n---\n\n## A {#a}\n\n" + "word " * (MAX_BLOCK_CHARS // 4) + "\n"
    )
    parsed, found = sources.parse(text, "en/p.md")
    assert parsed is not None and parsed.refused
    assert codes(found) == [(8, "source.too-long", "a")]
    assert parsed.header == Header("T", None, None, None)  # (history publishes no version of it)
    assert sources.read_header(text.encode(), "en/p.md") is None


def test_read_header_reads_the_front_matter_alone():
    assert sources.read_header(POLICY.encode(), "en/privacy.md") == Header(
        "Privacy Policy", "2020.01.02", dt.date(2020, 1, 2), "Two  lines."
    )
    undated = b"---\ntitle: T\n---\n# T\n"
    assert sources.read_header(undated, "en/p.md") == Header("T", None, None, None)


def test_read_a_file(tmp_path):
    (tmp_path / "privacy.md").write_text(POLICY, encoding="utf-8")
    parsed, found = sources.read(tmp_path / "privacy.md", "en/privacy.md")
    assert found == [] and parsed is not None and (parsed.path, parsed.lang) == ("en/privacy.md", "en")
    parsed, found = sources.read(tmp_path / "missing.md", "en/missing.md")
    assert parsed is None
    assert [d.text() for d in found] == [
        "en/missing.md:1: error: [source.unreadable] cannot read file: No such file or directory"
    ]
