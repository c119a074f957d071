"""The project on disk (policysite.project), in process: which languages, policies and category
titles exist, what may be read (never through a link, never a special file), and the corpus.

The listing's refusals of links out of the sources are checked on a built site by
tests/integration/test_security_files.py; here the functions themselves, on folders made in ``tmp_path``."""

import os
from pathlib import Path

import pytest

from policysite import project
from policysite.diagnostics import Severity
from policysite.project import Corpus

SOURCE = b"---\ntitle: T\nversion: 2020.01.01\n---\n# T\n\nIntro.\n"


def tree(root: Path, files: dict[str, bytes | str]) -> Path:
    for name, data in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, str):
            path.write_text(data, encoding="utf-8")
        else:
            path.write_bytes(data)
    return root


def found(diagnostics) -> list[tuple[str, str, int, str]]:
    return [(d.code, d.file, d.line, d.severity.value) for d in diagnostics]


# ---------------------------------------------------------------- names


@pytest.mark.parametrize(
    "relative, key",
    [
        ("en/privacy.md", ("privacy", "en")),
        ("zh-TW/security/access-control.md", ("security/access-control", "zh-TW")),
        ("en/a/b/c.md", ("a/b/c", "en")),
        ("en/.md", None),
        ("en/notes.txt", None),
        ("en/security/_category.yml", None),
    ],
)
def test_policy_key(relative, key):
    assert project.policy_key(relative) == key


@pytest.mark.parametrize(
    "relative, key",
    [
        ("en/security/_category.yml", ("security", "en")),
        ("zh-TW/a/b/_category.yml", ("a/b", "zh-TW")),
        ("en/_category.yml", None),  # (the language folder itself is no category)
        ("en/security/category.yml", None),
    ],
)
def test_category_key(relative, key):
    assert project.category_key(relative) == key


@pytest.mark.parametrize("name", ["privacy", "a1", "1a", "security/access-control", "a/b/c", "indexes"])
def test_good_policy_names(name):
    assert project.name_problem(name) is None


@pytest.mark.parametrize("name", ["Privacy", "-a", "a_b", "a.b", "a//b", "a/", "/a", "", "隱私", "a/B"])
def test_a_name_that_is_no_url_is_refused(name):
    assert project.name_problem(name).startswith("must be lowercase ASCII letters, digits and hyphens")


@pytest.mark.parametrize("name", ["index", "changelog", "assets", "search", "feed", "404", "sitemap", "en"])
def test_a_name_of_the_sites_own_pages_is_refused(name):
    problem = project.name_problem(f"{name}/x" if name == "assets" else name)
    assert problem == (
        f"'{name}' is the address of one of the site's own pages (404, assets, changelog, en, feed, "
        "index, search, sitemap, translations, zh-tw)"
    )


def test_a_language_of_the_site_is_reserved_in_lowercase():
    assert project.name_problem("zh-tw").startswith("'zh-tw' is the address of one of the site's own pages")
    assert project.name_problem("fr", ("en", "fr")).startswith("'fr' is the address")
    assert project.name_problem("fr") is None


@pytest.mark.parametrize("name", ["privacy/versions", "a/changes/b", "security/bilingual"])
def test_a_name_of_a_policys_own_pages_is_refused_below_the_top(name):
    part = next(p for p in name.split("/")[1:] if p in project.RESERVED_BELOW)
    assert project.name_problem(name) == (
        f"'{part}' is the address of a policy's own pages (bilingual, changes, versions): "
        "rename the file or folder"
    )
    assert project.name_problem(part) is None  # (at the top, a policy may be called so)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("en/privacy.md", "en/privacy.md"),
        ("a\x1b[2Jb", "a\\x1b[2Jb"),
        ("a\nb\tc", "a\\x0ab\\x09c"),
        ("\u202eevil", "\\u202eevil"),
        (os.fsdecode(b"bad\xff.md"), "bad\\xff.md"),
        ("中文.md", "中文.md"),
    ],
)
def test_shown_escapes_what_a_file_name_may_hold(text, expected):
    assert project.shown(text) == expected


def test_shown_cuts_a_long_name():
    assert project.shown("x" * 301) == "x" * 300 + "..."
    assert project.shown("x" * 300) == "x" * 300
    assert project.shown("abcdef", limit=3) == "abc..."


