/// Why a load cannot be seen in one rendering context.
public enum HidingReason: String, Sendable {
    case displayNone = "display:none"
    case hiddenAttribute = "the hidden attribute"
    case visibilityHidden = "visibility:hidden"
    case opacityZero = "opacity:0"
    case msoHide = "mso-hide:all"
    case collapsed = "zero size with overflow:hidden"
    case offScreen = "off-screen positioning"
    case tooSmall = "at most 2x2 px"
    /// Outlook-only markup (a downlevel-hidden conditional comment), seen by no other engine.
    case outlookOnly = "Outlook-only markup"
    /// A `<style>` rule that applies in no screen context (`@media print`).
    case mediaNeverApplies = "its rule applies to no screen (print only)"
    /// A `<style>` rule whose selectors match no element that is shown.
    case noShownElement = "its rule matches no shown element"
}

/// Whether a load can be seen in one rendering context.
public enum VisibilityVerdict: Sendable, Equatable {
    case visible
    /// Hidden, by the element itself or (`byAncestor`) a container.
    case hidden(HidingReason, byAncestor: Bool)

    public var isVisible: Bool { self == .visible }
}

/// What the reader can see of one load, per rendering context.
public struct LoadVisibility: Sendable, Equatable {
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

    public subscript(_ context: RenderContext) -> VisibilityVerdict {
        get {
            switch context {
            case .desktop: desktop
            case .phone: phone
            case .outlook: outlook
            }
        }
        set {
            switch context {
            case .desktop: desktop = newValue
            case .phone: phone = newValue
            case .outlook: outlook = newValue
            }
        }
    }

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

/// One element as the visibility model needs it: its place in the tree and where its
/// name, class, id and style are in the input.
struct StyledNode {
    var parent: Int32
    var key: NameKey
    var tag: Range<Int>
    var classValue: Range<Int>?
    var idValue: Range<Int>?
    var style: Range<Int>?
    /// The `width` / `height` attributes in px (presentational hints), -1 when unknown.
    var width: Int32 = -1
    var height: Int32 = -1
    var flags: UInt8 = 0

    static let outlookOnly: UInt8 = 1
    static let hiddenAttribute: UInt8 = 2
    /// Class, id or style hold a character reference: decode before reading.
    static let needsDecoding: UInt8 = 4
    /// An HTML element (selectors for HTML; SVG and MathML names keep their case).
    static let html: UInt8 = 8

    var isOutlookOnly: Bool { flags & Self.outlookOnly != 0 }
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
    let array: [UInt8]
    var nodes: [StyledNode]
    var rules: [StyleRule]
    /// Rules with declarations the model reads, by the subject's id, class and type.
    var byID: [[UInt8]: [Int]] = [:]
    var byClass: [[UInt8]: [Int]] = [:]
    var byTag: [NameKey: [Int]] = [:]
    var universal: [Int] = []

    /// Per context, per node: the facts, once computed.
    var facts: [[NodeFacts]] = []

    struct NodeFacts {
        var computed = false
        /// What hides the node and everything in it (its own style).
        var hidesSubtree: HidingReason?
        var chainComputed = false
        /// What hides it, its own or a container's.
        var chainHidden: HidingReason?
        var chainByAncestor = false
        /// `visibility` after inheritance.
        var visibilityHidden = false
        var width: Double?
        var height: Double?
        var uncertain = false
    }

    init(input: UnsafeBufferPointer<UInt8>, array: [UInt8], nodes: [StyledNode], rules: [StyleRule]) {
        self.input = input
        self.array = array
        self.nodes = nodes
        self.rules = rules
        for (index, rule) in rules.enumerated() where rule.declarations != nil {
            guard let selectors = rule.selectors else {
                universal.append(index)
                continue
            }
            // Indexed under each selector's subject; a rule lands once per key.
            var keys: Set<Int> = []
            for selector in selectors where !selector.pseudoElement {
                let subject = selector.subject
                if let id = subject.ids.first {
                    if byID[id]?.last != index { byID[id, default: []].append(index) }
                } else if let name = subject.classes.first {
                    if byClass[name]?.last != index { byClass[name, default: []].append(index) }
                } else if let tag = subject.tag {
                    if byTag[tag]?.last != index { byTag[tag, default: []].append(index) }
                } else if keys.insert(0).inserted {
                    universal.append(index)
                }
            }
        }
        let empty = [NodeFacts](repeating: NodeFacts(), count: nodes.count)
        facts = [empty, empty, empty]
    }

    var hasRules: Bool { !universal.isEmpty || !byID.isEmpty || !byClass.isEmpty || !byTag.isEmpty }

    // MARK: Verdicts

    /// The visibility of a load of element `node`; `checkSize` for loads whose size is the
    /// element's own box (images, backgrounds).
    mutating func visibility(ofNode node: Int, checkSize: Bool) -> (LoadVisibility, width: Double?, height: Double?) {
        var result = LoadVisibility()
        var size: (Double?, Double?)?
        for context in RenderContext.allCases {
            let verdict = verdict(node, context, checkSize: checkSize)
            result[context] = verdict
            let f = facts[context.rawValue][node]
            if f.uncertain { result.uncertain = true }
            if verdict.isVisible && size == nil { size = (f.width, f.height) }
        }
        if size == nil { size = (facts[0][node].width, facts[0][node].height) }
        return (result, size?.0, size?.1)
    }

