"""The sketches keep their stated bounds, merge, and are deterministic."""

from __future__ import annotations

import random
import sys
from bisect import bisect_left, bisect_right
from collections import Counter

import pytest

from csvpipe.core.sketches import (
    HASH_SPACE,
    RANK_ERROR,
    DistinctSketch,
    HeavyHitters,
    QuantileSketch,
    fingerprints,
    mixed,
    smallest,
)


def _stream_quantile(values: list[float], chunk: int = 4096) -> QuantileSketch:
    sketch = QuantileSketch()
    for start in range(0, len(values), chunk):
        sketch.extend(sorted(values[start : start + chunk]))
    return sketch


@pytest.mark.parametrize("shape", ["uniform", "gauss", "sorted", "reversed", "few_values"])
def test_quantile_rank_error_within_bound(shape: str) -> None:
    rng = random.Random(42)
    n = 100_000
    values = {
        "uniform": lambda: [rng.random() for _ in range(n)],
        "gauss": lambda: [rng.gauss(0, 1) for _ in range(n)],
        "sorted": lambda: [float(i) for i in range(n)],
        "reversed": lambda: [float(n - i) for i in range(n)],
        "few_values": lambda: [float(rng.randint(0, 20)) for _ in range(n)],
    }[shape]()
    sketch = _stream_quantile(values)
    ordered = sorted(values)
    fractions = [i / 20 for i in range(1, 20)]
    for q, estimate in zip(fractions, sketch.quantiles(fractions), strict=True):
        low = bisect_left(ordered, estimate) / n
        high = bisect_right(ordered, estimate) / n
        # the estimate's rank range must come within the bound of q
        assert low - RANK_ERROR <= q <= high + RANK_ERROR, (q, low, high)
    assert sketch.n == n
    assert sum(len(level) for level in sketch.levels) < 1200  # fixed size, not n


def test_quantile_sketch_is_exact_for_small_inputs_and_deterministic() -> None:
    sketch = QuantileSketch()
    sketch.extend(sorted([5.0, 1.0, 3.0, 2.0, 4.0]))
    assert sketch.exact and sketch.quantiles([0.2, 0.5, 1.0]) == [1.0, 3.0, 5.0]
    values = [random.Random(1).random() for _ in range(50_000)]
    assert _stream_quantile(values).levels == _stream_quantile(values).levels


def test_quantile_merge_within_bound() -> None:
    rng = random.Random(7)
    a = [rng.random() for _ in range(40_000)]
    b = [rng.random() * 2 for _ in range(60_000)]
    merged = _stream_quantile(a)
    merged.merge(_stream_quantile(b))
    ordered = sorted(a + b)
    for q, estimate in zip((0.25, 0.5, 0.75), merged.quantiles((0.25, 0.5, 0.75)), strict=True):
        assert abs(bisect_left(ordered, estimate) / len(ordered) - q) <= RANK_ERROR


def _distinct(items: list[str], k: int = 2048) -> DistinctSketch:
    sketch = DistinctSketch(k)
    for start in range(0, len(items), 4096):
        sketch.add_strings(set(items[start : start + 4096]))
    return sketch


def test_distinct_is_exact_below_k_and_estimated_above() -> None:
    small = _distinct([f"v{i % 1500}" for i in range(20_000)])
    assert small.exact and small.estimate() == 1500
    for items in ([str(i) for i in range(200_000)], [f"{i * 0.37:.3f}" for i in range(200_000)]):
        big = _distinct(items)
        assert not big.exact
        truth = len(set(items))
        # 3 standard errors
        assert abs(big.estimate() - truth) / truth <= 3 * big.relative_error


def test_distinct_between_k_and_2k_counts_hashes_and_says_it_is_not_exact() -> None:
    items = [f"2024-01-{i % 28 + 1:02d}T{i % 24:02d}:{i % 60:02d}:{i // 60 % 60:02d}" for i in range(3000)]
    sketch = _distinct(items)
    truth = len(set(items))
    assert 2048 < truth <= 4096 and not sketch.pruned
    assert not sketch.exact and 0 < sketch.relative_error < 1e-4
    assert sketch.estimate() == truth  # 32-bit collisions among ~3 000 values: ~0.001 expected


def test_distinct_estimate_corrects_for_collisions_in_a_small_hash_space() -> None:
    """n items hashed into `space` values fill only space·(1 − e^(−n/space)) of them; the estimate
    must count items, not hash values (here a 20-bit space makes the gap 16 %)."""
    rng = random.Random(7)
    space = 1 << 20
    n = 400_000
    sketch = DistinctSketch(2048, keep_strings=False, space=space, spread=False)
    for _ in range(0, n, 10_000):
        sketch.add_hashes([rng.randrange(space) for _ in range(10_000)])
    assert sketch.pruned
    assert abs(sketch.estimate() - n) / n <= 3 * sketch.relative_error


