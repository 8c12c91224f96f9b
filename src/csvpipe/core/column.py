"""The per-column accumulator: fed one chunk (a tuple of cells) at a time, merged, then resolved.

Every value is counted under the kind it parses as (int, float, bool, date, datetime, string), with
the statistics each kind needs kept side by side; the column's type is decided only at the end, from
those counts and the threshold. So one pass suffices and any two accumulators merge.

Speed comes from working on a whole chunk with C-level built-ins (`map(int, ...)`, `set`, `sorted`)
and from classifying only *distinct* values when the bulk paths refuse a chunk.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date, datetime
from itertools import chain, compress, filterfalse, repeat
from math import fsum, isfinite
from operator import ge, le, methodcaller, mul, sub

from csvpipe.core import values as v
from csvpipe.core.sketches import DistinctSketch, HeavyHitters, QuantileSketch
from csvpipe.core.texts import kept

TYPE_CHECKING = False  # typing costs milliseconds at import; mypy still reads the block below
if TYPE_CHECKING:
    from typing import Any

_CACHE_LIMIT = 8192
# Longer texts are classified but not cached: typed values are short (a datetime with fraction and
# zone has 32 characters), and 8 192 cached megabyte-long digit strings would hold gigabytes.
_CACHED_CHARS = 64
_FEW_DISTINCT = 4  # a chunk with at most 1/4 distinct values is parsed value by distinct value
_TINY = 4  # up to this many distinct cells, list.count per text is cheaper than Counter (measured)
_strip_sign = methodcaller("strip", "+- \t")
_NUMERIC_KINDS = (v.INT, v.FLOAT)
_BULK_KINDS = (v.INT, v.FLOAT, v.DATE, v.DATETIME)  # the kinds with whole-chunk paths


def _all_have_a_point(keys: Sequence[str], joined: str, point: str) -> bool:
    """Whether every key holds a decimal `point`, where `joined` is the keys joined: one C-level count
    instead of a test per key (measured: 75 ns a key on a float column). Exact for keys that parse as
    floats (at most one point each); if one does not parse, a wrong True only sends the chunk to a
    parse that fails on it, as the other path would."""
    return joined.count(point) == len(keys)


def _integral_flags(keys: list[str], joined: str, point: str) -> list[bool]:
    """For keys that parse as floats: which are written as integers (no point, no exponent); empty
    when every key has a decimal point (the common case, found without a test per key)."""
    if _all_have_a_point(keys, joined, point):
        return []
    return list(map(str.isdigit, map(_strip_sign, keys)))


def parsed_pair(parsed: object) -> tuple[Any, Any]:
    """The two readings of an ambiguous day/month date or datetime (see values.parse_date)."""
    assert isinstance(parsed, tuple)
    return parsed[0], parsed[1]


class FileOrder:
    """Whether values came in sorted order (either way), kept for the two readings of ambiguous
    day/month values: a column of them only (monthly `01-02-1999`, `01-03-1999`, …) has no value that
    tells day-first from month-first, but a series is usually written in date order, and only one
    reading keeps that order. Mergeable: a later part keeps the order if it did and starts where the
    earlier one ended."""

    __slots__ = ("ascending", "count", "descending", "first", "last")

    def __init__(self) -> None:
        self.count = 0
        self.first: Any = None
        self.last: Any = None
        self.ascending = self.descending = True

    def add(self, values: list[Any]) -> None:
        """The next `values`, in file order."""
        if not values:
            return
        added = len(values)
        if self.count:
            values = [self.last, *values]
        else:
            self.first = values[0]
        following = values[1:]
        self.ascending = self.ascending and all(map(le, values, following))
        self.descending = self.descending and all(map(ge, values, following))
        self.last = values[-1]
        self.count += added

    def merge(self, other: FileOrder) -> None:
        if not other.count:
            return
        if not self.count:
            self.count, self.first = other.count, other.first
            self.ascending, self.descending = other.ascending, other.descending
        else:
            self.ascending = self.ascending and other.ascending and self.last <= other.first
            self.descending = self.descending and other.descending and self.last >= other.first
            self.count += other.count
        self.last = other.last

    @property
    def sorted(self) -> bool:
        return self.ascending or self.descending


def _has_digits_only(texts: Iterable[str]) -> bool:
    """Whether a text is all digits: `datetime.fromisoformat` reads 20240131 as a date and a run
    of 11, 13, 15 or 17 digits and more as a datetime (1111111111111111111 as
    1111-11-11T11:11:11.111111), while `classify` calls them ints, or strings past INT_MAX; the
    bulk path must not decide otherwise than value by value would. Until 2026-11-27 only texts
    shorter than 10 were tested, so a column of 19-digit ids (polars' `big_nums.csv`; Twitter's
    ids pass 10^18) was a datetime column of the year 1111 or 2024."""
    return any(map(str.isdigit, texts))


def _constant(kind: str) -> Callable[[str], str]:
    return lambda _value: kind


# An integer's text with a leading zero: `01234` (a ZIP code), `007`, `-01`; not `0`, `00`, `0.5` —
# the texts that int() reads in base 10 but refuses in base 0 (see ColumnProfile._ints).
_ZERO_PADDED = re.compile(r"[+-]?0+[1-9][0-9]*")


def _zero_padded(keys: Iterable[str], joined: str) -> set[str]:
    """The zero-padded integers among a chunk's distinct values (`joined`: them concatenated). The
    values are joined by NUL and only the places where one opens with a zero are looked at, at C
    speed (a NUL in a value: each is looked at). Still 0.9 % of the UN file's instructions when every
    chunk of ints was looked at: the paths that read most ints tell when a chunk has none (_ints)."""
    if "\x00" in joined:
        return set(filter(_ZERO_PADDED.fullmatch, keys))
    text = "\x00" + "\x00".join(keys) + "\x00"
    found: set[str] = set()
    for opening in ("\x000", "\x00-0", "\x00+0"):
        if opening == "\x000":
            # Most chunks: no value but the zero itself opens with one.
            if text.count(opening) == ("\x000\x00" in text):
                continue
        elif opening[1:] not in joined:
            continue
        at = text.find(opening)
        while at >= 0:
            end = text.find("\x00", at + 1)
            value = text[at + 1 : end]
            if _ZERO_PADDED.fullmatch(value):
                found.add(value)
            at = text.find(opening, end)
    return found


_INFINITY = float("inf")


_SPLIT = float(2**27 + 1)  # Veltkamp's constant: splits a double into two halves of 26 bits


def _float_sum(numbers: Iterable[float]) -> tuple[float, float]:
    """The exact sum of `numbers` rounded once (fsum), and what that rounding left out, rounded:
    together the sum to about 106 bits, whatever order and grouping the numbers came in."""
    numbers = numbers if isinstance(numbers, (list, tuple)) else list(numbers)
    try:
        total = fsum(numbers)
    except OverflowError:  # past the largest float on the way (1e308 + 1e308): as a plain sum says
        return sum(numbers), 0.0
    if not isfinite(total):
        return total, 0.0
    try:
        return total, fsum(chain((-total,), numbers))
    except OverflowError:
        # A sum near the largest float whose remainder fsum cannot reach without passing it on the
        # way (-total, -1e308, 9e307, 9e307 …: hypothesis found it; a crash until 2026-11-27): the
        # remainder, below one unit in the last place of a finite sum, is left out.
        return total, 0.0


def _exact_products(numbers: Sequence[float], counts: Sequence[int]) -> list[float]:
    """Floats whose exact sum is that of number × count for each pair: a number is split into two
    halves of 26 bits (Veltkamp), each of which times a count below 2^27 is a float exactly."""
    parts: list[float] = []
    for number, count in zip(numbers, counts, strict=True):
        if count == 1:
            parts.append(number)
            continue
        scaled = _SPLIT * number
        if count >= _SPLIT or not isfinite(scaled):  # huge: rounded, as a plain product is
            parts.append(number * count)
            continue
        high = scaled - (scaled - number)
        parts += (high * count, (number - high) * count)
    return parts


class NumericStats:
    """count, sum, min, max, mean/M2 (Chan et al. merge), zeros, negatives and a quantile sketch —
    of the finite numbers; ±infinity (`inf` in a file) is only counted, in `infinities` (negative,
    positive): one would make the mean, the sum and every spread infinite or undefined."""

    __slots__ = (
        "count",
        "infinities",
        "m2",
        "maximum",
        "mean",
        "minimum",
        "negatives",
        "residue",
        "sketch",
        "total",
        "zeros",
    )

    def __init__(self) -> None:
        self.count = 0
        self.infinities = [0, 0]
        self.total: float = 0
        # A float total's rounding error, so that the sum is the same however the rows were cut into
        # chunks and parts: the total is the exact sum rounded once (see _float_sum), not a sum of
        # rounded chunk sums (an average of 124.095 came out 124.09 in chunks of 64, 124.1 in one).
        self.residue = 0.0
        self.minimum: float | None = None
        self.maximum: float | None = None
        self.mean = 0.0
        self.m2 = 0.0
        self.zeros = 0
        self.negatives = 0
        self.sketch = QuantileSketch()

    def add_sorted(self, values: list[Any]) -> None:
        n = len(values)
        if not n:
            return
        if values[0] == -_INFINITY or values[-1] == _INFINITY:  # infinities sort to the ends
            start, end = bisect_right(values, -_INFINITY), bisect_left(values, _INFINITY)
            self.infinities[0] += start
            self.infinities[1] += n - end
            values = values[start:end]
            n = len(values)
            if not n:
                return
        total = sum(values)
        residue = 0.0
        if not isinstance(total, int):
            total, residue = _float_sum(values)
        if isinstance(total, int):
            # Integers: the sum of squares is exact, so M2 is exact up to one division.
            m2 = (n * sum(map(mul, values, values)) - total * total) / n
        elif values[0] == values[-1]:
            m2 = 0.0  # all equal: no spread, whatever rounding total / n would add
        else:
            # Floats: deviations from the chunk's mean keep M2 accurate for large means.
            deviations = list(map(sub, values, repeat(total / n)))
            m2 = sum(map(mul, deviations, deviations))
        below = bisect_left(values, 0)
        zero_end = bisect_right(values, 0)
        self._combine(n, total, values[0], values[-1], total / n, m2, zero_end - below, below, residue)
        self.sketch.extend(values)

    def add_weighted(self, numbers: list[Any], weights: list[int]) -> None:
        """Like add_sorted over each number repeated `weight` times, without building the repeats.
        Finite numbers only: its callers, the chunk-wise paths, leave chunks with ±inf to `classify`
        (whose values go through add_sorted)."""
        if not numbers:
            return
        pairs = sorted(zip(numbers, weights, strict=True))
        ordered = [number for number, _ in pairs]
        counts = [weight for _, weight in pairs]
        n = sum(counts)
        total = sum(map(mul, ordered, counts))
        residue = 0.0
        if not isinstance(total, int):
            total, residue = _float_sum(_exact_products(ordered, counts))
        if isinstance(total, int):
            m2 = (n * sum(map(mul, map(mul, ordered, ordered), counts)) - total * total) / n
        elif ordered[0] == ordered[-1]:
            m2 = 0.0  # all equal: no spread, whatever rounding total / n would add
        else:
            deviations = list(map(sub, ordered, repeat(total / n)))
            m2 = sum(map(mul, map(mul, deviations, deviations), counts))
        below = bisect_left(ordered, 0)
        zero_end = bisect_right(ordered, 0)
        negatives = sum(counts[:below])
        zeros = sum(counts[below:zero_end])
        self._combine(n, total, ordered[0], ordered[-1], total / n, m2, zeros, negatives, residue)
        self.sketch.extend_weighted(ordered, counts)

    def _combine(
        self,
        n: int,
        total: float,
        low: float,
        high: float,
        mean: float,
        m2: float,
        zeros: int,
        negatives: int,
        residue: float = 0.0,
    ) -> None:
        count = self.count + n
        delta = mean - self.mean
        self.m2 += m2 + delta * delta * self.count * n / count
        self.mean += delta * n / count
        self.count = count
        if isinstance(self.total, int) and isinstance(total, int):
            self.total += total
        else:
            self.total, self.residue = _float_sum((self.total, self.residue, total, residue))
        self.minimum = low if self.minimum is None else min(self.minimum, low)
        self.maximum = high if self.maximum is None else max(self.maximum, high)
        if self.minimum == self.maximum:
            # One value throughout: no spread, whatever the merge formula's rounding would add (82
            # cells of 1e25 in chunks of 64: a "stddev" of 2.4e9 without this).
            self.m2 = 0.0
            self.mean = self.minimum
        self.zeros += zeros
        self.negatives += negatives

    def merge(self, other: NumericStats) -> None:
        self.infinities[0] += other.infinities[0]
        self.infinities[1] += other.infinities[1]
        if not other.count:
            return
        assert other.minimum is not None and other.maximum is not None
        self._combine(
            other.count, other.total, other.minimum, other.maximum, other.mean, other.m2, other.zeros,
            other.negatives, other.residue,
        )  # fmt: skip
        self.sketch.merge(other.sketch)

    def copy(self) -> NumericStats:
        twin = NumericStats()
        twin.merge(self)
        return twin


class ColumnProfile:
    """Everything one column needs for its summary, in bounded memory."""

    def __init__(
        self,
        name: str,
        *,
        missing: frozenset[str],
        distinct_limit: int,
        examples: int,
        decimal_comma: bool = False,
        distinct_chars: int = DistinctSketch.ITEM_CHARS,
        flagged: bool = False,
    ) -> None:
        """`decimal_comma`: numbers are written 1,5 (Dialect.decimal); 1.5 is then no number.
        `distinct_limit`, `distinct_chars`: the distinct sketch's k and its kept strings' budget.
        `flagged`: every value is followed by a space and its flags, as Eurostat writes them
        (`3373306 p`, `4537522 `, `: c`): the flags are taken off (see _without_flags) and counted."""
        self.name = name
        self.flagged = flagged
        self.flags: Counter[str] = Counter()  # each flag letter's count (Eurostat's p, e, b, c, …)
        self.decimal_comma = decimal_comma
        self._point = "," if decimal_comma else "."
        self._maybe_typed = v.MAYBE_TYPED_COMMA if decimal_comma else v.MAYBE_TYPED
        self.missing_markers = missing
        self.rows = 0
        self.missing = 0
        self.kinds: dict[str, int] = dict.fromkeys((v.INT, v.FLOAT, v.BOOL, v.DATE, v.DATETIME, v.STRING), 0)
        self.ints = NumericStats()
        self.floats = NumericStats()
        self.bools = [0, 0]  # false, true
        # ... of them one letter (v.LETTER_BOOLS): bools only if both are seen (summary.ColumnResult)
        self.letters = [0, 0]
        # format -> [count, min, max]; an ambiguous date (v.READINGS: AMBIGUOUS, AMBIGUOUS_YY; in
        # datetimes + TIME) keeps one entry per reading, "<AMBIGUOUS> as <reading>[ time]", with the
        # same count in both.
        self.dates: dict[str, list[Any]] = {}
        self.datetimes: dict[str, list[Any]] = {}
        # The file order of the ambiguous dates and of the ambiguous datetimes, month-first and
        # day-first (see FileOrder).
        self.ambiguous_order = {
            (kind, reading): FileOrder() for kind in (v.DATE, v.DATETIME) for reading in (v.MDY, v.DMY)
        }
        self.length_total = 0
        self.length_min: int | None = None
        self.length_max: int | None = None
        self.whitespace = 0
        # Integers written with a leading zero (`01234`, `007`): codes that a number type would change.
        self.zero_padded = 0
        self.zero_padded_examples: list[tuple[int, str]] = []  # (line, text), the first in file order
        self._no_padding = False  # the chunk's ints were read in base 0: none has a leading zero
        self.grouped = [0, 0]  # ints, floats written with thousands grouped (v.GROUPED: 19,582)
        # Numbers marked by a currency or percent sign (v.CURRENCY: $1,234.56; v.PERCENT: 17.88%),
        # or negative ones written as ledgers write them (v.PARENTHESES, v.TRAILING_MINUS,
        # v.MINUS_SIGN), each kind as [ints, floats] like `grouped`.
        self.marked: dict[str, list[int]] = {fmt: [0, 0] for fmt in v.MARKED_FORMATS}
        self.distinct = DistinctSketch(distinct_limit, item_chars=distinct_chars)
        self.top = HeavyHitters()
        self.examples: dict[str, list[tuple[int, str]]] = {kind: [] for kind in (*self.kinds, v.LETTER)}
        self.example_limit = examples
        self._cache: dict[str, v.Classified] = {}
        self._hint = v.INT
        self._repetitive = False  # the last chunk had few distinct values (see add_chunk)
        self._tiny = False  # ... and at most _TINY distinct cells
        self._shortest = 0  # the current chunk's shortest non-missing value

    def _without_flags(self, cells: Sequence[str]) -> list[str]:
        """`cells` without the flags after their values (`3373306 p` -> `3373306`, `: c` -> `:`,
        `4537522 ` -> `4537522`), each flag letter counted; a cell whose text after its first space
        is not lower-case letters is kept whole."""
        kept: list[str] = []
        for cell in cells:
            value, space, flags = cell.partition(" ")
            if space and (not flags or (flags.isalpha() and flags.islower() and flags.isascii())):
                kept.append(value)
                if flags:
                    self.flags.update(flags)
            else:
                kept.append(cell)
        return kept

    def __getstate__(self) -> dict[str, Any]:
        """Pickled without the classification cache: a part's profile travels back from its worker."""
        state = self.__dict__.copy()
        state["_cache"] = {}
        return state

    # ---- feeding ---------------------------------------------------------------------------
    def add_chunk(
        self, cells: Sequence[str], lines: Sequence[int], unless: frozenset[str] | None = None
    ) -> bool:
        """Add one chunk of this column's cells (`lines[i]`: the line of cell i's record); but if
        one of `unless` is among them, change nothing and return False. The check costs one lookup in the
        set of distinct cells that every chunk's path builds anyway (TableProfile's repeated headers:
        `unless in cells` cost the UN file 0.7 % of its instructions)."""
        if self.flagged:
            cells = self._without_flags(cells)
        counted = False
        if self._repetitive:
            # The last chunk had few distinct values: count them at once (one C pass) and work on
            # the distinct values with their counts instead of on the cells.
            texts = set(cells) if self._tiny else None
            if texts is not None and len(texts) <= _TINY:
                # Two to four texts (flags, sexes): a C-level count per text beats hashing every cell.
                counts = Counter(dict(zip(texts, map(cells.count, texts), strict=True)))
            else:
                counts = Counter(cells)
            if unless is not None and not unless.isdisjoint(counts):
                return False
            self.rows += len(cells)
            counted = True
            self._tiny = len(counts) <= _TINY
            present = self.missing_markers.intersection(counts)
            missing = sum(map(counts.pop, present)) if present else 0
            size = len(cells) - missing
            if len(counts) * _FEW_DISTINCT <= size:
                self.missing += missing
                self._add_counted(counts, size, cells, lines)
                return True
            self._repetitive = False
            if not counts:
                self.missing += missing
                return True
        distinct = set(cells)
        if not counted:
            if unless is not None and not unless.isdisjoint(distinct):
                return False
            self.rows += len(cells)
        markers = distinct.intersection(self.missing_markers)
        values: Sequence[str] = cells
        if markers:
            distinct -= markers
            if not distinct:
                self.missing += len(cells)
                return True
            values = list(filterfalse(markers.__contains__, cells))
            self.missing += len(cells) - len(values)
        self._repetitive = len(distinct) * _FEW_DISTINCT <= len(values)
        self._tiny = len(distinct) + len(markers) <= _TINY
        joined = "".join(distinct)
        self._add_shape(values, distinct, joined)
        ints = self.kinds[v.INT]
        self._no_padding = False
        if not self._add_bulk(values, distinct, joined, cells, lines):
            self._add_each(values, cells, lines)
        if self._may_hold_zero_padding(ints, joined):
            padded = _zero_padded(distinct, joined)
            if padded:
                self._note_zero_padded(padded, sum(map(padded.__contains__, values)), cells, lines)
        return True

    def _add_counted(
        self, counts: Counter[str], size: int, cells: Sequence[str], lines: Sequence[int]
    ) -> None:
        """A repetitive chunk: every statistic from its distinct non-missing values and their counts
        (the same figures as the cell-by-cell paths, for a fraction of the work)."""
        if not counts:
            return
        keys = list(counts)
        weights = list(counts.values())
        joined = "".join(keys)
        self.length_total += sum(map(mul, map(len, keys), weights))
        lengths = set(map(len, keys))
        low, high = min(lengths), max(lengths)
        self._shortest = low
        self.length_min = low if self.length_min is None else min(self.length_min, low)
        self.length_max = high if self.length_max is None else max(self.length_max, high)
        if not joined.isprintable() or " " in joined:
            stripped = list(map(str.strip, keys))
            if stripped != keys:
                self.whitespace += sum(
                    weight for key, bare, weight in zip(keys, stripped, weights, strict=True) if key != bare
                )
        self.distinct.add_strings(keys, len(joined))
        ints = self.kinds[v.INT]
        self._no_padding = False
        if self._counted_bulk(keys, weights, size, joined, cells, lines):
            self.top.skip(size)
        else:
            self._add_classified(counts, size, cells, lines)
        if self._may_hold_zero_padding(ints, joined):
            padded = _zero_padded(keys, joined)
            if padded:
                self._note_zero_padded(padded, sum(map(counts.__getitem__, padded)), cells, lines)

    def _counted_bulk(
        self,
        keys: list[str],
        weights: list[int],
        size: int,
        joined: str,
        cells: Sequence[str],
        lines: Sequence[int],
    ) -> bool:
        """The bulk paths of `_add_bulk` over distinct values weighted by their counts."""
        for kind in self._bulk_kinds(joined):
            if kind == v.INT:
                done = self._counted_numbers(keys, weights, size, joined, cells, lines, floats=False)
            elif kind == v.FLOAT:
                done = self._counted_numbers(keys, weights, size, joined, cells, lines, floats=True)
            elif kind == v.DATE:
                done = set(map(len, keys)) == {10} and self._counted_temporal(keys, weights, size, dates=True)
            else:
                done = self._counted_temporal(keys, weights, size, dates=False)
            if done:
                self._hint = kind
                if kind not in _NUMERIC_KINDS:
                    self._examples(cells, lines, _constant(kind), kinds=(kind,))
                return True
        return False

    def _counted_numbers(
        self,
        keys: list[str],
        weights: list[int],
        size: int,
        joined: str,
        cells: Sequence[str],
        lines: Sequence[int],
        *,
        floats: bool,
    ) -> bool:
        """Ints only (floats=False), or floats with any ints among them counted as ints."""
        try:
            numbers = list(self._reals(keys)) if floats else self._ints(keys, joined)
        except ValueError:
            return False
        low, high = min(numbers), max(numbers)
        if not floats:
            if low < v.INT_MIN or high > v.INT_MAX:
                return False
            self.ints.add_weighted(numbers, weights)
            self.kinds[v.INT] += size
            self._examples(cells, lines, _constant(v.INT), kinds=(v.INT,))
            return True
        if low == float("-inf") or high == float("inf"):
            return False
        integral = _integral_flags(keys, joined, self._point)
        if not any(integral):
            self.floats.add_weighted(numbers, weights)
            self.kinds[v.FLOAT] += size
            self._examples(cells, lines, _constant(v.FLOAT), kinds=(v.FLOAT,))
            return True
        try:
            ints = list(map(int, compress(keys, integral)))
        except ValueError:
            return False
        if min(ints) < v.INT_MIN or max(ints) > v.INT_MAX:
            return False
        fractional = [not flag for flag in integral]
        int_weights = list(compress(weights, integral))
        self.ints.add_weighted(ints, int_weights)
        self.floats.add_weighted(list(compress(numbers, fractional)), list(compress(weights, fractional)))
        self.kinds[v.INT] += sum(int_weights)
        self.kinds[v.FLOAT] += size - sum(int_weights)
        int_keys = set(compress(keys, integral))
        self._examples(
            cells, lines, lambda value: v.INT if value in int_keys else v.FLOAT, kinds=_NUMERIC_KINDS
        )
        return True

    def _counted_temporal(self, keys: list[str], weights: list[int], size: int, *, dates: bool) -> bool:
        try:
            found: list[Any] = list(map(date.fromisoformat if dates else datetime.fromisoformat, keys))
        except ValueError:
            return False
        if not dates and _has_digits_only(keys):
            return False
        if dates:
            self._note(self.dates, v.ISO, size, min(found), max(found))
            self.kinds[v.DATE] += size
        else:
            self._note_iso_datetimes(keys, found, weights)
        return True

    def _may_hold_zero_padding(self, ints_before: int, joined: str) -> bool:
        """Whether the chunk just added (its distinct values `joined`) must be looked at for integers
        with a leading zero: it added ints, a "0" is among its characters, and its ints were not all
        read in base 0 (`_ints`), which refuses exactly those."""
        return self.kinds[v.INT] != ints_before and not self._no_padding and "0" in joined

    def _note_zero_padded(
        self, padded: set[str], count: int, cells: Sequence[str], lines: Sequence[int]
    ) -> None:
        """Count a chunk's `count` cells among `padded` (its zero-padded distinct values); the first
        few in file order are kept as examples with their lines."""
        self.zero_padded += count
        room = self.example_limit - len(self.zero_padded_examples)
        if room > 0:
            found = [(line, cell) for cell, line in zip(cells, lines, strict=True) if cell in padded]
            self.zero_padded_examples += found[:room]

    def _add_shape(self, values: Sequence[str], distinct: set[str], joined: str) -> None:
        """Lengths, surrounding whitespace and distinct count: independent of the kind."""
        # All distinct (ids, timestamps): the joined text already has the total length.
        self.length_total += len(joined) if len(distinct) == len(values) else sum(map(len, values))
        lengths = set(map(len, distinct))
        low, high = min(lengths), max(lengths)
        self._shortest = low  # of this chunk's values
        self.length_min = low if self.length_min is None else min(self.length_min, low)
        self.length_max = high if self.length_max is None else max(self.length_max, high)
        keys = list(distinct)
        if not joined.isprintable() or " " in joined:  # cheap pre-check: any whitespace at all?
            stripped = list(map(str.strip, keys))
            if stripped != keys:
                padded = {key for key, bare in zip(keys, stripped, strict=True) if key != bare}
                self.whitespace += sum(map(padded.__contains__, values))
        self.distinct.add_strings(keys, len(joined))

    def _add_bulk(
        self,
        values: Sequence[str],
        distinct: set[str],
        joined: str,
        cells: Sequence[str],
        lines: Sequence[int],
    ) -> bool:
        """Whole-chunk fast paths; False when the chunk needs value-by-value classification."""
        for kind in self._bulk_kinds(joined):
            if kind == v.INT:
                done = self._bulk_int(values, distinct, joined)
            elif kind == v.FLOAT:
                done = self._bulk_float(values, distinct, joined, cells, lines)
            elif kind == v.DATE:
                done = self._bulk_date(values, distinct)
            else:
                done = self._bulk_datetime(values, distinct)
            if done:
                self._hint = kind
                self.top.skip(len(values))
                if kind != v.FLOAT:  # the float path records its own examples (ints and floats)
                    self._examples(cells, lines, _constant(kind), kinds=(kind,))
                return True
        return False

    def _bulk_kinds(self, joined: str) -> Iterator[str]:
        """The kinds whose whole-chunk paths a chunk (its distinct values `joined`) may try, the last
        chunk's kind first: a column keeps its kind, so the first try nearly always holds. The number
        paths only for plain ASCII without "_", which `int()` and `float()` would read (`1_000`, `١٢`)
        where csvpipe's own patterns do not; the date paths only without "W", which `fromisoformat`
        reads as a week (`2024-W05`, its Monday) where `classify` reads text."""
        plain_number = joined.isascii() and "_" not in joined
        for kind in (self._hint, *(k for k in _BULK_KINDS if k != self._hint)):
            if (kind in (v.DATE, v.DATETIME) and "W" not in joined) or (
                plain_number and (kind == v.INT or (kind == v.FLOAT and self._may_be_floats(joined)))
            ):
                yield kind

    def _may_be_floats(self, joined: str) -> bool:
        """Whether the float paths may try a chunk whose distinct values are `joined`: `float` reads
        "nan", "inf" and "infinity", which `classify` does not call numbers; with a decimal comma a
        point (grouping: 1.234,5) is left to `classify` too."""
        if "n" in joined or "N" in joined:
            return False
        return not self.decimal_comma or "." not in joined

    def _reals(self, texts: Iterable[str]) -> Iterable[float]:
        """`float` of each text, a decimal comma read as a point (lazily, for sorted/list)."""
        if self.decimal_comma:
            texts = map(str.replace, texts, repeat(","), repeat("."))
        return map(float, texts)

    def _ints(self, texts: Sequence[str], joined: str) -> list[int]:
        """int() of each text (ValueError if one is none), in base 0 where that reads the same numbers
        — no x, b or o among the chunk's values (`joined`), which base 0 reads as 0x1F, 0b1, 0o7 —
        because base 0 refuses exactly the texts with a leading zero (`007`), at the same speed: a
        chunk it reads holds none, and the check for them (`_zero_padded`) is skipped."""
        if not any(map(joined.__contains__, "xXbBoO")):
            try:
                numbers = list(map(int, texts, repeat(0)))
            except ValueError:
                pass
            else:
                self._no_padding = True
                return numbers
        return list(map(int, texts))

    def _bulk_int(self, values: Sequence[str], distinct: set[str], joined: str) -> bool:
        if len(distinct) * _FEW_DISTINCT <= len(values):
            return self._bulk_few(values, distinct, int, self.ints, v.INT, joined)
        try:
            numbers = self._ints(values, joined)
        except ValueError:
            return False
        numbers.sort()
        if numbers[0] < v.INT_MIN or numbers[-1] > v.INT_MAX:
            return False
        self.ints.add_sorted(numbers)
        self.kinds[v.INT] += len(numbers)
        return True

    def _bulk_few(
        self,
        values: Sequence[str],
        distinct: set[str],
        parse: Any,
        stats: NumericStats,
        kind: str,
        joined: str,
    ) -> bool:
        """Few distinct values (years, quantities): parse each once and weigh it by its count."""
        keys = list(distinct)
        try:
            numbers = list(self._reals(keys)) if parse is float else self._ints(keys, joined)
        except ValueError:
            return False
        low, high = min(numbers), max(numbers)
        if kind == v.INT and (low < v.INT_MIN or high > v.INT_MAX):
            return False
        if kind == v.FLOAT and (low == float("-inf") or high == float("inf")):
            return False
        counts = Counter(values)
        stats.add_weighted(numbers, list(map(counts.__getitem__, keys)))
        self.kinds[kind] += len(values)
        return True

    def _bulk_float(
        self,
        values: Sequence[str],
        distinct: set[str],
        joined: str,
        cells: Sequence[str],
        lines: Sequence[int],
    ) -> bool:
        keys = list(distinct)
        if len(keys) * _FEW_DISTINCT <= len(values) and _all_have_a_point(keys, joined, self._point):
            if self._bulk_few(values, distinct, float, self.floats, v.FLOAT, joined):
                self._examples(cells, lines, _constant(v.FLOAT), kinds=(v.FLOAT,))
                return True
            return False
        try:
            reals = sorted(self._reals(values))
        except ValueError:
            return False
        if reals[0] == float("-inf") or reals[-1] == float("inf"):
            return False
        keys = list(distinct)
        integral = _integral_flags(keys, joined, self._point)
        if not any(integral):
            self.floats.add_sorted(reals)
            self.kinds[v.FLOAT] += len(reals)
            self._examples(cells, lines, lambda _value: v.FLOAT, kinds=(v.FLOAT,))
            return True
        int_keys = set(compress(keys, integral))
        try:
            numbers = sorted(map(int, filter(int_keys.__contains__, values)))
        except ValueError:
            return False
        if numbers[0] < v.INT_MIN or numbers[-1] > v.INT_MAX:
            return False
        others = sorted(self._reals(filterfalse(int_keys.__contains__, values)))
        self.ints.add_sorted(numbers)
        self.floats.add_sorted(others)
        self.kinds[v.INT] += len(numbers)
        self.kinds[v.FLOAT] += len(others)
        self._examples(
            cells, lines, lambda value: v.INT if value in int_keys else v.FLOAT, kinds=_NUMERIC_KINDS
        )
        return True

    def _bulk_date(self, values: Sequence[str], distinct: set[str]) -> bool:
        if set(map(len, distinct)) != {10}:
            return False
        try:
            found = list(map(date.fromisoformat, values))
        except ValueError:
            return False
        self._note(self.dates, v.ISO, len(found), min(found), max(found))
        self.kinds[v.DATE] += len(found)
        return True

    def _bulk_datetime(self, values: Sequence[str], distinct: set[str]) -> bool:
        try:
            found = list(map(datetime.fromisoformat, values))
        except ValueError:
            return False
        if _has_digits_only(distinct):  # after: most chunks that get here are datetimes
            return False
        self._note_iso_datetimes(values, found, None)
        return True

    def _note_iso_datetimes(
        self, texts: Sequence[str], found: list[datetime], weights: list[int] | None
    ) -> None:
        """Texts that `datetime.fromisoformat` read (`found`), each `weights` times (else once). A bare
        ISO date among them (10 characters) counts as a date, as it would in a chunk of dates only:
        how a value is counted must not depend on which chunk it fell in."""
        days = list(map((10).__eq__, map(len, texts))) if self._shortest <= 10 else []
        if any(days):
            moments = list(compress(found, days))
            count = len(moments) if weights is None else sum(compress(weights, days))
            self._note(self.dates, v.ISO, count, min(moments).date(), max(moments).date())
            self.kinds[v.DATE] += count
            times = [not day for day in days]
            found = list(compress(found, times))
            weights = None if weights is None else list(compress(weights, times))
            if not found:
                return
        try:
            low, high = min(found), max(found)
        except TypeError:  # naive and aware together: compare in UTC
            normal = list(map(v.naive_utc, found))
            low, high = min(normal), max(normal)
        count = len(found) if weights is None else sum(weights)
        self._note(self.datetimes, v.ISO_DATETIME, count, v.naive_utc(low), v.naive_utc(high))
        self.kinds[v.DATETIME] += count

    def _add_each(self, values: Sequence[str], cells: Sequence[str], lines: Sequence[int]) -> None:
        self._add_classified(Counter(values), len(values), cells, lines)

    def _add_classified(
        self, counts: Counter[str], size: int, cells: Sequence[str], lines: Sequence[int]
    ) -> None:
        """Mixed chunk: classify each distinct value once (cached), then weigh it by its count.

        Distinct values that cannot be anything but a string (most of a text column) are ruled out
        by one C-level regex filter and counted in bulk.
        """
        self.top.add_counts(counts, size)
        typed = list(filter(self._maybe_typed.fullmatch, counts))
        self.kinds[v.STRING] += size - sum(map(counts.__getitem__, typed))
        cache = self._cache
        if len(cache) > _CACHE_LIMIT:
            cache.clear()
        ints: list[int] = []
        reals: list[float] = []
        kind_of: dict[str, str] = {}
        ambiguous: dict[str, tuple[str, tuple[Any, Any]]] = {}  # text -> (kind, both readings)
        for text in typed:
            count = counts[text]
            found = cache.get(text)
            if found is None:
                found = v.classify_cell(text, self.decimal_comma)
                if len(text) <= _CACHED_CHARS:
                    cache[text] = found
            kind, parsed, fmt = found
            kind_of[text] = kind
            self.kinds[kind] += count
            if kind == v.BOOL and len(text) <= 3 and text.strip() in v.LETTER_BOOLS:
                kind_of[text] = v.LETTER  # a bool or a text: the summary decides (its examples apart)
                self.letters[bool(parsed)] += count
            if kind == v.INT:
                ints.extend([parsed] * count)  # type: ignore[list-item]
                if fmt:
                    self._count_format(fmt, 0, count)
            elif kind == v.FLOAT:
                reals.extend([parsed] * count)  # type: ignore[list-item]
                if fmt:
                    self._count_format(fmt, 1, count)
            elif kind == v.BOOL:
                self.bools[bool(parsed)] += count
            elif kind == v.DATE:
                readings = v.READINGS.get(fmt)
                if readings:
                    ambiguous[text] = (v.DATE, parsed_pair(parsed))
                    for reading, day in zip(readings, parsed_pair(parsed), strict=True):
                        self._note(self.dates, v.ambiguous_entry(reading), count, day, day)
                else:
                    self._note(self.dates, fmt, count, parsed, parsed)
            elif kind == v.DATETIME:
                readings = v.READINGS.get(fmt.removesuffix(v.TIME))
                if readings:
                    month_first, day_first = map(v.naive_utc, parsed_pair(parsed))
                    ambiguous[text] = (v.DATETIME, (month_first, day_first))
                    for reading, moment in zip(readings, (month_first, day_first), strict=True):
                        self._note(self.datetimes, v.ambiguous_entry(reading, v.TIME), count, moment, moment)
                else:
                    moment = v.naive_utc(parsed)  # type: ignore[arg-type]
                    self._note(self.datetimes, fmt, count, moment, moment)
        ints.sort()
        reals.sort()
        self.ints.add_sorted(ints)
        self.floats.add_sorted(reals)
        if ambiguous:
            self._note_order(ambiguous, cells)
        kinds = set(kind_of.values())
        if len(typed) < len(counts):
            kinds.add(v.STRING)
        self._examples(cells, lines, lambda text: kind_of.get(text, v.STRING), kinds=tuple(kinds))
        self._hint = v.INT if v.INT in kinds else v.FLOAT if v.FLOAT in kinds else v.DATE

    def _note_order(self, ambiguous: dict[str, tuple[str, tuple[Any, Any]]], cells: Sequence[str]) -> None:
        """The chunk's ambiguous values in file order, both readings (`cells` as they came)."""
        found = list(map(ambiguous.get, cells))
        for kind in (v.DATE, v.DATETIME):
            pairs = [pair for entry_kind, pair in filter(None, found) if entry_kind == kind]
            if pairs:
                self.ambiguous_order[kind, v.MDY].add([pair[0] for pair in pairs])
                self.ambiguous_order[kind, v.DMY].add([pair[1] for pair in pairs])

    def _count_format(self, fmt: str, position: int, count: int) -> None:
        """`count` numbers (ints at `position` 0, floats at 1) written in the format `fmt`."""
        counts = self.grouped if fmt == v.GROUPED else self.marked[fmt]
        counts[position] += count

    @staticmethod
    def _note(table: dict[str, list[Any]], fmt: str, count: int, low: Any, high: Any) -> None:
        entry = table.get(fmt)
        if entry is None:
            table[fmt] = [count, low, high]
        else:
            entry[0] += count
            entry[1] = min(entry[1], low)
            entry[2] = max(entry[2], high)

    def _examples(
        self,
        cells: Sequence[str],
        lines: Sequence[int],
        kind_of: Callable[[str], str],
        kinds: tuple[str, ...],
    ) -> None:
        """Keep the first few values of each kind (with line numbers) for mismatch reports."""
        limit = self.example_limit
        wanted = {kind for kind in kinds if len(self.examples[kind]) < limit}
        if not wanted:
            return
        markers = self.missing_markers
        for text, line in zip(cells, lines, strict=True):
            if text in markers:
                continue
            kind = kind_of(text)
            if kind in wanted:
                found = self.examples[kind]
                found.append((line, kept(text)))
                if len(found) >= limit:
                    wanted.discard(kind)
                    if not wanted:
                        return

    # ---- merging ---------------------------------------------------------------------------
    def merge(self, other: ColumnProfile, line_offset: int) -> None:
        """Absorb `other`, whose rows came after ours; its line numbers shift by `line_offset`."""
        self.rows += other.rows
        self.missing += other.missing
        for kind, count in other.kinds.items():
            self.kinds[kind] += count
        self.ints.merge(other.ints)
        self.floats.merge(other.floats)
        self.bools = [self.bools[0] + other.bools[0], self.bools[1] + other.bools[1]]
        self.letters = [self.letters[0] + other.letters[0], self.letters[1] + other.letters[1]]
        for mine, theirs in ((self.dates, other.dates), (self.datetimes, other.datetimes)):
            for fmt, (count, low, high) in theirs.items():
                self._note(mine, fmt, count, low, high)
        for key, order in self.ambiguous_order.items():
            order.merge(other.ambiguous_order[key])
        self.length_total += other.length_total
        for attr, pick in (("length_min", min), ("length_max", max)):
            a, b = getattr(self, attr), getattr(other, attr)
            setattr(self, attr, b if a is None else a if b is None else pick(a, b))
        self.whitespace += other.whitespace
        self.zero_padded += other.zero_padded
        shifted_padded = [(line + line_offset, text) for line, text in other.zero_padded_examples]
        self.zero_padded_examples = (self.zero_padded_examples + shifted_padded)[: self.example_limit]
        self.grouped = [self.grouped[0] + other.grouped[0], self.grouped[1] + other.grouped[1]]
        for fmt, (ints, floats) in other.marked.items():
            self.marked[fmt] = [self.marked[fmt][0] + ints, self.marked[fmt][1] + floats]
        self.flags.update(other.flags)
        self.distinct.merge(other.distinct)
        self.top.merge(other.top)
        for kind, found in other.examples.items():
            shifted = [(line + line_offset, text) for line, text in found]
            self.examples[kind] = sorted(self.examples[kind] + shifted)[: self.example_limit]
