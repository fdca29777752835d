#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Generic signals for loads no named rule knows: size, tracker-shaped paths, opaque
/// per-recipient tokens, spacer images and content-looking paths.
enum Heuristics {
    /// A URL loaded this many times or more in one message is part of the design.
    static let designRepeatCount = 5
    /// Opaque tokens are at least this long (after percent-decoding, without `=` padding).
    static let opaqueMinimumLength = 20

    /// True for an image too small to see: 0 in a dimension, at most 2x2, an area of at
    /// most 4 px, or only one side known and at most 1 px.
    static func isTiny(width: Int?, height: Int?) -> Bool {
        switch (width, height) {
        case let (w?, h?):
            if w <= 0 || h <= 0 { return true }
            if w <= 2 && h <= 2 { return true }
            return min(w, 5) * min(h, 5) <= 4
        case let (w?, nil): return w <= 1
        case let (nil, h?): return h <= 1
        case (nil, nil): return false
        }
    }

    /// Path segments and file stems that name an open-tracking endpoint.
    static let trackerWords: Set<String> = [
        "open", "opened", "opens", "openrate", "opentrack", "mailopen", "emailopen", "email-open",
        "track", "tracker", "tracking", "trace", "trk", "pixel", "beacon", "imp", "impression",
        "read-receipt", "readreceipt",
    ]
    /// Single-letter file stems trackers use (`/t.gif`, `/o.gif`, `/e.gif`).
    static let trackerLetterStems: Set<String> = ["t", "o", "e", "p"]
    static let imageExtensions: Set<String> = [
        "jpg", "jpeg", "png", "gif", "webp", "avif", "svg", "bmp", "ico", "tif", "tiff", "heic", "jfif",
    ]
    static let mediaExtensions: Set<String> = ["mp4", "webm", "mov", "m4v", "mp3", "m4a", "ogg", "oga", "wav"]
    static let fontExtensions: Set<String> = ["woff", "woff2", "ttf", "otf", "eot"]
    static let spacerStems: Set<String> = [
        "spacer", "blank", "clear", "transparent", "trans", "shim", "spc", "space", "empty", "1x1", "s",
        "clearpixel", "clear_pixel", "transparent_pixel", "blank_pixel", "pixel_transparent",
    ]
    static let spacerPrefixes = ["spacer", "blank", "transparent", "shim"]
    /// Query names that carry a URL signature: removing any parameter breaks the load.
    static let signatureNames: Set<String> = [
        "signature", "sig", "s", "x-amz-signature", "x-goog-signature", "key-pair-id", "policy", "hmac",
        "x-amz-credential", "googleaccessid",
    ]

    /// How a load's path looks.
    struct PathShapeSignals {
        /// The final resource is named like a tracker (`open.php`, `pixel.gif`, `/open`,
        /// `?event=open`).
        var strong = false
        /// A directory is named like a tracker (`/track/...`, `/open/...`, `/ci/e`).
        var weak = false
        /// A path segment is an opaque token.
        var opaquePath = false
    }

    static func pathSignals(_ target: LoadTarget) -> PathShapeSignals {
        var signals = PathShapeSignals()
        let segments = target.segments
        for (index, raw) in segments.enumerated() {
            let segment = raw.lowercased()
            let isLast = index == segments.count - 1 && !target.lastSegment.isEmpty
            var stem = segment
            var ext = ""
            if let dot = segment.lastIndex(of: ".") {
                stem = String(segment[..<dot])
                ext = String(segment[segment.index(after: dot)...])
            }
            let named = trackerWords.contains(segment) || (!ext.isEmpty && trackerWords.contains(stem))
            let letter = trackerLetterStems.contains(stem) && (ext == "gif" || ext == "png")
            if isLast && (named || letter) {
                signals.strong = true
            } else if named {
                signals.weak = true
            }
            if segment == "ci", index + 1 < segments.count, segments[index + 1] == "e" { signals.weak = true }
            if isOpaque(raw[...]) { signals.opaquePath = true }
        }
        for item in target.parts.queryItems {
            guard let value = item.value else { continue }
            let v = value.lowercased()
            if v == "open" || v == "opened" || v == "opens" || v == "email_open" || v == "emailopen" {
                signals.strong = true
            }
        }
        return signals
    }

