"""`csvpipe profile` in-process: exit statuses, JSON on stdout, one plain line on stderr."""

from __future__ import annotations

import bz2
import csv
import gzip
import io
import json
import lzma
import unicodedata
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from csvpipe.cli.environment import Environment
from csvpipe.cli.exit_codes import ExitStatus
from csvpipe.cli.main import main
from csvpipe.cli.visible import json_text
from csvpipe.core import ProfileOptions, parallel

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "test-data" / "sample.csv"
ERROR_VALIDATOR = jsonschema.Draft202012Validator(
    json.loads((REPO / "src" / "csvpipe" / "schemas" / "error.schema.json").read_text())
)


def run(argv: list[str], stdin: bytes = b"", cwd: Path | None = None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    env = Environment(stdout=out, stderr=err, stdin_binary=io.BytesIO(stdin), cwd=cwd or Path.cwd())
    code = main(argv, env)
    return code, out.getvalue(), err.getvalue()


def test_json_summary_for_the_sample() -> None:
    code, out, err = run(["profile", str(SAMPLE), "--json"])
    assert code == ExitStatus.OK and err == ""
    summary = json.loads(out)
    assert summary["file_name"] == "sample.csv"
    assert summary["statistics"]["price"] == {"min": 29.99, "max": 49.99, "avg": 39.99}


def test_table_by_default() -> None:
    code, out, _ = run(["profile", str(SAMPLE)])
    assert code == ExitStatus.OK
    assert "quantity" in out and "39.99" in out and "missing_values 1" in out


def test_stdin_and_gzip(tmp_path: Path) -> None:
    code, out, _ = run(
        ["profile", "-", "--json", "--name", "sales.csv"], stdin=gzip.compress(SAMPLE.read_bytes())
    )
    assert code == ExitStatus.OK
    summary = json.loads(out)
    assert summary["file_name"] == "sales.csv" and summary["source"]["compression"] == "gzip"


@pytest.mark.parametrize(("compress", "name"), [(bz2.compress, "bzip2"), (lzma.compress, "xz")])
def test_bzip2_and_xz_on_stdin(compress, name: str) -> None:
    code, out, _ = run(["profile", "-", "--name", "sales.csv"], stdin=compress(SAMPLE.read_bytes()))
    assert code == ExitStatus.OK
    assert out.startswith(f"sales.csv: 3 rows, 4 columns, utf-8, delimiter comma, {name}")


def test_one_row_and_one_column_are_counted_in_the_singular(tmp_path: Path) -> None:
    path = tmp_path / "one.csv"
    path.write_bytes(b"n\n1\n")
    code, out, _ = run(["profile", str(path)])
    assert code == ExitStatus.OK and out.startswith("one.csv: 1 row, 1 column, utf-8")


def test_bad_input_exits_bad_input_with_one_plain_line(tmp_path: Path) -> None:
    (tmp_path / "empty.csv").write_bytes(b"")
    code, out, err = run(["profile", "empty.csv"], cwd=tmp_path)
    assert code == ExitStatus.BAD_INPUT
    assert out == ""
    assert err.count("\n") == 1 and "EMPTY_FILE" in err and "Traceback" not in err


def test_bad_input_with_json_prints_the_error_report(tmp_path: Path) -> None:
    (tmp_path / "nul.csv").write_bytes(b"a,b\n1,\x00\n")
    code, out, err = run(["profile", "nul.csv", "--json"], cwd=tmp_path)
    assert code == ExitStatus.BAD_INPUT
    report = json.loads(out)
    assert report["error"]["code"] == "NUL_BYTES" and report["file_name"] == "nul.csv"
    assert err.count("\n") == 1


def test_missing_file_is_a_plain_message(tmp_path: Path) -> None:
    code, out, err = run(["profile", "nope.csv"], cwd=tmp_path)
    assert code == ExitStatus.BAD_INPUT
    assert out == ""
    assert "nope.csv" in err and "Traceback" not in err and err.count("\n") == 1


@pytest.mark.parametrize("path", ["nope.csv", "."])
def test_a_path_that_cannot_be_read_with_json_prints_an_error_report(tmp_path: Path, path: str) -> None:
    """A script reading stdout gets an error report for a missing file or a directory too, as for
    a rejected file (it got nothing before)."""
    code, out, err = run(["profile", path, "--json"], cwd=tmp_path)
    assert code == ExitStatus.BAD_INPUT
    report = json.loads(out)
    ERROR_VALIDATOR.validate(report)
    assert report["error"]["code"] == "READ_FAILED"
    assert ("directory" if path == "." else "No such file") in report["error"]["message"]
    assert err.count("\n") == 1 and "Traceback" not in err


def test_options_threshold_marker_delimiter(tmp_path: Path) -> None:
    (tmp_path / "t.csv").write_bytes(b"a;b\n1;x\n2;-\n3;y\nfoo;z\n")
    code, out, _ = run(
        [
            "profile",
            "t.csv",
            "--json",
            "--threshold",
            "0.7",
            "--missing-marker",
            "-",
            "--delimiter",
            "semicolon",
        ],
        cwd=tmp_path,
    )
    assert code == ExitStatus.OK
    summary = json.loads(out)
    assert summary["schema"] == {"a": "int", "b": "string"}
    assert summary["quality_issues"]["missing_values"] == {"b": {"count": 1, "percentage": 25.0}}
    assert summary["quality_issues"]["type_mismatches"]["a"]["examples"] == [{"value": "foo", "line": 5}]


@pytest.mark.parametrize(
    ("text", "fact"),
    [
        ("| a | b |\n|---|---|\n| 1 | x |\n| 2 | y |\n| 3 | z |\n", "a table drawn with | (framed"),
        (
            "┌───┬───┐\n│ a │ b │\n├───┼───┤\n│ 1 │ x │\n│ 2 │ y │\n└───┴───┘\n",
            "drawn with box-drawing lines",
        ),
        ("a   b\n--- ---\n1   x y\n2   z\n3   w\n", "delimiter fixed_width, columns cut where the rule"),
        ('a,b\n="01",x\n="02",y\n', 'Excel text formulas (="00123") read as their text'),
        (
            "name       n\nNew York   1\nOslo       2\nSan Jose   3\nRome\n",
            "delimiter fixed_width, columns cut where every line leaves a gap",
        ),
    ],
    ids=["markdown", "box", "fixed-width", "excel-text", "aligned"],
)
def test_the_summary_line_says_how_a_drawn_or_marked_file_was_read(
    tmp_path: Path, text: str, fact: str
) -> None:
    (tmp_path / "t.txt").write_text(text, encoding="utf-8")
    code, out, _ = run(["profile", "t.txt"], cwd=tmp_path)
    assert code == ExitStatus.OK and fact in " ".join(out.split())


def test_decimal_commas_are_detected_and_can_be_overruled(tmp_path: Path) -> None:
    (tmp_path / "t.csv").write_bytes(b"preis;n\n1,5;1\n2,25;2\n")
    code, out, _ = run(["profile", "t.csv"], cwd=tmp_path)
    assert code == ExitStatus.OK and "decimal comma" in out.splitlines()[0]
    code, out, _ = run(["profile", "t.csv", "--json"], cwd=tmp_path)
    assert json.loads(out)["columns"]["preis"]["max"] == 2.25
    code, out, _ = run(["profile", "t.csv", "--json", "--decimal", "."], cwd=tmp_path)
    assert json.loads(out)["schema"]["preis"] == "string"
    with pytest.raises(SystemExit) as exited:
        run(["profile", "t.csv", "--decimal", ";"], cwd=tmp_path)
    assert exited.value.code == ExitStatus.USAGE


def test_a_file_without_a_header_is_said_so_and_either_reading_can_be_forced(tmp_path: Path) -> None:
    (tmp_path / "t.csv").write_bytes(b"1.5,2\n2.5,3\n")
    code, out, _ = run(["profile", "t.csv"], cwd=tmp_path)
    first = out.splitlines()[0]
    assert code == ExitStatus.OK and "2 rows" in first and "no header (the first record is data)" in first
    code, out, _ = run(["profile", "t.csv", "--json", "--header"], cwd=tmp_path)
    assert list(json.loads(out)["schema"]) == ["1.5", "2"]
    (tmp_path / "n.csv").write_bytes(b"a,b\n1,2\n")
    code, out, _ = run(["profile", "n.csv", "--json", "--no-header"], cwd=tmp_path)
    assert json.loads(out)["row_count"] == 2
    with pytest.raises(SystemExit) as exited:
        run(["profile", "t.csv", "--header", "--no-header"], cwd=tmp_path)
    assert exited.value.code == ExitStatus.USAGE


@pytest.mark.parametrize(
    ("data", "rows", "said"),
    [
        (b"# exported by tool\na,b\n1,2\n", 1, "1 line(s) before the header skipped"),
        (b"# made by a logger\nn,v\n1,2\n# paused\n3,4\n", 2, "1 comment line(s) after the header skipped"),
        (
            b"year,n\n2020,1\n2021,2\n2022,3\nSource: a survey,\n",
            3,
            "1 record(s) after the table (from line 5) left out as its footer",
        ),
        (
            b"depth,temp\nm,degC\n" + b"".join(b"%d,%d.5\n" % (n, n) for n in range(6)),
            6,
            "1 row(s) under the header (units …) listed, not profiled",
        ),
    ],
    ids=["preamble", "comments", "footer", "units"],
)
def test_lines_left_out_of_the_table_are_mentioned(tmp_path: Path, data: bytes, rows: int, said: str) -> None:
    (tmp_path / "t.csv").write_bytes(data)
    code, out, _ = run(["profile", "t.csv"], cwd=tmp_path)
    first = out.splitlines()[0]
    assert code == ExitStatus.OK and f"{rows} row{'s' if rows > 1 else ''}," in first and said in first


def test_a_column_s_units_are_shown_beside_its_name(tmp_path: Path) -> None:
    rows = "".join(f'"2025-03-14 10:{n:02d}:00",{n},{12 + n / 10}\r\n' for n in range(10))
    banner = '"TOA5","Mast","CR1000","1","OS","CPU:x.CR1","2","Table1"\r\n'
    names = '"TIMESTAMP","RECORD","AirTC_Avg"\r\n"TS","RN","Deg C"\r\n"","","Avg"\r\n'
    (tmp_path / "t.csv").write_text(banner + names + rows, encoding="ascii", newline="")
    code, out, _ = run(["profile", "t.csv"], cwd=tmp_path)
    assert code == ExitStatus.OK and "2 row(s) under the header" in out.splitlines()[0]
    # The first column's cells, wrapped over lines at the terminal's width, joined again (spaces out).
    names = "".join(line.split("│")[1] for line in out.splitlines() if line.startswith("│")).replace(" ", "")
    assert "AirTC_Avg[DegC,Avg]" in names and "RECORD[RN]" in names


def test_header_rows_can_be_forced_and_a_bad_count_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "t.csv").write_bytes(
        b"depth,temp\nm,degC\n" + b"".join(b"%d,%d.5\n" % (n, n) for n in range(6))
    )
    code, out, _ = run(["profile", "t.csv", "--header-rows", "0", "--json"], cwd=tmp_path)
    assert code == ExitStatus.OK and json.loads(out)["row_count"] == 7
    with pytest.raises(SystemExit) as exited:
        run(["profile", "t.csv", "--header-rows", "4"], cwd=tmp_path)
    assert exited.value.code == ExitStatus.USAGE


