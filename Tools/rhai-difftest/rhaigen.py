"""Seeded generator of random, mostly valid, whole-language Rhai programs.

`generate_program(seed, index)` is deterministic: program `index` of seed `seed`
draws every choice from `random.Random(f"{seed}:{index}")`.

The generator keeps a scope of variables with their (approximate) types, so most
expressions are type-correct. A fraction of statements deliberately raise errors
(type mismatches, division by zero, bad indices, unknown functions, `throw`);
most of those are wrapped in `try { } catch (e) { }` so the program continues.

Programs are written one top-level statement per line (function definitions and
loops included), which keeps line-based minimisation effective.

Nothing non-deterministic is generated: no `timestamp()`, random numbers,
`sleep`, and no printing of closures (their anonymous names are engine-specific).
"""

from __future__ import annotations

import random

# --------------------------------------------------------------------------
# Types tracked by the generator
# --------------------------------------------------------------------------

INT, FLOAT, BOOL, CHAR, STR = "int", "float", "bool", "char", "str"
ARR = "arr"      # array of ints
SARR = "sarr"    # array of strings
MARR = "marr"    # array of mixed values (only printed / measured)
MAP = "map"      # object map; Var.keys records known identifier keys -> type
BLOB = "blob"
RANGE = "range"  # exclusive or inclusive integer range
FN = "fn"        # function pointer or closure taking one int, returning an int
REC = "rec"      # array of record maps #{name: str, age: int, score: float, tags: sarr}
UNIT = "unit"
ANY = "any"     # unknown type: only printed
FN2 = "fn2"     # closure taking two ints

VALUE_TYPES = [INT, FLOAT, BOOL, CHAR, STR, ARR, SARR, MARR, MAP, BLOB, RANGE, REC]

# Relative frequency of types for new variables.
DECL_WEIGHTS = {
    INT: 14, FLOAT: 6, BOOL: 3, CHAR: 3, STR: 10, ARR: 9, SARR: 4, MARR: 3,
    MAP: 7, BLOB: 2, RANGE: 2, FN: 5, REC: 3,
}

NAME_STEMS = {
    INT: ["n", "count", "total", "idx", "score", "acc", "k", "num", "step", "level"],
    FLOAT: ["ratio", "avg", "x", "temp", "price", "rate", "f"],
    BOOL: ["flag", "ok", "done", "is_big", "found"],
    CHAR: ["ch", "c", "letter", "sym"],
    STR: ["s", "name", "msg", "text", "label", "word", "line"],
    ARR: ["arr", "nums", "list", "vals", "xs", "stack"],
    SARR: ["words", "names", "parts", "tags"],
    MARR: ["mixed", "things", "items", "bag"],
    MAP: ["m", "obj", "cfg", "rec", "info", "point", "state"],
    BLOB: ["buf", "bytes", "b"],
    RANGE: ["r", "span", "window"],
    FN: ["f", "op", "fp", "add", "mul", "g", "transform"],
    REC: ["people", "users", "rows", "team"],
}

SMALL_STRINGS = [
    "hello", "world", "Rhai", "abc", "a,b,c", "  padded  ", "", "x", "héllo wörld",
    "中文字", "ß straße", "MiXeD CaSe", "one two three", "42", "-17", "3.25", "foo_bar",
    "tab\\tsep", "line\\nbreak", "quote\\\"d", "back\\\\slash", "\\u0048i", "caf\\u00e9",
    "emoji \\U0001F600", "\\x41\\x42", "aaa", "banana", "key=value", "ünïcödé",
]
CHARS = ["'a'", "'z'", "'A'", "'0'", "'ß'", "'é'", "'中'", "' '", "'\\n'", "'\\t'",
         "'\\''", "'\"'", "'\\U0001F600'", "'\\u00e9'", "'x'", "'_'", "'Ω'"]
MAP_KEYS = ["a", "b", "name", "count", "items", "x", "y", "id", "kind", "value", "nested", "flag"]
QUOTED_KEYS = ['"b c"', '"key-1"', '"with space"', '"ü"', '"1st"']
TYPE_NAMES = ["i64", "string", "array", "map", "f64", "char"]
NON_MAPS = ['5', '"text"', '[1, 2]']
BEFORE_MARKS = ['"before"', '1', '"start"']
PERSON_NAMES = ["ann", "bob", "cleo", "dan", "eve", "Zoë", "li"]


class Var:
    """A variable the generator knows about."""

    __slots__ = ("name", "type", "const", "locked", "minlen", "keys", "named")

    def __init__(self, name, type_, const=False, minlen=0, keys=None, named=False):
        self.name = name
        self.type = type_
        self.const = const        # declared with `const`
        self.locked = False       # loop counters etc.: never assigned by the generator
        self.minlen = minlen      # arrays / strings / blobs: known minimum length
        self.keys = keys if keys is not None else {}   # maps: key -> type
        self.named = named        # FN: printable (a named function pointer)

    @property
    def mutable(self):
        return not self.const and not self.locked


class Func:
    """A script-defined function the generator may call."""

    def __init__(self, name, params, ret, this_type=None, typed=False, mutates=False, max_arg=None,
                 throws=False):
        self.name = name
        self.params = params      # list of types
        self.ret = ret
        self.this_type = this_type  # called as a method on a variable of this type
        self.typed = typed        # defined as `fn int.name()`
        self.mutates = mutates    # changes `this`
        self.max_arg = max_arg    # recursive functions: bound for the (int) argument
        self.throws = throws      # throws for small arguments: only called where errors are expected


