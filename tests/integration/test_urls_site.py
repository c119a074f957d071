"""Addresses that survive leaving the site (issue 27, item 2), in real builds.

The audited site (``auditing``: two policies, three versions of one, PDFs on) is published at
``gitrepo.SITE_URL``: its sitemaps, feeds, ``versions.json`` and PDFs link back with absolute
URLs that name pages the build wrote; every page type says its canonical URL and its language
versions (``hreflang``, with ``x-default``); the error page in each language says neither.
A site with no ``site_url`` fails a strict build with a finding naming the setting, and a
non-strict one still builds, with relative addresses.
"""

from __future__ import annotations

import gzip
import json
import re
import shutil
import xml.etree.ElementTree as ET

import pytest
from auditing import LANGUAGES, VERSIONS, link_targets, pdf_url, reader
from gitrepo import SITE_URL, BuildResult, PolicyRepo, policy_text

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
ATOM = "{http://www.w3.org/2005/Atom}"
# Every page type, by its path in the reference language (the audited history's versions).
PAGE_TYPES = {
    "home": "",
    "policy": "privacy/",
    "versions list": "privacy/versions/",
    "version": f"privacy/versions/{VERSIONS[0]}/",
    "changes": f"privacy/changes/{VERSIONS[1]}/",
    "changelog": "changelog/",
    "translations": "translations/",
    "bilingual": "privacy/bilingual/",
}
_LINK = re.compile(r"<link\b[^>]*>")


@pytest.fixture(scope="module")
def built(audited_site) -> BuildResult:
    return audited_site[1]


def prefix(lang: str) -> str:
    return "" if lang == "en" else f"{lang}/"


def resolves(build: BuildResult, url: str) -> bool:
    """``url`` is an absolute address under SITE_URL of a file the build wrote (and of its #anchor)."""
    if not url.startswith(SITE_URL):
        return False
    path, _, fragment = url.partition("#")
    if not build.exists(path):
        return False
    return not fragment or f'id="{fragment}"' in build.page(path)


def head_links(html: str) -> list[dict[str, str]]:
    head = html.split("</head>", 1)[0]
    return [dict(re.findall(r'(\w[\w-]*)="([^"]*)"', tag)) for tag in _LINK.findall(head)]


# ---------------------------------------------------------------- files that leave the site


def test_sitemaps_hold_absolute_urls_of_built_pages_with_x_default(built):
    for path in ("sitemap.xml", "zh-TW/sitemap.xml"):
        root = ET.fromstring(built.path(path).read_bytes())
        entries = root.findall(f"{SITEMAP}url")
        assert len(entries) >= len(PAGE_TYPES), path
        for url in entries:
            loc = url.findtext(f"{SITEMAP}loc")
            assert resolves(built, loc), (path, loc)
            if path.startswith("zh-TW/"):
                assert loc.startswith(SITE_URL + "zh-TW/"), loc  # a folder's sitemap: its own pages
            alternates = {link.get("hreflang"): link.get("href") for link in url.findall(f"{XHTML}link")}
            assert set(alternates) == {"en", "zh-TW", "x-default"}, (loc, alternates)
            assert alternates["x-default"] == alternates["en"]
            assert all(resolves(built, href) for href in alternates.values()), alternates
    # The gzipped copy is the same sitemap.
    assert (
        gzip.decompress(built.path("sitemap.xml.gz").read_bytes()) == built.path("sitemap.xml").read_bytes()
    )


