import Glibc
import MailURL

/// What elements' style attributes say, by the attribute's bytes, for one document.
///
/// Mail builders inline the same style on every cell or image of a kind, and reading a
/// style (the quick test for a property that could hide anything, then the declarations)
/// was most of the visibility walk's cost. An answer is reused only for the same bytes and
/// the same element facts `VisibilityModel.derive` reads besides them (the `hidden`
/// attribute and the `width`/`height` attributes), so it is the answer reading would give.
struct InlineStyleCache {
    struct Entry {
        var hash: UInt64
        var style: (Int32, Int32)
        var width: Int32
        var height: Int32
        var flags: UInt8
        /// The previous entry with the same slot, or -1.
        var next: Int32
        var own: VisibilityModel.OwnStyle
    }

    /// Distinct styles remembered; past this (hostile documents), styles are read each time
    /// and memory stays bounded.
    static let capacity = 1024
    /// Entries of one slot looked at before reading the style instead.
    static let maximumSteps = 8
    /// Element flags the answer depends on.
    static let flagsRead = StyledNode.hiddenAttribute | StyledNode.needsDecoding

    /// Power-of-two table of the newest entry per slot (-1: none); made on first use.
    private var slots: [Int32] = []
    private var entries: [Entry] = []

    /// The answer for `style` on element `n`, when one was stored.
    func find(_ input: UnsafeBufferPointer<UInt8>, _ style: Range<Int>, _ n: StyledNode, hash: UInt64) -> VisibilityModel.OwnStyle? {
        guard !slots.isEmpty else { return nil }
        var index = slots[Int(truncatingIfNeeded: hash) & (slots.count - 1)]
        let flags = n.flags & Self.flagsRead
        // A few entries per slot at most are looked at: styles made to share a slot cost a
        // read each, not a walk over every style remembered.
        var steps = 0
        while index >= 0 && steps < Self.maximumSteps {
            steps += 1
            let e = entries[Int(index)]
            if e.hash == hash && e.width == n.width && e.height == n.height && e.flags == flags
                && Self.sameBytes(input, style, Int(e.style.0)..<Int(e.style.1))
            {
                return e.own
            }
            index = e.next
        }
        return nil
    }

    mutating func store(_ own: VisibilityModel.OwnStyle, _ style: Range<Int>, _ n: StyledNode, hash: UInt64) {
        guard entries.count < Self.capacity else { return }
        if slots.isEmpty { slots = [Int32](repeating: -1, count: 2 * Self.capacity) }
        let slot = Int(truncatingIfNeeded: hash) & (slots.count - 1)
        entries.append(
            Entry(hash: hash, style: (Int32(truncatingIfNeeded: style.lowerBound), Int32(truncatingIfNeeded: style.upperBound)),
                  width: n.width, height: n.height, flags: n.flags & Self.flagsRead, next: slots[slot], own: own))
        slots[slot] = Int32(entries.count - 1)
    }

    static func sameBytes(_ input: UnsafeBufferPointer<UInt8>, _ a: Range<Int>, _ b: Range<Int>) -> Bool {
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
