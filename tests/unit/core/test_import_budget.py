"""`import csvpipe.core` stays cheap (cold start of the Lambda): only these stdlib modules may load.

Deterministic guard instead of a timing test: a subprocess lists the modules that importing the core
adds on top of a bare interpreter; anything beyond the allowlist (gzip, random, decimal, statistics,
json, hashlib, ...) fails the test. `make bench` reports the milliseconds.
"""

from __future__ import annotations

import json
import subprocess
import sys

ALLOWED = {
    "csvpipe",
    "csvpipe.core",
    "csvpipe.core.column",
    "csvpipe.core.dialect",
    "csvpipe.core.errors",
    "csvpipe.core.options",
    "csvpipe.core.profile",
    "csvpipe.core.sketches",
    "csvpipe.core.source",
    "csvpipe.core.summary",
    "csvpipe.core.table",
    "csvpipe.core.texts",
    "csvpipe.core.values",
    # standard library, all cheap (C modules or small pure-Python ones)
    "_csv",
    "csv",
    "_contextvars",
    "contextvars",
    "_datetime",
    "datetime",
    "_bisect",
    "bisect",
    "_heapq",
    "heapq",
    "zlib",
    "dataclasses",
    "copy",
    "inspect",
    "re",
    "re._casefix",
    "re._compiler",
    "re._constants",
    "re._parser",
    "sre_compile",
    "sre_constants",
    "sre_parse",
    "enum",
    "functools",
    "keyword",
    "operator",
    "reprlib",
    "collections",
    "collections.abc",
    "itertools",
    "types",
    "typing",
    "math",
    "_struct",
    "struct",
    "weakref",
    "_weakrefset",
    "copyreg",
    "ast",
    "_ast",
    "dis",
    "opcode",
    "_opcode",
    "token",
    "tokenize",
    "linecache",
    "textwrap",
    "importlib.machinery",
    "_collections",
    "_functools",
    "_operator",
    "_sre",
    "_typing",
    "_tokenize",
    "__future__",
    "_abc",
    "contextlib",
    "importlib",
    "importlib._bootstrap",
    "importlib._bootstrap_external",
    "typing.io",
    "typing.re",
    "warnings",
}

SCRIPT = """
import json, sys
before = set(sys.modules)
import csvpipe.core
print(json.dumps(sorted(set(sys.modules) - before)))
"""


def test_import_loads_only_cheap_stdlib_modules() -> None:
    out = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, check=True)
    loaded = set(json.loads(out.stdout))
    unexpected = sorted(loaded - ALLOWED)
    assert not unexpected, f"import csvpipe.core now also loads {unexpected}; keep heavy imports lazy"
