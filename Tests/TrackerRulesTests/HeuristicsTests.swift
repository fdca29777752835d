import Foundation
import FixtureSupport
import Testing
@testable import TrackerRules

/// Loads no named rule knows: size, visibility, tracker-shaped paths, opaque tokens,
/// spacers and repeated design images.
@Suite struct HeuristicsTests {
    static let context = MessageContext(recipients: ["reader@mail.example"], senderAddress: "News <news@shop.example>")

    static func decide(
        _ url: String, kind: ResourceKind = .image, width: Int? = nil, height: Int? = nil, hidden: Bool = false,
        occurrences: Int = 1
    ) -> TrackerDecision {
        Ruleset.builtIn.decide(
            ResourceQuery(url: url, kind: kind, width: width, height: height, hidden: hidden, occurrences: occurrences),
            in: context)
    }

    @Test func tinyImageWithAQueryFromAnUnknownHostIsRemoved() {
        let d = HeuristicsTests.decide("https://stats.unknown-esp.example/img?c=77&m=81", width: 1, height: 1)
        #expect(d.action == .remove)
        #expect(d.certainty == .heuristic)
        #expect(d.ruleID == "heuristic/tiny")
    }

    @Test func invisibleImageReasonsAreWrittenFromTheirFacts() {
        // Kept as facts until read (one per pixel adds up): the sentence is the same.
        let tiny = HeuristicsTests.decide("https://stats.unknown-esp.example/o.gif", width: 1, height: nil)
        #expect(tiny.reason == "tiny image (1x?): a reader sees nothing of it, so its load can only report the open")
        let hidden = HeuristicsTests.decide("https://stats.unknown-esp.example/o.gif", hidden: true)
        #expect(hidden.reason
            == "image invisible in every rendering: a reader sees nothing of it, so its load can only report the open")
        #expect(tiny != hidden)
    }

    @Test(arguments: [(0, 600), (1, 1), (2, 2), (4, 1), (1, 3)] as [(Int, Int)])
    func tinySizesCount(_ w: Int, _ h: Int) {
        #expect(Heuristics.isTiny(width: w, height: h))
    }

    @Test(arguments: [(600, 1), (1, 600), (3, 3), (5, 1), (88, 31)] as [(Int, Int)])
    func visibleSizesDoNotCount(_ w: Int, _ h: Int) {
        #expect(!Heuristics.isTiny(width: w, height: h))
    }

    @Test func oneKnownSideCountsOnlyWhenItIsAtMostOnePixel() {
        #expect(Heuristics.isTiny(width: 1, height: nil))
        #expect(Heuristics.isTiny(width: nil, height: 0))
        #expect(!Heuristics.isTiny(width: 2, height: nil))
        #expect(!Heuristics.isTiny(width: nil, height: nil))
    }

    @Test func hiddenImageWithAnOpaquePathIsRemoved() {
        let d = HeuristicsTests.decide("https://cdn.unknown.example/v/Q2xpY2tlZDoxMjM0NTY3OA9x3Zr/p.png", hidden: true)
        #expect(d.action == .remove)
        #expect(d.ruleID == "heuristic/hidden")
    }

    @Test func tinyStaticImageWithoutQueryIsRemoved() {
        // A plain file name is no exemption: a reader sees nothing of a 1x1 image.
        let d = HeuristicsTests.decide("https://cdn.unknown.example/images/dot.gif", width: 1, height: 1)
        #expect(d.action == .remove)
        #expect(d.ruleID == "heuristic/tiny")
    }

    @Test func spacerFromTheSendersSiteIsKeptEvenWithAQuery() {
        let d = HeuristicsTests.decide("https://img.shop.example/assets/spacer.gif?v=3&c=spring", width: 20, height: 1)
        #expect(d.action == .keep)
        #expect(d.ruleID == "none/spacer")
    }

    @Test func spacerWithoutQueryFromAnotherHostIsKept() {
        for name in ["spacer.gif", "blank.gif", "clear.gif", "transparent.png", "spacer_10x1.png"] {
            let d = HeuristicsTests.decide("https://static.cdn.example/mail/\(name)", width: 10, height: 1)
            #expect(d.action == .keep, "\(name)")
        }
    }

    @Test func invisibleSpacerIsRemoved() {
        let d = HeuristicsTests.decide("https://img.shop.example/assets/spacer.gif", width: 1, height: 1)
        #expect(d.action == .remove)
    }

    @Test func spacerNamedPixelWithAQueryFromAnotherHostIsRemoved() {
        let d = HeuristicsTests.decide("https://t.other.example/spacer.gif?rid=81723&c=9", width: 1, height: 1)
        #expect(d.action == .remove)
    }

    @Test func repetitionDoesNotExemptAnInvisibleImage() {
        let url = "https://img.unknown.example/px?line=1"
        #expect(HeuristicsTests.decide(url, width: 1, height: 1, occurrences: 5).action == .remove)
        #expect(HeuristicsTests.decide(url, hidden: true, occurrences: 9).action == .remove)
    }

    @Test func repeatedVisibleImageWithATrackerShapedPathIsDesign() {
        let url = "https://news.unknown.example/pixel.gif?r=1"
        #expect(HeuristicsTests.decide(url, width: 600, height: 20, occurrences: 5).action == .keep)
        #expect(HeuristicsTests.decide(url, width: 600, height: 20, occurrences: 1).action == .remove)
    }

    @Test func trackerShapedFileWithAQueryIsRemovedAtAnySize() {
        for url in [
            "https://news.unknown.example/open.php?id=42&c=7", "https://news.unknown.example/pixel.gif?r=1",
            "https://news.unknown.example/e/track?ev=1", "https://news.unknown.example/x?event=open&id=5",
            "https://news.unknown.example/mail/t.gif?u=9",
        ] {
            let d = HeuristicsTests.decide(url)
            #expect(d.action == .remove, "\(url)")
            #expect(d.ruleID == "heuristic/path", "\(url)")
        }
    }

    @Test func trackerDirectoryWithAnOpaqueIdIsRemoved() {
        let d = HeuristicsTests.decide("https://news.unknown.example/open/Zk9xQ2lkPTEyMzQ1Njc4OTA9bz")
        #expect(d.action == .remove)
    }

    @Test func contentImagesWithTrackerWordsInTheirPathAreKept() {
        for url in [
            "https://img.shop.example/track/order-status.png", "https://static.news.example/2024/05/track-and-field.jpg",
            "https://www.example.org/open-house/photo1.jpg", "https://cdn.unknown.example/pixel.png",
            "https://img.shop.example/track/order-status.png?v=2",
        ] {
            #expect(HeuristicsTests.decide(url).action == .keep, "\(url)")
        }
    }

    @Test func opaqueTokenOnAContentImageIsStripped() {
        let d = HeuristicsTests.decide("https://img.unknown.example/banners/hero.jpg?w=600&rid=8f14e45fceea167a5a36dedd4bea2543")
        #expect(d.action == .replace(url: "https://img.unknown.example/banners/hero.jpg?w=600"))
        #expect(d.ruleID == "token/query")
    }

    @Test func opaqueTokenOnASignedURLIsLeftAlone() {
        let d = HeuristicsTests.decide(
            "https://img.unknown.example/hero.jpg?Expires=1735689600&Key-Pair-Id=K2ABCDEF&Signature=Zx9yW8vU7tS6rQ5pO4nM3lK2jI1hG0fE")
        #expect(d.action == .keep)
    }

    @Test(arguments: [
        "spring_sale_newsletter_2024", "summer-sale-2024-newsletter", "SpringSaleNewsletter2024",
        "1699999999123456789012", "2024-01-15T10:30:00Z-x", "abcdefghijklmnopqrstuvwxyz",
    ])
    func wordsDatesAndDigitsAreNotOpaque(_ value: String) {
        #expect(!Heuristics.isOpaque(Array(value.utf8)[...]))
    }

    @Test(arguments: [
        "8f14e45fceea167a5a36dedd4bea2543", "Zx9yW8vU7tS6rQ5pO4nM3lK2", "550e8400-e29b-41d4-a716-446655440000",
        "eyJ1IjoxMjM0NTYsInYiOjJ9Q3kZ", "AbCd%2BEf12%2FGh34Ij56Kl78",
    ])
    func randomTokensAreOpaque(_ value: String) {
        #expect(Heuristics.isOpaque(Array(value.utf8)[...]))
    }

    @Test func unknownNormalImagesAreKept() {
        for url in [
            "https://www.shop.example/images/logo.png", "https://img.unknown.example/render?w=600&id=42",
            "https://img.unknown.example/a/b/c/photo.webp?width=1200&quality=80",
        ] {
            let d = HeuristicsTests.decide(url, width: 600, height: 300)
            #expect(d.action == .keep, "\(url): \(d.reason)")
            #expect(d.certainty == nil)
        }
    }

    @Test func nonRemoteLoadsAreKept() {
        for url in ["cid:part1.abc@mail.example", "data:image/gif;base64,R0lGODlhAQABAAAAACw=", "/relative/x.gif", ""] {
            let d = HeuristicsTests.decide(url, width: 1, height: 1)
            #expect(d.action == .keep, "\(url)")
            #expect(d.ruleID == "none/local")
        }
    }
}

