#!/usr/bin/env bash
# Dispatch round trip and worker throughput, next to plain Redis on the same server, same run.
# Usage: Benchmarks/dispatch/run.sh [tasks]   (release build; a private redis-server on a free port)
set -euo pipefail
cd "$(dirname "$0")/../.."
scratch=${SCRATCH:-.build-worker}
swift build -c release --scratch-path "$scratch" --product circles-worker >/dev/null
swift build -c release --scratch-path "$scratch" --product dispatch-bench >/dev/null
bin="$scratch/release"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
dir=$(mktemp -d)
redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --dir "$dir" --daemonize no --logfile "$dir/redis.log" &
redis_pid=$!
trap 'kill $redis_pid 2>/dev/null; rm -rf "$dir"' EXIT
until redis-cli -p "$port" ping >/dev/null 2>&1; do sleep 0.05; done

echo "== redis-benchmark (same server) =="
redis-benchmark -p "$port" -t lpush,rpop -n 100000 -c 1 -q | tr '\r' '\n' | grep -v '^$' | sed 's/^/  1 client:  /'
redis-benchmark -p "$port" -t lpush,rpop -n 200000 -c 16 -q | tr '\r' '\n' | grep -v '^$' | sed 's/^/  16 clients: /'
echo "== dispatch-bench =="
"$bin/dispatch-bench" --redis-url "redis://127.0.0.1:$port" --worker "$bin/circles-worker" --tasks "${1:-4000}"
