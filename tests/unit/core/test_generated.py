"""Generated CSVs with known columns: inferred types and exact statistics; merging; random bytes."""

from __future__ import annotations

import io
import json
import math
import random
import statistics
from datetime import date, datetime, timedelta
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from csvpipe.core import ProfileError, ProfileOptions, build_summary, issue_counts, profile_table
from csvpipe.core.values import LETTER_BOOLS

from .conftest import check_summary, footer_rows, profile_bytes, round_floats

FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

ints = st.integers(min_value=-(10**12), max_value=10**12)
floats = st.floats(min_value=-1e9, max_value=1e9, allow_nan=False, allow_infinity=False).filter(
    lambda x: x != int(x)
)
dates = st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31))
# Words that read as text (no missing markers, no bools: a lone t, f, y or n is a bool in a cell — the
# draw `y` alone in its column, found by hypothesis on 2026-11-28, was one).
words = st.text(alphabet="abcdefghijklmnopqrstuvwxyz ", min_size=1, max_size=12).filter(
    lambda s: (
        s.strip() == s
        and s.lower() not in {"nan", "null", "none", "true", "false", "yes", "no", "n/a", "na"}
        and s not in LETTER_BOOLS
    )
)


def table_strategy(min_rows: int = 1, max_rows: int = 60):
    row = st.tuples(
        st.one_of(st.none(), ints),
        floats,
        dates,
        words,
        st.booleans(),
    )
    return st.lists(row, min_size=min_rows, max_size=max_rows)


def render(rows, header: bool = True) -> bytes:
    out = io.StringIO()
    if header:
        out.write("i,f,d,s,b\n")
    for i, f, d, s, b in rows:
        out.write(f"{'' if i is None else i},{f!r},{d.isoformat()},{s},{'true' if b else 'false'}\n")
    return out.getvalue().encode()


@FAST
@given(table_strategy())
def test_types_and_exact_statistics(rows) -> None:
    summary = profile_bytes(render(rows))
    present_ints = [i for i, *_ in rows if i is not None]
    expected_i = "int" if present_ints else "empty"
    assert summary["schema"] == {"i": expected_i, "f": "float", "d": "date", "s": "string", "b": "bool"}
    assert summary["row_count"] == len(rows)
    columns = summary["columns"]
    missing = len(rows) - len(present_ints)
    if missing:
        assert summary["quality_issues"]["missing_values"]["i"]["count"] == missing
    else:
        assert "i" not in summary["quality_issues"]["missing_values"]
    if present_ints:
        stats = summary["statistics"]["i"]
        assert stats["min"] == min(present_ints) and stats["max"] == max(present_ints)
        assert columns["i"]["sum"] == sum(present_ints)
        assert stats["avg"] == pytest.approx(sum(present_ints) / len(present_ints), rel=1e-3, abs=0.01)
        assert columns["i"]["distinct"] == len(set(present_ints))
        assert columns["i"]["zeros"] == present_ints.count(0)
        assert columns["i"]["negatives"] == sum(1 for x in present_ints if x < 0)
        if len(present_ints) > 1:
            assert columns["i"]["stddev"] == pytest.approx(statistics.stdev(present_ints), rel=1e-3)
        ordered = sorted(present_ints)
        n = len(ordered)
        assert columns["i"]["median"] == ordered[max(1, math.ceil(0.5 * n)) - 1]  # nearest rank, exact sketch
    fs = [f for _, f, *_ in rows]
    assert summary["statistics"]["f"]["min"] == min(fs) and summary["statistics"]["f"]["max"] == max(fs)
    ds = [d for _, _, d, *_ in rows]
    assert columns["d"]["min"] == min(ds).isoformat() and columns["d"]["max"] == max(ds).isoformat()
    words_seen = [s for *_, s, _ in rows]
    assert columns["s"]["min_length"] == min(map(len, words_seen))
    assert columns["s"]["max_length"] == max(map(len, words_seen))
    assert columns["s"]["distinct"] == len(set(words_seen))
    assert columns["b"]["true"] == sum(1 for *_, b in rows if b)


def _merged_summary(part_a: bytes, part_b: bytes, chunk_rows: int):
    options = ProfileOptions(chunk_rows=chunk_rows)
    merged = profile_table(io.BytesIO(part_a), options)
    merged.merge(profile_table(io.BytesIO(part_b), options, later_part=True))
    return check_summary(build_summary(merged, "ab.csv", options.type_threshold))


@FAST
@given(
    table_strategy(min_rows=1, max_rows=80),
    table_strategy(min_rows=1, max_rows=80),
    st.sampled_from([64, 4096]),
)
def test_merge_equals_profile_of_concatenation(rows_a, rows_b, chunk_rows) -> None:
    whole = profile_bytes(render(rows_a + rows_b), "ab.csv", chunk_rows=chunk_rows)
    merged = _merged_summary(render(rows_a), render(rows_b), chunk_rows)
    # Exact statistics are equal; so are the sketches while they are exact (n < k), as here, and
    # the lines of duplicates that repeat a row of the other part (the stored rows know their lines).
    for key in ("row_count", "schema", "statistics", "quality_issues", "columns"):
        assert round_floats(merged[key]) == round_floats(whole[key]), key


