import FixtureSupport
import Testing

@testable import MailHTML

/// A load's occurrences are how often the document loads its URL as resolved, however it
/// is written; grouping URLs by hash never merges two URLs, even when every hash collides.
@Suite struct OccurrenceGroupingTests {
    /// Each load the policy was asked about, with the occurrences it was given.
    static func asked(_ html: String, baseURL: String? = nil, hash: ((UnsafeBufferPointer<UInt8>) -> Int)? = nil) -> [(url: String, count: Int)] {
        var asked: [(String, Int)] = []
        let policy = PlannerPolicy(
            decide: { query in
                let load = query.load
                asked.append((load.url, load.occurrences))
                return load.url.contains("/t/") ? .remove(0) : .keep
            },
            decideLink: { _ in .keep }, reserveNotes: { _ in })
        let bytes = Array(html.utf8)
        bytes.withUnsafeBufferPointer { input in
            var collector = LoadCollector(input: input, array: bytes[...], options: HTMLRewriteOptions(baseURL: baseURL))
            collector.run()
            var planner = EditPlanner(collector: consume collector, policy: policy, options: HTMLRewriteOptions(baseURL: baseURL))
            if let hash { planner.urlHash = hash }
            _ = planner.run()
        }
        return asked
    }

    @Test func oneURLWrittenFiveWaysCountsFive() {
        let html = """
            <img src="https://img.example/a/x.png"><img src="https:&#x2F;&#x2F;img.example/a/x.png">
            <img src="x.png"><div style="background:url('https://img.example/a/\\78.png')">t</div>
            <img srcset="https://img.example/a/y.png 1x, https://img.example/a/x.png 2x"><img src="https://img.example/a/z.png">
            """
        for hash in [nil, { (_: UnsafeBufferPointer<UInt8>) in 0 }] as [((UnsafeBufferPointer<UInt8>) -> Int)?] {
            let loads = Self.asked(html, baseURL: "https://img.example/a/", hash: hash)
            let counts = Dictionary(loads.map { ($0.url, $0.count) }, uniquingKeysWith: { first, _ in first })
            #expect(counts["https://img.example/a/x.png"] == 5)
            #expect(counts["https://img.example/a/y.png"] == 1)
            #expect(counts["https://img.example/a/z.png"] == 1)
        }
    }

    @Test func countsMatchTheURLsAskedWhateverTheHash() {
        var generator = SplitMix64(seed: 0x0CC5)
        let urls = (0..<150).map { "https://img\($0 % 7).example/\($0 % 3 == 0 ? "t" : "i")/\($0).gif" }
        var html = ""
        for _ in 0..<600 {
            let url = generator.pick(urls)
            switch Int.random(in: 0..<3, using: &generator) {
            case 0: html += "<img src='\(url)' width=1 height=1>"
            case 1: html += "<img src='\(url)' width=300 height=200>"
            default: html += "<td background='\(url)'>x</td>"
            }
        }
        let plain = Self.asked(html)
        let colliding = Self.asked(html, hash: { $0.count % 3 })
        var reference: [String: Int] = [:]
        for load in plain where load.url.contains("/i/") { reference[load.url, default: 0] += 1 }
        // Loads that stay are asked once each (removals may be asked again with fewer).
        for load in plain where load.url.contains("/i/") { #expect(load.count == reference[load.url]) }
        #expect(plain.map(\.url) == colliding.map(\.url))
        #expect(plain.map(\.count) == colliding.map(\.count))
    }
}

/// Sites name their element and attribute by index: each name reads back as interned,
/// whatever order names come in.
@Suite struct PlaceNamesTests {
    @Test func namesReadBackInAnyOrder() {
        var generator = SplitMix64(seed: 0x9A3E)
        let elements = ["img", "td", "div", "v:fill", "a-very-long-custom-element-name", "style"]
        let attributes = ["src", "srcset", "background", "style:background-image", "@import", "ping"]
        var table = PlaceNames()
        var written: [(Int32, String)] = []
        for _ in 0..<500 {
            if Bool.random(using: &generator) {
                let name = generator.pick(elements)
                written.append((table.element(name), name))
            } else {
                let name = generator.pick(attributes)
                written.append((table.attribute(name), name))
            }
        }
        for (index, name) in written { #expect(table[index] == name) }
        #expect(table.names.count == Set(elements + attributes).count)
    }
}
