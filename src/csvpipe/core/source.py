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
        self.wide = codec in _WIDE_CODECS

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
    control = _count_of(head, _CONTROL)
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
            raise ProfileError(
                BINARY_INPUT,
                "This looks like UTF-16 text without a byte-order mark; save it as UTF-8 or UTF-16 with BOM.",
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
        judged = (
            _cyrillic_codec(head)
            or _east_asian_codec(head, at_eof)
            or _hebrew_arabic_thai_codec(head)
            or _central_european_codec(head)
            or _turkish_codec(head)
            or _baltic_codec(head)
        )
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


def _east_asian_codec(head: bytes, at_eof: bool) -> tuple[str, str, str] | None:
    """(codec, reported name, words) of the East Asian legacy encoding the first block is written
    in, or None. Excel on a Japanese, Chinese or Korean Windows saves "CSV" in its code page, not in
    UTF-8, and until 2026-11-27 such a file was read as Windows-1252 — every name and text garbled
    (`½»Ò×Ê±¼ä` for 交易时间) and reported as a mere fallback — or refused as undecodable (Shift_JIS
    uses bytes cp1252 lacks). Most such bytes decode in several of these code pages, so what each
    makes of the text decides: a code page is taken if the block decodes in it and its letters
    (kana, hanzi/kanji, Hangul; punctuation and symbols are not asked) are that language's — see
    `_JUDGES`. Western text in Windows-1252 fails each: its accented letters stand alone among ASCII
    ones, which these code pages read as rare characters, half-width katakana, private-use ones or
    not at all. A block that is mostly valid UTF-8 (a UTF-8 file with a stray byte) is not asked, nor
    one with fewer than 8 bytes above ASCII (too little to judge: read as Windows-1252, as before)."""
    utf8 = sum(map(len, _UTF8_SEQUENCE.findall(head)))
    high = _count_of(head, _HIGH_BYTES)
    if high < 8 or utf8 * 2 >= high:
        return None
    for codec, name, what, judge in _JUDGES:
        try:
            text = codecs.getincrementaldecoder(codec)().decode(head, final=at_eof)
        except UnicodeDecodeError:
            continue
        wide = len(text) - len(text.encode("ascii", "ignore"))
        letters = _EAST_ASIAN_LETTER.findall(text)
        # Mostly letters, none of the characters no text of these languages holds, few letters alone
        # between ASCII letters (what an accented letter in a Latin word makes: `Z³oty` in 1250 is
        # `Z` + a Big5 hanzi + `ty`; Chinese text holds its hanzi in runs).
        if (
            len(letters) >= _MIN_LETTERS
            and len(letters) * 2 >= wide
            and not _PRIVATE_USE.search(text)
            and len(_LETTER_AMONG_ASCII.findall(text)) * 10 <= len(letters)
            and judge(letters[:_JUDGED_LETTERS])
        ):
            return codec, name, what
    return None


def _cyrillic_codec(head: bytes) -> tuple[str, str, str] | None:
    """("cp1251" or "koi8_r", its name, words) when the first block is Cyrillic text in either, else
    None. Excel and 1C on a Russian, Ukrainian or Bulgarian Windows save "CSV" in code page 1251;
    until 2026-11-27 such a file read as Windows-1252 (`Ñóììà` for Сумма). Both code pages put
    their letters in bytes C0-FF, as Windows-1252 puts its accented ones, so the words tell: Cyrillic
    words are all such bytes, while Western accents stand next to ASCII letters (`Müller`) — more
    than one such byte in ten beside an ASCII letter and it is not asked. Then the code page in which
    the words are shaped as words are (lower case, Capitalised or UPPER, nine in ten), most letters
    are lower case (six in ten) and some are capitals wins; KOI8-R swaps the cases of 1251's bytes,
    so only one of the two passes. Greek is asked first (`_greek`): accented Greek makes mixed-case
    words in both, but names without accents do not. Arabic (cp1256) text makes mixed-case words,
    Hebrew (cp1255) no capitals: each is left to Windows-1252, as before."""
    letters = _count_of(head, _UPPER_HALF)
    if letters < 8 or len(_ACCENT_BESIDE_ASCII.findall(head)) * 10 > letters:
        return None
    if _greek(head):
        return "cp1253", "cp1253", "Windows-1253 (Greek)"
    for codec, name, what in _CYRILLIC:
        try:
            text = head.decode(codec)
        except UnicodeDecodeError:
            continue  # a byte the code page lacks (0x98 in 1251)
        words, cyrillic, wide, lower, shaped = _word_shapes(text, _CYRILLIC_WORD)
        if (
            cyrillic * 10 >= wide * 9
            and shaped * 10 >= len(words) * 9
            and cyrillic * 6 <= lower * 10 < cyrillic * 10
        ):
            return codec, name, what
    return None


def _central_european_codec(head: bytes) -> tuple[str, str, str] | None:
    """("cp1250", …) when the first block is Central European text in Windows-1250 that shows it
    (Polish above all, Slovak), else None. Most of its letters are Windows-1252's too, but
    `ł ą ż ľ ź Ł Ą Ż` are bytes that 1252 reads as signs (`³ ¹ ¿ ¾ Ÿ £ ¥ ¯`): `Z³oty`, `mo¿e`,
    `Wroc³aw`. Such a sign between two letters, one of them ASCII, is no Western text (nor Thai,
    whose words are all bytes above ASCII). Three of them at least, and none of 1250's undefined
    bytes: cp1250 (until 2026-11-27 Polish bank exports read `Tytu³`, `Wroc³aw`). Czech and
    Hungarian letters are letters in 1252 too (`ř` is `ø`): such files give no sign, stay cp1252."""
    inside = len(_SIGN_IN_A_WORD.findall(head))
    if inside < 3:
        return None
    try:
        head.decode("cp1250")
    except UnicodeDecodeError:
        return None
    return "cp1250", "cp1250", "Windows-1250 (Central European)"


def _hebrew_arabic_thai_codec(head: bytes) -> tuple[str, str, str] | None:
    """("cp1255", "cp1256" or "cp874", its name, words) when the first block is Hebrew, Arabic or
    Thai text in its Windows code page, else None. Excel on such a Windows saves "CSV" in it; until
    2026-11-27 such files read as Windows-1252 (`ùìåí` for שלום). Their letters are all bytes above
    ASCII, and so are their words, while Western accented letters stand beside ASCII ones (`café`):
    the code page is taken in which nine in ten characters above ASCII are its script's letters,
    three in four of them in words of two letters or more, at most one in ten beside an ASCII letter,
    and the script's own spelling holds (`_hebrew_spelled`, `_arabic_spelled`, `_thai_spelled`)."""
    for codec, name, what, letter, beside_ascii, spelled in _SCRIPTS:
        try:
            text = head.decode(codec)
        except UnicodeDecodeError:
            continue
        words = letter.findall(text)
        letters = sum(map(len, words))
        wide = len(text) - len(text.encode("ascii", "ignore"))
        if (
            letters >= _MIN_SCRIPT_LETTERS
            and letters * 10 >= wide * 9
            and sum(len(word) for word in words if len(word) > 1) * 4 >= letters * 3
            and len(beside_ascii.findall(text)) * 10 <= letters
            and spelled(words)
        ):
            return codec, name, what
    return None


def _hebrew_spelled(words: list[str]) -> bool:
    """Hebrew's final letters (ך ם ן ף ץ) end words and stand nowhere else — where lower-case
    Russian in code page 1251 makes them (`н` is `ם`)."""
    ending = sum(1 for word in words if word[-1] in _HEBREW_FINALS)
    inside = sum(1 for word in words for char in word[:-1] if char in _HEBREW_FINALS)
    return inside * 10 <= ending


def _arabic_spelled(words: list[str]) -> bool:
    """A sixth of the letters at least are among Arabic's most common (ل م ن ه و ي ى: a third of
    Arabic text), which lie in bytes E1-ED — where lower-case Russian in KOI8-R has none."""
    text = "".join(words)
    return len(text) - len(text.translate(_ARABIC_COMMON)) >= len(text) / 6


def _thai_spelled(words: list[str]) -> bool:
    """Thai as it is written: nearly every sign where Thai puts it (`_THAI_MISSPELT`: one in fifty
    at most), a vowel sign or mark for every five consonants at least, and more than half the
    letters among Thai's twenty commonest (`า น ร อ ก เ ม ง ่ …`). Chinese, Japanese and Korean
    bytes that their judges leave are Thai characters in code page 874 too: the spelling alone
    took 5-15 % of short pieces of them, the letters' share nearly none (docs/engine.md)."""
    text = " ".join(words)
    letters = "".join(words)
    consonants = len(_THAI_CONSONANTS.findall(letters))
    common = len(letters) - len(letters.translate(_THAI_COMMON))
    return (
        len(_THAI_MISSPELT.findall(text)) * 50 <= len(text)
        and (len(letters) - consonants) * 5 >= consonants
        and common * 20 > len(letters) * 11
    )


_HEBREW_LETTERS = "\u05d0-\u05ea\u05f0-\u05f2"
_ARABIC_LETTERS = "\u0621-\u065f\u0679-\u06d2"  # Arabic's, and Persian's and Urdu's that 1256 has
_THAI_LETTERS = "\u0e01-\u0e3a\u0e40-\u0e4e"  # consonants, vowels and marks; not digits or signs
_SCRIPTS = tuple(
    (
        codec,
        name,
        what,
        re.compile(f"[{letters}]+"),
        re.compile(f"[A-Za-z][{letters}]|[{letters}][A-Za-z]"),
        spelled,
    )
    for codec, name, what, letters, spelled in (
        ("cp1255", "cp1255", "Windows-1255 (Hebrew)", _HEBREW_LETTERS, _hebrew_spelled),
        ("cp1256", "cp1256", "Windows-1256 (Arabic)", _ARABIC_LETTERS, _arabic_spelled),
        ("cp874", "cp874", "Windows-874 (Thai)", _THAI_LETTERS, _thai_spelled),
    )
)
# Fewer letters than this are too few to tell (Russian in 1251 without capitals is Hebrew in 1255).
_MIN_SCRIPT_LETTERS = 8
_HEBREW_FINALS = frozenset("ךםןףץ")
_ARABIC_COMMON = dict.fromkeys(map(ord, "لمنهوىي"))
# Thai is written in clusters: a consonant, then a vowel sign above or below it, then a tone mark,
# then a following vowel; a leading vowel (เ แ โ ใ ไ) comes before a consonant. Misspelt: a sign
# after what it cannot follow.
_THAI_CONSONANT = "\u0e01-\u0e2e"
_THAI_ABOVE_BELOW = "\u0e31\u0e34-\u0e3a"
_THAI_TONE = "\u0e47-\u0e4e"
_THAI_CONSONANTS = re.compile(f"[{_THAI_CONSONANT}]")
_THAI_MISSPELT = re.compile(
    f"(?<![{_THAI_CONSONANT}])[{_THAI_ABOVE_BELOW}]"
    f"|(?<![{_THAI_CONSONANT}{_THAI_ABOVE_BELOW}])[{_THAI_TONE}]"
    f"|(?<![{_THAI_CONSONANT}{_THAI_TONE}])[\u0e30\u0e32\u0e33\u0e45]"
    f"|[\u0e40-\u0e44](?![{_THAI_CONSONANT}])"
)
_THAI_COMMON = dict.fromkeys(map(ord, "านรอกเมง่ยวลดตทสคั้ีิ"))


def _count_of(data: bytes, which: bytes) -> int:
    """How many bytes of `data` are among `which` (counted at C speed)."""
    return len(data) - len(data.translate(None, which))


def _beside_ascii(which: bytes) -> re.Pattern[bytes]:
    """One of the bytes `which` beside an ASCII letter, on either side: a letter inside a Latin word."""
    return re.compile(rb"[A-Za-z][" + which + rb"]|[" + which + rb"][A-Za-z]")


def _turkish_codec(head: bytes) -> tuple[str, str, str] | None:
    """("cp1254", …) when the first block is Turkish text in Windows-1254 (or ISO 8859-9, which
    places its letters alike), else None. Excel on a Turkish Windows saves "CSV" in it; its letters
    are 1252's but for six, `ğ ı ş Ğ İ Ş`, which 1252 reads as `ð ý þ Ð Ý Þ` (`Ýstanbul`, `Þiþli`,
    `Kadýköy`; until 2026-11-27 read so). Two such bytes beside ASCII letters at least, and nearly
    every letter above ASCII one that Turkish writes (those six, `ç ö ü â î û` and their capitals):
    Icelandic, which has `ð þ ý` too, also writes `á é í ó ú æ`, Lithuanian in 1257 `ą č ė ų`,
    Croatian in 1250 `č ć`, Czech `á í ř` — more than one letter in twenty of those and it is not
    Turkish."""
    if len(_TURKISH_BESIDE_ASCII.findall(head)) < 2:
        return None
    letters = _count_of(head, _UPPER_HALF_LETTERS)
    others = _count_of(head, _NOT_TURKISH_LETTERS)
    if others * 20 > letters:
        return None
    try:
        head.decode("cp1254")
    except UnicodeDecodeError:  # 1252's Ž ž (0x8E, 0x9E) and three more are undefined in 1254
        return None
    return "cp1254", "cp1254", "Windows-1254 (Turkish)"


def _baltic_codec(head: bytes) -> tuple[str, str, str] | None:
    """("cp1257", …) when the first block is Lithuanian or Latvian text in Windows-1257, else None.
    Its letters are 1252's letters, other ones: `š ž` are `ð þ`, `ą č ę ė į ų` are `à è æ ë á ø`,
    Latvian's `ā ē ī ļ ņ` are `â ç î ï ò` (`Paslaugø`, `uþ`, `mokëjimo`; until 2026-11-27 read so).
    Two of `š ž Š Ž` beside ASCII letters (no Western language but Icelandic and Faroese writes
    `ð þ` there), two of the others at least, one of them `ą č ė` (which those two never write),
    and hardly any `é í ó ú ý` (theirs, not Baltic 1257's: one letter in twenty at most). Turkish
    is asked first: its `ş ğ` are the same two bytes, and its `ı` (`ý`) rules Baltic out. A
    Latvian text with no `š ž` stays cp1252 (`Rîga`)."""
    if len(_BALTIC_BESIDE_ASCII.findall(head)) < 2:
        return None
    baltic = _count_of(head, _BALTIC_LETTERS)
    letters = _count_of(head, _UPPER_HALF_LETTERS)
    icelandic = _count_of(head, _ICELANDIC_VOWELS)
    telling = _count_of(head, _BALTIC_NOT_NORDIC)
    if baltic < 2 or not telling or icelandic * 20 > letters:
        return None
    try:
        head.decode("cp1257")
    except UnicodeDecodeError:  # 1252's Š š Œ œ Ÿ (0x8A, 0x9A, …) are undefined in 1257
        return None
    return "cp1257", "cp1257", "Windows-1257 (Baltic)"


_BALTIC_S_Z = b"\xd0\xde\xf0\xfe"  # Š Ž š ž in 1257; Ð Þ ð þ in 1252
_BALTIC_BESIDE_ASCII = _beside_ascii(_BALTIC_S_Z)
# ą į ā ę ē č ė ģ ī ļ ņ ų and capitals in 1257: à á â æ ç è ë ì î ï ò ø in 1252.
_BALTIC_LETTERS = (
    b"\xc0\xc1\xc2\xc6\xc7\xc8\xcb\xcc\xce\xcf\xd2\xd8\xe0\xe1\xe2\xe6\xe7\xe8\xeb\xec\xee\xef\xf2\xf8"
)
# ą č ė and capitals (à è ë in 1252): Lithuanian and Latvian write them, Icelandic, Faroese and
# Danish (whose `ð þ ø æ á` are Baltic 1257's `š ž ų ę į`) never.
_BALTIC_NOT_NORDIC = b"\xc0\xc8\xcb\xe0\xe8\xeb"
_ICELANDIC_VOWELS = b"\xc9\xcd\xd3\xda\xdd\xe9\xed\xf3\xfa\xfd"  # É Í Ó Ú Ý é í ó ú ý
_TURKISH_ONLY = b"\xd0\xdd\xde\xf0\xfd\xfe"  # Ğ İ Ş ğ ı ş in 1254; Ð Ý Þ ð ý þ in 1252
_TURKISH_BESIDE_ASCII = _beside_ascii(_TURKISH_ONLY)
_UPPER_HALF_LETTERS = bytes(b for b in range(0xC0, 0x100) if b not in (0xD7, 0xF7))  # not × ÷
_NOT_TURKISH_LETTERS = bytes(
    b
    for b in _UPPER_HALF_LETTERS
    if b not in b"\xc2\xc7\xce\xd6\xdb\xdc\xe2\xe7\xee\xf6\xfb\xfc" + _TURKISH_ONLY
)


# A byte that is a letter in 1250 but a sign in 1252 (ł ą ż ľ ź Ł Ą Ż Ľ ş), between two letters.
_LETTER_BYTES = (
    rb"A-Za-z\x8a\x8c-\x8f\x9a\x9c-\x9f\xa3\xa5\xaa\xaf\xb3\xb9\xba\xbc\xbe\xbf\xc0-\xd6\xd8-\xf6\xf8-\xfe"
)
_SIGNS = rb"[\xa3\xa5\xaa\xaf\xb3\xb9\xba\xbc\xbe\xbf]"
# ... with an ASCII letter on one side at least: Thai (874) is all such bytes, words without ASCII.
_SIGN_IN_A_WORD = re.compile(
    rb"[A-Za-z]" + _SIGNS + rb"[" + _LETTER_BYTES + rb"]|[" + _LETTER_BYTES + rb"]" + _SIGNS + rb"[A-Za-z]"
)


def _greek(head: bytes) -> bool:
    """Greek in code page 1253 (or ISO 8859-7, which places its letters alike): its letters are in
    the bytes Cyrillic ones are, and names without accents (`Λεωνιδας`) are words shaped as
    Cyrillic ones would be; but a Greek word ending in s ends in final sigma `ς`, which no other
    place in a word holds — where 1251 has `т`, common inside Russian words. So: Greek letters for
    nine in ten of the characters above ASCII, words shaped as words, six letters in ten lower case
    and some capitals, a final sigma at least once and never inside a word."""
    try:
        text = head.decode("cp1253")
    except UnicodeDecodeError:
        return False
    words, greek, wide, lower, shaped = _word_shapes(text, _GREEK_WORD)
    final = sum(1 for word in words if word.endswith("ς"))
    inside = sum(word[:-1].count("ς") for word in words)
    return (
        greek * 10 >= wide * 9
        and shaped * 10 >= len(words) * 9
        and greek * 6 <= lower * 10 < greek * 10  # some capitals: Hebrew (cp1255) has none
        and final > 0
        and not inside
    )


def _word_shapes(text: str, word: re.Pattern[str]) -> tuple[list[str], int, int, int, int]:
    """What the Cyrillic and Greek judges weigh: the words of one alphabet in `text`, their letters,
    the characters above ASCII, the lower-case letters, and the words shaped as words are (lower
    case, Capitalised or UPPER)."""
    words = word.findall(text)
    letters = "".join(words)
    wide = len(text) - len(text.encode("ascii", "ignore"))
    shaped = sum(1 for one in words if one.islower() or one.isupper() or one.istitle())
    return words, len(letters), wide, sum(map(str.islower, letters)), shaped


_GREEK_WORD = re.compile("[\u0370-\u03ff]+")
_CYRILLIC = (
    ("cp1251", "cp1251", "Windows-1251 (Cyrillic)"),
    ("koi8_r", "koi8-r", "KOI8-R (Cyrillic)"),
)
_UPPER_HALF = bytes(range(0xC0, 0x100))
_ACCENT_BESIDE_ASCII = re.compile(rb"[A-Za-z][\xc0-\xff]|[\xc0-\xff][A-Za-z]")
_CYRILLIC_WORD = re.compile("[\u0400-\u04ff]+")


# Kana, Hangul's letters (jamo: what EUC-JP's kana are in EUC-KR), CJK ideographs (and their
# extension A and compatibility forms), Hangul syllables.
_EAST_ASIAN_LETTER = re.compile("[\u3040-\u30ff\u3130-\u318f\u3400-\u9fff\uac00-\ud7a3\uf900-\ufaff]")
# Private-use characters: what Western bytes read as Shift_JIS make (`ñ`, `ö` start one), not text.
# Half-width katakana, which Western capitals (`Ä`) and Chinese bytes make there too, are allowed:
# Japanese banks still write names in them (`ﾔﾏﾀﾞ ﾀﾛｳ`); they are no letters, so the judges decide
# on the others.
_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")


def _share_in(letters: list[str], codec: str, first_bytes: bytes) -> float:
    """The share of `letters` that `codec` has with a first byte in `first_bytes`."""
    found = 0
    for char in letters:
        encoded = char.encode(codec, "replace")  # "?" where it has none: no first byte above ASCII
        found += encoded[0] in first_bytes
    return found / len(letters)


def _kana(letters: list[str]) -> int:
    return sum(1 for char in letters if "\u3040" <= char <= "\u30ff")


def _japanese_shift_jis(letters: list[str]) -> bool:
    """A tenth kana at least (Japanese text), or nine in ten kana or the 2 965 common (level-1)
    kanji — Chinese and Korean bytes are half-width katakana in Shift_JIS, so kanji alone can tell."""
    kana = _kana(letters)
    return kana * 10 >= len(letters) or kana / len(letters) + _share_in(letters, "cp932", _JIS_KANJI) >= 0.9


def _japanese_euc(letters: list[str]) -> bool:
    """Kana, a tenth of the letters and two at least: Korean and Chinese bytes are EUC-JP kanji too,
    but kana only where the text had kana (GB2312 puts them where EUC-JP does)."""
    kana = _kana(letters)
    return kana >= 2 and kana * 10 >= len(letters)


def _korean(letters: list[str]) -> bool:
    """Nine in ten are Hangul syllables of KS X 1001's 2 350 (what Korean text is written in; the
    8 822 others of code page 949 are what Chinese bytes from GBK's extension make)."""
    return _share_in(letters, "euc_kr", _KS_HANGUL) >= 0.9


def _simplified_chinese(letters: list[str]) -> bool:
    """Nine in ten are GB2312's hanzi (first bytes B0–F7: the 6 763 that simplified text is written
    in; GBK's other 14 240 are what Japanese or Big5 bytes make)."""
    return _share_in(letters, "gb2312", _GB_HANZI) >= 0.9


def _traditional_chinese(letters: list[str]) -> bool:
    """Nine in ten are Big5's 5 401 common characters (first bytes A4–C6)."""
    return _share_in(letters, "big5", _BIG5_COMMON) >= 0.9


_JIS_KANJI = bytes(range(0x88, 0x99))  # Shift_JIS first bytes of the level-1 kanji
_KS_HANGUL = bytes(range(0xB0, 0xC9))  # EUC-KR first bytes of KS X 1001's Hangul syllables
_GB_HANZI = bytes(range(0xB0, 0xF8))
_BIG5_COMMON = bytes(range(0xA4, 0xC7))
# In the order asked: Shift_JIS first (its kanji test is sharp: nothing else's bytes make level-1
# kanji); EUC-JP next (only Japanese text has kana), then Korean, which Chinese bytes pass less often
# than Korean bytes pass Chinese; Big5 last.
_JUDGES = (
    ("cp932", "cp932", "Shift_JIS (Windows code page 932, Japanese)", _japanese_shift_jis),
    ("euc_jp", "euc-jp", "EUC-JP (Japanese)", _japanese_euc),
    ("cp949", "cp949", "EUC-KR (Windows code page 949, Korean)", _korean),
    ("gb18030", "gb18030", "GB18030 (GBK, GB2312: simplified Chinese)", _simplified_chinese),
    ("cp950", "cp950", "Big5 (Windows code page 950, traditional Chinese)", _traditional_chinese),
)
_HIGH_BYTES = bytes(range(0x80, 0x100))
# Fewer letters are too few to judge: Cyrillic, Greek or Hebrew words in their code pages pass a
# test by chance now and then (0.1-0.5 % of 1-8 short rows with 2; fewer with more letters).
_MIN_LETTERS = 4
# The judges look at the first 2 000 letters: plenty to tell, and a 64 KiB block of Chinese holds
# ten times as many (judging them all took 40 ms a file; these 2 000, a tenth of that).
_JUDGED_LETTERS = 2000
_LETTER_AMONG_ASCII = re.compile("[A-Za-z][\u3040-\u30ff\u3400-\u9fff\uac00-\ud7a3\uf900-\ufaff][A-Za-z]")
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def open_source(
    stream: BinaryIO,
    max_line_bytes: int,
    encoding: tuple[str, str, str | None] | None = None,
    time_limit: float | None = None,
) -> Source:
    """Wrap `stream` into a checked text stream; raises ProfileError for input that is not a CSV.

    `encoding` — (codec, reported name, fallback reason) — skips the detection: a later part of a
    split file must be decoded as its start was, which it cannot see. `time_limit`: seconds from
    now after which reading stops with TIME_LIMIT (checked once per block of up to 1 MiB).
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
    if not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, b"\x00\x00\xfe\xff")):
        _reject_binary(head)
    if encoding is None:
        codec, name, fallback, _bom = _choose_encoding(head, at_eof)
    else:
        codec, name, fallback = encoding
    wide = codec in _WIDE_CODECS
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
