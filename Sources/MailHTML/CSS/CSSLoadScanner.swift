#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What a CSS load fetches, judged from the property or at-rule it appears in.
public enum CSSLoadKind: String, Sendable {
    /// `background`, `background-image` and the other `background-*` properties.
    case background
    /// Other image-valued properties: `border-image`, `list-style`, `content`, `mask`…
    case image
    /// A `src` in `@font-face`.
    case font
    /// `@import`.
    case stylesheet
    /// `cursor`.
    case cursor
    /// IE's `behavior` (an `.htc` script).
    case behavior
    /// Anything else that holds a URL (custom properties, `filter`, unknown at-rules…).
    case other
}

/// How a load's URL is spelled, which decides how a replacement is written.
public enum CSSURLSyntax: UInt8, Sendable {
    /// An unquoted `url(…)` token.
    case urlToken
    /// `url("…")` or `src("…")`: a function with a string argument.
    case urlFunction
    /// A bare string: `@import "…"`, `image-set("…" 1x)`, `image("…")`.
    case string
}

/// One URL that CSS would fetch, with the bytes to edit to change or remove it.
public struct CSSLoad: Sendable, Equatable {
    /// The URL with CSS escapes resolved (not resolved against any base).
    public var url: String
    public var kind: CSSLoadKind
    /// The property, lowercased and unescaped (`background-image`, `src`, `--hero`), or
    /// `@import` / `@name` for URLs in an at-rule prelude.
    public var property: String
    /// `"import"` or `"font-face"` when the load belongs to that at-rule.
    public var atRule: String?
    /// The bytes that spell the URL: the url token, the whole `url("…")` function, or the
    /// string.
    public var urlRange: Range<Int>
    public var urlSyntax: CSSURLSyntax
    /// What removing this load alone deletes: its declaration (`prop: value;` with the
    /// `;`), its whole `@import` rule, its `@font-face` rule when every source in the rule
    /// is remote, or else its entry in the `src` list. Use `CSSScan.deletions(removing:)`
    /// to remove several loads at once.
    public var removalRange: Range<Int>

    /// Whether this is a reference to an element of the document itself, which no base
    /// resolves and no browser fetches: a URL that is only a fragment (`url(#fade)`) in a
    /// property that names an SVG resource. Chromium leaves those alone even under a remote
    /// `<base>`, but resolves a fragment in an image property (`background: url(#x)`,
    /// `cursor`, `list-style-image`, `border-image`, `content`, `shape-outside`) against the
    /// base and fetches the document there (browser vectors 137 and 138).
    public var isLocalReference: Bool {
        url.utf8.first == 0x23 && Self.svgReferenceProperties.contains(property)
    }

    static let svgReferenceProperties: Set<String> = [
        "fill", "stroke", "clip-path", "filter", "mask", "mask-image", "-webkit-mask", "-webkit-mask-image",
        "marker", "marker-start", "marker-mid", "marker-end",
    ]

    /// Which `@font-face` `src` list (index into the scan's lists) and entry this is.
    var sourceList: Int?
    var sourceEntry: Int = 0

    /// The bytes that replace `urlRange` to make this load fetch `url` instead.
    ///
    /// - Parameter singleQuotes: Quote the CSS string with `'` (for CSS inside a
    ///   double-quoted HTML attribute, where `"` would need a character reference).
    public func replacementBytes(url: String, singleQuotes: Bool = false) -> [UInt8] {
        let quote: UInt8 = singleQuotes ? 0x27 : 0x22
        switch urlSyntax {
        case .urlToken, .urlFunction: return CSSDecoding.urlFunction(url, quote: quote)
        case .string: return CSSDecoding.quotedString(url, quote: quote)
        }
    }
}

/// A comma-separated `src` list in `@font-face`.
struct CSSSourceList: Sendable {
    var declaration: Range<Int>
    var fontFace: Int
    var entries: [Range<Int>] = []
    var entryIsLocal: [Bool] = []
}