def test_distinct_merge_equals_single_pass() -> None:
    items = [f"id-{i}" for i in range(100_000)]
    left, right = _distinct(items[:30_000]), _distinct(items[30_000:])
    left.merge(right)
    assert left.estimate() == _distinct(items).estimate()


def test_heavy_hitters_bounds_and_merge() -> None:
    rng = random.Random(3)
    stream = [f"k{min(int(rng.expovariate(0.3)), 500)}" for _ in range(50_000)]
    truth: dict[str, int] = {}
    for item in stream:
        truth[item] = truth.get(item, 0) + 1
    halves = []
    for part in (stream[:20_000], stream[20_000:]):
        sketch = HeavyHitters(64)
        for start in range(0, len(part), 4096):
            chunk: dict[str, int] = {}
            for item in part[start : start + 4096]:
                chunk[item] = chunk.get(item, 0) + 1
            sketch.add_counts(chunk, len(part[start : start + 4096]))
        halves.append(sketch)
    merged = halves[0]
    merged.merge(halves[1])
    assert merged.error <= len(stream) / 65
    assert len(merged.counters) <= 64
    for item, count in merged.counters.items():
        assert count <= truth[item] <= count + merged.error
    top_true = max(truth, key=lambda item: truth[item])
    assert merged.top(1)[0][0] == top_true


def test_distinct_keeps_strings_until_k_then_hashes_and_merges_across_phases() -> None:
    small, large = DistinctSketch(1000), DistinctSketch(1000)
    small.add_strings({f"s{i}" for i in range(500)})
    assert small.items is not None and small.estimate() == 500 and small.exact
    for start in range(0, 50_000, 5000):
        large.add_strings({f"s{i}" for i in range(start, start + 5000)})
    assert large.items is None
    single = DistinctSketch(1000)
    for start in range(0, 50_000, 5000):
        single.add_strings({f"s{i}" for i in range(start, start + 5000)})
    small.merge(large)  # strings ∪ hashed: the 500 are already among the 50 000
    assert small.estimate() == single.estimate()
    both = DistinctSketch(1000)
    both.add_strings({"a", "b"})
    other = DistinctSketch(1000)
    other.add_strings({"b", "c"})
    both.merge(other)
    assert both.estimate() == 3 and both.exact


@pytest.mark.parametrize("shape", ["uniform", "low", "high"])
def test_smallest_equals_sorting_for_uniform_and_skewed_hashes(shape: str) -> None:
    """The C-level cut assumes uniform 64-bit hashes; skewed ones (all near the top, so the cut keeps
    fewer than k) must fall back to sorting and agree."""
    rng = random.Random(shape)
    draw = {
        "uniform": lambda: rng.getrandbits(64),
        "low": lambda: rng.getrandbits(40),
        "high": lambda: (1 << 64) - 1 - rng.getrandbits(40),
    }[shape]
    for size, k in ((100, 64), (5_000, 64), (40_000, 256)):
        hashes = {draw() for _ in range(size)}
        assert smallest(hashes, k) == sorted(hashes)[:k]


