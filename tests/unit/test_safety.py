"""The ``html.unsafe`` rule (policysite.safety), in process on parsed sources: every removal the
sanitizer would make is a finding at its own line and section, with its severity."""

from __future__ import annotations

import time

from policysite import safety, sources
from policysite.diagnostics import Diagnostic
from policysite.render import Renderer


def document(body: str, path: str = "en/p.md") -> sources.Document:
    text = f"---\ntitle: P\nversion: 2020.01.01\n---\n\n# P\n\n{body}\n"
    parsed, _ = sources.parse(text.encode(), path)
    assert parsed is not None
    return parsed


def found(body: str) -> list[tuple[int, str, str, str | None]]:
    return [(d.line, d.severity.value, d.code, d.section) for d in safety.check(document(body))]


BODY = """\
Intro <span onclick="x()">here</span>.

## 1. A {#a}

Fine text.

<p class="evil">styled</p>

Plain.

<img src="https://tracker.example/p.png">

## 2. B <script>alert(1)</script> {#b}

[x](&#106;avascript:alert(1))

<p lang="123">t</p> and <p lang="123">u</p>

<div class="policy-notice">fake</div>"""


def test_each_removal_is_a_finding_at_its_line_in_its_section():
    assert found(BODY) == [
        (8, "error", "html.unsafe", None),  # the intro: no section ID
        (14, "warning", "html.class", "a"),
        (18, "error", "html.unsafe", "a"),
        (20, "error", "html.unsafe", "b"),  # in the heading itself
        (22, "error", "html.unsafe", "b"),  # an encoded scheme: judged as the browser reads it
        (24, "warning", "html.attribute", "b"),  # twice on one line: one finding
        (26, "error", "html.unsafe", "b"),
    ]


def test_a_finding_names_the_file_and_says_why():
    [finding] = safety.check(document('<img src="https://t.example/p.png">', "zh-TW/privacy.md"))
    assert finding == Diagnostic.error(
        "html.unsafe",
        "zh-TW/privacy.md",
        8,
        "image loaded from another origin ('https://t.example/p.png'); put the file under docs/assets/ "
        "instead (the site makes no third-party request)",
        None,
    )


def test_the_same_injection_twice_in_a_section_is_found_at_each_line():
    body = '## A {#a}\n\n<p onclick="1">x</p>\n\n<p onclick="2">y</p>\n\n## B {#b}\n\n<p onclick="3">z</p>'
    assert [(line, section) for line, _, _, section in found(body)] == [(10, "a"), (12, "a"), (16, "b")]


def test_lists_tables_and_nested_sections_are_searched_too():
    body = (
        '## A {#a}\n\nText <b style="x">b</b>\n\n- item <i onmouseover="y">i</i>\n- two\n\n'
        "| a | b |\n|---|---|\n| <u onclick=z>c</u> | d |\n\n### A.1 {#a1}\n\n<p onclick=1>x</p>"
    )
    assert found(body) == [
        (10, "error", "html.unsafe", "a"),
        (12, "error", "html.unsafe", "a"),
        (17, "error", "html.unsafe", "a"),
        (21, "error", "html.unsafe", "a1"),
    ]


def test_what_markdown_shows_as_text_and_the_sites_permalinks_are_no_finding():
    body = (
        "## A {#a}\n\nClean [link](https://example.com/) and `<script>` and \\<b> and &lt;i&gt;.\n\n"
        "```\n<script>alert(1)</script>\n```\n\n"
        '<time datetime="2025-08-27">27 August 2025</time>, <abbr title="Personal data">PD</abbr>'
    )
    assert found(body) == []
    assert safety.check(document(body), Renderer()) == []


def test_a_refused_source_is_not_rendered_so_not_checked_here():
    long = document("A " * 12_000 + '<p onclick="1">x</p>')  # too long to render: refused by the parser
    assert long.refused and safety.check(long) == []
    marked = document('<p onclick="1">x</p>')
    marked.refused = True
    assert safety.check(marked) == []


def test_many_injections_are_each_found_in_linear_time():
    body = "## A {#a}\n\n" + "\n\n".join(f'<p onclick="{n}">x</p>' for n in range(400))
    started = time.perf_counter()
    lines = [line for line, _, _, _ in found(body)]
    assert lines == [10 + 2 * n for n in range(400)]
    assert time.perf_counter() - started < 5.0
