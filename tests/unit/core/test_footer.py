"""Lines after the table: closing records with few fields filled whose first value is text in a
column of another kind (a source line, a disclaimer) are a footer — listed, left out of every
statistic — and stay rows wherever rows follow them: in one pass, in a merge, in parallel parts."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from csvpipe.core import ProfileOptions, parallel, profile_stream, profile_table
from csvpipe.core.summary import build_summary

from .conftest import check_summary, profile_bytes
from .test_parallel import assert_same

YEARS = "".join(f"{year};Suizid;{9000 + year};{4000 + year}\n" for year in range(1980, 2021))


def test_a_statistics_office_footer_is_listed_and_left_out() -> None:
    # Destatis' GENESIS export (Byggvir/DESTATIS, 23211-0002.csv): 41 years, then a rule, a quoted
    # note over several lines, the copyright and the date. Until 2026-11-27 those were rows, and the
    # column of years (41 ints, 5 texts: 89 %) was typed text.
    footer = '__________\n"Todesursachen:\nDie ausgewählten Todesursachen"\n;\n'
    footer += "© Destatis, 2021\nStand: 04.11.2021\n"
    summary = profile_bytes(("Jahr;Ursache;Männer;Frauen\n" + YEARS + footer).encode())
    assert summary["row_count"] == 41
    assert summary["schema"] == {"Jahr": "int", "Ursache": "string", "Männer": "int", "Frauen": "int"}
    assert summary["source"]["footer"] == [
        {"line": 43, "text": "__________"},
        {"line": 44, "text": "Todesursachen:\nDie ausgewählten Todesursachen"},
        {"line": 46, "text": ""},
        {"line": 47, "text": "© Destatis, 2021"},
        {"line": 48, "text": "Stand: 04.11.2021"},
    ]
    assert summary["statistics"]["Jahr"]["max"] == 2020
    assert "Jahr" not in summary["quality_issues"]["type_mismatches"]


@pytest.mark.parametrize(
    "closing",
    [
        "2021;;;\n",  # a year whose figures are not in yet: a row with cells left empty
        "NA;;;\n",  # a missing value, not text
        ";Unfall;;\n",  # text, but in a column of texts
        "2021;Suizid;9000;4000\n1990;;;\n",  # a full row, then a sparse one that fits
    ],
    ids=["fits", "missing", "text-column", "after-full-row"],
)
def test_closing_records_that_fit_their_columns_stay_rows(closing: str) -> None:
    summary = profile_bytes(("Jahr;Ursache;Männer;Frauen\n" + YEARS + closing).encode())
    assert summary["row_count"] == 41 + closing.count("\n")
    assert summary["source"]["footer"] == []


def test_a_footer_needs_a_column_typed_without_it() -> None:
    # Texts above (more than the type threshold allows): the closing text is one more of them.
    rows = "".join(f"{'n/a yet' if year % 10 == 0 else year};x;1;2\n" for year in range(1980, 2021))
    summary = profile_bytes(("Jahr;Ursache;Männer;Frauen\n" + rows + "Quelle: Destatis;;;\n").encode())
    assert summary["row_count"] == 42 and summary["source"]["footer"] == []
    # One typed value is not enough to call the next text a note.
    assert profile_bytes(b"k,,\n1,2,3\nk,,\n")["row_count"] == 2


def test_twenty_closing_records_at_most() -> None:
    notes = "".join(f"Anmerkung {number};;;\n" for number in range(21))
    summary = profile_bytes(("Jahr;Ursache;Männer;Frauen\n" + YEARS + notes).encode())
    assert summary["row_count"] == 41 + 21 and summary["source"]["footer"] == []
    summary = profile_bytes(
        ("Jahr;Ursache;Männer;Frauen\n" + YEARS + notes[notes.index("\n") + 1 :]).encode()
    )
    assert summary["row_count"] == 41 and len(summary["source"]["footer"]) == 20


@pytest.mark.parametrize("before", [62, 63, 100], ids=["end-a-chunk", "straddle-chunks", "inside-a-chunk"])
def test_records_held_back_at_a_chunk_end_are_rows_when_rows_follow(before: int) -> None:
    # Chunks of 64 records: the two records that would open a footer end the first chunk, or the
    # first ends it and the second opens the next, or both are inside one.
    rows = [f"{1800 + number};Suizid;{number};{number}\n" for number in range(200)]
    rows[before:before] = ["Zwischensumme;;;\n", ";;;\n"]
    data = ("Jahr;Ursache;Männer;Frauen\n" + "".join(rows)).encode()
    summary = check_summary(profile_stream(io.BytesIO(data), "x.csv", ProfileOptions(chunk_rows=64)))
    assert summary["row_count"] == 202 and summary["source"]["footer"] == []
    assert summary["quality_issues"]["type_mismatches"]["Jahr"]["count"] == 1
    assert summary["quality_issues"]["empty_rows"]["first_lines"] == [before + 3]


def test_a_merge_makes_rows_of_the_first_parts_closing_records() -> None:
    header = "Jahr;Ursache;Männer;Frauen\n"
    rows = YEARS.splitlines(keepends=True)
    first = header + "".join(rows[:20]) + "Zwischensumme;;;\n"
    second = header + "".join(rows[20:]) + "Quelle: Destatis;;;\n"
    options = ProfileOptions()
    merged = profile_table(io.BytesIO(first.encode()), options)
    merged.merge(profile_table(io.BytesIO(second.encode()), options, later_part=True))
    together = check_summary(build_summary(merged, "x.csv", options.type_threshold))
    whole = (first + second[len(header) :]).encode()
    alone = check_summary(profile_stream(io.BytesIO(whole), "x.csv", options))
    assert together["row_count"] == alone["row_count"] == 42
    assert (
        together["source"]["footer"]
        == alone["source"]["footer"]
        == [{"line": 44, "text": "Quelle: Destatis"}]
    )
    assert together["quality_issues"] == alone["quality_issues"]
    assert together["statistics"] == alone["statistics"]


def test_a_parallel_part_ending_in_a_note_makes_it_a_row(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(parallel, "MIN_PART_BYTES", 64)
    header = "n,a,b\n"
    lines = [f"{number:05d},{number % 7},{number % 11}\n" for number in range(4000)]
    path = tmp_path / "notes.csv"
    path.write_text(header + "".join(lines) + "Source: a survey,,\n", encoding="utf-8")
    with path.open("rb") as stream:
        plan = parallel._plan(stream, os.path.getsize(path), 3, ProfileOptions())
    assert plan is not None and len(plan.parts) == 3
    # The record before each cut becomes a note of the same length: each part but the last ends in it.
    text = path.read_text(encoding="utf-8")
    for start, _ in plan.parts[1:]:
        before = text.rindex("\n", 0, start - 1) + 1
        width = start - before - 3  # the record's bytes, its line feed and two commas aside
        text = text[:before] + ("Note " + "x" * width)[:width] + ",,\n" + text[start:]
    path.write_text(text, encoding="utf-8")
    with path.open("rb") as stream:
        again = parallel._plan(stream, os.path.getsize(path), 3, ProfileOptions())
    assert again is not None and again.parts == plan.parts
    with path.open("rb") as stream:
        alone = check_summary(profile_stream(stream, path.name))
    together = check_summary(parallel.profile_file(path, jobs=3))
    assert_same(together, alone)
    assert together["row_count"] == 4000 and together["source"]["footer"] == [
        {"line": 4002, "text": "Source: a survey"}
    ]
    assert together["quality_issues"]["type_mismatches"]["n"]["count"] == 2


def test_a_later_part_holding_only_the_footer_keeps_it_for_the_merge(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # Found by hypothesis (a long fuzz run, 2026-11-27): the last part of a split file was the footer
    # alone; with no rows of its own its held records became rows there, and the footer was lost.
    monkeypatch.setattr(parallel, "MIN_PART_BYTES", 16)
    path = tmp_path / "short.csv"
    for count in range(4, 200):
        head = "n,v\n" + "".join(f"{number},{number % 3}\n" for number in range(count))
        path.write_text(head + "Source: a survey,\n", encoding="utf-8")
        with path.open("rb") as stream:
            plan = parallel._plan(stream, os.path.getsize(path), 2, ProfileOptions())
        if plan is not None and plan.parts[-1][0] == len(head):
            break
    else:
        pytest.fail("no file of these whose last part is its footer")
    with path.open("rb") as stream:
        alone = check_summary(profile_stream(stream, path.name))
    together = check_summary(parallel.profile_file(path, jobs=2))
    assert_same(together, alone)
    assert together["source"]["footer"] == [{"line": count + 2, "text": "Source: a survey"}]
    assert together["row_count"] == count


@pytest.mark.parametrize("chunk_rows", [64, 4096])
@pytest.mark.parametrize(("empty", "footer", "rows"), [(34, 0, 70), (14, 6, 44), (15, 0, 51)])
def test_the_closing_run_decides_however_chunks_cut_it(
    chunk_rows: int, empty: int, footer: int, rows: int
) -> None:
    # 30 rows, `empty` empty records, then 6 notes: a closing run of sparse records, which in chunks of
    # 64 the first chunk ends inside. A run longer than FOOTER_MAX_RECORDS (20) is rows in every
    # chunking, not a footer of the few records of its last chunk (until a fix of the same day).
    table = "".join(f"{1800 + number};Suizid;{number};{number}\n" for number in range(30))
    closing = ";;;\n" * empty + "".join(f"Anmerkung {number};;;\n" for number in range(6))
    data = ("Jahr;Ursache;Männer;Frauen\n" + table + closing).encode()
    summary = check_summary(profile_stream(io.BytesIO(data), "x.csv", ProfileOptions(chunk_rows=chunk_rows)))
    assert len(summary["source"]["footer"]) == footer
    assert summary["row_count"] == rows


@pytest.mark.parametrize(
    ("first_notes", "second_notes", "footer"), [(15, 10, 0), (15, 5, 20), (0, 3, 3), (3, 0, 3)]
)
def test_a_merge_continues_a_closing_run_across_parts(
    first_notes: int, second_notes: int, footer: int
) -> None:
    header = "Jahr;Ursache;Männer;Frauen\n"
    rows = "".join(f"{1800 + number};Suizid;{number};{number}\n" for number in range(30))
    first = header + rows + "".join(f"Anmerkung {number};;;\n" for number in range(first_notes))
    second = header + "".join(f"Nachtrag {number};;;\n" for number in range(second_notes))
    options = ProfileOptions()
    merged = profile_table(io.BytesIO(first.encode()), options)
    if second_notes:
        merged.merge(profile_table(io.BytesIO(second.encode()), options, later_part=True))
    together = check_summary(build_summary(merged, "x.csv", options.type_threshold))
    alone = check_summary(profile_stream(io.BytesIO((first + second[len(header) :]).encode()), "x.csv"))
    assert len(together["source"]["footer"]) == len(alone["source"]["footer"]) == footer
    assert together["row_count"] == alone["row_count"] == 30 + first_notes + second_notes - footer
    assert together["statistics"] == alone["statistics"]


@pytest.mark.parametrize("chunk_rows", [64, 4096])
def test_a_closing_run_of_long_texts_is_rows_not_held(chunk_rows: int) -> None:
    # At most FOOTER_MAX_CHARS of text is held back for a footer: three 30 000-character notes (or
    # twenty of 8 MiB) would otherwise stay in memory past their chunk.
    table = "".join(f"{1800 + number};Suizid;{number};{number}\n" for number in range(100))
    notes = "".join(f"Anmerkung {number} {'x' * 30_000};;;\n" for number in range(3))
    data = ("Jahr;Ursache;Männer;Frauen\n" + table + notes).encode()
    summary = check_summary(profile_stream(io.BytesIO(data), "x.csv", ProfileOptions(chunk_rows=chunk_rows)))
    assert summary["source"]["footer"] == [] and summary["row_count"] == 103
    short = ("Jahr;Ursache;Männer;Frauen\n" + table + "Anmerkung;;;\n" * 3).encode()
    assert len(profile_stream(io.BytesIO(short), "x.csv")["source"]["footer"]) == 3


HOURS = "".join(f"{hour % 24},{(hour * 37) % 1000},{(hour * 13) % 97}.5\n" for hour in range(500))


def _totals(rows: str) -> tuple[int, str]:
    sums = [0, 0.0]
    for line in rows.splitlines():
        _, a, b = line.split(",")
        sums[0] += int(a)
        sums[1] += float(b)
    return sums[0], f"{sums[1]:.1f}"


@pytest.mark.parametrize("word", ["Totals", "TOTAL", "Total:", "Summe", "Итого"])
def test_a_totals_row_that_sums_the_rows_above_is_a_footer(word: str) -> None:
    # pvlib's PVWatts file: 8 760 hours, then `Totals, , ,2041421,…` under the hour column (an int
    # column, so no other rule takes it: the row is full). Until 2026-11-28 it was a row, and every
    # column's maximum, sum and mean held the year's total.
    a, b = _totals(HOURS)
    summary = profile_bytes(f"hour,energy,loss\n{HOURS}{word},{a},{b}\n".encode())
    assert summary["row_count"] == 500
    assert summary["source"]["footer"] == [{"line": 502, "text": f"{word},{a},{b}"}]
    assert summary["statistics"]["energy"]["max"] < a
    assert "hour" not in summary["quality_issues"]["type_mismatches"]


@pytest.mark.parametrize(
    "closing",
    [
        "Total,12,3.5",  # a row named Total holding other figures
        "North,{a},{b}",  # the sums, but no totals word: a row
        "Total,{a},{b_off}",  # one figure off by more than its last digit
    ],
)
def test_a_row_is_a_totals_row_only_with_the_word_and_every_sum(closing: str) -> None:
    a, b = _totals(HOURS)
    closing = closing.format(a=a, b=b, b_off=f"{float(b) + 0.2:.1f}")
    summary = profile_bytes(f"hour,energy,loss\n{HOURS}{closing}\n".encode())
    assert summary["row_count"] == 501 and not summary["source"]["footer"]


def test_a_totals_row_inside_the_table_stays_a_row() -> None:
    # Subtotals between groups are rows (status quo): only the file's closing run can be a footer.
    a, b = _totals(HOURS)
    summary = profile_bytes(f"hour,energy,loss\n{HOURS}Total,{a},{b}\n{HOURS}".encode(), chunk_rows=64)
    assert summary["row_count"] == 1001 and not summary["source"]["footer"]


def test_a_totals_row_is_a_footer_in_parallel_parts_too(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(parallel, "MIN_PART_BYTES", 64)
    body = HOURS * 8
    a, b = _totals(body)
    path = tmp_path / "hours.csv"
    path.write_text(f"hour,energy,loss\n{body}Totals,{a},{b}\n", encoding="utf-8")
    with path.open("rb") as stream:
        alone = check_summary(profile_stream(stream, path.name))
    together = check_summary(parallel.profile_file(path, jobs=3))
    assert_same(together, alone)
    assert together["row_count"] == 4000 and together["source"]["footer"][0]["text"].startswith("Totals,")


def test_a_grouped_total_is_checked_to_its_units() -> None:
    # `"12,345"` is an int: half a unit of its last digit is 0.5, not 0.0005 (a thousands separator
    # was taken for a decimal point, and such a total, 0.2 off a float sum, stayed a row).
    rows = "".join(f"r{i},{1234.5 + i * 0.02:.2f}\n" for i in range(10))
    total = sum(1234.5 + i * 0.02 for i in range(10))  # 12345.9: the export printed it rounded
    summary = profile_bytes(f'name,amount\n{rows}Total,"{round(total):,}"\n'.encode())
    assert summary["row_count"] == 10 and summary["source"]["footer"][0]["text"].startswith("Total,")


def test_a_salesforce_report_s_grand_totals_and_notices_are_its_footer() -> None:
    # A Salesforce report export: rows, `""`, `Grand Totals (12 records)` with the amounts' sum, empty
    # records and two notices. Until 2026-11-28 the count in brackets kept the totals row a row: the
    # amounts' maximum was their sum, and each notice a ragged row.
    rows = "".join(f'"Acme {i}","{1000 + i * 250:,.2f}","6/{i + 1}/2024","Closed Won"\n' for i in range(12))
    total = sum(1000 + i * 250 for i in range(12))
    tail = f'""\n"Grand Totals (12 records)","{total:,.2f}","",""\n""\n""\n'
    tail += '"Confidential Information - Do Not Distribute"\n"Copyright (c) 2000-2024 salesforce.com, inc."\n'
    summary = profile_bytes(('"Opportunity Name","Amount","Close Date","Stage"\n' + rows + tail).encode())
    assert [item["line"] for item in summary["source"]["footer"]] == [15, 16, 17, 18, 19]
    assert summary["columns"]["Amount"]["max"] == 3750.0
    assert summary["row_count"] == 13  # the `""` above the totals: an empty row, as pandas reads it
    assert summary["quality_issues"]["ragged_rows"]["too_few_fields"]["count"] == 1


def test_a_row_named_total_with_a_bracket_that_is_no_count_of_a_total_stays_a_row() -> None:
    rows = "".join(f"item {i},{i}\n" for i in range(1, 11))
    summary = profile_bytes(("name,n\n" + rows + "Total (est.),99\n").encode())
    assert summary["source"]["footer"] == [] and summary["row_count"] == 11


@pytest.mark.parametrize(("last", "footer"), [(",60", True), (",59", False), ("x,60", False)])
def test_a_closing_row_with_a_blank_label_is_a_footer_when_it_sums_the_rows(last: str, footer: bool) -> None:
    # Google Analytics closes its tables with `,<total>`: the total is no row (it was the column's max).
    summary = profile_bytes(f"day,users\nmon,10\ntue,20\nwed,30\n{last}\n".encode())
    assert (summary["source"]["footer"] != []) is footer
    assert summary["row_count"] == (3 if footer else 4)


def _positions(rows: int = 25) -> str:
    """Fidelity's "Portfolio_Positions" export: every row ends with a comma its header lacks, and the
    table is followed by disclaimers, each after a blank line, and the download's date."""
    header = (
        "Account Number,Account Name,Symbol,Description,Quantity,Last Price,Current Value,"
        "Percent Of Account,Cost Basis Total,Type\n"
    )
    body = "Z12345678,Individual,SPAXX**,HELD IN MONEY MARKET,,,$1234.56,12.34%,,Cash,\n"
    body += "".join(
        f"Z12345678,Individual,SYM{i},DESC {i},{i + 1},${i * 3.5 + 1:.2f},${(i + 1) * (i * 3.5 + 1):.2f},"
        f"{i / 10:.2f}%,${i * 40:.2f},Cash,\n"
        for i in range(rows)
    )
    notes = (
        '\n"The data and information in this spreadsheet is provided to you solely for your use and is'
        ' not for distribution."\n'
        '\n"Brokerage services are provided by Fidelity Brokerage Services LLC (FBS), 900 Salem Street,'
        ' Smithfield, RI 02917."\n'
        '\n"Date downloaded 01/31/2024 10:00 PM ET"\n'
    )
    return header + body + notes


