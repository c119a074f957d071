"""Section IDs for old repositories (policysite.ids), in process: the plan ``policy ids --write``
carries out in two languages, the bytes it writes (IDs on headings, aliases in the front matter),
and old versions matched to later IDs.  The slug styles themselves are checked one heading at a
time by tests/integration/test_ids_styles.py; here what is made of them."""

import pytest
import yaml

from policysite import ids, sources
from policysite.ids import Change, OutlineMismatch


def doc(body: str, lang: str = "en", policy: str = "privacy", front: str = "") -> sources.Document:
    """A policy whose title is on line 5 and whose body starts on line 7."""
    text = f"---\ntitle: T\nversion: 2024.01.01\n{front}---\n# T\n\n{body}"
    parsed, _ = sources.parse(text.encode(), f"{lang}/{policy}.md")
    assert parsed is not None
    return parsed


def changes(plan: ids.Plan) -> list[tuple[str, int, str]]:
    return [(c.path, c.line, c.id) for c in plan.changes]


@pytest.mark.parametrize(
    "title, text",
    [
        ("**Bold** and `code`", "Bold and code"),
        ("[a link](x.md) &amp; <em>tag</em>", "a link & tag"),
        ("  spaced  ", "spaced"),
        ("Ünïcödé 第一條", "Ünïcödé 第一條"),
    ],
)
def test_heading_text_is_what_a_reader_sees(title, text):
    assert ids.heading_text(title) == text


@pytest.mark.parametrize(
    "title, expected",
    [
        ("你好", ""),  # (nothing ASCII is left: the plan numbers it instead)
        ("Café crème", "cafe-creme"),
        ("  --Trim--  ", "trim"),
        ("a" * 59 + " b", "a" * 59),  # (cut at 60, no hyphen at the end)
        ("1 2 Three", "2-three"),  # (one numbering marker is dropped, not two)
    ],
)
def test_default_slug_edge_cases(title, expected):
    assert ids.slug(title) == expected


def test_missing_lists_every_heading_without_an_id_in_order():
    en = doc("## A\n\nx\n\n## B {#b}\n\n### C\n")
    zh = doc("## 甲 {#a}\n", "zh-TW")
    assert [(d.lang, s.title) for d, s in ids.missing([en, zh])] == [("en", "A"), ("en", "C")]


def test_linked_collects_the_anchors_links_name_in_this_and_other_policies():
    own = doc(
        "See [a](#scope), [b](#scope) and [c](privacy.md#data%20x).\n\n## Scope\n\n[far](https://x.example/#y)\n"
    )
    other = doc(
        "[one](privacy.md#rights) [two](../en/privacy.md#cookies) [three](#local) [four](terms.md#t) "
        "[five](/privacy/#abs) [six](mailto:a@b.example#m)\n",
        policy="terms",
    )
    assert ids.linked([own, other], "privacy") == {
        "scope": ["en/privacy.md:7", "en/privacy.md:7"],
        "data x": ["en/privacy.md:7"],
        "rights": ["en/terms.md:7"],
        "cookies": ["en/terms.md:7"],
    }


# ---------------------------------------------------------------- outlines


def test_outlines_at_another_level_are_refused_naming_both_headings():
    en = doc("## 1. Scope\n\nA.\n\n## Data\n\nB.\n")
    zh = doc("## 1. 範圍\n\nA.\n\n### 資料\n\nB.\n", "zh-TW")
    with pytest.raises(OutlineMismatch) as caught:
        ids.check_outlines({"en": en, "zh-TW": zh}, "en")
    assert str(caught.value) == (
        "zh-TW/privacy.md:11: heading 2 ('資料') is level 3 but level 2 in en/privacy.md:11 ('Data'); "
        "make the outlines match, then run 'policy ids --write' again"
    )


