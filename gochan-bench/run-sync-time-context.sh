#!/usr/bin/env bash
# Runs the sync, time and context benchmarks of issues 3 and 4 and prints their numbers as
# Markdown tables, beside the Go reference programs when `go` is installed.
#
#   gochan-bench/run-sync-time-context.sh           for a quiet machine (about 5 minutes)
#   gochan-bench/run-sync-time-context.sh --quick   smoke run; numbers are noise
#
# - Mutex: 1000 goroutines x 1000 increments (gochan Mutex, ReentrantLock, synchronized), JMH.
# - WaitGroup: 10^6 goroutines started and awaited (gochan WaitGroup, CountDownLatch), JMH.
# - Timeouts: 10^5 goroutines each in a select with a 100 ms timeout: time until all woke.
# - Context: 10^4 goroutines in a select on ctx.done(); cancel the root: time until all returned.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$HERE")"
QUICK=0
[ "${1:-}" = "--quick" ] && QUICK=1
. "$HERE/jdk.sh"
echo "[bench] JDK: $JDK" >&2
(cd "$ROOT" && ${MVN:-mvn} -q -B compile -pl gochan-bench -am) >&2
CP="$HERE/target/classes:$(cat "$HERE/target/classpath.txt")"
FLAGS=(--sun-misc-unsafe-memory-access=allow)
[ "$(jdk_major "$JDK")" -ge 23 ] || FLAGS=()
if [ "$QUICK" = 1 ]; then JMH=(-f 1 -wi 1 -w 1s -i 3 -r 1s); else JMH=(-f 3 -wi 3 -w 2s -i 5 -r 2s); fi
# a fixed heap: starting 10^6 virtual threads otherwise swings with heap sizing and GC
JMH+=(-jvmArgsAppend "-Xms2g -Xmx2g")
OUT="$HERE/target/bench-results/sync-time-context-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$OUT"

echo "[bench] JMH: MutexBench, WaitGroupBench" >&2
"$JAVA" "${FLAGS[@]}" -cp "$CP" org.openjdk.jmh.Main 'dev.gochan.bench.sync.' "${JMH[@]}" \
  -rf json -rff "$OUT/sync.json" >"$OUT/sync.log" 2>&1
echo
echo "### sync (JMH, average time per operation, lower is better)"
echo
echo '```'
grep -E '^(Benchmark|MutexBench|WaitGroupBench)' "$OUT/sync.log" | grep -v 'result is saved'
echo '```'

echo "[bench] TimeoutWake, CancelFanout" >&2
echo
echo "### time: 10^5 goroutines in a select with a 100 ms timeout"
echo
echo '```'
"$JAVA" "${FLAGS[@]}" -Xmx4g -cp "$CP" dev.gochan.bench.time.TimeoutWake 100000 100 3 2>&1 | tail -20
echo '```'
echo
echo "### context: 10^4 goroutines in a select on ctx.done(), cancel the root"
echo
echo '```'
"$JAVA" "${FLAGS[@]}" -cp "$CP" dev.gochan.bench.context.CancelFanout 10000 15 2>&1 | tail -20
echo '```'
if command -v go >/dev/null 2>&1; then
  echo
  echo "### Go reference ($(go version | awk '{print $3}'))"
  echo
  echo '```'
  (cd "$HERE/go/time" && go run timeouts.go) 2>&1 | tail -8
  (cd "$HERE/go/context" && go run main.go 10000 15) 2>&1 | tail -8
  echo '```'
fi
