import Foundation
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
        // References inside URLs and styles, so edits map decoded offsets back to raw ones.
        "<img src='https://tracker.example/p.gif?a=1&amp;b=2' width=1 height=1>",
        "<div style='color:red&#59;background:url(https://img.example/r.png?x=1&amp;y=2)'>",
        "<p style='font-family:&quot;A&quot;;color:red;background:url(https://img.example/r.png);margin:0'>",
        "<img srcset='https://img.example/q.png?a=1&amp;b=2 1x, https://img.example/r.png 2x'>",
        "<a href=\"https://shop.example/p?id=1&amp;utm_source=n&#38;q=&quot;x&quot;\">", "<area href='https://a.example/?k=&lt;v&gt;' alt=A>",
    ]

    /// Seeds per property: 200 in the suite; `PROPERTY_SEEDS=N` runs N (a longer search).
    static let seeds = ProcessInfo.processInfo.environment["PROPERTY_SEEDS"].flatMap(Int.init) ?? 200

    @Test(arguments: 0..<seeds)
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

    @Test(arguments: 0..<seeds)
    func nothingRemovedWhenPolicyKeepsEverything(seed: Int) {
        final class KeepAll: HTMLPolicy {
            func decide(_ load: RemoteLoad) -> LoadDecision<Never> { .keep }
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

    /// Every link rewritten to one URL (with characters that need escaping): read again,
    /// each link holds exactly that URL, and the loads are the same as before.
    @Test(arguments: 0..<seeds)
    func rewrittenLinksReadBackExactly(seed: Int) {
        final class Relink: HTMLPolicy {
            static let target = "https://x.example/?a=1&b=\"2\"&c='3'"
            func decide(_ load: RemoteLoad) -> LoadDecision<Never> { .keep }
            func decideLink(url: String, text: String) -> LinkDecision {
                url == Self.target ? .keep : .replace(url: Self.target)
            }
        }
        var generator = SplitMix64(seed: UInt64(seed) &+ 2_000_000)
        var html = ""
        for _ in 0..<Int.random(in: 1...40, using: &generator) {
            html += Self.pieces.randomElement(using: &generator) ?? ""
        }
        let first = rewriteHTML(Array(html.utf8), policy: Relink())
        let output = first.output ?? Array(html.utf8)
        let again = rewriteHTML(output, policy: Relink())
        #expect(again.output == nil, "seed \(seed): a link still differs after rewriting: \(html)")
        func loads<Note>(_ result: HTMLRewriteResult<Note>) -> [String] {
            result.findings.compactMap { if case .load(let load) = $0.subject { return load.url } else { return nil } }
        }
        #expect(loads(again) == loads(first), "seed \(seed): \(html)")
    }

    /// Removing some loads leaves the others as they were: every load outside CSS stays,
    /// in order, and no URL appears that was not there before (an edit that touched the
    /// wrong bytes would cut or join URLs). A CSS load may go with a removed one when they
    /// share a declaration: the declaration goes whole.
    @Test(arguments: 0..<seeds)
    func removingSomeLoadsKeepsTheOthersIntact(seed: Int) {
        final class RemoveSome: HTMLPolicy {
            static func goes(_ url: String) -> Bool { url.contains("/r.png") || url.contains("tracker.example") }
            func decide(_ load: RemoteLoad) -> LoadDecision<String> {
                Self.goes(load.url) ? .remove("test") : .keep
            }
            func decideLink(url: String, text: String) -> LinkDecision { .keep }
        }
        var generator = SplitMix64(seed: UInt64(seed) &+ 3_000_000)
        var html = ""
        for _ in 0..<Int.random(in: 1...40, using: &generator) {
            html += Self.pieces.randomElement(using: &generator) ?? ""
        }
        func loads<Note>(_ result: HTMLRewriteResult<Note>, css: Bool? = nil) -> [String] {
            result.findings.compactMap {
                guard case .load(let load) = $0.subject else { return nil }
                let isCSS = load.element == "style" || load.attribute.contains(":") || load.attribute.hasPrefix("@")
                return css == nil || css == isCSS ? load.url : nil
            }
        }
        let first = rewriteHTML(Array(html.utf8), policy: RemoveSome())
        let again = rewriteHTML(first.output ?? Array(html.utf8), policy: RemoveSome())
        #expect(loads(again, css: false) == loads(first, css: false).filter { !RemoveSome.goes($0) }, "seed \(seed): \(html)")
        var remaining = loads(first).filter { !RemoveSome.goes($0) }
        for url in loads(again) {
            guard let at = remaining.firstIndex(of: url) else {
                Issue.record("seed \(seed): \(url) was not a load before: \(html)")
                break
            }
            remaining.remove(at: at)
        }
    }
}

/// Open elements keep no name of their own: an end tag with a long (hashed) name is
/// compared with the name in the element's start tag.
@Suite struct LongElementNameTests {
    @Test func aLongNamedContainerClosesAtItsEndTag() {
        let name = "x-newsletter-hidden-preheader"  // over 16 bytes: a hashed key
        let html = "<\(name) style=\"display:none\"><img src=\"https://img.shop.example/a.png\"></\(name)>"
            + "<img src=\"https://img.shop.example/b.png\">"
        let (_, result) = rewrite(html)
        let hidden = result.findings.compactMap { finding -> (String, Bool)? in
            guard case .load(let load) = finding.subject else { return nil }
            return (load.url, load.hidden)
        }
        #expect(hidden.map(\.0) == ["https://img.shop.example/a.png", "https://img.shop.example/b.png"])
        #expect(hidden.map(\.1) == [true, false])
    }

    @Test func anEndTagOfAnotherLongNameDoesNotClose() {
        // The same length, one letter apart: the end tag names another element.
        let html = "<x-newsletter-hidden-preheader style=\"display:none\"></x-newsletter-hidden-preheadex>"
            + "<img src=\"https://img.shop.example/c.png\">"
        let (_, result) = rewrite(html)
        guard case .load(let load)? = result.findings.first?.subject else {
            Issue.record("no load")
            return
        }
        #expect(load.hidden)
    }
}
