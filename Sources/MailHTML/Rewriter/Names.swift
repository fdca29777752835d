/// Element and attribute names the rewriter cares about, recognised from raw name bytes
/// without building strings.
enum ElementKind: UInt8 {
    case other
    // Elements that load.
    case img, input, source, track, video, audio, iframe, frame, embed, object, applet, bgsound
    case script, link, meta, base, html, layer, a, area, style, picture
    // SVG elements (foreign content).
    case svgImage, svgUse, svgFeImage, svgA, svgScript, svgStyle, svgOther
    /// MathML `<mglyph src>`: an image in engines that keep the MathML 3 element (Gecko,
    /// so Thunderbird).
    case mathGlyph
    /// VML (`v:fill`, `v:imagedata`, …).
    case vml
    // Elements whose start tags imply end tags (a simple tree approximation).
    case p, li, dd, dt, td, th, tr, tableSection, table, option
    /// Closes an open `<p>`.
    case block
    /// `ul`, `ol`: special, and the end of the search for the `li` an `</li>` closes.
    case list
    /// `dl`: special, but no end to that search (`<li><dl></li>` closes the `li` and the
    /// `dl` inside it, as the tree builder's list item scope has `ol` and `ul` only).
    case definitionList
    /// Stops the search for an element to close implicitly.
    case scopeBoundary
    /// Void elements that load nothing (`br`, `hr`, `wbr`, `col`, …): never open. Taken for
    /// open, a `<br>` hid its parent's end tag from a search that stops after so many
    /// elements, and a hidden `<div>` with many lines held the rest of the message.
    case voidOther

    /// This kind as a bit in a `UInt64` set.
    @inline(__always) var bit: UInt64 { 1 << UInt64(rawValue) }

    static func bits(_ kinds: ElementKind...) -> UInt64 {
        kinds.reduce(0) { $0 | $1.bit }
    }

    /// Void elements never get an end tag and are not pushed on the open-element stack.
    var isVoidHTML: Bool {
        switch self {
        case .img, .input, .source, .track, .frame, .embed, .bgsound, .link, .meta, .base, .area, .voidOther: true
        default: false
        }
    }
}

/// Attributes the rewriter reads.
enum AttributeName: UInt8 {
    case other
    case src, srcset, href, xlinkHref, background, style, width, height, alt, hidden, poster, data
    case ping, rel, httpEquiv, content, type, lowsrc, dynsrc, code, codebase, archive, manifest
    case oHref, imagesrcset, srcdoc
    /// SVG presentation attributes that may hold `url()`.
    case presentation
    /// Read by the visibility model and the media policy only.
    case classAttribute, id, media, controls, preload
}

@inline(__always) func asciiLower(_ byte: UInt8) -> UInt8 {
    byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
}

/// Whether the bytes in `range` equal `literal` (lowercase ASCII), ignoring ASCII case.
@inline(__always) func bytesEqual(_ input: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ literal: StaticString) -> Bool {
    guard range.count == literal.utf8CodeUnitCount else { return false }
    return literal.withUTF8Buffer { expected in
        var index = range.lowerBound
        for byte in expected {
            if asciiLower(input[index]) != byte { return false }
            index += 1
        }
        return true
    }
}

enum Names {
    static func element(_ input: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, namespace: HTMLNamespace) -> ElementKind {
        let count = range.count
        guard count > 0 else { return .other }
        func eq(_ literal: StaticString) -> Bool { bytesEqual(input, range, literal) }
        let first = asciiLower(input[range.lowerBound])
        if namespace == .mathML && count == 6 && eq("mglyph") { return .mathGlyph }
        if namespace != .html {
            switch count {
            case 1 where first == 0x61: return .svgA
            case 3 where eq("use"): return .svgUse
            case 5 where eq("image"): return .svgImage
            case 5 where eq("style"): return .svgStyle
            case 6 where eq("script"): return .svgScript
            case 7 where eq("feimage"): return .svgFeImage
            default: return .svgOther
            }
        }
        if count > 2 && first == 0x76 && input[range.lowerBound + 1] == 0x3A { return .vml }
        switch count {
        case 1:
            if first == 0x61 { return .a }
            if first == 0x70 { return .p }
        case 2:
            let second = asciiLower(input[range.lowerBound + 1])
            switch (first, second) {
            case (0x6C, 0x69): return .li
            case (0x64, 0x64): return .dd
            case (0x64, 0x74): return .dt
            case (0x74, 0x64): return .td
            case (0x74, 0x68): return .th
            case (0x74, 0x72): return .tr
            case (0x6F, 0x6C), (0x75, 0x6C): return .list
            case (0x64, 0x6C): return .definitionList
            case (0x68, 0x31...0x36): return .block
            case (0x62, 0x72), (0x68, 0x72): return .voidOther
            default: break
            }
        case 3:
            if eq("img") { return .img }
            if eq("wbr") || eq("col") { return .voidOther }
            if eq("div") || eq("pre") || eq("nav") || eq("dir") { return .block }
        case 4:
            if eq("link") { return .link }
            if eq("meta") { return .meta }
            if eq("base") { return .base }
            if eq("html") { return .html }
            if eq("area") { return .area }
            if eq("form") || eq("main") || eq("menu") { return .block }
        case 5:
            if eq("input") { return .input }
            if eq("track") { return .track }
            if eq("video") { return .video }
            if eq("audio") { return .audio }
            if eq("embed") { return .embed }
            if eq("image") { return .img }
            if eq("layer") { return .layer }
            if eq("style") { return .style }
            if eq("table") { return .table }
            if eq("tbody") || eq("thead") || eq("tfoot") { return .tableSection }
            if eq("aside") { return .block }
            if eq("param") { return .voidOther }
            if eq("frame") { return .frame }
        case 6:
            if eq("source") { return .source }
            if eq("iframe") { return .iframe }
            if eq("object") { return .object }
            if eq("applet") { return .applet }
            if eq("script") { return .script }
            if eq("option") { return .option }
            if eq("ilayer") { return .layer }
            if eq("keygen") { return .voidOther }
            if eq("center") || eq("dialog") || eq("figure") || eq("footer") || eq("header") || eq("hgroup") {
                return .block
            }
            if eq("button") { return .scopeBoundary }
        case 7:
            if eq("bgsound") { return .bgsound }
            if eq("picture") { return .picture }
            if eq("address") || eq("article") || eq("details") || eq("section") { return .block }
            if eq("caption") || eq("marquee") { return .scopeBoundary }
        case 8:
            if eq("fieldset") { return .block }
            if eq("basefont") { return .voidOther }
            if eq("template") { return .scopeBoundary }
        case 10:
            if eq("blockquote") || eq("figcaption") { return .block }
        default:
            break
        }
        return .other
    }

