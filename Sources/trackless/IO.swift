#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whole-descriptor reads and writes that retry on EINTR and partial transfers.
enum IO {
    enum Failure: Error { case read(Int32), write(Int32), open(String, Int32) }

    /// Reads a descriptor to EOF. MDAs require the whole input to be read, always.
    /// It reads straight into the array that it returns: for a file of known size one
    /// allocation and no copy; from a pipe, the array doubles when full. (A separate read
    /// buffer cost a 256 KiB map and unmap, its page faults, and a copy of the message.)
    static func readAll(fd: Int32) throws(Failure) -> [UInt8] {
        var st = stat()
        var capacity = 64 * 1024
        if fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG, st.st_size > 0 {
            // One byte more than the size, so that the read that sees EOF has room.
            capacity = Int(st.st_size) + 1
        }
        var result: [UInt8] = []
        var failure: Int32 = 0
        var atEOF = false
        while !atEOF && failure == 0 {
            let previous = result
            result = [UInt8](unsafeUninitializedCapacity: max(capacity, previous.count * 2)) { buf, count in
                // Not zeroed: read() fills what is used.
                if !previous.isEmpty {
                    previous.withUnsafeBufferPointer { old in
                        _ = buf.initialize(fromContentsOf: old)
                    }
                }
                count = previous.count
                while count < buf.count {
                    let n = read(fd, buf.baseAddress! + count, buf.count - count)
                    if n < 0 {
                        if errno == EINTR { continue }
                        failure = errno
                        return
                    }
                    if n == 0 {
                        atEOF = true
                        return
                    }
                    count += n
                }
            }
        }
        if failure != 0 { throw .read(failure) }
        return result
    }

    static func writeAll(fd: Int32, _ bytes: [UInt8]) throws(Failure) {
        var failure: Int32 = 0
        bytes.withUnsafeBufferPointer { buf in
            var done = 0
            while done < buf.count {
                let n = write(fd, buf.baseAddress.map { $0 + done }, buf.count - done)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                done += n
            }
        }
        if failure != 0 { throw .write(failure) }
    }

    static func writeAll(fd: Int32, _ text: String) throws(Failure) {
        try writeAll(fd: fd, Array(text.utf8))
    }

    /// Writes a whole file (created or truncated, mode 0644 before the umask).
    static func writeFile(_ path: String, _ bytes: [UInt8]) throws(Failure) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        if fd < 0 { throw .open(path, errno) }
        defer { close(fd) }
        try writeAll(fd: fd, bytes)
    }

    static func readFile(_ path: String) throws(Failure) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 { throw .open(path, errno) }
        defer { close(fd) }
        return try readAll(fd: fd)
    }
}

func describeErrno(_ code: Int32) -> String {
    String(cString: strerror(code))
}