@pytest.mark.slow
def test_merge_of_large_parts_stays_within_sketch_bounds() -> None:
    lines_a = "".join(f"{i},{(i * 7919) % 10007 / 7},w{i % 50}\n" for i in range(30_000))
    lines_b = "".join(f"{i},{(i * 104729) % 10007 / 3},w{i % 70}\n" for i in range(30_000, 60_000))
    part_a = ("i,f,w\n" + lines_a).encode()
    part_b = ("i,f,w\n" + lines_b).encode()
    whole = profile_bytes(("i,f,w\n" + lines_a + lines_b).encode())
    merged = _merged_summary(part_a, part_b, 4096)
    assert merged["row_count"] == whole["row_count"] == 60_000
    assert merged["statistics"] == whole["statistics"]
    for column in ("i", "f"):
        m, w = merged["columns"][column], whole["columns"][column]
        assert m["sum"] == pytest.approx(w["sum"], rel=1e-12)
        assert m["distinct"] == w["distinct"]  # KMV merge is exact: same k smallest hashes
        error = m["quantile_rank_error"]
        values = sorted(range(60_000)) if column == "i" else None
        if values is not None:
            for q in ("p25", "median", "p75"):
                target = {"p25": 0.25, "median": 0.5, "p75": 0.75}[q] * 60_000
                assert abs(m[q] - target) <= error * 60_000 + 1
    tops_m = {e["value"]: e["count"] for e in merged["columns"]["w"]["top_values"]}
    bound = merged["columns"]["w"]["top_values_max_undercount"]
    assert bound <= 60_000 / 65
    for value, count in tops_m.items():
        true = sum(1 for i in range(30_000) if f"w{i % 50}" == value) + sum(
            1 for i in range(30_000, 60_000) if f"w{i % 70}" == value
        )
        assert count <= true <= count + bound


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=400))
def test_random_bytes_give_a_summary_or_a_profile_error(data: bytes) -> None:
    try:
        profile_bytes(data)
    except ProfileError as error:
        assert error.code and error.message


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.text(max_size=8), min_size=1, max_size=6),
    st.lists(st.lists(st.text(max_size=10), max_size=7), max_size=12),
)
def test_random_text_tables_never_crash(header, rows) -> None:
    import csv

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    try:
        profile_bytes(out.getvalue().encode("utf-8", "surrogatepass"))
    except ProfileError as error:
        assert error.code


def test_more_than_one_chunk_keeps_line_numbers_right() -> None:
    body = "".join(f"{i}\n" for i in range(10_000)) + "oops\n" + "".join(f"{i}\n" for i in range(100))
    summary = profile_bytes(("n\n" + body).encode(), chunk_rows=100)
    mismatch = summary["quality_issues"]["type_mismatches"]["n"]
    assert mismatch["examples"] == [{"value": "oops", "line": 10_002}]


def test_threshold_decides_between_type_and_string() -> None:
    data = ("n\n" + "".join(f"{i}\n" for i in range(90)) + "x\n" * 10).encode()
    assert profile_bytes(data)["schema"]["n"] == "string"
    relaxed = profile_bytes(data, type_threshold=0.9)
    assert relaxed["schema"]["n"] == "int"
    assert relaxed["quality_issues"]["type_mismatches"]["n"]["count"] == 10
    assert len(relaxed["quality_issues"]["type_mismatches"]["n"]["examples"]) == 5


def test_a_few_fractions_make_an_int_column_float() -> None:
    """Found on auto-mpg.csv (bokeh sample data): 391 ints and one 97.5 were typed int, the 97.5 a
    "mismatch" left out of the average. Every value is a number: the column is float, as in pandas."""
    numbers = [*range(1, 100), 97.5]
    summary = profile_bytes(("n,s\n" + "".join(f"{x},{x}\n" for x in numbers)).encode())
    assert summary["schema"]["n"] == "float"
    assert "n" not in summary["quality_issues"]["type_mismatches"]
    assert summary["statistics"]["n"]["avg"] == round(statistics.fmean(numbers), 2)
    # A non-number among ints is still a mismatch of an int column.
    texts = [*map(str, range(1, 100)), "n/a?"]
    summary = profile_bytes(("n\n" + "\n".join(texts) + "\n").encode())
    assert summary["schema"]["n"] == "int"
    assert summary["quality_issues"]["type_mismatches"]["n"]["count"] == 1


def test_a_few_times_make_a_date_column_datetime() -> None:
    days = [(date(2024, 1, 1) + timedelta(days=i)).isoformat() for i in range(128)] + ["2024-05-08 10:30"]
    # chunks of 64 rows: the time sits alone in the last chunk, every date is read as a date
    summary = profile_bytes(("d\n" + "\n".join(days) + "\n").encode(), chunk_rows=64)
    assert summary["schema"]["d"] == "datetime"
    assert summary["columns"]["d"]["max"] == "2024-05-08T10:30:00"
    assert "d" not in summary["quality_issues"]["type_mismatches"]


def test_dates_and_datetimes_forms() -> None:
    start = date(2024, 1, 1)
    days = [(start + timedelta(days=i)).strftime("%Y/%m/%d") for i in range(30)]
    rows = [f"{day},2024-01-{i % 28 + 1:02d}T10:{i % 60:02d}:00.5+01:00" for i, day in enumerate(days)]
    summary = profile_bytes(("d,t\n" + "\n".join(rows) + "\n").encode())
    assert summary["schema"] == {"d": "date", "t": "datetime"}
    assert summary["columns"]["t"]["min"] == "2024-01-01T09:00:00.500000"  # compared in UTC


