"""Issue 23, item 3: git output is parsed, never split on a character a commit may hold; and
item 5 for the pull-request summary: every text from a source or from git is escaped Markdown.

Commits are written byte for byte (``git hash-object -t commit --literally``), so their
messages and author names carry every control character, which ``git commit -m`` would clean
up; file names with control characters and line breaks are committed in ``en/`` and ``docs/``.
The old readers split ``git log`` output on ``\\x1f``/``\\x1e`` (and ``\\x1d``/``\\x1c``): a subject
``Wording\\x1feditorial`` passed as a declared editorial change, and a subject holding ``\\x1e``
and a fake record made the real commit vanish from ``policy versions`` and ``versions.json``.
Everything runs for real: git, ``policy`` and ``mkdocs build`` as subprocesses.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from pathlib import Path

import pytest
from gitrepo import PolicyRepo, clean_env
from histories import V2, edit

from policysite import diff, git_utils, history, project, review

CONTROLS = "".join(map(chr, range(0x01, 0x20))) + "\x7f"
NAME_CONTROLS = CONTROLS.replace("\n", "")  # a line break would end the commit's author header
AUTHOR = f"Eve {NAME_CONTROLS} Mallory"
FAKE = "0123456789abcdef0123456789abcdef01234567"  # a commit that does not exist
# The real commit's record ends after "Wording" and a fake one starts, which takes the real
# commit's diff (the old history reader: "\x1e%H\x1f%ct\x1f%s\x1f<trailers>\x1f" + diff).
FAKE_RECORD = f"Wording\x1f\x1f\x1e{FAKE}\x1f1577880000\x1fFake commit"
# Commit messages that must never declare a change editorial.
NOT_EDITORIAL = {
    "field-separator": "Wording\x1feditorial",
    "review-separators": "Wording\x1d\x1ceditorial\x1f\x1deditorial\x1c",
    "fake-record": FAKE_RECORD + "\x1feditorial",
    "trailer-in-subject": "Policy-Change: editorial",
    "every-control": f"Wording {CONTROLS} editorial",
    "body": f"Wording\n\nBody\x1feditorial\x1e{FAKE}\x1f\x1deditorial\x1c{CONTROLS}\n",
}
# File names git must hand over whole (none of them a policy's).
ODD_FILES = (
    "en/line\nbreak.md",
    "en/\nprivacy.md",
    "en/privacy\n.md",
    "en/tab\there.md",
    f"en/ctl{NAME_CONTROLS}.md",
    "en/" + FAKE_RECORD.replace("/", "-") + ".md",
    "docs/line\nbreak.md",
    f"docs/ctl{NAME_CONTROLS}.md",
    "docs/assets/odd\x1b]0;title\x07\x1b[2J.txt",
)


# ---------------------------------------------------------------- helpers


def raw_commit(repo: PolicyRepo, message: str, day: str, author: str = AUTHOR) -> str:
    """Commit everything with exactly ``message`` and ``author`` (bytes git would clean up)."""
    repo.git("add", "-A")
    tree = repo.git("write-tree").strip()
    parent = repo.git("rev-parse", "--verify", "-q", "HEAD", check=False).strip()
    when = int(dt.datetime.fromisoformat(day).replace(hour=12, tzinfo=dt.UTC).timestamp())
    ident = f"{author} <tests@example.invalid> {when} +0000"
    header = f"tree {tree}\n" + (f"parent {parent}\n" if parent else "")
    done = subprocess.run(
        ["git", "hash-object", "-t", "commit", "--literally", "-w", "--stdin"],
        input=f"{header}author {ident}\ncommitter {ident}\n\n{message}".encode(),
        cwd=repo.root,
        capture_output=True,
        env=clean_env(),
        check=True,
    )
    sha = done.stdout.decode().strip()
    repo.git("update-ref", "HEAD", sha)
    return sha


def git_field(repo: PolicyRepo, commit: str, placeholder: str) -> str:
    """One ``--format`` placeholder of ``commit``, byte for byte (no newline translation)."""
    done = subprocess.run(
        ["git", "log", "-1", f"--format={placeholder}", commit],
        cwd=repo.root,
        capture_output=True,
        env=clean_env(),
        check=True,
    )
    return done.stdout.decode()[: -len("\n")]


def write_odd_files(repo: PolicyRepo) -> None:
    for name in ODD_FILES:
        path = repo.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"odd\n")


def remove_odd_files(repo: PolicyRepo) -> None:
    for name in ODD_FILES:
        (repo.root / name).unlink()


def privacy(repo: PolicyRepo, version: str, sentence: str) -> None:
    def text(title: str, intro: str, heading: str, body: str) -> str:
        return (
            f"---\ntitle: {title}\nversion: {version}\n---\n\n# {title}\n\n{intro}\n\n"
            f"## {heading} {{#general}}\n\n{body}\n"
        )

    repo.write("en", "privacy", text("Privacy Policy", sentence, "1. General", "We collect your name."))
    repo.write("zh-TW", "privacy", text("隱私權政策", "我們尊重您的隱私。", "1. 總則", "我們蒐集您的姓名。"))


def policy_json(repo: PolicyRepo, *args: str) -> dict:
    run = repo.policy(*args, "--format", "json")
    assert "Traceback" not in run.output, run.output
    return json.loads(run.stdout)


# ---------------------------------------------------------------- history: every real commit, no fake one


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> tuple[PolicyRepo, dict[str, str]]:
    """Four versions of privacy, three of them committed with hostile messages and author names,
    odd file names added and removed on the way, an editorial fix with a real trailer and an
    in-place edit whose subject only pretends to be one."""
    repo = PolicyRepo.create(tmp_path_factory.mktemp("hostile") / "repo", copy_policies=False)
    commits = {}
    privacy(repo, "2020.01.01", "We respect your privacy.")
    commits["v1"] = repo.commit("Publish the privacy policy", "2020-01-01T12:00:00Z")
    write_odd_files(repo)
    privacy(repo, "2020.03.01", "We care about your privacy.")
    commits["separator"] = raw_commit(repo, "Wording\x1feditorial", "2020-03-01")
    privacy(repo, "2020.06.01", "We protect your privacy.")
    commits["record"] = raw_commit(repo, FAKE_RECORD, "2020-06-01")
    remove_odd_files(repo)
    privacy(repo, "2020.09.01", "We guard your privacy.")
    message = f"Every control {CONTROLS}\n\nBody {CONTROLS}\n{FAKE_RECORD}\n"
    commits["controls"] = raw_commit(repo, message, "2020-09-01")
    privacy(repo, "2020.09.01", "We guard your privacy well.")
    commits["editorial"] = raw_commit(
        repo, f"Fix {CONTROLS}\n\nBody {CONTROLS}\n\nPolicy-Change: editorial\n", "2020-09-02"
    )
    privacy(repo, "2020.09.01", "We guard your privacy very well.")
    commits["pretend"] = raw_commit(repo, "Wording\x1feditorial\x1d\x1c", "2020-09-03")
    return repo, commits


# version -> (the commit of its English and Chinese texts, its revisions in history order, which
# of them are editorial); the last three commits change the English text only.
def expected_versions(commits: dict[str, str]) -> dict[str, tuple[tuple[str, str], list[str], list[bool]]]:
    return {
        "2020.01.01": ((commits["v1"],) * 2, [commits["v1"]], [False]),
        "2020.03.01": ((commits["separator"],) * 2, [commits["separator"]], [False]),
        "2020.06.01": ((commits["record"],) * 2, [commits["record"]], [False]),
        "2020.09.01": (
            (commits["pretend"], commits["controls"]),
            [commits["controls"], commits["editorial"], commits["pretend"]],
            [False, True, False],
        ),
    }


def commit_values(value: object):
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "commit":
                yield item
            else:
                yield from commit_values(item)
    elif isinstance(value, list):
        for item in value:
            yield from commit_values(item)


def assert_index(index: dict, repo: PolicyRepo, commits: dict[str, str]) -> None:
    """``versions.json`` / ``policy versions --format json``: every real commit, as git has it."""
    named = set(commit_values(index))  # every "commit" anywhere in the index
    assert FAKE not in named and named <= set(commits.values()), named
    (privacy_entry,) = [p for p in index["policies"] if p["id"] == "privacy"]
    found = {v["version"]: v for v in privacy_entry["versions"]}
    expected = expected_versions(commits)
    assert sorted(found) == sorted(expected)
    for version, ((en, zh), revisions, editorial) in expected.items():
        entry = found[version]
        assert {lang: text["commit"] for lang, text in entry["languages"].items()} == {"en": en, "zh-TW": zh}
        assert [r["commit"] for r in entry["revisions"]] == revisions, entry
        assert [r["editorial"] for r in entry["revisions"]] == editorial, entry
        for revision in entry["revisions"]:
            assert revision["subject"] == git_field(repo, revision["commit"], "%s")


def test_policy_versions_lists_every_real_commit_and_no_fake_one(hostile):
    repo, commits = hostile
    assert_index(policy_json(repo, "versions"), repo, commits)


def test_versions_json_of_a_build_lists_every_real_commit_and_no_fake_one(hostile, tmp_path):
    repo, commits = hostile
    # The pretended editorial fix is an undeclared change of published text (issue 24): a warning
    # naming it, which fails a strict build.
    assert not repo.build(site=tmp_path / "strict").ok
    result = repo.build(strict=False, site=tmp_path / "site")
    assert result.ok, result.output
    assert f"[history.unmarked-change] commit {commits['pretend'][:7]}" in result.output
    index = json.loads((result.site / "versions.json").read_text(encoding="utf-8"))
    assert index["head"] == commits["pretend"]
    assert_index(index, repo, commits)


def test_a_fake_record_in_a_subject_takes_no_commit_s_place(tmp_path):
    """The vector alone: version 2020.06.01 committed with the fake record as its subject."""
    repo = PolicyRepo.create(tmp_path / "repo", copy_policies=False)
    privacy(repo, "2020.01.01", "We respect your privacy.")
    first = repo.commit("Publish the privacy policy", "2020-01-01T12:00:00Z")
    privacy(repo, "2020.06.01", "We protect your privacy.")
    real = raw_commit(repo, FAKE_RECORD, "2020-06-01", author="Policy Tests")
    index = policy_json(repo, "versions")
    (entry,) = index["policies"]
    assert [v["languages"]["en"]["commit"] for v in entry["versions"]] == [real, first]
    assert [r["commit"] for v in entry["versions"] for r in v["revisions"]] == [real, first]
    assert entry["versions"][0]["revisions"][0]["subject"] == git_field(repo, real, "%s")


def test_history_reads_subjects_and_trailers_as_git_does(hostile):
    repo, commits = hostile
    corpus = project.load_tree(repo.root)
    found = history.read(repo.root, corpus, dt.date(2030, 1, 1))
    revisions = {r.commit: r for v in found.get("privacy").versions for r in v.revisions}
    assert set(revisions) == set(commits.values())
    for name, commit in commits.items():
        assert revisions[commit].subject == git_field(repo, commit, "%s"), name
        assert revisions[commit].editorial == (name == "editorial"), name


def test_every_field_and_file_name_comes_back_whole(hostile):
    """Subjects, bodies, author names and file names with every control character, read in one stream."""
    repo, commits = hostile
    git = git_utils.Repository.find(repo.root)
    records = list(
        git.log(
            "--name-only",
            "-z",
            "--reverse",
            "HEAD",
            fields=("%H", "%an", "%s", "%B"),
            trailer="Policy-Change",
        )
    )
    assert [r.fields[0] for r in records] == list(commits.values())
    for record in records:
        commit, author, subject, body = record.fields
        assert (author, subject, body) == tuple(git_field(repo, commit, p) for p in ("%an", "%s", "%B"))
        assert list(record.trailers) == (["editorial"] if commit == commits["editorial"] else [])
    assert author == AUTHOR
    odd = set(ODD_FILES)
    by_commit = {r.fields[0]: git_utils.name_only(r.raw) for r in records}
    assert odd <= set(by_commit[commits["separator"]]), by_commit[commits["separator"]]
    assert odd <= set(by_commit[commits["controls"]])  # removed there
    raw = list(
        git.log("--raw", "-z", "--no-abbrev", "--no-renames", commits["controls"], "-1", fields=("%H",))
    )
    changes = list(git_utils.raw_changes(raw[0].raw))
    assert {path for _, _, path in changes} == odd | {"en/privacy.md", "zh-TW/privacy.md"}
    assert all(fields[4] == "D" for _, fields, path in changes if path in odd)


@pytest.mark.parametrize(
    "output",
    [
        "\0\n:100644 100644 abc def M\0en/privacy.md\0",  # abbreviated blobs
        "\0\n:100644 100644 " + "1" * 40 + " " + "2" * 40 + " M\0",  # no path
        "\0\n:100644 " + "1" * 40 + " M\0en/privacy.md\0",  # a mode missing
        "\0:100644 100644 " + "1" * 40 + " " + "2" * 40 + " M\0en/privacy.md\0",  # no line feed
        "\0\nen/privacy.md\0",  # a name where an entry belongs
        "\0\n:100644 100644 " + "1" * 40 + " " + "2" * 40 + " M\0en/privacy.md",  # not NUL-ended
    ],
)
def test_a_raw_diff_that_does_not_parse_is_an_error(output):
    with pytest.raises(git_utils.GitError):
        list(git_utils.raw_changes(output))


TOKEN = "5" * 32


@pytest.mark.parametrize(
    "chunk",
    [
        f"{'f' * 39}{TOKEN}|1577880000{TOKEN}>",  # a hash one digit short
        f"{'f' * 40}{TOKEN}|-1{TOKEN}>",  # a negative time
        f"{'f' * 40}{TOKEN}|1577880000",  # no end of record
        f"{'f' * 40}{TOKEN}|1577880000{TOKEN}|extra{TOKEN}>",  # a field too many
        f"{'f' * 40}{TOKEN}>",  # a field missing
        f"{'f' * 40}{TOKEN}|1577880000{TOKEN}>\0\n{TOKEN}",  # the token after the record
    ],
)
def test_a_log_record_that_does_not_parse_is_an_error(chunk):
    with pytest.raises(git_utils.GitError):
        git_utils._log_record(chunk, TOKEN, ["%H", "%ct"], False)


def test_a_log_record_keeps_every_character_of_its_fields():
    subject = f"{CONTROLS}{FAKE_RECORD}\0"
    chunk = f"{'f' * 40}{TOKEN}|{subject}{TOKEN}|a{TOKEN}+b\x1fc{TOKEN}>\0"
    record = git_utils._log_record(chunk, TOKEN, ["%H", "%s"], True)
    assert record.fields == ("f" * 40, subject) and record.trailers == ("a", "b\x1fc") and record.raw == "\0"


# ---------------------------------------------------------------- check --since: no fake editorial


def branch_commit(repo: PolicyRepo, message: str, odd_files: bool = False) -> None:
    """Change the text of published version V2 in a commit with exactly ``message`` (with
    ``odd_files``, they are added there and removed by a second, plain commit: the net change
    is the text alone)."""
    edit(repo, "en", "We never sell your data to partners.", "We rarely sell your data to partners.")
    if odd_files:
        write_odd_files(repo)
    raw_commit(repo, message, "2020-07-01")
    if odd_files:
        remove_odd_files(repo)
        repo.commit("Tidy up", "2020-07-02T09:00:00Z")


@pytest.mark.parametrize("message", list(NOT_EDITORIAL.values()), ids=list(NOT_EDITORIAL))
def test_a_message_that_only_looks_editorial_declares_nothing(clone, message):
    base = clone.head()
    branch_commit(clone, message)
    found = policy_json(clone, "check", "--strict", "--since", base)
    immutable = [d for d in found["diagnostics"] if d["code"] == "version.immutable"]
    assert len(immutable) == 1 and immutable[0]["file"] == "en/privacy.md", found
    assert found["summary"]["errors"] >= 1
    summary = clone.policy("pr-summary", "--base", base)
    assert summary.returncode == 0, summary.output
    assert "Declared **editorial**" not in summary.stdout and "editorial)" not in summary.stdout


def test_a_real_editorial_trailer_still_declares_the_change(clone):
    base = clone.head()
    message = f"Wording {CONTROLS}\n\nBody {CONTROLS}\n\nPolicy-Change: editorial\n"
    branch_commit(clone, message, odd_files=True)
    run = clone.policy("check", "--strict", "--since", base)
    assert run.returncode == 0, run.output
    summary = clone.policy("pr-summary", "--base", base)
    assert "Declared **editorial**" in summary.stdout, summary.stdout
    assert f"| `privacy` | en | {V2} (same version, editorial) | 1 changed |" in summary.stdout


# ---------------------------------------------------------------- pr-summary: escaped Markdown

IMAGE = "![x](https://evil.example/x.png)"
LINK = "[click](https://evil.example)"
PAYLOAD = f"{IMAGE} {LINK} @octocat <img src=x> https://evil.example `tick`"
RAW_FORMS = ("![", "](http", "@octocat", "<img", "https://evil", "`tick`", "[click]")


def payload_source(title: str, version: str, summary: str, intro: str, sections: list) -> str:
    text = f'---\ntitle: "{title}"\nversion: {version}\nsummary: "{summary}"\n---\n\n# {title}\n\n{intro}'
    return text + "".join(f"\n\n## {t} {{#{sid}}}\n\n{body}" for t, sid, body in sections) + "\n"


def write_payload(repo: PolicyRepo, version: str, branch: bool) -> None:
    """Privacy with the payload where the branch deletes it (base) or inserts it (branch)."""
    marker = "We now say " if branch else "We used to say "
    en_sections = [
        ("1. General", "general", "We collect your name."),
        ("2. Sharing `evil` @octocat" if branch else "2. Sharing", "sharing", f"{marker}{PAYLOAD}."),
    ]
    zh_sections = [("1. 總則", "general", "我們蒐集您的姓名。"), ("2. 分享", "sharing", "我們不分享。")]
    summary = PAYLOAD.replace('"', "") if branch else "Nothing."
    title = f"Privacy Policy {IMAGE} @octocat" if branch else "Privacy Policy"
    repo.write("en", "privacy", payload_source(title, version, summary, "We respect you.", en_sections))
    repo.write("zh-TW", "privacy", payload_source("隱私權政策", version, "無。", "我們尊重您。", zh_sections))


def test_pr_summary_escapes_every_text_from_sources_and_git(clone):
    write_payload(clone, "2021.01.01", branch=False)
    base = clone.commit("Privacy 2021.01.01", "2020-07-01T09:00:00Z")
    write_payload(clone, "2021.01.01", branch=True)
    raw_commit(clone, f"Clarify {PAYLOAD}\n\nPolicy-Change: editorial\n", "2020-07-02")
    run = clone.policy("pr-summary", "--base", base)
    assert run.returncode == 0, run.output
    md = run.stdout
    assert "Declared **editorial**" in md and "<ins>" in md and "<del>" in md, md
    rendered, checks = md.split("### Checks")
    for raw in RAW_FORMS:
        assert raw not in rendered, (raw, rendered)
    # The findings quote the sources: in a code fence (nothing in it renders) no line of theirs closes.
    lines = checks.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("```"))
    fence = lines[start]
    assert lines[-1] == fence and not any(line.startswith(fence) for line in lines[start + 1 : -1])
    assert not any(raw in line for raw in RAW_FORMS for line in lines[:start]), checks
    assert rendered.count("@&#8203;octocat") >= 4, md  # summary, subject, inserted text, title
    assert "> " + "\\!\\[x\\]" in md  # the summary, shown as text
    details = md[md.index("#### `privacy` — English") :]
    assert "We <del>used to</del><ins>now</ins> say" in details, details
    assert "\x00" not in md and "\\x00" not in md  # an image in the text is a space, as in the terminal


def test_redline_markdown_escapes_equal_inserted_and_deleted_text():
    ops = [(diff.EQUAL, f"Keep {PAYLOAD}\n"), (diff.DELETE, f"{PAYLOAD} "), (diff.INSERT, f"{PAYLOAD}\n")]
    ops += [(diff.INSERT, "<b>www.evil.example</b> #12 GH-12 me@example.com")]
    text = review.redline_markdown(ops)
    for raw in (*RAW_FORMS, "<b>", "www.evil", "#12", "GH-12", "@example"):
        assert raw not in text, (raw, text)
    assert text.count("<ins>") == 1 and text.count("<del>") == 1 and "<br>\n" in text


def test_findings_sit_in_a_fence_no_line_of_theirs_can_close():
    lines = review._fenced(["a ``` b", "````", f"{IMAGE} \x1b[2J"])
    fence = lines[0]
    assert fence == "`````" and lines[-1] == fence
    assert all(fence not in line for line in lines[1:-1])
    assert "\x1b" not in "".join(lines)


def test_a_batch_name_git_would_change_is_never_sent(hostile):
    repo, commits = hostile
    git = git_utils.Repository.find(repo.root)
    head = commits["pretend"]
    found = git.read_files([(head, "en/privacy.md\r"), (head, "en/privacy.md\nx"), (head, "en/privacy.md")])
    assert found[(head, "en/privacy.md\r")] is None and found[(head, "en/privacy.md\nx")] is None
    assert found[(head, "en/privacy.md")] == repo.show(head, "en/privacy.md")
    assert git.tracked(Path(repo.root) / "e[n]") == []  # a literal path, not a pattern
