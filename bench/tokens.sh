#!/usr/bin/env bash
# Benchmarks deployment tokens (the OIDC issuer) through the real `gatehouse server` over HTTP,
# loopback only, and stops by itself: CLIENTS concurrent clients, each the job of its own approved
# deployment, ask for that deployment's token in a closed loop (POST /api/v1/deployments/{id}/token:
# authentication, the job check, the signature and the audit entry, in one transaction). Prints
# tokens per second, p50/p99 latency and the CPU time per token, first on PostgreSQL (embedded
# binaries, as the tests use) and then on the embedded H2 database.
#
# Settings (environment): DURATION (seconds, default 20), WARMUP (default 5), CLIENTS (64),
# ALG (ES256 or RS256, default ES256), REQUEST (token, or whoami for the cost of a plain
# authenticated API request on the same server, to compare with), DATABASES ("postgresql h2"), SERVER_JAVA_OPTS (extra JVM
# options for the server, e.g. a JFR recording).
set -euo pipefail

server_extra_args=()
# shellcheck source=bench/server.sh
source "$(dirname "${BASH_SOURCE[0]}")/server.sh"
duration="${DURATION:-20}"
warmup="${WARMUP:-5}"
clients="${CLIENTS:-64}"
alg="${ALG:-ES256}"
request="${REQUEST:-token}"

run() { # $1 = the database
  "$java" "$root/bench/Tokens.java" --server "http://127.0.0.1:$port" \
    --admin-token "$admin_token" --clients "$clients" --duration "$duration" --warmup "$warmup" \
    --alg "$alg" --request "$request" --server-pid "$server_pid" --label "$1"
}

for_each_database run
