/// Content-Transfer-Encoding (RFC 2045 section 6).
public enum TransferEncoding: Sendable, Equatable {
    case sevenBit, eightBit, binary, quotedPrintable, base64
    /// A value we do not know (x-uuencode, garbage). Such parts are never rewritten.
    case other(String)

    init(headerValue: String) {
        var v = headerValue.lowercased()
        if let semicolon = v.firstIndex(of: ";") { v = String(v[..<semicolon]) }
        v = v.trimmingASCIIWhitespace()
        // NOTE: stray comments such as "(foo)" are rare here; a value with one falls to .other.
        switch v {
        case "", "7bit": self = .sevenBit
        case "8bit": self = .eightBit
        case "binary": self = .binary
        case "quoted-printable": self = .quotedPrintable
        case "base64": self = .base64
        default: self = .other(v)
        }
    }

    /// Identity encodings: the body bytes are the content.
    public var isIdentity: Bool {
        switch self {
        case .sevenBit, .eightBit, .binary: return true
        default: return false
        }
    }
}

extension String {
    func trimmingASCIIWhitespace() -> String {
        let u = Array(utf8)
        var s = 0, e = u.count
        while s < e, u[s].isASCIIWhitespace { s += 1 }
        while e > s, u[e - 1].isASCIIWhitespace { e -= 1 }
        return String(decoding: u[s..<e], as: UTF8.self)
    }
}
