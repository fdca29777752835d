import MailURL

/// The rules in force: the built-in tracker data plus any user rules, and the decision
/// procedure for one remote load.
///
/// Order of decision for a load:
/// 1. not a remote load (`cid:`, `data:`, no host): keep;
/// 2. user allowlists: sender or sender domain, then host: keep;
/// 3. fixed policy by kind: `ping`, `refresh`, `script`, `frame`, `hint`: remove;
/// 4. user block rules, then built-in host rules, then built-in path signatures: remove;
/// 5. heuristics: recipient-identifying data (strip the parameter or remove); images no
///    reader can see, in any rendering (remove, whatever the URL); stylesheets and fonts
///    from third parties (remove; the sender's own site keeps them); other mail-platform
///    loads (remove); spacer images (keep); tracker-shaped paths with opaque ids (remove);
///    opaque per-recipient tokens on content URLs (strip the parameter);
/// 6. otherwise keep.
public struct Ruleset: Sendable {
    let builtin: BuiltinRules?
    var user = UserRules()
    /// Where user rules came from, in reading order.
    public private(set) var userOrigins: [String] = []

    init(builtin: BuiltinRules?) {
        self.builtin = builtin
    }

    /// The built-in rules alone, parsed once on first use.
    public static let builtIn = Ruleset(builtin: BuiltinRules.shared)

    /// The built-in rules parsed afresh, bypassing the cached copy (for benchmarks).
    public static func parsingBuiltInAgain() -> Ruleset {
        Ruleset(builtin: BuiltinRules(BuiltinTrackers.text))
    }

    /// The built-in rules loaded again from their stored index (for benchmarks); read from
    /// the text when the index does not match it.
    public static func loadingBuiltInAgain() -> Ruleset {
        Ruleset(builtin: BuiltinRules.load())
    }

    /// No rules at all: only the kind policies and heuristics decide.
    public static let heuristicsOnly = Ruleset(builtin: nil)

    /// The built-in rules (unless `includingBuiltIn` is false) plus the user rules in `text`.
    ///
    /// - Parameters:
    ///   - userRulesText: a rules file's contents (format in docs/rules.md).
    ///   - origin: a label for messages and rule ids, usually the file path.
    /// - Throws: `RulesError` naming the first bad line.
    public init(userRulesText: String, origin: String, includingBuiltIn: Bool = true) throws(RulesError) {
        self.init(builtin: includingBuiltIn ? BuiltinRules.shared : nil)
        try user.read(userRulesText, origin: origin)
        userOrigins.append(origin)
    }

    /// This ruleset with the user rules in `text` added (for several rules files).
    public func adding(userRulesText: String, origin: String) throws(RulesError) -> Ruleset {
        var copy = self
        try copy.user.read(userRulesText, origin: origin)
        copy.userOrigins.append(origin)
        return copy
    }

    /// Problems found in the built-in data (empty in a good build).
    public var builtInProblems: [RulesError] { builtin?.problems ?? [] }

    // MARK: - Deciding

    /// Decides what to do with one remote load in a message.
    public func decide(_ q: ResourceQuery, in context: MessageContext) -> TrackerDecision {
        decide(q, first: decideOnce(q, LoadTarget(q.url), in: context), in: context)
    }

    /// `decide` of a load whose URL is `urlBytes` (`q.url` is not read): the rewriter's
    /// question, asked without a string for the URL. A replacement is decided again as a
    /// string, as `decide` does.
    package func decide(_ q: ResourceQuery, urlBytes: UnsafeBufferPointer<UInt8>, in context: MessageContext) -> TrackerDecision {
        decide(q, first: decideOnce(q, LoadTarget(bytes: urlBytes), in: context), in: context)
    }

    private func decide(_ q: ResourceQuery, first: TrackerDecision, in context: MessageContext) -> TrackerDecision {
        guard case .replace(var url) = first.action else { return first }
        // A replacement is decided again, as the next clean would see it: parameters it
        // leaves may be opaque tokens, or the URL left a tracker-shaped one. (An image URL
        // with the recipient's address and a token kept the token, and the next clean took
        // it.) Each round removes a parameter, so this ends; the cap is a guard.
        var decision = first
        for _ in 0..<8 {
            var next = q
            next.url = url
            let again = decideOnce(next, in: context)
            switch again.action {
            case .keep:
                return decision
            case .remove:
                var removed = again
                removed.carriesRecipient = removed.carriesRecipient || first.carriesRecipient
                return removed
            case .replace(let further):
                guard further != url else { return decision }
                url = further
                decision = TrackerDecision(
                    action: .replace(url: further), vendor: first.vendor ?? again.vendor, certainty: first.certainty,
                    reason: "\(decision.reason); then \(again.reason)", ruleID: first.ruleID,
                    carriesRecipient: first.carriesRecipient || again.carriesRecipient)
            }
        }
        return decision
    }

