import Foundation
import Testing

@Suite struct RulesCLITests {
    func write(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("trackless-rules-\(UUID().uuidString)").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func rulesListsTheBuiltInSet() throws {
        let r = try CLI.run(["rules", "--no-default"])
        #expect(r.status == 0)
        #expect(r.stdoutText.contains("built-in:"))
        #expect(r.stdoutText.contains("vendors"))
    }

    @Test func invalidRulesFileExitsWithConfigError() throws {
        let path = try write("allow domain shop.example\nnonsense\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let r = try CLI.run(["rules", "--no-default", "--rules", path])
        #expect(r.status == 78)
        #expect(r.stderrText.contains("\(path):2:"))
    }

    @Test func allowedSenderKeepsItsPixels() throws {
        let message = Array("From: news@shop.example\nTo: r@example.org\nContent-Type: text/html\n\n<img src=\"https://shopnews.us1.list-manage.com/track/open.php?u=1&id=2&e=3\" width=1 height=1>\n".utf8)
        let plain = try CLI.run(["filter"], input: message)
        #expect(plain.stdout != message)
        let path = try write("allow domain shop.example\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let allowed = try CLI.run(["filter", "--rules", path], input: message)
        #expect(allowed.stdout == message)
    }

    @Test func brokenRulesFileDoesNotStopTheFilter() throws {
        let path = try write("nonsense\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let message = Array("From: a@example.org\nDisposition-Notification-To: a@example.org\n\nx\n".utf8)
        let r = try CLI.run(["filter", "--rules", path], input: message)
        #expect(r.status == 0)
        #expect(r.stdoutText.hasPrefix("X-Trackless:"))
        #expect(r.stderr.isEmpty)
    }
}

@Suite struct RulesVendorsCLITests {
    @Test func listsEveryVendorWithItsFacts() throws {
        let r = try CLI.run(["rules", "--vendors"])
        #expect(r.status == 0)
        let lines = r.stdoutText.split(separator: "\n")
        #expect(lines.first == "vendor\tcompany\tcountry\tcategory\tsource")
        #expect(lines.contains { $0.hasPrefix("Mailchimp\tIntuit Inc.\tUS (outside EEA)\tmail platform\t") })
        #expect(lines.count > 300)
    }
}
