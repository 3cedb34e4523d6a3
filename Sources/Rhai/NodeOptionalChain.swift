/// A chain of properties, indexing and method calls with a `?.` or `?[` in it: when one of those
/// meets `()`, the whole rest of the chain is skipped and the chain is `()` (`a?.b.c` is `()`
/// when `a` is, as in the Rust engine, where the chain after `?.` hangs below it).
final class OptionalChainNode: Node {
    let chain: Node

    init(_ chain: Node) {
        self.chain = chain
        super.init(chain.position)
    }

    override func eval(_ runtime: Runtime) throws(Interrupt) -> Dynamic {
        do {
            return try chain.eval(runtime)
        } catch {
            if case .shortCircuit = error { return .unit }
            throw error
        }
    }
}
