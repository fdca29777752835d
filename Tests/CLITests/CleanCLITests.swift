import Foundation
import Testing

@Suite struct CleanCLITests {
    /// A small Maildir++ tree: a newsletter with trackers, a personal mail, a forwarded folder message.
    func makeMaildir() throws -> String {
        let fm = FileManager.default
        let root = fm.temporaryDirectory.appendingPathComponent("trackless-clean-\(UUID().uuidString)").path
        for folder in ["", "/.Newsletters"] {
            for sub in ["cur", "new", "tmp"] { try fm.createDirectory(atPath: root + folder + "/" + sub, withIntermediateDirectories: true) }
        }
        let sample = CLI.repositoryRoot.appendingPathComponent("SampleMail")
        try fm.copyItem(atPath: sample.appendingPathComponent("newsletter.eml").path, toPath: root + "/.Newsletters/cur/1700000000.M1P1.test:2,S")
        try fm.copyItem(atPath: sample.appendingPathComponent("plain.eml").path, toPath: root + "/cur/1700000001.M2P1.test:2,RS")
        try fm.copyItem(atPath: sample.appendingPathComponent("transactional.eml").path, toPath: root + "/new/1700000002.M3P1.test")
        let old = Date(timeIntervalSince1970: 1_700_000_000)
        for path in try files(root) { try fm.setAttributes([.modificationDate: old], ofItemAtPath: path) }
        return root
    }

    func files(_ root: String) throws -> [String] {
        let fm = FileManager.default
        return (fm.enumerator(atPath: root)?.compactMap { $0 as? String } ?? [])
            .filter { ($0.contains("/cur/") || $0.contains("/new/") || $0.hasPrefix("cur/") || $0.hasPrefix("new/")) }
            .map { root + "/" + $0 }.sorted()
    }

    @Test func dryRunWritesNothing() throws {
        let root = try makeMaildir()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let before = try files(root)
        let r = try CLI.run(["clean", "--dry-run", root])
        #expect(r.status == 0)
        #expect(r.stdoutText.contains("2 would change"))
        #expect(try files(root) == before)
    }

    @Test func cleanReplacesChangedMessagesKeepingFlagsAndDate() throws {
        let root = try makeMaildir()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let r = try CLI.run(["clean", root])
        #expect(r.status == 0)
        let after = try files(root)
        #expect(after.count == 3)
        #expect(after.contains(root + "/cur/1700000001.M2P1.test:2,RS"))  // unchanged: same name
        let newsletter = try #require(after.first { $0.contains(".Newsletters/cur/") })
        #expect(newsletter.hasSuffix(":2,S"))
        let size = try #require(FileManager.default.attributesOfItem(atPath: newsletter)[.size] as? Int)
        #expect(newsletter.contains(",S=\(size):"))
        let date = try #require(FileManager.default.attributesOfItem(atPath: newsletter)[.modificationDate] as? Date)
        #expect(date.timeIntervalSince1970 == 1_700_000_000)
        let text = try String(contentsOfFile: newsletter, encoding: .utf8)
        #expect(!text.contains("list-manage.com/track/open.php"))
        // A second run changes nothing.
        let again = try CLI.run(["clean", "--json", root])
        #expect(again.status == 0)
        #expect(again.stdoutText.contains("\"changed\": 0"))
        #expect(try files(root) == after)
    }

    @Test func backupKeepsTheOriginals() throws {
        let root = try makeMaildir()
        let backup = root + "-backup"
        defer { try? FileManager.default.removeItem(atPath: root); try? FileManager.default.removeItem(atPath: backup) }
        let r = try CLI.run(["clean", "--quiet", "--backup", backup, root])
        #expect(r.status == 0)
        #expect(r.stdout.isEmpty)
        let saved = FileManager.default.enumerator(atPath: backup)?.compactMap { $0 as? String }.filter { $0.hasSuffix("M1P1.test:2,S") } ?? []
        #expect(saved.count == 1)
    }

    @Test func missingPathExitsNoInput() throws {
        let r = try CLI.run(["clean", "/nonexistent/maildir-\(UUID().uuidString)"])
        #expect(r.status == 66)
        #expect(r.stderrText.contains("/nonexistent/maildir-"))
    }
}
