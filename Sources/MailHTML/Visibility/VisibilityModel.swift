/// Why a load cannot be seen in one rendering context.
public enum HidingReason: String, Sendable, CaseIterable {
    case displayNone = "display:none"
    case hiddenAttribute = "the hidden attribute"
    case visibilityHidden = "visibility:hidden"
    case opacityZero = "opacity:0"
    case msoHide = "mso-hide:all"
    case collapsed = "zero size with overflow:hidden"
    case offScreen = "off-screen positioning"
    case tooSmall = "at most 2x2 px"
    /// Audio or video with no controls: it cannot be played, so what it loads on open
    /// serves no reader.
    case cannotPlay = "a media element with no controls"
    /// Outlook-only markup (a downlevel-hidden conditional comment), seen by no other engine.
    case outlookOnly = "Outlook-only markup"
    /// A `<style>` rule that applies in no screen context (`@media print`).
    case mediaNeverApplies = "its rule applies to no screen (print only)"
    /// A `<style>` rule whose selectors match no element that is shown.
    case noShownElement = "its rule matches no shown element"
    /// Markup inside an SVG or MathML CDATA section: text in the page, but a browser's
    /// preload scanner reads it as markup and fetches what it names.
    case preloadOnly = "fetched by a preload scanner, never shown (inside a CDATA section)"
}

/// Whether a load can be seen in one rendering context.
public enum VisibilityVerdict: Sendable, Equatable {
    case visible
    /// Hidden, by the element itself or (`byAncestor`) a container.
    case hidden(HidingReason, byAncestor: Bool)

    public var isVisible: Bool { self == .visible }
}

/// What the reader can see of one load, per rendering context.
public struct LoadVisibility: RenderContextValues, Sendable, Equatable {
    public var desktop: VisibilityVerdict
    public var phone: VisibilityVerdict
    public var outlook: VisibilityVerdict
    /// Something the model could not evaluate (a pseudo-class, a media feature) may have
    /// shown the load: it was counted as visible.
    public var uncertain: Bool

    public init(
        desktop: VisibilityVerdict = .visible, phone: VisibilityVerdict = .visible, outlook: VisibilityVerdict = .visible,
        uncertain: Bool = false
    ) {
        self.desktop = desktop
        self.phone = phone
        self.outlook = outlook
        self.uncertain = uncertain
    }

    public static let visibleEverywhere = LoadVisibility()
    public static let hiddenEverywhere = LoadVisibility(
        desktop: .hidden(.displayNone, byAncestor: false), phone: .hidden(.displayNone, byAncestor: false),
        outlook: .hidden(.displayNone, byAncestor: false))

    public var isVisibleSomewhere: Bool { desktop.isVisible || phone.isVisible || outlook.isVisible }
    public var visibleContexts: [RenderContext] { RenderContext.allCases.filter { self[$0].isVisible } }

    /// One line for reports: where it is seen, or why it is seen nowhere.
    public var summary: String {
        let seen = visibleContexts
        if seen.count == RenderContext.allCases.count { return uncertain ? "visible (not fully evaluated)" : "visible" }
        if !seen.isEmpty {
            let hidden = RenderContext.allCases.filter { !self[$0].isVisible }.map { "\($0.label): \(Self.describe(self[$0]))" }
            return "visible on \(seen.map(\.label).joined(separator: ", ")) only; hidden on " + hidden.joined(separator: "; ")
        }
        let verdicts = RenderContext.allCases.map { self[$0] }
        if verdicts.allSatisfy({ $0 == verdicts[0] }) { return "invisible everywhere: " + Self.describe(verdicts[0]) }
        return "invisible everywhere: "
            + RenderContext.allCases.map { "\($0.label): \(Self.describe(self[$0]))" }.joined(separator: "; ")
    }

    static func describe(_ verdict: VisibilityVerdict) -> String {
        switch verdict {
        case .visible: return "visible"
        case .hidden(let reason, let byAncestor): return reason.rawValue + (byAncestor ? " on a container" : "")
        }
    }
}

/// Too small to see: 0 in a dimension, at most 2x2, an area of at most 4 px, or only one
/// side known and at most 1 px. (The rules' size heuristic uses the same thresholds.)
func isTooSmallToSee(width: Double?, height: Double?) -> Bool {
    switch (width, height) {
    case let (w?, h?):
        if w <= 0 || h <= 0 { return true }
        if w <= 2 && h <= 2 { return true }
        return min(w, 5) * min(h, 5) <= 4
    case let (w?, nil): return w <= 1
    case let (nil, h?): return h <= 1
    case (nil, nil): return false
    }
}

/// A box's width and height in CSS px, kept per element as Float32 (NaN for unknown).
struct BoxSize {
    private var w: Float32 = .nan
    private var h: Float32 = .nan
    var width: Double? {
        get { w.isNaN ? nil : Double(w) }
        set { w = newValue.map { Float32($0) } ?? .nan }
    }
    var height: Double? {
        get { h.isNaN ? nil : Double(h) }
        set { h = newValue.map { Float32($0) } ?? .nan }
    }
}

/// One element as the visibility model needs it: its place in the tree, where its start
/// tag is, and its size attributes. 32 bytes: its name and its class, id and style ranges
/// are kept by `StyledNodes` (a document repeats a handful of names, and many of its
/// elements have none of the three attributes), so that a document of 160,000 elements
/// holds 5 MB instead of 10.
struct StyledNode {
    /// Index of the name in `StyledNodes.names`.
    fileprivate(set) var name: Int32 = 0
    var parent: Int32
    /// Input offsets, packed (Int32 pairs): a document can hold a great many elements.
    private var tagBounds: (Int32, Int32)
    /// Index of the class, id and style ranges in `StyledNodes`, -1 when it has none; what
    /// the model remembers of an element's attributes is kept by this index too.
    fileprivate(set) var attributes: Int32 = -1
    /// The `width` / `height` attributes in px (presentational hints), -1 when unknown.
    var width: Int32 = -1
    var height: Int32 = -1
    var flags: UInt8 = 0

    init(parent: Int32, tag: Range<Int>) {
        self.parent = parent
        tagBounds = Self.pack(tag)
    }

