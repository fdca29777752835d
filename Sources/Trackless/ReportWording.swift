import TrackerRules

/// Every sentence the pipeline writes into a finding's `reason`, in one place, so that the
/// report says one thing one way. The rules' own reasons (which rule or heuristic, and on
/// what evidence) come from `TrackerDecision.reason`; these frame them.
enum ReportWording {
    // Loads in HTML.
    static let keptLoad = "remote load kept: not a tracker"
    /// A removal the rules did not explain (strict mode removing what they keep).
    static let remoteLoad = "remote load"
    /// Strict mode removing what the rules call a tracker: what they said.
    static func trackerInStrictMode(_ reason: String) -> String { "tracker: " + reason }
    static let identifyingParameter = "identifying parameter removed"

    // Links.
    static func unwrapped(vendor: String?) -> String {
        "unwrapped \(vendor ?? "redirect") link: its destination is in the URL"
    }
    static let opaqueWrapper = "click-tracking wrapper left working: its destination is not in the URL"
    static let securityWrapper = "security link wrapper kept (--unwrap-security-links unwraps it)"
    static func wrapperLeft(_ refusal: LinkRefusal.Reason) -> String { "wrapper left in place: \(refusal.rawValue)" }

    /// "removed tracking parameters: a, b", built as bytes in one buffer (it is made for
    /// most links of a newsletter; `joined` and String appends cost several times more).
    static func removedParameters(_ names: [String]) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(29 + names.reduce(0) { $0 + $1.utf8.count + 2 })
        bytes.append(contentsOf: "removed tracking parameters: ".utf8)
        for (k, name) in names.enumerated() {
            if k > 0 { bytes.append(contentsOf: ", ".utf8) }
            bytes.append(contentsOf: name.utf8)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    // SVG parts: every external reference goes; the rules say what kind of tracker it was.
    static func svgExternal(_ place: String) -> String { "external reference in SVG (\(place))" }
    static func svgTracker(_ reason: String, _ place: String) -> String { "\(reason); in SVG (\(place))" }
    static func svgIdentifying(_ place: String) -> String {
        "external reference in SVG (\(place)) carrying the recipient's address"
    }
    static func svgEntityLimit(_ place: String, budget: String) -> String {
        "SVG \(place) expands entities past \(budget); not judged, removed"
    }

    // Headers.
    static let readReceipt = "read-receipt request"
}
