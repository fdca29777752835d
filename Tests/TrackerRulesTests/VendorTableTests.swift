import Testing
@testable import TrackerRules

/// Real-shaped tracker URLs per vendor family (our own ids), on the vendors' hosts and on
/// white-labelled sender domains, with the decision each must get.
@Suite struct VendorTableTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let url: String
        let vendor: String
        var kind: ResourceKind = .image
        var testDescription: String { url }
    }

    static let trackers: [Case] = [
        // SendGrid, also white-labelled.
        Case(url: "https://u4412.ct.sendgrid.net/wf/open?upn=u001.Zk1xT2VjZ3FiRU5wRz", vendor: "SendGrid"),
        Case(url: "https://links.shop.example/wf/open?upn=u001.Zk1xT2VjZ3FiRU5wRz", vendor: "SendGrid"),
        Case(url: "https://u4412.ct.sendgrid.net/ss/o/u001.Qm9va3M/4ab/Zx9y/ho.gif", vendor: "SendGrid"),
        // Mailgun white-labelled.
        Case(url: "https://email.mg.shop.example/o/eJwVzEEOgjAQBdC7dM0KeEHRFiY3", vendor: "Mailgun"),
        // Mailchimp and Mandrill.
        Case(url: "https://shop.us21.list-manage.com/track/open.php?u=9f8e7d&id=6c5b4a&e=3f2e1d", vendor: "Mailchimp"),
        Case(url: "https://news.shop.example/track/open.php?u=9f8e7d&id=6c5b4a&e=3f2e1d", vendor: "Mailchimp"),
        Case(url: "https://mandrillapp.com/track/open.php?u=3021&id=ab77", vendor: "Mandrill"),
        // HubSpot, also white-labelled.
        Case(url: "https://t.sidekickopen03.com/e1t/o/5/f18dQhb0S7kC8dDMPbW2n0x6l2B9gXrN", vendor: "HubSpot"),
        Case(url: "https://info.shop.example/e2t/to/VWMr4b5q7Vz0W3xk6Gq1T", vendor: "HubSpot"),
        Case(url: "https://d2v8tf04.na1.hubspotlinks.com/Cto/YN+113/d2v8tf04/R5R8b", vendor: "HubSpot"),
        // Customer.io.
        Case(url: "https://track.customer.io/e/o/eyJlbWFpbF9pZCI6IlJQaTBCZ0FBQVlz", vendor: "Customer.io"),
        Case(url: "https://e.shop.example/e/o/eyJlbWFpbF9pZCI6IlJQaTBCZ0FBQVlz", vendor: "Customer.io"),
        // Amazon SES.
        Case(url: "https://7d1f.r.eu-west-1.awstrack.me/I0/0102018f4a3b-1c2d-000000/Qm9va3NBbmQ=382", vendor: "Amazon SES"),
        // Klaviyo, Campaign Monitor, Constant Contact, Iterable, Oracle, Salesforce.
        Case(url: "https://trk.klaviyomail.com/c2hvcF9vcGVu/open.gif", vendor: "Klaviyo"),
        Case(url: "https://ctrk.klclick3.com/o/c2hvcF9vcGVu", vendor: "Klaviyo"),
        Case(url: "https://shop.cmail19.com/t/d-o-qkrjl-ikydtkjhdt/o.gif", vendor: "Campaign Monitor"),
        Case(url: "https://r20.rs6.net/on.jsp?a=1139462817300&r=3&c=7f2e&d=1&x=y", vendor: "Constant Contact"),
        Case(url: "https://links.shop.example/s/eo/Zk9x-Q2l_kPT/AbCdE12345/99", vendor: "Iterable"),
        Case(url: "https://s1899.t.en25.com/e/es.aspx?s=1899&e=77120", vendor: "Oracle"),
        Case(url: "https://click.mail.shop.example/open.aspx?ffcb10-fec7157975640c-fe2f1577", vendor: "Salesforce"),
        // Sales-engagement trackers.
        Case(url: "https://t.yesware.com/t/6f2e1d/o.gif", vendor: "Yesware"),
        Case(url: "https://mailtrack.io/trace/mail/81c2d3e4f5.png?u=7712", vendor: "Mailtrack"),
        Case(url: "https://mailfoogae.appspot.com/t?sender=a2Fu&type=zerocontent&guid=8c1d", vendor: "Streak"),
        Case(url: "https://open.pstmrk.it/ab/o/Zk9xQ.gif", vendor: "Postmark"),
        // Analytics and ad pixels.
        Case(url: "https://www.google-analytics.com/collect?v=1&tid=UA-7712-3&cid=555&t=event&ec=email", vendor: "Google"),
        Case(url: "https://bat.bing.com/action/0?ti=5512&evt=open", vendor: "Microsoft"),
        // CSS background trackers.
        Case(url: "https://a8c2.eoapxl.com/a8c2/ea", vendor: "Email on Acid", kind: .background),
        Case(url: "https://e9f1.emltrk.com/e9f1?p&d=x", vendor: "Litmus", kind: .background),
    ]

    @Test(arguments: trackers)
    func trackerIsRemovedWithItsVendorNamed(_ c: Case) {
        let d = Ruleset.builtIn.decide(ResourceQuery(url: c.url, kind: c.kind), in: .empty)
        #expect(d.action == .remove, "\(d.reason)")
        #expect(d.vendor == c.vendor)
        #expect(d.certainty == .named)
        #expect(d.reason.contains(c.vendor))
    }

    /// Content images from CDNs, mail platforms and senders; none may be touched.
    static let benign: [String] = [
        "https://cdn.shopify.com/s/files/1/0123/4567/8901/files/hero-banner.jpg?v=1699999999",
        "https://images.ctfassets.net/abcd1234efgh/5XyZ/9f8e7d6c5b4a3/logo.png",
        "https://d1abcdefghijk.cloudfront.net/emails/2024/spring/hero.jpg",
        "https://acme.imgix.net/products/shoe.jpg?auto=format&fit=crop&w=600&q=80",
        "https://acme.imgix.net/products/shoe.jpg?w=600&s=0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f",
        "https://mcusercontent.com/1a2b3c4d5e6f7a8b9c0d1e2f3/images/8e7f6a5b-1234-4abc-9def-0123456789ab.png",
        "https://gallery.mailchimp.com/1a2b3c4d5e6f7a8b9c0d1e2f3/images/logo.png",
        "https://hs-1234567.f.hubspotemail.net/hub/1234567/hubfs/newsletter/header.png?width=1200&upscale=true&name=header.png",
        "https://i1.createsend1.com/ei/d/AB/123/456/hero.jpg",
        "https://d3k81ch9hvuctc.cloudfront.net/company/AbC123/images/5c1f2a3b-1234-4abc-9def-0123456789ab.png",
        "https://image.s7.sfmc-content.com/lib/fe8c1372/m/1/ab12cd-hero.png",
        "https://files.constantcontact.com/ab12cd/7f8e9d0c-1234-4abc-9def-0123456789ab.jpg",
        "https://www.shop.example/images/logo.png",
        "https://media.beehiiv.com/cdn-cgi/image/fit=scale-down,format=auto,quality=80/uploads/asset/file/ab12/hero.png",
        "https://storage.mlcdn.com/account_image/12345/hero.jpg",
        "https://lh3.googleusercontent.com/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789=w600",
        "https://pbs.twimg.com/profile_images/1234567890/avatar_400x400.jpg",
        "https://m.media-amazon.com/images/I/41abcdEFGH._SL500_.jpg",
        "https://www.amazon.com/images/G/01/email/logo.png",
        "https://www.facebook.com/images/email/fb_logo.png",
        "https://avatars.githubusercontent.com/u/12345?s=60&v=4",
        "https://github.githubassets.com/images/email/global/octocat-logo.png",
        "https://res.cloudinary.com/acme/image/upload/c_fill,w_600/v1699999999/hero.jpg",
        "https://www.dropbox.com/s/abc123/photo.jpg?raw=1",
        "https://substackcdn.com/image/fetch/w_1456,c_limit,f_auto/https%3A%2F%2Fsubstack-post-media.s3.amazonaws.com%2Fpublic%2Fimages%2Fab12.png",
        "https://acme.substack.com/img/email/logo.png",
        "https://link.news.example/img/ab12/hero.gif",
        "https://email.shop.example/mo/banner.gif",
        "https://www.example.com/1.gif",
        "https://news.example.com/e/o/logo.png",
        "https://news.example.com/t/shirts/red.jpg",
        "https://news.example.com/o/images/banner.jpg",
        "https://cdn.news.example/open.gif",
        "https://static.wixstatic.com/media/ab12cd_ef34~mv2.png/v1/fill/w_600,h_300/hero.png",
        "https://i.ytimg.com/vi/dQw4w9WgXcQ/hqdefault.jpg",
        "https://marketing-image-production.s3.amazonaws.com/uploads/ab12cd.png",
        "https://www.britishairways.com/assets/images/email/logo.png",
        "https://ci3.shop.example/track-your-order.png",
        "https://img.createsend1.com/img/templatebuilder/spacer.gif",
    ]

    @Test(arguments: benign)
    func contentImageIsKeptAtNormalAndUnknownSize(_ url: String) {
        for (w, h) in [(600, 300), (nil, nil)] as [(Int?, Int?)] {
            let d = Ruleset.builtIn.decide(ResourceQuery(url: url, kind: .image, width: w, height: h), in: .empty)
            #expect(d.action == .keep, "\(d.ruleID): \(d.reason)")
        }
    }

    @Test(arguments: benign)
    func noNamedRuleMatchesAContentImage(_ url: String) {
        // Even tiny, a content URL may be named only by a weak rule (one meant for tiny loads).
        let d = Ruleset.builtIn.decide(ResourceQuery(url: url, kind: .image, width: 1, height: 1), in: .empty)
        if d.certainty == .named {
            let rule = BuiltinRules.shared.table.rules.first { $0.id == d.ruleID }
            #expect(rule?.weak == true, "\(url) matched \(d.ruleID): \(d.reason)")
        }
    }
}
