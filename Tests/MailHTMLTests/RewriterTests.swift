import MailHTML
import Testing

/// The loads the policy was asked about, by URL.
private func askedLoads(_ html: String, baseURL: String? = nil, strict: Bool = false) -> [RemoteLoad] {
    let policy = TestPolicy()
    _ = rewrite(html, strict: strict, baseURL: baseURL, policy: policy)
    return policy.asked
}

@Suite struct RewriterLoadReportTests {
    @Test func reportsImageWithSizeFromAttributes() throws {
        let load = try #require(askedLoads("<img src='https://img.example/a.png' width=1 height=\"2px\">").first)
        #expect(load.url == "https://img.example/a.png")
        #expect(load.kind == .image)
        #expect(load.element == "img")
        #expect(load.attribute == "src")
        #expect(load.width == 1)
        #expect(load.height == 2)
        // 1x2 px: too small to see in any rendering.
        #expect(load.hidden == true)
        #expect(load.visibility.desktop == .hidden(.tooSmall, byAncestor: false))
        #expect(load.occurrences == 1)
    }

    @Test func inlineStyleSizeOverridesAttributes() throws {
        let load = try #require(askedLoads("<img src='https://img.example/a.png' width=600 height=300 style='width:1px;height:1px'>").first)
        #expect(load.width == 1)
        #expect(load.height == 1)
    }

    @Test func percentageSizeIsUnknown() throws {
        let load = try #require(askedLoads("<img src='https://img.example/a.png' width='100%'>").first)
        #expect(load.width == nil)
    }

    @Test func countsOccurrencesOfTheSameURL() {
        let html = """
            <img src="https://img.example/spacer.gif"><img src="https://img.example/spacer.gif">
            <td background="https://img.example/spacer.gif"></td><img src="https://img.example/other.gif">
            """
        let loads = askedLoads(html)
        #expect(loads.map(\.occurrences) == [3, 3, 3, 1])
    }

    @Test func hiddenByOwnStyle() throws {
        let load = try #require(askedLoads("<img src='https://img.example/a.png' style='display:none'>").first)
        #expect(load.hidden)
    }

    @Test func hiddenByAncestorStyle() {
        let html = """
            <div style="max-height:0;overflow:hidden"><table><tr><td><img src="https://img.example/in.png"></td></tr></table></div>
            <img src="https://img.example/out.png">
            """
        #expect(askedLoads(html).map(\.hidden) == [true, false])
    }

    @Test func hiddenByHiddenAttributeAndMsoHide() {
        let html = """
            <div hidden><img src="https://img.example/a.png"></div><span style="mso-hide:all"><img src="https://img.example/b.png"></span>
            <p style="position:absolute;left:-9999px"><img src="https://img.example/c.png"></p><img src="https://img.example/d.png">
            """
        let loads = askedLoads(html)
        // mso-hide:all hides from Outlook only.
        #expect(loads.map(\.hidden) == [true, false, true, false])
        #expect(loads[1].visibility.outlook == .hidden(.msoHide, byAncestor: true))
        #expect(loads[1].visibility.desktop == .visible)
    }

    @Test func elementsSharingAStyleKeepTheirOwnSizeAndHiddenAttribute() {
        // The model reads each distinct style once; what it keeps must not carry one
        // element's size or `hidden` attribute over to another with the same style.
        let html = """
            <img style="display:block;border:0" src="https://img.example/a.png" width="600" height="300">
            <img style="display:block;border:0" src="https://img.example/b.png" width="1" height="1">
            <img style="display:block;border:0" src="https://img.example/c.png" width="600" height="300">
            <div style="color:red;width:5px"><img src="https://img.example/d.png"></div>
            <div hidden style="color:red;width:5px"><img src="https://img.example/e.png"></div>
            <div style="color:red;width:5px"><img src="https://img.example/f.png"></div>
            <div style="color:red;width:5p&#x78;"><img src="https://img.example/g.png"></div>
            """
        let loads = askedLoads(html)
        #expect(loads.map(\.hidden) == [false, true, false, false, true, false, false])
    }

    @Test func elementsSharingAStyleInADocumentWithRulesKeepTheirOwnRules() {
        // In a document with rules the inline declarations are read once per distinct style
        // and merged with each element's own rules.
        let html = """
            <style>@media (max-width:480px){.m{display:block !important}}</style>
            <div class="m" style="display:none;width:5px"><img src="https://img.example/a.png"></div>
            <div class="x" style="display:none;width:5px"><img src="https://img.example/b.png"></div>
            <div class="m" style="display:none;width:5px"><img src="https://img.example/c.png"></div>
            <div class="x" style="display:none;width:5p&#x78;"><img src="https://img.example/d.png"></div>
            """
        let loads = askedLoads(html)
        #expect(loads.map { $0.visibility.phone.isVisible } == [true, false, true, false])
        #expect(loads.map { $0.visibility.desktop.isVisible } == [false, false, false, false])
    }

