import Foundation

/// The repository's fixture corpus, shared by the test targets.
public enum FixtureCorpus {
    /// Tests/Fixtures, found from this file's location.
    public static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")
    /// SampleMail/ at the repository root.
    public static let sampleMail = fixtures.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("SampleMail")

    /// The `.eml` files of a folder, sorted, without `.actual.` leftovers.
    public static func files(in dir: URL) -> [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.filter { $0.hasSuffix(".eml") && !$0.contains(".actual.") }.sorted().map { dir.appendingPathComponent($0) }
    }

    /// The `.eml` files of a folder under Tests/Fixtures.
    public static func files(_ folder: String) -> [URL] { files(in: fixtures.appendingPathComponent(folder)) }

    /// Every LF not preceded by CR becomes CRLF.
    public static func toCRLF(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 20)
        var previous: UInt8 = 0
        for b in bytes {
            if b == 0x0A && previous != 0x0D { out.append(0x0D) }
            out.append(b)
            previous = b
        }
        return out
    }

    /// The bytes as stored and their CRLF form; fixtures about mixed endings run as stored only.
    public static func variants(_ url: URL) throws -> [(String, [UInt8])] {
        let bytes = Array(try Data(contentsOf: url))
        if url.lastPathComponent.contains("-mixed-") { return [("as-is", bytes)] }
        return [("lf", bytes), ("crlf", toCRLF(bytes))]
    }
}
