"""Issue 4: the version rules of ``policy check --since`` and ``policy pr-summary``
(policysite.review), driven as subprocesses on real temporary git repositories.

A published version never changes silently: a commit since the base that
changes its text without a new version fails unless it carries the trailer
``Policy-Change: editorial``; formatting is no change; a new version comes after
the published ones; merges (GitHub's pull-request checkout, "Update branch")
are judged by the commits they bring in.  The repositories, texts and helpers
are those of test_commands.py.
"""

from __future__ import annotations

import json
import re

import pytest
from gitrepo import PolicyRepo
from histories import (
    EN_INTRO,
    EN_V2,
    V2,
    V3,
    ZH_INTRO,
    ZH_V2,
    Published,
    codes,
    diagnostics,
    edit,
    source,
    write_terms,
)

# ========================================================= check --since: published versions are immutable


def test_editorial_commits_since_the_base_are_accepted(published, policy):
    run = policy(published.repo, "check", "--since", published.commits["v1"])
    assert (run.returncode, run.stderr) == (0, ""), run.output
    assert run.stdout.startswith("ok: 2 policies in 2 languages")


def test_silent_edit_of_a_published_version_is_refused(clone, policy):
    base = clone.head()
    edit(clone, "en", "We never sell your data to partners.", "We rarely sell your data to partners.")
    commit = clone.commit("Soften the sharing section", "2020-07-01T09:00:00Z")
    run = policy(clone, "check", "--since", base)
    assert run.returncode == 1, run.output
    found = [d for d in diagnostics(run.stdout) if d["code"] == "version.immutable"]
    assert len(found) == 1, run.stdout
    (finding,) = found
    assert (finding["file"], finding["line"], finding["severity"]) == ("en/privacy.md", "3", "error")
    assert commit[:7] in finding["message"] and "Soften the sharing section" in finding["message"]
    assert V2 in finding["message"]
    assert (
        "Policy-Change: editorial" in finding["message"]
        and "policy new-version privacy" in finding["message"]
    )
    assert run.stdout.rstrip().endswith("1 error, 0 warnings")
    # The same as JSON and as a GitHub annotation.
    data = json.loads(policy(clone, "check", "--since", base, "--format", "json").stdout)
    assert [(d["file"], d["code"]) for d in data["diagnostics"]] == [("en/privacy.md", "version.immutable")]
    annotated = policy(clone, "check", "--since", base, env={"GITHUB_ACTIONS": "true"})
    assert "::error file=en/privacy.md,line=3,title=version.immutable::" in annotated.stdout


def test_a_later_commit_can_start_the_version_an_earlier_one_needs(clone, policy):
    """The branch is judged as it will merge: text first, the new date in a later commit, passes."""
    base = clone.head()
    edit(clone, "zh-TW", "我們保存您的資料一年。", "我們保存您的資料兩年。")
    clone.commit("Two years", "2020-07-01T09:00:00Z")
    edit(clone, "en", "We keep your data for one year.", "We keep your data for two years.")
    clone.commit("Two years (English)", "2020-07-01T10:00:00Z")
    run = policy(clone, "check", "--since", base)
    assert run.returncode == 1 and codes(run.stdout) == {"version.immutable"}  # not yet a new version
    clone.set_version("privacy", V3)
    clone.commit("Start 2021.01.01", "2020-07-02T09:00:00Z")
    run = policy(clone, "check", "--strict", "--since", base)
    assert (run.returncode, diagnostics(run.stdout)) == (0, []), run.output


def test_uncommitted_silent_edit_is_refused(clone, policy):
    edit(clone, "zh-TW", "我們保存您的資料一年。", "我們保存您的資料兩年。")
    run = policy(clone, "check", "--since", "HEAD")
    assert run.returncode == 1, run.output
    # (the numbers of the section differ too now: a warning; the version rule is the error)
    (finding,) = [d for d in diagnostics(run.stdout) if d["severity"] == "error"]
    assert (finding["file"], finding["code"]) == ("zh-TW/privacy.md", "version.immutable")
    assert "working tree" in finding["message"] and V2 in finding["message"]
    # Without --since the version rules do not apply.
    assert policy(clone, "check").returncode == 0


