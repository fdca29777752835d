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

/// `hasLocalScheme` skips resolving a URL: where it says so, resolving must find nothing
/// remote, under any base; and it must say so for the local schemes mail is full of.
@Suite struct LocalSchemeTests {
    static func hasLocalScheme(_ url: String) -> Bool {
        var url = url
        return url.withUTF8 { URLResolver.hasLocalScheme(bytes: $0) }
    }

    @Test func neverSkipsAURLThatResolvesToARemoteOne() {
        var generator = SplitMix64(seed: 0x10CA1)
        let starts = ["cid:", "CID:", "data:", "mailto:", "http:", "HTTPS:", "ws:", "wss:", "ftp:", "file:", "fil e:",
                      "htt\tp:", "h\nttps:", " cid:", "\u{0C}http:", "ht\u{0C}tp:", "x-y.z+1:", "1cid:", "httpss:", "//", "/", ""]
        let pieces = ["a", "b.example", "/", "//", "?q=1", "#f", " ", "\t", "\n", "\\", ":", "localhost", "%20", "é"]
        let bases: [String?] = [nil, "https://base.example/dir/page", "file://share/x/", "cid:part"]
        for _ in 0..<5_000 {
            var url = generator.pick(starts)
            for _ in 0..<Int.random(in: 0...6, using: &generator) { url += generator.pick(pieces) }
            guard Self.hasLocalScheme(url) else { continue }
            for base in bases {
                #expect(URLResolver(base: base).remoteURL(url) == nil, "\(url.debugDescription) under \(base ?? "no base")")
            }
        }
    }

    @Test(arguments: ["cid:img1@shop.example", " data:image/png;base64,AAAA", "mailto:a@b.example",
                      "c\tid:x", "javascript:void(0)", "x-apple-data-detectors:1"])
    func localSchemesAreTold(url: String) {
        #expect(Self.hasLocalScheme(url))
    }

    @Test(arguments: ["https://t.example/p.gif", "HTTP://t.example/", "ht\ntp://t.example/", "file://share/x.png",
                      "ws://t.example/", "//t.example/p.gif", "/p.gif", "p.gif", "ht\u{0C}tp://t.example/", ""])
    func othersAreLeftToTheResolver(url: String) {
        #expect(!Self.hasLocalScheme(url))
    }
}