class ProgramGenerator:
    MAX_DEPTH = 3

    def __init__(self, rng: random.Random):
        self.r = rng
        self.scopes: list[dict[str, Var]] = [{}]
        self.funcs: list[Func] = []
        self.counter = 0
        self.nest = 0           # > 0 inside blocks whose execution count is unknown
        self.loops: list[str] = []  # enclosing loops: 'plain', 'value' (break with value) or 'do'
        self.in_fn = False
        self.lines: list[str] = []

    # ------------------------------------------------------------------ utils
    def chance(self, p):
        return self.r.random() < p

    def pick(self, seq):
        return self.r.choice(seq)

    def wpick(self, pairs):
        """Pick from [(weight, value), ...]."""
        total = sum(w for w, _ in pairs)
        x = self.r.random() * total
        for w, v in pairs:
            x -= w
            if x < 0:
                return v
        return pairs[-1][1]

    def fresh(self, t):
        self.counter += 1
        return f"{self.pick(NAME_STEMS.get(t, ['v']))}{self.counter}"

    def visible(self):
        merged = {}
        for scope in self.scopes:
            merged.update(scope)
        return merged

    def vars_of(self, *types, mutable=False, pred=None):
        out = [v for v in self.visible().values() if v.type in types]
        if mutable:
            out = [v for v in out if v.mutable]
        if pred:
            out = [v for v in out if pred(v)]
        return out

    def var_of(self, *types, mutable=False, pred=None):
        vs = self.vars_of(*types, mutable=mutable, pred=pred)
        return self.pick(vs) if vs else None

    def declare(self, name, t, **info):
        v = Var(name, t, **info)
        self.scopes[-1][name] = v
        return v

    def push_scope(self, vars_=None):
        self.scopes.append(dict(vars_ or {}))

    def pop_scope(self):
        self.scopes.pop()

    def plain_funcs(self, params):
        """Non-method, non-throwing, non-recursive script functions of ints returning an int."""
        return [f for f in self.funcs if f.params == params and f.ret == INT and f.this_type is None
                and not f.max_arg and not f.throws]

    def funcs_returning(self, t):
        return [f for f in self.funcs if f.ret == t and f.this_type is None and not f.throws]

    # ------------------------------------------------------------- literals
    def int_lit(self, small=False):
        if small or self.chance(0.8):
            return str(self.r.randint(-5, 60) if self.chance(0.85) else self.r.randint(100, 5000))
        return self.pick([
            "0xff", "0x7f", "0o17", "0b1011", "1_000", "1_000_000", "9223372036854775807",
            "-9223372036854775807", "0", "-1", "255", "65536", "0xDEAD", "0b1111_0000",
        ])

    def pos_lit(self):
        return str(self.r.randint(1, 9))

    def float_lit(self, special=False):
        common = ["1.5", "0.1", "2.0", "3.14159", "-2.5", "100.0", "0.5", "1e3", "2.5e-3",
                  "1.0e2", "123.456", "7.0", "0.001", "1e-5", "-0.75", "42.0", "1_000.5"]
        odd = ["1e15", "1e16", "1e-7", "-0.0", "0.0", "1.7976931348623157e308", "5e-324",
               "123456789.123456789", "1e100", "-1e-10", "0.30000000000000004", "9007199254740993.0",
               "1e21", "1e-300", "2.5e10"]
        if special and self.chance(0.5):
            return self.pick(odd)
        return self.pick(common)

    def str_lit(self):
        return '"' + self.pick(SMALL_STRINGS) + '"'

    def str_lit_len(self):
        """A string literal together with a safe lower bound of its length (in chars)."""
        s = self.pick(["hello", "world", "Rhai", "abc", "a,b,c", "héllo", "中文字", "ß straße",
                       "banana", "one two three", "xyz", "MiXeD", "foo_bar", "ünïcödé"])
        return f'"{s}"', len(s)

    def char_lit(self):
        return self.pick(CHARS)

    def int_array_lit(self, n=None):
        n = self.r.randint(0, 6) if n is None else n
        return "[" + ", ".join(self.int_lit(small=True) for _ in range(n)) + "]", n

    def str_array_lit(self):
        n = self.r.randint(1, 5)
        words = [self.pick(["apple", "pear", "fig", "kiwi", "lime", "plum", "a", "B", "Zed", "éclair", ""])
                 for _ in range(n)]
        return "[" + ", ".join(f'"{w}"' for w in words) + "]", n

    def mixed_array_lit(self, depth=0):
        n = self.r.randint(1, 6)
        items = []
        for _ in range(n):
            items.append(self.wpick([
                (3, lambda: self.int_lit()), (2, lambda: self.float_lit(special=True)),
                (3, lambda: self.str_lit()), (2, lambda: self.char_lit()),
                (1, lambda: self.pick(["true", "false"])), (1, lambda: "()"),
                (1 if depth < 2 else 0, lambda: self.mixed_array_lit(depth + 1)[0]),
                (1 if depth < 2 else 0, lambda: self.map_lit(depth + 1)[0]),
                (1, lambda: self.pick(["blob(3, 0x41)", "blob(2)"])),
                (1, lambda: f"{self.r.randint(0, 3)}..{self.r.randint(3, 7)}"),
            ])())
        return "[" + ", ".join(items) + "]", n

    def map_lit(self, depth=0):
        """Returns (code, keys) where keys maps identifier keys to types."""
        keys = {}
        parts = []
        names = self.r.sample(MAP_KEYS, self.r.randint(1, 4))
        for k in names:
            t = self.wpick([(5, INT), (2, FLOAT), (4, STR), (1, BOOL), (1, CHAR),
                            (2, ARR), (1, SARR), (1 if depth < 2 else 0, MAP), (1, UNIT)])
            if t == MAP:
                code, _ = self.map_lit(depth + 1)
            elif t == UNIT:
                code = "()"
            else:
                code = self.literal(t)
            keys[k] = t
            parts.append(f"{k}: {code}")
        if self.chance(0.3):
            parts.append(f"{self.pick(QUOTED_KEYS)}: {self.literal(self.pick([INT, STR, ARR]))}")
        self.r.shuffle(parts)
        return "#{" + ", ".join(parts) + "}", keys

    def record_lit(self):
        name = self.pick(PERSON_NAMES)
        tags, _ = self.str_array_lit()
        return (f'#{{name: "{name}", age: {self.r.randint(1, 90)}, '
                f'score: {self.pick(["1.5", "9.75", "3.0", "0.5", "7.25"])}, tags: {tags}}}')

    def records_lit(self):
        n = self.r.randint(1, 4)
        return "[" + ", ".join(self.record_lit() for _ in range(n)) + "]", n

    def blob_lit(self):
        """Returns (code, length)."""
        n = self.r.randint(1, 6)
        return self.wpick([
            (2, lambda: (f"blob({n}, {self.pick(['0', '1', '0x41', '255', '7'])})", n)),
            (1, lambda: ("blob()", 0)),
            (1, lambda: (f"blob({n})", n)),
            (1, lambda: (f'"{self.pick(["abc", "hi!", "é"])}".to_blob()', 2)),
        ])()

    def range_lit(self):
        a = self.r.randint(-3, 5)
        b = a + self.r.randint(0, 8)
        return f"{a}..{b}" if self.chance(0.6) else f"{a}..={b}"

    def literal(self, t):
        if t == INT:
            return self.int_lit()
        if t == FLOAT:
            return self.float_lit()
        if t == BOOL:
            return self.pick(["true", "false"])
        if t == CHAR:
            return self.char_lit()
        if t == STR:
            return self.str_lit()
        if t == ARR:
            return self.int_array_lit()[0]
        if t == SARR:
            return self.str_array_lit()[0]
        if t == MARR:
            return self.mixed_array_lit()[0]
        if t == MAP:
            return self.map_lit()[0]
        if t == BLOB:
            return self.blob_lit()[0]
        if t == RANGE:
            return self.range_lit()
        if t == REC:
            return self.records_lit()[0]
        if t == FN:
            return self.closure_expr(0)
        return "()"

    # ---------------------------------------------------------- expressions
    def expr(self, t, depth=0):
        """An expression of type t, without surrounding parentheses."""
        return self._gen(t, depth)[0]

    def operand(self, t, depth=0):
        """An expression of type t, parenthesised when it is compound."""
        code, compound = self._gen(t, depth)
        return f"({code})" if compound else code

    def recv(self, t, depth=0):
        """An expression of type t usable as a method-call receiver."""
        code, compound = self._gen(t, depth)
        if compound or code[:1].isdigit() or code.startswith("-"):
            return f"({code})"
        return code

    def _gen(self, t, depth):
        if depth >= self.MAX_DEPTH or self.chance(0.3):
            return self.atom(t), False
        gen = getattr(self, f"gen_{t}", None)
        out = gen(depth + 1) if gen else None
        return out if out is not None else (self.atom(t), False)

    def atom(self, t):
        vs = self.vars_of(t)
        if vs and self.chance(0.7):
            return self.pick(vs).name
        lit = self.int_lit(small=True) if t == INT and self.chance(0.3) else self.literal(t)
        if lit.startswith("-") or t == RANGE:
            return f"({lit})"
        return lit

    def options(self, table):
        """Pick among (weight, fn) entries whose fn returns (code, compound) or None."""
        entries = [(w, fn) for w, fn in table if w > 0]
        for _ in range(8):
            fn = self.wpick(entries)
            out = fn()
            if out is not None:
                return out
        return None

    def idx_var(self, t, need=1):
        """A variable of type t with at least `need` known elements."""
        return self.var_of(t, pred=lambda v: v.minlen >= need)

    def gen_int(self, d):
        o = lambda t=INT: self.operand(t, d)
        e = lambda t=INT: self.expr(t, d)
        rv = lambda t: self.recv(t, d)

        def index_arr():
            v = self.idx_var(ARR)
            if not v:
                return None
            i = self.r.randint(0, v.minlen - 1)
            return (f"{v.name}[{i}]" if self.chance(0.8) else f"{v.name}[-1]"), False

        def map_prop():
            v = self.var_of(MAP, pred=lambda v: INT in v.keys.values())
            if not v:
                return None
            k = self.pick([k for k, kt in v.keys.items() if kt == INT])
            return self.pick([f"{v.name}.{k}", f'{v.name}["{k}"]', f"{v.name}?.{k}"]), False

        def user_call():
            fs = self.funcs_returning(INT)
            if not fs:
                return None
            return self.call_func(self.pick(fs), d), False

        def fn_call():
            v = self.var_of(FN)
            if not v:
                return None
            return self.pick([f"{v.name}.call({e()})", f"call({v.name}, {e()})"]), False

        def method_call():
            fs = [f for f in self.funcs if f.ret == INT and f.this_type and not f.mutates]
            if not fs:
                return None
            f = self.pick(fs)
            v = self.this_receiver(f)
            if not v:
                return None
            args = ", ".join(self.expr(p, d) for p in f.params)
            return f"{v}.{f.name}({args})", False

        def rec_int():
            v = self.idx_var(REC)
            if not v:
                return None
            return self.pick([f"{v.name}[{self.r.randint(0, v.minlen - 1)}].age",
                              f"{v.name}.reduce(|sum, p| sum + p.age, 0)",
                              f"{v.name}.filter(|p| p.age > {self.r.randint(10, 60)}).len()"]), False

        return self.options([
            (6, lambda: (f"{o()} {self.pick(['+', '-'])} {o()}", True)),
            (3, lambda: (f"{o()} * {self.int_lit(small=True)}", True)),
            (2, lambda: (f"{o()} {self.pick(['/', '%'])} {self.pos_lit()}", True)),
            (2, lambda: (f"{o()} {self.pick(['&', '|', '^'])} {o()}", True)),
            (1, lambda: (f"{o()} {self.pick(['<<', '>>'])} {self.r.randint(0, 6)}", True)),
            (1, lambda: (f"{self.r.randint(-3, 9)} ** {self.r.randint(0, 5)}", True)),
            (1, lambda: (f"{o()} + {o()} * {o()} - {o()}", True)),
            (1, lambda: (f"-{rv(INT)}", True)),
            (2, lambda: (self.pick([f"{rv(INT)}.abs()", f"abs({e()})", f"sign({e()})",
                                    f"max({e()}, {e()})", f"min({e()}, {e()})"]), False)),
            (3, lambda: (self.pick([f"{rv(STR)}.len()", f"{rv(ARR)}.len()", f"{rv(MAP)}.len()",
                                    f"{rv(BLOB)}.len()", f"{rv(SARR)}.len()", f"{rv(STR)}.to_chars().len()",
                                    f"{rv(STR)}.bytes"]), False)),
            (2, lambda: (self.pick([f"{rv(ARR)}.index_of({e()})", f"{rv(STR)}.index_of({e(CHAR)})",
                                    f'{rv(STR)}.index_of("{self.pick(["a", "l", "o", "中", "xyz"])}")']), False)),
            (2, lambda: (self.pick([f"{rv(FLOAT)}.to_int()", f"to_int({self.float_lit()})",
                                    f"{rv(FLOAT)}.floor().to_int()"]), False)),
            (1, lambda: (self.pick([f'parse_int("{self.r.randint(-500, 500)}")',
                                    f'parse_int("{self.pick(["ff", "7f", "10", "-1a"])}", 16)',
                                    f'parse_int("{self.pick(["101", "111"])}", 2)']), False)),
            (1, lambda: (f"{rv(INT)}.get_bits({self.r.randint(0, 4)}, {self.r.randint(1, 8)})", False)),
            (2, lambda: (f"if {e(BOOL)} {{ {e()} }} else {{ {e()} }}", True)),
            (1, lambda: (self.switch_expr(INT, d), True)),
            (1, lambda: (f"{{ let t = {e()}; t * 2 + 1 }}", True)),
            (3, index_arr),
            (2, map_prop),
            (3, user_call),
            (2, fn_call),
            (1, method_call),
            (1, rec_int),
            (2, lambda: (self.pick([
                f"{rv(ARR)}.reduce(|sum, v| sum + v, 0)", f"{rv(ARR)}.reduce_rev(|acc, v| acc * 2 + v, 0)",
                f"{rv(ARR)}.find(|v| v > {self.int_lit(small=True)}) ?? -1",
                f"{rv(ARR)}.get({self.r.randint(-3, 8)}) ?? 0",
                f"{rv(ARR)}.find_map(|v| if v > {self.r.randint(0, 9)} {{ v * 10 }}) ?? 0",
            ]), True)),
            (1, lambda: (self.pick([f"{rv(RANGE)}.start", f"{rv(RANGE)}.end"]), False)),
            (1, lambda: ((f"{v.name}[{self.r.randint(0, v.minlen - 1)}]", False)
                         if (v := self.idx_var(BLOB)) else None)),
            (1, lambda: ((f"{v.name}.{self.pick([k for k in MAP_KEYS if k not in v.keys])} ?? "
                          f"{self.int_lit(small=True)}", True)
                         if (v := self.var_of(MAP, pred=lambda v: v.keys)) else None)),
        ])

    def gen_float(self, d):
        o = lambda t=FLOAT: self.operand(t, d)
        e = lambda t=FLOAT: self.expr(t, d)
        rv = lambda t=FLOAT: self.recv(t, d)

        def map_prop():
            v = self.var_of(MAP, pred=lambda v: FLOAT in v.keys.values())
            if not v:
                return None
            k = self.pick([k for k, kt in v.keys.items() if kt == FLOAT])
            return f"{v.name}.{k}", False

        return self.options([
            (5, lambda: (f"{o()} {self.pick(['+', '-', '*'])} {o()}", True)),
            (3, lambda: (f"{o()} {self.pick(['+', '-', '*'])} {o(INT)}", True)),
            (2, lambda: (f"{o(INT)} {self.pick(['+', '-', '*'])} {o()}", True)),
            (2, lambda: (f"{o()} / {self.pick(['2.0', '3.0', '0.5', '4', '7.0', '10'])}", True)),
            (1, lambda: (f"{o()} % {self.pick(['2.0', '1.5', '3'])}", True)),
            (1, lambda: (f"{o()} ** {self.pick(['2', '0.5', '2.0', '3'])}", True)),
            (1, lambda: (f"-{rv()}", True)),
            (4, lambda: (self.pick([f"{rv()}.floor()", f"{rv()}.ceiling()", f"{rv()}.round()",
                                    f"{rv()}.int()", f"{rv()}.fraction()", f"{rv()}.abs()",
                                    f"{rv()}.abs().sqrt()", f"floor({e()})", f"abs({e()})",
                                    f"{rv()}.to_degrees()", f"{rv()}.to_radians()"]), False)),
            (2, lambda: (self.pick([f"sin({e()})", f"cos({e()})", "PI()", "E()", f"atan({e()})",
                                    f"exp({self.pick(['1.0', '0.5', '2.0', '-1.0'])})",
                                    f"ln({self.pick(['1.0', '2.0', '10.0', 'E()'])})",
                                    f"log({self.pick(['100.0', '1000.0', '2.0'])})",
                                    f"hypot({e()}, {e()})", f"atan({e()}, {e()})", f"tan({e()})"]), False)),
            (3, lambda: (self.pick([f"{rv(INT)}.to_float()", f"to_float({e(INT)})"]), False)),
            (1, lambda: (f'parse_float("{self.pick(["3.25", "-0.5", "1e3", "42", "  7.5"])}")', False)),
            (1, lambda: (f"max({e()}, {e()})" if self.chance(0.5) else f"min({e()}, {e(INT)})", False)),
            (1, lambda: (f"if {e(BOOL)} {{ {e()} }} else {{ {e()} }}", True)),
            (1, map_prop),
            (1, lambda: ((f"{v.name}[{self.r.randint(0, v.minlen - 1)}].score", False)
                         if (v := self.idx_var(REC)) else None)),
        ])

    def special_float(self):
        """Float expressions with edge-case values; used only where they are printed."""
        return self.pick([
            "0.0 / 0.0", "1.0 / 0.0", "-1.0 / 0.0", "1e308 * 10.0", "-0.0", "0.1 + 0.2",
            "1e15", "1e16", "1e17", "123456789.123456789", "1e-7", "1.0 / 3.0", "2.0 ** 0.5",
            "100.0", "1e100", "-1e-10", "(-1.0).sqrt()", "5e-324", "1.7976931348623157e308",
            "0.1 * 3.0", "1e20 + 1.0", "2.0 ** 60", "1.0e-5", "(0.0 / 0.0).is_nan", "(1.0 / 0.0).is_infinite",
            "-(0.0)", "10.0 / 4", "7 / 2.0", "1e6", "999999.9999", "1234567.0", "0.000001",
            "12345678901234567890.0", "-5.0 % 3.0", "(2.5).round()", "(-2.5).round()", "(0.5).round()",
            "(1.0 / 0.0).to_degrees()", "3.0.to_string()", "4.0.sqrt()",
        ])

    def gen_bool(self, d):
        o = lambda t: self.operand(t, d)
        e = lambda t: self.expr(t, d)
        rv = lambda t: self.recv(t, d)
        cmp = lambda: self.pick(["==", "!=", "<", "<=", ">", ">="])

        def def_var():
            vs = list(self.visible())
            name = self.pick(vs) if vs and self.chance(0.7) else self.pick(["nope", "undefined_thing", "zz"])
            return f'is_def_var("{name}")', False

        def def_fn():
            if self.funcs and self.chance(0.7):
                f = self.pick(self.funcs)
                return f'is_def_fn("{f.name}", {len(f.params)})', False
            return f'is_def_fn("{self.pick(["nope", "print", "len"])}", {self.r.randint(0, 2)})', False

        def shared():
            vs = list(self.visible().values())
            if not vs:
                return None
            return f"is_shared({self.pick(vs).name})", False

        def key_in():
            v = self.var_of(MAP)
            if not v:
                return None
            k = self.pick(list(v.keys) + MAP_KEYS[:3]) if v.keys else self.pick(MAP_KEYS)
            return self.pick([f'"{k}" in {v.name}', f'{v.name}.contains("{k}")']), True

        return self.options([
            (5, lambda: (f"{o(INT)} {cmp()} {o(INT)}", True)),
            (2, lambda: (f"{o(FLOAT)} {cmp()} {o(INT)}", True)),
            (1, lambda: (f"{o(INT)} {cmp()} {o(FLOAT)}", True)),
            (2, lambda: (f"{o(STR)} {cmp()} {o(STR)}", True)),
            (1, lambda: (f"{o(CHAR)} {cmp()} {o(CHAR)}", True)),
            (1, lambda: (f"{o(BOOL)} {self.pick(['==', '!='])} {o(BOOL)}", True)),
            (1, lambda: (f"{o(ARR)} {self.pick(['==', '!='])} {o(ARR)}", True)),
            (1, lambda: (f"{o(MAP)} {self.pick(['==', '!='])} {o(MAP)}", True)),
            (3, lambda: (f"{o(BOOL)} {self.pick(['&&', '||'])} {o(BOOL)}", True)),
            (2, lambda: (f"!{o(BOOL)}", True)),
            (3, lambda: (self.pick([f"{o(INT)} in {o(ARR)}", f"{o(INT)} in {o(RANGE)}",
                                    f"{o(CHAR)} in {o(STR)}",
                                    f'"{self.pick(["a", "lo", "中", "an", "x"])}" in {o(STR)}',
                                    f'{o(STR)} in {o(SARR)}']), True)),
            (2, lambda: (self.pick([f"{rv(STR)}.contains({e(CHAR)})",
                                    f'{rv(STR)}.starts_with("{self.pick(["h", "a", "Rh", ""])}")',
                                    f'{rv(STR)}.ends_with("{self.pick(["o", "c", "!", ""])}")',
                                    f"{rv(STR)}.is_empty()"]), False)),
            (2, lambda: (self.pick([f"{rv(INT)}.is_even", f"is_odd({e(INT)})", f"{rv(INT)}.is_zero",
                                    f"{rv(FLOAT)}.is_nan", f"{rv(FLOAT)}.is_finite",
                                    f"{rv(INT)}.get_bit({self.r.randint(0, 8)})"]), False)),
            (2, lambda: (self.pick([f"{rv(ARR)}.is_empty()", f"{rv(ARR)}.contains({e(INT)})",
                                    f"{rv(ARR)}.some(|v| v > {self.int_lit(small=True)})",
                                    f"{rv(ARR)}.all(|v| v % 2 == 0)",
                                    f"{rv(RANGE)}.contains({e(INT)})", f"{rv(BLOB)}.contains({e(INT)})",
                                    f"{rv(RANGE)}.is_inclusive", f"{rv(RANGE)}.is_empty"]), False)),
            (1, lambda: (f'type_of({e(self.pick(VALUE_TYPES))}) == "{self.pick(TYPE_NAMES)}"', True)),
            (1, def_var),
            (1, def_fn),
            (1, shared),
            (2, key_in),
            (1, lambda: (f"{rv(ARR)}.len() > {self.r.randint(0, 4)}", True)),
        ])

    def gen_char(self, d):
        def index_str():
            v = self.idx_var(STR)
            if not v:
                return None
            i = self.r.randint(0, v.minlen - 1)
            return self.pick([f"{v.name}[{i}]", f"{v.name}[-1]", f"{v.name}.to_chars()[{i}]"]), False

        return self.options([
            (3, index_str),
            (2, lambda: (f"{self.recv(CHAR, d)}.{self.pick(['to_upper', 'to_lower'])}()", False)),
            (1, lambda: (f"{self.str_lit_len()[0]}[{self.r.randint(0, 2)}]", False)),
            (1, lambda: (f"if {self.expr(BOOL, d)} {{ {self.expr(CHAR, d)} }} else {{ {self.char_lit()} }}", True)),
            (1, lambda: (self.switch_expr(CHAR, d), True)),
        ])

    def gen_str(self, d):
        o = lambda t=STR: self.operand(t, d)
        e = lambda t=STR: self.expr(t, d)
        rv = lambda t=STR: self.recv(t, d)
        anyt = lambda: self.pick([INT, FLOAT, BOOL, CHAR, STR, ARR, MAP, SARR, BLOB, RANGE])

        def sarr_index():
            v = self.idx_var(SARR)
            if not v:
                return None
            return f"{v.name}[{self.r.randint(0, v.minlen - 1)}]", False

        def map_prop():
            v = self.var_of(MAP, pred=lambda v: STR in v.keys.values())
            if not v:
                return None
            k = self.pick([k for k, kt in v.keys.items() if kt == STR])
            return self.pick([f"{v.name}.{k}", f"{v.name}?.{k}", f'{v.name}["{k}"]']), False

        def user_call():
            fs = self.funcs_returning(STR)
            if not fs:
                return None
            return self.call_func(self.pick(fs), d), False

        def method_call():
            fs = [f for f in self.funcs if f.ret == STR and f.this_type and not f.mutates]
            if not fs:
                return None
            f = self.pick(fs)
            v = self.this_receiver(f)
            if not v:
                return None
            args = ", ".join(self.expr(p, d) for p in f.params)
            return f"{v}.{f.name}({args})", False

        return self.options([
            (4, lambda: (f"{o()} + {o()}", True)),
            (3, lambda: (f"{o()} + {o(self.pick([INT, CHAR, FLOAT, BOOL]))}", True)),
            (1, lambda: (f"{o(self.pick([INT, CHAR]))} + {o()}", True)),
            (4, lambda: (self.interp(d), False)),
            (3, lambda: (self.pick([f"{rv()}.to_upper()", f"{rv()}.to_lower()",
                                    f"{rv()}.sub_string({self.r.randint(0, 3)}, {self.r.randint(0, 4)})",
                                    f"{rv()}.sub_string({self.r.randint(-3, 3)})",
                                    f"{rv()}.sub_string({self.r.randint(0, 2)}..{self.r.randint(2, 5)})"]), False)),
            (3, lambda: (self.pick([f"{self.recv(anyt(), d)}.to_string()", f"{self.recv(anyt(), d)}.to_debug()",
                                    f"type_of({self.expr(anyt(), d)})"]), False)),
            (1, lambda: (f'"" + {self.operand(anyt(), d)}', True)),
            (2, lambda: (f"{rv(INT)}.{self.pick(['to_hex', 'to_binary', 'to_octal'])}()", False)),
            (1, lambda: (f"{rv(CHAR)}.to_string()", False)),
            (1, lambda: (f"{rv(MAP)}.to_json()", False)),
            (1, lambda: (f'{rv(SARR)}.reduce(|acc, w| acc + w + "/", "")', False)),
            (2, sarr_index),
            (2, map_prop),
            (3, user_call),
            (1, method_call),
            (1, lambda: (f"if {e(BOOL)} {{ {e()} }} else {{ {e()} }}", True)),
            (1, lambda: (self.switch_expr(STR, d), True)),
            (1, lambda: ((f"{v.name}[{self.r.randint(0, v.minlen - 1)}].name", False)
                         if (v := self.idx_var(REC)) else None)),
            (1, lambda: (f'"{self.pick(["abc", "héllo"])}".to_blob().as_string()', False)),
        ])

    def interp(self, d):
        """A backtick string with ${...} interpolations (occasionally multi-line)."""
        parts = []
        for _ in range(self.r.randint(1, 3)):
            text = self.pick(["x=", "val: ", "", " and ", "[", "] ", "→ ", "sum ", "中 "])
            t = self.pick([INT, INT, STR, FLOAT, BOOL, ARR, CHAR, MAP])
            parts.append(f"{text}${{{self.expr(t, d)}}}")
        if self.chance(0.05):
            parts.insert(1, "\n  continued ")      # a real line break inside the literal
        return "`" + "".join(parts) + "`"

    def gen_arr(self, d):
        o = lambda t=ARR: self.operand(t, d)
        e = lambda t=INT: self.expr(t, d)
        rv = lambda t=ARR: self.recv(t, d)

        def user_map():
            fs = self.plain_funcs([INT])
            if not fs:
                return None
            f = self.pick(fs)
            return self.pick([f'{rv()}.map(Fn("{f.name}"))', f"{rv()}.map({f.name})"]), False

        def fn_map():
            v = self.var_of(FN)
            if not v:
                return None
            return f"{rv()}.map({v.name})", False

        return self.options([
            (3, lambda: (self.int_array_lit()[0], False)),
            (3, lambda: (f"{o()} + {o()}", True)),
            (3, lambda: (self.pick([f"{rv()}.map(|v| v * {self.int_lit(small=True)})",
                                    f"{rv()}.map(|v, i| v + i)",
                                    f"{rv()}.filter(|v| v > {self.int_lit(small=True)})",
                                    f"{rv()}.filter(|v, i| i % 2 == 0)",
                                    f"{rv()}.filter(|v| v % 2 == 0)"]), False)),
            (2, lambda: (self.pick([f"{rv()}.extract({self.r.randint(0, 2)}, {self.r.randint(0, 3)})",
                                    f"{rv()}.extract({self.r.randint(0, 3)})",
                                    f"{rv()}.extract(1..3)",
                                    f"{rv()}.order()", f"{rv()}.order_desc()",
                                    f"{rv()}.zip({o()}, |a, b| a + b)"]), False)),
            (1, lambda: (f"{self.recv(BLOB, d)}.to_array()", False)),
            (1, lambda: (f"[{e()}, {e()}, {e()}]", False)),
            (1, lambda: ((f"{v.name}.map(|p| p.age)", False) if (v := self.var_of(REC)) else None)),
            (1, user_map),
            (1, fn_map),
            (1, lambda: (f"if {self.expr(BOOL, d)} {{ {o()} }} else {{ [] }}", True)),
        ])

    def gen_sarr(self, d):
        rv = lambda t=SARR: self.recv(t, d)
        return self.options([
            (3, lambda: (self.str_array_lit()[0], False)),
            (3, lambda: (self.pick([f'{self.recv(STR, d)}.split("{self.pick([",", " ", "a", "ll"])}")',
                                    f"{self.recv(STR, d)}.split(' ')", f"{self.recv(STR, d)}.split()",
                                    f'{self.recv(STR, d)}.split_rev("{self.pick([",", " "])}")',
                                    f'{self.recv(STR, d)}.split(",", 2)',
                                    f"{self.recv(STR, d)}.split({self.r.randint(0, 4)})"]), False)),
            (2, lambda: (f"{self.recv(MAP, d)}.keys()", False)),
            (2, lambda: (self.pick([f"{rv()}.map(|w| w.to_upper())", f"{rv()}.filter(|w| w.len() > 2)",
                                    f"{rv()}.map(|w, i| `${{i}}:${{w}}`)", f"{rv()}.order()",
                                    f"{self.operand(SARR, d)} + {self.operand(SARR, d)}"]), False)),
            (1, lambda: ((f"{v.name}.map(|p| p.name)", False) if (v := self.var_of(REC)) else None)),
        ])

    def gen_marr(self, d):
        return self.options([
            (4, lambda: (self.mixed_array_lit()[0], False)),
            (2, lambda: (f"{self.recv(MAP, d)}.values()", False)),
            (2, lambda: (f"{self.recv(STR, d)}.to_chars()", False)),
            (1, lambda: (f"[{self.expr(INT, d)}, {self.expr(STR, d)}, {self.expr(FLOAT, d)}, {self.expr(MAP, d)}]", False)),
            (1, lambda: (f"{self.operand(ARR, d)} + {self.operand(SARR, d)}", True)),
            (1, lambda: (f"{self.recv(ARR, d)}.map(|v| if v % 2 == 0 {{ v.to_string() }} else {{ v }})", False)),
        ])

    def gen_map(self, d):
        rv = lambda: self.recv(MAP, d)
        return self.options([
            (4, lambda: (self.map_lit()[0], False)),
            (2, lambda: (f"{self.operand(MAP, d)} + {self.operand(MAP, d)}", True)),
            (2, lambda: (self.pick([f"{rv()}.filter(|k, v| k.len() > 1)",
                                    f"{rv()}.map(|k, v| k + \"=\" + v)",
                                    f'{rv()}.filter(|k| k != "a")']), False)),
            (1, lambda: (f"#{{inner: {self.expr(MAP, d)}, list: {self.expr(ARR, d)}, label: {self.expr(STR, d)}}}", False)),
            (1, lambda: ((f"{v.name}[{self.r.randint(0, v.minlen - 1)}]", False) if (v := self.idx_var(REC)) else None)),
        ])

    def gen_blob(self, d):
        return self.options([
            (3, lambda: (self.blob_lit()[0], False)),
            (1, lambda: (f"{self.operand(BLOB, d)} + {self.operand(BLOB, d)}", True)),
            (1, lambda: (f"{self.recv(BLOB, d)}.extract({self.r.randint(0, 2)}, {self.r.randint(0, 3)})", False)),
            (1, lambda: (f"{self.recv(STR, d)}.to_blob()", False)),
        ])

    def gen_rec(self, d):
        rv = lambda: self.recv(REC, d)
        return self.options([
            (3, lambda: (self.records_lit()[0], False)),
            (1, lambda: (f"{rv()}.filter(|p| p.age > {self.r.randint(10, 60)})", False)),
        ])

    def gen_range(self, d):
        return self.range_lit(), True

    def gen_fn(self, d):
        return self.options([
            (4, lambda: (self.closure_expr(d), False)),
            (2, lambda: self.named_fn_ptr()),
        ])

    def named_fn_ptr(self):
        fs = self.plain_funcs([INT])
        fs2 = self.plain_funcs([INT, INT])
        if fs and (not fs2 or self.chance(0.6)):
            f = self.pick(fs)
            return self.pick([f'Fn("{f.name}")', f.name]), False
        if fs2:
            f = self.pick(fs2)
            return f'Fn("{f.name}").curry({self.int_lit(small=True)})', False
        return f'Fn("{self.pick(["abs", "sign"])}")', False

    def closure_expr(self, d):
        """A closure taking one int and returning an int; may capture outer variables."""
        self.push_scope({"x": Var("x", INT)})
        self.scopes[-1]["x"].locked = True
        try:
            body = self.wpick([
                (3, lambda: f"x {self.pick(['+', '-', '*'])} {self.operand(INT, d + 1)}"),
                (2, lambda: f"{{ let t = x * {self.int_lit(small=True)}; t + {self.operand(INT, d + 1)} }}"),
                (1, lambda: f"if x > {self.int_lit(small=True)} {{ x }} else {{ -x }}"),
                (1, lambda: f"x % {self.pos_lit()}"),
            ])()
        finally:
            self.pop_scope()
        return f"|x| {body}"

    def switch_expr(self, t, d):
        """A switch expression producing type t."""
        scrut_t = self.pick([INT, INT, STR, CHAR])
        val = lambda: self.expr(t, d + 1)
        arms = []
        if scrut_t == INT:
            scrut = f"{self.operand(INT, d)} % {self.r.randint(3, 7)}"
            arms.append(f"0 => {val()}")
            arms.append(f"1 | 2 => {val()}")
            if self.chance(0.4):
                arms.append(f"3 if {self.expr(BOOL, d + 1)} => {val()}")
            if self.chance(0.5):
                arms.append(f"4..=6 => {val()}")
        elif scrut_t == STR:
            scrut = self.operand(STR, d)
            for s in self.r.sample(["hello", "abc", "", "Rhai", "x"], 2):
                arms.append(f'"{s}" => {val()}')
        else:
            scrut = self.operand(CHAR, d)
            arms.append(f"'a' | 'b' => {val()}")
            arms.append(f"'中' => {val()}")
        arms.append(f"_ => {val()}")
        return f"switch {scrut} {{ " + ", ".join(arms) + " }"

    # ------------------------------------------------------------ functions
    def call_func(self, f, d):
        args = []
        for p in f.params:
            if f.max_arg is not None and p == INT:
                args.append(str(self.r.randint(0, f.max_arg)))
            else:
                args.append(self.expr(p, d))
        return f"{f.name}({', '.join(args)})"

    def this_receiver(self, f):
        """A variable suitable as `this` for method function f (or None)."""
        if f.this_type == "person":
            v = self.var_of(MAP, mutable=f.mutates,
                            pred=lambda v: v.keys.get("name") == STR and v.keys.get("age") == INT)
            if v:
                return v.name
            r = self.idx_var(REC)
            return f"{r.name}[{self.r.randint(0, r.minlen - 1)}]" if r and (not f.mutates or r.mutable) else None
        v = self.var_of(f.this_type, mutable=f.mutates)
        return v.name if v else None

    def fn_def(self):
        """A one-line function definition; registers it for later calls."""
        self.counter += 1
        n = self.counter
        kind = self.wpick([(5, "int1"), (4, "int2"), (3, "str1"), (2, "arr1"), (2, "rec"),
                           (2, "method"), (1, "typed"), (1, "throwing"), (1, "unit"), (1, "person"),
                           (1, "global"), (1, "overload")])
        saved_scopes, saved_fn = self.scopes, self.in_fn
        self.in_fn = True
        try:
            if kind == "rec":
                which = self.pick(["fib", "fact", "sum_to", "gcd", "pow2"])
                name = f"{which}{n}"
                if which == "fib":
                    f = Func(name, [INT], INT, max_arg=15)
                    code = f"fn {name}(n) {{ if n < 2 {{ n }} else {{ {name}(n - 1) + {name}(n - 2) }} }}"
                elif which == "fact":
                    f = Func(name, [INT], INT, max_arg=20)
                    code = f"fn {name}(n) {{ if n <= 1 {{ 1 }} else {{ n * {name}(n - 1) }} }}"
                elif which == "sum_to":
                    f = Func(name, [INT], INT, max_arg=40)
                    code = f"fn {name}(n) {{ if n <= 0 {{ return 0; }} n + {name}(n - 1) }}"
                elif which == "gcd":
                    f = Func(name, [INT, INT], INT, max_arg=200)
                    code = f"fn {name}(a, b) {{ if b == 0 {{ a.abs() }} else {{ {name}(b, a % b) }} }}"
                else:
                    f = Func(name, [INT], INT, max_arg=30)
                    code = f"fn {name}(k) {{ let r = 1; for i in 0..k {{ r *= 2; }} r }}"
                self.funcs.append(f)
                return code
            if kind == "global":
                consts = [v for v in saved_scopes[0].values() if v.const and v.type == INT]
                if not consts:
                    kind = "int1"
                else:
                    c = self.pick(consts)
                    name = f"scaled{n}"
                    self.funcs.append(Func(name, [INT], INT))
                    return f"fn {name}(a) {{ a * global::{c.name} + 1 }}"
            if kind == "overload":
                same = [f for f in self.funcs if f.this_type is None and f.ret == INT and not f.max_arg
                        and len(f.params) == 1 and f.params == [INT]
                        and not any(g.name == f.name and len(g.params) == 2 for g in self.funcs)]
                if not same:
                    kind = "int2"
                else:
                    f = self.pick(same)
                    self.funcs.append(Func(f.name, [INT, INT], INT))
                    return f"fn {f.name}(a, b) {{ a * 100 + b }}"
            if kind in ("int1", "int2", "throwing"):
                params = ["a"] if kind != "int2" else ["a", "b"]
                self.scopes = [{p: Var(p, INT) for p in params}]
                name = self.pick(["calc", "step", "mix", "twist", "score", "bump", "weigh"]) + str(n)
                body = self.fn_body(INT)
                if kind == "throwing":
                    body = (f'if a < {self.r.randint(-2, 5)} {{ throw "bad input: " + a; }} ' + body)
                self.funcs.append(Func(name, [INT] * len(params), INT, throws=kind == "throwing"))
                private = "private " if self.chance(0.05) else ""
                doc = f"/// {self.pick(['Computes a value.', 'Helper.', 'Combines inputs.'])}\n" if self.chance(0.05) else ""
                return f"{doc}{private}fn {name}({', '.join(params)}) {{ {body} }}"
            if kind == "str1":
                self.scopes = [{"s": Var("s", STR), "k": Var("k", INT)}]
                name = self.pick(["fmt", "shout", "wrap", "tag", "render"]) + str(n)
                body = self.fn_body(STR)
                self.funcs.append(Func(name, [STR, INT], STR))
                return f"fn {name}(s, k) {{ {body} }}"
            if kind == "arr1":
                self.scopes = [{"xs": Var("xs", ARR)}]
                name = self.pick(["total", "summarise", "peak", "count_big"]) + str(n)
                body = self.pick([
                    "let t = 0; for v in xs { t += v; } t",
                    "if xs.is_empty() { return -1; } let m = xs[0]; for v in xs { if v > m { m = v; } } m",
                    f"xs.filter(|v| v > {self.int_lit(small=True)}).len()",
                    "xs.reduce(|a, b| a + b, 0) * 2",
                ])
                self.funcs.append(Func(name, [ARR], INT))
                return f"fn {name}(xs) {{ {body} }}"
            if kind == "unit":
                self.scopes = [{"a": Var("a", INT)}]
                name = "noop" + str(n)
                self.funcs.append(Func(name, [INT], UNIT))
                return self.pick([f"fn {name}(a) {{ }}", f"fn {name}(a) {{ let z = a + 1; }}",
                                  f"fn {name}(a) {{ print(`noop got ${{a}}`); }}"])
            if kind == "method":
                t = self.pick([INT, STR, ARR])
                name = self.pick(["grow", "halve", "describe", "pushed"]) + str(n)
                if t == INT:
                    if self.chance(0.5):
                        self.funcs.append(Func(name, [INT], UNIT, this_type=INT, mutates=True))
                        return f"fn {name}(d) {{ this += d; }}"
                    self.funcs.append(Func(name, [INT], INT, this_type=INT))
                    return f"fn {name}(k) {{ this * k + 1 }}"
                if t == STR:
                    self.funcs.append(Func(name, [], STR, this_type=STR))
                    return f'fn {name}() {{ "<" + this + ">" }}'
                if self.chance(0.5):
                    self.funcs.append(Func(name, [INT], UNIT, this_type=ARR, mutates=True))
                    return f"fn {name}(v) {{ this.push(v); this.push(v * 2); }}"
                self.funcs.append(Func(name, [], INT, this_type=ARR))
                return f"fn {name}() {{ this.len() * 10 }}"
            if kind == "typed":
                t = self.pick([INT, FLOAT])
                name = self.pick(["twice", "squared", "neg"]) + str(n)
                if t == INT:
                    self.funcs.append(Func(name, [], INT, this_type=INT, typed=True))
                    return f"fn int.{name}() {{ this * 2 - 1 }}"
                self.funcs.append(Func(name, [], FLOAT, this_type=FLOAT, typed=True))
                return f"fn float.{name}() {{ this * this }}"
            # person
            name = self.pick(["describe", "greet", "older"]) + str(n)
            if self.chance(0.6):
                self.funcs.append(Func(name, [], STR, this_type="person"))
                return f'fn {name}() {{ `${{this.name}} is ${{this.age}}` }}'
            self.funcs.append(Func(name, [INT], UNIT, this_type="person", mutates=True))
            return f"fn {name}(years) {{ this.age += years; }}"
        finally:
            self.scopes, self.in_fn = saved_scopes, saved_fn

    def fn_body(self, ret):
        stmts = []
        if self.chance(0.5):
            t = self.pick([INT, INT, STR])
            name = self.fresh(t)
            stmts.append(f"let {name} = {self.expr(t, 1)};")
            self.declare(name, t)
        if self.chance(0.3):
            stmts.append(f"if {self.expr(BOOL, 1)} {{ return {self.expr(ret, 1)}; }}")
        stmts.append(self.expr(ret, 0))
        return " ".join(stmts)

    # ------------------------------------------------------------ statements
    def print_stmt(self, code, t, named=True):
        """A statement printing the value of `code` (an expression of type t)."""
        if t in (FN, FN2) and not named:
            return f"print(type_of({code}));"
        return self.wpick([
            (8, lambda: f"print({code});"),
            (2, lambda: f"debug({code});"),
            (2, lambda: f"print({code}.to_debug());" if code.isidentifier() else f"print(({code}).to_debug());"),
            (2, lambda: f"print(`{self.pick(['', 'v=', 'value: ', '-> '])}${{{code}}}`);"),
            (1, lambda: f'print("{self.pick(["got ", "= ", ""])}" + {code});' if code.isidentifier()
             else f'print("= " + ({code}));'),
            (1, lambda: f"print(type_of({code}));"),
            (1, lambda: f"print({code}.to_string());" if code.isidentifier() else f"print(({code}).to_string());"),
        ])()

    def print_var(self, v):
        return self.print_stmt(v.name, v.type, named=v.named)

    def stmt_let(self):
        t = self.wpick(list((w, t) for t, w in DECL_WEIGHTS.items()))
        name = self.fresh(t)
        shadow = self.vars_of(t, mutable=True)
        if shadow and self.chance(0.08) and not self.in_fn:
            name = self.pick(shadow).name     # shadowing with the same type
        const = self.chance(0.1) and t in (INT, STR, FLOAT, BOOL, ARR, MAP)
        if const:
            name = name.upper()
        info = {}
        if t == ARR and self.chance(0.6):
            code, info["minlen"] = self.int_array_lit()
        elif t == SARR and self.chance(0.6):
            code, info["minlen"] = self.str_array_lit()
        elif t == MAP and self.chance(0.75):
            code, info["keys"] = self.map_lit()
        elif t == STR and self.chance(0.5):
            code, info["minlen"] = self.str_lit_len()
        elif t == REC:
            code, info["minlen"] = self.records_lit()
        elif t == MARR and self.chance(0.5):
            code, info["minlen"] = self.mixed_array_lit()
        elif t == BLOB:
            code, info["minlen"] = self.blob_lit()
        elif t == FN:
            if self.chance(0.5) and self.funcs:
                code, _ = self.named_fn_ptr()
                info["named"] = ".curry" not in code
            else:
                code = self.closure_expr(0)
        else:
            code = self.expr(t, 0)
        kw = "const" if const else "let"
        self.declare(name, t, const=const, **info)
        return [f"{kw} {name} = {code};"]

    def stmt_print(self):
        vs = list(self.visible().values())
        if vs and self.chance(0.6):
            return [self.print_var(self.pick(vs))]
        if self.chance(0.15):
            return [f"print({self.special_float()});"]
        t = self.pick(VALUE_TYPES + [INT, STR, FLOAT])
        return [self.print_stmt(self.expr(t, 0), t)]

    def stmt_assign(self):
        v = self.var_of(INT, FLOAT, STR, ARR, MAP, BLOB, SARR, CHAR, BOOL, mutable=True)
        if not v:
            return self.stmt_let()
        t = v.type
        if t == INT:
            op = self.pick(["+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "<<=", ">>=", "**=", "="])
            rhs = {"*=": self.int_lit(small=True), "/=": self.pos_lit(), "%=": self.pos_lit(),
                   "<<=": str(self.r.randint(0, 4)), ">>=": str(self.r.randint(0, 4)),
                   "**=": str(self.r.randint(0, 2))}.get(op) or self.expr(INT, 1)
            line = f"{v.name} {op} {rhs};"
        elif t == FLOAT:
            op = self.pick(["+=", "-=", "*=", "/=", "="])
            rhs = self.expr(FLOAT, 1) if op != "/=" else self.pick(["2.0", "4", "0.5"])
            line = f"{v.name} {op} {rhs};"
        elif t == STR:
            line = f"{v.name} += {self.expr(self.pick([STR, STR, CHAR, INT, FLOAT]), 1)};"
            if v.minlen and self.chance(0.2):
                line = f"{v.name}[{self.r.randint(0, v.minlen - 1)}] = {self.char_lit()};"
        elif t == CHAR:
            line = f"{v.name} = {self.expr(CHAR, 1)};"
        elif t == BOOL:
            line = self.pick([f"{v.name} = !{v.name};", f"{v.name} = {self.expr(BOOL, 1)};"])
        elif t == ARR:
            if v.minlen and self.chance(0.5):
                line = f"{v.name}[{self.r.randint(-v.minlen, v.minlen - 1)}] = {self.expr(INT, 1)};"
            elif self.chance(0.5):
                line = f"{v.name} += {self.expr(ARR, 1)};"
            else:
                line = f"{v.name} += {self.int_lit(small=True)};"
                if not self.nest:
                    v.minlen += 1
        elif t == SARR:
            line = f"{v.name} += {self.expr(STR, 1)};"
            if not self.nest:
                v.minlen += 1
        elif t == MAP:
            k = self.pick(MAP_KEYS + QUOTED_KEYS[:2])
            vt = v.keys.get(k, self.pick([INT, STR, ARR, BOOL]))
            if k in v.keys and vt == MAP:
                vt = INT
                line = f"{v.name}.{k}.extra = {self.expr(INT, 1)};"
            elif k.startswith('"'):
                line = f"{v.name}[{k}] = {self.expr(vt, 1)};"
            else:
                if k in v.keys and vt == INT and self.chance(0.5):
                    line = f"{v.name}.{k} {self.pick(['+=', '-=', '*='])} {self.int_lit(small=True)};"
                else:
                    line = f"{v.name}.{k} = {self.expr(vt, 1)};"
                if not self.nest or k in v.keys:
                    v.keys[k] = vt
        else:  # BLOB
            if v.minlen and self.chance(0.6):
                line = f"{v.name}[{self.r.randint(0, v.minlen - 1)}] = {self.r.randint(0, 300)};"
            else:
                line = f"{v.name} += {self.expr(BLOB, 1)};"
        return [line, self.print_var(v)] if not self.nest else [line]

    def stmt_mutate(self):
        """A mutating method call on a variable, then print it."""
        v = self.var_of(ARR, SARR, STR, MAP, BLOB, INT, REC, mutable=True)
        if not v:
            return self.stmt_let()
        t, n = v.type, v.name
        if t == ARR:
            line, delta = self.wpick([
                (4, lambda: (f"{n}.push({self.expr(INT, 1)});", 1)),
                (2, lambda: (f"{n}.insert({self.r.randint(-2, 4)}, {self.int_lit(small=True)});", 1)),
                (2, lambda: (f"print({n}.pop());", -1)),
                (1, lambda: (f"print({n}.shift());", -1)),
                (1, lambda: (f"print({n}.remove({self.r.randint(0, 4)}));", -1)),
                (3, lambda: (f"{n}.sort();", 0)),
                (1, lambda: (f"{n}.sort(|a, b| b - a);", 0)),
                (1, lambda: (f"{n}.sort(|a, b| a > b);", 0)),
                (1, lambda: (f"{n}.sort_desc();", 0)),
                (2, lambda: (f"{n}.reverse();", 0)),
                (1, lambda: (f"{n}.dedup();", None)),
                (1, lambda: (f"{n}.truncate({self.r.randint(0, 4)});", None)),
                (1, lambda: (f"{n}.chop({self.r.randint(0, 3)});", None)),
                (1, lambda: (f"{n}.pad({self.r.randint(0, 8)}, {self.int_lit(small=True)});", 0)),
                (1, lambda: (f"{n}.splice({self.r.randint(0, 2)}, {self.r.randint(0, 2)}, {self.int_array_lit()[0]});", None)),
                (1, lambda: (f"print({n}.drain(|v| v < {self.int_lit(small=True)}));", None)),
                (1, lambda: (f"print({n}.retain(|v| v % 2 == 0));", None)),
                (1, lambda: (f"print({n}.split({self.r.randint(0, 3)}));", None)),
                (1, lambda: (f"{n}.append({self.int_array_lit()[0]});", 0)),
                (1, lambda: (f"{n}.clear();", None)),
                (1, lambda: (f"{n}.for_each(|| this *= 2);", 0) if self.chance(0.5) else (f"{n}.set(0, 99);", 0)),
            ])()
        elif t == SARR:
            line, delta = self.wpick([
                (3, lambda: (f'{n}.push("{self.pick(["new", "zeta", "Émile", ""])}");', 1)),
                (2, lambda: (f"{n}.sort();", 0)),
                (1, lambda: (f"{n}.reverse();", 0)),
                (1, lambda: (f"print({n}.pop());", -1)),
                (1, lambda: (f"{n}.dedup();", None)),
            ])()
        elif t == STR:
            line, delta = self.wpick([
                (2, lambda: (f"{n}.trim();", None)),
                (2, lambda: (f'{n}.replace("{self.pick(["l", "a", "ab", " ", "é"])}", "{self.pick(["L", "", "__", "ü"])}");', None)),
                (1, lambda: (f"{n}.replace('{self.pick(['a', 'o', 'l'])}', '{self.pick(['A', '0', '*'])}');", 0)),
                (2, lambda: (f"{n}.pad({self.r.randint(0, 12)}, '{self.pick(['*', ' ', '0', 'é'])}');", 0)),
                (1, lambda: (f'{n}.pad({self.r.randint(0, 12)}, "ab");', 0)),
                (1, lambda: (f"{n}.crop({self.r.randint(0, 3)}, {self.r.randint(0, 4)});", None)),
                (1, lambda: (f"{n}.crop({self.r.randint(-2, 3)});", None)),
                (1, lambda: (f"{n}.truncate({self.r.randint(0, 5)});", None)),
                (1, lambda: (f'{n}.remove("{self.pick(["l", "a", " "])}");', None)),
                (1, lambda: (f"{n}.remove('{self.pick(['o', 'b'])}');", None)),
                (1, lambda: (f"{n}.make_upper();", 0)),
                (1, lambda: (f"{n}.make_lower();", 0)),
                (1, lambda: (f"print({n}.pop());", -1)),
                (1, lambda: (f"print({n}.pop({self.r.randint(1, 3)}));", None)),
                (1, lambda: (f"{n}.clear();", None)),
                (1, lambda: (f"{n}.append({self.expr(self.pick([INT, CHAR, STR]), 1)});", 0)),
            ])()
        elif t == MAP:
            line, delta = self.wpick([
                (2, lambda: (f'print({n}.remove("{self.pick(list(v.keys) or MAP_KEYS)}"));', None)),
                (2, lambda: self.map_merge(v, "mixin")),
                (1, lambda: self.map_merge(v, "fill_with")),
                (1, lambda: self.map_merge(v, "+=")),
                (1, lambda: self.map_set(v)),
                (1, lambda: (f"print({n}.drain(|k, v| k.len() > 2));", None)),
                (1, lambda: (f"{n}.clear();", None)),
            ])()
            if delta is None:
                v.keys = {}     # keys were removed: forget what we knew
        elif t == BLOB:
            line, delta = self.wpick([
                (3, lambda: (f"{n}.push({self.r.randint(0, 300)});", 1)),
                (1, lambda: (f"{n}.append(\"{self.pick(['hi', 'é'])}\");", 0)),
                (1, lambda: (f"print({n}.pop());", -1)),
                (1, lambda: (f"{n}.reverse();", 0)),
                (1, lambda: (f"{n}.pad({self.r.randint(0, 8)}, 7);", 0)),
                (1, lambda: (f"{n}.insert(0, 1);", 1)),
                (1, lambda: (f"{n}.truncate({self.r.randint(0, 3)});", None)),
            ])()
        elif t == REC:
            line, delta = self.wpick([
                (2, lambda: (f"{n}.sort(|a, b| a.age - b.age);", 0)),
                (1, lambda: (f"{n}.sort(|a, b| if a.name < b.name {{ -1 }} else {{ 1 }});", 0)),
                (1, lambda: (f"{n}.push({self.record_lit()});", 1)),
                (1, lambda: (f"{n}[0].age += 1;", 0) if v.minlen else (f"{n}.push({self.record_lit()});", 1)),
                (1, lambda: (f'{n}[0].tags.push("vip");', 0) if v.minlen else (f"{n}.reverse();", 0)),
            ])()
        else:  # INT
            fs = [f for f in self.funcs if f.this_type == INT and f.mutates]
            if fs and self.chance(0.6):
                f = self.pick(fs)
                line, delta = f"{n}.{f.name}({self.int_lit(small=True)});", 0
            else:
                line, delta = self.wpick([
                    (1, lambda: (f"{n}.set_bit({self.r.randint(0, 10)}, {self.pick(['true', 'false'])});", 0)),
                    (1, lambda: (f"{n}.set_bits({self.r.randint(0, 4)}, {self.r.randint(1, 4)}, {self.r.randint(0, 15)});", 0)),
                ])()
        if delta is None:
            v.minlen = 0
        elif delta < 0:
            v.minlen = max(0, v.minlen + delta)
        elif delta > 0 and not self.nest:
            v.minlen += delta
        return [line] if self.nest else [line, self.print_var(v)]

    def map_merge(self, v, how):
        code, keys = self.map_lit()
        for k, t in keys.items():
            if how == "fill_with" and k in v.keys:
                continue
            if self.nest and k not in v.keys:
                continue
            if k in v.keys and v.keys[k] != t and self.nest:
                v.keys.pop(k)      # may or may not have run: type unknown now
                continue
            v.keys[k] = t
        line = f"{v.name} += {code};" if how == "+=" else f"{v.name}.{how}({code});"
        return line, 0

    def map_set(self, v):
        k = self.pick(MAP_KEYS)
        if k in v.keys and v.keys[k] != INT:
            v.keys.pop(k)
        elif not self.nest:
            v.keys[k] = INT
        return f'{v.name}.set("{k}", {self.int_lit(small=True)});', 0

    def stmt_method_fn(self):
        """Call a script function as a method (`this`)."""
        fs = [f for f in self.funcs if f.this_type]
        if not fs:
            return self.stmt_fn_def()
        f = self.pick(fs)
        recv = self.this_receiver(f)
        if not recv:
            return self.stmt_print()
        args = ", ".join(self.expr(p, 1) for p in f.params)
        call = f"{recv}.{f.name}({args})"
        if f.mutates:
            return [f"{call};", f"print({recv});"]
        return [f"print({call});"]

    def stmt_fn_def(self):
        return [self.fn_def()]

    @property
    def loop_depth(self):
        return len(self.loops)

    def block(self, n=None, extra=None, loop=None):
        """A `{ ... }` block on one line, with its own scope; `loop` is the loop kind, if any."""
        self.push_scope(extra)
        self.nest += 1
        if loop:
            self.loops.append(loop)
        try:
            stmts = []
            for _ in range(self.r.randint(1, 3) if n is None else n):
                stmts.extend(self.inner_stmt())
        finally:
            self.pop_scope()
            self.nest -= 1
            if loop:
                self.loops.pop()
        return "{ " + " ".join(stmts) + " }"

    def inner_stmt(self):
        """A statement allowed inside a nested block (bounded work, no fn defs)."""
        options = [
            (5, lambda: self.stmt_print()),
            (2, lambda: self.stmt_let_inner()),
            (2, lambda: self.stmt_assign_inner()),
            (1, lambda: self.stmt_mutate() if self.loop_depth == 0 else self.stmt_print()),
            (1, lambda: [self.if_stmt()] if self.nest < 3 else self.stmt_print()),
        ]
        if self.loops:
            options.append((2, lambda: [f"if {self.expr(BOOL, 1)} {{ {self.loop_exit()}; }}"]))
        if self.loop_depth < 2 and self.nest < 3:
            options.append((1, lambda: [self.for_stmt(small=True)]))
        return self.wpick(options)()

    def loop_exit(self):
        kind = self.loops[-1]
        if kind == "do":
            # `continue` in a do-loop skips the condition in the reference engine: it would hang.
            return "break"
        if kind == "value":
            return self.pick([f"break {self.expr(INT, 2)}", "continue"])
        return self.pick(["break", "continue"])

    def stmt_let_inner(self):
        t = self.pick([INT, INT, STR, FLOAT, ARR, BOOL])
        name = self.fresh(t)
        code = self.expr(t, 1)
        self.declare(name, t)
        return [f"let {name} = {code};", f"print({name});"]

    def stmt_assign_inner(self):
        v = self.var_of(INT, STR, FLOAT, mutable=True)
        if not v:
            return self.stmt_let_inner()
        if v.type == INT:
            return [f"{v.name} {self.pick(['+=', '-=', '+=', '^='])} {self.expr(INT, 2)};"]
        if v.type == FLOAT:
            return [f"{v.name} {self.pick(['+=', '-='])} {self.expr(FLOAT, 2)};"]
        return [f"{v.name} += {self.expr(self.pick([STR, CHAR, INT]), 2)};"] if self.loop_depth == 0 or self.chance(0.5) \
            else [f"print({v.name}.len());"]

    def if_stmt(self):
        code = f"if {self.expr(BOOL, 0)} {self.block()}"
        for _ in range(self.r.choice([0, 0, 1, 2])):
            code += f" else if {self.expr(BOOL, 0)} {self.block()}"
        if self.chance(0.6):
            code += f" else {self.block()}"
        return code

    def stmt_if(self):
        if self.chance(0.25):
            t = self.pick([INT, STR, FLOAT])
            name = self.fresh(t)
            code = f"let {name} = if {self.expr(BOOL, 0)} {{ {self.expr(t, 1)} }} else {{ {self.expr(t, 1)} }};"
            self.declare(name, t)
            return [code, f"print({name});"]
        return [self.if_stmt()]

    def stmt_switch(self):
        if self.chance(0.4):
            t = self.pick([INT, STR, CHAR, FLOAT])
            name = self.fresh(t)
            code = f"let {name} = {self.switch_expr(t, 0)};"
            self.declare(name, t)
            return [code, f"print({name});"]
        scrut_t = self.pick([INT, INT, STR, CHAR, BOOL, FLOAT])
        arms = []
        if scrut_t == INT:
            scrut = self.operand(INT, 1)
            lits = self.r.sample(range(-2, 12), 3)
            arms.append(f"{lits[0]} => {self.block(1)}")
            arms.append(f"{lits[1]} | {lits[2]} => print(\"pair\"),")
            if self.chance(0.5):
                arms.append(f"{self.r.randint(0, 5)} if {self.expr(BOOL, 1)} => print(\"guarded\"),")
            if self.chance(0.6):
                a = self.r.randint(-5, 20)
                arms.append(f"{a}..{a + self.r.randint(1, 30)} => print(\"in range\"),")
            if self.chance(0.3):
                a = self.r.randint(-5, 20)
                arms.append(f"{a}..={a + self.r.randint(0, 10)} => {{ print(\"inclusive\"); }}")
        elif scrut_t == STR:
            scrut = self.operand(STR, 1)
            for s in self.r.sample(["hello", "abc", "", "Rhai", "x", "héllo wörld"], 2):
                arms.append(f'"{s}" => print("matched {s}"),')
        elif scrut_t == CHAR:
            scrut = self.operand(CHAR, 1)
            arms.append("'a' | 'e' | 'i' => print(\"vowel\"),")
            arms.append("'ß' => print(\"eszett\"),")
        elif scrut_t == BOOL:
            scrut = self.operand(BOOL, 1)
            arms.append("true => print(\"yes\"),")
            if self.chance(0.5):
                arms.append("false => print(\"no\"),")
        else:
            scrut = self.operand(FLOAT, 1)
            arms.append("1.5 => print(\"one and a half\"),")
            arms.append("0.0 => print(\"zero\"),")
        if self.chance(0.8):
            arms.append(f"_ => {self.block(1)}")
        body = " ".join(arms).rstrip(",")
        return [f"switch {scrut} {{ {body} }}"]

    def loop_counter(self):
        self.counter += 1
        name = f"i{self.counter}"
        v = self.declare(name, INT)
        v.locked = True
        return name

    def stmt_while(self):
        kind = self.pick(["while", "loop", "do_while", "do_until", "while_break"])
        c = self.loop_counter()
        bound = self.r.randint(1, 8)
        body = self.block(loop={"loop": "value", "do_while": "do", "do_until": "do"}.get(kind, "plain"))[2:-2]
        if kind == "while":
            return [f"let {c} = 0; while {c} < {bound} {{ {c} += 1; {body} }}"]
        if kind == "loop":
            res = self.fresh(INT)
            stop = f"if {c} > {bound} {{ break {c} * {self.int_lit(small=True)}; }}"
            code = f"let {c} = 0; let {res} = loop {{ {c} += 1; {stop} {body} }};"
            self.declare(res, INT)
            return [code, f"print({res});"]
        if kind == "while_break":
            res = self.fresh(INT)
            code = (f"let {c} = 0; let {res} = while {c} < 100 {{ {c} += 1; if {c} >= {bound} {{ break {c}; }} }};")
            self.declare(res, INT)
            return [code, f"print({res});"]
        if kind == "do_while":
            return [f"let {c} = 0; do {{ {c} += 1; {body} }} while {c} < {bound};", f"print({c});"]
        return [f"let {c} = 0; do {{ {c} += 1; {body} }} until {c} >= {bound};", f"print({c});"]

    def for_stmt(self, small=False):
        hi = 4 if small else 10
        kind = self.wpick([(4, "range"), (1, "incl"), (2, "step"), (3, "array"), (1, "indexed"),
                           (2, "string"), (1, "keys"), (1, "recs"), (1, "bits"), (1, "blob"), (1, "chars_range")])
        var = self.pick(["i", "v", "item", "x", "ch", "k", "j"]) + str(self.counter + 1)
        self.counter += 1
        extra = {var: Var(var, INT)}
        if kind == "range":
            head = f"{var} in {self.r.randint(-2, 2)}..{self.r.randint(0, hi)}"
        elif kind == "incl":
            head = f"{var} in {self.r.randint(0, 2)}..={self.r.randint(0, hi)}"
        elif kind == "step":
            a, b = self.r.randint(0, 3), self.r.randint(4, hi * 2)
            s = self.r.randint(1, 4)
            head = self.pick([f"{var} in range({a}, {b}, {s})", f"{var} in range({b}, {a}, -{s})",
                              f"{var} in range({a}..{b}, {s})"])
        elif kind == "array":
            v = self.var_of(ARR)
            head = f"{var} in {v.name if v else self.int_array_lit()[0]}"
        elif kind == "indexed":
            idx = f"n{self.counter}"
            v = self.var_of(ARR, SARR)
            src = v.name if v else self.int_array_lit()[0]
            t = v.type if v else ARR
            extra = {var: Var(var, INT if t == ARR else STR), idx: Var(idx, INT)}
            head = f"({var}, {idx}) in {src}"
        elif kind == "string":
            extra = {var: Var(var, CHAR)}
            head = f"{var} in {self.expr(STR, 2)}"
            if self.chance(0.3):
                head = f"{var} in {self.recv(STR, 2)}.chars()"
        elif kind == "chars_range":
            extra = {var: Var(var, CHAR)}
            head = f'{var} in "{self.pick(["hello world", "ünï", "abcdef"])}".chars({self.r.randint(0, 2)}, {self.r.randint(0, 4)})'
        elif kind == "keys":
            v = self.var_of(MAP)
            extra = {var: Var(var, STR)}
            head = f"{var} in {v.name if v else self.map_lit()[0]}.keys()"
        elif kind == "recs":
            v = self.var_of(REC)
            extra = {var: Var(var, MAP, keys={"name": STR, "age": INT, "score": FLOAT, "tags": SARR})}
            head = f"{var} in {v.name if v else self.records_lit()[0]}"
        elif kind == "bits":
            extra = {var: Var(var, BOOL)}
            num = self.pick([str(self.r.randint(0, 300)), "0b1011", "0xf0"])
            head = f"{var} in {num}.bits({self.r.randint(0, 2)}, {self.r.randint(1, 8)})"
        else:
            extra = {var: Var(var, ANY)}
            head = f"{var} in {self.blob_lit()[0]}"
        for v in extra.values():
            v.locked = True
        body = self.block(extra=extra, loop="plain", n=self.r.randint(1, 2) if small else None)
        return f"for {head} {body}"

    def stmt_for(self):
        if self.chance(0.2):
            # nested loops with break/continue, accumulating into a fresh variable
            acc = self.fresh(INT)
            self.declare(acc, INT)
            a, b = f"i{self.counter}", f"j{self.counter}"
            cond = self.pick([f"{b} > {a}", f"({a} + {b}) % 3 == 0", f"{b} == 2"])
            return [f"let {acc} = 0; for {a} in 0..{self.r.randint(2, 6)} {{ for {b} in 0..{self.r.randint(2, 6)} "
                    f"{{ if {cond} {{ {self.pick(['break', 'continue'])}; }} {acc} += {a} * 10 + {b}; }} }}",
                    f"print({acc});"]
        if self.chance(0.1):
            res = self.fresh(INT)
            self.declare(res, ANY)
            v = self.var_of(ARR)
            src = v.name if v else self.int_array_lit()[0]
            return [f"let {res} = for x in {src} {{ if x > {self.int_lit(small=True)} {{ break x; }} }};",
                    f"print({res});"]
        return [self.for_stmt()]

    def stmt_closure(self):
        kind = self.pick(["counter", "adder", "apply", "curry", "nested", "capture_print", "fnptr_call",
                          "object", "bind_this"])
        if kind == "object":
            # an object map with closure "methods" that use `this`
            o = self.fresh(MAP)
            start, step = self.int_lit(small=True), self.int_lit(small=True)
            lines = [f"let {o} = #{{count: {start}, step: {step}, label: {self.str_lit()}, "
                     f"bump: |n| {{ this.count += n * this.step; this.count }}, "
                     f"show: || `${{this.label}}=${{this.count}}`}};",
                     f"print({o}.bump({self.int_lit(small=True)}));",
                     f"print({o}.show());",
                     f"print({o}.count);"]
            if self.chance(0.4):
                lines.append(f"{o}.step *= 2; print({o}.bump(1));")
            # not declared: printing it would print closures
            return lines
        if kind == "bind_this":
            v = self.var_of(INT, mutable=True)
            if v and self.chance(0.5):
                fs = [f for f in self.funcs if f.this_type == INT and f.mutates]
                if fs:
                    return [f'{v.name}.call(Fn("{fs[0].name}"), {self.int_lit(small=True)});', f"print({v.name});"]
                return [f"{v.name}.call(|d| this += d, {self.int_lit(small=True)});", f"print({v.name});"]
            m = self.var_of(MAP, pred=lambda v: INT in v.keys.values())
            if not m:
                return self.stmt_let()
            k = self.pick([k for k, t in m.keys.items() if t == INT])
            return [f"print({m.name}.call(|| this.{k} * 2));"]
        if kind == "counter":
            c, f = self.fresh(INT), self.fresh(FN)
            self.declare(c, INT)
            self.declare(f, FN)
            lines = [f"let {c} = {self.int_lit(small=True)};",
                     f"let {f} = |x| {{ {c} += x; {c} }};",
                     f"print({f}.call({self.int_lit(small=True)}));",
                     f"print({f}.call({self.int_lit(small=True)}));",
                     f"print({c});"]
            if self.chance(0.5):
                lines.append(f"print(is_shared({c}));")
            return lines
        if kind == "adder":
            mk = f"make_adder{self.counter + 1}"
            self.counter += 1
            add = self.fresh(FN)
            self.declare(add, FN)
            return [f"let {mk} = |n| |x| x + n;",
                    f"let {add} = {mk}.call({self.int_lit(small=True)});",
                    f"print({add}.call({self.int_lit(small=True)}));",
                    f"print(call({add}, {self.expr(INT, 1)}));"]
        if kind == "apply":
            ap = f"apply{self.counter + 1}"
            self.counter += 1
            f = self.var_of(FN)
            fcode = f.name if f else self.closure_expr(1)
            return [f"let {ap} = |g, v| g.call(g.call(v));", f"print({ap}.call({fcode}, {self.expr(INT, 1)}));"]
        if kind == "curry":
            fs = self.plain_funcs([INT, INT])
            g = self.fresh(FN)
            if fs:
                fn = self.pick(fs)
                self.declare(g, FN)
                return [f'let {g} = Fn("{fn.name}").curry({self.int_lit(small=True)});',
                        f"print({g}.call({self.int_lit(small=True)}));"]
            self.declare(g, FN2)
            self.declare(g + "c", FN)
            return [f"let {g} = |a, b| a * 10 + b;", f"let {g}c = {g}.curry({self.int_lit(small=True)});",
                    f"print({g}c.call({self.int_lit(small=True)}));", f"print(curry({g}, 1, 2).call());"]
        if kind == "nested":
            v = self.var_of(ARR)
            src = v.name if v else self.int_array_lit()[0]
            k = self.int_lit(small=True)
            return [f"print({self.recv(ARR, 1) if not v else src}.map(|x| [x, x * {k}]).filter(|p| p[1] > {k}));"]
        if kind == "fnptr_call":
            fs = [fn for fn in self.funcs if fn.this_type is None and fn.ret != UNIT and not fn.throws]
            if not fs:
                return self.stmt_fn_def()
            fn = self.pick(fs)
            args = self.call_func(fn, 1)[len(fn.name) + 1:-1]
            sep = ", " if args else ""
            return [self.pick([f'print(Fn("{fn.name}").call({args}));',
                               f'print(call(Fn("{fn.name}"){sep}{args}));',
                               f'let fp{self.counter} = Fn("{fn.name}"); print(fp{self.counter}); print(fp{self.counter}.name);'])]
        # capture_print
        v = self.var_of(INT, STR)
        if not v:
            return self.stmt_let()
        f = self.fresh(FN)
        return [f"let {f} = || {v.name};", f"print({f}.call());"]

    def stmt_misc(self):
        return self.wpick([
            (2, lambda: [f'print(eval("{self.pick(["40 + 2", "let q = 3; q * q", "[1, 2].len()", "`x${1 + 1}`"])}"));']),
            (1, lambda: [f"let u{self.counter}; print(u{self.counter}); print(type_of(u{self.counter}));"]),
            (2, lambda: [f"// {self.pick(['a comment', 'TODO: more', 'print(1);', 'é ü 中'])}"]),
            (1, lambda: [f"/* block {self.pick(['comment', '/* nested */ comment'])} */ print({self.expr(INT, 1)});"]),
            (2, lambda: [f"print({self.operand(INT, 1)} == {self.operand(self.pick([STR, FLOAT, BOOL, CHAR]), 1)});"]),
            (1, lambda: [f"print({self.operand(STR, 1)} != {self.operand(CHAR, 1)});"]),
            (1, lambda: [f"print({self.expr(INT, 1)}); // trailing comment"]),
            (1, lambda: [f"print(({self.expr(INT, 1)}).to_string().len());"]),
        ])()

    def stmt_block(self):
        v = self.var_of(INT, STR, mutable=True)
        if v and self.chance(0.5):
            # shadowing inside a block must not leak out
            val = self.expr(v.type, 1)
            return [f"{{ let {v.name} = {val}; print({v.name}); }}", f"print({v.name});"]
        name = self.fresh(INT)
        code = f"let {name} = {{ let t = {self.expr(INT, 1)}; let u = t * 2; u - 1 }};"
        self.declare(name, INT)
        return [code, f"print({name});"]

    def stmt_nested_data(self):
        """Deep structures: maps of arrays of maps, with deep reads and writes."""
        name = self.fresh(MAP)
        inner = self.records_lit()[0]
        code = (f"let {name} = #{{title: {self.str_lit()}, meta: #{{version: {self.r.randint(1, 9)}, "
                f"flags: [true, false], ratio: {self.float_lit()}}}, people: {inner}, matrix: [[1, 2], [3, 4], []]}};")
        self.declare(name, MAP, keys={"title": STR})
        ops = [
            f"{name}.meta.version += 1;",
            f'{name}.people[0].tags.push("new");',
            f"{name}.matrix[1][0] = {self.int_lit(small=True)};",
            f"{name}.matrix[2].push({self.int_lit(small=True)});",
            f'{name}["meta"]["note"] = "{self.pick(["hi", "ok", "é"])}";',
            f"print({name}.people.map(|p| p.name));",
            f"print({name}.meta);",
            f"print({name}.people[0]?.tags ?? []);",
            f"print({name}.missing?.deeper ?? \"none\");",
            f"print({name}?.meta?.flags?[1]);",
            f"print({name}.matrix);",
            f"print({name}.to_json());" if self.chance(0.5) else f"print({name}.meta.to_json());",
        ]
        self.r.shuffle(ops)
        return [code] + ops[: self.r.randint(2, 6)] + [self.print_stmt(name, MAP)]

    # --------------------------------------------------------------- errors
    def error_stmt(self):
        """(statement, kind) that raises an error at run time; kind 'throw' or 'sys'."""
        i = lambda: self.expr(INT, 1)
        arr = self.var_of(ARR)
        s = self.var_of(STR)
        thrown = [i(), self.str_lit(), self.map_lit()[0], self.float_lit(), "()", self.char_lit(), "[1, 2]"]
        options = [
            (3, lambda: (f"let z = {self.operand(INT, 1)} / 0;", "sys")),
            (2, lambda: (f"print({self.operand(INT, 1)} % 0);", "sys")),
            (3, lambda: (f"print({arr.name if arr else '[1, 2, 3]'}[{self.r.randint(20, 99)}]);", "sys")),
            (1, lambda: (f"print({arr.name if arr else '[1, 2, 3]'}[-{self.r.randint(20, 99)}]);", "sys")),
            (2, lambda: (f"print({s.name if s else self.str_lit()}[{self.r.randint(30, 60)}]);", "sys")),
            (3, lambda: (f"let z = {self.operand(INT, 1)} + {self.pick(['true', '()', '[1]', '#{a: 1}', 'blob(1)'])};", "sys")),
            (2, lambda: (f"let z = {self.operand(STR, 1)} - {self.operand(INT, 1)};", "sys")),
            (1, lambda: (f"let z = {self.pick(['true', 'false'])} * {i()};", "sys")),
            (1, lambda: (f"let z = -{self.operand(STR, 1)};", "sys")),
            (2, lambda: (f"print({self.pick(['no_such_fn', 'undefined_helper', 'frobnicate'])}({i()}));", "sys")),
            (2, lambda: (f"print({self.recv(INT, 1)}.{self.pick(['push', 'len', 'sort', 'to_upper'])}({i()}));", "sys")),
            (1, lambda: (f"print({self.pick(['missing_var', 'undefined_x'])} + 1);", "sys")),
            (2, lambda: (self.pick([f"print(9223372036854775807 + {self.pos_lit()});",
                                    f"print(-9223372036854775807 - {self.r.randint(2, 9)});",
                                    f"print(9223372036854775807 * {self.r.randint(2, 9)});",
                                    f"print(2 ** {self.r.randint(63, 70)});",
                                    f"print((-9223372036854775807 - 1).abs());",
                                    f"print({self.pick(['1e30', '1.0 / 0.0', '-1e19'])}.to_int());"]), "sys")),
            (2, lambda: (f'print(parse_int("{self.pick(["12abc", "", "0x10", "1.5", "ten"])}"));', "sys")),
            (1, lambda: (f'print(parse_float("{self.pick(["abc", "", "1,5"])}"));', "sys")),
            (1, lambda: (f"let z = {self.pick(NON_MAPS)}.{self.pick(['foo', 'bar'])};", "sys")),
            (1, lambda: (f'print(Fn("{self.pick(["no_such", "missing_fn"])}").call(1));', "sys")),
            (1, lambda: (f'let fz = Fn("{self.pick(["1bad", "with space", ""])}");', "sys")),
            (1, lambda: (f"print([1, 0, 2].map(|v| 10 / v));", "closure")),
            (1, lambda: (f"print(blob({self.r.randint(1, 4)})[{self.r.randint(10, 20)}]);", "sys")),
            (1, lambda: (f"let z = #{{a: 1}}.a.b.c;", "sys")),
            (1, lambda: (f"print({self.r.randint(1, 5)}.get_bit({self.r.randint(64, 80)}));", "sys")),
            (1, lambda: (f"print(\"abc\".pad(-1, 'x'));", "sys")),
            (1, lambda: (f"let z = 1 << {self.pick(['64', '-1', '100'])};", "sys")),
            (4, lambda: (f"throw {self.pick(thrown)};", "throw")),
            (1, lambda: (f"print(sqrt({self.int_lit(small=True)}));", "sys")),
            (1, lambda: (f"print({self.r.randint(2, 9)} ** -{self.r.randint(1, 3)});", "sys")),
            (1, lambda: (f"let z = [1, 2, 3].reduce(|a, b| a + b, \"\") - 1;", "sys")),
            (1, lambda: (f"print({self.pick(NON_MAPS)}.call(1));", "sys")),
        ]
        fs = [f for f in self.funcs if f.this_type is None and f.params]
        if fs:
            f = self.pick(fs)
            too_many = ", ".join("1" for _ in range(len(f.params) + 1))
            options.append((2, lambda: (f"print({f.name}({too_many}));", "sys")))
            options.append((1, lambda: (f"print({f.name}());", "sys")))
        thr = [f for f in self.funcs if f.throws]
        if thr:
            f = self.pick(thr)
            # the thrown string reaches the catch as it is (no error map)
            options.append((2, lambda: (f"print({f.name}({', '.join('-100' for _ in f.params)}));", "throw")))
        rec = [f for f in self.funcs if f.max_arg]
        if rec:
            f = self.pick(rec)
            if f.name.startswith("fact"):
                options.append((1, lambda: (f"print({f.name}({self.r.randint(21, 25)}));", "sys")))
            if f.name.startswith("sum_to"):
                options.append((1, lambda: (f"print({f.name}(200));", "sys")))
        consts = self.vars_of(INT, STR, ARR, pred=lambda v: v.const)
        if consts:
            c = self.pick(consts)
            mutator = {ARR: "push(1)", STR: "clear()"}.get(c.type, "set_bit(0, true)")
            options.append((1, lambda: (f"{c.name}.{mutator};", "sys")))
        return self.wpick(options)()

    def catch_handler(self, kind):
        if kind == "throw":
            return self.pick(["print(e);", "print(e); print(type_of(e));", "print(`caught: ${e}`);",
                              'print("caught " + type_of(e));', "debug(e);"])
        if kind == "closure":
            # the error map names the anonymous function, whose name is engine-specific
            return self.pick(["print(e.message);", "print(type_of(e));", "print(e.error);"])
        return self.wpick([
            (3, lambda: "print(e.message);"),
            (2, lambda: "print(type_of(e)); print(e.message);"),
            (2, lambda: "print(e);"),
            (1, lambda: "print(e.error ?? \"?\");"),
            (1, lambda: "print(`${e.line}:${e.position}`);"),
            (1, lambda: "print(\"failed\");"),
        ])()

    def stmt_try(self):
        stmt, kind = self.error_stmt()
        before = ""
        if self.chance(0.3):
            before = f"print({self.pick(BEFORE_MARKS)}); "
        after = " print(\"unreachable\");" if self.chance(0.3) else ""
        var = "(e) " if self.chance(0.9) else ""
        handler = self.catch_handler(kind) if var else 'print("caught something");'
        if self.chance(0.1):
            # rethrow from a nested catch
            return [f"try {{ try {{ {stmt} }} catch (e) {{ print(\"inner\"); throw e; }} }} catch (e) {{ {handler} }}"]
        return [f"try {{ {before}{stmt}{after} }} catch {var}{{ {handler} }}"]

    def syntax_error_line(self):
        return self.pick([
            "let = 5;", "print(1 +);", "let x = [1, 2;", "fn (a) { a }", "let y = #{a: 1,, b: 2};",
            "if true { print(1); ", "let 9lives = 1;", "print(\"unterminated);", "x +* 2;",
            "let z = 1 2;", "switch 1 { 1 => print(1), 1 => print(2) }", "let q = 'ab';",
            "const K = 1; K = 2;", "break;", "for q in 3.5 { print(q); }", "return 1 +;", "let w = 0x;", "print(1e);",
        ])

    # -------------------------------------------------------------- program
    def program(self) -> str:
        n = self.r.randint(10, 40)
        weights = [
            (9, self.stmt_let), (8, self.stmt_print), (6, self.stmt_assign), (6, self.stmt_mutate),
            (4, self.stmt_if), (3, self.stmt_switch), (3, self.stmt_while), (4, self.stmt_for),
            (4, self.stmt_fn_def), (3, self.stmt_closure), (5, self.stmt_try), (2, self.stmt_block),
            (2, self.stmt_method_fn), (1, self.stmt_nested_data), (2, self.stmt_misc),
        ]
        # Each program stresses a few areas more than the others.
        boost = self.r.sample(range(len(weights)), 3)
        weights = [(w * (3 if i in boost else 1), f) for i, (w, f) in enumerate(weights)]
        lines: list[str] = []
        # A few starting values so expressions have variables to use.
        for _ in range(self.r.randint(2, 4)):
            lines.extend(self.stmt_let())
        if self.chance(0.5):
            lines.append(self.fn_def())
        # Occasionally an uncaught error ends the program somewhere in its last third.
        uncaught_at = self.r.randint(n * 2 // 3, n) if self.chance(0.08) else None
        while len(lines) < n:
            if uncaught_at is not None and len(lines) >= uncaught_at:
                lines.append(self.error_stmt()[0])
                uncaught_at = None
            lines.extend(self.wpick(weights)())
        if uncaught_at is not None:
            lines.append(self.error_stmt()[0])
        if self.chance(0.015):
            lines.insert(self.r.randint(0, len(lines)), self.syntax_error_line())
        return "\n".join(lines) + "\n"


def generate_program(seed, index) -> str:
    """Program `index` of seed `seed` (deterministic)."""
    return ProgramGenerator(random.Random(f"{seed}:{index}")).program()


if __name__ == "__main__":
    import sys
    seed = sys.argv[1] if len(sys.argv) > 1 else "1"
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    for i in range(count):
        print(f"// ---- program {i} (seed {seed})")
        print(generate_program(seed, i))