/// What happens to loads by kind, independent of hosts.
@Suite struct KindPolicyTests {
    static func decide(_ url: String, _ kind: ResourceKind) -> TrackerDecision {
        Ruleset.builtIn.decide(ResourceQuery(url: url, kind: kind), in: .empty)
    }

    @Test func pingIsAlwaysRemoved() {
        let d = KindPolicyTests.decide("https://www.shop.example/ping?x=1", .ping)
        #expect(d.action == .remove)
        #expect(d.certainty == .named)
        #expect(d.reason == "hyperlink auditing ping")
    }

    @Test(arguments: [ResourceKind.refresh, .script, .frame, .hint])
    func loadsMailNeverNeedsAreRemoved(_ kind: ResourceKind) {
        let d = KindPolicyTests.decide("https://www.shop.example/x", kind)
        #expect(d.action == .remove)
        #expect(d.ruleID == "policy/\(kind.rawValue)")
    }

    @Test func fontsFromFontCDNsAreRemovedUnlessAllowed() throws {
        let font = KindPolicyTests.decide("https://fonts.gstatic.com/s/inter/v12/abc.woff2", .font)
        #expect(font.action == .remove)
        #expect(font.ruleID == "policy/third-party-font")
        let css = KindPolicyTests.decide("https://fonts.googleapis.com/css2?family=Inter:wght@400;700", .stylesheet)
        #expect(css.ruleID == "policy/third-party-stylesheet")
        let allowing = try Ruleset(userRulesText: "allow host fonts.googleapis.com\n", origin: "test")
        let kept = allowing.decide(
            ResourceQuery(url: "https://fonts.googleapis.com/css2?family=Inter", kind: .stylesheet), in: .empty)
        #expect(kept.action == .keep)
    }

