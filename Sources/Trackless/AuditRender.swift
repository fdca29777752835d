import TrackerRules

/// The audit as text for a terminal, Markdown, JSON (schema `trackless-audit/1`) and one
/// self-contained HTML page whose charts are inline SVG: the page loads nothing.
public enum AuditRenderer {
    // MARK: Terminal

    public static func terminal(_ report: AuditReport, style: PreviewStyle) -> String {
        var out = style.paint("Trackless audit", "1") + "\n"
        let share = report.messages == 0 ? 0 : report.messagesWithThirdParties * 100 / report.messages
        out += "  \(report.messages) message\(report.messages == 1 ? "" : "s"); \(report.messagesWithThirdParties) contact a third party (\(share)%)\n"
        let third = report.sortedParties.filter { !$0.isFirstParty }
        let first = report.sortedParties.filter(\.isFirstParty)
        if third.isEmpty {
            out += "  " + style.paint("no third party", "32") + "\n"
        } else {
            out += style.paint("\n  Third parties", "1") + "\n"
            for p in third { out += partyLines(p, style: style) }
        }
        if !first.isEmpty {
            out += style.paint("\n  First party (the sender's own domains)", "1") + "\n"
            for p in first { out += partyLines(p, style: style) }
        }
        return out
    }

    static func partyLines(_ p: AuditReport.Party, style: PreviewStyle) -> String {
        // Names come from the messages: no control characters reach the terminal.
        var head = "  \(printable(p.name))"
        if p.isNamedVendor {
            var about: [String] = []
            if let company = p.facts?.company, company != p.name { about.append(company) }
            if let country = p.facts?.country { about.append(country + (p.isOutsideEEA == true ? ", outside the EEA" : "")) }
            if p.category != .unknown { about.append(p.category.label) }
            head += " (" + (about.isEmpty ? "no facts on file" : about.joined(separator: ", ")) + ")"
        }
        head += ": \(p.messages) message\(p.messages == 1 ? "" : "s")"
        var out = style.paint(head, p.isFirstParty ? "0" : "1") + "\n"
        let learns = p.learns.sorted()
        if !learns.isEmpty {
            let text = learns.map { $0.identifies ? style.paint($0.rawValue, "31") : $0.rawValue }.joined(separator: ", ")
            out += "    learns: " + text + "\n"
        }
        out += "    " + style.paint("Trackless removes or rewrites \(p.cleaned) of \(p.occurrences)", "2") + "\n"
        return out
    }

