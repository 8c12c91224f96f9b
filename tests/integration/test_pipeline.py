"""The pipeline end to end on a real MiniStack: S3 upload → notification → Lambda → S3 + DynamoDB.

Each test uses its own key prefix under uploads/, because the deployed stack is shared by the session.
"""

from __future__ import annotations

import bz2
import gzip
import json
import lzma
import time
import uuid
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from csvpipe import client
from csvpipe.deploy.stack import Pipeline

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "test-data" / "sample.csv"

# The seed's example output for sample.csv (README of the original request), compared key by key.
SEED_SUMMARY = json.loads((ROOT / "test-data" / "sales_summary.seed.json").read_text())


def assert_seed_summary(actual: dict[str, Any]) -> None:
    """Every key of the seed's example has exactly the seed's value. The engine may add keys (more
    quality-issue kinds, per-column detail, schema_version); the seed's own keys may not differ."""
    for key, expected in SEED_SUMMARY.items():
        if key == "quality_issues":
            for kind, detail in expected.items():
                assert actual[key][kind] == detail, f"quality_issues.{kind}"
        else:
            assert actual[key] == expected, key


def prefix() -> str:
    return f"uploads/it-{uuid.uuid4().hex[:8]}/"


def run(pipeline: Pipeline, path: Path, key: str, timeout: float = 60) -> client.Result:
    uploaded = client.upload(pipeline.target, pipeline.outputs, path, key)
    return client.wait_for_result(
        pipeline.target,
        pipeline.outputs,
        uploaded.key,
        uploaded.version,
        timeout,
        started=uploaded.started_monotonic,
    )


def items_under(pipeline: Pipeline, key_prefix: str) -> list[dict[str, Any]]:
    everything = client.list_items(pipeline.target, pipeline.outputs, limit=None)
    return [i for i in everything if str(i["object_key"]).startswith(key_prefix)]


def test_sample_csv_end_to_end_gives_the_seed_summary(pipeline: Pipeline, tmp_path: Path) -> None:
    path = tmp_path / "sales.csv"
    path.write_bytes(SAMPLE.read_bytes())
    key = prefix() + "sales.csv"
    result = run(pipeline, path, key)
    assert result.status == "PROCESSED"
    assert result.output_key == key.replace("uploads/", "processed/").replace(".csv", "_summary.json")
    assert_seed_summary(result.document)
    item = result.item
    assert (item["bucket"], item["row_count"], item["column_count"]) == (pipeline.outputs.bucket, 3, 4)
    assert item["summary_key"] == result.output_key and item["issue_counts"]["missing_values"] == 1
    assert item["quality_issue_total"] == sum(item["issue_counts"].values())
    assert item["size"] == SAMPLE.stat().st_size and item["attempts"] == 1
    assert result.document["processing"]["request_id"] == item["request_id"]


def test_unicode_key_with_spaces_in_a_subfolder_of_gzip(pipeline: Pipeline, tmp_path: Path) -> None:
    path = tmp_path / "x.csv.gz"
    path.write_bytes(gzip.compress(SAMPLE.read_bytes()))
    folder = prefix() + "sub dir/"
    result = run(pipeline, path, folder + "Verkäufe 2025+Q1.csv.gz")
    assert result.status == "PROCESSED"
    assert result.output_key.endswith("sub dir/Verkäufe 2025+Q1.csv.gz.summary.json")
    assert result.document["file_name"] == "Verkäufe 2025+Q1.csv.gz"
    # The same name uncompressed, in the same folder, gets its own summary beside the gzip's.
    plain = run(pipeline, SAMPLE, folder + "Verkäufe 2025+Q1.csv")
    assert plain.output_key.endswith("sub dir/Verkäufe 2025+Q1_summary.json")
    s3 = pipeline.target.client("s3")
    listed = s3.list_objects_v2(
        Bucket=pipeline.outputs.bucket, Prefix=folder.replace("uploads/", "processed/")
    )
    assert sorted(o["Key"] for o in listed["Contents"]) == sorted([plain.output_key, result.output_key])


