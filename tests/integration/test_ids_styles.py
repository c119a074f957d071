"""Issue 25, item 4: the anchors the world already links to.

``policy ids --write --style github`` (or the ``slug_style: github`` setting) writes
each section ID exactly as GitHub renders the heading's anchor; the default style
drops a leading number, letter or Roman numeral the same way for each, and keeps
every in-page link valid by choosing the anchor a link names as the ID; with
``--keep-anchors`` the anchors another site rendered become aliases, so old links
land on the section.  The anchors are checked against github-slugger's algorithm
and its test fixtures; the rest runs the real ``policy`` command and a real
``mkdocs build --strict`` on real git repositories.
"""

from __future__ import annotations

import re

import pytest
import yaml
from gitrepo import PolicyRepo, policy_text
from histories import epoch

from policysite import ids, sanitize, sources

# Heading text -> the anchor GitHub renders for it (github-slugger's algorithm and fixtures:
# lowercase; letters, marks, digits, '_', '-' and spaces kept, everything else removed; each
# space a hyphen; no length cut).
GITHUB = [
    ("1. Account Controls", "1-account-controls"),
    ("4.2 Information", "42-information"),
    ("4.2 Information We Obtain", "42-information-we-obtain"),
    ("10. Limitation of Liability", "10-limitation-of-liability"),
    ("A. Definitions", "a-definitions"),
    ("B. Scope", "b-scope"),
    ("H. Changes", "h-changes"),
    ("I. Definitions", "i-definitions"),
    ("V. Scope", "v-scope"),
    ("X. Other", "x-other"),
    ("IV. Disputes", "iv-disputes"),
    ("(a) Notices", "a-notices"),
    ("What's a fork?", "whats-a-fork"),
    ("apostrophe’s should be trimmed", "apostrophes-should-be-trimmed"),
    ("Terms & Conditions", "terms--conditions"),
    ("Terms &amp; Conditions", "terms--conditions"),
    ("Q&A", "qa"),
    ("Data: Retention (Overview)", "data-retention-overview"),
    ("heading with a - dash", "heading-with-a---dash"),
    ("heading with a period.txt", "heading-with-a-periodtxt"),
    ("heading with an _ underscore", "heading-with-an-_-underscore"),
    (
        "exchange.bind_headers(exchange, routing [, bindCallback])",
        "exchangebind_headersexchange-routing--bindcallback",
    ),
    ("I ♥ unicode", "i--unicode"),
    ("en–dash", "endash"),
    ("bravoCharlieDelta", "bravocharliedelta"),
    ("Привет non-latin 你好", "привет-non-latin-你好"),
    ("隱私權政策", "隱私權政策"),
    ("第一條 目的", "第一條-目的"),
    ("第 3 條：資料的蒐集", "第-3-條資料的蒐集"),
    ("Café “Quotes” — and «more»", "café-quotes--and-more"),
    ("**Important:** read `this` first", "important-read-this-first"),
    ("*Scope* of [the Terms](terms.md)", "scope-of-the-terms"),
    ("<em>Raw</em> HTML heading", "raw-html-heading"),
    (
        "Information We Collect When You Use the Services, Visit Our Websites or Contact Our Support Team",
        "information-we-collect-when-you-use-the-services-visit-our-websites-or-contact-our-support-team",
    ),
]


@pytest.mark.parametrize("heading,anchor", GITHUB, ids=[h for h, _ in GITHUB])
def test_github_style_is_the_anchor_github_renders(heading, anchor):
    assert ids.slug(heading, "github") == anchor


