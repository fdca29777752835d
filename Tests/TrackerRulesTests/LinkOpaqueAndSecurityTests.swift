import Testing
@testable import TrackerRules

/// Opaque trackers stay and are named; security wrappers stay unless asked.
@Suite struct LinkOpaqueAndSecurityTests {
    struct Opaque: Sendable, CustomTestStringConvertible {
        var url: String
        var vendor: String
        var testDescription: String { vendor + " " + url }
    }

    static let opaque: [Opaque] = [
        Opaque(url: "https://acme.us1.list-manage.com/track/click?u=1a2b3c4d5e&id=6f7a8b9c0d&e=1e2f3a4b5c", vendor: "Mailchimp"),
        Opaque(url: "https://u1234567.ct.sendgrid.net/ls/click?upn=u001.AbCdEf-2BGhIj", vendor: "SendGrid"),
        Opaque(url: "https://links.brand.example/ls/click?upn=u001.xyz-2FAbc", vendor: "SendGrid"),
        Opaque(url: "https://u1234567.ct.sendgrid.net/wf/click?upn=AbCd", vendor: "SendGrid"),
        Opaque(url: "https://d2abc04.na1.hubspotlinks.com/Ctc/5B+113/d2abc04/VW1xyz", vendor: "HubSpot"),
        Opaque(url: "https://info.brand.example/e3t/Ctc/ZQ+113/cXyz/VWabc", vendor: "HubSpot"),
        Opaque(url: "https://click.e.brand.example/?qs=5a6b7c8d9e0f1a2b", vendor: "Salesforce Marketing Cloud"),
        Opaque(url: "https://trk.klclick1.com/ls/click?upn=u001.abc", vendor: "Klaviyo"),
        Opaque(url: "https://ctrk.klaviyo.com/l?m=abc123&e=def", vendor: "Klaviyo"),
        Opaque(url: "https://trk.klaviyomail.com/ls/click?upn=abc", vendor: "Klaviyo"),
        Opaque(url: "https://r20.rs6.net/tn.jsp?f=001AbC&c=XyZ&ch=QrS", vendor: "Constant Contact"),
        Opaque(url: "https://substack.com/redirect/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0?j=eyJhbGciOi", vendor: "Substack"),
        Opaque(url: "https://links.iterable.com/a/click?_t=abc&_m=def&_e=ghi", vendor: "Iterable"),
        Opaque(url: "https://go.brand.example/dc/AbCdEfGhIjKlMnOp==/123-ABC-456/MDQ1", vendor: "Marketo"),
        Opaque(url: "http://na-ab12.mktoweb.com/x/y", vendor: "Marketo"),
        Opaque(url: "https://link.mail.beehiiv.com/ss/c/u001.AbC/4a1/XyZ/h1/Hash", vendor: "beehiiv"),
        Opaque(url: "https://email.brand.example/c/eJxVjEEOgjAQRc_0", vendor: "Mailgun"),
        Opaque(url: "https://acme.createsend1.com/t/d-l-abcdef-l-y/", vendor: "Campaign Monitor"),
        Opaque(url: "https://click.brand.example/f/a/AbC~~/AAAAAQA~/RgRnX", vendor: "SparkPost"),
        Opaque(url: "https://x1y2z.mjt.lu/lnk/AVcAAAAbcd/1/not-base64!", vendor: "Mailjet"),
        Opaque(url: "https://lnkd.in/eAbCdEf", vendor: "LinkedIn"),
        Opaque(url: "https://click.convertkit-mail2.com/abc/def", vendor: "Kit (ConvertKit)"),
        Opaque(url: "https://brand.example/pub/cc?_ri_=X0Gzc2X%3DYQ", vendor: "Oracle Responsys"),
    ]

    @Test(arguments: opaque) func reportsOpaqueTrackerAndLeavesItInPlace(_ c: Opaque) {
        let r = LinkCleaner().clean(c.url)
        #expect(r.url == c.url)
        #expect(r.steps.isEmpty)
        #expect(r.opaqueTracker?.vendor == c.vendor)
        #expect(r.refusal == nil)
    }

    @Test func leavesOpaqueWrapperParametersAlone() {
        let input = "https://acme.us1.list-manage.com/track/click?u=1a2b&id=3c4d&e=5e6f&utm_source=x"
        #expect(LinkCleaner().clean(input).url == input)
    }

    @Test func reportsOpaqueTrackerReachedThroughACarrier() {
        let mc = "https://acme.us1.list-manage.com/track/click?u=1a2b&id=3c4d&e=5e6f"
        let r = LinkCleaner().clean("https://www.google.com/url?q=\(Sample.component(mc))")
        #expect(r.url == mc)
        #expect(r.opaqueTracker?.vendor == "Mailchimp")
    }

    struct Security: Sendable, CustomTestStringConvertible {
        var url: String
        var expected: String
        var rule: String
        var testDescription: String { rule }
    }

