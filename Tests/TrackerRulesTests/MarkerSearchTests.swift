import FixtureSupport
import Testing

@testable import TrackerRules

/// The unsubscribe-marker search looks at one position in four: it must find every marker
/// a look at every position finds, wherever it starts, in any ASCII case.
@Suite struct MarkerSearchTests {
    static let markers: [[UInt8]] = ParamRules.unsubscribeMarkers.map {
        Array(UnsafeBufferPointer(start: $0.utf8Start, count: $0.utf8CodeUnitCount))
    }

    static func reference(_ text: [UInt8]) -> Bool {
        let lowered = text.map(LinkBytes.lower)
        return markers.contains { m in
            m.count <= lowered.count && (0...(lowered.count - m.count)).contains { lowered[$0..<($0 + m.count)].elementsEqual(m) }
        }
    }

    static func search(_ text: [UInt8]) -> Bool {
        text.withUnsafeBufferPointer { ParamStripper.hasMarker($0) }
    }

    @Test func agreesWithALookAtEveryPosition() {
        var generator = SplitMix64(seed: 0x0A75_0B)
        let pieces = ["a", "e", "s", "/", "-", "_", " ", "%20", "re", "in", "de", "unsu", "bscr", "opt", "out", "pref",
                      "erence", "Unsub", "OPT-OUT", "d\u{E9}sabonn", "abmeld", "x", "subscriptio", "n", "email", "webview"]
        var found = 0
        for _ in 0..<20_000 {
            var text = ""
            for _ in 0..<Int.random(in: 0...10, using: &generator) { text += generator.pick(pieces) }
            let bytes = Array(text.utf8)
            let expected = Self.reference(bytes)
            if expected { found += 1 }
            #expect(Self.search(bytes) == expected, "\(text.debugDescription)")
        }
        // Both answers were asked often enough to mean something.
        #expect(found > 1_000 && found < 19_000)
    }

    @Test func findsEachMarkerAtEveryOffset() {
        for marker in Self.markers {
            for offset in 0..<9 {
                for tail in 0..<3 {
                    let text = Array(repeating: UInt8(ascii: "x"), count: offset) + marker.map { $0 >= 0x61 && $0 <= 0x7A ? $0 - 0x20 : $0 }
                        + Array(repeating: UInt8(ascii: "y"), count: tail)
                    #expect(Self.search(text), "\(String(decoding: text, as: UTF8.self)) at \(offset)")
                    // Cut short by a byte, it is found only where the reference finds it.
                    let short = Array(text.dropLast(tail + 1))
                    #expect(Self.search(short) == Self.reference(short))
                }
            }
        }
    }
}
