/// The token types of CSS Syntax Level 3, §4 ("Tokenization").
enum CSSTokenKind: UInt8, Sendable {
    case ident
    case function
    case atKeyword
    case hash
    case string
    case badString
    case url
    case badURL
    case delim
    case number
    case percentage
    case dimension
    case whitespace
    case cdo
    case cdc
    case colon
    case semicolon
    case comma
    case openSquare
    case closeSquare
    case openParen
    case closeParen
    case openCurly
    case closeCurly
    case endOfFile
}

/// One CSS token with the byte spans it came from.
///
/// `valueStart..<valueEnd` depends on the kind: the name for ident, function (without
/// the `(`), at-keyword (without the `@`) and hash (without the `#`); the content between
/// the quotes for strings; the content between `url(` and `)`, trimmed of whitespace, for
/// url tokens; the unit for dimensions. Decoding (escapes) happens on demand.
struct CSSToken: Sendable {
    var kind: CSSTokenKind
    var start: Int
    var end: Int
    var valueStart: Int
    var valueEnd: Int
    /// Whether the value contains a backslash escape (so raw bytes are not the value).
    var hasEscape: Bool

    var range: Range<Int> { start..<end }
    var valueRange: Range<Int> { valueStart..<valueEnd }

    /// The numeric part of a number, percentage or dimension token.
    var numberRange: Range<Int> {
        switch kind {
        case .dimension: start..<valueStart
        case .percentage: start..<(end - 1)
        default: start..<end
        }
    }
}

/// Byte classes from CSS Syntax Level 3 §4.2, applied to UTF-8 bytes: every byte of a
/// non-ASCII character counts as an ident code point, which gives the same token
/// boundaries as working on code points.
enum CSSBytes {
    /// End of input marker for `CSSTokenizer.at(_:)`.
    static let eof = -1

    @inline(__always) static func isWhitespace(_ c: Int) -> Bool {
        c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0C || c == 0x0D
    }
    @inline(__always) static func isNewline(_ c: Int) -> Bool {
        c == 0x0A || c == 0x0C || c == 0x0D
    }
    @inline(__always) static func isDigit(_ c: Int) -> Bool { c >= 0x30 && c <= 0x39 }
    @inline(__always) static func isHexDigit(_ c: Int) -> Bool {
        (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66)
    }
    @inline(__always) static func hexValue(_ c: Int) -> Int {
        if c <= 0x39 { return c - 0x30 }
        return (c | 0x20) - 0x61 + 10
    }
    /// Letters, `_`, non-ASCII, and NUL (which preprocessing turns into U+FFFD).
    @inline(__always) static func isIdentStart(_ c: Int) -> Bool {
        ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A) || c == 0x5F || c >= 0x80 || c == 0
    }
    @inline(__always) static func isIdentChar(_ c: Int) -> Bool {
        isIdentStart(c) || isDigit(c) || c == 0x2D
    }
    /// NUL is not among them: preprocessing has made it U+FFFD.
    @inline(__always) static func isNonPrintable(_ c: Int) -> Bool {
        (c >= 1 && c <= 0x08) || c == 0x0B || (c >= 0x0E && c <= 0x1F) || c == 0x7F
    }
}

/// A CSS Syntax Level 3 tokenizer over a byte range.
///
/// Preprocessing (§3.3) is folded in: CR, FF and CRLF count as newlines and NUL as an
/// ident code point, so token spans stay spans of the original bytes. Comments produce
/// no token. Every path advances at least one byte, so the tokenizer is linear and total.
struct CSSTokenizer {
    let bytes: UnsafeBufferPointer<UInt8>
    private(set) var position: Int
    let end: Int

    init(_ bytes: UnsafeBufferPointer<UInt8>, range: Range<Int>) {
        self.bytes = bytes
        self.position = max(0, min(range.lowerBound, bytes.count))
        self.end = max(self.position, min(range.upperBound, bytes.count))
    }

    /// Moves past the rest of a declaration's value and its `;` when the bytes up to that
    /// `;` (or the end) hold nothing that nests, quotes, escapes or comments: no `(`, `)`,
    /// `[`, `]`, `{`, `}`, quote, `\` or `/`. Tokens of such bytes cannot hide a `;`, so the
    /// value ends at the first one. Returns false, and stays put, otherwise.
    mutating func skipPlainDeclarationValue() -> Bool {
        var index = position
        while index < end {
            switch bytes[index] {
            case 0x3B:  // ;
                position = index + 1
                return true
            case 0x28, 0x29, 0x5B, 0x5D, 0x7B, 0x7D, 0x22, 0x27, 0x5C, 0x2F:
                return false
            default:
                index += 1
            }
        }
        position = end
        return true
    }

