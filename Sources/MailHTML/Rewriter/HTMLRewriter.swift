/// Finds every remote load and link in `html`, asks `policy` about each, and removes or
/// rewrites what it says to.
///
/// Untouched bytes are copied as they are: a removed load loses its element (pixels,
/// `<link>`, `<iframe>`…), its attribute (`background`, `ping`, VML `src`), its `srcset`
/// candidate, or its CSS declaration or rule; a replaced URL is rewritten in place in
/// the attribute's own quoting. In strict mode every remote load is removed and images
/// become a box of the same size holding their alt text.
///
/// - Parameters:
///   - html: The HTML part, decoded from its transfer encoding, in any ASCII-compatible
///     charset.
///   - policy: Decides about each load and link.
///   - options: Strict mode, base URL, limits.
/// - Returns: The new bytes (`nil` when nothing changed) and the findings. A document of
///   2 GiB or more is not read: `nil` and no findings (`HTMLStage` reports it).
@inlinable
public func rewriteHTML<Policy: HTMLPolicy>(
    _ html: [UInt8], policy: Policy, options: HTMLRewriteOptions = HTMLRewriteOptions()
) -> HTMLRewriteResult<Policy.Note> {
    rewriteHTML(html[...], policy: policy, options: options)
}

/// `rewriteHTML` over bytes where they lie (a MIME part's body inside the message): the
/// document is `html`, its offsets counted from the slice's start.
@inlinable
public func rewriteHTML<Policy: HTMLPolicy>(
    _ html: ArraySlice<UInt8>, policy: Policy, options: HTMLRewriteOptions = HTMLRewriteOptions()
) -> HTMLRewriteResult<Policy.Note> {
    // The planner is not generic: it sees the policy through three closures, and the notes
    // stay here, in the caller's type. (A planner generic over the policy ran as
    // unspecialized code in every caller outside this module, looking up type metadata
    // for each load.) Inlinable, so the closures are compiled for the caller's policy.
    let notes = PolicyNotes<Policy.Note>()
    let planned = planEdits(
        html,
        policy: PlannerPolicy(
            decide: { load in
                switch policy.decide(load) {
                case .keep:
                    return .keep
                case .remove(let note):
                    return .remove(notes.index(of: note, policy))
                case .replace(let url, let note):
                    return .replace(url: url, notes.index(of: note, policy))
                }
            },
            decideLink: { link in policy.decideLink(link) },
            reserveNotes: { count in notes.items.reserveCapacity(notes.items.count + count) }),
        options: options)
    return HTMLRewriteResult(output: planned.output, findings: planned.findings, notes: notes.items)
}

/// The notes a policy gave while one document was rewritten (findings hold their index).
@usableFromInline
final class PolicyNotes<Note> {
    @usableFromInline var items: [Note] = []
    @usableFromInline init() {}

    /// Where `note` is kept: the last entry when the policy says it is the same, else a
    /// new one.
    @inlinable
    func index<Policy: HTMLPolicy>(of note: Note, _ policy: Policy) -> Int where Policy.Note == Note {
        if let last = items.last, policy.isSameNote(last, note) { return items.count - 1 }
        items.append(note)
        return items.count - 1
    }
}

/// The policy as the planner calls it: a load's decision carries the index of its note.
@usableFromInline
struct PlannerPolicy {
    let decide: (LoadQuery) -> LoadDecision<Int>
    let decideLink: (LinkQuery) -> LinkDecision
    /// Room for this many more notes (one per load at most), so that a document with tens
    /// of thousands of loads does not hold a doubled array at its peak. Exact, not doubled:
    /// called once per document, not per `srcdoc` frame.
    let reserveNotes: (Int) -> Void

    @usableFromInline
    init(decide: @escaping (LoadQuery) -> LoadDecision<Int>, decideLink: @escaping (LinkQuery) -> LinkDecision,
         reserveNotes: @escaping (Int) -> Void) {
        self.decide = decide
        self.decideLink = decideLink
        self.reserveNotes = reserveNotes
    }
}

/// The rewrite as edits on `html` (sorted, disjoint, each changing something), with the
/// output they produce.
@usableFromInline
func planEdits(
    _ html: ArraySlice<UInt8>, policy: PlannerPolicy, options: HTMLRewriteOptions
) -> (output: [UInt8]?, edits: [ByteEdit], findings: [HTMLFinding]) {
    // Offsets are kept as 32-bit words; a document of 2 GiB or more is left as it is.
    guard html.count < Int(Int32.max) else { return (nil, [], []) }
    return html.withUnsafeBufferPointer { input in
        var collector = LoadCollector(input: input, array: html, options: options)
        collector.run()
        // Handed over, not copied: the planner lets the collected state go before it
        // splices, and a second owner here would keep it.
        var planner = EditPlanner(collector: consume collector, policy: policy, options: options)
        let output = planner.run()
        return (output, planner.edits, planner.findings)
    }
}

/// What happens to one site.
enum SiteOutcome {
    /// Not a remote load (local, or relative without a base).
    case notALoad
    case keep
    case remove
    case replace(String)

    var isRemoval: Bool {
        if case .remove = self { return true }
        return false
    }

    var isKept: Bool {
        if case .keep = self { return true }
        return false
    }
}

/// Each site's outcome in a byte; the rare replacement URLs apart (a 16-byte outcome per
/// site was 1.3 MB of a document with 80,000 loads).
struct SiteOutcomes {
    private var codes: [UInt8] = []
    private var replacements: [Int: String] = [:]

    init() {}
    init(count: Int) { codes = [UInt8](repeating: 0, count: count) }

    subscript(index: Int) -> SiteOutcome {
        get {
            switch codes[index] {
            case 1: return .keep
            case 2: return .remove
            case 3: return .replace(replacements[index] ?? "")
            default: return .notALoad
            }
        }
        set {
            switch newValue {
            case .notALoad: codes[index] = 0
            case .keep: codes[index] = 1
            case .remove: codes[index] = 2
            case .replace(let url):
                codes[index] = 3
                replacements[index] = url
                return
            }
            if !replacements.isEmpty { replacements[index] = nil }
        }
    }
}

