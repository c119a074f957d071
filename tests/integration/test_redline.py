"""The redline engine on rendered text: tokens, blocks, alignment, markup (issues 11, 14 and 10).

Documents are parsed with the real parser and rendered with the site's own
Markdown extensions and sanitizer; nothing is mocked.
"""

from __future__ import annotations

import json
import re
import time

import pytest

from policysite import align, blocks, diff, locale, sanitize, sources, tokens
from policysite.diff import CHANGED, DELETE, EQUAL, INSERT
from policysite.pages import marks, redlines


def doc(body: str, lang: str = "en", title: str = "Policy", h1: str | None = None):
    text = f"---\ntitle: {title}\nversion: 2020.01.01\n---\n\n# {h1 or title}\n\n{body}\n"
    document, found = sources.parse(text, f"{lang}/p.md", "p", lang)
    assert document is not None, found
    return document


def section(old_body: str, new_body: str, lang: str = "en", key: str = "a") -> diff.SectionDiff:
    redline = diff.compare(doc(old_body, lang), doc(new_body, lang), lang)
    return next(s for s in redline.sections if s.key == key)


def edits(pieces) -> list[tuple[int, str]]:
    """The marked pieces of a block or title, merged: [(DELETE, "share"), (INSERT, "sell")]."""
    out: list[tuple[int, str]] = []
    for op, text, *_ in pieces:
        if op == EQUAL:
            out.append((EQUAL, ""))
            continue
        if out and out[-1][0] == op:
            out[-1] = (op, out[-1][1] + text)
        else:
            out.append((op, text))
    return [(op, text) for op, text in out if op != EQUAL]


def block_edits(item: diff.SectionDiff) -> list[tuple[int, str]]:
    return [e for block in item.blocks for _, _, pieces in block.pieces() for e in edits(pieces)]


def html_of(item: diff.SectionDiff) -> str:
    return str(marks.body(item, marks.labels("en"), redlines.CHANGES_ROOT))


# ---------------------------------------------------------------- tokens


@pytest.mark.parametrize(
    "text,whole",
    [
        ("Effective 7 March 2024, or so.", "7 March 2024"),
        ("Effective March 7, 2024.", "March 7, 2024"),
        ("Effective March 7 only.", "March 7"),
        ("Since Oct. 11th, 2021.", "Oct. 11th, 2021"),
        ("Reviewed on 2021-10-11.", "2021-10-11"),
        ("Reviewed on 2021/10/11.", "2021/10/11"),
        ("We keep 1,000.50 records.", "1,000.50"),
        ("See section 4.2 below.", "4.2"),
        ("Send us an e-mail today.", "e-mail"),
        ("The user’s data.", "user’s"),
    ],
)
def test_english_dates_numbers_and_words_are_whole_tokens(text, whole):
    found = tokens.tokenize(text, "en")
    assert whole in found, found
    assert "".join(found) == text


@pytest.mark.parametrize(
    "text,whole",
    [
        ("自 2024 年 3 月 7 日起生效。", "2024 年 3 月 7 日"),
        ("自2024年3月7日起生效。", "2024年3月7日"),
        ("民國113年3月7日公告。", "民國113年3月7日"),
        ("保存三十日。", "三十"),
        ("保存 30 日。", "30"),
        ("保存１２０日。", "１２０"),
        ("最近審閱日期為 2021-10-11。", "2021-10-11"),
        ("我們使用 Cookies 記錄。", "Cookies"),
        ("代碼 C001 為識別。", "C001"),
    ],
)
def test_chinese_is_characters_but_numbers_dates_and_latin_words_stay_whole(text, whole):
    found = tokens.tokenize(text, "zh-TW")
    assert whole in found, found
    assert "".join(found) == text
    assert all(len(t) == 1 for t in found if re.fullmatch(r"[\u4e00-\u9fff]+", t) and t != whole)


def test_sentences_end_with_their_stop_and_the_spaces_after_it():
    found = tokens.sentences(tokens.tokenize("One. Two! 4. Three? e.g.x", "en"))
    assert ["".join(s) for s in found] == ["One. ", "Two! ", "4. Three? ", "e.g.x"]
    zh = tokens.sentences(tokens.tokenize("第一句。第二句;第三句", "zh-TW"))
    assert ["".join(s) for s in zh] == ["第一句。", "第二句;第三句"]


