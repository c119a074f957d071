"""The allow-list sanitizer (policysite.sanitize), in process: what ``clean`` keeps and drops, the
site's stamped markup, and what ``removals`` names (code, severity, reason), hostile input included."""

from __future__ import annotations

import time

import pytest

from policysite import render, sanitize
from policysite.sanitize import Removal, clean, removals


@pytest.mark.parametrize(
    ("dirty", "cleaned"),
    [
        ("<script>alert(1)</script><p>ok</p>", "<p>ok</p>"),  # with its content
        ("<style>p{color:red}</style>x", "x"),
        ("<!-- a comment --><p>x</p>", "<p>x</p>"),
        ('<p onclick="x()" onmouseover="y">t</p>', "<p>t</p>"),
        ('<span style="background:url(https://e.example/t)">x</span>', "<span>x</span>"),
        ('<a href="javascript:alert(1)">x</a>', "<a>x</a>"),
        ('<a href="java&#x09;script:alert(1)">x</a>', "<a>x</a>"),
        ('<a href="vbscript:x">x</a><a href="data:text/html,x">y</a>', "<a>x</a><a>y</a>"),
        (
            '<a href="https://e.example/" target="_blank" rel="opener">x</a>',
            '<a href="https://e.example/">x</a>',
        ),
        ('<a href="mailto:dpo@example.com">m</a>', '<a href="mailto:dpo@example.com">m</a>'),
        (
            '<img src="/assets/a.png" alt="a" width="10" height="10px">',
            '<img src="/assets/a.png" alt="a" width="10">',
        ),
        ('<img src="https://e.example/t.png">', "<img>"),  # no third-party request
        ('<img src="//e.example/t.png">', "<img>"),
        ('<img src="data:image/png;base64,AA">', "<img>"),
        ('<iframe src="https://e.example/"></iframe><form action="x"><input></form>', ""),
        (
            '<a name="sec-1">x</a><a name="1 2">y</a><p id="第一條">z</p>',
            '<a name="sec-1">x</a><a>y</a><p id="第一條">z</p>',
        ),
        (
            '<ol start="3" type="A" reversed><li value="x">a</li></ol>',
            '<ol start="3" type="A" reversed=""><li>a</li></ol>',
        ),
        ('<ol type="Z"><li>a</li></ol>', "<ol><li>a</li></ol>"),
        (
            '<p lang="zh-TW" dir="RTL">x</p><p lang="">y</p><p lang="123">z</p>',
            '<p lang="zh-TW" dir="RTL">x</p><p lang="">y</p><p>z</p>',
        ),
        (
            '<time datetime="2025-08-27">a</time><time datetime="soon">b</time>',
            '<time datetime="2025-08-27">a</time><time>b</time>',
        ),
        (
            '<p data-search-exclude="x" data-other="y" aria-label="l">t</p>',
            '<p data-search-exclude="" aria-label="l">t</p>',
        ),
        (
            '<p class="admonition note evil language-py md-typeset">t</p>',
            '<p class="admonition note language-py md-typeset">t</p>',
        ),
        # An injection playing on the parser: what it hides is text, nothing runs.
        (
            '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
            '&lt;p title="<img src="x">"&gt;',
        ),
        ("<svg><p><style><img src=x onerror=alert(1)></style></p></svg>", "<p></p>"),
    ],
)
def test_clean_keeps_only_the_allow_list(dirty, cleaned):
    assert clean(dirty) == cleaned


@pytest.mark.parametrize(
    ("url", "stays"),
    [
        ("/assets/a.png", True),
        ("a/b:c.png", True),
        ("#a:b", True),
        ("?a:b", True),
        ("//e.example/a.png", False),
        (" \t//e.example/a.png", False),
        ("\\\\e.example/a.png", False),
        ("/\\e.example/a.png", False),
        ("java\tscript:x", False),
        ("x:y", False),
    ],
)
def test_a_local_url_stays_on_the_site_however_it_is_spelled(url, stays):
    assert sanitize.local_url(url) is stays


def test_the_content_security_policy_allows_the_site_alone_and_the_preview_its_inline_script():
    policy = dict(part.split(" ", 1) for part in sanitize.CONTENT_SECURITY_POLICY.split("; "))
    assert policy["default-src"] == "'self'" and policy["script-src"] == "'self'"
    assert policy["object-src"] == policy["frame-src"] == policy["base-uri"] == "'none'"
    preview = sanitize.CONTENT_SECURITY_POLICY.replace(
        "script-src 'self'", "script-src 'self' 'unsafe-inline'"
    )
    assert preview == sanitize.PREVIEW_CONTENT_SECURITY_POLICY


# ---------------------------------------------------------------- the site's markup and a policy's


