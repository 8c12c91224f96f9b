"""Settings of one profiling run. Every field has a default that suits the Lambda."""

from __future__ import annotations

from dataclasses import dataclass

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


@dataclass(frozen=True)
class ProfileOptions:
    """How to read and judge one CSV.

    ``type_threshold``: share of non-missing values that must fit a type for the column to get it.
    ``max_line_bytes``: longest physical line (and field) accepted; bounds memory on hostile input.
    ``max_columns``: widest header accepted (each column costs a few sketches of memory).
    ``delimiter``: force a delimiter instead of detecting one.
    ``distinct_exact_limit``: distinct values counted exactly up to this many per column, then estimated.
    ``duplicate_rows_exact_limit``: rows whose fingerprints are kept for exact duplicate counting.
    """

    missing_markers: frozenset[str] = PANDAS_MISSING_MARKERS
    type_threshold: float = 0.95
    delimiter: str | None = None
    max_line_bytes: int = 8 * 1024 * 1024
    max_columns: int = 10_000
    chunk_rows: int = 4096
    distinct_exact_limit: int = 2048
    duplicate_rows_exact_limit: int = 250_000
    top_values: int = 10
    examples: int = 5
