import MailURL

/// One rule of the built-in data or of a user rules file.
///
/// Text fields are ranges into the rule's `RuleSource` and become strings only when a
/// decision or a listing needs them: loading the built-in data allocates the array of
/// rules and little else.
struct TrackerRule: Sendable {
    enum Scope: String, Sendable, CaseIterable {
        /// A tracking host: loads matching the path shape (or any path) are trackers.
        case host
        /// A host where a mail platform serves content (images, CSS): images are judged by
        /// heuristics with the vendor named; stylesheets, fonts and the rest are removed.
        case esp
        /// A path shape on any host (white-labelled tracking domains).
        case signature
        /// A word that, as a part of the host name, marks a tracking host.
        case hostWord
        /// A font or CSS CDN whose fonts and stylesheets are not trackers.
        case fontCDN
        /// A user allow rule for a host.
        case allowHost
    }

    let source: RuleSource
    let scope: Scope
    let vendorRange: Range<Int>
    /// Comma-separated host patterns, lower case (`#` is a run of digits); empty for signatures.
    let hostsRange: Range<Int>
    /// The path shape, or nil for any path.
    let shape: PathShape?
    /// A weak rule needs a tiny or hidden load before it counts.
    let weak: Bool
    /// The shape (written in lower case) is matched against the lower-cased target.
    let nocase: Bool
    /// The kinds the rule applies to, as a bit set over `ResourceKind` ordinals; 0 = all.
    let kinds: UInt16
    /// Where the rule was written.
    let origin: String
    let line: Int
    /// The rule's number within its vendor (built-in data), from 1.
    let ordinal: Int
    private let fixedID: String?
    let exampleRange: Range<Int>

    init(
        source: RuleSource, scope: Scope, vendor: Range<Int>, hosts: Range<Int>, shape: PathShape?, weak: Bool,
        nocase: Bool = false, kinds: UInt16, origin: String, line: Int, ordinal: Int = 0, id: String? = nil,
        example: Range<Int> = 0..<0
    ) {
        self.source = source
        self.scope = scope
        self.vendorRange = vendor
        self.hostsRange = hosts
        self.shape = shape
        self.weak = weak
        self.nocase = nocase
        self.kinds = kinds
        self.origin = origin
        self.line = line
        self.ordinal = ordinal
        self.fixedID = id
        self.exampleRange = example
    }

    var vendor: String { source.string(vendorRange) }

    /// Host patterns as written.
    var hosts: [String] { hostRanges.map { source.string($0) } }

    var hostRanges: [Range<Int>] {
        var out: [Range<Int>] = []
        forEachHost { out.append($0) }
        return out
    }

    /// Calls `body` with each host pattern's range, without building an array.
    func forEachHost(_ body: (Range<Int>) -> Void) {
        guard !hostsRange.isEmpty else { return }
        source.bytes.withUnsafeBufferPointer { b in
            var start = hostsRange.lowerBound
            for k in hostsRange.lowerBound...hostsRange.upperBound where k == hostsRange.upperBound || b[k] == 0x2C {
                if k > start { body(start..<k) }
                start = k + 1
            }
        }
    }

    /// The id decisions report: `vendor-slug/N` for built-in rules, `user:ORIGIN:LINE`
    /// for user rules. Built on demand: only decisions that remove something need it.
    var id: String { fixedID ?? "\(RulesText.slug(vendor))/\(ordinal)" }

    /// A URL the rule must match (built-in data only; "" for user rules).
    var example: String { source.string(exampleRange) }

    func applies(to kind: ResourceKind) -> Bool {
        TrackerRule.kinds(kinds, include: kind)
    }

    /// Whether a rule with this `kinds` set applies to `kind` (0 = every kind).
    static func kinds(_ kinds: UInt16, include kind: ResourceKind) -> Bool {
        kinds == 0 || kinds & TrackerRule.bit(kind) != 0
    }

    static func bit(_ kind: ResourceKind) -> UInt16 {
        1 << UInt16(kind.ordinal)
    }
}

