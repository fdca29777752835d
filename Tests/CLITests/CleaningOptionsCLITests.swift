import Foundation
import Testing

/// `filter`, `clean` and `preview` share one definition of the cleaning options: each
/// accepts every one of them.
@Suite struct CleaningOptionsCLITests {
    static let shared: [[String]] = [
        ["--strict"], ["--unwrap-security-links"], ["--recipient", "reader@example.org"], ["--rules", "/dev/null"],
    ]

    @Test(arguments: shared)
    func previewAcceptsEveryCleaningOption(_ option: [String]) throws {
        let message = Array("From: a@shop.example\nTo: reader@example.org\nSubject: x\n\nhello\n".utf8)
        let r = try CLI.run(["preview"] + option + ["-"], input: message)
        #expect(r.status == 0, "\(option): \(r.stderrText)")
    }

    @Test(arguments: shared)
    func cleanAcceptsEveryCleaningOption(_ option: [String]) throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("trackless-opts-\(UUID().uuidString)").path
        for sub in ["cur", "new", "tmp"] {
            try FileManager.default.createDirectory(atPath: root + "/" + sub, withIntermediateDirectories: true)
        }
        defer { try? FileManager.default.removeItem(atPath: root) }
        let r = try CLI.run(["clean", "--dry-run", "--quiet"] + option + [root])
        #expect(r.status == 0, "\(option): \(r.stderrText)")
    }
}