def test_only_the_sites_stamped_markup_keeps_the_sites_classes():
    site = sanitize.chrome('<div class="policy-notice md-typeset"><p>t</p><br/></div>')
    assert site.count(sanitize.CHROME) == 1  # (only elements with a class are stamped)
    forged = '<p class="policy-notice admonition" data-policysite-chrome="0123">fake</p>'
    assert sanitize.page(site + forged) == (
        '<div class="policy-notice md-typeset"><p>t</p><br></div><p class="admonition">fake</p>'
    )
    assert sanitize.CHROME not in sanitize.page(site)
    assert sanitize.unstamped(clean(site)) == '<div class="policy-notice md-typeset"><p>t</p><br></div>'
    assert sanitize.chrome("<p>no class</p>") == "<p>no class</p>"


def test_a_policys_own_classes_are_those_its_extensions_write():
    cleaned = clean(
        '<p class="policy-x note">a</p><code class="language-py md-x">b</code><i class="md">c</i>'
    )
    assert (
        sanitize.source_classes(cleaned) == '<p class="note">a</p><code class="language-py">b</code><i>c</i>'
    )


def test_the_headings_permalink_is_the_sites_and_a_lookalike_in_the_text_is_not():
    renderer = render.Renderer()
    html = renderer.html("## A {#a}\n\n[x](#a){: .headerlink }")
    assert sanitize.page(html, renderer.permalink) == (
        '<h2 id="a">A<a class="headerlink" href="#a" title="Permanent link">¶</a></h2>\n'
        '<p><a href="#a">x</a></p>'
    )
    [(index, removal)] = removals(html, renderer.permalink)
    assert (removal.tag, removal.attribute, removal.value, removal.code) == (
        "a",
        "class",
        "headerlink",
        "html.unsafe",
    )
    assert len(removals(html)) == 2  # without the permalink, both links are the policy's


# ---------------------------------------------------------------- what removals() names


def named(fragment: str) -> list[tuple[int, str, str | None, str, str]]:
    return [(i, r.tag, r.attribute, r.code, r.severity) for i, r in removals(fragment)]


@pytest.mark.parametrize(
    ("fragment", "expected"),
    [
        ("<p>fine <b>bold</b> <time datetime='2025-01-01'>t</time></p>", []),
        ("<script>alert(1)</script>", [(0, "script", None, "html.unsafe", "error")]),
        ('<p onclick="x()">t</p>', [(0, "p", "onclick", "html.unsafe", "error")]),
        ('<p class="evil">t</p>', [(0, "p", "class", "html.class", "warning")]),
        ('<p class="policy-notice">t</p>', [(0, "p", "class", "html.unsafe", "error")]),
        ('<p lang="123">t</p>', [(0, "p", "lang", "html.attribute", "warning")]),
        ('<td colspan="x">t</td>', []),  # (outside a table the parser drops the cell: nothing kept)
        ('<img src="https://e.example/t.png">', [(0, "img", "src", "html.unsafe", "error")]),
        (
            "<div data-search-exclude>hidden</div>",
            [(0, "div", "data-search-exclude", "html.unsafe", "error")],
        ),
        ("<marquee>x</marquee>", [(0, "marquee", None, "html.unsafe", "error")]),
        (
            '<h2 id="a">A</h2><p onclick=1>x</p><h2 id="b">B</h2><p onmouseover=2>y</p>',
            [(2, "p", "onclick", "html.unsafe", "error"), (6, "p", "onmouseover", "html.unsafe", "error")],
        ),
        (
            "<svg><p><style><img src=x onerror=alert(1)></style></p></svg>",
            [(0, "svg", None, "html.unsafe", "error"), (3, "style", None, "html.unsafe", "error")],
        ),
    ],
)
def test_removals_name_each_element_and_attribute_clean_drops(fragment, expected):
    assert named(fragment) == expected