/// Turns the collected sites into decisions, then into byte edits, then into output.
struct EditPlanner {
    var collector: LoadCollector
    let policy: PlannerPolicy
    let options: HTMLRewriteOptions

    var outcomes = SiteOutcomes()
    var findings: [HTMLFinding] = []
    /// Planned byte edits; after `splice()`, the ones it applied, as applied (sorted,
    /// disjoint, each changing something).
    var edits: [ByteEdit] = []

    /// Per span: remove the whole attribute.
    var spanRemoved: [Bool] = []
    /// Decoded-offset edits inside spans, in the order they were planned: one list for all
    /// spans (an array per edited span cost an allocation per rewritten link).
    var spanEdits: [SpanEdit] = []
    /// A struct, not a tuple: arrays of tuples are destroyed through generic metadata.
    struct SpanEdit {
        var span: Int
        var range: Range<Int>
        var replacement: [UInt8]
    }
    var srcsetRemoved: [Int: Set<Int>] = [:]
    var segmentRemoved: [Int: Set<Int>] = [:]
    var segmentReplaced: [Int: [Int: String]] = [:]

    var input: UnsafeBufferPointer<UInt8> { collector.input }
    var model: VisibilityModel

    init(collector: LoadCollector, policy: PlannerPolicy, options: HTMLRewriteOptions) {
        self.collector = collector
        self.policy = policy
        self.options = options
        model = VisibilityModel(
            input: collector.input, array: collector.array, nodes: collector.nodes, rules: collector.styleRules,
            selectorNames: collector.selectorNames)
    }

    /// What the reader can see of a site's load, and the size of the box that shows it.
    mutating func visibility(of index: Int) -> (LoadVisibility, width: Int?, height: Int?) {
        let site = collector.sites[index]
        if site.kind == .media, site.node >= 0, collector.nodes[site.node].flags & StyledNode.cannotPlay != 0 {
            let verdict = VisibilityVerdict.hidden(.cannotPlay, byAncestor: false)
            return (LoadVisibility(desktop: verdict, phone: verdict, outlook: verdict), site.width, site.height)
        }
        if site.node >= 0 {
            let boxed = site.kind == .image || site.kind == .background
            let (visibility, width, height) = model.visibility(ofNode: site.node, checkSize: boxed)
            return (visibility, width.flatMap(LoadCollector.clampedInt), height.flatMap(LoadCollector.clampedInt))
        }
        if case .css(let segment, let load) = site.location, collector.segments[segment].span == nil {
            let offset = collector.segments[segment].scan.loads[load].urlRange.lowerBound
            return (model.visibility(ofRuleAt: offset), nil, nil)
        }
        return (LoadVisibility(uncertain: true), site.width, site.height)
    }

    /// Plans and applies the edits; returns the output, `nil` when nothing changed.
    mutating func run() -> [UInt8]? {
        decide()
        planSrcdocs()
        planElements()
        planSites()
        planPreload()
        planLinks()
        planSrcsets()
        planSegments()
        planSpans()
        releaseDecidedState()
        // The loads' findings first, in the order they were decided, then the frames' and
        // the links' (the order before the sort, which keeps it among equal offsets).
        findings = loadFindings() + findings
        releasePlanningState()
        findings.sort { $0.byteOffset < $1.byteOffset }
        return splice()
    }

    /// What the load findings are not made from goes first (elements, nodes, the model):
    /// the findings, made last, are not held together with them.
    mutating func releaseDecidedState() {
        collector.pictureSourceSites = []
        collector.pictureImages = []
        collector.links = []
        collector.elements = []
        collector.nodes = StyledNodes.none
        collector.styleRules = []
        collector.styleSheetStarts = []
        collector.selectorNames = []
        collector.spanDuplicates = [:]
        collector.linkTextBytes = []
        collector.linkTextPieces = []
        altGone = []
        spanRemoved = []
        spanEdits = []
        handledByElement = []
        srcsetRemoved = [:]
        segmentRemoved = [:]
        segmentReplaced = [:]
        model = VisibilityModel(input: collector.input, array: collector.array, nodes: StyledNodes.none, rules: [])
    }

    /// The per-load state the findings were made from (sites, spans, CSS segments, the
    /// decisions), with what `releaseDecidedState` let go: all done with once the edits are
    /// planned and the findings made. Let go before the splice writes the output, so that a
    /// document with tens of thousands of loads does not hold both at its peak.
    mutating func releasePlanningState() {
        releaseDecidedState()
        collector.sites = []
        collector.spans = []
        collector.segments = []
        collector.srcsets = [:]
        outcomes = SiteOutcomes()
        decisions = []
        decideOrder = []
        urlGroup = []
        plainURL = []
    }

    // MARK: Decisions

