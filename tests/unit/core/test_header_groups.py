"""Two rows of names, the upper one grouping the columns (Excel's merged cells over a header that
repeats its names per group; pandas' MultiIndex columns): each name is joined with its group's label
(`Q1 Sales`), the group row stays in the preamble and `source.header_groups_line` names it. Until
2026-11-28 the upper row was a note (Excel) or the header (pandas: its names row and index-name row
were data, every column text), and the repeated names were renamed `Sales_2`, `Cost_2`."""

from __future__ import annotations

from pathlib import Path

import pytest

from csvpipe.core import parallel
from csvpipe.core.dialect import detect_dialect

from .conftest import check_summary, profile_bytes
from .test_parallel import _both, assert_same

_ROWS = "".join(
    f"{region},{100 + i},{60 + i},{40},{120 + i},{70 + i},{50 - i % 3}\n"
    for i, region in enumerate(["North", "South", "East", "West", "Central", "Islands"])
)
_QUARTERS = ["Q1 Sales", "Q1 Cost", "Q1 Margin", "Q2 Sales", "Q2 Cost", "Q2 Margin"]


@pytest.mark.parametrize(
    ("above", "header", "first"),
    [
        (",Q1,,,Q2,,", "Region,Sales,Cost,Margin,Sales,Cost,Margin", "Region"),  # merged cells
        ("Region,Q1,,,Q2,,", ",Sales,Cost,Margin,Sales,Cost,Margin", "Region"),  # the label over a blank name
        (
            ",Q1,,,Q2",
            "Region,Sales,Cost,Margin,Sales,Cost,Margin",
            "Region",
        ),  # the row ends at its last label
    ],
)
def test_a_row_of_merged_group_labels_above_the_header_joins_the_names(
    above: str, header: str, first: str
) -> None:
    summary = profile_bytes(f"{above}\n{header}\n{_ROWS}".encode())
    assert list(summary["schema"]) == [first, *_QUARTERS]
    assert summary["row_count"] == 6 and summary["schema"]["Q2 Margin"] == "int"
    source = summary["source"]
    assert (source["header_groups_line"], source["header_line"], source["preamble_lines"]) == (1, 2, 1)
    assert source["preamble"] == [{"line": 1, "text": above}]
    assert not summary["quality_issues"]["header"]


def test_a_label_over_each_column_joins_its_own_name() -> None:
    # Davis WeatherLink's export: the upper row labels each column, blanks where none; filled forward,
    # `THSW` would also have named `Bar`.
    above = "\t\tTemp\tHi\tLow\tOut\tTHSW\t"
    header = "Date\tTime\tOut\tTemp\tTemp\tHum\tIndex\tBar"
    rows = "".join(
        f"3/{d}/25\t{d}:00a\t{10 + d}.1\t{12 + d}.0\t{8 + d}.5\t{60 + d}\t{9 + d}.2\t1013.{d}\n"
        for d in range(1, 9)
    )
    summary = profile_bytes(f"{above}\n{header}\n{rows}".encode())
    assert list(summary["schema"]) == [
        "Date",
        "Time",
        "Temp Out",
        "Hi Temp",
        "Low Temp",
        "Out Hum",
        "THSW Index",
        "Bar",
    ]
    assert summary["source"]["header_groups_line"] == 1


_PANDAS_BODY = "Arsenal,22,3,26,6\nChelsea,21,11,11,11\nLiverpool,28,8,19,10\nSpurs,22,5,18,6\n"


@pytest.mark.parametrize(
    ("head", "first", "header_rows"),
    [
        (",2021-22,2021-22,2022-23,2022-23\n,W,D,W,D\n", "column_1", []),  # df.to_csv()
        (",2021-22,2021-22,2022-23,2022-23\n,W,D,W,D\nTeam,,,,\n", "Team", ["Team"]),  # a named index
        (
            "season,2021-22,2021-22,2022-23,2022-23\nstat,W,D,W,D\nTeam,,,,\n",
            "season stat",
            ["Team"],
        ),  # named levels
    ],
)
def test_pandas_multiindex_columns_read_as_one_row_of_joined_names(
    head: str, first: str, header_rows: list[str]
) -> None:
    summary = profile_bytes((head + _PANDAS_BODY).encode())
    assert list(summary["schema"]) == [first, "2021-22 W", "2021-22 D", "2022-23 W", "2022-23 D"]
    assert summary["row_count"] == 4
    assert set(list(summary["schema"].values())[1:]) == {"int"}
    assert summary["columns"]["2022-23 W"]["max"] == 26
    source = summary["source"]
    assert (source["header_groups_line"], source["header_line"]) == (1, 2)
    assert [row["text"] for row in source["header_rows"]] == header_rows


