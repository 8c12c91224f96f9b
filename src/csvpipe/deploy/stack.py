"""Create, update and delete the pipeline stack — the only code here that changes the target.

deploy: build the zip (no calls) → make sure the artifacts bucket holds it under its content hash →
create a change set → execute it unless it is empty ("no changes" is success) → wait, reporting stack
events → read the outputs. destroy: empty the buckets (every version and delete marker) → delete the
stack → delete the artifacts bucket. Both are idempotent. Waiting uses an injected Clock.
"""

from __future__ import annotations

import re
import tempfile
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from csvpipe.deploy import artifacts
from csvpipe.deploy.calls import call, connection_error
from csvpipe.deploy.clock import Clock, SystemClock, poll_until
from csvpipe.deploy.errors import DeployUsageError, NotReadyError, TargetCallError
from csvpipe.deploy.packaging import build_lambda_zip
from csvpipe.deploy.targets import Target
from csvpipe.deploy.template import check_parameters, template_body

Progress = Callable[[str], None]

DEFAULT_STACK_NAME = "csvpipe"
STACK_NAME_PATTERN = re.compile(r"^[a-z][a-z0-9-]{0,19}$")
MANAGED_BY_TAG = ("csvpipe:managed-by", "csvpipe")
CAPABILITIES = ["CAPABILITY_IAM"]
DEPLOYER_PARAMETERS = frozenset({"NamePrefix", "CodeBucket", "CodeKey"})  # stack name and zip decide these
NO_CHANGES_MARKERS = ("didn't contain changes", "No updates are to be performed")
CHANGE_SET_TIMEOUT = 300.0
STACK_TIMEOUT = 1800.0  # AWS creates this stack in a few minutes; emulators in under a second


@dataclass(frozen=True)
class StackOutputs:
    """Names of a deployed pipeline's resources, as the stack outputs report them."""

    stack: str
    region: str
    endpoint_url: str | None
    bucket: str
    table: str
    function: str
    queue: str
    artifacts_bucket: str
    queue_arn: str = ""
    log_group: str = ""
    metrics_namespace: str = ""
    code_key: str = ""
    parameters: dict[str, str] = field(default_factory=dict)


class Pipeline(NamedTuple):
    """A deployed pipeline: where it runs and what its resources are called."""

    target: Target
    outputs: StackOutputs


@dataclass(frozen=True)
class DeployResult:
    outputs: StackOutputs
    zip_sha256: str
    changed: bool
    seconds: float


def check_stack_name(stack_name: str) -> None:
    if not STACK_NAME_PATTERN.match(stack_name):
        raise DeployUsageError(
            f"stack name {stack_name!r} is not usable: lowercase letters, digits and hyphens, starting "
            "with a letter, at most 20 characters (it prefixes bucket and table names)"
        )


def deploy_stack(
    target: Target,
    stack_name: str,
    parameters: Mapping[str, str] | None = None,
    progress: Progress | None = None,
    *,
    clock: Clock | None = None,
    build_dir: Path | None = None,
    timeout: float = STACK_TIMEOUT,
) -> StackOutputs:
    """Deploy (create or update) the pipeline and return its outputs. See ``deploy`` for the details."""
    return deploy(
        target, stack_name, parameters, progress, clock=clock, build_dir=build_dir, timeout=timeout
    ).outputs


