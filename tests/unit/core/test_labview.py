"""LabVIEW measurement files (.lvm): their two headers are preamble, the names follow, and rows that
leave out the last column (`Comment`, written only where there is a comment) are not ragged."""

from __future__ import annotations

import pytest

from csvpipe.core.dialect import detect_dialect

from .conftest import profile_bytes

FILE_HEADER = (
    "LabVIEW Measurement\t\nWriter_Version\t2\nReader_Version\t2\nSeparator\tTab\nDecimal_Separator\t.\n"
    "Multi_Headings\tNo\nX_Columns\tOne\nTime_Pref\tRelative\nOperator\tlab\nDate\t2024/06/01\n"
    "Time\t10:15:02.5\n***End_of_Header***\t\n\t\n"
)
SEGMENT_HEADER = (
    "Channels\t2\t\nSamples\t50\t50\t\nDate\t2024/06/01\t2024/06/01\t\nTime\t10:15:02.5\t10:15:02.5\t\n"
    "X_Dimension\tTime\tTime\t\nX0\t0.0000000000000000E+0\t0.0000000000000000E+0\t\n"
    "Delta_X\t0.001000\t0.001000\t\n***End_of_Header***\t\t\t\n"
)
NAMES = "X_Value\tVoltage_0\tVoltage_1\tComment\n"


def _rows(count: int) -> str:
    return "".join(
        f"{n / 1000:.6f}\t{0.5 + n % 7 / 100:.6f}\t{-0.25 - n % 5 / 100:.6f}\n" for n in range(count)
    )


def test_a_labview_file_reads_as_its_table() -> None:
    # Until 2026-11-28: `LabVIEW Measurement` named a column, the 21 header lines were rows, and the
    # table's own names a row among them (121 rows, 109 ragged).
    summary = profile_bytes((FILE_HEADER + SEGMENT_HEADER + NAMES + _rows(50)).encode())
    source = summary["source"]
    assert source["preamble_lines"] == 21 and source["header_line"] == 22
    assert source["dialect"]["delimiter"] == "\t"
    assert summary["row_count"] == 50
    assert summary["schema"] == {
        "X_Value": "float",
        "Voltage_0": "float",
        "Voltage_1": "float",
        "Comment": "empty",
    }
    ragged = summary["quality_issues"]["ragged_rows"]
    assert ragged["too_few_fields"]["count"] == 0 and ragged["too_many_fields"]["count"] == 0
    assert summary["columns"]["X_Value"]["max"] == 0.049


def test_a_comment_fills_the_last_column_and_shorter_rows_are_still_ragged() -> None:
    rows = _rows(20).splitlines(keepends=True)
    rows[3] = rows[3].rstrip("\n") + "\tvalve opened\n"
    rows[7] = "0.007000\n"  # two fields short: ragged, as anywhere
    summary = profile_bytes((FILE_HEADER + SEGMENT_HEADER + NAMES + "".join(rows)).encode())
    assert summary["columns"]["Comment"]["top_values"] == [{"value": "valve opened", "count": 1}]
    assert summary["quality_issues"]["ragged_rows"]["too_few_fields"] == {"count": 1, "first_lines": [30]}


@pytest.mark.parametrize("decimal", [".", ","])
def test_a_file_without_x_values_and_a_decimal_comma(decimal: str) -> None:
    # X_Columns No: every row starts with an empty X_Value (sciunit's pmt fixture: 4 channels, a comma).
    rows = "".join(
        "\t" + "\t".join(f"{(n * 7 + c) % 100 / 1000:.6f}".replace(".", decimal) for c in range(4)) + "\n"
        for n in range(40)
    )
    names = "X_Value\tUntitled\tUntitled 1\tUntitled 2\tUntitled 3\tComment\n"
    summary = profile_bytes((FILE_HEADER + SEGMENT_HEADER + names + rows).encode())
    assert summary["source"]["dialect"]["decimal_separator"] == decimal
    assert summary["schema"]["Untitled 3"] == "float" and summary["schema"]["X_Value"] == "empty"
    assert (
        summary["row_count"] == 40 and not summary["quality_issues"]["ragged_rows"]["too_few_fields"]["count"]
    )


def test_only_labview_files_pad_a_missing_last_field() -> None:
    summary = profile_bytes(("a\tb\tc\n" + "".join(f"{n}\t{n * 2}\n" for n in range(10))).encode())
    assert summary["quality_issues"]["ragged_rows"]["too_few_fields"]["count"] == 10
    assert detect_dialect("a\tb\tc\n1\t2\n3\t4\n").last_column_optional is False


def test_a_labview_header_without_its_end_is_no_preamble() -> None:
    dialect = detect_dialect("LabVIEW Measurement\t\nWriter_Version\t2\nReader_Version\t2\n")
    assert dialect.preamble == ()


def test_a_comma_separated_labview_file_reads_with_commas() -> None:
    # `Separator Comma`: the headers and the table are written with commas.
    text = (FILE_HEADER + SEGMENT_HEADER).replace("\t", ",").replace("Separator,Tab", "Separator,Comma")
    rows = _rows(20).replace("\t", ",")
    summary = profile_bytes((text + NAMES.replace("\t", ",") + rows).encode())
    assert summary["source"]["dialect"]["delimiter"] == "," and summary["row_count"] == 20
    assert summary["schema"]["Voltage_1"] == "float"
