/// A compiled path shape: a tiny glob over `path?query` (the URL after the host, without
/// the fragment). Case-sensitive, byte-wise, prefix-anchored.
///
/// Syntax:
/// - any other byte matches itself; a shape starting with `/` matches from the start of
///   the path, a shape starting with `*` anywhere;
/// - `*` matches any run of bytes, possibly empty, across `/` and `?`;
/// - `<d>` one or more ASCII digits, `<x>` hex digits, `<l>` ASCII letters, `<u>` upper-case
///   letters, `<w>` word bytes `[A-Za-z0-9_.-]`, `<s>` any byte but `/ ? & #`;
///   a count narrows them: `<d4>` at least four, `<d2-3>` two or three;
/// - `$` matches only at the end of the path (where the query, if any, begins);
/// - a shape matches when it matches a prefix of the target: nothing is needed at the end.
struct PathShape: Sendable, Equatable {
    enum Token: Sendable, Equatable {
        case byte(UInt8)
        case any
        case run(CharacterClass, min: Int, max: Int)
        case pathEnd
    }

    enum CharacterClass: UInt8, Sendable {
        case digit = 0x64, hex = 0x78, letter = 0x6C, upper = 0x75, word = 0x77, segment = 0x73

        func contains(_ b: UInt8) -> Bool {
            switch self {
            case .digit: return b >= 0x30 && b <= 0x39
            case .hex: return (b >= 0x30 && b <= 0x39) || ((b | 0x20) >= 0x61 && (b | 0x20) <= 0x66)
            case .letter: return (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A
            case .upper: return b >= 0x41 && b <= 0x5A
            case .word:
                return (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A || (b >= 0x30 && b <= 0x39)
                    || b == 0x5F || b == 0x2E || b == 0x2D
            case .segment: return b != 0x2F && b != 0x3F && b != 0x26 && b != 0x23
            }
        }
    }

    /// Where a shape can be looked up without trying it: a fully literal path segment, a
    /// literal query parameter name or a literal file extension the target must contain.
    enum Anchor: Sendable, Equatable {
        case segment(String)
        case queryName(String)
        case fileExtension(String)
    }

    let text: String
    let tokens: [Token]

    /// Longest shape accepted; shapes are short by nature.
    static let maximumLength = 256
    /// Matching steps allowed per target before giving up (and not matching).
    static let stepBudget = 20_000

    /// Compiles `text`, or returns a message saying what is wrong.
    static func compile(_ text: Substring) -> Result<PathShape, ShapeError> {
        compile(bytes: Array(text.utf8))
    }

    /// Compiles the shape spelled by `bytes`.
    static func compile(bytes: [UInt8]) -> Result<PathShape, ShapeError> {
        guard !bytes.isEmpty else { return .failure(ShapeError("empty path shape")) }
        guard bytes.count <= maximumLength else { return .failure(ShapeError("path shape longer than \(maximumLength) bytes")) }
        guard bytes[0] == 0x2F || bytes[0] == 0x2A else {
            return .failure(ShapeError("path shape must start with '/' (from the path start) or '*' (anywhere)"))
        }
        var tokens: [Token] = []
        tokens.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            switch b {
            case 0x2A:
                if tokens.last != .any { tokens.append(.any) }
                i += 1
            case 0x24:
                tokens.append(.pathEnd)
                i += 1
            case 0x3C:
                guard let close = bytes[i...].firstIndex(of: 0x3E) else {
                    return .failure(ShapeError("unclosed '<' in path shape"))
                }
                let inner = bytes[(i + 1)..<close]
                guard let first = inner.first, let cls = CharacterClass(rawValue: first) else {
                    return .failure(ShapeError("unknown class '<\(String(decoding: inner, as: UTF8.self))>' (use d x l u w s)"))
                }
                let count = inner.dropFirst()
                var lo = 1
                var hi = Int.max
                if !count.isEmpty {
                    let parts = count.split(separator: 0x2D, omittingEmptySubsequences: false)
                    guard parts.count <= 2, let l = decimal(parts[0]), l >= 1 else {
                        return .failure(ShapeError("bad count in '<\(String(decoding: inner, as: UTF8.self))>'"))
                    }
                    lo = l
                    if parts.count == 2 {
                        guard let h = decimal(parts[1]), h >= l else {
                            return .failure(ShapeError("bad count in '<\(String(decoding: inner, as: UTF8.self))>'"))
                        }
                        hi = h
                    }
                }
                tokens.append(.run(cls, min: lo, max: hi))
                i = close + 1
            case 0x3E:
                return .failure(ShapeError("stray '>' in path shape"))
            default:
                tokens.append(.byte(b))
                i += 1
            }
        }
        return .success(PathShape(text: String(decoding: bytes, as: UTF8.self), tokens: tokens))
    }