def _unchanged(data: bytes) -> bytes:
    return data


def _tabs(data: bytes) -> bytes:
    """The sample with tabs for commas (it quotes nothing)."""
    assert b'"' not in data
    return data.replace(b",", b"\t")


@pytest.mark.parametrize(
    ("compress", "suffix", "name"),
    [
        (bz2.compress, ".csv.bz2", "bzip2"),
        (lzma.compress, ".csv.xz", "xz"),
        (None, ".zip", "zip"),
        (_unchanged, ".CSV", None),  # capitals: a notification of their own, the whole name kept
        (gzip.compress, ".CSV.GZ", "gzip"),
        (None, ".ZIP", "zip"),
        (_tabs, ".tsv", None),  # tab-separated: the engine finds the delimiter in the content
        (lambda data: gzip.compress(_tabs(data)), ".TSV.GZ", "gzip"),
        (_unchanged, ".txt", None),  # any name: until 2026-11-27 these three triggered nothing
        (_unchanged, ".Csv", None),
        (gzip.compress, "", "gzip"),
    ],
)
def test_other_names_are_read_and_keep_their_own_outputs(
    pipeline: Pipeline, tmp_path: Path, compress, suffix: str, name: str | None
) -> None:
    """Every object under uploads/ is sent to the function, and any name but `x.csv` keeps the whole
    of it in its output's name (`x.csv` takes the seed's `x_summary.json`)."""
    path = tmp_path / ("sales" + suffix)
    if compress is None:
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.write(SAMPLE, "sales.csv")
    else:
        path.write_bytes(compress(SAMPLE.read_bytes()))
    key = prefix() + "sales" + suffix
    result = run(pipeline, path, key)
    assert result.status == "PROCESSED"
    assert result.output_key == key.replace("uploads/", "processed/") + ".summary.json"
    assert result.document["source"]["compression"] == name
    delimiter = "\t" if suffix.lower().startswith(".tsv") else ","
    assert result.document["source"]["dialect"]["delimiter"] == delimiter
    assert result.document["schema"] == {
        "date": "date",
        "product": "string",
        "quantity": "int",
        "price": "float",
    }
    assert result.item["size"] == path.stat().st_size


def test_a_shift_jis_export_is_read_in_its_code_page(pipeline: Pipeline, tmp_path: Path) -> None:
    """What Excel on a Japanese Windows saves as CSV: until 2026-11-27 refused as undecodable."""
    path = tmp_path / "取引明細.csv"
    text = "取引日,お取引内容,お支払金額\r\n2024/01/05,ｺﾝﾋﾞﾆ,1200\r\n2024/01/10,株式会社サンプル,3400\r\n"
    path.write_bytes(text.encode("cp932"))
    result = run(pipeline, path, prefix() + path.name)
    assert result.status == "PROCESSED"
    assert list(result.document["schema"]) == ["取引日", "お取引内容", "お支払金額"]
    assert result.document["source"]["encoding"] == "cp932"


def test_an_upload_is_read_in_the_encoding_its_metadata_names(pipeline: Pipeline, tmp_path: Path) -> None:
    """Czech in 1250 has nothing that tells it from Western text in 1252 (detected, `ř` reads `ø`):
    `csvpipe upload --encoding cp1250` stores csv-encoding metadata that the handler reads it in; a
    name that is no codec ends as an error report (UNKNOWN_ENCODING), the input untouched."""
    path = tmp_path / "ceny.csv"
    path.write_bytes(
        "Město;Ulice;Částka\r\nPraha;Národní třída;1200,50\r\nPlzeň;Štefánikova;99,90\r\n".encode("cp1250")
    )
    key = prefix() + path.name
    uploaded = client.upload(pipeline.target, pipeline.outputs, path, key, encoding="cp1250")
    result = client.wait_for_result(
        pipeline.target, pipeline.outputs, key, uploaded.version, 60, started=uploaded.started_monotonic
    )
    assert result.status == "PROCESSED"
    assert result.document["source"]["encoding"] == "cp1250"
    assert list(result.document["schema"]) == ["Město", "Ulice", "Částka"]
    bad_key = prefix() + path.name
    uploaded = client.upload(pipeline.target, pipeline.outputs, path, bad_key, encoding="klingon")
    result = client.wait_for_result(
        pipeline.target, pipeline.outputs, bad_key, uploaded.version, 60, started=uploaded.started_monotonic
    )
    assert result.status == "FAILED" and result.document["error"]["code"] == "UNKNOWN_ENCODING"
    assert "klingon" in result.document["error"]["message"]
    s3 = pipeline.target.client("s3")
    assert s3.get_object(Bucket=pipeline.outputs.bucket, Key=bad_key)["Body"].read() == path.read_bytes()


