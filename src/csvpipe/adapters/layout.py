"""Where the pipeline's objects live in the bucket, shared by the handler (writes) and the client
(waits for them): ``uploads/a/b/x.csv`` → ``processed/a/b/x_summary.json`` or ``..._error.json``;
``uploads/a/b/x.csv.gz`` → ``processed/a/b/x.csv.gz.summary.json`` or ``....error.json``, and so for
``.csv.bz2``, ``.csv.xz`` and ``.zip`` (a ZIP of one CSV; bzip2, xz and ZIP read since 2026-11-27)
and for tab-separated ``.tsv`` and ``.tsv.gz`` (the engine finds the delimiter in the content; such
uploads triggered nothing until 2026-11-27). Excel workbooks (``.xlsx``, ``.xls``), the commonest
upload by mistake, are taken too, to answer with an error report that says how to save them as CSV
(the engine knows them by their bytes) instead of silence. Each suffix is accepted in capitals too
(``REPORT.CSV``, ``EXPORT.ZIP``: what Windows tools and mainframe exports write), and those keep their
whole name as well: ``x.CSV`` → ``processed/x.CSV.summary.json``, beside ``x.csv``'s
``x_summary.json``. Other mixes (``.Csv``) are not inputs: S3's suffix filter is case-sensitive and one
notification per spelling is the price.

No two inputs share an output, so every upload keeps its own summary or error report: the seed
names ``sales.csv``'s summary ``sales_summary.json``, and since a ``.csv`` stem can be any text, no
other upload can take that form too (``x.csv.gz`` would overwrite ``x.csv``'s summary, as it did
until 2026-11-27); it keeps its whole name and a dot before the kind, an ending no ``.csv`` output has.
"""

from __future__ import annotations

INPUT_PREFIX = "uploads/"
OUTPUT_PREFIX = "processed/"
CSV_SUFFIX = ".csv"  # the only suffix whose outputs take the seed's form (x_summary.json)
GZIP_SUFFIX = ".csv.gz"
# In the order messages name them; none ends with another, so a key matches at most one and their
# S3 notification filters never overlap (S3 refuses overlapping ones).
_PROFILED_SUFFIXES = (CSV_SUFFIX, GZIP_SUFFIX, ".csv.bz2", ".csv.xz", ".zip", ".tsv", ".tsv.gz")
_WORKBOOK_SUFFIXES = (".xlsx", ".xls")  # answered with an error report: "save it as CSV"
_LOWER_SUFFIXES = (*_PROFILED_SUFFIXES, *_WORKBOOK_SUFFIXES)
# Each in small letters and in capitals: one S3 notification each.
ACCEPTED_SUFFIXES = (*_LOWER_SUFFIXES, *(suffix.upper() for suffix in _LOWER_SUFFIXES))
# For messages: ".csv, .csv.gz, .csv.bz2, .csv.xz, .zip, .tsv or .tsv.gz (or in capitals)".
SUFFIXES_IN_WORDS = ", ".join(_PROFILED_SUFFIXES[:-1]) + f" or {_PROFILED_SUFFIXES[-1]} (or in capitals)"
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
    """``uploads/a/x.csv`` → ``processed/a/x_<kind>.json``; any other accepted suffix keeps the whole
    name: ``uploads/a/x.csv.gz`` → ``processed/a/x.csv.gz.<kind>.json`` (kind: summary or error). One
    output per input and kind."""
    suffix = matching_suffix(key)
    if not key.startswith(input_prefix) or suffix is None:
        raise ValueError(f"not an input key: {key!r}")
    name = key[len(input_prefix) :]
    if suffix == CSV_SUFFIX:
        return f"{output_prefix}{name[: -len(suffix)]}_{kind}.json"
    return f"{output_prefix}{name}.{kind}.json"
