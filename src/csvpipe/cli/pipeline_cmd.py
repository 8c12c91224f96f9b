"""`csvpipe up | down | deploy | destroy`: run MiniStack and put the pipeline stack on a target."""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

from csvpipe.cli.environment import Environment
from csvpipe.cli.exit_codes import ExitStatus, exit_status_for

TARGETS = ("ministack", "localstack", "aws")


def register(subparsers: Any) -> None:
    up = subparsers.add_parser(
        "up",
        help="Start the MiniStack emulator on 127.0.0.1 (idempotent)",
        description="Start MiniStack as a background process bound to 127.0.0.1, wait until it is "
        "healthy, and record it in the state dir (.csvpipe/, or $CSVPIPE_STATE_DIR).",
    )
    up.add_argument("--port", type=int, help="port to bind (default 4566, or a free port if 4566 is taken)")
    up.add_argument("--auth", action="store_true", help="enforce IAM policies (MiniStack AUTH=true)")
    up.add_argument("--region", default="us-east-1", help="emulated region (default us-east-1)")
    up.add_argument("--json", action="store_true", help="print the emulator state as JSON")
    up.set_defaults(func=run_up)

    down = subparsers.add_parser(
        "down",
        help="Stop the MiniStack started by `csvpipe up`",
        description="Stop exactly the MiniStack process recorded by `csvpipe up` and remove its state.",
    )
    down.add_argument("--json", action="store_true", help="print what was stopped as JSON")
    down.set_defaults(func=run_down)

    deploy = subparsers.add_parser(
        "deploy",
        help="Build the Lambda zip and create or update the pipeline stack",
        description="Build the Lambda zip reproducibly, upload it to the artifacts bucket, and create "
        "or update the CloudFormation stack through a change set ('no changes' is success).",
    )
    _target_arguments(deploy)
    deploy.add_argument(
        "--param",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="template parameter, e.g. LambdaMemory=1024 (repeatable)",
    )
    deploy.add_argument("--json", action="store_true", help="print one JSON object with the outputs")
    deploy.set_defaults(func=run_deploy)

    destroy = subparsers.add_parser(
        "destroy",
        help="Empty the buckets and delete the pipeline stack (idempotent)",
        description="Delete every object version in the pipeline and artifacts buckets, then the stack "
        "and the artifacts bucket. Refuses a stack csvpipe did not create.",
    )
    _target_arguments(destroy)
    destroy.add_argument("--json", action="store_true", help="print what was destroyed as JSON")
    destroy.set_defaults(func=run_destroy)


def _target_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--target",
        choices=TARGETS,
        default=None,
        help="where to deploy (default $CSVPIPE_TARGET or ministack)",
    )
    parser.add_argument("--stack", default="csvpipe", help="stack name, also the resource name prefix")
    parser.add_argument("--region", help="region (required for aws unless AWS_REGION is set)")


def state_dir(env: Environment) -> Path:
    from csvpipe.deploy.emulator import STATE_DIR_ENV

    configured = env.environ.get(STATE_DIR_ENV)
    return Path(configured) if configured else env.cwd / ".csvpipe"


def fail(env: Environment, command: str, error: Exception) -> int:
    """Print a DeployError as one line (plus any log tail it carries) and map it to an exit status."""
    print(f"csvpipe {command}: {error}", file=env.stderr)
    return int(exit_status_for(error))


def emit_json(env: Environment, document: dict[str, Any]) -> None:
    json.dump(document, env.stdout, indent=2, sort_keys=True)
    env.stdout.write("\n")


def run_up(args: argparse.Namespace, env: Environment) -> int:
    from csvpipe.deploy import emulator
    from csvpipe.deploy.errors import DeployError

    try:
        result = emulator.up(port=args.port, auth=args.auth, region=args.region, state_dir=state_dir(env))
    except DeployError as exc:
        return fail(env, "up", exc)
    state = result.state
    if args.json:
        emit_json(env, {**vars(state), "already_running": result.already_running})
    else:
        how = "already running" if result.already_running else "started"
        auth = ", IAM enforced" if state.auth else ""
        print(f"MiniStack {how} (pid {state.pid}{auth}); log {state.log_path}", file=env.stderr)
        print(state.endpoint_url, file=env.stdout)
    return ExitStatus.OK