def test_the_table_says_when_spaces_are_skipped_and_where_infinities_are(tmp_path: Path) -> None:
    (tmp_path / "t.csv").write_bytes(b'id, name, x\n1, "Lee, K", 2.5\n2, "Ann, B", inf\n3, Bo, -inf\n')
    code, out, _ = run(["profile", "t.csv"], cwd=tmp_path)
    assert code == ExitStatus.OK and "spaces after delimiters skipped" in out.splitlines()[0]
    row = next(line for line in out.splitlines() if line.startswith("│ x "))
    assert "-inf (1);" in row and "2.5; inf" in row  # the rest is folded onto the next line


def test_encoding_names_the_file_s_codec_and_a_bad_name_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "cz.csv").write_bytes("Město;Částka\nPlzeň;1,5\nBrno;2,5\n".encode("cp1250"))
    code, out, _ = run(["profile", "cz.csv", "--json", "--encoding", "cp1250"], cwd=tmp_path)
    assert code == ExitStatus.OK and list(json.loads(out)["schema"]) == ["Město", "Částka"]
    code, out, err = run(["profile", "cz.csv", "--encoding", "klingon"], cwd=tmp_path)
    assert code == ExitStatus.USAGE and out == ""
    assert (
        err.strip()
        == "csvpipe profile: unknown encoding 'klingon'; give a Python codec name such as cp1250 or iso8859-2"
    )


