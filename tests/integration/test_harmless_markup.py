"""Issue 25, item 7: harmless markup passes; whatever can run script or load another origin does not.

Real policy repositories carry markup no browser can abuse.  What the site does with each
("check" is ``policy check --strict``, "strict" ``mkdocs build --strict``, "build"
``mkdocs build``, "page" the built page's content):

| markup in a source                             | decision | check, strict                | build | page |
| ---------------------------------------------- | -------- | ---------------------------- | ----- | ---- |
| *Effective …* + {: datetime="2025-08-27" }     | kept     | pass                         | pass  | kept |
| <time datetime="2025-08-27">                   | kept     | pass                         | pass  | kept |
| <abbr title="…">, {: title="x" }               | kept     | pass (any text, escaped)     | pass  | kept |
| <sup>, <sub>, <br>                             | kept     | pass                         | pass  | kept |
| {: lang="en" } (a BCP 47-ish tag, or empty)    | kept     | pass                         | pass  | kept |
| {: dir="ltr" } (ltr, rtl or auto, any case)    | kept     | pass                         | pass  | kept |
| {: #x }, {: id="x" }, <span id="x">            | kept     | pass (anchor, parity rules)  | pass  | kept |
| {: .note } (a class the extensions write)      | kept     | pass                         | pass  | kept |
| {: .some-team-class } (nothing styles it)      | dropped  | warning html.class: fail     | pass  | gone |
| a harmless attribute with a value the site     | dropped  | warning html.attribute: fail | pass  | gone |
| does not keep: lang="en_US", dir="sideways",   |          |                              |       |      |
| datetime="next week", width="100%"             |          |                              |       |      |
| a site class ({: .policy-notice }, md-…)       | refused  | error html.unsafe            | fails | gone |
| an ID that is no anchor ({: id="a b" })        | refused  | error html.unsafe            | fails | gone |
| on…=, style=, srcset=, javascript: URLs,       | refused  | error html.unsafe            | fails | gone |
| <script>, <iframe>, <object>, forms, SVG,      |          |                              |       |      |
| images from another origin                     |          |                              |       |      |

A harmless attribute is one whose value no browser runs or loads (``sanitize.HARMLESS``);
it is a warning only when the sanitizer itself rejects its value on an element that allows
it, so a harmless attribute next to a hostile one never hides the hostile one.  The hostile
vectors of tests/injections.py stay errors (tests/integration/test_safety.py).
"""

from __future__ import annotations

import re

import pytest
from gitrepo import BuildResult, PolicyRepo
from seed import EN_SECTION_LINE, SECTION_LINE, ZH, ZH_PATH, line_of, replace

from policysite import render, safety, sanitize, sources

RENDERER = render.Renderer()


def check(snippet: str) -> list:
    """``html.*`` findings of the Chinese policy with ``snippet`` after a line of section 6."""
    text = replace(ZH, SECTION_LINE, SECTION_LINE + "\n\n" + snippet)
    document, found = sources.parse(text.encode("utf-8"), ZH_PATH)
    assert document is not None and not [d for d in found if d.is_error], found
    return safety.check(document, RENDERER)


def shown(snippet: str) -> str:
    """``snippet`` as its page shows it."""
    return sanitize.page(RENDERER.html(snippet), RENDERER.permalink)


# ---------------------------------------------------------------- kept

KEPT = [
    ('*Effective August 27, 2025*\n{: datetime="2025-08-27" }', '<p datetime="2025-08-27"><em>Effective'),
    ('*Effective*{: datetime="2025-08-27T00:00+08:00" } now.', '<em datetime="2025-08-27T00:00+08:00">'),
    ('From <time datetime="2025-08-27">27 August 2025</time>.', '<time datetime="2025-08-27">27 August'),
    ('<abbr title="Personal data">PD</abbr>', '<abbr title="Personal data">PD</abbr>'),
    ("Note<sup>1</sup> H<sub>2</sub>O", "Note<sup>1</sup> H<sub>2</sub>O"),
    ("One line<br>\nanother<br/>", "One line<br>\nanother<br>"),
    ('Text.\n{: lang="en" }', '<p lang="en">'),
    ('Text.\n{: lang="zh-Hant-TW" }', '<p lang="zh-Hant-TW">'),
    ("Text.\n{: lang }", '<p lang="">'),
    ('Text.\n{: dir="ltr" }', '<p dir="ltr">'),
    ('Text.\n{: dir="RTL" }', '<p dir="RTL">'),
    ('<span dir="auto" lang="en">x</span>', '<span dir="auto" lang="en">x</span>'),
    ('Text.\n{: title="x" }', '<p title="x">'),
    ('Text.\n{: title="<b>see</b> #terms & more" }', 'title="&lt;b&gt;see&lt;/b&gt; #terms &amp; more"'),
    ("Text.\n{: .note }", '<p class="note">'),
    ("Text.\n{: #effective-date }", '<p id="effective-date">'),
    ('<span id="bookmark" title="t">x</span>', '<span id="bookmark" title="t">x</span>'),
]


