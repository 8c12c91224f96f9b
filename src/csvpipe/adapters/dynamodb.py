"""DynamoDB: one metadata item per object version, written so that redelivery is harmless.

Keys: partition ``object_key`` (S, the S3 key), sort ``version`` (S, the S3 version id, or
``etag:<etag>`` for an unversioned bucket). The life of an item:

1. ``claim`` — conditional put (``attribute_not_exists``) of a PROCESSING item. If the item exists
   and is PROCESSED/FAILED, the event is a duplicate and is skipped. If it is still PROCESSING, an
   earlier attempt crashed (or is running): this attempt counts itself and does the work again —
   the outputs are deterministic, so doing them twice is safe, and losing them is not.
2. ``complete`` — conditional update PROCESSING → PROCESSED/FAILED with the results; if another
   attempt already completed it, nothing changes.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from csvpipe.adapters.clients import LazyClient
from csvpipe.adapters.errors import aws_call, error_code

PROCESSING = "PROCESSING"
PROCESSED = "PROCESSED"
FAILED = "FAILED"
TERMINAL_STATUSES = frozenset({PROCESSED, FAILED})


def item_version(version_id: str | None, etag: str) -> str:
    """The sort key: the S3 version id, or ``etag:<etag>`` when the bucket is not versioned."""
    if version_id and version_id != "null":
        return version_id
    return f"etag:{etag.strip(chr(34))}"


# ---- attribute values (a small, exact serializer: no Decimal, no boto3 import) ------------------


def to_attribute(value: Any) -> dict[str, Any]:
    if value is None:
        return {"NULL": True}
    if isinstance(value, bool):
        return {"BOOL": value}
    if isinstance(value, int):
        return {"N": str(value)}
    if isinstance(value, float):
        if not math.isfinite(value):
            return {"NULL": True}
        return {"N": repr(value)}
    if isinstance(value, str):
        return {"S": value}
    if isinstance(value, Mapping):
        return {"M": {str(k): to_attribute(v) for k, v in value.items()}}
    if isinstance(value, list | tuple):
        return {"L": [to_attribute(v) for v in value]}
    raise TypeError(f"cannot store {type(value).__name__} in DynamoDB")


def from_attribute(attribute: Mapping[str, Any]) -> Any:
    ((kind, value),) = attribute.items()
    if kind == "S":
        return value
    if kind == "N":
        is_integer_text = "." not in value and "e" not in value.lower()
        return int(value) if is_integer_text else float(value)
    if kind == "BOOL":
        return bool(value)
    if kind == "NULL":
        return None
    if kind == "M":
        return {k: from_attribute(v) for k, v in value.items()}
    if kind == "L":
        return [from_attribute(v) for v in value]
    return value


def to_item(values: Mapping[str, Any]) -> dict[str, Any]:
    return {k: to_attribute(v) for k, v in values.items()}


def from_item(item: Mapping[str, Any]) -> dict[str, Any]:
    return {k: from_attribute(v) for k, v in item.items()}


def _old_item(exc: BaseException) -> dict[str, Any] | None:
    """The item a ConditionalCheckFailedException carries (ReturnValuesOnConditionCheckFailure)."""
    response = getattr(exc, "response", None)
    item = response.get("Item") if isinstance(response, dict) else None
    return from_item(item) if item else None


# ---- the table ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Claim:
    """Outcome of ``claim``: ``proceed`` is False when the version was already fully processed."""

    proceed: bool
    attempts: int
    existing: dict[str, Any] | None = None


class MetadataTable:
    """The metadata table. ``client`` is injected in tests, else created lazily from the environment."""

    def __init__(self, table_name: str, client: Any = None, session: Any = None) -> None:
        self.table_name = table_name
        self._lazy = LazyClient("dynamodb", client, session)

    @property
    def client(self) -> Any:
        return self._lazy.client

    def claim(self, object_key: str, version: str, attributes: Mapping[str, Any], now: str) -> Claim:
        """Start (or resume) work on one object version; see the module docstring.

        Uses only PutItem and UpdateItem (the role has no GetItem): a failed condition returns the
        existing item (``ReturnValuesOnConditionCheckFailure``).
        """
        item = {
            **attributes,
            "object_key": object_key,
            "version": version,
            "status": PROCESSING,
            "attempts": 1,
            "first_attempt_at": now,
            "updated_at": now,
        }
        existing = self._put_if_absent(item)
        if existing is None:
            return Claim(proceed=True, attempts=1)
        if existing.get("status") in TERMINAL_STATUSES:
            return Claim(proceed=False, attempts=int(existing.get("attempts", 1)), existing=existing)
        try:
            with aws_call("dynamodb:UpdateItem"):
                response = self.client.update_item(
                    TableName=self.table_name,
                    Key=to_item({"object_key": object_key, "version": version}),
                    UpdateExpression="ADD attempts :one SET updated_at = :now, request_id = :rid",
                    ConditionExpression="#status = :processing",
                    ExpressionAttributeNames={"#status": "status"},
                    ExpressionAttributeValues={
                        ":one": to_attribute(1),
                        ":now": to_attribute(now),
                        ":rid": to_attribute(attributes.get("request_id", "")),
                        ":processing": to_attribute(PROCESSING),
                    },
                    ReturnValues="ALL_NEW",
                    ReturnValuesOnConditionCheckFailure="ALL_OLD",
                )
        except Exception as exc:
            if error_code(exc.__cause__ or exc) != "ConditionalCheckFailedException":
                raise
            # Completed by a concurrent attempt between our two calls: a duplicate after all.
            done = _old_item(exc.__cause__ or exc) or existing
            return Claim(proceed=False, attempts=int(done.get("attempts", 1)), existing=done)
        updated = from_item(response.get("Attributes", {}))
        return Claim(proceed=True, attempts=int(updated.get("attempts", 1)), existing=existing)

    def _put_if_absent(self, item: Mapping[str, Any]) -> dict[str, Any] | None:
        """Create the item unless it exists; returns the existing item (None when created)."""
        try:
            with aws_call("dynamodb:PutItem"):
                self.client.put_item(
                    TableName=self.table_name,
                    Item=to_item(item),
                    ConditionExpression="attribute_not_exists(object_key)",
                    ReturnValuesOnConditionCheckFailure="ALL_OLD",
                )
            return None
        except Exception as exc:
            if error_code(exc.__cause__ or exc) != "ConditionalCheckFailedException":
                raise
            return _old_item(exc.__cause__ or exc) or {}

    def complete(self, object_key: str, version: str, results: Mapping[str, Any]) -> bool:
        """Record the outcome (PROCESSING → PROCESSED/FAILED). False if another attempt got there first."""
        names = {f"#a{i}": name for i, name in enumerate(results)}
        values = {f":v{i}": to_attribute(value) for i, value in enumerate(results.values())}
        assignments = ", ".join(f"#a{i} = :v{i}" for i in range(len(results)))
        names["#status"] = "status"
        values[":processing"] = to_attribute(PROCESSING)
        try:
            with aws_call("dynamodb:UpdateItem"):
                self.client.update_item(
                    TableName=self.table_name,
                    Key=to_item({"object_key": object_key, "version": version}),
                    UpdateExpression=f"SET {assignments}",
                    ConditionExpression="#status = :processing",
                    ExpressionAttributeNames=names,
                    ExpressionAttributeValues=values,
                )
            return True
        except Exception as exc:
            if error_code(exc.__cause__ or exc) == "ConditionalCheckFailedException":
                return False
            raise

    def get(self, object_key: str, version: str) -> dict[str, Any] | None:
        """One item by its keys (strongly consistent), or None."""
        with aws_call("dynamodb:GetItem"):
            response = self.client.get_item(
                TableName=self.table_name,
                Key=to_item({"object_key": object_key, "version": version}),
                ConsistentRead=True,
            )
        item = response.get("Item")
        return from_item(item) if item else None

    def scan(self, page_size: int = 100) -> Iterator[dict[str, Any]]:
        """Every item, page by page (the table is small: one item per uploaded file version)."""
        kwargs: dict[str, Any] = {"TableName": self.table_name, "Limit": page_size}
        while True:
            with aws_call("dynamodb:Scan"):
                response = self.client.scan(**kwargs)
            for item in response.get("Items", []):
                yield from_item(item)
            last = response.get("LastEvaluatedKey")
            if not last:
                return
            kwargs["ExclusiveStartKey"] = last


__all__ = [
    "FAILED",
    "PROCESSED",
    "PROCESSING",
    "Claim",
    "MetadataTable",
    "from_item",
    "item_version",
    "to_item",
]
