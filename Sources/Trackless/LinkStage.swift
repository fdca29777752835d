import MailMIME
import TrackerRules

/// Turns one link's cleaning into report findings; shared by the HTML and text stages.
/// One value per part: links that lose the same parameters (most of a newsletter's) share
/// one sentence, as they share one storage.
struct LinkReporting {
    private var lastRemoved: [String] = []
    private var lastSentence = ""

    /// Appends what cleaning one link did (or left in place on purpose) to `result`.
    /// `original`: the link as it came, made only for a wrapper left in place that is listed.
    mutating func report(_ cleaning: LinkCleaning, original: @autoclosure () -> String, part: Int,
                         to result: inout FindingLog) {
        // By index, reading fields in place: a copy of each step would retain its strings.
        for k in cleaning.steps.indices {
            switch cleaning.steps[k].kind {
            case .unwrap:
                result.add(.link, .rewritten) {
                    Finding(kind: .link, action: .rewritten, vendor: cleaning.steps[k].vendor, certainty: .named,
                            reason: ReportWording.unwrapped(vendor: cleaning.steps[k].vendor),
                            rule: cleaning.steps[k].rule, subject: cleaning.steps[k].before,
                            replacement: cleaning.steps[k].after, part: part)
                }
            case .stripParameters:
                result.add(.param, .rewritten) {
                    Finding(kind: .param, action: .rewritten, vendor: cleaning.steps[k].vendor, certainty: .named,
                            reason: removedSentence(cleaning.steps[k].removedParameters),
                            rule: cleaning.steps[k].rule, subject: cleaning.steps[k].before,
                            replacement: cleaning.steps[k].after, part: part)
                }
            }
        }
        // What is left in place is only listed, never counted: `add` builds these only then.
        if let opaque = cleaning.opaqueTracker {
            result.add(.link, .kept) {
                Finding(kind: .link, action: .kept, vendor: opaque.vendor, certainty: .named,
                        reason: ReportWording.opaqueWrapper, rule: opaque.rule, subject: original(), part: part)
            }
        }
        if let security = cleaning.securityWrapper {
            result.add(.link, .kept) {
                Finding(kind: .link, action: .kept, vendor: security.vendor, certainty: .named,
                        reason: ReportWording.securityWrapper, rule: security.rule, subject: original(), part: part)
            }
        }
        if let refusal = cleaning.refusal {
            result.add(.link, .kept) {
                Finding(kind: .link, action: .kept, vendor: refusal.vendor, certainty: .named,
                        reason: ReportWording.wrapperLeft(refusal.reason), rule: refusal.rule, subject: original(),
                        part: part)
            }
        }
    }

    private mutating func removedSentence(_ names: [String]) -> String {
        if names != lastRemoved || lastSentence.isEmpty {
            lastRemoved = names
            lastSentence = ReportWording.removedParameters(names)
        }
        return lastSentence
    }
}

/// Cleans links in text/plain parts: unwraps, strips tracking parameters, reports opaque wrappers.
///
/// format=flowed with DelSp=yes (RFC 3676 section 4.2) is unfolded first, so that a URL a
/// client would join across a soft line break is seen whole; the rewritten URL then
/// replaces the whole broken span on one line.
struct TextStage: ContentStage {
    let links: LinkCleaner

    func handles(_ part: MIMEPart) -> Bool {
        part.contentType.mimeType == "text/plain"
    }

    func process(_ content: ArraySlice<UInt8>, part: MIMEPart, context: MessageFacts, findings: inout FindingLog) -> [UInt8]? {
        // The unfolding and the splice work on an array of their own.
        let content = Array(content)
        let flowedDelSp = part.contentType.parameters["format"]?.lowercased() == "flowed"
            && part.contentType.parameters["delsp"]?.lowercased() == "yes"
        let view = flowedDelSp ? UnfoldedText(flowed: content) : UnfoldedText(plain: content)
        var edits: [SpliceEdit] = []
        var reporting = LinkReporting()
        let urls = plainTextURLs(in: view.text)
        let urlRanges = urls.map(\.range)
        for (index, found) in urls.enumerated() {
            let raw = view.text[found.range]
            // Only ASCII URLs are rewritten: their bytes mean the same in every ASCII-compatible charset.
            guard raw.allSatisfy({ $0 < 0x80 }) else { continue }
            let url = (found.isSchemeless ? "http://" : "") + String(decoding: raw, as: UTF8.self)
            // A log that only counts needs neither the removed names nor each step's URLs.
            let cleaning = links.clean(url, linkText: view.context(ofURL: index, in: urlRanges),
                                       namingParameters: findings.lists, describingSteps: findings.lists)
            reporting.report(cleaning, original: url, part: part.index, to: &findings)
            guard cleaning.changed else { continue }
            var replacement = cleaning.url
            if found.isSchemeless, replacement.hasPrefix("http://") { replacement.removeFirst(7) }
            edits.append(SpliceEdit(range: view.originalRange(of: found.range), replacement: Array(replacement.utf8)))
        }
        return edits.isEmpty ? nil : MessageEditor.apply(edits, to: content)
    }
}

