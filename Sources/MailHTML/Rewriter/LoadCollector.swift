#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An element whose loads may take the whole element with them. Offsets and counts are
/// stored as 32-bit words (inputs are far below 2 GiB): a hostile document holds one
/// record per loading element, tens of thousands of them.
struct ElementRecord {
    private var tagBounds: (Int32, Int32)
    private var endOffset: Int32 = -1
    private var size: PackedSize
    private var walkNumber: Int32
    private var wasForeign: Bool
    private var nodeIndex: Int32
    /// Removing the element means removing start tag through end tag.
    var needsEndTag: Bool
    /// An image that strict mode replaces with a box holding its alt text.
    var isImage: Bool
    /// Set by the planner: the element is seen in no rendering context.
    var hidden = false
    /// The tag ended SVG or MathML content (`<svg><img …>`): removing it would leave the
    /// tokenizer in foreign content for what follows, so it is emptied instead.
    var breaksOutOfForeignContent = false
    /// The raw `alt` value, decoded only for the box that takes a removed content image's
    /// place (a copy per image cost an allocation each).
    private var altBounds: (Int32, Int32)
    /// The loads that are the element's reason to exist (`img src`, `link href`…).
    var primarySites = SiteIndexes()

    init(startTag: Range<Int>, needsEndTag: Bool, isImage: Bool, alt: Range<Int>?, width: Int?,
         height: Int?, breaksOutOfForeignContent: Bool, walk: Int, foreignBeforeStart: Bool, node: Int) {
        tagBounds = (Int32(truncatingIfNeeded: startTag.lowerBound), Int32(truncatingIfNeeded: startTag.upperBound))
        size = PackedSize(width: width, height: height)
        walkNumber = Int32(truncatingIfNeeded: walk)
        wasForeign = foreignBeforeStart
        nodeIndex = Int32(truncatingIfNeeded: node)
        self.needsEndTag = needsEndTag
        self.isImage = isImage
        altBounds = alt.map { (Int32(truncatingIfNeeded: $0.lowerBound), Int32(truncatingIfNeeded: $0.upperBound)) } ?? (-1, -1)
        self.breaksOutOfForeignContent = breaksOutOfForeignContent
    }

    var startTag: Range<Int> { Int(tagBounds.0)..<Int(tagBounds.1) }
    /// The decoded `alt` text (empty without one).
    func alt(in input: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        altBounds.0 < 0 ? [] : HTMLDecoding.decode(input, Int(altBounds.0)..<Int(altBounds.1), mode: .attributeValue)
    }
    /// Just past the element's own end tag, once seen.
    var end: Int? {
        get { endOffset < 0 ? nil : Int(endOffset) }
        set { endOffset = newValue.map { Int32(truncatingIfNeeded: $0) } ?? -1 }
    }
    var width: Int? { size.width }
    var height: Int? { size.height }
    /// Which token stream the start tag came from, and whether the markup before it was
    /// foreign content: start through end tag is removable only when the end tag is in the
    /// same stream and leaves foreign content as it was before the start tag, so the removal
    /// cannot change how anything after it tokenizes. (An HTML element inside MathML text,
    /// `<mi><script>…</script>`, enters and leaves HTML content and is removable; a start tag
    /// that closed a `<p>` inside `<foreignObject>` left SVG content after its end tag.)
    var walk: Int { Int(walkNumber) }
    var foreignBeforeStart: Bool { wasForeign }
    /// The element's node in the visibility model (-1 for none).
    var node: Int { Int(nodeIndex) }

    /// The bytes to delete to remove the element, when removable as a whole.
    var removalRange: Range<Int>? {
        if !needsEndTag { return startTag }
        guard let end else { return nil }
        return startTag.lowerBound..<end
    }
}

/// Indexes of load sites: the usual one or two held inline, more in an array, so that a
/// record costs no allocation of its own.
struct SiteIndexes: Sequence {
    private var first: Int32 = -1
    private var second: Int32 = -1
    private var more: [Int] = []

    var isEmpty: Bool { first < 0 }

    mutating func append(_ index: Int) {
        if first < 0 {
            first = Int32(truncatingIfNeeded: index)
        } else if second < 0 {
            second = Int32(truncatingIfNeeded: index)
        } else {
            more.append(index)
        }
    }

    struct Iterator: IteratorProtocol {
        let indexes: SiteIndexes
        var position = 0

        mutating func next() -> Int? {
            defer { position += 1 }
            switch position {
            case 0: return indexes.first < 0 ? nil : Int(indexes.first)
            case 1: return indexes.second < 0 ? nil : Int(indexes.second)
            default: return position - 2 < indexes.more.count ? indexes.more[position - 2] : nil
            }
        }
    }

    func makeIterator() -> Iterator { Iterator(indexes: self) }
}

/// An `<audio>` or `<video>` a reader can play.
struct MediaElement {
    var node: Int
    var startTag: Range<Int>
    /// Its `preload` attribute's span, if any.
    var preload: Int?
}

/// Where a load's URL is written.
enum SiteLocation {
    /// A part of an attribute value (usually all of it), in decoded offsets.
    case value(span: Int, part: Range<Int>)
    /// One `srcset` candidate.
    case srcset(span: Int, candidate: Int)
    /// A load found by the CSS scanner.
    case css(segment: Int, load: Int)
}

/// One URL in the document that may be a remote load. Numbers are stored as 32-bit words,
/// as in `ElementRecord`. The URL itself is not kept: `LoadCollector.rawURL(of:)` reads it
/// from where it is written when it is needed (a string per site held 96 bytes a load of
/// a document with tens of thousands).
struct LoadSite {
    /// The element's and the attribute's names, as indexes into the collector's
    /// `PlaceNames` (two strings a site were 32 bytes of its 88).
    let element: Int32
    let attribute: Int32
    /// Where the URL is written (`location`), as a kind and three 32-bit words: the enum
    /// with its `Int` payloads took 25 bytes of the 104 a site held.
    private var locationKind: UInt8
    private var locationWords: (Int32, Int32, Int32)
    private var size: PackedSize
    private var offset: Int32
    private var recordIndex: Int32
    private var nodeIndex: Int32
    var kind: LoadKind
    /// Whether removing every primary load of the record removes the element.
    var isPrimary: Bool
    var isBase = false

    init(kind: LoadKind, element: Int32, attribute: Int32, width: Int?, height: Int?,
         byteOffset: Int, location: SiteLocation, record: Int, isPrimary: Bool, node: Int) {
        self.element = element
        self.attribute = attribute
        switch location {
        case .value(let span, let part):
            locationKind = 0
            locationWords = (Self.word(span), Self.word(part.lowerBound), Self.word(part.upperBound))
        case .srcset(let span, let candidate):
            locationKind = 1
            locationWords = (Self.word(span), Self.word(candidate), 0)
        case .css(let segment, let load):
            locationKind = 2
            locationWords = (Self.word(segment), Self.word(load), 0)
        }
        size = PackedSize(width: width, height: height)
        offset = Int32(truncatingIfNeeded: byteOffset)
        recordIndex = Int32(truncatingIfNeeded: record)
        nodeIndex = Int32(truncatingIfNeeded: node)
        self.kind = kind
        self.isPrimary = isPrimary
    }

    private static func word(_ value: Int) -> Int32 { Int32(truncatingIfNeeded: value) }

    var location: SiteLocation {
        let (a, b, c) = locationWords
        switch locationKind {
        case 0: return .value(span: Int(a), part: Int(b)..<Int(c))
        case 1: return .srcset(span: Int(a), candidate: Int(b))
        default: return .css(segment: Int(a), load: Int(b))
        }
    }

