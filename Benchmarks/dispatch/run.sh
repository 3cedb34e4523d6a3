#!/usr/bin/env bash
# Dispatch round trip and worker throughput, next to plain Redis on the same server, same run.
# Usage: Benchmarks/dispatch/run.sh [tasks]   (release build; a private redis-server on a free port)
# dispatch-bench lives in the benchmarks' own package (Benchmarks/Package.swift).
set -euo pipefail
cd "$(dirname "$0")/../.."
scratch=${SCRATCH:-.build-worker}
swift build -c release --scratch-path "$scratch" --product circles-worker >/dev/null
swift build -c release --package-path Benchmarks --scratch-path "$scratch-benchmarks" --product dispatch-bench >/dev/null
bin="$scratch/release"
bench="$scratch-benchmarks/release/dispatch-bench"

source bin/lib/private-redis.sh
trap stop_private_redis EXIT
start_private_redis
port=$REDIS_PORT

echo "== redis-benchmark (same server) =="
redis-benchmark -p "$port" -t lpush,rpop -n 100000 -c 1 -q | tr '\r' '\n' | grep -v '^$' | sed 's/^/  1 client:  /'
redis-benchmark -p "$port" -t lpush,rpop -n 200000 -c 16 -q | tr '\r' '\n' | grep -v '^$' | sed 's/^/  16 clients: /'
echo "== dispatch-bench =="
"$bench" --redis-url "redis://127.0.0.1:$port" --worker "$bin/circles-worker" --tasks "${1:-4000}"
