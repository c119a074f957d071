"""The PDFs (policysite.pages.pdf), in process: their addresses and links, what goes into a PDF's
HTML and metadata, its cache key, the links a reader of the PDF follows, and one real render of a
tiny PDF (WeasyPrint, read back with pypdf)."""

from __future__ import annotations

import dataclasses
import io
import xml.etree.ElementTree as ET

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
    return pdf.Printer(Renderer(), folder, BuildClock.at(EPOCH), timezone="Asia/Taipei", site_url=SITE_URL)


def job(kit, printer, policy: str, version: str, lang: str) -> pdf.Job:
    found = kit.version(policy, version)
    return printer.job(kit.ph(policy), found, lang, found.texts[lang])


def key(kit, printer, policy: str, version: str, lang: str) -> str:
    found = kit.version(policy, version)
    return printer.key(kit.ph(policy), found, lang, found.texts[lang])


def test_addresses_beside_the_version_pages():
    assert pdf.file_name("privacy", "2019.12.19", "zh-TW") == "privacy-2019.12.19-zh-TW.pdf"
    assert pdf.url("zh-TW", "privacy", "2019.12.19") == "/zh-TW/privacy/versions/privacy-2019.12.19-zh-TW.pdf"
    assert pdf.url("en", "privacy", "2019.12.19") == "/privacy/versions/privacy-2019.12.19-en.pdf"
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
    local = pdf.Printer(printer.renderer, printer.cache_dir, printer.clock)  # no site_url: relative
    assert (
        local._links('<a href="terms.md">a</a>', "en", "/privacy/versions/") == '<a href="../../terms/">a</a>'
    )


def test_the_cache_key_covers_every_input_and_the_build_clock(kit, printer, tmp_path):
    same = pdf.Printer(
        printer.renderer, tmp_path, BuildClock.at(EPOCH), timezone="Asia/Taipei", site_url=SITE_URL
    )
    assert key(kit, printer, "privacy", "2020.01.01", "en") == key(kit, same, "privacy", "2020.01.01", "en")
    keys = {
        key(kit, printer, "privacy", "2020.01.01", "en"),
        key(kit, printer, "privacy", "2020.01.01", "zh-TW"),
        key(kit, printer, "privacy", "2020.06.01", "en"),
        key(
            kit,
            pdf.Printer(
                printer.renderer,
                tmp_path,
                BuildClock.at(EPOCH + 1),
                timezone="Asia/Taipei",
                site_url=SITE_URL,
            ),
            "privacy",
            "2020.01.01",
            "en",
        ),
        key(
            kit,
            pdf.Printer(printer.renderer, tmp_path, BuildClock.at(EPOCH), timezone="UTC", site_url=SITE_URL),
            "privacy",
            "2020.01.01",
            "en",
        ),
        key(
            kit,
            pdf.Printer(printer.renderer, tmp_path, BuildClock.at(EPOCH), timezone="Asia/Taipei"),
            "privacy",
            "2020.01.01",
            "en",
        ),
    }
    assert len(keys) == 6
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
