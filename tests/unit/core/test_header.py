"""Header names: blank ones get `column_<n>`, repeats `name_2`, `name_3`, … skipping taken names;
and whether the first line is a header at all."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from csvpipe.core import ProfileError
from csvpipe.core.table import clean_header

from .conftest import profile_bytes


def _one_by_one(names: list[str]) -> list[str]:
    """The rule written as plainly as possible: every repeat searches from suffix 2."""
    taken = {name for name in names if name.strip()}
    result: list[str] = []
    for position, name in enumerate(names, start=1):
        if not name.strip():
            new, suffix = f"column_{position}", 2
            while new in taken or new in result:
                new, suffix = f"column_{position}_{suffix}", suffix + 1
        elif name in result:
            suffix = 2
            while f"{name}_{suffix}" in taken or f"{name}_{suffix}" in result:
                suffix += 1
            new = f"{name}_{suffix}"
        else:
            new = name
        result.append(new)
    return result


@given(st.lists(st.sampled_from(["a", "a_2", "a_3", "b", "", " ", "column_2", "a_2_2", "c"]), max_size=30))
def test_renaming_follows_the_rule(names: list[str]) -> None:
    cleaned, problems = clean_header(names)
    assert cleaned == _one_by_one(names)
    assert len(set(cleaned)) == len(cleaned)
    assert {p.position for p in problems if p.problem in ("blank", "duplicate")} == {
        position
        for position, (old, new) in enumerate(zip(names, cleaned, strict=True), start=1)
        if old != new
    }


def test_ten_thousand_repeats_of_one_name() -> None:
    """Each repeat continues from the last suffix used (it searched from 2 again: quadratic)."""
    cleaned, problems = clean_header(["a"] * 10_000)
    assert cleaned[:3] == ["a", "a_2", "a_3"] and cleaned[-1] == "a_10000"
    assert len(problems) == 9_999


# ---- a first line of values is data (Dialect.header) ----------------------------------------------


@pytest.mark.parametrize("chunk_rows", [1, 64, 4096])
def test_a_file_without_a_header_keeps_its_first_row(chunk_rows: int) -> None:
    # numpy.savetxt writes no header: the first row was taken for names ("0.5", "1", "2024-01-02")
    # and lost from every statistic.
    rows = [f"{0.25 * (i % 4)},{i},2024-01-{i % 28 + 1:02d},{i % 2 == 0}" for i in range(40)]
    rows[30] = "0.5,x,2024-01-02,true"
    summary = profile_bytes(("\n".join(rows) + "\n").encode(), chunk_rows=chunk_rows)
    assert summary["row_count"] == 40
    assert summary["schema"] == {
        "column_1": "float",
        "column_2": "int",
        "column_3": "date",
        "column_4": "bool",
    }
    assert summary["statistics"]["column_1"] == {"min": 0.0, "max": 0.75, "avg": 0.375}
    assert summary["columns"]["column_2"]["min"] == 0  # the first row's value
    source = summary["source"]
    assert source["dialect"]["header"] is False and source["header_line"] is None
    assert source["last_line"] == 40 and summary["quality_issues"]["header"] == []
    # Lines stay the file's: the mismatch is on line 31.
    assert summary["quality_issues"]["type_mismatches"]["column_2"]["examples"] == [
        {"value": "x", "line": 31}
    ]


@pytest.mark.parametrize(
    "first_line",
    [
        "id,2019,2020",  # a name among years
        "0,1,2",  # the names pandas gives unnamed columns (DataFrame(array).to_csv(index=False))
        "1,2,3",  # numbered columns
        ",1,2",  # a blank name (pandas' index column)
        "x,1.5,2.5",
        "NA,1,2",  # a missing marker is no value
    ],
)
def test_a_first_line_with_a_name_is_a_header(first_line: str) -> None:
    summary = profile_bytes(f"{first_line}\n5,6.5,7\n8,9.5,10\n".encode())
    assert summary["row_count"] == 2 and summary["source"]["dialect"]["header"] is True
    assert summary["source"]["header_line"] == 1


@pytest.mark.parametrize(
    ("data", "header"),
    [
        # Text among the values that recurs in its column: a value, not a name (UCI's iris, adult).
        (b"5.1,3.5,Iris-setosa\n4.9,3.0,Iris-setosa\n7.0,3.2,Iris-versicolor\n", False),
        (b"39, State-gov, 77516\n50, Self-emp, 83311\n38, State-gov, 215646\n", False),
        (b"1.0,NaN,0.5\n2.0,NaN,0.7\n3.0,1.5,0.9\n", False),  # a missing marker recurs too
        # Names that do not recur: a header, though other names are numbers (World Bank's years).
        (b"Country Name,Code,1960,1961\nAruba,ABW,1.5,2.5\nAruba,ABW,1.5,2.5\n", True),
        # Copies of the whole first record are a concatenated file's headers: they do not count.
        (b"id,2020\n1,5\nid,2020\n2,6\n", True),
        (b"a,b\nx,y\na,b\n", True),  # text only: a header
        # ... unless most rows repeat it: a table of one repeated row, not a header and its copies
        # (DuckDB's `valid,valid,valid` ×20: one row and 19 "repeated headers" until 2026-11-27).
        (b"valid,valid,valid\n" * 20, False),
        # ... a blank field in it too (rust-csv's bench `game.csv`: until 2026-11-27 a blank name kept it
        # a header with 99 999 repetitions, and the file was refused as holding no rows).
        (b'hello,",", ,world,1,"!"\n' * 20, False),
        (b",a,b\n" + b",a,b\n" * 19, False),
        (b",,\n" * 20, True),  # nothing in it at all: not a row of values
        (b"'00:01:01','worlds'\n" + b"00:01:01,worlds\n" * 30 + b"bla,worlds\n", False),
        (b"a,b\n" + b"a,b\n1,2\n" * 10, True),  # a header every second record: appended exports
        (b"a,b\na,b\na,b\na,b\n1,2\n", True),  # three in four: still a header
    ],
)
def test_text_in_a_first_line_of_values_is_data_only_if_it_recurs(data: bytes, header: bool) -> None:
    assert profile_bytes(data)["source"]["dialect"]["header"] is header


@pytest.mark.parametrize(
    ("data", "header"),
    [
        # A date, datetime or bool in a column of its kind is no name, whatever the text beside it:
        # a bank export, TPC-H's lineitem, frictionless' generated tables (until 2026-11-27: headers).
        (b"2024-01-31,Coffee shop,-3.50\n2024-02-01,Rent,-900.00\n2024-02-02,Salary,2500.00\n", False),
        (b"1|15519|N|1996-03-13|DELIVER IN PERSON\n1|6731|N|1996-04-12|TAKE BACK RETURN\n", False),
        (b"9lcgo4,60837,true,1957-08-05T11:17:58Z\nhp3xij,57570,true,1947-02-01T07:17:06Z\n", False),
        # ... but not in a column of another kind, and numbers alone tell nothing: headers hold them.
        (b"Country,1/22/20,1/23/20\nItaly,3,5\nSpain,0,2\n", True),  # dates above counts: names
        (b"sample,350.5,351.0\nA,0.12,0.13\nB,0.22,0.23\n", True),  # wavelengths above absorbances
        (b"day,2024-01-31,x\nmon,5,y\ntue,6,z\n", True),  # a date above ints
        (b"when,true,2024-01-31\nmon,false,2024-02-01\n", False),  # "when" does not recur: no matter
    ],
)
def test_a_first_line_with_dates_or_bools_like_its_columns_is_data(data: bytes, header: bool) -> None:
    assert profile_bytes(data)["source"]["dialect"]["header"] is header


@pytest.mark.parametrize(
    ("data", "header"),
    [
        # A blank field over a column blank in every record below tells nothing: the others decide.
        # Asterisk's call records (`Master.csv`, no header) leave two fields blank in every call.
        (
            '"a" <c1>,c1,6789,default,,2023-07-26 01:51:32,31,ANSWERED,,2\n'
            '"b" <c2>,c2,1234,default,,2023-07-26 01:52:11,30,NO ANSWER,,4\n'
            '"a" <c1>,c1,6789,default,,2023-07-26 01:54:19,17,ANSWERED,,6\n',
            False,
        ),
        ("5,6,\n7,8,\n9,10,\n", False),  # numbers and a trailing delimiter: data
        # A blank name over values is a name (pandas' index column, a pivot table's corner) ...
        (",2024-01-31,2024-02-01\nnorth,5,6\nsouth,7,8\n", True),
        (",x,2024-01-31\n1,x,2024-02-01\n2,x,2024-02-02\n", True),
        # ... and over a blank column, text that does not recur is a header (a Bio-Rad qPCR export).
        (",Well,Cq\n,A01,33.1\n,A02,32.3\n", True),
        ("0,1,\n5,6,\n7,8,\n", True),  # the names pandas gives unnamed columns, and a blank one
        ("x,2024-01-31,\ny,2024-02-01,\n", True),  # one record below tells too little
    ],
)
def test_a_blank_field_over_a_blank_column_leaves_the_decision_to_the_others(data: str, header: bool) -> None:
    summary = profile_bytes(data.encode())
    assert summary["source"]["dialect"]["header"] is header
    assert summary["row_count"] == data.count("\n") - header


@pytest.mark.parametrize(
    ("data", "header"),
    [
        # A first field that starts a running number the next two rows continue is an id, not a
        # name: frictionless' `without-headers.csv` (read with a header until 2026-11-27).
        ("1,english\n2,中国人\n3,español\n", False),
        ("1001;Anna;Berlin\n1002;Ben;Bonn\n1003;Cem;Köln\n1004;Dana;Ulm\n", False),
        (' 7 ,"x"\n8,y\n9,z\n', False),
        # A jump, a repeat or too few rows tell nothing; a name in the first field is a header.
        ("1,english\n2,chinese\n4,spanish\n", True),
        ("1,english\n1,chinese\n1,spanish\n", True),
        ("1,english\n2,chinese\n", True),
        ("id,name\n1,a\n2,b\n3,c\n", True),
        ("1,2024-01-31,note\n2,5,a\n3,6,b\n", True),  # a date above ints: a name, whatever the count
        ("2019,Revenue,Cost\n2020,5,3\n2021,6,4\n", True),  # text above numbers: names
    ],
)
def test_a_first_line_whose_first_field_starts_a_running_number_is_data(data: str, header: bool) -> None:
    summary = profile_bytes(data.encode())
    assert summary["source"]["dialect"]["header"] is header
    assert summary["row_count"] == data.count("\n") - header


def test_without_a_header_one_line_is_one_row_and_lines_before_are_counted() -> None:
    assert profile_bytes(b"1,5,3\n")["row_count"] == 1  # was HEADER_ONLY
    summary = profile_bytes(b"# exported 2024-01-01\n\n1;2,5;0\n3;4,5;1\n5;6,5;2\n7;8,5;3\n")
    assert summary["row_count"] == 4
    assert summary["schema"] == {"column_1": "int", "column_2": "float", "column_3": "int"}
    assert summary["source"]["dialect"]["decimal_separator"] == ","
    assert summary["source"]["last_line"] == 6 and len(summary["source"]["preamble"]) == 1
    assert summary["statistics"]["column_2"]["avg"] == 5.5


def test_a_first_line_of_numbers_padded_with_unusual_whitespace_is_read() -> None:
    # Found by the random-bytes property in CI: "\x1c0" is an int to the engine (str.strip takes
    # \x1c) but not to int(), and the 0…n-1 check crashed with ValueError.
    with pytest.raises(ProfileError) as caught:  # 0: the name pandas gives an unnamed column
        profile_bytes(b"\x1c0\n")
    assert caught.value.code == "HEADER_ONLY"
    assert profile_bytes(b"\x1c5\n")["row_count"] == 1
    assert profile_bytes(b"\x1c7,\x1c8\n1,2\n")["row_count"] == 2


def test_one_column_of_ids_from_1_has_no_header_but_one_named_0_has() -> None:
    assert profile_bytes(b"1\n2\n3\n")["row_count"] == 3
    assert profile_bytes(b"0\n5\n6\n")["row_count"] == 2  # pandas' name for an unnamed column


def test_the_header_can_be_forced_either_way() -> None:
    assert profile_bytes(b"1,2\n3,4\n", header=True)["row_count"] == 1
    named = profile_bytes(b"a,b\n3,4\n", header=False)
    assert named["row_count"] == 2 and named["schema"] == {"column_1": "string", "column_2": "string"}
