"""Which delimiter, quote character (and escape) and line ending a CSV uses, judged from its first block.

A candidate delimiter wins when it splits the sample's records into the same number (> 1) of
fields most consistently; ties go to the order comma, semicolon, tab, pipe. csv.Sniffer is not used:
it is slow on large samples and guesses letters as delimiters.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
from collections import Counter

from csvpipe.core.options import PANDAS_MISSING_MARKERS
from csvpipe.core.values import (
    BOOL,
    CURRENCY_SIGNS,
    DATE,
    DATETIME,
    FIRST_GROUP,
    FLOAT,
    INT,
    MINUS_SIGN_CHAR,
    MOST_GROUPS,
    STRING,
    THOUSANDS_SPACES,
    classify,
)

TYPE_CHECKING = False  # typing costs milliseconds at import; mypy still reads the block below
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator, Sequence
    from typing import Any

DELIMITERS = (",", ";", "\t", "|")
# Runs of spaces between columns (`_space_separated`): tried only when no delimiter above splits the
# sample, as pandas needs `sep=r"\s+"` to be told.
SPACE = " "
_SAMPLE_RECORDS = 200
_COMMA_DECIMAL = re.compile(r"\s*[+-]?[0-9]*,[0-9]+\s*")
# ... and grouped by spaces, as only a comma's numbers are (1 234,5; values.THOUSANDS_SPACES).
_COMMA_SPACE_GROUPED = re.compile(rf"\s*[+-]?{FIRST_GROUP}(?:[{THOUSANDS_SPACES}][0-9]{{3}})+,[0-9]+\s*")
# ... or by points, with a comma fraction (-999.999.999,99: a German budget's bounds), which no
# point-decimal number can be; a point group alone (1.234) tells nothing.
_COMMA_POINT_GROUPED = re.compile(rf"\s*[+-]?{FIRST_GROUP}(?:\.[0-9]{{3}}){{1,{MOST_GROUPS}}},[0-9]+\s*")
_POINT_DECIMAL = re.compile(r"\s*[+-]?[0-9]*\.[0-9]+\s*")
# ... that may be thousands grouped by points instead (`4.403`, `12.345.678`).
_POINT_THOUSANDS = rf"\s*[+-]?{FIRST_GROUP}(?:\.[0-9]{{3}})+\s*"  # (compiled on first use: `re`'s cache)
# In a comma-separated file a comma in a value is quoted, and may group thousands; below one it cannot.
_LEADING_ZERO_DECIMAL = re.compile(r"\s*[+-]?0,[0-9]+\s*")
# Thousands grouped by commas that no decimal comma can be: two groups or more, or a point fraction
# (1,234,567 · 1,234.5); these are evidence for the point, as 1.5 is. No more groups than a value may
# have (MOST_GROUPS: a longer run is a list).
_POINT_GROUPED = re.compile(
    rf"\s*[+-]?{FIRST_GROUP}(?:(?:,[0-9]{{3}}){{2,{MOST_GROUPS}}}|(?:,[0-9]{{3}}){{1,{MOST_GROUPS}}}\.[0-9]+)\s*"
)
# Lines before the header: Excel's delimiter hint ("sep=;", which Excel writes and reads) and comment
# lines starting with "#" (instrument logs, exports with a "# Data source: ..." note).
_SEP_HINT = re.compile(r"sep=(.)", re.IGNORECASE)
_LINE = re.compile(r".*?(?:\r\n|\r|\n)|.+", re.DOTALL)  # as the text layer splits lines (newline="")
PREAMBLE_MAX_LINES = 20  # preamble lines listed in the summary, and the window of "#" comment logic
# Notes before the header (titles, `Key:,value`, a report's banner) are looked for within this many
# lines: Alipay's and JD's exports put 21-24 lines above theirs, a Condor actigraph 24, PHD2's guide
# log 26 (20 until 2026-11-27: each read as one column of ragged rows).
NOTES_MAX_LINES = 40
# The characters a rule under the header is drawn with (is_rule).
_DRAWING = "-=*_~─━═"
# How a `|` table is drawn for people to read (Dialect.drawn): with borders, or padded under a psql rule.
FRAMED = "framed"
PADDED = "padded"
# Box-drawing characters (U+2500-U+257F) as the ASCII that text tables draw with (Dialect.box_drawing):
# a line down is `|`, a line across `-` (a double one `=`), every corner and junction `+`. DuckDB's and
# rich's tables, tabulate's `fancy_outline` and psql's `unicode` style then read as MySQL's do.
_BOX_DOWN = "│┃║╎╏┆┇┊┋"
_BOX_ACROSS = "─━╌╍┄┅┈┉╼╾"
BOX_TO_ASCII = {
    code: "|"
    if chr(code) in _BOX_DOWN
    else "-"
    if chr(code) in _BOX_ACROSS
    else "="
    if chr(code) == "═"
    else "+"
    for code in range(0x2500, 0x2580)
}
_BOX_CHARACTER = re.compile("[\u2500-\u257f]")
# Lines looked at for box drawing, and how many of them must hold a line down.
_BOX_LINES = 200
_BOX_MIN_LINES = 3
_BOX_SEARCH_CHARS = 16384
# A rule of dashes (or `=`) under names, its runs apart by spaces (Dialect.column_spans): SQL*Plus,
# sqlcmd, tabulate's `simple` and reStructuredText's simple tables draw one; each run is a column.
# (Patterns of rare paths are compiled on first use, through `re`'s cache: 0.1 ms less at import.)
_FIXED_RULE = r" *[-=]+(?: +[-=]+)+ *"
_FIXED_RUN = r"[-=]+"
# Lines searched for such a rule, and the share of the lines under it (not blank) that must fit its
# columns (`_fits`) for the table to be read by them.
FIXED_RULE_MAX_LINE = 40
FIXED_FIT_SHARE = 0.8
# Lines under the names of a table aligned by spaces with no rule (`_aligned_columns`), at least.
ALIGNED_MIN_ROWS = 3
_WORD = r"\S+"  # (compiled on first use)
# Lines above such a table's names: blank ones, and notes opening with "#" (a tibble's `# A tibble:
# 6 × 3`, SExtractor's column list).
_BLANK_OR_COMMENT_LINES = r"(?:(?:[ \t]*|#[^\r\n]*)(?:\r\n|\r|\n))*"
# Records a table under notes holds at least, for its columns to be told by runs of spaces alone.
SPACE_TABLE_MIN_ROWS = 5
PREAMBLE_TEXT_CHARS = 200
# "#" comment lines before the header, as far as the sample (64 KiB) reaches: tzdata's zone.tab,
# iso3166.tab and zone1970.tab open with 27, 30 and 38 of them, and the 21st became the header.
COMMENT_MAX_LINES = 2000
# A YAML front matter block (CSVY, read by data.table's fread and rio): a first line "---", metadata,
# and a closing "---" (or YAML's "...") before the table, within the same COMMENT_MAX_LINES.
_FRONT_MATTER_OPEN = "---"
_FRONT_MATTER_CLOSE = ("---", "...")
# The first line of a Campbell Scientific data logger's table file (TOA5; the older TOACI1): the file
# format, station, logger model, serial number, OS, program and table names — not the header, which
# is the next line. TOA5 then has two rows under the names: units (`Volts`, `Deg C`) and how each
# value was processed (`Smp`, `Avg`, `Max`).
_LOGGER_BANNER = re.compile(r'"?(TOA5|TOACI1)"?[,;\t]')
_TOA5_HEADER_ROWS = 2
CAMPBELL_MISSING = frozenset({"NAN"})
# Eurostat's tab-separated tables (its bulk download and API's TSV): the first name joins the row
# dimensions' codes and names the column dimension after a backslash (`unit,geo\time`,
# `freq,unit,geo\TIME_PERIOD`); every value is followed by a space and its flags (`3373306 p`:
# provisional; `4537522 `: none), and `:` is a value not available (`: c`: confidential).
_EUROSTAT_FIRST_NAME = re.compile(r".*\\\s*time(?:_period)?\s*", re.IGNORECASE)
EUROSTAT_MISSING = frozenset({":"})
# A LabVIEW measurement file (.lvm): a first line `LabVIEW Measurement`, the file's header of
# `Key<TAB>value` lines ending with `***End_of_Header***`, the first segment's header (channels,
# samples, X0, Delta_X) ending with another, then the names `X_Value<TAB>…<TAB>Comment` over rows that
# write no Comment field unless there is a comment. Looked for within this many lines.
_LABVIEW_FIRST = "LabVIEW Measurement"
_LABVIEW_HEADER_END = "***End_of_Header***"
_LABVIEW_MAX_LINES = 400
# Orange's tab-delimited data files (.tab, the "old" header): names, then each column's type (a type
# word or its discrete values separated by spaces), then its flag (class, meta, ignore, weight or none).
_ORANGE_TYPES = frozenset({"c", "d", "s", "t", "continuous", "discrete", "string", "time", "basket"})
_ORANGE_FLAGS = frozenset({"", "class", "meta", "ignore", "weight", "c", "m", "i", "w"})
# Records right under the header that belong to it (units, a logger's processing, variable labels):
# at most this many.
HEADER_ROWS_MAX = 3


def is_logger_banner(line: str) -> bool:
    """Whether `line` is the first line of a Campbell Scientific data logger's table (TOA5, TOACI1)."""
    return _LOGGER_BANNER.match(line) is not None


def stripped_lines(lines: Iterable[str]) -> Iterator[str]:
    """The lines of a file whose columns runs of spaces separate, without the spaces around their
    text (right-aligned numbers, a space before the line end separate nothing), each still ending
    with a line break: csv joins lines given without one, and a quoted value spanning lines (R's
    `write.table` of `"two⏎lines"`) lost its break until 2026-11-28. At C speed, two calls a line."""
    return map(str.__add__, map(str.strip, lines), itertools.repeat("\n"))


def is_rule(record: Sequence[str]) -> bool:
    """Whether a record is a rule drawn under a header: every field it fills a run of `-`, `=`, `*`,
    `_` or `~` (three at least; `+` may join them, as psql's `----+----`), as text tables draw one
    (DWD's test reference years put `***` under their names, SQL clients `-----  ----`). It is one of
    the header's rows (Dialect.header_rows), not a row with a type mismatch in every column. Beside
    such a field, a run of two is one too: SQLite's `.mode column` draws `--` under a name of two
    letters (a record of `--` alone, a placeholder, is none)."""
    filled = [field.strip() for field in record if field.strip()]
    if not filled or not all(map(_drawn_short, filled)):
        return False
    return any(map(_drawn, filled))


def _drawn_short(field: str) -> bool:
    """Whether a field is drawn (`_drawn`), or is a run of two of one drawing character."""
    return (len(field) == 2 and field[0] in _DRAWING and field[1] == field[0]) or _drawn(field)


def _drawn(field: str) -> bool:
    """Whether a field is runs of one drawing character each, three at least, `+` between them, or
    Markdown's dashes with a colon at either end that aligns the column (`:---`, `---:`, `:-:`: one
    dash is enough beside a colon, as prettytable draws a narrow column's). (A
    regex with nested repeats — a run of three or more, an optional `+`, all repeated — backtracked
    for seconds on a long run followed by anything else: found by `make fuzz-engine` on 2026-11-28,
    over 20 s on a run of 80 `~`.)"""
    return all(map(_drawn_run, field.strip("+").split("+")))


def _drawn_run(run: str) -> bool:
    """Whether a run between `+` is drawn: one drawing character three times at least, or at least
    once beside a colon that aligns the column (Markdown's `:---:`, Pandoc's grid `+:====+`)."""
    if run[:1] == ":" or run[-1:] == ":":
        line = run.removeprefix(":").removesuffix(":")
        return bool(line) and line[0] in "-=" and line == line[0] * len(line)
    return len(run) >= 3 and run[0] in _DRAWING and run == run[0] * len(run)


def _drawn_table(records: list[list[str]]) -> str | None:
    """How a `|`-separated sample's table is drawn for reading (Dialect.drawn): FRAMED when every
    record of two fields or more opens and closes with a border — an empty field outside it, three
    such records at least (records of one field are frame lines and notes: `+----+`, `5 rows in
    set`) — PADDED when psql's rule (`----+----`: one field, as it holds no `|`) lies right under
    the names, or a rule split as the names are (`----------|------`: SQL*Plus' `COLSEP '|'`); else
    None."""
    split = [record for record in records if len(record) > 1]
    if len(split) >= 3 and all(
        len(record) > 2 and not record[0].strip() and not record[-1].strip() for record in split
    ):
        return FRAMED
    if len(records) > 2 and len(records[0]) > 1 and len(records[1]) == 1:
        rule = records[1][0].strip()
        if "+" in rule.strip("+") and is_rule(records[1]):
            return PADDED
    width = len(records[0]) if records else 0
    if len(records) > 2 and width > 1 and len(records[1]) == width and is_rule(records[1]):
        return PADDED  # SQL*Plus' `SET COLSEP '|'`, sqlcmd's `-s "|"`: `-------|-------` under the names
    return None


def _box_drawn(sample: str) -> bool:
    """Whether the sample is a table drawn with box-drawing characters (Dialect.box_drawing): of its
    first 200 lines that are not blank, three at least and half at least are drawn (`_drawn_line`),
    and none holds a `|` — a value's `├── dir│` in a CSV is not enough."""
    if _BOX_CHARACTER.search(sample, 0, _BOX_SEARCH_CHARS) is None:
        return False  # (at C speed: every file asks; 0.13 ms for the whole 64 KiB sample, so its start)
    lines = [line for line in itertools.islice(sample.splitlines(), _BOX_LINES) if line.strip()]
    drawn = [line for line in lines if _drawn_line(line)]
    return (
        len(drawn) >= _BOX_MIN_LINES
        and 2 * len(drawn) >= len(lines)
        and not any("|" in line for line in lines)
    )


def _drawn_line(line: str) -> bool:
    """Whether a line is a box-drawn table's: it opens with a box-drawing character (a border or a
    frame), or a line down stands between spaces (` │ `: psql's `unicode` style has no borders)."""
    text = line.strip()
    return "\u2500" <= text[:1] <= "\u257f" or any(f" {down} " in text for down in _BOX_DOWN)


def _a_note_more(
    line: str, lines: list[str], preamble: tuple[tuple[int, str], ...], sample: str, table_text: str
) -> tuple[list[str], tuple[tuple[int, str], ...], str, str]:
    """The sample's first `line` taken from the table into the notes above it (detect_dialect's
    `lines` and `preamble`; `sample` and `table_text` without it)."""
    lines = [*lines, line]
    preamble = (*preamble, (len(lines), line.rstrip("\r\n")[:PREAMBLE_TEXT_CHARS]))
    table_text = table_text[len(line) :] if table_text.startswith(line) else table_text
    return lines, preamble, sample[len(line) :], table_text


def _rule_under_a_drawn_header(table: list[list[str]]) -> int:
    """How many records under a drawn table's names belong to its header: those down to the first
    rule under them, when it lies within HEADER_ROWS_MAX records of them and above a row; 0 when
    none does."""
    for index in range(1, min(HEADER_ROWS_MAX + 1, len(table) - 1)):
        if is_rule(table[index]):
            return index
    return 0


