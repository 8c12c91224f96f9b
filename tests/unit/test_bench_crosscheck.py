"""bench.crosscheck's comparison: what counts as csvpipe and pandas disagreeing (pandas itself is a
bench-only dependency; here its facts are written out by hand)."""

from __future__ import annotations

import io
import sys
from dataclasses import replace
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
if str(REPO_ROOT) not in sys.path:  # bench/ is a top-level folder, not an installed package
    sys.path.insert(0, str(REPO_ROOT))

from bench.crosscheck import ColumnFacts, FileFacts, _shown_alike, compare  # noqa: E402

from csvpipe.core import profile_stream  # noqa: E402

CSV = b"n,x,w\n1,1.5,ab\n2,,abc\n4,2.5,ab\n"


def _summary() -> dict:
    return profile_stream(io.BytesIO(CSV), "t.csv")


def _facts() -> FileFacts:
    """What pandas says of CSV (pandas 3.1: mean, sample stddev, texts read as str)."""
    return FileFacts(
        rows=3,
        columns=[
            ColumnFacts("n", "int", 0, 1.0, 4.0, 7 / 3, 1.5275252316519465, 3, 1, 1),
            ColumnFacts("x", "float", 1, 1.5, 2.5, 2.0, 0.7071067811865476, 2, 3, 3),
            ColumnFacts("w", "string", 0, None, None, None, None, 2, 2, 3),
        ],
    )


def test_agreeing_facts_give_no_difference() -> None:
    assert compare(_summary(), _facts()) == []


def test_every_kind_of_difference_is_reported() -> None:
    facts = _facts()
    n, x, w = facts.columns
    changed = FileFacts(
        rows=4,
        columns=[
            replace(n, kind="float", mean=2.5),  # no missing cell: pandas' float is not NaN's doing
            replace(x, missing=0),
            replace(w, distinct_texts=3, longest=4),
        ],
    )
    found = compare(_summary(), changed)
    assert found == [
        "rows: pandas 4, csvpipe 3",
        "'n' type: pandas float, csvpipe int",
        "'n' avg: pandas 2.5, csvpipe 2.333",
        "'x' missing: pandas 0, csvpipe 1",
        "'w' distinct: pandas 3, csvpipe 2",
        "'w' lengths: pandas 2..4, csvpipe 2..3",
    ]


def test_an_int_column_pandas_reads_as_float_only_for_its_missing_cells() -> None:
    summary = profile_stream(io.BytesIO(b"n,m\n1,a\n,b\n3,c\n"), "t.csv")
    n = ColumnFacts("n", "float", 1, 1.0, 3.0, 2.0, 1.4142135623730951, 2, 1, 1)
    m = ColumnFacts("m", "string", 0, None, None, None, None, 3, 1, 1)
    assert compare(summary, FileFacts(rows=3, columns=[n, m])) == []
    assert compare(summary, FileFacts(rows=3, columns=[replace(n, missing=0), m])) == [
        "'n' missing: pandas 0, csvpipe 1",
        "'n' type: pandas float, csvpipe int",
    ]


def test_figures_compare_as_csvpipe_prints_them() -> None:
    assert _shown_alike(194.41, 194.41198979591837)
    assert not _shown_alike(194.66, 194.41198979591837)  # auto-mpg's displ before the type fix
    assert _shown_alike(0.0, 0.0) and not _shown_alike(0.0, 0.004)
    assert _shown_alike(None, None) and not _shown_alike(1.0, None)
    # A mean that is 0 in exact arithmetic, in a column of values up to 3: rounding noise both ways.
    assert _shown_alike(-7.903e-17, 3.763467880085276e-17, scale=3.0)
    assert not _shown_alike(-7.903e-17, 3.763467880085276e-17)
    # Large means are printed with 12 significant digits (found by a generated-file sweep).
    assert _shown_alike(-165272253871000.0, -165272253871404.38)
    assert not _shown_alike(-165272253870000.0, -165272253871404.38)
    # At a rounding boundary (exactly .325 in cents) either neighbour is a right print; a unit off is not.
    assert _shown_alike(2873705.32, 2873705.325000003) and _shown_alike(2873705.33, 2873705.325000003)
    assert not _shown_alike(2873705.31, 2873705.325000003)


def test_infinities_are_compared_apart_from_the_finite_figures() -> None:
    summary = profile_stream(io.BytesIO(b"x\n1.5\ninf\n2.5\n-inf\ninf\n"), "t.csv")
    x = ColumnFacts("x", "float", 0, 1.5, 2.5, 2.0, 0.7071067811865476, 4, 3, 4, infinities=(1, 2))
    assert compare(summary, FileFacts(rows=5, columns=[x])) == []
    assert compare(summary, FileFacts(rows=5, columns=[replace(x, infinities=(0, 2))])) == [
        "'x' infinities: pandas (0, 2), csvpipe {'negative': 1, 'positive': 2}"
    ]


