# Sourced by the benchmark scripts: finds a JDK >= 21 to run benchmarks with (Maven itself may
# run on an older JDK; the benchmarks must not). Sets JDK and JAVA, or exits.

# Major version of the JDK at $1, or 0 if it is not a JDK.
jdk_major() {
  local home="$1" v=""
  [ -x "$home/bin/java" ] || { echo 0; return; }
  if [ -f "$home/release" ]; then
    v="$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$home/release")"
  fi
  if [ -z "$v" ]; then
    v="$("$home/bin/java" -version 2>&1 | sed -n '1s/.*version "\([^"]*\)".*/\1/p')"
  fi
  v="${v#1.}"                 # 1.8 -> 8
  v="${v%%[.+-]*}"            # 25.0.3 -> 25
  case "$v" in ''|*[!0-9]*) echo 0 ;; *) echo "$v" ;; esac
}

# $JAVA_HOME if it is a JDK >= 21, else the newest under /usr/lib/jvm, else `java` on the PATH.
find_jdk() {
  if [ -n "${JAVA_HOME:-}" ] && [ "$(jdk_major "$JAVA_HOME")" -ge 21 ]; then
    echo "$JAVA_HOME"; return
  fi
  local best="" best_v=0 d v
  for d in /usr/lib/jvm/*/; do
    d="${d%/}"
    [ -L "$d" ] && continue   # aliases of the real directories
    v="$(jdk_major "$d")"
    if [ "$v" -gt "$best_v" ]; then best="$d"; best_v="$v"; fi
  done
  if [ "$best_v" -ge 21 ]; then echo "$best"; return; fi
  if command -v java >/dev/null 2>&1; then
    d="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
    if [ "$(jdk_major "$d")" -ge 21 ]; then echo "$d"; return; fi
  fi
  return 1
}

JDK="$(find_jdk)" || { echo "no JDK >= 21 found (set JAVA_HOME)" >&2; exit 1; }
JAVA="$JDK/bin/java"