@pytest.mark.parametrize("kind", ["whitespace", "crlf", "bom", "all"])
def test_formatting_only_changes_are_accepted(clone, policy, kind):
    base = clone.head()
    for lang in ("en", "zh-TW"):
        data = clone.file(lang, "privacy").read_bytes()
        if kind in ("whitespace", "all"):
            data = (
                data.replace(b"\n\n## 2.", b"\n\n\n## 2.")
                .replace(b"your data", b"your   data")
                .replace(b"\n- ", b"\n-   ")
            )
            data = data.replace(b"partners.", b"partners.  ").replace(
                b"\xe8\xb3\x87\xe6\x96\x99\xe3\x80\x82", b"\xe8\xb3\x87\xe6\x96\x99\xe3\x80\x82 \t"
            )
        if kind in ("crlf", "all"):
            data = data.replace(b"\n", b"\r\n")
        if kind in ("bom", "all"):
            data = b"\xef\xbb\xbf" + data
        assert data != clone.file(lang, "privacy").read_bytes()
        clone.file(lang, "privacy").write_bytes(data)
    uncommitted = policy(clone, "check", "--since", base)
    clone.commit(f"Reformat ({kind})", "2020-07-01T09:00:00Z")
    committed = policy(clone, "check", "--since", base)
    for run in (uncommitted, committed):
        assert run.returncode == 0, run.output
        assert ": error:" not in run.stdout
        expected = {
            "whitespace": set(),
            "crlf": {"source.crlf"},
            "bom": {"source.bom"},
            "all": {"source.crlf", "source.bom"},
        }[kind]
        assert codes(run.stdout) == expected, run.stdout
    if kind != "whitespace":
        assert policy(clone, "check", "--strict", "--since", base).returncode == 1


def test_editorial_trailer_is_accepted_and_listed(clone, policy):
    base = clone.head()
    edit(clone, "en", "We keep your data for one year.", "We keep your data for one (1) year.")
    fix = clone.commit(
        "Clarify the retention period", "2020-07-01T09:00:00Z", trailers={"Policy-Change": "editorial"}
    )
    run = policy(clone, "check", "--since", base)
    assert (run.returncode, diagnostics(run.stdout)) == (0, []), run.output
    index = json.loads(policy(clone, "versions", "privacy", "--format", "json").stdout)
    (privacy,) = index["policies"]
    v2 = next(v for v in privacy["versions"] if v["version"] == V2)
    assert [(r["commit"], r["editorial"]) for r in v2["revisions"]][-1] == (fix, True)
    assert v2["revisions"][-1]["subject"] == "Clarify the retention period"
    assert v2["languages"]["en"]["commit"] == fix  # the version's text is now the fixed one
    text = policy(clone, "versions", "privacy").stdout
    assert re.search(
        rf"^\s+{fix[:12]}\s+2020-07-01 Clarify the retention period \(editorial\)$", text, re.MULTILINE
    ), text


def test_trailer_must_say_editorial(clone, policy):
    base = clone.head()
    edit(clone, "en", "We keep your data for one year.", "We keep your data for two years.")
    clone.commit("Two years", "2020-07-01T09:00:00Z", trailers={"Policy-Change": "substantive"})
    run = policy(clone, "check", "--since", base)
    assert run.returncode == 1 and codes(run.stdout) - {"parity.numbers"} == {
        "version.immutable",
        "version.trailer",
    }
    (trailer,) = [d for d in diagnostics(run.stdout) if d["code"] == "version.trailer"]
    assert (
        "'Policy-Change: substantive'" in trailer["message"]
        and "accepted values are: editorial" in trailer["message"]
    )


@pytest.mark.parametrize("committed", [True, False], ids=["committed", "uncommitted"])
def test_new_version_not_after_the_published_ones_is_refused(clone, policy, committed):
    base = clone.head()
    clone.set_version("privacy", "2020.03.01")  # after v1, before the published v2
    edit(clone, "en", "We keep your data for one year.", "We keep your data for two years.")
    edit(clone, "zh-TW", "我們保存您的資料一年。", "我們保存您的資料兩年。")
    if committed:
        clone.commit("Privacy 2020.03.01", "2020-07-01T09:00:00Z")
    run = policy(clone, "check", "--since", base)
    assert run.returncode == 1, run.output
    found = diagnostics(run.stdout)
    assert {d["file"] for d in found} == {"en/privacy.md", "zh-TW/privacy.md"}
    assert codes(run.stdout) <= {"version.not-after", "history.backwards"} and codes(run.stdout)
    not_after = [d for d in found if d["code"] == "version.not-after"]
    assert not_after and all("2020.03.01" in d["message"] and V2 in d["message"] for d in not_after)


