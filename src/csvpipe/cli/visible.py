"""Data shown on a terminal is shown, never obeyed.

A CSV (or an S3 key) is someone else's text: an ESC in a header cell reached the terminal as is, so
`ESC [2J` cleared the screen and an OSC sequence retitled the window (others write the clipboard).
Every command prints data through `visible` before it goes into a table or a line.
"""

from __future__ import annotations

import unicodedata

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
