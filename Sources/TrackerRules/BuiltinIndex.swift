/// The built-in rules stored already read and indexed, so a filter process does not read
/// `BuiltinTrackers.text` line by line on every start.
///
/// `Data/BuiltinTrackersIndex.swift` holds `FrozenRuleTable.builtIn`, written by
/// `swift run rules-index` from the text. The text stays the source of truth: the rules'
/// strings (vendor, hosts, shapes, examples) are ranges into it, `BuiltinIndexTests` fails
/// when the stored index no longer matches what reading the text gives, and a text whose
/// length differs from the one indexed is read line by line instead.

/// One `KeyedRules` index, as arrays.
struct FrozenKeyedRules: Sendable, Equatable {
    var slots: [Int32]
    var slotHashes: [UInt64]
    var distinctKeys: Int
    var entryRule: [Int32]
    var entryPrevious: [Int32]
    /// Each entry's key as a lower and upper bound into the text.
    var entryKeyBounds: [Int32]
}

/// A `RuleTable`'s indexes, as arrays (the rules themselves are `FrozenRuleTable.ruleWords`).
struct FrozenRuleIndexes: Sendable, Equatable {
    var byHost: FrozenKeyedRules
    var bySegment: FrozenKeyedRules
    var byQueryName: FrozenKeyedRules
    var byExtension: FrozenKeyedRules
    var unanchored: [Int32]
    var hostWords: [Int32]
    var hasDigitPatterns: Bool
}

/// A whole `RuleTable` of the built-in data, with its rules and vendors, as arrays.
struct FrozenRuleTable: Sendable, Equatable {
    /// The length in bytes of the text this was made from.
    var textByteCount: Int
    /// `RuleWord.count` numbers per rule, in data order (see `RuleWord`).
    var ruleWords: [Int32]
    /// Each vendor's name as a lower and upper bound into the text.
    var vendorBounds: [Int32]
    var indexes: FrozenRuleIndexes

    /// The positions of a rule's numbers in `ruleWords`.
    enum RuleWord {
        static let flags = 0, vendor = 1, hosts = 3, shape = 5, line = 7, ordinal = 8, example = 9
        static let count = 11
        /// Bits of the flags word: the scope's index, then weak, nocase and has-shape;
        /// the kinds bit set in the upper half.
        static let weakBit: Int32 = 1 << 4, nocaseBit: Int32 = 1 << 5, shapeBit: Int32 = 1 << 6
    }

    /// Scopes by their stored index.
    static let scopes = TrackerRule.Scope.allCases

    /// Ranges as lower and upper bounds, one after the other.
    static func bounds(_ ranges: [Range<Int>]) -> [Int32] {
        ranges.flatMap { [Int32($0.lowerBound), Int32($0.upperBound)] }
    }

    /// The ranges `bounds` stored.
    static func ranges(_ bounds: [Int32]) -> [Range<Int>] {
        (0..<bounds.count / 2).map { Int(bounds[2 * $0])..<Int(bounds[2 * $0 + 1]) }
    }

    /// The rules over `source`, which must be the text this was made from.
    func rules(over source: RuleSource, origin: String) -> RuleList {
        RuleList(words: ruleWords, source: source, origin: origin)
    }

    /// Rule `index` of `words` (`RuleWord.count` numbers per rule), over `source`.
    static func rule(_ words: [Int32], _ index: Int, over source: RuleSource, origin: String) -> TrackerRule {
        let k = index * RuleWord.count
        let flags = words[k + RuleWord.flags]
        let g = gate(flags)
        func range(_ at: Int) -> Range<Int> { Int(words[k + at])..<Int(words[k + at + 1]) }
        return TrackerRule(
            source: source, scope: g.scope, vendor: range(RuleWord.vendor), hosts: range(RuleWord.hosts),
            shape: flags & RuleWord.shapeBit != 0 ? PathShape(source: source, range: range(RuleWord.shape)) : nil,
            weak: g.weak, nocase: flags & RuleWord.nocaseBit != 0, kinds: g.kinds, origin: origin,
            line: Int(words[k + RuleWord.line]), ordinal: Int(words[k + RuleWord.ordinal]),
            example: range(RuleWord.example))
    }

    /// The scope, weakness and kinds a rule's flags word stores.
    static func gate(_ flags: Int32) -> RuleList.Gate {
        RuleList.Gate(scope: scopes[Int(flags & 0xF)], weak: flags & RuleWord.weakBit != 0,
                      kinds: UInt16(truncatingIfNeeded: flags >> 16))
    }

