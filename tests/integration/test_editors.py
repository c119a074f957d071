"""Issue 15: editors never get stuck.

A branch is judged as it will merge; every mistake editors make is named where
it is (and nowhere else); trailers are read as git reads them; a file that
cannot be read never looks like a removal; findings show in the preview; the
pull-request summary shows the wording of each change.  Real repositories, the
real ``policy`` command, ``mkdocs build`` and ``mkdocs serve``.
"""

from __future__ import annotations

import re

import pytest
from gitrepo import http_get, wait_for
from histories import V2, V3, diagnostics, edit
from seed import EN, ZH, line_of, replace

from policysite import parity, project

CHILDREN_EN = "\n\n## 10. Children {#children}\n\nWe do not knowingly collect data from children under 13.\n"
CHILDREN_ZH = "\n\n## 10. 兒童 {#children}\n\n我們不會在知情的情況下蒐集未滿 13 歲兒童的資料。\n"


# ---------------------------------------------------------------- a branch judged as it will merge


def test_english_then_chinese_then_the_date_in_three_commits_passes(clone, policy):
    clone.git("checkout", "-q", "-b", "children")
    base = "main"
    edit(clone, "en", "We keep your data for one year.", "We keep your data for two years.")
    clone.commit("English: two years", "2020-07-01T09:00:00Z")
    edit(clone, "zh-TW", "我們保存您的資料一年。", "我們保存您的資料兩年。")
    clone.commit("Chinese: two years", "2020-07-01T10:00:00Z")
    run = policy(clone, "check", "--strict", "--since", base)
    assert run.returncode == 1 and {d["code"] for d in diagnostics(run.stdout)} == {"version.immutable"}
    assert {d["file"] for d in diagnostics(run.stdout)} == {"en/privacy.md", "zh-TW/privacy.md"}
    new_version = policy(clone, "new-version", "privacy", V3)
    assert new_version.returncode == 0, new_version.output
    clone.commit("Privacy 2021.01.01", "2020-07-01T11:00:00Z")
    run = policy(clone, "check", "--strict", "--since", base)
    assert (run.returncode, diagnostics(run.stdout)) == (0, []), run.output


def test_a_text_change_in_a_published_version_with_no_new_version_fails_naming_the_file(clone, policy):
    clone.git("checkout", "-q", "-b", "silent")
    edit(clone, "en", "We keep your data for one year.", "We keep your data for two years.")
    clone.commit("English: two years", "2020-07-01T09:00:00Z")
    edit(clone, "zh-TW", "我們保存您的資料一年。", "我們保存您的資料兩年。")
    clone.commit("Chinese: two years", "2020-07-01T10:00:00Z")
    edit(clone, "en", "We never sell your data to partners.", "We never sell your data to any partner.")
    clone.commit("English: wording", "2020-07-01T11:00:00Z")
    run = policy(clone, "check", "--strict", "--since", "main")
    assert run.returncode == 1
    found = {(d["file"], d["code"]) for d in diagnostics(run.stdout)}
    assert found == {("en/privacy.md", "version.immutable"), ("zh-TW/privacy.md", "version.immutable")}
    assert "English: two years" in run.stdout and "English: wording" in run.stdout


def test_new_version_names_the_language_that_is_behind(clone, policy):
    clone.set_version("privacy", V3, langs=("en",))
    run = policy(clone, "new-version", "privacy", V3)
    assert run.returncode == 0, run.output
    assert f"en/privacy.md already carries version {V3}" in run.stdout
    assert "now set in the language behind: zh-TW/privacy.md" in run.stdout
    assert f"version: {V3}" in clone.read("zh-TW")
    again = policy(clone, "new-version", "privacy", V3)
    assert again.returncode == 2 and "every language of 'privacy' already carries version" in again.stderr


# ---------------------------------------------------------------- every mistake named where it is


def check(en: str = EN, zh: str = ZH) -> list:
    corpus = project.Corpus()
    corpus.add(en.encode("utf-8"), "privacy", "en")
    corpus.add(zh.encode("utf-8"), "privacy", "zh-TW")
    return parity.check(corpus)


def one(found, code: str):
    matching = [d for d in found if d.code == code]
    assert len(matching) == 1, "\n".join(d.text() for d in found)
    return matching[0]


SECTION = "本公司非常重視使用者的資料安全,並已採取多項措施保護使用者資料。"


def test_conflict_markers_in_a_paragraph_are_errors_at_their_lines():
    zh = replace(ZH, SECTION, f"<<<<<<< HEAD\n{SECTION}\n=======\n本公司重視資料安全。\n>>>>>>> main")
    found = check(zh=zh)
    assert [(d.code, d.file, d.line) for d in found] == [
        ("source.conflict", "zh-TW/privacy.md", line_of(zh, "<<<<<<< HEAD")),
        ("source.conflict", "zh-TW/privacy.md", line_of(zh, "=======")),
        ("source.conflict", "zh-TW/privacy.md", line_of(zh, ">>>>>>> main")),
    ], "\n".join(d.text() for d in found)
    assert all(d.section == "data-security" and d.is_error for d in found)


