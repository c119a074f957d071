"""Issue 23, item 1: nothing outside the repository is read.

A pull request may hold symbolic links and the working tree may hold pipes.  Each vector below
is tried with its exact input in a real git repository, committed as a pull request would be
(a pipe cannot be committed: it is made in the working tree), then run through the real
``policy check --strict`` and ``mkdocs build --strict`` as subprocesses.  Each is an error at
its path that names the link's target: both fail (exit 1, and MkDocs' non-zero exit), with no
traceback, and the built site and the staging folder hold no byte of the file outside (each
outside file carries a marker the test searches for).

The rules (``policysite.project.scan``): a policy source is never a link; a file of ``docs/``
may be a link to another regular file of the site's sources (``docs/``, ``en/``, ``zh-TW/``),
never out of them (``.git/`` included) and never to a folder; a pipe, socket or device is
refused everywhere, without being opened (opening a pipe would block forever).
"""

from __future__ import annotations

import json
import os
import stat
from dataclasses import dataclass
from pathlib import Path

import pytest
from gitrepo import BuildResult, PolicyRepo, Run, policy_text

from policysite import project, staging

MARKER = "OUTSIDE-MARKER-7f3c9a"
TOKEN = "ghs_" + "TOKENMARKER" * 3  # what actions/checkout leaves in .git/config
ENVIRON = "POLICYSITE_TEST_SECRET"  # a variable of the build's environment (/proc/self/environ)
PASSWD = "root:x:0:0:"  # the first line of every /etc/passwd


@dataclass
class Hostile:
    repo: PolicyRepo
    outside: Path  # a folder beside the repository, holding the attacker's targets

    def check(self) -> Run:
        return self.repo.policy("check", "--strict", env={ENVIRON: MARKER})

    def build(self, strict: bool = True) -> BuildResult:
        return self.repo.build(strict=strict, env={ENVIRON: MARKER})


@pytest.fixture
def hostile(tmp_path) -> Hostile:
    repo = PolicyRepo.create(tmp_path / "repo", commit="The project as it stands")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(f"{MARKER}\n", encoding="utf-8")
    terms = policy_text("Terms", "2020.02.02", f"## 1. General {{#general}}\n\nWe keep {MARKER}.")
    (outside / "terms.md").write_text(terms, encoding="utf-8")
    repo.git("config", "http.https://github.com/.extraheader", f"AUTHORIZATION: basic {TOKEN}")
    return Hostile(repo, outside)


def link(repo: PolicyRepo, relative: str, target: str | Path) -> None:
    path = repo.root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.is_file():
        path.unlink()  # the link replaces the file
    os.symlink(str(target), path)


def output_files(repo: PolicyRepo, site: Path | None = None) -> list[Path]:
    """Every file the build wrote: the site (when a build ran) and the staging folder."""
    folders = [folder for folder in (site, repo.root / ".staging") if folder is not None and folder.is_dir()]
    found = []
    for folder in folders:
        for dirpath, _, names in os.walk(folder):
            found += [Path(dirpath, name) for name in names]
    return found


def holds_nothing_from_outside(repo: PolicyRepo, site: Path | None = None) -> None:
    for path in output_files(repo, site):
        assert not stat.S_ISLNK(os.lstat(path).st_mode), f"{path} is a link"
        data = path.read_bytes()
        for marker in (MARKER, TOKEN, PASSWD):
            assert marker.encode() not in data, f"{path} holds {marker!r}"


def refused(run: Run, line: str, target: str) -> None:
    """``run`` failed, without a traceback, on an error ``line`` (file:1: error: [code]) naming ``target``."""
    assert run.returncode != 0, run.output
    assert "Traceback" not in run.output, run.output
    found = [text for text in run.output.splitlines() if line in text]
    assert found, run.output
    assert any(f"'{target}'" in text for text in found), found


def refused_everywhere(hostile: Hostile, line: str, target: str) -> None:
    """``policy check --strict`` exits 1 and ``mkdocs build --strict`` fails, each naming the
    file and the target; nothing of the file outside reaches the site or the staging folder."""
    check = hostile.check()
    assert check.returncode == 1, check.output
    refused(check, line, target)
    built = hostile.build()
    refused(built, line, target)
    holds_nothing_from_outside(hostile.repo, built.site)


# -- the vectors, each with its exact input


def test_a_link_to_the_git_config_holding_the_token(hostile):
    link(hostile.repo, "docs/assets/notes.txt", "../../.git/config")
    hostile.repo.commit("Add notes")
    refused_everywhere(hostile, "docs/assets/notes.txt:1: error: [file.symlink]", "../../.git/config")
    assert "inside the repository's .git folder" in hostile.check().output