@pytest.mark.parametrize("longer", ["en", "zh-TW"])
def test_outlines_of_another_length_are_refused_naming_the_extra_heading(longer):
    two = "## 1. Scope\n\nA.\n\n## Data\n\nB.\n"
    one = "## 1. Scope\n\nA.\n"
    en = doc(two if longer == "en" else one)
    zh = doc(two if longer == "zh-TW" else one, "zh-TW")
    with pytest.raises(OutlineMismatch) as caught:
        ids.plan({"en": en, "zh-TW": zh}, "en")
    shorter = "zh-TW" if longer == "en" else "en"
    counts = "2 headings in en, 1 in zh-TW" if longer == "en" else "1 headings in en, 2 in zh-TW"
    assert str(caught.value) == (
        f"{longer}/privacy.md:11: heading 'Data' has no counterpart in {shorter}/privacy.md ({counts}); "
        "make the outlines match, then run 'policy ids --write' again"
    )


# ---------------------------------------------------------------- the plan


def test_the_same_new_id_goes_to_the_heading_at_the_same_place_in_every_language():
    en = doc("Intro.\n\n## 1. Scope\n\nA.\n\n## 你好\n\nB.\n\n### Scope {#scope}\n\nC.\n\n## Data\n\nD.\n")
    zh = doc(
        "Intro.\n\n## 1. 範圍\n\nA.\n\n## 你好\n\nB.\n\n### 範圍 {#scope}\n\nC.\n\n## 資料\n\nD.\n", "zh-TW"
    )
    plan = ids.plan({"en": en, "zh-TW": zh}, "en")
    assert changes(plan) == [
        ("en/privacy.md", 9, "scope-2"),  # ('scope' is taken)
        ("zh-TW/privacy.md", 9, "scope-2"),
        ("en/privacy.md", 13, "section-2"),  # (no ASCII slug: its position)
        ("zh-TW/privacy.md", 13, "section-2"),
        ("en/privacy.md", 21, "data"),
        ("zh-TW/privacy.md", 21, "data"),
    ]
    assert [c.title for c in plan.changes[:2]] == ["1. Scope", "1. 範圍"]
    assert (plan.aliases, plan.notes, plan.refused) == ({}, [], [])


def test_an_id_one_language_has_is_given_to_the_others_and_different_ids_are_left_alone():
    en = doc(
        "Intro [x](#2-data).\n\n## 1. Scope {#scope}\n\nA.\n\n## 2. Data\n\nB.\n\n## 3. Rights {#rights}\n"
    )
    zh = doc("Intro.\n\n## 1. 範圍 {#range}\n\nA.\n\n## 2. 資料 {#data-zh}\n\nB.\n\n## 3. 權利\n", "zh-TW")
    plan = ids.plan({"en": en, "zh-TW": zh}, "en", linked=ids.linked([en, zh], "privacy"))
    assert changes(plan) == [("en/privacy.md", 13, "data-zh"), ("zh-TW/privacy.md", 17, "rights")]
    assert plan.aliases == {"2-data": "data-zh"}  # (the linked former anchor lands on the section)
    assert plan.notes == [
        "en/privacy.md:9: heading 1 has different IDs (en 'scope', zh-TW 'range'); left as is",
        "en/privacy.md:7: the link to '#2-data' lands on 'data-zh' through an alias; change it to "
        "'#data-zh' ('policy check' wants links to name an ID)",
    ]


def test_default_style_takes_a_linked_former_anchor_as_the_id():
    en = doc("Intro [x](#2-data).\n\n## 2. Data\n\nB.\n\n## Data\n\nC.\n", front="aliases:\n  data: x\n")
    plan = ids.plan({"en": en}, "en", linked=ids.linked([en], "privacy"))
    # '2-data' is linked: it stays the ID; 'data' is an alias already, so the next is 'data-2'
    assert changes(plan) == [("en/privacy.md", 11, "2-data"), ("en/privacy.md", 15, "data-2")]
    assert plan.aliases == {} and plan.notes == []