# ---------------------------------------------------------------- the corpus


def test_corpus_add_keeps_a_parsed_document_and_a_broken_file_apart():
    corpus = Corpus()
    corpus.add(SOURCE, "privacy", "en")
    corpus.add(b"no front matter\n", "terms", "en")
    corpus.add(b"\xff\xfe", "terms", "zh-TW")
    assert list(corpus.documents) == [("privacy", "en")]
    assert corpus.get("privacy", "en").path == "en/privacy.md"
    assert corpus.broken == {("terms", "en"), ("terms", "zh-TW")}
    assert corpus.policies == ["privacy", "terms"]
    assert corpus.has("terms", "en") and corpus.get("terms", "en") is None
    assert not corpus.has("privacy", "zh-TW")
    assert [(d.code, d.file) for d in corpus.diagnostics] == [
        ("front-matter.missing", "en/terms.md"),
        ("source.encoding", "zh-TW/terms.md"),
    ]


def test_category_title_falls_back_to_english_then_to_the_folder_name():
    corpus = Corpus(category_titles={("security", "en"): "Security", ("legal", "zh-TW"): "法律"})
    assert corpus.category_title("security", "zh-TW") == "Security"
    assert corpus.category_title("legal", "zh-TW") == "法律"
    assert corpus.category_title("legal", "en") == "legal"
    assert corpus.category_title("products/app-store", "en") == "app-store"


# ---------------------------------------------------------------- the working tree


def test_find_root_looks_upwards_for_mkdocs_yml(tmp_path):
    tree(tmp_path, {"site/mkdocs.yml": "", "site/en/sub/x.md": ""})
    assert project.find_root(tmp_path / "site" / "en" / "sub") == (tmp_path / "site").resolve()
    assert project.find_root(tmp_path / "site") == (tmp_path / "site").resolve()
    (tmp_path / "other").mkdir()
    assert project.find_root(tmp_path / "other") is None  # (a sibling's mkdocs.yml is not its)


def test_find_root_ignores_a_folder_named_mkdocs_yml(tmp_path):
    (tmp_path / "a" / "mkdocs.yml").mkdir(parents=True)
    assert project.find_root(tmp_path / "a") is None


def test_load_tree_reads_policies_categories_and_pages_and_reports_the_rest(tmp_path):
    root = tree(
        tmp_path,
        {
            "en/privacy.md": SOURCE,
            "en/security/access.md": SOURCE,
            "en/security/_category.yml": "title:  Security   Rules\n",
            "zh-TW/privacy.md": SOURCE,
            "zh-TW/index.md": SOURCE,
            "zh-TW/Bad.md": SOURCE,
            "zh-TW/notes.txt": "x",
            "zh-TW/.gitkeep": "",
            "zh-TW/security/_category.yml": "title: [a\n",
            "docs/en/index.md": "# Home",
            "docs/zh-TW/about.md": "# About",
            "docs/fr/index.md": "# Accueil",
            "docs/en/logo.png": b"\x89PNG",
        },
    )
    os.symlink("privacy.md", root / "en" / "link.md")
    corpus = project.load_tree(root)
    assert sorted(corpus.documents) == [("privacy", "en"), ("privacy", "zh-TW"), ("security/access", "en")]
    assert corpus.broken == {("link", "en")}  # (a refused source: known, never read)
    assert corpus.pages == {("index", "en"), ("about", "zh-TW")}
    assert corpus.category_titles == {("security", "en"): "Security Rules"}
    assert found(corpus.diagnostics) == [
        ("source.name", "zh-TW/Bad.md", 1, "error"),
        ("source.name", "zh-TW/index.md", 1, "error"),
        ("source.ignored", "zh-TW/notes.txt", 1, "warning"),
        ("category.invalid", "zh-TW/security/_category.yml", 2, "error"),
        ("source.symlink", "en/link.md", 1, "error"),
    ]
    messages = {d.file: d.message for d in corpus.diagnostics}
    assert messages["zh-TW/Bad.md"].startswith("policy file name 'Bad.md': must be lowercase ASCII")
    assert messages["zh-TW/security/_category.yml"].startswith("cannot read it: expected ',' or ']'")
    assert messages["en/link.md"] == (
        "en/link.md is a symbolic link to 'privacy.md': a policy source must be the file itself, never "
        "a link; commit the text (nothing was read through the link)"
    )