def _undrawn(records: list[list[str]], drawn: str) -> list[list[str]]:
    """The sample's records as the reader gives them for a table drawn so (see `_undrawing`)."""
    return list(map(_undrawing(drawn), records))


def is_blank(record: list[str]) -> bool:
    """Whether a record is a blank line: no field at all, or one of spaces and tabs only (`   `), as
    pandas skips such lines. Until 2026-11-26 a line of spaces was a record: before the header it
    became the header (the real header was read as data), later a row with too few fields. A quoted
    empty value alone on its line (`""`) stays a record, and so does other whitespace, as in pandas
    (a no-break space is a value: DuckDB's `all_latin1.csv` lost its U+00A0 row until 2026-11-27)."""
    return not record or (len(record) == 1 and record[0] != "" and not record[0].strip(" \t"))


class Dialect:
    """How the file is split; `line_terminator` is LF, CRLF, CR, mixed or none (a single line).

    `unnamed_first_field`: the header has no name for the first field of every record — what R's
    `write.table(sep=",")` writes for row names. The first field is then a column of its own (pandas
    makes it the index); without this every column would get its neighbour's values.

    `decimal`: the decimal separator of numbers, "." or "," — spreadsheets set to German, French and
    most European locales write 1,5 (and 1.234,5) into semicolon-separated files; read with a point,
    every such column would be a string column.

    `preamble`: the lines before the header, skipped (see `find_preamble`); each a (line number,
    text) pair, the text cut to PREAMBLE_TEXT_CHARS.

    `initial_space`: spaces after a delimiter are skipped (csv's `skipinitialspace`) — set only when
    the file quotes values after a delimiter and a space (`1, "Smith, J", 3`, as people type CSV by
    hand) and reads more consistently so (see `_initial_space`).

    `header`: the first record names the columns. False when its fields are values — numbers,
    dates, datetimes or bools, and any text among them recurs in its column (see
    `_first_record_is_data`): `numpy.savetxt` and many instruments write no header, and reading its
    first row as names lost a row and named the columns after its values.

    `last_column_optional`: rows may leave out the header's last column (LabVIEW's `Comment`): a
    row one field short is padded, not reported as ragged.

    `header_rows`: the records right under the header that belong to it — units, a logger's
    processing, labels (see `_rows_under_the_header`) — as the sample holds them (without a trailing
    delimiter's empty field); they are listed, not profiled, and skipped wherever they repeat.

    `eurostat`: a Eurostat table (see _EUROSTAT_FIRST_NAME): its value columns' flags are taken off
    their values and counted, `:` is missing, and the names lose the space the format pads them with.

    `table_end`, `later_tables`: the file holds more tables after the first, each after blank lines
    (a report's sections: Google Analytics, Matomo, Teams): the first line that is not the first
    table's (the first blank line before the next), 0 when the sample shows no other table; and the
    line and text of each later table's header (or title) that the sample shows (see _later_tables).
    Only the first table is profiled.

    `header_groups`: the labels of a row of groups right above the header (Excel's merged cells,
    `,Q1,,,Q2,,` over `Region,Sales,Cost,Margin,Sales,Cost,Margin`), one per column ("" for none),
    that each column's name is joined with (`Q1 Sales`); empty when there is none (see
    `_header_groups`). The row itself stays in the preamble.

    `drawn`: a table drawn with `|` for people to read, not for programs — "framed" when every
    record opens and closes with a border (Markdown's `| a | b |`, MySQL's `+---+` boxes), "padded"
    when psql's `----+----` rule (or one split by `|`, SQL*Plus' `COLSEP '|'`) lies under its names
    and no border is drawn; None otherwise. Its
    records are read without the borders' empty fields and without the spaces that pad each value
    (see `_undrawing`): a border was an empty column on each side and the padding a whitespace issue in
    every column until 2026-11-28.

    `excel_text`: values are written as Excel formulas of text, `="00123"` — exporters write them so
    that Excel keeps a code's leading zeros or a date-like id as text — and are read as the text
    they show (`00123`; see `excel_text`). Set when the sample holds such a value.

    `box_drawing`: the table is drawn with box-drawing characters (`│ ─ ┼`: DuckDB's and rich's
    tables, psql's `unicode` style); every line is read with them as ASCII (`BOX_TO_ASCII`), and the
    table is then a drawn one (`drawn`) with `|` its delimiter.

    `column_spans`: the columns of a fixed-width table, as (start, end) character positions, from the
    runs of the rule of dashes under its names (`_fixed_width`): SQL*Plus' and sqlcmd's output,
    tabulate's `simple`. Each line is cut at them (`_FixedWidthRecords`; the last column runs to the
    line's end), so a value may hold spaces and a cell may be empty. Empty when the file is split by
    a delimiter; the delimiter is then SPACE, as for runs of spaces.

    `columns_aligned`: the column spans were not drawn but found where every line of the sample
    leaves a gap (`_aligned_columns`: pandas' `to_string()`, R's `print`, `docker ps`), a table with
    no rule under its names.
    """

    __slots__ = (
        "box_drawing",
        "column_spans",
        "columns_aligned",
        "decimal",
        "delimiter",
        "drawn",
        "escapechar",
        "eurostat",
        "excel_text",
        "header",
        "header_groups",
        "header_rows",
        "initial_space",
        "last_column_optional",
        "later_tables",
        "line_terminator",
        "preamble",
        "quotechar",
        "table_end",
        "trailing_delimiter",
        "unnamed_first_field",
    )

    def __init__(
        self,
        delimiter: str,
        quotechar: str,
        line_terminator: str,
        unnamed_first_field: bool = False,
        decimal: str = ".",
        preamble: tuple[tuple[int, str], ...] = (),
        initial_space: bool = False,
        header: bool = True,
        escapechar: str | None = None,
        trailing_delimiter: bool = False,
        header_rows: tuple[tuple[str, ...], ...] = (),
        last_column_optional: bool = False,
        header_groups: tuple[str, ...] = (),
        eurostat: bool = False,
        table_end: int = 0,
        later_tables: tuple[tuple[int, str], ...] = (),
        drawn: str | None = None,
        excel_text: bool = False,
        box_drawing: bool = False,
        column_spans: tuple[tuple[int, int], ...] = (),
        columns_aligned: bool = False,
    ) -> None:
        self.delimiter = delimiter
        self.quotechar = quotechar
        self.line_terminator = line_terminator
        self.unnamed_first_field = unnamed_first_field
        self.decimal = decimal
        self.preamble = preamble
        self.initial_space = initial_space
        self.header = header
        self.escapechar = escapechar
        self.trailing_delimiter = trailing_delimiter
        self.header_rows = header_rows
        self.last_column_optional = last_column_optional
        self.header_groups = header_groups
        self.eurostat = eurostat
        self.table_end = table_end
        self.later_tables = later_tables
        self.drawn = drawn
        self.excel_text = excel_text
        self.box_drawing = box_drawing
        self.column_spans = column_spans
        self.columns_aligned = columns_aligned

    @property
    def logger_table(self) -> bool:
        """Whether the file is a Campbell Scientific data logger's table (TOA5, TOACI1): its first
        line, skipped, is the logger's banner. Such a logger writes `NAN` for a reading it could not
        take, which is then a missing value (CAMPBELL_MISSING), as Campbell's own software and
        every reader of these files take it (pandas needs `na_values="NAN"`)."""
        return bool(self.preamble) and self.preamble[0][0] == 1 and is_logger_banner(self.preamble[0][1])

    @property
    def comment(self) -> str | None:
        """ "#" when lines before the header were `#` comments: later lines starting with it are
        comments too (tzdata's `zone1970.tab`, InfluxDB's annotated CSV between its tables), not rows.
        Between runs of spaces always, as numpy's `loadtxt` and R's `read.table` read such files
        (gnuplot's data files put `#` lines between their data sets). None otherwise: elsewhere `#1`
        or `#N/A` opening a row is a value."""
        if self.delimiter == SPACE or any(text.startswith("#") for _, text in self.preamble):
            return "#"
        return None

    def reader(self, lines: Iterable[str]) -> Any:
        """A csv reader of `lines` in this dialect (non-strict, as every reading here is).

        With a backslash escape, `\\N` (MySQL's NULL, which its exports write beside `\\"`) is read as
        the text `\\N`, as without the escape: the escape alone made it `N`, a value like any other.
        It is a missing value only if the missing markers name it."""
        if self.column_spans:
            return _FixedWidthRecords(lines, self.column_spans)
        if self.box_drawing:
            lines = map(str.translate, lines, itertools.repeat(BOX_TO_ASCII))
        if self.delimiter == SPACE:
            lines = stripped_lines(lines)
        if self.escapechar is not None:
            # Every `\\N` becomes `\\\\N`, which the escape reads back as `\\N`; an escaped backslash
            # before N (`\\\\N`, the text `\\N`) becomes `\\\\\\N` and still reads as `\\N`. At C speed:
            # a regex per line for whole fields only cost a 100 000-line file 85 % (0.20 -> 0.37 s).
            lines = map(str.replace, lines, itertools.repeat("\\N"), itertools.repeat("\\\\N"))
        elif self.initial_space and self.delimiter != SPACE:
            lines = blank_lines_emptied(lines, self.quotechar)
        reader: Any = csv.reader(
            lines,
            delimiter=self.delimiter,
            quotechar=self.quotechar,
            skipinitialspace=self.initial_space,
            escapechar=self.escapechar,
            strict=False,
        )
        if self.drawn is not None:
            reader = _RecordsChanged(reader, _undrawing(self.drawn))
        if self.excel_text:
            reader = _RecordsChanged(reader, _excel_texts)
        return _RecordsChanged(reader, _dimensions_split) if self.eurostat else reader

    def to_dict(self) -> dict[str, Any]:
        names = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe", SPACE: "space"}
        return {
            "delimiter": self.delimiter,
            "delimiter_name": "fixed_width" if self.column_spans else names.get(self.delimiter, "other"),
            "quotechar": self.quotechar,
            "escapechar": self.escapechar,
            "line_terminator": self.line_terminator,
            "decimal_separator": self.decimal,
            "skip_initial_space": self.initial_space,
            "header": self.header,
            "trailing_delimiter": self.trailing_delimiter,
            "comment": self.comment,
            "eurostat": self.eurostat,
            "drawn": self.drawn,
            "excel_text": self.excel_text,
            "box_drawing": self.box_drawing,
            "column_spans": [list(span) for span in self.column_spans] or None,
            "column_spans_from": ("alignment" if self.columns_aligned else "rule")
            if self.column_spans
            else None,
        }


class _RecordsChanged:
    """A csv reader's records, each changed by `change` as it is read (a Eurostat table's dimensions
    split, a drawn table's borders dropped, Excel's text formulas read); keeps the reader's
    `line_num`. Only the files that need a change pay for it (a Python step per record)."""

    __slots__ = ("_change", "_reader")

    def __init__(self, reader: Any, change: Callable[[list[str]], list[str]]) -> None:
        self._reader = reader
        self._change = change

    def __iter__(self) -> _RecordsChanged:
        return self

    def __next__(self) -> list[str]:
        return self._change(next(self._reader))

    @property
    def line_num(self) -> int:
        return int(self._reader.line_num)


def _dimensions_split(record: list[str]) -> list[str]:
    """A Eurostat table's record with its first field split at its commas: the codes of the row
    dimensions (`NR,F,TOTAL,AT` under `unit,sex,age,geo\\time`), each a column of its own, as every
    reader of these files splits them."""
    if record and "," in record[0]:
        record[:1] = record[0].split(",")
    return record


def _unframed(record: list[str]) -> list[str]:
    """A framed table's record (Dialect.drawn FRAMED) as it reads: without the empty fields outside
    its borders (a record that opens and closes with `|`; a frame line, `+----+----+`, is one field
    and stays as it is), each value without the spaces that align it."""
    if len(record) > 2 and not record[0].strip() and not record[-1].strip():
        record = record[1:-1]
    return _unpadded(record)


def _unpadded(record: list[str]) -> list[str]:
    """A padded table's record (Dialect.drawn PADDED): each value without the spaces that align it."""
    return [field.strip() for field in record]


def _undrawing(drawn: str) -> Callable[[list[str]], list[str]]:
    """How a table drawn so (Dialect.drawn) is read."""
    return _unframed if drawn == FRAMED else _unpadded


class _FixedWidthRecords:
    """A fixed-width table's records (Dialect.column_spans): each line cut at the columns (`cut_at`),
    its values stripped; a blank line is no field (a blank line, as csv reads it); a line that does
    not fit the columns (text across a whole gap between them) is one field, its text — a note, a
    title, a value wrapped onto the next line — which the table then holds back as a footer or
    reports as ragged. The end marker (profile's `_END`) passes as a record of its own. Counts
    `line_num` as csv does. A Python step per line: only such files pay for it."""

    __slots__ = ("_gaps", "_lines", "line_num")

    def __init__(self, lines: Iterable[str], spans: tuple[tuple[int, int], ...]) -> None:
        self._lines = iter(lines)
        self._gaps = _gaps(spans)
        self.line_num = 0

    def __iter__(self) -> _FixedWidthRecords:
        return self

    def __next__(self) -> list[str]:
        line = next(self._lines)
        self.line_num += 1
        text = line.rstrip("\r\n")
        if text == END_MARKER:
            return [text]
        if not text.strip():
            return []
        return cut_at(text, self._gaps) or [text.strip()]


def _gaps(spans: tuple[tuple[int, int], ...]) -> tuple[tuple[int, int], ...]:
    """The gaps between the columns, as [start, end) positions: where each line is cut."""
    return tuple((end, following) for (_, end), (following, _) in itertools.pairwise(spans))


def cut_at(text: str, gaps: tuple[tuple[int, int], ...]) -> list[str] | None:
    """A line's values, cut at a space within each gap (`_gaps`), or None when a gap holds none (text
    runs across it). A value may reach into the gap beside it: a right-aligned number grown wider
    than the lines the columns were found on (`1002` under `9`), a text a letter longer. The first
    value starts at the line's start, the last runs to its end; a line that ends early leaves the
    later values empty."""
    values = []
    start = 0
    for gap_start, gap_end in gaps:
        if len(text) <= gap_start:
            values.append(text[start:].strip())
            start = len(text)
            continue
        cut = text.find(" ", gap_start, gap_end)
        if cut < 0:
            if len(text) >= gap_end:
                return None
            cut = len(text)
        values.append(text[start:cut].strip())
        start = cut
    values.append(text[start:].strip())
    return values


def _open_ended(spans: tuple[tuple[int, int], ...]) -> tuple[tuple[int, int | None], ...]:
    """The columns with the last running to the line's end: a value wider than its rule (SQL*Plus'
    last column)."""
    return (*spans[:-1], (spans[-1][0], None))


def _fits(text: str, spans: tuple[tuple[int, int | None], ...]) -> bool:
    """Whether a line holds nothing but spaces outside the columns (before the first, and between
    each column and the next)."""
    end = 0
    for start, stop in spans:
        if text[end:start].strip(" "):
            return False
        if stop is None:
            return True
        end = stop
    return not text[end:].strip(" ")