def test_github_style_refuses_a_taken_anchor_and_then_writes_nothing():
    en = doc("Intro.\n\n## 2. Data\n\nB.\n\n## Data\n\nC.\n", front="aliases:\n  data: x\n")
    plan = ids.plan({"en": en}, "en", "github", keep=("mkdocs",))
    assert plan.refused == [
        "en/privacy.md:15: heading 'Data': GitHub's anchor 'data' is already an ID or alias of this policy; "
        "give the heading an ID by hand (e.g. '{#data-2}'), then run 'policy ids --write --style github' "
        "again"
    ]
    assert plan.changes == [] and plan.aliases == {}


def test_github_style_refuses_an_anchor_that_is_no_valid_id():
    plan = ids.plan({"en": doc("## -Dash\n\nD.\n")}, "en", "github")
    assert plan.refused == [
        "en/privacy.md:7: heading '-Dash': GitHub's anchor '-dash' is not a valid section ID (it starts "
        "with '-'); give the heading an ID by hand (e.g. '{#dash}'), then run "
        "'policy ids --write --style github' again"
    ]


def test_keep_github_keeps_its_anchor_as_an_alias_unless_it_is_another_elements():
    en = doc("## 1. Scope\n\nA.\n\n## 2. Data {#1-scope}\n\nB.\n")
    plan = ids.plan({"en": en}, "en", keep=("github",))
    assert changes(plan) == [("en/privacy.md", 7, "scope")]
    assert plan.aliases == {}
    assert plan.notes == [
        "en/privacy.md:7: heading '1. Scope': its github and mkdocs anchor '1-scope' is another element's "
        "ID or alias; not kept"
    ]


def test_a_policy_whose_headings_all_have_ids_needs_nothing():
    plan = ids.plan({"en": doc("## A {#a}\n"), "zh-TW": doc("## 甲 {#a}\n", "zh-TW")}, "en")
    assert plan == ids.Plan()


# ---------------------------------------------------------------- the bytes written


def test_apply_puts_the_id_in_the_headings_attribute_list_keeping_bom_and_crlf():
    text = "---\ntitle: T\n---\n# T\n\n## A ##\n\n## B {.wide}\n\n## C {: .x data-k=v }\n\nSetext\n------\n"
    data = b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode()
    written = ids.apply(
        data,
        [
            Change("p", 6, 2, "A", "a"),
            Change("p", 8, 2, "B", "b"),
            Change("p", 10, 2, "C", "c"),
            Change("p", 12, 2, "S", "s"),
        ],
    )
    expected = (
        "---\ntitle: T\n---\n# T\n\n## A {#a}\n\n## B {#b .wide}\n\n## C {: #c .x data-k=v }\n\n"
        "Setext {#s}\n------\n"
    )
    assert written == b"\xef\xbb\xbf" + expected.replace("\n", "\r\n").encode()


def test_an_applied_plan_parses_with_the_planned_ids():
    en = doc("## 1. Scope\n\nA.\n\n## Data\n\nB.\n")
    plan = ids.plan({"en": en}, "en")
    written, _ = sources.parse(ids.apply(en.text.encode(), plan.changes), "en/privacy.md")
    assert [(s.title, s.id) for s in written.sections] == [("1. Scope", "scope"), ("Data", "data")]


def test_add_aliases_leaves_a_file_without_front_matter_or_aliases_as_it_is():
    assert ids.add_aliases(b"# no front matter\n", {"a": "b"}) == b"# no front matter\n"
    assert ids.add_aliases(b"---\ntitle: T\n", {"a": "b"}) == b"---\ntitle: T\n"  # (unclosed)
    assert ids.add_aliases(b"---\ntitle: T\n---\n", {}) == b"---\ntitle: T\n---\n"


