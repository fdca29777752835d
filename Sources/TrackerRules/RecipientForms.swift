import MailURL

/// Every form in which a recipient address may be written into a URL, precomputed once
/// per message, and the search for them.
///
/// Forms: the address itself (found after percent-decoding, so `%40` and double encoding
/// are covered, and case-insensitively); base64 in the standard and URL-safe alphabets at
/// each of the three byte alignments inside a longer base64 payload (case-sensitive); and
/// the lower-case hex MD5, SHA-1 and SHA-256 of the lower-cased address (any hex case).
struct RecipientForms: Sendable {
    /// How the address was written.
    enum Encoding: String, Sendable {
        case plain = "address"
        case base64 = "base64 address"
        case md5 = "MD5 of the address"
        case sha1 = "SHA-1 of the address"
        case sha256 = "SHA-256 of the address"
    }

    struct Form: Sendable {
        let bytes: [UInt8]
        let encoding: Encoding
    }

    /// Forms searched in lower-cased, percent-decoded text.
    private(set) var folded: [Form] = []
    /// Forms searched case-sensitively in raw and in percent-decoded text.
    private(set) var exact: [Form] = []
    private(set) var shortest = Int.max
    /// Bit set over the first two bytes of every form (65,536 bits), in every case for the
    /// folded forms, so the search tries a position only when some form could start there.
    private var starts = BigramSet()

    /// Addresses shorter than this are ignored: they would match by chance.
    static let minimumAddressLength = 6
    /// Base64 fragments shorter than this are not searched, for the same reason.
    static let minimumBase64Length = 8

    init(_ recipients: [String]) {
        // A message has a recipient or two: an array, not a set (a set's generic metadata
        // alone costs a filter process more than the search it serves).
        var seen: [[UInt8]] = []
        for raw in recipients {
            let asGiven = RecipientForms.trimmed(raw)
            guard asGiven.count >= RecipientForms.minimumAddressLength, asGiven.contains(0x40) else { continue }
            let lowered = asGiven.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
            guard !seen.contains(lowered) else { continue }
            seen.append(lowered)
            add(folded: lowered, .plain)
            add(folded: Array(Digests.md5Hex(lowered).utf8), .md5)
            add(folded: Array(Digests.sha1Hex(lowered).utf8), .sha1)
            add(folded: Array(Digests.sha256Hex(lowered).utf8), .sha256)
            var spellings = [lowered]
            if asGiven != lowered { spellings.append(asGiven) }
            for spelling in spellings {
                for fragment in RecipientForms.base64Fragments(spelling) where !exact.contains(where: { $0.bytes == fragment }) {
                    exact.append(Form(bytes: fragment, encoding: .base64))
                    shortest = min(shortest, fragment.count)
                    starts.insert(fragment[0], fragment[1])
                }
            }
        }
    }

    private mutating func add(folded bytes: [UInt8], _ encoding: Encoding) {
        folded.append(Form(bytes: bytes, encoding: encoding))
        shortest = min(shortest, bytes.count)
        guard bytes.count >= 2 else { return }
        for first in RecipientForms.cases(bytes[0]) {
            for second in RecipientForms.cases(bytes[1]) { starts.insert(first, second) }
        }
    }

    /// A lower-case byte and, for a letter, its upper case.
    private static func cases(_ b: UInt8) -> [UInt8] { b >= 0x61 && b <= 0x7A ? [b, b - 0x20] : [b] }

    /// The form found in `haystack`, trying only positions whose first two bytes start
    /// some form. A case-sensitive form found anywhere wins over a case-folded one (when
    /// `folding`); among either kind the first position wins, then the first form. One
    /// pass answers what an exact pass followed by a folded pass would.
    private func search(_ haystack: ArraySlice<UInt8>, folding: Bool) -> Encoding? {
        guard haystack.count >= 2 else { return nil }
        return haystack.withUnsafeBufferPointer { h in
            starts.withReader { pairs in
                @inline(__always) func lower(_ b: UInt8) -> UInt8 { b >= 0x41 && b <= 0x5A ? b | 0x20 : b }
                func matches(_ form: [UInt8], at i: Int, fold: Bool) -> Bool {
                    guard form.count <= h.count - i else { return false }
                    var j = 0
                    while j < form.count, (fold ? lower(h[i + j]) : h[i + j]) == form[j] { j += 1 }
                    return j == form.count
                }
                var foldedHit: Encoding?
                var checkFolded = folding
                var key = Int(h[0])
                // A plain loop: the range's iterator was left as a call per byte.
                var i = -1
                while i + 2 < h.count {
                    i += 1
                    key = (key << 8 | Int(h[i + 1])) & 0xFFFF
                    guard pairs.contains(key) else { continue }
                    if let form = exact.first(where: { matches($0.bytes, at: i, fold: false) }) {
                        return form.encoding
                    }
                    if checkFolded, let form = folded.first(where: { matches($0.bytes, at: i, fold: true) }) {
                        foldedHit = form.encoding
                        checkFolded = false
                    }
                }
                return foldedHit
            }
        }
    }