    static func pack(_ range: Range<Int>?) -> (Int32, Int32) {
        guard let range, range.upperBound <= Int(Int32.max) else { return (-1, -1) }
        return (Int32(range.lowerBound), Int32(range.upperBound))
    }

    static func unpack(_ bounds: (Int32, Int32)) -> Range<Int>? {
        bounds.0 < 0 ? nil : Int(bounds.0)..<Int(bounds.1)
    }

    var tag: Range<Int> { Self.unpack(tagBounds) ?? 0..<0 }

    static let outlookOnly: UInt8 = 1
    static let hiddenAttribute: UInt8 = 2
    /// Class, id or style hold a character reference: decode before reading.
    static let needsDecoding: UInt8 = 4
    /// Read only by a browser's preload scanner (`HidingReason.preloadOnly`).
    static let preloadOnly: UInt8 = 8
    /// `<audio>` or `<video>` without `controls` (or a source or track of one): nothing a
    /// reader can start.
    static let cannotPlay: UInt8 = 16
    /// It has a class or an id attribute (the quick test before selector matching).
    static let hasClass: UInt8 = 32
    static let hasID: UInt8 = 64

    var isOutlookOnly: Bool { flags & Self.outlookOnly != 0 }
}

/// The elements of a document in order, with their names and class, id and style ranges.
struct StyledNodes {
    private(set) var items: [StyledNode] = []
    /// Each distinct name once (`StyledNode.name` indexes it).
    private(set) var names: [NameKey] = []
    private var nameTable = NameKeyTable()
    /// The name last seen in each of 64 slots and its index (-1: none yet): most elements
    /// repeat a recent name and skip the table.
    private var recentKeys = [NameKey](repeating: NameKey(low: 0, high: 0, length: 0), count: 64)
    private var recentIndexes = [Int32](repeating: -1, count: 64)
    /// Class, id and style of the elements that have any, as packed input offsets.
    private var attributeBounds: [(class: (Int32, Int32), id: (Int32, Int32), style: (Int32, Int32))] = []

    init() {}

    /// No elements, for letting a document's go: shares one set of tables (each new set
    /// allocates three, and the planner let go of two per document, twice).
    static let none = StyledNodes()

    var count: Int { items.count }
    var indices: Range<Int> { items.indices }
    subscript(index: Int) -> StyledNode { items[index] }

    /// Adds `node` named `key`, with these attribute values; returns its index.
    mutating func append(_ node: StyledNode, key: NameKey, classValue: Range<Int>?, idValue: Range<Int>?,
                         style: Range<Int>?) -> Int {
        var node = node
        let slot = Int(truncatingIfNeeded: ((key.low ^ key.high) &* 0x9E37_79B9_7F4A_7C15) >> 58)
        if recentIndexes[slot] >= 0, recentKeys[slot] == key {
            node.name = recentIndexes[slot]
        } else {
            let offered = names.count
            if let existing = nameTable.existingOrInsert(key, offered, keyAt: { names[$0] }) {
                node.name = Int32(existing)
            } else {
                names.append(key)
                node.name = Int32(offered)
            }
            recentKeys[slot] = key
            recentIndexes[slot] = node.name
        }
        if classValue != nil || idValue != nil || style != nil {
            node.attributes = Int32(attributeBounds.count)
            attributeBounds.append((StyledNode.pack(classValue), StyledNode.pack(idValue), StyledNode.pack(style)))
            if classValue != nil { node.flags |= StyledNode.hasClass }
            if idValue != nil { node.flags |= StyledNode.hasID }
        }
        items.append(node)
        return items.count - 1
    }

    /// Adds a copy of node `source` under `parent` (an element a browser opened again: same
    /// name and attributes); returns its index.
    mutating func appendCopy(of source: Int, parent: Int32) -> Int {
        var node = items[source]
        node.parent = parent
        items.append(node)
        return items.count - 1
    }

    /// How many elements have a class, id or style attribute.
    var attributedCount: Int { attributeBounds.count }

    func key(_ node: StyledNode) -> NameKey { names[Int(node.name)] }

    func classValue(_ node: StyledNode) -> Range<Int>? {
        node.attributes < 0 ? nil : StyledNode.unpack(attributeBounds[Int(node.attributes)].class)
    }

    func idValue(_ node: StyledNode) -> Range<Int>? {
        node.attributes < 0 ? nil : StyledNode.unpack(attributeBounds[Int(node.attributes)].id)
    }

    func style(_ node: StyledNode) -> Range<Int>? {
        node.attributes < 0 ? nil : StyledNode.unpack(attributeBounds[Int(node.attributes)].style)
    }
}

/// Decides, for every element that loads something, whether the reader can see it in each
/// rendering context: from its attributes, its inline style, every `<style>` rule that
/// matches it (with `@media` evaluated per context, `!important`, specificity and order),
/// and every container up the tree.
///
/// What it cannot evaluate (an unsupported selector or media feature) counts as possibly
/// applying: it may show an element, never hide one. Work is memoised per element and
/// context, so a document costs about one cascade per element on the paths to its loads.
struct VisibilityModel {
    let input: UnsafeBufferPointer<UInt8>
    let array: ArraySlice<UInt8>
    var nodes: StyledNodes
    var rules: [StyleRule]
    /// The decoded selector names the rules' `SelectorName`s may point into.
    let selectorNames: [UInt8]
    /// Rules with declarations the model reads, by the subject's id, class and type.
    var byID = RuleKeyIndex()
    var byClass = RuleKeyIndex()
    var byTag = RuleKeyIndex()
    var universal: [Int] = []

    /// Per node and context (`slot(node, context)`): the facts, once computed.
    var facts: [NodeFacts] = []
    /// Reused by `computeChain`.
    var pathBuffer: [Int] = []
    /// Reused by `ancestorFilter`.
    var filterPath: [Int] = []
    /// Per node, once `ancestorFilter` has been asked for it (allocated on first use).
    var ancestorFilters: [KeyFilter] = []
    var ancestorFilterKnown: [Bool] = []
    /// Reused by `computeOwn`.
    var sourceBuffer: [Source] = []

