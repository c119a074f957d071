"""policysite.diff: section alignment and inline redlines (words in English, characters in Chinese)."""

from __future__ import annotations

import pytest

from policysite import diff, sources
from policysite.diff import DELETE, EQUAL, INSERT


def doc(body: str, lang: str = "en", title: str = "Policy"):
    text = f"---\ntitle: {title}\nversion: 2020.01.01\n---\n\n# {title}\n\n{body}\n"
    document, found = sources.parse(text, f"{lang}/p.md", "p", lang)
    assert document is not None, found
    return document


def sides(ops):
    """The old and the new text a redline stands for."""
    old = "".join(text for op, text in ops if op != INSERT)
    new = "".join(text for op, text in ops if op != DELETE)
    return old, new


def edits(ops):
    return [(op, text) for op, text in ops if op != EQUAL]


# ---------------------------------------------------------------- tokens


def test_english_tokens_are_words_spaces_and_punctuation():
    assert diff.tokenize("We share data, ok?", "en") == ["We", " ", "share", " ", "data", ",", " ", "ok", "?"]


def test_chinese_tokens_are_characters_but_latin_runs_stay_whole():
    assert diff.tokenize("我們使用 Cookie 與ID123。", "zh-TW") == [
        "我",
        "們",
        "使",
        "用",
        " ",
        "Cookie",
        " ",
        "與",
        "ID123",
        "。",
    ]


# ---------------------------------------------------------------- inline


def test_english_changes_whole_words():
    ops = diff.diff_text(
        "We never share your data with partners.", "We never sell your data to partners.", "en"
    )
    assert edits(ops) == [(DELETE, "share"), (INSERT, "sell"), (DELETE, "with"), (INSERT, "to")]


@pytest.mark.parametrize(
    "old,new,expected",
    [
        ("The cat sat.", "The cats sat.", [(DELETE, "cat"), (INSERT, "cats")]),
        ("We process data.", "We processed data.", [(DELETE, "process"), (INSERT, "processed")]),
        ("Contact us.", "Contact you.", [(DELETE, "us"), (INSERT, "you")]),
    ],
)
def test_english_never_splits_a_word(old, new, expected):
    assert edits(diff.diff_text(old, new, "en")) == expected


def test_chinese_changes_single_characters():
    ops = diff.diff_text("我們蒐集您的姓名及電子郵件地址。", "我們蒐集您的姓名或電子郵件地址。", "zh-TW")
    assert ops == [(EQUAL, "我們蒐集您的姓名"), (DELETE, "及"), (INSERT, "或"), (EQUAL, "電子郵件地址。")]
    ops = diff.diff_text("我們絕不與合作夥伴分享您的資料。", "我們絕不與合作夥伴共享您的資料。", "zh-TW")
    assert edits(ops) == [(DELETE, "分"), (INSERT, "共")]


def test_latin_words_inside_chinese_stay_whole():
    ops = diff.diff_text("我們使用 Cookie 記錄。", "我們使用 Cookies 記錄。", "zh-TW")
    assert edits(ops) == [(DELETE, "Cookie"), (INSERT, "Cookies")]


def test_semantic_cleanup_merges_scattered_edits():
    """Many tiny equalities between edits read better as one replacement."""
    ops = diff.diff_text("alpha beta gamma delta", "one beta two delta three", "en")
    assert sides(ops) == ("alpha beta gamma delta", "one beta two delta three")
    assert all(op != EQUAL or text.strip() for op, text in ops)  # no equality of spaces alone


@pytest.mark.parametrize(
    "lang,old,new",
    [
        (
            "en",
            "Intro.\n\n1. First item\n2. Second item",
            "Intro changed.\n\n1. First item\n3. Third item\n\nEnd.",
        ),
        ("en", "", "Something new."),
        ("en", "Something old.", ""),
        ("zh-TW", "本政策將隨時修正,修正版本將公告。", "本政策得隨時修正;修正後之版本將公告於網站。"),
        ("zh-TW", "第一段。\n\n第二段。", "第二段。\n\n第一段。"),
    ],
)
def test_redline_reproduces_both_texts(lang, old, new):
    ops = diff.diff_text(old, new, lang)
    assert sides(ops) == (old, new)
    assert all(text for _, text in ops)
    assert all(a[0] != b[0] for a, b in zip(ops, ops[1:])), ops  # adjacent ops are merged
    assert diff.diff_text(old, new, lang) == ops  # deterministic


def test_identical_and_empty_texts():
    assert diff.diff_text("Same.", "Same.", "en") == [(EQUAL, "Same.")]
    assert diff.diff_text("", "", "en") == []
    assert diff.diff_text("", "新", "zh-TW") == [(INSERT, "新")]


