"""Cell classification: the supported forms, and no exception on any text."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from csvpipe.core import values as v


@pytest.mark.parametrize(
    ("text", "kind", "parsed"),
    [
        ("42", v.INT, 42),
        (" -7 ", v.INT, -7),
        ("1234567890123456789012", v.STRING, "1234567890123456789012"),  # past 64 bits: an id
        ("3.5", v.FLOAT, 3.5),
        ("1e3", v.FLOAT, 1000.0),
        (".5", v.FLOAT, 0.5),
        ("inf", v.FLOAT, float("inf")),  # as pandas, polars and DuckDB read it (a string until 2026-11-26)
        ("-Infinity", v.FLOAT, float("-inf")),
        (" +INF ", v.FLOAT, float("inf")),
        ("1e999", v.STRING, "1e999"),  # a numeral beyond a float's range is no infinity
        ("infinit", v.STRING, "infinit"),
        ("1_000", v.STRING, "1_000"),
        ("TRUE", v.BOOL, True),
        ("no", v.BOOL, False),
        ("2024-01-31", v.DATE, date(2024, 1, 31)),
        ("2024/01/31", v.DATE, date(2024, 1, 31)),
        ("31.01.2024", v.DATE, date(2024, 1, 31)),
        ("01/31/2024", v.DATE, date(2024, 1, 31)),
        ("31/01/2024", v.DATE, date(2024, 1, 31)),
        ("Jan 31 2024", v.DATE, date(2024, 1, 31)),
        ("January 31, 2024", v.DATE, date(2024, 1, 31)),
        ("31 Jan 2024", v.DATE, date(2024, 1, 31)),
        ("31-Jan-2024", v.DATE, date(2024, 1, 31)),  # Excel's d-mmm-yyyy, Oracle's DD-MON-YYYY
        ("5-SEPT-2024", v.DATE, date(2024, 9, 5)),
        ("31-Jan-2024 23:59", v.DATETIME, datetime(2024, 1, 31, 23, 59)),
        ("31-Foo-2024", v.STRING, "31-Foo-2024"),
        # Two-digit years, the century as Excel reads them (1930-2029); a string until 2026-11-27.
        ("31-Jan-24", v.DATE, date(2024, 1, 31)),  # Excel's d-mmm-yy
        ("5-Sep-63", v.DATE, date(1963, 9, 5)),
        ("1/31/24", v.DATE, date(2024, 1, 31)),  # US spreadsheets' short date
        ("31/1/24", v.DATE, date(2024, 1, 31)),
        ("12/31/99", v.DATE, date(1999, 12, 31)),
        ("1/2/29", v.DATE, (date(2029, 1, 2), date(2029, 2, 1))),  # ambiguous: both readings
        ("1/2/30", v.DATE, (date(1930, 1, 2), date(1930, 2, 1))),
        ("1/31/24 3:15 PM", v.DATETIME, datetime(2024, 1, 31, 15, 15)),
        ("1.2.34", v.STRING, "1.2.34"),  # a version number: with points, two-digit years only as DD.MM.YY
        # German bank exports' short date (Sparkasse's Buchungstag); a string until 2026-11-27.
        ("03.04.18", v.DATE, date(2018, 4, 3)),
        ("31.12.99", v.DATE, date(1999, 12, 31)),
        ("27.11.26 14:30", v.DATETIME, datetime(2026, 11, 27, 14, 30)),
        ("3.04.18", v.STRING, "3.04.18"),
        ("12.31.99", v.STRING, "12.31.99"),  # day first, always, with points
        ("30.02.24", v.STRING, "30.02.24"),
        ("10-20-30", v.STRING, "10-20-30"),
        ("13/13/24", v.STRING, "13/13/24"),
        ("1/2/345", v.STRING, "1/2/345"),
        ("2024-02-30", v.STRING, "2024-02-30"),
        ("2024-01-31T10:00", v.DATETIME, datetime(2024, 1, 31, 10, 0)),
        ("2024/01/31 10:00:05.25", v.DATETIME, datetime(2024, 1, 31, 10, 0, 5, 250000)),
        ("01/31/2024 3:15 PM", v.DATETIME, datetime(2024, 1, 31, 15, 15)),
        # A zone named after the time (Coincheck's, BittyTax's, Coinbase's exports; text until 2026-11-27).
        ("2022-04-20 16:20:00 UTC", v.DATETIME, datetime(2022, 4, 20, 16, 20, tzinfo=UTC)),
        ("2013-05-24T20:16:46 UTC", v.DATETIME, datetime(2013, 5, 24, 20, 16, 46, tzinfo=UTC)),
        ("31/01/2024 10:00 GMT", v.DATETIME, datetime(2024, 1, 31, 10, 0, tzinfo=UTC)),
        # ... or an abbreviation that names one offset (text until 2026-11-28): Amazon's and PayPal's
        # reports, Java's and Unix date's output on a machine in that zone.
        ("2022-04-20 16:20:00 CEST", v.DATETIME, datetime(2022, 4, 20, 14, 20, tzinfo=UTC)),
        ("Jan 31, 2024 1:45:00 PM PST", v.DATETIME, datetime(2024, 1, 31, 21, 45, tzinfo=UTC)),
        ("07/14/2024 09:00 EDT", v.DATETIME, datetime(2024, 7, 14, 13, 0, tzinfo=UTC)),
        ("2024-01-31 13:45 ACST", v.DATETIME, datetime(2024, 1, 31, 4, 15, tzinfo=UTC)),
        # ... but not one that names several (CST: US Central and China; IST; BST), nor an unknown one.
        ("2022-04-20 16:20:00 CST", v.STRING, "2022-04-20 16:20:00 CST"),
        ("2022-04-20 16:20:00 IST", v.STRING, "2022-04-20 16:20:00 IST"),
        ("2022-04-20 16:20:00 XYZ", v.STRING, "2022-04-20 16:20:00 XYZ"),
        ("2022-04-20 UTC", v.STRING, "2022-04-20 UTC"),
        ("hello world", v.STRING, "hello world"),
    ],
)
def test_forms(text: str, kind: str, parsed: object) -> None:
    found_kind, found, _fmt = v.classify(text)
    assert found_kind == kind
    assert found == parsed


@pytest.mark.parametrize(
    ("text", "kind", "parsed", "fmt"),
    [
        # A time with AM/PM or a zone after a month-name date: text until 2026-11-27.
        ("Jan 31, 2024 10:00 AM", v.DATETIME, datetime(2024, 1, 31, 10, 0), v.MON_D_Y + v.TIME),
        ("Jan 31, 2024, 3:15 PM", v.DATETIME, datetime(2024, 1, 31, 15, 15), v.MON_D_Y + v.TIME),
        (
            "31 Jan 2024 10:00:00 GMT",
            v.DATETIME,
            datetime(2024, 1, 31, 10, 0, tzinfo=UTC),
            v.D_MON_Y + v.TIME,
        ),
        (
            "31 Jan 2024 10:00:00 +0000",
            v.DATETIME,
            datetime(2024, 1, 31, 10, 0, tzinfo=UTC),
            v.D_MON_Y + v.TIME,
        ),
        ("31/01/2024, 10:00", v.DATETIME, datetime(2024, 1, 31, 10, 0), v.DMY + v.TIME),  # a sheet's locale
        # The weekday's name before a date: RFC 2822 / HTTP dates, Excel's long date.
        (
            "Wed, 31 Jan 2024 10:00:00 GMT",
            v.DATETIME,
            datetime(2024, 1, 31, 10, 0, tzinfo=UTC),
            v.DAY + v.D_MON_Y + v.TIME,
        ),
        ("Wednesday, January 31, 2024", v.DATE, date(2024, 1, 31), v.DAY + v.MON_D_Y),
        ("wed 31 jan 2024", v.DATE, date(2024, 1, 31), v.DAY + v.D_MON_Y),
        ("Wed, 2024-01-31", v.DATE, date(2024, 1, 31), v.DAY + v.ISO),
        # ... which settles an ambiguous day/month: 3 January 2024 was a Wednesday, 1 March a Friday.
        ("Wed, 03/01/2024", v.DATE, date(2024, 1, 3), v.DAY + v.DMY),
        ("Fri, 03/01/2024", v.DATE, date(2024, 3, 1), v.DAY + v.MDY),
        # C's asctime (Python's ctime, Unix date, Java's Date.toString), a zone before the year.
        ("Wed Jan 31 10:00:00 2024", v.DATETIME, datetime(2024, 1, 31, 10, 0), v.CTIME),
        ("Wed Jan  3 09:05:00 2024", v.DATETIME, datetime(2024, 1, 3, 9, 5), v.CTIME),
        ("Wed Jan 31 10:00:00 UTC 2024", v.DATETIME, datetime(2024, 1, 31, 10, 0, tzinfo=UTC), v.CTIME),
        ("Wed Jan 31 10:00:00 PST 2024", v.DATETIME, datetime(2024, 1, 31, 18, 0, tzinfo=UTC), v.CTIME),
        ("Wed Jan 31 10:00:00 CET 2024", v.DATETIME, datetime(2024, 1, 31, 9, 0, tzinfo=UTC), v.CTIME),
        # A weekday that is not the date's, two weekdays, or a zone that is no one offset: text.
        ("Thu, 31 Jan 2024 10:00:00 GMT", v.STRING, "Thu, 31 Jan 2024 10:00:00 GMT", ""),
        ("Sun, 03/01/2024", v.STRING, "Sun, 03/01/2024", ""),
        ("Wed Wed 31 Jan 2024", v.STRING, "Wed Wed 31 Jan 2024", ""),
        ("Wed, 31 Jan 2024 10:00:00 CST", v.STRING, "Wed, 31 Jan 2024 10:00:00 CST", ""),
        ("Wed Jan 31 10:00:00 CST 2024", v.STRING, "Wed Jan 31 10:00:00 CST 2024", ""),
        ("Monday", v.STRING, "Monday", ""),
        ("wEd, 31 Jan 2024", v.STRING, "wEd, 31 Jan 2024", ""),  # the fast filter's casings only
        ("Sunset Blvd 12", v.STRING, "Sunset Blvd 12", ""),
    ],
)
def test_weekdays_and_times_after_month_names(text: str, kind: str, parsed: object, fmt: str) -> None:
    assert v.classify(text) == (kind, parsed, fmt)


@pytest.mark.parametrize(
    ("text", "kind", "parsed", "fmt"),
    [
        ("2024-W05-3", v.DATE, date(2024, 1, 31), v.ISO_WEEK),
        ("2024W053", v.DATE, date(2024, 1, 31), v.ISO_WEEK),
        ("2024-W05-3T10:00", v.DATETIME, datetime(2024, 1, 31, 10, 0), v.ISO_DATETIME),
        ("2024W053 10:00", v.DATETIME, datetime(2024, 1, 31, 10, 0), v.ISO_DATETIME),
        # a week without its day is a period, not the Monday at midnight
        ("2024-W05", v.STRING, "2024-W05", ""),
        ("2024W05", v.STRING, "2024W05", ""),
        ("2024-W05T10:00", v.STRING, "2024-W05T10:00", ""),
        ("2024W05x10", v.STRING, "2024W05x10", ""),
        # "W" as fromisoformat's separator between date and time is no week
        ("2024-01-31W10:00", v.DATETIME, datetime(2024, 1, 31, 10, 0), v.ISO_DATETIME),
    ],
)
def test_iso_week_dates_are_days_and_weeks_are_text(text: str, kind: str, parsed: object, fmt: str) -> None:
    assert v.classify(text) == (kind, parsed, fmt)


def test_ambiguous_day_month_keeps_both_readings() -> None:
    kind, parsed, fmt = v.classify("03/04/2024")
    assert (kind, fmt) == (v.DATE, v.AMBIGUOUS)
    assert parsed == (date(2024, 3, 4), date(2024, 4, 3))


def test_ambiguous_day_month_datetimes_keep_both_readings() -> None:
    kind, parsed, fmt = v.classify("03/04/2024 10:00:30")
    assert (kind, fmt) == (v.DATETIME, v.AMBIGUOUS + v.TIME)
    assert parsed == (datetime(2024, 3, 4, 10, 0, 30), datetime(2024, 4, 3, 10, 0, 30))
    assert v.classify("03/03/2024 10:00")[2] == v.SAME_DAY_MONTH + v.TIME
    assert v.classify("03/04/2024 25:00")[0] == v.STRING


def test_two_digit_years_keep_their_formats_and_both_readings() -> None:
    assert v.classify("1/31/24")[2] == v.MDY_YY and v.classify("31/1/24")[2] == v.DMY_YY
    assert v.classify("03/04/24")[2] == v.AMBIGUOUS_YY and v.classify("03/03/24")[2] == v.SAME_DAY_MONTH_YY
    kind, parsed, fmt = v.classify("03/04/24 10:00")
    assert (kind, fmt) == (v.DATETIME, v.AMBIGUOUS_YY + v.TIME)
    assert parsed == (datetime(2024, 3, 4, 10, 0), datetime(2024, 4, 3, 10, 0))


def test_the_fast_string_filter_never_hides_a_typed_value() -> None:
    for text in (
        *("42", "3.5", "true", "Jan 31 2024", "2024-01-31", " 7", "1/31/24", "31-Jan-24", "03.04.18"),
        *("Wed, 31 Jan 2024", "Wednesday, January 31, 2024", "Wed Jan 31 10:00:00 2024"),
    ):
        assert v.MAYBE_TYPED.fullmatch(text)
    assert not v.MAYBE_TYPED.fullmatch("comment 123")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_classify_never_raises_and_agrees_with_the_filter(text: str) -> None:
    kind, _parsed, _fmt = v.classify(text)
    if kind != v.STRING:
        assert v.MAYBE_TYPED.fullmatch(text), text


@pytest.mark.parametrize("chunk_rows", [1, 7, 4096])
def test_ids_up_to_uint64_are_ints_and_longer_ones_strings_in_every_chunk_not_datetimes(
    chunk_rows: int,
) -> None:
    """`datetime.fromisoformat` reads runs of 11, 13, 15 or 17+ digits as datetimes; `classify` calls
    a 19-digit id an int up to 2^64 - 1 (pandas' uint64) and a longer one a string (an identifier:
    pandas keeps it as an object). Until 2026-11-27 the whole-chunk path asked only texts shorter
    than 10 whether they were digits, so polars' `big_nums.csv` and a column of 19-digit ids were
    datetimes of the year 1111 or 2024 (or here 9999); and until 2026-11-27 past int64 they were
    floats."""
    from csvpipe.core import ProfileOptions, profile_stream

    ids = [f"9999123112{7919 * i:09d}" for i in range(20)]  # 19 digits, past 2^63, within 2^64
    assert all(datetime.fromisoformat(value).year == 9999 for value in ids)  # the trap
    data = "n,id\n" + "".join(f"{i},{value}\n" for i, value in enumerate(ids)) + "20,1" + "1" * 99 + "\n"
    summary = profile_stream(io.BytesIO(data.encode()), "ids.csv", ProfileOptions(chunk_rows=chunk_rows))
    assert summary["schema"]["id"] == "int"
    assert summary["columns"]["id"]["max"] == max(map(int, ids))
    mismatch = summary["quality_issues"]["type_mismatches"]["id"]
    assert mismatch["count"] == 1 and mismatch["examples"][0]["value"] == "1" * 100
    assert all(v.classify(value)[0] == v.INT for value in ids)


def test_integers_past_64_bits_are_identifiers() -> None:
    # PadChest's DICOM patient ids (39 digits): a float column with an average of 2.2e38 until
    # 2026-11-27. pandas reads int64, then uint64, then keeps the column as objects.
    assert v.classify("18446744073709551615") == (v.INT, 2**64 - 1, "")
    assert v.classify("-9223372036854775808") == (v.INT, -(2**63), "")
    assert v.classify("18446744073709551616")[0] == v.STRING
    assert v.classify("-9223372036854775809")[0] == v.STRING
    assert v.classify("135803415504923515076821959678074435083")[0] == v.STRING
    assert v.classify("0000000000000000000000000042") == (v.INT, 42, "")  # leading zeros: still 42
    assert v.classify("1" * 5000)[0] == v.STRING  # past int()'s 4 300 digits, without raising


@pytest.mark.parametrize("chunk_rows", [1, 7, 4096])
def test_ids_of_19_digits_within_int64_are_exact_ints(chunk_rows: int) -> None:
    """Venmo's transaction ids (jbms/beancount-import) are 19-digit ints under 2^63, as pandas reads
    them. Until 2026-11-27 everything past 10^18 was a float: min, max and quartiles came out rounded
    (2394198259925614643 as 2.3941982599256146e18)."""
    from csvpipe.core import ProfileOptions, profile_stream

    ids = [2394198259925614643 + 7919 * i for i in range(20)] + [2**63 - 1]
    data = "id\n" + "".join(f"{value}\n" for value in ids)
    summary = profile_stream(io.BytesIO(data.encode()), "ids.csv", ProfileOptions(chunk_rows=chunk_rows))
    assert summary["schema"]["id"] == "int"
    column = summary["columns"]["id"]
    assert (column["min"], column["max"]) == (min(ids), 2**63 - 1)
    assert column["median"] == sorted(ids)[10] and column["sum"] == sum(ids)
    assert v.classify(str(2**63))[0] == v.INT  # uint64, as pandas reads it
