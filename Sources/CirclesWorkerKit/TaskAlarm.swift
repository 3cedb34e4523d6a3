import CirclesCore
import Dispatch
import Synchronization

/// Rings when the running task's time is up, from a timer, so that the script stops at its very
/// next operation however long the one before took (a search through a long string is one
/// operation) — not only at the periodic clock reads between operations.
final class TaskAlarm: Sendable {
    /// What the timer thread and the script's thread share.
    private final class State: Sendable {
        /// The task the alarm is set for, and when.
        let armed = Mutex<(task: Int, deadline: Double)>((0, .infinity))
        /// The last task whose time ran out.
        let rung = Atomic<Int>(0)
    }

    private let state = State()
    private let timer: any DispatchSourceTimer

    init() {
        timer = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "task alarm"))
        timer.setEventHandler { [state] in
            let (task, deadline) = state.armed.withLock { $0 }
            if MonotonicClock.now() >= deadline { state.rung.store(task, ordering: .relaxed) }
        }
        timer.activate()
    }

    deinit { timer.cancel() }

    /// Sets the alarm for task number `task` (never 0), `seconds` from now.
    func set(task: Int, in seconds: Double) {
        state.armed.withLock { $0 = (task, MonotonicClock.now() + seconds) }
        timer.schedule(deadline: .now() + seconds, leeway: .milliseconds(10))
    }

    /// Whether the time of task `task` ran out.
    func hasRung(for task: Int) -> Bool { state.rung.load(ordering: .relaxed) == task }
}
