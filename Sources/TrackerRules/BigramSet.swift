/// A set of byte pairs (65,536 bits). The searches for recipient forms and unsubscribe
/// markers try a position only when the two bytes there start something they look for.
struct BigramSet: Sendable {
    private var bits = [UInt64](repeating: 0, count: 1024)

    mutating func insert(_ first: UInt8, _ second: UInt8) {
        let key = Int(first) << 8 | Int(second)
        bits[key >> 6] |= 1 << UInt64(key & 63)
    }

    /// Runs `body` with a reader that tests pairs without copies or bounds checks.
    func withReader<R>(_ body: (Reader) -> R) -> R {
        bits.withUnsafeBufferPointer { body(Reader(bits: $0)) }
    }

    struct Reader {
        let bits: UnsafeBufferPointer<UInt64>

        /// Whether the pair `key` (`first << 8 | second`) is in the set.
        @inline(__always) func contains(_ key: Int) -> Bool {
            bits[key >> 6] & (1 << UInt64(key & 63)) != 0
        }
    }
}
