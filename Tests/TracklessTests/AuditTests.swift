import Testing
import TrackerRules
@testable import Trackless

/// `trackless audit`: who a message makes a client contact, and what each party learns.
@Suite struct AuditTests {
    static func message(_ html: String, from: String = "news@shop.example", extra: String = "") -> [UInt8] {
        Array("""
            From: Shop <\(from)>\r
            To: reader@example.net\r
            Date: Tue, 3 Mar 2026 10:00:00 +0100\r
            \(extra)MIME-Version: 1.0\r
            Content-Type: text/html; charset=utf-8\r
            \r
            \(html)\r

            """.utf8)
    }

    static func audit(_ messages: [[UInt8]]) -> AuditReport {
        var options = CleanOptions()
        options.reportKeptLoads = true
        let cleaner = Cleaner(options: options)
        var report = AuditReport()
        for m in messages { report.add(cleaner.clean(m).report) }
        return report
    }

    @Test func thirdPartiesFirstPartyAndWhatTheyLearn() throws {
        let report = Self.audit([Self.message("""
            <img src="https://img.shop.example/hero.jpg" width="600" height="300" alt="Spring">
            <img src="https://cdn.images-partner.example/p/1.jpg" width="300" height="200" alt="Pack">
            <img src="https://shopnews.us1.list-manage.com/track/open.php?u=1&id=2&e=3" width="1" height="1">
            <img src="https://metrics.example/o.gif?em=reader%40example.net" width="1" height="1">
            <a href="https://shop.example/p?utm_source=n&mc_eid=c1e0fdcf06">Pack</a>
            """)])
        #expect(report.messages == 1)
        #expect(report.messagesWithThirdParties == 1)
        let byName = Dictionary(uniqueKeysWithValues: report.sortedParties.map { ($0.name, $0) })
        let shop = try #require(byName["shop.example"])
        #expect(shop.isFirstParty)
        #expect(shop.learns.contains(.recipientID) && shop.learns.contains(.campaign))
        let cdn = try #require(byName["images-partner.example"])
        #expect(!cdn.isFirstParty && cdn.cleaned == 0 && cdn.learns == [.openTime, .ipAndClient])
        let mailchimp = try #require(byName["Mailchimp"])
        #expect(mailchimp.isNamedVendor && mailchimp.cleaned == 1)
        let metrics = try #require(byName["metrics.example"])
        #expect(metrics.learns.contains(.address))
        // Third parties come first.
        #expect(report.sortedParties.first.map { !$0.isFirstParty } == true)
    }

    @Test func aDKIMSigningDomainIsFirstParty() throws {
        let report = Self.audit([Self.message("<img src=\"https://img.esp-brand.example/a.png\" width=\"200\" height=\"80\" alt=\"x\">",
                                              extra: "DKIM-Signature: v=1; a=rsa-sha256; d=esp-brand.example; s=s1; b=abc\r\n")])
        #expect(report.parties["domain:esp-brand.example"]?.isFirstParty == true)
        #expect(report.messagesWithThirdParties == 0)
    }

    @Test func theGateNamesEachViolationAndHonoursTheAllowList() {
        let report = Self.audit([Self.message("""
            <img src="https://shopnews.us1.list-manage.com/track/open.php?u=1&id=2&e=3" width="1" height="1">
            <img src="https://metrics.example/o.gif?em=reader%40example.net" width="1" height="1">
            """)])
        let all = AuditGate(conditions: [.thirdParty, .identifying, .outsideEEA]).violations(report)
        #expect(all.contains { $0.hasPrefix("third-party: Mailchimp") })
        #expect(all.contains { $0.hasPrefix("identifying: metrics.example learns the reader's email address") })
        #expect(all.contains { $0.hasPrefix("outside-eea: metrics.example: country unknown") })
        let allowed = AuditGate(conditions: [.thirdParty], allowed: AuditGate.allowList("# ours\nmailchimp\nmetrics.example\n"))
        #expect(allowed.violations(report).isEmpty)
        #expect(AuditGate(conditions: [.identifying]).violations(Self.audit([Self.message("<p>plain</p>")])).isEmpty)
    }

    @Test func hostsAreReadLikeURLParsersReadThem() {
        #expect(AuditReport.host(of: "https://User:pw@Img.Shop.Example:8443/a?b#c") == "img.shop.example")
        #expect(AuditReport.host(of: "http://[2001:DB8::1]:80/x") == "2001:db8::1")
        #expect(AuditReport.host(of: "https://a.example?x=https://b.example/") == "a.example")
        #expect(AuditReport.host(of: "cid:part1@shop.example") == nil)
        #expect(PreviewSummary.parameterNames("https://a.example/p?x=1&&utm_source=n&flag#f=2") == ["x", "utm_source", "flag"])
    }

