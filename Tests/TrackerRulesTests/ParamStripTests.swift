import Testing
@testable import TrackerRules

/// Tracking-parameter removal: what goes, what stays byte for byte, where nothing goes.
@Suite struct ParamStripTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var input: String
        var expected: String
        var removed: [String]? = nil
        var linkText: String? = nil
        var testDescription: String { input + (linkText.map { " [\($0)]" } ?? "") }
    }

    func run(_ c: Case) {
        let r = LinkCleaner().clean(c.input, linkText: c.linkText)
        #expect(r.url == c.expected)
        if let removed = c.removed {
            #expect(r.steps.last?.removedParameters ?? [] == removed)
        }
        if c.input == c.expected { #expect(r.steps.isEmpty) }
    }

    static let stripping: [Case] = [
        Case(input: "https://example.com/a/?b=1&utm_source=news&c=%2Fx&utm_medium=email#top",
             expected: "https://example.com/a/?b=1&c=%2Fx#top", removed: ["utm_source", "utm_medium"]),
        Case(input: "https://example.com/?utm_source=x", expected: "https://example.com/", removed: ["utm_source"]),
        Case(input: "https://example.com/p?fbclid=IwAR0abc#s", expected: "https://example.com/p#s"),
        Case(input: "https://example.com/p?gclid&x=1", expected: "https://example.com/p?x=1", removed: ["gclid"]),
        Case(input: "https://example.com/p?a=1&&utm_source=x&&b=2", expected: "https://example.com/p?a=1&b=2"),
        Case(input: "https://example.com/p?a=1&mc_cid=0a1b2c&mc_eid=3d4e5f", expected: "https://example.com/p?a=1",
             removed: ["mc_cid", "mc_eid"]),
        Case(input: "https://example.com/p?_hsenc=p2ANqtz-abc&_hsmi=12345&__hstc=1.2.3&__hssc=1.1.1&__hsfp=123&hsCtaTracking=abc%7Cdef&id=9",
             expected: "https://example.com/p?id=9"),
        Case(input: "https://example.com/p?elqTrackId=abc&elq=def&elqaid=1&elqat=1&elqCampaignId=9&id=2",
             expected: "https://example.com/p?id=2"),
        Case(input: "https://example.com/p?oly_anon_id=a&oly_enc_id=b&vero_id=c&vero_conv=d&ml_subscriber=1&ml_subscriber_hash=e&bsft_clkid=f&bsft_uid=g&_kx=h&dclid=i&msclkid=j",
             expected: "https://example.com/p"),
        Case(input: "https://example.com/p?mkt_tok=MDY4LVNNRy0&id=1", expected: "https://example.com/p?id=1"),
        Case(input: "https://example.com/p?__s=abc123xyz&q=1", expected: "https://example.com/p?q=1"),
        Case(input: "https://example.com/p?__s=12&q=1", expected: "https://example.com/p?__s=12&q=1"),
        Case(input: "https://example.com/p?ck_subscriber_id=123&x=1", expected: "https://example.com/p?x=1"),
        Case(input: "https://example.com/p?h_sid=1&h_slt=2&x=1", expected: "https://example.com/p?x=1"),
        Case(input: "https://example.com/a?b=%E2%9C%93&utm_content=%F0%9F%98%80&c=caf%C3%A9", expected: "https://example.com/a?b=%E2%9C%93&c=caf%C3%A9"),
        Case(input: "https://example.com/a?b=☃&utm_term=x", expected: "https://example.com/a?b=☃"),
        Case(input: "HTTPS://EXAMPLE.COM/A?utm_source=x&B=1", expected: "HTTPS://EXAMPLE.COM/A?B=1"),
        Case(input: "https://example.com:8443/a;b?utm_id=1&q=a+b", expected: "https://example.com:8443/a;b?q=a+b"),
        Case(input: "https://example.com/a?x=1#utm_source=frag", expected: "https://example.com/a?x=1#utm_source=frag"),
        Case(input: "https://example.com/a?q=https%3A%2F%2Fx.example%2F%3Futm_source%3Dy", expected: "https://example.com/a?q=https%3A%2F%2Fx.example%2F%3Futm_source%3Dy"),
    ]

    @Test(arguments: stripping) func stripsTrackingParametersKeepingTheRest(_ c: Case) { run(c) }

    @Test(arguments: [
        "https://example.com/?UTM_SOURCE=x",
        "https://example.com/?Utm_source=x",
        "https://example.com/?utm%5Fsource=x",
        "https://example.com/?FBCLID=x",
        "https://example.com/?",
        "https://example.com/?x=1&",
        "https://example.com/?var=1&ref=2&source=3&src=4",
    ])
    func matchesNamesCaseSensitivelyAndRaw(_ input: String) {
        #expect(LinkCleaner().clean(input).url == input)
    }

    static let scoped: [Case] = [
        Case(input: "https://www.instagram.com/p/AbC/?igshid=xyz&img_index=2", expected: "https://www.instagram.com/p/AbC/?img_index=2"),
        Case(input: "https://example.com/?igshid=xyz", expected: "https://example.com/?igshid=xyz"),
        Case(input: "https://youtu.be/AbC?si=XyZ&t=42", expected: "https://youtu.be/AbC?t=42"),
        Case(input: "https://example.com/?si=1", expected: "https://example.com/?si=1"),
        Case(input: "https://x.com/user/status/1?ref_src=twsrc%5Etfw", expected: "https://x.com/user/status/1"),
        Case(input: "https://www.amazon.co.uk/dp/B000?pd_rd_r=abc&pf_rd_p=def&psc=1", expected: "https://www.amazon.co.uk/dp/B000?psc=1"),
        Case(input: "https://amazon.example.org/dp/B000?pd_rd_r=abc", expected: "https://amazon.example.org/dp/B000?pd_rd_r=abc"),
        Case(input: "https://www.linkedin.com/feed/?lici=abc&lipi=1&list=2", expected: "https://www.linkedin.com/feed/?list=2"),
        Case(input: "https://example.com/?trk=abc&lipi=x", expected: "https://example.com/?trk=abc&lipi=x"),
    ]

    @Test(arguments: scoped) func stripsScopedParametersOnlyOnTheirSites(_ c: Case) { run(c) }

    @Test(arguments: [
        "https://urldefense.com/other?utm_source=x",
        "https://www.humana.com/?utm_source=x&gclid=y",
        "https://shop.axs.com/e?utm_campaign=z",
        "https://go365.com/?fbclid=1",
    ])
    func neverStripsOnExemptHosts(_ input: String) {
        #expect(LinkCleaner().clean(input).url == input)
    }

    static let conditional: [Case] = [
        Case(input: "https://go.brand.example/UnsubscribePage.html?mkt_tok=MDY4LVNNRy0&utm_source=x",
             expected: "https://go.brand.example/UnsubscribePage.html?mkt_tok=MDY4LVNNRy0"),
        Case(input: "https://go.brand.example/index.php/email/emailWebview?mkt_tok=MDY4LVNNRy0&md_id=1",
             expected: "https://go.brand.example/index.php/email/emailWebview?mkt_tok=MDY4LVNNRy0&md_id=1"),
        Case(input: "https://app.kit.example/unsubscribe?ck_subscriber_id=123&utm_medium=email",
             expected: "https://app.kit.example/unsubscribe?ck_subscriber_id=123"),
        Case(input: "https://example.com/email/view?h_sid=1&h_slt=2&fbclid=3",
             expected: "https://example.com/email/view?h_sid=1&h_slt=2"),
    ]

    @Test(arguments: conditional) func keepsConditionalParametersWhereTheyWork(_ c: Case) { run(c) }

    static let unsubscribe: [Case] = [
        Case(input: "https://example.com/unsubscribe?email=a%40example.org&mc_eid=abc&utm_source=news&token=xyz",
             expected: "https://example.com/unsubscribe?email=a%40example.org&mc_eid=abc&token=xyz", removed: ["utm_source"]),
        Case(input: "https://example.com/p?id=1&mc_eid=abc&utm_campaign=x", expected: "https://example.com/p?id=1&mc_eid=abc",
             linkText: "Unsubscribe"),
        Case(input: "https://example.com/p?id=1&_hsenc=abc&gclid=1", expected: "https://example.com/p?id=1&_hsenc=abc",
             linkText: "Manage your email preferences"),
        Case(input: "https://example.com/p?id=1&_hsenc=abc", expected: "https://example.com/p?id=1&_hsenc=abc",
             linkText: "Opt out"),
        Case(input: "https://example.com/opt-out/?u=1&mkt_tok=a&elqTrackId=b", expected: "https://example.com/opt-out/?u=1&mkt_tok=a&elqTrackId=b"),
        Case(input: "https://example.com/?action=unsubscribe&_hsenc=abc&utm_term=x", expected: "https://example.com/?action=unsubscribe&_hsenc=abc"),
        Case(input: "https://example.com/Email-Preferences?id=1&bsft_uid=2", expected: "https://example.com/Email-Preferences?id=1&bsft_uid=2"),
        Case(input: "https://example.com/newsletter/abmelden?id=1&mc_eid=2", expected: "https://example.com/newsletter/abmelden?id=1&mc_eid=2"),
        Case(input: "https://example.com/p?id=1&mc_eid=abc", expected: "https://example.com/p?id=1&mc_eid=abc", linkText: "Se désabonner"),
        // A campaign label that mentions unsubscribing does not make the page one.
        Case(input: "https://example.com/p?utm_campaign=unsubscribe-winback&mc_eid=abc", expected: "https://example.com/p"),
        Case(input: "https://example.com/p?id=1&mc_eid=abc", expected: "https://example.com/p?id=1", linkText: "Read more"),
    ]

    @Test(arguments: unsubscribe) func keepsUnsubscribeLinksWorking(_ c: Case) { run(c) }

    @Test func reportsTheStripStep() {
        let r = LinkCleaner().clean("https://example.com/?a=1&utm_source=x")
        #expect(r.steps == [LinkStep(kind: .stripParameters, rule: "tracking-parameters", vendor: nil,
                                     before: "https://example.com/?a=1&utm_source=x",
                                     after: "https://example.com/?a=1", removedParameters: ["utm_source"])])
        let u = LinkCleaner().clean("https://example.com/unsubscribe?a=1&utm_source=x")
        #expect(u.steps.first?.rule == "unsubscribe-page-parameters")
    }
}