    @Test func stylesPastTheRememberedOnesAreStillRead() {
        // More distinct styles than the model remembers (a hostile document): each is read.
        var html = ""
        for k in 0..<1_100 { html += "<div style='display:none;z-index:\(k)'><img src='https://img.example/\(k).png'></div>" }
        html += "<div style='display:none;z-index:1099'><img src='https://img.example/again.png'></div>"
        html += "<div style='z-index:1099'><img src='https://img.example/shown.png'></div>"
        let loads = askedLoads(html)
        #expect(loads.count == 1_102)
        #expect(loads.dropLast().allSatisfy { $0.hidden })
        #expect(loads.last?.hidden == false)
    }

    @Test func unclosedParagraphDoesNotHideWhatFollows() {
        let html = """
            <p style="display:none">preheader<p>body <img src="https://img.example/a.png">
            <ul><li style="display:none">x<li><img src="https://img.example/b.png"></ul>
            <table><tr><td style="display:none">x<td><img src="https://img.example/c.png"></table>
            """
        #expect(askedLoads(html).map(\.hidden) == [false, false, false])
    }

    @Test func styleAttributeLoadNamesProperty() throws {
        let load = try #require(askedLoads("<td style='BACKGROUND-IMAGE:url(https://img.example/bg.png)'>").first)
        #expect(load.kind == .background)
        #expect(load.element == "td")
        #expect(load.attribute == "style:background-image")
    }

    @Test func styleElementLoadsNameRuleOrProperty() {
        let html = """
            <style>@import 'https://css.example/a.css'; @font-face{src:url(https://font.example/f.woff)} p{cursor:url(https://img.example/c.cur),auto}</style>
            """
        let loads = askedLoads(html)
        #expect(loads.map(\.attribute) == ["@import", "@font-face", "cursor"])
        #expect(loads.map(\.kind) == [.stylesheet, .font, .image])
        #expect(loads.allSatisfy { $0.element == "style" })
    }

    @Test func reportsEveryVectorKind() {
        let html = """
            <link rel=stylesheet href=https://x.example/1><link rel=preconnect href=https://x.example/2>
            <video src=https://x.example/3 poster=https://x.example/4></video><iframe src=https://x.example/5></iframe>
            <object data=https://x.example/6></object><script src=https://x.example/7></script>
            <a href=https://x.example/ ping=https://x.example/8>a</a><meta http-equiv=refresh content="0;url=https://x.example/9">
            <svg><use href=https://x.example/10 /></svg>
            """
        let loads = askedLoads(html)
        #expect(loads.map(\.kind) == [.stylesheet, .hint, .media, .image, .frame, .object, .script, .ping, .refresh, .image])
    }

    @Test func relativeURLWithoutBaseIsNotALoad() {
        #expect(askedLoads("<img src='pixel.gif'><img src='/p.gif'><img src='?x'>").isEmpty)
    }

    @Test func localSchemesAreNotLoads() {
        let html = "<img src='cid:a@b'><img src='data:image/gif;base64,AA'><img src='  CID:x'><img src='about:blank'><img src=''>"
        #expect(askedLoads(html).isEmpty)
    }

    @Test func protocolRelativeURLIsRemote() {
        #expect(askedLoads("<img src='//img.example/a.png'>").map(\.url) == ["https://img.example/a.png"])
    }

    @Test func backslashesAndWhitespaceAreNormalisedLikeABrowser() {
        let loads = askedLoads("<img src=' \\\\img.example\\a.png '><img src='ht\ntp:/\\img.example/b.png'>")
        #expect(loads.map(\.url) == ["https://img.example/a.png", "http://img.example/b.png"])
    }
}

