"""Tables aligned by spaces with no rule under their names — pandas' `DataFrame.to_string()`, R's
`print`, `docker ps`, `kubectl get`, tabulate's `plain`, rich's `SIMPLE` box: the columns are where
every line of the first block leaves a gap (Dialect.column_spans, `column_spans_from` "alignment").
Until 2026-11-28 such a file was one column of text, or, read by runs of spaces, had `New York` in
two columns and an empty cell's neighbour moved into it."""

from __future__ import annotations

from pathlib import Path

import pytest

from csvpipe.core.dialect import cut_at, detect_dialect

from .conftest import profile_bytes
from .test_parallel import read_in_small_parts

# pandas 2.x, `df.to_string()`: the index first, nameless; right-aligned names and values.
PANDAS = (
    "                    ts    value       label  count   flag\n"
    "0  2024-01-01 09:30:00   34.558  beta gamma    335  False\n"
    "1  2024-01-01 10:07:00   82.162       alpha    252   True\n"
    "2  2024-01-01 10:44:00   33.044  beta gamma    490  False\n"
    "3  2024-01-01 11:21:00      NaN       delta    375  False\n"
    "4  2024-01-01 11:58:00   90.536  beta gamma     22   True\n"
    "5  2024-01-01 12:35:00   44.637         NaN     69  False\n"
    "6  2024-01-01 13:12:00  -53.695  beta gamma    270   True\n"
)

# `docker ps`: left-aligned, three spaces apart; values with spaces, an empty PORTS cell.
DOCKER = (
    "CONTAINER ID   IMAGE          COMMAND                  CREATED        STATUS"
    "                    PORTS                    NAMES\n"
    '4c01db0b339c   ubuntu:22.04   "bash"                   17 hours ago   Up 17 hours'
    "               0.0.0.0:8080->80/tcp     web_app\n"
    'd7886598dbe2   postgres:15    "docker-entrypoint.s…"   2 days ago     Up 2 days'
    "                 5432/tcp                 db\n"
    'a1b2c3d4e5f6   redis:7        "redis-server"           3 weeks ago    Exited (0) 2 hours ago'
    "                             cache\n"
    '0f9e8d7c6b5a   nginx:1.25     "/docker-entrypoint.…"   4 weeks ago    Up 4 weeks'
    "                80/tcp                   proxy\n"
)

# R's `print(head(mtcars))`: row names with spaces, one space between columns.
MTCARS = (
    "                   mpg cyl  disp  hp drat    wt  qsec vs am gear carb\n"
    "Mazda RX4         21.0   6 160.0 110 3.90 2.620 16.46  0  1    4    4\n"
    "Mazda RX4 Wag     21.0   6 160.0 110 3.90 2.875 17.02  0  1    4    4\n"
    "Datsun 710        22.8   4 108.0  93 3.85 2.320 18.61  1  1    4    1\n"
    "Hornet 4 Drive    21.4   6 258.0 110 3.08 3.215 19.44  1  0    3    1\n"
    "Hornet Sportabout 18.7   8 360.0 175 3.15 3.440 17.02  0  0    3    2\n"
    "Valiant           18.1   6 225.0 105 2.76 3.460 20.22  1  0    3    1\n"
)


def test_pandas_to_string_reads_as_its_columns() -> None:
    summary = profile_bytes(PANDAS.encode(), "frame.txt")
    dialect = summary["source"]["dialect"]
    assert (dialect["delimiter_name"], dialect["column_spans_from"]) == ("fixed_width", "alignment")
    # The index is a column with no name (reported, as pandas' `to_csv` index is); the timestamp's
    # date, which no name lies over, is one column with its time.
    assert summary["schema"] == {
        "column_1": "int",
        "ts": "datetime",
        "value": "float",
        "label": "string",
        "count": "int",
        "flag": "bool",
    }
    columns = summary["columns"]
    assert columns["value"]["missing"] == 1 and columns["value"]["min"] == -53.695
    assert {top["value"] for top in columns["label"]["top_values"]} == {"beta gamma", "alpha", "delta"}
    assert columns["ts"]["max"] == "2024-01-01T13:12:00"
    assert summary["quality_issues"]["whitespace"] == {}


def test_a_timestamp_first_with_its_name_over_its_time() -> None:
    # `to_string(index=False)`: the date has no name over it and nothing before it.
    text = "".join(line[3:] + "\n" for line in PANDAS.splitlines())
    summary = profile_bytes(text.encode(), "frame.txt")
    assert list(summary["schema"].items())[:2] == [("ts", "datetime"), ("value", "float")]
    assert summary["row_count"] == 7


