"""Terraform (infra/terraform) and CloudFormation (infra/cloudformation/pipeline.yaml) describe the
same pipeline: same function settings, environment, IAM, bucket notifications and settings, table,
queue, log group, alarms, parameters and outputs. Both are evaluated with every parameter/variable
at its default (see infra_model); a change to one that the other lacks fails here."""

from __future__ import annotations

import re
from typing import Any

import pytest
from infra_model import (
    cfn_attribute,
    cfn_condition,
    cfn_eval,
    cfn_policy_statements,
    cfn_resources_of_type,
    cfn_single,
    cfn_template,
    root,
    tf_eval,
    tf_policy_document,
    walk_resources,
)

# CloudFormation type -> Terraform resource types that together express it.
TYPE_MAP = {
    "AWS::S3::Bucket": "aws_s3_bucket",
    "AWS::S3::BucketPolicy": "aws_s3_bucket_policy",
    "AWS::DynamoDB::Table": "aws_dynamodb_table",
    "AWS::SQS::Queue": "aws_sqs_queue",
    "AWS::Logs::LogGroup": "aws_cloudwatch_log_group",
    "AWS::IAM::Role": "aws_iam_role",
    "AWS::Lambda::Function": "aws_lambda_function",
    "AWS::Lambda::EventInvokeConfig": "aws_lambda_function_event_invoke_config",
    "AWS::Lambda::Permission": "aws_lambda_permission",
    "AWS::CloudWatch::Alarm": "aws_cloudwatch_metric_alarm",
}
# Parameters the CloudFormation deployer fills in that Terraform expresses differently.
CFN_ONLY_PARAMETERS = {
    "CodeBucket": "Terraform uploads the zip itself (lambda_zip_path)",
    "CodeKey": "Terraform uploads the zip itself (lambda_zip_path)",
}
TF_ONLY_VARIABLES = {"region", "use_localstack", "localstack_endpoint", "lambda_zip_path", "tags"}


def tf_single(type_name: str) -> tuple[dict[str, Any], Any]:
    found = [(body, context) for kind, _, body, context in walk_resources() if kind == type_name]
    assert len(found) == 1, f"expected one {type_name} in Terraform, found {len(found)}"
    return found[0]


def tf_all(type_name: str) -> list[tuple[dict[str, Any], Any]]:
    return [(body, context) for kind, _, body, context in walk_resources() if kind == type_name]


def block(body: dict[str, Any], name: str) -> dict[str, Any]:
    """A nested block that occurs once (python-hcl2 gives blocks as lists)."""
    (only,) = body[name]
    return only


def snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def test_every_cloudformation_resource_type_has_its_terraform_twin() -> None:
    template_types = [resource["Type"] for resource in cfn_template()["Resources"].values()]
    unknown = sorted(set(template_types) - TYPE_MAP.keys())
    assert not unknown, f"new resource types in the template; add them to Terraform and TYPE_MAP: {unknown}"
    for cfn_type, tf_type in TYPE_MAP.items():
        assert template_types.count(cfn_type) == len(tf_all(tf_type)), (cfn_type, tf_type)


def test_function_runtime_handler_memory_timeout_concurrency() -> None:
    cfn = cfn_eval(cfn_single("AWS::Lambda::Function"))
    body, context = tf_single("aws_lambda_function")
    assert tf_eval(body["runtime"], context) == cfn["Runtime"] == "python3.12"
    assert tf_eval(body["handler"], context) == cfn["Handler"]
    assert tf_eval(body["function_name"], context) == cfn["FunctionName"]
    assert tf_eval(body["memory_size"], context) == cfn["MemorySize"]
    assert tf_eval(body["timeout"], context) == cfn["Timeout"]
    # CloudFormation leaves ReservedConcurrentExecutions out at -1; Terraform's -1 means the same.
    reserved = cfn.get("ReservedConcurrentExecutions", -1)
    assert tf_eval(body["reserved_concurrent_executions"], context) == reserved


