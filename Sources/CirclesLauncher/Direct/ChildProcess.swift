import CirclesCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What to run as a child: a program, its arguments and extra environment variables.
public struct ChildCommand: Equatable, Sendable {
    public var executable: String
    public var arguments: [String]
    /// Added to (or replacing in) the launcher's own environment.
    public var environment: [String: String]
    /// The program is one of ours that records SIGHUP, SIGINT and SIGTERM from its first
    /// instruction (CStartupSignals): it starts with them blocked, so that none arriving while the
    /// loader still runs can kill it; its first instruction unblocks them. Others start with none blocked.
    public var guardsStartupSignals: Bool

    public init(executable: String, arguments: [String], environment: [String: String] = [:], guardsStartupSignals: Bool = false) {
        self.executable = executable
        self.arguments = arguments
        self.environment = environment
        self.guardsStartupSignals = guardsStartupSignals
    }

    /// Whether `path` names one of the programs that guard their startup signals.
    public static func guardsStartupSignals(_ path: String) -> Bool {
        ["circles-worker", "circles-ws"].contains(path.split(separator: "/").last.map(String.init) ?? path)
    }
}

/// Starting child processes the way docs/DESIGN.md asks.
///
/// How: `posix_spawn` with `POSIX_SPAWN_SETPGROUP` (pgroup 0) puts the child in a process group of
/// its own, so a terminal's Ctrl+C reaches only the launcher and a stop signals exactly one
/// child's group. Signal mask and dispositions are reset to defaults (the launcher blocks
/// SIGINT/SIGTERM and ignores SIGPIPE; children must not inherit that), but for
/// `guardsStartupSignals`. stdin is /dev/null,
/// stdout and stderr go to `output`. Every other descriptor of the launcher is marked
/// close-on-exec first, so children never hold the launcher's sockets or pipes.
///
/// Dying with the parent: on Linux, when `dieWithParent` is set, the child is started through
/// util-linux's `setpriv --pdeathsig TERM -- program …`, which sets PR_SET_PDEATHSIG and execs
/// the program in the same process (same pid, same group). The kernel sends that signal when
/// the *thread* that spawned the child ends, so only `Supervisor`'s own thread, which lives as
/// long as the process, spawns children. (Plain fork+exec from Swift would have to avoid every
/// allocation between fork and exec; the wrapper keeps the child side in C code that is made for it.)
public enum ChildProcess {
    /// The `setpriv` used for PR_SET_PDEATHSIG, when this system has one.
    static let setpriv: String? = ["/usr/bin/setpriv", "/bin/setpriv"].first { access($0, X_OK) == 0 }

    /// Starts `command` in a process group of its own, stdin from /dev/null and stdout and stderr
    /// to `output`; returns its identity (pid and start time) once it runs.
    public static func spawn(_ command: ChildCommand, output: Int32, dieWithParent: Bool) throws -> ProcessIdentity {
        try spawn(command, descriptors: [1: output, 2: output], newGroup: true, dieWithParent: dieWithParent)
    }

    /// The general form: `descriptors` maps a child descriptor to the launcher's descriptor it
    /// gets; stdin is /dev/null unless mapped; stdout and stderr are inherited unless mapped.
    public static func spawn(_ command: ChildCommand, descriptors: [Int32: Int32], newGroup: Bool, dieWithParent: Bool) throws -> ProcessIdentity {
        var argv = [command.executable] + command.arguments
        var program = command.executable
        #if os(Linux)
        if dieWithParent, let setpriv {
            argv = [setpriv, "--pdeathsig", "TERM", "--"] + argv
            program = setpriv
        }
        #endif
        markDescriptorsCloseOnExec()

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if descriptors[0] == nil { posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0) }
        for (target, source) in descriptors.sorted(by: { $0.key < $1.key }) {
            if target == source {
                // dup2 onto itself would keep FD_CLOEXEC: clear it in the launcher instead.
                _ = fcntl(source, F_SETFD, 0)
            } else {
                posix_spawn_file_actions_adddup2(&actions, source, target)
            }
        }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        let groupFlag = newGroup ? Int32(POSIX_SPAWN_SETPGROUP) : 0
        posix_spawnattr_setflags(&attributes, Int16(groupFlag | Int32(POSIX_SPAWN_SETSIGMASK) | Int32(POSIX_SPAWN_SETSIGDEF)))
        posix_spawnattr_setpgroup(&attributes, 0)
        var blocked = sigset_t()
        sigemptyset(&blocked)
        if command.guardsStartupSignals { for signal in [SIGHUP, SIGINT, SIGTERM] { sigaddset(&blocked, signal) } }
        posix_spawnattr_setsigmask(&attributes, &blocked)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGPIPE, SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGCHLD, SIGUSR1, SIGUSR2] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)

        var environment = currentEnvironment()
        for (name, value) in command.environment { environment[name] = value }
        let cArguments = argv.map { strdup($0) } + [nil]
        let cEnvironment = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            cArguments.forEach { free($0) }
            cEnvironment.forEach { free($0) }
        }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, program, &actions, &attributes, cArguments, cEnvironment)
        guard status == 0 else {
            throw FileError(path: command.executable, problem: "cannot be started (\(String(cString: strerror(status)))); check that it is an executable file")
        }
        // Only the spawning thread reaps, so the child exists now (at worst as a zombie).
        return ProcessIdentity.ofChild(pid: pid) ?? ProcessIdentity(pid: pid, startTime: 0)
    }

    /// The launcher's environment as a dictionary.
    static func currentEnvironment() -> [String: String] {
        var result: [String: String] = [:]
        var entry = environ
        while let pointer = entry.pointee {
            let text = String(cString: pointer)
            if let equals = text.firstIndex(of: "=") {
                result[String(text[..<equals])] = String(text[text.index(after: equals)...])
            }
            entry += 1
        }
        return result
    }

    /// Sets FD_CLOEXEC on every descriptor above stderr (libraries do not always do it).
    static func markDescriptorsCloseOnExec() {
        #if os(Linux)
        guard let folder = opendir("/proc/self/fd") else { return }
        defer { closedir(folder) }
        let own = dirfd(folder)
        while let entry = readdir(folder) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix(while: { $0 != 0 }), as: UTF8.self) }
            guard let fd = Int32(name), fd > 2, fd != own else { continue }
            let flags = fcntl(fd, F_GETFD)
            if flags >= 0 && flags & FD_CLOEXEC == 0 { _ = fcntl(fd, F_SETFD, flags | FD_CLOEXEC) }
        }
        #endif
    }
}