    static let security: [Security] = [
        Security(url: "https://nam12.safelinks.protection.outlook.com/?url=https%3A%2F%2Fexample.com%2Freport%3Fid%3D5&data=05%7C02%7Cuser%40example.org%7Cabc%7C0%7C0%7C638000000000000000%7CUnknown&sdata=AbCd%2BEf%3D&reserved=0",
                 expected: "https://example.com/report?id=5", rule: "outlook-safelinks"),
        Security(url: "https://urldefense.proofpoint.com/v2/url?u=\(Sample.proofpointV2("https://example.com/a/b?c=d&e=f"))&d=DwMFaQ&c=euGZstcaTDllvimEN8b7jXrwqOf-v5A_CdpgnVfiiMM&r=abc&m=def&s=ghi&e=",
                 expected: "https://example.com/a/b?c=d&e=f", rule: "proofpoint-v2"),
        Security(url: "https://urldefense.proofpoint.com/v1/url?u=https%3A%2F%2Fexample.com%2Fold&k=abc",
                 expected: "https://example.com/old", rule: "proofpoint-v1"),
        Security(url: "https://urldefense.com/v3/__https://example.com/path/page.html__;!!AbCdEf!GhIjKl$",
                 expected: "https://example.com/path/page.html", rule: "proofpoint-v3"),
        Security(url: "https://urldefense.com/v3/__https://example.com/owa*2Findex.html?x=1*frag__;JSM!!Abc!Def$",
                 expected: "https://example.com/owa%2Findex.html?x=1#frag", rule: "proofpoint-v3"),
        Security(url: "https://urldefense.com/v3/__https://example.com/search?q=a**Bb__;JTJC!!Abc!Def$",
                 expected: "https://example.com/search?q=a%2Bb", rule: "proofpoint-v3"),
        Security(url: "https://imsva91-ctp.trendmicro.com/wis/clicktime/v1/query?url=https%3a%2f%2fexample.com%2fdocs&umid=0a1b2c3d-4e5f&auth=abc-def",
                 expected: "https://example.com/docs", rule: "trendmicro-clicktime"),
        Security(url: "https://eu-central-1.protection.sophos.com/?d=example.com&u=\(Sample.component(Sample.base64("https://www.example.com/downloads/")))&i=NjA4&t=abc=&h=0dfc&s=AVNP",
                 expected: "https://www.example.com/downloads/", rule: "sophos-protection"),
        Security(url: "https://linkprotect.cudasvc.com/url?a=https%3a%2f%2fexample.com%2fportal&c=E,1,abc&typo=1",
                 expected: "https://example.com/portal", rule: "barracuda-linkprotect"),
    ]

    @Test(arguments: security) func keepsSecurityWrappersByDefault(_ c: Security) {
        let r = LinkCleaner().clean(c.url)
        #expect(r.url == c.url)
        #expect(r.securityWrapper?.rule == c.rule)
        #expect(r.steps.isEmpty)
    }

    @Test(arguments: security) func unwrapsSecurityWrappersOnRequest(_ c: Security) {
        let r = LinkCleaner(unwrapSecurityLinks: true).clean(c.url)
        #expect(r.url == c.expected)
        #expect(r.steps.first?.rule == c.rule)
        #expect(r.securityWrapper == nil)
    }

    @Test func keepsMimecastEvenOnRequest() {
        let input = "https://protect-eu.mimecast.com/s/AbCdEfGhIjK?domain=example.com"
        let r = LinkCleaner(unwrapSecurityLinks: true).clean(input)
        #expect(r.url == input)
        #expect(r.securityWrapper?.vendor == "Mimecast")
    }

    @Test(arguments: [
        // Two markers, one replacement character.
        "https://urldefense.com/v3/__https://example.com/a*b*c__;JQ!!x$",
        // Replacement text left over.
        "https://urldefense.com/v3/__https://example.com/a*b__;JSM!!x$",
        // A '%' in the embedded URL: which decoding was meant is unknown.
        "https://urldefense.com/v3/__https://example.com/a%20b*__;Iw!!x$",
        // Unknown run-length symbol.
        "https://urldefense.com/v3/__https://example.com/a**!b__;JSM!!x$",
        // No terminator.
        "https://urldefense.com/v3/__https://example.com/a",
    ])
    func leavesUncertainProofpointV3Alone(_ input: String) {
        let r = LinkCleaner(unwrapSecurityLinks: true).clean(input)
        #expect(r.url == input)
        #expect(r.refusal != nil)
    }

    @Test func refusesSophosWhenDomainDisagrees() {
        let input = "https://us-west-2.protection.sophos.com/?d=example.com&u=\(Sample.component(Sample.base64("https://evil.example/")))&i=x"
        let r = LinkCleaner(unwrapSecurityLinks: true).clean(input)
        #expect(r.url == input)
        #expect(r.refusal?.reason == .inconsistent)
    }

    @Test func neverStripsParametersOnUrldefense() {
        let input = "https://urldefense.com/other?utm_source=x&fbclid=y"
        #expect(LinkCleaner().clean(input).url == input)
    }
}

@Suite struct WrapperHostIndexTests {
    @Test func coversEachDomainAndItsSubdomainsOnly() {
        for d in WrapperHosts.domains {
            #expect(WrapperHosts.covers(Array(d.utf8)), "\(d)")
            #expect(WrapperHosts.covers(Array("a.b.\(d)".utf8)), "a.b.\(d)")
            #expect(!WrapperHosts.covers(Array("x\(d)".utf8)), "x\(d)")
        }
        #expect(!WrapperHosts.covers(Array("shop.example".utf8)))
        #expect(!WrapperHosts.covers(Array("".utf8)))
    }

    /// Off the wrapper domains, host tests answer no without looking; the answer is the
    /// same as looking would give (the debug assertion checks each such test).
    @Test func aLinkOffTheDomainsStillMeetsThePathRules() {
        let cleaner = LinkCleaner()
        // /CL0/ (Amazon SES on the sender's own domain) is a path rule: any host.
        let r = cleaner.clean("https://links.shop.example/CL0/https:%2F%2Fshop.example%2Fsale/1/0100abc/xyz=")
        #expect(r.url == "https://shop.example/sale")
        // /ls/click with upn= (SendGrid on a custom domain) stays an opaque wrapper.
        let o = cleaner.clean("https://email.shop.example/ls/click?upn=abcdef")
        #expect(o.opaqueTracker?.rule == "sendgrid-click")
    }
}
