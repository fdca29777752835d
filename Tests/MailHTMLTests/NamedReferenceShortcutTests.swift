import Testing
@testable import MailHTML

/// `NamedCharacterReferences.mayMatch` skips the table search for names no entry can
/// match (`&utm_source=` in a URL); it must never skip one that some entry matches.
@Suite struct NamedReferenceShortcutTests {
    /// Every entry's name, from the table itself.
    static let names: [[UInt8]] = NamedCharacterReferenceTable.names.withUTF8Buffer { all in
        (0..<NamedCharacterReferenceTable.count).map { entry in
            let offsets = NamedCharacterReferenceTable.offsets
            return Array(all[Int(offsets[entry])..<Int(offsets[entry + 1])])
        }
    }

    static func agrees(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { b in
            let found = NamedCharacterReferences.longestMatch(b, from: 0, end: b.count) != nil
            return !found || NamedCharacterReferences.mayMatch(b, from: 0, end: b.count)
        }
    }

    @Test func everyEntryFollowedByAnyByteIsStillSearched() {
        let followers: [[UInt8]] = [[], [0x3B], [0x5F], [0x3D], [0x78], [0x31], [0x2D], [0x26], [0x20]]
        var checked = 0
        for name in Self.names {
            // The name as written, and cut before its `;` (where the legacy rule applies).
            var stems = [name]
            if name.last == 0x3B { stems.append(Array(name.dropLast())) }
            for stem in stems {
                for follower in followers {
                    #expect(Self.agrees(stem + follower), "\(String(decoding: stem + follower, as: UTF8.self))")
                    checked += 1
                }
            }
        }
        #expect(checked > 30_000)
    }

    @Test func queryNamesSkipTheSearchAndStayLiteral() {
        for (raw, skips) in [("utm_source=x", true), ("mc_eid=1", true), ("x", true), ("ut", true),
                             ("copy_x", false), ("not", false), ("amp", false), ("lt_", false), ("utri;", false)] {
            let bytes = Array(raw.utf8)
            let may = bytes.withUnsafeBufferPointer { NamedCharacterReferences.mayMatch($0, from: 0, end: $0.count) }
            #expect(may == !skips, "\(raw)")
        }
        // Decoded through the shortcut: literal where nothing matches, decoded where a legacy name does.
        let value = Array("a&utm_source=x&copy_b&ut".utf8)
        let decoded = value.withUnsafeBufferPointer { HTMLDecoding.decode($0, 0..<$0.count, mode: .text) }
        #expect(String(decoding: decoded, as: UTF8.self) == "a&utm_source=x©_b&ut")
        let url = Array("https://shop.example/p?utm_source=n&mc_eid=1".utf8)
        #expect(url.withUnsafeBufferPointer { HTMLDecoding.decodesToItself($0, 0..<$0.count, mode: .attributeValue) })
    }
}