    mutating func decide() {
        let sites = collector.sites
        outcomes = SiteOutcomes(count: sites.count)
        decisions = Array(repeating: SiteDecision(), count: sites.count)
        decideOrder.reserveCapacity(sites.count)
        // The document itself reserves; an `<iframe srcdoc>` inside shares its notes, and
        // reserving exactly one more there for each frame moved every note so far on every
        // frame (quadratic in the frames; hostile-inputs `srcdoc-frames`).
        if options.srcdocDepth == 0 { policy.reserveNotes(sites.count) }
        edits.reserveCapacity(sites.count)

        // The base decides what relative URLs mean, so it is decided first. Only the first
        // `<base href>` counts, but if it goes the next one takes over, so they are decided
        // in order until one stays; if none does, the part's own base applies.
        var effectiveBase = options.baseURL
        var strictBase: String?
        partResolver = URLResolver(base: options.baseURL)
        for base in collector.baseSites {
            let raw = collector.rawURL(of: base)
            if let url = partResolver.remoteURL(raw) {
                let outcome = decide(site: base, url: url, occurrences: 1)
                if case .keep = outcome {
                    effectiveBase = url
                    break
                }
                if case .replace(let replacement) = outcome {
                    effectiveBase = replacement
                    break
                }
                // Strict mode removes the base and still removes what loaded through it,
                // so images keep their place as boxes.
                if strictBase == nil && options.strict { strictBase = url }
            } else if let url = Self.absolute(raw) {
                effectiveBase = url
                break
            }
        }
        if let strictBase { effectiveBase = strictBase }
        linkResolver = URLResolver(base: effectiveBase)
        documentBase = effectiveBase
        groupURLs()
        // Elements' own loads first: an element they remove whole is not there for a
        // `<style>` rule to show its load on (deciding the rule's load while the element still
        // stood kept it, and cleaning the result again removed it).
        var isPictureSource = Array(repeating: false, count: sites.count)
        for entry in collector.pictureSourceSites { isPictureSource[entry.site] = true }
        for index in sites.indices where urlGroup[index] >= 0 && sites[index].node >= 0 && !isPictureSource[index] {
            decideGrouped(index, occurrences: occurrences(of: index), again: false)
        }
        // A picture's `<source>` shows in the first `<img>` after it in the picture; once the
        // `<img>`s are decided, that is the first one that stays (one removed whole left the
        // source to the next, a 0x1 pixel, and the next clean removed the source as unseen).
        // With none left it has only its own element, as the next clean would see it.
        for entry in collector.pictureSourceSites where urlGroup[entry.site] >= 0 {
            var box = entry.ownNode
            for image in collector.pictureImages[entry.imagesFrom...] where image.picture == entry.picture {
                // An image emptied to a bare `<img>` (it ended SVG content) is still one.
                if image.record < 0 || wholeRemoval(of: collector.elements[image.record]) == nil
                    || collector.elements[image.record].breaksOutOfForeignContent
                {
                    box = image.node
                    break
                }
            }
            collector.sites[entry.site].node = box
            decideGrouped(entry.site, occurrences: occurrences(of: entry.site), again: false)
        }
        markRemovedElements()
        for index in sites.indices where urlGroup[index] >= 0 && sites[index].node < 0 {
            decideGrouped(index, occurrences: occurrences(of: index), again: false)
        }
        settleOccurrences()
    }

    /// Per site: the group of sites whose URL resolves to the same string (-1 for a site
    /// that loads nothing remote, or a base, decided apart), and each group's size: how
    /// often the document loads the URL. Grouped by hash, then by the strings of a hash's
    /// sites: a dictionary of every URL held them all at once (a document of 80,000
    /// distinct pixels, 9 MB).
    mutating func groupURLs() {
        let sites = collector.sites
        urlGroup = Array(repeating: -1, count: sites.count)
        plainURL = Array(repeating: false, count: sites.count)
        groupSize = []
        var keyed: [(hash: Int, site: Int32)] = []
        // Locals: a closure that used `self` copied the whole planner for each site, and
        // each call on `self.collector` copied the collector (440 bytes).
        let hashOf = urlHash
        let resolver = linkResolver
        let collector = self.collector
        for index in sites.indices where !sites[index].isBase {
            // A plain web URL is its own resolution: its bytes are hashed where they lie.
            var local = false
            var hash = collector.withRawURLBytes(of: index) { bytes -> Int? in
                if URLResolver.isPlainWebURL(bytes: bytes) { return hashOf(bytes) }
                local = URLResolver.hasLocalScheme(bytes: bytes)
                return nil
            }
            if local { continue }
            if hash != nil {
                plainURL[index] = true
            } else {
                // `mask: url(#fade)` names an element of this document whatever `<base>`
                // says: no load (a fragment in `background` is one, resolved by the base).
                if collector.isLocalCSSReference(index) { continue }
                guard var url = resolver.remoteURL(collector.rawURL(of: index)) else { continue }
                hash = url.withUTF8 { hashOf($0) }
            }
            keyed.append((hash ?? 0, Int32(truncatingIfNeeded: index)))
        }
        // By hash alone: which of equal hashes comes first only numbers the groups.
        keyed.sort { $0.hash < $1.hash }
        var start = 0
        while start < keyed.count {
            var end = start + 1
            while end < keyed.count, keyed[end].hash == keyed[start].hash { end += 1 }
            if end - start == 1 {
                urlGroup[Int(keyed[start].site)] = Int32(truncatingIfNeeded: groupSize.count)
                groupSize.append(1)
            } else {
                // Equal hashes: the strings decide (almost always one URL, written again).
                var groups: [String: Int32] = [:]
                for entry in keyed[start..<end] {
                    let url = resolvedURL(of: Int(entry.site))
                    let group: Int32
                    if let known = groups[url] {
                        group = known
                        groupSize[Int(group)] += 1
                    } else {
                        group = Int32(truncatingIfNeeded: groupSize.count)
                        groups[url] = group
                        groupSize.append(1)
                    }
                    urlGroup[Int(entry.site)] = group
                }
            }
            start = end
        }
    }

    /// How often the document loads site `index`'s URL.
    func occurrences(of index: Int) -> Int { Int(groupSize[Int(urlGroup[index])]) }

    /// The URL a grouped site loads, resolved again (the sites keep no strings); a plain web
    /// URL is its own resolution.
    func resolvedURL(of index: Int) -> String {
        let raw = collector.rawURL(of: index)
        return plainURL[index] ? raw : linkResolver.remoteURL(raw) ?? ""
    }

    /// Decides a site that loads something remote (it has a URL group), first or again.
    @discardableResult
    mutating func decideGrouped(_ index: Int, occurrences: Int, again: Bool) -> SiteOutcome {
        guard plainURL[index] else {
            var url = linkResolver.remoteURL(collector.rawURL(of: index)) ?? ""
            return url.withUTF8 { decide(site: index, urlBytes: $0, occurrences: occurrences, again: again) }
        }
        // A URL written as a browser reads it is asked about as its bytes, copied into a
        // buffer the planner keeps: no string per load.
        var scratch: [UInt8] = []
        swap(&scratch, &urlScratch)
        defer { swap(&scratch, &urlScratch) }
        scratch.removeAll(keepingCapacity: true)
        collector.withRawURLBytes(of: index) { scratch.append(contentsOf: $0) }
        return scratch.withUnsafeBufferPointer { decide(site: index, urlBytes: $0, occurrences: occurrences, again: again) }
    }

