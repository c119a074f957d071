"""``policy new-version`` (policysite.commands.new_version), in process: ``with_version`` on the
bytes of a source (the line replaced or added, a BOM and CRLF kept, the refusals), and ``run``
on a small site folder: every language set, a language already at the date, a translation that
does not exist, an undated file, and each refusal (nothing is written then)."""

from __future__ import annotations

import pytest
from gitrepo import PolicyRepo, policy_text
from unit import commandkit

from policysite.commands import EXIT_OK, UsageError, new_version
from policysite.commands.new_version import with_version

BODY = "Intro.\n\n## 1. General {#general}\n\nText.\n"

# ---------------------------------------------------------------- with_version


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (b"---\ntitle: T\nversion: 2020.01.01\n---\nx\n", b"---\ntitle: T\nversion: 2021.02.03\n---\nx\n"),
        (b"---\ntitle: T\nversion:   old  \n---\n", b"---\ntitle: T\nversion: 2021.02.03\n---\n"),
        (b"---\ntitle: T\n---\nversion: 1\n", b"---\ntitle: T\nversion: 2021.02.03\n---\nversion: 1\n"),
        (
            b"\xef\xbb\xbf---\r\ntitle: T\r\nversion: 2020.01.01\r\n---\r\nx\r\n",
            b"\xef\xbb\xbf---\r\ntitle: T\r\nversion: 2021.02.03\r\n---\r\nx\r\n",
        ),
        (b"---\r\ntitle: T\r\n---\r\nx\r\n", b"---\r\ntitle: T\r\nversion: 2021.02.03\r\n---\r\nx\r\n"),
        (b"---\ntitle: T\nversion: 2020.01.01\n", b"---\ntitle: T\nversion: 2021.02.03\n"),  # (unclosed)
        ("---\ntitle: 隱私\n---\n".encode(), "---\ntitle: 隱私\nversion: 2021.02.03\n---\n".encode()),
    ],
    ids=["replaced", "spaces", "added", "bom-crlf", "added-crlf", "unclosed", "chinese"],
)
def test_the_version_line_is_set_and_nothing_else_changes(before, after):
    assert with_version(before, "2021.02.03", "en/p.md") == after


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"title: T\n", "en/p.md has no front matter: start it with '---', 'title: ...', '---'"),
        (b"---\ntitle: T\n", "en/p.md: its front matter is not closed with a '---' line"),
        (b"---\ntitle: \xff\n---\n", "en/p.md is not UTF-8 text (byte 11): save it as UTF-8 first"),
    ],
)
def test_a_source_that_cannot_take_a_version_is_a_usage_error(data, problem):
    with pytest.raises(UsageError) as caught:
        with_version(data, "2021.02.03", "en/p.md")
    assert str(caught.value) == problem


# ---------------------------------------------------------------- run


def call(root, *argv: str) -> tuple[int, str]:
    return commandkit.run(new_version, "new-version", root, *argv)


@pytest.fixture
def site(tmp_path) -> PolicyRepo:
    """privacy in both languages at 2020.01.01, terms in English only (no git needed)."""
    return commandkit.bilingual(tmp_path / "site", BODY, BODY, terms=BODY, init=False)


def next_steps(files: str, previous: str, date: str, policy: str = "privacy") -> list[str]:
    return [
        "Next:",
        f"  1. Make the changes in every language ({files}); keep section IDs and structure in step.",
        "  2. Optionally add 'summary:' to each file's front matter: one or two sentences, in that file's "
        "language.",
        f"  3. Run 'policy check' and 'policy diff {policy} {previous} {date}', then open a pull request.",
    ]


