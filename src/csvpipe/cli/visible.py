"""Data shown on a terminal is shown, never obeyed.

A CSV (or an S3 key) is someone else's text: an ESC in a header cell reached the terminal as is, so
`ESC [2J` cleared the screen and an OSC sequence retitled the window (others write the clipboard).
The commands pass such data (CSV names and values, S3 keys, log lines) through `visible` before it
goes into a table or a line, and write JSON with `json_text`. (`counted` words a count: `1 row`.)
"""

from __future__ import annotations

import json
import unicodedata
from typing import Any

# Layout, not commands: a tab or a line break in a log message (a traceback) stays readable.
_LAYOUT = frozenset("\t\n")


def visible(text: str) -> str:
    """`text` with each control character (C0, DEL, C1) but tab and line feed written as its escape:
    `\\x1b`, `\\r`, `\\x07`."""
    if text.isprintable():  # the common case: no character to look at one by one
        return text
    return "".join(
        repr(ch)[1:-1] if unicodedata.category(ch) == "Cc" and ch not in _LAYOUT else ch for ch in text
    )


def visible_data(value: Any) -> Any:
    """`value` (JSON-like) with `visible` applied to every string in it, keys included: for documents
    shown to a person (rich's JSON view writes DEL and C1 characters out raw)."""
    if isinstance(value, str):
        return visible(value)
    if isinstance(value, dict):
        return {visible_data(key): visible_data(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [visible_data(item) for item in value]
    return value


# json.dumps(ensure_ascii=False) escapes C0 but writes DEL and C1 (U+0080-U+009F) out raw; as \u
# escapes they stay the same characters to a JSON reader and are no command to a terminal.
_RAW_IN_JSON = {code: f"\\u{code:04x}" for code in range(0x7F, 0xA0)}


def json_text(document: Any, **dumps: Any) -> str:
    """`json.dumps(document, ensure_ascii=False, **dumps)` with DEL and C1 characters escaped."""
    return json.dumps(document, ensure_ascii=False, **dumps).translate(_RAW_IN_JSON)


def counted(count: Any, noun: str) -> str:
    """`1 row`, `2 rows`: what the CLI prints of a count."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"
