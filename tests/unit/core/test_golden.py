"""The seed's example, key for key: the contract the whole pipeline was asked for."""

from __future__ import annotations

import json

from csvpipe.core import SCHEMA_VERSION, issue_counts

from .conftest import REPO, profile_bytes

# The seed's example output (README of the original request), verbatim.
SEED_SUMMARY = json.loads((REPO / "test-data" / "sales_summary.seed.json").read_text())


def test_sample_csv_matches_the_seed_example_exactly() -> None:
    summary = profile_bytes((REPO / "test-data" / "sample.csv").read_bytes(), "sales.csv")
    for key in ("file_name", "row_count", "schema", "statistics"):
        assert summary[key] == SEED_SUMMARY[key], key
    assert summary["quality_issues"]["missing_values"] == SEED_SUMMARY["quality_issues"]["missing_values"]
    assert summary["schema_version"] == SCHEMA_VERSION
    # int statistics stay ints, as in the seed (5, not 5.0)
    assert type(summary["statistics"]["quantity"]["min"]) is int


def test_sample_csv_richer_column_details() -> None:
    summary = profile_bytes((REPO / "test-data" / "sample.csv").read_bytes(), "sales.csv")
    columns = summary["columns"]
    assert columns["date"]["min"] == "2025-01-01" and columns["date"]["max"] == "2025-01-03"
    assert columns["product"]["top_values"] == [
        {"value": "Widget", "count": 2},
        {"value": "Gadget", "count": 1},
    ]
    assert columns["quantity"]["sum"] == 15 and columns["quantity"]["missing"] == 1
    assert columns["price"]["median"] == 39.99 and columns["price"]["stddev"] == 10.0
    assert issue_counts(summary)["missing_values"] == 1
    assert issue_counts(summary)["duplicate_rows"] == 0
