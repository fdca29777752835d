import MailURL
import TrackerRules

/// Who a set of messages makes a reader's mail client contact, and what each party learns:
/// the report of `trackless audit`, for the companies that send the mail and for the people
/// who receive it.
public struct AuditReport: Sendable {
    /// What a party learns from a message.
    public enum Learned: String, CaseIterable, Sendable, Comparable {
        case openTime = "open time"
        case ipAndClient = "IP address and mail client"
        case address = "email address"
        case hashedAddress = "hashed email address"
        case recipientID = "per-recipient id"
        case clicks = "clicks"
        case campaign = "campaign and link"
        case readReceipt = "read receipt"

        public static func < (a: Learned, b: Learned) -> Bool {
            allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
        }

        /// Learning this identifies the reader.
        public var identifies: Bool { self == .address || self == .hashedAddress || self == .recipientID }
    }

    /// One party: a vendor the rules name, or the registrable domain of an unnamed host.
    public struct Party: Sendable {
        public var name: String
        /// Facts about a named vendor.
        public var facts: VendorFact?
        public var isNamedVendor: Bool
        /// The sender's own site (its From domain or a DKIM signing domain).
        public var isFirstParty: Bool
        public var messages = 0
        /// Loads and links of this party, in all messages.
        public var occurrences = 0
        /// How many of them Trackless removes or rewrites by default.
        public var cleaned = 0
        public var learns: Set<Learned> = []
        /// A few URLs, for the report: the first three in sorted order, so that the report
        /// does not depend on the order messages were read in.
        public var examples: [String] = []

        mutating func addExample(_ url: String) {
            guard !examples.contains(url) else { return }
            if examples.count < 3 {
                examples.append(url)
                examples.sort()
            } else if let last = examples.last, url < last {
                examples[examples.count - 1] = url
                examples.sort()
            }
        }

        /// The company, else the party's own name.
        public var company: String { facts?.company ?? name }
        public var category: VendorFact.Category { facts?.category ?? .unknown }
        /// false inside the EU/EEA, true outside, nil when the country is unknown.
        public var isOutsideEEA: Bool? { facts?.isInEEA.map { !$0 } }
    }

    public private(set) var messages = 0
    public private(set) var messagesWithThirdParties = 0
    public private(set) var parties: [String: Party] = [:]
    /// Per month (`2026-03`): messages, and those that contact a third party.
    public private(set) var months: [String: (messages: Int, withThirdParties: Int)] = [:]
    /// Senders seen (registrable From domains), with message counts.
    public private(set) var senders: [String: Int] = [:]
    /// The recipients' hashed and encoded forms, for the last recipients seen.
    private var identity = MessageContext.empty
    private var identityRecipients: [String] = []

    public init() {}

    /// Adds one message's report (made with `CleanOptions.reportKeptLoads`, so that kept
    /// loads count too).
    public mutating func add(_ report: CleanReport) {
        messages += 1
        let sender = Self.domain(ofAddress: report.from)
        if let sender { senders[sender, default: 0] += 1 }
        var own = Set(report.signingDomains.map { Domains.registrable($0) })
        if let sender { own.insert(sender) }

        // Whatever rule removed a load, the audit asks of each URL whether it names the reader.
        // A mailbox's messages have the same reader: its forms are computed once.
        if identityRecipients != report.recipients {
            identity = MessageContext(recipients: report.recipients)
            identityRecipients = report.recipients
        }
        var seen: Set<String> = []
        var thirdParty = false
        for finding in report.findings {
            guard let (key, party) = Self.party(of: finding, firstPartyDomains: own) else { continue }
            var entry = parties[key] ?? party
            entry.occurrences += 1
            if finding.action != .kept { entry.cleaned += 1 }
            entry.learns.formUnion(Self.learned(from: finding))
            if finding.kind != .header, let found = identity.recipientForm(in: finding.subject) {
                entry.learns.insert(found.hashed ? .hashedAddress : .address)
            }
            entry.addExample(finding.subject)
            if seen.insert(key).inserted { entry.messages += 1 }
            if !entry.isFirstParty { thirdParty = true }
            parties[key] = entry
        }
        if thirdParty { messagesWithThirdParties += 1 }
        if let month = Self.month(ofDate: report.date) {
            var m = months[month] ?? (0, 0)
            m.messages += 1
            if thirdParty { m.withThirdParties += 1 }
            months[month] = m
        }
    }

    /// Adds another report's counts (audits made in parallel, one per worker).
    public mutating func merge(_ other: AuditReport) {
        messages += other.messages
        messagesWithThirdParties += other.messagesWithThirdParties
        for (key, party) in other.parties {
            guard var mine = parties[key] else {
                parties[key] = party
                continue
            }
            mine.messages += party.messages
            mine.occurrences += party.occurrences
            mine.cleaned += party.cleaned
            mine.learns.formUnion(party.learns)
            for e in party.examples { mine.addExample(e) }
            parties[key] = mine
        }
        for (month, v) in other.months {
            let m = months[month] ?? (0, 0)
            months[month] = (m.messages + v.messages, m.withThirdParties + v.withThirdParties)
        }
        for (sender, n) in other.senders { senders[sender, default: 0] += n }
    }

