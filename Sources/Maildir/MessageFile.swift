#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a message could not be read or replaced.
public enum MaildirError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A system call failed (permission denied, disk full, name too long ...).
    case system(SystemError)
    /// The entry is a symbolic link, a directory, a device or a pipe.
    case notARegularFile(path: String)
    /// The file is larger than the size limit.
    case tooLarge(path: String, size: Int, limit: Int)
    /// The new file could not be given the old file's owner and group.
    case ownerNotKept(path: String, owner: UInt32, group: UInt32, SystemError)

    public var description: String {
        switch self {
        case .system(let error): return error.description
        case .notARegularFile(let path): return "\(path): not a regular file"
        case .tooLarge(let path, let size, let limit): return "\(path): \(size) bytes, over the limit of \(limit)"
        case .ownerNotKept(let path, let owner, let group, let error):
            return "\(path): cannot give the new file owner \(owner):\(group) (\(error.message)); run as the mailbox owner or as root"
        }
    }

    /// The errno behind the error, if a system call failed.
    public var errno: Int32? {
        switch self {
        case .system(let error), .ownerNotKept(_, _, _, let error): return error.errno
        default: return nil
        }
    }
}

/// A message as read from disk: its bytes and the `fstat` of the open file.
public struct MessageSnapshot: Sendable {
    public var bytes: [UInt8]
    public var status: FileStatus
}

/// Reading and writing whole message files.
public enum MessageFile {
    /// Files larger than this are not read: 256 MiB.
    public static let defaultSizeLimit = 256 << 20

    /// Reads a whole regular file (not following a symbolic link) with its status.
    public static func read(_ path: String, limit: Int = defaultSizeLimit) throws(MaildirError) -> MessageSnapshot {
        let fd: Int32
        do {
            fd = try Sys.openForReading(path)
        } catch {
            if error.errno == ELOOP { throw .notARegularFile(path: path) }
            throw .system(error)
        }
        defer { Sys.close(fd, path: path) }
        do {
            let status = try Sys.fstat(fd, path: path)
            guard status.isRegularFile else { throw MaildirError.notARegularFile(path: path) }
            guard status.size <= limit else { throw MaildirError.tooLarge(path: path, size: status.size, limit: limit) }
            let bytes = try readAll(fd, expected: status.size, limit: limit, path: path)
            return MessageSnapshot(bytes: bytes, status: status)
        } catch let error as MaildirError {
            throw error
        } catch let error as SystemError {
            throw .system(error)
        } catch {
            throw .system(SystemError(operation: "read", path: path, errno: EIO))
        }
    }

    /// Reads to end of file; a file that grows past `limit` while being read is an error.
    /// Reads straight into uninitialized storage, one byte more than the expected size so
    /// the read that sees end of file has room (zeroing the buffer first was a pass over
    /// every message read).
    static func readAll(_ fd: Int32, expected: Int, limit: Int, path: String) throws -> [UInt8] {
        var bytes: [UInt8] = []
        var capacity = max(expected, 0) + 1
        while true {
            let previous = bytes
            var atEnd = false
            bytes = try [UInt8](unsafeUninitializedCapacity: capacity) { buffer, count in
                count = previous.isEmpty ? 0 : buffer.initialize(fromContentsOf: previous)
                while count < buffer.count {
                    let n = try Sys.read(fd, into: buffer.baseAddress! + count, count: buffer.count - count, path: path)
                    if n == 0 {
                        atEnd = true
                        return
                    }
                    count += n
                }
            }
            if atEnd { return bytes }
            // Full: the file grew since its size was read.
            guard bytes.count <= limit else { throw MaildirError.tooLarge(path: path, size: bytes.count, limit: limit) }
            capacity = bytes.count + max(bytes.count, 4096)
        }
    }

