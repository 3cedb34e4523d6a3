#!/usr/bin/env python3
"""Rhai speed next to Lua 5.4 (and the Rust Rhai engine when its `rhai-run` is given).

Each program exists as `NAME.rhai` and `lua/NAME.lua`. The engines run in turn, round after
round (this machine's speed drifts, so the sides alternate), and each run's CPU time (user +
system, from wait4) is taken; peak RSS comes from one more run under GNU time. The outputs of
all engines must agree (numbers within a relative 1e-9). Printed per program: median CPU
seconds and range for each engine, the ours/Lua and ours/Rust ratios of the medians, peak RSS;
then the start-up CPU time of `circles-rhai -e 1` next to `lua5.4 -e ''`.

    swift build -c release --scratch-path .build-rhai --product circles-rhai
    Benchmarks/rhai/compare.py --ours .build-rhai/release/circles-rhai [--rust PATH] [--rounds 7]
"""
import argparse
import os
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
PROGRAMS = ["fib", "loop", "primes", "matmul", "push", "strings", "sort", "map", "maps"]


def run(argv):
    """Runs argv; returns (output, CPU seconds)."""
    process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out = process.stdout.read()
    err = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    process.stdout.close()
    process.stderr.close()
    if status != 0:
        sys.exit(f"compare.py: {' '.join(argv)} failed: {err.decode(errors='replace').strip()}")
    return out.decode().strip(), usage.ru_utime + usage.ru_stime


def peak_rss(argv):
    """Peak RSS of argv in KiB, through GNU time: a child of this Python would report
    Python's own peak, which the kernel carries across exec."""
    result = subprocess.run(["/usr/bin/time", "-f", "%M"] + argv, capture_output=True, text=True)
    return int(result.stderr.strip().splitlines()[-1])


def same_output(a, b):
    """True when two outputs agree word by word, numbers within a relative 1e-9."""
    left, right = a.split(), b.split()
    if len(left) != len(right):
        return False
    for x, y in zip(left, right):
        if x == y:
            continue
        try:
            fx, fy = float(x), float(y)
        except ValueError:
            return False
        if abs(fx - fy) > 1e-9 * max(abs(fx), abs(fy)):
            return False
    return True


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ours", required=True, help="path of circles-rhai (a release build)")
    parser.add_argument("--lua", default="lua5.4", help="the Lua 5.4 interpreter (default lua5.4)")
    parser.add_argument("--rust", help="path of the Rust engine's rhai-run, if built")
    parser.add_argument("--rounds", type=int, default=7, help="alternating rounds per program (default 7)")
    parser.add_argument("programs", nargs="*", default=PROGRAMS, help="programs to run (default all)")
    options = parser.parse_args()

    engines = [("ours", lambda name: [options.ours, f"{HERE}/{name}.rhai"]),
               ("lua", lambda name: [options.lua, f"{HERE}/lua/{name}.lua"])]
    if options.rust:
        engines.append(("rust", lambda name: [options.rust, f"{HERE}/{name}.rhai"]))

    header = f"{'program':<9} " + " ".join(f"{e + ' CPU s (range)':>22}" for e, _ in engines)
    header += f" {'ours/lua':>9}" + (f" {'ours/rust':>9}" if options.rust else "") + f" {'RSS MB ours/lua':>16}"
    print(header)
    for name in options.programs:
        times = {e: [] for e, _ in engines}
        rss = {e: peak_rss(argv(name)) for e, argv in engines}
        outputs = {}
        for _ in range(options.rounds):
            for engine, argv in engines:
                out, cpu = run(argv(name))
                times[engine].append(cpu)
                outputs[engine] = out
        for engine in outputs:
            if not same_output(outputs["ours"], outputs[engine]):
                sys.exit(f"compare.py: {name}: ours printed {outputs['ours']!r}, {engine} printed {outputs[engine]!r}")
        median = {e: statistics.median(t) for e, t in times.items()}
        cells = " ".join(f"{median[e]:>8.3f} ({min(times[e]):.3f}–{max(times[e]):.3f})" for e, _ in engines)
        line = f"{name:<9} {cells} {median['ours'] / median['lua']:>8.2f}×"
        if options.rust:
            line += f" {median['ours'] / median['rust']:>8.2f}×"
        line += f" {rss['ours'] / 1024:>7.1f}/{rss['lua'] / 1024:<7.1f}"
        print(line, flush=True)

    startup = {e: [] for e in ("ours", "lua")}
    for _ in range(31):
        startup["ours"].append(run([options.ours, "-e", "1"])[1])
        startup["lua"].append(run([options.lua, "-e", ""])[1])
    print(f"start-up CPU ms, median of 31: ours {statistics.median(startup['ours']) * 1000:.2f}, "
          f"lua {statistics.median(startup['lua']) * 1000:.2f}")


if __name__ == "__main__":
    main()