@Suite struct RewriterBaseTests {
    @Test func resolvesRelativeLoadsAgainstBaseHref() {
        let html = "<base href='https://cdn.example/mail/x/'><img src='../a.png'><img src='/b.png'><img src='c.png?q#f'>"
        let loads = askedLoads(html)
        #expect(loads.first?.kind == .base)
        #expect(loads.dropFirst().map(\.url) == [
            "https://cdn.example/mail/a.png", "https://cdn.example/b.png", "https://cdn.example/mail/x/c.png?q#f",
        ])
    }

    @Test func resolvesAgainstPartBaseWhenNoBaseHref() {
        let loads = askedLoads("<img src='a.png'>", baseURL: "https://part.example/dir/page.html")
        #expect(loads.map(\.url) == ["https://part.example/dir/a.png"])
    }

    @Test func relativeBaseHrefResolvesAgainstPartBase() {
        let loads = askedLoads("<base href='sub/'><img src='a.png'>", baseURL: "https://part.example/dir/")
        #expect(loads.map(\.url) == ["https://part.example/dir/sub/", "https://part.example/dir/sub/a.png"])
    }

    @Test func onlyTheFirstBaseCounts() {
        let loads = askedLoads("<base href='https://one.example/'><base href='https://two.example/'><img src='a.png'>")
        #expect(loads.map(\.url) == ["https://one.example/", "https://one.example/a.png"])
    }

    @Test func removedBaseNoLongerResolvesRelativeLoads() {
        // The policy removes the tracker base; relative URLs then mean nothing remote.
        let (html, result) = rewrite("<base href='https://tracker.example/'><img src='open.gif'>")
        #expect(html == "<img src='open.gif'>")
        #expect(result.findings.count == 1)
    }

    @Test func strictModeRemovesLoadsThatWentThroughTheBase() {
        let (html, _) = rewrite("<base href='https://cdn.example/'><img src='a.gif' width=1 height=1>", strict: true)
        #expect(html == "")
    }

    @Test func baseInStyleURLs() {
        let loads = askedLoads("<base href='https://cdn.example/m/'><div style='background:url(bg.png)'></div>")
        #expect(loads.last?.url == "https://cdn.example/m/bg.png")
    }
}

@Suite struct RewriterStrictTests {
    @Test func removesEveryRemoteLoadAndReportsTrackers() throws {
        let html = "<img src='https://tracker.example/p.gif' width=1 height=1><img src='https://img.example/a.png' width=10 height=10 alt='A'>"
        let (output, result) = rewrite(html, strict: true)
        #expect(!output.contains("https://"))
        #expect(result.findings.count == 2)
        let tracker = try #require(result.findings.first)
        #expect(tracker.action == .removed)
        // Strict mode removes both; the policy's own note tells the tracker from the other.
        #expect(tracker.byStrictMode)
        #expect(result.note(of: tracker)?.vendor == "Test Tracker")
        let other = try #require(result.findings.last)
        #expect(other.action == .removed)
        #expect(other.byStrictMode)
        #expect(result.note(of: other) == nil)
    }

    @Test func keepsLocalLoads() {
        let html = "<img src='cid:logo@example'><div style='background:url(data:image/png;base64,AA)'></div>"
        let (_, result) = rewrite(html, strict: true)
        #expect(result.output == nil)
        #expect(result.findings.isEmpty)
    }

    @Test func imageBecomesSizedBoxWithEscapedAlt() {
        let (html, _) = rewrite("<img src='https://img.example/a.png' width='300' height='100' alt='A &lt;b&gt; &amp; \"c\"'>", strict: true)
        #expect(
            html
                == "<span style=\"display:inline-block;width:300px;height:100px;border:1px solid #ccc;box-sizing:border-box;overflow:hidden\">A &lt;b&gt; &amp; &quot;c&quot;</span>"
        )
    }

    @Test func linksAreStillAskedInStrictMode() {
        let (html, _) = rewrite("<a href='https://click.example/c?url=https%3A%2F%2Fshop.example%2F'>x</a>", strict: true)
        #expect(html == "<a href='https://shop.example/'>x</a>")
    }

    @Test func linkFindingsCanBeLeftToThePolicy() {
        let html = Array(
            "<a href='https://click.example/c?url=https%3A%2F%2Fshop.example%2F'>x</a><img src='https://img.example/p.gif' width=1 height=1>"
                .utf8)
        let reported = rewriteHTML(html, policy: TestPolicy(), options: HTMLRewriteOptions())
        var options = HTMLRewriteOptions()
        options.reportsLinks = false
        let unreported = rewriteHTML(html, policy: TestPolicy(), options: options)
        // The same edit either way; only the link's finding is left out.
        #expect(unreported.output == reported.output)
        #expect(reported.findings.contains { if case .link = $0.subject { true } else { false } })
        #expect(!unreported.findings.contains { if case .link = $0.subject { true } else { false } })
        #expect(unreported.findings.count == reported.findings.count - 1)
        #expect(unreported.output.map { String(decoding: $0, as: UTF8.self).contains("https://shop.example/") } == true)
    }

    /// A caller that only counts gets the same output and the same findings, whose loads
    /// carry no URL; checked on every rewriter fixture, in both modes.
    @Test func loadURLsCanBeLeftOutOfTheFindings() throws {
        var loads = 0
        for name in RewriterFixtureTests.fixtureNames() {
            let html = Array(try #require(fixtureSource(name)).utf8)
            for strict in [false, true] {
                let full = rewriteHTML(html, policy: TestPolicy(), options: HTMLRewriteOptions(strict: strict))
                var options = HTMLRewriteOptions(strict: strict)
                options.reportsLoadURLs = false
                let counted = rewriteHTML(html, policy: TestPolicy(), options: options)
                #expect(counted.output == full.output, "\(name)")
                #expect(counted.findings.count == full.findings.count, "\(name)")
                for (a, b) in zip(full.findings, counted.findings) {
                    #expect(a.action == b.action && a.byteOffset == b.byteOffset && a.byStrictMode == b.byStrictMode
                            && full.note(of: a) == counted.note(of: b), "\(name)")
                    switch (a.subject, b.subject) {
                    case (.load(var fullLoad), .load(let countedLoad)):
                        loads += 1
                        #expect(countedLoad.url.isEmpty, "\(name)")
                        fullLoad.url = ""
                        #expect(fullLoad == countedLoad, "\(name)")
                    case (.link, .link): break
                    default: Issue.record("\(name): findings differ in kind")
                    }
                }
            }
        }
        #expect(loads > 100)
    }

    @Test func strictOutputHasNoRemoteURLInAnyVector() throws {
        let html = try #require(fixtureSource("030-strict-everything"))
        let (output, _) = rewrite(html, strict: true)
        for url in ["fonts.example", "images.example", "tracker.example", "media.example", "stats.example"] {
            #expect(!output.contains(url), "\(url) left in strict output")
        }
    }
}

