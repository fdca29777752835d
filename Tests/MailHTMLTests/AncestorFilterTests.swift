import FixtureSupport
import Testing

@testable import MailHTML

/// The ancestor filter only skips walks that would find nothing: every selector matches
/// every element exactly as walking up the tree says, in every context.
@Suite struct AncestorFilterTests {
    static let openings = [
        "<div class='button'>", "<div class='Button big'>", "<td class=' hero '>", "<table id='main'>", "<table id=' Main '>",
        "<span class='a&#98;c'>", "<div id='x&amp;y'>", "<p class=\"x\ty\">", "<!--[if mso]><div class='button'><![endif]-->",
        "<section class='wrap'>", "<div>", "<span>", "<table><tr><td>", "<ul><li class='item'>",
    ]
    static let closings = ["</div>", "</span>", "</td></tr></table>", "</table>", "</section>", "</p>", "</li></ul>", "<!--[if mso]></div><![endif]-->"]
    static let leaves = [
        "<a href='https://a.example/'>x</a>", "<img src='https://img.example/i.png' class='pic'>", "<b class='button'>b</b>", "text",
    ]
    static let selectors = [
        ".button a", ".button > a", "div .button img", "#main a", "#MAIN img", ".hero img", "td.hero > img", "table td a",
        ".abc a", "#x\\&y img", ".wrap .item a", "section div span a", ".x a", ".y img", "div + a", ".button ~ .pic",
        "ul li a", ".missing a", "#nothing .button img", "div > span > a", ".Button a", "* a", ".big.button a",
    ]

    @Test func filterAgreesWithWalking() {
        var generator = SplitMix64(seed: 0xF11_7E5)
        let sheet = "<style>" + Self.selectors.map { "\($0){display:none}" }.joined(separator: "\n") + "</style>"
        var compared = 0
        var skipped = 0
        for _ in 0..<300 {
            var html = sheet
            for _ in 0..<Int.random(in: 1...40, using: &generator) {
                switch Int.random(in: 0..<3, using: &generator) {
                case 0: html += generator.pick(Self.openings)
                case 1: html += generator.pick(Self.closings)
                default: html += generator.pick(Self.leaves)
                }
            }
            let bytes = Array(html.utf8)
            bytes.withUnsafeBufferPointer { input in
                var collector = LoadCollector(input: input, array: bytes[...], options: HTMLRewriteOptions())
                collector.run()
                var model = VisibilityModel(
                    input: input, array: bytes[...], nodes: collector.nodes, rules: collector.styleRules,
                    selectorNames: collector.selectorNames)
                for rule in collector.styleRules {
                    for selector in rule.selectors ?? [] {
                        for node in model.nodes.indices {
                            for context in RenderContext.allCases {
                                let walked = model.matchByWalking(selector, node, context, ignoringPseudoElement: false)
                                let filtered = model.match(selector, node, context, ignoringPseudoElement: false)
                                #expect(filtered == walked, "\(html) node \(node)")
                                compared += 1
                                if walked == .no && !selector.ancestorKeys.isEmpty
                                    && !model.ancestorFilter(node).contains(selector.ancestorKeys) { skipped += 1 }
                            }
                        }
                    }
                }
            }
        }
        // The filter must actually skip walks, or this test compares nothing interesting.
        #expect(compared > 10_000 && skipped > compared / 4)
    }
}
