"""Fixed-width tables under a rule of dashes — SQL*Plus' and sqlcmd's output, tabulate's `simple`,
reStructuredText's simple tables: each run of the rule is a column, each line is cut there
(Dialect.column_spans), so values may hold spaces and cells may be empty. Until 2026-11-28 such a
file was one column of text (runs of spaces split `red apple` and closed up empty cells)."""

from __future__ import annotations

from pathlib import Path

import pytest

from csvpipe.core.dialect import _fits, _fixed_width, detect_dialect

from .conftest import profile_bytes
from .test_parallel import read_in_small_parts

EMP = (
    "\n     EMPNO ENAME      JOB              MGR HIREDATE         SAL       COMM     DEPTNO\n"
    "---------- ---------- --------- ---------- --------- ---------- ---------- ----------\n"
    "      7369 SMITH      CLERK           7902 17-DEC-80        800                    20\n"
    "      7499 ALLEN      SALESMAN        7698 20-FEB-81       1600        300         30\n"
    "      7521 WARD       SALESMAN        7698 22-FEB-81       1250        500         30\n"
    "      7566 JONES      MANAGER         7839 02-APR-81       2975                    20\n"
    "      7654 MARTIN     SALESMAN        7698 28-SEP-81       1250       1400         30\n"
    "      7839 KING       PRESIDENT            17-NOV-81       5000                    10\n"
    "      7844 TURNER     SALESMAN        7698 08-SEP-81       1500          0         30\n"
    "\n7 rows selected.\n\n"
)

SQLCMD = (
    "id          name                 price      created\n"
    "----------- -------------------- ---------- -----------------------\n"
    "          1 red apple                  1.50 2024-01-02 10:00:00.000\n"
    "          2 pear                       2.25 2024-01-03 11:30:00.000\n"
    "          3 fig (dried)                NULL 2024-01-04 09:15:00.000\n"
    "          4 green grape                3.00 2024-01-05 16:45:00.000\n"
    "\n(4 rows affected)\n"
)


def test_sql_plus_output_reads_by_the_columns_of_its_rule() -> None:
    summary = profile_bytes(EMP.encode(), "emp.lst")
    dialect = summary["source"]["dialect"]
    assert dialect["delimiter_name"] == "fixed_width"
    assert dialect["column_spans"][:3] == [[0, 10], [11, 21], [22, 31]] and len(dialect["column_spans"]) == 8
    assert summary["schema"] == {
        "EMPNO": "int",
        "ENAME": "string",
        "JOB": "string",
        "MGR": "int",
        "HIREDATE": "date",
        "SAL": "int",
        "COMM": "int",
        "DEPTNO": "int",
    }
    columns = summary["columns"]
    # Empty cells stay in their column: COMM has 3 values and 4 missing, DEPTNO all 7.
    assert (columns["COMM"]["non_missing"], columns["COMM"]["max"]) == (4, 1400)
    assert (columns["DEPTNO"]["non_missing"], columns["DEPTNO"]["sum"]) == (7, 170)
    assert columns["MGR"]["missing"] == 1 and columns["HIREDATE"]["max"] == "1981-11-17"
    source = summary["source"]
    assert [row["line"] for row in source["header_rows"]] == [3] and source["header_line"] == 2
    assert source["footer"] == [{"line": 12, "text": "7 rows selected."}]
    assert (
        summary["row_count"] == 7 and summary["quality_issues"]["ragged_rows"]["too_few_fields"]["count"] == 0
    )


def test_sqlcmd_output_keeps_the_spaces_inside_its_values() -> None:
    summary = profile_bytes(SQLCMD.encode(), "query.txt")
    assert summary["schema"] == {"id": "int", "name": "string", "price": "float", "created": "datetime"}
    assert {top["value"] for top in summary["columns"]["name"]["top_values"]} == {
        "red apple",
        "pear",
        "fig (dried)",
        "green grape",
    }
    assert summary["quality_issues"]["missing_values"] == {"price": {"count": 1, "percentage": 25.0}}
    assert summary["source"]["footer"] == [{"line": 8, "text": "(4 rows affected)"}]


def test_restructuredtext_rules_above_and_below_are_no_rows() -> None:
    rule = "====  ===========  =====\n"
    rows = "".join(f"{i:>4}  {'item ' + str(i):<11}  {i * 1.5:>5}\n" for i in range(1, 9))
    summary = profile_bytes((rule + "  id  name         price\n" + rule + rows + rule).encode(), "table.rst")
    assert summary["schema"] == {"id": "int", "name": "string", "price": "float"}
    source = summary["source"]
    assert [row["line"] for row in source["preamble"]] == [1] and [
        row["line"] for row in source["header_rows"]
    ] == [3]
    assert source["footer"] == [{"line": 12, "text": "==== =========== ====="}]  # (its fields, joined)
    assert summary["row_count"] == 8 and summary["quality_issues"]["repeated_header_rows"]["count"] == 0


