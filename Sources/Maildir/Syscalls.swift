import CMaildirSync

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// Every system call the Maildir code makes goes through this file, so that tests can
// inject errors (ENOSPC, EIO, EINTR) and crash the process at a chosen step. The seam is
// `_MaildirFaults`: with nothing armed it costs one uncontended lock per call and changes
// nothing.

/// A failed system call: what was attempted, on which path, and the errno it returned.
public struct SystemError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The operation, named after the call ("open", "write", "link" ...).
    public var operation: String
    /// The path concerned (for descriptor calls, the path the descriptor was opened on).
    public var path: String
    /// The C `errno` value.
    public var errno: Int32

    public init(operation: String, path: String, errno: Int32) {
        self.operation = operation
        self.path = path
        self.errno = errno
    }

    /// The C library's text for `errno`, e.g. "No space left on device".
    public var message: String {
        guard let text = strerror(errno) else { return "errno \(errno)" }
        return String(cString: text)
    }

    public var description: String { "\(operation) \(path): \(message)" }

    /// True for "the file is not there" (ENOENT, ENOTDIR).
    public var isNotFound: Bool { errno == ENOENT || errno == ENOTDIR }
}

/// What `stat` tells about a file, reduced to what the Maildir code needs.
public struct FileStatus: Equatable, Sendable {
    public var device: UInt64
    public var inode: UInt64
    public var size: Int
    public var mode: UInt32
    public var owner: UInt32
    public var group: UInt32
    public var accessTime: timespec
    public var modificationTime: timespec
    public var changeTime: timespec

    public var isRegularFile: Bool { mode & UInt32(S_IFMT) == UInt32(S_IFREG) }
    public var isDirectory: Bool { mode & UInt32(S_IFMT) == UInt32(S_IFDIR) }
    public var isSymbolicLink: Bool { mode & UInt32(S_IFMT) == UInt32(S_IFLNK) }

    /// Same file, same content as far as `stat` can tell: device, inode, size and mtime.
    public func sameIdentity(as other: FileStatus) -> Bool {
        device == other.device && inode == other.inode && size == other.size
            && modificationTime.tv_sec == other.modificationTime.tv_sec
            && modificationTime.tv_nsec == other.modificationTime.tv_nsec
    }

    public static func == (a: FileStatus, b: FileStatus) -> Bool {
        a.sameIdentity(as: b) && a.mode == b.mode && a.owner == b.owner && a.group == b.group
            && a.changeTime.tv_sec == b.changeTime.tv_sec && a.changeTime.tv_nsec == b.changeTime.tv_nsec
    }

    init(_ st: CStat) {
        device = UInt64(st.st_dev)
        inode = UInt64(st.st_ino)
        size = Int(st.st_size)
        mode = UInt32(st.st_mode)
        owner = UInt32(st.st_uid)
        group = UInt32(st.st_gid)
        #if canImport(Darwin)
        accessTime = st.st_atimespec
        modificationTime = st.st_mtimespec
        changeTime = st.st_ctimespec
        #else
        accessTime = st.st_atim
        modificationTime = st.st_mtim
        changeTime = st.st_ctim
        #endif
    }

    /// A status built by hand, for tests and journals.
    public init(device: UInt64, inode: UInt64, size: Int, mode: UInt32 = UInt32(S_IFREG) | 0o600,
                owner: UInt32 = 0, group: UInt32 = 0, accessTime: timespec = timespec(),
                modificationTime: timespec, changeTime: timespec = timespec()) {
        self.device = device
        self.inode = inode
        self.size = size
        self.mode = mode
        self.owner = owner
        self.group = group
        self.accessTime = accessTime
        self.modificationTime = modificationTime
        self.changeTime = changeTime
    }
}

/// One entry of a directory listing.
public struct DirectoryEntry: Sendable, Equatable {
    public enum Kind: Sendable, Equatable { case file, directory, symbolicLink, other, unknown }
    public var name: String
    public var kind: Kind
}

