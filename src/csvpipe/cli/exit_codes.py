"""Named exit statuses, so every failure path of the CLI maps to one documented number."""

from enum import IntEnum


class ExitStatus(IntEnum):
    OK = 0
    ERROR = 1  # unexpected failure (a bug): a traceback was printed
    USAGE = 2  # bad arguments (argparse uses 2 as well)
    BAD_INPUT = 3  # the CSV (or another input file) was rejected; the message says why
    NOT_READY = 4  # a prerequisite is missing: emulator not running, stack not deployed, no Docker
    AWS_ERROR = 5  # the target (AWS or emulator) refused or failed a call
    TIMEOUT = 6  # waited for a result that did not arrive in time
    INTERRUPTED = 130  # Ctrl-C


def exit_status_for(error: BaseException) -> ExitStatus:
    """Map an expected failure to its exit status by its ``exit_kind`` (usage, not_ready, aws, timeout).

    Deploy errors carry the kind (see ``csvpipe.deploy.errors``); anything without one is a failed call
    to the target.
    """
    return {
        "usage": ExitStatus.USAGE,
        "not_ready": ExitStatus.NOT_READY,
        "aws": ExitStatus.AWS_ERROR,
        "timeout": ExitStatus.TIMEOUT,
    }.get(getattr(error, "exit_kind", "aws"), ExitStatus.AWS_ERROR)
