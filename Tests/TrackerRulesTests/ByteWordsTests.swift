import Testing

@testable import MailURL

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
}
