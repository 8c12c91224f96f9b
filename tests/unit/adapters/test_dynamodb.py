from __future__ import annotations

from typing import Any

import pytest

from csvpipe.adapters.dynamodb import (
    FAILED,
    PROCESSED,
    PROCESSING,
    MetadataTable,
    from_item,
    item_version,
    to_item,
)
from csvpipe.adapters.errors import AwsError


def test_item_version_prefers_version_id() -> None:
    assert item_version("v1", '"abc"') == "v1"
    assert item_version(None, '"abc"') == "etag:abc"
    assert item_version("null", "abc") == "etag:abc"


def test_attribute_values_round_trip() -> None:
    values = {"s": "ü", "i": 3, "f": 0.1, "b": True, "n": None, "m": {"x": 1}, "l": [1, "a"]}
    assert from_item(to_item(values)) == values


def test_first_claim_creates_a_processing_item(aws: dict[str, Any]) -> None:
    table = MetadataTable(aws["table"])
    claim = table.claim("uploads/a.csv", "v1", {"bucket": "b", "request_id": "r1"}, now="t0")
    assert claim.proceed and claim.attempts == 1
    item = table.get("uploads/a.csv", "v1")
    assert item is not None
    assert item["status"] == PROCESSING and item["bucket"] == "b" and item["first_attempt_at"] == "t0"


def test_claim_after_completion_is_skipped_and_changes_nothing(aws: dict[str, Any]) -> None:
    table = MetadataTable(aws["table"], client=aws["dynamodb"])
    table.claim("uploads/a.csv", "v1", {"request_id": "r1"}, now="t0")
    assert table.complete("uploads/a.csv", "v1", {"status": PROCESSED, "row_count": 3})
    before = table.get("uploads/a.csv", "v1")
    again = table.claim("uploads/a.csv", "v1", {"request_id": "r2"}, now="t1")
    assert not again.proceed and again.existing == before
    assert table.get("uploads/a.csv", "v1") == before
    assert len(list(table.scan())) == 1


def test_claim_of_an_unfinished_item_resumes_and_counts_the_attempt(aws: dict[str, Any]) -> None:
    table = MetadataTable(aws["table"], client=aws["dynamodb"])
    table.claim("uploads/a.csv", "v1", {"request_id": "r1"}, now="t0")  # then "crashed"
    again = table.claim("uploads/a.csv", "v1", {"request_id": "r2"}, now="t1")
    assert again.proceed and again.attempts == 2
    item = table.get("uploads/a.csv", "v1")
    assert item is not None and item["request_id"] == "r2" and item["first_attempt_at"] == "t0"


def test_complete_only_once(aws: dict[str, Any]) -> None:
    table = MetadataTable(aws["table"], client=aws["dynamodb"])
    table.claim("k", "v", {}, now="t0")
    assert table.complete("k", "v", {"status": FAILED, "error_code": "EMPTY_FILE"})
    assert not table.complete("k", "v", {"status": PROCESSED})
    item = table.get("k", "v")
    assert item is not None and item["status"] == FAILED


def test_missing_table_is_transient(aws: dict[str, Any]) -> None:
    with pytest.raises(AwsError) as info:
        MetadataTable("no-such-table", client=aws["dynamodb"]).claim("k", "v", {}, now="t")
    assert info.value.code == "ResourceNotFoundException" and info.value.transient


def test_scan_pages_through_everything(aws: dict[str, Any]) -> None:
    table = MetadataTable(aws["table"], client=aws["dynamodb"])
    for i in range(7):
        table.claim(f"k{i}", "v", {}, now="t")
    assert sorted(item["object_key"] for item in table.scan(page_size=3)) == [f"k{i}" for i in range(7)]


class _NoReads:
    """The function's role may PutItem/UpdateItem only: claim must never need GetItem."""

    def __init__(self, client: Any) -> None:
        self._client = client

    def __getattr__(self, name: str) -> Any:
        if name in ("get_item", "scan", "query"):
            raise AssertionError(f"{name} is not allowed for the function's role")
        return getattr(self._client, name)


def test_claim_needs_no_read_permission(aws: dict[str, Any]) -> None:
    table = MetadataTable(aws["table"], client=_NoReads(aws["dynamodb"]))
    assert table.claim("k", "v", {}, now="t0").proceed
    assert table.claim("k", "v", {}, now="t1").attempts == 2
    table.complete("k", "v", {"status": PROCESSED})
    duplicate = table.claim("k", "v", {}, now="t2")
    assert not duplicate.proceed and duplicate.existing is not None
    assert duplicate.existing["status"] == PROCESSED
