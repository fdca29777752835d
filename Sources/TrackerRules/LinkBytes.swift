import MailURL

// Byte-level decoders used by the link rules: percent-decoding, base64 (standard and
// URL-safe, padded or not) and a small tolerant JSON reader that pulls one string field
// out of an object. All of them are total: bad input gives nil, never a trap.

import Glibc

/// Byte helpers for link rules.
enum LinkBytes {
    /// Largest payload any decoder looks at; longer input is refused, not truncated.
    static let maxPayload = 16 * 1024

    @inline(__always)
    static func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case 0x30...0x39: return b &- 0x30
        case 0x41...0x46: return b &- 0x41 &+ 10
        case 0x61...0x66: return b &- 0x61 &+ 10
        default: return nil
        }
    }

    @inline(__always)
    static func lower(_ b: UInt8) -> UInt8 {
        (b >= 0x41 && b <= 0x5A) ? b | 0x20 : b
    }

    @inline(__always)
    static func isAlpha(_ b: UInt8) -> Bool {
        let l = b | 0x20
        return l >= 0x61 && l <= 0x7A
    }

    @inline(__always)
    static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

    @inline(__always)
    static func isAlnum(_ b: UInt8) -> Bool { isAlpha(b) || isDigit(b) }

    /// Decodes `%XX` escapes once; a `%` not followed by two hex digits stays as it is.
    /// `+` stays `+`: wrappers encode a space in their payload as `%20`, and a `+` in the
    /// destination's own query already means what the destination wants it to mean.
    static func percentDecode<C: Collection>(_ input: C) -> [UInt8] where C.Element == UInt8, C.Index == Int {
        var out: [UInt8] = []
        out.reserveCapacity(input.count)
        var i = input.startIndex
        let end = input.endIndex
        while i < end {
            let b = input[i]
            if b == 0x25, end - i >= 3, let h = hexValue(input[i + 1]), let l = hexValue(input[i + 2]) {
                out.append(h << 4 | l)
                i += 3
            } else {
                out.append(b)
                i += 1
            }
        }
        return out
    }

    /// True when the bytes contain at least one valid `%XX` escape.
    static func hasPercentEscape<C: Collection>(_ input: C) -> Bool where C.Element == UInt8, C.Index == Int {
        var i = input.startIndex
        while i < input.endIndex {
            if input[i] == 0x25, input.endIndex - i >= 3,
               hexValue(input[i + 1]) != nil, hexValue(input[i + 2]) != nil {
                return true
            }
            i += 1
        }
        return false
    }

    @inline(__always)
    static func base64Value(_ b: UInt8) -> UInt8? {
        switch b {
        case 0x41...0x5A: return b &- 0x41
        case 0x61...0x7A: return b &- 0x61 &+ 26
        case 0x30...0x39: return b &- 0x30 &+ 52
        case 0x2B, 0x2D: return 62  // '+' standard, '-' URL-safe
        case 0x2F, 0x5F: return 63  // '/' standard, '_' URL-safe
        default: return nil
        }
    }

    /// Decodes base64 in either alphabet, with or without `=` padding.
    /// Returns nil on any byte outside the alphabets, on data after padding, or on a
    /// length no encoder produces (a single trailing symbol).
    static func base64Decode<C: Collection>(_ input: C) -> [UInt8]? where C.Element == UInt8, C.Index == Int {
        var end = input.endIndex
        var padding = 0
        while end > input.startIndex, input[end - 1] == 0x3D {
            end -= 1
            padding += 1
        }
        if padding > 2 { return nil }
        let count = end - input.startIndex
        if count == 0 || count > maxPayload { return nil }
        if count % 4 == 1 { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(count * 3 / 4)
        var acc: UInt32 = 0
        var bits = 0
        var i = input.startIndex
        while i < end {
            guard let v = base64Value(input[i]) else { return nil }
            acc = (acc << 6) | UInt32(v)
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8(truncatingIfNeeded: acc >> UInt32(bits)))
            }
            i += 1
        }
        return out
    }

    /// True when the bytes are valid UTF-8 without C0/C1 controls and without the invisible
    /// formatting characters used to disguise links (zero-width, bidi overrides, BOM).
    static func isCleanText(_ bytes: [UInt8]) -> Bool {
        var it = bytes.makeIterator()
        var decoder = UTF8()
        while true {
            switch decoder.decode(&it) {
            case .scalarValue(let s):
                let v = s.value
                if v < 0x20 || (v >= 0x7F && v < 0xA0) { return false }
                if (v >= 0x200B && v <= 0x200F) || (v >= 0x202A && v <= 0x202E)
                    || (v >= 0x2066 && v <= 0x2069) || v == 0xFEFF || v == 0x00AD {
                    return false
                }
            case .emptyInput:
                return true
            case .error:
                return false
            }
        }
    }

    /// Case-insensitive ASCII search for `needle` (given in lowercase) inside `hay`.
    static func containsLowercased<C: Collection>(_ hay: C, _ needle: StaticString) -> Bool
    where C.Element == UInt8, C.Index == Int {
        let n = needle.utf8Start
        let nc = needle.utf8CodeUnitCount
        if nc == 0 { return true }
        let count = hay.count
        if count < nc { return false }
        var i = hay.startIndex
        let last = hay.endIndex - nc
        while i <= last {
            var j = 0
            while j < nc, lower(hay[i + j]) == n[j] { j += 1 }
            if j == nc { return true }
            i += 1
        }
        return false
    }

    /// True when `bytes[range]` starts with `prefix` (ASCII, compared case-insensitively
    /// when `caseInsensitive`; the prefix is then given in lowercase).
    static func hasPrefix(_ bytes: [UInt8], _ range: Range<Int>, _ prefix: StaticString, caseInsensitive: Bool = false) -> Bool {
        let n = prefix.utf8CodeUnitCount
        if range.count < n { return false }
        let p = prefix.utf8Start
        for k in 0..<n {
            let b = bytes[range.lowerBound + k]
            if (caseInsensitive ? lower(b) : b) != p[k] { return false }
        }
        return true
    }

    /// True when `bytes` starts with `prefix` (ASCII; compared with case folded when
    /// `caseInsensitive`, the prefix then given in lowercase).
    static func hasPrefix(_ bytes: UnsafeBufferPointer<UInt8>, _ prefix: StaticString, caseInsensitive: Bool = false) -> Bool {
        let n = prefix.utf8CodeUnitCount
        guard bytes.count >= n else { return false }
        let p = prefix.utf8Start
        for k in 0..<n where (caseInsensitive ? lower(bytes[k]) : bytes[k]) != p[k] { return false }
        return true
    }

    /// True when `bytes` equals `literal` exactly.
    static func equals(_ bytes: UnsafeBufferPointer<UInt8>, _ literal: StaticString) -> Bool {
        bytes.count == literal.utf8CodeUnitCount && hasPrefix(bytes, literal)
    }

    /// How many times `byte` occurs in `bytes`: counted before splitting on it, so the
    /// array of pieces is allocated once.
    static func count(of byte: UInt8, in bytes: ArraySlice<UInt8>) -> Int {
        bytes.withUnsafeBufferPointer { count(of: byte, in: $0, 0..<$0.count) }
    }

    static func count(of byte: UInt8, in b: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int {
        ByteWords.count(of: byte, in: b, from: range.lowerBound, to: range.upperBound)
    }

    /// True when `bytes[range]` equals `literal` exactly.
    static func equals(_ bytes: [UInt8], _ range: Range<Int>, _ literal: StaticString) -> Bool {
        range.count == literal.utf8CodeUnitCount && hasPrefix(bytes, range, literal)
    }

    /// True when `bytes[range]` equals `other`. With memcmp: rule keys and parameter names
    /// are compared on every load and link, where the generic `elementsEqual` over two
    /// collection types costs several times more.
    static func equals(_ bytes: [UInt8], _ range: Range<Int>, _ other: UnsafeBufferPointer<UInt8>) -> Bool {
        guard range.count == other.count else { return false }
        guard let o = other.baseAddress, !other.isEmpty else { return true }
        return bytes.withUnsafeBufferPointer { b in
            guard let base = b.baseAddress else { return false }
            return memcmp(base + range.lowerBound, o, other.count) == 0
        }
    }
}

