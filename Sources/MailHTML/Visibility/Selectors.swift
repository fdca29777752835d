/// CSS selectors, as far as mail needs them: type, universal, class, id and attribute
/// selectors, descendant and child combinators, selector lists, specificity. Anything
/// else (pseudo-classes, sibling combinators, namespaces) makes a selector `maybe`: it may
/// match, so it can show an element but never hide one.
struct AttributeTest: Sendable {
    enum Operator: Sendable { case exists, equals, includes, dashMatch, prefix, suffix, substring }
    var name: NameKey
    var op: Operator
    var value: [UInt8]
    var caseInsensitive: Bool
}

/// A class or id name of a selector: where its bytes are. Written plainly (no escape, no
/// NUL) it is a range of the document itself; otherwise its decoded bytes are in the name
/// pool the style sheets of the document share. A name costs no allocation of its own: a
/// style sheet of 20,000 rules held 40,000 small byte arrays.
struct SelectorName: Sendable {
    private let start: Int32
    /// The length, with the top bit set for a name in the pool: 8 bytes a name, so that a
    /// compound's first class and id sit inline with no optional's tag byte.
    private let packedLength: UInt32

    init(_ range: Range<Int>, pooled: Bool) {
        start = Int32(truncatingIfNeeded: range.lowerBound)
        packedLength = UInt32(truncatingIfNeeded: range.count) & 0x7FFF_FFFF | (pooled ? 0x8000_0000 : 0)
    }

    private init(noneAt start: Int32) {
        self.start = start
        packedLength = 0
    }

    /// Stands for "no name" where an optional would cost a byte and its padding.
    static let none = SelectorName(noneAt: -1)
    var isNone: Bool { start < 0 }

    var pooled: Bool { packedLength & 0x8000_0000 != 0 }
    var range: Range<Int> { Int(start)..<(Int(start) + Int(packedLength & 0x7FFF_FFFF)) }

    /// The name's bytes, from the document or the pool.
    func withBytes<R>(
        document: UnsafeBufferPointer<UInt8>, pool: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> R
    ) -> R {
        body(UnsafeBufferPointer(rebasing: (pooled ? pool : document)[range]))
    }
}

/// A compound's class or id names: the first inline (a compound rarely has two), the rest
/// in an array.
struct SelectorNames: Sequence, Sendable {
    private var head = SelectorName.none
    private var others: [SelectorName] = []

    var first: SelectorName? { head.isNone ? nil : head }
    var isEmpty: Bool { head.isNone }

    mutating func append(_ name: SelectorName) {
        if head.isNone { head = name } else { others.append(name) }
    }

    struct Iterator: IteratorProtocol {
        let names: SelectorNames
        var position = 0

        mutating func next() -> SelectorName? {
            defer { position += 1 }
            if position == 0 { return names.first }
            return position - 1 < names.others.count ? names.others[position - 1] : nil
        }
    }

    func makeIterator() -> Iterator { Iterator(names: self) }
}

struct CompoundSelector: Sendable {
    /// The element name's key; all zero bits for `*` or none (no name has that key), so
    /// the compound holds no optional: 64 bytes a compound, and a style sheet of 20,000
    /// three-part selectors holds 60,000 of them.
    private var tagKey = NameKey(low: 0, high: 0, length: 0)
    var ids = SelectorNames()
    var classes = SelectorNames()
    var attributes: [AttributeTest] = []
    /// A part the model does not evaluate (pseudo-class, namespace): at best `maybe`.
    var unsupported = false

    /// The element name, lowercased; nil for `*` or none.
    var tag: NameKey? {
        get { tagKey.low == 0 && tagKey.high == 0 ? nil : tagKey }
        set { tagKey = newValue ?? NameKey(low: 0, high: 0, length: 0) }
    }
}

enum Combinator: UInt8, Sendable {
    case descendant, child
    /// `+` and `~`: siblings are not tracked, so the left side is `maybe`.
    case sibling
}

/// A selector's combinators, two bits each in one word for the first 32 (an array of its
/// own per selector cost an allocation each), the rest in an array.
struct CombinatorList: Sendable {
    private var bits: UInt64 = 0
    private var overflow: [Combinator] = []
    private var storedCount: Int32 = 0
    var count: Int { Int(storedCount) }

    init(_ combinators: [Combinator]) {
        for combinator in combinators { append(combinator) }
    }

