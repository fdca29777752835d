import Testing
@testable import TrackerRules

/// The parts of a link the wrapper rules read, kept without arrays: the path's segments
/// (count, first three, last) and the host, read in place when already in lower case.
@Suite struct LinkURLLayoutTests {
    /// Every segment, as the split gives them.
    static func segments(_ u: LinkURL) -> [String] {
        LinkURL.PathSegments.all(u.bytes, u.path).map { String(decoding: u.bytes[$0], as: UTF8.self) }
    }

    @Test(arguments: [
        "https://shop.example", "https://shop.example/", "https://shop.example/a", "https://shop.example/a/b/",
        "https://shop.example//x", "https://shop.example/dc/t0k/123-ABC-456/x", "https://shop.example/a/b/c/d/e?q=1",
    ])
    func inlineSegmentsAgreeWithTheFullSplit(_ url: String) {
        let u = LinkURL(Array(url.utf8))
        let all = Self.segments(u)
        let kept = u.pathSegments
        #expect(kept.count == all.count)
        for k in 0..<min(3, kept.count) { #expect(String(decoding: u.bytes[kept[k]], as: UTF8.self) == all[k]) }
        #expect(kept.first.map { String(decoding: u.bytes[$0], as: UTF8.self) } == all.first)
        #expect(kept.last.map { String(decoding: u.bytes[$0], as: UTF8.self) } == all.last)
    }

    @Test(arguments: [
        ("https://Click.Example.COM./p", "click.example.com"),
        ("https://click.example.com./p", "click.example.com"),
        ("https://click.example.com/p", "click.example.com"),
        ("HTTPS://WWW.GOOGLE.CO.UK/url?q=https://a.example/", "www.google.co.uk"),
        ("mailto:someone@example.org", ""),
    ])
    func hostIsLoweredWithoutTheTrailingDot(_ url: String, _ host: String) {
        let u = LinkURL(Array(url.utf8))
        #expect(u.hostLower == host)
        #expect(u.withHost { Array($0) } == Array(host.utf8))
    }

    /// A wrapper on a host written in capitals, and a Marketo path with more than three
    /// segments, still match: the rules read the lowered host and every segment.
    @Test func rulesReadTheLoweredHostAndLaterSegments() {
        let cleaner = LinkCleaner()
        let google = cleaner.clean("https://WWW.Google.COM/url?q=https://dest.example/page")
        #expect(google.url == "https://dest.example/page")
        let marketo = cleaner.clean("https://go.shop.example/dc/abcDEF/123-ABC-456/00c0")
        #expect(marketo.opaqueTracker?.rule == "marketo-click")
        let notMarketo = cleaner.clean("https://go.shop.example/dc/abcDEF/1234-AB-456/00c0")
        #expect(notMarketo.opaqueTracker == nil)
    }
}
