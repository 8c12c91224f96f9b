"""CLI plumbing of up/down/deploy/destroy that needs no emulator."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from csvpipe.cli.environment import Environment
from csvpipe.cli.exit_codes import ExitStatus
from csvpipe.cli.main import main
from csvpipe.cli.pipeline_cmd import parse_params
from csvpipe.deploy.errors import DeployUsageError


def run(args: list[str], tmp_path: Path, environ: dict[str, str] | None = None) -> tuple[int, str]:
    err = io.StringIO()
    env = Environment(stdout=io.StringIO(), stderr=err, cwd=tmp_path, environ=environ or {})
    return main(args, env), err.getvalue()


def test_params_are_key_value_pairs() -> None:
    assert parse_params(["LambdaMemory=256", "FailureInjection="]) == {
        "LambdaMemory": "256",
        "FailureInjection": "",
    }
    with pytest.raises(DeployUsageError):
        parse_params(["LambdaMemory"])


def test_deploy_to_aws_without_region_is_a_usage_error(tmp_path: Path) -> None:
    status, err = run(["deploy", "--target", "aws"], tmp_path)
    assert status == ExitStatus.USAGE and "region" in err


def test_reserved_and_unknown_parameters_are_refused_before_any_call(tmp_path: Path) -> None:
    localstack = {"LOCALSTACK_ENDPOINT": "http://127.0.0.1:9"}  # nothing listens there: no call may happen
    status, err = run(["deploy", "--target", "localstack", "--param", "CodeKey=x"], tmp_path, localstack)
    assert status == ExitStatus.USAGE and "set by the deployer" in err
    status, err = run(["deploy", "--target", "localstack", "--param", "Nope=1"], tmp_path, localstack)
    assert status == ExitStatus.USAGE and "unknown template parameter" in err


def test_bad_stack_name_is_a_usage_error(tmp_path: Path) -> None:
    status, err = run(["deploy", "--target", "localstack", "--stack", "Bad_Name"], tmp_path)
    assert status == ExitStatus.USAGE and "stack name" in err


def test_down_without_state_is_fine(tmp_path: Path) -> None:
    status, err = run(["down"], tmp_path)
    assert status == ExitStatus.OK and "not running" in err