def deploy(
    target: Target,
    stack_name: str,
    parameters: Mapping[str, str] | None = None,
    progress: Progress | None = None,
    *,
    clock: Clock | None = None,
    build_dir: Path | None = None,
    timeout: float = STACK_TIMEOUT,
) -> DeployResult:
    """Build, upload and deploy; the stack's parameters are the template defaults plus ``parameters``."""
    clock = clock or SystemClock()
    say = progress or (lambda _message: None)
    started = clock.monotonic()
    check_stack_name(stack_name)
    user_parameters = dict(parameters or {})
    reserved = sorted(DEPLOYER_PARAMETERS.intersection(user_parameters))
    if reserved:
        raise DeployUsageError(f"parameter(s) {', '.join(reserved)} are set by the deployer, not by --param")
    body = template_body()
    check_parameters(user_parameters, body)

    with tempfile.TemporaryDirectory(prefix="csvpipe-build-") as scratch:
        built = build_lambda_zip(build_dir or Path(scratch))
        say(f"built Lambda zip: {built.size} bytes, sha256 {built.sha256}")
        account = artifacts.account_id(target)
        code_bucket = artifacts.artifacts_bucket_name(stack_name, account, target.region)
        artifacts.ensure_artifacts_bucket(target, code_bucket, say)
        code_key = artifacts.upload_zip(target, code_bucket, built.path, built.sha256, say)

    stack_parameters = {
        "NamePrefix": stack_name,
        **user_parameters,
        "CodeBucket": code_bucket,
        "CodeKey": code_key,
    }
    cfn = target.client("cloudformation")
    changed = apply_change_set(cfn, stack_name, body, stack_parameters, say, clock=clock, timeout=timeout)
    outputs = describe_outputs(target, stack_name, cfn=cfn)
    return DeployResult(outputs, built.sha256, changed, clock.monotonic() - started)


def apply_change_set(
    cfn: Any,
    stack_name: str,
    body: str,
    parameters: Mapping[str, str],
    say: Progress,
    *,
    clock: Clock,
    timeout: float = STACK_TIMEOUT,
) -> bool:
    """Create and execute a change set; return False when there was nothing to change."""
    status = stack_status(cfn, stack_name)
    if status == "ROLLBACK_COMPLETE":  # a failed first create: AWS only allows deleting it
        say(f"stack {stack_name} is in ROLLBACK_COMPLETE from a failed create; deleting it first")
        _delete_and_wait(cfn, stack_name, say, clock=clock, timeout=timeout)
        status = None
    change_type = "CREATE" if status in (None, "REVIEW_IN_PROGRESS") else "UPDATE"
    if status is not None and status.endswith("_IN_PROGRESS") and status != "REVIEW_IN_PROGRESS":
        raise NotReadyError(f"stack {stack_name} is busy ({status}); wait for it to finish and retry")
    change_set_name = f"csvpipe-{int(time.time() * 1000)}"
    call(
        cfn.create_change_set,
        StackName=stack_name,
        ChangeSetName=change_set_name,
        ChangeSetType=change_type,
        TemplateBody=body,
        Parameters=[{"ParameterKey": k, "ParameterValue": str(v)} for k, v in sorted(parameters.items())],
        Capabilities=CAPABILITIES,
        Tags=[{"Key": MANAGED_BY_TAG[0], "Value": MANAGED_BY_TAG[1]}],
    )
    say(f"change set {change_set_name} ({change_type.lower()}) created; waiting for it")

    def change_set_ready() -> dict[str, Any] | None:
        described = call(cfn.describe_change_set, StackName=stack_name, ChangeSetName=change_set_name)
        return described if described.get("Status") in ("CREATE_COMPLETE", "FAILED") else None

    described = poll_until(
        change_set_ready,
        what="the change set",
        timeout=CHANGE_SET_TIMEOUT,
        interval=0.1,
        clock=clock,
        max_interval=5.0,
    )
    if described["Status"] == "FAILED":
        reason = described.get("StatusReason", "")
        if any(marker in reason for marker in NO_CHANGES_MARKERS):
            call(cfn.delete_change_set, StackName=stack_name, ChangeSetName=change_set_name)
            say(f"stack {stack_name} is up to date: no changes")
            return False
        raise TargetCallError(f"change set for {stack_name} failed: {reason or 'no reason given'}")
    changes = described.get("Changes", [])
    say(f"executing change set: {len(changes)} resource change(s)")
    seen = _event_ids(cfn, stack_name) if change_type == "UPDATE" else set()
    call(cfn.execute_change_set, StackName=stack_name, ChangeSetName=change_set_name)
    final = wait_for_stack(cfn, stack_name, say, seen, clock=clock, timeout=timeout)
    if final not in ("CREATE_COMPLETE", "UPDATE_COMPLETE"):
        reasons = failure_reasons(cfn, stack_name, seen)
        raise TargetCallError(f"stack {stack_name} ended in {final}: {reasons or 'see the stack events'}")
    return True


