#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

#if os(Linux)
/// glibc's `pthread_getattr_np`, which the Glibc module does not export.
@_silgen_name("pthread_getattr_np")
private func getThreadAttributes(_ thread: pthread_t, _ attributes: UnsafeMutablePointer<pthread_attr_t>) -> Int32
#endif

/// The state of one evaluation: the variable stack, the current frame, operation
/// counting, call depth and the native-stack guard.
final class Runtime {
    let engine: Engine
    /// The host's variables (and those an `eval` script defines).
    var scope: Scope
    /// Functions visible to calls by name (the running script's, or a module's).
    var library: FunctionLibrary
    /// Slots of the current function's variables.
    var frame: UnsafeMutablePointer<Dynamic>
    /// Shared cells of the current frame's captured variables (nil when it has none).
    var cells: UnsafeMutablePointer<SharedCell?>?
    /// Variables captured by the running closure.
    var captures: [SharedCell] = []
    /// The object of a method-style call to a script function.
    var thisValue: Dynamic = .unit
    var hasThis = false

    var operations: UInt64 = 0
    private let operationLimit: UInt64
    private let checkThreshold: UInt64
    private let progress: ((UInt64) -> Bool)?
    var callDepth = 0
    let maxCallDepth: Int
    /// Whether any string/array/map size limit or the memory account is set.
    let checksSizes: Bool
    /// Whether a string/array/map size limit is set.
    let checksDataSizes: Bool
    /// The memory account (Runtime+Memory.swift): `Limits.maxMemory` (0: none), the bytes
    /// charged since the last recount, and how many may be charged before the next one.
    let memoryLimit: Int
    var memoryCharged = 0
    var memoryAllowance: Int
    private let nativeStackFloor: UInt

    /// Modules imported during this run, by alias.
    var modules: [String: ModuleInstance] = [:]
    /// Paths of modules being loaded (to detect import cycles).
    var loadingModules: [String] = []
    /// Constants declared at global level, reachable from functions as `global::NAME`.
    var globalConstants: [String: Dynamic] = [:]
    /// The running script's name, for the `debug` callback.
    var source: String?
    /// The caller's variables while a function called as `name!(…)` runs.
    var callerScope: CallerScope?
    /// An empty array with room, lent to native calls for their arguments (see `takeArgumentArray`).
    private var spareArguments: [Dynamic] = []

    /// Slot memory in segments; only the first `initialized` slots of a segment hold values
    /// (slots are initialised on first use, so a short script never pays for a whole segment).
    private var segments: [(base: UnsafeMutablePointer<Dynamic>, capacity: Int, initialized: Int)] = []
    private var segmentIndex = 0
    private var top = 0
    private static let segmentCapacity = 16_384

    init(engine: Engine, scope: Scope, library: FunctionLibrary) {
        self.engine = engine
        self.scope = scope
        self.library = library
        let limits = engine.limits
        operationLimit = limits.maxOperations == 0 ? .max : limits.maxOperations
        progress = engine.onProgress
        checkThreshold = engine.onProgress == nil ? operationLimit : 0
        maxCallDepth = limits.maxCallDepth == 0 ? Limits.hardCallDepthCap : min(limits.maxCallDepth, Limits.hardCallDepthCap)
        nativeStackFloor = Runtime.stackFloor()
        checksSizes = limits.hasSizeLimits
        checksDataSizes = limits.hasDataSizeLimits
        memoryLimit = max(limits.maxMemory, 0)
        memoryAllowance = memoryLimit > 0 ? memoryLimit : .max
        let first = UnsafeMutablePointer<Dynamic>.allocate(capacity: Runtime.segmentCapacity)
        segments.append((first, Runtime.segmentCapacity, 0))
        frame = first
    }

    deinit {
        for segment in segments {
            segment.base.deinitialize(count: segment.initialized)
            segment.base.deallocate()
        }
    }

    // MARK: frames

    /// Where the stack stood before a frame was pushed.
    struct FrameMark {
        let segmentIndex: Int
        let top: Int
    }

