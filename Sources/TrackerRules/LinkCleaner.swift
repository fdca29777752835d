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
    /// - Returns: the final URL (the input itself when nothing changed) and the steps.
    public func clean(_ url: String, linkText: String? = nil) -> LinkCleaning {
        var result = LinkCleaning(url: url)
        var bytes = Array(url.utf8)
        // HTML strips leading and trailing ASCII whitespace from URL attributes.
        while let f = bytes.first, isASCIISpace(f) { bytes.removeFirst() }
        while let l = bytes.last, isASCIISpace(l) { bytes.removeLast() }
        let trimmedNothing = bytes.count == url.utf8.count
        if bytes.count > LinkCleaner.maxURLLength {
            result.refusal = LinkRefusal(rule: "length", vendor: "", reason: .tooLong)
            return result
        }

        var current = LinkURL(bytes)
        var steps: [LinkStep] = []
        var keptWrapper = false
        var depth = 0
        while let m = LinkWrapperRules.match(&current) {
            switch m.wrapperClass {
            case .opaque:
                result.opaqueTracker = LinkTracker(vendor: m.vendor, rule: m.rule)
                keptWrapper = true
            case .opaqueSecurity:
                result.securityWrapper = LinkTracker(vendor: m.vendor, rule: m.rule)
                keptWrapper = true
            case .security where !unwrapSecurityLinks:
                result.securityWrapper = LinkTracker(vendor: m.vendor, rule: m.rule)
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
                        result.refusal = LinkRefusal(rule: m.rule, vendor: m.vendor, reason: reason)
                    }
                case .failed(let reason):
                    result.refusal = LinkRefusal(rule: m.rule, vendor: m.vendor, reason: reason)
                case .none:
                    result.refusal = LinkRefusal(rule: m.rule, vendor: m.vendor, reason: .missingDestination)
                }
                keptWrapper = true
            }
            break
        }

        // A wrapper left in place stays byte for byte: its parameters are often signed.
        if !keptWrapper, let s = ParamStripper.strip(current, linkText: linkText) {
            // Unchanged by unwrapping or trimming, the link is the input string itself.
            let before = steps.isEmpty && trimmedNothing ? url : string(current.bytes)
            let after = string(s.bytes)
            steps.append(LinkStep(kind: .stripParameters, rule: s.rule, vendor: nil,
                                  before: before, after: after, removedParameters: s.removed))
            result.url = after
        } else if let last = steps.last {
            result.url = last.after
        }
        if !steps.isEmpty { result.steps = steps }
        return result
    }

    private func string(_ b: [UInt8]) -> String { String(decoding: b, as: UTF8.self) }

    @inline(__always)
    private func isASCIISpace(_ b: UInt8) -> Bool {
        b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0C || b == 0x0D
    }
}
