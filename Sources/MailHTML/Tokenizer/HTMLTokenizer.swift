#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import MailURL

/// A WHATWG HTML tokenizer over bytes that reports the byte span of every token.
///
/// Pull tokens with `next()` until it returns `nil` (after `.endOfFile`). The input is any
/// ASCII-compatible encoding (UTF-8 in practice); only ASCII bytes steer tokenizing.
///
/// By default the tokenizer also simulates the little tree-builder state that changes
/// tokenizing in a browser: `<title>`/`<textarea>` switch to RCDATA, `<style>`, `<xmp>`,
/// `<iframe>`, `<noembed>`, `<noframes>` to RAWTEXT, `<script>` to script data and
/// `<plaintext>` to PLAINTEXT, except inside SVG / MathML, where CDATA sections are
/// recognised and the HTML elements that break out of foreign content end it.
/// `<noscript>` content stays markup, as in a client that runs no scripts.
///
/// Decoded forms of tokens come from accessors taking the same input (`HTMLAttribute.value(in:)`,
/// `HTMLText.text(in:)`, …); the tokenizer copies no text itself.
public struct HTMLTokenizer: Sendable {
    /// The tokenizer states a run can start in, or be switched to.
    public enum State: Sendable, Equatable {
        case data
        case rcdata
        case rawText
        case scriptData
        case plainText
        case cdataSection
    }

    /// Options for a tokenizer run.
    public struct Options: Sendable {
        /// Whether start and end tags switch the tokenizer state as a browser's tree
        /// builder would (see `HTMLTokenizer`). Off, the state only changes when set
        /// from outside, as the html5lib tokenizer tests expect.
        ///
        /// ### Default
        /// `true`.
        public var simulatesTreeState: Bool
        /// The state tokenizing starts in.
        ///
        /// ### Default
        /// `.data`.
        public var initialState: State
        /// The name of the "last start tag emitted", which decides which end tag closes
        /// RCDATA, RAWTEXT and script data.
        ///
        /// ### Default
        /// `nil` (no end tag is appropriate until a start tag is emitted).
        public var lastStartTag: String?

        public init(simulatesTreeState: Bool = true, initialState: State = .data, lastStartTag: String? = nil) {
            self.simulatesTreeState = simulatesTreeState
            self.initialState = initialState
            self.lastStartTag = lastStartTag
        }
    }

    /// The bytes being tokenized (token ranges are offsets from its start). A slice, so
    /// that a MIME part's body is read where it lies, not copied.
    public let input: ArraySlice<UInt8>
    /// The current state; the next token is read in it.
    public var state: State
    /// The name of the last start tag emitted (or given in the options).
    public var lastStartTagName: String? {
        get {
            guard let range = lastStartNameRange else { return lastStartTagOverride }
            return input.withUnsafeBufferPointer { NameKey.name($0, range) }
        }
        set {
            lastStartTagOverride = newValue
            lastStartNameRange = nil
        }
    }
    /// Where the next token starts.
    public private(set) var position: Int
    /// Where tokenizing stops (the input length, or the end of the range given).
    public let end: Int

    private let simulatesTreeState: Bool
    private var emittedEndOfFile = false
    /// The last start tag's name as bytes in the input (no String is made per tag), or
    /// the name set from outside.
    private var lastStartNameRange: Range<Int>?
    private var lastStartTagOverride: String?
    /// Whether the last start tag ended SVG or MathML content (an HTML element such as
    /// `<img>` or `<p>` met in foreign content outside an integration point).
    private(set) var lastStartTagBrokeOut = false
    /// The simulated stack of open elements (see `TreeSimulation`); the load collector
    /// reads it, and lends it to the tokenizers of conditional comments.
    var tree = TreeSimulation()
    /// Off, `<svg>` and `<math>` are elements like any other and no CDATA section is ever
    /// read: markup as a browser's preload scanner reads it.
    var readsForeignContent = true
    /// The attributes of the start tag just read by `nextRaw()`, valid until the next
    /// call (reused, so reading a tag allocates nothing).
    var rawAttributes: [RawAttribute] = []
    /// The current tag's repeated attributes, which the tokenizer drops (the first of a
    /// name wins).
    var duplicateAttributes: [RawAttribute] = []
    /// Keep in `rawAttributes` only the attributes a rewriter or the tree simulation reads
    /// (`Names.attribute` knows them), and skip the rest: the load collector sets it, so
    /// a tag with a million unknown attributes holds none of them. `next()` callers and
    /// attribute selectors see every attribute.
    var keepsOnlyReadAttributes = false
    private var nameCache = NameCache()
    /// The doctype `nextRaw()` last read (kept out of `RawToken`, so that raw tokens hold
    /// no references and copy for free).
    private var lastDoctype: HTMLDoctype?

    /// Creates a tokenizer over `input`.
    public init(_ input: [UInt8], options: Options = Options()) {
        self.init(input[...], range: 0..<input.count, options: options)
    }

    /// Creates a tokenizer over `range` of `input` (a conditional comment's content, for
    /// example), as if the input held only those bytes; token ranges stay offsets into
    /// the whole `input`, and `.endOfFile` is at `range.upperBound`.
    public init(_ input: [UInt8], range: Range<Int>, options: Options = Options()) {
        self.init(input[...], range: range, options: options)
    }

    /// Creates a tokenizer over `range` of `input`, counted from the slice's start.
    public init(_ input: ArraySlice<UInt8>, range: Range<Int>, options: Options = Options()) {
        self.input = input
        self.end = min(max(range.upperBound, 0), input.count)
        self.state = options.initialState
        self.lastStartTagOverride = options.lastStartTag
        self.simulatesTreeState = options.simulatesTreeState
        self.position = min(max(range.lowerBound, 0), end)
    }

    /// Creates a tokenizer over the UTF-8 bytes of `string`.
    public init(_ string: String, options: Options = Options()) {
        self.init(Array(string.utf8), options: options)
    }

    /// Whether the tree-state simulation is inside SVG or MathML (where `<![CDATA[`
    /// opens a CDATA section).
    public var isInForeignContent: Bool { tree.isInForeignContent }

    /// Returns the next token, `.endOfFile` once, then `nil`.
    public mutating func next() -> HTMLToken? {
        guard let raw = nextRaw() else { return nil }
        switch raw {
        case .startTag(let tag):
            let input = self.input
            return input.withUnsafeBufferPointer { buffer in
                var attributes: [HTMLAttribute] = []
                attributes.reserveCapacity(rawAttributes.count)
                for attribute in rawAttributes {
                    attributes.append(
                        HTMLAttribute(
                            name: nameCache.name(buffer, attribute.nameRange, attribute.key),
                            nameRange: attribute.nameRange, valueRange: attribute.valueRange, quote: attribute.quote,
                            range: attribute.range))
                }
                return .startTag(
                    HTMLStartTag(
                        range: tag.range, name: nameCache.name(buffer, tag.nameRange, tag.key), nameRange: tag.nameRange,
                        attributes: attributes, selfClosing: tag.selfClosing, namespace: tag.namespace))
            }
        case .endTag(let tag):
            let input = self.input
            return input.withUnsafeBufferPointer { buffer in
                .endTag(
                    HTMLEndTag(range: tag.range, name: nameCache.name(buffer, tag.nameRange, tag.key), nameRange: tag.nameRange))
            }
        case .comment(let comment): return .comment(comment)
        case .doctype:
            guard let doctype = lastDoctype else { return nil }
            return .doctype(doctype)
        case .text(let text): return .text(text)
        case .cdata(let cdata): return .cdata(cdata)
        case .endOfFile(let at): return .endOfFile(at: at)
        }
    }

