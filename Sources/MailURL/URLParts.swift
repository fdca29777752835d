/// A total, allocation-light split of a URL string into its components.
///
/// Never fails and never traps: any string splits into some parts (a string that is not an
/// absolute URL simply has no scheme and usually no host). Components are ranges into the
/// original string, so nothing is decoded or normalised except `host`, which is ASCII
/// lower-cased with one trailing dot removed. Leading and trailing C0 controls and spaces
/// are skipped, as browsers do; embedded tabs and newlines are not removed.
///
/// For the special schemes (http, https, ws, wss, ftp, file) a backslash counts as a slash
/// in the authority and path, as in the WHATWG URL parser, so `https:\\host\x` names `host`.
public struct URLParts: Sendable {
    /// The string that was split; every range indexes it.
    public let string: String
    /// The scheme without its `:`.
    public let schemeRange: Range<String.Index>?
    /// Everything between `//` and the path: userinfo, host and port.
    public let authorityRange: Range<String.Index>?
    /// The userinfo without its `@`.
    public let userinfoRange: Range<String.Index>?
    /// The host as written (brackets kept for IPv6 literals).
    public let hostRange: Range<String.Index>?
    /// The port digits without the `:`.
    public let portRange: Range<String.Index>?
    /// The path, possibly empty; always present.
    public let pathRange: Range<String.Index>
    /// The query without its `?`.
    public let queryRange: Range<String.Index>?
    /// The fragment without its `#`.
    public let fragmentRange: Range<String.Index>?
    /// The host in ASCII lower case without a trailing dot; "" when there is none.
    public let host: String

    /// The components as byte offsets into a URL's UTF-8 bytes (delimiters excluded).
    package struct Offsets: Sendable, Equatable {
        package var scheme: Range<Int>? = nil
        package var authority: Range<Int>? = nil
        package var userinfo: Range<Int>? = nil
        package var host: Range<Int>? = nil
        package var port: Range<Int>? = nil
        package var path: Range<Int> = 0..<0
        package var query: Range<Int>? = nil
        package var fragment: Range<Int>? = nil

        package init() {}
    }

