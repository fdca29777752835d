import FixtureSupport
import Testing

@testable import MailHTML

/// The packed forms a selector is stored in read back what was put in: combinators two
/// bits each (and past 32, in the overflow array), names with their pool bit, a tag key
/// with no optional.
@Suite struct SelectorStorageTests {
    @Test func combinatorsReadBackInOrderAtEveryLength() {
        var generator = SplitMix64(seed: 0xC0B1)
        let all: [Combinator] = [.descendant, .child, .sibling]
        for length in 0...80 {
            let written = (0..<length).map { _ in generator.pick(all) }
            let list = CombinatorList(written)
            #expect(list.count == length)
            #expect((0..<length).map { list[$0] } == written, "length \(length)")
        }
    }

    @Test func aLongSelectorKeepsEachCombinator() throws {
        // 40 compounds: the last eight combinators are past the packed word.
        let parts = (0..<40).map { "e\($0)" }
        let joins = (0..<39).map { [" ", " > ", " + ", " ~ "][$0 % 4] }
        var text = parts[0]
        for index in 0..<39 { text += joins[index] + parts[index + 1] }
        let bytes = Array(text.utf8)
        var pool: [UInt8] = []
        let parsed = bytes.withUnsafeBufferPointer { SelectorParser.parseList($0, 0..<$0.count, pool: &pool) }
        let selector = try #require(parsed?.first)
        #expect(selector.compounds.count == 40)
        let expected: [Combinator] = joins.map { $0 == " " ? .descendant : $0 == " > " ? .child : .sibling }
        #expect((0..<39).map { selector.combinators[$0] } == expected)
    }

    @Test func namesKeepTheirRangeAndPool() {
        for (range, pooled) in [(0..<0, false), (3..<9, true), (1_000_000..<1_000_017, false), (7..<(7 + 0x7FFF_FFF0), true)] {
            let name = SelectorName(range, pooled: pooled)
            #expect(name.range == range)
            #expect(name.pooled == pooled)
            #expect(!name.isNone)
        }
        #expect(SelectorName.none.isNone)
        var names = SelectorNames()
        #expect(names.isEmpty && names.first == nil && Array(names).isEmpty)
        names.append(SelectorName(0..<3, pooled: false))
        names.append(SelectorName(4..<6, pooled: true))
        names.append(SelectorName(7..<8, pooled: false))
        #expect(Array(names).map(\.range) == [0..<3, 4..<6, 7..<8])
        #expect(Array(names).map(\.pooled) == [false, true, false])
    }

    @Test func aCompoundWithoutATypeHasNoTag() {
        var pool: [UInt8] = []
        func subjectTag(_ text: String) -> NameKey? {
            let bytes = Array(text.utf8)
            return bytes.withUnsafeBufferPointer { SelectorParser.parseList($0, 0..<$0.count, pool: &pool) }?.first?.subject.tag
        }
        #expect(subjectTag("*.a") == nil)
        #expect(subjectTag(".a") == nil)
        #expect(subjectTag("div IMG") == NameKey(ascii: "img"))
        var compound = CompoundSelector()
        compound.tag = NameKey(ascii: "td")
        #expect(compound.tag == NameKey(ascii: "td"))
        compound.tag = nil
        #expect(compound.tag == nil)
    }
}

/// Which preludes are no selector list at all: a browser drops their rules, so the model
/// does too. Every valid selector here stays (parsed, or `maybe` when beyond the model).
@Suite struct SelectorValidityTests {
    static func invalid(_ prelude: String) -> Bool {
        let bytes = Array(prelude.utf8)
        return bytes.withUnsafeBufferPointer { SelectorParser.isInvalidList($0, 0..<$0.count) }
    }

    @Test(arguments: [
        "", "  ", "img,", ", img", "img, , td", "url(https://cdn.shop.example/brand.css) img", "url(\"a\")",
        "\"img\"", "12px", "50%", "img 2", "@media img", "img;td", "img)", "img]", "[a", "calc(1px) img",
        "img !important", "img / td", "img = td", "<!-- img", "img { td",
    ])
    func aBrowserDropsTheRule(prelude: String) {
        #expect(Self.invalid(prelude), "\(prelude)")
    }

    @Test(arguments: [
        "img", "*", ".hero img", "td > img", "h1 + p", "h1 ~ p", "a:hover", "img:not(.x)", "p::first-line",
        "img:is(.a, .b), td > img[src*=\"x\"]", "li:nth-child(2n+1)", "[data-x='1']", "svg|rect", "& .x",
        "#logo", "a:has(> img)", "u + .body .gmail-hide", "*|*", "div:where(.a,.b) span",
    ])
    func aValidSelectorListStays(prelude: String) {
        #expect(!Self.invalid(prelude), "\(prelude)")
    }
}
