"""`csvpipe profile PATH|-`: profile one CSV locally with the same engine the Lambda runs.

A rich table by default; with `--json` the summary document on stdout (or, for rejected input, the
error report) so scripts and the benchmark can read it.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from csvpipe.cli.environment import Environment
from csvpipe.cli.exit_codes import ExitStatus
from csvpipe.cli.visible import counted, json_text, visible
from csvpipe.core.texts import shown

_DELIMITERS = {"comma": ",", "semicolon": ";", "tab": "\t", "pipe": "|", "space": " "}


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "profile",
        help="Profile a CSV file locally (schema, statistics, quality issues)",
        description="Profile a CSV file (plain, gzip, bzip2, xz or a ZIP of one CSV; '-' reads stdin) with "
        "the engine the Lambda runs.",
    )
    parser.add_argument(
        "path", help="CSV file (plain, gzip, bzip2, xz or a ZIP of one CSV), or '-' to read standard input"
    )
    parser.add_argument("--json", action="store_true", help="print the summary JSON on stdout")
    parser.add_argument(
        "--threshold",
        type=_share,
        default=None,
        metavar="SHARE",
        help="share of non-missing values that must fit a type (default 0.95)",
    )
    parser.add_argument(
        "--missing-marker",
        action="append",
        default=None,
        metavar="TEXT",
        help="treat TEXT as missing (repeatable); replaces the pandas defaults, the empty cell stays missing",
    )
    parser.add_argument(
        "--delimiter",
        default=None,
        metavar="CHAR",
        help="force the delimiter: a character or comma, semicolon, tab, pipe, space (runs of spaces) "
        "(default: detect)",
    )
    parser.add_argument(
        "--decimal",
        choices=(".", ","),
        default=None,
        metavar="CHAR",
        help="force the decimal separator: '.' (1.5) or ',' (1,5 and 1.234,5) "
        "(default: detect; a comma only in files not separated by commas)",
    )
    parser.add_argument(
        "--encoding",
        default=None,
        metavar="NAME",
        help="read the file in this encoding, a Python codec name such as cp1250, iso8859-2, shift_jis "
        "or utf-16-le (default: detect — UTF-8/16/32, a legacy code page judged by its text, else cp1252)",
    )
    header = parser.add_mutually_exclusive_group()
    header.add_argument(
        "--header",
        dest="header",
        action="store_const",
        const=True,
        default=None,
        help="the first line names the columns (default: detect; a first line of only numbers, "
        "dates or bools is read as data)",
    )
    header.add_argument(
        "--no-header",
        dest="header",
        action="store_const",
        const=False,
        help="the first line is data; the columns are named column_1, column_2, ...",
    )
    parser.add_argument(
        "--header-rows",
        type=int,
        choices=range(4),
        default=None,
        metavar="N",
        help="the N records (0-3) under the header belong to it: units, a logger's processing "
        "(default: detect; 0 reads every record as a row)",
    )
    parser.add_argument(
        "--max-line-bytes",
        type=int,
        default=None,
        metavar="N",
        help="reject lines or fields longer than N bytes (default 8 MiB)",
    )
    parser.add_argument(
        "--jobs",
        type=_jobs,
        default=None,
        metavar="N",
        help="processes to profile one file with (default: one per CPU; "
        "files under 4 MiB, gzip, UTF-16 and stdin always use one)",
    )
    parser.add_argument("--name", default=None, help="file name to report (default: the path's name)")
    parser.set_defaults(func=run)


def _jobs(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError("at least 1 process")
    return value


def _share(text: str) -> float:
    value = float(text)
    if not 0 < value <= 1:
        raise argparse.ArgumentTypeError("the threshold is a share between 0 (exclusive) and 1, e.g. 0.95")
    return value


def _options(args: argparse.Namespace) -> Any:
    from csvpipe.core import ProfileOptions

    settings: dict[str, Any] = {}
    if args.threshold is not None:
        settings["type_threshold"] = args.threshold
    if args.missing_marker:
        settings["missing_markers"] = frozenset({"", *args.missing_marker})
    if args.delimiter:
        delimiter = _DELIMITERS.get(args.delimiter, args.delimiter.replace("\\t", "\t"))
        if len(delimiter) != 1:
            raise ValueError(f"--delimiter must be one character or a name, not {args.delimiter!r}")
        settings["delimiter"] = delimiter
    if args.decimal:
        settings["decimal"] = args.decimal
    if args.header is not None:
        settings["header"] = args.header
    if args.header_rows is not None:
        settings["header_rows"] = args.header_rows
    if args.max_line_bytes is not None:
        settings["max_line_bytes"] = args.max_line_bytes
    if args.encoding:
        settings["encoding"] = args.encoding
    return ProfileOptions(**settings)


def run(args: argparse.Namespace, env: Environment) -> int:
    from csvpipe.core import OUT_OF_MEMORY, ProfileError, profile_stream

    name = args.name or ("stdin.csv" if args.path == "-" else Path(args.path).name)
    try:
        options = _options(args)
    except ValueError as exc:
        print(f"csvpipe profile: {exc}", file=env.stderr)
        return ExitStatus.USAGE
    try:
        if args.path == "-":
            summary = profile_stream(env.stdin_binary, name, options)  # type: ignore[arg-type]
        else:
            path = env.cwd / args.path
            summary = _profile_with_progress(path, name, options, args.jobs, env)
    except IsADirectoryError:
        return _rejected(name, _unreadable(f"{args.path} is a directory; give a CSV file."), args.json, env)
    except OSError as exc:
        why = f"Cannot read {args.path}: {exc.strerror or exc}; check the path."
        return _rejected(name, _unreadable(why), args.json, env)
    except ProfileError as exc:
        return _rejected(name, exc, args.json, env)
    except MemoryError:  # a memory limit (ulimit, container) reached: the data is freed by now
        error = ProfileError(
            OUT_OF_MEMORY,
            "Profiling the file needed more memory than this process may use; free memory, "
            "use --jobs 1 (one process), or lower --max-line-bytes.",
            {},
        )
        return _rejected(name, error, args.json, env)
    if args.json:
        env.stdout.write(json_text(summary, indent=2) + "\n")
    else:
        _print_table(summary, env)
    return ExitStatus.OK


def _unreadable(message: str) -> Any:
    """A path that cannot be opened or read, as the engine's error for a stream that fails
    (READ_FAILED): with --json a script gets an error report for it too, not an empty stdout."""
    from csvpipe.core.errors import READ_FAILED, ProfileError

    return ProfileError(READ_FAILED, message, {})


def _rejected(name: str, error: Any, as_json: bool, env: Environment) -> int:
    """One plain line on stderr (and with --json the error report on stdout); exit BAD_INPUT."""
    from csvpipe.core import error_report

    if as_json:
        env.stdout.write(json.dumps(error_report(name, error), indent=2) + "\n")
    print(f"csvpipe profile: {name}: {error.message} [{error.code}]", file=env.stderr)
    return ExitStatus.BAD_INPUT


def _profile_with_progress(path: Path, name: str, options: Any, jobs: int | None, env: Environment) -> Any:
    """Large files show a transient progress bar on stderr (only on a terminal)."""
    from csvpipe.core.parallel import profile_file

    size = path.stat().st_size
    if path.is_dir():
        raise IsADirectoryError(str(path))
    if size < 20 * 1024 * 1024:
        return profile_file(path, name, options, jobs)
    from rich.progress import BarColumn, DownloadColumn, Progress, TimeRemainingColumn

    console = env.console(stderr=True)
    columns = ("profiling", BarColumn(), DownloadColumn(), TimeRemainingColumn())
    # No refresh thread (auto_refresh off; redrawn as bytes are read): the parts of a large file are
    # profiled in forked processes, and forking while another thread holds a lock can deadlock.
    with Progress(
        *columns, console=console, transient=True, disable=not console.is_terminal, auto_refresh=False
    ) as progress:
        task = progress.add_task("profile", total=size)

        def advance(done: int) -> None:
            progress.update(task, completed=done)
            progress.refresh()

        return profile_file(path, name, options, jobs, advance)


def _print_table(summary: dict[str, Any], env: Environment) -> None:
    from rich.table import Table
    from rich.text import Text

    from csvpipe.core import issue_counts

    console = env.console()
    source = summary["source"]
    shape = f"{counted(summary['row_count'], 'row')}, {counted(source['column_count'], 'column')}"
    facts = f": {shape}, {source['encoding']}, delimiter {source['dialect']['delimiter_name']}"
    if source["dialect"].get("decimal_separator") == ",":
        facts += ", decimal comma"
    if source["dialect"].get("skip_initial_space") and source["dialect"]["delimiter"] != " ":
        facts += ", spaces after delimiters skipped"  # (runs of spaces are the space delimiter itself)
    if source["dialect"].get("escapechar"):
        facts += ", quotes escaped by a backslash"
    if source["dialect"].get("trailing_delimiter"):
        facts += ", a delimiter ends every row"
    if source["dialect"].get("drawn"):
        lines = "box-drawing lines" if source["dialect"].get("box_drawing") else "|"
        facts += (
            f", a table drawn with {lines} ({source['dialect']['drawn']}: borders, rules and padding dropped)"
        )
    if source["dialect"].get("column_spans_from") == "alignment":
        facts += ", columns cut where every line leaves a gap (aligned by spaces)"
    elif source["dialect"].get("column_spans"):
        facts += ", columns cut where the rule of dashes under the names runs"
    if source["dialect"].get("excel_text"):
        facts += ', Excel text formulas (="00123") read as their text'
    if source["dialect"].get("eurostat"):
        facts += (
            ", a Eurostat table (its dimensions split into columns, flags taken off the values, : missing)"
        )
    headerless = source["dialect"].get("header") is False
    if headerless:
        facts += ", no header (the first record is data)"
    if source["compression"]:
        facts += f", {source['compression']}"
    if source.get("preamble"):
        before = "data" if headerless else "header"
        facts += f", {source['preamble_lines']} line(s) before the {before} skipped"
    if source.get("header_groups_line"):
        facts += f", names joined with the column groups on line {source['header_groups_line']}"
    if source.get("header_rows"):
        facts += f", {len(source['header_rows'])} row(s) under the header (units …) listed, not profiled"
    if source.get("comment_lines"):
        facts += f", {source['comment_lines']} comment line(s) after the header skipped"
    if source.get("later_tables"):
        later = source["later_tables"]
        facts += f", {len(later)} more table(s) from line {later[0]['line']} listed, not profiled"
    if source.get("footer"):
        first = source["footer"][0]["line"]
        facts += (
            f", {len(source['footer'])} record(s) after the table (from line {first}) left out as its footer"
        )
    console.print(Text.assemble((visible(summary["file_name"]), "bold"), facts))
    table = Table(show_header=True, header_style="bold")
    for heading in ("column", "type", "missing", "distinct", "min", "max", "avg / top value"):
        table.add_column(heading, overflow="fold")
    for name, column in summary["columns"].items():
        distinct = f"{column['distinct']}" + ("" if column["distinct_exact"] else " ~")
        if column.get("top_values"):
            top = column["top_values"][0]
            last = f"{visible(top['value'])} ({top['count']})"
        else:
            last = _text(column.get("avg"))
        if "min_length" in column:  # strings: lengths, not values
            low, high = f"len {_text(column['min_length'])}", f"len {_text(column['max_length'])}"
        else:
            low, high = _text(column.get("min")), _text(column.get("max"))
            infinities = column.get("infinities", {})
            if infinities.get("negative"):  # the figures are of the finite numbers: say so
                low = f"-inf ({infinities['negative']}); {low}"
            if infinities.get("positive"):
                high = f"{high}; inf ({infinities['positive']})"
        shown_name = visible(_brief(name))
        labels = [cell for cell in column.get("header_rows", ()) if cell and cell != name]
        if labels:  # units, processing: what the rows under the header say of it
            shown_name += " [" + ", ".join(visible(_brief(cell)) for cell in labels) + "]"
        table.add_row(shown_name, column["type"], str(column["missing"]), distinct, low, high, last)
    console.print(table)
    counts = {kind: n for kind, n in issue_counts(summary).items() if n}
    if counts:
        console.print("quality issues: " + ", ".join(f"{kind} {n}" for kind, n in counts.items()))
    else:
        console.print("quality issues: none")


def _brief(name: str) -> str:
    """A column name as the table shows it, cut as the summary cuts long cells (`core.texts.shown`): a
    header cell may be megabytes long (a 1 MB name took 4 s and 5 MB of folded table); the JSON keeps
    it whole."""
    cut = shown(name)
    return f"{cut['value']}… ({cut['length']} characters)" if cut.get("truncated") else name


def _text(value: Any) -> str:
    return "" if value is None else str(value)
