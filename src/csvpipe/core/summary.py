"""Turn a TableProfile into the summary document (see docs/engine.md for an annotated example).

The seed's keys (`file_name`, `row_count`, `schema`, `statistics` with min/max/avg of numeric
columns, `quality_issues.missing_values`) keep exactly the seed's shape; everything richer sits
beside them (`columns`, the other quality issues, `source`).
"""

from __future__ import annotations

import math
from datetime import date, datetime

from csvpipe.core import values as v
from csvpipe.core.column import ColumnProfile, NumericStats
from csvpipe.core.dialect import PREAMBLE_MAX_LINES
from csvpipe.core.errors import ProfileError
from csvpipe.core.sketches import RANK_ERROR
from csvpipe.core.table import TableProfile
from csvpipe.core.texts import shown

TYPE_CHECKING = False  # typing costs milliseconds at import; mypy still reads the block below
if TYPE_CHECKING:
    from typing import Any

SCHEMA_VERSION = "1.0"
TUKEY_K = 1.5
OUTLIER_RULE = "tukey_fences_1.5_iqr"

QUALITY_KINDS = (
    "missing_values",
    "type_mismatches",
    "duplicate_rows",
    "ragged_rows",
    "blank_lines",
    "repeated_header_rows",
    "empty_rows",
    "header",
    "whitespace",
    "leading_zeros",
    "constant_columns",
    "empty_columns",
    "outliers",
    "encoding",
    "mixed_date_formats",
    "ambiguous_dates",
)

_CONFORMING = {
    v.INT: (v.INT,),
    v.FLOAT: (v.INT, v.FLOAT),
    v.BOOL: (v.BOOL,),
    v.DATE: (v.DATE,),
    v.DATETIME: (v.DATE, v.DATETIME),
}


def rounded(x: float | None) -> float | None:
    """At least 2 decimals and about 4 significant digits, but never more than 12 significant digits:
    past those a float sum's last bits depend on the order of addition (how rows fell into chunks and
    parts), and the same file must give the same figures. None for NaN/infinity (not JSON)."""
    if x is None or not math.isfinite(x):
        return None
    if x == 0:
        return 0.0
    digits = max(2, 3 - math.floor(math.log10(abs(x))))
    return float(f"{round(float(x), digits):.12g}")


def percentage(part: int, whole: int) -> float:
    return round(100.0 * part / whole, 2) if whole else 0.0


def _plain(x: Any) -> Any:
    """Numbers as they are (finite), dates as ISO strings."""
    if isinstance(x, float) and not math.isfinite(x):
        return None
    if isinstance(x, datetime | date):
        return x.isoformat()
    return x


def _letters_settled(
    column: ColumnProfile,
) -> tuple[dict[str, int], list[int], dict[str, list[tuple[int, str]]]]:
    """The column's kinds, bools and mismatch examples, its one-letter bools (`t`/`f`, `Y`/`N`) taken
    for text unless a true and a false letter are both among them: a column of `N` alone is a
    hemisphere's or a code's, not booleans (flags hold both; pvlib's CEC `BIPV`: 164 `Y`, 21 340 `N`)."""
    false, true = column.letters
    examples = {kind: found for kind, found in column.examples.items() if kind != v.LETTER}
    letters = column.examples.get(v.LETTER, [])
    both = bool(false and true)
    owner = v.BOOL if both or not (false or true) else v.STRING
    examples[owner] = sorted(examples[owner] + letters)[: column.example_limit]
    if owner == v.BOOL:
        return column.kinds, column.bools, examples
    count = false or true
    kinds = dict(column.kinds)
    kinds[v.BOOL] -= count
    kinds[v.STRING] += count
    bools = list(column.bools)
    bools[bool(true)] -= count
    return kinds, bools, examples


