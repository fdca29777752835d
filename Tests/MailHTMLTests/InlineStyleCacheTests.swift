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
            let facts = StyleKey.Facts.ownStyle(StyledNode(parent: -1, tag: 0..<0))
            // Every style under one hash, as crafted input could make them.
            for k in 0..<20 { cache.store(Self.answer(Double(k)), StyleKey(hash: 42, style: k * 8..<k * 8 + 8, facts: facts)) }
            // The newest ones are found, each with its own answer.
            for k in 12..<20 {
                #expect(cache.find(input, StyleKey(hash: 42, style: k * 8..<k * 8 + 8, facts: facts))?.size.width == Double(k))
            }
            // Past the steps a look-up takes, older ones are read again instead.
            #expect(cache.find(input, StyleKey(hash: 42, style: 0..<8, facts: facts)) == nil)
            #expect(Cache.maximumSteps == 8)
        }
    }

    @Test func anAnswerIsForItsElementFactsOnly() {
        Self.input.withUnsafeBufferPointer { input in
            var cache = InlineStyleCache<VisibilityModel.OwnStyle>()
            var plain = StyledNode(parent: -1, tag: 0..<0)
            cache.store(Self.answer(1), StyleKey(hash: 7, style: 0..<8, facts: StyleKey.Facts.ownStyle(plain)))
            #expect(cache.find(input, StyleKey(hash: 7, style: 0..<8, facts: StyleKey.Facts.ownStyle(plain)))?.size.width == 1)
            var sized = plain
            sized.width = 600
            #expect(cache.find(input, StyleKey(hash: 7, style: 0..<8, facts: StyleKey.Facts.ownStyle(sized))) == nil)
            var hidden = plain
            hidden.flags |= StyledNode.hiddenAttribute
            #expect(cache.find(input, StyleKey(hash: 7, style: 0..<8, facts: StyleKey.Facts.ownStyle(hidden))) == nil)
            // Flags the answer does not read do not matter.
            plain.flags |= StyledNode.hasClass
            #expect(cache.find(input, StyleKey(hash: 7, style: 0..<8, facts: StyleKey.Facts.ownStyle(plain)))?.size.width == 1)
            // Declarations depend on the bytes alone: sizes and `hidden` do not split them.
            #expect(StyleKey.Facts.declarations(sized) == StyleKey.Facts.declarations(hidden))
            var encoded = plain
            encoded.flags |= StyledNode.needsDecoding
            #expect(StyleKey.Facts.declarations(encoded) != StyleKey.Facts.declarations(plain))
        }
    }

    @Test func theHashReadsEveryByte() {
        let a = Array("display:block;overflow:hidden;width:5px".utf8)
        for k in a.indices {
            var b = a
            b[k] ^= 0x20
            let ha = a.withUnsafeBufferPointer { ByteRunHash.of($0) }
            let hb = b.withUnsafeBufferPointer { ByteRunHash.of($0) }
            #expect(ha != hb, "byte \(k)")
        }
    }
}
