"""Issue 4: the ``policy`` subcommands on real temporary git repositories: ``versions``,
``diff``, ``new-version`` driven as subprocesses (the installed console script), their refusals
of bad arguments in-process (``policysite.cli.main``: :mod:`inprocess`), and the versions page
built from an editorial revision.  The parsing of every command's arguments is tested in
tests/unit/test_cli.py; the version rules of ``check --since`` and ``pr-summary`` are in
test_review.py; both use the history of ``histories.py``.

Nothing is mocked.  Read-only tests share one module-scoped repository
(``published``); tests that commit or edit work on their own clone of it in
``tmp_path``.  Every run is checked for tracebacks.
"""

from __future__ import annotations

import hashlib
import json
import re

import pytest
from histories import (
    SUMMARY_EN,
    V1,
    V2,
    V3,
    codes,
    epoch,
)
from inprocess import Policy


@pytest.fixture
def policy_main() -> Policy:
    """``policy_main(*args, cwd=...)``: ``policy ARGS`` in-process."""
    return Policy()


# ================================================================ versions


def test_versions_lists_newest_first_with_status_summary_and_revisions(published, policy):
    run = policy(published.repo, "versions")
    assert (run.returncode, run.stderr) == (0, ""), run.output
    lines = run.stdout.splitlines()
    assert lines[0] == "privacy: Privacy Policy"
    privacy = run.stdout[: run.stdout.index("terms:")]
    assert privacy.index(f"  {V2}  current") < privacy.index(f"  {V1}  archived")
    assert SUMMARY_EN in privacy
    v1 = privacy[privacy.index(f"  {V1}  ") :]
    commits = published.commits
    assert re.search(rf"{commits['v1'][:12]}\s+2020-01-01 Publish the privacy policy$", v1, re.MULTILINE)
    assert re.search(
        rf"{commits['editorial'][:12]}\s+2020-02-01 Spell out e-mail address \(editorial\)$", v1, re.MULTILINE
    )
    assert commits["readme"][:12] not in run.stdout
    assert re.search(
        rf"^  {V2}\s+current\s+1 added, 1 removed, 1 changed\s+\[en zh-TW\]$", run.stdout, re.MULTILINE
    ), run.stdout
    assert "terms: Terms of Use" in run.stdout
    assert "\033[" not in run.stdout  # no colours when not on a terminal


def test_versions_upcoming_follows_the_build_date(published, policy):
    run = policy(published.repo, "versions", "privacy", env={"SOURCE_DATE_EPOCH": epoch("2020-03-01")})
    assert run.returncode == 0
    assert re.search(rf"^  {V2}\s+upcoming\s", run.stdout, re.MULTILINE), run.stdout
    assert re.search(rf"^  {V1}\s+current\s", run.stdout, re.MULTILINE), run.stdout
    assert "terms:" not in run.stdout


def test_versions_json_matches_versions_json_structure(published, policy):
    run = policy(published.repo, "versions", "--format", "json")
    assert (run.returncode, run.stderr) == (0, "")
    index = json.loads(run.stdout)
    assert set(index) >= {"generated", "head", "policies"}
    assert index["head"] == published.commits["v2"]
    policies = {p["id"]: p for p in index["policies"]}
    assert set(policies) == {"privacy", "terms"}
    privacy = policies["privacy"]
    assert privacy["title"] == {"en": "Privacy Policy", "zh-TW": "隱私權政策"}
    assert privacy["current"] == V2
    assert [(v["version"], v["date"], v["status"]) for v in privacy["versions"]] == [
        (V2, "2020-06-01", "current"),
        (V1, "2020-01-01", "archived"),
    ]
    # A version's text is the last commit that carried it: the editorial fix touched English only.
    commits = published.commits
    expected = {
        (V2, "en"): commits["v2"],
        (V2, "zh-TW"): commits["v2"],
        (V1, "en"): commits["editorial"],
        (V1, "zh-TW"): commits["v1"],
    }
    for entry in privacy["versions"]:
        assert set(entry["languages"]) == {"en", "zh-TW"}
        for lang, info in entry["languages"].items():
            assert info["commit"] == expected[(entry["version"], lang)]
            assert (
                info["sha256"]
                == hashlib.sha256(published.repo.show(info["commit"], f"{lang}/privacy.md")).hexdigest()
            )
            assert (
                info["url"] == ("" if lang == "en" else "/zh-TW") + f"/privacy/versions/{entry['version']}/"
            )
        assert entry["redline"]["zh-TW"] == f"/zh-TW/privacy/changes/{entry['version']}/"
    v1 = privacy["versions"][1]
    assert [(r["commit"], r["subject"], r["editorial"]) for r in v1["revisions"]] == [
        (published.commits["v1"], "Publish the privacy policy", False),
        (published.commits["editorial"], "Spell out e-mail address", True),
    ]
    summary = privacy["versions"][0]["summary"]
    assert (summary["added"], summary["removed"], summary["changed"]) == (1, 1, 1)
    only = json.loads(policy(published.repo, "versions", "terms", "--format", "json").stdout)
    assert [p["id"] for p in only["policies"]] == ["terms"]