    mutating func append(_ combinator: Combinator) {
        if count < 32 {
            bits |= UInt64(combinator.rawValue) << (2 * UInt64(count))
        } else {
            overflow.append(combinator)
        }
        storedCount += 1
    }

    subscript(index: Int) -> Combinator {
        if index < 32 { return Combinator(rawValue: UInt8(truncatingIfNeeded: bits >> (2 * UInt64(index))) & 3)! }
        return overflow[index - 32]
    }
}

/// A complex selector's compounds, left to right: the first held inline (most selectors in
/// mail have one), the others in an array.
struct SelectorCompounds: RandomAccessCollection, Sendable {
    private let head: CompoundSelector
    private let others: [CompoundSelector]

    /// `compounds` is not empty. The others are copied to an array of their exact size
    /// (the parser's, grown by doubling, would be kept half empty).
    init(_ compounds: [CompoundSelector]) {
        head = compounds[0]
        others = compounds.count > 1 ? Array(compounds[1...]) : []
    }

    var startIndex: Int { 0 }
    var endIndex: Int { 1 + others.count }
    subscript(position: Int) -> CompoundSelector { position == 0 ? head : others[position - 1] }

    /// Calls `body` with the compound at `position`, lent rather than copied: matching reads
    /// one per step, and a copy retained and released each of its arrays.
    @inline(__always)
    func withCompound<R>(_ position: Int, _ body: (borrowing CompoundSelector) -> R) -> R {
        if position == 0 { return body(head) }
        return others.withUnsafeBufferPointer { body($0[position - 1]) }
    }
}

struct ComplexSelector: Sendable {
    /// Left to right.
    var compounds: SelectorCompounds
    /// `combinators[i]` joins `compounds[i]` and `compounds[i + 1]`.
    var combinators: CombinatorList
    /// ids, then classes/attributes/pseudo-classes, then types, packed for comparison.
    var specificity: Int { Int(packedSpecificity) }
    /// 24 bits (see `parseComplex`); a word of its own padded the selector by 8 bytes.
    private let packedSpecificity: Int32
    /// Ends in a pseudo-element: it styles a generated box, never the element's own.
    var pseudoElement: Bool
    /// What its ancestors must hold for it to match (`KeyFilter`).
    var ancestorKeys = KeyFilter()

    init(compounds: SelectorCompounds, combinators: CombinatorList, specificity: Int, pseudoElement: Bool,
         ancestorKeys: KeyFilter) {
        self.compounds = compounds
        self.combinators = combinators
        packedSpecificity = Int32(truncatingIfNeeded: specificity)
        self.pseudoElement = pseudoElement
        self.ancestorKeys = ancestorKeys
    }

    var subject: CompoundSelector { compounds[compounds.count - 1] }
}

enum SelectorParser {
    /// Whether the prelude in `range` can be no selector list at all, so that a browser
    /// drops the rule: it is empty or has an empty item (`img, {…}`), or holds, outside
    /// brackets and pseudo-class arguments, a token no selector has (a URL, a string, a
    /// number, `@name`, `;`, a function not after `:`, a delimiter other than `> + ~ * . |
    /// &`). `parseList` answers nil for these too, but also for valid selectors beyond the
    /// model, whose rules may match anything; these match nothing. (Read as "may match",
    /// `{width:auto}` or `url(…) img{…}` kept a 1x1 pixel as maybe sized, and a rule the
    /// cleaner removed whole for its load changed the verdict on the next clean.)
    static func isInvalidList(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        var tokenizer = CSSTokenizer(bytes, range: range)
        var depth = 0
        var itemIsEmpty = true
        var previous: CSSTokenKind = .whitespace
        while true {
            let token = tokenizer.next()
            switch token.kind {
            case .endOfFile:
                return itemIsEmpty || depth > 0
            case .whitespace:
                continue
            case .comma where depth == 0:
                if itemIsEmpty { return true }
                itemIsEmpty = true
                previous = .comma
                continue
            case .openSquare, .openParen:
                depth += 1
            case .function:
                if depth == 0 && previous != .colon { return true }
                depth += 1
            case .closeSquare, .closeParen:
                if depth == 0 { return true }
                depth -= 1
            case .url, .badURL, .string, .badString, .number, .percentage, .dimension, .atKeyword, .semicolon,
                .cdo, .cdc, .openCurly, .closeCurly:
                if depth == 0 { return true }
            case .delim where depth == 0:
                switch bytes[token.start] {
                case 0x3E, 0x2B, 0x7E, 0x2A, 0x2E, 0x7C, 0x26: break  // > + ~ * . | &
                default: return true
                }
            default:
                break
            }
            itemIsEmpty = false
            previous = token.kind
        }
    }