    /// Whether the name is `body` or `html` (any case).
    static func isBodyOrHTML(_ input: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        range.count == 4 && (bytesEqual(input, range, "body") || bytesEqual(input, range, "html"))
    }

    /// Whether the name is `a` or one of the other formatting elements.
    @inline(__always)
    static func isFormattingOrA(_ input: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        if range.count == 1 && asciiLower(input[range.lowerBound]) == 0x61 { return true }
        return range.count <= 6 && isFormatting(input, range)
    }

    /// Whether the name is one of HTML's formatting elements but `a` (`b`, `font`, `strong`,
    /// …), whose end tags go through the adoption agency.
    static func isFormatting(_ input: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        switch range.count {
        case 1:
            let c = asciiLower(input[range.lowerBound])
            return c == 0x62 || c == 0x69 || c == 0x73 || c == 0x75  // b, i, s, u
        case 2: return bytesEqual(input, range, "em") || bytesEqual(input, range, "tt")
        case 3: return bytesEqual(input, range, "big")
        case 4: return bytesEqual(input, range, "code") || bytesEqual(input, range, "font") || bytesEqual(input, range, "nobr")
        case 5: return bytesEqual(input, range, "small")
        case 6: return bytesEqual(input, range, "strike") || bytesEqual(input, range, "strong")
        default: return false
        }
    }

    /// Every attribute name the collector reads (lowercase) and what it is. `foreign`: it
    /// counts on SVG and MathML elements only (presentation attributes that may hold `url()`).
    static let attributeNames: [(name: StaticString, kind: AttributeName, foreign: Bool)] = [
        ("id", .id, false), ("alt", .alt, false), ("archive", .archive, false), ("background", .background, false),
        ("content", .content, false), ("class", .classAttribute, false), ("controls", .controls, false),
        ("code", .code, false), ("codebase", .codebase, false), ("cursor", .presentation, true),
        ("clip-path", .presentation, true), ("data", .data, false), ("dynsrc", .dynsrc, false),
        ("fill", .presentation, true), ("filter", .presentation, true), ("href", .href, false),
        ("height", .height, false), ("hidden", .hidden, false), ("http-equiv", .httpEquiv, false),
        ("imagesrcset", .imagesrcset, false), ("lowsrc", .lowsrc, false), ("manifest", .manifest, false),
        ("media", .media, false), ("mask", .presentation, true), ("marker-start", .presentation, true),
        ("marker-mid", .presentation, true), ("marker-end", .presentation, true), ("o:href", .oHref, false),
        ("ping", .ping, false), ("poster", .poster, false), ("preload", .preload, false), ("rel", .rel, false),
        ("src", .src, false), ("style", .style, false), ("srcset", .srcset, false), ("srcdoc", .srcdoc, false),
        ("stroke", .presentation, true), ("type", .type, false), ("width", .width, false),
        ("xlink:href", .xlinkHref, false),
    ]

    /// `attributeNames` by name key, open addressing from `NameKey.slot`: one or two probes
    /// per attribute, where comparing the name with the candidates of its first letter cost
    /// about 150 instructions. `kind` 0 is an empty slot; bit 7 marks a foreign name.
    private static let attributeTable: [(low: UInt64, high: UInt64, kind: UInt8)] = {
        var table = [(low: UInt64, high: UInt64, kind: UInt8)](repeating: (0, 0, 0), count: 256)
        for entry in attributeNames {
            let key = entry.name.withUTF8Buffer { NameKey($0, 0..<$0.count) }
            var slot = key.slot
            while table[slot].kind != 0 { slot = (slot + 1) & 255 }
            table[slot] = (key.low, key.high, entry.kind.rawValue | (entry.foreign ? 0x80 : 0))
        }
        return table
    }()

    /// The attribute whose name has key `key` (as the tokenizer packs it: ASCII case folded),
    /// on an element in `namespace`.
    static func attribute(key: NameKey, namespace: HTMLNamespace) -> AttributeName {
        guard key.isExact else { return .other }
        return attributeTable.withUnsafeBufferPointer { table in
            var slot = key.slot
            while true {
                let entry = table[slot]
                if entry.kind == 0 { return .other }
                if entry.low == key.low && entry.high == key.high {
                    if entry.kind & 0x80 != 0 && namespace == .html { return .other }
                    return AttributeName(rawValue: entry.kind & 0x7F) ?? .other
                }
                slot = (slot + 1) & 255
            }
        }
    }
}