@pytest.mark.parametrize(
    "text", ["title: ''\n", "- a\n", "title: 3\n", "", "titel: Security\n", b"title: \xff\n"]
)
def test_a_category_file_without_a_title_is_an_error(tmp_path, text):
    tree(tmp_path, {"en/security/_category.yml": text, "en/security/a.md": SOURCE})
    corpus = project.load_tree(tmp_path)
    [problem] = corpus.diagnostics
    assert (problem.code, problem.file, problem.line) == ("category.invalid", "en/security/_category.yml", 1)
    if isinstance(text, bytes):
        assert problem.message.startswith("cannot read it: ")
    else:
        assert problem.message == "expected 'title: <the category's title in this language>'"
    assert corpus.category_title("security", "en") == "security"


def test_a_policy_that_cannot_be_read_is_broken_with_an_error(tmp_path):
    tree(tmp_path, {"en/privacy.md": SOURCE})
    (tmp_path / "en" / "terms.md").mkdir()  # (a folder named like a source: listed, unreadable)
    corpus = project.load_tree(tmp_path)
    assert corpus.broken == {("terms", "en")}
    [problem] = corpus.diagnostics
    assert found([problem]) == [("source.unreadable", "en/terms.md", 1, "error")]
    assert problem.message == "cannot read file: Is a directory"


def test_a_named_pipe_among_the_policies_is_refused_unopened(tmp_path):
    tree(tmp_path, {"en/privacy.md": SOURCE})
    os.mkfifo(tmp_path / "en" / "terms.md")
    corpus = project.load_tree(tmp_path)
    assert corpus.broken == {("terms", "en")}
    [problem] = corpus.diagnostics
    assert found([problem]) == [("file.special", "en/terms.md", 1, "error")]
    assert problem.message == (
        "en/terms.md is a named pipe (FIFO), not a regular file: the site reads only regular files "
        "(it was not opened)"
    )


def test_a_linked_language_folder_is_refused_and_nothing_read_through_it(tmp_path):
    tree(tmp_path, {"real/privacy.md": SOURCE})
    os.symlink("real", tmp_path / "en")
    corpus = project.load_tree(tmp_path)
    assert corpus.documents == {}
    [problem] = corpus.diagnostics
    assert found([problem]) == [("source.symlink", "en", 1, "error")]
    assert problem.message == (
        "en is a symbolic link to 'real': the site reads no folder through a link; commit the files "
        "themselves (nothing in it was read)"
    )


def test_load_tree_without_any_folder_is_an_empty_corpus(tmp_path):
    corpus = project.load_tree(tmp_path)
    assert (corpus.documents, corpus.diagnostics, corpus.pages) == ({}, [], set())


def test_policy_files_lists_only_well_named_regular_sources(tmp_path):
    tree(tmp_path, {"en/privacy.md": SOURCE, "en/a/b.md": SOURCE, "en/Bad.md": SOURCE, "en/x.txt": "x"})
    os.symlink("privacy.md", tmp_path / "en" / "link.md")
    assert project.policy_files(tmp_path.resolve()) == {
        ("a/b", "en"): tmp_path.resolve() / "en/a/b.md",
        ("privacy", "en"): tmp_path.resolve() / "en/privacy.md",
    }


# ---------------------------------------------------------------- scan, check_file, read_file


def test_scan_lists_by_suffix_and_depth(tmp_path):
    tree(tmp_path, {"docs/a.md": "", "docs/b.css": "", "docs/sub/c.md": "", "docs/x.md/inner.md": ""})
    everything = project.scan(tmp_path, "docs")
    assert list(everything.files) == ["docs/a.md", "docs/b.css", "docs/sub/c.md", "docs/x.md"]
    assert list(project.scan(tmp_path, "docs", suffix=".md").files) == [
        "docs/a.md",
        "docs/sub/c.md",
        "docs/x.md",
    ]
    top = project.scan(tmp_path, "docs", recursive=False)
    assert list(top.files) == ["docs/a.md", "docs/b.css", "docs/sub", "docs/x.md"]
    assert project.scan(tmp_path, "missing").files == {} and project.scan(tmp_path, "missing").problems == []


