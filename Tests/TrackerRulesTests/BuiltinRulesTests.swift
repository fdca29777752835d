import MailURL
import Testing
@testable import TrackerRules

/// Every built-in rule is checked against the example URL written next to it, so a rule
/// that can never fire (a typo, a shape shadowed by an earlier rule) fails here.
@Suite struct BuiltinRulesTests {
    static let rules = BuiltinRules.shared.table.rules

    @Test func builtInDataReadsWithoutProblems() {
        // Read from the text: the stored index is only written from a text without problems.
        let problems = Ruleset.parsingBuiltInAgain().builtInProblems
        #expect(problems.isEmpty, "\(problems.map(\.description).joined(separator: "\n"))")
    }

    @Test func builtInDataIsLarge() {
        let s = Ruleset.builtIn.summary
        #expect(s.vendors >= 300)
        #expect(s.trackerHostRules >= 350)
        #expect(s.signatures >= 60)
    }

    static func firstKind(_ rule: TrackerRule) -> ResourceKind {
        ResourceKind.allCases.first { rule.applies(to: $0) } ?? .image
    }

    @Test(arguments: rules.filter { [.host, .signature, .hostWord].contains($0.scope) })
    func trackerRuleMatchesItsOwnExample(_ rule: TrackerRule) {
        let kind = BuiltinRulesTests.firstKind(rule)
        let size: Int? = rule.weak ? 1 : nil
        let q = ResourceQuery(url: rule.example, kind: kind, width: size, height: size)
        let d = Ruleset.builtIn.decide(q, in: .empty)
        #expect(d.ruleID == rule.id, "line \(rule.line): \(rule.example) decided by \(d.ruleID): \(d.reason)")
        #expect(d.action == .remove)
        #expect(d.certainty == .named)
        #expect(d.vendor == rule.vendor)
    }

    @Test(arguments: rules.filter { $0.weak })
    func weakRuleLeavesANormalSizedImageAlone(_ rule: TrackerRule) {
        let q = ResourceQuery(url: rule.example, kind: .image, width: 600, height: 200)
        let d = Ruleset.builtIn.decide(q, in: .empty)
        #expect(d.ruleID != rule.id, "line \(rule.line): weak rule fired on a 600x200 image")
    }

    @Test(arguments: rules.filter { $0.scope == .esp })
    func platformHostKeepsContentImagesAndRemovesStylesheets(_ rule: TrackerRule) {
        let image = Ruleset.builtIn.decide(
            ResourceQuery(url: rule.example, kind: .image, width: 600, height: 300), in: .empty)
        #expect(image.action == .keep, "line \(rule.line): \(image.reason)")
        #expect(image.vendor == rule.vendor)
        let css = Ruleset.builtIn.decide(ResourceQuery(url: rule.example, kind: .stylesheet), in: .empty)
        #expect(css.action == .remove, "line \(rule.line): \(css.reason)")
        #expect(css.vendor == rule.vendor)
    }

    @Test(arguments: rules.filter { $0.scope == .fontCDN })
    func fontCDNFontsAreThirdPartyLoads(_ rule: TrackerRule) {
        // A font CDN learns of every open; the reason names it as one.
        let d = Ruleset.builtIn.decide(ResourceQuery(url: rule.example, kind: .font), in: .empty)
        #expect(d.action == .remove)
        #expect(d.ruleID == "policy/third-party-font")
        #expect(d.reason.contains("font CDN"))
    }

    @Test func everyExampleIsAnAbsoluteHTTPSURLWithAHost() {
        for rule in BuiltinRulesTests.rules {
            let parts = URLParts(rule.example)
            #expect(parts.schemeLowercased == "https" && !parts.host.isEmpty, "line \(rule.line)")
        }
    }

    @Test func ruleIDsAreUnique() {
        let ids = BuiltinRulesTests.rules.map(\.id)
        #expect(Set(ids).count == ids.count)
    }
}

extension TrackerRule: CustomTestStringConvertible {
    public var testDescription: String { "\(id) (line \(line))" }
}
