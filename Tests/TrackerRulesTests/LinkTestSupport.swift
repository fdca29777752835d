import Testing
@testable import TrackerRules

/// Builders for wrapped-link samples: the tests write payloads the way vendors encode them.
enum Sample {
    static func base64(_ s: String, urlSafe: Bool = false, padded: Bool = true) -> String {
        let table = Array((urlSafe
            ? "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
            : "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/").utf8)
        let b = Array(s.utf8)
        var out: [UInt8] = []
        var i = 0
        while i < b.count {
            let n = min(3, b.count - i)
            var v: UInt32 = 0
            for k in 0..<3 { v = v << 8 | UInt32(k < n ? b[i + k] : 0) }
            for k in 0..<4 {
                if k <= n {
                    out.append(table[Int((v >> UInt32(18 - 6 * k)) & 63)])
                } else if padded {
                    out.append(UInt8(ascii: "="))
                }
            }
            i += 3
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Percent-encodes everything except unreserved characters (like encodeURIComponent,
    /// but also encoding `!'()*`).
    static func component(_ s: String) -> String {
        var out = ""
        for b in s.utf8 {
            if (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39)
                || b == 0x2D || b == 0x2E || b == 0x5F || b == 0x7E {
                out.unicodeScalars.append(Unicode.Scalar(b))
            } else {
                out += "%" + String(b, radix: 16, uppercase: true).leftPadded()
            }
        }
        return out
    }

    /// Proofpoint v2 encoding: percent-encode, then `%` becomes `-` and `/` becomes `_`.
    static func proofpointV2(_ s: String) -> String {
        var out = ""
        for b in s.utf8 {
            if (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) || b == 0x2E {
                out.unicodeScalars.append(Unicode.Scalar(b))
            } else if b == 0x2F {
                out += "_"
            } else {
                out += "-" + String(b, radix: 16, uppercase: true).leftPadded()
            }
        }
        return out
    }
}

extension String {
    fileprivate func leftPadded() -> String { count == 1 ? "0" + self : self }
}

/// A table row: input link, optional link text, expected final URL.
struct LinkCase: Sendable, CustomTestStringConvertible {
    var input: String
    var expected: String
    var rule: String?
    var vendor: String?
    var linkText: String? = nil

    var testDescription: String { input }
}