    var isEmpty: Bool { folded.isEmpty }

    /// The first form found in `text` (raw URL bytes of one component), or nil.
    func find(in text: Substring) -> Encoding? { find(in: ArraySlice(text.utf8)) }

    /// The first form found in `raw` (URL bytes of one component), or nil.
    func find(in raw: ArraySlice<UInt8>) -> Encoding? {
        guard !isEmpty, raw.count >= shortest else { return nil }
        // Eight bytes at a time: `contains` compared through the generic `==` a byte at a time.
        let escaped = raw.withUnsafeBufferPointer { b in
            ByteWords.firstIndex(of: 0x25, or: 0x25, in: b, from: 0, to: b.count) < b.count
        }
        // Without escapes the raw bytes are searched for every form at once.
        if let e = search(raw, folding: !escaped) { return e }
        guard escaped else { return nil }
        // Percent-decode up to twice (double-encoded redirects), then fold case.
        var decoded = RecipientForms.percentDecoded(Array(raw))
        if decoded.contains(0x25) { decoded = RecipientForms.percentDecoded(decoded) }
        return search(decoded[...], folding: true)
    }

    // MARK: - Helpers

    /// The bare address: a display name and angle brackets (`Jane <j@x.example>`) and a
    /// `mailto:` prefix are dropped, as are surrounding spaces.
    static func trimmed(_ s: String) -> [UInt8] {
        var bytes = Array(s.utf8)
        if let open = bytes.lastIndex(of: 0x3C), let close = bytes[open...].firstIndex(of: 0x3E) {
            bytes = Array(bytes[(open + 1)..<close])
        }
        while let f = bytes.first, f <= 0x20 || f == 0x3C { bytes.removeFirst() }
        while let l = bytes.last, l <= 0x20 || l == 0x3E { bytes.removeLast() }
        if bytes.count >= 7, bytes.prefix(7).map({ $0 | 0x20 }) == Array("mailto:".utf8) {
            bytes.removeFirst(7)
        }
        return bytes
    }

    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// The base64 characters determined only by `address` when it sits at byte offset
    /// 0, 1 or 2 of a longer encoded payload, in both alphabets.
    static func base64Fragments(_ address: [UInt8]) -> [[UInt8]] {
        var out: [[UInt8]] = []
        for offset in 0..<3 {
            let bytes = [UInt8](repeating: 0, count: offset) + address + [0, 0]
            var chars = [UInt8]()
            var i = 0
            while i + 2 < bytes.count {
                let n = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2])
                for shift in [18, 12, 6, 0] { chars.append(alphabet[Int((n >> UInt32(shift)) & 63)]) }
                i += 3
            }
            let firstBit = 8 * offset
            let endBit = 8 * (offset + address.count)
            var clean = [UInt8]()
            for (index, c) in chars.enumerated() where 6 * index >= firstBit && 6 * index + 6 <= endBit {
                clean.append(c)
            }
            guard clean.count >= minimumBase64Length else { continue }
            out.append(clean)
            let urlSafe = clean.map { $0 == 0x2B ? 0x2D : ($0 == 0x2F ? 0x5F : $0) }
            if urlSafe != clean { out.append(urlSafe) }
        }
        return out
    }

    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        haystack.withUnsafeBufferPointer { contains($0, needle) }
    }

    static func contains(_ haystack: UnsafeBufferPointer<UInt8>, _ needle: [UInt8]) -> Bool {
        let n = needle.count
        guard n > 0, haystack.count >= n, let first = needle.first else { return n == 0 }
        var i = 0
        let last = haystack.count - n
        while i <= last {
            if haystack[i] == first {
                var j = 1
                while j < n, haystack[i + j] == needle[j] { j += 1 }
                if j == n { return true }
            }
            i += 1
        }
        return false
    }

    static func percentDecoded(_ bytes: [UInt8]) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            if bytes[i] == 0x25, i + 2 < bytes.count,
                let h = URLParts.hexValue(bytes[i + 1]), let l = URLParts.hexValue(bytes[i + 2])
            {
                out.append(h << 4 | l)
                i += 3
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return out
    }
}
