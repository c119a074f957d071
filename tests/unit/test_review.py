"""The branch review and the pull-request summary's parts (policysite.review): ``collect`` on a small
real repository (the net change of each file, the commits with the trailers git reads, the published
versions, uncommitted work), the version rules and trailer rules on reviews built by hand, how a
change is described, and the Markdown helpers (every text escaped).  The whole summary:
tests/unit/test_commands_pr_summary.py and tests/integration/test_review.py."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from gitrepo import PolicyRepo, policy_text

from policysite import diff, git_utils, project, review
from policysite.blocks import VOID
from policysite.diagnostics import Diagnostic
from policysite.review import Change, Commit, Review

BODY = "Intro.\n\n## 1. General {#general}\n\nText.\n"
BASE, FORK = "b" * 40, "f" * 40


@pytest.fixture(autouse=True)
def _environment(monkeypatch):
    """No inherited git settings (policysite runs git in this process)."""
    for name in list(os.environ):
        if name.startswith("GIT_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")


def corpus_of(*files: tuple[str, str, str]) -> project.Corpus:
    corpus = project.Corpus(languages=("en", "zh-TW"))
    for lang, policy, version in files:
        corpus.add(policy_text(policy.title(), version, BODY).encode(), policy, lang)
    return corpus


def commit(sha: str, subject: str, trailers=(), misplaced=False, files=("en/privacy.md",)) -> Commit:
    return Commit(sha * 40, subject, list(trailers), misplaced, list(files))


# ---------------------------------------------------------------- collect, on a real repository


@pytest.fixture(scope="module")
def branch(tmp_path_factory) -> tuple[PolicyRepo, str, list[str]]:
    """main: privacy 2020.01.01 in both languages; topic: an editorial fix of the English text, a
    new policy with its trailer in the wrong paragraph, a commit touching no policy; and an
    uncommitted change of the Chinese text."""
    repo = PolicyRepo.create(tmp_path_factory.mktemp("review") / "site", copy_policies=False)
    repo.write("en", "privacy", policy_text("Privacy Policy", "2020.01.01", BODY))
    repo.write("zh-TW", "privacy", policy_text("隱私權政策", "2020.01.01", BODY))
    base = repo.commit("First", date="2020-01-01T12:00:00Z")
    repo.git("checkout", "-q", "-b", "topic")
    repo.edit("en", "Text.", "Text, fixed.")
    commits = [repo.commit("Typo\n\nPolicy-Change: editorial (typo)", date="2020-02-01T12:00:00Z")]
    repo.write("en", "terms", policy_text("Terms", "2020.03.01", BODY))
    commits.append(
        repo.commit("Terms\n\nPolicy-Change: editorial\n\nmore text after", date="2020-03-01T12:00:00Z")
    )
    repo.write_file("README.md", "x\n")
    repo.commit("Readme\n\nPolicy-Change: whatever", date="2020-03-02T12:00:00Z")
    repo.edit("zh-TW", "Text.", "Text!")
    return repo, base, commits


def test_collect_the_net_change_of_a_branch(branch):
    repo, base, (typo, terms) = branch
    found = review.collect(repo.root, "main", project.load_tree(repo.root, ("en", "zh-TW")))
    assert (found.base, found.fork, found.uncommitted, found.editorial) == (base, base, True, True)
    assert found.published == {"privacy": {"2020.01.01": dt.date(2020, 1, 1)}}
    assert [(c.sha, c.subject, c.trailers, c.misplaced, c.files) for c in found.commits] == [
        (typo, "Typo", ["editorial (typo)"], False, ["en/privacy.md"]),
        (
            terms,
            "Terms",
            [],
            True,
            ["en/terms.md"],
        ),  # (git reads no trailer there; the README commit: no policy)
    ]
    assert [(c.path, c.old_version, c.new_version, c.text_changed) for c in found.changes] == [
        ("en/privacy.md", "2020.01.01", "2020.01.01", True),
        ("zh-TW/privacy.md", "2020.01.01", "2020.01.01", True),
        ("en/terms.md", None, "2020.03.01", True),
    ]
    assert found.changes[0].old_text == policy_text("Privacy Policy", "2020.01.01", BODY).encode()
    assert found.base_corpus.policies == ["privacy"]


def test_collect_refuses_a_folder_outside_git_and_an_unknown_base(branch, tmp_path):
    repo, _, _ = branch
    with pytest.raises(git_utils.GitError) as caught:
        review.collect(tmp_path, "main", project.Corpus())
    assert str(caught.value) == f"{tmp_path} is not in a git repository: --since needs history"
    with pytest.raises(git_utils.GitError) as caught:
        review.collect(repo.root, "no-such-base", project.Corpus())
    assert str(caught.value).startswith("unknown revision 'no-such-base' (Needed a single revision)")


def test_the_rules_on_the_collected_branch(branch):
    repo, _, (_, terms) = branch
    corpus = project.load_tree(repo.root, ("en", "zh-TW"))
    found = review.version_rules(review.collect(repo.root, "main", corpus), corpus)
    assert [(d.file, d.line, d.code) for d in found] == [("en/terms.md", 1, "version.trailer")]
    assert found[0].message.startswith(
        f"commit {terms[:7]} ('Terms') has a 'Policy-Change:' line that git does not"
    )


# ---------------------------------------------------------------- describing a change


def test_describe():
    empty = Review(BASE, FORK)
    assert empty.describe() == "the changes since bbbbbbb"
    edited = [Change("privacy", "en", "2020.01.01", "2020.01.01", True, b"a", b"b", uncommitted=True)]
    working = Review(BASE, FORK, changes=edited)
    assert working.describe() == "the uncommitted changes in the working tree"
    assert (
        working.says("en/privacy.md", "changes", "change")
        == "the uncommitted changes in the working tree change"
    )
    one = Review(BASE, FORK, commits=[commit("1", "Fix")])
    assert one.describe() == "the 1 commit since bbbbbbb (1111111 'Fix')"
    assert (
        one.says("en/privacy.md", "changes", "change") == "the 1 commit since bbbbbbb (1111111 'Fix') changes"
    )
    assert one.describe("zh-TW/privacy.md") == "the changes since bbbbbbb"
    assert one.says("zh-TW/privacy.md", "starts", "start") == "the changes since bbbbbbb start"
    many = Review(BASE, FORK, changes=edited, commits=[commit(str(n), f"C{n}") for n in range(1, 5)])
    assert many.describe() == (
        "the 4 commits since bbbbbbb (1111111 'C1', 2222222 'C2', 3333333 'C3', ...) and the working tree "
        "(uncommitted)"
    )
    assert many.describe("zh-TW/privacy.md") == "the changes since bbbbbbb"  # (only en is uncommitted)
    mixed = Review(BASE, FORK, changes=edited, commits=[commit("1", "Fix")])
    assert mixed.says("en/privacy.md", "changes", "change") == (
        "the 1 commit since bbbbbbb (1111111 'Fix') and the working tree (uncommitted) change"
    )


def test_describe_names_uncommitted_work_only_for_its_own_file(branch):
    repo, _, (_, terms) = branch  # (only zh-TW/privacy.md has uncommitted changes)
    found = review.collect(repo.root, "main", project.load_tree(repo.root, ("en", "zh-TW")))
    assert found.describe("en/terms.md") == f"the 1 commit since {found.base[:7]} ({terms[:7]} 'Terms')"


@pytest.mark.parametrize(
    ("values", "editorial"),
    [
        ([], False),
        (["editorial"], True),
        (["Editorial: typo"], True),
        (["editorial (typo)"], True),
        (["fix"], False),
    ],
)
def test_a_branch_is_editorial_when_any_commit_says_so(values, editorial):
    commits = [commit("1", "a"), commit("2", "b", values)]
    assert Review(BASE, FORK, commits=commits).editorial is editorial


# ---------------------------------------------------------------- the rules


def rules(changes: list[Change], published: dict, commits=(), corpus=None) -> list[tuple]:
    made = Review(BASE, FORK, changes=changes, published=published, commits=list(commits))
    found = review.version_rules(made, corpus or corpus_of(("en", "privacy", "2020.01.01")))
    return [(d.code, d.file, d.line) for d in found]


PUBLISHED = {"privacy": {"2020.01.01": dt.date(2020, 1, 1)}}


def test_a_published_text_is_immutable():
    changed = Change("privacy", "en", "2020.01.01", "2020.01.01", True, b"old", b"new")
    assert rules([changed], PUBLISHED, [commit("1", "Edit")]) == [("version.immutable", "en/privacy.md", 3)]
    assert rules([changed], PUBLISHED, [commit("1", "Edit", ["editorial"])]) == []  # declared
    assert rules([changed], {}) == []  # never published
    unchanged = Change("privacy", "en", "2020.01.01", "2020.01.01", False, b"old", b"old ")
    assert rules([unchanged], PUBLISHED) == []  # (whitespace only)
    removed = Change("privacy", "en", "2020.01.01", None, True, b"old", None)
    assert rules([removed], PUBLISHED) == []


def test_a_new_version_comes_after_every_published_one():
    older = Change("privacy", "en", "2020.01.01", "2019.06.01", True, b"a", b"b")
    same_day = Change("privacy", "en", "2020.01.01", "2020.01.01", True, b"a", b"b")
    later = Change("privacy", "en", "2020.01.01", "2021.01.01", True, b"a", b"b")
    assert rules([older], PUBLISHED) == [("version.not-after", "en/privacy.md", 3)]
    assert rules([later], PUBLISHED) == []
    assert rules([same_day], PUBLISHED, [commit("1", "x", ["editorial"])]) == []
    first = Change("terms", "en", None, "2019.01.01", True, None, b"b")  # another policy: its own history
    assert rules([first], PUBLISHED) == []
    made = Review(BASE, FORK, changes=[older], published=PUBLISHED)
    (finding,) = review.version_rules(made, corpus_of(("en", "privacy", "2020.01.01")))
    assert finding.message == (
        "the changes since bbbbbbb start version 2019.06.01 of en/privacy.md, which is not after the "
        "published version 2020.01.01; choose a later date"
    )


def test_the_trailer_rules():
    commits = [
        commit("1", "Typo", ["editorial (typo)"]),
        commit("2", "Bad", ["minor"]),
        commit("3", "Empty", [""]),
        commit("4", "Lost", misplaced=True),
        commit("5", "Docs", ["anything"], files=()),  # touches no policy: its trailers change nothing
    ]
    found = review.trailer_rules(Review(BASE, FORK, commits=commits))
    assert [(d.code, d.file, d.line) for d in found] == [("version.trailer", "en/privacy.md", 1)] * 3
    assert [d.message.split(";")[0].split(":")[0] for d in found[:2]] == [
        "commit 2222222 ('Bad') has 'Policy-Change",
        "commit 3333333 ('Empty') has 'Policy-Change",
    ]
    assert found[2].message.startswith(
        "commit 4444444 ('Lost') has a 'Policy-Change:' line that git does not read"
    )
    assert found[0].message == (
        "commit 2222222 ('Bad') has 'Policy-Change: minor'; the accepted values are: editorial (e.g. "
        "'Policy-Change: editorial (typo)')"
    )


# ---------------------------------------------------------------- Markdown


def test_redline_markdown_escapes_every_text():
    ops = [
        (diff.EQUAL, "a *b*\n"),
        (diff.INSERT, "<x> @me"),
        (diff.INSERT, " more"),
        (diff.DELETE, VOID + '<img src="a">'),
        (diff.DELETE, "gone"),
        (diff.EQUAL, ""),
    ]
    assert (
        review.redline_markdown(ops) == "a \\*b\\*<br>\n<ins>&lt;x\\> @&#8203;me more</ins><del> gone</del>"
    )
    assert review.redline_markdown([]) == ""


@pytest.mark.parametrize(
    ("function", "text", "expected"),
    [
        (review._text, "a\nb [x](y)", "a b \\[x\\]\\(y\\)"),
        (review._plain, "2020.01.01", "2020.01.01"),
        (review._plain, "zh-TW", "zh-TW"),
        (review._plain, "2020-01-01", "2020\\-01\\-01"),
        (review._code, "privacy", "`privacy`"),
        (review._code, "security/access", "security/access"),
        (review._code, "`x`", "\\`x\\`"),
    ],
)
def test_the_text_helpers(function, text, expected):
    assert function(text) == expected


def test_a_fence_no_line_can_close():
    assert review._fenced(["a", "b"]) == ["```", "a", "b", "```"]
    assert review._fenced(["x ````` y\tz\x1b"]) == ["``````", "x ````` y z\\x1b", "``````"]


def test_the_checks_section():
    assert review._checks([]) == ["### Checks", "", "✅ Parity and version rules: no findings."]
    error = Diagnostic.error("a.b", "en/p.md", 1, "bad")
    warning = Diagnostic.warning("c.d", "en/p.md", 2, "meh")
    info = Diagnostic.of("info", "e.f", "en/p.md", 3, "fyi")
    assert review._checks([error, warning])[2] == "❌ 1 error(s), 1 warning(s):"
    assert review._checks([warning, info]) == [
        "### Checks",
        "",
        "⚠️ 0 error(s), 1 warning(s), 1 acknowledged or informational:",
        "",
        "```",
        warning.text(),
        info.text(),
        "```",
    ]
    assert review._checks([info])[2] == "✅ 0 error(s), 0 warning(s), 1 acknowledged or informational:"


@pytest.mark.parametrize(
    ("change", "editorial", "cell"),
    [
        (
            Change("p", "en", "2020.01.01", "2021.01.01", True, b"a", b"b"),
            False,
            "2020.01.01 → **2021.01.01** (new version)",
        ),
        (Change("p", "en", None, "2021.01.01", True, None, b"b"), False, "2021.01.01 (new policy)"),
        (Change("p", "en", "2020.01.01", None, True, b"a", None), False, "2020.01.01 (file removed)"),
        (
            Change("p", "en", "2020.01.01", "2020.01.01", True, b"a", b"b"),
            True,
            "2020.01.01 (same version, editorial)",
        ),
        (Change("p", "en", "2020.01.01", "2020.01.01", True, b"a", b"b"), False, "2020.01.01 (same version)"),
    ],
)
def test_the_version_cell(change, editorial, cell):
    side = review._Side("p", "en", change, None, None, None)
    assert review._version_cell(side, editorial) == cell


def test_an_unreadable_file_is_a_problem_not_a_removal():
    document, problem = review._document(b"\xff", "en/p.md", "p", "en")
    assert document is None and problem is not None and problem.code == "source.encoding"
    side = review._Side("p", "en", None, None, None, problem)
    assert review._version_cell(side, False) == "?"
    summary, lines = review._language_details(side, "", "en")
    assert summary == "cannot be read: see the checks"
    assert lines[-2] == "The file cannot be read, so its changes cannot be shown; nothing was removed."
    assert review._document(None, "en/p.md", "p", "en") == (None, None)
