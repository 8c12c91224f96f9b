"""Rows under the header that belong to it — units, a data logger's processing, variable labels — are
listed in source.header_rows and in each column's header_rows, and left out of every statistic: in
one pass, in chunks, and in a file split across processes."""

from __future__ import annotations

from pathlib import Path

import pytest

from csvpipe.core import ProfileError, ProfileOptions, parallel
from csvpipe.core.dialect import detect_dialect

from .conftest import profile_bytes
from .test_parallel import _both, assert_same

TOA5_HEAD = (
    '"TOA5","Mast_3","CR1000","4821","CR1000.Std.32","CPU:MAST.CR1","20817","Table10min"\r\n'
    '"TIMESTAMP","RECORD","BattV_Min","AirTC_Avg","RH"\r\n'
    '"TS","RN","Volts","Deg C","%"\r\n'
    '"","","Min","Avg","Smp"\r\n'
)


def _toa5_rows(count: int, first_record: int = 0) -> str:
    return "".join(
        f'"2025-03-{1 + n // 144:02d} {n % 144 // 6:02d}:{n % 6 * 10:02d}:00",{first_record + n},'
        f"{12.7 - n % 5 * 0.01:.2f},{10 + n % 40 * 0.25},{50 + n % 30}\r\n"
        for n in range(count)
    )


def test_a_campbell_logger_file_has_its_banner_skipped_and_its_units_listed() -> None:
    # Campbell Scientific's TOA5 (CR1000, CR6, CR300 loggers): until 2026-11-28 the banner line was the
    # header (columns `TOA5`, `Mast_3`, …), the names, units and processing rows were rows, and every
    # column was text.
    summary = profile_bytes((TOA5_HEAD + _toa5_rows(30)).encode())
    source = summary["source"]
    assert source["preamble_lines"] == 1 and source["header_line"] == 2
    assert source["header_rows"] == [
        {"line": 3, "text": "TS,RN,Volts,Deg C,%"},
        {"line": 4, "text": ",,Min,Avg,Smp"},
    ]
    assert summary["row_count"] == 30 and source["last_line"] == 34
    assert summary["schema"] == {
        "TIMESTAMP": "datetime",
        "RECORD": "int",
        "BattV_Min": "float",
        "AirTC_Avg": "float",
        "RH": "int",
    }
    assert not summary["quality_issues"]["type_mismatches"]
    assert summary["columns"]["AirTC_Avg"]["header_rows"] == ["Deg C", "Avg"]
    assert summary["columns"]["TIMESTAMP"]["header_rows"] == ["TS", ""]
    assert summary["columns"]["RECORD"]["min"] == 0


def test_line_numbers_count_the_header_rows() -> None:
    body = _toa5_rows(30).splitlines(keepends=True)
    body[9] = body[9].rsplit(",", 1)[0] + ",oops\r\n"
    summary = profile_bytes((TOA5_HEAD + "".join(body)).encode())
    (example,) = summary["quality_issues"]["type_mismatches"]["RH"]["examples"]
    assert example == {"value": "oops", "line": 14}  # 4 lines above the data, the 10th record


def test_concatenated_logger_files_repeat_banner_names_and_units_as_one_header() -> None:
    # `cat day1.dat day2.dat`: each day's four header lines again, skipped and counted as repeated
    # header rows (until 2026-11-28 the banner, units and processing lines were rows).
    data = TOA5_HEAD + _toa5_rows(30) + TOA5_HEAD + _toa5_rows(30, first_record=30)
    summary = profile_bytes(data.encode())
    assert summary["row_count"] == 60
    assert summary["quality_issues"]["repeated_header_rows"] == {"count": 4, "first_lines": [35, 36, 37, 38]}
    assert not summary["quality_issues"]["type_mismatches"]
    assert summary["quality_issues"]["ragged_rows"]["too_many_fields"]["count"] == 0
    assert summary["columns"]["RECORD"]["max"] == 59 and summary["columns"]["TIMESTAMP"]["type"] == "datetime"


