import MailHTML
import Testing

/// Loads in a style sheet.
private func sheetLoads(_ css: String) -> [CSSLoad] {
    CSSLoadScanner.scanStylesheet(Array(css.utf8)).loads
}

/// Loads in a style attribute value.
private func inlineLoads(_ css: String) -> [CSSLoad] {
    CSSLoadScanner.scanDeclarations(Array(css.utf8)).loads
}

/// The style sheet after removing the loads whose URL satisfies `isTracker`.
private func removing(_ css: String, inline: Bool = false, _ isTracker: (String) -> Bool) -> String {
    let bytes = Array(css.utf8)
    let scan = inline ? CSSLoadScanner.scanDeclarations(bytes) : CSSLoadScanner.scanStylesheet(bytes)
    let deletions = scan.deletions { isTracker(scan.loads[$0].url) }
    var output: [UInt8] = []
    var cursor = 0
    for range in deletions {
        output += bytes[cursor..<range.lowerBound]
        cursor = range.upperBound
    }
    output += bytes[cursor...]
    return String(decoding: output, as: UTF8.self)
}

private func isTracker(_ url: String) -> Bool { url.contains("tracker") }

@Suite struct CSSURLSpellingTests {
    @Test(arguments: [
        ("a{background:url(http://t.example/p.gif)}", "http://t.example/p.gif"),
        ("a{background:URL(http://t.example/p.gif)}", "http://t.example/p.gif"),
        ("a{background:uRl(http://t.example/p.gif)}", "http://t.example/p.gif"),
        ("a{background:url(  http://t.example/p.gif  )}", "http://t.example/p.gif"),
        ("a{background:url(\"http://t.example/p.gif\")}", "http://t.example/p.gif"),
        ("a{background:url('http://t.example/p.gif')}", "http://t.example/p.gif"),
        ("a{background:url( \"http://t.example/p.gif\" )}", "http://t.example/p.gif"),
        ("a{background:url(\n\t'http://t.example/p.gif'\n)}", "http://t.example/p.gif"),
        ("a{background:\\75 rl(http://t.example/p.gif)}", "http://t.example/p.gif"),
        ("a{background:\\000075rl(http://t.example/p.gif)}", "http://t.example/p.gif"),
        ("a{background:u\\72l(http://t.example/p.gif)}", "http://t.example/p.gif"),
        ("a{background:u\\rl(http://t.example/p.gif)}", "http://t.example/p.gif"),
        ("a{background:\\55\\52\\4c(\"http://t.example/p.gif\")}", "http://t.example/p.gif"),
        ("a{background:url(http:\\2f\\2ft.example/p.gif)}", "http://t.example/p.gif"),
        ("a{background:url(http\\:\\/\\/t.example/p.gif)}", "http://t.example/p.gif"),
        ("a{background:url(\"http:\\2f\\2f t.example/p.gif\")}", "http://t.example/p.gif"),
        ("a{background:url(\"http://t.exa\\\nmple/p.gif\")}", "http://t.example/p.gif"),
        ("a{background:url(/**/http://t.example/p.gif)}", "/**/http://t.example/p.gif"),
        ("a{background:/**/url(http://t.example/p.gif)/**/}", "http://t.example/p.gif"),
        ("a{background:src(\"http://t.example/p.gif\")}", "http://t.example/p.gif"),
    ])
    func findsURLSpelling(css: String, url: String) {
        let loads = sheetLoads(css)
        #expect(loads.count == 1)
        #expect(loads.first?.url == url)
        #expect(loads.first?.kind == .background)
    }

    @Test func badURLIsNotALoad() {
        // A quote or a space inside an unquoted url() makes a bad-url token: never fetched.
        #expect(sheetLoads("a{background:url(http://t.example/a b.gif)}").isEmpty)
        #expect(sheetLoads("a{background:url(http://t.example/a\"b.gif)}").isEmpty)
    }

    @Test func stringOutsideURLIsNotALoad() {
        #expect(sheetLoads("a{content:\"http://t.example/x\"}").isEmpty)
        #expect(sheetLoads("a{font-family:\"url(http://t.example/x)\"}").isEmpty)
    }

    @Test func urlInsideCommentIsNotALoad() {
        #expect(sheetLoads("/* a{background:url(http://t.example/x)} */ b{color:red}").isEmpty)
    }

