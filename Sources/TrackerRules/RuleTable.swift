/// One rule of the built-in data or of a user rules file.
struct TrackerRule: Sendable {
    enum Scope: String, Sendable {
        /// A tracking host: loads matching the path shape (or any path) are trackers.
        case host
        /// A host where a mail platform serves content (images, CSS): images are judged by
        /// heuristics with the vendor named; stylesheets, fonts and the rest are removed.
        case esp
        /// A path shape on any host (white-labelled tracking domains).
        case signature
        /// A word that, as a part of the host name, marks a tracking host.
        case hostWord
        /// A font or CSS CDN whose fonts and stylesheets are not trackers.
        case fontCDN
        /// A user allow rule for a host.
        case allowHost
    }

    let id: String
    let vendor: String
    let scope: Scope
    /// Host patterns as written (`#` is a run of digits); empty for signatures.
    let hosts: [String]
    /// The path shape, or nil for any path.
    let shape: PathShape?
    /// A weak rule needs a tiny or hidden load before it counts.
    let weak: Bool
    /// The shape (written in lower case) is matched against the lower-cased target.
    var nocase = false
    /// The kinds the rule applies to, as a bit set over `ResourceKind.allCases`; 0 = all.
    let kinds: UInt16
    /// A URL the rule must match (built-in data only).
    let example: String
    /// Where the rule was written.
    let origin: String
    let line: Int

    func applies(to kind: ResourceKind) -> Bool {
        kinds == 0 || kinds & TrackerRule.bit(kind) != 0
    }

    static func bit(_ kind: ResourceKind) -> UInt16 {
        let index = ResourceKind.allCases.firstIndex(of: kind) ?? 0
        return 1 << UInt16(index)
    }
}

/// Rules indexed for look-up: by host suffix, then by literal path anchors.
///
/// Nothing is tried one after another over the whole list: a load's host is looked up by
/// each of its label suffixes (and once more with digit runs folded to `#`), and path
/// signatures are looked up by the load's path segments, query names and file extension.
struct RuleTable: Sendable {
    private(set) var rules: [TrackerRule] = []
    private(set) var byHost: [String: [Int]] = [:]
    private(set) var bySegment: [String: [Int]] = [:]
    private(set) var byQueryName: [String: [Int]] = [:]
    private(set) var byExtension: [String: [Int]] = [:]
    /// Signatures with no literal anchor (user rules only; built-in data rejects them).
    private(set) var unanchored: [Int] = []
    private(set) var hostWords: [Int] = []

    var isEmpty: Bool { rules.isEmpty }

    mutating func add(_ rule: TrackerRule) {
        let index = rules.count
        rules.append(rule)
        switch rule.scope {
        case .host, .esp, .fontCDN, .allowHost:
            for host in rule.hosts { byHost[host, default: []].append(index) }
        case .hostWord:
            hostWords.append(index)
        case .signature:
            guard let shape = rule.shape, let anchor = shape.anchors.first else {
                unanchored.append(index)
                return
            }
            switch anchor {
            case .segment(let s): bySegment[s, default: []].append(index)
            case .queryName(let s): byQueryName[s, default: []].append(index)
            case .fileExtension(let s): byExtension[s, default: []].append(index)
            }
        }
    }

    /// Host-scoped rules for `host`, most specific suffix first, in data order within one.
    func hostRules(_ host: String) -> [Int] {
        guard !host.isEmpty else { return [] }
        var out: [Int] = []
        for suffix in HostNames.suffixes(host) {
            if let hit = byHost[String(suffix)] { out.append(contentsOf: hit) }
        }
        if let folded = HostNames.digitsFolded(host) {
            for suffix in HostNames.suffixes(folded) where suffix.contains("#") {
                if let hit = byHost[String(suffix)] { out.append(contentsOf: hit) }
            }
        }
        for index in hostWords where rules[index].hosts.contains(where: { host.contains($0) }) {
            out.append(index)
        }
        return out
    }

    /// Signature candidates for a load, in data order.
    func signatureCandidates(_ target: LoadTarget) -> [Int] {
        var out: [Int] = []
        if !bySegment.isEmpty {
            for segment in target.segments { if let hit = bySegment[segment] { out.append(contentsOf: hit) } }
        }
        if !byQueryName.isEmpty {
            for name in target.queryNames { if let hit = byQueryName[name] { out.append(contentsOf: hit) } }
        }
        if let ext = target.fileExtension, let hit = byExtension[ext] { out.append(contentsOf: hit) }
        out.append(contentsOf: unanchored)
        if out.count > 1 {
            out.sort()
            var unique: [Int] = []
            for i in out where unique.last != i { unique.append(i) }
            return unique
        }
        return out
    }
}

/// The parts of one load's URL that rules look at, computed once per decision.
struct LoadTarget {
    let parts: URLParts
    /// `path?query` bytes (no fragment).
    let bytes: [UInt8]
    /// `bytes` in ASCII lower case, for `nocase` rules.
    let lowerBytes: [UInt8]
    /// Index in `bytes` where the path ends.
    let pathEnd: Int
    let segments: [String]
    let queryNames: [String]
    /// The last path segment's extension as written, if any.
    let fileExtension: String?
    let lastSegment: String

    init(_ url: String) {
        let parts = URLParts(url)
        self.parts = parts
        let path = parts.path
        var bytes = Array(path.utf8)
        pathEnd = bytes.count
        if let q = parts.query {
            bytes.append(0x3F)
            bytes.append(contentsOf: q.utf8)
        }
        self.bytes = bytes
        lowerBytes = bytes.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
        var segments: [String] = []
        for s in path.split(separator: "/", omittingEmptySubsequences: true) { segments.append(String(s)) }
        self.segments = segments
        var names: [String] = []
        for item in parts.queryItems where !item.name.isEmpty { names.append(String(item.name)) }
        queryNames = names
        lastSegment = path.hasSuffix("/") ? "" : (segments.last ?? "")
        if let dot = lastSegment.lastIndex(of: "."), lastSegment.index(after: dot) < lastSegment.endIndex {
            fileExtension = String(lastSegment[lastSegment.index(after: dot)...])
        } else {
            fileExtension = nil
        }
    }

    func matches(_ shape: PathShape, nocase: Bool = false) -> Bool {
        (nocase ? lowerBytes : bytes).withUnsafeBufferPointer { shape.matches($0, pathEnd: pathEnd) }
    }

    var host: String { parts.host }
}
