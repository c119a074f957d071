"""``policy translations`` (policysite.commands.translations), in process on a small real history:
a Chinese translation lagging one English version (its intro and one section changed), a policy in
English only (pending), and a translation that is current; the to-do as text, JSON and Markdown,
the filters, the exit codes and ``code_span``."""

from __future__ import annotations

import io
import json

import pytest
from gitrepo import PolicyRepo
from unit import commandkit
from unit.commandkit import EPOCH, TERMS, Terminal

from policysite import cli
from policysite.commands import EXIT_FINDINGS, EXIT_OK, UsageError, init, translations
from policysite.console import Output

EN = (
    "Intro.\n\n## 1. General {#general}\n\nWe keep data.\n\nWe share none.\n\n"
    "## 2. Contact {#contact}\n\nWrite to us.\n"
)
ZH = (
    "前言。\n\n## 1. 總則 {#general}\n\n我們保存資料。\n\n我們不分享。\n\n## 2. 聯絡 {#contact}\n\n請來信。\n"
)


@pytest.fixture(autouse=True)
def _environment(monkeypatch):
    commandkit.clean_environment(monkeypatch, EPOCH)


def call(root, *argv: str, stream: Terminal | None = None) -> tuple[int, str]:
    return commandkit.run(translations, "translations", root, *argv, stream=stream)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> PolicyRepo:
    repo, _ = commandkit.published(tmp_path_factory.mktemp("translations") / "site", EN, ZH, terms=TERMS)
    repo.set_version("privacy", "2021.01.01", ("en",))
    repo.edit("en", "We keep data.", "We keep less data.")
    repo.edit("en", "Intro.", "Intro, *revised*.")
    repo.commit("Less data", date="2021-01-01T12:00:00Z")
    return repo


LAGGING = [
    "privacy (zh-TW): lagging, translation of 2020.01.01, English at 2021.01.01: 2 sections to update",
    "  zh-TW/privacy.md:5: section '(intro)' (Privacy Policy): changed in English in 2021.01.01",
    "    English: Privacy Policy",
    "",  # (a blank line has no trailing spaces)
    "             Intro{+, revised+}.",
    "    Now:     前言。",
    "  zh-TW/privacy.md:10: section 'general' (1. General): changed in English in 2021.01.01",
    "    English: We keep {+less +}data.",
    "",
    "             We share none.",
    "    Now:     我們保存資料。",
    "",
    "             我們不分享。",
    "",
]
PENDING = ["terms (zh-TW): pending, no zh-TW file yet (English only)", ""]


def test_the_to_do_as_text(site):
    code, out = call(site.root)
    assert (code, out.split("\n")) == (EXIT_FINDINGS, [*LAGGING, *PENDING, ""])
    assert call(site.root, "privacy")[1].split("\n") == [*LAGGING, ""]
    assert call(site.root, "terms", "--lang", "zh-TW") == (EXIT_FINDINGS, "\n".join(PENDING) + "\n")


def test_the_headline_is_bold_in_the_colour_of_the_state(site, monkeypatch):
    monkeypatch.setenv("TERM", "xterm")
    lines = call(site.root, stream=Terminal())[1].splitlines()
    assert lines[0] == f"\x1b[1m\x1b[33m{LAGGING[0]}\x1b[0m"
    assert lines[2] == "    English: Privacy Policy"
    assert lines[4] == "             Intro\x1b[32;4m, revised\x1b[0m."
    assert lines[5] == "\x1b[2m    Now:     前言。\x1b[0m"
    assert lines[-2:] == [f"\x1b[1m\x1b[31m{PENDING[0]}\x1b[0m", ""]


def test_the_to_do_as_json(site):
    code, out = call(site.root, "--format", "json")
    assert code == EXIT_FINDINGS
    privacy, terms = json.loads(out)["translations"]
    assert terms == {
        "policy": "terms",
        "lang": "zh-TW",
        "state": "pending",
        "translated": None,
        "reference": "2020.01.01",
        "outdated": [],
    }
    assert {k: privacy[k] for k in ("policy", "lang", "state", "translated", "reference")} == {
        "policy": "privacy",
        "lang": "zh-TW",
        "state": "lagging",
        "translated": "2020.01.01",
        "reference": "2021.01.01",
    }
    intro, general = privacy["outdated"]
    assert (intro["id"], intro["title"], intro["line"]) == (None, "Privacy Policy", 5)
    assert general == {
        "id": "general",
        "status": "changed",
        "title": "1. General",
        "changed_in": "2021.01.01",
        "file": "zh-TW/privacy.md",
        "line": 10,
        "redline": "We keep {+less +}data.\n\nWe share none.",
        "inserted": ["less "],
        "deleted": [],
        "translation": "我們保存資料。\n\n我們不分享。",
    }


