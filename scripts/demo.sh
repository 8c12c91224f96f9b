#!/usr/bin/env bash
# `make demo`: a real S3 -> Lambda -> S3/DynamoDB round trip on MiniStack, then a clean teardown.
# Steps: up -> deploy -> upload test-data/sample.csv and print its summary -> destroy -> down.
# destroy and down run also when a step fails; the exit status is the first failure's.
# The demo keeps its own state dir (.csvpipe/demo), so it never stops an emulator started by `make ministack-up`.
set -euo pipefail
cd "$(dirname "$0")/.."
CSVPIPE=${CSVPIPE:-.venv/bin/csvpipe}
STACK=${STACK:-csvpipe-demo}
SAMPLE=${SAMPLE:-test-data/sample.csv}
export CSVPIPE_STATE_DIR=${CSVPIPE_STATE_DIR:-$PWD/.csvpipe/demo}

started=0
deployed=0

step() {
    echo "==> $*" >&2
    "$@"
}

finish() {
    local status=$? next
    trap - EXIT
    set +e
    if [ "$deployed" = 1 ]; then
        step "$CSVPIPE" destroy --target ministack --stack "$STACK" >&2
        next=$?
        [ "$status" -eq 0 ] && status=$next
    fi
    if [ "$started" = 1 ]; then
        step "$CSVPIPE" down >&2
        next=$?
        [ "$status" -eq 0 ] && status=$next
    fi
    if [ "$status" -eq 0 ]; then echo "==> demo finished" >&2; else echo "==> demo FAILED (exit $status)" >&2; fi
    exit "$status"
}
trap finish EXIT
# A signal or a closed output pipe (`make demo | head`) must still reach the teardown: ignore SIGPIPE
# (writes then fail with EPIPE instead of killing us) and turn INT/TERM/HUP into a normal exit.
trap '' PIPE
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

started=1
step "$CSVPIPE" up
deployed=1
step "$CSVPIPE" deploy --target ministack --stack "$STACK"
# The seed's example names the file sales.csv: upload sample.csv under that key, print the summary in
# the seed's shape and check it equals the seed's example output.
result_json=$(mktemp)
step "$CSVPIPE" upload "$SAMPLE" --key uploads/sales.csv --target ministack --stack "$STACK" --wait --json >"$result_json"
step "$(dirname "$CSVPIPE")/python" scripts/demo_result.py <"$result_json"
rm -f "$result_json"