def test_conflict_markers_around_a_list_item_blame_only_the_conflicted_file():
    item = next(line for line in ZH.split("\n") if "本平台使用 SSL 加密" in line)
    zh = replace(ZH, item, f"<<<<<<< HEAD\n{item}\n=======\n{item}\n>>>>>>> theirs")
    found = check(zh=zh)
    assert {d.code for d in found} == {"source.conflict"}, "\n".join(d.text() for d in found)
    assert {d.file for d in found} == {"zh-TW/privacy.md"}


@pytest.mark.parametrize(
    "char,name", [("\u00a0", "U+00A0 NO-BREAK SPACE"), ("\u3000", "U+3000 IDEOGRAPHIC SPACE")]
)
def test_a_look_alike_space_before_a_section_id_is_named_where_it_is(char, name):
    heading = "## 6. data security {#data-security}"
    en = replace(EN, heading, heading.replace(" {#", char + "{#"))
    found = check(en=en)
    finding = one(found, "source.lookalike")
    assert (finding.file, finding.line, finding.section) == (
        "en/privacy.md",
        line_of(en, "## 6. data"),
        "data-security",
    )
    assert finding.message.startswith(f"{name} at column 20 before the section ID '{{#data-security}}'")
    assert "type a plain space" in finding.message
    assert len(found) == 1, "\n".join(d.text() for d in found)


def test_full_width_heading_and_braces_are_named():
    en = replace(EN, "## 6. data security {#data-security}", "＃＃ 6. data security ｛#data-security｝")
    found = check(en=en)
    assert {d.code for d in found} == {"source.lookalike"}, "\n".join(d.text() for d in found)
    messages = " ".join(d.message for d in found)
    assert "U+FF03 FULLWIDTH NUMBER SIGN" in messages and "U+FF5B FULLWIDTH LEFT CURLY BRACKET" in messages
    assert {d.file for d in found} == {"en/privacy.md"}


def test_a_no_break_space_after_a_list_marker_blames_that_file_not_the_other():
    line = next(line for line in EN.split("\n") if line.startswith("2. C003"))
    en = replace(EN, line, line.replace("2. ", "2.\u00a0", 1))
    found = check(en=en)
    finding = one(found, "source.lookalike")
    assert (finding.file, finding.line, finding.section) == (
        "en/privacy.md",
        line_of(en, "2.\u00a0C003"),
        "personal-data-categories",
    )
    assert "U+00A0 NO-BREAK SPACE at column 3 after the list marker '2.'" in finding.message
    assert not [d for d in found if d.code == "parity.structure"]


def test_a_no_break_space_after_version_is_named_on_its_line():
    zh = replace(ZH, "version: 2019.12.19", "version:\u00a02019.12.19")
    found = check(zh=zh)
    finding = one(found, "source.lookalike")
    assert (finding.file, finding.line) == ("zh-TW/privacy.md", 3)
    assert "after 'version:' in the front matter" in finding.message
    assert [d.code for d in found] == ["source.lookalike"]


def test_a_renamed_id_is_one_finding_that_says_what_to_rename():
    zh = replace(ZH, "{#data-security}", "{#security}")
    found = check(zh=zh)
    finding = one(found, "parity.section-id")
    assert (finding.file, finding.line) == ("zh-TW/privacy.md", line_of(zh, "{#security}"))
    assert "rename 'security' to 'data-security'" in finding.message
    assert not [d for d in found if d.code in ("parity.section-missing", "parity.section-extra")]


def test_a_forgotten_chinese_date_is_named_on_the_chinese_version_line(clone, policy):
    for lang, addition in (("en", CHILDREN_EN), ("zh-TW", CHILDREN_ZH)):
        clone.write(lang, "privacy", clone.read(lang) + addition)
    clone.set_version("privacy", V3, langs=("en",))  # the Chinese date is forgotten
    clone.commit("Children (2021.01.01)", "2020-07-01T09:00:00Z")
    run = policy(clone, "check")
    found = diagnostics(run.stdout)
    versions = [d for d in found if d["code"] == "parity.version"]
    assert len(versions) == 1, run.stdout
    (finding,) = versions
    assert (finding["file"], finding["line"]) == ("zh-TW/privacy.md", "3")
    assert f"matches the current en version {V3}" in finding["message"]
    assert f"set 'version: {V3}'" in finding["message"]
    assert not [d for d in found if d["code"] == "parity.section-extra"]


# ---------------------------------------------------------------- trailers, encodings