def test_bad_threshold_is_a_usage_error() -> None:
    with pytest.raises(SystemExit) as exited:
        run(["profile", str(SAMPLE), "--threshold", "2"])
    assert exited.value.code == ExitStatus.USAGE


def test_jobs_splits_a_large_file_and_gives_the_one_process_summary(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    rows = "".join(f"{i},{i % 7},w{i % 11}\n" for i in range(600_000))  # ~8 MB: two 4 MB parts
    path.write_text("id,small,word\n" + rows, encoding="utf-8")
    with path.open("rb") as stream:  # the file is large enough to be cut in two
        assert len(parallel._plan(stream, path.stat().st_size, 2, ProfileOptions()).parts) == 2
    code_one, out_one, _ = run(["profile", str(path), "--json", "--jobs", "1"])
    code_two, out_two, _ = run(["profile", str(path), "--json", "--jobs", "2"])
    assert code_one == code_two == ExitStatus.OK
    one, two = json.loads(out_one), json.loads(out_two)
    assert two["row_count"] == one["row_count"] == 600_000
    assert two["statistics"] == one["statistics"] and two["schema"] == one["schema"]
    assert two["columns"]["id"]["sum"] == one["columns"]["id"]["sum"]


@pytest.mark.parametrize("jobs", ["0", "-1", "two"])
def test_jobs_must_be_a_positive_whole_number(jobs: str) -> None:
    with pytest.raises(SystemExit) as exit_info:
        run(["profile", str(SAMPLE), "--jobs", jobs])
    assert exit_info.value.code == ExitStatus.USAGE


def test_square_brackets_in_the_data_are_printed_as_they_are(tmp_path: Path) -> None:
    """rich reads "[...]" as markup: a header `[/b]` crashed the table (MarkupError), and "[red]x" or a
    file named "[bold]x.csv" lost its brackets. Data is never markup."""
    path = tmp_path / "[bold]odd.csv"
    path.write_text("a,[/b]\n1,[/]\n2,[red]x\n3,[/]\n", encoding="utf-8")
    code, out, err = run(["profile", str(path)])
    assert (code, err) == (ExitStatus.OK, "")
    assert "[bold]odd.csv: 3 rows" in out
    assert "[/b]" in out and "[/] (2)" in out


def test_the_console_takes_no_markup_from_what_it_prints() -> None:
    """Every command prints user data through this console: S3 keys, CloudFormation status reasons
    ("… failed to create: [ProcessorFunction]"), experiment notes."""
    out = io.StringIO()
    Environment(stdout=out).console().print("failed to create: [ProcessorFunction]; [/] [bold]x")
    assert out.getvalue() == "failed to create: [ProcessorFunction]; [/] [bold]x\n"


def test_control_characters_in_the_data_are_shown_not_sent_to_the_terminal(tmp_path: Path) -> None:
    """ESC [2J in a cell cleared the screen; ESC ] 0;… BEL in a header retitled the terminal."""
    path = tmp_path / "esc.csv"
    path.write_bytes(b"a,b\x1b]0;pwned\x07\n\x1b[2Jx,1\n\x1b[2Jx,2\n")
    code, out, _ = run(["profile", str(path)])
    assert code == ExitStatus.OK
    assert "\x1b" not in out and "\x07" not in out
    assert "\\x1b]0;pwned" in out and "\\x07" in out  # (the table may fold the name)
    assert "\\x1b[2Jx (2)" in out


def test_visible_spells_out_control_characters_only() -> None:
    from csvpipe.cli.visible import visible

    assert visible("Zoë 1\u00a02 — ok") == "Zoë 1\u00a02 — ok"  # printable or not, only controls change
    assert visible("a\tb\nc\x00\x7f\x9b\r\x08") == "a\tb\nc\\x00\\x7f\\x9b\\r\\x08"  # tab, LF: layout


def test_the_status_table_shows_an_s3_key_with_control_characters_spelt_out() -> None:
    from csvpipe.cli.data_cmd import _cell

    assert _cell("uploads/\x1b[2Jx.csv") == "uploads/\\x1b[2Jx.csv"
    assert _cell(None) == ""
    # Today's times alone (the status table must fit 80 columns), other days' with their date.
    assert _cell("2026-11-26T13:05:49.123Z", today="2026-11-26") == "13:05:49"
    assert _cell("2026-11-26T13:05:49.123Z", today="2026-11-27") == "11-26 13:05"


def test_the_status_table_fits_80_columns_with_room_for_the_key() -> None:
    """Nine columns folded every cell at 80 columns ("PROCESS" over "ED") and left the key 7 wide."""
    import io

    from rich.console import Console

    from csvpipe.cli import data_cmd

    assert [header for _, header in data_cmd.STATUS_COLUMNS] == [
        "updated", "status or error", "key", "rows", "issues", "ms"
    ]  # fmt: skip
    item = {
        "updated_at": "2026-11-26T13:05:49.123Z",
        "status": "FAILED",
        "object_key": "uploads/sales/2026/november.csv",
        "row_count": 1_234_567,
        "quality_issue_total": 12,
        "duration_ms": 4321.5,
        "error_code": "UNSUPPORTED_ENCODING",
    }
    out = io.StringIO()
    console = Console(file=out, width=80, markup=False)
    console.print(data_cmd.status_table("t", [item], today="2026-11-26"))
    text = out.getvalue()
    assert all(len(line) <= 80 for line in text.splitlines())
    assert "1234567" in text and "UNSUPPORTED_ENCODING" in text  # a failed item's code, not FAILED
    assert "uploads/sales/" in text  # 14 characters of the key on one line even so


def test_a_log_line_shows_the_key_s_control_characters_spelt_out() -> None:
    from csvpipe.cli.data_cmd import _format_line
    from csvpipe.client.results import LogLine

    raw = '{"level": "INFO", "message": "processed", "key": "uploads/\\u001b[2Jx.csv", "status": "PROCESSED"}'
    line = LogLine(0, "s", raw, "1", json.loads(raw))
    shown = _format_line(line)
    assert "\x1b" not in shown and "key=uploads/\\x1b[2Jx.csv" in shown
    assert "\x1b" not in _format_line(LogLine(0, "s", "START \x1b]0;x\x07", "2"))


def test_json_output_escapes_del_and_c1_and_reads_back_the_same(tmp_path: Path) -> None:
    """json.dumps(ensure_ascii=False) wrote U+009B (CSI) out raw; escaped, a JSON reader sees the
    same text and a terminal no command."""
    path = tmp_path / "c1.csv"
    path.write_text("a,b\u009b\nx\u009b2J\u007f,1\n", encoding="utf-8")
    code, out, _ = run(["profile", str(path), "--json"])
    assert code == ExitStatus.OK
    assert "\u009b" not in out and "\u007f" not in out and "\\u009b" in out
    summary = json.loads(out)
    assert "b\u009b" in summary["columns"]
    assert summary["columns"]["a"]["top_values"][0]["value"] == "x\u009b2J\u007f"
    assert "é" in json_text({"k": "é"})  # other text stays as it is


def test_a_document_shown_to_a_person_has_its_strings_made_visible() -> None:
    from csvpipe.cli.visible import visible_data

    shown = visible_data({"k\x1b": ["v\x9b", 1, None, {"x": "\x07"}]})
    assert shown == {"k\\x1b": ["v\\x9b", 1, None, {"x": "\\x07"}]}


_ANY_TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=12)


