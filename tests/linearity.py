"""Timing helpers for the linear-time tests: least CPU time of a few calls, and 'doubling the
input at most triples the time' measured the way two shared, noisy cores allow."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest


def cpu(function: Callable[[], object], runs: int = 3) -> float:
    """The least CPU time of ``runs`` calls."""
    best = float("inf")
    for _ in range(runs):
        started = time.process_time()
        function()
        best = min(best, time.process_time() - started)
    return best


def _holds(ratios: tuple[float, float]) -> bool:
    """Each doubling at most triples the time, or one a little more (a cache or the collector
    stepping in at one size) while the two together stay within nine times (quadratic: 16)."""
    return max(ratios) <= 3 or (max(ratios) <= 3.5 and ratios[0] * ratios[1] <= 9)


def assert_linear(
    cost: Callable[[int], float], start: int = 4000, least: float = 0.05, tries: int = 3
) -> None:
    """Doubling ``n`` at most triples ``cost(n)`` (CPU seconds), from an ``n`` at which it takes at
    least ``least`` (or ``cost`` stays under 50 ms at any size: refused at once, say).

    ``least`` is well above the noise of two shared cores (about 10 ms): from a cost of 20 ms, as
    a fixed cost subtracted from a noisy measure, a linear input once measured ratios of 8. A try
    holds when its own ratios do, or those of each size's least time so far (three tries once read
    1.7 and 3.3, 3.4 and 2.5, 7.0 and 2.6); a try whose smallest size measured under half of
    ``least`` (the fixed cost subtracted was noisier than the rest) is judged again at twice the
    size."""
    n = start
    while cost(n) < least and n < 4_096_000:
        n *= 2
    best = [float("inf")] * 3
    ratios: list[tuple[float, float]] = []
    least_ratios = (0.0, 0.0)
    for _ in range(tries + 2):  # two shared, noisy cores: a few tries
        times = [max(cost(size), 1e-4) for size in (n, 2 * n, 4 * n)]
        if times[0] < least / 2 and n < 4_096_000:
            n, best = n * 2, [float("inf")] * 3
            continue
        best = [min(old, new) for old, new in zip(best, times, strict=True)]
        ratios.append((times[1] / times[0], times[2] / times[1]))
        least_ratios = (best[1] / best[0], best[2] / best[1])
        if _holds(ratios[-1]) or _holds(least_ratios) or times[2] < 0.05:
            return
        if (min(ratios[-1]) > 3.5 and times[1] > 0.2) or len(ratios) == tries:
            break  # no noise makes this linear
    pytest.fail(f"n={n}: time ratios for n -> 2n -> 4n: {ratios}; of the least times: {least_ratios}")