def test_a_link_to_etc_passwd(hostile):
    link(hostile.repo, "docs/assets/passwd.txt", "/etc/passwd")
    hostile.repo.commit("Add passwd")
    refused_everywhere(hostile, "docs/assets/passwd.txt:1: error: [file.symlink]", "/etc/passwd")
    assert "outside the repository" in hostile.check().output


def test_a_page_linked_to_the_builds_environment(hostile):
    link(hostile.repo, "docs/en/env.md", "/proc/self/environ")
    hostile.repo.commit("Add env page")
    refused_everywhere(hostile, "docs/en/env.md:1: error: [file.symlink]", "/proc/self/environ")


def test_a_policy_linked_to_a_policy_shaped_file_outside(hostile):
    target = hostile.outside / "terms.md"
    link(hostile.repo, "en/terms.md", target)
    hostile.repo.commit("Add terms")
    refused_everywhere(hostile, "en/terms.md:1: error: [source.symlink]", str(target))
    versions = hostile.repo.policy("versions", "--format", "json")
    assert MARKER not in versions.output and "2020.02.02" not in versions.output
    # Not built even where errors do not stop the build (mkdocs build without --strict).
    loose = hostile.build(strict=False)
    refused(loose, "en/terms.md:1: error: [source.symlink]", str(target))
    holds_nothing_from_outside(hostile.repo, loose.site)


def test_a_policy_source_is_never_a_link_even_to_a_file_of_the_repository(hostile):
    link(hostile.repo, "zh-TW/privacy.md", "../en/privacy.md")
    hostile.repo.commit("Translate by linking")
    refused_everywhere(hostile, "zh-TW/privacy.md:1: error: [source.symlink]", "../en/privacy.md")


def test_a_linked_language_folder_is_refused(hostile):
    (hostile.outside / "en").mkdir()
    (hostile.outside / "en" / "terms.md").write_text((hostile.outside / "terms.md").read_text())
    os.rename(hostile.repo.root / "en", hostile.outside / "en-real")
    link(hostile.repo, "en", hostile.outside / "en")
    hostile.repo.commit("Link the English folder")
    refused_everywhere(hostile, "en:1: error: [source.symlink]", str(hostile.outside / "en"))


def test_a_linked_docs_folder_is_refused(hostile):
    link(hostile.repo, "docs/assets/extra", hostile.outside)
    hostile.repo.commit("Link a folder")
    refused_everywhere(hostile, "docs/assets/extra:1: error: [file.symlink]", str(hostile.outside))


def test_a_link_inside_the_repository_but_out_of_the_sources_is_refused(hostile):
    link(hostile.repo, "docs/assets/config.txt", "../../mkdocs.yml")
    hostile.repo.commit("Publish the configuration")
    refused_everywhere(hostile, "docs/assets/config.txt:1: error: [file.symlink]", "../../mkdocs.yml")
    assert "outside the site's sources (docs/, en/, zh-TW/)" in hostile.check().output


def test_a_link_to_another_file_of_the_sources_is_published(hostile):
    """Inside the site's sources a link is allowed (one stylesheet, one logo under two names):
    the build publishes the target's bytes as a regular file."""
    hostile.repo.write_file("docs/assets/stylesheets/site.css", "body { color: #222; }\n")
    link(hostile.repo, "docs/assets/stylesheets/print.css", "site.css")
    hostile.repo.commit("The stylesheet under a second name")
    check = hostile.check()
    assert check.returncode == 0, check.output
    built = hostile.build()
    assert built.ok, built.output
    copy = built.site / "assets" / "stylesheets" / "print.css"
    assert not copy.is_symlink()
    assert copy.read_bytes() == (hostile.repo.root / "docs/assets/stylesheets/site.css").read_bytes()
    holds_nothing_from_outside(hostile.repo, built.site)


def test_a_named_pipe_is_refused_without_being_opened(hostile):
    """Opening a pipe blocks until something writes to it: the check and the build finish."""
    os.mkfifo(hostile.repo.root / "docs" / "assets" / "notes.txt")
    os.mkfifo(hostile.repo.root / "en" / "terms.md")
    check = hostile.check()
    assert check.returncode == 1 and "Traceback" not in check.output, check.output
    built = hostile.build()
    assert built.returncode != 0 and "Traceback" not in built.output, built.output
    for run in (check, built):
        assert "docs/assets/notes.txt:1: error: [file.special]" in run.output, run.output
        assert "en/terms.md:1: error: [file.special]" in run.output, run.output
        assert "is a named pipe (FIFO)" in run.output


