/// Which standard-library methods change their object: calling one on a constant is an error
/// ("Non-pure method 'push' cannot be called on constant"). Taken from the Rust engine's
/// packages (v1.25.0): the functions whose first parameter is `&mut` without `pure`.
extension StandardLibrary {
    /// Method name → the object types for which it is not pure.
    static let nonPureMethods: [String: Set<Dynamic.Tag>] = [
        "+=": [.string, .timestamp, .map], "-=": [.timestamp],
        "append": [.array, .blob, .string], "chop": [.array, .blob], "clear": [.array, .blob, .string, .map],
        "contains": [.range, .inclusiveRange], "crop": [.string], "dedup": [.array],
        "drain": [.array, .blob, .map], "extract": [.array, .blob], "fill_with": [.map], "for_each": [.array],
        "get": [.array], "insert": [.array, .blob], "make_lower": [.string, .char], "make_upper": [.string, .char],
        "mixin": [.map], "order": [.array], "order_by": [.array], "order_desc": [.array],
        "pad": [.array, .blob, .string], "pop": [.array, .blob, .string], "push": [.array, .blob],
        "remove": [.array, .blob, .string, .map], "replace": [.string], "retain": [.array, .blob, .map],
        "reverse": [.array, .blob], "set": [.array, .blob, .string, .map], "set_bit": [.int], "set_bits": [.int],
        "shift": [.array, .blob], "sort": [.array], "sort_by": [.array], "sort_desc": [.array],
        "splice": [.array, .blob], "split": [.array, .blob], "trim": [.string],
        "take": [.unit, .bool, .int, .float, .char, .string, .array, .map, .fnPtr, .range, .inclusiveRange, .timestamp, .blob],
        "truncate": [.array, .blob, .string], "write_ascii": [.blob], "write_be": [.blob], "write_le": [.blob],
        "write_utf8": [.blob],
    ]

    /// Whether calling `name` as a method on `object` may change it.
    static func isNonPureMethod(_ name: String, on object: Dynamic) -> Bool {
        nonPureMethods[name]?.contains(object.tag) ?? false
    }
}
