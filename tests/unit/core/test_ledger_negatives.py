"""Negative numbers as ledgers and spreadsheets write them: an accountant's parentheses with no
currency sign (`(1,234.00)`), Excel's accounting format (`$ (345.50)`, and `$ -` for a zero), the
minus after the digits (SAP's `1.234,56-`) and Unicode's minus sign (`−12.5`). Read as the numbers
they are by every path of the engine, and counted per column. Until 2026-11-28 each was text: a
ledger's amounts column became a string column, or its negatives type mismatches."""

from __future__ import annotations

from pathlib import Path

import pytest

from csvpipe.core import ProfileOptions, parallel
from csvpipe.core.values import (
    CURRENCY,
    FLOAT,
    GROUPED,
    INT,
    MINUS_SIGN,
    PARENTHESES,
    PERCENT,
    STRING,
    TRAILING_MINUS,
    classify,
)

from .conftest import check_summary, profile_bytes
from .test_parallel import _both, assert_same


@pytest.mark.parametrize(
    ("text", "decimal_comma", "kind", "value", "fmt"),
    [
        ("(1,234.00)", False, FLOAT, -1234.0, PARENTHESES),  # Excel's "#,##0.00_);(#,##0.00)"
        ("(12)", False, INT, -12, PARENTHESES),
        (" ( 3.50 ) ", False, FLOAT, -3.5, PARENTHESES),
        ("(1.234,56)", True, FLOAT, -1234.56, PARENTHESES),
        ("$ (345.50)", False, FLOAT, -345.5, CURRENCY),  # Excel's accounting format
        ("$(5)", False, INT, -5, CURRENCY),
        ("(345,50) €", True, FLOAT, -345.5, CURRENCY),
        ("$ -", False, INT, 0, CURRENCY),  # ... and its zero
        ("$-", False, INT, 0, CURRENCY),
        ("-   €", True, INT, 0, CURRENCY),
        ("1234-", False, INT, -1234, TRAILING_MINUS),  # SAP
        ("12.50-", False, FLOAT, -12.5, TRAILING_MINUS),
        ("1.234,56-", True, FLOAT, -1234.56, TRAILING_MINUS),
        ("1,234.56-", False, FLOAT, -1234.56, TRAILING_MINUS),
        ("\u221212.5", False, FLOAT, -12.5, MINUS_SIGN),  # typeset tables, Apple Numbers
        ("\u22121,234", False, INT, -1234, MINUS_SIGN),
        ("\u221212%", False, INT, -12, PERCENT),
        ("\u2212$5", False, INT, -5, CURRENCY),
        ("$\u22125", False, INT, -5, CURRENCY),
        ("(12%)", False, INT, -12, PERCENT),
        ("(1,234)", False, INT, -1234, PARENTHESES),
    ],
)
def test_ledger_negatives_are_numbers(
    text: str, decimal_comma: bool, kind: str, value: object, fmt: str
) -> None:
    assert classify(text, decimal_comma=decimal_comma) == (kind, value, fmt)


@pytest.mark.parametrize(
    "text",
    [
        "()",
        "(-5)",
        "((5))",
        "(5",
        "5)",
        "(5)-",
        "-5-",
        "5 -",
        "5--",
        "1-2",
        "2024-01-01-",
        "\u2212",
        "\u2212abc",
        "\u22122024-01-01",  # a minus sign makes no date
        "\u2212\u22125",
        "\u2212(5)",
        "$ - -",
        "$",
        "(abc)",
        "(.5)",
        "(555) 123-4567",
        "(5) (6)",
    ],
)
def test_what_is_no_ledger_negative_stays_text(text: str) -> None:
    assert classify(text)[0] == STRING


def test_a_plain_number_is_read_as_before() -> None:
    assert classify("1,234") == (INT, 1234, GROUPED)
    assert classify("-12.5") == (FLOAT, -12.5, "")


def test_hostile_ledger_cells_are_read_in_linear_time() -> None:
    for text in (
        "1" * 100_000 + "-",
        "\u2212" * 100_000,
        "(" * 50_000 + ")" * 50_000,
        "$" + " " * 100_000 + "(" + "1" * 5_000 + "x)",
        "\u2212" + "1" * 3_000 + "e",
    ):
        assert classify(text)[0] == STRING


@pytest.mark.parametrize("chunk_rows", [1, 4096])
def test_a_ledgers_columns_in_any_chunking_and_parts(
    chunk_rows: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = "".join(
        f'2024-01-{day % 28 + 1:02d},"{f"({day % 50}.25)" if day % 3 == 0 else f"{day % 50}.25"}",'
        f"{day % 90}{'-' if day % 4 == 0 else ''},"
        f"{chr(0x2212) if day % 5 == 0 else ''}{day % 30}.5,"
        f'"{" $ -   " if day % 6 == 0 else f" $ ({day % 70}.00)"}"\n'
        for day in range(1, 4001)
    )
    path = tmp_path / "ledger.csv"
    path.write_text("date,amount,sap,typeset,accounting\n" + rows, encoding="utf-8")
    monkeypatch.setattr(parallel, "MIN_PART_BYTES", 64)
    alone, together = _both(path, 3, ProfileOptions(chunk_rows=chunk_rows))
    assert check_summary(alone)["schema"] == {
        "date": "date",
        "amount": "float",
        "sap": "int",
        "typeset": "float",
        "accounting": "float",
    }
    assert not alone["quality_issues"]["type_mismatches"]
    columns = alone["columns"]
    assert (columns["amount"]["parenthesized_values"], columns["amount"]["negatives"]) == (1333, 1333)
    assert (columns["amount"]["min"], columns["amount"]["max"]) == (-49.25, 49.25)
    assert (columns["sap"]["trailing_minus_values"], columns["sap"]["min"]) == (1000, -88)
    assert (columns["typeset"]["minus_sign_values"], columns["typeset"]["min"]) == (800, -25.5)
    accounting = columns["accounting"]
    zeros = sum(1 for day in range(1, 4001) if day % 6 == 0 or day % 70 == 0)  # `$ -` and `$ (0.00)`
    assert (accounting["currency_values"], accounting["zeros"], accounting["max"]) == (4000, zeros, 0)
    assert accounting["negatives"] == 4000 - zeros
    assert_same(together, alone)


def test_a_column_of_parenthesized_numbers_beside_plain_ones_is_numeric() -> None:
    summary = profile_bytes(b"account,balance\ncash,1200.00\nloan,(350.00)\nfees,(12.50)\nrent,(800.00)\n")
    column = summary["columns"]["balance"]
    assert summary["schema"]["balance"] == "float"
    assert (column["min"], column["max"], column["sum"], column["parenthesized_values"]) == (
        -800.0,
        1200.0,
        37.5,
        3,
    )
