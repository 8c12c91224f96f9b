"""Columns separated by runs of spaces — numpy's `savetxt`, R's `write.table`, aligned text that
MATLAB and Fortran write — read when no comma, semicolon, tab or pipe splits the file (pandas must be
told `sep=r"\\s+"`). Until 2026-11-28 each was one column of text."""

from __future__ import annotations

from pathlib import Path

import pytest

from csvpipe.core import parallel
from csvpipe.core.dialect import detect_dialect

from .conftest import profile_bytes
from .test_parallel import _both, assert_same


def test_numpy_savetxt_without_a_header_is_columns_of_floats() -> None:
    rows = "".join(f"{i * 1.5:.18e} {-i:.18e} {i % 3:.18e}\n" for i in range(30))
    summary = profile_bytes(rows.encode())
    assert summary["source"]["dialect"]["delimiter_name"] == "space"
    assert summary["source"]["dialect"]["header"] is False
    assert summary["schema"] == {"column_1": "float", "column_2": "float", "column_3": "float"}
    assert summary["row_count"] == 30
    assert summary["statistics"]["column_1"] == {"min": 0.0, "max": 43.5, "avg": 21.75}


def test_aligned_columns_with_leading_and_trailing_spaces() -> None:
    """Right-aligned numbers open a line with spaces and a line may end with them: neither makes a
    field (csv's own space delimiter made an empty first and last column of them)."""
    text = "  id      name   value  \n" + "".join(
        f"{i:>4}  {'n' + str(i):>8}  {i * 2.5:>6.2f}  \n" for i in range(12)
    )
    summary = profile_bytes(text.encode())
    assert summary["schema"] == {"id": "int", "name": "string", "value": "float"}
    assert summary["row_count"] == 12
    assert summary["quality_issues"]["ragged_rows"]["too_many_fields"]["count"] == 0
    assert summary["quality_issues"]["whitespace"] == {}


def test_r_write_table_quotes_texts_and_leaves_the_row_names_unnamed() -> None:
    text = '"x" "label"\n"1" 1 "a b"\n"2" 2 "c"\n"3" 3 "d e f"\n'
    summary = profile_bytes(text.encode())
    assert summary["schema"] == {"column_1": "int", "x": "int", "label": "string"}
    assert summary["columns"]["label"]["max_length"] == 5  # "d e f": the quotes keep its spaces


@pytest.mark.parametrize(
    "sample",
    [
        "name\nJohn Smith\nMary Jane\nAl Gore\n",  # a name per line: two words under one name
        "comment\nthe quick brown fox\njumps over\nthe lazy dog today\n",  # sentences
        'id, name, score\n1, "Smith, J", 3\n2, "Doe, A", 4\n',  # commas with spaces after them
        "a\tb\n1 2\t3\n4 5\t6\n",  # a tab splits it
        "amount\n1 234\n12 345\n",  # thousands grouped by spaces under one name
    ],
)
def test_files_that_are_not_space_separated(sample: str) -> None:
    assert detect_dialect(sample).delimiter != " "


def test_a_split_space_separated_file_reads_as_one_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parallel, "MIN_PART_BYTES", 64)
    path = tmp_path / "aligned.txt"
    path.write_text(
        "  t    x     y\n" + "".join(f"{i:>4} {i % 7:>4} {i * 0.25:>8.2f}\n" for i in range(3000))
    )
    alone, together = _both(path)
    assert alone["source"]["dialect"]["delimiter_name"] == "space"
    assert_same(together, alone)