# ---------------------------------------------------------------- plain text


def test_a_date_change_marks_whole_dates():
    ops = diff.diff_text(
        "Effective 7 March 2024. Reviewed on 2021-10-11.",
        "Effective 3 April 2024. Reviewed on 2024-04-03.",
        "en",
    )
    assert [(op, t) for op, t in ops if op != EQUAL] == [
        (DELETE, "7 March 2024"),
        (INSERT, "3 April 2024"),
        (DELETE, "2021-10-11"),
        (INSERT, "2024-04-03"),
    ]


def test_a_chinese_number_change_never_cuts_the_number():
    ops = diff.diff_text(
        "保存 30 日,或三十日,自 2024 年 3 月 7 日起。",
        "保存 60 日,或六十日,自 2024 年 4 月 3 日起。",
        "zh-TW",
    )
    assert [(op, t) for op, t in ops if op != EQUAL] == [
        (DELETE, "30"),
        (INSERT, "60"),
        (DELETE, "三十"),
        (INSERT, "六十"),
        (DELETE, "2024 年 3 月 7 日"),
        (INSERT, "2024 年 4 月 3 日"),
    ]


def test_a_rewritten_sentence_is_replaced_whole_and_its_neighbours_stay():
    old = "We keep your data. The cat sat on the mat all day long. Write to us."
    new = "We keep your data. Quarterly audits verify that encryption keys rotate. Write to us."
    assert diff.diff_text(old, new, "en") == [
        (EQUAL, "We keep your data. "),
        (DELETE, "The cat sat on the mat all day long. "),
        (INSERT, "Quarterly audits verify that encryption keys rotate. "),
        (EQUAL, "Write to us."),
    ]


def test_similar_means_half_the_words_in_common():
    assert align.similar(2, 4, 4) == 2  # 2 of 4 each: Dice 0.5
    assert align.similar(1, 4, 4) == -1
    assert align.similar(0, 0, 0) == 1
    assert align._DMP.Diff_Timeout == 0


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_sentences_rewritten_from_a_shared_vocabulary_are_replaced_and_amendments_marked(lang):
    """Issue 29: in one paragraph, a sentence amended (a few words) and one rewritten from the same
    small vocabulary (half its words in common with the old one, few of its word pairs); a list
    item with a number changed.  The amendment and the number are marked word by word; the
    rewritten sentence is replaced whole, without a token diff."""
    import random

    import shared_vocabulary as vocabulary

    rng = random.Random(f"redline/{lang}")
    kept, rewritten = (vocabulary.sentence(rng, lang, 40) for _ in range(2))
    amended = vocabulary.amend_words(rng, lang, kept, 2)
    replacement = vocabulary.sentence(rng, lang, 40)
    item = vocabulary.sentence(rng, lang, 30)
    join = " " if lang == "en" else ""

    def body(first: str, second: str, days: int) -> str:
        listed = vocabulary.with_number(lang, item, days)
        return f"Intro.\n\n## A {{#a}}\n\n{first}{join}{second}\n\n1. {listed}"

    old, new = body(kept, rewritten, 30), body(amended, replacement, 60)
    align.WORK.reset()
    paragraph, listed = section(old, new, lang).blocks
    assert (paragraph.op, listed.op) == (CHANGED, CHANGED)
    marked = edits(paragraph.pieces()[0][2])
    assert marked[-2:] == [(DELETE, rewritten), (INSERT, replacement)]
    words = [[t for t in tokens.tokenize(text, lang) if not t.isspace()] for _, text in marked[:-2]]
    assert 2 <= len(words) <= 4 and all(1 <= len(w) <= 2 for w in words)  # the two words, whole
    assert edits(listed.pieces()[0][2]) == [(DELETE, "30"), (INSERT, "60")]
    assert (align.WORK.pairs, align.WORK.diffs) == (2, 2)  # the amended sentence and the item


# ---------------------------------------------------------------- rendered blocks