@pytest.mark.parametrize("name", ["report.xlsx", "REPORT.XLS"])
def test_an_excel_workbook_gets_an_error_report_that_says_how_to_save_it(
    pipeline: Pipeline, tmp_path: Path, name: str
) -> None:
    """The commonest upload by mistake: until 2026-11-27 it triggered nothing at all."""
    path = tmp_path / name
    if name.endswith("xlsx"):  # a workbook is a ZIP of XML parts; its first names give it away
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("[Content_Types].xml", "<Types/>")
            archive.writestr("xl/workbook.xml", "<workbook/>")
            archive.writestr("xl/worksheets/sheet1.xml", "<worksheet/>")
    else:  # the old binary format: an OLE2 compound file
        path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    key = prefix() + name
    result = run(pipeline, path, key)
    assert result.status == "FAILED" and result.item["error_code"] == "BINARY_INPUT"
    assert result.output_key == key.replace("uploads/", "processed/") + ".error.json"
    message = result.document["error"]["message"]
    assert "not a CSV" in message and ("save it as CSV" in message or "export the data as CSV" in message)


def test_a_european_spreadsheet_export_is_read_with_its_decimal_commas(
    pipeline: Pipeline, tmp_path: Path
) -> None:
    """Excel set to German writes a `sep=;` hint line, semicolons, decimal commas and cp1252: the
    deployed function reads it as the engine does locally (real bytes through S3 and the Lambda)."""
    path = tmp_path / "umsatz.csv"
    text = "sep=;\r\nDatum;Artikel;Menge;Preis\r\n" + "".join(
        f"{1 + i % 28:02d}.01.2025;Dübel {i};{1 + i % 40};{i % 97},{i % 100:02d}\r\n" for i in range(300)
    )
    path.write_bytes(text.encode("cp1252"))
    result = run(pipeline, path, prefix() + "umsatz.csv")
    assert result.status == "PROCESSED"
    summary = result.document
    assert summary["schema"] == {"Datum": "date", "Artikel": "string", "Menge": "int", "Preis": "float"}
    source = summary["source"]
    assert (source["dialect"]["delimiter"], source["dialect"]["decimal_separator"]) == (";", ",")
    assert source["encoding"] == "cp1252" and source["header_line"] == 2
    assert source["preamble"] == [{"line": 1, "text": "sep=;"}]
    assert (summary["statistics"]["Preis"]["min"], summary["statistics"]["Preis"]["max"]) == (0.0, 96.96)
    assert result.item["row_count"] == 300


def test_broken_file_gets_error_report_and_failed_item_input_untouched(
    pipeline: Pipeline, tmp_path: Path
) -> None:
    path = tmp_path / "broken.csv"
    path.write_bytes(b"")  # nothing to profile: the engine rejects it
    key = prefix() + "broken.csv"
    uploaded = client.upload(pipeline.target, pipeline.outputs, path, key)
    result = client.wait_for_result(pipeline.target, pipeline.outputs, key, uploaded.version, 60)
    assert result.status == "FAILED" and result.error_report is not None
    assert result.output_key.endswith("broken_error.json")
    assert result.item["error_code"] == result.document["error"]["code"] == "EMPTY_FILE"
    assert result.item["error_key"] == result.output_key
    s3 = pipeline.target.client("s3")
    versions = s3.list_object_versions(Bucket=pipeline.outputs.bucket, Prefix=key).get("Versions", [])
    assert [v["VersionId"] for v in versions] == [uploaded.version_id]
    original = s3.get_object(Bucket=pipeline.outputs.bucket, Key=key)
    assert original["Body"].read() == path.read_bytes() and original["VersionId"] == uploaded.version_id


