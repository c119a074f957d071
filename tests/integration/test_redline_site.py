"""Rendered redlines on a built site (issues 14, 11 and 10): five versions written with real Markdown.

The history (``tests/redline_history.py``) is committed to a real git
repository and built with ``mkdocs build --strict``; the tests read the redline
pages, the compare data and ``policy diff``.
"""

from __future__ import annotations

import filecmp
import json
import re

import pytest
from redline_history import POLICY, VERSIONS, around_marks, build, make_redline_history, marks, visible

from policysite import locale

V1, V2, V3, V4, V5 = VERSIONS
PREFIX = {"en": "", "zh-TW": "zh-TW/"}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    repo = make_redline_history(tmp_path_factory.mktemp("redlines") / "repo")
    result = build(repo)
    assert result.ok, result.output
    return repo, result


def redline(built, lang: str, version: str) -> str:
    page = built[1].page(f"{PREFIX[lang]}{POLICY}/changes/{version}")
    # The redline ends where the page's own footer for auditors (or the article) begins.
    match = re.search(
        r'<div class="redline">.*?</div>(?=\s*(?:<p class="policy-auditors">|</article>))', page, re.DOTALL
    )
    assert match, page
    return match.group(0)


def section(markup: str, key: str | None) -> str:
    if key is None:  # the intro: the first section, without an id
        return re.search(r"<section[^>]*>.*?</section>", markup, re.DOTALL).group(0)
    return re.search(rf'<section[^>]*\bid="{key}"[^>]*>.*?</section>', markup, re.DOTALL).group(0)


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_redline_pages_show_the_rendered_text_not_markdown(built, lang):
    for version in VERSIONS:
        text = visible(redline(built, lang, version))
        for syntax in ("*", "{:", "](", "](#", "|", "---"):
            assert syntax not in text, (version, syntax, text)
    markup = redline(built, lang, V2)
    assert "<em>" in markup and "<strong>" in markup and "<table>" in markup and "<ol>" in markup
    assert '<a href="https://example.com/terms">' in markup


def test_english_marks_are_whole_words_numbers_and_dates(built):
    markup = redline(built, "en", V2)
    assert marks(markup) == [
        ("del", "7 March 2024"),
        ("ins", "3 April 2024"),
        ("del", "2021-10-11"),
        ("ins", "2024-04-03"),
        ("del", "30"),
        ("ins", "60"),
        ("del", "partners"),
        ("ins", "advertisers"),
        ("del", "30"),
        ("ins", "60"),
    ]
    for version in VERSIONS[1:]:
        for before, text, after in around_marks(redline(built, "en", version)):
            assert not (before.isalnum() and text[:1].isalnum()), (version, before, text)
            assert not (after.isalnum() and text[-1:].isalnum()), (version, text, after)


def test_chinese_marks_are_characters_and_never_cut_a_number(built):
    markup = redline(built, "zh-TW", V2)
    assert marks(markup) == [
        ("del", "2024 年 3 月 7 日"),
        ("ins", "2024 年 4 月 3 日"),
        ("del", "2021-10-11"),
        ("ins", "2024-04-03"),
        ("del", "30"),
        ("ins", "60"),
        ("del", "與"),
        ("ins", "向"),
        ("del", "30"),
        ("ins", "60"),
    ]
    for version in VERSIONS[1:]:
        for before, text, after in around_marks(redline(built, "zh-TW", version)):
            assert not (before.isdigit() and text[:1].isdigit()), (version, before, text)
            assert not (after.isdigit() and text[-1:].isdigit()), (version, text, after)


@pytest.mark.parametrize(
    "lang,expected",
    [("en", [("del", "partners"), ("ins", "advertisers")]), ("zh-TW", [("del", "與"), ("ins", "向")])],
)
def test_a_one_word_or_one_character_change_is_marked_as_exactly_that(built, lang, expected):
    sharing = section(redline(built, lang, V2), "sharing")
    assert marks(sharing.split("<table>")[0]) == expected


@pytest.mark.parametrize(
    "lang,old,new",
    [
        (
            "en",
            "Our engineers review every change to the systems that store your data before it is deployed.",
            "Access to production systems requires two-factor authentication.",
        ),
        (
            "zh-TW",
            "我們的工程師會在部署前審查儲存您資料之系統的每一項變更。",
            "存取正式環境須經雙重驗證,並全程記錄。",
        ),
    ],
)
def test_a_rewritten_paragraph_is_one_deletion_and_one_insertion(built, lang, old, new):
    assert marks(section(redline(built, lang, V3), "security")) == [("del", old), ("ins", new)]


