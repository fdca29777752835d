/// Names (query parameter names) looked up by their bytes, so a URL's parameters are
/// judged without building a String for each: keyed by FNV-1a hash, confirmed by
/// comparing bytes. Prefixes are kept as bytes too.
struct ByteNameSet: Sendable {
    private var byHash: [UInt64: [[UInt8]]] = [:]
    private var prefixes: [[UInt8]] = []

    init<Names: Sequence, Prefixes: Sequence>(_ names: Names, prefixes: Prefixes = [String]())
    where Names.Element == String, Prefixes.Element == String {
        for name in names {
            let bytes = Array(name.utf8)
            byHash[bytes.withUnsafeBufferPointer(ByteHash.of), default: []].append(bytes)
        }
        self.prefixes = prefixes.map { Array($0.utf8) }
    }

    /// True when `name` is one of the names or starts with one of the prefixes.
    func matches(_ name: UnsafeBufferPointer<UInt8>) -> Bool {
        if let same = byHash[ByteHash.of(name)], same.contains(where: { $0.elementsEqual(name) }) { return true }
        for p in prefixes where p.count <= name.count {
            if p.elementsEqual(UnsafeBufferPointer(rebasing: name[0..<p.count])) { return true }
        }
        return false
    }
}
