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
    /// `ul`, `ol`, `dl`: also stop the search for an open `li` / `dd` / `dt`.
    case list
    /// Stops the search for an element to close implicitly.
    case scopeBoundary

    /// This kind as a bit in a `UInt64` set.
    @inline(__always) var bit: UInt64 { 1 << UInt64(rawValue) }

    static func bits(_ kinds: ElementKind...) -> UInt64 {
        kinds.reduce(0) { $0 | $1.bit }
    }

    /// Void elements never get an end tag and are not pushed on the open-element stack.
    var isVoidHTML: Bool {
        switch self {
        case .img, .input, .source, .track, .frame, .embed, .bgsound, .link, .meta, .base, .area: true
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
            case (0x6F, 0x6C), (0x75, 0x6C), (0x64, 0x6C): return .list
            case (0x68, 0x31...0x36): return .block
            default: break
            }
        case 3:
            if eq("img") { return .img }
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
            if eq("frame") { return .frame }
        case 6:
            if eq("source") { return .source }
            if eq("iframe") { return .iframe }
            if eq("object") { return .object }
            if eq("applet") { return .applet }
            if eq("script") { return .script }
            if eq("option") { return .option }
            if eq("ilayer") { return .layer }
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
            if eq("template") { return .scopeBoundary }
        case 10:
            if eq("blockquote") || eq("figcaption") { return .block }
        default:
            break
        }
        return .other
    }

    static func attribute(_ input: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, namespace: HTMLNamespace) -> AttributeName {
        let count = range.count
        guard count >= 2 && count <= 12 else { return .other }
        func eq(_ literal: StaticString) -> Bool { bytesEqual(input, range, literal) }
        if count == 2 { return eq("id") ? .id : .other }
        switch asciiLower(input[range.lowerBound]) {
        case 0x61:  // a
            if eq("alt") { return .alt }
            if eq("archive") { return .archive }
        case 0x62:  // b
            if eq("background") { return .background }
        case 0x63:  // c
            if eq("content") { return .content }
            if eq("class") { return .classAttribute }
            if eq("controls") { return .controls }
            if eq("code") { return .code }
            if eq("codebase") { return .codebase }
            if namespace != .html && (eq("cursor") || eq("clip-path")) { return .presentation }
        case 0x64:  // d
            if eq("data") { return .data }
            if eq("dynsrc") { return .dynsrc }
        case 0x66:  // f
            if namespace != .html && (eq("fill") || eq("filter")) { return .presentation }
        case 0x68:  // h
            if eq("href") { return .href }
            if eq("height") { return .height }
            if eq("hidden") { return .hidden }
            if eq("http-equiv") { return .httpEquiv }
        case 0x69:  // i
            if eq("imagesrcset") { return .imagesrcset }
        case 0x6C:  // l
            if eq("lowsrc") { return .lowsrc }
        case 0x6D:  // m
            if eq("manifest") { return .manifest }
            if eq("media") { return .media }
            if namespace != .html && (eq("mask") || eq("marker-start") || eq("marker-mid") || eq("marker-end")) {
                return .presentation
            }
        case 0x6F:  // o
            if eq("o:href") { return .oHref }
        case 0x70:  // p
            if eq("ping") { return .ping }
            if eq("poster") { return .poster }
            if eq("preload") { return .preload }
        case 0x72:  // r
            if eq("rel") { return .rel }
        case 0x73:  // s
            if eq("src") { return .src }
            if eq("style") { return .style }
            if eq("srcset") { return .srcset }
            if eq("srcdoc") { return .srcdoc }
            if namespace != .html && eq("stroke") { return .presentation }
        case 0x74:  // t
            if eq("type") { return .type }
        case 0x77:  // w
            if eq("width") { return .width }
        case 0x78:  // x
            if eq("xlink:href") { return .xlinkHref }
        default:
            break
        }
        return .other
    }
}