    @Test func monthsComeFromTheDateField() {
        #expect(AuditReport.month(ofDate: "Tue, 3 Mar 2026 10:00:00 +0100") == "2026-03")
        #expect(AuditReport.month(ofDate: "3 Dec 1999 10:00 GMT") == "1999-12")
        #expect(AuditReport.month(ofDate: "yesterday") == nil)
    }

    @Test func theHTMLPageLoadsNothingAndEscapesWhatMessagesSay() {
        let report = Self.audit([Self.message("<img src=\"https://x.evil-<b>.example/o.gif\" width=\"1\" height=\"1\"><img src=\"https://track.example/p.gif\" width=\"1\" height=\"1\">")])
        let page = AuditRenderer.html(report)
        #expect(page.contains("Content-Security-Policy"))
        for attribute in [" src=", " href=", "url(", "@import"] { #expect(!page.contains(attribute), "the page has \(attribute)") }
        #expect(page.contains("<svg"))
        #expect(!page.contains("<b>"))
    }

    @Test func jsonHasTheSchemaAndEveryParty() {
        let report = Self.audit([Self.message("<img src=\"https://track.example/p.gif\" width=\"1\" height=\"1\">")])
        let json = AuditRenderer.json(report, violations: ["x"])
        #expect(json.contains("\"schema\": \"trackless-audit/1\""))
        #expect(json.contains("\"name\": \"track.example\""))
        #expect(json.contains("\"violations\": ["))
    }

    @Test func everyRulesVendorHasAFactsLine() {
        let vendors = Set(Ruleset.builtIn.vendors)
        let missing = vendors.filter { VendorDirectory.fact(for: $0) == nil }.sorted()
        #expect(missing.isEmpty, "no facts line for: \(missing.prefix(20))")
        #expect(VendorDirectory.builtInProblems.isEmpty)
    }
}

@Suite struct AuditChartTests {
    @Test func monthsBetweenAreFilledSoTheAxisIsTime() {
        let filled = AuditRenderer.filledMonths(["2025-11": (3, 1), "2026-02": (2, 2)])
        #expect(filled.map(\.0) == ["2025-11", "2025-12", "2026-01", "2026-02"])
        #expect(filled.map(\.1) == [3, 0, 0, 2])
    }
}

/// `preview --html`: the message as sent and as cleaned, loading nothing.
@Suite struct PreviewPageTests {
    @Test func everyLoadIsALocalPlaceholderAndTrackersAreLabelled() throws {
        let message = AuditTests.message("""
            <style>@import url("https://fonts.example/f.css");</style>
            <img src="https://img.shop.example/hero.jpg" width="600" height="300" alt="Spring" srcset="https://img.shop.example/hero@2x.jpg 2x">
            <td background="https://img.shop.example/bg.png">x</td>
            <img src="https://shopnews.us1.list-manage.com/track/open.php?u=1&id=2&e=3" width="1" height="1">
            <a href="https://shop.example/p?utm_source=n">Pack</a>
            """)
        let page = try #require(PreviewPage.render(message, options: CleanOptions(), title: "t"))
        #expect(page.contains("Content-Security-Policy"))
        #expect(page.contains("<iframe sandbox srcdoc="))
        // No http(s) URL is left where a browser would load it.
        for load in ["src=&quot;http", "srcset=&quot;http", "background=&quot;http", "url(&quot;http", "url(http"] {
            #expect(!page.contains(load), "a remote load is left: \(load)")
        }
        #expect(page.contains("Mailchimp"))
        #expect(page.contains("removed%3A%20Mailchimp") || page.contains("Mailchimp (1x1)"))
        // The cleaned side's link has lost its tracking parameter.
        #expect(page.contains("href=&quot;https://shop.example/p&quot;"))
    }

    @Test func aMessageWithoutHTMLHasNoPage() {
        let text = Array("From: a@b.example\r\nContent-Type: text/plain\r\n\r\nhi\r\n".utf8)
        #expect(PreviewPage.render(text, options: CleanOptions(), title: "t") == nil)
    }
}

@Suite struct DKIMDomainTests {
    @Test func theDTagOfASignatureFoldedOrNot() {
        #expect(Cleaner.dkimDomain(Array(" v=1; a=rsa-sha256; d=Shop.Example; s=s1".utf8)[...]) == "shop.example")
        #expect(Cleaner.dkimDomain(Array(" v=1;\r\n\td=esp.example ;\r\n\tb=x".utf8)[...]) == "esp.example")
        #expect(Cleaner.dkimDomain(Array(" v=1; D=x.example".utf8)[...]) == nil)
    }
}
