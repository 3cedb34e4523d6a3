#!/usr/bin/env python3
"""Differential tester: the reference Rhai engine (`rhai-run`) against ours (`circles-rhai`).

Generates random whole-language Rhai programs (see rhaigen.py), runs each through
both engines, and compares the outcomes:

    (stdout lines of the script, error or not, first line of the error message)

"Identical" is reported on that triple; a second figure also requires the error
position (line, column) to match. For every kind of divergence (grouped by a
signature with digits normalised) one program is minimised by delta debugging
over lines, then over blocks and statement fragments, while the same signature
persists.

Examples:
    difftest.py --reference /work/rhai-ref/bin/rhai-run --count 300 --seed 1
    difftest.py --reference REF --count 1000 --out /tmp/dt --show 25
    difftest.py --reference REF --files examples/*.rhai
    difftest.py --generate 3 --seed 7          # print programs, run nothing

This is a developer tool, not a test: CI has no reference engine. Standard library only.
"""

from __future__ import annotations

import argparse
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

sys.dont_write_bytecode = True   # keep the source folder free of __pycache__
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from rhaigen import generate_program  # noqa: E402

PROGRAM_NAME = "prog.rhai"
# The debug build of this repository (two folders up from this file).
DEFAULT_OURS = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                            ".build", "debug", "circles-rhai")


# ==========================================================================
# Outcomes and how each CLI reports them
# ==========================================================================

@dataclass
class Outcome:
    status: str                     # "ok" | "error" | "timeout" | "crash"
    lines: list[str] = field(default_factory=list)   # what the script printed
    message: str | None = None      # first line of the error message
    line: int | None = None         # error position, when reported
    col: int | None = None
    stdout: str = ""
    stderr: str = ""
    rc: int | None = None

    @property
    def is_error(self):
        return self.status == "error"

    def render(self) -> str:
        """Human-readable form used in reports."""
        out = [f"  {line}" for line in self.lines]
        if self.status == "error":
            pos = f" at {self.line}:{self.col}" if self.line is not None else ""
            out.append(f"  !! error{pos}: {self.message}")
        elif self.status == "timeout":
            out.append("  !! timed out")
        elif self.status == "crash":
            out.append(f"  !! crashed (exit {self.rc}): {first_line(self.stderr)}")
        return "\n".join(out) if out else "  (no output)"


def first_line(text: str) -> str:
    for line in text.splitlines():
        if line.strip():
            return line
    return ""


def split_lines(text: str) -> list[str]:
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


CARET_RE = re.compile(r"^( *)\^ (.*)$")
CARET_MORE_RE = re.compile(r"^ *\| (.*)$")
REF_SRC_LINE_RE = re.compile(r"^(\d+): ")


def parse_reference(stdout: str, stderr: str, rc: int, filename: str) -> Outcome:
    """Parse `rhai-run FILE`.

    On an error it writes to stderr: a `=` line as long as the file name, the
    name, the `=` line, an empty line, then `LINE: <source line>`; and to stdout
    (after the script's output) the message under a caret: `<spaces>^ msg`, then
    `<spaces>| more` lines, with '^' at index len("LINE: ") + column - 1.
    Errors without a position go to stderr as the plain message. Exit code 0.
    """
    out = split_lines(stdout)
    err = stderr.split("\n")
    rule = "=" * len(filename)
    if len(err) >= 4 and err[0] == rule and err[2] == rule:
        rest = [line for line in err[4:]]
        m = REF_SRC_LINE_RE.match(rest[0]) if rest else None
        if m:
            # Message is the caret block at the end of stdout.
            j = len(out)
            while j > 0 and CARET_MORE_RE.match(out[j - 1]) and not CARET_RE.match(out[j - 1]):
                j -= 1
            if j > 0 and CARET_RE.match(out[j - 1]):
                caret_line = out[j - 1]
                line_no = int(m.group(1))
                col = caret_line.index("^") - len(f"{line_no}: ") + 1
                message = CARET_RE.match(caret_line).group(2)
                return Outcome("error", out[: j - 1], message, line_no, col, stdout, stderr, rc)
        message = first_line("\n".join(rest))
        return Outcome("error", out, message, None, None, stdout, stderr, rc)
    if rc != 0:
        if rc < 0 or rc >= 128:
            return Outcome("crash", out, None, None, None, stdout, stderr, rc)
        return Outcome("error", out, first_line(stderr), None, None, stdout, stderr, rc)
    return Outcome("ok", out, None, None, None, stdout, stderr, rc)


