import FixtureSupport
@testable import MailHTML
import Testing

private func style(_ css: String) -> CSSInlineStyle { CSSInlineStyle(Array(css.utf8)) }

@Suite struct CSSInlineStyleTests {
    @Test func readsPixelSizes() {
        let s = style("width:1px; HEIGHT: 2PX; max-width: 600px; max-height:0")
        #expect(s.width == 1)
        #expect(s.height == 2)
        #expect(s.maxWidth == 600)
        #expect(s.maxHeight == 0)
    }

    /// A URL or a string is no value of these properties: a browser drops the declaration,
    /// and an earlier valid one stays in force.
    @Test func aDeclarationABrowserDropsSetsNothing() {
        let s = style("width:2px; width:url(https://cdn.shop.example/a.png); height:'600px'; display:url(x) none; max-width:\"1\"")
        #expect(s.width == 2)
        #expect(s.height == nil)
        #expect(!s.displayNone)
        #expect(s.maxWidth == nil)
        let calls = style("width: URL( https://cdn.shop.example/a.png ); height: 3px")
        #expect(calls.width == nil && calls.height == 3)
        // var() cannot be evaluated, but it is valid: the width stays unknown, not dropped.
        let slot = Array("width:1px;width:var(--w)".utf8).withUnsafeBufferPointer { bytes in
            var reader = InlineStyleReader(tokenizer: CSSTokenizer(bytes, range: 0..<bytes.count))
            reader.read()
            return reader.slots[InlineStyleReader.Property.width.rawValue]
        }
        #expect(slot.set)
        #expect(slot.value == InlineStyleReader.Value.other)
    }

    @Test func unitlessAndPointSizes() {
        let s = style("width:3;height:3pt")
        #expect(s.width == 3)
        #expect(s.height == 4)
    }

    @Test func percentagesAndAutoAreUnknown() {
        let s = style("width:100%;height:auto")
        #expect(s.width == nil)
        #expect(s.height == nil)
    }

    @Test func laterDeclarationWins() {
        #expect(style("display:none;display:block").displayNone == false)
        #expect(style("display:block;display:none").displayNone)
    }

    @Test func importantBeatsLaterDeclaration() {
        #expect(style("display:none !important;display:block").displayNone)
        #expect(style("display:none!important;display:block !important").displayNone == false)
    }

    @Test(arguments: [
        "display:none",
        "DISPLAY : NONE",
        "visibility:hidden",
        "visibility:collapse",
        "opacity:0",
        "opacity:0.0",
        "opacity:0%",
        "mso-hide:all",
        "max-height:0;overflow:hidden",
        "max-height:0px;overflow:hidden",
        "height:0;overflow:hidden",
        "width:0;overflow-x:hidden",
        "max-width:0;overflow:hidden",
        "position:absolute;left:-9999px",
        "position:fixed;top:-10000px",
        "position:absolute;margin-left:-2000px",
        "disp\\6c ay:none",
    ])
    func hidesContent(css: String) {
        #expect(style(css).hidesContent)
        // The cheap prefilter must never skip a style that hides.
        let bytes = Array(css.utf8)
        #expect(bytes.withUnsafeBufferPointer { CSSInlineStyle.mayHide($0, 0..<$0.count) })
    }

