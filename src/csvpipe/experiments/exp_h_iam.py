"""H — IAM policy fidelity: what the function's role can and cannot do, probed as that role.

The role's credentials come from STS AssumeRole (emulators accept it; on AWS the role trusts only
lambda.amazonaws.com, so there the same matrix is asked of IAM's policy simulator,
``SimulatePrincipalPolicy``, which evaluates the real policy without calling anything). Each probe is
harmless: destructive actions target names that do not exist, so "allowed" shows up as NotFound
rather than as damage. The expected column is what AWS does with the template's least-privilege policy.

On ministack, IAM is only evaluated with AUTH=true: H deploys its own stack on a private emulator
started with AUTH=true (and EnforceTls=false, see docs/fidelity.md) and stops it afterwards.
"""

from __future__ import annotations

import contextlib
import json
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from csvpipe.deploy import stack
from csvpipe.deploy.stack import StackOutputs
from csvpipe.deploy.targets import Target
from csvpipe.experiments.base import RunContext
from csvpipe.experiments.results import ExperimentRecord

ID = "H"
TITLE = "IAM policy fidelity"
DENIED_CODES = (
    "AccessDenied",
    "AccessDeniedException",
    "UnauthorizedOperation",
    "AuthorizationError",
    "Forbidden",
    "403",
    "NotAuthorized",
    "InvalidClientTokenId",
)


@dataclass(frozen=True)
class Probe:
    action: str
    resource: str  # human description
    expected: str  # allowed | denied (AWS, with the template's policy)
    call: Callable[[dict[str, Any], StackOutputs, str], Any]  # (clients, outputs, run id) -> response
    arn: Callable[[StackOutputs, str], str]  # resource ARN for the policy simulator


def _bucket_arn(o: StackOutputs, key: str = "") -> str:
    return f"arn:aws:s3:::{o.bucket}" + (f"/{key}" if key else "")


def _table_arn(o: StackOutputs, account: str, region: str) -> str:
    return f"arn:aws:dynamodb:{region}:{account}:table/{o.table}"


