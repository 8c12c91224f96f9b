"""Hostile input ends in a ProfileError with a stable code, never a traceback or unbounded memory."""

from __future__ import annotations

import codecs
import gzip
import io
import tracemalloc

import pytest

from csvpipe.core import ERROR_CODES, ProfileError, ProfileOptions, error_report, profile_stream

from .conftest import check_error_report, profile_bytes, zipped


class Endless(io.RawIOBase):
    """`size` bytes of a repeated pattern, produced on demand (nothing is held in memory)."""

    def __init__(self, prefix: bytes, fill: bytes, size: int) -> None:
        self._prefix, self._fill, self._left = prefix, fill, size

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def]
        if self._prefix:
            n = min(len(buffer), len(self._prefix))
            buffer[:n], self._prefix = self._prefix[:n], self._prefix[n:]
            return n
        n = min(len(buffer), self._left)
        if n <= 0:
            return 0
        block = (self._fill * (n // len(self._fill) + 1))[:n]
        buffer[:n] = block
        self._left -= n
        return n


def _error(data: bytes | io.RawIOBase, **options) -> ProfileError:
    stream = io.BufferedReader(data) if isinstance(data, io.RawIOBase) else io.BytesIO(data)
    with pytest.raises(ProfileError) as caught:
        profile_stream(stream, "bad.csv", ProfileOptions(**options) if options else None)
    check_error_report(error_report("bad.csv", caught.value))
    assert caught.value.code in ERROR_CODES
    return caught.value


def test_one_100_mb_line_is_rejected_in_bounded_memory() -> None:
    tracemalloc.start()
    try:
        error = _error(Endless(b"a,b\n", b"x", 100 * 1024 * 1024))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert error.code == "LINE_TOO_LONG"
    assert peak < 64 * 1024 * 1024


def test_a_100_mb_line_of_many_fields_is_rejected_too() -> None:
    assert _error(Endless(b"a,b\n", b"1,", 100 * 1024 * 1024)).code == "LINE_TOO_LONG"


def test_line_limit_is_configurable() -> None:
    assert _error(b"a\n" + b"x" * 5000 + b"\n", max_line_bytes=1000).code == "LINE_TOO_LONG"
    assert profile_bytes(b"a\n" + b"x" * 500 + b"\n", max_line_bytes=1000)["row_count"] == 1


def test_open_quote_running_to_the_end_is_bounded_by_the_field_limit() -> None:
    data = b'a,b\n1,"' + b"never closed\n" * 2000
    assert _error(data, max_line_bytes=4096).code == "LINE_TOO_LONG"


def test_a_record_over_the_line_limit_across_lines_is_rejected(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each line and each field within the limit, but one quoted record of 400 KB across lines: it
    was read whole (a 200 MB one held 400 MB); now reading stops with LINE_TOO_LONG once it is
    more than a step, the limit and the read-ahead (here 64 + 64 + 128 KiB) past the step's start.
    A record within the limit across lines is read as before."""
    from csvpipe.core import profile as profile_module

    monkeypatch.setattr(profile_module, "_STEP_BYTES", 64 * 1024)
    field = '"' + ("y" * 99 + "\n") * 100 + '"'  # 10 KB, 100 lines
    data = ("a,b\n1,2\n" + ",".join([field] * 40) + "\n3,4\n").encode()
    error = _error(data, max_line_bytes=64 * 1024)
    assert error.code == "LINE_TOO_LONG" and "record" in error.message
    assert 64 * 1024 < error.where["byte"] <= len(data)
    fine = ("a,b\n1,2\n" + ",".join([field] * 5) + "\n3,4\n5\n").encode()
    summary = profile_bytes(fine, max_line_bytes=64 * 1024)
    assert summary["row_count"] == 4
    ragged = summary["quality_issues"]["ragged_rows"]
    assert ragged["too_many_fields"] == {"count": 1, "first_lines": [3]}
    # The wide record's fields past the header's are cut as it is read; their 300 line breaks still
    # count: the short record starts on line 505 (3 + 500 breaks + the line of "3,4").
    assert ragged["too_few_fields"] == {"count": 1, "first_lines": [505]}


@pytest.mark.parametrize("newline", [b"\n", b"\r\n", b"\r"], ids=["lf", "crlf", "cr"])
def test_nul_bytes_in_the_first_block_are_placed_on_their_line(newline: bytes) -> None:
    # Only LF was counted: every NUL of an old Mac (CR) file was on line 1.
    data = newline.join([b"a,b", *[b"1,2"] * 300, b"3,\x00", b""])
    error = _error(data)
    assert error.code == "NUL_BYTES" and error.where == {"byte": data.index(b"\x00"), "line": 302}


def test_nul_bytes_late_in_the_file() -> None:
    data = b"a,b\n" + b"1,2\n" * 50_000 + b"3,\x00\n"
    error = _error(data)
    assert error.code == "NUL_BYTES" and error.where["byte"] == data.index(b"\x00")


def test_binary_noise_and_known_formats() -> None:
    assert _error(bytes(range(256)) * 4).code == "BINARY_INPUT"
    assert _error(b"PK\x03\x04" + b"\x00" * 100).code == "BAD_COMPRESSED_DATA"  # a ZIP header of zeros
    assert _error(b"%PDF-1.7\n").code == "BINARY_INPUT"


@pytest.mark.parametrize(
    ("data", "said"),
    [
        (
            zipped(("[Content_Types].xml", b"<Types/>"), ("xl/workbook.xml", b"<workbook/>")),
            "This is an Excel workbook (.xlsx), not a CSV; save it as CSV UTF-8",
        ),
        (
            zipped(("mimetype", b"application/vnd.oasis.opendocument.spreadsheet"), ("content.xml", b"<x/>")),
            "This is an OpenDocument file (an .ods spreadsheet?), not a CSV; save it as CSV",
        ),
        (
            zipped(("a.csv", b"a,b\n1,2\n"), ("b.csv", b"a,b\n1,2\n")),
            "This ZIP archive holds more than one file ('a.csv', 'b.csv', …); upload one CSV",
        ),
        (
            zipped(("a.csv", b"a,b\n1,2\n"), ("\x1b[31m" + "x" * 5000, b"")),
            "more than one file ('a.csv', '\\x1b[31mxxxxx",
        ),
        (gzip.compress(zipped(("a.csv", b"a,b\n1,2\n"))), "This is a ZIP archive (its first file: 'a.csv')"),
    ],
    ids=["xlsx", "ods", "two-files", "hostile-name", "gzipped-zip"],
)
def test_a_zip_file_that_is_no_csv_is_named_for_what_it_holds(data: bytes, said: str) -> None:
    error = _error(data)
    assert error.code == "BINARY_INPUT" and said in error.message and len(error.message) < 300


@pytest.mark.parametrize("head", [b"", b"a,b\n1,2\n"], ids=["all", "after-a-few-lines"])
def test_a_zero_filled_file_is_named_for_its_nul_bytes_not_utf16(head: bytes) -> None:
    # All zeros passed the UTF-16 test (one byte lane of zeros: here both are), so a zero-filled
    # file was "UTF-16 text without a byte-order mark; save it as UTF-8".
    data = head + b"\x00" * 200_000
    error = _error(data)
    assert error.code == "NUL_BYTES"
    assert error.where == {"byte": len(head), "line": head.count(b"\n") + 1}
    assert "zero-filled" in error.message and "UTF-16" not in error.message
    assert _error("a,b\n1,2\n".encode("utf-16-le") * 100).message.startswith("This looks like UTF-16 text")


def test_empty_blank_and_header_only() -> None:
    assert _error(b"").code == "EMPTY_FILE"
    assert _error(b"\n\n\r\n").code == "EMPTY_FILE"
    assert _error(b"a,b\n").code == "HEADER_ONLY"
    assert _error(b"a,b\n\n\n").code == "HEADER_ONLY"
    assert _error(gzip.compress(b"")).code == "EMPTY_FILE"


def test_invalid_utf8_late_in_a_utf8_file_is_read_as_cp1252_and_reported() -> None:
    data = b"a,b\n" + "é,1\n".encode() * 30_000 + b"caf\xe9,2\n"
    summary = profile_bytes(data)
    assert summary["source"]["encoding"] == "utf-8"
    assert summary["quality_issues"]["encoding"]["fallback"] is True
    assert {"value": "é", "count": 30_000} in summary["columns"]["a"]["top_values"]


def test_broken_utf16() -> None:
    assert _error(b"\xff\xfea\x00,\x00b\x00\n\x00\x00\xd8\n\x00").code == "UNDECODABLE_BYTES"


def _rows(count: int, newline: str = "\n") -> str:
    return "".join(f"{i},row {i}{newline}" for i in range(count))


@pytest.mark.parametrize(
    ("data", "line"),
    [
        # A byte cp1252 leaves undefined, far past the first block (which decided on cp1252).
        (b"a,b\n\xe9,1\n" + _rows(20_000).encode() + b"\x81,y\n" + _rows(10).encode(), 20_003),
        (b"a,b\r\n\xe9,1\r\n" + _rows(20_000, "\r\n").encode() + b"\x81,y\r\n", 20_003),
        # Within the first block, where the encoding is chosen; old Mac line ends (CR) count too.
        (b"a,b\r\xe9,1\r" + _rows(3_000, "\r").encode() + b"\x81,y\r", 3_003),
        # Inside a quoted value that spans lines: the line of the byte, not of the record.
        (b"a,b\n\xe9,1\n" + _rows(9_000).encode() + b'1,"x\ny\n\x81"\n', 9_005),
        # A lone surrogate deep in UTF-16; UTF-32 cut inside its last line feed.
        (("a,b\n" + _rows(5_000)).encode("utf-16") + b"\x00\xd8" + "5,y\n".encode("utf-16-le"), 5_002),
        (("a,b\n" + _rows(5_000)).encode("utf-32")[:-2], 5_001),
        (b"\xff\xfea\x00,\x00b\x00\n\x00\x00\xd8\n\x00", 2),
    ],
    ids=[
        "cp1252",
        "cp1252-crlf",
        "cp1252-cr-first-block",
        "cp1252-quoted",
        "utf-16",
        "utf-32",
        "utf-16-line-2",
    ],
)
def test_undecodable_bytes_are_placed_on_their_own_line(data: bytes, line: int) -> None:
    # The reader counted only the lines it had parsed: the byte on line 20 003 was reported on 19 822.
    error = _error(data)
    assert (error.code, error.where["line"]) == ("UNDECODABLE_BYTES", line)
    assert error.message.startswith(f"Line {line} holds bytes")
    check_error_report(error_report("f.csv", error))


def _bad_unit_after_a_line_end(end: int, codec: str, bad: bytes, newline: str) -> tuple[bytes, int]:
    """Lines ended by `newline` in `codec`, the last of them ending exactly `end` bytes in, then a
    unit `codec` cannot decode; and the line that unit is on."""
    unit = len("x".encode(codec))
    lines = ["a,b" + newline, "\xe9,1" + newline]
    size = sum(map(len, lines))
    while (size + 64) * unit < end:
        lines.append(f"{len(lines)},row{newline}")
        size += len(lines[-1])
    text = "".join(lines)
    text += "p," + "x" * (end // unit - len(text) - 2 - len(newline)) + newline
    data = text.encode(codec)
    assert len(data) == end, (len(data), end)
    return data + bad + f"y,1{newline}z,2{newline}".encode(codec), text.count(newline) + 1


_BLOCK_ENDS = [20 * 8192 - 2, 20 * 8192, 20 * 8192 + 2, 1 << 20, (1 << 20) + 8192]


@pytest.mark.parametrize(
    ("codec", "bad", "newline", "end"),
    [("cp1252", b"\x81", "\r", end) for end in _BLOCK_ENDS]
    + [("utf-16-le", b"\x00\xd8x\x00", "\r", end) for end in _BLOCK_ENDS]
    # A CR+LF cut by a block end: the CR is held back, and the LF after it ends no further line.
    + [("cp1252", b"\x81", "\r\n", end + 1) for end in _BLOCK_ENDS],
)
def test_an_undecodable_unit_just_after_a_line_end_is_on_the_next_line(
    codec: str, bad: bytes, newline: str, end: int
) -> None:
    # The text layer reads 8 KiB at a time and holds a block's last CR back until it knows whether a
    # LF follows: the line that CR ends was not yet counted, and the error was put a line short.
    data, line = _bad_unit_after_a_line_end(end, codec, bad, newline)
    if codec == "utf-16-le":
        data = codecs.BOM_UTF16_LE + data[2:]  # the same length: the block ends stay where they were
    error = _error(data)
    assert (error.code, error.where["line"]) == ("UNDECODABLE_BYTES", line)


def test_too_many_columns() -> None:
    assert (
        _error(b",".join(b"c%d" % i for i in range(50)) + b"\n1\n", max_columns=10).code == "TOO_MANY_COLUMNS"
    )


def test_read_failure_of_the_stream() -> None:
    class Failing(io.RawIOBase):
        def readable(self) -> bool:
            return True

        def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def]
            raise ConnectionError("reset by peer")

    assert _error(Failing()).code == "READ_FAILED"


def test_a_file_that_takes_longer_than_allowed_stops_with_time_limit() -> None:
    """Huge is not bad data, but a Lambda has a timeout: past `time_limit` the read stops with an
    error report (checked once per block), instead of being killed and retried to no end."""
    data = ("a,b\n" + "1,x\n" * 2_000_000).encode()  # 8 MB: 8 blocks of 1 MiB
    with pytest.raises(ProfileError) as caught:
        profile_stream(io.BytesIO(data), "big.csv", ProfileOptions(time_limit=1e-6))
    error = caught.value
    assert error.code == "TIME_LIMIT" and error.where["seconds"] == 1e-6
    assert error.where["byte"] < len(data)  # stopped before the end (here at once: 1 µs)
    check_error_report(error_report("big.csv", error))
    summary = profile_stream(io.BytesIO(data), "big.csv", ProfileOptions(time_limit=600))
    assert summary["row_count"] == 2_000_000
    with pytest.raises(ValueError):
        ProfileOptions(time_limit=0)


@pytest.mark.parametrize("digits", [400, 5000])
def test_integers_too_long_for_a_float_or_for_int_are_text_not_a_crash(digits: int) -> None:
    """400 digits overflowed float(int(...)) and 5 000 digits exceed what int() converts: both
    raised out of the engine. Such a value is a string (as `float()` in the bulk paths reads it:
    infinite), in any chunking and with either decimal separator."""
    huge = "9" * digits
    for chunk_rows in (64, 4096):
        for decimal in (".", ","):
            body = "".join(f"{i};x\n" for i in range(100)) + f"{huge};y\n-{huge};z\n"
            summary = profile_bytes(("n;t\n" + body).encode(), chunk_rows=chunk_rows, decimal=decimal)
            assert summary["schema"]["n"] == "int"
            mismatch = summary["quality_issues"]["type_mismatches"]["n"]
            assert mismatch["count"] == 2 and mismatch["examples"][0]["line"] == 102
    grouped = "1" + ".000" * 1500  # points grouping thousands, 4 501 digits
    summary = profile_bytes(("n;t\n" + "".join(f"{i},5;x\n" for i in range(60)) + f"{grouped};y\n").encode())
    assert summary["source"]["dialect"]["decimal_separator"] == ","
    assert summary["quality_issues"]["type_mismatches"]["n"]["count"] == 1


def test_long_digit_runs_and_space_runs_do_not_make_the_patterns_backtrack() -> None:
    """`[0-9]+\\.?[0-9]*` tried every split of a digit run before failing on a letter (20 000 digits:
    8 s, quadratic), and `.*\\s*` every split of a run of spaces before a line break. This file's
    cells would have taken about a quarter of an hour (extrapolated; the old patterns were still at
    it when the alarm fired); now a fraction of a second. The alarm is a hang guard (60 times the
    time it takes here), not a speed target."""
    import signal

    digits = "9" * 200_000 + "x"
    spaces = '"1' + " " * 200_000 + '\nx"'
    data = f"n,s\n{digits},{spaces}\n1,a\n".encode()

    def hung(*_: object) -> None:
        raise AssertionError("profiling a 400 KB file took over 60 s: a pattern backtracks again")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(60)
    try:
        for decimal in (".", ","):
            summary = profile_bytes(data, decimal=decimal)
            assert summary["schema"] == {"n": "string", "s": "string"}
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _chunk_sizes(monkeypatch: pytest.MonkeyPatch, chunk_bytes: int, step_bytes: int) -> list[int]:
    """Shrink the chunk and step budgets, and record the rows of every chunk the table is fed."""
    from csvpipe.core import profile as profile_module
    from csvpipe.core.table import TableProfile

    monkeypatch.setattr(profile_module, "_CHUNK_BYTES", chunk_bytes)
    monkeypatch.setattr(profile_module, "_STEP_BYTES", step_bytes)
    sizes: list[int] = []
    real_add = TableProfile.add_rows

    def counting(self: TableProfile, rows: list[list[str]], lines: object, **flags: bool) -> None:
        sizes.append(len(rows))
        real_add(self, rows, lines, **flags)  # type: ignore[arg-type]

    monkeypatch.setattr(TableProfile, "add_rows", counting)
    return sizes


def _peak_bytes(data: bytes, **options: int) -> tuple[dict, int]:
    tracemalloc.start()
    try:
        summary = profile_bytes(data, **options)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return summary, peak


def test_rows_of_long_text_are_taken_a_few_at_a_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """A chunk was 4 096 rows whatever their size: rows of 100 KB made a 200 MB file one chunk (600 MB
    peak RSS). A chunk is read a few rows at a time until the reading has passed _CHUNK_BYTES (here
    1 MiB), and a column's kept distinct strings stop at DistinctSketch.ITEM_CHARS."""
    sizes = _chunk_sizes(monkeypatch, 1 << 20, 1 << 18)
    text = "x" * 50_000
    data = ("id,html\n" + "".join(f"{i},{text}{i}\n" for i in range(400))).encode()  # 20 MB
    summary, peak = _peak_bytes(data, duplicate_rows_memory=2_000_000)
    assert summary["row_count"] == 400 and sum(sizes) == 400
    # 1 MiB of budget, the step that passes it and up to a read-ahead buffer (1 MiB): 21 + 4 + 21 rows.
    assert max(sizes) <= 46 and len(sizes) >= 8
    html = summary["columns"]["html"]
    assert html["distinct_exact"] is False and html["distinct"] == 400  # hashed, not kept
    assert peak < 16 * 1024 * 1024  # the file is 20 MB; one 4 096-row chunk held all of it


def test_rows_that_grow_from_tiny_to_long_do_not_fill_a_chunk(monkeypatch: pytest.MonkeyPatch) -> None:
    """The chunk size used to be judged from the chunk before: after thousands of tiny rows a chunk
    of 4 096 rows took every long row that followed (here 30 MB in one chunk)."""
    sizes = _chunk_sizes(monkeypatch, 1 << 20, 1 << 18)
    tiny = "".join(f"{i},x\n" for i in range(5_000))
    long_rows = "".join(f"{i},{'y' * 500_000}{i}\n" for i in range(60))
    summary, peak = _peak_bytes(("id,html\n" + tiny + long_rows).encode(), duplicate_rows_memory=2_000_000)
    assert summary["row_count"] == 5_060 and sum(sizes) == 5_060
    assert peak < 12 * 1024 * 1024


def test_records_of_many_tiny_fields_are_cut_as_they_are_read(monkeypatch: pytest.MonkeyPatch) -> None:
    """A two-column header, then 60 lines of 33 000 two-character fields: a field costs 59 bytes of
    memory for its 3 bytes of text, and a chunk held every field of its records until they were cut
    to the header's width (200 MB of such lines peaked at 860 MB RSS). Now each step's records are cut
    as they are read, the last field kept (an open quote's end-of-file marker is found there)."""
    sizes = _chunk_sizes(monkeypatch, 2 << 20, 1 << 18)
    line = ",".join(["12"] * 33_000)
    data = ("a,b\n" + "1,2\n" * 3 + f"{line}\n" * 60 + '3,"4\n').encode()
    error = _error(data, max_line_bytes=128 * 1024)  # the quote left open at the end is still found
    assert error.code == "UNTERMINATED_QUOTE" and error.where == {"line": 65}
    summary, peak = _peak_bytes(data[: data.rindex(b'3,"')], max_line_bytes=128 * 1024)
    assert summary["row_count"] == 63 and sum(sizes) >= 63
    assert summary["quality_issues"]["ragged_rows"]["too_many_fields"]["count"] == 60
    assert summary["statistics"]["b"]["max"] == 12  # the second field of each long record
    assert peak < 24 * 1024 * 1024  # a 2 MiB chunk of whole records: about 45 MB


def test_repeated_long_cells_are_counted_in_bounded_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    """Top values held whole cells: 64 long cells, each twice, were all kept (4 MB each in the
    512 MB file that showed it; 200 KB here). Now a long cell is counted under a short stand-in
    that still shows its start and length, and a mismatch example keeps no more."""
    _chunk_sizes(monkeypatch, 1 << 20, 1 << 18)
    rows = "".join(f"{i:04d}{'x' * 200_000}\n" * 2 for i in range(64))
    summary, peak = _peak_bytes(("blob\n" + rows).encode(), duplicate_rows_memory=1_000_000)
    top = summary["columns"]["blob"]["top_values"]
    assert len(top) == 10 and all(entry["count"] == 2 and entry["length"] == 200_004 for entry in top)
    assert [entry["value"][:4] for entry in top] == [f"{i:04d}" for i in range(10)]
    assert peak < 8 * 1024 * 1024  # 64 kept cells alone are 12.8 MB


def test_long_typed_looking_cells_are_not_cached(monkeypatch: pytest.MonkeyPatch) -> None:
    """Classification results are cached per text; caching digit strings of 100 000 characters held
    every one of them (up to 8 192)."""
    _chunk_sizes(monkeypatch, 1 << 20, 1 << 18)
    rows = "".join(f"{i}{'7' * 100_000}\nabc\n" for i in range(120))
    summary, peak = _peak_bytes(("n\n" + rows).encode(), duplicate_rows_memory=1_000_000)
    assert summary["schema"]["n"] == "string" and summary["columns"]["n"]["distinct"] == 121
    assert peak < 8 * 1024 * 1024  # the cells are 12 MB


def test_long_cells_are_cut_where_a_summary_shows_them() -> None:
    """Top values and mismatch examples show a cell's first 200 characters and its full length: a
    column of 100 KB cells would otherwise put megabytes into every summary."""
    long_text = "<p>" + "x" * 5_000 + "</p>"
    rows = [f"{i},{long_text if i % 2 else 'short'}" for i in range(60)] + [f"{'9' * 300}x,y"]
    summary = profile_bytes(("n,html\n" + "\n".join(rows) + "\n").encode())
    top = summary["columns"]["html"]["top_values"]
    assert {"value": long_text[:200], "length": len(long_text), "truncated": True, "count": 30} in top
    assert {"value": "short", "count": 30} in top
    (example,) = summary["quality_issues"]["type_mismatches"]["n"]["examples"]
    assert example == {"value": ("9" * 300 + "x")[:200], "length": 301, "truncated": True, "line": 62}


@pytest.mark.parametrize("encoding", ["utf-16", "utf-32"])
@pytest.mark.parametrize("rows_before", [1, 40_000])  # in the first block (the sample), and far after it
def test_nul_characters_in_utf16_or_utf32_text_are_refused(encoding: str, rows_before: int) -> None:
    """The guard looks for NUL bytes, which UTF-16/32 are full of, so U+0000 got into cells there: the
    engine joins texts with NUL (duplicate rows, kept long texts), and a line holding its end-of-file
    marker made it drop every row after it without a word."""
    text = "a,b\n" + "1,2\n" * rows_before + "\x00csvpipe-end-of-file\x00\n" + "3,4\n" * 10
    error = _error(text.encode(encoding))
    assert error.code == "NUL_BYTES" and error.where == {"line": rows_before + 2}


def test_utf16_text_without_nul_characters_is_profiled() -> None:
    summary = profile_bytes(("a,b\n" + "1,x\n" * 40_000).encode("utf-16"))
    assert summary["row_count"] == 40_000 and summary["source"]["encoding"] == "utf-16"


def _long_and_repeated_rows(chunk: int) -> list[list[str]]:
    return [[f"{chunk}-{i}-" + "x" * 100_000] for i in range(6)] + [["a"]] * 6


@pytest.mark.parametrize("keep_lines", [False, True])
def test_the_duplicate_row_store_counts_the_texts_it_keeps(keep_lines: bool) -> None:
    """The store's memory was estimated from each chunk's mean row length: when the long rows are
    distinct and the short ones repeat, it kept twice its budget (a 300 MB file of 1 MB and 3-byte
    rows: 293 MB traced for 64 MB). Now the kept texts' own lengths count, in every path."""
    from csvpipe.core.table import DuplicateRows

    store = DuplicateRows(1_000_000, keep_lines=keep_lines, memory=10_000_000)
    for chunk in range(3):
        store.add(_long_and_repeated_rows(chunk), range(chunk * 12 + 2, chunk * 12 + 14))
        kept = store.stored()
        assert kept is not None
        assert store.stored_bytes == len(kept) * store.ROW_OVERHEAD + sum(map(len, kept))
    assert store.count == 17  # the short row: 18 times, stored once

    small = DuplicateRows(1_000_000, keep_lines=keep_lines, memory=1_000_000)
    for chunk in range(2):
        small.add(_long_and_repeated_rows(chunk), range(chunk * 12 + 2, chunk * 12 + 14))
    assert not small.exact  # 1.2 MB of distinct long rows passed the 1 MB budget


@pytest.mark.parametrize("their_lines", [False, True])
@pytest.mark.parametrize("from_a_worker", [False, True])  # pickled: its texts come back joined
def test_merged_duplicate_row_stores_count_the_texts_they_keep(
    their_lines: bool, from_a_worker: bool
) -> None:
    """A merge added the other store's bytes in proportion to the share of its rows that were new."""
    import pickle

    from csvpipe.core.table import DuplicateRows

    first = DuplicateRows(1_000_000, memory=10_000_000)
    first.add(_long_and_repeated_rows(0), range(2, 14))
    later = DuplicateRows(1_000_000, keep_lines=their_lines, memory=10_000_000)
    later.add([*_long_and_repeated_rows(1), ["0-0-" + "x" * 100_000]], range(14, 27))
    if from_a_worker:
        later = pickle.loads(pickle.dumps(later))
        assert later.packed is not None
    first.merge(later, 0)
    kept = first.stored()
    assert kept is not None and len(kept) == 13
    assert first.stored_bytes == len(kept) * first.ROW_OVERHEAD + sum(map(len, kept))


def test_spilled_rows_are_encoded_a_few_megabytes_at_a_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """Past its budget the store encodes its texts to fingerprint them: 65 536 texts a batch took a
    store of 1 MB rows all at once (its memory twice over)."""
    from csvpipe.core import table

    batches: list[int] = []
    real = table.fingerprints

    def spy(items: list[bytes]) -> list[int]:
        batches.append(sum(map(len, items)))
        return real(items)

    monkeypatch.setattr(table, "fingerprints", spy)
    texts = [f"{i}" + "x" * 1_000_000 for i in range(20)]
    found = table._fingerprint_all(texts, sum(map(len, texts)))
    assert len(found) == 20 and sum(batches) == sum(map(len, texts))
    assert max(batches) <= 8_100_000


def test_wide_tables_share_the_memory_of_their_distinct_sketches() -> None:
    """2 000 columns of random numbers took 654 MB of RSS with k = 2 048 in every column (a 119 MB
    file; the Lambda has 512 MB): the columns now share ProfileOptions.distinct_hashes (2^20) and
    128 characters of kept strings per hash."""
    from csvpipe.core.sketches import DistinctSketch
    from csvpipe.core.table import distinct_budget

    assert distinct_budget(2048, 300) == (2048, DistinctSketch.ITEM_CHARS)  # as before
    k, chars = distinct_budget(2048, 2000)
    assert k == (1 << 20) // 2000 and 16 * 1024 <= chars < DistinctSketch.ITEM_CHARS
    assert distinct_budget(2048, 10_000_000) == (64, 16 * 1024)  # never below these
    assert distinct_budget(100, 3)[0] == 100  # never above the option
    assert distinct_budget(2048, 300, hashes=300_000) == (1000, 128_000)  # a smaller shared budget


def test_a_wide_table_states_the_wider_error_of_its_smaller_sketches() -> None:
    rows = "".join(",".join(str(row * 10 + column) for column in range(10)) + "\n" for row in range(600))
    data = ("".join(f"c{i}," for i in range(9)) + "c9\n" + rows).encode()
    summary = profile_bytes(data, distinct_hashes=2_000)  # 10 columns: k = 200
    for column in summary["columns"].values():
        assert column["distinct_exact"] is False and column["distinct_relative_error"] == 0.071  # 1/√198
        assert abs(column["distinct"] - 600) <= 4 * 0.071 * 600


def test_an_estimated_distinct_count_never_exceeds_the_values() -> None:
    """KMV can overshoot (6 045 distinct among 6 000 values was printed); the count is capped."""
    over = 0
    for n in range(20, 400, 13):
        data = ("n\n" + "".join(f"{i * 7919}\n" for i in range(n))).encode()
        column = profile_bytes(data, distinct_exact_limit=8)
        assert column["columns"]["n"]["distinct"] <= n
        over += column["columns"]["n"]["distinct"] == n
    assert over  # some estimates were capped (the raw estimate overshoots for a few n)


@pytest.mark.parametrize(
    ("data", "said", "line"),
    [
        (b'[{"a": 1, "b": "x"},\n {"a": 2, "b": "y"}]\n', "This is JSON (or JSON Lines), not a CSV", 1),
        (b'{"a":1,"b":2}\n{"a":3,"b":4}\n', "This is JSON (or JSON Lines)", 1),
        (b'\n\n{\n  "rinf": 0.5,\n  "rsup": 50\n}\n', "This is JSON", 3),
        (codecs.BOM_UTF8 + b"[[1, 2], [3, 4]]", "This is JSON", 1),
        ('{"ü": 1}\n'.encode("utf-16"), "This is JSON", 1),
        (
            b'<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n<title>404</title>\n',
            "This is an HTML page, not a CSV; it may be a web page saved in place of the file",
            1,
        ),
        (b"  <html lang=en><body><table><tr><td>1</td></tr></table></body></html>", "an HTML page", 1),
        (b'<?xml version="1.0"?>\n<rows><row a="1"/></rows>\n', "This is an XML document, not a CSV", 1),
        (
            b"<table border=1><tr><td>id</td><td>name</td></tr></table>\n",
            "an HTML page",
            1,
        ),  # a web app's ".xls"
        (b'<ul class="nav">\n\t<li>a</li>\n</ul>\n', "an HTML page", 1),
    ],
    ids=[
        "json",
        "json-lines",
        "pretty-json-after-blank-lines",
        "json-with-bom",
        "json-utf16",
        "html-404",
        "html",
        "xml",
        "html-table",
        "html-fragment",
    ],
)
def test_json_html_and_xml_are_named_not_read_as_a_table(data: bytes, said: str, line: int) -> None:
    # A CSV reader makes a table of any text: a JSON Lines file read as columns named `{"a":1`, and a
    # 404 page saved in place of a download (one of the real files swept) as a table of tags.
    error = _error(data)
    assert error.code == "OTHER_TEXT_FORMAT" and said in error.message and error.where == {"line": line}


@pytest.mark.parametrize(
    "data",
    [
        b"[Date],[Value]\n2024-01-31,1\n",  # SQL Server's bracketed names
        b"{id},{name}\n1,a\n",
        b"<id>,<name>\n1,a\n",
        b'"{""a"": 1}",x\n"{""a"": 2}",y\n',  # a quoted JSON value in a CSV
        b"html,body\n1,2\n",
    ],
    ids=["sql-server-brackets", "braces", "angle-brackets", "quoted-json", "words"],
)
def test_csv_that_starts_with_a_bracket_is_still_read(data: bytes) -> None:
    assert profile_bytes(data)["row_count"] >= 1


def _tar_of(name: str, data: bytes) -> bytes:
    import tarfile

    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w") as archive:
        info = tarfile.TarInfo(name)
        info.size = len(data)
        archive.addfile(info, io.BytesIO(data))
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "said"),
    [
        (_tar_of("a.csv", b"a,b\n1,2\n"), "This is a tar archive, not a CSV; extract the CSV"),
        (gzip.compress(_tar_of("a.csv", b"a,b\n1,2\n")), "This is a tar archive"),
        (b"\x89HDF\r\n\x1a\n" + bytes(600), "This looks like an HDF5 file"),
        (b"Obj\x01\x04\x14avro.codec\x08null" + bytes(300), "This looks like an Avro file"),
        (b"ARROW1\x00\x00" + bytes(300), "This looks like an Arrow or Feather file"),
        (b"\x93NUMPY\x01\x00v\x00{'descr': '<f8'}" + bytes(100), "This looks like a NumPy array file"),
        (b"$FL2@(#) IBM SPSS STATISTICS" + bytes(300), "This looks like an SPSS data file"),
        (b"<stata_dta><header><release>118</release>" + bytes(300), "This looks like a Stata data file"),
        (gzip.compress(b"RDX3\nX\n\x00\x00\x00\x03" + bytes(100)), "This looks like an R data file"),
        (b"\x00\x01\x00\x00Standard ACE DB\x00" + bytes(300), "This looks like a Microsoft Access database"),
        (zipped(("[Content_Types].xml", b"<T/>"), ("word/document.xml", b"<w/>")), "This is a Word document"),
        (zipped(("[Content_Types].xml", b"<T/>"), ("ppt/presentation.xml", b"<p/>")), "a PowerPoint"),
        (zipped(("Index/Document.iwa", b"\x00\x01"), ("Metadata/x.plist", b"<p/>")), "an Apple Numbers file"),
        (
            b'"TOB1","Mast","CR1000","4821","OS","CPU:MAST.CR1","20817","Table10min"\r\n'
            b'"SECONDS","NANOSECONDS","RECORD","AirTC_Avg"\r\n"SECONDS","NANOSECONDS","RN","Deg C"\r\n'
            b'"","","","Avg"\r\n"ULONG","ULONG","ULONG","FP2"\r\n'
            + bytes([0x12, 0x9A, 0x3F, 0x41, 0, 0, 0, 0] * 40),
            "This looks like a Campbell Scientific binary table (TOB1; LoggerNet's CardConvert writes it as TOA5)",  # noqa: E501
        ),
    ],
    ids=[
        "tar",
        "tar-gz",
        "hdf5",
        "avro",
        "arrow",
        "numpy",
        "spss",
        "stata",
        "rdata",
        "access",
        "docx",
        "pptx",
        "numbers",
        "campbell-tob1",
    ],
)
def test_other_data_files_are_named_for_what_they_are(data: bytes, said: str) -> None:
    # Until 2026-11-27 most of these were "97.9 % NUL bytes ... an incompletely copied file?" or
    # "binary data": true, but no help in finding what was uploaded instead of the CSV.
    error = _error(data)
    assert error.code == "BINARY_INPUT" and said in error.message and len(error.message) < 200


@pytest.mark.parametrize("hint", ["-", "e", "c", "p"])
def test_an_excel_hint_naming_any_character_reads_to_the_end(hint: str) -> None:
    # Found by `make fuzz-engine` (2026-11-28): `sep=-` split the scan's end marker, then a word with
    # dashes, into a row whose cells crashed the summary (ValueError in texts.shown).
    text = f"sep={hint}\r\nDa2024;1,5V12%olts0\r\n01.02.2024;\r\n"
    summary = profile_bytes(text.encode())
    assert summary["source"]["dialect"]["delimiter"] == hint and summary["row_count"] == 1
