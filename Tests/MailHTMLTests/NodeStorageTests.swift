import FixtureSupport
import Testing

@testable import MailHTML

/// The compact forms the planner keeps per element and per load read back what was put in:
/// a node's name through the document's name table, its class, id and style from the side
/// table, a site's outcome from its byte, an edit's range from its 32-bit words.
@Suite struct NodeStorageTests {
    /// Element names that repeat, differ only in case, run past the 16 bytes a key packs,
    /// or differ only past them; with and without class, id and style.
    static let document = """
        <div class="a b" id="top"><p>one</p><P style="color:red">two</P>\
        <custom-element-with-a-long-name>x</custom-element-with-a-long-name>\
        <custom-element-with-a-long-nameX id=z>y</custom-element-with-a-long-nameX>\
        <span>s</span><img src="https://img.example/a.png" class="c"><p id="p2" class="d">three</p>\
        <svg><image href="https://img.example/b.png" style="display:none"/></svg></div>
        """

    /// The name in a node's start tag.
    static func nameRange(of node: StyledNode, in input: UnsafeBufferPointer<UInt8>) -> Range<Int> {
        let start = node.tag.lowerBound + 1
        return start..<tagNameEnd(input, from: start)
    }

    @Test func namesClassIdAndStyleReadBack() throws {
        let bytes = Array(Self.document.utf8)
        try bytes.withUnsafeBufferPointer { input in
            var collector = LoadCollector(input: input, array: bytes[...], options: HTMLRewriteOptions())
            collector.run()
            let nodes = collector.nodes
            #expect(nodes.count >= 10)
            var distinct: [NameKey] = []
            for index in nodes.indices {
                let node = nodes[index]
                let nameRange = Self.nameRange(of: nodes[index], in: input)
                // The name read through the table is the name in the tag.
                #expect(nodes.key(node) == NameKey(input, nameRange), "node \(index)")
                if !distinct.contains(nodes.key(node)) { distinct.append(nodes.key(node)) }

                let tag = try #require(String(validating: input[node.tag], as: UTF8.self))
                func attribute(_ name: String) -> String? {
                    // The value as written in this fixture: name="value" or name=value.
                    guard let start = tag.range(of: " \(name)=") else { return nil }
                    var rest = tag[start.upperBound...]
                    if rest.first == "\"" {
                        rest = rest.dropFirst()
                        return String(rest.prefix { $0 != "\"" })
                    }
                    return String(rest.prefix { $0 != " " && $0 != ">" })
                }
                func read(_ range: Range<Int>?) -> String? {
                    range.map { String(decoding: input[$0], as: UTF8.self) }
                }
                #expect(read(nodes.classValue(node)) == attribute("class"), "\(tag)")
                #expect(read(nodes.idValue(node)) == attribute("id"), "\(tag)")
                #expect(read(nodes.style(node)) == attribute("style"), "\(tag)")
                #expect((node.flags & StyledNode.hasClass != 0) == (attribute("class") != nil), "\(tag)")
                #expect((node.flags & StyledNode.hasID != 0) == (attribute("id") != nil), "\(tag)")
                let any = attribute("class") != nil || attribute("id") != nil || attribute("style") != nil
                #expect((node.attributes >= 0) == any, "\(tag)")
            }
            // Each distinct name is stored once: `p` and `P` are one name, the two long
            // names two.
            #expect(nodes.names.count == distinct.count)
            #expect(Set(nodes.names).count == nodes.names.count)
            #expect(nodes.attributedCount == nodes.indices.filter { nodes[$0].attributes >= 0 }.count)
        }
    }

    @Test func manyNamesKeepTheirOwnIndex() {
        // More distinct names than the table's first size, each used twice: the second use
        // finds the first's index, across the table's growth.
        var html = ""
        for round in 0..<2 {
            for index in 0..<300 { html += "<x-name-\(index) data-r=\(round)></x-name-\(index)>" }
        }
        let bytes = Array(html.utf8)
        bytes.withUnsafeBufferPointer { input in
            var collector = LoadCollector(input: input, array: bytes[...], options: HTMLRewriteOptions())
            collector.run()
            let nodes = collector.nodes
            // Elements as written (no implied html, head or body): 600 of 300 names.
            #expect(nodes.count == 600)
            #expect(nodes.names.count == 300)
            for index in nodes.indices {
                #expect(nodes.key(nodes[index]) == NameKey(input, Self.nameRange(of: nodes[index], in: input)))
            }
        }
    }

    @Test func outcomesReadBackAndForgetReplacedURLs() {
        var outcomes = SiteOutcomes(count: 6)
        #expect((0..<6).allSatisfy { if case .notALoad = outcomes[$0] { true } else { false } })
        outcomes[0] = .keep
        outcomes[1] = .remove
        outcomes[2] = .replace("https://a.example/x")
        outcomes[3] = .replace("https://b.example/y")
        outcomes[3] = .remove
        outcomes[4] = .replace("https://c.example/z")
        outcomes[4] = .replace("https://d.example/w")
        func describe(_ o: SiteOutcome) -> String {
            switch o {
            case .notALoad: "none"
            case .keep: "keep"
            case .remove: "remove"
            case .replace(let url): "replace \(url)"
            }
        }
        #expect((0..<6).map { describe(outcomes[$0]) } == [
            "keep", "remove", "replace https://a.example/x", "remove", "replace https://d.example/w", "none",
        ])
        // A site replaced, then removed, then replaced again reads its last URL.
        outcomes[3] = .replace("https://e.example/v")
        #expect(describe(outcomes[3]) == "replace https://e.example/v")
    }

    @Test func editsKeepTheirRange() {
        for range in [0..<0, 5..<9, 1_000_000..<2_000_001, (Int(Int32.max) - 10)..<(Int(Int32.max) - 1)] {
            var edit = ByteEdit(range: range, replacement: [0x41])
            #expect(edit.range == range)
            edit.range = range.lowerBound..<(range.upperBound + 1)
            #expect(edit.range == range.lowerBound..<(range.upperBound + 1))
            #expect(edit == ByteEdit(range: range.lowerBound..<(range.upperBound + 1), replacement: [0x41]))
            #expect(edit != ByteEdit(range: range.lowerBound..<(range.upperBound + 1), replacement: [0x42]))
        }
    }
}
