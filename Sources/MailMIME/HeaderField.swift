/// One header field as it sits in the message: byte ranges only.
///
/// RFC 5322 section 2.2: a field is a name, a colon and a body that may be
/// folded over several lines. `range` includes the terminating line ending,
/// so removing a field is deleting `range`.
public struct HeaderField: Sendable, Equatable {
    /// The whole field, including folded lines and the final line ending.
    public var range: Range<Int>
    /// The field name, without the colon.
    public var nameRange: Range<Int>
    /// The raw (folded) body after the colon, without the final line ending.
    public var valueRange: Range<Int>

    /// The field name in ASCII lowercase, for comparisons.
    public func lowercasedName(in bytes: [UInt8]) -> String {
        // An array, not a lazy map: decoding a lazy sequence makes a dynamic cast per call.
        String(decoding: bytes[nameRange].map { $0.asciiLowercased }, as: UTF8.self)
    }

    /// The field body unfolded (line endings removed), as raw UTF-8 text.
    public func unfoldedValue(in bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(valueRange.count)
        for b in bytes[valueRange] where b != byteCR && b != byteLF { out.append(b) }
        // Leading whitespace after the colon is not part of the value.
        let start = out.firstIndex { $0 != byteSpace && $0 != byteTab } ?? out.count
        var end = out.count
        while end > start, out[end - 1] == byteSpace || out[end - 1] == byteTab { end -= 1 }
        return String(decoding: out[start..<end], as: UTF8.self)
    }

    /// True when the name equals `lowercaseName` ignoring ASCII case.
    public func hasName(_ lowercaseName: String, in bytes: [UInt8]) -> Bool {
        // Read through the name's own bytes: a copy per field tried cost an allocation, and
        // a message's header is searched by name a hundred times.
        let utf8 = lowercaseName.utf8
        guard utf8.count == nameRange.count else { return false }
        var i = nameRange.lowerBound
        for b in utf8 {
            if bytes[i].asciiLowercased != b { return false }
            i += 1
        }
        return true
    }
}

extension Array where Element == HeaderField {
    /// The first field with this (lowercase) name.
    public func first(named lowercaseName: String, in bytes: [UInt8]) -> HeaderField? {
        first { $0.hasName(lowercaseName, in: bytes) }
    }
}
