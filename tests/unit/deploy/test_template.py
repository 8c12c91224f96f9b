"""Static checks of infra/cloudformation/pipeline.yaml: the contract other packages rely on."""

from __future__ import annotations

import json
from typing import Any

import pytest

from csvpipe.deploy.errors import DeployUsageError
from csvpipe.deploy.template import check_parameters, parse_template


@pytest.fixture(scope="module")
def template() -> dict[str, Any]:
    return parse_template()


def resources_of_type(template: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [r for r in template["Resources"].values() if r["Type"] == kind]


def test_function_matches_the_architecture(template: dict[str, Any]) -> None:
    (function,) = resources_of_type(template, "AWS::Lambda::Function")
    props = function["Properties"]
    assert props["Runtime"] == "python3.12"
    assert props["Handler"] == "csvpipe.handler.lambda_function.handler"
    assert props["Code"] == {"S3Bucket": {"Ref": "CodeBucket"}, "S3Key": {"Ref": "CodeKey"}}
    variables = props["Environment"]["Variables"]
    assert set(variables) == {
        "TABLE_NAME",
        "METRICS_NAMESPACE",
        "INPUT_PREFIX",
        "OUTPUT_PREFIX",
        "LOG_LEVEL",
        "FAILURE_INJECTION",
    }
    assert variables["INPUT_PREFIX"] == "uploads/" and variables["OUTPUT_PREFIX"] == "processed/"
    assert template["Parameters"]["FailureInjection"]["Default"] == ""
    assert template["Parameters"]["MetricsNamespace"]["Default"] == "csvpipe"


def test_one_notification_sends_every_object_under_uploads(template: dict[str, Any]) -> None:
    """No suffix filter: an upload of any name gets a summary or an error report (until 2026-11-27,
    18 case-sensitive suffix filters, and `data.txt` or `x.Csv` triggered nothing)."""
    (bucket,) = resources_of_type(template, "AWS::S3::Bucket")
    (config,) = bucket["Properties"]["NotificationConfiguration"]["LambdaConfigurations"]
    assert config["Event"] == "s3:ObjectCreated:*"
    assert config["Filter"]["S3Key"]["Rules"] == [{"Name": "prefix", "Value": "uploads/"}]
    assert config["Function"] == {"Fn::GetAtt": ["ProcessorFunction", "Arn"]}


def test_permission_does_not_reference_the_bucket_resource(template: dict[str, Any]) -> None:
    """A Ref/GetAtt to the bucket here would close the cycle bucket -> notification -> permission."""
    (permission,) = resources_of_type(template, "AWS::Lambda::Permission")
    text = json.dumps(permission)
    assert "DataBucket" not in text
    assert "${NamePrefix}-data-${AWS::AccountId}-${AWS::Region}" in text
    assert "${NamePrefix}-data-${AWS::AccountId}-${AWS::Region}" in json.dumps(
        template["Resources"]["DataBucket"]["Properties"]["BucketName"]
    )


def test_table_keys_billing_recovery_and_encryption(template: dict[str, Any]) -> None:
    (table,) = resources_of_type(template, "AWS::DynamoDB::Table")
    props = table["Properties"]
    assert props["KeySchema"] == [
        {"AttributeName": "object_key", "KeyType": "HASH"},
        {"AttributeName": "version", "KeyType": "RANGE"},
    ]
    assert props["BillingMode"] == "PAY_PER_REQUEST"
    assert props["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"] is True
    assert props["SSESpecification"]["SSEEnabled"] is True


def test_role_grants_only_the_listed_access(template: dict[str, Any]) -> None:
    (role,) = resources_of_type(template, "AWS::IAM::Role")
    statements = role["Properties"]["Policies"][0]["PolicyDocument"]["Statement"]
    granted = {s["Sid"]: (s["Action"], json.dumps(s["Resource"])) for s in statements}
    assert set(granted) == {
        "ReadUploads",
        "WriteProcessed",
        "WriteMetadata",
        "PutMetricsInOwnNamespace",
        "WriteOwnLogs",
        "SendToFailureQueue",
    }
    assert granted["ReadUploads"][1].endswith('/uploads/*"}')
    bucket_arn = "arn:${AWS::Partition}:s3:::${NamePrefix}-data-${AWS::AccountId}-${AWS::Region}"
    assert granted["WriteProcessed"] == ("s3:PutObject", json.dumps({"Fn::Sub": bucket_arn + "/processed/*"}))
    assert set(granted["WriteMetadata"][0]) == {"dynamodb:PutItem", "dynamodb:UpdateItem"}
    assert all(s["Effect"] == "Allow" for s in statements)
    assert all("*" not in json.dumps(s["Action"]) for s in statements)
    metrics = next(s for s in statements if s["Sid"] == "PutMetricsInOwnNamespace")
    assert metrics["Condition"] == {"StringEquals": {"cloudwatch:namespace": {"Ref": "MetricsNamespace"}}}


def test_outputs_name_every_resource_a_client_needs(template: dict[str, Any]) -> None:
    assert {"BucketName", "TableName", "FunctionName", "FailureQueueUrl", "FailureQueueArn"} <= set(
        template["Outputs"]
    )


def test_unknown_parameters_are_rejected_with_the_known_ones() -> None:
    check_parameters({"LambdaMemory": "256"})
    with pytest.raises(DeployUsageError, match=r"LambdaMemry.*LambdaMemory"):
        check_parameters({"LambdaMemry": "256"})
