"""Builders shared by the experiments unit tests (a uniquely named module: `conftest` is ambiguous)."""

from __future__ import annotations

from typing import Any


def make_environment() -> dict[str, Any]:
    return {
        "target": "ministack",
        "region": "us-east-1",
        "endpoint_url": "http://127.0.0.1:1",
        "stack_name": "cx-1",
        "python": "3.11.9",
        "platform": "Linux",
        "cpu_count": 2,
        "git_commit": "abc",
        "git_dirty": False,
        "csvpipe_version": "0.1.0",
        "sdk": {"boto3": "1", "botocore": "1"},
        "emulator": {"name": "ministack", "version": "1.5.33", "started_by_run": True, "auth": False},
        "parameters": {"only": ["B"], "quick": True, "safe": False, "reps": None},
        "started_at": "2026-11-25T21:00:00Z",
        "finished_at": "2026-11-25T21:01:00Z",
        "interrupted": False,
    }
