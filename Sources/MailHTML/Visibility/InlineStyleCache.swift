import Glibc
import MailURL

/// What elements' style attributes say, by the attribute's bytes, for one document.
///
/// Mail builders inline the same style on every cell or image of a kind, and reading a
/// style (the quick test for a property that could hide anything, then the declarations)
/// was most of the visibility walk's cost. An answer is reused only for the same bytes and
/// the same element facts (`Facts`) the answer depends on besides them, so it is the answer
/// reading would give. Two kinds of answer are kept: an element's own style when no rule
/// applies (`VisibilityModel.OwnStyle`), and the declarations the cascade merges with rules
/// (an index into `VisibilityModel.declared`).
struct InlineStyleCache<Answer> {
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

    struct Entry {
        var hash: UInt64
        var style: (Int32, Int32)
        var facts: Facts
        /// The previous entry with the same slot, or -1.
        var next: Int32
        var answer: Answer
    }

    /// Power-of-two table of the newest entry per slot (-1: none); made on first use.
    private var slots: [Int32] = []
    private var entries: [Entry] = []

    /// The answer for `style` with `facts`, when one was stored.
    func find(_ input: UnsafeBufferPointer<UInt8>, _ style: Range<Int>, _ facts: Facts, hash: UInt64) -> Answer? {
        guard !slots.isEmpty else { return nil }
        var index = slots[Int(truncatingIfNeeded: hash) & (slots.count - 1)]
        // A few entries per slot at most are looked at: styles made to share a slot cost a
        // read each, not a walk over every style remembered.
        var steps = 0
        while index >= 0 && steps < StyleBytes.maximumSteps {
            steps += 1
            let e = entries[Int(index)]
            if e.hash == hash && e.facts == facts && StyleBytes.same(input, style, Int(e.style.0)..<Int(e.style.1)) {
                return e.answer
            }
            index = e.next
        }
        return nil
    }

    mutating func store(_ answer: Answer, _ style: Range<Int>, _ facts: Facts, hash: UInt64) {
        guard entries.count < StyleBytes.capacity else { return }
        // The table starts small and doubles at half full: most documents hold a few dozen
        // distinct styles, and zeroing the full table showed in their profiles.
        if entries.count * 2 >= slots.count { grow() }
        let slot = Int(truncatingIfNeeded: hash) & (slots.count - 1)
        entries.append(
            Entry(hash: hash, style: (Int32(truncatingIfNeeded: style.lowerBound), Int32(truncatingIfNeeded: style.upperBound)),
                  facts: facts, next: slots[slot], answer: answer))
        slots[slot] = Int32(entries.count - 1)
    }

    /// Doubles the slot table (64 at first) and links every entry into it again, oldest
    /// first, so each slot still lists its newest entry first.
    private mutating func grow() {
        slots = [Int32](repeating: -1, count: max(64, slots.count * 2))
        let mask = slots.count - 1
        for k in entries.indices {
            let slot = Int(truncatingIfNeeded: entries[k].hash) & mask
            entries[k].next = slots[slot]
            slots[slot] = Int32(k)
        }
    }
}

/// The bounds and byte helpers of `InlineStyleCache`.
enum StyleBytes {
    /// Distinct styles remembered per cache; past this (hostile documents), styles are read
    /// each time and memory stays bounded.
    static let capacity = 1024
    /// Entries of one slot looked at before reading the style instead.
    static let maximumSteps = 8

    static func same(_ input: UnsafeBufferPointer<UInt8>, _ a: Range<Int>, _ b: Range<Int>) -> Bool {
        guard a.count == b.count else { return false }
        guard a.lowerBound != b.lowerBound, let base = input.baseAddress else { return true }
        return memcmp(base + a.lowerBound, base + b.lowerBound, a.count) == 0
    }

    /// A hash of `input[range]`, eight bytes at a time (styles run to hundreds of bytes).
    static func hash(_ input: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> UInt64 {
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
}
