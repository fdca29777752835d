import MailMIME
import TrackerRules

/// A stage that cleans the content of one kind of leaf (HTML, plain text, SVG).
protocol ContentStage: Sendable {
    func handles(_ part: MIMEPart) -> Bool
    /// Returns the new content, or nil when nothing changed. `content` is in the part's
    /// charset when that is ASCII-compatible, else UTF-8 (a slice: an 8bit body is read
    /// where it lies in the message). Findings are added either way.
    func process(_ content: ArraySlice<UInt8>, part: MIMEPart, context: MessageFacts, findings: inout FindingLog) -> [UInt8]?
}

/// What the stages found in a part: each finding, or only the number of changes of each
/// kind, for a cleaner whose callers read nothing else (`CleanOptions.listsFindings` false:
/// `filter`, `clean` and the milter). Building and freeing the findings of a newsletter's
/// hundred rewritten links cost `clean` 3% of its instructions.
struct FindingLog {
    let lists: Bool
    private(set) var list: [Finding] = []
    private(set) var tally = ChangeTally()

    init(lists: Bool = true) { self.lists = lists }

    /// Adds a finding of `kind` and `action`; `make` builds it only when findings are listed.
    mutating func add(_ kind: FindingKind, _ action: FindingAction, _ make: () -> Finding) {
        if lists {
            list.append(make())
        } else if action != .kept {
            tally.add(kind)
        }
    }

    mutating func append(_ finding: Finding) { add(finding.kind, finding.action) { finding } }

    mutating func append(contentsOf findings: [Finding]) {
        if lists {
            list.append(contentsOf: findings)
        } else {
            tally.add(changesIn: findings)
        }
    }

    mutating func append(contentsOf other: FindingLog) {
        list.append(contentsOf: other.list)
        tally.add(other.tally)
    }

    static func += (log: inout FindingLog, findings: [Finding]) { log.append(contentsOf: findings) }

    mutating func reserveCapacity(_ n: Int) { if lists { list.reserveCapacity(n) } }

    /// Moves the findings into `report`: the first part's list becomes the report's own (a
    /// copy held both at once, 20 MB for 80,000 findings).
    mutating func move(to report: inout CleanReport) {
        if report.findings.isEmpty {
            swap(&report.findings, &list)
        } else {
            report.findings.append(contentsOf: list)
        }
        list = []
        report.tally.add(tally)
        tally = ChangeTally()
    }
}

/// Facts about the message that stages need: who reads it, who sent it.
struct MessageFacts: Sendable {
    var recipients: [String]
    var senderAddress: String?
    let message: MIMEMessage
    /// What the rules need of the message (the recipients' hashed and encoded forms, the
    /// sender's site), built once for all its parts.
    var rules: MessageContext

    /// The base for relative URLs in a part: its own Content-Base or Content-Location
    /// (RFC 2110/2557), else its ancestors'; nil when none is absolute.
    func baseURL(for part: MIMEPart) -> String? {
        var current: MIMEPart? = part
        while let p = current {
            for name in ["content-base", "content-location"] {
                if let v = message.headerValue(name, in: p)?.trimmingCharacters(),
                   v.lowercased().hasPrefix("http://") || v.lowercased().hasPrefix("https://") {
                    return v
                }
            }
            current = p.parent.map { message.parts[$0] }
        }
        return nil
    }

    /// `from`: the decoded `From` value when the caller has read it already.
    init(message: MIMEMessage, options: CleanOptions, recipients envelope: [String]? = nil, from: String? = nil) {
        if let envelope, !envelope.isEmpty {
            recipients = envelope
        } else if !options.recipients.isEmpty {
            recipients = options.recipients
        } else {
            var found: [String] = []
            for name in ["delivered-to", "x-original-to", "to"] {
                for field in message.root.fields where field.hasName(name, in: message.bytes) {
                    found.append(contentsOf: Addresses.extract(from: field.unfoldedValue(in: message.bytes)))
                }
                if !found.isEmpty { break }
            }
            recipients = found
        }
        senderAddress = (from ?? message.headerValue("from")).flatMap { Addresses.extract(from: $0).first }
        self.message = message
        rules = MessageContext(recipients: recipients, senderAddress: senderAddress)
    }
}

