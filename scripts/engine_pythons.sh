#!/usr/bin/env bash
# What ships in the Lambda zip (the engine, the adapters, the handler) must run unchanged on every
# Python >= 3.11: AWS runs it on python3.12, MiniStack on the host's Python, and .venv is 3.11. This
# runs their tests, and `csvpipe profile`'s, on each other version in ENGINE_PYTHONS that the machine
# has (on PATH as pythonX.Y, or under pyenv), each in its own venv with requirements/dev.lock. A
# version the machine lacks is reported as skipped, not passed.
set -euo pipefail
cd "$(dirname "$0")/.."
versions=${ENGINE_PYTHONS:-3.12 3.13}

find_python() {
    local version=$1 candidate
    candidate=$(command -v "python$version" 2>/dev/null || true)
    if [ -n "$candidate" ] && "$candidate" -c 'import sys' 2>/dev/null; then
        echo "$candidate"
        return
    fi
    if command -v pyenv >/dev/null 2>&1; then
        candidate=$(ls -d "$(pyenv root)/versions/$version".*/bin/python 2>/dev/null | sort -V | tail -n 1 || true)
        [ -n "$candidate" ] && echo "$candidate"
    fi
    return 0
}

skipped=()
for version in $versions; do
    python=$(find_python "$version")
    if [ -z "$python" ]; then
        echo "Lambda-side code on Python $version: SKIPPED (no python$version on this machine)"
        skipped+=("$version")
        continue
    fi
    venv=".venv-py$version"
    stamp="$venv/.installed"
    [ -x "$venv/bin/python" ] || "$python" -m venv "$venv"
    if [ ! -f "$stamp" ] || [ requirements/dev.lock -nt "$stamp" ]; then
        "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r requirements/dev.lock
        touch "$stamp"
    fi
    echo "Lambda-side code on $("$venv/bin/python" --version):"
    # The source tree on the path, not installed: these are the files the zip carries. One process
    # (no pytest-xdist): its threads make every fork of the parallel tests warn.
    PYTHONPATH=src "$venv/bin/python" -m pytest -q -p no:cacheprovider \
        tests/unit/core tests/unit/adapters tests/unit/handler tests/unit/test_profile_cli.py
done
if [ ${#skipped[@]} -gt 0 ]; then
    echo "not checked here: Python ${skipped[*]}"
fi
