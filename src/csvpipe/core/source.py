"""From a binary stream to a text stream: decompression, binary sniffing, encoding, guards.

The first block is read once to decide everything (gzip, bzip2 or xz magic, known binary formats,
BOM, UTF-8 or cp1252) and then replayed in front of the rest of the stream, so nothing needs `seek`
(S3 bodies cannot). A guard sits under the text layer and stops NUL bytes and overlong lines at C
speed, block by block, before they reach the csv module.
"""

from __future__ import annotations

import codecs
import io
import re
import time
from contextvars import ContextVar

from csvpipe.core.errors import (
    BAD_COMPRESSED_DATA,
    BAD_GZIP,
    BINARY_INPUT,
    EMPTY_FILE,
    LINE_TOO_LONG,
    NUL_BYTES,
    OTHER_TEXT_FORMAT,
    READ_FAILED,
    TIME_LIMIT,
    UNDECODABLE_BYTES,
    ProfileError,
)

TYPE_CHECKING = False  # typing costs milliseconds at import; mypy still reads the block below
if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator
    from typing import Any, BinaryIO

SAMPLE_BYTES = 64 * 1024
BLOCK_BYTES = 1024 * 1024
_NO_FENCE = 1 << 62

# Magic numbers of formats people upload by mistake instead of a CSV.
_BINARY_MAGIC = (
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"PAR1", "a Parquet file"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"\xd0\xcf\x11\xe0", "an old Office document (.xls)"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"\x7fELF", "an executable"),
    # Data files of analysis tools, which a zero-filled file's message ("an incompletely copied
    # file?") or "binary data" described until 2026-11-27.
    (b"\x89HDF\r\n\x1a\n", "an HDF5 file"),
    (b"Obj\x01", "an Avro file"),
    (b"ARROW1\x00\x00", "an Arrow or Feather file"),
    (b"\x93NUMPY", "a NumPy array file"),
    (b"$FL2@(#)", "an SPSS data file"),
    (b"$FL3@(#)", "an SPSS data file"),
    (b"<stata_dta>", "a Stata data file"),
    (b"RDX2\nX\n", "an R data file"),
    (b"RDX3\nX\n", "an R data file"),
    (b"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\xc2\xea\x81\x60\xb3\x14\x11\xcf", "a SAS data file"),
    (b"\x00\x01\x00\x00Standard Jet DB", "a Microsoft Access database"),
    (b"\x00\x01\x00\x00Standard ACE DB", "a Microsoft Access database"),
    # A Campbell Scientific logger's binary table: five lines of quoted ASCII header, then binary rows.
    (b'"TOB1",', "a Campbell Scientific binary table (TOB1; LoggerNet's CardConvert writes it as TOA5)"),
)
_TAR_MAGIC = b"ustar"  # at byte 257 of a tar archive's first header
# The starts of text formats that are not tables (see _reject_other_text).
_JSON_START = re.compile(r"\{\s*(?:\"|\}|\Z)|\[\s*(?:\{|\[|\]|\Z)")
_MARKUP_START = re.compile(
    r"<(\?xml|!doctype|html|head|body|!--|svg|rss|feed|table|div|span|ul|ol|form|meta|script|style)\b",
    re.IGNORECASE,
)
_LEADING_SPACE = " \t\r\n\ufeff"
_GZIP_MAGIC = b"\x1f\x8b"
_ZIP_MAGIC = b"PK\x03\x04"
_EMPTY_ZIP_MAGIC = b"PK\x05\x06"  # an archive of no entries is its end record alone
_XZ_MAGIC = b"\xfd7zXZ\x00"
# A bzip2 stream: "BZh", the block size (1-9), then a block's magic (π's digits) or, when empty, the
# end-of-stream magic (√π's): a text line that starts with "BZh" is no archive.
_BZIP2_BLOCKS = (b"1AY&SY", b"\x17rE8P\x90")
_WIDE_CODECS = ("utf-16", "utf-32")
# Control bytes that never occur in text (tab, LF, CR, form feed and escape excluded).
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27))