    /// True for a value that looks like a random per-recipient token: long, of a base64 or
    /// hex alphabet, with letters and digits mixed, high entropy and no words in it.
    static func isOpaque(_ raw: Substring) -> Bool {
        guard raw.utf8.count >= opaqueMinimumLength, raw.utf8.count <= 4096 else { return false }
        var bytes = RecipientForms.percentDecoded(Array(raw.utf8))
        while bytes.last == 0x3D { bytes.removeLast() }
        guard bytes.count >= opaqueMinimumLength else { return false }
        var letters = 0
        var digits = 0
        var wordy = 0
        var run = 0
        var runCase: UInt8 = 0  // 1 lower, 2 upper
        func closeRun() {
            if run >= 5 { wordy += run }
            run = 0
        }
        for b in bytes {
            switch b {
            case 0x61...0x7A, 0x41...0x5A:
                letters += 1
                let c: UInt8 = b >= 0x61 ? 1 : 2
                if c == runCase {
                    run += 1
                } else {
                    closeRun()
                    runCase = c
                    run = 1
                }
                continue
            case 0x30...0x39:
                digits += 1
            case 0x2D, 0x5F, 0x2B, 0x2F, 0x2E, 0x7E, 0x3D:
                break
            default:
                return false
            }
            closeRun()
            runCase = 0
        }
        closeRun()
        guard letters >= 4, digits >= 2 else { return false }
        if wordy * 10 > bytes.count * 3 { return false }
        // Shannon entropy in bits per byte, H = log2(n) - (1/n) * sum(c * log2(c)), with
        // the counts c taken from runs of the sorted bytes.
        let n = Double(bytes.count)
        var sum = 0.0
        bytes.sort()
        var runStart = 0
        for k in 1...bytes.count where k == bytes.count || bytes[k] != bytes[runStart] {
            let c = Double(k - runStart)
            sum += c * log2(c)
            runStart = k
        }
        let entropy = log2(n) - sum / n
        return entropy >= 3.0
    }

    /// True when the last segment is a file of a kind that fits the load.
    static func looksLikeContent(_ target: LoadTarget, kind: ResourceKind) -> Bool {
        guard let ext = target.fileExtension?.lowercased() else { return false }
        switch kind {
        case .image, .background: return imageExtensions.contains(ext)
        case .media: return mediaExtensions.contains(ext) || imageExtensions.contains(ext)
        case .stylesheet: return ext == "css"
        case .font: return fontExtensions.contains(ext)
        default:
            return imageExtensions.contains(ext) || mediaExtensions.contains(ext) || fontExtensions.contains(ext) || ext == "css"
        }
    }

    static func isSpacerName(_ target: LoadTarget) -> Bool {
        var stem = target.lastSegment.lowercased()
        guard let dot = stem.lastIndex(of: ".") else { return false }
        let ext = String(stem[stem.index(after: dot)...])
        guard imageExtensions.contains(ext) else { return false }
        stem = String(stem[..<dot])
        if spacerStems.contains(stem) { return true }
        return spacerPrefixes.contains { stem.hasPrefix($0) }
    }

    /// Query items whose value is an opaque token and whose name is not a signature.
    static func opaqueItems(_ parts: URLParts) -> [URLParts.QueryItem] {
        var out: [URLParts.QueryItem] = []
        for item in parts.queryItems {
            guard let value = item.value, isOpaque(value) else { continue }
            out.append(item)
        }
        return out
    }

    /// True when the URL carries a signature over its parameters.
    static func isSigned(_ parts: URLParts) -> Bool {
        for item in parts.queryItems where signatureNames.contains(item.name.lowercased()) { return true }
        return false
    }
}
