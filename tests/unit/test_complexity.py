"""What is never rendered (policysite.complexity), in process: blocks too long, constructs beyond
their limits (each at its first place, counted where Markdown counts them), the most complex
construct named, and the CPU budget."""

import pytest

from policysite import complexity, sources
from policysite.complexity import (
    MAX_BLOCK_CHARS,
    heaviest_construct,
    over_budget,
    oversized_blocks,
    refusals,
    refused_text,
)

FRONT = ["---", "title: T", "version: 2019.12.19", "---"]


def refused(body: list[str]) -> list[tuple[int, str, str]]:
    return [(r.line, r.code, r.message) for r in refusals(FRONT + body, len(FRONT))]


def test_a_policy_like_body_is_refused_for_nothing():
    body = [
        "# T",
        "",
        "## A {#a}",
        "",
        "Text with [a link](x.md) and *emphasis*.",
        "",
        "- item",
        "    - nested",
    ]
    assert refused(body) == []
    assert oversized_blocks(FRONT + body, len(FRONT)) == []


def test_a_block_longer_than_the_limit_is_refused_at_its_first_line():
    long_line = "word " * (MAX_BLOCK_CHARS // 5 + 1)
    [(line, code, message)] = refused(["short", "", long_line, "still the same block"])
    assert (line, code) == (7, "source.too-long")
    assert f"(at most {MAX_BLOCK_CHARS:,})" in message
    size = len(long_line) + 1 + len("still the same block") + 1
    assert oversized_blocks(FRONT + ["short", "", long_line, "still the same block"], 4) == [(7, size)]


def test_the_front_matter_is_not_a_block_of_the_body():
    lines = ["---", "summary: " + "x" * (MAX_BLOCK_CHARS + 10), "---", "text"]
    assert refusals(lines, 3) == [] and refusals(lines, 0) != []


@pytest.mark.parametrize(
    "body, count, what",
    [
        (["[a](b) " * 65], 65, "links, images or references in this paragraph"),
        (["{" * 65], 65, "'{' on this line"),
        (["- " * 33 + "a"], 33, "levels of lists, quotes and indentation on this line"),
        (["<a " * 33], 33, "HTML tags opened ('<a') and never closed with '>' in the file"),
        (["```x"] * 17, 17, "code fences opened and never closed in the file"),
    ],
)
def test_a_construct_beyond_its_limit_is_refused_at_its_first_place(body, count, what):
    [(line, code, message)] = refused(["text", ""] + body)
    assert (line, code) == (7, "source.too-complex")
    assert message.startswith(f"too complex to render: {count:,} {what} (at most ")


def test_what_markdown_reads_apart_counts_apart():
    paragraphs = []
    for _ in range(5):
        paragraphs += ["[a](b) " * 60, ""]
    items = [f"- [item](x{index}.md) *a*" for index in range(100)]
    fenced = ["```html", "<a " * 100, "{" * 100, "```"]
    assert refused(paragraphs + items + [""] + fenced) == []


def test_code_spans_hide_their_braces_and_links():
    assert refused(["`" + "{" * 100 + "[a](b)" * 100 + "`"]) == []


def test_refused_text_reads_the_body_as_parse_does():
    text = "\n".join(FRONT + ["", "{" * 65])
    assert refused_text(text, len(FRONT))
    assert not refused_text("\n".join(FRONT + ["", "{" * 64]), len(FRONT))
    # A full-width brace is read as the brace the editor meant (see policysite.lookalike).
    assert refused_text("\n".join(FRONT + ["", "## A " + "{" * 64 + "｛#a}"]), len(FRONT))


def test_the_heaviest_construct_is_named_with_its_line():
    lines = FRONT + ["", "[a](b) " * 10, "", "{" * 3]
    heaviest = heaviest_construct(lines, len(FRONT))
    assert heaviest == "10 links, images or references in this paragraph (at most 64) on line 6"
    assert heaviest_construct(FRONT + ["", "plain"], len(FRONT)) is None


def test_over_budget_names_the_file_the_stage_and_the_heaviest_construct():
    text = "\n".join(FRONT + ["", "# T", "", "[a](b) and [c](d)", ""])
    document, _ = sources.parse(text, "zh-TW/privacy.md")
    assert over_budget(document, complexity.ANALYSIS_BUDGET_SECONDS, "rendering") == []
    [late] = over_budget(document, complexity.ANALYSIS_BUDGET_SECONDS + 1.5, "rendering")
    assert (late.code, late.file, late.line, late.is_error) == (
        "source.too-slow",
        "zh-TW/privacy.md",
        1,
        True,
    )
    assert late.message.startswith("rendering this file took 6.5 s of CPU (the budget is 5 s per file)")
    assert "its most complex construct: 2 links, images or references in this paragraph" in late.message
