"""Helpers for the engine's tests: every summary a test produces is validated against the schema."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from csvpipe.core import ProfileOptions, error_report, profile_stream

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


__all__ = ["REPO", "check_error_report", "check_summary", "error_report", "profile_bytes"]
