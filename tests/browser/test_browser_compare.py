"""The versions page: compare any two versions in the browser, and find the
version that applied on a date; the side-by-side view."""

from __future__ import annotations

import re

import pytest
import shared_vocabulary as vocabulary
from gitrepo import PolicyRepo, static_site

POLICY = "privacy"
# The demo site's dated versions (tests/browser/conftest.py makes them); not
# imported from there: two conftest.py files make "import conftest" ambiguous.
PAST_VERSIONS = ("2019.12.19", "2020.06.01", "2021.03.15")


def _compare(page, old: str, new: str, lang: str) -> str:
    page.select_option("form.policy-compare select[name=old]", old)
    page.select_option("form.policy-compare select[name=new]", new)
    page.select_option("form.policy-compare select[name=lang]", lang)
    page.click("form.policy-compare button[type=submit]")
    page.wait_for_selector("#policy-compare-output .redline")
    return page.inner_html("#policy-compare-output .redline")


def _normalized(html: str) -> str:
    return re.sub(r"\s+", " ", html).strip()


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_comparing_two_neighbours_matches_the_built_redline(demo_site, page, lang):
    old, new = PAST_VERSIONS[-2], PAST_VERSIONS[-1]
    page.goto(demo_site.url(demo_site.path(lang, POLICY, "versions")))
    in_browser = _compare(page, old, new, lang)
    page.goto(demo_site.url(demo_site.path(lang, POLICY, "changes", new)))
    built = page.inner_html(".md-content .redline")
    assert _normalized(in_browser) == _normalized(built)
    assert "<ins>" in in_browser


def test_compare_any_pair_in_the_other_language(demo_site, page):
    # Oldest to current, on the English page, in Chinese: both edits show, character by character.
    page.goto(demo_site.url(demo_site.path("en", POLICY, "versions")))
    html = _compare(page, PAST_VERSIONS[0], PAST_VERSIONS[-1], "zh-TW")
    inserted = page.locator("#policy-compare-output ins").all_inner_texts()
    assert len(inserted) == 2, inserted
    assert all("版本新增" in text for text in inserted)
    assert page.get_attribute("#policy-compare-output", "lang") == "zh-TW"
    for version in PAST_VERSIONS[1:]:
        changed = demo_site.changed[version]
        assert f'id="{changed}"' in html
    status = page.inner_text("#policy-compare-status")
    assert status and "2019" in status


@pytest.mark.parametrize(
    "date, expected",
    [
        ("2020-05-31", PAST_VERSIONS[0]),
        ("2020-06-01", PAST_VERSIONS[1]),
        ("2021-12-31", PAST_VERSIONS[2]),
        ("2031-01-01", "2030.01.01"),  # an upcoming version counts from its date
    ],
)
def test_point_in_time_opens_the_version_that_applied(demo_site, page, date, expected):
    page.goto(demo_site.url(demo_site.path("zh-TW", POLICY, "versions")))
    page.fill("form.policy-when input[name=date]", date)
    with page.expect_navigation():
        page.click("form.policy-when button[type=submit]")
    # The date asked travels with the address, so the version's page can repeat it (issue 14).
    assert page.url == demo_site.url(demo_site.path("zh-TW", POLICY, "versions", expected)) + f"?on={date}"


def test_point_in_time_before_the_first_version_says_so(demo_site, page):
    page.goto(demo_site.url(demo_site.path("en", POLICY, "versions")))
    page.fill("form.policy-when input[name=date]", "2019-01-01")
    page.click("form.policy-when button[type=submit]")
    page.wait_for_function("document.getElementById('policy-when-answer').textContent.length > 0")
    assert "first version" in page.inner_text("#policy-when-answer")
    assert page.url.endswith("/versions/")


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_bilingual_view_pairs_sections_side_by_side(demo_site, page, lang):
    page.goto(demo_site.url(demo_site.path(lang, POLICY, "bilingual")))
    pairs = page.locator("section.bilingual-pair")
    assert pairs.count() == len(demo_site.sections) + 1  # the intro, then every section
    for section in demo_site.sections:
        pair = page.locator(f"section.bilingual-pair#{section}")
        english = pair.locator('.bilingual-col[lang="en"]')
        chinese = pair.locator('.bilingual-col[lang="zh-TW"]')
        assert english.count() == 1 and chinese.count() == 1
        assert english.locator("a").first.get_attribute("href").endswith(f"#{section}")
        assert chinese.locator("a").first.get_attribute("href").endswith(f"#{section}")
    first = page.locator(f"section.bilingual-pair#{demo_site.sections[0]}")
    left = first.locator('.bilingual-col[lang="en"]').bounding_box()
    right = first.locator('.bilingual-col[lang="zh-TW"]').bounding_box()
    assert right["x"] > left["x"] + left["width"] - 1 and abs(right["y"] - left["y"]) < 5  # two columns


