from __future__ import annotations

import json
from typing import Any

import pytest

from csvpipe.adapters.errors import AwsError
from csvpipe.adapters.s3 import S3Store


def test_open_streams_the_requested_version(aws: dict[str, Any]) -> None:
    s3, bucket = aws["s3"], aws["bucket"]
    v1 = s3.put_object(Bucket=bucket, Key="uploads/a.csv", Body=b"x\n1\n")["VersionId"]
    s3.put_object(Bucket=bucket, Key="uploads/a.csv", Body=b"x\n2\n3\n")
    with S3Store().open(bucket, "uploads/a.csv", v1) as stream:  # lazily created client
        assert stream.info.version_id == v1 and stream.info.size == 4
        assert stream.readline() == b"x\n"
        assert stream.read() == b"1\n"
        assert stream.bytes_read == 4


def test_open_reads_the_encoding_its_uploader_named(aws: dict[str, Any]) -> None:
    s3, bucket = aws["s3"], aws["bucket"]
    s3.put_object(Bucket=bucket, Key="uploads/cz.csv", Body=b"x\n1\n", Metadata={"csv-encoding": "cp1250"})
    s3.put_object(Bucket=bucket, Key="uploads/plain.csv", Body=b"x\n1\n", Metadata={"other": "y"})
    store = S3Store(client=s3)
    with store.open(bucket, "uploads/cz.csv") as named, store.open(bucket, "uploads/plain.csv") as plain:
        assert (named.info.encoding, plain.info.encoding) == ("cp1250", None)


def test_stream_reads_in_chunks_not_whole(aws: dict[str, Any]) -> None:
    s3, bucket = aws["s3"], aws["bucket"]
    body = b"a,b\n" + b"1,2\n" * 200_000  # 800 kB, larger than the read buffer
    s3.put_object(Bucket=bucket, Key="uploads/big.csv", Body=body)
    stream = S3Store(client=s3).open(bucket, "uploads/big.csv")
    first = stream.read(10)
    assert first == body[:10]
    assert stream.bytes_read < len(body)  # only a buffer's worth has been pulled
    assert first + stream.read() == body
    assert stream.bytes_read == len(body)


def test_put_json_round_trips_unicode(aws: dict[str, Any]) -> None:
    s3, bucket = aws["s3"], aws["bucket"]
    S3Store(client=s3).put_json(bucket, "processed/ü_summary.json", {"file_name": "ü.csv", "n": 1})
    obj = s3.get_object(Bucket=bucket, Key="processed/ü_summary.json")
    assert obj["ContentType"] == "application/json"
    assert json.loads(obj["Body"].read()) == {"file_name": "ü.csv", "n": 1}


def test_missing_object_is_a_permanent_aws_error(aws: dict[str, Any]) -> None:
    with pytest.raises(AwsError) as info:
        S3Store(client=aws["s3"]).open(aws["bucket"], "uploads/nope.csv")
    assert info.value.code == "NoSuchKey" and not info.value.transient


class _DroppingBody:
    def read(self, n: int) -> bytes:
        from botocore.exceptions import ResponseStreamingError

        raise ResponseStreamingError(error="connection reset")

    def close(self) -> None:
        pass


class _FakeClient:
    def get_object(self, **kwargs: Any) -> dict[str, Any]:
        return {"Body": _DroppingBody(), "ContentLength": 10, "ETag": '"e"'}


def test_a_dropped_connection_mid_read_is_transient() -> None:
    stream = S3Store(client=_FakeClient()).open("b", "uploads/x.csv")
    with pytest.raises(AwsError) as info:
        stream.read()
    assert info.value.transient and info.value.operation == "s3:GetObject(read)"
