import TrackerRules

/// Every sentence the pipeline writes into a finding's `reason`, in one place, so that the
/// report says one thing one way. The rules' own reasons (which rule or heuristic, and on
/// what evidence) come from `TrackerDecision.reason`; these frame them.
enum ReportWording {
    // Loads in HTML.
    static let keptLoad = "remote load kept: not a tracker"
    /// An HTML part too large for the rewriter's 32-bit offsets, passed through unread.
    static let htmlTooLarge = "HTML part of 2 GiB or more: not cleaned, left as it was"
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

    /// "removed tracking parameters: a, b", written straight into the new string's storage
    /// (it is made for most links of a newsletter; `joined`, String appends and a byte
    /// buffer appended name by name all cost several times more).
    static func removedParameters(_ names: [String]) -> String {
        let prefix: StaticString = "removed tracking parameters: "
        let separator: StaticString = ", "
        var total = prefix.utf8CodeUnitCount + separator.utf8CodeUnitCount * max(0, names.count - 1)
        for name in names { total += name.utf8.count }
        return String(unsafeUninitializedCapacity: total) { buffer in
            var at = 0
            func put(_ bytes: UnsafeBufferPointer<UInt8>) {
                // The capacity is the exact total, so nothing is ever cut.
                assert(at + bytes.count <= buffer.count)
                guard let base = bytes.baseAddress, at + bytes.count <= buffer.count else { return }
                (buffer.baseAddress! + at).update(from: base, count: bytes.count)
                at += bytes.count
            }
            put(UnsafeBufferPointer(start: prefix.utf8Start, count: prefix.utf8CodeUnitCount))
            for (k, name) in names.enumerated() {
                if k > 0 { put(UnsafeBufferPointer(start: separator.utf8Start, count: separator.utf8CodeUnitCount)) }
                var name = name
                name.withUTF8 { put($0) }
            }
            return at
        }
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
