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
    /// The host in ASCII lowercase without a trailing dot, as bytes: a slice of `bytes`
    /// when the URL writes it so (a copy of every link's host was allocated), else of a
    /// lowered copy. Its indices are not zero-based: read it through `withHost`.
    private(set) var hostBytes: ArraySlice<UInt8> = []
    /// Path segments (between `/`), empty ones included: the count and the ones the wrapper
    /// rules read, kept inline (an array of them was allocated for every link).
    private(set) var pathSegments = PathSegments()
    /// The query members in order, split on `&` only; empty members included.
    private(set) var parameters: [Parameter] = []
    /// False when the host is under none of the wrapper rules' domains (set by
    /// `LinkWrapperRules.match`; true, "ask", elsewhere).
    var onKnownWrapperHost = true

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        // The split runs on the bytes themselves (the same split `URLParts` makes of the
        // string): no String is built and no index is converted.
        let split = bytes.withUnsafeBufferPointer { u -> URLParts.Offsets? in
            LinkURL.isValidUTF8(u) ? URLParts.split(u) : nil
        }
        guard let o = split else {
            path = 0..<bytes.count
            return
        }
        scheme = o.scheme
        authority = o.authority
        host = o.host
        path = o.path
        query = o.query
        fragment = o.fragment
        hostBytes = URLParts.lowerHost(of: bytes, o.host)
        pathSegments = PathSegments(bytes, path)
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

    @inline(__always)
    var isHTTP: Bool {
        guard let s = scheme, s.count == 4 || s.count == 5 else { return false }
        return LinkBytes.hasPrefix(bytes, s, "http", caseInsensitive: true)
            && (s.count == 4 || LinkBytes.lower(bytes[s.upperBound - 1]) == 0x73)
            && authority != nil
    }

    /// Calls `body` with the lowered host (zero-based).
    @inline(__always)
    func withHost<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        hostBytes.withUnsafeBufferPointer(body)
    }

    /// True when the host is `domain` exactly (`domain` in lowercase).
    func hostEquals(_ domain: StaticString) -> Bool {
        withHost { LinkBytes.equals($0, domain) }
    }

    /// True when the host is `domain` or a subdomain of it (`domain` in lowercase).
    func hostIs(_ domain: StaticString) -> Bool {
        withHost { LinkURL.host($0, isOrIsUnder: UnsafeBufferPointer(start: domain.utf8Start, count: domain.utf8CodeUnitCount)) }
    }

    static func host<D: Collection>(_ h: UnsafeBufferPointer<UInt8>, isOrIsUnder d: D) -> Bool where D.Element == UInt8 {
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
        withHost { LinkBytes.hasPrefix($0, p) }
    }

    func hostContains(_ s: StaticString) -> Bool {
        withHost { LinkBytes.containsLowercased($0, s) }
    }

    /// A brand's host such as `www.google.co.uk` or `amazon.de`: one label equals `brand`,
    /// one or two short country/generic labels (at most three letters) follow, and before
    /// it come no labels, or only `www` when `wwwOnly`.
    func hostIsBrand(_ brand: StaticString, wwwOnly: Bool = false) -> Bool {
        withHost { LinkURL.host($0, isBrand: brand, wwwOnly: wwwOnly) }
    }

    private static func host(_ hostBytes: UnsafeBufferPointer<UInt8>, isBrand brand: StaticString, wwwOnly: Bool) -> Bool {
        var labels: [Range<Int>] = []
        var start = 0
        for k in 0...hostBytes.count where k == hostBytes.count || hostBytes[k] == 0x2E {
            labels.append(start..<k)
            start = k + 1
        }
        guard let at = labels.firstIndex(where: { LinkBytes.equals(UnsafeBufferPointer(rebasing: hostBytes[$0]), brand) })
        else { return false }
        let tail = labels.count - at - 1
        guard tail == 1 || tail == 2 else { return false }
        for l in labels[(at + 1)...] where l.isEmpty || l.count > 3 { return false }
        if wwwOnly {
            guard at == 0 || (at == 1 && LinkBytes.equals(UnsafeBufferPointer(rebasing: hostBytes[labels[0]]), "www"))
            else { return false }
        }
        return true
    }

    /// Path equality, case-sensitive.
    func pathIs(_ literal: StaticString) -> Bool { LinkBytes.equals(bytes, path, literal) }

    func pathHasPrefix(_ literal: StaticString, caseInsensitive: Bool = false) -> Bool {
        LinkBytes.hasPrefix(bytes, path, literal, caseInsensitive: caseInsensitive)
    }

    /// The path's segments as the wrapper rules read them: how many, the first three and
    /// the last. `all` lists every one, for the rare rule that looks further.
    struct PathSegments {
        private(set) var count = 0
        private var head: (Range<Int>, Range<Int>, Range<Int>) = (0..<0, 0..<0, 0..<0)
        private(set) var last: Range<Int>?

        init() {}

        init(_ bytes: [UInt8], _ path: Range<Int>) {
            PathSegments.forEach(bytes, path) { segment in
                switch count {
                case 0: head.0 = segment
                case 1: head.1 = segment
                case 2: head.2 = segment
                default: break
                }
                count += 1
                last = segment
            }
        }

        var first: Range<Int>? { count > 0 ? head.0 : nil }

        /// Segment `k`, for `k` below three and below `count`.
        subscript(k: Int) -> Range<Int> {
            precondition(k < count && k < 3, "only the first three segments are kept")
            switch k {
            case 0: return head.0
            case 1: return head.1
            default: return head.2
            }
        }

        /// Every segment of `path` in `bytes` (the one this value was made from).
        static func all(_ bytes: [UInt8], _ path: Range<Int>) -> [Range<Int>] {
            var out: [Range<Int>] = []
            forEach(bytes, path) { out.append($0) }
            return out
        }

        /// Calls `body` with each segment after the path's leading `/` (none for no path).
        private static func forEach(_ bytes: [UInt8], _ path: Range<Int>, _ body: (Range<Int>) -> Void) {
            if path.isEmpty { return }
            bytes.withUnsafeBufferPointer { b in
                let start = b[path.lowerBound] == 0x2F ? path.lowerBound + 1 : path.lowerBound
                URLParts.forEachPathSegment(b, start..<path.upperBound, body)
            }
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
            // Room for the usual handful at once; counting the `&` first cost as much as
            // the split, and a longer query grows the array once or twice.
            out.reserveCapacity(8)
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
