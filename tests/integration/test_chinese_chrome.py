"""A finished Chinese site (issue 27, item 6): on every Chinese page, the theme's words and the
site's own are Chinese, with full-width punctuation; the policy text is published as written.

Every built zh-TW page (and the zh-TW PDFs) of a real build is read as a reader meets it (text,
and the titles and labels of its controls) and searched for Material's English words
(``chrome_words.THEME_STRINGS``), for the site's own English phrases (``locales/en.yml``) and for
``:`` ``,`` ``;`` ``?`` right after a CJK character.  What the policy texts themselves write
(every version of every source, every commit message: ``chrome_words.sources_of``) is theirs
and stays as written: the test policy's "說明:" proves the scan reads it and lets it be.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from auditing import reader
from chrome_words import (
    english_site_words,
    english_theme_strings,
    half_width_after_cjk,
    page_words,
    site_words,
    sources_of,
)
from gitrepo import SITE_URL, PolicyRepo, run_policy

from policysite import languages, render, theme_words

_LANG = re.compile(r'<html\s[^>]*\blang="([^"]+)"')


@pytest.fixture(scope="module")
def built(audited_site):
    """The three-version history of ``auditing`` in both languages, built with its PDFs."""
    audited, result = audited_site
    return result.site, sources_of(audited.repo.root)


def pages_in(site: Path, lang: str) -> dict[str, str]:
    """Every built page in ``lang`` (by its ``<html lang>``), by its path in the site."""
    found = {}
    for path in sorted(site.rglob("*.html")):
        html = path.read_text(encoding="utf-8")
        match = _LANG.search(html)
        if match and match.group(1) == lang:
            found[path.relative_to(site).as_posix()] = html
    return found


def problems(words: str, sources: str, cjk: bool = True) -> list[str]:
    """What a page in Chinese (or Japanese) must not say: the theme's English, the site's English,
    half-width punctuation after CJK in the site's own words."""
    found = [f"theme string {s!r}" for s in english_theme_strings(words)]
    found += [f"site phrase {s!r}" for s in english_site_words(words, sources)]
    if cjk:
        found += [f"half-width {s!r}" for s in site_words(half_width_after_cjk(words), sources)]
    return found


def test_every_chinese_page_is_chinese_outside_the_policy_text(built):
    site, sources = built
    pages = pages_in(site, "zh-TW")
    assert len(pages) >= 15, sorted(pages)  # home, changelog, translations, every page of two policies
    found = {path: problems(page_words(html), sources) for path, html in pages.items()}
    assert not {path: found for path, found in found.items() if found}
    # The scan reads the policy text too, and leaves what it writes as it is.
    words = page_words(pages["zh-TW/privacy/versions/2020.06.01/index.html"])
    assert "明:" in half_width_after_cjk(words) and not site_words(half_width_after_cjk(words), sources)


def test_the_english_pages_have_the_words_the_scan_looks_for(built):
    """The same scan finds the theme's words on the English pages: the list is the theme's."""
    site, _ = built
    words = page_words((site / "privacy" / "index.html").read_text(encoding="utf-8"))
    for said in ("Switch to dark mode", "Switch to light mode", "Permanent link", "Made with", "Back to top"):
        assert said in english_theme_strings(words), said


def test_the_theme_words_are_chinese_on_chinese_pages(built):
    site, _ = built
    html = (site / "zh-TW" / "privacy" / "index.html").read_text(encoding="utf-8")
    assert 'title="切換至深色模式"' in html and 'aria-label="切換至淺色模式"' in html
    assert html.count('class="headerlink"') == html.count('title="永久連結"') > 3
    assert re.search(r"以\s*<a [^>]*>Material for MkDocs</a>\s*製作", html)
    assert "回到頂端" in html and 'placeholder="搜尋"' in html  # Material's own zh-TW table


def test_the_chinese_pdfs_say_the_sites_words_in_chinese(built):
    site, sources = built
    pdfs = sorted((site / "zh-TW").rglob("*-zh-TW.pdf"))
    assert len(pdfs) == 4, pdfs  # three versions of the privacy policy, one of the terms
    for path in pdfs:
        pdf = reader(site, path.relative_to(site).as_posix())
        words = "\n".join(page.extract_text() for page in pdf.pages)
        assert "第 1 頁，共" in words, path.name  # the site's own words, read back
        assert not problems(words, sources), (path.name, problems(words, sources))


