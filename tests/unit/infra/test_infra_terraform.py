"""The Terraform configuration holds together without `terraform validate` (which needs the AWS
provider, not downloadable here): every file parses, module calls pass exactly the declared inputs,
every reference names something that exists, every checkov skip says why, LocalStack endpoints cover
every service used, and every resource is tagged through the provider's default tags."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from infra_model import (
    CFN_TEMPLATE,
    TF_ROOT,
    cfn_template,
    load_module,
    parse_tf_file,
    root,
    tf_checkov_skips,
    walk_resources,
)

MODULES = ("s3", "lambda", "dynamodb", "iam", "monitoring")
TF_FILES = sorted(TF_ROOT.rglob("*.tf"))
MODULE_DIRS = [TF_ROOT, *(TF_ROOT / "modules" / name for name in MODULES)]
# Resource type prefix -> the provider `endpoints` key LocalStack must serve.
SERVICE_OF_PREFIX = {
    "aws_s3_": "s3",
    "aws_dynamodb_": "dynamodb",
    "aws_sqs_": "sqs",
    "aws_cloudwatch_log_": "logs",
    "aws_cloudwatch_metric_": "cloudwatch",
    "aws_iam_": "iam",
    "aws_lambda_": "lambda",
}


def test_layout_has_root_and_the_five_modules() -> None:
    for directory in MODULE_DIRS:
        for name in ("main.tf", "variables.tf", "outputs.tf"):
            assert (directory / name).is_file(), directory / name


@pytest.mark.parametrize("path", TF_FILES, ids=lambda p: str(p.relative_to(TF_ROOT)))
def test_every_tf_file_parses(path: Path) -> None:
    assert isinstance(parse_tf_file(path), dict)


def test_all_modules_are_used_by_the_root() -> None:
    sources = {call["source"] for call in root().module.module_calls.values()}
    assert sources == {f"./modules/{name}" for name in MODULES}


@pytest.mark.parametrize("call_name", sorted(load_module(TF_ROOT).module_calls))
def test_module_call_passes_exactly_the_declared_inputs(call_name: str) -> None:
    child = root().child(call_name)
    passed = {name for name, _ in child.arguments}
    declared = set(child.module.variables)
    required = {name for name, spec in child.module.variables.items() if "default" not in spec}
    assert passed <= declared, f"unknown inputs to module.{call_name}: {sorted(passed - declared)}"
    assert required <= passed, f"missing inputs to module.{call_name}: {sorted(required - passed)}"


def _references(directory: Path) -> list[str]:
    text = "\n".join(path.read_text(encoding="utf-8") for path in sorted(directory.glob("*.tf")))
    text = re.sub(r"#[^\n]*", "", text)  # comments
    return re.findall(r"\b(?:var|local|module|data|aws_\w+)\.[\w.]+", text)


@pytest.mark.parametrize("directory", MODULE_DIRS, ids=lambda d: str(d.relative_to(TF_ROOT)) or "root")
def test_every_reference_names_something_that_exists(directory: Path) -> None:
    module = load_module(directory)
    missing = []
    for reference in _references(directory):
        kind, _, rest = reference.partition(".")
        parts = rest.split(".")
        if kind == "var":
            ok = parts[0] in module.variables
        elif kind == "local":
            ok = parts[0] in module.locals
        elif kind == "module":
            ok = parts[0] in module.module_calls and (
                len(parts) < 2 or parts[1] in root().child(parts[0]).module.outputs
            )
        elif kind == "data":
            ok = (parts[0], parts[1]) in module.data
        else:
            ok = (kind, parts[0]) in module.resources
        if not ok:
            missing.append(reference)
    assert not missing, f"{directory}: references to nothing: {sorted(set(missing))}"


def test_every_declared_variable_is_used() -> None:
    for directory in MODULE_DIRS:
        module = load_module(directory)
        used = {ref.split(".")[1] for ref in _references(directory) if ref.startswith("var.")}
        assert set(module.variables) <= used, f"{directory}: unused {sorted(set(module.variables) - used)}"


def test_localstack_endpoints_cover_every_service_used() -> None:
    (provider,) = root().module.providers.values()
    (dynamic,) = provider["dynamic"]
    endpoints = set(dynamic["endpoints"]["content"][0]) - {"__comments__"}
    needed = {"sts"}  # aws_caller_identity
    for type_name, *_ in walk_resources():
        prefix = next((p for p in SERVICE_OF_PREFIX if type_name.startswith(p)), None)
        assert prefix is not None, f"add {type_name} to SERVICE_OF_PREFIX"
        needed.add(SERVICE_OF_PREFIX[prefix])
    assert needed <= endpoints


def test_every_resource_is_tagged_by_default_tags() -> None:
    (provider,) = root().module.providers.values()
    assert provider["default_tags"][0]["tags"] == "${local.tags}"
    tags_expression = root().module.locals["tags"]
    for key in ("csvpipe:stack", "csvpipe:managed-by", "project"):
        assert f'"{key}"' in tags_expression


def test_region_is_never_defaulted() -> None:
    assert "default" not in root().module.variables["region"]


def test_every_checkov_skip_in_terraform_has_a_reason() -> None:
    skips = [(path, check, reason) for path in TF_FILES for check, reason in tf_checkov_skips(path)]
    assert skips, "no skips found: the pattern is wrong, or checkov passes outright (then drop this test)"
    for path, check, reason in skips:
        assert len(reason) >= 20, f"{path}: checkov skip {check} needs a one-line reason"


def test_every_checkov_skip_in_cloudformation_has_a_reason() -> None:
    for logical, resource in cfn_template()["Resources"].items():
        for skip in resource.get("Metadata", {}).get("checkov", {}).get("skip", []):
            assert re.fullmatch(r"CKV2?_AWS_\d+", skip["id"]), (logical, skip)
            assert len(skip.get("comment", "")) >= 20, (
                f"{CFN_TEMPLATE.name} {logical}: {skip['id']} needs a reason"
            )


@pytest.mark.skipif(shutil.which("terraform") is None, reason="terraform is not installed")
def test_terraform_fmt_is_clean() -> None:
    """`terraform fmt` needs no provider, so it runs offline wherever terraform is installed."""
    result = subprocess.run(
        ["terraform", "fmt", "-check", "-recursive", "-diff", str(TF_ROOT)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