    /// The prefilters decide from the names before colons; a full read of random styles
    /// must never find hiding or a size that they ruled out.
    @Test func prefiltersNeverRuleOutWhatTheFullReadFinds() {
        let pieces = [
            "display", "DISPLAY", "Display ", "visibility", "opacity", "overflow", "overflow-y", "position",
            "mso-hide", "width", "HEIGHT", "max-height", "left", "top", "color", ":", " : ", ";", " ", "none",
            "hidden", "all", "absolute", "-9999px", "0", "0px", "10px", "auto", "!important", "/**/", "/*x:y*/",
            "\\", "\\64 isplay", "&amp;", "url(a:b)", "'a:b'", "\"display:none\"", "\n", "-", "_",
        ]
        var generator = SplitMix64(seed: 0x5EED)
        for _ in 0..<20_000 {
            var css = ""
            for _ in 0..<(1 + generator.next() % 12) { css += generator.pick(pieces) }
            let bytes = Array(css.utf8)
            let read = style(css)
            let mayHide = bytes.withUnsafeBufferPointer { CSSInlineStyle.mayHide($0, 0..<$0.count) }
            let maySize = bytes.withUnsafeBufferPointer { CSSInlineStyle.maySetSize($0, 0..<$0.count) }
            if !mayHide { #expect(!read.hidesContent, "\(css)") }
            if !maySize { #expect(read.width == nil && read.height == nil, "\(css)") }
        }
    }

    /// The values of unread properties are passed over by one scan up to the next `;`
    /// when nothing in them nests, quotes, escapes or comments; token by token otherwise.
    /// Random declaration lists, with `;` and `:` hidden in strings, parentheses, blocks,
    /// escapes and comments, must read the same both ways.
    @Test func passingOverPlainValuesReadsWhatTheTokensRead() {
        let pieces = [
            "color", "font-family", "padding", "display", "width", "height", "max-height", "opacity", "left",
            "visibility", "mso-hide", ":", " : ", ";", " ", "none", "hidden", "0", "-9999px", "12px", "auto",
            "!important", " ! important", "#333", "Arial,sans-serif", "'a;b'", "\"c;d\"", "'", "\"", "url(x;y)",
            "url('x;y')", "rgb(0,0,0)", "(", ")", "[;]", "{;}", "{", "}", "/*;*/", "/*", "*/", "/", "\\;", "\\3b ",
            "\\", "\n", "-", "é", "<!--", "-->",
            // An interesting declaration hidden where only the tokens see it is hidden.
            "url(a;display:none)", "(b;width:5px)", "'c;opacity:0'", "\"d;height:0\"", "/*;left:-9999px*/",
            "[e;max-height:0]", "{f;visibility:hidden}", "\\;display:none", "\\;width:3px",
        ]
        var generator = SplitMix64(seed: 0x5C4_11)
        var skipped = 0
        for _ in 0..<20_000 {
            var css = ""
            for _ in 0..<(1 + generator.next() % 14) { css += generator.pick(pieces) }
            let bytes = Array(css.utf8)
            let (fast, slow) = bytes.withUnsafeBufferPointer { b -> (InlineStyleReader, InlineStyleReader) in
                var fast = InlineStyleReader(tokenizer: CSSTokenizer(b, range: 0..<b.count))
                fast.read()
                var slow = InlineStyleReader(tokenizer: CSSTokenizer(b, range: 0..<b.count))
                slow.skipsPlainValues = false
                slow.read()
                return (fast, slow)
            }
            for p in 0..<20 {
                let a = fast.slots[p]
                let b = slow.slots[p]
                #expect(a.set == b.set && a.important == b.important && a.value == b.value, "\(css) property \(p)")
            }
            if css.contains(";") && bytes.withUnsafeBufferPointer({ b in
                var t = CSSTokenizer(b, range: 0..<b.count)
                return t.skipPlainDeclarationValue() && t.position < b.count
            }) {
                skipped += 1
            }
        }
        // The scan is taken often enough for the comparison to mean something.
        #expect(skipped > 500)
    }

    @Test func prefilterSkipsOrdinaryStyles() {
        let bytes = Array("font-family:Arial,sans-serif;font-size:16px;color:#333;padding:0 10px;width:100%".utf8)
        #expect(!bytes.withUnsafeBufferPointer { CSSInlineStyle.mayHide($0, 0..<$0.count) })
    }

    @Test(arguments: [
        "",
        "display:block",
        "max-height:0",
        "left:-9999px",
        "position:absolute;left:-10px",
        "opacity:0.5",
        "font-size:0;line-height:0",
        "overflow:hidden;height:20px",
        "color:red;background:url(x)",
    ])
    func doesNotHideContent(css: String) {
        #expect(!style(css).hidesContent)
    }

    @Test func fontSizeZeroIsReportedButDoesNotHide() {
        let s = style("font-size:0")
        #expect(s.fontSizeZero)
        #expect(!s.hidesContent)
    }

    @Test func malformedDeclarationsAreSkipped() {
        let s = style("width;;:;height:5px;*zoom:1;{;width:7px")
        #expect(s.height == 5)
        #expect(s.width == 7)
    }
}
