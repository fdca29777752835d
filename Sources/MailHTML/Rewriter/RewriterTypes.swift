/// What a remote load fetches.
public enum LoadKind: String, Sendable {
    case image
    case background
    case stylesheet
    case font
    /// Audio, video, text tracks.
    case media
    /// `iframe`, `frame`, `layer`.
    case frame
    /// `object`, `embed`, `applet`.
    case object
    case script
    /// Resource hints: `preload`, `prefetch`, `dns-prefetch`, `preconnect`, `prerender`.
    case hint
    /// `<a ping>`.
    case ping
    /// `<meta http-equiv=refresh>`.
    case refresh
    /// `<base href>`: fetches nothing itself, but decides where relative URLs go.
    case base
    case other
}

/// A width and height in CSS pixels, each optional, in 32 bits apiece (-1 for none): the
/// rewriter keeps one per element and per load, tens of thousands on hostile input.
struct PackedSize: Sendable, Equatable {
    private var w: Int32
    private var h: Int32

    init(width: Int?, height: Int?) {
        w = Self.pack(width)
        h = Self.pack(height)
    }

    var width: Int? {
        get { w < 0 ? nil : Int(w) }
        set { w = Self.pack(newValue) }
    }
    var height: Int? {
        get { h < 0 ? nil : Int(h) }
        set { h = Self.pack(newValue) }
    }

    private static func pack(_ value: Int?) -> Int32 {
        guard let value, value >= 0 else { return -1 }
        return Int32(clamping: value)
    }
}

/// One remote load found in the HTML, as the policy sees it. Numbers are stored as 32-bit
/// words and the strings first, so nothing pads: a finding holds one per load.
public struct RemoteLoad: Sendable, Equatable {
    /// The URL with character references and CSS escapes decoded, and resolved against
    /// `<base href>` or `HTMLRewriteOptions.baseURL` when it was relative.
    public var url: String
    /// The element: `"img"`, `"td"`, `"style"`, `"link"`, `"v:fill"`…
    public var element: String
    /// Where the URL sits: `"src"`, `"srcset"`, `"background"`, `"style:background-image"`
    /// (inline style), `"background-image"` (a `<style>` rule), `"@import"`,
    /// `"@font-face"`…
    public var attribute: String
    private var size: PackedSize
    private var count: Int32
    public var kind: LoadKind
    /// Invisible in every rendering context (`visibility` says where and why): hidden by
    /// the cascade (`display:none`, `visibility:hidden`, `opacity:0`, zero size with
    /// `overflow:hidden`, off-screen, `mso-hide:all` for Outlook, the `hidden` attribute),
    /// too small to see, Outlook-only markup hidden in Outlook, or a `<style>` rule that
    /// applies to no shown element.
    public var hidden: Bool
    /// What the reader can see of the load on a desktop, a phone and in Outlook.
    public var visibility: LoadVisibility

    /// CSS pixels from the `width` / `height` attributes or the inline style.
    public var width: Int? {
        get { size.width }
        set { size.width = newValue }
    }
    public var height: Int? {
        get { size.height }
        set { size.height = newValue }
    }
    /// How many loads in this document use the same URL.
    public var occurrences: Int {
        get { Int(count) }
        set { count = Int32(clamping: newValue) }
    }

    public init(
        url: String, kind: LoadKind, element: String, attribute: String, width: Int? = nil,
        height: Int? = nil, hidden: Bool = false, occurrences: Int = 1, visibility: LoadVisibility? = nil
    ) {
        self.url = url
        self.element = element
        self.attribute = attribute
        size = PackedSize(width: width, height: height)
        count = Int32(clamping: occurrences)
        self.kind = kind
        self.hidden = hidden
        self.visibility = visibility ?? (hidden ? .hiddenEverywhere : .visibleEverywhere)
    }
}

/// What to do with one remote load. `Note` is the policy's own account of a removal or
/// replacement (its rule, vendor, certainty and reason): the rewriter carries it to the
/// finding untouched and never reads it.
public enum LoadDecision<Note: Sendable>: Sendable {
    case keep
    case remove(Note)
    /// Fetch `url` instead (for example the same URL without tracking parameters).
    case replace(url: String, Note)

