"""Tables drawn with `|` for people to read — Markdown, MySQL's and psql's output pasted into a file:
the borders are no columns, the rules and frame lines no rows and the padding no whitespace issue
(Dialect.drawn). Until 2026-11-28 a Markdown table had an empty column on each side, its rule was a
row and every column text; MySQL's closing frame was a repeated header and its `5 rows in set` a
ragged row."""

from __future__ import annotations

from pathlib import Path

import pytest

from csvpipe.core.dialect import FRAMED, PADDED, detect_dialect, is_rule

from .conftest import profile_bytes
from .test_parallel import read_in_small_parts

FRUIT = [("1", "apple", "1.50", "2024-01-02"), ("2", "pear", "2.25", "2024-01-03")]
FRUIT += [
    ("3", "fig", "0.75", "2024-01-04"),
    ("4", "kiwi", "", "2024-01-05"),
    ("5", "plum", "1.10", "2024-01-06"),
]
SCHEMA = {"id": "int", "name": "string", "price": "float", "when": "date"}


def _boxed(left: str, right: str, rows: list[tuple[str, ...]] = FRUIT) -> str:
    return "".join(f"{left}{' | '.join(f'{value:>5}' for value in row)}{right}\n" for row in rows)


MARKDOWN = "| id | name | price | when |\n|---:|:-----|------:|:----------:|\n" + _boxed("| ", " |")
FRAME = "+----+-------+-------+------------+\n"
MYSQL = (
    FRAME
    + "| id | name  | price | when       |\n"
    + FRAME
    + _boxed("| ", " |")
    + FRAME
    + "5 rows in set (0.00 sec)\n"
)
PSQL = " id | name  | price |    when\n----+-------+-------+------------\n" + _boxed(" ", "") + "(5 rows)\n"


def _clean(summary: dict) -> None:
    """The table as its values are: typed columns, the empty price missing, no issue of layout."""
    assert summary["schema"] == SCHEMA
    assert summary["row_count"] == 5
    issues = summary["quality_issues"]
    assert issues["missing_values"] == {"price": {"count": 1, "percentage": 20.0}}
    assert issues["whitespace"] == {} and issues["header"] == [] and issues["empty_columns"] == []
    assert (
        issues["ragged_rows"]["too_few_fields"]["count"]
        == issues["ragged_rows"]["too_many_fields"]["count"]
        == 0
    )
    assert issues["repeated_header_rows"]["count"] == 0
    assert summary["columns"]["price"]["max"] == 2.25 and summary["columns"]["when"]["min"] == "2024-01-02"


def test_a_markdown_table_reads_without_borders_rule_or_padding() -> None:
    summary = profile_bytes(MARKDOWN.encode(), "table.md")
    _clean(summary)
    source = summary["source"]
    assert source["dialect"]["drawn"] == FRAMED and source["dialect"]["delimiter"] == "|"
    assert [row["line"] for row in source["header_rows"]] == [2]  # the rule, aligned by its colons
    assert source["footer"] == [] and source["preamble"] == []


def test_mysql_output_reads_without_its_frame_lines() -> None:
    summary = profile_bytes(MYSQL.encode(), "query.txt")
    _clean(summary)
    source = summary["source"]
    assert source["dialect"]["drawn"] == FRAMED
    assert source["preamble"] == [{"line": 1, "text": FRAME.strip()}]
    assert [row["line"] for row in source["header_rows"]] == [3]
    # The closing frame is the same line as the rule under the names: a footer's first line here.
    assert source["footer"] == [
        {"line": 9, "text": FRAME.strip()},
        {"line": 10, "text": "5 rows in set (0.00 sec)"},
    ]


def test_psql_output_reads_without_padding() -> None:
    summary = profile_bytes(PSQL.encode(), "query.txt")
    _clean(summary)
    source = summary["source"]
    assert source["dialect"]["drawn"] == PADDED
    assert [row["line"] for row in source["header_rows"]] == [2]
    assert source["footer"] == [{"line": 8, "text": "(5 rows)"}]