def test_a_brokerage_export_s_disclaimers_are_its_footer() -> None:
    """Sentences under account numbers (a column of short texts) are notes, not rows; and the comma
    ending every row is the rows' trailing delimiter although the notes lack it. Until 2026-11-28
    every row was ragged (one field too many) and the three notes were rows of too few."""
    summary = profile_bytes(_positions().encode())
    assert summary["row_count"] == 26
    assert summary["source"]["dialect"]["trailing_delimiter"] is True
    assert [item["line"] for item in summary["source"]["footer"]] == [29, 31, 33]
    assert summary["source"]["footer"][2]["text"] == "Date downloaded 01/31/2024 10:00 PM ET"
    quality = summary["quality_issues"]
    assert quality["ragged_rows"]["too_many_fields"]["count"] == 0
    assert quality["ragged_rows"]["too_few_fields"]["count"] == 0
    assert quality["blank_lines"] == 3  # the blank lines between the notes are blank lines too
    assert summary["columns"]["Account Number"]["max_length"] == 9


def test_a_brokerage_export_s_footer_is_the_same_in_parallel_parts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parallel, "MIN_PART_BYTES", 64)
    path = tmp_path / "Portfolio_Positions.csv"
    path.write_text(_positions(rows=400))
    alone = check_summary(parallel.profile_file(path, "p.csv", jobs=1))
    together = check_summary(parallel.profile_file(path, "p.csv", jobs=3))
    assert len(alone["source"]["footer"]) == 3
    assert_same(together, alone)


