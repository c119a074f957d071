"""Issue 25, item 4: section IDs in any script, as GitHub's anchors are.

A heading whose GitHub anchor has letters outside ASCII (``第一條 目的`` -> ``第一條-目的``,
``Café Rules`` -> ``café-rules``) or ``_`` keeps that anchor as its section ID, so outside
links land.  An ID holds letters, combining marks (never first), numbers, ``-`` and ``_`` of
any script, lowercase where the script has case, in NFC; never a space, punctuation, a
symbol, a control or format character (bidirectional overrides and isolates, zero-width
characters), a letter that shows nothing, or ``__`` first.  The repository tests run the
real ``policy`` command and a real ``mkdocs build --strict`` on a real git repository.
"""

from __future__ import annotations

import html
import json
import re
import time

import pytest
from gitrepo import PolicyRepo, policy_text
from histories import epoch

from policysite import blockscan, idsyntax, permanence, record, render, sanitize, sources
from policysite.pages import current

EN_BODY = """\
Read [the purpose](#第一條-目的), [the café rules](#café-rules) and [the names](#the-snake_case-names).

## 第一條 目的

We explain why we keep data.

## Café Rules

Coffee is free.

## Straße

The street outside.

## The snake_case Names

Names are written in snake case.
"""
ZH_BODY = """\
請先閱讀[目的](#第一條-目的)、[咖啡館規則](#café-rules)與[名稱](#the-snake_case-names)。

## 第一條 目的

我們說明保存資料的原因。

## 咖啡館規則

咖啡免費。

## 街道

外面的街道。

## 蛇形命名

名稱以蛇形命名書寫。
"""
IDS = ["第一條-目的", "café-rules", "straße", "the-snake_case-names"]
PURPOSE = "第一條-目的"


def heading_ids(text: str) -> list[str]:
    return re.findall(r"(?m)^#{2,6} .*\{#([^}\s]+)\}$", text)


def check_and_build(repo: PolicyRepo, day: str):
    check = repo.policy("check", "--strict")
    assert check.returncode == 0, check.output
    build = repo.build(strict=True, env={"SOURCE_DATE_EPOCH": epoch(day)})
    assert build.ok, build.output
    return build


@pytest.fixture(scope="module")
def adopted(tmp_path_factory):
    """A bilingual repository as GitHub showed it, given GitHub's anchors as IDs, built; then a later
    version that changes the section ``第一條-目的``, built again."""
    repo = PolicyRepo.create(tmp_path_factory.mktemp("unicode") / "repo", copy_policies=False)
    repo.write("en", "privacy", policy_text("Privacy Policy", "2024.01.01", EN_BODY))
    repo.write("zh-TW", "privacy", policy_text("隱私權政策", "2024.01.01", ZH_BODY))
    repo.commit("Privacy 2024.01.01, as it was on GitHub", "2024-01-01T10:00:00Z")
    run = repo.policy("ids", "--write", "--style", "github")
    assert run.returncode == 0 and "Traceback" not in run.output, run.output
    written = {lang: repo.read(lang) for lang in ("en", "zh-TW")}
    repo.commit("Section IDs", "2024-02-01T10:00:00Z", trailers={"Policy-Change": "editorial"})
    first = check_and_build(repo, "2024-03-01")
    repo.edit("en", "We explain why we keep data.", "We explain why and how long we keep data.")
    repo.edit("zh-TW", "我們說明保存資料的原因。", "我們說明保存資料的原因與期間。")
    repo.set_version("privacy", "2024.04.01")
    repo.commit("Privacy 2024.04.01: how long", "2024-03-15T10:00:00Z")
    later = check_and_build(repo, "2024-05-01")
    return written, first, later


def test_github_style_writes_githubs_anchors_in_any_script(adopted):
    written, _, _ = adopted
    for lang in ("en", "zh-TW"):
        assert heading_ids(written[lang]) == IDS, lang
    assert "## 第一條 目的 {#第一條-目的}" in written["zh-TW"]
    assert "## 蛇形命名 {#the-snake_case-names}" in written["zh-TW"]
    assert "aliases" not in written["en"]  # the IDs are the anchors: nothing to keep


