import MailMIME
import TrackerRules

/// A stage that cleans the content of one kind of leaf (HTML, plain text, SVG).
protocol ContentStage: Sendable {
    func handles(_ part: MIMEPart) -> Bool
    /// Returns the new content, or nil when nothing changed. `content` is in the part's
    /// charset when that is ASCII-compatible, else UTF-8. Findings are appended either way.
    func process(_ content: [UInt8], part: MIMEPart, context: MessageFacts, findings: inout [Finding]) -> [UInt8]?
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