def test_the_date_lookahead_changes_no_token():
    """The tokenizer tries dates only where one can start (a digit, a month's capital, a Chinese
    numeral, 民國): on random texts made of dates' own pieces it cuts exactly what the patterns
    without that lookahead cut."""
    import random
    import re

    from policysite import tokens

    plain = {
        "en": re.compile(rf"{tokens._DATE}|{tokens._NUMBER}|{tokens._WORD}|\s+|.", re.DOTALL),
        "zh-TW": re.compile(
            rf"{tokens._DATE}|{tokens._NUMBER}|{tokens._WORD}|{tokens._ZH_NUMERAL}|\s+|.", re.DOTALL
        ),
    }
    pieces = [
        *("March", "Mar.", "Sept", "December", "Oct", "of", "7", "7th", "20", "2024", "3/7/2024"),
        *("2024-03-07", "1,000.5", "١٢", "１２", "民國", "113", "年", "月", "日", "號", "三", "七", "十"),
        *("〇", "兩百", "資料", "word", "don't", "x-y", " ", "\t", "\n", ",", ".", "。", "a"),
    ]
    rng = random.Random(7)
    for lang, pattern in plain.items():
        for _ in range(20000):
            text = "".join(rng.choice(pieces) for _ in range(rng.randrange(1, 9)))
            assert tokens.tokenize(text, lang) == pattern.findall(text), (lang, text)


def test_many_distinct_tokens():
    old = " ".join(f"w{n}" for n in range(9000))
    new = old.replace("w4500", "changed")
    assert edits(diff.diff_text(old, new, "en")) == [(DELETE, "w4500"), (INSERT, "changed")]


def test_a_sentence_rewritten_beyond_the_edit_cap_keeps_only_its_common_start_and_end():
    """Clauses reordered: every word kept (so the pair is similar), but the fewest edits exceed a
    third of the tokens (align.edit_cap): the words between the common start and end are replaced
    whole, and diff-match-patch never runs.  One clause moved stays within the cap: diffed."""
    from policysite import align

    clauses = [" ".join(f"{word}{n}" for n in range(12)) for word in ("alpha", "beta", "gamma", "delta")]
    old = "We keep " + ", ".join(clauses) + "."
    new = "We keep " + ", ".join(reversed(clauses)) + "."
    align.WORK.reset()
    ops = diff.diff_text(old, new, "en")
    assert ops[0] == (EQUAL, "We keep ") and ops[-1] == (EQUAL, ".")
    assert [op for op, _ in ops] == [EQUAL, DELETE, INSERT, EQUAL]
    assert (align.WORK.pairs, align.WORK.replaced, align.WORK.diffs) == (1, 1, 0)
    moved = "We keep " + ", ".join([clauses[1], clauses[2], clauses[0], clauses[3]]) + "."
    ops = diff.diff_text(old, moved, "en")
    assert sides(ops) == (old, moved)
    assert [text for op, text in ops if op == DELETE] == [clauses[0] + ", "]
    assert align.WORK.diffs == 1


# ---------------------------------------------------------------- sections

OLD = """Intro.

## A {#a}

Alpha.

## B {#b}

Beta.

### B.1 {: #b-one }

Beta one.

## C {#c}

Gamma.

## D {#d}

Delta."""

NEW = """Intro.

## C {#c}

Gamma.

## A {#a}

Alpha.

## B {#b}

Beta changed.

### B.1 {: #b-one }

Beta one.

## E {#e}

Epsilon."""


def test_sections_are_aligned_by_id():
    redline = diff.compare(doc(OLD), doc(NEW), "en")
    status = {s.key: s.status for s in redline.sections}
    assert status == {
        "(intro)": "unchanged",
        "c": "moved",
        "a": "unchanged",
        "b": "changed",
        "b-one": "unchanged",
        "e": "added",
        "d": "removed",
    }
    assert redline.summary == {"added": 1, "removed": 1, "changed": 1, "moved": 1}
    assert redline.changed and not redline.first
    by_id = {s.key: s for s in redline.sections}
    assert by_id["(intro)"].id is None
    assert by_id["b-one"].level == 3
    assert edits(by_id["b"].body_ops) == [(INSERT, " changed")]
    assert by_id["e"].title_ops == [(INSERT, "E")] and by_id["e"].body_ops == [(INSERT, "Epsilon.")]
    assert by_id["d"].title_ops == [(DELETE, "D")] and by_id["d"].body_ops == [(DELETE, "Delta.")]
    # The new order, with the removed section where it stood.
    assert [s.key for s in redline.sections] == ["(intro)", "c", "a", "b", "b-one", "e", "d"]