@pytest.mark.parametrize(
    "closing",
    [
        "Mary Ann Smith Jones,,,\n",  # a name of four words, no longer than twice the names above
        "x y,,,\n",  # two words
        "Anne Marie Lee 1234567,,,\n",  # not twice as long as the names above
    ],
)
def test_a_short_text_under_texts_stays_a_row(closing: str) -> None:
    rows = "".join(f"Anne Marie Lee {i},{i},{i * 2},{i % 3}\n" for i in range(30))
    summary = profile_bytes(("name,a,b,c\n" + rows + closing).encode())
    assert summary["row_count"] == 31
    assert summary["source"]["footer"] == []


def test_a_rule_under_the_table_opens_its_footer() -> None:
    """ONS' tables (statsmodels' `scotland_population.csv`): a rule, `Footnotes`, then the notes. Until
    2026-11-28 all six were rows; the notes alone then became a footer, the rule and title rows."""
    rows = "".join(f'"Council {i}","{i * 1.5:.2f}","{i * 10}",\n' for i in range(30))
    footer = '====================\nFootnotes\n"1 - Pension age is 65 for males and 60 for females."\n'
    summary = profile_bytes(('"Area","Size","Persons",\n' + rows + footer).encode())
    assert summary["row_count"] == 30
    assert [item["text"] for item in summary["source"]["footer"]] == [
        "====================",
        "Footnotes",
        "1 - Pension age is 65 for males and 60 for females.",
    ]


