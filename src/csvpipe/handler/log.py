"""Structured log lines: one JSON object per line on stdout, which Lambda ships to CloudWatch Logs."""

from __future__ import annotations

import json
import sys
import time
from typing import Any

_LEVELS = {"DEBUG": 10, "INFO": 20, "WARNING": 30, "ERROR": 40}


class JsonLogger:
    def __init__(self, level: str = "INFO", stream: Any = None) -> None:
        self.threshold = _LEVELS.get(level.upper(), 20)
        self.stream = stream

    def log(self, level: str, message: str, **fields: Any) -> None:
        if _LEVELS.get(level, 20) < self.threshold:
            return
        line = {
            "timestamp": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime()) + "Z",
            "level": level,
            "message": message,
            **fields,
        }
        print(json.dumps(line, default=str, ensure_ascii=False), file=self.stream or sys.stdout, flush=True)

    def info(self, message: str, **fields: Any) -> None:
        self.log("INFO", message, **fields)

    def warning(self, message: str, **fields: Any) -> None:
        self.log("WARNING", message, **fields)

    def error(self, message: str, **fields: Any) -> None:
        self.log("ERROR", message, **fields)

    def debug(self, message: str, **fields: Any) -> None:
        self.log("DEBUG", message, **fields)
