from __future__ import annotations

from typing import Any

from csvpipe.adapters.metrics import FILES_PROCESSED, ROWS, Datum, MetricsPublisher


def test_published_metrics_can_be_listed_back(aws: dict[str, Any]) -> None:
    publisher = MetricsPublisher("csvpipe-unit", {"FunctionName": "fn"})
    publisher.publish([Datum(FILES_PROCESSED, 1), Datum(ROWS, 3)])
    metrics = aws["cloudwatch"].list_metrics(Namespace="csvpipe-unit")["Metrics"]
    assert {m["MetricName"] for m in metrics} == {FILES_PROCESSED, ROWS}
    assert all(m["Dimensions"] == [{"Name": "FunctionName", "Value": "fn"}] for m in metrics)


def test_nothing_to_publish_makes_no_call() -> None:
    class Exploding:
        def put_metric_data(self, **kwargs: Any) -> None:
            raise AssertionError("no call expected")

    MetricsPublisher("ns", {}, client=Exploding()).publish([])
