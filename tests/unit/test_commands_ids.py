"""``policy ids`` (policysite.commands.ids), in process on a small site folder: the headings
without an ID listed (exit 1), ``--write`` adding the same ID in every language (the default
style keeps an anchor a link names; ``--style github`` or the ``slug_style`` setting; the anchors
GitHub rendered kept as aliases), a policy whose outlines differ left alone, and a complete one."""

from __future__ import annotations

import io

import pytest
from gitrepo import PolicyRepo, policy_text
from unit import commandkit
from unit.commandkit import TERMS

from policysite.commands import EXIT_FINDINGS, EXIT_OK, UsageError, ids

EN = (
    "Intro, see [use](#2-how-we-use-data).\n\n## 1. General\n\nText.\n\n## 2. How we use data\n\nText.\n\n"
    "### 2.1 Cookies {#cookies}\n\nText.\n"
)
ZH = "前言。\n\n## 1. 總則\n\n文字。\n\n## 2. 使用\n\n文字。\n\n### 2.1 Cookie {#cookies}\n\n文字。\n"
MISSING = [
    "en/privacy.md:10: heading '1. General' has no section ID",
    "en/privacy.md:14: heading '2. How we use data' has no section ID",
    "zh-TW/privacy.md:10: heading '1. 總則' has no section ID",
    "zh-TW/privacy.md:14: heading '2. 使用' has no section ID",
]


def call(root, *argv: str) -> tuple[int, str]:
    return commandkit.run(ids, "ids", root, *argv)


@pytest.fixture
def site(tmp_path) -> PolicyRepo:
    return commandkit.bilingual(tmp_path / "site", EN, ZH, terms=TERMS, init=False)


def test_the_headings_without_an_id(site):
    before = site.read("en"), site.read("zh-TW")
    assert call(site.root) == (
        EXIT_FINDINGS,
        "\n".join(MISSING)
        + "\n4 headings without an ID; run 'policy ids --write' to add them in every language.\n",
    )
    assert (site.read("en"), site.read("zh-TW")) == before
    assert call(site.root, "terms") == (EXIT_OK, "every heading has a section ID\n")


def test_write_adds_the_same_ids_in_every_language(site):
    code, out = call(site.root, "--write")
    assert (code, out.splitlines()) == (
        EXIT_OK,
        [
            *MISSING,
            "en/privacy.md:10: {#general} ('1. General')",
            "en/privacy.md:14: {#2-how-we-use-data} ('2. How we use data')",  # (the anchor a link names)
            "zh-TW/privacy.md:10: {#general} ('1. 總則')",
            "zh-TW/privacy.md:14: {#2-how-we-use-data} ('2. 使用')",
            "4 IDs added; run 'policy check'.",
        ],
    )
    assert site.read("en") == policy_text(
        "Privacy Policy",
        "2020.01.01",
        EN.replace("## 1. General\n", "## 1. General {#general}\n").replace(
            "## 2. How we use data\n", "## 2. How we use data {#2-how-we-use-data}\n"
        ),
    )
    assert site.read("zh-TW") == policy_text(
        "隱私權政策",
        "2020.01.01",
        ZH.replace("## 1. 總則\n", "## 1. 總則 {#general}\n").replace(
            "## 2. 使用\n", "## 2. 使用 {#2-how-we-use-data}\n"
        ),
    )
    assert call(site.root) == (EXIT_OK, "every heading has a section ID\n")


def test_github_style_and_github_s_anchors_kept_as_aliases(site):
    code, out = call(site.root, "privacy", "--write", "--style", "github", "--keep-anchors", "github")
    assert code == EXIT_OK
    assert out.splitlines()[4:] == [
        "en/privacy.md:10: {#1-general} ('1. General')",
        "en/privacy.md:14: {#2-how-we-use-data} ('2. How we use data')",
        "zh-TW/privacy.md:10: {#1-general} ('1. 總則')",
        "zh-TW/privacy.md:14: {#2-how-we-use-data} ('2. 使用')",
        "en/privacy.md: alias '1-總則' -> '1-general'",
        "en/privacy.md: alias '2-使用' -> '2-how-we-use-data'",
        "4 IDs added, 2 former anchor(s) kept as aliases; run 'policy check'.",
    ]
    assert site.read("en").startswith(
        "---\ntitle: Privacy Policy\nversion: 2020.01.01\naliases:\n"
        '  "1-總則": "1-general"\n  "2-使用": "2-how-we-use-data"\n---\n'
    )
    assert "aliases" not in site.read("zh-TW")


def test_the_slug_style_setting_is_the_default_style(site):
    site.set_extra("extra:\n  policies:\n    slug_style: github\n")
    call(site.root, "--write")
    assert "## 1. General {#1-general}\n" in site.read("en")
    call(site.root, "--write")  # (nothing left to add)
    assert site.read("en").count("{#1-general}") == 1


def test_a_wrong_setting_is_a_usage_error(site):
    site.set_extra("extra:\n  policies:\n    slug_style: camel\n")
    for argv in ([], ["--write"], ["--write", "--style", "default"]):
        with pytest.raises(UsageError) as caught:
            call(site.root, *argv)
        assert str(caught.value) == (
            "mkdocs.yml: Config value 'plugins': Plugin 'policies' option 'slug_style': Expected one of: "
            "('default', 'github') but received: 'camel'"
        )
    assert "{#" not in site.read("en").split("### 2.1")[0]


def test_outlines_that_differ_leave_the_policy_unchanged(site):
    site.edit("zh-TW", "## 2. 使用\n\n文字。\n\n", "")
    before = site.read("en"), site.read("zh-TW")
    stream = io.StringIO()
    with pytest.raises(UsageError) as caught:
        commandkit.run(ids, "ids", site.root, "--write", stream=stream)
    assert str(caught.value) == "1 problem: the policies named above are left unchanged"
    assert stream.getvalue().splitlines()[-1] == (
        "zh-TW/privacy.md:14: heading 2 ('2.1 Cookie') is level 3 but level 2 in en/privacy.md:14 ('2. How "
        "we use data'); make the outlines match, then run 'policy ids --write' again"
    )
    assert (site.read("en"), site.read("zh-TW")) == before
