import FixtureSupport
import Testing

@testable import MailURL
@testable import TrackerRules

/// The eight-byte tests answer exactly what a byte-by-byte look answers.
@Suite struct ByteWordsTests {
    /// Every byte value at every position, among fillers of every kind.
    @Test func answersLikeLookingAtEachByte() {
        let fillers: [UInt8] = [0x00, 0x20, 0x21, 0x41, 0x5C, 0x7F, 0x80, 0xFF]
        let targets: [UInt8] = [0x00, 0x2E, 0x3A, 0x5C, 0x68, 0x7F, 0xFF]
        let limits: [UInt8] = [0x01, 0x21, 0x80]
        for filler in fillers {
            for value in 0...255 {
                for position in 0..<8 {
                    var bytes = [UInt8](repeating: filler, count: 8)
                    bytes[position] = UInt8(value)
                    let word = bytes.withUnsafeBufferPointer { ByteWords.load($0.baseAddress!) }
                    for target in targets {
                        #expect(ByteWords.holds(word, target) == bytes.contains(target))
                    }
                    for limit in limits {
                        #expect(ByteWords.holdsByte(word, below: limit) == bytes.contains { $0 < limit })
                    }
                }
            }
        }
    }

    /// The word scans (first of two bytes, count of a byte) agree with a plain look at every
    /// start and end, on bytes where the wanted ones sit at every distance.
    @Test func scansAndCountsLikeLookingAtEachByte() {
        var rng = SplitMix64(seed: 0x5EED_B17E)
        // 0x27 and 0xA7 after a wanted byte trip the borrow of the cheaper, inexact test.
        let alphabet: [UInt8] = [0x26, 0x27, 0x3D, 0x2F, 0x3F, 0x23, 0x61, 0x80, 0xA6, 0xA7, 0x00, 0xFF]
        for _ in 0..<40 {
            let bytes = (0..<Int.random(in: 0...40, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! }
            bytes.withUnsafeBufferPointer { u in
                for from in 0...u.count {
                    for to in from...u.count {
                        let wanted = u[from..<to].firstIndex { $0 == 0x26 || $0 == 0x3D } ?? to
                        #expect(ByteWords.firstIndex(of: 0x26, or: 0x3D, in: u, from: from, to: to) == wanted)
                        #expect(LinkBytes.count(of: 0x26, in: u, from..<to) == u[from..<to].filter { $0 == 0x26 }.count)
                        #expect(LinkBytes.count(of: 0xA6, in: u, from..<to) == u[from..<to].filter { $0 == 0xA6 }.count)
                    }
                }
            }
        }
    }
}
