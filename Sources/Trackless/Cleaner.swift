#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import MailMIME
import TrackerRules

/// The pipeline: message bytes in, cleaned message bytes and a report out.
///
/// One-shot: `Cleaner(options:).clean(bytes)`. It never throws and never traps on
/// input; what it cannot handle it leaves as it is and says so in the report.
public struct Cleaner: Sendable {
    /// Fixed at init: the stages are built from them (a mode changed afterwards would
    /// clean one way and report another).
    public let options: CleanOptions
    let stages: [any ContentStage]

    public init(options: CleanOptions = CleanOptions()) {
        self.options = options
        self.stages = defaultStages(options: options)
    }

    public func clean(_ bytes: [UInt8]) -> CleanResult {
        clean(bytes, recipients: nil)
    }

    /// Cleans a message for these recipients (the envelope's, which a milter knows) instead
    /// of the options' or the message's own `Delivered-To`/`To`.
    public func clean(_ bytes: [UInt8], recipients: [String]?) -> CleanResult {
        let message = MIMEMessage(bytes: bytes, limits: options.limits)
        var report = CleanReport()
        report.problems = message.problems.map { "\($0.kind.rawValue) at byte \($0.byteOffset)" }
        report.messageID = message.headerValue("message-id")
        report.subject = message.headerValue("subject")
        report.from = message.headerValue("from")
        report.date = message.headerValue("date")
        report.signingDomains = message.root.fields.filter { $0.hasName("dkim-signature", in: message.bytes) }
            .compactMap { Self.dkimDomain(message.bytes[$0.valueRange]) }
        if message.limitExceeded {
            report.skipped.append("message exceeds parser limits; passed through untouched")
            return CleanResult(bytes: bytes, changed: false, report: report)
        }
        var editor = MessageEditor(message: message)
        HeaderStage.run(on: message, editor: &editor, report: &report)

        let context = MessageFacts(message: message, options: options, recipients: recipients, from: report.from)
        report.recipients = context.recipients
        let protected = protectedParts(message)
        for part in message.parts {
            let mimeType = part.contentType.mimeType
            var visit = PartVisit(index: part.index, mimeType: mimeType, charset: part.contentType.charset,
                                  transferEncoding: transferEncodingName(part.transferEncoding), outcome: .unchanged, note: nil)
            if let reason = protected[part.index] {
                visit.outcome = .skipped
                visit.note = reason
                // Report the outermost protected container only; its contents follow from it.
                if part.parent.map({ protected[$0] == nil }) ?? true {
                    report.skipped.append("part \(part.index) (\(mimeType)): \(reason)")
                }
                report.parts.append(visit)
                continue
            }
            guard part.isLeaf, let stage = stages.first(where: { $0.handles(part) }) else {
                report.parts.append(visit)
                continue
            }
            switch processLeaf(part, stage: stage, message: message, context: context, editor: &editor, report: &report) {
            case .changed: visit.outcome = .changed
            case .unchanged: break
            case .skipped(let why):
                visit.outcome = .skipped
                visit.note = why
                report.skipped.append("part \(part.index) (\(mimeType)): \(why)")
            }
            report.parts.append(visit)
        }

        guard editor.hasEdits else {
            return CleanResult(bytes: bytes, changed: false, report: report)
        }
        if options.addTraceField {
            editor.prependRootField(name: "X-Trackless", value: traceValue(report))
        }
        let output = editor.output()
        // The last check before delivery: the cleaned message must split into the parts the
        // original did. Edits are made not to write boundaries; should one still appear, the
        // reader gets the original rather than a part the cleaner never saw.
        guard message.hasSameStructure(as: MIMEMessage(bytes: output, limits: options.limits)) else {
            report.findings = []
            report.tally = ChangeTally()
            report.parts = report.parts.map { var p = $0; if p.outcome == .changed { p.outcome = .unchanged }; return p }
            report.skipped.append("the cleaned message would not split into the same parts; passed through untouched")
            return CleanResult(bytes: bytes, changed: false, report: report)
        }
        return CleanResult(bytes: output, changed: true, report: report)
    }

    /// Cleans one HTML document (UTF-8 or another ASCII-compatible charset) as `clean`
    /// cleans a decoded text/html part, with the same rules, link cleaning and mode; for
    /// callers that hold HTML rather than a message.
    /// - Parameters:
    ///   - recipients: addresses whose appearance in a URL marks it as identifying; the
    ///     options' recipients when empty.
    ///   - sender: the sender's address, for the rules that look at it.
    ///   - baseURL: the document's base for relative URLs, if it has one.
    /// - Returns: the cleaned bytes (`nil` when nothing changed) and the findings (none when
    ///   the options' `listsFindings` is false).
    public func cleanHTML(_ html: [UInt8], recipients: [String] = [], sender: String? = nil,
                          baseURL: String? = nil) -> (output: [UInt8]?, findings: [Finding]) {
        // The stage `clean` runs on text/html parts, so both clean alike.
        guard let stage = stages.lazy.compactMap({ $0 as? HTMLStage }).first else { return (nil, []) }
        let context = MessageContext(recipients: recipients.isEmpty ? options.recipients : recipients, senderAddress: sender)
        // As `clean` does: a cleaner made with `listsFindings` false counts, and lists nothing.
        var findings = FindingLog(lists: options.listsFindings)
        let output = stage.clean(html[...], context: context, baseURL: baseURL, partIndex: 0, findings: &findings)
        return (output, findings.list)
    }

    enum LeafOutcome { case changed, unchanged, skipped(String) }