/// A table's rules, by position. User rules are held as values; the built-in ones stay in
/// their stored form (`FrozenRuleTable.ruleWords`) and each is made when asked for: a filter
/// process asks for a few dozen of about a thousand, and making them all up front cost
/// 130,000 instructions and 80 KiB of fresh memory per process.
struct RuleList: RandomAccessCollection, Sendable {
    private enum Storage: Sendable {
        case values([TrackerRule])
        case stored(words: [Int32], source: RuleSource, origin: String)
    }
    private var storage: Storage

    init() { storage = .values([]) }

    /// The rules `words` stores (`FrozenRuleTable.RuleWord` numbers per rule), over `source`.
    init(words: [Int32], source: RuleSource, origin: String) {
        precondition(words.count % FrozenRuleTable.RuleWord.count == 0)
        storage = .stored(words: words, source: source, origin: origin)
    }

    var startIndex: Int { 0 }
    var endIndex: Int {
        switch storage {
        case .values(let rules): return rules.count
        case .stored(let words, _, _): return words.count / FrozenRuleTable.RuleWord.count
        }
    }

    subscript(index: Int) -> TrackerRule {
        switch storage {
        case .values(let rules): return rules[index]
        case .stored(let words, let source, let origin):
            return FrozenRuleTable.rule(words, index, over: source, origin: origin)
        }
    }

    /// What a look-up tests before a rule's shape, read without making the rule.
    struct Gate {
        let scope: TrackerRule.Scope
        let weak: Bool
        let kinds: UInt16

        /// Whether the rule may decide a load of `kind`: weak rules only tiny or hidden ones.
        func admits(_ kind: ResourceKind, tinyOrHidden: Bool) -> Bool {
            TrackerRule.kinds(kinds, include: kind) && (!weak || tinyOrHidden)
        }
    }

    /// The rule's path shape and whether it ignores case, read without making the rule
    /// (a look-up tests the shape of every candidate its gate admits; few match).
    func shape(_ index: Int) -> (shape: PathShape?, nocase: Bool) {
        switch storage {
        case .values(let rules):
            return (rules[index].shape, rules[index].nocase)
        case .stored(let words, let source, _):
            let k = index * FrozenRuleTable.RuleWord.count
            let flags = words[k + FrozenRuleTable.RuleWord.flags]
            let nocase = flags & FrozenRuleTable.RuleWord.nocaseBit != 0
            guard flags & FrozenRuleTable.RuleWord.shapeBit != 0 else { return (nil, nocase) }
            let at = k + FrozenRuleTable.RuleWord.shape
            return (PathShape(source: source, range: Int(words[at])..<Int(words[at + 1])), nocase)
        }
    }

    func gate(_ index: Int) -> Gate {
        switch storage {
        case .values(let rules):
            let rule = rules[index]
            return Gate(scope: rule.scope, weak: rule.weak, kinds: rule.kinds)
        case .stored(let words, _, _):
            let flags = words[index * FrozenRuleTable.RuleWord.count + FrozenRuleTable.RuleWord.flags]
            return FrozenRuleTable.gate(flags)
        }
    }

    /// The text rule `index` was read from, without making the rule.
    func source(of index: Int) -> RuleSource {
        switch storage {
        case .values(let rules): return rules[index].source
        case .stored(_, let source, _): return source
        }
    }

    mutating func append(_ rule: TrackerRule) {
        guard case .values(var rules) = storage else { preconditionFailure("the built-in rules are not added to") }
        storage = .values([])  // `rules` is then the only reference: appending does not copy
        rules.append(rule)
        storage = .values(rules)
    }

    mutating func reserveCapacity(_ n: Int) {
        guard case .values(var rules) = storage else { return }
        storage = .values([])
        rules.reserveCapacity(n)
        storage = .values(rules)
    }
}

/// FNV-1a, 64 bits: a cheap hash for byte-string keys.
enum ByteHash {
    static func of(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        // By index: the buffer's iterator was left as a call per byte in some callers.
        var k = 0
        let n = bytes.count
        while k < n {
            h ^= UInt64(bytes[k])
            h = h &* 0x0000_0100_0000_01b3
            k += 1
        }
        return h
    }

