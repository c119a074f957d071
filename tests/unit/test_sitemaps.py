"""The sitemaps (policysite.sitemaps), on sitemap.xml files written as MkDocs and static-i18n write
them: ``x-default`` added to every URL with language alternates (the .gz rewritten with MkDocs'
time), a sitemap per language folder with that language's URLs, absolute under ``site_url`` or,
without one, relative to the folder; nothing written when there is nothing to read."""

from __future__ import annotations

import gzip
import struct

import pytest

from policysite import sitemaps

HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
    'xmlns:xhtml="http://www.w3.org/1999/xhtml">\n'
)


def url(loc: str, *alternates: tuple[str, str]) -> str:
    links = "".join(
        f'<xhtml:link rel="alternate" hreflang="{lang}" href="{href}"/>' for lang, href in alternates
    )
    return f"<url><loc>{loc}</loc><lastmod>2024-01-01</lastmod>{links}</url>\n"


def link(lang: str, href: str) -> str:
    return f'    <xhtml:link rel="alternate" hreflang="{lang}" href="{href}" />\n'


def entry(loc: str, *links: str) -> str:
    return f"  <url>\n    <loc>{loc}</loc>\n    <lastmod>2024-01-01</lastmod>\n{''.join(links)}  </url>\n"


BASE = "https://x.test/sub/"
BOTH = (("en", BASE + "privacy/"), ("zh-TW", BASE + "zh-TW/privacy/"))


@pytest.fixture
def site(tmp_path):
    (tmp_path / "sitemap.xml").write_text(
        HEAD
        + url(BASE + "privacy/", *BOTH)
        + url(BASE + "zh-TW/privacy/", *BOTH)
        + url(BASE + "changelog/")
        + url(BASE + "zh-TW/changelog/")
        + "</urlset>\n",
        encoding="utf-8",
    )
    with gzip.GzipFile(tmp_path / "sitemap.xml.gz", "wb", mtime=1234567) as gz:
        gz.write(b"old")
    return tmp_path


def test_x_default_and_a_sitemap_per_language_folder(site):
    assert sitemaps.write_language_sitemaps(site, ("en", "zh-TW"), BASE) == [site / "zh-TW" / "sitemap.xml"]
    alternates = (
        link("en", BASE + "privacy/")
        + link("zh-TW", BASE + "zh-TW/privacy/")
        + link("x-default", BASE + "privacy/")
    )
    assert (site / "sitemap.xml").read_text(encoding="utf-8") == (
        HEAD
        + entry(BASE + "privacy/", alternates)
        + entry(BASE + "zh-TW/privacy/", alternates)
        + entry(BASE + "changelog/")
        + entry(BASE + "zh-TW/changelog/")
        + "</urlset>\n"
    )
    assert (site / "zh-TW" / "sitemap.xml").read_text(encoding="utf-8") == (
        HEAD + entry(BASE + "zh-TW/privacy/", alternates) + entry(BASE + "zh-TW/changelog/") + "</urlset>\n"
    )
    packed = (site / "sitemap.xml.gz").read_bytes()
    assert gzip.decompress(packed) == (site / "sitemap.xml").read_bytes()
    assert struct.unpack("<I", packed[4:8])[0] == 1234567  # MkDocs' time kept: reproducible


def test_a_second_run_leaves_the_root_sitemap_alone(site):
    sitemaps.write_language_sitemaps(site, ("en", "zh-TW"), BASE)
    before = (site / "sitemap.xml").stat().st_mtime_ns, (site / "sitemap.xml.gz").read_bytes()
    assert sitemaps.write_language_sitemaps(site, ("en", "zh-TW"), BASE) == [site / "zh-TW" / "sitemap.xml"]
    assert ((site / "sitemap.xml").stat().st_mtime_ns, (site / "sitemap.xml.gz").read_bytes()) == before


def test_one_language_writes_no_folder_sitemap(site):
    assert sitemaps.write_language_sitemaps(site, ("en",), BASE) == []
    assert not (site / "zh-TW").exists()


def test_without_site_url_addresses_are_relative_to_each_sitemap(tmp_path):
    both = (("en", "privacy/"), ("zh-TW", "zh-TW/privacy/"))
    (tmp_path / "sitemap.xml").write_text(
        HEAD + url("privacy/", *both) + url("zh-TW/privacy/", *both) + "</urlset>\n", encoding="utf-8"
    )
    sitemaps.write_language_sitemaps(tmp_path, ("en", "zh-TW"))
    relative = link("en", "../privacy/") + link("zh-TW", "privacy/") + link("x-default", "../privacy/")
    assert (tmp_path / "zh-TW" / "sitemap.xml").read_text(encoding="utf-8") == (
        HEAD + entry("privacy/", relative) + "</urlset>\n"
    )


@pytest.mark.parametrize(
    ("address", "folder", "expected"),
    [
        ("zh-TW/privacy/", "zh-TW/", "privacy/"),
        ("zh-TW/", "zh-TW/", "./"),
        ("privacy/", "zh-TW/", "../privacy/"),
        ("/privacy/", "zh-TW/", "/privacy/"),
        ("https://x.test/privacy/", "zh-TW/", "https://x.test/privacy/"),
    ],
)
def test_relative(address, folder, expected):
    assert sitemaps._relative(address, folder) == expected


def test_nothing_to_read_writes_nothing(tmp_path):
    assert sitemaps.write_language_sitemaps(tmp_path, ("en", "zh-TW"), BASE) == []
    (tmp_path / "sitemap.xml").write_text("<urlset><url>", encoding="utf-8")
    assert sitemaps.write_language_sitemaps(tmp_path, ("en", "zh-TW"), BASE) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sitemap.xml"]


def test_x_default_only_for_a_page_with_alternates_including_the_reference(tmp_path):
    (tmp_path / "sitemap.xml").write_text(
        HEAD
        + url(BASE + "a/", ("en", BASE + "a/"))  # one language: no alternate
        + url(BASE + "zh-TW/b/", ("zh-TW", BASE + "zh-TW/b/"), ("ja", BASE + "ja/b/"))  # no English
        + url(BASE + "c/", ("en", BASE + "c/"), ("zh-TW", BASE + "zh-TW/c/"), ("x-default", BASE + "c/"))
        + "</urlset>\n",
        encoding="utf-8",
    )
    before = (tmp_path / "sitemap.xml").read_bytes()
    sitemaps.write_language_sitemaps(tmp_path, ("en", "zh-TW"), BASE)
    assert (tmp_path / "sitemap.xml").read_bytes() == before  # (nothing to add: not rewritten)
