import TrackerRules

/// What a finding is about, as users read it in reports.
public enum FindingKind: String, Sendable, Codable, CaseIterable {
    case pixel, css, font, stylesheet, link, param, header, identifying, other
}

/// What Trackless did about a finding.
public enum FindingAction: String, Sendable, Codable {
    /// Taken out of the message.
    case removed
    /// Rewritten in place (an unwrapped link, a stripped parameter).
    case rewritten
    /// Left in place on purpose and reported (an opaque link wrapper, a security wrapper).
    case kept
}

/// One thing Trackless found in a message.
public struct Finding: Sendable, Codable, Equatable {
    public var kind: FindingKind
    public var action: FindingAction
    /// The tracking vendor, when a rule names one.
    public var vendor: String?
    /// How sure the cleaner is: a named rule, heuristics, or strict mode alone.
    public var certainty: FindingCertainty
    /// Human-readable reason.
    public var reason: String
    /// The rule that fired, for `trackless rules` and bug reports.
    public var rule: String?
    /// The URL (or header field) concerned, and for rewrites the new URL.
    public var subject: String
    public var replacement: String?
    /// The MIME part it was found in (index in document order), if any.
    public var part: Int?
    /// For loads in HTML: where a reader would see it (desktop, phone, Outlook) or why
    /// nowhere, as the visibility model judged it.
    public var visibility: String?

    public init(kind: FindingKind, action: FindingAction, vendor: String? = nil, certainty: FindingCertainty, reason: String,
                rule: String? = nil, subject: String, replacement: String? = nil, part: Int? = nil,
                visibility: String? = nil) {
        self.visibility = visibility
        self.kind = kind
        self.action = action
        self.vendor = vendor
        self.certainty = certainty
        self.reason = reason
        self.rule = rule
        self.subject = subject
        self.replacement = replacement
        self.part = part
    }
}

/// How sure the cleaner is about a finding (its raw value is the report's word).
public enum FindingCertainty: String, Sendable, Codable {
    /// A rule about this vendor, host or path, a user rule, or a fixed policy matched.
    case named
    /// Generic signals matched: size, visibility, a tracker-shaped path, identifying data.
    case heuristic
    /// Removed by `--strict` alone (the rules would keep it) or with it.
    case strict
    /// A load the rules keep, reported for completeness.
    case notATracker = "none"

    /// The rules' certainty in the report's words (a decision without one is heuristic).
    public init(_ certainty: Certainty?) {
        self = certainty == .named ? .named : .heuristic
    }
}

/// A MIME part the pipeline looked at, and what it did with it.
public struct PartVisit: Sendable, Codable, Equatable {
    public enum Outcome: String, Sendable, Codable { case unchanged, changed, skipped }
    public var index: Int
    public var mimeType: String
    public var charset: String?
    public var transferEncoding: String
    public var outcome: Outcome
    /// Why a part was skipped (signed, encrypted, unknown charset ...).
    public var note: String?
}

/// Everything the pipeline did to one message.
public struct CleanReport: Sendable, Codable, Equatable {
    public var findings: [Finding] = []
    /// Changes counted without a finding each: a cleaner made with `listsFindings` false
    /// counts the changes its content stages make here instead of listing them.
    public var tally = ChangeTally()
    public var parts: [PartVisit] = []
    /// Reasons the message (or part of it) was left as it was.
    public var skipped: [String] = []
    /// Parser problems, as short strings with byte offsets.
    public var problems: [String] = []
    public var messageID: String?
    public var subject: String?
    public var from: String?
    /// The Date field, as written.
    public var date: String?
    /// The `d=` domains of the message's DKIM signatures: the sender's own, for an audit.
    public var signingDomains: [String] = []
    /// The reader's addresses the message was cleaned for.
    public var recipients: [String] = []

    public init() {}

    /// Findings that changed the message.
    public var changes: [Finding] { findings.filter { $0.action != .kept } }

    /// Counts per kind of the changes made: the findings' and the tally's.
    public func changeCounts() -> [(FindingKind, Int)] {
        var counts = tally
        counts.add(changesIn: findings)
        return FindingKind.allCases.compactMap { kind in counts[kind] > 0 ? (kind, counts[kind]) : nil }
    }

    /// The counts as `kind=count` words, as the trace header field and the filter's log
    /// write them ("" when nothing changed). Joined by hand: the generic
    /// `joined(separator:)` costs a filter process a scan of every protocol conformance in
    /// the binary (about 0.2 M instructions) at first use.
    public var countWords: String {
        var words = ""
        for (kind, count) in changeCounts() {
            if !words.isEmpty { words += " " }
            words += "\(kind.rawValue)=\(count)"
        }
        return words
    }
}

/// Changes by kind, counted. An array by case, not a dictionary: a filter process makes one
/// report, and a dictionary type's first use costs it more than the counting.
public struct ChangeTally: Sendable, Codable, Equatable {
    /// By `FindingKind.allCases` order; empty until something is counted.
    private var counts: [Int] = []

    public init() {}

    public var isEmpty: Bool { counts.isEmpty }

    public subscript(kind: FindingKind) -> Int {
        counts.isEmpty ? 0 : counts[kind.caseIndex]
    }

    public mutating func add(_ kind: FindingKind, _ n: Int = 1) {
        if counts.isEmpty { counts = [Int](repeating: 0, count: FindingKind.allCases.count) }
        counts[kind.caseIndex] += n
    }

    /// Counts the findings that changed the message.
    public mutating func add(changesIn findings: [Finding]) {
        // By index, reading two fields in place: a copy of each finding would retain and
        // release every one of its strings.
        for index in findings.indices where findings[index].action != .kept { add(findings[index].kind) }
    }

    public mutating func add(_ other: ChangeTally) {
        for kind in FindingKind.allCases where other[kind] > 0 { add(kind, other[kind]) }
    }
}

extension FindingKind {
    /// The case's place in `allCases`.
    var caseIndex: Int {
        switch self {
        case .pixel: 0
        case .css: 1
        case .font: 2
        case .stylesheet: 3
        case .link: 4
        case .param: 5
        case .header: 6
        case .identifying: 7
        case .other: 8
        }
    }
}

/// The outcome of cleaning one message.
public struct CleanResult: Sendable {
    /// The message to deliver: the input itself when nothing changed.
    public var bytes: [UInt8]
    public var changed: Bool
    public var report: CleanReport
}
