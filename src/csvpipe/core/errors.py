"""The one exception the engine raises for input it rejects.

Callers (the Lambda handler, the CLI) turn it into an error report and an exit status; a traceback
escaping the engine is a bug. Codes are stable: consumers may switch on them.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing costs milliseconds at import; mypy still reads the block below
if TYPE_CHECKING:
    from typing import Any

# Stable codes, documented in docs/engine.md.
EMPTY_FILE = "EMPTY_FILE"
HEADER_ONLY = "HEADER_ONLY"
BINARY_INPUT = "BINARY_INPUT"
NUL_BYTES = "NUL_BYTES"
UNDECODABLE_BYTES = "UNDECODABLE_BYTES"
LINE_TOO_LONG = "LINE_TOO_LONG"
MALFORMED_CSV = "MALFORMED_CSV"
BAD_GZIP = "BAD_GZIP"
BAD_COMPRESSED_DATA = "BAD_COMPRESSED_DATA"  # bzip2 or xz (gzip has its own code, older)
READ_FAILED = "READ_FAILED"
TOO_MANY_COLUMNS = "TOO_MANY_COLUMNS"
UNTERMINATED_QUOTE = "UNTERMINATED_QUOTE"
TIME_LIMIT = "TIME_LIMIT"
OTHER_TEXT_FORMAT = "OTHER_TEXT_FORMAT"  # JSON, HTML or XML: text, but not a table

ERROR_CODES = (
    EMPTY_FILE,
    HEADER_ONLY,
    BINARY_INPUT,
    NUL_BYTES,
    UNDECODABLE_BYTES,
    LINE_TOO_LONG,
    MALFORMED_CSV,
    BAD_GZIP,
    BAD_COMPRESSED_DATA,
    READ_FAILED,
    TOO_MANY_COLUMNS,
    UNTERMINATED_QUOTE,
    TIME_LIMIT,
    OTHER_TEXT_FORMAT,
)


# Not one of the engine's: it cannot report running out of memory itself. Callers that catch
# MemoryError around it (the Lambda handler under its memory ceiling, the CLI) report it so.
OUT_OF_MEMORY = "OUT_OF_MEMORY"


class ProfileError(Exception):
    """Input the engine cannot profile: a stable ``code``, a plain ``message``, and ``where``."""

    def __init__(self, code: str, message: str, where: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.where: dict[str, Any] = dict(where or {})

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickles whole: a part profiled in a worker process raises it in the parent."""
        return (ProfileError, (self.code, self.message, self.where))

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, "where": dict(self.where)}

    def __repr__(self) -> str:
        return f"ProfileError({self.code!r}, {self.message!r}, {self.where!r})"
