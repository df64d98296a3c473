#!/usr/bin/env bash
# Runs the gateway's JMH suites side by side with their baselines, writes the JMH JSON results
# to benchmarks/results/raw/ (not committed), then the Markdown summary and the charts to
# benchmarks/results/ and the summary into benchmarks/README.md.
#
#   benchmarks/run.sh          # full mode: every suite at its own settings (about 15 min, 2 cores)
#   benchmarks/run.sh quick    # quick mode: short iterations, a check of the tooling and of
#                              # allocation per call (times are not warmed up enough; about 6 min)
#
# Environment: MVN_ARGS (default "-B -q -o") is passed to Maven; SKIP_BUILD=1 reuses the jar.
set -euo pipefail

MODE="${1:-full}"
case "$MODE" in
  full) JMH=(); CPU_CALLS=20000; CPU_ROUNDS=10 ;;
  quick) JMH=(-wi 3 -i 2 -w 1s -r 1s -f 1); CPU_CALLS=5000; CPU_ROUNDS=6 ;;
  *) echo "usage: $0 [full|quick]" >&2; exit 2 ;;
esac

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
RESULTS="benchmarks/results"
RAW="$RESULTS/raw"
JAR="benchmarks/target/benchmarks.jar"

if [[ "${SKIP_BUILD:-0}" != "1" ]]; then
  # shellcheck disable=SC2086
  mvn ${MVN_ARGS:--B -q -o} package -pl benchmarks -am -DskipTests
fi

rm -rf "$RAW"
mkdir -p "$RAW"

CPU="$(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2 | sed 's/^ *//' || true)"
JAVA="$(java -version 2>&1 | head -1)"
LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"
START=$(date +%s)

run() { # name, then JMH arguments
  local name="$1"
  shift
  echo "== $name"
  # JMH's machine-wide lock would stop this run when another JMH run (another checkout, another
  # user) holds it; the suites here run one after the other, so it is not needed.
  java -Djmh.ignoreLock=true -jar "$JAR" "$@" "${JMH[@]}" -rf json -rff "$RAW/$name.json"
}

echo "== cpu per call"
java -cp "$JAR" dev.llmgateway.benchmarks.CpuPerCall "$CPU_CALLS" "$CPU_ROUNDS" "$RAW/cpu-per-call.txt"
run chat 'ChatCallBenchmark' -prof gc
run cache 'CacheHitBenchmark' -prof gc
run routing 'RoutingBenchmark' -prof gc
run streaming 'StreamingBenchmark' -prof gc
# Many callers on 2 cores starve the JIT compilers: at 0 ms latency the gateway's path needs about
# 20 s of JMH warm-up after the class's own few-thread warm-up to reach its steady state (see
# ThroughputBenchmark#jitWarmUp); at 50 ms the callers mostly wait and 2 iterations suffice.
run "throughput-1" 'ThroughputBenchmark' -t 1
for t in 16 64 256; do
  run "throughput-$t-0ms" 'ThroughputBenchmark' -t "$t" -p latencyMs=0 -wi 10
  run "throughput-$t-50ms" 'ThroughputBenchmark' -t "$t" -p latencyMs=50 -wi 2
done
for t in 1 8 64; do
  run "contention-$t" 'ContentionBenchmark' -t "$t"
done

LOAD_AFTER="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"
MINUTES=$(( ($(date +%s) - START + 59) / 60 ))
MACHINE="$(nproc) cores, ${CPU:-unknown CPU}; $JAVA; load average ${LOAD_BEFORE} before, ${LOAD_AFTER} after; run took ${MINUTES} min"
# Only the load before the run tells whether something else was running: the load after it counts
# the benchmark's own threads (up to 256 callers in the last suites) and is shown for reference.
LOADED=$(awk -v a="${LOAD_BEFORE%% *}" -v c="$(nproc)" 'BEGIN { print ((a + 0 > c + 0) ? "yes" : "no") }')
if [[ "$LOADED" == "yes" ]]; then
  MACHINE="$MACHINE. **Loaded machine** (load average above the number of cores before the run): wall times (µs/op, req/s, p99) are not representative; B/op and CPU per call still compare"
else
  MACHINE="$MACHINE. Nothing else ran (the load after the run is the benchmark's own callers)"
fi

java -cp "$JAR" dev.llmgateway.benchmarks.report.Report \
  "$RAW" "$RESULTS" benchmarks/README.md "$MACHINE" "$MODE"
echo "Summary: $RESULTS/summary.md; charts: $RESULTS/throughput.png, $RESULTS/per-call.png"
