/// Style-rule numbers by a selector key: an id, a class, or a type's name key (as its 16
/// bytes). Keys are hashed into open-addressed slots, one entry per distinct key, the way
/// `KeyedRules` indexes tracker rules. A `Dictionary` keyed by byte arrays or name keys
/// would cost each filter process a runtime search of the conformance records on first use,
/// more than every look-up it serves.
struct RuleKeyIndex {
    /// Entry number + 1 per slot (0: empty); the count is a power of two.
    private var slots: [Int32] = []
    private var keyBytes: [UInt8] = []
    private var entryKey: [Range<Int>] = []
    private var entryHash: [UInt64] = []
    private var entryRules: [[Int]] = []

    var isEmpty: Bool { entryRules.isEmpty }

    /// Files `rule` under `key`, once (rules are added in increasing order).
    mutating func add(_ key: UnsafeBufferPointer<UInt8>, rule: Int) {
        let hash = Self.hash(key)
        if let entry = find(key, hash) {
            if entryRules[entry].last != rule { entryRules[entry].append(rule) }
            return
        }
        if (entryRules.count + 1) * 2 > slots.count { grow() }
        let start = keyBytes.count
        keyBytes.append(contentsOf: key)
        entryKey.append(start..<keyBytes.count)
        entryHash.append(hash)
        entryRules.append([rule])
        place(entryRules.count - 1, hash)
    }

    /// The rules filed under `key`, if any.
    func rules(_ key: UnsafeBufferPointer<UInt8>) -> [Int]? {
        guard !entryRules.isEmpty, let entry = find(key, Self.hash(key)) else { return nil }
        return entryRules[entry]
    }

    mutating func add(_ key: [UInt8], rule: Int) { key.withUnsafeBufferPointer { add($0, rule: rule) } }
    func rules(_ key: [UInt8]) -> [Int]? { key.withUnsafeBufferPointer { rules($0) } }
    func rules(_ key: ArraySlice<UInt8>) -> [Int]? { key.withUnsafeBufferPointer { rules($0) } }
    mutating func add(_ key: NameKey, rule: Int) { Self.withBytes(key) { add($0, rule: rule) } }
    func rules(_ key: NameKey) -> [Int]? { Self.withBytes(key) { rules($0) } }

    private static func withBytes<T>(_ key: NameKey, _ body: (UnsafeBufferPointer<UInt8>) -> T) -> T {
        withUnsafeBytes(of: (key.low, key.high)) { body($0.bindMemory(to: UInt8.self)) }
    }

    /// FNV-1a: keys are short names that differ in a byte or two.
    private static func hash(_ key: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in key { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return hash
    }

    private func find(_ key: UnsafeBufferPointer<UInt8>, _ hash: UInt64) -> Int? {
        guard !slots.isEmpty else { return nil }
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while slots[slot] != 0 {
            let entry = Int(slots[slot]) - 1
            if entryHash[entry] == hash, keyBytes[entryKey[entry]].elementsEqual(key) { return entry }
            slot = (slot + 1) & mask
        }
        return nil
    }

    private mutating func place(_ entry: Int, _ hash: UInt64) {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while slots[slot] != 0 { slot = (slot + 1) & mask }
        slots[slot] = Int32(entry + 1)
    }

    private mutating func grow() {
        slots = [Int32](repeating: 0, count: max(16, slots.count * 2))
        for entry in entryHash.indices { place(entry, entryHash[entry]) }
    }
}
