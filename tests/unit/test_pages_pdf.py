"""The PDFs (policysite.pages.pdf), without a build: their addresses and links, what goes into a PDF's
HTML and metadata, its cache key, the links a reader of the PDF follows, and one real render of a
tiny PDF (WeasyPrint, read back with pypdf); and the pool that renders a build's PDFs on every core:
its size, the same bytes from its worker processes, a worker's error as the build's."""

from __future__ import annotations

import dataclasses
import functools
import io
import multiprocessing
import os
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader
from unit import pagekit
from unit.pagekit import SITE_URL, unstamped

from policysite.clock import BuildClock
from policysite.pages import pdf
from policysite.render import Renderer

EPOCH = 1609459200  # 2021-01-01T00:00:00Z: 08:00 in Taipei


@pytest.fixture(scope="module")
def kit() -> pagekit.Kit:
    return pagekit.kit()


@pytest.fixture(scope="module")
def printer(tmp_path_factory) -> pdf.Printer:
    folder = tmp_path_factory.mktemp("pdf-cache")
    return pdf.Printer(
        Renderer(), folder, BuildClock.at(EPOCH), reference="en", timezone="Asia/Taipei", site_url=SITE_URL
    )


def job(kit, printer, policy: str, version: str, lang: str) -> pdf.Job:
    found = kit.version(policy, version)
    return printer.job(kit.ph(policy), found, lang, found.texts[lang])


def key(kit, printer, policy: str, version: str, lang: str) -> str:
    found = kit.version(policy, version)
    return printer.key(kit.ph(policy), found, lang, found.texts[lang])


def test_addresses_beside_the_version_pages():
    assert pdf.file_name("privacy", "2019.12.19", "zh-TW") == "privacy-2019.12.19-zh-TW.pdf"
    assert pdf.url("zh-TW", "privacy", "2019.12.19", "en") == (
        "/zh-TW/privacy/versions/privacy-2019.12.19-zh-TW.pdf"
    )
    assert pdf.url("en", "privacy", "2019.12.19", "en") == "/privacy/versions/privacy-2019.12.19-en.pdf"
    assert pdf.url("en", "privacy", "2019.12.19", "ja") == "/en/privacy/versions/privacy-2019.12.19-en.pdf"
    assert pdf.staged_path("en", "privacy", "2019.12.19") == "en/privacy/versions/privacy-2019.12.19-en.pdf"


def test_links_to_a_pdf_only_when_the_site_has_pdfs_and_a_text_in_the_language(kit, printer):
    v2 = kit.version("privacy", "2020.06.01")
    assert (
        pdf.href(kit.site, v2, "en", "/privacy/") is None and pdf.links(kit.site, v2, "en", "/privacy/") == []
    )
    with_pdfs = dataclasses.replace(kit.site, pdf=printer)
    assert pdf.links(with_pdfs, v2, "zh-TW", "/zh-TW/privacy/") == [
        {"href": "versions/privacy-2020.06.01-zh-TW.pdf", "label": "PDF"}
    ]
    here = "/zh-TW/data/versions/2020.09.01/"
    assert pdf.href(with_pdfs, kit.version("data", "2020.09.01"), "zh-TW", here) is None  # no Chinese text
    assert pdf.links(with_pdfs, None, "en", "/privacy/") == []


def test_one_font_family_per_language():
    assert pdf.family("en") == pdf.family("zh-TW") == "Noto Sans CJK TC"
    assert (pdf.family("ja"), pdf.family("ko-KR")) == ("Noto Sans CJK JP", "Noto Sans CJK KR")


def test_a_css_string_cannot_end_the_string_or_the_style_element():
    assert pdf.css_string('a "b" </style> \\ 中') == '"a \\22 b\\22  \\3c /style\\3e  \\5c  \\4e2d "'
    assert pdf.css_string("Page 1 of 2, §3") == '"Page 1 of 2, \\a7 3"'


