"""profile_stream: bytes in, summary out, in one streaming pass.

source (gzip, encoding, guards) → dialect (from the first block) → csv.reader → chunks of records →
TableProfile (columns) → build_summary. `profile_table` stops before the summary so that profiles
of parts can be merged (`TableProfile.merge`).
"""

from __future__ import annotations

import csv
import io  # loaded by the interpreter at start-up anyway
from collections.abc import Iterable, Sequence  # loaded by the interpreter at start-up anyway
from itertools import accumulate, chain, compress, islice, repeat
from operator import add, itemgetter

from csvpipe.core.dialect import (
    CAMPBELL_MISSING,
    END_MARKER,
    EUROSTAT_MISSING,
    Dialect,
    commented_names,
    detect_dialect,
    is_blank,
)
from csvpipe.core.errors import (
    EMPTY_FILE,
    HEADER_ONLY,
    LINE_TOO_LONG,
    MALFORMED_CSV,
    TOO_MANY_COLUMNS,
    UNDECODABLE_BYTES,
    UNTERMINATED_QUOTE,
    ProfileError,
)
from csvpipe.core.options import ProfileOptions
from csvpipe.core.source import Source, fallback_log, line_breaks, open_source
from csvpipe.core.summary import build_summary
from csvpipe.core.table import TableProfile

TYPE_CHECKING = False  # typing costs milliseconds at import; mypy still reads the block below
if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from typing import Any, BinaryIO

# Cells per chunk: bounds memory on wide files while keeping the per-chunk overhead small.
_CHUNK_CELLS = 200_000
_MIN_CHUNK_ROWS = 64  # ... but not fewer rows than this (10 000 columns: per-column work per chunk)
# Text per chunk: with rows of 100 KB (HTML or JSON in a column) a 4 096-row chunk held 400 MB, and a
# 200 MB file of them peaked at 600 MB RSS. A chunk is read a step at a time until it has its rows or
# the reading has passed _CHUNK_BYTES; a step ends after the record during which the reading passed
# _STEP_BYTES (see _next_chunk), and records with more fields than the header are cut at each step.
_CHUNK_BYTES = 16 * 1024 * 1024
_STEP_BYTES = 2 * 1024 * 1024
_second = itemgetter(1)
# A last line fed to csv.reader after the file. It comes back as a record of its own when every quote
# was closed; inside the last field when a quote was left open (csv.reader in non-strict mode would
# otherwise swallow the rest of the file into one value without a word). NUL bytes are rejected in
# the input, so no real line can look like it.
_END = END_MARKER


def profile_stream(stream: BinaryIO, file_name: str, options: ProfileOptions | None = None) -> dict[str, Any]:
    """Profile one CSV (plain, gzip, bzip2 or xz) read once from `stream`; raises ProfileError for
    bad input."""
    options = options or ProfileOptions()
    table = profile_table(stream, options)
    return build_summary(table, file_name, options.type_threshold)


class Reading:
    """How a file is read — codec, reported encoding, fallback reason, dialect — as judged from its
    first block. A later part of a split file is read the way its start says (it cannot see it)."""

    __slots__ = ("codec", "dialect", "encoding", "fallback")

    def __init__(self, codec: str, encoding: str, fallback: str | None, dialect: Dialect) -> None:
        self.codec = codec
        self.encoding = encoding
        self.fallback = fallback
        self.dialect = dialect

    def __reduce__(self) -> tuple[Any, ...]:
        dialect = self.dialect
        parts = (
            dialect.delimiter,
            dialect.quotechar,
            dialect.line_terminator,
            dialect.unnamed_first_field,
            dialect.decimal,
            dialect.preamble,
            dialect.initial_space,
            dialect.header,
            dialect.escapechar,
            dialect.trailing_delimiter,
            dialect.header_rows,
            dialect.last_column_optional,
            dialect.header_groups,
            dialect.eurostat,
            dialect.table_end,
            dialect.later_tables,
            dialect.drawn,
            dialect.excel_text,
            dialect.box_drawing,
            dialect.column_spans,
            dialect.columns_aligned,
        )
        return (_rebuild_reading, (self.codec, self.encoding, self.fallback, parts))