/// The loads found in one piece of CSS.
public struct CSSScan: Sendable {
    /// Every load, in source order.
    public internal(set) var loads: [CSSLoad] = []
    var sourceLists: [CSSSourceList] = []
    var fontFaces: [Range<Int>] = []

    /// The byte ranges to delete to remove the loads for which `isRemoved(index)` is
    /// true: sorted, disjoint, and leaving valid CSS behind.
    ///
    /// Declarations and `@import` rules go whole. In `@font-face`, removed `src` entries go
    /// with one adjacent comma, a `src` whose entries all go loses the declaration, and a
    /// rule whose entries all go is deleted whole.
    public func deletions(removing isRemoved: (Int) -> Bool) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var removedEntries: [Int: Set<Int>] = [:]
        for (index, load) in loads.enumerated() where isRemoved(index) {
            if let list = load.sourceList {
                removedEntries[list, default: []].insert(load.sourceEntry)
            } else {
                ranges.append(load.removalRange)
            }
        }
        if !removedEntries.isEmpty {
            var fullyRemovedFaces: Set<Int> = []
            var partlyKeptFaces: Set<Int> = []
            for (listIndex, list) in sourceLists.enumerated() {
                let removed = removedEntries[listIndex]?.count ?? 0
                if removed == list.entries.count && removed > 0 {
                    fullyRemovedFaces.insert(list.fontFace)
                } else {
                    partlyKeptFaces.insert(list.fontFace)
                }
            }
            for face in fullyRemovedFaces.subtracting(partlyKeptFaces) { ranges.append(fontFaces[face]) }
            for (listIndex, removed) in removedEntries {
                let list = sourceLists[listIndex]
                if !partlyKeptFaces.contains(list.fontFace) { continue }
                if removed.count == list.entries.count {
                    ranges.append(list.declaration)
                    continue
                }
                // Each run of removed entries goes with the comma that joins it to a
                // surviving neighbour, so the list stays well-formed.
                var i = 0
                let n = list.entries.count
                while i < n {
                    guard removed.contains(i) else {
                        i += 1
                        continue
                    }
                    var j = i
                    while j + 1 < n && removed.contains(j + 1) { j += 1 }
                    if j + 1 < n {
                        ranges.append(list.entries[i].lowerBound..<list.entries[j + 1].lowerBound)
                    } else {
                        ranges.append(list.entries[i - 1].upperBound..<list.entries[j].upperBound)
                    }
                    i = j + 1
                }
            }
        }
        return Self.merged(ranges)
    }

    /// Sorts ranges and folds overlapping or nested ones together.
    static func merged(_ ranges: [Range<Int>]) -> [Range<Int>] {
        let sorted = ranges.filter { $0.lowerBound >= 0 }.sorted { $0.lowerBound < $1.lowerBound }
        var result: [Range<Int>] = []
        for range in sorted {
            if let last = result.last, range.lowerBound < last.upperBound {
                result[result.count - 1] = last.lowerBound..<max(last.upperBound, range.upperBound)
            } else {
                result.append(range)
            }
        }
        return result
    }
}

/// Finds every remote load in CSS: `url()` in every spelling, `@import`, `@font-face`
/// sources, `image-set()` / `image()` strings, inside any nesting of conditional
/// group rules and nested style rules.
///
/// The parser follows CSS Syntax Level 3 §5 (rules, declarations, simple blocks and
/// functions), so `;` and `}` inside functions or brackets do not end a declaration, just
/// as in browsers. Any `url()` in a declaration counts as a load; its kind comes from the
/// property. URLs in the preludes of condition-like at-rules (`@media`, `@supports`,
/// `@document`, `@namespace`…) are never fetched and are not reported.
public enum CSSLoadScanner {
    /// Rule nesting deeper than this is scanned flat: loads inside still count, and
    /// removing one deletes the whole rule at this depth. Default: 32.
    public static let maxRuleDepth = 32

