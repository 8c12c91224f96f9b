"""Values written as Excel formulas of text, `="00123"` — the trick exporters use so that Excel keeps
a code's leading zeros — are read as the text Excel shows (Dialect.excel_text). Until 2026-11-28
each stayed `="00123"`: a column of order numbers was text, its leading zeros unseen."""

from __future__ import annotations

from pathlib import Path

import pytest

from csvpipe.core.dialect import detect_dialect, excel_text

from .conftest import profile_bytes
from .test_parallel import read_in_small_parts

ORDERS = 'Order,Zip,Amount\n="000123",="02134",12.50\n="000124",="10001",7.25\n="000125",94105,3.00\n'


def test_excel_text_formulas_read_as_the_text_they_show() -> None:
    summary = profile_bytes(ORDERS.encode())
    assert summary["source"]["dialect"]["excel_text"] is True
    assert summary["schema"] == {"Order": "int", "Zip": "int", "Amount": "float"}
    zeros = summary["quality_issues"]["leading_zeros"]
    assert [example["value"] for example in zeros["Order"]["examples"]] == ["000123", "000124", "000125"]
    assert [example["value"] for example in zeros["Zip"]["examples"]] == ["02134"]
    assert summary["columns"]["Zip"]["max"] == 94105


def test_quoted_formulas_and_a_formula_header_read_the_same() -> None:
    # The formula quoted as a whole (`"=""00123"""`) is the same field once the quotes are read.
    text = '"=""Order""",Name\n"=""000123""",Ann\n"=""000124""",Bob\n"=""a""""b""",Cy\n'
    summary = profile_bytes(text.encode())
    assert summary["schema"] == {"Order": "string", "Name": "string"}
    order = summary["columns"]["Order"]
    assert (order["min_length"], order["max_length"]) == (3, 6)  # `a"b`: the formula's "" is one quote
    assert {top["value"] for top in order["top_values"]} == {"000123", "000124", 'a"b'}


@pytest.mark.parametrize(
    ("field", "text"),
    [
        ('="00123"', "00123"),
        ('=""', ""),
        ('="a""b"', 'a"b'),
        ('="a"&B1', '="a"&B1'),  # more than a text: a formula, left as written
        ("=SUM(A1:A3)", "=SUM(A1:A3)"),
        ('="', '="'),
        ('x="1"', 'x="1"'),
    ],
)
def test_only_a_whole_formula_of_text_is_read_as_its_text(field: str, text: str) -> None:
    assert excel_text(field) == text


def test_a_file_without_such_formulas_is_read_as_before() -> None:
    dialect = detect_dialect('a,b\n1,"x=""y"""\n2,=A1\n')
    assert dialect.excel_text is False


def test_excel_text_splits_across_processes_as_it_reads_in_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = "".join(f'="{i:06d}",="{i % 13:05d}",{i * 0.5}\n' for i in range(400))
    summary = read_in_small_parts(tmp_path / "orders.csv", "Order,Zip,Amount\n" + rows, monkeypatch)
    assert summary["row_count"] == 400 and summary["schema"]["Order"] == "int"
    assert summary["source"]["dialect"]["excel_text"] is True