/// The calls that can be made to fail or to crash the process.
public enum SyscallOperation: String, Sendable, CaseIterable {
    case open, create, read, write, fsync, close, link, unlink, rename, stat, lstat, fstat
    case futimens, fchown, fchmod, readdir, mkdir, syncfs

    /// Calls that change the file system or its durability: the crash points.
    public var isMutating: Bool {
        switch self {
        case .create, .write, .fsync, .link, .unlink, .rename, .futimens, .fchown, .fchmod, .mkdir, .syncfs: return true
        default: return false
        }
    }
}

/// Test-only fault injection for the Maildir system calls.
///
/// Inert unless a test (or the test-only fault driver) arms it: production code never calls
/// any of these, and `trackless` never reads `TRACKLESS_FAULT_AT` unless
/// `armCrashFromEnvironment()` is called, which only the fault driver does.
///
/// - Errors: `inject(_:)` makes matching calls fail with a chosen errno (`EINTR` is retried
///   by the wrappers, so injecting it tests the retry).
/// - Crash points: every mutating call (`SyscallOperation.isMutating`) is a numbered step;
///   the crash hook sees each step before the call is made and may end the process.
public enum _MaildirFaults {
    /// Makes calls fail: `operation` on a path containing `pathContains` (any path when nil),
    /// after `skip` matching calls, `times` times (`Int.max` for ever).
    public struct Rule: Sendable {
        public var operation: SyscallOperation
        public var errno: Int32
        public var pathContains: String?
        public var skip: Int
        public var times: Int

        public init(_ operation: SyscallOperation, errno: Int32, pathContains: String? = nil,
                    skip: Int = 0, times: Int = 1) {
            self.operation = operation
            self.errno = errno
            self.pathContains = pathContains
            self.skip = skip
            self.times = times
        }
    }

    /// Called before every mutating call with the step number (from 1) and a name such as
    /// "link cur/1700000000.M1P2Q3.host,S=10:2,S".
    public typealias CrashHook = @Sendable (_ step: Int, _ name: String) -> Void

    final class State: @unchecked Sendable {
        let lock = Lock()
        var rules: [Rule] = []
        var hook: CrashHook?
        var steps = 0
    }

    static let state = State()

    /// Adds an error rule; returns nothing. Remove rules with `removeRules(pathContains:)`.
    public static func inject(_ rule: Rule) {
        state.lock.withLock { state.rules.append(rule) }
    }

    /// Removes the rules whose `pathContains` equals the given one (all rules when nil).
    public static func removeRules(pathContains: String? = nil) {
        state.lock.withLock {
            if let pathContains {
                state.rules.removeAll { $0.pathContains == pathContains }
            } else {
                state.rules.removeAll()
            }
        }
    }

    /// Installs (or with nil removes) the crash hook and resets the step count.
    public static func setCrashHook(_ hook: CrashHook?) {
        state.lock.withLock {
            state.hook = hook
            state.steps = 0
        }
    }

    /// Mutating steps seen since the hook was last set.
    public static var stepCount: Int { state.lock.withLock { state.steps } }

    /// Test-only: when `TRACKLESS_FAULT_AT=N` is set, ends the process with `_exit(9)` just
    /// before the Nth mutating call; with `TRACKLESS_FAULT_TRACE=1`, prints each step to
    /// stderr. Only the fault driver calls this.
    public static func armCrashFromEnvironment() {
        let at = getenv("TRACKLESS_FAULT_AT").flatMap { Int(String(cString: $0)) }
        let trace = getenv("TRACKLESS_FAULT_TRACE") != nil
        guard at != nil || trace else { return }
        setCrashHook { step, name in
            if trace {
                let line = "fault-step \(step) \(name)\n"
                _ = line.withCString { systemWrite(2, $0, strlen($0)) }
            }
            if let at, step == at { _exit(9) }
        }
    }