    var width: Int? { size.width }
    var height: Int? { size.height }
    var byteOffset: Int { Int(offset) }
    /// The element record this load belongs to, or -1.
    var record: Int { Int(recordIndex) }
    /// The element whose box shows the load (-1 for loads of `<style>` rules and
    /// at-rules, judged by the rule).
    var node: Int {
        get { Int(nodeIndex) }
        set { nodeIndex = Int32(truncatingIfNeeded: newValue) }
    }
}

/// The element and attribute names the load sites name, each kept once. Sites mostly
/// repeat the names of the one before, so each kind is checked against the last first.
struct PlaceNames {
    private(set) var names: [String] = []
    private var indexes: [String: Int32] = [:]
    private var lastElement: Int32 = -1
    private var lastAttribute: Int32 = -1

    subscript(index: Int32) -> String { names[Int(index)] }

    mutating func element(_ name: String) -> Int32 {
        if lastElement >= 0, names[Int(lastElement)] == name { return lastElement }
        lastElement = index(of: name)
        return lastElement
    }

    mutating func attribute(_ name: String) -> Int32 {
        if lastAttribute >= 0, names[Int(lastAttribute)] == name { return lastAttribute }
        lastAttribute = index(of: name)
        return lastAttribute
    }

    private mutating func index(of name: String) -> Int32 {
        if let known = indexes[name] { return known }
        let index = Int32(truncatingIfNeeded: names.count)
        names.append(name)
        indexes[name] = index
        return index
    }
}

/// One link whose destination the policy may rewrite.
struct LinkSite {
    /// The `href` (its URL is read from the span when the link is decided).
    var span: Int
    var byteOffset: Int
    /// Decoded bytes of text collected so far (collection stops past the text limit).
    var textCount = 0
    /// The first and last of its text's pieces in `LoadCollector.linkTextPieces`, -1: none.
    var firstPiece: Int32 = -1
    var lastPiece: Int32 = -1
}

/// One run of a link's text, decoded, in `LoadCollector.linkTextBytes`: a text node, or an
/// image's alt text (with a space before it).
struct LinkTextPiece {
    /// Full-width offsets: decoded text can outgrow the input it came from.
    var range: Range<Int>
    /// The next piece of the same link, -1 for the last.
    var next: Int32 = -1
    /// For an alt text: the element record of its image, whose removal takes the words
    /// out of the link's text (-1: a text node, or an image that loads nothing).
    var altRecord: Int32
}

/// CSS scanned from a `<style>` element (ranges absolute in the input) or from an
/// attribute value or text span (range minus `base` = decoded offset in the span).
struct CSSSegment {
    var scan: CSSScan
    var span: Int?
    var base: Int
    /// A presentation attribute (`fill="url(…)"`): emptied, it goes as a whole.
    var isAttributeValue = false
}

/// Walks the tokens once and records every URL that may load, every link, and what is
/// needed to edit them later.
struct LoadCollector {
    let input: UnsafeBufferPointer<UInt8>
    let array: ArraySlice<UInt8>
    let options: HTMLRewriteOptions

    var sites: [LoadSite] = []
    var placeNames = PlaceNames()
    var links: [LinkSite] = []
    var elements: [ElementRecord] = []
    var spans: [ValueSpan] = []
    /// What the spans that are not verbatim decode to.
    var decodedValues = DecodedValues()
    var srcsets: [Int: [SrcsetCandidate]] = [:]
    var segments: [CSSSegment] = []
    /// Spans of `<iframe srcdoc>` values: HTML documents rewritten on their own.
    var srcdocSpans: [Int] = []
    /// Every HTML `<base href>`, in order: the first one the policy keeps is the base.
    var baseSites: [Int] = []

    /// The current start tag's attributes (swapped in from the tokenizer).
    var tagAttributes: [RawAttribute] = []
    /// The current start tag's repeated attributes (dropped by the tokenizer).
    var tagDuplicates: [RawAttribute] = []
    /// Per span: the byte ranges of later attributes of the same name in the same tag,
    /// which take over in a browser once the span's attribute is removed.
    var spanDuplicates: [Int: [Range<Int>]] = [:]
    /// The current start tag's SVG presentation attributes (kept out of
    /// `AttributeIndexes`, so that it copies as plain words).
    var presentationIndexes: [Int] = []
    var names = NameCache()
    /// The tree simulation's facts about the start tag being read: the node of the element
    /// it sits in, and the innermost element as its markup sees it
    /// (`TreeSimulation.enclosingLastTag`, read only for the tags that look at it).
    var parentNode: Int32 = -1
    var top: OpenElement?
    /// The link that text read now belongs to (-1: none).
    var currentLink = -1
    /// Every link's text, decoded, in one buffer: each link's is a chain of pieces of it
    /// (an array per link was allocated, grown and freed for each).
    var linkTextBytes: [UInt8] = []
    var linkTextPieces: [LinkTextPiece] = []
    /// Whether some link's text holds the alt text of an image with loads: the planner
    /// takes such words back out when the same clean removes the image with nothing that
    /// keeps them (read with them, an unsubscribe link kept its identifying parameter; the
    /// next clean, with the image gone, stripped it).
    var hasLinkAlts = false
    /// Every element, for the visibility model.
    var nodes = StyledNodes()
    /// Every rule of every `<style>`, in document order.
    var styleRules: [StyleRule] = []
    /// Where each style sheet with rules starts, in document order: an element removed
    /// whole with one inside would change the cascade the visibility was judged by.
    var styleSheetStarts: [Int32] = []
    /// Their selectors' names that needed decoding (`SelectorName`).
    var selectorNames: [UInt8] = []
    /// Where the open `<style>` element's rules apply (its `media`, Outlook-only or not).
    var styleMedia = ContextTri(desktop: .yes, phone: .yes, outlook: .yes)
    /// Content start of an open HTML `<style>` (raw text).
    var styleStart: Int?
    /// Inside an SVG `<style>` (text with references, CDATA).
    var foreignStyleDepth = 0
    var conditionalDepth = 0
    /// Token streams: the document is 0, each conditional comment the next number.
    var walkCount = 0
    var currentWalk = 0
    /// Whether the markup before the token being read was SVG / MathML content.
    var foreignBeforeToken = false
    /// Walking a CDATA section as a preload scanner reads it (`preloadScannerView`).
    var inPreloadView = false
    /// Where the token before the last `.endOfFile` ended.
    var endOfLastToken = 0
    /// For a start tag that runs past the end of its walk: where that end is. The element is
    /// not recorded for removal, and no attribute reaching that far is edited.
    var tagEditLimit: Int?

    init(input: UnsafeBufferPointer<UInt8>, array: ArraySlice<UInt8>, options: HTMLRewriteOptions) {
        self.input = input
        self.array = array
        self.options = options
    }

    mutating func run() {
        var tokenizer = HTMLTokenizer(array, range: 0..<array.count)
        tokenizer.keepsOnlyReadAttributes = true
        walk(&tokenizer)
        // The walk's working state goes before the planner builds its model.
        tagAttributes = []
        tagDuplicates = []
        presentationIndexes = []
    }

    // MARK: Token walk

