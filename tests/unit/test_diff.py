"""The redline's cost on text rewritten from a small shared vocabulary (policysite.diff and
policysite.align, in process; issue 29, item 1).

Chinese legal text reuses a few hundred characters and boilerplate-heavy English a few hundred
words (``tests/shared_vocabulary.py``: ~250 of each, Zipf frequencies, seeded): unrelated
sentences share half their words, which once sent them to diff-match-patch in Myers' worst case
(29 ms a pair).  The work is counted, never timed: ``align.WORK`` counts the sentence pairs given
to the token diff, the steps of the bounded search before it and the pairs diff-match-patch diffs.
"""

from __future__ import annotations

import random

import pytest
import shared_vocabulary as vocabulary

from policysite import align, diff, tokens
from policysite.diff import DELETE, EQUAL, INSERT

LONGEST = {"en": 100, "zh-TW": 200}  # words (each with its space: ~200 tokens); characters


def join(lang: str, sentences: list[str]) -> str:
    return (" " if lang == "en" else "").join(sentences)


def edits(ops: list[tuple[int, str]]) -> list[tuple[int, str]]:
    return [(op, text) for op, text in ops if op != EQUAL]


def marked_words(ops: list[tuple[int, str]], lang: str, which: int) -> list[str]:
    return [t for op, text in ops if op == which for t in tokens.tokenize(text, lang) if not t.isspace()]


@pytest.fixture(autouse=True)
def counted():
    align.WORK.reset()
    yield align.WORK


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_paragraphs_rewritten_from_a_shared_vocabulary_are_replaced_almost_without_a_token_diff(lang):
    rng = random.Random(f"paragraphs/{lang}")
    fooled = whole = tokens_seen = 0  # fooled: sentences at the same place the word test pairs
    for _ in range(40):
        old = [vocabulary.sentence(rng, lang, rng.randint(10, LONGEST[lang])) for _ in range(6)]
        new = [vocabulary.sentence(rng, lang, rng.randint(10, LONGEST[lang])) for _ in range(6)]
        ops = diff.diff_text(join(lang, old), join(lang, new), lang)
        whole += ops == [(DELETE, join(lang, old)), (INSERT, join(lang, new))]
        for x, y in zip(old, new):
            a, b = (diff._words(tokens.tokenize(s, lang)) for s in (x, y))
            fooled += align.similar(align.overlap(a.words, b.words), a.size, b.size) > 0
            tokens_seen += len(tokens.tokenize(x, lang)) + len(tokens.tokenize(y, lang))
    assert fooled >= 40  # of 240: what the redline once diffed token by token, in Myers' worst case
    assert whole >= 36  # of 40 paragraphs: every sentence replaced whole
    assert align.WORK.pairs <= 4  # sentence pairs given to the token diff, of 240
    assert align.WORK.steps + align.WORK.cells <= tokens_seen // 10


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_a_pair_of_unrelated_sentences_costs_a_bounded_number_of_steps_even_when_diffed(lang):
    """Handed to the token diff directly (as if the similarity test had been fooled), each pair of
    unrelated sentences costs at most the search's bound (``edit_distance``), and the longer ones,
    beyond the edit cap, are replaced without diff-match-patch."""
    rng = random.Random(f"forced/{lang}")
    naive = bounded = 0
    for _ in range(150):
        length = rng.randint(10, LONGEST[lang])
        a = tokens.tokenize(vocabulary.sentence(rng, lang, length), lang)
        b = tokens.tokenize(vocabulary.sentence(rng, lang, rng.randint(length * 3 // 4, length)), lang)
        cap = align.edit_cap(len(a), len(b))
        before = align.WORK.steps
        align.diff_tokens(a, b)
        steps = align.WORK.steps - before
        assert steps <= (cap + 1) * (cap + 2) // 2 + (2 * cap + 1) * min(len(a), len(b))
        encoded = align._encode(a, b)
        assert encoded is not None
        naive += (len(a) + len(b)) * align.edit_distance(encoded[0], encoded[1], len(a) + len(b))
        bounded += steps
        align.WORK.steps = before + steps  # (the uncapped search above is not the redline's work)
    assert align.WORK.pairs == 150
    assert align.WORK.replaced >= 120  # most are beyond the cap: no diff-match-patch at all
    assert align.WORK.cells + bounded < naive // 4  # naive: (n + m) * D, Myers' work without the cap


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_a_history_rewritten_every_version_diffs_almost_nothing(lang):
    """The issue's scenario, smaller: 8 versions of 10 sections (a paragraph of 4 sentences and a
    list of 3 items), every sentence rewritten each version."""
    texts = vocabulary.history(29, lang, versions=8, sections=10)
    data = [vocabulary.block_data(text, lang) for text in texts]
    sentences = tokens_seen = 0
    for old, new in zip(data, data[1:]):
        redline = diff.compare_data(old, new, lang)
        changed = [s for s in redline.sections if s.status == "changed"]
        assert len(changed) == 10  # every section
        for section in changed:
            for block in section.blocks:
                assert block.op in (DELETE, INSERT)  # replaced whole: no block paired with another
                sentences += sum(len(cell[1]) for cell in block.block["p"])
                tokens_seen += sum(len(s) for cell in block.block["p"] for s in cell[1])
    assert sentences > 900
    assert align.WORK.pairs <= sentences // 50
    assert align.WORK.steps + align.WORK.cells <= tokens_seen // 10


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_real_amendments_of_long_sentences_are_marked_word_by_word(lang):
    rng = random.Random(f"amendments/{lang}")
    for _ in range(60):
        length = rng.randint(20, LONGEST[lang])
        old = vocabulary.sentence(rng, lang, length)
        # A few words (characters) changed.
        count = rng.randint(1, 3)
        new = vocabulary.amend_words(rng, lang, old, count)
        ops = diff.diff_text(old, new, lang)
        assert 1 <= len(marked_words(ops, lang, DELETE)) <= 3 * count, ops
        assert len(marked_words(ops, lang, INSERT)) <= 3 * count, ops
        # A clause inserted: one insertion, nothing deleted.
        clause = vocabulary.insert_clause(rng, lang, old, rng.randint(3, length // 2))
        [(op, text)] = edits(diff.diff_text(old, clause, lang))
        assert op == INSERT and text.strip() in clause and len(text) == len(clause) - len(old)
        # A number changed.
        before, after = (vocabulary.with_number(lang, old, days) for days in (30, 60))
        ops = diff.diff_text(before, after, lang)
        assert edits(ops) == [(DELETE, "30"), (INSERT, "60")]
    assert align.WORK.diffs == align.WORK.pairs == 180  # every amended sentence diffed, none replaced
