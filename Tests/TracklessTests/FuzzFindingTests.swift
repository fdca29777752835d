import FixtureSupport
import Foundation
@testable import MailMIME
import Maildir
import Testing
import Trackless

/// Inputs the fuzz targets found (Tests/Fixtures/fuzz/<target>/, each README says what
/// went wrong), held to the invariants the targets check.
@Suite struct FuzzFindingTests {
    static func fixture(_ target: String, _ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: FixtureCorpus.fixtures.appendingPathComponent("fuzz/\(target)/\(name)")))
    }

    @Test(arguments: ["base64-part-emptied-no-final-newline.eml", "no-blank-line-body-becomes-header.eml",
                      "no-header-trace-field-dropped.eml", "read-receipt-first-field-drops-trace.eml",
                      "8bit-removal-smuggles-part.eml", "qp-boundary-smuggles-part.eml",
                      "unsubscribe-in-own-url-keeps-params.eml", "8bit-delimiter-prefix-text-becomes-delimiter.eml",
                      "unsubscribe-alt-of-removed-pixel.eml"])
    func cleanIsTotalAndIdempotent(name: String) throws {
        let input = try Self.fixture("clean-default", name)
        let once = Cleaner().clean(input)
        let twice = Cleaner().clean(once.bytes)
        #expect(!twice.changed, "cleaning the output again changed it")
    }

    /// A link's text is what the cleaned document shows: the alt text of a pixel removed in
    /// the same clean does not make its link an unsubscribe link; a button image that stays
    /// does.
    @Test func aRemovedImagesAltTextIsNotLinkText() throws {
        let out = Cleaner().clean(try Self.fixture("clean-default", "unsubscribe-alt-of-removed-pixel.eml"))
        let message = MIMEMessage(bytes: out.bytes)
        let html = String(decoding: message.decodedBody(of: message.parts[0]).bytes, as: UTF8.self)
        #expect(html.contains("<a href=\"https://shop.example/p/1\"></a>"))
        #expect(html.contains("https://shop.example/unsubscribe?mc_eid=c1e0fdcf06"))
        #expect(!Cleaner().clean(out.bytes).changed)
    }

    /// A URL rewritten to drop the recipient's address is decided again: the opaque token it
    /// kept goes in the same clean, not the next.
    @Test func aReplacedURLIsDecidedAgain() throws {
        let out = Cleaner().clean(try Self.fixture("clean-default", "identity-then-token.eml"))
        let message = MIMEMessage(bytes: out.bytes)
        let html = String(decoding: message.decodedBody(of: message.parts[0]).bytes, as: UTF8.self)
        #expect(html.contains("src=\"https://img.shop.example/spring/hero.jpg\""))
        let finding = try #require(out.report.findings.first { $0.kind == .identifying })
        #expect(finding.reason.contains("recipient's address") && finding.reason.contains("token"))
        #expect(!Cleaner().clean(out.bytes).changed, "cleaning the output again changed it")
    }

    @Test func textAfterADelimiterPrefixThatAnEditWouldMakeADelimiterKeepsItsPart() throws {
        // The HTML part stays as it was (reported); the message is not passed through whole:
        // the plain-text part is still cleaned.
        let out = Cleaner().clean(try Self.fixture("clean-default", "8bit-delimiter-prefix-text-becomes-delimiter.eml"))
        #expect(out.changed)
        #expect(!out.report.skipped.contains { $0.contains("would not split into the same parts") })
        #expect(out.report.skipped.contains { $0.contains("enclosing boundary") })
        #expect(MIMEMessage(bytes: out.bytes).parts.count == 3)
    }

    @Test func onlyTheParsersDelimitersCountAsDelimiterLike() {
        let boundaries = [Array("b1".utf8)]
        func count(_ text: String) -> Int { MessageEditor.delimiterLikeLines(in: Array(text.utf8)[...], boundaries) }
        #expect(count("--b1<link rel=x>\n--b1x\n") == 0)
        #expect(count("--b1\n--b1-- \r\n--b1\t\n") == 3)
    }

    @Test func aBodyWithoutBlankLineStaysBody() throws {
        let out = Cleaner().clean(try Self.fixture("clean-default", "no-blank-line-body-becomes-header.eml"))
        let message = MIMEMessage(bytes: out.bytes)
        let leaf = try #require(message.parts.first)
        #expect(message.headerValue("content-transfer-encoding", in: leaf)?.trimmingCharacters(in: .whitespaces) == "quoted-printable")
        #expect(String(decoding: message.decodedBody(of: leaf).bytes, as: UTF8.self).contains("Hello reader"))
        #expect(!String(decoding: out.bytes, as: UTF8.self).contains("open.gif"))
    }

    @Test(arguments: ["base64-empty-body-at-eof.eml", "empty-rfc822-claims-delimiter-lf.eml", "no-blank-line-leading-space.eml",
                      "part-past-parent.eml", "unclosed-inner-multipart-part-past-parent.eml", "qp-soft-break-hides-boundary.eml",
                      "qp-cr-before-lf-in-lf-part.eml"])
    func partsNestAndSpliceWithoutEditsIsIdentity(name: String) throws {
        let input = try Self.fixture("mime-splice", name)
        let message = MIMEMessage(bytes: input)
        #expect(MessageEditor(message: message).output() == input)
        for part in message.parts {
            #expect(part.headerRange.upperBound <= part.bodyRange.lowerBound)
            guard let parent = part.parent else { continue }
            let outer = message.parts[parent].bodyRange
            #expect(outer.lowerBound <= part.range.lowerBound && part.range.upperBound <= outer.upperBound,
                    "part \(part.index) \(part.range) outside its parent's body \(outer)")
        }
        _ = Cleaner().clean(input)
        // Every leaf re-encoded with its own decoded content splits into the same parts.
        var editor = MessageEditor(message: message)
        for part in message.parts where part.isLeaf {
            try? editor.replaceContent(of: part, with: message.decodedBody(of: part).bytes)
        }
        #expect(message.hasSameStructure(as: MIMEMessage(bytes: editor.output())))
    }

    /// Every leaf re-encoded with its own content decodes to that content again.
    @Test func reencodingKeepsEveryByte() throws {
        let input = try Self.fixture("mime-splice", "qp-cr-before-lf-in-lf-part.eml")
        let message = MIMEMessage(bytes: input)
        var editor = MessageEditor(message: message)
        for part in message.parts where part.isLeaf { try? editor.replaceContent(of: part, with: message.decodedBody(of: part).bytes) }
        let again = MIMEMessage(bytes: editor.output())
        for part in message.parts where part.isLeaf {
            #expect(message.decodedBody(of: part).bytes == again.decodedBody(of: again.parts[part.index]).bytes)
        }
    }

    /// Repeats of a CSS-valued attribute (SVG `filter`) go with the first: one strict clean settles.
    @Test func repeatsOfACSSAttributeGoTogether() throws {
        let html = try Self.fixture("html", "duplicate-presentation-attribute-strict.html")
        var options = CleanOptions()
        options.strict = true
        let cleaner = Cleaner(options: options)
        let once = cleaner.cleanHTML(html).output ?? html
        #expect(cleaner.cleanHTML(once).output == nil, "cleaning the output again changed it")
    }

    /// A quoted-printable part whose cleaned content would put an enclosing boundary at the
    /// start of a line is written with the "--" escaped: the tracker goes, no part is added.
    @Test func aQuotedPrintableEditNeverWritesABoundary() throws {
        let input = try Self.fixture("clean-default", "qp-boundary-smuggles-part.eml")
        let out = Cleaner().clean(input)
        #expect(out.changed)
        let before = MIMEMessage(bytes: input), after = MIMEMessage(bytes: out.bytes)
        #expect(before.hasSameStructure(as: after))
        #expect(!String(decoding: out.bytes, as: UTF8.self).contains("t.example/open.gif"))
        #expect(String(decoding: out.bytes, as: UTF8.self).contains("\n=2D-b1"))
    }

    /// An 8bit part cannot escape the line: the edit is refused, the part stays as it was,
    /// and the report says why.
    @Test func anEightBitEditThatWouldWriteABoundaryIsRefused() throws {
        let input = try Self.fixture("clean-default", "8bit-removal-smuggles-part.eml")
        let out = Cleaner().clean(input)
        #expect(!out.changed)
        #expect(out.bytes == input)
        #expect(out.report.skipped.contains { $0.hasPrefix("part 1 (text/html)") && $0.contains("boundary") })
        #expect(out.report.findings.isEmpty)
    }

    /// A plain-text link is judged by the words around it, not by its own parameters.
    @Test func aPlainTextLinkIsNotJudgedByItsOwnURL() throws {
        let out = Cleaner().clean(try Self.fixture("clean-default", "unsubscribe-in-own-url-keeps-params.eml"))
        let text = String(decoding: out.bytes, as: UTF8.self)
        #expect(!text.contains("mc_eid"))
        #expect(!text.contains("utm_source"))
        #expect(text.contains("Offer: https://shop.example/p\n") || text.hasSuffix("Offer: https://shop.example/p"))
    }

    /// `url("…"})url(…)`: the `}` inside the function does not end the rule, so both URLs are
    /// seen in one clean (a browser drops the declaration; nothing is left to load).
    @Test func aCloserInsideAFunctionDoesNotEndTheRule() throws {
        let html = try Self.fixture("html", "malformed-url-function-hides-next-url.html")
        let (output, findings) = Cleaner().cleanHTML(html)
        let once = try #require(output)
        let text = String(decoding: once, as: UTF8.self)
        #expect(!text.contains("a.gif") && !text.contains("b.gif"))
        #expect(findings.filter { $0.action == .removed }.count == 2)
        #expect(Cleaner().cleanHTML(once).output == nil)
    }

    @Test func aMessageWithNoHeaderGetsTheTraceFieldAndKeepsItsBody() throws {
        let input = try Self.fixture("clean-default", "no-header-trace-field-dropped.eml")
        let out = Cleaner().clean(input)
        #expect(out.changed)
        let message = MIMEMessage(bytes: out.bytes)
        #expect(message.root.fields.count == 1)
        #expect(message.headerValue("x-trackless") != nil)
        #expect(String(decoding: message.bytes[message.root.bodyRange], as: UTF8.self).hasPrefix("Frwindows1252"))
    }

    @Test func removingTheFirstFieldKeepsTheTraceField() throws {
        let out = Cleaner().clean(try Self.fixture("clean-default", "read-receipt-first-field-drops-trace.eml"))
        let text = String(decoding: out.bytes, as: UTF8.self)
        #expect(text.hasPrefix("X-Trackless: "))
        #expect(!text.contains("Disposition-Notification-To"))
        #expect(text.hasSuffix("\n\nbody\n"))
    }

    @Test func removingAnAttributeNeverJoinsItsNeighbours() throws {
        let html = try Self.fixture("html", "attribute-after-quote-joins-tag-name.html")
        let (output, _) = Cleaner().cleanHTML(html)
        let once = output ?? html
        #expect(Cleaner().cleanHTML(once).output == nil, "cleaning the output again changed it")
        #expect(String(decoding: once, as: UTF8.self).hasPrefix("<iframe "))
    }

    /// A `<style>` rule shown only on a tracking pixel that goes whole loses its load in the
    /// same clean: the cleaned document has no element to show it on.
    @Test func aRuleLoadOnlyOnARemovedElementGoesInTheSameClean() throws {
        let html = try Self.fixture("html", "rule-load-on-removed-element.html")
        let once = Cleaner().cleanHTML(html).output ?? html
        #expect(!String(decoding: once, as: UTF8.self).contains("stats-bg.png"))
        #expect(Cleaner().cleanHTML(once).output == nil, "cleaning the output again changed it")
    }

    /// A picture's source is judged by the `<img>` that shows it in the cleaned document:
    /// the first after it that the same clean keeps (here a 0x1 image, so the source goes).
    @Test func aPictureSourceIsJudgedByTheImageThatStays() throws {
        let html = try Self.fixture("html", "picture-source-outlives-its-img.html")
        let cleaner = Cleaner()
        let recipients = ["reader@example.com"]
        let once = cleaner.cleanHTML(html, recipients: recipients).output ?? html
        let text = String(decoding: once, as: UTF8.self)
        #expect(!text.contains("reader@example.com"))
        #expect(!text.contains("hero-wide.jpg"))
        #expect(text.contains("cid:rule@shop.example"))
        #expect(cleaner.cleanHTML(once, recipients: recipients).output == nil, "cleaning the output again changed it")
    }

    /// A `}` ends an at-rule's block even when it comes where a rule's prelude was being
    /// read: the rule after it is top-level, judged by its own selector in the first clean.
    @Test func aBraceInARulePreludeClosesTheEnclosingBlock() throws {
        let html = try Self.fixture("html", "brace-in-prelude-closes-at-rule.html")
        let once = Cleaner().cleanHTML(html).output ?? html
        let text = String(decoding: once, as: UTF8.self)
        #expect(!text.contains("fix.htc"))
        #expect(!text.contains("promo.png"), "no element has the class: the load is seen nowhere")
        #expect(Cleaner().cleanHTML(once).output == nil, "cleaning the output again changed it")
    }

    /// In a list of rules a `;` belongs to the prelude: `url(…);.promo{…}` is one rule,
    /// dropped whole by browsers, and goes whole with its tracking load.
    @Test func aSemicolonInARulePreludeKeepsTheRuleWhole() throws {
        let html = try Self.fixture("html", "semicolon-in-rule-prelude.html")
        let once = Cleaner().cleanHTML(html).output ?? html
        let text = String(decoding: once, as: UTF8.self)
        #expect(!text.contains("eoapxl"))
        #expect(!text.contains("spacer.gif") && !text.contains("spacer2.gif"), "the rules went whole")
        #expect(text.contains("p{color:#333}"))
        #expect(Cleaner().cleanHTML(once).output == nil, "cleaning the output again changed it")
    }

    /// An element holding a style sheet is not removed whole: the sheet's rules judged the
    /// other loads' visibility, and stay for the next clean to judge them alike.
    @Test func aStyleSheetInsideARemovedElementStays() throws {
        let html = try Self.fixture("html", "style-inside-removed-object.html")
        for strict in [false, true] {
            let (text, again) = Self.cleanedTwice(html, strict: strict)
            #expect(!text.contains("mailstats"), "the tracking object's load is gone")
            #expect(text.contains("<style>img.logo{width:120px!important;height:40px!important}</style>"))
            #expect(strict || text.contains("brand/logo.png"), "the logo the rule shows stays")
            #expect(again == nil, "cleaning the output again changed it (strict: \(strict))")
        }
    }

    /// An attribute removed before `/>` leaves a space when an unquoted value comes before
    /// it: the tag still closes itself, and what follows stays HTML.
    @Test(arguments: zip(
        ["unquoted-value-before-self-closing.html", "stray-quote-before-self-closing.html"],
        ["<svg width=24 height=24 />", "<svg width=24 height=24\" />"]))
    func aSelfClosingTagStaysSelfClosing(fixture: String, cleanedSVG: String) throws {
        let html = try Self.fixture("html", fixture)
        for strict in [false, true] {
            let (text, again) = Self.cleanedTwice(html, strict: strict)
            if strict {
                #expect(!text.contains("mailstats"))
                #expect(text.contains(cleanedSVG), "\(text)")
            }
            #expect(text.contains("<use href=\"https://img.shop.example/icons.svg#cart\">"), "an HTML element: no load")
            #expect(again == nil, "cleaning the output again changed it (strict: \(strict))")
        }
    }

    @Test(arguments: ["invalid-selector-rule-with-load.html", "url-as-a-size.html"])
    func aRuleABrowserDropsSizesNothing(fixture: String) throws {
        let html = try Self.fixture("html", fixture)
        for strict in [false, true] {
            let (text, again) = Self.cleanedTwice(html, strict: strict)
            #expect(!text.contains("news-metrics"), "the pixel goes in the first clean (strict: \(strict))")
            #expect(text.contains("See the spring collection"))
            #expect(again == nil, "cleaning the output again changed it (strict: \(strict))")
        }
    }

    /// A tag that closes the table it would be foster-parented out of: the tree reads no
    /// parent past its stack, and the clean is total and idempotent.
    @Test func aTagThatClosesItsTableIsNotFostered() throws {
        let html = try Self.fixture("html", "a-closes-table-before-fostering.html")
        for strict in [false, true] {
            let (_, again) = Self.cleanedTwice(html, strict: strict)
            #expect(again == nil, "cleaning the output again changed it (strict: \(strict))")
        }
        // With a load after it, in a message: cleaned, not passed through by a failure.
        let page = String(decoding: html, as: UTF8.self) + #"<img src="https://t.news-metrics.example/o/1.gif" width="1" height="1">"#
        let result = Cleaner().cleanHTML(Array(page.utf8))
        #expect(result.output.map { !String(decoding: $0, as: UTF8.self).contains("news-metrics") } == true)
    }

    /// Refresh URLs with character references, one after another: each is read from the
    /// decoded-value store as it is once its own span is in it.
    @Test func refreshURLIsReadFromItsOwnDecodedBytes() throws {
        let html = try Self.fixture("html", "refresh-reads-its-own-decoded-bytes.html")
        for strict in [false, true] {
            let (_, again) = Self.cleanedTwice(html, strict: strict)
            #expect(again == nil, "cleaning the output again changed it (strict: \(strict))")
        }
        // The second refresh's URL, decoded, is the one reported and removed.
        let page = String(decoding: html, as: UTF8.self)
            + #"<meta http-equiv="refresh" content="0;URL=https://t.news-metrics.example/r?a=1&amp;b=2">"#
        let result = Cleaner().cleanHTML(Array(page.utf8))
        #expect(result.output.map { !String(decoding: $0, as: UTF8.self).contains("news-metrics") } == true)
        #expect(result.findings.contains { $0.subject == "https://t.news-metrics.example/r?a=1&b=2" })
    }

    /// `html` cleaned once (as text), and what a second clean of that output changes (nil:
    /// nothing), in default or strict mode.
    static func cleanedTwice(_ html: [UInt8], strict: Bool) -> (text: String, again: [UInt8]?) {
        var options = CleanOptions()
        options.strict = strict
        let cleaner = Cleaner(options: options)
        let once = cleaner.cleanHTML(html).output ?? html
        return (String(decoding: once, as: UTF8.self), cleaner.cleanHTML(once).output)
    }

    /// Occurrences count what the cleaned document keeps: four loads left of a repeated
    /// tracker-shaped URL are judged as four, in the same clean; so are three left when two
    /// of five went inside a `<video>` removed whole.
    @Test(arguments: ["repeat-count-after-removal.html", "repeat-count-inside-removed-video.html"])
    func occurrencesAreCountedAfterRemovals(fixture: String) throws {
        let html = try Self.fixture("html", fixture)
        let once = Cleaner().cleanHTML(html).output ?? html
        let text = String(decoding: once, as: UTF8.self)
        #expect(!text.contains("open.php"))
        #expect(text.contains("logo.png"))
        #expect(Cleaner().cleanHTML(once).output == nil, "cleaning the output again changed it")
    }

    /// Text after a tag that ends SVG content is HTML text, even when an SVG `<style>` was
    /// open: strict mode leaves it whole.
    @Test func textAfterABreakoutIsNotReadAsCSS() throws {
        var options = CleanOptions()
        options.strict = true
        let cleaner = Cleaner(options: options)
        let html = try Self.fixture("html", "text-after-breakout-read-as-css.html")
        let once = cleaner.cleanHTML(html).output ?? html
        #expect(String(decoding: once, as: UTF8.self).contains(
            "see url(https://cdn.shop.example/spring.png) for the poster"))
        #expect(cleaner.cleanHTML(once).output == nil, "cleaning the output again changed it")
    }

    /// `preload="none"` added after an attribute written with `=` and no value stays an
    /// attribute of its own.
    @Test func preloadAfterAnEmptyValueIsAnAttributeOfItsOwn() throws {
        let html = try Self.fixture("html", "preload-after-empty-value.html")
        let once = Cleaner().cleanHTML(html).output ?? html
        #expect(String(decoding: once, as: UTF8.self).contains("controls=\"\" preload=\"none\">"))
        #expect(Cleaner().cleanHTML(once).output == nil, "cleaning the output again changed it")
    }

    @Test func repeatedTrackingAttributesGoTogether() throws {
        let html = try Self.fixture("html", "duplicate-attribute-promoted.html")
        let (output, _) = Cleaner().cleanHTML(html)
        let text = String(decoding: output ?? html, as: UTF8.self)
        #expect(!text.contains("google-analytics.com"))
        #expect(!text.contains("tracker.example"))
        #expect(Cleaner().cleanHTML(Array(text.utf8)).output == nil)
    }

    @Test func ourTmpNamesAreRecognisedWhateverPrecedesTheSuffix() throws {
        let name = String(decoding: try Self.fixture("maildir-names", "prepend-character-hides-tmp-suffix.txt"), as: UTF8.self)
        let unique = MaildirName(name).unique
        for suffix in [TracklessTmpFile.newSuffix, TracklessTmpFile.intentSuffix] {
            #expect(TracklessTmpFile.parse(unique + suffix)?.unique == unique)
        }
    }

    @Test func maildirNamesSplitOnBytes() throws {
        let name = String(decoding: try Self.fixture("maildir-names", "prepend-character-hides-colon.txt"), as: UTF8.self)
        let parsed = MaildirName(name)
        #expect(parsed.info == "2,S")
        #expect(parsed.flags == "S")
        #expect(parsed.description == name)
    }
}