    /// Walks the tokens of `tokenizer`; with `until`, only those that start before it. Edits
    /// stay before `editLimit` (`tagEditLimit`).
    mutating func walk(_ tokenizer: inout HTMLTokenizer, until limit: Int = .max, editLimit: Int = .max) {
        let outerWalk = currentWalk
        walkCount += 1
        currentWalk = walkCount
        defer { currentWalk = outerWalk }
        let input = tokenizer.input
        let end = tokenizer.end
        input.withUnsafeBufferPointer { buffer in
            walk(&tokenizer, UnsafeBufferPointer(rebasing: buffer[0..<end]), until: limit, editLimit: editLimit)
        }
    }

    private mutating func walk(
        _ tokenizer: inout HTMLTokenizer, _ buffer: UnsafeBufferPointer<UInt8>, until limit: Int, editLimit: Int
    ) {
        while tokenizer.position < limit {
            let wasForeign = tokenizer.isInForeignContent
            foreignBeforeToken = wasForeign
            let tokenStart = tokenizer.position
            guard let token = tokenizer.nextRaw(in: buffer) else { break }
            if !tokenizer.tree.reopenedSources.isEmpty { nodeCopies(&tokenizer.tree) }
            if tokenizer.isInForeignContent != wasForeign {
                // Out of SVG and MathML no SVG `<style>` is open: a tag that breaks out (a
                // `<span>`, an `<img>`) closes them, and the text after it is HTML text, not
                // CSS. (Counted as still open, that text was read for CSS loads: a strict
                // clean boxed an image with its alt text there, and the next one removed a
                // URL from the alt text.)
                if !tokenizer.isInForeignContent { foreignStyleDepth = 0 }
            }
            switch token {
            case .startTag(let tag):
                // Take the tag's attributes without copying; the tokenizer reuses ours.
                swap(&tagAttributes, &tokenizer.rawAttributes)
                swap(&tagDuplicates, &tokenizer.duplicateAttributes)
                parentNode = tokenizer.tree.parentNodeOfLastTag
                currentLink = tokenizer.tree.currentLink
                switch tag.kind {
                case .img, .source, .track: top = tokenizer.tree.enclosingLastTag
                default: top = nil
                }
                // A tag that runs past where edits may go (a preload view's tag reaching out
                // of its CDATA section) is never removed, and of its attributes only those
                // before that end are edited: the section must keep its `]]>`.
                tagEditLimit = tag.range.upperBound > editLimit ? editLimit : nil
                // Only a tag that really ended foreign content counts: an HTML element inside
                // an integration point (`<mi><script>`) leaves it as it was. (Rewriter
                // property test seed 22328.)
                let made = startTag(tag, breaksOut: tokenizer.lastStartTagBrokeOut)
                tagEditLimit = nil
                tokenizer.tree.setLastPushed(record: made.record, link: made.link, node: made.node)
            case .endTag(let tag):
                // Words, not the tree: passing it retained and released each of its arrays.
                endTag(
                    tag, closed: tokenizer.tree.closedByLastTag, record: Int(tokenizer.tree.lastClosedRecord),
                    kind: tokenizer.tree.lastClosedKind, foreignAfter: tokenizer.isInForeignContent)
            case .text(let text):
                currentLink = tokenizer.tree.currentLink
                self.text(text)
            case .cdata(let cdata):
                if foreignStyleDepth > 0 { addStylesheet(raw: cdata.dataRange) }
                preloadScannerView(cdata.dataRange)
            case .comment(let comment):
                conditionalComment(comment.dataRange, tree: &tokenizer.tree)
            case .doctype:
                break
            case .endOfFile(let at):
                if let start = styleStart {
                    addStylesheet(raw: start..<at)
                    styleStart = nil
                }
                // Where the last token ended: a tag cut off by the end starts there.
                endOfLastToken = tokenStart
            }
        }
    }

    /// Gives the formatting elements the tree builder just reopened nodes of their own:
    /// copies of their originals' (same name and attributes) under what encloses them, so
    /// a hidden `<font>` closed by `</p>` hides what its copy holds in the next paragraph.
    mutating func nodeCopies(_ tree: inout TreeSimulation) {
        let start = tree.reopenedStart
        for (offset, source) in tree.reopenedSources.enumerated() {
            let index = start + offset
            // A copy fostered out of a table goes into the table's parent.
            let below = index == tree.fosteredCopy.at ? tree.fosteredCopy.parent : Int(tree.entries[index].documentBelow)
            let parent: Int32 = below >= 0 ? tree.entries[below].node : -1
            // Without a node of its own (none was made for the original), the copy is
            // transparent: what it holds sits in its parent.
            let node = source >= 0 && Int(source) < nodes.count ? nodes.appendCopy(of: Int(source), parent: parent) : Int(parent)
            tree.setNode(node, at: index)
        }
        tree.reopenedSources.removeAll(keepingCapacity: true)
    }

    /// Downlevel-hidden conditional comments (`<!--[if mso]>…<![endif]-->`) hold markup
    /// that Outlook renders: tokenize it as HTML where it sits (a tokenizer over just that
    /// range, so token offsets are the input's own).
    mutating func conditionalComment(_ data: Range<Int>, tree: inout TreeSimulation) {
        // Outlook renders no SVG; a preload scanner knows no conditional comments.
        guard conditionalDepth < options.maxConditionalCommentDepth, !inPreloadView else { return }
        var index = data.lowerBound
        while index < data.upperBound && isWhitespace(input[index]) { index += 1 }
        guard data.upperBound - index >= 3, input[index] == 0x5B, asciiLower(input[index + 1]) == 0x69,
            asciiLower(input[index + 2]) == 0x66
        else { return }
        while index < data.upperBound && input[index] != 0x3E { index += 1 }
        // `<![if !mso]>` (a bogus comment with no `>` in its data) holds nothing.
        guard index + 1 < data.upperBound else { return }
        let content = (index + 1)..<data.upperBound
        var tokenizer = HTMLTokenizer(array, range: content)
        tokenizer.keepsOnlyReadAttributes = true
        // One tree: the comment's markup reads the document's open elements and leaves its
        // own open (Outlook-only) when it ends.
        swap(&tokenizer.tree, &tree)
        let savedBase = tokenizer.tree.beginConditional()
        defer {
            tokenizer.tree.endConditional(savedBase)
            swap(&tokenizer.tree, &tree)
        }
        conditionalDepth += 1
        walkApart(&tokenizer)
        conditionalDepth -= 1
    }

    /// Walks markup read apart from the document's own token stream (a conditional comment,
    /// a preload view): no `<style>` of the document is open in it, and what it opens of
    /// style state ends with it. (`currentLink` is read from the tree for every token.)
    mutating func walkApart(_ tokenizer: inout HTMLTokenizer, until limit: Int = .max, editLimit: Int = .max) {
        let savedStyle = styleStart
        let savedForeign = foreignStyleDepth
        let savedMedia = styleMedia
        styleStart = nil
        foreignStyleDepth = 0
        walk(&tokenizer, until: limit, editLimit: editLimit)
        styleStart = savedStyle
        foreignStyleDepth = savedForeign
        styleMedia = savedMedia
    }