def test_docker_ps_keeps_values_with_spaces_and_empty_cells_in_their_columns() -> None:
    summary = profile_bytes(DOCKER.encode(), "ps.txt")
    assert list(summary["schema"]) == [
        "CONTAINER ID",
        "IMAGE",
        "COMMAND",
        "CREATED",
        "STATUS",
        "PORTS",
        "NAMES",
    ]
    columns = summary["columns"]
    assert {top["value"] for top in columns["STATUS"]["top_values"]} >= {
        "Exited (0) 2 hours ago",
        "Up 2 days",
    }
    assert columns["PORTS"]["missing"] == 1
    assert {top["value"] for top in columns["NAMES"]["top_values"]} == {"web_app", "db", "cache", "proxy"}
    assert summary["quality_issues"]["ragged_rows"]["too_few_fields"]["count"] == 0


def test_r_print_with_row_names_of_several_words() -> None:
    summary = profile_bytes(MTCARS.encode(), "mtcars.txt")
    assert summary["schema"]["column_1"] == "string"  # the row names, nameless as R prints them
    assert {top["value"] for top in summary["columns"]["column_1"]["top_values"]} >= {"Mazda RX4 Wag"}
    assert summary["schema"]["mpg"] == "float" and summary["schema"]["carb"] == "int"
    assert summary["columns"]["hp"]["max"] == 175
    assert len(summary["schema"]) == 12


def test_a_value_wider_than_the_sample_s_column_still_reads() -> None:
    # lifelines' divorce.dat: ids right-aligned in 8 places; the first 200 lines hold up to three
    # digits, later ones four, reaching into the gap the sample left before the column.
    lines = ["       id        heduc     years   div"]
    education = ["< 12 years", "12-15 years", "16+ years"]
    lines += [
        f"{index:>8} {education[index % 3]:>12} {index % 50 + 0.5:>9}   {'Yes' if index % 3 else 'No':>3}"
        for index in range(1, 1501)
    ]
    summary = profile_bytes(("\n".join(lines) + "\n").encode(), "divorce.dat")
    assert summary["source"]["dialect"]["column_spans_from"] == "alignment"
    assert summary["schema"] == {"id": "int", "heduc": "string", "years": "float", "div": "bool"}
    assert summary["row_count"] == 1500 and summary["columns"]["id"]["max"] == 1500
    assert summary["quality_issues"]["ragged_rows"]["too_few_fields"]["count"] == 0


def test_a_line_across_a_gap_is_one_field_and_reported() -> None:
    # After the lines the columns were found on, nothing is cut where a line has no space within a
    # gap: the row stays whole, reported as ragged.
    names, *rows = DOCKER.splitlines(keepends=True)
    across = "x" * 140 + "\n"
    summary = profile_bytes("".join([names, *rows * 60, across, *rows]).encode(), "ps.txt")
    assert summary["source"]["dialect"]["column_spans_from"] == "alignment"
    assert summary["row_count"] == 245
    assert summary["quality_issues"]["ragged_rows"]["too_few_fields"] == {"count": 1, "first_lines": [242]}


def test_cut_at_takes_a_space_within_each_gap() -> None:
    gaps = ((4, 6), (10, 12))
    assert cut_at("  12  abcd  x y", gaps) == ["12", "abcd", "x y"]
    assert cut_at(" 1234 abcde x", gaps) == ["1234", "abcde", "x"]  # reaching into the gaps
    assert cut_at("  12", gaps) == ["12", "", ""]  # a line that ends early
    assert cut_at("  12xxxxxxxx y", gaps) is None  # text across a whole gap


def test_rich_simple_box_reads_under_its_rule_of_box_lines() -> None:
    # rich 15's `box.SIMPLE`: a blank line, the names, one line of `─` across them all, the rows.
    rule = "─" * 32
    text = f"{' ' * 32}\n  id   name     price   when      \n {rule}\n"
    text += "".join(f"  {i:<4} item {i:<3} {i / 4:<7.2f} 2024-01-{i + 1:02d}\n" for i in range(6))
    summary = profile_bytes(text.encode(), "rich.txt")
    assert summary["schema"] == {"id": "int", "name": "string", "price": "float", "when": "date"}
    assert summary["row_count"] == 6
    assert summary["source"]["header_rows"] == [{"line": 3, "text": "─" * 32}]


def test_a_tibble_s_note_and_types_row() -> None:
    text = (
        "# A tibble: 4 × 3\n"
        "  name           height  mass\n"
        "  <chr>           <int> <dbl>\n"
        "1 Luke Skywalker    172    77\n"
        "2 C-3PO             167    75\n"
        "3 Darth Vader       202   136\n"
        "4 Leia Organa       150    49\n"
    )
    summary = profile_bytes(text.encode(), "tibble.txt")
    assert summary["schema"] == {"column_1": "int", "name": "string", "height": "int", "mass": "int"}
    assert summary["row_count"] == 4
    assert summary["source"]["preamble"][0]["text"] == "# A tibble: 4 × 3"
    assert summary["source"]["header_rows"] == [
        {"line": 3, "text": " <chr> <int> <dbl>"}
    ]  # (the row labels: none)