def test_quartiles_must_sit_at_their_nearest_rank() -> None:
    facts = _facts()
    n, x, w = facts.columns
    with_numbers = replace(facts, columns=[replace(n, numbers=(1.0, 2.0, 4.0)), x, w])
    assert compare(_summary(), with_numbers) == []  # p25 = 1, median = 2, p75 = 4: ranks 1, 2, 3
    shifted = replace(facts, columns=[replace(n, numbers=(0.0, 0.5, 1.0)), x, w])
    found = compare(_summary(), shifted)
    assert found[0] == "'n' p25: csvpipe 1 holds ranks 3..3 of 3, the nearest rank is 1 (± 0 allowed)"
    assert len(found) == 3


def test_an_estimated_distinct_count_must_be_within_three_stated_errors() -> None:
    data = "v\n" + "".join(f"id-{i}\n" for i in range(20_000))
    summary = profile_stream(io.BytesIO(data.encode()), "t.csv")
    details = summary["columns"]["v"]
    assert details["distinct_exact"] is False
    truth = ColumnFacts("v", "string", 0, None, None, None, None, 20_000, 4, 8)
    assert compare(summary, FileFacts(rows=20_000, columns=[truth])) == []
    doubled = replace(truth, distinct_texts=40_000)
    assert "more than 3 × its stated error" in compare(summary, FileFacts(rows=20_000, columns=[doubled]))[0]


def test_top_values_keep_the_misra_gries_promise() -> None:
    facts = _facts()
    n, x, w = facts.columns
    right = replace(w, counts={"ab": 2, "abc": 1})
    assert compare(_summary(), replace(facts, columns=[n, x, right])) == []
    overcounted = replace(w, counts={"ab": 1, "abc": 1})
    missed = replace(w, counts={"ab": 2, "abc": 1, "zz": 5})
    assert compare(_summary(), replace(facts, columns=[n, x, overcounted])) == [
        "'w' top value 'ab': csvpipe 2, pandas 1 (undercount ≤ 0)"
    ]
    assert compare(_summary(), replace(facts, columns=[n, x, missed])) == [
        "'w' top values leave out 'zz' (5 times)"
    ]


def test_long_texts_alike_in_what_is_shown_are_compared_together() -> None:
    # Gene sequences alike in their first 200 letters (r-cran-airr): csvpipe lists each, both shown
    # the same; until 2026-11-27 the check kept the last one's count and reported an undercount.
    first, second = "A" * 250 + "C", "A" * 250 + "G"
    data = ("w\n" + f"{first}\n" * 3 + f"{second}\n" * 2).encode()
    summary = profile_stream(io.BytesIO(data), "t.csv")
    facts = FileFacts(
        rows=5,
        columns=[
            ColumnFacts("w", "string", 0, None, None, None, None, 2, 251, 251, counts={first: 3, second: 2})
        ],
    )
    assert compare(summary, facts) == []
    fewer = FileFacts(rows=5, columns=[replace(facts.columns[0], counts={first: 3, second: 1})])
    assert compare(summary, fewer) == [
        f"'w' top value '{'A' * 200}…251': csvpipe 5, pandas 4 (undercount ≤ 0)"
    ]


def test_generated_tables_are_seeded_and_profile(tmp_path: Path) -> None:
    import random

    from bench.generated_check import write_table

    first, again = tmp_path / "a.csv", tmp_path / "b.csv"
    write_table(first, tmp_path / "a.clean.csv", random.Random(7))
    write_table(again, tmp_path / "b.clean.csv", random.Random(7))
    assert first.read_bytes() == again.read_bytes()
    with first.open("rb") as stream:
        summary = profile_stream(stream, "a.csv")
    assert all(name.startswith(f"c{index}_") for index, name in enumerate(summary["schema"]))


def test_generated_tables_with_repeated_headers_read_as_their_clean_copies(tmp_path: Path) -> None:
    # What the pandas check relies on: csvpipe skips the repeats that pandas is spared.
    import random

    from bench.generated_check import write_table

    rng = random.Random(3)
    files = 0
    for index in range(40):
        path, clean = tmp_path / f"{index}.csv", tmp_path / f"{index}.clean.csv"
        repeats = write_table(path, clean, rng)
        if not repeats:
            continue
        files += 1
        with path.open("rb") as stream, clean.open("rb") as clean_stream:
            summary, expected = profile_stream(stream, "x.csv"), profile_stream(clean_stream, "x.csv")
        assert summary["quality_issues"]["repeated_header_rows"]["count"] == repeats
        for key in ("row_count", "schema", "statistics", "columns"):
            assert summary[key] == expected[key], (index, key)
    assert files >= 3