    /// The note of a removal or replacement.
    public var note: Note? {
        switch self {
        case .keep: nil
        case .remove(let note), .replace(_, let note): note
        }
    }
}

/// What to do with one link.
public enum LinkDecision: Sendable, Equatable {
    case keep
    case replace(url: String)
}

/// One link as the rewriter asks about it: its URL and visible text as UTF-8 bytes, read
/// where they lie, so a link the policy keeps costs no string. The buffers are valid only
/// during the call they are passed to.
public struct LinkQuery {
    /// The `http(s)` URL (character references decoded, resolved against the base).
    public let urlBytes: UnsafeBufferPointer<UInt8>
    /// The visible link text, best effort (whitespace collapsed, capped).
    public let textBytes: UnsafeBufferPointer<UInt8>

    public init(urlBytes: UnsafeBufferPointer<UInt8>, textBytes: UnsafeBufferPointer<UInt8>) {
        self.urlBytes = urlBytes
        self.textBytes = textBytes
    }

    /// The URL as a string.
    public var url: String { String(decoding: urlBytes, as: UTF8.self) }
    /// The text as a string.
    public var text: String { String(decoding: textBytes, as: UTF8.self) }
}

/// One remote load as the rewriter asks about it: its URL as UTF-8 bytes, read where it
/// lies (or where its resolution against the base was written), so a load the policy keeps
/// costs no string for its URL. `urlBytes` is valid only during the call it is passed to.
public struct LoadQuery {
    /// The absolute URL, as `RemoteLoad.url` has it.
    public let urlBytes: UnsafeBufferPointer<UInt8>
    /// The rest of the load; its `url` is empty (the URL is `urlBytes`).
    public let details: RemoteLoad

    public init(urlBytes: UnsafeBufferPointer<UInt8>, details: RemoteLoad) {
        self.urlBytes = urlBytes
        self.details = details
    }

    /// The load with its URL as a string.
    public var load: RemoteLoad {
        var load = details
        load.url = String(decoding: urlBytes, as: UTF8.self)
        return load
    }
}

/// Decides about the loads and links the rewriter finds; the rewriter itself never judges
/// what tracks.
public protocol HTMLPolicy {
    /// What the policy says about a load it removes or replaces (its decision type).
    associatedtype Note: Sendable
    /// Decides about one remote load.
    func decide(_ load: RemoteLoad) -> LoadDecision<Note>
    /// `decide(_:)` on the load's URL bytes: what the rewriter calls. The default makes the
    /// URL's string and asks that; a policy that reads bytes answers here.
    func decide(_ load: LoadQuery) -> LoadDecision<Note>
    /// Decides about one `http(s)` link (`a href`, `area href`, SVG `a`, VML `href`).
    /// `text` is the visible link text, best effort (whitespace collapsed, capped).
    func decideLink(url: String, text: String) -> LinkDecision
    /// `decideLink(url:text:)` on the link's bytes: what the rewriter calls. The default
    /// makes the two strings and asks that; a policy that reads bytes answers here and
    /// makes strings only for what it changes or reports.
    func decideLink(_ link: LinkQuery) -> LinkDecision
    /// Whether two notes say the same: a load whose note equals the one before it shares
    /// that note's entry (80,000 pixels removed for one reason held 80,000 equal notes).
    /// Equatable notes compare with `==`; others are never shared.
    func isSameNote(_ first: Note, _ second: Note) -> Bool
}

extension HTMLPolicy {
    public func decide(_ load: LoadQuery) -> LoadDecision<Note> { decide(load.load) }
    public func isSameNote(_ first: Note, _ second: Note) -> Bool { false }
    public func decideLink(_ link: LinkQuery) -> LinkDecision { decideLink(url: link.url, text: link.text) }
}

extension HTMLPolicy where Note: Equatable {
    public func isSameNote(_ first: Note, _ second: Note) -> Bool { first == second }
}