    /// `Data/BuiltinTrackersIndex.swift`: this value as Swift source.
    package var swiftSource: String {
        func keyed(_ k: FrozenKeyedRules) -> String {
            let i = "                "
            return "FrozenKeyedRules(\n"
                + "\(i)slots: \(swiftIntegerList(k.slots, indent: i)),\n"
                + "\(i)slotHashes: \(swiftIntegerList(k.slotHashes, indent: i)),\n"
                + "\(i)distinctKeys: \(k.distinctKeys),\n"
                + "\(i)entryRule: \(swiftIntegerList(k.entryRule, indent: i)),\n"
                + "\(i)entryPrevious: \(swiftIntegerList(k.entryPrevious, indent: i)),\n"
                + "\(i)entryKeyBounds: \(swiftIntegerList(k.entryKeyBounds, indent: i)))"
        }
        let i = "        "
        let x = indexes
        return """
            // Written by `swift run rules-index` from BuiltinTrackers.text; do not edit.
            // BuiltinIndexTests fails when this no longer matches the text (see BuiltinIndex.swift).
            // swift-format-ignore-file

            extension FrozenRuleTable {
                static let builtIn = FrozenRuleTable(
                    textByteCount: \(textByteCount),
                    ruleWords: \(swiftIntegerList(ruleWords, indent: i)),
                    vendorBounds: \(swiftIntegerList(vendorBounds, indent: i)),
                    indexes: FrozenRuleIndexes(
                        byHost: \(keyed(x.byHost)),
                        bySegment: \(keyed(x.bySegment)),
                        byQueryName: \(keyed(x.byQueryName)),
                        byExtension: \(keyed(x.byExtension)),
                        unanchored: \(swiftIntegerList(x.unanchored, indent: i + "    ")),
                        hostWords: \(swiftIntegerList(x.hostWords, indent: i + "    ")),
                        hasDigitPatterns: \(x.hasDigitPatterns)))
            }

            """
    }
}

extension FrozenRuleTable {
    /// The stored form of `rules`, read from a text of `textByteCount` bytes; nil when the
    /// text had problems (they are reported by reading it, and nothing is stored).
    init?(_ rules: BuiltinRules, textByteCount: Int) {
        guard rules.problems.isEmpty, textByteCount <= Int(Int32.max) else { return nil }
        var words: [Int32] = []
        words.reserveCapacity(rules.table.rules.count * RuleWord.count)
        for rule in rules.table.rules {
            var flags = Int32(FrozenRuleTable.scopes.firstIndex(of: rule.scope)!)
            if rule.weak { flags |= RuleWord.weakBit }
            if rule.nocase { flags |= RuleWord.nocaseBit }
            if rule.shape != nil { flags |= RuleWord.shapeBit }
            flags |= Int32(rule.kinds) << 16
            words.append(flags)
            words += FrozenRuleTable.bounds([rule.vendorRange, rule.hostsRange, rule.shape?.range ?? 0..<0])
            words += [Int32(rule.line), Int32(rule.ordinal)]
            words += FrozenRuleTable.bounds([rule.exampleRange])
        }
        self.init(
            textByteCount: textByteCount, ruleWords: words, vendorBounds: FrozenRuleTable.bounds(rules.vendorRanges),
            indexes: rules.table.frozenIndexes)
    }
}

/// What `Data/BuiltinTrackersIndex.swift` should contain, for the `rules-index` tool and the test.
package enum BuiltinIndexSource {
    /// The Swift source of the index read from `BuiltinTrackers.text`; nil when the text has
    /// problems.
    package static func current() -> String? {
        let text = BuiltinTrackers.text
        return FrozenRuleTable(BuiltinRules(text), textByteCount: text.utf8.count)?.swiftSource
    }
}

/// `values` as a Swift array literal, lines of at most 100 columns indented by `indent`, for
/// the tables written into the binary.
func swiftIntegerList<T: BinaryInteger>(_ values: [T], indent: String) -> String {
    guard !values.isEmpty else { return "[]" }
    var lines: [String] = []
    var line = ""
    for v in values {
        let item = "\(v),"
        if line.count + item.count + 1 > 100 - indent.count - 4 {
            lines.append(line)
            line = ""
        }
        line += line.isEmpty ? item : " " + item
    }
    lines.append(line)
    return "[\n" + lines.map { indent + "    " + $0 }.joined(separator: "\n") + "\n" + indent + "]"
}