    /// The next token without strings: names as keys and ranges, a start tag's
    /// attributes in `rawAttributes` until the next call.
    mutating func nextRaw() -> RawToken? {
        let input = self.input
        let end = self.end
        // A buffer cut at `end` keeps indices absolute while hiding what follows.
        return input.withUnsafeBufferPointer { buffer in nextToken(UnsafeBufferPointer(rebasing: buffer[0..<end])) }
    }

    /// `nextRaw()` over `buffer`: `input` cut at `end`, as `nextRaw()` reads it. A caller that
    /// reads many tokens borrows the input once (the tokenizer's `input` is a `let`) instead of
    /// retaining and releasing it for each token.
    mutating func nextRaw(in buffer: UnsafeBufferPointer<UInt8>) -> RawToken? {
        nextToken(buffer)
    }

    private mutating func nextToken(_ buffer: UnsafeBufferPointer<UInt8>) -> RawToken? {
        let count = buffer.count
        while true {
            if position >= count {
                if emittedEndOfFile { return nil }
                emittedEndOfFile = true
                return .endOfFile(at: count)
            }
            switch state {
            case .data:
                let start = position
                let textEnd = scanData(buffer, from: start)
                if textEnd > start {
                    position = textEnd
                    if simulatesTreeState && !tree.modeDecided && buffer[start..<textEnd].contains(where: { !isWhitespace($0) }) {
                        tree.decideMode()
                    }
                    // Text in the body reopens the formatting elements closed before it; in a
                    // table's own markup only text that is not all whitespace does (it is
                    // foster-parented, and the copies with it; whitespace stays in the table).
                    if simulatesTreeState && tree.mayReopen
                        && (!tree.isInTableMode || buffer[start..<textEnd].contains(where: { !isWhitespace($0) }))
                    {
                        tree.reconstructFormatting()
                    }
                    return .text(HTMLText(range: start..<textEnd, kind: .data))
                }
                if let token = markup(buffer, at: start) { return token }
            case .rcdata, .rawText:
                let start = position
                let textEnd = scanToAppropriateEndTag(buffer, from: start)
                if textEnd > start {
                    position = textEnd
                    return .text(HTMLText(range: start..<textEnd, kind: state == .rcdata ? .rcdata : .rawText))
                }
                state = .data
                if let token = tag(buffer, at: start, isEnd: true) { return token }
            case .scriptData:
                let start = position
                let textEnd = scanScriptData(buffer, from: start)
                if textEnd > start {
                    position = textEnd
                    return .text(HTMLText(range: start..<textEnd, kind: .scriptData))
                }
                state = .data
                if let token = tag(buffer, at: start, isEnd: true) { return token }
            case .plainText:
                let start = position
                position = count
                return .text(HTMLText(range: start..<count, kind: .plainText))
            case .cdataSection:
                let start = position
                state = .data
                if let close = find(buffer, "]]>", from: start) {
                    position = close + 3
                    return .cdata(HTMLCDATA(range: start..<close + 3, dataRange: start..<close))
                }
                position = count
                return .cdata(HTMLCDATA(range: start..<count, dataRange: start..<count))
            }
        }
    }

    // MARK: - Data state

    /// The end of the character run starting at `start`: the next `<` that begins a
    /// tag, comment, doctype or a dropped `</>`, or the end of input.
    private func scanData(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        let count = buffer.count
        var index = start
        while let lessThan = find(buffer, UInt8(ascii: "<"), from: index) {
            let next = lessThan + 1
            guard next < count else { return count }
            let byte = buffer[next]
            if isASCIIAlpha(byte) || byte == UInt8(ascii: "!") || byte == UInt8(ascii: "?") {
                return lessThan
            }
            // `</` at the very end is text; `</` followed by anything else is markup.
            if byte == UInt8(ascii: "/") && next + 1 < count { return lessThan }
            index = next
        }
        return count
    }

    /// Reads the markup starting with `<` at `start`; `nil` when it produces no token
    /// (`</>`, or a tag cut off by the end of input), having consumed its bytes.
    private mutating func markup(_ buffer: UnsafeBufferPointer<UInt8>, at start: Int) -> RawToken? {
        let count = buffer.count
        let byte = buffer[start + 1]
        if isASCIIAlpha(byte) { return tag(buffer, at: start, isEnd: false) }
        if byte == UInt8(ascii: "?") { return bogusComment(buffer, start: start, dataStart: start + 1) }
        if byte == UInt8(ascii: "!") { return markupDeclaration(buffer, at: start) }
        // `</`, with at least one byte after it (see scanData).
        let third = buffer[start + 2]
        if isASCIIAlpha(third) { return tag(buffer, at: start, isEnd: true) }
        if third == UInt8(ascii: ">") {
            position = min(start + 3, count)
            return nil
        }
        return bogusComment(buffer, start: start, dataStart: start + 2)
    }

    // MARK: - Tags