def test_versions_of_an_unknown_policy(published, policy_main):
    run = policy_main("versions", "cookies", cwd=published.repo.root)
    assert run.returncode == 2 and run.stdout == ""
    assert run.stderr.strip() == "policy versions: error: unknown policy 'cookies' (policies: privacy, terms)"


# ================================================================ diff


def test_diff_in_english_is_a_word_redline_with_headings(published, policy):
    run = policy(published.repo, "diff", "privacy", V1, V2)
    assert (run.returncode, run.stderr) == (0, ""), run.output
    out = run.stdout
    assert out.splitlines()[0] == f"privacy (en): {V1} → {V2}"
    assert "[-share-]{+sell+}" in out and "[-with-]{+to+}" in out
    assert "## 2. Sharing  [changed]  #sharing" in out
    assert re.search(r"^## .*Cookies.*\[removed\]\s+#cookies$", out, re.MULTILINE), out
    assert re.search(r"^## .*Retention.*\[added\]\s+#retention$", out, re.MULTILINE), out
    assert "{+We keep your data for one year.+}" in out
    assert "[-We use cookies to keep you signed in.-]" in out
    # Unchanged sections (intro, general, contact) are summarized, not shown.
    assert "(3 unchanged sections not shown)" in out
    assert "privacy@example.com" not in out and "#general" not in out
    assert "\033[" not in out


def test_diff_in_chinese_is_character_by_character(published, policy):
    run = policy(published.repo, "diff", "privacy", V1, V2, "--lang", "zh-TW")
    assert run.returncode == 0, run.output
    out = run.stdout
    assert out.splitlines()[0] == f"privacy (zh-TW): {V1} → {V2}"
    assert "## 2. 分享  [changed]  #sharing" in out
    sharing = next(line for line in out.splitlines() if "合作夥伴" in line)
    # Only the changed characters are marked: 與→向, 分享→出售.
    assert sharing == "我們絕不[-與-]{+向+}合作夥伴[-分享-]{+出售+}您的資料。", sharing
    assert "{+我們保存您的資料一年。+}" in out


def test_diff_against_current(published, policy):
    run = policy(published.repo, "diff", "privacy", V1, "current")
    assert run.returncode == 0 and f"{V1} → {V2}" in run.stdout


@pytest.mark.parametrize(
    "args,message",
    [
        (
            ["privacy", V1, "2020.02.30"],
            f"policy 'privacy' has no version '2020.02.30' (versions: {V1}, {V2})",
        ),
        (
            ["privacy", "2019.12.19", V2],
            f"policy 'privacy' has no version '2019.12.19' (versions: {V1}, {V2})",
        ),
        (["cookies", V1, V2], "unknown policy 'cookies' (policies: privacy, terms)"),
        (["privacy", V1, V2, "--lang", "xx"], "unknown language 'xx' (languages: en, zh-TW)"),
        (["privacy", V1, V2, "--lang", "zh-tw"], "unknown language 'zh-tw' (languages: en, zh-TW)"),
    ],
)
def test_diff_bad_arguments(published, policy_main, args, message):
    run = policy_main("diff", *args, cwd=published.repo.root)
    assert run.returncode == 2 and run.stdout == ""
    assert run.stderr.strip() == f"policy diff: error: {message}"


# ================================================================ new-version


