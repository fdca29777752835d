/// One rule in force, for listing (`trackless rules`).
public struct RuleEntry: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case trackerHost = "tracker host"
        case platformHost = "mail platform host"
        case signature = "path signature"
        case hostWord = "host word"
        case fontCDN = "font CDN"
        case allowSender = "allow sender"
        case allowDomain = "allow domain"
        case allowHost = "allow host"
        case blockHost = "block host"
        case blockPath = "block path"
    }

    /// The id decisions report (`mailchimp/1`, `user:FILE:LINE`).
    public let id: String
    /// `built-in` or the user rules file.
    public let source: String
    public let kind: Kind
    public let vendor: String?
    /// Hosts (or the address/domain for allow sender/domain).
    public let hosts: [String]
    /// The path shape, when the rule has one.
    public let shape: String?
    public let line: Int
}

/// Counts of the rules in force.
public struct RulesSummary: Sendable, Equatable {
    public var vendors = 0
    /// Host patterns in tracker-host rules (one rule may list several hosts).
    public var trackerHosts = 0
    public var trackerHostRules = 0
    public var signatures = 0
    public var platformHosts = 0
    public var fontCDNs = 0
    public var hostWords = 0
    /// User rules per origin, in reading order.
    public var userRules: [(origin: String, count: Int)] = []

    public static func == (a: RulesSummary, b: RulesSummary) -> Bool {
        a.vendors == b.vendors && a.trackerHosts == b.trackerHosts && a.trackerHostRules == b.trackerHostRules
            && a.signatures == b.signatures && a.platformHosts == b.platformHosts && a.fontCDNs == b.fontCDNs
            && a.hostWords == b.hostWords && a.userRules.map(\.origin) == b.userRules.map(\.origin)
            && a.userRules.map(\.count) == b.userRules.map(\.count)
    }
}

extension Ruleset {
    /// Every rule in force: built-in rules first, then user rules in reading order.
    public var entries: [RuleEntry] {
        var out: [RuleEntry] = []
        if let builtin {
            for rule in builtin.table.rules {
                let kind: RuleEntry.Kind
                switch rule.scope {
                case .host: kind = .trackerHost
                case .esp: kind = .platformHost
                case .signature: kind = .signature
                case .hostWord: kind = .hostWord
                case .fontCDN: kind = .fontCDN
                case .allowHost: kind = .allowHost
                }
                out.append(
                    RuleEntry(
                        id: rule.id, source: rule.origin, kind: kind, vendor: rule.vendor, hosts: rule.hosts,
                        shape: rule.shape?.text, line: rule.line))
            }
        }
        out.append(contentsOf: user.entries)
        return out
    }

    /// The vendors the built-in rules name, in data order.
    public var vendors: [String] { builtin?.vendors ?? [] }

    /// Counts per kind of rule and per user rules file.
    public var summary: RulesSummary {
        var s = RulesSummary()
        if let builtin {
            s.vendors = builtin.vendorCount
            for rule in builtin.table.rules {
                switch rule.scope {
                case .host:
                    s.trackerHostRules += 1
                    s.trackerHosts += rule.hostRanges.count
                case .esp: s.platformHosts += rule.hostRanges.count
                case .signature: s.signatures += 1
                case .hostWord: s.hostWords += 1
                case .fontCDN: s.fontCDNs += rule.hostRanges.count
                case .allowHost: break
                }
            }
        }
        for origin in userOrigins {
            s.userRules.append((origin, user.entries.filter { $0.source == origin }.count))
        }
        return s
    }

    /// A human listing: counts, then one line per rule (`verbose`) or per user rule.
    public func describe(verbose: Bool = false) -> String {
        let s = summary
        var lines: [String] = []
        if builtin != nil {
            lines.append(
                "built-in: \(s.vendors) vendors, \(s.trackerHostRules) host rules over \(s.trackerHosts) hosts, "
                    + "\(s.signatures) path signatures, \(s.hostWords) host words, \(s.platformHosts) mail platform hosts, "
                    + "\(s.fontCDNs) font CDN hosts")
            for p in builtInProblems { lines.append("built-in problem: \(p)") }
        } else {
            lines.append("built-in: not used")
        }
        for (origin, count) in s.userRules { lines.append("\(origin): \(count) rules") }
        for entry in entries where verbose || entry.source != "built-in" {
            var text = "\(entry.id)\t\(entry.kind.rawValue)"
            if !entry.hosts.isEmpty { text += "\t\(entry.hosts.joined(separator: ","))" }
            if let shape = entry.shape { text += "\t\(shape)" }
            if let vendor = entry.vendor { text += "\t[\(vendor)]" }
            lines.append(text)
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