    /// Reads a start or end tag whose `<` is at `start` (`isEnd`: `</`).
    private mutating func tag(_ buffer: UnsafeBufferPointer<UInt8>, at start: Int, isEnd: Bool) -> RawToken? {
        let count = buffer.count
        let nameStart = start + (isEnd ? 2 : 1)
        // The name starts with a letter (the callers checked it).
        let (nameEnd, namePacker) = scanName(buffer, from: nameStart, endMask: tagNameEndMask)
        var index = nameEnd
        if !rawAttributes.isEmpty { rawAttributes.removeAll(keepingCapacity: true) }
        if !duplicateAttributes.isEmpty { duplicateAttributes.removeAll(keepingCapacity: true) }
        /// The first attribute of each key, once a tag has many attributes.
        var firstByKey: NameKeyTable? = nil
        var selfClosing = false

        // Before-attribute-name state and the states it leads to.
        while true {
            while index < count && isWhitespace(buffer[index]) { index += 1 }
            guard index < count else { return endOfInputInTag() }
            var byte = buffer[index]
            if byte == UInt8(ascii: ">") {
                index += 1
                break
            }
            if byte == UInt8(ascii: "/") {
                index += 1
                guard index < count else { return endOfInputInTag() }
                if buffer[index] == UInt8(ascii: ">") {
                    selfClosing = true
                    index += 1
                    break
                }
                continue
            }
            // Attribute name; its first byte may be `=`.
            let attributeStart = index
            let (attributeNameEnd, packer) = scanName(buffer, from: index, endMask: attributeNameEndMask)
            index = attributeNameEnd
            // After-attribute-name state.
            while index < count && isWhitespace(buffer[index]) { index += 1 }
            guard index < count else { return endOfInputInTag() }
            var valueRange: Range<Int>? = nil
            var quote = HTMLAttributeQuote.none
            var attributeEnd = attributeNameEnd
            var closesTag = false
            if buffer[index] == UInt8(ascii: "=") {
                index += 1
                while index < count && isWhitespace(buffer[index]) { index += 1 }
                guard index < count else { return endOfInputInTag() }
                byte = buffer[index]
                if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                    guard let close = find(buffer, byte, from: index + 1) else { return endOfInputInTag() }
                    quote = byte == UInt8(ascii: "\"") ? .double : .single
                    valueRange = index + 1..<close
                    index = close + 1
                    attributeEnd = index
                } else if byte == UInt8(ascii: ">") {
                    // Missing value: the attribute exists with an empty value.
                    valueRange = index..<index
                    attributeEnd = index
                    index += 1
                    closesTag = true
                } else {
                    let valueStart = index
                    while index < count && !isUnquotedValueEnd(buffer[index]) { index += 1 }
                    guard index < count else { return endOfInputInTag() }
                    valueRange = valueStart..<index
                    attributeEnd = index
                }
            }
            let nameRange = attributeStart..<attributeNameEnd
            // Every name the collector reads is short ASCII, whose packed key is exact: other
            // names are not hashed just to be classified.
            let known = keepsOnlyReadAttributes && !isEnd && packer.exact && packer.count <= 16
                ? Names.attribute(key: packer.key(buffer, nameRange), namespace: .svg) : .other
            if !isEnd && (!keepsOnlyReadAttributes || known != .other
                || Self.isReadByTreeSimulation(buffer, nameRange)) {
                let key = packer.key(buffer, nameRange)
                if isDuplicate(key, nameRange, buffer, &firstByKey) {
                    // Ignored by browsers while the first stands; a rewriter that removes the
                    // first must remove these too.
                    duplicateAttributes.append(
                        RawAttribute(
                            key: key, nameRange: nameRange, valueRange: valueRange, quote: quote,
                            range: attributeStart..<attributeEnd, known: known))
                } else {
                    rawAttributes.append(
                        RawAttribute(
                            key: key, nameRange: nameRange, valueRange: valueRange, quote: quote,
                            range: attributeStart..<attributeEnd, known: known))
                    if firstByKey == nil && rawAttributes.count >= 16 {
                        // Past a handful of attributes, a table keeps duplicate checks linear.
                        var table = NameKeyTable()
                        let attributes = rawAttributes
                        for (offset, attribute) in attributes.enumerated() {
                            _ = table.existingOrInsert(attribute.key, offset) { attributes[$0].key }
                        }
                        firstByKey = table
                    }
                }
            }
            if closesTag { break }
        }

