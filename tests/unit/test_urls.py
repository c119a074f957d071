"""The site's addresses (policysite.urls): site paths, relative links between pages, the absolute
URLs of the files that leave the site, language alternates, and the finding about ``site_url``."""

from __future__ import annotations

import pytest

from policysite import urls
from policysite.diagnostics import Severity

SITE = "https://policies.example.test/"
SUB = "https://policies.example.test/legal/"


def test_site_paths_put_other_languages_in_their_folder():
    assert urls.site_path("en", reference="en") == "/"
    assert urls.site_path("zh-TW", reference="en") == "/zh-TW/"
    assert urls.site_path("en", "privacy", reference="en") == "/privacy/"
    assert (
        urls.site_path("zh-TW", "privacy", "versions", "2019.12.19", reference="en")
        == "/zh-TW/privacy/versions/2019.12.19/"
    )
    assert (
        urls.site_path("en", "security/access", "", "changes", reference="en") == "/security/access/changes/"
    )


def test_the_reference_language_is_at_the_root_whichever_it_is():
    assert urls.site_path("ja", "privacy", reference="ja") == "/privacy/"
    assert urls.site_path("en", "privacy", reference="ja") == "/en/privacy/"
    assert urls.site_path("zh-TW", "changelog", reference="zh-TW") == "/changelog/"


@pytest.mark.parametrize(
    "here,there,expected",
    [
        ("/privacy/", "/privacy/", "./"),
        ("/privacy/versions/", "/privacy/", "../"),
        ("/privacy/", "/zh-TW/privacy/", "../zh-TW/privacy/"),
        ("/zh-TW/privacy/versions/2020.01.01/", "/terms/", "../../../../terms/"),
        ("/", "/versions.json", "./versions.json"),
        ("/zh-TW/", "/zh-TW/feed.xml", "./feed.xml"),
        ("/privacy/versions/", "/privacy/versions/privacy-2020.01.01-en.pdf", "./privacy-2020.01.01-en.pdf"),
    ],
)
def test_relative_links_between_site_paths(here, there, expected):
    assert urls.relative(here, there) == expected


def test_absolute_urls_under_site_url_with_or_without_a_sub_path():
    assert urls.absolute(SITE, "/privacy/") == "https://policies.example.test/privacy/"
    assert urls.absolute(SUB, "/zh-TW/feed.xml") == "https://policies.example.test/legal/zh-TW/feed.xml"
    assert urls.absolute("https://policies.example.test/legal", "/terms/#use") == (
        "https://policies.example.test/legal/terms/#use"
    )
    assert urls.absolute(SITE, "/") == SITE


def test_without_site_url_an_address_is_a_site_path_or_relative_to_its_file():
    assert urls.absolute("", "/privacy/") == "/privacy/"
    assert urls.absolute("  ", "/privacy/", here="/zh-TW/") == "../privacy/"
    assert (
        urls.absolute("", "/zh-TW/privacy/changes/2020.01.01/", here="/zh-TW/")
        == "privacy/changes/2020.01.01/"
    )
    assert urls.absolute("", "/terms/#use", here="/privacy/versions/") == "../../terms/#use"
    assert urls.absolute("", "/privacy/?on=2020-01-01", here="/") == "privacy/?on=2020-01-01"


def test_an_address_of_the_site_goes_back_to_its_site_path():
    assert (
        urls.to_site_path("https://policies.example.test/legal/privacy/versions/", SUB)
        == "/privacy/versions/"
    )
    assert urls.to_site_path(SUB, SUB) == "/"
    assert urls.to_site_path("/zh-TW/privacy/", SUB) == "/zh-TW/privacy/"
    assert urls.to_site_path("https://elsewhere.example.test/privacy/", SUB) is None
    assert urls.to_site_path("https://policies.example.test/other/", SUB) is None
    assert urls.to_site_path("//policies.example.test/privacy/", SITE) is None
    for url in ("/privacy/", "/zh-TW/privacy/versions/2020.01.01/"):
        assert urls.to_site_path(urls.absolute(SUB, url), SUB) == url


def test_is_absolute_needs_a_scheme_and_a_host():
    assert urls.is_absolute("https://policies.example.test/")
    assert not urls.is_absolute("/privacy/")
    assert not urls.is_absolute("../privacy/")
    assert not urls.is_absolute("mailto:privacy@example.test")


def test_the_root_an_error_page_links_from_is_the_path_of_site_url():
    assert urls.root_path(SUB) == "/legal/"
    assert urls.root_path("https://policies.example.test/legal") == "/legal/"
    assert urls.root_path(SITE) == "/"
    assert urls.root_path("") == "/"


def test_alternates_name_every_language_and_x_default_absolutely():
    found = urls.alternates(SUB, {"zh-TW": "/zh-TW/privacy/", "en": "/privacy/"}, "en")
    assert found == [
        {"lang": "en", "href": "https://policies.example.test/legal/privacy/"},
        {"lang": "zh-TW", "href": "https://policies.example.test/legal/zh-TW/privacy/"},
        {"lang": "x-default", "href": "https://policies.example.test/legal/privacy/"},
    ]
    assert [
        a["lang"] for a in urls.alternates(SITE, {"en": "/", "zh-TW": "/zh-TW/", "ja": "/ja/"}, "en")
    ] == [
        "en",
        "ja",
        "zh-TW",
        "x-default",
    ]


def test_no_alternates_without_site_url_or_for_a_page_in_one_language():
    assert urls.alternates("", {"en": "/privacy/", "zh-TW": "/zh-TW/privacy/"}, "en") == []
    assert urls.alternates(SITE, {"en": "/privacy/"}, "en") == []
    # (no reference-language version: no x-default, the others still listed)
    assert urls.alternates(SITE, {"zh-TW": "/zh-TW/a/", "ja": "/ja/a/"}, "en")[-1]["lang"] == "zh-TW"
    # x-default: the reference language's version, whichever it is
    japanese_first = urls.alternates(SITE, {"ja": "/a/", "en": "/en/a/"}, "ja")
    assert japanese_first[-1] == {"lang": "x-default", "href": SITE + "a/"}


def test_an_empty_site_url_is_a_problem_naming_the_setting_and_what_breaks():
    problem = urls.site_url_problem("")
    assert problem is not None and problem.startswith("site_url is empty")
    for word in ("PDFs", "feeds", "sitemaps", "versions.json", "relative"):
        assert word in problem, word
    assert urls.site_url_problem("  ") == problem
    assert "not an http(s) address" in (urls.site_url_problem("policies.example.test") or "")
    assert urls.site_url_problem(SITE) is None
    assert urls.site_url_problem(SUB) is None


def test_the_finding_is_a_warning_at_the_line_of_mkdocs_yml(tmp_path):
    config = tmp_path / "mkdocs.yml"
    config.write_text('site_name: Acme\nsite_description: x\nsite_url: ""\nstrict: false\n', encoding="utf-8")
    finding = urls.site_url_finding(config, "")
    assert finding is not None
    assert (finding.file, finding.line, finding.code, finding.severity) == (
        "mkdocs.yml",
        3,
        "config.site_url",
        Severity.WARNING,
    )
    assert finding.text().startswith("mkdocs.yml:3: warning: [config.site_url] site_url is empty")
    assert finding.fails(strict=True) and not finding.fails(strict=False)
    assert urls.site_url_finding(config, SITE) is None
    # No site_url line (MkDocs' default is none): the finding is at the top of the file.
    config.write_text("site_name: Acme\n", encoding="utf-8")
    assert urls.site_url_finding(config, "").line == 1
    assert urls.site_url_finding(tmp_path / "absent.yml", "").line == 1
