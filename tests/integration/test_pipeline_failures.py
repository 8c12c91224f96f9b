"""A failing invocation is retried by the platform and then lands in the failure queue (nothing lost).

Drives the real path with FAILURE_INJECTION=raise set on the deployed function for the duration of the
test (restored afterwards). AWS retries an async invocation twice, about 1 and 2 minutes apart;
MiniStack makes 3 attempts a second or two apart (docs/fidelity.md), which keeps this test short.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from csvpipe import client
from csvpipe.deploy.stack import Pipeline

SAMPLE = Path(__file__).resolve().parents[2] / "test-data" / "sample.csv"


def set_failure_injection(pipeline: Pipeline, mode: str) -> None:
    lam = pipeline.target.client("lambda")
    config = lam.get_function_configuration(FunctionName=pipeline.outputs.function)
    variables = dict(config.get("Environment", {}).get("Variables", {}))
    variables["FAILURE_INJECTION"] = mode
    lam.update_function_configuration(
        FunctionName=pipeline.outputs.function, Environment={"Variables": variables}
    )
    deadline = time.monotonic() + 30
    while lam.get_function_configuration(FunctionName=pipeline.outputs.function).get(
        "LastUpdateStatus"
    ) not in (
        None,
        "Successful",
    ):
        assert time.monotonic() < deadline, "function update did not settle"
        time.sleep(0.2)


@pytest.fixture
def failing(pipeline: Pipeline) -> Iterator[Pipeline]:
    set_failure_injection(pipeline, "raise")
    try:
        yield pipeline
    finally:
        set_failure_injection(pipeline, "")


def drain(sqs: Any, queue_url: str, wait_s: float, key: str) -> list[dict]:
    """Messages about ``key`` received from the failure queue within ``wait_s`` seconds."""
    found: list[dict] = []
    deadline = time.monotonic() + wait_s
    while time.monotonic() < deadline and not found:
        response = sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10, WaitTimeSeconds=1)
        for message in response.get("Messages", []):
            body = json.loads(message["Body"])
            if key in json.dumps(body):
                found.append(body)
                # Consumed: leave the shared stack's queue as other tests expect it.
                sqs.delete_message(QueueUrl=queue_url, ReceiptHandle=message["ReceiptHandle"])
    return found


@pytest.mark.slow
def test_a_failing_invocation_ends_in_the_failure_queue(failing: Pipeline, tmp_path: Path) -> None:
    path = tmp_path / "doomed.csv"
    path.write_bytes(SAMPLE.read_bytes())
    key = f"uploads/fail-{uuid.uuid4().hex[:8]}/doomed.csv"
    uploaded = client.upload(failing.target, failing.outputs, path, key)
    messages = drain(failing.target.client("sqs"), failing.outputs.queue, 60, key.rsplit("/", 1)[0])
    assert messages, "the failed event never reached the failure queue"
    record = messages[0]
    # Lambda's on-failure destination record: the original event is under requestPayload.
    assert record["requestPayload"]["Records"][0]["s3"]["object"]["versionId"] == uploaded.version_id
    assert record["responseContext"]["functionError"] == "Unhandled"
    # Nothing was half-written: the failure came before any processing.
    everything = client.list_items(failing.target, failing.outputs, limit=None)
    assert not [i for i in everything if i["object_key"] == key]
