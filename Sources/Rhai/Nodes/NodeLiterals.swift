/// Literal nodes: arrays, object maps and interpolated strings.
final class ArrayLiteralNode: Node {
    let items: [Node]

    init(_ items: [Node], _ position: Position) {
        self.items = items
        super.init(position)
    }

    override func eval(_ runtime: Runtime) throws(Interrupt) -> Dynamic {
        try runtime.tick(position)
        var values: [Dynamic] = []
        values.reserveCapacity(items.count)
        for item in items { values.append(try item.eval(runtime)) }
        let result = Dynamic.array(values)
        try runtime.checkSize(result, position)
        return result
    }

    override var constantValue: Dynamic? {
        var values: [Dynamic] = []
        for item in items {
            guard let value = item.constantValue else { return nil }
            values.append(value)
        }
        return .array(values)
    }
}

final class MapLiteralNode: Node {
    let entries: [(key: String, value: Node)]

    init(_ entries: [(key: String, value: Node)], _ position: Position) {
        self.entries = entries
        super.init(position)
    }

    override func eval(_ runtime: Runtime) throws(Interrupt) -> Dynamic {
        try runtime.tick(position)
        var map: [String: Dynamic] = [:]
        map.reserveCapacity(entries.count)
        for entry in entries { map[entry.key] = try entry.value.eval(runtime) }
        let result = Dynamic.map(map)
        try runtime.checkSize(result, position)
        return result
    }

    override var constantValue: Dynamic? {
        var map: [String: Dynamic] = [:]
        for entry in entries {
            guard let value = entry.value.constantValue else { return nil }
            map[entry.key] = value
        }
        return .map(map)
    }
}

/// A back-tick string with `${…}` parts, each rendered with `to_string`.
final class InterpolationNode: Node {
    let parts: [Node]
    /// The string when every part is a constant: the Rust optimizer folds it, with each value's
    /// own Display, which differs from `to_string` inside containers (`${['c']}` is "['c']").
    /// The parser's checks still see an interpolated string.
    let folded: Dynamic?

    init(_ parts: [Node], _ position: Position) {
        self.parts = parts
        var text = ""
        for part in parts {
            let expression = (part as? BlockNode).map { $0.statements.count == 1 ? $0.statements[0] : nil } ?? part
            guard let value = expression?.constantValue else {
                folded = nil
                super.init(position)
                return
            }
            text += value.valueDisplay
        }
        folded = .string(text)
        super.init(position)
    }

    override var constantValue: Dynamic? { folded }

    override func eval(_ runtime: Runtime) throws(Interrupt) -> Dynamic {
        if let folded { return folded }
        var text = ""
        for part in parts {
            let value = try part.eval(runtime)
            switch value {
            case .string(let piece): text += piece
            case .int(let number): text += String(number)
            default:
                try runtime.chargeRendering(of: value, position)
                text += value.description
            }
        }
        let result = Dynamic.string(text)
        try runtime.checkSize(result, position)
        return result
    }
}