def test_add_aliases_quotes_keys_and_values_and_keeps_a_valid_id_readable():
    written = ids.add_aliases(
        b"---\ntitle: T\n...\nbody\n", {"\u7b2c\u4e00\u689d": "\u76ee\u7684", "a b": "c\u202e", "no": "yes"}
    )
    assert written.decode() == (
        '---\ntitle: T\naliases:\n  "第一條": "目的"\n  "a b": "c\\u202e"\n  "no": "yes"\n...\nbody\n'
    )
    assert yaml.safe_load(written.decode().split("...")[0].strip("-\n"))["aliases"] == {
        "第一條": "目的",
        "a b": "c\u202e",
        "no": "yes",
    }


def test_add_aliases_appends_to_an_indented_block_after_its_comments():
    written = ids.add_aliases(b"---\naliases:\n    old: a\n\n  # c\ntitle: T\n---\n", {"x": "y"})
    assert written == b'---\naliases:\n    old: a\n\n  # c\n    "x": "y"\ntitle: T\n---\n'
    assert yaml.safe_load(written.decode().strip("-\n"))["aliases"] == {"old": "a", "x": "y"}


# ---------------------------------------------------------------- history


OLD = (
    "Intro.\n\n## 1. Scope\n\nA.\n\n## Data We Collect\n\nB.\n\n### Cookies\n\nC.\n\n"
    "## Something else\n\nD.\n"
)
NEW = (
    "Intro.\n\n## 2. SCOPE {#scope}\n\nA.\n\n## Data we collected {#data}\n\nB.\n\n## Cookies {#cookies}\n\n"
    "C.\n\n## Totally different {#other}\n\nD.\n"
)


def test_adopt_matches_by_text_then_by_position_at_the_same_level():
    old, new = doc(OLD), doc(NEW)
    adopted = ids.adopt(old, new)
    assert [(s.title, s.id) for s in adopted.sections] == [
        ("1. Scope", "scope"),  # the same text, numbering and case aside
        ("Data We Collect", "data"),  # the same place, outlines of one length
        ("Cookies", None),  # level 3 there, 2 here: no match
        ("Something else", "other"),
    ]
    assert [s.id for s in old.sections] == [None, None, None, None]  # (old is not changed)


def test_adopt_needs_similar_text_when_the_outlines_differ_in_length():
    old = doc("## Data We Collect\n\nB.\n\n## Something else\n\nD.\n")
    new = doc(
        "## Data we collected {#data}\n\nB.\n\n## Totally different {#other}\n\nD.\n\n## More {#more}\n"
    )
    assert [s.id for s in ids.adopt(old, new).sections] == ["data", None]


def test_adopt_gives_each_id_once_and_keeps_the_old_texts_own():
    old = doc("## Scope {#scope}\n\n## Scope\n\n## Other\n")
    new = doc("## Scope {#scope}\n\n## Scope {#scope-2}\n\n## Other {#scope-3}\n")
    assert [s.id for s in ids.adopt(old, new).sections] == ["scope", "scope-2", "scope-3"]
    complete = doc("## A {#a}\n")
    assert ids.adopt(complete, new) is complete


def test_marked_body_writes_the_adopted_ids_on_atx_and_setext_headings():
    old = doc("Intro.\n\n## 1. Scope ##\n\nA.\n\nData\n----\n\nB.\n\n## Kept {.x}\n\nC.\n")
    new = doc("Intro.\n\n## Scope {#scope}\n\nA.\n\n## Data {#data}\n\nB.\n\n## Kept {#kept}\n\nC.\n")
    assert ids.marked_body(ids.adopt(old, new)) == (
        "# T\n\nIntro.\n\n## 1. Scope {#scope}\n\nA.\n\nData {#data}\n----\n\nB.\n\n"
        "## Kept {#kept .x}\n\nC.\n"
    )


def test_marked_body_adds_the_adopted_id_to_a_heading_with_an_attribute_list():
    old = doc("## 1. Scope {.x}\n\nA.\n")
    new = doc("## Scope {#scope}\n\nA.\n")
    assert "## 1. Scope {#scope .x}" in ids.marked_body(ids.adopt(old, new))