func fixtureSource(_ name: String) -> String? {
    try? String(contentsOf: RewriterFixtureTests.directory.appendingPathComponent(name + ".src.html"), encoding: .utf8)
}

@Suite struct RewriterOutlookTests {
    @Test func scansDownlevelHiddenConditionalComments() {
        let html = "<!--[if mso]><img src=\"https://img.example/mso.png\"><![endif]--><!--[if !mso]><!--><img src=\"https://img.example/other.png\"><!--<![endif]-->"
        #expect(askedLoads(html).map(\.url) == ["https://img.example/mso.png", "https://img.example/other.png"])
    }

    @Test func ordinaryCommentsAreNotScanned() {
        #expect(askedLoads("<!-- <img src=\"https://img.example/c.png\"> -->").isEmpty)
    }

    @Test func conditionalCommentEditLandsAtTheRightOffset() {
        let html = "<p>x</p><!--[if gte mso 9]><td background=\"https://tracker.example/a.gif\" width=\"10\"><![endif]--><p>y</p>"
        let (output, result) = rewrite(html)
        #expect(output == "<p>x</p><!--[if gte mso 9]><td width=\"10\"><![endif]--><p>y</p>")
        #expect(result.findings.first?.byteOffset == html.utf8.count - "background=\"https://tracker.example/a.gif\" width=\"10\"><![endif]--><p>y</p>".utf8.count)
    }

    @Test func vmlLoadsAndLinks() {
        let html = """
            <!--[if gte mso 9]><v:rect><v:fill type="frame" src="https://img.example/bg.jpg"/></v:rect>\
            <v:imagedata src="https://img.example/i.png" o:href="https://img.example/o.png"/>\
            <v:roundrect href="https://shop.example/">Buy</v:roundrect><![endif]-->
            """
        let policy = TestPolicy()
        _ = rewrite(html, policy: policy)
        #expect(policy.asked.map(\.element) == ["v:fill", "v:imagedata", "v:imagedata"])
        #expect(policy.asked.map(\.attribute) == ["src", "src", "o:href"])
        #expect(policy.askedLinks.map(\.url) == ["https://shop.example/"])
        #expect(policy.askedLinks.map(\.text) == ["Buy"])
    }

    @Test func styleInsideConditionalCommentEndsWithTheComment() {
        let html = "<!--[if mso]><style>td{background:url(https://tracker.example/a.gif)}<![endif]--><img src='https://tracker.example/b.gif'>"
        let (output, _) = rewrite(html)
        #expect(output == "<!--[if mso]><style>td{}<![endif]-->")
    }
}

