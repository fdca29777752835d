/// The outcome of cleaning one link: the final URL and every step that led to it.
public struct LinkCleaning: Sendable, Equatable {
    /// The final URL; equal to the input (byte for byte) when nothing changed.
    public var url: String
    /// Each change in order: unwraps first, then at most one parameter strip.
    public var steps: [LinkStep]
    /// An opaque click tracker left in place (its destination is not in the URL).
    public var opaqueTracker: LinkTracker?
    /// A security wrapper left in place (by policy, or because it is opaque).
    public var securityWrapper: LinkTracker?
    /// Why a wrapper that carries a destination was not unwrapped.
    public var refusal: LinkRefusal?

    /// True when `url` differs from the input.
    public var changed: Bool { !steps.isEmpty }

    public init(url: String, steps: [LinkStep] = [], opaqueTracker: LinkTracker? = nil,
                securityWrapper: LinkTracker? = nil, refusal: LinkRefusal? = nil) {
        self.url = url
        self.steps = steps
        self.opaqueTracker = opaqueTracker
        self.securityWrapper = securityWrapper
        self.refusal = refusal
    }
}

/// One change made to a link.
public struct LinkStep: Sendable, Equatable {
    public enum Kind: String, Sendable, Equatable {
        /// A wrapper was replaced by the destination it carries.
        case unwrap
        /// Tracking parameters were removed from the query.
        case stripParameters
    }

    public var kind: Kind
    /// The rule that fired, e.g. `google-url`, `ses-click`, `tracking-parameters`.
    public var rule: String
    /// The vendor behind the wrapper or parameters, when known.
    public var vendor: String?
    public var before: String
    public var after: String
    /// Names of the parameters removed (for `.stripParameters`), in URL order.
    public var removedParameters: [String]

    public init(kind: Kind, rule: String, vendor: String?, before: String, after: String,
                removedParameters: [String] = []) {
        self.kind = kind
        self.rule = rule
        self.vendor = vendor
        self.before = before
        self.after = after
        self.removedParameters = removedParameters
    }
}

/// A recognised wrapper that stays in the link.
public struct LinkTracker: Sendable, Equatable {
    public var vendor: String
    public var rule: String

    public init(vendor: String, rule: String) {
        self.vendor = vendor
        self.rule = rule
    }
}

/// A wrapper that carries a destination but was left in place, and why.
public struct LinkRefusal: Sendable, Equatable {
    public enum Reason: String, Sendable, Equatable, Error {
        /// The destination field is absent or empty.
        case missingDestination
        /// The payload did not decode (percent, base64, JSON or the wrapper's own scheme).
        case undecodable
        /// The decoded destination is not an absolute URL.
        case notAbsoluteURL
        /// The destination uses a scheme other than http, https or mailto.
        case disallowedScheme
        /// The destination contains control characters, spaces or other unsafe bytes.
        case unsafeCharacters
        /// The destination's host is empty, malformed or carries user information.
        case badHost
        /// The wrapper's own data disagree with the destination (e.g. Sophos `d=`).
        case inconsistent
        /// The encoding uses features that cannot be decoded with certainty.
        case uncertainEncoding
        /// More nested wrappers than `LinkCleaner.maxUnwrapDepth`.
        case tooDeep
        /// The link is longer than `LinkCleaner.maxURLLength`.
        case tooLong
    }

    public var rule: String
    public var vendor: String
    public var reason: Reason

    public init(rule: String, vendor: String, reason: Reason) {
        self.rule = rule
        self.vendor = vendor
        self.reason = reason
    }
}
