"""Entry point of the `csvpipe` command.

Each command group lives in its own module exposing ``register(subparsers)``; registering must stay
cheap (no boto3, rich or matplotlib at import time) so that ``csvpipe --help`` is instant. A command's
handler is stored as ``func(args, env) -> int`` and returns an ExitStatus.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import traceback
from collections.abc import Sequence

from csvpipe import __version__
from csvpipe.cli.environment import Environment
from csvpipe.cli.exit_codes import ExitStatus

# Command modules, in the order their commands appear in --help. A module missing here is simply
# not offered (lets the command groups land independently).
COMMAND_MODULES = (
    "csvpipe.cli.profile_cmd",
    "csvpipe.cli.pipeline_cmd",  # up, down, deploy, destroy
    "csvpipe.cli.data_cmd",  # upload, status, logs
    "csvpipe.cli.experiments_cmd",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="csvpipe",
        description="Serverless CSV ingestion pipeline and emulator-vs-AWS measurement suite.",
    )
    parser.add_argument("--version", action="version", version=f"csvpipe {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                continue
            raise
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None, env: Environment | None = None) -> int:
    env = env or Environment()
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help(env.stdout)
        return ExitStatus.USAGE
    try:
        return int(args.func(args, env))
    except KeyboardInterrupt:
        print("interrupted", file=env.stderr)
        return ExitStatus.INTERRUPTED
    except Exception:  # last resort: a bug. Print the traceback and say so.
        traceback.print_exc(file=env.stderr)
        print(
            "csvpipe: unexpected error (this is a bug; please report it with the traceback above)",
            file=env.stderr,
        )
        return ExitStatus.ERROR


if __name__ == "__main__":
    sys.exit(main())