def parse_ours(stdout: str, stderr: str, rc: int, filename: str) -> Outcome:
    """Parse `circles-rhai FILE`.

    Prints go to stdout; an error exits non-zero and its first stderr line is
    `FILE:LINE:COL: message line 1` (or `FILE: message` without a position).
    A signal, an exit code >= 128 or a Swift fatal error counts as a crash.
    """
    out = split_lines(stdout)
    if rc < 0 or rc >= 128 or "Fatal error" in stderr:
        return Outcome("crash", out, None, None, None, stdout, stderr, rc)
    if rc == 0:
        return Outcome("ok", out, None, None, None, stdout, stderr, rc)
    head = first_line(stderr)
    name = re.escape(filename)
    m = re.match(rf"^{name}:(\d+):(\d+): (.*)$", head) or re.match(r"^(.*?):(\d+):(\d+): (.*)$", head)
    if m:
        g = m.groups()[-3:]
        return Outcome("error", out, g[2], int(g[0]), int(g[1]), stdout, stderr, rc)
    m = re.match(rf"^{name}: (.*)$", head) or re.match(r"^(.*?): (.*)$", head)
    message = m.groups()[-1] if m else head
    return Outcome("error", out, message, None, None, stdout, stderr, rc)


# ==========================================================================
# Running programs
# ==========================================================================

class Runner:
    """Runs a program through both engines, with a cache keyed by program text."""

    def __init__(self, reference: str, ours: str, timeout: float):
        self.reference = os.path.abspath(reference)
        self.ours = os.path.abspath(ours)
        self.timeout = timeout
        self.cache: dict[str, tuple[Outcome, Outcome]] = {}
        self.lock = threading.Lock()
        self.runs = 0

    def run_one(self, binary: str, source: str, parse, filename: str) -> Outcome:
        with tempfile.TemporaryDirectory(prefix="rhai-difftest-") as tmp:
            with open(os.path.join(tmp, filename), "w", encoding="utf-8") as f:
                f.write(source)
            for attempt in range(30):
                try:
                    # Own process group, so that a timeout also ends anything it started.
                    p = subprocess.Popen([binary, filename], cwd=tmp, stdin=subprocess.DEVNULL,
                                         stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                         start_new_session=True)
                    break
                except OSError:
                    # e.g. "Text file busy" while the binary is being rebuilt
                    if attempt == 29:
                        raise
                    time.sleep(2)
            try:
                out, err = p.communicate(timeout=self.timeout)
            except subprocess.TimeoutExpired:
                try:
                    os.killpg(p.pid, 9)
                except ProcessLookupError:
                    pass
                out, _ = p.communicate()
                so = out.decode("utf-8", "replace")
                return Outcome("timeout", split_lines(so), stdout=so)
        stdout = out.decode("utf-8", "replace")
        stderr = err.decode("utf-8", "replace")
        return parse(stdout, stderr, p.returncode, filename)

    def run(self, source: str, filename: str = PROGRAM_NAME) -> tuple[Outcome, Outcome]:
        key = filename + "\0" + source
        with self.lock:
            hit = self.cache.get(key)
        if hit:
            return hit
        ref = self.run_one(self.reference, source, parse_reference, filename)
        ours = self.run_one(self.ours, source, parse_ours, filename)
        with self.lock:
            self.cache[key] = (ref, ours)
            self.runs += 1
        return ref, ours


# ==========================================================================
# Comparing and grouping
# ==========================================================================

