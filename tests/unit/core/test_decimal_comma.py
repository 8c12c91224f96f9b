"""Decimal commas (1,5 and 1.234,5), as spreadsheets set to most European locales write them into
semicolon-separated files: detected from the first block, read alike by every path of the engine."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from csvpipe.core import ProfileOptions, parallel, profile_stream
from csvpipe.core.dialect import detect_dialect
from csvpipe.core.parallel import profile_file
from csvpipe.core.values import classify

from .conftest import check_summary, profile_bytes, round_floats
from .test_parallel import assert_same

INVOICE = (
    "Datum;Artikel;Menge;Preis;Umsatz;Rabatt\n"
    "31.01.2024;Schraube M4;100;0,05;5,00;0\n"
    "01.02.2024;Mutter;1.250;0,02;25,00;0,1\n"
    "02.02.2024;Dübel;40;0,15;6,00;0\n"
    "03.02.2024;Bohrer 6 mm;2;4,99;9,98;0,05\n"
    "04.02.2024;Winkel;12;1.234,5;14.814,00;-0,5\n"
)


@pytest.mark.parametrize(
    ("sample", "decimal"),
    [
        (INVOICE, ","),
        ("a;b\n1,5;x\n2,25;y\n", ","),
        ("a\tb\n1,5\tx\n,25\ty\n", ","),
        ("a;b\n1.5;x\n2.25;y\n", "."),
        ("a;b\n1,5;x\n", "."),  # one value proves little
        ("a;b\n1,5;0.5\n2,5;1.5\n", "."),  # as many points as commas: keep the default
        ("a;b\n1,5;x\n2,5;y\n3,5;z\n4,5;0.5\n", ","),  # commas more than three times as often
        ('a,b\n"1,5",x\n"2,5",y\n', "."),  # comma-separated: only when forced
        ("a;b\n31.01.2024;1.234\n01.02.2024;2.345\n", "."),  # dates and groups alone decide nothing
        # Groups of points with a comma fraction: only a decimal comma writes them (a German budget's
        # bounds, okfde's wesel/kontenrahmen.csv, read as text until 2026-11-27).
        ("Konto;von;bis\n40;-999.999.999,99;999.999.999,99\n41;-1.000,00;2.500,50\n", ","),
        # Marked numbers show their decimal mark too (read as "." until 2026-11-28, and a column of
        # euro amounts as text): currency signs, percentages, parentheses, SAP's trailing minus,
        # Unicode's minus sign.
        ("Libellé;Montant\nCB;-1 234,56 €\nVIR;12,00 €\n", ","),
        ("Betrag;Anteil\n€ 5,50;12,5 %\n(1.234,56);3,25%\n", ","),
        ("Text;Betrag\nA;1.234,56-\nB;\u221212,50\n", ","),
        ("Amount;Share\n$1.50;12.5%\n($2.25);3.25%\n", "."),
        ("Text;Betrag\nA;€1,50\nB;€2,50\nC;$3.50\n", "."),  # as many points as commas (3 ≤ 3 × 1 is not more)
        # Quantities grouped by points beside amounts grouped so (SAP's lists): `4.403` is no vote for
        # the point once `5.969,53` shows points grouping. Read as "." until 2026-11-28, the amounts text.
        ("Menge;Wert\n4.403;5.969,53\n2.068;2.675,59\n16.235;7.980,26\n500;987,00\n", ","),
        ("Menge;Wert\n4.403;5,53\n2.068;2,59\n16.235;7,26\n", "."),  # no point groups: points vote
    ],
)
def test_the_decimal_separator_is_detected_from_the_values(sample: str, decimal: str) -> None:
    assert detect_dialect(sample).decimal == decimal


def test_a_forced_separator_wins() -> None:
    assert detect_dialect(INVOICE, forced_decimal=".").decimal == "."
    assert detect_dialect('a,b\n"1,5",x\n', forced_decimal=",").decimal == ","


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("1,5", "float", 1.5),
        (",5", "float", 0.5),
        ("-1,5e3", "float", -1500.0),
        (" 2,25 ", "float", 2.25),
        ("1.234", "int", 1234),  # grouped by thousands
        ("1.234.567", "int", 1234567),
        ("1.234,5", "float", 1234.5),
        ("15", "int", 15),
        ("1.5", "string", "1.5"),  # a point that groups nothing: no number here
        ("12.30", "string", "12.30"),
        ("1,5,6", "string", "1,5,6"),
    ],
)
def test_values_with_a_decimal_comma(text: str, kind: str, value: object) -> None:
    found = classify(text, decimal_comma=True)
    assert (found[0], found[1]) == (kind, value)


def test_dates_with_points_stay_dates_and_a_point_means_a_point_without_the_comma_setting() -> None:
    assert classify("31.01.2024", decimal_comma=True)[0] == "date"
    assert classify("1.5")[:2] == ("float", 1.5)
    assert classify("1,5")[0] == "string"


def test_an_invoice_with_decimal_commas_has_numeric_columns_with_exact_statistics() -> None:
    summary = profile_bytes(INVOICE.encode(), "rechnung.csv")
    assert summary["source"]["dialect"]["decimal_separator"] == ","
    assert summary["schema"] == {
        "Datum": "date",
        "Artikel": "string",
        "Menge": "int",
        "Preis": "float",
        "Umsatz": "float",
        "Rabatt": "float",
    }
    columns = summary["columns"]
    assert (columns["Menge"]["min"], columns["Menge"]["max"], columns["Menge"]["sum"]) == (2, 1250, 1404)
    assert (columns["Preis"]["min"], columns["Preis"]["max"]) == (0.02, 1234.5)
    assert columns["Umsatz"]["sum"] == pytest.approx(14859.98)
    assert (columns["Rabatt"]["min"], columns["Rabatt"]["max"]) == (-0.5, 0.1)
    assert summary["columns"]["Datum"]["min"] == "2024-01-31"


def test_a_decimal_point_in_a_decimal_comma_column_is_a_mismatch_with_its_line() -> None:
    body = "".join(f"{i},5;x\n" for i in range(40)) + "7.5;y\n"
    summary = profile_bytes(("wert;t\n" + body).encode())
    assert summary["schema"]["wert"] == "float"
    mismatch = summary["quality_issues"]["type_mismatches"]["wert"]
    assert mismatch["count"] == 1 and mismatch["examples"][0]["value"] == "7.5"
    assert mismatch["examples"][0]["line"] == 42


def test_forcing_a_point_keeps_decimal_commas_as_text() -> None:
    summary = profile_bytes(INVOICE.encode(), decimal=".")
    assert summary["source"]["dialect"]["decimal_separator"] == "."
    assert summary["schema"]["Preis"] == "string"


_ATOMS = [
    "1,5",
    "12",
    ",5",
    "-3,25e2",
    "1.234",
    "1.234,5",
    "7.5",
    "0",
    "x",
    "",
    "1,",
    "31.01.2024",
    "9" * 400,
]


def _profiles_in_two_chunkings(data: bytes) -> tuple[dict, dict]:
    """Chunks of 64 rows and one chunk, without what legitimately differs (sketches past their
    exact range; Misra-Gries counters, which skip chunks that took a bulk path)."""
    summaries = []
    for chunk_rows in (64, 100_000):
        summary = profile_bytes(data, chunk_rows=chunk_rows, decimal=",")
        for name, details in summary["columns"].items():
            details.pop("top_values", None)
            details.pop("top_values_max_undercount", None)
            if details.get("quantiles_exact") is False:  # compacted: within the bound, not equal
                for key in ("p25", "median", "p75"):
                    details.pop(key)
                summary["quality_issues"]["outliers"].pop(name, None)
        summaries.append(round_floats(summary))
    return summaries[0], summaries[1]


@pytest.mark.parametrize("number", ["1,5", ",5", "1,", "-3,25e2", "1.234", "1.234,5", "1.234.567"])
def test_a_typo_at_the_end_does_not_change_how_the_numbers_before_it_are_read(number: str) -> None:
    """The first chunks take a bulk path, the last one (with the typos) goes value by value; one
    chunk of all of them goes value by value throughout."""
    data = ("c;k\n" + f"{number};1\n" * 130 + "x;1\n" * 4).encode()
    chunked, whole = _profiles_in_two_chunkings(data)
    assert whole["schema"]["c"] != "string"
    for key in ("schema", "statistics", "quality_issues", "columns"):
        assert chunked[key] == whole[key], key


@settings(max_examples=120, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.lists(st.sampled_from(_ATOMS), min_size=1, max_size=3, unique=True), st.integers(1, 110)
        ),
        min_size=2,
        max_size=5,
    ),
    st.randoms(use_true_random=False),
)
def test_decimal_commas_give_the_same_profile_in_any_chunking(blocks, rng) -> None:
    """The chunk-wise paths (float() after a comma becomes a point) and value-by-value
    classification must read every text alike, or a column's figures would depend on its chunks."""
    cells = [rng.choice(pool) for pool, size in blocks for _ in range(size)]
    data = ("c;n\n" + "".join(f"{cell};{i},5\n" for i, cell in enumerate(cells))).encode()
    chunked, whole = _profiles_in_two_chunkings(data)
    for key in ("schema", "statistics", "quality_issues", "columns"):
        assert chunked[key] == whole[key], key


