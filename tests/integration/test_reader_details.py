"""Small but visible (issue 27, item 7), on real builds of real git repositories:

- the translations table looks like the theme's tables (its class keeps Material's table style
  off it: policy.css gives it the same rules, compared here with the installed Material's);
- the versions list says which date is which ("effective", "published") and names the time zone
  its dates and times are in (the plugin setting ``timezone``);
- the changelog shows the editors' ``summary:`` of each version, not only counts;
- a version's page opened for a date has the sentences to answer any date (point-in-time.js, in
  ``versions/index.json``; tests/browser/test_browser_chrome.py drives it in Chromium).
"""

from __future__ import annotations

import html as htmllib
import json
import re
from pathlib import Path

import material
import pytest
from gitrepo import PolicyRepo
from histories import SUMMARY_EN, SUMMARY_ZH, epoch, make_published
from translated import lagging_repo

from policysite import locale
from policysite.pages import versions

POLICY_CSS = Path(__file__).resolve().parents[2] / "policysite/assets/stylesheets/policy.css"
MATERIAL_CSS = next((Path(material.__file__).parent / "templates/assets/stylesheets").glob("main.*.min.css"))
ENV = {"SOURCE_DATE_EPOCH": epoch("2020-09-01")}


def article(page: str) -> str:
    match = re.search(r'<article class="md-content__inner[^"]*">(.*?)</article>', page, re.DOTALL)
    assert match, "no <article> in the page"
    return match.group(1)


def plain(fragment: str) -> str:
    return " ".join(htmllib.unescape(re.sub(r"<[^>]+>", "", fragment)).split())


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """The published history of ``histories`` (version 2020.06.01 with a summary), built in the
    project's time zone (Asia/Taipei)."""
    repo = make_published(tmp_path_factory.mktemp("published") / "repo").repo
    result = repo.build(env=ENV)
    assert result.ok, result.output
    return repo, result


# ---------------------------------------------------------------- the translations table


def css_rules(css: str, media: str = "") -> list[tuple[str, str, str]]:
    """``(media, selector, declarations)`` of every rule of ``css`` (comments dropped)."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)
    found, index = [], 0
    while (opening := css.find("{", index)) >= 0:
        head = css[index:opening].strip()
        if head.startswith("@"):
            depth, end = 1, opening + 1
            while depth:
                depth += {"{": 1, "}": -1}.get(css[end], 0)
                end += 1
            found += css_rules(css[opening + 1 : end - 1], " ".join(head.split()))
        else:
            end = css.index("}", opening) + 1
            found.append((media, head, css[opening + 1 : end - 1]))
        index = end
    return found


def normal(selector_or_value: str) -> str:
    """Spacing, quotes and leading zeros as a minifier writes them."""
    text = re.sub(r"\s*([>+~,])\s*", r"\1", " ".join(selector_or_value.replace('"', "").split()))
    return re.sub(r"(?<![\d.])0\.(\d)", r".\1", text)


def declarations(block: str) -> dict[str, str]:
    pairs = (part.split(":", 1) for part in block.split(";") if part.strip())
    return {name.strip(): normal(value) for name, value in pairs}


def test_the_translations_table_has_every_rule_of_the_themes_tables():
    theirs = [rule for rule in css_rules(MATERIAL_CSS.read_text()) if "table:not([class])" in rule[1]]
    assert len(theirs) >= 10, theirs  # Material's table style was read
    ours: dict[tuple[str, str], dict[str, str]] = {}
    for media, selectors, block in css_rules(POLICY_CSS.read_text(encoding="utf-8")):
        for selector in normal(selectors).split(","):
            ours.setdefault((media, selector), {}).update(declarations(block))
    for media, selectors, block in theirs:
        for selector in normal(selectors).split(","):
            mine = selector.replace("table:not([class])", "table.policy-translations")
            assert ours.get((media, mine), {}) | declarations(block) == ours.get((media, mine)), (media, mine)


def test_the_translations_table_punctuates_in_the_pages_language(tmp_path):
    """A lagging translation's row: its parentheses, separators and colon are full-width in Chinese."""
    repo = lagging_repo(tmp_path / "repo")
    result = repo.build(strict=False, env={"SOURCE_DATE_EPOCH": epoch("2021-06-01")})
    assert result.ok, result.output
    english = plain(article(result.page("translations")))
    chinese = plain(article(result.page("zh-TW/translations")))
    assert "lagging (translation of the version of 1 January 2020); lagging since 1 January 2021" in english
    assert "2: sharing, retention" in english
    assert re.search(r"落後（[^（）]+）；", chinese) and "2：sharing、retention" in chinese, chinese
    assert not re.search(r"[()]|[;:,] ", chinese.replace("SHA-256（versions.json）", "")), chinese


# ---------------------------------------------------------------- the versions list


def test_the_versions_list_labels_its_dates_and_names_the_time_zone(published):
    _, result = published
    english = article(result.page("privacy/versions"))
    said = plain(english)
    assert "Dates and times are in the Asia/Taipei time zone" in said
    assert "current · effective 1 June 2020 · published on 15 May 2020 ·" in said
    # Each commit: when it was published, in the site's time zone (09:00 UTC is 17:00 in Taipei).
    assert '<time datetime="2020-05-15T17:00+08:00">published on 15 May 2020 at 17:00</time>' in english
    assert not re.search(r"\b\d{4}-\d{2}-\d{2}\b", said), said  # no unlabelled ISO dates left
    chinese = article(result.page("zh-TW/privacy/versions"))
    said = plain(chinese)
    assert "日期與時間皆以 Asia/Taipei 時區為準" in said
    assert "現行 · 2020 年 6 月 1 日 生效 · 2020 年 5 月 15 日 發布 ·" in said
    assert '<time datetime="2020-05-15T17:00+08:00">2020 年 5 月 15 日 17:00 發布</time>' in chinese


def test_the_versions_list_uses_the_configured_time_zone(published, tmp_path):
    repo, _ = published
    clone = PolicyRepo.clone(repo, tmp_path / "clone")
    clone.set_extra("extra:\n  policies:\n    timezone: America/New_York\n")
    result = clone.build(env=ENV)
    assert result.ok, result.output
    english = article(result.page("privacy/versions"))
    assert "Dates and times are in the America/New_York time zone" in plain(english)
    assert '<time datetime="2020-05-15T05:00-04:00">published on 15 May 2020 at 05:00</time>' in english


# ---------------------------------------------------------------- the changelog


def test_the_changelog_shows_the_editors_summary(published):
    _, result = published
    for prefix, summary in (("", SUMMARY_EN), ("zh-TW/", SUMMARY_ZH)):
        page = article(result.page(f"{prefix}changelog"))
        entries = re.findall(r"<li>.*?</li>", page, re.DOTALL)
        with_summary = [entry for entry in entries if "policy-version-summary" in entry]
        assert len(with_summary) == 1, entries  # only 2020.06.01 of the privacy policy has one
        assert "privacy/versions/2020.06.01/" in with_summary[0]
        assert (
            f'<p class="policy-version-summary">{htmllib.escape(summary, quote=False)}</p>' in with_summary[0]
        )


# ---------------------------------------------------------------- a date asked


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_a_version_page_has_the_words_to_answer_any_date(published, lang):
    _, result = published
    prefix = "" if lang == "en" else f"{lang}/"
    data = json.loads(result.page(f"{prefix}privacy/versions/index.json"))
    for key in versions.ASKED:
        assert data["labels"][key] == locale.raw(lang, key), key
    assert {v["status"] for v in data["versions"]} == {"current", "archived"}
    assert all(v["periods"] for v in data["versions"])
