"""Timed operations on a deployed pipeline, shared by the experiments.

Why its own polling rather than csvpipe.client's waits: a latency measurement is only as fine as its
polling interval, so the interval here is explicit (10 ms on an emulator, 50 ms on AWS) and every
timestamp is taken with ``time.perf_counter`` on our side, or read from the handler's own stamps
(``processing`` in the summary: cold_start, handler_started_at, claim/read_profile/write in ms).
"""

from __future__ import annotations

import json
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from csvpipe.adapters.dynamodb import item_version
from csvpipe.adapters.layout import OUTPUT_PREFIX, output_key
from csvpipe.deploy.stack import StackOutputs
from csvpipe.deploy.targets import Target


class ProbeTimeout(Exception):
    """An expected output did not appear in time (counted by the experiment, never hidden)."""


@dataclass
class Upload:
    key: str
    version_id: str | None
    etag: str
    size: int
    started: float  # perf_counter before put_object
    put_done: float  # perf_counter after put_object returned
    wall_started: float  # time.time() at the same moment as ``started``


@dataclass
class Observation:
    """What came out of one upload: which output, when, and the handler's own stamps."""

    upload: Upload
    kind: str | None = None  # summary | error | None (nothing appeared)
    output_seen: float | None = None
    document: dict[str, Any] | None = None
    item: dict[str, Any] | None = None
    item_seen: float | None = None

    @property
    def processing(self) -> dict[str, Any]:
        return dict((self.document or {}).get("processing") or {})

    @property
    def cold_start(self) -> bool | None:
        value = self.processing.get("cold_start")
        return value if isinstance(value, bool) else None

    @property
    def e2e_s(self) -> float | None:
        return None if self.output_seen is None else self.output_seen - self.upload.started

    @property
    def item_s(self) -> float | None:
        return None if self.item_seen is None else self.item_seen - self.upload.started

    @property
    def handler_s(self) -> float | None:
        """Claim + read/profile + write, as the handler measured them (the item's ``duration_ms``; the
        summary cannot hold its own write time)."""
        duration = (self.item or {}).get("duration_ms")
        return float(duration) / 1000 if isinstance(duration, int | float) else None

    def phase_ms(self, phase: str) -> float | None:
        """A phase stamp (claim_ms, read_profile_ms, write_ms) from the item, else from the summary."""
        for source in (self.item or {}, self.processing):
            value = source.get(phase)
            if isinstance(value, int | float):
                return float(value)
        return None

    @property
    def delivery_s(self) -> float | None:
        """Upload returned → handler started (wall clocks; same host on emulators, NTP skew on AWS)."""
        started = self.processing.get("handler_started_at")
        if not isinstance(started, str):
            return None
        handler_wall = datetime.fromisoformat(started.replace("Z", "+00:00")).timestamp()
        put_done_wall = self.upload.wall_started + (self.upload.put_done - self.upload.started)
        return handler_wall - put_done_wall


