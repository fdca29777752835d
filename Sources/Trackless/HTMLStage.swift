import MailHTML
import MailMIME
import TrackerRules

/// Cleans text/html parts: the HTML rewriter finds every remote load and link, the tracker
/// rules and the link cleaner decide, and the rewriter splices the edits.
struct HTMLStage: ContentStage {
    let ruleset: Ruleset?
    let links: LinkCleaner
    let strict: Bool
    var reportKeptLoads = false

    func handles(_ part: MIMEPart) -> Bool {
        part.contentType.mimeType == "text/html"
    }

    func process(_ content: ArraySlice<UInt8>, part: MIMEPart, context: MessageFacts, findings: inout FindingLog) -> [UInt8]? {
        clean(content, context: context.rules,
              baseURL: context.baseURL(for: part), partIndex: part.index, findings: &findings)
    }

    /// One HTML document, cleaned for a message's recipients and sender.
    func clean(_ content: ArraySlice<UInt8>, context: MessageContext, baseURL: String?, partIndex: Int,
               findings: inout FindingLog) -> [UInt8]? {
        guard content.count < Int(Int32.max) else {
            findings.append(Finding(kind: .other, action: .kept, certainty: .notATracker,
                                    reason: ReportWording.htmlTooLarge, subject: "text/html part", part: partIndex))
            return nil
        }
        let policy = RulesPolicy(ruleset: ruleset ?? .builtIn, context: context, links: links, part: partIndex,
                                 listsFindings: findings.lists)
        var options = HTMLRewriteOptions(strict: strict, baseURL: baseURL)
        // The policy logs its links itself; a log that only counts reads no load's URL.
        options.reportsLinks = false
        options.reportsLoadURLs = findings.lists
        let result = rewriteHTML(content, policy: policy, options: options)
        findings.reserveCapacity(findings.list.count + result.findings.count + policy.linkFindings.list.count)
        // Findings of equal decisions share their strings, and so do equal visibilities: a
        // sentence built per finding cost 80,000 pixels removed for one reason 9 MB.
        var words = SharedWords()
        for index in result.findings.indices {
            // Links are reported from the policy's log (the rewriter was told not to).
            guard case .load(let load) = result.findings[index].subject else { continue }
            let finding = result.findings[index]
            // The rules' own decision, as they made it (nil when they would keep the load).
            let decision = result.note(of: finding)
            switch finding.action {
            case .kept:
                guard reportKeptLoads, load.kind != .base else { continue }
                let kind = Self.findingKind(load, decision: nil)
                findings.add(kind, .kept) {
                    Finding(
                        kind: kind, action: .kept, vendor: nil,
                        certainty: .notATracker, reason: ReportWording.keptLoad, subject: load.url, part: partIndex)
                }
            case .removed:
                // Strict mode removes what the rules would keep too; it says what they said.
                let strict = finding.byStrictMode
                let kind = Self.findingKind(load, decision: decision)
                findings.add(kind, .removed) {
                    Finding(
                        kind: kind, action: .removed, vendor: decision?.vendor,
                        certainty: strict ? .strict : FindingCertainty(decision?.certainty),
                        reason: words.reason(decision, strict: strict) {
                            strict ? decision.map { ReportWording.trackerInStrictMode($0.reason) } ?? ReportWording.remoteLoad
                                : decision?.reason ?? ReportWording.remoteLoad
                        },
                        rule: strict ? decision?.ruleID ?? "strict" : decision?.ruleID, subject: load.url, part: partIndex,
                        visibility: words.summary(load.visibility))
                }
            case .replaced(let url):
                findings.add(.identifying, .rewritten) {
                    Finding(
                        kind: .identifying, action: .rewritten, vendor: decision?.vendor,
                        certainty: FindingCertainty(decision?.certainty),
                        reason: words.reason(decision, strict: false) { decision?.reason ?? ReportWording.identifyingParameter },
                        rule: decision?.ruleID, subject: load.url, replacement: url, part: partIndex,
                        visibility: words.summary(load.visibility))
                }
            }
        }
        findings.append(contentsOf: policy.linkFindings)
        return result.output
    }

    /// The last reason and visibility summary written, handed out again while the next
    /// finding's decision (with its mode) or visibility is the same.
    struct SharedWords {
        private var decision: TrackerDecision?
        private var strict = false
        private var lastReason: String?
        private var visibility: LoadVisibility?
        private var lastSummary = ""

