"""Files of several tables, each after blank lines — a report's sections (Google Analytics, Matomo,
Microsoft Teams): the first table is profiled and ends at the blank line before the next; every later
table's header (or title) is listed in `source.later_tables`, none is read as rows of the first.
Until 2026-11-28 the later tables were ragged rows of the first, and its columns turned to text."""

from __future__ import annotations

from pathlib import Path

import pytest

from csvpipe.core import ProfileOptions, parallel
from csvpipe.core.dialect import detect_dialect

from .conftest import profile_bytes
from .test_parallel import _both, assert_same

GA_COMMENTS = (
    "# "
    + "-" * 40
    + "\n# All Web Site Data\n# Audience Overview\n# 20240101-20240107\n# "
    + "-" * 40
    + "\n\n"
)
GA_DAYS = "Day Index,Users\n" + "".join(
    f"1/{day}/24,{users}\n" for day, users in enumerate([123, 145, 160, 171, 98, 77, 130], 1)
)
GA_LATER = (
    ",904\n\n# " + "-" * 40 + "\n\nUsers,New Users,Sessions\n904,811,1203\n\n# " + "-" * 40 + "\n\n"
    "Language,Users\nen-us,600\nde,200\nfr,104\n,904\n"
)


def test_a_google_analytics_export_profiles_its_first_table() -> None:
    summary = profile_bytes((GA_COMMENTS + GA_DAYS + GA_LATER).encode())
    assert summary["schema"] == {"Day Index": "date", "Users": "int"}
    assert summary["row_count"] == 7 and summary["columns"]["Users"]["max"] == 171
    source = summary["source"]
    assert source["later_tables"] == [
        {"line": 19, "text": "Users,New Users,Sessions"},
        {"line": 24, "text": "Language,Users"},
    ]
    # GA's total under the days, its label blank, sums them: a totals footer.
    assert source["footer"] == [{"line": 15, "text": ",904"}] and source["last_line"] == 15
    quality = summary["quality_issues"]
    assert not quality["ragged_rows"]["too_many_fields"]["count"] and not quality["blank_lines"]


def test_tables_of_one_width_are_told_apart_by_their_kinds() -> None:
    # Matomo's export: each table after a blank line; the second as wide as the first, but its
    # header is text where the first table's rows are numbers.
    text = (
        "label,nb_visits\n2024-01-01,10\n2024-01-02,12\n2024-01-03,9\n\n"
        "country,nb_visits\nFrance,14\nGermany,11\nSpain,6\n"
    )
    summary = profile_bytes(text.encode())
    assert summary["row_count"] == 3 and summary["schema"] == {"label": "date", "nb_visits": "int"}
    assert summary["source"]["later_tables"] == [{"line": 6, "text": "country,nb_visits"}]


@pytest.mark.parametrize(
    "after",
    [
        "\n2024-01-04,11\n2024-01-05,8\n",  # the same table after a blank line
        "\nlabel,nb_visits\n2024-01-04,11\n",  # its header again: files concatenated
        "\nSource: Matomo\nExported by admin\n",  # notes: a footer, not a table
        "\nTotal,31\n",
        "\n\n",
    ],
    ids=["rows-go-on", "repeated-header", "notes", "total", "blank-lines"],
)
def test_what_follows_a_blank_line_is_no_later_table_unless_it_is_one(after: str) -> None:
    text = "label,nb_visits\n2024-01-01,10\n2024-01-02,12\n2024-01-03,9\n" + after
    summary = profile_bytes(text.encode())
    assert summary["source"]["later_tables"] == []
    assert detect_dialect(text).table_end == 0


def test_a_later_table_of_text_under_a_text_table_of_another_width() -> None:
    text = "name,city\nAnn,Oslo\nBob,Rome\n\nteam,lead,size\nBlue,Ann,4\nRed,Bob,3\n"
    summary = profile_bytes(text.encode())
    assert summary["row_count"] == 2 and list(summary["schema"]) == ["name", "city"]
    assert summary["source"]["later_tables"] == [{"line": 5, "text": "team,lead,size"}]


def test_a_big_file_of_several_tables_is_read_in_one_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Only the first table is read, up to its end: the file is not split (its end is in the sample).
    path = tmp_path / "report.csv"
    rows = [f"2024-01-{day % 28 + 1:02d},{day}\n" for day in range(2000)]
    first, later = "".join(rows[:40]), "".join(rows[40:])
    path.write_text(
        "label,nb_visits\n" + first + "\ncountry,nb\nFrance,1\nSpain,2\n\nday,n\n" + later, encoding="utf-8"
    )
    monkeypatch.setattr(parallel, "MIN_PART_BYTES", 64)
    with path.open("rb") as stream:
        assert parallel._plan(stream, path.stat().st_size, 3, ProfileOptions()) is None
    alone, together = _both(path, 3, ProfileOptions())
    assert alone["source"]["later_tables"] == [
        {"line": 43, "text": "country,nb"},
        {"line": 47, "text": "day,n"},
    ]
    assert alone["row_count"] == 40 and alone["source"]["last_line"] == 41
    assert_same(together, alone)


def test_a_later_table_under_pandas_multiindex_columns() -> None:
    # The group row is preamble: the later table's line is counted from the file's first line.
    text = (
        ",2021-22,2021-22,2022-23,2022-23\n,W,D,W,D\nArsenal,22,3,26,6\nChelsea,21,11,11,11\n"
        "\nnote,count\nsome,1\nother,2\n"
    )
    summary = profile_bytes(text.encode())
    assert summary["row_count"] == 2 and summary["source"]["header_groups_line"] == 1
    assert summary["source"]["later_tables"] == [{"line": 6, "text": "note,count"}]


def test_a_narrow_first_table_above_a_wide_one_is_a_table_not_notes() -> None:
    """Vanguard's download: holdings (6 columns), blank lines, then transactions (14 columns). The
    holdings are no more than half as wide, which made them notes above the transactions until
    2026-11-28 — skipped, their 8 rows never profiled. Three records in a row with the same three
    fields or more filled are a table of their own."""
    holdings = "Account Number,Investment Name,Symbol,Shares,Share Price,Total Value\n"
    holdings += "".join(
        f"1234567{i % 2},Vanguard Fund {i},VT{i:02d}X,{i * 10.5:.1f},{i + 100:.2f},{i * (i + 100):.2f}\n"
        for i in range(8)
    )
    trades = (
        "Account Number,Trade Date,Settlement Date,Transaction Type,Transaction Description,"
        "Investment Name,Symbol,Shares,Share Price,Principal Amount,Commission Fees,Net Amount,"
        "Accrued Interest,Account Type\n"
    ) + "".join(
        f"12345678,2026-06-{i + 1:02d},2026-06-{i + 2:02d},Buy,Buy,Vanguard Fund {i},VT{i:02d}X,{i}.0,"
        f"120.00,-{i * 120}.00,0.00,-{i * 120}.00,0.00,CASH\n"
        for i in range(20)
    )
    summary = profile_bytes((holdings + "\n\n\n" + trades).encode())
    assert summary["source"]["preamble_lines"] == 0
    assert summary["row_count"] == 8
    assert list(summary["schema"]) == [
        "Account Number",
        "Investment Name",
        "Symbol",
        "Shares",
        "Share Price",
        "Total Value",
    ]
    assert [table["line"] for table in summary["source"]["later_tables"]] == [13]
