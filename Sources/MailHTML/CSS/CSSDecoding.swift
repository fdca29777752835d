/// Escape decoding for CSS token values (CSS Syntax Level 3 §4.3.7) and the CSS string
/// encoding used when a URL is written back.
enum CSSDecoding {
    /// Decodes the value bytes of an ident-like, string or url token to UTF-8.
    ///
    /// Escapes resolve to their code point (zero, surrogates and values past U+10FFFF
    /// become U+FFFD), an escaped newline inside a string disappears, and NUL becomes
    /// U+FFFD as preprocessing requires.
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(range.count)
        var i = range.lowerBound
        let end = range.upperBound
        while i < end {
            let byte = bytes[i]
            if byte == 0 {
                appendScalar(0xFFFD, to: &output)
                i += 1
                continue
            }
            if byte != 0x5C {
                output.append(byte)
                i += 1
                continue
            }
            // Backslash.
            i += 1
            guard i < end else {
                appendScalar(0xFFFD, to: &output)
                break
            }
            let c = Int(bytes[i])
            if CSSBytes.isNewline(c) {
                // Escaped newline in a string: a line continuation.
                i += (c == 0x0D && i + 1 < end && bytes[i + 1] == 0x0A) ? 2 : 1
                continue
            }
            if CSSBytes.isHexDigit(c) {
                var value = 0
                var count = 0
                while count < 6 && i < end && CSSBytes.isHexDigit(Int(bytes[i])) {
                    value = value * 16 + CSSBytes.hexValue(Int(bytes[i]))
                    i += 1
                    count += 1
                }
                if i < end {
                    let after = Int(bytes[i])
                    if after == 0x0D && i + 1 < end && bytes[i + 1] == 0x0A {
                        i += 2
                    } else if CSSBytes.isWhitespace(after) {
                        i += 1
                    }
                }
                if value == 0 || (value >= 0xD800 && value <= 0xDFFF) || value > 0x10FFFF {
                    value = 0xFFFD
                }
                appendScalar(UInt32(value), to: &output)
                continue
            }
            // Any other escaped character stands for itself; continuation bytes of a
            // multi-byte character follow as ordinary bytes.
            output.append(UInt8(c))
            i += 1
        }
        return output
    }

    static func decodeString(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, hasEscape: Bool) -> String {
        if !hasEscape && !containsNUL(bytes, range) {
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
        }
        return String(decoding: decode(bytes, range), as: UTF8.self)
    }

    /// The decoded value, ASCII-lowercased (for names: properties, at-rules, functions).
    static func lowercasedName(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, hasEscape: Bool) -> String {
        if !hasEscape && !range.contains(where: { bytes[$0] == 0 || (bytes[$0] >= 0x41 && bytes[$0] <= 0x5A) }) {
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
        }
        var decoded = hasEscape ? decode(bytes, range) : Array(UnsafeBufferPointer(rebasing: bytes[range]))
        for index in decoded.indices where decoded[index] >= 0x41 && decoded[index] <= 0x5A {
            decoded[index] |= 0x20
        }
        return String(decoding: decoded, as: UTF8.self)
    }

    /// Whether the decoded value equals `literal` (which must be lowercase ASCII),
    /// ignoring ASCII case. Allocates only when the value has escapes.
    static func nameEquals(
        _ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, hasEscape: Bool, _ literal: StaticString
    ) -> Bool {
        let count = literal.utf8CodeUnitCount
        return literal.withUTF8Buffer { expected in
            if !hasEscape {
                guard range.count == count else { return false }
                var j = range.lowerBound
                for e in expected {
                    if lowercase(bytes[j]) != e { return false }
                    j += 1
                }
                return true
            }
            let decoded = decode(bytes, range)
            guard decoded.count == count else { return false }
            for (d, e) in zip(decoded, expected) where lowercase(d) != e { return false }
            return true
        }
    }

    /// Whether the decoded value starts with `prefix` (lowercase ASCII), ignoring case.
    static func nameHasPrefix(
        _ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, hasEscape: Bool, _ prefix: StaticString
    ) -> Bool {
        prefix.withUTF8Buffer { expected in
            if !hasEscape {
                guard range.count >= expected.count else { return false }
                var j = range.lowerBound
                for e in expected {
                    if lowercase(bytes[j]) != e { return false }
                    j += 1
                }
                return true
            }
            let decoded = decode(bytes, range)
            guard decoded.count >= expected.count else { return false }
            for (d, e) in zip(decoded, expected) where lowercase(d) != e { return false }
            return true
        }
    }

    @inline(__always) static func lowercase(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
    }

    static func containsNUL(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        for i in range where bytes[i] == 0 { return true }
        return false
    }

    /// Appends `value` as UTF-8 (callers pass valid scalars; anything else becomes U+FFFD).
    static func appendScalar(_ value: UInt32, to output: inout [UInt8]) {
        var v = value
        if (v >= 0xD800 && v <= 0xDFFF) || v > 0x10FFFF { v = 0xFFFD }
        switch v {
        case 0..<0x80:
            output.append(UInt8(v))
        case 0x80..<0x800:
            output.append(UInt8(0xC0 | (v >> 6)))
            output.append(UInt8(0x80 | (v & 0x3F)))
        case 0x800..<0x10000:
            output.append(UInt8(0xE0 | (v >> 12)))
            output.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
            output.append(UInt8(0x80 | (v & 0x3F)))
        default:
            output.append(UInt8(0xF0 | (v >> 18)))
            output.append(UInt8(0x80 | ((v >> 12) & 0x3F)))
            output.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
            output.append(UInt8(0x80 | (v & 0x3F)))
        }
    }

    /// `url("…")` for `url`, escaped so that it reads back as exactly `url`.
    static func urlFunction(_ url: String, quote: UInt8 = 0x22) -> [UInt8] {
        var output: [UInt8] = Array("url(".utf8)
        output += quotedString(url, quote: quote)
        output.append(0x29)
        return output
    }

    /// A CSS string in `quote` (`"` or `'`) that reads back as `value`: the quote and `\` are escaped,
    /// and `<`, `>` and control characters (newlines included) become hex escapes.
    static func quotedString(_ value: String, quote: UInt8 = 0x22) -> [UInt8] {
        var output: [UInt8] = [quote]
        for byte in value.utf8 {
            switch byte {
            case quote, 0x5C:
                output.append(0x5C)
                output.append(byte)
            case 0x3C, 0x3E:
                // Never spell `</style` inside a style element.
                output += byte == 0x3C ? Array("\\3c ".utf8) : Array("\\3e ".utf8)
            case 0x00...0x1F, 0x7F:
                output.append(0x5C)
                let hex = Array("0123456789abcdef".utf8)
                if byte >= 0x10 { output.append(hex[Int(byte >> 4)]) }
                output.append(hex[Int(byte & 0x0F)])
                output.append(0x20)
            default:
                output.append(byte)
            }
        }
        output.append(quote)
        return output
    }
}