def test_a_markdown_document_profiles_its_first_table_and_lists_the_next() -> None:
    document = "# Results\n\nMeasured on 2024-01-02, best of three.\n\n" + MARKDOWN
    document += "\n## Timing\n\n| Model | Seconds |\n|-------|---------|\n| A | 12 |\n| B | 15 |\n"
    summary = profile_bytes(document.encode(), "README.md")
    _clean(summary)
    source = summary["source"]
    assert source["header_line"] == 5 and source["preamble"][0] == {"line": 1, "text": "# Results"}
    assert source["later_tables"] == [{"line": 15, "text": "Model|Seconds"}]


def test_pipes_around_unpadded_values_are_borders_too() -> None:
    # Some databases' exports (`|1|apple|3|`): the same borders without the padding.
    summary = profile_bytes(b"|id|name|qty|\n|1|apple|3|\n|2||4|\n|3|fig|5|\n", "export.txt")
    assert summary["schema"] == {"id": "int", "name": "string", "qty": "int"}
    assert summary["source"]["dialect"]["drawn"] == FRAMED
    assert summary["quality_issues"]["missing_values"] == {"name": {"count": 1, "percentage": 33.33}}


@pytest.mark.parametrize(
    "text",
    [
        "id|name|qty\n1| apple|3\n2|pear |4\n3|fig|5\n",  # no borders: the spaces are the values'
        "|name|qty|\n|apple|3|\nx|pear|4|\n|fig|5|\n",  # one record opens with a value: no frame
        "a,b\n|1|,2\n|3|,4\n",  # pipes in the values of a comma-separated file
    ],
    ids=["plain-pipes", "not-every-record", "commas"],
)
def test_a_table_not_drawn_is_read_as_before(text: str) -> None:
    summary = profile_bytes(text.encode())
    assert summary["source"]["dialect"]["drawn"] is None
    if text.startswith("id|"):
        assert summary["quality_issues"]["whitespace"] == {
            "name": {"count": 2, "percentage": 66.67}
        }  # reported, as in any other file


def test_a_drawn_table_splits_across_processes_as_it_reads_in_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = [(str(i), f"item {i % 7}", f"{i * 0.25:.2f}", f"2024-01-{1 + i % 28:02d}") for i in range(300)]
    text = (
        FRAME
        + "| id | name | price | when |\n"
        + FRAME
        + _boxed("| ", " |", rows)
        + FRAME
        + "300 rows in set\n"
    )
    summary = read_in_small_parts(tmp_path / "query.txt", text, monkeypatch)
    assert summary["row_count"] == 300 and summary["schema"] == SCHEMA
    assert len(summary["source"]["footer"]) == 2


@pytest.mark.parametrize(
    ("record", "rule"),
    [
        (["---", ":---", "---:", ":---:"], True),
        (["+----+------+"], True),
        (["----+------"], True),
        ([":-", "-:", ":-:"], True),  # prettytable's narrow columns
        (["--"], False),  # two dashes without a colon: a value (pandas' missing marker is one dash)
        (["--", "--"], False),
        (["--", "---------"], True),  # beside a longer run (SQLite's `.mode column` under `id`)
        ([":"], False),
        (["::"], False),
        ([":-:-:"], False),
        (["1", ":---"], False),
    ],
)
def test_markdown_rules_align_with_colons(record: list[str], rule: bool) -> None:
    assert is_rule(record) is rule


def test_the_sample_is_judged_without_the_borders() -> None:
    dialect = detect_dialect(MARKDOWN)
    assert dialect.drawn == FRAMED and dialect.header and len(dialect.header_rows) == 1
    assert dialect.trailing_delimiter is False and dialect.unnamed_first_field is False


def _duckdb_box(rows: list[tuple[str, ...]]) -> str:
    """DuckDB's `.show()` of the fruit table: names, then types, a rule, the rows, a count."""
    widths = (5, 7, 13, 10)

    def line(values: tuple[str, ...]) -> str:
        return (
            "│ "
            + " │ ".join(f"{value:>{width}}" for value, width in zip(values, widths, strict=True))
            + " │\n"
        )

    def rule(left: str, middle: str, right: str) -> str:
        return left + middle.join("─" * (width + 2) for width in widths) + right + "\n"

    text = rule("┌", "┬", "┐") + line(("id", "name", "price", "when"))
    text += line(("int64", "varchar", "decimal(9,2)", "date")) + rule("├", "┼", "┤")
    text += "".join(map(line, rows)) + rule("└", "┴", "┘")
    return text + f"  {len(rows)} rows{' ' * 30}4 columns\n"