class ColumnResult:
    """One column's decided type and its summary pieces."""

    def __init__(self, column: ColumnProfile, threshold: float, top_limit: int = 10) -> None:
        self.column = column
        self.top_limit = top_limit
        self.present = column.rows - column.missing
        self.kinds, self.bools, self.examples = _letters_settled(column)
        self.date_reading, self.date_counts, self.datetime_counts = self._resolve_dates()
        self.type = self._decide(threshold)
        self.numbers = self._numbers()

    def _resolve_dates(self) -> tuple[str | None, dict[str, int], dict[str, int]]:
        """Collapse the ambiguous day/month entries of dates and datetimes into one reading chosen
        for the whole column: day-first if more of its unambiguous values are, else month-first.

        Returns the reading (None when nothing was ambiguous) and the counts per format of the
        dates and of the datetimes, ambiguous and day = month values counted under the reading."""
        tables = self._date_tables()
        counts = [
            {fmt: entry[0] for fmt, entry in table.items() if not fmt.startswith(v.AMBIGUOUS)}
            for table, _ in tables
        ]
        found = dict(pair for table in counts for pair in table.items())
        suffixes = ("", v.TIME)
        day_first = sum(found.get(dmy + end, 0) for _, dmy in v.READINGS.values() for end in suffixes)
        month_first = sum(found.get(mdy + end, 0) for mdy, _ in v.READINGS.values() for end in suffixes)
        day_first_wins = day_first > month_first
        self.date_reading_by_order = False
        if not day_first and not month_first and self._only_day_first_keeps_the_order():
            day_first_wins = self.date_reading_by_order = True
        for table_counts, (table, suffix) in zip(counts, tables, strict=True):
            for ambiguous, (mdy, dmy) in v.READINGS.items():
                # 03/03/2024: evidence for neither reading; 03/04/2024: either entry holds the count
                either = table_counts.pop(v.SAME_DAY[ambiguous] + suffix, 0)
                either += table.get(v.ambiguous_entry(mdy, suffix), (0,))[0]
                if either:
                    chosen = (dmy if day_first_wins else mdy) + suffix
                    table_counts[chosen] = table_counts.get(chosen, 0) + either
        reading = v.DMY if day_first_wins else v.MDY
        return (reading if self.ambiguous_count() else None), counts[0], counts[1]

    def _only_day_first_keeps_the_order(self) -> bool:
        """With no unambiguous value to decide: whether the day-first reading keeps the ambiguous
        values in sorted order (either way) and the month-first one does not, over three values or
        more. datahub's monthly EURIBOR dates (`01-01-1999` … `03-05-1999` … `01-12-1999`, day-first)
        read as 1 January – 5 March under pandas' month-first default until 2026-11-27."""
        orders = self.column.ambiguous_order
        used = [kind for kind in (v.DATE, v.DATETIME) if orders[kind, v.DMY].count]
        if sum(orders[kind, v.DMY].count for kind in used) < 3:
            return False
        day_first = all(orders[kind, v.DMY].sorted for kind in used)
        month_first = all(orders[kind, v.MDY].sorted for kind in used)
        return day_first and not month_first

    def _date_tables(self) -> tuple[tuple[dict[str, list[Any]], str], ...]:
        """The column's dates and datetimes, each with the suffix of its format names."""
        return (self.column.dates, ""), (self.column.datetimes, v.TIME)

    def ambiguous_count(self) -> int:
        """How many dates and datetimes of the column had both day/month readings."""
        return sum(
            table.get(v.ambiguous_entry(mdy, suffix), (0,))[0]
            for table, suffix in self._date_tables()
            for mdy, _ in v.READINGS.values()
        )

    def _decide(self, threshold: float) -> str:
        """The type that the most values fit (ints fit float, dates fit datetime), the more specific
        on a tie, if at least `threshold` of the values fit it; else string.

        So 391 ints and one 97.5 make a float column, as in pandas, polars and DuckDB: every value is
        a number and the average counts them all. 391 ints and one "n/a?" make an int column with one
        mismatch.
        """
        if self.present == 0:
            return v.EMPTY
        kinds = self.kinds
        dates = sum(self.date_counts.values())
        fits = (
            (kinds[v.INT], v.INT),
            (kinds[v.INT] + kinds[v.FLOAT], v.FLOAT),
            (kinds[v.BOOL], v.BOOL),
            (dates, v.DATE),
            (dates + kinds[v.DATETIME], v.DATETIME),
        )
        most = max(count for count, _ in fits)
        if not most or most < threshold * self.present:
            return v.STRING
        return next(kind for count, kind in fits if count == most)

    def _numbers(self) -> NumericStats | None:
        if self.type == v.INT:
            return self.column.ints
        if self.type == v.FLOAT:
            both = self.column.ints.copy()
            both.merge(self.column.floats)
            return both
        return None

    def conforming(self) -> int:
        if self.type in (v.STRING, v.EMPTY):
            return self.present
        return sum(self.kinds[k] for k in _CONFORMING[self.type])

    def mismatch(self) -> dict[str, Any] | None:
        wrong = self.present - self.conforming()
        if self.type in (v.STRING, v.EMPTY) or wrong <= 0:
            return None
        good = _CONFORMING[self.type]
        found = sorted(
            example for kind, examples in self.examples.items() if kind not in good for example in examples
        )[: self.column.example_limit]
        return {
            "expected": self.type,
            "count": wrong,
            "percentage": percentage(wrong, self.present),
            "examples": [{**shown(text), "line": line} for line, text in found],
        }

    # ---- statistics ----------------------------------------------------------------------
    def seed_statistics(self) -> dict[str, Any] | None:
        stats = self.numbers
        if stats is None or not stats.count:
            return None
        return {"min": _plain(stats.minimum), "max": _plain(stats.maximum), "avg": self._avg(stats)}

    @staticmethod
    def _avg(stats: NumericStats) -> float | None:
        return rounded(stats.total / stats.count) if stats.count else None

    def details(self) -> dict[str, Any]:
        column = self.column
        distinct = column.distinct
        out: dict[str, Any] = {
            "type": self.type,
            "count": column.rows,
            "missing": column.missing,
            "non_missing": self.present,
            # An estimate can overshoot; no column has more distinct values than values.
            "distinct": min(distinct.estimate(), self.present),
            "distinct_exact": distinct.exact,
        }
        if not distinct.exact:
            # Two significant digits: 0.022 once estimated, 1.1e-05 while only hash collisions blur it.
            out["distinct_relative_error"] = float(f"{distinct.relative_error:.2g}")
        if self.numbers is not None:
            out.update(self._numeric_details(self.numbers))
            # Written with thousands grouped (19,582): a reader needs `thousands=","` to load them.
            out["grouped_values"] = column.grouped[0] + (column.grouped[1] if self.type == v.FLOAT else 0)
            # Marked as money or a percentage ($1,234.56, 17.88%): the number as written, sign aside.
            for fmt, (ints, floats) in column.marked.items():
                marked = ints + (floats if self.type == v.FLOAT else 0)
                if marked:
                    out[f"{fmt}_values"] = marked
        elif self.type in (v.DATE, v.DATETIME):
            out.update(self._date_details())
        elif self.type == v.BOOL:
            out["true"], out["false"] = self.bools[1], self.bools[0]
        elif self.type == v.STRING:
            out.update(self._string_details())
        if column.flags:  # Eurostat's flags taken off the values (Dialect.eurostat)
            out["flags"] = dict(sorted(column.flags.items()))
        return out

    def _numeric_details(self, stats: NumericStats) -> dict[str, Any]:
        p25, median, p75 = stats.sketch.quantiles((0.25, 0.5, 0.75))
        variance = stats.m2 / (stats.count - 1) if stats.count > 1 else None
        return {
            "min": _plain(stats.minimum),
            "max": _plain(stats.maximum),
            "avg": self._avg(stats),
            "sum": (
                None
                if not stats.count
                else _plain(stats.total)
                if isinstance(stats.total, int)
                else rounded(stats.total)
            ),
            "stddev": rounded(math.sqrt(variance)) if variance is not None and variance >= 0 else None,
            "p25": _plain(p25),
            "median": _plain(median),
            "p75": _plain(p75),
            "quantiles_exact": stats.sketch.exact,
            "quantile_rank_error": stats.sketch.rank_error,
            "zeros": stats.zeros,
            "negatives": stats.negatives,
            # `inf` cells: counted as numbers, left out of every figure above (NumericStats)
            "infinities": {"negative": stats.infinities[0], "positive": stats.infinities[1]},
        }

    def _date_details(self) -> dict[str, Any]:
        column = self.column
        tables = [column.dates] if self.type == v.DATE else [column.dates, column.datetimes]
        lows: list[Any] = []
        highs: list[Any] = []
        formats = dict(self.date_counts)
        # the entries of the reading not chosen
        unread = {
            v.ambiguous_entry(mdy if self.date_reading == v.DMY else dmy, suffix)
            for mdy, dmy in v.READINGS.values()
            for suffix in ("", v.TIME)
        }
        for table in tables:
            for fmt, (_count, low, high) in table.items():
                if fmt in unread:
                    continue
                lows.append(low if table is column.datetimes or self.type == v.DATE else _as_datetime(low))
                highs.append(high if table is column.datetimes or self.type == v.DATE else _as_datetime(high))
        if self.type == v.DATETIME:
            formats.update(self.datetime_counts)
        out: dict[str, Any] = {
            "min": _plain(min(lows)) if lows else None,
            "max": _plain(max(highs)) if highs else None,
            "formats": formats,
        }
        if self.date_reading:
            out["day_month_order"] = self.date_reading
        return out

    def _string_details(self) -> dict[str, Any]:
        column = self.column
        top = column.top
        return {
            "min_length": column.length_min,
            "max_length": column.length_max,
            "avg_length": rounded(column.length_total / self.present) if self.present else None,
            "top_values": [{**shown(text), "count": count} for text, count in top.top(self.top_limit)],
            "top_values_max_undercount": top.error,
        }

    def outliers(self) -> dict[str, Any] | None:
        stats = self.numbers
        if stats is None or stats.count < 4:
            return None
        p25, p75 = stats.sketch.quantiles((0.25, 0.75))
        if p25 is None or p75 is None:
            return None
        spread = p75 - p25
        low, high = p25 - TUKEY_K * spread, p75 + TUKEY_K * spread
        below = stats.sketch.rank(low) if stats.minimum is not None and stats.minimum < low else 0
        above = (
            stats.count - stats.sketch.rank(high, inclusive=True)
            if stats.maximum is not None and stats.maximum > high
            else 0
        )
        count = below + above
        if count <= 0:
            return None
        return {
            "rule": OUTLIER_RULE,
            "lower_fence": rounded(low),
            "upper_fence": rounded(high),
            "count": count,
            "percentage": percentage(count, stats.count),
            "exact": stats.sketch.exact,
        }


