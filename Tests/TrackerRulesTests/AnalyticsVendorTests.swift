import Testing
@testable import TrackerRules

/// Analytics, audience-measurement and ad-tech loads seen in newsletters: named rules remove
/// them at any size (here a visible 600x300 image), naming the vendor, and their path shapes
/// leave content images on similar paths alone.
@Suite struct AnalyticsVendorTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let url: String
        let vendor: String
        var testDescription: String { "\(vendor): \(url)" }
    }

    static func decide(_ url: String, width: Int? = 600, height: Int? = 300) -> TrackerDecision {
        Ruleset.builtIn.decide(
            ResourceQuery(url: url, kind: .image, width: width, height: height, hidden: false), in: .empty)
    }

    static let trackers: [Case] = [
        // Matomo / Piwik on the sender's own analytics host, either parameter order.
        Case(url: "https://stats.shop.example/piwik.php?idsite=1&rec=1&action_name=Newsletter", vendor: "Matomo"),
        Case(url: "https://analytics.shop.example/matomo/matomo.php?rec=1&idsite=7&_id=0123456789abcdef", vendor: "Matomo"),
        // Google Analytics collect endpoints, region hosts, legacy __utm.gif, self-hosted Urchin.
        Case(url: "https://region1.google-analytics.com/g/collect?v=2&tid=G-AB12CD34&cid=555.666&en=email_open", vendor: "Google"),
        Case(url: "https://www.google-analytics.com/g/collect?v=2&tid=G-AB12CD34&cid=555.666", vendor: "Google"),
        Case(url: "https://www.google-analytics.com/r/collect?v=1&tid=UA-7712-3&cid=555&t=event", vendor: "Google"),
        Case(url: "https://www.google-analytics.com/__utm.gif?utmwv=4&utmn=769876874&utmac=UA-30138-1", vendor: "Google"),
        Case(url: "https://stats.g.doubleclick.net/r/collect?v=1&tid=UA-7712-3&cid=555", vendor: "Google"),
        Case(url: "https://shop.example/__utm.gif?utmwv=5.3.8&utmn=1797201820&utmac=UA-30138-1", vendor: "Google"),
        // Adobe Analytics: image requests on Adobe's collection hosts and on first-party hosts.
        Case(url: "https://acme.sc.omtrdc.net/b/ss/acmeglobal/1/JS-2.22.0/s91827?AQB=1&pageName=email&AQE=1", vendor: "Adobe"),
        Case(url: "https://acme.122.2o7.net/b/ss/acmeglobal/1/H.27/s1234?AQB=1&AQE=1", vendor: "Adobe"),
        Case(url: "https://acmeglobal.data.adobedc.net/b/ss/acmeglobal/1/s5512?AQB=1&AQE=1", vendor: "Adobe"),
        Case(url: "https://smetrics.shop.example/b/ss/acmeglobal,acmeemail/1/JS-2.22.0/s81723?AQB=1&AQE=1", vendor: "Adobe"),
        Case(url: "https://dpm.demdex.net/ibs:dpid=411&dpuuid=77ab", vendor: "Adobe"),
        // AT Internet / Piano Analytics.
        Case(url: "https://logs1412.xiti.com/hit.xiti?s=628087&p=newsletter::june", vendor: "AT Internet (Piano Analytics)"),
        Case(url: "https://logc238.ati-host.net/hit.xiti?s=628087&p=newsletter", vendor: "AT Internet (Piano Analytics)"),
        Case(url: "https://ab12cd34.pa-cd.com/event?s=628087&idclient=9f8e", vendor: "AT Internet (Piano Analytics)"),
        Case(url: "https://tag.shop.example/hit.xiti?s=628087&p=newsletter", vendor: "AT Internet (Piano Analytics)"),
        // Mapp Intelligence (Webtrekk): default and custom track domains.
        Case(url: "https://responder.webtrekk.net/123456789012345/wt?p=441,email.open", vendor: "Mapp"),
        Case(url: "https://data.shop.example/123456789012345/wt?p=600,newsletter,1,0,0,0,1730181123123,0,0,0", vendor: "Mapp"),
        // comScore.
        Case(url: "https://sb.scorecardresearch.com/p?c1=2&c2=6035605&cv=2.0&cj=1", vendor: "comScore"),
        Case(url: "https://b.scorecardresearch.com/b?c1=2&c2=6035605&ns__t=1", vendor: "comScore"),
        Case(url: "https://metrics.news.example/p?c1=2&c2=6035605&cv=2.0&cj=1", vendor: "comScore"),
        // INFOnline (IVW): pseudonymous and census newsletter pixels.
        Case(url: "https://de.ioam.de/tx.io?st=acme&np=newsletter&mo=0&ct=010fff0fff", vendor: "INFOnline"),
        Case(url: "https://at.iocnt.net/tx.io?st=acme&np=newsletter", vendor: "INFOnline"),
        Case(url: "https://data-9f8e7d.news.example/base.io?np=newsletter&st=acme&cn=de", vendor: "INFOnline"),
        // GfK.
        Case(url: "https://de-config.sensic.net/s2s?c=acme&t=newsletter", vendor: "GfK"),
        // WordPress.com / Jetpack stats.
        Case(url: "https://pixel.wp.com/g.gif?v=ext&blog=182904628&post=1375&tz=0&rand=0.56", vendor: "WordPress"),
        Case(url: "https://pixel.wp.com/b.gif?v=noscript", vendor: "WordPress"),
        Case(url: "https://stats.wp.com/g.gif?v=wpcom&blog=123", vendor: "WordPress"),
        // OpenX email ad images with a per-recipient cs.
        Case(url: "https://acme-d.openx.net/w/1.0/ai?auid=540000123&cs=5f1e2d3c", vendor: "OpenX"),
        Case(url: "https://ads.news.example/w/1.0/ai?auid=540000123&cs=5f1e2d3c", vendor: "OpenX"),
        // LiveIntent.
        Case(url: "https://li.news.example/imp?s=123456&li=newsletter&e=9f8e7d6c&p=0612", vendor: "LiveIntent"),
        Case(url: "https://i6.liadm.com/s/section/124305700", vendor: "LiveIntent"),
        // LiveRamp.
        Case(url: "https://idsync.rlcdn.com/712345.gif?partner_uid=9f8e7d", vendor: "LiveRamp"),
        // Criteo.
        Case(url: "https://gum.criteo.com/sync?c=72&r=2&j=handleResponse", vendor: "Criteo"),
        Case(url: "https://dis.us.criteo.com/dis/dis.aspx?p=3072&c=2&cb=14352267375", vendor: "Criteo"),
        Case(url: "https://static.criteo.net/images/pixel.gif?ch=2", vendor: "Criteo"),
        // Sailthru open pixel at any size.
        Case(url: "https://link.news.example/img/60a1f3c2b4d5e6f708192a3bq8z2k.5j3i/ba7b8327.gif", vendor: "Sailthru"),
        // Xandr, MediaMath, Sovrn, Meta pixels.
        Case(url: "https://ib.adnxs.com/pixie?pi=a58fde5b-f991-474f-9456-b2509ba30042&e=PageView&script=0", vendor: "Xandr (Microsoft)"),
        Case(url: "https://pixel.mathtag.com/event/img?mt_id=1234567&mt_adid=230&mt_exem=&mt_excl=", vendor: "MediaMath"),
        Case(url: "https://ap.lijit.com/pixel?redir=https%3A%2F%2Fx.example%2F", vendor: "Sovrn"),
        Case(url: "https://www.facebook.com/tr?id=1234567890&ev=PageView&noscript=1", vendor: "Meta"),
        // Snowplow, GoatCounter, Parameter1 Email-X.
        Case(url: "https://sp.shop.example/i?e=pv&url=newsletter&page=June&tv=no-js-0.1.0", vendor: "Snowplow"),
        Case(url: "https://acme.goatcounter.com/count?p=/newsletter/june", vendor: "GoatCounter"),
        Case(url: "https://acme.serve.email-x.io/view/123456?date=2024-01-27&email=9f8e&rand=9689172420", vendor: "Parameter1 Email-X"),
    ]

    @Test(arguments: trackers)
    func visibleTrackerIsRemovedByANamedRule(_ c: Case) {
        let d = AnalyticsVendorTests.decide(c.url)
        #expect(d.action == .remove, "\(d.ruleID): \(d.reason)")
        #expect(d.certainty == .named, "\(d.ruleID): \(d.reason)")
        #expect(d.vendor == c.vendor, "\(d.ruleID): \(d.reason)")
        #expect(d.reason.contains(c.vendor))
        let rule = BuiltinRules.shared.table.rules.first { $0.id == d.ruleID }
        #expect(rule?.weak == false, "\(d.ruleID) is weak: it would not fire at a visible size")
    }

    @Test(arguments: trackers)
    func trackerIsRemovedAtUnknownSizeToo(_ c: Case) {
        let d = AnalyticsVendorTests.decide(c.url, width: nil, height: nil)
        #expect(d.action == .remove, "\(d.ruleID): \(d.reason)")
        #expect(d.vendor == c.vendor)
    }

    /// Content images on paths like the signatures above; no named rule may remove them.
    static let content: [String] = [
        // Sailthru-like /img/ paths.
        "https://link.news.example/img/logo/header.gif",
        "https://link.news.example/img/2024/06/hero.gif",
        "https://www.shop.example/img/products/ab12cd34.gif",
        "https://link.news.example/img/60a1f3c2b4d5e6f708192a3b/banner.gif",
        // Matomo-, Adobe-, OpenX-, AT Internet-, Mapp-, comScore-like paths.
        "https://stats.shop.example/images/matomo-logo.png",
        "https://www.shop.example/blog/piwik-php-guide.png",
        "https://cdn.shop.example/b/ss/summer-sale.jpg",
        "https://cdn.shop.example/w/1.0/banner.png",
        "https://www.shop.example/images/hit.xiti.png",
        "https://cdn.shop.example/123456789012345/wt.png",
        "https://www.shop.example/p/jacket-red.jpg",
        "https://www.shop.example/images/tx.io.png",
        // A Criteo corporate image: the weak whole-host rule only counts for tiny loads.
        "https://www.criteo.com/wp-content/uploads/2023/05/hero.jpg",
    ]

    @Test(arguments: content)
    func contentImageOnASimilarPathIsKept(_ url: String) {
        let d = AnalyticsVendorTests.decide(url)
        #expect(d.action == .keep, "\(d.ruleID): \(d.reason)")
        if d.certainty == .named {
            let rule = BuiltinRules.shared.table.rules.first { $0.id == d.ruleID }
            #expect(rule?.weak == true, "\(url) matched \(d.ruleID): \(d.reason)")
        }
    }

    @Test func sailthruStrictPixelRuleIsNotWeak() {
        let rules = BuiltinRules.shared.table.rules.filter { $0.vendor == "Sailthru" && $0.scope == .signature }
        #expect(rules.contains { !$0.weak && $0.shape?.text.contains("<x24-24>") == true })
    }

    @Test func movableInkRecipientIdIsStrippedFromLinks() {
        let r = LinkCleaner().clean("https://www.shop.example/sale?mi_u=42772706-c225-43ad-837e-c01e94907c3c&color=red")
        #expect(r.url == "https://www.shop.example/sale?color=red")
    }
}
