import FixtureSupport
import Foundation
import Testing
@testable import TrackerRules

/// Recipient-identifying URLs: the reader's address in any of the encodings trackers use.
@Suite struct RecipientTests {
    static let address = "Jane.Doe+news@Example.com"
    static let lowered = "jane.doe+news@example.com"
    static let context = MessageContext(recipients: ["Jane Doe <\(address)>", "other@example.net"])
    static let ruleset = Ruleset.builtIn

    static func decide(_ url: String, kind: ResourceKind = .image) -> TrackerDecision {
        ruleset.decide(ResourceQuery(url: url, kind: kind, width: 600, height: 300), in: context)
    }

    static func hex(_ digest: [UInt8]) -> String { Digests.hex(digest) }

    static func base64(_ s: String, urlSafe: Bool = false) -> String {
        var b = Data(s.utf8).base64EncodedString()
        if urlSafe { b = b.replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_") }
        return b
    }

    @Test func plainAddressInAContentImageQueryIsStripped() {
        let d = RecipientTests.decide("https://img.shop.example/hero.jpg?w=600&email=\(RecipientTests.lowered)&fmt=webp")
        #expect(d.action == .replace(url: "https://img.shop.example/hero.jpg?w=600&fmt=webp"))
        #expect(d.certainty == .heuristic)
        #expect(d.ruleID == "identity/query")
    }

    @Test func addressIsFoundWhateverItsCase() {
        let d = RecipientTests.decide("https://img.shop.example/hero.jpg?e=JANE.DOE%2BNEWS%40EXAMPLE.COM")
        #expect(d.action == .replace(url: "https://img.shop.example/hero.jpg"))
    }

    @Test func percentEncodedAndDoubleEncodedAddressesAreFound() {
        let once = "jane.doe%2Bnews%40example.com"
        let twice = "jane.doe%252Bnews%2540example.com"
        for v in [once, twice] {
            let d = RecipientTests.decide("https://img.shop.example/a/banner.png?to=\(v)")
            #expect(d.action == .replace(url: "https://img.shop.example/a/banner.png"), "\(v)")
        }
    }

    @Test(arguments: [0, 1, 2], [false, true])
    func base64AddressIsFoundAtEveryAlignment(_ offset: Int, _ urlSafe: Bool) {
        let payload = String(repeating: "x", count: offset) + RecipientTests.lowered + "|list=7|c=spring"
        let token = RecipientTests.base64(payload, urlSafe: urlSafe)
        let d = RecipientTests.decide("https://img.shop.example/hero.jpg?d=\(token)")
        #expect(d.action == .replace(url: "https://img.shop.example/hero.jpg"), "offset \(offset) \(token)")
        #expect(d.reason.contains("base64"))
    }

    @Test func base64OfTheAddressAsWrittenIsFoundToo() {
        let token = RecipientTests.base64(RecipientTests.address)
        let d = RecipientTests.decide("https://t.news.example/p/\(token)/x")
        #expect(d.action == .remove)
        #expect(d.ruleID == "identity/path")
    }

    @Test func hashesOfTheLowerCasedAddressAreFound() {
        let a = Array(RecipientTests.lowered.utf8)
        let forms: [(String, String)] = [
            (Digests.md5Hex(a), "MD5"), (Digests.sha1Hex(a), "SHA-1"), (Digests.sha256Hex(a), "SHA-256"),
            (Digests.md5Hex(a).uppercased(), "MD5"),
        ]
        for (hash, name) in forms {
            let inPath = RecipientTests.decide("https://cdn.news.example/u/\(hash)/hero.jpg")
            #expect(inPath.action == .remove, "\(name) in path")
            #expect(inPath.reason.contains(name))
            let inQuery = RecipientTests.decide("https://cdn.news.example/hero.jpg?h=\(hash)")
            #expect(inQuery.action == .replace(url: "https://cdn.news.example/hero.jpg"), "\(name) in query")
        }
    }

    @Test func identifyingParameterOnANonContentURLRemovesTheLoad() {
        let d = RecipientTests.decide("https://img.news.example/render?e=\(RecipientTests.lowered)&w=600")
        #expect(d.action == .remove)
        #expect(d.ruleID == "identity/query")
    }

    @Test func signedContentURLCannotBeStrippedSoItIsRemoved() {
        let d = RecipientTests.decide(
            "https://acme.imgix.net/hero.jpg?txt=\(RecipientTests.lowered)&s=0123456789abcdef0123456789abcdef")
        #expect(d.action == .remove)
    }

    @Test func firstPartyStylesheetWithTheAddressIsStrippedWhenItIsACSSFile() {
        let context = MessageContext(recipients: RecipientTests.context.recipients, senderAddress: "news@shop.example")
        let d = Ruleset.builtIn.decide(
            ResourceQuery(url: "https://www.shop.example/mail.css?u=\(RecipientTests.lowered)", kind: .stylesheet), in: context)
        #expect(d.action == .replace(url: "https://www.shop.example/mail.css"))
    }

    @Test func thirdPartyStylesheetWithTheAddressIsRemovedAtOnce() {
        // Stripping the address would leave a third-party stylesheet that the next clean
        // removes: it goes in one step.
        let d = RecipientTests.decide("https://cdn.example/s.css?e=\(RecipientTests.lowered)", kind: .stylesheet)
        #expect(d.action == .remove)
        #expect(d.ruleID == "policy/third-party-stylesheet")
    }

    @Test func otherAddressesInTheURLAreNotTheRecipient() {
        let d = RecipientTests.decide("https://img.shop.example/hero.jpg?from=support@shop.example")
        #expect(d.action == .keep)
    }

    @Test func noRecipientsMeansNoIdentityCheck() {
        let d = Ruleset.builtIn.decide(
            ResourceQuery(url: "https://img.shop.example/hero.jpg?email=jane@example.com", kind: .image), in: .empty)
        #expect(d.action == .keep)
    }

    @Test func shortOrMalformedRecipientsAreIgnored() {
        let forms = RecipientForms(["", "a@b", "no-at-sign.example.com", "  "])
        #expect(forms.isEmpty)
        let ok = RecipientForms(["<mailto:Jane@Example.com>"])
        #expect(ok.find(in: "x=jane%40example.com") == .plain)
    }

    /// The search in one pass must answer what the plain definition does: a case-sensitive
    /// form anywhere in the raw bytes, else (without escapes) a case-folded one there, else
    /// any form in the percent-decoded bytes, exact before folded, first position first.
    static func referenceFind(_ forms: RecipientForms, _ raw: [UInt8]) -> RecipientForms.Encoding? {
        func first(_ list: [RecipientForms.Form], in h: [UInt8], fold: Bool) -> RecipientForms.Encoding? {
            let hay = fold ? h.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 } : h
            guard hay.count >= 2 else { return nil }
            for i in 0..<(hay.count - 1) {
                for form in list where form.bytes.count >= 2 && hay[i...].starts(with: form.bytes) { return form.encoding }
            }
            return nil
        }
        guard !forms.isEmpty, raw.count >= forms.shortest else { return nil }
        if let e = first(forms.exact, in: raw, fold: false) { return e }
        guard raw.contains(0x25) else { return first(forms.folded, in: raw, fold: true) }
        var decoded = RecipientForms.percentDecoded(raw)
        if decoded.contains(0x25) { decoded = RecipientForms.percentDecoded(decoded) }
        return first(forms.exact, in: decoded, fold: false) ?? first(forms.folded, in: decoded, fold: true)
    }