        position = index
        let nameRange = nameStart..<nameEnd
        var tag = RawTag(
            range: start..<index, nameRange: nameRange, key: namePacker.key(buffer, nameRange), selfClosing: selfClosing,
            namespace: .html)
        if isEnd {
            if simulatesTreeState { tree.endTag(tag, buffer) }
            return .endTag(tag)
        }
        lastStartNameRange = nameRange
        lastStartTagOverride = nil
        lastStartTagBrokeOut = false
        if simulatesTreeState { treeStartTag(&tag, buffer) }
        return .startTag(tag)
    }

    /// Whether the tree simulation reads an attribute of this name: `annotation-xml
    /// encoding`, and `<font color|face|size>` ending foreign content.
    private static func isReadByTreeSimulation(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        let count = range.count
        guard count == 4 || count == 5 || count == 8 else { return false }
        return bytesEqual(buffer, range, "encoding") || bytesEqual(buffer, range, "color")
            || bytesEqual(buffer, range, "face") || bytesEqual(buffer, range, "size")
    }

    /// Whether an attribute named by `range` (key `key`) is already in `rawAttributes`;
    /// with a table, a new key is entered in it (as the index it will have). Exact keys
    /// compare alone; hashed keys (long, non-ASCII or NUL names) compare their names too,
    /// since different names may share a hash.
    private func isDuplicate(
        _ key: NameKey, _ range: Range<Int>, _ buffer: UnsafeBufferPointer<UInt8>, _ firstByKey: inout NameKeyTable?
    ) -> Bool {
        if firstByKey != nil {
            let attributes = rawAttributes
            guard let first = firstByKey?.existingOrInsert(key, attributes.count, keyAt: { attributes[$0].key }) else {
                return false
            }
            if key.isExact || NameKey.sameName(buffer, rawAttributes[first].nameRange, range) { return true }
        }
        for attribute in rawAttributes where attribute.key == key {
            if key.isExact || NameKey.sameName(buffer, attribute.nameRange, range) { return true }
        }
        return false
    }

    /// The end of input inside a tag: the tag is dropped, as browsers do.
    private mutating func endOfInputInTag() -> RawToken? {
        position = end
        return nil
    }

    // MARK: - Comments and declarations

    private mutating func bogusComment(_ buffer: UnsafeBufferPointer<UInt8>, start: Int, dataStart: Int) -> RawToken {
        let count = buffer.count
        let dataStart = min(dataStart, count)
        if let close = find(buffer, UInt8(ascii: ">"), from: dataStart) {
            position = close + 1
            return .comment(HTMLComment(range: start..<close + 1, dataRange: dataStart..<close))
        }
        position = count
        return .comment(HTMLComment(range: start..<count, dataRange: dataStart..<count))
    }

    /// `<!` at `start`: a comment, a doctype, a CDATA section or a bogus comment.
    private mutating func markupDeclaration(_ buffer: UnsafeBufferPointer<UInt8>, at start: Int) -> RawToken? {
        let after = start + 2
        if matches(buffer, at: after, "--", caseInsensitive: false) {
            return comment(buffer, start: start, dataStart: after + 2)
        }
        if matches(buffer, at: after, "doctype", caseInsensitive: true) {
            return doctype(buffer, start: start, from: after + 7)
        }
        if isInForeignContent && matches(buffer, at: after, "[CDATA[", caseInsensitive: false) {
            let dataStart = after + 7
            if let close = find(buffer, "]]>", from: dataStart) {
                position = close + 3
                return .cdata(HTMLCDATA(range: start..<close + 3, dataRange: dataStart..<close))
            }
            position = buffer.count
            return .cdata(HTMLCDATA(range: start..<buffer.count, dataRange: dataStart..<buffer.count))
        }
        return bogusComment(buffer, start: start, dataStart: after)
    }

    /// A comment whose data starts at `dataStart` (after `<!--`).
    ///
    /// The comment's data is always a prefix of the bytes after `<!--`: the states only
    /// hold back trailing `-`, `--` or `--!` until they know whether the comment ends.
    private mutating func comment(_ buffer: UnsafeBufferPointer<UInt8>, start: Int, dataStart: Int) -> RawToken {
        enum CommentState { case text, endDash, end, endBang }
        let count = buffer.count
        var index = dataStart
        var dataEnd = dataStart
        var commentState = CommentState.text
        func emit(_ end: Int, _ dataEnd: Int) -> RawToken {
            .comment(HTMLComment(range: start..<end, dataRange: dataStart..<dataEnd))
        }
        // Comment start and comment start dash states: `<!-->` and `<!--->` are empty.
        if index < count && buffer[index] == UInt8(ascii: ">") {
            position = index + 1
            return emit(index + 1, dataStart)
        }
        if index < count && buffer[index] == UInt8(ascii: "-") {
            if index + 1 >= count {
                position = count
                return emit(count, dataStart)
            }
            let next = buffer[index + 1]
            if next == UInt8(ascii: ">") {
                position = index + 2
                return emit(index + 2, dataStart)
            }
            if next == UInt8(ascii: "-") {
                commentState = .end
                index += 2
            } else {
                index += 1
                dataEnd = index
            }
        }
        while index < count {
            switch commentState {
            case .text:
                guard let dash = find(buffer, UInt8(ascii: "-"), from: index) else {
                    dataEnd = count
                    index = count
                    continue
                }
                dataEnd = dash
                index = dash + 1
                commentState = .endDash
            case .endDash:
                if buffer[index] == UInt8(ascii: "-") {
                    commentState = .end
                    index += 1
                } else {
                    dataEnd = index
                    commentState = .text
                }
            case .end:
                let byte = buffer[index]
                if byte == UInt8(ascii: ">") {
                    position = index + 1
                    return emit(index + 1, dataEnd)
                } else if byte == UInt8(ascii: "!") {
                    commentState = .endBang
                    index += 1
                } else if byte == UInt8(ascii: "-") {
                    dataEnd += 1
                    index += 1
                } else {
                    dataEnd = index
                    commentState = .text
                }
            case .endBang:
                let byte = buffer[index]
                if byte == UInt8(ascii: "-") {
                    dataEnd = index
                    commentState = .endDash
                    index += 1
                } else if byte == UInt8(ascii: ">") {
                    position = index + 1
                    return emit(index + 1, dataEnd)
                } else {
                    dataEnd = index
                    commentState = .text
                }
            }
        }
        position = count
        return emit(count, dataEnd)
    }

    /// A doctype whose keyword ends at `from`.
    private mutating func doctype(_ buffer: UnsafeBufferPointer<UInt8>, start: Int, from: Int) -> RawToken {
        let count = buffer.count
        var index = from
        var nameRange: Range<Int>? = nil
        var publicRange: Range<Int>? = nil
        var systemRange: Range<Int>? = nil
        var forceQuirks = false

        func skipWhitespace() {
            while index < count && isWhitespace(buffer[index]) { index += 1 }
        }
        /// Reads a quoted identifier at `index` (on its quote); false if cut short by
        /// `>` or the end of input (which force quirks).
        func quoted() -> Range<Int>? {
            let quote = buffer[index]
            let valueStart = index + 1
            var scan = valueStart
            while scan < count {
                let byte = buffer[scan]
                if byte == quote {
                    index = scan + 1
                    return valueStart..<scan
                }
                if byte == UInt8(ascii: ">") {
                    index = scan
                    forceQuirks = true
                    return valueStart..<scan
                }
                scan += 1
            }
            index = count
            forceQuirks = true
            return valueStart..<count
        }

        parse: do {
            // DOCTYPE state and before DOCTYPE name state.
            skipWhitespace()
            guard index < count else {
                forceQuirks = true
                break parse
            }
            if buffer[index] == UInt8(ascii: ">") {
                forceQuirks = true
                break parse
            }
            let nameStart = index
            index += 1
            while index < count && !isWhitespace(buffer[index]) && buffer[index] != UInt8(ascii: ">") {
                index += 1
            }
            nameRange = nameStart..<index
            // After DOCTYPE name state.
            skipWhitespace()
            guard index < count else {
                forceQuirks = true
                break parse
            }
            if buffer[index] == UInt8(ascii: ">") { break parse }
            let isPublic = matches(buffer, at: index, "public", caseInsensitive: true)
            let isSystem = !isPublic && matches(buffer, at: index, "system", caseInsensitive: true)
            guard isPublic || isSystem else {
                forceQuirks = true
                break parse  // bogus DOCTYPE
            }
            index += 6
            // After the keyword and before the identifier.
            skipWhitespace()
            guard index < count else {
                forceQuirks = true
                break parse
            }
            var byte = buffer[index]
            guard byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") else {
                forceQuirks = true
                break parse  // `>` (missing identifier) or bogus
            }
            if isPublic {
                publicRange = quoted()
                if forceQuirks { break parse }
                // After DOCTYPE public identifier and between the identifiers.
                skipWhitespace()
                guard index < count else {
                    forceQuirks = true
                    break parse
                }
                byte = buffer[index]
                if byte == UInt8(ascii: ">") { break parse }
                guard byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") else {
                    forceQuirks = true
                    break parse
                }
            }
            systemRange = quoted()
            if forceQuirks { break parse }
            // After DOCTYPE system identifier: anything else is bogus, without quirks.
            skipWhitespace()
            guard index < count else {
                forceQuirks = true
                break parse
            }
        }
        // Whatever is left up to `>` is the bogus DOCTYPE state (or the `>` itself).
        if index < count, let close = find(buffer, UInt8(ascii: ">"), from: index) {
            index = close + 1
        } else {
            index = count
        }
        position = index
        var name: String? = nil
        if let nameRange {
            var bytes = HTMLDecoding.decode(buffer, nameRange, mode: .replacingNUL)
            for offset in bytes.indices where bytes[offset] >= 0x41 && bytes[offset] <= 0x5A {
                bytes[offset] |= 0x20
            }
            name = String(decoding: bytes, as: UTF8.self)
        }
        func identifier(_ range: Range<Int>?) -> String? {
            guard let range else { return nil }
            return String(decoding: HTMLDecoding.decode(buffer, range, mode: .replacingNUL), as: UTF8.self)
        }
        let doctype = HTMLDoctype(
            range: start..<index, name: name, publicIdentifier: identifier(publicRange),
            systemIdentifier: identifier(systemRange), forceQuirks: forceQuirks)
        lastDoctype = doctype
        if simulatesTreeState { tree.doctype(doctype) }
        return .doctype(start..<index)
    }

    // MARK: - RCDATA, RAWTEXT, script data

    /// Whether `<` at `start` opens an appropriate end tag: `</` + the last start tag's
    /// name (ASCII case-insensitive) + whitespace, `/` or `>`.
    private func isAppropriateEndTag(_ buffer: UnsafeBufferPointer<UInt8>, at start: Int) -> Bool {
        let count = buffer.count
        guard start + 1 < count, buffer[start + 1] == UInt8(ascii: "/") else { return false }
        guard let nameRange = lastStartNameRange else {
            guard let last = lastStartTagOverride else { return false }
            return endTagName(buffer, at: start + 2, equals: last)
        }
        // Only letters are read into an end tag's name in these states, so a name with
        // anything else never matches.
        var index = start + 2
        for offset in nameRange {
            let expected = buffer[offset]
            guard index < count, isASCIIAlpha(expected), isASCIIAlpha(buffer[index]),
                buffer[index] | 0x20 == expected | 0x20
            else { return false }
            index += 1
        }
        guard index < count else { return false }
        let byte = buffer[index]
        return isWhitespace(byte) || byte == UInt8(ascii: "/") || byte == UInt8(ascii: ">")
    }

    /// Whether the letters at `from` spell `name` (lowercase) and are followed by
    /// whitespace, `/` or `>`; when `requireSlash` is given, that index must hold `/`.
    private func endTagName(
        _ buffer: UnsafeBufferPointer<UInt8>, at from: Int, equals name: String, requireSlash: Int? = nil
    ) -> Bool {
        let count = buffer.count
        if let slash = requireSlash {
            guard slash < count, buffer[slash] == UInt8(ascii: "/") else { return false }
        }
        var index = from
        for expected in name.utf8 {
            guard index < count, buffer[index] | 0x20 == expected, isASCIIAlpha(buffer[index]) else { return false }
            index += 1
        }
        guard index < count else { return false }
        let byte = buffer[index]
        return isWhitespace(byte) || byte == UInt8(ascii: "/") || byte == UInt8(ascii: ">")
    }

    private func scanToAppropriateEndTag(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var index = start
        while let lessThan = find(buffer, UInt8(ascii: "<"), from: index) {
            if isAppropriateEndTag(buffer, at: lessThan) { return lessThan }
            index = lessThan + 1
        }
        return buffer.count
    }

    /// The end of the script data run from `start`, following the spec's escaped and
    /// double-escaped states (`<!--` … `<script>` … `</script>` … `-->`).
    private func scanScriptData(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        enum ScriptState { case data, escaped, escapedDash, escapedDashDash, double, doubleDash, doubleDashDash }
        let count = buffer.count
        var scriptState = ScriptState.data
        var index = start
        func letters(from: Int) -> Int {
            var end = from
            while end < count && isASCIIAlpha(buffer[end]) { end += 1 }
            return end
        }
        func isScript(_ range: Range<Int>) -> Bool {
            guard range.count == 6 else { return false }
            var offset = range.lowerBound
            for expected in "script".utf8 {
                if buffer[offset] | 0x20 != expected { return false }
                offset += 1
            }
            return true
        }
        while index < count {
            switch scriptState {
            case .data:
                guard let lessThan = find(buffer, UInt8(ascii: "<"), from: index) else { return count }
                if isAppropriateEndTag(buffer, at: lessThan) { return lessThan }
                index = lessThan + 1
                if matches(buffer, at: index, "!--", caseInsensitive: false) {
                    index += 3
                    scriptState = .escapedDashDash
                }
            case .escaped, .escapedDash, .escapedDashDash:
                let byte = buffer[index]
                if byte == UInt8(ascii: "-") {
                    scriptState = scriptState == .escaped ? .escapedDash : .escapedDashDash
                    index += 1
                } else if byte == UInt8(ascii: ">") && scriptState == .escapedDashDash {
                    scriptState = .data
                    index += 1
                } else if byte == UInt8(ascii: "<") {
                    // Script data escaped less-than sign state.
                    scriptState = .escaped
                    if isAppropriateEndTag(buffer, at: index) { return index }
                    let nameEnd = letters(from: index + 1)
                    if nameEnd > index + 1 && nameEnd < count {
                        // Double escape start: `<script` followed by whitespace, `/` or `>`.
                        let next = buffer[nameEnd]
                        if isWhitespace(next) || next == UInt8(ascii: "/") || next == UInt8(ascii: ">") {
                            if isScript(index + 1..<nameEnd) { scriptState = .double }
                            index = nameEnd + 1
                            continue
                        }
                    }
                    index = max(nameEnd, index + 1)
                } else {
                    scriptState = .escaped
                    index += 1
                }
            case .double, .doubleDash, .doubleDashDash:
                let byte = buffer[index]
                if byte == UInt8(ascii: "-") {
                    scriptState = scriptState == .double ? .doubleDash : .doubleDashDash
                    index += 1
                } else if byte == UInt8(ascii: ">") && scriptState == .doubleDashDash {
                    scriptState = .data
                    index += 1
                } else if byte == UInt8(ascii: "<") {
                    // Double escaped less-than sign state; `</script` + delimiter ends it.
                    scriptState = .double
                    index += 1
                    if index < count && buffer[index] == UInt8(ascii: "/") {
                        index += 1
                        let nameEnd = letters(from: index)
                        if nameEnd < count {
                            let next = buffer[nameEnd]
                            if isWhitespace(next) || next == UInt8(ascii: "/") || next == UInt8(ascii: ">") {
                                if isScript(index..<nameEnd) { scriptState = .escaped }
                                index = nameEnd + 1
                                continue
                            }
                        }
                        index = nameEnd
                    }
                } else {
                    scriptState = .double
                    index += 1
                }
            }
        }
        return count
    }

    // MARK: - Tree-state simulation

    /// Applies a start tag to the simulated tree: sets its namespace and kind, and the
    /// state its content is read in.
    private mutating func treeStartTag(_ tag: inout RawTag, _ buffer: UnsafeBufferPointer<UInt8>) {
        tree.beginTag()
        tree.decideMode()
        let key = tag.key
        if let index = tree.foreignCurrentIndex {
            let current = tree.entries[index]
            let asHTML =
                current.isHTMLIntegrationPoint
                || (current.isMathMLTextIntegrationPoint && key != Keys.mglyph && key != Keys.malignmark)
                || (current.namespace == .mathML && current.key == Keys.annotationXML && key == Keys.svg)
            if !asHTML {
                if breaksOutOfForeignContent(key) {
                    lastStartTagBrokeOut = true
                    tree.popForeign()
                } else {
                    tag.namespace = current.namespace
                    tag.kind = Names.element(buffer, tag.nameRange, namespace: current.namespace)
                    if !tag.selfClosing { push(tag, buffer) }
                    return
                }
            }
        }
        // HTML content rules.
        switch Self.classify(buffer, tag.nameRange) {
        case .svg, .math:
            guard readsForeignContent else { break }
            tag.namespace = tag.nameRange.count == 3 ? .svg : .mathML
            tag.kind = Names.element(buffer, tag.nameRange, namespace: tag.namespace)
            if tree.mayReopen { tree.reconstructFormatting() }
            if !tag.selfClosing { push(tag, buffer) }
            return
        case .rcdata:
            state = .rcdata
        case .rawText:
            state = .rawText
        case .scriptData:
            state = .scriptData
        case .plainText:
            state = .plainText
        case .other:
            break
        }
        tag.kind = Names.element(buffer, tag.nameRange, namespace: .html)
        // A table part outside any table makes no element: nothing is pushed or closed.
        if tree.isStrayTablePart(tag.kind, buffer, tag.nameRange) { return }
        tree.tableRules(tag.kind, buffer, tag.nameRange)
        if tag.kind == .a { tree.linkStartTag(buffer) } else { tree.closeImplied(tag.kind) }
        if tag.kind == .block { tree.headingRules(buffer, tag.nameRange) }
        if !tree.formatting.isEmpty {
            // A new `<a>` ends the one before it, which then is not reopened.
            if tag.kind == .a, let k = tree.lastFormatting(named: Keys.a) { tree.formatting.remove(at: k) }
            if tree.mayReopen && Self.reconstructs(tag.kind, buffer, tag.nameRange) { tree.reconstructFormatting() }
        }
        // Placed last: what the tag closed may have taken the table with it (`<a><y><table><a>`).
        tree.fosterIfInTable(tag.kind, buffer, tag.nameRange)
        guard !tag.kind.isVoidHTML else { return }
        push(tag, buffer)
        if tag.kind == .a || (tag.kind == .other && Names.isFormatting(buffer, tag.nameRange)) {
            tree.noteFormatting(attributes: tag.nameRange.upperBound..<tag.range.upperBound, buffer)
        } else if Self.insertsMarker(tag.kind, buffer, tag.nameRange) {
            tree.pushMarker()
        }
    }

    /// Start tags before which a browser reconstructs the active formatting elements: the
    /// phrasing and replaced elements, and the rest of "any other start tag"; not blocks,
    /// lists, headings, tables and their parts, or what goes into the head.
    private static func reconstructs(_ kind: ElementKind, _ buffer: UnsafeBufferPointer<UInt8>, _ name: Range<Int>) -> Bool {
        switch kind {
        case .other, .a, .img, .input, .embed, .object, .applet, .video, .audio, .picture, .layer, .area, .option, .vml:
            return true
        case .voidOther:
            return !bytesEqual(buffer, name, "hr") && !bytesEqual(buffer, name, "basefont") && !bytesEqual(buffer, name, "col")
        case .scopeBoundary:
            return bytesEqual(buffer, name, "button") || bytesEqual(buffer, name, "marquee")
        default:
            return false
        }
    }

    /// Elements that put a marker on the list of active formatting elements.
    private static func insertsMarker(_ kind: ElementKind, _ buffer: UnsafeBufferPointer<UInt8>, _ name: Range<Int>) -> Bool {
        switch kind {
        case .td, .th, .object, .applet: return true
        case .scopeBoundary: return !bytesEqual(buffer, name, "button")
        default: return false
        }
    }

    /// Start tags that change the tokenizer state or enter foreign content.
    private enum TagClass { case other, svg, math, rcdata, rawText, scriptData, plainText }

    /// Classifies a raw tag name by its bytes (cheaper than comparing Strings).
    private static func classify(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> TagClass {
        let start = range.lowerBound
        func named(_ literal: StaticString) -> Bool { matches(buffer, at: start, literal, caseInsensitive: true) }
        switch range.count {
        case 3:
            if named("svg") { return .svg }
            if named("xmp") { return .rawText }
        case 4:
            if named("math") { return .math }
        case 5:
            if named("title") { return .rcdata }
            if named("style") { return .rawText }
        case 6:
            if named("script") { return .scriptData }
            if named("iframe") { return .rawText }
        case 7:
            if named("noembed") { return .rawText }
        case 8:
            if named("textarea") { return .rcdata }
            if named("noframes") { return .rawText }
        case 9:
            if named("plaintext") { return .plainText }
        default:
            break
        }
        return .other
    }

    private mutating func push(_ tag: RawTag, _ buffer: UnsafeBufferPointer<UInt8>) {
        let key = tag.key
        var flags: UInt8 = 0
        switch tag.namespace {
        case .svg:
            if key == Keys.foreignObject || key == Keys.desc || key == Keys.title { flags = OpenElement.htmlIntegrationPoint }
        case .mathML:
            if key == Keys.mi || key == Keys.mo || key == Keys.mn || key == Keys.ms || key == Keys.mtext {
                flags = OpenElement.mathMLTextIntegrationPoint
            }
            if key == Keys.annotationXML, let encoding = rawAttributes.first(where: { $0.key == Keys.encoding }),
                let range = encoding.valueRange
            {
                // ASCII case-insensitive, as the spec compares it.
                let value = HTMLDecoding.decode(buffer, range, mode: .attributeValue).map {
                    $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0
                }
                if value.elementsEqual("text/html".utf8) || value.elementsEqual("application/xhtml+xml".utf8) {
                    flags = OpenElement.htmlIntegrationPoint
                }
            }
        case .html:
            break
        }
        tree.push(key: key, nameStart: tag.nameRange.lowerBound, kind: tag.kind, namespace: tag.namespace, flags: flags)
    }

    /// The HTML elements whose start tag ends foreign content (`font` only with
    /// `color`, `face` or `size`). Built on first use, in foreign content only.
    private static let breakoutKeys: Set<NameKey> = Set(
        [
            "b", "big", "blockquote", "body", "br", "center", "code", "dd", "div", "dl", "dt", "em", "embed",
            "h1", "h2", "h3", "h4", "h5", "h6", "head", "hr", "i", "img", "li", "listing", "menu", "meta", "nobr",
            "ol", "p", "pre", "ruby", "s", "small", "span", "strong", "strike", "sub", "sup", "table", "tt", "u",
            "ul", "var",
        ].map(NameKey.init(ascii:)))

    private func breaksOutOfForeignContent(_ key: NameKey) -> Bool {
        if Self.breakoutKeys.contains(key) { return true }
        guard key == Keys.font else { return false }
        return rawAttributes.contains { $0.key == Keys.color || $0.key == Keys.face || $0.key == Keys.size }
    }
}