    /// The byte at `index`, or `CSSBytes.eof` past the end.
    @inline(__always) func at(_ index: Int) -> Int {
        index < end ? Int(bytes[index]) : CSSBytes.eof
    }

    /// §4.3.8: whether `index` starts a valid escape.
    @inline(__always) func isValidEscape(_ index: Int) -> Bool {
        at(index) == 0x5C && !CSSBytes.isNewline(at(index + 1))
    }

    /// §4.3.9: whether `index` would start an ident sequence.
    func startsIdent(_ index: Int) -> Bool {
        let c = at(index)
        if c == 0x2D {
            let next = at(index + 1)
            return CSSBytes.isIdentStart(next) || next == 0x2D || isValidEscape(index + 1)
        }
        if CSSBytes.isIdentStart(c) { return true }
        return isValidEscape(index)
    }

    /// §4.3.10: whether `index` would start a number.
    func startsNumber(_ index: Int) -> Bool {
        let c = at(index)
        if c == 0x2B || c == 0x2D {
            let next = at(index + 1)
            if CSSBytes.isDigit(next) { return true }
            return next == 0x2E && CSSBytes.isDigit(at(index + 2))
        }
        if c == 0x2E { return CSSBytes.isDigit(at(index + 1)) }
        return CSSBytes.isDigit(c)
    }

    /// §4.3.7: skips an escape whose backslash is just before `index`; returns the index
    /// after it.
    func skipEscape(_ index: Int) -> Int {
        var i = index
        let c = at(i)
        if c == CSSBytes.eof { return i }
        if CSSBytes.isHexDigit(c) {
            var count = 0
            while count < 6 && CSSBytes.isHexDigit(at(i)) {
                i += 1
                count += 1
            }
            let after = at(i)
            if after == 0x0D && at(i + 1) == 0x0A {
                i += 2
            } else if CSSBytes.isWhitespace(after) {
                i += 1
            }
            return i
        }
        return i + 1
    }

    /// §4.3.11: consumes an ident sequence from `index`; returns its end and whether it
    /// contained an escape.
    func identSequenceEnd(_ index: Int) -> (end: Int, hasEscape: Bool) {
        var i = index
        var escaped = false
        while true {
            let c = at(i)
            if CSSBytes.isIdentChar(c) {
                i += 1
            } else if c == 0x5C && isValidEscape(i) {
                i = skipEscape(i + 1)
                escaped = true
            } else {
                return (i, escaped)
            }
        }
    }

