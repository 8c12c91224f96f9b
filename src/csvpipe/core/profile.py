"""Minimal first version of the engine (replaced by the column-wise engine shortly)."""

from __future__ import annotations

import csv
import io
from typing import Any, BinaryIO

from csvpipe.core.errors import EMPTY_FILE, HEADER_ONLY, ProfileError
from csvpipe.core.options import ProfileOptions

SCHEMA_VERSION = "1.0"


def _kind(value: str) -> str:
    try:
        int(value)
        return "int"
    except ValueError:
        pass
    try:
        float(value)
        return "float"
    except ValueError:
        return "string"


def profile_stream(stream: BinaryIO, file_name: str, options: ProfileOptions | None = None) -> dict:
    options = options or ProfileOptions()
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="replace", newline="")
    reader = csv.reader(text)
    header = next(reader, None)
    if header is None:
        raise ProfileError(EMPTY_FILE, "The file is empty; upload a CSV with a header row.", {"line": 1})
    rows = list(reader)
    if not rows:
        raise ProfileError(HEADER_ONLY, "The file has a header but no rows.", {"line": 2})
    schema: dict[str, str] = {}
    statistics: dict[str, Any] = {}
    missing: dict[str, Any] = {}
    for i, name in enumerate(header):
        values = [r[i] if i < len(r) else "" for r in rows]
        present = [v for v in values if v not in options.missing_markers]
        kinds = {_kind(v) for v in present}
        kind = "string" if "string" in kinds else "float" if "float" in kinds else "int"
        schema[name] = kind
        if kind in ("int", "float"):
            nums = [int(v) if kind == "int" else float(v) for v in present]
            statistics[name] = {"min": min(nums), "max": max(nums), "avg": round(sum(nums) / len(nums), 2)}
        if len(present) < len(values):
            n = len(values) - len(present)
            missing[name] = {"count": n, "percentage": round(100 * n / len(values), 2)}
    return {
        "schema_version": SCHEMA_VERSION,
        "file_name": file_name,
        "row_count": len(rows),
        "schema": schema,
        "statistics": statistics,
        "quality_issues": {"missing_values": missing},
    }


def error_report(file_name: str, error: ProfileError) -> dict:
    return {"schema_version": SCHEMA_VERSION, "file_name": file_name, "error": error.to_dict()}


def issue_counts(summary: dict) -> dict[str, int]:
    return {kind: len(v) for kind, v in summary.get("quality_issues", {}).items()}