def test_a_day_first_year_of_dates_is_one_format() -> None:
    # 03/03/2024 reads the same either way; it was labelled MM/DD/YYYY, so every day-first file
    # spanning a year was reported as mixing two date formats.
    days = [(date(2024, 1, 1) + timedelta(days=i)).strftime("%d/%m/%Y") for i in range(366)]
    summary = profile_bytes(("d\n" + "\n".join(days) + "\n").encode(), chunk_rows=50)
    column = summary["columns"]["d"]
    assert column["formats"] == {"DD/MM/YYYY": 366}
    assert column["day_month_order"] == "DD/MM/YYYY"
    assert (column["min"], column["max"]) == ("2024-01-01", "2024-12-31")
    assert summary["quality_issues"]["mixed_date_formats"] == {}


@pytest.mark.parametrize("chunk_rows", [1, 4096])
def test_dates_with_day_equal_to_month_are_no_evidence_for_an_order(chunk_rows: int) -> None:
    # 200 ambiguous dates, 100 with day = month, one 25/12/2024: only that one tells the order.
    days = [f"0{1 + i % 9}/0{1 + (i * 7) % 9}/2024" for i in range(300)] + ["25/12/2024"]
    summary = profile_bytes(("d\n" + "\n".join(days) + "\n").encode(), chunk_rows=chunk_rows)
    assert summary["columns"]["d"]["day_month_order"] == "DD/MM/YYYY"
    assert summary["columns"]["d"]["formats"] == {"DD/MM/YYYY": 301}
    assert summary["quality_issues"]["ambiguous_dates"]["d"]["count"] == 200
    only_same = profile_bytes(b"d\n03/03/2024\n11/11/2024\n")["columns"]["d"]
    assert only_same["formats"] == {"MM/DD/YYYY": 2} and "day_month_order" not in only_same


@pytest.mark.parametrize("chunk_rows", [1, 64, 4096])
def test_day_first_datetimes_are_read_day_first_as_dates_are(chunk_rows: int) -> None:
    # An ambiguous datetime (03/04/2024 10:00) was read as text, so a day-first datetime column was
    # typed string as a whole: 12 of every 31 days are unambiguous, far below the 95 % rule.
    start = datetime(2024, 1, 1, 0, 30)
    moments = [start + timedelta(hours=7 * i) for i in range(1000)]
    texts = [moment.strftime("%d/%m/%Y %H:%M") for moment in moments]
    summary = profile_bytes(("t\n" + "\n".join(texts) + "\n").encode(), chunk_rows=chunk_rows)
    assert summary["schema"]["t"] == "datetime"
    column = summary["columns"]["t"]
    assert column["formats"] == {"DD/MM/YYYY time": 1000}
    assert column["day_month_order"] == "DD/MM/YYYY"
    assert (column["min"], column["max"]) == (moments[0].isoformat(), moments[-1].isoformat())
    quality = summary["quality_issues"]
    ambiguous = sum(1 for moment in moments if moment.day <= 12 and moment.day != moment.month)
    assert quality["ambiguous_dates"]["t"]["count"] == ambiguous
    assert quality["ambiguous_dates"]["t"]["reading"] == "DD/MM/YYYY"
    assert quality["mixed_date_formats"] == {} and quality["type_mismatches"] == {}


@pytest.mark.parametrize("chunk_rows", [1, 64, 4096])
def test_two_digit_years_are_dates_read_as_excel_reads_them(chunk_rows: int) -> None:
    # KMsurv's baboon.csv: day-first dates of 1963-64 with two-digit years (25/11/63) were text;
    # with Python's %y century (2000-2068 for 00-68) they would have been dated 2063.
    days = [date(1963, 8, 4) + timedelta(days=3 * i) for i in range(150)]
    texts = [f"{day.day}/{day.month}/{day.year % 100:02d}" for day in days]
    summary = profile_bytes(("d\n" + "\n".join(texts) + "\n").encode(), chunk_rows=chunk_rows)
    column = summary["columns"]["d"]
    assert summary["schema"]["d"] == "date" and column["formats"] == {"DD/MM/YY": 150}
    assert (column["min"], column["max"]) == (days[0].isoformat(), days[-1].isoformat())
    assert column["day_month_order"] == "DD/MM/YYYY"
    ambiguous = sum(1 for day in days if day.day <= 12 and day.day != day.month)
    assert summary["quality_issues"]["ambiguous_dates"]["d"]["count"] == ambiguous
    assert summary["quality_issues"]["mixed_date_formats"] == {}


def test_two_and_four_digit_years_share_the_columns_day_month_reading() -> None:
    # Only 25/12/2024 tells the order; the ambiguous two-digit dates follow it.
    summary = profile_bytes(b"d\n03/04/24\n05/06/24\n25/12/2024\n07/07/24\n")
    column = summary["columns"]["d"]
    assert column["day_month_order"] == "DD/MM/YYYY"
    assert column["formats"] == {"DD/MM/YY": 3, "DD/MM/YYYY": 1}
    assert (column["min"], column["max"]) == ("2024-04-03", "2024-12-25")
    assert "d" in summary["quality_issues"]["mixed_date_formats"]
    month_first = profile_bytes(b"d\n03/04/24\n12/31/24\n")["columns"]["d"]
    assert month_first["formats"] == {"MM/DD/YY": 2} and month_first["min"] == "2024-03-04"