    /// A CDATA section in SVG or MathML is text to the tree builder, but Chromium's preload
    /// scanner does not know foreign content: it reads `<![CDATA[` as a bogus comment that
    /// ends at the first `>`, and what follows as markup, fetching the images it names
    /// (browser vectors 143, 144). Its loads are collected from a tokenizer over that
    /// markup, in elements no context shows.
    mutating func preloadScannerView(_ data: Range<Int>) {
        guard !inPreloadView, !data.isEmpty, let base = input.baseAddress,
            let close = memchr(base + data.lowerBound, 0x3E, data.count)
        else { return }
        let start = data.lowerBound + (UnsafeRawPointer(close) - UnsafeRawPointer(base + data.lowerBound)) + 1
        guard start < data.upperBound else { return }
        inPreloadView = true
        defer { inPreloadView = false }
        var tokenizer = Self.scannerTokenizer(array, start..<data.upperBound)
        walkApart(&tokenizer)
        // A tag the scanner starts inside the section may end past its `]]>` (in a quoted
        // value): cut off at the section's end, it is read again whole, on its own. (Only
        // that tag: a comment read on to the end of the input for each section was
        // quadratic.)
        let cut = endOfLastToken
        guard cut + 1 < data.upperBound, input[cut] == 0x3C, isASCIIAlpha(input[cut + 1]) else { return }
        var whole = Self.scannerTokenizer(array, cut..<array.count)
        walkApart(&whole, until: cut + 1, editLimit: data.upperBound)
    }

    /// A tokenizer that reads markup as a preload scanner does: no foreign content, so a
    /// CDATA section inside is a bogus comment too.
    static func scannerTokenizer(_ array: ArraySlice<UInt8>, _ range: Range<Int>) -> HTMLTokenizer {
        var tokenizer = HTMLTokenizer(array, range: range)
        tokenizer.keepsOnlyReadAttributes = true
        tokenizer.readsForeignContent = false
        return tokenizer
    }

    mutating func text(_ text: HTMLText) {
        if foreignStyleDepth > 0 {
            let span = ValueSpan.make(
                input, whole: text.range, raw: text.range, quote: .none, isText: true, into: &decodedValues)
            addSpanCSS(span, mode: .stylesheet, element: "style", attributePrefix: "", width: nil, height: nil)
            return
        }
        let link = currentLink
        guard text.kind == .data, link >= 0, links[link].textCount < options.maxLinkTextBytes else { return }
        let input = input
        appendLinkText(link, altRecord: -1) { text.appendTextBytes(in: input, to: &$0) }
    }

    /// Adds to link `link`'s text what `fill` appends to the shared buffer.
    mutating func appendLinkText(_ link: Int, altRecord: Int, _ fill: (inout [UInt8]) -> Void) {
        let start = linkTextBytes.count
        fill(&linkTextBytes)
        let end = linkTextBytes.count
        guard end > start else { return }
        let piece = Int32(linkTextPieces.count)
        linkTextPieces.append(
            LinkTextPiece(range: start..<end, altRecord: Int32(truncatingIfNeeded: altRecord)))
        if links[link].lastPiece >= 0 {
            linkTextPieces[Int(links[link].lastPiece)].next = piece
        } else {
            links[link].firstPiece = piece
        }
        links[link].lastPiece = piece
        links[link].textCount += end - start
    }

    // MARK: Tree approximation

    /// Every `<audio>` and `<video>` with `controls`.
    var mediaElements: [MediaElement] = []
    /// Every `<source>` load of a picture: its own node, and where the picture's `<img>`s
    /// after it start in `pictureImages`. A browser shows it in the first `<img>` after it;
    /// the planner picks the first one that stays, as the next clean would see it.
    var pictureSourceSites: [(site: Int, ownNode: Int, picture: Int32, imagesFrom: Int)] = []
    /// The `<img>`s of pictures, in document order: (picture node, element record or -1
    /// when it loads nothing, node).
    var pictureImages: [(picture: Int32, record: Int, node: Int)] = []
    /// An end tag; `closed` when it closed an open element found by its name (whose record
    /// and kind follow).
    mutating func endTag(_ tag: RawTag, closed: Bool, record: Int, kind: ElementKind, foreignAfter: Bool) {
        let range = tag.range
        if let start = styleStart, Names.element(input, tag.nameRange, namespace: .html) == .style {
            addStylesheet(raw: start..<range.lowerBound)
            styleStart = nil
        }
        guard closed else { return }
        if record >= 0 && elements[record].walk == currentWalk && elements[record].foreignBeforeStart == foreignAfter {
            elements[record].end = range.upperBound
        }
        if kind == .svgStyle && foreignStyleDepth > 0 { foreignStyleDepth -= 1 }
    }

    // MARK: Start tags

    /// Indices of the attributes the rewriter reads (-1 when absent).
    struct AttributeIndexes {
        var src = -1, srcset = -1, href = -1, xlinkHref = -1, background = -1, style = -1
        var width = -1, height = -1, alt = -1, hidden = -1, poster = -1, data = -1, ping = -1
        var rel = -1, httpEquiv = -1, content = -1, type = -1, lowsrc = -1, dynsrc = -1
        var code = -1, codebase = -1, archive = -1, manifest = -1, oHref = -1, imagesrcset = -1, srcdoc = -1
        var classAttribute = -1, id = -1, media = -1, controls = -1, preload = -1
        var any = false
    }

    /// Reads a start tag the tree simulation has placed; returns what the simulation keeps
    /// on its entry.
    mutating func startTag(_ tag: RawTag, breaksOut: Bool = false) -> (record: Int, link: Int, node: Int) {
        var kind = tag.kind
        if tag.namespace != .html && kind == .svgOther {
            // An element named like an HTML one that loads, in SVG or MathML content: there
            // it loads nothing, unless a browser has left that content where the tree
            // simulation's bounded search did not (an HTML end tag 300 elements down). Read
            // as the HTML element, it is collected either way.
            let html = Names.element(input, tag.nameRange, namespace: .html)
            switch html {
            case .iframe, .frame, .video, .audio, .object, .applet, .bgsound, .link, .input, .source, .track, .layer:
                kind = html
            default:
                break
            }
        }
        var found = AttributeIndexes()
        if !presentationIndexes.isEmpty { presentationIndexes.removeAll(keepingCapacity: true) }
        // By index, reading the one field: each attribute copied out whole showed per tag,
        // and so did the iterator of a `for` over the indices (it was not inlined).
        let attributeCount = tagAttributes.count
        var index = -1
        while index + 1 < attributeCount {
            index += 1
            // Classified by the tokenizer as in SVG; presentation attributes count in SVG
            // and MathML only.
            let known = tagAttributes[index].known
            let name = known == .presentation && tag.namespace == .html ? .other : known
            switch name {
            case .other: continue
            // Not loads: they do not make the tag worth collecting on their own.
            case .classAttribute: found.classAttribute = index; continue
            case .id: found.id = index; continue
            case .media: found.media = index; continue
            case .controls: found.controls = index; continue
            case .preload: found.preload = index; continue
            default: found.any = true
            }
            switch name {
            case .other, .classAttribute, .id, .media, .controls, .preload: break
            case .src: found.src = index
            case .srcset: found.srcset = index
            case .href: found.href = index
            case .xlinkHref: found.xlinkHref = index
            case .background: found.background = index
            case .style: found.style = index
            case .width: found.width = index
            case .height: found.height = index
            case .alt: found.alt = index
            case .hidden: found.hidden = index
            case .poster: found.poster = index
            case .data: found.data = index
            case .ping: found.ping = index
            case .rel: found.rel = index
            case .httpEquiv: found.httpEquiv = index
            case .content: found.content = index
            case .type: found.type = index
            case .lowsrc: found.lowsrc = index
            case .dynsrc: found.dynsrc = index
            case .code: found.code = index
            case .codebase: found.codebase = index
            case .archive: found.archive = index
            case .manifest: found.manifest = index
            case .oHref: found.oHref = index
            case .imagesrcset: found.imagesrcset = index
            case .srcdoc: found.srcdoc = index
            case .presentation: presentationIndexes.append(index)
            }
        }

        // The node's seven indexes, not the whole set: passing it wrote its 32 words per tag.
        let node = addNode(
            tag, kind, NodeAttributes(classAttribute: found.classAttribute, id: found.id, style: found.style,
                                      hidden: found.hidden, controls: found.controls, width: found.width,
                                      height: found.height))

        var link = -1
        var record = -1
        if found.any || kind == .style || kind == .svgStyle {
            // Made only for a tag with loads to collect: most tags have none, and its 464
            // bytes were written for each.
            var context = TagContext(tag: tag, kind: kind, found: found, style: nil, breaksOut: breaksOut)
            context.node = node
            context.name = names.name(input, tag.nameRange, tag.key)
            collectLoads(&context)
            record = context.record
            // The three indexes, not the context: passing it copied its 464 bytes each time.
            link = collectLink(kind, href: found.href, xlinkHref: found.xlinkHref, alt: found.alt)
        }

        // An image's alt text stands in for link text (image-only links).
        if kind == .img && found.alt >= 0, currentLink >= 0, links[currentLink].textCount < options.maxLinkTextBytes {
            let link = currentLink
            let alt = tagAttributes[found.alt], input = input
            if record >= 0 { hasLinkAlts = true }
            appendLinkText(link, altRecord: record) { bytes in
                bytes.append(0x20)
                alt.appendValueBytes(in: input, to: &bytes)
            }
        }
        if kind == .style && tag.namespace == .html {
            styleStart = tag.range.upperBound
            styleMedia = Self.sheetScope(outlookOnly: conditionalDepth > 0)
            if found.media >= 0, let raw = tagAttributes[found.media].valueRange {
                let value = HTMLDecoding.decode(input, raw, mode: .attributeValue)
                var evaluated = value.withUnsafeBufferPointer { MediaQueries.evaluate($0, 0..<$0.count) }
                // A `media` attribute is not an `@media` block: Outlook is taken to read it
                // as a desktop would.
                evaluated.outlook = evaluated.desktop
                styleMedia = styleMedia && evaluated
            }
        } else if kind == .svgStyle && !tag.selfClosing {
            foreignStyleDepth += 1
            styleMedia = Self.sheetScope(outlookOnly: conditionalDepth > 0)
        }
        return (record, link, node)
    }

