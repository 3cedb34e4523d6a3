#!/usr/bin/env bash
# circles-keygen -n N > /dev/null against N secp256k1_ec_pubkey_create calls in a C loop,
# measured in the same run. Target: keygen >= 80 % of the C loop's keys/s.
set -euo pipefail
cd "$(dirname "$0")/../.."
n=${1:-100000}
swift build -c release --product circles-keygen >&2
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
cc -O2 -o "$work/loop" Benchmarks/keygen/pubkey_create_loop.c $(pkg-config --cflags --libs libsecp256k1)
best_c=999; best_k=999
for _ in 1 2 3; do
  c=$("$work/loop" "$n" | cut -d' ' -f1)
  start=$(date +%s.%N); .build/release/circles-keygen -n "$n" > /dev/null; end=$(date +%s.%N)
  k=$(echo "$end - $start" | bc -l)
  best_c=$(echo "if ($c < $best_c) $c else $best_c" | bc -l)
  best_k=$(echo "if ($k < $best_k) $k else $best_k" | bc -l)
done
printf "keys: %d (best of 3)\n" "$n"
printf "C loop (pubkey_create):   %8.3f s  %9.0f keys/s\n" "$best_c" "$(echo "$n / $best_c" | bc -l)"
printf "circles-keygen -n %d:  %8.3f s  %9.0f keys/s\n" "$n" "$best_k" "$(echo "$n / $best_k" | bc -l)"
printf "ratio keygen / C loop: %.1f %% (target >= 80 %%)\n" "$(echo "100 * $best_c / $best_k" | bc -l)"
