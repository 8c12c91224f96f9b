"""Eurostat's tab-separated tables (its bulk download and its API's TSV): the first name joins the
row dimensions' codes and names the time dimension after a backslash (`unit,sex,age,geo\\time`,
`freq,unit,geo\\TIME_PERIOD`); every value is followed by a space and its flags (`3373306 p`), and
`:` is a value not available. Read as Eurostat's users read them: the dimensions split into columns,
the flags taken off the values and counted per column, `:` missing. Until 2026-11-28 one column held
the joined codes and every year with a flag or a `:` in it was text."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from csvpipe.core import parallel
from csvpipe.core.dialect import detect_dialect

from .conftest import check_summary, profile_bytes
from .test_parallel import _both, assert_same

BULK = (
    "unit,sex,age,geo\\time\t2022 \t2021 \t2020 \t2019 \n"
    "NR,F,TOTAL,AT\t4537522 \t4509783 \t4493171 \t4477443 \n"
    "NR,F,TOTAL,BE\t5855893 \t5819813 \t5808722 \t5794270 \n"
    "NR,F,TOTAL,BG\t3373306 p\t3438658 \t3474236 \t3513046 \n"
    "NR,F,TOTAL,CH\t4388658 \t4352289 \t4321117 b\t4290479 \n"
    "NR,F,TOTAL,CY\t: \t: \t457386 \t450637 \n"
    "NR,F,TOTAL,CZ\t5431458 ep\t5425035 \t5436521 \t5413919 \n"
    "NR,F,TOTAL,DE\t42288540 \t42151262 \t42137424 \t42078263 \n"
    "NR,F,TOTAL,DK\t: c\t2938102 \t2921565 \t2908390 \n"
)


def test_a_bulk_download_table_is_read_as_its_users_read_it() -> None:
    summary = profile_bytes(BULK.encode(), name="demo_pjan.tsv")
    assert summary["schema"] == {
        "unit": "string",
        "sex": "string",
        "age": "string",
        "geo": "string",
        "2022": "int",
        "2021": "int",
        "2020": "int",
        "2019": "int",
    }
    columns = summary["columns"]
    assert (columns["2022"]["missing"], columns["2022"]["min"], columns["2022"]["max"]) == (
        2,
        3373306,
        42288540,
    )
    assert columns["2022"]["flags"] == {"c": 1, "e": 1, "p": 2}
    assert columns["2020"]["flags"] == {"b": 1} and "flags" not in columns["2019"]
    assert columns["geo"]["distinct"] == 8 and columns["unit"]["top_values"] == [{"value": "NR", "count": 8}]
    quality = summary["quality_issues"]
    assert not quality["header"] and not quality["whitespace"] and not quality["type_mismatches"]
    assert summary["source"]["dialect"]["eurostat"] is True and summary["row_count"] == 8


def test_an_api_table_with_time_period_and_decimals() -> None:
    text = (
        "freq,unit,geo\\TIME_PERIOD\t2024-01 \t2024-02 \t2024-03 \n"
        "M,PC,AT\t2.5 \t2.4 p\t: z\n"
        "M,PC,BE\t1.9 e\t1.8 \t2.0 \n"
        "M,PC,EU27_2020\t2.8 \t2.6 \t2.4 d\n"
    )
    summary = profile_bytes(gzip.compress(text.encode()), name="prc_hicp.tsv.gz")
    assert list(summary["schema"]) == ["freq", "unit", "geo", "2024-01", "2024-02", "2024-03"]
    assert [summary["schema"][name] for name in ("2024-01", "2024-02", "2024-03")] == ["float"] * 3
    assert summary["columns"]["2024-03"]["missing"] == 1
    assert summary["columns"]["2024-03"]["flags"] == {"d": 1, "z": 1}


def test_a_cell_that_is_no_flagged_value_is_kept_whole() -> None:
    # Only lower-case letters after the space are flags; anything else stays in the value.
    head, _, rows = BULK.partition("\n")
    text = head + "\n" + (rows * 5).replace("4509783 \t", "12 M\t", 1).replace("5819813 \t", "n/a\t", 1)
    summary = profile_bytes(text.encode())
    mismatches = summary["quality_issues"]["type_mismatches"]["2021"]
    assert mismatches["count"] == 1 and mismatches["examples"][0]["value"] == "12 M"
    assert summary["columns"]["2021"]["missing"] == 6  # one `n/a` (pandas' marker), five `:`


@pytest.mark.parametrize(
    "text",
    [
        "unit\t2022 \t2021 \nNR\t5 p\t6 \nNR\t7 \t8 e\n",  # no backslash in the first name
        "unit,geo\\time,2022,2021\nNR,AT,5 p,6\nNR,BE,7,8 e\n",  # comma-separated: not Eurostat's TSV
        "path\\dir\ta\tb\nx\t5 p\t6\ny\t7\t8 e\n",  # a backslash, but no time dimension
    ],
)
def test_other_files_with_such_cells_are_read_as_before(text: str) -> None:
    summary = profile_bytes(text.encode())
    assert summary["source"]["dialect"]["eurostat"] is False
    assert "string" in summary["schema"].values()
    assert not any("flags" in column for column in summary["columns"].values())


def test_the_dialect_knows_it() -> None:
    assert detect_dialect(BULK).eurostat
    assert not detect_dialect(BULK.replace("geo\\time", "geo")).eurostat


def test_a_split_table_counts_its_flags_as_one_process_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    head, _, rows = BULK.partition("\n")
    path = tmp_path / "demo.tsv"
    path.write_text(head + "\n" + rows * 30, encoding="utf-8")  # quantiles still exact
    monkeypatch.setattr(parallel, "MIN_PART_BYTES", 64)
    alone, together = _both(path)
    check_summary(alone)
    assert alone["row_count"] == 240 and alone["columns"]["2022"]["flags"] == {"c": 30, "e": 30, "p": 60}
    assert_same(together, alone)
    assert together["columns"]["2022"]["flags"] == alone["columns"]["2022"]["flags"]
