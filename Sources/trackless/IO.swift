#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whole-descriptor reads and writes that retry on EINTR and partial transfers.
enum IO {
    enum Failure: Error { case read(Int32), write(Int32), open(String, Int32) }

    /// Reads a descriptor to EOF. MDAs require the whole input to be read, always.
    static func readAll(fd: Int32) throws(Failure) -> [UInt8] {
        var result: [UInt8] = []
        var st = stat()
        if fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG, st.st_size > 0 {
            result.reserveCapacity(Int(st.st_size) + 1)
        } else {
            result.reserveCapacity(64 * 1024)
        }
        // Not zeroed: read() fills what is used (zeroing 256 KiB cost a tenth of a small
        // message's whole run).
        let chunk = 256 * 1024
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunk, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            var n = 0
            repeat { n = read(fd, buffer.baseAddress, chunk) } while n < 0 && errno == EINTR
            if n < 0 { throw .read(errno) }
            if n == 0 { return result }
            // Appending a contiguous buffer is a memcpy; growth doubles, so copying stays linear.
            result.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
        }
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
