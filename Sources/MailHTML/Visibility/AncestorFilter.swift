/// A Bloom filter over the keys a selector can ask of an element: its name, its classes
/// and its id, the last two folded to ASCII lower case (quirks mode matches them so).
///
/// A selector such as `.button a` matches an `<a>` only if some ancestor has the class
/// `button`. When the filter of everything above the `<a>` lacks a key the selector needs
/// up there, the walk up the tree is skipped: the answer is no (the ancestor filter of
/// browser engines). A key that is present may be a false hit, and the walk then decides.
/// 128 bits, two per key.
struct KeyFilter: Equatable {
    var low: UInt64 = 0
    var high: UInt64 = 0

    /// What a node whose class or id needs decoding contributes: it could hold any key.
    static let everything = KeyFilter(low: .max, high: .max)

    var isEmpty: Bool { low == 0 && high == 0 }

    func contains(_ other: KeyFilter) -> Bool {
        low & other.low == other.low && high & other.high == other.high
    }

    mutating func formUnion(_ other: KeyFilter) {
        low |= other.low
        high |= other.high
    }

    mutating func insert(tag: NameKey) {
        insert(hash: Self.mix(tag.low ^ (tag.high &* 0x9E37_79B9_7F4A_7C15)))
    }

    /// A class or id, compared without ASCII case.
    mutating func insert(name: UnsafeBufferPointer<UInt8>) {
        // FNV-1a over the folded bytes; names are kept apart from tags by the seed.
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325 ^ 0x5A
        for byte in name { hash = (hash ^ UInt64(asciiLower(byte))) &* 0x0000_0100_0000_01B3 }
        insert(hash: Self.mix(hash))
    }

    mutating func insert(name: [UInt8]) {
        name.withUnsafeBufferPointer { insert(name: $0) }
    }

    private mutating func insert(hash: UInt64) {
        set(hash & 127)
        set((hash >> 7) & 127)
    }

    private mutating func set(_ bit: UInt64) {
        if bit < 64 { low |= 1 << bit } else { high |= 1 << (bit - 64) }
    }

    /// The SplitMix64 finaliser: every bit of the result depends on every bit of `z`.
    private static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension ComplexSelector {
    /// The keys some ancestor must hold for the selector to match: those of every compound
    /// reached from the subject through child and descendant combinators. A sibling
    /// combinator ends the walk (the model does not look past it).
    static func ancestorKeys(
        _ compounds: [CompoundSelector], _ combinators: [Combinator], document: UnsafeBufferPointer<UInt8>,
        pool: UnsafeBufferPointer<UInt8>
    ) -> KeyFilter {
        var keys = KeyFilter()
        var index = compounds.count - 2
        while index >= 0, combinators[index] != .sibling {
            let compound = compounds[index]
            if let tag = compound.tag { keys.insert(tag: tag) }
            for id in compound.ids { id.withBytes(document: document, pool: pool) { keys.insert(name: $0) } }
            for name in compound.classes { name.withBytes(document: document, pool: pool) { keys.insert(name: $0) } }
            index -= 1
        }
        return keys
    }
}