def test_bilingual_view_stacks_pairs_on_a_phone(demo_site, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    try:
        page.goto(demo_site.url(demo_site.path("en", POLICY, "bilingual")))
        first = page.locator(f"section.bilingual-pair#{demo_site.sections[0]}")
        top = first.locator('.bilingual-col[lang="en"]').bounding_box()
        below = first.locator('.bilingual-col[lang="zh-TW"]').bounding_box()
        assert below["y"] >= top["y"] + top["height"] - 1
    finally:
        context.close()


def test_the_demo_site_has_the_versions_these_tests_expect(demo_site):
    assert demo_site.archived == PAST_VERSIONS[0] and demo_site.current == PAST_VERSIONS[-1]
    assert set(PAST_VERSIONS[1:]) <= set(demo_site.changed)


def test_a_comparison_is_cited_by_its_address_and_opens_again_from_it(demo_site, page, browser):
    """Issue 27, item 4: the versions and language chosen are in the address; the address opened
    in a fresh page shows the same comparison; the form comes before the list of versions."""
    page.goto(demo_site.url(demo_site.path("en", POLICY, "versions")))
    page.wait_for_selector("form.policy-compare")  # (the script builds it from index.json)
    form_top = page.evaluate("document.querySelector('form.policy-compare').getBoundingClientRect().top")
    first_version = page.evaluate("document.querySelector('h2[id^=v]').getBoundingClientRect().top")
    assert form_top < first_version
    shown = _compare(page, PAST_VERSIONS[0], PAST_VERSIONS[-1], "zh-TW")
    cited = page.url
    assert (
        f"from={PAST_VERSIONS[0]}" in cited and f"to={PAST_VERSIONS[-1]}" in cited and "lang=zh-TW" in cited
    )
    fresh = browser.new_page()
    try:
        fresh.goto(cited)
        fresh.wait_for_selector("#policy-compare-output .redline")
        assert _normalized(fresh.inner_html("#policy-compare-output .redline")) == _normalized(shown)
        assert fresh.input_value("form.policy-compare select[name=lang]") == "zh-TW"
    finally:
        fresh.close()


# ---------------------------------------------------------------- issue 29: a shared vocabulary

# 2010-01-01T00:00:00Z: after the four versions of vocabulary.amended_history (2000..2003).
VOCABULARY_EPOCH = "1262304000"
VOCABULARY_VERSIONS = ("2000.01.01", "2001.01.01", "2002.01.01", "2003.01.01")
# The text of marks as a reader sees it (their screen-reader labels left out).
MARKED_TEXTS = """marks => marks.map(mark => {
  const copy = mark.cloneNode(true);
  copy.querySelectorAll('.sr-only').forEach(label => label.remove());
  return copy.textContent.trim();
})"""


@pytest.fixture(scope="module")
def vocabulary_site(tmp_path_factory):
    """A site whose policy is written from a small shared vocabulary: a first version, every
    sentence rewritten, amended (words, a clause, a number), then reordered and rewritten again."""
    repo = PolicyRepo.create(tmp_path_factory.mktemp("vocabulary") / "repo", copy_policies=False)
    texts = {lang: vocabulary.amended_history(29, lang, sections=3) for lang in ("en", "zh-TW")}
    for index, version in enumerate(VOCABULARY_VERSIONS):
        for lang in texts:
            repo.write(lang, POLICY, texts[lang][index])
        repo.commit(f"{POLICY}: version {version}", version.replace(".", "-") + "T09:00:00Z")
    result = repo.build(strict=True, env={"SOURCE_DATE_EPOCH": VOCABULARY_EPOCH})
    if not result.ok:
        pytest.fail(f"mkdocs build --strict failed:\n{result.output}", pytrace=False)
    with static_site(result.site) as url:
        yield url


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_comparing_shared_vocabulary_rewrites_matches_the_built_redlines(vocabulary_site, page, lang):
    """The browser applies the build's similarity test and edit cap: each comparison of two
    neighbours is the built redline, rewritten sentences replaced whole, amendments marked."""
    prefix = "/" if lang == "en" else "/zh-TW/"
    for old, new in zip(VOCABULARY_VERSIONS, VOCABULARY_VERSIONS[1:]):
        page.goto(f"{vocabulary_site}{prefix}{POLICY}/versions/")
        in_browser = _compare(page, old, new, lang)
        page.goto(f"{vocabulary_site}{prefix}{POLICY}/changes/{new}/")
        built = page.inner_html(".md-content .redline")
        assert _normalized(in_browser) == _normalized(built), (old, new)
    # The last version changed a number (30 -> 60 days) in a list item: marked as that.
    deleted = page.eval_on_selector_all(".md-content .redline li del", MARKED_TEXTS)
    assert deleted == ["30"] * 3
    # The amendments (2002.01.01): a few words of a paragraph marked, not the paragraph.
    page.goto(f"{vocabulary_site}{prefix}{POLICY}/changes/{VOCABULARY_VERSIONS[2]}/")
    assert page.locator(".md-content .redline p del").count() >= 3