def _fixed_width(sample: str) -> tuple[int, tuple[tuple[int, int], ...]] | None:
    """The line (0 for the first) of a fixed-width table's names and its columns (Dialect.column_spans),
    or None: a rule of two runs of dashes or more (`---------- ---------`), apart by spaces, within the
    first FIXED_RULE_MAX_LINE lines, under a line of names that fits its runs, above two lines at least
    (up to the first blank line: a footer's notes are not the table's) of which FIXED_FIT_SHARE fit
    them (`_fits`: a value wider than its column, or text across the gaps, does not). No tab in the
    names nor the rule: tabs align nothing by position."""
    if "--" not in sample and "==" not in sample:
        return None  # (at C speed: most files have no such rule)
    lines = [
        match[0].rstrip("\r\n")
        for _, match in zip(
            range(FIXED_RULE_MAX_LINE + _SAMPLE_RECORDS), _LINE.finditer(sample), strict=False
        )
    ]
    for index in range(1, min(len(lines), FIXED_RULE_MAX_LINE)):
        rule, names = lines[index], lines[index - 1]
        if not re.fullmatch(_FIXED_RULE, rule) or not names.strip() or "\t" in names:
            continue
        spans = tuple((run.start(), run.end()) for run in re.finditer(_FIXED_RUN, rule))
        open_ended = _open_ended(spans)
        below = list(itertools.takewhile(str.strip, lines[index + 1 :]))  # the block, to a blank line
        if len(below) < 2 or not _fits(names, open_ended):
            continue
        if sum(_fits(line, open_ended) for line in below) >= max(2, FIXED_FIT_SHARE * len(below)):
            return index - 1, spans
    return None


def _aligned_columns(sample: str) -> tuple[int, tuple[tuple[int, int], ...]] | None:
    """The line (0 for the first) of the names of a table aligned by spaces with no rule of runs
    under them, and its columns (Dialect.column_spans), or None: what pandas' `DataFrame.to_string()`,
    R's `print`, `docker ps`, `kubectl get`, tabulate's `plain`, rich's `SIMPLE` box and
    prettytable's `PLAIN_COLUMNS` write. A column is a run of positions that some line of a block
    (the names — after blank lines and `#` notes, if any, or after a blank line within the first
    NOTES_MAX_LINES: a title or notes above — and ALIGNED_MIN_ROWS lines or more under them, up to
    the next blank line) fills; the positions that every line leaves blank separate them, as
    pandas' `read_fwf` infers its columns. A rule right under the names (`──────`, one run across
    them all) is left out: a header row. Read so only when runs of spaces read other values
    (`New York`, `17 hours ago`, an empty `PORTS` cell): otherwise the space reading
    (`_space_separated`) stands. The names' line holds none of DELIMITERS and a gap of two spaces (or
    opens with spaces: right-aligned names); no line holds a tab. A column no name lies over is part
    of its neighbour (`aligned_and_named`); the first may be nameless (row labels: a pandas index).
    Two named columns at least, and half the lines fill two cells or more."""
    found = re.match(_BLANK_OR_COMMENT_LINES, sample)
    starts = [found.end() if found else 0]
    first = _LINE.match(sample, starts[0])
    if first and not any(delimiter in first[0] for delimiter in DELIMITERS):
        # (A title or notes, not a CSV's header: a table may follow after a blank line.)
        for _, match in zip(range(NOTES_MAX_LINES), _LINE.finditer(sample, starts[0]), strict=False):
            if not match[0].strip():
                starts.append(match.end())
    for start in starts:
        spans = _aligned_at(sample, start, under_notes=start > starts[0])
        if spans is not None:
            return len(_LINE.findall(sample, 0, start)), spans
    return None


def _aligned_at(sample: str, start: int, under_notes: bool = False) -> tuple[tuple[int, int], ...] | None:
    """The columns of a table aligned by spaces whose names are the line at `start`
    (`_aligned_columns`), or None. `under_notes`: the lines above it are not blank nor `#` notes —
    then it is a table only with names over most of its columns, SPACE_TABLE_MIN_ROWS rows at least
    and two columns of numbers, dates, datetimes or bools (`_columns_of_values`), as for runs of
    spaces under notes: an aligned block of `key:   value` notes (DWD's `Art des TRY    : mittleres
    Jahr`, JMulTi's `test statistic:   47.3477`) or a label over one column (GISS's `AnnMean`) is
    none."""
    first = _LINE.match(sample, start)
    if first is None:
        return None
    names = first[0].rstrip("\r\n")
    if "  " not in names.rstrip() or any(delimiter in names for delimiter in DELIMITERS):
        return None  # (at C speed: a CSV's header holds its delimiter)
    lines = [names]
    for match in itertools.islice(_LINE.finditer(sample, first.end()), _SAMPLE_RECORDS):
        line = match[0].rstrip("\r\n")
        if not line.strip():
            break
        lines.append(line)
    if len(lines) > 1 and len(lines[1].split()) == 1 and is_rule(lines[1:2]):
        del lines[1]  # a rule across the names: the header's row, as `is_rule` reads it
    if len(lines) <= ALIGNED_MIN_ROWS or any("\t" in line for line in lines):
        return None
    filled = 0
    for line in lines:
        for word in re.finditer(_WORD, line):
            filled |= ((1 << (word.end() - word.start())) - 1) << word.start()
    runs = tuple(
        (run.start(), run.end()) for run in re.finditer(_WORD, f"{filled:b}"[::-1].replace("0", " "))
    )
    words = _words_joined(runs, names, lines)
    first_cut = [cut_at(line, _gaps(words)) or [line] for line in lines]  # (each fits: gaps are blank)
    if under_notes and (
        len(lines) <= SPACE_TABLE_MIN_ROWS or len(_columns_of_values(first_cut[1:], len(words), False)) < 2
    ):
        return None
    if 2 * sum(map(bool, first_cut[0])) < len(words) or _first_record_is_data(first_cut, "."):
        if under_notes:
            return None
        spans = runs  # no names over most columns (readr's `read_fwf` examples): every run is a column
    else:
        spans = aligned_and_named(words, names)
        if (
            len(spans) > 2
            and not names[slice(*spans[0])].strip()
            and _one_moment(lines[1:], spans[0], spans[1])
        ):
            spans = ((spans[0][0], spans[1][1]), *spans[2:])
        named = [names[start:end].strip() for start, end in spans]
        if sum(map(bool, named)) < 2 or any("  " in name for name in named):
            return None  # (two names over one column: the lines are not aligned under them)
    if len(spans) < 2:
        return None
    cut = [cut_at(line, _gaps(spans)) or [line] for line in lines]
    if 2 * sum(1 for row in cut[1:] if sum(map(bool, row)) >= 2) < len(cut) - 1:
        return None
    table = "\n".join(lines)
    try:
        records = _sample_records(table, SPACE, _quotechar(table, SPACE), True, len(lines))
    except csv.Error:
        records = []
    if records == cut:
        return None  # runs of spaces read the same values (numpy's `savetxt`, aligned or not)
    if (
        len(records) == len(lines)
        and len({len(record) for record in records}) == 1
        and len(records[0]) > len(spans)
    ):
        # Runs of spaces read every line as wide, and wider: columns that touch on some line
        # (GISS's `-100 -100` under `J-D D-N`) are two, which no gap tells.
        return None
    return spans


def _a_tibble_type(field: str) -> bool:
    """Whether a field is a type as R's tibbles print one under each name (`<chr>`, `<dttm>`)."""
    return field[:1] == "<" and field[-1:] == ">" and field[1:-1].isalnum()


def _one_moment(lines: list[str], left: tuple[int, int], right: tuple[int, int]) -> bool:
    """Whether on every line that fills the `left` column the two read together as one date or
    datetime (a timestamp whose date no name lies over, its name right-aligned over its time): then
    they are one column, not row labels (or a text) and a column of times."""
    joined = [
        f"{line[slice(*left)].strip()} {line[right[0] : right[1]].strip()}"
        for line in lines
        if line[slice(*left)].strip()
    ]
    return all(classify(text, False)[0] in (DATE, DATETIME) for text in joined)


def _words_joined(
    runs: tuple[tuple[int, int], ...], names: str, lines: list[str]
) -> tuple[tuple[int, int], ...]:
    """Runs of filled positions (`_aligned_columns`) with each run after the first that no name lies
    over joined to a neighbour whose text, on every line it fills, is one space from its own: the
    words of one value (`green tea leaf`, a column's only long value, has the column's gap after
    `green`). The one before, unless the next one's name is over its end (and the one before's not
    over its start), it alone is named (`_name_over_the_end`) or the two read as one date or datetime
    (`_one_moment`): the date of `2024-01-02 10:00` under a right-aligned name, one space after an id,
    R's row labels or a text as wide as its column."""

    def side(spans: list[tuple[int, int]], index: int) -> str | None:
        left = _one_space_apart(lines, spans[index - 1], spans[index], left_filled=False)
        right = index + 1 < len(spans) and _one_space_apart(lines, spans[index], spans[index + 1])
        if right and (
            not left
            or _name_over_the_end(names, spans[index + 1], spans[index - 1])
            or _one_moment(lines[1:], spans[index], spans[index + 1])
        ):
            return _NEXT
        return _BEFORE if left else None

    return _nameless_joined(runs, names, side)


# Where a nameless run joins (`_nameless_joined`).
_NEXT = "next"
_BEFORE = "before"


def _nameless_joined(
    runs: tuple[tuple[int, int], ...],
    names: str,
    side: Callable[[list[tuple[int, int]], int], str | None],
) -> tuple[tuple[int, int], ...]:
    """`runs` with each run after the first that no name lies over joined to the neighbour `side`
    tells (_NEXT, _BEFORE), or left as it is (None)."""
    spans = list(runs)
    index = 1
    while index < len(spans):
        start, end = spans[index]
        joins = None if names[start:end].strip() else side(spans, index)
        if joins == _NEXT:
            spans[index : index + 2] = [(start, spans[index + 1][1])]
        elif joins == _BEFORE:
            spans[index - 1 : index + 1] = [(spans[index - 1][0], end)]
        else:
            index += 1
    return tuple(spans)


def _name_over_the_end(names: str, span: tuple[int, int], before: tuple[int, int]) -> bool:
    """Whether the name over a column is right-aligned (over its end, not its start) and the one over
    the column `before` is not left-aligned (over its start, not its end), or only the column has a
    name: a nameless run between them is then the start of its values."""
    name, other = names[span[0] : span[1]], names[before[0] : before[1]]
    right_aligned = name[-1:].strip() and not name[:1].strip()
    left_aligned = other[:1].strip() and not other[-1:].strip()
    return bool((right_aligned and not left_aligned) or (name.strip() and not other.strip()))


def _one_space_apart(
    lines: list[str], left: tuple[int, int], right: tuple[int, int], left_filled: bool = True
) -> bool:
    """Whether on every line that fills the `left` run (or, with `left_filled` False, the `right`
    one), the two runs' texts are one space apart."""
    for line in lines:
        before, after = line[left[0] : left[1]], line[right[0] : right[1]]
        if not (before if left_filled else after).strip():
            continue
        if not before.strip() or not after.strip():
            return False
        if right[0] + len(after) - len(after.lstrip()) - (left[0] + len(before.rstrip())) != 1:
            return False
    return True


def aligned_and_named(runs: tuple[tuple[int, int], ...], names: str) -> tuple[tuple[int, int], ...]:
    """Runs of filled positions (`_aligned_columns`) with each run that no name lies over after the
    first joined to a neighbour: the one across the narrower gap, or on a tie the next when its name
    is right-aligned (ends where its run ends). A column whose values hold a space at one place on
    every line (`2024-01-02 10:00`) is one column, its name over either part of it."""

    def side(spans: list[tuple[int, int]], index: int) -> str:
        start, end = spans[index]
        if index + 1 == len(spans):
            return _BEFORE
        before, after = start - spans[index - 1][1], spans[index + 1][0] - end
        following_end = spans[index + 1][1]
        if after < before or (after == before and names[following_end - 1 : following_end].strip()):
            return _NEXT
        return _BEFORE

    return _nameless_joined(runs, names, side)


def excel_text(field: str) -> str:
    """The text an Excel formula of text shows (`="00123"` → `00123`, `="a""b"` → `a"b`); any
    other field as it is."""
    if field[:2] == '="' and field[-1:] == '"' and len(field) > 2:
        inner = field[2:-1]
        if '"' not in inner.replace('""', ""):
            return inner.replace('""', '"')
    return field


def _excel_texts(record: list[str]) -> list[str]:
    """A record whose Excel formulas of text (Dialect.excel_text) are read as the text they show: the
    same value Excel displays, its leading zeros kept."""
    return list(map(excel_text, record))


def blank_lines_emptied(lines: Iterable[str], quote: str) -> Iterator[str]:
    """`lines` with each line of spaces and tabs only, outside quotes, cut to its line break.

    With `skipinitialspace` csv.reader reads such a line as one empty field — a record, as a lone
    `""` is — where pandas skips it as a blank line and so does csvpipe without the option
    (`is_blank`): until 2026-11-27 each was a row of too few fields in files typed with `, `. Whether
    a line starts inside a quoted value is told by the parity of the quotes before it, as
    `parallel.record_boundaries` tells it (not used with an escape character, which breaks parity);
    a stray quote in an unquoted value (`5" disk`) can mislead it, and then at worst keeps such a
    line a record, or empties one inside a later quoted value. Only files read with the option pay
    for this (a Python step per line)."""
    inside = False
    for line in lines:
        if not inside and not line.strip(" \t\r\n") and line[:1] in (" ", "\t"):
            yield line.lstrip(" \t")
            continue
        if line.count(quote) % 2:
            inside = not inside
        yield line


def _line_terminator(sample: str) -> str:
    crlf = sample.count("\r\n")
    lf = sample.count("\n") - crlf
    cr = sample.count("\r") - crlf
    kinds = [name for name, count in (("CRLF", crlf), ("LF", lf), ("CR", cr)) if count]
    if not kinds:
        return "none"
    return kinds[0] if len(kinds) == 1 else "mixed"


def _sample_records(
    sample: str, delimiter: str, quotechar: str, initial_space: bool, most: int, escapechar: str | None = None
) -> list[list[str]]:
    """Up to `most` of the sample's records that are not blank lines (csv.Error is the caller's)."""
    lines: Iterable[str] = io.StringIO(sample, newline="")
    if delimiter == SPACE:
        lines = stripped_lines(lines)
    elif initial_space and escapechar is None:
        lines = blank_lines_emptied(lines, quotechar)
    reader = csv.reader(
        lines, delimiter=delimiter, quotechar=quotechar, skipinitialspace=initial_space, escapechar=escapechar
    )
    return [row for _, row in zip(range(most), reader, strict=False) if not is_blank(row)]


def _score(
    sample: str, delimiter: str, quotechar: str, initial_space: bool = False, escapechar: str | None = None
) -> tuple[float, int]:
    """(share of records with the most common field count, that field count)."""
    try:
        records = _sample_records(sample, delimiter, quotechar, initial_space, _SAMPLE_RECORDS, escapechar)
        widths = [len(row) for row in records]
    except csv.Error:
        return 0.0, 0
    if not widths:
        return 0.0, 0
    width, count = Counter(widths).most_common(1)[0]
    if width < 2:
        return 0.0, width
    return count / len(widths), width


