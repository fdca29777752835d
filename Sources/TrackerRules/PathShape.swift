/// The bytes a rules text was read from, shared by its rules (hosts, shapes, examples are
/// ranges into it, so loading rules allocates little).
final class RuleSource: Sendable {
    let bytes: [UInt8]
    init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// A text's UTF-8 bytes, copied at once where the string keeps them contiguous (a
    /// literal does): `Array(text.utf8)` went byte by byte, 57,000 instructions for the
    /// built-in rules.
    convenience init(text: String) {
        self.init(text.utf8.withContiguousStorageIfAvailable { Array($0) } ?? Array(text.utf8))
    }

    func string(_ r: Range<Int>) -> String { String(decoding: bytes[r], as: UTF8.self) }
}

/// A path shape: a tiny glob over `path?query` (the URL after the host, without the
/// fragment). Case-sensitive, byte-wise, prefix-anchored.
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
///
/// The shape is kept as its source bytes and interpreted while matching: a rule costs no
/// allocation to load, and a shape is only read when a load's host or anchor selects it.
struct PathShape: Sendable {
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

    enum AnchorKind: Sendable { case segment, queryName, fileExtension }

    let source: RuleSource
    let range: Range<Int>

    /// Longest shape accepted; shapes are short by nature.
    static let maximumLength = 256
    /// Matching steps allowed per target before giving up (and not matching).
    static let stepBudget = 20_000

    var text: String { source.string(range) }

    /// Checks and wraps the shape at `range` of `source`.
    static func make(_ source: RuleSource, _ range: Range<Int>) -> Result<PathShape, ShapeError> {
        if let problem = check(source.bytes[range]) { return .failure(problem) }
        return .success(PathShape(source: source, range: range))
    }

    /// Compiles a standalone shape (user rules, tests).
    static func compile(_ text: Substring) -> Result<PathShape, ShapeError> {
        let source = RuleSource(Array(text.utf8))
        return make(source, 0..<source.bytes.count)
    }

    /// What is wrong with a shape's bytes, or nil.
    static func check(_ bytes: ArraySlice<UInt8>) -> ShapeError? {
        guard let first = bytes.first else { return ShapeError("empty path shape") }
        guard bytes.count <= maximumLength else { return ShapeError("path shape longer than \(maximumLength) bytes") }
        guard first == 0x2F || first == 0x2A else {
            return ShapeError("path shape must start with '/' (from the path start) or '*' (anywhere)")
        }
        var i = bytes.startIndex
        while i < bytes.endIndex {
            switch bytes[i] {
            case 0x3C:
                guard let close = bytes[i...].firstIndex(of: 0x3E) else { return ShapeError("unclosed '<' in path shape") }
                let inner = bytes[(i + 1)..<close]
                if inner.withUnsafeBufferPointer({ parseClass($0) }) == nil {
                    let spelled = String(decoding: inner, as: UTF8.self)
                    if let c = inner.first, CharacterClass(rawValue: c) != nil {
                        return ShapeError("bad count in '<\(spelled)>'")
                    }
                    return ShapeError("unknown class '<\(spelled)>' (use d x l u w s)")
                }
                i = close + 1
            case 0x3E:
                return ShapeError("stray '>' in path shape")
            default:
                i += 1
            }
        }
        return nil
    }

    /// Reads `d`, `d4`, `d2-3` (the inside of `<...>`).
    static func parseClass(_ inner: UnsafeBufferPointer<UInt8>) -> (CharacterClass, Int, Int)? {
        guard let first = inner.first, let cls = CharacterClass(rawValue: first) else { return nil }
        var k = 1
        func number() -> Int? {
            var v = 0
            var digits = 0
            while k < inner.endIndex, inner[k] >= 0x30, inner[k] <= 0x39, digits < 4 {
                v = v * 10 + Int(inner[k] - 0x30)
                digits += 1
                k += 1
            }
            return digits > 0 ? v : nil
        }
        if k == inner.endIndex { return (cls, 1, Int.max) }
        guard let lo = number(), lo >= 1 else { return nil }
        if k == inner.endIndex { return (cls, lo, Int.max) }
        guard inner[k] == 0x2D else { return nil }
        k += 1
        guard let hi = number(), hi >= lo, k == inner.endIndex else { return nil }
        return (cls, lo, hi)
    }

