# csvpipe — every command of the seed, plus the ministack target (the default; no Docker needed).
# `make demo` and `make test` each create .venv and install the pinned dependencies themselves.
SHELL := /bin/bash
.DEFAULT_GOAL := help
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CSVPIPE := $(BIN)/csvpipe
TARGET ?= ministack

.PHONY: help venv demo test lint typecheck contracts unit integration bench bench-profile

help: ## List the make targets
	@grep -hE '^[a-zA-Z0-9_-]+:.*## ' $(MAKEFILE_LIST) | sort | awk 'BEGIN{FS=":.*## "}{printf "  %-26s %s\n", $$1, $$2}'

$(STAMP): requirements/dev.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements/dev.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $@

venv: $(STAMP) ## Create .venv with the pinned dependencies

demo: $(STAMP) ## The main job: profile test-data/sample.csv
	$(CSVPIPE) profile test-data/sample.csv --json

lint: $(STAMP) ## ruff + cfn-lint
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: $(STAMP) ## mypy over src/csvpipe
	$(BIN)/mypy

contracts: $(STAMP) ## import-linter: layers point inward, the core is pure
	$(BIN)/lint-imports

test: $(STAMP) lint typecheck contracts ## Everything CI runs: lint, types, contracts, unit + integration tests
	$(BIN)/python -m pytest

# Benchmark-only peers (pandas, polars, DuckDB, pyinstrument, the real dataset): installed into .venv
# by the bench targets only, constrained by dev.lock; never in dev.lock, never in the Lambda zip.
BENCH_STAMP := $(VENV)/.bench-installed
BENCH_ARGS ?=
$(BENCH_STAMP): $(STAMP) requirements/bench.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements/bench.lock -c requirements/dev.lock
	@touch $@

bench: $(BENCH_STAMP) ## Benchmarks vs csv.reader/pandas/polars/DuckDB, PASS/FAIL per target (BENCH_ARGS="--quick")
	$(BIN)/python -m bench $(BENCH_ARGS)

bench-profile: $(BENCH_STAMP) ## pyinstrument profile of the engine on the 10 MB benchmark file
	$(BIN)/python -m bench.profile_engine

# ---- ministack target (pipeline issue) ------------------------------------------------------
# ministack-up, deploy-ministack, test-ministack, clean-ministack, ministack-down

# ---- experiments and compare (experiments issue) --------------------------------------------
# experiments-ministack, experiments-localstack, experiments-aws-safe, experiments-aws, compare-experiments

# ---- localstack, aws, terraform (targets issue) ---------------------------------------------
# localstack-up, localstack-down, deploy-localstack, test-localstack, clean-localstack,
# deploy-aws, test-aws, clean-aws, deploy-localstack-tf, deploy-aws-tf