FALLBACK_ERRORS = "csvpipe.cp1252"
_fallback_log: ContextVar[list[int] | None] = ContextVar("csvpipe_fallback_log", default=None)


def _decode_as_cp1252(exc: UnicodeError) -> tuple[str, int]:
    """Error handler: bytes that are not UTF-8 inside a UTF-8 file are read as cp1252 and counted."""
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    bad = exc.object[exc.start : exc.end]
    log = _fallback_log.get()
    if log is not None:
        log[0] += len(bad)
    return bad.decode("cp1252", errors="replace"), exc.end


codecs.register_error(FALLBACK_ERRORS, _decode_as_cp1252)


class Source:
    """The decoded text stream and what was learned on the way.

    `sample` is the first block decoded and cut at a line end (for dialect detection); `fallback`
    says why the encoding is a fallback, if it is.
    """

    def __init__(
        self,
        text: io.TextIOWrapper,
        buffer: io.BufferedReader[Guard],
        sample: str,
        encoding: str,
        compression: str | None,
        fallback: str | None,
        guard: Guard,
        codec: str,
    ) -> None:
        self.text = text
        self.buffer = buffer  # the text layer's: where its reads have reached
        self.codec = codec
        self.sample = sample
        self.encoding = encoding
        self.compression = compression
        self.fallback = fallback
        self.guard = guard
        # UTF-16/32 bytes hold zeros, so the guard cannot look for NUL there: the text is checked.
        self.wide = codec.startswith(_WIDE_CODECS)

    def undecodable_line(self, error: UnicodeDecodeError, lines_read: int) -> int:
        """The line that holds the first byte `error` could not decode, after `lines_read` whole lines.

        The text layer reads more bytes only when it holds no whole line, so the text it had decoded
        but not handed out is the start of the next line, and `error.object` is the block it was
        decoding (after at most a few bytes of a character cut by the block before: no line break).
        Counting the reader's lines alone put a bad byte on line 19 822 that was on line 20 003.
        A lone CR (old Mac line ends) just before the block ends a line the text layer has not
        handed out: it holds the CR back until it knows whether a LF follows (until 2026-11-27 such
        an error was put one line short). The block is the text layer's last read from the buffer,
        so it ends at the buffer's position.
        """
        codec = self.codec if error.encoding == "charmap" else error.encoding  # utf-16-le, not utf-16
        try:
            before = error.object[: error.start].decode(codec, "replace")
            cr = "\r".encode(codec)
        except LookupError:
            before, cr = "", b""
        start = self.buffer.tell() - len(error.object)
        held_back = bool(cr) and self.guard.bytes_before(start, len(cr)) == cr
        return lines_read + 1 + line_breaks(before) + (held_back and not before.startswith("\n"))

    def lines(self, first_line: int) -> Iterator[str]:
        """The text's lines from here on (`first_line` is the next one's number). In UTF-16/32 text a
        line holding U+0000 raises NUL_BYTES, as a NUL byte does in other files: the engine relies on
        NUL never being in a cell (it joins texts with it), and no CSV holds it."""
        if not self.wide:
            return iter(self.text)
        return _refuse_nul(self.text, first_line)


def _refuse_nul(lines: Iterable[str], first_line: int) -> Iterator[str]:
    for number, line in enumerate(lines, first_line):
        if "\x00" in line:
            raise _nul_characters(number)
        yield line


def line_breaks(text: str) -> int:
    """Line breaks in `text` as the text layer splits lines: LF, CR, or CR+LF counted once."""
    return text.count("\n") + text.count("\r") - text.count("\r\n")


def _nul_characters(line: int) -> ProfileError:
    return ProfileError(
        NUL_BYTES,
        "The file contains NUL characters, so it is not a text CSV; export it again as UTF-8 text.",
        {"line": line},
    )


