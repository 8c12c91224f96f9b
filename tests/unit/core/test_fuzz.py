"""Generated and damaged CSVs through every reading path, checked against independent answers.

A small run is part of every `make test` (CSVPIPE_FUZZ_EXAMPLES, default 25 per property); `make fuzz`
runs thousands. The first long run (2026-11-26, 4 000-5 000 examples a property) found five wrong
answers that the example-based tests had missed: a quote in the header made later parts read data
rows twice, a header's non-UTF-8 byte was counted once per part, an apostrophe starting a value made
`'` the quote character, and two kinds of wrong error lines (see git log and docs/engine.md).
"""

from __future__ import annotations

import bz2
import csv
import gzip
import io
import lzma
import math
import os
import random
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from csvpipe.core import ProfileError, ProfileOptions, error_report, parallel, profile_stream
from csvpipe.core.dialect import PREAMBLE_TEXT_CHARS
from csvpipe.core.options import PANDAS_MISSING_MARKERS
from csvpipe.core.parallel import profile_file
from csvpipe.core.table import FOOTER_MAX_RECORDS

from .conftest import check_error_report, check_summary, footer_rows, header_rows_of, zipped
from .test_parallel import assert_same

EXAMPLES = int(os.environ.get("CSVPIPE_FUZZ_EXAMPLES", "25"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
_MOMENT = "2000-01-01T00:00:00"
_TWICE = ["a", "a", "a", "", "", ""]  # a header with blank names (renamed), repeated as rows

CELLS = {
    "int": st.one_of(
        st.integers(-(10**6), 10**6).map(str),
        st.integers().map(str),
        st.sampled_from(["007", "+5", "1_000", "-0", "99999999999999999999999", "1,234", "12,34", "1.234"]),
        st.integers(-(10**12), 10**12).map("{:,}".format),  # thousands grouped, as spreadsheets export
    ),
    "float": st.one_of(
        st.floats().map(repr),
        st.sampled_from(["1.5", ".5", "5.", "1e5", "-1E-3", "nan", "inf", "1,5", "1.000,5", "1,000.5"]),
        st.floats(-1e9, 1e9).map("{:,.2f}".format),
        st.floats(-1e9, 1e9).map("${:,.2f}".format),  # money and percentages (since 2026-11-27)
        st.sampled_from(["($1,600.03)", "-123,45 €", "17.88%", "-$-5", "$"]),
        # Negatives as ledgers write them (since 2026-11-28), and shapes that stay text.
        st.sampled_from(["(1,234.00)", "$ (345.50)", "$ -", "1.234,56-", "12-", "\u221212.5", "(-5)", "5 -"]),
    ),
    "date": st.one_of(
        st.dates().map(date.isoformat),
        st.dates().map(lambda d: d.strftime("%d.%m.%Y")),
        st.dates().map(lambda d: d.strftime("%m/%d/%Y")),
        st.dates().map(lambda d: d.strftime("%d/%m/%Y")),
        st.dates().map(lambda d: d.strftime("%b %d %Y")),
        st.dates().map(lambda d: d.strftime("%d-%b-%Y")),
        st.dates().map(lambda d: d.strftime("%m/%d/%y")),  # two-digit years
        st.dates().map(lambda d: d.strftime("%d-%b-%y")),
        st.sampled_from(["2024-02-30", "31/31/2020", "03/03/2024"]),
    ),
    "datetime": st.one_of(
        st.datetimes().map(lambda d: d.isoformat()),
        st.datetimes().map(lambda d: d.strftime("%d/%m/%Y %H:%M")),
        st.datetimes().map(lambda d: d.strftime("%m/%d/%Y %I:%M:%S %p")),
        st.sampled_from(
            [
                "2024-01-31T10:00:00Z",
                "2024-01-31 10:00:00+05:30",
                "2024-01-31T25:00:00",
                "2024-01-31 10:00 UTC",
            ]
        ),
    ),
    "bool": st.sampled_from(["true", "false", "True", "FALSE", "yes", "no", "0", "1"]),
    "missing": st.sampled_from(["", "NA", "N/A", "null", "NULL", "NaN", "None", "#N/A", "<NA>", "n/a"]),
    "text": st.text(max_size=12),
    "nasty": st.sampled_from(
        ['"', "a\nb", "a\r\nb", "\r", ",", ";", "\t", "|", " x ", "\x1f", "\u2028", "'x"]
    ),
}


@st.composite
def tables(draw: st.DrawFn) -> tuple[list[str], list[list[str]]]:
    """A header and rows: typed columns with some noise, repeated rows, now and then a ragged or an
    empty one."""
    width = draw(st.integers(1, 6))
    kinds = [draw(st.sampled_from(list(CELLS))) for _ in range(width)]
    noise = draw(st.sampled_from([0.0, 0.02, 0.2, 0.5]))

    def cell(kind: str) -> str:
        if noise and draw(st.floats(0, 1)) < noise:
            kind = draw(st.sampled_from(list(CELLS)))
        return draw(CELLS[kind])

    pool = [[cell(kind) for kind in kinds] for _ in range(draw(st.sampled_from([0, 1, 3, 20])))]
    rows: list[list[str]] = []
    for _ in range(draw(st.integers(0, 150))):
        rows.append(
            list(draw(st.sampled_from(pool))) if pool and draw(st.booleans()) else [cell(k) for k in kinds]
        )
        if draw(st.integers(0, 30)) == 0:
            rows[-1] = rows[-1][: draw(st.integers(0, width))] + [cell("text")] * draw(st.integers(0, 2))
        if draw(st.integers(0, 40)) == 0:  # a spreadsheet's cleared row
            rows.append([""] * draw(st.sampled_from([width, width, max(1, width - 1)])))
    header = [
        draw(st.sampled_from(["a", "b", "", "a", " c", "id", "x,y", "Unnamed: 0"])) for _ in range(width)
    ]
    for _ in range(draw(st.sampled_from([0, 0, 1, 3]))):  # files concatenated with their headers
        rows.insert(draw(st.integers(0, len(rows))), list(header))
    return header, rows


def _render(header: list[str], rows: list[list[str]], delimiter: str, terminator: str, quoting: int) -> str:
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter, lineterminator=terminator, quoting=quoting)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def _outcome(run: Callable[[], dict]) -> tuple[str, Any]:
    """("ok", schema-valid summary) or ("error", (code, where)) with a schema-valid error report."""
    try:
        return "ok", check_summary(run())
    except ProfileError as exc:
        check_error_report(error_report("f.csv", exc))
        return "error", (exc.code, exc.where)


def _without_inexact_duplicates(summary: dict) -> dict:
    """Past the duplicate budget each part spills at its own point: both counts are lower bounds
    that may differ, and the lines of repeats across parts are unknown (docs/engine.md)."""
    if summary["quality_issues"]["duplicate_rows"]["exact"]:
        return summary
    return {**summary, "quality_issues": {**summary["quality_issues"], "duplicate_rows": None}}


@FUZZ
@given(
    table=tables(),
    delimiter=st.sampled_from([",", ";", "\t", "|"]),
    terminator=st.sampled_from(["\n", "\r\n", "\r"]),
    quoting=st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL, csv.QUOTE_NONNUMERIC]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]),
    compress=st.sampled_from(
        [None, gzip.compress, bz2.compress, lzma.compress, lambda data: zipped(("f.csv", data))]
    ),
    chunk_rows=st.sampled_from([1, 7, 64, 4096]),
    distinct_limit=st.sampled_from([2, 16, 2048]),
    duplicate_limit=st.sampled_from([1, 5, 1_000_000]),
    jobs=st.integers(2, 4),
    damage=st.lists(st.tuples(st.integers(0, 10**6), st.binary(max_size=3)), max_size=3),
)
def test_any_file_gives_one_valid_answer_alone_and_in_parts(
    tmp_path_factory: pytest.TempPathFactory,
    table: tuple[list[str], list[list[str]]],
    delimiter: str,
    terminator: str,
    quoting: int,
    encoding: str,
    compress: Callable[[bytes], bytes] | None,
    chunk_rows: int,
    distinct_limit: int,
    duplicate_limit: int,
    jobs: int,
    damage: list[tuple[int, bytes]],
) -> None:
    data = bytearray(_render(*table, delimiter, terminator, quoting).encode(encoding, errors="replace"))
    for position, piece in damage:
        if data:
            data[position % len(data) : position % len(data) + len(piece)] = piece
    raw = compress(bytes(data)) if compress else bytes(data)
    options = ProfileOptions(
        chunk_rows=chunk_rows, distinct_exact_limit=distinct_limit, duplicate_rows_exact_limit=duplicate_limit
    )
    path = tmp_path_factory.mktemp("fuzz") / "f.csv"
    path.write_bytes(raw)
    alone = _outcome(lambda: profile_stream(io.BytesIO(raw), "f.csv", options))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(parallel, "MIN_PART_BYTES", 16)
        together = _outcome(lambda: profile_file(path, "f.csv", options=options, jobs=jobs))
    assert alone[0] == together[0], (alone, together)
    if alone[0] == "error":
        assert alone == together
    else:
        assert_same(_without_inexact_duplicates(together[1]), _without_inexact_duplicates(alone[1]))