def test_grouped_columns_beside_either_decimal_mark_are_read_with_their_own_separator() -> None:
    """Beside a decimal comma pandas reads a grouped column with the separator its values hold (a
    point, a space, or the no-break spaces of French spreadsheets); until 2026-11-27 only comma-grouped
    columns beside a point were read with `thousands`, so the others differed by design."""
    from bench.crosscheck import _grouped_columns, _thousands_separator

    french = "Facture;Montant;Note\nF1;1\u00a0234,50;x\nF2;12,5;y\nF3;2\u00a0000,25;z\n".encode()
    summary = profile_stream(io.BytesIO(french), "f.csv")
    assert summary["source"]["dialect"]["decimal_separator"] == ","
    assert _grouped_columns(summary) == [1]
    assert _thousands_separator(["1\u00a0234,50", "12,5", "2\u00a0000,25"], ",") == "\u00a0"
    assert _thousands_separator(["1.234,5", "7", "31.01.2024 1 2"], ",") == "."
    # Beside a point: commas, or a Swiss export's apostrophes.
    assert _thousands_separator(["19,582", "7"], ".") == ","
    assert _thousands_separator(["11'373.94", "240.00", "1'000"], ".") == "'"
    assert _grouped_columns(_summary()) == []


def test_generated_european_tables_use_semicolons_decimal_commas_and_grouped_thousands(
    tmp_path: Path,
) -> None:
    import random

    from bench.generated_check import write_table

    rng = random.Random(3)
    decimal_commas = grouped = 0
    for index in range(60):
        path = tmp_path / f"{index}.csv"
        write_table(path, tmp_path / f"{index}.clean.csv", rng, european=True)
        with path.open("rb") as stream:
            summary = profile_stream(stream, "x.csv")
        assert summary["source"]["dialect"]["delimiter"] == ";" and len(summary["schema"]) >= 2
        if summary["source"]["dialect"]["decimal_separator"] == ",":
            decimal_commas += 1
            grouped += any(column.get("grouped_values") for column in summary["columns"].values())
    assert decimal_commas >= 30 and grouped >= 10


def test_the_generator_names_its_grouped_columns_for_the_check(tmp_path: Path) -> None:
    import random

    from bench.generated_check import _grouped_positions, write_table

    rng = random.Random(5)
    for european in (False, True):
        for index in range(30):
            clean = tmp_path / f"{index}{european}.clean.csv"
            write_table(tmp_path / f"{index}{european}.csv", clean, rng, european=european)
            names = clean.read_text(encoding="utf-8").splitlines()[0].split(";" if european else ",")
            assert _grouped_positions(clean, european) == [
                i for i, n in enumerate(names) if n.endswith("_grouped")
            ]


def test_money_and_percent_texts_are_read_by_the_checks_own_rules() -> None:
    from bench.crosscheck import _plain_number

    assert _plain_number("$1,234.56", ".") == 1234.56
    assert _plain_number("($1,600.03)", ".") == -1600.03
    assert _plain_number("- $1,150.00", ".") == -1150.0
    assert _plain_number("-123,45 €", ",") == -123.45
    assert _plain_number("$ 10.000,00", ",") == 10000.0
    assert _plain_number("11'373.94", ".") == 11373.94
    assert _plain_number("100%", ".") == 100 and isinstance(_plain_number("100%", "."), int)
    assert _plain_number("n/a", ".") is None and _plain_number(None, ".") is None


def test_ledger_negatives_are_read_by_the_checks_own_rules() -> None:
    from bench.crosscheck import _plain_number

    assert _plain_number("(1,234.00)", ".") == -1234.0
    assert _plain_number("$ (345.50)", ".") == -345.5
    assert _plain_number("(345,50) €", ",") == -345.5
    assert _plain_number("1.234,56-", ",") == -1234.56
    assert _plain_number("\u221212.5", ".") == -12.5
    assert _plain_number(" $ -   ", ".") == 0 and _plain_number("-   €", ",") == 0
    assert _plain_number("-", ".") is None


def test_eurostat_cells_are_read_by_the_checks_own_rule() -> None:
    from bench.crosscheck import _unflagged

    assert _unflagged("3373306 p") == "3373306" and _unflagged("4537522 ") == "4537522"
    assert _unflagged(": c") is None and _unflagged(": ") is None and _unflagged(None) is None
    assert _unflagged("2.5") == "2.5"
