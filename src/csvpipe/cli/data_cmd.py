"""`csvpipe upload | status | logs`: use a deployed pipeline as a user does (see csvpipe.client)."""

from __future__ import annotations

import argparse
import re
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from csvpipe.cli.environment import Environment
from csvpipe.cli.exit_codes import ExitStatus, exit_status_for
from csvpipe.cli.visible import counted, json_text, visible, visible_data

TARGETS = ("ministack", "localstack", "aws")
_DURATION = re.compile(r"^(\d+(?:\.\d+)?)([smhd])$")
_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def register(subparsers: Any) -> None:
    upload = subparsers.add_parser(
        "upload",
        help="Upload a CSV under uploads/ and (with --wait) print its summary and end-to-end latency",
        description="Upload each FILE to the pipeline bucket (key uploads/<name> unless --key is "
        "given for one FILE). With --wait, wait for each summary or error report and metadata item; "
        "for one FILE print them and the end-to-end latency, for several a line each. Exit 3 when the "
        "pipeline rejected a file, 6 when a result did not come in time.",
    )
    upload.add_argument(
        "file",
        type=Path,
        nargs="+",
        metavar="FILE",
        help="the CSV to upload (or .csv.gz, .csv.bz2, .csv.xz, a .zip of one CSV, .tsv, .tsv.gz; "
        "in capitals too); several files go up one after another",
    )
    upload.add_argument("--key", help="object key, for one FILE (default uploads/<file name>)")
    upload.add_argument(
        "--encoding",
        metavar="NAME",
        help="the encoding the file is written in, a Python codec name such as cp1250 or iso8859-2, "
        "stored as the object's csv-encoding metadata so that the pipeline reads it so (default: "
        "the pipeline detects it)",
    )
    upload.add_argument("--wait", action="store_true", help="wait for the results and print them")
    upload.add_argument(
        "--timeout", type=float, default=60.0, help="seconds to wait for each result (default 60)"
    )
    _common(upload)
    upload.set_defaults(func=run_upload)

    status = subparsers.add_parser(
        "status", help="Show recent metadata items (one per processed file version) as a table"
    )
    status.add_argument("--limit", type=int, default=20, help="how many items (default 20; 0 = all)")
    _common(status)
    status.set_defaults(func=run_status)

    logs = subparsers.add_parser("logs", help="Print the processor function's log lines")
    logs.add_argument(
        "--since", default="1h", help="how far back: 30s, 10m, 2h, 1d or an ISO time (default 1h)"
    )
    logs.add_argument(
        "--follow",
        action="store_true",
        help="keep printing new lines until Ctrl-C (with --json: one object per line)",
    )
    logs.add_argument(
        "--limit", type=int, default=1000, help="at most this many lines per read (default 1000)"
    )
    _common(logs)
    logs.set_defaults(func=run_logs)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--target", choices=TARGETS, help="where the pipeline runs (default $CSVPIPE_TARGET or ministack)"
    )
    parser.add_argument("--stack", default="csvpipe", help="stack name (default csvpipe)")
    parser.add_argument("--region", help="region (required for aws unless AWS_REGION is set)")
    parser.add_argument("--json", action="store_true", help="print one JSON document on stdout")


# ---- shared plumbing ---------------------------------------------------------------------------------


class _Failed(Exception):
    def __init__(self, status: ExitStatus, message: str) -> None:
        super().__init__(message)
        self.status = status


def _pipeline(args: argparse.Namespace, env: Environment) -> tuple[Any, Any]:
    """The target and the deployed stack's outputs, or _Failed(NOT_READY/...) with the remedy."""
    from csvpipe.deploy.emulator import STATE_DIR_ENV
    from csvpipe.deploy.errors import DeployError
    from csvpipe.deploy.stack import describe_outputs
    from csvpipe.deploy.targets import get_target

    configured = env.environ.get(STATE_DIR_ENV)
    state_dir = Path(configured) if configured else env.cwd / ".csvpipe"
    name = args.target or env.environ.get("CSVPIPE_TARGET") or "ministack"
    try:
        target = get_target(name, region=args.region, state_dir=state_dir, environ=env.environ)
        return target, describe_outputs(target, args.stack)
    except DeployError as exc:
        raise _Failed(exit_status_for(exc), str(exc)) from exc


