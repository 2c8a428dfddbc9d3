# Shared by bin/gatehouse and bin/test: finding a JDK 21+ and quieting Maven on new JDKs.

# Prints the major version of the java at $1/bin/java, or nothing.
gatehouse_java_major() {
  local version
  version="$("$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = //p')" || return 0
  echo "${version%%.*}"
}

# Prints a JDK home of version 21 or newer: JAVA_HOME if it is one, else the newest under
# /usr/lib/jvm. Fails with a message when there is none.
gatehouse_find_jdk() {
  local candidate major best="" best_major=0
  if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/javac" ]]; then
    major="$(gatehouse_java_major "$JAVA_HOME")"
    if [[ -n "$major" && "$major" -ge 21 ]]; then
      echo "$JAVA_HOME"
      return 0
    fi
  fi
  for candidate in /usr/lib/jvm/*; do
    [[ -x "$candidate/bin/javac" && ! -L "$candidate" ]] || continue
    major="$(gatehouse_java_major "$candidate")"
    if [[ -n "$major" && "$major" -ge 21 && "$major" -gt "$best_major" ]]; then
      best="$candidate"
      best_major="$major"
    fi
  done
  if [[ -z "$best" ]]; then
    echo "gatehouse: no JDK 21 or newer found (JAVA_HOME=${JAVA_HOME:-unset}, /usr/lib/jvm);" \
      "install one, e.g. apt-get install openjdk-21-jdk-headless" >&2
    return 1
  fi
  echo "$best"
}

# Maven's bundled Guava warns about sun.misc.Unsafe on JDK 24+; the warning is noise.
gatehouse_maven_opts() {
  local major
  major="$(gatehouse_java_major "$JAVA_HOME")"
  if [[ -n "$major" && "$major" -ge 24 ]]; then
    export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
  fi
}
