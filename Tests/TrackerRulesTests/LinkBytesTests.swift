import FixtureSupport
import Testing
@testable import TrackerRules

/// The decoders behind the wrapper rules: percent, base64, JSON.
@Suite struct LinkBytesTests {
    func b(_ s: String) -> [UInt8] { Array(s.utf8) }
    func s(_ b: [UInt8]?) -> String? { b.map { String(decoding: $0, as: UTF8.self) } }

    @Test func percentDecodesOnceAndLeavesBadEscapes() {
        #expect(s(LinkBytes.percentDecode(b("a%2Fb%252F%zz%4"))) == "a/b%2F%zz%4")
        #expect(s(LinkBytes.percentDecode(b("a+b%2bc"))) == "a+b+c")
        #expect(LinkBytes.percentDecode(b("%")) == b("%"))
    }

    @Test(arguments: ["", "f", "fo", "foo", "foob", "fooba", "foobar", "https://example.com/?a=1&b=~~~ÿ"])
    func decodesBase64InBothAlphabetsWithOrWithoutPadding(_ text: String) {
        for urlSafe in [false, true] {
            for padded in [false, true] {
                let enc = Sample.base64(text, urlSafe: urlSafe, padded: padded)
                let dec = LinkBytes.base64Decode(b(enc))
                if text.isEmpty {
                    #expect(dec == nil)
                } else {
                    #expect(s(dec) == text, "\(enc)")
                }
            }
        }
    }

    @Test(arguments: ["@@@@", "Zm9v=YmFy", "Zm9vY", "Zm9v===", "Zm 9v", "Zm9v\n"])
    func refusesMalformedBase64(_ enc: String) {
        #expect(LinkBytes.base64Decode(b(enc)) == nil)
    }

    @Test func readsAStringMemberOfATopLevelObject() {
        let json = #"{"a":1,"nested":{"url":"no"},"list":[1,"x",{"y":[true,null]}],"url":"https:\/\/example.com\/\u00e9\ud83d\ude00?q=\"x\""}"#
        #expect(s(LinkJSON.stringMember("url", in: b(json))) == "https://example.com/é😀?q=\"x\"")
        #expect(LinkJSON.stringMember("missing", in: b(json)) == nil)
        #expect(LinkJSON.stringMember("a", in: b(json)) == nil)  // not a string
    }

    @Test(arguments: [
        "", "[]", "{", "{\"url\"}", "{\"url\":}", "{\"url\":\"abc", "{\"url\":\"\\ud800\"}",
        "{\"url\":\"\\udc00x\"}", "{\"url\":\"a\\qb\"}", "{\"x\":[1,2}", "{\"url\":\"a\nb\"}",
        String(repeating: "{\"x\":[", count: 100) + "1",
    ])
    func givesUpOnMalformedJSON(_ text: String) {
        #expect(LinkJSON.stringMember("url", in: b(text)) == nil)
    }

    @Test func survivesRandomPayloads() {
        var rng = SplitMix64(seed: 0xB10B)
        let alphabet = b("{}[]\":,\\u0123456789abcdefurlABZ=+/-_ \n%")
        for _ in 0..<2000 {
            let text = (0..<Int(rng.next() % 64)).map { _ in rng.pick(alphabet) }
            _ = LinkJSON.stringMember("url", in: text)
            _ = LinkBytes.base64Decode(text)
            _ = LinkBytes.percentDecode(text)
            _ = ProofpointV3.decode(b("/v3/__") + text, from: 6)
            let r = LinkCleaner(unwrapSecurityLinks: true).clean("https://urldefense.com/v3/__" + String(decoding: text, as: UTF8.self))
            #expect(r.url.hasPrefix("https://") || r.url.hasPrefix("http://") || r.url.hasPrefix("mailto:"))
        }
    }
}