def test_new_version_in_english_only_is_a_lagging_translation(clone, policy):
    base = clone.head()
    clone.set_version("privacy", V3, langs=("en",))
    edit(clone, "en", "We keep your data for one year.", "We keep your data for two years.")
    clone.commit("Privacy 2021.01.01 (English)", "2020-07-01T09:00:00Z")
    run = policy(clone, "check", "--since", base)
    assert run.returncode == 0, run.output  # lagging is a warning (mkdocs.yml): it fails strict checks only
    assert policy(clone, "check", "--strict", "--since", base).returncode == 1
    lagging = [d for d in diagnostics(run.stdout) if d["code"] == "history.lagging"]
    assert [d["file"] for d in lagging] == ["zh-TW/privacy.md"], run.stdout
    assert V2 in lagging[0]["message"] and V3 in lagging[0]["message"]
    assert "version.immutable" not in codes(run.stdout)


def test_a_new_version_in_both_languages_passes(clone, policy):
    base = clone.head()
    clone.set_version("privacy", V3)
    edit(clone, "en", "We keep your data for one year.", "We keep your data for two years.")
    edit(clone, "zh-TW", "我們保存您的資料一年。", "我們保存您的資料兩年。")
    clone.commit("Privacy 2021.01.01", "2020-07-01T09:00:00Z")
    run = policy(clone, "check", "--strict", "--since", base)
    assert (run.returncode, diagnostics(run.stdout)) == (0, []), run.output


# ------------------------------------------------ merges: GitHub's pull-request checkout and "Update branch"


def _pull_request(
    published: Published, tmp_path, change, trailers=None, main_change=None
) -> tuple[PolicyRepo, str]:
    """A clone where branch ``pr`` (from v2) makes ``change``; ``main`` optionally moves on with
    ``main_change`` (an editorial commit); HEAD is GitHub's checkout of a pull request: the
    merge of the pull request into main, with main as first parent.  Returns (repo, pr commit)."""
    repo = published.clone(tmp_path / "pr")
    repo.git("checkout", "-q", "-b", "pr")
    change(repo)
    pr = repo.commit("The pull request's change", "2020-07-01T09:00:00Z", trailers=trailers)
    repo.git("checkout", "-q", "main")
    if main_change:
        main_change(repo)
        repo.commit("Editorial fix on main", "2020-07-02T09:00:00Z", trailers={"Policy-Change": "editorial"})
    repo.git("checkout", "-q", "--detach")
    repo.git("merge", "-q", "--no-ff", "-m", "Merge the pull request into main", pr)
    return repo, pr


def _edit_retention(repo):
    edit(repo, "en", "We keep your data for one year.", "We keep your data for one (1) year.")


def _edit_contact_on_main(repo):
    edit(repo, "en", "by post to 1 Robot Road", "by post to 1 Robot Road, Taipei")


@pytest.mark.parametrize("main_moved", [False, True], ids=["main-unchanged", "main-moved-on"])
def test_pull_request_merge_checkout_judges_the_pull_requests_commits(
    published, policy, tmp_path, main_moved
):
    repo, _ = _pull_request(
        published,
        tmp_path,
        _edit_retention,
        {"Policy-Change": "editorial"},
        _edit_contact_on_main if main_moved else None,
    )
    run = policy(repo, "check", "--since", "main")
    assert (run.returncode, diagnostics(run.stdout)) == (0, []), run.output


def test_pull_request_merge_checkout_names_the_silent_commit(published, policy, tmp_path):
    repo, pr = _pull_request(published, tmp_path, _edit_retention, None, _edit_contact_on_main)
    run = policy(repo, "check", "--since", "main")
    assert run.returncode == 1, run.output
    (finding,) = diagnostics(run.stdout)
    assert finding["code"] == "version.immutable"
    assert f"{pr[:7]} 'The pull request's change'" in finding["message"]
    assert f"changes the text of published version {V2}" in finding["message"]