/// Extracts addr-specs from address lists, leniently.
enum Addresses {
    static func extract(from value: String) -> [String] {
        // Nearly every address header is ASCII, where characters are bytes: read the bytes
        // (the walk by characters below cost about 30,000 instructions a message).
        var copy = value
        if let fast = copy.withUTF8({ $0.allSatisfy { $0 < 0x80 } ? extractASCII($0) : nil }) { return fast }
        return extractByCharacters(value)
    }

    static func extractByCharacters(_ value: String) -> [String] {
        var result: [String] = []
        // Angle-bracketed addresses first; bare ones when there are none.
        var rest = Substring(value)
        while let open = rest.firstIndex(of: "<"), let close = rest[open...].firstIndex(of: ">") {
            let inner = rest[rest.index(after: open)..<close].trimmingCharacters()
            if inner.utf8.contains(UInt8(ascii: "@")) { result.append(inner.lowercased()) }
            rest = rest[rest.index(after: close)...]
        }
        if result.isEmpty {
            for piece in value.split(whereSeparator: { $0 == "," || $0 == " " || $0 == ";" }) {
                let s = piece.trimmingCharacters()
                // Byte tests: `String.contains` with a string searches generically, slowly.
                if s.utf8.contains(UInt8(ascii: "@")), !s.utf8.contains(UInt8(ascii: "\"")) { result.append(s.lowercased()) }
            }
        }
        return result
    }

    /// `extract` on ASCII bytes, where each byte is a character: the same pieces, trimmed of
    /// the same whitespace, lowercased the same way.
    static func extractASCII(_ u: UnsafeBufferPointer<UInt8>) -> [String] {
        func isSpace(_ b: UInt8) -> Bool { b == 0x20 || (b >= 0x09 && b <= 0x0D) }
        func trimmed(_ range: Range<Int>) -> Range<Int> {
            var lower = range.lowerBound
            var upper = range.upperBound
            while lower < upper && isSpace(u[lower]) { lower += 1 }
            while upper > lower && isSpace(u[upper - 1]) { upper -= 1 }
            return lower..<upper
        }
        func lowered(_ range: Range<Int>) -> String {
            String(unsafeUninitializedCapacity: range.count) { out in
                for (k, b) in u[range].enumerated() { out[k] = b >= 0x41 && b <= 0x5A ? b | 0x20 : b }
                return range.count
            }
        }
        func holds(_ range: Range<Int>, _ byte: UInt8) -> Bool { u[range].contains(byte) }
        var result: [String] = []
        var from = 0
        while let open = u[from...].firstIndex(of: 0x3C), let close = u[open...].firstIndex(of: 0x3E) {
            let inner = trimmed((open + 1)..<close)
            if holds(inner, 0x40) { result.append(lowered(inner)) }
            from = close + 1
        }
        if result.isEmpty {
            var start = 0
            for k in 0...u.count where k == u.count || u[k] == 0x2C || u[k] == 0x20 || u[k] == 0x3B {
                defer { start = k + 1 }
                guard k > start else { continue }
                let piece = trimmed(start..<k)
                if holds(piece, 0x40) && !holds(piece, 0x22) { result.append(lowered(piece)) }
            }
        }
        return result
    }
}

extension StringProtocol {
    func trimmingCharacters() -> String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s = s.dropFirst() }
        while let l = s.last, l.isWhitespace { s = s.dropLast() }
        return String(s)
    }
}

func defaultStages(options: CleanOptions) -> [any ContentStage] {
    let links = LinkCleaner(unwrapSecurityLinks: options.unwrapSecurityLinks)
    return [
        HTMLStage(ruleset: options.ruleset, links: links, strict: options.strict, reportKeptLoads: options.reportKeptLoads),
        TextStage(links: links),
        SVGStage(ruleset: options.ruleset),
    ]
}
