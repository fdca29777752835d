import FixtureSupport
import Testing
@testable import TrackerRules

/// URLs in text/plain, found the way mail clients linkify them.
@Suite struct PlainTextURLTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var text: String
        var urls: [String]
        var testDescription: String { text }
    }

    static func found(_ text: String) -> [String] {
        let bytes = Array(text.utf8)
        return plainTextURLs(in: bytes).map { String(decoding: bytes[$0.range], as: UTF8.self) }
    }

    static let cases: [Case] = [
        Case(text: "See https://example.com/a.", urls: ["https://example.com/a"]),
        Case(text: "See https://example.com/a, then https://example.org/b; and http://example.net/c: done",
             urls: ["https://example.com/a", "https://example.org/b", "http://example.net/c"]),
        Case(text: "Wow https://example.com/?! Really?", urls: ["https://example.com/"]),
        Case(text: "(see https://en.wikipedia.org/wiki/Swift_(programming_language))",
             urls: ["https://en.wikipedia.org/wiki/Swift_(programming_language)"]),
        Case(text: "(https://example.com/x)", urls: ["https://example.com/x"]),
        Case(text: "[https://example.com/list[1]]", urls: ["https://example.com/list[1]"]),
        Case(text: "<https://example.com/path?x=1.>", urls: ["https://example.com/path?x=1."]),
        Case(text: "<URL:http://example.com/>", urls: ["http://example.com/"]),
        Case(text: "<https://example.com/a b>", urls: ["https://example.com/a"]),
        Case(text: "\"https://example.com/q\" said", urls: ["https://example.com/q"]),
        Case(text: "'https://example.com/q'", urls: ["https://example.com/q"]),
        Case(text: "“https://example.com/q”", urls: ["https://example.com/q"]),
        Case(text: "«https://example.com/q»", urls: ["https://example.com/q"]),
        Case(text: "https://example.com/>x", urls: ["https://example.com/"]),
        Case(text: "x https://example.com/`y`", urls: ["https://example.com/"]),
        Case(text: "HTTPS://EXAMPLE.COM/UP", urls: ["HTTPS://EXAMPLE.COM/UP"]),
        Case(text: "https://example.com/café done", urls: ["https://example.com/café"]),
        Case(text: "http://[::1]:8080/x", urls: ["http://[::1]:8080/x"]),
        Case(text: "https://example.com/a\u{00A0}b", urls: ["https://example.com/a"]),
        Case(text: "line one https://example.com/very/\r\nlong/rest", urls: ["https://example.com/very/"]),
        Case(text: "Visit www.example.com, then", urls: ["www.example.com"]),
        Case(text: "www.example.co.uk/path?q=1.", urls: ["www.example.co.uk/path?q=1"]),
        Case(text: "www.x and www. and www.example", urls: []),
        Case(text: "awww.example.com", urls: []),
        Case(text: "foo@www.example.com", urls: []),
        Case(text: "xhttp://example.com", urls: []),
        Case(text: "http:// nothing", urls: []),
        Case(text: "https://", urls: []),
        Case(text: "https:/example.com", urls: []),
        Case(text: "ftp://example.com", urls: []),
        Case(text: "", urls: []),
        Case(text: "a https://a.example/ b http://b.example/c?d=e!",
             urls: ["https://a.example/", "http://b.example/c?d=e"]),
    ]

    @Test(arguments: cases) func findsURLsLikeMailClients(_ c: Case) {
        #expect(Self.found(c.text) == c.urls)
    }

    @Test func marksSchemelessAndBracketedURLs() {
        let r = plainTextURLs(in: "go to www.example.com or <https://example.org/>")
        #expect(r.count == 2)
        #expect(r[0].isSchemeless && !r[0].isBracketed)
        #expect(!r[1].isSchemeless && r[1].isBracketed)
        #expect(plainTextURLRanges(in: Array("x https://e.example/ y".utf8)) == [2..<20])
    }

    /// The scan rules out eight bytes at a time: a URL is found at every offset from those
    /// steps, in any case, and a letter inside a word starts none.
    @Test func findsURLsAtEveryOffsetOfTheWordScan() {
        for pad in 0..<20 {
            for url in ["https://a.example/x", "HTTP://B.example/", "www.c.example", "WWW.D.EXAMPLE"] {
                let filler = String(repeating: "z", count: pad)
                #expect(Self.found(filler + " " + url + " tail") == [url])
                #expect(Self.found("(" + filler + ")" + url) == [url])
                // Inside a word, neither `h` nor `w` starts a URL.
                #expect(Self.found(filler + "9" + url + " end").isEmpty)
            }
        }
    }

    /// The eight-byte skip finds exactly what the byte-by-byte scan finds, on text dense in
    /// the letters and marks URLs start and end with.
    @Test func wordSkipFindsWhatTheByteScanFinds() {
        var rng = SplitMix64(seed: 0x0DD_B17E5)
        let alphabet = Array("htpsw:/.HTW <>()x_9".utf8)
        let pieces = ["https://a.example/p", "www.b.example", "http://", "www.", "<URL:", "the which. "].map { Array($0.utf8) }
        for _ in 0..<3_000 {
            var text: [UInt8] = []
            while text.count < Int(rng.next() % 160) {
                if rng.next() % 4 == 0 {
                    text += pieces[Int(rng.next() % UInt64(pieces.count))]
                } else {
                    text.append(alphabet[Int(rng.next() % UInt64(alphabet.count))])
                }
            }
            let skipped = scanPlainTextURLs(text, skippingByWords: true)
            let scanned = scanPlainTextURLs(text, skippingByWords: false)
            #expect(skipped == scanned, "\(String(decoding: text, as: UTF8.self))")
        }
    }

    @Test func survivesHostileText() {
        var rng = SplitMix64(seed: 0x5EED_7E47)
        let alphabet = Array("htps:/w.()<>[]\"' \n,;!?%#&=éx".utf8)
        for _ in 0..<500 {
            let text = (0..<Int(rng.next() % 200)).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }
            var last = 0
            for u in plainTextURLs(in: text) {
                #expect(u.range.lowerBound >= last && u.range.upperBound <= text.count && !u.range.isEmpty)
                last = u.range.upperBound
            }
        }
    }
}
