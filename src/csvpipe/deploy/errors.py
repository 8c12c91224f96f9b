"""Deploy failures as data: each says what went wrong and what to do, and names the CLI exit status."""

from __future__ import annotations


class DeployError(Exception):
    """Base of every expected deploy failure; ``str(error)`` is a one-line message with the remedy."""

    exit_kind = "aws"  # one of: usage, not_ready, aws, timeout

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class DeployUsageError(DeployError):
    """Bad input from the user: unknown target, bad stack name, unknown parameter, missing region."""

    exit_kind = "usage"


class NotReadyError(DeployError):
    """A prerequisite is missing: emulator not running, stack not deployed, port taken, package missing."""

    exit_kind = "not_ready"


class TargetCallError(DeployError):
    """The target (AWS or an emulator) refused or failed a call, or a stack operation rolled back."""

    exit_kind = "aws"


class DeployTimeout(DeployError):
    """Waited longer than allowed for the emulator, a change set or a stack operation."""

    exit_kind = "timeout"