    @Test func onePassSearchAgreesWithTheDefinition() {
        let forms = RecipientForms(["Jane Doe <\(RecipientTests.address)>"])
        var pieces: [[UInt8]] = forms.exact.map(\.bytes) + forms.folded.map(\.bytes)
        pieces += forms.folded.map { Array(String(decoding: $0.bytes, as: UTF8.self).uppercased().utf8) }
        pieces += ["jane.doe%2Bnews%40example.com", "jane.doe%252Bnews%2540Example.com", "%", "%4", "&e=", "?", "/",
                   "x", "ab", "0f", "Ja", "ja", "=", "%41", "-", "_"].map { Array($0.utf8) }
        var random = SplitMix64(seed: 7)
        var found = 0
        for _ in 0..<3_000 {
            var raw: [UInt8] = []
            for _ in 0..<(1 + random.next() % 6) {
                var piece = random.pick(pieces)
                // Cut some pieces short, so near-misses are searched too.
                if random.chance(30), piece.count > 2 { piece.removeLast(Int(random.next() % UInt64(piece.count - 1))) }
                raw += piece
            }
            let expected = RecipientTests.referenceFind(forms, raw)
            if expected != nil { found += 1 }
            #expect(forms.find(in: raw[...]) == expected, "\(String(decoding: raw, as: UTF8.self))")
        }
        #expect(found > 500)
    }

    @Test func base64FragmentsCoverOnlyBitsTheAddressDetermines() {
        // "abc@example.com" at offset 0: every full group but the trailing partial one.
        let fragments = RecipientForms.base64Fragments(Array("abc@example.com".utf8))
        let full = RecipientTests.base64("abc@example.com")
        #expect(fragments.contains { full.hasPrefix(String(decoding: $0, as: UTF8.self)) })
        for f in fragments { #expect(f.count >= RecipientForms.minimumBase64Length) }
    }
}