@FUZZ
@given(
    table=tables(),
    terminator=st.sampled_from(["\n", "\r\n", "\r"]),
    quoting=st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]),
    chunk_rows=st.sampled_from([1, 7, 4096]),
)
# Found by hypothesis on 2026-11-27: a footer (a note in a column of datetimes, then an empty row),
# and a repeat of the header as the last record (a repeated header, not a footer).
@example(
    table=(
        ["a"] * 6,
        [
            [_MOMENT, "true", "true", "0", "true", _MOMENT],
            [_MOMENT, "true", "true", "0", "true", "2024-01-31T10:00:00Z"],
            [],
            [""] * 6,
            ["01/01/9 00:00"],
            [""] * 6,
        ],
    ),
    terminator="\n",
    quoting=csv.QUOTE_MINIMAL,
    chunk_rows=1,
)
@example(
    table=(
        _TWICE,
        [
            _TWICE,
            _TWICE,
            ["0", _MOMENT, _MOMENT, "true", "true", "true"],
            [""] * 6,
            [],
            [""] * 6,
            [],
            ["0", _MOMENT, _MOMENT, "true", "true", "true"],
            _TWICE,
        ],
    ),
    terminator="\n",
    quoting=csv.QUOTE_MINIMAL,
    chunk_rows=1,
)
# Seed 2505 failed this property on 2026-11-28 while the oracle did not know later tables (its shrink
# did not finish; this example is the shape, written by hand): after a blank line, text over numbers
# of the table's width is another table (Dialect.table_end), and its records are no rows of the first.
@example(
    table=(["a", "b"], [["1", "2"], ["3", "4"], [], ["x", "y"], ["5", "6"]]),
    terminator="\n",
    quoting=csv.QUOTE_MINIMAL,
    chunk_rows=1,
)
# Seed 2612 failed it on 2026-11-28 while the oracle did not know trailing delimiters: every record
# under `a` is `,` — one empty field more than the header, dropped, so no record is ragged.
@example(table=(["a"], [["", ""], ["", ""]]), terminator="\n", quoting=csv.QUOTE_MINIMAL, chunk_rows=1)
def test_counts_are_those_of_csv_reader(
    table: tuple[list[str], list[list[str]]], terminator: str, quoting: int, chunk_rows: int
) -> None:
    """Rows, blank lines, ragged rows, missing cells, exact distinct counts, duplicate and empty rows,
    each computed again from `csv.reader`'s records (padded or cut to the header's width)."""
    text = _render(*table, ",", terminator, quoting)
    try:
        summary = check_summary(
            profile_stream(
                io.BytesIO(text.encode()), "f.csv", ProfileOptions(chunk_rows=chunk_rows, delimiter=",")
            )
        )
    except ProfileError:
        return  # which inputs are refused is the other properties' and the corpus's concern
    if summary["source"]["preamble"]:
        return  # lines before the header were skipped on purpose
    records = list(csv.reader(io.StringIO(text, newline=""), strict=False))
    if summary["source"]["later_tables"]:
        # Another table after a blank line ends the one that is read (Dialect.table_end): only the
        # records that start on its lines are its own.
        records = _records_through(text, summary["source"]["last_line"])
    blank = [
        record == [] or (len(record) == 1 and record[0] != "" and not record[0].strip(" \t"))
        for record in records
    ]
    while records and blank[0]:  # a line of spaces and tabs only is blank, as pandas reads it
        records.pop(0)
        blank.pop(0)
    header = records[0]
    width = len(header)
    body = [record for record, empty in zip(records[1:], blank[1:], strict=True) if not empty]
    if summary["source"]["dialect"]["trailing_delimiter"]:
        # Every record under the header (of the sample) had one field more, always empty
        # (dialect._trailing_delimiter): that field is dropped wherever it is, not counted as ragged
        # (the oracle lacked this until hypothesis drew `a` over `,` and `,` on 2026-11-28).
        assert sum(len(record) == width + 1 and record[-1] == "" for record in body) >= 2
        body = [record[:-1] if len(record) == width + 1 and record[-1] == "" else record for record in body]
    # A first record with something in it that more than three in four of the next 200 repeat is a
    # row: a table of one repeated row has no header (blank fields and all, since 2026-11-27).
    sample = body[:200]
    headerless = any(name.strip() for name in header) and len(sample) >= 3
    headerless = headerless and sum(record == header for record in sample) * 4 > len(sample) * 3
    assert summary["source"]["dialect"]["header"] is not headerless
    # Records equal to the header as they stand are skipped when it has two names that read as text
    # (here: that are not blank; tables() draws no names that are numbers, dates or missing markers).
    probed = width >= 2 and sum(1 for name in header if name.strip()) >= 2 and not headerless
    # Records right under the header that read as its units (text over typed columns) are listed, and
    # skipped with the header wherever they repeat.
    listed = 0 if headerless else header_rows_of(summary, body)
    along = [header, *body[:listed]]
    body = body[listed:]
    repeats = sum(probed and record in along for record in body)
    body = [header, *body] if headerless else [record for record in body if not (probed and record in along)]
    # A closing run of sparse records that a note opens (text in a typed column) is the file's footer
    # (TableProfile.finish): it must be the body's last records as they stand, each at most half filled.
    footer = summary["source"]["footer"]
    if footer:
        tail = body[len(body) - len(footer) :]
        assert len(footer) <= FOOTER_MAX_RECORDS and len(tail) == len(footer)
        assert [item["text"] for item in footer] == [
            ",".join(record).rstrip(", ")[:PREAMBLE_TEXT_CHARS] for record in tail
        ]
        assert all(sum(1 for field in record if field.strip()) <= max(1, width // 2) for record in tail)
        body = body[: len(body) - len(footer)]
    squared = [(record + [""] * width)[:width] for record in body]
    quality = summary["quality_issues"]
    assert summary["row_count"] == len(body)
    assert quality["repeated_header_rows"]["count"] == repeats
    blank = len(records) - (not headerless) - listed - len(body) - repeats - len(footer)
    assert quality["blank_lines"] == blank
    ragged = quality["ragged_rows"]
    assert ragged["too_few_fields"]["count"] == sum(len(record) < width for record in body)
    assert ragged["too_many_fields"]["count"] == sum(len(record) > width for record in body)
    for index, name in enumerate(summary["schema"]):
        cells = [row[index] for row in squared]
        missing = sum(cell in PANDAS_MISSING_MARKERS for cell in cells)
        assert quality["missing_values"].get(name, {"count": 0})["count"] == missing, name
        if summary["columns"][name].get("distinct_exact", True):
            present = {cell for cell in cells if cell not in PANDAS_MISSING_MARKERS}
            assert summary["columns"][name]["distinct"] == len(present), name
    assert quality["duplicate_rows"]["count"] == len(squared) - len(set(map(tuple, squared)))
    # Empty as the record stands: a long one's cut fields count (`,,NUL` is not empty; the oracle
    # looked at the cut record until hypothesis drew one, 2026-11-27).
    empty = sum(width > 1 and not any(record) for record in body)
    assert quality["empty_rows"]["count"] == empty


def _records_through(text: str, last_line: int) -> list[list[str]]:
    """csv.reader's records of `text` that start on a line up to `last_line`."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=False)
    kept: list[list[str]] = []
    end = 0
    for record in reader:
        if end + 1 > last_line:
            break
        kept.append(record)
        end = reader.line_num
    return kept


WORD = st.text(alphabet="abcdefgh xyz", min_size=1, max_size=8).filter(lambda text: text.strip() == text)
PLAIN_CELL = st.one_of(
    st.integers(-(10**6), 10**6).map(str),
    st.floats(-1e6, 1e6, allow_nan=False).map(lambda number: f"{number:.3f}"),
    st.dates().map(date.isoformat),
    WORD,
    st.sampled_from(["", "true", "false", "NA"]),
    st.text(alphabet="ab ,;|\t'", min_size=1, max_size=6),  # other delimiters and apostrophes
    st.floats(-1e3, 1e3, allow_nan=False).map(lambda number: f"{number:.2f}".replace(".", ",")),
)


@FUZZ
@given(
    width=st.integers(2, 6),
    data=st.data(),
    delimiter=st.sampled_from([",", ";", "\t", "|"]),
    terminator=st.sampled_from(["\n", "\r\n"]),
    quoting=st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]),
)
def test_the_delimiter_is_detected(
    width: int, data: st.DataObject, delimiter: str, terminator: str, quoting: int
) -> None:
    """Square tables written by `csv.writer`: the delimiter, the rows and the header come back."""
    names = st.text(alphabet="abcdefghij_", min_size=1, max_size=6)
    header = data.draw(st.lists(names, min_size=width, max_size=width, unique=True))
    rows = data.draw(st.lists(st.lists(PLAIN_CELL, min_size=width, max_size=width), min_size=2, max_size=40))
    text = _render(header, rows, delimiter, terminator, quoting)
    summary = check_summary(profile_stream(io.BytesIO(text.encode()), "f.csv"))
    assert summary["source"]["dialect"]["delimiter"] == delimiter
    counted = footer_rows(summary, rows, delimiter) + header_rows_of(summary, rows, delimiter)
    assert summary["row_count"] + counted == len(rows)
    assert list(summary["schema"]) == header


def test_a_square_tables_last_record_may_be_its_footer() -> None:
    # Found by hypothesis in CI on 2026-11-27 (test_the_delimiter_is_detected): `a,` under three dates
    # is a note, left out as the footer; the oracles count it so (conftest.footer_rows).
    rows = [["2000-01-01", "0"]] * 3 + [["a", ""]]
    summary = check_summary(
        profile_stream(io.BytesIO(_render(["_", "a"], rows, ",", "\n", 0).encode()), "f.csv")
    )
    assert summary["row_count"] == 3 and footer_rows(summary, rows) == 1


@FUZZ
@given(
    width=st.integers(2, 5),
    data=st.data(),
    delimiter=st.sampled_from([",", ";", "\t", "|"]),
    quoting=st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]),
)
def test_an_rfc_4180_file_never_reads_a_backslash_as_an_escape(
    width: int, data: st.DataObject, delimiter: str, quoting: int
) -> None:
    """Whatever backslashes and quotes its values hold, a file that `csv.writer` wrote (quotes
    doubled) is read with no escape character and every value comes back as written."""
    names = st.text(alphabet="abcdefghij", min_size=1, max_size=4)
    header = data.draw(st.lists(names, min_size=width, max_size=width, unique=True))
    cell = st.text(alphabet='ab\\"x ,;|\t', min_size=1, max_size=6).filter(lambda text: text.strip() == text)
    rows = data.draw(st.lists(st.lists(cell, min_size=width, max_size=width), min_size=2, max_size=30))
    text = _render(header, rows, delimiter, "\n", quoting)
    summary = check_summary(profile_stream(io.BytesIO(text.encode()), "f.csv"))
    assert summary["source"]["dialect"]["escapechar"] is None
    if summary["source"]["dialect"]["delimiter"] == delimiter and summary["row_count"] == len(rows):
        for position, name in enumerate(header):
            values = sorted({row[position] for row in rows})
            column = summary["columns"][name]
            if column["type"] == "string" and column["distinct"] <= 10:
                assert sorted(entry["value"] for entry in column["top_values"]) == values


VALUE_CELL = st.one_of(
    st.integers(-(10**6), 10**6).map(str),
    st.floats(-1e6, 1e6, allow_nan=False).map(lambda number: f"{number:.3f}"),
    st.floats(-1e6, 1e6, allow_nan=False).map(lambda number: f"{number:.18e}"),  # numpy.savetxt
    st.dates().map(date.isoformat),
    st.sampled_from(["true", "false"]),
)


@FUZZ
@given(
    width=st.integers(1, 6),
    data=st.data(),
    delimiter=st.sampled_from([",", ";", "\t", "|"]),
    named=st.booleans(),
    chunk_rows=st.sampled_from([1, 7, 4096]),
)
def test_a_table_of_values_is_read_with_or_without_its_header(
    tmp_path_factory: pytest.TempPathFactory,
    width: int,
    data: st.DataObject,
    delimiter: str,
    named: bool,
    chunk_rows: int,
) -> None:
    """Rows of numbers, dates and bools, under a header of words or under none: every row is a row,
    the names are the header's or column_1 …, and the file in parts gives the same summary."""
    rows = data.draw(st.lists(st.lists(VALUE_CELL, min_size=width, max_size=width), min_size=1, max_size=30))
    first = [int(cell) if cell.lstrip("-").isdigit() else None for cell in rows[0]]
    numbered = [list(range(width))] + ([list(range(1, width + 1))] if width > 1 else [])
    assume(named or first not in numbered)  # the names pandas gives, or numbered columns
    header = [
        f"{name}_{index}"
        for index, name in enumerate(data.draw(st.lists(WORD, min_size=width, max_size=width)))
    ]
    text = _render(header if named else [], rows, delimiter, "\n", csv.QUOTE_MINIMAL)
    if not named:
        text = text[1:]  # _render wrote an empty first line for the empty header
    summary = check_summary(
        profile_stream(
            io.BytesIO(text.encode()), "f.csv", ProfileOptions(chunk_rows=chunk_rows, delimiter=delimiter)
        )
    )
    assert summary["row_count"] == len(rows)
    assert summary["source"]["dialect"]["header"] is named
    assert list(summary["schema"]) == (header if named else [f"column_{i}" for i in range(1, width + 1)])
    path = tmp_path_factory.mktemp("values") / "f.csv"
    path.write_text(text, encoding="utf-8", newline="")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(parallel, "MIN_PART_BYTES", 16)
        options = ProfileOptions(chunk_rows=chunk_rows, delimiter=delimiter)
        assert_same(check_summary(profile_file(path, "f.csv", options=options, jobs=3)), summary)


@FUZZ
@given(
    kind=st.sampled_from(["int", "float", "date", "grouped int", "grouped float"]),
    size=st.integers(1, 400),
    noise=st.integers(0, 30),
    seed=st.integers(0, 10**6),
    chunk_rows=st.sampled_from([1, 7, 64, 4096]),
    data=st.data(),
)
def test_types_follow_the_threshold(
    kind: str, size: int, noise: int, seed: int, chunk_rows: int, data: st.DataObject
) -> None:
    """A typed column with a few words: typed (the words are mismatches) when ≥ 95 % fit, else
    string; min, max and mean over the typed values only. Numbers may be grouped by thousands
    (quoted "1,234,567", "-1,234.25"): counted in `grouped_values`."""
    noise = min(noise, size)
    count = size - noise
    grouped = kind.startswith("grouped ")
    kind = kind.removeprefix("grouped ")
    if kind == "int":
        good: list = data.draw(st.lists(st.integers(-(10**9), 10**9), min_size=count, max_size=count))
        texts = [f'"{number:,}"' for number in good] if grouped else list(map(str, good))
    elif kind == "float":
        fractional = st.floats(-1e6, 1e6, allow_nan=False).filter(lambda number: number != int(number))
        if grouped:
            fractional = fractional.map(lambda number: round(number, 2)).filter(lambda n: n != int(n))
        good = data.draw(st.lists(fractional, min_size=count, max_size=count))
        texts = [f'"{number:,.2f}"' for number in good] if grouped else list(map(repr, good))
    else:
        good = data.draw(
            st.lists(st.dates(date(1900, 1, 1), date(2100, 1, 1)), min_size=count, max_size=count)
        )
        texts = [day.isoformat() for day in good]
    cells = texts + data.draw(
        st.lists(st.text(alphabet="bcdgkmpqvxz", min_size=2, max_size=6), min_size=noise, max_size=noise)
    )
    random.Random(seed).shuffle(cells)
    text = "v,k\n" + "".join(f"{cell},{index}\n" for index, cell in enumerate(cells))
    summary = check_summary(
        profile_stream(io.BytesIO(text.encode()), "f.csv", ProfileOptions(chunk_rows=chunk_rows))
    )
    assert summary["row_count"] == size
    typed = bool(good) and len(good) >= 0.95 * size
    assert summary["schema"]["v"] == (kind if typed else "string")
    if not typed:
        return
    assert summary["quality_issues"]["type_mismatches"].get("v", {"count": 0})["count"] == noise
    column = summary["columns"]["v"]
    if kind == "date":
        assert (column["min"], column["max"]) == (min(good).isoformat(), max(good).isoformat())
        return
    assert (column["min"], column["max"]) == (min(good), max(good))
    assert column["grouped_values"] == (sum(abs(number) >= 1000 for number in good) if grouped else 0)
    mean = sum(good) / len(good)
    # The summary prints about four significant digits, at least two decimals (summary.rounded).
    last_digit = 10.0 ** -max(2, 3 - math.floor(math.log10(abs(mean)))) if mean else 0.01
    assert abs(column["avg"] - mean) <= last_digit


# Tables drawn for people to read (Dialect.drawn, box_drawing, column_spans): the same values through
# every way of drawing them, checked against the values drawn.
_WORDS = ["apple", "pear", "red fig", "blue sky", "kiwi", "green tea leaf", "plum"]
_NAMES = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot"]
_DRAWINGS = ["markdown", "mysql", "psql", "box", "grid", "fixed", "aligned"]


def _drawn_text(
    drawing: str, names: list[str], rows: list[list[str]], numeric: list[bool], gap: str = "  "
) -> str:
    """`rows` drawn as `drawing` would print them: numbers right-aligned, text left-aligned; an
    aligned table's columns `gap` apart (R's one space after row labels: indented by two)."""
    widths = [max([len(name), *(len(row[i]) for row in rows)]) for i, name in enumerate(names)]

    def cells(values: list[str]) -> list[str]:
        return [
            f"{v:>{w}}" if right else f"{v:<{w}}" for v, w, right in zip(values, widths, numeric, strict=True)
        ]

    def joined(values: list[str], bar: str, borders: bool) -> str:
        inner = f" {bar} ".join(cells(values))
        return f"{bar} {inner} {bar}\n" if borders else f" {inner}\n"

    count = f"{len(rows)} rows"
    if drawing == "markdown":
        rule = "|" + "|".join("-" * (w + 2) for w in widths) + "|\n"
        return joined(names, "|", True) + rule + "".join(joined(row, "|", True) for row in rows)
    if drawing == "mysql":
        frame = "+" + "+".join("-" * (w + 2) for w in widths) + "+\n"
        body = "".join(joined(row, "|", True) for row in rows)
        return frame + joined(names, "|", True) + frame + body + frame + f"{count} in set (0.00 sec)\n"
    if drawing == "psql":
        rule = "+".join("-" * (w + 2) for w in widths) + "\n"
        return (
            joined(names, "|", False)
            + rule
            + "".join(joined(row, "|", False) for row in rows)
            + f"({count})\n"
        )
    if drawing == "grid":
        line = "+" + "+".join("-" * (w + 2) for w in widths) + "+\n"
        under = line.replace("-", "=")
        body = line.join(joined(row, "|", True) for row in rows)
        return line + joined(names, "|", True) + under + body + line
    if drawing == "box":
        top = "┌" + "┬".join("─" * (w + 2) for w in widths) + "┐\n"
        under = "├" + "┼".join("─" * (w + 2) for w in widths) + "┤\n"
        bottom = "└" + "┴".join("─" * (w + 2) for w in widths) + "┘\n"
        body = "".join(joined(row, "│", True) for row in rows)
        return top + joined(names, "│", True) + under + body + bottom + f"  {count}\n"
    if drawing == "aligned":  # no rule: pandas' `to_string()`, `docker ps`
        indent = "  " if gap == " " else ""
        return "".join(indent + gap.join(cells(values)).rstrip() + "\n" for values in [names, *rows])
    rule = " ".join("-" * w for w in widths) + "\n"
    body = "".join(" ".join(cells(row)).rstrip() + "\n" for row in rows)
    return " ".join(cells(names)) + "\n" + rule + body + f"\n{count} selected.\n"


@FUZZ
@given(
    drawing=st.sampled_from(_DRAWINGS),
    kinds=st.lists(st.sampled_from(["int", "float", "text", "moment"]), min_size=1, max_size=4),
    size=st.integers(3, 30),
    gap=st.sampled_from(["  ", " "]),
    data=st.data(),
)
def test_a_drawn_table_reads_as_the_values_drawn(
    drawing: str, kinds: list[str], size: int, gap: str, data: Any
) -> None:
    names = ["id", *_NAMES[: len(kinds)]]
    values = {
        "int": st.integers(-(10**6), 10**6).map(str),
        "float": st.floats(-1000, 1000, allow_nan=False).map(lambda x: f"{x:.2f}"),
        "text": st.sampled_from(_WORDS),
        "moment": st.datetimes(datetime(1990, 1, 1), datetime(2030, 1, 1)).map(
            lambda moment: moment.strftime("%Y-%m-%d %H:%M:%S")
        ),
    }
    columns = [
        data.draw(st.lists(st.one_of(st.just(""), values[kind]), min_size=size, max_size=size))
        for kind in kinds
    ]
    rows = [[str(index + 1), *(column[index] for column in columns)] for index in range(size)]
    if drawing == "aligned":  # (its rule: half the lines fill two cells at least, or it is no table)
        assume(2 * sum(1 for row in rows if any(row[1:])) >= size)
    text = _drawn_text(drawing, names, rows, [True, *(kind != "text" for kind in kinds)], gap)
    summary = check_summary(profile_stream(io.BytesIO(text.encode()), "drawn.txt"))
    dialect = summary["source"]["dialect"]
    if drawing == "aligned":
        # Runs of spaces read it when they read every line as wide (no empty cell, no word space).
        assert dialect["column_spans_from"] == "alignment" or dialect["delimiter_name"] == "space", text
    else:
        assert (dialect["column_spans"] is not None) == (drawing == "fixed")
        assert (dialect["drawn"] is not None) == (drawing not in ("fixed", "aligned"))
    assert summary["row_count"] == size, text
    assert summary["source"]["footer"] == [] or summary["source"]["footer"][-1]["text"].endswith(
        ("sec)", "rows)", "rows", "selected.", "-+")
    )
    assert summary["source"]["rule_lines"] == (size - 1 if drawing == "grid" else 0)
    assert summary["columns"]["id"]["max"] == size
    for name, kind, column in zip(names[1:], kinds, columns, strict=True):
        filled = [value for value in column if value]
        profile = summary["columns"][name]
        assert profile["non_missing"] == len(filled), (name, text)
        expected = {"int": "int", "float": "float", "text": "string", "moment": "datetime"}[kind]
        expected = expected if filled else "empty"
        if kind == "float" and filled and all(value.endswith(".00") for value in filled):
            expected = profile["type"]  # (`3.00` alone may read as an int column's value, as anywhere)
        assert summary["schema"][name] == expected, (name, text)
        if kind == "int" and filled:
            assert (profile["min"], profile["max"]) == (min(map(int, filled)), max(map(int, filled)))
        if kind == "text" and filled:
            assert {top["value"] for top in profile["top_values"]} <= set(_WORDS)
