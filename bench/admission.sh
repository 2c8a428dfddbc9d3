#!/usr/bin/env bash
# Benchmarks `gatehouse admission` over HTTPS on this machine, loopback only, and stops by itself.
#
# Prints:
#   1. the most /validate reviews per second at 64 connections (allowlist policy), the same for a
#      trivial HTTPS endpoint of the same server (GET /healthz, the ceiling), and their ratio;
#   2. p50/p99/p99.9 latency of /validate at a fixed offered rate (1,000 reviews/s), open loop;
#   3. the same with signatures required and a warm cache (a real docker-registry, a real
#      cosign-format signature).
# Reviews alternate between a Pod with three containers and a Deployment with an init container.
#
# Settings (environment): DURATION (seconds of each open-loop run, default 20), RATE (default
# 1000), CONNECTIONS (64), ROUNDS (6: the throughput runs of part 1 are ROUNDS runs of 5 seconds
# per kind), WARMUP (30: seconds of load, all three kinds in turn, before part 1, so that it
# measures compiled code).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=bin/jdk.sh
source "$root/bin/jdk.sh"
JAVA_HOME="$(gatehouse_find_jdk)"
export JAVA_HOME
java="$JAVA_HOME/bin/java"
duration="${DURATION:-20}"
rate="${RATE:-1000}"
connections="${CONNECTIONS:-64}"
rounds="${ROUNDS:-6}"
warmup="${WARMUP:-30}"

for tool in wrk curl docker-registry; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing (apt-get install $tool)" >&2; exit 1; }
done

"$root/bin/gatehouse" --version >/dev/null   # builds the jar when it is stale
jar="$root/cli/target/gatehouse.jar"

work="$(mktemp -d)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

