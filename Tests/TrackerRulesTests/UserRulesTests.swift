import Testing
@testable import TrackerRules

@Suite struct UserRulesTests {
    static let text = """
        # my rules
        allow sender News@Shop.example
        allow domain bank.example
        allow host cdn.friend.example
        allow host img.partner.example path /public/
        block host track.example.net path /o/
        block host pixels.example.org vendor Example Pixels Inc
        block path */beacon/<d>.gif vendor Home-grown beacon

        """

    static func rules() throws -> Ruleset {
        try Ruleset(userRulesText: text, origin: "rules")
    }

    static func decide(_ r: Ruleset, _ url: String, sender: String? = nil, kind: ResourceKind = .image) -> TrackerDecision {
        r.decide(ResourceQuery(url: url, kind: kind), in: MessageContext(recipients: [], senderAddress: sender))
    }

    @Test func allowedSenderKeepsEveryLoad() throws {
        let r = try UserRulesTests.rules()
        let d = UserRulesTests.decide(r, "https://u1.ct.sendgrid.net/wf/open?upn=abc", sender: "news@shop.example")
        #expect(d.action == .keep)
        #expect(d.certainty == .named)
        let other = UserRulesTests.decide(r, "https://u1.ct.sendgrid.net/wf/open?upn=abc", sender: "promo@shop.example")
        #expect(other.action == .remove)
    }

    @Test func allowedDomainCoversSubdomains() throws {
        let r = try UserRulesTests.rules()
        let url = "https://acme.us5.list-manage.com/track/open.php?u=1&id=2"
        #expect(UserRulesTests.decide(r, url, sender: "alerts@mail.bank.example").action == .keep)
        #expect(UserRulesTests.decide(r, url, sender: "alerts@bank.example").action == .keep)
        #expect(UserRulesTests.decide(r, url, sender: "alerts@notbank.example").action == .remove)
    }

    @Test func allowedHostKeepsLoadsFromIt() throws {
        let r = try UserRulesTests.rules()
        let d = UserRulesTests.decide(r, "https://cdn.friend.example/wf/open?upn=abc")
        #expect(d.action == .keep)
        #expect(d.ruleID == "user:rules:4")
        #expect(UserRulesTests.decide(r, "https://img.partner.example/public/open.gif?id=1").action == .keep)
        #expect(UserRulesTests.decide(r, "https://img.partner.example/wf/open?upn=abc").action == .remove)
    }

    @Test func blockRulesRemoveWithTheirLineInTheReason() throws {
        let r = try UserRulesTests.rules()
        let d = UserRulesTests.decide(r, "https://a.track.example.net/o/123")
        #expect(d.action == .remove)
        #expect(d.ruleID == "user:rules:6")
        #expect(d.reason.contains("rules line 6"))
        #expect(UserRulesTests.decide(r, "https://a.track.example.net/images/logo.png").action == .keep)
        let vendor = UserRulesTests.decide(r, "https://pixels.example.org/anything.png")
        #expect(vendor.vendor == "Example Pixels Inc")
        let path = UserRulesTests.decide(r, "https://www.blog.example/beacon/42.gif")
        #expect(path.vendor == "Home-grown beacon")
    }

    @Test func rulesFilesCanBeStacked() throws {
        let r = try UserRulesTests.rules().adding(userRulesText: "block host extra.example\n", origin: "extra")
        #expect(r.userOrigins == ["rules", "extra"])
        #expect(UserRulesTests.decide(r, "https://extra.example/x.png").ruleID == "user:extra:1")
        #expect(r.summary.userRules.map(\.count) == [7, 1])
    }

    @Test func userRulesWithoutBuiltInUseOnlyThemselves() throws {
        let r = try Ruleset(userRulesText: "block host extra.example", origin: "u", includingBuiltIn: false)
        #expect(r.builtInProblems.isEmpty)
        #expect(r.vendors.isEmpty)
        let d = UserRulesTests.decide(r, "https://u1.ct.sendgrid.net/wf/open?upn=abc")
        #expect(d.vendor == nil)
    }

    @Test(arguments: [
        ("alow sender a@b.example", 1, "unknown directive 'alow'"),
        ("allow sender", 1, "expected: allow sender ADDRESS"),
        ("allow sender not-an-address", 1, "is not a mail address"),
        ("# ok\n\nallow domain bad/domain", 3, "expected: allow domain DOMAIN"),
        ("block host", 1, "expected: block host HOST"),
        ("block host a.example path track", 1, "must start with '/'"),
        ("block path */x/<q>", 1, "unknown class"),
        ("block host a.example colour red", 1, "unexpected 'colour'"),
        ("allow sender a@b.example\nblock paths /x", 2, "unknown rule 'block paths'"),
        ("allow everything", 1, "unknown rule 'allow everything'"),
        ("hello", 1, "expected 'allow ...' or 'block ...'"),
    ] as [(String, Int, String)])
    func badLinesAreReportedWithTheirNumber(_ text: String, _ line: Int, _ message: String) {
        #expect {
            _ = try Ruleset(userRulesText: text, origin: "my.rules")
        } throws: { error in
            guard let e = error as? RulesError else { return false }
            return e.origin == "my.rules" && e.line == line && e.message.contains(message)
                && e.description.hasPrefix("my.rules:\(line): ")
        }
    }

    @Test func listingShowsUserRulesAndCounts() throws {
        let r = try UserRulesTests.rules()
        let entries = r.entries.filter { $0.source == "rules" }
        #expect(entries.map(\.kind) == [.allowSender, .allowDomain, .allowHost, .allowHost, .blockHost, .blockHost, .blockPath])
        #expect(entries[0].hosts == ["news@shop.example"])
        #expect(entries[4].shape == "/o/")
        let text = r.describe()
        #expect(text.hasPrefix("built-in: "))
        #expect(text.contains("rules: 7 rules"))
        #expect(text.contains("user:rules:6\tblock host\ttrack.example.net\t/o/"))
        #expect(!text.contains("mailchimp/1"))
        #expect(r.describe(verbose: true).contains("mailchimp/1"))
    }

    @Test func emptyAndCommentOnlyFilesAreFine() throws {
        let r = try Ruleset(userRulesText: "\n# nothing here\n   \n", origin: "empty")
        #expect(r.summary.userRules.map(\.count) == [0])
    }
}