    /// Packed into 12 bytes: three per element are kept.
    struct NodeFacts {
        struct Flags: OptionSet {
            let rawValue: UInt8
            static let computed = Flags(rawValue: 1)
            static let chainComputed = Flags(rawValue: 2)
            /// `chainHidden` comes from a container.
            static let chainByAncestor = Flags(rawValue: 4)
            /// `visibility` after inheritance.
            static let visibilityHidden = Flags(rawValue: 8)
            static let uncertain = Flags(rawValue: 16)
            /// `mso-hide: all` on the node itself (context-free documents, where one slot
            /// serves Outlook too).
            static let msoHide = Flags(rawValue: 32)
            /// `outlookChainHidden` comes from a container.
            static let outlookChainByAncestor = Flags(rawValue: 64)
        }

        var flags: Flags = []
        private var hides: UInt8 = 0
        private var chain: UInt8 = 0
        private var outlookChain: UInt8 = 0
        var size = BoxSize()

        static func reason(_ code: UInt8) -> HidingReason? { code == 0 ? nil : HidingReason.allCases[Int(code) - 1] }
        static func code(_ reason: HidingReason?) -> UInt8 {
            reason.map { UInt8(HidingReason.allCases.firstIndex(of: $0)! + 1) } ?? 0
        }

        /// What hides the node and everything in it (its own style).
        var hidesSubtree: HidingReason? {
            get { Self.reason(hides) }
            set { hides = Self.code(newValue) }
        }
        /// What hides it, its own or a container's.
        var chainHidden: HidingReason? {
            get { Self.reason(chain) }
            set { chain = Self.code(newValue) }
        }
        /// `chainHidden` as Outlook sees it, `mso-hide` included (context-free documents only).
        var outlookChainHidden: HidingReason? {
            get { Self.reason(outlookChain) }
            set { outlookChain = Self.code(newValue) }
        }
    }

    init(
        input: UnsafeBufferPointer<UInt8>, array: ArraySlice<UInt8>, nodes: StyledNodes, rules: [StyleRule],
        selectorNames: [UInt8] = []
    ) {
        self.input = input
        self.array = array
        self.nodes = nodes
        self.rules = rules
        self.selectorNames = selectorNames
        for (index, rule) in rules.enumerated() where rule.declarations != nil {
            guard let selectors = rule.selectors else {
                universal.append(index)
                continue
            }
            // Indexed under each selector's subject; a rule lands once per key.
            var universalAdded = false
            for selector in selectors where !selector.pseudoElement {
                let subject = selector.subject
                if let id = subject.ids.first {
                    withBytes(of: id) { byID.add($0, rule: index) }
                } else if let name = subject.classes.first {
                    withBytes(of: name) { byClass.add($0, rule: index) }
                } else if let tag = subject.tag {
                    byTag.add(tag, rule: index)
                } else if !universalAdded {
                    universal.append(index)
                    universalAdded = true
                }
            }
        }
        contextFree = !hasRules && !nodes.items.contains { $0.isOutlookOnly }
        // The planner makes an empty model to let a document's go: it allocates nothing (an
        // array made with `repeating:` looks its type up at run time, even for no elements).
        guard nodes.count > 0 || !rules.isEmpty else { return }
        facts = [NodeFacts](repeating: NodeFacts(), count: nodes.count * (contextFree ? 1 : 3))
        // Only elements with a class, id or style attribute have an inline style to remember.
        inlineIndex = [Int32](repeating: -2, count: nodes.attributedCount)
        inlineOwn = [OwnStyle?](repeating: nil, count: nodes.attributedCount)
        // `candidates` is made on first use: a document without rules never looks any up.
        ruleDeclared = [Int](repeating: -1, count: rules.count)
        for (index, rule) in rules.enumerated() {
            if let declarations = rule.declarations {
                declared.append(declarations)
                ruleDeclared[index] = declared.count - 1
            }
        }
    }

    /// No rule and no Outlook-only markup: a desktop and a phone see the same thing, and
    /// Outlook sees it too but for `mso-hide`. Every element has the same parent and the
    /// same own style in each context.
    var contextFree = false

    /// Where a node's facts in context `c` are: three per node, or one when the document
    /// is context-free. That one slot holds Outlook's chain beside the others', so one walk
    /// up the tree serves every context (it took one walk per context, and a document of
    /// 160,000 elements and no rules held 2 MB of facts never computed).
    @inline(__always)
    func slot(_ node: Int, _ c: Int) -> Int {
        contextFree ? node : node &* 3 &+ c
    }

    var hasRules: Bool { !universal.isEmpty || !byID.isEmpty || !byClass.isEmpty || !byTag.isEmpty }

    // MARK: Verdicts

    /// The visibility of a load of element `node`; `checkSize` for loads whose size is the
    /// element's own box (images, backgrounds).
    mutating func visibility(ofNode node: Int, checkSize: Bool) -> (LoadVisibility, width: Double?, height: Double?) {
        var result = LoadVisibility()
        var size: (Double?, Double?)?
        for context in RenderContext.allCases {
            if context == .phone && contextFree {
                result.phone = result.desktop
                continue
            }
            let verdict = verdict(node, context, checkSize: checkSize)
            result[context] = verdict
            let f = facts[slot(node, context.rawValue)]
            if f.flags.contains(.uncertain) { result.uncertain = true }
            if verdict.isVisible && size == nil { size = (f.size.width, f.size.height) }
        }
        if size == nil { size = (facts[slot(node, 0)].size.width, facts[slot(node, 0)].size.height) }
        return (result, size?.0, size?.1)
    }

    mutating func verdict(_ node: Int, _ context: RenderContext, checkSize: Bool) -> VisibilityVerdict {
        if context != .outlook && nodes[node].isOutlookOnly { return .hidden(.outlookOnly, byAncestor: false) }
        if nodes[node].flags & StyledNode.preloadOnly != 0 { return .hidden(.preloadOnly, byAncestor: false) }
        computeChain(node, context)
        let f = facts[slot(node, context.rawValue)]
        if contextFree && context == .outlook {
            if let reason = f.outlookChainHidden {
                return .hidden(reason, byAncestor: f.flags.contains(.outlookChainByAncestor))
            }
        } else if let reason = f.chainHidden {
            return .hidden(reason, byAncestor: f.flags.contains(.chainByAncestor))
        }
        if f.flags.contains(.visibilityHidden) { return .hidden(.visibilityHidden, byAncestor: false) }
        if checkSize && isTooSmallToSee(width: f.size.width, height: f.size.height) { return .hidden(.tooSmall, byAncestor: false) }
        return .visible
    }