RICH = """*Effective 7 March 2024.* We respect your **privacy**; see [our terms](https://example.com/terms).
{: .note }

## A {#a}

1. First item with `code`.
2. Second item:
    - nested *one*
    - nested two

| Data | Kept for |
| --- | ---: |
| Logs | 30 days |

Text with an escaped &lt;b&gt; tag and a [link to B](#b) and [the terms](terms.md#use)."""


def test_block_data_is_the_rendered_text_without_markdown_syntax():
    data = blocks.text_data(doc(RICH))
    texts = [
        token if isinstance(token, str) else token[1]
        for s in data["sections"]
        for block in s["b"] + [{"p": [["", s["h"], ""]]}]
        for _, sentences, _ in block["p"]
        for sentence in sentences
        for token in sentence
    ]
    visible = "".join(texts)
    for syntax in ("*", "{:", "](", "|", "`", "&lt;"):
        assert syntax not in visible, (syntax, visible)
    assert "<b>" in visible  # escaped in the source: text, not a tag
    intro, a = data["sections"]
    assert [b["k"] for b in intro["b"]] == ["title", "p"]
    assert intro["b"][1]["w"] == '<p class="note">'
    assert [b["k"] for b in a["b"]] == ["li", "li", "li", "li", "tr", "tr", "p"]
    first, second, nested_one, _, header, row, _ = a["b"]
    assert (first["w"], first.get("n"), second["w"], second.get("n")) == ("<li>", 1, "", None)
    assert [a["c"][c][0] for c in nested_one["f"]] == ["<ol>", "<li>", "<ul>"]
    assert a["c"][nested_one["f"][1]][1] == 2  # the item the nested list belongs to is item 2
    assert [cell for cell, _, _ in row["p"]] == ["<td>", '<td align="right">']
    assert [markup for _, _, markup in row["p"]] == ["Logs", "30 days"]
    assert first["p"][0][2] == "First item with <code>code</code>."
    assert [a["m"][t[0]] for t in nested_one["p"][0][1][0] if not isinstance(t, str)] == [["<em>"]]
    json.dumps(data)  # plain JSON: what the browser reads


def test_a_one_word_change_in_english_is_marked_as_that_word():
    item = section(
        "Intro.\n\n## A {#a}\n\nWe never share your data.", "Intro.\n\n## A {#a}\n\nWe never sell your data."
    )
    assert item.status == "changed"
    assert block_edits(item) == [(DELETE, "share"), (INSERT, "sell")]
    assert '<del><span class="sr-only">[deleted: </span>share<span' in html_of(item)


def test_a_one_character_change_in_chinese_is_marked_as_that_character():
    item = section(
        "前言。\n\n## 一 {#a}\n\n我們蒐集您的姓名與電子郵件。",
        "前言。\n\n## 一 {#a}\n\n我們蒐集您的姓名或電子郵件。",
        "zh-TW",
    )
    assert block_edits(item) == [(DELETE, "與"), (INSERT, "或")]


def test_a_rewritten_paragraph_is_one_deletion_and_one_insertion():
    head = "Intro.\n\n## A {#a}\n\nKept paragraph.\n\n"
    old = head + "Our engineers review every change to the systems before deployment."
    new = head + "Access to production requires two-factor authentication and is logged."
    item = section(old, new)
    assert [b.op for b in item.blocks] == [EQUAL, DELETE, INSERT]
    assert block_edits(item) == [
        (DELETE, "Our engineers review every change to the systems before deployment."),
        (INSERT, "Access to production requires two-factor authentication and is logged."),
    ]
    out = html_of(item)
    assert out.count("<del>") == 1 and out.count("<ins>") == 1


def test_a_rewritten_chinese_paragraph_is_not_interleaved_character_by_character():
    old = "前言。\n\n## 一 {#a}\n\n我們的工程師會在部署前審查儲存您資料之系統的每一項變更。"
    new = "前言。\n\n## 一 {#a}\n\n存取正式環境須經雙重驗證,並全程記錄。"
    assert [b.op for b in section(old, new, "zh-TW").blocks] == [DELETE, INSERT]


