"""Parity between languages (policysite.parity), in process, on small made-up policies: each rule's
code, file, line, section and message.  tests/integration/test_parity.py runs the same rules on the real
privacy policy with one defect at a time; here the rules' own edge cases: renamed IDs, an older
text a lagging translation is compared with, long outlines, many addresses, every kind of link."""

import pytest

from policysite import parity, project, sources

EN = "Intro.\n\n## A {#a}\n\nText.\n\n## B {#b}\n\nText.\n\n## C {#c}\n\nText.\n"


def src(body: str, version: str = "2024.01.01", front: str = "") -> bytes:
    """A policy whose body starts on line 5 (the title) and whose first section is on line 9."""
    return f"---\ntitle: T\nversion: {version}\n{front}---\n# T\n\n{body}".encode()


def doc(body: str, lang: str = "en", version: str = "2024.01.01", front: str = "") -> sources.Document:
    document, _ = sources.parse(src(body, version, front), f"{lang}/p.md")
    assert document is not None
    return document


def corpus(files: dict[tuple[str, str], bytes]) -> project.Corpus:
    made = project.Corpus()
    for (policy, lang), data in files.items():
        made.add(data, policy, lang)
    return made


def where(found) -> list[tuple]:
    return [(d.code, d.file, d.line, d.section, d.severity.value) for d in found]


def messages(found) -> list[str]:
    return [d.message for d in found]


# ---------------------------------------------------------------- files and versions


def test_a_missing_translation_is_pending_and_a_missing_reference_an_error():
    found = parity.check(corpus({("p", "en"): src(EN), ("q", "zh-TW"): src(EN)}), untranslated="info")
    assert where(found) == [
        ("translation.pending", "zh-TW/p.md", 1, None, "info"),
        ("parity.missing-file", "en/q.md", 1, None, "error"),
    ]
    assert messages(found) == [
        "policy 'p' has no zh-TW translation yet (en/p.md only): the zh-TW pages say the translation is "
        "pending and show the en text; add zh-TW/p.md to translate it",
        "policy 'q' exists in zh-TW (zh-TW/q.md) but has no en file; add en/q.md",
    ]


def test_a_broken_file_counts_as_present():
    made = corpus({("p", "en"): src(EN), ("p", "zh-TW"): b"no front matter"})
    assert [d.code for d in parity.check(made)] == ["front-matter.missing"]


def test_a_newer_version_in_the_translation_is_an_error_on_its_version_line():
    made = corpus({("p", "en"): src(EN, "2024.02.01"), ("p", "zh-TW"): src(EN, "2024.03.01")})
    found = parity.check(made)
    assert where(found) == [("parity.version", "zh-TW/p.md", 3, None, "error")]
    assert messages(found) == [
        "version is 2024.03.01 in zh-TW but 2024.02.01 in en (en/p.md); "
        "both languages must carry the same version"
    ]


@pytest.mark.parametrize("severity", ["error", "warning", "info"])
def test_an_older_translation_is_lagging_with_the_chosen_severity(severity):
    made = corpus({("p", "en"): src(EN, "2024.02.01"), ("p", "zh-TW"): src(EN, "2024.01.01")})
    found = parity.check(made, lagging=severity)
    assert where(found) == [("history.lagging", "zh-TW/p.md", 3, None, severity)]
    assert messages(found) == [
        "zh-TW translation is at version 2024.01.01 but en is at 2024.02.01 (en/p.md); translate the "
        "changes and set 'version: 2024.02.01'"
    ]


OLD_EN = "Intro.\n\n## A {#a}\n\nText.\n"
NEW_EN = "Intro.\n\n## A {#a}\n\nText.\n\n## B {#b}\n\nNew.\n"


def lagging(zh_body: str) -> list:
    older = doc(OLD_EN, version="2024.01.01")
    made = corpus({("p", "en"): src(NEW_EN, "2024.02.01"), ("p", "zh-TW"): src(zh_body, "2024.01.01")})
    asked = []

    def translated(policy, version, reference):
        asked.append((policy, version, reference))
        return older

    found = [
        d for d in parity.check(made, lagging="info", translated=translated) if d.code != "history.lagging"
    ]
    assert asked == [("p", "2024.01.01", "en")]
    return found


def test_a_lagging_translation_is_compared_with_the_text_it_translates():
    assert lagging(OLD_EN) == []  # (section 'b' is new in English: not missing in the translation)