/// A small, tolerant JSON reader: finds a string member of a top-level object.
///
/// Enough for the payloads click wrappers carry (Mandrill, Customer.io, JWT claims). It
/// skips values it does not need (nested objects and arrays up to a fixed depth) and gives
/// up (nil) on anything malformed rather than guessing.
struct LinkJSON {
    private let b: [UInt8]
    private var i = 0
    private static let maxDepth = 32

    private init(_ bytes: [UInt8]) { b = bytes }

    /// The decoded UTF-8 bytes of the first member named `key` whose value is a string.
    static func stringMember(_ key: String, in bytes: [UInt8]) -> [UInt8]? {
        guard bytes.count <= LinkBytes.maxPayload else { return nil }
        var r = LinkJSON(bytes)
        return r.findMember(Array(key.utf8))
    }

    private mutating func skipSpace() {
        while i < b.count, b[i] == 0x20 || b[i] == 0x09 || b[i] == 0x0A || b[i] == 0x0D { i += 1 }
    }

    private mutating func findMember(_ key: [UInt8]) -> [UInt8]? {
        skipSpace()
        guard i < b.count, b[i] == 0x7B else { return nil }
        i += 1
        skipSpace()
        if i < b.count, b[i] == 0x7D { return nil }
        while i < b.count {
            skipSpace()
            guard let name = readString() else { return nil }
            skipSpace()
            guard i < b.count, b[i] == 0x3A else { return nil }
            i += 1
            skipSpace()
            if name == key, i < b.count, b[i] == 0x22 {
                return readString()
            }
            guard skipValue(depth: 0) else { return nil }
            skipSpace()
            guard i < b.count else { return nil }
            if b[i] == 0x2C { i += 1; continue }
            return nil  // '}' without a match, or garbage
        }
        return nil
    }