    /// The visibility of a load made by a `<style>` rule (a background in `.hero{…}`):
    /// seen where the rule applies and some element it matches is shown. Answers are kept
    /// per rule; the element scans share one budget, past which rules count as seen.
    mutating func visibility(ofRuleAt offset: Int) -> LoadVisibility {
        // Qualified rules are in document order and do not overlap: binary search.
        var low = 0
        var high = rules.count
        while low < high {
            let mid = (low + high) / 2
            if rules[mid].block.upperBound < offset { low = mid + 1 } else { high = mid }
        }
        guard low < rules.count, rules[low].block.lowerBound <= offset else {
            return LoadVisibility()  // an at-rule (`@font-face`, `@import`): not an element's load
        }
        if ruleVisibility.isEmpty { ruleVisibility = Array(repeating: nil, count: rules.count) }
        if let known = ruleVisibility[low] { return known }
        let result = computeRuleVisibility(low)
        ruleVisibility[low] = result
        return result
    }

    /// Answers of `visibility(ofRuleAt:)`, by rule (filled on first use).
    var ruleVisibility: [LoadVisibility?] = []
    /// Elements the cleaned document will not have (removed whole, or inside one that is):
    /// no rule load shows on them.
    var removed: [Bool] = []

    /// Marks the elements removed whole (`gone[node]`); their descendants go with them.
    /// Nodes are in document order, so a parent comes before its children.
    mutating func setRemoved(_ gone: [Bool]) {
        guard gone.contains(true) else { return }
        removed = gone
        for node in nodes.indices where !removed[node] {
            let up = Int(nodes[node].parent)
            if up >= 0 && removed[up] { removed[node] = true }
        }
        ruleVisibility = []
    }
    /// Element matches left for rule loads; a few hundred thousand cover any real message.
    var ruleScanBudget = 400_000

    private mutating func computeRuleVisibility(_ ruleIndex: Int) -> LoadVisibility {
        let rule = rules[ruleIndex]
        var result = LoadVisibility()
        for context in RenderContext.allCases where rule.media[context] == .no {
            result[context] = .hidden(.mediaNeverApplies, byAncestor: false)
        }
        guard let selectors = rule.selectors, ruleScanBudget >= nodes.count else {
            result.uncertain = true
            return result
        }
        // Without rules or Outlook-only markup every context matches the same elements:
        // the desktop scan's answer (no match at all, or a shown element) is tried first.
        var matchedAny = false
        var witness: Int?
        for context in RenderContext.allCases where rule.media[context] != .no {
            if context != .desktop && contextFree && rule.media[context] == rule.media.desktop {
                if !matchedAny {
                    result[context] = .hidden(.noShownElement, byAncestor: false)
                    continue
                }
                if let witness, verdict(witness, context, checkSize: true).isVisible { continue }
            }
            var seen = false
            ruleScanBudget -= nodes.count
            for node in nodes.indices where removed.isEmpty || !removed[node] {
                var matched = Tri.no
                for selector in selectors where selector.compounds.withCompound(selector.compounds.count - 1, {
                    Self.mayMatch($0, nodes[node], key: nodes.key(nodes[node]))
                }) {
                    matched = matched || match(selector, node, context, ignoringPseudoElement: true)
                    if matched == .yes { break }
                }
                guard matched != .no else { continue }
                if context == .desktop { matchedAny = true }
                if verdict(node, context, checkSize: true).isVisible {
                    seen = true
                    if context == .desktop { witness = node }
                    if matched == .maybe { result.uncertain = true }
                    break
                }
            }
            if !seen { result[context] = .hidden(.noShownElement, byAncestor: false) }
        }
        return result
    }

    // MARK: Tree walk

    /// The parent as the context sees it: other engines do not see Outlook-only elements.
    /// Inlined: called as a method from the mutating walk, each call copied the whole model
    /// (448 bytes) to borrow it.
    @inline(__always)
    func parent(_ node: Int, _ context: RenderContext) -> Int {
        var parent = Int(nodes[node].parent)
        if context != .outlook {
            while parent >= 0 && nodes[parent].isOutlookOnly { parent = Int(nodes[parent].parent) }
        }
        return parent
    }

    /// Fills in the chain facts of `node` and its ancestors, top-down, without recursion
    /// (hostile documents nest deeply).
    mutating func computeChain(_ node: Int, _ context: RenderContext) {
        let c = context.rawValue
        if facts[slot(node, c)].flags.contains(.chainComputed) { return }
        var path: [Int] = []
        swap(&path, &pathBuffer)
        path.removeAll(keepingCapacity: true)
        defer { swap(&path, &pathBuffer) }
        var current = node
        while current >= 0 && !facts[slot(current, c)].flags.contains(.chainComputed) {
            path.append(current)
            current = parent(current, context)
        }
        for index in path.reversed() {
            computeOwn(index, context)
            let up = parent(index, context)
            var f = facts[slot(index, c)]
            if let reason = f.hidesSubtree {
                f.chainHidden = reason
                f.flags.remove(.chainByAncestor)
            } else if up >= 0, let reason = facts[slot(up, c)].chainHidden {
                f.chainHidden = reason
                f.flags.insert(.chainByAncestor)
            }
            if contextFree {
                // Outlook's chain, in the same walk: `mso-hide` hides there too.
                if let reason = f.hidesSubtree ?? (f.flags.contains(.msoHide) ? .msoHide : nil) {
                    f.outlookChainHidden = reason
                } else if up >= 0, let reason = facts[slot(up, c)].outlookChainHidden {
                    f.outlookChainHidden = reason
                    f.flags.insert(.outlookChainByAncestor)
                }
            }
            f.flags.insert(.chainComputed)
            facts[slot(index, c)] = f
        }
    }

    // MARK: Cascade

    /// One declaration source for a node: a rule (or the inline style) and how surely it
    /// applies.
    struct Source {
        /// Index into `declared`.
        var style: Int
        var applies: Tri
        var inline: Bool
        var specificity: Int
        var order: Int
    }

