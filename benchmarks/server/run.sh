#!/usr/bin/env bash
# Server overhead benchmark: wrk against the fake upstream directly, then against the gateway
# server in front of the same fake, at 1, 16 and 64 connections. Prints one line per run.
# Needs: wrk (Debian package), the built jars:
#   mvn -B -q package -DskipTests -pl gateway-server,benchmarks -am
# Usage: benchmarks/server/run.sh [seconds per run, default 15]
set -euo pipefail
cd "$(dirname "$0")/../.."
secs="${1:-15}"
work="$(mktemp -d)"
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

java -cp benchmarks/target/benchmarks.jar dev.llmgateway.benchmarks.FakeUpstream > "$work/fake.out" &
until [ -s "$work/fake.out" ]; do sleep 0.2; done
upstream="$(head -1 "$work/fake.out")"
echo "fake-upstream-key" > "$work/upstream.key"

java -jar gateway-server/target/gateway-server.jar keys create --tenant bench \
  --keys-file "$work/keys.json" > "$work/key.out"
key="$(sed -n 's/^key: *\([^ ]*\).*/\1/p' "$work/key.out")"
cat > "$work/server.yaml" <<YAML
providers:
  openai: {type: openai, baseUrl: "$upstream", apiKey: "\${file:$work/upstream.key}"}
aliases:
  fast: {targets: [{provider: openai, model: gpt-4o-mini}]}
server:
  port: 0
  keysFile: keys.json
YAML
java -Xms256m -Xmx512m -jar gateway-server/target/gateway-server.jar --config "$work/server.yaml" \
  > "$work/server.out" 2>&1 &
until grep -q "listening on" "$work/server.out"; do sleep 0.2; done
gateway="$(sed -n 's/^LLM gateway server listening on //p' "$work/server.out")"

run() { # name url model key connections
  MODEL="$3" KEY="$4" wrk -t "$(( $5 < 2 ? 1 : 2 ))" -c "$5" -d "${secs}s" --latency \
    -s benchmarks/server/chat.lua "$2" | sed -n "s/^RESULT /$1 c=$5 /p"
}
# Warm both JVMs first.
run warmup "$upstream/chat/completions" gpt-4o-mini x 16 > /dev/null
run warmup "$gateway/v1/chat/completions" fast "$key" 16 > /dev/null
for c in 1 16 64; do
  run direct "$upstream/chat/completions" gpt-4o-mini x "$c"
  run gateway "$gateway/v1/chat/completions" fast "$key" "$c"
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
