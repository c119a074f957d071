"""History read from git (policysite.history), in process: the data types of versions and texts,
the first-parent changes followed into the layout (renames, ``former_paths``), and ``read`` on a
tiny real repository in ``tmp_path`` (three commits, nothing mocked).  tests/integration/test_history.py reads
long histories through ``policy`` and the build."""

from __future__ import annotations

import datetime as dt
import hashlib
import subprocess
from pathlib import Path

import pytest
from gitrepo import clean_env

from policysite import history, project, sources
from policysite.history import History, PolicyHistory, Revision, Text, Version

A, B, Z = "a" * 40, "b" * 40, "0" * 40
TODAY = dt.date(2024, 1, 1)


def src(title: str, version: str | None, body: str = "Intro.\n\n## A {#a}\n\nText.\n") -> str:
    line = f"version: {version}\n" if version else ""
    return f"---\ntitle: {title}\n{line}---\n# {title}\n\n{body}"


def text_of(
    data: str,
    lang: str = "en",
    commit: str | None = A,
    successor: Text | None = None,
    loads: list | None = None,
) -> Text:
    """A text of ``data``; each parse is counted in ``loads``."""
    raw = data.encode()
    document, _ = sources.parse(raw, f"{lang}/privacy.md")
    assert document is not None
    counted = [] if loads is None else loads

    def load():
        counted.append(1)
        return document

    return Text(lang, raw, document.header, commit, load, successor)


# ---------------------------------------------------------------- small types


def test_a_revision_describes_itself():
    committed = Revision(A, 1577880000, "First")
    assert (committed.short, committed.describe(), committed.date) == (
        "aaaaaaa",
        "commit aaaaaaa ('First')",
        dt.date(2020, 1, 1),
    )
    working = Revision(None, 1577923199, "uncommitted")
    assert (working.short, working.describe(), working.date) == (
        "working tree",
        "the working tree (uncommitted)",
        dt.date(2020, 1, 1),
    )


@pytest.mark.parametrize(
    "values, editorial",
    [
        (["editorial"], True),
        (["Editorial: typo"], True),
        (["editorial, typo"], True),
        (["editorial (typo)"], True),
        (["substantive", "EDITORIAL."], True),
        (["not editorial"], False),
        (["editorials"], False),
        ([""], False),
        ([], False),
    ],
)
def test_is_editorial_reads_the_first_word(values, editorial):
    assert history.is_editorial(values) is editorial


@pytest.mark.parametrize(
    "path, prefix, key",
    [
        ("en/privacy.md", "", ("privacy", "en")),
        ("site/zh-TW/security/access.md", "site/", ("security/access", "zh-TW")),
        ("en/privacy.md", "site/", None),  # (outside the site's folder)
        ("fr/privacy.md", "", None),  # (not a language of the site)
        ("en/Privacy.md", "", None),  # (not a policy's name)
        ("en/index.md", "", None),  # (a reserved name)
        ("en/notes.txt", "", None),
        ("README.md", "", None),
    ],
)
def test_policy_key(path, prefix, key):
    assert history.policy_key(path, prefix, ("en", "zh-TW")) == key


def test_a_text_is_parsed_once_on_first_use_and_forgotten_on_request():
    loads: list[int] = []
    text = text_of(src("T", "2020.01.01"), loads=loads)
    assert not text.parsed and loads == []
    assert text.document.title == "T" and text.document is text.document
    assert text.parsed and loads == [1]
    text.forget()
    assert not text.parsed
    assert text.document.title == "T" and loads == [1, 1]
    assert text.sha256 == hashlib.sha256(text.data).hexdigest()


def test_an_undated_text_in_a_version_dated_by_publication_carries_that_date():
    text = text_of(src("T", None))
    text.dated = ("2020.03.04", dt.date(2020, 3, 4))
    assert (text.document.version, text.document.date) == ("2020.03.04", dt.date(2020, 3, 4))
    dated = text_of(src("T", "2020.01.01"))
    dated.dated = ("2020.03.04", dt.date(2020, 3, 4))
    assert dated.document.version == "2020.01.01"  # (a text's own date wins)


def test_headings_without_ids_take_the_next_versions_ids():
    later = text_of(src("T", "2021.01.01", "Intro.\n\n## 2. Scope {#scope}\n\nText.\n"))
    earlier = text_of(src("T", "2020.01.01", "Intro.\n\n## 1. Scope\n\nText.\n"), successor=later)
    assert [s.id for s in earlier.document.sections] == ["scope"]


