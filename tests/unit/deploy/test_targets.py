"""Targets differ only in endpoint and credentials; the aws target never guesses a region."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from csvpipe.deploy.errors import DeployUsageError, NotReadyError
from csvpipe.deploy.targets import get_target


def test_aws_needs_an_explicit_region() -> None:
    with pytest.raises(DeployUsageError, match="region"):
        get_target("aws", environ={})
    target = get_target("aws", environ={"AWS_REGION": "eu-north-1"})
    assert (target.region, target.endpoint_url, target.credentials) == ("eu-north-1", None, None)
    assert get_target("aws", region="us-west-2", environ={"AWS_REGION": "eu-north-1"}).region == "us-west-2"


def test_localstack_uses_its_endpoint_and_dummy_credentials() -> None:
    target = get_target("localstack", environ={})
    assert target.endpoint_url == "http://127.0.0.1:4566"
    assert target.credentials == ("test", "test") and target.region == "us-east-1"
    other = get_target("localstack", environ={"LOCALSTACK_ENDPOINT": "http://127.0.0.1:4599/"})
    assert other.endpoint_url == "http://127.0.0.1:4599"


def test_ministack_reads_the_recorded_endpoint(tmp_path: Path) -> None:
    with pytest.raises(NotReadyError, match="csvpipe up"):
        get_target("ministack", state_dir=tmp_path, environ={})
    state = {
        "endpoint_url": "http://127.0.0.1:45000",
        "pid": 1,
        "port": 45000,
        "log_path": "x",
        "auth": False,
        "region": "eu-west-1",
        "started_at": 0.0,
    }
    (tmp_path / "state.json").write_text(json.dumps(state))
    target = get_target("ministack", environ={"CSVPIPE_STATE_DIR": str(tmp_path)})
    assert (target.endpoint_url, target.region) == ("http://127.0.0.1:45000", "eu-west-1")


def test_unknown_target() -> None:
    with pytest.raises(DeployUsageError, match="ministack, localstack, aws"):
        get_target("gcp", environ={})


def test_clients_are_bounded_and_path_style_on_emulators() -> None:
    client = get_target("localstack", environ={}).client("s3")
    assert client.meta.config.read_timeout == 60 and client.meta.config.connect_timeout == 10
    assert client.meta.config.s3 == {"addressing_style": "path"}
    assert client.meta.endpoint_url == "http://127.0.0.1:4566"