    /// Splits UTF-8 bytes; the byte-level core of `init(_:)`, for callers that work on bytes.
    package static func split(_ u: UnsafeBufferPointer<UInt8>) -> Offsets {
        var o = Offsets()
        var start = 0
        var end = u.count
        while start < end, u[start] <= 0x20 { start += 1 }
        while end > start, u[end - 1] <= 0x20 { end -= 1 }

        var i = start
        if i < end, isAlpha(u[i]) {
            var j = i + 1
            while j < end {
                let b = u[j]
                if isSchemeByte(b) { j += 1 } else { break }
            }
            if j < end, u[j] == 0x3A {
                o.scheme = i..<j
                i = j + 1
            }
        }
        let special = o.scheme.map { isSpecialScheme(UnsafeBufferPointer(rebasing: u[$0])) } ?? false
        func isSlash(_ b: UInt8) -> Bool { b == 0x2F || (special && b == 0x5C) }

        if i + 1 < end, isSlash(u[i]), isSlash(u[i + 1]) {
            var a = i + 2
            // Special schemes tolerate extra slashes before the host; `file:` does not
            // (`file:///x` has no host).
            let file = o.scheme.map { $0.count == 4 && lower(u[$0.lowerBound]) == 0x66 && lower(u[$0.lowerBound + 1]) == 0x69
                && lower(u[$0.lowerBound + 2]) == 0x6C && lower(u[$0.lowerBound + 3]) == 0x65 } ?? false
            if special && !file { while a < end, isSlash(u[a]) { a += 1 } }
            // The authority ends at the first `/`, `?` or `#` (or `\\` in a special scheme);
            // the host starts after its last `@`. Eight bytes at a time past runs of none of
            // them (a host is tens of bytes; byte by byte, this was most of the split).
            var j = a
            var lastAt = -1
            scan: while true {
                if let base = u.baseAddress {
                    while j + 8 <= end {
                        let word = ByteWords.load(base + j)
                        if ByteWords.holds(word, 0x2F) || ByteWords.holds(word, 0x3F) || ByteWords.holds(word, 0x23)
                            || ByteWords.holds(word, 0x40) || (special && ByteWords.holds(word, 0x5C))
                        {
                            break
                        }
                        j += 8
                    }
                }
                let stop = min(j + 8, end)
                while j < stop {
                    let b = u[j]
                    if isSlash(b) || b == 0x3F || b == 0x23 { break scan }
                    if b == 0x40 { lastAt = j }
                    j += 1
                }
                if j >= end { break }
            }
            o.authority = a..<j
            var hostStart = a
            if lastAt >= 0 {
                o.userinfo = a..<lastAt
                hostStart = lastAt + 1
            }
            let hostEnd: Int
            if hostStart < j, u[hostStart] == 0x5B {
                var m = hostStart
                while m < j, u[m] != 0x5D { m += 1 }
                hostEnd = m < j ? m + 1 : j
            } else {
                hostEnd = ByteWords.firstIndex(of: 0x3A, or: 0x3A, in: u, from: hostStart, to: j)
            }
            o.host = hostStart..<hostEnd
            if hostEnd < j, u[hostEnd] == 0x3A { o.port = (hostEnd + 1)..<j }
            i = j
        }

        var p = ByteWords.firstIndex(of: 0x3F, or: 0x23, in: u, from: i, to: end)
        o.path = i..<p
        if p < end, u[p] == 0x3F {
            let q = ByteWords.firstIndex(of: 0x23, or: 0x23, in: u, from: p + 1, to: end)
            o.query = (p + 1)..<q
            p = q
        }
        if p < end, u[p] == 0x23 { o.fragment = (p + 1)..<end }
        return o
    }

    /// Calls `body` with each `&`-separated member of `query` in `u`, empty ones too: the
    /// whole member, its name (up to the first `=`) and its value (after that `=`; nil
    /// without one). Found eight bytes at a time.
    @inlinable
    package static func forEachQueryMember(
        _ u: UnsafeBufferPointer<UInt8>, _ query: Range<Int>, _ body: (Range<Int>, Range<Int>, Range<Int>?) -> Void
    ) {
        var start = query.lowerBound
        while true {
            let member = queryMember(u, at: start, end: query.upperBound)
            body(member.whole, member.name, member.value)
            if member.whole.upperBound == query.upperBound { return }
            start = member.whole.upperBound + 1
        }
    }

    /// The query member of `u` that starts at `start` and ends at the next `&` or at `end`:
    /// the whole member, its name (up to the first `=`) and its value (after that `=`; nil
    /// without one).
    @inlinable
    package static func queryMember(
        _ u: UnsafeBufferPointer<UInt8>, at start: Int, end: Int
    ) -> (whole: Range<Int>, name: Range<Int>, value: Range<Int>?) {
        let stop = ByteWords.firstIndex(of: 0x26, or: 0x3D, in: u, from: start, to: end)
        guard stop < end && u[stop] == 0x3D else { return (start..<stop, start..<stop, nil) }
        let memberEnd = ByteWords.firstIndex(of: 0x26, or: 0x26, in: u, from: stop + 1, to: end)
        return (start..<memberEnd, start..<stop, (stop + 1)..<memberEnd)
    }

    /// Calls `body` with each `/`-separated piece of `u[range]`, empty ones too (at least
    /// one, the whole range when it holds no `/`). Found eight bytes at a time.
    @inlinable
    package static func forEachPathSegment(_ u: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ body: (Range<Int>) -> Void) {
        var start = range.lowerBound
        while true {
            let slash = ByteWords.firstIndex(of: 0x2F, or: 0x2F, in: u, from: start, to: range.upperBound)
            body(start..<slash)
            if slash == range.upperBound { return }
            start = slash + 1
        }
    }

