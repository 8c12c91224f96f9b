"""Where the pipeline's objects live in the bucket, shared by the handler (writes) and the client
(waits for them): ``uploads/a/b/x.csv.gz`` → ``processed/a/b/x_summary.json`` or ``..._error.json``."""

from __future__ import annotations

INPUT_PREFIX = "uploads/"
OUTPUT_PREFIX = "processed/"
ACCEPTED_SUFFIXES = (".csv.gz", ".csv")  # longest first: the stem drops the whole suffix
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
    """``uploads/a/b/x.csv.gz`` → ``processed/a/b/x_<kind>.json`` (kind: summary or error)."""
    suffix = matching_suffix(key)
    if not key.startswith(input_prefix) or suffix is None:
        raise ValueError(f"not an input key: {key!r}")
    stem = key[len(input_prefix) : -len(suffix)]
    return f"{output_prefix}{stem}_{kind}.json"