    /// Parses a selector list; nil when it is not one the model can read at all (the rule
    /// is then `maybe` for every element).
    /// Names that need decoding go to `pool`.
    static func parseList(
        _ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, pool: inout [UInt8]
    ) -> [ComplexSelector]? {
        var tokenizer = CSSTokenizer(bytes, range: range)
        var tokens: [CSSToken] = []
        while true {
            let token = tokenizer.next()
            if token.kind == .endOfFile { break }
            tokens.append(token)
            if tokens.count > 4096 { return nil }
        }
        var selectors: [ComplexSelector] = []
        var start = 0
        var depth = 0
        for index in 0...tokens.count {
            if index < tokens.count {
                switch tokens[index].kind {
                case .function, .openParen, .openSquare: depth += 1
                case .closeParen, .closeSquare: depth = max(0, depth - 1)
                default: break
                }
                guard tokens[index].kind == .comma && depth == 0 else { continue }
            }
            guard let selector = parseComplex(bytes, tokens[start..<index], pool: &pool) else { return nil }
            selectors.append(selector)
            start = index + 1
        }
        return selectors
    }

    static func parseComplex(
        _ bytes: UnsafeBufferPointer<UInt8>, _ tokens: ArraySlice<CSSToken>, pool: inout [UInt8]
    ) -> ComplexSelector? {
        var compounds: [CompoundSelector] = []
        var combinators: [Combinator] = []
        var current = CompoundSelector()
        var hasCurrent = false
        var pendingCombinator: Combinator?
        var sawWhitespace = false
        var ids = 0
        var classes = 0
        var types = 0
        var pseudoElement = false
        var index = tokens.startIndex

        func startCompound() {
            if hasCurrent { return }
            if !compounds.isEmpty {
                combinators.append(pendingCombinator ?? .descendant)
            }
            pendingCombinator = nil
            hasCurrent = true
        }
        func endCompound() {
            if hasCurrent {
                compounds.append(current)
                current = CompoundSelector()
                hasCurrent = false
            }
        }

        while index < tokens.endIndex {
            let token = tokens[index]
            index += 1
            switch token.kind {
            case .whitespace:
                if hasCurrent { sawWhitespace = true }
                endCompound()
                continue
            case .delim:
                let byte = bytes[token.start]
                if byte == 0x3E || byte == 0x2B || byte == 0x7E {  // > + ~
                    endCompound()
                    guard !compounds.isEmpty, pendingCombinator == nil else { return nil }
                    pendingCombinator = byte == 0x3E ? .child : .sibling
                    continue
                }
                if byte == 0x2A {  // *
                    guard !hasCurrent else { return nil }
                    startCompound()
                    continue
                }
                if byte == 0x2E {  // .class
                    guard index < tokens.endIndex, tokens[index].kind == .ident else { return nil }
                    startCompound()
                    current.classes.append(name(bytes, tokens[index], pool: &pool))
                    classes += 1
                    index += 1
                    continue
                }
                if byte == 0x7C {  // namespace
                    startCompound()
                    current.unsupported = true
                    continue
                }
                return nil
            case .ident:
                // A type selector starts a compound.
                guard !hasCurrent else { return nil }
                startCompound()
                current.tag = NameKey(lowercased: decoded(bytes, token))
                types += 1
            case .hash:
                startCompound()
                current.ids.append(name(bytes, token, pool: &pool))
                ids += 1
            case .openSquare:
                startCompound()
                var end = index
                while end < tokens.endIndex && tokens[end].kind != .closeSquare { end += 1 }
                if let test = parseAttribute(bytes, tokens[index..<end]) {
                    current.attributes.append(test)
                } else {
                    current.unsupported = true
                }
                classes += 1
                index = min(end + 1, tokens.endIndex)
            case .colon:
                startCompound()
                var doubled = false
                if index < tokens.endIndex && tokens[index].kind == .colon {
                    doubled = true
                    index += 1
                }
                guard index < tokens.endIndex else { return nil }
                let name = tokens[index]
                index += 1
                if name.kind == .function {
                    // Skip the arguments.
                    var depth = 1
                    while index < tokens.endIndex && depth > 0 {
                        switch tokens[index].kind {
                        case .function, .openParen: depth += 1
                        case .closeParen: depth -= 1
                        default: break
                        }
                        index += 1
                    }
                } else if name.kind != .ident {
                    return nil
                }
                let legacy = name.kind == .ident && (
                    CSSDecoding.nameEquals(bytes, name.valueRange, hasEscape: name.hasEscape, "before")
                    || CSSDecoding.nameEquals(bytes, name.valueRange, hasEscape: name.hasEscape, "after")
                    || CSSDecoding.nameEquals(bytes, name.valueRange, hasEscape: name.hasEscape, "first-line")
                    || CSSDecoding.nameEquals(bytes, name.valueRange, hasEscape: name.hasEscape, "first-letter"))
                if doubled || legacy {
                    pseudoElement = true
                    types += 1
                } else {
                    current.unsupported = true
                    classes += 1
                }
            default:
                return nil
            }
            _ = sawWhitespace
        }
        endCompound()
        guard !compounds.isEmpty, pendingCombinator == nil else { return nil }
        let specificity = min(ids, 255) << 16 | min(classes, 255) << 8 | min(types, 255)
        let keys = pool.withUnsafeBufferPointer { ComplexSelector.ancestorKeys(compounds, combinators, document: bytes, pool: $0) }
        return ComplexSelector(
            compounds: SelectorCompounds(compounds), combinators: CombinatorList(combinators), specificity: specificity,
            pseudoElement: pseudoElement,
            ancestorKeys: keys)
    }

