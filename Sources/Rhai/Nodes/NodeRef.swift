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
        var interrupt: Interrupt?
        let value = node._withUnsafeGuaranteedRef { node -> Dynamic in
            do throws(Interrupt) {
                return try node.eval(runtime)
            } catch {
                interrupt = error
                return .unit
            }
        }
        if let interrupt { throw interrupt }
        return value
    }

    var position: Position {
        node._withUnsafeGuaranteedRef { $0.position }
    }
}
