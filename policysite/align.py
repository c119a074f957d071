"""Align, then diff: the redline engine's two steps, deterministic and the same in the browser.

:func:`align` pairs the items of two sequences (blocks of a section, sentences of
a block): items that are exactly the same anchor the alignment (diff-match-patch
over the items, one character each); between two anchors, changed items are
paired when they are *similar enough* (:func:`resemblance`), choosing the pairs
that keep the most words in common; what is left is deleted or inserted whole.
:func:`diff_tokens` then diffs one similar pair token by token (diff-match-patch
with semantic cleanup, each token one character), so a change is always whole
words, numbers and dates.  A dissimilar pair is never diffed: it is shown
replaced whole, which reads better and costs nothing.

Similar means at least half the words in common (Dice's coefficient over word
tokens) *and* a third of the word pairs (two consecutive words, the first and the
last word with the edge of the item; one pair of grace): unrelated sentences drawn
from a small shared vocabulary (Chinese legal text reuses a few hundred characters,
boilerplate-heavy English a few hundred words) share half their words but few
pairs, while a real amendment (a few words changed, a clause inserted, a number
changed) keeps most of them.  The cost of diffing a pair is then bounded before
diff-match-patch runs: Myers' greedy search measures the edit distance (tokens
deleted plus inserted) up to a cap (:func:`edit_cap`: a third of the two sentences'
tokens, so that a clause as long as the sentence may be inserted; within fixed
bounds), and a pair beyond it keeps only its common start and end, the rest deleted
and inserted whole.  That search takes at most ``(cap + 1) (cap + 2) / 2 + (2 cap + 1)
min(len(a), len(b))`` steps (counted in :data:`WORK`), and diff-match-patch, given
a distance within the cap, about as many.

Everything is integer arithmetic, with ``Diff_Timeout = 0`` (no time limit) and
fixed tie-breaking, so the result is the same on every machine, and
``policysite/assets/compare/compare.js`` (which ports these functions line by line)
computes the same redline in the browser.
"""

from __future__ import annotations

import itertools
import os
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from diff_match_patch import diff_match_patch

DELETE, EQUAL, INSERT = -1, 0, 1
# Items are encoded as one private-use character each (never a letter or a space,
# so diff-match-patch's boundary scores treat every item alike, in Python and in
# JavaScript, where they stay single UTF-16 units).
_FIRST_CHAR = 0xE000
MAX_VOCABULARY = 0x1900  # U+E000..U+F8FF
# Pairing a gap is quadratic: a gap larger than this is deleted and inserted whole.
MAX_GAP_CELLS = 2500
# diff-match-patch takes time proportional to the product of the lengths when they differ much
# (no time limit, so that a redline is the same every time): beyond this product, what two
# sequences share at their start and end is kept and the rest deleted and inserted whole.  Real
# sentences and outlines are far below (a 300-token sentence: 90,000).
MAX_EDIT_CELLS = 1_000_000
# Two similar sentences are diffed token by token when at most a third of their tokens are deleted
# or inserted (:func:`edit_cap`), always up to MIN_EDIT_CAP (cheap), never beyond MAX_EDIT_CAP.
MIN_EDIT_CAP = 32
MAX_EDIT_CAP = 500
PAIR = "\x02"  # between the two words of a word pair (compare.js writes the same strings)

_DMP = diff_match_patch()
_DMP.Diff_Timeout = 0  # no time limit: the same inputs always give the same redline


