#!/usr/bin/env python3
"""What the engine's memory account costs: each program run by circles-rhai without a limit and
with `--max-memory MiB` (the worker's default, 256), in turn, round after round (the sides
alternate, as this machine's speed drifts). Printed per program: median CPU seconds and range of
each side and the limited/unlimited ratio of the medians. Outputs of both sides must agree.

    swift build -c release --product circles-rhai
    Benchmarks/rhai/memory_account.py --ours .build/release/circles-rhai [--rounds 7] [--mib 256]
"""
import argparse
import statistics
import sys

from compare import HERE, PROGRAMS, run


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ours", required=True, help="path of circles-rhai (a release build)")
    parser.add_argument("--rounds", type=int, default=7, help="alternating rounds per program (default 7)")
    parser.add_argument("--mib", type=int, default=256, help="the limit of the limited side (default 256)")
    parser.add_argument("programs", nargs="*", default=PROGRAMS, help="programs to run (default all)")
    options = parser.parse_args()

    sides = [("unlimited", []), (f"{options.mib} MiB", ["--max-memory", str(options.mib)])]
    print(f"{'program':<9} " + " ".join(f"{name + ' CPU s (range)':>26}" for name, _ in sides) + f" {'limited/unlimited':>18}")
    for name in options.programs:
        times = {side: [] for side, _ in sides}
        outputs = {}
        for round_number in range(options.rounds):
            for side, extra in (sides if round_number % 2 == 0 else list(reversed(sides))):
                out, cpu = run([options.ours] + extra + [f"{HERE}/{name}.rhai"])
                times[side].append(cpu)
                outputs[side] = out
        if len(set(outputs.values())) != 1:
            sys.exit(f"memory_account.py: {name}: the sides printed {outputs!r}")
        median = {side: statistics.median(t) for side, t in times.items()}
        cells = " ".join(f"{median[s]:>12.3f} ({min(times[s]):.3f}–{max(times[s]):.3f})" for s, _ in sides)
        print(f"{name:<9} {cells} {median[sides[1][0]] / median[sides[0][0]]:>17.3f}×", flush=True)


if __name__ == "__main__":
    main()