class Guard(io.RawIOBase):
    """Replays `head`, then reads `rest`; rejects NUL bytes and overlong lines as they stream past, and
    ends steps of records and overlong records at the fences the scan sets (`fence`)."""

    def __init__(
        self,
        head: bytes,
        rest: Any,
        *,
        check_nul: bool,
        max_line: int,
        compression: str | None,
        time_limit: float | None = None,
    ) -> None:
        super().__init__()
        self._time_limit = time_limit
        self._deadline = None if time_limit is None else time.monotonic() + time_limit
        self._head = head
        self._rest = rest
        self._check_nul = check_nul
        self._max_line = max_line
        self._block = min(BLOCK_BYTES, max(max_line, 1))
        self._run = 0  # bytes since the last line break
        self._compression = compression
        self.position = 0  # bytes handed out so far (decompressed, if the file is compressed)
        self._soft = _NO_FENCE  # see fence()
        self._hard = _NO_FENCE
        self._tokens: list[None] | None = None
        # The block handed out last, where it starts, and the few bytes before it (see bytes_before).
        self._current = b""
        self._current_start = 0
        self._tail = b""

    def tell(self) -> int:
        """Bytes handed out so far: lets the buffer above say where the text layer has read to."""
        return self.position

    def bytes_before(self, position: int, count: int) -> bytes:
        """The `count` (≤ 4) bytes before `position`, if they are in the last block handed out or
        just before it (where the text layer's last read began); else fewer."""
        known = self._tail + self._current
        end = position - (self._current_start - len(self._tail))
        return known[max(0, end - count) : max(0, end)]

    def fence(self, soft: int, tokens: list[None] | None = None) -> None:
        """Bound the records read from here on. Once `position` reaches `soft`, `tokens` is emptied: a
        list iterator over it ends at its next step, which stops a `zip(iter(tokens), reader)` between
        two records at C speed (profile._next_chunk). A record admitted before `soft` ends within
        `max_line` bytes plus the read-ahead unless it is longer than the line limit (its quoted values
        span lines): past that the reading stops with LINE_TOO_LONG, so no record is ever held whole
        however its lines are cut (a test per record in Python cost 4 % of the UN file's time)."""
        self._soft = soft
        self._hard = soft + self._max_line + 2 * self._block
        self._tokens = tokens

    def readable(self) -> bool:
        return True

    def _next_block(self, size: int) -> bytes:
        if self._head:
            data, self._head = self._head[:size], self._head[size:]
            return data
        if self._rest is None:
            return b""
        try:
            return bytes(self._rest.read(size))
        except (ProfileError, MemoryError):  # out of memory is not a failed read: the caller says so
            raise
        except Exception as exc:  # the underlying stream failed: corrupt compressed data, network, ...
            raise _read_failed(exc, self._compression, self.position) from None

    def readinto(self, buffer: Any) -> int:
        if self._deadline is not None and time.monotonic() > self._deadline:
            raise ProfileError(
                TIME_LIMIT,
                f"Profiling stopped after {self._time_limit:g} s, the time it may take here, "
                f"{self.position} bytes into the file; split the file or allow more time "
                "(the function's timeout).",
                {"byte": self.position, "seconds": self._time_limit},
            )
        data = self._next_block(min(len(buffer), self._block))
        if not data:
            return 0
        self._inspect(data)
        self._tail = (self._tail + self._current[-4:])[-4:]
        self._current, self._current_start = data, self.position
        buffer[: len(data)] = data
        self.position += len(data)
        if self.position >= self._soft:
            self._past_soft_fence()
        return len(data)

    def _past_soft_fence(self) -> None:
        if self._tokens:
            self._tokens.clear()
        if self.position > self._hard:
            raise ProfileError(
                LINE_TOO_LONG,
                f"A record is longer than {self._max_line} bytes (its quoted values span lines); is a "
                "quote left open? Fix the quoting or raise the line limit.",
                {"byte": self.position},
            )

    def _inspect(self, data: bytes) -> None:
        if self._check_nul:
            nul = data.find(b"\x00")
            if nul >= 0:
                raise ProfileError(
                    NUL_BYTES,
                    "The file contains NUL bytes, so it is not a text CSV; export it again as UTF-8 text.",
                    {"byte": self.position + nul},
                )
        last = max(data.rfind(b"\n"), data.rfind(b"\r"))
        if last < 0:
            self._run += len(data)
            first = len(data)
        else:
            first = min(i for i in (data.find(b"\n"), data.find(b"\r")) if i >= 0)
            self._run += first
        if self._run > self._max_line:
            raise ProfileError(
                LINE_TOO_LONG,
                f"A line is longer than {self._max_line} bytes; is this really a CSV? "
                "Split the line or raise the line limit.",
                {"byte": self.position + first - self._run + self._max_line},
            )
        if last >= 0:
            self._run = len(data) - last - 1


