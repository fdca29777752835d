/// One rule of the built-in data or of a user rules file.
///
/// A class so that look-ups hand out one reference instead of copying strings and arrays.
final class TrackerRule: Sendable {
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

    let vendor: String
    let scope: Scope
    /// Host patterns as written (`#` is a run of digits); empty for signatures.
    let hosts: [String]
    /// The path shape, or nil for any path.
    let shape: PathShape?
    /// A weak rule needs a tiny or hidden load before it counts.
    let weak: Bool
    /// The shape (written in lower case) is matched against the lower-cased target.
    let nocase: Bool
    /// The kinds the rule applies to, as a bit set over `ResourceKind` ordinals; 0 = all.
    let kinds: UInt16
    /// Where the rule was written.
    let origin: String
    let line: Int
    /// The rule's number within its vendor (built-in data), from 1.
    let ordinal: Int
    private let fixedID: String?
    private let source: RuleSource?
    private let exampleRange: Range<Int>

    init(
        vendor: String, scope: Scope, hosts: [String], shape: PathShape?, weak: Bool, nocase: Bool = false,
        kinds: UInt16, origin: String, line: Int, ordinal: Int = 0, id: String? = nil,
        source: RuleSource? = nil, exampleRange: Range<Int> = 0..<0
    ) {
        self.vendor = vendor
        self.scope = scope
        self.hosts = hosts
        self.shape = shape
        self.weak = weak
        self.nocase = nocase
        self.kinds = kinds
        self.origin = origin
        self.line = line
        self.ordinal = ordinal
        self.fixedID = id
        self.source = source
        self.exampleRange = exampleRange
    }

    /// The id decisions report: `vendor-slug/N` for built-in rules, `user:ORIGIN:LINE`
    /// for user rules. Built on demand: only decisions that remove something need it.
    var id: String { fixedID ?? "\(RulesText.slug(vendor))/\(ordinal)" }

    /// A URL the rule must match (built-in data only; "" for user rules).
    var example: String {
        guard let source else { return "" }
        return String(decoding: source.bytes[exampleRange], as: UTF8.self)
    }

    func applies(to kind: ResourceKind) -> Bool {
        kinds == 0 || kinds & TrackerRule.bit(kind) != 0
    }

    static func bit(_ kind: ResourceKind) -> UInt16 {
        1 << UInt16(kind.ordinal)
    }
}

/// The bytes a rules text was read from, shared by its rules for their examples.
final class RuleSource: Sendable {
    let bytes: [UInt8]
    init(_ bytes: [UInt8]) { self.bytes = bytes }
}

/// Rule indices grouped by key, in insertion order, without an array per key: each entry
/// points back to the previous entry with the same key.
struct KeyedRules: Sendable {
    private var last: [Substring: Int32] = [:]
    private var rule: [Int32] = []
    private var previous: [Int32] = []

    var isEmpty: Bool { last.isEmpty }

    mutating func reserveCapacity(_ n: Int) {
        last.reserveCapacity(n)
        rule.reserveCapacity(n)
        previous.reserveCapacity(n)
    }

    mutating func add(_ key: Substring, _ index: Int) {
        let entry = Int32(rule.count)
        rule.append(Int32(index))
        previous.append(last[key] ?? -1)
        last[key] = entry
    }

    /// Appends the rules stored under `key` to `out`, oldest first.
    func append(_ key: Substring, to out: inout [Int]) {
        guard var e = last[key] else { return }
        let start = out.count
        while e >= 0 {
            out.append(Int(rule[Int(e)]))
            e = previous[Int(e)]
        }
        out[start...].reverse()
    }
}

