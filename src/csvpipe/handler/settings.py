"""The handler's configuration, read once per cold start from the environment the template sets."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass


class ConfigurationError(RuntimeError):
    """The function is deployed wrongly; raising makes it visible (retries, then the failure queue)."""


@dataclass(frozen=True)
class Settings:
    table_name: str
    metrics_namespace: str = "csvpipe"
    input_prefix: str = "uploads/"
    output_prefix: str = "processed/"
    log_level: str = "INFO"
    failure_injection: str = ""
    function_name: str = "local"

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        settings = cls(
            table_name=env.get("TABLE_NAME", ""),
            metrics_namespace=env.get("METRICS_NAMESPACE") or "csvpipe",
            input_prefix=env.get("INPUT_PREFIX") or "uploads/",
            output_prefix=env.get("OUTPUT_PREFIX") or "processed/",
            log_level=(env.get("LOG_LEVEL") or "INFO").upper(),
            failure_injection=(env.get("FAILURE_INJECTION") or "").strip(),
            function_name=env.get("AWS_LAMBDA_FUNCTION_NAME") or "local",
        )
        settings.validate()
        return settings

    def validate(self) -> None:
        if not self.table_name:
            raise ConfigurationError("TABLE_NAME is not set: deploy the function with the stack template")
        if not self.input_prefix.endswith("/") or not self.output_prefix.endswith("/"):
            raise ConfigurationError("INPUT_PREFIX and OUTPUT_PREFIX must end with '/'")
        if self.output_prefix.startswith(self.input_prefix) or self.input_prefix.startswith(
            self.output_prefix
        ):
            # Outputs under the input prefix would trigger the function again, forever.
            raise ConfigurationError("OUTPUT_PREFIX must not overlap INPUT_PREFIX")