    /// Scans a style sheet (the content of a `<style>` element).
    public static func scanStylesheet(_ bytes: UnsafeBufferPointer<UInt8>, range: Range<Int>) -> CSSScan {
        guard mayContainLoad(bytes, range) else { return CSSScan() }
        var parser = CSSLoadParser(CSSTokenizer(bytes, range: range))
        _ = parser.consumeBlockContents(inFontFace: false, depth: 0, inBlock: false, ruleList: true)
        return parser.scan
    }

    /// Scans a declaration list (the value of a `style` attribute).
    public static func scanDeclarations(_ bytes: UnsafeBufferPointer<UInt8>, range: Range<Int>) -> CSSScan {
        guard mayContainLoad(bytes, range) else { return CSSScan() }
        var parser = CSSLoadParser(CSSTokenizer(bytes, range: range))
        // A style attribute is parsed like the contents of a block that never closes.
        _ = parser.consumeBlockContents(inFontFace: false, depth: 0, inBlock: false, declarationList: true)
        return parser.scan
    }

    /// Scans one property value (an SVG presentation attribute such as `fill` or
    /// `filter`); every load's removal range is the whole value.
    public static func scanValue(_ bytes: UnsafeBufferPointer<UInt8>, range: Range<Int>, property: String) -> CSSScan {
        guard mayContainLoad(bytes, range) else { return CSSScan() }
        var parser = CSSLoadParser(CSSTokenizer(bytes, range: range))
        parser.scanSingleValue(property: property, range: range)
        return parser.scan
    }

    public static func scanStylesheet(_ bytes: [UInt8]) -> CSSScan {
        bytes.withUnsafeBufferPointer { scanStylesheet($0, range: 0..<$0.count) }
    }

    public static func scanDeclarations(_ bytes: [UInt8]) -> CSSScan {
        bytes.withUnsafeBufferPointer { scanDeclarations($0, range: 0..<$0.count) }
    }

    /// Every load needs a `(` (`url(`, `image-set(`…) or an `@` (`@import "…"`), escaped or
    /// not; most inline styles have neither.
    static func mayContainLoad(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        let lower = max(0, range.lowerBound)
        let upper = min(bytes.count, range.upperBound)
        guard lower < upper, let base = bytes.baseAddress else { return false }
        let start = base + lower
        let count = upper - lower
        return memchr(start, 0x28, count) != nil || memchr(start, 0x40, count) != nil
    }

    /// Kind of a load from its (lowercase, unescaped) property name.
    static func kind(forProperty property: String, inFontFace: Bool) -> CSSLoadKind {
        var utf8 = Substring(property).utf8
        if utf8.first == 0x2D {
            for prefix in ["-webkit-", "-moz-", "-ms-", "-o-"] where utf8.starts(with: prefix.utf8) {
                utf8 = utf8.dropFirst(prefix.utf8.count)
                break
            }
        }
        if utf8.starts(with: "background".utf8) { return .background }
        let name = Substring(utf8)
        switch name {
        case "src": return inFontFace ? .font : .image
        case "cursor": return .cursor
        case "behavior": return .behavior
        case "border-image", "border-image-source", "list-style", "list-style-image", "content",
            "mask", "mask-image", "mask-border", "mask-border-source", "mask-box-image",
            "mask-box-image-source", "shape-outside", "symbols", "additive-symbols":
            return .image
        default: return .other
        }
    }
}

/// The rule/declaration walker behind `CSSLoadScanner`.
struct CSSLoadParser {
    var tokenizer: CSSTokenizer
    var pushed: CSSToken?
    var scan = CSSScan()
    /// Open functions and brackets of the value being scanned (reused between values).
    var frames: [Frame] = []
    /// Indices into `scan.fontFaces` of the `@font-face` rules being read.
    var openFontFaces: [Int] = []

