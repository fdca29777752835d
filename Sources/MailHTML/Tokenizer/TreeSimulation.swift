#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One open element of the simulated tree: 40 bytes, since hostile nesting keeps a hundred
/// thousand of them open.
struct OpenElement: Sendable {
    var key: NameKey
    /// Where the element's name starts in the input; its end is found again when a hashed
    /// key needs the name compared.
    var nameStart: Int32
    /// Set by the load collector once it has read the start tag (-1: none): the element's
    /// record, the link it opens, and its node in the visibility model.
    var record: Int32 = -1
    var link: Int32 = -1
    var node: Int32 = -1
    /// For an element every engine sees: the index of the one such element below it when it
    /// was pushed (-1: none), so that the document's current node is found without a walk
    /// past Outlook-only elements, which hostile markup opens by the hundred thousand.
    var documentBelow: Int32 = -1
    var kind: ElementKind
    var namespace: HTMLNamespace
    var flags: UInt8

    /// Opened inside a conditional comment: only Outlook sees it.
    static let outlookOnly: UInt8 = 1
    /// SVG foreignObject/desc/title, MathML annotation-xml with an HTML encoding.
    static let htmlIntegrationPoint: UInt8 = 2
    /// MathML mi, mo, mn, ms, mtext.
    static let mathMLTextIntegrationPoint: UInt8 = 4
    /// Put a marker on the list of active formatting elements (a cell, a caption, an
    /// object…): popping it clears the list back to that marker.
    static let insertedMarker: UInt8 = 8

    var isOutlookOnly: Bool { flags & Self.outlookOnly != 0 }
    var isHTMLIntegrationPoint: Bool { flags & Self.htmlIntegrationPoint != 0 }
    var isMathMLTextIntegrationPoint: Bool { flags & Self.mathMLTextIntegrationPoint != 0 }
    var isIntegrationPoint: Bool { flags & (Self.htmlIntegrationPoint | Self.mathMLTextIntegrationPoint) != 0 }

    mutating func setPayload(record: Int, link: Int, node: Int) {
        self.record = Int32(truncatingIfNeeded: record)
        self.link = Int32(truncatingIfNeeded: link)
        self.node = Int32(truncatingIfNeeded: node)
    }
}

/// The one simulation of the tree builder's stack of open elements. The tokenizer keeps it
/// (it decides where CDATA sections are read and which start tags switch the state), and the
/// load collector reads it (parents for the visibility model, the link that text belongs to,
/// the element an end tag closes). Two simulations kept in step by counters disagreed: an
/// HTML end tag inside SVG (`<div><svg></div>`) closed the SVG in one and not in the other,
/// so a `<![CDATA[>` after it hid from the collector an image that browsers load.
///
/// It approximates a browser's tree builder where that changes what loads or how it shows:
/// implied end tags (`<p>`, `<li>`, table cells), the void elements, foreign content and its
/// integration points, end tags closing the nearest open element of their name unless a
/// special element or their scope's end comes first, foster parenting of what a table holds
/// outside its cells, the formatting elements a browser reopens after something closed them
/// (`FormattingEntry`), and the adoption agency's main effect (`adoptionAgency`). Markup in
/// Outlook's conditional comments (read by a tokenizer of its own over the comment) opens
/// Outlook-only elements: they close only by Outlook-only markup, and the other engines'
/// tree goes on as if the comment were not there. Searches look a bounded distance down the
/// stack, which keeps hostile nesting linear.
struct TreeSimulation: Sendable {
    private(set) var entries: [OpenElement] = []
    /// How many open elements are Outlook-only.
    private(set) var outlookOnlyOpen = 0
    /// How many open elements are SVG or MathML: with none, no markup is foreign content.
    private var foreignOpen = 0
    /// The links (collector indexes) of open elements, innermost last.
    private(set) var links: [Int32] = []
    /// The innermost open element every engine sees (not Outlook-only), or -1.
    private var documentTop = -1
    /// How many conditional comments deep the markup being read is (0: the document).
    private(set) var conditionalDepth = 0
    /// In a conditional comment: where the elements it opened start. Foreign content there
    /// is judged by those alone, as if the comment were a document of its own.
    private var conditionalBase = 0
    /// Whether the last tag read was pushed (it is then the last entry).
    private(set) var pushedLastTag = false
    /// Whether the last end tag closed an open element found by its name, and that
    /// element's record and kind (words, not the entry: this is written for every tag).
    private(set) var closedByLastTag = false
    private(set) var lastClosedRecord: Int32 = -1
    private(set) var lastClosedKind = ElementKind.other
    /// For the last start tag, when it was foster-parented: the index of the element it
    /// went into instead of the table (the table's parent; -1 for none). -2 otherwise.
    private(set) var fosterParent = -2
    /// The document's list of active formatting elements (`FormattingEntry`).
    var formatting: [FormattingEntry] = []
    /// How many elements that put a marker on that list are open.
    private(set) var markerLevel: Int32 = 0
    /// Quirks mode (`DocumentMode`): a document is in it unless a doctype that says
    /// otherwise comes before any tag or text.
    private(set) var quirks = true
    /// Whether a tag, text other than whitespace or a doctype came: a doctype after them
    /// changes nothing.
    private(set) var modeDecided = false
    /// The copies the last reconstruction pushed: the first one's index, and for each the
    /// visibility node whose attributes it takes (the collector gives each a node of its own).
    private(set) var reopenedStart = 0
    var reopenedSources: [Int32] = []
    /// A reconstruction in a table's own markup fosters its copies: the first one's stack
    /// index and the stack index of its parent (the table's parent), or -1.
    private(set) var fosteredCopy = (at: -1, parent: -1)
    /// Copies left to make in this document: a bound on what hostile markup can make the
    /// simulation (and the visibility model) hold.
    var reopenBudget = TreeSimulation.reopenBudgetPerDocument