// MARK: - Names

/// A tag or attribute name reduced to a comparable key: the lowercased bytes themselves
/// for ASCII names of up to 16 bytes without NUL (`isExact`), otherwise a hash of the
/// name as spelled, so `b\0` and `b\u{FFFD}` get the same key.
///
/// Two words, no length: an exact key's bytes hold no NUL, so its zero padding says where
/// it ends, and a hashed key marks `high` with all ones, which no ASCII name can be. Every
/// element and attribute the rewriter keeps holds one.
struct NameKey: Hashable, Sendable {
    var low: UInt64
    var high: UInt64

    init(low: UInt64, high: UInt64, length: Int) {
        self.low = low
        self.high = length < 0 ? Self.hashed : high
    }

    private static let hashed = UInt64.max

    init(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) {
        if range.count <= 16 {
            var packer = NameKeyPacker()
            for index in range { packer.add(buffer[index]) }
            if packer.exact {
                self = NameKey(low: packer.low, high: packer.high, length: packer.count)
                return
            }
        }
        // FNV-1a over the name as decoded (lowercased, NUL and invalid UTF-8 as U+FFFD):
        // equal names, equal hashes. Plain ASCII names hash their bytes directly.
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        var plain = true
        for index in range {
            var byte = buffer[index]
            if byte == 0 || byte >= 0x80 {
                plain = false
                break
            }
            if byte >= 0x41 && byte <= 0x5A { byte |= 0x20 }
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        if !plain {
            hash = 0xcbf2_9ce4_8422_2325
            for byte in Self.name(buffer, range).utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        }
        self = NameKey(low: hash, high: 0, length: -1)
    }

    /// The key of a lowercase ASCII name.
    init(ascii name: String) {
        self = Array(name.utf8).withUnsafeBufferPointer { NameKey($0, 0..<$0.count) }
    }

    /// Whether equal keys mean equal names.
    var isExact: Bool { high != Self.hashed }

    /// A slot in a 256-entry table.
    var slot: Int { Int(truncatingIfNeeded: ((low ^ (high &* 31)) &* 0x9E37_79B9_7F4A_7C15) >> 56) }
}

/// The first attribute of each name key, by open addressing over 8-byte slots (a
/// 32-bit fingerprint and the attribute's index; inputs are far below 4 GiB): a tag with
/// a hundred thousand attributes is read in linear time, one probe sequence per
/// attribute, in a compact table, without the per-lookup cost of a seeded `Dictionary`.
struct NameKeyTable {
    /// `fingerprint << 32 | (index + 1)`; 0 is an empty slot.
    private var slots = [UInt64](repeating: 0, count: 64)
    private var count = 0
    private var mask = 63

