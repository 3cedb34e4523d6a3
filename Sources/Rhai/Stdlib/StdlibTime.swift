/// Timestamps: `timestamp()`, `.elapsed`, arithmetic and comparison (see Operators).
extension StandardLibrary {
    func registerTime() {
        add("timestamp", []) { _ in .timestamp(.now()) }
        add("elapsed", [.timestamp]) { call in
            guard case .timestamp(let stamp) = call[0] else { return .unit }
            return .float(stamp.elapsed)
        }
    }
}
