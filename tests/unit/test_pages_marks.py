"""Where a redline's HTML is assembled (policysite.pages.marks): insertions and deletions marked
innermost and announced to screen readers, every text escaped, links rebased, attribute changes
noted, renumbering marked, a first version shown plain."""

from __future__ import annotations

import pytest
from unit import pagekit

from policysite import diff
from policysite.align import DELETE, EQUAL, INSERT
from policysite.pages import marks

EN = marks.labels("en")
ZH = marks.labels("zh-TW")


@pytest.fixture(scope="module")
def general() -> diff.SectionDiff:
    """The 'general' section of privacy 2020.06.01 against 2020.01.01 (as corrected), in English."""
    kit = pagekit.kit()
    redlines = kit.site.redlines
    old, new = (kit.version("privacy", v).texts["en"] for v in ("2020.01.01", "2020.06.01"))
    redline = diff.compare_data(redlines.text_data("privacy", old), redlines.text_data("privacy", new), "en")
    [section] = [s for s in redline.sections if s.id == "general"]
    return section


def test_the_words_of_a_redline_in_each_language():
    assert (EN["mark_inserted"], EN["mark_deleted"], EN["mark_end"]) == ("[inserted: ", "[deleted: ", "]")
    assert (ZH["mark_inserted"], ZH["mark_end"]) == ("［新增：", "］")
    assert ZH["changed_link"] == "連結目標由 {old} 改為 {new}"  # (raw: compare.js fills it in)
    assert set(EN) == set(ZH)


def test_a_renumbered_item_is_shown_and_said():
    assert marks.renumbered(3, "<2>", EN) == (
        '<span class="redline-renumbered"><span aria-hidden="true">renumbered 3 → &lt;2&gt;</span>'
        '<span class="sr-only">[renumbered from 3 to &lt;2&gt;] </span></span>'
    )
    assert "編號 3 → 2" in marks.renumbered(3, 2, ZH)


def test_a_note_names_each_attribute_that_changed():
    assert marks.note('<a href="a.md">', '<a href="b.md">', EN) == (
        '<span class="redline-note">[link target changed from a.md to b.md]</span>'
    )
    assert marks.note('<time datetime="2020">', '<time datetime="2021" title="&lt;x&gt;">', EN) == (
        '<span class="redline-note">[datetime changed from 2020 to 2021; title changed from none to '
        "&lt;x&gt;]</span>"
    )
    assert marks.note('<a href="a">', '<a href="a">', EN) == ""


def test_inline_marks_innermost_and_escapes_every_text():
    pieces = [
        (EQUAL, "A ", (), None),
        (DELETE, "<old>", (), None),
        (INSERT, "new & ", (), None),
        (INSERT, "link", ('<a href="terms.md#use">',), None),
        (EQUAL, ".", (), None),
    ]
    assert marks.inline(pieces, EN, "../../") == (
        'A <del><span class="sr-only">[deleted: </span>&lt;old&gt;<span class="sr-only">]</span></del>'
        '<ins><span class="sr-only">[inserted: </span>new &amp; <span class="sr-only">]</span></ins>'
        '<a href="../../terms/#use"><ins><span class="sr-only">[inserted: </span>link'
        '<span class="sr-only">]</span></ins></a>.'
    )


def test_a_change_only_in_a_links_target_marks_the_text_and_notes_the_change():
    pieces = [(EQUAL, "terms", ('<a href="b.md">',), ('<a href="a.md">',))]
    assert marks.inline(pieces, ZH, "../") == (
        '<a href="../b/"><mark class="redline-attr">terms</mark></a>'
        '<span class="redline-note">[連結目標由 a.md 改為 b.md]</span>'
    )


def test_a_sections_blocks_with_their_marks(general):
    assert general.status == "changed" and marks.visible_change(general)
    html = marks.body(general, EN, "../../../")
    assert html.startswith("<p>We collect <del>") and html.endswith(".</p>")
    assert '<a href="../../../security/#access"><ins>' in html
    assert str(marks.title(general, EN, "../../../")) == "1. General"


def test_a_first_version_is_shown_plain():
    kit = pagekit.kit()
    text = kit.version("privacy", "2020.01.01").texts["zh-TW"]
    redline = diff.compare_data(None, kit.site.redlines.text_data("privacy", text), "zh-TW")
    [section] = [s for s in redline.sections if s.id == "general"]
    assert "<ins>" in marks.body(section, ZH, "../../../")  # all of it new
    plain = marks.plain(section)
    assert all(op == EQUAL for op, _, _, _ in plain.title_pieces)
    assert all(block.op == EQUAL for block in plain.blocks)
    assert marks.body(plain, ZH, "../../../") == "<p>我們蒐集姓名。</p>"
    assert str(marks.title(plain, ZH, "../../../")) == "一、總則"
    assert section.blocks[0].op != EQUAL  # (a copy: the section itself is unchanged)
