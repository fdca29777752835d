/// A parsed Content-Type field (RFC 2045 section 5.1, RFC 2231 parameters).
public struct ContentType: Sendable, Equatable {
    /// Lowercased media type, "text" when absent.
    public var type: String
    /// Lowercased subtype, "plain" when absent.
    public var subtype: String
    /// Parameters with lowercased names; RFC 2231 continuations joined and decoded.
    public var parameters: [String: String]
    /// Byte range of the raw `charset` value (inside the quotes, if quoted), when it
    /// was written as a plain RFC 2045 parameter. The splice writer edits only this range.
    public var charsetValueRange: Range<Int>?

    public var mimeType: String { type + "/" + subtype }
    public var isMultipart: Bool { type == "multipart" }
    public var charset: String? { parameters["charset"] }
    public var boundary: String? { parameters["boundary"] }

    /// The default for a part with no Content-Type: text/plain; charset=us-ascii,
    /// or message/rfc822 inside multipart/digest (RFC 2046 section 5.1.5).
    public static func defaultType(inDigest: Bool) -> ContentType {
        inDigest
            ? ContentType(type: "message", subtype: "rfc822", parameters: [:], charsetValueRange: nil)
            : ContentType(type: "text", subtype: "plain", parameters: [:], charsetValueRange: nil)
    }

    /// Parses a raw field body (possibly folded) that starts at `range.lowerBound` in `bytes`.
    /// Total: any input gives a value; unparseable types fall back to text/plain.
    public static func parse(_ bytes: [UInt8], _ range: Range<Int>) -> ContentType {
        var scanner = StructuredScanner(bytes: bytes, position: range.lowerBound, end: range.upperBound)
        let type = scanner.token()?.lowercased() ?? ""
        var subtype = ""
        scanner.skipCFWS()
        if scanner.peek() == 0x2F {  // "/"
            scanner.position += 1
            subtype = scanner.token()?.lowercased() ?? ""
        }
        var result = ContentType(type: type, subtype: subtype, parameters: [:], charsetValueRange: nil)
        if type.isEmpty || subtype.isEmpty {
            // RFC 2045 section 5.2: an invalid type means text/plain.
            result.type = "text"
            result.subtype = "plain"
        }
        result.parameters = scanner.parameters(charsetRange: &result.charsetValueRange)
        return result
    }
}

/// A cursor over a structured header body: tokens, quoted strings, comments, folding.
struct StructuredScanner {
    let bytes: [UInt8]
    var position: Int
    let end: Int

    func peek() -> UInt8? { position < end ? bytes[position] : nil }

    /// Skips whitespace, line endings (folding) and nested comments.
    mutating func skipCFWS() {
        while position < end {
            let b = bytes[position]
            if b.isASCIIWhitespace {
                position += 1
            } else if b == 0x28 {  // "(" comment, possibly nested
                var depth = 0
                while position < end {
                    let c = bytes[position]
                    if c == 0x5C { position += 2; continue }
                    if c == 0x28 { depth += 1 }
                    if c == 0x29 { depth -= 1; if depth == 0 { position += 1; break } }
                    position += 1
                }
                position = min(position, end)
            } else {
                return
            }
        }
    }

    static func isTokenByte(_ b: UInt8) -> Bool {
        // RFC 2045 token: any CHAR except SPACE, CTLs, or tspecials.
        if b <= 0x20 || b == 0x7F { return false }
        switch b {
        case 0x28, 0x29, 0x3C, 0x3E, 0x40, 0x2C, 0x3B, 0x3A, 0x5C, 0x22, 0x2F, 0x5B, 0x5D, 0x3F, 0x3D:
            return false
        default:
            return true
        }
    }

    mutating func tokenRange() -> Range<Int>? {
        skipCFWS()
        let start = position
        while position < end, Self.isTokenByte(bytes[position]) { position += 1 }
        return position > start ? start..<position : nil
    }

    mutating func token() -> String? {
        tokenRange().map { String(decoding: bytes[$0], as: UTF8.self) }
    }