    enum FrameRole: UInt8 {
        case plain
        /// `url(` / `src(` with a string: the first string is the URL.
        case urlFunction
        /// `image-set(`: every string directly inside is a URL.
        case imageSet
        /// `image(`: the first string is the URL.
        case imageFunction
    }

    struct Frame {
        var closer: CSSTokenKind
        var role: FrameRole
        var start: Int
        var pendingLoad: Int = -1
        var sawString = false
    }

    /// What the value being scanned belongs to.
    struct ValueContext {
        var propertyToken: CSSToken?
        var propertyName: String?
        var atRule: String?
        var inFontFace = false
        var kind: CSSLoadKind?
        /// `@import "x"`: the first top-level string is a URL.
        var topLevelStringIsURL = false
        /// The `@font-face` `src` list whose entries this value fills.
        var sourceList: Int?
    }

    init(_ tokenizer: CSSTokenizer) {
        self.tokenizer = tokenizer
    }

    var bytes: UnsafeBufferPointer<UInt8> { tokenizer.bytes }

    mutating func next() -> CSSToken {
        if let token = pushed {
            pushed = nil
            return token
        }
        return tokenizer.next()
    }

    /// Sets the removal range of every load from `start` on that has none yet.
    mutating func patchRemoval(from start: Int, _ range: Range<Int>) {
        var index = start
        while index < scan.loads.count {
            if scan.loads[index].removalRange.lowerBound < 0 { scan.loads[index].removalRange = range }
            index += 1
        }
    }

    static let unset = -1 ..< -1

    // MARK: Rules

    /// Consumes rules and declarations until the block's `}` (when `inBlock`) or the end;
    /// returns the offset just past the block.
    /// `ruleList`: the contents are rules only (the style sheet, and the conditional
    /// at-rules in it), where a `;` does not end anything.
    mutating func consumeBlockContents(
        inFontFace: Bool, depth: Int, inBlock: Bool, declarationList: Bool = false, ruleList: Bool = false
    ) -> Int {
        if depth > CSSLoadScanner.maxRuleDepth { return consumeBlockFlat(inBlock: inBlock) }
        while true {
            let token = next()
            switch token.kind {
            case .whitespace, .semicolon:
                continue
            case .cdo where !inBlock && !declarationList, .cdc where !inBlock && !declarationList:
                // `<!--` and `-->` are ignored around top-level rules (HTML-comment hiding).
                continue
            case .endOfFile:
                return token.start
            case .closeCurly where inBlock:
                return token.end
            case .atKeyword:
                consumeAtRule(token, depth: depth, inBlock: inBlock, inRuleList: ruleList)
            default:
                consumeItem(first: token, inFontFace: inFontFace, depth: depth, inBlock: inBlock, inRuleList: ruleList)
            }
        }
    }

    /// A block past the depth limit: component values up to its `}`; loads inside get
    /// their removal range from the enclosing rule.
    mutating func consumeBlockFlat(inBlock: Bool) -> Int {
        let context = ValueContext(kind: .other)
        let result = scanValues(context, stopAtSemicolon: false, stopAtOpenCurly: false, stopAtCloseCurly: inBlock)
        if result.stop.kind == .closeCurly {
            let close = next()
            return close.end
        }
        return result.stop.start
    }