    private mutating func readString() -> [UInt8]? {
        guard i < b.count, b[i] == 0x22 else { return nil }
        i += 1
        var out: [UInt8] = []
        while i < b.count {
            let c = b[i]
            if c == 0x22 { i += 1; return out }
            if c < 0x20 { return nil }
            if c != 0x5C { out.append(c); i += 1; continue }
            i += 1
            guard i < b.count else { return nil }
            let e = b[i]
            i += 1
            switch e {
            case 0x22, 0x5C, 0x2F: out.append(e)
            case 0x62: out.append(0x08)
            case 0x66: out.append(0x0C)
            case 0x6E: out.append(0x0A)
            case 0x72: out.append(0x0D)
            case 0x74: out.append(0x09)
            case 0x75:
                guard var scalar = readHex4() else { return nil }
                if scalar >= 0xD800 && scalar < 0xDC00 {
                    // A high surrogate must be followed by an escaped low surrogate.
                    guard i + 1 < b.count, b[i] == 0x5C, b[i + 1] == 0x75 else { return nil }
                    i += 2
                    guard let low = readHex4(), low >= 0xDC00, low < 0xE000 else { return nil }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                } else if scalar >= 0xDC00 && scalar < 0xE000 {
                    return nil
                }
                guard let u = Unicode.Scalar(scalar) else { return nil }
                out.append(contentsOf: Array(String(Character(u)).utf8))
            default:
                return nil
            }
        }
        return nil
    }

    private mutating func readHex4() -> UInt32? {
        guard i + 4 <= b.count else { return nil }
        var v: UInt32 = 0
        for k in 0..<4 {
            guard let h = LinkBytes.hexValue(b[i + k]) else { return nil }
            v = v << 4 | UInt32(h)
        }
        i += 4
        return v
    }

    private mutating func skipValue(depth: Int) -> Bool {
        guard depth < LinkJSON.maxDepth, i < b.count else { return false }
        switch b[i] {
        case 0x22:
            return readString() != nil
        case 0x7B, 0x5B:
            let close: UInt8 = b[i] == 0x7B ? 0x7D : 0x5D
            let isObject = b[i] == 0x7B
            i += 1
            skipSpace()
            if i < b.count, b[i] == close { i += 1; return true }
            while i < b.count {
                skipSpace()
                if isObject {
                    guard readString() != nil else { return false }
                    skipSpace()
                    guard i < b.count, b[i] == 0x3A else { return false }
                    i += 1
                    skipSpace()
                }
                guard skipValue(depth: depth + 1) else { return false }
                skipSpace()
                guard i < b.count else { return false }
                if b[i] == 0x2C { i += 1; continue }
                if b[i] == close { i += 1; return true }
                return false
            }
            return false
        default:
            // number, true, false, null: run of value characters
            let start = i
            while i < b.count {
                let c = b[i]
                if LinkBytes.isAlnum(c) || c == 0x2D || c == 0x2B || c == 0x2E { i += 1 } else { break }
            }
            return i > start
        }
    }
}