def test_a_link_in_the_theme_overrides_stops_the_build(hostile):
    """MkDocs reads ``docs/overrides`` (the theme's custom_dir) itself: refused before it does."""
    config = hostile.repo.root / "mkdocs.yml"
    config.write_text(
        config.read_text().replace("  name: material\n", "  name: material\n  custom_dir: docs/overrides\n")
    )
    (hostile.repo.root / "docs/overrides/partials").mkdir(parents=True)
    (hostile.repo.root / "docs/overrides/partials/footer.html").write_text("<footer></footer>\n")
    link(hostile.repo, "docs/overrides/partials/copyright.html", "/etc/passwd")
    hostile.repo.commit("Override the copyright")
    refused_everywhere(
        hostile, "docs/overrides/partials/copyright.html:1: error: [file.symlink]", "/etc/passwd"
    )
    assert "theme.custom_dir" in hostile.build().output


def test_a_linked_search_dictionary_stops_the_build(hostile):
    """Material reads the jieba dictionary itself, and its words reach the search index."""
    dictionary = hostile.repo.root / "docs" / "search" / "jieba-zh-TW.txt"
    dictionary.unlink()
    link(hostile.repo, "docs/search/jieba-zh-TW.txt", hostile.outside / "secret.txt")
    hostile.repo.commit("Link the dictionary")
    target = str(hostile.outside / "secret.txt")
    refused_everywhere(hostile, "docs/search/jieba-zh-TW.txt:1: error: [file.symlink]", target)
    assert "search.jieba_dict_user" in hostile.build().output


def test_a_linked_baseline_is_not_read(hostile):
    link(hostile.repo, "policy-baseline.yml", "/proc/self/environ")
    hostile.repo.commit("Link the baseline")
    refused_everywhere(hostile, "policy-baseline.yml:1: error: [file.symlink]", "/proc/self/environ")
    assert MARKER not in hostile.check().output


def test_mkdocs_serve_never_serves_a_linked_file(hostile, tmp_path):
    """Under ``mkdocs serve`` findings do not stop the preview: the refused file is not staged."""
    link(hostile.repo, "docs/assets/passwd.txt", "/etc/passwd")
    hostile.repo.commit("Add passwd")
    from gitrepo import http_get

    with hostile.repo.serve(tmp_path / "serve.log", env={ENVIRON: MARKER}) as server:
        status, body = http_get(server.url + "/assets/passwd.txt")
        assert status == 404 and PASSWD not in body
        assert "docs/assets/passwd.txt:1: error: [file.symlink]" in server.output()
    holds_nothing_from_outside(hostile.repo)


# -- history: a link committed in the past is never followed


def history_with_links(hostile: Hostile, policy_shaped_link: bool) -> PolicyRepo:
    """``terms`` committed as files, then as links (one to the outside file; with
    ``policy_shaped_link``, one whose target text is itself a policy dated 2020.03.03), then
    as files again: the working tree is clean, only history holds the links."""
    repo = hostile.repo
    body = "## 1. General {#general}\n\nOur terms."
    zh = "## 1. 一般 {#general}\n\n"
    repo.write("en", "terms", policy_text("Terms", "2020.01.01", body))
    repo.write("zh-TW", "terms", policy_text("條款", "2020.01.01", zh + "我們的條款。"))
    repo.commit("Terms", date="2020-01-01T12:00:00Z")
    repo.remove("en", "terms")
    link(repo, "en/terms.md", hostile.outside / "terms.md")
    if policy_shaped_link:
        repo.remove("zh-TW", "terms")
        link(repo, "zh-TW/terms.md", policy_text("條款", "2020.03.03", zh + MARKER))
    repo.commit("Terms as links", date="2020-02-01T12:00:00Z")
    assert repo.git("ls-tree", "HEAD", "en/terms.md").startswith("120000 ")
    repo.remove("en", "terms")
    repo.remove("zh-TW", "terms")
    repo.write("en", "terms", policy_text("Terms", "2020.04.04", body + " Again."))
    repo.write("zh-TW", "terms", policy_text("條款", "2020.04.04", zh + "我們的條款。再次。"))
    repo.commit("Terms as files again", date="2020-04-01T12:00:00Z")
    return repo


def test_a_link_in_history_is_never_followed(hostile):
    repo = history_with_links(hostile, policy_shaped_link=False)
    versions = repo.policy("versions", "terms", "--format", "json")
    assert versions.returncode == 0, versions.output
    assert MARKER not in versions.output and "2020.02.02" not in versions.output
    built = hostile.build()
    assert built.ok, built.output
    index = json.loads((built.site / "versions.json").read_text(encoding="utf-8"))
    assert "2020.02.02" not in json.dumps(index)
    holds_nothing_from_outside(repo, built.site)