@dataclass
class Pipeline:
    """Clients for one deployed stack, created once."""

    target: Target
    outputs: StackOutputs
    poll_interval: float = 0.01
    clients: dict[str, Any] = field(default_factory=dict)

    def client(self, service: str) -> Any:
        if service not in self.clients:
            self.clients[service] = self.target.client(service)
        return self.clients[service]

    # -- uploads and outputs -------------------------------------------------------------------------

    def put(self, key: str, body: bytes) -> Upload:
        s3 = self.client("s3")
        wall = time.time()
        started = time.perf_counter()
        response = s3.put_object(Bucket=self.outputs.bucket, Key=key, Body=body)
        done = time.perf_counter()
        return Upload(key, response.get("VersionId"), response["ETag"], len(body), started, done, wall)

    def head(self, key: str) -> dict[str, Any] | None:
        from botocore.exceptions import ClientError

        try:
            return dict(self.client("s3").head_object(Bucket=self.outputs.bucket, Key=key))
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
                return None
            raise

    def read_json(self, key: str) -> dict[str, Any]:
        body = self.client("s3").get_object(Bucket=self.outputs.bucket, Key=key)["Body"].read()
        document: dict[str, Any] = json.loads(body)
        return document

    def wait_output(
        self, upload: Upload, timeout: float, *, with_item: bool = True, output_prefix: str = OUTPUT_PREFIX
    ) -> Observation:
        """Poll for the summary or the error report of ``upload``, then for its metadata item."""
        observation = Observation(upload)
        candidates = {
            kind: output_key(upload.key, kind, output_prefix=output_prefix) for kind in ("summary", "error")
        }
        deadline = upload.started + timeout
        while time.perf_counter() < deadline:
            for kind, key in candidates.items():
                if self.head(key) is not None:
                    observation.kind, observation.output_seen = kind, time.perf_counter()
                    observation.document = self.read_json(key)
                    break
            if observation.kind:
                break
            time.sleep(self.poll_interval)
        if observation.kind and with_item:
            while time.perf_counter() < deadline:
                item = self.get_item(upload)
                if item and item.get("status") in ("PROCESSED", "FAILED"):
                    observation.item, observation.item_seen = item, time.perf_counter()
                    break
                time.sleep(self.poll_interval)
        return observation

    def get_item(self, upload: Upload) -> dict[str, Any] | None:
        version = item_version(upload.version_id, upload.etag)
        response = self.client("dynamodb").get_item(
            TableName=self.outputs.table,
            Key={"object_key": {"S": upload.key}, "version": {"S": version}},
            ConsistentRead=True,
        )
        raw = response.get("Item")
        if not raw:
            return None
        return {name: _plain(value) for name, value in raw.items()}

    def list_keys(self, prefix: str) -> set[str]:
        keys: set[str] = set()
        paginator = self.client("s3").get_paginator("list_objects_v2")
        for page in paginator.paginate(Bucket=self.outputs.bucket, Prefix=prefix):
            keys.update(obj["Key"] for obj in page.get("Contents", []))
        return keys

    # -- function configuration ----------------------------------------------------------------------

    def configuration(self) -> dict[str, Any]:
        return dict(self.client("lambda").get_function_configuration(FunctionName=self.outputs.function))

    def environment(self) -> dict[str, str]:
        return dict(self.configuration().get("Environment", {}).get("Variables", {}))

    def update_configuration(self, **changes: Any) -> float:
        """Apply a configuration change and wait until it is live; returns the seconds it took.

        Any configuration change makes the platform start new execution environments: this is how
        experiments force a cold start.
        """
        started = time.perf_counter()
        self.client("lambda").update_function_configuration(FunctionName=self.outputs.function, **changes)
        deadline = started + 300
        while time.perf_counter() < deadline:
            config = self.configuration()
            if config.get("LastUpdateStatus", "Successful") == "Successful" and config.get(
                "State", "Active"
            ) in (
                "Active",
                None,
            ):
                return time.perf_counter() - started
            if config.get("LastUpdateStatus") == "Failed":
                raise RuntimeError(f"function update failed: {config.get('LastUpdateStatusReason')}")
            time.sleep(0.05 if self.target.is_emulator else 1.0)
        raise ProbeTimeout("the function configuration update did not finish within 300 s")

    def set_environment(self, variables: dict[str, str]) -> float:
        return self.update_configuration(Environment={"Variables": variables})

    def force_cold(self, base: dict[str, str]) -> float:
        """A fresh value of a harmless variable: new execution environments on the next event."""
        return self.set_environment({**base, "CSVPIPE_EXPERIMENT_NONCE": uuid.uuid4().hex[:12]})

    # -- failure queue and logs ----------------------------------------------------------------------

    def drain_queue(self, wait_s: float = 0.0) -> list[dict[str, Any]]:
        """Receive and delete every message now in the failure queue (waiting up to ``wait_s`` for one)."""
        sqs = self.client("sqs")
        messages: list[dict[str, Any]] = []
        deadline = time.perf_counter() + wait_s
        while True:
            response = sqs.receive_message(
                QueueUrl=self.outputs.queue, MaxNumberOfMessages=10, WaitTimeSeconds=0, VisibilityTimeout=30
            )
            batch = response.get("Messages", [])
            for message in batch:
                messages.append(message)
                sqs.delete_message(QueueUrl=self.outputs.queue, ReceiptHandle=message["ReceiptHandle"])
            if batch:
                continue
            if messages or time.perf_counter() >= deadline:
                return messages
            time.sleep(0.25)

    def log_events(self, since_wall: float, pattern: str | None = None) -> list[dict[str, Any]]:
        """The function's log events since ``since_wall`` (epoch seconds), optionally filtered."""
        from botocore.exceptions import ClientError

        logs = self.client("logs")
        group = self.outputs.log_group or f"/aws/lambda/{self.outputs.function}"
        kwargs: dict[str, Any] = {"logGroupName": group, "startTime": int(since_wall * 1000) - 1000}
        if pattern:
            kwargs["filterPattern"] = pattern
        events: list[dict[str, Any]] = []
        try:
            while True:
                response = logs.filter_log_events(**kwargs)
                events.extend(response.get("events", []))
                token = response.get("nextToken")
                if not token or token == kwargs.get("nextToken"):
                    break
                kwargs["nextToken"] = token
        except ClientError:
            return []
        return sorted(events, key=lambda e: e.get("timestamp", 0))


def _plain(value: dict[str, Any]) -> Any:
    """A DynamoDB attribute value as a plain Python value (numbers as float)."""
    ((kind, raw),) = value.items()
    if kind == "S":
        return raw
    if kind == "N":
        return float(raw)
    if kind == "BOOL":
        return bool(raw)
    if kind == "NULL":
        return None
    if kind == "M":
        return {k: _plain(v) for k, v in raw.items()}
    if kind == "L":
        return [_plain(v) for v in raw]
    return raw