    /// Where a stylesheet applies: everywhere, or in Outlook alone when it sits in a
    /// conditional comment.
    static func sheetScope(outlookOnly: Bool) -> ContextTri {
        outlookOnly ? ContextTri(desktop: .no, phone: .no, outlook: .yes) : .always
    }

    /// The attributes (indexes, -1 when absent) the visibility model reads of an element.
    struct NodeAttributes {
        var classAttribute: Int, id: Int, style: Int, hidden: Int, controls: Int, width: Int, height: Int
    }

    /// Records the element for the visibility model; returns its index.
    mutating func addNode(_ tag: RawTag, _ kind: ElementKind, _ found: NodeAttributes) -> Int {
        var node = StyledNode(parent: parentNode, tag: tag.range)
        func value(_ index: Int) -> Range<Int>? {
            guard index >= 0, let range = tagAttributes[index].valueRange else { return nil }
            // memchr: `contains` stepped the buffer's iterator a byte at a time (and the
            // eight-byte scan of `ByteWords` measured slower on these long style values).
            if let base = input.baseAddress, !range.isEmpty, memchr(base + range.lowerBound, 0x26, range.count) != nil {
                node.flags |= StyledNode.needsDecoding
            }
            return range
        }
        let classValue = value(found.classAttribute), idValue = value(found.id), style = value(found.style)
        // `hidden` is an HTML attribute; on SVG or MathML it means nothing to a browser.
        if tag.namespace == .html, found.hidden >= 0 { node.flags |= StyledNode.hiddenAttribute }
        if conditionalDepth > 0 { node.flags |= StyledNode.outlookOnly }
        if inPreloadView { node.flags |= StyledNode.preloadOnly }
        if kind == .video || kind == .audio {
            if found.controls < 0 { node.flags |= StyledNode.cannotPlay }
        } else if kind == .source || kind == .track, let parent = top, parent.kind == .video || parent.kind == .audio {
            node.flags |= nodes[Int(parent.node)].flags & StyledNode.cannotPlay
        }
        if found.width >= 0, let width = Self.dimension(input, tagAttributes[found.width].valueRange) {
            node.width = Int32(min(width, 1_000_000))
        }
        if found.height >= 0, let height = Self.dimension(input, tagAttributes[found.height].valueRange) {
            node.height = Int32(min(height, 1_000_000))
        }
        return nodes.append(node, key: tag.key, classValue: classValue, idValue: idValue, style: style)
    }

    /// What one start tag's loads share.
    struct TagContext {
        var tag: RawTag
        /// The element name, set when the tag has loads to record.
        var name = ""
        var kind: ElementKind
        var found: AttributeIndexes
        var style: CSSInlineStyle?
        var breaksOut: Bool
        var record = -1
        var sizesRead = false
        var width: Int?
        var height: Int?
        var node = -1
    }

    /// Reads an inline style's facts, decoding the attribute value only when needed.
    func readStyle(_ raw: Range<Int>) -> CSSInlineStyle {
        if HTMLDecoding.isVerbatim(input, raw, mode: .attributeValue) {
            return CSSInlineStyle(reading: input, range: raw)
        }
        return CSSInlineStyle(HTMLDecoding.decode(input, raw, mode: .attributeValue))
    }

    /// `width` / `height` from attributes, overridden by the inline style as in CSS.
    mutating func readSizes(_ context: inout TagContext) {
        guard !context.sizesRead else { return }
        context.sizesRead = true
        if context.found.width >= 0 { context.width = Self.dimension(input, tagAttributes[context.found.width].valueRange) }
        if context.found.height >= 0 { context.height = Self.dimension(input, tagAttributes[context.found.height].valueRange) }
        // The style was read only if it might hide the element; sizes need a full read,
        // unless the style cannot set one.
        if context.style == nil && context.found.style >= 0, let raw = tagAttributes[context.found.style].valueRange,
            CSSInlineStyle.maySetSize(input, raw)
        {
            context.style = readStyle(raw)
        }
        if let width = context.style?.width { context.width = Self.clampedInt(width) }
        if let height = context.style?.height { context.height = Self.clampedInt(height) }
    }

    static func clampedInt(_ value: Double) -> Int? {
        guard value.isFinite else { return nil }
        return Int(max(-1_000_000, min(1_000_000, value)))
    }

    /// A dimension attribute: leading digits (`"1"`, `"1px"`); percentages are unknown.
    static func dimension(_ input: UnsafeBufferPointer<UInt8>, _ range: Range<Int>?) -> Int? {
        guard let range else { return nil }
        var index = range.lowerBound
        while index < range.upperBound && isWhitespace(input[index]) { index += 1 }
        var value = 0
        var digits = 0
        while index < range.upperBound && input[index] >= 0x30 && input[index] <= 0x39 {
            if value < 1_000_000 { value = value * 10 + Int(input[index] - 0x30) }
            index += 1
            digits += 1
        }
        guard digits > 0 else { return nil }
        if index < range.upperBound && input[index] == 0x25 { return nil }
        return value
    }

    mutating func makeSpan(_ attribute: RawAttribute) -> Int? {
        guard let raw = attribute.valueRange else { return nil }
        if let limit = tagEditLimit, attribute.range.upperBound > limit { return nil }
        spans.append(
            ValueSpan.make(input, whole: attribute.range, raw: raw, quote: attribute.quote, isText: false, into: &decodedValues))
        registerDuplicates(of: attribute, span: spans.count - 1)
        return spans.count - 1
    }