def test_the_same_event_delivered_twice_leaves_one_item(pipeline: Pipeline, tmp_path: Path) -> None:
    path = tmp_path / "twice.csv"
    path.write_bytes(SAMPLE.read_bytes())
    key = prefix() + "twice.csv"
    first = run(pipeline, path, key)
    s3 = pipeline.target.client("s3")
    summary_before = s3.head_object(Bucket=pipeline.outputs.bucket, Key=first.output_key)
    event = {
        "Records": [
            {
                "eventSource": "aws:s3",
                "eventName": "ObjectCreated:Put",
                "s3": {
                    "bucket": {"name": pipeline.outputs.bucket},
                    "object": {
                        "key": key.replace(" ", "+"),
                        "size": path.stat().st_size,
                        "eTag": first.item["etag"],
                        "versionId": first.version,
                    },
                },
            }
        ]
    }
    lam = pipeline.target.client("lambda")
    for _ in range(2):
        response = lam.invoke(FunctionName=pipeline.outputs.function, Payload=json.dumps(event).encode())
        assert "FunctionError" not in response, response["Payload"].read()
        assert json.loads(response["Payload"].read())["duplicates"] == 1
    (item,) = items_under(pipeline, key)
    assert item == first.item
    summary_after = s3.head_object(Bucket=pipeline.outputs.bucket, Key=first.output_key)
    assert summary_after["VersionId"] == summary_before["VersionId"]


def test_keys_outside_uploads_folder_markers_and_probes_trigger_nothing(
    pipeline: Pipeline, tmp_path: Path
) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes(SAMPLE.read_bytes())
    tag = uuid.uuid4().hex[:8]
    ignored = [f"other-{tag}/x.csv", f"uploads/_iam_probe/it-{tag}/x.csv"]
    for key in ignored:
        client.upload(pipeline.target, pipeline.outputs, path, key)
    s3 = pipeline.target.client("s3")
    s3.put_object(
        Bucket=pipeline.outputs.bucket, Key=f"uploads/it-{tag}/folder/", Body=b""
    )  # "Create folder"
    # A control upload afterwards: once its result is in, earlier notifications have had their chance.
    run(pipeline, path, f"uploads/it-{tag}/control.csv")
    time.sleep(1.0)
    outputs = s3.list_objects_v2(Bucket=pipeline.outputs.bucket, Prefix=f"processed/it-{tag}/")
    assert [o["Key"] for o in outputs.get("Contents", [])] == [f"processed/it-{tag}/control_summary.json"]
    assert [i["object_key"] for i in items_under(pipeline, f"uploads/it-{tag}/")] == [
        f"uploads/it-{tag}/control.csv"
    ]
    assert not items_under(pipeline, f"other-{tag}/")
    assert not items_under(pipeline, f"uploads/_iam_probe/it-{tag}/")
    assert not s3.list_objects_v2(
        Bucket=pipeline.outputs.bucket, Prefix=f"processed/_iam_probe/it-{tag}/"
    ).get("Contents")


def test_a_json_file_and_a_saved_web_page_get_error_reports_that_say_what_they_are(
    pipeline: Pipeline, tmp_path: Path
) -> None:
    """Until 2026-11-27 `.json` triggered nothing, and a web page saved as `.csv` became a table of tags."""
    page = tmp_path / "download.csv"
    page.write_bytes(b"<!DOCTYPE html>\n<html><head><title>Sign in</title></head><body></body></html>\n")
    lines = tmp_path / "events.json"
    lines.write_bytes(b'{"a": 1}\n{"a": 2}\n')
    for path, said in ((page, "This is an HTML page, not a CSV"), (lines, "This is JSON")):
        result = run(pipeline, path, prefix() + path.name)
        assert result.status == "FAILED" and result.item["error_code"] == "OTHER_TEXT_FORMAT"
        assert said in result.document["error"]["message"]


