"""Issue 16: nothing from a pull request can run script or load another origin.

The ``html.unsafe`` rule renders each policy as the build does and names, with
file, line and section, everything the allow-list sanitizer would remove; the
sanitizer itself (``policysite.sanitize.clean``) is what every page's content
goes through.  Here: every class of injection, three or more spellings each,
refused by the check and harmless after the sanitizer; code samples and
harmless HTML left alone; and the allow-list keeps every construct a policy
needs.  tests/browser/test_browser_hostile.py drives a real Chromium on a site
built from the same injections.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from injections import HEADING, HEADINGS, INJECTIONS
from seed import EN, SECTION_LINE, ZH, ZH_PATH, line_of, replace

from policysite import render, safety, sanitize, sources

RENDERER = render.Renderer()


def check(text: str) -> list:
    document, found = sources.parse(text.encode("utf-8"), ZH_PATH)
    assert document is not None, found
    return safety.check(document, RENDERER)


class _Dangers(HTMLParser):
    """What a browser would act on in some HTML: event handlers, script URLs, other origins, scripts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in sanitize.ACTIVE:
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            value = re.sub(r"[\x00-\x20]", "", value or "")
            if name.startswith("on") or name in ("style", "srcset", "formaction", "action"):
                self.found.append(f"<{tag} {name}=>")
            if name in ("href", "src", "poster") and re.match(r"(javascript|vbscript|data):", value, re.I):
                self.found.append(f"<{tag} {name}={value}>")
            if name in ("src", "poster") and not sanitize.local_url(value):
                self.found.append(f"<{tag} {name}={value}>")


def dangers(markup: str) -> list[str]:
    """What a browser would act on: read after nh3's html5 parser, as a browser reads it."""
    parser = _Dangers()
    parser.feed(sanitize.normalize(markup))
    parser.close()
    return parser.found


# ---------------------------------------------------------------- the check names each injection


@pytest.mark.parametrize("snippet", INJECTIONS)
def test_every_injection_in_the_body_is_refused_with_file_line_and_section(snippet):
    zh = replace(ZH, SECTION_LINE, SECTION_LINE + " " + snippet)
    found = check(zh)
    assert found, f"not refused: {snippet!r}"
    section_end = line_of(zh, "## 7. ")
    for finding in found:
        assert (finding.code, finding.file, finding.section) == ("html.unsafe", ZH_PATH, "data-security"), (
            finding.text()
        )
        assert line_of(zh, SECTION_LINE) <= finding.line < section_end, finding.text()
        assert finding.is_error and "Traceback" not in finding.message


@pytest.mark.parametrize("heading", HEADINGS)
def test_every_injection_in_a_heading_is_refused_on_the_heading_line(heading):
    zh = replace(ZH, HEADING, heading)
    found = check(zh)
    assert found, heading
    assert {(f.line, f.section) for f in found} == {(line_of(zh, heading), "data-security")}, [
        f.text() for f in found
    ]


@pytest.mark.parametrize("snippet", INJECTIONS)
def test_the_sanitizer_leaves_nothing_active_whatever_the_check_says(snippet):
    zh = replace(ZH, SECTION_LINE, SECTION_LINE + " " + snippet)
    rendered = RENDERER.html(zh.split("---\n", 2)[2])
    assert dangers(rendered), f"the test snippet is not dangerous: {snippet!r}"
    assert dangers(sanitize.clean(rendered)) == []


def test_messages_say_what_and_why():
    def message(snippet: str) -> str:
        (finding,) = check(replace(ZH, SECTION_LINE, SECTION_LINE + " " + snippet))
        return finding.message

    assert "raw HTML <script> is not allowed" in message("<script>x()</script>")
    assert "event attribute 'onerror='" in message('<img src=x onerror="x()">')
    assert "'javascript:' URLs are not allowed" in message("[x](javascript:x())")
    assert "another origin" in message("![logo](https://cdn.example.com/logo.png)")
    assert "'style='" in message('<span style="color:red">x</span>')
    assert "<objective>" in message("<objective>")


def test_findings_point_at_the_line_of_the_attribute():
    zh = replace(ZH, SECTION_LINE, SECTION_LINE + '\n<img src="x"\n     onerror="alert(1)">')
    (finding,) = check(zh)
    assert (finding.line, finding.section) == (line_of(zh, SECTION_LINE) + 2, "data-security")
    zh = replace(ZH, SECTION_LINE, SECTION_LINE + "\n\n[x][r]\n\n[r]: javascript:alert(1)")
    (finding,) = check(zh)
    assert finding.line == line_of(zh, "[r]:")