def test_the_html_of_a_pdf(kit, printer):
    made = job(kit, printer, "privacy", "2020.01.01", "zh-TW")
    html = made.html
    assert html.startswith('<!DOCTYPE html>\n<html lang="zh-TW">\n<head>\n<meta charset="utf-8">\n')
    assert "<title>隱私權政策 (2020 年 1 月 1 日)</title>" in html
    commit = kit.commits["first"]
    sha = kit.version("privacy", "2020.01.01").texts["zh-TW"].sha256
    assert made.attachment_description == (
        f"此版本的 Markdown 原始檔（原始檔 zh-TW/privacy.md，commit {commit}；SHA-256 {sha}）"
    )
    assert f'<meta name="description" content="{made.attachment_description}">' in html
    assert '<meta name="keywords" content="privacy, 2020.01.01, zh-TW, archived">' in html
    assert '<meta name="dcterms.created" content="2021-01-01T08:00:00+08:00">' in html
    assert '<body class="policy-pdf policy-pdf--archived">' in html
    # The status as of the build's day, in the site's time zone and the PDF's language.
    assert (
        'policy-status--archived" data-search-exclude="">已封存</span>（截至 2021 年 1 月 1 日）</p>' in html
    )
    header = pdf.css_string("2020 年 1 月 1 日 版本 · 已封存（截至 2021 年 1 月 1 日）")
    assert f"@top-right {{ content: {header}; }}" in html
    footer = pdf.css_string(f"原始檔 zh-TW/privacy.md，commit {commit}\nSHA-256 {sha}")
    assert f"@bottom-left {{ content: {footer}; }}" in html
    # Links a reader of the PDF follows: absolute under site_url.
    assert '<a href="https://example.org/legal/zh-TW/privacy/versions/2020.06.01/">' in html
    assert '<a href="https://example.org/legal/zh-TW/privacy/">' in html
    assert "我們蒐集姓名。" in html
    assert (made.attachment_name, made.source, made.lang) == (
        "privacy-2020.01.01-zh-TW.md",
        kit.version("privacy", "2020.01.01").texts["zh-TW"].data,
        "zh-TW",
    )
    assert made.created.isoformat() == "2021-01-01T08:00:00+08:00"


def test_a_hostile_title_is_escaped_in_the_pdfs_html(kit, printer):
    html = job(kit, printer, "evil", "2020.01.01", "en").html
    assert "<script>" not in html
    assert "<title>&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; Terms (1 January 2020)<" in html
    # (the bell and the escape dropped, as on every page: see test_pages_common)
    assert '@top-left { content: "\\3c script\\3e alert(\\22 x\\22 )\\3c /script\\3e  \\26  Terms"; }' in html


def test_links_in_the_text_are_made_followable_from_the_pdf(printer):
    html = (
        '<a href="terms.md#use">a</a><a href="#x">b</a><a href="mailto:a@b.c">c</a>'
        '<a href="../other/">d</a><a href="/abs/">e</a><a href="legal/imprint.md">f</a>'
    )
    assert printer._links(html, "zh-TW", "/zh-TW/privacy/versions/") == (
        '<a href="https://example.org/legal/zh-TW/terms/#use">a</a><a href="#x">b</a>'
        '<a href="mailto:a@b.c">c</a><a href="https://example.org/legal/zh-TW/privacy/other/">d</a>'
        '<a href="https://example.org/legal/abs/">e</a>'
        '<a href="https://example.org/legal/zh-TW/legal/imprint/">f</a>'
    )
    local = pdf.Printer(printer.renderer, printer.cache_dir, printer.clock, reference="en")  # (relative)
    assert (
        local._links('<a href="terms.md">a</a>', "en", "/privacy/versions/") == '<a href="../../terms/">a</a>'
    )


def test_the_cache_key_covers_every_input_and_the_build_clock(kit, printer, tmp_path):
    def like(epoch: int = EPOCH, **changed) -> pdf.Printer:
        """``printer`` (cache in ``tmp_path``) with one input changed."""
        settings = {"reference": "en", "timezone": "Asia/Taipei", "site_url": SITE_URL, **changed}
        return pdf.Printer(printer.renderer, tmp_path, BuildClock.at(epoch), **settings)

    same = like()
    assert key(kit, printer, "privacy", "2020.01.01", "en") == key(kit, same, "privacy", "2020.01.01", "en")
    keys = {
        key(kit, printer, "privacy", "2020.01.01", "en"),
        key(kit, printer, "privacy", "2020.01.01", "zh-TW"),
        key(kit, printer, "privacy", "2020.06.01", "en"),
        key(kit, like(EPOCH + 1), "privacy", "2020.01.01", "en"),
        key(kit, like(timezone="UTC"), "privacy", "2020.01.01", "en"),
        key(kit, like(site_url=""), "privacy", "2020.01.01", "en"),
        # the same text on a site whose reference language is another (its links differ)
        key(kit, like(reference="ja"), "privacy", "2020.01.01", "en"),
    }
    assert len(keys) == 7
    assert len(printer.tag) == 16 and printer.tag == same.tag


def test_what_versions_json_says_of_the_pdfs(printer):
    assert pdf.index_fields(None) == {"pdf": None}
    described = pdf.index_fields(printer)["pdf"]
    assert described["format"] == "PDF/A-3b"
    assert described["renderer"].startswith("WeasyPrint ")
    assert any(font.startswith("Noto Sans CJK TC Regular ") for font in described["fonts"])


