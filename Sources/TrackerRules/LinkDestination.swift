/// Checks a decoded destination before it may replace a wrapper.
///
/// Accepts only absolute `http`, `https` and `mailto` URLs. Bytes at or above 0x80 (UTF-8
/// in a decoded payload) are percent-encoded so the result is plain ASCII; controls,
/// spaces and characters that cannot appear in a URL are refused rather than repaired,
/// because a wrapper that decodes to them is not one we understand.
enum LinkDestination {
    static func validate(_ input: [UInt8]) -> Result<[UInt8], LinkRefusal.Reason> {
        if input.isEmpty { return .failure(.missingDestination) }
        if input.count > LinkCleaner.maxURLLength { return .failure(.notAbsoluteURL) }
        for b in input {
            switch b {
            case 0x00...0x20, 0x7F, 0x22, 0x3C, 0x3E, 0x5C, 0x60:
                return .failure(.unsafeCharacters)
            default: continue
            }
        }
        guard LinkBytes.isCleanText(input) else { return .failure(.unsafeCharacters) }
        let url = LinkURL(input)
        guard url.scheme != nil else { return .failure(.notAbsoluteURL) }
        switch url.schemeLower {
        case "http", "https":
            guard let auth = url.authority, let host = url.host, !host.isEmpty else {
                return .failure(.notAbsoluteURL)
            }
            // User information in a decoded destination is a classic disguise
            // (`https://bank.example@evil.example/`); leave such links alone.
            if input[auth].contains(0x40) { return .failure(.badHost) }
            if !validHost(input, host) { return .failure(.badHost) }
            if host.upperBound < auth.upperBound {
                // ":" port
                let port = input[(host.upperBound + 1)..<auth.upperBound]
                if input[host.upperBound] != 0x3A || port.count > 5 || !port.allSatisfy(LinkBytes.isDigit) {
                    return .failure(.badHost)
                }
            }
        case "mailto":
            guard let s = url.scheme, s.upperBound + 1 < input.count else { return .failure(.notAbsoluteURL) }
        case "javascript", "data", "vbscript", "file", "blob":
            return .failure(.disallowedScheme)
        default:
            // "host:port/path" also parses as a scheme; neither is acceptable.
            return .failure(url.authority == nil ? .notAbsoluteURL : .disallowedScheme)
        }
        guard input.contains(where: { $0 >= 0x80 }) else { return .success(input) }
        var out: [UInt8] = []
        out.reserveCapacity(input.count + 16)
        let hex: [UInt8] = Array("0123456789ABCDEF".utf8)
        for b in input {
            if b >= 0x80 {
                out.append(0x25)
                out.append(hex[Int(b >> 4)])
                out.append(hex[Int(b & 0x0F)])
            } else {
                out.append(b)
            }
        }
        return .success(out)
    }

    /// A registered name of letters, digits, `-`, `_` and `.` (no empty labels), or a
    /// bracketed IPv6 literal.
    private static func validHost(_ b: [UInt8], _ r: Range<Int>) -> Bool {
        if b[r.lowerBound] == 0x5B {
            guard r.count > 2, b[r.upperBound - 1] == 0x5D else { return false }
            return b[(r.lowerBound + 1)..<(r.upperBound - 1)].allSatisfy {
                LinkBytes.hexValue($0) != nil || $0 == 0x3A || $0 == 0x2E
            }
        }
        var labelLength = 0
        for k in r {
            let c = b[k]
            if c == 0x2E {
                if labelLength == 0 && k != r.upperBound - 1 { return false }
                labelLength = 0
            } else if LinkBytes.isAlnum(c) || c == 0x2D || c == 0x5F {
                labelLength += 1
            } else {
                return false
            }
        }
        return true
    }
}