def _as_datetime(moment: Any) -> datetime:
    if isinstance(moment, datetime):
        return moment
    return datetime(moment.year, moment.month, moment.day)


def build_summary(table: TableProfile, file_name: str, threshold: float) -> dict[str, Any]:
    """The summary of a whole file's profile (finished here: its last records may be a footer)."""
    table.finish()
    results = [ColumnResult(column, threshold, table.options.top_values) for column in table.columns]
    rows = table.rows
    statistics: dict[str, Any] = {}
    missing: dict[str, Any] = {}
    mismatches: dict[str, Any] = {}
    whitespace: dict[str, Any] = {}
    zero_padded: dict[str, Any] = {}
    constant: dict[str, Any] = {}
    empty: list[str] = []
    outliers: dict[str, Any] = {}
    mixed: dict[str, Any] = {}
    ambiguous: dict[str, Any] = {}
    for result in results:
        name, column = result.column.name, result.column
        seed = result.seed_statistics()
        if seed is not None:
            statistics[name] = seed
        if column.missing:
            missing[name] = {"count": column.missing, "percentage": percentage(column.missing, column.rows)}
        found = result.mismatch()
        if found:
            mismatches[name] = found
        if column.whitespace:
            whitespace[name] = {"count": column.whitespace, "percentage": percentage(column.whitespace, rows)}
        if column.zero_padded and result.type in (v.INT, v.FLOAT):
            zero_padded[name] = {
                "count": column.zero_padded,
                "percentage": percentage(column.zero_padded, rows),
                "examples": [{**shown(text), "line": line} for line, text in column.zero_padded_examples],
            }
        if result.type == v.EMPTY:
            empty.append(name)
        elif column.distinct.exact and column.distinct.estimate() == 1 and rows > 1:
            constant[name] = {"distinct": 1, "missing": column.missing}
        spread = result.outliers()
        if spread:
            outliers[name] = spread
        if result.type in (v.DATE, v.DATETIME):
            formats = {fmt: n for fmt, n in result.date_counts.items() if n}
            if result.type == v.DATETIME:
                formats.update({fmt: n for fmt, n in result.datetime_counts.items() if n})
            if len(formats) > 1:
                mixed[name] = {"formats": formats}
            if result.date_reading:
                ambiguous[name] = {
                    "count": result.ambiguous_count(),
                    "reading": result.date_reading,
                    "reason": "both day/month readings are valid; only the day-first reading keeps "
                    "them in file order, and no unambiguous value decides"
                    if result.date_reading_by_order
                    else "both day/month readings are valid; the column's unambiguous values "
                    "(or, if none, the month-first default of pandas) decide",
                }
    duplicates = table.duplicates
    dup_count = duplicates.count
    dup_estimate = duplicates.estimate()
    ragged = table.ragged
    quality: dict[str, Any] = {
        "missing_values": missing,
        "type_mismatches": mismatches,
        "duplicate_rows": {
            "count": dup_count,
            "percentage": percentage(dup_count, rows),
            "exact": duplicates.exact,
            "first_lines": duplicates.first_lines,
            **({"estimated_count": dup_estimate} if dup_estimate is not None else {}),
        },
        "ragged_rows": {
            "too_many_fields": {"count": ragged.too_many, "first_lines": ragged.too_many_lines},
            "too_few_fields": {"count": ragged.too_few, "first_lines": ragged.too_few_lines},
        },
        "blank_lines": table.blank_lines,
        "repeated_header_rows": {
            "count": table.repeated_headers.count,
            "first_lines": table.repeated_headers.first_lines,
        },
        "empty_rows": {"count": table.empty_rows.count, "first_lines": table.empty_rows.first_lines},
        "header": [problem.to_dict() for problem in table.header_problems],
        "whitespace": whitespace,
        "leading_zeros": zero_padded,
        "constant_columns": constant,
        "empty_columns": empty,
        "outliers": outliers,
        "encoding": _encoding_issue(table),
        "mixed_date_formats": mixed,
        "ambiguous_dates": ambiguous,
    }
    return {
        "schema_version": SCHEMA_VERSION,
        "file_name": file_name,
        "row_count": rows,
        "schema": {result.column.name: result.type for result in results},
        "statistics": statistics,
        "quality_issues": quality,
        "columns": {
            result.column.name: _with_header_cells(result.details(), cells)
            for result, cells in zip(results, table.header_cells, strict=True)
        },
        "source": {
            "encoding": table.encoding,
            "compression": table.compression,
            "dialect": table.dialect,
            "column_count": table.width,
            "header_line": table.header_line if table.named else None,
            "preamble": table.preamble[:PREAMBLE_MAX_LINES],
            "preamble_lines": len(table.preamble),
            "header_rows": table.header_rows,
            "header_groups_line": table.header_groups_line,
            "footer": table.footer,
            "later_tables": table.later_tables,
            "comment_lines": table.comment_lines,
            "rule_lines": table.rule_lines,
            "last_line": table.last_line,
            "type_threshold": threshold,
            "quantile_sketch": f"KLL k=256, rank error <= {RANK_ERROR}",
        },
    }


