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
    /// Each entry's rules as a list through `filed` and `next`, in filing order: one array
    /// for all keys, not one per key (a style sheet of 20,000 rules has about as many keys).
    private var entryFirst: [Int32] = []
    private var entryLast: [Int32] = []
    private var filed: [Int32] = []
    private var next: [Int32] = []

    var isEmpty: Bool { entryFirst.isEmpty }

    mutating func add(_ key: UnsafeBufferPointer<UInt8>, rule: Int) {
        let hash = Self.hash(key)
        if let entry = find(key, hash) {
            // A second selector of the same rule under the same key is filed once.
            let last = Int(entryLast[entry])
            if Int(filed[last]) != rule {
                next[last] = Int32(filed.count)
                entryLast[entry] = Int32(filed.count)
                file(rule)
            }
            return
        }
        if (entryFirst.count + 1) * 2 > slots.count { grow() }
        let start = keyBytes.count
        keyBytes.append(contentsOf: key)
        entryKey.append(start..<keyBytes.count)
        entryHash.append(hash)
        entryFirst.append(Int32(filed.count))
        entryLast.append(Int32(filed.count))
        file(rule)
        place(entryFirst.count - 1, hash)
    }

    private mutating func file(_ rule: Int) {
        filed.append(Int32(truncatingIfNeeded: rule))
        next.append(-1)
    }

    /// Appends the rules filed under `key` to `out`; false when there are none.
    @discardableResult
    func appendRules(_ key: UnsafeBufferPointer<UInt8>, to out: inout [Int]) -> Bool {
        guard !entryFirst.isEmpty, let entry = find(key, Self.hash(key)) else { return false }
        var item = Int(entryFirst[entry])
        while item >= 0 {
            out.append(Int(filed[item]))
            item = Int(next[item])
        }
        return true
    }

    func rules(_ key: UnsafeBufferPointer<UInt8>) -> [Int]? {
        var out: [Int] = []
        return appendRules(key, to: &out) ? out : nil
    }

    mutating func add(_ key: [UInt8], rule: Int) { key.withUnsafeBufferPointer { add($0, rule: rule) } }
    func rules(_ key: [UInt8]) -> [Int]? { key.withUnsafeBufferPointer { rules($0) } }
    func rules(_ key: ArraySlice<UInt8>) -> [Int]? { key.withUnsafeBufferPointer { rules($0) } }
    mutating func add(_ key: NameKey, rule: Int) { Self.withBytes(key) { add($0, rule: rule) } }
    func rules(_ key: NameKey) -> [Int]? { Self.withBytes(key) { rules($0) } }
    @discardableResult
    func appendRules(_ key: ArraySlice<UInt8>, to out: inout [Int]) -> Bool {
        key.withUnsafeBufferPointer { appendRules($0, to: &out) }
    }
    @discardableResult
    func appendRules(_ key: NameKey, to out: inout [Int]) -> Bool {
        Self.withBytes(key) { appendRules($0, to: &out) }
    }

    private static func withBytes<T>(_ key: NameKey, _ body: (UnsafeBufferPointer<UInt8>) -> T) -> T {
        withUnsafeBytes(of: (key.low, key.high)) { body($0.bindMemory(to: UInt8.self)) }
    }

    private static func hash(_ key: UnsafeBufferPointer<UInt8>) -> UInt64 { ByteRunHash.of(key) }

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