    /// What a node's own declarations say, before inheritance and context.
    struct OwnStyle {
        /// What hides the node and everything in it, `mso-hide` aside.
        var hides: HidingReason?
        /// `mso-hide: all`, which only Outlook honours.
        var msoHide = false
        /// `visibility` as declared; nil when it inherits.
        var visibility: Bool?
        var uncertain = false
        var size = BoxSize()
    }

    /// The node's own facts in `context` (visibility inherits from the parent, whose facts
    /// are computed first by `computeChain`).
    mutating func computeOwn(_ node: Int, _ context: RenderContext) {
        let c = context.rawValue
        if facts[slot(node, c)].flags.contains(.computed) { return }
        let own: OwnStyle
        if !hasRules || candidateRules(node).isEmpty {
            // Only the style attribute speaks, and it says the same in every context.
            let attributed = Int(nodes[node].attributes)
            if attributed < 0 {
                own = Self.resolveInline(nodes[node], nodes.style(nodes[node]), input)
            } else if let known = inlineOwn[attributed] {
                own = known
            } else {
                own = resolveInlineOnce(node)
                inlineOwn[attributed] = own
            }
        } else {
            var sources: [Source] = []
            swap(&sources, &sourceBuffer)
            sources.removeAll(keepingCapacity: true)
            collectSources(node, context, into: &sources)
            own = Self.resolve(nodes[node], sources, declared)
            swap(&sources, &sourceBuffer)
        }
        var f = NodeFacts()
        f.flags.insert(.computed)
        if own.uncertain { f.flags.insert(.uncertain) }
        if contextFree {
            // One slot for every context: Outlook's `mso-hide` is kept apart.
            f.hidesSubtree = own.hides
            if own.msoHide { f.flags.insert(.msoHide) }
        } else {
            f.hidesSubtree = own.hides ?? (context == .outlook && own.msoHide ? .msoHide : nil)
        }
        if let hidden = own.visibility {
            if hidden { f.flags.insert(.visibilityHidden) }
        } else {
            let up = parent(node, context)
            if up >= 0 {
                computeOwn(up, context)
                if facts[slot(up, c)].flags.contains(.visibilityHidden) { f.flags.insert(.visibilityHidden) }
            }
        }
        f.size = own.size
        facts[slot(node, c)] = f
    }

    /// Per element with attributes (`StyledNode.attributes`): its `OwnStyle` when only its
    /// style attribute applies.
    var inlineOwn: [OwnStyle?] = []
    /// The same, by the style attribute's bytes: other elements with the same style share it.
    var styleCache = InlineStyleCache<OwnStyle>()

    /// `resolveInline` for element `node`, read once per distinct style (`styleCache`).
    mutating func resolveInlineOnce(_ node: Int) -> OwnStyle {
        let n = nodes[node]
        guard let style = nodes.style(n) else { return Self.resolveInline(n, nil, input) }
        let key = StyleKey(input, style, .ownStyle(n))
        if let known = styleCache.find(input, key) { return known }
        let own = Self.resolveInline(n, style, input)
        styleCache.store(own, key)
        return own
    }

    // The cascade and its helpers are static, given what they read: as methods called
    // from the mutating walk, each call copied the whole model (448 bytes) to borrow it.

    /// The cascade over `sources` (into `declared`) for the properties the model reads.
    static func resolve(_ n: StyledNode, _ sources: [Source], _ declared: [DeclaredStyle]) -> OwnStyle {
        var values = InlineArray<20, InlineStyleReader.Value>(repeating: .none)
        var setMask: UInt32 = 0
        var uncertainMask: UInt32 = 0
        if !sources.isEmpty { cascade(sources, declared, &values, &setMask, &uncertainMask) }
        return derive(n, values, setMask, uncertainMask)
    }

    /// Node `n`'s style attribute (`style`) alone, read in place (the common case: no rule
    /// applies).
    static func resolveInline(_ n: StyledNode, _ style: Range<Int>?, _ input: UnsafeBufferPointer<UInt8>) -> OwnStyle {
        var values = InlineArray<20, InlineStyleReader.Value>(repeating: .none)
        var setMask: UInt32 = 0
        // Read straight into the values: this path runs for every node, with no rule to merge.
        readInlineStyle(n, style, input) { bytes, range in
            var reader = InlineStyleReader(tokenizer: CSSTokenizer(bytes, range: range))
            reader.read()
            for p in 0..<20 where reader.slots[p].set {
                values[p] = reader.slots[p].value
                setMask |= 1 << UInt32(p)
            }
        }
        return derive(n, values, setMask, 0)
    }

