"""CloudWatch metrics through PutMetricData, the one path readable back on every target.

(Embedded-metric-format log lines would be cheaper on AWS, but MiniStack does not turn them into
metrics; see docs/fidelity.md.) Publishing raises AwsError; the handler logs it and carries on,
because a lost metric must never cost a file.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from csvpipe.adapters.clients import LazyClient
from csvpipe.adapters.errors import aws_call

# Metric names and units, shared with the client and experiments that read them back.
FILES_PROCESSED = "FilesProcessed"
FILES_FAILED = "FilesFailed"
ROWS = "Rows"
BYTES = "Bytes"
PROCESSING_TIME_MS = "ProcessingTimeMs"
QUALITY_ISSUES = "QualityIssues"

UNITS = {
    FILES_PROCESSED: "Count",
    FILES_FAILED: "Count",
    ROWS: "Count",
    BYTES: "Bytes",
    PROCESSING_TIME_MS: "Milliseconds",
    QUALITY_ISSUES: "Count",
}


@dataclass(frozen=True)
class Datum:
    name: str
    value: float


class MetricsPublisher:
    """Publishes datapoints under one namespace with fixed dimensions (e.g. FunctionName)."""

    def __init__(
        self,
        namespace: str,
        dimensions: Mapping[str, str],
        client: Any = None,
        session: Any = None,
    ) -> None:
        self.namespace = namespace
        self.dimensions = [{"Name": k, "Value": v} for k, v in dimensions.items()]
        self._lazy = LazyClient("cloudwatch", client, session)

    @property
    def client(self) -> Any:
        return self._lazy.client

    def publish(self, data: Sequence[Datum]) -> None:
        if not data:
            return
        metric_data = [
            {
                "MetricName": d.name,
                "Dimensions": self.dimensions,
                "Value": float(d.value),
                "Unit": UNITS.get(d.name, "None"),
            }
            for d in data
        ]
        for start in range(0, len(metric_data), 1000):  # API limit per call
            with aws_call("cloudwatch:PutMetricData"):
                self.client.put_metric_data(
                    Namespace=self.namespace, MetricData=metric_data[start : start + 1000]
                )
