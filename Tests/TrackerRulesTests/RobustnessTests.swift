import Testing
@testable import TrackerRules

/// Hostile and odd input: every decision is defined, nothing traps, work stays bounded.
@Suite struct RobustnessTests {
    static let context = MessageContext(recipients: ["reader@mail.example"], senderAddress: "a@shop.example")

    /// A small deterministic generator, so failures reproduce.
    struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return state >> 33
        }
        mutating func pick<T>(_ items: [T]) -> T { items[Int(next() % UInt64(items.count))] }
    }

    static let pieces = [
        "https://", "http://", "//", "HTTPS:\\\\", "cid:", "data:", "mailto:", "@", ":", "/", "//", "?", "&", "=", "#",
        "%", "%4", "%40", "%2540", "<d>", "*", "$", "..", ".", "a", "Z", "0", "9", "-", "_", "~", "+", " ", "\t", "é", "🌿",
        "list-manage.com", "cmail20.com", "awstrack.me", "shop.example", "xn--bcher-kva.example", "[::1]", "[", "]",
        "/wf/open?upn=", "/o/eJ", "/e/o/eyJ", "/track/open.php?u=", "spacer.gif", "open.php", "pixel.gif", "/t/",
        "reader@mail.example", "cmVhZGVyQG1haWwuZXhhbXBsZQ", "8f14e45fceea167a5a36dedd4bea2543",
    ]

    @Test func randomURLsAlwaysGetADecision() {
        var g = Generator(state: 0x5eed)
        for _ in 0..<3000 {
            var url = ""
            for _ in 0..<Int(g.next() % 14) { url += g.pick(RobustnessTests.pieces) }
            let kind = g.pick(ResourceKind.allCases)
            let w: Int? = g.next() % 3 == 0 ? nil : Int(g.next() % 700) - 10
            let q = ResourceQuery(url: url, kind: kind, width: w, height: w, hidden: g.next() % 5 == 0, occurrences: Int(g.next() % 7))
            let d = Ruleset.builtIn.decide(q, in: RobustnessTests.context)
            #expect(!d.reason.isEmpty && !d.ruleID.isEmpty, "\(url)")
            if case .replace(let replacement) = d.action {
                #expect(replacement != url, "replace must change the URL: \(url)")
                #expect(replacement.utf8.count < url.utf8.count)
            }
        }
    }

    @Test func hugeURLsGetADecision() {
        // Work is linear in the URL (host look-ups stop at the DNS length limit); this
        // checks totality on large input, not speed.
        let long = String(repeating: "a", count: 50_000)
        let urls = [
            "https://t.example/" + long, "https://t.example/p?" + String(repeating: "x=1&", count: 10_000),
            "https://t.example/" + String(repeating: "a/", count: 10_000) + "open.gif?id=1",
            "https://" + String(repeating: "a.", count: 20_000) + "list-manage.com/track/open.php?u=1",
            "https://t.example/?e=" + String(repeating: "%25", count: 10_000),
        ]
        for url in urls {
            let d = Ruleset.builtIn.decide(ResourceQuery(url: url, kind: .image, width: 1, height: 1), in: RobustnessTests.context)
            #expect(!d.ruleID.isEmpty)
        }
    }

    @Test func pathologicalShapesInUserRulesDoNotHang() throws {
        let r = try Ruleset(userRulesText: "block path *a*a*a*a*a*a*b\nblock path *<w>*<w>*<w>*<w>z", origin: "evil")
        let url = "https://t.example/" + String(repeating: "a", count: 5000)
        let d = r.decide(ResourceQuery(url: url, kind: .image), in: .empty)
        #expect(d.action == .keep)
    }

    @Test func oddRulesTextIsRejectedOrIgnoredNotTrapped() {
        for text in ["\u{0}", "allow\u{0}sender a@b.example", String(repeating: "#", count: 100_000), "block host ..", "block host a..b"] {
            _ = try? Ruleset(userRulesText: text, origin: "odd")
        }
        let tooBig = String(repeating: "allow domain a.example\n", count: 200_000)
        #expect(throws: RulesError.self) { try Ruleset(userRulesText: tooBig, origin: "big") }
        let built = BuiltinRules("= V\nhost bad/host * https://x.example/\nsig nope https://x.example/\nhost a.example\n", origin: "t")
        #expect(built.problems.count == 3)
        #expect(built.table.isEmpty)
    }
}
