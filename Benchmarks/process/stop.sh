#!/usr/bin/env bash
# Stopping: an idle circles-worker from SIGTERM to its exit (RUNS times, default 20), and
# `circles-cleanup` of 10 idle circles started with `circles-spawn --detach` (CLEANUPS times,
# default 5), with `circles-status` on the same launch as the peer measured in the same run.
# Targets (issue 18): an idle worker stops within 100 ms of SIGTERM; cleanup of 10 circles ≤ 0.3 s.
# Usage: Benchmarks/process/stop.sh [BIN_DIR]   (default: the release build of bin/build-release, made if missing)
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=${1:-}
if [[ -z $bin ]]; then
  for product in circles-worker circles-spawn circles-ws circles-keygen circles-status circles-cleanup; do
    bin/build-release --product "$product" >&2
  done
  bin=$(bin/build-release --show-bin-path)
fi
runs=${RUNS:-20}
cleanups=${CLEANUPS:-5}
source bin/lib/private-redis.sh
work=$(mktemp -d)
trap '"$bin/circles-cleanup" --launch-data "$work/launch_data" >/dev/null 2>&1 || true; stop_private_redis; rm -rf "$work"' EXIT
start_private_redis

# Microseconds between two EPOCHREALTIME readings.
elapsed_us() { echo $(( ${2/./} - ${1/./} )); }
# "median min max" of microsecond figures, printed in ms.
summary() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%.1f ms [%.1f … %.1f]", m / 1000, v[1] / 1000, v[NR] / 1000 }'; }
blocked_takes() { redis-cli -p "$REDIS_PORT" client list | grep -c 'cmd=blmove' || true; }

key=$("$bin/circles-keygen" -n 1 --format plain)
stops=()
for _ in $(seq "$runs"); do
  "$bin/circles-worker" --circle-public-key "$key" --redis-url "$REDIS_URL" --db-path "$work/worker.db" 2>/dev/null &
  pid=$!
  until [[ $(blocked_takes) == 1 ]]; do sleep 0.01; done
  start=$EPOCHREALTIME
  kill -TERM "$pid"
  wait "$pid"
  stops+=("$(elapsed_us "$start" "$EPOCHREALTIME")")
done
echo "idle circles-worker, SIGTERM to exit ($runs runs): $(summary "${stops[@]}")   (its BLMOVE timeout: 1 s; target ≤ 100 ms)"

cleanup=() status=()
for _ in $(seq "$cleanups"); do
  circles=()
  while read -r key; do circles+=(-c "$key"); done < <("$bin/circles-keygen" -n 10 --format plain)
  "$bin/circles-spawn" "${circles[@]}" --detach --launch-data "$work/launch_data" --redis-url "$REDIS_URL" -p 0 >/dev/null
  until [[ $(blocked_takes) == 10 ]]; do sleep 0.01; done
  start=$EPOCHREALTIME
  "$bin/circles-status" --launch-data "$work/launch_data" >/dev/null
  status+=("$(elapsed_us "$start" "$EPOCHREALTIME")")
  start=$EPOCHREALTIME
  "$bin/circles-cleanup" --launch-data "$work/launch_data" >/dev/null 2>&1
  cleanup+=("$(elapsed_us "$start" "$EPOCHREALTIME")")
done
echo "circles-cleanup of 10 idle circles ($cleanups runs): $(summary "${cleanup[@]}")   (target ≤ 300 ms)"
echo "circles-status of the same 10 circles, same runs:    $(summary "${status[@]}")"
