"""Numbers grouped by thousands (19,582 and 1,234,567.25; 1.234,5 beside a decimal comma), as
spreadsheets export formatted cells: read as the numbers they are, by every path of the engine, and
counted in `grouped_values`. Until 2026-11-27 a column of them was text (data.gov's recipient tables)."""

from __future__ import annotations

from pathlib import Path

import pytest

from csvpipe.core import ProfileOptions, parallel, profile_stream
from csvpipe.core.dialect import detect_dialect
from csvpipe.core.parallel import profile_file
from csvpipe.core.values import CURRENCY, FLOAT, GROUPED, INT, PERCENT, STRING, classify

from .conftest import check_summary, profile_bytes
from .test_parallel import assert_same


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("19,582", INT, 19582),
        ("-1,234,567", INT, -1234567),
        ("+1,000", INT, 1000),
        (" 2,263  ", INT, 2263),  # BLS pads its figures
        ("1,234,567.25", FLOAT, 1234567.25),
        ("1,000.", FLOAT, 1000.0),
        ("1,234e3", FLOAT, 1234000.0),
    ],
)
def test_a_number_grouped_by_commas_is_a_number(text: str, kind: str, value: object) -> None:
    assert classify(text) == (kind, value, GROUPED)


@pytest.mark.parametrize(
    "text",
    ["1,5", "12,34", "1,2345", "1234,567", ",123", "1,,234", "1,234,56", "1.234,5", "1,234.5.6", "1,234 5"],
)
def test_commas_that_group_nothing_make_no_number(text: str) -> None:
    assert classify(text)[0] == STRING


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("11'373.94", FLOAT, 11373.94),  # Swiss exports (UBS)
        ("-1'234'567", INT, -1234567),
        ("1\u2019234.5", FLOAT, 1234.5),  # the typographic apostrophe
    ],
)
def test_a_number_grouped_by_apostrophes_beside_a_point_is_a_number(
    text: str, kind: str, value: object
) -> None:
    # Until 2026-11-27 these were text: a UBS export's balance column.
    assert classify(text) == (kind, value, GROUPED)


@pytest.mark.parametrize("text", ["1'234\u2019567", "1'23", "0'258", "1'234'56", "'123", "1''234", "1'234,5"])
def test_mixed_or_uneven_apostrophes_make_no_number(text: str) -> None:
    assert classify(text)[0] == STRING


@pytest.mark.parametrize("chunk_rows", [1, 4096])
def test_a_column_of_swiss_amounts_is_floats(chunk_rows: int) -> None:
    rows = "".join(f"2019-03-{day:02d};{day}'{day:03d}.5{day % 10}\n" for day in range(1, 29))
    summary = check_summary(profile_bytes(("Date;Solde\n" + rows).encode(), chunk_rows=chunk_rows))
    column = summary["columns"]["Solde"]
    assert summary["schema"]["Solde"] == "float"
    assert (column["min"], column["max"], column["grouped_values"]) == (1001.51, 28028.58, 28)


def test_no_more_groups_than_the_largest_int_has_so_that_lists_stay_text() -> None:
    assert classify("1,000,000,000,000,000,000") == (INT, 10**18, GROUPED)
    assert classify("1.000.000.000.000.000.000", decimal_comma=True) == (INT, 10**18, GROUPED)
    for text in ("1,000,000,000,000,000,000,000", "204,226,236,249,250,263,289,306"):
        assert classify(text)[0] == STRING
    assert classify("1.000.000.000.000.000.000.000", decimal_comma=True)[0] == STRING


def test_a_cell_listing_many_codes_is_a_mismatch_not_a_huge_number() -> None:
    """world-countries' `idd.suffixes`: short dialling codes, and for the US one cell of 62 of them
    joined by commas, which read as a float of 185 digits (max 2e185) until the groups were capped."""
    codes = ",".join(str(code) for code in range(201, 201 + 62 * 11, 11))
    rows = "".join(f"c{i},{i % 90 + 1}\n" for i in range(60))
    summary = profile_bytes(f'country,suffix\n{rows}us,"{codes}"\n'.encode())
    column = summary["columns"]["suffix"]
    assert summary["schema"]["suffix"] == "int"
    assert (column["max"], column.get("grouped_values", 0)) == (60, 0)
    (mismatch,) = summary["quality_issues"]["type_mismatches"]["suffix"]["examples"]
    assert mismatch["value"].startswith("201,212,223") and mismatch["line"] == 62