    /// What the winning values say: hiding, inherited visibility, the element's box.
    static func derive(
        _ n: StyledNode, _ values: InlineArray<20, InlineStyleReader.Value>, _ setMask: UInt32, _ uncertainMask: UInt32
    ) -> OwnStyle {
        typealias P = InlineStyleReader.Property
        var own = OwnStyle()
        let touched = setMask | uncertainMask
        @inline(__always) func bit(_ p: P) -> UInt32 { 1 << UInt32(p.rawValue) }
        func definite(_ p: P) -> InlineStyleReader.Value? {
            setMask & bit(p) != 0 && uncertainMask & bit(p) == 0 ? values[p.rawValue] : nil
        }
        func untouched(_ p: P) -> Bool { touched & bit(p) == 0 }
        func keyword(_ p: P) -> InlineStyleReader.Keyword? {
            if case .keyword(let k)? = definite(p) { return k }
            return nil
        }
        func length(_ p: P) -> Double? {
            switch definite(p) {
            case .length(let v)?, .number(let v)?: return v
            default: return nil
            }
        }
        func clips(_ k: InlineStyleReader.Keyword?) -> Bool { k == .hidden || k == .clip }
        func farOff(_ v: Double?) -> Bool { (v ?? 0) <= -500 }

        own.uncertain = uncertainMask != 0
        let sizes = bit(.width) | bit(.height) | bit(.maxWidth) | bit(.maxHeight)
        if touched & ~sizes == 0 {
            // Only sizes, or nothing: the common case, without the hiding checks.
            if n.flags & StyledNode.hiddenAttribute != 0 { own.hides = .hiddenAttribute }
        } else if keyword(.display) == InlineStyleReader.Keyword.none {
            own.hides = .displayNone
        } else if untouched(.display) && n.flags & StyledNode.hiddenAttribute != 0 {
            own.hides = .hiddenAttribute
        } else if touched & bit(.opacity) != 0, let opacity = definite(.opacity), Self.isZeroOpacity(opacity) {
            own.hides = .opacityZero
        } else if touched & (bit(.overflow) | bit(.overflowX) | bit(.overflowY)) != 0,
            clips(keyword(.overflow)) || clips(keyword(.overflowX)) || clips(keyword(.overflowY)),
            length(.height) == 0 || length(.maxHeight) == 0 || length(.width) == 0 || length(.maxWidth) == 0
        {
            own.hides = .collapsed
        } else if touched & bit(.position) != 0, keyword(.position) == .absolute || keyword(.position) == .fixed,
            farOff(length(.left)) || farOff(length(.top)) || farOff(length(.right)) || farOff(length(.bottom))
                || farOff(length(.marginLeft)) || farOff(length(.marginTop))
        {
            own.hides = .offScreen
        }
        if touched & bit(.msoHide) != 0 { own.msoHide = keyword(.msoHide) == .all }

        // visibility inherits; a child may set it back to visible. Declared but uncertain:
        // not hidden.
        if touched & bit(.visibility) != 0 {
            if case .keyword(let k)? = definite(.visibility) {
                own.visibility = k == .hidden || k == .collapse
            } else {
                own.visibility = false
            }
        }

        // The element's own box: CSS wins over the attributes; a CSS size that is not a
        // length (`100%`, `auto`) makes it unknown.
        own.size.width = untouched(.width) ? (n.width >= 0 ? Double(n.width) : nil) : length(.width)
        own.size.height = untouched(.height) ? (n.height >= 0 ? Double(n.height) : nil) : length(.height)
        if touched & (bit(.maxWidth) | bit(.maxHeight)) != 0 {
            if length(.maxWidth) == 0 { own.size.width = 0 }
            if length(.maxHeight) == 0 { own.size.height = 0 }
        }
        return own
    }

    /// Per property, the winning declaration of `sources` (importance, inline over rules,
    /// specificity, order); a `maybe` source that would outrank it makes it uncertain.
    static func cascade(
        _ sources: [Source], _ declared: [DeclaredStyle], _ values: inout InlineArray<20, InlineStyleReader.Value>,
        _ setMask: inout UInt32, _ uncertainMask: inout UInt32
    ) {
        var bestKey = InlineArray<20, Int>(repeating: -1)
        var maybeKey = InlineArray<20, Int>(repeating: -1)
        for source in sources {
            for declaration in declared[source.style].declarations {
                let p = Int(declaration.property)
                let tier = (declaration.important ? 2 : 0) + (source.inline ? 1 : 0)
                let key = tier << 40 | (source.inline ? 0xFFFFFF : source.specificity) << 16 | min(source.order, 0xFFFF)
                if source.applies == .yes {
                    if key > bestKey[p] {
                        bestKey[p] = key
                        values[p] = declaration.value
                        setMask |= 1 << UInt32(p)
                    }
                } else if key > maybeKey[p] {
                    maybeKey[p] = key
                }
            }
        }
        for p in 0..<20 where maybeKey[p] > bestKey[p] { uncertainMask |= 1 << UInt32(p) }
    }

    static func isZeroOpacity(_ value: InlineStyleReader.Value) -> Bool {
        switch value {
        case .number(let v): return v <= 0.01
        case .length(let v): return v == 0
        default: return false
        }
    }

    /// Every rule that may match `node` in `context`, and its inline style.
    mutating func collectSources(_ node: Int, _ context: RenderContext, into sources: inout [Source]) {
        if hasRules {
            let candidates = candidateRules(node)
            for index in candidates {
                let rule = rules[index]
                let media = rule.media[context]
                let declarations = ruleDeclared[index]
                guard media != .no, declarations >= 0 else { continue }
                var applies = Tri.no
                var specificity = 0
                if let selectors = rule.selectors {
                    // The most certain match, and among those the most specific, decides.
                    for selector in selectors where !selector.pseudoElement {
                        let m = match(selector, node, context, ignoringPseudoElement: false)
                        if m.rawValue > applies.rawValue {
                            applies = m
                            specificity = selector.specificity
                        } else if m == applies && m != .no {
                            specificity = max(specificity, selector.specificity)
                        }
                    }
                } else {
                    applies = .maybe
                }
                applies = applies && media
                guard applies != .no else { continue }
                sources.append(
                    Source(style: declarations, applies: applies, inline: false, specificity: specificity, order: rule.order))
            }
        }
        let inline = inlineStyle(node)
        if inline >= 0 {
            sources.append(Source(style: inline, applies: .yes, inline: true, specificity: 0, order: Int.max))
        }
    }

    /// Rules indexed under the node's id, classes or type, and the unindexed ones; the
    /// same for every context, so kept per node.
    mutating func candidateRules(_ node: Int) -> [Int] {
        if candidates.isEmpty { candidates = [[Int]?](repeating: nil, count: nodes.count) }
        if let known = candidates[node] { return known }
        let n = nodes[node]
        var found: [Int] = universal
        if let id = nodes.idValue(n) {
            byID.appendRules(trimmed(attributeBytes(id, n))[...], to: &found)
        }
        if let classes = nodes.classValue(n) {
            let value = attributeBytes(classes, n)
            for token in LoadCollector.whitespaceTokens(value) {
                byClass.appendRules(value[token], to: &found)
            }
        }
        byTag.appendRules(nodes.key(n), to: &found)
        if found.count > 1 {
            found.sort()
            var unique = 0
            for index in found.indices where index == 0 || found[index] != found[index - 1] {
                found[unique] = found[index]
                unique += 1
            }
            found.removeLast(found.count - unique)
        }
        candidates[node] = found
        return found
    }

