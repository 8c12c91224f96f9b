#!/usr/bin/env bash
# LocalStack in Docker for the `localstack` target: up (and wait for health), down, check.
#
#   scripts/localstack.sh up      start docker-compose.yml's LocalStack, wait until its services answer
#   scripts/localstack.sh down    stop and remove it
#   scripts/localstack.sh check   is a LocalStack answering at the endpoint? (used before deploy/test)
#
# Without a Docker engine every command stops at once (docker info under a short timeout) and names
# the ministack target, which needs no Docker. Exit status 4 = a prerequisite is missing (as the CLI).
#
# Settings (environment): DOCKER (client, default docker), LOCALSTACK_PORT (4566), LOCALSTACK_ENDPOINT
# (http://127.0.0.1:$LOCALSTACK_PORT), LOCALSTACK_WAIT_SECONDS (180), DOCKER_INFO_TIMEOUT (5), and the
# compose settings LOCALSTACK_IMAGE, LOCALSTACK_AUTH_TOKEN, ENFORCE_IAM (see docker-compose.yml).
set -euo pipefail

NOT_READY=4
DOCKER=${DOCKER:-docker}
LOCALSTACK_PORT=${LOCALSTACK_PORT:-4566}
ENDPOINT=${LOCALSTACK_ENDPOINT:-http://127.0.0.1:${LOCALSTACK_PORT}}
WAIT_SECONDS=${LOCALSTACK_WAIT_SECONDS:-180}
INFO_TIMEOUT=${DOCKER_INFO_TIMEOUT:-5}
# The services the pipeline's template uses; health must report each as available or running.
REQUIRED_SERVICES="cloudformation s3 lambda dynamodb iam sqs logs cloudwatch"
ROOT=$(cd "$(dirname "$0")/.." && pwd)

MINISTACK_HINT="The ministack target needs no Docker: make ministack-up && make deploy-ministack && make test-ministack"

fail() {
    local status=$1
    shift
    echo "localstack: $*" >&2
    exit "$status"
}

require_docker_engine() {
    if ! command -v "$DOCKER" >/dev/null 2>&1; then
        fail $NOT_READY "no Docker client ('$DOCKER' not found); LocalStack needs Docker. $MINISTACK_HINT"
    fi
    local reason
    if ! reason=$(timeout "$INFO_TIMEOUT" "$DOCKER" info --format '{{.ServerVersion}}' 2>&1); then
        reason=$(printf '%s' "$reason" | grep -v '^\s*$' | tail -n 1)
        fail $NOT_READY "no Docker engine reachable (${reason:-docker info timed out after ${INFO_TIMEOUT}s}); LocalStack needs Docker. $MINISTACK_HINT"
    fi
}

compose() {
    if "$DOCKER" compose version >/dev/null 2>&1; then
        "$DOCKER" compose -f "$ROOT/docker-compose.yml" "$@"
    elif command -v docker-compose >/dev/null 2>&1; then
        docker-compose -f "$ROOT/docker-compose.yml" "$@"
    else
        fail $NOT_READY "neither 'docker compose' nor 'docker-compose' is installed. $MINISTACK_HINT"
    fi
}

# Prints the services that are not ready yet (empty when all are), or exits 1 when nothing answers.
# MiniStack answers the same health URL with edition "light": that is not LocalStack (exit 3).
services_not_ready() {
    local body
    body=$(curl -fsS --max-time 3 "$ENDPOINT/_localstack/health" 2>/dev/null) || return 1
    REQUIRED="$REQUIRED_SERVICES" python3 -c '
import json, os, sys
health = json.loads(sys.stdin.read())
if health.get("edition") == "light":
    sys.exit(3)
services = health.get("services", {})
missing = [s for s in os.environ["REQUIRED"].split() if services.get(s) not in ("available", "running")]
print(" ".join(missing))
' <<<"$body"
}

wait_healthy() {
    local deadline=$((SECONDS + WAIT_SECONDS)) pending="(no answer yet)"
    while ((SECONDS < deadline)); do
        if pending=$(services_not_ready) && [ -z "$pending" ]; then
            echo "localstack: ready at $ENDPOINT (${SECONDS}s)"
            return 0
        fi
        sleep 2
    done
    fail 6 "not healthy after ${WAIT_SECONDS}s at $ENDPOINT (waiting for: ${pending:-no answer}). Logs: docker logs ${LOCALSTACK_CONTAINER:-csvpipe-localstack}"
}

cmd_up() {
    require_docker_engine
    if [ -z "${LOCALSTACK_AUTH_TOKEN:-}" ]; then
        case "${LOCALSTACK_IMAGE:-localstack/localstack:4.14.0}" in
            *:latest | *localstack-pro*)
                echo "localstack: warning: ${LOCALSTACK_IMAGE} needs LOCALSTACK_AUTH_TOKEN (images after 2026-03-23 refuse to start without one)" >&2
                ;;
        esac
    fi
    compose up -d
    wait_healthy
}

cmd_down() {
    if ! command -v "$DOCKER" >/dev/null 2>&1 || ! timeout "$INFO_TIMEOUT" "$DOCKER" info >/dev/null 2>&1; then
        echo "localstack: no Docker engine reachable, so no LocalStack container to stop"
        return 0
    fi
    compose down --remove-orphans
}

cmd_check() {
    local pending status=0
    pending=$(services_not_ready) || status=$?
    if [ "$status" = 3 ]; then
        fail $NOT_READY "the emulator at $ENDPOINT is MiniStack, not LocalStack: use the ministack target (make deploy-ministack), or start LocalStack on another LOCALSTACK_PORT"
    elif [ "$status" != 0 ]; then
        fail $NOT_READY "nothing answers at $ENDPOINT: start LocalStack with 'make localstack-up' (needs Docker). $MINISTACK_HINT"
    fi
    if [ -n "$pending" ]; then
        fail $NOT_READY "LocalStack at $ENDPOINT is up but not ready (waiting for: $pending); retry in a few seconds"
    fi
}

case "${1:-}" in
    up) cmd_up ;;
    down) cmd_down ;;
    check) cmd_check ;;
    *)
        echo "usage: $0 up|down|check" >&2
        exit 2
        ;;
esac