def _run(command: str, env: Environment, body: Any) -> int:
    """Run ``body()``; expected failures become one line on stderr and their exit status."""
    from botocore.exceptions import BotoCoreError, ClientError

    from csvpipe.client import ResultTimeout

    try:
        return int(body())
    except _Failed as exc:
        print(f"csvpipe {command}: {exc}", file=env.stderr)
        return int(exc.status)
    except ResultTimeout as exc:
        print(f"csvpipe {command}: {exc}", file=env.stderr)
        return int(ExitStatus.TIMEOUT)
    except (ClientError, BotoCoreError) as exc:
        print(f"csvpipe {command}: the target refused a call: {exc}", file=env.stderr)
        return int(ExitStatus.AWS_ERROR)


def _emit_json(env: Environment, document: Any) -> None:
    env.stdout.write(json_text(document, indent=2, default=str) + "\n")


# ---- upload ------------------------------------------------------------------------------------------


def run_upload(args: argparse.Namespace, env: Environment) -> int:
    paths = [file if file.is_absolute() else env.cwd / file for file in args.file]
    for file, path in zip(args.file, paths, strict=True):
        if not path.is_file():
            print(f"csvpipe upload: {file} is not a file; give the path of a CSV", file=env.stderr)
            return int(ExitStatus.USAGE)
    if args.key and len(paths) > 1:
        print("csvpipe upload: --key names one object; give one FILE with it", file=env.stderr)
        return int(ExitStatus.USAGE)
    if args.encoding:
        from csvpipe.core import readable_codec

        try:
            args.encoding = readable_codec(args.encoding)
        except ValueError as exc:
            print(f"csvpipe upload: --encoding: {exc}", file=env.stderr)
            return int(ExitStatus.USAGE)
    if len(paths) == 1:
        return _run("upload", env, lambda: _upload(args, env, paths[0]))
    return _run("upload", env, lambda: _upload_several(args, env, paths))


def _unprocessed(key: str) -> str:
    from csvpipe.adapters.layout import INPUTS_IN_WORDS

    return f"the pipeline processes only {INPUTS_IN_WORDS}, not {key}"


def _refuse_unprocessed_keys(keys: list[str]) -> None:
    """With --wait, keys nothing processes are refused before anything is uploaded."""
    from csvpipe.adapters.layout import is_input

    for key in keys:
        if not is_input(key):
            raise _Failed(
                ExitStatus.USAGE, f"{_unprocessed(key)}; nothing uploaded: rename the file or give --key"
            )


def _note_unprocessed(key: str, env: Environment) -> None:
    from csvpipe.adapters.layout import is_input

    if not is_input(key):
        print(
            f"csvpipe upload: note: {_unprocessed(key)}: it is uploaded, but nothing will process it",
            file=env.stderr,
        )


def _print_uploaded(uploaded: Any, env: Environment) -> None:
    print(f"uploaded s3://{uploaded.bucket}/{uploaded.key} (version {uploaded.version})", file=env.stdout)


def _wait(target: Any, outputs: Any, uploaded: Any, timeout: float, env: Environment) -> Any:
    from rich.text import Text

    from csvpipe import client

    # A Text, not a str: rich's spinner reads its text as markup whatever the console says.
    waiting = Text(f"waiting for the pipeline to process {visible(uploaded.key)} ...")
    with env.console(stderr=True).status(waiting):
        return client.wait_for_result(
            target, outputs, uploaded.key, uploaded.version, timeout, started=uploaded.started_monotonic
        )


def _latency_words(result: Any, uploaded: Any) -> str:
    latency = result.latency
    return (
        f"end-to-end {latency.end_to_end_s * 1000:.0f} ms (output {latency.output_visible_s * 1000:.0f} ms, "
        f"item {latency.item_visible_s * 1000:.0f} ms, upload {uploaded.upload_ms:.0f} ms)"
    )


def _upload(args: argparse.Namespace, env: Environment, path: Path) -> int:
    from csvpipe import client

    key = args.key or client.default_key(path)
    if args.wait:
        _refuse_unprocessed_keys([key])
    target, outputs = _pipeline(args, env)
    uploaded = _upload_with_progress(target, outputs, path, key, env, args.encoding)
    if not args.wait:
        if args.json:
            _emit_json(env, {"upload": uploaded.to_dict()})
        else:
            _print_uploaded(uploaded, env)
        _note_unprocessed(key, env)
        return ExitStatus.OK
    result = _wait(target, outputs, uploaded, args.timeout, env)
    status = ExitStatus.OK if result.status == "PROCESSED" else ExitStatus.BAD_INPUT
    if args.json:
        _emit_json(env, {"upload": uploaded.to_dict(), "result": result.to_dict()})
        return status
    console = env.console()
    console.print_json(data=visible_data({k: v for k, v in result.document.items() if k != "processing"}))
    console.print(
        f"{result.status}: {visible(result.output_key)}  {_latency_words(result, uploaded)}", highlight=False
    )
    if status == ExitStatus.BAD_INPUT:
        error = result.document.get("error", {})
        print(f"csvpipe upload: the pipeline rejected the file: {error.get('message', '')}", file=env.stderr)
    return status