    /// Counts a call: runs the crash hook for mutating calls, then returns the errno an
    /// error rule wants for this call, if any.
    static func check(_ operation: SyscallOperation, _ path: String) -> Int32? {
        let (hook, step, injected): (CrashHook?, Int, Int32?) = state.lock.withLock {
            var step = 0
            if operation.isMutating, state.hook != nil {
                state.steps += 1
                step = state.steps
            }
            var injected: Int32?
            for i in state.rules.indices where state.rules[i].operation == operation && state.rules[i].times > 0 {
                if let needle = state.rules[i].pathContains, !path.contains(needle) { continue }
                if state.rules[i].skip > 0 {
                    state.rules[i].skip -= 1
                    continue
                }
                state.rules[i].times -= 1
                injected = state.rules[i].errno
                break
            }
            return (state.hook, step, injected)
        }
        if let hook, step > 0 { hook(step, "\(operation.rawValue) \(path)") }
        return injected
    }
}

/// A plain mutex that works on every platform the package builds for.
final class Lock: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>

    init() {
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    func withLock<T>(_ body: () throws -> T) rethrows -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body()
    }
}

@inline(__always)
private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int {
    #if canImport(Glibc)
    return Glibc.write(fd, buffer, count)
    #else
    return Darwin.write(fd, buffer, count)
    #endif
}

/// The system calls, each retried on EINTR and each throwing `SystemError`.
enum Sys {
    /// Runs `call` until it does not fail with EINTR; an injected errno takes the place of
    /// the call's own result (an injected EINTR is followed by the real call).
    @inline(__always)
    private static func retrying<T>(_ op: SyscallOperation, _ path: String,
                                    _ call: () -> T, failed: (T) -> Bool) throws(SystemError) -> T {
        while true {
            if let injected = _MaildirFaults.check(op, path) {
                if injected == EINTR { continue }
                throw SystemError(operation: op.rawValue, path: path, errno: injected)
            }
            let result = call()
            if failed(result) {
                let code = errno
                if code == EINTR { continue }
                throw SystemError(operation: op.rawValue, path: path, errno: code)
            }
            return result
        }
    }