@pytest.mark.parametrize("lang,note", [("en", "link target changed from"), ("zh-TW", "連結目標由")])
def test_a_link_target_change_marks_the_link_and_notes_the_new_target(built, lang, note):
    intro = section(redline(built, lang, V3), None)
    assert marks(intro) == []
    assert re.search(
        r'<a href="https://example.com/terms-of-use"><mark class="redline-attr">[^<]+</mark></a>'
        r'<span class="redline-note">\[' + note,
        intro,
    ), intro
    assert "https://example.com/terms-of-use]" in visible(intro)
    cookies = section(redline(built, lang, V3), "cookies")
    assert '<p class="tip">' in cookies and "redline-note" in cookies


@pytest.mark.parametrize("lang,old,new", [("en", "Policy", "Notice"), ("zh-TW", "政策", "聲明")])
def test_a_title_change_shows_on_the_redline_page(built, lang, old, new):
    intro = section(redline(built, lang, V4), None)
    assert "redline-section--changed" in intro
    assert marks(intro) == [("del", old), ("ins", new)]


@pytest.mark.parametrize("lang,old,new", [("en", "Policy", "Notice"), ("zh-TW", "政策", "聲明")])
def test_a_title_change_shows_in_policy_diff(built, policy, lang, old, new):
    run = policy(built[0], "diff", POLICY, V3, V4, "--lang", lang)
    assert run.returncode == 0, run.output
    assert re.search(r"^# \(intro\)  \[changed\]$", run.stdout, re.MULTILINE), run.stdout
    assert f"[-{old}-]{{+{new}+}}" in run.stdout
    assert "**" not in run.stdout and "](" not in run.stdout


def test_policy_diff_shows_lists_tables_and_link_changes_as_text(built, policy):
    run = policy(built[0], "diff", POLICY, V3, V4)
    assert "2. [-Your password, stored as a hash.-]" in run.stdout
    assert "| {+Invoices+} | {+7 years+} |" in run.stdout
    run = policy(built[0], "diff", POLICY, V2, V3)
    assert (
        "terms of use (link target changed from https://example.com/terms to https://example.com/terms-of-use)"
        in run.stdout
    )


@pytest.mark.parametrize("lang,mark", [("en", "renumbered 3 → 2"), ("zh-TW", "編號 3 → 2")])
def test_a_removed_list_item_keeps_its_number_and_the_item_after_it_is_marked_renumbered(built, lang, mark):
    accounts = section(redline(built, lang, V4), "accounts")
    assert accounts.count("<ol>") == 1
    # The deleted item shows its old number (2); the item after it its new one (2, was 3), marked.
    assert re.findall(r'<li value="(\d)">', accounts) == ["1", "2", "2"]
    items = re.findall(r"<li [^>]*>(.*?)</li>", accounts)
    assert "<del>" in items[1] and "redline-renumbered" not in items[1]
    assert re.match(rf'<span class="redline-renumbered"><span aria-hidden="true">{mark}</span>', items[2])
    said = {"en": "[renumbered from 3 to 2] ", "zh-TW": "［編號由 3 改為 2］"}[lang]
    assert f'<span class="sr-only">{said}</span>' in items[2]
    # The one renumbering of the whole history (no heading is renumbered in it).
    for version in VERSIONS:
        found = redline(built, lang, version).count("redline-renumbered")
        assert found == (1 if version == V4 else 0), version


def test_added_and_removed_sections(built):
    markup = redline(built, "en", V5)
    assert "redline-section--removed" in section(markup, "cookies")
    assert marks(section(markup, "children")) == [
        ("ins", "6. Children"),
        ("ins", "We do not knowingly collect data from children under 13."),
    ]


def test_the_compare_data_is_the_rendered_text(built):
    for lang in ("en", "zh-TW"):
        for version in VERSIONS:
            data = json.loads(built[1].page(f"{PREFIX[lang]}{POLICY}/versions/{version}.json"))
            assert (data["policy"], data["version"], data["lang"]) == (POLICY, version, lang)
            text = json.dumps([s["b"] for s in data["sections"]], ensure_ascii=False)
            assert "**" not in text and "{:" not in text and "](" not in text
    index = json.loads(built[1].page(f"{POLICY}/versions/index.json"))
    assert index["root"] == "../../" and set(index["redline"]) == {"en", "zh-TW"}


