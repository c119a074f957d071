"""Printing a policy gives its text with title, version and status, without navigation."""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata

import pytest
from pypdf import PdfReader

from policysite import locale

HIDDEN = {
    "header": ".md-header",
    "navigation": ".md-sidebar--primary",
    "table of contents": ".md-sidebar--secondary",
    "search": ".md-search",
    "language switcher": ".md-select",
    "footer": ".md-footer",
}


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
@pytest.mark.parametrize("kind,notice", [("current", "upcoming"), ("archived", "archived")])
def test_print_shows_the_policy_without_navigation(demo_site, page, kind, notice, lang):
    page.goto(demo_site.url(demo_site.page_kinds(lang)[kind]))
    assert page.locator(".md-header").is_visible()  # on screen it is there
    page.emulate_media(media="print")

    for name, selector in HIDDEN.items():
        for element in page.locator(selector).all():
            assert not element.is_visible(), f"the {name} ({selector}) is printed"

    assert page.locator("article h1").is_visible()
    version = page.locator("article .policy-version").first
    assert version.is_visible()
    date = demo_site.current if kind == "current" else demo_site.archived
    year = date.split(".")[0]
    assert year in version.inner_text()
    assert page.locator(f"article .policy-notice--{notice}").first.is_visible()
    if kind == "archived":
        assert page.locator("article .policy-version .policy-status--archived").is_visible()
    first_section = page.locator(f"#{demo_site.sections[0]}")
    assert first_section.is_visible()
    # The text runs the full width of the page.
    width = page.evaluate("document.querySelector('article').getBoundingClientRect().width")
    assert width > 0.8 * page.viewport_size["width"]


# ---------------------------------------------------------------- printed redlines (issue 27)
# Lawyers print redlines: a "changes" page, and a comparison made on the versions page (opened
# from its citable address).  Chromium prints each to PDF (page.pdf, as "Save as PDF" does) and
# pypdf reads the PDF back.

POLICY = "privacy"
# The demo site's dated versions (tests/browser/conftest.py); not imported from there: two
# conftest.py files make "import conftest" ambiguous.
PAST_VERSIONS = ("2019.12.19", "2020.06.01", "2021.03.15")
UPCOMING_VERSION = "2030.01.01"
# The marks' legend, as the redline's intro and the comparison's status line say it.
LEGEND = {
    "en": "Insertions are underlined, deletions struck through.",
    "zh-TW": "新增文字加底線，刪除文字加刪除線。",
}
# The site's chrome: none of it is printed.
CHROME = (
    ".md-header",
    ".md-tabs",
    ".md-sidebar",
    ".md-search",
    ".md-select",
    ".md-footer",
    ".md-skip",
    ".policy-auditors",
    ".redline-nav",
    "form",
    "button",
)


def day(version: str, lang: str) -> str:
    """A version's date as the site writes it in ``lang``."""
    return locale.format_date(dt.date(*map(int, version.split("."))), lang)


def squeezed(value: str) -> str:
    """Text as the PDF gives it back, comparable: compatibility forms folded (the PDF's CJK text
    may come back as Kangxi radicals, ⽉ for 月), no spaces or line breaks."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", value))


def printed(page) -> list[str]:
    """The page printed to an A4 PDF by Chromium: each PDF page's text, squeezed."""
    data = page.pdf(format="A4", margin={"top": "15mm", "bottom": "15mm", "left": "12mm", "right": "12mm"})
    return [squeezed(sheet.extract_text()) for sheet in PdfReader(io.BytesIO(data)).pages]


def chrome_lines(page) -> list[str]:
    """Every line of text of the site's chrome on screen that the article does not also say."""
    article = squeezed(page.text_content("article") or "")  # (folded sections too)
    lines = set()
    for selector in CHROME:
        for element in page.locator(selector).all():
            for line in element.inner_text().split("\n"):
                if len(squeezed(line)) >= 3 and squeezed(line) not in article:
                    lines.add(squeezed(line))
        for element in page.locator(f"{selector} input[placeholder]").all():
            lines.add(squeezed(element.get_attribute("placeholder") or ""))
    return sorted(line for line in lines if line)


