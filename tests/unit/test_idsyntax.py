"""What an ID may be (policysite.idsyntax), in process: letters, marks, digits, '-' and '_' of
any script; each refusal says why."""

import re

import pytest

from policysite.idsyntax import id_characters, id_problem, valid_anchor, valid_id


@pytest.mark.parametrize(
    "value", ["general", "第一條-目的", "café", "straße", "a_b", "_x", "1-scope", "ग्राहक"]
)
def test_ids_of_any_script_are_valid(value):
    assert id_problem(value) is None and valid_id(value) and valid_anchor(value)


@pytest.mark.parametrize(
    "value, why",
    [
        ("", "it is empty"),
        ("__drawer", "it starts with '__' (the site's own IDs do)"),
        ("-a", "it starts with '-'"),
        ("a b", "U+0020 SPACE is not a letter"),
        ("a#b", "U+0023 NUMBER SIGN is not a letter"),
        ("a\u200bb", "U+200B ZERO WIDTH SPACE is not a letter"),  # (invisible: not quoted)
        ("a\u034fb", "U+034F COMBINING GRAPHEME JOINER is not a letter"),
        ("\u0301a", "'\u0301' U+0301 COMBINING ACUTE ACCENT is a combining mark with no letter before it"),
        ("a-\u0301", "is a combining mark with no letter before it"),
        ("cafe\u0301", "not in Unicode normal form C"),
        ("General", "'G' is a capital letter"),
        ("data-Σ", "'Σ' is a capital letter"),
    ],
)
def test_invalid_ids_say_why(value, why):
    problem = id_problem(value)
    assert problem is not None and why in problem
    assert not valid_id(value)


def test_an_element_id_may_have_capitals_a_section_id_may_not():
    assert valid_anchor("Fees") and not valid_id("Fees")
    assert id_problem("Fees", section=False) is None


def test_the_character_class_holds_what_an_id_holds_and_no_separator():
    allowed = re.compile(id_characters() + "+")
    for value in ("第一條-目的", "cafe\u0301", "a_b-c", "ग्राहक"):
        assert allowed.fullmatch(value), value
    for char in " #%/<>&\"'{}\u200b\u034f\ufe0f":
        assert not allowed.fullmatch(char), repr(char)
