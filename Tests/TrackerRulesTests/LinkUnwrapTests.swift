import Testing
@testable import TrackerRules

/// Wrappers that carry their destination, one table per provider.
@Suite struct LinkUnwrapTests {
    let cleaner = LinkCleaner()

    func check(_ c: LinkCase, cleaner: LinkCleaner? = nil) {
        let r = (cleaner ?? self.cleaner).clean(c.input, linkText: c.linkText)
        #expect(r.url == c.expected, "input: \(c.input)")
        if let rule = c.rule {
            #expect(r.steps.first?.rule == rule)
            #expect(r.steps.first?.kind == .unwrap)
        }
        if let vendor = c.vendor {
            #expect(r.steps.first?.vendor == vendor)
        }
        #expect(r.refusal == nil, "refusal: \(String(describing: r.refusal))")
    }

    static let google: [LinkCase] = [
        LinkCase(input: "https://www.google.com/url?q=https://example.com/page&sa=D&source=editors&ust=1700000000000000&usg=AOvVaw0abc",
                 expected: "https://example.com/page", rule: "google-url", vendor: "Google"),
        LinkCase(input: "https://www.google.co.uk/url?sa=t&url=https%3A%2F%2Fexample.org%2Fnews%3Fid%3D7&usg=AOv",
                 expected: "https://example.org/news?id=7", rule: "google-url"),
        LinkCase(input: "https://google.de/url?q=http://example.net/", expected: "http://example.net/", rule: "google-url"),
        LinkCase(input: "https://www.google.com.au/url?q=https%3A%2F%2Fexample.com%2F%3Futm_source%3Dx%26id%3D1&sa=D",
                 expected: "https://example.com/?id=1", rule: "google-url"),
        LinkCase(input: "https://www.google.com/url?q=&url=https%3A%2F%2Fexample.com%2Fb", expected: "https://example.com/b", rule: "google-url"),
    ]

    @Test(arguments: google) func unwrapsGoogleRedirects(_ c: LinkCase) { check(c) }

    @Test(arguments: [
        "https://www.notgoogle.com/url?q=https://example.com/",
        "https://google.example.com/url?q=https://example.com/",
        "https://mail.google.com/url?q=https://example.com/",
        "https://www.google.com/search?q=https://example.com/",
    ])
    func leavesLookalikeGoogleHostsAlone(_ input: String) {
        let r = cleaner.clean(input)
        #expect(r.url == input)
        #expect(!r.changed)
    }

    static let facebook: [LinkCase] = [
        LinkCase(input: "https://l.facebook.com/l.php?u=https%3A%2F%2Fexample.com%2Fevent%3Fref%3Dfb&h=AT0abcDEF",
                 expected: "https://example.com/event?ref=fb", rule: "facebook-l", vendor: "Meta"),
        LinkCase(input: "https://lm.facebook.com/l.php?u=https%3A%2F%2Fexample.com%2F&h=AT1",
                 expected: "https://example.com/", rule: "facebook-l", vendor: "Meta"),
        LinkCase(input: "https://l.messenger.com/l.php?u=https%3A%2F%2Fexample.org%2Fa&h=AT2",
                 expected: "https://example.org/a", rule: "facebook-l", vendor: "Meta"),
        LinkCase(input: "https://l.facebook.com/l.php?u=https%3A%2F%2Fexample.com%2F%3Ffbclid%3DIwAR0x9&h=AT3",
                 expected: "https://example.com/", rule: "facebook-l"),
    ]

    @Test(arguments: facebook) func unwrapsFacebookLinkShim(_ c: LinkCase) { check(c) }

    static let ses: [LinkCase] = [
        LinkCase(input: "https://a1b2c3d4.r.us-east-1.awstrack.me/L0/https:%2F%2Fexample.com%2Fx%3Fa=1/1/0100018f-aaaa-bbbb-cccc-000000000000-000000/AbCdEfGhIj=383",
                 expected: "https://example.com/x?a=1", rule: "ses-click", vendor: "Amazon SES"),
        LinkCase(input: "https://click.redditmail.com/CL0/https:%2F%2Fwww.reddit.com%2Fr%2Fswift%2F%3Futm_source%3Dembedv2/1/0100018f-1111/Zx9=100",
                 expected: "https://www.reddit.com/r/swift/", rule: "ses-click-custom-domain"),
        // The destination's own escapes survive: %252F decodes once, to %2F.
        LinkCase(input: "https://x9.r.us-west-2.awstrack.me/L0/https:%2F%2Fexample.com%2Fdl%3Fsig=a%252Fb%26n=2/1/01/Sig=1",
                 expected: "https://example.com/dl?sig=a%2Fb&n=2", rule: "ses-click"),
        LinkCase(input: "https://links.shop.example/CL0/https%3A%2F%2Fshop.example%2Fcart/2/0101abc/xyz=",
                 expected: "https://shop.example/cart", rule: "ses-click-custom-domain"),
    ]

