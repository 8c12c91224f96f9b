"""Read the Terraform (python-hcl2) and the CloudFormation template into plain, comparable values.

Neither Terraform's AWS provider nor CloudFormation can run here, so the parity test evaluates both
descriptions symbolically, with every parameter/variable at its default: references resolve to the
names and ARNs the real services would produce, with placeholders for what only a deployment knows
(``{partition}``, ``{region}``, ``{account}``). Two resources are equivalent when these values are
equal. Expressions the evaluator does not understand (conditionals, function calls) come back as
``Unresolved`` and never compare equal to anything, so a gap shows up as a failure, not a pass.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import hcl2
import yaml

REPO = Path(__file__).resolve().parents[3]
TF_ROOT = REPO / "infra" / "terraform"
CFN_TEMPLATE = REPO / "infra" / "cloudformation" / "pipeline.yaml"

PSEUDO = {"AWS::Partition": "{partition}", "AWS::Region": "{region}", "AWS::AccountId": "{account}"}
# Root variables without a default: what a deployment supplies.
ROOT_PLACEHOLDERS = {"region": "{region}", "lambda_zip_path": "{lambda_zip_path}"}


@dataclass(frozen=True)
class Unresolved:
    """An expression the evaluator does not model; equal to nothing but itself."""

    expression: str


def _arn(service: str, resource: str, *, regional: bool = True) -> str:
    where = "{region}:{account}" if regional else ":{account}"
    return f"arn:{{partition}}:{service}:{where}:{resource}"


# ---------------------------------------------------------------------------------------------------
# Terraform


def _unquote(value: Any) -> Any:
    """python-hcl2 keeps string quotes ('"x"') and block markers; strip both."""
    if isinstance(value, str) and len(value) >= 2 and value[0] == value[-1] == '"':
        return value[1:-1]
    if isinstance(value, dict):
        return {_unquote(key): _unquote(item) for key, item in value.items() if key not in ("__is_block__",)}
    if isinstance(value, list):
        return [_unquote(item) for item in value]
    return value


@dataclass
class TfModule:
    directory: Path
    variables: dict[str, dict[str, Any]] = field(default_factory=dict)
    outputs: dict[str, dict[str, Any]] = field(default_factory=dict)
    resources: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    data: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    module_calls: dict[str, dict[str, Any]] = field(default_factory=dict)
    locals: dict[str, Any] = field(default_factory=dict)
    providers: dict[str, dict[str, Any]] = field(default_factory=dict)
    terraform: list[dict[str, Any]] = field(default_factory=list)


def parse_tf_file(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as handle:
        return hcl2.load(handle)


@cache
def load_module(directory: Path) -> TfModule:
    module = TfModule(directory)
    for path in sorted(directory.glob("*.tf")):
        document = _unquote(parse_tf_file(path))
        for block in document.get("variable", []):
            module.variables.update(block)
        for block in document.get("output", []):
            module.outputs.update(block)
        for kind, target in (("resource", module.resources), ("data", module.data)):
            for block in document.get(kind, []):
                for type_name, named in block.items():
                    for name, body in named.items():
                        target[(type_name, name)] = body
        for block in document.get("module", []):
            module.module_calls.update(block)
        for block in document.get("locals", []):
            module.locals.update({k: v for k, v in block.items() if k != "__comments__"})
        for block in document.get("provider", []):
            module.providers.update(block)
        module.terraform.extend(document.get("terraform", []))
    return module


@dataclass(frozen=True)
class TfContext:
    """Where an expression is evaluated: a module, and the call (arguments + caller) that made it."""

    module: TfModule
    arguments: tuple[tuple[str, Any], ...] = ()
    caller: TfContext | None = None
    address: str = ""

    def argument(self, name: str) -> Any:
        return dict(self.arguments).get(name, _MISSING)

    def child(self, call_name: str) -> TfContext:
        call = self.module.module_calls[call_name]
        directory = (self.module.directory / call["source"]).resolve()
        arguments = tuple(
            (k, v) for k, v in call.items() if k not in ("source", "depends_on", "__comments__")
        )
        return TfContext(load_module(directory), arguments, self, f"{self.address}module.{call_name}.")


_MISSING = object()


def root() -> TfContext:
    return TfContext(load_module(TF_ROOT))


def walk_resources(context: TfContext | None = None) -> Iterator[tuple[str, str, dict[str, Any], TfContext]]:
    """Every managed resource of the configuration, with the module context it lives in."""
    context = context or root()
    for (type_name, name), body in context.module.resources.items():
        yield type_name, name, body, context
    for call_name in context.module.module_calls:
        yield from walk_resources(context.child(call_name))


_INTERPOLATION = re.compile(r"\$\{")


def _split_template(text: str) -> list[tuple[bool, str]]:
    """'a${x}b' -> [(False, 'a'), (True, 'x'), (False, 'b')], braces inside expressions balanced."""
    parts: list[tuple[bool, str]] = []
    position = 0
    while (match := _INTERPOLATION.search(text, position)) is not None:
        if match.start() > position:
            parts.append((False, text[position : match.start()]))
        depth, index = 1, match.end()
        while depth:
            depth += {"{": 1, "}": -1}.get(text[index], 0)
            index += 1
        parts.append((True, text[match.end() : index - 1]))
        position = index
    if position < len(text):
        parts.append((False, text[position:]))
    return parts


def tf_eval(value: Any, context: TfContext) -> Any:
    """Evaluate an attribute value (string template, expression, list, object) to plain data."""
    if isinstance(value, dict):
        return {k: tf_eval(v, context) for k, v in value.items() if k != "__comments__"}
    if isinstance(value, list):
        return [tf_eval(item, context) for item in value]
    if not isinstance(value, str):
        return value
    parts = _split_template(value)
    if len(parts) == 1 and parts[0][0]:
        return tf_expression(parts[0][1].strip(), context)
    pieces = [tf_expression(text.strip(), context) if is_expr else text for is_expr, text in parts]
    if any(isinstance(piece, Unresolved) for piece in pieces):
        return Unresolved(value)
    return "".join(str(piece) for piece in pieces)


def tf_expression(expression: str, context: TfContext) -> Any:
    """A reference: var., local., module., data., or a resource attribute. Anything else: Unresolved."""
    if match := re.fullmatch(r"var\.(\w+)", expression):
        return _tf_variable(match.group(1), context)
    if match := re.fullmatch(r"local\.(\w+)", expression):
        return tf_eval(context.module.locals[match.group(1)], context)
    if match := re.fullmatch(r"module\.(\w+)\.(\w+)", expression):
        child = context.child(match.group(1))
        return tf_eval(child.module.outputs[match.group(2)]["value"], child)
    if match := re.fullmatch(r"data\.(\w+)\.(\w+)\.(\w+)", expression):
        return _tf_data(match.group(1), match.group(3), expression)
    if match := re.fullmatch(r"(aws_\w+)\.(\w+)\.(\w+)", expression):
        type_name, name, attribute = match.groups()
        return tf_resource_attribute(
            type_name, context.module.resources[(type_name, name)], attribute, context
        )
    return Unresolved(expression)


def _tf_variable(name: str, context: TfContext) -> Any:
    argument = context.argument(name)
    if argument is not _MISSING:
        assert context.caller is not None
        return tf_eval(argument, context.caller)
    declared = context.module.variables[name]
    if "default" in declared:
        return declared["default"]
    if context.caller is None and name in ROOT_PLACEHOLDERS:
        return ROOT_PLACEHOLDERS[name]
    return Unresolved(f"var.{name}")


def _tf_data(type_name: str, attribute: str, expression: str) -> Any:
    known = {
        ("aws_caller_identity", "account_id"): "{account}",
        ("aws_partition", "partition"): "{partition}",
        ("aws_region", "name"): "{region}",
        ("aws_region", "region"): "{region}",
    }
    return known.get((type_name, attribute), Unresolved(expression))


def tf_resource_attribute(type_name: str, body: dict[str, Any], attribute: str, context: TfContext) -> Any:
    """The attributes the provider computes (ARNs, names), as the AWS API reports them."""

    def arg(name: str) -> Any:
        return tf_eval(body[name], context)

    if type_name == "aws_s3_bucket":
        return {
            "arn": f"arn:{{partition}}:s3:::{arg('bucket')}",
            "id": arg("bucket"),
            "bucket": arg("bucket"),
        }.get(attribute, Unresolved(f"{type_name}.{attribute}"))
    names = {
        "aws_dynamodb_table": ("name", lambda n: _arn("dynamodb", f"table/{n}")),
        "aws_sqs_queue": ("name", lambda n: _arn("sqs", n)),
        "aws_cloudwatch_log_group": ("name", lambda n: _arn("logs", f"log-group:{n}")),
        "aws_lambda_function": ("function_name", lambda n: _arn("lambda", f"function:{n}")),
        "aws_iam_role": ("name", lambda n: _arn("iam", f"role/{n}", regional=False)),
    }
    if type_name in names:
        name_attribute, make_arn = names[type_name]
        name = arg(name_attribute)
        if attribute == "arn":
            return make_arn(name)
        if attribute in (name_attribute, "id", "name"):
            return name
        if attribute == "url" and type_name == "aws_sqs_queue":
            return f"https://sqs.{{region}}.amazonaws.com/{{account}}/{name}"
    return Unresolved(f"{type_name}.{attribute}")


def tf_policy_document(context: TfContext, data_name: str) -> list[dict[str, Any]]:
    """An aws_iam_policy_document's statements, in the shape of a JSON policy."""
    body = context.module.data[("aws_iam_policy_document", data_name)]
    statements = []
    for statement in body["statement"]:
        normal: dict[str, Any] = {
            "Sid": statement.get("sid", ""),
            "Effect": statement.get("effect", "Allow"),
            "Action": sorted(tf_eval(statement["actions"], context)),
            "Resource": sorted(tf_eval(statement.get("resources", []), context)),
        }
        for principal in statement.get("principals", []):
            if principal["type"] == "*":
                normal["Principal"] = "*"
            else:
                normal["Principal"] = {principal["type"]: sorted(tf_eval(principal["identifiers"], context))}
        conditions: dict[str, dict[str, list[Any]]] = {}
        for condition in statement.get("condition", []):
            conditions.setdefault(condition["test"], {})[condition["variable"]] = sorted(
                tf_eval(condition["values"], context)
            )
        if conditions:
            normal["Condition"] = conditions
        statements.append(normal)
    return statements


