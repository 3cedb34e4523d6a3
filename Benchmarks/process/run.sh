#!/usr/bin/env bash
# One short step as a whole process, next to redis-cli in the same run: `circles-dispatch -e '40 + 2'`
# through a real circles-worker against `redis-cli ping`, on one private redis-server. The two run
# alternately RUNS times (default 40); the script prints each side's median and range of wall time
# and the ratio of the medians. Target (issue 18): dispatch ≤ 1.5× redis-cli ping.
# Usage: Benchmarks/process/run.sh [BIN_DIR]   (default: the release build of bin/build-release, made if missing)
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=${1:-}
if [[ -z $bin ]]; then
  for product in circles-dispatch circles-worker; do
    bin/build-release --product "$product" >&2
  done
  bin=$(bin/build-release --show-bin-path)
fi
runs=${RUNS:-40}
source bin/lib/private-redis.sh
worker_pid=
trap '[[ -n $worker_pid ]] && kill "$worker_pid" 2>/dev/null; stop_private_redis' EXIT
start_private_redis
key=0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798  # secp256k1's generator point: a valid circle key
"$bin/circles-worker" --circle-public-key "$key" --redis-url "$REDIS_URL" 2>/dev/null &
worker_pid=$!
until [[ $("$bin/circles-dispatch" --redis-url "$REDIS_URL" --circle "$key" -e '40 + 2' 2>/dev/null) == 42 ]]; do sleep 0.1; done

# Microseconds of wall time of one run of the command (bash's own clock: the same fork/exec cost on both sides).
wall_us() {
  local start=$EPOCHREALTIME
  "$@" >/dev/null
  local end=$EPOCHREALTIME
  echo $(( ${end/./} - ${start/./} ))
}
dispatch=() ping=()
for _ in $(seq "$runs"); do
  dispatch+=("$(wall_us "$bin/circles-dispatch" --redis-url "$REDIS_URL" --circle "$key" -e '40 + 2')")
  ping+=("$(wall_us redis-cli -p "$REDIS_PORT" ping)")
done

# "median min max" of microsecond figures.
summary() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%d %d %d\n", m, v[1], v[NR] }'; }
read -r d_median d_min d_max < <(summary "${dispatch[@]}")
read -r p_median p_min p_max < <(summary "${ping[@]}")
echo "$runs alternating runs each, wall time (ms): median [min … max]"
awk -v m="$d_median" -v lo="$d_min" -v hi="$d_max" 'BEGIN { printf "  circles-dispatch -e %s  %6.2f [%.2f … %.2f]\n", "'"'40 + 2'"'", m / 1000, lo / 1000, hi / 1000 }'
awk -v m="$p_median" -v lo="$p_min" -v hi="$p_max" 'BEGIN { printf "  redis-cli ping               %6.2f [%.2f … %.2f]\n", m / 1000, lo / 1000, hi / 1000 }'
awk -v d="$d_median" -v p="$p_median" 'BEGIN { printf "  ratio of the medians: %.2f× (target ≤ 1.5×)\n", d / p }'