    /// The SplitMix64 finaliser over the key's words: names differ in a byte or two, and
    /// every bit of the hash must depend on them.
    private static func hash(_ key: NameKey) -> UInt64 {
        var z = key.low ^ (key.high &* 0x9E37_79B9_7F4A_7C15)
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// The index already stored for `key` (keys are read back through `keyAt`), or `nil`
    /// after storing `index` for it. Indices come in increasing order, and every index
    /// below `index` has been offered before (the attributes kept so far).
    mutating func existingOrInsert(_ key: NameKey, _ index: Int, keyAt: (Int) -> NameKey) -> Int? {
        if (count + 1) * 2 > mask + 1 { grow(offered: index, keyAt) }
        return probe(key, index, keyAt)
    }

    private mutating func probe(_ key: NameKey, _ index: Int, _ keyAt: (Int) -> NameKey) -> Int? {
        let hash = Self.hash(key)
        let fingerprint = hash >> 32
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let stored = slots[slot]
            if stored == 0 {
                slots[slot] = fingerprint << 32 | UInt64(index + 1)
                count += 1
                return nil
            }
            if stored >> 32 == fingerprint {
                let candidate = Int(truncatingIfNeeded: stored & 0xFFFF_FFFF) - 1
                if keyAt(candidate) == key { return candidate }
            }
            slot = (slot + 1) & mask
        }
    }