def stack_status(cfn: Any, stack_name: str) -> str | None:
    """The stack's status, or None when it does not exist (or was deleted)."""
    from botocore.exceptions import ClientError

    try:
        stacks = cfn.describe_stacks(StackName=stack_name)["Stacks"]
    except ClientError as exc:
        if "does not exist" in str(exc):
            return None
        raise TargetCallError(f"describe_stacks failed: {exc}") from exc
    except Exception as exc:
        raise connection_error(exc) from exc
    if not stacks or stacks[0]["StackStatus"] == "DELETE_COMPLETE":
        return None
    return str(stacks[0]["StackStatus"])


def wait_for_stack(
    cfn: Any,
    stack_name: str,
    say: Progress,
    seen: set[str],
    *,
    clock: Clock,
    timeout: float = STACK_TIMEOUT,
) -> str:
    """Poll until the stack leaves *_IN_PROGRESS, reporting each new stack event; return the final status
    ("DELETE_COMPLETE" when the stack is gone)."""

    def settled() -> str | None:
        for event in _new_events(cfn, stack_name, seen):
            reason = f" — {event['ResourceStatusReason']}" if event.get("ResourceStatusReason") else ""
            say(f"{event['LogicalResourceId']}: {event['ResourceStatus']}{reason}")
        status = stack_status(cfn, stack_name) or "DELETE_COMPLETE"
        return None if status.endswith("_IN_PROGRESS") else status

    return poll_until(
        settled, what=f"stack {stack_name}", timeout=timeout, interval=0.1, clock=clock, max_interval=5.0
    )


def _stack_events(cfn: Any, stack_name: str) -> list[dict[str, Any]]:
    from botocore.exceptions import ClientError

    try:
        return list(cfn.describe_stack_events(StackName=stack_name).get("StackEvents", []))
    except ClientError:
        return []  # the stack is gone (deleted): no more events to show


def _event_ids(cfn: Any, stack_name: str) -> set[str]:
    return {event["EventId"] for event in _stack_events(cfn, stack_name)}


def _new_events(cfn: Any, stack_name: str, seen: set[str]) -> list[dict[str, Any]]:
    """Events not reported yet, oldest first (the API lists newest first)."""
    fresh = [event for event in _stack_events(cfn, stack_name) if event["EventId"] not in seen]
    seen.update(event["EventId"] for event in fresh)
    return list(reversed(fresh))


def failure_reasons(cfn: Any, stack_name: str, before: set[str]) -> str:
    failed = [
        f"{event['LogicalResourceId']}: {event.get('ResourceStatusReason', '')}"
        for event in reversed(_stack_events(cfn, stack_name))
        if event["ResourceStatus"].endswith("_FAILED") and event.get("ResourceStatusReason")
    ]
    return "; ".join(failed[:5])


