import NIOConcurrencyHelpers

/// Runs `operation` and returns its value, or nil when it has not finished after `seconds`.
/// Unlike a task group, this does not wait for an operation that ignores cancellation: on
/// timeout the operation is cancelled and left to end on its own.
func withDeadline<T: Sendable>(seconds: Double, _ operation: @escaping @Sendable () async throws -> T) async throws -> T? {
    /// Whether the continuation was resumed, and the timer to stop when the work wins.
    let state = NIOLockedValueBox<(resumed: Bool, timer: Task<Void, Never>?)>((false, nil))
    return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T?, Error>) in
        @Sendable func finish(_ result: Result<T?, Error>) {
            let (first, timer) = state.withLockedValue { state in
                defer { state.resumed = true }
                return (!state.resumed, state.timer)
            }
            guard first else { return }
            timer?.cancel()
            continuation.resume(with: result)
        }
        let work = Task {
            do { finish(.success(try await operation())) } catch { finish(.failure(error)) }
        }
        let timer = Task {
            guard (try? await Task.sleep(for: .seconds(seconds))) != nil else { return }
            finish(.success(nil))
            work.cancel()
        }
        let alreadyDone = state.withLockedValue { state in
            state.timer = timer
            return state.resumed
        }
        if alreadyDone { timer.cancel() }
    }
}
