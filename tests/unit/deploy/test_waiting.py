"""Waiting logic with an injected clock: no real sleeping, and a stuck operation ends in a timeout."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from csvpipe.deploy.clock import poll_until
from csvpipe.deploy.errors import DeployTimeout, NotReadyError, TargetCallError
from csvpipe.deploy.stack import apply_change_set, wait_for_stack


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def test_poll_until_returns_the_first_result_and_backs_off() -> None:
    clock = FakeClock()
    answers = iter([None, None, None, "done"])
    assert poll_until(lambda: next(answers), what="x", timeout=60, interval=1, clock=clock) == "done"
    assert clock.sleeps == [1, 1.5, 2.25]


def test_poll_until_gives_up_at_the_deadline() -> None:
    clock = FakeClock()
    with pytest.raises(DeployTimeout, match="gave up waiting for the thing after 10 s"):
        poll_until(lambda: None, what="the thing", timeout=10, interval=1, clock=clock, max_interval=2)
    assert clock.now == pytest.approx(10)
    assert max(clock.sleeps) == 2


class FakeCloudFormation:
    """In-memory CloudFormation: a scripted sequence of stack statuses and one change set outcome."""

    def __init__(self, statuses: list[str | None], change_set: dict[str, Any]) -> None:
        self.statuses = statuses
        self.change_set = change_set
        self.calls: list[str] = []
        self.events: list[dict[str, Any]] = []

    def _status(self) -> str | None:
        return self.statuses.pop(0) if len(self.statuses) > 1 else self.statuses[0]

    def describe_stacks(self, StackName: str) -> dict[str, Any]:
        self.calls.append("describe_stacks")
        status = self._status()
        if status is None:
            raise ClientError(
                {
                    "Error": {
                        "Code": "ValidationError",
                        "Message": f"Stack with id {StackName} does not exist",
                    }
                },
                "DescribeStacks",
            )
        return {"Stacks": [{"StackName": StackName, "StackStatus": status}]}

    def describe_stack_events(self, StackName: str) -> dict[str, Any]:
        return {"StackEvents": list(self.events)}

    def create_change_set(self, **kwargs: Any) -> dict[str, Any]:
        self.calls.append(f"create_change_set:{kwargs['ChangeSetType']}")
        return {}

    def describe_change_set(self, **kwargs: Any) -> dict[str, Any]:
        return self.change_set

    def delete_change_set(self, **kwargs: Any) -> dict[str, Any]:
        self.calls.append("delete_change_set")
        return {}

    def execute_change_set(self, **kwargs: Any) -> dict[str, Any]:
        self.calls.append("execute_change_set")
        self.events.insert(0, {"EventId": "1", "LogicalResourceId": "Q", "ResourceStatus": "CREATE_COMPLETE"})
        return {}

    def delete_stack(self, **kwargs: Any) -> dict[str, Any]:
        self.calls.append("delete_stack")
        return {}


def test_an_empty_change_set_is_success_and_is_cleaned_up() -> None:
    no_changes = {"Status": "FAILED", "StatusReason": "The submitted information didn't contain changes."}
    cfn = FakeCloudFormation(["UPDATE_COMPLETE"], no_changes)
    lines: list[str] = []
    assert apply_change_set(cfn, "s", "{}", {}, lines.append, clock=FakeClock()) is False
    assert "execute_change_set" not in cfn.calls and "delete_change_set" in cfn.calls
    assert lines[-1] == "stack s is up to date: no changes"


def test_a_failed_change_set_raises_with_its_reason() -> None:
    cfn = FakeCloudFormation([None], {"Status": "FAILED", "StatusReason": "Template format error"})
    with pytest.raises(TargetCallError, match="Template format error"):
        apply_change_set(cfn, "s", "{}", {}, lambda _: None, clock=FakeClock())
    assert "create_change_set:CREATE" in cfn.calls


def test_create_waits_for_completion_and_reports_events() -> None:
    cfn = FakeCloudFormation(
        [None, "CREATE_IN_PROGRESS", "CREATE_IN_PROGRESS", "CREATE_COMPLETE"], {"Status": "CREATE_COMPLETE"}
    )
    lines: list[str] = []
    assert apply_change_set(cfn, "s", "{}", {}, lines.append, clock=FakeClock()) is True
    assert "Q: CREATE_COMPLETE" in lines


def test_a_failed_first_create_is_deleted_before_creating_again() -> None:
    cfn = FakeCloudFormation(
        ["ROLLBACK_COMPLETE", "DELETE_IN_PROGRESS", None, "CREATE_COMPLETE"],
        {"Status": "CREATE_COMPLETE"},
    )
    assert apply_change_set(cfn, "s", "{}", {}, lambda _: None, clock=FakeClock()) is True
    assert cfn.calls.index("delete_stack") < cfn.calls.index("create_change_set:CREATE")


def test_a_rolled_back_update_is_an_error() -> None:
    cfn = FakeCloudFormation(
        ["UPDATE_COMPLETE", "UPDATE_ROLLBACK_IN_PROGRESS", "UPDATE_ROLLBACK_COMPLETE"],
        {"Status": "CREATE_COMPLETE"},
    )
    with pytest.raises(TargetCallError, match="UPDATE_ROLLBACK_COMPLETE"):
        apply_change_set(cfn, "s", "{}", {}, lambda _: None, clock=FakeClock())


def test_a_busy_stack_is_refused() -> None:
    cfn = FakeCloudFormation(["UPDATE_IN_PROGRESS"], {"Status": "CREATE_COMPLETE"})
    with pytest.raises(NotReadyError, match="busy"):
        apply_change_set(cfn, "s", "{}", {}, lambda _: None, clock=FakeClock())


def test_a_stack_that_never_settles_times_out() -> None:
    cfn = FakeCloudFormation(["CREATE_IN_PROGRESS"], {"Status": "CREATE_COMPLETE"})
    clock = FakeClock()
    with pytest.raises(DeployTimeout):
        wait_for_stack(cfn, "s", lambda _: None, set(), clock=clock, timeout=600)
    assert clock.now == pytest.approx(600)