def _rebuild_reading(
    codec: str,
    encoding: str,
    fallback: str | None,
    dialect: tuple[
        str,
        str,
        str,
        bool,
        str,
        tuple[tuple[int, str], ...],
        bool,
        bool,
        str | None,
        bool,
        tuple[tuple[str, ...], ...],
        bool,
        tuple[str, ...],
        bool,
        int,
        tuple[tuple[int, str], ...],
        str | None,
        bool,
        bool,
        tuple[tuple[int, int], ...],
    ],
) -> Reading:
    return Reading(codec, encoding, fallback, Dialect(*dialect))


def judge_reading(head: bytes, options: ProfileOptions | None = None) -> Reading:
    """The Reading that profiling a file starting with `head` (its first SAMPLE_BYTES) would use;
    raises ProfileError when that start already shows the file is not a CSV."""
    import io

    options = options or ProfileOptions()
    source = open_source(io.BytesIO(head), options.max_line_bytes, wanted=options.encoding)
    dialect = detect_dialect(
        source.sample, options.delimiter, options.decimal, options.header, options.header_rows
    )
    return Reading(source.codec, source.encoding, source.fallback, dialect)


def profile_table(
    stream: BinaryIO,
    options: ProfileOptions | None = None,
    reading: Reading | None = None,
    *,
    later_part: bool = False,
    rows_listener: Callable[[list[str]], None] | None = None,
) -> TableProfile:
    """The mergeable profile of one CSV, before it is turned into a summary.

    `reading` (from `judge_reading` on the file's start) replaces encoding and dialect detection:
    profiles of a split file's parts must all read it the same way. `later_part`: the stream is a
    part after the first, to be merged after it (its duplicate-row store keeps first lines).
    `rows_listener`: see DuplicateRows.listener.
    """
    import gc  # built in; imported here so that importing the engine stays minimal

    options = options or ProfileOptions()
    forced = None if reading is None else (reading.codec, reading.encoding, reading.fallback)
    source = open_source(stream, options.max_line_bytes, forced, options.time_limit, options.encoding)
    counter = [0]
    token = fallback_log().set(counter)
    # The scan allocates millions of short-lived lists and tuples (records, column chunks) and makes
    # no reference cycles, so the cyclic collector only costs time (measured: 12 % on the UN file).
    # It is paused for the scan and resumed after, only if it was running (concurrent scans are safe:
    # whichever paused it resumes it).
    collecting = gc.isenabled()
    if collecting:
        gc.disable()
    try:
        dialect = None if reading is None else reading.dialect
        return _scan(source, options, counter, dialect, later_part, rows_listener)
    finally:
        if collecting:
            gc.enable()
        fallback_log().reset(token)


def _reader(source: Source, options: ProfileOptions, dialect: Dialect | None) -> tuple[Any, Dialect]:
    if dialect is None:
        dialect = detect_dialect(
            source.sample, options.delimiter, options.decimal, options.header, options.header_rows
        )
    limit = max(options.max_line_bytes, 1)
    if csv.field_size_limit() != limit:  # process-wide setting of the csv module
        csv.field_size_limit(limit)
    lines: Iterable[str] = source.lines(len(dialect.preamble) + 1)
    if dialect.table_end:  # other tables follow the first: read up to its end only
        lines = islice(lines, dialect.table_end - 1 - len(dialect.preamble))
    return _records_then_end(lines, dialect), dialect


def _records_then_end(lines: Iterable[str], dialect: Dialect) -> Any:
    """The scan's csv reader over `lines` and then the end marker (a record of its own unless a
    quoted value is still open)."""
    return dialect.reader(chain(lines, (_END,)))