def test_a_policy_shaped_link_in_history_is_no_version(hostile):
    repo = history_with_links(hostile, policy_shaped_link=True)
    versions = repo.policy("versions", "terms", "--format", "json")
    assert "2020.03.03" not in versions.output and MARKER not in versions.output, versions.output
    built = hostile.build(strict=False)
    holds_nothing_from_outside(repo, built.site)


# -- the listing itself, without MkDocs


def test_scan_lists_regular_files_and_refuses_without_opening(tmp_path):
    root = tmp_path / "project"
    (root / "docs" / "assets").mkdir(parents=True)
    (root / "en").mkdir()
    (root / "docs" / "assets" / "logo.svg").write_text("<svg/>")
    os.symlink("logo.svg", root / "docs" / "assets" / "logo-copy.svg")
    os.symlink("/etc/passwd", root / "docs" / "assets" / "passwd\x1b[2J.txt")
    os.mkfifo(root / "docs" / "assets" / "pipe")
    os.symlink("pipe", root / "docs" / "assets" / "to-pipe")
    os.symlink("missing", root / "docs" / "assets" / "dangling")
    listing = project.scan(root, "docs")
    assert sorted(listing.files) == ["docs/assets/logo-copy.svg", "docs/assets/logo.svg"]
    codes = {name: d.code for name, d in listing.refused.items()}
    assert codes == {
        "docs/assets/dangling": "file.symlink",
        "docs/assets/passwd\x1b[2J.txt": "file.symlink",
        "docs/assets/pipe": "file.special",
        "docs/assets/to-pipe": "file.symlink",
    }
    shown = listing.refused["docs/assets/passwd\x1b[2J.txt"].text()
    assert "\x1b" not in shown and "passwd\\x1b[2J.txt" in shown
    ours = {"assets/logo-copy.svg": b"<svg/>", "assets/logo.svg": b"<svg/>"}
    assert staging.docs_files(root) == {**staging.package_files(), **ours}


# -- the build's cache is the build's own: never taken from a commit


class _Payload:
    """A pickle that runs a command when loaded (what a planted cache file would hold)."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


def plant_cache(repo: PolicyRepo, marker: Path) -> None:
    import pickle

    from policysite import cache

    folder = repo.root / ".cache" / "policysite"
    folder.mkdir(parents=True, exist_ok=True)
    for kind in cache.KINDS:
        (folder / f"{kind}-{cache.CODE_TAG}.pickle").write_bytes(pickle.dumps({"x": _Payload(marker)}))
    # (and compiled templates: Jinja loads them with marshal, so they are the build's own or not read)
    (folder / "templates").mkdir(exist_ok=True)
    (folder / "templates" / "__jinja2_planted.cache").write_bytes(b"j2" + pickle.dumps(_Payload(marker)))
    repo.git("add", "-f", ".cache")
    repo.commit("Warm the cache for everyone")


def test_a_committed_cache_is_never_loaded(hostile, tmp_path):
    marker = tmp_path / "pickle-ran"
    plant_cache(hostile.repo, marker)
    check = hostile.check()
    assert check.returncode == 0, check.output
    built = hostile.build()
    assert built.ok, built.output
    assert not marker.exists(), "a committed pickle was loaded: it ran code"


def test_a_linked_cache_folder_is_never_loaded(hostile, tmp_path):
    import pickle

    from policysite import cache

    marker = tmp_path / "pickle-ran"
    planted = hostile.outside / "cache"
    planted.mkdir()
    for kind in ("headers", "parses"):
        (planted / f"{kind}-{cache.CODE_TAG}.pickle").write_bytes(pickle.dumps({"x": _Payload(marker)}))
    (hostile.repo.root / ".cache").mkdir()
    os.symlink(planted, hostile.repo.root / ".cache" / "policysite")
    assert hostile.check().returncode == 0
    assert hostile.build().ok
    assert not marker.exists(), "a linked cache was loaded: it ran code"


def test_policy_baseline_never_writes_through_a_link(hostile):
    target = hostile.outside / "written.yml"
    target.write_text("untouched\n", encoding="utf-8")
    link(hostile.repo, "policy-baseline.yml", target)
    run = hostile.repo.policy("baseline")
    assert run.returncode == 2, run.output
    assert "policy-baseline.yml" in run.output and "Traceback" not in run.output
    assert target.read_text(encoding="utf-8") == "untouched\n"