def test_dates_and_datetimes_of_a_column_share_one_day_month_reading() -> None:
    # Only the date 25/12/2024 tells the order; the ambiguous datetimes and dates follow it.
    cells = ["03/04/2024 10:00", "05/06/2024", "07/08/2024 23:59:59", "25/12/2024", "09/09/2024 08:00"]
    summary = profile_bytes(("t\n" + "\n".join(cells) + "\n").encode())
    column = summary["columns"]["t"]
    assert summary["schema"]["t"] == "datetime"
    assert column["day_month_order"] == "DD/MM/YYYY"
    assert column["formats"] == {"DD/MM/YYYY": 2, "DD/MM/YYYY time": 3}
    assert (column["min"], column["max"]) == ("2024-04-03T10:00:00", "2024-12-25T00:00:00")
    assert summary["quality_issues"]["ambiguous_dates"]["t"]["count"] == 3
    month_first = profile_bytes(b"t\n03/04/2024 10:00\n12/31/2024 09:00\n")["columns"]["t"]
    assert month_first["formats"] == {"MM/DD/YYYY time": 2}
    assert month_first["min"] == "2024-03-04T10:00:00"


@pytest.mark.parametrize("chunk_rows", [1, 4096])
def test_lines_of_whitespace_only_are_blank_lines(chunk_rows: int) -> None:
    # pandas skips them; they were records: before the header one became the header (so the real
    # header was read as a data row of two text columns), later a row with too few fields.
    data = b"   \n\t\r\nid,name\n1,ann\n  \n2,bob\n \t \n3,cy\n"
    summary = profile_bytes(data, chunk_rows=chunk_rows)
    assert summary["schema"] == {"id": "int", "name": "string"}
    assert summary["row_count"] == 3 and summary["source"]["header_line"] == 3
    quality = summary["quality_issues"]
    assert quality["blank_lines"] == 2 and quality["ragged_rows"]["too_few_fields"]["count"] == 0
    one_column = profile_bytes(b"n\n1\n   \n3\n", chunk_rows=chunk_rows)
    assert one_column["row_count"] == 2 and one_column["quality_issues"]["blank_lines"] == 1
    assert one_column["schema"] == {"n": "int"} and one_column["statistics"]["n"]["avg"] == 2.0
    # Other whitespace is a value, as in pandas: a no-break space, an em space, a form feed.
    other = profile_bytes("c\nx\n\u00a0\n\u2003\n\x0c\ny\n".encode(), chunk_rows=chunk_rows)
    assert other["row_count"] == 5 and other["quality_issues"]["blank_lines"] == 0
    assert other["columns"]["c"]["distinct"] == 5
    tabs = profile_bytes(b"a\tb\n1\t2\n\t\n", chunk_rows=chunk_rows)  # a delimiter makes a row
    assert tabs["row_count"] == 2 and tabs["quality_issues"]["missing_values"]["a"]["count"] == 1


@pytest.mark.parametrize("chunk_rows", [1, 64, 4096])
def test_infinities_are_numbers_counted_apart_from_the_statistics(chunk_rows: int) -> None:
    # numpy and pandas write an infinite float as "inf" (lifelines' interval-censored data: 8 of 25
    # upper bounds); it made the column a string column, where pandas, polars and DuckDB read floats.
    cells = [f"{i}.5" for i in range(100)] + ["inf"] * 8 + ["-Infinity", "INF", "1e999"]
    summary = profile_bytes(("x\n" + "\n".join(cells) + "\n").encode(), chunk_rows=chunk_rows)
    column = summary["columns"]["x"]
    assert summary["schema"]["x"] == "float"
    assert column["infinities"] == {"negative": 1, "positive": 9}
    assert (column["min"], column["max"], column["avg"], column["sum"]) == (0.5, 99.5, 50.0, 5000.0)
    assert (column["p25"], column["median"], column["p75"]) == (24.5, 49.5, 74.5)
    assert summary["quality_issues"]["outliers"] == {}
    mismatch = summary["quality_issues"]["type_mismatches"]["x"]  # too long for a float: text
    assert mismatch["count"] == 1 and mismatch["examples"][0]["value"] == "1e999"
    ints = profile_bytes(b"n\n1\n2\ninf\n-inf\n", chunk_rows=chunk_rows)
    assert ints["schema"]["n"] == "float" and ints["statistics"]["n"] == {"min": 1, "max": 2, "avg": 1.5}
    only = profile_bytes(b"n\ninf\n-inf\n", chunk_rows=chunk_rows)["columns"]["n"]
    assert only["type"] == "float" and only["min"] is None and only["avg"] is None and only["sum"] is None


def test_custom_missing_markers() -> None:
    data = b"a\n1\n-\n3\n"
    assert profile_bytes(data)["schema"]["a"] == "string"
    summary = profile_bytes(data, missing_markers=frozenset({"", "-"}))
    assert summary["schema"]["a"] == "int"
    assert summary["quality_issues"]["missing_values"] == {"a": {"count": 1, "percentage": 33.33}}


def test_duplicates_outliers_constant_and_empty_columns() -> None:
    rows = [f"{i},{i % 3},k," for i in range(20)] + ["5,2,k,", "5,2,k,", "1000,1,k,"]
    summary = profile_bytes(("a,b,c,e\n" + "\n".join(rows) + "\n").encode())
    quality = summary["quality_issues"]
    assert quality["duplicate_rows"]["count"] == 2
    assert quality["duplicate_rows"]["first_lines"] == [22, 23]  # both repeat line 7 (i=5)
    assert (
        quality["outliers"]["a"]["count"] == 1 and quality["outliers"]["a"]["rule"] == "tukey_fences_1.5_iqr"
    )
    assert "c" in quality["constant_columns"]
    assert quality["empty_columns"] == ["e"]
    assert summary["schema"]["e"] == "empty"