    /// Decodes a leaf, runs its stage, and re-encodes it when the stage changed it.
    func processLeaf(_ part: MIMEPart, stage: any ContentStage, message: MIMEMessage, context: MessageFacts,
                     editor: inout MessageEditor, report: inout CleanReport) -> LeafOutcome {
        if case .other(let cte) = part.transferEncoding { return .skipped("unknown transfer encoding \(cte)") }
        guard let (working, charset, lines) = Self.workingContent(of: part, in: message) else {
            return .skipped("unknown charset \(part.contentType.charset ?? "")")
        }
        var findings = FindingLog(lists: options.listsFindings)
        guard let changed = stage.process(working, part: part, context: context, findings: &findings) else {
            findings.move(to: &report)
            return .unchanged
        }
        var content = changed
        var newCharset: String?
        if !charset.isASCIICompatible {
            if let back = charset.encode(String(decoding: changed, as: UTF8.self)) {
                content = back
            } else {
                newCharset = "utf-8"
            }
        }
        do {
            // Content in the part's own charset keeps the quoted-printable lines it still holds.
            try editor.replaceContent(
                of: part, with: content, newCharset: newCharset,
                decodedLines: charset.isASCIICompatible ? lines.map { (working, $0) } : nil)
        } catch {
            return .skipped("not rewritten: \(error)")
        }
        findings.move(to: &report)
        return .changed
    }

    /// A text leaf's content as the stages read it: its transfer encoding undone, in its own
    /// charset when that is ASCII-compatible (edited in place), else in UTF-8. nil for an
    /// unknown charset. Text without a charset is US-ASCII (RFC 2045).
    /// A quoted-printable leaf in an ASCII-compatible charset comes with its line map.
    static func workingContent(of part: MIMEPart, in message: MIMEMessage)
        -> (ArraySlice<UInt8>, Charset, QuotedPrintableLines?)?
    {
        guard let charset = Charset(label: part.contentType.charset ?? "us-ascii") else { return nil }
        if charset.isASCIICompatible, case .quotedPrintable = part.transferEncoding {
            let (decoded, lines) = message.decodedQuotedPrintable(of: part)
            return (decoded[...], charset, lines)
        }
        let decoded = message.decodedContent(of: part)
        return (charset.isASCIICompatible ? decoded : Array(charset.decode(Array(decoded)).text.utf8)[...], charset, nil)
    }

    /// Parts inside signed or encrypted containers, with the reason: they stay byte-identical.
    func protectedParts(_ message: MIMEMessage) -> [Int: String] {
        var result: [Int: String] = [:]
        for part in message.parts {
            if let parent = part.parent, let why = result[parent] {
                result[part.index] = why
                continue
            }
            switch part.contentType.mimeType {
            case "multipart/signed": result[part.index] = "signed"
            case "multipart/encrypted", "application/pgp-encrypted": result[part.index] = "encrypted"
            case "application/pkcs7-mime", "application/x-pkcs7-mime":
                result[part.index] = part.contentType.parameters["smime-type"] == "signed-data" ? "signed" : "encrypted"
            default:
                if part.isLeaf, part.contentType.type == "text", isInlinePGP(message, part) {
                    result[part.index] = "inline OpenPGP"
                }
            }
        }
        return result
    }

    func isInlinePGP(_ message: MIMEMessage, _ part: MIMEPart) -> Bool {
        let marker = Array("-----BEGIN PGP ".utf8)
        let body = message.bytes[part.bodyRange]
        // Only plain (identity or QP) bodies can carry an armored block visibly; check the start region.
        let window = body.prefix(64 * 1024)
        guard window.count >= marker.count else { return false }
        return window.withUnsafeBufferPointer { bytes in
            guard let base = bytes.baseAddress else { return false }
            var index = 0
            // memchr finds each candidate "-"; the rest of the marker is compared there.
            while index + marker.count <= bytes.count, let hit = memchr(base + index, 0x2D, bytes.count - index) {
                let at = UnsafeRawPointer(hit) - UnsafeRawPointer(base)
                guard at + marker.count <= bytes.count else { return false }
                if memcmp(base + at, marker, marker.count) == 0 { return true }
                index = at + 1
            }
            return false
        }
    }

    /// The `d=` tag of a DKIM-Signature value (folded or not), lower-cased. On the bytes:
    /// every message `filter` cleans goes through it.
    static func dkimDomain(_ value: ArraySlice<UInt8>) -> String? {
        func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0D || b == 0x0A }
        var i = value.startIndex
        while i < value.endIndex {
            while i < value.endIndex, isSpace(value[i]) { i += 1 }
            let tagStart = i
            while i < value.endIndex, value[i] != 0x3B { i += 1 }  // ';'
            var tag = value[tagStart..<i]
            if i < value.endIndex { i += 1 }
            // Tag names are case-sensitive (RFC 6376 section 3.2): `d=` exactly.
            guard tag.count >= 2, tag[tag.startIndex] == 0x64, tag[tag.startIndex + 1] == 0x3D else { continue }
            tag = tag.dropFirst(2)
            while let f = tag.first, isSpace(f) { tag = tag.dropFirst() }
            while let l = tag.last, isSpace(l) { tag = tag.dropLast() }
            return String(decoding: tag.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }, as: UTF8.self)
        }
        return nil
    }

    func traceValue(_ report: CleanReport) -> String {
        let counts = report.countWords
        let mode = options.strict ? " strict;" : ""
        return "\(TracklessVersion.string);\(mode) \(counts.isEmpty ? "changed" : counts)"
    }
}

func transferEncodingName(_ te: TransferEncoding) -> String {
    switch te {
    case .sevenBit: return "7bit"
    case .eightBit: return "8bit"
    case .binary: return "binary"
    case .quotedPrintable: return "quoted-printable"
    case .base64: return "base64"
    case .other(let s): return s
    }
}