def commented_names(header: list[str], delimiter: str) -> list[str]:
    """The names of a header read with `delimiter`: between runs of spaces a lone "#" before them is
    numpy's comment mark (`savetxt(header=...)` writes `# a b c`), not a name."""
    if delimiter == SPACE and len(header) > 1 and header[0] == "#":
        return header[1:]
    return header


def _space_separated(sample: str) -> bool:
    """Whether runs of spaces separate the sample's columns (see `_space_table_width`)."""
    return _space_table_width(sample) > 0


def _space_table_width(sample: str, rows: int = 2) -> int:
    """How many columns runs of spaces separate in the sample, 0 when they do not (when none of
    DELIMITERS does): numpy's
    `savetxt` and R's `write.table` by default, MATLAB's and Fortran's aligned columns,
    scikit-learn's `linnerud` files. Read as csv reads with a space delimiter and
    `skipinitialspace`, each line stripped, quotes honoured (R quotes its texts: `"a b" 3`).
    Two fields at least in most records after the first (nine in ten, two records at least), and a
    first record as wide — or one narrower, when the rows are three wide or more (row names that the
    header does not name, as R writes them); a sentence or a name per line does not qualify."""
    if SPACE not in sample:
        return 0
    try:
        records = _sample_records(sample, SPACE, _quotechar(sample, SPACE), True, _SAMPLE_RECORDS)
    except csv.Error:
        return 0
    body = [len(record) for record in records[1:]]
    if len(body) < rows:
        return 0
    width, count = Counter(body).most_common(1)[0]
    first = len(commented_names(records[0], SPACE))
    if width >= 2 and count >= 0.9 * len(body) and (first == width or (first == width - 1 and width >= 3)):
        return width
    return 0


def _notes_above_a_space_table(sample: str, lines: list[str]) -> int:
    """How many of the sample's first `lines` are notes above a table whose columns runs of spaces
    separate, when no delimiter splits the sample and the space reading fails on all of it: a
    station's description above its hourly values (DWD's test reference years: 36 lines of German
    text over `RG IS MM DD HH …`), a program's banner above its aligned output. The table starts at
    the first line from which `_space_table_width` finds one, three columns wide at least (a line of
    prose above two columns could pass for their header) with SPACE_TABLE_MIN_ROWS records under
    its header, the first on the header's next line; 0 when no line of `lines` after the first
    starts one. Until 2026-11-28 such a file
    was one column of text, its first line the name."""
    offset = len(lines[0]) if lines else 0
    for index in range(1, len(lines) - 1):
        line = lines[index]
        # A header has its first row (or its rule) on the next line: a note with as many words as the
        # table has columns, a blank line below it, is not one (GISS's `sources:` line over 8 names).
        if len(line.split()) >= 3 and lines[index + 1].strip():
            rest = sample[offset:]
            width = _space_table_width(rest, SPACE_TABLE_MIN_ROWS)
            if width >= 3 and _names_over_values(rest, width):
                return index
        offset += len(line)
    return 0


def _names_over_values(sample: str, width: int) -> bool:
    """Whether the space-separated table that `sample` opens with (rows `width` fields wide) has a
    header of names, and half its columns hold numbers, dates, datetimes or bools, two at least: a
    measurement's table, not words (a graph's `a -> b` edges under its nodes, prose)."""
    records = _sample_records(sample, SPACE, _quotechar(sample, SPACE), True, _SAMPLE_RECORDS)
    decimal = _decimal(records, SPACE)
    if _first_record_is_data(records, decimal):
        return False
    typed = _columns_of_values(records[1:], width, decimal == ",")
    return len(typed) >= 2 and 2 * len(typed) >= width


def _quotechar(sample: str, delimiter: str) -> str:
    """The double quote (RFC 4180, what pandas always uses) unless the sample has none and holds a
    whole value in single quotes that reads at least as consistently. An apostrophe next to a
    delimiter is not enough: Excel's text prefix ('00123) and words ('Tis) made the single quote the
    quote character, and the rows between two apostrophes were silently read as one value."""
    if '"' in sample or "'" not in sample or _ends_in_quotes(sample, delimiter, "'"):
        # ... nor when the sample, read with it, ends inside a quoted value: `0,''` above `0,'` read
        # with the single quote ran to the file's end as one value (found by hypothesis on 2026-11-28).
        return '"'
    field = re.escape(delimiter)
    enclosed = re.search(rf"(?:^|{field})'[^'\r\n]*'(?:{field}|\r?$)", sample, re.MULTILINE)
    if enclosed is None:
        return '"'
    single, double = _score(sample, delimiter, "'"), _score(sample, delimiter, '"')
    if single > double:
        return "'"
    # Equally consistent: the single quote only if it joins no lines. A lone apostrophe in one row and
    # a quoted `';'` in the next read as one record of as many fields (found by fuzzing: 9 rows → 8).
    if single == double and _span(sample, delimiter, "'") == _span(sample, delimiter, '"'):
        return "'"
    return '"'


# A line after the text read: a record of its own unless a quoted value is still open, which it then
# ends in (the scan's end marker too: profile._END). A NUL alone, which no text the engine reads
# holds (the source refuses it) and no delimiter splits: until 2026-11-28 it was a word with dashes
# and letters, and an Excel hint `sep=-` split it into a row of four cells that crashed the summary
# (found by `make fuzz-engine`; `sep=e` split it too).
END_MARKER = "\x00"


def _ends_in_quotes(sample: str, delimiter: str, quotechar: str) -> bool:
    """Whether `sample` read with `quotechar` ends inside a quoted value (a marker line after it is
    read into the last field)."""
    text = sample if sample.endswith(("\n", "\r")) else sample + "\n"
    try:
        *_, last = csv.reader(
            io.StringIO(text + END_MARKER, newline=""),
            delimiter=delimiter,
            quotechar=quotechar,
            strict=False,
        )
    except (csv.Error, ValueError):
        return False
    return last != [END_MARKER] and bool(last) and END_MARKER in last[-1]


def _span(sample: str, delimiter: str, quotechar: str, escapechar: str | None = None) -> tuple[int, int]:
    """(records, lines) of the sample's first _SAMPLE_RECORDS records with this quote character:
    fewer records on as many lines, or more lines for as many records, mean some were joined."""
    reader = csv.reader(
        io.StringIO(sample, newline=""), delimiter=delimiter, quotechar=quotechar, escapechar=escapechar
    )
    records = 0
    try:
        for _ in zip(range(_SAMPLE_RECORDS), reader, strict=False):
            records += 1
    except csv.Error:
        return -1, -1
    return records, reader.line_num


def _escapechar(sample: str, delimiter: str, quotechar: str) -> str | None:
    """A backslash, when it escapes the quote character (`"5\\" disk"`, as Spark and MySQL write and
    GDAL's tables hold) instead of ending a value just before its closing quote.

    Only when the sample holds a `\\"` that no RFC 4180 writer makes: there the quote after a
    backslash is another quote's twin (`\\""`: a backslash, then a doubled quote) or ends the value,
    so the delimiter or a line end follows (`"C:\\temp\\",`). Read as RFC 4180,
    `"Astro beacon \\"E\\" 1945"` ends the value after `\\` and appends the rest. The escaped
    reading must also split the records at least as consistently and join no more lines."""
    if "\\" not in sample:
        return None  # (at memchr's speed; a search for two characters is 70 times slower)
    if delimiter != SPACE and "\\" + delimiter in sample and _escaped_delimiter(sample, delimiter, quotechar):
        return "\\"
    pair = "\\" + quotechar
    if pair not in sample:
        return None
    after = re.escape(quotechar + delimiter)
    if re.search(re.escape(pair) + f"[^{after}\\r\\n]", sample) is None:
        return None
    if _score(sample, delimiter, quotechar, escapechar="\\") < _score(sample, delimiter, quotechar):
        return None
    escaped, plain = _span(sample, delimiter, quotechar, "\\"), _span(sample, delimiter, quotechar)
    if escaped[0] < 0 or escaped[0] * plain[1] < plain[0] * escaped[1]:
        return None  # fewer records a line: the escapes joined lines
    return "\\"


def _escapes_hidden(sample: str, forced_delimiter: str | None) -> str:
    """`sample` with each delimiter that a backslash escapes (`_escaped_delimiter`) hidden, for the
    notes above the header to be judged as the table will be read: a Markdown table's header and
    rule, a field narrower than a row with `\\|` in it, were taken for notes. The same length."""
    if "\\" not in sample:
        return sample  # (one character is found at memchr's speed, two characters 70 times slower)
    for delimiter in (forced_delimiter,) if forced_delimiter else DELIMITERS:
        if "\\" + delimiter in sample and _escaped_delimiter(
            sample, delimiter, _quotechar(sample, delimiter)
        ):
            sample = sample.replace("\\" + delimiter, "\\\x01")
    return sample


def _same_lines(sample: str, lines: list[str]) -> list[str]:
    """The lines of `sample` as long as `lines` are (the first ones, read from a copy of it)."""
    same, offset = [], 0
    for line in lines:
        same.append(sample[offset : offset + len(line)])
        offset += len(line)
    return same


def _escaped_delimiter(sample: str, delimiter: str, quotechar: str) -> bool:
    """Whether a backslash escapes the delimiter (`a \\| b` in a Markdown cell, MySQL's `\\,` when
    its fields are not enclosed): the sample split so is strictly more consistent than split at
    every delimiter, and joins no lines. Until 2026-11-28 a Markdown table's escaped `|` made its
    record a field too many, and in a short table the header moved to that record."""
    plain = _score(sample, delimiter, quotechar)
    escaped = _score(sample, delimiter, quotechar, escapechar="\\")
    if escaped <= plain:
        return False
    spans = _span(sample, delimiter, quotechar, "\\"), _span(sample, delimiter, quotechar)
    return spans[0][0] >= 0 and spans[0][0] * spans[1][1] >= spans[1][0] * spans[0][1]


def _initial_space(sample: str, delimiter: str, quotechar: str, escapechar: str | None = None) -> bool:
    """Whether spaces after a delimiter are to be skipped: only if, read as they are, some field is
    spaces and then a quote (` "Smith`) and skipping them splits the records at least as
    consistently. Read as csv (and pandas) reads by default, `1, "Smith, J", 3` is four fields with
    the quotes inside two of them, and `1, "3"` a text with quotes; unquoted `1, Ann` keeps its
    space (pandas keeps it too; it is reported as whitespace)."""
    if delimiter + " " not in sample:
        return False
    # In the text, not only in the values, and outside a quoted value (an even number of quotes before
    # it on its line: counted from the file's start, one stray quote upstream hid every later one): a
    # quoted value that begins with a space and a quote (`" """`, read as ` "`) looked the same, and
    # so did `", "`; their files lost the leading spaces of every value (both found by hypothesis,
    # 2026-11-27).
    opening = re.compile(rf"(?:^|{re.escape(delimiter)}) +{re.escape(quotechar)}", re.MULTILINE)
    if not any(
        sample.count(quotechar, max(sample.rfind("\n", 0, at), sample.rfind("\r", 0, at)) + 1, at) % 2 == 0
        for at in (found.start() for found in opening.finditer(sample))
    ):
        return False
    cells = (cell for row in _records(sample, delimiter, quotechar, escapechar=escapechar) for cell in row)
    if not any(cell[:1] == " " and cell.lstrip(" ")[:1] == quotechar for cell in cells):
        return False
    spaced = _score(sample, delimiter, quotechar, True, escapechar)[0]
    return spaced >= _score(sample, delimiter, quotechar, escapechar=escapechar)[0]


def _records(
    sample: str, delimiter: str, quotechar: str, initial_space: bool = False, escapechar: str | None = None
) -> list[list[str]]:
    """The sample's first non-blank records (the header and up to _SAMPLE_RECORDS more); none if the
    sample does not parse. If the sample ends inside a quoted value, so does the last record."""
    try:
        return _sample_records(sample, delimiter, quotechar, initial_space, _SAMPLE_RECORDS + 1, escapechar)
    except csv.Error:
        return []


def _a_summary_line_above_rows(records: list[list[str]], line: str, delimiter: str, quotechar: str) -> bool:
    """Whether the first record, a line of values (no header), is a summary of its own above a table
    of another width: every record below it (five at least; the sample's last may be cut) has one
    width, two fields or more, that the first lacks. PNC's account activity export opens with
    `1234567890,2024/01/01,2024/01/31,1000.00,1500.00` (account, period, balances) above its
    six-field transactions; until 2026-11-28 that line set the width, and every transaction was
    ragged (pandas refuses such a file). The first record must be the sample's first line alone."""
    if len(records) < 7:
        return False
    width = len(records[1])
    body = records[1:-1]
    if width < 2 or len(records[0]) == width or any(len(row) != width for row in body):
        return False
    return next(csv.reader([line], delimiter=delimiter, quotechar=quotechar), None) == records[0]


def _one_field_wider(records: list[list[str]], cut_in_quotes: bool) -> list[list[str]] | None:
    """The records after the header (two at least: one ragged record proves little) when every one
    has exactly one field more than the header, else None — but for a closing run of records of
    another width with at most half the header's fields filled, which may be the file's footer
    (Fidelity's positions end with disclaimers in one field each, below rows that all end with a
    comma their header lacks). `cut_in_quotes`: the last record is cut inside a quoted value (it is
    left out)."""
    if len(records) < 3:
        return None
    header, body = records[0], records[1:]
    if len(body) > 1 and cut_in_quotes:
        body.pop()
    width = len(header) + 1
    end = len(body)
    while end > 2 and len(body[end - 1]) != width and 2 * _filled(body[end - 1]) <= len(header):
        end -= 1
    return body[:end] if all(len(row) == width for row in body[:end]) else None


def _unnamed_first_field(records: list[list[str]], cut_in_quotes: bool) -> bool:
    """Whether every record after the header has exactly one field more than the header, and the
    extra field is not just an empty one after a trailing delimiter (`a,b,c,`)."""
    body = _one_field_wider(records, cut_in_quotes)
    return body is not None and any(row[-1] for row in body)


def _trailing_delimiter(records: list[list[str]], cut_in_quotes: bool) -> bool:
    """Whether every record after the header (two at least) ends with a delimiter the header lacks:
    one field more than the header, always empty (`a,b,c` above `1,2,3,`: bank and spreadsheet
    exports). Its rows are then read without that field instead of each counted as ragged (pandas
    makes the first column the index and shifts every name by one unless told `index_col=False`)."""
    body = _one_field_wider(records, cut_in_quotes)  # (when it is not None, records[0] is the header)
    if body is None or len(body) < 2 or not records[0][-1].strip():
        return False
    return not any(row[-1] for row in body)


