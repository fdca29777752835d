import MailHTML
import MailMIME
import TrackerRules

/// `trackless preview --html`: one page that shows a message's HTML twice, side by side:
/// as the sender made it, and as Trackless leaves it. Nothing in the page loads anything:
/// every remote load is replaced by a local placeholder of its size; trackers are outlined
/// in red with the vendor and what it would have learned, and on the cleaned side they
/// are labelled as removed. Links show where they go after cleaning.
public enum PreviewPage {
    /// The page for one message; nil when it has no HTML part.
    public static func render(_ bytes: [UInt8], options: CleanOptions, title: String) -> String? {
        let message = MIMEMessage(bytes: bytes, limits: options.limits)
        guard let part = message.parts.first(where: { $0.isLeaf && $0.contentType.mimeType == "text/html" }) else { return nil }
        // As the cleaner reads it; an unknown charset is shown as its bytes are.
        let html = Array(Cleaner.workingContent(of: part, in: message)?.0 ?? message.decodedContent(of: part))
        let facts = MessageFacts(message: message, options: options)
        let rules = RulesPolicy(ruleset: options.ruleset ?? .builtIn, context: facts.rules,
                                links: LinkCleaner(unwrapSecurityLinks: options.unwrapSecurityLinks))
        let base = HTMLRewriteOptions(strict: false, baseURL: facts.baseURL(for: part))
        let before = PlaceholderPolicy(rules: rules, side: .original, strict: options.strict)
        let after = PlaceholderPolicy(rules: rules, side: .cleaned, strict: options.strict)
        let left = rewriteHTML(html, policy: before, options: base).output ?? html
        let right = rewriteHTML(html, policy: after, options: base).output ?? html
        let summary = Cleaner(options: options).clean(bytes).report
        return page(title: title, left: left, right: right, report: summary, removedInvisible: after.invisibleRemovals)
    }

