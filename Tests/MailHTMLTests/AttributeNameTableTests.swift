import Testing
@testable import MailHTML

/// The attribute names the collector reads are found by their name key: every listed name
/// in any ASCII case, and nothing else.
@Suite struct AttributeNameTableTests {
    static func kind(_ name: String, _ namespace: HTMLNamespace) -> AttributeName {
        Array(name.utf8).withUnsafeBufferPointer { Names.attribute(key: NameKey($0, 0..<$0.count), namespace: namespace) }
    }

    @Test func everyListedNameInEveryCase() {
        for entry in Names.attributeNames {
            let name = entry.name.withUTF8Buffer { String(decoding: $0, as: UTF8.self) }
            for spelling in [name, name.uppercased(), String(name.enumerated().map { $0.offset % 2 == 0 ? Character($0.element.uppercased()) : $0.element })] {
                #expect(Self.kind(spelling, .svg) == entry.kind, "\(spelling)")
                #expect(Self.kind(spelling, .html) == (entry.foreign ? .other : entry.kind), "\(spelling)")
            }
        }
    }

    @Test func nearMissesAreOther() {
        for name in ["", "i", "sr", "srcx", "xsrc", "hre", "hreff", "styles", "marker", "marker-star", "data-src",
                     "src\u{0}", "sr\u{e9}", "xlink:hre", "o:hre", "background-image", "ping ", "idd"] {
            #expect(Self.kind(name, .svg) == .other, "\(name)")
        }
        #expect(Self.kind("fill", .html) == .other)
        #expect(Self.kind("FILL", .svg) == .presentation)
    }
}

/// The tokenizer reads a short name eight bytes at a time: its end and its packed key must be
/// what the byte loop gives, for any bytes (capitals, digits, NUL, 8-bit, every end byte).
@Suite struct NameWordScanTests {
    static let ends: UInt64 = 1 << 0x09 | 1 << 0x0A | 1 << 0x0C | 1 << 0x0D | 1 << 0x20 | 1 << 0x2F | 1 << 0x3E | 1 << 0x3D

    @Test func wordScanEqualsByteScan() {
        var generator = SystemRandomNumberGenerator()
        // Bytes near the edges of each class the word tests draw: end bytes, `@`, `A`, `Z`,
        // `[`, `a`, `z`, digits, NUL, 0x7F, 0x80, 0xFF.
        let alphabet: [UInt8] = [0x09, 0x0A, 0x0C, 0x0D, 0x20, 0x2F, 0x3E, 0x3D, 0x40, 0x41, 0x5A, 0x5B, 0x60, 0x61,
                                 0x7A, 0x30, 0x39, 0x2D, 0x3A, 0x00, 0x01, 0x3F, 0x7F, 0x80, 0xC3, 0xFF]
        for _ in 0..<20_000 {
            let word = (0..<8).reduce(UInt64(0)) { w, lane in
                let byte = Bool.random(using: &generator) ? alphabet.randomElement(using: &generator)!
                    : UInt8.random(in: 0...255, using: &generator)
                return w | UInt64(byte) << UInt64(lane * 8)
            }
            let bytes = (0..<8).map { UInt8(truncatingIfNeeded: word >> UInt64($0 * 8)) }
            for mask in [Self.ends, Self.ends & ~(1 << 0x3D)] {
                var end = 1
                while end < 8, !(bytes[end] < 64 && (mask >> UInt64(bytes[end])) & 1 != 0) { end += 1 }
                #expect(NameKeyPacker.firstEnd(in: word, endMask: mask) == end, "\(bytes)")
                var byByte = NameKeyPacker()
                for byte in bytes[..<end] { byByte.add(byte) }
                var byWord = NameKeyPacker()
                byWord.addWord(word, lanes: end)
                #expect(byWord.low == byByte.low && byWord.exact == byByte.exact && byWord.count == byByte.count,
                        "\(bytes) \(end)")
            }
        }
    }
}
