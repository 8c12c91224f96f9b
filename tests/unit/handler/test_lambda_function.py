"""The handler against moto: real boto3 calls, real bytes, the engine for real."""

from __future__ import annotations

import bz2
import gzip
import json
import lzma
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from urllib.parse import quote_plus

import jsonschema
import pytest

from csvpipe.adapters.errors import AwsError
from csvpipe.handler import lambda_function
from csvpipe.handler.failure_injection import InjectedFailure
from csvpipe.handler.lambda_function import Runtime, handle
from csvpipe.handler.settings import Settings

SAMPLE = Path(__file__).resolve().parents[3] / "test-data" / "sample.csv"
_SCHEMAS = Path(__file__).resolve().parents[3] / "src" / "csvpipe" / "schemas"
SUMMARY_SCHEMA = jsonschema.Draft202012Validator(json.loads((_SCHEMAS / "summary.schema.json").read_text()))
ERROR_SCHEMA = jsonschema.Draft202012Validator(json.loads((_SCHEMAS / "error.schema.json").read_text()))


def runtime(aws: dict[str, Any], **overrides: Any) -> Runtime:
    return Runtime(
        Settings(table_name=aws["table"], function_name="fn", metrics_namespace="unit", **overrides)
    )


def upload(aws: dict[str, Any], key: str, body: bytes, **extra: Any) -> dict[str, Any]:
    """Put an object and return the S3 event record AWS would send (key form-encoded)."""
    response = aws["s3"].put_object(Bucket=aws["bucket"], Key=key, Body=body, **extra)
    return {
        "eventName": "ObjectCreated:Put",
        "s3": {
            "bucket": {"name": aws["bucket"]},
            "object": {
                "key": quote_plus(key, safe="/"),
                "size": len(body),
                "eTag": response["ETag"].strip('"'),
                "versionId": response.get("VersionId"),
            },
        },
    }


def ctx(request_id: str = "req-1") -> Any:
    return SimpleNamespace(aws_request_id=request_id)


def get_json(aws: dict[str, Any], key: str) -> dict[str, Any]:
    """An output document, which must match its published schema (the handler's `processing` block and
    codes included)."""
    document: dict[str, Any] = json.loads(aws["s3"].get_object(Bucket=aws["bucket"], Key=key)["Body"].read())
    if key.endswith(("_summary.json", ".summary.json")):
        SUMMARY_SCHEMA.validate(document)
    elif key.endswith(("_error.json", ".error.json")):
        ERROR_SCHEMA.validate(document)
    return document


def items(aws: dict[str, Any]) -> list[dict[str, Any]]:
    from csvpipe.adapters.dynamodb import MetadataTable

    return list(MetadataTable(aws["table"], client=aws["dynamodb"]).scan())


def test_sample_csv_gives_summary_item_and_metrics(aws: dict[str, Any]) -> None:
    record = upload(aws, "uploads/sales.csv", SAMPLE.read_bytes())
    result = handle({"Records": [record]}, ctx(), runtime(aws))
    assert result["processed"] == 1
    summary = get_json(aws, "processed/sales_summary.json")
    assert summary["file_name"] == "sales.csv" and summary["row_count"] == 3
    assert summary["processing"]["request_id"] == "req-1" and summary["processing"]["cold_start"] is True
    (item,) = items(aws)
    assert item["status"] == "PROCESSED" and item["row_count"] == 3 and item["column_count"] == 4
    assert item["version"] == record["s3"]["object"]["versionId"]
    assert item["summary_key"] == "processed/sales_summary.json" and item["attempts"] == 1
    assert item["issue_counts"]["missing_values"] == 1
    assert item["quality_issue_total"] == sum(item["issue_counts"].values())
    assert item["size"] == SAMPLE.stat().st_size and item["completed_at"].endswith("Z")
    names = {m["MetricName"] for m in aws["cloudwatch"].list_metrics(Namespace="unit")["Metrics"]}
    assert names == {"FilesProcessed", "FilesFailed", "Rows", "Bytes", "ProcessingTimeMs", "QualityIssues"}