def test_updating_a_branch_from_main_is_not_a_silent_edit(clone, policy):
    """GitHub's "Update branch": main (with an editorial fix) merged into the pull request."""
    clone.git("checkout", "-q", "-b", "pr")
    write_terms(clone, V3)
    edit(clone, "en", "Use the platform lawfully.", "Use the platform lawfully and kindly.", policy="terms")
    edit(clone, "zh-TW", "請合法使用本平台。", "請合法且友善地使用本平台。", policy="terms")
    clone.commit("Terms 2021.01.01", "2020-07-01T09:00:00Z")
    clone.git("checkout", "-q", "main")
    _edit_contact_on_main(clone)
    clone.commit("Editorial fix on main", "2020-07-02T09:00:00Z", trailers={"Policy-Change": "editorial"})
    clone.git("checkout", "-q", "pr")
    clone.git("merge", "-q", "--no-edit", "main")
    run = policy(clone, "check", "--since", "main")
    assert (run.returncode, diagnostics(run.stdout)) == (0, []), run.output


# ---------------------------------------------------------------- --since: bad revisions and histories


def test_shallow_clone_with_since_asks_for_full_history(published, policy, tmp_path):
    shallow = PolicyRepo.clone(published.repo, tmp_path / "shallow", "--depth", "1")
    run = policy(shallow, "check", "--since", "HEAD")
    assert run.returncode == 2
    assert run.stdout == ""
    assert (
        "shallow clone" in run.stderr
        and "git fetch --unshallow" in run.stderr
        and "fetch-depth: 0" in run.stderr
    )
    assert run.stderr.startswith("policy check: error: ")
    assert policy(shallow, "pr-summary", "--base", "HEAD").returncode == 2


@pytest.mark.parametrize("rev", ["no-such-branch", "HEAD~99", "", "--output=x"])
def test_unknown_since_revision_is_a_usage_error(published, policy, rev):
    run = policy(published.repo, "check", f"--since={rev}")
    assert run.returncode == 2, run.output
    assert run.stdout == ""
    assert run.stderr.startswith(f"policy check: error: unknown revision '{rev}'"), run.stderr
    assert "stderr:" not in run.stderr  # git's message, not GitPython's wrapping
    assert not (published.repo.root / "x").exists()


def test_since_outside_git_is_a_usage_error(tmp_path, policy):
    repo = PolicyRepo.create(tmp_path / "plain", init=False)
    run = policy(repo, "check", "--since", "main")
    assert run.returncode == 2
    assert "not in a git repository" in run.stderr


# ================================================================ pr-summary


@pytest.fixture(scope="module")
def pull_request(published, tmp_path_factory) -> PolicyRepo:
    """A branch off v2 that starts 2021.01.01 of privacy in both languages (with summaries)."""
    repo = published.clone(tmp_path_factory.mktemp("pull-request") / "repo")
    repo.git("checkout", "-q", "-b", "pr")
    en = (
        EN_V2[:1]
        + [("2. Sharing", "sharing", "We never sell or rent your data to partners.")]
        + EN_V2[2:]
        + [("5. Children", "children", "We do not collect data from children.")]
    )
    zh = (
        ZH_V2[:1]
        + [("2. 分享", "sharing", "我們絕不向合作夥伴出售或出租您的資料。")]
        + ZH_V2[2:]
        + [("5. 兒童", "children", "我們不蒐集兒童的資料。")]
    )
    repo.write(
        "en",
        "privacy",
        source("Privacy Policy", V3, EN_INTRO, en, "We never rent your data; a children section."),
    )
    repo.write(
        "zh-TW", "privacy", source("隱私權政策", V3, ZH_INTRO, zh, "我們不出租您的資料;新增兒童一節。")
    )
    repo.commit("Privacy 2021.01.01", "2020-07-01T09:00:00Z")
    return repo


def test_pr_summary_lists_versions_sections_checks_and_redlines(pull_request, policy):
    run = policy(pull_request, "pr-summary", "--base", "main", "--site-url", "https://policies.example.org/")
    assert (run.returncode, run.stderr) == (0, ""), run.output
    md = run.stdout
    assert md.startswith(f"## Policy changes (base {pull_request.rev('main')[:7]})")
    assert f"| `privacy` | en | {V2} → **{V3}** (new version) | 1 added, 1 changed |" in md, md
    assert f"| `privacy` | zh-TW | {V2} → **{V3}** (new version) | 1 added, 1 changed |" in md, md
    assert "`terms`" not in md  # unchanged policies are not listed
    english = md[md.index("#### `privacy` — English (en)") : md.index("#### `privacy` — 繁體中文 (zh-TW)")]
    chinese = md[md.index("#### `privacy` — 繁體中文 (zh-TW)") : md.index("### Checks")]
    # Titles and summaries are escaped Markdown (`2\.` renders "2."): nothing in them renders.
    assert "- **changed** `sharing` 2\\. Sharing" in english
    assert "- **added** `children` 5\\. Children" in english
    assert "- **changed** `sharing` 2\\. 分享" in chinese and "- **added** `children` 5\\. 兒童" in chinese
    assert "`retention`" not in md and "`general`" not in md
    assert "> We never rent your data; a children section\\." in english
    assert "> 我們不出租您的資料;新增兒童一節。" in chinese
    assert "https://policies.example.org/privacy/changes/2021.01.01/" in english
    assert "https://policies.example.org/zh-TW/privacy/changes/2021.01.01/" in chinese
    assert md.rstrip().endswith("✅ Parity and version rules: no findings.")