def test_repeated_headings_get_githubs_suffixes():
    # github-slugger's fixtures, in order.
    slugger = ids.GithubSlugger()
    seen = [
        slugger.slug(t)
        for t in ("echo", "echo", "echo 1", "echo-1", "echo", "foxtrot-1", "foxtrot", "foxtrot")
    ]
    assert seen == ["echo", "echo-1", "echo-1-1", "echo-1-2", "echo-2", "foxtrot-1", "foxtrot", "foxtrot-2"]
    # In a document the title counts too, as on GitHub; MkDocs' toc suffixes are '_1'.
    document, _ = sources.parse(
        policy_text(
            "Definitions",
            "2024.01.01",
            "Intro.\n\n## Definitions\n\nA.\n\n## Scope\n\nB.\n\n### Scope\n\nC.\n",
        ).encode(),
        "en/privacy.md",
    )
    former = ids.former_anchors(document)
    assert [f["github"] for f in former] == ["definitions-1", "scope", "scope-1"]
    assert [f["mkdocs"] for f in former] == ["definitions_1", "scope", "scope_1"]


@pytest.mark.parametrize(
    "heading,expected",
    [
        ("1. Account Controls", "account-controls"),
        ("4.2 Information We Obtain", "information-we-obtain"),
        ("4.2. Information", "information"),
        ("(3) Cookies", "cookies"),
        ("A. Definitions", "definitions"),
        ("H. Changes", "changes"),
        ("I. Definitions", "definitions"),
        ("V. Scope", "scope"),
        ("X. Other", "other"),
        ("IV. Disputes", "disputes"),
        ("(xii) Notices", "notices"),
        ("b) Transfers", "transfers"),
        ("A Note on Cookies", "a-note-on-cookies"),
        ("I Agree", "i-agree"),
        ("What's a fork?", "whats-a-fork"),
        ("Terms & Conditions", "terms-conditions"),
        ("x" * 70, "x" * 60),
    ],
)
def test_default_style_drops_every_kind_of_numbering_alike(heading, expected):
    assert ids.slug(heading) == expected


# ---------------------------------------------------------------- real repositories

EN_BODY = """\
We explain [the account controls](#1-account-controls), [forks](#whats-a-fork) and
[the terms](#terms--conditions).

## 1. Account Controls

You control your account.

## I. Definitions

Words mean what they say.

## V. Scope

This policy covers the services.

## X. Other

Everything else.

## What's a fork?

A copy of a repository. See [the definitions](#i-definitions).

## Terms & Conditions

The terms apply.

### Details

Some details.

## 4.2 Information We Collect When You Use the Services, Visit Our Websites or Contact Our Support Team

Names and e-mail addresses.

### Details

More details.
"""
EN_IDS = [
    "1-account-controls",
    "i-definitions",
    "v-scope",
    "x-other",
    "whats-a-fork",
    "terms--conditions",
    "details",
    "42-information-we-collect-when-you-use-the-services-visit-our-websites-or-contact-our-support-team",
    "details-1",
]
ZH_BODY = """\
我們說明[帳戶控制](#1-account-controls)、[分支](#whats-a-fork)與[條款](#terms--conditions)。

## 1. 帳戶控制

您控制您的帳戶。

## 一、定義

文字依其意義。

## 二、範圍

本政策涵蓋服務。

## 三、其他

其他一切。

## 什麼是分支？

儲存庫的副本。見[定義](#i-definitions)。

## 條款與條件

條款適用。

### 細節

一些細節。

## 4.2 我們蒐集的資訊

姓名與電子郵件地址。

### 細節

更多細節。
"""


def heading_ids(text: str) -> list[str]:
    return re.findall(r"(?m)^#{2,6} .*\{#([^}\s]+)\}$", text)


def adopted(tmp_path, bilingual: bool) -> PolicyRepo:
    """A repository as GitHub showed it: headings without IDs, links to GitHub's anchors."""
    repo = PolicyRepo.create(tmp_path / "repo", copy_policies=False)
    repo.write("en", "privacy", policy_text("Privacy Policy", "2024.01.01", EN_BODY))
    if bilingual:
        repo.write("zh-TW", "privacy", policy_text("隱私權政策", "2024.01.01", ZH_BODY))
    else:
        repo.set_extra("extra:\n  policies:\n    untranslated: info\n")
    repo.commit("Privacy 2024.01.01, as it was on GitHub", "2024-01-01T10:00:00Z")
    return repo