    /// End tags look this far down the stack for their element; deeper mismatches are
    /// ignored.
    static let endTagSearchLimit = 256
    /// Implied end tags look this far down the stack.
    static let impliedSearchLimit = 32

    // MARK: Reading

    /// The index of the current node as the markup being read sees it: in the document, the
    /// innermost element not only Outlook sees; in a conditional comment, the innermost one
    /// it opened.
    var currentIndex: Int? {
        if conditionalDepth == 0 { return documentTop >= 0 ? documentTop : nil }
        let index = entries.count - 1
        return index >= conditionalBase ? index : nil
    }

    /// Whether the current node is an SVG or MathML element (not an HTML one inside it).
    var isInForeignContent: Bool { foreignCurrentIndex != nil }

    /// The current node's index when it is an SVG or MathML element.
    var foreignCurrentIndex: Int? {
        guard foreignOpen > 0, let index = currentIndex, entries[index].namespace != .html else { return nil }
        return index
    }

    /// The visibility node of the element the last tag read sits in (the last entry before
    /// it, when it was pushed), or -1.
    var parentNodeOfLastTag: Int32 {
        if fosterParent != -2 { return fosterParent >= 0 ? entries[fosterParent].node : -1 }
        let index = entries.count - (pushedLastTag ? 2 : 1)
        return index >= 0 ? entries[index].node : -1
    }

    /// The innermost open link (collector index), or -1.
    var currentLink: Int { links.last.map { Int($0) } ?? -1 }

    /// The innermost element around the last tag read as its markup sees it: outside
    /// conditional comments, elements only Outlook-only markup opened do not count.
    var enclosingLastTag: OpenElement? {
        if fosterParent != -2 { return fosterParent >= 0 ? entries[fosterParent] : nil }
        if conditionalDepth == 0 && outlookOnlyOpen > 0 {
            // The tag itself, when pushed, is the innermost document entry.
            let index = pushedLastTag && documentTop >= 0 ? Int(entries[documentTop].documentBelow) : documentTop
            return index >= 0 ? entries[index] : nil
        }
        let index = entries.count - (pushedLastTag ? 2 : 1)
        return index >= 0 ? entries[index] : nil
    }

    // MARK: Conditional comments

    /// Starts the markup of a conditional comment; returns what `endConditional` restores.
    mutating func beginConditional() -> Int {
        let saved = conditionalBase
        conditionalDepth += 1
        conditionalBase = entries.count
        return saved
    }

    mutating func endConditional(_ saved: Int) {
        conditionalDepth -= 1
        conditionalBase = min(saved, entries.count)
    }

    // MARK: Start tags

    /// Called before a tag is applied.
    mutating func beginTag() {
        pushedLastTag = false
        closedByLastTag = false
        fosterParent = -2
        if !reopenedSources.isEmpty { reopenedSources.removeAll(keepingCapacity: true) }
    }

    /// Marks the copies the next reconstruction pushes as starting at the top of the stack;
    /// copies this tag already pushed there (an `<a>`'s adoption agency, then the
    /// reconstruction before the new `a`) are kept, and the new ones follow them.
    mutating func beginReopening() {
        if !reopenedSources.isEmpty && reopenedStart + reopenedSources.count == entries.count { return }
        if !reopenedSources.isEmpty { reopenedSources.removeAll(keepingCapacity: true) }
        reopenedStart = entries.count
        fosteredCopy = (-1, -1)
    }

    /// Records the visibility node the collector made for copy `index`.
    mutating func setNode(_ node: Int, at index: Int) {
        entries[index].node = Int32(truncatingIfNeeded: node)
    }

    /// A start tag of HTML content while the document's current node is a table, a table
    /// section or a row (the "in table" insertion modes). Table markup first closes what was
    /// foster-parented above the innermost of them ("clear the stack back to a table
    /// context"); other elements are foster-parented: they go before the table, into its
    /// parent, so a table hidden by its style does not hide an image written between its
    /// rows (browsers show it, above the table). Outlook-only markup is left alone: Word's
    /// parser is no HTML5 tree builder.
    @inline(__always)
    mutating func tableRules(_ kind: ElementKind, _ buffer: UnsafeBufferPointer<UInt8>, _ name: Range<Int>) {
        let tableMarkup = ElementKind.tableSection.bit | ElementKind.tr.bit | ElementKind.td.bit | ElementKind.th.bit
            | ElementKind.table.bit | ElementKind.scopeBoundary.bit
        guard tableMarkup & kind.bit != 0, conditionalDepth == 0, documentTop >= 0 else { return }
        if kind == .scopeBoundary {
            if bytesEqual(buffer, name, "caption") { closeToTable() }
            return
        }
        // A cell, a row or a section in a caption closes the caption first.
        if kind != .table { closeCaption() }
        clearBackToTableContext(closingTable: kind == .table)
    }

    /// An open caption of the nearest table closes, with what is open in it (`<caption
    /// style="display:none"><td>` puts the cell in the table, not in the caption).
    private mutating func closeCaption() {
        let kinds = ElementKind.table.bit | ElementKind.td.bit | ElementKind.th.bit | ElementKind.scopeBoundary.bit
        if let found = nearestInDocument(kinds), entries[found].key == Keys.caption { pop(to: found) }
    }

    /// A `<caption>` in a table (the stray one makes no element): what is open in the
    /// nearest table closes (a cell and what it holds, the row, the section, an earlier
    /// caption, what was fostered), and the caption opens in the table itself, as the tree
    /// builder's cell, row and section modes hand it back to the table's.
    private mutating func closeToTable() {
        if let table = nearestInDocument(ElementKind.table.bit), table != documentTop { pop(to: table + 1) }
    }

