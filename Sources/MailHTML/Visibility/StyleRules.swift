/// The declarations of one rule or `style` attribute that the visibility model reads,
/// kept sparse: a rule sets one or two of them.
struct DeclaredStyle: Sendable {
    struct Declaration: Sendable {
        var property: UInt8
        var important: Bool
        var value: InlineStyleReader.Value
    }

    var declarations: [Declaration] = []
    var any: Bool { !declarations.isEmpty }

    init(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) {
        var reader = InlineStyleReader(tokenizer: CSSTokenizer(bytes, range: range))
        reader.read()
        for p in 0..<20 where reader.slots[p].set {
            declarations.append(
                Declaration(property: UInt8(p), important: reader.slots[p].important, value: reader.slots[p].value))
        }
    }

    init(decoded bytes: [UInt8]) {
        self = bytes.withUnsafeBufferPointer { DeclaredStyle($0, 0..<$0.count) }
    }
}

/// One qualified rule of a `<style>` element.
struct StyleRule: Sendable {
    /// nil when the selector list is beyond the model: the rule may match anything.
    var selectors: [ComplexSelector]?
    /// The declaration block, between the braces (input offsets).
    var block: Range<Int>
    /// Where the rule applies at all: its `@media` conditions and its style element's
    /// (an Outlook-only `<style>` applies in Outlook only).
    var media: ContextTri
    /// What it declares that the model reads; nil when nothing.
    var declarations: DeclaredStyle?
    /// Document order, for the cascade.
    var order: Int
}

/// Reads the rules of one stylesheet: qualified rules at the top level and inside
/// `@media`, `@supports` and the like; other at-rules are skipped whole.
struct StyleSheetReader {
    var tokenizer: CSSTokenizer
    var bytes: UnsafeBufferPointer<UInt8> { tokenizer.bytes }
    var rules: [StyleRule] = []
    var order: Int
    /// Decoded selector names (see `SelectorName`): the document's pool, lent to the reader.
    var names: [UInt8] = []

    /// Blocks nest at most this deep; deeper ones are skipped.
    static let maxDepth = 16

    init(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, firstOrder: Int) {
        tokenizer = CSSTokenizer(bytes, range: range)
        order = firstOrder
    }

    mutating func read(media: ContextTri) {
        readList(media: media, nested: false, depth: 0)
    }

    private mutating func readList(media: ContextTri, nested: Bool, depth: Int) {
        while true {
            let token = tokenizer.next()
            switch token.kind {
            case .endOfFile:
                return
            case .closeCurly:
                if nested { return }
            case .whitespace, .cdo, .cdc, .semicolon:
                continue
            case .atKeyword:
                let (opensBlock, prelude) = skipPrelude(from: token.end, first: nil, nested: nested)
                guard opensBlock else {
                    if closesBlock { return }
                    continue
                }
                let name = token.valueRange
                let escaped = token.hasEscape
                func eq(_ literal: StaticString) -> Bool { CSSDecoding.nameEquals(bytes, name, hasEscape: escaped, literal) }
                if depth >= Self.maxDepth {
                    _ = skipBlock()
                } else if eq("media") {
                    readList(media: media && MediaQueries.evaluate(bytes, prelude), nested: true, depth: depth + 1)
                } else if eq("supports") || eq("document") || eq("-moz-document") || eq("layer") || eq("container")
                    || eq("scope")
                {
                    readList(media: media, nested: true, depth: depth + 1)
                } else {
                    _ = skipBlock()
                }
            default:
                let (opensBlock, prelude) = skipPrelude(from: token.start, first: token, nested: nested)
                // No block: the sheet ended, or a `}` closed the enclosing one.
                guard opensBlock else { return }
                let blockStart = tokenizer.position
                let blockEnd = skipBlock()
                let block = blockStart..<max(blockStart, blockEnd)
                // A browser drops a rule whose prelude is no selector list: it styles nothing.
                if SelectorParser.isInvalidList(bytes, prelude) { continue }
                let declared = DeclaredStyle(bytes, block)
                rules.append(
                    StyleRule(
                        selectors: SelectorParser.parseList(bytes, prelude, pool: &names), block: block, media: media,
                        declarations: declared.any ? declared : nil, order: order))
                order += 1
            }
        }
    }

    /// Set by `skipPrelude` when a `}` ended the prelude inside a block: it closes that
    /// block (CSS Syntax, "consume a qualified rule" and "consume an at-rule" when nested),
    /// so what follows belongs to the enclosing list. (Read as part of the prelude, it put
    /// the next top-level rule inside `@supports { … }`, where its selector went unread and
    /// its load counted as seen; once the block's content was cleaned away, the rule stood
    /// alone and the next clean removed its load.)
    private var closesBlock = false

    /// Reads to the `{` or `;` that ends a prelude; returns whether a block opened and
    /// the prelude's range (a `}` in a block also ends it: `closesBlock`).
    private mutating func skipPrelude(from start: Int, first: CSSToken?, nested: Bool) -> (Bool, Range<Int>) {
        var nesting = CSSNesting()
        var token = first ?? tokenizer.next()
        closesBlock = false
        while true {
            switch token.kind {
            case .endOfFile:
                return (false, start..<token.start)
            case .openCurly where nesting.isEmpty:
                return (true, start..<token.start)
            case .closeCurly where nesting.isEmpty && nested:
                closesBlock = true
                return (false, start..<token.start)
            case .semicolon where nesting.isEmpty && first == nil:
                return (false, start..<token.start)
            default:
                nesting.read(token.kind)
            }
            token = tokenizer.next()
        }
    }

    /// Skips to the `}` that closes the block just opened; returns where that `}` starts.
    private mutating func skipBlock() -> Int {
        var nesting = CSSNesting()
        nesting.read(.openCurly)
        while true {
            let token = tokenizer.next()
            if token.kind == .endOfFile { return token.start }
            nesting.read(token.kind)
            if nesting.isEmpty { return token.start }
        }
    }
}
