import Testing

@testable import MailHTML

/// The per-document cache of style answers: it may only answer for the same bytes and
/// element facts, and a crowded slot costs a bounded look-up.
@Suite struct InlineStyleCacheTests {
    typealias Cache = InlineStyleCache<VisibilityModel.OwnStyle>

    /// Twenty styles of equal length in one buffer: `style k` is `input[k * 8 ..< k * 8 + 8]`.
    static let input: [UInt8] = Array((0..<20).map { String(format: "w:%04dpx", $0) }.joined().utf8)

    static func answer(_ width: Double) -> VisibilityModel.OwnStyle {
        var own = VisibilityModel.OwnStyle()
        own.size.width = width
        return own
    }

    @Test func equalHashesWithOtherBytesAreNotConfused() {
        Self.input.withUnsafeBufferPointer { input in
            var cache = InlineStyleCache<VisibilityModel.OwnStyle>()
            let facts = Cache.Facts.ownStyle(StyledNode(parent: -1, tag: 0..<0))
            // Every style under one hash, as crafted input could make them.
            for k in 0..<20 { cache.store(Self.answer(Double(k)), k * 8..<k * 8 + 8, facts, hash: 42) }
            // The newest ones are found, each with its own answer.
            for k in 12..<20 {
                #expect(cache.find(input, k * 8..<k * 8 + 8, facts, hash: 42)?.size.width == Double(k))
            }
            // Past the steps a look-up takes, older ones are read again instead.
            #expect(cache.find(input, 0..<8, facts, hash: 42) == nil)
            #expect(StyleBytes.maximumSteps == 8)
        }
    }

    @Test func anAnswerIsForItsElementFactsOnly() {
        Self.input.withUnsafeBufferPointer { input in
            var cache = InlineStyleCache<VisibilityModel.OwnStyle>()
            var plain = StyledNode(parent: -1, tag: 0..<0)
            cache.store(Self.answer(1), 0..<8, Cache.Facts.ownStyle(plain), hash: 7)
            #expect(cache.find(input, 0..<8, Cache.Facts.ownStyle(plain), hash: 7)?.size.width == 1)
            var sized = plain
            sized.width = 600
            #expect(cache.find(input, 0..<8, Cache.Facts.ownStyle(sized), hash: 7) == nil)
            var hidden = plain
            hidden.flags |= StyledNode.hiddenAttribute
            #expect(cache.find(input, 0..<8, Cache.Facts.ownStyle(hidden), hash: 7) == nil)
            // Flags the answer does not read do not matter.
            plain.flags |= StyledNode.hasClass
            #expect(cache.find(input, 0..<8, Cache.Facts.ownStyle(plain), hash: 7)?.size.width == 1)
            // Declarations depend on the bytes alone: sizes and `hidden` do not split them.
            #expect(Cache.Facts.declarations(sized) == Cache.Facts.declarations(hidden))
            var encoded = plain
            encoded.flags |= StyledNode.needsDecoding
            #expect(Cache.Facts.declarations(encoded) != Cache.Facts.declarations(plain))
        }
    }

    @Test func theHashReadsEveryByte() {
        let a = Array("display:block;overflow:hidden;width:5px".utf8)
        for k in a.indices {
            var b = a
            b[k] ^= 0x20
            let ha = a.withUnsafeBufferPointer { StyleBytes.hash($0, 0..<$0.count) }
            let hb = b.withUnsafeBufferPointer { StyleBytes.hash($0, 0..<$0.count) }
            #expect(ha != hb, "byte \(k)")
        }
    }
}
