"""What every experiment receives: the run's settings, the deployed pipeline, and a progress reporter.

An experiment is a module with ``ID``, ``TITLE`` and ``run(ctx, record)``; it measures, records raw
samples into the record, and restores anything it changed (in a ``finally``).
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from csvpipe.deploy.targets import Target
from csvpipe.experiments.probe import Pipeline
from csvpipe.experiments.results import ExperimentRecord

ALL_EXPERIMENTS = ("A", "B", "C", "D", "E", "F", "G", "H")
SAFE_EXPERIMENTS = ("B", "D", "H")
NEEDS_MAIN_STACK = ("B", "C", "D", "E", "F", "G")


@dataclass(frozen=True)
class Settings:
    target: str
    only: tuple[str, ...] = ALL_EXPERIMENTS
    quick: bool = False
    safe: bool = False
    reps: int | None = None  # overrides every experiment's default repetitions
    run_id: str = field(default_factory=lambda: uuid.uuid4().hex[:6])

    def repetitions(self, default: int, quick: int) -> int:
        if self.reps is not None:
            return self.reps
        return quick if self.quick else default

    @property
    def small_files_only(self) -> bool:
        return self.quick or self.safe


class Progress(Protocol):
    def start(self, experiment_id: str, title: str, total: int) -> None: ...

    def advance(self, note: str | None = None) -> None: ...


class NullProgress:
    def start(self, experiment_id: str, title: str, total: int) -> None:
        return None

    def advance(self, note: str | None = None) -> None:
        return None


@dataclass
class RunContext:
    settings: Settings
    target: Target
    pipeline: Pipeline | None  # None when only A/H run (they deploy their own stacks)
    progress: Progress
    workdir: Path
    key_prefix: str  # uploads/exp-<run id>/ : keeps one run's objects apart from anything else
    # Starts an IAM-enforcing emulator for H on ministack and returns (target, stop callback).
    auth_target_factory: Callable[[], tuple[Target, Callable[[], None]]] | None = None

    def require_pipeline(self) -> Pipeline:
        if self.pipeline is None:
            raise RuntimeError("this experiment needs the deployed pipeline stack")
        return self.pipeline

    def key(self, experiment_id: str, name: str) -> str:
        return f"{self.key_prefix}{experiment_id.lower()}/{name}"

    def let_idle(self) -> None:
        """Pause after an output appears: the handler may still be publishing metrics, and an event
        arriving meanwhile would start a second (cold) environment instead of reusing the warm one."""
        time.sleep(0.3 if self.target.is_emulator else 1.0)

    def output_timeout(self, size_bytes: int = 0) -> float:
        """How long to wait for one output: generous on AWS, scaled with the file size."""
        base = 30.0 if self.target.is_emulator else 120.0
        return base + size_bytes / (1024 * 1024) * 2.0


def new_record(experiment_id: str, title: str) -> ExperimentRecord:
    return ExperimentRecord(experiment_id, title)
