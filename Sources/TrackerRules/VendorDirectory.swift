/// Who is behind each tracking vendor the rules name: company, country and category, for
/// `trackless audit`. Read from `VendorFacts.text` (one line per vendor) on first use.
public struct VendorFact: Sendable, Equatable {
    public enum Category: String, Sendable, CaseIterable {
        case mailPlatform = "mail-platform"
        case marketingAutomation = "marketing-automation"
        case crm
        case analytics
        case advertising
        case linkWrapper = "link-wrapper"
        case securityScanner = "security-scanner"
        case cdn
        case social
        case other
        case unknown = "??"

        /// How reports name it.
        public var label: String {
            switch self {
            case .mailPlatform: return "mail platform"
            case .marketingAutomation: return "marketing automation"
            case .crm: return "CRM"
            case .analytics: return "analytics"
            case .advertising: return "advertising"
            case .linkWrapper: return "link wrapper"
            case .securityScanner: return "security scanner"
            case .cdn: return "CDN"
            case .social: return "social network"
            case .other: return "other"
            case .unknown: return "unknown"
            }
        }
    }

    public var name: String
    /// nil when unknown.
    public var company: String?
    /// ISO 3166-1 alpha-2; nil when unknown.
    public var country: String?
    public var category: Category
    /// Where the company and country can be checked.
    public var source: String?

    /// Inside the EU/EEA (the 27 member states, Iceland, Liechtenstein, Norway); nil when the
    /// country is unknown.
    public var isInEEA: Bool? { country.map { VendorFact.eea.contains($0) } }

    public static let eea: Set<String> = [
        "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT",
        "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "IS", "LI", "NO",
    ]
}

public enum VendorDirectory {
    /// The built-in facts, by vendor name (as the rules spell it).
    public static let builtIn: [String: VendorFact] = parse(VendorFacts.text).facts

    /// Lines of the built-in data that do not parse (none, as a test checks).
    public static var builtInProblems: [String] { parse(VendorFacts.text).problems }

    /// Facts for a vendor name, if the directory has a line for it.
    public static func fact(for vendor: String) -> VendorFact? { builtIn[vendor] }

    /// Parses the line format: `NAME | COMPANY | COUNTRY | CATEGORY | CERTAINTY | SOURCE`,
    /// `#` comments, `??` for unknown. Returns the facts and a one-line problem per bad line.
    public static func parse(_ text: String) -> (facts: [String: VendorFact], problems: [String]) {
        var facts: [String: VendorFact] = [:]
        var problems: [String] = []
        for (number, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingASCIISpaces()
            if line.isEmpty || line.hasPrefix("#") { continue }
            let fields = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingASCIISpaces() }
            guard fields.count >= 4, !fields[0].isEmpty else {
                problems.append("line \(number + 1): expected NAME | COMPANY | COUNTRY | CATEGORY | CERTAINTY | SOURCE")
                continue
            }
            func known(_ s: String) -> String? { s.isEmpty || s == "??" ? nil : s }
            guard let category = VendorFact.Category(rawValue: fields[3]) else {
                problems.append("line \(number + 1): unknown category \(fields[3])")
                continue
            }
            let country = known(fields[2])
            if let c = country, c.count != 2 || !c.allSatisfy({ $0.isUppercase && $0.isASCII }) {
                problems.append("line \(number + 1): country \(c) is not an ISO 3166-1 alpha-2 code")
                continue
            }
            if facts[fields[0]] != nil { problems.append("line \(number + 1): \(fields[0]) listed twice") }
            facts[fields[0]] = VendorFact(
                name: fields[0], company: known(fields[1]), country: country, category: category,
                source: fields.count > 5 ? known(fields[5]) : nil)
        }
        return (facts, problems)
    }
}

extension Substring {
    func trimmingASCIISpaces() -> String {
        var s = self
        while let f = s.first, f == " " || f == "\t" || f == "\r" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\r" { s = s.dropLast() }
        return String(s)
    }
}