@pytest.mark.parametrize(
    "snippet",
    [
        "`<script>alert(1)</script>`",
        "``<iframe src=x>``",
        '`<a href="javascript:x">`',
        "`[x](javascript:alert(1))`",
        "\n\n```html\n<script>alert(1)</script>\n<img src=x onerror=alert(1)>\n```\n",
        "\n\n~~~\n<style>x</style>\n~~~\n",
        'the onus=on us, someone = x, <b>bold</b>, <span title="on">x</span>',
        "JavaScript: a language. See [js](javascript-guide.md) and <https://example.com/?a=1>.",
        "![logo](../assets/logo.png)",
        (
            '[the site](https://example.com/) and <a href="https://example.com/">x</a>, '
            "[mail](mailto:dpo@example.com)"
        ),
        "<!-- an editor's note -->",
    ],
)
def test_code_and_harmless_html_are_not_flagged(snippet):
    assert check(replace(ZH, SECTION_LINE, SECTION_LINE + " " + snippet)) == []


@pytest.mark.parametrize("snippet", ['<img src=x\n\nonerror="alert(1)">'])
def test_what_markdown_itself_shows_as_text_is_harmless(snippet):
    zh = replace(ZH, SECTION_LINE, SECTION_LINE + " " + snippet)
    rendered = RENDERER.html(zh.split("---\n", 2)[2])
    assert dangers(rendered) == []
    assert check(zh) == []


def test_an_unclosed_fence_hides_nothing():
    zh = ZH + "\n```\n<script>alert(1)</script>\n"
    (finding,) = check(zh)
    assert (finding.code, finding.line) == ("html.unsafe", line_of(zh, "<script>"))


def test_the_real_policies_are_clean_and_render_unchanged():
    for text in (EN, ZH):
        assert check(text) == []
        rendered = RENDERER.html(text.split("---\n", 2)[2])
        assert sanitize.removals(rendered, RENDERER.permalink) == []


ALLOWED = """---
title: Every construct
version: 2020.01.01
---

# Every construct

Intro with **bold**, *emphasis*, `code`, a [link](#terms), a [site link](https://example.com/),
an [e-mail](mailto:dpo@example.com), an image ![logo](../assets/logo.png) and
<abbr title="Personal data">PD</abbr>, <sub>sub</sub>, <sup>sup</sup>, <ins>ins</ins>, <del>del</del>,
<mark>mark</mark>, <small>small</small>, <q>q</q>.

## 1. Lists {#lists}

1. first
2. second
    - nested
    - nested two

A paragraph with an ID.
{: #paragraph-anchor }

## 2. Tables {#terms}

| Term | Meaning |
| :--- | ---: |
| <a id="bookmark-term"></a>Data | What we keep |

> A quote.

!!! note "A note"
    Admonitions render too.

<details><summary>More</summary>

Hidden text.

</details>

<div markdown>
*Markdown in HTML.*
</div>

---

<dl><dt>Term</dt><dd>Definition</dd></dl>
"""


def test_the_allow_list_keeps_every_construct_a_policy_needs():
    document, found = sources.parse(ALLOWED.encode(), "en/every.md")
    assert [d for d in found if d.is_error] == []
    assert safety.check(document, RENDERER) == []
    html = RENDERER.html(ALLOWED.split("---\n", 2)[2])
    cleaned = sanitize.clean(html)
    assert sanitize.removals(html, RENDERER.permalink) == []
    for needle in (
        'id="bookmark-term"',
        'id="paragraph-anchor"',
        'href="mailto:dpo@example.com"',
        'src="../assets/logo.png"',
        '<abbr title="Personal data">',
        'class="admonition note"',
        "<details>",
        'class="headerlink"',
        'align="left"',
        "<ins>ins</ins>",
    ):
        assert needle in cleaned, needle


def test_block_too_long_is_refused_without_rendering():
    zh = replace(ZH, SECTION_LINE, SECTION_LINE + " " + "[<a `" * 5000)
    document, found = sources.parse(zh.encode(), ZH_PATH)
    (finding,) = [d for d in found if d.code == "source.too-long"]
    assert (finding.line, finding.section) == (line_of(zh, SECTION_LINE), "data-security")
    assert safety.check(document, RENDERER) == []
