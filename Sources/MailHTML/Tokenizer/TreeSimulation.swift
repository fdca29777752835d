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
/// special element or their scope's end comes first, and foster parenting of what a table
/// holds outside its cells. (Formatting elements a browser reopens after they closed are not
/// reopened.) Markup in
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
    }

    /// A start tag of HTML content while the document's current node is a table, a table
    /// section or a row (the "in table" insertion modes). Table markup first closes what was
    /// foster-parented above the innermost of them ("clear the stack back to a table
    /// context"); other elements are foster-parented: they go before the table, into its
    /// parent, so a table hidden by its style does not hide an image written between its
    /// rows (browsers show it, above the table). Outlook-only markup is left alone: Word's
    /// parser is no HTML5 tree builder.
    mutating func tableRules(_ kind: ElementKind, _ buffer: UnsafeBufferPointer<UInt8>, _ name: Range<Int>) {
        guard conditionalDepth == 0, documentTop >= 0, entries[documentTop].namespace == .html else { return }
        let current = documentTop
        switch kind {
        case .tableSection, .tr, .td, .th:
            var index = current
            var looked = 0
            while index >= 0 && looked < Self.impliedSearchLimit {
                let entry = entries[index]
                if entry.namespace != .html || Self.cellKinds & entry.kind.bit != 0 { return }
                if Self.tableModeKinds & entry.kind.bit != 0 {
                    if index != current { pop(to: index + 1) }
                    return
                }
                index = Int(entry.documentBelow)
                looked += 1
            }
        case .table, .style, .script, .scopeBoundary:
            // In a table these are table markup too (a nested table closes the outer one,
            // a caption or template opens in it); neither is foster-parented.
            return
        default:
            guard Self.tableModeKinds & entries[current].kind.bit != 0,
                !(kind == .block && bytesEqual(buffer, name, "form"))
            else { return }
            // The table is the current node or a few entries below it (a section, a row).
            var index = current
            for _ in 0..<3 {
                if entries[index].kind == .table {
                    fosterParent = Int(entries[index].documentBelow)
                    return
                }
                index = Int(entries[index].documentBelow)
                if index < 0 { return }
            }
        }
    }

    /// Table, section and row: the current node in the "in table" modes.
    static let tableModeKinds = ElementKind.bits(.table, .tableSection, .tr)
    /// Cells and captions: inside them, table markup does not clear anything.
    static let cellKinds = ElementKind.bits(.td, .th, .scopeBoundary)

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
    mutating func setLastPushed(record: Int, link: Int, node: Int) {
        guard pushedLastTag, !entries.isEmpty else { return }
        entries[entries.count - 1].setPayload(record: record, link: link, node: node)
        if link >= 0 { links.append(Int32(truncatingIfNeeded: link)) }
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

    static let paragraphStops = ElementKind.bits(.scopeBoundary, .table, .td, .th, .object, .applet, .html)
    static let listStops = ElementKind.bits(.list, .scopeBoundary, .table, .td, .th, .html)
    static let cellStops = ElementKind.bits(.table, .tableSection, .tr, .html)
    static let rowStops = ElementKind.bits(.table, .tableSection, .html)
    static let sectionStops = ElementKind.bits(.table, .html)

    /// Start tags that close open elements, as the tree builder would (approximately).
    mutating func closeImplied(_ kind: ElementKind) {
        let targets: UInt64
        let stops: UInt64
        switch kind {
        case .p, .block, .list: (targets, stops) = (ElementKind.p.bit, Self.paragraphStops)
        case .li: (targets, stops) = (ElementKind.li.bit, Self.listStops)
        case .dd, .dt: (targets, stops) = (ElementKind.dd.bit | ElementKind.dt.bit, Self.listStops)
        case .td, .th: (targets, stops) = (ElementKind.td.bit | ElementKind.th.bit, Self.cellStops)
        case .tr: (targets, stops) = (ElementKind.tr.bit, Self.rowStops)
        case .tableSection: (targets, stops) = (ElementKind.tableSection.bit, Self.sectionStops)
        case .option: (targets, stops) = (ElementKind.option.bit, Self.sectionStops)
        case .a: (targets, stops) = (ElementKind.a.bit, ElementKind.html.bit)
        default: return
        }
        guard let found = findOpen(targets, stops: stops, skipOutlookOnly: conditionalDepth == 0 && outlookOnlyOpen > 0)
        else { return }
        if conditionalDepth > 0 {
            // Outlook-only markup closes only what Outlook-only markup opened.
            if entries[found].isOutlookOnly { popOutlookOnly(from: found) }
        } else {
            pop(to: found)
        }
    }

    /// The nearest open element of one of `targets`, not looking past `stops` (bit sets of
    /// `ElementKind` raw values); with `skipOutlookOnly`, Outlook-only elements are passed over.
    private func findOpen(_ targets: UInt64, stops: UInt64, skipOutlookOnly: Bool) -> Int? {
        entries.withUnsafeBufferPointer { entries in
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
        guard !entries.isEmpty else { return }
        // `</body>` and `</html>` close nothing: they change the insertion mode, and markup
        // after them goes on in the elements still open (a hidden `<div>` open at `</body>`
        // hides the image after it).
        if conditionalDepth == 0 && Names.isBodyOrHTML(buffer, tag.nameRange) { return }
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
        guard let found else { return }
        closedByLastTag = true
        lastClosedRecord = entries[found].record
        lastClosedKind = entries[found].kind
        if onlyOutlookOnly { popOutlookOnly(from: found) } else { pop(to: found) }
    }

    /// The special elements (HTML's category): an end tag that meets one of them before
    /// an element of its name is ignored (`<span hidden><div></span>` leaves the div, and
    /// what follows, in the hidden span).
    static let specialKinds = ElementKind.bits(
        .block, .list, .p, .li, .dd, .dt, .td, .th, .tr, .tableSection, .table, .scopeBoundary, .object, .applet,
        .iframe, .html)
    /// The elements that end a search "in scope" (td, th, table, caption, marquee, object,
    /// applet, template, html; and button, which only the paragraph's scope counts).
    static let scopeKinds = ElementKind.bits(.html, .table, .td, .th, .scopeBoundary, .object, .applet)
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
        case .a, .block, .list, .p, .dd, .dt, .object, .applet, .scopeBoundary: return scopeKinds
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
        }
        if conditionalBase > entries.count { conditionalBase = entries.count }
    }

    /// Pops the Outlook-only entries from `index` up, keeping the others in order.
    mutating func popOutlookOnly(from index: Int) {
        // The document's elements from `index` up are kept, and chained again below.
        while documentTop >= index { documentTop = Int(entries[documentTop].documentBelow) }
        for var entry in removeEntries(from: index, keepingOutlookOnly: false) {
            entry.documentBelow = Int32(truncatingIfNeeded: documentTop)
            documentTop = entries.count
            entries.append(entry)
        }
        // The elements kept are the document's, not the comment's: the comment's own start
        // above them.
        if index < conditionalBase { conditionalBase = entries.count }
    }
}