def describe_outputs(target: Target, stack_name: str, *, cfn: Any = None) -> StackOutputs:
    """The outputs of a deployed pipeline stack (NotReadyError when it is not deployed)."""
    cfn = cfn or target.client("cloudformation")
    from botocore.exceptions import ClientError

    try:
        stacks = cfn.describe_stacks(StackName=stack_name)["Stacks"]
    except ClientError as exc:
        if "does not exist" in str(exc):
            raise NotReadyError(
                f"stack {stack_name} is not deployed on {target.name}: "
                f"run `csvpipe deploy --target {target.name}`"
            ) from exc
        raise TargetCallError(f"describe_stacks failed: {exc}") from exc
    except Exception as exc:
        raise connection_error(exc) from exc
    stack = stacks[0]
    outputs = {item["OutputKey"]: item["OutputValue"] for item in stack.get("Outputs", [])}
    parameters = {
        item["ParameterKey"]: item.get("ParameterValue", "") for item in stack.get("Parameters", [])
    }
    missing = [
        key for key in ("BucketName", "TableName", "FunctionName", "FailureQueueUrl") if key not in outputs
    ]
    if missing:
        raise TargetCallError(f"stack {stack_name} lacks output(s) {', '.join(missing)}; redeploy it")
    return StackOutputs(
        stack=stack_name,
        region=target.region,
        endpoint_url=target.endpoint_url,
        bucket=outputs["BucketName"],
        table=outputs["TableName"],
        function=outputs["FunctionName"],
        queue=outputs["FailureQueueUrl"],
        artifacts_bucket=parameters.get("CodeBucket", ""),
        queue_arn=outputs.get("FailureQueueArn", ""),
        log_group=outputs.get("LogGroupName", ""),
        metrics_namespace=outputs.get("MetricsNamespace", ""),
        code_key=parameters.get("CodeKey", ""),
        parameters=parameters,
    )


def destroy_stack(
    target: Target,
    stack_name: str,
    progress: Progress | None = None,
    *,
    clock: Clock | None = None,
    timeout: float = STACK_TIMEOUT,
) -> bool:
    """Empty the buckets, delete the stack and the artifacts bucket. Returns False if nothing existed.

    Refuses a stack that does not carry csvpipe's managed-by tag: destroy must never delete what
    another tool created under the same name.
    """
    clock = clock or SystemClock()
    say = progress or (lambda _message: None)
    check_stack_name(stack_name)
    cfn = target.client("cloudformation")
    status = stack_status(cfn, stack_name)
    found = status is not None
    if status is not None:
        _refuse_foreign_stack(cfn, stack_name)
        if status.endswith("_IN_PROGRESS") and not status.startswith("DELETE"):
            raise NotReadyError(f"stack {stack_name} is busy ({status}); wait for it to finish and retry")
        try:
            outputs = describe_outputs(target, stack_name, cfn=cfn)
            artifacts.empty_bucket(target, outputs.bucket, say)
        except (NotReadyError, TargetCallError):
            say("stack has no usable outputs (failed create?); deleting it as is")
        _delete_and_wait(cfn, stack_name, say, clock=clock, timeout=timeout)
    code_bucket = artifacts.artifacts_bucket_name(stack_name, artifacts.account_id(target), target.region)
    if artifacts.delete_bucket(target, code_bucket, say):
        found = True
    return found


def _refuse_foreign_stack(cfn: Any, stack_name: str) -> None:
    stack = call(cfn.describe_stacks, StackName=stack_name)["Stacks"][0]
    tags = {tag["Key"]: tag["Value"] for tag in stack.get("Tags", [])}
    if tags.get(MANAGED_BY_TAG[0]) != MANAGED_BY_TAG[1]:
        raise DeployUsageError(
            f"stack {stack_name} was not created by csvpipe (no {MANAGED_BY_TAG[0]} tag); "
            "refusing to delete it"
        )


def _delete_and_wait(cfn: Any, stack_name: str, say: Progress, *, clock: Clock, timeout: float) -> None:
    seen = _event_ids(cfn, stack_name)
    call(cfn.delete_stack, StackName=stack_name)
    say(f"deleting stack {stack_name}")
    final = wait_for_stack(cfn, stack_name, say, seen, clock=clock, timeout=timeout)
    if final != "DELETE_COMPLETE":
        reasons = failure_reasons(cfn, stack_name, seen)
        raise TargetCallError(
            f"deleting stack {stack_name} ended in {final}: {reasons or 'see the stack events'}"
        )