    /// The host `range` of `bytes` in ASCII lower case without one trailing dot: a slice of
    /// `bytes` itself when it holds no capital (the usual spelling: no copy per URL), else of
    /// a lowered copy. Empty when there is no host. Not zero-based.
    package static func lowerHost(of bytes: [UInt8], _ range: Range<Int>?) -> ArraySlice<UInt8> {
        guard let range, !range.isEmpty else { return [] }
        let end = bytes[range.upperBound - 1] == 0x2E ? range.upperBound - 1 : range.upperBound
        let hasCapital = bytes.withUnsafeBufferPointer { u in u[range.lowerBound..<end].contains { $0 &- 0x41 < 26 } }
        if hasCapital { return ArraySlice(bytes.withUnsafeBufferPointer { loweredHost($0, range) }) }
        return bytes[range.lowerBound..<end]
    }

    /// The host bytes of `range` in ASCII lower case without one trailing dot.
    package static func loweredHost(_ u: UnsafeBufferPointer<UInt8>, _ range: Range<Int>?) -> [UInt8] {
        guard let range, !range.isEmpty else { return [] }
        let count = u[range.upperBound - 1] == 0x2E ? range.count - 1 : range.count
        // Copied, then lowered in place: `Array(unsafeUninitializedCapacity:)` is not
        // specialized here and looked up its storage type's metadata on every call (more
        // than the rest of the work; a message makes one per URL).
        var host = Array(UnsafeBufferPointer(rebasing: u[range.lowerBound..<(range.lowerBound + count)]))
        host.withUnsafeMutableBufferPointer { out in
            for k in out.indices { out[k] = lower(out[k]) }
        }
        return host
    }

    /// Splits `string`.
    public init(_ string: String) {
        var copy = string
        let (o, host) = copy.withUTF8 { u -> (Offsets, [UInt8]) in
            let o = URLParts.split(u)
            return (o, URLParts.loweredHost(u, o.host))
        }
        self.string = string
        let u = string.utf8
        func indices(_ r: Range<Int>) -> Range<String.Index> {
            u.index(u.startIndex, offsetBy: r.lowerBound)..<u.index(u.startIndex, offsetBy: r.upperBound)
        }
        schemeRange = o.scheme.map(indices)
        authorityRange = o.authority.map(indices)
        userinfoRange = o.userinfo.map(indices)
        hostRange = o.host.map(indices)
        portRange = o.port.map(indices)
        pathRange = indices(o.path)
        queryRange = o.query.map(indices)
        fragmentRange = o.fragment.map(indices)
        self.host = String(decoding: host, as: UTF8.self)
    }

    /// The scheme as written, without `:`.
    public var scheme: Substring? { schemeRange.map { string[$0] } }
    /// The scheme in ASCII lower case; "" when there is none.
    public var schemeLowercased: String {
        guard let s = schemeRange else { return "" }
        return String(decoding: string.utf8[s].map(URLParts.lower), as: UTF8.self)
    }
    /// Userinfo as written.
    public var userinfo: Substring? { userinfoRange.map { string[$0] } }
    /// Host as written (not lower-cased).
    public var hostAsWritten: Substring? { hostRange.map { string[$0] } }
    /// The port digits as written.
    public var port: Substring? { portRange.map { string[$0] } }
    /// The path as written.
    public var path: Substring { string[pathRange] }
    /// The raw query, without `?`.
    public var query: Substring? { queryRange.map { string[$0] } }
    /// The raw fragment, without `#`.
    public var fragment: Substring? { fragmentRange.map { string[$0] } }

    /// The query's `&`-separated items, raw (not percent-decoded), empty items skipped.
    public var queryItems: QueryItems { QueryItems(string: string, range: queryRange) }