    /// A quoted string's content (unescaped) and the range between the quotes.
    mutating func quotedString() -> (String, Range<Int>)? {
        skipCFWS()
        guard peek() == 0x22 else { return nil }
        position += 1
        let start = position
        var out: [UInt8] = []
        while position < end {
            let b = bytes[position]
            if b == 0x22 { let r = start..<position; position += 1; return (String(decoding: out, as: UTF8.self), r) }
            if b == 0x5C, position + 1 < end { out.append(bytes[position + 1]); position += 2; continue }
            if b != byteCR && b != byteLF { out.append(b) }
            position += 1
        }
        // Unterminated quote: take what there is (lenient, as mail clients are).
        return (String(decoding: out, as: UTF8.self), start..<end)
    }

    /// Parses `; name=value` pairs to the end, joining RFC 2231 continuations.
    mutating func parameters(charsetRange: inout Range<Int>?) -> [String: String] {
        var plain: [String: String] = [:]
        // name -> [(section, encoded, value)]
        var sections: [String: [(Int, Bool, String)]] = [:]
        while position < end {
            skipCFWS()
            guard position < end else { break }
            if bytes[position] != 0x3B {
                // Junk between parameters: skip to the next ";" (lenient).
                while position < end, bytes[position] != 0x3B { position += 1 }
                continue
            }
            position += 1
            guard let nameRange = tokenRange() else { continue }
            var name = String(decoding: bytes[nameRange].map { $0.asciiLowercased }, as: UTF8.self)
            skipCFWS()
            guard peek() == 0x3D else { continue }
            position += 1
            var value = ""
            var valueRange: Range<Int>?
            if let (q, r) = quotedString() {
                value = q
                valueRange = r
            } else {
                skipCFWS()
                let start = position
                // Lenient: accept anything up to ";" or whitespace (unquoted boundaries with "/" or "=").
                while position < end, bytes[position] != 0x3B, !bytes[position].isASCIIWhitespace { position += 1 }
                value = String(decoding: bytes[start..<position], as: UTF8.self)
                valueRange = start..<position
            }
            // RFC 2231: name*, name*0, name*0*, name*1 ...
            if let star = name.firstIndex(of: "*") {
                let base = String(name[..<star])
                let rest = name[name.index(after: star)...]
                var encoded = false
                var section = 0
                if rest.isEmpty {
                    encoded = true
                } else {
                    var digits = rest
                    if digits.hasSuffix("*") { encoded = true; digits = digits.dropLast() }
                    section = Int(digits) ?? 0
                }
                sections[base, default: []].append((section, encoded, value))
                name = base
                continue
            }
            if plain[name] == nil {
                plain[name] = value
                if name == "charset" { charsetRange = valueRange }
            }
        }
        for (name, parts) in sections {
            let ordered = parts.sorted { $0.0 < $1.0 }
            var charset: String?
            var raw: [UInt8] = []
            for (i, part) in ordered.enumerated() {
                var v = part.2
                if part.1 {
                    if i == 0, let first = v.firstIndex(of: "'") {
                        charset = String(v[..<first])
                        let afterLang = v[v.index(after: first)...]
                        if let second = afterLang.firstIndex(of: "'") {
                            v = String(afterLang[afterLang.index(after: second)...])
                        }
                    }
                    raw.append(contentsOf: percentDecode(v))
                } else {
                    raw.append(contentsOf: Array(v.utf8))
                }
            }
            let decoded = Charset(label: charset ?? "utf-8").map { $0.decode(raw).text } ?? String(decoding: raw, as: UTF8.self)
            // RFC 2231 values win over plain ones of the same name.
            plain[name] = decoded
            if name == "charset" { charsetRange = nil }
        }
        return plain
    }
}

func percentDecode(_ s: String) -> [UInt8] {
    let u = Array(s.utf8)
    var out: [UInt8] = []
    out.reserveCapacity(u.count)
    var i = 0
    while i < u.count {
        if u[i] == 0x25, i + 2 < u.count, let h = hexValue(u[i + 1]), let l = hexValue(u[i + 2]) {
            out.append(h << 4 | l)
            i += 3
        } else {
            out.append(u[i])
            i += 1
        }
    }
    return out
}

@inlinable
func hexValue(_ b: UInt8) -> UInt8? {
    switch b {
    case 0x30...0x39: return b - 0x30
    case 0x41...0x46: return b - 0x41 + 10
    case 0x61...0x66: return b - 0x61 + 10
    default: return nil
    }
}