reviews() { # $1 = image prefix; writes pod.json and deployment.json
  cat > "$work/pod.json" <<JSON
{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"b5c3a0e2-7f41-4d7c-9a55-3f0f1f6b2a10","kind":{"group":"","version":"v1","kind":"Pod"},"resource":{"group":"","version":"v1","resource":"pods"},"requestKind":{"group":"","version":"v1","kind":"Pod"},"requestResource":{"group":"","version":"v1","resource":"pods"},"name":"shop-web-7d9f","namespace":"shop","operation":"CREATE","userInfo":{"username":"system:serviceaccount:kube-system:replicaset-controller","uid":"0c8d","groups":["system:serviceaccounts","system:authenticated"]},"object":{"apiVersion":"v1","kind":"Pod","metadata":{"name":"shop-web-7d9f","namespace":"shop","labels":{"app":"shop-web","pod-template-hash":"7d9f"},"ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"shop-web-7d9f","uid":"1a2b","controller":true}]},"spec":{"serviceAccountName":"shop","containers":[{"name":"web","image":"$1/shop/web:1.4.2","ports":[{"containerPort":8080}],"resources":{"requests":{"cpu":"100m","memory":"128Mi"},"limits":{"memory":"256Mi"}},"readinessProbe":{"httpGet":{"path":"/ready","port":8080}}},{"name":"envoy","image":"$1/shop/envoy:1.31.0","ports":[{"containerPort":9901}]},{"name":"log-shipper","image":"$1/shop/fluent-bit:3.1","volumeMounts":[{"name":"logs","mountPath":"/var/log/app"}]}],"volumes":[{"name":"logs","emptyDir":{}}]}},"oldObject":null,"dryRun":false,"options":{"apiVersion":"meta.k8s.io/v1","kind":"CreateOptions"}}}
JSON
  cat > "$work/deployment.json" <<JSON
{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"0e6f5d4c-3b2a-4190-8f7e-6d5c4b3a2910","kind":{"group":"apps","version":"v1","kind":"Deployment"},"resource":{"group":"apps","version":"v1","resource":"deployments"},"name":"shop-api","namespace":"shop","operation":"UPDATE","userInfo":{"username":"alice@example.com","groups":["system:authenticated"]},"object":{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"shop-api","namespace":"shop","labels":{"app":"shop-api"}},"spec":{"replicas":3,"selector":{"matchLabels":{"app":"shop-api"}},"template":{"metadata":{"labels":{"app":"shop-api"}},"spec":{"initContainers":[{"name":"migrate","image":"$1/shop/api-migrations:2.0.1"}],"containers":[{"name":"api","image":"$1/shop/api:2.0.1","ports":[{"containerPort":8080}],"env":[{"name":"LOG_LEVEL","value":"info"}],"resources":{"limits":{"cpu":"1","memory":"512Mi"}}}]}}}},"oldObject":null,"dryRun":false}}
JSON
}

start_webhook() { # $1 = policy file; sets port
  port="$(free_port)"
  "$java" -jar "$jar" admission --policy "$1" --tls-self-signed "$work/tls" --bind 127.0.0.1 \
    --port "$port" > "$work/admission.log" 2>&1 &
  webhook_pid=$!
  pids+=("$webhook_pid")
  for _ in $(seq 1 100); do
    curl -sf --cacert "$work/tls/ca.crt" "https://127.0.0.1:$port/healthz" >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  echo "bench: the webhook did not start:" >&2
  cat "$work/admission.log" >&2
  exit 1
}

check_admitted() { # every review body is answered allowed:true
  local body
  for body in pod deployment; do
    curl -sf --cacert "$work/tls/ca.crt" -H 'Content-Type: application/json' \
      --data-binary @"$work/$body.json" "https://127.0.0.1:$port/validate" | grep -q '"allowed":true' \
      || { echo "bench: the $body review is not admitted:" >&2; tail -5 "$work/admission.log" >&2; exit 1; }
  done
}

stop_webhook() { kill "$webhook_pid"; wait "$webhook_pid" 2>/dev/null || true; }

# Static requests only: a Lua request() function makes wrk itself the bottleneck, so each review
# kind is measured on its own, with the same wrk settings as the ceiling.
for body in pod deployment; do
  cat > "$work/$body.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local file = io.open("$work/$body.json", "rb")
wrk.body = file:read("*a")
file:close()
LUA
done

throughput() { # $1 = url, $2 = seconds, then wrk options; prints requests per second
  wrk -t2 -c"$connections" -d"${2}s" "${@:3}" "$1" | awk '/Requests\/sec/ {print $2}'
}

open_loop() { # $1 = url
  "$java" "$root/bench/OpenLoop.java" --url "$1" --ca "$work/tls/ca.crt" --rate "$rate" \
    --duration "${duration}s" --connections "$connections" \
    --body "$work/pod.json" --body "$work/deployment.json"
}

echo "== machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $("$java" -version 2>&1 | head -n 1)"

# 1 and 2: allowlist policy
reviews "myacr.azurecr.io"
cat > "$work/allowlist.yaml" <<'YAML'
version: 1
images:
  mode: enforce
  trustedRegistries: [ myacr.azurecr.io, "*.gatehouse.example" ]
  forbidLatest: true
YAML
start_webhook "$work/allowlist.yaml"
check_admitted
echo "== warming up (${warmup} s)"
warm_step=$(( warmup / 6 > 0 ? warmup / 6 : 1 ))
for _ in 1 2; do
  throughput "https://127.0.0.1:$port/validate" "$warm_step" -s "$work/pod.lua" >/dev/null
  throughput "https://127.0.0.1:$port/validate" "$warm_step" -s "$work/deployment.lua" >/dev/null
  throughput "https://127.0.0.1:$port/healthz" "$warm_step" >/dev/null
done
# The three are measured in rounds, each round one short run of each right after the other (the
# order rotating), so that a change in the machine's state between runs (another process, the
# CPU's clock) moves a kind and its ceiling together; the figures are the medians over the rounds,
# and the ratios the medians of each round's ratio.
round_seconds=5
echo "== most requests per second at $connections connections (wrk, 2 threads, $rounds rounds of ${round_seconds}s each)"
pods=() deployments=() ceilings=() pod_ratios=() deployment_ratios=()
for round in $(seq 1 "$rounds"); do
  order=(pod deployment ceiling)
  shift_by=$(( (round - 1) % 3 ))
  order=("${order[@]:shift_by}" "${order[@]:0:shift_by}")
  for kind in "${order[@]}"; do
    case "$kind" in
      pod) pod="$(throughput "https://127.0.0.1:$port/validate" "$round_seconds" -s "$work/pod.lua")" ;;
      deployment) deployment="$(throughput "https://127.0.0.1:$port/validate" "$round_seconds" -s "$work/deployment.lua")" ;;
      ceiling) ceiling="$(throughput "https://127.0.0.1:$port/healthz" "$round_seconds")" ;;
    esac
  done
  pods+=("$pod") deployments+=("$deployment") ceilings+=("$ceiling")
  pod_ratios+=("$(awk -v a="$pod" -v b="$ceiling" 'BEGIN {printf "%.3f", a / b}')")
  deployment_ratios+=("$(awk -v a="$deployment" -v b="$ceiling" 'BEGIN {printf "%.3f", a / b}')")
  printf 'round %d: Pod %s, Deployment %s, /healthz %s per second; ratios %s / %s\n' \
    "$round" "$pod" "$deployment" "$ceiling" "${pod_ratios[-1]}" "${deployment_ratios[-1]}"