def test_pandas_multiindex_columns_without_the_index() -> None:
    body = "".join(f"{w},{d},{w + 1},{d + 2}\n" for w, d in [(22, 3), (21, 11), (28, 8), (22, 5)])
    summary = profile_bytes(("2021-22,2021-22,2022-23,2022-23\nW,D,W,D\n" + body).encode())
    assert list(summary["schema"]) == ["2021-22 W", "2021-22 D", "2022-23 W", "2022-23 D"]
    assert summary["row_count"] == 4 and summary["columns"]["2022-23 D"]["min"] == 5


@pytest.mark.parametrize(
    "above",
    [
        "Quarterly sales by region,,,,,,",  # a title: every name gets the same label, nothing told apart
        "Exported 2024-03-01,,,,,,",
        ",2024,,,2025,,",  # numbers are no labels (a year row is data-like)
        ",NA,,,N/A,,",
        ",Quarter one of the financial year 2024 (restated),,,Q2,,",  # too long for a label
    ],
)
def test_what_is_no_row_of_groups_stays_a_note(above: str) -> None:
    summary = profile_bytes(f"{above}\nRegion,Sales,Cost,Margin,Sales,Cost,Margin\n{_ROWS}".encode())
    assert summary["source"]["header_groups_line"] is None
    assert list(summary["schema"])[1:] == ["Sales", "Cost", "Margin", "Sales_2", "Cost_2", "Margin_2"]


def test_groups_over_names_that_need_none_are_left_a_note() -> None:
    # Nothing repeats in the header: the groups tell nothing apart, and stay in the preamble.
    summary = profile_bytes(
        b",Demographics,,Scores,\nid,age,sex,math,reading\n1,34,f,88,91\n2,41,m,75,80\n3,29,f,93,85\n"
    )
    assert summary["source"]["header_groups_line"] is None
    assert list(summary["schema"]) == ["id", "age", "sex", "math", "reading"]


def test_units_under_a_header_are_no_names_grouped_by_it() -> None:
    # Repeated units under the header are rows under it (source.header_rows), not names of groups.
    rows = "".join(f"2024-01-{d:02d},{20 + d}.5,{5 + d}.5,{40 + d}\n" for d in range(1, 10))
    summary = profile_bytes(f"Date,Temp_in,Temp_out,Hum\n,C,C,%\n{rows}".encode())
    assert list(summary["schema"]) == ["Date", "Temp_in", "Temp_out", "Hum"]
    assert summary["source"]["header_groups_line"] is None
    assert [row["text"] for row in summary["source"]["header_rows"]] == [",C,C,%"]


def test_the_groups_travel_with_the_dialect() -> None:
    dialect = detect_dialect(",Q1,,,Q2,,\nRegion,Sales,Cost,Margin,Sales,Cost,Margin\n" + _ROWS)
    assert dialect.header_groups == ("", "Q1", "Q1", "Q1", "Q2", "Q2", "Q2")
    assert len(dialect.preamble) == 1


@pytest.mark.parametrize(
    "head",
    [
        ",Q1,,,Q2,,\nRegion,Sales,Cost,Margin,Sales,Cost,Margin\n",
        ",Q1,Q1,Q1,Q2,Q2,Q2\n,Sales,Cost,Margin,Sales,Cost,Margin\nRegion,,,,,,\n",
    ],
)
def test_profile_file_names_the_columns_as_profile_stream_does(
    head: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "grouped.csv"
    # A file with lines before its header is read in one process (parallel.plan: the header is not
    # its first line), so this is the CLI's path, not a split; the groups also travel to workers
    # (test_parallel's test of every Dialect slot).
    path.write_text(head + _ROWS * 200 + head + _ROWS * 200, encoding="utf-8")  # two exports, concatenated
    monkeypatch.setattr(parallel, "MIN_PART_BYTES", 64)
    alone, together = _both(path)
    check_summary(alone)
    assert list(alone["schema"]) == ["Region", *_QUARTERS] and alone["row_count"] == 2400
    assert alone["quality_issues"]["repeated_header_rows"]["count"] == head.count("\n")
    assert_same(together, alone)


@pytest.mark.parametrize(
    "head",
    [
        ",Q1,,,Q2,,\nRegion,Sales,Cost,Margin,Sales,Cost,Margin\n",
        ",Q1,Q1,Q1,Q2,Q2,Q2\n,Sales,Cost,Margin,Sales,Cost,Margin\nRegion,,,,,,\n",
    ],
)
def test_the_group_row_repeating_with_the_header_is_skipped_with_it(head: str) -> None:
    # Exports concatenated (`cat jan.csv feb.csv`): the second file's group row, header (and pandas'
    # index-name line) are counted as a repeated header, not read as rows.
    summary = profile_bytes((head + _ROWS + head + _ROWS).encode())
    assert summary["row_count"] == 12 and list(summary["schema"]) == ["Region", *_QUARTERS]
    repeated = summary["quality_issues"]["repeated_header_rows"]
    assert repeated["count"] == head.count("\n")
    assert not summary["quality_issues"]["type_mismatches"]