PROBES: list[Probe] = [
    Probe(
        "s3:GetObject",
        "uploads/ object",
        "allowed",
        lambda c, o, r: c["s3"].get_object(Bucket=o.bucket, Key=f"uploads/_iam_probe/{r}.txt")["Body"].read(),
        lambda o, r: _bucket_arn(o, f"uploads/_iam_probe/{r}.txt"),
    ),
    Probe(
        "s3:PutObject",
        "processed/ object",
        "allowed",
        lambda c, o, r: c["s3"].put_object(Bucket=o.bucket, Key=f"processed/_iam_probe/{r}.json", Body=b"{}"),
        lambda o, r: _bucket_arn(o, f"processed/_iam_probe/{r}.json"),
    ),
    Probe(
        "s3:PutObject",
        "uploads/ object (would re-trigger)",
        "denied",
        lambda c, o, r: c["s3"].put_object(Bucket=o.bucket, Key=f"uploads/_iam_probe/{r}-w.txt", Body=b"x"),
        lambda o, r: _bucket_arn(o, f"uploads/_iam_probe/{r}-w.txt"),
    ),
    Probe(
        "s3:GetObject",
        "processed/ object",
        "denied",
        lambda c, o, r: c["s3"].get_object(Bucket=o.bucket, Key=f"processed/_iam_probe/{r}-seed.json"),
        lambda o, r: _bucket_arn(o, f"processed/_iam_probe/{r}-seed.json"),
    ),
    Probe(
        "s3:DeleteObject",
        "uploads/ object",
        "denied",
        lambda c, o, r: c["s3"].delete_object(Bucket=o.bucket, Key=f"uploads/_iam_probe/{r}-nonexistent.txt"),
        lambda o, r: _bucket_arn(o, f"uploads/_iam_probe/{r}-nonexistent.txt"),
    ),
    Probe(
        "s3:ListBucket",
        "the data bucket",
        "denied",
        lambda c, o, r: c["s3"].list_objects_v2(Bucket=o.bucket, MaxKeys=1),
        lambda o, r: _bucket_arn(o),
    ),
    Probe(
        "dynamodb:PutItem",
        "metadata table",
        "allowed",
        lambda c, o, r: c["dynamodb"].put_item(
            TableName=o.table, Item={"object_key": {"S": f"_iam_probe/{r}"}, "version": {"S": "probe"}}
        ),
        lambda o, r: "table",
    ),
    Probe(
        "dynamodb:UpdateItem",
        "metadata table",
        "allowed",
        lambda c, o, r: c["dynamodb"].update_item(
            TableName=o.table,
            Key={"object_key": {"S": f"_iam_probe/{r}"}, "version": {"S": "probe"}},
            UpdateExpression="SET probed = :t",
            ExpressionAttributeValues={":t": {"BOOL": True}},
        ),
        lambda o, r: "table",
    ),
    Probe(
        "dynamodb:GetItem",
        "metadata table",
        "denied",
        lambda c, o, r: c["dynamodb"].get_item(
            TableName=o.table, Key={"object_key": {"S": f"_iam_probe/{r}"}, "version": {"S": "probe"}}
        ),
        lambda o, r: "table",
    ),
    Probe(
        "dynamodb:Scan",
        "metadata table",
        "denied",
        lambda c, o, r: c["dynamodb"].scan(TableName=o.table, Limit=1),
        lambda o, r: "table",
    ),
    Probe(
        "dynamodb:DeleteTable",
        "a table that does not exist",
        "denied",
        lambda c, o, r: c["dynamodb"].delete_table(TableName=f"{o.table}-nonexistent-{r}"),
        lambda o, r: "table",
    ),
    Probe(
        "cloudwatch:PutMetricData",
        "own namespace",
        "allowed",
        lambda c, o, r: c["cloudwatch"].put_metric_data(
            Namespace=o.metrics_namespace or "csvpipe", MetricData=[{"MetricName": "IamProbe", "Value": 1.0}]
        ),
        lambda o, r: "*",
    ),
    Probe(
        "cloudwatch:PutMetricData",
        "another namespace",
        "denied",
        lambda c, o, r: c["cloudwatch"].put_metric_data(
            Namespace="someone-else", MetricData=[{"MetricName": "IamProbe", "Value": 1.0}]
        ),
        lambda o, r: "*",
    ),
    Probe(
        "sqs:SendMessage",
        "failure queue",
        "allowed",
        lambda c, o, r: c["sqs"].send_message(QueueUrl=o.queue, MessageBody=json.dumps({"iam_probe": r})),
        lambda o, r: o.queue_arn,
    ),
    Probe(
        "sqs:ReceiveMessage",
        "failure queue",
        "denied",
        lambda c, o, r: c["sqs"].receive_message(
            QueueUrl=o.queue, MaxNumberOfMessages=1, VisibilityTimeout=0
        ),
        lambda o, r: o.queue_arn,
    ),
    Probe(
        "lambda:InvokeFunction",
        "its own function (dry run)",
        "denied",
        lambda c, o, r: c["lambda"].invoke(FunctionName=o.function, InvocationType="DryRun"),
        lambda o, r: "function",
    ),
    Probe(
        "iam:ListRoles",
        "account",
        "denied",
        lambda c, o, r: c["iam"].list_roles(MaxItems=1),
        lambda o, r: "*",
    ),
]


def run(ctx: RunContext, record: ExperimentRecord) -> None:
    ctx.progress.start(ID, TITLE, len(PROBES) + 1)
    with _probe_stack(ctx) as (target, outputs, auth_note):
        record.notes.append(auth_note)
        ctx.progress.advance("stack deployed")
        run_id = uuid.uuid4().hex[:8]
        admin_s3 = target.client("s3")
        admin_s3.put_object(Bucket=outputs.bucket, Key=f"uploads/_iam_probe/{run_id}.txt", Body=b"probe")
        admin_s3.put_object(Bucket=outputs.bucket, Key=f"processed/_iam_probe/{run_id}-seed.json", Body=b"{}")
        role_arn = target.client("lambda").get_function_configuration(FunctionName=outputs.function)["Role"]
        observe, method = _observer(target, role_arn, outputs, run_id)
        record.parameters = {"role": role_arn, "method": method, "probes": len(PROBES)}
        table = record.table(
            f"H — IAM matrix ({ctx.settings.target})",
            ["action on resource", "expected (AWS)", "observed", "matches", "detail"],
        )
        matches = record.metric(
            "matching_probes",
            "probes",
            "Probes whose outcome matches AWS's expected one",
            lower_is_better=False,
        )
        mismatched = 0
        for probe in PROBES:
            observed, detail = observe(probe)
            same = observed == probe.expected
            mismatched += not same
            table.rows.append(
                [
                    f"{probe.action} — {probe.resource}",
                    probe.expected,
                    observed,
                    "yes" if same else "NO",
                    detail,
                ]
            )
            ctx.progress.advance(f"{probe.action}: {observed}")
        matches.add(float(len(PROBES) - mismatched))
        record.metric("mismatched_probes", "probes", "Probes whose outcome differs from AWS").add(
            float(mismatched)
        )
        record.notes.append(f"probed by {method}; {mismatched} of {len(PROBES)} outcomes differ from AWS's")


