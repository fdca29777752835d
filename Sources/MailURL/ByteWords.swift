/// Tests on eight bytes at once (read as one `UInt64`), for scans that skip long runs of
/// bytes they have no interest in. Each test may say which byte hit wrongly, but never
/// misses a hit or reports one where there is none, so a caller that looks at the eight
/// bytes one by one after a hit loses nothing.
///
/// Public and inlinable: the scans live in other modules, and as a `package` type these were
/// not inlined there (a call per eight bytes costs more than the test).
public enum ByteWords {
    @inlinable public static var eachByte: UInt64 { 0x0101_0101_0101_0101 }
    @inlinable static var highBits: UInt64 { 0x8080_8080_8080_8080 }

    /// The eight bytes at `pointer` (any alignment).
    @inlinable @inline(__always)
    public static func load(_ pointer: UnsafePointer<UInt8>) -> UInt64 {
        UnsafeRawPointer(pointer).loadUnaligned(as: UInt64.self)
    }

    /// True when one of the eight bytes is `byte`: the usual zero-byte test, on the word
    /// compared with the byte.
    @inlinable @inline(__always)
    public static func holds(_ word: UInt64, _ byte: UInt8) -> Bool {
        let x = word ^ (eachByte &* UInt64(byte))
        return (x &- eachByte) & ~x & highBits != 0
    }

    /// True when one of the eight bytes is below `limit` (at most 0x80).
    @inlinable @inline(__always)
    public static func holdsByte(_ word: UInt64, below limit: UInt8) -> Bool {
        (word &- eachByte &* UInt64(limit)) & ~word & highBits != 0
    }

    /// The index of the first `a` or `b` in `u[from..<to]`, or `to`: eight bytes at a time
    /// past runs that hold neither (a URL's path and query are long runs of neither `?`
    /// nor `#`, of neither `&` nor `=`).
    @inlinable
    public static func firstIndex(of a: UInt8, or b: UInt8, in u: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> Int {
        var i = from
        if let base = u.baseAddress {
            while i + 8 <= to {
                let word = load(base + i)
                if holds(word, a) || holds(word, b) { break }
                i += 8
            }
        }
        while i < to {
            let byte = u[i]
            if byte == a || byte == b { return i }
            i += 1
        }
        return to
    }

    /// How many bytes of `u[from..<to]` equal `byte`, eight at a time: the carry-free
    /// zero-byte test marks each equal byte exactly (`holds` may mark one wrongly, which a
    /// count cannot afford), and the marks are counted.
    @inlinable
    public static func count(of byte: UInt8, in u: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> Int {
        var n = 0
        var k = from
        if let base = u.baseAddress {
            let pattern = eachByte &* UInt64(byte)
            let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
            while k + 8 <= to {
                let y = load(base + k) ^ pattern
                let nonzero = ((y & low7) &+ low7) | y
                n += (~nonzero & ~low7).nonzeroBitCount
                k += 8
            }
        }
        while k < to {
            if u[k] == byte { n += 1 }
            k += 1
        }
        return n
    }
}
