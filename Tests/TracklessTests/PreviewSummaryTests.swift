import Testing
@testable import Trackless

/// The summary `trackless preview` leads with: one line per vendor, what it would have
/// learned, what was done.
@Suite struct PreviewSummaryTests {
    @Test func removedParametersAreTheNamesTheNewURLLacks() {
        let names = PreviewSummary.removedParameters(
            from: "https://shop.example/p?id=4&utm_source=n&mc_eid=x#top", to: "https://shop.example/p?id=4#top")
        #expect(names == ["utm_source", "mc_eid"])
        #expect(PreviewSummary.removedParameters(from: "https://a.example/", to: "https://a.example/").isEmpty)
    }

    @Test func threeOrMoreOfAFamilyAreAbbreviated() {
        #expect(PreviewSummary.abbreviate(["utm_source", "utm_medium", "utm_campaign", "mc_cid", "mc_eid"]) == "utm_*, mc_cid, mc_eid")
        #expect(PreviewSummary.abbreviate(["utm_source", "mc_eid"]) == "utm_source, mc_eid")
    }

    @Test func oneLinePerVendorNamedVendorsFirst() {
        let findings = [
            Finding(kind: .param, action: .rewritten, certainty: .named, reason: "", rule: nil,
                    subject: "https://shop.example/?utm_source=a&utm_medium=b&utm_campaign=c", replacement: "https://shop.example/", part: 1),
            Finding(kind: .pixel, action: .removed, vendor: "Mailchimp", certainty: .named, reason: "", rule: nil,
                    subject: "https://x.list-manage.com/track/open.php?u=1", part: 1),
            Finding(kind: .link, action: .kept, vendor: "Mailchimp", certainty: .named, reason: "", rule: nil,
                    subject: "https://x.list-manage.com/track/click?u=1", part: 1),
        ]
        let text = PreviewSummary(findings).render(style: PreviewStyle())
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.count == 4)
        #expect(lines[0] == "  Mailchimp: 1 pixel removed; 1 tracked link left working (its destination is not in the URL)")
        #expect(lines[1].contains("when you open it") && lines[1].contains("which links you click"))
        #expect(lines[2] == "  tracking parameters: 3 tracking parameters removed from 1 link (utm_*)")
    }

    @Test func verboseRowsShowChangedURLsWhole() {
        var report = CleanReport()
        let long = "https://shop.example/products/" + String(repeating: "a", count: 120) + "?utm_source=footer"
        report.findings = [Finding(kind: .param, action: .rewritten, certainty: .named, reason: "removed tracking parameters: utm_source",
                                   rule: nil, subject: long, replacement: String(long.prefix { $0 != "?" }), part: 1)]
        let text = PreviewRenderer.render(report, path: nil, changed: true, style: PreviewStyle(width: 80), verbose: true)
        #expect(text.contains(long))
        let colored = PreviewRenderer.render(report, path: nil, changed: true, style: PreviewStyle(width: 80, color: true), verbose: true)
        #expect(colored.contains("\u{1B}[31;9mutm_source=footer\u{1B}[0m"))
        #expect(!PreviewRenderer.render(report, path: nil, changed: true, style: PreviewStyle(width: 80)).contains(long))
    }
}