    /// A load's occurrences are those the cleaned document keeps. A load kept while its URL
    /// occurred `n` times, some of which went, is judged again with what is left, until
    /// nothing changes (a URL loaded five times counts as part of the design; one of the
    /// five removed as a 1-pixel image left four, and the next clean took those for
    /// trackers). A load kept inside an element removed whole goes with it and counts as
    /// gone too (two of five pixels inside a removed `<video>` left three). When that
    /// removes an element whole, the `<style>` rule loads are judged again too, as after the
    /// first pass. Nothing is done when no URL lost an occurrence.
    mutating func settleOccurrences() {
        guard !options.strict else { return }
        let sites = collector.sites
        var lost = [Int32](repeating: 0, count: groupSize.count)
        // Sites already counted in `lost`.
        var gone = [Bool](repeating: false, count: sites.count)
        guard countGone(sites, &lost, &gone) else { return }
        // Bounded: each round removes at least one load, and a chain longer than this is
        // not mail.
        for _ in 0..<8 {
            var elementWent = false
            var changed = false
            for index in sites.indices where urlGroup[index] >= 0 && !gone[index] && outcomes[index].isKept {
                let group = Int(urlGroup[index])
                guard lost[group] > 0 else { continue }
                let left = Int(groupSize[group] - lost[group])
                guard left != Int(decisions[index].occurrences) else { continue }
                if !decideGrouped(index, occurrences: left, again: true).isKept {
                    gone[index] = true
                    lost[group] += 1
                    changed = true
                    if sites[index].node >= 0 { elementWent = true }
                }
            }
            if elementWent {
                markRemovedElements()
                if countGone(sites, &lost, &gone) { changed = true }
                for index in sites.indices
                where urlGroup[index] >= 0 && !gone[index] && sites[index].node < 0 && outcomes[index].isKept {
                    let group = Int(urlGroup[index])
                    if !decideGrouped(index, occurrences: Int(groupSize[group] - lost[group]), again: true).isKept {
                        gone[index] = true
                        lost[group] += 1
                        changed = true
                    }
                }
            }
            if !changed { return }
        }
    }

    /// Counts in `lost` the sites not yet `gone` whose URL no longer loads there: removed or
    /// replaced, or inside an element removed whole. True when a URL loaded more than once
    /// lost one.
    func countGone(_ sites: [LoadSite], _ lost: inout [Int32], _ gone: inout [Bool]) -> Bool {
        var any = false
        let removed = model.removed
        for index in sites.indices where urlGroup[index] >= 0 && !gone[index] {
            let node = sites[index].node
            let inRemoved = node >= 0 && node < removed.count && removed[node]
            guard !outcomes[index].isKept || inRemoved else { continue }
            gone[index] = true
            let group = Int(urlGroup[index])
            if groupSize[group] > 1 {
                lost[group] += 1
                any = true
            }
        }
        return any
    }

    /// Tells the model which elements the decisions so far remove whole: no `<style>` rule
    /// shows its load on them.
    mutating func markRemovedElements() {
        var gone = Array(repeating: false, count: model.nodes.count)
        for element in collector.elements where element.node >= 0 && element.node < gone.count
            && wholeRemoval(of: element) != nil {
            gone[element.node] = true
        }
        model.setRemoved(gone)
    }

    /// What a site's decision was made with, kept for its finding (made once the planning
    /// state is gone, so that findings and that state are not held together).
    struct SiteDecision {
        var visibility = LoadVisibility()
        var size = PackedSize(width: nil, height: nil)
        /// The occurrences of its URL the decision counted.
        var occurrences: Int32 = 0
        /// The policy's note, -1 for none.
        var note: Int32 = -1
    }

    var decisions: [SiteDecision] = []
    /// Sites in the order they were first decided (the order of their findings).
    var decideOrder: [Int32] = []
    var urlGroup: [Int32] = []
    /// Per site: its URL is a plain web URL, its own resolution.
    var plainURL: [Bool] = []
    /// The URL of the load being decided, when it is asked about as bytes (reused).
    var urlScratch: [UInt8] = []
    var groupSize: [Int32] = []
    /// The hash URLs are grouped by (a test makes every URL collide).
    var urlHash: (UnsafeBufferPointer<UInt8>) -> Int = { bytes in
        var hasher = Hasher()
        hasher.combine(bytes: UnsafeRawBufferPointer(bytes))
        return hasher.finalize()
    }
    /// Resolves the `<base href>` URLs themselves (against the part's base).
    var partResolver = URLResolver(parsedBase: nil)

    /// The base URL the document's relative URLs resolve against (after `<base>`).
    var documentBase: String?

    /// An `<iframe srcdoc>` holds a whole HTML document (with the parent's base URL):
    /// rewrite it with the same policy and write it back, encoded, when it changed. Past
    /// the depth limit the `srcdoc` goes.
    mutating func planSrcdocs() {
        for spanIndex in collector.srcdocSpans {
            let span = collector.spans[spanIndex]
            guard options.srcdocDepth < options.maxSrcdocDepth else {
                markSpanRemoved(spanIndex)
                continue
            }
            var inner = options
            inner.srcdocDepth += 1
            inner.baseURL = documentBase
            // Its notes go to the same list as this document's, so their indexes hold.
            let result = planEdits(span.decodedBytes(input, collector.decodedValues)[...], policy: policy, options: inner)
            let offset = span.whole.lowerBound
            for var finding in result.findings {
                finding.byteOffset = offset
                findings.append(finding)
            }
            // The inner edits are in decoded offsets: the span maps them to the raw bytes
            // and encodes what they insert, so the rest of the attribute stays as written.
            for edit in result.edits { addSpanEdit(spanIndex, edit.range, edit.replacement) }
        }
    }

    var linkResolver = URLResolver(parsedBase: nil)

    /// An absolute URL that is not remote (`cid:`, `data:`) still becomes the base.
    static func absolute(_ raw: String) -> String? {
        let cleaned = URLResolver.clean(raw)
        guard URLResolver.splitScheme(cleaned) != nil else { return nil }
        return String(decoding: cleaned, as: UTF8.self)
    }

    /// `again`: the site was decided before; its decision is replaced.
    @discardableResult
    mutating func decide(site index: Int, url: String, occurrences: Int, again: Bool = false) -> SiteOutcome {
        var url = url
        return url.withUTF8 { decide(site: index, urlBytes: $0, occurrences: occurrences, again: again) }
    }