def test_duckdb_box_output_reads_as_its_table() -> None:
    summary = profile_bytes(_duckdb_box(FRUIT).encode(), "duckdb.txt")
    _clean(summary)
    source = summary["source"]
    assert source["dialect"]["box_drawing"] is True and source["dialect"]["drawn"] == FRAMED
    # The types under the names and the rule under them are the header's rows; the count a footer.
    assert [row["line"] for row in source["header_rows"]] == [3, 4]
    assert [row["line"] for row in source["footer"]] == [10, 11]
    assert source["preamble"] == [{"line": 1, "text": "+" + "+".join("-" * w for w in (7, 9, 15, 12)) + "+"}]


def test_rich_and_psql_unicode_tables_read_as_their_ascii_twins() -> None:
    # rich's default box: heavy lines around the names, light ones around the rows.
    rich = "┏━━━━┳━━━━━━━┳━━━━━━━┳━━━━━━━━━━━━┓\n┃ id ┃ name  ┃ price ┃ when       ┃\n"
    rich += "┡━━━━╇━━━━━━━╇━━━━━━━╇━━━━━━━━━━━━┩\n" + _boxed("│ ", " │").replace(" | ", " │ ")
    rich += "└────┴───────┴───────┴────────────┘\n"
    summary = profile_bytes(rich.encode(), "rich.txt")
    _clean(summary)
    assert summary["source"]["dialect"]["drawn"] == FRAMED
    psql = " id │ name  │ price │    when\n────┼───────┼───────┼────────────\n"
    psql += _boxed(" ", "").replace(" | ", " │ ") + "(5 rows)\n"
    summary = profile_bytes(psql.encode(), "psql.txt")
    _clean(summary)
    assert summary["source"]["dialect"]["drawn"] == PADDED and summary["source"]["dialect"]["box_drawing"]


def test_a_box_character_in_a_csv_value_draws_no_table() -> None:
    text = "name,tree\n" + "".join(f"n{i},├── dir│{i}\n" for i in range(10))
    summary = profile_bytes(text.encode())
    assert summary["source"]["dialect"]["box_drawing"] is False
    assert summary["source"]["dialect"]["delimiter"] == "," and summary["row_count"] == 10


def test_a_box_table_splits_across_processes_as_it_reads_in_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = [(str(i), f"item {i % 7}", f"{i * 0.25:.2f}", f"2024-01-{1 + i % 28:02d}") for i in range(300)]
    summary = read_in_small_parts(tmp_path / "duckdb.txt", _duckdb_box(rows), monkeypatch)
    assert summary["row_count"] == 300 and summary["schema"] == SCHEMA


def test_an_sap_list_reads_as_a_framed_table_with_decimal_commas() -> None:
    # SAP's list export ("unconverted"): a title, rules of dashes, `|`-framed rows, German numbers.
    rule = "-" * 60 + "\n"
    text = "27.11.2026          Dynamic List Display          1\n\n" + rule
    text += "|Material  |Plnt|Unrestricted    |BUn|Value Unrestr. |\n" + rule
    german = str.maketrans(",.", ".,")
    for i in range(12):
        quantity, value = (
            f"{1000 * (i + 1) + 403:,}".translate(german),
            f"{i * 1111.25 + 0.5:,.2f}".translate(german),
        )
        text += f"|{100 + i}-{200 + i}   |1000|{quantity:>16}|PC |{value:>15}|\n"
    text += rule
    summary = profile_bytes(text.encode("cp1252"), "list.txt")
    assert summary["source"]["dialect"]["drawn"] == FRAMED
    assert summary["source"]["dialect"]["decimal_separator"] == ","
    assert summary["schema"] == {
        "Material": "string",
        "Plnt": "int",
        "Unrestricted": "int",
        "BUn": "string",
        "Value Unrestr.": "float",
    }
    assert summary["columns"]["Unrestricted"]["max"] == 12403 and summary["row_count"] == 12
    assert summary["columns"]["Value Unrestr."]["max"] == 12224.25


