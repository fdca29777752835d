import MailURL

/// A 64-bit hash of a run of bytes, eight bytes at a time: style attributes run to hundreds
/// of bytes, and selector keys (names, and a type's 16-byte name key) are read whole words
/// at a time too. Not for anything stored: tables built in one process use it.
enum ByteRunHash {
    static func of(_ input: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(range.count)
        guard let base = input.baseAddress else { return h }
        var index = range.lowerBound
        while index + 8 <= range.upperBound {
            h = (h ^ ByteWords.load(base + index)) &* 0xFF51_AFD7_ED55_8CCD
            h ^= h >> 32
            index += 8
        }
        while index < range.upperBound {
            h = (h ^ UInt64(input[index])) &* 0x0000_0100_0000_01B3
            index += 1
        }
        h ^= h >> 29
        return h &* 0xC4CE_B9FE_1A85_EC53 ^ (h >> 32)
    }

    static func of(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 { of(bytes, 0..<bytes.count) }
}