    static func of(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        bytes.withUnsafeBufferPointer { of($0) }
    }
}

/// An open-addressing table from a 64-bit hash to the newest entry stored under it.
///
/// The hashes are FNV-1a of byte strings, already well mixed, so they index the table
/// directly; a `Dictionary` would hash them a second time on every look-up. Entries
/// sharing a hash are chained by their owner (each points back to the previous one).
struct HashSlots: Sendable {
    /// Per slot: the newest entry whose key has `slotHash`, or -1 when empty.
    private var slots: [Int32] = []
    private var slotHash: [UInt64] = []
    private(set) var count = 0

    init() {}

    /// A table stored whole (the built-in index): `slots` and `hashes` as `storage` gave them.
    init(slots: [Int32], hashes: [UInt64], count: Int) {
        precondition(slots.count == hashes.count && slots.count & (slots.count - 1) == 0 && count * 2 <= slots.count)
        self.slots = slots
        self.slotHash = hashes
        self.count = count
    }

    /// The table's arrays, to be stored whole.
    var storage: (slots: [Int32], hashes: [UInt64], count: Int) { (slots, slotHash, count) }

    /// Makes room for `n` distinct hashes without growing.
    mutating func reserveCapacity(_ n: Int) {
        if n * 2 > slots.count { rehash(capacity: n) }
    }

    /// Stores `entry` as the newest under `hash`; returns the entry it replaces, or -1.
    mutating func insert(_ hash: UInt64, _ entry: Int32) -> Int32 {
        if (count + 1) * 2 > slots.count { rehash(capacity: count + 1) }
        let slot = find(hash)
        let previous = slots[slot]
        if previous < 0 { count += 1 }
        slots[slot] = entry
        slotHash[slot] = hash
        return previous
    }

    /// The newest entry stored under `hash`, or -1.
    func newest(_ hash: UInt64) -> Int32 {
        count == 0 ? -1 : slots[find(hash)]
    }

    /// The slot holding `hash`, or the empty slot where it would go.
    private func find(_ hash: UInt64) -> Int {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while slots[slot] >= 0 && slotHash[slot] != hash { slot = (slot + 1) & mask }
        return slot
    }

    /// Grows the table to a power of two at least twice `capacity`.
    private mutating func rehash(capacity: Int) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        let oldSlots = slots, oldHashes = slotHash
        slots = [Int32](repeating: -1, count: size)
        slotHash = [UInt64](repeating: 0, count: size)
        for (slot, entry) in oldSlots.enumerated() where entry >= 0 {
            let target = find(oldHashes[slot])
            slots[target] = entry
            slotHash[target] = oldHashes[slot]
        }
    }
}

/// Rule indices grouped by a byte-string key, in insertion order.
///
/// Keys are hashed, not stored: each entry keeps the range of its key in its rule's source,
/// and a look-up compares bytes to weed out hash collisions. Entries with the same hash are
/// chained, so there is no array per key.
struct KeyedRules: Sendable {
    private var newest = HashSlots()
    private var entryRule: [Int32] = []
    private var entryPrevious: [Int32] = []
    private var entryKey: [Range<Int>] = []

    var isEmpty: Bool { newest.count == 0 }

    init() {}

    /// Rebuilds the index `frozen` holds (see `FrozenKeyedRules`).
    init(_ frozen: FrozenKeyedRules) {
        newest = HashSlots(slots: frozen.slots, hashes: frozen.slotHashes, count: frozen.distinctKeys)
        entryRule = frozen.entryRule
        entryPrevious = frozen.entryPrevious
        entryKey = FrozenRuleTable.ranges(frozen.entryKeyBounds)
    }

    /// This index in storable form.
    var frozen: FrozenKeyedRules {
        let s = newest.storage
        return FrozenKeyedRules(
            slots: s.slots, slotHashes: s.hashes, distinctKeys: s.count, entryRule: entryRule,
            entryPrevious: entryPrevious,
            entryKeyBounds: FrozenRuleTable.bounds(entryKey))
    }