def _first_record_is_data(records: list[list[str]], decimal: str) -> bool:
    """Whether the first of the sample's records is a row of data rather than a header: each of its
    fields is a number, a date, a datetime or a bool — or, beside at least one such value, text that
    recurs in its column further down (`5.1,3.5,1.4,0.2,Iris-setosa`: a name is not a value of its
    own column; rows that repeat the whole record, a concatenated file's headers, do not count), or
    any text beside values that are like their columns (`_like_its_columns`).
    A blank field may be a blank name, so it keeps the header — over a column blank below too, the
    other fields decide (`_filled_over_blank_columns`); the integers 0…n-1 keep it (the names
    pandas gives unnamed columns: a NumPy array written with `DataFrame.to_csv` has the header
    `0,1,2`) and, for two columns or more, 1…n (numbered columns). A record that most rows repeat
    is data, whatever it holds (`_most_of_the_table`; until 2026-11-27 a blank field kept it a header,
    and rust-csv's `game.csv`, one such line 100 000 times, was a header and its repetitions)."""
    record = records[0]
    if not record or not any(field.strip() for field in record):
        return False
    if _most_of_the_table(record, records[1:]):
        return True  # before the blank-name rule: `hello,",", ,world,1` ×100 000 (rust-csv's bench)
    if not all(field.strip() for field in record):
        filled = _filled_over_blank_columns(record, records[1:])
        if filled is None:
            return False
        records = [[row[i] if i < len(row) else "" for i in filled] for row in records]
        record = records[0]
    classified = [classify(field, decimal == ",") for field in record]
    kinds = [kind for kind, _, _ in classified]
    if all(kind == INT for kind in kinds):
        numbers = [value for _, value, _ in classified]  # (int() refuses what str.strip takes: "\x1c0")
        # 1…n only beside other names: one column of ids starting at 1 is data.
        width = len(record)
        if numbers == list(range(width)) or (width > 1 and numbers == list(range(1, width + 1))):
            return False
    texts = [position for position, kind in enumerate(kinds) if kind == STRING]
    if not texts:
        return True
    if len(texts) == len(record):
        return False
    below = [row for row in records[1:] if row != record]
    if all(any(len(row) > i and row[i] == record[i] for row in below) for i in texts):
        return True
    return _like_its_columns(record, kinds, below, decimal)


def _filled_over_blank_columns(record: list[str], below: list[list[str]]) -> list[int] | None:
    """The positions of a first record's filled fields when each blank one sits over a column that is
    blank in every record below (two at least), else None. A blank name names a column that holds
    values (R's and pandas' row names, a pivot table's corner); over a blank column it tells nothing
    either way, and the other fields decide: Asterisk's call records (`Master.csv`, no header) leave
    two fields of every record blank, and their first record was the header until 2026-11-27."""
    if len(below) < 2:
        return None
    blank = [i for i, field in enumerate(record) if not field.strip()]
    if any(len(row) > i and row[i].strip() for row in below for i in blank):
        return None
    filled = [i for i, field in enumerate(record) if field.strip()]
    return filled if len(filled) > 1 else None


def _most_of_the_table(record: list[str], below: list[list[str]]) -> bool:
    """Whether more than three in four of the records after the first repeat it: a table of one
    repeated row without a header (DuckDB's `valid,valid,valid` ×20 and `00:01:01,worlds` ×3 101 were
    one row and thousands of "repeated headers" until 2026-11-27). Concatenated exports repeat their
    header once a part — at most every second record, when each part holds one row — so a header is
    never most of its table."""
    return len(below) >= 3 and sum(row == record for row in below) * 4 > len(below) * 3


# A first-row value of one of these kinds, in a column of the same kind below, is not a name: headers
# hold years and numbers (`2019`, wavelengths `350.5` above absorbances), but not `2024-01-31` above
# dates or `true` above bools.
_NO_NAME_KINDS = (DATE, DATETIME, BOOL)


def _like_its_columns(record: list[str], kinds: list[str], below: list[list[str]], decimal: str) -> bool:
    """Whether a first record of values and text (`kinds`, its fields' kinds) is data by its values
    alone: no value in a column of another kind (ints count as floats), and at least one that no
    name is — a date, datetime or bool in a column of that kind, or a first field that starts a
    running number (`_starts_a_count`). A bank export without a header,
    `2024-01-31,Coffee shop,-3.50`, is data; `Country,1/22/20,1/23/20` above counts is a header."""
    comma = decimal == ","
    telling = False
    texts_over_text = True
    for position, kind in enumerate(kinds):
        column = _commonest_kind(
            (row[position] for row in below if len(row) > position and row[position].strip()), comma
        )
        if kind == STRING:
            texts_over_text = texts_over_text and column in (STRING, None)
            continue
        if column != kind and not (kind == INT and column == FLOAT):
            return False
        telling = telling or kind in _NO_NAME_KINDS
    # A running number counts only beside text over text: `2019,Revenue,Cost` above `2020,5,3` names
    # its number columns.
    return telling or (texts_over_text and kinds[0] == INT and _starts_a_count(record[0], below))


def _starts_a_count(first: str, below: list[list[str]]) -> bool:
    """Whether the first field is the start of a running number that the next two records continue:
    `1,english` above `2,中国人` and `3,…` (frictionless' `without-headers.csv`), a table dump's ids.
    A header names its first column; it does not number it one before the first row."""
    try:
        start = int(first)  # (an int to `classify` may be grouped: 1,234)
    except ValueError:
        return False
    following = [next(iter(row), "").strip() for row in below[:2]]
    return following == [str(start + 1), str(start + 2)]


# What marks a number without changing its digits (values._marked_number): currency signs, a percent
# sign, an accountant's parentheses, Unicode's minus sign and SAP's trailing minus. A French bank
# export's `-1 234,56 €` shows its decimal comma as `-1 234,56` does.
_MARKS_PATTERN = re.compile(rf"[{re.escape(CURRENCY_SIGNS)}%(){MINUS_SIGN_CHAR}]|[0-9]-\s*(?:\x00|$)")
_NO_MARKS = str.maketrans("", "", CURRENCY_SIGNS + "%()")


def _unmarked(cell: str) -> str:
    """`cell` without the marks around its number (`-1 234,56 €` → `-1 234,56`, `1.234,56-` →
    `1.234,56`), for _decimal's count only: what the marks enclose is judged as any number is."""
    text = cell.translate(_NO_MARKS).replace(MINUS_SIGN_CHAR, "-").strip()
    return text[:-1] if text[-1:] == "-" and text[-2:-1].isdigit() else text


def _decimal(records: list[list[str]], delimiter: str) -> str:
    """ "," when the values after the header show decimal commas (1,5 or ,5, also 1 234,5 and
    1.234,5, also marked as money, percentages or negatives: `_unmarked`) at least twice and more
    than three times as often as decimal points (1.5, or thousands grouped by commas as only a
    point's numbers are: 1,234,567 and 1,234.5); else ".". Only for
    files not separated by commas, where an unquoted 1,5 would be two fields — there only quoted
    values below one show it (`"0,258"`: no thousands start with 0; `_LEADING_ZERO_DECIMAL`), as in
    datahub's EURIBOR files, whose rates read as thousands until 2026-11-27 (`"1,833"` as 1 833)."""
    if delimiter == ",":
        # (Only cells with "0," can count, and most comma-separated files have none: one C-level look
        # at all the cells first, since this runs two or three times a file — detect_dialect on the
        # 300-column file's sample took 4.6 ms when each cell was looked at in Python, 2.5 ms before.)
        if "0," not in "\x00".join(map("\x00".join, records[1:])):
            return "."
        cells = [cell for row in records[1:] for cell in row if "0," in cell]
        commas = sum(1 for cell in cells if _LEADING_ZERO_DECIMAL.fullmatch(cell))
        if commas >= 2:
            cells = [cell for row in records[1:] for cell in row if cell]
    else:
        cells = [cell for row in records[1:] for cell in row if cell]
        if _MARKS_PATTERN.search("\x00".join(cells)):
            cells = list(map(_unmarked, cells))
        commas = sum(
            1
            for cell in cells
            if _COMMA_DECIMAL.fullmatch(cell)
            or _COMMA_SPACE_GROUPED.fullmatch(cell)
            or _COMMA_POINT_GROUPED.fullmatch(cell)
        )
    if commas < 2:
        return "."
    points = [cell for cell in cells if _POINT_DECIMAL.fullmatch(cell) or _POINT_GROUPED.fullmatch(cell)]
    if points and any(_COMMA_POINT_GROUPED.fullmatch(cell) for cell in cells):
        # Thousands grouped by points beside the commas (`5.969,53`): a `4.403` is as likely grouped,
        # and is no decimal point's vote (SAP's lists: every quantity over 999 is written so).
        points = [cell for cell in points if not re.fullmatch(_POINT_THOUSANDS, cell)]
    return "," if commas > 3 * len(points) else "."


def _delimiter(sample: str) -> tuple[str, int]:
    """The candidate that splits the sample most consistently, and the field count it gives; runs of
    spaces (SPACE) only when no candidate splits it (`1, "Smith, J", 3` is comma-separated)."""
    best = (0.0, 0)
    chosen = ","
    for delimiter in DELIMITERS:
        if delimiter not in sample:
            continue
        score = _score(sample, delimiter, _quotechar(sample, delimiter))
        if score > best:
            best, chosen = score, delimiter
    if best[0] == 0.0 and _space_separated(sample):  # no candidate gave most records two fields
        return SPACE, _score(sample, SPACE, _quotechar(sample, SPACE), True)[1]
    return chosen, best[1]


def find_preamble(sample: str, forced_delimiter: str | None = None) -> tuple[list[str], str | None]:
    """The lines at the start of `sample` that come before the header (with their line ends), and
    the delimiter already settled on the way — a forced one, an Excel hint's, or the one judged on
    the lines after the skipped ones (None when notes were skipped by their width: the caller judges
    it again on the lines after them).

    Skipped: a Campbell Scientific logger's banner line (`"TOA5","Station",…`), alone; else a YAML
    front matter block (`_front_matter`), a line `sep=X` (Excel's hint, first after
    the front matter if any; X becomes the delimiter unless one is forced), then
    lines starting with "#", up to COMMENT_MAX_LINES, before the one that is the header if one is
    (`_commented_header`: "#,name,score" names a first column "#") — then short records before a
    wider table (`_short_first_records`). Until 2026-11-27 a "#" line as wide as the table anywhere
    in the block kept every line (the first became the header), and at most 20 were skipped.
    """
    if sample.startswith(_LABVIEW_FIRST):
        labview = _labview_headers(sample)
        if labview:
            return labview, forced_delimiter or _labview_separator(labview)
    lines = _first_lines(sample)
    if len(lines) > 1 and is_logger_banner(lines[0]):
        return lines[:1], forced_delimiter  # the delimiter is judged on the table's lines
    skipped = _front_matter(lines)
    hinted = None
    if len(lines) > skipped:
        hint = _SEP_HINT.fullmatch(lines[skipped].rstrip("\r\n"))
        if hint:
            skipped, hinted = skipped + 1, hint[1]
    skipped += _percent_comments(lines[skipped:])
    comments = skipped
    while comments < min(len(lines) - 1, COMMENT_MAX_LINES + skipped) and lines[comments].startswith("#"):
        comments += 1
    if comments > skipped:
        rest = sample[sum(map(len, lines[:comments])) :]
        table = _without_comment_lines(rest)  # the table's own lines: its width, delimiter and quotes
        delimiter = forced_delimiter or hinted or _delimiter(table)[0]
        quotechar = _quotechar(table, delimiter)
        _, width = _score(table, delimiter, quotechar)
        if width:  # else every line is a comment (data.table's test of "#" masked values): none is
            run = _after_comments(lines, comments)
            header = _commented_header(lines[skipped:run], rest, delimiter, quotechar, width)
            cut = run if header is None else skipped + header
            if cut > skipped or delimiter == SPACE:
                # (Between runs of spaces the delimiter stands as judged without the comments even
                # when the first line is the commented names: a gnuplot file's `# second set` among
                # its rows made the space reading too uneven and the file one column.)
                skipped, hinted = cut, delimiter
    rest = sample[sum(map(len, lines[:skipped])) :]
    settled = forced_delimiter or hinted
    delimiter, width = (settled, 0) if settled else _delimiter(rest)
    # Notes only within the first NOTES_MAX_LINES lines (none after a longer comment block).
    window = range(max(1, NOTES_MAX_LINES + 1 - skipped))
    first = [line[0] for line, _ in zip(_LINE.finditer(rest), window, strict=False)]
    if not settled and width < 2:  # no delimiter splits the sample, nor runs of spaces all of it
        notes = _notes_above_a_space_table(rest, first)
        if notes:
            return lines[:skipped] + first[:notes], SPACE
    short = _short_first_records(rest, first, delimiter)
    if not short and not forced_delimiter and _opens_with_a_title_or_a_pair(first):
        # The summary of a report of titled tables, with the delimiter of the table under it — judged
        # on that table alone: on all that follows, the later tables outvote it (Teams' tab-separated
        # report, whose times hold ", ", read as comma-separated).
        for candidate in dict.fromkeys((delimiter, *DELIMITERS)):
            if candidate not in rest:
                continue
            titled = _key_values_above_a_titled_table(rest, first, candidate, _quotechar(rest, candidate))
            if titled and _delimiter(_block_from(rest[sum(map(len, first[:titled])) :]))[0] == candidate:
                return lines[:skipped] + first[:titled], candidate
    # Judged on the lines after the preamble, the delimiter stands; with notes skipped, the caller
    # judges it again without them.
    return lines[:skipped] + first[:short], None if short and not hinted else delimiter


def _labview_headers(sample: str) -> list[str]:
    """The lines of a LabVIEW measurement file's headers: through the second `***End_of_Header***`
    (the file's header, then the first segment's), or the first when the sample holds one only;
    none when there is no such line or nothing follows it. Until 2026-11-28 `LabVIEW Measurement` was
    the header of two columns and every header line a row."""
    lines: list[str] = []
    ends: list[int] = []
    for match in _LINE.finditer(sample):
        lines.append(match[0])
        if match[0].startswith(_LABVIEW_HEADER_END):
            ends.append(len(lines))
            if len(ends) == 2:
                break
        if len(lines) >= _LABVIEW_MAX_LINES:
            break
    if not ends or sum(map(len, lines[: ends[-1]])) >= len(sample):
        return []  # no header end, or nothing after it
    return lines[: ends[-1]]


def _labview_separator(header: list[str]) -> str:
    """The delimiter a LabVIEW file's header names (`Separator<TAB>Tab`, or `Separator,Comma` — the
    header is written with it too); a tab when it names none."""
    for line in header:
        for delimiter in ("\t", ","):
            key, _, value = line.rstrip("\r\n").partition(delimiter)
            if key == "Separator" and value.strip().casefold() in ("tab", "comma"):
                return "," if value.strip().casefold() == "comma" else "\t"
    return "\t"


def is_labview(dialect_preamble: tuple[tuple[int, str], ...]) -> bool:
    """Whether the lines skipped before the header are a LabVIEW measurement file's headers."""
    return bool(dialect_preamble) and dialect_preamble[0][1].startswith(_LABVIEW_FIRST)


def _opens_with_a_title_or_a_pair(lines: list[str]) -> bool:
    """Whether the first line that is not blank splits, by every delimiter, into at most two filled
    fields: the cheap test before `_key_values_above_a_titled_table` is asked (a header of three
    names or more, as nearly every file opens, is no report's summary)."""
    line = next((line for line in lines if line.strip()), "")
    return all(sum(1 for field in line.split(delimiter) if field.strip()) <= 2 for delimiter in DELIMITERS)


