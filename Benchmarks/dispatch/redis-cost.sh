#!/usr/bin/env bash
# Redis' own cost of one task: TASKS (default 300) `circles-dispatch -e '40 + 2'` runs one after
# another through one circles-worker, then Redis' CPU (INFO cpu, user + sys, whatever Redis did
# meanwhile: heartbeats included) and each command's calls and microseconds (INFO commandstats,
# after CONFIG RESETSTAT) per task. Commands run inside a script (or EXEC) are counted both on
# their own line and in the script's.
# Usage: Benchmarks/dispatch/redis-cost.sh [BIN_DIR] [TASKS]   (default: the release build of bin/build-release)
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=${1:-}
if [[ -z $bin ]]; then
  for product in circles-dispatch circles-worker; do bin/build-release --product "$product" >&2; done
  bin=$(bin/build-release --show-bin-path)
fi
tasks=${2:-300}
source bin/lib/private-redis.sh
worker_pid=
work=$(mktemp -d)
trap '[[ -n $worker_pid ]] && kill "$worker_pid" 2>/dev/null; stop_private_redis; rm -rf "$work"' EXIT
start_private_redis
key=0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798  # secp256k1's generator point: a valid circle key
"$bin/circles-worker" --circle-public-key "$key" --redis-url "$REDIS_URL" --db-path "$work/circle.db" 2>/dev/null &
worker_pid=$!
until [[ $("$bin/circles-dispatch" --redis-url "$REDIS_URL" --circle "$key" -e '40 + 2' 2>/dev/null) == 42 ]]; do sleep 0.1; done

cpu() { redis-cli -p "$REDIS_PORT" info cpu | tr -d '\r' | awk -F: '/^used_cpu_(user|sys):/ { s += $2 } END { printf "%.6f", s }'; }
# Prints the figures since `before` (a cpu reading) and CONFIG RESETSTAT for TASKS tasks.
report() {
  awk -v a="$(cpu)" -v b="$1" -v n="$tasks" 'BEGIN { printf "  Redis CPU per task (user + sys): %.1f µs\n", (a - b) * 1e6 / n }'
  redis-cli -p "$REDIS_PORT" info commandstats | tr -d '\r' | grep '^cmdstat_' | sed 's/^cmdstat_//' \
    | awk -F'[:=,]' -v n="$tasks" '$1 != "config|resetstat" { printf "  %-14s %5.2f calls  %7.2f µs per task\n", $1, $3 / n, $5 / n }' | sort -k4 -n -r
}

echo "$tasks tasks one after another, each waited for"
redis-cli -p "$REDIS_PORT" config resetstat >/dev/null
before=$(cpu)
for _ in $(seq "$tasks"); do "$bin/circles-dispatch" --redis-url "$REDIS_URL" --circle "$key" -e '40 + 2' >/dev/null; done
report "$before"

kill "$worker_pid"; wait "$worker_pid" || true; worker_pid=
for _ in $(seq "$tasks"); do "$bin/circles-dispatch" --redis-url "$REDIS_URL" --circle "$key" --no-wait -e '40 + 2' >/dev/null; done
echo "$tasks tasks queued, then drained by a fresh worker"
redis-cli -p "$REDIS_PORT" config resetstat >/dev/null
before=$(cpu)
"$bin/circles-worker" --circle-public-key "$key" --redis-url "$REDIS_URL" --db-path "$work/circle.db" 2>/dev/null &
worker_pid=$!
until [[ $(redis-cli -p "$REDIS_PORT" hget "circles:stats:$key" completed) -ge $((2 * tasks + 1)) ]]; do sleep 0.05; done
report "$before"