def test_a_warm_build_is_byte_identical_to_a_cold_one(built, tmp_path):
    repo, cold = built
    assert (repo.root / ".cache" / "policysite").is_dir()  # the first build left its cache
    # ... with the archived pages' bodies and the theme's templates, compiled
    assert list((repo.root / ".cache" / "policysite").glob("bodies-*.pickle"))
    assert list((repo.root / ".cache" / "policysite" / "templates").iterdir())
    warm = build(repo, tmp_path / "warm")
    assert warm.ok, warm.output
    files = sorted(p.relative_to(cold.site).as_posix() for p in cold.site.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(warm.site).as_posix() for p in warm.site.rglob("*") if p.is_file())
    _, mismatch, errors = filecmp.cmpfiles(cold.site, warm.site, files, shallow=False)
    assert not mismatch and not errors, mismatch[:10]


def test_pages_handed_over_as_html_are_what_markdown_would_make_of_them(built):
    """The build skips the Markdown conversion of generated HTML pages (redlines, the changelog,
    the translations page): on the site's own Markdown settings, each converts to itself."""
    from mkdocs.config import load_config

    from policysite import sanitize
    from policysite.render import Renderer

    repo, result = built
    renderer = Renderer.for_config(load_config(str(repo.root / "mkdocs.yml")))
    staged = repo.root / ".staging"
    pages = [
        *staged.glob(f"*/{POLICY}/changes/*.md"),
        *staged.glob("*/changelog.md"),
        *staged.glob("*/translations.md"),
    ]
    assert len(pages) == 2 * (len(VERSIONS) + 2)
    for path in pages:
        body = path.read_text(encoding="utf-8").split("\n---\n", 1)[1]
        assert renderer.html(body) == body.strip(), path
    # ... and the page MkDocs wrote holds that HTML, sanitized like every page.
    page = result.page(f"zh-TW/{POLICY}/changes/{VERSIONS[1]}")
    body = (staged / "zh-TW" / POLICY / "changes" / f"{VERSIONS[1]}.md").read_text(encoding="utf-8")
    assert sanitize.clean(body.split("\n---\n", 1)[1].strip()) in page


# ---------------------------------------------------------------- issue 27, item 5


def page_ids(page: str) -> list[str]:
    return re.findall(r'\sid="([^"]+)"', page)


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_each_redline_lists_its_changed_sections_with_links_to_them(built, lang):
    for version in VERSIONS[1:]:
        page = built[1].page(f"{PREFIX[lang]}{POLICY}/changes/{version}")
        markup = redline(built, lang, version)
        listed = re.search(r'<div class="redline-changes" id="redline-changes"[^>]*>(.*?)</div>', markup)
        assert listed and markup.index(listed.group(0)) < markup.index("<section"), version
        targets = re.findall(r'<a href="#([^"]+)">', listed.group(1))
        # The sections that changed, in reading order, each listed once (unchanged ones not).
        changed = re.findall(
            r'<section class="redline-section redline-section--(?!unchanged)[a-z]+" id="([^"]+)">', markup
        )
        assert targets == changed and targets, version
        # Every link of the list and between changes resolves to one element of the page.
        ids = page_ids(page)
        for target in targets + re.findall(r'class="redline-nav-[a-z]+" href="#([^"]+)"', markup):
            assert ids.count(target) == 1, (version, target)
    # The version of 2022.04.03 changed the intro, two sections and a table: linked one to the next.
    markup = redline(built, lang, V2)
    assert re.findall(r'<a href="#([^"]+)">', markup.split("</ul>")[0]) == [
        "redline-intro",
        "accounts",
        "sharing",
    ]
    accounts = section(markup, "accounts")
    assert 'class="redline-nav-previous" href="#redline-intro"' in accounts
    assert 'class="redline-nav-next" href="#sharing"' in accounts
    words = {"en": ("Sections changed: 3", "Next change"), "zh-TW": ("3 個有變更的章節", "下一處變更")}[lang]
    assert all(word in visible(markup) for word in words)