    mutating func reserveCapacity(_ n: Int) {
        entryRule.reserveCapacity(n)
        entryPrevious.reserveCapacity(n)
        entryKey.reserveCapacity(n)
        newest.reserveCapacity(n)
    }

    mutating func add(_ key: Range<Int>, of rule: TrackerRule, index: Int) {
        let entry = Int32(entryRule.count)
        entryRule.append(Int32(index))
        entryKey.append(key)
        entryPrevious.append(newest.insert(ByteHash.of(rule.source.bytes[key]), entry))
    }

    /// The newest entry stored under `key`'s hash, or -1; `entry(before:)` walks on.
    func newestEntry(_ key: UnsafeBufferPointer<UInt8>) -> Int32 {
        isEmpty ? -1 : newest.newest(ByteHash.of(key))
    }

    func entry(before entry: Int32) -> Int32 { entryPrevious[Int(entry)] }

    func rule(of entry: Int32) -> Int { Int(entryRule[Int(entry)]) }

    /// Whether `entry`'s key is `key` (entries share a hash, not always a key).
    func key(of entry: Int32, equals key: UnsafeBufferPointer<UInt8>, in rules: RuleList) -> Bool {
        LinkBytes.equals(rules.source(of: rule(of: entry)).bytes, entryKey[Int(entry)], key)
    }

    /// Appends the rules stored under `key` to `out`, oldest first.
    func append(_ key: UnsafeBufferPointer<UInt8>, rules: RuleList, to out: inout [Int]) {
        var entry = newestEntry(key)
        if entry < 0 { return }
        let start = out.count
        while entry >= 0 {
            if self.key(of: entry, equals: key, in: rules) { out.append(rule(of: entry)) }
            entry = self.entry(before: entry)
        }
        // Through the buffer: reversing `out[start...]` itself copied the slice to a new array.
        if out.count - start > 1 { out.withUnsafeMutableBufferPointer { $0[start...].reverse() } }
    }
}

/// Rules indexed for look-up: by host suffix, then by literal path anchors.
///
/// Nothing is tried one after another over the whole list: a load's host is looked up by
/// each of its label suffixes (and once more with digit runs folded to `#`), and path
/// signatures are looked up by the load's path segments, query names and file extension.
struct RuleTable: Sendable {
    private(set) var rules = RuleList()
    private(set) var byHost = KeyedRules()
    private(set) var bySegment = KeyedRules()
    private(set) var byQueryName = KeyedRules()
    private(set) var byExtension = KeyedRules()
    /// Signatures with no literal anchor (user rules only; built-in data rejects them).
    private(set) var unanchored: [Int] = []
    private(set) var hostWords: [Int] = []
    /// The words of `hostWords` rules, as bytes.
    private var hostWordBytes: [[UInt8]] = []
    /// True when some host pattern has a `#` (digit run): only then are hosts folded.
    private var hasDigitPatterns = false

    var isEmpty: Bool { rules.isEmpty }

    init() {}

    /// The table whose indexes `frozen` stores, over `rules` (which they index by position).
    init(rules: RuleList, frozen: FrozenRuleIndexes) {
        self.rules = rules
        byHost = KeyedRules(frozen.byHost)
        bySegment = KeyedRules(frozen.bySegment)
        byQueryName = KeyedRules(frozen.byQueryName)
        byExtension = KeyedRules(frozen.byExtension)
        unanchored = frozen.unanchored.map { Int($0) }
        hostWords = frozen.hostWords.map { Int($0) }
        hostWordBytes = hostWords.map { index in
            let rule = rules[index]
            return Array(rule.source.bytes[rule.hostsRange])
        }
        hasDigitPatterns = frozen.hasDigitPatterns
    }

    /// The indexes in storable form.
    var frozenIndexes: FrozenRuleIndexes {
        FrozenRuleIndexes(
            byHost: byHost.frozen, bySegment: bySegment.frozen, byQueryName: byQueryName.frozen,
            byExtension: byExtension.frozen, unanchored: unanchored.map { Int32($0) },
            hostWords: hostWords.map { Int32($0) }, hasDigitPatterns: hasDigitPatterns)
    }