def test_pandas_named_index_line_is_a_header_row() -> None:
    text = (
        "            value  count\n"
        "label                   \n"
        "beta gamma  34.558    335\n"
        "alpha       82.162    252\n"
        "delta        3.044    490\n"
    )
    summary = profile_bytes(text.encode(), "grouped.txt")
    assert summary["row_count"] == 3
    assert summary["source"]["header_rows"] == [{"line": 2, "text": "label"}]
    assert summary["schema"] == {"column_1": "string", "value": "float", "count": "int"}


def test_no_names_over_most_columns_reads_every_run_as_a_column() -> None:
    # readr's `epa78.txt`, headerless: the first line fills three of its columns.
    text = (
        "ALFA ROMEO                           ALFA ROMEO   78010003\n"
        "ALFETTA         03  81  8    74  7   ALFETTA      78010053\n"
        "SPIDER 2000     01                   SPIDER 2000  78010103\n"
        "GREMLIN         03  79  9            GREMLIN      78020053\n"
        "PACER           04  89 11    89 11   PACER        78020103\n"
    )
    dialect = detect_dialect(text)
    assert len(dialect.column_spans) == 8 and dialect.columns_aligned


@pytest.mark.parametrize(
    "text",
    [
        # runs of spaces read the same values: the space reading stands (numpy's `savetxt`)
        "    a       b\n  1.0000  2.0000\n  3.0000  4.0000\n  5.0000  6.0000\n  7.0000  8.0000\n",
        # a CSV whose names hold two spaces
        "first  name,age\nAnn,3\nBo,4\nCy,5\nDi,6\n",
        # prose: no gap runs down every line
        "A note  with two spaces.\nIt goes on for a while here.\n"
        "And then some more of it.\nThe end of it all.\n",
        # three lines under the names are too few to tell
        "name   age\nAnn    3\nBo     4\nCy     5\n",
    ],
    ids=["space-reading", "csv", "prose", "short"],
)
def test_not_an_aligned_table(text: str) -> None:
    assert not detect_dialect(text).columns_aligned


def test_an_aligned_table_read_in_parts_reads_as_in_one_pass(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = "".join(PANDAS.splitlines(keepends=True)[1:])
    summary = read_in_small_parts(tmp_path / "frame.txt", PANDAS + rows * 50, monkeypatch)
    assert summary["row_count"] == 357 and summary["source"]["dialect"]["column_spans_from"] == "alignment"


def test_a_table_under_a_title_and_a_blank_line() -> None:
    text = "Report of the day\n\nname       n     x\n" + "".join(
        f"{city:<9} {n:>2} {n + 0.5:>5}\n"
        for n, city in enumerate(["New York", "Oslo", "San Jose", "Rome", "Paris"])
    )
    summary = profile_bytes(text.encode(), "report.txt")
    assert summary["schema"] == {"name": "string", "n": "int", "x": "float"}
    assert [line["text"] for line in summary["source"]["preamble"]] == ["Report of the day", ""]
    assert summary["row_count"] == 5


def test_aligned_notes_above_a_table_are_no_table() -> None:
    # DWD's test reference years: `key    : value` notes aligned by their colons, then the table
    # under a line of `***` (read by runs of spaces under notes, as before).
    notes = "TRY01   Nordseekueste\n\nArt des TRY    : mittleres Jahr\nBezugszeitraum : 1988-2007\n"
    notes += "Stadteffekt    : -----\nHöhenkorrektur : -----\n\n"
    table = "RG    IS  MM  DD  HH  N     t\n***\n" + "".join(
        f" 1     1   1   1  {hour:>2}  3  {hour / 10 - 0.2:>4.1f}\n" for hour in range(1, 13)
    )
    summary = profile_bytes((notes + table).encode(), "TRY2010_01_Jahr.dat")
    assert summary["source"]["dialect"]["delimiter_name"] == "space"
    assert list(summary["schema"]) == ["RG", "IS", "MM", "DD", "HH", "N", "t"]
    assert summary["row_count"] == 12


def test_columns_that_touch_are_read_by_runs_of_spaces() -> None:
    # GISS's table: its names stand one place right of their values, so `J-D`'s last letter touches
    # `D-N`'s values and no gap runs between them; runs of spaces read every line as wide.
    lines = ["Year    Dec    J-D D-N    DJF"]
    lines += [
        f"{1880 + i}  {v:>4}    {v:>3} {v:>3}    {v - 5:>3}"
        for i, v in enumerate([-29, 1, -22, -2, -27, -30])
    ]
    summary = profile_bytes(("\n".join(lines) + "\n").encode(), "giss.txt")
    assert summary["source"]["dialect"]["delimiter_name"] == "space"
    assert summary["schema"] == {"Year": "int", "Dec": "int", "J-D": "int", "D-N": "int", "DJF": "int"}
