"""PDFs for auditors: a PDF/A-3b of every version in both languages, built by real ``mkdocs build``
runs on real git repositories, read back with pypdf (text, XMP, attachments, fonts, links).

The repositories of the other test modules build without PDFs (``PolicyRepo.create(pdf=False)``,
the default: a PDF costs a few tenths of a second); these turn them on.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import posixpath
import re
import shutil
import urllib.request
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from auditing import (
    ENV,
    EPOCH,
    EXTERNAL,
    LANGUAGES,
    SENTENCES,
    STATUS,
    TITLES,
    VERSIONS,
    attachments,
    embedded_fonts,
    link_targets,
    pdf_url,
    pdfs,
    reader,
    sha256,
    squeeze,
    text,
    xmp,
    xmp_attribute,
)
from gitrepo import SITE_URL, PolicyRepo, policy_text, wait_for
from histories import epoch
from pypdf import PdfReader
from pypdf.errors import PyPdfError
from seed import SECTION_LINE

from policysite import locale
from policysite.frontmatter import parse_version

EXPECTED_PDFS = sorted(
    [pdf_url(lang, version) for version in VERSIONS for lang in LANGUAGES]
    + [pdf_url(lang, "2020.01.01", "terms") for lang in LANGUAGES]
)


@pytest.fixture(scope="module")
def audited(audited_site):
    return audited_site[0]


@pytest.fixture(scope="module")
def built(audited_site):
    return audited_site[1]


@pytest.fixture(scope="module")
def index(built) -> dict:
    return json.loads((built.site / "versions.json").read_text(encoding="utf-8"))


def entry(index: dict, version: str, lang: str, policy: str = "privacy") -> dict:
    found = next(p for p in index["policies"] if p["id"] == policy)
    return next(v for v in found["versions"] if v["version"] == version)["languages"][lang]


def resolve(page_url: str, href: str) -> str:
    """The site path a relative ``href`` on the page at ``page_url`` (``/privacy/``) points to."""
    return posixpath.normpath(posixpath.join(page_url, href)).lstrip("/")


def hrefs(html: str) -> list[str]:
    return re.findall(r'<a href="([^"]+\.pdf)"', html)


# ---------------------------------------------------------------- one PDF per version and language


def test_a_pdf_for_every_version_in_every_language(built, index):
    assert "PDFs: 8 rendered" in built.output, built.output
    assert pdfs(built.site) == EXPECTED_PDFS
    for url in EXPECTED_PDFS:
        assert (built.site / url).read_bytes().startswith(b"%PDF-1.7"), url
    for version in VERSIONS:
        for lang in LANGUAGES:
            assert entry(index, version, lang)["pdf"] == SITE_URL + pdf_url(lang, version)
    assert index["pdf"]["format"] == "PDF/A-3b"
    assert "WeasyPrint" in index["pdf"]["renderer"]
    assert any("Noto Sans CJK TC" in font for font in index["pdf"]["fonts"])


def test_each_pdf_is_linked_from_its_version_page_the_current_page_and_the_versions_list(built):
    for lang in LANGUAGES:
        prefix = "" if lang == "en" else f"{lang}/"
        for version in VERSIONS:
            page = f"/{prefix}privacy/versions/{version}/"
            links = [resolve(page, href) for href in hrefs(built.page(page))]
            assert links == [pdf_url(lang, version)], (page, links)
        # The current page links the PDF of the text it shows (the current version, not the upcoming one).
        current = f"/{prefix}privacy/"
        assert [resolve(current, h) for h in hrefs(built.page(current))] == [pdf_url(lang, "2020.06.01")]
        listing = f"/{prefix}privacy/versions/"
        found = [resolve(listing, h) for h in hrefs(built.page(listing))]
        assert found == [pdf_url(lang, version) for version in reversed(VERSIONS)], found
        for url in found:
            assert (built.site / url).is_file(), url


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("version", VERSIONS)
def test_the_text_holds_title_date_status_its_own_sentence_page_numbers_commit_and_hash(
    built, index, audited, version, lang
):
    content = text(reader(built, pdf_url(lang, version)))
    date = locale.format_date(parse_version(version), lang)
    assert squeeze(TITLES[lang]) in content
    assert squeeze(locale.text(lang, "version_line", date=date)) in content
    assert squeeze(locale.text(lang, f"status_{STATUS[version]}")) in content
    assert squeeze(SENTENCES[version][lang]) in content
    for other in VERSIONS:
        if other != version:
            assert squeeze(SENTENCES[other][lang]) not in content, other
    pages = locale.raw(lang, "pdf_page").split("{page}")[0]  # "Page " / "第 "
    assert squeeze(pages + "1") in content
    assert audited.commits[version] in content
    assert entry(index, version, lang)["sha256"] in content
    assert f"{lang}/privacy.md" in content


@pytest.mark.parametrize("lang", LANGUAGES)
def test_an_archived_pdf_says_when_it_applied_and_which_version_replaced_it(built, lang):
    # Filed on its own, a PDF says where it stands, as its page does: in force from, until, replaced by.
    archived, replacing = VERSIONS[0], VERSIONS[1]
    content = text(reader(built, pdf_url(lang, archived)))
    since = locale.format_date(parse_version(archived), lang)
    until = locale.format_date(parse_version(replacing), lang)
    expected = locale.text(
        lang,
        "archived_replaced_notice",
        date=since,
        since=since,
        until=until,
        next="",
        next_date=until,
        current="",
    )
    assert squeeze(expected) in content, content


def test_chinese_is_printed_with_the_noto_cjk_font_embedded(built):
    for version in VERSIONS:
        for lang in LANGUAGES:
            fonts = embedded_fonts(reader(built, pdf_url(lang, version)))
            assert fonts and all(fonts.values()), fonts  # every font is embedded
            assert any("Noto-Sans-CJK-TC" in name for name in fonts), fonts


@pytest.mark.parametrize("lang", LANGUAGES)
def test_metadata_declares_pdfa_3b_with_title_language_and_version_date(built, lang):
    for version in VERSIONS:
        pdf = reader(built, pdf_url(lang, version))
        root = xmp(pdf)
        assert xmp_attribute(root, "pdfaid", "part") == "3"
        assert xmp_attribute(root, "pdfaid", "conformance") == "B"
        date = locale.format_date(parse_version(version), lang)
        title = root.find(".//{http://purl.org/dc/elements/1.1/}title")
        assert f"{TITLES[lang]} ({date})" in "".join(title.itertext())
        language = root.find(".//{http://purl.org/dc/elements/1.1/}language")
        assert "".join(language.itertext()).strip() == lang
        assert pdf.trailer["/Root"]["/Lang"] == lang
        # Made by the build: every date of the file is the build clock's (SOURCE_DATE_EPOCH), not the
        # version's (that one is in the title and the text).
        assert made_at(pdf) == [int(EPOCH)] * 4, (version, made_at(pdf))
        assert pdf.metadata["/Title"] == f"{TITLES[lang]} ({date})"
        assert pdf.pages[0].mediabox.width == pytest.approx(595.28, abs=0.5)  # A4
        assert pdf.pages[0].mediabox.height == pytest.approx(841.89, abs=0.5)


def made_at(pdf) -> list[int]:
    """The file's dates as Unix times: /CreationDate and /ModDate, and the XMP's CreateDate and
    ModifyDate (PDF/A keeps the two in step)."""
    root = xmp(pdf)
    xmp_dates = [xmp_attribute(root, "xmp", name) or "missing" for name in ("CreateDate", "ModifyDate")]
    info = [pdf.metadata.creation_date, pdf.metadata.modification_date]
    return [int(d.timestamp()) for d in info + [dt.datetime.fromisoformat(d) for d in xmp_dates]]


def as_of(lang: str, status: str, day: dt.date) -> str:
    """How a PDF prints its status on the day it is built ("current as of 1 September 2020")."""
    return locale.text(
        lang, "status_as_of", status=locale.text(lang, f"status_{status}"), date=locale.format_date(day, lang)
    )


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("version", VERSIONS)
def test_the_status_is_printed_as_of_the_build_date_on_every_page(built, version, lang):
    pdf = reader(built, pdf_url(lang, version))
    expected = squeeze(as_of(lang, STATUS[version], dt.date(2020, 9, 1)))
    for number, page in enumerate(pdf.pages, 1):
        assert expected in squeeze(page.extract_text()), (number, page.extract_text()[:300])
    # (and in the version line under the title, once more on the first page)
    assert squeeze(pdf.pages[0].extract_text()).count(expected) == 2


def test_the_attached_source_is_the_blob_versions_json_and_git_name(built, index, audited):
    for version in VERSIONS:
        for lang in LANGUAGES:
            files = attachments(reader(built, pdf_url(lang, version)))
            assert list(files) == [f"privacy-{version}-{lang}.md"], files
            source = next(iter(files.values()))
            recorded = entry(index, version, lang)
            assert recorded["commit"] == audited.commits[version]
            git = audited.repo.show(recorded["commit"], f"{lang}/privacy.md")
            assert sha256(source) == recorded["sha256"] == sha256(git)
            assert SENTENCES[version][lang] in source.decode("utf-8")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_links_are_kept(built, lang):
    uris, internal = link_targets(reader(built, pdf_url(lang, "2020.01.01")))
    assert EXTERNAL in uris, uris
    # terms.md#use is the terms' current page, absolute under site_url: a downloaded PDF's links work.
    prefix = "" if lang == "en" else f"{lang}/"
    assert f"{SITE_URL}{prefix}terms/#use" in uris, uris
    assert built.exists(f"{SITE_URL}{prefix}terms/")
    assert any("sharing" in target for target in internal), internal  # the in-page link
    # The archived notice's link to the current text.
    assert f"{SITE_URL}{prefix}privacy/" in uris, uris


# ---------------------------------------------------------------- reproducible and cached


@pytest.mark.parametrize("workers", ["2", "1"])
def test_two_builds_of_the_same_commit_and_epoch_give_identical_pdfs(built, audited, tmp_path, workers):
    """Whether a build renders its PDFs in a pool of worker processes (2) or in its own process (1),
    they are the same bytes as those of the build that rendered them with one process per core."""
    clone = PolicyRepo.clone(audited.repo, tmp_path / "elsewhere" / "checkout")
    again = clone.build(env={**ENV, "POLICYSITE_PDF_WORKERS": workers})
    assert again.ok, again.output
    assert "PDFs: 8 rendered" in again.output  # a fresh clone has no cache: every PDF made again
    assert pdfs(again.site) == EXPECTED_PDFS
    for url in EXPECTED_PDFS:
        assert (again.site / url).read_bytes() == (built.site / url).read_bytes(), url
    assert (again.site / "versions.json").read_bytes() == (built.site / "versions.json").read_bytes()


def test_a_warm_rebuild_renders_no_pdf(built, audited):
    again = audited.repo.build(env=ENV, site="site-warm")
    assert again.ok, again.output
    assert "PDFs: 0 rendered" in again.output and "8 unchanged from the cache" in again.output, again.output
    for url in EXPECTED_PDFS:
        assert (again.site / url).read_bytes() == (built.site / url).read_bytes(), url


NOTICE = {"en": ("Notice", "This notice applies."), "zh-TW": ("告知事項", "本告知事項適用。")}


SITE_ZONE = ZoneInfo("Asia/Taipei")  # the project's mkdocs.yml: a build's dates are the site's


def small_repo(directory: Path, pdf: bool = True, versions=("2020.01.01",)) -> PolicyRepo:
    """A short policy ("notice"), one commit per version."""
    repo = PolicyRepo.create(directory, copy_policies=False, pdf=pdf)
    for version in versions:
        for lang, (title, sentence) in NOTICE.items():
            heading = "1. Scope" if lang == "en" else "1. 範圍"
            repo.write(lang, "notice", policy_text(title, version, f"## {heading} {{#scope}}\n\n{sentence}"))
        day = parse_version(version).isoformat()
        repo.commit(f"Notice {version}", f"{day}T09:00:00Z" if day < "2020-09-01" else "2020-08-01T09:00:00Z")
    return repo


def notice_pdf(lang: str, version: str) -> str:
    return pdf_url(lang, version, "notice")


@pytest.mark.slow
def test_a_pdf_is_made_again_when_its_text_its_status_or_the_build_clock_changes(tmp_path):
    repo = small_repo(tmp_path / "repo", versions=("2019.06.01", "2020.01.01", "2020.12.01"))
    first = repo.build(env=ENV)  # 2020-09-01: archived, current, upcoming
    assert first.ok and "PDFs: 6 rendered" in first.output, first.output
    # Another day: the PDFs carry the build's dates and its "as of", so none is reused under
    # another SOURCE_DATE_EPOCH (the same statuses: only those differ).
    later = repo.build(env={"SOURCE_DATE_EPOCH": epoch("2020-10-15")}, site="site-later")
    assert later.ok and "PDFs: 6 rendered" in later.output and "0 unchanged" in later.output, later.output
    archived = notice_pdf("en", "2019.06.01")
    assert made_at(reader(later, archived)) == [int(epoch("2020-10-15"))] * 4
    assert squeeze(as_of("en", "archived", dt.date(2020, 10, 15))) in text(reader(later, archived))
    assert (later.site / archived).read_bytes() != (first.site / archived).read_bytes()
    # 2020.12.01 takes effect: it is current now, as of its build's day.
    effect = repo.build(env={"SOURCE_DATE_EPOCH": epoch("2021-01-15")})
    assert effect.ok and "PDFs: 6 rendered" in effect.output, effect.output
    assert squeeze(as_of("zh-TW", "current", dt.date(2021, 1, 15))) in text(
        reader(effect, notice_pdf("zh-TW", "2020.12.01"))
    )
    # The same SOURCE_DATE_EPOCH again: every PDF from the cache, byte for byte.
    again = repo.build(env={"SOURCE_DATE_EPOCH": epoch("2021-01-15")}, site="site-again")
    assert again.ok and "PDFs: 0 rendered" in again.output and "6 unchanged" in again.output, again.output
    for lang in LANGUAGES:
        for version in ("2019.06.01", "2020.01.01", "2020.12.01"):
            url = notice_pdf(lang, version)
            assert (again.site / url).read_bytes() == (effect.site / url).read_bytes(), url
    # An edit of the current text (not committed) renders its PDF only.
    repo.edit("zh-TW", "本告知事項適用。", "本告知事項適用於所有使用者。", policy="notice")
    edited = repo.build(env={"SOURCE_DATE_EPOCH": epoch("2021-01-15")})
    assert edited.ok and "PDFs: 1 rendered" in edited.output and "5 unchanged" in edited.output, edited.output
    assert "本告知事項適用於所有使用者。" in text(reader(edited, notice_pdf("zh-TW", "2020.12.01")))
    # Only the PDFs of the last build are kept in the cache.
    cached = [p for p in (repo.root / ".cache" / "policysite").glob("pdf-*/*") if p.is_file()]
    assert len(cached) == 6, cached


def served_pdf(url: str) -> PdfReader:
    with urllib.request.urlopen(url, timeout=10) as response:
        return PdfReader(io.BytesIO(response.read()))


def offset(url: str) -> dt.timedelta | None:
    """The time zone of a served PDF's creation date (None while it cannot be read)."""
    try:
        return served_pdf(url).metadata.creation_date.utcoffset()
    except (OSError, PyPdfError, ValueError):
        return None


