"""Each page's language alternates (policysite.head): ``<link rel="alternate" hreflang>`` for every
language version static-i18n knows for the page's file (``file.alternates``) and ``x-default``,
absolute under ``site_url``; none without ``site_url``, for a page in one language or for the
error page.  Configurations and files are MkDocs' own."""

from __future__ import annotations

import jinja2
import pytest
from mkdocs.config import load_config
from mkdocs.structure.files import File
from mkdocs.structure.pages import Page

from policysite import head


def config_with(tmp_path, site_url: str = ""):
    (tmp_path / "docs").mkdir(exist_ok=True)
    (tmp_path / "mkdocs.yml").write_text(f"site_name: T\nsite_url: '{site_url}'\n", encoding="utf-8")
    return load_config(str(tmp_path / "mkdocs.yml"))


def page_of(cfg, src_uri: str, *alternates: str) -> Page:
    """A page whose file has static-i18n's ``alternates`` ({language: its file in that language})."""
    made = Page(None, File(src_uri, cfg.docs_dir, cfg.site_dir, True), cfg)
    if alternates:
        made.file.alternates = {  # type: ignore[attr-defined]
            uri.split("/")[0]: File(uri, cfg.docs_dir, cfg.site_dir, True) for uri in alternates
        }
    return made


def test_every_language_and_x_default_absolute(tmp_path):
    cfg = config_with(tmp_path, "https://x.test/sub/")
    page = page_of(cfg, "zh-TW/privacy.md", "en/privacy.md", "zh-TW/privacy.md")
    assert head.page_alternates(cfg, page, "en") == [
        {"lang": "en", "href": "https://x.test/sub/en/privacy/"},
        {"lang": "zh-TW", "href": "https://x.test/sub/zh-TW/privacy/"},
        {"lang": "x-default", "href": "https://x.test/sub/en/privacy/"},
    ]


def test_the_home_page(tmp_path):
    """The reference language's home page is the site's root (its file's URL: ``./``)."""
    cfg = config_with(tmp_path, "https://x.test/")
    home = page_of(cfg, "index.md")
    root, chinese = (
        File("index.md", cfg.docs_dir, cfg.site_dir, True),
        File("zh-TW/index.md", cfg.docs_dir, cfg.site_dir, True),
    )
    assert (root.url, chinese.url) == ("./", "zh-TW/")
    home.file.alternates = {"en": root, "zh-TW": chinese}
    assert head.page_alternates(cfg, home, "en") == [
        {"lang": "en", "href": "https://x.test/"},
        {"lang": "zh-TW", "href": "https://x.test/zh-TW/"},
        {"lang": "x-default", "href": "https://x.test/"},
    ]
    # x-default is the reference language's version, whichever language that is.
    assert head.page_alternates(cfg, home, "zh-TW")[-1] == {
        "lang": "x-default",
        "href": "https://x.test/zh-TW/",
    }


@pytest.mark.parametrize("case", ["no site_url", "no page", "no alternates", "one language", "no config"])
def test_no_alternates(tmp_path, case):
    cfg = config_with(tmp_path, "" if case == "no site_url" else "https://x.test/")
    page = {
        "no page": None,
        "no alternates": page_of(cfg, "en/privacy.md"),
        "one language": page_of(cfg, "en/privacy.md", "en/privacy.md"),
    }.get(case, page_of(cfg, "en/privacy.md", "en/privacy.md", "zh-TW/privacy.md"))
    assert head.page_alternates(None if case == "no config" else cfg, page, "en") == []


@pytest.mark.parametrize(
    ("url", "path"),
    [
        ("zh-TW/privacy/", "/zh-TW/privacy/"),
        ("/privacy/", "/privacy/"),
        ("./", "/"),
        (".", "/"),
        ("", "/"),
        ("././zh-TW/", "/zh-TW/"),
    ],
)
def test_a_file_s_url_as_a_site_path(url, path):
    assert head._site_path(url) == path


def test_install():
    env = jinja2.Environment()
    head.install(env, "ja")
    assert env.globals["policy_alternates"].func is head.page_alternates
    assert env.globals["policy_alternates"].keywords == {"reference": "ja"}
