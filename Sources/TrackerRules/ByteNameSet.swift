/// Names (query parameter names, wrapper domains) looked up by their bytes, so a URL's
/// parameters are judged without building a String for each: found by FNV-1a hash,
/// confirmed by comparing bytes. Prefixes are kept as bytes too, grouped by their first byte.
///
/// The built-in sets are stored whole in the binary (`FrozenNameSet`, written by
/// `swift run rules-index`): building them took every `filter` process that met a link
/// about 90,000 instructions.
struct ByteNameSet: Sendable {
    private var newest = HashSlots()
    /// All names, back to back; name `i` is `bytes[bounds[2i]..<bounds[2i + 1]]`.
    private var bytes: [UInt8] = []
    private var bounds: [Int32] = []
    /// The previous name with the same hash, or -1.
    private var previous: [Int32] = []
    /// By first byte; empty when the set has no prefixes (most have none).
    private var prefixesByFirstByte: [[[UInt8]]] = []

    init<Names: Sequence, Prefixes: Sequence>(_ names: Names, prefixes: Prefixes = [String]())
    where Names.Element == String, Prefixes.Element == String {
        let count = names.underestimatedCount
        newest.reserveCapacity(count)
        bounds.reserveCapacity(2 * count)
        previous.reserveCapacity(count)
        bytes.reserveCapacity(count * 12)
        for var name in names {
            let start = bytes.count
            // Through the name's contiguous bytes: appending its `utf8` view goes element by
            // element.
            name.withUTF8 { bytes.append(contentsOf: $0) }
            bounds += [Int32(start), Int32(bytes.count)]
            let hash = bytes.withUnsafeBufferPointer { ByteHash.of(UnsafeBufferPointer(rebasing: $0[start...])) }
            previous.append(newest.insert(hash, Int32(previous.count)))
        }
        addPrefixes(prefixes)
    }

    /// The set `frozen` stores, with `prefixes` (a handful, not stored).
    init<Prefixes: Sequence>(frozen: FrozenNameSet, prefixes: Prefixes = [String]()) where Prefixes.Element == String {
        newest = HashSlots(slots: frozen.slots, hashes: frozen.slotHashes, count: frozen.distinctHashes)
        bytes = frozen.bytes
        bounds = frozen.bounds
        previous = frozen.previous
        addPrefixes(prefixes)
    }

    private mutating func addPrefixes<Prefixes: Sequence>(_ prefixes: Prefixes) where Prefixes.Element == String {
        for var prefix in prefixes {
            if prefixesByFirstByte.isEmpty { prefixesByFirstByte = Array(repeating: [], count: 256) }
            let p = prefix.withUTF8 { Array($0) }
            if let first = p.first { prefixesByFirstByte[Int(first)].append(p) }
        }
    }

    /// The names' part of the set, as stored in the binary.
    var frozen: FrozenNameSet {
        let table = newest.storage
        return FrozenNameSet(
            bytes: bytes, bounds: bounds, previous: previous, slots: table.slots, slotHashes: table.hashes,
            distinctHashes: table.count)
    }

    /// True when `name` is one of the names or starts with one of the prefixes.
    func matches(_ name: UnsafeBufferPointer<UInt8>) -> Bool {
        matches(name, hash: ByteHash.of(name))
    }

    /// `matches`, given the name's `ByteHash.of` (a parameter is tried against several sets).
    func matches(_ name: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Bool {
        var entry = Int(newest.newest(hash))
        while entry >= 0 {
            if LinkBytes.equals(bytes, Int(bounds[2 * entry])..<Int(bounds[2 * entry + 1]), name) { return true }
            entry = Int(previous[entry])
        }
        guard let first = name.first, !prefixesByFirstByte.isEmpty else { return false }
        for p in prefixesByFirstByte[Int(first)] where p.count <= name.count {
            if LinkBytes.equals(p, 0..<p.count, UnsafeBufferPointer(rebasing: name[0..<p.count])) { return true }
        }
        return false
    }
}

/// A `ByteNameSet`'s names, hashed and laid out as the set keeps them: what
/// `Data/NameSetsIndex.swift` stores for the built-in sets.
struct FrozenNameSet: Sendable, Equatable {
    var bytes: [UInt8]
    var bounds: [Int32]
    var previous: [Int32]
    var slots: [Int32]
    var slotHashes: [UInt64]
    var distinctHashes: Int

    /// This value as a Swift expression.
    func swiftSource(indent i: String) -> String {
        "FrozenNameSet(\n"
            + "\(i)    bytes: \(swiftIntegerList(bytes, indent: i + "    ")),\n"
            + "\(i)    bounds: \(swiftIntegerList(bounds, indent: i + "    ")),\n"
            + "\(i)    previous: \(swiftIntegerList(previous, indent: i + "    ")),\n"
            + "\(i)    slots: \(swiftIntegerList(slots, indent: i + "    ")),\n"
            + "\(i)    slotHashes: \(swiftIntegerList(slotHashes, indent: i + "    ")),\n"
            + "\(i)    distinctHashes: \(distinctHashes))"
    }
}

/// The built-in name sets, built from their lists, by the name `Data/NameSetsIndex.swift`
/// stores each under: what the `rules-index` tool writes and the tests compare.
package enum NameSetsSource {
    static var sets: [(name: String, set: ByteNameSet)] {
        var sets: [(String, ByteNameSet)] = [
            ("paramGlobal", ByteNameSet(ParamRules.global)),
            ("paramSafeEverywhere", ByteNameSet(ParamRules.safeEverywhere)),
            ("wrapperHosts", ByteNameSet(WrapperHosts.domains)),
        ]
        for (k, scope) in ParamRules.scopes.enumerated() { sets.append(("paramScope\(k)", ByteNameSet(scope.names))) }
        return sets
    }

    /// The Swift source of `Data/NameSetsIndex.swift`.
    package static func current() -> String {
        let scopeCount = ParamRules.scopes.count
        var out = """
            // Written by `swift run rules-index` from the name lists of ParamRules.swift and
            // LinkWrappers.swift; do not edit. NameSetsIndexTests fails when this no longer
            // matches them.
            // swift-format-ignore-file

            extension FrozenNameSet {

            """
        for (name, set) in sets {
            out += "    static let \(name) = \(set.frozen.swiftSource(indent: "    "))\n\n"
        }
        out += "    static let paramScopes: [FrozenNameSet] = [\n"
        out += (0..<scopeCount).map { "        paramScope\($0)," }.joined(separator: "\n")
        out += "\n    ]\n}\n"
        return out
    }
}