    /// §4.3.1: the next token. Returns `.endOfFile` (repeatedly) at the end.
    mutating func next() -> CSSToken {
        // Comments produce nothing; an unterminated one runs to the end.
        while position + 1 < end && bytes[position] == 0x2F && bytes[position + 1] == 0x2A {
            var i = position + 2
            while i + 1 < end && !(bytes[i] == 0x2A && bytes[i + 1] == 0x2F) { i += 1 }
            position = i + 1 < end ? i + 2 : end
        }
        let start = position
        guard start < end else {
            return CSSToken(kind: .endOfFile, start: end, end: end, valueStart: end, valueEnd: end, hasEscape: false)
        }
        let c = Int(bytes[start])
        switch c {
        case 0x20, 0x09, 0x0A, 0x0C, 0x0D:
            var i = start + 1
            while CSSBytes.isWhitespace(at(i)) { i += 1 }
            return simple(.whitespace, start, i)
        case 0x22, 0x27:
            return consumeString(quote: c)
        case 0x23:
            if CSSBytes.isIdentChar(at(start + 1)) || isValidEscape(start + 1) {
                let (nameEnd, escaped) = identSequenceEnd(start + 1)
                position = nameEnd
                return CSSToken(kind: .hash, start: start, end: nameEnd, valueStart: start + 1, valueEnd: nameEnd, hasEscape: escaped)
            }
            return simple(.delim, start, start + 1)
        case 0x28: return simple(.openParen, start, start + 1)
        case 0x29: return simple(.closeParen, start, start + 1)
        case 0x2C: return simple(.comma, start, start + 1)
        case 0x3A: return simple(.colon, start, start + 1)
        case 0x3B: return simple(.semicolon, start, start + 1)
        case 0x5B: return simple(.openSquare, start, start + 1)
        case 0x5D: return simple(.closeSquare, start, start + 1)
        case 0x7B: return simple(.openCurly, start, start + 1)
        case 0x7D: return simple(.closeCurly, start, start + 1)
        case 0x2B, 0x2E:
            if startsNumber(start) { return consumeNumeric() }
            return simple(.delim, start, start + 1)
        case 0x2D:
            if startsNumber(start) { return consumeNumeric() }
            if at(start + 1) == 0x2D && at(start + 2) == 0x3E { return simple(.cdc, start, start + 3) }
            if startsIdent(start) { return consumeIdentLike() }
            return simple(.delim, start, start + 1)
        case 0x3C:
            if at(start + 1) == 0x21 && at(start + 2) == 0x2D && at(start + 3) == 0x2D {
                return simple(.cdo, start, start + 4)
            }
            return simple(.delim, start, start + 1)
        case 0x40:
            if startsIdent(start + 1) {
                let (nameEnd, escaped) = identSequenceEnd(start + 1)
                position = nameEnd
                return CSSToken(kind: .atKeyword, start: start, end: nameEnd, valueStart: start + 1, valueEnd: nameEnd, hasEscape: escaped)
            }
            return simple(.delim, start, start + 1)
        case 0x5C:
            if isValidEscape(start) { return consumeIdentLike() }
            return simple(.delim, start, start + 1)
        default:
            if CSSBytes.isDigit(c) { return consumeNumeric() }
            if CSSBytes.isIdentStart(c) { return consumeIdentLike() }
            return simple(.delim, start, start + 1)
        }
    }

    private mutating func simple(_ kind: CSSTokenKind, _ start: Int, _ end: Int) -> CSSToken {
        position = end
        return CSSToken(kind: kind, start: start, end: end, valueStart: start, valueEnd: end, hasEscape: false)
    }

    /// §4.3.3.
    private mutating func consumeNumeric() -> CSSToken {
        let start = position
        var i = start
        let sign = at(i)
        if sign == 0x2B || sign == 0x2D { i += 1 }
        while CSSBytes.isDigit(at(i)) { i += 1 }
        if at(i) == 0x2E && CSSBytes.isDigit(at(i + 1)) {
            i += 2
            while CSSBytes.isDigit(at(i)) { i += 1 }
        }
        let e = at(i)
        if e == 0x45 || e == 0x65 {
            let next = at(i + 1)
            if CSSBytes.isDigit(next) {
                i += 2
                while CSSBytes.isDigit(at(i)) { i += 1 }
            } else if (next == 0x2B || next == 0x2D) && CSSBytes.isDigit(at(i + 2)) {
                i += 3
                while CSSBytes.isDigit(at(i)) { i += 1 }
            }
        }
        if startsIdent(i) {
            let (unitEnd, escaped) = identSequenceEnd(i)
            position = unitEnd
            return CSSToken(kind: .dimension, start: start, end: unitEnd, valueStart: i, valueEnd: unitEnd, hasEscape: escaped)
        }
        if at(i) == 0x25 {
            position = i + 1
            return CSSToken(kind: .percentage, start: start, end: i + 1, valueStart: start, valueEnd: i, hasEscape: false)
        }
        position = i
        return CSSToken(kind: .number, start: start, end: i, valueStart: start, valueEnd: i, hasEscape: false)
    }

    /// §4.3.4: ident, function, or url token; `url(` followed by a quote stays a function.
    private mutating func consumeIdentLike() -> CSSToken {
        let start = position
        let (nameEnd, escaped) = identSequenceEnd(start)
        guard at(nameEnd) == 0x28 else {
            position = nameEnd
            return CSSToken(kind: .ident, start: start, end: nameEnd, valueStart: start, valueEnd: nameEnd, hasEscape: escaped)
        }
        if CSSDecoding.nameEquals(bytes, start..<nameEnd, hasEscape: escaped, "url") {
            var i = nameEnd + 1
            while CSSBytes.isWhitespace(at(i)) && CSSBytes.isWhitespace(at(i + 1)) { i += 1 }
            let next = at(i)
            let quoted =
                next == 0x22 || next == 0x27
                || (CSSBytes.isWhitespace(next) && (at(i + 1) == 0x22 || at(i + 1) == 0x27))
            if !quoted { return consumeURL(start: start, from: nameEnd + 1) }
        }
        position = nameEnd + 1
        return CSSToken(kind: .function, start: start, end: nameEnd + 1, valueStart: start, valueEnd: nameEnd, hasEscape: escaped)
    }

