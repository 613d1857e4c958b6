#!/usr/bin/env bash
# Runs the gochan benchmark suite and prints one Markdown table comparing gochan with Jox, the
# java.util.concurrent queues and (when `go` is installed) the Go reference programs.
#
#   gochan-bench/run-benchmarks.sh            full run: for a quiet machine (about 20-30 minutes)
#   gochan-bench/run-benchmarks.sh --quick    smoke run: proves everything works; numbers are noise
#
# Options:
#   --quick         1 round, short iterations, small message counts
#   --rounds N      rounds of every benchmark (default 3; --quick: 1)
#   --only REGEX    only the workloads whose name matches (W1 W2 W3 W4 W5 memory), e.g. 'W1|W5'
#   --out DIR       where results and logs go (default gochan-bench/target/bench-results/<time>)
#
# What it does:
#   1. builds the module (mvn compile of gochan-bench and what it needs; never installs);
#   2. finds a JDK >= 21: $JAVA_HOME if it is one, else the newest under /usr/lib/jvm, else `java`
#      on the PATH (Maven may run on an older JDK; the benchmarks must not);
#   3. for each round, workload and scheduler parallelism (the default, and 1 through
#      -Djdk.virtualThreadScheduler.parallelism=1), runs each contender in its own JMH fork, the
#      contenders back to back in an order that rotates every round, so that a drift of the
#      machine hits them all alike; each run is warm-up iterations then 5 measured iterations;
#   4. runs MemoryFootprint (fresh JVM per contender and round) at the default parallelism;
#   5. runs the Go programs in go/ when `go` is installed (GOMAXPROCS=1 for parallelism 1);
#   6. prints the table (report.Report): each cell is the median of all measured iterations of
#      all rounds. The table goes to standard output and to <out>/table.md; progress goes to
#      standard error; JMH's own output is in <out>/logs/.
#
# Environment: JAVA_HOME (a JDK >= 21 to use), MVN (Maven command, default mvn).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$HERE")"

QUICK=0
ROUNDS=""
ONLY="."
OUT=""
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) QUICK=1 ;;
    --rounds) ROUNDS="$2"; shift ;;
    --only) ONLY="$2"; shift ;;
    --out) OUT="$2"; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

if [ "$QUICK" = 1 ]; then
  ROUNDS="${ROUNDS:-1}"
  WARMUP=(-wi 1 -w 100ms)
  MEASURE=(-i 5 -r 100ms)
  N_PINGPONG=5000      # round trips per JMH operation
  N_MESSAGES=20000     # messages per JMH operation (a multiple of 4)
  MEMORY_N=100000      # parked goroutines (cheap; smaller counts overstate per-goroutine bytes)
  GO_SCALE=0.02
  # A smoke run may overlap another JMH run on this machine; a real run must not.
  LOCK_FLAGS=(-Djmh.ignoreLock=true)
else
  ROUNDS="${ROUNDS:-3}"
  WARMUP=(-wi 3 -w 1s)
  MEASURE=(-i 5 -r 1s)
  N_PINGPONG=100000
  N_MESSAGES=1000000
  MEMORY_N=100000
  GO_SCALE=1
  LOCK_FLAGS=()
fi
OUT="${OUT:-$HERE/target/bench-results/$(date +%Y%m%d-%H%M%S)}"
mkdir -p "$OUT/logs"

log() { echo "[bench] $*" >&2; }

# --- the JDK ---------------------------------------------------------------------------------
. "$HERE/jdk.sh"
log "JDK: $JDK ($("$JAVA" -version 2>&1 | head -1))"
# JMH 1.37 uses sun.misc.Unsafe, which JDK 24+ warns about; allow it quietly (JDK 23 knows the
# flag). JMH gives the host's JVM flags to its forks, so this reaches them too.
HOST_FLAGS=()
[ "$(jdk_major "$JDK")" -ge 23 ] && HOST_FLAGS+=(--sun-misc-unsafe-memory-access=allow)

# --- build -----------------------------------------------------------------------------------
log "building (mvn compile -pl gochan-bench -am)"
(cd "$ROOT" && ${MVN:-mvn} -q -B compile -pl gochan-bench -am) >"$OUT/logs/build.log" 2>&1 \
  || { cat "$OUT/logs/build.log" >&2; exit 1; }
CP="$HERE/target/classes:$(cat "$HERE/target/classpath.txt")"

# --- JMH runs --------------------------------------------------------------------------------
# name | JMH class | extra JMH parameters | contenders (benchmark methods)
WORKLOADS=(
  "W1|W1PingPong|-p n=$N_PINGPONG|jox synchronousQueue gochan"
  "W2|W2Unbuffered|-p n=$N_MESSAGES|jox synchronousQueue linkedTransferQueue gochan"
  "W3|W3Buffered|-p n=$N_MESSAGES|jox arrayBlockingQueue linkedTransferQueue gochan"
  "W4|W4Mpmc|-p n=$N_MESSAGES|jox arrayBlockingQueue gochan"
  "W5 cap 0|W5Select|-p n=$N_MESSAGES -p capacity=0|jox gochan"
  "W5 cap 16|W5Select|-p n=$N_MESSAGES -p capacity=16|jox gochan"
)
PARALLELISMS=(default 1)