def test_a_link_target_change_marks_the_link_text_and_notes_the_new_target():
    item = section(
        "Intro.\n\n## A {#a}\n\nRead [the terms](https://example.com/terms) first.",
        "Intro.\n\n## A {#a}\n\nRead [the terms](https://example.com/terms-of-use) first.",
    )
    [block] = item.blocks
    assert block.op == CHANGED and block_edits(item) == []
    out = html_of(item)
    assert (
        '<a href="https://example.com/terms-of-use"><mark class="redline-attr">the terms</mark></a>'
        '<span class="redline-note">[link target changed from https://example.com/terms to '
        "https://example.com/terms-of-use]</span>"
    ) in out
    assert diff.terminal_lines(item, color=False) == [
        "Read the terms (link target changed from https://example.com/terms to "
        "https://example.com/terms-of-use) first."
    ]


def test_links_to_other_policies_are_rebased_for_the_page_that_shows_them():
    item = section(
        "Intro.\n\n## A {#a}\n\nSee [terms](terms.md#use).",
        "Intro.\n\n## A {#a}\n\nSee [the terms](terms.md#use).",
    )
    assert '<a href="../../../terms/#use">' in html_of(item)
    assert blocks.rebase_url("index.md", "../../") == "../../"
    assert blocks.rebase_url("sub/x.md#y", "../") == "../sub/x/#y"
    for kept in ("#a", "https://x.example/", "mailto:a@b.example", "/abs/"):
        assert blocks.rebase_url(kept, "../../") == kept


def test_a_removed_list_item_stays_in_its_list_with_its_number():
    old = "Intro.\n\n## A {#a}\n\n1. First.\n2. Second.\n3. Third."
    new = "Intro.\n\n## A {#a}\n\n1. First.\n2. Third."
    out = html_of(section(old, new))
    assert out.count("<ol>") == 1, out
    assert re.findall(r'<li value="(\d)">', out) == ["1", "2", "2"]
    assert '<li value="2"><del>' in out


def test_a_table_row_added_and_a_cell_changed():
    old = "Intro.\n\n## A {#a}\n\n| Data | Kept |\n| --- | --- |\n| Logs | 30 days |"
    new = "Intro.\n\n## A {#a}\n\n| Data | Kept |\n| --- | --- |\n| Logs | 60 days |\n| Bills | 7 years |"
    item = section(old, new)
    assert [b.op for b in item.blocks] == [EQUAL, CHANGED, INSERT]
    assert block_edits(item) == [(DELETE, "30"), (INSERT, "60"), (INSERT, "Bills"), (INSERT, "7 years")]
    out = html_of(item)
    assert out.count("<table>") == 1 and out.count("<tr>") == 3


def test_a_class_change_is_noted_on_the_block():
    item = section("Intro.\n\n## A {#a}\n\nText.\n{: .note }", "Intro.\n\n## A {#a}\n\nText.\n{: .warning }")
    assert (
        '<p class="warning">Text.<span class="redline-note">[class changed from note to warning]'
        in html_of(item)
    )


def test_a_source_only_change_is_changed_but_marks_nothing():
    item = section("Intro.\n\n## A {#a}\n\nOne line\nof text.", "Intro.\n\n## A {#a}\n\nOne line of\ntext.")
    assert item.status == "changed" and not marks.visible_change(item)
    html = redlines.redline_html(diff.Redline("en", [item]), "en", redlines.CHANGES_ROOT)
    assert "Only the Markdown of this section changed" in html


@pytest.mark.parametrize(
    "lang,old,new", [("en", "Privacy Policy", "Privacy Notice"), ("zh-TW", "隱私權政策", "隱私權聲明")]
)
def test_a_title_change_is_a_change_of_the_intro(lang, old, new):
    body = "Intro.\n\n## A {#a}\n\nText."
    redline = diff.compare(doc(body, lang, old), doc(body, lang, new), lang)
    intro = redline.sections[0]
    assert intro.status == "changed" and redline.summary["changed"] == 1
    assert intro.blocks[0].block["k"] == "title"
    removed, added = (old[-2:], new[-2:]) if lang == "zh-TW" else ("Policy", "Notice")
    assert block_edits(intro) == [(DELETE, removed), (INSERT, added)]
    assert diff.terminal_lines(intro, color=False)[0] == f"{old[: -len(removed)]}[-{removed}-]{{+{added}+}}"


