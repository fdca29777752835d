import MailURL

/// Tells remote URLs from local ones and resolves relative URLs against a base, the way
/// a browser's URL parser reads them (WHATWG URL: surrounding C0 controls and spaces are
/// dropped, tabs and newlines anywhere are ignored, `\` counts as `/` in http(s) URLs).
struct URLResolver: Sendable {
    /// An absolute hierarchical base URL split into parts.
    struct Base: Sendable, Equatable {
        var scheme: String
        var authority: String
        var path: String
        var query: String?
    }

    var base: Base?

    init(base: String?) {
        self.base = base.flatMap { Self.parseBase($0) }
    }

    init(parsedBase: Base?) {
        self.base = parsedBase
    }

    /// The absolute remote URL `raw` loads, or `nil` when it stays on the reader's machine
    /// (`cid:`, `data:`, a scheme no client fetches, no host: `URLScheme.reachesNetwork`)
    /// or is relative with no base.
    func remoteURL(_ raw: String) -> String? {
        if Self.isPlainWebURL(raw) { return raw }
        let cleaned = Self.clean(raw)
        guard !cleaned.isEmpty else { return nil }
        let absolute: String
        let scheme: String
        if let (written, rest) = Self.splitScheme(cleaned) {
            scheme = written
            guard URLScheme.isSpecial(scheme) else { return nil }
            absolute = Self.normalizedAbsolute(scheme: scheme, rest: rest)
        } else if Self.startsWithTwoSlashes(cleaned) {
            scheme = base?.scheme ?? "https"
            absolute = Self.normalizedAbsolute(scheme: scheme, rest: cleaned)
        } else {
            guard let base else { return nil }
            scheme = base.scheme
            absolute = Self.resolve(cleaned, against: base)
        }
        return URLScheme.reachesNetwork(scheme: scheme, host: URLParts(absolute).host.utf8) ? absolute : nil
    }

    /// Like `remoteURL`, but only for `http`/`https` results (links worth asking about).
    func webURL(_ raw: String) -> String? {
        // Most links are written as a browser reads them, `http(s)://` in lowercase.
        if Self.isPlainWebURL(raw) { return raw }
        guard let url = remoteURL(raw) else { return nil }
        return Self.hasWebScheme(url) ? url : nil
    }

    /// Whether `url` starts with `http://` or `https://`, in any case.
    static func hasWebScheme(_ url: String) -> Bool {
        var url = url
        return url.withUTF8 { b in
            guard b.count >= 7, b[0] | 0x20 == 0x68, b[1] | 0x20 == 0x74, b[2] | 0x20 == 0x74, b[3] | 0x20 == 0x70
            else { return false }
            let colon = b[4] | 0x20 == 0x73 ? 5 : 4
            return b.count >= colon + 3 && b[colon] == 0x3A && b[colon + 1] == 0x2F && b[colon + 2] == 0x2F
        }
    }

    // MARK: Parsing

    /// `http://` or `https://` (lowercase) followed by at least one byte, with no
    /// whitespace, control character or backslash anywhere: already what a browser would
    /// read, so it needs no cleaning (the common case, checked without allocating).
    static func isPlainWebURL(_ raw: String) -> Bool {
        var raw = raw
        return raw.withUTF8 { isPlainWebURL(bytes: $0) }
    }

    /// `isPlainWebURL` of the URL's bytes.
    static func isPlainWebURL(bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard bytes.count > 7, bytes[0] == 0x68, bytes[1] == 0x74, bytes[2] == 0x74, bytes[3] == 0x70 else {
            return false
        }
        var index = bytes[4] == 0x73 ? 5 : 4
        guard index + 3 < bytes.count, bytes[index] == 0x3A, bytes[index + 1] == 0x2F, bytes[index + 2] == 0x2F
        else { return false }
        index += 3
        // Eight bytes at a time while none is suspect; then byte by byte.
        while index + 8 <= bytes.count {
            let word = ByteWords.load(bytes.baseAddress! + index)
            if ByteWords.holdsByte(word, below: 0x21) || ByteWords.holds(word, 0x5C) || ByteWords.holds(word, 0x7F) {
                break
            }
            index += 8
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte <= 0x20 || byte == 0x5C || byte == 0x7F { return false }
            index += 1
        }
        return true
    }

