#!/usr/bin/env bash
# Benchmarks deployment lifecycles through the real `gatehouse server` over HTTP, loopback only,
# and stops by itself: 64 concurrent clients each loop create -> approve (team A) -> approve
# (team B) -> in_progress -> success. Prints lifecycles per second, p50/p99 per API call and the
# latency from an approval to its delivery on the deployment's event stream (under that load, and
# then at light load, one lifecycle at a time), first on PostgreSQL (embedded binaries, as the tests
# use) and then on the embedded H2 database.
#
# Settings (environment): DURATION (seconds, default 30), WARMUP (default 60: the server's code
# takes about 40 s of this load to be compiled on two shared cores), CLIENTS (64),
# LIGHT_SAMPLES (200; 0 skips the light-load phase), DATABASES ("postgresql h2"), SERVER_JAVA_OPTS
# (extra JVM options for the server, e.g. a JFR recording).
set -euo pipefail

server_extra_args=()
# shellcheck source=bench/server.sh
source "$(dirname "${BASH_SOURCE[0]}")/server.sh"
duration="${DURATION:-30}"
warmup="${WARMUP:-60}"
clients="${CLIENTS:-64}"
light_samples="${LIGHT_SAMPLES:-200}"

run() { # $1 = the database
  "$java" "$root/bench/Lifecycle.java" --server "http://127.0.0.1:$port" \
    --admin-token "$admin_token" --clients "$clients" --duration "$duration" --warmup "$warmup" \
    --light-samples "$light_samples" --server-pid "$server_pid" --label "$1"
}

for_each_database run
