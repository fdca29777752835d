/// A total split of one URL's bytes into scheme, authority, host, path, query and fragment.
///
/// Never fails: a string that is not an absolute URL has no scheme (and usually no host).
/// Ranges index `bytes` and exclude the delimiters (`:`, `//`, `?`, `#`).
struct LinkURL {
    let bytes: [UInt8]
    private(set) var scheme: Range<Int>?
    private(set) var authority: Range<Int>?
    private(set) var host: Range<Int>?
    private(set) var path: Range<Int>
    private(set) var query: Range<Int>?
    private(set) var fragment: Range<Int>?
    /// The host in ASCII lowercase, "" when there is none.
    private(set) var hostLower: String = ""

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        let n = bytes.count
        var i = 0
        // scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":"
        if n > 0, LinkBytes.isAlpha(bytes[0]) {
            var j = 1
            while j < n {
                let b = bytes[j]
                if LinkBytes.isAlnum(b) || b == 0x2B || b == 0x2D || b == 0x2E { j += 1 } else { break }
            }
            if j < n, bytes[j] == 0x3A {
                scheme = 0..<j
                i = j + 1
            }
        }
        if i + 1 < n, bytes[i] == 0x2F, bytes[i + 1] == 0x2F {
            let start = i + 2
            var j = start
            while j < n, bytes[j] != 0x2F, bytes[j] != 0x3F, bytes[j] != 0x23 { j += 1 }
            authority = start..<j
            var hs = start
            for k in start..<j where bytes[k] == 0x40 { hs = k + 1 }
            var he = j
            if hs < j, bytes[hs] == 0x5B {
                // IP literal: the host runs to the closing bracket.
                var k = hs
                while k < j, bytes[k] != 0x5D { k += 1 }
                he = k < j ? k + 1 : j
            } else {
                var k = hs
                while k < j, bytes[k] != 0x3A { k += 1 }
                he = k
            }
            host = hs..<he
            var lowered = [UInt8]()
            lowered.reserveCapacity(he - hs)
            for k in hs..<he { lowered.append(LinkBytes.lower(bytes[k])) }
            // A trailing dot names the same host.
            if lowered.last == 0x2E { lowered.removeLast() }
            hostLower = String(decoding: lowered, as: UTF8.self)
            i = j
        }
        var j = i
        while j < n, bytes[j] != 0x3F, bytes[j] != 0x23 { j += 1 }
        path = i..<j
        if j < n, bytes[j] == 0x3F {
            var k = j + 1
            while k < n, bytes[k] != 0x23 { k += 1 }
            query = (j + 1)..<k
            j = k
        }
        if j < n, bytes[j] == 0x23 {
            fragment = (j + 1)..<n
        }
    }

    /// The scheme in ASCII lowercase, "" when there is none.
    var schemeLower: String {
        guard let s = scheme else { return "" }
        return String(decoding: bytes[s].map(LinkBytes.lower), as: UTF8.self)
    }

    var isHTTP: Bool {
        guard let s = scheme, s.count == 4 || s.count == 5 else { return false }
        return LinkBytes.hasPrefix(bytes, s, "http", caseInsensitive: true)
            && (s.count == 4 || LinkBytes.lower(bytes[s.upperBound - 1]) == 0x73)
            && authority != nil
    }

    /// True when the host is `domain` or a subdomain of it (`domain` in lowercase).
    func hostIs(_ domain: String) -> Bool {
        LinkURL.host(hostLower, isOrIsUnder: domain)
    }

    static func host(_ host: String, isOrIsUnder domain: String) -> Bool {
        let h = host.utf8, d = domain.utf8
        if h.count == d.count { return host == domain }
        guard h.count > d.count, host.hasSuffix(domain) else { return false }
        return h[h.index(h.endIndex, offsetBy: -d.count - 1)] == 0x2E
    }

    /// The labels of a brand's host such as `www.google.co.uk` or `amazon.de`: true when one
    /// label equals `brand`, only `allowedPrefixes` labels come before it, and one or two
    /// short country/generic labels follow.
    func hostIsBrand(_ brand: String, allowedPrefixes: Set<String>? = nil) -> Bool {
        let labels = hostLower.split(separator: ".", omittingEmptySubsequences: false)
        guard let at = labels.firstIndex(where: { $0 == brand }) else { return false }
        let tail = labels.count - at - 1
        guard tail == 1 || tail == 2 else { return false }
        for l in labels[(at + 1)...] where l.isEmpty || l.utf8.count > 3 { return false }
        if tail == 2, labels[at + 1].utf8.count > 3 { return false }
        if let allowed = allowedPrefixes {
            for l in labels[..<at] where !allowed.contains(String(l)) { return false }
        }
        return true
    }

    /// Path equality, case-sensitive.
    func pathIs(_ literal: StaticString) -> Bool { LinkBytes.equals(bytes, path, literal) }

    func pathHasPrefix(_ literal: StaticString, caseInsensitive: Bool = false) -> Bool {
        LinkBytes.hasPrefix(bytes, path, literal, caseInsensitive: caseInsensitive)
    }

    /// Path segments (between `/`), empty ones included, as ranges into `bytes`.
    var pathSegments: [Range<Int>] {
        var out: [Range<Int>] = []
        var start = path.lowerBound
        if start < path.upperBound, bytes[start] == 0x2F { start += 1 } else if path.isEmpty { return [] }
        var k = start
        while k < path.upperBound {
            if bytes[k] == 0x2F {
                out.append(start..<k)
                start = k + 1
            }
            k += 1
        }
        out.append(start..<path.upperBound)
        return out
    }

    /// One `name=value` member of the query, as raw byte ranges.
    struct Parameter {
        var segment: Range<Int>
        var name: Range<Int>
        var value: Range<Int>?
    }

    /// The query members in order, split on `&` only; empty members included.
    var parameters: [Parameter] {
        guard let q = query else { return [] }
        var out: [Parameter] = []
        var start = q.lowerBound
        var k = start
        while k <= q.upperBound {
            if k == q.upperBound || bytes[k] == 0x26 {
                let seg = start..<k
                var eq = start
                while eq < k, bytes[eq] != 0x3D { eq += 1 }
                out.append(Parameter(segment: seg, name: start..<eq, value: eq < k ? (eq + 1)..<k : nil))
                start = k + 1
            }
            k += 1
        }
        return out
    }

    /// The raw (still percent-encoded) value of the first parameter named `name`.
    func rawParameter(_ name: StaticString) -> Range<Int>? {
        for p in parameters where LinkBytes.equals(bytes, p.name, name) {
            return p.value ?? p.name.upperBound..<p.name.upperBound
        }
        return nil
    }

    func hasParameter(_ name: StaticString) -> Bool { rawParameter(name) != nil }
}
