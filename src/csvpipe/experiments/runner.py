"""Run a selection of experiments against one target and produce the results document.

Life cycle: (ministack) start an emulator unless one is running → deploy a uniquely named stack →
run each experiment, recording a failure instead of stopping → destroy the stack and stop what we
started, in ``finally`` blocks that also run on Ctrl-C. The document is written even when interrupted,
flagged ``interrupted``.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import platform
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from csvpipe import __version__
from csvpipe.deploy import emulator, stack
from csvpipe.deploy.targets import Target, emulator_target, get_target
from csvpipe.experiments import results
from csvpipe.experiments.base import NEEDS_MAIN_STACK, NullProgress, Progress, RunContext, Settings
from csvpipe.experiments.probe import Pipeline
from csvpipe.experiments.results import ExperimentRecord

MODULES = {
    "A": "csvpipe.experiments.exp_a_deployment",
    "B": "csvpipe.experiments.exp_b_end_to_end",
    "C": "csvpipe.experiments.exp_c_cold_start",
    "D": "csvpipe.experiments.exp_d_failures",
    "E": "csvpipe.experiments.exp_e_memory",
    "F": "csvpipe.experiments.exp_f_file_size",
    "G": "csvpipe.experiments.exp_g_parallel",
    "H": "csvpipe.experiments.exp_h_iam",
}
Say = Callable[[str], None]


@dataclass
class RunOptions:
    settings: Settings
    region: str | None = None
    port: int | None = None  # ministack: port for an emulator we start (default: the emulator's choice)
    state_dir: Path | None = None


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def stack_name(run_id: str, suffix: str = "") -> str:
    """``cx-<run id>[-suffix]``: unique per run and within the 20 characters a name prefix allows."""
    return f"cx-{run_id}{suffix}"


def git_commit() -> tuple[str | None, bool | None]:
    root = Path(__file__).resolve().parents[3]
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True, timeout=5, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=5,
        ).stdout.strip()
        return commit, bool(dirty)
    except (OSError, subprocess.SubprocessError):
        return None, None


def _version(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def environment_block(
    settings: Settings, target: Target, main_stack: str, emulator_info: dict[str, Any] | None, started_at: str
) -> dict[str, Any]:
    commit, dirty = git_commit()
    return {
        "target": settings.target,
        "region": target.region,
        "endpoint_url": target.endpoint_url,
        "stack_name": main_stack,
        "python": platform.python_version(),
        "platform": f"{platform.system()} {platform.release()} {platform.machine()}",
        "cpu_count": os.cpu_count(),
        "git_commit": commit,
        "git_dirty": dirty,
        "csvpipe_version": __version__,
        "sdk": {"boto3": _version("boto3") or "?", "botocore": _version("botocore") or "?"},
        "emulator": emulator_info,
        "parameters": {
            "only": list(settings.only),
            "quick": settings.quick,
            "safe": settings.safe,
            "reps": settings.reps,
            "run_id": settings.run_id,
        },
        "started_at": started_at,
        "finished_at": None,
        "interrupted": False,
    }


@contextlib.contextmanager
def ministack_emulator(options: RunOptions, auth: bool, say: Say) -> Iterator[tuple[Target, dict[str, Any]]]:
    """Use the recorded MiniStack if it runs (and matches ``auth``); else start one and stop it after."""
    state_dir = emulator.resolve_state_dir(options.state_dir)
    existing = emulator.read_state(state_dir)
    own_dir: tempfile.TemporaryDirectory[str] | None = None
    if existing is not None and existing.auth != auth:
        # A second, private emulator: never disturb the one the user started.
        own_dir = tempfile.TemporaryDirectory(prefix="csvpipe-exp-emulator-")
        state_dir = Path(own_dir.name)
    started = emulator.up(
        port=None if own_dir else options.port,
        auth=auth,
        state_dir=state_dir,
        region=options.region or "us-east-1",
    )
    info = {
        "name": "ministack",
        "version": _version("ministack"),
        "started_by_run": not started.already_running,
        "auth": auth,
    }
    if not started.already_running:
        say(f"started MiniStack{' (AUTH=true)' if auth else ''} at {started.state.endpoint_url}")
    try:
        yield emulator_target("ministack", started.state.endpoint_url, started.state.region), info
    finally:
        if not started.already_running:
            emulator.down(state_dir=state_dir)
            say(f"stopped MiniStack at {started.state.endpoint_url}")
        if own_dir is not None:
            own_dir.cleanup()


@contextlib.contextmanager
def deployed(target: Target, name: str, parameters: dict[str, str], say: Say) -> Iterator[stack.StackOutputs]:
    say(f"deploying stack {name} on {target.name}")
    outputs = stack.deploy_stack(target, name, parameters)
    try:
        yield outputs
    finally:
        say(f"destroying stack {name}")
        stack.destroy_stack(target, name)


def run_experiment(experiment_id: str, ctx: RunContext, records: list[ExperimentRecord]) -> ExperimentRecord:
    """Run one experiment; its record joins ``records`` first, so an interrupted one is still reported."""
    module = importlib.import_module(MODULES[experiment_id])
    record = ExperimentRecord(experiment_id, module.TITLE)
    records.append(record)
    record.started_at = utc_now()
    started = time.perf_counter()
    try:
        module.run(ctx, record)
    except KeyboardInterrupt:
        record.status, record.error = "failed", "interrupted (Ctrl-C)"
        raise
    except Exception as exc:  # one experiment failing must not lose the others' results
        record.status, record.error = "failed", f"{type(exc).__name__}: {exc}"
    finally:
        record.duration_s = round(time.perf_counter() - started, 3)
    return record


def run(
    options: RunOptions,
    progress: Progress | None = None,
    say: Say | None = None,
    on_partial: Callable[[dict[str, Any]], None] | None = None,
) -> dict[str, Any]:
    """Run the selected experiments; return the results document (also handed to ``on_partial`` when
    the run is interrupted, so the caller can still write what was measured)."""
    settings = options.settings
    progress = progress or NullProgress()
    say = say or (lambda _m: None)
    started_at = utc_now()
    records: list[ExperimentRecord] = []
    main = stack_name(settings.run_id)
    environment: dict[str, Any] = {}
    with contextlib.ExitStack() as cleanup:
        if settings.target == "ministack":
            target, emulator_info = cleanup.enter_context(ministack_emulator(options, auth=False, say=say))
        else:
            target, emulator_info = get_target(settings.target, region=options.region), None
            if settings.target == "localstack":
                emulator_info = {
                    "name": "localstack",
                    "version": None,
                    "started_by_run": False,
                    "auth": False,
                }
        environment = environment_block(settings, target, main, emulator_info, started_at)
        try:
            pipeline = None
            if any(e in NEEDS_MAIN_STACK for e in settings.only):
                outputs = cleanup.enter_context(deployed(target, main, {}, say))
                pipeline = Pipeline(target, outputs, poll_interval=0.01 if target.is_emulator else 0.05)
            workdir = Path(cleanup.enter_context(tempfile.TemporaryDirectory(prefix="csvpipe-exp-")))
            ctx = RunContext(
                settings=settings,
                target=target,
                pipeline=pipeline,
                progress=progress,
                workdir=workdir,
                key_prefix=f"uploads/exp-{settings.run_id}/",
                auth_target_factory=_auth_factory(options, say) if settings.target == "ministack" else None,
            )
            for experiment_id in settings.only:
                say(f"experiment {experiment_id}")
                run_experiment(experiment_id, ctx, records)
        except KeyboardInterrupt:
            environment["interrupted"] = True
            environment["finished_at"] = utc_now()
            if on_partial:
                on_partial(results.build_document(environment, records))
            raise
    environment["finished_at"] = utc_now()
    return results.build_document(environment, records)


def _auth_factory(options: RunOptions, say: Say) -> Callable[[], tuple[Target, Callable[[], None]]]:
    """For H on ministack: a private emulator with AUTH=true (IAM evaluated), stopped by the callback."""

    def start() -> tuple[Target, Callable[[], None]]:
        own_dir = tempfile.TemporaryDirectory(prefix="csvpipe-exp-auth-")
        started = emulator.up(
            auth=True,
            state_dir=Path(own_dir.name),
            port=emulator.free_port(),
            region=options.region or "us-east-1",
        )
        say(f"started MiniStack (AUTH=true) for H at {started.state.endpoint_url}")

        def stop() -> None:
            emulator.down(state_dir=Path(own_dir.name))
            own_dir.cleanup()
            say("stopped the AUTH=true MiniStack")

        return emulator_target("ministack", started.state.endpoint_url, started.state.region), stop

    return start
