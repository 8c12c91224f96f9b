"""Every command of the seed exists in the Makefile, and the targets whose prerequisites are absent
(Docker engine, a running LocalStack, an AWS region, terraform and its provider) stop at once with
the reason and the way forward, instead of hanging or failing deep inside a tool.

The "absent" conditions are made deterministic, so these tests mean the same on a laptop with Docker
and AWS credentials: DOCKER_HOST points at a socket that does not exist, LocalStack is looked for on a
free port, and every AWS variable is removed (with config files pointed at nothing)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest
import yaml
from infra_model import REPO

SEED_COMMANDS = (
    "localstack-up",
    "deploy-localstack",
    "test-localstack",
    "experiments-localstack",
    "clean-localstack",
    "deploy-aws",
    "test-aws",
    "experiments-aws-safe",
    "experiments-aws",
    "clean-aws",
    "compare-experiments",
)
OTHER_TARGETS = ("localstack-down", "deploy-localstack-tf", "deploy-aws-tf", "checkov")
FAST_SECONDS = 15  # generous for a loaded 2-core machine; each case takes well under a second here
# make exits 2 whenever a recipe fails, whatever the recipe's own status (the scripts use 4 and 2).
MAKE_FAILED = 2


def make(*args: str, env: dict[str, str] | None = None) -> tuple[subprocess.CompletedProcess[str], float]:
    started = time.monotonic()
    result = subprocess.run(
        [shutil.which("make") or "make", "--no-print-directory", "-C", str(REPO), *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        stdin=subprocess.DEVNULL,
    )
    return result, time.monotonic() - started


def isolated_env(**overrides: str) -> dict[str, str]:
    """This process's environment without any AWS or LocalStack setting, and no reachable Docker."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "LOCALSTACK_", "MAKE"))}
    env.update(
        AWS_CONFIG_FILE="/nonexistent/aws-config",
        AWS_SHARED_CREDENTIALS_FILE="/nonexistent/aws-credentials",
        AWS_EC2_METADATA_DISABLED="true",
        DOCKER_HOST="unix:///nonexistent/docker.sock",
    )
    env.update(overrides)
    return env


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.mark.parametrize("target", SEED_COMMANDS + OTHER_TARGETS)
def test_target_exists(target: str) -> None:
    result, _ = make("-n", target, env=isolated_env())
    assert "No rule to make target" not in result.stderr, f"Makefile lacks `{target}`"
    assert result.returncode == 0, result.stderr


def test_a_missing_target_is_detected() -> None:
    """The check above can fail: a target that does not exist is reported as such."""
    result, _ = make("-n", "no-such-target-anywhere", env=isolated_env())
    assert result.returncode != 0 and "No rule to make target" in result.stderr


def test_localstack_up_without_docker_engine_stops_at_once_naming_ministack() -> None:
    result, seconds = make("localstack-up", env=isolated_env())
    assert result.returncode == MAKE_FAILED, result.stdout + result.stderr
    assert seconds < FAST_SECONDS
    assert "Docker" in result.stderr and "ministack" in result.stderr


def test_localstack_up_without_docker_client_stops_at_once_naming_ministack() -> None:
    result, seconds = make("localstack-up", env=isolated_env(DOCKER="/nonexistent/docker"))
    assert result.returncode == MAKE_FAILED, result.stdout + result.stderr
    assert seconds < FAST_SECONDS
    assert "no Docker client" in result.stderr and "ministack" in result.stderr


def test_localstack_script_exit_status_says_prerequisite_missing() -> None:
    """The script itself exits 4 (NOT_READY, as the csvpipe CLI) so callers other than make can tell."""
    result = subprocess.run(
        ["bash", str(REPO / "scripts" / "localstack.sh"), "up"],
        capture_output=True,
        text=True,
        timeout=60,
        env=isolated_env(),
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 4, result.stderr


def test_localstack_down_without_docker_is_a_no_op() -> None:
    result, _ = make("localstack-down", env=isolated_env())
    assert result.returncode == 0, result.stderr
    assert "nothing" in result.stdout or "no LocalStack" in result.stdout


@pytest.mark.parametrize(
    "target", ["deploy-localstack", "test-localstack", "clean-localstack", "deploy-localstack-tf"]
)
def test_localstack_targets_without_localstack_stop_at_once(target: str) -> None:
    result, seconds = make(target, f"LOCALSTACK_PORT={free_port()}", env=isolated_env())
    assert result.returncode == MAKE_FAILED, result.stdout + result.stderr
    assert seconds < FAST_SECONDS
    assert "make localstack-up" in result.stderr and "ministack" in result.stderr


@pytest.mark.parametrize("target", ["deploy-aws", "test-aws", "clean-aws", "deploy-aws-tf"])
def test_aws_targets_without_region_stop_at_once(target: str) -> None:
    result, seconds = make(target, env=isolated_env())
    assert result.returncode == MAKE_FAILED, result.stdout + result.stderr
    assert seconds < FAST_SECONDS
    assert "AWS_REGION" in result.stderr


def terraform_script(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", str(REPO / "scripts" / "terraform.sh"), *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=isolated_env(**env),
        stdin=subprocess.DEVNULL,
    )


def test_terraform_missing_is_said_plainly() -> None:
    result = terraform_script("apply", "localstack", TERRAFORM="/nonexistent/terraform")
    assert result.returncode == 4, result.stderr
    assert "not installed" in result.stderr and "make deploy-localstack" in result.stderr


def test_terraform_without_provider_access_is_said_plainly(tmp_path: Path) -> None:
    """A stand-in terraform that fails `init` with the text Terraform 1.11 printed on this machine
    (no route to registry.terraform.io); the script must recognise it and name the alternative."""
    fake = tmp_path / "terraform"
    fake.write_text(
        "#!/usr/bin/env bash\n"
        'case " $* " in *" init "*)\n'
        "  echo 'Initializing provider plugins...'\n"
        "  echo '- Finding hashicorp/aws versions matching \">= 5.80, < 7.0\"...'\n"
        "  echo 'Error: Failed to query available provider packages' >&2\n"
        "  echo 'could not connect to registry.terraform.io: failed to request discovery document' >&2\n"
        "  exit 1 ;;\n"
        "esac\n"
        "echo 'unexpected terraform call' >&2; exit 99\n"
    )
    fake.chmod(0o755)
    result = terraform_script(
        "apply", "localstack", TERRAFORM=str(fake), PYTHON_BIN=str(REPO / ".venv" / "bin" / "python")
    )
    assert result.returncode == 4, result.stderr
    assert "cannot download the hashicorp/aws provider" in result.stderr
    assert "make deploy-localstack" in result.stderr


def test_terraform_script_refuses_unknown_usage() -> None:
    assert terraform_script("apply", "ministack").returncode == 2


def test_docker_compose_pins_image_binds_loopback_and_passes_settings_through() -> None:
    compose = yaml.safe_load((REPO / "docker-compose.yml").read_text(encoding="utf-8"))
    service = compose["services"]["localstack"]
    assert service["image"] == "${LOCALSTACK_IMAGE:-localstack/localstack:4.14.0}"
    assert all(port.startswith("127.0.0.1:") for port in service["ports"])
    environment = service["environment"]
    assert "LOCALSTACK_AUTH_TOKEN" in environment  # bare name: passed through only when set
    assert any(item.startswith("ENFORCE_IAM=${ENFORCE_IAM") for item in environment)
    assert "/var/run/docker.sock:/var/run/docker.sock" in service["volumes"]
