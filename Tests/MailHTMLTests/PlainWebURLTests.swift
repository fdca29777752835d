import FixtureSupport
import Testing

@testable import MailHTML

/// `isPlainWebURL` reads eight bytes at a time: it must say what reading every byte says.
@Suite struct PlainWebURLTests {
    static func reference(_ url: String) -> Bool {
        let bytes = Array(url.utf8)
        let prefix: Int
        if bytes.starts(with: Array("https://".utf8)) {
            prefix = 8
        } else if bytes.starts(with: Array("http://".utf8)) {
            prefix = 7
        } else {
            return false
        }
        guard bytes.count > prefix, bytes.count > 7 else { return false }
        return bytes[prefix...].allSatisfy { $0 > 0x20 && $0 != 0x5C && $0 != 0x7F }
    }

    @Test func agreesWithAByteByByteLook() {
        var generator = SplitMix64(seed: 0x9_1A17)
        let pieces = ["a", "b.example", "/", "?q=1", "&x", " ", "\t", "\\", "\u{7F}", "é", "\u{01}", "%20", "#f", "xxxxxxxx"]
        for _ in 0..<5_000 {
            var url = generator.pick(["http://", "https://", "HTTP://", "http:/", "ftp://", "https:"])
            for _ in 0..<Int.random(in: 0...12, using: &generator) { url += generator.pick(pieces) }
            #expect(URLResolver.isPlainWebURL(url) == Self.reference(url), "\(url.debugDescription)")
        }
    }
}