        mutating func reason(_ decision: TrackerDecision?, strict: Bool, _ make: () -> String) -> String {
            if let lastReason, let decision, decision == self.decision, strict == self.strict { return lastReason }
            let made = make()
            self.decision = decision
            self.strict = strict
            lastReason = decision == nil ? nil : made
            return made
        }

        mutating func summary(_ visibility: LoadVisibility) -> String {
            if visibility == self.visibility { return lastSummary }
            self.visibility = visibility
            lastSummary = visibility.summary
            return lastSummary
        }
    }

    static func findingKind(_ load: RemoteLoad, decision: TrackerDecision?) -> FindingKind {
        if decision?.carriesRecipient == true { return .identifying }
        switch load.kind {
        case .image: return .pixel
        case .background, .other: return .css
        case .stylesheet: return .stylesheet
        case .font: return .font
        default: return .other
        }
    }
}

/// Adapts the tracker rules and the link cleaner to the rewriter's questions.
/// A class: the rewriter asks through a non-mutating protocol, and links are logged for the report.
final class RulesPolicy: HTMLPolicy {
    let ruleset: Ruleset
    let context: MessageContext
    let links: LinkCleaner
    /// The MIME part the findings are about.
    let part: Int
    /// What cleaning the links did or left in place on purpose, in document order: made as
    /// each link is decided (a log of the cleanings turned into findings afterwards held
    /// and copied every link's strings twice).
    var linkFindings: FindingLog { linkLog.findings }
    /// The log and its wording cache in one stored property: each access to a class's
    /// stored property is checked for exclusivity at run time, and two per link showed.
    private var linkLog: (findings: FindingLog, reporting: LinkReporting)

    init(ruleset: Ruleset, context: MessageContext, links: LinkCleaner, part: Int = 0, listsFindings: Bool = true) {
        self.ruleset = ruleset
        self.context = context
        self.links = links
        self.part = part
        linkLog = (FindingLog(lists: listsFindings), LinkReporting())
    }

    func decide(_ load: RemoteLoad) -> LoadDecision<TrackerDecision> {
        var url = load.url
        return url.withUTF8 { decide(LoadQuery(urlBytes: $0, details: load)) }
    }

    /// The rewriter's question: the URL is read as bytes, no string is made for it.
    func decide(_ query: LoadQuery) -> LoadDecision<TrackerDecision> {
        let load = query.details
        guard let kind = Self.resourceKind(load.kind) else { return .keep }
        let decision = ruleset.decide(
            ResourceQuery(url: "", kind: kind, width: load.width, height: load.height,
                          hidden: load.hidden, occurrences: load.occurrences),
            urlBytes: query.urlBytes, in: context)
        switch decision.action {
        case .keep: return .keep
        case .remove: return .remove(decision)
        case .replace(let url): return .replace(url: url, decision)
        }
    }

    func decideLink(url: String, text: String) -> LinkDecision {
        var url = url, text = text
        return url.withUTF8 { u in text.withUTF8 { decideLink(LinkQuery(urlBytes: u, textBytes: $0)) } }
    }

    func decideLink(_ link: LinkQuery) -> LinkDecision {
        Self.decideLink(link, links: links, part: part, log: &linkLog)
    }

    private static func decideLink(_ link: LinkQuery, links: LinkCleaner, part: Int,
                                   log: inout (findings: FindingLog, reporting: LinkReporting)) -> LinkDecision {
        // Nothing to change or report: no string is made for the link.
        let lists = log.findings.lists
        guard let cleaning = links.clean(bytes: link.urlBytes, linkText: link.textBytes, namingParameters: lists,
                                         describingSteps: lists)
        else { return .keep }
        log.reporting.report(cleaning, original: link.url, part: part, to: &log.findings)
        return cleaning.changed ? .replace(url: cleaning.url) : .keep
    }

    static func resourceKind(_ kind: LoadKind) -> ResourceKind? {
        switch kind {
        case .image: return .image
        case .background: return .background
        case .stylesheet: return .stylesheet
        case .font: return .font
        case .media: return .media
        case .frame, .object: return .frame
        case .script: return .script
        case .hint: return .hint
        case .ping: return .ping
        case .refresh: return .refresh
        case .base: return nil
        case .other: return .other
        }
    }
}