def test_scan_follows_a_link_to_a_regular_source_file_and_refuses_the_others(tmp_path):
    tree(tmp_path, {"docs/a.css": "", "en/privacy.md": SOURCE, "scripts/x.sh": "", "docs/sub/b.css": ""})
    os.symlink("../en/privacy.md", tmp_path / "docs" / "copy.md")
    os.symlink("../scripts/x.sh", tmp_path / "docs" / "script.sh")
    os.symlink("sub", tmp_path / "docs" / "folder")
    os.symlink("../.git/config", tmp_path / "docs" / "git")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "config").write_text("")
    listing = project.scan(tmp_path, "docs")
    root = tmp_path.resolve()
    assert listing.files == {
        "docs/a.css": root / "docs/a.css",
        "docs/copy.md": root / "en/privacy.md",
        "docs/sub/b.css": root / "docs/sub/b.css",
    }
    why = {name: d.message.split(", ", 1)[1].split(":")[0] for name, d in listing.refused.items()}
    assert why == {
        "docs/folder": "a folder (the site follows no link to a folder)",
        "docs/git": "inside the repository's .git folder",
        "docs/script.sh": "outside the site's sources (docs/, en/, zh-TW/)",
    }
    assert {d.code for d in listing.problems} == {"file.symlink"}


def test_scan_without_links_refuses_even_a_link_to_a_source(tmp_path):
    tree(tmp_path, {"en/privacy.md": SOURCE})
    os.symlink("privacy.md", tmp_path / "en" / "copy.md")
    listing = project.scan(tmp_path, "en", links=False, code="x.link")
    assert list(listing.files) == ["en/privacy.md"]
    assert [(d.code, d.file) for d in listing.problems] == [("x.link", "en/copy.md")]


def test_check_file(tmp_path):
    tree(tmp_path, {"en/privacy.md": SOURCE, "mkdocs.yml": ""})
    os.symlink("en", tmp_path / "linked")
    os.symlink("/etc/hostname", tmp_path / "en" / "host.md")
    assert project.check_file(tmp_path, "en/privacy.md") is None
    assert project.check_file(tmp_path, "mkdocs.yml") is None
    assert project.check_file(tmp_path, "en/missing.md") is None
    assert project.check_file(tmp_path, "missing/x.md") is None
    outside = project.check_file(tmp_path, "../x.yml", code="baseline.link")
    assert (outside.code, outside.file, outside.message) == (
        "baseline.link",
        "../x.yml",
        "../x.yml is outside the repository: the site reads no file outside it",
    )
    through = project.check_file(tmp_path, "linked/privacy.md")
    assert (through.code, through.file) == ("file.symlink", "linked")
    out = project.check_file(tmp_path, "en/host.md")
    assert out.message == (
        "en/host.md is a symbolic link to '/etc/hostname', outside the repository: the site reads only "
        "regular files of its sources, and nothing was read through the link"
    )


def test_read_file_reads_a_regular_file_and_refuses_anything_else(tmp_path):
    tree(tmp_path, {"a.md": b"bytes\x00"})
    assert project.read_file(tmp_path / "a.md") == b"bytes\x00"
    os.symlink("a.md", tmp_path / "link.md")
    with pytest.raises(OSError):
        project.read_file(tmp_path / "link.md")
    with pytest.raises(IsADirectoryError):
        project.read_file(tmp_path)
    os.mkfifo(tmp_path / "pipe")
    with pytest.raises(OSError, match="not a regular file"):
        project.read_file(tmp_path / "pipe")  # (non-blocking: returns at once)
    with pytest.raises(FileNotFoundError):
        project.read_file(tmp_path / "missing")


def test_docs_listing_and_its_pages(tmp_path):
    tree(
        tmp_path, {"docs/en/index.md": "", "docs/zh-TW/a/b.md": "", "docs/index.md": "", "docs/en/x.css": ""}
    )
    corpus = project.load_tree(tmp_path)
    assert corpus.pages == {("index", "en"), ("a/b", "zh-TW")}
    assert Severity.ERROR not in {d.severity for d in corpus.diagnostics}
