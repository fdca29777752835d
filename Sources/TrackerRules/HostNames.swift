/// Host name helpers: normalisation, label suffixes and an approximate registrable domain.
enum HostNames {
    /// The longest host name DNS allows.
    static let maximumLength = 253

    /// ASCII lower case, surrounding spaces and angle brackets and one trailing dot removed.
    static func normalize(_ s: String) -> String {
        var bytes = [UInt8]()
        bytes.reserveCapacity(s.utf8.count)
        for b in s.utf8 where b > 0x20 && b != 0x3C && b != 0x3E {
            bytes.append(b >= 0x41 && b <= 0x5A ? b | 0x20 : b)
        }
        if bytes.last == 0x2E { bytes.removeLast() }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The host and each shorter dot-separated suffix, longest first:
    /// `a.b.example.com`, `b.example.com`, `example.com`, `com`.
    static func suffixes(_ host: String) -> [Substring] {
        var out: [Substring] = [host[...]]
        var i = host.startIndex
        while let dot = host[i...].firstIndex(of: ".") {
            let next = host.index(after: dot)
            if next < host.endIndex { out.append(host[next...]) }
            i = next
        }
        return out
    }

    /// The host with every run of ASCII digits replaced by `#`, or nil when it has no digit.
    ///
    /// Rules write numbered host families once: `cmail#.com` covers `cmail1.com` and
    /// `cmail20.com`.
    static func digitsFolded(_ host: String) -> String? {
        var host = host
        return host.withUTF8 { digitsFolded($0) }.map { String(decoding: $0, as: UTF8.self) }
    }

    /// `digitsFolded` of a host's bytes (the rules' look-up per load), by index: the buffer's
    /// iterator was left as a call per byte.
    static func digitsFolded(_ host: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        var first = 0
        let n = host.count
        while first < n, host[first] < 0x30 || host[first] > 0x39 { first += 1 }
        // Most hosts have no digit: answer without allocating.
        guard first < n else { return nil }
        var out = [UInt8]()
        out.reserveCapacity(n)
        out.append(contentsOf: UnsafeBufferPointer(rebasing: host[0..<first]))
        var inRun = false
        var k = first
        while k < n {
            let b = host[k]
            if b >= 0x30 && b <= 0x39 {
                if !inRun { out.append(0x23) }
                inRun = true
            } else {
                out.append(b)
                inRun = false
            }
            k += 1
        }
        return out
    }

    /// Second-level labels under which country TLDs register names (`co.uk`, `com.au`).
    private static let secondLevel = Heuristics.WordSet([
        "co", "com", "net", "org", "gov", "edu", "ac", "ne", "or", "go", "gob", "ltd", "plc",
        "nic", "mil", "gen", "biz", "info", "nom", "sch", "web", "in",
    ])

    /// The registrable domain, approximately: the last two labels, or three under a
    /// country code second level such as `co.uk`. Good enough to tell "same site".
    static func registrableDomain(_ host: String) -> String {
        let bytes = Array(host.utf8)
        let r = registrableRange(bytes)
        return r.count == bytes.count ? host : String(decoding: bytes[r], as: UTF8.self)
    }

    /// Where the registrable domain starts in `host` (lower case): found from the end, so a
    /// decision for every load costs no split and no string.
    static func registrableRange(_ host: [UInt8]) -> Range<Int> {
        host.withUnsafeBufferPointer { registrableRange($0) }
    }

    static func registrableRange(_ host: UnsafeBufferPointer<UInt8>) -> Range<Int> {
        // Dots from the end: the last three tell two labels from three.
        var dots = (-1, -1, -1)
        var found = 0
        var k = host.count - 1
        while k >= 0, found < 3 {
            if host[k] == 0x2E {
                switch found {
                case 0: dots.0 = k
                case 1: dots.1 = k
                default: dots.2 = k
                }
                found += 1
            }
            k -= 1
        }
        guard found >= 2 else { return 0..<host.count }
        let tldLength = host.count - dots.0 - 1
        let sld = (dots.1 + 1)..<dots.0
        let three = tldLength == 2 && secondLevel.contains(host[sld])
        let start = three ? (found == 3 ? dots.2 + 1 : 0) : dots.1 + 1
        return start..<host.count
    }

    /// True when `host` (lower case) has `site` as its registrable domain.
    static func isSite(_ host: [UInt8], _ site: [UInt8]) -> Bool {
        host.withUnsafeBufferPointer { isSite($0, site) }
    }

    static func isSite(_ host: ArraySlice<UInt8>, _ site: [UInt8]) -> Bool {
        host.withUnsafeBufferPointer { isSite($0, site) }
    }

    static func isSite(_ host: UnsafeBufferPointer<UInt8>, _ site: [UInt8]) -> Bool {
        let r = registrableRange(host)
        return r.count == site.count && host[r].elementsEqual(site)
    }

    /// True when `host` equals `domain` or is a subdomain of it.
    static func isWithin(_ host: String, _ domain: String) -> Bool {
        if host == domain { return true }
        guard host.utf8.count > domain.utf8.count, host.hasSuffix(domain) else { return false }
        let cut = host.utf8.index(host.utf8.endIndex, offsetBy: -domain.utf8.count - 1)
        return host.utf8[cut] == 0x2E
    }
}

/// Host names as the reports group them.
public enum Domains {
    /// The registrable domain of a host, approximately: `news.shop.example` gives
    /// `shop.example`, `mail.shop.co.uk` gives `shop.co.uk`.
    public static func registrable(_ host: String) -> String { HostNames.registrableDomain(host.lowercased()) }
}