def test_parts_of_a_split_file_read_decimal_commas_as_its_start_does(tmp_path, monkeypatch) -> None:
    """Only the first block shows the separator; every part must use it."""
    monkeypatch.setattr(parallel, "MIN_PART_BYTES", 64)
    path = tmp_path / "gross.csv"
    path.write_text("id;betrag\n" + "".join(f"{i};{i},{i % 97:02d}\n" for i in range(3000)), encoding="utf-8")
    with path.open("rb") as stream:
        alone = check_summary(profile_stream(stream, path.name))
    split = check_summary(profile_file(path, jobs=3))
    assert split["schema"] == alone["schema"] == {"id": "int", "betrag": "float"}
    assert split["columns"]["betrag"]["max"] == 2999.89
    assert_same(split, alone)


def test_the_option_accepts_only_a_point_or_a_comma() -> None:
    with pytest.raises(ValueError, match="decimal"):
        ProfileOptions(decimal=";")


FRENCH_BANK_EXPORT = (
    "Date;Libellé;Montant;Solde\n"
    "31/01/2024;CB CARREFOUR;-45,20 €;1 954,80 €\n"
    "01/02/2024;VIR SALAIRE;2 100,00 €;4 054,80 €\n"
    "02/02/2024;PRLV EDF;-1 234,56 €;2 820,24 €\n"
)


def test_a_bank_export_whose_amounts_all_carry_a_currency_sign_reads_them_as_numbers() -> None:
    """Every amount is marked (`-45,20 €`), none bare: the decimal comma is still seen, and the
    amounts are floats counted as currency (until 2026-11-28 both columns were text)."""
    summary = check_summary(profile_bytes(FRENCH_BANK_EXPORT.encode()))
    assert summary["source"]["dialect"]["decimal_separator"] == ","
    assert summary["schema"]["Montant"] == summary["schema"]["Solde"] == "float"
    assert summary["statistics"]["Montant"] == {"min": -1234.56, "max": 2100.0, "avg": 273.41}
    assert summary["columns"]["Solde"]["currency_values"] == 3