    /// The nearest of the document's open elements, from the current node (or `start`)
    /// down, whose kind is in `kinds`; nil past a foreign element, the `html` element or the
    /// search limit.
    private func nearestInDocument(_ kinds: UInt64, from start: Int? = nil) -> Int? {
        var index = start ?? documentTop
        var looked = 0
        while index >= 0 && looked < Self.impliedSearchLimit {
            let entry = entries[index]
            if entry.namespace != .html || entry.kind == .html { return nil }
            if kinds & entry.kind.bit != 0 { return index }
            index = Int(entry.documentBelow)
            looked += 1
        }
        return nil
    }

    /// The table whose markup entry `index` is (the table itself, a section or a row of it):
    /// the table is that entry or at most two below it.
    private func table(of index: Int) -> Int? {
        var k = index
        for _ in 0..<3 {
            guard k >= 0 else { return nil }
            if entries[k].kind == .table { return k }
            k = Int(entries[k].documentBelow)
        }
        return nil
    }

    /// In the "in table" modes (the nearest table, section or row is reached before any
    /// cell or caption), what was fostered above it is closed; a `<table>` there closes the
    /// table itself, and starts a new one after it.
    private mutating func clearBackToTableContext(closingTable: Bool) {
        let current = documentTop
        var index = current
        var looked = 0
        while index >= 0 && looked < Self.impliedSearchLimit {
            let entry = entries[index]
            if entry.namespace != .html || Self.cellKinds & entry.kind.bit != 0 { return }
            if Self.tableModeKinds & entry.kind.bit != 0 {
                if closingTable {
                    if let table = table(of: index) { pop(to: table) }
                } else if index != current {
                    pop(to: index + 1)
                }
                return
            }
            index = Int(entry.documentBelow)
            looked += 1
        }
    }

    /// Right before an element is inserted (after what its tag closes or reopens): when the
    /// current node is a table, a section or a row, the element goes into the table's
    /// parent instead (`fosterParent`).
    @inline(__always)
    mutating func fosterIfInTable(_ kind: ElementKind, _ buffer: UnsafeBufferPointer<UInt8>, _ name: Range<Int>) {
        guard conditionalDepth == 0, documentTop >= 0, Self.tableModeKinds & entries[documentTop].kind.bit != 0 else {
            return
        }
        foster(kind, buffer, name)
    }

    private mutating func foster(_ kind: ElementKind, _ buffer: UnsafeBufferPointer<UInt8>, _ name: Range<Int>) {
        switch kind {
        case .tableSection, .tr, .td, .th, .table, .style, .script, .scopeBoundary:
            // In a table these are table markup (a nested table closes the outer one, a
            // caption or template opens in it): none is foster-parented.
            return
        default:
            guard entries[documentTop].namespace == .html, !(kind == .block && bytesEqual(buffer, name, "form")) else {
                return
            }
            if let table = table(of: documentTop) { fosterParent = Int(entries[table].documentBelow) }
        }
    }

    /// The document's first doctype, before anything else, sets its mode.
    mutating func doctype(_ doctype: HTMLDoctype) {
        guard conditionalDepth == 0, !modeDecided else { return }
        modeDecided = true
        quirks = DocumentMode.isQuirks(doctype)
    }

    /// A tag, or text other than whitespace: the mode stays as it is.
    mutating func decideMode() { if conditionalDepth == 0 { modeDecided = true } }

    /// Whether a table part (a cell, a row, a section) starting now is dropped by the tree
    /// builder: outside any table it makes no element, and what follows goes where it
    /// would have gone without it (`<td style="display:none"><img>` shows the image).
    @inline(__always)
    func isStrayTablePart(_ kind: ElementKind, _ buffer: UnsafeBufferPointer<UInt8>, _ name: Range<Int>) -> Bool {
        guard kind == .td || kind == .th || kind == .tr || kind == .tableSection
            || (kind == .scopeBoundary && bytesEqual(buffer, name, "caption"))
        else { return false }
        return hasNoTableOpen()
    }

    private func hasNoTableOpen() -> Bool {
        guard conditionalDepth == 0 else { return false }
        var index = documentTop
        var looked = 0
        while index >= 0 {
            let entry = entries[index]
            if entry.namespace != .html { return false }
            if entry.kind == .table { return false }
            if entry.kind == .html { return true }
            // Deeper than any real table's part sits: not judged (kept as it is).
            looked += 1
            if looked > Self.endTagSearchLimit { return false }
            index = Int(entry.documentBelow)
        }
        return true
    }

    /// A heading's start tag when the current node is a heading: browsers close that one
    /// first (`<h1 style="display:none">…<h2>` makes the h2 its sibling).
    mutating func headingRules(_ buffer: UnsafeBufferPointer<UInt8>, _ name: Range<Int>) {
        guard conditionalDepth == 0, documentTop >= 0, Self.isHeading(buffer, name) else { return }
        let current = entries[documentTop]
        guard current.namespace == .html, current.kind == .block else { return }
        if Self.isHeading(current, buffer) { pop(to: documentTop) }
    }

    /// Whether the name is `h1` to `h6` (any case).
    static func isHeading(_ buffer: UnsafeBufferPointer<UInt8>, _ name: Range<Int>) -> Bool {
        guard name.count == 2 else { return false }
        let second = buffer[name.lowerBound + 1]
        return buffer[name.lowerBound] | 0x20 == 0x68 && second >= 0x31 && second <= 0x36
    }

    /// Whether an open element is a heading, by its name in the input.
    static func isHeading(_ entry: OpenElement, _ buffer: UnsafeBufferPointer<UInt8>) -> Bool {
        guard entry.namespace == .html, entry.kind == .block else { return false }
        let start = Int(entry.nameStart)
        return isHeading(buffer, start..<tagNameEnd(buffer, from: start))
    }

    /// Table, section and row: the current node in the "in table" modes.
    @inline(__always) static var tableModeKinds: UInt64 {
        ElementKind.table.bit | ElementKind.tableSection.bit | ElementKind.tr.bit
    }
    /// Cells and captions: inside them, table markup does not clear anything.
    @inline(__always) static var cellKinds: UInt64 {
        ElementKind.td.bit | ElementKind.th.bit | ElementKind.scopeBoundary.bit
    }

