"""Cell classification: the supported forms, and no exception on any text."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from csvpipe.core import values as v


@pytest.mark.parametrize(
    ("text", "kind", "parsed"),
    [
        ("42", v.INT, 42),
        (" -7 ", v.INT, -7),
        ("1234567890123456789012", v.FLOAT, 1.2345678901234568e21),
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
        ("31-Jan-24", v.STRING, "31-Jan-24"),  # two-digit years: which century is a guess
        ("2024-02-30", v.STRING, "2024-02-30"),
        ("2024-01-31T10:00", v.DATETIME, datetime(2024, 1, 31, 10, 0)),
        ("2024/01/31 10:00:05.25", v.DATETIME, datetime(2024, 1, 31, 10, 0, 5, 250000)),
        ("01/31/2024 3:15 PM", v.DATETIME, datetime(2024, 1, 31, 15, 15)),
        ("hello world", v.STRING, "hello world"),
    ],
)
def test_forms(text: str, kind: str, parsed: object) -> None:
    found_kind, found, _fmt = v.classify(text)
    assert found_kind == kind
    assert found == parsed


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


def test_the_fast_string_filter_never_hides_a_typed_value() -> None:
    for text in ("42", "3.5", "true", "Jan 31 2024", "2024-01-31", " 7"):
        assert v.MAYBE_TYPED.fullmatch(text)
    assert not v.MAYBE_TYPED.fullmatch("comment 123")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_classify_never_raises_and_agrees_with_the_filter(text: str) -> None:
    kind, _parsed, _fmt = v.classify(text)
    if kind != v.STRING:
        assert v.MAYBE_TYPED.fullmatch(text), text
