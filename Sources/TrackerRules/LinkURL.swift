import MailURL

/// One URL's bytes with its parts as integer byte ranges, for the link rules.
///
/// The split itself is `URLParts` (shared with the pixel rules, so both read the same host
/// the way a browser does: `\\` counts as `/` in http(s) authorities, surrounding controls
/// and spaces are skipped); this view converts its ranges to byte offsets so the rules can
/// work on `[UInt8]`. Bytes that are not valid UTF-8 give a view with no scheme and no host,
/// so no rule applies to them. Ranges exclude the delimiters (`:`, `//`, `?`, `#`).
struct LinkURL {
    let bytes: [UInt8]
    private(set) var scheme: Range<Int>?
    private(set) var authority: Range<Int>?
    private(set) var host: Range<Int>?
    private(set) var path: Range<Int>
    private(set) var query: Range<Int>?
    private(set) var fragment: Range<Int>?
    /// The host in ASCII lowercase without a trailing dot, "" when there is none.
    var hostLower: String { String(decoding: hostBytes, as: UTF8.self) }
    /// The host in ASCII lowercase without a trailing dot, as bytes.
    private(set) var hostBytes: [UInt8] = []
    /// Path segments (between `/`), empty ones included.
    private(set) var pathSegments: [Range<Int>] = []
    /// The query members in order, split on `&` only; empty members included.
    private(set) var parameters: [Parameter] = []
    /// False when the host is under none of the wrapper rules' domains (set by
    /// `LinkWrapperRules.match`; true, "ask", elsewhere).
    var onKnownWrapperHost = true

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        // The split runs on the bytes themselves (the same split `URLParts` makes of the
        // string): no String is built and no index is converted.
        let split = bytes.withUnsafeBufferPointer { u -> (URLParts.Offsets, [UInt8])? in
            guard LinkURL.isValidUTF8(u) else { return nil }
            let o = URLParts.split(u)
            return (o, URLParts.loweredHost(u, o.host))
        }
        guard let (o, lowered) = split else {
            path = 0..<bytes.count
            return
        }
        scheme = o.scheme
        authority = o.authority
        host = o.host
        path = o.path
        query = o.query
        fragment = o.fragment
        hostBytes = lowered
        pathSegments = LinkURL.segments(bytes, path)
        parameters = LinkURL.members(bytes, query)
    }

    /// True when `u` is well-formed UTF-8 (what `String(validating:)` accepts).
    static func isValidUTF8(_ u: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        let n = u.count
        // ASCII runs are the common case; multi-byte sequences go to the decoder.
        while i < n, u[i] < 0x80 { i += 1 }
        if i == n { return true }
        var it = UnsafeBufferPointer(rebasing: u[i...]).makeIterator()
        var decoder = UTF8()
        while true {
            switch decoder.decode(&it) {
            case .scalarValue: continue
            case .emptyInput: return true
            case .error: return false
            }
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
    func hostIs(_ domain: StaticString) -> Bool {
        LinkURL.host(hostBytes, isOrIsUnder: UnsafeBufferPointer(start: domain.utf8Start, count: domain.utf8CodeUnitCount))
    }

    static func host<D: Collection>(_ h: [UInt8], isOrIsUnder d: D) -> Bool where D.Element == UInt8 {
        let dc = d.count
        if h.count < dc { return false }
        if h.count > dc, h[h.count - dc - 1] != 0x2E { return false }
        var k = h.count - dc
        for b in d {
            if h[k] != b { return false }
            k += 1
        }
        return true
    }

    func hostHasPrefix(_ p: StaticString) -> Bool {
        LinkBytes.hasPrefix(hostBytes, 0..<hostBytes.count, p)
    }

    func hostContains(_ s: StaticString) -> Bool {
        LinkBytes.containsLowercased(hostBytes, s)
    }

    /// A brand's host such as `www.google.co.uk` or `amazon.de`: one label equals `brand`,
    /// one or two short country/generic labels (at most three letters) follow, and before
    /// it come no labels, or only `www` when `wwwOnly`.
    func hostIsBrand(_ brand: StaticString, wwwOnly: Bool = false) -> Bool {
        var labels: [Range<Int>] = []
        var start = 0
        for k in 0...hostBytes.count where k == hostBytes.count || hostBytes[k] == 0x2E {
            labels.append(start..<k)
            start = k + 1
        }
        guard let at = labels.firstIndex(where: { LinkBytes.equals(hostBytes, $0, brand) }) else { return false }
        let tail = labels.count - at - 1
        guard tail == 1 || tail == 2 else { return false }
        for l in labels[(at + 1)...] where l.isEmpty || l.count > 3 { return false }
        if wwwOnly {
            guard at == 0 || (at == 1 && LinkBytes.equals(hostBytes, labels[0], "www")) else { return false }
        }
        return true
    }

    /// Path equality, case-sensitive.
    func pathIs(_ literal: StaticString) -> Bool { LinkBytes.equals(bytes, path, literal) }

    func pathHasPrefix(_ literal: StaticString, caseInsensitive: Bool = false) -> Bool {
        LinkBytes.hasPrefix(bytes, path, literal, caseInsensitive: caseInsensitive)
    }

    static func segments(_ bytes: [UInt8], _ path: Range<Int>) -> [Range<Int>] {
        if path.isEmpty { return [] }
        return bytes.withUnsafeBufferPointer { b in
            var out: [Range<Int>] = []
            out.reserveCapacity(1 + LinkBytes.count(of: 0x2F, in: b, path))
            let start = b[path.lowerBound] == 0x2F ? path.lowerBound + 1 : path.lowerBound
            URLParts.forEachPathSegment(b, start..<path.upperBound) { out.append($0) }
            return out
        }
    }

    /// One `name=value` member of the query, as raw byte ranges.
    struct Parameter {
        var segment: Range<Int>
        var name: Range<Int>
        var value: Range<Int>?
    }

    static func members(_ bytes: [UInt8], _ query: Range<Int>?) -> [Parameter] {
        guard let q = query else { return [] }
        return bytes.withUnsafeBufferPointer { b in
            var out: [Parameter] = []
            out.reserveCapacity(1 + LinkBytes.count(of: 0x26, in: b, q))
            URLParts.forEachQueryMember(b, q) { out.append(Parameter(segment: $0, name: $1, value: $2)) }
            return out
        }
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
