/// A child node held next to its strong reference, evaluated without reference counting
/// (retain/release of nodes was a large part of the evaluator's time). Whoever stores a
/// `NodeRef` must keep the node itself alive as long, in a strong property beside it.
struct NodeRef {
    private let node: Unmanaged<Node>

    init(_ node: Node) {
        self.node = Unmanaged.passUnretained(node)
    }

    @inline(__always)
    func eval(_ runtime: Runtime) throws(Interrupt) -> Dynamic {
        try node.withGuaranteed { (node) throws(Interrupt) in try node.eval(runtime) }
    }

    var position: Position {
        node._withUnsafeGuaranteedRef { $0.position }
    }
}

extension Unmanaged {
    /// Runs `body` on the instance without retaining it (the caller knows it is alive);
    /// interrupts pass through.
    @inline(__always)
    func withGuaranteed<Result>(_ body: (Instance) throws(Interrupt) -> Result) throws(Interrupt) -> Result {
        var interrupt: Interrupt?
        let result = _withUnsafeGuaranteedRef { instance -> Result? in
            do throws(Interrupt) {
                return try body(instance)
            } catch {
                interrupt = error
                return nil
            }
        }
        if let interrupt { throw interrupt }
        return result!
    }
}