/// Settings for `rewriteHTML`.
public struct HTMLRewriteOptions: Sendable {
    /// Remove every remote load without asking the policy (the policy is still asked,
    /// for the report). Images keep their place as a box holding their alt text.
    ///
    /// ### Default
    /// `false`.
    public var strict: Bool
    /// The base for relative URLs when the HTML has no `<base href>` (the part's
    /// `Content-Base` or `Content-Location`). Without any base, relative URLs are not
    /// remote loads.
    ///
    /// ### Default
    /// `nil`.
    public var baseURL: String?
    /// Link text passed to `HTMLPolicy.decideLink` is cut to this many bytes.
    ///
    /// ### Default
    /// 256.
    public var maxLinkTextBytes: Int
    /// How deep conditional comments are scanned as HTML (`<!--[if mso]>…`).
    ///
    /// ### Default
    /// 2.
    public var maxConditionalCommentDepth: Int
    /// How deep `<iframe srcdoc>` documents are rewritten (each is an HTML document held
    /// in an attribute; deeper ones are removed with their iframe's `srcdoc`).
    ///
    /// ### Default
    /// 3.
    public var maxSrcdocDepth: Int = 3
    /// Whether each link the policy replaces gets an `HTMLFinding` of its own. A policy
    /// that keeps its own log of the links it decides (as Trackless's does) turns this off.
    ///
    /// ### Default
    /// `true`.
    public var reportsLinks = true
    /// Whether the loads in findings carry their URLs. A caller that only counts findings
    /// (by kind and action) turns this off, and each decided load's URL is not written out
    /// again as a string for the report: their findings' `url` is then empty.
    ///
    /// ### Default
    /// `true`.
    public var reportsLoadURLs = true
    /// How many `srcdoc` documents enclose the one being rewritten.
    var srcdocDepth = 0

    public init(
        strict: Bool = false, baseURL: String? = nil, maxLinkTextBytes: Int = 256,
        maxConditionalCommentDepth: Int = 2
    ) {
        self.strict = strict
        self.baseURL = baseURL
        self.maxLinkTextBytes = maxLinkTextBytes
        self.maxConditionalCommentDepth = maxConditionalCommentDepth
    }
}

/// One load or link the rewriter reports.
public struct HTMLFinding: Sendable, Equatable {
    public enum Subject: Sendable, Equatable {
        case load(RemoteLoad)
        case link(url: String, text: String)
    }

    public enum Action: Sendable, Equatable {
        case kept
        case removed
        case replaced(url: String)
    }

    public var subject: Subject
    public var action: Action
    private var offset: Int32
    private var note: Int32 = -1
    /// Removed because strict mode removes every remote load, whatever the policy said.
    public var byStrictMode: Bool

    /// Where the load or link is in the input.
    public var byteOffset: Int {
        get { Int(offset) }
        set { offset = Int32(truncatingIfNeeded: newValue) }
    }
    /// Where the policy's note is in `HTMLRewriteResult.notes` (read it with
    /// `HTMLRewriteResult.note(of:)`): the notes are kept apart so the findings need no
    /// generic handling while they are collected and sorted.
    var noteIndex: Int? {
        get { note < 0 ? nil : Int(note) }
        set { note = newValue.map { Int32(truncatingIfNeeded: $0) } ?? -1 }
    }

    public init(subject: Subject, action: Action, byStrictMode: Bool = false, byteOffset: Int) {
        self.subject = subject
        self.action = action
        offset = Int32(truncatingIfNeeded: byteOffset)
        self.byStrictMode = byStrictMode
    }
}

/// The outcome of `rewriteHTML`.
public struct HTMLRewriteResult<Note: Sendable>: Sendable {
    /// The rewritten HTML, or `nil` when nothing changed.
    public var output: [UInt8]?
    /// Every remote load (kept or not) and every changed link, in document order.
    public var findings: [HTMLFinding]
    /// The policy's notes of the loads it would remove or replace.
    public var notes: [Note]

    public init(output: [UInt8]?, findings: [HTMLFinding], notes: [Note] = []) {
        self.output = output
        self.findings = findings
        self.notes = notes
    }

    /// What the policy said when it would remove or replace the finding's load (in strict
    /// mode too, where it tells trackers from other remote loads); nil when it would keep it.
    public func note(of finding: HTMLFinding) -> Note? {
        finding.noteIndex.map { notes[$0] }
    }
}
