#!/usr/bin/env bash
# Builds circles-rhai in release mode and times each benchmark script (wall time and peak
# memory), next to the Rust Rhai engine's times on this machine class (from issue 3).
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ ! -x /usr/bin/time ]; then
    echo "run.sh: /usr/bin/time is missing; install it with 'apt-get install -y time'." >&2
    exit 69
fi
swift build -c release --scratch-path .build-rhai --product circles-rhai >&2
binary=.build-rhai/release/circles-rhai
printf "%-12s %10s %12s %12s  %s\n" script "time (s)" "peak RSS KB" "Rust Rhai" output
for entry in fib:1.65 loop:0.10 primes:0.51 map:0.40 matmul:0.05; do
    name=${entry%%:*}
    reference=${entry##*:}
    output=$( { /usr/bin/time -f "%e %M" "$binary" "Benchmarks/rhai/$name.rhai" > /tmp/circles-rhai-bench.out; } 2>&1 | tail -1)
    printf "%-12s %10s %12s %12s  %s\n" "$name" "${output% *}" "${output#* }" "$reference s" "$(tail -1 /tmp/circles-rhai-bench.out)"
done