    mutating func push(key: NameKey, nameStart: Int, kind: ElementKind, namespace: HTMLNamespace, flags: UInt8) {
        var entry = OpenElement(
            key: key, nameStart: Int32(truncatingIfNeeded: nameStart), kind: kind, namespace: namespace, flags: flags)
        if conditionalDepth > 0 {
            entry.flags |= OpenElement.outlookOnly
            outlookOnlyOpen += 1
        } else {
            entry.documentBelow = Int32(truncatingIfNeeded: documentTop)
            documentTop = entries.count
        }
        if namespace != .html { foreignOpen += 1 }
        entries.append(entry)
        pushedLastTag = true
    }

    /// Records what the collector made of the element the last start tag pushed.
    @inline(__always)
    mutating func setLastPushed(record: Int, link: Int, node: Int) {
        guard pushedLastTag, !entries.isEmpty else { return }
        entries[entries.count - 1].setPayload(record: record, link: link, node: node)
        if link >= 0 { links.append(Int32(truncatingIfNeeded: link)) }
        // A formatting element just put on the list: its copies take this node's attributes.
        if !formatting.isEmpty { noteFormattingNode(node) }
    }

    private mutating func noteFormattingNode(_ node: Int) {
        let last = formatting[formatting.count - 1]
        if Int(last.index) == entries.count - 1, last.nameStart == entries[entries.count - 1].nameStart {
            formatting[formatting.count - 1].node = Int32(truncatingIfNeeded: node)
        }
    }

    /// Pops SVG and MathML elements up to an integration point or an HTML element, as an
    /// HTML start tag that breaks out of foreign content does (and `</p>`, `</br>` there).
    mutating func popForeign() {
        guard conditionalDepth == 0 && outlookOnlyOpen > 0 else {
            // The current node is the last entry.
            while let index = currentIndex, entries[index].namespace != .html, !entries[index].isIntegrationPoint {
                pop(to: index)
            }
            return
        }
        // The document's elements go; Outlook-only ones among them stay open, in order.
        var from = entries.count
        var below = documentTop
        while below >= 0, entries[below].namespace != .html, !entries[below].isIntegrationPoint {
            from = below
            below = Int(entries[below].documentBelow)
        }
        guard from < entries.count else { return }
        entries.append(contentsOf: removeEntries(from: from, keepingOutlookOnly: true))
        documentTop = below
    }

    @inline(__always) static var paragraphStops: UInt64 {
        ElementKind.scopeBoundary.bit | ElementKind.table.bit | ElementKind.td.bit | ElementKind.th.bit
            | ElementKind.object.bit | ElementKind.applet.bit | ElementKind.html.bit
    }
    @inline(__always) static var cellStops: UInt64 {
        ElementKind.table.bit | ElementKind.tableSection.bit | ElementKind.tr.bit | ElementKind.html.bit
    }
    @inline(__always) static var rowStops: UInt64 {
        ElementKind.table.bit | ElementKind.tableSection.bit | ElementKind.html.bit
    }
    @inline(__always) static var sectionStops: UInt64 { ElementKind.table.bit | ElementKind.html.bit }

    /// Start tags that close open elements, as the tree builder would (approximately).
    mutating func closeImplied(_ kind: ElementKind) {
        let targets: UInt64
        let stops: UInt64
        switch kind {
        case .p, .block, .list, .definitionList: (targets, stops) = (ElementKind.p.bit, Self.paragraphStops)
        case .li, .dd, .dt:
            closeListItem(kind == .li ? ElementKind.li.bit : ElementKind.dd.bit | ElementKind.dt.bit)
            // Then an open paragraph closes, as before any block.
            (targets, stops) = (ElementKind.p.bit, Self.paragraphStops)
        case .td, .th: (targets, stops) = (ElementKind.td.bit | ElementKind.th.bit, Self.cellStops)
        case .tr: (targets, stops) = (ElementKind.tr.bit, Self.rowStops)
        case .tableSection: (targets, stops) = (ElementKind.tableSection.bit, Self.sectionStops)
        case .option: (targets, stops) = (ElementKind.option.bit, Self.sectionStops)
        case .a: (targets, stops) = (ElementKind.a.bit, ElementKind.html.bit)
        // Outside quirks mode a table closes an open paragraph (and only in the document:
        // Word's parser is no HTML5 tree builder).
        case .table where !quirks && conditionalDepth == 0: (targets, stops) = (ElementKind.p.bit, Self.paragraphStops)
        default: return
        }
        let skip = conditionalDepth == 0 && outlookOnlyOpen > 0
        guard let found = entries.withUnsafeBufferPointer({ Self.findOpen($0, targets, stops: stops, skipOutlookOnly: skip) })
        else { return }
        if conditionalDepth > 0 {
            // Outlook-only markup closes only what Outlook-only markup opened.
            if entries[found].isOutlookOnly { popOutlookOnly(from: found) }
        } else {
            pop(to: found)
        }
    }

    /// An `<a>` start tag while an `a` is on the list of active formatting elements after
    /// its last marker: browsers run the adoption agency for it, as for `</a>`, then take it
    /// off the list and the stack. So `<a href=1><div style="display:none">x<a href=2><img>`
    /// leaves the div open, out of the first link, and the new link and the image go in it.
    /// An `a` opened before a cell is behind the cell's marker: nothing closes. Outlook-only
    /// markup keeps the plain rule (the open `a` closes, with what is above it).
    mutating func linkStartTag(_ buffer: UnsafeBufferPointer<UInt8>) {
        guard conditionalDepth == 0 else {
            closeImplied(.a)
            return
        }
        guard let k = lastFormatting(named: Keys.a) else { return }
        guard isOpen(formatting[k]) else {
            formatting.remove(at: k)
            return
        }
        let found = Int(formatting[k].index)
        if outlookOnlyOpen == 0 && foreignOpen == 0, let last = lastSpecial(above: found) {
            adoptionAgency(found, lastSpecial: last, listed: k, buffer)
            return
        }
        formatting.remove(at: k)
        pop(to: found)
    }

