/// A function defined in script (`fn name(…) {…}`), or an anonymous function / closure.
final class ScriptFunction {
    let name: String
    let parameters: [String]
    let isPrivate: Bool
    let position: Position
    /// The body; set once parsing of the function finishes.
    var body: Node = ConstantNode(.unit, .none)
    /// Number of variable slots the function's frame needs (parameters first).
    var frameSize = 0
    /// Whether the body refers to `this`.
    var usesThis = false
    /// Whether any parameter or local is captured by a closure (needs shared cells).
    var hasSharedVariables = false
    /// Parameter slots captured by closures, which start life as shared cells.
    var sharedParameterSlots: [Int] = []
    /// For closures: how many variables are captured from the enclosing function.
    var captureCount = 0

    init(name: String, parameters: [String], isPrivate: Bool, position: Position) {
        self.name = name
        self.parameters = parameters
        self.isPrivate = isPrivate
        self.position = position
    }

    var arity: Int { parameters.count }
}

/// The script functions of one compiled script (or module), by name and arity.
final class FunctionLibrary {
    struct Key: Hashable {
        let name: String
        let arity: Int
    }

    private(set) var functions: [Key: ScriptFunction] = [:]
    /// Anonymous functions and closures, kept alive with the library.
    private(set) var anonymous: [ScriptFunction] = []

    func add(_ function: ScriptFunction) {
        functions[Key(name: function.name, arity: function.arity)] = function
    }

    func addAnonymous(_ function: ScriptFunction) {
        anonymous.append(function)
    }

    func lookup(_ name: String, arity: Int) -> ScriptFunction? {
        functions[Key(name: name, arity: arity)]
    }

    func contains(name: String) -> Bool {
        functions.values.contains { $0.name == name }
    }

    /// Public functions, for module exports.
    var publicFunctions: [ScriptFunction] {
        functions.values.filter { !$0.isPrivate }
    }
}
