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
    ///   - describingSteps: false leaves each step's `before` and `after` empty, for
    ///     callers that only count what changed (the final `url` is always there).
    /// - Returns: the final URL (the input itself when nothing changed) and the steps.
    public func clean(_ url: String, linkText: String? = nil, namingParameters: Bool = true,
                      describingSteps: Bool = true) -> LinkCleaning {
        var copy = url
        var text = linkText
        let found = copy.withUTF8 { urlBytes in
            Self.withOptionalUTF8(&text) { textBytes in
                clean(bytes: urlBytes, linkText: textBytes, namingParameters: namingParameters,
                      describingSteps: describingSteps, original: url)
            }
        }
        return found ?? LinkCleaning(url: url)
    }

    /// `clean` of a link's bytes, for callers that hold the URL and its text as bytes (the
    /// HTML rewriter reads them where they lie in the message): nil when there is nothing
    /// to say, neither a change nor a wrapper left in place, so the common link costs no
    /// string. Strings are made for what is reported, and only then.
    /// - Parameters:
    ///   - bytes: the URL (entity-decoded, not percent-decoded).
    ///   - linkText: the visible text, UTF-8, if any.
    ///   - describingSteps: false leaves each step's `before` and `after` empty, for
    ///     callers that only count what changed (the final `url` is always there).
    ///   - original: the URL as a string, when the caller has one (else made from `bytes`
    ///     when a result needs it).
    public func clean(
        bytes url: UnsafeBufferPointer<UInt8>, linkText: UnsafeBufferPointer<UInt8>?, namingParameters: Bool = true,
        describingSteps: Bool = true, original: String? = nil
    ) -> LinkCleaning? {
        func originalString() -> String { original ?? String(decoding: url, as: UTF8.self) }
        // HTML strips leading and trailing ASCII whitespace from URL attributes.
        var start = 0
        var end = url.count
        while start < end, isASCIISpace(url[start]) { start += 1 }
        while end > start, isASCIISpace(url[end - 1]) { end -= 1 }
        let trimmedNothing = start == 0 && end == url.count
        if end - start > LinkCleaner.maxURLLength {
            return LinkCleaning(url: originalString(), refusal: LinkRefusal(rule: "length", vendor: "", reason: .tooLong))
        }

        // The verdict is gathered in locals and the result made once at the end: a
        // `LinkCleaning` built first and filled in was copied twice per link.
        var opaqueTracker: LinkTracker?
        var securityWrapper: LinkTracker?
        var refusal: LinkRefusal?
        var current = LinkURL(Array(UnsafeBufferPointer(rebasing: url[start..<end])))
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
                            return LinkCleaning(url: originalString(), refusal: LinkRefusal(rule: m.rule, vendor: m.vendor, reason: .tooDeep))
                        }
                        depth += 1
                        steps.append(LinkStep(kind: .unwrap, rule: m.rule, vendor: m.vendor,
                                              before: describingSteps ? string(current.bytes) : "",
                                              after: describingSteps ? string(dest) : ""))
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

        var final: String?
        // A wrapper left in place stays byte for byte: its parameters are often signed.
        if !keptWrapper, let s = ParamStripper.strip(current, linkText: linkText, naming: namingParameters) {
            let after = string(s.bytes)
            final = after
            // Unchanged by unwrapping or trimming, the link is the input itself.
            let before = !describingSteps ? "" : steps.isEmpty && trimmedNothing ? originalString() : string(current.bytes)
            steps.append(LinkStep(kind: .stripParameters, rule: s.rule, vendor: nil,
                                  before: before, after: describingSteps ? after : "", removedParameters: s.removed))
        } else if let last = steps.last {
            final = describingSteps ? last.after : string(current.bytes)
        }
        if final == nil && opaqueTracker == nil && securityWrapper == nil && refusal == nil { return nil }
        return LinkCleaning(url: final ?? originalString(), steps: steps, opaqueTracker: opaqueTracker,
                            securityWrapper: securityWrapper, refusal: refusal)
    }

    /// Calls `body` with the UTF-8 bytes of `text`, or nil.
    private static func withOptionalUTF8<R>(_ text: inout String?, _ body: (UnsafeBufferPointer<UInt8>?) -> R) -> R {
        guard var value = text else { return body(nil) }
        return value.withUTF8 { body($0) }
    }

    private func string(_ b: [UInt8]) -> String { String(decoding: b, as: UTF8.self) }

    @inline(__always)
    private func isASCIISpace(_ b: UInt8) -> Bool {
        b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0C || b == 0x0D
    }
}