@pytest.mark.parametrize(("snippet", "needle"), KEPT)
def test_harmless_markup_is_kept_without_a_finding(snippet, needle):
    assert check(snippet) == []
    assert needle in shown(snippet)


def test_a_title_is_text_and_can_neither_close_its_tag_nor_stamp_the_sites_chrome():
    page = shown('Text.\n{: title="\\" onclick=\\"alert(1)" .policy-notice }')
    assert "onclick=" not in page.replace("&quot; onclick=", "") and "policy-notice" not in page
    page = shown('<p class="note" title=\' data-policysite-chrome="x"\'>Fake</p>')
    assert 'class="note"' in page and sanitize.CHROME + '="x"' not in page


def test_a_quoted_hash_in_an_attribute_list_defines_no_anchor_and_id_equals_defines_one():
    text = replace(ZH, SECTION_LINE, SECTION_LINE + '\n\nText.\n{: title="see #terms" id="effective" }')
    document, _ = sources.parse(text.encode("utf-8"), ZH_PATH)
    assert document is not None
    assert [a.id for a in document.anchors if a.kind == "attr_list"] == ["effective"]
    assert 'id="effective"' in shown('Text.\n{: title="see #terms" id="effective" }')


# ---------------------------------------------------------------- dropped with a warning

DROPPED = [
    ("Text.\n{: .some-team-class }", "html.class", "some-team-class"),
    ('<span class="team lead">x</span>', "html.class", "team"),
    ('Text.\n{: lang="en_US" }', "html.attribute", 'lang="en_US"'),
    ('Text.\n{: lang="javascript:alert(1)" }', "html.attribute", "javascript"),
    ('Text.\n{: dir="sideways" }', "html.attribute", "sideways"),
    ('Text.\n{: datetime="next week" }', "html.attribute", "next week"),
    ('<time datetime="javascript:alert(1)">x</time>', "html.attribute", "javascript"),
    ('<img src="../assets/logo.png" alt="logo" width="100%">', "html.attribute", "100%"),
]


@pytest.mark.parametrize(("snippet", "code", "gone"), DROPPED)
def test_harmless_markup_the_site_does_not_keep_is_dropped_with_a_warning(snippet, code, gone):
    (finding,) = check(snippet)
    assert (finding.code, finding.severity.value, finding.section) == (code, "warning", "data-security")
    assert not finding.fails(strict=False) and finding.fails(strict=True)
    assert "dropped" in finding.message
    page = shown(snippet)
    assert gone not in page
    assert ("Text." in page) or ("x</" in page) or ("<img" in page)


def test_a_warning_names_the_line_of_the_dropped_value_not_an_earlier_valid_one():
    snippet = 'Text.\n{: lang="en" }\n\nMore.\n{: lang="en_US" .team }'
    text = replace(ZH, SECTION_LINE, SECTION_LINE + "\n\n" + snippet)
    found = check(snippet)
    assert {(d.code, d.line) for d in found} == {
        ("html.attribute", line_of(text, 'lang="en_US"')),
        ("html.class", line_of(text, 'lang="en_US"')),
    }


# ---------------------------------------------------------------- refused

REFUSED = [
    "Text.\n{: .note .policy-notice }",
    'Text.\n{: lang="en" onclick="window.__xss=1" }',
    'Text.\n{: title="x" style="background:url(//evil.example/a.png)" }',
    '<time datetime="2025-08-27" onmouseover="window.__xss=1">x</time>',
    '<abbr title="PD" style="color:red">PD</abbr>',
    '<span dir="ltr" class="md-banner">Official</span>',
    '<a href="javascript:window.__xss=1" title="x" lang="en">x</a>',
    '<img src="a.png" srcset="//evil.example/b.png 2x" alt="x">',
    "<sup><script>window.__xss=1</script></sup>",
    '<abbr title="x"><iframe src="//evil.example/"></iframe></abbr>',
    '<object data="x.swf"></object>',
    '<form action="//evil.example/"><input name="q"></form>',
    '<svg><use href="//evil.example/g.svg#x"/></svg>',
    'Text.\n{: id="not an anchor" }',
]


@pytest.mark.parametrize("snippet", REFUSED)
def test_what_can_run_load_or_dress_as_the_site_stays_an_error(snippet):
    found = check(snippet)
    assert any(d.code == "html.unsafe" and d.is_error for d in found), [d.text() for d in found]
    page = shown(snippet)
    for danger in ("on" + "click=", "onmouseover=", "style=", "srcset=", "javascript:", "<script", "<iframe"):
        assert danger not in page
    for element in ("<object", "<form", "<input", "<svg", "<use", "policy-notice", "md-banner"):
        assert element not in page


