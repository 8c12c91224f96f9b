"""The MiniStack emulator as a child process: start it detached on 127.0.0.1, record it in a state
file, and stop exactly the process we started.

Why a clean environment: MiniStack runs Lambda handlers as its own child processes and passes its
environment on to them, so host variables (AWS_CA_BUNDLE, AWS_PROFILE, proxies, ...) would leak into
the function. The child gets only what it needs, and its data/tmp directories live under the state dir.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from pathlib import Path

from csvpipe.deploy.clock import Clock, poll_until
from csvpipe.deploy.errors import DeployTimeout, NotReadyError

DEFAULT_PORT = 4566
BIND_HOST = "127.0.0.1"
STATE_FILE = "state.json"
STATE_DIR_ENV = "CSVPIPE_STATE_DIR"
HEALTH_PATH = "/_localstack/health"
START_TIMEOUT = 30.0
STOP_TIMEOUT = 10.0


@dataclass(frozen=True)
class EmulatorState:
    """What `csvpipe up` recorded: enough to find, check and stop the process later."""

    endpoint_url: str
    pid: int
    port: int
    log_path: str
    auth: bool
    region: str
    started_at: float


@dataclass(frozen=True)
class UpResult:
    state: EmulatorState
    already_running: bool


def resolve_state_dir(explicit: Path | str | None = None, environ: Mapping[str, str] | None = None) -> Path:
    """Argument, then CSVPIPE_STATE_DIR, then ./.csvpipe."""
    env = os.environ if environ is None else environ
    if explicit is not None:
        return Path(explicit)
    if env.get(STATE_DIR_ENV):
        return Path(env[STATE_DIR_ENV])
    return Path.cwd() / ".csvpipe"


def read_state(state_dir: Path) -> EmulatorState | None:
    """The recorded emulator, or None when there is no (readable) state file."""
    path = state_dir / STATE_FILE
    try:
        data = json.loads(path.read_text())
        return EmulatorState(**data)
    except FileNotFoundError:
        return None
    except (ValueError, TypeError) as exc:
        raise NotReadyError(
            f"unreadable emulator state file {path} ({exc}); delete it and run `csvpipe up`"
        ) from exc


def _write_state(state_dir: Path, state: EmulatorState) -> None:
    path = state_dir / STATE_FILE
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(asdict(state), indent=2) + "\n")
    tmp.replace(path)


def is_healthy(endpoint_url: str, timeout: float = 2.0) -> bool:
    try:
        with urllib.request.urlopen(endpoint_url + HEALTH_PATH, timeout=timeout) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError, ValueError):
        return False


def port_is_free(port: int, host: str = BIND_HOST) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
        return True


def free_port(host: str = BIND_HOST) -> int:
    """A port the OS says is free right now (another process may still take it before we bind)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def process_argv(pid: int) -> list[str] | None:
    """The argv of ``pid``, or None when no such process exists (Linux /proc, else `ps`)."""
    if Path("/proc").is_dir():
        try:
            raw = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            return None
        return [part.decode(errors="replace") for part in raw.split(b"\0") if part] or None
    result = subprocess.run(["ps", "-o", "command=", "-p", str(pid)], capture_output=True, text=True)
    return result.stdout.split() or None


def process_command_line(pid: int) -> str | None:
    argv = process_argv(pid)
    return " ".join(argv) if argv is not None else None


def is_our_emulator(state: EmulatorState) -> bool:
    """True only if the recorded PID still runs `python -m ministack` (PIDs get reused)."""
    argv = process_argv(state.pid) or []
    return any(argv[i : i + 2] == ["-m", "ministack"] for i in range(len(argv) - 1))


def child_environment(*, port: int, auth: bool, region: str, state_dir: Path) -> dict[str, str]:
    """A minimal environment for MiniStack (and through it, for the Lambda handlers it runs)."""
    python_bin = str(Path(sys.executable).parent)
    return {
        "PATH": os.pathsep.join([python_bin, "/usr/local/bin", "/usr/bin", "/bin"]),
        "HOME": str(state_dir / "home"),
        "TMPDIR": str(state_dir / "tmp"),
        "LANG": "C.UTF-8",
        "PYTHONUNBUFFERED": "1",
        "BIND_HOST": BIND_HOST,
        "GATEWAY_PORT": str(port),
        "AUTH": "true" if auth else "false",
        "MINISTACK_REGION": region,
        "STATE_DIR": str(state_dir / "ministack-state"),
        "S3_DATA_DIR": str(state_dir / "ministack-s3"),
        "PERSIST_STATE": "0",
        "S3_PERSIST": "0",
        # Side listeners on fixed ports (MQTT 8883, SFTP) would clash between parallel emulators.
        "IOT_MTLS_ENABLED": "0",
        "SFTP_ENABLED": "0",
    }