def run_down(args: argparse.Namespace, env: Environment) -> int:
    from csvpipe.deploy import emulator
    from csvpipe.deploy.errors import DeployError

    try:
        stopped = emulator.down(state_dir=state_dir(env))
    except DeployError as exc:
        return fail(env, "down", exc)
    if args.json:
        emit_json(env, {"stopped": stopped is not None, "pid": stopped.pid if stopped else None})
    elif stopped is None:
        print("MiniStack was not running (no state recorded)", file=env.stderr)
    else:
        print(f"MiniStack (pid {stopped.pid}, {stopped.endpoint_url}) stopped", file=env.stderr)
    return ExitStatus.OK


def parse_params(pairs: list[str]) -> dict[str, str]:
    from csvpipe.deploy.errors import DeployUsageError

    parameters: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise DeployUsageError(f"--param {pair!r} is not KEY=VALUE")
        parameters[key] = value
    return parameters


def _resolve_target(args: argparse.Namespace, env: Environment) -> Any:
    from csvpipe.deploy.targets import get_target

    name = args.target or env.environ.get("CSVPIPE_TARGET") or "ministack"
    return get_target(name, region=args.region, state_dir=state_dir(env), environ=env.environ)


def run_deploy(args: argparse.Namespace, env: Environment) -> int:
    from rich.text import Text  # a spinner reads a str as markup, whatever the console says

    from csvpipe.deploy import stack
    from csvpipe.deploy.errors import DeployError

    console = env.console(stderr=True)
    try:
        parameters = parse_params(args.param)
        target = _resolve_target(args, env)
        where = target.endpoint_url or f"AWS {target.region}"
        with console.status(Text(f"deploying stack {args.stack} to {target.name} ({where})…")):
            result = stack.deploy(
                target, args.stack, parameters, lambda line: console.print(f"  {line}", highlight=False)
            )
    except DeployError as exc:
        return fail(env, "deploy", exc)
    outputs = result.outputs
    document = {
        "target": target.name,
        "endpoint_url": outputs.endpoint_url,
        "region": outputs.region,
        "stack": outputs.stack,
        "bucket": outputs.bucket,
        "table": outputs.table,
        "function": outputs.function,
        "queue": outputs.queue,
        "queue_arn": outputs.queue_arn,
        "log_group": outputs.log_group,
        "artifacts_bucket": outputs.artifacts_bucket,
        "code_key": outputs.code_key,
        "zip_sha256": result.zip_sha256,
        "changed": result.changed,
        "seconds": round(result.seconds, 3),
    }
    if args.json:
        emit_json(env, document)
    else:
        verb = "deployed" if result.changed else "unchanged"
        print(f"stack {outputs.stack} {verb} in {result.seconds:.1f} s", file=env.stderr)
        for key in ("endpoint_url", "region", "bucket", "table", "function", "queue", "zip_sha256"):
            print(f"{key:>12}: {document[key]}", file=env.stdout)
    return ExitStatus.OK


def run_destroy(args: argparse.Namespace, env: Environment) -> int:
    from rich.text import Text  # a spinner reads a str as markup, whatever the console says

    from csvpipe.deploy import stack
    from csvpipe.deploy.errors import DeployError

    console = env.console(stderr=True)
    started = time.monotonic()
    try:
        target = _resolve_target(args, env)
        with console.status(Text(f"destroying stack {args.stack} on {target.name}…")):
            found = stack.destroy_stack(
                target, args.stack, lambda line: console.print(f"  {line}", highlight=False)
            )
    except DeployError as exc:
        return fail(env, "destroy", exc)
    seconds = time.monotonic() - started
    if args.json:
        emit_json(
            env, {"stack": args.stack, "target": target.name, "existed": found, "seconds": round(seconds, 3)}
        )
    elif found:
        print(f"stack {args.stack} destroyed on {target.name} in {seconds:.1f} s", file=env.stderr)
    else:
        print(f"stack {args.stack} did not exist on {target.name}; nothing to do", file=env.stderr)
    return ExitStatus.OK