def _read_up_to(stream: Any, size: int) -> bytes:
    parts: list[bytes] = []
    got = 0
    while got < size:
        part = stream.read(size - got)
        if not part:
            break
        parts.append(bytes(part))
        got += len(part)
    return b"".join(parts)


class _Replay:
    """A minimal file object for GzipFile: `head` first, then `rest`."""

    def __init__(self, head: bytes, rest: Any) -> None:
        self._head = head
        self._rest = rest

    def read(self, size: int = -1) -> bytes:
        if self._head:
            if size < 0:
                data, self._head = self._head, b""
                return data + bytes(self._rest.read())
            data, self._head = self._head[:size], self._head[size:]
            return data
        return bytes(self._rest.read(size))


def _safe_read(stream: Any, size: int, compression: str | None) -> bytes:
    try:
        return _read_up_to(stream, size)
    except (ProfileError, MemoryError):  # a refusal from the archive reader, or out of memory
        raise
    except Exception as exc:
        raise _read_failed(exc, compression, 0) from None


def _read_failed(exc: Exception, compression: str | None, position: int) -> ProfileError:
    """A failed read of the input (`position`: decompressed bytes read before), named after what
    was read: corrupt compressed data, or the stream itself (a network error reaches us the same
    way through a decompressor). gzip keeps its own code, older than the others."""
    if compression is None:
        code, what = READ_FAILED, "Reading the input failed"
    else:
        code = BAD_GZIP if compression == "gzip" else BAD_COMPRESSED_DATA
        what = f"The {compression} data is corrupt or truncated"
    detail = str(exc) if compression == "zip" and str(exc) else type(exc).__name__  # ziparchive's say where
    return ProfileError(code, f"{what} ({detail}); upload the file again.", {"byte": position})


def compression_of(head: bytes) -> str | None:
    """The compression the file's first bytes announce: "gzip", "bzip2", "xz", "zip" or None."""
    if head.startswith(_GZIP_MAGIC):
        return "gzip"
    if head.startswith((_ZIP_MAGIC, _EMPTY_ZIP_MAGIC)):
        return "zip"
    if head.startswith(b"BZh") and head[3:4].isdigit() and head[3:4] != b"0" and head[4:10] in _BZIP2_BLOCKS:
        return "bzip2"
    if head.startswith(_XZ_MAGIC):
        return "xz"
    return None


def _decompressing(compression: str, head: bytes, stream: Any) -> Any:
    """A reader of the decompressed bytes, `head` read first; its module is imported only now (none
    is needed for a plain file: cold start). A Python built without the module's C library (no
    liblzma, no libbz2) cannot read the format: then the file is refused with a plain reason."""
    replay = _Replay(head, stream)
    if compression == "zip":
        refusal = _document_refusal(head)
        if refusal is not None:
            raise ProfileError(BINARY_INPUT, refusal, {"byte": 0})
        from csvpipe.core.ziparchive import ZipMember

        return ZipMember(replay)
    try:
        if compression == "gzip":
            import gzip

            return gzip.GzipFile(fileobj=replay, mode="rb")  # type: ignore[call-overload]
        if compression == "bzip2":
            import bz2

            return bz2.BZ2File(replay)  # type: ignore[call-overload]
        import lzma

        return lzma.LZMAFile(replay)  # type: ignore[arg-type]
    except ImportError:
        raise ProfileError(
            BINARY_INPUT,
            f"This file is {compression}-compressed, which this Python cannot decompress; "
            "upload it uncompressed or gzip-compressed.",
            {"byte": 0},
        ) from None