def _block_from(text: str) -> str:
    """`text` up to its first blank line (at most _SAMPLE_RECORDS lines): one table of several."""
    block: list[str] = []
    for match in _LINE.finditer(text):
        if not match[0].strip() or len(block) > _SAMPLE_RECORDS:
            break
        block.append(match[0])
    return "".join(block)


def _without_comment_lines(text: str) -> str:
    """`text` without its lines that start with "#": a file whose header follows "#" comments has
    them among its rows too (Dialect.comment), and judged with them its table's delimiter lost to
    their width (scikit-bio's metadata: "# comment" lines between tab-separated rows read as one
    column)."""
    if "\n#" not in text and "\r#" not in text and not text.startswith("#"):
        return text
    return "".join(line for line in _LINE.findall(text) if not line.startswith("#"))


def _after_comments(lines: list[str], end: int) -> int:
    """Where the preamble ends when the "#" lines before `end` are all comments: after the last of
    the "#" lines that follow them with only blank lines between (LimeSurvey's dumps: a notice, a
    blank line, then `#`, `# GROUPS TABLE`, `#` above the table)."""
    cut = index = end
    while index < len(lines) - 1 and (lines[index].startswith("#") or not lines[index].strip()):
        index += 1
        if lines[index - 1].startswith("#"):
            cut = index
    return cut


def _header_then_without_comments(sample: str) -> str:
    """`sample` (what follows the preamble) without comment lines after its header, the first line
    that is not blank, which may start with "#" itself (QIIME's `#OTU ID`: `_commented_header`)."""
    for line in _LINE.finditer(sample):
        if line[0].strip():
            return sample[: line.end()] + _without_comment_lines(sample[line.end() :])
    return sample


def _first_lines(sample: str) -> list[str]:
    """The sample's first PREAMBLE_MAX_LINES + 1 lines, and more while they start with "#" or "%" or are
    inside a front matter block (up to COMMENT_MAX_LINES): splitting all of a 64 KiB sample cost 16 M
    instructions a file (callgrind; 3.7 % of the first 20 000 rows of the UN file)."""
    lines: list[str] = []
    in_front_matter = False
    for match in _LINE.finditer(sample):
        line = match[0]
        lines.append(line)
        commented = in_front_matter or line.startswith(("#", "%"))  # the closing line too: read the next
        if len(lines) == 1:
            in_front_matter = commented = line.rstrip() == _FRONT_MATTER_OPEN
        elif in_front_matter:
            in_front_matter = line.rstrip() not in _FRONT_MATTER_CLOSE
        if (len(lines) > COMMENT_MAX_LINES + 1 or not commented) and len(lines) > PREAMBLE_MAX_LINES:
            break
    return lines


def _percent_comments(lines: list[str]) -> int:
    """How many of `lines` open the file as a block of "%" comments — MATLAB's and Octave's, Berkeley
    Earth's 70-odd lines describing its temperature series above aligned columns — two lines at
    least, and not all of them (a single "%" line may be a header: `%Change,Value`). Until
    2026-11-28 such a file was one column of text, its first comment the name. Unlike "#" lines,
    "%" lines among the rows stay rows."""
    count = 0
    while count < min(len(lines) - 1, COMMENT_MAX_LINES) and lines[count].startswith("%"):
        count += 1
    if count < 2 or lines[count].startswith("%"):  # (no end in sight: values that open with "%")
        return 0
    return count


def _front_matter(lines: list[str]) -> int:
    """How many of `lines` a YAML front matter block takes, its closing line included: CSVY files
    (csvy.org; data.table's fread reads them) open with "---", metadata (names, types, a title), and
    "---". 0 without a closing line, or with nothing after it. Until 2026-11-27 "---" was the header
    of one column and every line of the metadata a row."""
    if not lines or lines[0].rstrip() != _FRONT_MATTER_OPEN:
        return 0
    for index in range(1, len(lines) - 1):
        if lines[index].rstrip() in _FRONT_MATTER_CLOSE:
            return index + 1
    return 0


def _commented_header(block: list[str], rest: str, delimiter: str, quotechar: str, width: int) -> int | None:
    """Which of the "#" lines of `block` ("#" and blank lines before a table of `width` fields; `rest`:
    what follows the first run of "#" lines) is the table's header, if one is: the first as wide as
    the table — QIIME's `#SampleID` above comments, `#,name,score` naming a first column "#", `# id,
    name` above values — unless the record after the first run reads as a header itself
    (`_names_a_table`): then a wide one is a comment that happens to split as wide (`# by us, for
    them, 2024` above `id,x,y`) and every line is skipped. Above a table of one
    column the first "#" line of one field is taken without that check: any text names one column as
    well as another (bilby's `#eos logP1 gamma1` above `PAL6 34.380 2.227`), and a comment that splits
    wider is skipped (Spark's `# The file contains comments, whitespaces and empty lines` above `colA`)."""
    # Between runs of spaces, numpy's `# a b c` names three columns: its "#" is a field of its own
    # (`commented_names`).
    marker = "#" if delimiter == SPACE else ""
    widths = [
        (_score(line.removeprefix(marker), delimiter, quotechar)[1] or 1) if line.startswith("#") else 0
        for line in block
    ]
    if width not in widths:
        return None
    records = _records(rest, delimiter, quotechar)
    if width > 1 and len(records) > 1 and _names_a_table(records, _decimal(records, delimiter)):
        return None
    if marker:  # numpy writes the names last, under any other lines of its `header`
        return len(widths) - 1 - widths[::-1].index(width)
    return widths.index(width)


def _short_first_records(sample: str, lines: list[str], delimiter: str) -> int:
    """How many lines at the start of `sample` hold records of at most half the fields of the table
    below them — a report's title, `Key:,value` notes (a quoted one may span lines), a count line
    (scikit-learn's `569,30,malignant,benign`) — when that table (the sample's commonest width W) has
    three fields or more and at least four in five of the records after them have its width; 0 when
    there are none, or more than NOTES_MAX_LINES lines of them. A header one field short of its
    rows is R's row names (Dialect.unnamed_first_field), not a note: W // 2 < W - 1 for W >= 3; with
    two columns a note cannot be told from a name. Blank lines between such records go with them.
    Until 2026-11-26 the first of them was the header: a BLS export read as one column of 204 ragged
    rows. `lines`: the sample's first lines, as find_preamble split them.

    Spreadsheets pad every row to the sheet's width (`Sales report Q1,,,,`, an empty row `,,,,`), so
    a record's fields are counted up to its last non-blank one. Such padded notes are skipped only
    when the record after them reads as a header (`_names_a_table`): a header naming only its first
    columns (`id,name,,,` above full rows) would look the same. Until 2026-11-27 the title became
    the header and the real header a row of data, typing every column as text.

    Where no such notes are found, records two fields short of the table or more are notes too, on
    the same condition as padded ones: lines of metadata (NREL's wind resource files,
    `SiteID,525331,Site Timezone,-9,…` in 10 fields above a header of 12; bank exports' account
    lines). Only then: a multi-row header's upper rows (`;;Geschlecht;Geschlecht;…` under GENESIS'
    notes) are that narrow too, and the header the first pass finds is the upper one."""
    quotechar = _quotechar(sample, delimiter)
    width = _table_width(sample, delimiter, quotechar)
    if width == 2:
        return _titles_over_a_blank_line(sample, lines, delimiter, quotechar)
    if width < 3:
        return 0
    return (
        _notes_above(sample, lines, delimiter, quotechar, width, width // 2)
        or _notes_above(sample, lines, delimiter, quotechar, width, width - 2)
        or _notes_with_a_summary_row(sample, lines, delimiter, quotechar, width)
        or _title_above_the_first_of_several_tables(sample, lines, delimiter, quotechar)
        or _a_summary_above_the_table(sample, lines, delimiter, quotechar, width)
    )


def _rows_as_wide(rows: list[list[str]], width: int) -> int:
    """How many of `rows` reach `width` fields with nothing filled past it (a table's rows under a
    header naming `width` columns; a delimiter ending a row adds only an empty field)."""
    return sum(1 for row in rows if len(row) >= width and not any(map(str.strip, row[width:])))


def _titles_over_a_blank_line(sample: str, lines: list[str], delimiter: str, quotechar: str) -> int:
    """Above a table of two columns, one-field titles and then a blank line before a record that
    names the table: Google Trends' exports (`Category: All categories`, a blank line, then
    `Week,pizza: (United States)` over weeks and counts). With two columns a note cannot be told from
    a name by its width (R's row names write a one-field header over two-field rows), but R writes
    no blank line under its header. Until 2026-11-28 the title was the header of the row names' sort
    and the real header a row. How many lines the titles take (the blank line after them is the
    scan's), or 0."""
    reader = csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter, quotechar=quotechar)
    most = len(lines) - 1
    titles = 0  # the line the last title ends on
    blank_after = False
    try:
        for record in reader:
            if reader.line_num > most + 1:
                return 0
            if is_blank(record):
                blank_after = titles > 0
                continue
            if _filled(record) <= 1:
                titles, blank_after = reader.line_num, False
                continue
            break
        else:
            return 0
        if not blank_after or len(record) != 2:
            return 0
        records = [record, *itertools.islice(reader, _SAMPLE_RECORDS)]
    except csv.Error:
        return 0
    return titles if _names_a_table(records, _decimal(records, delimiter)) else 0


def _notes_above(
    sample: str, lines: list[str], delimiter: str, quotechar: str, width: int, most_filled: int
) -> int:
    """_short_first_records' reading, with notes of at most `most_filled` fields filled; those with
    more than half the table's width only above a record that names a table. Never three in a row
    with one count of three or more filled: that is a table of its own, the first of a file of
    several (LimeSurvey's dumps: `gid,sid,group_name` and its rows above `#` lines and a wider table;
    Vanguard's holdings, 6 columns, above its transactions, 14 — notes until 2026-11-28, when the
    rule held only for notes wider than half the table; a bank export's account summary, a header
    and one row, is still a note)."""
    reader = csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter, quotechar=quotechar)
    short = 0
    padded = False
    most = len(lines) - 1  # with the lines skipped before, at most NOTES_MAX_LINES in all
    run, run_filled = 0, 0  # consecutive notes with the same count of filled fields
    notes: list[list[str]] = []
    try:
        for record in reader:
            if reader.line_num > most + 1:
                return 0
            if is_blank(record):
                continue
            filled = _filled(record)
            if filled > most_filled:
                break
            run = run + 1 if filled == run_filled else 1
            run_filled = filled
            if run >= 3 and filled >= 3:
                return 0
            padded = padded or len(record) > width // 2
            notes.append(record)
            short = reader.line_num
        else:
            return 0  # the sample ends among them: nothing to skip to
        if short and padded:
            records = [record, *itertools.islice(reader, _SAMPLE_RECORDS)]
            if not _names_a_table(records, _decimal(records, delimiter)):
                return 0
            if len(notes) == 1 and _filled(notes[0]) > width // 2 and _recurs_below(notes[0], records[1:]):
                return 0
    except csv.Error:
        return 0
    if short and not _a_table_below(sample, lines, short, delimiter, quotechar, width):
        return 0
    return short


def _a_table_below(
    sample: str, lines: list[str], short: int, delimiter: str, quotechar: str, width: int
) -> bool:
    """Whether four in five of the records after the first `short` lines, up to the last as wide as
    the table (a footer after it — a disclaimer, `© Destatis` — is not the table's), have its width,
    or one field more that is empty (a delimiter ending the row, see _table_width); and there are two
    records at least (else the notes' last is the header of the one record after it)."""
    below = _records(sample[sum(map(len, lines[:short])) :], delimiter, quotechar)
    if len(below) < 2:
        return False
    fits = [len(row) == width or (len(row) == width + 1 and not row[-1].strip()) for row in below]
    table = fits[: 1 + max((i for i, fit in enumerate(fits) if fit), default=-1)]
    return bool(table) and sum(table) >= 0.8 * len(table)


def _notes_with_a_summary_row(
    sample: str, lines: list[str], delimiter: str, quotechar: str, width: int
) -> int:
    """Notes that hold a small table of their own, a header and one row as wide as the main table:
    Sparda-Bank's account export (a title, two `Key:;value` lines, then `Umsätze ab;Enddatum;…;Saldo`
    over one row of dates and a balance, another note, blank lines, then the transactions' header)
    read as one column of ragged rows until 2026-11-27. Taken as notes only in that shape: a title
    first (at most half the table's width filled), at most two records filled to within one field of
    the table's width (a summary's header and its row; a third is a table of its own), a blank line
    right above the header, and a table below it (`_names_a_table`, `_a_table_below`)."""
    reader = csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter, quotechar=quotechar)
    most = len(lines) - 1
    wide = 0
    previous_end, blank_above = 0, False
    try:
        for record in reader:
            if reader.line_num > most + 1:
                return 0
            if is_blank(record):
                blank_above = True
                continue
            filled = _filled(record)
            if not previous_end and filled > width // 2:
                return 0  # the first record is no title
            if blank_above and filled >= width - 1 and wide == 2:
                records = [record, *itertools.islice(reader, _SAMPLE_RECORDS)]
                if _names_a_table(records, _decimal(records, delimiter)) and _a_table_below(
                    sample, lines, previous_end, delimiter, quotechar, width
                ):
                    return previous_end
                return 0
            if filled >= width - 1:
                wide += 1
                if wide > 2:
                    return 0
            previous_end, blank_above = reader.line_num, False
    except csv.Error:
        return 0
    return 0


