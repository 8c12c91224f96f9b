"""csvpipe.client's waiting logic against moto with a fake clock (no real sleeping)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from csvpipe.adapters.dynamodb import MetadataTable
from csvpipe.client import ResultTimeout, wait_for_result
from csvpipe.deploy.stack import StackOutputs


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0
        self.sleeps: list[float] = []
        self.on_sleep: Any = None

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds
        if self.on_sleep:
            self.on_sleep(len(self.sleeps))


def outputs(aws: dict[str, Any]) -> StackOutputs:
    return StackOutputs("s", "us-east-1", None, aws["bucket"], aws["table"], "fn", "q", "art")


def test_waits_for_the_output_of_this_version_and_the_finished_item(aws: dict[str, Any]) -> None:
    s3, bucket = aws["s3"], aws["bucket"]
    table = MetadataTable(aws["table"], client=aws["dynamodb"])
    key = "uploads/x.csv"
    # An older upload's summary is already there: it must not count.
    s3.put_object(
        Bucket=bucket,
        Key="processed/x_summary.json",
        Body=json.dumps({"processing": {"source_version": "old"}}),
    )
    clock = FakeClock()

    def pipeline_progress(n: int) -> None:
        if n == 3:
            table.claim(key, "v2", {}, now="t")
            s3.put_object(
                Bucket=bucket,
                Key="processed/x_summary.json",
                Body=json.dumps({"row_count": 1, "processing": {"source_version": "v2"}}),
            )
        if n == 5:
            table.complete(key, "v2", {"status": "PROCESSED"})

    clock.on_sleep = pipeline_progress
    result = wait_for_result(
        None, outputs(aws), key, "v2", 10, started=99.0, clock=clock, s3=s3, dynamodb=aws["dynamodb"]
    )  # type: ignore[arg-type]
    assert result.status == "PROCESSED" and result.document["row_count"] == 1
    assert clock.sleeps[:3] == pytest.approx([0.02, 0.03, 0.045])  # backoff
    assert result.latency.output_visible_s == pytest.approx(1.0 + sum(clock.sleeps[:3]), abs=1e-3)
    assert result.latency.item_visible_s == pytest.approx(1.0 + sum(clock.sleeps[:5]), abs=1e-3)
    assert result.latency.polls == 6


def test_timeout_says_what_was_missing(aws: dict[str, Any]) -> None:
    clock = FakeClock()
    with pytest.raises(ResultTimeout) as info:
        wait_for_result(
            None, outputs(aws), "uploads/y.csv", "v", 2, clock=clock, s3=aws["s3"], dynamodb=aws["dynamodb"]
        )  # type: ignore[arg-type]
    assert info.value.seen == {"output": False, "item": False}
    assert clock.now == pytest.approx(102.0)
