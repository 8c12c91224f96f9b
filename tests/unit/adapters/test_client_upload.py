"""csvpipe.client.upload against moto: one PutObject for small files, a multipart upload for large
ones (S3 refuses one PutObject above 5 GiB), aborted when a part fails."""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any

import pytest

from csvpipe.client import upload
from csvpipe.deploy.stack import StackOutputs

MiB = 1024 * 1024


def outputs(aws: dict[str, Any]) -> StackOutputs:
    return StackOutputs("s", "us-east-1", None, aws["bucket"], aws["table"], "fn", "q", "art")


def written(tmp_path: Path, size: int) -> Path:
    path = tmp_path / "big.csv"
    path.write_bytes(os.urandom(size))  # every part different: a part sent twice or out of order shows
    return path


class Sent:
    """The progress callback: bytes reported, from any thread."""

    def __init__(self) -> None:
        self.total = 0
        self.calls = 0
        self._lock = threading.Lock()

    def __call__(self, count: int) -> None:
        with self._lock:
            self.total += count
            self.calls += 1


def test_a_small_file_is_one_put_and_reports_its_size(aws: dict[str, Any], tmp_path: Path) -> None:
    path = written(tmp_path, 1000)
    sent = Sent()
    result = upload(None, outputs(aws), path, "uploads/small.csv", s3=aws["s3"], progress=sent)  # type: ignore[arg-type]
    head = aws["s3"].head_object(Bucket=aws["bucket"], Key="uploads/small.csv")
    assert (result.version_id, result.size) == (head["VersionId"], 1000)
    assert "-" not in result.etag  # a single PUT's ETag (a multipart one ends in -<parts>)
    assert (sent.total, sent.calls) == (1000, 1)


def test_a_large_file_goes_up_in_parts_in_order(aws: dict[str, Any], tmp_path: Path) -> None:
    size = 11 * MiB + 123  # three parts of 5 MiB, the last short
    path = written(tmp_path, size)
    sent = Sent()
    result = upload(
        None,  # type: ignore[arg-type]
        outputs(aws),
        path,
        "uploads/big.csv",
        s3=aws["s3"],
        progress=sent,
        part_size=5 * MiB,
        multipart_threshold=5 * MiB,
    )
    s3 = aws["s3"]
    stored = s3.get_object(Bucket=aws["bucket"], Key="uploads/big.csv")
    assert stored["Body"].read() == path.read_bytes()
    assert result.version_id == stored["VersionId"] and result.etag.endswith("-3")
    assert (result.size, sent.total, sent.calls) == (size, size, 3)
    assert not s3.list_multipart_uploads(Bucket=aws["bucket"]).get("Uploads")


@pytest.mark.parametrize("threshold", [100 * MiB, 5 * MiB], ids=["one-put", "multipart"])
def test_a_named_encoding_goes_up_as_the_object_s_metadata(
    aws: dict[str, Any], tmp_path: Path, threshold: int
) -> None:
    path = written(tmp_path, 6 * MiB)
    upload(
        None,  # type: ignore[arg-type]
        outputs(aws),
        path,
        "uploads/cz.csv",
        s3=aws["s3"],
        part_size=5 * MiB,
        multipart_threshold=threshold,
        encoding="cp1250",
    )
    head = aws["s3"].head_object(Bucket=aws["bucket"], Key="uploads/cz.csv")
    assert head["Metadata"] == {"csv-encoding": "cp1250"}


def test_a_failed_part_aborts_the_upload(aws: dict[str, Any], tmp_path: Path) -> None:
    """No unfinished upload stays behind (S3 bills its parts until it is aborted) and no object."""
    s3 = aws["s3"]

    class FailingPart:
        def __getattr__(self, name: str) -> Any:
            return getattr(s3, name)

        def upload_part(self, **kwargs: Any) -> Any:
            if kwargs["PartNumber"] == 2:
                raise ConnectionError("network gone")
            return s3.upload_part(**kwargs)

    path = written(tmp_path, 11 * MiB)
    with pytest.raises(ConnectionError):
        upload(
            None,  # type: ignore[arg-type]
            outputs(aws),
            path,
            "uploads/broken.csv",
            s3=FailingPart(),
            part_size=5 * MiB,
            multipart_threshold=5 * MiB,
        )
    assert not s3.list_multipart_uploads(Bucket=aws["bucket"]).get("Uploads")
    assert "Contents" not in s3.list_objects_v2(Bucket=aws["bucket"], Prefix="uploads/broken.csv")