    /// `<li>`, `<dd>`, `<dt>`: the open item of its kind closes, unless a special element
    /// other than `div`, `address` or `p` comes first (`<h2 style="display:none"><dd>`
    /// leaves the h2 open, and what follows in it).
    private mutating func closeListItem(_ targets: UInt64) {
        let skip = conditionalDepth == 0 && outlookOnlyOpen > 0
        let passable = ElementKind.p.bit | ElementKind.block.bit
        let found: Int? = entries.withUnsafeBufferPointer { entries in
            var index = entries.count - 1
            var looked = 0
            while index >= 0 && looked < Self.impliedSearchLimit {
                let entry = entries[index]
                if skip && entry.isOutlookOnly {
                    index -= 1
                    continue
                }
                let bit = entry.kind.bit
                if targets & bit != 0 { return index }
                if Self.specialKinds & bit != 0 {
                    guard passable & bit != 0, entry.kind == .p || entry.key == Keys.div || entry.key == Keys.address
                    else { return nil }
                }
                index -= 1
                looked += 1
            }
            return nil
        }
        guard let found else { return }
        if conditionalDepth > 0 {
            if entries[found].isOutlookOnly { popOutlookOnly(from: found) }
        } else {
            pop(to: found)
        }
    }

    /// The nearest open element of one of `targets`, not looking past `stops` (bit sets of
    /// `ElementKind` raw values); with `skipOutlookOnly`, Outlook-only elements are passed over.
    /// (Static, over the stack's buffer: as a method called from a mutating one, each call
    /// copied the whole simulation to borrow it.)
    private static func findOpen(
        _ entries: UnsafeBufferPointer<OpenElement>, _ targets: UInt64, stops: UInt64, skipOutlookOnly: Bool
    ) -> Int? {
        var index = entries.count - 1
        var looked = 0
        var skipped = 0
        while index >= 0 && looked < Self.impliedSearchLimit {
            if skipOutlookOnly && entries[index].isOutlookOnly {
                index -= 1
                skipped += 1
                if skipped > Self.endTagSearchLimit { return nil }
                continue
            }
            let bit = entries[index].kind.bit
            if targets & bit != 0 { return index }
            if stops & bit != 0 { return nil }
            index -= 1
            looked += 1
        }
        return nil
    }

    // MARK: End tags

    /// Applies an end tag named `tag.key` / `tag.nameRange`.
    ///
    /// In foreign content the search looks through SVG and MathML elements for the name;
    /// at the first HTML element, HTML rules take over, under which only HTML elements
    /// match and the integration points stop the search (they are special elements), also
    /// when passed on the way down. (`<div><svg><g></div>` closes the SVG with the div;
    /// `<div><svg><foreignObject><svg></div>` closes nothing.)
    mutating func endTag(_ tag: RawTag, _ buffer: UnsafeBufferPointer<UInt8>) {
        beginTag()
        decideMode()
        // `</body>` and `</html>` close nothing: they change the insertion mode, and markup
        // after them goes on in the elements still open (a hidden `<div>` open at `</body>`
        // hides the image after it).
        if conditionalDepth == 0 && Names.isBodyOrHTML(buffer, tag.nameRange) { return }
        // A formatting element's end tag goes by the list (the adoption agency's first
        // steps): one closed earlier without its end tag leaves the list, and the end tag
        // does nothing else (`<p><b>x</p></b>` closes no other b).
        var listed: Int?
        if conditionalDepth == 0 && !formatting.isEmpty && !isInForeignContent
            && Names.isFormattingOrA(buffer, tag.nameRange)
        {
            listed = lastFormatting(named: tag.key)
            if let k = listed, !isOpen(formatting[k]) {
                formatting.remove(at: k)
                return
            }
        }
        guard !entries.isEmpty else { return }
        var foreignRules = false
        if isInForeignContent {
            if tag.key == Keys.br || tag.key == Keys.p {
                popForeign()
                // `</p>` then closes a paragraph as in HTML content; `</br>` closes nothing.
                if tag.key == Keys.br { return }
            } else {
                foreignRules = true
            }
        }
        let onlyOutlookOnly = conditionalDepth > 0
        let skippingOutlookOnly = !onlyOutlookOnly && outlookOnlyOpen > 0
        // The elements at which the document's search gives up, worked out at the first
        // element passed (most end tags close the current node). Outlook-only markup keeps
        // the plain search: Word's parser is no HTML5 tree builder.
        var stops: UInt64? = onlyOutlookOnly ? 0 : nil
        // A heading's end tag closes whichever heading is open (`<h2>…</h1>`).
        let anyHeading = !onlyOutlookOnly && Self.isHeading(buffer, tag.nameRange)
        let found: Int? = entries.withUnsafeBufferPointer { entries in
            var index = entries.count - 1
            var looked = 0
            var passedIntegrationPoint = false
            while index >= 0 && looked < Self.endTagSearchLimit {
                let flags = entries[index].flags
                let outlookOnly = flags & OpenElement.outlookOnly != 0
                if (skippingOutlookOnly && outlookOnly) || (onlyOutlookOnly && !outlookOnly) {
                    index -= 1
                    looked += 1
                    continue
                }
                let isHTML = entries[index].namespace == .html
                if foreignRules && !isHTML {
                    if entries[index].key == tag.key && sameName(entries[index], tag, buffer) { return index }
                    if entries[index].isIntegrationPoint { passedIntegrationPoint = true }
                } else {
                    if foreignRules {
                        if passedIntegrationPoint { return nil }
                        foreignRules = false
                    }
                    if isHTML && entries[index].key == tag.key && sameName(entries[index], tag, buffer) { return index }
                    if anyHeading && Self.isHeading(entries[index], buffer) { return index }
                    if entries[index].isIntegrationPoint { return nil }
                    if isHTML {
                        let stopping = stops ?? Self.endTagStops(tag, buffer)
                        stops = stopping
                        if stopping & entries[index].kind.bit != 0 { return nil }
                    }
                }
                index -= 1
                looked += 1
            }
            return nil
        }
        guard let found else {
            if !onlyOutlookOnly && !isInForeignContent { closeImpliedTablePart(tag, buffer) }
            return
        }
        if let k = listed, Int(formatting[k].index) == found {
            if conditionalDepth == 0 && outlookOnlyOpen == 0 && foreignOpen == 0, let last = lastSpecial(above: found) {
                adoptionAgency(found, lastSpecial: last, listed: k, buffer)
                return
            }
            formatting.remove(at: k)
        }
        closedByLastTag = true
        lastClosedRecord = entries[found].record
        lastClosedKind = entries[found].kind
        if onlyOutlookOnly { popOutlookOnly(from: found) } else { pop(to: found) }
    }