def child_processes(server_url: str) -> list[str]:
    """The command lines of the processes whose parent is the ``mkdocs serve`` at ``server_url``."""
    address = server_url.removeprefix("http://")
    processes: dict[int, tuple[int, str]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
            parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue  # (gone meanwhile)
        processes[int(entry.name)] = (parent, command)
    servers = {pid for pid, (_, command) in processes.items() if " serve " in command and address in command}
    assert servers, f"no mkdocs serve process at {address}"
    return [command for parent, command in processes.values() if parent in servers]


def test_mkdocs_serve_renders_pdfs_again_in_a_pool_that_ends_with_each_build(tmp_path):
    """Under ``mkdocs serve`` every change is another build in the same process, while its server's and
    file watcher's threads run: the PDFs it must make again are rendered by spawned worker processes,
    gone once the build is done (the server keeps only what it had: multiprocessing's resource tracker)."""
    repo = small_repo(tmp_path / "repo")
    config = repo.root / "mkdocs.yml"
    url = notice_pdf("en", "2020.01.01")
    with repo.serve(tmp_path / "serve.log", env={**ENV, "POLICYSITE_PDF_WORKERS": "2"}) as server:
        assert server.output().count("PDFs: 2 rendered") == 1, server.output()
        assert offset(f"{server.url}/{url}") == dt.timedelta(hours=8)  # the site's time zone: Taipei
        assert not [command for command in child_processes(server.url) if "spawn_main" in command]
        # Another time zone: the dates of every PDF change, so both are made again, by a new pool.
        config.write_text(
            config.read_text(encoding="utf-8").replace("timezone: Asia/Taipei", "timezone: UTC"),
            encoding="utf-8",
        )
        assert wait_for(lambda: offset(f"{server.url}/{url}") == dt.timedelta(0)), server.output()
        assert server.output().count("PDFs: 2 rendered") == 2, server.output()
        assert not [command for command in child_processes(server.url) if "spawn_main" in command]
        assert "Traceback" not in server.output() and "ERROR" not in server.output(), server.output()


def test_without_source_date_epoch_a_pdf_is_dated_when_it_was_made(tmp_path):
    """No SOURCE_DATE_EPOCH: the build is not reproducible, and a PDF's dates are when it was made.
    A later build of the same day reuses it with those dates (the cache's); a reproducible build
    never does (its dates are the epoch's)."""
    repo = small_repo(tmp_path / "repo")
    url = notice_pdf("en", "2020.01.01")
    before = int(dt.datetime.now(dt.UTC).timestamp())
    first = repo.build()
    after = int(dt.datetime.now(dt.UTC).timestamp())
    assert first.ok and "PDFs: 2 rendered" in first.output, first.output
    made = made_at(reader(first, url))
    assert len(set(made)) == 1 and before <= made[0] <= after, (before, made, after)
    today = dt.datetime.fromtimestamp(made[0], SITE_ZONE).date()  # (the date in the site's time zone)
    assert squeeze(as_of("en", "current", today)) in text(reader(first, url))
    second = repo.build(site="site-second")
    assert second.ok, second.output
    if dt.datetime.now(SITE_ZONE).date() == today:  # (the day the first one was made)
        assert "PDFs: 0 rendered" in second.output, second.output
        assert (second.site / url).read_bytes() == (first.site / url).read_bytes()
    reproducible = repo.build(env=ENV, site="site-epoch")
    assert reproducible.ok and "PDFs: 2 rendered" in reproducible.output, reproducible.output
    assert made_at(reader(reproducible, url)) == [int(EPOCH)] * 4


JA_LANGUAGE = """\
        - locale: ja
          name: 日本語
          build: true
          theme:
            language: ja
"""
JA_NOTICE = ("告知事項", "1. 範囲", "この告知事項が適用されます。")


def test_as_of_and_the_dates_are_the_site_time_zone_s_in_every_language(tmp_path):
    """Built at 20:00 UTC on 1 September 2020, a site in Taipei prints 2 September: its PDFs in
    English, Chinese and Japanese say "as of" that day, and their dates are that moment (+08:00)."""
    repo = small_repo(tmp_path / "repo")
    config = repo.root / "mkdocs.yml"
    assert re.search(r"(?m)^\s+timezone: Asia/Taipei$", config.read_text(encoding="utf-8"))  # (the project's)
    config.write_text(
        config.read_text(encoding="utf-8").replace("\nwatch:\n", "\n" + JA_LANGUAGE + "watch:\n", 1),
        encoding="utf-8",
    )
    shutil.copytree(repo.root / "docs" / "en", repo.root / "docs" / "ja")
    title, heading, sentence = JA_NOTICE
    repo.write("ja", "notice", policy_text(title, "2020.01.01", f"## {heading} {{#scope}}\n\n{sentence}"))
    repo.commit("In Japanese too", "2020-01-01T09:00:00Z")
    evening = str(int(dt.datetime(2020, 9, 1, 20, tzinfo=dt.UTC).timestamp()))
    result = repo.build(env={"SOURCE_DATE_EPOCH": evening})
    assert result.ok, result.output
    for lang in ("en", "zh-TW", "ja"):
        pdf = reader(result, notice_pdf(lang, "2020.01.01"))
        content = text(pdf)
        assert squeeze(as_of(lang, "current", dt.date(2020, 9, 2))) in content, (lang, content[:400])
        assert made_at(pdf) == [int(evening)] * 4, lang
        assert xmp_attribute(xmp(pdf), "xmp", "CreateDate") == "2020-09-02T04:00:00+08:00"
        assert pdf.metadata["/CreationDate"].startswith("D:20200902040000+08'00"), pdf.metadata
    assert "現行（2020年9月2日時点）" in text(reader(result, notice_pdf("ja", "2020.01.01")))
    assert "現行（截至2020年9月2日）" in text(reader(result, notice_pdf("zh-TW", "2020.01.01")))


# ---------------------------------------------------------------- the setting, the fonts


def test_the_project_as_it_stands_builds_its_pdfs(tmp_path):
    """The project's own mkdocs.yml keeps PDFs on: the real Chinese text prints."""
    repo = PolicyRepo.create(tmp_path / "project", commit="The project as it stands", pdf=True)
    assert re.search(r"(?m)^\s+pdf: true", (repo.root / "mkdocs.yml").read_text(encoding="utf-8"))
    result = repo.build(strict=True, env=ENV)
    assert result.ok, result.output
    assert pdfs(result.site) == [
        "privacy/versions/privacy-2019.12.19-en.pdf",
        "zh-TW/privacy/versions/privacy-2019.12.19-zh-TW.pdf",
    ]
    assert squeeze(SECTION_LINE) in text(
        reader(result, "zh-TW/privacy/versions/privacy-2019.12.19-zh-TW.pdf")
    )


def test_pdfs_off_means_no_pdf_no_link_and_none_in_versions_json(real_build):
    """Every other test repository builds with ``pdf: false``, as the real content's build here does."""
    assert pdfs(real_build.site) == []
    for url in ("privacy/", "privacy/versions/", "privacy/versions/2019.12.19/", "zh-TW/privacy/"):
        assert hrefs(real_build.page(url)) == [], url
    index = json.loads((real_build.site / "versions.json").read_text(encoding="utf-8"))
    assert index["pdf"] is None
    assert all("pdf" not in entry for entry in index["policies"][0]["versions"][0]["languages"].values())


def no_cjk_fonts(tmp_path: Path) -> dict[str, str]:
    """A fontconfig configuration that knows only DejaVu: a machine without fonts-noto-cjk."""
    config = tmp_path / "fonts.conf"
    config.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>'
        f"<dir>/usr/share/fonts/truetype/dejavu</dir><cachedir>{tmp_path / 'fc-cache'}</cachedir>"
        "</fontconfig>\n",
        encoding="utf-8",
    )
    return {"FONTCONFIG_FILE": str(config), **ENV}


