"""Records whose every field is empty (`,,,,`, a spreadsheet's cleared rows): rows like any other, as
pandas reads them, and named in `quality_issues.empty_rows` with their first lines."""

from __future__ import annotations

import pytest

from csvpipe.core import ProfileOptions, parallel
from csvpipe.core.options import PANDAS_MISSING_MARKERS
from csvpipe.core.parallel import profile_file

from .conftest import check_summary, profile_bytes
from .test_parallel import assert_same

# data.gov's FY09 recipients table ends with a cleared row; frictionless' blank-rows.csv has them inside.
TABLE = b'id,name,age\n1,"Ann\nLee",30\n,,\n2,Bob,\n,\n3,,41\n"",""," "\n,,\n'


@pytest.mark.parametrize("chunk_rows", [1, 2, 4096])
def test_empty_rows_are_rows_and_are_named(chunk_rows: int) -> None:
    summary = profile_bytes(TABLE, chunk_rows=chunk_rows)
    quality = summary["quality_issues"]
    # ,, and a short , (padded) and "","" (quoted, empty) are empty; " " in the last field is not.
    assert quality["empty_rows"] == {"count": 3, "first_lines": [4, 6, 9]}
    assert summary["row_count"] == 7 and quality["duplicate_rows"]["count"] == 2
    assert quality["missing_values"]["id"]["count"] == 4
    assert quality["ragged_rows"]["too_few_fields"]["first_lines"] == [6]


def test_rows_with_some_values_are_not_empty() -> None:
    summary = profile_bytes(b"a,b,c\n,,x\n,y,\nz,,\n1,2,3\n")
    assert summary["quality_issues"]["empty_rows"] == {"count": 0, "first_lines": []}


def test_a_long_record_is_empty_only_if_its_cut_fields_are_too() -> None:
    # DuckDB's mid_null.csv: ";;;;;d" is cut to three empty fields, but it holds a value.
    summary = profile_bytes(b"a;b;c\n1;2;3\n;;;;;d\n;;;;;\n4;5;6\n")
    assert summary["quality_issues"]["empty_rows"] == {"count": 1, "first_lines": [4]}
    assert summary["quality_issues"]["ragged_rows"]["too_many_fields"]["count"] == 2


def test_a_one_column_files_empty_lines_are_blank_lines() -> None:
    summary = profile_bytes(b"a\n1\n\n2\n")
    assert (
        summary["quality_issues"]["empty_rows"]["count"] == 0
        and summary["quality_issues"]["blank_lines"] == 1
    )


def test_empty_rows_are_found_when_an_empty_cell_is_not_missing() -> None:
    markers = frozenset(PANDAS_MISSING_MARKERS - {""})
    summary = profile_bytes(b"a,b\n1,2\n,\n3,4\n", missing_markers=markers)
    assert summary["quality_issues"]["empty_rows"] == {"count": 1, "first_lines": [3]}


def test_empty_rows_are_counted_alike_in_parts(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(parallel, "MIN_PART_BYTES", 64)
    rows = "".join(",,\n" if i % 97 == 0 else f"{i},r{i},{i % 7}\n" for i in range(3000))
    path = tmp_path / "sheet.csv"
    path.write_text("id,name,n\n" + rows, encoding="utf-8")
    alone = check_summary(profile_file(path, jobs=1, options=ProfileOptions(chunk_rows=64)))
    assert alone["quality_issues"]["empty_rows"] == {"count": 31, "first_lines": [2, 99, 196, 293, 390]}
    assert_same(check_summary(profile_file(path, jobs=3, options=ProfileOptions(chunk_rows=64))), alone)