@Suite struct RewriterSrcsetTests {
    @Test func parsesCandidatesWithDescriptorsAndCommasInURLs() {
        let html = "<img srcset='https://img.example/a,b.png 1x, https://img.example/c.png,, https://img.example/d.png 2x (ignored, stuff)'>"
        #expect(askedLoads(html).map(\.url) == [
            "https://img.example/a,b.png", "https://img.example/c.png", "https://img.example/d.png",
        ])
    }

    @Test func replacementInSrcsetIsPercentEncoded() {
        final class Replacer: HTMLPolicy {
            func decide(_ load: RemoteLoad) -> LoadDecision<String> {
                .replace(url: "https://img.example/new, image.png", "test")
            }
            func decideLink(url: String, text: String) -> LinkDecision { .keep }
        }
        let result = rewriteHTML(Array("<img srcset='https://img.example/a.png 2x'>".utf8), policy: Replacer())
        #expect(result.output.map { String(decoding: $0, as: UTF8.self) } == "<img srcset='https://img.example/new%2C%20image.png 2x'>")
    }

    @Test func removesLastCandidateWithItsComma() {
        let (html, _) = rewrite("<img srcset='https://img.example/a.png 1x, https://tracker.example/b.png 2x' alt=x>")
        #expect(html == "<img srcset='https://img.example/a.png 1x' alt=x>")
    }
}

@Suite struct RewriterEncodingTests {
    @Test func decodesCharacterReferencesBeforeAsking() {
        let loads = askedLoads("<img src='&#104;ttps&colon;&sol;&sol;img.example/a.png?x=1&amp;y=2&lang=3'>")
        #expect(loads.map(\.url) == ["https://img.example/a.png?x=1&y=2&lang=3"])
    }

    @Test func decodesCSSEscapesInStyleAttributes() {
        let loads = askedLoads("<div style='background:\\75 rl(\"https\\3a //img.example/\\61.png\")'></div>")
        #expect(loads.map(\.url) == ["https://img.example/a.png"])
    }

    @Test func referencesAndEscapesTogether() {
        let loads = askedLoads("<div style='background:url(&quot;https:\\2f\\2fimg.example/a.png&quot;)'></div>")
        #expect(loads.map(\.url) == ["https://img.example/a.png"])
    }

    @Test func replacedURLIsEscapedForItsQuotes() {
        final class Replacer: HTMLPolicy {
            func decide(_ load: RemoteLoad) -> LoadDecision<String> {
                .replace(url: "https://img.example/a?x=1&y=\"2\"'", "test")
            }
            func decideLink(url: String, text: String) -> LinkDecision { .keep }
        }
        func run(_ html: String) -> String {
            String(decoding: rewriteHTML(Array(html.utf8), policy: Replacer()).output ?? [], as: UTF8.self)
        }
        #expect(run("<img src=\"https://img.example/a\">") == "<img src=\"https://img.example/a?x=1&amp;y=&quot;2&quot;'\">")
        #expect(run("<img src='https://img.example/a'>") == "<img src='https://img.example/a?x=1&amp;y=\"2\"&#39;'>")
        #expect(run("<img src=https://img.example/a>") == "<img src=\"https://img.example/a?x=1&amp;y=&quot;2&quot;'\">")
    }

    @Test func editsInsideValuesWithReferencesKeepTheOtherReferences() {
        let (html, _) = rewrite("<div style='color:&#x72;ed;background:url(https://tracker.example/a.gif);font:&quot;x&quot;'>")
        #expect(html == "<div style='color:&#x72;ed;font:&quot;x&quot;'>")
    }

    @Test func untouchedInputComesBackNil() {
        let html = "<html><body><p>Hi &amp; bye</p><img src='https://img.example/a.png'></body></html>"
        let (_, result) = rewrite(html)
        #expect(result.output == nil)
        #expect(result.findings.count == 1)
        #expect(result.findings.first?.action == .kept)
    }
}

@Suite struct RewriterLinkTests {
    @Test func passesVisibleTextCollapsed() {
        let policy = TestPolicy()
        _ = rewrite("<a href='https://shop.example/'>\n  Big <b>sale</b>\n  &amp; more </a><a href='https://shop.example/i'><img src='x.png' alt='Logo'></a>", policy: policy)
        #expect(policy.askedLinks.map(\.text) == ["Big sale & more", "Logo"])
    }

    @Test func asksOnlyAboutWebLinks() {
        let policy = TestPolicy()
        _ = rewrite("<a href='mailto:a@b'>m</a><a href='#x'>h</a><a href='javascript:x()'>j</a><a href='tel:1'>t</a><a href='page.html'>r</a>", policy: policy)
        #expect(policy.askedLinks.isEmpty)
    }

    @Test func linkTextNeverChanges() {
        let (html, result) = rewrite("<a class=b href=\"https://click.example/c?url=https%3A%2F%2Fshop.example%2F\">https://click.example/c?url=x</a>")
        #expect(html == "<a class=b href=\"https://shop.example/\">https://click.example/c?url=x</a>")
        #expect(result.findings.first?.action == .replaced(url: "https://shop.example/"))
    }