def _reject_binary(head: bytes) -> None:
    if head.startswith(_ZIP_MAGIC):
        raise ProfileError(BINARY_INPUT, _zip_refusal(head), {"byte": 0})
    for magic, what in _BINARY_MAGIC:
        if head.startswith(magic):
            raise ProfileError(
                BINARY_INPUT, f"This looks like {what}, not a CSV; export the data as CSV.", {"byte": 0}
            )
    if head[257:262] == _TAR_MAGIC:
        raise ProfileError(
            BINARY_INPUT,
            "This is a tar archive, not a CSV; extract the CSV from it and upload that (or a ZIP of one).",
            {"byte": 0},
        )
    control = len(head) - len(head.translate(None, _CONTROL))
    if control > max(8, len(head) // 20):
        zeros = head.count(0)
        if zeros * 5 >= len(head) * 4:
            # A zero-filled file (a copy cut short, a disk error) was called "UTF-16 text without a
            # byte-order mark": both byte lanes are zero, not one.
            first = head.find(0)
            raise ProfileError(
                NUL_BYTES,
                f"{_percent(zeros, len(head))} of the file's first {len(head):,} bytes are NUL bytes, "
                "so it is not a text CSV (a zero-filled or incompletely copied file?); "
                "upload the complete file again.",
                {"byte": first, "line": _line_at(head, first)},
            )
        if len(head) >= 8 and max(head[0::2].count(0), head[1::2].count(0)) * 2 >= len(head) * 0.8:
            order = "utf-16-le" if head[1::2].count(0) >= head[0::2].count(0) else "utf-16-be"
            raise ProfileError(
                BINARY_INPUT,
                "This looks like UTF-16 text without a byte-order mark; save it as UTF-8 or UTF-16 with "
                f"BOM, or name its encoding, {order} (csvpipe profile or upload --encoding {order}).",
                {"byte": 0},
            )
        raise ProfileError(
            BINARY_INPUT,
            "This looks like binary data, not a CSV (many control bytes); export the data as CSV.",
            {"byte": 0},
        )
    nul = head.find(b"\x00")
    if nul >= 0:
        raise ProfileError(
            NUL_BYTES,
            "The file contains NUL bytes, so it is not a text CSV; export it again as UTF-8 text.",
            {"byte": nul, "line": _line_at(head, nul)},
        )


def _reject_other_text(sample: str) -> None:
    """JSON, HTML and XML are text, so no magic bytes give them away, and a CSV reader makes a table
    of anything: a JSON Lines file became a table of `{"a":1` columns, and a 404 page saved in place
    of a download a table of tags. Their first characters do give them away, and no CSV starts so:
    an object's opening `{"` or `{}`, an array of objects or arrays `[{` `[[` (a SQL Server header
    `[Date],[Value]` is not one), a tag such as `<?xml`, `<!DOCTYPE`, `<html>`, `<table>`. Of the
    6 897 real files swept, exactly the six that are these formats start so (docs/engine.md)."""
    head = sample[:512]
    start = head.lstrip(_LEADING_SPACE)
    if start[:1] not in ("{", "[", "<"):
        return
    what = None
    if _JSON_START.match(start):
        what = "JSON (or JSON Lines)"
        advice = "convert it to CSV and upload that"
    elif found := _MARKUP_START.match(start):
        tag = found.group(1).lower()
        if (
            tag not in ("?xml", "!doctype", "!--", "svg", "rss", "feed")
            or start[:14].lower() == "<!doctype html"
        ):
            what = "an HTML page"
            advice = (
                "it may be a web page saved in place of the file it links to, or an error or sign-in "
                "page; download the CSV itself and upload that"
            )
        else:
            what = "an XML document" if tag != "!--" else "an HTML or XML document"
            advice = "export the data as CSV and upload that"
    if what is not None:
        raise ProfileError(
            OTHER_TEXT_FORMAT,
            f"This is {what}, not a CSV; {advice}.",
            {"line": line_breaks(head[: len(head) - len(start)]) + 1},
        )


def _document_refusal(head: bytes) -> str | None:
    """What to do with a spreadsheet, which is a ZIP file too (its parts' names are in the local
    headers of the first block); None for any other ZIP file (an archive: its CSV is read)."""
    save = "not a CSV; save it as CSV"
    if b"xl/workbook" in head or b"xl/worksheets/" in head:
        return f"This is an Excel workbook (.xlsx), {save} UTF-8 (File > Save As) and upload that."
    if b"opendocument.spreadsheet" in head or (b"content.xml" in head and b"META-INF/manifest.xml" in head):
        return f"This is an OpenDocument file (an .ods spreadsheet?), {save} and upload that."
    export = "not a CSV; export its table as CSV and upload that"
    if b"word/document" in head:
        return f"This is a Word document (.docx), {export}."
    if b"ppt/presentation" in head or b"ppt/slides/" in head:
        return f"This is a PowerPoint presentation (.pptx), {export}."
    if b"Index/Document.iwa" in head:
        return f"This is an Apple Numbers file, {export} (File > Export To > CSV)."
    return None


def _zip_refusal(head: bytes) -> str:
    """A ZIP file inside a compressed file (a .zip gzipped): named by its first file."""
    size = int.from_bytes(head[26:28], "little")  # the first local header's file name length
    name = head[30 : 30 + min(size, 120)].decode("utf-8", "replace") or "?"
    return f"This is a ZIP archive (its first file: {name!r}), not a CSV; unzip it and upload the CSV itself."


def _percent(part: int, whole: int) -> str:
    """A share for a message: 100 % only when it is all (99.96 % of zeros is not all of them)."""
    share = 100 * part / whole
    return "100 %" if part == whole else f"{min(share, 99.9):.1f} %"


def _line_at(head: bytes, offset: int) -> int:
    """The line of byte `offset` in the first block; CR-only line ends count too (they used to put
    every byte of an old Mac file on line 1). latin-1 keeps each byte as one character."""
    return line_breaks(head[:offset].decode("latin-1")) + 1


def _choose_encoding(head: bytes, at_eof: bool) -> tuple[str, str, str | None, int]:
    """(codec, reported name, fallback reason, BOM length) for the first block."""
    if head.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return "utf-32", "utf-32", None, 4
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig", "utf-8-sig", None, 3
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16", "utf-16", None, 2
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=at_eof)
        return "utf-8", "utf-8", None, 0
    except UnicodeDecodeError as exc:
        # Imported only for such a block: most files are UTF-8, and the judges' patterns would cost
        # every import of the engine (a Lambda's cold start) about 4 ms to compile.
        from csvpipe.core import codepages

        judged = codepages.judge(head, at_eof)
        if judged is not None:
            codec, name, what = judged
            reason = (
                f"not valid UTF-8 (first bad byte at offset {exc.start}); read as {what}, judged by its text"
            )
            return codec, name, reason, 0
        try:
            head.decode("cp1252")
        except UnicodeDecodeError as bad:
            line = _line_at(head, bad.start)
            raise ProfileError(
                UNDECODABLE_BYTES,
                f"Line {line} holds bytes that are neither UTF-8 nor Windows-1252 text; "
                "export the file again as UTF-8.",
                {"byte": bad.start, "line": line},
            ) from None
        reason = f"not valid UTF-8 (first bad byte at offset {exc.start}); read as Windows-1252"
        return "cp1252", "cp1252", reason, 0