def tf_checkov_skips(path: Path) -> list[tuple[str, str]]:
    """(check id, reason) for each ``#checkov:skip=ID:reason`` line of a .tf file."""
    found = re.findall(r"#\s*checkov:skip=([A-Z0-9_]+)(?::(.*))?", path.read_text(encoding="utf-8"))
    return [(check, reason.strip()) for check, reason in found]


# ---------------------------------------------------------------------------------------------------
# CloudFormation


@cache
def cfn_template() -> dict[str, Any]:
    """The template as plain YAML (it writes intrinsics in long form, so no custom tags are needed)."""
    with CFN_TEMPLATE.open(encoding="utf-8") as handle:
        document: dict[str, Any] = yaml.safe_load(handle)
    return document


def cfn_resources_of_type(type_name: str) -> dict[str, dict[str, Any]]:
    return {
        logical: resource
        for logical, resource in cfn_template()["Resources"].items()
        if resource["Type"] == type_name
    }


def cfn_single(type_name: str) -> dict[str, Any]:
    resources = cfn_resources_of_type(type_name)
    assert len(resources) == 1, f"expected one {type_name}, found {sorted(resources)}"
    return next(iter(resources.values()))["Properties"]


def cfn_condition(name: str) -> bool:
    return bool(cfn_eval(cfn_template()["Conditions"][name]))


