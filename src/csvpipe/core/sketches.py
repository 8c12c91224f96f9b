"""Fixed-size, mergeable, deterministic sketches.

* `DistinctSketch` — K minimum values (KMV): exact while at most k distinct values were seen,
  then an estimate (relative standard error 1/sqrt(k-2) once 2k hashes were seen).
* `QuantileSketch` — KLL: rank error within 1.7 % of n for k=256; exact while n < k.
* `HeavyHitters` — Misra-Gries: a reported count is never above the true count and at most
  `error` (≤ n/(capacity+1)) below it.

All hashing is deterministic (crc32 of UTF-8 bytes mixed by CPython's tuple hash for distinct
values, crc32 ∥ adler32 for the 64-bit row fingerprints; no salted ``hash()`` of a str) so profiles
made in different processes merge and the same file always gives the same summary.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from itertools import chain, compress, repeat
from math import log1p
from operator import and_, lshift, or_, rshift
from sys import hash_info
from zlib import adler32, crc32

from csvpipe.core.texts import KEPT_CHARS, kept

HASH_SPACE = 1 << 64
STRING_HASH_SPACE = 1 << 32  # distinct values of DistinctSketch's own hash: crc32's
# ... spread by the tuple hash over the signed range of `hash()`: [-2^63, 2^63) where it is 64 bits.
MIXED_LOW = -(1 << (hash_info.width - 1))
MIXED_SPAN = 1 << hash_info.width
# Normalised rank error of QuantileSketch(k=256), checked by tests/unit/core/test_sketches.py.
RANK_ERROR = 0.017


def fingerprints(items: Iterable[bytes]) -> list[int]:
    """64-bit fingerprints: crc32 in the high half (uniform enough for KMV), adler32 in the low half."""
    data = items if isinstance(items, list) else list(items)
    return list(map(or_, map(lshift, map(crc32, data), repeat(32)), map(adler32, data)))


def mixed(hashes: Iterable[int]) -> Iterable[int]:
    """Hashes spread over [MIXED_LOW, MIXED_LOW + MIXED_SPAN) by CPython's tuple hash of each (lazily):
    one xxHash round, deterministic (ints and tuples of ints are not salted) and a bijection on 64
    bits, so it adds no collision below 2^61.

    KMV needs hashes whose smallest values are a uniform sample. crc32 is linear over GF(2): the
    codes of a complete block such as `70B3D5000`…`70B3D5FFF` (IEEE's MA-S registry) hash into a
    small affine subspace, and the estimate missed by up to 5 of its stated standard errors (19 of 40
    such columns beyond 3; `oui36.csv`: 4 580 for 5 029 values, stated ±2.2 %; row fingerprints,
    whose high half is crc32, up to 6.6). Mixed: 0 of 40. Cost: 33 ns a hashed value."""
    return map(hash, zip(hashes))


def _string_hashes(strings: Iterable[str]) -> Iterable[int]:
    """DistinctSketch's hash of each string (lazily, for add_hashes): crc32 of its UTF-8 bytes, mixed."""
    return mixed(map(crc32, map(str.encode, strings)))


def smallest(hashes: set[int], k: int, bound: int = HASH_SPACE, low: int = 0) -> list[int]:
    """The k smallest hashes in order, where every hash is in [low, bound) (a pruned sketch's
    threshold, else the top of the hash range).

    Hashes are spread evenly below the bound, so the k-th smallest sits near low + (bound-low)·k/n:
    the set is first cut at 5/4 of that at C speed and only the survivors are sorted (merging the
    300 columns of the wide file's two halves: 0.12 s of sorting before, 0.09 s after; a union of
    two pruned sketches holds only 1.5-2k hashes, so the cut keeps most of them). A cut that keeps
    fewer than k (skewed hashes) falls back to sorting everything.
    """
    if len(hashes) > 2 * k:
        cut = low + (bound - low) // len(hashes) * k * 5 // 4
        below = sorted(filter(cut.__gt__, hashes))
        if len(below) >= k:
            return below[:k]
    return sorted(hashes)[:k]


class DistinctSketch:
    """K minimum values (KMV) of the hashes of the distinct items.

    Up to k distinct strings are simply kept (exact, and no hashing cost for small columns) — and
    at most about ITEM_CHARS characters of them: 2 048 kept cells of 100 KB (HTML in a column) were
    200 MB. Past either, each string is hashed once by crc32 of its UTF-8 bytes — 32 bits: the cheapest
    deterministic hash of a str in the standard library (a 64-bit crc32 ∥ adler32 fingerprint cost
    twice as much and bought nothing, as KMV reads only the small end of the hash space) — mixed by
    the tuple hash into [MIXED_LOW, MIXED_LOW + MIXED_SPAN) (`_string_hashes`). The sketch holds
    every hash below `_threshold` (between k and 2k of them once pruned, so pruning is amortised);
    the count of held hashes, or once pruned the k-th smallest, gives the estimate, with the
    collisions of a hash of `space` distinct values corrected for. Callers with their own hashes
    pass them to `add_hashes` through `mixed`, with `space` the number of values they take
    (`HASH_SPACE` for 64-bit fingerprints).
    """

    __slots__ = ("_threshold", "chars", "hashes", "high", "item_chars", "items", "k", "low", "space")

    ITEM_CHARS = 256 * 1024

    def __init__(
        self,
        k: int,
        keep_strings: bool = True,
        space: int = STRING_HASH_SPACE,
        item_chars: int = ITEM_CHARS,
        *,
        spread: bool = True,
    ) -> None:
        self.k = k
        self.item_chars = item_chars
        self.space = space  # how many distinct hash values there are (for the collision correction)
        # The range the hashes fall in: `mixed` ones', or [0, space) for a caller's own (`spread` False).
        self.low, self.high = (MIXED_LOW, MIXED_LOW + MIXED_SPAN) if spread else (0, space)
        self.items: set[str] | None = set() if keep_strings else None
        self.chars = 0  # characters of the kept strings, or more (see add_strings)
        self.hashes: set[int] = set()
        self._threshold = self.high  # only hashes below this can still enter

    def add_strings(self, strings: Collection[str], chars: int | None = None) -> None:
        """`chars`: the strings' total length, if the caller has it (a chunk's joined distinct values)."""
        items = self.items
        if items is not None:
            items.update(strings)
            # An upper bound (strings kept before count again), made exact whenever it passes the
            # limit: so whether a column stays exact depends only on its distinct values, not on how
            # the file was cut into chunks (a share of the chunk's length by count made it depend).
            self.chars += sum(map(len, strings)) if chars is None else chars
            if self.chars > self.item_chars:
                self.chars = sum(map(len, items))
            if len(items) <= self.k and self.chars <= self.item_chars:
                return
            strings, self.items = items, None
        self.add_hashes(_string_hashes(strings))

    def _spill(self) -> None:
        """From kept strings to hashes (once)."""
        mine, self.items = self.items, None
        if mine:
            self.add_hashes(_string_hashes(mine))

    def add_hashes(self, hashes: Iterable[int]) -> None:
        if self.items is not None:
            self._spill()
        threshold = self._threshold
        if threshold < self.high:
            hashes = filter(threshold.__gt__, hashes)
        self.hashes.update(hashes)
        if len(self.hashes) > 2 * self.k:
            kept = smallest(self.hashes, self.k, threshold, self.low)
            self.hashes = set(kept)
            self._threshold = kept[-1] + 1

    def merge(self, other: DistinctSketch) -> None:
        if self.items is not None and other.items is not None:
            self.add_strings(other.items)
            return
        if self.items is not None:
            self._spill()
        if other._threshold < self._threshold:
            self._threshold = other._threshold
            self.hashes = {h for h in self.hashes if h < other._threshold}
        if other.items is not None:
            self.add_hashes(_string_hashes(other.items))
        else:
            self.add_hashes(other.hashes)

    @property
    def exact(self) -> bool:
        """True while the figure is a count of the items themselves (no hash involved)."""
        return self.items is not None or (self.space >= HASH_SPACE and self._threshold == self.high)

    @property
    def pruned(self) -> bool:
        return self._threshold < self.high

    def estimate(self) -> int:
        if self.items is not None:
            return len(self.items)
        # Unpruned: every hash is kept, so count them; pruned: KMV's (k-1)/U_k.
        span = self.high - self.low
        seen = (self.k - 1) * span / (self._kth() - self.low + 1) if self.pruned else float(len(self.hashes))
        if self.space < HASH_SPACE and seen < self.space:
            # `seen` counts distinct hashes; n distinct items fill space·(1 − e^(−n/space)) of them.
            seen = -self.space * log1p(-seen / self.space)
        return round(seen)

    def _kth(self) -> int:
        """The k-th smallest hash. Right after a prune (as after most merges) the sketch holds just
        the k smallest, the largest of them one below the threshold: no sort (on the 300-column
        file the summary's sorting took 0.1 s)."""
        top = self._threshold - 1
        if len(self.hashes) == self.k and top in self.hashes:
            return top
        return smallest(self.hashes, self.k, self._threshold, self.low)[-1]

    @property
    def relative_error(self) -> float:
        """One standard error of the estimate, relative: 0 when exact; KMV's 1/√(k−2) once pruned;
        before that only 32-bit hash collisions blur the count (about √(1/(2·space)))."""
        if self.exact:
            return 0.0
        if self.pruned:
            return 1 / (self.k - 2) ** 0.5
        return (1 / (2 * self.space)) ** 0.5


class QuantileSketch:
    """KLL quantile sketch (Karnin, Lang, Liberty 2016) with a deterministic coin.

    An item on level h stands for 2^h values. Repeated values enter by weight (`extend_weighted`).
    """

    __slots__ = ("_coin", "compacted", "k", "levels", "n")

    SHRINK = 2 / 3

    def __init__(self, k: int = 256) -> None:
        self.k = k
        self.n = 0
        self.levels: list[list[float]] = [[]]
        self._coin = 0x2545F491
        self.compacted = False  # True once a compaction dropped items: quantiles are estimates

    def _capacity(self, level: int) -> int:
        depth = len(self.levels) - 1 - level
        return max(2, int(self.k * self.SHRINK**depth) + 1)

    def _flip(self) -> int:
        # xorshift32: deterministic, so the same input always gives the same sketch.
        x = self._coin
        x ^= (x << 13) & 0xFFFFFFFF
        x ^= x >> 17
        x ^= (x << 5) & 0xFFFFFFFF
        self._coin = x
        return x & 1

    def extend(self, values: Iterable[float]) -> None:
        before = len(self.levels[0])
        self.levels[0].extend(values)
        self.n += len(self.levels[0]) - before
        self._compress()

    def extend_weighted(self, ordered: Sequence[float], counts: Sequence[int]) -> None:
        """Each of `ordered` (ascending) `counts[i]` times, without writing out the copies: a count is
        split into powers of two and each power 2^h put on level h as one item — what compacting
        2^h copies of one value would give, and compacting equal values loses nothing — up to the
        sketch's top level, which takes the rest as copies (so a young sketch, with one level,
        takes every copy, exactly as `extend` would). For a column of years in a 4 096-row chunk:
        ~300 items instead of 4 096 to sort and compact (rank error measured on 200 000-346 000
        values in five shapes, five seeds each: at most 0.8 %, as for the copies)."""
        levels = self.levels
        top = len(levels) - 1  # no new levels: they would shrink the lower ones (see _capacity)
        for level in range(top):
            levels[level].extend(compress(ordered, map(and_, counts, repeat(1 << level))))
        levels[top].extend(chain.from_iterable(map(repeat, ordered, map(rshift, counts, repeat(top)))))
        self.n += sum(counts)
        self._compress()

    def _compress(self) -> None:
        level = 0
        while level < len(self.levels):
            items = self.levels[level]
            if len(items) >= self._capacity(level):
                if level + 1 == len(self.levels):
                    self.levels.append([])
                items.sort()
                keep = [items.pop()] if len(items) % 2 else []
                self.levels[level + 1].extend(items[self._flip() :: 2])
                self.levels[level] = keep
                self.compacted = True
            level += 1

    def merge(self, other: QuantileSketch) -> None:
        while len(self.levels) < len(other.levels):
            self.levels.append([])
        for level, items in enumerate(other.levels):
            self.levels[level].extend(items)
        self.n += other.n
        self.compacted = self.compacted or other.compacted
        self._compress()

    def _weighted(self) -> list[tuple[float, int]]:
        pairs = [(value, 1 << level) for level, items in enumerate(self.levels) for value in items]
        pairs.sort()
        return pairs

    def quantiles(self, fractions: Sequence[float]) -> list[float | None]:
        """Nearest-rank quantiles: the smallest value whose cumulative weight reaches q·n."""
        if self.n == 0:
            return [None for _ in fractions]
        pairs = self._weighted()
        results: list[float | None] = []
        for q in fractions:
            target = max(1.0, q * self.n)
            total = 0
            chosen = pairs[-1][0]
            for value, weight in pairs:
                total += weight
                if total >= target:
                    chosen = value
                    break
            results.append(chosen)
        return results

    def rank(self, value: float, inclusive: bool = False) -> int:
        """Estimated number of items below `value` (or at most `value` when inclusive)."""
        if inclusive:
            return sum(1 << lvl for lvl, items in enumerate(self.levels) for v in items if v <= value)
        return sum(1 << lvl for lvl, items in enumerate(self.levels) for v in items if v < value)

    @property
    def exact(self) -> bool:
        """True while nothing was compacted: every value is there, with its weight."""
        return not self.compacted

    @property
    def rank_error(self) -> float:
        """Normalised rank error bound (99 % confidence) — 0 while nothing was compacted."""
        return 0.0 if self.exact else RANK_ERROR


class HeavyHitters:
    """Misra-Gries summary: at most `capacity` counters. A text over KEPT_CHARS is counted under its
    stand-in (texts.kept), so the counters hold at most `capacity` short texts whatever the cells."""

    __slots__ = ("capacity", "counters", "error", "n")

    def __init__(self, capacity: int = 64) -> None:
        self.capacity = capacity
        self.counters: dict[str, int] = {}
        self.error = 0  # every true count is within [counter, counter + error]
        self.n = 0

    def _reduce(self, counts: dict[str, int]) -> tuple[dict[str, int], int]:
        if len(counts) <= self.capacity:
            return counts, 0
        values = counts.values()
        if max(values) == 1:  # all distinct: nothing survives the subtraction
            return {}, 1
        cut = sorted(values, reverse=True)[self.capacity]
        return {item: count - cut for item, count in counts.items() if count > cut}, cut

    def add_counts(self, counts: Mapping[str, int], total: int) -> None:
        reduced, cut = self._reduce(dict(counts))
        self.error += cut
        self.n += total
        self._absorb(reduced)

    def skip(self, total: int) -> None:
        """Items seen but not counted (a numeric chunk): they widen the error bound, honestly."""
        self.n += total
        self.error += total

    def _absorb(self, reduced: Mapping[str, int]) -> None:
        counters = self.counters
        for item, count in reduced.items():
            if len(item) > KEPT_CHARS:
                item = kept(item)
            counters[item] = counters.get(item, 0) + count
        counters, cut = self._reduce(counters)
        self.counters = counters
        self.error += cut

    def merge(self, other: HeavyHitters) -> None:
        self.n += other.n
        self.error += other.error
        self._absorb(other.counters)

    def top(self, limit: int) -> list[tuple[str, int]]:
        ranked = sorted(self.counters.items(), key=lambda pair: (-pair[1], pair[0]))
        return ranked[:limit]
