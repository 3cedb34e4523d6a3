#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads one log file the way `tail -F` does: first its last lines (read backwards, so a long
/// log costs only what is shown), then whatever is appended — from the start again when the file
/// is truncated or replaced, and once it appears when it does not exist yet. Only whole lines
/// are returned; a line still being written waits for its newline.
final class LogFileReader {
    let path: String
    private var offset: off_t = 0
    private var file: (device: UInt64, inode: UInt64)?
    private var partial: [UInt8] = []

    init(path: String) {
        self.path = path
    }

    /// The file's last whole lines: chunks are read from the end until `enough` holds for the
    /// lines read so far (the oldest first) or the file's start is reached. Following starts after them.
    func tail(until enough: ([Substring]) -> Bool) -> [String] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return [] }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return [] }
        file = (UInt64(info.st_dev), UInt64(info.st_ino))
        var start = info.st_size
        var bytes: [UInt8] = []
        offset = 0
        while start > 0 {
            let size = min(start, 65_536)
            start -= size
            var chunk = [UInt8](repeating: 0, count: Int(size))
            guard chunk.withUnsafeMutableBytes({ pread(descriptor, $0.baseAddress, $0.count, start) }) == Int(size) else { return [] }
            bytes = chunk + bytes
            // Whole lines only: none after the last newline, and (before the file's start) none before the first.
            guard let end = bytes.lastIndex(of: 0x0a) else { continue }
            let begin = start == 0 ? 0 : bytes.firstIndex(of: 0x0a)! + 1
            let lines = begin <= end ? String(decoding: bytes[begin..<end], as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false) : []
            offset = start + off_t(end + 1)
            if start == 0 || enough(lines) { return lines.map(String.init) }
        }
        return []
    }

    /// The whole lines appended since the last call (or since `tail`).
    func appended() -> [String] {
        var info = stat()
        guard stat(path, &info) == 0 else { return [] }
        let identity = (UInt64(info.st_dev), UInt64(info.st_ino))
        if file.map({ $0 != identity }) ?? true || info.st_size < offset {
            file = identity
            offset = 0
            partial = []
        }
        guard info.st_size > offset else { return [] }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return [] }
        defer { close(descriptor) }
        var chunk = [UInt8](repeating: 0, count: Int(info.st_size - offset))
        let count = chunk.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, offset) }
        guard count > 0 else { return [] }
        offset += off_t(count)
        partial += chunk[..<count]
        guard let last = partial.lastIndex(of: 0x0a) else { return [] }
        let lines = String(decoding: partial[..<last], as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        partial.removeSubrange(...last)
        return lines
    }
}