def cfn_eval(value: Any) -> Any:
    """Evaluate intrinsics with parameter defaults; pseudo parameters become placeholders."""
    if isinstance(value, list):
        return [item for item in (cfn_eval(v) for v in value) if item is not _NO_VALUE]
    if not isinstance(value, dict):
        return value
    if len(value) != 1 or not next(iter(value)).startswith(("Fn::", "Ref", "Condition")):
        return {k: v for k, v in ((k, cfn_eval(v)) for k, v in value.items()) if v is not _NO_VALUE}
    ((function, argument),) = value.items()
    if function == "Ref":
        return _cfn_ref(argument)
    if function == "Fn::GetAtt":
        logical, attribute = argument if isinstance(argument, list) else argument.split(".", 1)
        return cfn_attribute(logical, attribute)
    if function == "Fn::Sub":
        return _cfn_sub(argument)
    if function == "Fn::If":
        condition, if_true, if_false = argument
        return cfn_eval(if_true if cfn_condition(condition) else if_false)
    if function == "Fn::Equals":
        left, right = (cfn_eval(v) for v in argument)
        return str(left) == str(right)
    if function == "Fn::Not":
        return not cfn_eval(argument[0])
    if function == "Condition":
        return cfn_condition(argument)
    return Unresolved(f"{function}: {argument!r}")