def test_a_rule_split_by_pipes_under_padded_names_is_drawn_too() -> None:
    # SQL*Plus with `SET COLSEP '|'` (sqlcmd's `-s "|"` alike): names and values padded to the rule.
    text = "     EMPNO|ENAME     |JOB      \n----------|----------|---------\n"
    text += "".join(
        f"{7369 + i:>10}|{name:<10}|{job:<9}\n"
        for i, (name, job) in enumerate(
            [("SMITH", "CLERK"), ("ALLEN", "SALESMAN"), ("WARD", "SALESMAN"), ("JONES", "MANAGER")]
        )
    )
    summary = profile_bytes(text.encode())
    assert summary["source"]["dialect"]["drawn"] == PADDED
    assert summary["schema"] == {"EMPNO": "int", "ENAME": "string", "JOB": "string"}
    assert summary["quality_issues"]["whitespace"] == {} and summary["quality_issues"]["header"] == []


@pytest.mark.parametrize(
    ("under_names", "between_rows"),
    [
        ("+====+=======+=======+============+", "+----+-------+-------+------------+"),  # tabulate grid
        ("+:===+:======+======:+:==========+", "+----+-------+-------+------------+"),  # Pandoc, aligned
        ("├────┼───────┼───────┼────────────┤", "├────┼───────┼───────┼────────────┤"),  # simple_grid
    ],
    ids=["grid", "pandoc", "box-grid"],
)
def test_a_grid_reads_without_the_lines_between_its_rows(under_names: str, between_rows: str) -> None:
    box = under_names.startswith("├")
    top, bottom = ("┌", "└") if box else ("+", "+")
    bar = "│" if box else "|"
    body = between_rows.join(
        "\n" + _boxed(f"{bar} ", f" {bar}", [row]).replace(" | ", f" {bar} ") for row in FRUIT
    )
    frame = between_rows.replace("├", top).replace("┤", "┐" if box else "+")
    text = frame + "\n" + f"{bar} id {bar} name  {bar} price {bar} when       {bar}\n" + under_names + body
    text += bottom + between_rows[1:-1] + ("┘" if box else "+") + "\n"
    text = text.replace("\n\n", "\n")
    summary = profile_bytes(text.encode(), "grid.txt")
    _clean(summary)
    source = summary["source"]
    assert source["rule_lines"] == 4  # one between each two of the 5 rows; the closing one is the footer
    assert len(source["header_rows"]) == 1 and len(source["footer"]) == 1
    assert summary["quality_issues"]["blank_lines"] == 0


def test_no_rule_lines_in_an_undrawn_file() -> None:
    summary = profile_bytes(b"a,b\n1,2\n-----\n3,4\n")
    assert summary["source"]["rule_lines"] == 0


@pytest.mark.parametrize("rows", [3, 12])
def test_a_markdown_cell_with_an_escaped_bar_is_one_value(rows: int) -> None:
    # `\|` in a Markdown cell is a `|` of its value. Until 2026-11-28 that record had a field too
    # many and the header and rule above it were taken for notes: the escaped row became the header.
    body = "".join(f"| c{index} | m{index} |\n" for index in range(rows))
    text = "| command | meaning |\n|---|---|\n| `a \\| b` | a pipe |\n" + body
    summary = profile_bytes(text.encode(), "cheats.md")
    assert summary["schema"] == {"command": "string", "meaning": "string"}
    assert summary["row_count"] == rows + 1 and summary["source"]["preamble"] == []
    assert "`a | b`" in {top["value"] for top in summary["columns"]["command"]["top_values"]}
    assert summary["quality_issues"]["ragged_rows"]["too_many_fields"]["count"] == 0


def test_a_backslash_escapes_the_delimiter_only_where_that_reads_more_consistently() -> None:
    # MySQL's `SELECT … INTO OUTFILE` without ENCLOSED BY writes `\,` for a comma in a value …
    escaped = profile_bytes(b"id,path,n\n1,a\\,b,3\n2,c,4\n3,d,5\n", "outfile.csv")
    assert escaped["source"]["dialect"]["escapechar"] == "\\"
    assert {top["value"] for top in escaped["columns"]["path"]["top_values"]} == {"a,b", "c", "d"}
    # … while a Windows folder before a comma ends its value.
    plain = profile_bytes(b"path,n\nC:\\temp\\,1\nD:\\x\\,2\nE:\\y\\,3\n", "dirs.csv")
    assert plain["source"]["dialect"]["escapechar"] is None
    assert plain["schema"] == {"path": "string", "n": "int"}