    @Test(arguments: ses) func unwrapsAmazonSES(_ c: LinkCase) { check(c) }

    @Test func unwrapsMandrillNestedJSON() {
        let inner = #"{"u":30000000,"v":1,"url":"https:\/\/example.com\/x?id=4","id":"0a1b2c3d","url_ids":["d3e4f5"]}"#
        var escaped = ""
        for ch in inner { escaped += ch == "\"" ? "\\\"" : (ch == "\\" ? "\\\\" : String(ch)) }
        let outer = #"{"s":"aB3dE","v":1,"p":""# + escaped + #""}"#
        let p = Sample.base64(outer, urlSafe: true, padded: false)
        check(LinkCase(input: "https://mandrillapp.com/track/click/30000000/example.com?p=\(p)",
                       expected: "https://example.com/x?id=4", rule: "mandrill-click", vendor: "Mandrill"))
        // Padded, standard alphabet, '=' percent-encoded.
        let p2 = Sample.component(Sample.base64(outer))
        check(LinkCase(input: "https://mandrillapp.com/track/click/30000000/example.com?p=\(p2)",
                       expected: "https://example.com/x?id=4", rule: "mandrill-click"))
    }

    @Test func unwrapsCustomerIOOnOwnAndCNAMEdHosts() {
        let json = #"{"email_id":"dgOQ1AEAAZ","href":"https://example.com/welcome?utm_campaign=onboard&step=2","internal":"a1b2","link_id":24}"#
        let seg = Sample.base64(json, urlSafe: true, padded: false)
        check(LinkCase(input: "https://e.customeriomail.com/e/c/\(seg)/0f1e2d3c4b5a",
                       expected: "https://example.com/welcome?step=2", rule: "customerio-click", vendor: "Customer.io"))
        check(LinkCase(input: "https://track.shop.example/e/c/\(seg)/0f1e2d3c4b5a",
                       expected: "https://example.com/welcome?step=2", rule: "customerio-click"))
    }

    @Test func leavesOtherEcPathsAlone() {
        let input = "https://shop.example/e/c/not-base64-json/xyz"
        #expect(cleaner.clean(input).url == input)
        #expect(cleaner.clean(input).refusal == nil)
    }

    static let postmark: [LinkCase] = [
        LinkCase(input: "https://click.pstmrk.it/2s/example.com%2Fx%3Fa%3D1/AbCdEfG/HiJk/LmNo/dGFnOmE=",
                 expected: "https://example.com/x?a=1", rule: "postmark-click", vendor: "Postmark"),
        LinkCase(input: "https://click.pstmrk.it/3ts/www.example.org%2Fdocs%2F/Xy12/ab",
                 expected: "https://www.example.org/docs/", rule: "postmark-click"),
        LinkCase(input: "https://click.pstmrk.it/2sm/http:%2F%2Fexample.net%2F/Xy12",
                 expected: "http://example.net/", rule: "postmark-click"),
    ]

    @Test(arguments: postmark) func unwrapsPostmark(_ c: LinkCase) { check(c) }

    @Test func unwrapsMailjetBase64LastSegment() {
        let seg = Sample.base64("https://example.com/shop?ref=mail", urlSafe: true)
        check(LinkCase(input: "https://x1y2z.mjt.lu/lnk/AVcAAAAbcd/1/AbCdEf/\(seg)",
                       expected: "https://example.com/shop?ref=mail", rule: "mailjet-click", vendor: "Mailjet"))
    }

    static let params: [LinkCase] = [
        LinkCase(input: "https://click.icptrack.com/icp/relay.php?r=12345&msgid=678&act=ABCD&c=1234&destination=http%3A%2F%2Fexample.com%2Fspecials",
                 expected: "http://example.com/specials", rule: "icontact-relay", vendor: "iContact"),
        LinkCase(input: "https://links.govdelivery.com/track?type=click&enid=ZWFzPTE&mailing=1&message_id=2&url=https://example.gov/alerts?topic=flood&lang=en",
                 expected: "https://example.gov/alerts?topic=flood&lang=en", rule: "govdelivery-track", vendor: "Granicus"),
        LinkCase(input: "https://links.govdelivery.com/track?type=click&enid=ZWFz&url=https%3A%2F%2Fexample.gov%2F",
                 expected: "https://example.gov/", rule: "govdelivery-track"),
        LinkCase(input: "https://www.youtube.com/redirect?event=video_description&q=https%3A%2F%2Fexample.com%2F&v=abc",
                 expected: "https://example.com/", rule: "youtube-redirect"),
        LinkCase(input: "https://deref-gmx.net/mail/client/AbC123/dereferrer/?redirectUrl=https%3A%2F%2Fexample.de%2Fx",
                 expected: "https://example.de/x", rule: "webmail-dereferrer"),
        LinkCase(input: "https://slack-redir.net/link?url=https%3A%2F%2Fexample.com%2Fdoc",
                 expected: "https://example.com/doc", rule: "slack-redirect"),
        LinkCase(input: "https://mailtrack.io/trace/link/0a1b2c3d?url=https%3A%2F%2Fexample.com%2F&userId=123&signature=abc",
                 expected: "https://example.com/", rule: "mailtrack-link"),
        LinkCase(input: "https://t.sidekickopen70.com/s1t/c/5/f18dQhb0S7kF8c?t=https%3A%2F%2Fexample.com%2Fdemo&si=123&pi=abc",
                 expected: "https://example.com/demo", rule: "hubspot-sales-link"),
        LinkCase(input: "https://t.yesware.com/tl/0a1b2c/3d4e5f?ytl=https%3A%2F%2Fexample.com%2Fpricing",
                 expected: "https://example.com/pricing", rule: "yesware-link"),
    ]