def built_and_checked(repo: PolicyRepo):
    """The IDs committed (an editorial change: the text reads the same), checked and built strictly."""
    repo.commit("Section IDs", "2024-02-01T10:00:00Z", trailers={"Policy-Change": "editorial"})
    check = repo.policy("check", "--strict")
    assert check.returncode == 0, check.output
    build = repo.build(strict=True, env={"SOURCE_DATE_EPOCH": epoch("2024-03-01")})
    assert build.ok, build.output
    return build


@pytest.mark.parametrize("bilingual", [False, True], ids=["english-only", "bilingual"])
def test_github_style_writes_githubs_anchors_and_in_page_links_resolve(tmp_path, bilingual):
    repo = adopted(tmp_path, bilingual)
    if bilingual:  # the setting, not the flag
        repo.set_extra("extra:\n  policies:\n    slug_style: github\n")
        run = repo.policy("ids", "--write")
    else:
        run = repo.policy("ids", "--write", "--style", "github")
    assert run.returncode == 0 and "Traceback" not in run.output, run.output
    assert heading_ids(repo.read("en")) == EN_IDS
    if bilingual:
        assert heading_ids(repo.read("zh-TW")) == EN_IDS
        assert "## 一、定義 {#i-definitions}" in repo.read("zh-TW")
    assert "aliases" not in repo.read("en")  # the IDs are the anchors: nothing to keep
    build = built_and_checked(repo)
    for prefix in ("", "zh-TW/") if bilingual else ("",):
        page = build.page(f"{prefix}privacy")
        for anchor in EN_IDS:
            assert f'id="{anchor}"' in page, (prefix, anchor)
        for link in ("1-account-controls", "whats-a-fork", "terms--conditions", "i-definitions"):
            assert f'href="#{link}"' in page, (prefix, link)


def test_the_flag_overrides_the_setting(tmp_path):
    repo = adopted(tmp_path, bilingual=False)
    repo.set_extra("extra:\n  policies:\n    untranslated: info\n    slug_style: github\n")
    run = repo.policy("ids", "--write", "--style", "default")
    assert run.returncode == 0, run.output
    # Linked headings keep the anchor their links name; the others get the default slug.
    assert heading_ids(repo.read("en")) == [
        "1-account-controls",
        "i-definitions",
        "scope",
        "other",
        "whats-a-fork",
        "terms--conditions",
        "details",
        "information-we-collect-when-you-use-the-services-visit-our-w",
        "details-2",
    ]


DEFAULT_BODY = """\
See [controls](#1-account-controls), [forks](#whats-a-fork), [terms](#terms-conditions) and
[sharing](#sharing-your-data).

## 1. Account Controls

You control your account.

## I. Definitions

Words mean what they say.

## What's a fork?

A copy.

## Terms & Conditions

The terms apply.

## 5. Sharing your data {#sharing-your-data}

We never share it.
"""
TERMS_BODY = """\
The [privacy definitions](privacy.md#i-definitions) apply.

## 1. Use

Use the service lawfully.
"""


def test_default_style_keeps_every_in_page_link_valid(tmp_path):
    repo = PolicyRepo.create(tmp_path / "repo", copy_policies=False)
    repo.set_extra("extra:\n  policies:\n    untranslated: info\n")
    repo.write("en", "privacy", policy_text("Privacy Policy", "2024.01.01", DEFAULT_BODY))
    repo.write("en", "terms", policy_text("Terms of Use", "2024.01.01", TERMS_BODY))
    repo.commit("Policies as they were", "2024-01-01T10:00:00Z")
    before = repo.policy("check", "--strict")
    assert before.returncode != 0  # headings without IDs
    run = repo.policy("ids", "--write")
    assert run.returncode == 0, run.output
    # GitHub's anchors (1-account-controls, whats-a-fork), MkDocs' toc anchor (terms-conditions)
    # and a link from another policy (i-definitions) each become the ID their links name.
    assert heading_ids(repo.read("en")) == [
        "1-account-controls",
        "i-definitions",
        "whats-a-fork",
        "terms-conditions",
        "sharing-your-data",
    ]
    assert heading_ids(repo.read("en", "terms")) == ["use"]  # no link: the default slug
    assert "aliases" not in repo.read("en")
    build = built_and_checked(repo)
    page = build.page("privacy")
    assert 'id="terms-conditions"' in page and 'href="#terms-conditions"' in page


