import Synchronization

/// A unique stamp for a script library or an engine, so a call site can tell whether what it
/// resolved last time still holds (object addresses can be reused; stamps are not).
enum Stamp {
    private static let last = Atomic<UInt64>(0)

    static func next() -> UInt64 {
        last.add(1, ordering: .relaxed).newValue
    }
}

/// What a call by name at one place in a script resolved to last time, so that repeated calls
/// skip the name lookups: whether the running library has a script function of that name (by
/// the library's stamp) and the engine's native overloads of it (by the engine's stamp and
/// registration generation).
struct CallSiteCache {
    private var libraryStamp: UInt64 = 0
    private var libraryHasName = true
    private var engineStamp: UInt64 = 0
    private var generation = -1
    private var cachedOverloads: [NativeFunction] = []

    /// Whether no script function of the running library has this name (at any arity).
    @inline(__always)
    mutating func hasNoScriptFunction(_ name: String, _ runtime: Runtime) -> Bool {
        let library = runtime.library
        if library.stamp != libraryStamp {
            libraryHasName = library.contains(name: name)
            libraryStamp = library.stamp
        }
        return !libraryHasName
    }

    /// The engine's native overloads of this name.
    @inline(__always)
    mutating func overloads(_ name: String, _ runtime: Runtime) -> [NativeFunction] {
        let engine = runtime.engine
        if engine.stamp != engineStamp || engine.generation != generation {
            cachedOverloads = engine.nativeOverloads(name)
            engineStamp = engine.stamp
            generation = engine.generation
        }
        return cachedOverloads
    }
}