def test_wide_file_is_chunked_and_profiled() -> None:
    header = ",".join(f"c{i}" for i in range(300))
    row = ",".join(str(i) for i in range(300))
    summary = profile_bytes((header + "\n" + (row + "\n") * 50).encode())
    assert summary["source"]["column_count"] == 300
    assert summary["quality_issues"]["duplicate_rows"]["count"] == 49


@pytest.mark.parametrize(
    "limit",
    [{"duplicate_rows_exact_limit": 1000}, {"duplicate_rows_memory": 120_000}],  # ~1000 rows of 5 chars
    ids=["rows", "memory"],
)
def test_duplicate_rows_past_the_exact_limit_are_a_lower_bound_plus_a_guarded_estimate(limit) -> None:
    unique = "".join(f"{i},x\n" for i in range(20_000))
    summary = profile_bytes(("a,b\n" + unique).encode(), **limit)
    dup = summary["quality_issues"]["duplicate_rows"]
    assert dup["count"] == 0 and dup["exact"] is False and "estimated_count" not in dup  # no noise reported
    repeated = "".join(f"{i % 5000},x\n" for i in range(20_000))  # 15 000 duplicates
    dup = profile_bytes(("a,b\n" + repeated).encode(), **limit)["quality_issues"]["duplicate_rows"]
    assert dup["exact"] is False
    assert 3000 <= dup["count"] <= 15_000  # repeats of the first 1000 stored rows are still found
    assert abs(dup["estimated_count"] - 15_000) <= 0.05 * 20_000


@FAST
@given(
    st.lists(st.integers(min_value=-3, max_value=5), min_size=8, max_size=300),
    st.lists(st.sampled_from(["-1.5", "0.0", "2.25", "7.75"]), min_size=8, max_size=300),
)
def test_few_distinct_values_take_the_weighted_path_with_exact_statistics(ints_, reals) -> None:
    size = min(len(ints_), len(reals))
    ints_, reals = ints_[:size], reals[:size]
    body = "".join(f"{i},{r}\n" for i, r in zip(ints_, reals, strict=True))
    summary = profile_bytes(("i,r\n" + body).encode())
    numbers = [float(r) for r in reals]
    for column, truth in (("i", ints_), ("r", numbers)):
        details = summary["columns"][column]
        assert details["min"] == min(truth) and details["max"] == max(truth)
        assert details["sum"] == pytest.approx(sum(truth))
        assert details["zeros"] == sum(1 for x in truth if x == 0)
        assert details["negatives"] == sum(1 for x in truth if x < 0)
        assert details["stddev"] == pytest.approx(statistics.stdev(truth), rel=1e-3, abs=1e-3)
        ordered = sorted(truth)
        assert details["median"] == ordered[max(1, math.ceil(0.5 * len(ordered))) - 1]


few_cells = st.tuples(
    st.sampled_from(["1", "2", "-3", "0", "", "NA", " 4", "x"]),
    st.sampled_from(["1.5", "2", "-0.25", "0.0", "", "null", "1e3", " 7.5 "]),
    st.sampled_from(["2024-01-31", "2023-12-01", "2024-02-29", "", "31.01.2024", "soon"]),
    st.sampled_from(
        ["2024-01-31T10:00:00", "2024-01-31 10:00+01:00", "", "2023-05-05T00:00:00Z", "2024-03-01"]
    ),
    st.sampled_from(["red", "green", "blue ", "", "N/A", "42"]),
    st.sampled_from(["true", "false", "yes", ""]),
)


def _without_top_values(summary):
    """Misra-Gries counters depend on which chunks went through a bulk path; all else must not."""
    for details in summary["columns"].values():
        details.pop("top_values", None)
        details.pop("top_values_max_undercount", None)
    return summary


@FAST
@given(st.lists(few_cells, min_size=130, max_size=250))
def test_repetitive_chunks_counted_at_once_give_the_same_profile(rows) -> None:
    """Chunks with few distinct values take the counted path (from the second chunk on); one chunk
    of the same rows goes cell by cell. Both must give the same figures, mismatches and lines."""
    body = "".join(",".join(row) + "\n" for row in rows)
    data = ("i,f,d,t,s,b\n" + body).encode()
    chunked = _without_top_values(profile_bytes(data, chunk_rows=64))
    whole = _without_top_values(profile_bytes(data, chunk_rows=100_000))
    for key in ("row_count", "schema", "statistics", "quality_issues", "columns"):
        assert round_floats(chunked[key]) == round_floats(whole[key]), key


