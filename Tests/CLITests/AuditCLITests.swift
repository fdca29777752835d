import Foundation
import Testing

/// `trackless audit` as senders run it in CI: exit statuses, output formats, templates.
@Suite struct AuditCLITests {
    static let newsletter = CLI.repositoryRoot.appendingPathComponent("SampleMail/newsletter.eml").path

    @Test func reportsThirdPartiesAndExitsZeroWithoutAGate() throws {
        let r = try CLI.run(["audit", Self.newsletter])
        #expect(r.status == 0)
        #expect(r.stdoutText.contains("Third parties"))
        #expect(r.stdoutText.contains("Mailchimp"))
    }

    @Test func theGateExitsOneWithOneLinePerViolation() throws {
        let r = try CLI.run(["audit", "--fail-on", "third-party,identifying", Self.newsletter])
        #expect(r.status == 1)
        let lines = r.stderrText.split(separator: "\n")
        #expect(!lines.isEmpty && lines.allSatisfy { $0.hasPrefix("trackless audit: third-party: ") || $0.hasPrefix("trackless audit: identifying: ") })
        let bad = try CLI.run(["audit", "--fail-on", "everything", Self.newsletter])
        #expect(bad.status == 64)
    }

    @Test func aTemplateWithOnlyFirstPartyLoadsPasses() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("trackless-audit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let template = dir.appendingPathComponent("welcome.html")
        try Data("<p>Hi</p><img src=\"https://img.shop.example/logo.png\" width=\"120\" height=\"40\" alt=\"Shop\">".utf8).write(to: template)
        let pass = try CLI.run(["audit", "--sender", "news@shop.example", "--fail-on", "third-party", template.path])
        #expect(pass.status == 0, "\(pass.stderrText)")
        let fail = try CLI.run(["audit", "--sender", "news@other.example", "--fail-on", "third-party", template.path])
        #expect(fail.status == 1)
        #expect(fail.stderrText.contains("third-party: shop.example"))
    }

    @Test func writesOneHTMLPageAndJSON() throws {
        let page = FileManager.default.temporaryDirectory.appendingPathComponent("trackless-audit-\(UUID().uuidString).html")
        defer { try? FileManager.default.removeItem(at: page) }
        let r = try CLI.run(["audit", "--json", "--html", page.path, Self.newsletter])
        #expect(r.status == 0)
        #expect(r.stdoutText.contains("\"schema\": \"trackless-audit/1\""))
        let html = try String(contentsOf: page, encoding: .utf8)
        #expect(html.hasPrefix("<!DOCTYPE html>") && html.contains("<svg"))
    }

    @Test func anMboxIsSplitIntoItsMessages() throws {
        let mbox = FileManager.default.temporaryDirectory.appendingPathComponent("trackless-audit-\(UUID().uuidString).mbox")
        defer { try? FileManager.default.removeItem(at: mbox) }
        let one = try String(contentsOfFile: Self.newsletter, encoding: .utf8)
        try Data(("From a@b Mon Mar  2 10:00:00 2026\n" + one + "\nFrom a@b Mon Mar  2 11:00:00 2026\n" + one).utf8).write(to: mbox)
        let r = try CLI.run(["audit", "--json", mbox.path])
        #expect(r.stdoutText.contains("\"messages\": 2,"))
    }
}

/// The audit of SampleMail against committed outputs: a change in what the audit says
/// shows up as a diff to review. `UPDATE_GOLDEN=1 swift test --filter AuditGoldenTests`
/// rewrites them.
@Suite struct AuditGoldenTests {
    static let golden = CLI.repositoryRoot.appendingPathComponent("Tests/Fixtures/audit")

    static func samples() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: CLI.repositoryRoot.appendingPathComponent("SampleMail").path)
            .filter { $0.hasSuffix(".eml") }.sorted().map { CLI.repositoryRoot.appendingPathComponent("SampleMail/\($0)").path }
    }

    func compare(_ output: String, _ name: String) throws {
        let file = Self.golden.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(at: Self.golden, withIntermediateDirectories: true)
            try Data(output.utf8).write(to: file)
        }
        let expected = try String(contentsOf: file, encoding: .utf8)
        #expect(output == expected, "audit output differs from \(name)")
    }

    @Test func terminalOutput() throws {
        let r = try CLI.run(["audit"] + Self.samples(), environment: ["NO_COLOR": "1"])
        try compare(r.stdoutText, "samplemail.txt")
    }

    @Test func jsonOutput() throws {
        let r = try CLI.run(["audit", "--json"] + Self.samples())
        try compare(r.stdoutText, "samplemail.json")
    }
}