/// Rules indexed for look-up: by host suffix, then by literal path anchors.
///
/// Nothing is tried one after another over the whole list: a load's host is looked up by
/// each of its label suffixes (and once more with digit runs folded to `#`), and path
/// signatures are looked up by the load's path segments, query names and file extension.
struct RuleTable: Sendable {
    private(set) var rules: [TrackerRule] = []
    // Substring keys let look-ups use slices of the load's URL without allocating.
    private(set) var byHost = KeyedRules()
    private(set) var bySegment = KeyedRules()
    private(set) var byQueryName = KeyedRules()
    private(set) var byExtension = KeyedRules()
    /// Signatures with no literal anchor (user rules only; built-in data rejects them).
    private(set) var unanchored: [Int] = []
    private(set) var hostWords: [Int] = []

    var isEmpty: Bool { rules.isEmpty }

    mutating func reserveCapacity(rules n: Int, hosts: Int) {
        rules.reserveCapacity(n)
        byHost.reserveCapacity(hosts)
    }

    mutating func add(_ rule: TrackerRule) {
        let index = rules.count
        rules.append(rule)
        switch rule.scope {
        case .host, .esp, .fontCDN, .allowHost:
            for host in rule.hosts { byHost.add(host[...], index) }
        case .hostWord:
            hostWords.append(index)
        case .signature:
            guard let shape = rule.shape, let anchor = shape.anchors.first else {
                unanchored.append(index)
                return
            }
            switch anchor {
            case .segment(let s): bySegment.add(s[...], index)
            case .queryName(let s): byQueryName.add(s[...], index)
            case .fileExtension(let s): byExtension.add(s[...], index)
            }
        }
    }

    /// Host-scoped rules for `host`, most specific suffix first, in data order within one.
    func hostRules(_ host: String) -> [Int] {
        guard !host.isEmpty, !(byHost.isEmpty && hostWords.isEmpty) else { return [] }
        var out: [Int] = []
        HostNames.forEachSuffix(host) { suffix in byHost.append(suffix, to: &out) }
        if let folded = HostNames.digitsFolded(host) {
            HostNames.forEachSuffix(folded) { suffix in
                if suffix.utf8.contains(0x23) { byHost.append(suffix, to: &out) }
            }
        }
        if !hostWords.isEmpty {
            let bytes = Array(host.utf8)
            for index in hostWords where rules[index].hosts.contains(where: { RecipientForms.contains(bytes, Array($0.utf8)) }) {
                out.append(index)
            }
        }
        return out
    }

    /// Signature candidates for a load, in data order.
    func signatureCandidates(_ target: LoadTarget) -> [Int] {
        var out: [Int] = []
        if !bySegment.isEmpty {
            for segment in target.segments { bySegment.append(segment, to: &out) }
        }
        if !byQueryName.isEmpty {
            for name in target.queryNames { byQueryName.append(name, to: &out) }
        }
        if let ext = target.fileExtension, !byExtension.isEmpty { byExtension.append(ext, to: &out) }
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
    let segments: [Substring]
    let queryNames: [Substring]
    /// The last path segment's extension as written, if any.
    let fileExtension: Substring?
    let lastSegment: Substring

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
        var segments: [Substring] = []
        var start = path.startIndex
        var k = path.startIndex
        let u = path.utf8
        while k < path.endIndex {
            if u[k] == 0x2F {
                if start < k { segments.append(path[start..<k]) }
                start = u.index(after: k)
            }
            k = u.index(after: k)
        }
        if start < path.endIndex { segments.append(path[start...]) }
        self.segments = segments
        var names: [Substring] = []
        for item in parts.queryItems where !item.name.isEmpty { names.append(item.name) }
        queryNames = names
        let endsWithSlash = path.utf8.last == 0x2F
        lastSegment = endsWithSlash ? "" : (segments.last ?? "")
        if let dot = lastSegment.utf8.lastIndex(of: 0x2E), lastSegment.utf8.index(after: dot) < lastSegment.endIndex {
            fileExtension = lastSegment[lastSegment.utf8.index(after: dot)...]
        } else {
            fileExtension = nil
        }
    }

    func matches(_ shape: PathShape, nocase: Bool = false) -> Bool {
        (nocase ? lowerBytes : bytes).withUnsafeBufferPointer { shape.matches($0, pathEnd: pathEnd) }
    }

    var host: String { parts.host }
}
