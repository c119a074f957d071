"""The pages package (policysite.pages): every staged file of a site and which are HTML, the
archived pages converted here, the files of a site in one language, the preview box of findings,
and the date formats the scripts use."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from unit import pagekit
from unit.pagekit import front, unstamped

from policysite import pages
from policysite.diagnostics import Diagnostic

HOME = b"# Home\n\n<!-- policies -->\n"


@pytest.fixture(scope="module")
def kit() -> pagekit.Kit:
    return pagekit.kit()


@pytest.fixture(scope="module")
def staged(kit) -> pages.Staged:
    return pages.render_site(kit.site, {"en/index.md": HOME, "zh-TW/index.md": HOME, "en/about.md": b"About"})


def test_every_page_of_every_policy_in_every_language(staged):
    files = set(staged.files)
    for lang in ("en", "zh-TW"):
        assert {
            f"{lang}/changelog.md",
            f"{lang}/translations.md",
            f"{lang}/feed.xml",
            f"{lang}/index.md",
        } <= files
        assert {
            f"{lang}/privacy.md",
            f"{lang}/privacy/bilingual.md",
            f"{lang}/privacy/versions/index.md",
            f"{lang}/privacy/versions/index.json",
            f"{lang}/privacy/versions/2021.03.01.md",
            f"{lang}/privacy/changes/2021.03.01.md",
            f"{lang}/legal/imprint/versions/2020.01.01.md",
            f"{lang}/terms.md",  # retired: says since when
            f"{lang}/cookies/index.html",  # the former name sends readers on
            f"{lang}/cookies/versions/2020.01.01/index.html",
        } <= files
    # The earlier wording and the correction exist where the correction was made (English).
    assert "en/privacy/versions/2020.01.01/wording-1.md" in files
    assert "en/privacy/changes/2020.01.01/correction-2.md" in files
    assert not any("/wording-" in f or "/correction-" in f for f in files if f.startswith("zh-TW/"))
    # A version's data exists only in the languages it has a text in.
    assert "en/data/versions/2020.09.01.json" in files and "zh-TW/data/versions/2020.09.01.json" not in files
    assert "zh-TW/data/versions/2020.09.01.md" in files  # (its page says there is no Chinese text)
    assert "en/terms/bilingual.md" not in files and "en/future/bilingual.md" not in files
    assert {"assets/javascripts/date-formats.js", "en/versions.json", "en/about.md"} <= files
    assert not any(f.endswith(".pdf") for f in files)  # PDFs off


def test_which_pages_are_html_already_and_which_were_converted_here(staged):
    assert {"en/changelog.md", "zh-TW/translations.md", "en/privacy/changes/2020.06.01.md"} <= staged.html
    assert "en/privacy/changes/2020.01.01/correction-2.md" in staged.html
    assert "en/privacy.md" not in staged.html and "en/privacy/versions/2020.06.01.md" not in staged.html
    digest, html, toc = staged.converted["en/privacy/versions/2020.01.01.md"]
    markdown = pages.markdown_of(staged.files["en/privacy/versions/2020.01.01.md"].decode("utf-8"))
    assert digest == pages.markdown_key(markdown)
    assert "<p>We collect your names.</p>" in html
    assert [token["id"] for token in toc[0]["children"]] == ["general", "cookies"]
    # A text with a relative link is left to MkDocs, which rewrites such links.
    assert "en/privacy/versions/2020.06.01.md" not in staged.converted
    # A version without a text in the language is not converted (it is only a notice).
    assert "zh-TW/data/versions/2020.09.01.md" not in staged.converted


def test_the_home_pages_and_the_index_are_filled_in(staged, kit):
    home = staged.files["zh-TW/index.md"].decode("utf-8")
    assert home.startswith("# Home\n\n") and "<!-- policies -->" not in home
    assert '<a href="privacy/">隱私權政策</a>' in unstamped(home)
    assert staged.files["en/about.md"] == b"About"  # other pages pass through
    index = json.loads(staged.files["en/versions.json"])
    assert (index["head"], index["source_date_epoch"], index["pdf"]) == (kit.commits["upcoming"], None, None)
    assert index["site_url"] == "https://example.org/legal/"
    assert front(staged.files["en/privacy.md"].decode("utf-8")) == {"title": "Privacy Policy"}
    assert staged.files["assets/javascripts/date-formats.js"].decode("ascii") == pages.date_formats(
        ("en", "zh-TW")
    )


def test_a_site_in_one_language_has_no_translations_page_nor_side_by_side_views(kit):
    corpus = dataclasses.replace(kit.site.corpus, languages=("en",))
    alone = pages.render_site(dataclasses.replace(kit.site, corpus=corpus), {})
    assert not any(f.startswith("zh-TW/") for f in alone.files)
    assert "en/translations.md" not in alone.files
    assert not any(f.endswith("/bilingual.md") for f in alone.files)
    assert "en/privacy.md" in alone.files


def test_at_the_root_a_site_in_one_language_drops_its_folder(tmp_path):
    staged = pages.Staged(
        {"en/privacy.md": b"p", "en/changelog.md": b"c", "assets/x.js": tmp_path / "x.js"},
        frozenset({"en/changelog.md"}),
        {"en/privacy.md": ("k", "<p>p</p>", [])},
    )
    moved = staged.at_root("en")
    assert moved.files == {"privacy.md": b"p", "changelog.md": b"c", "assets/x.js": tmp_path / "x.js"}
    assert moved.html == frozenset({"changelog.md"})
    assert moved.converted == {"privacy.md": ("k", "<p>p</p>", [])}
    staged.drop()
    assert staged.files == {} and staged.dropped and staged.html == frozenset({"en/changelog.md"})
    assert isinstance(moved.files["assets/x.js"], Path)


def test_the_preview_box_counts_and_escapes_the_findings():
    one = Diagnostic.warning("x.y", "en/p.md", 3, "<script>bad</script> & more")
    box = unstamped(pages.preview_findings([one]))
    assert "<strong>policy check: 1 finding about this policy (shown by mkdocs serve only)</strong>" in box
    assert (
        '<li class="policy-preview-finding policy-preview-finding--warning"><code>en/p.md:3</code> warning: '
        "[x.y] &lt;script&gt;bad&lt;/script&gt; &amp; more</li>"
    ) in box
    assert "3 findings about this policy" in pages.preview_findings([one] * 3)


def test_the_date_formats_of_the_sites_languages():
    script = pages.date_formats(("en", "zh-TW"))
    assert script.startswith("window.policyDateFormats = {") and script.endswith("};\n")
    styles = json.loads(script.removeprefix("window.policyDateFormats = ").removesuffix(";\n"))
    assert styles["zh-TW"] == {"format": "{year} 年 {month} 月 {day} 日", "months": []}
    assert styles["en"]["format"] == "{day} {month_name} {year}" and styles["en"]["months"][11] == "December"
    assert script.isascii()


def test_the_markdown_a_page_hands_over_and_its_key():
    page = '---\ntitle: "T"\n---\n\n# T\n\nText.\n'
    assert pages.markdown_of(page) == "# T\n\nText.\n"
    assert pages.markdown_key("# T\n\nText.\n") == pages.markdown_key("# T\n\nText.")  # line ends may go
    assert pages.markdown_key("# T") != pages.markdown_key("# U")


def test_archived_bodies_are_kept_by_their_text_and_restamped_for_this_process(kit):
    """The disk cache of converted archive bodies: the key leaves out this process's secret chrome
    stamp, a kept conversion gets this process's stamp, a body holding the placeholder is never kept."""
    from policysite import sanitize

    bodies: dict = {}
    site = dataclasses.replace(kit.site, redlines=dataclasses.replace(kit.site.redlines, bodies=bodies))
    first = pages.render_site(site, {})
    kept = {key: value for key, value in bodies.items() if value is not False}  # (False: not convertible)
    assert kept and all(value[2] == sanitize.chrome_token() for value in kept.values())
    assert sanitize.chrome_token() in "".join(value[0] for value in kept.values())
    # As another process would have kept them: another stamp in their HTML.
    other = "0" * 32
    for key, (html, toc, token) in kept.items():
        bodies[key] = (html.replace(token, other), toc, other)
    count = len(bodies)
    again = pages.render_site(site, {})
    assert again.converted == first.converted
    assert len(bodies) == count  # (each found again: nothing new was kept)
    assert pages._STAMP not in "".join(html for _, html, _ in first.converted.values())