@contextlib.contextmanager
def _probe_stack(ctx: RunContext) -> Iterator[tuple[Target, StackOutputs, str]]:
    """On ministack: a private AUTH=true emulator with its own stack; elsewhere a stack of our own."""
    stop: Callable[[], None] | None = None
    target = ctx.target
    parameters: dict[str, str] = {}
    note = f"{ctx.settings.target}: the run's own target"
    if ctx.settings.target == "localstack":
        note += " (LocalStack evaluates IAM only when started with ENFORCE_IAM=1; otherwise all is allowed)"
    if ctx.auth_target_factory is not None:
        target, stop = ctx.auth_target_factory()
        parameters = {"EnforceTls": "false"}
        note = (
            "ministack with AUTH=true (IAM evaluated), stack deployed with EnforceTls=false: with AUTH=true "
            "MiniStack's TLS-only bucket policy would deny every http caller"
        )
    name = f"cx-{ctx.settings.run_id}-h"
    try:
        outputs = stack.deploy_stack(target, name, parameters)
        try:
            yield target, outputs, note
        finally:
            stack.destroy_stack(target, name)
    finally:
        if stop is not None:
            stop()


def _observer(
    target: Target, role_arn: str, outputs: StackOutputs, run_id: str
) -> tuple[Callable[[Probe], tuple[str, str]], str]:
    from botocore.exceptions import ClientError

    sts = target.client("sts")
    try:
        credentials = sts.assume_role(RoleArn=role_arn, RoleSessionName=f"csvpipe-h-{run_id}")["Credentials"]
    except ClientError as exc:
        if target.is_emulator:
            raise
        return _simulator(target, role_arn, outputs, run_id, str(exc)), "IAM SimulatePrincipalPolicy"
    session = _role_session(target, credentials)
    clients = {
        s: _client(session, target, s) for s in ("s3", "dynamodb", "cloudwatch", "sqs", "lambda", "iam")
    }

    def observe(probe: Probe) -> tuple[str, str]:
        try:
            probe.call(clients, outputs, run_id)
        except ClientError as exc:
            code = str(exc.response.get("Error", {}).get("Code", "?"))
            status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
            if code in DENIED_CODES or status == 403:
                return "denied", code
            return "allowed", f"authorised, then {code}"  # e.g. NotFound: the call got past IAM
        return "allowed", "call succeeded"

    return observe, "calls made with the role's credentials (STS AssumeRole)"


def _role_session(target: Target, credentials: dict[str, Any]) -> Any:
    import boto3

    return boto3.session.Session(
        aws_access_key_id=credentials["AccessKeyId"],
        aws_secret_access_key=credentials["SecretAccessKey"],
        aws_session_token=credentials["SessionToken"],
        region_name=target.region,
    )


def _client(session: Any, target: Target, service: str) -> Any:
    from botocore.config import Config

    config = Config(
        retries={"mode": "standard", "max_attempts": 2},
        connect_timeout=10,
        read_timeout=30,
        s3={"addressing_style": "path"} if target.is_emulator else {},
    )
    return session.client(service, endpoint_url=target.endpoint_url, config=config)


def _simulator(
    target: Target, role_arn: str, outputs: StackOutputs, run_id: str, why: str
) -> Callable[[Probe], tuple[str, str]]:
    """AWS: ask IAM to evaluate the role's policies (no call is made against the resources)."""
    iam = target.client("iam")
    account = role_arn.split(":")[4]
    region = target.region

    def resource(probe: Probe) -> str:
        arn = probe.arn(outputs, run_id)
        if arn == "table":
            return _table_arn(outputs, account, region)
        if arn == "function":
            return f"arn:aws:lambda:{region}:{account}:function:{outputs.function}"
        return arn

    def observe(probe: Probe) -> tuple[str, str]:
        context = []
        if probe.action == "cloudwatch:PutMetricData":
            namespace = (
                "someone-else" if probe.expected == "denied" else (outputs.metrics_namespace or "csvpipe")
            )
            context = [
                {
                    "ContextKeyName": "cloudwatch:namespace",
                    "ContextKeyValues": [namespace],
                    "ContextKeyType": "string",
                }
            ]
        response = iam.simulate_principal_policy(
            PolicySourceArn=role_arn,
            ActionNames=[probe.action],
            ResourceArns=[resource(probe)],
            ContextEntries=context,
        )
        decision = response["EvaluationResults"][0]["EvalDecision"]
        return ("allowed" if decision == "allowed" else "denied"), decision

    return observe