@pytest.mark.parametrize("prefix", ["", "zh-TW/"])
def test_the_pages_carry_the_ids_their_permalinks_and_in_page_links(adopted, prefix):
    _, first, _ = adopted
    page = first.page(f"{prefix}privacy")
    for section_id in IDS:
        assert re.search(rf'<h2 id="{section_id}">', page), (prefix, section_id)
        # The permalink as the toc extension writes it, kept by the build as the site's own.
        permalink = rf'<h2 id="{section_id}">[^<]*<a class="headerlink" href="#{section_id}"'
        assert re.search(permalink, page), (prefix, section_id)
        # The table of contents links to it.
        assert re.search(rf'<a href="#{section_id}" class="md-nav__link">', page), (prefix, section_id)
    for linked in ("第一條-目的", "café-rules", "the-snake_case-names"):
        assert f'<a href="#{linked}">' in page, (prefix, linked)  # the in-page links
    assert "{#" not in html.unescape(re.sub(r"<[^>]+>", "", page))  # no attribute list shown as text


@pytest.mark.parametrize("prefix", ["", "zh-TW/"])
def test_a_later_versions_redline_and_compare_data_read_the_section(adopted, prefix):
    _, _, later = adopted
    lang = "zh-TW" if prefix else "en"
    redline = later.page(f"{prefix}privacy/changes/2024.04.01")
    section = re.search(rf'<section[^>]*\bid="{PURPOSE}"[^>]*>.*?</section>', redline, re.DOTALL)
    assert section, redline
    assert "<ins" in section.group(0), section.group(0)
    assert ("how long" if lang == "en" else "期間") in section.group(0)
    for other in IDS[1:]:  # unchanged: folded, not marked
        block = re.search(rf'<section[^>]*\bid="{other}"[^>]*>.*?</section>', redline, re.DOTALL)
        assert block is not None and "<ins" not in block.group(0), other
    data = json.loads(later.page(f"{prefix}privacy/versions/2024.04.01.json"))
    assert [s["id"] for s in data["sections"]][1:] == IDS
    text = json.dumps(data["sections"][1], ensure_ascii=False)
    assert ("how long" if lang == "en" else "期間") in text and "{#" not in text
    # The current page says when the section last changed, linking to it on the redline.
    page = later.page(f"{prefix}privacy")
    assert re.search(rf'href="[^"]*changes/2024\.04\.01/#{PURPOSE}"', page), page


# ---------------------------------------------------------------- hostile IDs

HOSTILE = [
    ("rules\u202e", "U+202E RIGHT-TO-LEFT OVERRIDE"),
    ("ru\u2066les", "U+2066 LEFT-TO-RIGHT ISOLATE"),
    ("ru\u200bles", "U+200B ZERO WIDTH SPACE"),
    ("ru\u200dles", "U+200D ZERO WIDTH JOINER"),
    ("\ufeffrules", "U+FEFF ZERO WIDTH NO-BREAK SPACE"),
    ("ru\u00adles", "U+00AD SOFT HYPHEN"),
    ("ru\x7fles", "U+007F"),
    ("ru\u3164les", "U+3164 HANGUL FILLER"),
    ("rules\ufe0f", "U+FE0F VARIATION SELECTOR-16"),
    ("\u0301rules", "U+0301 COMBINING ACUTE ACCENT"),
    ("cafe\u0301", "normal form C"),
    ("Café", "'C' is a capital letter"),
    ("__rules", "'__'"),
    ("-rules", "starts with"),
    ("ru.les", "U+002E FULL STOP"),
    ("ru%les", "U+0025 PERCENT SIGN"),
    ("第一條。目的", "U+3002 IDEOGRAPHIC FULL STOP"),
    ("ⓐ-rules", "U+24D0 CIRCLED LATIN SMALL LETTER A"),
]


@pytest.mark.parametrize("bad,named", HOSTILE, ids=[ascii(b) for b, _ in HOSTILE])
def test_a_hostile_section_id_is_refused_naming_the_character(bad, named):
    assert not idsyntax.valid_id(bad)
    assert named in idsyntax.id_problem(bad)
    text = policy_text("Privacy Policy", "2024.01.01", f"Intro.\n\n## Rules {{#{bad}}}\n\nText.\n")
    document, found = sources.parse(text.encode(), "en/privacy.md")
    # A zero-width space or BOM is a look-alike space too: the ID Markdown would not see, named.
    errors = [d for d in found if d.code in ("heading.bad-id", "source.lookalike")]
    assert [(d.file, d.line) for d in errors] == [("en/privacy.md", 10)], found
    assert named in errors[0].message
    assert permanence.heading_ids(text.encode()) == []  # never taken for a published ID


@pytest.mark.parametrize(
    "good", ["第一條-目的", "café-rules", "straße", "a_b", "_a", "2024", "привет-мир", "क्षत्रिय", "ⅳ-scope"]
)
def test_ids_in_any_script(good):
    assert idsyntax.id_problem(good) is None
    assert sanitize.clean(f'<h2 id="{good}">x</h2>') == f'<h2 id="{good}">x</h2>'
    assert permanence.heading_ids(f"## X {{#{good}}}\n".encode())[0].id == good


