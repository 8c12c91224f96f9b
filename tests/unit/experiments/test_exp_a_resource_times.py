"""Per-resource create times from stack events, as the emulators and AWS list them (newest first)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from typing import Any

from csvpipe.experiments.exp_a_deployment import resource_times

T0 = datetime(2026, 11, 25, 12, 0, 0, tzinfo=UTC)


class _Events:
    """A CloudFormation client stand-in: one page of events, newest first, as the API returns them
    (so of two events in the same millisecond, the later one, COMPLETE, is listed first)."""

    def __init__(self, chronological: list[dict[str, Any]]) -> None:
        self.events = list(reversed(chronological))

    def get_paginator(self, name: str) -> Any:
        assert name == "describe_stack_events"
        return SimpleNamespace(paginate=lambda StackName: [{"StackEvents": self.events}])


def _event(logical: str, status: str, ms: int, kind: str = "AWS::S3::Bucket") -> dict[str, Any]:
    return {
        "LogicalResourceId": logical,
        "ResourceStatus": status,
        "ResourceType": kind,
        "Timestamp": T0 + timedelta(milliseconds=ms),
    }


def _ctx(events: list[dict[str, Any]]) -> Any:
    client = _Events(events)
    return SimpleNamespace(target=SimpleNamespace(client=lambda service: client))


def test_a_resource_created_within_one_millisecond_is_kept_with_zero_seconds() -> None:
    events = [
        _event("stk", "CREATE_IN_PROGRESS", 0, "AWS::CloudFormation::Stack"),
        _event("Bucket", "CREATE_IN_PROGRESS", 5),
        _event("Bucket", "CREATE_COMPLETE", 5),
        _event("Table", "CREATE_IN_PROGRESS", 6, "AWS::DynamoDB::Table"),
        _event("Table", "CREATE_COMPLETE", 1006, "AWS::DynamoDB::Table"),
        _event("stk", "CREATE_COMPLETE", 1010, "AWS::CloudFormation::Stack"),
    ]
    times = resource_times(_ctx(events), "stk")
    assert times == {("Bucket", "AWS::S3::Bucket"): 0.0, ("Table", "AWS::DynamoDB::Table"): 1.0}
