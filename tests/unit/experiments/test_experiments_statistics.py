"""Statistics checked against values computed by hand (and, where noted, against numpy's definitions)."""

from __future__ import annotations

import math

import pytest

from csvpipe.experiments import statistics as st


def test_median_odd_and_even_counts() -> None:
    assert st.median([5.0, 1.0, 3.0]) == 3.0
    assert st.median([4.0, 1.0, 3.0, 2.0]) == 2.5


def test_percentile_interpolates_like_numpy_default() -> None:
    values = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0]
    # position = (n-1)*q/100 = 9*0.95 = 8.55 -> 9 + 0.55*(10-9)
    assert st.percentile(values, 95) == pytest.approx(9.55)
    assert st.percentile(values, 0) == 1.0
    assert st.percentile(values, 100) == 10.0
    # p99 of 1..10: 8.91 -> 9.91
    assert st.percentile(values, 99) == pytest.approx(9.91)


def test_percentile_rejects_empty_and_out_of_range() -> None:
    with pytest.raises(ValueError):
        st.percentile([], 50)
    with pytest.raises(ValueError):
        st.percentile([1.0], 101)


def test_mean_and_sample_stdev() -> None:
    values = [2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0]
    assert st.mean(values) == 5.0
    # sum of squared deviations = 32, n-1 = 7
    assert st.stdev(values) == pytest.approx(math.sqrt(32 / 7))
    assert st.stdev([3.0]) == 0.0


@pytest.mark.parametrize(
    ("n", "low", "high", "coverage"),
    [
        # n=10: P(B<=1) = 11/1024, 2x = 0.0215 <= 0.05; P(B<=2) = 56/1024 -> 0.109 > 0.05
        (10, 2, 9, 1 - 2 * 11 / 1024),
        # n=20: P(B<=5) = 21700/2^20 = 0.0207 -> 0.0414 <= 0.05; P(B<=6) = 0.0577 too large
        (20, 6, 15, 1 - 2 * 21700 / 2**20),
        # n=6: P(B<=0) = 1/64, 2x = 0.03125 -> ranks 1 and 6
        (6, 1, 6, 1 - 2 / 64),
    ],
)
def test_median_ci_ranks_match_binomial_tables(n: int, low: int, high: int, coverage: float) -> None:
    assert st.median_ci_ranks(n) == (low, high, pytest.approx(coverage))


def test_median_ci_below_six_samples_reports_lower_coverage() -> None:
    low, high, coverage = st.median_ci_ranks(5)
    assert (low, high) == (1, 5)
    assert coverage == pytest.approx(1 - 2 / 32)  # 0.9375 < 0.95, and the file says so


def test_median_ci_picks_order_statistics() -> None:
    values = [float(v) for v in (10, 1, 9, 2, 8, 3, 7, 4, 6, 5)]
    interval = st.median_ci(values)
    assert (interval.low, interval.high) == (2.0, 9.0)
    assert interval.method == st.CI_METHOD


def test_bootstrap_is_deterministic_for_a_seed_and_brackets_the_median() -> None:
    values = [float((i * 37) % 101) for i in range(40)]
    first = st.bootstrap_median_ci(values, resamples=500, seed=7)
    second = st.bootstrap_median_ci(values, resamples=500, seed=7)
    other = st.bootstrap_median_ci(values, resamples=500, seed=8)
    assert first == second
    assert (first.low, first.high) != (other.low, other.high)
    assert first.low <= st.median(values) <= first.high


def test_describe_has_every_field_and_handles_empty() -> None:
    stats = st.describe([1.0, 2.0, 3.0, 4.0, 5.0, 6.0])
    assert stats["n"] == 6
    assert stats["median"] == 3.5
    assert set(stats) >= {"median", "p95", "p99", "mean", "stdev", "ci95_median"}
    assert st.describe([]) == {"n": 0}


def test_linear_fit_recovers_a_known_line() -> None:
    # time = 0.05 s + size / (20 MB/s): slope 0.05 s per MB
    sizes = [0.001, 0.01, 0.1, 1.0, 10.0]
    times = [0.05 + s / 20 for s in sizes]
    fit = st.linear_fit(sizes, times)
    assert fit.intercept == pytest.approx(0.05)
    assert 1 / fit.slope == pytest.approx(20.0)
    assert fit.r_squared == pytest.approx(1.0)


def test_linear_fit_hand_computed_noisy_points() -> None:
    # x = 1,2,3; y = 1,2,2: mean x 2, mean y 5/3; sxy = 1, sxx = 2 -> slope 0.5, intercept 2/3
    fit = st.linear_fit([1.0, 2.0, 3.0], [1.0, 2.0, 2.0])
    assert fit.slope == pytest.approx(0.5)
    assert fit.intercept == pytest.approx(2 / 3)
    # residuals 1/6, -1/3, 1/6 -> ss_res = 1/6; ss_tot = 2/3 -> r2 = 0.75
    assert fit.r_squared == pytest.approx(0.75)


def test_linear_fit_rejects_degenerate_input() -> None:
    with pytest.raises(ValueError):
        st.linear_fit([1.0], [1.0])
    with pytest.raises(ValueError):
        st.linear_fit([2.0, 2.0], [1.0, 3.0])


def test_intervals_overlap() -> None:
    assert st.intervals_overlap((1, 3), (2, 4))
    assert st.intervals_overlap((1, 3), (3, 4))
    assert not st.intervals_overlap((1, 2), (2.5, 4))
