/// Object map functions (map_basic.rs). Rust keeps a map in a BTreeMap, so everything that
/// walks a map (keys, values, callbacks) goes in key order; `+`, `==` and `!=` are operators.
extension StandardLibrary {
    func registerMaps() {
        add("len", [.map]) { call in .int(Int64(call.map(0).count)) }
        add("is_empty", [.map]) { call in .bool(call.map(0).isEmpty) }
        add("keys", [.map]) { call in .array(sortedKeys(call.map(0)).map { .string($0) }) }
        add("values", [.map]) { call in
            let map = call.map(0)
            return .array(sortedKeys(map).map { map[$0]! })
        }
        add("contains", [.map, .string]) { call in .bool(call.map(0)[call.string(1)] != nil) }
        add("get", [.map, .string]) { call in call.map(0)[call.string(1)] ?? .unit }
        add("set", [.map, .string, .any]) { call in
            let key = call.string(1)
            let value = call[2]
            try checkMapGrowth(call, adding: key)
            call.withMap { $0[key] = value }
            return .unit
        }
        add("remove", [.map, .string]) { call in
            let key = call.string(1)
            return call.withMap { $0.removeValue(forKey: key) ?? .unit }
        }
        add("clear", [.map]) { call in
            call.withMap { $0.removeAll() }
            return .unit
        }
        add(["mixin", "+="], [.map, .map]) { call in
            let extra = call.map(1)
            call.withMap { $0.merge(extra) { _, new in new } }
            try checkMapGrowth(call, adding: nil)
            return .unit
        }
        add("fill_with", [.map, .map]) { call in
            let extra = call.map(1)
            call.withMap { $0.merge(extra) { old, _ in old } }
            try checkMapGrowth(call, adding: nil)
            return .unit
        }
        add("map", [.map, .fnPtr]) { call in
            var result: [String: Dynamic] = [:]
            let map = call.map(0)
            for key in sortedKeys(map) {
                var value = map[key]!
                result[key] = try mapCallback(call, "filter", key, &value)
            }
            return .map(result)
        }
        add("filter", [.map, .fnPtr]) { call in
            var result: [String: Dynamic] = [:]
            let map = call.map(0)
            for key in sortedKeys(map) {
                var value = map[key]!
                if try mapCallback(call, "filter", key, &value).isTrue == true { result[key] = value }
            }
            return .map(result)
        }
        add("drain", [.map, .fnPtr]) { call in try partition(&call, removing: true) }
        add("retain", [.map, .fnPtr]) { call in try partition(&call, removing: false) }
        add("to_json", [.map]) { call in
            try call.runtime.reserveRendering(of: call[0], for: call)
            return .string(call[0].rhaiJSON)
        }
    }
}

/// A map's keys in Rust's BTreeMap order (by UTF-8 bytes).
func sortedKeys(_ map: [String: Dynamic]) -> [String] {
    map.keys.sorted(by: rhaiKeyOrder)
}

/// Calls the callback of `map`, `filter`, `drain` or `retain` for one entry as map_basic.rs
/// does: `call_raw_with_extra_args(caller, value as this, [key], move this to 1)` — a closure of
/// one parameter gets the key with the value as `this`, one of two the key and the value.
/// (`map` names itself "filter" in its errors, as in v1.25.0.)
private func mapCallback(_ call: NativeCall, _ caller: String, _ key: String, _ value: inout Dynamic) throws -> Dynamic {
    guard case .fnPtr(let pointer) = call[1] else { return .unit }
    var object: Dynamic? = value
    defer { value = object ?? value }
    return try call.callWithExtra(caller, pointer, this: &object, [.string(key)], extra: nil, moveThisTo: 1)
}

/// `drain` (removing the entries the callback accepts, and returning them) or `retain`
/// (keeping them, returning the others). A result other than `true` rejects. An error drops
/// the entry it came from (sic, v1.25.0), keeps the entries after it and is raised.
private func partition(_ call: inout NativeCall, removing: Bool) throws -> Dynamic {
    let map = call.withMap { map in
        defer { map = [:] }
        return map
    }
    var kept: [String: Dynamic] = [:]
    var taken: [String: Dynamic] = [:]
    var failure: (any Error)?
    for key in sortedKeys(map) {
        var value = map[key]!
        guard failure == nil else {
            kept[key] = value
            continue
        }
        do {
            let accepted = try mapCallback(call, removing ? "drain" : "retain", key, &value).isTrue == true
            if accepted == removing { taken[key] = value } else { kept[key] = value }
        } catch {
            failure = error
        }
    }
    call.withMap { $0 = kept }
    if let failure { throw failure }
    return .map(taken)
}

private func checkMapGrowth(_ call: NativeCall, adding key: String?) throws {
    let limit = call.runtime.engine.limits.maxMapSize
    guard limit > 0 else { return }
    let map = call.map(0)
    let size = map.count + ((key != nil && map[key!] == nil) ? 1 : 0)
    if size > limit { throw RhaiError.dataTooLarge("Size of object map", call.position) }
}