def _with_header_cells(details: dict[str, Any], cells: list[str]) -> dict[str, Any]:
    """A column's details, with its fields in the rows under the header (units …) when there are."""
    if cells:
        details["header_rows"] = cells
    return details


def _encoding_issue(table: TableProfile) -> dict[str, Any] | None:
    if table.encoding_fallback:
        return {"encoding": table.encoding, "fallback": True, "reason": table.encoding_fallback}
    if table.undecodable_bytes:
        return {
            "encoding": table.encoding,
            "fallback": True,
            "reason": f"{table.undecodable_bytes} byte(s) were not valid UTF-8 and were read as Windows-1252",
        }
    return None


def error_report(file_name: str, error: ProfileError) -> dict[str, Any]:
    """The body of `processed/<stem>_error.json`."""
    return {"schema_version": SCHEMA_VERSION, "file_name": file_name, "error": error.to_dict()}


def issue_counts(summary: dict[str, Any]) -> dict[str, int]:
    """Per quality-issue kind, how many things are affected: columns, rows, lines or header names."""
    quality = summary.get("quality_issues", {})
    counts: dict[str, int] = {}
    for kind in QUALITY_KINDS:
        value = quality.get(kind)
        if kind in ("duplicate_rows", "repeated_header_rows", "empty_rows"):
            counts[kind] = int(value["count"]) if value else 0
        elif kind == "ragged_rows":
            counts[kind] = (
                int(value["too_many_fields"]["count"] + value["too_few_fields"]["count"]) if value else 0
            )
        elif kind == "blank_lines":
            counts[kind] = int(value or 0)
        elif kind == "encoding":
            counts[kind] = 1 if value else 0
        else:
            counts[kind] = len(value or ())
    return counts