def _upload_several(args: argparse.Namespace, env: Environment, paths: list[Path]) -> int:
    """Each file up in turn (the pipeline starts on each as it lands), then each result awaited in
    turn: a line per file, or with --json {"uploads": [...]}; the exit status is the worst one's."""
    from csvpipe import client
    from csvpipe.client import ResultTimeout

    keys = [client.default_key(path) for path in paths]
    repeated = sorted({key for key in keys if keys.count(key) > 1})
    if repeated:
        raise _Failed(ExitStatus.USAGE, f"two files would both be uploaded as {repeated[0]}; rename one")
    if args.wait:
        _refuse_unprocessed_keys(keys)
    target, outputs = _pipeline(args, env)
    uploads = []
    for path, key in zip(paths, keys, strict=True):
        uploaded = _upload_with_progress(target, outputs, path, key, env, args.encoding)
        uploads.append(uploaded)
        if not args.json:
            _print_uploaded(uploaded, env)
        if not args.wait:
            _note_unprocessed(key, env)
    if not args.wait:
        if args.json:
            _emit_json(env, {"uploads": [{"upload": uploaded.to_dict()} for uploaded in uploads]})
        return ExitStatus.OK
    documents: list[dict[str, Any]] = []
    statuses: list[ExitStatus] = []
    console = env.console()
    for uploaded in uploads:
        try:
            result = _wait(target, outputs, uploaded, args.timeout, env)
        except ResultTimeout as exc:
            statuses.append(ExitStatus.TIMEOUT)
            documents.append({"upload": uploaded.to_dict(), "result": None, "timeout": str(exc)})
            if not args.json:
                print(f"csvpipe upload: {exc}", file=env.stderr)
            continue
        statuses.append(ExitStatus.OK if result.status == "PROCESSED" else ExitStatus.BAD_INPUT)
        documents.append({"upload": uploaded.to_dict(), "result": result.to_dict()})
        if args.json:
            continue
        if result.status == "PROCESSED":
            what = counted(result.document.get("row_count"), "row")
        else:
            error = result.document.get("error", {})
            what = f"{error.get('code')}: {error.get('message', '')}"
        line = f"{result.status}: {visible(result.output_key)}  {visible(what)}"
        console.print(f"{line}  {_latency_words(result, uploaded)}", highlight=False)
    if args.json:
        _emit_json(env, {"uploads": documents})
    for worst in (ExitStatus.TIMEOUT, ExitStatus.BAD_INPUT):
        if worst in statuses:
            if not args.json:
                print(
                    f"csvpipe upload: {statuses.count(worst)} of {len(statuses)} not processed",
                    file=env.stderr,
                )
            return worst
    return ExitStatus.OK


def _upload_with_progress(
    target: Any, outputs: Any, path: Path, key: str, env: Environment, encoding: str | None = None
) -> Any:
    """Large files show a transient progress bar of the bytes sent on stderr (only on a terminal)."""
    from csvpipe import client

    size = path.stat().st_size
    if size < client.MULTIPART_THRESHOLD:  # one PutObject: nothing to show until it is done
        return client.upload(target, outputs, path, key, encoding=encoding)
    from rich.progress import BarColumn, DownloadColumn, Progress, TimeRemainingColumn, TransferSpeedColumn

    console = env.console(stderr=True)
    columns = ("uploading", BarColumn(), DownloadColumn(), TransferSpeedColumn(), TimeRemainingColumn())
    with Progress(*columns, console=console, transient=True, disable=not console.is_terminal) as progress:
        task = progress.add_task("upload", total=size)
        return client.upload(
            target, outputs, path, key, progress=lambda sent: progress.advance(task, sent), encoding=encoding
        )


# ---- status ------------------------------------------------------------------------------------------