    static func parseAttribute(_ bytes: UnsafeBufferPointer<UInt8>, _ tokens: ArraySlice<CSSToken>) -> AttributeTest? {
        let significant = tokens.filter { $0.kind != .whitespace }
        guard let first = significant.first, first.kind == .ident else { return nil }
        let name = NameKey(lowercased: decoded(bytes, first))
        if significant.count == 1 { return AttributeTest(name: name, op: .exists, value: [], caseInsensitive: false) }
        var index = 1
        var op = AttributeTest.Operator.equals
        guard significant[index].kind == .delim else { return nil }
        switch bytes[significant[index].start] {
        case 0x3D: op = .equals
        case 0x7E: op = .includes
        case 0x7C: op = .dashMatch
        case 0x5E: op = .prefix
        case 0x24: op = .suffix
        case 0x2A: op = .substring
        default: return nil
        }
        if op != .equals {
            index += 1
            guard index < significant.count, significant[index].kind == .delim, bytes[significant[index].start] == 0x3D
            else { return nil }
        }
        index += 1
        guard index < significant.count, significant[index].kind == .ident || significant[index].kind == .string else {
            return nil
        }
        let value = decoded(bytes, significant[index])
        index += 1
        var caseInsensitive = false
        if index < significant.count, significant[index].kind == .ident,
            CSSDecoding.nameEquals(bytes, significant[index].valueRange, hasEscape: significant[index].hasEscape, "i")
        {
            caseInsensitive = true
            index += 1
        }
        guard index == significant.count else { return nil }
        return AttributeTest(name: name, op: op, value: value, caseInsensitive: caseInsensitive)
    }

    /// A class or id: its range in the document when written plainly, else decoded into
    /// `pool`.
    static func name(_ bytes: UnsafeBufferPointer<UInt8>, _ token: CSSToken, pool: inout [UInt8]) -> SelectorName {
        guard token.hasEscape || CSSDecoding.containsNUL(bytes, token.valueRange) else {
            return SelectorName(token.valueRange, pooled: false)
        }
        let start = pool.count
        pool.append(contentsOf: CSSDecoding.decode(bytes, token.valueRange))
        return SelectorName(start..<pool.count, pooled: true)
    }

    static func decoded(_ bytes: UnsafeBufferPointer<UInt8>, _ token: CSSToken) -> [UInt8] {
        token.hasEscape || CSSDecoding.containsNUL(bytes, token.valueRange)
            ? CSSDecoding.decode(bytes, token.valueRange) : Array(UnsafeBufferPointer(rebasing: bytes[token.valueRange]))
    }
}

extension NameKey {
    /// The key of an element or attribute name as the tokenizer would make it.
    init(lowercased name: [UInt8]) {
        let lowered = name.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
        self = lowered.withUnsafeBufferPointer { NameKey($0, 0..<$0.count) }
    }
}