run_jmh() { # name class params contender parallelism round
  local name="$1" cls="$2" params="$3" contender="$4" par="$5" round="$6"
  local jvm_args="-Xms1g -Xmx1g" tag
  [ "$par" = default ] || jvm_args="$jvm_args -Djdk.virtualThreadScheduler.parallelism=$par"
  tag="$(echo "$name" | tr -c 'A-Za-z0-9\n' '_')-p$par-$contender-r$round"
  log "round $round/$ROUNDS  $name  parallelism=$par  $contender"
  # shellcheck disable=SC2086 # $params is a list of JMH options
  if ! "$JAVA" ${HOST_FLAGS[@]+"${HOST_FLAGS[@]}"} ${LOCK_FLAGS[@]+"${LOCK_FLAGS[@]}"} -cp "$CP" org.openjdk.jmh.Main "^dev\\.gochan\\.bench\\.$cls\\.$contender\$" \
      -f 1 "${WARMUP[@]}" "${MEASURE[@]}" -to 120s -foe true $params \
      -jvmArgsAppend "$jvm_args" -rf json -rff "$OUT/jmh-$tag.json" >"$OUT/logs/jmh-$tag.log" 2>&1; then
    echo "benchmark failed: $name $contender parallelism=$par (log: $OUT/logs/jmh-$tag.log)" >&2
    tail -30 "$OUT/logs/jmh-$tag.log" >&2
    exit 1
  fi
}

for ((round = 1; round <= ROUNDS; round++)); do
  for w in "${WORKLOADS[@]}"; do
    IFS='|' read -r name cls params contenders <<<"$w"
    [[ "$name" =~ $ONLY ]] || continue
    read -r -a cs <<<"$contenders"
    for par in "${PARALLELISMS[@]}"; do
      for ((j = 0; j < ${#cs[@]}; j++)); do   # rotate the order every round
        run_jmh "$name" "$cls" "$params" "${cs[$(((j + round - 1) % ${#cs[@]}))]}" "$par" "$round"
      done
    done
  done
done

# --- memory ----------------------------------------------------------------------------------
if [[ "memory" =~ $ONLY ]]; then
  MEMORY_CONTENDERS=(jox synchronousQueue gochan)
  for ((round = 1; round <= ROUNDS; round++)); do
    for ((j = 0; j < ${#MEMORY_CONTENDERS[@]}; j++)); do
      c="${MEMORY_CONTENDERS[$(((j + round - 1) % ${#MEMORY_CONTENDERS[@]}))]}"
      log "round $round/$ROUNDS  memory  $c  n=$MEMORY_N"
      "$JAVA" -Xms1g -Xmx1g -cp "$CP" dev.gochan.bench.MemoryFootprint "$c" "$MEMORY_N" \
        "$OUT/mem-$c-r$round.json" >"$OUT/logs/mem-$c-r$round.log" 2>&1 \
        || { cat "$OUT/logs/mem-$c-r$round.log" >&2; exit 1; }
    done
  done
fi

# --- Go reference ----------------------------------------------------------------------------
if command -v go >/dev/null 2>&1; then
  log "Go reference: $(go version)"
  (cd "$HERE/go" && go build -o "$OUT/gobench" .) >"$OUT/logs/go-build.log" 2>&1 \
    || { cat "$OUT/logs/go-build.log" >&2; exit 1; }
  GO_WORKLOADS=""
  for w in W1 W2 W3 W4 W5; do [[ "$w" =~ $ONLY ]] && GO_WORKLOADS="$GO_WORKLOADS,$w"; done
  for par in "${PARALLELISMS[@]}"; do
    if [ -n "$GO_WORKLOADS" ]; then
      log "Go reference  parallelism=$par"
      if [ "$par" = default ]; then
        env -u GOMAXPROCS "$OUT/gobench" -workload "${GO_WORKLOADS#,}" -scale "$GO_SCALE" -json "$OUT/go-p$par.json"
      else
        GOMAXPROCS="$par" "$OUT/gobench" -workload "${GO_WORKLOADS#,}" -scale "$GO_SCALE" -json "$OUT/go-p$par.json"
      fi >"$OUT/logs/go-p$par.log" 2>&1 || { cat "$OUT/logs/go-p$par.log" >&2; exit 1; }
    fi
  done
  if [[ "memory" =~ $ONLY ]]; then
    env -u GOMAXPROCS "$OUT/gobench" -workload memory -memory-n "$MEMORY_N" -json "$OUT/go-memory.json" \
      >"$OUT/logs/go-memory.log" 2>&1 || { cat "$OUT/logs/go-memory.log" >&2; exit 1; }
  fi
else
  log "go not installed: no Go reference column"
fi

# --- the table -------------------------------------------------------------------------------
log "results: $OUT"
[ "$QUICK" = 1 ] && log "--quick: short runs, small counts: the numbers are noise, not measurements"
"$JAVA" -cp "$CP" dev.gochan.bench.report.Report "$OUT" | tee "$OUT/table.md"