    @Test func replacementWritesQuotedURLFunction() throws {
        let css = "a{background:url(http://t.example/p.gif) no-repeat}"
        let load = try #require(sheetLoads(css).first)
        #expect(load.replacementBytes(url: "https://x.example/a\"b") == Array("url(\"https://x.example/a\\\"b\")".utf8))
        #expect(String(decoding: Array(css.utf8)[load.urlRange], as: UTF8.self) == "url(http://t.example/p.gif)")
    }

    @Test func urlFunctionRangeCoversClosingParen() throws {
        let css = "a{background:url( \"http://t.example/p.gif\" ) red}"
        let load = try #require(sheetLoads(css).first)
        #expect(String(decoding: Array(css.utf8)[load.urlRange], as: UTF8.self) == "url( \"http://t.example/p.gif\" )")
        #expect(load.urlSyntax == .urlFunction)
    }
}

@Suite struct CSSPropertyKindTests {
    @Test(arguments: [
        ("background", CSSLoadKind.background),
        ("background-image", .background),
        ("BACKGROUND-IMAGE", .background),
        ("back\\67 round-image", .background),
        ("border-image", .image),
        ("border-image-source", .image),
        ("list-style", .image),
        ("list-style-image", .image),
        ("content", .image),
        ("cursor", .cursor),
        ("mask", .image),
        ("mask-image", .image),
        ("-webkit-mask", .image),
        ("-webkit-mask-image", .image),
        ("-webkit-border-image", .image),
        ("behavior", .behavior),
        ("filter", .other),
        ("--hero", .other),
        ("shape-outside", .image),
        ("some-future-property", .other),
    ])
    func kindFollowsProperty(property: String, kind: CSSLoadKind) {
        let loads = inlineLoads("\(property): url(https://t.example/x)")
        #expect(loads.count == 1)
        #expect(loads.first?.kind == kind)
    }

    @Test func propertyNameIsUnescapedAndLowercased() {
        #expect(inlineLoads("BACK\\47 ROUND: url(https://t.example/x)").first?.property == "background")
    }

    @Test func cursorListFindsEveryURL() {
        let loads = inlineLoads("cursor: url(https://t.example/a.cur), url(https://t.example/b.png) 2 2, auto")
        #expect(loads.map(\.url) == ["https://t.example/a.cur", "https://t.example/b.png"])
    }

    @Test func multipleBackgroundsShareTheDeclaration() {
        let css = "color:red; background: url(https://a.example/x), url(https://tracker.example/y); width:1px"
        #expect(inlineLoads(css).count == 2)
        #expect(removing(css, inline: true, isTracker) == "color:red;  width:1px")
    }

    @Test func ieFilterSourceIsALoad() {
        let loads = inlineLoads(
            "filter: progid:DXImageTransform.Microsoft.AlphaImageLoader(src='https://t.example/x.png', sizingMethod='scale')")
        #expect(loads.map(\.url) == ["https://t.example/x.png"])
    }
}

@Suite struct CSSImageFunctionTests {
    @Test func imageSetStringsAndURLsAreLoads() {
        let loads = inlineLoads(
            "background-image: image-set(\"https://t.example/a.png\" 1x, url(https://t.example/b.png) 2x)")
        #expect(loads.map(\.url) == ["https://t.example/a.png", "https://t.example/b.png"])
        #expect(loads.first?.urlSyntax == .string)
    }

    @Test func webkitImageSetStringsAreLoads() {
        let loads = inlineLoads("background-image: -webkit-image-set('https://t.example/a.png' 1x)")
        #expect(loads.map(\.url) == ["https://t.example/a.png"])
    }

    @Test func imageFunctionStringIsALoad() {
        let loads = inlineLoads("background-image: image('https://t.example/a.png', red)")
        #expect(loads.map(\.url) == ["https://t.example/a.png"])
    }

    @Test func crossFadeFindsNestedImages() {
        let loads = inlineLoads(
            "background-image: cross-fade(url(https://t.example/a.png) 30%, image-set('https://t.example/b.png' 1x))")
        #expect(loads.map(\.url) == ["https://t.example/a.png", "https://t.example/b.png"])
    }

    @Test func elementFunctionIsNotALoad() {
        #expect(inlineLoads("background: element(#hero)").isEmpty)
    }

    @Test func gradientsAreNotLoads() {
        #expect(inlineLoads("background: linear-gradient(red, blue)").isEmpty)
    }
}

