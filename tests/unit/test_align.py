"""The redline engine's two steps (policysite.align), in process: the similarity test that unrelated
text cannot pass by sharing words, and the bounded edit distance that caps a diff's cost before
diff-match-patch runs (issue 29, item 1)."""

from __future__ import annotations

import random

import pytest
import shared_vocabulary as vocabulary

from policysite import align, tokens
from policysite.align import DELETE, EQUAL, INSERT


def distance(a: str, b: str) -> int:
    """Deleted plus inserted characters, from the longest common subsequence (plain dynamic programming)."""
    previous = [0] * (len(b) + 1)
    for x in a:
        current = [0]
        for j, y in enumerate(b):
            current.append(previous[j] + 1 if x == y else max(previous[j + 1], current[j]))
        previous = current
    return len(a) + len(b) - 2 * previous[-1]


def profile(text: str, lang: str) -> align.Profile:
    return align.Profile(tokens.tokenize(text, lang), tokens.is_space)


# ---------------------------------------------------------------- edit distance


def test_the_bounded_search_finds_the_edit_distance_or_says_it_is_beyond_the_cap():
    rng = random.Random(29)
    for _ in range(4000):
        a = "".join(rng.choice("abc") for _ in range(rng.randint(0, 14)))
        b = "".join(rng.choice("abcd") for _ in range(rng.randint(0, 14)))
        cap = rng.randint(0, 30)
        expected = distance(a, b)
        assert align.edit_distance(a, b, cap) == (expected if expected <= cap else None), (a, b, cap)


def test_the_bounded_search_takes_at_most_its_stated_number_of_steps():
    """Whatever the texts, ``(cap + 1)(cap + 2) / 2`` diagonals and ``min(n, m)`` comparisons on
    each of ``2 cap + 1`` diagonals: linear in the length for a fixed cap."""
    rng = random.Random(7)
    for _ in range(100):
        n, m = rng.randint(0, 200), rng.randint(0, 200)
        a = "".join(rng.choice("ab") for _ in range(n))
        b = "".join(rng.choice("ab") for _ in range(m))
        cap = rng.randint(0, 60)
        align.WORK.reset()
        align.edit_distance(a, b, cap)
        assert align.WORK.steps <= (cap + 1) * (cap + 2) // 2 + (2 * cap + 1) * min(n, m), (n, m, cap)


def test_a_long_common_start_and_end_cost_nothing():
    same = "x" * 100_000
    align.WORK.reset()
    assert align.edit_distance(same + "ab" + same, same + "ba" + same, 2) == 2
    assert align.WORK.steps < 20


@pytest.mark.parametrize(
    ("size_a", "size_b", "cap"),
    [(0, 0, 32), (40, 40, 32), (60, 60, 40), (150, 151, 100), (900, 900, 500), (5000, 1, 500)],
)
def test_the_cap_is_a_third_of_the_tokens_within_fixed_bounds(size_a, size_b, cap):
    assert align.edit_cap(size_a, size_b) == cap
    assert align.MIN_EDIT_CAP == 32 and align.MAX_EDIT_CAP == 500


def test_a_pair_beyond_the_cap_keeps_its_common_start_and_end_and_is_otherwise_replaced():
    clauses = [[f"{c}{i}" for i in range(30)] for c in "pqrs"]
    a = ["Start", *clauses[0], *clauses[1], *clauses[2], *clauses[3], "."]
    b = ["Start", *clauses[3], *clauses[2], *clauses[1], *clauses[0], "."]  # the clauses reversed
    align.WORK.reset()
    assert align.token_script(a, b) == [(EQUAL, 1), (DELETE, 120), (INSERT, 120), (EQUAL, 1)]
    assert (align.WORK.pairs, align.WORK.replaced, align.WORK.diffs) == (1, 1, 0)
    # One clause moved (a third of the sentence): diffed, word by word.
    moved = ["Start", *clauses[1], *clauses[2], *clauses[0], "."]
    script = align.token_script(["Start", *clauses[0], *clauses[1], *clauses[2], "."], moved)
    assert (DELETE, 30) in script and (INSERT, 30) in script and align.WORK.diffs == 1