def test_one_real_pdf(kit, printer):
    made = job(kit, printer, "privacy", "2020.01.01", "zh-TW")
    data = pdf.render_pdf(made)
    assert data.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(data))
    assert reader.metadata.title == "隱私權政策 (2020 年 1 月 1 日)"
    assert reader.trailer["/Root"]["/Lang"] == "zh-TW"
    assert reader.attachments == {"privacy-2020.01.01-zh-TW.md": [made.source]}
    xmp = ET.fromstring(reader.trailer["/Root"]["/Metadata"].get_object().get_data())
    assert "zh-TW" in [li.text for li in xmp.iter("{http://www.w3.org/1999/02/22-rdf-syntax-ns#}li")]
    text = reader.pages[0].extract_text()
    assert "我們蒐集姓名" in text and "第 1 頁" in text


def test_a_title_with_control_characters_still_makes_a_pdf(kit, printer):
    made = job(kit, printer, "evil", "2020.01.01", "zh-TW")
    data = pdf.render_pdf(made)
    assert data.startswith(b"%PDF-")
    # The title, description and keywords without the bell: shown as the rest of the site shows them.
    title = PdfReader(io.BytesIO(data)).metadata.title
    assert title == "<script>alert(1)</script>「條款」 (2020 年 1 月 1 日)"
    assert "\x07" not in made.html and "\x07" not in made.attachment_description


def test_the_standing_of_a_pdf_matches_its_version_page(kit, printer):
    ph, v1 = kit.ph("privacy"), kit.version("privacy", "2020.01.01")
    standing = unstamped(printer._standing(ph, v1, "en"))
    assert standing.startswith("Archived version of 1 January 2020: in force from")
    assert 'href="2020.06.01/"' in standing and 'href="../"' in standing  # from the PDF's folder


# ---------------------------------------------------------------- on every core


def test_the_pool_has_a_process_per_core_never_more_than_the_pdfs(monkeypatch):
    assert pdf.cores() == len(os.sched_getaffinity(0))  # (this process's cores, not the machine's)
    monkeypatch.delenv(pdf.WORKERS, raising=False)
    assert pdf.workers(100) == pdf.cores()
    assert pdf.POOL_FROM == 4 and pdf.workers(4) == min(4, pdf.cores())
    # A few PDFs: in process, no pool to start (it would cost more than it saves).
    assert [pdf.workers(0), pdf.workers(1), pdf.workers(2), pdf.workers(3)] == [1, 1, 1, 1]
    # POLICYSITE_PDF_WORKERS: that many, from 2 PDFs, still never more than the PDFs
    assert [pdf.workers(100, "3"), pdf.workers(2, "8"), pdf.workers(1, "8")] == [3, 2, 1]
    assert pdf.workers(100, "1") == 1
    monkeypatch.setenv(pdf.WORKERS, "1")
    assert pdf.workers(100) == 1
    for wrong in ("0", "-1", "two", "1.5", "²"):
        with pytest.raises(pdf.PdfError, match=r"POLICYSITE_PDF_WORKERS='.*' is not a number of processes"):
            pdf.workers(10, wrong)


def jobs(kit, printer, folder: Path) -> list[tuple[Path, Callable[[], pdf.Job]]]:
    """Two PDFs to make (the least a pool renders), each job made when the pool asks for it."""
    return [
        (folder / f"{lang}.pdf", functools.partial(job, kit, printer, "privacy", "2020.01.01", lang))
        for lang in ("en", "zh-TW")
    ]


def test_worker_processes_render_the_same_bytes_as_the_build_s_own(kit, printer, tmp_path, monkeypatch):
    monkeypatch.setenv(pdf.WORKERS, "2")
    wanted = jobs(kit, printer, tmp_path)
    pdf.render_all(wanted)  # two spawned workers
    for path, made in wanted:
        assert path.read_bytes() == pdf.render_pdf(made()), path.name
    assert multiprocessing.active_children() == []  # the pool ended with the call
    assert sorted(p.name for p in tmp_path.iterdir()) == ["en.pdf", "zh-TW.pdf"]  # (no temporary file)


def test_a_worker_s_error_is_the_build_s_clear_message(kit, printer, tmp_path, monkeypatch):
    """A worker without the CJK font (the workers read the environment as they start): the build
    stops with the message it gives when rendering in process, its type unchanged."""
    fonts = tmp_path / "fonts.conf"
    fonts.write_text(
        '<?xml version="1.0"?>\n<fontconfig><dir>/usr/share/fonts/truetype/dejavu</dir>'
        f"<cachedir>{tmp_path / 'fc-cache'}</cachedir></fontconfig>\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("FONTCONFIG_FILE", str(fonts))
    monkeypatch.setenv(pdf.WORKERS, "2")
    out = tmp_path / "pdfs"
    out.mkdir()
    with pytest.raises(pdf.PdfError) as raised:
        pdf.render_all(jobs(kit, printer, out))
    assert type(raised.value) is pdf.PdfError
    message = str(raised.value)
    assert message.startswith("the PDF of privacy-2020.01.01-en.md was rendered without 'Noto Sans CJK TC'")
    assert "apt-get install fonts-noto-cjk" in message and "pdf: false" in message
    assert list(out.iterdir()) == [] and multiprocessing.active_children() == []