def test_hostile_ids_fail_the_check_at_their_line(tmp_path):
    repo = PolicyRepo.create(tmp_path / "repo", copy_policies=False)
    repo.set_extra("extra:\n  policies:\n    untranslated: info\n")
    body = (
        "Intro.\n\n## 第一條 目的 {#第一條-目的\u202e}\n\nText.\n\n## Rules {#ru\u200dles}\n\nMore.\n\n"
        "A note.\n{: #note\u2066 }\n"
    )
    repo.write("en", "privacy", policy_text("Privacy Policy", "2024.01.01", body))
    run = repo.policy("check")
    assert run.returncode == 1 and "Traceback" not in run.output, run.output
    shown = run.stdout
    assert "\u202e" not in shown and "\u2066" not in shown  # shown escaped
    assert re.search(r"en/privacy\.md:10:.*heading\.bad-id.*U\+202E RIGHT-TO-LEFT OVERRIDE", shown), shown
    assert re.search(r"en/privacy\.md:14:.*heading\.bad-id.*U\+200D ZERO WIDTH JOINER", shown), shown
    assert re.search(r"en/privacy\.md:19:.*html\.unsafe.*U\+2066 LEFT-TO-RIGHT ISOLATE", shown), shown


# ---------------------------------------------------------------- every place that recognises an ID


def test_the_permalink_of_a_unicode_id_is_recognised_exactly():
    renderer = render.Renderer()
    raw = renderer.html("## 第一條 目的 {#第一條-目的}\n\n## Café {#café}\n\n## Hindi {#क्षत्रिय}")
    for markup in (raw, sanitize.clean(raw)):
        assert len(renderer.permalink.findall(markup)) == 3, markup
        assert "headerlink" not in renderer.permalink.sub("", markup)
    # A source's link that is no permalink (another character in its target) is text like any other.
    fake = '<h2>x<a class="headerlink" href="#a&quot;b" title="Permanent link">¶</a></h2>'
    assert renderer.permalink.search(fake) is None


def test_attribute_lists_are_read_as_attr_list_reads_them():
    assert blockscan.read_heading("## 第一條 目的 {#第一條-目的}") == (2, "第一條 目的", PURPOSE, True)
    assert blockscan.read_heading('## T {: #a title="see #t"}')[2] == "a"
    assert blockscan.read_heading("## T {#a id=b}")[2] == "b"  # attr_list's last ID wins
    # U+3000 is no separator for attr_list: one ID, and not a valid one.
    assert blockscan.read_heading("## T {#第一條\u3000目的}")[2] == "第一條\u3000目的"
    for line in ("## T {#a id=b}", "## 第一條 目的 {#第一條-目的}"):
        rendered = render.Renderer().html(line)
        assert f'id="{blockscan.read_heading(line)[2]}"' in rendered


def test_adding_a_unicode_id_changes_no_wording():
    assert record._id_only().sub("", "## 第一條 目的 {#第一條-目的}\n\nText {: #café }") == (
        "## 第一條 目的 \n\nText "
    )


def test_the_current_pages_heading_pattern_takes_the_whole_id():
    body = "## 第一條 目的 {#第一條-目的}\n\n## X {#a.b}\n\n## Y {: #straße .c }\n"
    assert [m.group(2) for m in current._HEADING.finditer(body)] == [PURPOSE, "straße"]


def test_id_checks_stay_linear():
    for make in (
        lambda n: "a" * n + "\u202e",
        lambda n: "第" * n,
        lambda n: "a\u0301" * n,
    ):
        started = time.process_time()
        idsyntax.id_problem(make(200_000))
        assert time.process_time() - started < 2
    line = "## x " + "{#a" * 100_000 + "\n"
    started = time.process_time()
    list(current._HEADING.finditer(line))
    record._id_only().sub("", line)
    permanence.heading_ids(line.encode())
    assert time.process_time() - started < 2


def test_a_unicode_id_can_be_kept_as_an_alias_and_a_hostile_one_cannot():
    text = (
        "---\ntitle: T\nversion: 2024.01.01\naliases:\n  第一條-目的: purpose\n"
        '  "bad\\u202eid": purpose\n---\n\n# T\n\n## Purpose {#purpose}\n\nX.\n'
    )
    document, _ = sources.parse(text.encode(), "en/privacy.md")
    mapping, problems = permanence.aliases(document)
    assert mapping == {PURPOSE: "purpose"}
    assert [(d.code, d.line) for d in problems] == [("front-matter.aliases", 4)], problems