    /// `</tr>` or `</tbody>` that met no such element: the tree builder puts a cell written
    /// straight in a table into a row and a tbody of its own making, and a row into a tbody,
    /// and in a cell or a row the end tag closes those, with the cell and what it holds (an
    /// image after `<td hidden>…</tbody>` is no longer in the cell: it is fostered before the
    /// table). The section it makes is always a tbody: `</thead>` and `</tfoot>` stay ignored,
    /// and so does `</tbody>` in an explicit section of another kind or in a caption.
    private mutating func closeImpliedTablePart(_ tag: RawTag, _ buffer: UnsafeBufferPointer<UInt8>) {
        let isRow: Bool
        switch Names.element(buffer, tag.nameRange, namespace: .html) {
        case .tr: isRow = true
        case .tableSection where tag.key == Keys.tbody: isRow = false
        default: return
        }
        // In a cell or a row (in a caption, the nearest table part is the table itself),
        // the section or table that holds it: an explicit section only `</tr>` goes back to.
        let cellOrRow = ElementKind.bits(.td, .th, .tr)
        let holders = ElementKind.bits(.tableSection, .table)
        guard let inner = nearestInDocument(cellOrRow | holders), cellOrRow & entries[inner].kind.bit != 0,
            let holder = nearestInDocument(holders, from: inner)
        else { return }
        if isRow || entries[holder].kind == .table { pop(to: holder + 1) }
    }

    /// The special elements (HTML's category): an end tag that meets one of them before
    /// an element of its name is ignored (`<span hidden><div></span>` leaves the div, and
    /// what follows, in the hidden span).
    @inline(__always) static var specialKinds: UInt64 {
        ElementKind.block.bit | ElementKind.list.bit | ElementKind.definitionList.bit | ElementKind.p.bit
            | ElementKind.li.bit | ElementKind.dd.bit | ElementKind.dt.bit | ElementKind.td.bit | ElementKind.th.bit
            | ElementKind.tr.bit | ElementKind.tableSection.bit | ElementKind.table.bit
            | ElementKind.scopeBoundary.bit | ElementKind.object.bit | ElementKind.applet.bit
            | ElementKind.iframe.bit | ElementKind.html.bit
    }
    /// The elements that end a search "in scope" (td, th, table, caption, marquee, object,
    /// applet, template, html; and button, which only the paragraph's scope counts).
    @inline(__always) static var scopeKinds: UInt64 {
        ElementKind.html.bit | ElementKind.table.bit | ElementKind.td.bit | ElementKind.th.bit
            | ElementKind.scopeBoundary.bit | ElementKind.object.bit | ElementKind.applet.bit
    }
    /// Where the search for the element an HTML end tag closes gives up, by the tag's kind:
    /// the tree builder's scope for elements whose end tags need one in scope, the special
    /// elements for the rest. Formatting elements (`</b>` through a `<div>`) are restructured
    /// by the adoption agency; closing them at their element, as here, gives the tree that
    /// what follows sees in the common case, and their scope still holds.
    static func endTagStops(_ tag: RawTag, _ buffer: UnsafeBufferPointer<UInt8>) -> UInt64 {
        let kind = Names.element(buffer, tag.nameRange, namespace: .html)
        switch kind {
        case .table: return ElementKind.html.bit
        case .tableSection, .tr, .td, .th: return ElementKind.bits(.table, .html)
        case .li: return scopeKinds | ElementKind.list.bit
        case .a, .block, .list, .definitionList, .p, .dd, .dt, .object, .applet, .scopeBoundary: return scopeKinds
        default: return Names.isFormatting(buffer, tag.nameRange) ? scopeKinds : specialKinds
        }
    }

    /// Whether an entry whose key equals the tag's has its name (hashed keys may collide).
    private func sameName(_ entry: OpenElement, _ tag: RawTag, _ buffer: UnsafeBufferPointer<UInt8>) -> Bool {
        guard !tag.key.isExact else { return true }
        let start = Int(entry.nameStart)
        return NameKey.sameName(buffer, start..<tagNameEnd(buffer, from: start), tag.nameRange)
    }

    // MARK: Popping

    private mutating func forget(_ entry: OpenElement) {
        if entry.isOutlookOnly { outlookOnlyOpen -= 1 }
        if entry.namespace != .html { foreignOpen -= 1 }
    }

    /// Removes the entries from `index` up, and returns in order those whose Outlook-only
    /// flag is `keepingOutlookOnly`, for the caller to put back. (Their links may sit
    /// anywhere in `links`: the others' links are looked for, not popped.)
    private mutating func removeEntries(from index: Int, keepingOutlookOnly: Bool) -> [OpenElement] {
        var kept: [OpenElement] = []
        for entry in entries[index...] {
            if entry.isOutlookOnly == keepingOutlookOnly {
                kept.append(entry)
            } else {
                forget(entry)
                if entry.link >= 0, let at = links.lastIndex(of: entry.link) { links.remove(at: at) }
            }
        }
        entries.removeSubrange(index...)
        return kept
    }