    /// Later attributes of the same name in the tag: browsers ignore them, but removing the
    /// first would let one of them take its place, so they go with it.
    mutating func registerDuplicates(of attribute: RawAttribute, span: Int) {
        guard !tagDuplicates.isEmpty else { return }
        let same = tagDuplicates.filter {
            $0.key == attribute.key && (attribute.key.isExact || NameKey.sameName(input, $0.nameRange, attribute.nameRange))
        }
        if !same.isEmpty { spanDuplicates[span] = same.map(\.range) }
    }

    mutating func record(_ context: inout TagContext, needsEndTag: Bool, isImage: Bool) -> Int {
        if context.record >= 0 || tagEditLimit != nil { return context.record }
        readSizes(&context)
        let alt = context.found.alt >= 0 ? tagAttributes[context.found.alt].valueRange : nil
        elements.append(
            ElementRecord(
                startTag: context.tag.range, needsEndTag: needsEndTag,
                isImage: isImage, alt: alt, width: context.width, height: context.height,
                breaksOutOfForeignContent: context.breaksOut, walk: currentWalk, foreignBeforeStart: foreignBeforeToken,
                node: context.node))
        context.record = elements.count - 1
        return context.record
    }

    /// The URL of site `index` as written (character references and CSS escapes decoded).
    func rawURL(of index: Int) -> String {
        // A CSS load keeps its URL as a string already.
        if case .css(let segment, let load) = sites[index].location { return segments[segment].scan.loads[load].url }
        return withRawURLBytes(of: index) { String(decoding: $0, as: UTF8.self) }
    }

    /// Whether site `index` is a CSS reference to an element of the document itself
    /// (`mask: url(#fade)`; `CSSLoad.isLocalReference`), never resolved against a base.
    func isLocalCSSReference(_ index: Int) -> Bool {
        guard case .css(let segment, let load) = sites[index].location else { return false }
        return segments[segment].scan.loads[load].isLocalReference
    }

    /// Calls `body` with the bytes of site `index`'s URL as `rawURL(of:)` gives them, read
    /// in place.
    func withRawURLBytes<R>(of index: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        switch sites[index].location {
        case .value(let span, let part):
            return spans[span].withDecodedBytes(input, decodedValues, part, body)
        case .srcset(let span, let candidate):
            guard let candidates = srcsets[span], candidate < candidates.count else { return body(UnsafeBufferPointer(start: nil, count: 0)) }
            return spans[span].withDecodedBytes(input, decodedValues, candidates[candidate].url, body)
        case .css(let segment, let load):
            var url = segments[segment].scan.loads[load].url
            return url.withUTF8(body)
        }
    }

    /// Records the URL in attribute `index` (all of its value).
    mutating func addURL(
        _ context: inout TagContext, _ index: Int, kind: LoadKind, attribute name: String, primary: Bool,
        part: ((ValueSpan, DecodedValues) -> Range<Int>?)? = nil
    ) {
        guard index >= 0 else { return }
        let attribute = tagAttributes[index]
        guard let span = makeSpan(attribute) else { return }
        let value = spans[span]
        let range: Range<Int>
        if let part {
            // The store as it is now, with this span's bytes in it.
            guard let found = part(value, decodedValues) else { return }
            range = found
        } else {
            range = 0..<value.decodedCount
        }
        readSizes(&context)
        let site = LoadSite(
            kind: kind, element: placeNames.element(context.name),
            attribute: placeNames.attribute(name), width: context.width, height: context.height,
            byteOffset: attribute.range.lowerBound, location: .value(span: span, part: range),
            record: primary ? context.record : -1, isPrimary: primary, node: context.node)
        sites.append(site)
        if primary && context.record >= 0 { elements[context.record].primarySites.append(sites.count - 1) }
    }

    /// Records each candidate of a `srcset`-style attribute.
    mutating func addSrcset(_ context: inout TagContext, _ index: Int, kind: LoadKind, attribute name: String, primary: Bool) {
        guard index >= 0 else { return }
        let attribute = tagAttributes[index]
        guard let span = makeSpan(attribute) else { return }
        let candidates = parseSrcset(spans[span].decodedBytes(input, decodedValues))
        guard !candidates.isEmpty else { return }
        srcsets[span] = candidates
        readSizes(&context)
        let element = placeNames.element(context.name)
        let attributeName = placeNames.attribute(name)
        for number in candidates.indices {
            sites.append(
                LoadSite(
                    kind: kind,
                    element: element, attribute: attributeName, width: context.width, height: context.height,
                    byteOffset: attribute.range.lowerBound,
                    location: .srcset(span: span, candidate: number), record: primary ? context.record : -1,
                    isPrimary: primary, node: context.node))
            if primary && context.record >= 0 { elements[context.record].primarySites.append(sites.count - 1) }
        }
    }

    enum CSSMode {
        case stylesheet
        case declarations
        case value(String)
    }

    static func loadKind(_ kind: CSSLoadKind) -> LoadKind {
        switch kind {
        case .background: .background
        case .image, .cursor: .image
        case .font: .font
        case .stylesheet: .stylesheet
        case .behavior: .script
        case .other: .other
        }
    }

    static func attributeName(_ load: CSSLoad, prefix: String) -> String {
        switch load.atRule {
        case "import": return "@import"
        case "font-face": return "@font-face"
        default: return prefix + load.property
        }
    }

    /// CSS in an HTML `<style>` element or CDATA section: raw bytes, absolute ranges.
    mutating func addStylesheet(raw: Range<Int>) {
        guard raw.lowerBound < raw.upperBound else { return }
        var reader = StyleSheetReader(input, raw, firstOrder: styleRules.count)
        swap(&reader.names, &selectorNames)
        reader.read(media: styleMedia)
        swap(&reader.names, &selectorNames)
        // A sheet only the preload scanner reads styles nothing.
        if !inPreloadView {
            if !reader.rules.isEmpty { styleSheetStarts.append(Int32(truncatingIfNeeded: raw.lowerBound)) }
            styleRules += reader.rules
        }
        let scan = CSSLoadScanner.scanStylesheet(input, range: raw)
        guard !scan.loads.isEmpty else { return }
        segments.append(CSSSegment(scan: scan, span: nil, base: 0))
        let segment = segments.count - 1
        for (index, load) in scan.loads.enumerated() {
            sites.append(
                LoadSite(
                    kind: Self.loadKind(load.kind), element: placeNames.element("style"),
                    attribute: placeNames.attribute(Self.attributeName(load, prefix: "")), width: nil, height: nil,
                    byteOffset: load.urlRange.lowerBound, location: .css(segment: segment, load: index), record: -1,
                    isPrimary: false, node: -1))
        }
    }

    /// CSS in a decoded span (style attribute, presentation attribute, SVG style text).
    mutating func addSpanCSS(
        _ span: ValueSpan, mode: CSSMode, element: String, attributePrefix: String, width: Int?, height: Int?,
        node: Int = -1
    ) {
        let scan: CSSScan
        let base: Int
        if span.isVerbatim {
            // Verbatim: scan the input in place.
            base = span.raw.lowerBound
            scan = Self.scanCSS(input, span.raw, mode)
        } else {
            base = 0
            scan = span.withDecodedBytes(input, decodedValues, 0..<span.decodedCount) { Self.scanCSS($0, 0..<$0.count, mode) }
        }
        guard !scan.loads.isEmpty else {
            decodedValues.drop(span)
            return
        }
        spans.append(span)
        let spanIndex = spans.count - 1
        var isValue = false
        if case .value = mode { isValue = true }
        segments.append(CSSSegment(scan: scan, span: spanIndex, base: base, isAttributeValue: isValue))
        let segment = segments.count - 1
        for (index, load) in scan.loads.enumerated() {
            sites.append(
                LoadSite(
                    kind: Self.loadKind(load.kind), element: placeNames.element(element),
                    attribute: placeNames.attribute(Self.attributeName(load, prefix: attributePrefix)), width: width, height: height,
                    byteOffset: span.rawOffset(load.urlRange.lowerBound - base, decodedValues),
                    location: .css(segment: segment, load: index), record: -1, isPrimary: false, node: node))
        }
    }

