/// Removes tracking parameters from one URL's query, keeping every other byte as it was.
///
/// The remaining members keep their order, spelling and percent-encoding; the fragment and
/// the path (trailing slash included) are untouched; a `?` left with nothing after it goes.
enum ParamStripper {
    struct Stripped {
        var bytes: [UInt8]
        /// The names removed, in URL order (empty when not asked for).
        var removed: [String]
        var rule: String
    }

    static let fullRule = "tracking-parameters"
    static let unsubscribeRule = "unsubscribe-page-parameters"

    /// `naming`: list the removed names (their strings are made for the report alone).
    static func strip(_ u: LinkURL, linkText: UnsafeBufferPointer<UInt8>?, naming: Bool = true) -> Stripped? {
        guard u.isHTTP, let q = u.query, !q.isEmpty else { return nil }
        for h in ParamRules.exemptHosts where u.hostIs(h) { return nil }
        // The members' verdicts on the stack: a link has a handful.
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: u.parameters.count) { verdicts in
            verdicts.initialize(repeating: 0)
            return strip(u, q, verdicts, linkText: linkText, naming: naming)
        }
    }

    // Each member's verdict, judged on its raw bytes: bit 0, it goes on an ordinary page;
    // bit 1, it goes on a subscription page too. Whether the page is one is only worked out
    // when some member would go.
    private static let ordinaryPage: UInt8 = 1
    private static let subscriptionPage: UInt8 = 2

    /// `strip` with one zeroed verdict per query member in `verdicts`.
    private static func strip(
        _ u: LinkURL, _ q: Range<Int>, _ verdicts: UnsafeMutableBufferPointer<UInt8>, linkText: UnsafeBufferPointer<UInt8>?,
        naming: Bool
    ) -> Stripped? {
        let params = u.parameters
        var anyDrop = false
        // The rule tables read once per link, not once per member (each read of a global
        // goes through its lazy initialiser and retains its arrays).
        let global = ParamRules.globalMatcher
        let safeEverywhere = ParamRules.safeEverywhereMatcher
        let drip = ParamRules.dripName
        let conditions = ParamRules.keepIfPathContains
        u.bytes.withUnsafeBufferPointer { all in
            // The site scopes whose host this is, one bit each, worked out at the first
            // member that needs them (an array of them would be allocated per link).
            var scopeBits: UInt64?
            for (k, p) in params.enumerated() where !p.name.isEmpty {
                let name = UnsafeBufferPointer(rebasing: all[p.name])
                // Hashed once for every set it is tried against.
                let hash = ByteHash.of(name)
                var tracking = isTracking(
                    name, hash: hash, value: p.value.map { UnsafeBufferPointer(rebasing: all[$0]) }, global: global, drip: drip)
                // The drip parameter is judged by its value alone.
                if !tracking && !equals(name, drip) {
                    let bits = scopeBits ?? matchingScopes(u)
                    scopeBits = bits
                    var rest = bits
                    if rest != 0 {
                        let scoped = ParamRules.scopeMatchers
                        while rest != 0, !tracking {
                            tracking = scoped[rest.trailingZeroBitCount].matches(name, hash: hash)
                            rest &= rest - 1
                        }
                    }
                }
                let ordinary = tracking && !keptByCondition(name, u, conditions)
                let safe = safeEverywhere.matches(name, hash: hash)
                verdicts[k] = (ordinary ? ordinaryPage : 0) | (safe ? subscriptionPage : 0)
                anyDrop = anyDrop || ordinary || safe
            }
        }
        guard anyDrop else { return nil }
        // The rest reads the URL's bytes in place, as the loop above does, not through
        // slices of the array.
        return u.bytes.withUnsafeBufferPointer { all -> Stripped? in
            let unsubscribe = isSubscriptionPage(u, all, params, linkText: linkText) { verdicts[$0] & subscriptionPage != 0 }
            let drop = unsubscribe ? subscriptionPage : ordinaryPage

            guard params.indices.contains(where: { verdicts[$0] & drop != 0 }) else { return nil }
            var removed: [String] = []
            if naming {
                removed.reserveCapacity(params.count)
                for k in params.indices where verdicts[k] & drop != 0 {
                    removed.append(String(decoding: UnsafeBufferPointer(rebasing: all[params[k].name]), as: UTF8.self))
                }
            }

            // Once the query is being rewritten, empty members (`&&`) go too: they carry nothing.
            var out: [UInt8] = []
            out.reserveCapacity(all.count)
            out.append(contentsOf: UnsafeBufferPointer(rebasing: all[0..<q.lowerBound]))
            var first = true
            for k in params.indices where verdicts[k] & drop == 0 && !params[k].segment.isEmpty {
                if !first { out.append(0x26) }
                first = false
                out.append(contentsOf: UnsafeBufferPointer(rebasing: all[params[k].segment]))
            }
            if first {
                // Nothing remains: the '?' goes as well.
                out.removeLast()
            }
            if let f = u.fragment {
                out.append(0x23)
                out.append(contentsOf: UnsafeBufferPointer(rebasing: all[f]))
            }
            return Stripped(bytes: out, removed: removed, rule: unsubscribe ? unsubscribeRule : fullRule)
        }
    }

    /// One bit per scope in `ParamRules.scopes` whose host `u` is on.
    private static func matchingScopes(_ u: LinkURL) -> UInt64 {
        assert(ParamRules.scopes.count <= 64, "one bit per scope")
        var bits: UInt64 = 0
        // By index, reading only each scope's host test.
        let scopes = ParamRules.scopes
        for k in scopes.indices where scopes[k].matchesHost(u) { bits |= 1 << UInt64(k) }
        return bits
    }

    /// The rules that hold on every host.
    static func isTracking(
        _ name: UnsafeBufferPointer<UInt8>, hash: UInt64, value: UnsafeBufferPointer<UInt8>?,
        global: ByteNameSet, drip: StaticString
    ) -> Bool {
        if global.matches(name, hash: hash) { return true }
        if equals(name, drip) {
            guard let v = value else { return false }
            return v.count >= 6 && v.allSatisfy(LinkBytes.isAlnum)
        }
        return false
    }

    private static func equals(_ name: UnsafeBufferPointer<UInt8>, _ literal: StaticString) -> Bool {
        LinkBytes.equals(name, literal)
    }

    private static func keptByCondition(
        _ name: UnsafeBufferPointer<UInt8>, _ u: LinkURL, _ entries: [(name: StaticString, markers: [StaticString])]
    ) -> Bool {
        // By index, names first: the markers are read only for a name that has them.
        guard let k = entries.indices.first(where: { equals(name, entries[$0].name) }) else { return false }
        let path = u.bytes[u.path]
        return entries[k].markers.contains { LinkBytes.containsLowercased(path, $0) }
    }

    /// True for unsubscribe, opt-out, preference and web-view pages. Looks at the host, the
    /// path, the link text and the query members that survive on such pages, so cleaning
    /// the result again reaches the same verdict.
    /// `isSafe(k)`: whether member `k` is stripped even there (its verdict, already known).
    /// `all`: `u.bytes`, read in place.
    static func isSubscriptionPage(_ u: LinkURL, _ all: UnsafeBufferPointer<UInt8>, _ params: [LinkURL.Parameter],
                                   linkText: UnsafeBufferPointer<UInt8>?, isSafe: (Int) -> Bool) -> Bool {
        // Read once per link: each read of the global goes through its lazy initialiser.
        let markers = Self.markers
        if let h = u.host, markers.occur(in: UnsafeBufferPointer(rebasing: all[h])) { return true }
        if markers.occur(in: UnsafeBufferPointer(rebasing: all[u.path])) { return true }
        for (k, p) in params.enumerated() where !p.name.isEmpty && !isSafe(k) {
            let segment = UnsafeBufferPointer(rebasing: all[p.segment])
            // Decoding changes nothing without a `%`; skip the copy then.
            if segment.contains(0x25) {
                if LinkBytes.percentDecode(segment).withUnsafeBufferPointer({ markers.occur(in: $0) }) { return true }
            } else if markers.occur(in: segment) {
                return true
            }
        }
        if let text = linkText, markers.occurInText(text) { return true }
        return false
    }

    /// True when some unsubscribe marker occurs in `b`, ASCII case folded.
    static func hasMarker(_ b: UnsafeBufferPointer<UInt8>) -> Bool { markers.occur(in: b) }

    private static let markers = Markers()

    /// The unsubscribe markers, arranged for one pass over a text.
    struct Markers {
        /// Every marker is at least this long (`unsub`): an occurrence covers one position in
        /// each run of `stride` and the byte after it.
        static let stride = 4

        /// The markers grouped by first byte, so one pass over the text tries only the
        /// markers that can start at each position.
        let byFirstByte: [[[UInt8]]]
        /// The byte pairs at offsets 0 to `stride - 1` of every marker. The search looks at
        /// one position in `stride`: where its pair is none of these, no marker starts in the
        /// `stride` positions before it (a quarter of the look-ups of trying every position,
        /// on URLs and link texts that rarely hold one).
        let bigrams: BigramSet

        init() {
            var table = [[[UInt8]]](repeating: [], count: 256)
            var pairs = BigramSet()
            for m in ParamRules.unsubscribeMarkers {
                let bytes = Array(UnsafeBufferPointer(start: m.utf8Start, count: m.utf8CodeUnitCount))
                precondition(bytes.count > Self.stride, "markers are longer than the search stride")
                table[Int(bytes[0])].append(bytes)
                for k in 0..<Self.stride { pairs.insert(bytes[k], bytes[k + 1]) }
            }
            byFirstByte = table
            bigrams = pairs
        }

        /// `occur(in:)` on the lower-cased text (UTF-8); ASCII text is folded while searching,
        /// without building the lower-cased copy (markers are ASCII but for `é`, which only
        /// full lower-casing of non-ASCII text can produce from `É`).
        func occurInText(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
            if !text.contains(where: { $0 >= 0x80 }) { return occur(in: text) }
            return Array(String(decoding: text, as: UTF8.self).lowercased().utf8).withUnsafeBufferPointer { occur(in: $0) }
        }

        /// True when some marker occurs in `b`, ASCII case folded.
        func occur(in b: UnsafeBufferPointer<UInt8>) -> Bool {
            let table = byFirstByte
            let stride = Self.stride
            let n = b.count
            guard n > stride else { return false }
            return bigrams.withReader { pairs in
                var p = 0
                while p + 1 < n {
                    let key = Int(LinkBytes.lower(b[p])) << 8 | Int(LinkBytes.lower(b[p + 1]))
                    if pairs.contains(key) {
                        // A marker through p and p + 1 starts at most `stride - 1` before p.
                        for start in max(0, p - (stride - 1))...p {
                            for m in table[Int(LinkBytes.lower(b[start]))] where m.count <= n - start {
                                var j = 1
                                while j < m.count, LinkBytes.lower(b[start + j]) == m[j] { j += 1 }
                                if j == m.count { return true }
                            }
                        }
                    }
                    p += stride
                }
                return false
            }
        }
    }
}
