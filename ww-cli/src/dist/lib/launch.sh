#!/bin/sh
# Starts one ww tool: launch.sh TOOL [ARGS...]. The bin/ scripts call this.
# JAVA_HOME selects the JVM; WW_JAVA_OPTS adds JVM options.
set -eu
lib=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
if [ -n "${JAVA_HOME:-}" ]; then java="$JAVA_HOME/bin/java"; else java=java; fi
if ! command -v "$java" >/dev/null 2>&1; then
  echo "$1: error: no Java runtime found; install Java 17 or later, or set JAVA_HOME" >&2
  exit 1
fi
# File names are bytes on Linux; a UTF-8 locale lets the JVM read and write any of them.
: "${LC_ALL:=C.UTF-8}"
export LC_ALL
# shellcheck disable=SC2086
exec "$java" ${WW_JAVA_OPTS:-} \
  --enable-native-access=ALL-UNNAMED -cp "$lib/*" dev.ww.cli.Launcher "$@"