def open_source(
    stream: BinaryIO,
    max_line_bytes: int,
    encoding: tuple[str, str, str | None] | None = None,
    time_limit: float | None = None,
    wanted: str | None = None,
) -> Source:
    """Wrap `stream` into a checked text stream; raises ProfileError for input that is not a CSV.

    `encoding` — (codec, reported name, fallback reason) — skips the detection: a later part of a
    split file must be decoded as its start was, which it cannot see. `wanted`: the codec the user
    named (ProfileOptions.encoding), used instead of the detection, a BOM still honoured.
    `time_limit`: seconds from now after which reading stops with TIME_LIMIT (checked once per
    block of up to 1 MiB).
    """
    head = _safe_read(stream, SAMPLE_BYTES, compression=None)
    compression = compression_of(head)
    raw: Any = stream
    if compression is not None:
        raw = _decompressing(compression, head, stream)
        head = _safe_read(raw, SAMPLE_BYTES, compression)
    if not head:
        raise ProfileError(
            EMPTY_FILE, "The file is empty; upload a CSV with a header row and data.", {"byte": 0}
        )
    at_eof = len(head) < SAMPLE_BYTES
    named = encoding[0] if encoding is not None else wanted
    wide_bom = head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, b"\x00\x00\xfe\xff"))
    if not wide_bom and not (named or "").startswith(_WIDE_CODECS):
        _reject_binary(head)
    if encoding is not None:
        codec, name, fallback = encoding
    elif wanted is not None:
        codec, name, fallback = _with_bom(wanted, head), wanted, None
    else:
        codec, name, fallback, _bom = _choose_encoding(head, at_eof)
    wide = codec.startswith(_WIDE_CODECS)
    guard = Guard(
        head,
        raw,
        check_nul=not wide,
        max_line=max_line_bytes,
        compression=compression,
        time_limit=time_limit,
    )
    errors = FALLBACK_ERRORS if codec in ("utf-8", "utf-8-sig") else "strict"
    buffered = io.BufferedReader(guard, buffer_size=min(BLOCK_BYTES, max(max_line_bytes, 1)))
    text = io.TextIOWrapper(buffered, encoding=codec, errors=errors, newline="")
    sample = _sample_text(head, codec, at_eof)
    if wide and "\x00" in sample:  # the first block: before the lines before a header are skipped
        before = sample[: sample.index("\x00")]
        raise _nul_characters(line_breaks(before) + 1)
    if encoding is None:  # a later part of a split file starts mid-file
        _reject_other_text(sample)
    return Source(text, buffered, sample, name, compression, fallback, guard, codec)


