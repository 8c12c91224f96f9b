"""The deployer against a real MiniStack: the stack creates every resource the template promises,
a redeploy without changes succeeds, a parameter change really updates, and destroy leaves nothing."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from botocore.exceptions import ClientError

from csvpipe.deploy import stack
from csvpipe.deploy.artifacts import account_id, artifacts_bucket_name
from csvpipe.deploy.stack import Pipeline
from csvpipe.deploy.targets import Target

EXPECTED_ENVIRONMENT_KEYS = {
    "TABLE_NAME",
    "METRICS_NAMESPACE",
    "INPUT_PREFIX",
    "OUTPUT_PREFIX",
    "LOG_LEVEL",
    "FAILURE_INJECTION",
}


def test_bucket_is_versioned_encrypted_private_and_notifies_the_function(pipeline: Pipeline) -> None:
    s3 = pipeline.target.client("s3")
    bucket = pipeline.outputs.bucket
    assert s3.get_bucket_versioning(Bucket=bucket)["Status"] == "Enabled"
    rules = s3.get_bucket_encryption(Bucket=bucket)["ServerSideEncryptionConfiguration"]["Rules"]
    assert rules[0]["ApplyServerSideEncryptionByDefault"]["SSEAlgorithm"] == "AES256"
    block = s3.get_public_access_block(Bucket=bucket)["PublicAccessBlockConfiguration"]
    assert all(block.values()) and len(block) == 4
    policy = s3.get_bucket_policy(Bucket=bucket)["Policy"]
    assert "aws:SecureTransport" in policy

    notifications = s3.get_bucket_notification_configuration(Bucket=bucket)["LambdaFunctionConfigurations"]
    filters = sorted(
        tuple(sorted((rule["Name"].lower(), rule["Value"]) for rule in item["Filter"]["Key"]["FilterRules"]))
        for item in notifications
    )
    assert filters == [(("prefix", "uploads/"),)]  # every object under uploads/, whatever its name
    assert all(item["Events"] == ["s3:ObjectCreated:*"] for item in notifications)
    assert all(item["LambdaFunctionArn"].endswith(":" + pipeline.outputs.function) for item in notifications)


def test_function_runs_the_handler_with_the_documented_environment(pipeline: Pipeline) -> None:
    lam = pipeline.target.client("lambda")
    config = lam.get_function_configuration(FunctionName=pipeline.outputs.function)
    assert config["Runtime"] == "python3.12"
    assert config["Handler"] == "csvpipe.handler.lambda_function.handler"
    variables = config["Environment"]["Variables"]
    assert set(variables) == EXPECTED_ENVIRONMENT_KEYS
    assert variables["TABLE_NAME"] == pipeline.outputs.table
    assert variables["INPUT_PREFIX"] == "uploads/" and variables["OUTPUT_PREFIX"] == "processed/"
    assert variables["FAILURE_INJECTION"] == ""

    invoke_config = lam.get_function_event_invoke_config(
        FunctionName=pipeline.outputs.function, Qualifier="$LATEST"
    )
    assert invoke_config["MaximumRetryAttempts"] == 2
    assert invoke_config["DestinationConfig"]["OnFailure"]["Destination"] == pipeline.outputs.queue_arn


def test_table_queue_logs_and_alarms_exist(pipeline: Pipeline) -> None:
    target, outputs = pipeline
    table = target.client("dynamodb").describe_table(TableName=outputs.table)["Table"]
    assert {(k["AttributeName"], k["KeyType"]) for k in table["KeySchema"]} == {
        ("object_key", "HASH"),
        ("version", "RANGE"),
    }
    assert table["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"

    queue = target.client("sqs").get_queue_attributes(QueueUrl=outputs.queue, AttributeNames=["QueueArn"])
    assert queue["Attributes"]["QueueArn"] == outputs.queue_arn

    groups = target.client("logs").describe_log_groups(logGroupNamePrefix=outputs.log_group)["logGroups"]
    assert [(g["logGroupName"], g.get("retentionInDays")) for g in groups] == [(outputs.log_group, 14)]

    alarms = target.client("cloudwatch").describe_alarms(AlarmNamePrefix=outputs.stack)["MetricAlarms"]
    assert {(a["Namespace"], a["MetricName"]) for a in alarms} == {
        ("AWS/Lambda", "Errors"),
        ("AWS/SQS", "ApproximateNumberOfMessagesVisible"),
    }


def test_role_allows_exactly_the_listed_actions(pipeline: Pipeline) -> None:
    target, outputs = pipeline
    role_arn = target.client("lambda").get_function_configuration(FunctionName=outputs.function)["Role"]
    iam = target.client("iam")
    role = role_arn.rsplit("/", 1)[-1]
    names = iam.list_role_policies(RoleName=role)["PolicyNames"]
    assert iam.list_attached_role_policies(RoleName=role)["AttachedPolicies"] == []
    actions: set[str] = set()
    for name in names:
        document = iam.get_role_policy(RoleName=role, PolicyName=name)["PolicyDocument"]
        for statement in document["Statement"]:
            assert statement["Effect"] == "Allow"
            listed = statement["Action"]
            actions.update([listed] if isinstance(listed, str) else listed)
    assert actions == {
        "s3:GetObject",
        "s3:GetObjectVersion",
        "s3:PutObject",
        "dynamodb:PutItem",
        "dynamodb:UpdateItem",
        "cloudwatch:PutMetricData",
        "logs:CreateLogStream",
        "logs:PutLogEvents",
        "sqs:SendMessage",
    }


def test_redeploy_without_changes_succeeds(pipeline: Pipeline) -> None:
    # Deploy twice here rather than compare with the session's deploy: in a shared checkout the source
    # (and so the zip) may change between the two.
    first = stack.deploy(pipeline.target, pipeline.outputs.stack, {})
    second = stack.deploy(pipeline.target, pipeline.outputs.stack, {})
    assert second.changed is False
    assert second.zip_sha256 == first.zip_sha256
    assert second.outputs == first.outputs


@pytest.fixture
def scratch_stack(ministack: Target) -> Iterator[str]:
    """A second stack on the session emulator, for tests that change or delete it."""
    name = "csvpipe-scratch"
    try:
        yield name
    finally:
        stack.destroy_stack(ministack, name)


def test_parameter_change_updates_the_stack(ministack: Target, scratch_stack: str) -> None:
    first = stack.deploy(ministack, scratch_stack, {})
    assert first.changed is True
    lam = ministack.client("lambda")
    assert lam.get_function_configuration(FunctionName=first.outputs.function)["MemorySize"] == 512

    second = stack.deploy(ministack, scratch_stack, {"LambdaMemory": "256", "LogLevel": "DEBUG"})
    assert second.changed is True
    config = lam.get_function_configuration(FunctionName=first.outputs.function)
    assert config["MemorySize"] == 256
    assert config["Environment"]["Variables"]["LOG_LEVEL"] == "DEBUG"
    assert second.outputs.parameters["LambdaMemory"] == "256"


def test_destroy_empties_every_version_and_leaves_nothing(ministack: Target, scratch_stack: str) -> None:
    outputs = stack.deploy_stack(ministack, scratch_stack, {})
    s3 = ministack.client("s3")
    # versions and a delete marker under a prefix that triggers nothing
    s3.put_object(Bucket=outputs.bucket, Key="misc/a.txt", Body=b"one")
    s3.put_object(Bucket=outputs.bucket, Key="misc/a.txt", Body=b"two")
    s3.delete_object(Bucket=outputs.bucket, Key="misc/a.txt")

    assert stack.destroy_stack(ministack, scratch_stack) is True

    cfn = ministack.client("cloudformation")
    assert stack.stack_status(cfn, scratch_stack) is None
    bucket_names = {b["Name"] for b in s3.list_buckets().get("Buckets", [])}
    code_bucket = artifacts_bucket_name(scratch_stack, account_id(ministack), ministack.region)
    assert outputs.bucket not in bucket_names and code_bucket not in bucket_names
    with pytest.raises(ClientError):
        ministack.client("dynamodb").describe_table(TableName=outputs.table)
    with pytest.raises(ClientError):
        ministack.client("lambda").get_function(FunctionName=outputs.function)
    with pytest.raises(ClientError):
        ministack.client("sqs").get_queue_url(QueueName=outputs.queue.rsplit("/", 1)[-1])

    assert stack.destroy_stack(ministack, scratch_stack) is False  # idempotent


def test_destroy_refuses_a_stack_csvpipe_did_not_create(ministack: Target) -> None:
    from csvpipe.deploy.errors import DeployUsageError

    cfn = ministack.client("cloudformation")
    foreign = "foreign-stack"
    body = '{"Resources": {"Q": {"Type": "AWS::SQS::Queue", "Properties": {"QueueName": "foreign-q"}}}}'
    cfn.create_stack(StackName=foreign, TemplateBody=body)
    try:
        with pytest.raises(DeployUsageError, match="not created by csvpipe"):
            stack.destroy_stack(ministack, foreign)
        assert stack.stack_status(cfn, foreign) is not None
    finally:
        cfn.delete_stack(StackName=foreign)
