"""Where the pipeline's objects live in the bucket, shared by the handler (writes) and the client
(waits for them): ``uploads/a/b/x.csv`` → ``processed/a/b/x_summary.json`` or ``..._error.json``; any
other name keeps the whole of it: ``uploads/a/b/x.csv.gz`` → ``processed/a/b/x.csv.gz.summary.json``
or ``....error.json``, and so for ``x.zip``, ``x.tsv``, ``X.CSV``, ``data.txt`` or ``report``.

Every object created under ``uploads/`` is an input, whatever its name: the engine knows a CSV
(plain, gzip, bzip2, xz, a ZIP of one, tab- or semicolon-separated) by its bytes, and answers anything
else (a workbook, a PDF, JSON, a web page) with an error report that says what it is. Until
2026-11-27 an input needed one of 18 suffixes (``.csv``, ``.CSV``, ``.csv.gz``, …; one S3 filter each,
case-sensitive), and ``data.txt``, ``x.Csv`` or ``export`` triggered nothing at all. Two kinds of key
are not inputs: a folder marker (a key ending in ``/``, what the S3 console's "Create folder" writes)
and ``uploads/_iam_probe/`` (experiment H's and the handler's IAM probes; reserved).

No two inputs share an output, so every upload keeps its own summary or error report: the seed
names ``sales.csv``'s summary ``sales_summary.json``, and since a ``.csv`` stem can be any text, no
other upload can take that form too (``x.csv.gz`` would overwrite ``x.csv``'s summary, as it did
until 2026-11-27); it keeps its whole name and a dot before the kind, an ending no ``.csv`` output has.
"""

from __future__ import annotations

INPUT_PREFIX = "uploads/"
OUTPUT_PREFIX = "processed/"
CSV_SUFFIX = ".csv"  # the only suffix whose outputs take the seed's form (x_summary.json)
PROBE_FOLDER = "_iam_probe/"  # under the input prefix: the IAM probes' objects, never profiled
# An input's user metadata (x-amz-meta-csv-encoding) naming the codec it is written in, read instead
# of the engine's detection (`csvpipe upload --encoding`). A Content-Type charset is not read: tools set
# one by default (ISO-8859-1 for any text/*, UTF-8 for anything) more often than they know it.
ENCODING_METADATA = "csv-encoding"
# For messages: what `is_input` takes.
INPUTS_IN_WORDS = (
    f"objects under {INPUT_PREFIX} (not a folder marker ending in '/', not {INPUT_PREFIX}{PROBE_FOLDER})"
)
SUMMARY = "summary"
ERROR = "error"


def is_input(key: str, input_prefix: str = INPUT_PREFIX) -> bool:
    """Whether the pipeline processes this key: any object under the input prefix but a folder
    marker and the probes' folder (the notification sends them all; the handler skips these)."""
    return (
        key.startswith(input_prefix)
        and not key.endswith("/")
        and not key.startswith(PROBE_FOLDER, len(input_prefix))
    )


def output_key(
    key: str, kind: str, input_prefix: str = INPUT_PREFIX, output_prefix: str = OUTPUT_PREFIX
) -> str:
    """``uploads/a/x.csv`` → ``processed/a/x_<kind>.json``; any other name is kept whole:
    ``uploads/a/x.csv.gz`` → ``processed/a/x.csv.gz.<kind>.json`` (kind: summary or error). One
    output per input and kind."""
    if not is_input(key, input_prefix):
        raise ValueError(f"not an input key: {key!r}")
    name = key[len(input_prefix) :]
    if name.endswith(CSV_SUFFIX):
        return f"{output_prefix}{name[: -len(CSV_SUFFIX)]}_{kind}.json"
    return f"{output_prefix}{name}.{kind}.json"
