"""``policy verify``'s parts (policysite.verify), in process: reading ``versions.json`` of a
hand-made site folder, the hashes against a tiny real git repository, the PDFs' attached sources,
the byte-for-byte comparison, and each refusal to verify.  (The rebuild itself is tested end to
end by tests/integration/test_verify.py.)"""

from __future__ import annotations

import hashlib
import io
import json
import os
from pathlib import Path

import pytest
from gitrepo import PolicyRepo
from pypdf import PdfWriter

from policysite import verify
from policysite.git_utils import Repository
from policysite.verify import CannotVerify, Finding, Report

V1 = b"---\ntitle: Privacy\nversion: 2020.01.01\n---\n\n# Privacy\n\nOne.\n"
V2 = b"---\ntitle: Privacy\nversion: 2021.01.01\n---\n\n# Privacy\n\nTwo.\n"


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> tuple[Path, str, str]:
    """A repository with two commits of en/privacy.md: (root, first commit, second commit)."""
    git = PolicyRepo.init(tmp_path_factory.mktemp("verify") / "repo")
    commits = []
    for data in (V1, V2):
        git.write("en", "privacy", data)
        commits.append(git.commit("privacy"))
    return git.root, commits[0], commits[1]


def index(*versions: dict, **extra) -> dict:
    return {"policies": [{"id": "privacy", "versions": list(versions)}], **extra}


def version(name: str, **languages: dict) -> dict:
    return {
        "version": name,
        "languages": {lang.replace("_", "-"): entry for lang, entry in languages.items()},
    }


def site_with(folder: Path, data: object) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / verify.INDEX).write_text(
        json.dumps(data) if not isinstance(data, str) else data, encoding="utf-8"
    )
    return folder


def pdf(*attachments: tuple[str, bytes]) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(100, 100)
    for name, data in attachments:
        writer.add_attachment(name, data)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# ---------------------------------------------------------------- what the site says


def test_a_site_index_is_read(tmp_path):
    data = index(head="a" * 40, source_date_epoch=1)
    assert verify.read_index(site_with(tmp_path / "site", data)) == data


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "does not exist: this is not a site built by this project (build it with 'mkdocs build')"),
        ("{not json", "cannot be read as JSON (Expecting property name"),
        ("[]", "is not this project's index of versions (no 'policies' list)"),
        ('{"policies": {}}', "is not this project's index of versions (no 'policies' list)"),
    ],
)
def test_an_index_that_cannot_say_what_to_rebuild_cannot_verify(tmp_path, content, message):
    site = tmp_path / "site"
    site.mkdir()
    if content is not None:
        (site / verify.INDEX).write_text(content, encoding="utf-8")
    with pytest.raises(CannotVerify) as error:
        verify.read_index(site)
    assert str(error.value).startswith(f"{site / verify.INDEX} ") and message in str(error.value)


def test_a_site_that_is_no_folder_cannot_verify(tmp_path):
    (tmp_path / "site").write_text("a file")
    for site in (tmp_path / "site", tmp_path / "missing"):
        with pytest.raises(CannotVerify, match="is not a folder: give the published site's folder"):
            verify.read_index(site)


@pytest.mark.parametrize(
    ("recorded", "message"),
    [
        ({"source_date_epoch": 1}, "records no commit ('head'): the site was built outside git"),
        ({"head": "A" * 40, "source_date_epoch": 1}, "records no commit ('head')"),
        ({"head": "a" * 39, "source_date_epoch": 1}, "records no commit ('head')"),
        ({"head": "a" * 40}, "records no 'source_date_epoch': the site was built by a version"),
        ({"head": "a" * 40, "source_date_epoch": None}, "the site was built without SOURCE_DATE_EPOCH"),
        ({"head": "a" * 40, "source_date_epoch": "1"}, "the site was built without SOURCE_DATE_EPOCH"),
        ({"head": "a" * 40, "source_date_epoch": True}, "the site was built without SOURCE_DATE_EPOCH"),
    ],
)
def test_the_recorded_build_must_name_a_commit_and_an_epoch(tmp_path, recorded, message):
    with pytest.raises(CannotVerify) as error:
        verify.recorded_build(index(**recorded), tmp_path)
    assert message in str(error.value) and str(tmp_path / verify.INDEX) in str(error.value)


def test_the_recorded_build_is_the_commit_and_the_epoch():
    assert verify.recorded_build(index(head="0" * 40, source_date_epoch=0), Path("site")) == ("0" * 40, 0)


# ---------------------------------------------------------------- findings


def test_a_finding_says_what_is_wrong_with_the_file():
    assert Finding("differs", "privacy/index.html").text() == "privacy/index.html: differs from the rebuild"
    assert Finding("missing", "feed.xml").text() == "feed.xml: missing (the rebuild has it)"
    assert Finding("extra", "x.html", "a note").text() == "x.html: not in the rebuild (a note)"
    assert Finding("hash", "versions.json", "privacy 2020.01.01 en: ...").text() == (
        "versions.json: privacy 2020.01.01 en: ..."
    )
    report = Report("c" * 40, 1)
    assert report.ok
    report.findings.append(Finding("extra", "x"))
    assert not report.ok


