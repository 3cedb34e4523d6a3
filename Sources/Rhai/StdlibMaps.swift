/// Object map functions (Rhai's BasicMapPackage).
extension StandardLibrary {
    func registerMaps() {
        add("len", [.map]) { call in .int(Int64(call.map(0).count)) }
        add("is_empty", [.map]) { call in .bool(call.map(0).isEmpty) }
        add("keys", [.map]) { call in .array(call.map(0).keys.sorted().map { .string($0) }) }
        add("values", [.map]) { call in
            let map = call.map(0)
            return .array(map.keys.sorted().map { map[$0]! })
        }
        add("contains", [.map, .string]) { call in .bool(call.map(0)[call.string(1)] != nil) }
        add("contains", [.map, .char]) { call in .bool(call.map(0)[call.string(1)] != nil) }
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
        add("filter", [.map, .any]) { call in
            var result: [String: Dynamic] = [:]
            for (key, value) in call.map(0) where try call.predicate(call[1], [.string(key), value]) {
                result[key] = value
            }
            return .map(result)
        }
        add("drain", [.map, .any]) { call in
            var removed: [String: Dynamic] = [:]
            var kept: [String: Dynamic] = [:]
            for (key, value) in call.map(0) {
                if try call.predicate(call[1], [.string(key), value]) { removed[key] = value } else { kept[key] = value }
            }
            call.withMap { $0 = kept }
            return .map(removed)
        }
        add("retain", [.map, .any]) { call in
            var removed: [String: Dynamic] = [:]
            var kept: [String: Dynamic] = [:]
            for (key, value) in call.map(0) {
                if try call.predicate(call[1], [.string(key), value]) { kept[key] = value } else { removed[key] = value }
            }
            call.withMap { $0 = kept }
            return .map(removed)
        }
    }
}

private func checkMapGrowth(_ call: NativeCall, adding key: String?) throws {
    let limit = call.runtime.engine.limits.maxMapSize
    guard limit > 0 else { return }
    let map = call.map(0)
    let size = map.count + ((key != nil && map[key!] == nil) ? 1 : 0)
    if size > limit { throw RhaiError.dataTooLarge("Size of object map", call.position) }
}
