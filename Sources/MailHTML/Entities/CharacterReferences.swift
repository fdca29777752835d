import MailURL

/// Character reference resolution and the other per-context decoding the WHATWG
/// tokenizer applies to text, attribute values and comments.
///
/// All decoding works on the raw bytes of a token's range after tokenizing: the raw
/// range fully determines the decoded form, so the tokenizer itself never copies.
public enum HTMLDecoding {
    /// Which decoding rules apply to a byte range.
    public enum Mode: Sendable {
        /// Data-state text: references resolve, NUL stays U+0000.
        case text
        /// RCDATA text: references resolve, NUL becomes U+FFFD.
        case rcdata
        /// Attribute values: references resolve with the legacy rule for names without
        /// `;` followed by `=` or an alphanumeric; NUL becomes U+FFFD.
        case attributeValue
        /// No references; NUL becomes U+FFFD (comments, RAWTEXT, script, PLAINTEXT).
        case replacingNUL
        /// Nothing but newline normalisation (CDATA sections).
        case raw

        var resolvesReferences: Bool {
            switch self {
            case .text, .rcdata, .attributeValue: true
            case .replacingNUL, .raw: false
            }
        }

        var replacesNUL: Bool {
            switch self {
            case .rcdata, .attributeValue, .replacingNUL: true
            case .text, .raw: false
            }
        }

        /// Bit n set: byte n (all below 64) needs decoding work in this mode.
        var specialBytes: UInt64 {
            var mask: UInt64 = 1 << 0x0D
            if resolvesReferences { mask |= 1 << 0x26 }
            if replacesNUL { mask |= 1 }
            return mask
        }
    }

    /// Whether decoding `range` would return its bytes unchanged (no `&`, CR or NUL
    /// that the mode would touch).
    public static func isVerbatim(_ input: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, mode: Mode) -> Bool {
        firstSpecial(input, range, mode: mode) == min(range.upperBound, input.count)
    }

    /// Where the first byte the mode may decode (`&`, CR, NUL) is in `range`, or its end.
    static func firstSpecial(_ input: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, mode: Mode) -> Int {
        let special = mode.specialBytes
        var index = max(range.lowerBound, 0)
        let end = min(range.upperBound, input.count)
        // Eight bytes at a time: every style and URL value is checked, most are verbatim.
        if let base = input.baseAddress {
            let checksAmpersand = special & (1 << 0x26) != 0
            let checksNUL = special & 1 != 0
            while index + 8 <= end {
                let word = ByteWords.load(base + index)
                if ByteWords.holds(word, 0x0D) || (checksAmpersand && ByteWords.holds(word, 0x26))
                    || (checksNUL && ByteWords.holds(word, 0))
                {
                    break
                }
                index += 8
            }
        }
        while index < end {
            let byte = input[index]
            if byte < 64 && (special >> UInt64(byte)) & 1 != 0 { return index }
            index += 1
        }
        return end
    }

    /// Whether `range` decodes to itself because every byte the mode might decode is an
    /// `&` that starts no reference (`?a=1&utm_source=x`: most query strings written
    /// without `&amp;`). Stricter `isVerbatim` answers no for any `&`.
    static func decodesToItself(_ input: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, mode: Mode) -> Bool {
        firstChange(input, range, mode: mode) == min(range.upperBound, input.count)
    }