    /// A declaration (`prop: value;`) or a nested style rule (`selector { … }`). In a list
    /// of rules (the style sheet, `@media { … }` in it) there are no declarations: a `;`
    /// there is part of the prelude, so `url(x);p{…}` is one rule, whose invalid selector
    /// drops it whole, as Chromium reads it (read as a declaration and a rule, removing the
    /// first `url()` left a valid selector, and the next clean judged the rule's loads
    /// again).
    mutating func consumeItem(first: CSSToken, inFontFace: Bool, depth: Int, inBlock: Bool, inRuleList: Bool = false) {
        let itemStart = first.start
        let loadStart = scan.loads.count
        var context = ValueContext(inFontFace: inFontFace)
        var isCustomProperty = false
        var fallbackEnd = first.end
        if first.kind == .ident {
            var token = next()
            while token.kind == .whitespace { token = next() }
            if token.kind == .colon {
                context.propertyToken = first
                fallbackEnd = token.end
                isCustomProperty = CSSDecoding.nameHasPrefix(bytes, first.valueRange, hasEscape: first.hasEscape, "--")
                if inFontFace, let face = openFontFaces.last,
                    CSSDecoding.nameEquals(bytes, first.valueRange, hasEscape: first.hasEscape, "src")
                {
                    context.sourceList = scan.sourceLists.count
                    scan.sourceLists.append(CSSSourceList(declaration: Self.unset, fontFace: face))
                }
            } else {
                pushed = token
            }
        } else {
            pushed = first
        }
        let result = scanValues(
            context, stopAtSemicolon: !inRuleList, stopAtOpenCurly: inRuleList || !isCustomProperty,
            stopAtCloseCurly: inBlock)
        switch result.stop.kind {
        case .openCurly:
            // Not a declaration after all: what was read is a nested rule's prelude.
            if let list = context.sourceList {
                scan.sourceLists.removeLast(scan.sourceLists.count - list)
            }
            for index in loadStart..<scan.loads.count {
                scan.loads[index].kind = .other
                scan.loads[index].sourceList = nil
            }
            let blockEnd = consumeBlockContents(inFontFace: false, depth: depth + 1, inBlock: true)
            patchRemoval(from: loadStart, itemStart..<blockEnd)
        case .semicolon:
            finishDeclaration(context, loadStart: loadStart, range: itemStart..<result.stop.end)
        default:
            let end = max(result.lastEnd, fallbackEnd)
            finishDeclaration(context, loadStart: loadStart, range: itemStart..<end)
        }
    }

    mutating func finishDeclaration(_ context: ValueContext, loadStart: Int, range: Range<Int>) {
        if let list = context.sourceList, list < scan.sourceLists.count {
            scan.sourceLists[list].declaration = range
        }
        patchRemoval(from: loadStart, range)
    }

    /// An at-rule: its prelude, then `;` or a block.
    mutating func consumeAtRule(_ keyword: CSSToken, depth: Int, inBlock: Bool, inRuleList: Bool = false) {
        let ruleStart = keyword.start
        let loadStart = scan.loads.count
        let name = CSSDecoding.lowercasedName(bytes, keyword.valueRange, hasEscape: keyword.hasEscape)
        let isImport = name == "import"
        let isFontFace = name == "font-face"
        let preludeIsCondition: Bool =
            switch name {
            case "media", "supports", "document", "-moz-document", "container", "layer", "scope",
                "starting-style", "namespace", "page", "charset", "keyframes", "-webkit-keyframes",
                "-moz-keyframes", "-o-keyframes", "font-feature-values", "property", "counter-style":
                true
            default: false
            }
        var context = ValueContext()
        context.propertyName = "@" + name
        context.kind = isImport ? .stylesheet : .other
        context.atRule = name
        context.topLevelStringIsURL = isImport
        let prelude = scanValues(context, stopAtSemicolon: true, stopAtOpenCurly: true, stopAtCloseCurly: inBlock)
        if preludeIsCondition && scan.loads.count > loadStart {
            scan.loads.removeSubrange(loadStart...)
        }
        let ruleEnd: Int
        switch prelude.stop.kind {
        case .semicolon:
            ruleEnd = prelude.stop.end
        case .openCurly:
            if isFontFace {
                let face = scan.fontFaces.count
                scan.fontFaces.append(Self.unset)
                openFontFaces.append(face)
                let listStart = scan.sourceLists.count
                let faceLoadStart = scan.loads.count
                ruleEnd = consumeBlockContents(inFontFace: true, depth: depth + 1, inBlock: true)
                openFontFaces.removeLast()
                scan.fontFaces[face] = ruleStart..<ruleEnd
                finishFontFace(ruleStart..<ruleEnd, lists: listStart..<scan.sourceLists.count, loadStart: faceLoadStart)
            } else {
                // A conditional group rule in a list of rules holds rules; any other block
                // (or one inside a style rule) holds declarations too.
                let holdsRules: Bool =
                    switch name {
                    case "media", "supports", "document", "-moz-document", "container", "layer", "scope", "starting-style":
                        inRuleList
                    default: false
                    }
                ruleEnd = consumeBlockContents(inFontFace: false, depth: depth + 1, inBlock: true, ruleList: holdsRules)
            }
        default:
            ruleEnd = max(prelude.lastEnd, keyword.end)
        }
        patchRemoval(from: loadStart, ruleStart..<ruleEnd)
    }