def test_beside_a_decimal_comma_points_group_and_commas_do_not() -> None:
    assert classify("1.234,5", decimal_comma=True) == (FLOAT, 1234.5, GROUPED)
    assert classify("1.234", decimal_comma=True) == (INT, 1234, GROUPED)
    assert classify("19,582", decimal_comma=True) == (FLOAT, 19.582, "")  # a decimal comma there


@pytest.mark.parametrize(
    ("sample", "decimal"),
    [
        ("a;b\n1,234,567;x\n2,345,678;y\n3,5;z\n", "."),  # two groups: no decimal comma can be that
        ("a;b\n1,234.5;1,5\n2,345.25;2,5\n", "."),  # a point after the groups
        ("a;b\n1,5;x\n2,5;y\n3,5;z\n", ","),
        ("a;b\n1 234,5;x\n2\u00a0345,25;y\n", ","),  # grouped by spaces: only a comma's numbers are
    ],
)
def test_grouped_numbers_count_for_the_decimal_point(sample: str, decimal: str) -> None:
    assert detect_dialect(sample).decimal == decimal


# A data.gov table (csvkit's FY09_EDU_Recipients_by_State.csv): totals quoted with grouping commas
# beside small counts written plainly, and a state whose count is missing.
TABLE = (
    "State,Active Duty,Total\n"
    'ALABAMA,"5,779","19,582"\n'
    'ALASKA,561,"2,705"\n'
    'ARIZONA,"21,012","46,743"\n'
    "GUAM,12,472\n"
    "PALAU,,0\n"
)


@pytest.mark.parametrize("chunk_rows", [1, 2, 4096])
def test_a_column_of_grouped_numbers_is_typed_with_exact_statistics(chunk_rows: int) -> None:
    summary = profile_bytes(TABLE.encode(), chunk_rows=chunk_rows)
    assert summary["schema"] == {"State": "string", "Active Duty": "int", "Total": "int"}
    total = summary["columns"]["Total"]
    assert (total["min"], total["max"], total["sum"], total["grouped_values"]) == (0, 46743, 69502, 3)
    active = summary["columns"]["Active Duty"]
    assert (active["sum"], active["missing"], active["grouped_values"]) == (27364, 1, 2)
    assert not summary["quality_issues"]["type_mismatches"]


def test_grouped_floats_count_in_a_float_column_and_ints_among_them_too() -> None:
    summary = profile_bytes(b'price\n"1,000.50"\n"2,000"\n3.25\n"1,234,567.75"\n')
    column = summary["columns"]["price"]
    assert summary["schema"] == {"price": "float"} and column["grouped_values"] == 3
    assert column["sum"] == 1237571.5


def test_grouped_values_beside_a_decimal_comma_are_counted() -> None:
    # (1.234 alone reads as a decimal point too: the commas must be more than three times as many)
    body = "".join(f"{n};{i},5\n" for i, n in enumerate(["1.234", "2.345", "12", "7", "8", "9", "10"]))
    summary = profile_bytes(("n;x\n" + body).encode())
    assert summary["source"]["dialect"]["decimal_separator"] == ","
    assert summary["columns"]["n"]["grouped_values"] == 2 and summary["columns"]["n"]["sum"] == 3625


def test_grouped_numbers_read_alike_in_parts(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(parallel, "MIN_PART_BYTES", 64)
    rows = "".join(f'r{i},"{i * 1013:,}","{i * 7.25:,.2f}"\n' for i in range(2000))
    path = tmp_path / "grouped.csv"
    path.write_text("id,amount,price\n" + rows, encoding="utf-8")
    alone = check_summary(profile_file(path, jobs=1, options=ProfileOptions(chunk_rows=64)))
    assert alone["schema"] == {"id": "string", "amount": "int", "price": "float"}
    assert alone["columns"]["amount"]["grouped_values"] == sum(i * 1013 >= 1000 for i in range(2000))
    assert alone["columns"]["price"]["grouped_values"] == sum(i * 7.25 >= 1000 for i in range(2000))
    assert_same(check_summary(profile_file(path, jobs=3, options=ProfileOptions(chunk_rows=64))), alone)


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("1 234", INT, 1234),
        ("1 234,5", FLOAT, 1234.5),
        ("-12 345 678,25", FLOAT, -12345678.25),
        ("1\u00a0234,50", FLOAT, 1234.5),  # Excel's no-break space
        ("999\u202f999", INT, 999999),  # the narrow no-break space of newer French locales
        (" 1 000 ", INT, 1000),
    ],
)
def test_beside_a_decimal_comma_spaces_group_thousands(text: str, kind: str, value: object) -> None:
    assert classify(text, decimal_comma=True) == (kind, value, GROUPED)