    @Test func nestedAnchorsCloseTheOuterOne() {
        let policy = TestPolicy()
        _ = rewrite("<a href='https://a.example/'>one<a href='https://b.example/'>two</a>three", policy: policy)
        #expect(policy.askedLinks.map(\.text) == ["one", "two"])
    }
}

@Suite struct RewriterFindingTests {
    @Test func findingsCarryNotesAndOffsets() throws {
        let html = "<p>x</p><img src='https://tracker.example/p.gif'>"
        let (_, result) = rewrite(html)
        let finding = try #require(result.findings.first)
        #expect(finding.action == .removed)
        #expect(result.note(of: finding)?.rule == "host:tracker")
        #expect(finding.byteOffset == 13)
        guard case .load(let load) = finding.subject else {
            Issue.record("expected a load")
            return
        }
        #expect(load.url == "https://tracker.example/p.gif")
    }

    @Test func findingsAreInDocumentOrder() {
        let html = "<a href='https://click.example/c?url=https%3A%2F%2Fa.example%2F'>a</a><img src='https://tracker.example/p.gif'><style>p{background:url(https://tracker.example/b.gif)}</style>"
        let (_, result) = rewrite(html)
        let offsets = result.findings.map(\.byteOffset)
        #expect(offsets == offsets.sorted())
        #expect(result.findings.count == 3)
    }
}

/// Bugs found by `RewriterPropertyTests` (seeds 6, 14, 77, 81, 174, 517, 955, 2195, 2651),
/// reduced by hand.
@Suite struct RewriterRegressionTests {
    @Test func removedImageThatEndedSVGLeavesABareImg() {
        // `<img>` ends SVG content; deleting it would make the `<textarea>` an SVG element
        // and expose the markup inside it.
        let html = "<svg><img src='https://tracker.example/p.gif' width=1 height=1><textarea><img src='https://img.example/x.png'></textarea>"
        let (output, _) = rewrite(html)
        #expect(output == "<svg><img><textarea><img src='https://img.example/x.png'></textarea>")
        let (_, again) = rewrite(output, strict: true)
        #expect(again.findings.isEmpty)
    }

    @Test func removedMetaThatEndedMathMLLeavesABareMeta() {
        let html = "<math><meta http-equiv=refresh content='0;url=https://tracker.example/'><style>p{}</style>"
        #expect(rewrite(html).html == "<math><meta><style>p{}</style>")
    }

    @Test func secondBaseTakesOverWhenTheFirstGoes() {
        let html = "<base href='https://tracker.example/'><base href='https://cdn.example/'><img src='a.png'>"
        let loads = askedLoads(html)
        #expect(loads.map(\.url) == ["https://tracker.example/", "https://cdn.example/", "https://cdn.example/a.png"])
        let (strictOutput, _) = rewrite(html, strict: true)
        #expect(strictOutput == "")
    }

    @Test func htmlEndTagInsideSVGClosesItWithItsElement() {
        // `</video>` inside SVG closes the SVG with the video, as a browser's tree builder
        // does: the `<a>` after it is HTML either way, so the video goes whole.
        let html = "<video src='https://tracker.example/v.mp4'><svg></video><a href='https://shop.example/' ping='https://img.example/p'>x</a>"
        let (output, _) = rewrite(html)
        #expect(output == "<a href='https://shop.example/' ping='https://img.example/p'>x</a>")
    }

    @Test func cdataAfterSVGClosedByAnHTMLEndTagIsABogusComment() {
        // `</div>` closed the SVG, so `<![CDATA[>` is a bogus comment that ends at its `>`
        // and the pixel after it loads in a browser. (Read as a CDATA section, the pixel was
        // text to the collector and stayed, even in strict mode.)
        let html = "<div><svg><g></div><![CDATA[><img src='https://t.example/o.gif' width='1' height='1'>]]>"
        #expect(askedLoads(html).map(\.url) == ["https://t.example/o.gif"])
        #expect(rewrite(html, strict: true).html == "<div><svg><g></div><![CDATA[>]]>")
    }