def _char(index: int) -> str:
    """Beyond the BMP's private-use area: planes 15 and 16 (Python only: see :func:`diff_tokens`)."""
    if index < MAX_VOCABULARY:
        return chr(_FIRST_CHAR + index)
    index -= MAX_VOCABULARY
    if index < 2 * 0xFFFE:
        return chr(0xF0000 + (index // 0xFFFE) * 0x10000 + index % 0xFFFE)
    raise ValueError("too many distinct tokens to diff")


def _encode(a: Sequence[str], b: Sequence[str], wide: bool = False) -> tuple[str, str] | None:
    limit = 2 * 0xFFFE + MAX_VOCABULARY if wide else MAX_VOCABULARY
    vocabulary: dict[str, str] = {}
    out = []
    for keys in (a, b):
        chars = []
        for key in keys:
            char = vocabulary.get(key)
            if char is None:
                if len(vocabulary) >= limit:
                    return None
                char = vocabulary[key] = _char(len(vocabulary))
            chars.append(char)
        out.append("".join(chars))
    return out[0], out[1]


def edit_script(
    a: Sequence[str], b: Sequence[str], semantic: bool, wide: bool = False
) -> list[tuple[int, int]]:
    """diff-match-patch over two sequences of keys: ``[(op, count)]``.

    Too many distinct keys to encode: everything deleted, then everything
    inserted.  ``wide`` allows characters beyond the BMP (not for data the
    browser diffs too: JavaScript strings would cut them in two).
    """
    if len(a) * len(b) > MAX_EDIT_CELLS:
        return _replaced(a, b)
    encoded = _encode(a, b, wide)
    if encoded is None:
        return _everything(a, b)
    return _dmp_script(encoded[0], encoded[1], semantic)


def token_script(a: Sequence[str], b: Sequence[str], wide: bool = False) -> list[tuple[int, int]]:
    """:func:`edit_script` of two similar sentences, with semantic cleanup, its cost bounded first:
    beyond :func:`edit_cap`, only the common start and end are kept (the rest replaced whole)."""
    WORK.pairs += 1
    if len(a) * len(b) > MAX_EDIT_CELLS:
        return _replaced(a, b)
    encoded = _encode(a, b, wide)
    if encoded is None:
        return _everything(a, b)
    cap = edit_cap(len(a), len(b))
    # (a distance is at most the two lengths together: short pairs are never over the cap)
    distance = len(a) + len(b) if len(a) + len(b) <= cap else edit_distance(encoded[0], encoded[1], cap)
    if distance is None:
        WORK.replaced += 1
        return _replaced(a, b)
    WORK.diffs += 1
    WORK.cells += (len(a) + len(b)) * distance
    return _dmp_script(encoded[0], encoded[1], True)


def _dmp_script(a: str, b: str, semantic: bool) -> list[tuple[int, int]]:
    diffs = _DMP.diff_main(a, b, False)
    if semantic:
        _DMP.diff_cleanupSemantic(diffs)
    return [(op, len(text)) for op, text in diffs if text]


def _everything(a: Sequence[str], b: Sequence[str]) -> list[tuple[int, int]]:
    return [(op, n) for op, n in ((DELETE, len(a)), (INSERT, len(b))) if n]


def edit_cap(size_a: int, size_b: int) -> int:
    """The largest edit distance at which two sentences of these many tokens are diffed token by
    token: a third of their tokens, at least :data:`MIN_EDIT_CAP`, at most :data:`MAX_EDIT_CAP`."""
    return min(MAX_EDIT_CAP, max(MIN_EDIT_CAP, (size_a + size_b) // 3))


def edit_distance(a: str, b: str, cap: int) -> int | None:
    """How many characters Myers' greedy search deletes and inserts to turn ``a`` into ``b`` (the
    fewest), or None when that is more than ``cap``: ``(cap + 1) (cap + 2) / 2`` diagonals tried at
    most, and at most ``min(len(a), len(b))`` characters compared on each of ``2 cap + 1`` diagonals.

    The common start and end are set aside first (in C), as diff-match-patch does.
    """
    start = len(os.path.commonprefix((a, b)))
    a, b = a[start:], b[start:]
    end = len(os.path.commonprefix((a[::-1], b[::-1])))
    n, m = len(a) - end, len(b) - end
    if abs(n - m) > cap:
        return None
    reach = [0] * (2 * cap + 3)  # the furthest x on each diagonal k = x - y, at reach[k + cap + 1]
    steps = 0
    for d in range(cap + 1):
        for k in range(-d, d + 1, 2):
            i = k + cap + 1
            x = reach[i + 1] if k == -d or (k != d and reach[i - 1] < reach[i + 1]) else reach[i - 1] + 1
            y = x - k
            first = x
            while x < n and y < m and a[x] == b[y]:
                x += 1
                y += 1
            steps += x - first + 1
            reach[i] = x
            if x >= n and y >= m:
                WORK.steps += steps
                return d
    WORK.steps += steps
    return None


def _replaced(a: Sequence[str], b: Sequence[str]) -> list[tuple[int, int]]:
    """The common start and end of ``a`` and ``b`` kept, the rest deleted and inserted (linear)."""
    limit = min(len(a), len(b))
    start = 0
    while start < limit and a[start] == b[start]:
        start += 1
    end = 0
    while end < limit - start and a[len(a) - 1 - end] == b[len(b) - 1 - end]:
        end += 1
    script = [(EQUAL, start), (DELETE, len(a) - start - end), (INSERT, len(b) - start - end), (EQUAL, end)]
    return [(op, n) for op, n in script if n]


Weight = Callable[[int, int], int]


def similar(common: int, size_a: int, size_b: int) -> int:
    """The weight of pairing two items with ``common`` word tokens in common, or -1 if too different."""
    if size_a + size_b == 0:
        return 1
    return common if 4 * common >= size_a + size_b else -1


def overlap(a: Counter, b: Counter) -> int:
    """How many words two items have in common (a multiset intersection's size)."""
    if len(b) < len(a):
        a, b = b, a
    get = b.get
    total = 0
    for key, n in a.items():
        m = get(key)
        if m:
            total += n if n < m else m
    return total


class Profile:
    """What the similarity test reads of an item (a sentence, a block): its words, counted, and,
    when asked, its word pairs (each two consecutive words; the first and the last with ``""``)."""

    __slots__ = ("_keys", "_pairs", "_spaces", "size", "words")

    def __init__(self, keys: Sequence[str], is_space: Callable[[str], bool]):
        counts = Counter(keys)  # counted in C; then the few distinct spaces go
        self._spaces = [key for key in counts if is_space(key)]
        for key in self._spaces:
            del counts[key]
        self.words = counts
        self.size = sum(counts.values())
        self._keys = keys
        self._pairs: Counter | None = None

    @property
    def pairs(self) -> Counter:
        if self._pairs is None:  # (filtered, joined and counted in C: this runs on whole blocks)
            words = ["", *itertools.filterfalse(set(self._spaces).__contains__, self._keys), ""]
            self._pairs = Counter(map(PAIR.join, zip(words, words[1:])))
        return self._pairs


def resemblance(a: Profile, b: Profile) -> int:
    """The weight of pairing two items (their words in common), or -1 when they are not similar:
    fewer than half their words in common (:func:`similar`), or fewer than a third of their word
    pairs, one pair of grace (``2 (shared + 1) / (pairs of a + pairs of b) < 1/3``)."""
    weight = similar(overlap(a.words, b.words), a.size, b.size)
    if weight < 0 or a.size + b.size == 0:
        return weight
    shared = overlap(a.pairs, b.pairs)
    return weight if 6 * (shared + 1) >= a.size + b.size + 2 else -1


@dataclass
class Work:
    """The redline's work, counted (for tests and benchmarks; the redline never reads it)."""

    pairs: int = 0  # sentence pairs given to diff_tokens
    steps: int = 0  # diagonals tried and tokens compared by edit_distance
    replaced: int = 0  # pairs beyond the edit cap, replaced whole
    diffs: int = 0  # pairs diffed by diff-match-patch
    cells: int = 0  # their (length of a + length of b) * edit distance: a bound of its work

    def reset(self) -> None:
        self.pairs = self.steps = self.replaced = self.diffs = self.cells = 0


WORK = Work()


def align(a: Sequence[str], b: Sequence[str], weight: Weight) -> list[tuple[int | None, int | None]]:
    """Pairs ``(i, j)``, ``(i, None)`` (deleted) and ``(None, j)`` (inserted), in reading order.

    ``a`` and ``b`` are the items' keys (equal keys: the same item); ``weight(i, j)``
    scores pairing a changed ``a[i]`` with ``b[j]`` (-1: not similar enough).
    """
    out: list[tuple[int | None, int | None]] = []
    deleted: list[int] = []
    inserted: list[int] = []
    i = j = 0
    for op, count in edit_script(a, b, semantic=False):
        if op == EQUAL:
            _pair_gap(deleted, inserted, weight, out)
            deleted, inserted = [], []
            for k in range(count):
                out.append((i + k, j + k))
            i += count
            j += count
        elif op == DELETE:
            deleted += range(i, i + count)
            i += count
        else:
            inserted += range(j, j + count)
            j += count
    _pair_gap(deleted, inserted, weight, out)
    return out


def _pair_gap(deleted: list[int], inserted: list[int], weight: Weight, out: list) -> None:
    """The best monotonic pairing of a gap (most words in common), the rest deleted and inserted."""
    n, m = len(deleted), len(inserted)
    if not n or not m or n * m > MAX_GAP_CELLS:
        out += [(i, None) for i in deleted]
        out += [(None, j) for j in inserted]
        return
    scores = [[weight(i, j) for j in inserted] for i in deleted]
    best = [[0] * (m + 1) for _ in range(n + 1)]
    for x in range(n - 1, -1, -1):
        row, below = best[x], best[x + 1]
        for y in range(m - 1, -1, -1):
            value = max(below[y], row[y + 1])
            score = scores[x][y]
            if score >= 0 and score + below[y + 1] > value:
                value = score + below[y + 1]
            row[y] = value
    x = y = 0
    pending_a: list[int] = []
    pending_b: list[int] = []
    while x < n and y < m:
        score = scores[x][y]
        if score >= 0 and score + best[x + 1][y + 1] == best[x][y]:
            out += [(i, None) for i in pending_a]
            out += [(None, j) for j in pending_b]
            pending_a, pending_b = [], []
            out.append((deleted[x], inserted[y]))
            x += 1
            y += 1
        elif best[x + 1][y] == best[x][y]:
            pending_a.append(deleted[x])
            x += 1
        else:
            pending_b.append(inserted[y])
            y += 1
    out += [(i, None) for i in pending_a + deleted[x:]]
    out += [(None, j) for j in pending_b + inserted[y:]]


def diff_tokens(a: Sequence[str], b: Sequence[str], wide: bool = False) -> list[tuple[int, int, int]]:
    """Token by token: ``[(op, index in a or -1, index in b or -1)]`` (diff-match-patch, semantic cleanup;
    beyond the edit cap, the common start and end kept and the rest replaced: :func:`token_script`)."""
    out = []
    i = j = 0
    for op, count in token_script(a, b, wide):
        for _ in range(count):
            if op == EQUAL:
                out.append((EQUAL, i, j))
                i += 1
                j += 1
            elif op == DELETE:
                out.append((DELETE, i, -1))
                i += 1
            else:
                out.append((INSERT, -1, j))
                j += 1
    return out
