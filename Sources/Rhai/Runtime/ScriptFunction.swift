/// A function defined in script (`fn name(…) {…}`), or an anonymous function / closure.
final class ScriptFunction {
    let name: String
    let parameters: [String]
    let isPrivate: Bool
    let position: Position
    /// `fn int.name()`: the type (as `type_of` names it) whose values alone may call it as a method.
    let thisType: String?
    /// The body; set once parsing of the function finishes.
    var body: Node {
        didSet { bodyRef = NodeRef(body) }
    }
    /// The body, evaluated without retain/release (`body` keeps it).
    private(set) var bodyRef: NodeRef
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

    init(name: String, parameters: [String], isPrivate: Bool, position: Position, thisType: String? = nil) {
        self.name = name
        self.parameters = parameters
        self.isPrivate = isPrivate
        self.position = position
        self.thisType = thisType
        let empty = ConstantNode(.unit, .none)
        body = empty
        bodyRef = NodeRef(empty)
    }

    var arity: Int { parameters.count }
}

/// The script functions of one compiled script (or module), by name, arity and (for methods
/// of one type) the type of `this`.
final class FunctionLibrary {
    struct Key: Hashable {
        let name: String
        let arity: Int
        let thisType: String?
    }

    private(set) var functions: [Key: ScriptFunction] = [:]
    /// Tells this library apart from any other, for call sites' caches.
    let stamp = Stamp.next()
    /// Anonymous functions and closures, kept alive with the library.
    private(set) var anonymous: [ScriptFunction] = []

    func add(_ function: ScriptFunction) {
        functions[Key(name: function.name, arity: function.arity, thisType: function.thisType)] = function
    }

    func addAnonymous(_ function: ScriptFunction) {
        anonymous.append(function)
    }

    /// The function of this name and arity; with `thisType`, only a method of that type.
    func lookup(_ name: String, arity: Int, thisType: String? = nil) -> ScriptFunction? {
        functions[Key(name: name, arity: arity, thisType: thisType)]
    }

    /// The function a method call `object.name(…)` runs: one for the object's type first.
    func lookupMethod(_ name: String, arity: Int, on object: Dynamic) -> ScriptFunction? {
        lookup(name, arity: arity, thisType: object.typeName) ?? lookup(name, arity: arity)
    }

    func contains(name: String) -> Bool {
        functions.values.contains { $0.name == name }
    }

    /// The one function of this name, when only one arity has it.
    func onlyFunction(named name: String) -> ScriptFunction? {
        var found: ScriptFunction?
        for function in functions.values where function.name == name {
            if found != nil { return nil }
            found = function
        }
        return found
    }
}
