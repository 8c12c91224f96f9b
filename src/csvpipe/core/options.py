"""Settings of one profiling run. Every field has a default that suits the Lambda."""

from __future__ import annotations

import codecs

# The strings pandas.read_csv treats as missing by default (its STR_NA_VALUES), plus the empty cell.
PANDAS_MISSING_MARKERS: frozenset[str] = frozenset(
    {
        "",
        "#N/A",
        "#N/A N/A",
        "#NA",
        "-1.#IND",
        "-1.#QNAN",
        "-NaN",
        "-nan",
        "1.#IND",
        "1.#QNAN",
        "<NA>",
        "N/A",
        "NA",
        "NULL",
        "NaN",
        "None",
        "n/a",
        "nan",
        "null",
    }
)


class ProfileOptions:
    """How to read and judge one CSV (immutable; keyword arguments only).

    ``missing_markers``: cell texts that count as missing (default: pandas' defaults and the empty cell).
    ``type_threshold``: share of non-missing values that must fit a type for the column to get it.
    ``delimiter``: force a delimiter instead of detecting one.
    ``decimal``: force the decimal separator, "." or "," (1,5), instead of detecting it (a comma only in
    files not separated by commas).
    ``header``: force whether the first record is a header (True) or data (False) instead of
    detecting it (data when each of its fields is a number, date or bool: see Dialect.header).
    ``header_rows``: force how many records under the header belong to it (units, processing; 0 to
    3) instead of detecting them (see Dialect.header_rows); 0 reads every record as a row.
    ``max_line_bytes``: longest physical line (and field) accepted; bounds memory on hostile input.
    ``max_columns``: widest header accepted (each column costs a few sketches of memory).
    ``chunk_rows``: records per chunk (fewer on wide files: a chunk holds at most 200k cells).
    ``distinct_exact_limit``: distinct values counted exactly up to this many per column, then estimated.
    ``distinct_hashes``: hashes the columns' distinct sketches share (and 128 characters of kept
    strings per hash): a column's k is min(distinct_exact_limit, max(64, distinct_hashes / columns)),
    so past 512 columns (by default) k shrinks and the stated error grows instead of the memory.
    ``duplicate_rows_exact_limit``: distinct rows kept for exact duplicate counting.
    ``duplicate_rows_memory``: bytes those rows' texts may take (estimated); past this or the limit
    above the duplicate count becomes a lower bound with an estimate.
    ``top_values``: how many top values a string column reports.
    ``examples``: how many mismatching values (with line numbers) a type mismatch reports.
    ``time_limit``: seconds the reading may take before it stops with TIME_LIMIT (None: no limit) —
    so that a file too big for a Lambda's timeout ends as an error report, not as a timed-out retry.
    ``encoding``: read the file in this codec (a Python codec name: "cp1250", "iso8859-2",
    "shift_jis", "utf-16-le", ...) instead of detecting it — what a user does when the judgement of a
    legacy code page is wrong or impossible (Czech in 1250 looks like Western text in 1252). Any
    codec in which the delimiters, quotes and line breaks are their ASCII bytes, or UTF-16/32.

    A plain class rather than a dataclass: `dataclasses` pulls `inspect` and friends into the import.
    """

    __slots__ = (
        "chunk_rows",
        "decimal",
        "delimiter",
        "distinct_exact_limit",
        "distinct_hashes",
        "duplicate_rows_exact_limit",
        "duplicate_rows_memory",
        "encoding",
        "examples",
        "header",
        "header_rows",
        "max_columns",
        "max_line_bytes",
        "missing_markers",
        "time_limit",
        "top_values",
        "type_threshold",
    )
    missing_markers: frozenset[str]
    type_threshold: float
    delimiter: str | None
    decimal: str | None
    header: bool | None
    header_rows: int | None
    max_line_bytes: int
    max_columns: int
    chunk_rows: int
    distinct_exact_limit: int
    distinct_hashes: int
    duplicate_rows_exact_limit: int
    duplicate_rows_memory: int
    top_values: int
    examples: int
    time_limit: float | None
    encoding: str | None

    def __init__(
        self,
        *,
        missing_markers: frozenset[str] = PANDAS_MISSING_MARKERS,
        type_threshold: float = 0.95,
        delimiter: str | None = None,
        decimal: str | None = None,
        header: bool | None = None,
        header_rows: int | None = None,
        max_line_bytes: int = 8 * 1024 * 1024,
        max_columns: int = 10_000,
        chunk_rows: int = 4096,
        distinct_exact_limit: int = 2048,
        distinct_hashes: int = 1 << 20,
        duplicate_rows_exact_limit: int = 1_000_000,
        duplicate_rows_memory: int = 64_000_000,
        top_values: int = 10,
        examples: int = 5,
        time_limit: float | None = None,
        encoding: str | None = None,
    ) -> None:
        if not 0 < type_threshold <= 1:
            raise ValueError("type_threshold is a share in (0, 1]")
        if delimiter is not None and len(delimiter) != 1:
            raise ValueError("delimiter must be a single character")
        if decimal not in (None, ".", ","):
            raise ValueError('decimal is "." or "," (or None: detect)')
        sizes = (max_line_bytes, max_columns, chunk_rows, distinct_exact_limit, distinct_hashes)
        if min(*sizes, top_values, examples) < 1:
            raise ValueError("limits must be positive")
        if header_rows is not None and not 0 <= header_rows <= 3:
            raise ValueError("header_rows is 0 to 3 (or None: detect)")
        if time_limit is not None and not time_limit > 0:
            raise ValueError("time_limit is a positive number of seconds (or None)")
        values = {
            "encoding": None if encoding is None else readable_codec(encoding),
            "missing_markers": frozenset(missing_markers),
            "type_threshold": type_threshold,
            "delimiter": delimiter,
            "decimal": decimal,
            "header": header,
            "header_rows": header_rows,
            "max_line_bytes": max_line_bytes,
            "max_columns": max_columns,
            "chunk_rows": chunk_rows,
            "distinct_exact_limit": max(distinct_exact_limit, 8),
            "distinct_hashes": distinct_hashes,
            "duplicate_rows_exact_limit": duplicate_rows_exact_limit,
            "duplicate_rows_memory": duplicate_rows_memory,
            "top_values": top_values,
            "examples": examples,
            "time_limit": time_limit,
        }
        for name, value in values.items():
            object.__setattr__(self, name, value)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("ProfileOptions is immutable; create a new one")

    def replace(self, **changes: object) -> ProfileOptions:
        """A copy with some fields changed."""
        fields = dict(zip(self.__slots__, self._fields(), strict=True))
        unknown = set(changes) - set(fields)
        if unknown:
            raise TypeError(f"unknown option(s): {', '.join(sorted(unknown))}")
        return ProfileOptions(**{**fields, **changes})  # type: ignore[arg-type]

    def __reduce__(self) -> tuple[object, ...]:
        """Pickled by its fields (the parts of a split file are profiled in other processes)."""
        return (_rebuild, (dict(zip(self.__slots__, self._fields(), strict=True)),))

    def _fields(self) -> tuple[object, ...]:
        return tuple(getattr(self, name) for name in self.__slots__)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ProfileOptions) and self._fields() == other._fields()

    def __hash__(self) -> int:
        return hash(self._fields())

    def __repr__(self) -> str:
        inner = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__slots__)
        return f"ProfileOptions({inner})"