def test_function_environment() -> None:
    cfn = cfn_eval(cfn_single("AWS::Lambda::Function"))["Environment"]["Variables"]
    body, context = tf_single("aws_lambda_function")
    terraform = tf_eval(block(body, "environment")["variables"], context)
    assert terraform == cfn
    assert {"TABLE_NAME", "METRICS_NAMESPACE", "INPUT_PREFIX", "OUTPUT_PREFIX"} <= terraform.keys()


def test_async_invocation_retries_age_and_failure_destination() -> None:
    cfn = cfn_eval(cfn_single("AWS::Lambda::EventInvokeConfig"))
    body, context = tf_single("aws_lambda_function_event_invoke_config")
    assert tf_eval(body["qualifier"], context) == cfn["Qualifier"]
    assert tf_eval(body["maximum_retry_attempts"], context) == cfn["MaximumRetryAttempts"]
    assert tf_eval(body["maximum_event_age_in_seconds"], context) == cfn["MaximumEventAgeInSeconds"]
    on_failure = block(block(body, "destination_config"), "on_failure")
    assert tf_eval(on_failure["destination"], context) == cfn["DestinationConfig"]["OnFailure"]["Destination"]


def test_iam_actions_resources_and_conditions() -> None:
    role = cfn_single("AWS::IAM::Role")
    (policy,) = role["Policies"]
    _, context = tf_single("aws_iam_role")
    assert tf_policy_document(context, "processor") == cfn_policy_statements(policy["PolicyDocument"])
    assert tf_policy_document(context, "assume_lambda")[0]["Principal"] == {
        "Service": ["lambda.amazonaws.com"]
    }
    assert cfn_policy_statements(role["AssumeRolePolicyDocument"])[0]["Principal"] == {
        "Service": ["lambda.amazonaws.com"]
    }


def test_iam_grants_nothing_beyond_least_privilege() -> None:
    """Guards both templates at once: no wildcard action, no delete, no list, no scan."""
    _, context = tf_single("aws_iam_role")
    actions = {
        action for statement in tf_policy_document(context, "processor") for action in statement["Action"]
    }
    assert not {a for a in actions if "*" in a or re.search(r"Delete|List|Scan|Query", a)}
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


def test_bucket_notification_events_filters_and_function() -> None:
    cfn_bucket = cfn_eval(cfn_single("AWS::S3::Bucket"))
    cfn = set()
    for configuration in cfn_bucket["NotificationConfiguration"]["LambdaConfigurations"]:
        rules = {rule["Name"]: rule["Value"] for rule in configuration["Filter"]["S3Key"]["Rules"]}
        cfn.add(
            ((configuration["Event"],), rules.get("prefix"), rules.get("suffix"), configuration["Function"])
        )
    body, context = tf_single("aws_s3_bucket_notification")
    terraform = {
        (
            tuple(tf_eval(item["events"], context)),
            tf_eval(item.get("filter_prefix"), context),
            tf_eval(item.get("filter_suffix"), context),
            tf_eval(item["lambda_function_arn"], context),
        )
        for item in body["lambda_function"]
    }
    assert terraform == cfn
    assert {(prefix, suffix) for _, prefix, suffix, _ in terraform} == {("uploads/", None)}


def test_bucket_name_versioning_encryption_public_access_ownership() -> None:
    cfn = cfn_eval(cfn_single("AWS::S3::Bucket"))
    bucket, context = tf_single("aws_s3_bucket")
    assert tf_eval(bucket["bucket"], context) == cfn["BucketName"]
    versioning, context = tf_single("aws_s3_bucket_versioning")
    assert block(versioning, "versioning_configuration")["status"] == cfn["VersioningConfiguration"]["Status"]
    encryption, _ = tf_single("aws_s3_bucket_server_side_encryption_configuration")
    (cfn_rule,) = cfn["BucketEncryption"]["ServerSideEncryptionConfiguration"]
    tf_default = block(block(encryption, "rule"), "apply_server_side_encryption_by_default")
    assert tf_default["sse_algorithm"] == cfn_rule["ServerSideEncryptionByDefault"]["SSEAlgorithm"]
    public, _ = tf_single("aws_s3_bucket_public_access_block")
    cfn_public = cfn["PublicAccessBlockConfiguration"]
    assert {snake(k): v for k, v in cfn_public.items()} == {k: public[k] for k in map(snake, cfn_public)}
    assert all(cfn_public.values())
    ownership, _ = tf_single("aws_s3_bucket_ownership_controls")
    (cfn_ownership,) = cfn["OwnershipControls"]["Rules"]
    assert block(ownership, "rule")["object_ownership"] == cfn_ownership["ObjectOwnership"]


