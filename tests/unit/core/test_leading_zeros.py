"""Integers written with a leading zero (ZIP codes, account numbers, `007`): the column stays a number
column, as pandas reads it, and `quality_issues.leading_zeros` says that a number type changes them."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from csvpipe.core import parallel
from csvpipe.core.column import _zero_padded

from .conftest import profile_bytes
from .test_parallel import _both, assert_same


def test_zip_codes_are_ints_whose_leading_zeros_are_reported_with_their_lines() -> None:
    data = b"id,zip,n\n1,01234,5\n2,02134,007\n3,90210,12\n4,,0\n5,00501,-01\n"
    summary = profile_bytes(data)
    assert summary["schema"] == {"id": "int", "zip": "int", "n": "int"}
    assert summary["statistics"]["zip"]["min"] == 501  # as pandas reads them: the zeros are gone
    found = summary["quality_issues"]["leading_zeros"]
    assert found["zip"] == {
        "count": 3,
        "percentage": 60.0,
        "examples": [
            {"value": "01234", "line": 2},
            {"value": "02134", "line": 3},
            {"value": "00501", "line": 6},
        ],
    }
    assert found["n"]["count"] == 2
    assert [example["value"] for example in found["n"]["examples"]] == ["007", "-01"]
    assert "id" not in found


@pytest.mark.parametrize(
    ("cells", "padded"),
    [
        # A zero alone (also as zeros: `00` is no code that a number changes), or a fraction.
        (["0", "10", "100", "0.5", "-0", "+0", "0,5", "1000", "00", "-000"], set()),
        (["007", "0", "00", "-01", "+00042", "5", "0010"], {"007", "-01", "+00042", "0010"}),
        (["0x1F", "0e5", "01.5", "0 1"], set()),  # not an integer's text
        (["a\x00012", "012"], {"012"}),  # a NUL inside a value: each value is looked at
    ],
)
def test_which_texts_count_as_zero_padded(cells: list[str], padded: set[str]) -> None:
    assert _zero_padded(cells, "".join(cells)) == padded


def test_texts_that_only_base_0_reads_stay_text() -> None:
    """The int paths read in base 0 to learn cheaply that no value has a leading zero; base 0 also
    reads 0x1F, 0b1 and 0o7, which must stay text as before (a chunk holding x, b or o is read in
    base 10)."""
    rows = "".join(f"{i},{text}\n" for i, text in enumerate(["0x1F", "0b1", "0o7", "0X2", "0B1", "0O7"] * 50))
    summary = profile_bytes(("k,v\n" + rows).encode())
    assert summary["schema"]["v"] == "string"
    mixed = profile_bytes(("k,v\n" + "".join(f"{i},{i}\n" for i in range(300)) + "300,0x1F\n").encode())
    assert mixed["quality_issues"]["type_mismatches"]["v"]["examples"] == [{"value": "0x1F", "line": 302}]


def test_a_column_of_text_or_floats_with_leading_zeros_is_not_reported_as_text_is_kept() -> None:
    """Only a number column changes the text: a string column keeps `007` as it is."""
    summary = profile_bytes(b"code,x\n007,0.5\nA12,1.5\nB7,02\n")
    assert summary["schema"]["code"] == "string"
    assert "code" not in summary["quality_issues"]["leading_zeros"]
    assert summary["quality_issues"]["leading_zeros"]["x"]["count"] == 1  # 02 among floats


def test_every_path_of_a_chunk_counts_alike() -> None:
    """Few distinct values (counted at once), all distinct (bulk int), and value by value (a text
    among them): the same counts however the rows fall into chunks."""
    rows = [f"{i},{'007' if i % 3 else '12'},{i:05d},{'x' if i == 500 else i:0>4}" for i in range(1, 1201)]
    data = ("a,few,many,mixed\n" + "\n".join(rows) + "\n").encode()
    whole = profile_bytes(data, chunk_rows=100_000)
    for chunk_rows in (7, 64, 333):
        chunked = profile_bytes(data, chunk_rows=chunk_rows)
        assert chunked["quality_issues"] == whole["quality_issues"], chunk_rows
    found = whole["quality_issues"]["leading_zeros"]
    assert found["few"]["count"] == 800
    assert found["many"]["count"] == 1200  # 00001 … 01200
    assert found["mixed"]["count"] == 998  # 0001 … 0999, but the text `x` on line 501
    assert [example["line"] for example in found["many"]["examples"]] == [2, 3, 4, 5, 6]


def test_a_split_file_reports_what_one_pass_does(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "MIN_PART_BYTES", 64)
    path = tmp_path / "accounts.csv"
    path.write_text("id,account\n" + "".join(f"{i},{i * 7919 % 100000:06d}\n" for i in range(4000)))
    alone, together = _both(path)
    assert_same(together, alone)
    assert together["quality_issues"]["leading_zeros"] == alone["quality_issues"]["leading_zeros"]
    assert alone["quality_issues"]["leading_zeros"]["account"]["count"] == 3999  # all but 000000


@settings(max_examples=150, deadline=None)
@given(st.lists(st.from_regex(r"[+-]?[0-9]{1,4}|0\.[0-9]|x", fullmatch=True), min_size=1, max_size=60))
def test_the_count_is_that_of_a_plain_reading(cells: list[str]) -> None:
    """Oracle: a cell counts when it is an integer's digits (a sign allowed) opening with a zero and
    holding another digit than zero; reported only when the column is a number column."""
    data = ("k,v\n" + "".join(f"{i},{cell}\n" for i, cell in enumerate(cells))).encode()
    summary = profile_bytes(data, chunk_rows=16)
    digits = [cell.lstrip("+-") for cell in cells]
    expected = sum(1 for text in digits if text[:1] == "0" and text.isdigit() and text.strip("0"))
    reported = summary["quality_issues"]["leading_zeros"].get("v", {}).get("count", 0)
    if summary["schema"]["v"] in ("int", "float"):
        assert reported == expected
    else:
        assert reported == 0
