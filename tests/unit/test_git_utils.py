"""The one git layer (policysite.git_utils), in process, on a tiny real repository made in
``tmp_path`` (two commits; nothing mocked): each question answered from git's own output, every
failure a :class:`GitError` in git's words, and git's output parsed strictly, never split on a
character a file name or a commit message may hold."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from gitrepo import clean_env

from policysite import git_utils
from policysite.git_utils import GitError, LogRecord, Repository

A, B = "a" * 40, "b" * 40


def git(root: Path, *args: str, date: str = "2020-01-01T12:00:00Z") -> str:
    env = clean_env({"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date})
    identity = ["-c", "user.name=Policy Tests", "-c", "user.email=tests@example.invalid"]
    done = subprocess.run(
        ["git", "-C", str(root), *identity, *args], check=True, capture_output=True, env=env
    )
    return done.stdout.decode()


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """``site/en/a.md`` committed, then renamed to ``b.md`` beside ``c<LF>d.md`` (read only)."""
    root = tmp_path_factory.mktemp("git") / "repo"
    (root / "site" / "en").mkdir(parents=True)
    git(root, "init", "-q", "-b", "main")
    (root / "site" / "en" / "a.md").write_text("one\n")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "First\n\nPolicy-Change: editorial (typo)\nPolicy-Change: second")
    (root / "site" / "en" / "a.md").rename(root / "site" / "en" / "b.md")
    (root / "site" / "en" / "c\nd.md").write_text("x\n")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Rename", date="2020-02-01T00:00:00Z")
    commits = git(root, "rev-list", "HEAD").split()
    return root, {"second": commits[0], "first": commits[1]}


# ---------------------------------------------------------------- pure parsing


@pytest.mark.parametrize(
    "stderr, message",
    [
        ("fatal: not a git repository\n", "not a git repository"),
        (b"hint: x\nerror: bad object HEAD\n\n", "bad object HEAD"),
        ("  warning: one\n  fatal: two  \n", "two"),
        (b"\xff fatal", "\ufffd fatal"),
        ("", "no message"),
        (None, "no message"),
        ("\n \n", "no message"),
    ],
)
def test_clean_stderr_is_the_last_line_without_its_prefix(stderr, message):
    assert git_utils.clean_stderr(stderr) == message


def test_blob_sha_is_gits_hash_of_the_bytes(tmp_path):
    (tmp_path / "f").write_bytes(b"one\n\x00\xff")
    assert git_utils.blob_sha(b"one\n\x00\xff") == git(tmp_path, "hash-object", str(tmp_path / "f")).strip()
    assert git_utils.blob_sha(b"") == "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391"


def test_raw_entries_read_additions_renames_and_merges():
    raw = (
        f"\0\n:000000 100644 {'0' * 40} {A} A\0en/a.md\0"
        f":100644 100644 {A} {B} R087\0old name.md\0en/new\nname.md\0"
        f"::100644 100644 100644 {A} {B} {A} MM\0en/merged.md\0"
    )
    assert list(git_utils.raw_entries(raw)) == [
        (1, ["000000", "100644", "0" * 40, A, "A"], "en/a.md", "en/a.md"),
        (1, ["100644", "100644", A, B, "R087"], "old name.md", "en/new\nname.md"),
        (2, ["100644", "100644", "100644", A, B, A, "MM"], "en/merged.md", "en/merged.md"),
    ]
    assert [path for _, _, path in git_utils.raw_changes(raw)] == [
        "en/a.md",
        "en/new\nname.md",
        "en/merged.md",
    ]


@pytest.mark.parametrize(
    "raw, error",
    [
        (f"\n:100644 100644 {A} {B} M\0en/a.md", "git log printed a diff that does not parse"),
        (f"x:100644 100644 {A} {B} M\0en/a.md\0", "git log printed a diff that does not parse"),
        (f"\n100644 100644 {A} {B} M\0en/a.md\0", "git log printed a raw diff entry that does not parse"),
        (f"\n:100644 100644 {A} {B}\0en/a.md\0", "git log printed a raw diff entry that does not parse"),
        (f"\n:100644 10064 {A} {B} M\0en/a.md\0", "git log printed a raw diff entry that does not parse"),
        (
            f"\n:100644 100644 {A[:39]} {B} M\0en/a.md\0",
            "git log printed a raw diff entry that does not parse",
        ),
        (f"\n:100644 100644 {A} {B} m\0en/a.md\0", "git log printed a raw diff entry that does not parse"),
        (f"\n:100644 100644 {A} {B} R100\0old.md\0", "git log printed a raw diff entry without its path"),
    ],
)
def test_a_raw_diff_that_does_not_parse_is_an_error(raw, error):
    with pytest.raises(GitError, match=f"^{error}"):
        list(git_utils.raw_entries(raw))


def test_name_only_reads_nul_terminated_names():
    assert git_utils.name_only("\0\nen/a.md\0en/b\n.md\0") == ["en/a.md", "en/b\n.md"]
    assert git_utils.name_only("\0") == [] and git_utils.name_only("") == []


def test_a_log_record_is_parsed_by_its_token():
    token = "t" * 32
    chunk = f"{A}{token}|1577880000{token}|Subject{token}|ed{token}+two{token}>\0\nen/a.md\0"
    record = git_utils._log_record(chunk, token, ["%H", "%ct", "%s"], True)
    assert record == LogRecord((A, "1577880000", "Subject"), ("ed", "two"), "\0\nen/a.md\0")
    empty = git_utils._log_record(f"{A}{token}|{token}>", token, ["%H"], True)
    assert empty.trailers == ()


@pytest.mark.parametrize(
    "chunk, error",
    [
        ("{A}{t}|123", "git log printed a record that does not parse"),  # never closed
        ("{A}{t}|123{t}|x{t}>", "git log printed a record that does not parse"),  # a field too many
        ("{A}{t}|123{t}>{t}", "git log printed a record that does not parse"),  # the token after it
        ("{A}{t}|12a{t}>", "git log printed '12a' for %ct, which cannot be one"),
        ("abc{t}|123{t}>", "git log printed 'abc' for %H, which cannot be one"),
    ],
)
def test_a_log_record_that_does_not_parse_is_an_error(chunk, error):
    token = "t" * 32
    with pytest.raises(GitError) as caught:
        git_utils._log_record(chunk.format(A=A, t=token), token, ["%H", "%ct"], False)
    assert str(caught.value).startswith(error)


def test_batch_responses_read_sizes_not_lines():
    out = f"{A} blob 3\na\nb\n{B} missing\n{B} tree 0\n\n".encode()
    assert git_utils._batch_responses(out, 3) == [(A, "blob", b"a\nb"), None, (B, "tree", b"")]


@pytest.mark.parametrize(
    "out, error",
    [
        (f"{A} blob 3\nab\n".encode(), "git cat-file --batch printed fewer bytes than 3"),
        (f"{A} blob 1\nab\n".encode(), "git cat-file --batch printed fewer bytes than 1"),
        (b"garbage\n", "git cat-file --batch printed b'garbage', which does not parse"),
        (b"", "git cat-file --batch stopped before answering every name"),
        (f"{A} blob 1\na\nextra".encode(), "git cat-file --batch printed more than it was asked for"),
    ],
)
def test_batch_responses_that_do_not_parse_are_errors(out, error):
    with pytest.raises(GitError) as caught:
        git_utils._batch_responses(out, 1)
    assert str(caught.value).startswith(error)


@pytest.mark.parametrize("name", ["HEAD:a\nb", "HEAD:a\0b", "HEAD:a\r", "HEAD:\udcff"])
def test_a_name_one_batch_line_cannot_carry_is_never_sent(name):
    assert git_utils._batch_name(name) is None
    assert git_utils._batch_name("HEAD:en/隱私 a\rb.md") == "HEAD:en/隱私 a\rb.md".encode()


# ---------------------------------------------------------------- a real repository


def test_find_outside_git_and_before_the_first_commit(tmp_path):
    assert Repository.find(tmp_path) is None
    git(tmp_path, "init", "-q")
    (tmp_path / "site").mkdir()
    found = Repository.find(tmp_path / "site")
    assert (found.worktree, found.prefix, found.common_dir) == (
        tmp_path.resolve(),
        "site/",
        tmp_path / ".git",
    )
    assert found.head() is None and not found.is_shallow()
    assert Repository.find(tmp_path).prefix == ""


def test_a_bare_repository_is_no_work_tree(tmp_path):
    git(tmp_path, "init", "-q", "--bare")
    assert Repository.find(tmp_path) is None


def test_questions_about_commits(repo):
    root, commits = repo
    site = Repository.find(root / "site")
    assert site.head() == commits["second"]
    assert site.resolve("HEAD~1") == commits["first"] and site.resolve("main") == commits["second"]
    assert site.merge_base("HEAD", commits["first"]) == commits["first"]
    assert site.commits("HEAD~1..HEAD") == {commits["second"]}
    assert site.commits("HEAD") == set(commits.values())


@pytest.mark.parametrize("rev", ["nope", "--all", "HEAD:site"])
def test_an_unknown_revision_says_what_to_give(repo, rev):
    site = Repository.find(repo[0] / "site")
    with pytest.raises(GitError) as caught:
        site.resolve(rev)
    message = str(caught.value)
    assert message.startswith(f"unknown revision '{rev}' (")
    assert message.endswith(
        "give a commit, branch or tag, e.g. 'origin/main' (in a CI checkout, fetch the base branch first)"
    )


def test_a_failing_command_is_a_git_error_in_gits_words(repo):
    site = Repository.find(repo[0] / "site")
    with pytest.raises(GitError) as caught:
        site.run("nosuchcommand")
    assert (
        str(caught.value)
        == "git nosuchcommand failed: git: 'nosuchcommand' is not a git command. See 'git --help'."
    )
    assert site.run("cat-file", "-e", "HEAD:nothing", ok=(0, 128)) == b""


def test_tracked_and_tree_blobs_read_names_with_line_breaks(repo):
    root, commits = repo
    site = Repository.find(root / "site")
    assert site.tracked(root / "site") == ["site/en/b.md", "site/en/c\nd.md"]
    assert site.tracked(root / "site" / "*") == []  # (a literal pathspec)
    one = git_utils.blob_sha(b"one\n")
    assert site.tree_blobs("HEAD", ["en"]) == {"en/b.md": one, "en/c\nd.md": git_utils.blob_sha(b"x\n")}
    assert site.tree_blobs(commits["first"], ["en"]) == {"en/a.md": one}
    assert site.tree_blobs("HEAD", ["zh-TW"]) == {}


def test_log_reads_fields_trailers_and_the_raw_diff(repo):
    root, commits = repo
    site = Repository.find(root / "site")
    records = list(
        site.log(
            "--raw",
            "-z",
            "--no-abbrev",
            "-M",
            "--reverse",
            fields=("%H", "%ct", "%P", "%s"),
            trailer="Policy-Change",
        )
    )
    assert [r.fields for r in records] == [
        (commits["first"], "1577880000", "", "First"),
        (commits["second"], "1580515200", commits["first"], "Rename"),
    ]
    assert [r.trailers for r in records] == [("editorial (typo)", "second"), ()]
    entries = [
        [(fields[-1], source, path) for _, fields, source, path in git_utils.raw_entries(r.raw)]
        for r in records
    ]
    assert entries == [
        [("A", "site/en/a.md", "site/en/a.md")],
        [("R100", "site/en/a.md", "site/en/b.md"), ("A", "site/en/c\nd.md", "site/en/c\nd.md")],
    ]
    with pytest.raises(ValueError, match="not a trailer key"):
        list(site.log(fields=("%H",), trailer="a,b"))


def test_read_blobs_and_read_files(repo):
    root, commits = repo
    site = Repository.find(root / "site")
    one, x = git_utils.blob_sha(b"one\n"), git_utils.blob_sha(b"x\n")
    assert site.read_blobs([one, x, one]) == {one: b"one\n", x: b"x\n"}
    assert site.read_blobs([]) == {}
    with pytest.raises(
        GitError, match=f"^git cat-file failed: blob {'0' * 40} is missing from the repository$"
    ):
        site.read_blobs(["0" * 40])
    with pytest.raises(GitError, match="^git cat-file failed: 'HEAD' is not an object name$"):
        site.read_blobs(["HEAD"])
    assert site.read_files(
        [
            ("HEAD", "en/b.md"),
            (commits["first"], "en/a.md"),
            ("HEAD", "en/c\nd.md"),
            ("HEAD", "en"),
            ("HEAD", "no.md"),
        ]
    ) == {
        ("HEAD", "en/b.md"): b"one\n",
        (commits["first"], "en/a.md"): b"one\n",
        ("HEAD", "en/c\nd.md"): None,  # (not sendable: never asked)
        ("HEAD", "en"): None,  # (a tree, not a file)
        ("HEAD", "no.md"): None,
    }
    assert site.read_files([("HEAD", "a\nb")]) == {("HEAD", "a\nb"): None}


def test_a_shallow_clone_is_refused_with_the_fix(repo, tmp_path):
    root, _ = repo
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{root}", "clone")
    clone = Repository.find(tmp_path / "clone")
    assert clone.is_shallow()
    assert Repository(clone.worktree).is_shallow()  # (asking git when the folder is unknown)
    with pytest.raises(git_utils.ShallowCloneError) as caught:
        clone.require_full_history()
    assert "Fetch the full history with 'git fetch --unshallow'" in str(caught.value)
    assert "'fetch-depth: 0'" in str(caught.value)
    Repository.find(root).require_full_history()  # (a full clone: no error)