# What fits an 80-column terminal with room for the key; `--json` has every field of the items
# (columns, attempts, sizes, timings, ...). Nine columns left the key a few characters wide there.
# A FAILED item shows its error code in the status column (`EMPTY_FILE`), which says more.
STATUS_COLUMNS = (
    ("updated_at", "updated"),
    ("status", "status or error"),
    ("object_key", "key"),
    ("row_count", "rows"),
    ("quality_issue_total", "issues"),
    ("duration_ms", "ms"),
)


def run_status(args: argparse.Namespace, env: Environment) -> int:
    return _run("status", env, lambda: _status(args, env))


def _status(args: argparse.Namespace, env: Environment) -> int:
    from csvpipe import client

    target, outputs = _pipeline(args, env)
    items = client.list_items(target, outputs, limit=args.limit or None)
    if args.json:
        _emit_json(env, {"stack": outputs.stack, "table": outputs.table, "items": items})
        return ExitStatus.OK
    from datetime import UTC, datetime

    env.console().print(status_table(outputs.table, items, datetime.now(UTC).date().isoformat()))
    return ExitStatus.OK


def status_table(name: str, items: list[dict[str, Any]], today: str) -> Any:
    """The items as a rich table; `today` (YYYY-MM-DD, UTC): its times are shown without the date."""
    from rich import box
    from rich.table import Table

    # No vertical rules: the columns fit an 80-column terminal with the key whole or folded.
    table = Table(title=f"{name}: {len(items)} most recent item(s)", box=box.SIMPLE_HEAD)
    for field, header in STATUS_COLUMNS:
        # Only the key folds, into the room the others leave; they keep their short texts whole.
        if field == "object_key":
            table.add_column(header, overflow="fold", ratio=1)
        else:
            table.add_column(header, no_wrap=True)
    for item in items:
        shown = {**item, "status": item.get("error_code") or item.get("status")}
        table.add_row(*(_cell(shown.get(field), today) for field, _ in STATUS_COLUMNS))
    return table


def _cell(value: Any, today: str = "") -> str:
    if isinstance(value, str) and len(value) >= 19 and value[10:11] == "T":  # an ISO time (UTC)
        return value[11:19] if value[:10] == today else f"{value[5:10]} {value[11:16]}"
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.0f}"
    return visible(str(value))  # an S3 key is anyone's text


# ---- logs --------------------------------------------------------------------------------------------


def parse_since(text: str, now: float | None = None) -> float:
    """``30s``/``10m``/``2h``/``1d`` before now, or an ISO 8601 time → epoch seconds."""
    now = time.time() if now is None else now
    match = _DURATION.match(text.strip())
    if match:
        return now - float(match.group(1)) * _SECONDS[match.group(2)]
    try:
        moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError as exc:
        raise _Failed(ExitStatus.USAGE, f"--since {text!r}: use 30s, 10m, 2h, 1d or an ISO time") from exc
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp()


def run_logs(args: argparse.Namespace, env: Environment) -> int:
    return _run("logs", env, lambda: _logs(args, env))


def _logs(args: argparse.Namespace, env: Environment) -> int:
    from csvpipe import client

    since = parse_since(args.since)
    target, outputs = _pipeline(args, env)
    seen: set[str] = set()
    collected = []
    while True:
        lines = [
            ln for ln in client.read_logs(target, outputs, since, limit=args.limit) if ln.event_id not in seen
        ]
        for line in lines:
            seen.add(line.event_id)
            since = max(since, line.timestamp_ms / 1000)
            if args.json and args.follow:  # a stream: one JSON object per line
                print(json_text(line.to_dict()), file=env.stdout, flush=True)
            elif args.json:
                collected.append(line.to_dict())
            else:
                print(_format_line(line), file=env.stdout, flush=True)
        if not args.follow:
            break
        time.sleep(2)
    if args.json and not args.follow:
        _emit_json(env, {"log_group": client.pipeline.log_group_name(outputs), "lines": collected})
    return ExitStatus.OK


def _format_line(line: Any) -> str:
    stamp = datetime.fromtimestamp(line.timestamp_ms / 1000, UTC).strftime("%H:%M:%S.%f")[:-3]
    fields = line.fields
    if not fields:
        return f"{stamp}  {visible(line.message)}"
    keys = ("status", "key", "duration_ms", "rows", "error_code", "request_id")
    details = " ".join(f"{k}={fields[k]}" for k in keys if fields.get(k) not in (None, ""))
    # The log's JSON escapes control characters; parsed back, an S3 key has them raw again.
    return visible(f"{stamp}  {fields.get('level', ''):7} {fields.get('message', '')}  {details}")