def test_every_language_gets_the_date(site):
    before = site.read("zh-TW")
    code, out = call(site.root, "privacy", "2021.01.01")
    assert code == EXIT_OK
    assert out.splitlines() == [
        "version 2021.01.01 started for 'privacy': en/privacy.md, zh-TW/privacy.md",
        *next_steps("en/privacy.md, zh-TW/privacy.md", "2020.01.01", "2021.01.01"),
    ]
    assert site.read("en") == policy_text("Privacy Policy", "2021.01.01", BODY)
    assert site.read("zh-TW") == before.replace("2020.01.01", "2021.01.01")
    assert site.read("en", "terms") == policy_text("Terms", "2020.01.01", BODY)  # (another policy)


def test_the_language_behind_catches_up(site):
    site.set_version("privacy", "2021.01.01", ("en",))
    code, out = call(site.root, "privacy", "2021.01.01")
    assert code == EXIT_OK
    assert out.splitlines() == [
        "en/privacy.md already carries version 2021.01.01",
        "version 2021.01.01 now set in the language behind: zh-TW/privacy.md",
        *next_steps("zh-TW/privacy.md", "2020.01.01", "2021.01.01"),
    ]
    assert "version: 2021.01.01" in site.read("zh-TW")


def test_a_missing_translation_is_a_warning(site):
    code, out = call(site.root, "terms", "2021.01.01")
    assert code == EXIT_OK
    assert out.splitlines()[:2] == [
        "warning: zh-TW/terms.md does not exist; create it as a translation of en/terms.md",
        "version 2021.01.01 started for 'terms': en/terms.md",
    ]
    assert not site.file("zh-TW", "terms").exists()


def test_an_undated_file_gets_its_first_date(site):
    site.write("en", "terms", "---\ntitle: Terms\n---\n\n# Terms\n\n" + BODY)
    code, out = call(site.root, "terms", "2021.01.01")
    assert code == EXIT_OK
    assert site.read("en", "terms").startswith("---\ntitle: Terms\nversion: 2021.01.01\n---\n")
    assert out.splitlines()[-1] == (
        "  3. Run 'policy check' and 'policy diff terms OLD 2021.01.01', then open a pull request."
    )


@pytest.mark.parametrize(
    ("argv", "problem"),
    [
        (["privacy", "2021.02.30"], "'2021.02.30' is not a real date written YYYY.MM.DD"),
        (["privacy", "2021-01-01"], "'2021-01-01' is not a real date written YYYY.MM.DD"),
        (
            ["privacy", "2019.12.31"],
            "2019.12.31 is not after the current version 2020.01.01 (en/privacy.md); a new version needs a "
            "later date",
        ),
        (
            ["privacy", "2020.01.01"],
            "every language of 'privacy' already carries version 2020.01.01 (en/privacy.md, "
            "zh-TW/privacy.md): nothing to do; run 'policy check'",
        ),
        (["cookies", "2021.01.01"], "unknown policy 'cookies' (policies: privacy, terms)"),
    ],
)
def test_refusals_write_nothing(site, argv, problem):
    before = {lang: site.read(lang) for lang in ("en", "zh-TW")}
    with pytest.raises(UsageError) as caught:
        call(site.root, *argv)
    assert str(caught.value) == problem
    assert {lang: site.read(lang) for lang in ("en", "zh-TW")} == before


def test_a_later_date_in_one_language_refuses_an_earlier_one(site):
    site.set_version("privacy", "2022.01.01", ("zh-TW",))
    with pytest.raises(UsageError) as caught:
        call(site.root, "privacy", "2021.01.01")
    assert str(caught.value).startswith(
        "2021.01.01 is not after the current version 2022.01.01 (zh-TW/privacy.md)"
    )


def test_one_file_that_cannot_take_the_date_leaves_every_file_unchanged(site):
    english = site.read("en")
    site.write("zh-TW", "privacy", "沒有前言\n")  # (no front matter: no document, so no date)
    with pytest.raises(UsageError) as caught:
        call(site.root, "privacy", "2021.01.01")
    assert str(caught.value) == (
        "zh-TW/privacy.md has no front matter: start it with '---', 'title: ...', '---'"
    )
    assert site.read("en") == english
