"""`scripts/localstack.sh check` (run before every LocalStack make target) against a real emulator.

`csvpipe up` listens on 4566 by default, LocalStack's port: the check must not take the session's
MiniStack for LocalStack, and must say what to do instead."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from csvpipe.deploy.targets import Target

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "localstack.sh"


def test_check_refuses_ministack_as_localstack(ministack: Target) -> None:
    env = {**os.environ, "LOCALSTACK_ENDPOINT": str(ministack.endpoint_url)}
    result = subprocess.run(
        ["bash", str(SCRIPT), "check"], capture_output=True, text=True, timeout=60, env=env, check=False
    )
    assert result.returncode == 4, result.stderr
    assert "is MiniStack, not LocalStack" in result.stderr
    assert "ministack target" in result.stderr