@pytest.mark.parametrize(
    ("removal", "reason"),
    [
        (
            Removal("script"),
            "raw HTML <script> is not allowed in a policy: it can run code, load content or take input",
        ),
        (
            Removal("marquee"),
            "raw HTML element <marquee> is not allowed in a policy and would not show; "
            "to show the text write '\\<marquee>' or '&lt;marquee&gt;'",
        ),
        (
            Removal("p", "onclick", "x()"),
            "HTML event attribute 'onclick=' is not allowed in a policy: it runs script",
        ),
        (
            Removal("span", "style", "color:red"),
            "HTML attribute 'style=' is not allowed in a policy: it can load content from another origin; "
            "the site's stylesheet styles policies",
        ),
        (
            Removal("a", "href", "JavaScript:alert(1)"),
            "'javascript:' URLs are not allowed in a policy (attribute 'href=' on <a>)",
        ),
        (
            Removal("a", "href", "java\tscript:x"),
            "'javascript:' URLs are not allowed in a policy (attribute 'href=' on <a>)",
        ),
        (
            Removal("img", "src", "https://e.example/" + "x" * 100),
            "image loaded from another origin ('https://e.example/" + "x" * 41 + "…'); put the file under "
            "docs/assets/ instead (the site makes no third-party request)",
        ),
        (
            Removal("video", "poster", "https://e.example/p.png"),
            "HTML attribute 'poster=' on <video> loads content from another origin or is not allowed in a "
            "policy; the site makes no third-party request",
        ),
        (Removal("p", "data-x", "1"), "HTML attribute 'data-x=' on <p> is not allowed in a policy"),
        (
            Removal("p", "lang", "123"),
            "HTML attribute 'lang=\"123\"' on <p> is dropped from the page: its value should be a language "
            "tag such as 'en' or 'zh-TW'",
        ),
        (
            Removal("ol", "type", "z"),
            "HTML attribute 'type=\"z\"' on <ol> is dropped from the page: its value should be "
            "'1', 'A', 'I', 'a' or 'i'",
        ),
        (
            Removal("p", "class", "evil note"),
            "class 'evil' on <p> is not one the site styles: it is dropped from the page "
            "(admonitions, code languages and footnotes keep theirs)",
        ),
        (
            Removal("p", "class", "note policy-notice md-typeset"),
            "class 'policy-notice md-typeset' on <p> is the site's own (its notices, headers, redlines and "
            "permalinks): a policy may not dress its text as the site's; remove it",
        ),
    ],
)
def test_each_removal_says_what_and_why(removal, reason):
    assert removal.reason == reason


def test_an_invalid_anchor_says_what_an_anchor_may_be():
    reason = Removal("a", "id", "1 2").reason
    assert reason.startswith(
        "'id=\"1 2\"' is not a valid anchor (U+0020 SPACE is not a letter, a digit, '-' or '_')"
    )
    assert reason.endswith(
        "use letters, digits, '-' and '_' of any script, starting with a letter, a digit or '_'"
    )


def test_a_harmless_attribute_is_harmless_only_where_it_is_allowed_and_only_for_its_value():
    assert Removal("p", "lang", "123").harmless
    assert not Removal("p", "lang", "en").harmless  # a value the site keeps: not what was dropped
    assert not Removal("marquee", "lang", "123").harmless  # an element not allowed at all
    assert not Removal("p", "colspan", "x").harmless  # colspan belongs to cells
    assert Removal("td", "colspan", "x").harmless and Removal("th", "scope", "diagonal").harmless
    assert Removal("p", "class", "x").site_classes == [] and Removal("p", "id", "x").site_classes == []


def test_heading_ids_are_indexed_like_the_removals():
    fragment = '<h1>T</h1><p>x</p><h2 id="a">A</h2><div><h3 id="b">B</h3></div>'
    assert sanitize.heading_ids(fragment) == [(0, None), (4, "a"), (7, "b")]


# ---------------------------------------------------------------- hostile sizes


def test_a_huge_fragment_is_cleaned_in_linear_time():
    started = time.perf_counter()
    cleaned = clean("<p>" + "a&lt;" * 200_000 + "</p>")
    assert len(cleaned) == len("<p></p>") + 5 * 200_000
    assert time.perf_counter() - started < 3.0


def test_many_removals_are_all_named():
    found = removals('<p onclick="1">x</p>' * 1000)
    assert len(found) == 1000 and {r.attribute for _, r in found} == {"onclick"}


def test_a_huge_parser_differential_is_named_once_not_aligned_quadratically():
    started = time.perf_counter()
    found = removals("<table><tr><td><form><table>" * 500)
    assert time.perf_counter() - started < 5.0
    assert [(index, removal.tag) for index, removal in found] == [(4, "form")]


@pytest.mark.parametrize("control", ["\x00", "\x07", "\x1b", "\x0c", "\x7f", "\x85", "\x9b"])
def test_no_control_character_reaches_a_page_in_text_or_in_a_value(control):
    fragment = f'<p>a{control}b <a href="/x" title="t{control}u">l{control}</a></p>'
    # (the HTML parser itself reads a NUL in a value as U+FFFD, the replacement character)
    title = "t\ufffdu" if control == "\x00" else "tu"
    assert clean(fragment) == f'<p>ab <a href="/x" title="{title}">l</a></p>'
    assert removals(fragment) == []  # (reported by decoding, source.control, not as markup)
    assert sanitize.page(f"<p>x{control}</p>") == "<p>x</p>"


def test_removing_a_control_character_makes_no_markup():
    assert clean("<p>&l\x07t;script&g\x07t;</p>") == "<p>&amp;lt;script&amp;gt;</p>"