def test_mismatch_lines_stay_right_after_records_with_line_breaks() -> None:
    body = "".join(f'{i},"two\nlines"\n' if i % 7 == 0 else f"{i},x\r\n" for i in range(300))
    data = ("n,t\n" + body + "oops,x\n").encode()
    for chunk_rows in (64, 4096):
        summary = profile_bytes(data, chunk_rows=chunk_rows)
        example = summary["quality_issues"]["type_mismatches"]["n"]["examples"][0]
        assert example == {"value": "oops", "line": 2 + 300 + 300 // 7 + 1}


_TRICKY_VALUES = st.text(alphabet=st.sampled_from('ab,"\n\r x;'), min_size=1, max_size=8)


@settings(max_examples=80, deadline=None)
@given(
    st.lists(st.lists(_TRICKY_VALUES, min_size=2, max_size=2), min_size=1, max_size=10),
    st.booleans(),
)
def test_a_file_csv_writer_wrote_never_counts_as_an_unterminated_quote(rows, trailing_newline) -> None:
    """Quotes, delimiters and line breaks inside values are closed by csv.writer, so every data row is
    counted and the end-of-file marker never leaks; a file cut inside a quoted value is rejected."""
    import csv

    out = io.StringIO()
    csv.writer(out).writerows([["h1", "h2"], *rows])
    text = out.getvalue() if trailing_newline else out.getvalue().rstrip("\r\n")
    summary = profile_bytes(text.encode(), delimiter=",")
    assert summary["row_count"] + footer_rows(summary, rows) == len(rows)
    assert "\\u0000" not in json.dumps(summary)  # (the end marker, a NUL, never leaks into a value)


def test_a_quote_left_open_is_rejected_with_the_line_it_starts_on() -> None:
    data = b'id,note\n1,fine\n2,"opens here\n3,and swallows\n4,the rest\n'
    with pytest.raises(ProfileError) as caught:
        profile_bytes(data)
    assert caught.value.code == "UNTERMINATED_QUOTE"
    assert caught.value.where == {"line": 3}


@pytest.mark.parametrize(
    "values",
    [
        # 20240131 is an int to `classify` but a date to datetime.fromisoformat (the bulk path)
        ["2024-01-31T10:00:00Z"] * 70 + ["20240131"] * 70 + ["2024-01-31T10:00:00Z", "20240131"] * 35,
        ["20240131"] * 70 + ["2024-01-31T10:00:00Z", "20240131"] * 35,
        # ISO week dates and other separators: read alike in bulk and value by value
        ["2024-W05-3"] * 130 + ["x"] * 4,
        ["2024-W05"] * 130 + ["2024-W05-3"] * 4,
        ["2024W053"] * 130 + ["2024-01-31T10:00"] * 4,
        ["2024-01-31t10:00"] * 130 + ["x"] * 4,
    ],
)
def test_how_values_fall_into_chunks_does_not_change_the_column(values) -> None:
    """Found by fuzzing chunks of 64 against one chunk: the chunk-wise paths accepted texts that
    value-by-value classification read otherwise, so the type depended on the chunking."""
    data = ("t\n" + "\n".join(values) + "\n").encode()
    chunked = _without_top_values(profile_bytes(data, chunk_rows=64))
    whole = _without_top_values(profile_bytes(data, chunk_rows=100_000))
    for key in ("schema", "statistics", "quality_issues", "columns"):
        assert round_floats(chunked[key]) == round_floats(whole[key]), key


def test_a_constant_float_column_has_no_spread_in_any_chunking() -> None:
    data = ("x\n" + "1e25\n" * 82).encode()
    for chunk_rows in (64, 4096):
        details = profile_bytes(data, chunk_rows=chunk_rows)["columns"]["x"]
        assert details["stddev"] == 0.0 and details["avg"] == 1e25


_MIXED_ATOMS = [
    "", "NA", "1", "-2", "007", "20240131", "3.5", "1e3", "1.0", "9999999999999999999999999", "true", "no",
    "2024-01-31", "31/01/2024", "01/02/2024", "2024-W05-3", "2024-W05", "2024W053", "2024-01-31T10:00:00Z",
    "2024-01-31 10:00", "2024-01-31t10:00", "2023-12-01T00:00:00+01:00", "Jan 31 2024", " 7 ", "x", "é",
    "9" * 400, "2024-01-31 10:00:00 UTC", "$1,234.56", "(1.00 €)", "17.88%", "-$5", "(1234.00)", "$ -", "12-",
    "\u22123.5",
]  # fmt: skip
_BLOCK = st.tuples(
    st.lists(st.sampled_from(_MIXED_ATOMS), min_size=1, max_size=3, unique=True),
    st.integers(min_value=20, max_value=110),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_BLOCK, min_size=2, max_size=4), st.randoms(use_true_random=False))
@example(blocks=[([""], 104), ([""], 107), ([""], 109), ([""], 109)], rng=random.Random(0))
def test_blocks_of_different_values_give_the_same_profile_in_any_chunking(blocks, rng) -> None:
    """Runs of rows drawn from different few values (what real files look like: a column that is
    empty for a while, then dates, then a typo) send chunks down different paths; chunks of 64 rows
    and one chunk must still agree on everything but the sketches past their exact range."""
    cells = [rng.choice(pool) for pool, size in blocks for _ in range(size)]
    data = ("c,n\n" + "".join(f"{cell},{i}\n" for i, cell in enumerate(cells))).encode()
    summaries = []
    for chunk_rows in (64, 100_000):
        summary = _without_top_values(profile_bytes(data, chunk_rows=chunk_rows))
        # Past 256 rows the quantiles of either column are the sketch's (the row numbers' too: CI's
        # draw of 429 rows under an empty column put p75 at 321 in chunks of 64 and 320 in one).
        for name, details in summary["columns"].items():
            if details.get("quantiles_exact") is False:
                for key in ("p25", "median", "p75"):
                    details.pop(key)
                summary["quality_issues"]["outliers"].pop(name, None)
        summaries.append(summary)
    chunked, whole = summaries
    for key in ("schema", "statistics", "quality_issues", "columns"):
        assert chunked[key] == whole[key], key