def test_a_lagging_translation_of_the_current_text_is_told_to_update_its_version():
    found = lagging(NEW_EN)
    assert where(found) == [("parity.version", "zh-TW/p.md", 3, None, "error")]
    assert messages(found) == [
        "zh-TW text matches the current en version 2024.02.01 (en/p.md), not the version 2024.01.01 its "
        "front matter names: set 'version: 2024.02.01'"
    ]


def test_a_finding_against_an_older_text_names_that_text():
    [found] = lagging("Intro.\n\n## X {#x}\n\nText.\n")
    assert where([found]) == [("parity.section-id", "zh-TW/p.md", 9, "x", "error")]
    assert found.message == (
        "section ID 'x' is 'a' in the en version 2024.01.01 that this translation is of (en/p.md) "
        "at the same place ('A', line 9): rename 'x' to 'a' (the ID, not the heading text, names a section)"
    )


def test_a_conflicted_file_is_not_compared():
    made = corpus(
        {("p", "en"): src(EN), ("p", "zh-TW"): src("<<<<<<< HEAD\n## X {#x}\n=======\n>>>>>>> b\n")}
    )
    assert made.get("p", "zh-TW").conflicted
    assert not any(d.code.startswith("parity.") for d in parity.check(made))


# ---------------------------------------------------------------- the outline


def test_renamed_extra_and_relevelled_sections():
    zh = "Intro.\n\n## A {#a}\n\nText.\n\n## B2 {#b2}\n\nText.\n\n### C {#c}\n\nText.\n\n## D {#d}\n\nx\n"
    found = parity.compare(doc(EN), doc(zh, "zh-TW"))
    assert where(found) == [
        ("parity.section-id", "zh-TW/p.md", 13, "b2", "error"),
        ("parity.section-extra", "zh-TW/p.md", 21, "d", "error"),
        ("parity.section-level", "zh-TW/p.md", 17, "c", "error"),
    ]
    assert messages(found) == [
        "section ID 'b2' is 'b' in en (en/p.md) at the same place ('B', line 13): rename 'b2' to 'b' "
        "(the ID, not the heading text, names a section)",
        "section 'd' is not in en (en/p.md); section IDs must be the same in every language",
        "section 'c' is a level-3 heading in zh-TW but level 2 in en (en/p.md:17)",
    ]


def test_a_missing_section_points_after_the_last_section_both_have():
    found = parity.compare(doc(EN), doc("Intro.\n\n## A {#a}\n\nText.\n\n## C {#c}\n\nText.\n", "zh-TW"))
    assert where(found) == [("parity.section-missing", "zh-TW/p.md", 9, "b", "error")]
    assert messages(found) == ["section 'b' ('B', en/p.md:13) is missing in zh-TW"]
    first = parity.compare(doc(EN), doc("Intro.\n\n## B {#b}\n\nText.\n\n## C {#c}\n\nText.\n", "zh-TW"))
    assert where(first) == [("parity.section-missing", "zh-TW/p.md", 5, "a", "error")]  # (the body's start)


def test_a_section_out_of_order_names_where_it_belongs():
    zh = "Intro.\n\n## C {#c}\n\nText.\n\n## A {#a}\n\nText.\n\n## B {#b}\n\nText.\n"
    found = parity.compare(doc(EN), doc(zh, "zh-TW"))
    assert where(found) == [("parity.section-order", "zh-TW/p.md", 9, "c", "error")]
    assert messages(found) == ["section 'c' is out of order: in en it comes after 'b' (en/p.md:17)"]