def alias_note_ids(page: str, heading_id: str) -> list[str]:
    """The IDs of the alias notes right under the heading ``heading_id``."""
    start = page.index(f'id="{heading_id}"')
    after = page[start : page.index("<h", start + 10)]
    return re.findall(r'<p class="policy-alias" id="([^"]+)"', after)


def test_keep_anchors_makes_githubs_anchors_aliases_that_land_on_the_section(tmp_path):
    repo = PolicyRepo.create(tmp_path / "repo", copy_policies=False)
    # Without the in-page links: only outside links name the anchors.
    body = EN_BODY.split("\n", 3)[3].replace(" See [the definitions](#i-definitions).", "")
    zh = ZH_BODY.split("\n", 2)[2].replace("見[定義](#i-definitions)。", "")
    repo.write("en", "privacy", policy_text("Privacy Policy", "2024.01.01", body))
    repo.write("zh-TW", "privacy", policy_text("隱私權政策", "2024.01.01", zh))
    repo.commit("Privacy as it was on GitHub", "2024-01-01T10:00:00Z")
    run = repo.policy("ids", "--write", "--keep-anchors", "github")
    assert run.returncode == 0, run.output
    en = repo.read("en")
    assert heading_ids(en)[:5] == ["account-controls", "definitions", "scope", "other", "whats-a-fork"]
    meta = yaml.safe_load(en.split("---")[1])
    assert meta["aliases"]["1-account-controls"] == "account-controls"
    assert meta["aliases"]["i-definitions"] == "definitions"
    assert meta["aliases"]["v-scope"] == "scope"
    assert meta["aliases"]["terms--conditions"] == "terms-conditions"
    assert "whats-a-fork" not in meta["aliases"]  # the same as the ID
    # The Chinese headings' GitHub anchors are kept too (outside links to the translation land).
    assert meta["aliases"]["一定義"] == "definitions"
    assert meta["aliases"]["1-帳戶控制"] == "account-controls"
    assert '"一定義": "definitions"' in en  # written as it reads
    build = built_and_checked(repo)
    for prefix in ("", "zh-TW/"):
        page = build.page(f"{prefix}privacy")
        assert alias_note_ids(page, "account-controls") == ["1-account-controls", "1-帳戶控制"], prefix
        assert alias_note_ids(page, "definitions") == ["i-definitions", "一定義"], prefix


def test_github_style_writes_non_ascii_anchors_and_refuses_those_still_no_valid_id(tmp_path):
    repo = PolicyRepo.create(tmp_path / "repo", copy_policies=False)
    repo.set_extra("extra:\n  policies:\n    untranslated: info\n")
    body = "Intro.\n\n## 1. General\n\nA.\n\n## Café Rules\n\nB.\n\n## 第一條 目的\n\nC.\n"
    repo.write("en", "privacy", policy_text("Privacy Policy", "2024.01.01", body))
    run = repo.policy("ids", "--write", "--style", "github")
    assert run.returncode == 0 and "Traceback" not in run.output, run.output
    assert heading_ids(repo.read("en")) == ["1-general", "café-rules", "第一條-目的"]
    # A circled letter is kept by GitHub (an Alphabetic symbol) but is no letter: still refused.
    text = policy_text("Terms", "2024.01.01", "Intro.\n\n## 1. Use\n\nC.\n\n## Ⓐ Rules\n\nD.\n")
    repo.write("en", "terms", text)
    run = repo.policy("ids", "--write", "--style", "github")
    assert run.returncode == 2 and "Traceback" not in run.output, run.output
    assert (
        "en/terms.md:14: heading 'Ⓐ Rules': GitHub's anchor 'ⓐ-rules' is not a valid section ID "
        "(U+24D0 CIRCLED LATIN SMALL LETTER A is not a letter, a digit, '-' or '_')"
    ) in run.stdout, run.stdout
    assert "give the heading an ID by hand (e.g. '{#a-rules}')" in run.stdout
    assert repo.read("en", "terms") == text  # the policy is left unchanged


