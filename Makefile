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

.PHONY: help venv demo test lint typecheck contracts engine-pythons unit integration bench bench-profile bench-crosscheck bench-crosscheck-generated fuzz fuzz-engine

help: ## List the make targets
	@grep -hE '^[a-zA-Z0-9_-]+:.*## ' $(MAKEFILE_LIST) | sort | awk 'BEGIN{FS=":.*## "}{printf "  %-26s %s\n", $$1, $$2}'

$(STAMP): requirements/dev.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements/dev.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $@

venv: $(STAMP) ## Create .venv with the pinned dependencies

demo: $(STAMP) ## The main job: MiniStack up, deploy, upload test-data/sample.csv, print its summary, destroy, down
	@CSVPIPE=$(CSVPIPE) scripts/demo.sh

lint: $(STAMP) ## ruff + cfn-lint
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/ruff format --check src tests bench scripts
	$(BIN)/cfn-lint infra/cloudformation/pipeline.yaml

typecheck: $(STAMP) ## mypy over src/csvpipe
	$(BIN)/mypy

contracts: $(STAMP) ## import-linter: layers point inward, the core is pure
	$(BIN)/lint-imports

test: $(STAMP) lint typecheck contracts checkov engine-pythons ## Everything CI runs: lint, types, contracts, the Lambda-side code on other Pythons, unit + integration tests
	$(BIN)/python -m pytest

ENGINE_PYTHONS ?= 3.12 3.13
engine-pythons: $(STAMP) ## Tests of the Lambda-side code (engine, adapters, handler) and `csvpipe profile` on each Python in ENGINE_PYTHONS the machine has (own venvs)
	ENGINE_PYTHONS="$(ENGINE_PYTHONS)" scripts/engine_pythons.sh

FUZZ_EXAMPLES ?= 3000
fuzz: $(STAMP) ## The engine's property tests with FUZZ_EXAMPLES (3000) examples each instead of 25 (~5-15 min)
	CSVPIPE_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/python -m pytest -x -p no:cacheprovider tests/unit/core/test_fuzz.py

FUZZ_SECONDS ?= 600
fuzz-engine: $(STAMP) ## Coverage-guided fuzzing of the engine with atheris for FUZZ_SECONDS (600); a crash is any exception but ProfileError
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements/fuzz.lock -c requirements/dev.lock
	$(BIN)/python -m bench.fuzz_engine --seconds $(FUZZ_SECONDS)

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

bench-crosscheck: $(BENCH_STAMP) ## csvpipe's summaries vs pandas on 32 real CSVs (bokeh-sampledata); exit 1 on a difference
	$(BIN)/python -m bench.crosscheck

GENERATED_FILES ?= 500
GENERATED_SEED ?= 0
bench-crosscheck-generated: $(BENCH_STAMP) ## the same check on GENERATED_FILES (500) seeded random CSVs (GENERATED_SEED), then as many European ones; exit 1 on a difference
	$(BIN)/python -m bench.generated_check --files $(GENERATED_FILES) --seed $(GENERATED_SEED)
	$(BIN)/python -m bench.generated_check --files $(GENERATED_FILES) --seed $(GENERATED_SEED) --european

# ---- ministack target (pipeline issue) ------------------------------------------------------
# MiniStack runs as a child process bound to 127.0.0.1 (port 4566, or a free one when taken; choose with
# MINISTACK_PORT=...). Its endpoint, PID and log are recorded in .csvpipe/ (CSVPIPE_STATE_DIR moves it).
MINISTACK_PORT ?=
MINISTACK_STACK ?= csvpipe
MINISTACK_UP_ARGS = $(if $(MINISTACK_PORT),--port $(MINISTACK_PORT))

.PHONY: ministack-up ministack-down deploy-ministack test-ministack clean-ministack

ministack-up: $(STAMP) ## Start MiniStack on 127.0.0.1 (idempotent; MINISTACK_PORT=... picks the port)
	$(CSVPIPE) up $(MINISTACK_UP_ARGS)