    mutating func reserveCapacity(rules n: Int, hosts: Int) {
        rules.reserveCapacity(n)
        byHost.reserveCapacity(hosts)
    }

    /// Adds a rule; `anchor` is the signature's best anchor when the caller has it already.
    mutating func add(_ rule: TrackerRule, anchor known: (PathShape.AnchorKind, Range<Int>)? = nil) {
        let index = rules.count
        rules.append(rule)
        switch rule.scope {
        case .host, .esp, .fontCDN, .allowHost:
            rule.forEachHost { host in
                byHost.add(host, of: rule, index: index)
                if rule.source.bytes[host].contains(0x23) { hasDigitPatterns = true }
            }
        case .hostWord:
            hostWords.append(index)
            hostWordBytes.append(Array(rule.source.bytes[rule.hostsRange]))
        case .signature:
            guard let shape = rule.shape, let (kind, key) = known ?? shape.bestAnchor else {
                unanchored.append(index)
                return
            }
            switch kind {
            case .segment: bySegment.add(key, of: rule, index: index)
            case .queryName: byQueryName.add(key, of: rule, index: index)
            case .fileExtension: byExtension.add(key, of: rule, index: index)
            }
        }
    }

    /// Host-scoped rules for `host`, most specific suffix first, in data order within one.
    func hostRules(_ host: ArraySlice<UInt8>) -> [Int] {
        host.withUnsafeBufferPointer { hostRules($0) }
    }

    func hostRules(_ host: UnsafeBufferPointer<UInt8>) -> [Int] {
        // A name longer than DNS allows cannot be fetched; it also bounds the suffix walk.
        guard !host.isEmpty, host.count <= HostNames.maximumLength, !(byHost.isEmpty && hostWords.isEmpty) else { return [] }
        var out: [Int] = []
        RuleTable.forEachSuffix(host) { byHost.append($0, rules: rules, to: &out) }
        if hasDigitPatterns, let folded = HostNames.digitsFolded(host) {
            folded.withUnsafeBufferPointer { h in
                RuleTable.forEachSuffix(h) { suffix in
                    if suffix.contains(0x23) { byHost.append(suffix, rules: rules, to: &out) }
                }
            }
        }
        for (k, index) in hostWords.enumerated() where RecipientForms.contains(host, hostWordBytes[k]) {
            out.append(index)
        }
        return out
    }

    /// Calls `body` with the host and each shorter label suffix, longest first.
    static func forEachSuffix(_ host: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        body(host)
        for i in 0..<host.count where host[i] == 0x2E && i + 1 < host.count {
            body(UnsafeBufferPointer(rebasing: host[(i + 1)...]))
        }
    }

    /// The first signature rule, in data order, that decides a load of `kind`: the lowest
    /// index among the rules stored under the load's path segments, query names and file
    /// extension (and the unanchored ones) whose gate admits it and whose shape matches.
    /// No list of candidates is built and sorted per load, and no closure copies the table.
    func firstSignature(matching target: LoadTarget, _ kind: ResourceKind, tinyOrHidden: Bool) -> Int? {
        var first = Int.max
        target.url.withUnsafeBufferPointer { b in
            if !bySegment.isEmpty {
                for segment in target.segments {
                    consider(bySegment, UnsafeBufferPointer(rebasing: b[segment]), target, kind, tinyOrHidden, &first)
                }
            }
            if !byQueryName.isEmpty {
                for item in target.queryItems where !item.name.isEmpty {
                    consider(byQueryName, UnsafeBufferPointer(rebasing: b[item.name]), target, kind, tinyOrHidden, &first)
                }
            }
            if let ext = target.fileExtension, !byExtension.isEmpty {
                consider(byExtension, UnsafeBufferPointer(rebasing: b[ext]), target, kind, tinyOrHidden, &first)
            }
        }
        for index in unanchored where index < first && signatureDecides(index, target, kind, tinyOrHidden) {
            first = index
        }
        return first == Int.max ? nil : first
    }