    /// Reserves `size` slots (all `()`) for a new frame; frames never move once placed.
    @inline(__always)
    func pushFrame(_ size: Int) -> (UnsafeMutablePointer<Dynamic>, FrameMark) {
        let mark = FrameMark(segmentIndex: segmentIndex, top: top)
        if top + size > segments[segmentIndex].capacity { advanceSegment(size) }
        let pointer = segments[segmentIndex].base + top
        top += size
        let initialized = segments[segmentIndex].initialized
        if top > initialized {
            (segments[segmentIndex].base + initialized).initialize(repeating: .unit, count: top - initialized)
            segments[segmentIndex].initialized = top
        }
        return (pointer, mark)
    }

    /// Releases a frame's slots (back to `()`) and restores the stack position.
    @inline(__always)
    func popFrame(_ pointer: UnsafeMutablePointer<Dynamic>, _ size: Int, _ mark: FrameMark) {
        pointer.update(repeating: .unit, count: size)
        segmentIndex = mark.segmentIndex
        top = mark.top
    }

    /// Calls `body` with every variable slot of every frame (released slots hold `()`).
    func forEachSlot(_ body: (Dynamic) -> Void) {
        for segment in segments {
            for index in 0..<segment.initialized { body(segment.base[index]) }
        }
    }

    private func advanceSegment(_ size: Int) {
        segmentIndex += 1
        if segmentIndex < segments.count && segments[segmentIndex].capacity < size {
            let old = segments[segmentIndex]
            old.base.deinitialize(count: old.initialized)
            old.base.deallocate()
            segments.remove(at: segmentIndex)
        }
        if segmentIndex == segments.count {
            let capacity = max(size, Runtime.segmentCapacity)
            segments.append((UnsafeMutablePointer<Dynamic>.allocate(capacity: capacity), capacity, 0))
        }
        top = 0
    }

    // MARK: argument arrays

    /// An empty array for a native call's arguments, with the room of earlier calls' arrays
    /// (a call nested in another gets a new one), so most calls allocate none.
    @inline(__always)
    func takeArgumentArray() -> [Dynamic] {
        var values: [Dynamic] = []
        swap(&values, &spareArguments)
        return values
    }

    /// Gives an argument array back, emptied; its room serves the next call.
    @inline(__always)
    func returnArgumentArray(_ values: inout [Dynamic]) {
        values.removeAll(keepingCapacity: true)
        if values.capacity > spareArguments.capacity { swap(&values, &spareArguments) }
    }

    // MARK: limits

    /// Counts one operation; enforces the operation limit and calls the progress callback.
    @inline(__always)
    func tick(_ position: Position) throws(Interrupt) {
        operations &+= 1
        if operations > checkThreshold { try slowTick(position) }
    }

    @inline(never)
    private func slowTick(_ position: Position) throws(Interrupt) {
        if operations > operationLimit {
            throw fail(.tooManyOperations, "Too many operations", position)
        }
        if let progress, !progress(operations) {
            throw fail(.terminated, "Script terminated", position)
        }
    }

    /// Enters a function call: enforces the call-depth limit and guards the native stack.
    @inline(__always)
    func enterCall(_ position: Position) throws(Interrupt) {
        callDepth += 1
        if callDepth > maxCallDepth || Runtime.stackAddress() < nativeStackFloor {
            callDepth -= 1
            throw fail(.stackOverflow, "Stack overflow", position)
        }
    }

    @inline(__always)
    static func stackAddress() -> UInt {
        var marker: UInt8 = 0
        return withUnsafeMutablePointer(to: &marker) { UInt(bitPattern: $0) }
    }

    /// The lowest address this thread's stack may reach before we refuse to go deeper.
    static func stackFloor() -> UInt {
        let here = stackAddress()
        #if os(Linux)
        var attributes = pthread_attr_t()
        guard getThreadAttributes(pthread_self(), &attributes) == 0 else { return here - 256 * 1024 }
        defer { pthread_attr_destroy(&attributes) }
        var address: UnsafeMutableRawPointer?
        var size = 0
        pthread_attr_getstack(&attributes, &address, &size)
        guard let address else { return here - 256 * 1024 }
        let low = UInt(bitPattern: address)
        let margin = UInt(min(max(size / 8, 64 * 1024), 256 * 1024))
        return low + margin
        #else
        let size = UInt(pthread_get_stacksize_np(pthread_self()))
        let high = UInt(bitPattern: pthread_get_stackaddr_np(pthread_self()))
        return high - size + min(max(size / 8, 64 * 1024), 256 * 1024)
        #endif
    }
}