    // MARK: - Matching

    /// True when the shape matches `target` (`path?query` bytes; the path ends at `pathEnd`).
    func matches(_ target: UnsafeBufferPointer<UInt8>, pathEnd: Int) -> Bool {
        source.bytes.withUnsafeBufferPointer { all in
            var budget = PathShape.stepBudget
            let shape = UnsafeBufferPointer(rebasing: all[range])
            guard PathShape.literalsOccurInOrder(shape, target) else { return false }
            return PathShape.match(shape, 0, target, 0, pathEnd, &budget)
        }
    }

    /// Convenience for tests and slow paths.
    func matches(pathAndQuery: String) -> Bool {
        var s = pathAndQuery
        let pathEnd = s.utf8.firstIndex(of: 0x3F).map { s.utf8.distance(from: s.utf8.startIndex, to: $0) } ?? s.utf8.count
        return s.withUTF8 { matches($0, pathEnd: pathEnd) }
    }

    /// Whether every literal run of the shape (the bytes between `*`, `$` and classes)
    /// occurs in `input`, in shape order and without overlapping: true of every target the
    /// shape matches, so a false answer spares the backtracking match. Most candidates a
    /// segment anchor selects fail here (`*/img/<w>/<w8-8>.gif` on a `.jpg` path), for a
    /// tenth of what trying them cost.
    static func literalsOccurInOrder(_ shape: UnsafeBufferPointer<UInt8>, _ input: UnsafeBufferPointer<UInt8>) -> Bool {
        var from = 0
        var pi = 0
        while pi < shape.count {
            switch shape[pi] {
            case 0x2A, 0x24:
                pi += 1
                continue
            case 0x3C:
                while pi < shape.count, shape[pi] != 0x3E { pi += 1 }
                pi += 1
                continue
            default:
                break
            }
            var runEnd = pi + 1
            while runEnd < shape.count, shape[runEnd] != 0x2A, shape[runEnd] != 0x24, shape[runEnd] != 0x3C { runEnd += 1 }
            let length = runEnd - pi
            // Leftmost occurrence at or after `from`: leftmost keeps every later run's
            // chance, so a miss here means no match can place them all.
            var found = -1
            var k = from
            let first = shape[pi]
            while k + length <= input.count {
                if input[k] == first {
                    var j = 1
                    while j < length, input[k + j] == shape[pi + j] { j += 1 }
                    if j == length {
                        found = k
                        break
                    }
                }
                k += 1
            }
            guard found >= 0 else { return false }
            from = found + length
            pi = runEnd
        }
        return true
    }

    /// The backtracking match itself (internal for the prefilter's test).
    static func match(
        _ shape: UnsafeBufferPointer<UInt8>, _ p: Int, _ input: UnsafeBufferPointer<UInt8>, _ start: Int,
        _ pathEnd: Int, _ budget: inout Int
    ) -> Bool {
        var pi = p
        var ii = start
        while pi < shape.count {
            budget -= 1
            if budget <= 0 { return false }
            switch shape[pi] {
            case 0x2A:  // '*'
                while pi < shape.count, shape[pi] == 0x2A { pi += 1 }
                if pi == shape.count { return true }
                var k = ii
                while k <= input.count {
                    if match(shape, pi, input, k, pathEnd, &budget) { return true }
                    if budget <= 0 { return false }
                    k += 1
                }
                return false
            case 0x24:  // '$'
                guard ii == pathEnd else { return false }
                pi += 1
            case 0x3C:  // '<class count>'
                var close = pi + 1
                while close < shape.count, shape[close] != 0x3E { close += 1 }
                guard close < shape.count,
                    let (cls, lo, hi) = parseClass(UnsafeBufferPointer(rebasing: shape[(pi + 1)..<close]))
                else { return false }
                var r = 0
                while ii + r < input.count, r < hi, cls.contains(input[ii + r]) { r += 1 }
                guard r >= lo else { return false }
                let after = close + 1
                if after == shape.count { return true }
                var len = r
                while len >= lo {
                    if match(shape, after, input, ii + len, pathEnd, &budget) { return true }
                    if budget <= 0 { return false }
                    len -= 1
                }
                return false
            default:
                guard ii < input.count, input[ii] == shape[pi] else { return false }
                pi += 1
                ii += 1
            }
        }
        return true
    }

