"""`csvpipe experiments run …` and `csvpipe compare …`: measure a target, then compare results files."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from csvpipe.cli.environment import Environment
from csvpipe.cli.exit_codes import ExitStatus, exit_status_for

EXPERIMENT_IDS = "ABCDEFGH"


def register(subparsers: Any) -> None:
    experiments = subparsers.add_parser(
        "experiments",
        help="Run the measurement suite A–H against a target",
        description="Experiments A–H: deployment speed, end-to-end timing, cold start, failure injection, "
        "memory sweep, file size scaling, parallel uploads, IAM policy fidelity.",
    )
    inner = experiments.add_subparsers(dest="experiments_command", metavar="COMMAND")
    run = inner.add_parser(
        "run",
        help="Run experiments and write one results JSON",
        description="Deploy a uniquely named stack, run the selected experiments, destroy the stack. On "
        "ministack an emulator is started (and stopped) when none is running.",
    )
    run.add_argument(
        "--target",
        choices=["ministack", "localstack", "aws"],
        default="ministack",
        help="where to deploy and measure (default: ministack)",
    )
    run.add_argument(
        "--only", default=None, metavar="A,B,…", help="comma-separated experiment ids (default: all)"
    )
    run.add_argument("--quick", action="store_true", help="shrink every experiment (A–H in a few minutes)")
    run.add_argument("--safe", action="store_true", help="only B, D and H with small files (for AWS)")
    run.add_argument("--reps", type=int, default=None, metavar="N", help="repetitions for every experiment")
    run.add_argument(
        "--out",
        type=Path,
        default=None,
        metavar="FILE",
        help="results file (default: results/<target>-<time>.json)",
    )
    run.add_argument("--region", default=None, help="region (required for aws unless AWS_REGION is set)")
    run.add_argument("--port", type=int, default=None, help="ministack: port for an emulator this run starts")
    run.add_argument("--yes", action="store_true", help="do not ask for confirmation before an AWS run")
    run.add_argument("--json", action="store_true", help="print the results document on stdout")
    run.set_defaults(func=run_command)
    experiments.set_defaults(func=lambda args, env: _usage(experiments, env))

    compare = subparsers.add_parser(
        "compare",
        help="Compare results files: report.md, report.html and plots",
        description="Read results files (any targets, or two runs of one target for a drift check) and write "
        "report.md, report.html (self-contained) and PNG plots into DIR.",
    )
    compare.add_argument(
        "results", nargs="+", type=Path, metavar="RESULTS", help="results files of `experiments run` (JSON)"
    )
    compare.add_argument(
        "--out",
        type=Path,
        default=Path("report"),
        metavar="DIR",
        help="where to write the report (default: report)",
    )
    compare.add_argument("--json", action="store_true", help="print what was written as JSON")
    compare.set_defaults(func=compare_command)


def _usage(parser: argparse.ArgumentParser, env: Environment) -> int:
    parser.print_help(env.stdout)
    return ExitStatus.USAGE


def parse_only(text: str | None, safe: bool) -> tuple[str, ...]:
    """Validate ``--only``; ``--safe`` keeps only B, D and H."""
    from csvpipe.experiments.base import ALL_EXPERIMENTS, SAFE_EXPERIMENTS

    chosen: tuple[str, ...]
    if text is None:
        chosen = ALL_EXPERIMENTS
    else:
        chosen = tuple(dict.fromkeys(part.strip().upper() for part in text.split(",") if part.strip()))
        unknown = [c for c in chosen if c not in ALL_EXPERIMENTS]
        if unknown or not chosen:
            raise ValueError(f"unknown experiment id(s) {', '.join(unknown) or '(none)'}: choose from A–H")
    if safe:
        chosen = tuple(c for c in chosen if c in SAFE_EXPERIMENTS)
        if not chosen:
            raise ValueError("--safe runs only B, D and H, and --only selected none of them")
    return chosen


def confirm_aws(settings: Any, env: Environment, assume_yes: bool, stdin: Any = None) -> bool:
    """Print what an AWS run creates and costs; ask unless --yes; refuse when nobody can answer."""
    from csvpipe.experiments.estimate import RESOURCES, estimate

    guess = estimate(settings)
    err = env.stderr
    print("This run creates on AWS (and deletes at the end):", file=err)
    for line in RESOURCES:
        print(f"  - {line}", file=err)
    print(
        f"Experiments {','.join(settings.only)}: about {guess.invocations} Lambda invocations, "
        f"{guess.uploaded_bytes / 1e6:.1f} MB uploaded, {guess.stacks} stack(s); estimated cost at most "
        f"${guess.usd:.2f} (list prices, pessimistic).",
        file=err,
    )
    if assume_yes:
        return True
    stdin = stdin if stdin is not None else sys.stdin
    if stdin is None or not stdin.isatty():
        print(
            "csvpipe: refusing an AWS run without confirmation: no terminal to ask; pass --yes to proceed",
            file=err,
        )
        return False
    print("Proceed? [y/N] ", end="", file=err, flush=True)
    answer = stdin.readline().strip().lower()
    return answer in ("y", "yes")


class RichProgress:
    """One progress bar per experiment, on stderr."""

    def __init__(self, progress: Any) -> None:
        self.progress = progress
        self.task: Any = None

    def start(self, experiment_id: str, title: str, total: int) -> None:
        self.task = self.progress.add_task(f"{experiment_id} {title}", total=total)

    def advance(self, note: str | None = None) -> None:
        if self.task is not None:
            self.progress.advance(self.task)
            if note:
                self.progress.update(self.task, note=note)


def run_command(args: argparse.Namespace, env: Environment) -> int:
    from datetime import UTC, datetime

    from csvpipe.deploy.errors import DeployError
    from csvpipe.experiments import results, runner
    from csvpipe.experiments.base import Settings

    try:
        only = parse_only(args.only, args.safe)
    except ValueError as exc:
        print(f"csvpipe: {exc}", file=env.stderr)
        return ExitStatus.USAGE
    if args.reps is not None and args.reps < 1:
        print("csvpipe: --reps must be at least 1", file=env.stderr)
        return ExitStatus.USAGE
    settings = Settings(target=args.target, only=only, quick=args.quick, safe=args.safe, reps=args.reps)
    if args.target == "aws" and not confirm_aws(settings, env, args.yes):
        return ExitStatus.USAGE
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    out = args.out or Path("results") / f"{args.target}-{stamp}.json"
    if not out.is_absolute():
        out = env.cwd / out
    state_dir = env.environ.get("CSVPIPE_STATE_DIR")
    options = runner.RunOptions(
        settings=settings,
        region=args.region,
        port=args.port,
        state_dir=Path(state_dir) if state_dir else None,
    )

    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    console = env.console(stderr=True)

    def write_partial(document: dict[str, Any]) -> None:
        results.write(document, out)
        print(f"interrupted: partial results written to {out}", file=env.stderr)

    try:
        with Progress(
            TextColumn("{task.description}", markup=False),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TextColumn("{task.fields[note]}", style="dim", markup=False, table_column=None),
            console=console,
            transient=False,
        ) as bar:
            progress = _NoteDefault(bar)
            document = runner.run(
                options,
                RichProgress(progress),
                say=lambda m: bar.console.print(m, style="dim"),
                on_partial=write_partial,
            )
    except DeployError as exc:
        print(f"csvpipe: {exc.message}", file=env.stderr)
        return exit_status_for(exc)
    results.validate(document)
    results.write(document, out)
    failed = [k for k, e in document["experiments"].items() if e["status"] == "failed"]
    if args.json:
        json.dump(document, env.stdout)
        env.stdout.write("\n")
    else:
        print(f"results written to {out}", file=env.stdout)
        for experiment_id, record in document["experiments"].items():
            status = record["status"] + (f" — {record['error']}" if record["error"] else "")
            print(
                f"  {experiment_id} {record['title']}: {status} ({record['duration_s']:.1f} s)",
                file=env.stdout,
            )
    if failed:
        print(
            f"csvpipe: experiment(s) {', '.join(failed)} failed; their errors are in {out}", file=env.stderr
        )
        return ExitStatus.AWS_ERROR
    return ExitStatus.OK


class _NoteDefault:
    """rich Progress whose tasks always carry a ``note`` field (the column above reads it)."""

    def __init__(self, progress: Any) -> None:
        self._progress = progress

    def add_task(self, description: str, total: int) -> Any:
        return self._progress.add_task(description, total=total, note="")

    def __getattr__(self, name: str) -> Any:
        return getattr(self._progress, name)


def compare_command(args: argparse.Namespace, env: Environment) -> int:
    from csvpipe.experiments import compare, results

    paths = [p if p.is_absolute() else env.cwd / p for p in args.results]
    out = args.out if args.out.is_absolute() else env.cwd / args.out
    try:
        outcome = compare.compare(paths, out)
    except results.ResultsError as exc:
        print(f"csvpipe: {exc}", file=env.stderr)
        return ExitStatus.BAD_INPUT
    summary = {
        "report_md": str(outcome.report_md),
        "report_html": str(outcome.report_html),
        "plots": [str(p) for p in outcome.plots],
        "drifted_metrics": outcome.drifted,
    }
    if args.json:
        json.dump(summary, env.stdout)
        env.stdout.write("\n")
    else:
        print(
            f"wrote {outcome.report_md}, {outcome.report_html} and {len(outcome.plots)} plots",
            file=env.stdout,
        )
        if outcome.drifted:
            print(
                f"drift: {len(outcome.drifted)} metric(s) moved between runs of one target (see the report)",
                file=env.stdout,
            )
    return ExitStatus.OK