@Suite struct CSSAtRuleTests {
    @Test func importWithStringRemovesRule() {
        let css = "@import \"https://tracker.example/s.css\";\na{color:red}"
        let loads = sheetLoads(css)
        #expect(loads.map(\.url) == ["https://tracker.example/s.css"])
        #expect(loads.first?.kind == .stylesheet)
        #expect(loads.first?.property == "@import")
        #expect(loads.first?.atRule == "import")
        #expect(removing(css, isTracker) == "\na{color:red}")
    }

    @Test func importWithURLAndConditionsRemovesRule() {
        let css = "@import url(https://tracker.example/s.css) screen and (min-width: 1px);b{}"
        #expect(removing(css, isTracker) == "b{}")
    }

    @Test func importWithURLFunctionString() {
        let loads = sheetLoads("@IMPORT url( 'https://t.example/s.css' ) layer(x);")
        #expect(loads.map(\.url) == ["https://t.example/s.css"])
        #expect(loads.first?.kind == .stylesheet)
    }

    @Test func importStringInsideSupportsIsNotASecondLoad() {
        let loads = sheetLoads("@import 'https://t.example/s.css' supports(content: \"x\");")
        #expect(loads.count == 1)
    }

    @Test func escapedImportKeyword() {
        let loads = sheetLoads("@\\69mport 'https://t.example/s.css';")
        #expect(loads.first?.kind == .stylesheet)
    }

    @Test func fontFaceWithOnlyRemoteSourcesGoesWhole() {
        let css = "@font-face{font-family:X;src:url(https://tracker.example/x.woff2) format('woff2'),url(https://tracker.example/x.woff) format('woff')}p{font-family:X}"
        let loads = sheetLoads(css)
        #expect(loads.count == 2)
        #expect(loads.allSatisfy { $0.kind == .font && $0.atRule == "font-face" && $0.property == "src" })
        #expect(removing(css, isTracker) == "p{font-family:X}")
    }

    @Test func fontFaceKeepsLocalSources() {
        let css = "@font-face{font-family:X;src:local(X),url(https://tracker.example/x.woff2) format('woff2')}"
        #expect(removing(css, isTracker) == "@font-face{font-family:X;src:local(X)}")
    }

    @Test func fontFaceRemovesLeadingRemoteSourceWithItsComma() {
        let css = "@font-face{src: url(https://tracker.example/a.woff), url(https://tracker.example/b.woff), url(data:font/woff;base64,AA) format('woff')}"
        #expect(removing(css, isTracker) == "@font-face{src: url(data:font/woff;base64,AA) format('woff')}")
    }

    @Test func fontFaceKeepsRemoteSourceThePolicyKeeps() {
        let css = "@font-face{src:url(https://fonts.example/a.woff),url(https://tracker.example/b.woff);font-weight:400}"
        #expect(removing(css, isTracker) == "@font-face{src:url(https://fonts.example/a.woff);font-weight:400}")
    }

    @Test func fontFaceRemovesMiddleRuns() {
        let css = "@font-face{src:local(A), url(https://tracker.example/1), url(https://tracker.example/2), local(B)}"
        #expect(removing(css, isTracker) == "@font-face{src:local(A), local(B)}")
    }

    @Test func urlInNamespaceOrConditionPreludeIsNotALoad() {
        #expect(sheetLoads("@namespace svg url(http://www.w3.org/2000/svg);").isEmpty)
        #expect(sheetLoads("@supports (background: url(https://t.example/x)) {}").isEmpty)
        #expect(sheetLoads("@-moz-document url-prefix() { a{color:red} }").isEmpty)
        #expect(sheetLoads("@document url(https://t.example/) { a{color:red} }").isEmpty)
    }

    @Test func urlInUnknownAtRulePreludeRemovesTheRule() {
        let css = "@future url(https://tracker.example/x) { a{color:red} } b{}"
        #expect(sheetLoads(css).count == 1)
        #expect(removing(css, isTracker) == " b{}")
    }

    @Test func pageRuleDeclarationsAreScanned() {
        let css = "@page { background: url(https://tracker.example/p) }"
        #expect(removing(css, isTracker) == "@page {  }")
    }
}

@Suite struct CSSNestingTests {
    @Test func loadsInsideMediaPrint() {
        let css = "@media print { .x { background-image: url(https://tracker.example/print.gif) !important; color: red } }"
        let loads = sheetLoads(css)
        #expect(loads.map(\.kind) == [.background])
        #expect(removing(css, isTracker) == "@media print { .x {  color: red } }")
    }