/// Text with soft line breaks removed, and the way back to original offsets.
struct UnfoldedText {
    var text: [UInt8]
    /// For each removed soft break: (offset in `text` where it was, bytes removed so far after it).
    private var breaks: [(at: Int, removedSoFar: Int)] = []

    init(plain: [UInt8]) { text = plain }

    /// Removes "SP CRLF" / "SP LF" soft breaks of format=flowed; DelSp=yes deletes the space too.
    init(flowed: [UInt8]) {
        text = []
        text.reserveCapacity(flowed.count)
        var removed = 0
        var i = 0
        while i < flowed.count {
            let b = flowed[i]
            if b == 0x20 {
                let lfAt = (i + 1 < flowed.count && flowed[i + 1] == 0x0A) ? i + 1
                    : (i + 2 < flowed.count && flowed[i + 1] == 0x0D && flowed[i + 2] == 0x0A) ? i + 2 : -1
                // "-- " is the signature separator, never a soft break (RFC 3676 section 4.3).
                let lineStart = text.lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
                let isSignatureSeparator = text.count - lineStart == 2 && text[lineStart...] == [0x2D, 0x2D]
                if lfAt > 0, !isSignatureSeparator {
                    removed += lfAt - i + 1
                    breaks.append((text.count, removed))
                    i = lfAt + 1
                    continue
                }
            }
            text.append(b)
            i += 1
        }
    }

    /// Maps a range of `text` back to the original bytes (a soft break inside it is included).
    func originalRange(of range: Range<Int>) -> Range<Int> {
        func shift(_ offset: Int, inclusive: Bool) -> Int {
            var extra = 0
            for br in breaks {
                if br.at < offset || (inclusive && br.at == offset) { extra = br.removedSoFar } else { break }
            }
            return offset + extra
        }
        return shift(range.lowerBound, inclusive: true)..<shift(range.upperBound, inclusive: false)
    }

    /// The words around URL `index` of `urls` (in order) on its line, as link context (an
    /// "Unsubscribe:" label, for example). URLs are left out, its own included: a link is
    /// judged by the text around it, never by parameters that cleaning may change (a second
    /// clean would judge it differently). The window is bounded on each side by text length
    /// and URL count, both unchanged by cleaning, so a long line costs no more than a short one.
    func context(ofURL index: Int, in urls: [Range<Int>]) -> String {
        let maxText = 200, maxURLs = 4
        var before: [UInt8] = []
        var pos = urls[index].lowerBound
        var k = index - 1
        var skipped = 0
        while pos > 0, before.count < maxText {
            if k >= 0, urls[k].upperBound >= pos {
                skipped += 1
                if skipped > maxURLs { break }
                pos = min(pos, urls[k].lowerBound)
                k -= 1
                before.append(0x20)
                continue
            }
            let b = text[pos - 1]
            if b == 0x0A { break }
            before.append(b)
            pos -= 1
        }
        var words = Array(before.reversed())
        words.append(0x20)
        pos = urls[index].upperBound
        k = index + 1
        skipped = 0
        var after = 0
        while pos < text.count, after < maxText {
            if k < urls.count, urls[k].lowerBound <= pos {
                skipped += 1
                if skipped > maxURLs { break }
                pos = max(pos, urls[k].upperBound)
                k += 1
                words.append(0x20)
                continue
            }
            let b = text[pos]
            if b == 0x0A || b == 0x0D { break }
            words.append(b)
            after += 1
            pos += 1
        }
        return String(decoding: words, as: UTF8.self)
    }
}
