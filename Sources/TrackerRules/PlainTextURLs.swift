import MailURL

/// A URL found in `text/plain`, the way mail clients turn text into links.
public struct PlainTextURL: Sendable, Equatable {
    /// Byte range of the URL in the text (without surrounding `<` `>`).
    public var range: Range<Int>
    /// True for `www.` links written without a scheme: a client opens them as `http://`.
    public var isSchemeless: Bool
    /// True when the URL was delimited by `<` and `>` (RFC 3986 appendix C).
    public var isBracketed: Bool

    public init(range: Range<Int>, isSchemeless: Bool, isBracketed: Bool) {
        self.range = range
        self.isSchemeless = isSchemeless
        self.isBracketed = isBracketed
    }
}

/// Finds the URLs in plain text: bare `http://` and `https://` URLs, the same inside
/// `<...>` or `<URL:...>`, and `www.` names without a scheme.
///
/// A bare URL ends at whitespace, a control character, `<`, `>`, `"`, `'`, a backtick or a
/// typographic quote; then trailing `.` `,` `;` `:` `!` `?` are dropped, and a closing `)`
/// or `]` is dropped unless the URL holds an unmatched opening one. A bracketed URL runs to
/// its `>` (trailing punctuation inside is kept).
///
/// Lines are not joined: a `format=flowed` body must be unfolded by the caller first, or a
/// URL broken across soft line breaks is found only up to the break.
public func plainTextURLs(in text: [UInt8]) -> [PlainTextURL] {
    scanPlainTextURLs(text, skippingByWords: true)
}

/// `plainTextURLs(in:)`, with the eight-byte skip on or off (tests compare the two).
func scanPlainTextURLs(_ text: [UInt8], skippingByWords: Bool) -> [PlainTextURL] {
    var out: [PlainTextURL] = []
    let n = text.count
    var i = 0
    while i < n {
        // To the next `h` or `w` (any case) that starts a word: the only places a URL
        // starts. Eight places are ruled out at a time when none of them holds `h` or `w`,
        // or when no `.` or `:` follows where `www.` or `http:`/`https:` would put one (the
        // bytes 3 to 12 after the first): prose has an `h` or `w` in most runs of eight
        // bytes, but a `.` or `:` in few.
        i = text.withUnsafeBufferPointer { t in
            var k = i
            while k < n {
                if skippingByWords, k + 13 <= n {
                    let base = t.baseAddress! + k
                    if !mayHoldHOrW(ByteWords.load(base))
                        || !(mayHoldDotOrColon(ByteWords.load(base + 3)) || mayHoldDotOrColon(ByteWords.load(base + 5)))
                    {
                        k += 8
                        continue
                    }
                }
                let folded = t[k] | 0x20
                if (folded == 0x68 || folded == 0x77) && (k == 0 || !isWordByte(t[k - 1])) { break }
                k += 1
            }
            return k
        }
        guard i < n else { break }
        let start = i
        var schemeless = false
        if let after = matchScheme(text, i) {
            // Need something host-like right after "//".
            guard after < n, isHostStart(text[after]) else { i = after; continue }
        } else if matchWWW(text, i) {
            if i > 0, text[i - 1] == 0x2E || text[i - 1] == 0x2F || text[i - 1] == 0x40 || text[i - 1] == 0x2D {
                i += 1; continue
            }
            schemeless = true
        } else {
            i += 1
            continue
        }
        let bracketed = isBracketOpen(text, start)
        var end = start
        if bracketed {
            while end < n, text[end] != 0x3E, !isSpaceOrControl(text[end]) { end += 1 }
            if end < n, text[end] == 0x3E {
                // Keep everything to the '>'.
            } else {
                end = trimTrailing(text, start, end)
            }
        } else {
            while end < n, !endsBareURL(text, end) { end += 1 }
            end = trimTrailing(text, start, end)
        }
        if schemeless, !hasDomainAfterWWW(text, start, end) {
            i = start + 4
            continue
        }
        if end > start {
            out.append(PlainTextURL(range: start..<end, isSchemeless: schemeless, isBracketed: bracketed))
        }
        i = max(end, start + 1)
    }
    return out
}

/// String form of `plainTextURLs(in:)`: ranges index the string's UTF-8 view.
public func plainTextURLs(in text: String) -> [PlainTextURL] {
    plainTextURLs(in: Array(text.utf8))
}

/// The byte ranges of the URLs in plain text (see `plainTextURLs(in:)`).
public func plainTextURLRanges(in text: [UInt8]) -> [Range<Int>] {
    plainTextURLs(in: text).map(\.range)
}

// MARK: - Scanner pieces

/// True when one of the eight bytes in `word` is `h`, `H`, `w` or `W`.
@inline(__always)
private func mayHoldHOrW(_ word: UInt64) -> Bool {
    let folded = word | (ByteWords.eachByte &* 0x20)
    return ByteWords.holds(folded, 0x68) || ByteWords.holds(folded, 0x77)
}