# ---------------------------------------------------------------- real check and build runs

# Each language gets the same markup after its line of section 6 (same paragraphs, anchors,
# links and numbers, so parity has nothing to say).
KEPT_EN = """

*Effective August 27, 2025*
{: datetime="2025-08-27" #effective-date }

From <time datetime="2025-08-27">27 August 2025</time>, <abbr title="Personal data">PD</abbr> is
kept<sup>1</sup> as H<sub>2</sub>O<br>
on two lines.

Plain words.
{: lang="en" dir="ltr" title="A note" .note }"""
KEPT_ZH = """

*2025 年 8 月 27 日生效*
{: datetime="2025-08-27" #effective-date }

自 <time datetime="2025-08-27">2025 年 8 月 27 日</time>起,<abbr title="個人資料">PD</abbr>
保存<sup>1</sup>為 H<sub>2</sub>O<br>
兩行。

英文說明。
{: lang="en" dir="ltr" title="A note" .note }"""
DROPPED_MARKUP = """

Team words.
{: .some-team-class lang="en_US" }"""


def make_site(directory, extra: str = "") -> PolicyRepo:
    """A copy of the project whose bilingual policy carries the markup, committed as its history."""
    repo = PolicyRepo.create(directory)
    repo.edit("en", EN_SECTION_LINE, EN_SECTION_LINE + KEPT_EN + extra)
    repo.edit("zh-TW", SECTION_LINE, SECTION_LINE + KEPT_ZH + extra)
    repo.commit("Seed with harmless markup", date="2020-01-01T12:00:00Z")
    return repo


@pytest.fixture(scope="module")
def kept_site(tmp_path_factory) -> tuple[PolicyRepo, BuildResult]:
    repo = make_site(tmp_path_factory.mktemp("kept") / "repo")
    return repo, repo.build(strict=True)


@pytest.fixture(scope="module")
def dropped_site(tmp_path_factory) -> PolicyRepo:
    return make_site(tmp_path_factory.mktemp("dropped") / "repo", DROPPED_MARKUP)


KEPT_ON_PAGE = [
    '<p datetime="2025-08-27" id="effective-date"><em>',
    '<time datetime="2025-08-27">',
    "<sup>1</sup>",
    "H<sub>2</sub>O<br>",
    '<p class="note" dir="ltr" lang="en" title="A note">',
]


def test_policy_check_strict_passes_where_the_markup_is_kept(kept_site, policy):
    repo, _ = kept_site
    run = policy(repo, "check", "--strict")
    assert run.returncode == 0, run.output
    assert "html." not in run.output


def test_the_strict_build_keeps_the_harmless_markup(kept_site):
    _, build = kept_site
    assert build.ok, build.output
    assert "Traceback" not in build.output and "html." not in build.output
    en, zh = build.page("privacy/"), build.page("zh-TW/privacy/")
    for needle in KEPT_ON_PAGE:
        assert needle in en, needle
        assert needle in zh, needle
    assert '<abbr title="Personal data">PD</abbr>' in en and '<abbr title="個人資料">PD</abbr>' in zh


def test_dropped_markup_is_a_warning_that_fails_strict_runs_only(dropped_site, policy):
    strict = policy(dropped_site, "check", "--strict")
    assert strict.returncode == 1, strict.output
    assert "warning: [html.class] class 'some-team-class'" in strict.output
    assert "warning: [html.attribute] HTML attribute 'lang=\"en_US\"'" in strict.output
    assert set(re.findall(r"en/privacy\.md:(\d+): warning", strict.output)) == {
        str(line_of(dropped_site.read("en"), "{: .some-team-class"))
    }
    assert "error" not in strict.output.lower().replace("0 errors", "")
    lenient = policy(dropped_site, "check")
    assert lenient.returncode == 0, lenient.output
    strict_build = dropped_site.build(strict=True)
    assert not strict_build.ok and "html.class" in strict_build.output
    assert "Traceback" not in strict_build.output


def test_the_lenient_build_passes_and_the_page_never_carries_what_was_dropped(dropped_site):
    build = dropped_site.build(strict=False)
    assert build.ok, build.output
    assert "html.class" in build.output and "html.attribute" in build.output
    for url in ("privacy/", "zh-TW/privacy/"):
        page = build.page(url)
        assert "Team words." in page
        assert "some-team-class" not in page and 'lang="en_US"' not in page
        for needle in KEPT_ON_PAGE:
            assert needle in page, needle
