"""The one CloudFormation template every target deploys, and what the deployer needs to know of it."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from csvpipe.deploy.errors import DeployUsageError, NotReadyError
from csvpipe.deploy.packaging import package_root

TEMPLATE_NAME = "pipeline.yaml"


def template_path() -> Path:
    """infra/cloudformation/pipeline.yaml of the checkout, or the copy shipped inside the package."""
    candidates = [
        package_root().parents[1] / "infra" / "cloudformation" / TEMPLATE_NAME,
        package_root() / "infra" / TEMPLATE_NAME,
    ]
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    raise NotReadyError(f"CloudFormation template not found (looked at {candidates[0]}); run from a checkout")


def template_body(path: Path | None = None) -> str:
    return (path or template_path()).read_text()


@lru_cache(maxsize=4)
def _parsed(text: str) -> dict[str, Any]:
    import yaml

    document = yaml.safe_load(text)
    if not isinstance(document, dict):
        raise NotReadyError("the CloudFormation template is not a mapping")
    return document


def parse_template(text: str | None = None) -> dict[str, Any]:
    """The template as data (it uses long-form intrinsics, so plain YAML reads it)."""
    return _parsed(text if text is not None else template_body())


def parameter_names(text: str | None = None) -> set[str]:
    return set(parse_template(text).get("Parameters", {}))


def check_parameters(parameters: dict[str, str], text: str | None = None) -> None:
    """Reject a parameter the template does not declare, naming the ones it does."""
    known = parameter_names(text)
    unknown = sorted(set(parameters) - known)
    if unknown:
        raise DeployUsageError(
            f"unknown template parameter(s) {', '.join(unknown)}; "
            f"the template declares {', '.join(sorted(known))}"
        )