    /// Where `range` first decodes to something other than itself: the bytes before it do
    /// (see `decodesToItself`); the end of the range when all of them do.
    static func firstChange(_ input: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, mode: Mode) -> Int {
        let end = min(range.upperBound, input.count)
        let inAttribute = mode == .attributeValue
        var index = firstSpecial(input, range, mode: mode)
        var scratch: [UInt8] = []
        while index < end {
            guard input[index] == 0x26 else { return index }
            // `&name=` in an attribute: whatever reference the name begins with is either
            // shorter than the name (an alphanumeric follows it) or all of it with no `;`
            // (`=` follows), and both stay literal, so no table search is needed.
            var k = index + 1
            while k < end, isASCIIAlphanumeric(input[k]) { k += 1 }
            if inAttribute, k > index + 1, k < end, input[k] == 0x3D {
                index = firstSpecial(input, k..<end, mode: mode)
                continue
            }
            // `&amp;` (most references in mail) decodes to one byte from five: answered
            // before the general path, which needs a scratch array.
            if k == index + 4 && k < end && input[k] == 0x3B && input[index + 1] == 0x61 && input[index + 2] == 0x6D
                && input[index + 3] == 0x70
            {
                return index
            }
            // Neither a numeric reference nor a name any entry can match: the `&` is literal.
            let numeric = k == index + 1 && k < end && input[k] == UInt8(ascii: "#")
            if !numeric && !NamedCharacterReferences.mayMatch(input, from: index + 1, runEnd: k, end: end) {
                index = firstSpecial(input, k..<end, mode: mode)
                continue
            }
            let next = resolveReference(input, at: index, end: end, inAttribute: inAttribute, into: &scratch)
            guard next == index + 1, scratch.count == 1 else { return index }
            scratch.removeAll(keepingCapacity: true)
            index = firstSpecial(input, next..<end, mode: mode)
        }
        return end
    }

    /// Decodes `range` of `input` under `mode`, returning UTF-8 (non-UTF-8 input bytes
    /// are copied through unchanged).
    public static func decode(_ input: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, mode: Mode) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(range.count)
        decode(input, range, mode: mode, appendingTo: &output)
        return output
    }

    /// As `decode(_:_:mode:)`, appended to `output`: link text gathers the decoded text of
    /// every token inside the link, and a new array per token cost an allocation each.
    static func decode(_ input: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, mode: Mode, appendingTo output: inout [UInt8]) {
        let special = mode.specialBytes
        let inAttribute = mode == .attributeValue
        var index = range.lowerBound
        let end = range.upperBound
        while index < end {
            // Copy the run of ordinary bytes in one go.
            let runStart = index
            while index < end {
                let byte = input[index]
                if byte < 64 && (special >> UInt64(byte)) & 1 != 0 { break }
                index += 1
            }
            if index > runStart { output.append(contentsOf: UnsafeBufferPointer(rebasing: input[runStart..<index])) }
            guard index < end else { break }
            switch input[index] {
            case 0x0D:
                output.append(0x0A)
                index += 1
                if index < end && input[index] == 0x0A { index += 1 }
            case 0:
                appendScalar(0xFFFD, to: &output)
                index += 1
            default:  // `&`
                index = resolveReference(input, at: index, end: end, inAttribute: inAttribute, into: &output)
            }
        }
    }

    /// Decodes a complete attribute value or text given as bytes (convenience for
    /// callers holding a slice rather than the tokenizer input).
    public static func decode(_ bytes: some Collection<UInt8>, mode: Mode) -> [UInt8] {
        let array = Array(bytes)
        return array.withUnsafeBufferPointer { decode($0, 0..<$0.count, mode: mode) }
    }

    /// Resolves the reference starting at the `&` at `start`, appends its expansion (or
    /// the `&` alone when it is not a reference) and returns the index after what was
    /// consumed.
    static func resolveReference(
        _ input: UnsafeBufferPointer<UInt8>, at start: Int, end: Int, inAttribute: Bool,
        into output: inout [UInt8]
    ) -> Int {
        let next = start + 1
        guard next < end else {
            output.append(0x26)
            return next
        }
        let byte = input[next]
        if byte == UInt8(ascii: "#") {
            return resolveNumeric(input, at: start, end: end, into: &output)
        }
        guard isASCIIAlphanumeric(byte) else {
            output.append(0x26)
            return next
        }
        // `&amp;` is most of the references in mail (every `&` in a URL's query): its
        // longest match is always itself, so the table search is skipped.
        if byte == UInt8(ascii: "a") && end - next >= 4 && input[next + 1] == UInt8(ascii: "m")
            && input[next + 2] == UInt8(ascii: "p") && input[next + 3] == UInt8(ascii: ";")
        {
            output.append(0x26)
            return next + 4
        }
        guard NamedCharacterReferences.mayMatch(input, from: next, end: end),
              let match = NamedCharacterReferences.longestMatch(input, from: next, end: end) else {
            // Ambiguous ampersand: the `&` and the name characters stay as they are.
            output.append(0x26)
            return next
        }
        let matchEnd = next + match.length
        let endsWithSemicolon = input[matchEnd - 1] == UInt8(ascii: ";")
        if inAttribute && !endsWithSemicolon && matchEnd < end {
            let following = input[matchEnd]
            if following == UInt8(ascii: "=") || isASCIIAlphanumeric(following) {
                // Legacy rule: `&amp=` or `&copyx` in an attribute stays literal.
                output.append(0x26)
                return next
            }
        }
        appendScalar(match.first, to: &output)
        if match.second != 0 { appendScalar(match.second, to: &output) }
        return matchEnd
    }

    static func resolveNumeric(
        _ input: UnsafeBufferPointer<UInt8>, at start: Int, end: Int, into output: inout [UInt8]
    ) -> Int {
        var index = start + 2  // after "&#"
        var hex = false
        if index < end && (input[index] | 0x20) == UInt8(ascii: "x") {
            hex = true
            index += 1
        }
        let digitsStart = index
        var value: UInt32 = 0
        var overflow = false
        while index < end {
            let byte = input[index]
            let digit: UInt32
            if byte >= 0x30 && byte <= 0x39 {
                digit = UInt32(byte - 0x30)
            } else if hex && (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x66 {
                digit = UInt32((byte | 0x20) - 0x61 + 10)
            } else {
                break
            }
            if !overflow {
                value = value * (hex ? 16 : 10) + digit
                if value > 0x10FFFF { overflow = true }
            }
            index += 1
        }
        if index == digitsStart {
            // Absence of digits: nothing is consumed but the `&`; "#" and "x" follow as text.
            output.append(0x26)
            return start + 1
        }
        if index < end && input[index] == UInt8(ascii: ";") { index += 1 }
        appendScalar(numericReferenceValue(overflow ? 0x110000 : value), to: &output)
        return index
    }

    /// The code point a numeric reference produces (the spec's "numeric character
    /// reference end state").
    public static func numericReferenceValue(_ value: UInt32) -> UInt32 {
        if value == 0 || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF) { return 0xFFFD }
        if value >= 0x80 && value <= 0x9F {
            let mapped = windows1252[Int(value - 0x80)]
            if mapped != 0 { return mapped }
        }
        return value
    }

    /// The C1 range remapped to what windows-1252 puts there; 0 keeps the value.
    private static let windows1252: [UInt32] = [
        0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
        0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
    ]

    /// Appends a scalar as UTF-8 (surrogates, which never reach here, would be encoded
    /// as their three-byte form).
    static func appendScalar(_ scalar: UInt32, to output: inout [UInt8]) {
        switch scalar {
        case 0..<0x80:
            output.append(UInt8(scalar))
        case 0x80..<0x800:
            output.append(UInt8(0xC0 | (scalar >> 6)))
            output.append(UInt8(0x80 | (scalar & 0x3F)))
        case 0x800..<0x10000:
            output.append(UInt8(0xE0 | (scalar >> 12)))
            output.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
            output.append(UInt8(0x80 | (scalar & 0x3F)))
        default:
            output.append(UInt8(0xF0 | (scalar >> 18)))
            output.append(UInt8(0x80 | ((scalar >> 12) & 0x3F)))
            output.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
            output.append(UInt8(0x80 | (scalar & 0x3F)))
        }
    }
}