/// True when one of the eight bytes in `word` is `.` or `:`.
@inline(__always)
private func mayHoldDotOrColon(_ word: UInt64) -> Bool {
    ByteWords.holds(word, 0x2E) || ByteWords.holds(word, 0x3A)
}

/// "http://" or "https://" (any case) at `i`; returns the index after "//".
private func matchScheme(_ t: [UInt8], _ i: Int) -> Int? {
    let n = t.count
    guard i + 7 <= n else { return nil }
    guard LinkBytes.lower(t[i]) == 0x68, LinkBytes.lower(t[i + 1]) == 0x74,
          LinkBytes.lower(t[i + 2]) == 0x74, LinkBytes.lower(t[i + 3]) == 0x70 else { return nil }
    var k = i + 4
    if k < n, LinkBytes.lower(t[k]) == 0x73 { k += 1 }
    guard k + 3 <= n, t[k] == 0x3A, t[k + 1] == 0x2F, t[k + 2] == 0x2F else { return nil }
    return k + 3
}

private func matchWWW(_ t: [UInt8], _ i: Int) -> Bool {
    guard i + 4 < t.count else { return false }
    return LinkBytes.lower(t[i]) == 0x77 && LinkBytes.lower(t[i + 1]) == 0x77
        && LinkBytes.lower(t[i + 2]) == 0x77 && t[i + 3] == 0x2E && isHostStart(t[i + 4])
}

/// `www.` must be followed by a name with at least one more dot and a label after it.
private func hasDomainAfterWWW(_ t: [UInt8], _ start: Int, _ end: Int) -> Bool {
    var k = start + 4
    var sawDot = false
    var labelLength = 0
    while k < end {
        let c = t[k]
        if c == 0x2F || c == 0x3F || c == 0x23 || c == 0x3A { break }
        if c == 0x2E { sawDot = true; labelLength = 0 } else { labelLength += 1 }
        k += 1
    }
    return sawDot && labelLength > 0
}

private func isBracketOpen(_ t: [UInt8], _ start: Int) -> Bool {
    if start >= 1, t[start - 1] == 0x3C { return true }
    // "<URL:" prefix (RFC 1738 appendix)
    if start >= 5, t[start - 5] == 0x3C, LinkBytes.lower(t[start - 4]) == 0x75,
       LinkBytes.lower(t[start - 3]) == 0x72, LinkBytes.lower(t[start - 2]) == 0x6C, t[start - 1] == 0x3A {
        return true
    }
    return false
}

@inline(__always)
private func isWordByte(_ b: UInt8) -> Bool { LinkBytes.isAlnum(b) || b == 0x5F }

@inline(__always)
private func isHostStart(_ b: UInt8) -> Bool { LinkBytes.isAlnum(b) || b == 0x5B || b >= 0x80 }

@inline(__always)
private func isSpaceOrControl(_ b: UInt8) -> Bool { b <= 0x20 || b == 0x7F }

/// True when the byte at `k` cannot continue a bare URL.
private func endsBareURL(_ t: [UInt8], _ k: Int) -> Bool {
    let b = t[k]
    switch b {
    case 0x00...0x20, 0x7F, 0x3C, 0x3E, 0x22, 0x27, 0x60:
        return true
    case 0xC2:
        // U+00A0 no-break space, U+00AB and U+00BB guillemets
        if k + 1 < t.count { let c = t[k + 1]; return c == 0xA0 || c == 0xAB || c == 0xBB }
        return false
    case 0xE2:
        // U+2000..U+200B spaces, U+2018..U+201F quotes, U+2028/2029 separators, U+2039/203A
        if k + 2 < t.count, t[k + 1] == 0x80 {
            let c = t[k + 2]
            return (0x80...0x8B).contains(c) || (0x98...0x9F).contains(c) || c == 0xA8 || c == 0xA9
                || c == 0xAF || c == 0xB9 || c == 0xBA
        }
        return false
    case 0xE3:
        // U+3000 ideographic space, U+300C..U+300F corner brackets
        if k + 2 < t.count, t[k + 1] == 0x80 {
            let c = t[k + 2]
            return c == 0x80 || (0x8C...0x8F).contains(c)
        }
        return false
    default:
        return false
    }
}

/// Drops trailing punctuation a writer puts after a URL.
private func trimTrailing(_ t: [UInt8], _ start: Int, _ endIn: Int) -> Int {
    var end = endIn
    while end > start {
        let c = t[end - 1]
        switch c {
        case 0x2E, 0x2C, 0x3B, 0x3A, 0x21, 0x3F:
            end -= 1
        case 0x29, 0x5D, 0x7D:
            let open: UInt8 = c == 0x29 ? 0x28 : (c == 0x5D ? 0x5B : 0x7B)
            var depth = 0
            for k in start..<end {
                if t[k] == open { depth += 1 } else if t[k] == c { depth -= 1 }
            }
            // depth < 0: more closers than openers, so this closer is the text's.
            if depth < 0 { end -= 1 } else { return end }
        default:
            return end
        }
    }
    return end
}