    static func printable(_ s: String) -> String {
        String(s.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F && !(0x80...0x9F).contains($0.value) }.map(Character.init))
    }

    // MARK: Markdown

    public static func markdown(_ report: AuditReport) -> String {
        var out = "# Trackless audit\n\n"
        out += "\(report.messages) messages; \(report.messagesWithThirdParties) contact a third party.\n\n"
        out += "| party | company | country | category | messages | learns | removed by Trackless |\n"
        out += "|---|---|---|---|---:|---|---:|\n"
        for p in report.sortedParties {
            let name = p.isFirstParty ? "\(p.name) (first party)" : p.name
            let country = p.facts?.country.map { $0 + (p.isOutsideEEA == true ? " (outside EEA)" : "") } ?? "unknown"
            out += "| \(md(name)) | \(md(p.facts?.company ?? "unknown")) | \(country) | \(p.category.label) | \(p.messages) | "
            out += md(p.learns.sorted().map(\.rawValue).joined(separator: ", ")) + " | \(p.cleaned) of \(p.occurrences) |\n"
        }
        if report.months.count > 1 {
            out += "\n| month | messages | contacting a third party |\n|---|---:|---:|\n"
            for (m, v) in report.months.sorted(by: { $0.key < $1.key }) { out += "| \(m) | \(v.messages) | \(v.withThirdParties) |\n" }
        }
        let sources = report.sortedParties.compactMap { p in p.facts?.source.map { (p.name, $0) } }
        if !sources.isEmpty {
            out += "\nSources of the vendor facts: " + sources.map { "\(md($0.0)): <\($0.1)>" }.joined(separator: "; ") + "\n"
        }
        return out
    }

    static func md(_ s: String) -> String { s.replacingAll("|", with: "\\|") }

    // MARK: JSON

    public static func json(_ report: AuditReport, violations: [String]? = nil) -> String {
        var fields: [(String, JSONWriter.Value)] = [
            ("schema", .string("trackless-audit/1")),
            ("messages", .int(report.messages)),
            ("messagesWithThirdParties", .int(report.messagesWithThirdParties)),
            ("parties", .array(report.sortedParties.map { p in
                .object([
                    ("name", .string(p.name)),
                    ("namedVendor", .bool(p.isNamedVendor)),
                    ("firstParty", .bool(p.isFirstParty)),
                    ("company", .string(p.facts?.company)),
                    ("country", .string(p.facts?.country)),
                    ("outsideEEA", p.isOutsideEEA.map { .bool($0) } ?? .string(nil)),
                    ("category", .string(p.category.rawValue)),
                    ("source", .string(p.facts?.source)),
                    ("messages", .int(p.messages)),
                    ("occurrences", .int(p.occurrences)),
                    ("cleaned", .int(p.cleaned)),
                    ("learns", .array(p.learns.sorted().map { .string($0.rawValue) })),
                    ("examples", .array(p.examples.map { .string($0) })),
                ])
            })),
            ("months", .array(report.months.sorted(by: { $0.key < $1.key }).map { m in
                .object([("month", .string(m.key)), ("messages", .int(m.value.messages)),
                         ("withThirdParties", .int(m.value.withThirdParties))])
            })),
        ]
        if let violations { fields.append(("violations", .array(violations.map { .string($0) }))) }
        return JSONWriter.Value.object(fields).render() + "\n"
    }

    // MARK: HTML

    /// One page, no network request of its own (a Content-Security-Policy forbids any),
    /// charts drawn as inline SVG, styles that print.
    public static func html(_ report: AuditReport, title: String = "Trackless audit") -> String {
        let parties = report.sortedParties
        let third = parties.filter { !$0.isFirstParty }
        var out = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(esc(title))</title>
            <style>
            body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1d2430;margin:2rem auto;max-width:60rem;padding:0 1rem}
            h1{font-size:1.6rem;margin:0 0 .3rem}h2{font-size:1.15rem;margin:2rem 0 .6rem}
            .sum{color:#4a5568}table{border-collapse:collapse;width:100%;font-size:.92rem}
            th,td{border-bottom:1px solid #dde2ea;padding:.35rem .5rem;text-align:left;vertical-align:top}
            th{background:#f3f5f9}td.n{text-align:right}.id{color:#b42318;font-weight:600}
            .mark{text-align:center}.first{color:#4a5568}svg text{font:12px system-ui,sans-serif;fill:#1d2430}
            @media print{body{margin:0;max-width:none}h2{break-after:avoid}table,svg{break-inside:avoid}}
            </style></head><body>
            <h1>\(esc(title))</h1>

            """
        let share = report.messages == 0 ? 0 : report.messagesWithThirdParties * 100 / report.messages
        out += "<p class=\"sum\">\(report.messages) messages; \(report.messagesWithThirdParties) (\(share)%) make the reader's mail client contact a third party; \(third.count) third parties in all.</p>\n"
        if !third.isEmpty {
            out += "<h2>Third parties by messages</h2>\n" + barChart(third.prefix(25).map { ($0.name, $0.messages) }, total: report.messages)
            out += "<h2>What each party learns</h2>\n" + matrix(parties)
        }
        if report.months.count > 1 {
            out += "<h2>By month</h2>\n" + monthChart(filledMonths(report.months))
        }
        out += "<h2>Parties</h2>\n<table><thead><tr><th>party</th><th>company</th><th>country</th><th>category</th><th>messages</th><th>removed by Trackless</th></tr></thead><tbody>\n"
        for p in parties {
            let country = p.facts?.country.map { $0 + (p.isOutsideEEA == true ? " (outside EEA)" : "") } ?? "unknown"
            let name = p.isFirstParty ? "\(esc(p.name)) <span class=\"first\">(first party)</span>" : esc(p.name)
            out += "<tr><td>\(name)</td><td>\(esc(p.facts?.company ?? "unknown"))</td><td>\(esc(country))</td><td>\(esc(p.category.label))</td><td class=\"n\">\(p.messages)</td><td class=\"n\">\(p.cleaned) of \(p.occurrences)</td></tr>\n"
        }
        out += "</tbody></table>\n"
        let sources = parties.compactMap { p in p.facts?.source.map { (p.name, $0) } }
        if !sources.isEmpty {
            // Sources as text, not links: the page points nowhere.
            out += "<h2>Sources of the vendor facts</h2>\n<ul>\n" + sources.map { "<li>\(esc($0.0)): \(esc($0.1))</li>\n" }.joined() + "</ul>\n"
        }
        out += "<p class=\"sum\">Made by Trackless \(TracklessVersion.string). This page loads nothing from the network.</p>\n</body></html>\n"
        return out
    }

    static func barChart(_ rows: [(String, Int)], total: Int) -> String {
        let rowHeight = 24, labelWidth = 230, barWidth = 480
        let height = rows.count * rowHeight + 8
        let maxValue = max(1, total)
        var svg = "<svg role=\"img\" aria-label=\"third parties by messages\" viewBox=\"0 0 \(labelWidth + barWidth + 60) \(height)\" width=\"100%\">\n"
        for (i, row) in rows.enumerated() {
            let y = i * rowHeight + 4
            let w = max(2, row.1 * barWidth / maxValue)
            svg += "<text x=\"\(labelWidth - 8)\" y=\"\(y + 16)\" text-anchor=\"end\">\(esc(String(row.0.prefix(32))))</text>"
            svg += "<rect x=\"\(labelWidth)\" y=\"\(y + 3)\" width=\"\(w)\" height=\"\(rowHeight - 8)\" fill=\"#3b6fd4\"/>"
            svg += "<text x=\"\(labelWidth + w + 6)\" y=\"\(y + 16)\">\(row.1)</text>\n"
        }
        return svg + "</svg>\n"
    }

    static func matrix(_ parties: [AuditReport.Party]) -> String {
        let columns = AuditReport.Learned.allCases
        var out = "<table><thead><tr><th>party</th>" + columns.map { "<th>\(esc($0.rawValue))</th>" }.joined() + "</tr></thead><tbody>\n"
        for p in parties {
            out += "<tr><td>\(esc(p.name))\(p.isFirstParty ? " <span class=\"first\">(first party)</span>" : "")</td>"
            for c in columns {
                let has = p.learns.contains(c)
                out += "<td class=\"mark\(has && c.identifies ? " id" : "")\">\(has ? "●" : "")</td>"
            }
            out += "</tr>\n"
        }
        return out + "</tbody></table>\n"
    }

    /// Every month from the first to the last, those without messages included, so that the
    /// chart's spacing is time; at most 120 (the last ten years of a long archive).
    static func filledMonths(_ months: [String: (messages: Int, withThirdParties: Int)]) -> [(String, Int, Int)] {
        let keys = months.keys.sorted()
        func parse(_ k: String) -> Int? {
            let p = k.split(separator: "-")
            guard p.count == 2, let y = Int(p[0]), let m = Int(p[1]) else { return nil }
            return y * 12 + (m - 1)
        }
        guard let first = keys.first.flatMap(parse), let last = keys.last.flatMap(parse) else { return [] }
        return (max(first, last - 119)...last).map { n in
            let key = "\(n / 12)-" + (n % 12 < 9 ? "0" : "") + "\(n % 12 + 1)"
            let v = months[key] ?? (0, 0)
            return (key, v.messages, v.withThirdParties)
        }
    }

    static func monthChart(_ months: [(String, Int, Int)]) -> String {
        let width = 720, height = 200, left = 40, bottom = 30
        let maxValue = max(1, months.map(\.1).max() ?? 1)
        let step = min(60, max(1, (width - left) / max(1, months.count)))
        var svg = "<svg role=\"img\" aria-label=\"messages by month\" viewBox=\"0 0 \(width) \(height + 10)\" width=\"100%\">\n"
        svg += "<text x=\"0\" y=\"14\">\(maxValue)</text><text x=\"0\" y=\"\(height - bottom)\">0</text>\n"
        for (i, m) in months.enumerated() {
            let x = left + i * step
            let all = m.1 * (height - bottom - 10) / maxValue
            let tracked = m.2 * (height - bottom - 10) / maxValue
            svg += "<rect x=\"\(x)\" y=\"\(height - bottom - all)\" width=\"\(max(2, step - 6))\" height=\"\(all)\" fill=\"#c9d3e6\"/>"
            svg += "<rect x=\"\(x)\" y=\"\(height - bottom - tracked)\" width=\"\(max(2, step - 6))\" height=\"\(tracked)\" fill=\"#b42318\"/>"
            // A label every few bars, so that they do not overlap (about 50 units each).
            if i % max(1, (50 + step - 1) / step) == 0 {
                svg += "<text x=\"\(x)\" y=\"\(height - bottom + 16)\">\(esc(m.0))</text>"
            }
            svg += "\n"
        }
        svg += "<text x=\"\(left)\" y=\"\(height + 8)\">grey: messages; red: those contacting a third party</text>\n"
        return svg + "</svg>\n"
    }

    static func esc(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(c)
            }
        }
        return out
    }
}

extension String {
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var out = ""
        for c in self { if c == target { out += replacement } else { out.append(c) } }
        return out
    }
}

/// `trackless rules --vendors`: every vendor the rules name, one per line, with its facts.
public enum VendorListing {
    public static func text() -> String {
        var names = Ruleset.builtIn.vendors
        var seen = Set(names)
        // Link wrappers and vendors named only in the facts (link-wrapper vendors).
        for name in VendorDirectory.builtIn.keys.sorted() where !seen.contains(name) {
            names.append(name)
            seen.insert(name)
        }
        var out = "vendor\tcompany\tcountry\tcategory\tsource\n"
        var unique = Set<String>()
        for name in names.sorted(by: { $0.lowercased() < $1.lowercased() }) where unique.insert(name).inserted {
            let f = VendorDirectory.fact(for: name)
            let company = f?.company ?? "unknown"
            let country = f?.country.map { $0 + (f?.isInEEA == false ? " (outside EEA)" : "") } ?? "unknown"
            out += "\(name)\t\(company)\t\(country)\t\(f?.category.label ?? "unknown")\t\(f?.source ?? "-")\n"
        }
        return out
    }
}