    /// Lowers `first` to the lowest rule stored under `key` in `keyed` that decides the load.
    private func consider(
        _ keyed: KeyedRules, _ key: UnsafeBufferPointer<UInt8>, _ target: LoadTarget, _ kind: ResourceKind,
        _ tinyOrHidden: Bool, _ first: inout Int
    ) {
        var entry = keyed.newestEntry(key)
        while entry >= 0 {
            let index = keyed.rule(of: entry)
            if index < first, keyed.key(of: entry, equals: key, in: rules),
                signatureDecides(index, target, kind, tinyOrHidden)
            {
                first = index
            }
            entry = keyed.entry(before: entry)
        }
    }

    /// Whether signature rule `index` decides the load: its gate admits it and its shape matches.
    private func signatureDecides(_ index: Int, _ target: LoadTarget, _ kind: ResourceKind, _ tinyOrHidden: Bool) -> Bool {
        let gate = rules.gate(index)
        guard gate.scope == .signature, gate.admits(kind, tinyOrHidden: tinyOrHidden) else { return false }
        guard let shape = rules.shape(index).shape else { return false }
        return target.matches(shape)
    }
}

/// The parts of one load's URL that rules look at, as byte ranges, computed once per
/// decision.
struct LoadTarget {
    /// One `name=value` query item (ranges into `url`).
    struct Item {
        let whole: Range<Int>
        let name: Range<Int>
        let value: Range<Int>?
    }

    let url: [UInt8]
    let offsets: URLParts.Offsets
    /// The host in lower case without a trailing dot, as bytes: a slice of `url` when the
    /// URL writes it so (no copy per load), else of a lowered copy. Not zero-based.
    let hostBytes: ArraySlice<UInt8>
    /// Where the path ends in `url` (and the `?` or the end of `path?query`).
    var pathEnd: Int { offsets.path.upperBound }
    /// `path?query` in `url` (no fragment): what path shapes match.
    let matchRange: Range<Int>
    /// Non-empty path segments, found as they are read (an array of them, and one of the
    /// query items, were allocated and freed for every load).
    var segments: Segments { Segments(url: url, path: offsets.path) }
    /// Non-empty query items (split on `&`), found as they are read.
    var queryItems: QueryItems { QueryItems(url: url, query: offsets.query) }
    /// The last path segment (nil when the path ends with `/` or is empty).
    let lastSegment: Range<Int>?
    /// The last path segment's extension as written, if any.
    let fileExtension: Range<Int>?

    init(_ string: String) {
        var copy = string
        self.init(array: copy.withUTF8 { Array($0) })
    }

