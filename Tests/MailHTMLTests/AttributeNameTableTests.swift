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
