"""Issue 10: the translators' workflow, section by section.

Which sections of a lagging translation are outdated (from history), the
translator's to-do (``policy translations``), the readers' markers and the
status page, what a pull request does to translations, and what must never
differ between languages (links, e-mail addresses, numbers).  The browser half
is tests/browser/test_browser_translations.py.
"""

from __future__ import annotations

import json
import re

import pytest
from gitrepo import policy_text
from histories import epoch
from translated import IDS, V1, V2, lagging_repo, translate

from policysite import parity, project

ENV = {"SOURCE_DATE_EPOCH": epoch("2021-06-01")}


@pytest.fixture(scope="module")
def lagging(tmp_path_factory):
    return lagging_repo(tmp_path_factory.mktemp("lagging") / "repo")


def test_the_to_do_lists_exactly_the_changed_sections_with_their_english_redline(lagging):
    run = lagging.policy("translations", "--format", "json", env=ENV)
    assert run.returncode == 1, run.output
    (state,) = json.loads(run.stdout)["translations"]
    assert (state["policy"], state["lang"], state["state"]) == ("privacy", "zh-TW", "lagging")
    assert (state["translated"], state["reference"]) == (V1, V2)
    assert [item["id"] for item in state["outdated"]] == ["sharing", "retention"]
    sharing, retention = state["outdated"]
    assert "sell" in " ".join(sharing["inserted"]) and "advertisers" in " ".join(sharing["inserted"])
    assert "share" in " ".join(sharing["deleted"])
    assert "60" in " ".join(retention["inserted"]) and "30" in " ".join(retention["deleted"])
    assert sharing["changed_in"] == V2 and sharing["translation"] == "我們絕不與合作夥伴分享您的資料。"
    zh = lagging.read("zh-TW").split("\n")
    assert sharing["file"] == "zh-TW/privacy.md" and zh[sharing["line"] - 1] == "## 3. 分享 {#sharing}"

    text = lagging.policy("translations", "privacy", "--lang", "zh-TW", env=ENV)
    assert text.returncode == 1
    assert (
        f"privacy (zh-TW): lagging, translation of {V1}, English at {V2}: 2 sections to update" in text.stdout
    )
    assert (
        f"zh-TW/privacy.md:{sharing['line']}: section 'sharing' (3. Sharing): changed in English in {V2}"
        in text.stdout
    )
    assert "[-share-]" in text.stdout and "{+sell+}" in text.stdout and "\033[" not in text.stdout

    markdown = lagging.policy("translations", "--format", "markdown", env=ENV)
    assert markdown.returncode == 1
    assert f"- [ ] `zh-TW/privacy.md:{sharing['line']}` section `sharing`" in markdown.stdout
    assert "<ins>" in markdown.stdout and "> 我們絕不與合作夥伴分享您的資料。" in markdown.stdout

    assert lagging.policy("translations", "--lang", "fr", env=ENV).returncode == 2
    assert lagging.policy("translations", "nope", env=ENV).returncode == 2


def test_readers_see_which_sections_are_outdated_and_the_status_page(lagging):
    build = lagging.build(strict=False, env=ENV)
    assert build.ok, build.output
    page = build.page("zh-TW/privacy")
    markers = re.findall(r'<div class="policy-outdated" role="note">', page)
    assert len(markers) == 2
    for section in ("sharing", "retention"):
        block = page[page.index(f'id="{section}"') :].split("<h2", 1)[0]
        assert "policy-outdated" in block, section
        assert (
            f'href="../../privacy/#{section}"' in block
            and f'href="../../privacy/changes/{V2}/#{section}"' in block
        )
    for section in set(IDS) - {"sharing", "retention"}:
        block = page[page.index(f'id="{section}"') :].split("<h2", 1)[0]
        assert "policy-outdated" not in block, section
    assert "10 節中有 2 節已修改" in page or "11 節中有 2 節已修改" in page
    assert "policy-outdated" not in build.page("privacy")
    bilingual = build.page("zh-TW/privacy/bilingual")
    assert bilingual.count('class="policy-outdated"') == 2
    for prefix, lagging_word, listed in (
        ("", "lagging", ">2: <code>sharing</code>, <code>retention</code>"),
        ("zh-TW/", "落後", ">2：<code>sharing</code>、<code>retention</code>"),  # full-width (issue 27)
    ):
        status = build.page(f"{prefix}translations")
        row = status[status.index('class="policy-translation policy-translation--lagging"') :].split(
            "</tr>", 1
        )[0]
        assert lagging_word in row and listed in row
        assert f"changes/{V2}/" in row
    index = json.loads(build.page("versions.json"))
    translation = index["policies"][0]["translations"]["zh-TW"]
    assert translation["state"] == "lagging" and translation["since"] == V2
    assert [s["id"] for s in translation["outdated"]] == ["sharing", "retention"]