    @Test func cdataMarkupAPreloadScannerReadsIsCollectedAndNeverShown() throws {
        // Text to the tree builder; markup after the first `>` to Chromium's preload
        // scanner, which fetches the image (browser vector 144).
        let html = "<svg><![CDATA[><img src='https://img.example/a.png' width='600' height='300'>"
            + "<a href='https://shop.example/?utm_source=x'>x</a><style>img{display:none}</style>]]></svg>"
            + "<img src='https://img.example/b.png' width='600' height='300'>"
        let loads = askedLoads(html)
        #expect(loads.map(\.url) == ["https://img.example/a.png", "https://img.example/b.png"])
        let hidden = try #require(loads.first)
        #expect(hidden.hidden)
        // Its style sheet styles nothing, and its link is no link.
        #expect(loads.last?.hidden == false)
        let policy = TestPolicy()
        _ = rewrite(html, policy: policy)
        #expect(policy.askedLinks.isEmpty)
        // The scanner knows no SVG: a CDATA section in the markup it reads is a bogus
        // comment too.
        #expect(
            askedLoads("<svg><![CDATA[><svg><![CDATA[><img src='https://img.example/d.png'>]]></svg>").map(\.url) == [
                "https://img.example/d.png"
            ])
        // A tag the scanner starts inside the section may end past its `]]>`: read whole;
        // only what lies before the `]]>` is edited, so that the section keeps its end.
        let crossing = "<svg><![CDATA[><img src='https://img.example/e.png' alt=']]>'></svg><p>after</p>"
        #expect(askedLoads(crossing).map(\.url) == ["https://img.example/e.png"])
        #expect(rewrite(crossing, strict: true).html == "<svg><![CDATA[><img alt=']]>'></svg><p>after</p>")
        // Without a `>` before it, the scanner's bogus comment swallows the tag.
        #expect(askedLoads("<svg><![CDATA[<img src='https://img.example/c.png'>]]></svg>").isEmpty)
    }

    @Test func htmlLoadingElementsInForeignContentAreCollected() {
        // `</div>` 300 elements down closes the SVG in a browser, past the simulation's
        // bounded search: the iframe after it loads there. Read as an HTML iframe, it is
        // collected whichever content it is in.
        let deep = "<div><svg>" + String(repeating: "<g>", count: 300) + "</div>"
        let html = deep + "<iframe src='https://t.example/f.html' width='1' height='1'></iframe>"
        #expect(askedLoads(html).map(\.url) == ["https://t.example/f.html"])
        #expect(rewrite(html, strict: true).html == deep)
    }

    @Test func voidElementsDoNotHideTheEndTagOfTheirParent() {
        // `<br>` is void: taken for an open element, 300 of them hid `</div>` from a search
        // that looks 256 elements down, and everything after the hidden div was hidden too.
        let lines = String(repeating: "<br>", count: 300)
        let html = "<div style='display:none'>x\(lines)</div><img src='https://img.example/hero.jpg' width='600' height='300'>"
        let loads = askedLoads(html)
        #expect(loads.count == 1)
        #expect(loads.first?.hidden == false)
    }

    @Test func elementRemovalNeverCrossesAConditionalComment() {
        let html = "<video src='https://tracker.example/v.mp4'><!--[if mso]></video><![endif]--><p>after</p>"
        let (output, _) = rewrite(html)
        #expect(output == "<video><!--[if mso]></video><![endif]--><p>after</p>")
    }

    @Test func svgAnchorPingIsALoad() {
        let (output, _) = rewrite("<svg><a href='https://shop.example/' ping='https://tracker.example/p'><text>x</text></a></svg>")
        #expect(output == "<svg><a href='https://shop.example/'><text>x</text></a></svg>")
    }
}

@Suite struct RewriterSpliceGuardTests {
    @Test func deletionAfterStrayLessThanDoesNotMakeATag() {
        let html = "<<img src='https://tracker.example/p.gif'>text &amp; <textarea><img src='https://img.example/x.png'></textarea>"
        let (output, _) = rewrite(html)
        #expect(output == "< text &amp; <textarea><img src='https://img.example/x.png'></textarea>")
        // The textarea still holds its markup as text: nothing in it loads.
        #expect(rewrite(output, strict: true).result.findings.isEmpty)
    }

    @Test func deletionInsideStyleDoesNotCloseIt() {
        // The stray `</` belongs to the removed item, so no `</style` can form. At the top
        // of a sheet a `;` does not end it: it runs to the end (a rule with no block,
        // dropped by browsers) and goes whole.
        let (output, _) = rewrite("<style>p{}</@import url(https://tracker.example/a.css);style><img src=x></style>")
        #expect(output == "<style>p{}</style>")
        let (nested, _) = rewrite("<style>p{a:b;</@import url(https://tracker.example/a.css);style><img src=x>}</style>")
        #expect(nested == "<style>p{a:b;style><img src=x>}</style>")
    }

    @Test func deletionInsideConditionalCommentDoesNotEndIt() {
        let html = "<!--[if mso]>--<img src='https://tracker.example/p.gif'>><img src='https://img.example/x.png'><![endif]-->"
        let (output, _) = rewrite(html)
        #expect(output == "<!--[if mso]>-- ><img src='https://img.example/x.png'><![endif]-->")
    }
}