    /// The target of a URL given as bytes (the rewriter's, read where they lie): one copy,
    /// no string.
    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.init(array: Array(bytes))
    }

    private init(array bytes: [UInt8]) {
        url = bytes
        let o = bytes.withUnsafeBufferPointer { URLParts.split($0) }
        offsets = o
        hostBytes = URLParts.lowerHost(of: bytes, o.host)
        matchRange = o.path.lowerBound..<(o.query?.upperBound ?? o.path.upperBound)
        let endsWithSlash = !o.path.isEmpty && bytes[o.path.upperBound - 1] == 0x2F
        var last: Range<Int>? = nil
        if !endsWithSlash {
            var k = o.path.upperBound
            while k > o.path.lowerBound && bytes[k - 1] != 0x2F { k -= 1 }
            if k < o.path.upperBound { last = k..<o.path.upperBound }
        }
        lastSegment = last
        if let last {
            var dot = last.upperBound - 1
            while dot > last.lowerBound, url[dot] != 0x2E { dot -= 1 }
            fileExtension = url[dot] == 0x2E && dot + 1 < last.upperBound ? (dot + 1)..<last.upperBound : nil
        } else {
            fileExtension = nil
        }
    }

    /// The non-empty path segments of a URL, in order.
    struct Segments: Sequence {
        let url: [UInt8]
        let path: Range<Int>

        struct Iterator: IteratorProtocol {
            let url: [UInt8]
            var start: Int
            let end: Int

            mutating func next() -> Range<Int>? {
                // Eight bytes at a time, in the array's buffer (no check per byte).
                url.withUnsafeBufferPointer { u in
                    while start <= end {
                        let stop = ByteWords.firstIndex(of: 0x2F, or: 0x2F, in: u, from: start, to: end)
                        let segment = start..<stop
                        start = stop + 1
                        if !segment.isEmpty { return segment }
                    }
                    return nil
                }
            }
        }

        func makeIterator() -> Iterator { Iterator(url: url, start: path.lowerBound, end: path.upperBound) }
    }

    /// The non-empty `&`-separated query items of a URL, in order.
    struct QueryItems: Sequence {
        let url: [UInt8]
        let query: Range<Int>?

        struct Iterator: IteratorProtocol {
            let url: [UInt8]
            var start: Int
            let end: Int

            mutating func next() -> Item? {
                url.withUnsafeBufferPointer { u in
                    while start <= end {
                        let member = URLParts.queryMember(u, at: start, end: end)
                        start = member.whole.upperBound + 1
                        if !member.whole.isEmpty { return Item(whole: member.whole, name: member.name, value: member.value) }
                    }
                    return nil
                }
            }
        }

        func makeIterator() -> Iterator {
            guard let query else { return Iterator(url: url, start: 1, end: 0) }
            return Iterator(url: url, start: query.lowerBound, end: query.upperBound)
        }

        /// Item `index` in the order they are read (for reports: a walk from the start).
        subscript(index: Int) -> Item {
            var iterator = makeIterator()
            for _ in 0..<index { _ = iterator.next() }
            return iterator.next()!
        }
    }

    var host: String { String(decoding: hostBytes, as: UTF8.self) }

    var hasQuery: Bool { !(offsets.query?.isEmpty ?? true) }

    /// The scheme in ASCII lower case ("" when there is none).
    var schemeLowercased: String {
        guard let s = offsets.scheme else { return "" }
        return String(decoding: url[s].map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }, as: UTF8.self)
    }

    /// True when the scheme is `http` or `https` in any case, or absent: the common case,
    /// answered without building a string.
    var schemeIsHTTPOrAbsent: Bool {
        guard let s = offsets.scheme else { return true }
        guard s.count == 4 || s.count == 5 else { return false }
        // `| 0x20` folds exactly these letters' upper case and nothing else onto them.
        let i = s.lowerBound
        return url[i] | 0x20 == 0x68 && url[i + 1] | 0x20 == 0x74 && url[i + 2] | 0x20 == 0x74
            && url[i + 3] | 0x20 == 0x70 && (s.count == 4 || url[i + 4] | 0x20 == 0x73)
    }

    func string(_ r: Range<Int>) -> String { String(decoding: url[r], as: UTF8.self) }

    /// The bytes of `r`, lower-cased.
    func lowered(_ r: Range<Int>) -> [UInt8] { url[r].map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 } }

    /// The extension in lower case, or nil.
    var lowercasedExtension: String? { fileExtension.map { String(decoding: lowered($0), as: UTF8.self) } }

    func matches(_ shape: PathShape, nocase: Bool = false) -> Bool {
        let local = pathEnd - matchRange.lowerBound
        if nocase {
            return lowered(matchRange).withUnsafeBufferPointer { shape.matches($0, pathEnd: local) }
        }
        return url.withUnsafeBufferPointer { u in
            shape.matches(UnsafeBufferPointer(rebasing: u[matchRange]), pathEnd: local)
        }
    }

    /// The URL without the query items at `drop` (indices into `queryItems`); everything
    /// else byte for byte, the `?` gone when no item is left.
    func removingQueryItems(_ drop: Set<Int>) -> String {
        guard let q = offsets.query, !drop.isEmpty else { return String(decoding: url, as: UTF8.self) }
        var out = Array(url[0..<(q.lowerBound - 1)])
        var first = true
        for (i, item) in queryItems.enumerated() where !drop.contains(i) {
            out.append(first ? 0x3F : 0x26)
            out.append(contentsOf: url[item.whole])
            first = false
        }
        out.append(contentsOf: url[q.upperBound...])
        return String(decoding: out, as: UTF8.self)
    }
}
