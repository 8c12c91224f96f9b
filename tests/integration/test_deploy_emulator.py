"""`csvpipe up` / `down` on a real MiniStack process: idempotent start, a clean child environment,
a clear error for a taken port, and a stop that ends exactly the recorded process."""

from __future__ import annotations

import io
import json
import os
import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from csvpipe.cli.environment import Environment
from csvpipe.cli.exit_codes import ExitStatus
from csvpipe.cli.main import main
from csvpipe.deploy import emulator


def run_cli(
    args: list[str], state_dir: Path, extra_env: dict[str, str] | None = None
) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    environ = {**os.environ, "CSVPIPE_STATE_DIR": str(state_dir), **(extra_env or {})}
    env = Environment(stdout=out, stderr=err, cwd=state_dir, environ=environ)
    status = main(args, env)
    return status, out.getvalue(), err.getvalue()


@pytest.fixture
def state_dir(tmp_path: Path) -> Iterator[Path]:
    try:
        yield tmp_path
    finally:
        emulator.down(state_dir=tmp_path)  # never leave an emulator behind, even when the test fails


def test_up_is_idempotent_and_down_stops_exactly_that_process(
    state_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A host variable that must not reach MiniStack (and through it, the Lambda handlers).
    monkeypatch.setenv("AWS_CA_BUNDLE", "/nonexistent/ca.pem")
    port = emulator.free_port()

    status, out, _ = run_cli(["up", "--port", str(port), "--json"], state_dir)
    assert status == ExitStatus.OK
    first = json.loads(out)
    assert first["endpoint_url"] == f"http://127.0.0.1:{port}" and first["already_running"] is False
    assert emulator.is_healthy(first["endpoint_url"])
    assert Path(first["log_path"]).parent == state_dir

    child_env = Path(f"/proc/{first['pid']}/environ").read_bytes().split(b"\0")
    names = {item.split(b"=", 1)[0].decode() for item in child_env if item}
    assert "AWS_CA_BUNDLE" not in names and "CSVPIPE_STATE_DIR" not in names
    assert f"TMPDIR={state_dir / 'tmp'}".encode() in child_env

    status, out, _ = run_cli(["up", "--json"], state_dir)
    assert status == ExitStatus.OK
    again = json.loads(out)
    assert again["already_running"] is True and again["pid"] == first["pid"]

    leftover = state_dir / "tmp" / "ministack-lambda-fn-x" / "code"  # what a Lambda worker leaves
    leftover.mkdir(parents=True)
    (leftover / "handler.py").write_text("pass\n")
    (state_dir / "tmp" / "notes.txt").write_text("not the emulator's\n")
    status, out, _ = run_cli(["down", "--json"], state_dir)
    assert status == ExitStatus.OK and json.loads(out) == {"stopped": True, "pid": first["pid"]}
    assert [p.name for p in (state_dir / "tmp").iterdir()] == ["notes.txt"]
    assert not emulator.is_healthy(first["endpoint_url"])
    assert emulator.process_command_line(first["pid"]) is None
    assert emulator.read_state(state_dir) is None

    status, out, _ = run_cli(["down", "--json"], state_dir)
    assert status == ExitStatus.OK and json.loads(out)["stopped"] is False


def test_up_on_a_taken_port_fails_with_a_clear_message(state_dir: Path) -> None:
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        taken = holder.getsockname()[1]
        status, _, err = run_cli(["up", "--port", str(taken)], state_dir)
    assert status == ExitStatus.NOT_READY
    assert f"port {taken}" in err and "taken" in err
    assert emulator.read_state(state_dir) is None


def test_down_does_not_kill_a_process_that_is_not_ministack(state_dir: Path) -> None:
    # A stale state file whose PID now belongs to another program.
    other = subprocess.Popen(["sleep", "30"], start_new_session=True)
    try:
        stale = {
            "endpoint_url": "http://127.0.0.1:9",
            "pid": other.pid,
            "port": 9,
            "log_path": str(state_dir / "x.log"),
            "auth": False,
            "region": "us-east-1",
            "started_at": 0.0,
        }
        (state_dir / "state.json").write_text(json.dumps(stale))
        stopped = emulator.down(state_dir=state_dir)
        assert stopped is not None and stopped.pid == other.pid
        assert other.poll() is None  # still running
        assert emulator.read_state(state_dir) is None
    finally:
        other.kill()
        other.wait()


def test_deploy_without_a_running_emulator_says_how_to_start_one(state_dir: Path) -> None:
    status, _, err = run_cli(["deploy", "--target", "ministack"], state_dir)
    assert status == ExitStatus.NOT_READY
    assert "csvpipe up" in err
