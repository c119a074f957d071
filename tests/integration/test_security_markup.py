"""Issue 23, items 2 and 6: a source can neither hide text from the redline nor dress text as the site's.

- The heading permalinks are recognised by all that the site generates (the toc extension's
  anchor, in its place at the end of a heading), never by a word: a link whose title or class
  says "headerlink" is text on the page and in the redline alike.  A property test renders
  random hostile sources and compares the words of the page with the words of the block data.
- A class of the site's own (its notices, headers, redlines, the theme's ``md-``, permalinks)
  is an error in a policy (``html.unsafe``), and the sanitizer takes it off any element the
  site did not make (:func:`policysite.sanitize.page`); a class nothing styles is dropped
  with a warning (``html.class``).
"""

from __future__ import annotations

import random
import re
from html.parser import HTMLParser

import pytest
from gitrepo import PolicyRepo, policy_text
from seed import SECTION_LINE, ZH, ZH_PATH, line_of, replace

from policysite import blocks, render, safety, sanitize, sources

RENDERER = render.Renderer()

HIDING = [
    '[We sell your data.](#general "headerlink")',
    "[We sell your data.](#general 'Permanent link')",
    '<a class="headerlink" href="#general">We sell your data.</a>',
    "[We sell your data.](#general){: .headerlink }",
    '<a href="#general" class="x headerlink" title="Permanent link">We sell your data.</a>',
    '<span class="headerlink">We sell your data.</span>',
]

SPOOFS = [
    '<div class="policy-notice policy-notice--archived">This version is archived.</div>',
    "This version is archived.\n{: .policy-notice .policy-notice--archived }",
    '<p class="md-banner">Official notice</p>',
    '<span class="redline-note">[nothing changed]</span>',
    '<span class="sr-only">hidden for readers</span>',
    '<p class="admonition policy-status policy-status--current">Current</p>',
]


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def words_of_html(markup: str) -> set[str]:
    parser = _Text()
    parser.feed(markup)
    parser.close()
    return set(re.findall(r"\w+", " ".join(parser.parts)))


def words_of_blocks(data: dict) -> set[str]:
    found: list[str] = []

    def walk(item) -> None:
        if isinstance(item, str):
            if not item.startswith(blocks.VOID):
                found.append(item)
        elif isinstance(item, list):
            if len(item) == 2 and isinstance(item[0], int) and isinstance(item[1], str):
                walk(item[1])
            else:
                for element in item:
                    walk(element)

    for section in data["sections"]:
        walk(section["h"])
        for block in section["b"]:
            for part in block["p"]:
                walk(part[1])
    return set(re.findall(r"\w+", " ".join(found)))


def page_html(body: str) -> str:
    """The policy's text as its page shows it (the permalinks, the site's, left out)."""
    shown = sanitize.page(RENDERER.html(body), RENDERER.permalink)
    return RENDERER.permalink.sub("", shown) if RENDERER.permalink is not None else shown


def document(body: str):
    parsed, found = sources.parse(policy_text("Privacy Policy", "2020.01.01", body).encode(), "en/privacy.md")
    assert parsed is not None, found
    return parsed


@pytest.mark.parametrize("hiding", HIDING)
def test_a_link_that_says_headerlink_is_text_in_the_redline(hiding):
    doc = document(f"## 1. General {{#general}}\n\nIntro words.\n\n{hiding}\n")
    data = blocks.text_data(doc, "en", RENDERER)
    assert {"We", "sell", "your", "data"} <= words_of_blocks(data)
    assert {"We", "sell", "your", "data"} <= words_of_html(page_html(doc.body))


def test_the_real_permalink_is_not_text():
    doc = document("## 1. General {#general}\n\nIntro words.\n")
    data = blocks.text_data(doc, "en", RENDERER)
    assert "¶" not in str(data)
    assert RENDERER.permalink is not None and RENDERER.permalink.search(RENDERER.html(doc.body))


VOCABULARY = ["data", "privacy", "we", "sell", "share", "keep", "users", "consent", "law", "notice"]
WRAPPERS = [
    "[{t}](#general)",
    '[{t}](#general "headerlink")',
    '[{t}](#general "Permanent link")',
    "[{t}](#general){{: .headerlink }}",
    '<a class="headerlink" href="#general" title="Permanent link">{t}</a>',
    '<a class="headerlink" href="#general" title="Permanent link">¶</a>{t}',
    '<span class="policy-notice" title="headerlink">{t}</span>',
    "<abbr title='headerlink'>{t}</abbr>",
    "*{t}*",
    "**{t}**{{: .md-banner }}",
    "{t}",
]


def _random_body(rng: random.Random) -> str:
    sections = []
    for index in range(rng.randint(1, 4)):
        paragraphs = []
        for _ in range(rng.randint(1, 4)):
            pieces = []
            for _ in range(rng.randint(1, 6)):
                text = " ".join(rng.choice(VOCABULARY) + str(rng.randint(0, 999)) for _ in range(3))
                pieces.append(rng.choice(WRAPPERS).format(t=text))
            paragraphs.append(
                " ".join(pieces) + rng.choice(["", "\n{: .headerlink }", "\n{: .policy-notice }"])
            )
        title = rng.choice(WRAPPERS).format(t=f"Heading{index} {rng.choice(VOCABULARY)}")
        sections.append(f"## {title} {{#s{index}}}\n\n" + "\n\n".join(paragraphs))
    return "\n\n".join(sections) + "\n"


