"""Summary statistics for latency samples, with a confidence interval of the median.

Pure standard library, no clock, no I/O: every function takes numbers and returns numbers, so it can be
unit-tested against hand-computed values.

Why the median and an order-statistic interval: serverless latencies are skewed with a long tail (cold
starts, retries), so the mean and a normal-theory interval mislead. The distribution-free interval
``[x_(l), x_(u)]`` for the median needs no assumption about the shape: the number of samples below the
true median is Binomial(n, 1/2), which fixes the ranks ``l`` and ``u`` exactly. A seeded percentile
bootstrap is offered as a cross-check (deterministic for a given seed).
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass

CI_METHOD = "order-statistic (binomial, distribution-free)"
BOOTSTRAP_SEED = 20261125


@dataclass(frozen=True)
class Interval:
    low: float
    high: float
    coverage: float  # the interval's actual coverage probability (order statistics are discrete)
    method: str

    def to_dict(self) -> dict[str, float | str]:
        return {"low": self.low, "high": self.high, "coverage": self.coverage, "method": self.method}


@dataclass(frozen=True)
class LinearFit:
    """``y = intercept + slope * x`` fitted by ordinary least squares."""

    intercept: float
    slope: float
    r_squared: float
    n: int


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0–100) by linear interpolation between order statistics.

    Same definition as numpy's default ("linear", Hyndman–Fan type 7), so figures can be checked there.
    """
    if not values:
        raise ValueError("percentile of an empty sample")
    if not 0 <= q <= 100:
        raise ValueError(f"percentile q must be within 0..100, got {q}")
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    below = math.floor(position)
    above = min(below + 1, len(ordered) - 1)
    fraction = position - below
    return ordered[below] + (ordered[above] - ordered[below]) * fraction


def median(values: Sequence[float]) -> float:
    return percentile(values, 50)


def mean(values: Sequence[float]) -> float:
    if not values:
        raise ValueError("mean of an empty sample")
    return math.fsum(values) / len(values)


def stdev(values: Sequence[float]) -> float:
    """Sample standard deviation (n − 1); 0.0 for a single sample rather than an error."""
    if len(values) < 2:
        return 0.0
    centre = mean(values)
    return math.sqrt(math.fsum((v - centre) ** 2 for v in values) / (len(values) - 1))


def _binomial_cdf_half(k: int, n: int) -> float:
    """P(B <= k) for B ~ Binomial(n, 1/2), exactly (integers, then one division)."""
    if k < 0:
        return 0.0
    return sum(math.comb(n, i) for i in range(min(k, n) + 1)) / 2**n


def median_ci_ranks(n: int, confidence: float = 0.95) -> tuple[int, int, float]:
    """1-based ranks (l, u) of the order statistics bounding the median, and their coverage.

    Picks the narrowest symmetric pair with coverage ``1 − 2·P(B ≤ l−1) ≥ confidence``. Below n = 6 no
    pair reaches 95 %: the full range is returned with its (lower) coverage, which the caller reports.
    """
    if n < 1:
        raise ValueError("no samples")
    alpha = 1 - confidence
    best = 1
    for rank in range(1, n // 2 + 1):
        if 2 * _binomial_cdf_half(rank - 1, n) <= alpha:
            best = rank
        else:
            break
    low, high = best, n - best + 1
    coverage = 1 - 2 * _binomial_cdf_half(low - 1, n)
    return low, high, coverage


def median_ci(values: Sequence[float], confidence: float = 0.95) -> Interval:
    """Distribution-free confidence interval of the median from order statistics."""
    ordered = sorted(values)
    low, high, coverage = median_ci_ranks(len(ordered), confidence)
    return Interval(ordered[low - 1], ordered[high - 1], coverage, CI_METHOD)


def bootstrap_median_ci(
    values: Sequence[float], confidence: float = 0.95, resamples: int = 2000, seed: int = BOOTSTRAP_SEED
) -> Interval:
    """Percentile-bootstrap interval of the median; deterministic for a given seed."""
    if not values:
        raise ValueError("no samples")
    rng = random.Random(seed)
    n = len(values)
    medians = sorted(median([values[rng.randrange(n)] for _ in range(n)]) for _ in range(resamples))
    tail = (1 - confidence) / 2 * 100
    return Interval(
        percentile(medians, tail),
        percentile(medians, 100 - tail),
        confidence,
        f"percentile bootstrap ({resamples} resamples, seed {seed})",
    )


def describe(values: Sequence[float], confidence: float = 0.95) -> dict[str, object]:
    """Everything the results file records per metric: n, median, p95, p99, mean, stdev, CI."""
    if not values:
        return {"n": 0}
    return {
        "n": len(values),
        "median": median(values),
        "p95": percentile(values, 95),
        "p99": percentile(values, 99),
        "mean": mean(values),
        "stdev": stdev(values),
        "min": min(values),
        "max": max(values),
        "ci95_median": median_ci(values, confidence).to_dict(),
    }


def linear_fit(xs: Sequence[float], ys: Sequence[float]) -> LinearFit:
    """Ordinary least squares for ``y = a + b·x`` (used for time = overhead + size / throughput)."""
    if len(xs) != len(ys):
        raise ValueError("xs and ys differ in length")
    if len(xs) < 2:
        raise ValueError("a line needs at least two points")
    mean_x, mean_y = mean(xs), mean(ys)
    sxx = math.fsum((x - mean_x) ** 2 for x in xs)
    if sxx == 0:
        raise ValueError("all x values are equal; no slope can be fitted")
    sxy = math.fsum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True))
    slope = sxy / sxx
    intercept = mean_y - slope * mean_x
    ss_res = math.fsum((y - (intercept + slope * x)) ** 2 for x, y in zip(xs, ys, strict=True))
    ss_tot = math.fsum((y - mean_y) ** 2 for y in ys)
    r_squared = 1.0 - ss_res / ss_tot if ss_tot > 0 else 1.0
    return LinearFit(intercept, slope, r_squared, len(xs))


def intervals_overlap(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]
