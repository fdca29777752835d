import FixtureSupport
import Testing
@testable import MailHTML

/// A decoded value maps its offsets back to the raw bytes through a few pieces; this holds
/// it to the definition, one raw offset per decoded byte: a byte that decoded to itself
/// maps to itself, and every byte a reference or line break produced maps to where that
/// reference or line break starts.
@Suite struct ValueSpanTests {
    static func referenceMap(_ input: [UInt8], isText: Bool) -> (decoded: [UInt8], offsets: [Int]) {
        input.withUnsafeBufferPointer { buffer in
            var decoded: [UInt8] = []
            var offsets: [Int] = []
            var index = 0
            while index < buffer.count {
                let start = index
                switch buffer[index] {
                case 0x0D:
                    decoded.append(0x0A)
                    index += 1
                    if index < buffer.count && buffer[index] == 0x0A { index += 1 }
                case 0 where !isText:
                    decoded += [0xEF, 0xBF, 0xBD]
                    index += 1
                case 0x26:
                    index = HTMLDecoding.resolveReference(buffer, at: index, end: buffer.count, inAttribute: !isText, into: &decoded)
                default:
                    decoded.append(buffer[index])
                    index += 1
                }
                while offsets.count < decoded.count { offsets.append(start) }
            }
            return (decoded, offsets)
        }
    }

    @Test(arguments: [false, true])
    func rawOffsetsFollowTheDefinition(isText: Bool) {
        let pieces = ["a", "url", "&amp;", "&", "&#x41;", "&#65", "&notit;", "&not", "&noti", "\r\n", "\r", "\n", "\0",
                      "&nGt;", "=", "x;", "&#0;", "&lt", "&#x1F600;", "é", "&;", "&&",
                      "&utm_source=", "&copy=", "&amp=", "&notin=", "&not=", "a1", "&x=", "&="].map { Array($0.utf8) }
        var random = SplitMix64(seed: 11)
        var decodedSome = 0
        // One store for every value, as a document's spans share one: each span finds its
        // bytes and pieces past those of the values made before it.
        var values = DecodedValues()
        for _ in 0..<4_000 {
            var value: [UInt8] = []
            for _ in 0..<(random.next() % 12) { value += random.pick(pieces) }
            let expected = Self.referenceMap(value, isText: isText)
            let mark = (values.bytes.count, values.pieces.count)
            let span = value.withUnsafeBufferPointer {
                ValueSpan.make($0, whole: 0..<$0.count, raw: 0..<$0.count, quote: .double, isText: isText, into: &values)
            }
            let decoded = value.withUnsafeBufferPointer { span.decodedBytes($0, values) }
            #expect(decoded == expected.decoded)
            if !span.isVerbatim { decodedSome += 1 }
            // Verbatim exactly when every byte stands for itself (a query's bare `&name=`
            // included): then no decoded copy is made.
            #expect(span.isVerbatim == (expected.decoded == value), "value \(value)")
            for index in 0...decoded.count {
                let want = index < expected.offsets.count ? expected.offsets[index] : value.count
                #expect(span.rawOffset(index, values) == want, "value \(value), decoded offset \(index)")
            }
            // A span that is not kept gives its bytes back (the CSS of a style attribute
            // with no load is decoded, then dropped).
            if random.next() % 4 == 0 {
                values.drop(span)
                #expect(values.bytes.count == mark.0 && values.pieces.count == mark.1)
            }
        }
        #expect(decodedSome > 2_000)
    }
}

/// The link text the policy sees: whitespace runs collapsed to one space, none at either
/// end, cut to the limit on a character boundary; held to a plain byte-array version.
@Suite struct LinkTextTests {
    static func reference(_ bytes: [UInt8], limit: Int) -> String {
        var output: [UInt8] = []
        var pendingSpace = false
        for byte in bytes {
            if [0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20].contains(byte) {
                pendingSpace = !output.isEmpty
                continue
            }
            if pendingSpace { output.append(0x20) }
            pendingSpace = false
            output.append(byte)
        }
        if output.count > limit {
            var cut = max(0, limit)
            while cut > 0 && (output[cut] & 0xC0) == 0x80 { cut -= 1 }
            output.removeSubrange(cut...)
        }
        return String(decoding: output, as: UTF8.self)
    }

    @Test func collapsesAndCutsLikeTheReference() {
        let pieces: [[UInt8]] = [Array("Read".utf8), Array(" more".utf8), [0x20, 0x20], [0x09], [0x0A, 0x0D], [0x0B],
                                 Array("é".utf8), Array("😀".utf8), [0xFF], [0xC3], Array("x".utf8)]
        var rng = SplitMix64(seed: 0x11_4E7E)
        for _ in 0..<3_000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int.random(in: 0...8, using: &rng) { bytes += pieces.randomElement(using: &rng)! }
            let limit = Int.random(in: 0...20, using: &rng)
            #expect(EditPlanner.linkText(bytes, limit: limit) == Self.reference(bytes, limit: limit),
                    "\(bytes) limit \(limit)")
        }
        #expect(EditPlanner.linkText(Array("  Read \n\t more  ".utf8), limit: 100) == "Read more")
        #expect(EditPlanner.linkText(Array("ab😀".utf8), limit: 4) == "ab")
    }
}
