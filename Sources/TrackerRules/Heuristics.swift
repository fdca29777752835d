#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Generic signals for loads no named rule knows: size, tracker-shaped paths, opaque
/// per-recipient tokens, spacer images and content-looking paths. Works on the load's
/// bytes; words are compared in ASCII lower case.
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

    /// A set of short lower-case words, looked up by length then compared byte-wise.
    struct WordSet: Sendable {
        private let byLength: [[[UInt8]]]

        init(_ words: [String]) {
            var table = [[[UInt8]]](repeating: [], count: 33)
            for w in words where w.utf8.count < 33 { table[w.utf8.count].append(Array(w.utf8)) }
            byLength = table
        }

        /// True when the bytes, lower-cased, are one of the words.
        func contains<C: Collection<UInt8>>(_ bytes: C) -> Bool {
            guard bytes.count < byLength.count else { return false }
            for word in byLength[bytes.count] {
                var k = 0
                var i = bytes.startIndex
                while k < word.count {
                    let b = bytes[i]
                    if (b >= 0x41 && b <= 0x5A ? b | 0x20 : b) != word[k] { break }
                    k += 1
                    bytes.formIndex(after: &i)
                }
                if k == word.count { return true }
            }
            return false
        }
    }

    /// Path segments and file stems that name an open-tracking endpoint.
    static let trackerWords = WordSet([
        "open", "opened", "opens", "openrate", "opentrack", "mailopen", "emailopen", "email-open",
        "track", "tracker", "tracking", "trace", "trk", "pixel", "beacon", "imp", "impression",
        "read-receipt", "readreceipt",
    ])
    /// Single-letter file stems trackers use (`/t.gif`, `/o.gif`, `/e.gif`).
    static let trackerLetterStems = WordSet(["t", "o", "e", "p"])
    /// Query values that announce an open event (`?event=open`).
    static let openValues = WordSet(["open", "opened", "opens", "email_open", "emailopen"])
    static let pixelExtensions = WordSet(["gif", "png"])
    static let imageExtensions = WordSet([
        "jpg", "jpeg", "png", "gif", "webp", "avif", "svg", "bmp", "ico", "tif", "tiff", "heic", "jfif",
    ])
    static let mediaExtensions = WordSet(["mp4", "webm", "mov", "m4v", "mp3", "m4a", "ogg", "oga", "wav"])
    static let fontExtensions = WordSet(["woff", "woff2", "ttf", "otf", "eot"])
    static let cssExtension = WordSet(["css"])
    static let spacerStems = WordSet([
        "spacer", "blank", "clear", "transparent", "trans", "shim", "spc", "space", "empty", "1x1", "s",
        "clearpixel", "clear_pixel", "transparent_pixel", "blank_pixel", "pixel_transparent",
    ])
    static let spacerPrefixes: [StaticString] = ["spacer", "blank", "transparent", "shim"]
    /// Query names that carry a URL signature: removing any parameter breaks the load.
    static let signatureNames = WordSet([
        "signature", "sig", "s", "x-amz-signature", "x-goog-signature", "key-pair-id", "policy", "hmac",
        "x-amz-credential", "googleaccessid",
    ])

    /// How a load's path looks.
    struct PathSignals {
        /// The final resource is named like a tracker (`open.php`, `pixel.gif`, `/open`,
        /// `?event=open`).
        var strong = false
        /// A directory is named like a tracker (`/track/...`, `/open/...`, `/ci/e`).
        var weak = false
        /// A path segment is an opaque token.
        var opaquePath = false
    }

    static func pathSignals(_ target: LoadTarget) -> PathSignals {
        var signals = PathSignals()
        let u = target.url
        var previous: Range<Int>? = nil
        for segment in target.segments {
            defer { previous = segment }
            let isLast = segment == target.lastSegment
            var dot = segment.upperBound - 1
            while dot > segment.lowerBound, u[dot] != 0x2E { dot -= 1 }
            let hasExtension = u[dot] == 0x2E
            let stem = hasExtension ? segment.lowerBound..<dot : segment
            let ext = hasExtension ? (dot + 1)..<segment.upperBound : segment.upperBound..<segment.upperBound
            let named = trackerWords.contains(u[segment]) || (hasExtension && trackerWords.contains(u[stem]))
            let letter = hasExtension && trackerLetterStems.contains(u[stem]) && pixelExtensions.contains(u[ext])
            if isLast && (named || letter) {
                signals.strong = true
            } else if named {
                signals.weak = true
            }
            if segment.count == 1, let previous, previous.count == 2,
                lowerEquals(u[previous], "ci"), lowerEquals(u[segment], "e")
            {
                signals.weak = true
            }
            if segment.count >= opaqueMinimumLength, isOpaque(u[segment]) { signals.opaquePath = true }
        }
        for item in target.queryItems {
            if let value = item.value, value.count <= 11, openValues.contains(u[value]) { signals.strong = true }
        }
        return signals
    }

    static func lowerEquals(_ bytes: ArraySlice<UInt8>, _ word: StaticString) -> Bool {
        guard bytes.count == word.utf8CodeUnitCount else { return false }
        var k = 0
        for b in bytes {
            if (b >= 0x41 && b <= 0x5A ? b | 0x20 : b) != word.utf8Start[k] { return false }
            k += 1
        }
        return true
    }

    /// True for a value that looks like a random per-recipient token: long, of a base64 or
    /// hex alphabet, with letters and digits mixed, high entropy and no words in it.
    static func isOpaque(_ raw: ArraySlice<UInt8>) -> Bool {
        guard raw.count >= opaqueMinimumLength, raw.count <= 4096 else { return false }
        var bytes = raw.contains(0x25) ? RecipientForms.percentDecoded(Array(raw)) : Array(raw)
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
        // Compared in place: WordSet folds ASCII case as lowercasedExtension would.
        guard let r = target.fileExtension else { return false }
        let ext = target.url[r]
        switch kind {
        case .image, .background: return imageExtensions.contains(ext)
        case .media: return mediaExtensions.contains(ext) || imageExtensions.contains(ext)
        case .stylesheet: return cssExtension.contains(ext)
        case .font: return fontExtensions.contains(ext)
        default:
            return imageExtensions.contains(ext) || mediaExtensions.contains(ext) || fontExtensions.contains(ext)
                || cssExtension.contains(ext)
        }
    }

    static func isSpacerName(_ target: LoadTarget) -> Bool {
        guard let last = target.lastSegment, let ext = target.fileExtension, imageExtensions.contains(target.url[ext])
        else { return false }
        let stem = target.url[last.lowerBound..<(ext.lowerBound - 1)]
        if spacerStems.contains(stem) { return true }
        // Prefixes compared with ASCII case folded in place (no lower-cased copy per load).
        return target.url.withUnsafeBufferPointer { b in
            let stem = UnsafeBufferPointer(rebasing: b[last.lowerBound..<(ext.lowerBound - 1)])
            return spacerPrefixes.contains { LinkBytes.hasPrefix(stem, $0, caseInsensitive: true) }
        }
    }

    /// Indices of query items whose value is an opaque token and whose name is not a
    /// signature.
    static func opaqueItems(_ target: LoadTarget) -> [Int] {
        var out: [Int] = []
        for (i, item) in target.queryItems.enumerated() {
            guard let value = item.value, value.count >= opaqueMinimumLength, isOpaque(target.url[value]) else { continue }
            out.append(i)
        }
        return out
    }

    /// True when the URL carries a signature over its parameters.
    static func isSigned(_ target: LoadTarget) -> Bool {
        target.queryItems.contains { signatureNames.contains(target.url[$0.name]) }
    }
}