@pytest.mark.parametrize(
    "text",
    [
        "12 34",
        "1 2345",
        "1234 567",
        "1  234",
        "1 234 5",
        "1 234.5",
        "1\t234",
        "1 000 000 000 000 000 000 000",
    ],
)
def test_spaces_that_group_nothing_make_no_number(text: str) -> None:
    assert classify(text, decimal_comma=True)[0] == STRING


def test_with_a_decimal_point_spaces_group_nothing() -> None:
    """Only locales that write a decimal comma group by spaces in their spreadsheets; beside a point
    `1 234` stays text (two numbers, a code, `640 480`), though SI style writes `15 804.31` (2 of
    3 813 files swept: plotly's noodle servings, a table of German states)."""
    assert classify("1 234")[0] == STRING and classify("1 234.5")[0] == STRING
    assert classify("640 480")[0] == STRING and classify("1\u00a0234.5")[0] == STRING


@pytest.mark.parametrize("chunk_rows", [1, 4096])
def test_a_french_export_with_space_grouped_amounts_is_typed(chunk_rows: int) -> None:
    """French Excel: semicolons, decimal commas, thousands grouped by no-break spaces — every amount
    of a ledger that reaches a thousand. Until 2026-11-27 both columns were text."""
    rows = ["Facture;Montant;Quantité", "F1;1\u00a0234,50;1\u00a0000", "F2;12\u00a0345,00;2\u00a0000"]
    rows += ["F3;999\u00a0999,99;12\u00a0345", "F4;3\u00a0500,5;7\u00a0001", "F5;12,5;3"]
    summary = profile_bytes(("\r\n".join(rows) + "\r\n").encode(), chunk_rows=chunk_rows)
    assert summary["source"]["dialect"]["decimal_separator"] == ","
    assert summary["schema"] == {"Facture": "string", "Montant": "float", "Quantité": "int"}
    amount = summary["columns"]["Montant"]
    assert (amount["min"], amount["max"], amount["grouped_values"]) == (12.5, 999999.99, 4)
    assert amount["sum"] == pytest.approx(1017092.49)
    assert summary["columns"]["Quantité"]["sum"] == 22349
    assert not summary["quality_issues"]["type_mismatches"]


@pytest.mark.parametrize(
    ("text", "decimal_comma"),
    [("0,258", False), ("-0,500", False), ("012,345", False), ("0.234", True), ("0 234", True)],
)
def test_no_thousands_start_with_a_zero(text: str, decimal_comma: bool) -> None:
    """datahub's EURIBOR rates `"0,258"` read as 258 until 2026-11-27."""
    assert classify(text, decimal_comma=decimal_comma)[2] != GROUPED


@pytest.mark.parametrize(
    ("sample", "decimal"),
    [
        # Comma-separated, values quoted: a value below one shows the decimal comma (no thousands
        # start with 0); `"1,833"` alone could be either and stays grouped thousands.
        ('date,rate\n01-01-2014,"0,258"\n01-02-2014,"0,250"\n01-03-2014,"1,833"\n', ","),
        ('date,rate\n01-01-1999,"3,215"\n01-02-1999,"3,032"\n', "."),
        ('a,b\n"0,5",1.5\n"0,25",2.5\n3.5,4.5\n', "."),  # more points than commas
        ('a,b\n"0,5",x\n1,y\n', "."),  # once is not enough
    ],
)
def test_in_a_comma_separated_file_only_quoted_values_below_one_show_a_decimal_comma(
    sample: str, decimal: str
) -> None:
    assert detect_dialect(sample).decimal == decimal