def test_metrics_can_be_read_back(pipeline: Pipeline, tmp_path: Path) -> None:
    path = tmp_path / "m.csv"
    path.write_bytes(SAMPLE.read_bytes())
    run(pipeline, path, prefix() + "m.csv")
    namespace = pipeline.outputs.metrics_namespace or "csvpipe"
    cloudwatch = pipeline.target.client("cloudwatch")
    names = {m["MetricName"] for m in cloudwatch.list_metrics(Namespace=namespace)["Metrics"]}
    assert {"FilesProcessed", "Rows", "Bytes", "ProcessingTimeMs", "QualityIssues"} <= names
    end = time.time() + 60
    data = cloudwatch.get_metric_data(
        MetricDataQueries=[
            {
                "Id": "rows",
                "MetricStat": {
                    "Metric": {
                        "Namespace": namespace,
                        "MetricName": "Rows",
                        "Dimensions": [{"Name": "FunctionName", "Value": pipeline.outputs.function}],
                    },
                    "Period": 60,
                    "Stat": "Sum",
                },
            }
        ],
        StartTime=end - 3600,
        EndTime=end,
    )
    assert sum(data["MetricDataResults"][0]["Values"]) >= 3


def test_logs_are_structured_json_lines(pipeline: Pipeline, tmp_path: Path) -> None:
    path = tmp_path / "l.csv"
    path.write_bytes(SAMPLE.read_bytes())
    key = prefix() + "l.csv"
    since = time.time() - 5
    result = run(pipeline, path, key)
    deadline = time.monotonic() + 20
    while True:
        lines = client.read_logs(pipeline.target, pipeline.outputs, since)
        mine = [ln.fields for ln in lines if ln.fields and ln.fields.get("key") == key]
        if mine or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    assert mine, "no JSON log line for the upload"
    line = mine[0]
    assert line["status"] == "PROCESSED" and line["request_id"] == result.item["request_id"]
    assert line["duration_ms"] > 0


@pytest.mark.slow
def test_hundred_concurrent_uploads_none_missing(pipeline: Pipeline, tmp_path: Path) -> None:
    base = prefix()
    paths = []
    for i in range(100):
        path = tmp_path / f"f{i:03d}.csv"
        path.write_bytes(SAMPLE.read_bytes() + f"2025-02-{i % 28 + 1:02d},Item{i},{i},{i}.5\n".encode())
        paths.append(path)

    def one(path: Path) -> client.Result:
        return run(pipeline, path, base + path.name, timeout=150)

    with ThreadPoolExecutor(max_workers=16) as pool:
        results = list(pool.map(one, paths))
    assert [r.status for r in results] == ["PROCESSED"] * 100
    assert all(r.document["row_count"] == 4 for r in results)
    assert len(items_under(pipeline, base)) == 100
    s3 = pipeline.target.client("s3")
    pages = s3.get_paginator("list_objects_v2").paginate(
        Bucket=pipeline.outputs.bucket, Prefix=base.replace("uploads/", "processed/")
    )
    assert sum(len(page.get("Contents", [])) for page in pages) == 100


def test_the_deployed_function_takes_as_many_columns_as_its_memory_allows(
    pipeline: Pipeline, tmp_path: Path
) -> None:
    """The handler reads the function's memory from the context (MiniStack passes MemorySize, 512 MB
    by the template's default): 4 266 columns are taken, one more ends as TOO_MANY_COLUMNS."""
    for width, status in ((4_266, "PROCESSED"), (4_267, "FAILED")):
        path = tmp_path / f"wide{width}.csv"
        header = ",".join(f"c{i}" for i in range(width))
        path.write_text(header + "\n" + ",".join(str(i) for i in range(width)) + "\n", encoding="utf-8")
        result = run(pipeline, path, prefix() + path.name)
        assert result.status == status, result.document.get("error")
        if status == "FAILED":
            assert result.document["error"]["code"] == "TOO_MANY_COLUMNS"
        else:
            assert result.item["column_count"] == width
