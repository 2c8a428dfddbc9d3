#!/bin/sh
# Scans the DAST test application with Gatehouse and with Wapiti 3.0.4 and prints both tables,
# then does the same, for the passive categories Wapiti has a module for, on the sites of
# PassiveAccuracyIT (one Wapiti run per site, capped at min(WAPITI_MAX_SECONDS, 120) s).
# Needs Debian's wapiti (apt-get install wapiti) and a built dast module (its test classes):
#   mvn -B -o -pl dast test-compile
# Usage: bench/dast-compare.sh [WAPITI_MAX_SECONDS]
# Environment: DAST_COMPARE_PASSIVE=0 skips the passive sites, DAST_COMPARE_ACTIVE=0 the test
# application; DAST_COMPARE_SITES=TEXT keeps the passive sites whose description contains TEXT.
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
