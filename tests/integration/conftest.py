"""Session fixtures for every integration test: a real MiniStack on a free 127.0.0.1 port, started by
this session in a temporary state dir, and the pipeline stack deployed on it once.

- ``ministack`` / ``ministack_auth`` yield a Target (the latter with IAM enforced, AUTH=true).
- ``pipeline`` / ``pipeline_auth`` yield a Pipeline (target, outputs) with the stack deployed.
The auth pair starts only when a test asks for it. Everything is torn down at the end of the session,
also when tests fail; the emulator is stopped by PID (its own process group), never by name.
"""

from __future__ import annotations

import contextlib
import functools
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from csvpipe.deploy import emulator, stack
from csvpipe.deploy.errors import NotReadyError
from csvpipe.deploy.stack import Pipeline
from csvpipe.deploy.targets import Target, emulator_target

PIPELINE_STACK = "csvpipe-it"
START_ATTEMPTS = 3  # a "free" port can be taken between choosing it and MiniStack binding it


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Everything under tests/integration needs the emulator: mark it, so `-m "not integration"` works."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.integration)


def start_ministack(state_dir: Path, *, auth: bool) -> Target:
    last_error: Exception | None = None
    for _ in range(START_ATTEMPTS):
        try:
            result = emulator.up(port=emulator.free_port(), auth=auth, state_dir=state_dir)
        except NotReadyError as exc:
            last_error = exc
            continue
        return emulator_target("ministack", result.state.endpoint_url, result.state.region)
    raise RuntimeError(f"MiniStack did not start after {START_ATTEMPTS} attempts: {last_error}")


@pytest.fixture(scope="session")
def ministack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Target]:
    state_dir = tmp_path_factory.mktemp("ministack")
    try:
        yield start_ministack(state_dir, auth=False)
    finally:
        emulator.down(state_dir=state_dir)


@pytest.fixture(scope="session")
def ministack_auth(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Target]:
    state_dir = tmp_path_factory.mktemp("ministack-auth")
    try:
        yield start_ministack(state_dir, auth=True)
    finally:
        emulator.down(state_dir=state_dir)


def _deployed(target: Target, parameters: dict[str, str]) -> Iterator[Pipeline]:
    try:
        outputs = stack.deploy_stack(target, PIPELINE_STACK, parameters)
    except Exception:
        with contextlib.suppress(Exception):  # best effort; the deploy error is the one to report
            stack.destroy_stack(target, PIPELINE_STACK)
        raise
    try:
        yield Pipeline(target, outputs)
    finally:
        stack.destroy_stack(target, PIPELINE_STACK)  # a failure here is reported as a teardown error


@pytest.fixture(scope="session")
def pipeline(ministack: Target) -> Iterator[Pipeline]:
    yield from _deployed(ministack, {})


@pytest.fixture(scope="session")
def pipeline_auth(ministack_auth: Target) -> Iterator[Pipeline]:
    # MiniStack's IAM evaluation makes a TLS-only bucket policy deny every http caller, so this one
    # stack leaves it out; AWS keeps it (default EnforceTls=true). See docs/fidelity.md.
    yield from _deployed(ministack_auth, {"EnforceTls": "false"})


@pytest.fixture(scope="session")
def as_role() -> Callable[[Target, str], Any]:
    """`as_role(target, function)`: an S3 client holding the function role's temporary credentials
    (STS AssumeRole), to test the policy the Lambda runs under without changing the handler.

    MiniStack lets the test's root credentials assume the role although its trust policy names only
    lambda.amazonaws.com; on AWS this AssumeRole is denied and the same check is done with the IAM
    policy simulator (experiment H). See docs/fidelity.md.
    """
    return _role_s3_client


def _role_s3_client(target: Target, function: str) -> Any:
    import boto3

    role_arn = target.client("lambda").get_function_configuration(FunctionName=function)["Role"]
    creds = target.client("sts").assume_role(RoleArn=role_arn, RoleSessionName="csvpipe-test")["Credentials"]
    session = boto3.session.Session(
        aws_access_key_id=creds["AccessKeyId"],
        aws_secret_access_key=creds["SecretAccessKey"],
        aws_session_token=creds["SessionToken"],
        region_name=target.region,
    )
    return session.client("s3", endpoint_url=target.endpoint_url)


@pytest.fixture
def configure(pipeline: Pipeline) -> Callable[..., contextlib.AbstractContextManager[Pipeline]]:
    """`with configure(Timeout=3) as pipeline:` — the shared function changed for the block only."""
    return functools.partial(function_configured, pipeline)


@contextlib.contextmanager
def function_configured(pipeline: Pipeline, **changes: int) -> Iterator[Pipeline]:
    """The shared stack's function with `changes` (e.g. Timeout=3, MemorySize=128) while the block
    runs, its configuration restored afterwards, also when the test fails."""
    lam = pipeline.target.client("lambda")
    name = pipeline.outputs.function
    config = lam.get_function_configuration(FunctionName=name)
    before = {key: config[key] for key in changes}
    _configure(lam, name, changes)
    try:
        yield pipeline
    finally:
        _configure(lam, name, before)


def _configure(lam: Any, name: str, changes: dict[str, int]) -> None:
    lam.update_function_configuration(FunctionName=name, **changes)
    deadline = time.monotonic() + 30
    while True:
        config = lam.get_function_configuration(FunctionName=name)
        settled = config.get("LastUpdateStatus") in (None, "Successful")
        if settled and all(config[key] == value for key, value in changes.items()):
            return
        assert time.monotonic() < deadline, f"the function's update to {changes} did not settle"
        time.sleep(0.2)