    @Test func loadsInsideNestedGroups() {
        let css = "@supports (display:grid) { @media screen { @media (min-width:1px) { a { background: url(https://tracker.example/n) } } } }"
        #expect(removing(css, isTracker) == "@supports (display:grid) { @media screen { @media (min-width:1px) { a {  } } } }")
    }

    @Test func loadsInNestedStyleRules() {
        let css = "a { color: red; &:hover { background: url(https://tracker.example/h); } b:focus { cursor: url(https://tracker.example/c), auto } }"
        let loads = sheetLoads(css)
        #expect(loads.map(\.kind) == [.background, .cursor])
        #expect(removing(css, isTracker) == "a { color: red; &:hover {  } b:focus {  } }")
    }

    @Test func mediaInsideStyleRule() {
        let css = "a { @media print { background: url(https://tracker.example/m); } }"
        #expect(removing(css, isTracker) == "a { @media print {  } }")
    }

    @Test func removesOnlyTheDeclarationBetweenNeighbours() {
        let css = "td{color:#333;background:#fff url(https://tracker.example/bg.gif) repeat-x;padding:0}"
        #expect(removing(css, isTracker) == "td{color:#333;padding:0}")
    }

    @Test func lastDeclarationWithoutSemicolon() {
        let css = "td{color:#333;background:url(https://tracker.example/bg.gif)}"
        #expect(removing(css, isTracker) == "td{color:#333;}")
    }

    @Test func inlineDeclarationList() {
        let css = "background-image:url('https://tracker.example/o.gif');width:1px"
        #expect(removing(css, inline: true, isTracker) == "width:1px")
    }

    @Test func semicolonInsideFunctionDoesNotEndDeclaration() {
        let css = "a{background:url(\"https://tracker.example/x\" ;color:red) ;b:c}"
        #expect(removing(css, isTracker) == "a{b:c}")
    }

    @Test func customPropertyWithBlockValue() {
        let css = "a{--x:{background:url(https://tracker.example/x)};color:red}"
        #expect(removing(css, isTracker) == "a{color:red}")
    }

    @Test func htmlCommentMarkersAroundSheet() {
        let css = "<!-- a{background:url(https://tracker.example/x)} -->"
        #expect(removing(css, isTracker) == "<!-- a{} -->")
    }

    /// In a list of rules a `;` does not end anything: `url(…);p{…}` is one rule (dropped
    /// by browsers for its selector), removed whole; in a style rule's block it still ends
    /// a declaration.
    @Test func semicolonInARuleListIsPartOfThePrelude() {
        #expect(removing("url(https://tracker.example/x);p{color:red} b{}", isTracker) == " b{}")
        #expect(removing("@media screen{url(https://tracker.example/x);p{color:red}} b{}", isTracker) == "@media screen{} b{}")
        #expect(removing("p{color:red;background:url(https://tracker.example/x);margin:0}", isTracker) == "p{color:red;margin:0}")
        #expect(removing("p{@media screen{color:red;background:url(https://tracker.example/x);margin:0}}", isTracker)
            == "p{@media screen{color:red;margin:0}}")
    }

    @Test func urlInSelectorPreludeRemovesRule() {
        let css = "a url(https://tracker.example/x) { color: red } b{}"
        #expect(removing(css, isTracker) == " b{}")
    }

    @Test func deepNestingStillFindsLoads() {
        let depth = 200
        let css = String(repeating: "@media print{", count: depth) + "a{background:url(https://tracker.example/d)}"
            + String(repeating: "}", count: depth) + "b{}"
        let loads = sheetLoads(css)
        #expect(loads.count == 1)
        let result = removing(css, isTracker)
        #expect(!result.contains("tracker"))
        #expect(result.hasSuffix("b{}"))
    }
}

