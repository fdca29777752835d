/// Human-readable reports for `trackless preview`.
public struct PreviewStyle: Sendable {
    /// Terminal width for shortening URLs; 100 when not a terminal.
    public var width: Int
    /// ANSI colours (only on a terminal, and never when NO_COLOR is set).
    public var color: Bool

    public init(width: Int = 100, color: Bool = false) {
        self.width = max(40, width)
        self.color = color
    }

    func paint(_ s: String, _ code: String) -> String { color ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s }
}

public enum PreviewRenderer {
    /// One message: sender, subject, then one line per finding.
    public static func render(_ report: CleanReport, path: String?, changed: Bool, style: PreviewStyle) -> String {
        var out = ""
        if let path { out += style.paint(path, "1") + "\n" }
        out += "  From:    \(report.from ?? "-")\n"
        out += "  Subject: \(report.subject ?? "-")\n"
        if report.findings.isEmpty {
            out += "  " + style.paint("nothing to remove", "32") + "\n"
        }
        for f in report.findings {
            let action: String
            switch f.action {
            case .removed: action = style.paint("removed  ", "31")
            case .rewritten: action = style.paint("rewritten", "33")
            case .kept: action = style.paint("kept     ", "36")
            }
            let vendor = f.vendor ?? "-"
            let head = "  \(action) \(f.kind.rawValue.padding(11)) \(vendor.padding(18)) \(f.certainty.padding(9)) "
            let visibleHead = 2 + 9 + 1 + 11 + 1 + 18 + 1 + 9 + 1
            out += head + shorten(f.subject, to: style.width - visibleHead) + "\n"
            if let r = f.replacement {
                out += String(repeating: " ", count: visibleHead - 3) + "-> " + shorten(r, to: style.width - visibleHead) + "\n"
            }
            if style.width >= 80 {
                out += String(repeating: " ", count: visibleHead) + style.paint(f.reason, "2") + "\n"
                // Where a reader would have seen it (or why nowhere): the context decides.
                if let seen = f.visibility, seen != "visible" {
                    out += String(repeating: " ", count: visibleHead) + style.paint("seen: " + seen, "2") + "\n"
                }
            }
        }
        for s in report.skipped { out += "  " + style.paint("skipped: \(s)", "2") + "\n" }
        if changed { out += "  " + style.paint("would change: \(summary(report))", "1") + "\n" }
        return out
    }

    static func summary(_ report: CleanReport) -> String {
        let counts = report.changeCounts()
        return counts.isEmpty ? "headers" : counts.map { "\($0.1) \($0.0.rawValue)" }.joined(separator: ", ")
    }

    /// Keeps the start and the end of a long URL, which say the most: host and ID.
    public static func shorten(_ s: String, to width: Int) -> String {
        let w = max(20, width)
        guard s.count > w else { return s }
        let headCount = w * 2 / 3
        let tailCount = w - headCount - 1
        return String(s.prefix(headCount)) + "…" + String(s.suffix(tailCount))
    }
}

/// What a whole mailbox says about who tracks its owner.
public struct PrivacySummary: Sendable {
    public private(set) var messages = 0
    public private(set) var withTrackers = 0
    public private(set) var bySender: [String: Int] = [:]
    public private(set) var byVendor: [String: Int] = [:]
    public private(set) var byKind: [FindingKind: Int] = [:]

    public init() {}

    public mutating func add(_ report: CleanReport) {
        messages += 1
        let tracking = report.findings
        guard !tracking.isEmpty else { return }
        withTrackers += 1
        let sender = senderDomain(report.from)
        bySender[sender, default: 0] += 1
        for vendor in Set(tracking.compactMap(\.vendor)) { byVendor[vendor, default: 0] += 1 }
        for f in tracking { byKind[f.kind, default: 0] += 1 }
    }

    func senderDomain(_ from: String?) -> String {
        guard let from, let at = from.lastIndex(of: "@") else { return from ?? "(unknown)" }
        let domain = from[from.index(after: at)...].prefix { $0 != ">" && $0 != " " && $0 != "\"" }
        return domain.lowercased()
    }

    public func render(style: PreviewStyle) -> String {
        var out = style.paint("Privacy report", "1") + "\n"
        let share = messages == 0 ? 0 : withTrackers * 100 / messages
        out += "  \(withTrackers) of \(messages) messages carry tracking (\(share)%)\n"
        if !byKind.isEmpty {
            out += "  by kind:   " + byKind.sorted { $0.value > $1.value }.map { "\($0.key.rawValue) \($0.value)" }.joined(separator: ", ") + "\n"
        }
        if !byVendor.isEmpty {
            out += "  vendors (messages):\n"
            for (v, n) in byVendor.sorted(by: { ($0.value, $1.key) > ($1.value, $0.key) }).prefix(20) { out += "    \(v.padding(28)) \(n)\n" }
        }
        if !bySender.isEmpty {
            out += "  senders that track (messages):\n"
            for (s, n) in bySender.sorted(by: { ($0.value, $1.key) > ($1.value, $0.key) }).prefix(20) { out += "    \(s.padding(28)) \(n)\n" }
        }
        return out
    }

    public var json: JSONWriter.Value {
        .object([
            ("messages", .int(messages)),
            ("withTracking", .int(withTrackers)),
            ("byKind", .object(byKind.sorted { $0.key.rawValue < $1.key.rawValue }.map { ($0.key.rawValue, .int($0.value)) })),
            ("byVendor", .object(byVendor.sorted { $0.key < $1.key }.map { ($0.key, .int($0.value)) })),
            ("bySender", .object(bySender.sorted { $0.key < $1.key }.map { ($0.key, .int($0.value)) })),
        ])
    }
}

extension String {
    func padding(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
