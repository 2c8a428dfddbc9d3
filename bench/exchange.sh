#!/usr/bin/env bash
# Benchmarks RFC 8693 token exchange (POST /api/v1/oauth/token) through the real `gatehouse
# server` over HTTP, loopback only, with a warm JWKS cache, and stops by itself. bench/Exchange.java
# is the OIDC issuer (its own key, discovery document and JWKS on a loopback port, hence the
# server's development switch --allow-http-issuers) and the load: CLIENTS concurrent clients, each
# exchanging pre-signed CI tokens (one jti each) in a closed loop. Every exchange verifies the RS256
# signature, checks the claims, stores an API token and its federated_tokens row, and appends an
# audit entry. Prints exchanges per second and p50/p99, first on PostgreSQL (embedded binaries, as
# the tests use) and then on the embedded H2 database.
#
# Settings (environment): DURATION (seconds, default 20), WARMUP (default 5), CLIENTS (32),
# DATABASES ("postgresql h2"), SERVER_JAVA_OPTS (extra JVM options for the server).
set -euo pipefail

server_extra_args=(--allow-http-issuers)
# shellcheck source=bench/server.sh
source "$(dirname "${BASH_SOURCE[0]}")/server.sh"
duration="${DURATION:-20}"
warmup="${WARMUP:-5}"
clients="${CLIENTS:-32}"

run() { # $1 = the database
  "$java" "$root/bench/Exchange.java" --server "http://127.0.0.1:$port" \
    --admin-token "$admin_token" --clients "$clients" --duration "$duration" --warmup "$warmup" \
    --label "$1"
}

for_each_database run
