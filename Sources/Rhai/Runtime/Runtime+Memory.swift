/// The memory account of one run, against `Limits.maxMemory`.
///
/// Charging is a running estimate that over-counts: every new value the size limits measure
/// (results of operators and native calls, elements stored by assignment, literals) is charged
/// its whole estimated size (`DataSize.bytes`); a container grown in place (the object of a
/// native call, `+=`, a map entry added by assignment) is charged what was added (the call's
/// other arguments, the right-hand side, the entry); and native functions charge what they are
/// about to build before they
/// build it (rendering by `print`, `debug`, `to_string`, `append`, interpolation and `to_json`;
/// `pad`; `replace`; `blob`; values passed to host functions). A charge is an integer add and a
/// compare; without `maxMemory` the allowance is `Int.max` and nothing else happens.
///
/// Frees are not credited. Instead, when the charges since the last recount pass the
/// allowance, the account recounts what the run holds: every variable of every frame, the
/// host's scope, the running closure's captures, `this`, global constants, plus what is in
/// hand (the value just charged, or a native call's arguments and what it is about to build).
/// Only that recount fails the run, when it exceeds the limit; so a loop that builds and drops
/// temporaries costs recounts, never a failure. After a recount the allowance is the room left
/// under the limit, but at least an eighth of the limit (so recounts stay rare near the limit):
/// what a run holds may pass the limit by that eighth before it is stopped. An assignment into
/// an element or entry recounts only once the container is back in its variable
/// (`settleMemory`).
///
/// Approximate by design. Not counted: variables captured by closures other than the running
/// one, values inside function pointers, and the rest of a variable a chain has moved out while
/// a method runs on a part of it (`m.list.push(x)` counts `list`, not the rest of `m`). A value
/// both in a variable and in hand (`print(a)`, `s += t`) counts twice, as the Rust engine copies
/// it; copy-on-write storage shared by several holders counts once per holder.
extension Runtime {
    /// Charges `bytes` of a value made or grown, which is in hand (maybe not yet stored);
    /// recounts when the allowance is spent.
    @inline(__always)
    func chargeMemory(_ bytes: Int, _ position: Position) throws(Interrupt) {
        memoryCharged &+= bytes
        if memoryCharged > memoryAllowance { try recountMemory(holding: bytes, position) }
    }

    /// Recounts if the allowance is spent, once values a chain moved out are back in place.
    @inline(__always)
    func settleMemory(_ position: Position) throws(Interrupt) {
        if memoryCharged > memoryAllowance { try recountMemory(holding: 0, position) }
    }

    /// Charges `bytes` a native call is about to allocate, before it does (no-op without a
    /// memory limit). Its arguments count as in hand: the object of a method call is moved out
    /// of its variable while the call runs.
    func reserveMemory(_ bytes: Int, for call: NativeCall) throws(Interrupt) {
        guard memoryLimit > 0 else { return }
        memoryCharged &+= bytes
        guard memoryCharged > memoryAllowance else { return }
        let arguments = call.arguments.reduce(0) { $0 &+ $1.memoryEstimate }
        try recountMemory(holding: bytes &+ arguments, call.position)
    }

    /// Charges the text that rendering `value` (an array or map) will make, before it is made.
    func reserveRendering(of value: Dynamic, for call: NativeCall) throws(Interrupt) {
        guard memoryLimit > 0, value.tag == .array || value.tag == .map else { return }
        try reserveMemory(value.memoryEstimate, for: call)
    }

    /// Charges the text that rendering `value` (an array or map) will make, outside a native call.
    func chargeRendering(of value: Dynamic, _ position: Position) throws(Interrupt) {
        guard memoryLimit > 0, value.tag == .array || value.tag == .map else { return }
        try chargeMemory(value.memoryEstimate, position)
    }

    /// Counts what the run holds plus `holding` bytes in hand; fails over the limit.
    @inline(never)
    func recountMemory(holding: Int, _ position: Position) throws(Interrupt) {
        var held = DataSize()
        forEachSlot { held.add($0) }
        for index in 0..<scope.count { held.add(scope.value(at: index)) }
        for cell in captures { held.add(cell.value) }
        held.add(thisValue)
        for value in globalConstants.values { held.add(value) }
        let total = held.bytes &+ holding
        if total > memoryLimit { throw .error(.memoryLimit(memoryLimit, position)) }
        memoryCharged = 0
        memoryAllowance = max(memoryLimit - total, memoryLimit / 8)
    }
}

extension NativeCall {
    /// What a call may have added to its first argument in place: its other arguments (each in
    /// a new slot); functions that add more (`pad`, `replace`, …) reserve it themselves.
    var addedBytes: Int {
        var bytes = 0
        for index in arguments.indices.dropFirst() { bytes &+= 16 &+ arguments[index].memoryEstimate }
        return bytes
    }
}

extension Dynamic {
    /// The memory account's estimate of the value's size in bytes (`DataSize.bytes`).
    var memoryEstimate: Int {
        var size = DataSize()
        size.add(self)
        return size.bytes
    }
}