def test_euribor_rates_with_decimal_commas_in_a_comma_separated_file() -> None:
    # datahub's euribor_10_months_2012_by_month.csv: until 2026-11-27 its rates were 1 833 … 500.
    rates = [
        "1,833",
        "1,645",
        "1,497",
        "1,304",
        "1,204",
        "1,137",
        "1,124",
        "0,850",
        "0,713",
        "0,609",
        "0,547",
        "0,500",
    ]
    rows = "".join(f'01-{month:02d}-2012,"{rate}",10_months,2012\r\n' for month, rate in enumerate(rates, 1))
    summary = profile_bytes(("date,rate(%),maturity_level,year\r\n" + rows).encode())
    assert summary["source"]["dialect"]["decimal_separator"] == ","
    column = summary["columns"]["rate(%)"]
    assert summary["schema"]["rate(%)"] == "float" and (column["min"], column["max"]) == (0.5, 1.833)
    assert summary["schema"]["year"] == "int" and not summary["quality_issues"]["type_mismatches"]


@pytest.mark.parametrize(
    ("text", "decimal_comma", "kind", "value", "fmt"),
    [
        ("$1,234.56", False, FLOAT, 1234.56, CURRENCY),  # US bank and broker exports
        ("-$7461.72", False, FLOAT, -7461.72, CURRENCY),
        ("- $1,150.00", False, FLOAT, -1150.0, CURRENCY),  # Venmo
        ("+ $1,150.00", False, FLOAT, 1150.0, CURRENCY),
        ("($1,600.03)", False, FLOAT, -1600.03, CURRENCY),  # an accountant's negative (HealthEquity)
        ("$-5", False, INT, -5, CURRENCY),
        ("1200€", False, INT, 1200, CURRENCY),
        ("-123,45 €", True, FLOAT, -123.45, CURRENCY),  # German bank exports
        ("$ 10.000,00", True, FLOAT, 10000.0, CURRENCY),
        ("£3", False, INT, 3, CURRENCY),
        ("17.88%", False, FLOAT, 17.88, PERCENT),  # Search Console: the number as written
        ("-3.2 %", False, FLOAT, -3.2, PERCENT),
        ("12,5%", True, FLOAT, 12.5, PERCENT),
    ],
)
def test_money_and_percentages_are_numbers(
    text: str, decimal_comma: bool, kind: str, value: object, fmt: str
) -> None:
    # Until 2026-11-27 these were text: 18 money and 13 percent columns of 3 967 real files swept.
    assert classify(text, decimal_comma=decimal_comma) == (kind, value, fmt)


@pytest.mark.parametrize(
    "text",
    ["$", "%", "$5%", "--$5", "-$-5", "(-$5)", "($)", "$(-5)", "12,50 €", "1.2.3%", "$inf", "abc%"],
)
def test_marks_around_what_is_no_number_make_no_number(text: str) -> None:
    assert classify(text)[0] == STRING


def test_a_hostile_marked_cell_is_read_in_linear_time() -> None:
    # Optional groups around a run of digits and spaces backtracked quadratically in a first draft.
    for text in (
        "$1" + " " * 200_000 + "x",
        "(" + " " * 100_000 + "$" + "1" * 100_000,
        "1" * 100_000 + " %x",
    ):
        assert classify(text)[0] == STRING


@pytest.mark.parametrize("chunk_rows", [1, 4096])
def test_columns_of_money_and_percentages_in_any_chunking_and_parts(
    chunk_rows: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = "".join(
        f'2024-01-{day % 28 + 1:02d},"${day % 900 + 100},{day % 1000:03d}.{day % 100:02d}",'
        f"{day % 40}.5%,({day % 7}.00 $)\n"
        for day in range(1, 4001)
    )
    path = tmp_path / "money.csv"
    path.write_text("date,amount,rate,refund\n" + rows, encoding="utf-8")
    options = ProfileOptions(chunk_rows=chunk_rows)
    with path.open("rb") as stream:
        alone = check_summary(profile_stream(stream, path.name, options))
    assert alone["schema"] == {"date": "date", "amount": "float", "rate": "float", "refund": "float"}
    columns = alone["columns"]
    assert (columns["amount"]["currency_values"], columns["amount"]["grouped_values"]) == (4000, 0)
    assert (columns["rate"]["percent_values"], columns["rate"]["max"]) == (4000, 39.5)
    assert (columns["refund"]["currency_values"], columns["refund"]["min"], columns["refund"]["max"]) == (
        4000,
        -6,
        0,
    )
    monkeypatch.setattr(parallel, "MIN_PART_BYTES", 64)
    together = check_summary(profile_file(path, options=options, jobs=3))
    assert_same(together, alone)
    assert together["columns"]["amount"]["currency_values"] == 4000