def test_repeated_units_rows_are_skipped_in_every_part(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(parallel, "MIN_PART_BYTES", 64)
    head = "id,depth,count\n,m,n\n"
    rows = "".join(f"{n},{n * 0.25},{n % 17}\n" for n in range(1000))
    path = tmp_path / "twice.csv"
    path.write_text(head + rows + head + rows + head + rows, encoding="utf-8")
    alone, together = _both(path, jobs=3)
    assert_same(together, alone)
    assert together["row_count"] == 3000
    assert together["quality_issues"]["repeated_header_rows"]["first_lines"] == [1003, 1004, 2005, 2006]
    assert not together["quality_issues"]["type_mismatches"]


def test_a_campbell_logger_s_nan_is_a_missing_reading() -> None:
    # A sensor that could not be read is logged as "NAN": a gap, not text — until 2026-11-28 a type
    # mismatch, and with more than 5 % of them the column was typed text. Elsewhere NAN stays a text
    # (pandas' defaults do not name it).
    body = _toa5_rows(30).splitlines(keepends=True)
    for index in (3, 4, 5):
        fields = body[index].split(",")
        fields[3] = '"NAN"'
        body[index] = ",".join(fields)
    summary = profile_bytes((TOA5_HEAD + "".join(body)).encode())
    assert summary["schema"]["AirTC_Avg"] == "float" and summary["columns"]["AirTC_Avg"]["missing"] == 3
    assert not summary["quality_issues"]["type_mismatches"]
    plain = profile_bytes(
        ("x,y\n" + "".join(f"{n},{'NAN' if n == 0 else n / 2}\n" for n in range(30))).encode()
    )
    assert (
        plain["columns"]["y"]["missing"] == 0
        and plain["quality_issues"]["type_mismatches"]["y"]["count"] == 1
    )


def test_blank_lines_among_a_logger_file_s_header_rows_are_skipped() -> None:
    # Found by coverage-guided fuzzing (bench/fuzz_engine.py) within a minute of adding the TOA5
    # banner to its tokens: an empty line where a header row was due raised IndexError.
    head = TOA5_HEAD.replace('"TS"', '\r\n"TS"', 1)
    summary = profile_bytes((head + _toa5_rows(10)).encode())
    assert [row["line"] for row in summary["source"]["header_rows"]] == [4, 5]
    assert summary["row_count"] == 10 and summary["quality_issues"]["blank_lines"] == 1
    assert summary["columns"]["AirTC_Avg"]["header_rows"] == ["Deg C", "Avg"]


def test_a_campbell_file_with_no_data_is_header_only() -> None:
    with pytest.raises(ProfileError) as caught:
        profile_bytes(TOA5_HEAD.encode())
    assert caught.value.code == "HEADER_ONLY"
    assert "2 row(s) under it" in caught.value.message


def test_a_units_row_under_the_names_is_a_header_row() -> None:
    # A module library's layout (SAM's CEC modules): names, then units, then the rows.
    body = "".join(f"Module {n},{1.5 + n / 100},{300 + n},{0.18 + n / 1000}\n" for n in range(20))
    summary = profile_bytes(("Name,A_c,STC,Efficiency\nUnits,m2,W,fraction\n" + body).encode())
    assert summary["source"]["header_rows"] == [{"line": 2, "text": "Units,m2,W,fraction"}]
    assert summary["row_count"] == 20
    assert summary["schema"] == {"Name": "string", "A_c": "float", "STC": "int", "Efficiency": "float"}
    assert summary["columns"]["STC"]["header_rows"] == ["W"]
    assert summary["columns"]["Name"]["top_values"][0]["value"] != "Units"


@pytest.mark.parametrize(
    ("head", "units", "line"),
    [
        ("x-axis,1,2\nsecond,Volt,Volt\n", "second,Volt,Volt", 2),  # Keysight InfiniiVision
        ("Time,Channel A,Channel B\n(ms),(V),(mV)\n\n", "(ms),(V),(mV)", 2),  # PicoScope, a blank line
    ],
    ids=["keysight", "picoscope"],
)
def test_oscilloscope_exports_have_their_units_row_listed(head: str, units: str, line: int) -> None:
    body = "".join(f"{(n - 30) * 1e-5:.6e},{n % 9 * 0.01:.5e},{n % 4 * 0.1:.5e}\n" for n in range(60))
    summary = profile_bytes((head + body).encode())
    assert summary["source"]["header_rows"] == [{"line": line, "text": units}]
    assert summary["row_count"] == 60 and set(summary["schema"].values()) == {"float"}
    assert not summary["quality_issues"]["type_mismatches"]


@pytest.mark.parametrize(
    "second",
    [
        "x1,unknown,unknown",  # placeholders, one text repeated: a row of data
        "x1,-,?",  # no letter: placeholders
        "x1,12,kg",  # a value of its column's kind: a row of data
        "x1,NA,kg",  # one text over the typed columns: too little to tell
        "x1,kg,m,extra",  # not as wide as the header
        "id,a,b",  # the header again (a repeated header)
    ],
)
def test_rows_of_data_are_not_taken_for_header_rows(second: str) -> None:
    body = "".join(f"x{n},{n},{n * 2.5}\n" for n in range(2, 30))
    summary = profile_bytes(f"id,a,b\n{second}\n{body}".encode())
    assert summary["source"]["header_rows"] == []
    assert summary["row_count"] + summary["quality_issues"]["repeated_header_rows"]["count"] == 29
    assert all("header_rows" not in column for column in summary["columns"].values())


def test_an_eddy_covariance_output_has_its_group_row_skipped_and_its_units_listed() -> None:
    # LI-COR EddyPro's full output: a row naming groups of columns, the names, then units in brackets,
    # exponents and all (`[W+1m-2]`: digits in a unit).
    head = "file_info,,,corrected_fluxes_and_quality_flags,,\n"
    head += "filename,date,time,co2_flux,qc_co2_flux,H,LE\n"
    head += ",[yyyy-mm-dd],[HH:MM],[umol+1s-1m-2],[#],[W+1m-2],[W+1m-2]\n"
    body = "".join(
        f"2021-08-21T{n // 2:02d}{n % 2 * 30:02d}00_AIU-0737.ghg,2021-08-21,{n // 2:02d}:{n % 2 * 30:02d},"
        f"{2.18 - n * 0.1:.5f},{n % 3},{-19.8 + n:.4f},{-14.3 + n * 0.5:.4f}\n"
        for n in range(24)
    )
    summary = profile_bytes((head + body).encode())
    assert summary["source"]["preamble_lines"] == 1 and summary["source"]["header_line"] == 2
    assert summary["source"]["header_rows"] == [
        {"line": 3, "text": ",[yyyy-mm-dd],[HH:MM],[umol+1s-1m-2],[#],[W+1m-2],[W+1m-2]"}
    ]
    assert summary["columns"]["H"]["header_rows"] == ["[W+1m-2]"] and summary["row_count"] == 24
    assert summary["schema"]["co2_flux"] == "float" and not summary["quality_issues"]["type_mismatches"]


def test_values_gone_wrong_are_not_units() -> None:
    # Found by hypothesis (seed 2403): a first row of malformed dates over columns of dates and
    # datetimes (`19-Aug-133` holds a letter) was taken for a row of the header.
    body = "".join(
        f"{n},2000-03-{n % 28 + 1:02d}T10:00:00,{n * 3},2024-01-{n % 28 + 1:02d}\n" for n in range(30)
    )
    summary = profile_bytes(f"a,b,c,d\n,12/03/260 20:30,,19-Aug-133\n{body}".encode())
    assert summary["source"]["header_rows"] == [] and summary["row_count"] == 31


def test_a_text_that_recurs_below_is_a_value_not_a_unit() -> None:
    body = "".join(f"x{n},{n if n % 9 else 'n.v.'},{n * 2.5 if n % 7 else 'k.A.'}\n" for n in range(2, 40))
    summary = profile_bytes(f"id,a,b\nx1,n.v.,k.A.\n{body}".encode())
    assert summary["source"]["header_rows"] == [] and summary["row_count"] == 39


def test_ragged_rows_below_are_no_table_to_head() -> None:
    # `x,y` above rows wider than the header: rows of their own (test_line_numbers' example).
    summary = profile_bytes(b"h1,h2\nx,y\n1,1,a\n,,\n,,\n")
    assert summary["source"]["header_rows"] == [] and summary["row_count"] == 4


def test_at_most_three_header_rows_and_only_right_under_the_header() -> None:
    names = "depth,temp,salinity,oxygen\n"
    labels = "Depth below surface,Water temperature,Practical salinity,Dissolved oxygen\n"
    units = "m,degC,PSU,mg/l\n"
    method = "CTD,thermistor,conductivity,optode\n"
    extra = "first,second,third,fourth\n"
    body = "".join(
        f"{n * 0.5},{12 - n * 0.1:.1f},{35 + n * 0.01:.2f},{8 - n * 0.05:.2f}\n" for n in range(40)
    )
    three = profile_bytes((names + labels + units + method + body).encode())
    assert [row["line"] for row in three["source"]["header_rows"]] == [2, 3, 4]
    assert three["columns"]["temp"]["header_rows"] == ["Water temperature", "degC", "thermistor"]
    assert three["row_count"] == 40
    four = profile_bytes((names + labels + units + method + extra + body).encode())
    assert len(four["source"]["header_rows"]) == 3 and four["row_count"] == 41


def test_a_headerless_file_has_no_header_rows() -> None:
    dialect = detect_dialect("".join(f"{n},{n * 2},{n * 3}\n" for n in range(20)))
    assert dialect.header is False and dialect.header_rows == ()


def test_header_rows_under_r_row_names_and_trailing_delimiters() -> None:
    body = "".join(f'"{n}",{n * 0.5},{n % 7}\n' for n in range(1, 30))
    named = profile_bytes(('"x","k"\n"",cm,kg\n' + body).encode())
    assert named["source"]["header_rows"] == [{"line": 2, "text": ",cm,kg"}]
    assert named["columns"]["x"]["header_rows"] == ["cm"] and named["row_count"] == 29
    trailing = "".join(f"{n},{n * 0.5},\n" for n in range(1, 30))
    summary = profile_bytes(("a,b\ncm,kg,\n" + trailing).encode())
    assert summary["source"]["dialect"]["trailing_delimiter"] is True
    assert summary["source"]["header_rows"] == [{"line": 2, "text": "cm,kg"}]
    assert summary["columns"]["b"]["header_rows"] == ["kg"]


def test_chunks_do_not_change_the_result() -> None:
    data = (TOA5_HEAD + _toa5_rows(200)).encode()  # 200 values: the quantiles are still exact
    small = profile_bytes(data, chunk_rows=64)
    assert small == profile_bytes(data)
    assert small["row_count"] == 200 and small["columns"]["RECORD"]["quantiles_exact"]


def test_a_split_file_reads_its_header_rows_once(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(parallel, "MIN_PART_BYTES", 64)
    path = tmp_path / "units.csv"
    body = "".join(f"{n},{n * 0.25},{n % 17},sensor {n % 5}\n" for n in range(3000))
    path.write_text("id,depth,count,name\n,m,n,label\n" + body, encoding="utf-8")
    with path.open("rb") as stream:
        plan = parallel._plan(stream, path.stat().st_size, 3, ProfileOptions())
    assert (
        plan is not None
        and len(plan.parts) == 3
        and plan.reading.dialect.header_rows == (("", "m", "n", "label"),)
    )
    alone, together = _both(path, jobs=3)
    assert_same(together, alone)
    assert together["row_count"] == 3000 and together["source"]["header_rows"][0]["line"] == 2
    assert together["columns"]["depth"]["header_rows"] == ["m"]


def test_the_count_can_be_forced_either_way() -> None:
    data = (TOA5_HEAD + _toa5_rows(60)).encode()
    none = profile_bytes(data, header_rows=0)
    assert none["source"]["header_rows"] == [] and none["row_count"] == 62  # units and processing rows
    assert (
        none["schema"]["AirTC_Avg"] == "float"
        and none["quality_issues"]["type_mismatches"]["AirTC_Avg"]["count"] == 2
    )
    body = "".join(f"{n},{n * 2}\n" for n in range(20))
    one = profile_bytes(("a,b\nfirst,second\n" + body).encode(), header_rows=1)
    assert one["source"]["header_rows"] == [{"line": 2, "text": "first,second"}] and one["row_count"] == 20
    with pytest.raises(ValueError, match="header_rows is 0 to 3"):
        ProfileOptions(header_rows=4)


def test_an_orange_data_file_has_its_types_and_flags_rows_listed() -> None:
    # Orange's .tab files (iris, titanic, zoo, housing): names, types (`c`, `d`, or a discrete column's
    # values), flags (`class`, `meta` or none). Until 2026-11-28 both were rows: every numeric column
    # had two type mismatches, and a type row of one word repeated is no row of units.
    head = "sepal length\tsepal width\tpetal length\tpetal width\tiris\nc\tc\tc\t0 1\td\n\t\t\t\tclass\n"
    rows = "".join(
        f"{5 + n % 10 / 10}\t{3 + n % 7 / 10}\t{1 + n % 5 / 10}\t{n % 2}\tIris-{n % 3}\n" for n in range(30)
    )
    summary = profile_bytes((head + rows).encode())
    assert [row["line"] for row in summary["source"]["header_rows"]] == [2, 3]
    assert summary["columns"]["iris"]["header_rows"] == ["d", "class"]
    assert summary["row_count"] == 30 and not summary["quality_issues"]["type_mismatches"]
    # A flags row that ends early (no tabs after its last flag: Orange's test2.tab) is one too.
    short = profile_bytes((head.replace("\t\t\t\tclass\n", "meta\n") + rows).encode())
    assert [row["line"] for row in short["source"]["header_rows"]] == [2, 3] and short["row_count"] == 30
    # In a comma-separated file, or with a word that is no Orange type, the flags row is a row: only the
    # rule for units may take the row above it.
    comma = profile_bytes((head.replace("\t", ",") + rows.replace("\t", ",")).encode())
    other = profile_bytes((head.replace("c\tc\tc", "cm\tcm\tcm") + rows).encode())
    for read in (comma, other):
        assert [row["line"] for row in read["source"]["header_rows"]] in ([], [2])
        assert read["row_count"] == 32 - len(read["source"]["header_rows"])


def test_a_rule_under_the_units_is_a_row_of_the_header_too() -> None:
    # Names, units, then a rule drawn under both (as DuckDB draws one under its types). Until
    # 2026-11-28 only a rule right under the names was one: here the units were a row of text too,
    # and every column text.
    head = "Date,Temp,Wind\nYYYY-MM-DD,degC,m/s\n----------,----,---\n"
    rows = "".join(f"2024-01-{day:02d},{day / 2},{day % 5}\n" for day in range(1, 7))
    summary = profile_bytes((head + rows).encode())
    assert [row["line"] for row in summary["source"]["header_rows"]] == [2, 3]
    assert summary["schema"] == {"Date": "date", "Temp": "float", "Wind": "int"}
    assert summary["columns"]["Temp"]["header_rows"] == ["degC"] and summary["row_count"] == 6