def test_after_the_translator_catches_up_nothing_is_outdated(lagging, tmp_path):
    repo = type(lagging).clone(lagging, tmp_path / "clone")
    base = repo.head()
    translate(repo)
    repo.commit("Chinese 2021.01.01", "2021-02-01T10:00:00Z")
    run = repo.policy("translations", env=ENV)
    assert run.returncode == 0 and "privacy (zh-TW): current" in run.stdout, run.output
    build = repo.build(strict=True, env=ENV)
    assert build.ok, build.output
    assert "policy-outdated" not in build.page("zh-TW/privacy")
    summary = repo.policy("pr-summary", "--base", base, env=ENV).stdout
    assert "zh-TW `privacy` becomes current." in summary


def test_an_english_change_says_what_it_does_to_the_translation(lagging, tmp_path):
    repo = type(lagging).clone(lagging, tmp_path / "clone")
    translate(repo)
    base = repo.commit("Chinese 2021.01.01", "2021-02-01T10:00:00Z")
    repo.write(
        "en",
        "privacy",
        repo.read("en")
        .replace("We encrypt data in transit.", "We encrypt data at rest.")
        .replace("version: 2021.01.01", "version: 2021.06.01"),
    )
    repo.commit("English 2021.06.01", "2021-05-01T10:00:00Z")
    summary = repo.policy("pr-summary", "--base", base, env=ENV).stdout
    assert "English changes sections `security` of `privacy`: zh-TW will be outdated in 1 section" in summary


# ---------------------------------------------------------------- what must never differ


def corpus_of(en: str, zh: str) -> project.Corpus:
    corpus = project.Corpus()
    body = "Intro.\n\n## 1. Terms {{#terms}}\n\n{}\n"
    corpus.add(policy_text("T", V1, body.format(en)).encode(), "p", "en")
    corpus.add(policy_text("T", V1, body.format(zh)).encode(), "p", "zh-TW")
    return corpus


def findings(en: str, zh: str) -> list:
    return [d for d in parity.check(corpus_of(en, zh)) if d.code.startswith("parity.")]


def test_a_url_or_address_in_one_language_only_is_an_error_naming_it():
    (finding,) = findings("See [our partners](https://partners.example.com/).", "請參閱我們的合作夥伴。")
    assert (finding.code, finding.file, finding.section, finding.severity.value) == (
        "parity.links",
        "zh-TW/p.md",
        "terms",
        "error",
    )
    assert "'https://partners.example.com'" in finding.message and "is in en" in finding.message
    (finding,) = findings("Write to us.", "請寫信至 dpo@example.com。")
    assert "'dpo@example.com' is in zh-TW but not in en" in finding.message
    assert (
        finding.line
        == policy_text("T", V1, "Intro.\n\n## 1. Terms {#terms}\n\n請寫信至 dpo@example.com。\n")
        .split("\n")
        .index("請寫信至 dpo@example.com。")
        + 1
    )


@pytest.mark.parametrize(
    "en,zh,warned",
    [
        ("We keep it 30 days.", "我們保存 60 日。", True),
        ("We keep it 30 days.", "我們保存 30 日。", False),
        ("We keep it 30 days.", "我們保存三十日。", False),
        ("We keep it thirty days.", "我們保存三十日。", False),
        ("Codes C001 and C003.", "代碼 C001 與 C003。", False),
        ("Codes C001 and C003.", "代碼 C001。", True),
        ("We keep it 30 days. <!-- parity: numbers -->", "我們保存 60 日。", False),
        # Dates: the month is a name in English and a number in Chinese.
        ("Effective 7 March 2024.", "自 2024 年 3 月 7 日起生效。", False),
        ("Effective March 7, 2024.", "自 2024 年 3 月 7 日起生效。", False),
        ("Effective 7 March 2024.", "自 2024 年 4 月 7 日起生效。", True),
        ("Since 2024-04-03.", "自 2024 年 4 月 3 日起。", False),
        ("We may 30 days later.", "我們 30 日後。", False),
    ],
)
def test_numbers_must_match_as_a_multiset(en, zh, warned):
    found = findings(en, zh)
    assert [f.code for f in found] == (["parity.numbers"] if warned else []), [f.text() for f in found]
    if warned:
        assert found[0].severity.value == "warning" and "<!-- parity: numbers -->" in found[0].message