def test_feed_links_are_absolute_and_lead_to_built_pages(built):
    for lang in LANGUAGES:
        feed = ET.fromstring(built.path(f"{prefix(lang)}feed.xml").read_bytes())
        hrefs = {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")}
        assert hrefs == {
            "self": f"{SITE_URL}{prefix(lang)}feed.xml",
            "alternate": f"{SITE_URL}{prefix(lang)}changelog/",
        }
        entries = feed.findall(f"{ATOM}entry")
        assert len(entries) >= len(VERSIONS)
        for entry in entries:
            for link in entry.findall(f"{ATOM}link"):
                assert resolves(built, link.get("href")), link.get("href")
                assert link.get("href").startswith(f"{SITE_URL}{prefix(lang)}"), link.get("href")


def test_versions_json_gives_absolute_urls_of_built_files(built):
    index = json.loads(built.page("versions.json"))
    assert index["site_url"] == SITE_URL
    seen = 0
    for policy in index["policies"]:
        assert all(resolves(built, url) for url in policy["url"].values()), policy["url"]
        for version in policy["versions"]:
            assert all(resolves(built, url) for url in version["redline"].values()), version["redline"]
            for lang, text in version["languages"].items():
                for url in (text["url"], text["pdf"], *(state["url"] for state in text["states"])):
                    assert url.startswith(f"{SITE_URL}{prefix(lang)}") and resolves(built, url), url
                    seen += 1
    assert seen >= 3 * len(VERSIONS) * len(LANGUAGES)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_downloaded_pdf_links_to_pages_of_the_built_site(built, lang, tmp_path):
    """A PDF copied out of the site folder: every link into the site is absolute and names a page
    the build wrote (and the section it points at), so "read the current version" still works."""
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    copy = downloads / pdf_url(lang, VERSIONS[0]).rsplit("/", 1)[1]
    shutil.copyfile(built.path(pdf_url(lang, VERSIONS[0])), copy)
    uris, internal = link_targets(reader(downloads, copy.name))
    into_site = [uri for uri in uris if not uri.startswith(("https://example.com/", "mailto:"))]
    assert into_site, uris
    for uri in into_site:
        assert uri.startswith(SITE_URL), uri  # never relative: it would die outside the site
        assert resolves(built, uri), uri
    assert f"{SITE_URL}{prefix(lang)}privacy/" in into_site  # the archived notice: the current text
    assert f"{SITE_URL}{prefix(lang)}terms/#use" in into_site  # a link to another policy's section
    assert internal  # the in-page link stays in the PDF


# ---------------------------------------------------------------- the pages' heads


@pytest.mark.parametrize("kind", sorted(PAGE_TYPES))
@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_type_names_its_canonical_url_and_language_versions(built, kind, lang):
    path = PAGE_TYPES[kind]
    links = head_links(built.page(prefix(lang) + path))
    canonical = [link["href"] for link in links if link.get("rel") == "canonical"]
    assert canonical == [f"{SITE_URL}{prefix(lang)}{path}"], (kind, lang, canonical)
    alternates = {link["hreflang"]: link["href"] for link in links if "hreflang" in link}
    assert alternates == {
        "en": f"{SITE_URL}{path}",
        "zh-TW": f"{SITE_URL}zh-TW/{path}",
        "x-default": f"{SITE_URL}{path}",
    }, (kind, lang)
    assert all(resolves(built, href) for href in alternates.values())
    assert all(link.get("rel") == "alternate" for link in links if "hreflang" in link)


def test_the_error_pages_name_no_canonical_url_and_no_alternates(built):
    for path in ("404.html", "zh-TW/404.html"):
        links = head_links(built.path(path).read_text(encoding="utf-8"))
        assert not [link for link in links if link.get("rel") == "canonical" or "hreflang" in link], path


# ---------------------------------------------------------------- the error page in each language


def test_an_error_page_per_language_in_that_language(built):
    english = built.path("404.html").read_text(encoding="utf-8")
    chinese = built.path("zh-TW/404.html").read_text(encoding="utf-8")
    assert '<html lang="en"' in english and "<title>Page not found - " in english
    assert '<html lang="zh-TW"' in chinese and "<title>找不到此頁面 - " in chinese
    assert "404 - Not found" not in english + chinese
    assert '<meta name="robots" content="noindex">' in english and "noindex" in chinese
    # The Chinese page: Chinese words, menu and policies, every link into the Chinese site.
    block = chinese.split('<section class="policy-not-found"', 1)[1].split("</section>", 1)[0]
    assert "找不到此頁面" in block and "隱私權政策" in block and "使用條款" in block
    assert 'href="/zh-TW/privacy/"' in block and 'href="/zh-TW/"' in block
    assert chinese.count('data-policy-not-found="') == 1
    # The root page holds every language's block, the others hidden (the script picks one).
    assert re.search(r'<section class="policy-not-found" lang="en" data-policy-not-found="en">', english)
    assert re.search(r'lang="zh-TW" data-policy-not-found="zh-TW" hidden>', english)
    # Links from an error page: from the site's root path (a host serves it at any depth).
    for page in (english, chinese):
        menu = re.findall(r'<a href="([^"]*)" hreflang="([^"]+)"[^>]*class="md-select__link"', page)
        assert sorted(menu) == [("/", "en"), ("/zh-TW/", "zh-TW")], menu  # each language's home
        for href in re.findall(r'(?:href|src)="(/[^"]*)"', page):
            assert built.exists(href), href
        assert 'src="/assets/javascripts/not-found.js"' in page


# ---------------------------------------------------------------- no site_url


@pytest.fixture(scope="module")
def unpublished(tmp_path_factory) -> PolicyRepo:
    """A site whose mkdocs.yml names no site_url (as this project's own does)."""
    repo = PolicyRepo.create(
        tmp_path_factory.mktemp("no-site-url") / "repo", copy_policies=False, site_url=""
    )
    for lang, title in (("en", "Terms of Use"), ("zh-TW", "使用條款")):
        repo.write(lang, "terms", policy_text(title, "2020.01.01", "Text.\n\n## 1. Use {#use}\n\nUse it."))
    repo.commit("Terms", "2020-01-01T09:00:00Z")
    return repo


def test_a_strict_build_without_site_url_fails_naming_the_setting(unpublished):
    result = unpublished.build(strict=True)
    assert result.returncode != 0
    line = next(
        n
        for n, text in enumerate((unpublished.root / "mkdocs.yml").read_text().split("\n"), 1)
        if text.startswith("site_url:")
    )
    assert f"mkdocs.yml:{line}: warning: [config.site_url] site_url is empty" in result.output, result.output
    assert "set site_url to the address the site is published at" in result.output
    assert "Traceback" not in result.output


def test_a_build_without_site_url_still_works_with_relative_addresses(unpublished):
    result = unpublished.build(strict=False)
    assert result.ok, result.output
    assert "[config.site_url]" in result.output  # (said, and not failing a non-strict build)
    page = result.page("terms/")
    links = head_links(page)
    assert not [link for link in links if link.get("rel") == "canonical" or "hreflang" in link]
    assert "alternates.js" not in page
    # The feeds link relative to their own folder (a feed reader resolves them against the feed).
    feed = ET.fromstring(result.path("zh-TW/feed.xml").read_bytes())
    hrefs = [link.get("href") for link in feed.iter(f"{ATOM}link")]
    assert "changelog/" in hrefs and "terms/changes/2020.01.01/" in hrefs, hrefs
    index = json.loads(result.page("versions.json"))
    assert index["site_url"] == "" and index["policies"][0]["url"] == {
        "en": "/terms/",
        "zh-TW": "/zh-TW/terms/",
    }
    locs = [
        loc.text for loc in ET.fromstring(result.path("zh-TW/sitemap.xml").read_bytes()).iter(f"{SITEMAP}loc")
    ]
    assert locs and not any("://" in loc for loc in locs), locs