def test_a_title_change_in_the_heading_line_only_is_a_change_too():
    body = "Intro.\n\n## A {#a}\n\nText."
    redline = diff.compare(doc(body, h1="Privacy Policy"), doc(body, h1="Privacy Notice"), "en")
    intro = redline.sections[0]
    assert intro.status == "changed"
    assert (INSERT, "Privacy Notice") in block_edits(intro) or (INSERT, "Notice") in block_edits(intro)


def test_statuses_without_rendering_agree_with_the_redline():
    versions = [
        "Intro.\n\n## A {#a}\n\nAlpha.\n\n## B {#b}\n\nBeta.",
        "Intro.\n\n## B {#b}\n\nBeta **bold**.\n\n## A {: #a }\n\nAlpha.  \n\n## C {#c}\n\nGamma.",
        "New intro.\n\n## C {#c}\n\nGamma.\n\n## A {#a}\n\nAlpha.",
    ]
    docs = [doc(v) for v in versions]
    for old, new in zip([None, *docs], docs):
        full = diff.compare(old, new, "en")
        cheap = diff.compare(old, new, "en", inline=False)
        assert [(s.key, s.status) for s in full.sections] == [(s.key, s.status) for s in cheap.sections]
        assert full.summary == cheap.summary


def test_redline_markup_is_deterministic_and_already_clean():
    old = doc(RICH)
    new = doc(RICH.replace("30 days", "60 days").replace("nested two", "nested 2").replace("first", "1st"))
    first = redlines.redline_html(diff.compare(old, new, "en"), "en", redlines.CHANGES_ROOT)
    second = redlines.redline_html(diff.compare(old, new, "en"), "en", redlines.CHANGES_ROOT)
    assert first == second
    assert sanitize.clean(first) == first
    assert "<script" not in first and "style=" not in first and "data-" not in first


def test_html_in_the_text_is_escaped_in_the_redline():
    item = section("Intro.\n\n## A {#a}\n\nUse `<b>` tags.", "Intro.\n\n## A {#a}\n\nUse `<i>` tags.")
    out = html_of(item)
    assert "<code>&lt;<del>" in out and "<b>" not in out and "<i>" not in out


def test_rewrites_cost_no_character_diff():
    """A section rewritten beyond recognition in every paragraph is replaced, not diffed: fast."""
    words = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa"]
    words += ["lambda", "mu", "nu", "xi", "omicron", "pi"]
    old = "\n\n".join(" ".join(words[(i + j) % 16] + str(i) for j in range(40)) + "." for i in range(150))
    new = "\n\n".join(
        " ".join(words[(i * 7 + j) % 16] + str(i + 500) for j in range(40)) + "." for i in range(150)
    )
    old_doc, new_doc = doc("Intro.\n\n## A {#a}\n\n" + old), doc("Intro.\n\n## A {#a}\n\n" + new)
    start = time.perf_counter()
    redline = diff.compare(old_doc, new_doc, "en")
    assert time.perf_counter() - start < 10
    ops = [b.op for b in redline.sections[1].blocks]
    assert ops.count(DELETE) == 150 and ops.count(INSERT) == 150


def test_block_data_is_the_same_however_it_was_rendered():
    """Sections rendered together, alone, or reused from the version before give the same data:
    a cold build, a warm one and a serve rebuild must publish the same bytes."""
    more = RICH + "\n\n## B {#b}\n\nBee with **bold**.\n\n### B.1 {#b1}\n\n- x\n- y\n\n## C {#c}\n\nSee."
    first = doc(more)
    second = doc(more.replace("30 days", "60 days").replace("nested two", "nested 2").replace("See.", "Sea."))
    together = blocks.TextRenderer()
    together.data(first, "en")
    after_first = together.data(second, "en")
    fresh = blocks.TextRenderer().data(second, "en")
    assert after_first == fresh
    renderer = blocks.TextRenderer().renderer
    assert len(fresh["sections"]) == 5
    for section, source in zip(fresh["sections"][1:], second.sections):
        alone = blocks.render_section(f"## {source.title}\n\n{source.text}", "en", renderer, True)
        assert {key: section[key] for key in alone} == alone