def test_new_version_bumps_every_language_and_nothing_else(clone, policy):
    # Chinese saved by a Windows editor: BOM and CRLF, which must stay as they are.
    zh = clone.file("zh-TW", "privacy")
    zh.write_bytes(b"\xef\xbb\xbf" + zh.read_bytes().replace(b"\n", b"\r\n"))
    before = {lang: clone.file(lang, "privacy").read_bytes() for lang in ("en", "zh-TW")}
    terms = {lang: clone.file(lang, "terms").read_bytes() for lang in ("en", "zh-TW")}
    run = policy(clone, "new-version", "privacy", V3)
    assert (run.returncode, run.stderr) == (0, ""), run.output
    for lang, old in before.items():
        new = clone.file(lang, "privacy").read_bytes()
        eol = b"\r\n" if lang == "zh-TW" else b"\n"
        assert old.count(f"version: {V2}".encode() + eol) == 1
        assert new == old.replace(f"version: {V2}".encode() + eol, f"version: {V3}".encode() + eol)
    assert clone.file("zh-TW", "privacy").read_bytes().startswith(b"\xef\xbb\xbf---\r\n")
    assert {lang: clone.file(lang, "terms").read_bytes() for lang in ("en", "zh-TW")} == terms
    assert clone.git("status", "--porcelain").split() == ["M", "en/privacy.md", "M", "zh-TW/privacy.md"]
    # What to do next: edit both languages, fill in summary, check and compare.
    out = run.stdout
    assert f"version {V3} started for 'privacy': en/privacy.md, zh-TW/privacy.md" in out
    assert "summary:" in out and "policy check" in out
    assert f"policy diff privacy {V2} {V3}" in out
    # The bump itself is clean: parity holds, the new date is after the published ones.
    check = policy(clone, "check", "--since", "HEAD")
    assert check.returncode == 0 and codes(check.stdout) == {"source.bom", "source.crlf"}, check.output
    # and the suggested diff works.
    assert policy(clone, "diff", "privacy", V2, V3).returncode == 0


@pytest.mark.parametrize(
    "date,message",
    [
        (V2, f"every language of 'privacy' already carries version {V2}"),
        (V1, f"{V1} is not after the current version {V2}"),
        ("2027.02.30", "'2027.02.30' is not a real date written YYYY.MM.DD"),
        ("2027-01-01", "'2027-01-01' is not a real date written YYYY.MM.DD"),
        ("2027.1.1", "'2027.1.1' is not a real date written YYYY.MM.DD"),
        ("soon", "'soon' is not a real date written YYYY.MM.DD"),
    ],
)
def test_new_version_refuses_a_date_that_is_not_later_or_not_real(published, policy_main, date, message):
    before = {lang: published.repo.file(lang, "privacy").read_bytes() for lang in ("en", "zh-TW")}
    run = policy_main("new-version", "privacy", date, cwd=published.repo.root)
    assert run.returncode == 2 and run.stdout == ""
    assert run.stderr.startswith(f"policy new-version: error: {message}"), run.stderr
    assert {lang: published.repo.file(lang, "privacy").read_bytes() for lang in ("en", "zh-TW")} == before


def test_new_version_of_an_unknown_policy(published, policy_main):
    run = policy_main("new-version", "cookies", V3, cwd=published.repo.root)
    assert run.returncode == 2 and run.stdout == ""
    assert (
        run.stderr.strip() == "policy new-version: error: unknown policy 'cookies' (policies: privacy, terms)"
    )
    assert not (published.repo.root / "en" / "cookies.md").exists()


# ============================================== the one build: editorial revisions on the versions page


def test_built_versions_page_lists_the_editorial_revision(published, tmp_path):
    result = published.repo.build(env={"SOURCE_DATE_EPOCH": epoch("2021-01-01")}, site=tmp_path / "site")
    assert result.ok, result.output
    short = published.commits["editorial"][:7]
    for prefix, label in (("", "Editorial revisions"), ("zh-TW/", "文字修訂")):
        page = result.page(f"{prefix}privacy/versions")
        v1 = page[page.index(f'id="v{V1.replace(".", "-")}"') :]
        assert label in v1 and short in v1 and "Spell out e-mail address" in v1, v1[:2000]
        v2 = page[page.index(f'id="v{V2.replace(".", "-")}"') : page.index(f'id="v{V1.replace(".", "-")}"')]
        assert label not in v2
    index = json.loads(result.page("versions.json"))
    privacy = next(p for p in index["policies"] if p["id"] == "privacy")
    v1 = next(v for v in privacy["versions"] if v["version"] == V1)
    assert [r["editorial"] for r in v1["revisions"]] == [False, True]