# ---------------------------------------------------------------- the front matter


@pytest.mark.parametrize(
    "front,expected",
    [
        ("title: T\n", {"1-a": "a", "2021": "b"}),
        ("title: T\naliases:\n  # renamed in 2023\n  old: a\n", {"old": "a", "1-a": "a", "2021": "b"}),
        ("title: T\naliases: {old: a}\nversion: 2024.01.01\n", {"old": "a", "1-a": "a", "2021": "b"}),
    ],
)
@pytest.mark.parametrize("newline,bom", [("\n", b""), ("\r\n", b"\xef\xbb\xbf")])
def test_aliases_are_added_to_the_front_matter(front, expected, newline, bom):
    text = f"---\n{front}---\n\n# T\n".replace("\n", newline)
    data = ids.add_aliases(bom + text.encode(), {"1-a": "a", "2021": "b"})
    assert data.startswith(bom) and (newline == "\n" or b"\n" not in data.replace(b"\r\n", b""))
    meta = yaml.safe_load(data[len(bom) :].decode().replace("\r\n", "\n").split("---")[1])
    assert meta["aliases"] == expected  # "2021" stays text
    assert meta["title"] == "T"
    if "renamed" in front:
        assert "# renamed in 2023" in data.decode()


def test_a_linked_anchor_that_is_not_the_id_becomes_an_alias_and_the_link_is_named():
    en, _ = sources.parse(
        policy_text(
            "T",
            "2024.01.01",
            "See [a](#terms--conditions) and [b](#terms-conditions).\n\n## Terms & Conditions\n\nX.\n",
        ).encode(),
        "en/privacy.md",
    )
    planned = ids.plan({"en": en}, "en", "github", (), ids.linked([en], "privacy"))
    assert [c.id for c in planned.changes] == ["terms--conditions"]
    assert planned.aliases == {"terms-conditions": "terms--conditions"}
    assert any("en/privacy.md:8: the link to '#terms-conditions'" in n for n in planned.notes), planned.notes


def test_the_sanitizer_keeps_unicode_ids_and_drops_hostile_ones():
    # Every page goes through the sanitizer: it keeps an ID in any script (GitHub's anchors), and
    # drops one with a control, format (bidirectional, zero-width) or punctuation character.
    kept = '<h2 id="第一條-目的">x</h2><h2 id="café_1">y</h2><h2 id="ok-1">z</h2>'
    assert sanitize.clean(kept) == kept
    for hostile in (
        "a\u202eb",
        "a\u2066b",
        "a\u200bb",
        "a\ufeffb",
        "a\x7fb",
        "a\u00adb",
        "a.b",
        "__md",
        "-a",
    ):
        assert sanitize.clean(f'<h2 id="{hostile}">x</h2>') == "<h2>x</h2>", hostile


def test_keep_anchors_mkdocs_keeps_the_toc_extensions_anchors():
    en, _ = sources.parse(
        policy_text(
            "T", "2024.01.01", "Intro.\n\n## 1. Account Controls\n\nX.\n\n## Terms & Conditions\n\nY.\n"
        ).encode(),
        "en/privacy.md",
    )
    planned = ids.plan({"en": en}, "en", "default", ("mkdocs",), {})
    assert [c.id for c in planned.changes] == ["account-controls", "terms-conditions"]
    assert planned.aliases == {"1-account-controls": "account-controls"}  # terms-conditions is the ID