def _title_above_the_first_of_several_tables(
    sample: str, lines: list[str], delimiter: str, quotechar: str
) -> int:
    """A report of several tables, one under another, each under a title: Matomo's scheduled
    reports (`All Websites dashboard`, a header of 15 and its rows, a blank line, `Visits Summary`
    and a table of 7, …). The other rules measure the table by the sample's commonest width, which
    is another table's here, so the first title became the header of one column of ragged rows
    until 2026-11-27. Here the table is the block under the notes, up to the first blank line: notes
    in the first two fields at most (titles, `Key,value` lines; `"",body,brain` is R's header), no
    two of two fields in a row (a table of two columns, the first of the file, not notes), the one
    right above the header (no blank line between) at most half as full as the header, then
    a record of names, all text, that names a table of
    three columns or more, two rows at least below it, and four in five of them as wide as it (any
    fields past its width empty)."""
    reader = csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter, quotechar=quotechar)
    most = len(lines) - 1
    noted, before = False, 0  # a note seen; the lines before the header
    last_note: list[str] | None = None  # the note right above, if no blank line comes between
    try:
        for record in reader:
            if reader.line_num > most + 1:
                return 0
            filled = _filled_positions(record)
            if is_blank(record) or not filled:
                last_note, before = None, reader.line_num  # blank lines go with the notes
                continue
            if filled[-1] < 2:
                if len(filled) == 2 and last_note is not None and _filled(last_note) == 2:
                    return 0  # two rows of two in a row are a table of their own (`h1,h2` over `x,y`)
                noted, last_note, before = True, record, reader.line_num
                continue
            break
        else:
            return 0
        if not noted or (last_note is not None and _filled(last_note) > len(filled) // 2):
            # Right above the header (no blank line between), a note fills at most half as many
            # fields as the header, as the other rules ask: else it may be a row of a headerless
            # table (maloja's rules: `notanartist,In Dreams,` above `replacetitle,…,…`).
            return 0
        block = [record]
        for row in itertools.islice(reader, _SAMPLE_RECORDS):
            if is_blank(row):
                break
            block.append(row)
    except csv.Error:
        return 0
    width = filled[-1] + 1  # the names end at the last filled one (a delimiter may end the line)
    rows = [row for row in block[1:] if _filled(row)]
    decimal = _decimal(block, delimiter)
    if len(filled) < 3 or len(rows) < 2 or not _names_a_table([record, *rows], decimal):
        return 0
    if any(classify(name, decimal == ",")[0] != STRING for name in record if name.strip()):
        return 0  # every name is text (`1,1,a` above rows is no header that lines may be skipped for)
    fits = _rows_as_wide(rows, width)
    return before if fits >= 0.8 * len(rows) else 0


def _a_summary_above_the_table(
    sample: str, lines: list[str], delimiter: str, quotechar: str, width: int
) -> int:
    """A one-row summary table above the file's table, a blank line between: Zoom's participants
    report (`Meeting ID,Topic,Start Time,…` over the meeting's one row, a blank line, then `Name
    (Original Name),User Email,Join Time,…` over one row a participant) read with the summary's
    header and every participant a ragged row until 2026-11-28. Taken as notes only in that shape:
    the file's first two records, a header and one row of three fields or more, another width than
    the table's (`h1,h2` over `x,y` is a table of its own: found by hypothesis), then
    blank lines, then a record as wide as the table that names it, with the table below it. The
    line the summary's row ends on, or 0."""
    reader = csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter, quotechar=quotechar)
    most = len(lines) - 1
    summary: list[list[str]] = []
    end = 0
    try:
        for record in reader:
            if reader.line_num > most + 1:
                return 0
            if is_blank(record):
                if len(summary) == 2:
                    continue
                return 0
            if len(summary) < 2:
                summary.append(record)
                end = reader.line_num
                continue
            break
        else:
            return 0
        header_line = reader.line_num
        records = [record, *itertools.islice(reader, _SAMPLE_RECORDS)]
    except csv.Error:
        return 0
    size = len(summary[0])
    if size < 3 or size == width or len(summary[1]) != size or len(record) != width or header_line == end + 1:
        return 0  # (two fields: `h1,h2` over `x,y` is a table; no blank line between: one table, ragged)
    if not _names_a_table(summary, _decimal(summary, delimiter)):
        return 0
    if not _names_a_table(records, _decimal(records, delimiter)):
        return 0
    return end if _a_table_below(sample, lines, end, delimiter, quotechar, width) else 0


def _key_values_above_a_titled_table(sample: str, lines: list[str], delimiter: str, quotechar: str) -> int:
    """A title, `Key<TAB>value` lines, then a blank line, then a title of text right above a table of
    three columns or more: Microsoft Teams' attendance report (`1. Summary` over `Meeting title`,
    `Start time`, … and their values, a blank line, `2. Participants` over the participants' table,
    then `3. In-Meeting Activities` and a table of its own), read as one column of ragged rows until
    2026-11-28. The first-table rule takes a block of two-field records for the file's table, as it
    may be; under a title with a wider table after it, it is the report's summary. How many lines go
    before that table's header, or 0."""
    reader = csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter, quotechar=quotechar)
    most = len(lines) - 1
    pairs, blank_after_pairs, title_line, previous = 0, False, 0, ""
    titled, title = False, ""  # a title opens the summary (`1. Summary`); the last title's text
    try:
        for record in reader:
            if reader.line_num > most + 1:
                return 0
            if is_blank(record) or not _filled(record):
                blank_after_pairs = pairs > 0
                previous = "blank"
                continue
            filled = _filled_positions(record)
            if len(filled) == 1:
                title_line, previous, title = reader.line_num, "title", record[filled[0]]
                titled = titled or not pairs
                continue
            if filled == (0, 1) and titled and not blank_after_pairs:
                pairs += 1
                previous = "pair"
                continue
            break
        else:
            return 0
        if not (pairs and blank_after_pairs and previous == "title") or len(filled) < 3:
            return 0
        if classify(title, False)[0] != STRING:
            return 0  # a number over the table is one of its rows, not its title
        block = [record]
        for row in itertools.islice(reader, _SAMPLE_RECORDS):
            if is_blank(row) or not _filled(row):
                break
            block.append(row)
    except csv.Error:
        return 0
    width = filled[-1] + 1
    rows = block[1:]
    fits = _rows_as_wide(rows, width)
    if len(rows) < 2 or fits < 0.8 * len(rows) or not _names_a_table(block, _decimal(block, delimiter)):
        return 0
    return title_line


def _recurs_below(note: list[str], rows: list[list[str]]) -> bool:
    """Whether a lone note filled more than half (only the second try admits it) has its filled
    fields, position for position, where two rows below have theirs: then it is a row of the table (a
    headerless file of text whose short rows leave the same cells empty: the sensor list of w1retap's
    `meteo-sensors.csv` had its first row as a note and its second as the header, repeated further
    down, until 2026-11-27); a line of metadata fills cells of its own. Not asked of several notes:
    the rows of a multi-row header repeat each other's cells (frappe's import template)."""
    pattern = _filled_positions(note)
    return sum(1 for row in rows if _filled_positions(row) == pattern) >= 2


def _filled_positions(record: list[str]) -> tuple[int, ...]:
    return tuple(position for position, field in enumerate(record) if field.strip())


def _table_width(sample: str, delimiter: str, quotechar: str) -> int:
    """The width of the table below a file's notes: the sample's commonest record width, a tie going
    to the wider — or, wider still, that of the records that end the sample when they are a header
    and rows, those rows perhaps one field wider with that field empty (a delimiter ending each row
    but not the header: kmymoney's fund export, which read as one column until 2026-11-27). A short
    file's notes can be as many as its rows or more: ING's account export (seven `Key;value` lines
    above a header and six transactions) and DKB's (four notes, one transaction) read as two or
    three columns until 2026-11-27."""
    try:
        records = _sample_records(sample, delimiter, quotechar, False, _SAMPLE_RECORDS)
    except csv.Error:
        return 0
    counts = Counter(map(len, records))
    if not counts:
        return 0
    most = max(counts.values())
    width = max(size for size, count in counts.items() if count == most)
    last = len(records[-1])
    run = len(list(itertools.takewhile(lambda row: len(row) == last, reversed(records))))
    if last > width and run >= 2:
        tail = records[-run:]
        if _names_a_table(tail, _decimal(tail, delimiter)):
            return last
        # Rows that end with a delimiter their header lacks (Dialect.trailing_delimiter), below it.
        header = records[-run - 1] if len(records) > run else []
        if len(header) == last - 1 and not any(row[-1].strip() for row in tail):
            table = [header, *(row[:-1] for row in tail)]
            if _names_a_table(table, _decimal(table, delimiter)):
                return last - 1
    return width


def _filled(record: list[str]) -> int:
    """The non-blank fields of `record`: a padded `Title,,,,` has one, and so a note written in a few
    cells of a sheet (`,of consistency,,,in the,"data layout,"`: readr's `deaths-other.csv`) has three."""
    return sum(1 for field in record if field.strip())


def _names_a_table(records: list[list[str]], decimal: str) -> bool:
    """Whether the first of `records` reads as a header of the rest: every field holds something —
    but for blanks before the first name, over the columns of row labels (Destatis' GENESIS exports:
    `;;männlich;weiblich;Insgesamt` above `1980;Suizid;11789;6662;18451`), and a few between names
    (Sharesight's `…,Value,,Comments`: its title and a blank row were the header and a row until
    2026-11-27) — one at least is text, and
    none is a value of the kind its column holds below (`1` above ids, not `2019` above populations;
    `csv.Sniffer.has_header`'s vote, made strict). No row holds a value past its last name: a blank
    name after the others only where the rows are blank too (a delimiter that ends every line), for
    a header naming only its first columns (`id,name,,,` above full rows) looks like a padded note;
    and rows wider than it with values there make it a short row, not their header (tzdata's
    `zone1970.tab`: its first row of three fields above rows of four; its header is the `#codes`
    comment line above)."""
    header, body = records[0], records[1:]
    named = [position for position, field in enumerate(header) if field.strip()]
    # Names fill more than three in four of the fields from the first to the last: a column a sheet
    # left unnamed among them (`Value,,Comments`), not a note in a few of its cells.
    if not named or len(named) * 4 <= (named[-1] + 1 - named[0]) * 3:
        return False
    # Nothing past the last name in any row (see above).
    if any(any(map(str.strip, row[named[-1] + 1 :])) for row in body):
        return False
    comma = decimal == ","
    kinds = {position: classify(header[position], comma)[0] for position in named}
    if STRING not in kinds.values():
        return False
    for position, kind in kinds.items():
        if (
            kind != STRING
            and _commonest_kind((row[position] for row in body if len(row) > position), comma) == kind
        ):
            return False
    return True


def _rows_under_the_header(records: list[list[str]], decimal: str) -> int:
    """How many of the records right under the header (`records[0]`) belong to it, up to
    HEADER_ROWS_MAX: units (`TS,RN,Volts,Deg C`), a logger's processing (`,,Min,Avg`), variable
    labels. Such a record is as wide as the header, above five records at least of which four in five
    are as wide too; every field it fills is text that is no missing
    marker; it fills at least two, and at least half, of the columns whose values below are numbers,
    dates, datetimes or bools; none of those texts recurs in its column below; and one of them holds
    a letter (a row of `-` or `?` is a row of placeholders), fewer than half hold more digits than
    letters (malformed dates are values gone wrong, found by hypothesis; EddyPro's `[W+1m-2]` and
    `[umol+1s-1m-2]` are units), and half of them differ, two at least
    (`unknown,unknown` is a row of data; `kg,kg,m,m` are units). Until 2026-11-28 such rows were rows:
    every column had them as type mismatches and among its values, and the row count was off."""
    if len(records) < 7:
        return 0
    header = records[0]
    width = len(header)
    comma = decimal == ","
    typed: set[int] | None = None  # the columns of values, judged once, below any row of the header
    count = 0
    for index in range(1, min(HEADER_ROWS_MAX, len(records) - 2) + 1):
        record, below = records[index], records[index + 1 :]
        if len(record) != width or record == header or len(below) < 5:
            break
        if 5 * sum(len(row) == width for row in below) < 4 * len(below):
            break  # no table of the header's width below: ragged rows, not rows of a header
        filled = [
            position
            for position, field in enumerate(record)
            if field.strip() and field.strip() not in PANDAS_MISSING_MARKERS
        ]
        if not filled or any(classify(record[position], comma)[0] != STRING for position in filled):
            break
        if typed is None:
            typed = _columns_of_values(records[1 + HEADER_ROWS_MAX :], width, comma)
        over_typed = [position for position in filled if position in typed]
        if len(over_typed) < 2 or 2 * len(over_typed) < len(typed):
            break
        if any(
            any(len(row) > position and row[position] == record[position] for row in below)
            for position in over_typed
        ):
            break
        texts = [record[position].strip() for position in over_typed]
        if not any(character.isalpha() for text in texts for character in text):
            break
        if 2 * sum(1 for text in texts if _more_digits_than_letters(text)) >= len(texts):
            break  # `12/03/260 20:30`, `19-Aug-133`: values gone wrong; `m2`, `[W+1m-2]` are units
        if 2 * len(set(texts)) < len(texts) or len(set(texts)) < 2:
            break  # `unknown,unknown`: placeholders in a row of data, not units (`kg,kg,m,m` are)
        count = index
    return count


def _orange_header(records: list[list[str]]) -> bool:
    """Whether the two records under the names are an Orange data file's types and flags (`c  c  d`
    over `  class`; a discrete column may list its values instead, `0 1`): Orange's own datasets
    (iris, titanic, zoo, housing) read with both as rows until 2026-11-28 — a type mismatch in every
    numeric column, and the rule for units cannot see `c,c,c,c` (one word repeated) as units."""
    if len(records) < 4:
        return False
    width = len(records[0])
    types, flags = records[1], records[2]
    if len(types) != width or not 0 < len(flags) <= width:  # (a flags row may end early: no tabs after)
        return False
    words = [field.strip().casefold() for field in types]
    if not all(word in _ORANGE_TYPES or " " in word or not word for word in words):
        return False
    if 2 * sum(word in _ORANGE_TYPES for word in words) < width:
        return False
    return all(field.strip().casefold() in _ORANGE_FLAGS for field in flags)


def _more_digits_than_letters(text: str) -> bool:
    return sum(map(str.isdigit, text)) > sum(map(str.isalpha, text))


def _columns_of_values(rows: list[list[str]], width: int, comma: bool) -> set[int]:
    """The positions whose commonest kind in `rows` is a number, date, datetime or bool, three values
    of it at least (a column of empty cells and one `1` tells nothing: found by hypothesis) — asked only
    of the columns with such a value among their first three rows (a wide table of text would
    otherwise classify every cell of the sample: 12 ms a file for 300 columns of text, 4.7 ms so)."""

    def cells(position: int, among: list[list[str]]) -> Iterator[str]:
        return (row[position] for row in among if len(row) > position and row[position].strip())

    maybe = [
        position
        for position in range(width)
        if any(classify(cell, comma)[0] != STRING for cell in cells(position, rows[:3]))
    ]
    typed = set()
    for position in maybe:
        found = Counter(classify(cell, comma)[0] for cell in cells(position, rows)).most_common(1)
        if found and found[0][0] != STRING and found[0][1] >= 3:
            typed.add(position)
    return typed


def _commonest_kind(cells: Iterable[str], decimal_comma: bool) -> str | None:
    """The kind most of `cells` are (values.classify), None when there are none."""
    found = Counter(classify(cell, decimal_comma)[0] for cell in cells)
    return found.most_common(1)[0][0] if found else None