# ---------------------------------------------------------------- any site: policy init


@pytest.fixture(scope="module")
def initialized(tmp_path_factory):
    """A site made by ``policy init`` in three languages, built strictly (without PDFs)."""
    repo = PolicyRepo.init(tmp_path_factory.mktemp("init") / "site")
    made = run_policy(["init", "--languages", "en,zh-TW,ja", "--site-name", "Acme"], cwd=repo.root)
    assert made.returncode == 0, made.output
    settings = repo.root.joinpath("mkdocs.yml").read_text(encoding="utf-8")
    settings = settings.replace("pdf: true", "pdf: false")  # (the PDFs are read above)
    settings = settings.replace('site_url: ""', 'site_url: "https://policies.example.org/"')
    repo.write_file("mkdocs.yml", settings)
    repo.set_site_url(SITE_URL)  # (policy init leaves it empty: a strict build needs the address)
    repo.commit("A new policy site", date="2020-01-01T12:00:00Z")
    result = repo.build(strict=True, env={"SOURCE_DATE_EPOCH": "1577880000"})
    assert result.ok, result.output
    return result.site, sources_of(repo.root)


@pytest.mark.parametrize("lang", ["zh-TW", "ja"])
def test_a_site_made_by_policy_init_speaks_each_language(initialized, lang):
    site, sources = initialized
    pages = pages_in(site, lang)
    assert len(pages) >= 5, sorted(pages)
    found = {path: problems(page_words(html), sources) for path, html in pages.items()}
    assert not {path: found for path, found in found.items() if found}
    home = pages[f"{lang}/index.html"]
    dark = {"zh-TW": "切換至深色模式", "ja": "ダークモードに切り替え"}[lang]
    assert f'title="{dark}"' in home  # policy init's palette: the plugin names its toggles


# ---------------------------------------------------------------- the plugin's functions

LIGHT_DARK = [
    {"media": "(prefers-color-scheme: light)", "scheme": "default", "toggle": {"icon": "x"}},
    {"media": "(prefers-color-scheme: dark)", "scheme": "slate", "toggle": {"icon": "y", "name": "Go dark"}},
]


def test_a_toggle_is_named_for_the_scheme_it_switches_to():
    assert theme_words.palette_name(LIGHT_DARK, 0, "zh-TW", "en") == "切換至深色模式"
    assert theme_words.palette_name(LIGHT_DARK, 1, "zh-TW", "en") == "切換至淺色模式"
    assert theme_words.palette_name(LIGHT_DARK, 0, "en", "en") == "Switch to dark mode"
    # mkdocs.yml's names are the reference language's: kept on English pages only.
    assert theme_words.palette_name(LIGHT_DARK, 1, "en", "en") == "Go dark"
    assert theme_words.palette_name(LIGHT_DARK, 1, "ja", "en") == "ライトモードに切り替え"
    three = [{"media": "(prefers-color-scheme)", "toggle": {"icon": "a"}}, *LIGHT_DARK]
    assert theme_words.palette_name(three, 2, "zh-TW", "en") == "切換至依系統設定"
    custom = [{"scheme": "sepia", "toggle": {"name": "Sepia"}}, {"scheme": "paper", "toggle": {}}]
    assert (
        theme_words.palette_name(custom, 0, "zh-TW", "en") == "Sepia"
    )  # a scheme of the site's own: its name
    assert theme_words.palette_name(custom, 1, "zh-TW", "en") == ""
    assert theme_words.palette_name(LIGHT_DARK, 0, "xx", "en") == "Switch to dark mode"  # no words in "xx"


def test_permalinks_are_titled_in_the_pages_language_and_only_they():
    renderer = render.Renderer()
    html = renderer.html("## General {#general}\n\n[Permanent link](#general)\n")
    chinese = theme_words.permalinks(html, renderer.permalink, "zh-TW", "en")
    assert '<a class="headerlink" href="#general" title="永久連結">' in chinese
    assert ">Permanent link</a>" in chinese  # a source's link is text, whatever it says
    assert theme_words.permalinks(html, renderer.permalink, "en", "en") == html
    assert languages.language_of("zh-TW/privacy/versions/2020.01.01.md", ("en", "zh-TW")) == "zh-TW"
    assert languages.language_of("privacy.md", ("en", "zh-TW")) == "en"
    assert languages.language_of("zh-TW/x.md", ("en",)) == "en"