    // MARK: - Anchors

    /// Literal anchors the shape requires, best first, as ranges of `source`: query
    /// names, then the longest literal segment, then an extension.
    var anchorRanges: [(AnchorKind, Range<Int>)] {
        var names: [Range<Int>] = []
        var segments: [Range<Int>] = []
        var extensions: [Range<Int>] = []
        forEachAnchor { kind, r in
            switch kind {
            case .queryName: names.append(r)
            case .segment: segments.append(r)
            case .fileExtension: extensions.append(r)
            }
        }
        segments.sort { $0.count > $1.count }
        return names.map { (.queryName, $0) } + segments.map { (.segment, $0) } + extensions.map { (.fileExtension, $0) }
    }

    /// The best anchor (what `anchorRanges.first` gives), without building arrays.
    var bestAnchor: (AnchorKind, Range<Int>)? {
        var name: Range<Int>? = nil
        var segment: Range<Int>? = nil
        var ext: Range<Int>? = nil
        forEachAnchor { kind, r in
            switch kind {
            case .queryName: if name == nil { name = r }
            case .segment: if r.count > (segment?.count ?? 0) { segment = r }
            case .fileExtension: if ext == nil { ext = r }
            }
        }
        if let name { return (.queryName, name) }
        if let segment { return (.segment, segment) }
        if let ext { return (.fileExtension, ext) }
        return nil
    }

    /// Calls `body` with each literal anchor in shape order.
    private func forEachAnchor(_ body: (AnchorKind, Range<Int>) -> Void) {
        let b = source.bytes
        var i = range.lowerBound
        while i < range.upperBound {
            // Skip non-literal elements.
            if b[i] == 0x2A || b[i] == 0x24 {
                i += 1
                continue
            }
            if b[i] == 0x3C {
                while i < range.upperBound, b[i] != 0x3E { i += 1 }
                i += 1
                continue
            }
            // A maximal literal run [i, j).
            var j = i
            while j < range.upperBound, b[j] != 0x2A, b[j] != 0x24, b[j] != 0x3C { j += 1 }
            let endsAtPathEnd = j < range.upperBound && b[j] == 0x24
            // Split at '/', '?', '&', '=' and classify each piece by its neighbours.
            var pieceStart = i
            for k in i...j {
                let delimiter = k < j && (b[k] == 0x2F || b[k] == 0x3F || b[k] == 0x26 || b[k] == 0x3D)
                guard k == j || delimiter else { continue }
                if k > pieceStart {
                    let before: UInt8? = pieceStart > i ? b[pieceStart - 1] : nil
                    let next: UInt8? = k < j ? b[k] : nil
                    let atEnd = k == j && endsAtPathEnd
                    if (before == 0x3F || before == 0x26) && next == 0x3D {
                        body(.queryName, pieceStart..<k)
                    } else if before == 0x2F && (next == 0x2F || next == 0x3F || atEnd) {
                        body(.segment, pieceStart..<k)
                    } else if next == 0x3F || atEnd {
                        var dot = k - 1
                        while dot > pieceStart, b[dot] != 0x2E { dot -= 1 }
                        if b[dot] == 0x2E, dot + 1 < k { body(.fileExtension, (dot + 1)..<k) }
                    }
                }
                pieceStart = k + 1
            }
            i = j
        }
    }

    /// The anchors as text (for tests and listings).
    var anchors: [Anchor] {
        anchorRanges.map { kind, r in
            let s = source.string(r)
            switch kind {
            case .segment: return .segment(s)
            case .queryName: return .queryName(s)
            case .fileExtension: return .fileExtension(s)
            }
        }
    }
}

extension PathShape: Equatable {
    static func == (a: PathShape, b: PathShape) -> Bool {
        a.source.bytes[a.range].elementsEqual(b.source.bytes[b.range])
    }
}

/// Why a path shape did not compile.
struct ShapeError: Error, Sendable, Equatable {
    let message: String
    init(_ message: String) { self.message = message }
}