@inline(__always)
func isASCIIAlphanumeric(_ byte: UInt8) -> Bool {
    let lower = byte | 0x20
    return (byte >= 0x30 && byte <= 0x39) || (lower >= 0x61 && lower <= 0x7A)
}

/// Lookup in the WHATWG named character reference table.
public enum NamedCharacterReferences {
    /// A table entry matched at some position.
    public struct Match: Sendable, Equatable {
        /// Bytes of the name consumed (without the `&`, with its `;` if any).
        public var length: Int
        /// The first code point of the expansion.
        public var first: UInt32
        /// The second code point, or 0 when the expansion is a single code point.
        public var second: UInt32
    }

    /// False when no table name can be a prefix of `input[start..<end]`, found without a
    /// table search: names are letters and digits with an optional final `;`, so when the
    /// run of letters and digits at `start` is not followed by `;`, only a name that needs
    /// no `;` (the legacy ones, `amp` or `copy`) can match, and none begins with most
    /// pairs of bytes. Query names in URLs (`&utm_source=`, `&mc_eid=`) end here.
    static func mayMatch(_ input: UnsafeBufferPointer<UInt8>, from start: Int, end: Int) -> Bool {
        var k = start
        while k < end, isASCIIAlphanumeric(input[k]) { k += 1 }
        return mayMatch(input, from: start, runEnd: k, end: end)
    }