def _with_bom(codec: str, head: bytes) -> str:
    """The codec that reads `head` as `codec` with its byte order mark, if it starts with one, left
    out of the text (it would otherwise open the first column's name)."""
    if codec == "utf-8" and head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    for family, marks in _BYTE_ORDER_MARKS:
        if codec.startswith(family) and head.startswith(marks):
            return family
    return codec


_BYTE_ORDER_MARKS = (
    ("utf-32", (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)),
    ("utf-16", (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)),
)


def _sample_text(head: bytes, codec: str, at_eof: bool) -> str:
    decoder = codecs.getincrementaldecoder(codec)(errors="replace")
    text = decoder.decode(head, final=at_eof)
    if not at_eof:
        cut = max(text.rfind("\n"), text.rfind("\r"))
        if cut > 0:
            text = text[: cut + 1]
    return text


def fallback_bytes(data: bytes, codec: str) -> int:
    """How many of `data`'s bytes a UTF-8 reading takes as cp1252 (none in any other codec)."""
    if codec not in ("utf-8", "utf-8-sig"):
        return 0
    counter = [0]
    token = _fallback_log.set(counter)
    try:
        data.decode(codec, FALLBACK_ERRORS)
    finally:
        _fallback_log.reset(token)
    return counter[0]


def fallback_log() -> ContextVar[list[int] | None]:
    """The per-run counter the UTF-8 → cp1252 error handler writes to."""
    return _fallback_log