@pytest.mark.parametrize(
    "lang,old,new", [("en", "Privacy Policy", "Privacy Notice"), ("zh-TW", "隱私權政策", "隱私權聲明")]
)
def test_pr_summary_shows_a_title_change(published, policy, tmp_path, lang, old, new):
    repo = published.clone(tmp_path / "repo")
    repo.git("checkout", "-q", "-b", "title")
    repo.write(lang, "privacy", repo.read(lang, "privacy").replace(old, new))  # front matter and # line
    repo.commit("A new title (editorial)\n\nPolicy-Change: editorial", "2020-07-01T09:00:00Z")
    run = policy(repo, "pr-summary", "--base", "main")
    assert run.returncode == 0, run.output
    md = run.stdout
    assert f"| `privacy` | {lang} | {V2} (same version, editorial) | 1 changed |" in md, md
    details = md[md.index("#### `privacy` — ") :]
    assert "**changed** `(intro)`" in details, details
    assert "<br>\n" in details and "<br\\>" not in details  # line breaks stay tags, never escaped
    removed, added = ("Policy", "Notice") if lang == "en" else ("政策", "聲明")
    assert f"<del>{removed}</del><ins>{added}</ins>" in details.replace(" ", ""), details


def test_pr_summary_shows_the_findings(pull_request, policy, tmp_path):
    repo = PolicyRepo.clone(pull_request, tmp_path / "repo")
    repo.git("checkout", "-q", "pr")
    edit(repo, "zh-TW", "- 郵寄至機器人路 1 號\n", "")  # one list item less in Chinese
    run = policy(repo, "pr-summary", "--base", "origin/main")
    assert run.returncode == 0, run.output
    checks = run.stdout[run.stdout.index("### Checks") :]
    assert "❌ 1 error(s)" in checks  # and the numbers of the section differ: a warning
    assert re.search(
        r"^zh-TW/privacy\.md:\d+: error: \[parity\.structure\] section 'contact'", checks, re.MULTILINE
    ), checks
    assert "/zh-TW/privacy/changes/2021.01.01/" in run.stdout  # no --site-url: site-relative links


def test_pr_summary_of_an_editorial_change_in_one_language(clone, policy):
    base = clone.head()
    edit(clone, "en", "We keep your data for one year.", "We keep your data for one (1) year.")
    clone.commit("Clarify", "2020-07-01T09:00:00Z", trailers={"Policy-Change": "editorial"})
    md = policy(clone, "pr-summary", "--base", base).stdout
    assert f"| `privacy` | en | {V2} (same version, editorial) | 1 changed |" in md, md
    assert f"| `privacy` | zh-TW | {V2} (same version, editorial) | no text change |" in md, md
    assert "Declared **editorial**" in md and "one <ins>\\(1\\) </ins>year" in md
    chinese = md[md.index("(zh-TW)\n") : md.index("### Checks")]
    assert "No text change." in chinese
    assert "/changes/" not in md  # the version's redline page would not show this change
    assert "✅" in md


def test_pr_summary_without_policy_changes(published, policy):
    md = policy(published.repo, "pr-summary", "--base", "HEAD").stdout
    assert "No policy text changes." in md and "✅" in md


@pytest.mark.parametrize("base", ["no-such-branch", "", "HEAD~99"])
def test_pr_summary_bad_base(published, policy, base):
    run = policy(published.repo, "pr-summary", "--base", base)
    assert run.returncode == 2 and run.stdout == ""
    assert run.stderr.startswith(f"policy pr-summary: error: unknown revision '{base}'"), run.stderr
