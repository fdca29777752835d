import MailURL
import TrackerRules

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
    /// One message: sender, subject, then a summary per vendor (what it would have learned,
    /// what was done); with `verbose`, one row per finding after it.
    public static func render(_ report: CleanReport, path: String?, changed: Bool, style: PreviewStyle,
                              verbose: Bool = false) -> String {
        var out = ""
        if let path { out += style.paint(path, "1") + "\n" }
        out += "  From:    \(report.from ?? "-")\n"
        out += "  Subject: \(report.subject ?? "-")\n"
        if report.findings.isEmpty {
            out += "  " + style.paint("nothing to remove", "32") + "\n"
        }
        out += PreviewSummary(report.findings).render(style: style)
        if verbose { out += rows(report, style: style) }
        for s in report.skipped { out += "  " + style.paint("skipped: \(s)", "2") + "\n" }
        if changed { out += "  " + style.paint("would change: \(summary(report))", "1") + "\n" }
        return out
    }

    /// One row per finding: action, kind, vendor, certainty, the URL, and the reason.
    /// A rewritten URL is shown whole, with what was taken out of it marked.
    static func rows(_ report: CleanReport, style: PreviewStyle) -> String {
        var out = ""
        for f in report.findings {
            let action: String
            switch f.action {
            case .removed: action = style.paint("removed  ", "31")
            case .rewritten: action = style.paint("rewritten", "33")
            case .kept: action = style.paint("kept     ", "36")
            }
            let vendor = f.vendor ?? "-"
            let head = "  \(action) \(f.kind.rawValue.padding(11)) \(vendor.padding(18)) \(f.certainty.rawValue.padding(9)) "
            let visibleHead = 2 + 9 + 1 + 11 + 1 + 18 + 1 + 9 + 1
            if let r = f.replacement {
                // Whole, never shortened: the change may be anywhere in the URL.
                let removed = Set(PreviewSummary.removedParameters(from: f.subject, to: r))
                out += head + markParameters(f.subject, removed, style: style) + "\n"
                out += String(repeating: " ", count: visibleHead - 3) + "-> " + r + "\n"
            } else {
                out += head + shorten(f.subject, to: style.width - visibleHead) + "\n"
            }
            if style.width >= 80 {
                out += String(repeating: " ", count: visibleHead) + style.paint(f.reason, "2") + "\n"
                // Where a reader would have seen it (or why nowhere): the context decides.
                if let seen = f.visibility, seen != "visible" {
                    out += String(repeating: " ", count: visibleHead) + style.paint("seen: " + seen, "2") + "\n"
                }
            }
        }
        return out
    }

    /// The URL with each query parameter in `removed` painted (on a colour terminal).
    static func markParameters(_ url: String, _ removed: Set<String>, style: PreviewStyle) -> String {
        guard style.color, !removed.isEmpty, let q = url.firstIndex(of: "?") else { return url }
        let end = url.firstIndex(of: "#") ?? url.endIndex
        guard q < end else { return url }
        let pieces = url[url.index(after: q)..<end].split(separator: "&", omittingEmptySubsequences: false).map { piece in
            let name = String(piece.prefix { $0 != "=" })
            return removed.contains(name) ? style.paint(String(piece), "31;9") : String(piece)
        }
        return String(url[...q]) + pieces.joined(separator: "&") + String(url[end...])
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

/// The findings of one message, per vendor: what each would have learned and what was
/// done about it, in a line or two a person reads at a glance.
struct PreviewSummary {
    struct Entry {
        var name: String
        var learned: [String] = []
        var done: [String] = []
    }

    var entries: [Entry] = []

    init(_ findings: [Finding]) {
        // Findings with no vendor named are grouped by what they are. Groups hold indexes:
        // copies of the findings per group (and per filter below) held 80,000 of them
        // several times over.
        var order: [String] = []
        var groups: [String: [Int32]] = [:]
        var unnamed = Set<String>()
        var vendorNamed = Set<String>()
        for index in findings.indices {
            let vendor = findings[index].vendor
            let name = vendor ?? Self.unnamedGroup(findings[index])
            if groups[name] == nil { order.append(name) }
            groups[name, default: []].append(Int32(truncatingIfNeeded: index))
            if vendor == nil { unnamed.insert(name) } else { vendorNamed.insert(name) }
        }
        // Named vendors first, in the order they appear; then the unnamed groups.
        let named = order.filter { !unnamed.contains($0) || vendorNamed.contains($0) }
        let rest = order.filter { !named.contains($0) }
        entries = (named + rest).map { Self.entry(name: $0, findings, groups[$0] ?? []) }
    }

    static func unnamedGroup(_ f: Finding) -> String {
        switch f.kind {
        case .param: return "tracking parameters"
        case .header: return "read receipts"
        case .identifying: return "your address in URLs"
        default: return "other remote loads"
        }
    }

    static func entry(name: String, _ all: [Finding], _ indexes: [Int32]) -> Entry {
        let findings = indexes.lazy.map { all[Int($0)] }
        var entry = Entry(name: name)
        func count(_ kinds: Set<FindingKind>, _ action: FindingAction) -> Int {
            findings.filter { kinds.contains($0.kind) && $0.action == action }.count
        }
        func plural(_ n: Int, _ one: String, _ many: String) -> String { "\(n) \(n == 1 ? one : many)" }
        let loads: Set<FindingKind> = [.pixel, .css, .font, .stylesheet, .other]
        if findings.contains(where: { loads.contains($0.kind) || $0.kind == .identifying }) {
            entry.learned.append("when you open it, your IP address and mail client")
        }
        if findings.contains(where: { $0.kind == .identifying }) { entry.learned.append("who you are (your address or an id for it)") }
        if findings.contains(where: { $0.kind == .link }) { entry.learned.append("which links you click") }
        if findings.contains(where: { $0.kind == .param }) { entry.learned.append("which campaign and link brought you") }
        if findings.contains(where: { $0.kind == .header }) { entry.learned.append("that you read it (if your client answers)") }

        let pixels = count([.pixel], .removed)
        if pixels > 0 { entry.done.append(plural(pixels, "pixel removed", "pixels removed")) }
        let styles = count([.css, .stylesheet], .removed)
        if styles > 0 { entry.done.append(plural(styles, "style load removed", "style loads removed")) }
        let fonts = count([.font], .removed)
        if fonts > 0 { entry.done.append(plural(fonts, "font removed", "fonts removed")) }
        let others = count([.other], .removed)
        if others > 0 { entry.done.append(plural(others, "other load removed", "other loads removed")) }
        let identifying = findings.filter { $0.kind == .identifying }.count
        if identifying > 0 { entry.done.append(plural(identifying, "URL with your address cleaned", "URLs with your address cleaned")) }
        let unwrapped = count([.link], .rewritten)
        if unwrapped > 0 { entry.done.append(plural(unwrapped, "link unwrapped", "links unwrapped")) }
        let kept = count([.link], .kept)
        if kept > 0 { entry.done.append(plural(kept, "tracked link left working (its destination is not in the URL)", "tracked links left working (their destination is not in the URL)")) }
        let params = findings.filter { $0.kind == .param }
        if !params.isEmpty {
            var names: [String] = []
            var total = 0
            for f in params {
                let removed = removedParameters(from: f.subject, to: f.replacement ?? f.subject)
                total += removed.count
                for n in removed where !names.contains(n) { names.append(n) }
            }
            entry.done.append(plural(total, "tracking parameter", "tracking parameters") + " removed from "
                              + plural(params.count, "link", "links") + " (" + abbreviate(names) + ")")
        }
        let headers = count([.header], .removed)
        if headers > 0 { entry.done.append(plural(headers, "read-receipt request removed", "read-receipt requests removed")) }
        return entry
    }

    /// Query parameter names in `before` that `after` no longer has, in order.
    static func removedParameters(from before: String, to after: String) -> [String] {
        let kept = Set(parameterNames(after))
        return parameterNames(before).filter { !kept.contains($0) }
    }

    static func parameterNames(_ url: String) -> [String] {
        URLParts(url).queryItems.map { String($0.name) }.filter { !$0.isEmpty }
    }

    /// `utm_source, utm_medium, mc_eid` as `utm_*, mc_eid`: names sharing a prefix up to
    /// "_" are one family when there are three or more.
    static func abbreviate(_ names: [String]) -> String {
        var families: [String: Int] = [:]
        for n in names {
            if let u = n.firstIndex(of: "_") { families[String(n[...u]), default: 0] += 1 }
        }
        var out: [String] = []
        for n in names {
            if let u = n.firstIndex(of: "_"), let c = families[String(n[...u])], c >= 3 {
                let family = String(n[...u]) + "*"
                if !out.contains(family) { out.append(family) }
            } else if !out.contains(n) {
                out.append(n)
            }
        }
        return out.joined(separator: ", ")
    }

    func render(style: PreviewStyle) -> String {
        var out = ""
        for e in entries {
            out += "  " + style.paint(e.name, "1") + ": " + e.done.joined(separator: "; ") + "\n"
            if !e.learned.isEmpty {
                out += "    " + style.paint("would have learned: " + e.learned.joined(separator: ", "), "2") + "\n"
            }
        }
        return out
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