@pytest.mark.parametrize("shape", ["years", "few_random", "cycle", "runs"])
def test_weighted_quantile_updates_stay_within_bound(shape: str) -> None:
    """Repeated values enter by weight (powers of two on their levels): the same bound as their
    copies, a bounded size, and the copies' exact answer while nothing was compacted."""
    rng = random.Random(3)
    n = 200_000
    values = {
        "years": lambda: [1950 + i // 42 % 101 for i in range(n)],
        "few_random": lambda: [rng.randint(0, 20) for _ in range(n)],
        "cycle": lambda: [i % 21 * 5 for i in range(n)],
        "runs": lambda: [v for _ in range(200) for v in [rng.randint(0, 999)] * rng.randint(1, 2000)],
    }[shape]()
    sketch = QuantileSketch()
    for start in range(0, len(values), 4096):
        counts = Counter(values[start : start + 4096])
        ordered = sorted(counts)
        sketch.extend_weighted(ordered, [counts[v] for v in ordered])
    assert sketch.n == len(values)
    ordered_values = sorted(values)
    fractions = [i / 20 for i in range(1, 20)]
    for q, estimate in zip(fractions, sketch.quantiles(fractions), strict=True):
        low = bisect_left(ordered_values, estimate) / len(values)
        high = bisect_right(ordered_values, estimate) / len(values)
        assert low - RANK_ERROR <= q <= high + RANK_ERROR, (q, low, high)
    assert sum(len(level) for level in sketch.levels) < 1200


def test_a_young_sketch_takes_weighted_values_as_their_copies() -> None:
    weighted, copies = QuantileSketch(), QuantileSketch()
    weighted.extend_weighted([1.0, 2.0, 7.0], [40, 3, 60])
    copies.extend([1.0] * 40 + [2.0] * 3 + [7.0] * 60)
    assert weighted.exact and weighted.levels == copies.levels and weighted.n == copies.n == 103


def test_the_estimate_right_after_a_prune_needs_no_sort_and_equals_the_sorted_one() -> None:
    items = [f"v{i}" for i in range(20_000)]
    sketch = _distinct(items, k=256)
    kept = smallest(sketch.hashes, sketch.k, sketch.high, sketch.low)
    sketch.hashes, sketch._threshold = set(kept), kept[-1] + 1  # the state a prune leaves
    expected = round((255 * (sketch.high - sketch.low)) / (kept[-1] - sketch.low + 1))
    assert sketch._kth() == kept[-1]
    assert abs(sketch.estimate() - expected) <= expected * 1e-3  # (collision correction aside)
    sketch.add_hashes([sketch.low])  # one more below the threshold: the k-th smallest moves down
    assert sketch._kth() == smallest(sketch.hashes, sketch.k, sketch._threshold, sketch.low)[-1] < kept[-1]


def test_kept_strings_stop_at_a_budget_of_characters_and_repeats_take_no_room() -> None:
    sketch = DistinctSketch(2048)
    words = [f"{i:05d}" + "x" * 995 for i in range(200)]  # 200 strings of 1 000 characters
    for _ in range(50):  # the same strings again and again: nothing new to keep
        sketch.add_strings(words)
    assert sketch.items is not None and sketch.chars == 200_000 and sketch.exact
    sketch.add_strings([f"{i:05d}" + "y" * 995 for i in range(100)])  # 100 000 more: past 262 144
    assert sketch.items is None and not sketch.exact and sketch.estimate() == 300


@pytest.mark.parametrize("per_chunk", [1, 2, 3])
def test_whether_kept_strings_stay_exact_does_not_depend_on_the_chunks(per_chunk: int) -> None:
    """Three distinct long strings (300 000 characters) among short ones that repeat: the room they
    took was a share of each chunk's length by count, so a chunk with one new long string among 99
    repeated short ones counted 1 % of it, and the column stayed exact in one chunking but not in
    another (found by a fuzz of chunk sizes)."""
    shorts = [f"s{i}" for i in range(99)]
    longs = [f"{i}" + "L" * 100_000 for i in range(3)]
    sketch = DistinctSketch(2048)
    for start in range(0, 3, per_chunk):
        chunk = longs[start : start + per_chunk] + shorts
        sketch.add_strings(chunk, sum(map(len, chunk)))
    assert not sketch.exact and sketch.estimate() == 102


def _complete_blocks(rng: random.Random, blocks: tuple[int, ...] = (2, 3)) -> list[str]:
    """Codes as registries hand them out: every three-hex-digit suffix under a few prefixes (IEEE's
    `oui36.csv`: 4 080 under `70B3D5`, 748 under `8C1F64`, 201 under `001BC5`), most of them."""
    prefixes = [f"{rng.randrange(1 << 24):06X}" for _ in range(rng.choice(blocks))]
    codes = [f"{prefix}{suffix:03X}" for prefix in prefixes for suffix in range(4096)]
    codes = codes[: rng.randrange(len(codes) * 2 // 3, len(codes))]
    rng.shuffle(codes)
    return codes


def test_distinct_estimates_of_complete_code_blocks_keep_their_stated_error() -> None:
    """crc32 alone is linear: such codes hash into a small subspace, and 19 of these 40 columns were
    estimated beyond 3 stated standard errors (up to 5; until 2026-11-27). Mixed, the errors must look
    like the stated ones: none beyond 3.5, and their spread about 1."""
    rng = random.Random(3)
    errors = []
    for _ in range(40):
        codes = _complete_blocks(rng)
        sketch = _distinct(codes)
        assert sketch.pruned
        errors.append((sketch.estimate() - len(codes)) / len(codes) / sketch.relative_error)
    assert max(map(abs, errors)) < 3.5
    assert 0.5 < (sum(e * e for e in errors) / len(errors)) ** 0.5 < 1.5


def test_duplicate_row_fingerprints_are_mixed_before_their_sketch() -> None:
    """The rows' 64-bit fingerprints have crc32 in their high half: the same flaw, up to 6.6 standard
    errors on rows of such codes, which could report duplicates that are not there."""
    rng = random.Random(9)
    errors = []
    for _ in range(20):
        rows = [code.encode() for code in _complete_blocks(rng, blocks=(3, 5))]
        sketch = DistinctSketch(4096, keep_strings=False, space=HASH_SPACE)
        sketch.add_hashes(mixed(fingerprints(rows)))
        assert sketch.pruned
        errors.append((sketch.estimate() - len(rows)) / len(rows) / sketch.relative_error)
    assert max(map(abs, errors)) < 3.5


@pytest.mark.skipif(sys.hash_info.width != 64, reason="the tuple hash has 32-bit constants there")
def test_the_mixing_is_deterministic_across_processes_and_runs() -> None:
    """Distinct estimates must not change between runs or processes (parts of a split file merge):
    the tuple hash of an int is not salted. Pinned so that a Python that changed it is noticed."""
    pinned = [-8753497827991233192, -6644214454873602895, 4931568673036964247]
    assert list(mixed([0, 1, (1 << 32) - 1])) == pinned
