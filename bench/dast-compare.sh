#!/bin/sh
# Scans the DAST test application with Gatehouse and with Wapiti 3.0.4 and prints both tables.
# Needs Debian's wapiti (apt-get install wapiti) and a built dast module (its test classes):
#   mvn -B -o -pl dast test-compile
# Usage: bench/dast-compare.sh [WAPITI_MAX_SECONDS]
set -eu
cd "$(dirname "$0")/.."
: "${JAVA_HOME:=/usr/lib/jvm/temurin-25-jdk-amd64}"
command -v wapiti >/dev/null || { echo "wapiti not found: apt-get install wapiti" >&2; exit 2; }
classpath_file=$(mktemp)
trap 'rm -f "$classpath_file"' EXIT
mvn -B -q -o -pl dast dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$classpath_file" >/dev/null 2>&1
classpath="dast/target/classes:dast/target/test-classes:$(cat "$classpath_file")"
exec "$JAVA_HOME/bin/java" -cp "$classpath" bench/dast/DastCompare.java "$@"