# ---------------------------------------------------------------- renumbering, navigation, first versions
# (issue 27, item 5)


def renumbered_marks(markup: str) -> list[str]:
    """The visible renumbering marks of a redline's HTML, in reading order ("renumbered 3 → 2")."""
    return re.findall(r'<span class="redline-renumbered"><span aria-hidden="true">([^<]*)</span>', markup)


def test_a_deleted_list_item_keeps_its_number_and_the_items_after_it_are_marked_renumbered():
    old = "Intro.\n\n## A {#a}\n\n1. First.\n2. Second.\n3. Third.\n4. Fourth."
    new = "Intro.\n\n## A {#a}\n\n1. First.\n2. Third.\n3. Fourth."
    item = section(old, new)
    assert [b.renumbered for b in item.blocks] == [None, None, (3, 2), (4, 3)]
    out = html_of(item)
    # The deleted item shows its own (old) number; the next items their new one, marked.
    assert re.findall(r'<li value="(\d)">', out) == ["1", "2", "2", "3"]
    assert '<li value="2"><del>' in out
    assert renumbered_marks(out) == ["renumbered 3 → 2", "renumbered 4 → 3"]
    assert '<span class="sr-only">[renumbered from 3 to 2] </span>' in out
    assert marks.visible_change(item)
    # policy diff: the old number struck, the new one inserted.
    assert diff.terminal_lines(item, color=False) == [
        "1. First.",
        "2. [-Second.-]",
        "[-3-]{+2+}. Third.",
        "[-4-]{+3+}. Fourth.",
    ]


def test_an_inserted_list_item_marks_the_items_after_it_renumbered_not_itself():
    old = "Intro.\n\n## A {#a}\n\n1. First.\n2. Second.\n3. Third."
    new = "Intro.\n\n## A {#a}\n\n1. First.\n2. New.\n3. Second.\n4. Third."
    out = html_of(section(old, new))
    assert re.findall(r'<li value="(\d)">', out) == ["1", "2", "3", "4"]
    assert renumbered_marks(out) == ["renumbered 2 → 3", "renumbered 3 → 4"]
    assert re.search(r'<li value="2"><ins>', out), out  # the new item: inserted, not renumbered


def test_a_loose_list_item_holding_paragraphs_is_marked_once_and_unnumbered_lists_never():
    old = (
        "Intro.\n\n## A {#a}\n\n1. One.\n\n2. Two.\n\n    More of two.\n\n3. Three.\n\nThen:\n\n- x\n- y\n- z"
    )
    new = "Intro.\n\n## A {#a}\n\n1. Two.\n\n    More of two.\n\n2. Three.\n\nThen:\n\n- y\n- z"
    item = section(old, new)
    assert item.renumbered  # the items holding paragraphs are containers
    out = html_of(item)
    assert renumbered_marks(out) == ["renumbered 2 → 1", "renumbered 3 → 2"]
    assert out.count('<span aria-hidden="true">renumbered 2 → 1</span>') == 1
    assert "<ul><li><del>" in out and "renumbered" not in out.split("<ul>")[1]


@pytest.mark.parametrize(
    "title,number",
    [
        ("4. Security", "4"),
        ("4.2 Information we obtain", "4.2"),
        ("IV. Scope", "IV"),
        ("§ 3 Terms", "3"),
        ("Article 12", "12"),
        ("第四條 總則", "四"),
        ("第 4 條", "4"),
        ("一、總則", "一"),
        ("1. 帳號", "1"),
        ("2024 Update", None),
        ("Security", None),
    ],
)
def test_a_heading_number_is_read_from_the_start_of_the_title(title, number):
    assert diff.section_number(title) == number


