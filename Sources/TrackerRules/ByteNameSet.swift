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
    /// By first byte; empty when the set has no prefixes (most have none).
    private var prefixesByFirstByte: [[[UInt8]]] = []

    init<Names: Sequence, Prefixes: Sequence>(_ names: Names, prefixes: Prefixes = [String]())
    where Names.Element == String, Prefixes.Element == String {
        // Sized once: these sets are built in every filter process.
        let count = names.underestimatedCount
        newest.reserveCapacity(count)
        ranges.reserveCapacity(count)
        previous.reserveCapacity(count)
        bytes.reserveCapacity(count * 12)
        for var name in names {
            let start = bytes.count
            // Through the name's contiguous bytes: appending its `utf8` view goes element by
            // element (these sets are built in every process that judges a link).
            name.withUTF8 { bytes.append(contentsOf: $0) }
            ranges.append(start..<bytes.count)
            let hash = bytes.withUnsafeBufferPointer { ByteHash.of(UnsafeBufferPointer(rebasing: $0[start...])) }
            previous.append(newest.insert(hash, Int32(ranges.count - 1)))
        }
        for var prefix in prefixes {
            if prefixesByFirstByte.isEmpty { prefixesByFirstByte = Array(repeating: [], count: 256) }
            let p = prefix.withUTF8 { Array($0) }
            if let first = p.first { prefixesByFirstByte[Int(first)].append(p) }
        }
    }

    /// True when `name` is one of the names or starts with one of the prefixes.
    func matches(_ name: UnsafeBufferPointer<UInt8>) -> Bool {
        matches(name, hash: ByteHash.of(name))
    }

    /// `matches`, given the name's `ByteHash.of` (a parameter is tried against several sets).
    func matches(_ name: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Bool {
        var entry = newest.newest(hash)
        while entry >= 0 {
            if LinkBytes.equals(bytes, ranges[Int(entry)], name) { return true }
            entry = previous[Int(entry)]
        }
        guard let first = name.first, !prefixesByFirstByte.isEmpty else { return false }
        for p in prefixesByFirstByte[Int(first)] where p.count <= name.count {
            if LinkBytes.equals(p, 0..<p.count, UnsafeBufferPointer(rebasing: name[0..<p.count])) { return true }
        }
        return false
    }
}
