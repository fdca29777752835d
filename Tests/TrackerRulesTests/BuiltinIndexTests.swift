import Foundation
import MailURL
import Testing
@testable import TrackerRules

/// The stored index of the built-in rules (`Data/BuiltinTrackersIndex.swift`) must be what
/// reading `BuiltinTrackers.text` gives, and must decide exactly as the text does.
@Suite struct BuiltinIndexTests {
    @Test func storedIndexIsCurrent() throws {
        let expected = try #require(BuiltinIndexSource.current())
        let current = try storedDataFileIsCurrent("BuiltinTrackersIndex.swift", expected)
        #expect(current, "the built-in rules changed: run `swift run rules-index`")
    }

    @Test func storedIndexEqualsTheTextRead() throws {
        let text = BuiltinTrackers.text
        let read = try #require(FrozenRuleTable(BuiltinRules(text), textByteCount: text.utf8.count))
        let same = read == FrozenRuleTable.builtIn
        #expect(same, "the stored index differs from the text read: run `swift run rules-index`")
    }

    @Test func sharedRulesComeFromTheIndex() {
        #expect(BuiltinRules(BuiltinTrackers.text, frozen: .builtIn) != nil)
    }

    @Test func aTextOfAnotherLengthIsReadLineByLine() {
        let edited = BuiltinTrackers.text + "\n= Extra\nhost extra.example * https://extra.example/p.gif\n"
        #expect(BuiltinRules(edited, frozen: .builtIn) == nil)
    }

    @Test func listingIsTheSameEitherWay() {
        let fromIndex = Ruleset.builtIn
        let fromText = Ruleset.parsingBuiltInAgain()
        let sameEntries = fromIndex.entries == fromText.entries
        #expect(sameEntries)
        #expect(fromIndex.summary == fromText.summary)
        #expect(fromIndex.vendors == fromText.vendors)
    }

    /// Each rule's example and variants of it (other sub-domains, digits, query names,
    /// kinds, sizes) decide the same through the index as through the text.
    @Test func decisionsAreTheSameEitherWay() {
        let fromIndex = Ruleset.builtIn
        let fromText = Ruleset.parsingBuiltInAgain()
        var urls: [String] = []
        for rule in BuiltinRules.shared.table.rules {
            let e = rule.example
            urls += [e, e.replacingOccurrences(of: "://", with: "://x7."), e + "?utm_source=a&id=42", e + "/p.gif"]
            urls.append(e.replacingOccurrences(of: "1", with: "9"))
        }
        var differing: [String] = []
        for url in urls {
            for kind in [ResourceKind.image, .stylesheet, .font] {
                for size in [1, 600] {
                    let q = ResourceQuery(url: url, kind: kind, width: size, height: size)
                    let a = fromIndex.decide(q, in: .empty), b = fromText.decide(q, in: .empty)
                    if a != b { differing.append("\(url) \(kind) \(size): \(a.ruleID) vs \(b.ruleID)") }
                }
            }
        }
        #expect(urls.count > 2000)
        #expect(differing.isEmpty, "\(differing.prefix(5))")
    }
}