def test_compare_lists_every_file_that_differs_is_missing_or_extra(tmp_path):
    published, rebuilt = tmp_path / "published", tmp_path / "rebuilt"
    for folder, files in (
        (published, {"same.html": b"s", "a/changed.html": b"old", "extra.txt": b"e"}),
        (rebuilt, {"same.html": b"s", "a/changed.html": b"new", "a/missing.xml": b"m"}),
    ):
        for name, data in files.items():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_bytes(data)
    count, findings = verify.compare(published, rebuilt)
    assert count == 4
    assert findings == [
        Finding("differs", "a/changed.html"),
        Finding("missing", "a/missing.xml"),
        Finding("extra", "extra.txt"),
    ]
    assert verify.compare(rebuilt, rebuilt) == (3, [])


# ---------------------------------------------------------------- hashes against git


def test_every_recorded_hash_and_earlier_wording_is_checked_against_git(repo):
    root, first, second = repo
    data = index(
        version(
            "2020.01.01",
            en={
                "commit": second,
                "sha256": sha(V2),  # what git holds at that commit
                "states": [{"number": 1, "commit": first, "sha256": sha(V1)}, {"number": 2}],
            },
        ),
        version("2021.01.01", en={"commit": second, "sha256": sha(V1)}),
    )
    held, findings = verify.check_hashes(Repository.find(root), data)
    assert held == {
        ("privacy", "2020.01.01", "en"): sha(V2),
        ("privacy", "2020.01.01", "en wording 1"): sha(V1),
        ("privacy", "2021.01.01", "en"): sha(V2),
    }
    assert findings == [
        Finding(
            "hash",
            verify.INDEX,
            f"privacy 2021.01.01 en: SHA-256 {sha(V1)} but en/privacy.md at commit {second[:12]} "
            f"has {sha(V2)}",
        )
    ]


def test_a_text_git_cannot_show_is_a_finding(repo):
    root, first, _ = repo
    data = index(
        version(
            "2020.01.01",
            en={"commit": first, "sha256": "x", "path": "en/former-name.md"},
            zh_TW={"commit": first, "sha256": "y"},
        ),
        version("2021.01.01", en={"sha256": "z"}, ja={"commit": "not a commit"}),
    )
    held, findings = verify.check_hashes(Repository.find(root), data)
    assert held == {}
    assert [f.detail for f in findings] == [
        "privacy 2021.01.01 en: no commit recorded (built from uncommitted changes)",
        "privacy 2021.01.01 ja: no commit recorded (built from uncommitted changes)",
        f"privacy 2020.01.01 en: git has no en/former-name.md at commit {first[:12]}",
        f"privacy 2020.01.01 zh-TW: git has no zh-TW/privacy.md at commit {first[:12]}",
    ]


def test_malformed_entries_are_skipped_not_raised(repo):
    root, _, _ = repo
    data = {"policies": [None, {"id": "p", "versions": [None, {"version": "v", "languages": {"en": 3}}]}]}
    assert verify.check_hashes(Repository.find(root), data) == ({}, [])


# ---------------------------------------------------------------- PDFs


def pdf_site(tmp_path: Path, files: dict[str, bytes], entry: dict, **extra) -> tuple[Path, dict]:
    site = tmp_path / "site"
    for name, data in files.items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_bytes(data)
    return site, index(version("2020.01.01", en=entry), **extra)


KEY = ("privacy", "2020.01.01", "en")


def test_a_pdfs_attached_source_is_checked_against_git_or_else_the_index(tmp_path):
    good = pdf(("en-privacy.md", V1))
    site, data = pdf_site(
        tmp_path,
        {"privacy/v.pdf": good},
        {"pdf": "https://example.test/legal/privacy/v.pdf", "pdf_sha256": sha(good), "sha256": sha(V1)},
        site_url="https://example.test/legal/",
    )
    assert verify.check_pdfs(site, data, {KEY: sha(V1)}) == (1, [])
    assert verify.check_pdfs(site, data, {}) == (1, [])  # (git holds nothing: the index's hash)
    checked, findings = verify.check_pdfs(site, data, {KEY: sha(V2)})
    assert checked == 1 and findings == [
        Finding("pdf", "privacy/v.pdf", f"its attached source has SHA-256 {sha(V1)} but git holds {sha(V2)}")
    ]