def test_redelivery_leaves_one_item_and_the_same_summary(aws: dict[str, Any]) -> None:
    event = {"Records": [upload(aws, "uploads/sales.csv", SAMPLE.read_bytes())]}
    rt = runtime(aws)
    handle(event, ctx("first"), rt)
    first = aws["s3"].get_object(Bucket=aws["bucket"], Key="processed/sales_summary.json")
    result = handle(event, ctx("second"), rt)
    assert result["duplicates"] == 1 and result["processed"] == 0
    second = aws["s3"].get_object(Bucket=aws["bucket"], Key="processed/sales_summary.json")
    assert second["VersionId"] == first["VersionId"]  # not rewritten
    (item,) = items(aws)
    assert item["request_id"] == "first"


def test_a_new_version_of_the_same_key_gets_its_own_item(aws: dict[str, Any]) -> None:
    rt = runtime(aws)
    handle({"Records": [upload(aws, "uploads/sales.csv", SAMPLE.read_bytes())]}, ctx(), rt)
    handle({"Records": [upload(aws, "uploads/sales.csv", b"a\n1\n")]}, ctx(), rt)
    assert len(items(aws)) == 2
    assert get_json(aws, "processed/sales_summary.json")["row_count"] == 1


def test_rejected_file_gets_error_report_failed_item_and_succeeds(aws: dict[str, Any]) -> None:
    record = upload(aws, "uploads/empty.csv", b"")
    result = handle({"Records": [record]}, ctx(), runtime(aws))
    assert result["failed"] == 1
    report = get_json(aws, "processed/empty_error.json")
    assert report["error"]["code"] == "EMPTY_FILE"
    (item,) = items(aws)
    assert item["status"] == "FAILED" and item["error_code"] == "EMPTY_FILE"
    assert item["error_key"] == "processed/empty_error.json"
    original = aws["s3"].get_object(Bucket=aws["bucket"], Key="uploads/empty.csv")
    assert original["VersionId"] == record["s3"]["object"]["versionId"]


def test_an_upload_is_read_in_the_encoding_its_metadata_names(aws: dict[str, Any]) -> None:
    body = "Město;Částka\nPlzeň;1,5\nBrno;2,5\n".encode("cp1250")
    named = upload(aws, "uploads/cz.csv", body, Metadata={"csv-encoding": "latin2"})
    detected = upload(aws, "uploads/cz2.csv", body)
    assert handle({"Records": [named, detected]}, ctx(), runtime(aws))["failed"] == 0
    summary = get_json(aws, "processed/cz_summary.json")
    assert summary["source"]["encoding"] == "iso8859-2" and list(summary["schema"]) == ["Město", "Částka"]
    assert get_json(aws, "processed/cz2_summary.json")["source"]["encoding"] == "cp1252"  # ř read as ø


def test_metadata_naming_no_encoding_gets_an_error_report_not_a_retry(aws: dict[str, Any]) -> None:
    record = upload(aws, "uploads/x.csv", b"a,b\n1,2\n", Metadata={"csv-encoding": "rot13"})
    assert handle({"Records": [record]}, ctx(), runtime(aws))["failed"] == 1
    report = get_json(aws, "processed/x_error.json")
    assert report["error"]["code"] == "UNKNOWN_ENCODING"
    assert report["error"]["where"] == {"metadata": "csv-encoding", "value": "rot13"}
    (item,) = items(aws)
    assert item["status"] == "FAILED" and item["error_code"] == "UNKNOWN_ENCODING"