@pytest.mark.parametrize("count", [20, 600])
def test_one_section_moved_in_a_long_outline_is_the_only_one_out_of_order(count):
    names = [f"s{i}" for i in range(count)]
    moved = names[1 : count // 2] + [names[0]] + names[count // 2 :]
    en = doc("".join(f"## S {i} {{#{i}}}\n\nx\n\n" for i in names))
    zh = doc("".join(f"## S {i} {{#{i}}}\n\nx\n\n" for i in moved), "zh-TW")
    found = parity.compare(en, zh)
    assert where(found) == [("parity.section-order", "zh-TW/p.md", 7 + 4 * (count // 2 - 1), "s0", "error")]
    assert messages(found) == ["section 's0' is out of order: in en it comes first (en/p.md:7)"]


@pytest.mark.parametrize("limit", [500, 0])  # difflib's matching blocks, or the longest increasing run
def test_in_place_keeps_the_longest_run_in_the_references_order(monkeypatch, limit):
    monkeypatch.setattr(parity, "MAX_MATCHED_SECTIONS", limit)
    assert parity._in_place(list("abcdef"), list("bcadef")) == set("bcdef")
    assert parity._in_place(list("abcdef"), list("abcdef")) == set("abcdef")
    assert len(parity._in_place(list("abcdef"), list("fedcba"))) == 1
    assert parity._in_place([], []) == set()


# ---------------------------------------------------------------- structure


def test_tables_lists_and_paragraphs_are_compared_section_by_section():
    en = (
        "Intro.\n\n## A {#a}\n\n| x | y |\n|---|---|\n| 1 | 2 |\n| 3 | 4 |\n\n"
        "1. one\n    - a\n    - b\n2. two\n\nPara.\n\nPara two.\n"
    )
    zh = "Intro.\n\n## A {#a}\n\n| x | y |\n|---|---|\n| 1 | 2 |\n\n1. 一\n    - 甲\n2. 二\n\n段。\n"
    found = [d for d in parity.compare(doc(en), doc(zh, "zh-TW")) if d.code != "parity.numbers"]
    assert where(found) == [
        ("parity.structure", "zh-TW/p.md", 11, "a", "error"),
        ("parity.structure", "zh-TW/p.md", 15, "a", "error"),
        ("parity.paragraphs", "zh-TW/p.md", 19, "a", "warning"),
    ]
    assert messages(found) == [
        "section 'a': table 1 has 2 rows in en, 1 in zh-TW",
        "section 'a': en has 2 list items under item 1 ('one'), zh-TW has 1",
        "section 'a': en has 2 paragraphs, zh-TW has 1",
    ]


def test_a_missing_table_and_a_list_split_in_two():
    en = "Intro.\n\n## A {#a}\n\n| x |\n|---|\n| 1 |\n\n- a\n- b\n"
    zh = "Intro.\n\n## A {#a}\n\n- 甲\n\n段。\n\n- 乙\n"
    found = [d for d in parity.compare(doc(en), doc(zh, "zh-TW")) if d.code == "parity.structure"]
    assert messages(found) == [
        "section 'a': en has 1 table, zh-TW has 0",
        "section 'a': en has 1 list, zh-TW has 2",
    ]
    assert [d.line for d in found] == [9, 11]


def test_the_intro_is_compared_as_a_section_of_its_own():
    found = parity.compare(doc("Intro.\n\n- a\n- b\n"), doc("Intro.\n\n- 甲\n", "zh-TW"))
    assert where(found) == [("parity.structure", "zh-TW/p.md", 9, None, "error")]
    assert messages(found) == ["section '(intro)': en has 2 list items, zh-TW has 1"]


# ---------------------------------------------------------------- IDs, addresses and numbers


def test_ids_of_attribute_lists_and_html_must_be_the_same():
    en = "Intro.\n\n## A {#a}\n\nText\n{: #keep }\n\nMore\n{: #only-en }\n"
    zh = "Intro.\n\n## A {#a}\n\nText\n{: #keep }\n\nMore\n{: #only-zh }\n\n## B {#b}\n"
    found = parity.anchors(doc(en), doc(zh, "zh-TW"))
    assert where(found) == [
        ("parity.anchor", "zh-TW/p.md", 9, "a", "error"),
        ("parity.anchor", "zh-TW/p.md", 15, "a", "error"),
    ]
    assert messages(found) == [
        "section 'a': the ID 'only-en' (en/p.md:15) is missing in zh-TW; links to '#only-en' would not land "
        "in zh-TW: define it at the same place",
        "section 'a': the ID 'only-zh' is not in en (en/p.md); IDs must be the same in every language",
    ]


def test_addresses_and_numbers_differing_name_their_section_and_line():
    en = "Intro https://x.example.\n\n## A {#a}\n\nWrite to a@b.example within 30 days.\n"
    zh = "Intro.\n\n## A {#a}\n\n第一行\n請寫信至 c@d.example，60 日內。\n"
    found = parity.compare(doc(en), doc(zh, "zh-TW"))
    assert where(found) == [
        ("parity.links", "zh-TW/p.md", 5, None, "error"),
        ("parity.links", "zh-TW/p.md", 9, "a", "error"),
        ("parity.links", "zh-TW/p.md", 12, "a", "error"),
        ("parity.numbers", "zh-TW/p.md", 9, "a", "warning"),
    ]
    end = "links and e-mail addresses must be the same in every language"
    assert messages(found) == [
        f"section '(intro)': 'https://x.example' is in en (en/p.md:5) but not in zh-TW; {end}",
        f"section 'a': 'a@b.example' is in en (en/p.md:9) but not in zh-TW; {end}",
        f"section 'a': 'c@d.example' is in zh-TW but not in en (en/p.md:9); {end}",
        "section 'a': numbers differ: only in en: 30; only in zh-TW: 60 (if intended, write "
        "<!-- parity: numbers --> in the section)",
    ]


def test_the_ignore_comment_in_either_language_silences_numbers_only():
    en = "Intro.\n\n## A {#a}\n\n30 days at a@b.example. <!-- parity: numbers -->\n"
    found = parity.compare(doc(en), doc("Intro.\n\n## A {#a}\n\n60 日。\n", "zh-TW"))
    assert [d.code for d in found] == ["parity.links"]


def test_each_of_many_extra_addresses_is_named_on_its_own_line():
    urls = [f"https://x{n:02d}.example" for n in range(60)]  # (beyond 50: placed in one pass)
    zh = "Intro.\n\n## A {#a}\n\n" + "\n".join(f"Line {u}" for u in urls) + "\n<!-- parity: numbers -->\n"
    found = parity.compare(doc("Intro.\n\n## A {#a}\n\nNone here.\n"), doc(zh, "zh-TW"))
    assert [(d.code, d.line) for d in found] == [("parity.links", 11 + n) for n in range(60)]
    assert all(f"'{u}' is in zh-TW but not in en" in d.message for u, d in zip(urls, found))


# ---------------------------------------------------------------- links


def link_findings() -> list:
    page = src(
        "Intro [a](#a) [x](#nope) [old](#old) [gone](#gone).\n\n## A {#a}\n\n"
        "[q](q.md#qa) [q2](q.md#none) [r](r.md) [home](../en/index.md) [zh](../zh-TW/q.md#qa)\n\n"
        "[abs](/q/#qa) [abs2](/q/#zz) [nowhere](/nowhere/) [rel](../q/) [pre](/site/q/#qa) "
        "[ext](https://x.example/#y) [file](logo.png)\n",
        front="aliases:\n  old: a\n",
    )
    made = corpus(
        {("p", "en"): page, ("q", "en"): src("## QA {#qa}\n"), ("q", "zh-TW"): src("## QA {#qa}\n")}
    )
    made.pages.add(("index", "en"))

    def removed_in(policy, lang, anchor):
        return "2023.01.01" if (policy, lang, anchor) == ("p", "en", "gone") else None

    return parity.links(made.get("p", "en"), made, removed_in, prefixes={"/site/": "/"})


def test_every_kind_of_broken_link_and_only_those():
    found = link_findings()
    assert where(found) == [
        ("link.anchor", "en/p.md", 9, None, "error"),
        ("link.anchor", "en/p.md", 9, None, "error"),
        ("link.anchor", "en/p.md", 13, "a", "error"),
        ("link.policy", "en/p.md", 13, "a", "error"),
        ("link.anchor", "en/p.md", 15, "a", "error"),
        ("link.site", "en/p.md", 15, "a", "error"),
    ]
    ids = "(IDs: sections, attribute lists '{: #id }', raw HTML id=)"
    assert messages(found) == [
        f"link to '#nope' but this policy defines no element with that ID {ids}",
        "link to '#gone' but this policy defines no element with that ID: "
        "it was removed in version 2023.01.01",
        f"link to 'q.md#none' but policy 'q' has no ID 'none' {ids}",
        "link to 'r.md' but there is no policy 'r' in en (policies: p, q)",
        f"section 'a': link to '/q/#zz' but policy 'q' has no ID 'zz' {ids}",
        "section 'a': link to '/nowhere/' but the site has no page at that address",
    ]


def test_a_link_target_is_shown_escaped():
    made = corpus({("p", "en"): src("[x](#a\x1b[2J) [y](evil\x07.md)\n")})
    assert messages(parity.links(made.get("p", "en"), made)) == [
        "link to '#a\\x1b[2J' but this policy defines no element with that ID "
        "(IDs: sections, attribute lists '{: #id }', raw HTML id=)",
        "link to 'evil\\x07.md' but there is no policy 'evil\\x07' in en (policies: p)",
    ]
