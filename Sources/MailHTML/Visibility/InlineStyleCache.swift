#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What elements' style attributes say, by the attribute's bytes, for one document.
///
/// Mail builders inline the same style on every cell or image of a kind, and reading a
/// style (the quick test for a property that could hide anything, then the declarations)
/// was most of the visibility walk's cost. An answer is reused only for the same bytes and
/// the same element facts (`StyleKey.Facts`) the answer depends on besides them, so it is
/// the answer reading would give. Two kinds of answer are kept: an element's own style when
/// no rule applies (`VisibilityModel.OwnStyle`), and the declarations the cascade merges with
/// rules (an index into `VisibilityModel.declared`).
struct InlineStyleCache<Answer> {
    struct Entry {
        var key: StyleKey
        /// The previous entry with the same slot, or -1.
        var next: Int32
        var answer: Answer
    }

    /// Distinct styles remembered per cache; past this (hostile documents), styles are read
    /// each time and memory stays bounded.
    static var capacity: Int { 1024 }
    /// Entries of one slot looked at before reading the style instead.
    static var maximumSteps: Int { 8 }

    /// Power-of-two table of the newest entry per slot (-1: none); made on first use.
    private var slots: [Int32] = []
    private var entries: [Entry] = []

    /// The answer stored for `key`'s style, when there is one. Inlined: called for every
    /// styled element the walk meets, and as a call it cost 0.3% of the HTML stage.
    @inline(__always)
    func find(_ input: UnsafeBufferPointer<UInt8>, _ key: StyleKey) -> Answer? {
        guard !slots.isEmpty else { return nil }
        var index = slots[Int(truncatingIfNeeded: key.hash) & (slots.count - 1)]
        // A few entries per slot at most are looked at: styles made to share a slot cost a
        // read each, not a walk over every style remembered.
        var steps = 0
        while index >= 0 && steps < Self.maximumSteps {
            steps += 1
            let e = entries[Int(index)]
            if e.key.hash == key.hash && e.key.facts == key.facts && e.key.sameBytes(as: key, in: input) {
                return e.answer
            }
            index = e.next
        }
        return nil
    }

    mutating func store(_ answer: Answer, _ key: StyleKey) {
        guard entries.count < Self.capacity else { return }
        // The table starts small and doubles at half full: most documents hold a few dozen
        // distinct styles, and zeroing the full table showed in their profiles.
        if entries.count * 2 >= slots.count { grow() }
        let slot = Int(truncatingIfNeeded: key.hash) & (slots.count - 1)
        entries.append(Entry(key: key, next: slots[slot], answer: answer))
        slots[slot] = Int32(entries.count - 1)
    }

    /// Doubles the slot table (64 at first) and links every entry into it again, oldest
    /// first, so each slot still lists its newest entry first.
    private mutating func grow() {
        slots = [Int32](repeating: -1, count: max(64, slots.count * 2))
        let mask = slots.count - 1
        for k in entries.indices {
            let slot = Int(truncatingIfNeeded: entries[k].key.hash) & mask
            entries[k].next = slots[slot]
            slots[slot] = Int32(k)
        }
    }
}

/// A style attribute as `InlineStyleCache` looks it up: its bytes (by hash and place in the
/// input) and the element facts an answer depends on besides them.
struct StyleKey {
    /// The element facts an answer depends on besides the style's bytes.
    struct Facts: Equatable {
        var width: Int32
        var height: Int32
        var flags: UInt8

        /// For an own style: `derive` reads the `hidden`, `width` and `height` attributes;
        /// `needsDecoding` is in the key too (the bytes decide it, so it only makes the key
        /// stricter).
        static func ownStyle(_ n: StyledNode) -> Facts {
            Facts(width: n.width, height: n.height, flags: n.flags & (StyledNode.hiddenAttribute | StyledNode.needsDecoding))
        }

        /// For declarations: the bytes alone, read decoded or not.
        static func declarations(_ n: StyledNode) -> Facts {
            Facts(width: -1, height: -1, flags: n.flags & StyledNode.needsDecoding)
        }
    }

    var hash: UInt64
    private var bounds: (Int32, Int32)
    var facts: Facts

    /// The key of `input[style]` with `facts`.
    init(_ input: UnsafeBufferPointer<UInt8>, _ style: Range<Int>, _ facts: Facts) {
        self.init(hash: ByteRunHash.of(input, style), style: style, facts: facts)
    }

    /// A key with a given hash (tests make styles collide with it).
    init(hash: UInt64, style: Range<Int>, facts: Facts) {
        self.hash = hash
        bounds = (Int32(truncatingIfNeeded: style.lowerBound), Int32(truncatingIfNeeded: style.upperBound))
        self.facts = facts
    }

    var style: Range<Int> { Int(bounds.0)..<Int(bounds.1) }

    func sameBytes(as other: StyleKey, in input: UnsafeBufferPointer<UInt8>) -> Bool {
        let a = style, b = other.style
        guard a.count == b.count else { return false }
        guard a.lowerBound != b.lowerBound, let base = input.baseAddress else { return true }
        return memcmp(base + a.lowerBound, base + b.lowerBound, a.count) == 0
    }
}