    /// Third parties first by messages, then first parties.
    public var sortedParties: [Party] {
        parties.values.sorted {
            if $0.isFirstParty != $1.isFirstParty { return !$0.isFirstParty }
            if $0.messages != $1.messages { return $0.messages > $1.messages }
            return $0.name.lowercased() < $1.name.lowercased()
        }
    }

    // MARK: What a finding says

    static func party(of finding: Finding, firstPartyDomains: Set<String>) -> (String, Party)? {
        if finding.kind == .header {
            // A read receipt goes to an address the sender chose.
            guard let own = firstPartyDomains.sorted().first else { return nil }
            return ("domain:" + own, Party(name: own, facts: nil, isNamedVendor: false, isFirstParty: true))
        }
        let host = Self.host(of: finding.subject)
        if let vendor = finding.vendor {
            let facts = VendorDirectory.fact(for: vendor)
            return ("vendor:" + vendor, Party(name: vendor, facts: facts, isNamedVendor: true, isFirstParty: false))
        }
        guard let host, !host.isEmpty else { return nil }
        let domain = Domains.registrable(host)
        return ("domain:" + domain,
                Party(name: domain, facts: nil, isNamedVendor: false, isFirstParty: firstPartyDomains.contains(domain)))
    }

    static func learned(from finding: Finding) -> Set<Learned> {
        switch finding.kind {
        case .pixel, .css, .font, .stylesheet, .other:
            return [.openTime, .ipAndClient]
        case .identifying:
            // Which form it was is read from the URL itself (see `add`).
            return [.openTime, .ipAndClient]
        case .link:
            return [.clicks]
        case .param:
            var result: Set<Learned> = [.campaign]
            let removed = PreviewSummary.removedParameters(from: finding.subject, to: finding.replacement ?? finding.subject)
            if removed.contains(where: TrackingParameter.identifiesRecipient) { result.insert(.recipientID) }
            return result
        case .header:
            return [.readReceipt]
        }
    }

    /// The host of a URL, lower-cased (IPv6 without brackets); nil when it has none.
    static func host(of url: String) -> String? {
        let host = URLParts(url).host
        if host.hasPrefix("[") && host.hasSuffix("]") { return String(host.dropFirst().dropLast()) }
        return host.isEmpty ? nil : host
    }

    static func domain(ofAddress from: String?) -> String? {
        guard let from, let at = from.lastIndex(of: "@") else { return nil }
        let host = from[from.index(after: at)...].prefix { $0 != ">" && $0 != " " && $0 != "\"" && $0 != ")" }
        return host.isEmpty ? nil : Domains.registrable(String(host))
    }

    /// `2026-03` from an RFC 5322 date (`Tue, 3 Mar 2026 10:00:00 +0100`).
    static func month(ofDate date: String?) -> String? {
        guard let date else { return nil }
        let names = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
        let words = date.split(whereSeparator: { $0 == " " || $0 == "," }).map { $0.lowercased() }
        for (i, w) in words.enumerated() {
            guard let m = names.firstIndex(of: String(w.prefix(3))), i + 1 < words.count,
                  let year = Int(words[i + 1]), year >= 1970, year < 3000 else { continue }
            return "\(year)-" + (m < 9 ? "0" : "") + "\(m + 1)"
        }
        return nil
    }
}

/// Checks an audit against a policy, for a sender's CI: `--fail-on` conditions and an allow
/// list of parties (vendor names or domains).
public struct AuditGate: Sendable {
    public enum Condition: String, CaseIterable, Sendable {
        /// Any third party at all.
        case thirdParty = "third-party"
        /// Any party that learns who the reader is (address, its hash, a per-recipient id).
        case identifying
        /// Any third party outside the EU/EEA, or whose country is unknown.
        case outsideEEA = "outside-eea"
    }

    public var conditions: Set<Condition>
    /// Lower-cased party names that pass.
    public var allowed: Set<String>

    public init(conditions: Set<Condition>, allowed: Set<String> = []) {
        self.conditions = conditions
        self.allowed = allowed
    }

    /// Reads an allow file: one vendor name or domain per line, `#` comments.
    public static func allowList(_ text: String) -> Set<String> {
        Set(text.split(separator: "\n").map { $0.trimmingCharacters().lowercased() }.filter { !$0.isEmpty && !$0.hasPrefix("#") })
    }

    /// One line per violation; empty when the audit passes.
    public func violations(_ report: AuditReport) -> [String] {
        var out: [String] = []
        for party in report.sortedParties where !allowed.contains(party.name.lowercased()) {
            let inMessages = "in \(party.messages) message\(party.messages == 1 ? "" : "s")"
            if conditions.contains(.thirdParty), !party.isFirstParty {
                out.append("third-party: \(party.name) (\(party.category.label)) is contacted \(inMessages)")
            }
            if conditions.contains(.identifying), let what = party.learns.filter(\.identifies).sorted().first {
                out.append("identifying: \(party.name) learns the reader's \(what.rawValue) \(inMessages)")
            }
            if conditions.contains(.outsideEEA), !party.isFirstParty {
                switch party.isOutsideEEA {
                case .some(true): out.append("outside-eea: \(party.name) (\(party.company), \(party.facts?.country ?? "")) \(inMessages)")
                case .none: out.append("outside-eea: \(party.name): country unknown, \(inMessages)")
                case .some(false): break
                }
            }
        }
        return out
    }
}
