#!/usr/bin/env bash
# Time from `circles-spawn --detach` to every circle ready with its init script done, for 1, 10
# and 50 circles, and the resident memory of an idle worker (10 circles, each after its init script
# and three more scripts). Each size runs RUNS times (default 3) against a private redis-server; the
# launch is stopped with circles-cleanup in between.
# Targets (issue 5): 10 circles < 1 s, 50 circles < 4 s, idle worker <= 15 MB RSS.
# Usage: Benchmarks/spawn/run.sh [BIN_DIR]   (default: the release build of bin/build-release, made if missing)
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=${1:-}
if [[ -z $bin ]]; then
  for product in circles-spawn circles-worker circles-ws circles-keygen circles-cleanup circles-dispatch; do
    bin/build-release --product "$product" >&2
  done
  bin=$(bin/build-release --show-bin-path)
fi
runs=${RUNS:-3}
source bin/lib/private-redis.sh
work=$(mktemp -d)
trap '"$bin/circles-cleanup" --launch-data "$work/launch_data" >/dev/null 2>&1 || true; stop_private_redis; rm -rf "$work"' EXIT
start_private_redis
redis_port=$REDIS_PORT

printf 'db_set("greeting", "hello"); db_get("greeting")\n' >"$work/init.rhai"

echo "circles  run  seconds-to-ready (init scripts done)"
for count in 1 10 50; do
  for run in $(seq "$runs"); do
    circles=() keys=()
    while read -r key; do keys+=("$key"); circles+=(-c "$key:$work/init.rhai"); done < <("$bin/circles-keygen" -n "$count" --format plain)
    port=$(free_loopback_port)
    start=$(date +%s.%N)
    "$bin/circles-spawn" "${circles[@]}" --detach --json -p "$port" --redis-url "redis://127.0.0.1:$redis_port" \
      --launch-data "$work/launch_data" >"$work/spawn.out"
    end=$(date +%s.%N)
    completed=$(grep -c '"init_status":"completed"' "$work/spawn.out" || true)
    [[ $completed == "$count" ]] || { echo "only $completed of $count init scripts completed" >&2; exit 1; }
    printf '%7d  %3d  %.3f\n' "$count" "$run" "$(echo "$end - $start" | bc)"
    if [[ $count == 10 && $run == "$runs" ]]; then
      for key in "${keys[@]}"; do
        for script in 'db_set("n", 41); db_get("n") + 1' 'let m = #{a: [1, 2, 3]}; db_set("m", m); db_keys().len()' \
                      'let s = ""; for i in 0..100 { s += `${i}` } s.len()'; do
          "$bin/circles-dispatch" --circle "$key" --redis-url "redis://127.0.0.1:$redis_port" -e "$script" >/dev/null
        done
      done
      sleep 3  # idle: a few heartbeats, nothing queued
      python3 - "$work/launch_data/state.json" <<'PY'
import json, sys
state = json.load(open(sys.argv[1]))
rss = []
for circle in state["circles"]:
    for line in open(f"/proc/{circle['worker']['pid']}/status"):
        if line.startswith(("VmRSS", "VmHWM")):
            rss.append((line.split()[0], int(line.split()[1])))
pss = []
for circle in state["circles"]:
    for line in open(f"/proc/{circle['worker']['pid']}/smaps_rollup"):
        if line.startswith("Pss:"):
            pss.append(int(line.split()[1]))
now = [kb for name, kb in rss if name == "VmRSS:"]
peak = [kb for name, kb in rss if name == "VmHWM:"]
print(f"idle worker RSS over {len(now)} workers (VmRSS): max {max(now)/1024:.1f} MB, mean {sum(now)/len(now)/1024:.1f} MB; peak (VmHWM) max {max(peak)/1024:.1f} MB; PSS (shared pages split among the workers) mean {sum(pss)/len(pss)/1024:.1f} MB")
PY
    fi
    "$bin/circles-cleanup" --launch-data "$work/launch_data" >/dev/null 2>&1
  done
done