_NO_VALUE = object()


def _cfn_ref(name: str) -> Any:
    if name in PSEUDO:
        return PSEUDO[name]
    if name == "AWS::NoValue":
        return _NO_VALUE
    template = cfn_template()
    if name in template.get("Parameters", {}):
        parameter = template["Parameters"][name]
        return parameter.get("Default", Unresolved(f"Ref {name}"))
    return cfn_attribute(name, "Ref")


def _cfn_sub(argument: Any) -> Any:
    text, variables = (argument, {}) if isinstance(argument, str) else argument

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name in variables:
            return str(cfn_eval(variables[name]))
        if "." in name and not name.startswith("AWS::"):
            logical, attribute = name.split(".", 1)
            return str(cfn_attribute(logical, attribute))
        return str(_cfn_ref(name))

    return re.sub(r"\$\{([^}!]+)\}", replace, text)


def cfn_attribute(logical: str, attribute: str) -> Any:
    """Ref / GetAtt of a resource, as CloudFormation documents them for each type."""
    resource = cfn_template()["Resources"][logical]
    properties = resource.get("Properties", {})
    type_name = resource["Type"]

    def prop(name: str) -> Any:
        return cfn_eval(properties[name])

    if type_name == "AWS::S3::Bucket":
        name = prop("BucketName")
        return {"Ref": name, "Arn": f"arn:{{partition}}:s3:::{name}"}.get(attribute, Unresolved(attribute))
    if type_name == "AWS::DynamoDB::Table":
        name = prop("TableName")
        return {"Ref": name, "Arn": _arn("dynamodb", f"table/{name}")}.get(attribute, Unresolved(attribute))
    if type_name == "AWS::SQS::Queue":
        name = prop("QueueName")
        return {
            "Ref": f"https://sqs.{{region}}.amazonaws.com/{{account}}/{name}",
            "Arn": _arn("sqs", name),
            "QueueName": name,
        }.get(attribute, Unresolved(attribute))
    if type_name == "AWS::Logs::LogGroup":
        name = prop("LogGroupName")
        # CloudFormation's LogGroup Arn ends in ":*" (documented); Terraform's does not.
        return {"Ref": name, "Arn": _arn("logs", f"log-group:{name}:*")}.get(attribute, Unresolved(attribute))
    if type_name == "AWS::Lambda::Function":
        name = prop("FunctionName")
        return {"Ref": name, "Arn": _arn("lambda", f"function:{name}")}.get(attribute, Unresolved(attribute))
    if type_name == "AWS::IAM::Role":
        return Unresolved(f"{logical}.{attribute}")  # role names are generated by CloudFormation
    return Unresolved(f"{logical}.{attribute}")


def cfn_policy_statements(document: dict[str, Any]) -> list[dict[str, Any]]:
    """A CloudFormation policy document's statements, evaluated, lists sorted, scalars as lists."""

    def as_sorted_list(value: Any) -> list[Any]:
        return sorted(value) if isinstance(value, list) else [value]

    statements = []
    for statement in cfn_eval(document)["Statement"]:
        normal: dict[str, Any] = {
            "Sid": statement.get("Sid", ""),
            "Effect": statement["Effect"],
            "Action": as_sorted_list(statement["Action"]),
            "Resource": as_sorted_list(statement.get("Resource", [])),
        }
        if "Principal" in statement:
            principal = statement["Principal"]
            normal["Principal"] = (
                principal if principal == "*" else {k: as_sorted_list(v) for k, v in principal.items()}
            )
        if "Condition" in statement:
            normal["Condition"] = {
                test: {key: as_sorted_list(values) for key, values in pairs.items()}
                for test, pairs in statement["Condition"].items()
            }
        statements.append(normal)
    return statements