    mutating func decide(site index: Int, urlBytes: UnsafeBufferPointer<UInt8>, occurrences: Int, again: Bool = false) -> SiteOutcome {
        let (visibility, width, height) = self.visibility(of: index)
        let decided = SiteDecision(
            visibility: visibility, size: PackedSize(width: width, height: height),
            occurrences: Int32(clamping: occurrences), note: -1)
        let decision = policy.decide(
            LoadQuery(urlBytes: urlBytes, details: Self.load(collector.sites[index], collector.placeNames.names, url: "", decided)))
        let outcome: SiteOutcome
        if options.strict {
            outcome = .remove
        } else {
            switch decision {
            case .keep: outcome = .keep
            case .remove: outcome = .remove
            case .replace(let replacement, _): outcome = .replace(replacement)
            }
        }
        outcomes[index] = outcome
        decisions[index] = decided
        // The policy's note goes to the finding as it came, in strict mode too.
        decisions[index].note = decision.note.map { Int32(truncatingIfNeeded: $0) } ?? -1
        if !again { decideOrder.append(Int32(truncatingIfNeeded: index)) }
        return outcome
    }

    /// The load the policy is asked about, and reported, for a site (`names`: the
    /// collector's place names). Static: as a method called while deciding, it copied the
    /// whole planner (1.3 KB) for every load.
    static func load(_ site: LoadSite, _ names: [String], url: String, _ decided: SiteDecision) -> RemoteLoad {
        RemoteLoad(
            url: url, kind: site.kind, element: names[Int(site.element)],
            attribute: names[Int(site.attribute)], width: decided.size.width,
            height: decided.size.height, hidden: !decided.visibility.isVisibleSomewhere,
            occurrences: Int(decided.occurrences), visibility: decided.visibility)
    }

    /// One finding per decided load, as decided (its URL resolved again, the same way).
    func loadFindings() -> [HTMLFinding] {
        var made: [HTMLFinding] = []
        made.reserveCapacity(decideOrder.count)
        // The loads of one URL share its string (80,000 pixels of one URL made 80,000 copies
        // of it, 5 MB); URLs loaded once need no entry.
        var groupURLs: [Int32: String] = [:]
        for entry in decideOrder {
            let index = Int(entry)
            let site = collector.sites[index]
            let url: String
            if !options.reportsLoadURLs {
                url = ""
            } else if site.isBase {
                url = partResolver.remoteURL(collector.rawURL(of: index)) ?? ""
            } else if urlGroup[index] >= 0, groupSize[Int(urlGroup[index])] > 1 {
                let group = urlGroup[index]
                if let known = groupURLs[group] {
                    url = known
                } else {
                    url = resolvedURL(of: index)
                    groupURLs[group] = url
                }
            } else {
                url = resolvedURL(of: index)
            }
            let action: HTMLFinding.Action
            switch outcomes[index] {
            case .notALoad, .keep: action = .kept
            case .remove: action = .removed
            case .replace(let replacement): action = .replaced(url: replacement)
            }
            let decided = decisions[index]
            var finding = HTMLFinding(
                subject: .load(Self.load(site, collector.placeNames.names, url: url, decided)), action: action,
                byStrictMode: options.strict,
                byteOffset: site.byteOffset)
            finding.noteIndex = decided.note < 0 ? nil : Int(decided.note)
            made.append(finding)
        }
        return made
    }

    // MARK: Planning

    /// The bytes that remove `element` whole, when every load that is its reason to exist
    /// goes; nil otherwise (or when it cannot be removed whole). Not when a style sheet lies
    /// inside (an `<object>`'s fallback holding a `<style>`): the rules apply there, the
    /// visibility of every load was judged with them, and the next clean, without them,
    /// would judge again; its loads go one by one instead.
    func wholeRemoval(of element: ElementRecord) -> Range<Int>? {
        Self.wholeRemoval(of: element, outcomes: outcomes, sheets: collector.styleSheetStarts)
    }

    /// `wholeRemoval(of:)` with what it reads passed in: a loop that also appends edits
    /// called the method on a copy of the whole planner (1.3 KB) for every element.
    static func wholeRemoval(of element: ElementRecord, outcomes: SiteOutcomes, sheets: [Int32]) -> Range<Int>? {
        guard !element.primarySites.isEmpty, element.primarySites.allSatisfy({ outcomes[$0].isRemoval }),
              let range = element.removalRange else { return nil }
        if !sheets.isEmpty, range.count > element.startTag.count {
            // The first sheet at or after the element's start.
            var low = 0, high = sheets.count
            while low < high {
                let middle = (low + high) / 2
                if Int(sheets[middle]) < range.lowerBound { low = middle + 1 } else { high = middle }
            }
            if low < sheets.count && Int(sheets[low]) < range.upperBound { return nil }
        }
        return range
    }

    /// Elements all of whose primary loads go are removed whole (or boxed).
    mutating func planElements() {
        handledByElement = Array(repeating: false, count: collector.sites.count)
        let tracksAlts = collector.hasLinkAlts
        if tracksAlts { altGone = Array(repeating: false, count: collector.elements.count) }
        let (outcomes, sheets) = (self.outcomes, collector.styleSheetStarts)
        for record in collector.elements.indices {
            var element = collector.elements[record]
            guard let range = Self.wholeRemoval(of: element, outcomes: outcomes, sheets: sheets) else { continue }
            if tracksAlts { altGone[record] = true }
            for site in element.primarySites { handledByElement[site] = true }
            var keepsPlace = false
            if element.node >= 0 {
                // A box keeps the place of what a reader saw; nothing for what no one saw.
                let visibility = model.visibility(ofNode: element.node, checkSize: false).0
                element.hidden = !visibility.isVisibleSomewhere
                // Invisible but still taking room (visibility:hidden, opacity:0 on itself):
                // an empty box of the same size, so the layout does not move.
                switch visibility.desktop {
                case .hidden(.visibilityHidden, byAncestor: false), .hidden(.opacityZero, byAncestor: false):
                    keepsPlace = element.hidden && !options.strict
                default:
                    break
                }
            }
            if keepsPlace, element.isImage, let width = element.width, let height = element.height, width > 2 || height > 2,
                width > 0, height > 0
            {
                edits.append(
                    ByteEdit(
                        range: range,
                        replacement: Array("<span style=\"display:inline-block;width:\(width)px;height:\(height)px\"></span>".utf8)))
            } else if element.isImage, let box = Self.box(for: element, input: input) {
                // The box holds the alt text: a link around it keeps those words.
                if tracksAlts { altGone[record] = false }
                edits.append(ByteEdit(range: range, replacement: box))
            } else if element.breaksOutOfForeignContent {
                // Keep a bare `<img>` (or `<meta>`, `<embed>`): it ends SVG / MathML content
                // exactly as the removed tag did, so what follows parses the same.
                edits.append(ByteEdit(range: range, replacement: Array("<\(tagName(of: element))>".utf8)))
            } else {
                edits.append(ByteEdit(range: range, replacement: []))
            }
        }
    }