    @Test func fontLicenceTrackingStylesheetIsRemoved() {
        let d = KindPolicyTests.decide("https://fast.fonts.net/t/1.css?apiType=css&projectid=ab12", .stylesheet)
        #expect(d.action == .remove)
        #expect(d.vendor == "Monotype")
    }

    @Test func stylesheetsAndFontsFromMailPlatformsAreRemoved() {
        let css = KindPolicyTests.decide("https://mcusercontent.com/abc/files/theme.css", .stylesheet)
        #expect(css.action == .remove)
        #expect(css.vendor == "Mailchimp")
        let font = KindPolicyTests.decide("https://hs-1234.f.hubspotemail.net/hubfs/fonts/brand.woff2", .font)
        #expect(font.action == .remove)
        #expect(font.vendor == "HubSpot")
    }

    @Test func stylesheetFromTheSendersOwnSiteIsKept() {
        let context = MessageContext(recipients: [], senderAddress: "news@shop.example")
        let d = Ruleset.builtIn.decide(ResourceQuery(url: "https://www.shop.example/css/mail.css", kind: .stylesheet), in: context)
        #expect(d.action == .keep)
        #expect(d.ruleID == "none/first-party")
        #expect(KindPolicyTests.decide("https://www.shop.example/css/mail.css", .stylesheet).action == .remove)
    }