ministack-down: $(STAMP) ## Stop the MiniStack started by ministack-up
	$(CSVPIPE) down

deploy-ministack: ministack-up ## Deploy the pipeline stack to MiniStack (starts MiniStack if needed)
	$(CSVPIPE) deploy --target ministack --stack $(MINISTACK_STACK)

test-ministack: $(STAMP) ## Quick test on MiniStack: upload test-data/sample.csv, print its summary
	$(CSVPIPE) upload test-data/sample.csv --target ministack --stack $(MINISTACK_STACK) --wait

clean-ministack: $(STAMP) ## Destroy the MiniStack stack (buckets emptied first) and stop MiniStack
	$(CSVPIPE) destroy --target ministack --stack $(MINISTACK_STACK) || [ $$? -eq 4 ]
	$(CSVPIPE) down

# ---- experiments and compare (experiments issue) --------------------------------------------
# Each run writes results/<target>-<UTC time>.json; EXP_ARGS adds options (e.g. EXP_ARGS="--quick --only B,C").
# compare-experiments compares the newest results file of each target (or RESULTS="a.json b.json").
.PHONY: experiments-ministack experiments-localstack experiments-aws-safe experiments-aws compare-experiments
EXP_ARGS ?=
latest = $(lastword $(sort $(wildcard results/$(1)-*.json)))
RESULTS ?= $(strip $(call latest,ministack) $(call latest,localstack) $(call latest,aws))

experiments-ministack: $(STAMP) ## Experiments A–H on MiniStack (starts/stops its own emulator if none runs)
	$(CSVPIPE) experiments run --target ministack $(EXP_ARGS)

experiments-localstack: $(STAMP) ## Experiments A–H on LocalStack (needs `make localstack-up`)
	$(CSVPIPE) experiments run --target localstack $(EXP_ARGS)

experiments-aws-safe: $(STAMP) ## Safe AWS experiments (B, D, H, small files); asks before spending
	$(CSVPIPE) experiments run --target aws --safe $(EXP_ARGS)

experiments-aws: $(STAMP) ## All experiments on AWS; prints resources and cost, asks first
	$(CSVPIPE) experiments run --target aws $(EXP_ARGS)

compare-experiments: $(STAMP) ## Compare results files -> report/report.md, report.html, plots
	@test -n "$(RESULTS)" || { echo "no results/*.json yet: run make experiments-ministack first"; exit 2; }
	$(CSVPIPE) compare $(RESULTS) --out report

# ---- localstack, aws, terraform (targets issue) ---------------------------------------------
# LocalStack runs in Docker (docker-compose.yml); without a Docker engine localstack-up stops at once and
# names the ministack target. AWS uses the standard credential chain (AWS_PROFILE, SSO) and never
# guesses a region: set AWS_REGION (or pass REGION=...). Terraform (infra/terraform) is an alternative
# to the CloudFormation deployer with the same resources; checkov scans both, from its own venv.
# DEPLOY_ARGS passes template parameters, e.g. DEPLOY_ARGS="--param LambdaMemory=1024".
STACK ?= csvpipe
DEPLOY_ARGS ?=
LOCALSTACK_PORT ?= 4566
LOCALSTACK_ENDPOINT ?= http://127.0.0.1:$(LOCALSTACK_PORT)
ON_LOCALSTACK := LOCALSTACK_ENDPOINT=$(LOCALSTACK_ENDPOINT)
AWS_REGION_ARG = $(if $(REGION),--region $(REGION))
CHECKOV_VENV := $(VENV)/checkov
CHECKOV_STAMP := $(CHECKOV_VENV)/.installed
CHECKOV := $(CHECKOV_VENV)/bin/checkov --quiet --compact --skip-download

.PHONY: localstack-up localstack-down localstack-check deploy-localstack test-localstack clean-localstack \
	aws-preflight deploy-aws test-aws clean-aws \
	deploy-localstack-tf deploy-aws-tf clean-localstack-tf clean-aws-tf checkov