    /// `mayMatch` for a caller that has found the run of letters and digits already: it
    /// ends at `runEnd`.
    static func mayMatch(_ input: UnsafeBufferPointer<UInt8>, from start: Int, runEnd k: Int, end: Int) -> Bool {
        // Every name starts with a letter or digit.
        guard k > start else { return false }
        if k < end && input[k] == UInt8(ascii: ";") { return true }
        guard k - start >= 2 else { return false }
        let key = Int(input[start] & 0x7F) << 7 | Int(input[start + 1] & 0x7F)
        return legacyPairs[key >> 6] & (1 << UInt64(key & 63)) != 0
    }

    /// The first two bytes of every name that matches without a `;`, as a bit set.
    private static let legacyPairs: [UInt64] = {
        var bits = [UInt64](repeating: 0, count: (128 * 128) / 64)
        NamedCharacterReferenceTable.names.withUTF8Buffer { names in
            let offsets = NamedCharacterReferenceTable.offsets
            for entry in 0..<NamedCharacterReferenceTable.count {
                let from = Int(offsets[entry])
                let to = Int(offsets[entry + 1])
                // `mayMatch` relies on the table's shape: names are letters and digits with
                // an optional final `;`, and those without one are at least two bytes long.
                assert((from..<(to - 1)).allSatisfy { isASCIIAlphanumeric(names[$0]) }
                    && (isASCIIAlphanumeric(names[to - 1]) || names[to - 1] == UInt8(ascii: ";")))
                guard names[to - 1] != UInt8(ascii: ";") else { continue }
                assert(to - from >= 2)
                let key = Int(names[from] & 0x7F) << 7 | Int(names[from + 1] & 0x7F)
                bits[key >> 6] |= 1 << UInt64(key & 63)
            }
        }
        return bits
    }()

    /// The longest table name that is a prefix of `input[start..<end]` (the bytes after
    /// an `&`), as the tokenizer's named character reference state consumes it.
    public static func longestMatch(_ input: UnsafeBufferPointer<UInt8>, from start: Int, end: Int) -> Match? {
        NamedCharacterReferenceTable.names.withUTF8Buffer { names in
            NamedCharacterReferenceTable.offsets.withUnsafeBufferPointer { offsets in
                var low = 0
                var high = NamedCharacterReferenceTable.count
                var best: Int? = nil
                var bestLength = 0
                var depth = 0
                // Invariant: every name in low..<high starts with input[start..<start+depth].
                while low < high && start + depth < end && depth < NamedCharacterReferenceTable.longestName {
                    let byte = input[start + depth]
                    // Narrow to names whose byte at `depth` equals `byte`. Names of length
                    // `depth` sort first and drop out here.
                    var lo = low
                    var hi = high
                    while lo < hi {
                        let mid = (lo + hi) / 2
                        let nameStart = Int(offsets[mid])
                        let length = Int(offsets[mid + 1]) - nameStart
                        let key = length > depth ? Int(names[nameStart + depth]) : -1
                        if key < Int(byte) { lo = mid + 1 } else { hi = mid }
                    }
                    let newLow = lo
                    hi = high
                    while lo < hi {
                        let mid = (lo + hi) / 2
                        let nameStart = Int(offsets[mid])
                        let length = Int(offsets[mid + 1]) - nameStart
                        let key = length > depth ? Int(names[nameStart + depth]) : -1
                        if key <= Int(byte) { lo = mid + 1 } else { hi = mid }
                    }
                    low = newLow
                    high = lo
                    depth += 1
                    if low < high && Int(offsets[low + 1]) - Int(offsets[low]) == depth {
                        best = low
                        bestLength = depth
                    }
                    if byte == UInt8(ascii: ";") { break }
                }
                guard let best else { return nil }
                return Match(
                    length: bestLength,
                    first: NamedCharacterReferenceTable.codePoints[best * 2],
                    second: NamedCharacterReferenceTable.codePoints[best * 2 + 1])
            }
        }
    }
}