    /// One decision on the URL as it is.
    func decideOnce(_ q: ResourceQuery, in context: MessageContext) -> TrackerDecision {
        decideOnce(q, LoadTarget(q.url), in: context)
    }

    /// `decideOnce` with the URL already split (`q.url` is not read).
    private func decideOnce(_ q: ResourceQuery, _ target: LoadTarget, in context: MessageContext) -> TrackerDecision {
        if target.hostBytes.isEmpty || !target.schemeIsHTTPOrAbsent {
            let scheme = target.schemeLowercased
            if !URLScheme.reachesNetwork(scheme: scheme, host: target.hostBytes) {
                return TrackerDecision(
                    action: .keep, vendor: nil, certainty: nil, reason: "not a remote load", ruleID: "none/local")
            }
            if scheme == "file" {
                // Nothing in mail needs a file share, and fetching one hands the host the
                // reader's Windows credentials: no allowlist keeps it.
                return TrackerDecision(
                    action: .remove, vendor: nil, certainty: .named,
                    reason: "file share load: Windows mail clients fetch it over SMB and send the reader's credentials to \(target.host)",
                    ruleID: "policy/file-share")
            }
        }

        if user.allows(sender: context.senderAddress, domain: context.senderDomain) {
            return TrackerDecision(
                action: .keep, vendor: nil, certainty: .named, reason: "sender allowed by a user rule",
                ruleID: "user/allow-sender")
        }
        let userHostRules = user.table.hostRules(target.hostBytes)
        for index in userHostRules {
            let rule = user.table.rules[index]
            guard rule.scope == .allowHost, rule.shape.map({ target.matches($0) }) ?? true else { continue }
            return TrackerDecision(
                action: .keep, vendor: nil, certainty: .named,
                reason: "host \(target.host) allowed by a user rule (\(rule.origin) line \(rule.line))", ruleID: rule.id)
        }

        if let policy = Ruleset.policy(q.kind, target) { return policy }

        let tinyOrHidden = q.hidden || Heuristics.isTiny(width: q.width, height: q.height)
        if let hit = match(user.table, userHostRules, target, q.kind, tinyOrHidden) { return hit }

        var espVendor: String? = nil
        var espHost = ""
        var fontCDN = false
        // Read through the optional in place: `if let` would copy the built-in rules (and
        // retain each of their tables) on every decision.
        if builtin != nil {
            let hostRules = builtin!.table.hostRules(target.hostBytes)
            if let hit = match(builtin!.table, hostRules, target, q.kind, tinyOrHidden) { return hit }
            for index in hostRules {
                let rule = builtin!.table.rules[index]
                // A weak whole-host rule that did not fire still names the platform.
                let platform = rule.scope == .esp || (rule.scope == .host && rule.weak && rule.shape == nil)
                if platform, espVendor == nil {
                    espVendor = rule.vendor
                    espHost = Ruleset.matchedHost(rule, target.host)
                } else if rule.scope == .fontCDN {
                    fontCDN = true
                }
            }
        }
        return heuristics(q, target, context, tinyOrHidden: tinyOrHidden, espVendor: espVendor, espHost: espHost, fontCDN: fontCDN)
    }

    /// Kinds that never need a remote load in mail.
    static func policy(_ kind: ResourceKind, _ target: LoadTarget) -> TrackerDecision? {
        let reason: String
        switch kind {
        case .ping: reason = "hyperlink auditing ping"
        case .refresh: reason = "meta refresh to a remote URL"
        case .script: reason = "remote script (never needed in mail)"
        case .frame: reason = "remote frame (loads a page when the message is opened)"
        case .hint: reason = "resource hint to a remote host (leaks the open)"
        default: return nil
        }
        return TrackerDecision(action: .remove, vendor: nil, certainty: .named, reason: reason, ruleID: "policy/\(kind.rawValue)")
    }