def test_the_diff_has_no_time_limit():
    assert align._DMP.Diff_Timeout == 0


# ---------------------------------------------------------------- similarity


@pytest.mark.parametrize(
    ("old", "new", "lang"),
    [
        ("30 days", "60 days", "en"),
        ("Privacy Policy", "Privacy Notice", "en"),
        ("1. Scope", "§ 1 Scope", "en"),
        ("Deeper x", "Deeper y", "en"),
        ("Nested a", "Nested a 30 - Deeper x", "en"),
        ("We never share your data with partners.", "We never sell your data to advertisers.", "en"),
        ("三十日", "三日", "zh-TW"),
        ("第一條 範圍", "一、範圍", "zh-TW"),
        ("我們絕不與合作夥伴分享您的資料。", "我們絕不向合作夥伴共享您的資料。", "zh-TW"),
    ],
)
def test_short_real_edits_stay_similar(old, new, lang):
    """Pairs the redlines of the test histories diff (one pair of grace keeps short ones similar)."""
    assert align.resemblance(profile(old, lang), profile(new, lang)) > 0


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_unrelated_sentences_from_a_shared_vocabulary_are_not_similar(lang):
    """Half their words in common (the word test alone would pair them), few of their word pairs."""
    rng = random.Random(f"unrelated/{lang}")
    word_test, both = 0, 0
    for _ in range(400):
        length = rng.randint(10, 100) if lang == "en" else rng.randint(20, 200)
        a = profile(vocabulary.sentence(rng, lang, length), lang)
        b = profile(vocabulary.sentence(rng, lang, rng.randint(length * 3 // 4, length * 4 // 3)), lang)
        word_test += align.similar(align.overlap(a.words, b.words), a.size, b.size) > 0
        both += align.resemblance(a, b) > 0
    assert word_test > 100  # the shared vocabulary fools the word test...
    assert both <= 8  # ...not the word pairs


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_real_amendments_of_long_sentences_stay_similar(lang):
    rng = random.Random(f"amended/{lang}")
    for _ in range(200):
        length = rng.randint(10, 100) if lang == "en" else rng.randint(20, 200)
        old = vocabulary.sentence(rng, lang, length)
        for new in (
            vocabulary.amend_words(rng, lang, old, max(1, length // 4)),  # a quarter of the words
            vocabulary.insert_clause(rng, lang, old, length // 2),
            vocabulary.with_number(lang, old, 60),
        ):
            assert align.resemblance(profile(old, lang), profile(new, lang)) > 0, (old, new)


def test_word_pairs_are_counted_with_the_edges_and_without_spaces():
    found = profile("We  share data.", "en")
    assert found.size == 4
    assert found.pairs == {"\x02We": 1, "We\x02share": 1, "share\x02data": 1, "data\x02.": 1, ".\x02": 1}
    assert align.resemblance(profile("", "en"), profile("", "en")) == 1
    assert align.resemblance(profile("", "en"), profile("Word.", "en")) == -1


def test_the_weight_of_a_similar_pair_is_its_words_in_common():
    assert align.resemblance(profile("a b c d e f.", "en"), profile("a b c d x f.", "en")) == 6
    assert align.similar(2, 4, 4) == 2 and align.similar(1, 4, 4) == -1 and align.similar(0, 0, 0) == 1


def test_diff_tokens_indexes_both_sides():
    old, new = ["a", " ", "b", "."], ["a", " ", "c", "."]
    assert align.diff_tokens(old, new) == [
        (EQUAL, 0, 0),
        (EQUAL, 1, 1),
        (DELETE, 2, -1),
        (INSERT, -1, 2),
        (EQUAL, 3, 3),
    ]