done
median() { printf '%s\n' "$@" | sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
echo "POST /validate, Pod with 3 containers:       $(median "${pods[@]}") reviews/s (median)"
echo "POST /validate, Deployment (init + 1):       $(median "${deployments[@]}") reviews/s (median)"
echo "GET  /healthz, the ceiling:                  $(median "${ceilings[@]}") requests/s (median)"
printf 'ratio to the ceiling (median of the rounds): Pod %.2f, Deployment %.2f\n' \
  "$(median "${pod_ratios[@]}")" "$(median "${deployment_ratios[@]}")"
echo "== open loop at $rate reviews/s, allowlist policy"
open_loop "https://127.0.0.1:$port/validate"
stop_webhook

# 3: signatures required, warm cache
registry_port="$(free_port)"
mkdir -p "$work/registry"
cat > "$work/registry.yml" <<YAML
version: 0.1
log: { level: error }
storage: { filesystem: { rootdirectory: $work/registry } }
http: { addr: 127.0.0.1:$registry_port }
YAML
docker-registry serve "$work/registry.yml" > "$work/registry.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$registry_port/v2/" >/dev/null && break; sleep 0.2; done
registry="127.0.0.1:$registry_port"
export GATEHOUSE_KEY_PASSPHRASE="bench-only-passphrase"
"$java" -jar "$jar" keygen --output-prefix "$work/cosign" >/dev/null
for image in shop/web:1.4.2 shop/envoy:1.31.0 shop/fluent-bit:3.1 shop/api-migrations:2.0.1 shop/api:2.0.1; do
  "$java" "$root/bench/PushImage.java" "$registry" "${image%%:*}" "${image##*:}" >/dev/null
  "$java" -jar "$jar" sign --key "$work/cosign.key" "$registry/$image" >/dev/null
done
reviews "$registry"
cat > "$work/signed.yaml" <<YAML
version: 1
images:
  mode: enforce
  trustedRegistries: [ "$registry" ]
  forbidLatest: true
  signatures:
    - match: "$registry/shop"
      keys: [ cosign.pub ]
YAML
start_webhook "$work/signed.yaml"
echo "== warming the signature cache"
check_admitted
echo "== open loop at $rate reviews/s, signatures required, warm cache"
open_loop "https://127.0.0.1:$port/validate"
echo "POST /validate, Pod, signatures, warm cache, at $connections connections: $(throughput "https://127.0.0.1:$port/validate" "$duration" -s "$work/pod.lua") reviews/s"
stop_webhook