def test_bucket_lifecycle_only_aborts_incomplete_multipart_uploads() -> None:
    """Both remove a never-finished upload's parts after a day and expire no object."""
    cfn = cfn_eval(cfn_single("AWS::S3::Bucket"))
    (cfn_rule,) = cfn["LifecycleConfiguration"]["Rules"]
    assert cfn_rule == {
        "Id": "abort-incomplete-multipart-uploads",
        "Status": "Enabled",
        "AbortIncompleteMultipartUpload": {"DaysAfterInitiation": 1},
    }
    lifecycle, _ = tf_single("aws_s3_bucket_lifecycle_configuration")
    rule = block(lifecycle, "rule")
    assert (rule["id"], rule["status"]) == (cfn_rule["Id"], cfn_rule["Status"])
    assert set(rule) == {"id", "status", "filter", "abort_incomplete_multipart_upload"}
    days = block(rule, "abort_incomplete_multipart_upload")["days_after_initiation"]
    assert days == cfn_rule["AbortIncompleteMultipartUpload"]["DaysAfterInitiation"]


def test_bucket_policy_denies_non_tls_under_the_same_switch() -> None:
    ((logical, policy),) = cfn_resources_of_type("AWS::S3::BucketPolicy").items()
    cfn = cfn_policy_statements(policy["Properties"]["PolicyDocument"])
    body, context = tf_single("aws_s3_bucket_policy")
    assert tf_policy_document(context, "tls_only") == cfn
    assert cfn[0]["Effect"] == "Deny" and cfn[0]["Condition"] == {"Bool": {"aws:SecureTransport": ["false"]}}
    # Same switch, same default: CloudFormation's EnforcesTls condition, Terraform's count.
    assert cfn_condition(policy["Condition"]) is True
    assert tf_eval(root().module.variables["enforce_tls"]["default"], root()) is True
    assert "var.enforce_tls" in body["count"], logical


def test_table_keys_billing_recovery_encryption() -> None:
    cfn = cfn_eval(cfn_single("AWS::DynamoDB::Table"))
    body, context = tf_single("aws_dynamodb_table")
    assert tf_eval(body["name"], context) == cfn["TableName"]
    assert body["billing_mode"] == cfn["BillingMode"] == "PAY_PER_REQUEST"
    keys = {key["KeyType"]: key["AttributeName"] for key in cfn["KeySchema"]}
    assert (body["hash_key"], body.get("range_key")) == (keys["HASH"], keys.get("RANGE"))
    cfn_attributes = {a["AttributeName"]: a["AttributeType"] for a in cfn["AttributeDefinitions"]}
    assert {a["name"]: a["type"] for a in body["attribute"]} == cfn_attributes
    pitr = cfn["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"]
    assert block(body, "point_in_time_recovery")["enabled"] is pitr is True
    assert block(body, "server_side_encryption")["enabled"] is cfn["SSESpecification"]["SSEEnabled"] is True


def test_failure_queue_and_log_group() -> None:
    cfn_queue = cfn_eval(cfn_single("AWS::SQS::Queue"))
    queue, context = tf_single("aws_sqs_queue")
    assert tf_eval(queue["name"], context) == cfn_queue["QueueName"]
    assert queue["message_retention_seconds"] == cfn_queue["MessageRetentionPeriod"]
    assert queue["sqs_managed_sse_enabled"] is cfn_queue["SqsManagedSseEnabled"] is True
    cfn_logs = cfn_eval(cfn_single("AWS::Logs::LogGroup"))
    logs, context = tf_single("aws_cloudwatch_log_group")
    assert tf_eval(logs["name"], context) == cfn_logs["LogGroupName"]
    assert tf_eval(logs["retention_in_days"], context) == cfn_logs["RetentionInDays"]