def test_without_the_cjk_font_the_build_and_the_check_fail_saying_what_to_install(tmp_path, policy):
    repo = small_repo(tmp_path / "repo")
    env = no_cjk_fonts(tmp_path)
    result = repo.build(env=env)
    assert not result.ok
    assert "Traceback" not in result.output, result.output
    assert "'Noto Sans CJK TC'" in result.output and "apt-get install fonts-noto-cjk" in result.output
    assert "pdf: false" in result.output, result.output
    check = policy(repo, "check", env=env)
    assert check.returncode == 2, check.output
    assert "apt-get install fonts-noto-cjk" in check.stderr


def test_a_wrong_number_of_pdf_workers_fails_the_build_saying_what_to_set(tmp_path):
    repo = small_repo(tmp_path / "repo")
    result = repo.build(env={**ENV, "POLICYSITE_PDF_WORKERS": "all"})
    assert not result.ok and "Traceback" not in result.output, result.output
    assert "POLICYSITE_PDF_WORKERS='all' is not a number of processes: set it to 1 or more" in result.output
    assert "PDFs:" not in result.output  # (refused before any PDF is made)


def test_an_invalid_pdf_setting_is_refused_alike_by_the_build_and_the_check(tmp_path, policy):
    repo = small_repo(tmp_path / "repo", pdf=False)
    repo.set_extra("""
        extra:
          policies:
            pdf: sometimes
    """)
    result = repo.build()
    assert not result.ok and "Traceback" not in result.output
    assert "Plugin 'policies' option 'pdf'" in result.output, result.output
    check = policy(repo, "check")
    assert check.returncode == 2 and "Plugin 'policies' option 'pdf'" in check.stderr, check.output