@pytest.mark.parametrize(
    "lang,says,sample",
    [
        (
            "en",
            "This is the first published version of this policy",
            "We never share your data with partners.",
        ),
        ("zh-TW", "此為本政策首次發布的版本", "我們絕不與合作夥伴分享您的資料。"),
    ],
)
def test_the_first_version_page_shows_its_text_plainly(built, lang, says, sample):
    page = built[1].page(f"{PREFIX[lang]}{POLICY}/changes/{V1}")
    assert says in page and locale.text(lang, "first_version") in page
    markup = redline(built, lang, V1)
    for marked in ("<ins", "<del", "redline-status", "redline-changes", "redline-nav", "redline-renumbered"):
        assert marked not in markup, marked
    assert sample in visible(markup)
    assert markup.count("redline-section--published") == 6  # the intro and five sections, none folded
    assert "<details" not in markup and '<li value="3">' in markup


RENUMBERED_EN = """---
title: Terms
version: {version}
---

# Terms

Intro.

## 1. Scope {{#scope}}

These terms cover the service.
{fees}
## {duties}. Duties {{#duties}}

1. Pay on time.
{records}3. Report problems.

## {contact}. Contact {{#contact}}

See [the duties](#duties).
"""
RENUMBERED_ZH = """---
title: 條款
version: {version}
---

# 條款

前言。

## 1. 範圍 {{#scope}}

本條款適用於本服務。
{fees}
## {duties}. 義務 {{#duties}}

1. 準時付款。
{records}3. 回報問題。

## {contact}. 聯絡 {{#contact}}

請參閱[義務](#duties)。
"""


@pytest.fixture(scope="module")
def renumbered(tmp_path_factory):
    """Two versions of a policy: the second inserts a section before "Duties" (2. -> 3.) and
    "Contact" (3. -> 4.), and deletes the second of three items of a numbered list."""
    from gitrepo import PolicyRepo

    repo = PolicyRepo.create(tmp_path_factory.mktemp("renumbered") / "repo", copy_policies=False)
    versions = {
        "2022.01.01": {
            "fees": ("", ""),
            "duties": 2,
            "contact": 3,
            "records": ("2. Keep records.\n", "2. 保存紀錄。\n"),
        },
        "2023.01.01": {
            "fees": ("\n## 2. Fees {#fees}\n\nNo fees.\n", "\n## 2. 費用 {#fees}\n\n不收費用。\n"),
            "duties": 3,
            "contact": 4,
            "records": ("", ""),
        },
    }
    for version, parts in versions.items():
        for index, (lang, text) in enumerate((("en", RENUMBERED_EN), ("zh-TW", RENUMBERED_ZH))):
            values = {k: v[index] if isinstance(v, tuple) else v for k, v in parts.items()}
            repo.write(lang, "terms", text.format(version=version, **values))
        repo.commit(f"terms: version {version}", version.replace(".", "-") + "T09:00:00Z")
    result = build(repo)
    assert result.ok, result.output
    return result


@pytest.mark.parametrize("lang,word", [("en", "renumbered"), ("zh-TW", "編號")])
def test_renumbered_sections_and_list_items_are_marked_on_the_built_redline(renumbered, lang, word):
    page = renumbered.page(f"{PREFIX[lang]}terms/changes/2023.01.01")
    markup = re.search(
        r'<div class="redline">.*?</div>(?=\s*(?:<p class="policy-auditors">|</article>))', page, re.DOTALL
    ).group(0)
    found = re.findall(r'<span class="redline-renumbered"><span aria-hidden="true">([^<]*)</span>', markup)
    # In the list of changes (Duties, Contact), in their headings, and on the item after the deleted one.
    assert found == [f"{word} 2 → 3", f"{word} 3 → 4", f"{word} 2 → 3", f"{word} 3 → 2", f"{word} 3 → 4"]
    listed = re.findall(r'<a href="#([^"]+)">', markup.split("</ul>")[0])
    assert listed == ["fees", "duties", "contact"] and all(page_ids(page).count(t) == 1 for t in listed)
    duties = section(markup, "duties")
    assert re.findall(r'<li value="(\d)">', duties) == ["1", "2", "2"]
    # The heading's own number is marked too: the old struck, the new inserted.
    assert marks(duties.split("</h2>")[0]) == [("del", "2"), ("ins", "3")]
