# Sourced by the benchmarks that drive a real `gatehouse server` (tokens.sh, exchange.sh,
# lifecycle.sh): finds the JDK, builds the jar when it is stale, and starts PostgreSQL (the
# tests' embedded binaries) and the server on loopback ports, stopping everything when the
# script exits.
#
# Uses: DATABASES ("postgresql h2"), SERVER_JAVA_OPTS (extra JVM options for the server), and
# the array server_extra_args (extra options of `gatehouse server`), if the script sets it.
# Provides: java, root, work, for_each_database FUNCTION (calls FUNCTION DATABASE with port,
# admin_token and server_pid set, a fresh server for each database).

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=bin/jdk.sh
source "$root/bin/jdk.sh"
JAVA_HOME="$(gatehouse_find_jdk)"
export JAVA_HOME
java="$JAVA_HOME/bin/java"
databases="${DATABASES:-postgresql h2}"

"$root/bin/gatehouse" --version >/dev/null   # builds the jar when it is stale
jar="$root/cli/target/gatehouse.jar"

work="$(mktemp -d)"
pids=()
pg_pid=""
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  if [[ -n "$pg_pid" ]]; then
    exec 3>&-   # StartPostgres stops PostgreSQL and deletes its data when its input closes
    wait "$pg_pid" 2>/dev/null || true
  fi
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

start_postgres() { # sets db_url, db_user, db_password
  (cd "$root" && mvn -B -q -o -pl testing dependency:build-classpath \
    -Dmdep.outputFile="$work/testing.classpath" >/dev/null)
  mkfifo "$work/pg.stdin"
  "$java" -cp "$root/testing/target/classes:$(cat "$work/testing.classpath")" \
    "$root/bench/StartPostgres.java" "$work/pg.conn" < "$work/pg.stdin" > "$work/pg.log" 2>&1 &
  pg_pid=$!
  exec 3>"$work/pg.stdin"   # keeps PostgreSQL running until this script exits
  for _ in $(seq 1 300); do
    [[ -s "$work/pg.conn" ]] && break
    sleep 0.2
  done
  [[ -s "$work/pg.conn" ]] || { echo "bench: PostgreSQL did not start:" >&2; cat "$work/pg.log" >&2; exit 1; }
  read -r db_url db_user db_password < "$work/pg.conn"
}

start_server() { # $1 = postgresql | h2; sets port, admin_token, server_pid
  port="$(free_port)"
  admin_token="gth_bench$(head -c 24 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')"
  local args=(server --bind 127.0.0.1 --port "$port" "${server_extra_args[@]}")
  if [[ "$1" == postgresql ]]; then
    args+=(--database-url "$db_url")
  else
    args+=(--data-dir "$work/h2")
  fi
  GATEHOUSE_DB_USER="${db_user:-}" GATEHOUSE_DB_PASSWORD="${db_password:-}" \
    GATEHOUSE_ADMIN_TOKEN="$admin_token" GATEHOUSE_MASTER_KEY="$(head -c 32 /dev/urandom | base64)" \
    "$java" -Xms1g -Xmx1g ${SERVER_JAVA_OPTS:-} -jar "$jar" "${args[@]}" > "$work/server-$1.log" 2>&1 &
  server_pid=$!
  pids+=("$server_pid")
  for _ in $(seq 1 150); do
    curl -sf "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  echo "bench: the server did not start:" >&2
  cat "$work/server-$1.log" >&2
  exit 1
}

for_each_database() { # $1 = function to call with the database's name, the server running
  local database
  for database in $databases; do
    if [[ "$database" == postgresql ]]; then
      start_postgres
    fi
    start_server "$database"
    "$1" "$database"
    kill "$server_pid"; wait "$server_pid" 2>/dev/null || true
  done
}
