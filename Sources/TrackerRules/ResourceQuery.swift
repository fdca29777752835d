import Synchronization
/// What a remote load is for, as the HTML layer found it.
public enum ResourceKind: String, Sendable, CaseIterable {
    /// `<img src>`, `<input type=image>`, VML `<v:imagedata>`, `srcset` candidates.
    case image
    /// CSS `background`/`background-image`, the `background` attribute, VML fills.
    case background
    /// `<link rel=stylesheet>`, `@import`.
    case stylesheet
    /// `@font-face` sources.
    case font
    /// `<video>`, `<audio>`, `<source>`, `<track>`, `poster`.
    case media
    /// `<iframe>`, `<frame>`, `<object>`, `<embed>`.
    case frame
    /// `<script src>`.
    case script
    /// Resource hints: preload, prefetch, dns-prefetch, preconnect, icons, manifests.
    case hint
    /// `<a ping>` / `<area ping>` hyperlink auditing.
    case ping
    /// `<meta http-equiv=refresh>` to a remote URL.
    case refresh
    /// Anything else that loads on open (CSS `cursor`, `list-style-image`, ...).
    case other

    /// A small stable number per case, for bit sets.
    var ordinal: Int {
        switch self {
        case .image: return 0
        case .background: return 1
        case .stylesheet: return 2
        case .font: return 3
        case .media: return 4
        case .frame: return 5
        case .script: return 6
        case .hint: return 7
        case .ping: return 8
        case .refresh: return 9
        case .other: return 10
        }
    }

    /// Kinds whose load shows an image, where size and visibility mean something.
    var isImageLike: Bool {
        switch self {
        case .image, .background, .media: return true
        default: return false
        }
    }
}

/// One remote load found in a message, to be decided.
public struct ResourceQuery: Sendable, Equatable {
    /// The absolute URL, with HTML entities and CSS escapes already decoded.
    public var url: String
    /// What the load is for.
    public var kind: ResourceKind
    /// CSS pixel width from attributes or CSS, when known.
    public var width: Int?
    /// CSS pixel height from attributes or CSS, when known.
    public var height: Int?
    /// True when the element or a container is not shown: `display:none`,
    /// `visibility:hidden`, `opacity:0`, `max-height:0`, off-screen, zero-size.
    public var hidden: Bool
    /// How many times this exact URL is loaded in the whole message (at least 1).
    public var occurrences: Int

    public init(
        url: String, kind: ResourceKind, width: Int? = nil, height: Int? = nil,
        hidden: Bool = false, occurrences: Int = 1
    ) {
        self.url = url
        self.kind = kind
        self.width = width
        self.height = height
        self.hidden = hidden
        self.occurrences = occurrences
    }
}

/// How sure a decision is.
public enum Certainty: String, Sendable, Equatable {
    /// A named rule (vendor host/path, path signature, user rule or fixed policy) matched.
    case named
    /// Generic signals (size, visibility, tracker-shaped path, identifying data) matched.
    case heuristic
}

/// What to do with one remote load, and why.
public struct TrackerDecision: Sendable, Equatable {
    /// The action for the caller.
    public enum Action: Sendable, Equatable {
        /// Leave the load as it is.
        case keep
        /// Remove the load.
        case remove
        /// Load this URL instead: the same resource with identifying parameters removed.
        case replace(url: String)
    }

    // Stored in this order (strings first, bytes last) so that no field pads: one
    // decision is kept per removed load, and a message may hold tens of thousands.
    /// The tracking vendor, when a named rule knows it.
    public var vendor: String?
    /// A stable identifier of the rule or heuristic that decided, e.g. `mailchimp/1`,
    /// `heuristic/tiny`, `identity/query`, `user:rules:12`.
    public var ruleID: String
    /// The action for the caller.
    public var action: Action
    /// The reason as stored: the most frequent ones (one per pixel of a message that may
    /// hold tens of thousands) are written out only when read.
    let wording: Wording
    /// How sure the decision is; nil for a plain keep (nothing was found).
    public var certainty: Certainty?
    /// The URL carries the recipient's address (plain, encoded or hashed): the report's
    /// "identifying" kind, whatever the load is.
    public var carriesRecipient: Bool
    /// A sentence for people: "Mailchimp open pixel (host list-manage.com, path /track/open.php)".
    public var reason: String { wording.sentence }

    public init(action: Action, vendor: String?, certainty: Certainty?, reason: String, ruleID: String,
                carriesRecipient: Bool = false) {
        self.init(action: action, vendor: vendor, certainty: certainty, wording: .text(reason), ruleID: ruleID,
                  carriesRecipient: carriesRecipient)
    }

