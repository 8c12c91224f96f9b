"""`python -m bench.crosscheck [PATH ...]`: csvpipe's summaries checked against pandas on real CSVs.

Why: generated files only hold what their generator thought of. Real files (by default every CSV the
bokeh-sampledata wheel ships: airports, penguins, stock prices, the UN population table, ... 32
files) are profiled by csvpipe and read by pandas, and every figure both compute the same way must
agree: rows, columns, missing cells per column, numeric min/max/mean/stddev, string lengths,
distinct counts (estimates within three stated errors), quartiles (within the stated rank error)
and top values (within the stated undercount). Types are compared with the few differences that are
csvpipe's rules, not errors (`ALLOWED`); anything else is printed as a difference.

It found three bugs (2026-11-26): a column of 391 ints and one 97.5 was typed int and its average
left the 97.5 out; ISO dates were counted as datetimes in some chunks and not in others; a header
without a name for R's row names shifted every column onto its neighbour's values.

Where csvpipe skipped lines before the header, `#` comments after it or a footer after the table,
pandas is told the same (`skiprows`, `nrows`), and every other figure must still agree; money and
percent columns (`$1,234.56`, `17.88%`), which pandas keeps as text, are read from its texts.

Exit codes: 0 everything agrees, 1 a difference (each one printed), 2 bad arguments.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from bisect import bisect_left, bisect_right
from collections.abc import Collection, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from bench.datasets import REAL_PACKAGE

# Why a pandas type and a csvpipe type may differ without either being wrong.
ALLOWED = {
    ("float", "int"): "pandas reads an int column with missing cells as float64 (NaN)",
    ("float", "empty"): "pandas gives a column of missing cells float64",
    ("string", "date"): "pandas does not parse dates unless asked",
    ("string", "datetime"): "pandas does not parse datetimes unless asked",
    ("string", "bool"): "pandas reads yes/no as text",
}
# uint64: pandas' integers past int64 (64-bit hashes, 20-digit account numbers), csvpipe's ints too.
_PANDAS_KINDS = {
    "int64": "int",
    "uint64": "int",
    "float64": "float",
    "bool": "bool",
    "object": "string",
    "str": "string",
}


@dataclass(frozen=True)
class ColumnFacts:
    """What pandas says of one column (numbers from the typed read, texts from a read as str)."""

    name: str
    kind: str
    missing: int
    minimum: float | None
    maximum: float | None
    mean: float | None
    stddev: float | None
    distinct_texts: int
    shortest: int | None
    longest: int | None
    # The non-missing numbers in order, to place csvpipe's quantiles among them (not printed).
    numbers: tuple[float, ...] = field(default=(), repr=False)
    # How often each text occurs, for text columns: to check csvpipe's top values (not printed).
    counts: dict[str, int] = field(default_factory=dict, repr=False)
    # (-inf, +inf) cells of a numeric column; the figures above are of its finite numbers, as csvpipe's.
    infinities: tuple[int, int] = (0, 0)


@dataclass(frozen=True)
class FileFacts:
    rows: int
    columns: list[ColumnFacts]


def default_files() -> list[Path]:
    """Every CSV (plain or gzip) in the bokeh-sampledata wheel."""
    import importlib.resources

    data = Path(str(importlib.resources.files(REAL_PACKAGE) / "_data"))
    return sorted(p for p in data.iterdir() if p.name.endswith((".csv", ".csv.gz")))


def pandas_facts(
    path: Path,
    delimiter: str,
    encoding: str,
    decimal: str = ".",
    initial_space: bool = False,
    quotechar: str = '"',
    header: bool = True,
    skiprows: int = 0,
    grouped: Collection[int] = (),
    escapechar: str | None = None,
    trailing_delimiter: bool = False,
    nrows: int | None = None,
    comments: Collection[int] = (),
    marked: Collection[int] = (),
    na_values: Collection[str] = (),
    flagged: bool = False,
    row_names: bool = False,
) -> FileFacts:
    import pandas as pd

    # `thousands` only for the columns (`grouped`, by position) where csvpipe read numbers grouped by
    # thousands, each column taken from a reading with its own separator: pandas' "," takes any comma
    # in a number (1,5 is 15 to it, so a column of text with one such cell would be floats), and it
    # reads numbers by a faster, less exact path then (-364168.23501891596 came back one unit off in
    # the last place); with "." it reads 31.01.2024 as the int 31012024. Beside a decimal comma the
    # separator is the one the column's values hold (".", a space, U+00A0 or U+202F: pandas' Python
    # engine, as its C parser takes no multi-byte separator).
    read = {
        "sep": delimiter,
        "encoding": encoding,
        "skipinitialspace": initial_space,
        "quotechar": quotechar,
        "escapechar": escapechar,  # csvpipe found quotes escaped by a backslash (\")
        # Rows end with a delimiter the header lacks: pandas' own advice for such files (else it makes
        # the first column the index and shifts every name by one).
        **({"index_col": False} if trailing_delimiter else {}),
        "header": 0 if header else None,  # csvpipe found a first line of values: data, as here
        # The records of the lines csvpipe skipped before the header, and the `#` comment lines after
        # it (their 0-based numbers; pandas' own `comment` also cuts lines at a `#` inside them).
        "skiprows": (lambda row: row < skiprows or row in comments) if comments else skiprows,
        # The rows before the footer that csvpipe left out (pandas' `skipfooter` needs its Python
        # engine, which stops at quotes inside a footer's text that the C parser takes).
        "nrows": nrows,
        # Markers csvpipe adds to pandas' defaults for the file's format (Campbell's `NAN`).
        **({"na_values": sorted(na_values)} if na_values else {}),
    }
    if flagged:  # a Eurostat table: its first field holds the row dimensions' codes, split at commas
        read.update(sep=r"\t|,", engine="python")
    if delimiter == " ":  # columns separated by runs of spaces: pandas' own way to read them
        read.update(sep=r"\s+", skipinitialspace=False)
    typed = pd.read_csv(path, decimal=decimal, **read)
    texts = pd.read_csv(path, dtype=str, **read)
    # (`row_names`: csvpipe named the header's missing first name; R's row names 1..n, or a first
    # column 0..n-1, make an index that looks like pandas' default one.)
    row_names = row_names or not typed.index.equals(pd.RangeIndex(len(typed)))
    if row_names:
        # The header lacked the first field's name (R's row names): pandas made that field the
        # index, csvpipe a column of its own. Compared as a column.
        typed, texts = typed.reset_index(), texts.reset_index()
    readings: dict[str, Any] = {}
    for position in grouped:
        separator = _thousands_separator(texts[texts.columns[position]].dropna(), decimal)
        if separator not in readings:
            engine = "c" if separator in ",. '" else "python"
            reading = pd.read_csv(path, decimal=decimal, thousands=separator, engine=engine, **read)
            readings[separator] = reading.reset_index() if row_names else reading
        with_thousands = readings[separator]
        typed[typed.columns[position]] = with_thousands[with_thousands.columns[position]]
    for position in marked:
        # Money and percentages ($1,234.56, (1.00 €), 17.88%): pandas keeps them as text; the
        # numbers are read here from its texts, by this check's own rules (_plain_number).
        name = typed.columns[position]
        numbers = texts[name].map(lambda text: _plain_number(text, decimal))
        typed[name] = pd.to_numeric(numbers, errors="coerce")
    if flagged:
        # A Eurostat table: every column after the row dimensions holds values each followed by a
        # space and its flags (`3373306 p`), `:` for none; read here by this check's own rule.
        dimensions = next((i + 1 for i, name in enumerate(typed.columns) if "\\" in str(name)), 1)
        for name in typed.columns[dimensions:]:
            plain = texts[name].map(_unflagged)
            numeric = plain.dropna().map(_is_number).all()
            typed[name] = pd.to_numeric(plain, errors="coerce") if numeric else plain
            texts[name] = plain
    columns = []
    for name in typed.columns:
        values, words = typed[name], texts[name].dropna()
        kind = _PANDAS_KINDS.get(str(values.dtype), str(values.dtype))
        missing = int(values.isna().sum())
        infinities = (0, 0)
        if kind == "float":  # the figures below are of the finite numbers, as csvpipe's are
            infinities = (int((values == -math.inf).sum()), int((values == math.inf).sum()))
            values = values[(values != -math.inf) & (values != math.inf)]
        numeric = kind in ("int", "float") and values.notna().any()
        lengths = words.str.len()
        columns.append(
            ColumnFacts(
                name=str(name),
                kind=kind,
                missing=missing,
                minimum=float(values.min()) if numeric else None,
                maximum=float(values.max()) if numeric else None,
                mean=float(values.mean()) if numeric else None,
                stddev=float(values.std()) if numeric and values.count() > 1 else None,
                distinct_texts=int(words.nunique()),
                shortest=int(lengths.min()) if len(lengths) else None,
                longest=int(lengths.max()) if len(lengths) else None,
                numbers=tuple(sorted(values.dropna().tolist())) if numeric else (),
                counts={str(k): int(c) for k, c in words.value_counts().items()} if kind == "string" else {},
                infinities=infinities,
            )
        )
    return FileFacts(rows=len(typed), columns=columns)


def _grouped_columns(summary: dict[str, Any]) -> list[int]:
    """The positions of the columns where csvpipe read numbers grouped by thousands (19,582 beside a
    decimal point; 1.234,5 or 1 234,5 beside a comma): pandas reads those with `thousands`."""
    return [i for i, column in enumerate(summary["columns"].values()) if column.get("grouped_values")]


def _plain_number(text: Any, decimal: str) -> float | int | None:
    """A money or percent text as a number, or None: the sign marks ($ € £ ¥ %) and spaces dropped,
    parentheses, a minus (U+2212's too) or a minus after the digits for a negative, a lone minus
    beside a currency sign for zero (Excel's accounting format), thousands separators dropped
    (whatever is not the decimal mark), the decimal mark made a point. Independent of csvpipe's
    parser on purpose."""
    if not isinstance(text, str):
        return None
    plain = text.strip().replace("\u2212", "-")
    negative = plain.count("(") == plain.count(")") == 1 and plain.index("(") < plain.index(")")
    money = any(sign in plain for sign in "$\u20ac\u00a3\u00a5")
    for mark in "$\u20ac\u00a3\u00a5% \u00a0\u202f'\u2019+()":
        plain = plain.replace(mark, "")
    if money and plain == "-":
        return 0
    if plain.startswith("-"):
        negative, plain = not negative, plain[1:]
    elif plain.endswith("-"):
        negative, plain = not negative, plain[:-1]
    plain = plain.replace("." if decimal == "," else ",", "").replace(",", ".")
    try:
        number: float | int = int(plain) if plain.isdigit() else float(plain)
    except ValueError:
        return None
    return -number if negative else number


def _unflagged(text: Any) -> str | None:
    """A Eurostat cell without its flags (everything from its last space), None for `:`."""
    if not isinstance(text, str):
        return None
    value = text.rsplit(" ", 1)[0] if " " in text else text
    return None if value.strip() in (":", "") else value.strip()


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _marked_columns(summary: dict[str, Any]) -> list[int]:
    """The positions of the columns where csvpipe read money, percentages or negatives that pandas
    does not read as numbers ((1.00), 1,00-, U+2212's minus)."""
    keys = (
        "currency_values",
        "percent_values",
        "parenthesized_values",
        "trailing_minus_values",
        "minus_sign_values",
    )
    return [i for i, column in enumerate(summary["columns"].values()) if any(map(column.get, keys))]


def _thousands_separator(texts: Iterable[str], decimal: str) -> str:
    """The separator most of a column's grouped values hold: beside a decimal comma "." or one of the
    spaces csvpipe reads as grouping (a space, U+00A0 or U+202F); beside a point "," or an apostrophe
    (' or U+2019)."""
    from csvpipe.core.values import POINT_THOUSANDS, THOUSANDS_SPACES

    held = dict.fromkeys("." + THOUSANDS_SPACES if decimal == "," else "," + POINT_THOUSANDS, 0)
    for text in texts:
        for separator in held:
            held[separator] += separator in text
    return max(held, key=held.__getitem__)


def _shown_alike(ours: float | None, theirs: float | None, scale: float = 0.0) -> bool:
    """Whether `theirs` printed the way csvpipe prints (summary.rounded: ≥ 2 decimals, ~4 significant
    digits) could read `ours`: half a unit of the last printed digit apart, or less. `scale` (the
    largest magnitude in the column) allows for rounding in the sums: a mean that is 0 in exact
    arithmetic comes out as ±1e-17 from pandas and ±1e-16 from csvpipe, both right."""
    if ours is None or theirs is None:
        return ours is None and theirs is None
    if abs(ours - theirs) <= 1e-12 * scale or ours == float(f"{theirs:.12g}"):
        return True  # csvpipe prints float sums' figures with at most 12 significant digits
    if theirs == 0:
        return abs(ours) <= 0.005
    digits = max(2, 3 - math.floor(math.log10(abs(theirs))))
    # Half a unit, give or take the rounding in the sums (as above): a mean of 2873705.325 in exact
    # arithmetic came out as …325000003 from pandas and a hair under .325 from csvpipe, printed .32;
    # both prints are right.
    return abs(ours - theirs) <= 0.5 * 10.0**-digits * (1 + 1e-9) + 1e-12 * max(scale, abs(theirs))


def _close(ours: float | None, theirs: float | None, scale: float = 0.0) -> bool:
    if ours is None or theirs is None:
        return ours is None and theirs is None
    return math.isclose(ours, theirs, rel_tol=1e-12, abs_tol=1e-300)


def _allowed(theirs: ColumnFacts, kind: str, rows: int, mismatches: bool) -> bool:
    """Whether pandas' type `theirs.kind` and csvpipe's `kind` differ for one of the ALLOWED reasons
    (each only where its condition holds), or by the threshold rule: csvpipe types a column whose
    few odd values pandas keeps as text, and reports those values as mismatches."""
    pair = (theirs.kind, kind)
    if pair == ("float", "int"):
        return theirs.missing > 0
    if pair == ("float", "empty"):
        return theirs.missing == rows
    return pair in ALLOWED or (theirs.kind == "string" and mismatches)


def compare(summary: dict[str, Any], facts: FileFacts) -> list[str]:
    """The differences between a csvpipe summary and pandas' facts of the same file (columns by
    position: pandas names a blank header `Unnamed: 0`, csvpipe `column_1`)."""
    found = []
    if summary["row_count"] != facts.rows:
        found.append(f"rows: pandas {facts.rows}, csvpipe {summary['row_count']}")
    names = list(summary["schema"])
    if len(names) != len(facts.columns):
        found.append(f"columns: pandas {len(facts.columns)}, csvpipe {len(names)}")
    mismatched = summary["quality_issues"].get("type_mismatches", {})
    for name, theirs in zip(names, facts.columns, strict=False):
        ours = summary["columns"][name]
        where = f"{name!r}"
        if ours["missing"] != theirs.missing:
            found.append(f"{where} missing: pandas {theirs.missing}, csvpipe {ours['missing']}")
        kind = ours["type"]
        if kind != theirs.kind and not _allowed(theirs, kind, facts.rows, name in mismatched):
            found.append(f"{where} type: pandas {theirs.kind}, csvpipe {kind}")
        if kind in ("int", "float") and name not in mismatched:
            mine_inf = ours.get("infinities", {"negative": 0, "positive": 0})
            if (mine_inf["negative"], mine_inf["positive"]) != theirs.infinities:
                found.append(f"{where} infinities: pandas {theirs.infinities}, csvpipe {mine_inf}")
        if kind in ("int", "float") and theirs.mean is not None and name not in mismatched:
            scale = max(abs(theirs.minimum or 0.0), abs(theirs.maximum or 0.0))
            for label, mine, other, same in (
                ("min", ours.get("min"), theirs.minimum, _close),
                ("max", ours.get("max"), theirs.maximum, _close),
                ("avg", ours.get("avg"), theirs.mean, _shown_alike),
                ("stddev", ours.get("stddev"), theirs.stddev, _shown_alike),
            ):
                if not same(mine, other, scale):
                    found.append(f"{where} {label}: pandas {other}, csvpipe {mine}")
        if ours.get("distinct_exact") and ours["distinct"] != theirs.distinct_texts:
            found.append(f"{where} distinct: pandas {theirs.distinct_texts}, csvpipe {ours['distinct']}")
        elif not ours.get("distinct_exact", True):
            # An estimate: within three of its stated standard errors of the true count.
            allowed = 3 * ours["distinct_relative_error"] * theirs.distinct_texts
            if abs(ours["distinct"] - theirs.distinct_texts) > allowed:
                found.append(
                    f"{where} distinct: pandas {theirs.distinct_texts}, csvpipe {ours['distinct']} "
                    f"(more than 3 × its stated error {ours['distinct_relative_error']})"
                )
        if kind in ("int", "float") and name not in mismatched:
            found.extend(_quantile_differences(where, ours, theirs.numbers))
        if kind == "string" and theirs.counts:
            found.extend(_top_value_differences(where, ours, theirs.counts))
        if kind == "string" and (ours.get("min_length"), ours.get("max_length")) != (
            theirs.shortest,
            theirs.longest,
        ):
            found.append(
                f"{where} lengths: pandas {theirs.shortest}..{theirs.longest}, "
                f"csvpipe {ours.get('min_length')}..{ours.get('max_length')}"
            )
    return found


def _quantile_differences(where: str, ours: dict[str, Any], numbers: tuple[float, ...]) -> list[str]:
    """csvpipe's quartiles must sit at their nearest rank (ceil(q·n)) in the sorted values, give or
    take the sketch's stated rank error × n (0 while the sketch is exact)."""
    n = len(numbers)
    if not n or ours.get("p25") is None:
        return []
    slack = ours["quantile_rank_error"] * n
    found = []
    for label, q in (("p25", 0.25), ("median", 0.5), ("p75", 0.75)):
        value = ours[label]
        target = max(1, math.ceil(q * n))
        low, high = bisect_left(numbers, value) + 1, bisect_right(numbers, value)  # its ranks, 1-based
        if high < target - slack or low > target + slack:
            found.append(
                f"{where} {label}: csvpipe {value} holds ranks {low}..{high} of {n}, "
                f"the nearest rank is {target} (± {slack:.0f} allowed)"
            )
    return found


def _top_value_differences(where: str, ours: dict[str, Any], counts: dict[str, int]) -> list[str]:
    """Misra-Gries' promise: a reported count is never above the true one and at most the stated
    undercount below; with no undercount the reported values are the most frequent ones."""
    from csvpipe.core.texts import shown

    def key(entry: dict[str, Any]) -> str:
        return entry["value"] + (f"…{entry['length']}" if entry.get("truncated") else "")

    found = []
    slack = ours.get("top_values_max_undercount", 0)
    # A summary cuts long texts (`shown`): pandas' texts are cut the same way to compare them (two
    # long texts alike in both would be counted together).
    # Texts that differ only past what is shown (gene sequences alike in their first 200 letters)
    # share a shown form: csvpipe counts each, so only "no more than all of them" can be checked.
    cut: dict[str, int] = {}
    texts_shown: dict[str, int] = {}
    for text, true in counts.items():
        as_shown = key(shown(text))
        cut[as_shown] = cut.get(as_shown, 0) + true
        texts_shown[as_shown] = texts_shown.get(as_shown, 0) + 1
    counts = cut
    alike = {value for value, texts in texts_shown.items() if texts > 1}
    reported: dict[str, int] = {}
    for entry in ours.get("top_values", []):
        reported[key(entry)] = reported.get(key(entry), 0) + entry["count"]
    for value, count in reported.items():
        true = counts.get(value, 0)
        if count > true or (value not in alike and count < true - slack):
            found.append(
                f"{where} top value {value!r}: csvpipe {count}, pandas {true} (undercount ≤ {slack})"
            )
    if reported and not slack:
        lowest = min(reported.values())
        missed = [
            value
            for value, true in counts.items()
            if value not in reported and value not in alike and true > lowest
        ]
        if missed:
            found.append(f"{where} top values leave out {missed[0]!r} ({counts[missed[0]]} times)")
    return found


def check_file(path: Path, pandas_path: Path | None = None, grouped: Collection[int] = ()) -> dict[str, Any]:
    """csvpipe's summary of `path` against pandas' reading of `pandas_path` (default: the same file;
    another when pandas must be spared what csvpipe skips on purpose, such as repeated headers).
    `grouped`: positions of columns known to hold numbers grouped by thousands (a generator's): pandas
    reads them with `thousands` whatever csvpipe made of them, so one csvpipe leaves as text differs."""
    from csvpipe.core import ProfileError
    from csvpipe.core.parallel import profile_file

    try:
        summary = profile_file(path)  # what `csvpipe profile PATH` runs: split across CPUs from 4 MiB
    except ProfileError as error:
        return {"file": str(path), "ok": False, "differences": [f"csvpipe refused it: {error}"]}
    source = summary["source"]
    try:
        dialect = source["dialect"]
        facts = pandas_facts(
            pandas_path or path,
            dialect["delimiter"],
            source["encoding"],
            dialect["decimal_separator"],
            dialect["skip_initial_space"],
            dialect["quotechar"],
            dialect["header"],
            _records_in_first_lines(path, source["preamble_lines"], source["encoding"], dialect),
            sorted({*_grouped_columns(summary), *grouped}),
            dialect.get("escapechar"),
            bool(dialect.get("trailing_delimiter")),
            # A footer or later tables left out: pandas reads the rows above, repeated headers among them.
            summary["row_count"] + summary["quality_issues"]["repeated_header_rows"]["count"]
            if source.get("footer") or source.get("later_tables")
            else None,
            # Comment lines after the header, and the rows under it that belong to it (units …).
            {
                *(_comment_lines(path, source) if dialect.get("comment") else ()),
                *(row["line"] - 1 for row in source.get("header_rows", ())),
            },
            _marked_columns(summary),
            _format_missing_markers(source),
            bool(dialect.get("eurostat")),
            any(
                problem["problem"] == "missing" and problem["position"] == 1
                for problem in summary["quality_issues"]["header"]
            ),
        )
    except Exception as error:  # pandas' own parse errors: reported, not a crash of the check
        return {"file": str(path), "ok": False, "differences": [f"pandas could not read it: {error}"]}
    differences = compare(summary, facts)
    return {
        "file": str(path),
        "ok": not differences,
        "rows": summary["row_count"],
        "columns": len(summary["schema"]),
        "repeated_headers": summary["quality_issues"]["repeated_header_rows"]["count"],
        "differences": differences,
        "pandas": _printable(facts) if differences else None,
    }


def _format_missing_markers(source: dict[str, Any]) -> frozenset[str]:
    """The missing markers csvpipe adds for the file's format: `NAN` in a Campbell Scientific logger's
    table (Dialect.logger_table, told by its banner line)."""
    from csvpipe.core.dialect import CAMPBELL_MISSING, is_logger_banner

    first = source.get("preamble", [])[:1]
    return (
        CAMPBELL_MISSING
        if first and first[0]["line"] == 1 and is_logger_banner(first[0]["text"])
        else frozenset()
    )


def _file_text(path: Path, encoding: str) -> str:
    """The file's text as csvpipe decoded it (gzip undone)."""
    import gzip

    raw = path.read_bytes()
    if raw[:2] == b"\x1f\x8b":
        raw = gzip.decompress(raw)
    return raw.decode(encoding, "replace")


def _comment_lines(path: Path, source: dict[str, Any]) -> set[int]:
    """The 0-based numbers of the lines after the header on which a record starts whose first field
    starts with the comment mark, as csvpipe tells comments (`TableProfile._without_comments`: a
    quoted `"# …"` too, which a test of raw lines kept as a row: scikit-bio's metadata fixtures)."""
    import csv
    import io

    dialect = source["dialect"]
    mark, header = dialect["comment"], source["header_line"] or 0
    reader = csv.reader(
        io.StringIO(_file_text(path, source["encoding"]), newline=""),
        delimiter=dialect["delimiter"],
        quotechar=dialect["quotechar"],
        escapechar=dialect.get("escapechar"),
    )
    found: set[int] = set()
    start = 0  # the 0-based line on which the next record starts
    for record in reader:
        if start >= header and record and record[0].startswith(mark):
            found.add(start)
        start = reader.line_num
    return found


def _records_in_first_lines(path: Path, lines: int, encoding: str, dialect: dict[str, Any]) -> int:
    """The records (blank lines among them) in the first `lines` lines of the file: what pandas'
    `skiprows` counts, where csvpipe's preamble counts lines (a quoted note may span several)."""
    if not lines:
        return 0
    import csv
    import io
    from itertools import islice

    text = "".join(islice(io.StringIO(_file_text(path, encoding), newline=""), lines))
    reader = csv.reader(
        io.StringIO(text, newline=""),
        delimiter=dialect["delimiter"],
        quotechar=dialect["quotechar"],
        escapechar=dialect.get("escapechar"),
    )
    return sum(1 for _ in reader)


def _printable(facts: FileFacts) -> dict[str, Any]:
    shown = asdict(facts)
    for column in shown["columns"]:
        del column["numbers"], column["counts"]
    return shown


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.crosscheck",
        description="Profile real CSVs with csvpipe and read them with pandas; print every figure that "
        "differs. Default files: the CSVs of the bokeh-sampledata wheel (installed by make bench).",
    )
    parser.add_argument("paths", nargs="*", type=Path, help="CSV files to check (default: bokeh-sampledata)")
    parser.add_argument("--json", action="store_true", help="one JSON document on stdout")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    paths = args.paths or default_files()
    missing = [p for p in paths if not p.is_file()]
    if missing:
        print(f"no such file: {missing[0]}", file=sys.stderr)
        return 2
    results = []
    for path in paths:
        result = check_file(path)
        results.append(result)
        if not args.json:
            state = "ok  " if result["ok"] else "DIFF"
            size = f"{result['rows']} rows, {result['columns']} columns" if "rows" in result else ""
            print(f"{state} {path.name}  {size}", flush=True)
            for line in result["differences"]:
                print(f"       {line}")
    agreeing = sum(r["ok"] for r in results)
    if args.json:
        print(json.dumps({"files": results, "agree": agreeing, "total": len(results)}, indent=2))
    else:
        print(f"{agreeing} of {len(results)} files agree with pandas")
    return 0 if agreeing == len(results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
