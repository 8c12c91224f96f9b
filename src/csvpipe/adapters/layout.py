"""Where the pipeline's objects live in the bucket, shared by the handler (writes) and the client
(waits for them): ``uploads/a/b/x.csv`` → ``processed/a/b/x_summary.json`` or ``..._error.json``;
``uploads/a/b/x.csv.gz`` → ``processed/a/b/x.csv.gz.summary.json`` or ``....error.json``, and so for
``.csv.bz2``, ``.csv.xz`` and ``.zip`` (a ZIP of one CSV; bzip2, xz and ZIP read since 2026-11-27).

No two inputs share an output, so every upload keeps its own summary or error report: the seed
names ``sales.csv``'s summary ``sales_summary.json``, and since a ``.csv`` stem can be any text, a
compressed upload cannot take that form too (``x.csv.gz`` would overwrite ``x.csv``'s summary, as it did
until 2026-11-27); it keeps its whole name and a dot before the kind, an ending no ``.csv`` output has.
"""

from __future__ import annotations

INPUT_PREFIX = "uploads/"
OUTPUT_PREFIX = "processed/"
GZIP_SUFFIX = ".csv.gz"
COMPRESSED_SUFFIXES = (GZIP_SUFFIX, ".csv.bz2", ".csv.xz", ".zip")  # a ZIP of one CSV: any name
ACCEPTED_SUFFIXES = (*COMPRESSED_SUFFIXES, ".csv")  # compressed first: ".csv" is no part of their ends
# For messages: ".csv, .csv.gz, .csv.bz2, .csv.xz or .zip".
SUFFIXES_IN_WORDS = (
    ", ".join((ACCEPTED_SUFFIXES[-1], *ACCEPTED_SUFFIXES[:-2])) + " or " + ACCEPTED_SUFFIXES[-2]
)
SUMMARY = "summary"
ERROR = "error"


def matching_suffix(key: str) -> str | None:
    return next((s for s in ACCEPTED_SUFFIXES if key.endswith(s)), None)


def is_input(key: str, input_prefix: str = INPUT_PREFIX) -> bool:
    """Whether the pipeline processes this key (the notification filter, enforced again here)."""
    return key.startswith(input_prefix) and matching_suffix(key) is not None and key != input_prefix


def output_key(
    key: str, kind: str, input_prefix: str = INPUT_PREFIX, output_prefix: str = OUTPUT_PREFIX
) -> str:
    """``uploads/a/x.csv`` → ``processed/a/x_<kind>.json``, ``uploads/a/x.csv.gz`` (``.bz2``, ``.xz``)
    → ``processed/a/x.csv.gz.<kind>.json`` (kind: summary or error); one output per input and kind."""
    suffix = matching_suffix(key)
    if not key.startswith(input_prefix) or suffix is None:
        raise ValueError(f"not an input key: {key!r}")
    name = key[len(input_prefix) :]
    if suffix in COMPRESSED_SUFFIXES:
        return f"{output_prefix}{name}.{kind}.json"
    return f"{output_prefix}{name[: -len(suffix)]}_{kind}.json"
