"""Booleans written as one letter — PostgreSQL's `t` and `f` (`\\copy … csv`), `Y` and `N` flags —
are a column's bools; a lone letter in a header stays a name (`x,y`, `t`). Until 2026-11-28 such a
column was text."""

from __future__ import annotations

from pathlib import Path

import pytest

from csvpipe.core.values import BOOL, STRING, classify, classify_cell

from .conftest import profile_bytes
from .test_parallel import read_in_small_parts


@pytest.mark.parametrize(
    ("letter", "value"), [("t", True), ("f", False), ("Y", True), ("N", False), ("n", False)]
)
def test_a_letter_is_a_bool_only_in_a_cell(letter: str, value: bool) -> None:
    assert classify_cell(letter) == (BOOL, value, "")
    assert classify(letter)[0] == STRING  # header judgements read it as a name


def test_a_postgresql_export_s_booleans_are_a_bool_column() -> None:
    rows = "".join(f"{i},{'tf'[i % 3 == 0]},user{i}\n" for i in range(30)) + "30,,user30\n"
    summary = profile_bytes(("id,active,name\n" + rows).encode())
    assert summary["schema"] == {"id": "int", "active": "bool", "name": "string"}
    column = summary["columns"]["active"]
    assert (column["true"], column["false"], column["missing"]) == (20, 10, 1)


def test_flags_of_y_and_n_are_a_bool_column_and_a_closing_flag_is_no_footer() -> None:
    """pvlib's CEC module library flags building-integrated modules `Y`/`N` (164 of 21 504 `Y`). A
    last record holding only its flag is a row: `N` is a value of a column of bools, not a note."""
    rows = "".join(f"M{i},{'NY'[i % 4 == 0]},{i * 1.5}\n" for i in range(40)) + ",N,\n"
    summary = profile_bytes(("Name,BIPV,Area\n" + rows).encode())
    assert summary["schema"]["BIPV"] == "bool"
    assert summary["row_count"] == 41
    assert summary["source"]["footer"] == []


@pytest.mark.parametrize("name", ["y", "t", "n", "N"])
def test_a_one_letter_name_stays_the_header(name: str) -> None:
    summary = profile_bytes((f"{name}\n" + "".join(f"{i}\n" for i in range(20))).encode())
    assert summary["source"]["dialect"]["header"] is True
    assert summary["schema"] == {name: "int"}
    assert summary["row_count"] == 20


def test_letters_among_words_stay_text() -> None:
    cells = ["apple", "y", "banana", "n", "cherry", "t"] * 5
    summary = profile_bytes(("fruit\n" + "\n".join(cells) + "\n").encode())
    assert summary["schema"] == {"fruit": "string"}
    assert summary["quality_issues"]["type_mismatches"] == {}


@pytest.mark.parametrize("letter", ["N", "Y", "f"])
def test_a_column_of_one_letter_alone_is_text(letter: str) -> None:
    """A column of `N` alone is a hemisphere's or a code's: a bool only when a true and a false
    letter are both among its values (a first draft typed it bool, every value false)."""
    rows = "".join(f"{i},{letter if i % 10 else 'S'},{i * 0.5}\n" for i in range(40))
    summary = profile_bytes(("id,hemisphere,lat\n" + rows).encode())
    assert summary["schema"]["hemisphere"] == "string"
    assert summary["quality_issues"]["type_mismatches"] == {}


def test_one_sided_letters_among_true_and_false_are_mismatches_with_examples() -> None:
    cells = ["true", "false"] * 20 + ["N"]
    summary = profile_bytes(("flag\n" + "\n".join(cells) + "\n").encode())
    assert summary["schema"] == {"flag": "bool"}
    mismatch = summary["quality_issues"]["type_mismatches"]["flag"]
    assert mismatch["count"] == 1
    assert mismatch["examples"] == [{"value": "N", "line": 42}]
    assert (summary["columns"]["flag"]["true"], summary["columns"]["flag"]["false"]) == (20, 20)


def test_a_split_file_whose_parts_see_one_letter_each_reads_as_one_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first parts hold only `N`, the last a `Y`: merged, the column has both, as in one pass."""
    rows = "".join(f"M{i},{'Y' if i == 2990 else 'N'},{i * 1.5}\n" for i in range(3000))
    alone = read_in_small_parts(tmp_path / "modules.csv", "Name,BIPV,Area\n" + rows, monkeypatch)
    assert alone["schema"]["BIPV"] == "bool"
    assert (alone["columns"]["BIPV"]["true"], alone["columns"]["BIPV"]["false"]) == (1, 2999)