@pytest.mark.parametrize(
    "message,ok",
    [
        ("Clarify\n\nPolicy-Change: editorial (typo)", True),
        ("Clarify\n\nPolicy-Change: editorial\n\nMore words after the trailer.", False),
        ("Clarify\n\nPolicy-Change: cosmetic", False),
    ],
)
def test_trailers_are_read_as_git_reads_them(clone, policy, message, ok):
    base = clone.head()
    edit(clone, "en", "We keep your data for one year.", "We keep your data for one (1) year.")
    clone.git("add", "-A")
    clone.git("commit", "-q", "-m", message)
    run = policy(clone, "check", "--since", base)
    codes = {d["code"] for d in diagnostics(run.stdout)}
    if ok:
        assert (run.returncode, codes) == (0, set()), run.output
    else:
        assert run.returncode == 1 and "version.trailer" in codes, run.output
        trailer = next(d for d in diagnostics(run.stdout) if d["code"] == "version.trailer")
        assert trailer["file"] == "en/privacy.md"
        assert (
            "last paragraph" in trailer["message"] or "accepted values are: editorial" in trailer["message"]
        )


def test_a_big5_file_is_never_shown_as_a_removal(clone, policy):
    base = clone.head()
    clone.write("zh-TW", "privacy", clone.read("zh-TW").encode("big5", errors="replace"))
    clone.commit("Saved in Big5 by mistake", "2020-07-01T09:00:00Z")
    run = policy(clone, "check", "--since", base)
    assert run.returncode == 1 and "[source.encoding]" in run.stdout
    md = policy(clone, "pr-summary", "--base", base).stdout
    chinese = md[md.index("(zh-TW)\n") :]
    assert "cannot be read" in md and "nothing was removed" in chinese
    assert "Removed." not in md and "removed)" not in md.split("### Checks")[0]


# ---------------------------------------------------------------- the preview, the summary


def test_serve_shows_the_findings_on_the_page_and_a_build_never_does(project_copy, tmp_path):
    zh = project_copy.read("zh-TW").replace("{#data-security}", "{#security}")
    project_copy.write("zh-TW", "privacy", zh)
    with project_copy.serve(tmp_path / "serve.log", wait_for_path="/zh-TW/privacy/") as server:
        page = http_get(server.url + "/zh-TW/privacy/")[1]
        assert 'class="policy-preview-findings"' in page
        assert "rename &#39;security&#39; to &#39;data-security&#39;" in page or "rename 'security'" in page
        assert "zh-TW/privacy.md:81" in page
        assert 'class="policy-preview-findings"' in http_get(server.url + "/privacy/")[1]
        # Fixed: the box goes.
        project_copy.write("zh-TW", "privacy", zh.replace("{#security}", "{#data-security}"))
        assert wait_for(lambda: "policy-preview-findings" not in http_get(server.url + "/zh-TW/privacy/")[1])
    build = project_copy.build(strict=False)
    assert build.ok, build.output
    assert not [
        p for p in build.site.rglob("*.html") if "policy-preview-findings" in p.read_text(encoding="utf-8")
    ]


def test_an_unreadable_source_is_said_in_the_preview_not_shown_stale(project_copy, tmp_path):
    project_copy.write("zh-TW", "privacy", project_copy.read("zh-TW").encode("big5", errors="replace"))
    with project_copy.serve(tmp_path / "serve.log", wait_for_path="/zh-TW/privacy/") as server:
        page = http_get(server.url + "/zh-TW/privacy/")[1]
        assert "無法讀取" in page and "source.encoding" in page
        assert "本公司非常重視使用者的資料安全" not in page


def test_the_pr_summary_shows_a_one_sentence_change_in_both_languages(clone, policy):
    base = clone.head()
    edit(clone, "en", "We keep your data for one year.", "We keep your data for two years.")
    edit(clone, "zh-TW", "我們保存您的資料一年。", "我們保存您的資料兩年。")
    clone.set_version("privacy", V3)
    clone.commit("Privacy 2021.01.01: two years", "2020-07-01T09:00:00Z")
    md = policy(
        clone, "pr-summary", "--base", base, "--artifact-url", "https://example.invalid/artifact"
    ).stdout
    english = md[md.index("(en)\n") : md.index("(zh-TW)\n")]
    chinese = md[md.index("(zh-TW)\n") :]
    assert re.search(r"<del>one year</del>\s*<ins>two years</ins>|<del>one</del>.*<ins>two</ins>", english), (
        english
    )
    assert "<del>一</del><ins>兩</ins>" in chinese, chinese
    assert f"{V2} → **{V3}** (new version)" in md
    assert "https://example.invalid/artifact" in md
    assert "zh-TW `privacy`" not in md  # the translation stays current


def test_a_conflict_marker_fails_the_check_and_the_strict_build(project_copy):
    zh = replace(ZH, SECTION, f"<<<<<<< HEAD\n{SECTION}\n=======\n本公司重視資料安全。\n>>>>>>> main")
    project_copy.write("zh-TW", "privacy", zh)
    run = project_copy.policy("check")
    assert (
        run.returncode == 1
        and f"zh-TW/privacy.md:{line_of(zh, '<<<<<<< HEAD')}: error: [source.conflict]" in run.stdout
    )
    build = project_copy.build(strict=True)
    assert not build.ok and "[source.conflict]" in build.output and "Traceback" not in build.output