@pytest.mark.parametrize("chunk_rows", [1, 64, 4096])
def test_a_header_repeated_inside_the_file_is_skipped_and_reported(chunk_rows: int) -> None:
    # `cat a.csv b.csv > all.csv`: read as data, the second header made a type mismatch in every
    # typed column, an extra distinct value in each text column and a duplicate row of each repeat.
    part = "id,price,when,name\n" + "".join(f"{i},{i * 1.5},2024-01-{i:02d},n{i % 3}\n" for i in range(1, 21))
    summary = profile_bytes((part * 3).encode(), chunk_rows=chunk_rows)
    assert summary["row_count"] == 60
    assert summary["schema"] == {"id": "int", "price": "float", "when": "date", "name": "string"}
    quality = summary["quality_issues"]
    assert quality["repeated_header_rows"] == {"count": 2, "first_lines": [22, 43]}
    assert quality["type_mismatches"] == {}
    assert quality["duplicate_rows"]["count"] == 40
    assert summary["columns"]["name"]["distinct"] == 3
    assert summary["columns"]["name"]["min_length"] == 2
    assert issue_counts(summary)["repeated_header_rows"] == 2


@pytest.mark.parametrize("chunk_rows", [1, 4096])
@pytest.mark.parametrize("quoted", [False, True])
def test_a_header_repeated_with_its_byte_order_mark_is_skipped(chunk_rows: int, quoted: bool) -> None:
    """`cat` of two Excel "CSV UTF-8" exports: the second header opens with a byte order mark, read
    as U+FEFF before its first name (and its quote: `\ufeff"id"`, kept as written). Until 2026-11-28
    it was a row, and with four rows it made every column text."""
    header = '"id","name","amount"' if quoted else "id,name,amount"
    part = "\ufeff" + header + "\n1,a,5\n2,b,6\n"
    summary = profile_bytes((part * 2).encode(), chunk_rows=chunk_rows)
    assert summary["row_count"] == 4
    assert summary["schema"] == {"id": "int", "name": "string", "amount": "int"}
    assert summary["quality_issues"]["repeated_header_rows"] == {"count": 1, "first_lines": [4]}
    # A first field that merely ends like the header's stays data.
    assert profile_bytes(b"id,name,amount\n1,a,5\nxid,name,amount\n")["row_count"] == 2


def test_only_a_whole_record_equal_to_the_header_is_a_repeated_header() -> None:
    data = b"a,b\n1,2\na,x\nx,b\na,b,\n a,b\n3,4\n"  # near misses are data (the longer one is ragged)
    summary = profile_bytes(data)
    assert summary["row_count"] == 6
    assert summary["quality_issues"]["repeated_header_rows"]["count"] == 0
    # A one-column file's values may equal its name; a header of one name and blanks is not probed.
    assert profile_bytes(b"name\nname\nann\n")["row_count"] == 2
    assert profile_bytes(b"k,,\n1,2,3\nk,,\n")["row_count"] == 2
    # A file without a header whose first row is forced to be one (`--header`): rows equal to it are
    # data. (Read as it is, that row is data too since 2026-11-27: a date below dates is no name.)
    headerless = b"0.25,1,2024-01-02,NA\n" + b"0.5,2,2024-01-03,x\n0.25,1,2024-01-02,NA\n" * 3
    summary = profile_bytes(headerless, header=True)
    assert summary["row_count"] == 6 and summary["quality_issues"]["repeated_header_rows"]["count"] == 0
    assert profile_bytes(headerless)["row_count"] == 7


def test_a_file_of_repeated_headers_only_says_so() -> None:
    with pytest.raises(ProfileError) as caught:
        profile_bytes(b"a,b\na,b\na,b\n")
    assert caught.value.code == "HEADER_ONLY"
    assert "only 2 repetition(s) of the header" in caught.value.message


@pytest.mark.parametrize("chunk_rows", [1, 4096])
def test_rows_whose_fields_hold_the_unit_separator_are_not_duplicates(chunk_rows: int) -> None:
    """Rows were joined by U+001F to be compared, so a cell holding it (MARC records use it between
    subfields) made different rows one text: `\\x1f,` and `,\\x1f`, `a\\x1fb,c` and `a,b\\x1fc` were
    duplicates until 2026-11-27 (found by the fuzz test)."""
    data = "x,y\n\x1f,\n,\x1f\na\x1fb,c\na,b\x1fc\na,b\x1fc\n"
    summary = profile_bytes(data.encode(), chunk_rows=chunk_rows)
    assert summary["row_count"] == 5
    assert summary["quality_issues"]["duplicate_rows"]["count"] == 1
    assert summary["quality_issues"]["duplicate_rows"]["first_lines"] == [6]


# datahub's EURIBOR dates: each month's first business day, day-first (01-01-1999, …, 03-05-1999, …).
FIRST_DAYS = [1, 1, 1, 1, 3, 1, 1, 2, 1, 1, 1, 1]
MONTHLY = "".join(f"{day:02d}-{month:02d}-1999,{month}\n" for month, day in enumerate(FIRST_DAYS, 1))


@pytest.mark.parametrize("chunk_rows", [1, 3, 4096])
def test_ambiguous_dates_only_take_the_reading_that_keeps_their_order(chunk_rows: int) -> None:
    """`01-01-1999` … `03-05-1999` … `01-12-1999` (each month's first business day, day-first) read as
    1 January – 5 March under pandas' month-first default until 2026-11-27: no value tells the readings
    apart, but only day-first keeps the series in file order."""
    summary = profile_bytes(("date,rate\n" + MONTHLY).encode(), chunk_rows=chunk_rows)
    column = summary["columns"]["date"]
    assert (column["min"], column["max"], column["day_month_order"]) == (
        "1999-01-01",
        "1999-12-01",
        "DD/MM/YYYY",
    )
    assert "file order" in summary["quality_issues"]["ambiguous_dates"]["date"]["reason"]
    # Newest first keeps an order too.
    backwards = "".join(reversed(MONTHLY.splitlines(keepends=True)))
    assert (
        profile_bytes(("date,rate\n" + backwards).encode(), chunk_rows=chunk_rows)["columns"]["date"]["max"]
        == "1999-12-01"
    )