# ---------------------------------------------------------------- versions and policies


def version(name: str, status: str = "archived", **texts: Text) -> Version:
    year, month, day = (int(part) for part in name.split("."))
    made = Version("privacy", name, dt.date(year, month, day), status=status)
    made.texts = {lang.replace("_", "-"): text for lang, text in texts.items()}
    return made


def test_version_reference_title_and_editorial_revisions():
    zh = text_of(src("隱私", "2020.01.01"), "zh-TW")
    only_zh = version("2020.01.01", zh_TW=zh)
    assert only_zh.reference is zh and only_zh.title("en") == "隱私" and only_zh.title("zh-TW") == "隱私"
    assert version("2020.01.01").reference is None and version("2020.01.01").title("en") == "privacy"
    only_zh.revisions = [Revision(A, 0, "a"), Revision(B, 1, "b", editorial=True)]
    assert [r.commit for r in only_zh.editorial_revisions] == [B]


def test_a_policys_versions_current_upcoming_and_neighbours():
    first = version("2020.01.01", en=text_of(src("Privacy", "2020.01.01")))
    second = version("2021.01.01", "current", en=text_of(src("Privacy Policy", "2021.01.01")))
    third = version("2030.01.01", "upcoming", en=text_of(src("Privacy Policy", "2030.01.01")))
    ph = PolicyHistory("privacy", [first, second, third])
    assert ph.current is second and ph.upcoming == [third]
    assert ph.get("2020.01.01") is first and ph.get("1999.01.01") is None
    assert ph.previous(first) is None and ph.previous(third) is second
    assert ph.index(second) == 1
    assert ph.in_force(TODAY) is None  # (no timeline made: nothing is known to be in force)
    assert PolicyHistory("x").current is None and PolicyHistory("x").title("en") == "x"


def test_a_title_comes_from_the_nearest_version_in_that_language():
    zh = text_of(src("隱私", "2020.01.01"), "zh-TW")
    first = version("2020.01.01", en=text_of(src("Privacy", "2020.01.01")), zh_TW=zh)
    second = version("2021.01.01", "current", en=text_of(src("Privacy Policy", "2021.01.01")))
    ph = PolicyHistory("privacy", [first, second])
    assert ph.title("zh-TW") == "隱私"  # (the newest has no Chinese text: the nearest earlier one)
    assert ph.title("en") == "Privacy Policy" and ph.title("en", first) == "Privacy"
    later_zh = version("2022.01.01", zh_TW=text_of(src("隱私權", "2022.01.01"), "zh-TW"))
    ph = PolicyHistory("privacy", [second, later_zh])
    assert ph.title("zh-TW", second) == "隱私權"  # (none before it: the nearest later one)


def test_the_current_text_skips_a_withdrawn_version_and_falls_back_per_language():
    zh_first = text_of(src("隱私", "2020.01.01"), "zh-TW")
    first = version("2020.01.01", en=text_of(src("P", "2020.01.01")), zh_TW=zh_first)
    withdrawn = version("2020.06.01", zh_TW=text_of(src("隱私 2", "2020.06.01"), "zh-TW"))
    withdrawn.withdrawn = dt.date(2020, 7, 1)
    current = version("2021.01.01", "current", en=text_of(src("P", "2021.01.01")))
    ph = PolicyHistory("privacy", [first, withdrawn, current])
    assert ph.current_text("en") is current.texts["en"]
    assert ph.current_text("zh-TW") is zh_first
    assert ph.current_text("fr") is None
    assert PolicyHistory("privacy", [first]).current_text("en") is None  # (no current version)


def test_history_knows_which_version_removed_an_anchor_and_the_text_a_translation_translates():
    old = version("2020.01.01", en=text_of(src("P", "2020.01.01", "## A {#a}\n\n## Gone {#gone}\n")))
    middle = version("2020.06.01", en=text_of(src("P", "2020.06.01", "## A {#a}\n")))
    current = version("2021.01.01", "current", en=text_of(src("P", "2021.01.01", "## A {#a}\n")))
    made = History({"privacy": PolicyHistory("privacy", [old, middle, current])}, TODAY)
    assert made.anchor_removed_in("privacy", "en", "gone") == "2020.06.01"
    assert made.anchor_removed_in("privacy", "en", "a") is None  # (still there)
    assert made.anchor_removed_in("privacy", "en", "never") is None
    assert made.anchor_removed_in("terms", "en", "a") is None
    assert made.reference_of("privacy", "2020.06.01", "en") is middle.texts["en"].document
    assert made.reference_of("privacy", "2020.06.01", "ja") is None  # (no Japanese text)
    assert made.reference_of("privacy", "1999.01.01", "en") is None
    assert made.reference_of("privacy", None, "en") is None
    assert made.get("privacy").versions[0] is old and made.get("terms") is None
    made.forget_documents()
    assert not any(v.texts["en"].parsed for v in (old, middle, current))