    private static func decimal(_ bytes: ArraySlice<UInt8>) -> Int? {
        guard !bytes.isEmpty, bytes.count <= 4 else { return nil }
        var v = 0
        for b in bytes {
            guard b >= 0x30 && b <= 0x39 else { return nil }
            v = v * 10 + Int(b - 0x30)
        }
        return v
    }

    /// True when the shape matches `target` (`path?query` bytes; the path ends at `pathEnd`).
    func matches(_ target: UnsafeBufferPointer<UInt8>, pathEnd: Int) -> Bool {
        var budget = PathShape.stepBudget
        return match(0, target, 0, pathEnd, &budget)
    }

    /// Convenience for tests and slow paths.
    func matches(pathAndQuery: String) -> Bool {
        var s = pathAndQuery
        let pathEnd = s.utf8.firstIndex(of: 0x3F).map { s.utf8.distance(from: s.utf8.startIndex, to: $0) } ?? s.utf8.count
        return s.withUTF8 { matches($0, pathEnd: pathEnd) }
    }

    private func match(_ t: Int, _ input: UnsafeBufferPointer<UInt8>, _ start: Int, _ pathEnd: Int, _ budget: inout Int) -> Bool {
        var ti = t
        var ii = start
        while ti < tokens.count {
            budget -= 1
            if budget <= 0 { return false }
            switch tokens[ti] {
            case .byte(let b):
                guard ii < input.count, input[ii] == b else { return false }
                ti += 1
                ii += 1
            case .pathEnd:
                guard ii == pathEnd else { return false }
                ti += 1
            case .any:
                if ti + 1 == tokens.count { return true }
                var k = ii
                while k <= input.count {
                    if match(ti + 1, input, k, pathEnd, &budget) { return true }
                    if budget <= 0 { return false }
                    k += 1
                }
                return false
            case .run(let cls, let lo, let hi):
                var r = 0
                while ii + r < input.count, r < hi, cls.contains(input[ii + r]) { r += 1 }
                guard r >= lo else { return false }
                if ti + 1 == tokens.count { return true }
                var len = r
                while len >= lo {
                    if match(ti + 1, input, ii + len, pathEnd, &budget) { return true }
                    if budget <= 0 { return false }
                    len -= 1
                }
                return false
            }
        }
        return true
    }

    /// Literal anchors the shape requires, best first: query names, then the longest
    /// literal segment, then an extension.
    var anchors: [Anchor] {
        var names: [String] = []
        var segments: [String] = []
        var extensions: [String] = []
        // Walk maximal runs of literal bytes; split each at '/', '?', '&', '=' and classify
        // each piece by the bytes around it.
        var i = 0
        while i < tokens.count {
            guard case .byte = tokens[i] else { i += 1; continue }
            var j = i
            while j < tokens.count, case .byte = tokens[j] { j += 1 }
            let endsAtPathEnd = j < tokens.count && tokens[j] == .pathEnd
            var pieceStart = i
            for k in i...j {
                let b = k < j ? byte(k) : 0
                guard k == j || b == 0x2F || b == 0x3F || b == 0x26 || b == 0x3D else { continue }
                if k > pieceStart {
                    let before: UInt8? = pieceStart > i ? byte(pieceStart - 1) : nil
                    let next: UInt8? = k < j ? b : nil
                    let atEnd = k == j && endsAtPathEnd
                    if (before == 0x3F || before == 0x26) && next == 0x3D {
                        names.append(text(pieceStart..<k))
                    } else if before == 0x2F && (next == 0x2F || next == 0x3F || atEnd) {
                        segments.append(text(pieceStart..<k))
                    } else if next == 0x3F || atEnd {
                        var dot = k - 1
                        while dot > pieceStart, byte(dot) != 0x2E { dot -= 1 }
                        if byte(dot) == 0x2E, dot + 1 < k { extensions.append(text((dot + 1)..<k)) }
                    }
                }
                pieceStart = k + 1
            }
            i = j
        }
        var out: [Anchor] = names.map { .queryName($0) }
        var longestFirst = segments
        longestFirst.sort { $0.utf8.count > $1.utf8.count }
        out.append(contentsOf: longestFirst.map { .segment($0) })
        out.append(contentsOf: extensions.map { .fileExtension($0) })
        return out
    }

    private func byte(_ k: Int) -> UInt8 {
        if case .byte(let b) = tokens[k] { return b }
        return 0
    }

    private func text(_ r: Range<Int>) -> String {
        String(decoding: r.map { byte($0) }, as: UTF8.self)
    }
}

/// Why a path shape did not compile.
struct ShapeError: Error, Sendable, Equatable {
    let message: String
    init(_ message: String) { self.message = message }
}