@Suite struct CSSMalformedInputTests {
    @Test(arguments: [
        "a{background:url(https://tracker.example/x",
        "a{background:url('https://tracker.example/x",
        "a{background:url(\"https://tracker.example/x\"",
        "a{background:url(https://tracker.example/x)",
        "/* a{background:url(https://t.example/x)}",
        "a{background:url(https://tracker.example/x)}}}}",
        "}}}a{background:url(https://tracker.example/x)}",
        "@media{@media{a{background:url(https://tracker.example/x)",
        "@import 'https://tracker.example/x",
        "a{b:\"unterminated\nbackground:url(https://tracker.example/x)}",
        "\\",
        "a{\\",
        "url(",
        "@",
        "a{background:url(https://tracker.example/x)\\",
        "a{background:u\\",
        "\u{0}a{background:url(https://tracker.example/\u{0}x)}",
    ])
    func malformedInputIsTotal(css: String) {
        let bytes = Array(css.utf8)
        let scan = CSSLoadScanner.scanStylesheet(bytes)
        for load in scan.loads {
            #expect(load.urlRange.lowerBound >= 0 && load.urlRange.upperBound <= bytes.count)
            #expect(load.removalRange.lowerBound >= 0 && load.removalRange.upperBound <= bytes.count)
        }
        let result = removing(css, isTracker)
        #expect(!result.contains("tracker"))
        _ = CSSInlineStyle(bytes)
        _ = CSSLoadScanner.scanDeclarations(bytes)
    }

    @Test func unterminatedURLRunsToEnd() {
        let loads = sheetLoads("a{background:url(https://t.example/x")
        #expect(loads.map(\.url) == ["https://t.example/x"])
    }

    @Test func badStringEndsAtNewlineAndParsingRecovers() {
        let css = "a{content:\"broken\n;background:url(https://tracker.example/x)}"
        #expect(sheetLoads(css).count == 1)
    }

    @Test func tenMegabyteStylesheet() {
        var css: [UInt8] = []
        let rule = Array("td.c{color:#333;background:url(https://img.example/a.png) no-repeat;padding:0 /* c */}\n".utf8)
        css.reserveCapacity(10 << 20 + rule.count)
        while css.count < 10 << 20 { css += rule }
        let scan = CSSLoadScanner.scanStylesheet(css)
        #expect(scan.loads.count == css.count / rule.count)
    }

    @Test func tenMegabyteUnterminatedComment() {
        let css = Array("a{background:url(https://t.example/x)} /*".utf8) + [UInt8](repeating: 0x2A, count: 10 << 20)
        #expect(CSSLoadScanner.scanStylesheet(css).loads.count == 1)
    }

    @Test func manyOpenParens() {
        let css = Array("a{b:".utf8) + [UInt8](repeating: 0x28, count: 1 << 20) + Array("url(https://t.example/x)".utf8)
        #expect(CSSLoadScanner.scanStylesheet(css).loads.count == 1)
    }
}

/// A fragment-only URL in a property naming an SVG resource is a reference into the page,
/// which Chromium never fetches, even under a remote `<base>`; in an image property it is
/// resolved against the base and fetched (browser vectors 137 and 138 show both).
@Suite struct CSSLocalReferenceTests {
    @Test(arguments: ["fill", "stroke", "clip-path", "filter", "mask", "mask-image", "-webkit-mask",
                      "-webkit-mask-image", "marker", "marker-start", "marker-mid", "marker-end", "MASK", "m\\61sk"])
    func aFragmentInAnSVGResourcePropertyIsLocal(property: String) {
        let loads = inlineLoads("\(property): url(#fade); \(property): url(\"#soft\")")
        #expect(loads.count == 2)
        #expect(loads.allSatisfy { $0.isLocalReference }, "\(property)")
    }

    @Test(arguments: ["background", "background-image", "cursor", "list-style-image", "border-image", "content",
                      "-webkit-mask-box-image", "shape-outside", "--hero"])
    func aFragmentInAnImagePropertyIsALoad(property: String) {
        let loads = inlineLoads("\(property): url(#dots)")
        #expect(loads.count == 1)
        #expect(!loads.contains { $0.isLocalReference }, "\(property)")
    }

    @Test func onlyAURLThatStartsWithTheFragmentIsLocal() {
        for css in ["mask: url(fade#x)", "mask: url(https://t.example/m.svg#fade)", "mask: url(' #fade')",
                    "filter: url(/f.svg#soft)"] {
            let loads = inlineLoads(css)
            #expect(loads.count == 1, "\(css)")
            #expect(!loads.contains { $0.isLocalReference }, "\(css)")
        }
        // An SVG presentation attribute is scanned as one value of its property.
        let attribute = Array("url(#sky)".utf8)
        let scan = attribute.withUnsafeBufferPointer { CSSLoadScanner.scanValue($0, range: 0..<$0.count, property: "fill") }
        #expect(scan.loads.map { $0.isLocalReference } == [true])
    }
}