def test_a_line_across_the_columns_is_one_field() -> None:
    # A value wrapped onto the next line (SQL*Plus' LINESIZE): that line fits no column and is reported.
    more = "".join(f"{i:>11} {'kiwi':<20} {i:>10.2f} 2024-01-0{i} 10:00:00.000\n" for i in range(5, 10))
    text = SQLCMD.replace(
        "          3 fig (dried)", "          3 fig (dried, from the south of Italy)\n  wrapped"
    ).replace("\n\n(4 rows affected)\n", "\n" + more)
    summary = profile_bytes(text.encode())
    assert summary["source"]["dialect"]["delimiter_name"] == "fixed_width"
    ragged = summary["quality_issues"]["ragged_rows"]
    assert ragged["too_few_fields"]["count"] == 2 and ragged["too_few_fields"]["first_lines"] == [5, 6]


@pytest.mark.parametrize(
    "text",
    [
        "id,name\n---,----\n1,a b\n2,c\n3,d\n",  # a delimiter splits it: its rule is a header row
        "id name\n-- ----\n1  a\n",  # one line under the rule: too little to tell
        "id\tname\n--\t----\n1\ta b\n2\tc\n3\td\n",  # tabs align nothing by position
        "  name\n---- ----\n1 a\n2 b\n3 c\n",  # the names do not fit the rule (text across its gap)
        "notes\n- one\n- two\n",  # a list, no rule
    ],
    ids=["comma", "one-row", "tabs", "names-across", "list"],
)
def test_no_fixed_width_without_a_fitting_rule(text: str) -> None:
    assert detect_dialect(text).column_spans == ()


def test_a_forced_delimiter_is_not_overruled() -> None:
    assert detect_dialect(SQLCMD, forced_delimiter=" ").column_spans == ()


def test_fits() -> None:
    spans = ((2, 4), (6, None))
    assert _fits("  ab  anything here", spans) and _fits("", spans) and _fits("      x", spans)
    assert not _fits(" x ab  c", spans) and not _fits("  ab x c", spans)
    assert _fits("ab  cd", ((0, 2), (4, 6))) and not _fits("ab  cd e", ((0, 2), (4, 6)))


def test_the_rule_is_found_below_a_title() -> None:
    title = "Monthly report\n\n"
    assert _fixed_width(title + SQLCMD) == (2, ((0, 11), (12, 32), (33, 43), (44, 67)))


def test_a_fixed_width_file_reads_alike_when_split(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # (Profiled in one process: quotes mean nothing in such a table, so their count cannot cut it.)
    rows = "".join(
        f"{i:>11} {'item ' + str(i % 9):<20} {i * 0.25:>10.2f} 2024-01-02 10:00:00.000\n" for i in range(400)
    )
    summary = read_in_small_parts(tmp_path / "query.txt", SQLCMD.split("          1")[0] + rows, monkeypatch)
    assert summary["row_count"] == 400 and summary["schema"]["name"] == "string"


def test_sqlite_column_mode_reads_with_its_two_dash_rule() -> None:
    # sqlite3 3.40's `.mode column` (`-header`): left-aligned, padded to the rule, `--` under `id`.
    text = (
        "id  name       price  day         ok  note          \n"
        "--  ---------  -----  ----------  --  --------------\n"
        "1   pear       5.93   2024-01-02  1   x             \n"
        "2   fig        9.16   2024-01-03  0                 \n"
        "3   red apple  6.06   2024-01-04  1                 \n"
        "4   fig        5.51   2024-01-05  0   x             \n"
        "5   kiwi              2024-01-06  1   long note here\n"
    )
    summary = profile_bytes(text.encode())
    assert summary["source"]["dialect"]["delimiter_name"] == "fixed_width"
    assert [row["line"] for row in summary["source"]["header_rows"]] == [2]
    assert summary["schema"] == {
        "id": "int",
        "name": "string",
        "price": "float",
        "day": "date",
        "ok": "int",
        "note": "string",
    }
    missing = summary["quality_issues"]["missing_values"]
    assert missing["price"]["count"] == 1 and missing["note"]["count"] == 2
    assert "red apple" in {top["value"] for top in summary["columns"]["name"]["top_values"]}