@pytest.mark.parametrize("seed", range(40))
def test_every_word_of_the_page_is_in_the_redline_data(seed):
    """For random hostile sources: the words on the page equal the words of the block data (what
    the redline shows as unchanged, inserted or deleted)."""
    doc = document(_random_body(random.Random(seed)))
    data = blocks.text_data(doc, "en", RENDERER)
    on_page = words_of_html(page_html(doc.body))
    in_redline = words_of_blocks(data) - {"Privacy", "Policy"}  # the front matter's title block
    assert on_page - {"Privacy", "Policy"} == in_redline


def check(text: str) -> list:
    parsed, found = sources.parse(text.encode("utf-8"), ZH_PATH)
    assert parsed is not None, found
    return safety.check(parsed, RENDERER)


@pytest.mark.parametrize("spoof", SPOOFS)
def test_a_site_class_in_a_policy_is_an_error_at_its_line(spoof):
    zh = replace(ZH, SECTION_LINE, SECTION_LINE + "\n\n" + spoof)
    found = [d for d in check(zh) if d.code == "html.unsafe"]
    assert found, spoof
    assert all(d.is_error for d in found)
    assert found[0].line in (line_of(zh, spoof.split("\n")[0]), line_of(zh, spoof.split("\n")[0]) + 1)
    assert found[0].section == "data-security"
    assert "the site's own" in found[0].message


@pytest.mark.parametrize("spoof", SPOOFS)
def test_the_sanitizer_takes_site_classes_off_a_policy(spoof):
    shown = sanitize.page(RENDERER.html(spoof))
    assert not re.search(r'class="[^"]*(policy-|md-|redline-|sr-only|headerlink)', shown), shown
    assert sanitize.CHROME not in shown


def test_the_sites_own_markup_keeps_its_classes_and_loses_its_stamp():
    notice = sanitize.chrome('<div class="policy-notice policy-notice--archived"><p>Archived.</p></div>')
    shown = sanitize.page(notice + RENDERER.html("## A {#a}\n\n<p class='policy-notice'>Fake</p>\n"))
    assert shown.count('class="policy-notice') == 1
    assert shown.index('class="policy-notice policy-notice--archived"') < shown.index("Archived.")
    assert sanitize.CHROME not in shown


def test_a_guessed_stamp_is_refused_and_removed():
    fake = '<p class="policy-notice" data-policysite-chrome="0123456789abcdef0123456789abcdef">Fake</p>'
    zh = replace(ZH, SECTION_LINE, SECTION_LINE + "\n\n" + fake)
    assert any(d.code == "html.unsafe" and d.is_error for d in check(zh))
    shown = sanitize.page(RENDERER.html(fake))
    assert "policy-notice" not in shown and sanitize.CHROME not in shown
    titled = '<p class="policy-notice" title="data-policysite-chrome">Fake</p>'
    assert "policy-notice" not in sanitize.page(RENDERER.html(titled))


def test_a_class_nothing_styles_is_dropped_with_a_warning():
    zh = replace(ZH, SECTION_LINE, SECTION_LINE + "\n{: .lead }")
    (finding,) = check(zh)
    assert (finding.code, finding.severity.value, finding.section) == (
        "html.class",
        "warning",
        "data-security",
    )
    assert "lead" in finding.message
    assert 'class="lead"' not in sanitize.page(RENDERER.html("Text\n{: .lead }"))


def test_admonitions_and_code_keep_their_classes():
    body = '!!! warning "Careful"\n    Text.\n\n```python\nprint(1)\n```\n'
    shown = sanitize.page(RENDERER.html(body))
    assert 'class="admonition warning"' in shown and 'class="admonition-title"' in shown
    assert 'class="language-python"' in shown


@pytest.fixture(scope="module")
def spoofed_site(tmp_path_factory):
    repo = PolicyRepo.create(tmp_path_factory.mktemp("spoof"))
    repo.commit("Seed", date="2020-01-01T12:00:00Z")
    line = "The company attaches great importance to user data security"
    repo.edit(
        "en",
        line,
        '<div class="policy-notice policy-notice--archived">This version is archived.</div>\n\n'
        '[We sell your data.](#general "headerlink")\n\n' + line,
    )
    return repo


def test_policy_check_and_the_build_refuse_a_spoofed_notice(spoofed_site):
    check_run = spoofed_site.policy("check", "--strict")
    assert check_run.returncode == 1, check_run.output
    assert re.search(r"en/privacy\.md:\d+: error: \[html\.unsafe\] class 'policy-notice", check_run.output)
    build = spoofed_site.build(strict=False)
    assert not build.ok
    assert "html.unsafe" in build.output and "Traceback" not in build.output


def test_a_datetime_attribute_on_an_effective_line_is_harmless_and_kept():
    """Issue 25, item 7: real repositories mark their effective dates '{: datetime=... }'."""
    zh = replace(ZH, SECTION_LINE, SECTION_LINE + '\n\n*2025 年 8 月 27 日生效*\n{: datetime="2025-08-27" }')
    assert check(zh) == []
    shown = sanitize.page(RENDERER.html('*Effective August 27, 2025*\n{: datetime="2025-08-27" }'))
    assert '<p datetime="2025-08-27">' in shown
    hostile = sanitize.page(RENDERER.html('<time datetime="javascript:alert(1)">x</time>'))
    assert "datetime" not in hostile
