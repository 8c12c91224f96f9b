"""`csvpipe destroy` empties the bucket first: every version, every delete marker, and every
incomplete multipart upload (moto)."""

from __future__ import annotations

from typing import Any

from csvpipe.deploy.artifacts import delete_bucket, empty_bucket


class OneClient:
    """A target whose every client is the given S3 client."""

    def __init__(self, s3: Any) -> None:
        self.s3 = s3

    def client(self, service: str) -> Any:
        assert service == "s3"
        return self.s3


def test_versions_markers_and_incomplete_uploads_all_go(aws: dict[str, Any]) -> None:
    s3, bucket = aws["s3"], aws["bucket"]
    for body in (b"one", b"two"):
        s3.put_object(Bucket=bucket, Key="uploads/a.csv", Body=body)
    s3.delete_object(Bucket=bucket, Key="uploads/a.csv")  # a delete marker
    for number in range(3):  # a killed multipart upload leaves these behind
        s3.create_multipart_upload(Bucket=bucket, Key=f"uploads/big{number}.csv")
    said: list[str] = []
    assert empty_bucket(OneClient(s3), bucket, said.append) == 3  # two versions, one marker
    assert not s3.list_multipart_uploads(Bucket=bucket).get("Uploads")
    assert "aborted 3 incomplete multipart upload(s)" in said[0]
    listing = s3.list_object_versions(Bucket=bucket)
    assert not listing.get("Versions") and not listing.get("DeleteMarkers")
    assert delete_bucket(OneClient(s3), bucket, said.append) is True
    assert delete_bucket(OneClient(s3), bucket, said.append) is False