    /// True when `bytes` (as written: surrounding C0 controls and spaces, and tabs and
    /// newlines anywhere, are what `clean` drops) start with a scheme that is not special,
    /// `cid:`, `data:`, `mailto:`…: `remoteURL` is nil for them, told here without building
    /// a string (a newsletter's inline images are all `cid:`).
    static func hasLocalScheme(bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        while index < bytes.count, bytes[index] <= 0x20 { index += 1 }
        guard index < bytes.count, isAlpha(bytes[index]) else { return false }
        // A special scheme is at most five letters: more, and it is not one.
        var scheme: (UInt64, Int) = (0, 0)
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            if byte == 0x09 || byte == 0x0A || byte == 0x0D { continue }
            if byte == 0x3A {
                return withUnsafeBytes(of: scheme.0) { word in
                    !URLScheme.isSpecial(bytes: UnsafeBufferPointer(rebasing: word.bindMemory(to: UInt8.self)[0..<min(scheme.1, 8)]))
                }
            }
            guard URLParts.isSchemeByte(byte) else { return false }
            if scheme.1 < 8 { scheme.0 |= UInt64(byte) << (8 * UInt64(scheme.1)) }
            scheme.1 += 1
        }
        return false
    }

    /// Drops leading and trailing C0 controls and spaces, and every tab and newline.
    static func clean(_ raw: String) -> [UInt8] {
        var bytes = Array(raw.utf8)
        var start = 0
        var end = bytes.count
        while start < end && bytes[start] <= 0x20 { start += 1 }
        while end > start && bytes[end - 1] <= 0x20 { end -= 1 }
        if start > 0 || end < bytes.count { bytes = Array(bytes[start..<end]) }
        if bytes.contains(where: { $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) {
            bytes.removeAll { $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
        }
        return bytes
    }

    /// `scheme:` at the start: the lowercased scheme and the bytes after the colon.
    static func splitScheme(_ bytes: [UInt8]) -> (String, ArraySlice<UInt8>)? {
        guard let first = bytes.first, isAlpha(first) else { return nil }
        var index = 1
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x3A {
                return (String(decoding: bytes[0..<index], as: UTF8.self).lowercased(), bytes[(index + 1)...])
            }
            if !URLParts.isSchemeByte(byte) { return nil }
            index += 1
        }
        return nil
    }

    static func isAlpha(_ byte: UInt8) -> Bool { (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A }

    static func isSlash(_ byte: UInt8) -> Bool { byte == 0x2F || byte == 0x5C }

    static func startsWithTwoSlashes(_ bytes: some Collection<UInt8>) -> Bool {
        var iterator = bytes.makeIterator()
        guard let a = iterator.next(), let b = iterator.next() else { return false }
        return isSlash(a) && isSlash(b)
    }

    /// `scheme:rest` as the browser would spell it: for special schemes, any run of
    /// slashes and backslashes after the colon becomes `//`, and backslashes in the path
    /// become slashes.
    static func normalizedAbsolute(scheme: String, rest: some Collection<UInt8>) -> String {
        guard URLScheme.isSpecial(scheme) else {
            return scheme + ":" + String(decoding: rest, as: UTF8.self)
        }
        var bytes = Array(rest)
        var start = 0
        while start < bytes.count && isSlash(bytes[start]) { start += 1 }
        bytes = Array(bytes[start...])
        var index = 0
        while index < bytes.count && bytes[index] != 0x3F && bytes[index] != 0x23 {
            if bytes[index] == 0x5C { bytes[index] = 0x2F }
            index += 1
        }
        return scheme + "://" + String(decoding: bytes, as: UTF8.self)
    }

    /// Parses an absolute hierarchical URL for use as a base.
    static func parseBase(_ raw: String) -> Base? {
        let cleaned = clean(raw)
        guard let (scheme, rest) = splitScheme(cleaned) else { return nil }
        let absolute = Array(normalizedAbsolute(scheme: scheme, rest: rest).utf8)
        // After "scheme:".
        var index = scheme.utf8.count + 1
        var authority = ""
        if absolute.count >= index + 2 && absolute[index] == 0x2F && absolute[index + 1] == 0x2F {
            index += 2
            let start = index
            while index < absolute.count && absolute[index] != 0x2F && absolute[index] != 0x3F && absolute[index] != 0x23 {
                index += 1
            }
            authority = String(decoding: absolute[start..<index], as: UTF8.self)
        } else {
            // Not hierarchical (mailto:, cid:…): nothing resolves against it.
            return Base(scheme: scheme, authority: "", path: "", query: nil)
        }
        let pathStart = index
        while index < absolute.count && absolute[index] != 0x3F && absolute[index] != 0x23 { index += 1 }
        var path = String(decoding: absolute[pathStart..<index], as: UTF8.self)
        if path.isEmpty { path = "/" }
        var query: String?
        if index < absolute.count && absolute[index] == 0x3F {
            let start = index + 1
            index = start
            while index < absolute.count && absolute[index] != 0x23 { index += 1 }
            query = String(decoding: absolute[start..<index], as: UTF8.self)
        }
        return Base(scheme: scheme, authority: authority, path: path, query: query)
    }

    /// RFC 3986 §5.2.2 reference resolution for a reference without a scheme.
    static func resolve(_ reference: [UInt8], against base: Base) -> String {
        var reference = reference
        if URLScheme.isSpecial(base.scheme) {
            var index = 0
            while index < reference.count && reference[index] != 0x3F && reference[index] != 0x23 {
                if reference[index] == 0x5C { reference[index] = 0x2F }
                index += 1
            }
        }
        let text = String(decoding: reference, as: UTF8.self)
        let prefix = base.scheme + "://" + base.authority
        guard let first = reference.first else {
            return prefix + base.path + (base.query.map { "?" + $0 } ?? "")
        }
        if first == 0x2F { return prefix + removeDotSegments(pathPart(text)) + afterPath(text) }
        if first == 0x3F { return prefix + base.path + text }
        if first == 0x23 { return prefix + base.path + (base.query.map { "?" + $0 } ?? "") + text }
        let directory: String
        if let slash = base.path.lastIndex(of: "/") {
            directory = String(base.path[...slash])
        } else {
            directory = "/"
        }
        return prefix + removeDotSegments(directory + pathPart(text)) + afterPath(text)
    }

    static func pathPart(_ text: String) -> String {
        if let end = text.firstIndex(where: { $0 == "?" || $0 == "#" }) { return String(text[..<end]) }
        return text
    }

    static func afterPath(_ text: String) -> String {
        if let end = text.firstIndex(where: { $0 == "?" || $0 == "#" }) { return String(text[end...]) }
        return ""
    }

    /// RFC 3986 §5.2.4.
    static func removeDotSegments(_ path: String) -> String {
        var output: [Substring] = []
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        for (index, segment) in segments.enumerated() {
            let isLast = index == segments.count - 1
            switch segment {
            case ".":
                if isLast { output.append("") }
            case "..":
                if output.count > 1 { output.removeLast() }
                if isLast { output.append("") }
            default:
                output.append(segment)
            }
        }
        var result = output.joined(separator: "/")
        if !result.hasPrefix("/") { result = "/" + result }
        return result
    }
}
