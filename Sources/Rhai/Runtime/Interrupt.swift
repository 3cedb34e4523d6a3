/// Non-local exits of evaluation, thrown with typed throws so no boxing happens on
/// the hot path: errors, and `break`/`continue`/`return` unwinding to their target.
enum Interrupt: Error {
    indirect case error(RhaiError)
    case breakLoop(Dynamic)
    case continueLoop
    case returnValue(Dynamic)
    /// `exit(value)`: ends the whole script with a value.
    case exit(Dynamic)

    /// Converts any Swift error raised by a native function into an evaluation error.
    static func from(_ error: any Error, at position: Position) -> Interrupt {
        if let interrupt = error as? Interrupt {
            if case .error(let inner) = interrupt { return .error(inner.positioned(position)) }
            return interrupt
        }
        if let rhaiError = error as? RhaiError { return .error(rhaiError.positioned(position)) }
        return .error(RhaiError.runtime(String(describing: error)).positioned(position))
    }

    /// The error this interrupt stands for when it escapes to the host.
    var asError: RhaiError {
        switch self {
        case .error(let error): return error
        case .breakLoop: return RhaiError(.runtime, "'break' must be within a loop")
        case .continueLoop: return RhaiError(.runtime, "'continue' must be within a loop")
        case .returnValue: return RhaiError(.runtime, "NOT AN ERROR - function returns value")
        case .exit: return RhaiError(.runtime, "NOT AN ERROR - exit value")
        }
    }
}

/// Shorthand for throwing an evaluation error from node code.
@inline(never)
func fail(_ kind: RhaiError.Kind, _ message: String, _ position: Position) -> Interrupt {
    .error(RhaiError(kind, message, at: position))
}