# ---------------------------------------------------------------- caches of blobs


def test_header_and_parse_caches_are_keyed_by_blob():
    data = src("T", "2020.01.01").encode()
    headers, parses = {}, {}
    header = history.header_cached(headers, A, data, ("privacy", "en"))
    assert header == sources.Header("T", "2020.01.01", dt.date(2020, 1, 1), None) and headers == {A: header}
    assert history.header_cached(headers, A, b"other bytes", ("privacy", "en")) is header
    parsed = history.parse_cached(parses, A, data, ("privacy", "en"))
    assert (
        parsed.path == "en/privacy.md" and history.parse_cached(parses, A, data, ("privacy", "en")) is parsed
    )
    moved = history.parse_cached(parses, A, data, ("terms", "zh-TW"))  # (the same blob under another name)
    assert moved.path == "zh-TW/terms.md" and parses[A] is moved
    assert history.header_cached({}, B, b"no front matter", ("privacy", "en")) is None


# ---------------------------------------------------------------- following files into the layout


def added(path: str, blob: str = A, mode: str = "100644") -> tuple:
    return (1, ["000000", mode, Z, blob, "A"], path, path)


def test_follow_reads_policies_renames_into_the_layout_and_former_paths():
    records = [
        [added("Policies/p.md"), added("old/q.md"), added("README.md")],
        [
            (1, ["100644", "100644", A, B, "R090"], "Policies/p.md", "en/p.md"),
            (1, ["100644", "100644", A, B, "M"], "old/q.md", "old/q.md"),
        ],
        [
            (1, ["100644", "100644", B, B, "R100"], "en/p.md", "en/r.md"),
            (1, ["100644", "120000", B, A, "T"], "en/s.md", "en/s.md"),
            (1, ["100644", "000000", B, Z, "D"], "en/t.md", "en/t.md"),
            added("en/Bad.md"),
            added("fr/x.md"),
            added("en/sub.md", mode="160000"),
        ],
    ]
    followed = history._follow(records, "", ("en", "zh-TW"), {"old/q.md": "en/q.md"})
    assert followed == [
        # before the move: the texts git paired with en/p.md, and the former path the setting names
        [(("p", "en"), A, "Policies/p.md"), (("q", "en"), A, "old/q.md")],
        [(("p", "en"), B, "en/p.md"), (("q", "en"), B, "old/q.md")],
        [
            (("p", "en"), None, "en/p.md"),  # a rename inside the layout: deleted there...
            (("r", "en"), B, "en/r.md"),  # ...and added here
            (("s", "en"), None, "en/s.md"),  # a symbolic link is no text
            (("t", "en"), None, "en/t.md"),
            (("sub", "en"), None, "en/sub.md"),  # nor is a submodule
        ],
    ]


def test_follow_reads_the_sites_folder_only():
    records = [[added("site/en/p.md"), added("en/p.md")]]
    assert history._follow(records, "site/", ("en",), {}) == [[(("p", "en"), A, "en/p.md")]]


# ---------------------------------------------------------------- read: a real repository


