/// A problem in a rules text, with where it is.
public struct RulesError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file name or other label the text came from.
    public let origin: String
    /// 1-based line number.
    public let line: Int
    public let message: String

    public init(origin: String, line: Int, message: String) {
        self.origin = origin
        self.line = line
        self.message = message
    }

    public var description: String { "\(origin):\(line): \(message)" }
}

/// Line-level reading shared by the built-in data and user rules files.
enum RulesText {
    /// Lines longer than this are refused rather than read (hostile or corrupt files).
    static let maximumLineLength = 4096
    /// A rules text larger than this is refused.
    static let maximumTextLength = 4 << 20

    /// Calls `body` with each line's number and its whitespace-separated fields, skipping
    /// blank lines and lines whose first field starts with `#`.
    static func forEachLine(
        _ text: String, _ body: (_ line: Int, _ fields: [Substring]) -> Void
    ) {
        var lineNumber = 0
        for rawLine in text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false) {
            lineNumber += 1
            var fields: [Substring] = []
            for f in rawLine.split(whereSeparator: { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) {
                fields.append(Substring(f))
            }
            guard let first = fields.first, first.utf8.first != 0x23 else { continue }
            body(lineNumber, fields)
        }
    }

    /// Checks and lower-cases one host pattern: labels of letters, digits, `-`, `_` and
    /// `#` (a run of digits), no empty label.
    static func hostPattern(_ s: Substring) -> String? {
        var out = [UInt8]()
        out.reserveCapacity(s.utf8.count)
        for b in s.utf8 {
            let l = b >= 0x41 && b <= 0x5A ? b | 0x20 : b
            let ok = (l >= 0x61 && l <= 0x7A) || (l >= 0x30 && l <= 0x39) || l == 0x2D || l == 0x2E || l == 0x5F || l == 0x23
            guard ok else { return nil }
            out.append(l)
        }
        if out.last == 0x2E { out.removeLast() }
        guard !out.isEmpty, out.first != 0x2E, !out.contains(0x2F) else { return nil }
        var previousDot = false
        for b in out {
            if b == 0x2E && previousDot { return nil }
            previousDot = b == 0x2E
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func hostList(_ s: Substring) -> [String]? {
        var out: [String] = []
        for piece in s.split(separator: ",") {
            guard let h = hostPattern(piece) else { return nil }
            out.append(h)
        }
        return out.isEmpty ? nil : out
    }

    static func kinds(_ s: Substring) -> UInt16? {
        var bits: UInt16 = 0
        for name in s.split(separator: ",") {
            guard let kind = ResourceKind(rawValue: String(name)) else { return nil }
            bits |= TrackerRule.bit(kind)
        }
        return bits
    }

    /// A rule id prefix from a vendor name: `Customer.io` becomes `customer-io`.
    static func slug(_ vendor: String) -> String {
        var out = [UInt8]()
        for b in vendor.utf8 {
            let l = b >= 0x41 && b <= 0x5A ? b | 0x20 : b
            if (l >= 0x61 && l <= 0x7A) || (l >= 0x30 && l <= 0x39) {
                out.append(l)
            } else if out.last != 0x2D && !out.isEmpty {
                out.append(0x2D)
            }
        }
        while out.last == 0x2D { out.removeLast() }
        return out.isEmpty ? "rule" : String(decoding: out, as: UTF8.self)
    }
}

/// The built-in data: its table, vendors and any problems found while reading it.
struct BuiltinRules: Sendable {
    let table: RuleTable
    let vendors: [String]
    /// Lines that could not be read; empty for good data (a test keeps it so).
    let problems: [RulesError]

    /// Reads the built-in data format (see `Data/BuiltinTrackers.swift`).
    ///
    /// Never throws: a bad line is skipped and reported in `problems`, so a mistake in one
    /// rule cannot disable the others.
    init(_ text: String, origin: String = "built-in") {
        var table = RuleTable()
        var vendors: [String] = []
        var problems: [RulesError] = []
        var vendor = ""
        var counter = 0
        var slug = "rule"
        RulesText.forEachLine(text) { line, fields in
            func problem(_ message: String) { problems.append(RulesError(origin: origin, line: line, message: message)) }
            let directive = fields[0]
            if directive == "=" {
                vendor = fields.dropFirst().joined(separator: " ")
                vendors.append(vendor)
                slug = RulesText.slug(vendor)
                counter = 0
                return
            }
            guard !vendor.isEmpty else { return problem("rule before any '= Vendor' line") }
            guard fields.count >= 3, let example = fields.last, example.hasPrefix("http") else {
                return problem("expected: \(directive) ... EXAMPLE-URL")
            }
            var rest = fields.dropFirst().dropLast()
            let scope: TrackerRule.Scope
            switch directive {
            case "host": scope = .host
            case "esp": scope = .esp
            case "sig": scope = .signature
            case "word": scope = .hostWord
            case "fonts": scope = .fontCDN
            default: return problem("unknown directive '\(directive)'")
            }
            var hosts: [String] = []
            if scope != .signature {
                guard let first = rest.first else { return problem("missing host") }
                if scope == .hostWord {
                    hosts = [first.lowercased()]
                } else {
                    guard let list = RulesText.hostList(first) else { return problem("bad host list '\(first)'") }
                    hosts = list
                }
                rest = rest.dropFirst()
            }
            let nocase = rest.contains("nocase")
            if nocase && scope != .host { return problem("nocase is for host rules only") }
            var shape: PathShape? = nil
            if scope == .host || scope == .signature {
                guard let written = rest.first else { return problem("missing path shape") }
                rest = rest.dropFirst()
                let s = nocase ? Substring(written.lowercased()) : written
                if s != "*" || scope == .signature {
                    switch PathShape.compile(s) {
                    case .success(let compiled): shape = compiled
                    case .failure(let e): return problem(e.message)
                    }
                }
                if scope == .signature, shape?.anchors.isEmpty ?? true {
                    return problem("signature '\(s)' has no literal segment, query name or extension to look it up by")
                }
            }
            var weak = false
            var kinds: UInt16 = 0
            for flag in rest {
                if flag == "weak" {
                    weak = true
                } else if flag == "nocase" {
                    continue
                } else if flag.hasPrefix("kinds="), let k = RulesText.kinds(flag.dropFirst(6)) {
                    kinds = k
                } else {
                    return problem("unknown flag '\(flag)'")
                }
            }
            counter += 1
            var rule = TrackerRule(
                id: "\(slug)/\(counter)", vendor: vendor, scope: scope, hosts: hosts, shape: shape,
                weak: weak, kinds: kinds, example: String(example), origin: origin, line: line)
            rule.nocase = nocase
            table.add(rule)
        }
        self.table = table
        self.vendors = vendors
        self.problems = problems
    }
}

/// Rules a user wrote: allowlists and extra block rules.
struct UserRules: Sendable {
    var allowSenders: Set<String> = []
    var allowDomains: [String] = []
    /// `allow host` (scope `.allowHost`) and `block` rules.
    var table = RuleTable()
    /// Each accepted line, for listing.
    var entries: [RuleEntry] = []

    var isEmpty: Bool { allowSenders.isEmpty && allowDomains.isEmpty && table.isEmpty }

    /// Reads a user rules file; the first bad line throws with its line number.
    ///
    /// ```
    /// allow sender news@shop.example
    /// allow domain shop.example
    /// allow host cdn.example.com [path SHAPE]
    /// block host track.example.net [path SHAPE] [vendor NAME...]
    /// block path SHAPE [vendor NAME...]
    /// ```
    mutating func read(_ text: String, origin: String) throws(RulesError) {
        guard text.utf8.count <= RulesText.maximumTextLength else {
            throw RulesError(origin: origin, line: 0, message: "rules file larger than \(RulesText.maximumTextLength) bytes")
        }
        var failure: RulesError? = nil
        var parsed = self
        RulesText.forEachLine(text) { line, fields in
            guard failure == nil else { return }
            do throws(RulesError) {
                try parsed.readLine(fields, line: line, origin: origin)
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
        self = parsed
    }

    private mutating func readLine(_ fields: [Substring], line: Int, origin: String) throws(RulesError) {
        func fail(_ message: String) -> RulesError { RulesError(origin: origin, line: line, message: message) }
        let text = fields.joined(separator: " ")
        guard text.utf8.count <= RulesText.maximumLineLength else { throw fail("line too long") }
        guard fields.count >= 2 else { throw fail("expected 'allow ...' or 'block ...', found '\(text)'") }
        let verb = fields[0]
        let what = fields[1]
        switch (verb, what) {
        case ("allow", "sender"):
            guard fields.count == 3 else { throw fail("expected: allow sender ADDRESS") }
            let address = fields[2].lowercased()
            guard address.contains("@"), !address.hasPrefix("@"), !address.hasSuffix("@") else {
                throw fail("'\(fields[2])' is not a mail address")
            }
            allowSenders.insert(address)
            entries.append(RuleEntry(id: "user:\(origin):\(line)", source: origin, kind: .allowSender, vendor: nil, hosts: [address], shape: nil, line: line))
        case ("allow", "domain"):
            guard fields.count == 3, let domain = RulesText.hostPattern(fields[2]), !domain.contains("#") else {
                throw fail("expected: allow domain DOMAIN")
            }
            allowDomains.append(domain)
            entries.append(RuleEntry(id: "user:\(origin):\(line)", source: origin, kind: .allowDomain, vendor: nil, hosts: [domain], shape: nil, line: line))
        case ("allow", "host"), ("block", "host"), ("block", "path"):
            var rest = fields.dropFirst(2)
            var hosts: [String] = []
            var shape: PathShape? = nil
            var vendor: String? = nil
            if what == "host" {
                guard let h = rest.first, let list = RulesText.hostList(h) else {
                    throw fail("expected: \(verb) host HOST[,HOST...] [path SHAPE]")
                }
                hosts = list
                rest = rest.dropFirst()
            } else {
                guard let s = rest.first else { throw fail("expected: block path SHAPE") }
                shape = try compile(s, fail)
                rest = rest.dropFirst()
            }
            while let key = rest.first {
                rest = rest.dropFirst()
                if key == "path", what == "host", shape == nil, let s = rest.first {
                    shape = try compile(s, fail)
                    rest = rest.dropFirst()
                } else if key == "vendor", verb == "block", !rest.isEmpty {
                    vendor = rest.joined(separator: " ")
                    rest = []
                } else {
                    throw fail("unexpected '\(key)'")
                }
            }
            let scope: TrackerRule.Scope = verb == "allow" ? .allowHost : (what == "host" ? .host : .signature)
            let id = "user:\(origin):\(line)"
            table.add(
                TrackerRule(
                    id: id, vendor: vendor ?? "user rule", scope: scope, hosts: hosts, shape: shape, weak: false,
                    kinds: 0, example: "", origin: origin, line: line))
            let kind: RuleEntry.Kind = verb == "allow" ? .allowHost : (what == "host" ? .blockHost : .blockPath)
            entries.append(RuleEntry(id: id, source: origin, kind: kind, vendor: vendor, hosts: hosts, shape: shape?.text, line: line))
        case ("allow", _), ("block", _):
            throw fail("unknown rule '\(verb) \(what)' (allow sender|domain|host, block host|path)")
        default:
            throw fail("unknown directive '\(verb)' (expected allow or block)")
        }
    }

    private func compile(_ s: Substring, _ fail: (String) -> RulesError) throws(RulesError) -> PathShape {
        switch PathShape.compile(s) {
        case .success(let shape): return shape
        case .failure(let e): throw fail(e.message)
        }
    }

    /// True when mail from this sender is allowlisted.
    func allows(sender: String?, domain: String?) -> Bool {
        if let sender, allowSenders.contains(HostNames.normalize(sender)) { return true }
        if let domain {
            for d in allowDomains where HostNames.isWithin(domain, d) { return true }
        }
        return false
    }
}
