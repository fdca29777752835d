import MailURL
import FixtureSupport
import Testing
@testable import TrackerRules

/// Destinations that are not absolute http, https or mailto URLs leave the link as it was.
@Suite struct LinkRefusalTests {
    struct Bad: Sendable, CustomTestStringConvertible {
        var url: String
        var reason: LinkRefusal.Reason
        var testDescription: String { url }
    }

    static let google = "https://www.google.com/url?q="
    static let fb = "https://l.facebook.com/l.php?h=AT1&u="

    static let cases: [Bad] = [
        Bad(url: google + "javascript:alert(1)", reason: .disallowedScheme),
        Bad(url: google + "JavaScript%3Aalert(document.cookie)", reason: .disallowedScheme),
        Bad(url: google + "data:text/html;base64,PHNjcmlwdD4", reason: .disallowedScheme),
        Bad(url: google + "vbscript:msgbox", reason: .disallowedScheme),
        Bad(url: google + "ftp://example.com/file", reason: .disallowedScheme),
        Bad(url: google + "%2Frelative%2Fpath", reason: .notAbsoluteURL),
        Bad(url: google + "example.com/no-scheme", reason: .notAbsoluteURL),
        Bad(url: google + "https:example.com", reason: .notAbsoluteURL),
        Bad(url: google + "https%3A%2F%2F", reason: .notAbsoluteURL),
        Bad(url: google, reason: .missingDestination),
        Bad(url: "https://www.google.com/url?sa=D", reason: .missingDestination),
        Bad(url: fb + "https%3A%2F%2Fexample.com%2Fa%20b", reason: .unsafeCharacters),
        Bad(url: fb + "https%3A%2F%2Fexample.com%2F%0Aevil", reason: .unsafeCharacters),
        Bad(url: fb + "https%3A%2F%2Fexample.com%2F%00", reason: .unsafeCharacters),
        Bad(url: fb + "https%3A%2F%2Fexample.com%2F%22onclick", reason: .unsafeCharacters),
        Bad(url: fb + "https%3A%2F%2Fexample.com%2F%E2%80%AEfdp.exe", reason: .unsafeCharacters),
        Bad(url: fb + "https%3A%2F%2Fexample.com%2F%FF%FE", reason: .unsafeCharacters),
        Bad(url: fb + "https%3A%2F%2Fbank.example%40evil.example%2F", reason: .badHost),
        Bad(url: fb + "https%3A%2F%2Fexa%25mple.com%2F", reason: .badHost),
        Bad(url: fb + "https%3A%2F%2F.example.com%2F", reason: .badHost),
        Bad(url: fb + "https%3A%2F%2Fexample.com%3A99999999%2F", reason: .badHost),
        Bad(url: "https://mandrillapp.com/track/click/30000000/example.com?p=@@@@", reason: .undecodable),
        Bad(url: "https://mandrillapp.com/track/click/30000000/example.com?p=\(Sample.base64("{\"nourl\":1}"))", reason: .undecodable),
        Bad(url: "https://mandrillapp.com/track/click/30000000/example.com", reason: .missingDestination),
        Bad(url: "https://brand.example/Prod/link-tracker?redirectUrl=%%%%&sig=1", reason: .undecodable),
        Bad(url: "https://e.customeriomail.com/e/c/garbage/sig", reason: .undecodable),
        Bad(url: "https://click.pstmrk.it/2s/exa%20mple.com/AbC", reason: .unsafeCharacters),
    ]

    @Test(arguments: cases) func leavesOriginalAndReportsWhy(_ c: Bad) {
        let r = LinkCleaner().clean(c.url)
        #expect(r.url == c.url)
        #expect(r.steps.isEmpty)
        #expect(r.refusal?.reason == c.reason)
    }

    @Test func keepsTheLastGoodLinkWhenAnInnerWrapperFails() {
        // Google's target is a valid URL (a Facebook shim); the shim's own target is not.
        let shim = Self.fb + "javascript%3Aalert(1)"
        let r = LinkCleaner().clean(Self.google + Sample.component(shim))
        #expect(r.url == shim)
        #expect(r.steps.map(\.rule) == ["google-url"])
        #expect(r.refusal?.rule == "facebook-l")
        #expect(r.refusal?.reason == .disallowedScheme)
    }

    @Test(arguments: [
        "javascript:alert(1)",
        "data:text/html,hi",
        "/relative/path?utm_source=x",
        "not a url at all",
        "",
        "   ",
        "https://",
        "http://[::1",
        "%%%",
        "mailto:someone@example.com?utm_source=x",
        "ftp://example.com/?utm_source=x",
    ])
    func leavesNonHTTPInputUnchanged(_ input: String) {
        let r = LinkCleaner().clean(input)
        #expect(r.url == input)
        #expect(!r.changed)
    }

    @Test func leavesOverlongLinksAlone() {
        let input = "https://example.com/?utm_source=x&pad=" + String(repeating: "a", count: LinkCleaner.maxURLLength)
        let r = LinkCleaner().clean(input)
        #expect(r.url == input)
        #expect(r.refusal?.reason == .tooLong)
    }

    @Test func ignoresSurroundingWhitespaceLikeHTMLDoes() {
        let r = LinkCleaner().clean("  https://example.com/?utm_source=x \n")
        #expect(r.url == "https://example.com/")
        let unchanged = "  https://example.com/a "
        #expect(LinkCleaner().clean(unchanged).url == unchanged)
    }

    @Test(arguments: [
        // Browsers read a backslash as a slash here, so the host is evil.example.
        "https://evil.example\\@l.facebook.com/l.php?u=https%3A%2F%2Fexample.com%2F",
        "https://l.facebook.com\\l.php?u=https%3A%2F%2Fexample.com%2F",
    ])
    func readsHostsTheWayBrowsersDo(_ input: String) {
        let r = LinkCleaner().clean(input)
        #expect(r.url == input)
        #expect(r.steps.isEmpty)
    }

    @Test func byteViewMatchesURLPartsOnGeneratedLinks() {
        var gen = LinkGenerator(rng: SplitMix64(seed: LinkPropertyTests.seed ^ 0x4057))
        for _ in 0..<1000 {
            let s = gen.link()
            let link = LinkURL(Array(s.utf8))
            let parts = URLParts(s)
            #expect(link.hostLower == parts.host, "\(s)")
            #expect(link.query == parts.queryRange.map { s.utf8.distance(from: s.startIndex, to: $0.lowerBound)..<s.utf8.distance(from: s.startIndex, to: $0.upperBound) })
        }
    }
}
