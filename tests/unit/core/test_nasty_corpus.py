"""Every file in test-data/nasty against its expected outcome (test-data/nasty/expected.json)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from csvpipe.core import ProfileError, error_report

from .conftest import REPO, check_error_report, profile_bytes

NASTY = REPO / "test-data" / "nasty"
EXPECTED: dict[str, dict[str, Any]] = json.loads((NASTY / "expected.json").read_text(encoding="utf-8"))


def test_every_corpus_file_has_an_expectation() -> None:
    files = {p.name for p in NASTY.iterdir() if p.name not in ("expected.json", "README.md")}
    assert files == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_file(name: str) -> None:
    expected = EXPECTED[name]
    data = (NASTY / name).read_bytes()
    if "error" in expected:
        with pytest.raises(ProfileError) as caught:
            profile_bytes(data, name)
        error = caught.value
        assert error.code == expected["error"]
        assert error.message and error.message[0].isupper()
        assert error.where
        if "line" in expected:
            assert error.where["line"] == expected["line"]
        check_error_report(error_report(name, error))
        return
    summary = profile_bytes(data, name)
    quality = summary["quality_issues"]
    assert summary["row_count"] == expected["row_count"]
    assert summary["schema"] == expected["schema"]
    source = summary["source"]
    if "encoding" in expected:
        assert source["encoding"] == expected["encoding"]
    if "encoding_fallback" in expected:
        assert quality["encoding"]["fallback"] is True
    if "compression" in expected:
        assert source["compression"] == expected["compression"]
    for key in ("delimiter", "quotechar", "line_terminator", "decimal_separator"):
        if key in expected:
            assert source["dialect"][key] == expected[key]
    if "trailing_delimiter" in expected:
        assert source["dialect"]["trailing_delimiter"] is expected["trailing_delimiter"]
    if "header" in expected:
        assert source["dialect"]["header"] is expected["header"]
        assert (source["header_line"] is None) is (not expected["header"])
    if "preamble_lines" in expected:
        assert source["preamble_lines"] == len(source["preamble"]) == expected["preamble_lines"]
    if "header_rows" in expected:
        assert source["header_rows"] == expected["header_rows"]
    if "last_line" in expected:
        assert source["last_line"] == expected["last_line"]
    if "ragged_rows" in expected:
        assert quality["ragged_rows"] == expected["ragged_rows"]
    if "header_problems" in expected:
        assert [p["problem"] for p in quality["header"]] == expected["header_problems"]
    if "blank_lines" in expected:
        assert quality["blank_lines"] == expected["blank_lines"]
    if "repeated_header_rows" in expected:
        assert quality["repeated_header_rows"] == expected["repeated_header_rows"]
    if "ambiguous_reading" in expected:
        (column,) = summary["schema"]
        assert quality["ambiguous_dates"][column]["reading"] == expected["ambiguous_reading"]
        assert summary["columns"][column]["min"] == expected["min"]
    if "mixed_formats" in expected:
        assert sorted(quality["mixed_date_formats"]) == expected["mixed_formats"]
    if "mismatch" in expected:
        for column, found in expected["mismatch"].items():
            assert quality["type_mismatches"][column]["count"] == found["count"]
            assert quality["type_mismatches"][column]["examples"] == found["examples"]
    for column, facts in expected.get("columns", {}).items():
        assert {key: summary["columns"][column][key] for key in facts} == facts
    if "whitespace" in expected:
        assert sorted(quality["whitespace"]) == expected["whitespace"]
    if "top_value" in expected:
        column, value = expected["top_value"]
        assert value in [entry["value"] for entry in summary["columns"][column]["top_values"]]
