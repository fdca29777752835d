/// Cleans click-tracking links: unwraps wrappers that carry their destination, reports
/// opaque ones, and strips tracking parameters. Never touches the network.
///
/// ```swift
/// let cleaner = LinkCleaner()
/// let r = cleaner.clean("https://www.google.com/url?q=https://example.com/&sa=D")
/// r.url    // "https://example.com/"
/// r.steps  // [unwrap google-url]
/// ```
public struct LinkCleaner: Sendable {
    /// Most wrappers unwrapped in one link; a deeper chain is left as it was.
    public static let maxUnwrapDepth = 5
    /// Longest link looked at (bytes); longer ones are left as they are.
    public static let maxURLLength = 16 * 1024

    /// Unwrap security wrappers (Safe Links, Proofpoint, Trend Micro, Sophos, Barracuda)
    /// too. Off by default: organisations deploy them on purpose.
    public var unwrapSecurityLinks: Bool

    /// Creates a cleaner.
    /// - Parameter unwrapSecurityLinks: also unwrap security wrappers. Default `false`.
    public init(unwrapSecurityLinks: Bool = false) {
        self.unwrapSecurityLinks = unwrapSecurityLinks
    }

    /// Cleans one link.
    /// - Parameters:
    ///   - url: the link as it appears in `href` (entity-decoded, not percent-decoded).
    ///   - linkText: the visible text of the link, if any; "Unsubscribe" and similar
    ///     texts make the cleaner keep the page's parameters.
    ///   - namingParameters: list the names of the parameters removed in the step that
    ///     strips them; false leaves the list empty (for callers that only count).
    /// - Returns: the final URL (the input itself when nothing changed) and the steps.
    public func clean(_ url: String, linkText: String? = nil, namingParameters: Bool = true) -> LinkCleaning {
        // HTML strips leading and trailing ASCII whitespace from URL attributes.
        var bytes = Array(url.utf8)
        var start = 0
        var end = bytes.count
        while start < end, isASCIISpace(bytes[start]) { start += 1 }
        while end > start, isASCIISpace(bytes[end - 1]) { end -= 1 }
        let trimmedNothing = start == 0 && end == bytes.count
        if !trimmedNothing { bytes = Array(bytes[start..<end]) }
        if bytes.count > LinkCleaner.maxURLLength {
            return LinkCleaning(url: url, refusal: LinkRefusal(rule: "length", vendor: "", reason: .tooLong))
        }

        // The verdict is gathered in locals and the result made once at the end: a
        // `LinkCleaning` built first and filled in was copied twice per link.
        var opaqueTracker: LinkTracker?
        var securityWrapper: LinkTracker?
        var refusal: LinkRefusal?
        var current = LinkURL(bytes)
        var steps: [LinkStep] = []
        var keptWrapper = false
        var depth = 0
        while let m = LinkWrapperRules.match(&current) {
            switch m.wrapperClass {
            case .opaque:
                opaqueTracker = LinkTracker(vendor: m.vendor, rule: m.rule)
                keptWrapper = true
            case .opaqueSecurity:
                securityWrapper = LinkTracker(vendor: m.vendor, rule: m.rule)
                keptWrapper = true
            case .security where !unwrapSecurityLinks:
                securityWrapper = LinkTracker(vendor: m.vendor, rule: m.rule)
                keptWrapper = true
            case .carrier, .security:
                switch m.payload {
                case .destination(let raw):
                    switch LinkDestination.validate(raw) {
                    case .success(let dest):
                        if depth == LinkCleaner.maxUnwrapDepth {
                            // Too deep: keep the link exactly as it came.
                            return LinkCleaning(url: url, refusal: LinkRefusal(rule: m.rule, vendor: m.vendor, reason: .tooDeep))
                        }
                        depth += 1
                        steps.append(LinkStep(kind: .unwrap, rule: m.rule, vendor: m.vendor,
                                              before: string(current.bytes), after: string(dest)))
                        current = LinkURL(dest)
                        continue
                    case .failure(let reason):
                        refusal = LinkRefusal(rule: m.rule, vendor: m.vendor, reason: reason)
                    }
                case .failed(let reason):
                    refusal = LinkRefusal(rule: m.rule, vendor: m.vendor, reason: reason)
                case .none:
                    refusal = LinkRefusal(rule: m.rule, vendor: m.vendor, reason: .missingDestination)
                }
                keptWrapper = true
            }
            break
        }

        var final = url
        // A wrapper left in place stays byte for byte: its parameters are often signed.
        if !keptWrapper, let s = ParamStripper.strip(current, linkText: linkText, naming: namingParameters) {
            // Unchanged by unwrapping or trimming, the link is the input string itself.
            let before = steps.isEmpty && trimmedNothing ? url : string(current.bytes)
            final = string(s.bytes)
            steps.append(LinkStep(kind: .stripParameters, rule: s.rule, vendor: nil,
                                  before: before, after: final, removedParameters: s.removed))
        } else if let last = steps.last {
            final = last.after
        }
        return LinkCleaning(url: final, steps: steps, opaqueTracker: opaqueTracker,
                            securityWrapper: securityWrapper, refusal: refusal)
    }

    private func string(_ b: [UInt8]) -> String { String(decoding: b, as: UTF8.self) }

    @inline(__always)
    private func isASCIISpace(_ b: UInt8) -> Bool {
        b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0C || b == 0x0D
    }
}