    mutating func verdict(_ node: Int, _ context: RenderContext, checkSize: Bool) -> VisibilityVerdict {
        if context != .outlook && nodes[node].isOutlookOnly { return .hidden(.outlookOnly, byAncestor: false) }
        computeChain(node, context)
        let f = facts[context.rawValue][node]
        if let reason = f.chainHidden { return .hidden(reason, byAncestor: f.chainByAncestor) }
        if f.visibilityHidden { return .hidden(.visibilityHidden, byAncestor: false) }
        if checkSize && isTooSmallToSee(width: f.width, height: f.height) { return .hidden(.tooSmall, byAncestor: false) }
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
        if let known = ruleVisibility[low] { return known }
        let result = computeRuleVisibility(low)
        ruleVisibility[low] = result
        return result
    }

    /// Answers of `visibility(ofRuleAt:)`, by rule.
    var ruleVisibility: [Int: LoadVisibility] = [:]
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
        for context in RenderContext.allCases where rule.media[context] != .no {
            var seen = false
            ruleScanBudget -= nodes.count
            for node in nodes.indices {
                var matched = Tri.no
                for selector in selectors {
                    matched = matched || match(selector, node, context, ignoringPseudoElement: true)
                    if matched == .yes { break }
                }
                guard matched != .no else { continue }
                if verdict(node, context, checkSize: true).isVisible {
                    seen = true
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
        if facts[c][node].chainComputed { return }
        var path: [Int] = []
        var current = node
        while current >= 0 && !facts[c][current].chainComputed {
            path.append(current)
            current = parent(current, context)
        }
        for index in path.reversed() {
            computeOwn(index, context)
            let up = parent(index, context)
            var f = facts[c][index]
            if let reason = f.hidesSubtree {
                f.chainHidden = reason
                f.chainByAncestor = false
            } else if up >= 0, let reason = facts[c][up].chainHidden {
                f.chainHidden = reason
                f.chainByAncestor = true
            }
            f.chainComputed = true
            facts[c][index] = f
        }
    }

    // MARK: Cascade

    /// One declaration source for a node: a rule (or the inline style) and how surely it
    /// applies.
    struct Source {
        var style: DeclaredStyle
        var applies: Tri
        var inline: Bool
        var specificity: Int
        var order: Int
    }

    /// The node's own facts in `context` (visibility inherits from the parent, whose facts
    /// are computed first by `computeChain`).
    mutating func computeOwn(_ node: Int, _ context: RenderContext) {
        let c = context.rawValue
        if facts[c][node].computed { return }
        var sources: [Source] = []
        collectSources(node, context, into: &sources)

        typealias P = InlineStyleReader.Property
        var values = InlineArray<20, InlineStyleReader.Value>(repeating: .none)
        var setMask: UInt32 = 0
        var uncertainMask: UInt32 = 0
        if !sources.isEmpty {
            for p in 0..<20 {
                var bestKey = -1
                var best: InlineStyleReader.Value = .none
                var maybeKey = -1
                for source in sources {
                    let slot = source.style.slots[p]
                    guard slot.set else { continue }
                    let tier = (slot.important ? 2 : 0) + (source.inline ? 1 : 0)
                    let key = tier << 40 | (source.inline ? 0xFFFFFF : source.specificity) << 16 | min(source.order, 0xFFFF)
                    if source.applies == .yes {
                        if key > bestKey {
                            bestKey = key
                            best = slot.value
                        }
                    } else {
                        maybeKey = max(maybeKey, key)
                    }
                }
                if bestKey >= 0 {
                    values[p] = best
                    setMask |= 1 << UInt32(p)
                }
                if maybeKey > bestKey { uncertainMask |= 1 << UInt32(p) }
            }
        }
        func definite(_ p: P) -> InlineStyleReader.Value? {
            let bit: UInt32 = 1 << UInt32(p.rawValue)
            return setMask & bit != 0 && uncertainMask & bit == 0 ? values[p.rawValue] : nil
        }
        func untouched(_ p: P) -> Bool {
            let bit: UInt32 = 1 << UInt32(p.rawValue)
            return (setMask | uncertainMask) & bit == 0
        }
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

        var f = facts[c][node]
        f.computed = true
        f.uncertain = uncertainMask != 0
        let n = nodes[node]

        // Hiding the element and everything in it.
        if keyword(.display) == InlineStyleReader.Keyword.none {
            f.hidesSubtree = .displayNone
        } else if untouched(.display) && n.flags & StyledNode.hiddenAttribute != 0 {
            f.hidesSubtree = .hiddenAttribute
        } else if let opacity = definite(.opacity), Self.isZeroOpacity(opacity) {
            f.hidesSubtree = .opacityZero
        } else if context == .outlook && keyword(.msoHide) == .all {
            f.hidesSubtree = .msoHide
        } else if [P.overflow, .overflowX, .overflowY].contains(where: { keyword($0) == .hidden || keyword($0) == .clip }),
            [P.height, .maxHeight, .width, .maxWidth].contains(where: { length($0) == 0 })
        {
            f.hidesSubtree = .collapsed
        } else if keyword(.position) == .absolute || keyword(.position) == .fixed,
            [P.left, .top, .right, .bottom, .marginLeft, .marginTop].contains(where: { (length($0) ?? 0) <= -500 })
        {
            f.hidesSubtree = .offScreen
        }

        // visibility inherits; a child may set it back to visible.
        if let value = definite(.visibility) {
            if case .keyword(let k) = value { f.visibilityHidden = k == .hidden || k == .collapse }
        } else if untouched(.visibility) {
            let up = parent(node, context)
            if up >= 0 {
                computeOwn(up, context)
                f.visibilityHidden = facts[c][up].visibilityHidden
            }
        }

        // The element's own box: CSS wins over the attributes; a CSS size that is not a
        // length (`100%`, `auto`) makes it unknown.
        f.width = untouched(.width) ? (n.width >= 0 ? Double(n.width) : nil) : length(.width)
        f.height = untouched(.height) ? (n.height >= 0 ? Double(n.height) : nil) : length(.height)
        if length(.maxWidth) == 0 { f.width = 0 }
        if length(.maxHeight) == 0 { f.height = 0 }
        facts[c][node] = f
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
        let n = nodes[node]
        if hasRules {
            var candidates: [Int] = universal
            if let id = n.idValue {
                let value = attributeBytes(id, n)
                if let hits = byID[trimmed(value)] { candidates += hits }
            }
            if let classes = n.classValue {
                let value = attributeBytes(classes, n)
                for token in LoadCollector.whitespaceTokens(value) {
                    if let hits = byClass[Array(value[token])] { candidates += hits }
                }
            }
            if let hits = byTag[n.key] { candidates += hits }
            // Case-insensitive class and id matches (quirks mode) are found by the
            // unindexed path below only when the exact key misses; they are rare enough
            // to leave to `maybe` through the universal list.
            var seen = Set<Int>()
            for index in candidates where seen.insert(index).inserted {
                let rule = rules[index]
                let media = rule.media[context]
                guard media != .no, let declarations = rule.declarations else { continue }
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
        if let style = n.style {
            let declared =
                n.flags & StyledNode.needsDecoding != 0
                ? DeclaredStyle(decoded: HTMLDecoding.decode(input, style, mode: .attributeValue))
                : DeclaredStyle(input, style)
            if declared.any {
                sources.append(Source(style: declared, applies: .yes, inline: true, specificity: 0, order: Int.max))
            }
        }
    }

    // MARK: Selector matching

    /// Steps one match may take before answering `maybe` (selectors with many descendant
    /// combinators over deep trees backtrack).
    static let matchStepLimit = 4096

    func match(_ selector: ComplexSelector, _ node: Int, _ context: RenderContext, ignoringPseudoElement: Bool) -> Tri {
        if selector.pseudoElement && !ignoringPseudoElement { return .no }
        if context != .outlook && nodes[node].isOutlookOnly { return .no }
        var steps = 0
        return matchFrom(selector, selector.compounds.count - 1, node, context, &steps)
    }

    private func matchFrom(_ selector: ComplexSelector, _ index: Int, _ node: Int, _ context: RenderContext, _ steps: inout Int) -> Tri {
        steps += 1
        if steps > Self.matchStepLimit { return .maybe }
        let own = matchCompound(selector.compounds[index], node)
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

    func matchCompound(_ compound: CompoundSelector, _ node: Int) -> Tri {
        let n = nodes[node]
        if let tag = compound.tag, tag != n.key { return .no }
        var result = compound.unsupported ? Tri.maybe : Tri.yes
        if !compound.ids.isEmpty {
            guard let id = n.idValue else { return .no }
            let value = trimmed(attributeBytes(id, n))
            for wanted in compound.ids {
                let m = Self.compareName(value[...], wanted)
                if m == .no { return .no }
                result = result && m
            }
        }
        if !compound.classes.isEmpty {
            guard let classes = n.classValue else { return .no }
            let value = attributeBytes(classes, n)
            let tokens = LoadCollector.whitespaceTokens(value)
            for wanted in compound.classes {
                var best = Tri.no
                for token in tokens {
                    best = best || Self.compareName(value[token], wanted)
                    if best == .yes { break }
                }
                if best == .no { return .no }
                result = result && best
            }
        }
        if !compound.attributes.isEmpty {
            result = result && matchAttributes(compound.attributes, n)
        }
        return result
    }

    /// Exact: yes. Equal but for ASCII case (quirks mode matches those): maybe.
    static func compareName(_ value: ArraySlice<UInt8>, _ wanted: [UInt8]) -> Tri {
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
