"""How a cell's text is kept while profiling and shown in a summary (top values, mismatch examples).

A summary shows at most SHOWN_CHARS characters of a cell, with its length beside it. What the
accumulators *keep* must be bounded as well: the top-value counters of a column and its mismatch
examples held whole cells, so 64 repeated cells of 4 MB each held 256 MB (a 512 MB file peaked at
418 MB RSS). A text longer than KEPT_CHARS is therefore kept as a stand-in — its first SHOWN_CHARS
characters, a NUL, its length and the crc32 of its UTF-8 bytes — which counts like the text (two
long texts share a stand-in only if they agree in their start, their length and their crc32) and
shows like it. NUL never occurs in a profiled text: the source rejects it (NUL_BYTES), so a stand-in
cannot be mistaken for a cell.
"""

from __future__ import annotations

from zlib import crc32

TYPE_CHECKING = False  # typing costs milliseconds at import; mypy still reads the block below
if TYPE_CHECKING:
    from typing import Any

SHOWN_CHARS = 200
KEPT_CHARS = 1024  # longer than any stand-in, so keeping a kept text again changes nothing
_MARK = "\x00"


def kept(text: str) -> str:
    """`text` as an accumulator keeps it: itself, or a stand-in of under 230 characters."""
    if len(text) <= KEPT_CHARS:
        return text
    checksum = crc32(text.encode("utf-8", "surrogatepass"))
    return f"{text[:SHOWN_CHARS]}{_MARK}{len(text)}:{checksum:08x}"


def shown(text: str) -> dict[str, Any]:
    """A kept text as a summary shows it: whole up to SHOWN_CHARS, else cut there with its full
    length beside it (a column of 100 KB HTML cells would otherwise put megabytes into a summary)."""
    mark = text.find(_MARK, 0, SHOWN_CHARS + 1)
    if mark >= 0:
        length = text[mark + 1 : text.index(":", mark)]
        return {"value": text[:mark], "length": int(length), "truncated": True}
    if len(text) <= SHOWN_CHARS:
        return {"value": text}
    return {"value": text[:SHOWN_CHARS], "length": len(text), "truncated": True}
