"""The CLI's view of the outside world (streams, working directory), so tests run commands in-process."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO


@dataclass
class Environment:
    stdout: TextIO = field(default_factory=lambda: sys.stdout)
    stderr: TextIO = field(default_factory=lambda: sys.stderr)
    stdin_binary: object = field(default_factory=lambda: sys.stdin.buffer)
    cwd: Path = field(default_factory=Path.cwd)
    environ: dict[str, str] = field(default_factory=lambda: dict(os.environ))

    def console(self, stderr: bool = False):  # -> rich.console.Console
        """A rich console on stdout (or stderr); imported lazily so `--help` stays instant.

        Markup is off: what the commands print is mostly data — column names and values, S3 keys,
        CloudFormation status reasons ("… failed to create: [ProcessorFunction]") — and rich read
        "[...]" in it as markup (a CSV header `[/b]` crashed `csvpipe profile`). Style goes in
        `style=` or `rich.text.Text`, never inside the string."""
        from rich.console import Console

        return Console(file=self.stderr if stderr else self.stdout, soft_wrap=True, markup=False)