    /// Pops every entry from the top down to `index`, inclusive.
    mutating func pop(to index: Int) {
        while documentTop >= index { documentTop = Int(entries[documentTop].documentBelow) }
        while entries.count > index {
            let entry = entries.removeLast()
            forget(entry)
            if entry.link >= 0 && !links.isEmpty { links.removeLast() }
            if entry.flags & OpenElement.insertedMarker != 0 { clearFormattingToLastMarker() }
        }
        if conditionalBase > entries.count { conditionalBase = entries.count }
    }

    /// Pops the Outlook-only entries from `index` up, keeping the others in order.
    mutating func popOutlookOnly(from index: Int) {
        // The document's elements from `index` up are kept, and chained again below.
        while documentTop >= index { documentTop = Int(entries[documentTop].documentBelow) }
        let moving = formatting.isEmpty ? [] : Array(entries[index...].enumerated()).filter { !$0.element.isOutlookOnly }
            .map { index + $0.offset }
        for var entry in removeEntries(from: index, keepingOutlookOnly: false) {
            entry.documentBelow = Int32(truncatingIfNeeded: documentTop)
            documentTop = entries.count
            entries.append(entry)
        }
        // The document's formatting elements moved down the stack: the list follows them.
        if !moving.isEmpty { formattingMoved(from: moving, to: entries.count - moving.count) }
        // The elements kept are the document's, not the comment's: the comment's own start
        // above them.
        if index < conditionalBase { conditionalBase = entries.count }
    }
}

// MARK: - Active formatting elements

/// One entry of the document's list of active formatting elements: a formatting element
/// (`b`, `font`, `a`, …) the markup opened, which a browser opens again (a copy, with the
/// same attributes) where content follows after something closed it without its end tag.
/// Cells, captions and objects are markers past which nothing is reopened: each entry keeps
/// how many were open when it came (`level`), so that a marker costs no entry of its own.
/// `<p><font style="display:none">…</p><p><img>` puts the image in a hidden copy of the font.
struct FormattingEntry: Sendable {
    /// Where the element, or its latest copy, sits on the stack while open.
    var index: Int32
    /// Where its start tag's name is: its identity (a copy has the original's).
    var nameStart: Int32
    var key: NameKey
    var kind: ElementKind
    /// The visibility node whose attributes its copies take (-1: none).
    var node: Int32 = -1
    /// Its start tag's bytes after the name, compared with the next ones of its name.
    var attributes: (Int32, Int32)
    /// How many markers were open when it came: entries of an outer level are before the
    /// last marker.
    var level: Int32
}

extension TreeSimulation {
    /// Copies one document may make; past them nothing more is reopened (hostile markup
    /// that closes and reopens many elements per byte would otherwise grow the tree faster
    /// than the input).
    static let reopenBudgetPerDocument = 50_000
    /// Entries kept after the last marker (the oldest go first past it).
    static let formattingLimit = 32

    /// Whether the list ends with an element (not a marker): only then may a reconstruction
    /// reopen something (the quick test before `reconstructFormatting`).
    @inline(__always) var mayReopen: Bool {
        guard let last = formatting.last else { return false }
        return last.level == markerLevel
    }

    /// Whether the entry's element (or its latest copy) is still open.
    func isOpen(_ entry: FormattingEntry) -> Bool {
        let index = Int(entry.index)
        guard index >= 0, index < entries.count else { return false }
        let open = entries[index]
        return open.nameStart == entry.nameStart && open.key == entry.key && !open.isOutlookOnly
    }

    /// The last entry named `key` after the last marker.
    func lastFormatting(named key: NameKey) -> Int? {
        var k = formatting.count - 1
        while k >= 0 && formatting[k].level == markerLevel {
            if formatting[k].key == key { return k }
            k -= 1
        }
        return nil
    }

    /// The document's formatting element just pushed goes on the list. Of three entries
    /// after the last marker with its name and attribute bytes, the earliest goes (as
    /// browsers keep three such), and the list stays bounded.
    mutating func noteFormatting(attributes: Range<Int>, _ buffer: UnsafeBufferPointer<UInt8>) {
        guard conditionalDepth == 0, pushedLastTag, let top = entries.last, !top.isOutlookOnly else { return }
        // The entries after the last marker: those of the current level, at the end.
        var marker = formatting.count - 1
        while marker >= 0 && formatting[marker].level == markerLevel { marker -= 1 }
        var same = 0
        var earliest = -1
        var k = formatting.count - 1
        while k > marker {
            let bounds = formatting[k].attributes
            if formatting[k].key == top.key
                && Self.sameBytes(buffer, Int(bounds.0)..<Int(bounds.1), attributes)
            {
                same += 1
                earliest = k
            }
            k -= 1
        }
        if same >= 3 { formatting.remove(at: earliest) }
        if formatting.count - marker - 1 >= Self.formattingLimit { formatting.remove(at: marker + 1) }
        formatting.append(
            FormattingEntry(
                index: Int32(truncatingIfNeeded: entries.count - 1), nameStart: top.nameStart, key: top.key,
                kind: top.kind,
                attributes: (Int32(truncatingIfNeeded: attributes.lowerBound), Int32(truncatingIfNeeded: attributes.upperBound)),
                level: markerLevel))
    }

    private static func sameBytes(_ buffer: UnsafeBufferPointer<UInt8>, _ a: Range<Int>, _ b: Range<Int>) -> Bool {
        guard a.count == b.count else { return false }
        guard let base = buffer.baseAddress, !a.isEmpty else { return true }
        return memcmp(base + a.lowerBound, base + b.lowerBound, a.count) == 0
    }