def test_a_file_that_would_outlast_the_function_gets_a_time_limit_report(
    aws: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The handler gives the engine the function's remaining time, less a reserve for the writes:
    a file too big for it ends as an error report and a FAILED item, and the invocation succeeds
    (a retry would only time out again)."""
    seen: list[float] = []

    def limit(seconds_left: float) -> float:
        seen.append(seconds_left)
        return 1e-6

    monkeypatch.setattr("csvpipe.handler.process.profiling_time_limit", limit)
    context = SimpleNamespace(aws_request_id="req-t", get_remaining_time_in_millis=lambda: 42_000)
    record = upload(aws, "uploads/sales.csv", SAMPLE.read_bytes())
    result = handle({"Records": [record]}, context, runtime(aws))
    assert result["failed"] == 1 and seen == [42.0]
    report = get_json(aws, "processed/sales_error.json")
    assert report["error"]["code"] == "TIME_LIMIT"
    (item,) = items(aws)
    assert item["status"] == "FAILED" and item["error_code"] == "TIME_LIMIT"


def test_the_reserve_for_writing_results_is_a_fifth_between_2_and_10_seconds() -> None:
    from csvpipe.handler.process import profiling_time_limit

    assert profiling_time_limit(120.0) == 110.0
    assert profiling_time_limit(20.0) == 16.0
    assert profiling_time_limit(5.0) == 3.0
    assert profiling_time_limit(1.0) == 0.5  # never nothing: a small file still gets its chance


def test_an_engine_bug_still_leaves_a_report(aws: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(stream: Any, file_name: str, options: Any = None) -> dict[str, Any]:
        raise ZeroDivisionError("oops")

    monkeypatch.setattr("csvpipe.core.profile_stream", broken)
    handle({"Records": [upload(aws, "uploads/sales.csv", SAMPLE.read_bytes())]}, ctx(), runtime(aws))
    report = get_json(aws, "processed/sales_error.json")
    assert report["error"]["code"] == "INTERNAL_ERROR"
    assert "ZeroDivisionError" in report["error"]["where"]["traceback"]
    assert items(aws)[0]["status"] == "FAILED"


def test_gzip_input_is_decompressed_while_streaming(aws: dict[str, Any]) -> None:
    record = upload(aws, "uploads/a/b/sales.csv.gz", gzip.compress(SAMPLE.read_bytes()))
    handle({"Records": [record]}, ctx(), runtime(aws))
    assert get_json(aws, "processed/a/b/sales.csv.gz.summary.json")["row_count"] == 3


def test_corrupt_gzip_is_bad_data_not_a_crash(aws: dict[str, Any]) -> None:
    truncated = gzip.compress(SAMPLE.read_bytes() * 50)[:60]
    handle({"Records": [upload(aws, "uploads/x.csv.gz", truncated)]}, ctx(), runtime(aws))
    assert get_json(aws, "processed/x.csv.gz.error.json")["error"]["code"] == "BAD_GZIP"


@pytest.mark.parametrize(("compress", "suffix"), [(bz2.compress, ".csv.bz2"), (lzma.compress, ".csv.xz")])
def test_bzip2_and_xz_are_read_and_their_corrupt_data_is_a_failed_record(
    aws: dict[str, Any], compress: Callable[[bytes], bytes], suffix: str
) -> None:
    packed = compress(SAMPLE.read_bytes() * 50)
    good = upload(aws, "uploads/a/sales" + suffix, packed)
    cut = upload(aws, "uploads/a/cut" + suffix, packed[: len(packed) // 2])
    handle({"Records": [good, cut]}, ctx(), runtime(aws))
    assert get_json(aws, f"processed/a/sales{suffix}.summary.json")["row_count"] == 150
    report = get_json(aws, f"processed/a/cut{suffix}.error.json")
    assert report["error"]["code"] == "BAD_COMPRESSED_DATA"
    statuses = {item["object_key"]: (item["status"], item.get("error_code")) for item in items(aws)}
    assert statuses[f"uploads/a/cut{suffix}"] == ("FAILED", "BAD_COMPRESSED_DATA")
    assert statuses[f"uploads/a/sales{suffix}"] == ("PROCESSED", None)


def test_a_csv_and_its_gzip_in_one_folder_each_keep_their_outputs(aws: dict[str, Any]) -> None:
    """Every upload ends as its own summary: until 2026-11-27 `x.csv.gz` overwrote `x.csv`'s."""
    plain = upload(aws, "uploads/a/sales.csv", SAMPLE.read_bytes())
    packed = upload(
        aws, "uploads/a/sales.csv.gz", gzip.compress(SAMPLE.read_bytes() + b"2025-01-04,Mouse,20,2.50\n")
    )
    handle({"Records": [plain, packed]}, ctx(), runtime(aws))
    assert get_json(aws, "processed/a/sales_summary.json")["row_count"] == 3
    assert get_json(aws, "processed/a/sales.csv.gz.summary.json")["row_count"] == 4


def test_a_dropped_connection_mid_read_retries_instead_of_failing_the_file(
    aws: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    from botocore.exceptions import ResponseStreamingError

    record = upload(aws, "uploads/sales.csv", SAMPLE.read_bytes() * 2000)
    rt = runtime(aws)
    real_get = rt.s3.client.get_object

    def dropping_get(**kwargs: Any) -> dict[str, Any]:
        response = real_get(**kwargs)
        body = response["Body"]
        calls = {"n": 0}

        def read(n: int = -1) -> bytes:
            calls["n"] += 1
            if calls["n"] > 1:
                raise ResponseStreamingError(error="connection reset by peer")
            return body._raw_stream.read(n)  # first chunk arrives, then the connection drops

        response["Body"] = SimpleNamespace(read=read, close=body.close)
        return response

    monkeypatch.setattr(rt.s3.client, "get_object", dropping_get)
    with pytest.raises(AwsError) as info:
        handle({"Records": [record]}, ctx(), rt)
    assert info.value.transient
    (item,) = items(aws)
    assert item["status"] == "PROCESSING"  # not FAILED: the retry will do it
    assert "Contents" not in aws["s3"].list_objects_v2(Bucket=aws["bucket"], Prefix="processed/")


def test_unicode_and_space_keys(aws: dict[str, Any]) -> None:
    handle({"Records": [upload(aws, "uploads/my sales ü.csv", SAMPLE.read_bytes())]}, ctx(), runtime(aws))
    assert get_json(aws, "processed/my sales ü_summary.json")["file_name"] == "my sales ü.csv"


def test_keys_outside_the_input_prefix_folder_markers_and_probes_are_ignored(aws: dict[str, Any]) -> None:
    records = [
        upload(aws, "other/a.csv", b"a\n1\n"),
        upload(aws, "uploads/folder/", b""),
        upload(aws, "uploads/_iam_probe/r.txt", b"probe"),
    ]
    result = handle({"Records": records}, ctx(), runtime(aws))
    assert result["ignored"] == 3 and items(aws) == []


def test_an_upload_of_any_name_is_processed(aws: dict[str, Any]) -> None:
    """Until 2026-11-27 `.txt`, `.Csv` and names without a suffix were ignored: no summary, no report."""
    records = [
        upload(aws, "uploads/a.txt", b"a\n1\n"),
        upload(aws, "uploads/b/export", b"a;b\n1;2\n"),
        upload(aws, "uploads/c.json", b'{"a": 1}\n'),
    ]
    result = handle({"Records": records}, ctx(), runtime(aws))
    assert result["ignored"] == 0
    statuses = {item["object_key"]: (item["status"], item.get("error_code")) for item in items(aws)}
    assert statuses == {
        "uploads/a.txt": ("PROCESSED", None),
        "uploads/b/export": ("PROCESSED", None),
        "uploads/c.json": ("FAILED", "OTHER_TEXT_FORMAT"),
    }
    assert get_json(aws, "processed/a.txt.summary.json")["row_count"] == 1
    assert get_json(aws, "processed/b/export.summary.json")["schema"] == {"a": "int", "b": "int"}
    assert get_json(aws, "processed/c.json.error.json")["error"]["code"] == "OTHER_TEXT_FORMAT"


def test_missing_table_raises_so_the_platform_retries(aws: dict[str, Any]) -> None:
    rt = Runtime(Settings(table_name="gone", function_name="fn"))
    with pytest.raises(AwsError) as info:
        handle({"Records": [upload(aws, "uploads/sales.csv", SAMPLE.read_bytes())]}, ctx(), rt)
    assert info.value.transient


def test_other_records_still_run_before_the_retry(aws: dict[str, Any]) -> None:
    missing = upload(aws, "uploads/gone.csv", b"a\n1\n")
    aws["s3"].delete_object(
        Bucket=aws["bucket"], Key="uploads/gone.csv", VersionId=missing["s3"]["object"]["versionId"]
    )
    good = upload(aws, "uploads/sales.csv", SAMPLE.read_bytes())
    with pytest.raises(AwsError):
        handle({"Records": [missing, good]}, ctx(), runtime(aws))
    assert get_json(aws, "processed/sales_summary.json")["row_count"] == 3


def test_a_metrics_failure_does_not_fail_the_file(aws: dict[str, Any], capsys: pytest.CaptureFixture) -> None:
    rt = runtime(aws)

    class Down:
        def put_metric_data(self, **kwargs: Any) -> None:
            from botocore.exceptions import EndpointConnectionError

            raise EndpointConnectionError(endpoint_url="http://monitoring")

    rt.metrics._lazy._client = Down()
    result = handle({"Records": [upload(aws, "uploads/sales.csv", SAMPLE.read_bytes())]}, ctx(), rt)
    assert result["processed"] == 1
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [line["message"] for line in lines] == ["file_processed", "metrics_failed"]
    assert lines[0]["status"] == "PROCESSED" and lines[0]["request_id"] == "req-1"
    assert lines[0]["key"] == "uploads/sales.csv" and lines[0]["duration_ms"] > 0


def test_failure_injection_raise(aws: dict[str, Any]) -> None:
    with pytest.raises(InjectedFailure):
        handle(
            {"Records": [upload(aws, "uploads/sales.csv", SAMPLE.read_bytes())]},
            ctx(),
            runtime(aws, failure_injection="raise"),
        )
    assert items(aws) == []


def test_probe_uploads_reports_the_write(aws: dict[str, Any], capsys: pytest.CaptureFixture) -> None:
    rt = runtime(aws, failure_injection="probe-uploads")
    handle({"Records": [upload(aws, "uploads/sales.csv", SAMPLE.read_bytes())]}, ctx(), rt)
    probe = next(json.loads(x) for x in capsys.readouterr().out.splitlines() if "iam_probe" in x)
    assert probe["outcome"] == "ALLOWED"  # moto does not enforce IAM; the integration test does


def test_memory_hog_takes_the_memory_and_then_processes_normally(
    aws: dict[str, Any], capsys: pytest.CaptureFixture
) -> None:
    """Only a platform that enforces the function's memory stops it (experiment D); elsewhere the
    file is processed as usual."""
    rt = runtime(aws, failure_injection="hog:8")
    result = handle({"Records": [upload(aws, "uploads/sales.csv", SAMPLE.read_bytes())]}, ctx(), rt)
    assert result["processed"] == 1
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines() if x.startswith("{")]
    assert [x["megabytes"] for x in lines if x["message"] == "memory_hog_survived"] == [8]


def test_module_import_is_light() -> None:
    import subprocess
    import sys

    code = "import sys, csvpipe.handler.lambda_function; print('boto3' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
    assert lambda_function.MODULE_LOADED_AT > 0


def test_the_entry_point_reads_its_settings_from_the_environment(
    aws: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TABLE_NAME", aws["table"])
    monkeypatch.setenv("AWS_LAMBDA_FUNCTION_NAME", "entry-fn")
    monkeypatch.setattr(lambda_function, "_runtime", None)
    event = {"Records": [upload(aws, "uploads/sales.csv", SAMPLE.read_bytes())]}
    first = lambda_function.handler(event, ctx("a"))
    second = lambda_function.handler(event, ctx("b"))
    assert (first["processed"], second["duplicates"]) == (1, 1)
    summary = get_json(aws, "processed/sales_summary.json")
    assert summary["processing"]["cold_start"] is True  # only the first call of this environment
    metrics = aws["cloudwatch"].list_metrics(Namespace="csvpipe")["Metrics"]
    assert {d["Value"] for m in metrics for d in m["Dimensions"]} == {"entry-fn"}


def test_a_file_wider_than_the_functions_memory_allows_gets_a_report_not_a_crash(
    aws: dict[str, Any],
) -> None:
    """With 128 MB (the smallest function) 100 columns are taken: a wider file would need more memory
    for its sketches than the function has, so it ends as TOO_MANY_COLUMNS and a FAILED item."""
    context = SimpleNamespace(aws_request_id="req-w", memory_limit_in_mb="128")
    header = ",".join(f"c{i}" for i in range(101))
    record = upload(aws, "uploads/wide.csv", f"{header}\n{','.join('1' * 101)}\n".encode())
    result = handle({"Records": [record]}, context, runtime(aws))
    assert result["failed"] == 1
    report = get_json(aws, "processed/wide_error.json")
    assert report["error"]["code"] == "TOO_MANY_COLUMNS"
    assert "give it more memory" in report["error"]["message"]
    assert items(aws)[0]["error_code"] == "TOO_MANY_COLUMNS"
    narrow_header = header[: header.index(",c100")]
    narrow = upload(aws, "uploads/narrow.csv", f"{narrow_header}\n{','.join('1' * 100)}\n".encode())
    assert handle({"Records": [narrow]}, context, runtime(aws))["failed"] == 0


def test_the_column_limit_follows_the_functions_memory() -> None:
    from csvpipe.handler.process import column_limit

    assert column_limit(128) == 100 and column_limit(512) == 4266 and column_limit(10240) == 10_000


def test_line_and_duplicate_store_limits_follow_the_functions_memory() -> None:
    """From 512 MB the engine's defaults; below, a share, so that a small function ends a long
    line as LINE_TOO_LONG and keeps fewer rows for duplicates instead of being killed."""
    from csvpipe.core import ProfileOptions
    from csvpipe.handler.process import distinct_hashes_budget, duplicate_rows_budget, line_limit

    defaults = ProfileOptions()
    for memory in (512, 1024, 10240):
        assert line_limit(memory) == defaults.max_line_bytes
        assert duplicate_rows_budget(memory) == defaults.duplicate_rows_memory
        assert distinct_hashes_budget(memory) == defaults.distinct_hashes
    assert distinct_hashes_budget(128) == 1 << 16 and distinct_hashes_budget(256) == 349_525
    assert line_limit(128) == 1024 * 1024 and line_limit(256) == 128 * 1024 * 1024 // 48
    assert duplicate_rows_budget(128) == 4_000_000 and duplicate_rows_budget(256) == 21_333_333
    sizes = [128, 192, 256, 320, 384, 448, 512]
    assert [line_limit(m) for m in sizes] == sorted(line_limit(m) for m in sizes)
    assert [duplicate_rows_budget(m) for m in sizes] == sorted(duplicate_rows_budget(m) for m in sizes)
    assert [distinct_hashes_budget(m) for m in sizes] == sorted(distinct_hashes_budget(m) for m in sizes)


def test_a_small_function_refuses_a_line_a_large_one_reads(aws: dict[str, Any]) -> None:
    """A 2 MiB line: LINE_TOO_LONG (with a report and a FAILED item) at 128 MB, read at 512 MB."""
    data = b"id,blob\n1," + b"x" * (2 * 1024 * 1024) + b"\n2,y\n"
    small = SimpleNamespace(aws_request_id="req-s", memory_limit_in_mb="128")
    record = upload(aws, "uploads/long.csv", data)
    assert handle({"Records": [record]}, small, runtime(aws))["failed"] == 1
    error = get_json(aws, "processed/long_error.json")["error"]
    assert error["code"] == "LINE_TOO_LONG" and "follows its memory (128 MB)" in error["message"]
    large = SimpleNamespace(aws_request_id="req-l", memory_limit_in_mb="512")
    again = upload(aws, "uploads/long2.csv", data)
    assert handle({"Records": [again]}, large, runtime(aws))["failed"] == 0


def test_running_out_of_memory_leaves_an_out_of_memory_report(
    aws: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """MemoryError (the ceiling of handler.memory reached) is not an engine bug: its own code, a
    message saying what to do, the function's memory; the invocation succeeds (a retry would fail again)."""

    def greedy(stream: Any, file_name: str, options: Any = None) -> dict[str, Any]:
        raise MemoryError

    monkeypatch.setattr("csvpipe.core.profile_stream", greedy)
    context = SimpleNamespace(aws_request_id="req-m", memory_limit_in_mb="256")
    result = handle(
        {"Records": [upload(aws, "uploads/sales.csv", SAMPLE.read_bytes())]}, context, runtime(aws)
    )
    assert result["failed"] == 1
    error = get_json(aws, "processed/sales_error.json")["error"]
    assert error["code"] == "OUT_OF_MEMORY" and error["where"]["memory_mb"] == 256
    assert "256 MB" in error["message"] and "more memory" in error["message"]
    (item,) = items(aws)
    assert item["status"] == "FAILED" and item["error_code"] == "OUT_OF_MEMORY" and item["attempts"] == 1


@pytest.mark.parametrize("after_bytes", [0, 300_000])
def test_memory_running_out_while_the_object_is_read_is_not_a_failed_read(
    aws: dict[str, Any], monkeypatch: pytest.MonkeyPatch, after_bytes: int
) -> None:
    """The engine's reader wraps a failing stream as READ_FAILED ("upload the file again"); a
    MemoryError there — the first block (0) or a later one — is the function's memory, not the upload."""
    from csvpipe.adapters import s3

    body = b"id,name\n" + b"".join(b"%d,name %d\n" % (i, i) for i in range(100_000))
    real_readinto = s3._GuardedBody.readinto

    def readinto(self: Any, buffer: Any) -> int:
        if self.bytes_read >= after_bytes:
            raise MemoryError
        return int(real_readinto(self, buffer))

    monkeypatch.setattr(s3._GuardedBody, "readinto", readinto)
    handle({"Records": [upload(aws, "uploads/big.csv", body)]}, ctx(), runtime(aws))
    error = get_json(aws, "processed/big_error.json")["error"]
    assert error["code"] == "OUT_OF_MEMORY" and error["where"]["byte"] >= after_bytes