@Suite struct RewriterSrcdocTests {
    @Test func loadsInsideSrcdocAreAskedAndReportedAtTheAttribute() {
        let html = "<p>x</p><iframe srcdoc=\"&lt;img src='https://img.example/a.png'&gt;\"></iframe>"
        let (output, result) = rewrite(html)
        #expect(result.output == nil)
        #expect(output == html)
        #expect(result.findings.count == 1)
        #expect(result.findings.first?.byteOffset == 16)
    }

    /// Frames share the document's list of notes: every removed or replaced load, in the
    /// document, in a frame or in a frame in a frame, keeps the note its own decision gave.
    @Test func notesOfLoadsInsideSrcdocStayWithTheirFindings() {
        struct URLNotes: HTMLPolicy {
            func decide(_ load: RemoteLoad) -> LoadDecision<String> {
                if load.url.contains("tracker") { return .remove(load.url) }
                if load.url.contains("utm_") { return .replace(url: "https://img.example/kept.png", load.url) }
                return .keep
            }
            func decideLink(url: String, text: String) -> LinkDecision { .keep }
        }
        let inner = "<img src=&amp;quot;https://tracker.example/inner.gif&amp;quot;>"
        let html = """
            <img src="https://tracker.example/first.gif"><iframe srcdoc="<img src='https://tracker.example/a.gif'>\
            <img src='https://img.example/x.png?utm_source=n'><iframe srcdoc=&quot;\(inner)&quot;></iframe>"></iframe>\
            <img src="https://img.example/y.png?utm_medium=m"><img src="https://tracker.example/last.gif">
            """
        let result = rewriteHTML(Array(html.utf8), policy: URLNotes())
        var noted = 0
        for finding in result.findings {
            guard case .load(let load) = finding.subject else { continue }
            if finding.action == .kept {
                #expect(result.note(of: finding) == nil)
            } else {
                noted += 1
                #expect(result.note(of: finding) == load.url, "\(load.url)")
            }
        }
        #expect(noted == 6)
        #expect(result.notes.count == 6)
    }

    /// A run of loads removed with equal notes shares one entry; every finding still reads
    /// its own decision's note, and notes that differ stay apart.
    @Test func equalNotesInARowAreKeptOnce() {
        struct HostNotes: HTMLPolicy {
            func decide(_ load: RemoteLoad) -> LoadDecision<String> {
                load.url.contains("keep") ? .keep : .remove(String(load.url.split(separator: "/")[1]))
            }
            func decideLink(url: String, text: String) -> LinkDecision { .keep }
        }
        let hosts = ["a.example", "a.example", "a.example", "b.example", "a.example", "b.example", "b.example"]
        var html = ""
        for (index, host) in hosts.enumerated() {
            html += "<img src='https://\(host)/\(index).gif'><img src='https://img.example/keep\(index).png'>"
        }
        let result = rewriteHTML(Array(html.utf8), policy: HostNotes())
        var noted: [String] = []
        for finding in result.findings {
            guard case .load(let load) = finding.subject, finding.action != .kept else { continue }
            noted.append(result.note(of: finding) ?? "none")
            #expect(result.note(of: finding) == String(load.url.split(separator: "/")[1]))
        }
        #expect(noted == hosts)
        // Runs: a a a | b | a | b b.
        #expect(result.notes == ["a.example", "b.example", "a.example", "b.example"])
    }

    @Test func srcdocInheritsTheDocumentBase() {
        let loads = askedLoads("<base href='https://cdn.example/m/'><iframe srcdoc=\"<img src='a.png'>\"></iframe>")
        #expect(loads.map(\.url) == ["https://cdn.example/m/", "https://cdn.example/m/a.png"])
    }

    @Test func nestedSrcdocIsRewrittenToo() {
        let inner = "<img src=&amp;quot;https://tracker.example/p.gif&amp;quot;>"
        let html = "<iframe srcdoc=\"<iframe srcdoc=&quot;\(inner)&quot;></iframe>\"></iframe>"
        let (output, _) = rewrite(html)
        #expect(output == "<iframe srcdoc=\"<iframe srcdoc=&quot;&quot;></iframe>\"></iframe>")
    }

    @Test func srcdocPastTheDepthLimitGoes() {
        var html = "<img src='https://img.example/a.png'>"
        for _ in 0..<4 {
            html = "<iframe srcdoc=\"" + String(decoding: escapeForTest(html), as: UTF8.self) + "\"></iframe>"
        }
        let (output, _) = rewrite(html)
        #expect(!output.contains("img.example"))
        #expect(output.contains("<iframe></iframe>"))
    }

    private func escapeForTest(_ html: String) -> [UInt8] {
        Array(html.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "\"", with: "&quot;").utf8)
    }
}