def git(root: Path, *args: str, date: str = "2020-01-01T12:00:00Z") -> None:
    env = clean_env({"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date})
    identity = ["-c", "user.name=Policy Tests", "-c", "user.email=tests@example.invalid"]
    subprocess.run(["git", "-C", str(root), *identity, *args], check=True, capture_output=True, env=env)


def write(root: Path, lang: str, text: str) -> None:
    (root / lang).mkdir(exist_ok=True)
    (root / lang / "privacy.md").write_text(text, encoding="utf-8")


def test_outside_git_only_the_working_tree_is_known(tmp_path):
    write(tmp_path, "en", src("Privacy", "2020.01.01"))
    read = history.read(tmp_path, project.load_tree(tmp_path), TODAY)
    [only] = read.get("privacy").versions
    assert (only.version, only.status, [r.describe() for r in only.revisions]) == (
        "2020.01.01",
        "current",
        ["the working tree (uncommitted)"],
    )
    assert [(d.code, d.file, d.line, d.severity.value) for d in read.diagnostics] == [
        ("history.no-git", "mkdocs.yml", 1, "warning")
    ]
    assert read.head is None and history.head_of(tmp_path) is None


def test_a_repository_without_commits_has_the_working_tree_and_no_warning(tmp_path):
    git(tmp_path, "init", "-q")
    write(tmp_path, "en", src("Privacy", "2020.01.01"))
    read = history.read(tmp_path, project.load_tree(tmp_path), TODAY)
    assert [v.version for v in read.get("privacy").versions] == ["2020.01.01"]
    assert read.diagnostics == [] and read.head is None


@pytest.fixture(scope="module")
def three(tmp_path_factory) -> Path:
    """Version 2020.01.01 (both languages), corrected in English (editorial), then 2021.01.01."""
    root = tmp_path_factory.mktemp("history") / "repo"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    write(root, "en", src("Privacy", "2020.01.01"))
    write(root, "zh-TW", src("隱私", "2020.01.01"))
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "First")
    write(root, "en", src("Privacy", "2020.01.01", "Intro fixed.\n\n## A {#a}\n\nText.\n"))
    git(root, "commit", "-q", "-am", "Typo\n\nPolicy-Change: editorial (typo)", date="2020-01-05T00:00:00Z")
    write(root, "en", src("Privacy Policy", "2021.01.01"))
    write(root, "zh-TW", src("隱私權政策", "2021.01.01"))
    git(root, "commit", "-q", "-am", "Second", date="2020-12-01T00:00:00Z")
    return root


def test_read_groups_commits_into_dated_versions(three):
    corpus = project.load_tree(three)
    read = history.read(three, corpus, TODAY)
    ph = read.get("privacy")
    assert read.diagnostics == [] and read.head == history.head_of(three) and read.build_date == TODAY
    assert [(v.version, v.date, v.status) for v in ph.versions] == [
        ("2020.01.01", dt.date(2020, 1, 1), "archived"),
        ("2021.01.01", dt.date(2021, 1, 1), "current"),
    ]
    first, second = ph.versions
    assert [(r.subject, r.editorial, r.languages, r.reason) for r in first.revisions] == [
        ("First", False, ("en", "zh-TW"), ""),
        ("Typo", True, ("en",), "editorial (typo)"),
    ]
    assert {lang: (t.kind, t.number, t.published) for lang, t in first.texts.items()} == {
        "en": ("corrected", 2, dt.date(2020, 1, 5)),
        "zh-TW": ("published", 1, dt.date(2020, 1, 1)),
    }
    assert (
        first.texts["en"].data
        == src("Privacy", "2020.01.01", "Intro fixed.\n\n## A {#a}\n\nText.\n").encode()
    )
    assert [t.data for t in first.states["en"]][0] == src("Privacy", "2020.01.01").encode()
    assert second.texts["zh-TW"].commit == read.head and ph.title("zh-TW") == "隱私權政策"
    assert history.working_files(three, corpus) == {
        ("privacy", "en"): (three / "en" / "privacy.md").read_bytes(),
        ("privacy", "zh-TW"): (three / "zh-TW" / "privacy.md").read_bytes(),
    }


def test_the_log_is_read_once_per_head(three):
    corpus, cache, parses = project.load_tree(three), {}, {}
    history.read(three, corpus, TODAY, parse_cache=parses, log_cache=cache)
    log = cache["log"]
    assert cache["head"][0] == history.head_of(three) and log.head == cache["head"][0]
    again = history.read(three, corpus, TODAY, parse_cache=parses, log_cache=cache)
    assert cache["log"] is log and [v.version for v in again.get("privacy").versions] == [
        "2020.01.01",
        "2021.01.01",
    ]
    history.read(three, corpus, TODAY, log_cache=cache, former_paths={"old.md": "en/privacy.md"})
    assert cache["log"] is not log  # (another setting: read again)


def test_an_uncommitted_version_is_upcoming_beside_the_current_one(three, tmp_path):
    git(tmp_path, "clone", "-q", str(three), "clone")
    clone = tmp_path / "clone"
    write(clone, "en", src("Privacy Policy", "2030.01.01"))
    ph = history.read(clone, project.load_tree(clone), TODAY).get("privacy")
    assert [(v.version, v.status) for v in ph.versions] == [
        ("2020.01.01", "archived"),
        ("2021.01.01", "current"),
        ("2030.01.01", "upcoming"),
    ]
    assert ph.upcoming[0].texts["en"].commit is None and ph.current.version == "2021.01.01"