def test_blank_lines_between_footer_notes_are_blank_lines() -> None:
    """Until 2026-11-28 a blank line between two notes was listed in the footer as an empty text."""
    text = "year,value\n" + "".join(f"{2000 + i},{i}\n" for i in range(10)) + "\nSource: x\n\n(c) y\n"
    summary = profile_bytes(text.encode())
    assert summary["source"]["footer"] == [{"line": 13, "text": "Source: x"}, {"line": 15, "text": "(c) y"}]
    assert summary["quality_issues"]["blank_lines"] == 2


def test_an_older_brokerage_export_s_download_note_is_its_footer() -> None:
    """The same export without trailing commas: the date's note (three words) right under the rows,
    then a blank line and an unquoted notice."""
    rows = "".join(f"X12345678,Individual,SYM{i},DESC {i},{i + 1},${i + 0.5:.2f},Cash\n" for i in range(12))
    text = "Account Number,Account Name,Symbol,Description,Quantity,Last Price,Type\n" + rows
    text += '"Date downloaded 09/23/2026"\n\n'
    text += "Brokerage services are provided by Fidelity Brokerage Services LLC.\n"
    summary = profile_bytes(text.encode())
    assert summary["row_count"] == 12
    assert [item["line"] for item in summary["source"]["footer"]] == [14, 16]
    assert summary["quality_issues"]["ragged_rows"]["too_few_fields"]["count"] == 0


