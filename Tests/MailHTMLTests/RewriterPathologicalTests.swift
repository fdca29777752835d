import FixtureSupport
import MailHTML
import Testing

@Suite struct RewriterPathologicalTests {
    @Test func sixtyThousandNestedTags() {
        let depth = 60_000
        let html =
            String(repeating: "<div style=\"display:none\"><b>", count: depth) + "<img src='https://tracker.example/p.gif'>"
            + String(repeating: "</b></div>", count: depth)
        let (output, result) = rewrite(html)
        #expect(result.findings.count == 1)
        #expect(!output.contains("tracker"))
        if case .load(let load)? = result.findings.first?.subject { #expect(load.hidden) }
    }

    @Test func sixtyThousandUnclosedTags() {
        let html = String(repeating: "<b><i><font>", count: 20_000) + "<img src='https://tracker.example/p.gif'>"
            + String(repeating: "</span>", count: 20_000)
        let (output, _) = rewrite(html)
        #expect(!output.contains("tracker"))
    }

    @Test func oneMegabyteAttributeValue() {
        let long = String(repeating: "a", count: 1 << 20)
        let html = "<img src=\"https://tracker.example/p.gif?\(long)\"><p title=\"\(long)\">x</p>"
        let (output, result) = rewrite(html)
        #expect(result.findings.count == 1)
        let pixelRemoved = output.hasPrefix("<p title=")
        #expect(pixelRemoved)
    }

    @Test func oneMegabyteStyleAttribute() {
        let declarations = String(repeating: "color:red;", count: 100_000)
        let html = "<div style=\"\(declarations)background:url(https://tracker.example/a.gif);\(declarations)\">x</div>"
        let (output, _) = rewrite(html)
        #expect(output == "<div style=\"\(declarations)\(declarations)\">x</div>")
    }

    @Test func hundredThousandAttributes() {
        var html = "<img"
        for index in 0..<100_000 { html += " a\(index)=\(index)" }
        html += " src=https://tracker.example/p.gif>"
        let (output, result) = rewrite(html)
        #expect(result.findings.count == 1)
        #expect(output.isEmpty)
    }

    @Test func tenMegabytesOfStyle() {
        var css = ""
        css.reserveCapacity(10 << 20 + 100)
        var index = 0
        while css.utf8.count < 10 << 20 {
            css += ".c\(index){color:#333;background:url(https://img.example/\(index).png) no-repeat}\n"
            index += 1
        }
        css += "b{background:url(https://tracker.example/last.gif)}"
        let (output, result) = rewrite("<style>\(css)</style>")
        #expect(result.findings.count == index + 1)
        #expect(output.hasSuffix("b{}</style>"))
    }

    @Test func manyConditionalComments() {
        let html = String(repeating: "<!--[if mso]><img src='https://tracker.example/m.gif'><![endif]-->", count: 10_000)
        let (output, result) = rewrite(html)
        #expect(result.findings.count == 10_000)
        #expect(output == String(repeating: "<!--[if mso]><![endif]-->", count: 10_000))
    }

    @Test func truncatedMarkupIsTotal() {
        let inputs = [
            "<img src='https://tracker.example/p.gif'", "<img src=\"https://tracker.example/p.gif", "<style>a{background:url(",
            "<!--[if mso]><img src=x", "<!--[if", "<svg><style>a{b:url(https://tracker.example/x)", "<a href='https://click.example/c?url=",
            "<meta http-equiv=refresh content='0;url=", "<img srcset=',,,,'>", "<img srcset=' '>", "<base href=>", "<img src=>",
        ]
        for html in inputs {
            _ = rewrite(html)
            let (output, _) = rewrite(html, strict: true)
            let (_, again) = rewrite(output, strict: true)
            #expect(again.findings.isEmpty, "\(html)")
        }
    }
}

@Suite struct RewriterPropertyTests {
    static let pieces = [
        "<img src='https://tracker.example/p.gif' width=1 height=1>", "<img src=\"https://img.example/a.png\" alt=\"A\">",
        "<td background=https://img.example/bg.gif>", "<div style='background:url(https://img.example/x.png);color:red'>",
        "<style>@import 'https://css.example/a.css'; p{background:url(https://img.example/s.png)}</style>",
        "<!--[if mso]><v:fill src='https://img.example/v.png'/><![endif]-->", "<a href='https://click.example/c?url=https%3A%2F%2Fa.example%2F' ping='https://p.example/'>",
        "</a>", "</div>", "</td>", "<svg><image href='https://img.example/s.svg'/></svg>", "<picture><source srcset='https://img.example/1.png 1x, https://img.example/2.png 2x'>",
        "<video src='https://m.example/v.mp4'>", "</video>", "<iframe src='https://f.example/'>", "</iframe>", "<p>", "text &amp; ",
        "<link rel=stylesheet href=https://css.example/l.css>", "<base href='https://cdn.example/'>", "<img src='rel.png' alt='R'>",
        "<meta http-equiv=refresh content='0;url=https://r.example/'>", "<object data='https://o.example/'>", "</object>",
        "<div style=\"display:none\">", "<img srcset='https://img.example/s1.png, https://img.example/s2.png 2x'>",
        "<![if !mso]>", "<![endif]>", "<script src='https://js.example/a.js'></script>", "<embed src='https://e.example/e'>",
        "<style>", "@font-face{src:url(https://font.example/f.woff)}", "</style>", "<p style=\"background:url('", "')\">",
        "<", "'", "\"", "&", "\r\n", "<!--", "-->", "<svg>", "</svg>", "<math>", "<textarea>", "</textarea>",
        "<mglyph src='https://img.example/g.png'/>", "<mi>", "</math>",
    ]

    @Test(arguments: 0..<200)
    func strictOutputHasNoRemoteLoads(seed: Int) {
        var generator = SplitMix64(seed: UInt64(seed))
        var html = ""
        for _ in 0..<Int.random(in: 1...40, using: &generator) {
            html += Self.pieces.randomElement(using: &generator) ?? ""
        }
        let (output, _) = rewrite(html, strict: true)
        let (_, again) = rewrite(output, strict: true)
        let loads = again.findings.filter {
            if case .load = $0.subject { return true }
            return false
        }
        #expect(loads.isEmpty, "seed \(seed): \(html)")
    }

    @Test(arguments: 0..<200)
    func nothingRemovedWhenPolicyKeepsEverything(seed: Int) {
        final class KeepAll: HTMLPolicy {
            func decide(_ load: RemoteLoad) -> LoadDecision { .keep }
            func decideLink(url: String, text: String) -> LinkDecision { .keep }
        }
        var generator = SplitMix64(seed: UInt64(seed) &+ 1_000_000)
        var html = ""
        for _ in 0..<Int.random(in: 1...40, using: &generator) {
            html += Self.pieces.randomElement(using: &generator) ?? ""
        }
        let result = rewriteHTML(Array(html.utf8), policy: KeepAll())
        #expect(result.output == nil, "seed \(seed)")
    }
}