    /// The first of `hostRules` (from `table`), then the first signature of `table`, that
    /// matches.
    func match(
        _ table: RuleTable, _ hostRules: [Int], _ target: LoadTarget, _ kind: ResourceKind, _ tinyOrHidden: Bool
    ) -> TrackerDecision? {
        guard !table.isEmpty else { return nil }
        // The rule itself is made only for candidates that pass its gate.
        for index in hostRules {
            let gate = table.rules.gate(index)
            guard gate.scope == .host || gate.scope == .hostWord, gate.admits(kind, tinyOrHidden: tinyOrHidden) else { continue }
            let (shape, nocase) = table.rules.shape(index)
            if let shape, !target.matches(shape, nocase: nocase) { continue }
            return decision(table.rules[index], target, kind)
        }
        return table.firstSignature(matching: target, kind, tinyOrHidden: tinyOrHidden).map {
            decision(table.rules[$0], target, kind)
        }
    }

    private func decision(_ rule: TrackerRule, _ target: LoadTarget, _ kind: ResourceKind) -> TrackerDecision {
        let what = Ruleset.trackerNoun(kind)
        var detail: String
        switch rule.scope {
        case .signature:
            detail = "path signature \(rule.shape?.text ?? "") on \(target.host)"
        case .hostWord:
            detail = "host \(target.host)"
        default:
            let host = Ruleset.matchedHost(rule, target.host)
            detail = rule.shape.map { "host \(host), path \($0.text)" } ?? "tracking host \(host)"
        }
        if rule.weak { detail += ", tiny or hidden" }
        if !rule.origin.hasPrefix("built-in") { detail += "; \(rule.origin) line \(rule.line)" }
        return TrackerDecision(
            action: .remove, vendor: rule.vendor, certainty: .named, reason: "\(rule.vendor) \(what) (\(detail))",
            ruleID: rule.id)
    }

    static func trackerNoun(_ kind: ResourceKind) -> String {
        switch kind {
        case .image: return "open pixel"
        case .background: return "tracking background image"
        case .stylesheet: return "tracking stylesheet"
        case .font: return "tracking font"
        default: return "tracking load"
        }
    }

    /// The rule host pattern that names `host` (for reasons), else the host itself.
    static func matchedHost(_ rule: TrackerRule, _ host: String) -> String {
        let folded = HostNames.digitsFolded(host)
        for pattern in rule.hosts {
            if HostNames.isWithin(host, pattern) { return pattern }
            if let folded, HostNames.isWithin(folded, pattern) { return pattern }
        }
        return host
    }

    // MARK: - Heuristics