    /// Gives each `src` load of a finished `@font-face` its removal range.
    mutating func finishFontFace(_ rule: Range<Int>, lists: Range<Int>, loadStart: Int) {
        var allRemote = true
        for listIndex in lists where scan.sourceLists[listIndex].entryIsLocal.contains(true) {
            allRemote = false
        }
        for index in loadStart..<scan.loads.count {
            guard let listIndex = scan.loads[index].sourceList, lists.contains(listIndex) else { continue }
            scan.loads[index].atRule = "font-face"
            if allRemote {
                scan.loads[index].removalRange = rule
                continue
            }
            let list = scan.sourceLists[listIndex]
            let entry = scan.loads[index].sourceEntry
            if list.entries.count <= 1 {
                scan.loads[index].removalRange = list.declaration
            } else if entry == 0 {
                scan.loads[index].removalRange = list.entries[0].lowerBound..<list.entries[1].lowerBound
            } else if entry < list.entries.count {
                scan.loads[index].removalRange = list.entries[entry - 1].upperBound..<list.entries[entry].upperBound
            } else {
                scan.loads[index].removalRange = list.declaration
            }
        }
    }

    /// A single property value (presentation attribute): every load removes the value.
    mutating func scanSingleValue(property: String, range: Range<Int>) {
        var context = ValueContext()
        context.propertyName = property
        _ = scanValues(context, stopAtSemicolon: false, stopAtOpenCurly: false, stopAtCloseCurly: false)
        patchRemoval(from: 0, range)
    }

    // MARK: Values

    struct ValueScanResult {
        /// The token that ended the scan: `;`, `{`, `}` (pushed back, not consumed) or the
        /// end of input.
        var stop: CSSToken
        /// End of the last non-whitespace token read, or -1.
        var lastEnd: Int
    }