def same_main(ref: Outcome, ours: Outcome) -> bool:
    return (ref.lines == ours.lines and ref.status == ours.status
            and (not ref.is_error or ref.message == ours.message))


def same_with_position(ref: Outcome, ours: Outcome) -> bool:
    return same_main(ref, ours) and (ref.line, ref.col) == (ours.line, ours.col)


TOKEN_RE = re.compile(r""""(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])'|[A-Za-z_][A-Za-z_0-9]*"""
                      r"""|\d+(?:\.\d+)?(?:e[+-]?\d+)?|\s+|.""")
KEEP_WORDS = {"true", "false", "NaN", "inf", "Fn", "e"}


def normalise(text: str, limit: int = 90) -> str:
    """Digits -> '#', anonymous function names collapsed, long text cut."""
    text = re.sub(r"anon\$[0-9a-f]+", "anon$…", text)
    text = re.sub(r"\d+", "#", text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def token_class(tok: str) -> str:
    """Coarse class of an output token, so that e.g. different words group together."""
    if len(tok) >= 2 and tok[0] == tok[-1] == '"':
        return '"…"'
    if len(tok) >= 3 and tok[0] == tok[-1] == "'":
        return "'…'"
    if tok[0].isdigit():
        return "#"
    if tok[0].isalpha() or tok[0] == "_":
        return tok if tok in KEEP_WORDS else "w"
    if tok.isspace():
        return " "
    return tok


def first_diff(xs: list, ys: list) -> int:
    i = 0
    while i < min(len(xs), len(ys)) and xs[i] == ys[i]:
        i += 1
    return i


def window(tokens: list[str], i: int, before: int = 2, after: int = 3) -> str:
    lo, hi = max(0, i - before), i + after
    return ("…" if lo else "") + "".join(tokens[lo:hi]) + ("…" if hi < len(tokens) else "")


def line_signature(a: str, b: str) -> str:
    """Grouping key for two differing output lines.

    Where the lines differ in shape (token classes), the key is the class of the
    token before the first difference plus the differing token itself (words and
    punctuation verbatim, strings and numbers as their class); where only token
    contents differ, it is the differing neighbourhood with digits normalised.
    """
    ta, tb = TOKEN_RE.findall(a), TOKEN_RE.findall(b)
    ca, cb = [token_class(t) for t in ta], [token_class(t) for t in tb]
    if ca != cb:
        i = first_diff(ca, cb)

        def key(tokens, classes):
            prev = classes[i - 1] if i > 0 else "^"
            if i >= len(tokens):
                return prev + "$"
            tok = tokens[i] if classes[i] not in ('"…"', "'…'", "#") else classes[i]
            return prev + normalise(tok, 30)
        return f"output: ref {key(ta, ca)!r} | ours {key(tb, cb)!r}"
    i = first_diff(ta, tb)
    wa, wb = normalise(window(ta, i, 1, 2), 60), normalise(window(tb, i, 1, 2), 60)
    if wa == wb:
        return f"output (numbers differ): {normalise(window(ta, i, 3, 3), 60)!r}"
    return f"output: ref {wa!r} | ours {wb!r}"


def describe(ref: Outcome, ours: Outcome, sig: str) -> str:
    """Readable form of a divergence: for output differences, the raw neighbourhood."""
    if not sig.startswith("output") or ref.lines == ours.lines:
        return sig
    i = first_diff(ref.lines, ours.lines)
    if i >= len(ref.lines) or i >= len(ours.lines):
        return sig
    ta, tb = TOKEN_RE.findall(ref.lines[i]), TOKEN_RE.findall(ours.lines[i])
    j = first_diff(ta, tb)
    cut = lambda text: text if len(text) <= 70 else text[:69] + "…"
    return f"output: ref {cut(window(ta, j, 4, 5))!r} | ours {cut(window(tb, j, 4, 5))!r}"


def strip_source(message: str | None) -> str:
    """Drop the ` @ 'file' (line L, position P)` tail of nested-call messages."""
    return re.sub(r" @ '[^']*'.*$", "", message or "")


def signature(ref: Outcome, ours: Outcome) -> str | None:
    """A short description of how the outcomes differ (None if identical incl. position)."""
    if ours.status == "crash":
        return f"ours crashed: {normalise(first_line(ours.stderr))}"
    if ours.status == "timeout":
        return "ours timed out"
    if ref.status == "timeout":
        return "reference timed out"
    if ref.lines != ours.lines:
        i = first_diff(ref.lines, ours.lines)
        # One side stopped with an uncaught error while the other went on: the error is the cause.
        if i >= len(ours.lines) and ours.is_error:
            return f"ours stops with error: {normalise(strip_source(ours.message))}"
        if i >= len(ref.lines) and ref.is_error:
            return f"ref stops with error: {normalise(strip_source(ref.message))}"
        if i >= len(ref.lines):
            return f"output: ref <end> | ours {normalise(ours.lines[i])!r}"
        if i >= len(ours.lines):
            return f"output: ref {normalise(ref.lines[i])!r} | ours <end>"
        return line_signature(ref.lines[i], ours.lines[i])
    if ref.status != ours.status:
        if ours.is_error:
            return f"ours stops with error: {normalise(strip_source(ours.message))}"
        return f"ref stops with error: {normalise(strip_source(ref.message))}"
    if ref.is_error and ref.message != ours.message:
        a, b = ref.message or "", ours.message or ""
        return f"message: ref {normalise(a)!r} | ours {normalise(b)!r}"
    if (ref.line, ref.col) != (ours.line, ours.col):
        kind = "line" if ref.line != ours.line else "column"
        return f"position ({kind}): {normalise(ref.message or '', 60)}"
    return None


# ==========================================================================
# Minimiser (delta debugging)
# ==========================================================================

def ddmin(items: list[str], keeps, join) -> list[str]:
    """Classic ddmin: smallest sublist (1-minimal) for which keeps(join(sub)) holds."""
    n = 2
    while len(items) >= 2:
        chunk = max(1, len(items) // n)
        subsets = [items[i:i + chunk] for i in range(0, len(items), chunk)]
        reduced = False
        for i in range(len(subsets)):
            complement = [x for j, s in enumerate(subsets) if j != i for x in s]
            if complement and keeps(join(complement)):
                items = complement
                n = max(n - 1, 2)
                reduced = True
                break
        if not reduced:
            if n >= len(items):
                break
            n = min(len(items), n * 2)
    if len(items) == 1 and keeps(join([])):
        return []
    return items


FRAGMENT_RE = re.compile(r"""("(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])*'|`[^`]*`|[^;{}"'`]+|[;{}])""")


def fragments(line: str) -> list[str]:
    """Split a line after each `;`, `{` and `}` outside string literals.

    Removing a fragment can unbalance braces; such candidates fail to parse,
    change the signature and are rejected by the minimiser.
    """
    parts, cur = [], ""
    for tok in FRAGMENT_RE.findall(line):
        cur += tok
        if tok in (";", "{", "}"):
            parts.append(cur)
            cur = ""
    if cur:
        parts.append(cur)
    return parts


def remove_blocks(frags: list[str], keeps_line) -> list[str]:
    """Try dropping each `{ … }` block with its head (`if c {`, `for … {`), or only
    its braces and head (keeping the body), largest blocks first."""
    changed = True
    while changed:
        changed = False
        stack, pairs = [], []
        for k, frag in enumerate(frags):
            if frag.endswith("{"):
                stack.append(k)
            elif frag.endswith("}") and stack:
                pairs.append((stack.pop(), k))
        for a, b in sorted(pairs, key=lambda p: p[0] - p[1]):
            for cand in (frags[:a] + frags[b + 1:], frags[:a] + frags[a + 1:b] + frags[b + 1:]):
                if cand and keeps_line("".join(cand)):
                    frags, changed = cand, True
                    break
            if changed:
                break
    return frags


def minimise(source: str, keeps) -> str:
    """Remove lines, then statement fragments within lines, while keeps(program) holds.

    The two passes repeat (up to three rounds) until neither removes anything.
    """
    lines = source.rstrip("\n").split("\n")
    for _ in range(3):
        before = list(lines)
        lines = ddmin(lines, keeps, lambda ls: "\n".join(ls) + "\n")
        for i in range(len(lines)):
            frags = fragments(lines[i])
            if len(frags) > 1:
                def keeps_line(text, i=i):
                    return keeps("\n".join(lines[:i] + [text] + lines[i + 1:]) + "\n")
                frags = remove_blocks(frags, keeps_line)
                lines[i] = "".join(ddmin(frags, keeps_line, lambda fs: "".join(fs))).strip()
        lines = [line for line in lines if line.strip()] or lines
        if lines == before:
            break
    return "\n".join(lines) + "\n"


# ==========================================================================
# The run
# ==========================================================================

@dataclass
class Result:
    name: str
    source: str
    ref: Outcome
    ours: Outcome
    sig: str | None
    main_same: bool
    pos_same: bool
    minimised: str | None = None
    min_ref: Outcome | None = None
    min_ours: Outcome | None = None


def snapshot_binary(path: str, into: str, label: str) -> str:
    """Copy a binary so that a rebuild during the run cannot change or block it."""
    dest = os.path.join(into, label)
    for attempt in range(60):
        try:
            shutil.copy2(path, dest)
            p = subprocess.run([dest, PROGRAM_NAME], cwd=into, capture_output=True, timeout=30)
            if p.stdout.decode(errors="replace").strip() == "1":
                return dest
        except (OSError, subprocess.TimeoutExpired):
            pass
        time.sleep(5)   # probably being rebuilt; try again
    raise SystemExit(f"cannot run a copy of {path}")


def evaluate(runner: Runner, name: str, source: str) -> Result:
    ref, ours = runner.run(source)
    return Result(name, source, ref, ours, signature(ref, ours),
                  same_main(ref, ours), same_with_position(ref, ours))


def minimise_result(runner: Runner, res: Result) -> None:
    target = res.sig

    def keeps(text: str) -> bool:
        ref, ours = runner.run(text)
        return signature(ref, ours) == target

    res.minimised = minimise(res.source, keeps)
    res.min_ref, res.min_ours = runner.run(res.minimised)


def pct(a: int, b: int) -> str:
    return f"{100.0 * a / b:5.1f}%" if b else "  n/a"


def report(results: list[Result], args, groups, pos_groups, out) -> None:
    w = out.write
    total = len(results)
    ref_timeouts = [r for r in results if r.ref.status == "timeout"]
    counted = [r for r in results if r.ref.status != "timeout"]
    n = len(counted)
    main_same = sum(r.main_same for r in counted)
    pos_same = sum(r.pos_same for r in counted)
    ran_clean = sum(r.ref.status == "ok" for r in results)
    crashes = sum(r.ours.status == "crash" for r in results)
    ours_timeouts = sum(r.ours.status == "timeout" for r in results)
    what = (f"{total} files" if args.files
            else f"{total} generated programs (seed {args.seed})")
    w(f"Rhai differential test: {what}\n")
    w(f"  reference: {args.reference}\n  ours:      {args.ours}\n\n")
    w(f"identical (output, error?, message):      {main_same:5d} / {n:<5d} {pct(main_same, n)}\n")
    w(f"identical including error position:       {pos_same:5d} / {n:<5d} {pct(pos_same, n)}\n")
    w(f"reference timed out (excluded above):     {len(ref_timeouts):5d}\n")
    w(f"reference ran without an uncaught error:  {ran_clean:5d} / {total:<5d} {pct(ran_clean, total)}\n")
    w(f"ours crashed: {crashes}   ours timed out: {ours_timeouts}\n\n")

    if groups:
        w(f"Divergence groups, most frequent first ({len(groups)} groups):\n")
        for k, (sig, members) in enumerate(groups, 1):
            w(f"  #{k:<3d} [{len(members):4d}]  {label(sig, members)}\n")
        w("\n")
    if pos_groups:
        w(f"Position-only differences ({sum(len(m) for _, m in pos_groups)} programs):\n")
        for sig, members in pos_groups:
            w(f"  [{len(members):4d}]  {sig}\n")
        w("\n")


def representative(members: list[Result]) -> Result:
    return next((m for m in members if m.minimised is not None), members[0])


def label(sig: str, members: list[Result]) -> str:
    rep = representative(members)
    if rep.min_ref is not None:
        return describe(rep.min_ref, rep.min_ours, sig)
    return describe(rep.ref, rep.ours, sig)


def show_examples(groups, k: int, out) -> None:
    w = out.write
    for idx, (sig, members) in enumerate(groups[:k], 1):
        rep = representative(members)
        src = rep.minimised or rep.source
        ref = rep.min_ref or rep.ref
        ours = rep.min_ours or rep.ours
        shown = "minimised" if rep.minimised else "not minimised"
        w(f"=== #{idx} [{len(members)}] {label(sig, members)}\n")
        if label(sig, members) != sig:
            w(f"    (group key: {sig})\n")
        w(f"--- {rep.name}, {shown}: {len(rep.source.splitlines())} -> {len(src.splitlines())} lines\n")
        others = [m.name for m in members if m is not rep]
        if others:
            more = f" (+{len(others) - 6} more)" if len(others) > 6 else ""
            w(f"    also: {', '.join(others[:6])}{more}\n")
        w(src if src.endswith("\n") else src + "\n")
        w("--- reference\n" + ref.render() + "\n")
        w("--- ours\n" + ours.render() + "\n\n")


def write_out_dir(path: str, results: list[Result], summary: str) -> None:
    os.makedirs(os.path.join(path, "divergent"), exist_ok=True)
    with open(os.path.join(path, "summary.txt"), "w", encoding="utf-8") as f:
        f.write(summary)
    for r in results:
        if r.sig is None:
            continue
        base = os.path.join(path, "divergent", re.sub(r"[^A-Za-z0-9_.-]", "_", r.name))
        with open(base + ".rhai", "w", encoding="utf-8") as f:
            f.write(r.source)
        with open(base + ".txt", "w", encoding="utf-8") as f:
            f.write(f"signature: {r.sig}\n\n--- reference\n{r.ref.render()}\n\n--- ours\n{r.ours.render()}\n")
            f.write(f"\n--- reference raw stdout\n{r.ref.stdout}\n--- reference raw stderr\n{r.ref.stderr}\n")
            f.write(f"\n--- ours raw stdout\n{r.ours.stdout}\n--- ours raw stderr\n{r.ours.stderr}\n")
        if r.minimised is not None:
            with open(base + ".min.rhai", "w", encoding="utf-8") as f:
                f.write(r.minimised)
            with open(base + ".min.txt", "w", encoding="utf-8") as f:
                f.write(f"--- reference\n{r.min_ref.render()}\n\n--- ours\n{r.min_ours.render()}\n")


def progress(msg: str) -> None:
    if sys.stderr.isatty():
        sys.stderr.write("\r" + msg + "\033[K")
    else:
        sys.stderr.write(msg + "\n")
    sys.stderr.flush()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="See README.md in this folder for how to read the report.")
    add = ap.add_argument
    add("--reference", help="path of the reference rhai-run binary (required unless --generate)")
    add("--ours", default=DEFAULT_OURS, help=f"path of circles-rhai (default {DEFAULT_OURS})")
    add("--count", type=int, default=200, help="number of generated programs (default 200)")
    add("--seed", default="1", help="seed; program i uses random.Random(f'{seed}:{i}') (default 1)")
    add("--start", type=int, default=0, help="index of the first generated program (default 0)")
    add("--jobs", type=int, default=2, help="parallel jobs (default 2)")
    add("--timeout", type=float, default=10.0, help="seconds per engine run (default 10)")
    add("--out", metavar="DIR", help="write divergent programs, minimised forms, outputs and a summary here")
    add("--show", type=int, default=10, metavar="K", help="print K minimised divergences (default 10)")
    add("--minimise-per-group", type=int, default=1, metavar="N",
        help="minimise the N shortest programs of each divergence group (default 1; 0 = none)")
    add("--no-snapshot", action="store_true",
        help="run the binaries in place instead of from private copies taken at the start")
    add("--files", nargs="+", metavar="FILE", help="compare these .rhai files instead of generated programs")
    add("--generate", type=int, metavar="N", help="only print N generated programs (from --start) and exit")
    args = ap.parse_args(argv)

    if args.generate is not None:
        for i in range(args.start, args.start + args.generate):
            print(f"// ---- program {i} (seed {args.seed})")
            sys.stdout.write(generate_program(args.seed, i))
        return 0
    if not args.reference:
        ap.error("--reference is required (or use --generate)")
    for path in (args.reference, args.ours):
        if not os.access(path, os.X_OK):
            ap.error(f"not an executable: {path}")

    snap_dir = tempfile.mkdtemp(prefix="rhai-difftest-bin-")
    try:
        return run(args, snap_dir)
    finally:
        shutil.rmtree(snap_dir, ignore_errors=True)


def run(args, snap_dir: str) -> int:
    if args.no_snapshot:
        reference, ours = args.reference, args.ours
    else:
        with open(os.path.join(snap_dir, PROGRAM_NAME), "w") as f:
            f.write("print(1);\n")
        reference = snapshot_binary(args.reference, snap_dir, "rhai-run")
        ours = snapshot_binary(args.ours, snap_dir, "circles-rhai")
    runner = Runner(reference, ours, args.timeout)
    if args.files:
        inputs = []
        for path in args.files:
            with open(path, encoding="utf-8") as f:
                inputs.append((path, f.read()))
    else:
        inputs = [(f"seed{args.seed}-{i:05d}", generate_program(args.seed, i))
                  for i in range(args.start, args.start + args.count)]

    results: list[Result] = [None] * len(inputs)  # type: ignore
    done = 0
    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        futures = {pool.submit(evaluate, runner, name, src): k for k, (name, src) in enumerate(inputs)}
        for fut in futures:
            results[futures[fut]] = fut.result()
            done += 1
            if done % 25 == 0 or done == len(inputs):
                progress(f"ran {done}/{len(inputs)}")

    # Group divergences; position-only ones are listed separately.
    by_sig: dict[str, list[Result]] = defaultdict(list)
    for r in results:
        if r.sig is not None:
            by_sig[r.sig].append(r)
    # Crashes and timeouts of ours come first whatever their count; then by frequency.
    urgent = ("ours crashed", "ours timed out")
    ordered = sorted(by_sig.items(), key=lambda kv: (not kv[0].startswith(urgent), -len(kv[1]), kv[0]))
    groups = [(s, m) for s, m in ordered if not s.startswith("position")]
    pos_groups = [(s, m) for s, m in ordered if s.startswith("position")]

    # Minimise the shortest program(s) of each group, most frequent groups first.
    todo = []
    for sig, members in groups + pos_groups:
        if sig == "reference timed out":
            continue
        todo.extend(sorted(members, key=lambda r: len(r.source))[: args.minimise_per_group])
    if todo:
        done = 0
        with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
            for _ in pool.map(lambda r: minimise_result(runner, r), todo):
                done += 1
                if done % 10 == 0 or done == len(todo):
                    progress(f"minimised {done}/{len(todo)}")

    buf = io.StringIO()
    report(results, args, groups, pos_groups, buf)
    if args.show:
        shown = (groups + pos_groups)[: args.show]
        buf.write(f"Minimised examples ({len(shown)} groups):\n\n")
        show_examples(shown, len(shown), buf)
    text = buf.getvalue()
    sys.stdout.write(text)
    if args.out:
        full = io.StringIO()
        report(results, args, groups, pos_groups, full)
        show_examples(groups + pos_groups, len(groups) + len(pos_groups), full)
        write_out_dir(args.out, results, full.getvalue())
        sys.stderr.write(f"wrote {args.out}/summary.txt and {args.out}/divergent/\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