    private func heuristics(
        _ q: ResourceQuery, _ target: LoadTarget, _ context: MessageContext, tinyOrHidden: Bool,
        espVendor: String?, espHost: String, fontCDN: Bool
    ) -> TrackerDecision {
        let kind = q.kind
        let u = target.url
        let signals = Heuristics.pathSignals(target)
        let content = Heuristics.looksLikeContent(target, kind: kind) && !signals.strong
        let signed = Heuristics.isSigned(target)
        let vendor = espVendor

        // Invisible everywhere: nothing a reader sees is lost, so it goes whatever its URL
        // (no exemption by file name, query, repetition or host: each would be a hole).
        if kind.isImageLike && tinyOrHidden {
            return TrackerDecision(
                action: .remove, vendor: vendor, certainty: .heuristic,
                wording: .invisible(hidden: q.hidden, width: q.width, height: q.height),
                ruleID: q.hidden ? "heuristic/hidden" : "heuristic/tiny")
        }

        if let vendor, !kind.isImageLike {
            return TrackerDecision(
                action: .remove, vendor: vendor, certainty: .named,
                reason: "\(kind.rawValue) from \(vendor)'s mail platform host (\(espHost))", ruleID: "esp/\(kind.rawValue)")
        }
        let firstParty = context.senderSite.map { HostNames.isSite(target.hostBytes, $0) } ?? false
        if (kind == .font || kind == .stylesheet) && !firstParty {
            // A stylesheet or font from a third party is fetched at every open, with the
            // reader's address, by a host the sender does not run; mail must render without
            // web fonts anyway. The sender's own site is first party.
            let what = kind == .font ? "web font" : "remote stylesheet"
            let place = fontCDN ? "font CDN \(target.host)" : "third-party host \(target.host)"
            return TrackerDecision(
                action: .remove, vendor: nil, certainty: .named,
                reason: "\(what) from a \(place): tells it of every open (allow the host to keep it)",
                ruleID: "policy/third-party-\(kind.rawValue)")
        }

        // Removals by visibility and by kind come first: stripping a parameter from a load
        // that goes anyway would take two cleans to settle.
        // Recipient-identifying data: strip it from a content URL, else remove the load.
        // One search over the whole URL first; components only when it finds something.
        if !context.identity.isEmpty, context.identity.find(in: u[...]) != nil {
            var found: RecipientForms.Encoding? = nil
            var outsideQuery = false
            let o = target.offsets
            for r in [o.userinfo, o.host, Optional(o.path)] {
                if let r, let e = context.identity.find(in: u[r]) {
                    found = e
                    outsideQuery = true
                    break
                }
            }
            var names: [String] = []
            var drop = Set<Int>()
            for (i, item) in target.queryItems.enumerated() {
                if let e = context.identity.find(in: u[item.whole]) {
                    if found == nil { found = e }
                    names.append(target.string(item.name))
                    drop.insert(i)
                }
            }
            if let found {
                let noun = kind.isImageLike ? "image" : "\(kind.rawValue) load"
                if !outsideQuery, content, !signed, !signals.weak {
                    let list = names.map { "'\($0)'" }.joined(separator: ", ")
                    return TrackerDecision(
                        action: .replace(url: target.removingQueryItems(drop)), vendor: vendor, certainty: .heuristic,
                        reason: "\(noun) URL carries the recipient's \(found.rawValue) in \(list); parameter removed",
                        ruleID: "identity/query", carriesRecipient: true)
                }
                let place = outsideQuery ? "path" : "query"
                return TrackerDecision(
                    action: .remove, vendor: vendor, certainty: .heuristic,
                    reason: "\(noun) URL carries the recipient's \(found.rawValue) in its \(place)", ruleID: "identity/\(place)",
                    carriesRecipient: true)
            }
        }

        if kind == .font || kind == .stylesheet {
            return TrackerDecision(
                action: .keep, vendor: nil, certainty: nil, reason: "\(kind.rawValue) from the sender's own site",
                ruleID: "none/first-party")
        }

        let designRepeat = q.occurrences >= Heuristics.designRepeatCount
        let hasQuery = target.hasQuery
        if kind.isImageLike && Heuristics.isSpacerName(target) {
            if firstParty || !hasQuery {
                return TrackerDecision(
                    action: .keep, vendor: vendor, certainty: nil, reason: "spacer image", ruleID: "none/spacer")
            }
        }

        let opaque = Heuristics.opaqueItems(target)
        if !designRepeat {
            let strongHit = signals.strong && (hasQuery || signals.opaquePath)
            let weakHit = signals.weak && !content && (!opaque.isEmpty || signals.opaquePath)
            if strongHit || weakHit {
                return TrackerDecision(
                    action: .remove, vendor: vendor, certainty: .heuristic,
                    reason: "tracker-shaped path \(target.string(target.offsets.path)) with an id", ruleID: "heuristic/path")
            }
        }

        if !opaque.isEmpty, content, !signed {
            let list = opaque.map { "'\(target.string(target.queryItems[$0].name))'" }.joined(separator: ", ")
            return TrackerDecision(
                action: .replace(url: target.removingQueryItems(Set(opaque))), vendor: vendor, certainty: .heuristic,
                reason: "opaque per-recipient token in \(list) removed", ruleID: "token/query")
        }

        if let vendor {
            return TrackerDecision(
                action: .keep, vendor: vendor, certainty: nil,
                reason: "content image on \(vendor)'s mail platform host (\(espHost))", ruleID: "none/esp-content")
        }
        return TrackerDecision(action: .keep, vendor: nil, certainty: nil, reason: "no tracker found", ruleID: "none")
    }
}

extension BuiltinRules {
    /// The built-in data, on first use (a global `let` is initialised once, thread-safely):
    /// from the stored index (`FrozenRuleTable.builtIn`), or read from the text when the
    /// index was made from another text.
    static let shared = BuiltinRules.load()

    static func load() -> BuiltinRules {
        BuiltinRules(BuiltinTrackers.text, frozen: FrozenRuleTable.builtIn) ?? BuiltinRules(BuiltinTrackers.text)
    }
}