def _rebuild(fields: dict[str, object]) -> ProfileOptions:
    options = object.__new__(ProfileOptions)
    for name, value in fields.items():
        object.__setattr__(options, name, value)
    return options


# What a CSV's structure is written with: if a codec writes these as their ASCII bytes, the engine's
# byte-level guards and cuts hold in it.
_STRUCTURE = "\n\r,;\t|\"' abc019"
_WIDE = ("utf-16", "utf-32")


def readable_codec(name: str) -> str:
    """Python's own name for the text codec `name` ("CP-1250" → "cp1250", "latin2" → "iso8859-2");
    ValueError, in words, for a name that is no codec the engine can read a CSV in."""
    try:
        info = codecs.lookup(name)
    except LookupError:
        raise ValueError(
            f"unknown encoding {name!r}; give a Python codec name such as cp1250 or iso8859-2"
        ) from None
    if not getattr(info, "_is_text_encoding", True):
        raise ValueError(f"{name!r} is not a text encoding")
    if info.name.startswith(_WIDE) or _STRUCTURE.encode(info.name, "replace") == _STRUCTURE.encode("ascii"):
        return info.name
    raise ValueError(
        f"{name!r} does not write commas, quotes and line breaks as ASCII does; csvpipe reads CSV in "
        "ASCII-compatible encodings and UTF-16/32 only"
    )