def test_a_pdf_that_is_absent_changed_unreadable_or_holds_no_single_source_is_a_finding(tmp_path):
    two = pdf(("a.md", V1), ("b.md", V1))
    site, _ = pdf_site(
        tmp_path, {"p/two.pdf": two, "p/broken.pdf": b"%PDF-1.7 not really", "p/none.pdf": pdf()}, {}
    )
    data = {
        "policies": [
            {
                "id": "privacy",
                "versions": [
                    version("1", en={"pdf": "/p/absent.pdf"}),
                    version("2", en={"pdf": "/p/two.pdf", "pdf_sha256": "0" * 64}),
                    version("3", en={"pdf": "/p/broken.pdf"}),
                    version("4", en={"pdf": "/p/none.pdf"}),
                    version("5", en={"pdf": ""}),  # no PDF listed: nothing to check
                ],
            }
        ]
    }
    checked, findings = verify.check_pdfs(site, data, {})
    assert checked == 3
    assert [(f.path, f.detail.split(" (")[0]) for f in findings] == [
        ("p/absent.pdf", "listed in versions.json for privacy 1 en but absent"),
        ("p/two.pdf", f"its bytes have SHA-256 {sha(two)} but versions.json says {'0' * 64}"),
        ("p/two.pdf", "has 2 attached files instead of its Markdown source"),
        ("p/broken.pdf", "its attached source cannot be read"),
        ("p/none.pdf", "has 0 attached files instead of its Markdown source"),
    ]


def test_a_pdf_outside_the_published_site_is_not_read(tmp_path):
    outside = pdf(("en-privacy.md", V1))
    (tmp_path / "elsewhere.pdf").write_bytes(outside)
    site, data = pdf_site(tmp_path, {"index.html": b""}, {"pdf": "../elsewhere.pdf", "sha256": sha(V1)})
    checked, findings = verify.check_pdfs(site, data, {KEY: sha(V1)})
    assert checked == 0 and [f.kind for f in findings] == ["pdf"]
    assert "outside the published site: not read" in findings[0].detail


def test_attached_sources_are_read_by_name_and_a_damaged_pdf_is_a_value_error():
    assert verify.attached_sources(pdf(("en-privacy.md", V1))) == {"en-privacy.md": V1}
    with pytest.raises(ValueError, match=r"^PdfStreamError: "):
        verify.attached_sources(b"not a pdf")


# ---------------------------------------------------------------- the rebuild's surroundings


def test_the_rebuild_runs_with_the_recorded_epoch_and_no_inherited_git_setting(tmp_path, monkeypatch):
    monkeypatch.setenv("GIT_DIR", "/elsewhere")
    monkeypatch.setenv("PYTHONPATH", "/site-packages-extra")
    env = verify._build_environment(tmp_path, 1598990400)
    assert env["SOURCE_DATE_EPOCH"] == "1598990400" and env["NO_MKDOCS_2_WARNING"] == "1"
    assert not any(name.startswith("GIT_") for name in env)
    assert env["PYTHONPATH"] == "/site-packages-extra"
    (tmp_path / "policysite").mkdir()
    (tmp_path / "policysite" / "__init__.py").write_text("")
    env = verify._build_environment(tmp_path, 0)  # a checkout of this project: its own code
    assert env["PYTHONPATH"] == f"{tmp_path}{os.pathsep}/site-packages-extra"


def test_a_pdf_difference_notes_a_renderer_or_fonts_that_differ(tmp_path):
    rebuilt = site_with(tmp_path / "rebuilt", {"pdf": {"renderer": "WeasyPrint 62", "fonts": ["Noto 2.004"]}})
    published = {"pdf": {"renderer": "WeasyPrint 61", "fonts": ["Noto 2.003", "Noto Sans"]}}
    differs = [Finding("differs", "privacy/v.pdf")]
    assert verify._renderer_notes(published, rebuilt, differs) == [
        "the published PDFs were made with WeasyPrint 61 and fonts Noto 2.003, Noto Sans; this machine has "
        "WeasyPrint 62 and fonts Noto 2.004: PDF bytes match only with the same renderer and fonts "
        "(their attached sources are checked against git all the same)"
    ]
    assert verify._renderer_notes(published, rebuilt, [Finding("differs", "privacy/index.html")]) == []
    assert verify._renderer_notes(json.loads((rebuilt / verify.INDEX).read_text()), rebuilt, differs) == []


# ---------------------------------------------------------------- when no honest answer is possible


def test_outside_git_nothing_can_be_verified(tmp_path):
    with pytest.raises(
        CannotVerify, match="is not in a git repository: verifying needs the site's repository"
    ):
        verify.verify(tmp_path, tmp_path / "site")


def test_a_commit_the_repository_does_not_have_cannot_be_verified(repo, tmp_path):
    root, _, _ = repo
    site = site_with(tmp_path / "site", index(head="f" * 40, source_date_epoch=1))
    with pytest.raises(CannotVerify) as error:
        verify.verify(root, site)
    assert str(error.value) == (
        f"commit {'f' * 40} (recorded in {site / verify.INDEX}) is not in this repository: fetch it "
        "('git fetch origin'), or run verify in the repository the site was built from"
    )
