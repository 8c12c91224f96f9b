"""Where a pipeline runs. A target decides only the endpoint and the credentials; the template, the
zip and every call are the same on MiniStack, LocalStack and AWS."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from csvpipe.deploy.errors import DeployUsageError, NotReadyError

TARGET_NAMES = ("ministack", "localstack", "aws")
DEFAULT_EMULATOR_REGION = "us-east-1"
DEFAULT_LOCALSTACK_ENDPOINT = "http://127.0.0.1:4566"
# Emulators accept any key; "test" is the convention of both. Never used for aws.
EMULATOR_CREDENTIALS = ("test", "test")


@dataclass(frozen=True)
class Target:
    """A place to deploy to. ``endpoint_url`` is None on aws, where boto3's credential chain applies."""

    name: str
    region: str
    endpoint_url: str | None = None
    credentials: tuple[str, str] | None = None
    profile: str | None = None

    @property
    def is_emulator(self) -> bool:
        return self.endpoint_url is not None

    def session(self) -> Any:  # boto3.session.Session
        import boto3

        if self.credentials is not None:
            key, secret = self.credentials
            return boto3.session.Session(
                aws_access_key_id=key, aws_secret_access_key=secret, region_name=self.region
            )
        return boto3.session.Session(profile_name=self.profile, region_name=self.region)

    def client(self, service: str, *, read_timeout: float = 60, max_attempts: int = 5) -> Any:
        """A boto3 client with bounded timeouts and retries, so no call can hang forever.

        Clients are cached per target and settings (creating one costs ~0.1 s; they are thread-safe).
        """
        return _cached_client(self, service, read_timeout, max_attempts)

    def new_client(self, service: str, *, read_timeout: float = 60, max_attempts: int = 5) -> Any:
        """An uncached client, for callers that change its event hooks or need a private one."""
        from botocore.config import Config

        config = Config(
            connect_timeout=10,
            read_timeout=read_timeout,
            retries={"mode": "standard", "max_attempts": max_attempts},
            # Emulators serve every bucket on one host: path-style addressing avoids bucket DNS names.
            s3={"addressing_style": "path"} if self.is_emulator else {},
        )
        return self.session().client(service, endpoint_url=self.endpoint_url, config=config)


@lru_cache(maxsize=64)
def _cached_client(target: Target, service: str, read_timeout: float, max_attempts: int) -> Any:
    return target.new_client(service, read_timeout=read_timeout, max_attempts=max_attempts)


def emulator_target(name: str, endpoint_url: str, region: str | None = None) -> Target:
    """A target for an emulator listening at ``endpoint_url`` (used by the test session fixtures)."""
    return Target(
        name=name,
        region=region or DEFAULT_EMULATOR_REGION,
        endpoint_url=endpoint_url.rstrip("/"),
        credentials=EMULATOR_CREDENTIALS,
    )


def get_target(
    name: str,
    *,
    region: str | None = None,
    state_dir: Path | str | None = None,
    environ: Mapping[str, str] | None = None,
) -> Target:
    """Resolve a target by name: argument first, then environment, then default.

    - ministack: the endpoint recorded by ``csvpipe up`` in the state dir (NotReadyError if not up).
    - localstack: ``LOCALSTACK_ENDPOINT`` or http://127.0.0.1:4566.
    - aws: the standard credential chain (AWS_PROFILE, SSO, ...); the region must be given
      (``--region`` or AWS_REGION / AWS_DEFAULT_REGION), never guessed.
    """
    env = os.environ if environ is None else environ
    if name == "ministack":
        from csvpipe.deploy import emulator

        state = emulator.read_state(emulator.resolve_state_dir(state_dir, env))
        if state is None:
            raise NotReadyError(
                "MiniStack is not running: start it with `csvpipe up` (or `make ministack-up`)"
            )
        return emulator_target("ministack", state.endpoint_url, region or state.region)
    if name == "localstack":
        endpoint = env.get("LOCALSTACK_ENDPOINT") or DEFAULT_LOCALSTACK_ENDPOINT
        return emulator_target("localstack", endpoint, region or env.get("AWS_DEFAULT_REGION"))
    if name == "aws":
        chosen = region or env.get("AWS_REGION") or env.get("AWS_DEFAULT_REGION")
        if not chosen:
            raise DeployUsageError("the aws target needs an explicit region: pass --region or set AWS_REGION")
        return Target(name="aws", region=chosen)
    raise DeployUsageError(f"unknown target {name!r}: choose one of {', '.join(TARGET_NAMES)}")
