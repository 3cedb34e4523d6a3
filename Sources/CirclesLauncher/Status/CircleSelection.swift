import CirclesCore

extension LaunchState {
    /// The circles that `selection` names (each by name or public key), in its order.
    /// - Throws: `LaunchError.unknownCircle` (exit 64) for a word that names none, listing the names there are.
    public func circles(named selection: [String], stateFile: String) throws -> [Circle] {
        try selection.map { text in
            let key = try? PublicKey(parsing: text)
            guard let circle = circles.first(where: { $0.name == text || $0.publicKey == key?.hex }) else {
                throw LaunchError.unknownCircle(name: text, stateFile: stateFile, known: circles.map(\.name))
            }
            return circle
        }
    }
}