def only_record(text: str, dialect: Dialect) -> list[str] | None:
    """The one record `text` holds as the scan reads it; None when it holds none or more than one
    or ends inside a quoted value."""
    try:
        records = list(_records_then_end(io.StringIO(text, newline=""), dialect))
    except csv.Error:  # a field over the size limit
        return None
    if len(records) != 2 or records[-1] != [_END]:
        return None
    return records[0]


def _scan(
    source: Source,
    options: ProfileOptions,
    undecodable: list[int],
    dialect: Dialect | None,
    later_part: bool = False,
    rows_listener: Callable[[list[str]], None] | None = None,
) -> TableProfile:
    reader, dialect = _reader(source, options, dialect)
    if dialect.logger_table:
        options = options.replace(missing_markers=options.missing_markers | CAMPBELL_MISSING)
    elif dialect.eurostat:
        options = options.replace(missing_markers=options.missing_markers | EUROSTAT_MISSING)
    skipped = len(dialect.preamble)  # lines before the header, read past here: line numbers shift
    passed = 0  # lines of the preamble read so far
    try:
        for _ in range(skipped):
            source.text.readline()
            passed += 1
        guard = source.guard
        header: list[str] | None = None
        while header is None:
            guard.fence(guard.position)  # blank lines may come first: one record at a time
            record = next(reader, None)
            if record is None:
                break
            if not is_blank(record):
                header = commented_names(record, dialect.delimiter)
        if header is None or header == [_END]:
            raise ProfileError(
                EMPTY_FILE,
                "The file has no header row (it is empty or blank); add a header and data.",
                {"line": 1 + skipped},
            )
        header_line = reader.line_num + skipped
        if _END in header[-1]:
            raise _unterminated_quote(1)
        if len(header) > options.max_columns:
            raise ProfileError(
                TOO_MANY_COLUMNS,
                f"The header has {len(header)} columns, more than the limit of {options.max_columns}; "
                "check the delimiter or raise the limit.",
                {"line": header_line},
            )
        # Without a header the first record is data, on the line after the table's "header line"
        # (a record of values holds no quoted line break: it is one line). A later part of a split
        # file starts with a copy of the first record, which it skips as it skips a header.
        first_is_data = not dialect.header and not later_part
        table = TableProfile(
            header,
            options,
            header_line - 1 if first_is_data else header_line,
            later_part,
            dialect.unnamed_first_field,
            decimal_comma=dialect.decimal == ",",
            named=dialect.header,
            trailing_delimiter=dialect.trailing_delimiter,
            comment=dialect.comment,
            last_column_optional=dialect.last_column_optional,
            repeated_with=_repeated_with_the_header(dialect, len(header) + dialect.unnamed_first_field),
            header_groups=dialect.header_groups,
            flagged=dialect.eurostat,
        )
        table.duplicates.listener = rows_listener
        table.encoding = source.encoding
        table.encoding_fallback = source.fallback
        table.compression = source.compression
        table.dialect = dialect.to_dict()
        table.preamble = [{"line": line, "text": text} for line, text in dialect.preamble]
        if dialect.header_groups:
            table.header_groups_line = dialect.preamble[-1][0]
        table.later_tables = [{"line": line, "text": text} for line, text in dialect.later_tables]
        chunk = max(_MIN_CHUNK_ROWS, min(options.chunk_rows, _CHUNK_CELLS // max(1, len(header))))
        last = header_line
        if dialect.header and not later_part and dialect.header_rows:
            last = _read_header_rows(reader, guard, table, dialect, skipped)
        if first_is_data:
            table.add_rows([header], [header_line])
        while True:
            rows, square = _next_chunk(reader, guard, chunk, table.width)
            if not rows:
                break
            consumed = reader.line_num + skipped - last
            final = rows[-1]
            ended = final == [_END]  # the end marker: every quote was closed
            if ended:
                rows.pop()
                consumed -= 1
                if not rows:
                    break
            # One line per record (the rule): the start lines are a range. A quoted value spanning
            # lines makes the chunk longer than its records; then each record's span is counted, but
            # only if something asks for the lines (most chunks: nothing does).
            starts: Sequence[int] = (
                range(last + 1, last + 1 + len(rows)) if consumed == len(rows) else _StartLines(rows, last)
            )
            if not ended and final and _END in final[-1]:
                raise _unterminated_quote(starts[-1])
            last += consumed
            table.add_rows(rows, starts, square=square and not ended)
        table.last_line = last
    except csv.Error as exc:
        line = reader.line_num + skipped
        if "field larger than field limit" in str(exc):
            raise ProfileError(
                LINE_TOO_LONG,
                f"A field is longer than {options.max_line_bytes} bytes; is a quote left open? "
                "Fix the quoting or raise the limit.",
                {"line": line},
            ) from None
        raise ProfileError(
            MALFORMED_CSV, f"The CSV cannot be parsed ({exc}); fix the file.", {"line": line}
        ) from None
    except UnicodeDecodeError as exc:
        line = source.undecodable_line(exc, reader.line_num + passed)
        raise ProfileError(
            UNDECODABLE_BYTES,
            f"Line {line} holds bytes that are not valid {source.encoding} text; "
            "export the file again as UTF-8.",
            {"line": line, "encoding": source.encoding, "reason": exc.reason},
        ) from None
    if table.rows == 0 and not later_part:
        table.release_held(before_a_rule=True)  # no rows above them: no footer but under a rule
    if table.rows == 0 and not table.held:  # a later part's held records wait for the merge
        raise _header_only(table, header_line + 1 + len(table.header_rows))
    table.undecodable_bytes = undecodable[0]
    return table


def _header_only(table: TableProfile, line: int) -> ProfileError:
    repeats = table.repeated_headers.count
    rows = f" and {len(table.header_rows)} row(s) under it" if table.header_rows else ""
    return ProfileError(
        HEADER_ONLY,
        f"The file has a header{rows} but no data rows"
        + (f" (only {repeats} repetition(s) of the header)" if repeats else "")
        + "; upload a file with at least one row.",
        {"line": line},
    )


def _repeated_with_the_header(dialect: Dialect, width: int) -> list[Sequence[str]]:
    """The records that repeat with the header where files were concatenated (`cat day1.dat
    day2.dat`): the rows under it, a logger's banner line above it — as the scan reads it, cut
    (`_cut`) when it is more than two fields wider than the table (a TOA5 banner has eight) — and a
    row of groups above it."""
    along: list[Sequence[str]] = list(dialect.header_rows)
    if dialect.logger_table:
        for banner in dialect.reader([dialect.preamble[0][1]]):
            if len(banner) > width + 2:
                _cut(banner, width)
            along.append(banner)
    if dialect.header_groups:  # the row of groups above the header (Dialect.header_groups)
        along.extend(dialect.reader([dialect.preamble[-1][1]]))
    return along


def _read_header_rows(reader: Any, guard: Any, table: TableProfile, dialect: Dialect, skipped: int) -> int:
    """Read the records under the header that belong to it (Dialect.header_rows; blank lines
    between are skipped) into `table.header_rows`; the line the last of them ends on. A part after
    the first starts after them: only the first part reads them."""
    last = reader.line_num + skipped
    found: list[tuple[int, list[str]]] = []
    while len(found) < len(dialect.header_rows):
        guard.fence(guard.position)
        record = next(reader, None)
        if record is None or record == [_END]:
            raise _header_only(table, last + 1)
        if record and _END in record[-1]:  # (a blank line is an empty record: found by fuzzing)
            raise _unterminated_quote(last + 1)
        if not is_blank(record):
            found.append((last + 1, record))
        else:
            table.blank_lines += 1
        last = reader.line_num + skipped
    table.add_header_rows(found, dialect.delimiter)
    return last


def _next_chunk(reader: Any, guard: Any, most: int, width: int) -> tuple[list[list[str]], bool]:
    """Up to `most` records, read a step at a time until the reading has passed _CHUNK_BYTES; and
    whether every record has `width` fields.

    A step takes records until the guard's reading passes _STEP_BYTES from the step's start: the
    guard then empties the step's `tokens`, which ends the zip before the next record, at C speed.
    So a step holds about _STEP_BYTES, the read-ahead (≤ 2 MiB) and one record, which the guard keeps
    within the line limit; a chunk, _CHUNK_BYTES and one step. Records with more fields than the
    header are cut at each step (`_cut`): 200 MB of 1 MB lines of two-character fields otherwise held
    860 MB of field strings.
    """
    rows: list[list[str]] = []
    square = True
    stop = guard.position + _CHUNK_BYTES
    while True:
        wanted = most - len(rows)
        tokens: list[None] = [None] * wanted
        guard.fence(guard.position + _STEP_BYTES, tokens)
        step = list(map(_second, zip(iter(tokens), reader)))  # noqa: B905 (tokens end it, on purpose)
        if not step:
            break
        lengths = set(map(len, step))
        if lengths != {width}:
            square = False
            if max(lengths) > width + 2:
                for record in step:
                    if len(record) > width + 2:
                        _cut(record, width)
        rows += step
        if len(step) < wanted and tokens:  # the reader ended, not the fence
            break
        if len(rows) >= most or guard.position >= stop:
            break
    return rows, square


def _cut(record: list[str], width: int) -> None:
    """Cut a record with more fields than the header down to what the rest of the scan reads of it:
    the first `width` fields, the line breaks of the others (the start lines of the records after
    it count them) and the last field (it may hold the end-of-file marker). It stays wider than the
    header, so it is still reported as having too many fields."""
    removed = "\x00".join(record[width:-1])  # NUL joins: no CR+LF pair that was not there
    breaks = line_breaks(removed)
    record[width:-1] = ["\n" * breaks] if breaks else []


class _StartLines(Sequence[int]):
    """The start line of each record of a chunk, counted on first use.

    Only examples (until each kind has its few), repeated or ragged rows and errors read line
    numbers, so most chunks never need them; counting them costs a join of every record (measured:
    a tenth of the engine's time on mixed_10mb, where one record in ~3 000 holds a line break).
    """

    __slots__ = ("_last", "_lines", "_rows")

    def __init__(self, rows: list[list[str]], last: int) -> None:
        self._rows: list[list[str]] | None = rows
        self._last = last
        self._lines: list[int] | None = None

    def _counted(self) -> list[int]:
        if self._lines is None:
            assert self._rows is not None
            self._lines = _start_lines(self._rows, self._last)
            self._rows = None
        return self._lines

    def __len__(self) -> int:
        return len(self._rows) if self._rows is not None else len(self._counted())

    def __getitem__(self, index: Any) -> Any:
        return self._counted()[index]

    def __iter__(self) -> Iterator[int]:
        return iter(self._counted())

    def __reversed__(self) -> Iterator[int]:
        return reversed(self._counted())


def _start_lines(rows: list[list[str]], last: int) -> list[int]:
    """The line each record starts on, when some records span lines: a record takes one line plus
    one per line break inside its values (CRLF, LF or CR, as the text layer splits lines).

    Only the few records with a line break are looked at one by one; the rest is C-level maps.
    """
    # NUL never occurs in the input, so joining with it makes no CR+LF pair that was not there.
    texts = list(map("\x00".join, rows))
    broken = set(compress(range(len(texts)), map(str.__contains__, texts, repeat("\n"))))
    broken.update(compress(range(len(texts)), map(str.__contains__, texts, repeat("\r"))))
    extra = [0] * (len(texts) + 1)
    for index in broken:
        extra[index + 1] = line_breaks(texts[index])
    return list(map(add, range(last + 1, last + 1 + len(texts)), accumulate(extra[:-1])))


def _unterminated_quote(line: int) -> ProfileError:
    return ProfileError(
        UNTERMINATED_QUOTE,
        f"A quoted value that starts in the record on line {line} is never closed, so every line after "
        "it would be read as one value; close the quote (a quote inside a value is written twice) and "
        "upload the file again.",
        {"line": line},
    )