    /// The document's element just pushed (a cell, a caption, an object…) puts a marker on
    /// the list; popping it clears the list back to the marker.
    mutating func pushMarker() {
        guard conditionalDepth == 0, pushedLastTag, !entries.isEmpty, !entries[entries.count - 1].isOutlookOnly else { return }
        entries[entries.count - 1].flags |= OpenElement.insertedMarker
        markerLevel += 1
    }

    mutating func clearFormattingToLastMarker() {
        markerLevel -= 1
        while let last = formatting.last, last.level > markerLevel { formatting.removeLast() }
    }

    /// Whether the document's current node is a table, a section or a row (the "in table"
    /// modes), where text and phrasing markup are foster-parented.
    var isInTableMode: Bool {
        conditionalDepth == 0 && documentTop >= 0 && Self.tableModeKinds & entries[documentTop].kind.bit != 0
    }

    /// Before a document start tag or text that reconstructs the active formatting elements:
    /// the entries after the last one still open (or the last marker) are opened again, as
    /// copies, in order. In a table's own markup the copies are foster-parented, as what
    /// brings them is: the first goes into the table's parent (`<table><b style=
    /// "display:none"><tr>…</table>` then `<img>` fostered there sits in a hidden copy of the
    /// b). Not in foreign content or Outlook-only markup.
    mutating func reconstructFormatting() {
        guard conditionalDepth == 0, foreignOpen == 0, let last = formatting.last, last.level == markerLevel, !isOpen(last),
            reopenBudget > 0
        else { return }
        var fosterParent = -1
        let fostering = isInTableMode
        if fostering {
            guard let table = table(of: documentTop) else { return }
            fosterParent = Int(entries[table].documentBelow)
        }
        var first = formatting.count - 1
        while first > 0 && formatting[first - 1].level == markerLevel && !isOpen(formatting[first - 1]) { first -= 1 }
        beginReopening()
        if fostering { fosteredCopy = (entries.count, fosterParent) }
        for k in first..<formatting.count where reopenBudget > 0 {
            reopenBudget -= 1
            let entry = formatting[k]
            push(key: entry.key, nameStart: Int(entry.nameStart), kind: entry.kind, namespace: .html, flags: 0)
            formatting[k].index = Int32(truncatingIfNeeded: entries.count - 1)
            reopenedSources.append(entry.node)
        }
        // The copies are not the tag being read.
        pushedLastTag = false
    }

    /// The document's entries at `old` (in order) now sit from `start` on.
    mutating func formattingMoved(from old: [Int], to start: Int) {
        for k in formatting.indices {
            if let offset = old.firstIndex(of: Int(formatting[k].index)) {
                formatting[k].index = Int32(truncatingIfNeeded: start + offset)
            }
        }
    }
}

// MARK: - The adoption agency

extension TreeSimulation {
    /// Whether an open element is `a` or another formatting element, by its name in the
    /// input (`Names.isFormatting` holds the one list of them).
    static func isFormatting(_ entry: OpenElement, _ buffer: UnsafeBufferPointer<UInt8>) -> Bool {
        guard entry.namespace == .html else { return false }
        if entry.kind == .a { return true }
        let start = Int(entry.nameStart)
        return entry.kind == .other && Names.isFormatting(buffer, start..<tagNameEnd(buffer, from: start))
    }

    /// The highest special element above `index`, if any.
    func lastSpecial(above index: Int) -> Int? {
        var k = entries.count - 1
        while k > index {
            if entries[k].namespace == .html && Self.specialKinds & entries[k].kind.bit != 0 { return k }
            k -= 1
        }
        return nil
    }

    /// A formatting element's end tag with special elements opened inside it (`<b><div>x</b>`):
    /// browsers take the special elements out of it, with copies of it holding what they
    /// held so far, and what follows goes on in them, outside it (`<b><div style=
    /// "display:none">x</b><img>` leaves the image in the hidden div). As here: the formatting
    /// element leaves the stack with what is neither special nor formatting between it and
    /// the last special element, and what is above that one; the elements that stay get
    /// copies of their visibility nodes chained from the formatting element's parent, so that
    /// what follows is no longer inside it while what came before still is. Only in the
    /// document's own HTML, with no Outlook-only or foreign element open.
    mutating func adoptionAgency(_ index: Int, lastSpecial: Int, listed: Int, _ buffer: UnsafeBufferPointer<UInt8>) {
        if lastSpecial + 1 < entries.count { pop(to: lastSpecial + 1) }
        let element = entries[index]
        closedByLastTag = true
        lastClosedRecord = element.record
        lastClosedKind = element.kind
        formatting.remove(at: listed)
        var kept: [OpenElement] = []
        for entry in entries[(index + 1)...] {
            if entry.namespace == .html && (Self.specialKinds & entry.kind.bit != 0 || Self.isFormatting(entry, buffer)) {
                kept.append(entry)
            } else if entry.link >= 0, let at = links.lastIndex(of: entry.link) {
                links.remove(at: at)
            }
        }
        if element.link >= 0, let at = links.lastIndex(of: element.link) { links.remove(at: at) }
        entries.removeSubrange(index...)
        for var entry in kept {
            entry.documentBelow = Int32(truncatingIfNeeded: entries.count - 1)
            entries.append(entry)
        }
        documentTop = entries.count - 1
        // The list follows its elements to their new places.
        for k in formatting.indices {
            if let offset = kept.firstIndex(where: { $0.nameStart == formatting[k].nameStart && $0.key == formatting[k].key }) {
                formatting[k].index = Int32(truncatingIfNeeded: index + offset)
            }
        }
        guard !kept.isEmpty, reopenBudget >= kept.count else { return }
        reopenBudget -= kept.count
        beginReopening()
        reopenedStart = index
        for entry in kept { reopenedSources.append(entry.node) }
    }
}
