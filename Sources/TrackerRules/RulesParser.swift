#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
    static func hostPattern(_ s: Substring) -> String? { normalizedHost(s.utf8) }

    static func normalizedHost<C: Collection>(_ s: C) -> String? where C.Element == UInt8 {
        var out = [UInt8]()
        out.reserveCapacity(s.count)
        for b in s {
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
        for piece in s.split(separator: ",", omittingEmptySubsequences: false) {
            guard let h = hostPattern(piece) else { return nil }
            out.append(h)
        }
        return out.isEmpty ? nil : out
    }

    /// True for a host pattern already in canonical form: lower-case labels of letters,
    /// digits, `-`, `_`, `#`, no empty label, no trailing dot.
    static func isCanonicalHost(_ s: ArraySlice<UInt8>) -> Bool {
        guard let first = s.first, let last = s.last, first != 0x2E, last != 0x2E else { return false }
        var previousDot = false
        for b in s {
            let ok = (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) || b == 0x2D || b == 0x2E || b == 0x5F || b == 0x23
            if !ok || (b == 0x2E && previousDot) { return false }
            previousDot = b == 0x2E
        }
        return true
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
    private let source: RuleSource
    let vendorRanges: [Range<Int>]
    /// Lines that could not be read; empty for good data (a test keeps it so).
    let problems: [RulesError]

    /// Reads the built-in data format (see `Data/BuiltinTrackers.swift`).
    ///
    /// Never throws: a bad line is skipped and reported in `problems`, so a mistake in one
    /// rule cannot disable the others. Works on bytes and keeps ranges: this runs in every
    /// filter process, so it allocates one object per rule and little else.
    init(_ text: String, origin: String = "built-in") {
        var parser = BuiltinParser(source: RuleSource(text: text), origin: origin)
        parser.run()
        table = parser.table
        source = parser.source
        vendorRanges = parser.vendors
        problems = parser.problems
    }

    /// The rules `frozen` stores, over the text they were made from; nil when `text` is
    /// not that text's length (it was edited since: read it line by line instead).
    init?(_ text: String, frozen: FrozenRuleTable, origin: String = "built-in") {
        guard text.utf8.count == frozen.textByteCount else { return nil }
        source = RuleSource(text: text)
        table = RuleTable(rules: frozen.rules(over: source, origin: origin), frozen: frozen.indexes)
        vendorRanges = FrozenRuleTable.ranges(frozen.vendorBounds)
        problems = []
    }

    var vendors: [String] { vendorRanges.map { source.string($0) } }
    var vendorCount: Int { vendorRanges.count }
}

/// The byte-level reader behind `BuiltinRules`.
private struct BuiltinParser {
    let source: RuleSource
    let origin: String
    var table = RuleTable()
    var vendors: [Range<Int>] = []
    var problems: [RulesError] = []
    var vendor: Range<Int>? = nil
    var counter = 0

    init(source: RuleSource, origin: String) {
        self.source = source
        self.origin = origin
        // About one rule per 70 bytes of data.
        table.reserveCapacity(rules: source.bytes.count / 70, hosts: source.bytes.count / 60)
    }

    var bytes: [UInt8] { source.bytes }

    func equals(_ r: Range<Int>, _ word: StaticString) -> Bool {
        r.count == word.utf8CodeUnitCount && hasPrefix(r, word)
    }

    func hasPrefix(_ r: Range<Int>, _ word: StaticString) -> Bool {
        let count = word.utf8CodeUnitCount
        guard r.count >= count else { return false }
        return source.bytes.withUnsafeBufferPointer { b in
            guard let base = b.baseAddress else { return false }
            return memcmp(base + r.lowerBound, word.utf8Start, count) == 0
        }
    }

    mutating func problem(_ line: Int, _ message: String) {
        problems.append(RulesError(origin: origin, line: line, message: message))
    }

    mutating func run() {
        let src = source
        src.bytes.withUnsafeBufferPointer { p in
            guard let base = p.baseAddress else { return }
            var fields: [Range<Int>] = []
            fields.reserveCapacity(8)
            var lineStart = 0
            var line = 0
            let n = p.count
            while lineStart < n {
                line += 1
                // The line's end by memchr, then its last field (the example URL, the longest)
                // from the end, so the leading fields are split without looking at it.
                let e = memchr(base + lineStart, 0x0A, n - lineStart).map { UnsafePointer($0.assumingMemoryBound(to: UInt8.self)) - base } ?? n
                var lastEnd = e
                while lastEnd > lineStart, p[lastEnd - 1] <= 0x20 { lastEnd -= 1 }
                var lastStart = lastEnd
                while lastStart > lineStart, p[lastStart - 1] > 0x20 { lastStart -= 1 }
                fields.removeAll(keepingCapacity: true)
                var comment = false
                var j = lineStart
                while j < lastStart {
                    while j < lastStart, p[j] <= 0x20 { j += 1 }
                    if j >= lastStart { break }
                    if fields.isEmpty && p[j] == 0x23 { comment = true; break }
                    let start = j
                    while j < lastStart, p[j] > 0x20 { j += 1 }
                    fields.append(start..<j)
                }
                if fields.isEmpty && lastStart < lastEnd && p[lastStart] == 0x23 { comment = true }
                if lastStart < lastEnd { fields.append(lastStart..<lastEnd) }
                if !comment, !fields.isEmpty { readLine(fields, line) }
                lineStart = e + 1
            }
        }
    }

    mutating func readLine(_ fields: [Range<Int>], _ line: Int) {
        let directive = fields[0]
        if equals(directive, "=") {
            guard fields.count >= 2, let last = fields.last else { return problem(line, "vendor name missing") }
            vendor = fields[1].lowerBound..<last.upperBound
            vendors.append(fields[1].lowerBound..<last.upperBound)
            counter = 0
            return
        }
        guard let vendor else { return problem(line, "rule before any '= Vendor' line") }
        guard fields.count >= 3, let example = fields.last, hasPrefix(example, "http") else {
            return problem(line, "expected: \(source.string(directive)) ... EXAMPLE-URL")
        }
        let scope: TrackerRule.Scope
        if equals(directive, "host") {
            scope = .host
        } else if equals(directive, "sig") {
            scope = .signature
        } else if equals(directive, "esp") {
            scope = .esp
        } else if equals(directive, "word") {
            scope = .hostWord
        } else if equals(directive, "fonts") {
            scope = .fontCDN
        } else {
            return problem(line, "unknown directive '\(source.string(directive))'")
        }
        var next = 1
        let last = fields.count - 1
        var hosts = 0..<0
        if scope != .signature {
            hosts = fields[next]
            var start = hosts.lowerBound
            for k in hosts.lowerBound...hosts.upperBound where k == hosts.upperBound || bytes[k] == 0x2C {
                guard RulesText.isCanonicalHost(bytes[start..<k]) else {
                    return problem(line, "bad host '\(source.string(start..<k))' (lower case, no empty label)")
                }
                start = k + 1
            }
            next += 1
        }
        var shapeField: Range<Int>? = nil
        if scope == .host || scope == .signature {
            guard next < last else { return problem(line, "missing path shape") }
            shapeField = fields[next]
            next += 1
        }
        var weak = false
        var nocase = false
        var kinds: UInt16 = 0
        while next < last {
            let flag = fields[next]
            if equals(flag, "weak") {
                weak = true
            } else if equals(flag, "nocase") {
                nocase = true
            } else if hasPrefix(flag, "kinds="), let k = RulesText.kinds(Substring(source.string(flag).dropFirst(6))) {
                kinds = k
            } else {
                return problem(line, "unknown flag '\(source.string(flag))'")
            }
            next += 1
        }
        if nocase && scope != .host { return problem(line, "nocase is for host rules only") }
        var shape: PathShape? = nil
        var anchor: (PathShape.AnchorKind, Range<Int>)? = nil
        if let f = shapeField, !(scope == .host && equals(f, "*")) {
            if nocase, bytes[f].contains(where: { $0 >= 0x41 && $0 <= 0x5A }) {
                return problem(line, "a nocase shape is written in lower case")
            }
            switch PathShape.make(source, f) {
            case .success(let made): shape = made
            case .failure(let e): return problem(line, e.message)
            }
            if scope == .signature {
                anchor = shape?.bestAnchor
                if anchor == nil {
                    return problem(line, "signature '\(source.string(f))' has no literal segment, query name or extension to look it up by")
                }
            }
        }
        counter += 1
        table.add(
            TrackerRule(
                source: source, scope: scope, vendor: vendor, hosts: hosts, shape: shape, weak: weak, nocase: nocase,
                kinds: kinds, origin: origin, line: line, ordinal: counter, example: example),
            anchor: anchor)
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

    /// A host or block rule read from a line, waiting for the text's source bytes.
    private struct Pending {
        let scope: TrackerRule.Scope
        let vendor: Range<Int>
        let hosts: Range<Int>
        let shape: Range<Int>?
        let line: Int
    }

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
        // Normalised hosts, shapes and vendor names, which the rules point into.
        var buffer: [UInt8] = []
        var pending: [Pending] = []
        RulesText.forEachLine(text) { line, fields in
            guard failure == nil else { return }
            do throws(RulesError) {
                try parsed.readLine(fields, line: line, origin: origin, buffer: &buffer, pending: &pending)
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
        let source = RuleSource(buffer)
        for p in pending {
            let shape = p.shape.map { PathShape(source: source, range: $0) }
            parsed.table.add(
                TrackerRule(
                    source: source, scope: p.scope, vendor: p.vendor, hosts: p.hosts, shape: shape, weak: false,
                    kinds: 0, origin: origin, line: p.line, id: "user:\(origin):\(p.line)"))
        }
        self = parsed
    }

    private mutating func readLine(
        _ fields: [Substring], line: Int, origin: String, buffer: inout [UInt8], pending: inout [Pending]
    ) throws(RulesError) {
        func fail(_ message: String) -> RulesError { RulesError(origin: origin, line: line, message: message) }
        func store(_ s: some StringProtocol) -> Range<Int> {
            let start = buffer.count
            buffer.append(contentsOf: s.utf8)
            return start..<buffer.count
        }
        let text = fields.joined(separator: " ")
        guard text.utf8.count <= RulesText.maximumLineLength else { throw fail("line too long") }
        guard fields.count >= 2 else { throw fail("expected 'allow ...' or 'block ...', found '\(text)'") }
        let verb = fields[0]
        let what = fields[1]
        let id = "user:\(origin):\(line)"
        switch (verb, what) {
        case ("allow", "sender"):
            guard fields.count == 3 else { throw fail("expected: allow sender ADDRESS") }
            let address = fields[2].lowercased()
            guard address.contains("@"), !address.hasPrefix("@"), !address.hasSuffix("@") else {
                throw fail("'\(fields[2])' is not a mail address")
            }
            allowSenders.insert(address)
            entries.append(RuleEntry(id: id, source: origin, kind: .allowSender, vendor: nil, hosts: [address], shape: nil, line: line))
        case ("allow", "domain"):
            guard fields.count == 3, let domain = RulesText.hostPattern(fields[2]), !domain.contains("#") else {
                throw fail("expected: allow domain DOMAIN")
            }
            allowDomains.append(domain)
            entries.append(RuleEntry(id: id, source: origin, kind: .allowDomain, vendor: nil, hosts: [domain], shape: nil, line: line))
        case ("allow", "host"), ("block", "host"), ("block", "path"):
            var rest = fields.dropFirst(2)
            var hosts: [String] = []
            var shape: Substring? = nil
            var vendor: String? = nil
            if what == "host" {
                guard let h = rest.first, let list = RulesText.hostList(h) else {
                    throw fail("expected: \(verb) host HOST[,HOST...] [path SHAPE]")
                }
                hosts = list
                rest = rest.dropFirst()
            } else {
                guard let s = rest.first else { throw fail("expected: block path SHAPE") }
                shape = s
                rest = rest.dropFirst()
            }
            while let key = rest.first {
                rest = rest.dropFirst()
                if key == "path", what == "host", shape == nil, let s = rest.first {
                    shape = s
                    rest = rest.dropFirst()
                } else if key == "vendor", verb == "block", !rest.isEmpty {
                    vendor = rest.joined(separator: " ")
                    rest = []
                } else {
                    throw fail("unexpected '\(key)'")
                }
            }
            if let shape, let problem = PathShape.check(Array(shape.utf8)[...]) { throw fail(problem.message) }
            let scope: TrackerRule.Scope = verb == "allow" ? .allowHost : (what == "host" ? .host : .signature)
            pending.append(
                Pending(
                    scope: scope, vendor: store(vendor ?? "user rule"), hosts: store(hosts.joined(separator: ",")),
                    shape: shape.map { store($0) }, line: line))
            let kind: RuleEntry.Kind = verb == "allow" ? .allowHost : (what == "host" ? .blockHost : .blockPath)
            entries.append(RuleEntry(id: id, source: origin, kind: kind, vendor: vendor, hosts: hosts, shape: shape.map(String.init), line: line))
        case ("allow", _), ("block", _):
            throw fail("unknown rule '\(verb) \(what)' (allow sender|domain|host, block host|path)")
        default:
            throw fail("unknown directive '\(verb)' (expected allow or block)")
        }
    }

    /// True when mail from this sender is allowlisted.
    func allows(sender: String?, domain: String?) -> Bool {
        if allowSenders.isEmpty && allowDomains.isEmpty { return false }
        if let sender, allowSenders.contains(String(decoding: RecipientForms.trimmed(sender), as: UTF8.self).lowercased()) {
            return true
        }
        if let domain {
            for d in allowDomains where HostNames.isWithin(domain, d) { return true }
        }
        return false
    }
}