    /// The element's tag name as the tokenizer reads it (records keep no copy: it is needed
    /// only for the rare tag that ends SVG content).
    func tagName(of element: ElementRecord) -> String {
        var tokenizer = HTMLTokenizer(collector.array, range: element.startTag)
        if case .startTag(let tag)? = tokenizer.next() { return tag.name }
        // Unreachable (the range is a start tag); `<img>` ends foreign content too.
        return "img"
    }

    /// Per element record, when a link holds an image's alt text: removed whole with no box
    /// that keeps the words (`planLinks`).
    var altGone: [Bool] = []

    /// By site: removed with its element (an array, not a set: cheaper to build per part).
    var handledByElement: [Bool] = []

    /// Audio and video a reader can play keep their sources, but load nothing until
    /// played: `preload="none"` (an existing `preload` value becomes `none`).
    mutating func planPreload() {
        guard !collector.mediaElements.isEmpty else { return }
        // One pass over the loads: the nodes holding a kept media load, and their parents
        // (a <source> inside the <video>).
        var keptMediaNodes = Set<Int>()
        for (site, load) in collector.sites.enumerated() where load.kind == .media && load.node >= 0 {
            switch outcomes[site] {
            case .keep, .replace:
                keptMediaNodes.insert(load.node)
                keptMediaNodes.insert(Int(collector.nodes[load.node].parent))
            case .notALoad, .remove:
                break
            }
        }
        for element in collector.mediaElements {
            guard keptMediaNodes.contains(element.node) else { continue }
            if let span = element.preload {
                let value = collector.spans[span]
                if value.decodedBytes(input, collector.decodedValues).map({ asciiLower($0) }) != Array("none".utf8) {
                    addSpanEdit(span, 0..<value.decodedCount, Array("none".utf8))
                }
                continue
            }
            var end = element.startTag.upperBound - 1  // the `>`
            if end > element.startTag.lowerBound && input[end - 1] == 0x2F { end -= 1 }
            guard end >= element.startTag.lowerBound, input[end] == 0x3E || input[end] == 0x2F else { continue }
            // After an attribute written with `=` and no value (`controls=>`), the new one
            // would be read as that value: the empty value is written out first.
            var before = end - 1
            while before > element.startTag.lowerBound && isWhitespace(input[before]) { before -= 1 }
            let dangling = before > element.startTag.lowerBound && input[before] == 0x3D
            edits.append(ByteEdit(range: end..<end, replacement: Array((dangling ? "\"\" preload=\"none\"" : " preload=\"none\"").utf8)))
        }
    }

    /// The box that holds a removed content image's place: same size, alt text inside.
    /// Pixels (hidden, or 2x2 and smaller) and images with neither size nor alt get none.
    static func box(for element: ElementRecord, input: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        if element.hidden { return nil }
        if let width = element.width, let height = element.height, width <= 2 && height <= 2 { return nil }
        if element.width == 0 || element.height == 0 { return nil }
        let alt = element.alt(in: input).filter { $0 != 0x0A && $0 != 0x0D }
        let hasSize = element.width != nil && element.height != nil
        if alt.allSatisfy({ isWhitespace($0) }) && !hasSize { return nil }
        var style = "display:inline-block;"
        if let width = element.width { style += "width:\(width)px;" }
        if let height = element.height { style += "height:\(height)px;" }
        style += "border:1px solid #ccc;box-sizing:border-box;overflow:hidden"
        return Array("<span style=\"\(style)\">".utf8) + escapeHTML(alt) + Array("</span>".utf8)
    }

    mutating func planSites() {
        for index in collector.sites.indices {
            switch outcomes[index] {
            case .notALoad, .keep:
                continue
            case .remove:
                if handledByElement[index] { continue }
                switch collector.sites[index].location {
                case .value(let span, _): markSpanRemoved(span)
                case .srcset(let span, let candidate): srcsetRemoved[span, default: []].insert(candidate)
                case .css(let segment, let load): segmentRemoved[segment, default: []].insert(load)
                }
            case .replace(let url):
                switch collector.sites[index].location {
                case .value(let span, let part):
                    addSpanEdit(span, part, Array(url.utf8))
                case .srcset(let span, let candidate):
                    if let candidates = collector.srcsets[span], candidate < candidates.count {
                        addSpanEdit(span, candidates[candidate].url, srcsetSafeURL(url))
                    }
                case .css(let segment, let load):
                    segmentReplaced[segment, default: [:]][load] = url
                }
            }
        }
    }

