#!/usr/bin/env bash
# `play` of a trivial script through circles-ws (WebSocket JSON-RPC) at 1, 16 and 128 concurrent
# sessions, next to the same round trips through the Dispatcher alone, in one run, against one
# real circles-worker on a private redis-server; then the server RSS of 1,000 idle sessions.
# Targets: WebSocket path >= 70 % of the Dispatcher-alone throughput; 1,000 idle sessions < 50 MiB.
# Usage: Benchmarks/ws/run.sh [seconds per round, default 1] [rounds, default 10]
#   Each concurrency measures the two paths in turn, round after round, so that a change in the
#   machine's speed during the run (this VM's varies by tens of percent) hits both alike.
#   SCRATCH=.build-x picks a scratch path; CONFIGURATION=debug measures a debug build (release by default).
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-1}
rounds=${2:-10}
scratch=${SCRATCH:-.build}
configuration=${CONFIGURATION:-release}
for product in circles-keygen circles-worker circles-ws; do
  swift build -c "$configuration" --scratch-path "$scratch" --product "$product" >&2
done
bin=$(swift build -c "$configuration" --scratch-path "$scratch" --show-bin-path)
# ws-bench lives in the benchmarks' own package (Benchmarks/Package.swift).
swift build -c "$configuration" --package-path Benchmarks --scratch-path "$scratch-benchmarks" --product ws-bench >&2
bench=$(swift build -c "$configuration" --package-path Benchmarks --scratch-path "$scratch-benchmarks" --show-bin-path)/ws-bench

source bin/lib/private-redis.sh
work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  stop_private_redis
  rm -rf "$work"
}
trap cleanup EXIT

start_private_redis
port=$REDIS_PORT
redis_url=$REDIS_URL

circle=$("$bin/circles-keygen" --format plain)
"$bin/circles-worker" --circle-public-key "$circle" --redis-url "$redis_url" --worker-id bench --db-path "$work/circle.db" &
pids+=($!)
for _ in $(seq 100); do [[ $(redis-cli -p "$port" exists "circles:worker:$circle:bench") == 1 ]] && break; sleep 0.1; done

ulimit -n 8192 2>/dev/null || true
"$bin/circles-ws" -p 0 -c "$circle" --redis-url "$redis_url" > "$work/ws.out" &
ws_pid=$!
pids+=("$ws_pid")
for _ in $(seq 100); do [[ -s $work/ws.out ]] && break; sleep 0.1; done
url=$(sed -n 's/.*"url":"\([^"]*\)".*/\1/p' "$work/ws.out")

echo "circles-ws $url, one circles-worker, redis-server $(redis-server --version | sed 's/.*v=\([^ ]*\).*/\1/'), $(nproc) cores"
"$bench" --url "$url/$circle" --circle "$circle" --redis-url "$redis_url" \
  --server-pid "$ws_pid" --seconds "$seconds" --rounds "$rounds" --sessions 1,16,128 --idle 1000