    /// Creates `path` (which must not exist) with `bytes`, the given mode, optionally the
    /// given owner and times, and flushes it to disk. On any error the partial file is
    /// removed before the error is thrown.
    static func writeNew(_ path: String, bytes: [UInt8], mode: UInt32,
                         owner: (UInt32, UInt32)? = nil, times: (access: timespec, modification: timespec)? = nil,
                         sync: Bool = true)
        throws(MaildirError) {
        let fd: Int32
        do {
            fd = try Sys.createExclusive(path, mode: mode_t(mode & 0o777))
        } catch {
            throw .system(error)
        }
        var closed = false
        do {
            try bytes.withUnsafeBytes { buffer in try Sys.writeAll(fd, buffer, path: path) }
            let created = try Sys.fstat(fd, path: path)
            // The umask may have taken bits away; the copy gets exactly the old mode.
            if created.mode & 0o777 != mode & 0o777 {
                try Sys.fchmod(fd, mode: mode & 0o777, path: path)
            }
            if let (uid, gid) = owner {
                if created.owner != uid || created.group != gid {
                    do {
                        try Sys.fchown(fd, owner: uid, group: gid, path: path)
                    } catch {
                        throw MaildirError.ownerNotKept(path: path, owner: uid, group: gid, error)
                    }
                }
            }
            if let times {
                try Sys.futimens(fd, access: times.access, modification: times.modification, path: path)
            }
            // Unsynced files belong to a batch that one syncfs makes durable.
            if sync { try Sys.fsync(fd, path: path) }
            Sys.close(fd, path: path)
            closed = true
        } catch {
            if !closed { Sys.close(fd, path: path) }
            _ = try? Sys.unlinkIfPresent(path)
            if let error = error as? MaildirError { throw error }
            if let error = error as? SystemError { throw .system(error) }
            throw .system(SystemError(operation: "write", path: path, errno: EIO))
        }
    }
}

extension MessageFile {
    /// fsyncs a file written earlier without a sync.
    static func syncExisting(_ path: String) throws(MaildirError) {
        let fd: Int32
        do {
            fd = try Sys.openForReading(path)
        } catch {
            throw .system(error)
        }
        defer { Sys.close(fd, path: path) }
        do {
            try Sys.fsync(fd, path: path)
        } catch {
            throw .system(error)
        }
    }
}

/// A 64-bit check that a file holds the bytes a journal promised, taken eight bytes a step
/// in four independent lanes (rounds in the manner of xxHash64), then mixed. FNV-1a, which
/// journals before version 3 carry, multiplies once per byte, each multiply waiting on the
/// last: 5% of `clean`'s CPU time on newsletters (perf samples; this hash 0.45%). Not
/// a defence against anyone choosing the bytes: it tells the complete new file from a torn
/// or different one. Words are read little-endian, so the value does not depend on the
/// machine.
func contentHash64(_ bytes: [UInt8]) -> UInt64 {
    let p1: UInt64 = 0x9E37_79B1_85EB_CA87
    let p2: UInt64 = 0xC2B2_AE3D_27D4_EB4F
    let p3: UInt64 = 0x1656_67B1_9E37_79F9
    let p4: UInt64 = 0x85EB_CA77_C2B2_AE63
    @inline(__always) func rotl(_ x: UInt64, _ r: UInt64) -> UInt64 { (x << r) | (x >> (64 - r)) }
    @inline(__always) func round(_ acc: UInt64, _ word: UInt64) -> UInt64 { rotl(acc &+ word &* p2, 31) &* p1 }
    return bytes.withUnsafeBytes { raw -> UInt64 in
        @inline(__always) func word(_ at: Int) -> UInt64 {
            UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: UInt64.self))
        }
        let n = raw.count
        var i = 0
        var hash: UInt64
        if n >= 32 {
            var a = p1 &+ p2, b = p2, c: UInt64 = 0, d = 0 &- p1
            while i + 32 <= n {
                a = round(a, word(i))
                b = round(b, word(i + 8))
                c = round(c, word(i + 16))
                d = round(d, word(i + 24))
                i += 32
            }
            hash = rotl(a, 1) &+ rotl(b, 7) &+ rotl(c, 12) &+ rotl(d, 18)
            hash = (hash ^ round(0, a)) &* p1 &+ p4
            hash = (hash ^ round(0, b)) &* p1 &+ p4
            hash = (hash ^ round(0, c)) &* p1 &+ p4
            hash = (hash ^ round(0, d)) &* p1 &+ p4
        } else {
            hash = p3
        }
        hash = hash &+ UInt64(n)
        while i + 8 <= n {
            hash = rotl(hash ^ round(0, word(i)), 27) &* p1 &+ p4
            i += 8
        }
        while i < n {
            hash = rotl(hash ^ UInt64(raw[i]) &* p3, 11) &* p1
            i += 1
        }
        hash ^= hash >> 33
        hash = hash &* p2
        hash ^= hash >> 29
        hash = hash &* p3
        return hash ^ (hash >> 32)
    }
}

/// FNV-1a, 64 bits: the check journals before version 3 carry (`new-fnv64`).
func fnv1a64<C: Collection>(_ bytes: C) -> UInt64 where C.Element == UInt8 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in bytes {
        hash ^= UInt64(byte)
        hash = hash &* 0x0000_0100_0000_01b3
    }
    return hash
}
