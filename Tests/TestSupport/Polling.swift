import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Waits (polling every 20 ms, up to `timeout` seconds) until `condition` holds; returns whether it did.
public func eventually(timeout: Double = 20, _ condition: () throws -> Bool) rethrows -> Bool {
    let deadline = Date(timeIntervalSinceNow: timeout)
    while Date() < deadline {
        if try condition() { return true }
        usleep(20_000)
    }
    return try condition()
}

/// What `waitUntil` throws when the condition did not come true in time.
public struct Timeout: Error, CustomStringConvertible {
    public let description: String
}

/// Polls `condition` (errors count as false) until it holds, or throws `Timeout` after `seconds`.
public func waitUntil(_ what: String, seconds: Double = 15, _ condition: () throws -> Bool) throws {
    guard eventually(timeout: seconds, { (try? condition()) == true }) else {
        throw Timeout(description: "timed out after \(seconds) s waiting until \(what)")
    }
}

/// `eventually` for async tests: it sleeps with `Task.sleep`, so the poll never holds one of the
/// cooperative pool's threads (two on a 2-core machine) that the code under test may need — the
/// whole test run shares that pool.
public func eventually(timeout: Double = 20, _ condition: () throws -> Bool) async rethrows -> Bool {
    let deadline = Date(timeIntervalSinceNow: timeout)
    while Date() < deadline {
        if try condition() { return true }
        try? await Task.sleep(nanoseconds: 20_000_000)
    }
    return try condition()
}

/// `waitUntil` for async tests (see the async `eventually`).
public func waitUntil(_ what: String, seconds: Double = 15, _ condition: () throws -> Bool) async throws {
    guard await eventually(timeout: seconds, { (try? condition()) == true }) else {
        throw Timeout(description: "timed out after \(seconds) s waiting until \(what)")
    }
}

/// Runs blocking `work` (a socket read, a process wait) on a thread of its own, so that an async
/// test waiting for it does not hold a cooperative thread the server or worker under test needs.
public func offPool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try work() }) }.start()
    }
}

/// Processes on this machine whose process group is `group`.
public func processes(inGroup group: Int32) -> [Int32] {
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
    return entries.compactMap(Int32.init).filter { pid in
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8), let close = stat.lastIndex(of: ")") else { return false }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // fields[0] is the state, fields[2] the process group.
        return fields.count > 2 && fields[0] != "Z" && Int32(fields[2]) == group
    }
}
