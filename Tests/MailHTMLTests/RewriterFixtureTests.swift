import Foundation
import MailHTML
import Testing

/// Golden files: `Tests/Fixtures/html/NNN-slug.src.html` rewritten with `TestPolicy` must
/// equal `NNN-slug.expected.html`, with LF and with CRLF line endings. A slug containing
/// `strict` runs in strict mode; `NNN-slug.base.txt` gives the part's base URL.
/// A mismatch writes `NNN-slug.actual.html` (or `.crlf.actual.html`) next to the fixture;
/// `RECORD_FIXTURES=1` re-records the expected files.
@Suite struct RewriterFixtureTests {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/html")

    static func fixtureNames() -> [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return files.filter { $0.hasSuffix(".src.html") }.map { String($0.dropLast(".src.html".count)) }.sorted()
    }

    @Test func fixturesExist() {
        #expect(Self.fixtureNames().count >= 30)
    }

    @Test(arguments: fixtureNames())
    func fixture(name: String) throws {
        let source = try String(contentsOf: Self.directory.appendingPathComponent(name + ".src.html"), encoding: .utf8)
            .replacingOccurrences(of: "\r\n", with: "\n")
        let baseFile = Self.directory.appendingPathComponent(name + ".base.txt")
        let baseURL = (try? String(contentsOf: baseFile, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
        let strict = name.contains("strict")
        let expectedURL = Self.directory.appendingPathComponent(name + ".expected.html")

        let actual = rewrite(source, strict: strict, baseURL: baseURL).html
        if ProcessInfo.processInfo.environment["RECORD_FIXTURES"] == "1" {
            try actual.write(to: expectedURL, atomically: true, encoding: .utf8)
            Issue.record("Recorded new expected output for \(name)")
            return
        }
        let expected = try String(contentsOf: expectedURL, encoding: .utf8).replacingOccurrences(of: "\r\n", with: "\n")
        let actualFile = Self.directory.appendingPathComponent(name + ".actual.html")
        if actual != expected {
            try actual.write(to: actualFile, atomically: true, encoding: .utf8)
            Issue.record("LF output differs from \(name).expected.html; see \(actualFile.path)")
        } else {
            try? FileManager.default.removeItem(at: actualFile)
        }

        let crlfSource = source.replacingOccurrences(of: "\n", with: "\r\n")
        let crlfActual = rewrite(crlfSource, strict: strict, baseURL: baseURL).html
        let crlfExpected = expected.replacingOccurrences(of: "\n", with: "\r\n")
        let crlfFile = Self.directory.appendingPathComponent(name + ".crlf.actual.html")
        if crlfActual != crlfExpected {
            try crlfActual.write(to: crlfFile, atomically: true, encoding: .utf8)
            Issue.record("CRLF output differs from \(name).expected.html; see \(crlfFile.path)")
        } else {
            try? FileManager.default.removeItem(at: crlfFile)
        }

        // Idempotence: rewriting the output again changes nothing more.
        let again = rewrite(actual, strict: strict, baseURL: baseURL).result.output
        #expect(again == nil, "second pass changed \(name)")
    }
}
