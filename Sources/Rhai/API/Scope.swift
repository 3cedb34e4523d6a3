/// Variables and constants a host passes into a script. After a run, the script's
/// global-level `let`/`const` variables are added here too (later entries shadow earlier).
public final class Scope {
    private(set) var names: [String] = []
    private(set) var values: [Dynamic] = []
    private(set) var constants: [Bool] = []
    private var indexByName: [String: Int] = [:]

    public init() {}

    /// Adds a variable.
    public func push(_ name: String, _ value: Dynamic) {
        append(name, value, constant: false)
    }

    /// Adds a constant; scripts cannot assign to it.
    public func pushConstant(_ name: String, _ value: Dynamic) {
        append(name, value, constant: true)
    }

    /// The value of the latest variable or constant with this name.
    public func get(_ name: String) -> Dynamic? {
        indexByName[name].map { values[$0] }
    }

    /// Whether the latest entry with this name is a constant.
    public func isConstant(_ name: String) -> Bool {
        indexByName[name].map { constants[$0] } ?? false
    }

    /// Changes an existing variable or adds a new one.
    public func set(_ name: String, _ value: Dynamic) {
        if let index = indexByName[name] {
            values[index] = value
        } else {
            push(name, value)
        }
    }

    /// Removes every entry.
    public func clear() {
        names.removeAll()
        values.removeAll()
        constants.removeAll()
        indexByName.removeAll()
    }

    /// Number of entries.
    public var count: Int { names.count }

    func index(of name: String) -> Int? { indexByName[name] }

    func name(at index: Int) -> String { names[index] }

    /// A separate scope with the same entries.
    func copy() -> Scope {
        let copy = Scope()
        copy.names = names
        copy.values = values
        copy.constants = constants
        copy.indexByName = indexByName
        return copy
    }

    func value(at index: Int) -> Dynamic { values[index] }

    func isConstant(at index: Int) -> Bool { constants[index] }

    /// Mutable access to an entry for in-place updates.
    func withValue<R>(at index: Int, _ body: (inout Dynamic) throws(Interrupt) -> R) throws(Interrupt) -> R {
        try body(&values[index])
    }

    private func append(_ name: String, _ value: Dynamic, constant: Bool) {
        indexByName[name] = names.count
        names.append(name)
        values.append(value)
        constants.append(constant)
    }
}