    /// Doubles the table by offering 0..<offered again, in order: the first index of each
    /// key is what gets stored, as before, and the keys are read sequentially.
    private mutating func grow(offered: Int, _ keyAt: (Int) -> NameKey) {
        mask = mask * 2 + 1
        slots = [UInt64](repeating: 0, count: mask + 1)
        count = 0
        for index in 0..<offered { _ = probe(keyAt(index), index, keyAt) }
    }
}

/// Builds a `NameKey` byte by byte while a name is scanned, so that plain names are
/// read once; anything else is keyed from its range afterwards.
struct NameKeyPacker {
    var low: UInt64 = 0
    var high: UInt64 = 0
    var count = 0
    var exact = true

    @inline(__always) mutating func add(_ byte: UInt8) {
        if count < 16 {
            exact = exact && byte != 0 && byte < 0x80
            let folded = UInt64(byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte)
            if count < 8 {
                low |= folded << UInt64(count &* 8)
            } else {
                high |= folded << UInt64((count &- 8) &* 8)
            }
        }
        count &+= 1
    }

    /// The first lane of `word` (lanes in memory order) past lane 0 whose byte is in
    /// `endMask` (bytes below 64), or 8. Lane 0 always belongs to the name.
    @inline(__always) static func firstEnd(in word: UInt64, endMask: UInt64) -> Int {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        // Lanes that may be below 64: every such lane is flagged (a flag above a true one
        // may be false, and the byte test below drops it); lane 0 is not looked at.
        var candidates = (word &- ones &* 0x40) & ~word & highs & ~0x80
        while candidates != 0 {
            let lane = candidates.trailingZeroBitCount >> 3
            let byte = (word >> UInt64(lane &* 8)) & 0xFF
            if byte < 64 && (endMask >> byte) & 1 != 0 { return lane }
            candidates &= candidates &- 1
        }
        return 8
    }

    /// `add` of the first `lanes` bytes of `word` (1 to 8, lanes in memory order) to an
    /// empty packer.
    @inline(__always) mutating func addWord(_ word: UInt64, lanes: Int) {
        let highs: UInt64 = 0x8080_8080_8080_8080
        let ones: UInt64 = 0x0101_0101_0101_0101
        let kept: UInt64 = lanes >= 8 ? ~0 : (1 << UInt64(lanes &* 8)) &- 1
        // ASCII capitals gain 0x20: lanes from 0x41 to 0x5A, below 0x80.
        let seven = word & ~highs
        let fromA = (seven &+ ones &* (0x80 - 0x41)) & highs
        let pastZ = (seven &+ ones &* (0x80 - 0x5B)) & highs
        let upper = fromA & ~pastZ & ~word & highs
        low = (word | (upper >> 2)) & kept
        // NUL or a byte from 0x80 makes the key a hash. A NUL flag above a true NUL may be
        // false; the true one is lower, so the answer is the same.
        let nul = (word &- ones) & ~word & highs
        exact = (nul | word & highs) & kept == 0
        count = lanes
    }

