"""The theme's words in each page's language (policysite.theme_words): the palette toggles' names
(what each switches to; mkdocs.yml's name kept on English pages), the generator credit, the
permalinks' title in the page's language, and the language of a staged page."""

from __future__ import annotations

import jinja2
import pytest
from markupsafe import Markup

from policysite import locale, render, sanitize, theme_words

LIGHT = {
    "media": "(prefers-color-scheme: light)",
    "scheme": "default",
    "toggle": {"icon": "material/weather-night"},
}
DARK = {
    "media": "(prefers-color-scheme: dark)",
    "scheme": "slate",
    "toggle": {"icon": "material/weather-sunny"},
}
SYSTEM = {"media": "(prefers-color-scheme)", "toggle": {"icon": "material/brightness-auto"}}


def named(option: dict, name: str) -> dict:
    return {**option, "toggle": {**option["toggle"], "name": name}}


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("en", "en"), ("zh-TW", "zh-TW"), ("ja", "ja"), ("fr", "en"), (None, "en"), (3, "en")],
)
def test_spoken(lang, expected):
    assert theme_words.spoken(lang, "en") == expected
    assert theme_words.spoken(lang, "ja") == (expected if expected != "en" or lang == "en" else "ja")


@pytest.mark.parametrize("lang", ["en", "zh-TW", "ja"])
def test_a_toggle_is_named_for_the_scheme_it_switches_to(lang):
    palette = [LIGHT, DARK]
    assert theme_words.palette_name(palette, 0, lang, "en") == locale.text(lang, "theme_palette_dark")
    assert theme_words.palette_name(palette, 1, lang, "en") == locale.text(lang, "theme_palette_light")
    three = [SYSTEM, LIGHT, DARK]
    assert theme_words.palette_name(three, 0, lang, "en") == locale.text(lang, "theme_palette_light")
    assert theme_words.palette_name(three, 2, lang, "en") == locale.text(lang, "theme_palette_system")


def test_mkdocs_yml_s_name_is_the_english_one():
    palette = [named(LIGHT, "Lights off"), named(DARK, "Lights on")]
    assert theme_words.palette_name(palette, 0, "en", "en") == "Lights off"
    assert theme_words.palette_name(palette, 1, "fr", "en") == "Lights on"  # (no words: the reference's)
    assert theme_words.palette_name(palette, 0, "zh-TW", "en") == "切換至深色模式"
    assert theme_words.palette_name(palette, 1, "zh-TW", "en") == "切換至淺色模式"
    # On a site written in Japanese first, mkdocs.yml's names are the Japanese pages' own.
    assert theme_words.palette_name(palette, 0, "ja", "ja") == "Lights off"
    assert theme_words.palette_name(palette, 0, "en", "ja") == "Switch to dark mode"


def test_a_scheme_the_site_has_no_word_for_keeps_its_name():
    palette = [named(LIGHT, "Sepia"), {"scheme": "sepia", "toggle": {"name": "Sepia"}}]
    assert theme_words.palette_name(palette, 0, "zh-TW", "en") == "Sepia"
    assert theme_words.palette_name([LIGHT, {"scheme": "sepia", "toggle": None}], 0, "ja", "en") == ""
    assert theme_words.palette_name([{"scheme": "slate"}, {}], 0, "en", "en") == "Switch to light mode"


@pytest.mark.parametrize(
    ("lang", "before", "after"),
    [("en", "Made with ", ""), ("zh-TW", "以 ", " 製作"), ("fr", "Made with ", "")],
)
def test_the_credit(lang, before, after):
    credit = theme_words.made_with(lang, "en")
    assert isinstance(credit, Markup)
    assert str(credit) == (
        f'{before}<a href="{theme_words.MATERIAL}" target="_blank" rel="noopener">'
        f"Material for MkDocs</a>{after}"
    )


def test_permalinks_are_titled_in_the_page_s_language():
    renderer = render.Renderer()
    html = sanitize.clean(renderer.html('## A {#a}\n\nSome "title" text.\n\n## B {#b}\n'))
    assert theme_words.permalinks(html, renderer.permalink, "zh-TW", "en") == (
        '<h2 id="a">A<a class="headerlink" href="#a" title="永久連結">¶</a></h2>\n'
        '<p>Some "title" text.</p>\n'
        '<h2 id="b">B<a class="headerlink" href="#b" title="永久連結">¶</a></h2>'
    )
    assert theme_words.permalinks(html, renderer.permalink, "en", "en") == html  # mkdocs.yml's title
    assert theme_words.permalinks(html, renderer.permalink, "ja", "ja") == html  # (the reference's)
    assert theme_words.permalinks(html, renderer.permalink, "fr", "en") == html
    assert theme_words.permalinks(html, None, "zh-TW", "en") == html  # (no permalinks configured)
    japanese = theme_words.permalinks(html, renderer.permalink, "ja", "en")
    assert japanese.count(f'title="{locale.text("ja", "theme_permalink")}"') == 2


def test_install():
    env = jinja2.Environment()
    theme_words.install(env, "en")
    assert env.globals["policy_palette_name"]([named(LIGHT, "Lights off"), DARK], 0, "en") == "Lights off"
    assert env.globals["policy_made_with"]("zh-TW") == theme_words.made_with("zh-TW", "en")
