"""The error page in every language (policysite.pages.not_found): its words, the policies in force,
the archive the script reads to suggest the nearest versions, links under the site's path, and
where each language's page is kept."""

from __future__ import annotations

import html
import json
import re

import pytest
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import PluginCollection
from mkdocs_static_i18n.plugin import I18n
from unit import pagekit
from unit.pagekit import EVIL_EN, hrefs, unstamped

from policysite.pages import not_found


@pytest.fixture(scope="module")
def pages() -> not_found.NotFound:
    kit = pagekit.kit()
    return not_found.NotFound(kit.site.corpus, kit.site.history, kit.site.languages)


def sections(markup: str) -> list[tuple[str, str, str]]:
    """(lang, hidden, content) of each language's block."""
    return re.findall(
        r'<section class="policy-not-found" lang="([\w-]+)" data-policy-not-found="[\w-]+"( hidden)?>\n'
        r"(.*?)</section>",
        markup,
        re.DOTALL,
    )


def data(block: str, name: str) -> dict:
    return json.loads(html.unescape(re.search(rf'data-policy-{name}="([^"]*)"', block).group(1)))


def test_the_reference_languages_page_holds_every_language_the_others_hidden(pages):
    found = sections(unstamped(pages.content("en", "/")))
    assert [(lang, hidden) for lang, hidden, _ in found] == [("en", ""), ("zh-TW", " hidden")]
    en = found[0][2]
    assert "<h1>Page not found</h1>" in en and "<h2>Policies</h2>" in en
    assert re.findall(r'<li><a href="([^"]*)"', en) == [
        "/accessibility/",
        "/cookie-policy/",
        "/data/",
        "/evil/",
        "/future/",
        "/legal/imprint/",
        "/privacy/",
        "/security/",
    ]  # as the home page lists them: the future policy too (to take effect), not the retired terms
    assert en.endswith('<p><a href="/">Home page</a> · <a href="/changelog/">Changelog</a></p>\n')


def test_another_languages_page_under_the_sites_path(pages):
    [(lang, hidden, zh)] = sections(unstamped(pages.content("zh-TW", "/legal/")))
    assert (lang, hidden) == ("zh-TW", "")
    assert "<h1>找不到此頁面</h1>" in zh
    assert '<li><a href="/legal/zh-TW/data/" lang="en">Data Policy</a></li>' in zh  # pending: English
    assert '<li><a href="/legal/zh-TW/privacy/">隱私權政策</a></li>' in zh
    assert hrefs(zh)[-2:] == ["/legal/zh-TW/", "/legal/zh-TW/changelog/"]
    # An unknown language gets the reference language's page.
    assert sections(unstamped(pages.content("fr", "/")))[0][0] == "en"


def test_the_archive_and_the_words_the_script_reads(pages):
    [(_, _, zh)] = sections(unstamped(pages.content("zh-TW", "/legal/")))
    archive = data(zh, "archive")
    assert archive["terms"] == {"title": "Terms of Use", "versions": "/legal/zh-TW/terms/versions/"}
    assert archive["future"] == {"title": "未來政策", "versions": "/legal/zh-TW/future/versions/"}
    assert set(archive) == set(pagekit.POLICIES)
    assert data(zh, "labels")["not_found_version"] == "{title}沒有日期為 {date} 的版本。"


def test_a_hostile_title_is_escaped_in_the_list_and_in_the_data(pages):
    markup = str(pages.content("en", "/"))
    assert "<script>" not in markup
    en = sections(unstamped(markup))[0][2]
    assert data(en, "archive")["evil"]["title"] == EVIL_EN
    assert '<li><a href="/evil/">&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; ' in en


def test_title_and_home_of_each_language():
    assert not_found.title("zh-TW", "en") == "找不到此頁面"
    assert not_found.title("xx", "en") == "Page not found"
    assert not_found.title("xx", "ja") == "ページが見つかりません"
    assert not_found.language_home("zh-TW", "/legal/", "en") == "/legal/zh-TW/"
    assert not_found.language_home("en", "/", "en") == "/"
    assert (not_found.language_home("ja", "/", "ja"), not_found.language_home("en", "/", "ja")) == (
        "/",
        "/en/",
    )


def test_the_language_being_built_is_static_i18ns():
    config = MkDocsConfig()
    config["plugins"] = PluginCollection()
    assert not_found.building(config, ("en", "zh-TW")) == "en"  # without static-i18n
    i18n = I18n()
    config["plugins"]["i18n"] = i18n
    i18n.current_language = "zh-TW"
    assert not_found.building(config, ("en", "zh-TW")) == "zh-TW"
    i18n.current_language = "fr"  # not one of the site's
    assert not_found.building(config, ("en", "zh-TW")) == "en"


def test_each_languages_page_is_kept_in_its_folder(tmp_path):
    assert not_found.place("<p>en</p>", "404.html", str(tmp_path), "en", "en") == "<p>en</p>"
    assert not_found.place("<p>zh</p>", "404.html", str(tmp_path), "zh-TW", "en") == ""
    assert (tmp_path / "zh-TW" / "404.html").read_text(encoding="utf-8") == "<p>zh</p>"
    assert not_found.place("<p>x</p>", "main.html", str(tmp_path), "zh-TW", "en") == "<p>x</p>"
    assert not_found.place("  ", "404.html", str(tmp_path), "ja", "en") == "  "
    assert not (tmp_path / "ja").exists()


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_the_error_page_lists_what_the_home_page_lists(lang):
    """One rule (pages.home.listed) for both: the same policies, the same titles."""
    from policysite import escaping
    from policysite.pages import home

    kit = pagekit.kit()
    pages = not_found.NotFound(kit.site.corpus, kit.site.history, kit.site.languages)
    [(_, _, block)] = (
        sections(unstamped(pages.content(lang, "/")))
        if lang != "en"
        else [sections(unstamped(pages.content(lang, "/")))[0]]
    )
    home_page = unstamped(home.policy_list(kit.site, lang))
    titles = re.findall(r'<li><a href="[^"]*"(?: lang="[\w-]+")?>([^<]*)</a></li>', block)
    assert titles and all(html.unescape(title) in html.unescape(home_page) for title in titles)
    listed = home.listed(kit.site.corpus, kit.site.history, lang)
    # (as every page writes text: without the controls a hostile title carries)
    assert [html.unescape(title) for title in titles] == [escaping.xml_text(item.title) for item in listed]
