"""The one CSV inside a ZIP archive, inflated as it streams (pandas reads such an archive too).

`zipfile` needs `seek` (its directory is at the archive's end) and S3 bodies have none, so the local
headers are read in order instead (PKWARE's APPNOTE, 4.3.7): folders and the `__MACOSX/` entries that
macOS adds are skipped, the first other entry is the CSV, and a second one makes the archive an error
— which file would be meant? Stored and deflated entries only (what zippers write by default);
encrypted ones are refused. Each entry's CRC-32 is checked, so a cut or damaged archive is an error,
not a shorter table. Imported only when a file starts with a ZIP header (cold start).
"""

from __future__ import annotations

import struct
import zlib

from csvpipe.core.errors import BINARY_INPUT, ProfileError

TYPE_CHECKING = False  # typing costs milliseconds at import; mypy still reads the block below
if TYPE_CHECKING:
    from collections.abc import Iterator
    from typing import Any

_LOCAL = b"PK\x03\x04"
# What may follow the last entry: the central directory, the end records (also of ZIP64), a split
# archive's marker.
_AFTER_ENTRIES = (b"PK\x01\x02", b"PK\x05\x06", b"PK\x06\x06", b"PK\x06\x07", b"PK\x05\x05")
_DESCRIPTOR = b"PK\x07\x08"
_HEADER = struct.Struct("<HHHHHIIIHH")  # version, flags, method, time, date, crc, sizes, name/extra lengths
_ENCRYPTED, _DESCRIPTOR_FOLLOWS, _UTF8_NAME = 0x1, 0x8, 0x800
_STORED, _DEFLATED = 0, 8
_ZIP64_EXTRA = 0x0001
_NO_SIZE = 0xFFFFFFFF
_BLOCK = 256 * 1024
# A skipped entry (a folder, macOS' extras: a few KB) is inflated here, out of the guard's sight and
# its time limit; past this it is no such entry, and the archive holds more than one file.
_SKIPPED_MOST = 1024 * 1024


class CorruptZip(Exception):
    """The archive is cut short or damaged (the caller reports it as BAD_COMPRESSED_DATA)."""


class ZipMember:
    """A file object over the decompressed bytes of the archive's one file (`read(size)` only)."""

    def __init__(self, raw: Any) -> None:
        self._raw = raw
        self._back = b""  # bytes read past an entry's deflated data: the next header's
        self._pending = b""
        self._chunks = self._entries()
        self.name: str | None = None

    def read(self, size: int) -> bytes:
        """Up to `size` bytes (> 0; the guard's and the first block's reads), b"" at the end."""
        while not self._pending:
            chunk = next(self._chunks, None)
            if chunk is None:
                return b""
            self._pending = chunk
        data, self._pending = self._pending[:size], self._pending[size:]
        return data

    def _entries(self) -> Iterator[bytes]:
        while True:
            signature = self._exact(4, at_end_ok=True)
            if signature in _AFTER_ENTRIES or (signature == b"" and self.name is not None):
                if self.name is None:
                    raise _refused("This ZIP archive holds no file; upload the CSV itself.")
                return
            if signature != _LOCAL:
                raise CorruptZip(f"no entry header where one was due ({signature!r})")
            _version, flags, method, _time, _date, crc, packed, _size, name_size, extra_size = _HEADER.unpack(
                self._exact(_HEADER.size)
            )
            name = self._exact(name_size).decode("utf-8" if flags & _UTF8_NAME else "cp437", "replace")
            zip64 = _zip64_sizes(self._exact(extra_size))
            skipped = name.endswith("/") or name.startswith("__MACOSX/")  # a folder, macOS' extras
            if not skipped and self.name is not None:
                raise _refused(
                    f"This ZIP archive holds more than one file ({self.name!r}, {name[:120]!r}, …); "
                    "upload one CSV, or a ZIP of one."
                )
            if flags & _ENCRYPTED:
                raise _refused(f"This ZIP archive is encrypted ({name[:120]!r}); upload the CSV itself.")
            if method not in (_STORED, _DEFLATED) or (method == _STORED and flags & _DESCRIPTOR_FOLLOWS):
                raise _refused(
                    f"This ZIP archive's file {name[:120]!r} is compressed in a way this reader does not "
                    f"know (method {method}); unzip it and upload the CSV, or zip it again with deflate."
                )
            if method == _STORED and packed == _NO_SIZE and zip64 is not None:
                packed = zip64
            check = 0
            inflated = 0
            for chunk in self._stored(packed) if method == _STORED else self._inflated():
                check = zlib.crc32(chunk, check)
                if not skipped:
                    yield chunk
                    continue
                inflated += len(chunk)
                if inflated > _SKIPPED_MOST:
                    raise _refused(
                        f"This ZIP archive holds more than a CSV ({name[:120]!r} is large); upload one CSV, "
                        "or a ZIP of one."
                    )
            if flags & _DESCRIPTOR_FOLLOWS:
                crc = self._descriptor(zip64 is not None)
            if check != crc:
                raise CorruptZip(f"the CRC-32 of {name[:120]!r} does not match")
            if not skipped:
                self.name = name

    def _take(self, size: int) -> bytes:
        if self._back:
            data, self._back = self._back[:size], self._back[size:]
            return data
        return bytes(self._raw.read(size))

    def _exact(self, size: int, at_end_ok: bool = False) -> bytes:
        data = self._take(size)
        while len(data) < size:
            more = self._take(size - len(data))
            if not more:
                break
            data += more
        if len(data) < size and not (at_end_ok and not data):
            raise CorruptZip("the archive ends inside an entry")
        return data

    def _stored(self, size: int) -> Iterator[bytes]:
        while size > 0:
            data = self._take(min(size, _BLOCK))
            if not data:
                raise CorruptZip("the archive ends inside an entry")
            size -= len(data)
            yield data

    def _inflated(self) -> Iterator[bytes]:
        inflater = zlib.decompressobj(-zlib.MAX_WBITS)  # raw deflate, as ZIP stores it
        try:
            while not inflater.eof:
                data = inflater.unconsumed_tail or self._take(_BLOCK)
                if not data:
                    raise CorruptZip("the archive ends inside an entry")
                out = inflater.decompress(data, _BLOCK)  # at most a block: a bomb stays small
                if out:
                    yield out
        except zlib.error as exc:
            raise CorruptZip(str(exc)) from None
        self._back = inflater.unused_data + self._back

    def _descriptor(self, zip64: bool) -> int:
        """The CRC-32 from the data descriptor after an entry (its signature is optional)."""
        first = self._exact(4)
        if first == _DESCRIPTOR:
            first = self._exact(4)
        self._exact(16 if zip64 else 8)  # the sizes
        return int.from_bytes(first, "little")


def _zip64_sizes(extra: bytes) -> int | None:
    """The first size in a ZIP64 extra field (a stored entry's: both sizes are equal), None without one."""
    at = 0
    while at + 4 <= len(extra):
        kind, size = struct.unpack_from("<HH", extra, at)
        if kind == _ZIP64_EXTRA:
            return int.from_bytes(extra[at + 4 : at + 12], "little") if size >= 8 else 0
        at += 4 + size
    return None


def _refused(message: str) -> ProfileError:
    return ProfileError(BINARY_INPUT, message, {"byte": 0})
