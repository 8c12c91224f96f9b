"""Helpers for the engine's tests: every summary a test produces is validated against the schema."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from csvpipe.core import PANDAS_MISSING_MARKERS, ProfileOptions, error_report, profile_stream
from csvpipe.core.values import STRING, classify

REPO = Path(__file__).resolve().parents[3]
SCHEMAS = REPO / "src" / "csvpipe" / "schemas"
SUMMARY_VALIDATOR = jsonschema.Draft202012Validator(json.loads((SCHEMAS / "summary.schema.json").read_text()))
ERROR_VALIDATOR = jsonschema.Draft202012Validator(json.loads((SCHEMAS / "error.schema.json").read_text()))


def check_summary(summary: dict[str, Any]) -> dict[str, Any]:
    """Schema-valid and plain JSON (no NaN/Infinity) — or the test fails."""
    SUMMARY_VALIDATOR.validate(summary)
    json.dumps(summary, allow_nan=False)
    return summary


def check_error_report(report: dict[str, Any]) -> dict[str, Any]:
    ERROR_VALIDATOR.validate(report)
    json.dumps(report, allow_nan=False)
    return report


def footer_rows(summary: dict[str, Any], rows: list[list[str]], delimiter: str = ",") -> int:
    """How many of `rows` (the records as written, in order) the summary left out as its footer,
    checked to be the last of them, each at most half filled (TableProfile.finish): an oracle that
    counts rows must allow a file's last records to be taken for a footer (a text under dates)."""
    footer = summary["source"]["footer"]
    tail = rows[len(rows) - len(footer) :] if footer else []
    width = len(summary["schema"])
    assert [item["text"] for item in footer] == [
        delimiter.join(row).rstrip(delimiter + " ")[:200] for row in tail
    ]
    assert all(sum(1 for field in row if field.strip()) <= max(1, width // 2) for row in tail)
    return len(footer)


def header_rows_of(summary: dict[str, Any], rows: list[list[str]], delimiter: str = ",") -> int:
    """How many of `rows` (the records under the header as written, in order) the summary listed as
    rows of the header (dialect._rows_under_the_header), checked to be the first of them, at most
    three, each filling only text: an oracle that counts rows must allow a first record of text over
    columns of numbers to be taken for units."""
    listed = summary["source"]["header_rows"]
    assert len(listed) <= 3
    head = rows[: len(listed)]
    assert [item["text"] for item in listed] == [
        delimiter.join(row).rstrip(delimiter + " ")[:200] for row in head
    ]
    for row in head:
        assert not any(
            classify(field)[0] != STRING
            for field in row
            if field.strip() and field.strip() not in PANDAS_MISSING_MARKERS
        )
    return len(listed)


def zipped(*members: tuple[str, bytes]) -> bytes:
    """A ZIP archive of `members` (name, bytes), deflated; an ODF `mimetype` stored, as the spec says."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            archive.writestr(name, data, zipfile.ZIP_STORED if name == "mimetype" else None)
    return buffer.getvalue()


def round_floats(value: Any) -> Any:
    """Float sums and M2 may differ in the last bits with the order of addition (a merge of parts
    against one pass): compare them to 9 significant digits."""
    if isinstance(value, float):
        return float(f"{value:.9g}")
    if isinstance(value, dict):
        return {k: round_floats(v) for k, v in value.items()}
    if isinstance(value, list):
        return [round_floats(v) for v in value]
    return value


def profile_bytes(data: bytes, name: str = "test.csv", **options: Any) -> dict[str, Any]:
    summary = profile_stream(io.BytesIO(data), name, ProfileOptions(**options) if options else None)
    return check_summary(summary)


@pytest.fixture
def profile():
    return profile_bytes


__all__ = ["REPO", "check_error_report", "check_summary", "error_report", "profile_bytes", "zipped"]