    static func scanCSS(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ mode: CSSMode) -> CSSScan {
        switch mode {
        case .stylesheet: CSSLoadScanner.scanStylesheet(buffer, range: range)
        case .declarations: CSSLoadScanner.scanDeclarations(buffer, range: range)
        case .value(let property): CSSLoadScanner.scanValue(buffer, range: range, property: property)
        }
    }

    /// CSS in attribute `index`.
    mutating func addAttributeCSS(_ context: inout TagContext, _ index: Int, mode: CSSMode, prefix: String) {
        let attribute = tagAttributes[index]
        guard let raw = attribute.valueRange, !raw.isEmpty else { return }
        if let limit = tagEditLimit, attribute.range.upperBound > limit { return }
        let verbatim = HTMLDecoding.isVerbatim(input, raw, mode: .attributeValue)
        // Every load needs `(` or `@`; a verbatim value without them has none.
        if verbatim && !CSSLoadScanner.mayContainLoad(input, raw) { return }
        readSizes(&context)
        let span = ValueSpan.make(
            input, whole: attribute.range, raw: raw, quote: attribute.quote, isText: false, into: &decodedValues)
        let before = spans.count
        addSpanCSS(
            span, mode: mode, element: context.name, attributePrefix: prefix, width: context.width,
            height: context.height, node: context.node)
        if spans.count > before { registerDuplicates(of: attribute, span: spans.count - 1) }
    }

    // MARK: Vectors

    mutating func collectLoads(_ context: inout TagContext) {
        let found = context.found
        let attributes = tagAttributes
        switch context.kind {
        case .img:
            // An Outlook-only img is not the box of a picture every engine sees.
            let pictureBox = top.flatMap { picture in
                picture.kind == .picture && (picture.isOutlookOnly || conditionalDepth == 0) ? picture.node : nil
            }
            var imageRecord = -1
            if found.src >= 0 || found.srcset >= 0 || found.lowsrc >= 0 || found.dynsrc >= 0 {
                imageRecord = record(&context, needsEndTag: false, isImage: true)
                addURL(&context, found.src, kind: .image, attribute: "src", primary: true)
                addSrcset(&context, found.srcset, kind: .image, attribute: "srcset", primary: true)
                addURL(&context, found.lowsrc, kind: .image, attribute: "lowsrc", primary: true)
                addURL(&context, found.dynsrc, kind: .media, attribute: "dynsrc", primary: true)
            }
            if let picture = pictureBox { pictureImages.append((picture, imageRecord, context.node)) }
        case .input:
            if found.src >= 0 {
                let isImage = found.type >= 0 && Self.valueEquals(attributes[found.type], "image", input)
                if isImage { _ = record(&context, needsEndTag: false, isImage: true) }
                addURL(&context, found.src, kind: .image, attribute: "src", primary: isImage)
            }
        case .source:
            if found.src >= 0 || found.srcset >= 0 {
                _ = record(&context, needsEndTag: false, isImage: false)
                let inPicture = top?.kind == .picture
                let before = sites.count
                addURL(&context, found.src, kind: inPicture ? .image : .media, attribute: "src", primary: true)
                addSrcset(&context, found.srcset, kind: .image, attribute: "srcset", primary: true)
                // A picture's sources are shown in its img's box, which comes later.
                if inPicture, let picture = top {
                    pictureSourceSites += (before..<sites.count).map {
                        (site: $0, ownNode: context.node, picture: picture.node, imagesFrom: pictureImages.count)
                    }
                }
            }
        case .track, .bgsound:
            if found.src >= 0 {
                _ = record(&context, needsEndTag: false, isImage: false)
                addURL(&context, found.src, kind: .media, attribute: "src", primary: true)
            }
        case .video, .audio:
            if found.controls >= 0 {
                mediaElements.append(
                    MediaElement(
                        node: context.node, startTag: context.tag.range,
                        preload: found.preload >= 0 ? makeSpan(tagAttributes[found.preload]) : nil))
            }
            if found.src >= 0 {
                _ = record(&context, needsEndTag: true, isImage: false)
                addURL(&context, found.src, kind: .media, attribute: "src", primary: true)
            }
            // The poster is what a reader sees: an element with a source goes only when
            // its poster goes too.
            addURL(&context, found.poster, kind: .image, attribute: "poster", primary: found.src >= 0)
        case .iframe, .frame:
            if context.kind == .iframe && found.srcdoc >= 0, let span = makeSpan(attributes[found.srcdoc]) {
                srcdocSpans.append(span)
            }
            if found.src >= 0 {
                _ = record(&context, needsEndTag: context.kind == .iframe, isImage: false)
                addURL(&context, found.src, kind: .frame, attribute: "src", primary: true)
            }
        case .layer:
            addURL(&context, found.src, kind: .frame, attribute: "src", primary: false)
        case .embed:
            if found.src >= 0 {
                _ = record(&context, needsEndTag: false, isImage: false)
                addURL(&context, found.src, kind: .object, attribute: "src", primary: true)
            }
        case .object:
            if found.data >= 0 {
                _ = record(&context, needsEndTag: true, isImage: false)
                addURL(&context, found.data, kind: .object, attribute: "data", primary: true)
            }
        case .applet:
            if found.code >= 0 || found.codebase >= 0 || found.archive >= 0 {
                _ = record(&context, needsEndTag: true, isImage: false)
                addURL(&context, found.code, kind: .object, attribute: "code", primary: true)
                addURL(&context, found.codebase, kind: .object, attribute: "codebase", primary: true)
                addURL(&context, found.archive, kind: .object, attribute: "archive", primary: true)
            }
        case .script:
            if found.src >= 0 {
                _ = record(&context, needsEndTag: true, isImage: false)
                addURL(&context, found.src, kind: .script, attribute: "src", primary: true)
            }
        case .link:
            if found.href >= 0 || found.imagesrcset >= 0, found.rel >= 0,
                let kind = Self.linkLoadKind(attributes[found.rel].valueBytes(in: input))
            {
                _ = record(&context, needsEndTag: false, isImage: false)
                addURL(&context, found.href, kind: kind, attribute: "href", primary: true)
                addSrcset(&context, found.imagesrcset, kind: kind, attribute: "imagesrcset", primary: true)
            }
        case .meta:
            if found.httpEquiv >= 0, found.content >= 0,
                Self.valueEquals(attributes[found.httpEquiv], "refresh", input)
            {
                _ = record(&context, needsEndTag: false, isImage: false)
                let input = self.input
                addURL(&context, found.content, kind: .refresh, attribute: "content", primary: true) { span, values in
                    Self.refreshURL(span.decodedBytes(input, values))
                }
            }
        case .base:
            if found.href >= 0 {
                _ = record(&context, needsEndTag: false, isImage: false)
                let before = sites.count
                addURL(&context, found.href, kind: .base, attribute: "href", primary: true)
                // What only the preload scanner reads is no base for the page.
                if sites.count > before && !inPreloadView {
                    sites[before].isBase = true
                    baseSites.append(before)
                }
            }
        case .html:
            addURL(&context, found.manifest, kind: .other, attribute: "manifest", primary: false)
        case .a, .area, .svgA:
            if found.ping >= 0, let span = makeSpan(attributes[found.ping]) {
                for part in Self.whitespaceTokens(spans[span].decodedBytes(input, decodedValues)) {
                    readSizes(&context)
                    sites.append(
                        LoadSite(
                            kind: .ping,
                            element: placeNames.element(context.name), attribute: placeNames.attribute("ping"), width: nil, height: nil,
                            byteOffset: attributes[found.ping].range.lowerBound,
                            location: .value(span: span, part: part), record: -1, isPrimary: false,
                            node: context.node))
                }
            }
        case .svgImage, .svgUse, .svgFeImage, .svgScript:
            let index = found.href >= 0 ? found.href : found.xlinkHref
            if index >= 0 {
                let kind: LoadKind = context.kind == .svgScript ? .script : .image
                _ = record(&context, needsEndTag: !context.tag.selfClosing, isImage: false)
                addURL(&context, index, kind: kind, attribute: found.href >= 0 ? "href" : "xlink:href", primary: true)
                // Both spellings may be present; the other one may load too.
                if found.href >= 0 && found.xlinkHref >= 0 {
                    addURL(&context, found.xlinkHref, kind: kind, attribute: "xlink:href", primary: true)
                }
            }
        case .mathGlyph:
            if found.src >= 0 {
                // No alt-text box in strict mode: an HTML box would end the MathML content.
                _ = record(&context, needsEndTag: !context.tag.selfClosing, isImage: false)
                addURL(&context, found.src, kind: .image, attribute: "src", primary: true)
            }
        case .svgOther:
            addURL(&context, found.href, kind: .other, attribute: "href", primary: false)
            addURL(&context, found.xlinkHref, kind: .other, attribute: "xlink:href", primary: false)
        case .vml:
            addURL(&context, found.src, kind: .image, attribute: "src", primary: false)
            addURL(&context, found.oHref, kind: .image, attribute: "o:href", primary: false)
        default:
            break
        }

        // Vectors on any element.
        if found.background >= 0 && context.tag.namespace == .html {
            addURL(&context, found.background, kind: .background, attribute: "background", primary: false)
        }
        if found.style >= 0 {
            addAttributeCSS(&context, found.style, mode: .declarations, prefix: "style:")
        }
        for index in presentationIndexes {
            let name = names.name(input, tagAttributes[index].nameRange, tagAttributes[index].key)
            addAttributeCSS(&context, index, mode: .value(name), prefix: "")
        }
    }