def log_tail(path: Path, lines: int = 15) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def _choose_port(requested: int | None) -> int:
    if requested is not None:
        if not port_is_free(requested):
            raise NotReadyError(
                f"port {requested} on {BIND_HOST} is taken by another program: "
                "pick another with --port or omit --port to use a free one"
            )
        return requested
    return DEFAULT_PORT if port_is_free(DEFAULT_PORT) else free_port()


def up(
    *,
    port: int | None = None,
    auth: bool = False,
    region: str = "us-east-1",
    state_dir: Path | str | None = None,
    timeout: float = START_TIMEOUT,
    clock: Clock | None = None,
) -> UpResult:
    """Start MiniStack unless the recorded one is still ours and healthy; wait for its health check."""
    directory = resolve_state_dir(state_dir)
    existing = read_state(directory)
    if existing is not None:
        if is_our_emulator(existing) and is_healthy(existing.endpoint_url):
            if existing.auth != auth:
                raise NotReadyError(
                    f"MiniStack is already running with auth={'on' if existing.auth else 'off'}: "
                    "run `csvpipe down` first to change it"
                )
            return UpResult(existing, already_running=True)
        (directory / STATE_FILE).unlink(missing_ok=True)  # stale: the process is gone or not ours

    _require_ministack()
    chosen_port = _choose_port(port)
    for sub in ("home", "tmp", "ministack-state", "ministack-s3"):
        (directory / sub).mkdir(parents=True, exist_ok=True)
    log_path = directory / f"ministack-{chosen_port}.log"
    env = child_environment(port=chosen_port, auth=auth, region=region, state_dir=directory)
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "ministack"],
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            env=env,
            cwd=directory,
            start_new_session=True,  # own process group: survives our exit, and down() stops its workers too
        )
    endpoint = f"http://{BIND_HOST}:{chosen_port}"

    def ready() -> bool | None:
        if process.poll() is not None:
            raise NotReadyError(
                f"MiniStack exited during start-up (status {process.returncode}); log {log_path}:\n"
                + log_tail(log_path)
            )
        return True if is_healthy(endpoint, timeout=1.0) else None

    try:
        poll_until(
            ready, what="MiniStack health", timeout=timeout, interval=0.1, clock=clock, max_interval=0.5
        )
    except DeployTimeout:
        _terminate_group(process.pid)
        raise DeployTimeout(
            f"MiniStack did not become healthy within {timeout:.0f} s; log {log_path}:\n" + log_tail(log_path)
        ) from None
    state = EmulatorState(
        endpoint_url=endpoint,
        pid=process.pid,
        port=chosen_port,
        log_path=str(log_path),
        auth=auth,
        region=region,
        started_at=time.time(),
    )
    _write_state(directory, state)
    return UpResult(state, already_running=False)


def down(*, state_dir: Path | str | None = None, timeout: float = STOP_TIMEOUT) -> EmulatorState | None:
    """Stop the recorded MiniStack (only if that PID is still MiniStack) and remove the state.

    Returns the state that was stopped, or None when nothing was recorded.
    """
    directory = resolve_state_dir(state_dir)
    state = read_state(directory)
    if state is None:
        return None
    if is_our_emulator(state):
        _terminate_group(state.pid, timeout=timeout)
    (directory / STATE_FILE).unlink(missing_ok=True)
    _remove_worker_folders(directory / "tmp")
    return state


def _remove_worker_folders(folder: Path) -> None:
    """Remove the folders the stopped emulator's Lambda workers left in its TMPDIR: each unpacks its
    function's zip into `ministack-lambda-*` and, stopped with MiniStack, does not clean up (one folder
    a run). Only those: a state dir may have been pointed at a folder that holds other things."""
    if not folder.is_dir():
        return
    for entry in folder.glob("ministack-lambda-*"):
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)


def _terminate_group(pid: int, timeout: float = STOP_TIMEOUT) -> None:
    """SIGTERM the emulator's process group (MiniStack and its Lambda workers), SIGKILL if it lingers."""
    try:
        os.killpg(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not _alive(pid):
            return
        time.sleep(0.05)
    try:
        os.killpg(pid, signal.SIGKILL)
    except ProcessLookupError:
        return
    _alive(pid)


def _alive(pid: int) -> bool:
    """True while ``pid`` exists and is not a zombie; reaps it when it is our own child."""
    try:
        finished, _ = os.waitpid(pid, os.WNOHANG)
        if finished == pid:
            return False
    except ChildProcessError:
        pass  # not our child (started by an earlier `csvpipe up`)
    command = process_command_line(pid)
    if command is None:
        return False
    status = Path(f"/proc/{pid}/stat")
    if status.exists():
        try:
            return status.read_text().split(") ", 1)[1][0] != "Z"
        except (OSError, IndexError):
            return False
    return True


def _require_ministack() -> None:
    import importlib.util

    if importlib.util.find_spec("ministack") is None:
        raise NotReadyError(
            f"the ministack package is not installed for {sys.executable}: "
            "run `make venv` (it is pinned there)"
        )