    mutating func planLinks() {
        guard !collector.links.isEmpty else { return }
        // Each link's text is collapsed into one buffer, reused: the policy reads it, and a
        // string is made only for a link it changes.
        var longest = 0
        for index in collector.links.indices { longest = max(longest, collector.links[index].textCount) }
        let scratch = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(longest, 1))
        defer { scratch.deallocate() }
        let collector = self.collector
        let input = collector.input
        // By index, reading fields in place: a copy of each site would retain its arrays.
        for index in collector.links.indices {
            let span = collector.links[index].span
            let count = collector.spans[span].decodedCount
            let text = UnsafeBufferPointer(rebasing: scratch[0..<collectLinkText(of: index, into: scratch)])
            // The resolved URL comes back with the decision (a variable the closure set was
            // boxed on the heap for every link).
            let (decision, resolved) = collector.spans[span].withDecodedBytes(input, collector.decodedValues, 0..<count) {
                raw -> (LinkDecision?, String?) in
                // Most links are written as a browser reads them: asked about where they lie.
                if URLResolver.isPlainWebURL(bytes: raw) {
                    return (policy.decideLink(LinkQuery(urlBytes: raw, textBytes: text)), nil)
                }
                guard var url = linkResolver.webURL(String(decoding: raw, as: UTF8.self)) else { return (nil, nil) }
                let decision = url.withUTF8 { policy.decideLink(LinkQuery(urlBytes: $0, textBytes: text)) }
                return (decision, url)
            }
            guard case .replace(let replacement) = decision else { continue }
            addSpanEdit(span, 0..<count, Array(replacement.utf8))
            guard options.reportsLinks else { continue }
            let url = resolved ?? collector.spans[span].decodedString(input, collector.decodedValues)
            findings.append(
                HTMLFinding(
                    subject: .link(url: url, text: String(decoding: text, as: UTF8.self)),
                    action: .replaced(url: replacement), byteOffset: collector.links[index].byteOffset))
        }
    }

    /// Link `index`'s text as the cleaned document will have it, collapsed into `output`
    /// (room for the link's `textCount` bytes); returns its length. Without the alt texts
    /// of images this clean removes with nothing that keeps the words.
    func collectLinkText(of index: Int, into output: UnsafeMutableBufferPointer<UInt8>) -> Int {
        let pieces = collector.linkTextPieces
        let first = collector.links[index].firstPiece
        guard first >= 0 else { return 0 }
        return collector.linkTextBytes.withUnsafeBufferPointer { all in
            Self.collapseText(into: output, limit: options.maxLinkTextBytes) { visit in
                var piece = Int(first)
                while piece >= 0 {
                    let record = Int(pieces[piece].altRecord)
                    if record < 0 || altGone.isEmpty || !altGone[record] {
                        visit(UnsafeBufferPointer(rebasing: all[pieces[piece].range]))
                    }
                    piece = Int(pieces[piece].next)
                }
            }
        }
    }

    /// Collapses whitespace runs and cuts to `limit` bytes (on a character boundary).
    static func linkText(_ bytes: [UInt8], limit: Int) -> String {
        guard !bytes.isEmpty else { return "" }
        let output = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: bytes.count)
        defer { output.deallocate() }
        let count = bytes.withUnsafeBufferPointer { b in collapseText(into: output, limit: limit) { $0(b) } }
        return String(decoding: UnsafeBufferPointer(rebasing: output[0..<count]), as: UTF8.self)
    }

    /// `linkText` of the bytes `pieces` hands its visitor in turn, written to `output`
    /// (room for all of them: the text only ever shrinks); returns its length.
    static func collapseText(
        into output: UnsafeMutableBufferPointer<UInt8>, limit: Int, _ pieces: ((UnsafeBufferPointer<UInt8>) -> Void) -> Void
    ) -> Int {
        var count = 0
        var pendingSpace = false
        pieces { bytes in
            // By index: the buffer's iterator was left as a call per byte.
            var k = 0
            while k < bytes.count {
                let byte = bytes[k]
                k += 1
                if isWhitespace(byte) || byte == 0x0B {
                    pendingSpace = count > 0
                    continue
                }
                if pendingSpace {
                    output[count] = 0x20
                    count += 1
                    pendingSpace = false
                }
                output[count] = byte
                count += 1
            }
        }
        if count > limit {
            var cut = max(0, limit)
            while cut > 0 && (output[cut] & 0xC0) == 0x80 { cut -= 1 }
            count = cut
        }
        return count
    }

    mutating func ensureSpanTables() {
        if spanRemoved.count < collector.spans.count {
            spanRemoved += Array(repeating: false, count: collector.spans.count - spanRemoved.count)
        }
    }

    mutating func markSpanRemoved(_ span: Int) {
        ensureSpanTables()
        spanRemoved[span] = true
    }

    mutating func addSpanEdit(_ span: Int, _ range: Range<Int>, _ replacement: [UInt8]) {
        spanEdits.append(SpanEdit(span: span, range: range, replacement: replacement))
    }

    /// Removed `srcset` candidates go with one adjacent comma; all of them, the attribute.
    mutating func planSrcsets() {
        for (span, removed) in srcsetRemoved {
            guard let candidates = collector.srcsets[span] else { continue }
            if removed.count >= candidates.count {
                markSpanRemoved(span)
                continue
            }
            var index = 0
            let count = candidates.count
            while index < count {
                guard removed.contains(index) else {
                    index += 1
                    continue
                }
                var last = index
                while last + 1 < count && removed.contains(last + 1) { last += 1 }
                if last + 1 < count {
                    addSpanEdit(span, candidates[index].range.lowerBound..<candidates[last + 1].range.lowerBound, [])
                } else {
                    addSpanEdit(span, candidates[index - 1].range.upperBound..<candidates[last].range.upperBound, [])
                }
                index = last + 1
            }
        }
    }

    mutating func planSegments() {
        let touched = Set(segmentRemoved.keys).union(segmentReplaced.keys)
        for segmentIndex in touched {
            let segment = collector.segments[segmentIndex]
            var removed = segmentRemoved[segmentIndex] ?? []
            // A declaration that also holds a load that stays (a content layer beside a
            // pixel in `background`, both images of a cross-fade) keeps its other values:
            // the removed URL becomes `url("")`, which fetches nothing.
            var emptied: [Int: String] = [:]
            for load in removed where segment.scan.loads[load].sourceList == nil {
                let declaration = segment.scan.loads[load].removalRange
                let sharesWithKept = segment.scan.loads.indices.contains {
                    $0 != load && !removed.contains($0) && segment.scan.loads[$0].removalRange == declaration
                }
                if sharesWithKept { emptied[load] = "" }
            }
            if !emptied.isEmpty {
                removed.subtract(emptied.keys)
                segmentReplaced[segmentIndex, default: [:]].merge(emptied) { kept, _ in kept }
            }
            let deletions = segment.scan.deletions { removed.contains($0) }
            var segmentEdits: [(range: Range<Int>, replacement: [UInt8])] = deletions.map { ($0, []) }
            let singleQuotes = segment.span.map { !collector.spans[$0].isText && collector.spans[$0].quote != .single } ?? false
            for (load, url) in segmentReplaced[segmentIndex] ?? [:] {
                let cssLoad = segment.scan.loads[load]
                let range = cssLoad.urlRange
                if deletions.contains(where: { $0.overlaps(range) }) { continue }
                segmentEdits.append((range, cssLoad.replacementBytes(url: url, singleQuotes: singleQuotes)))
            }
            if let span = segment.span, segment.isAttributeValue, !deletions.isEmpty {
                // A presentation attribute holds one value: removing its load removes it.
                markSpanRemoved(span)
            } else if let span = segment.span {
                for edit in segmentEdits {
                    addSpanEdit(span, edit.range.shifted(-segment.base), edit.replacement)
                }
            } else {
                for edit in segmentEdits { edits.append(ByteEdit(range: edit.range, replacement: edit.replacement)) }
            }
        }
    }

    mutating func planSpans() {
        ensureSpanTables()
        // The edits grouped by span, in span order; within a span, in the order planned.
        if !spanEdits.indices.dropFirst().allSatisfy({ spanEdits[$0 - 1].span <= spanEdits[$0].span }) {
            spanEdits = spanEdits.enumerated().sorted { ($0.element.span, $0.offset) < ($1.element.span, $1.offset) }
                .map(\.element)
        }
        var next = 0
        var group: [(range: Range<Int>, replacement: [UInt8])] = []
        // Most spans have nothing to do: they are skipped before the span is read.
        for index in collector.spans.indices
        where spanRemoved[index] || (next < spanEdits.count && spanEdits[next].span == index) {
            group.removeAll(keepingCapacity: true)
            while next < spanEdits.count && spanEdits[next].span == index {
                group.append((spanEdits[next].range, spanEdits[next].replacement))
                next += 1
            }
            if spanRemoved[index] && !collector.spans[index].isText {
                // The attribute goes with the whitespace before it, and so do its repeats,
                // which would otherwise take its place.
                for whole in [collector.spans[index].whole] + (collector.spanDuplicates[index] ?? []) {
                    var lower = whole.lowerBound
                    while lower > 0 && isWhitespace(input[lower - 1]) { lower -= 1 }
                    // An attribute written right after the previous one's closing quote
                    // (`src="a"width=1`) keeps a space, or the tag's name or the previous
                    // attribute would run into the next one. So does one before `/>`: an
                    // unquoted value before it (`a=w href="…"/>`, and `a=w"` is one too, so a
                    // quote there proves nothing) would take the `/` in, and the tag would no
                    // longer close itself.
                    let following = whole.upperBound < input.count ? input[whole.upperBound] : 0x3E
                    let separated = isWhitespace(following) || following == 0x3E
                    edits.append(ByteEdit(range: lower..<whole.upperBound, replacement: separated || lower == whole.lowerBound ? [] : [0x20]))
                }
                continue
            }
            guard !group.isEmpty else { continue }
            var kept = group
            if kept.count > 1 {
                let sorted = kept.sorted {
                    $0.range.lowerBound != $1.range.lowerBound
                        ? $0.range.lowerBound < $1.range.lowerBound : $0.range.upperBound > $1.range.upperBound
                }
                kept = []
                var end = 0
                for edit in sorted where edit.range.lowerBound >= end {
                    kept.append(edit)
                    end = max(end, edit.range.upperBound)
                }
            }
            collector.spans[index].appendByteEdits(kept, input: input, values: collector.decodedValues, to: &edits)
        }
        assert(next == spanEdits.count, "an edit names a span the collector does not have")
    }

    // MARK: Splice

    /// Whether deleting bytes between `written` and `next` would make new markup out of
    /// their neighbours: a stray `<` or `</` meeting a letter (`<<img …>text` would
    /// become the tag `<text …>`), or `-` meeting `>`, `-` or `!` (closing a comment
    /// early). One space between them keeps both as they were. (Reduced from
    /// `RewriterPropertyTests` seeds 17173, 22155, 37420.)
    static func deletionWouldJoinMarkup(_ written: [UInt8], next: UInt8?) -> Bool {
        guard let next, let previous = written.last else { return false }
        let isLetter = (next | 0x20) >= 0x61 && (next | 0x20) <= 0x7A
        switch previous {
        case 0x3C:
            return isLetter || next == 0x2F || next == 0x21 || next == 0x3F
        case 0x2F:
            return isLetter && written.count >= 2 && written[written.count - 2] == 0x3C
        case 0x2D:
            return next == 0x3E || next == 0x2D || next == 0x21
        default:
            return false
        }
    }

    /// Applies the edits to a copy of the input; `nil` when none changes anything.
    /// Overlaps resolve in favour of the edit that starts first and spans furthest (a
    /// removed element wins over edits inside it).
    mutating func splice() -> [UInt8]? {
        edits.sort {
            $0.range.lowerBound != $1.range.lowerBound
                ? $0.range.lowerBound < $1.range.lowerBound : $0.range.upperBound > $1.range.upperBound
        }
        var output: [UInt8]?
        var cursor = 0
        var covered = 0
        // The edits that apply are moved down in place: a second list of them would cost as
        // much again at the part's peak (a hostile part holds one edit per load).
        var applied = 0
        for index in edits.indices {
            let range = edits[index].range
            guard range.lowerBound >= covered, range.upperBound <= input.count else { continue }
            covered = range.upperBound
            if edits[index].replacement.count == range.count
                && edits[index].replacement.elementsEqual(UnsafeBufferPointer(rebasing: input[range]))
            {
                continue
            }
            if output == nil {
                output = []
                output?.reserveCapacity(input.count)
            }
            output?.append(contentsOf: UnsafeBufferPointer(rebasing: input[cursor..<range.lowerBound]))
            if edits[index].replacement.isEmpty, let written = output,
                Self.deletionWouldJoinMarkup(written, next: range.upperBound < input.count ? input[range.upperBound] : nil)
            {
                edits[index].replacement = [0x20]
            }
            output?.append(contentsOf: edits[index].replacement)
            if applied != index { edits.swapAt(applied, index) }
            applied += 1
            cursor = range.upperBound
        }
        edits.removeLast(edits.count - applied)
        if output != nil {
            output?.append(contentsOf: UnsafeBufferPointer(rebasing: input[cursor..<input.count]))
        }
        return output
    }
}
