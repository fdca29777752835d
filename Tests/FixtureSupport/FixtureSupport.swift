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

/// A small seeded generator (SplitMix64), so random tests replay from their seed.
public struct SplitMix64: RandomNumberGenerator {
    public var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// One element of `array`, uniformly enough for tests.
    public mutating func pick<T>(_ array: [T]) -> T { array[Int(next() % UInt64(array.count))] }

    /// True `percent` times in a hundred.
    public mutating func chance(_ percent: UInt64) -> Bool { next() % 100 < percent }
}
