"""`csvpipe profile PATH|-`: profile one CSV locally with the same engine the Lambda runs."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from csvpipe.cli.environment import Environment
from csvpipe.cli.exit_codes import ExitStatus


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "profile",
        help="Profile a CSV file locally (schema, statistics, quality issues)",
        description="Profile a CSV file (or '-' for stdin) with the engine the Lambda runs.",
    )
    parser.add_argument("path", help="CSV file (plain or .gz), or '-' to read standard input")
    parser.add_argument("--json", action="store_true", help="print the summary JSON on stdout")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, env: Environment) -> int:
    from csvpipe.core import ProfileError, error_report, profile_stream

    name = "stdin.csv" if args.path == "-" else args.path.rsplit("/", 1)[-1]
    try:
        if args.path == "-":
            summary = profile_stream(env.stdin_binary, name)  # type: ignore[arg-type]
        else:
            with open(args.path, "rb") as stream:
                summary = profile_stream(stream, name)
    except OSError as exc:
        print(f"csvpipe profile: cannot read {args.path}: {exc.strerror}", file=env.stderr)
        return ExitStatus.BAD_INPUT
    except ProfileError as exc:
        if args.json:
            json.dump(error_report(name, exc), env.stdout, indent=2)
            env.stdout.write("\n")
        print(f"csvpipe profile: {exc.code}: {exc.message}", file=env.stderr)
        return ExitStatus.BAD_INPUT
    json.dump(summary, env.stdout if args.json else sys.stdout, indent=2)
    env.stdout.write("\n")
    return ExitStatus.OK
