"""Time, injected: waiting loops take a Clock so unit tests run them instantly with a fake one."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Protocol, TypeVar

from csvpipe.deploy.errors import DeployTimeout

T = TypeVar("T")


class Clock(Protocol):
    def monotonic(self) -> float: ...

    def sleep(self, seconds: float) -> None: ...


class SystemClock:
    def monotonic(self) -> float:
        return time.monotonic()

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


def poll_until(
    check: Callable[[], T | None],
    *,
    what: str,
    timeout: float,
    interval: float,
    clock: Clock | None = None,
    max_interval: float | None = None,
) -> T:
    """Call ``check`` until it returns something other than None; raise DeployTimeout after ``timeout``.

    The interval grows by half each round up to ``max_interval`` (default: 4x the first), so short
    emulator operations finish fast and long AWS ones do not hammer the API.
    """
    clock = clock or SystemClock()
    deadline = clock.monotonic() + timeout
    ceiling = max_interval if max_interval is not None else interval * 4
    delay = interval
    while True:
        result = check()
        if result is not None:
            return result
        remaining = deadline - clock.monotonic()
        if remaining <= 0:
            raise DeployTimeout(
                f"gave up waiting for {what} after {timeout:.0f} s; check the target and retry"
            )
        clock.sleep(min(delay, remaining))
        delay = min(delay * 1.5, ceiling)