localstack-up: ## Start LocalStack in Docker (127.0.0.1:4566) and wait until it is healthy
	@LOCALSTACK_PORT=$(LOCALSTACK_PORT) scripts/localstack.sh up

localstack-down: ## Stop the LocalStack container
	@scripts/localstack.sh down

localstack-check:
	@LOCALSTACK_ENDPOINT=$(LOCALSTACK_ENDPOINT) scripts/localstack.sh check

deploy-localstack: localstack-check $(STAMP) ## Deploy the pipeline stack to LocalStack (same template and zip as ministack)
	$(ON_LOCALSTACK) $(CSVPIPE) deploy --target localstack --stack $(STACK) $(DEPLOY_ARGS)

test-localstack: localstack-check $(STAMP) ## Quick test on LocalStack: upload test-data/sample.csv, print its summary
	$(ON_LOCALSTACK) $(CSVPIPE) upload test-data/sample.csv --target localstack --stack $(STACK) --wait

clean-localstack: localstack-check $(STAMP) ## Destroy the LocalStack stack (buckets emptied first)
	$(ON_LOCALSTACK) $(CSVPIPE) destroy --target localstack --stack $(STACK)

aws-preflight:
	@if [ -z "$(REGION)$${AWS_REGION:-}$${AWS_DEFAULT_REGION:-}" ]; then \
		echo "aws: no region given: set AWS_REGION (or run make ... REGION=eu-west-1); csvpipe never guesses one" >&2; \
		exit 2; fi

deploy-aws: aws-preflight $(STAMP) ## Deploy to AWS (credential chain: AWS_PROFILE/SSO; region: AWS_REGION)
	$(CSVPIPE) deploy --target aws --stack $(STACK) $(AWS_REGION_ARG) $(DEPLOY_ARGS)

test-aws: aws-preflight $(STAMP) ## Quick test on AWS: upload test-data/sample.csv, print its summary
	$(CSVPIPE) upload test-data/sample.csv --target aws --stack $(STACK) --wait --timeout 180 $(AWS_REGION_ARG)

clean-aws: aws-preflight $(STAMP) ## Destroy the AWS stack (refuses a stack csvpipe did not create)
	$(CSVPIPE) destroy --target aws --stack $(STACK) $(AWS_REGION_ARG)

deploy-localstack-tf: localstack-check $(STAMP) ## Deploy to LocalStack with Terraform (needs terraform and its AWS provider)
	@PYTHON_BIN=$(BIN)/python $(ON_LOCALSTACK) REGION=$(REGION) scripts/terraform.sh apply localstack

deploy-aws-tf: aws-preflight $(STAMP) ## Deploy to AWS with Terraform (needs terraform and its AWS provider)
	@PYTHON_BIN=$(BIN)/python REGION=$(REGION) scripts/terraform.sh apply aws

clean-localstack-tf: localstack-check $(STAMP) ## Destroy the Terraform deployment on LocalStack
	@PYTHON_BIN=$(BIN)/python $(ON_LOCALSTACK) REGION=$(REGION) scripts/terraform.sh destroy localstack

clean-aws-tf: aws-preflight $(STAMP) ## Destroy the Terraform deployment on AWS
	@PYTHON_BIN=$(BIN)/python REGION=$(REGION) scripts/terraform.sh destroy aws

# checkov conflicts with our boto3 pin, so it gets a venv of its own from its own lock.
$(CHECKOV_STAMP): requirements/checkov.lock
	@test -x $(CHECKOV_VENV)/bin/python || $(PYTHON) -m venv $(CHECKOV_VENV)
	$(CHECKOV_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements/checkov.lock
	@touch $@

checkov: $(CHECKOV_STAMP) ## checkov on the CloudFormation template and the Terraform (offline; each skip has its reason inline)
	$(CHECKOV) --framework cloudformation -f infra/cloudformation/pipeline.yaml
	$(CHECKOV) --framework terraform -d infra/terraform