    /// Reads component values up to a stop token at nesting level 0, recording loads.
    mutating func scanValues(
        _ context: ValueContext, stopAtSemicolon: Bool, stopAtOpenCurly: Bool, stopAtCloseCurly: Bool
    ) -> ValueScanResult {
        var context = context
        frames.removeAll(keepingCapacity: true)
        var lastEnd = -1
        var usedTopLevelString = false
        // `src` list entry being read.
        var entryStart = -1
        var entryEnd = -1
        var entryLocal = false
        var entryLoadStart = scan.loads.count
        // `filter: progid:…(src='…')`: 1 after ident `src`, 2 after `=`.
        var filterSource = 0

        while true {
            let token = next()
            if frames.isEmpty {
                var stop = false
                switch token.kind {
                case .endOfFile: stop = true
                case .semicolon: stop = stopAtSemicolon
                case .openCurly: stop = stopAtOpenCurly
                case .closeCurly:
                    if stopAtCloseCurly {
                        pushed = token
                        stop = true
                    }
                case .comma where context.sourceList != nil:
                    finishEntry(context.sourceList, entryStart, entryEnd, entryLocal, entryLoadStart)
                    entryStart = -1
                    entryLocal = false
                    entryLoadStart = scan.loads.count
                    continue
                default: break
                }
                if stop {
                    if token.kind != .openCurly {
                        finishEntry(context.sourceList, entryStart, entryEnd, entryLocal, entryLoadStart)
                    }
                    return ValueScanResult(stop: token, lastEnd: lastEnd)
                }
            } else if token.kind == .endOfFile {
                // Unclosed `url("…"`: the function runs to the end.
                for frame in frames where frame.pendingLoad >= 0 {
                    scan.loads[frame.pendingLoad].urlRange = frame.start..<token.start
                }
                frames.removeAll(keepingCapacity: true)
                finishEntry(context.sourceList, entryStart, entryEnd, entryLocal, entryLoadStart)
                return ValueScanResult(stop: token, lastEnd: lastEnd)
            }
            if token.kind != .whitespace {
                lastEnd = token.end
                if entryStart < 0 { entryStart = token.start }
                entryEnd = token.end
            }
            switch token.kind {
            case .url:
                let url = CSSDecoding.decodeString(bytes, token.valueRange, hasEscape: token.hasEscape)
                appendLoad(&context, url: url, urlRange: token.range, syntax: .urlToken)
            case .function:
                let role = functionRole(token)
                if role == .plain && frames.isEmpty && context.sourceList != nil
                    && CSSDecoding.nameEquals(bytes, token.valueRange, hasEscape: token.hasEscape, "local")
                {
                    entryLocal = true
                }
                frames.append(Frame(closer: .closeParen, role: role, start: token.start))
            case .openParen:
                frames.append(Frame(closer: .closeParen, role: .plain, start: token.start))
            case .openSquare:
                frames.append(Frame(closer: .closeSquare, role: .plain, start: token.start))
            case .openCurly:
                frames.append(Frame(closer: .closeCurly, role: .plain, start: token.start))
            case .closeParen, .closeSquare, .closeCurly:
                if let top = frames.last, top.closer == token.kind {
                    frames.removeLast()
                    if top.pendingLoad >= 0 {
                        scan.loads[top.pendingLoad].urlRange = top.start..<token.end
                    }
                }
            case .string:
                if let top = frames.last {
                    switch top.role {
                    case .urlFunction, .imageFunction:
                        if !top.sawString {
                            frames[frames.count - 1].sawString = true
                            let url = CSSDecoding.decodeString(bytes, token.valueRange, hasEscape: token.hasEscape)
                            if top.role == .urlFunction {
                                frames[frames.count - 1].pendingLoad = scan.loads.count
                                appendLoad(&context, url: url, urlRange: top.start..<token.end, syntax: .urlFunction)
                            } else {
                                appendLoad(&context, url: url, urlRange: token.range, syntax: .string)
                            }
                        }
                    case .imageSet:
                        let url = CSSDecoding.decodeString(bytes, token.valueRange, hasEscape: token.hasEscape)
                        appendLoad(&context, url: url, urlRange: token.range, syntax: .string)
                    case .plain:
                        if filterSource == 2 && isFilterProperty(&context) {
                            let url = CSSDecoding.decodeString(bytes, token.valueRange, hasEscape: token.hasEscape)
                            appendLoad(&context, url: url, urlRange: token.range, syntax: .string)
                        }
                    }
                } else if context.topLevelStringIsURL && !usedTopLevelString {
                    usedTopLevelString = true
                    let url = CSSDecoding.decodeString(bytes, token.valueRange, hasEscape: token.hasEscape)
                    appendLoad(&context, url: url, urlRange: token.range, syntax: .string)
                }
            default:
                break
            }
            if context.topLevelStringIsURL && token.kind != .whitespace { usedTopLevelString = true }
            switch token.kind {
            case .ident:
                filterSource = CSSDecoding.nameEquals(bytes, token.valueRange, hasEscape: token.hasEscape, "src") ? 1 : 0
            case .delim where filterSource == 1 && bytes[token.start] == 0x3D:
                filterSource = 2
            case .whitespace:
                break
            default:
                filterSource = 0
            }
        }
    }

