import CirclesCore
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `launch_data/.spawn.lock` (docs/PROTOCOL.md §5): an exclusive `flock` that a circles-spawn takes
/// before it plans a launch and holds for the rest of its life, with its pid and start time
/// written inside. So a second circles-spawn on the same launch_data is refused naming the first,
/// even while the first has not written the state yet, and circles-cleanup finds a spawn the state
/// does not name. The kernel releases the lock when the holder exits, however it exits.
public enum LaunchLock {
    /// Takes the lock for the rest of this process's life.
    /// - Throws: `LaunchError.alreadyRunning` with the holder's pid when another process holds it.
    public static func acquire(launchData: String) throws {
        let path = LaunchData(launchData).spawnLockFile
        // Only its owner may read what a launch keeps (databases, logs, keys, the state).
        try FileSystem.makeDirectory(launchData, mode: 0o700)
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw FileError(path: path, problem: "cannot be opened (\(FileSystem.lastErrorText())); check the folder's permissions or pass --launch-data")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            throw LaunchError.alreadyRunning(directory: launchData, pid: holder(launchData: launchData)?.pid ?? 0)
        }
        guard let me = ProcessIdentity.of(pid: getpid()) else { return }
        let text = Array("\(me.pid) \(me.startTime)\n".utf8)
        _ = ftruncate(descriptor, 0)
        _ = pwrite(descriptor, text, text.count, 0)
        // The descriptor stays open (close-on-exec, so no child holds it) until this process ends.
    }

    /// The process that holds the lock, or nil when none does.
    public static func holder(launchData: String) -> ProcessIdentity? {
        let path = LaunchData(launchData).spawnLockFile
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        // The holder writes its pid right after it takes the lock: allow it a moment.
        let deadline = Date(timeIntervalSinceNow: 2)
        repeat {
            if flock(descriptor, LOCK_SH | LOCK_NB) == 0 { return nil }
            if let text = FileSystem.readText(path) {
                let fields = text.split(whereSeparator: \.isWhitespace)
                if fields.count == 2, let pid = Int32(fields[0]), let start = UInt64(fields[1]) {
                    return ProcessIdentity(pid: pid, startTime: start)
                }
            }
            usleep(10_000)
        } while Date() < deadline
        return nil
    }
}
