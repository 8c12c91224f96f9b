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