    /// Per node: its candidate rules, once looked up.
    var candidates: [[Int]?] = []
    /// Per element with attributes (`StyledNode.attributes`): its `style` attribute's index
    /// in `declared`, -1 when it declares nothing the model reads, -2 until read.
    var inlineIndex: [Int32] = []
    /// Every declaration block the model reads: the rules' first, then inline styles.
    var declared: [DeclaredStyle] = []
    /// Per rule: its index in `declared`, or -1.
    var ruleDeclared: [Int] = []

    /// Declarations already read, by the style attribute's bytes: elements with the same
    /// style share one entry of `declared`.
    var declaredCache = InlineStyleCache<Int32>()

    mutating func inlineStyle(_ node: Int) -> Int {
        let attributed = Int(nodes[node].attributes)
        guard attributed >= 0 else { return -1 }
        let known = inlineIndex[attributed]
        if known != -2 { return Int(known) }
        var result = -1
        let n = nodes[node]
        if let style = nodes.style(n) {
            let key = StyleKey(input, style, .declarations(n))
            if let shared = declaredCache.find(input, key) {
                result = Int(shared)
            } else {
                var read: DeclaredStyle?
                Self.readInlineStyle(n, style, input) { read = DeclaredStyle($0, $1) }
                if let read, read.any {
                    declared.append(read)
                    result = declared.count - 1
                }
                declaredCache.store(Int32(result), key)
            }
        }
        inlineIndex[attributed] = Int32(result)
        return result
    }

    /// Calls `body` with a node's inline style as CSS to read (decoded when it holds a
    /// character reference); not at all when it has none, or when it cannot hide anything
    /// (most inline styles set only colours, fonts and padding).
    static func readInlineStyle(
        _ n: StyledNode, _ style: Range<Int>?, _ input: UnsafeBufferPointer<UInt8>,
        _ body: (UnsafeBufferPointer<UInt8>, Range<Int>) -> Void
    ) {
        guard let style else { return }
        let decode = n.flags & StyledNode.needsDecoding != 0
        guard decode || CSSInlineStyle.mayAffectVisibility(input, style) else { return }
        if decode {
            HTMLDecoding.decode(input, style, mode: .attributeValue).withUnsafeBufferPointer { body($0, 0..<$0.count) }
        } else {
            body(input, style)
        }
    }

    // MARK: Selector matching

    /// A quick test before matching: the subject's type, and whether the node has the
    /// class or id attribute the subject needs at all.
    @inline(__always) static func mayMatch(_ subject: borrowing CompoundSelector, _ node: StyledNode, key: NameKey) -> Bool {
        if let tag = subject.tag, tag != key { return false }
        if !subject.classes.isEmpty && node.flags & StyledNode.hasClass == 0 { return false }
        if !subject.ids.isEmpty && node.flags & StyledNode.hasID == 0 { return false }
        return true
    }

    /// Steps one match may take before answering `maybe` (selectors with many descendant
    /// combinators over deep trees backtrack).
    static let matchStepLimit = 4096

    mutating func match(_ selector: borrowing ComplexSelector, _ node: Int, _ context: RenderContext, ignoringPseudoElement: Bool) -> Tri {
        if !selector.ancestorKeys.isEmpty && !ancestorFilter(node).contains(selector.ancestorKeys) {
            // No ancestor holds what the selector needs up there. (Walking would say so
            // too, or say `maybe` if the tree is deeper than the walk's step limit.)
            return .no
        }
        return matchByWalking(selector, node, context, ignoringPseudoElement: ignoringPseudoElement)
    }

    /// `match` without the ancestor filter (tests compare the two).
    func matchByWalking(_ selector: borrowing ComplexSelector, _ node: Int, _ context: RenderContext, ignoringPseudoElement: Bool) -> Tri {
        if selector.pseudoElement && !ignoringPseudoElement { return .no }
        if context != .outlook && nodes[node].isOutlookOnly { return .no }
        var steps = 0
        return matchFrom(selector, selector.compounds.count - 1, node, context, &steps)
    }

    /// The keys of every element above `node` (in every context: Outlook-only elements
    /// included, so the filter holds at least what any context's ancestors hold). Kept per
    /// node once asked for; made top-down without recursion.
    mutating func ancestorFilter(_ node: Int) -> KeyFilter {
        if ancestorFilters.isEmpty {
            ancestorFilters = [KeyFilter](repeating: KeyFilter(), count: nodes.count)
            ancestorFilterKnown = [Bool](repeating: false, count: nodes.count)
        }
        if ancestorFilterKnown[node] { return ancestorFilters[node] }
        filterPath.removeAll(keepingCapacity: true)
        var current = node
        while current >= 0 && !ancestorFilterKnown[current] {
            filterPath.append(current)
            current = Int(nodes[current].parent)
        }
        for index in filterPath.reversed() {
            let parent = Int(nodes[index].parent)
            var filter = KeyFilter()
            if parent >= 0 {
                filter = ancestorFilters[parent]
                filter.formUnion(ownKeys(parent))
            }
            ancestorFilters[index] = filter
            ancestorFilterKnown[index] = true
        }
        return ancestorFilters[node]
    }

    /// The keys `matchCompound` can find on `node`: its name, each class token, its id.
    func ownKeys(_ node: Int) -> KeyFilter {
        let n = nodes[node]
        if n.flags & StyledNode.needsDecoding != 0 { return .everything }
        var keys = KeyFilter()
        keys.insert(tag: nodes.key(n))
        if let id = nodes.idValue(n) { keys.insert(name: UnsafeBufferPointer(rebasing: input[trimmed(id)])) }
        if let classes = nodes.classValue(n) {
            var index = classes.lowerBound
            while let token = nextToken(in: classes, from: &index) {
                keys.insert(name: UnsafeBufferPointer(rebasing: input[token]))
            }
        }
        return keys
    }

    /// `range` without the whitespace at either end.
    func trimmed(_ range: Range<Int>) -> Range<Int> {
        var lower = range.lowerBound
        var upper = range.upperBound
        while lower < upper && isWhitespace(input[lower]) { lower += 1 }
        while upper > lower && isWhitespace(input[upper - 1]) { upper -= 1 }
        return lower..<upper
    }

    /// The next whitespace-separated token of `range` at or after `index`, which moves past
    /// it; nil when none is left.
    func nextToken(in range: Range<Int>, from index: inout Int) -> Range<Int>? {
        while index < range.upperBound && isWhitespace(input[index]) { index += 1 }
        let start = index
        while index < range.upperBound && !isWhitespace(input[index]) { index += 1 }
        return index > start ? start..<index : nil
    }