@pytest.mark.parametrize(
    "dates",
    [
        [f"01/{day:02d}/2024" for day in range(2, 13)],  # sorted either way: the default stays
        ["03/05/2024", "01/02/2024", "07/04/2024", "02/09/2024"],  # in order neither way
        ["01/02/2024", "01/03/2024"],  # too few to tell
    ],
)
def test_ambiguous_dates_keep_the_month_first_default_when_order_tells_nothing(dates: list[str]) -> None:
    summary = profile_bytes(("d\n" + "\n".join(dates) + "\n").encode())
    assert summary["columns"]["d"]["day_month_order"] == "MM/DD/YYYY"


@given(st.lists(st.integers(0, 9), max_size=30), st.lists(st.integers(0, 30), max_size=4))
def test_file_order_of_parts_merges_to_the_order_of_the_whole(values: list[int], cuts: list[int]) -> None:
    from itertools import pairwise

    from csvpipe.core.column import FileOrder

    whole = FileOrder()
    whole.add(values)
    edges = sorted({0, len(values), *(min(cut, len(values)) for cut in cuts)})
    merged = FileOrder()
    for start, end in pairwise(edges):
        part = FileOrder()
        part.add(values[start:end])
        merged.merge(part)
    state = ("count", "first", "last", "ascending", "descending")
    assert [getattr(merged, name) for name in state] == [getattr(whole, name) for name in state]


@pytest.mark.parametrize("chunk_rows", [64, 4096])
def test_a_column_of_utc_timestamps_is_datetimes(chunk_rows: int) -> None:
    # Coinbase's and BittyTax's exports write `2013-05-24 20:16:46 UTC`: the whole-chunk path
    # (`datetime.fromisoformat`) refuses it, the value-by-value one reads it, in any chunking.
    rows = "".join(f"{i},2024-01-{i % 28 + 1:02d} 10:{i % 60:02d}:00 UTC\n" for i in range(100))
    summary = profile_bytes(("n,time\n" + rows).encode(), chunk_rows=chunk_rows)
    column = summary["columns"]["time"]
    assert summary["schema"]["time"] == "datetime"
    assert (column["min"], column["max"]) == ("2024-01-01T10:00:00", "2024-01-28T10:55:00")  # in UTC


# Found by hypothesis on 2026-11-27 (the blocks test above, 234.56 among ints): an average a last
# bit away from a rounding boundary came out 124.09 in chunks of 64 and 124.1 in one chunk. These 25
# rows were found by searching the code of then (118.78 and 118.79). The sum is now the exact one,
# rounded once, however the rows fall.
_AT_A_BOUNDARY = {
    0,
    3,
    12,
    16,
    19,
    26,
    30,
    50,
    64,
    70,
    71,
    74,
    83,
    84,
    86,
    92,
    95,
    99,
    100,
    101,
    109,
    150,
    182,
    192,
    199,
}


@pytest.mark.parametrize("chunk_rows", [64, 100_000])
def test_a_float_sum_is_the_same_however_the_rows_fall_into_chunks(chunk_rows: int) -> None:
    cells = ["234.56" if i in _AT_A_BOUNDARY else str(i) for i in range(200)]
    data = ("n\n" + "\n".join(cells) + "\n").encode()
    exact = sum(Fraction(float(cell)) for cell in cells)
    column = profile_bytes(data, chunk_rows=chunk_rows)["columns"]["n"]
    assert column["sum"] == round(float(exact), 2)
    assert column["avg"] == float(f"{round(float(exact / 200), 2):.12g}")


def test_a_float_sum_past_the_largest_float_is_infinite_not_an_error() -> None:
    details = profile_bytes(b"x\n1e308\n1e308\n1.5\n")["columns"]["x"]
    assert details["type"] == "float" and details["sum"] is None


def test_a_float_sum_near_the_largest_float_is_no_error() -> None:
    # fsum reaches the sum (7.98e307) but not what its rounding left out: a crash until 2026-11-27.
    data = b"x\n-1.0\n-1e+308\n8.98846567431158e+307\n8.98846567431158e+307\n0.5\n"
    details = profile_bytes(data)["columns"]["x"]
    assert details["type"] == "float" and details["sum"] == pytest.approx(7.976931348623159e307)


@settings(max_examples=300, deadline=None)
@example([-1.0, -1e308, 8.98846567431158e307, 8.98846567431158e307, 0.5])  # a crash until 2026-11-27
@given(
    st.lists(
        st.floats(allow_nan=False, allow_infinity=False, min_value=-1.8e308, max_value=1.8e308), max_size=8
    )
)
def test_a_float_sum_is_never_an_error_and_finite_sums_are_exact(numbers: list[float]) -> None:
    from csvpipe.core.column import _float_sum

    total, remainder = _float_sum(numbers)
    exact = sum(map(Fraction, numbers), Fraction(0))
    if math.isfinite(total) and remainder:
        assert abs(Fraction(total) + Fraction(remainder) - exact) <= abs(exact) * Fraction(1, 2**100)
    elif math.isfinite(total):
        assert abs(Fraction(total) - exact) <= abs(Fraction(math.ulp(total)))