@pytest.mark.parametrize(
    "note",
    [
        "(3 rows)",
        "3 rows in set (0.00 sec)",
        "3 rows selected.",
        "(3 rows affected)",
        "  3 rows     2 columns",
    ],
)
def test_a_query_tools_count_of_rows_closes_a_table_of_text(note: str) -> None:
    # psql, MySQL, SQL*Plus, sqlcmd, DuckDB. Under names and cities there is no typed value for the
    # note to stand out from, and it is no sentence: until 2026-11-28 it was a row.
    summary = profile_bytes(f"name,city\nAnn,Paris\nBob,Rome\nCy,Oslo\n{note}\n".encode())
    assert summary["row_count"] == 3
    assert summary["source"]["footer"] == [{"line": 5, "text": note}]


def test_a_count_of_rows_alone_in_a_column_of_text_is_read_as_a_value_elsewhere() -> None:
    # Only a table's last records can be its footer: the same text among rows is a value.
    summary = profile_bytes(b"name,city\nAnn,Paris\n(3 rows),x\nBob,Rome\n")
    assert summary["row_count"] == 3 and summary["source"]["footer"] == []


def test_a_long_run_of_half_filled_rows_still_ends_at_its_rule() -> None:
    # 25 ids beside a NULL (a 2-column query result): every row is half filled, a run longer than any
    # footer; the closing frame and MySQL's count after it are still its footer.
    rows = "".join(f"| {i:>2} |      |\n" for i in range(1, 26))
    frame = "+----+------+\n"
    text = frame + "| id | note |\n" + frame + rows + frame + "25 rows in set (0.01 sec)\n"
    summary = profile_bytes(text.encode())
    assert summary["row_count"] == 25 and summary["columns"]["id"]["max"] == 25
    assert [row["text"] for row in summary["source"]["footer"]] == [
        frame.strip(),
        "25 rows in set (0.01 sec)",
    ]
    assert summary["quality_issues"]["repeated_header_rows"]["count"] == 0


@pytest.mark.parametrize("text", ["1,\n---\n", "a,b\n,\n-----\n", "| a | b |\n|---|---|\n| 1 |   |\n+---+\n"])
def test_a_rule_with_no_row_above_it_ends_no_table(text: str) -> None:
    # Found by hypothesis (seed 2841) on the first draft of the rule that a rule closes even a table of
    # half-filled rows: `---` alone under `1,` became a footer and left a summary of 0 rows.
    summary = profile_bytes(text.encode())
    assert summary["row_count"] >= 1