    private func matchFrom(_ selector: borrowing ComplexSelector, _ index: Int, _ node: Int, _ context: RenderContext, _ steps: inout Int) -> Tri {
        steps += 1
        if steps > Self.matchStepLimit { return .maybe }
        let own = selector.compounds.withCompound(index) { matchCompound($0, node) }
        if own == .no || index == 0 { return own }
        switch selector.combinators[index - 1] {
        case .child:
            let up = parent(node, context)
            guard up >= 0 else { return .no }
            return own && matchFrom(selector, index - 1, up, context, &steps)
        case .descendant:
            var best = Tri.no
            var up = parent(node, context)
            while up >= 0 && best != .yes {
                best = best || matchFrom(selector, index - 1, up, context, &steps)
                if steps > Self.matchStepLimit { return own && (best || .maybe) }
                up = parent(up, context)
            }
            return own && best
        case .sibling:
            return own && .maybe
        }
    }

    func matchCompound(_ compound: borrowing CompoundSelector, _ node: Int) -> Tri {
        let n = nodes[node]
        if let tag = compound.tag, tag != nodes.key(n) { return .no }
        var result = compound.unsupported ? Tri.maybe : Tri.yes
        if !compound.ids.isEmpty {
            guard let id = nodes.idValue(n) else { return .no }
            for wanted in compound.ids {
                let m = withBytes(of: wanted) { tokenMatch(id, n, $0, wholeValue: true) }
                if m == .no { return .no }
                result = result && m
            }
        }
        if !compound.classes.isEmpty {
            guard let classes = nodes.classValue(n) else { return .no }
            for wanted in compound.classes {
                let m = withBytes(of: wanted) { tokenMatch(classes, n, $0, wholeValue: false) }
                if m == .no { return .no }
                result = result && m
            }
        }
        if !compound.attributes.isEmpty {
            result = result && matchAttributes(compound.attributes, n)
        }
        return result
    }

    /// Whether the attribute value in `range` (its whole trimmed value, or one of its
    /// whitespace-separated tokens) is `wanted`: read in place unless it needs decoding.
    /// The bytes of a selector's class or id name.
    func withBytes<R>(of name: SelectorName, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if !name.pooled { return body(UnsafeBufferPointer(rebasing: input[name.range])) }
        return selectorNames.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[name.range])) }
    }

    func tokenMatch(_ range: Range<Int>, _ n: StyledNode, _ wanted: UnsafeBufferPointer<UInt8>, wholeValue: Bool) -> Tri {
        if n.flags & StyledNode.needsDecoding != 0 {
            let value = attributeBytes(range, n)
            if wholeValue { return Self.compareName(trimmed(value)[...], wanted) }
            var best = Tri.no
            for token in LoadCollector.whitespaceTokens(value) { best = best || Self.compareName(value[token], wanted) }
            return best
        }
        if wholeValue {
            let value = trimmed(range)
            guard !value.isEmpty, value.count == wanted.count else { return .no }
            return Self.compareName(UnsafeBufferPointer(rebasing: input[value]), wanted)
        }
        var best = Tri.no
        var index = range.lowerBound
        while let token = nextToken(in: range, from: &index) {
            guard token.count == wanted.count else { continue }
            best = best || Self.compareName(UnsafeBufferPointer(rebasing: input[token]), wanted)
            if best == .yes { return .yes }
        }
        return best
    }

    /// Exact: yes. Equal but for ASCII case (quirks mode matches those): maybe.
    static func compareName(_ value: some Collection<UInt8>, _ wanted: UnsafeBufferPointer<UInt8>) -> Tri {
        guard value.count == wanted.count else { return .no }
        if value.elementsEqual(wanted) { return .yes }
        return value.elementsEqual(wanted, by: { asciiLower($0) == asciiLower($1) }) ? .maybe : .no
    }

    func matchAttributes(_ tests: [AttributeTest], _ n: StyledNode) -> Tri {
        // Attribute selectors are rare: the tag is tokenized again to read them.
        var tokenizer = HTMLTokenizer(array, range: n.tag)
        guard case .startTag? = tokenizer.nextRaw() else { return .maybe }
        let attributes = tokenizer.rawAttributes
        var result = Tri.yes
        for test in tests {
            guard let attribute = attributes.first(where: { $0.key == test.name }) else { return .no }
            if test.op == .exists { continue }
            let value = attribute.valueBytes(in: input)
            let a = test.caseInsensitive ? value.map { asciiLower($0) } : value
            let b = test.caseInsensitive ? test.value.map { asciiLower($0) } : test.value
            let hit: Bool
            switch test.op {
            case .exists: hit = true
            case .equals: hit = a == b
            case .includes: hit = LoadCollector.whitespaceTokens(a).contains { Array(a[$0]) == b }
            case .dashMatch: hit = a == b || a.starts(with: b + [0x2D])
            case .prefix: hit = !b.isEmpty && a.starts(with: b)
            case .suffix: hit = !b.isEmpty && a.count >= b.count && Array(a.suffix(b.count)) == b
            case .substring: hit = !b.isEmpty && Self.contains(a, b)
            }
            if !hit { return .no }
            result = result && .yes
        }
        return result
    }

    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard needle.count <= haystack.count else { return false }
        for start in 0...(haystack.count - needle.count) where haystack[start..<(start + needle.count)].elementsEqual(needle) {
            return true
        }
        return false
    }

    func attributeBytes(_ range: Range<Int>, _ n: StyledNode) -> [UInt8] {
        if n.flags & StyledNode.needsDecoding != 0 { return HTMLDecoding.decode(input, range, mode: .attributeValue) }
        return Array(UnsafeBufferPointer(rebasing: input[range]))
    }

    func trimmed(_ value: [UInt8]) -> [UInt8] {
        var lower = 0
        var upper = value.count
        while lower < upper && isWhitespace(value[lower]) { lower += 1 }
        while upper > lower && isWhitespace(value[upper - 1]) { upper -= 1 }
        return lower == 0 && upper == value.count ? value : Array(value[lower..<upper])
    }
}