@settings(max_examples=60, deadline=None)
@given(names=st.lists(_ANY_TEXT, min_size=1, max_size=4), cells=st.lists(_ANY_TEXT, min_size=1, max_size=6))
def test_any_text_in_a_csv_is_a_table_or_a_plain_error_never_a_crash_or_a_terminal_command(
    names: list[str], cells: list[str]
) -> None:
    """Whatever the header and cells hold — brackets, escapes, C1, combining marks, emoji — the
    table prints (or one plain error line does) and no control character but tab and LF comes out."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(names)
    for cell in cells:
        writer.writerow([cell] * len(names))
    code, out, err = run(["profile", "-", "--name", "t.csv"], stdin=buffer.getvalue().encode("utf-8"))
    assert code in (ExitStatus.OK, ExitStatus.BAD_INPUT), err
    assert "Traceback" not in err
    shown = out + err
    assert not [ch for ch in shown if unicodedata.category(ch) == "Cc" and ch not in "\t\n"]


def test_a_megabyte_column_name_is_cut_in_the_table_and_whole_in_the_json(tmp_path: Path) -> None:
    path = tmp_path / "long.csv"
    path.write_text("a," + "x" * 1_000_000 + "\n1,2\n3,4\n", encoding="utf-8")
    code, out, _ = run(["profile", str(path)])
    assert code == ExitStatus.OK and len(out) < 10_000  # 5.4 MB of folded table before
    folded = "".join(ch for ch in out if ch.isalnum() or ch in "()…")  # the table folds the name
    assert folded.count("x") == 200 + 1  # the name's first 200, and the heading "max"
    assert folded.endswith("…(1000000characters)qualityissuesnone")
    code, out, _ = run(["profile", str(path), "--json"])
    assert "x" * 1_000_000 in json.loads(out)["columns"]


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux (resource limits)")
def test_running_out_of_memory_is_a_plain_error_not_a_traceback(tmp_path: Path) -> None:
    """Under a memory limit (a ulimit, a container) the CLI says so and exits BAD_INPUT; with --json
    the error report carries OUT_OF_MEMORY. Real limit, real file, in a child process."""
    import resource
    import subprocess
    import sys

    from csvpipe.experiments.datagen import outgrows_small_function_csv

    path = tmp_path / "greedy.csv"
    path.write_bytes(outgrows_small_function_csv())
    cli = "import sys; from csvpipe.cli.main import main; sys.exit(main(sys.argv[1:]))"

    def limit() -> None:  # in the child: 100 MiB of private memory (the run needs ~140 MB of RSS)
        resource.setrlimit(resource.RLIMIT_DATA, (100 * 1024 * 1024, resource.RLIM_INFINITY))

    done = subprocess.run(
        [sys.executable, "-c", cli, "profile", str(path), "--json", "--jobs", "1"],
        preexec_fn=limit,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == ExitStatus.BAD_INPUT, done.stderr
    assert json.loads(done.stdout)["error"]["code"] == "OUT_OF_MEMORY"
    assert "Traceback" not in done.stderr and "[OUT_OF_MEMORY]" in done.stderr


def test_the_table_says_when_a_backslash_escapes_quotes(tmp_path: Path) -> None:
    (tmp_path / "t.csv").write_bytes(b'id,title\n1,"The \\"Guide\\", part 1"\n2,plain\n')
    code, out, _ = run(["profile", "t.csv"], cwd=tmp_path)
    assert code == ExitStatus.OK and "quotes escaped by a backslash" in out.splitlines()[0]
