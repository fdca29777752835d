import FixtureSupport
import Testing
@testable import Trackless

/// Address headers are read byte by byte when they are ASCII; the result must be what the
/// walk by characters gives.
@Suite struct AddressesTests {
    @Test func asciiBytesAgreeWithCharacters() {
        let pieces = ["<", ">", "@", ",", ";", " ", "\t", "\r\n", "\n", "\r", "\"", "A", "b", ".", "x", "Reader",
                      "reader@Example.ORG", "<a@b.example>", "\u{0B}", "\u{0C}", "\u{1C}"]
        var rng = SplitMix64(seed: 0xADD2_E55E)
        for _ in 0..<5_000 {
            let value = (0..<Int.random(in: 0...12, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined()
            #expect(Addresses.extract(from: value) == Addresses.extractByCharacters(value), "\(value.debugDescription)")
        }
    }

    @Test func commonForms() {
        #expect(Addresses.extract(from: "Reader <Reader@Example.org>, other@x.example") == ["reader@example.org"])
        #expect(Addresses.extract(from: "a@x.example, \"Quoted\" b@y.example;c@z.example") ==
                ["a@x.example", "b@y.example", "c@z.example"])
        #expect(Addresses.extract(from: "Lecteur <lécteur@exemple.fr>") == ["lécteur@exemple.fr"])
        #expect(Addresses.extract(from: "undisclosed-recipients:;").isEmpty)
    }
}