    init(action: Action, vendor: String?, certainty: Certainty?, wording: Wording, ruleID: String,
         carriesRecipient: Bool = false) {
        self.action = action
        self.vendor = vendor
        self.certainty = certainty
        self.wording = wording
        self.ruleID = ruleID
        self.carriesRecipient = carriesRecipient
    }

    public static func == (a: TrackerDecision, b: TrackerDecision) -> Bool {
        a.action == b.action && a.vendor == b.vendor && a.certainty == b.certainty && a.ruleID == b.ruleID
            && a.carriesRecipient == b.carriesRecipient && a.wording == b.wording
    }

    /// A decision's reason, kept as its facts until a report reads it.
    enum Wording: Sendable, Equatable {
        case text(String)
        /// An image no reader sees: hidden everywhere, or this small (-1: unknown side).
        case invisibleImage(hidden: Bool, width: Int32, height: Int32)

        static func invisible(hidden: Bool, width: Int?, height: Int?) -> Wording {
            func side(_ value: Int?) -> Int32 { value.map { Int32(clamping: $0) } ?? -1 }
            return .invisibleImage(hidden: hidden, width: side(width), height: side(height))
        }

        var sentence: String {
            switch self {
            case .text(let text):
                return text
            case .invisibleImage(let hidden, let width, let height):
                func side(_ value: Int32) -> String { value < 0 ? "?" : String(value) }
                let what = hidden ? "image invisible in every rendering" : "tiny image (\(side(width))x\(side(height)))"
                return "\(what): a reader sees nothing of it, so its load can only report the open"
            }
        }
    }

    /// True unless the action is `.keep`.
    public var changesLoad: Bool { action != .keep }
}

/// Per-message facts the decisions depend on; build once per message.
///
/// Building it precomputes every form in which a recipient address may appear in a URL
/// (plain, percent-encoded, base64 in three alignments, MD5/SHA-1/SHA-256 hex), so
/// `decide` only searches.
public struct MessageContext: Sendable {
    /// The message's recipient addresses as given (To, Cc, Delivered-To, ...).
    public let recipients: [String]
    /// The sender's address (From), if known.
    public let senderAddress: String?
    /// The sender's domain in lower case, if known (from `senderAddress` when not given).
    public let senderDomain: String?
    let identity: LazyRecipientForms
    /// The sender's registrable domain, as bytes: the first-party test of every load.
    let senderSite: [UInt8]?

    public init(recipients: [String], senderAddress: String? = nil, senderDomain: String? = nil) {
        self.recipients = recipients
        self.senderAddress = senderAddress
        var domain = senderDomain.map { HostNames.normalize($0) }
        if domain == nil || domain == "", let address = senderAddress, let at = address.lastIndex(of: "@") {
            domain = HostNames.normalize(String(address[address.index(after: at)...]))
        }
        if domain == "" { domain = nil }
        self.senderDomain = domain
        self.senderSite = domain.map { Array(HostNames.registrableDomain($0).utf8) }
        self.identity = LazyRecipientForms(recipients)
    }

    /// A context with no recipients and no sender.
    public static let empty = MessageContext(recipients: [])

    /// How a URL spells one of the recipients' addresses, if it does: `address`,
    /// `base64 address`, `MD5 of the address`, `SHA-1 of the address`, `SHA-256 of the address`.
    public func recipientForm(in url: String) -> (form: String, hashed: Bool)? {
        guard let found = identity.find(in: Substring(url)) else { return nil }
        return (found.rawValue, found != .plain)
    }
}

/// The recipients' forms, made at the first look-up: a message with no remote load never
/// needs them, and making them (each address hashed three ways and base64-encoded) cost
/// 100,000 instructions, a sixth of a short message's filter process.
final class LazyRecipientForms: Sendable {
    private let recipients: [String]
    private let forms = Mutex<RecipientForms?>(nil)

    init(_ recipients: [String]) { self.recipients = recipients }

    private func withForms<T>(_ body: (RecipientForms) -> T) -> T {
        forms.withLock { made in
            if made == nil { made = RecipientForms(recipients) }
            return body(made!)
        }
    }

    var isEmpty: Bool { withForms { $0.isEmpty } }
    func find(in text: Substring) -> RecipientForms.Encoding? { withForms { $0.find(in: text) } }
    func find(in raw: ArraySlice<UInt8>) -> RecipientForms.Encoding? { withForms { $0.find(in: raw) } }
}