    /// The URL with the query items for which `remove` is true dropped.
    ///
    /// Everything else is kept byte for byte, including the order and spelling of the
    /// remaining items; the `?` goes away when no item remains.
    public func removingQueryItems(where remove: (QueryItem) -> Bool) -> String {
        guard let q = queryRange else { return string }
        var kept: [Substring] = []
        var removedAny = false
        for item in queryItems {
            if remove(item) { removedAny = true } else { kept.append(string[item.range]) }
        }
        if !removedAny { return string }
        // The `?` sits just before the query range.
        let beforeQuestion = string.utf8.index(before: q.lowerBound)
        var out = String(string[string.startIndex..<beforeQuestion])
        if !kept.isEmpty {
            out += "?"
            out += kept.joined(separator: "&")
        }
        out += string[q.upperBound...]
        return out
    }

    /// One `name=value` query item, as raw substrings of the original string.
    public struct QueryItem: Sendable {
        /// The whole item, `name=value`.
        public let range: Range<String.Index>
        /// The name, raw.
        public let name: Substring
        /// The value after the first `=`, raw; nil when there is no `=`.
        public let value: Substring?
    }

    /// The query's items in order.
    public struct QueryItems: Sequence, Sendable {
        let string: String
        let range: Range<String.Index>?

        public func makeIterator() -> Iterator {
            Iterator(string: string, position: range?.lowerBound, end: range?.upperBound)
        }

        public struct Iterator: IteratorProtocol {
            let string: String
            var position: String.Index?
            let end: String.Index?

            public mutating func next() -> QueryItem? {
                let u = string.utf8
                while let start = position, let end {
                    if start >= end { position = nil; return nil }
                    var j = start
                    var eq: String.Index? = nil
                    while j < end, u[j] != 0x26 {
                        if eq == nil, u[j] == 0x3D { eq = j }
                        j = u.index(after: j)
                    }
                    position = j < end ? u.index(after: j) : nil
                    if j == start { continue }  // empty item, e.g. `a=1&&b=2`
                    if let eq {
                        return QueryItem(
                            range: start..<j, name: string[start..<eq],
                            value: string[u.index(after: eq)..<j])
                    }
                    return QueryItem(range: start..<j, name: string[start..<j], value: nil)
                }
                return nil
            }
        }
    }

    /// Percent-decodes `s` leniently: a `%` not followed by two hex digits stays as is;
    /// `+` becomes a space when `plusIsSpace`. Invalid UTF-8 is repaired with U+FFFD.
    public static func percentDecode(_ s: Substring, plusIsSpace: Bool = false) -> String {
        let u = Array(s.utf8)
        if !u.contains(0x25) && !(plusIsSpace && u.contains(0x2B)) { return String(s) }
        var out = [UInt8]()
        out.reserveCapacity(u.count)
        var i = 0
        while i < u.count {
            let b = u[i]
            if b == 0x25, i + 2 < u.count, let h = hexValue(u[i + 1]), let l = hexValue(u[i + 2]) {
                out.append(h << 4 | l)
                i += 3
            } else {
                out.append(plusIsSpace && b == 0x2B ? 0x20 : b)
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    package static func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case 0x30...0x39: return b - 0x30
        case 0x41...0x46: return b - 0x41 + 10
        case 0x61...0x66: return b - 0x61 + 10
        default: return nil
        }
    }

    @inlinable package static func isAlpha(_ b: UInt8) -> Bool { (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A }
    /// A byte a scheme may hold after its first letter: a letter, a digit, `+`, `-` or `.`.
    @inlinable package static func isSchemeByte(_ b: UInt8) -> Bool {
        isAlpha(b) || (b >= 0x30 && b <= 0x39) || b == 0x2B || b == 0x2D || b == 0x2E
    }
    package static func lower(_ b: UInt8) -> UInt8 { b >= 0x41 && b <= 0x5A ? b | 0x20 : b }

    package static func isSpecialScheme(_ s: UnsafeBufferPointer<UInt8>) -> Bool {
        URLScheme.isSpecial(bytes: s)
    }
}
