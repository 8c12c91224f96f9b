"""gzip, bzip2 and xz input is read transparently, by its magic bytes (any file name), as pandas
reads it; corrupt or cut data is a ProfileError, never a traceback."""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import sys
import zipfile

import pytest

from csvpipe.core import ProfileError, error_report, profile_stream

from .conftest import check_error_report, profile_bytes

_COMPRESSORS = {"gzip": gzip.compress, "bzip2": bz2.compress, "xz": lzma.compress}
_PLAIN = (
    "when,amount,who\n" + "".join(f"2024-01-{i % 28 + 1:02},{i * 1.5},p{i % 7}\n" for i in range(5000))
).encode()


def _error(data: bytes) -> ProfileError:
    with pytest.raises(ProfileError) as caught:
        profile_stream(io.BytesIO(data), "x")
    check_error_report(error_report("x", caught.value))
    return caught.value


@pytest.mark.parametrize("name", sorted(_COMPRESSORS))
def test_a_compressed_file_gives_the_plain_file_s_summary(name: str) -> None:
    plain = profile_bytes(_PLAIN)
    packed = profile_bytes(_COMPRESSORS[name](_PLAIN))
    assert packed["source"].pop("compression") == name
    assert plain["source"].pop("compression") is None
    assert packed == plain


@pytest.mark.parametrize("name", ["bzip2", "xz"])
def test_concatenated_streams_are_read_to_the_end(name: str) -> None:
    # pbzip2 and `xz -T` write one stream per block; `cat a.bz2 b.bz2` too.
    first, second = _PLAIN[: len(_PLAIN) // 2], _PLAIN[len(_PLAIN) // 2 :]
    cut = first.rindex(b"\n") + 1
    first, second = first[:cut], first[cut:] + second
    packed = _COMPRESSORS[name](first) + _COMPRESSORS[name](second)
    assert profile_bytes(packed)["row_count"] == 5000


@pytest.mark.parametrize("name", ["bzip2", "xz"])
def test_cut_or_corrupt_data_is_bad_compressed_data(name: str) -> None:
    packed = _COMPRESSORS[name](_PLAIN)
    cut = _error(packed[: len(packed) // 2])
    assert cut.code == "BAD_COMPRESSED_DATA" and f"The {name} data is corrupt or truncated" in cut.message
    corrupt = bytearray(packed)
    corrupt[len(corrupt) // 2 : len(corrupt) // 2 + 64] = b"\x55" * 64
    assert _error(bytes(corrupt)).code == "BAD_COMPRESSED_DATA"
    assert _error(packed[:12]).code == "BAD_COMPRESSED_DATA"


def test_gzip_keeps_its_own_code() -> None:
    packed = gzip.compress(_PLAIN)
    assert _error(packed[: len(packed) // 2]).code == "BAD_GZIP"


def test_empty_compressed_files_are_empty() -> None:
    for compress in _COMPRESSORS.values():
        assert _error(compress(b"")).code == "EMPTY_FILE"


def test_a_text_that_starts_like_a_bzip2_stream_is_a_csv() -> None:
    for first in (b"BZh", b"BZh9", b"BZh91AY"):
        summary = profile_bytes(first + b",n\nx,1\ny,2\n")
        assert summary["row_count"] == 2 and summary["source"]["compression"] is None


def test_a_python_without_lzma_refuses_xz_in_plain_words(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "lzma", None)  # `import lzma` now raises ImportError
    error = _error(lzma.compress(_PLAIN))
    assert error.code == "BINARY_INPUT"
    assert error.message.startswith("This file is xz-compressed, which this Python cannot decompress")


class _Unseekable(io.RawIOBase):
    """What zipfile writes when it cannot seek back: sizes and CRC in a descriptor after each entry
    (macOS' Archive Utility and streaming zippers write the same)."""

    def __init__(self) -> None:
        self.written = bytearray()

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:  # type: ignore[no-untyped-def]
        self.written += data
        return len(data)


def _zip(kind: str) -> bytes:
    if kind == "streamed":
        target = _Unseekable()
        with (
            zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive,
            archive.open("x.csv", "w") as entry,
        ):
            entry.write(_PLAIN)
        return bytes(target.written)
    buffer = io.BytesIO()
    method = zipfile.ZIP_STORED if kind.endswith("stored") else zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(buffer, "w", method) as archive:
        if kind == "folder-and-macos":
            archive.writestr("export/", b"")
        if kind.startswith("zip64"):
            with archive.open("export/x.csv", "w", force_zip64=True) as entry:
                entry.write(_PLAIN)
        else:
            archive.writestr("export/x.csv", _PLAIN)
        if kind == "folder-and-macos":
            archive.writestr("__MACOSX/export/._x.csv", b"\x00\x05\x16\x07" + bytes(300))
    return buffer.getvalue()


@pytest.mark.parametrize(
    "kind", ["deflated", "stored", "streamed", "zip64", "zip64-stored", "folder-and-macos"]
)
def test_a_zip_of_one_csv_gives_the_plain_file_s_summary(kind: str) -> None:
    plain = profile_bytes(_PLAIN)
    packed = profile_bytes(_zip(kind))
    assert packed["source"].pop("compression") == "zip"
    plain["source"].pop("compression")
    assert packed == plain


def test_a_cut_or_damaged_zip_is_bad_compressed_data() -> None:
    packed = _zip("deflated")
    assert _error(packed[: len(packed) // 2]).code == "BAD_COMPRESSED_DATA"
    stored = bytearray(_zip("stored"))
    stored[len(stored) // 2] ^= 0x01  # a digit changed: only the CRC-32 tells
    error = _error(bytes(stored))
    assert error.code == "BAD_COMPRESSED_DATA" and "CRC-32 of 'export/x.csv' does not match" in error.message


def test_zips_this_reader_cannot_read_are_refused_in_plain_words() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_BZIP2) as archive:
        archive.writestr("x.csv", _PLAIN)
    assert "compressed in a way this reader does not know (method 12)" in _error(buffer.getvalue()).message
    encrypted = bytearray(_zip("deflated"))
    encrypted[6] |= 0x01  # the first entry's "encrypted" flag
    assert _error(bytes(encrypted)).message.startswith("This ZIP archive is encrypted ('export/x.csv')")
    empty = io.BytesIO()
    zipfile.ZipFile(empty, "w").close()
    error = _error(empty.getvalue())
    assert (error.code, error.message) == (
        "BINARY_INPUT",
        "This ZIP archive holds no file; upload the CSV itself.",
    )


def test_a_large_entry_among_skipped_ones_is_refused_not_inflated_out_of_sight() -> None:
    # Folders and __MACOSX entries are inflated inside one read, where the time limit does not look:
    # a big one is no such entry (a bomb would otherwise run unchecked).
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("__MACOSX/._x.csv", bytes(8 * 1024 * 1024))
        archive.writestr("x.csv", _PLAIN)
    error = _error(buffer.getvalue())
    assert (
        error.code == "BINARY_INPUT"
        and "holds more than a CSV ('__MACOSX/._x.csv' is large)" in error.message
    )