    /// Records the element's link, if any; returns its index or -1.
    mutating func collectLink(_ kind: ElementKind, href: Int, xlinkHref: Int, alt: Int) -> Int {
        // Links only the preload scanner reads are text to the reader: nothing to clean.
        guard !inPreloadView else { return -1 }
        let index: Int
        switch kind {
        case .a, .area, .vml: index = href
        case .svgA: index = href >= 0 ? href : xlinkHref
        default: return -1
        }
        guard index >= 0, let span = makeSpan(tagAttributes[index]) else { return -1 }
        links.append(
            LinkSite(span: span, byteOffset: tagAttributes[index].range.lowerBound))
        if kind == .area && alt >= 0 {
            let attribute = tagAttributes[alt], input = input
            appendLinkText(links.count - 1, altRecord: -1) { attribute.appendValueBytes(in: input, to: &$0) }
        }
        // An area is void: its alt is its text, and nothing follows it.
        return kind == .area ? -1 : links.count - 1
    }

    // MARK: Attribute value helpers

    static func valueEquals(_ attribute: RawAttribute, _ literal: StaticString, _ input: UnsafeBufferPointer<UInt8>) -> Bool {
        var bytes = attribute.valueBytes(in: input)
        while let last = bytes.last, isWhitespace(last) { bytes.removeLast() }
        let start = bytes.firstIndex { !isWhitespace($0) } ?? bytes.count
        return bytes[start...].withContiguousStorageIfAvailable { buffer in
            bytesEqual(buffer, 0..<buffer.count, literal)
        } ?? false
    }

    static func whitespaceTokens(_ bytes: [UInt8]) -> [Range<Int>] {
        var tokens: [Range<Int>] = []
        var index = 0
        while index < bytes.count {
            while index < bytes.count && isWhitespace(bytes[index]) { index += 1 }
            let start = index
            while index < bytes.count && !isWhitespace(bytes[index]) { index += 1 }
            if index > start { tokens.append(start..<index) }
        }
        return tokens
    }

    /// The load kind of a `<link>` by its `rel` tokens, or `nil` when it loads nothing.
    static func linkLoadKind(_ rel: [UInt8]) -> LoadKind? {
        var best: LoadKind?
        for token in whitespaceTokens(rel) {
            let name = String(decoding: rel[token], as: UTF8.self).lowercased()
            switch name {
            case "stylesheet":
                return .stylesheet
            case "icon", "apple-touch-icon", "apple-touch-icon-precomposed", "mask-icon", "fluid-icon":
                best = .image
            case "preload", "modulepreload", "prefetch", "prerender", "dns-prefetch", "preconnect", "subresource",
                "next":
                if best == nil { best = .hint }
            case "manifest", "import":
                if best == nil { best = .other }
            default:
                continue
            }
        }
        return best
    }

    /// The URL part of a refresh `content` value (`5; url='…'`), per the HTML "shared
    /// declarative refresh steps"; `nil` when there is none.
    static func refreshURL(_ bytes: [UInt8]) -> Range<Int>? {
        var index = 0
        let count = bytes.count
        while index < count && isWhitespace(bytes[index]) { index += 1 }
        let digitsStart = index
        while index < count && bytes[index] >= 0x30 && bytes[index] <= 0x39 { index += 1 }
        while index < count && (bytes[index] == 0x2E || (bytes[index] >= 0x30 && bytes[index] <= 0x39)) { index += 1 }
        guard index > digitsStart else { return nil }
        while index < count && isWhitespace(bytes[index]) { index += 1 }
        if index < count && (bytes[index] == 0x3B || bytes[index] == 0x2C) { index += 1 }
        while index < count && isWhitespace(bytes[index]) { index += 1 }
        guard index < count else { return nil }
        // Optional `url =`.
        if count - index >= 3 && asciiLower(bytes[index]) == 0x75 && asciiLower(bytes[index + 1]) == 0x72
            && asciiLower(bytes[index + 2]) == 0x6C
        {
            var after = index + 3
            while after < count && isWhitespace(bytes[after]) { after += 1 }
            if after < count && bytes[after] == 0x3D {
                after += 1
                while after < count && isWhitespace(bytes[after]) { after += 1 }
                index = after
            }
        }
        guard index < count else { return nil }
        var end = count
        if bytes[index] == 0x22 || bytes[index] == 0x27 {
            let quote = bytes[index]
            index += 1
            end = bytes[index...].firstIndex(of: quote) ?? count
        }
        while end > index && isWhitespace(bytes[end - 1]) { end -= 1 }
        return index < end ? index..<end : nil
    }
}

extension Range<Int> {
    @inline(__always) func shifted(_ offset: Int) -> Range<Int> {
        offset == 0 ? self : (lowerBound + offset)..<(upperBound + offset)
    }
}