CLIPPED = """() => {
  const found = [];
  const article = document.querySelector("article").getBoundingClientRect();
  for (const el of document.querySelectorAll("article *")) {
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    if (style.display === "none" || el.closest(".sr-only") || box.width <= 1) continue;
    const clips = /hidden|auto|scroll|clip/.test(style.overflowX + " " + style.overflowY);
    if (clips && (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1)) {
      found.push("clipped: " + el.tagName + "." + el.className);
    }
    if (el.textContent.trim() && (box.left < article.left - 1 || box.right > article.right + 1)) {
      found.push("outside the text column: " + el.tagName + "." + el.className);
    }
  }
  return found;
}"""


def assert_prints_cleanly(page, lang: str, old: str, new: str) -> list[str]:
    """The redline on ``page`` printed: its two dates and the legend on the first page, the marked
    text whole, no chrome, nothing clipped (checked in print layout at the paper's width)."""
    marked = [squeezed(t) for t in page.locator(".redline :is(ins, del)").all_inner_texts()]
    chrome = chrome_lines(page)
    assert marked and chrome, (marked, chrome)
    sheets = printed(page)
    first, everything = sheets[0], "".join(sheets)
    for version in (old, new):
        assert squeezed(day(version, lang)) in first, (version, first[:600])
    assert squeezed(LEGEND[lang]) in first, first[:600]
    for text in marked:  # (the screen-reader words of a mark are not printed, its text is)
        assert squeezed(re.sub(r"^\[[^:：]+[:：]\s*|\]$", "", text)) in everything, text
    leaked = [line for line in chrome if line in everything]
    assert not leaked, f"printed: {leaked}"
    page.emulate_media(media="print")
    page.set_viewport_size({"width": 720, "height": 1000})  # A4 less the margins, in CSS pixels
    assert page.evaluate(CLIPPED) == []
    for selector in CHROME:
        for element in page.locator(selector).all():
            assert not element.is_visible(), f"{selector} is printed"
    return sheets


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_a_printed_redline_names_its_two_dates_and_its_marks_on_the_first_page(demo_site, page, lang):
    assert LEGEND[lang] in locale.raw(lang, "changes_intro")  # (the site's own words)
    old, new = PAST_VERSIONS[-2], PAST_VERSIONS[-1]
    page.goto(demo_site.url(demo_site.path(lang, POLICY, "changes", new)))
    sheets = assert_prints_cleanly(page, lang, old, new)
    # The sections left unchanged print too, in full (Material opens them for printing).
    assert squeezed(page.locator("details.redline-unchanged .redline-body").first.inner_text()) in "".join(
        sheets
    )


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_a_printed_comparison_is_the_comparison_alone_with_its_dates_and_legend(demo_site, page, lang):
    assert LEGEND[lang] in locale.raw(lang, "compare_done")
    old, new = PAST_VERSIONS[0], PAST_VERSIONS[-1]
    versions = demo_site.url(demo_site.path(lang, POLICY, "versions"))
    page.goto(f"{versions}?from={old}&to={new}&lang={lang}")  # a cited comparison, opened
    page.wait_for_selector("#policy-compare-output .redline")
    sheets = assert_prints_cleanly(page, lang, old, new)
    everything = "".join(sheets)
    # Not the list of versions, nor the other tool: the upcoming version is neither compared
    # nor named (the list and the form's choices would name it).
    assert squeezed(day(UPCOMING_VERSION, lang)) not in everything
    assert squeezed(locale.text(lang, "when_title")) not in everything
    # The unchanged sections, folded on screen, print in full.
    folded = page.locator("#policy-compare-output details.redline-unchanged .redline-body").first
    assert squeezed(folded.text_content()) in everything