    static func page(title: String, left: [UInt8], right: [UInt8], report: CleanReport, removedInvisible: [String]) -> String {
        let esc = AuditRenderer.esc
        var out = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-src about:">
            <title>\(esc(title))</title>
            <style>
            body{font:14px/1.4 system-ui,sans-serif;color:#1d2430;margin:1rem}
            h1{font-size:1.3rem;margin:0 0 .5rem}.panes{display:grid;grid-template-columns:1fr 1fr;gap:1rem}
            .pane h2{font-size:1rem;margin:.5rem 0}iframe{width:100%;height:900px;border:1px solid #cfd6e2;background:#fff}
            ul{margin:.3rem 0 1rem;padding-left:1.2rem}.legend span{display:inline-block;margin-right:1rem}
            .red{color:#b42318}.grey{color:#5b6577}
            </style></head><body>
            <h1>\(esc(title))</h1>
            <p class="legend"><span class="red">&#9632; a tracker: vendor, and what it would have learned</span><span class="grey">&#9632; any other remote image, shown as a local box of its size</span></p>

            """
        let lines = PreviewSummary(report.findings).entries.map { e in
            "<li><b>\(esc(e.name))</b>: \(esc(e.done.joined(separator: "; ")))" + (e.learned.isEmpty ? "" : " <span class=\"grey\">(would have learned: \(esc(e.learned.joined(separator: ", "))))</span>") + "</li>"
        }
        out += lines.isEmpty ? "<p>Nothing to remove.</p>\n" : "<ul>\n" + lines.joined(separator: "\n") + "\n</ul>\n"
        if !removedInvisible.isEmpty {
            out += "<p>Removed, though no reader could see them (so no box shows them): " + removedInvisible.map { esc($0) }.joined(separator: "; ") + ".</p>\n"
        }
        // The documents go in sandboxed frames: no script, no form, no navigation out.
        out += "<div class=\"panes\"><div class=\"pane\"><h2>As sent</h2><iframe sandbox srcdoc=\"\(esc(String(decoding: left, as: UTF8.self)))\"></iframe></div>\n"
        out += "<div class=\"pane\"><h2>After Trackless</h2><iframe sandbox srcdoc=\"\(esc(String(decoding: right, as: UTF8.self)))\"></iframe></div></div>\n"
        out += "<p class=\"grey\">Made by Trackless \(TracklessVersion.string). This page loads nothing from the network: images are local placeholders.</p>\n</body></html>\n"
        return out
    }
}

/// Replaces every remote load with a local placeholder; asks the rules which loads track.
final class PlaceholderPolicy: HTMLPolicy {
    enum Side { case original, cleaned }

    let rules: RulesPolicy
    let side: Side
    let strict: Bool
    /// Trackers removed from the cleaned side that no reader could see (a 1x1 pixel).
    private(set) var invisibleRemovals: [String] = []

    init(rules: RulesPolicy, side: Side, strict: Bool) {
        self.rules = rules
        self.side = side
        self.strict = strict
    }

    /// The page reads only the rewritten HTML, not the findings: the note just names the move.
    func decide(_ load: RemoteLoad) -> LoadDecision<String> {
        let note = "local placeholder"
        switch load.kind {
        case .base:
            return .keep
        case .image, .background, .media, .other:
            break
        case .stylesheet, .font, .script, .frame, .object, .hint, .ping, .refresh:
            // Nothing to show in their place; and a page that loads nothing cannot keep them.
            return .remove(note)
        }
        let verdict = rules.decide(load)
        var tracker: (vendor: String, removed: Bool)?
        switch verdict {
        case .remove(let decision), .replace(_, let decision):
            tracker = (decision.vendor ?? Self.host(load.url), true)
        case .keep:
            if strict { tracker = (Self.host(load.url), true) }
        }
        let width = load.width ?? 120, height = load.height ?? 40
        if let tracker, side == .cleaned, !load.visibility.isVisibleSomewhere || (width <= 2 && height <= 2) {
            let size = load.width != nil && load.height != nil ? " (\(width)x\(height))" : ""
            let entry = "\(tracker.vendor)\(size)"
            if !invisibleRemovals.contains(entry) { invisibleRemovals.append(entry) }
        }
        let label: String
        let red: Bool
        if let tracker {
            red = true
            label = side == .original
                ? "\(tracker.vendor): learns when and where you read"
                : "removed: \(tracker.vendor)"
        } else {
            red = false
            label = "image from \(Self.host(load.url))"
        }
        return .replace(url: Self.placeholder(label, width: width, height: height, red: red), note)
    }

    func decideLink(url: String, text: String) -> LinkDecision {
        guard side == .cleaned else { return .keep }
        return rules.decideLink(url: url, text: text)
    }

    static func host(_ url: String) -> String { AuditReport.host(of: url) ?? "an unknown host" }

    /// An SVG box of the load's size with a label, as a data: URL (every byte but letters
    /// and digits percent-encoded, so it is safe in any attribute or CSS string).
    static func placeholder(_ label: String, width: Int, height: Int, red: Bool) -> String {
        let w = max(1, min(width, 2000)), h = max(1, min(height, 2000))
        let stroke = red ? "#b42318" : "#9aa4b5"
        let fill = red ? "#fdecea" : "#eef1f6"
        let text = AuditRenderer.esc(String(label.prefix(80)))
        let svg = "<svg xmlns='http://www.w3.org/2000/svg' width='\(w)' height='\(h)'>"
            + "<rect x='0.5' y='0.5' width='\(max(0, w - 1))' height='\(max(0, h - 1))' fill='\(fill)' stroke='\(stroke)' stroke-dasharray='\(red ? "4 2" : "none")'/>"
            + "<text x='4' y='\(min(h - 4, 14))' font-family='sans-serif' font-size='11' fill='\(stroke)'>\(text)</text></svg>"
        var out = "data:image/svg+xml,"
        for b in svg.utf8 {
            if (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) {
                out.append(Character(Unicode.Scalar(b)))
            } else {
                out += "%" + String(b >> 4, radix: 16, uppercase: true) + String(b & 15, radix: 16, uppercase: true)
            }
        }
        return out
    }
}