def detect_dialect(
    sample: str,
    forced_delimiter: str | None = None,
    forced_decimal: str | None = None,
    forced_header: bool | None = None,
    forced_header_rows: int | None = None,
) -> Dialect:
    """The dialect of a file whose first block (cut at a line end) is `sample`; the `forced_` ones
    replace detection. Lines before the header (`find_preamble`) are left out of every judgement."""
    terminator = _line_terminator(sample)
    box = forced_delimiter is None and _box_drawn(sample)
    if box:
        sample = sample.translate(BOX_TO_ASCII)
    fixed = _fixed_width(sample) if forced_delimiter is None else None
    if fixed is None and forced_delimiter is None:
        fixed = _aligned_columns(sample)
        aligned = fixed is not None
    else:
        aligned = False
    spans: tuple[tuple[int, int], ...] = ()
    settled: str | None
    if fixed is not None:
        # Lines above the names are notes (a title, a blank line); the columns are the rule's.
        names_line, spans = fixed
        lines = [match[0] for _, match in zip(range(names_line), _LINE.finditer(sample), strict=False)]
        settled = SPACE
    else:
        lines, settled = find_preamble(_escapes_hidden(sample, forced_delimiter), forced_delimiter)
        lines = _same_lines(sample, lines)
    preamble = tuple(
        (number, line.rstrip("\r\n")[:PREAMBLE_TEXT_CHARS]) for number, line in enumerate(lines, start=1)
    )
    sample = sample[sum(map(len, lines)) :]
    table_text = sample  # with its comment lines: the later tables' lines are counted in it
    if any(line.startswith("#") for line in lines):  # Dialect.comment: judged on the table's lines only
        sample = _header_then_without_comments(sample)
    chosen = forced_delimiter or settled or _delimiter(sample)[0]
    quotechar = _quotechar(sample, chosen)
    escapechar = _escapechar(sample, chosen, quotechar)
    # Runs of spaces are one delimiter: the spaces after the first are skipped.
    initial_space = chosen == SPACE or _initial_space(sample, chosen, quotechar, escapechar)
    if spans:
        # (Quotes mean nothing in a fixed-width table, and no space after a delimiter is skipped.)
        quotechar, escapechar, initial_space = '"', None, False
        records = [
            record
            for _, record in zip(
                range(_SAMPLE_RECORDS + 1),
                _FixedWidthRecords(io.StringIO(sample, newline=""), spans),
                strict=False,
            )
            if not is_blank(record)
        ]
    else:
        records = _records(sample, chosen, quotechar, initial_space, escapechar)
    drawn = _drawn_table(records) if chosen == "|" else None
    if drawn is not None:
        records = _undrawn(records, drawn)
        first_line = _LINE.match(sample)
        if (
            drawn == FRAMED
            and first_line
            and len(records) > 2
            and len(records[0]) == 1
            and is_rule(records[0])
        ):
            # The frame's top line above the names (MySQL's `+----+`): a note above the header, as
            # find_preamble takes it when the table is long enough for its rows to outvote its frame.
            lines, preamble, sample, table_text = _a_note_more(
                first_line[0], lines, preamble, sample, table_text
            )
            records = records[1:]
    formulas = (
        "=" in sample
        and '="' in sample
        and any(excel_text(field) != field for record in records for field in record)
    )
    if formulas:
        records = list(map(_excel_texts, records))
    if records:
        records[0] = commented_names(records[0], chosen)
    decimal = forced_decimal or _decimal(records, chosen)
    if forced_header is not None:
        header = forced_header
    else:
        header = not (records and _first_record_is_data(records, decimal))
        first_line = _LINE.match(sample)
        if (
            not header
            and first_line
            and _a_summary_line_above_rows(records, first_line[0], chosen, quotechar)
        ):
            # A line of values of its own above a table: a note (listed), and the table judged without it.
            lines, preamble, sample, table_text = _a_note_more(
                first_line[0], lines, preamble, sample, table_text
            )
            records = records[1:]
            header = not _first_record_is_data(records, decimal)
    groups: tuple[str, ...] = ()
    if (
        header
        and forced_header_rows is None
        and len(records) >= 3
        and not (lines and is_logger_banner(lines[0]))
        and not (chosen == "\t" and _orange_header(records))
    ):
        # Two rows of names, the first the groups (pandas' MultiIndex columns): the first is preamble.
        first_line = _LINE.match(sample)
        found = _groups_over_names(first_line[0], records, chosen, quotechar, decimal) if first_line else ()
        if first_line and found:
            groups, records = found, records[1:]
            lines, preamble, sample, table_text = _a_note_more(
                first_line[0], lines, preamble, sample, table_text
            )
    cut_in_quotes = sample.count(quotechar) % 2 == 1
    first_unnamed = header and _unnamed_first_field(records, cut_in_quotes)
    trailing = header and _trailing_delimiter(records, cut_in_quotes)
    header_rows: tuple[tuple[str, ...], ...] = ()
    if header:
        # Rows are as wide as the header once a trailing delimiter's field is dropped, or with the
        # row names' field that the header lacks.
        table = records
        if first_unnamed:
            table = [["", *records[0]], *records[1:]]
        elif trailing:
            width = len(records[0])
            table = [records[0], *(row[:width] if len(row) == width + 1 else row for row in records[1:])]
        if forced_header_rows is not None:
            count = forced_header_rows
        elif groups and len(table) > 2 and _names_the_row_labels(groups[0], table[0], table[1]):
            # pandas' line naming its index (`Team,,,,`) under the names: the first column's name,
            # unless the level names (`season`, `stat`) gave it one.
            count = 1
            if not table[0][0].strip():
                groups = (table[1][0].strip(), *groups[1:])
        elif chosen == "\t" and _orange_header(table):
            count = 2
        elif lines and is_logger_banner(lines[0]):
            count = _TOA5_HEADER_ROWS if lines[0].lstrip('"').startswith("TOA5") else 0
        elif len(table) > 2 and len(table[0]) >= 2 and is_rule(table[1]):
            count = 1
        elif aligned and len(table) > 2 and not table[0][0] and table[1][0] and not any(table[1][1:]):
            count = 1  # the index's name under the names (pandas' `to_string()` of a named index)
        elif (
            aligned and len(table) > 2 and any(table[1]) and all(map(_a_tibble_type, filter(None, table[1])))
        ):
            count = 1  # a tibble's types under its names (`<chr>  <int>`)
        elif drawn is not None and (drawn_rows := _rule_under_a_drawn_header(table)):
            # A drawn table's header ends with its rule: what lies between is the header's too
            # (DuckDB's types under its names; rich's names wrapped on two lines).
            count = drawn_rows
        else:
            count = _rows_under_the_header(table, decimal)
            if count and len(table) > count + 2 and is_rule(table[1 + count]):
                count += 1  # a rule under the rows of the header too (DuckDB's types, then its rule)
        header_rows = tuple(tuple(record) for record in table[1 : 1 + count])
    if (
        header
        and lines
        and not groups
        and not first_unnamed
        and not header_rows
        and records
        and sample[:1] not in ("\r", "\n")
    ):
        above = lines[-1].rstrip("\r\n")
        if above.strip() and not is_logger_banner(lines[0]) and not is_labview(preamble):
            group = next(csv.reader([above], delimiter=chosen, quotechar=quotechar, strict=False), [])
            groups = _header_groups(group, records[0], decimal)
    table_end = 0
    later: tuple[tuple[int, str], ...] = ()
    if header and not first_unnamed and records and len(records[0]) >= 2:
        comment = any(line.startswith("#") for line in lines)
        table_end, later = _later_tables(
            table_text, chosen, quotechar, decimal, comment, records[0], drawn, spans
        )
        if table_end:
            table_end += len(lines)
            later = tuple((line + len(lines), text) for line, text in later)
    return Dialect(
        chosen,
        quotechar,
        terminator,
        first_unnamed,
        decimal,
        preamble,
        initial_space,
        header,
        escapechar,
        trailing,
        header_rows,
        header and is_labview(preamble),
        groups,
        header and chosen == "\t" and bool(records) and bool(_EUROSTAT_FIRST_NAME.fullmatch(records[0][0])),
        table_end,
        later,
        drawn,
        formulas,
        box,
        spans,
        aligned,
    )


# Later tables listed, at most (Dialect.later_tables).
LATER_TABLES_LISTED = 10
# A line of nothing, or of spaces and tabs (is_blank), after another line.
_BLANK_LINE = re.compile(r"(?:\r\n|\r(?!\n)|\n)[ \t]*(?:\r\n|\r|\n)")


def _later_tables(
    text: str,
    delimiter: str,
    quotechar: str,
    decimal: str,
    comment: bool,
    header: list[str],
    drawn: str | None = None,
    spans: tuple[tuple[int, int], ...] = (),
) -> tuple[int, tuple[tuple[int, str], ...]]:
    """Where the first table of `text` (the lines from its header on) ends when another table follows
    it after blank lines (and `#` comment lines, when the file has them): the first such line (1 for
    the header's), and each later table's header line and text (its title's, when a one-field title
    opens it) — (0, ()) when there is none.

    A block after blank lines is another table when it is a header of two fields or more over at least
    one row, four in five of its rows as wide as it, that names them (`_names_a_table`), and either
    its width is not the first table's or it holds text where the first table's rows hold numbers,
    dates or bools: not the first table's rows going on after a blank line, nor its header repeated
    (concatenated files), nor notes of one field (a footer's). A drawn table's records are read as
    its reader reads them (Dialect.drawn): a Markdown document's tables under their headings."""
    if not _BLANK_LINE.search(text) and not (comment and "#" in text):
        return 0, ()  # no blank line to end a table: not worth a walk (it doubled detect_dialect's time)
    reader: Any = csv.reader(
        io.StringIO(text, newline=""), delimiter=delimiter, quotechar=quotechar, strict=False
    )
    if drawn is not None:
        reader = _RecordsChanged(reader, _undrawing(drawn))
    if spans:
        reader = _FixedWidthRecords(io.StringIO(text, newline=""), spans)
    blocks: list[tuple[int, list[tuple[int, list[str]]]]] = [(0, [])]  # (its gap's first line, records)
    gap = 0
    end = 0
    try:
        for record in reader:
            start, end = end + 1, reader.line_num
            if is_blank(record) or (comment and record[0].startswith("#")):
                gap = gap or start
                continue
            if gap and blocks[-1][1]:
                blocks.append((gap, []))
            gap = 0
            blocks[-1][1].append((start, record))
    except csv.Error:
        return 0, ()
    first = [record for _, record in blocks[0][1]]
    if len(blocks) < 2 or len(first) < 2 or first[0] != header:
        return 0, ()
    comma = decimal == ","
    kinds = [
        _commonest_kind((row[i] for row in first[1:] if len(row) > i), comma) for i in range(len(header))
    ]
    found: list[tuple[int, str]] = []
    table_end = 0
    for gap_line, block in blocks[1:]:
        opening = _a_table_opens(block, decimal)
        if opening is None:
            continue
        line, names, title = opening
        if not table_end:
            if names == header:
                continue  # the header again: concatenated files (a repeated header)
            typed_as_text = any(
                kind not in (None, STRING) and i < len(names) and classify(names[i], comma)[0] == STRING
                for i, kind in enumerate(kinds)
            )
            if len(names) == len(header) and not typed_as_text:
                continue
            table_end = gap_line
        found.append((line, delimiter.join(title or names).rstrip(delimiter + " ")[:PREAMBLE_TEXT_CHARS]))
        if len(found) == LATER_TABLES_LISTED:
            break
    return (table_end, tuple(found)) if table_end else (0, ())


def _a_table_opens(
    block: list[tuple[int, list[str]]], decimal: str
) -> tuple[int, list[str], list[str]] | None:
    """The line, header and title (empty for none) of the table `block` holds — a header of two fields
    or more (under a one-field title, perhaps) naming at least one row, four in five of them as wide —
    or None."""
    title: list[str] = []
    records = [record for _, record in block]
    at = 0
    if len(records) >= 3 and _filled(records[0]) == 1 and len(records[1]) >= 2 and _filled(records[1]) >= 2:
        title, at = records[0], 1
    names, rows = records[at], records[at + 1 :]
    if len(names) < 2 or _filled(names) < 2 or _repeats(names) or not rows:
        return None
    wide = sum(len(row) == len(names) or (len(row) == len(names) + 1 and not row[-1].strip()) for row in rows)
    if wide < 0.8 * len(rows) or not _names_a_table([names, *rows[:_SAMPLE_RECORDS]], decimal):
        return None
    return block[0][0], names, title


# A group's label is short text: a title or a note above a header is longer.
GROUP_LABEL_CHARS = 40


def _header_groups(group: list[str], header: list[str], decimal: str) -> tuple[str, ...]:
    """The labels (one per column, "" for none) of `group`, the record right above the header, when
    it is a row of groups over the header's names: `,Q1,,,Q2,,` (Excel's merged cells, each label
    over the columns up to the next) above `Region,Sales,Cost,Margin,Sales,Cost,Margin`, or a label
    over each column (`,,Temp,Hi,Low` above `Date,Time,Out,Temp,Temp`: Davis WeatherLink). It is one
    only when joining its labels to the names leaves fewer names repeated than the header has — the
    reason a file writes two rows of names — each label short text (no number, date or missing
    marker), none in a field the header lacks. Of the two readings (each label over its own column,
    or over those up to the next) the one leaving fewer repeats wins, its own column on a tie. Empty
    when it is none: a title or notes above the header stay notes."""
    width = len(header)
    if len(group) > width and any(field.strip() for field in group[width:]):
        return ()
    fields = [field.strip() for field in group[:width]] + [""] * (width - len(group))
    if not any(fields) or not _short_texts(fields, decimal):
        return ()
    before = _repeats(header)
    if not before:
        return ()
    spanning: list[str] = list(itertools.accumulate(fields, _label_or_held))
    best = min((fields, spanning), key=lambda groups: _repeats(joined_names(groups, header)))
    return tuple(best) if _repeats(joined_names(best, header)) < before else ()


def _label_or_held(held: str, field: str) -> str:
    """A merged cell's label holds over the blank fields after it (itertools.accumulate's step)."""
    return field or held


def _groups_over_names(
    first_line: str, records: list[list[str]], delimiter: str, quotechar: str, decimal: str
) -> tuple[str, ...]:
    """The labels of the first record when it is a row of groups over a second row of names (what
    pandas writes for a MultiIndex of columns: `,2021-22,2021-22,…` over `,W,D,…`), which names the
    table below; empty when it is not. The first record must be the first line whole."""
    group = next(csv.reader([first_line.rstrip("\r\n")], delimiter=delimiter, quotechar=quotechar), [])
    names = records[1]
    if group != records[0] or _filled(names) < 2 or not _short_texts(names, decimal):
        return ()
    if not _repeats(group) and _filled(group) == len(group):
        return ()  # names each of its own column: the header (rows under it are units, types)
    below = records[2:]
    if below and _names_the_row_labels(group[0] if group else "", names, below[0]):
        below = below[1:]
    if not below or not _names_a_table([names, *below[:_SAMPLE_RECORDS]], decimal):
        return ()
    return _header_groups(group, names, decimal)


def _names_the_row_labels(group: str, names: list[str], record: list[str]) -> bool:
    """Whether `record`, under names grouped by `group`'s row (its first field `group`), fills its
    first field only where the first name is blank, or the first fields of both rows name pandas'
    levels (`season`, `stat`): the name pandas writes there for its index (the row labels' column)."""
    first_named = bool(names[0].strip()) if names else False
    return (
        (not first_named or bool(group.strip()))
        and bool(record)
        and bool(record[0].strip())
        and _filled(record) == 1
    )


def _short_texts(fields: Sequence[str], decimal: str) -> bool:
    """Whether every filled field is short text: no number, date, bool or missing marker."""
    return all(
        len(field) <= GROUP_LABEL_CHARS
        and field not in PANDAS_MISSING_MARKERS
        and classify(field, decimal == ",")[0] == STRING
        for field in map(str.strip, fields)
        if field
    )


def joined_names(groups: Sequence[str], header: Sequence[str]) -> list[str]:
    """The header's names each joined with its group's label (`Q1 Sales`); a blank name is its
    label, a name without a label stays as it is."""
    return [
        f"{label} {name.strip()}" if label and name.strip() else label or name
        for label, name in itertools.zip_longest(groups, header, fillvalue="")
    ]


def _repeats(names: Sequence[str]) -> int:
    """How many of the filled names repeat one before them."""
    filled = [name.strip() for name in names if name.strip()]
    return len(filled) - len(set(filled))
