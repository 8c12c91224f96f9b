#!/usr/bin/env bash
# Deploy or destroy the pipeline with Terraform (infra/terraform) on LocalStack or AWS.
#
#   scripts/terraform.sh apply localstack|aws
#   scripts/terraform.sh destroy localstack|aws
#
# Each target keeps its own state (a Terraform workspace named after it). The Lambda zip is the one
# `csvpipe deploy` builds (csvpipe.deploy.packaging), so Terraform and CloudFormation deploy the same
# bytes. Stops at once, with the reason, when terraform is not installed or cannot download the
# hashicorp/aws provider (a machine without access to registry.terraform.io). Exit 4 = prerequisite
# missing, 2 = usage (as the csvpipe CLI).
#
# Settings (environment): TERRAFORM (default: terraform, else tflocal), PYTHON_BIN (the venv's python,
# for building the zip), REGION / AWS_REGION / AWS_DEFAULT_REGION, LOCALSTACK_ENDPOINT, TF_NAME_PREFIX
# (csvpipe), TF_INIT_TIMEOUT (300 s).
set -euo pipefail

USAGE=2
NOT_READY=4
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TF_DIR="$ROOT/infra/terraform"
BUILD_DIR="$ROOT/build/terraform"
PYTHON_BIN=${PYTHON_BIN:-$ROOT/.venv/bin/python}
INIT_TIMEOUT=${TF_INIT_TIMEOUT:-300}
CFN_ALTERNATIVE="The same pipeline deploys without Terraform through CloudFormation: make deploy-localstack / make deploy-aws"

fail() {
    local status=$1
    shift
    echo "terraform: $*" >&2
    exit "$status"
}

find_terraform() {
    if [ -n "${TERRAFORM:-}" ]; then
        command -v "$TERRAFORM" >/dev/null 2>&1 ||
            fail $NOT_READY "'$TERRAFORM' (from TERRAFORM) is not installed. $CFN_ALTERNATIVE"
        echo "$TERRAFORM"
    elif command -v terraform >/dev/null 2>&1; then
        echo terraform
    elif command -v tflocal >/dev/null 2>&1; then
        echo tflocal
    else
        fail $NOT_READY "neither terraform nor tflocal is installed (Terraform >= 1.5 is needed). $CFN_ALTERNATIVE"
    fi
}

# `terraform init` on a machine that cannot reach the provider registry fails within a second with
# "Failed to query available provider packages"; say that plainly instead of Terraform's wall of text.
init() {
    local tf=$1 log status=0
    log=$(timeout "$INIT_TIMEOUT" "$tf" -chdir="$TF_DIR" init -input=false -no-color 2>&1) || status=$?
    if [ "$status" = 0 ]; then
        return 0
    fi
    if [ "$status" = 124 ] ||
        grep -qE "Failed to query available provider packages|Failed to install provider|could not connect to registry|no such host|i/o timeout|connection refused" <<<"$log"; then
        fail $NOT_READY "terraform is installed but cannot download the hashicorp/aws provider (registry.terraform.io is unreachable from this machine). Run on a machine with access to it, or point TF_CLI_CONFIG_FILE at a provider mirror. $CFN_ALTERNATIVE"
    fi
    printf '%s\n' "$log" >&2
    fail 1 "terraform init failed (output above)"
}

region_for() {
    local target=$1 region=${REGION:-${AWS_REGION:-${AWS_DEFAULT_REGION:-}}}
    if [ "$target" = localstack ]; then
        echo "${region:-us-east-1}"
    elif [ -z "$region" ]; then
        fail $USAGE "the aws target needs an explicit region: set AWS_REGION (or REGION=eu-west-1); csvpipe never guesses one"
    else
        echo "$region"
    fi
}

build_zip() {
    [ -x "$PYTHON_BIN" ] || fail $NOT_READY "no Python at $PYTHON_BIN to build the Lambda zip: run 'make venv' first"
    "$PYTHON_BIN" -c 'import sys
from csvpipe.deploy.packaging import build_lambda_zip
print(build_lambda_zip(sys.argv[1]).path)' "$BUILD_DIR"
}

main() {
    local action=${1:-} target=${2:-}
    case "$action/$target" in
        apply/localstack | apply/aws | destroy/localstack | destroy/aws) ;;
        *) fail $USAGE "usage: $0 apply|destroy localstack|aws" ;;
    esac
    local region tf zip
    region=$(region_for "$target")
    tf=$(find_terraform)
    zip=$(build_zip)
    init "$tf"
    "$tf" -chdir="$TF_DIR" workspace select -or-create "$target" >/dev/null
    local vars=(
        -var "region=$region"
        -var "lambda_zip_path=$zip"
        -var "name_prefix=${TF_NAME_PREFIX:-csvpipe}"
    )
    if [ "$target" = localstack ]; then
        vars+=(-var "use_localstack=true" -var "localstack_endpoint=${LOCALSTACK_ENDPOINT:-http://127.0.0.1:4566}")
    fi
    "$tf" -chdir="$TF_DIR" "$action" -input=false -auto-approve "${vars[@]}"
    if [ "$action" = apply ]; then
        "$tf" -chdir="$TF_DIR" output
    fi
}

main "$@"
