#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The memory account of the running task: the worker's resident memory (RSS) above what it
/// held when its first task began. Every allocation path of a script (strings, arrays, map keys,
/// blobs, `to_json`, rendering, database values) ends in resident pages, so the account sees them
/// all, and memory freed by earlier tasks and reused costs nothing. `ScriptRunner` reads it every 200 µs
/// of running (about 2 µs a read: one `pread` of /proc/self/statm), and once more after rendering
/// the result. Linux only; elsewhere the account reads 0.
final class TaskMemory {
    private let statm = open("/proc/self/statm", O_RDONLY | O_CLOEXEC)
    private let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))
    private var baseline: Int?

    deinit { if statm >= 0 { close(statm) } }

    private var buffer = [UInt8](repeating: 0, count: 96)

    /// The process's resident bytes now (0 when unknown).
    func resident() -> Int {
        guard statm >= 0 else { return 0 }
        return buffer.withUnsafeMutableBytes { bytes -> Int in
            let count = pread(statm, bytes.baseAddress, bytes.count, 0)
            // "size resident shared …" in pages: the digits of the second field.
            var index = 0
            while index < count && bytes[index] != UInt8(ascii: " ") { index += 1 }
            index += 1
            var pages = 0
            while index < count, case let digit = Int(bytes[index]) - 48, (0...9).contains(digit) {
                pages = pages * 10 + digit
                index += 1
            }
            return pages * pageSize
        }
    }

    /// A task begins: the first one fixes the baseline.
    func begin() {
        if baseline == nil { baseline = resident() }
    }

    /// Bytes resident above the baseline.
    var used: Int { resident() - (baseline ?? 0) }
}