@pytest.mark.parametrize(
    "lang,old,new,numbers",
    [("en", "4. Security", "3. Security", ("4", "3")), ("zh-TW", "第四條 安全", "第三條 安全", ("四", "三"))],
)
def test_a_renumbered_section_is_marked_renumbered_in_its_heading_and_in_the_list(lang, old, new, numbers):
    body = "Intro.\n\n## {} {{#security}}\n\nText."
    redline = diff.compare(doc(body.format(old), lang), doc(body.format(new), lang), lang)
    security = redline.sections[1]
    assert security.status == "changed" and security.number == numbers
    html = redlines.redline_html(redline, lang, redlines.CHANGES_ROOT)
    heading = re.search(r'<h2 class="redline-title">.*?</h2>', html.split('id="security"')[1]).group(0)
    listed = re.search(r'<ul class="redline-changes-list">.*?</ul>', html).group(0)
    expected = locale.text(lang, "renumbered", old=security.number[0], new=security.number[1])
    assert renumbered_marks(heading) == [expected] and renumbered_marks(listed) == [expected]
    assert "Only the Markdown" not in html


def test_the_changed_sections_are_listed_at_the_top_with_links_and_linked_to_each_other():
    sections = "\n\n## A {#a}\n\nAlpha.\n\n## B {#b}\n\nBeta.\n\n## C {#c}\n\nGamma.\n\n## D {#d}\n\nDelta."
    old = doc("Intro." + sections)
    new = doc(
        "Intro 2."
        + sections.replace("Beta.", "Beta two.").replace("## C {#c}\n\nGamma.", "")
        + "\n\n## E {#e}\n\nEta."
    )
    html = redlines.redline_html(diff.compare(old, new, "en"), "en", redlines.CHANGES_ROOT)
    listed = re.search(r'<div class="redline-changes" id="redline-changes"[^>]*>(.*?)</div>', html).group(1)
    assert "Sections changed: 4" in listed
    targets = re.findall(r'<a href="#([^"]+)">', listed)
    assert targets == ["redline-intro", "b", "c", "e"]  # in reading order, the removed C where it stood
    ids = set(re.findall(r'\sid="([^"]+)"', html))
    for target in targets + re.findall(r'class="redline-nav-[a-z]+" href="#([^"]+)"', html):
        assert target in ids, target
    # Each change links to the one before and the one after it (and back to the list).
    navigation = {}
    for chunk in html.split("<section ")[1:]:
        found = re.search(r'<p class="redline-nav">(.*?)</p>', chunk)
        if found:
            navigation[re.search(r'id="([^"]+)"', chunk).group(1)] = found.group(1)
    assert list(navigation) == targets
    for index, target in enumerate(targets):
        links = dict(re.findall(r'redline-nav-([a-z]+)" href="#([^"]+)"', navigation[target]))
        assert links.get("previous") == (targets[index - 1] if index else None)
        assert links.get("next") == (targets[index + 1] if index + 1 < len(targets) else None)
        assert links["list"] == "redline-changes"
    # Unchanged sections are not listed; they stay folded.
    assert 'id="a"' in re.search(r"<details.*?</details>", html).group(0)


def test_a_redline_without_changes_has_no_list_and_a_single_change_no_links_between_changes():
    body = "Intro.\n\n## A {#a}\n\nAlpha.\n\n## B {#b}\n\nBeta."
    same = redlines.redline_html(diff.compare(doc(body), doc(body), "en"), "en", redlines.CHANGES_ROOT)
    assert "redline-changes" not in same and "redline-nav" not in same
    one = redlines.redline_html(
        diff.compare(doc(body), doc(body.replace("Beta", "Bet")), "en"), "en", redlines.CHANGES_ROOT
    )
    assert re.findall(r'<a href="#([^"]+)">', one) == ["b"] and "redline-nav" not in one


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_the_first_version_is_its_text_as_it_reads_without_marks(lang):
    body = "Intro *text*.\n\n## 1. A {#a}\n\n1. One.\n2. Two.\n\n## 2. B {#b}\n\n"
    body += "| X | Y |\n| --- | --- |\n| 1 | 2 |"
    redline = diff.compare(None, doc(body, lang), lang)
    assert redline.first and {s.status for s in redline.sections} == {"added"}  # (the counts)
    html = redlines.redline_html(redline, lang, redlines.CHANGES_ROOT)
    for absent in ("<ins", "<del", "redline-status", "redline-changes", "redline-nav", "redline-renumbered"):
        assert absent not in html, absent
    assert html.count("redline-section--published") == 3
    assert "Intro <em>text</em>." in html and '<li value="2">Two.</li>' in html and "<td>2</td>" in html
    assert 'id="a"' in html and 'id="b"' in html