    @Test(arguments: params) func unwrapsParameterCarriers(_ c: LinkCase) { check(c) }

    @Test func unwrapsActiveCampaignLinkTracker() {
        let b = Sample.component(Sample.base64("https://example.com/offer?utm_source=ac&sku=9"))
        check(LinkCase(input: "https://brand.lt.acemlnb.com/Prod/link-tracker?redirectUrl=\(b)&sig=Abc&iat=1700000000&a=123&account=brand&email=someone%40example.net&s=abc&i=1A2A3A4",
                       expected: "https://example.com/offer?sku=9", rule: "link-tracker", vendor: "ActiveCampaign"))
    }

    @Test func unwrapsSubstackJWTVariant() {
        let header = Sample.base64(#"{"alg":"HS256","typ":"JWT"}"#, urlSafe: true, padded: false)
        let claims = Sample.base64(#"{"e":"https://example.com/p/post-title","p":123,"s":456,"iat":1700000000}"#, urlSafe: true, padded: false)
        check(LinkCase(input: "https://substack.com/redirect/2/\(header).\(claims).c2lnbmF0dXJl",
                       expected: "https://example.com/p/post-title", rule: "substack-redirect", vendor: "Substack"))
    }

    @Test func linkedInMailLinksLoseTrackingButKeepSignInToken() {
        let r = cleaner.clean("https://www.linkedin.com/comm/jobs/view/1234567890?trackingId=abc%3D%3D&refId=xyz&lipi=urn%3Ali%3Apage%3Aemail&midToken=AQH&midSig=0a&trk=eml-jobs&trkEmail=eml-x&eid=abc&otpToken=MTAwNTA")
        #expect(r.url == "https://www.linkedin.com/comm/jobs/view/1234567890?otpToken=MTAwNTA")
        #expect(r.steps.map(\.kind) == [.stripParameters])
        #expect(r.steps.first?.removedParameters == ["trackingId", "refId", "lipi", "midToken", "midSig", "trk", "trkEmail", "eid"])
    }

    @Test func unwrapsNestedWrappersFully() {
        let postmark = "https://click.pstmrk.it/2s/example.com%2Fdeep%3Fk%3Dv/AbC/dEf"
        let google = "https://www.google.com/url?q=\(Sample.component(postmark))&sa=D"
        let r = cleaner.clean(google)
        #expect(r.url == "https://example.com/deep?k=v")
        #expect(r.steps.map(\.rule) == ["google-url", "postmark-click"])
        #expect(r.steps[0].before == google)
        #expect(r.steps[0].after == postmark)
        #expect(r.steps[1].after == "https://example.com/deep?k=v")
    }

    func nest(_ depth: Int, _ dest: String) -> String {
        var u = dest
        for k in 0..<depth {
            u = k % 2 == 0
                ? "https://l.facebook.com/l.php?u=\(Sample.component(u))&h=AT\(k)"
                : "https://www.google.com/url?q=\(Sample.component(u))"
        }
        return u
    }

    @Test func unwrapsUpToTheDepthLimit() {
        let r = cleaner.clean(nest(LinkCleaner.maxUnwrapDepth, "https://example.com/end"))
        #expect(r.url == "https://example.com/end")
        #expect(r.steps.count == LinkCleaner.maxUnwrapDepth)
    }

    @Test func leavesChainsDeeperThanTheLimitUntouched() {
        let input = nest(LinkCleaner.maxUnwrapDepth + 1, "https://example.com/end")
        let r = cleaner.clean(input)
        #expect(r.url == input)
        #expect(r.steps.isEmpty)
        #expect(r.refusal?.reason == .tooDeep)
    }

    @Test func percentEncodesNonASCIIInDecodedDestinations() {
        let r = cleaner.clean("https://www.google.com/url?q=https://example.com/caf%C3%A9")
        #expect(r.url == "https://example.com/caf%C3%A9")
    }

    @Test func keepsMailtoDestinations() {
        let r = cleaner.clean("https://www.google.com/url?q=mailto%3Ahelp%40example.com%3Fsubject%3DHi")
        #expect(r.url == "mailto:help@example.com?subject=Hi")
    }
}
