import Glibc

/// Names (query parameter names) looked up by their bytes, so a URL's parameters are
/// judged without building a String for each: found by FNV-1a hash, confirmed by
/// comparing bytes. Prefixes are kept as bytes too, grouped by their first byte.
struct ByteNameSet: Sendable {
    private var newest = HashSlots()
    /// All names, back to back; name `i` is `bytes[ranges[i]]`.
    private var bytes: [UInt8] = []
    private var ranges: [Range<Int>] = []
    /// The previous name with the same hash, or -1.
    private var previous: [Int32] = []
    private var prefixesByFirstByte = [[[UInt8]]](repeating: [], count: 256)

    init<Names: Sequence, Prefixes: Sequence>(_ names: Names, prefixes: Prefixes = [String]())
    where Names.Element == String, Prefixes.Element == String {
        // Sized once: these sets are built in every filter process.
        let count = names.underestimatedCount
        newest.reserveCapacity(count)
        ranges.reserveCapacity(count)
        previous.reserveCapacity(count)
        bytes.reserveCapacity(count * 12)
        for name in names {
            let start = bytes.count
            bytes.append(contentsOf: name.utf8)
            ranges.append(start..<bytes.count)
            let hash = bytes.withUnsafeBufferPointer { ByteHash.of(UnsafeBufferPointer(rebasing: $0[start...])) }
            previous.append(newest.insert(hash, Int32(ranges.count - 1)))
        }
        for prefix in prefixes {
            let p = Array(prefix.utf8)
            if let first = p.first { prefixesByFirstByte[Int(first)].append(p) }
        }
    }

    /// True when `name` is one of the names or starts with one of the prefixes.
    func matches(_ name: UnsafeBufferPointer<UInt8>) -> Bool {
        // memcmp: the generic elementsEqual over two collection types costs several times more,
        // and this runs for every parameter of every link.
        guard let start = name.baseAddress, !name.isEmpty else { return false }
        var entry = newest.newest(ByteHash.of(name))
        while entry >= 0 {
            let r = ranges[Int(entry)]
            if r.count == name.count
                && bytes.withUnsafeBufferPointer({ b in
                    guard let base = b.baseAddress else { return false }
                    return memcmp(base + r.lowerBound, start, r.count) == 0
                }) {
                return true
            }
            entry = previous[Int(entry)]
        }
        for p in prefixesByFirstByte[Int(start[0])] where p.count <= name.count {
            if p.withUnsafeBufferPointer({ b in b.baseAddress.map { memcmp($0, start, p.count) == 0 } ?? false }) {
                return true
            }
        }
        return false
    }
}