    mutating func finishEntry(_ list: Int?, _ start: Int, _ end: Int, _ local: Bool, _ loadStart: Int) {
        guard let list, list < scan.sourceLists.count, start >= 0 else { return }
        let entry = scan.sourceLists[list].entries.count
        var isLocal = local
        var hasRemote = false
        var index = loadStart
        while index < scan.loads.count {
            scan.loads[index].sourceList = list
            scan.loads[index].sourceEntry = entry
            if !Self.isInlineURL(scan.loads[index].url) { hasRemote = true }
            index += 1
        }
        if !hasRemote { isLocal = true }
        scan.sourceLists[list].entries.append(start..<end)
        scan.sourceLists[list].entryIsLocal.append(isLocal)
    }

    /// `data:` and `cid:` URLs never leave the message.
    static func isInlineURL(_ url: String) -> Bool {
        var utf8 = Substring(url).utf8.drop { $0 <= 0x20 }
        var scheme: [UInt8] = []
        while let byte = utf8.first, byte != 0x3A, scheme.count < 8 {
            if byte != 0x09 && byte != 0x0A && byte != 0x0D { scheme.append(CSSDecoding.lowercase(byte)) }
            utf8 = utf8.dropFirst()
        }
        guard utf8.first == 0x3A else { return false }
        return scheme == Array("data".utf8) || scheme == Array("cid".utf8)
    }

    func functionRole(_ token: CSSToken) -> FrameRole {
        let range = token.valueRange
        let escaped = token.hasEscape
        switch range.count {
        case 3:
            if CSSDecoding.nameEquals(bytes, range, hasEscape: escaped, "url")
                || CSSDecoding.nameEquals(bytes, range, hasEscape: escaped, "src")
            {
                return .urlFunction
            }
        case 5:
            if CSSDecoding.nameEquals(bytes, range, hasEscape: escaped, "image") { return .imageFunction }
        case 9:
            if CSSDecoding.nameEquals(bytes, range, hasEscape: escaped, "image-set") { return .imageSet }
        case 12:
            if CSSDecoding.nameEquals(bytes, range, hasEscape: escaped, "-webkit-image") { return .imageFunction }
        default:
            break
        }
        if escaped || range.count > 9 {
            if CSSDecoding.nameEquals(bytes, range, hasEscape: escaped, "url")
                || CSSDecoding.nameEquals(bytes, range, hasEscape: escaped, "src")
            {
                return .urlFunction
            }
            if CSSDecoding.nameEquals(bytes, range, hasEscape: escaped, "image")
                || CSSDecoding.nameEquals(bytes, range, hasEscape: escaped, "-webkit-image")
            {
                return .imageFunction
            }
            for name: StaticString in ["image-set", "-webkit-image-set", "-moz-image-set", "-o-image-set"]
            where CSSDecoding.nameEquals(bytes, range, hasEscape: escaped, name) {
                return .imageSet
            }
        }
        return .plain
    }

    mutating func propertyName(_ context: inout ValueContext) -> String {
        if let name = context.propertyName { return name }
        var name = ""
        if let token = context.propertyToken {
            name = CSSDecoding.lowercasedName(bytes, token.valueRange, hasEscape: token.hasEscape)
        }
        context.propertyName = name
        return name
    }

    mutating func isFilterProperty(_ context: inout ValueContext) -> Bool {
        let name = propertyName(&context)
        return name == "filter" || name == "-ms-filter"
    }

    mutating func appendLoad(_ context: inout ValueContext, url: String, urlRange: Range<Int>, syntax: CSSURLSyntax) {
        let property = propertyName(&context)
        let kind = context.kind ?? CSSLoadScanner.kind(forProperty: property, inFontFace: context.inFontFace)
        context.kind = kind
        scan.loads.append(
            CSSLoad(
                url: url, kind: kind, property: property, atRule: context.atRule == "import" ? "import" : nil,
                urlRange: urlRange, urlSyntax: syntax, removalRange: Self.unset))
    }
}