    @Test func trackerHostsAreRemovedWhateverTheKind() {
        for kind in [ResourceKind.image, .background, .stylesheet, .font, .media, .other] {
            let d = KindPolicyTests.decide("https://ab12cd.emltrk.com/ab12cd?p&d=x", kind)
            #expect(d.action == .remove, "\(kind)")
            #expect(d.vendor == "Litmus")
        }
    }

    @Test func imageOnlyRulesLeaveOtherKindsAlone() {
        let d = KindPolicyTests.decide("https://www.dropbox.com/l/AAB12cdEF34/email_open", .stylesheet)
        #expect(d.vendor != "Dropbox")
    }
}

/// The packed word sets answer as comparing the lower-cased bytes with each word does: the
/// listed words in any case, near misses, words past 16 bytes, and random bytes.
@Test func wordSetsAnswerAsAByteComparison() {
    let words = ["open", "t", "x-amz-signature", "transparent_pixel", "pixel_transparent", "1x1", "woff2", "",
                 "sixteen-bytes-ab", "seventeen-bytes-a"]
    let set = Heuristics.WordSet(words)
    func reference(_ bytes: [UInt8]) -> Bool {
        let lowered = bytes.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
        return words.contains { Array($0.utf8) == lowered }
    }
    var probes: [[UInt8]] = []
    for word in words {
        probes.append(Array(word.utf8))
        probes.append(Array(word.uppercased().utf8))
        probes.append(Array((word + "s").utf8))
        if !word.isEmpty { probes.append(Array(word.utf8.dropLast())) }
    }
    var generator = SplitMix64(seed: 16)
    let alphabet = Array("opentxOPENTX-_1\u{0}".utf8) + [0xC3, 0x80]
    for _ in 0..<5_000 {
        probes.append((0..<Int(generator.next() % 20)).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] })
    }
    for probe in probes {
        #expect(set.contains(probe[...]) == reference(probe), "\(probe)")
        // A slice that does not start at zero, as the rules pass one.
        let padded = [0x2F] + probe
        #expect(set.contains(padded[1...]) == reference(probe), "\(probe)")
    }
}

/// The rewriter asks about a load with its URL as bytes: every URL the rule tests use, as
/// an image (tiny and not, hidden and not) and as a stylesheet, with and without the
/// recipient's address known, is decided as the same URL given as a string is.
@Test func aLoadAskedAsBytesIsDecidedAsItsString() throws {
    let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    var urls = Set<String>()
    for file in try FileManager.default.contentsOfDirectory(atPath: folder.path) where file.hasSuffix(".swift") {
        let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
        for piece in text.components(separatedBy: "\"").dropFirst() where piece.hasPrefix("http") {
            urls.insert(piece)
        }
    }
    #expect(urls.count > 300)
    let contexts = [MessageContext.empty, HeuristicsTests.context,
                    MessageContext(recipients: ["reader@mail.example"], senderAddress: "shop@shop.example")]
    for url in urls {
        for context in contexts {
            for (kind, width, height, hidden) in [(ResourceKind.image, nil, nil, false), (.image, 1, 1, false),
                                                  (.image, 600, 300, true), (.stylesheet, nil, nil, false)] as [(ResourceKind, Int?, Int?, Bool)] {
                let query = ResourceQuery(url: url, kind: kind, width: width, height: height, hidden: hidden)
                var bytes = url
                var blank = query
                blank.url = ""
                let asBytes = bytes.withUTF8 { Ruleset.builtIn.decide(blank, urlBytes: $0, in: context) }
                #expect(asBytes == Ruleset.builtIn.decide(query, in: context), "\(url)")
            }
        }
    }
}