def test_removed_section_stays_where_it_was():
    old = doc("Intro.\n\n## A {#a}\n\nAlpha.\n\n## B {#b}\n\nBeta.\n\n## C {#c}\n\nGamma.")
    new = doc("Intro.\n\n## A {#a}\n\nAlpha.\n\n## C {#c}\n\nGamma.")
    assert [(s.key, s.status) for s in diff.compare(old, new, "en").sections] == [
        ("(intro)", "unchanged"),
        ("a", "unchanged"),
        ("b", "removed"),
        ("c", "unchanged"),
    ]


def test_heading_text_change_is_a_change_of_the_same_section():
    old = doc("Intro.\n\n## 1. Sharing {#sharing}\n\nText.")
    new = doc("Intro.\n\n## 1. Disclosure {#sharing}\n\nText.")
    [_, sharing] = diff.compare(old, new, "en").sections
    assert sharing.status == "changed"
    assert edits(sharing.title_ops) == [(DELETE, "Sharing"), (INSERT, "Disclosure")]
    assert sharing.body_ops == [(EQUAL, "Text.")]


def test_intro_change_counts_as_changed():
    redline = diff.compare(
        doc("Old intro.\n\n## A {#a}\n\nAlpha."), doc("New intro.\n\n## A {#a}\n\nAlpha."), "en"
    )
    assert redline.sections[0].status == "changed" and redline.sections[0].id is None
    assert redline.summary == {"added": 0, "removed": 0, "changed": 1, "moved": 0}


def test_spelling_only_changes_are_not_changes():
    """What renders the same is the same: attribute-list spelling, trailing spaces, blank lines."""
    old = doc("Intro.\n\n## A {#a}\n\nWe never sell data.\n\n\n\nNor rent it.")
    new = doc("Intro.\n\n## A {: #a }\n\nWe never  sell data.   \n\nNor rent it.")
    redline = diff.compare(old, new, "en")
    assert [s.status for s in redline.sections] == ["unchanged", "unchanged"]
    assert not redline.changed


def test_emphasis_is_part_of_the_text():
    """Emphasis shows on the page, so adding it is a change of the emphasised word."""
    old = doc("Intro.\n\n## A {#a}\n\nWe never sell data.")
    new = doc("Intro.\n\n## A {#a}\n\nWe **never** sell data.")
    section = diff.compare(old, new, "en").sections[1]
    assert section.status == "changed"
    [block] = section.blocks
    pieces = [(op, text, tags) for op, text, tags, _ in block.pieces()[0][2] if op != EQUAL]
    assert pieces == [(DELETE, "never", ()), (INSERT, "never", ("<strong>",))]


def test_first_version_is_all_added():
    redline = diff.compare(None, doc(OLD), "en")
    assert redline.first
    assert {s.status for s in redline.sections} == {"added"}
    assert redline.summary["added"] == 5  # a, b, b-one, c, d (the intro has no ID)


def test_chinese_sections_are_redlined_by_character():
    old = doc("前言。\n\n## 一、總則 {#general}\n\n我們蒐集您的姓名與電子郵件。", "zh-TW", "隱私權政策")
    new = doc("前言。\n\n## 一、總則 {#general}\n\n我們蒐集您的姓名或電子郵件。", "zh-TW", "隱私權政策")
    general = diff.compare(old, new, "zh-TW").sections[1]
    assert edits(general.body_ops) == [(DELETE, "與"), (INSERT, "或")]


# ---------------------------------------------------------------- output


def test_html_marks_and_escapes():
    ops = [(EQUAL, "a < b & "), (DELETE, "<old>"), (INSERT, "new & better")]
    out = diff.to_html(ops, ("inserted", "deleted"))
    assert out.startswith("a &lt; b &amp; ")
    assert (
        '<del><span class="sr-only">[deleted: </span>&lt;old&gt;<span class="sr-only">]</span></del>' in out
    )
    assert (
        '<ins><span class="sr-only">[inserted: </span>new &amp; better<span class="sr-only">]</span></ins>'
        in out
    )
    assert "<old>" not in out


def test_terminal_marks():
    ops = [(EQUAL, "We "), (DELETE, "share"), (INSERT, "sell"), (EQUAL, " data.")]
    assert diff.to_terminal(ops, color=False) == "We [-share-]{+sell+} data."
    colored = diff.to_terminal(ops, color=True)
    assert "\033[31;9mshare\033[0m" in colored and "\033[32;4msell\033[0m" in colored


# ---------------------------------------------------------------- the quick outline