    /// §4.3.6: the rest of an unquoted `url(…)`.
    private mutating func consumeURL(start: Int, from index: Int) -> CSSToken {
        var i = index
        while CSSBytes.isWhitespace(at(i)) { i += 1 }
        let contentStart = i
        var escaped = false
        while true {
            let c = at(i)
            if c == 0x29 || c == CSSBytes.eof {
                position = c == CSSBytes.eof ? i : i + 1
                return CSSToken(kind: .url, start: start, end: position, valueStart: contentStart, valueEnd: i, hasEscape: escaped)
            }
            if CSSBytes.isWhitespace(c) {
                let contentEnd = i
                while CSSBytes.isWhitespace(at(i)) { i += 1 }
                let after = at(i)
                if after == 0x29 || after == CSSBytes.eof {
                    position = after == CSSBytes.eof ? i : i + 1
                    return CSSToken(kind: .url, start: start, end: position, valueStart: contentStart, valueEnd: contentEnd, hasEscape: escaped)
                }
                return consumeBadURLRemnants(start: start, from: i)
            }
            if c == 0x22 || c == 0x27 || c == 0x28 || CSSBytes.isNonPrintable(c) {
                return consumeBadURLRemnants(start: start, from: i)
            }
            if c == 0x5C {
                guard isValidEscape(i) else { return consumeBadURLRemnants(start: start, from: i) }
                i = skipEscape(i + 1)
                escaped = true
                continue
            }
            i += 1
        }
    }

    /// §4.3.14.
    private mutating func consumeBadURLRemnants(start: Int, from index: Int) -> CSSToken {
        var i = index
        while true {
            let c = at(i)
            if c == CSSBytes.eof { break }
            if c == 0x29 {
                i += 1
                break
            }
            if isValidEscape(i) {
                i = skipEscape(i + 1)
            } else {
                i += 1
            }
        }
        position = i
        return CSSToken(kind: .badURL, start: start, end: i, valueStart: start, valueEnd: i, hasEscape: false)
    }

    /// §4.3.5. A newline ends the string as a bad string (the newline is not consumed).
    private mutating func consumeString(quote: Int) -> CSSToken {
        let start = position
        var i = start + 1
        var escaped = false
        while true {
            let c = at(i)
            if c == CSSBytes.eof {
                position = i
                return CSSToken(kind: .string, start: start, end: i, valueStart: start + 1, valueEnd: i, hasEscape: escaped)
            }
            if c == quote {
                position = i + 1
                return CSSToken(kind: .string, start: start, end: i + 1, valueStart: start + 1, valueEnd: i, hasEscape: escaped)
            }
            if CSSBytes.isNewline(c) {
                position = i
                return CSSToken(kind: .badString, start: start, end: i, valueStart: start + 1, valueEnd: i, hasEscape: escaped)
            }
            if c == 0x5C {
                escaped = true
                let next = at(i + 1)
                if next == CSSBytes.eof {
                    i += 1
                } else if CSSBytes.isNewline(next) {
                    i += (next == 0x0D && at(i + 2) == 0x0A) ? 3 : 2
                } else {
                    i = skipEscape(i + 1)
                }
                continue
            }
            i += 1
        }
    }
}

/// Nesting of `(`, `[` and `{` as CSS Syntax reads component values, and as the load
/// scanner does: a function or block runs to its own closer, and a closer of another kind
/// inside it is an ordinary token (`url("a"})` does not end the rule's block at `}`).
struct CSSNesting {
    private var closers: [CSSTokenKind] = []

    var isEmpty: Bool { closers.isEmpty }

    mutating func read(_ kind: CSSTokenKind) {
        switch kind {
        case .function, .openParen: closers.append(.closeParen)
        case .openSquare: closers.append(.closeSquare)
        case .openCurly: closers.append(.closeCurly)
        case .closeParen, .closeSquare, .closeCurly:
            if closers.last == kind { closers.removeLast() }
        default: break
        }
    }
}