ALARM_FIELDS = {
    "AlarmName": "alarm_name",
    "Namespace": "namespace",
    "MetricName": "metric_name",
    "Statistic": "statistic",
    "Period": "period",
    "EvaluationPeriods": "evaluation_periods",
    "Threshold": "threshold",
    "ComparisonOperator": "comparison_operator",
    "TreatMissingData": "treat_missing_data",
}


def cfn_alarm(properties: dict[str, Any]) -> tuple[Any, ...]:
    dimensions = tuple(sorted((d["Name"], d["Value"]) for d in properties["Dimensions"]))
    return (*(properties[name] for name in ALARM_FIELDS), dimensions)


def tf_alarm(body: dict[str, Any], context: Any) -> tuple[Any, ...]:
    dimensions = tuple(sorted(tf_eval(body["dimensions"], context).items()))
    return (*(tf_eval(body[name], context) for name in ALARM_FIELDS.values()), dimensions)


def test_alarms() -> None:
    cfn = {
        cfn_alarm(cfn_eval(r["Properties"])) for r in cfn_resources_of_type("AWS::CloudWatch::Alarm").values()
    }
    terraform = {tf_alarm(body, context) for body, context in tf_all("aws_cloudwatch_metric_alarm")}
    assert terraform == cfn
    assert {alarm[2] for alarm in cfn} == {"Errors", "ApproximateNumberOfMessagesVisible"}


def test_invoke_permission() -> None:
    cfn = cfn_eval(cfn_single("AWS::Lambda::Permission"))
    body, context = tf_single("aws_lambda_permission")
    assert tf_eval(body["action"], context) == cfn["Action"]
    assert tf_eval(body["principal"], context) == cfn["Principal"]
    assert tf_eval(body["source_arn"], context) == cfn["SourceArn"]
    assert tf_eval(body["source_account"], context) == cfn["SourceAccount"]
    assert tf_eval(body["function_name"], context) == cfn["FunctionName"]


@pytest.mark.parametrize("parameter", sorted(cfn_template()["Parameters"]))
def test_parameter_has_a_terraform_variable_with_the_same_default(parameter: str) -> None:
    if parameter in CFN_ONLY_PARAMETERS:
        pytest.skip(CFN_ONLY_PARAMETERS[parameter])
    spec = cfn_template()["Parameters"][parameter]
    variables = root().module.variables
    assert snake(parameter) in variables, f"infra/terraform/variables.tf lacks {snake(parameter)}"
    default = variables[snake(parameter)].get("default")
    expected = spec.get("Default")
    if isinstance(default, bool):
        expected = {"true": True, "false": False}[str(expected)]
    assert default == expected


def test_terraform_variables_are_template_parameters_or_deployment_settings() -> None:
    parameters = {snake(name) for name in cfn_template()["Parameters"]}
    extra = set(root().module.variables) - parameters - TF_ONLY_VARIABLES
    assert not extra, f"variables with no CloudFormation parameter: {sorted(extra)}"


def test_outputs_match() -> None:
    cfn_outputs = {snake(name) for name in cfn_template()["Outputs"]}
    assert cfn_outputs <= set(root().module.outputs)
    for name, output in cfn_template()["Outputs"].items():
        tf_value = tf_eval(root().module.outputs[snake(name)]["value"], root())
        assert tf_value == cfn_eval(output["Value"]), name


def test_log_group_arn_convention_is_modelled() -> None:
    """The one place the two differ in syntax: CloudFormation's LogGroup Arn already ends in ':*'."""
    assert str(cfn_attribute("ProcessorLogGroup", "Arn")).endswith(":*")