    @inline(__always) func key(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> NameKey {
        if exact && count <= 16 { return NameKey(low: low, high: high, length: count) }
        return NameKey(buffer, range)
    }
}

extension NameKey {
    /// The ASCII-lowercased name with NUL as U+FFFD.
    static func name(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String {
        var plain = true
        for index in range {
            let byte = buffer[index]
            if byte == 0 || (byte >= 0x41 && byte <= 0x5A) {
                plain = false
                break
            }
        }
        if plain { return String(decoding: UnsafeBufferPointer(rebasing: buffer[range]), as: UTF8.self) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(range.count + 2)
        for index in range {
            let byte = buffer[index]
            if byte == 0 {
                bytes.append(contentsOf: [0xEF, 0xBF, 0xBD])
            } else if byte >= 0x41 && byte <= 0x5A {
                bytes.append(byte | 0x20)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Whether two spellings name the same element or attribute (for hashed keys, whose
    /// equality alone does not prove it).
    static func sameName(_ buffer: UnsafeBufferPointer<UInt8>, _ first: Range<Int>, _ second: Range<Int>) -> Bool {
        name(buffer, first) == name(buffer, second)
    }
}

/// Names as Strings, made once per distinct name: mail repeats a few dozen tag and
/// attribute names, and reusing a String is cheaper than decoding one.
struct NameCache: Sendable {
    private struct Entry: Sendable {
        var key: NameKey
        var name: String
    }
    private var entries: [Entry] = []

    init() {}

    mutating func name(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ key: NameKey) -> String {
        guard key.isExact else { return NameKey.name(buffer, range) }
        if entries.isEmpty {
            entries = Array(repeating: Entry(key: NameKey(low: 0, high: 0, length: -1), name: ""), count: 256)
        }
        let slot = key.slot
        if entries[slot].key == key { return entries[slot].name }
        let name = NameKey.name(buffer, range)
        entries[slot] = Entry(key: key, name: name)
        return name
    }
}

/// Keys of the names the tree-state simulation compares against.
enum Keys {
    static let mglyph = NameKey(ascii: "mglyph")
    static let malignmark = NameKey(ascii: "malignmark")
    static let annotationXML = NameKey(ascii: "annotation-xml")
    static let svg = NameKey(ascii: "svg")
    static let foreignObject = NameKey(ascii: "foreignobject")
    static let desc = NameKey(ascii: "desc")
    static let title = NameKey(ascii: "title")
    static let mi = NameKey(ascii: "mi")
    static let mo = NameKey(ascii: "mo")
    static let mn = NameKey(ascii: "mn")
    static let ms = NameKey(ascii: "ms")
    static let mtext = NameKey(ascii: "mtext")
    static let encoding = NameKey(ascii: "encoding")
    static let br = NameKey(ascii: "br")
    static let caption = NameKey(ascii: "caption")
    static let tbody = NameKey(ascii: "tbody")
    static let p = NameKey(ascii: "p")
    static let a = NameKey(ascii: "a")
    static let div = NameKey(ascii: "div")
    static let address = NameKey(ascii: "address")
    static let font = NameKey(ascii: "font")
    static let color = NameKey(ascii: "color")
    static let face = NameKey(ascii: "face")
    static let size = NameKey(ascii: "size")
}

// MARK: - Byte helpers

/// Bit n set: byte n (< 64) is tab, LF, FF, CR (LF after input preprocessing) or space.
private let whitespaceMask: UInt64 = 1 << 0x09 | 1 << 0x0A | 1 << 0x0C | 1 << 0x0D | 1 << 0x20
private let tagNameEndMask: UInt64 = whitespaceMask | 1 << 0x2F | 1 << 0x3E  // and `/`, `>`
private let attributeNameEndMask: UInt64 = tagNameEndMask | 1 << 0x3D  // and `=`
private let unquotedValueEndMask: UInt64 = whitespaceMask | 1 << 0x3E  // and `>`

@inline(__always)
func isWhitespace(_ byte: UInt8) -> Bool {
    byte < 64 && (whitespaceMask >> UInt64(byte)) & 1 != 0
}

/// Scans a tag or attribute name from `start`, whose byte always belongs to it (a letter,
/// or an attribute name's leading `=`), to the first byte in `endMask`, packing the
/// name's key on the way so that the name is read once.
@inline(__always)
private func scanName(
    _ buffer: UnsafeBufferPointer<UInt8>, from start: Int, endMask: UInt64
) -> (end: Int, packer: NameKeyPacker) {
    var packer = NameKeyPacker()
    var index: Int
    // Most names are short: the eight bytes from `start` are read as one word, which gives
    // the name's end and its packed key at once (a byte at a time, the names of a newsletter's
    // tags and attributes cost 4% of the HTML stage).
    if start + 8 <= buffer.count, let base = buffer.baseAddress {
        let word = UInt64(littleEndian: ByteWords.load(base + start))
        let lane = NameKeyPacker.firstEnd(in: word, endMask: endMask)
        packer.addWord(word, lanes: lane)
        if lane < 8 { return (start + lane, packer) }
        index = start + 8
    } else {
        packer.add(buffer[start])
        index = start + 1
    }
    while index < buffer.count {
        let byte = buffer[index]
        if byte < 64 && (endMask >> UInt64(byte)) & 1 != 0 { break }
        packer.add(byte)
        index += 1
    }
    return (index, packer)
}

/// Where a tag name starting at `start` ends, as the tokenizer reads it (for callers that
/// keep a tag's range but not its name's).
func tagNameEnd(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
    scanName(buffer, from: start, endMask: tagNameEndMask).end
}

@inline(__always)
private func isUnquotedValueEnd(_ byte: UInt8) -> Bool {
    byte < 64 && (unquotedValueEndMask >> UInt64(byte)) & 1 != 0
}

@inline(__always)
func isASCIIAlpha(_ byte: UInt8) -> Bool {
    let lower = byte | 0x20
    return lower >= 0x61 && lower <= 0x7A
}

/// The index of the first `byte` at or after `from`.
@inline(__always)
func find(_ buffer: UnsafeBufferPointer<UInt8>, _ byte: UInt8, from: Int) -> Int? {
    guard from < buffer.count, let base = buffer.baseAddress else { return nil }
    guard let hit = memchr(base + from, Int32(byte), buffer.count - from) else { return nil }
    return UnsafeRawPointer(hit) - UnsafeRawPointer(base)
}

/// The index of the first occurrence of the ASCII `needle` at or after `from`.
func find(_ buffer: UnsafeBufferPointer<UInt8>, _ needle: StaticString, from: Int) -> Int? {
    let count = buffer.count
    return needle.withUTF8Buffer { needle in
        guard let first = needle.first else { return from }
        var index = from
        while let hit = find(buffer, first, from: index) {
            if hit + needle.count > count { return nil }
            var matched = true
            for offset in 1..<needle.count where buffer[hit + offset] != needle[offset] {
                matched = false
                break
            }
            if matched { return hit }
            index = hit + 1
        }
        return nil
    }
}

/// Whether the ASCII `literal` (lowercase when `caseInsensitive`) is at `index`.
func matches(_ buffer: UnsafeBufferPointer<UInt8>, at index: Int, _ literal: StaticString, caseInsensitive: Bool) -> Bool {
    literal.withUTF8Buffer { literal in
        guard index + literal.count <= buffer.count else { return false }
        for offset in 0..<literal.count {
            var byte = buffer[index + offset]
            if caseInsensitive && byte >= 0x41 && byte <= 0x5A { byte |= 0x20 }
            if byte != literal[offset] { return false }
        }
        return true
    }
}