    /// Opens an existing file for reading, never following a symbolic link.
    static func openForReading(_ path: String) throws(SystemError) -> Int32 {
        try retrying(.open, path, { open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC) }, failed: { $0 < 0 })
    }

    /// Opens a directory (for `fsync`).
    static func openDirectory(_ path: String) throws(SystemError) -> Int32 {
        try retrying(.open, path, { open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC) }, failed: { $0 < 0 })
    }

    /// Creates a new file that must not exist yet.
    static func createExclusive(_ path: String, mode: mode_t) throws(SystemError) -> Int32 {
        try retrying(.create, path, {
            open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode)
        }, failed: { $0 < 0 })
    }

    static func close(_ fd: Int32, path: String) {
        // close() is not retried on EINTR: on Linux the descriptor is gone either way.
        if _MaildirFaults.check(.close, path) != nil { _ = closeCall(fd); return }
        _ = closeCall(fd)
    }

    @inline(__always)
    private static func closeCall(_ fd: Int32) -> Int32 {
        #if canImport(Glibc)
        return Glibc.close(fd)
        #else
        return Darwin.close(fd)
        #endif
    }

    /// Reads up to `count` bytes into `buffer`; 0 means end of file.
    static func read(_ fd: Int32, into buffer: UnsafeMutableRawPointer, count: Int, path: String) throws(SystemError) -> Int {
        try retrying(.read, path, {
            #if canImport(Glibc)
            Glibc.read(fd, buffer, count)
            #else
            Darwin.read(fd, buffer, count)
            #endif
        }, failed: { $0 < 0 })
    }

    /// Writes all of `bytes`, looping over short writes.
    static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, path: String) throws(SystemError) {
        guard let base = bytes.baseAddress else { return }
        var offset = 0
        while offset < bytes.count {
            let chunk = min(bytes.count - offset, 1 << 30)
            let written = try retrying(.write, path, { systemWrite(fd, base + offset, chunk) }, failed: { $0 < 0 })
            if written == 0 { throw SystemError(operation: "write", path: path, errno: EIO) }
            offset += written
        }
    }

    static func fsync(_ fd: Int32, path: String) throws(SystemError) {
        _ = try retrying(.fsync, path, {
            #if canImport(Glibc)
            Glibc.fsync(fd)
            #else
            Darwin.fsync(fd)
            #endif
        }, failed: { $0 != 0 })
    }

    /// Flushes the whole file system that holds `path` (files and directories written so
    /// far); false when only `path` itself could be flushed (no syncfs here), in which
    /// case the caller must sync each file.
    static func syncFileSystem(_ path: String) throws(SystemError) -> Bool {
        let fd = try openDirectory(path)
        defer { close(fd, path: path) }
        let result = try retrying(.syncfs, path, { tl_syncfs(fd) }, failed: { $0 < 0 })
        return result == 0
    }

    /// Flushes a directory's entries to disk.
    static func fsyncDirectory(_ path: String) throws(SystemError) {
        let fd = try openDirectory(path)
        defer { close(fd, path: path) }
        try fsync(fd, path: path)
    }

    static func fstat(_ fd: Int32, path: String) throws(SystemError) -> FileStatus {
        var st = CStat()
        _ = try retrying(.fstat, path, {
            #if canImport(Glibc)
            Glibc.fstat(fd, &st)
            #else
            Darwin.fstat(fd, &st)
            #endif
        }, failed: { $0 != 0 })
        return FileStatus(st)
    }

    /// `stat` without following a final symbolic link.
    static func lstat(_ path: String) throws(SystemError) -> FileStatus {
        var st = CStat()
        _ = try retrying(.lstat, path, {
            #if canImport(Glibc)
            Glibc.lstat(path, &st)
            #else
            Darwin.lstat(path, &st)
            #endif
        }, failed: { $0 != 0 })
        return FileStatus(st)
    }

    /// `stat`, following symbolic links.
    static func stat(_ path: String) throws(SystemError) -> FileStatus {
        var st = CStat()
        _ = try retrying(.stat, path, {
            // fstatat: the bare name `stat` resolves to the struct, not the function.
            fstatat(AT_FDCWD, path, &st, 0)
        }, failed: { $0 != 0 })
        return FileStatus(st)
    }

    /// `lstat`, returning nil when the file does not exist.
    static func lstatIfPresent(_ path: String) throws(SystemError) -> FileStatus? {
        do {
            return try lstat(path)
        } catch {
            if error.isNotFound { return nil }
            throw error
        }
    }

    /// Sets access and modification times (to the nanosecond).
    static func futimens(_ fd: Int32, access: timespec, modification: timespec, path: String) throws(SystemError) {
        var times = [access, modification]
        _ = try retrying(.futimens, path, {
            times.withUnsafeMutableBufferPointer { buffer in
                #if canImport(Glibc)
                Glibc.futimens(fd, buffer.baseAddress)
                #else
                Darwin.futimens(fd, buffer.baseAddress)
                #endif
            }
        }, failed: { $0 != 0 })
    }

    static func fchown(_ fd: Int32, owner: UInt32, group: UInt32, path: String) throws(SystemError) {
        _ = try retrying(.fchown, path, {
            #if canImport(Glibc)
            Glibc.fchown(fd, uid_t(owner), gid_t(group))
            #else
            Darwin.fchown(fd, uid_t(owner), gid_t(group))
            #endif
        }, failed: { $0 != 0 })
    }

    static func fchmod(_ fd: Int32, mode: UInt32, path: String) throws(SystemError) {
        _ = try retrying(.fchmod, path, {
            #if canImport(Glibc)
            Glibc.fchmod(fd, mode_t(mode))
            #else
            Darwin.fchmod(fd, mode_t(mode))
            #endif
        }, failed: { $0 != 0 })
    }

    static func link(_ from: String, _ to: String) throws(SystemError) {
        _ = try retrying(.link, to, {
            #if canImport(Glibc)
            Glibc.link(from, to)
            #else
            Darwin.link(from, to)
            #endif
        }, failed: { $0 != 0 })
    }

    static func unlink(_ path: String) throws(SystemError) {
        _ = try retrying(.unlink, path, {
            #if canImport(Glibc)
            Glibc.unlink(path)
            #else
            Darwin.unlink(path)
            #endif
        }, failed: { $0 != 0 })
    }

    /// `unlink` that treats "already gone" as success; returns whether a file was removed.
    @discardableResult
    static func unlinkIfPresent(_ path: String) throws(SystemError) -> Bool {
        do {
            try unlink(path)
            return true
        } catch {
            if error.isNotFound { return false }
            throw error
        }
    }

    static func rename(_ from: String, _ to: String) throws(SystemError) {
        _ = try retrying(.rename, to, {
            #if canImport(Glibc)
            Glibc.rename(from, to)
            #else
            Darwin.rename(from, to)
            #endif
        }, failed: { $0 != 0 })
    }

    static func mkdir(_ path: String, mode: mode_t) throws(SystemError) {
        _ = try retrying(.mkdir, path, {
            #if canImport(Glibc)
            Glibc.mkdir(path, mode)
            #else
            Darwin.mkdir(path, mode)
            #endif
        }, failed: { $0 != 0 })
    }

    /// Creates `path` and any missing parents (mode 0700); existing directories are fine.
    static func makeDirectories(_ path: String) throws(SystemError) {
        var prefix = ""
        let absolute = path.hasPrefix("/")
        for component in path.split(separator: "/", omittingEmptySubsequences: true) {
            prefix += (prefix.isEmpty && !absolute) ? String(component) : "/" + component
            if let status = try lstatIfPresent(prefix) {
                if status.isDirectory { continue }
                if status.isSymbolicLink, let target = try? stat(prefix), target.isDirectory { continue }
                throw SystemError(operation: "mkdir", path: prefix, errno: ENOTDIR)
            }
            do {
                try mkdir(prefix, mode: 0o700)
            } catch {
                if error.errno != EEXIST { throw error }
            }
        }
    }

    /// Lists a directory (without "." and ".."), in the order the file system returns.
    static func listDirectory(_ path: String) throws(SystemError) -> [DirectoryEntry] {
        if let injected = _MaildirFaults.check(.readdir, path), injected != EINTR {
            throw SystemError(operation: "readdir", path: path, errno: injected)
        }
        guard let dir = opendir(path) else {
            throw SystemError(operation: "opendir", path: path, errno: errno)
        }
        defer { closedir(dir) }
        var entries: [DirectoryEntry] = []
        while true {
            errno = 0
            guard let entry = readdir(dir) else {
                if errno != 0 { throw SystemError(operation: "readdir", path: path, errno: errno) }
                break
            }
            let kind: DirectoryEntry.Kind
            switch Int32(entry.pointee.d_type) {
            case Int32(DT_REG): kind = .file
            case Int32(DT_DIR): kind = .directory
            case Int32(DT_LNK): kind = .symbolicLink
            case Int32(DT_UNKNOWN): kind = .unknown
            default: kind = .other
            }
            let name: String? = withUnsafePointer(to: &entry.pointee.d_name) { pointer in
                pointer.withMemoryRebound(to: CChar.self, capacity: 256) { String(validatingCString: $0) }
            }
            // A name that is not UTF-8 cannot be a Maildir name we write; it is listed under
            // a placeholder so callers can report it instead of silently missing it.
            let listed = name ?? "\u{FFFD}"
            if listed == "." || listed == ".." { continue }
            entries.append(DirectoryEntry(name: listed, kind: kind))
        }
        return entries
    }

    /// True when a process with this id exists (or exists but belongs to someone else).
    static func processExists(_ pid: Int32) -> Bool {
        if pid <= 0 { return false }
        return kill(pid, 0) == 0 || errno == EPERM
    }

    static var processID: Int32 { getpid() }

    static var effectiveUserID: UInt32 { UInt32(geteuid()) }

    static var effectiveGroupID: UInt32 { UInt32(getegid()) }

    /// The host name, or "localhost" when it cannot be read.
    static var hostName: String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "localhost" }
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return name.isEmpty ? "localhost" : name
    }

    /// Wall-clock time with microseconds.
    static func now() -> timespec {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return ts
    }
}

#if canImport(Glibc)
typealias CStat = Glibc.stat
#else
typealias CStat = Darwin.stat
#endif