def _quick_cases() -> list[tuple[str, str]]:
    """(name, source) pairs: the seed, the five-version history, the anchor policy, and edits
    of the seed that the quick reading must either read as the parser does or leave to it."""
    from pathlib import Path

    import anchor_policy
    import redline_history

    root = Path(__file__).resolve().parents[2]
    seed = {lang: (root / lang / "privacy.md").read_text(encoding="utf-8") for lang in ("en", "zh-TW")}
    cases = [(f"seed-{lang}", text) for lang, text in seed.items()]
    for version, sources_of in redline_history.texts().items():
        cases += [(f"history-{version}-{lang}", text) for lang, text in sources_of.items()]
    cases += [
        ("anchors-en", anchor_policy.EN),
        ("anchors-zh", anchor_policy.ZH),
    ]
    text = seed["en"]
    first = text.index("\n## ")
    edits = {
        "trailing-spaces": text.replace(".\n", ".   \n"),
        "tabs-and-doubled-spaces": text.replace(" the ", "  the\t"),
        "blank-lines": text.replace("\n\n", "\n\n\n\n", 3),
        "h1-differs": text.replace("\n# ", "\n# Our ", 1),
        "no-h1": "\n".join(line for line in text.split("\n") if not line.startswith("# ")),
        "subsections": text[:first] + "\n### 0.1 Scope {#scope}\n\nIt applies.\n" + text[first:],
        "hashtag-line": text[:first] + "\n#hashtag\n" + text[first:],
        "trailing-hashes": text.replace(" {#", " ## {#", 1),
        "class-and-id": text.replace(" {#", " {: .x #", 1),
        "second-title-line": text + "\n# Another title\n\nMore.\n",
        "fence": text[:first] + "\n```\n## not a heading {#nope}\n```\n" + text[first:],
        "setext": text[:first] + "\nUnderlined {#under}\n---\n" + text[first:],
        "no-id": text[:first] + "\n## Without an ID\n\nText.\n" + text[first:],
        "duplicate-id": text + "\n## Again {#" + text[first:].split("{#", 1)[1].split("}", 1)[0] + "}\n",
        "crlf": text.replace("\n", "\r\n"),
        "bom": "\ufeff" + text,
        "full-width-hash": text.replace("\n## ", "\n＃＃ ", 1),
        "no-break-space": text.replace("## ", "##\u00a0", 1),
        "conflict": text + "\n<<<<<<< HEAD\nA\n=======\nB\n>>>>>>> other\n",
        "indented-heading": text[:first] + "\n    ## code {#code}\n" + text[first:],
    }
    return cases + list(edits.items())


@pytest.mark.parametrize("name,text", _quick_cases(), ids=lambda value: value if len(value) < 40 else "")
def test_the_quick_outline_reads_what_the_parser_reads_or_leaves_it_to_the_parser(name, text):
    from policysite import blocks

    data = text.encode("utf-8")
    header = sources.read_header(data, "en/privacy.md")
    document, _ = sources.parse(data, "en/privacy.md", "privacy", "en")
    quick = blocks.quick_outline(data, header.title if header else None)
    if quick is not None:
        assert quick == blocks.outline(document), name


def test_the_quick_outline_takes_the_plain_case():
    # The plain case is the common one: the seed and every version of the history are read quickly.
    from policysite import blocks

    plain = [text for name, text in _quick_cases() if name.startswith(("seed", "history"))]
    assert all(blocks.quick_outline(t.encode(), sources.read_header(t.encode(), "x").title) for t in plain)
    for name in ("fence", "setext", "no-id", "crlf", "bom", "full-width-hash", "conflict", "duplicate-id"):
        text = dict(_quick_cases())[name]
        header = sources.read_header(text.encode(), "x")
        assert blocks.quick_outline(text.encode(), header.title if header else None) is None, name


def test_the_quick_outline_agrees_with_the_parser_on_random_edits():
    import random

    from policysite import blocks

    rng = random.Random(20261130)
    base = dict(_quick_cases())["seed-zh-TW"].split("\n")
    pieces = ["#", "## ", "# ", "{#a1}", " {#b2}", "{: #c3 }", "   ", "\t", "-", "=", "|", "<b>", "*", "1. "]
    pieces += ["```", ""]
    compared = 0
    for _ in range(400):
        lines = list(base)
        for _ in range(rng.randint(1, 4)):
            index = rng.randrange(5, len(lines))
            piece = rng.choice(pieces) + rng.choice(pieces) + rng.choice(["x", "文", "", "## y {#y}"])
            if rng.random() < 0.5:
                lines.insert(index, piece)
            else:
                lines[index] = piece + lines[index] if rng.random() < 0.5 else lines[index] + piece
        data = "\n".join(lines).encode("utf-8")
        header = sources.read_header(data, "zh-TW/privacy.md")
        quick = blocks.quick_outline(data, header.title if header else None)
        if quick is not None:
            document, _ = sources.parse(data, "zh-TW/privacy.md", "privacy", "zh-TW")
            assert quick == blocks.outline(document), "\n".join(lines)
            compared += 1
    assert compared > 100  # most random edits keep to the plain case, so the comparison is real