def test_the_to_do_as_markdown_for_an_issue(site):
    code, out = call(site.root, "--format", "markdown")
    assert code == EXIT_FINDINGS
    assert out == (
        "## Translations to update\n\n"
        "### privacy \\(zh\\-TW\\): lagging, translation of 2020\\.01\\.01, English at 2021\\.01\\.01: "
        "2 sections to update\n\n"
        "- [ ] `zh-TW/privacy.md:5` section `(intro)` (changed in English in 2021\\.01\\.01)\n\n"
        "  English changes: Privacy Policy<br>\n  <br>\n  Intro<ins>, revised</ins>\\.\n\n"
        "  Current translation:\n\n  > 前言。\n\n"
        "- [ ] `zh-TW/privacy.md:10` section `general` (changed in English in 2021\\.01\\.01)\n\n"
        "  English changes: We keep <ins>less </ins>data\\.<br>\n  <br>\n  We share none\\.\n\n"
        "  Current translation:\n\n  > 我們保存資料。\n  > \n  > 我們不分享。\n\n"
        "### terms \\(zh\\-TW\\): pending, no zh\\-TW file yet \\(English only\\)\n\n"
    )


def test_a_current_translation_exits_0(tmp_path):
    repo, _ = commandkit.published(tmp_path / "site", EN, ZH)
    assert call(repo.root) == (EXIT_OK, "privacy (zh-TW): current\n\n")
    assert call(repo.root, "--format", "markdown") == (
        EXIT_OK,
        "## Translations to update\n\n### privacy \\(zh\\-TW\\): current\n\nNothing to do.\n\n",
    )


def test_a_site_in_one_language_has_nothing_to_translate(tmp_path):
    assert init.run(cli.build_parser().parse_args(["init", str(tmp_path)]), Output(io.StringIO())) == EXIT_OK
    said = "nothing to translate: the site has one language, en\n"
    assert call(tmp_path) == (EXIT_OK, said)
    assert call(tmp_path, "--format", "markdown") == (EXIT_OK, said)
    assert call(tmp_path, "--format", "json") == (EXIT_OK, '{\n  "translations": []\n}\n')
    with pytest.raises(UsageError) as caught:
        call(tmp_path, "--lang", "zh-TW")
    assert str(caught.value) == "unknown translation language 'zh-TW' (the site has one language, en)"


@pytest.mark.parametrize(
    ("ops", "expected"),
    [
        ([(0, "a\n\nb\n")], [(0, "a\n\n  b\n")]),  # (nothing after the last break)
        ([(0, "a\n"), (1, "\nb")], [(0, "a\n"), (1, "\n  b")]),  # a blank line between two ops
        ([(0, "a\n"), (1, ""), (-1, "b")], [(0, "a\n  "), (1, ""), (-1, "b")]),
    ],
)
def test_lines_are_indented_but_the_blank_ones(ops, expected):
    assert translations._indented(ops, "  ") == expected


def test_a_language_that_is_not_a_translation_is_a_usage_error(site):
    """(An unknown policy, and English: tests/unit/test_cli.py.)"""
    with pytest.raises(UsageError) as caught:
        call(site.root, "--lang", "ja")
    assert str(caught.value) == "unknown translation language 'ja' (languages: zh-TW)"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("zh-TW/privacy.md:10", "`zh-TW/privacy.md:10`"),
        ("general", "`general`"),
        ("a\nb", "`a\\nb`"),  # one line: the break shown, not obeyed
        ("@team `x`", "@&#8203;team \\`x\\`"),  # a backtick would close the span: escaped as text
    ],
)
def test_code_span(text, expected):
    assert translations.code_span(text) == expected
