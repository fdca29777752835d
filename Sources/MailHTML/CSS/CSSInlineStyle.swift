#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What an element's own `style` attribute says about its size and visibility.
///
/// A light reader for heuristics, not a cascade: later declarations win unless an
/// earlier one is `!important`; lengths count in CSS pixels when they are `px`, `pt` or
/// unitless, and are `nil` otherwise (percentages, `em`, `auto`).
public struct CSSInlineStyle: Sendable, Equatable {
    public var width: Double?
    public var height: Double?
    public var maxWidth: Double?
    public var maxHeight: Double?
    public var displayNone = false
    /// `visibility: hidden` or `collapse`.
    public var visibilityHidden = false
    /// `opacity` at or below 0.01.
    public var opacityZero = false
    /// `overflow`, `overflow-x` or `overflow-y` is `hidden` (or `clip`).
    public var overflowHidden = false
    /// Absolutely or fixed positioned at least 500px outside the page.
    public var offScreen = false
    /// Outlook's `mso-hide: all`.
    public var msoHideAll = false
    /// `font-size: 0` (hides text, not images).
    public var fontSizeZero = false

    public init() {}

    /// Whether this style makes the element and everything in it invisible.
    public var hidesContent: Bool {
        if displayNone || visibilityHidden || opacityZero || offScreen || msoHideAll { return true }
        guard overflowHidden else { return false }
        for size in [width, height, maxWidth, maxHeight] where size == 0 { return true }
        return false
    }

    /// Whether the raw declaration list in `range` could hide its element at all: it must
    /// declare `display`, `visibility`, `opacity`, `overflow`, `position` or `mso-hide`, or
    /// hold an escape, character reference or comment that could hide one. Most inline
    /// styles do not, and skip the full read.
    public static func mayHide(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        mayDeclare(bytes, range, where: hidingProperty)
    }

    /// Whether the raw declaration list in `range` could declare anything the visibility
    /// model reads: a hiding property, a size or a maximum size.
    public static func mayAffectVisibility(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        mayDeclare(bytes, range) { bytes, name in
            hidingProperty(bytes, name) || CSSDecoding.nameEquals(bytes, name, hasEscape: false, "width")
                || CSSDecoding.nameEquals(bytes, name, hasEscape: false, "height")
                || CSSDecoding.nameEquals(bytes, name, hasEscape: false, "max-width")
                || CSSDecoding.nameEquals(bytes, name, hasEscape: false, "max-height")
        }
    }

    /// Whether the raw declaration list in `range` could set `width` or `height` (the
    /// only facts a size check needs), by the same test as `mayHide`.
    public static func maySetSize(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        mayDeclare(bytes, range) { bytes, name in
            CSSDecoding.nameEquals(bytes, name, hasEscape: false, "width")
                || CSSDecoding.nameEquals(bytes, name, hasEscape: false, "height")
        }
    }

    /// Whether some declaration's name, read as the letters, digits, `-` and `_` before a
    /// colon, satisfies `matches`; true as well for escapes, character references and
    /// comments, which could spell or hide a name.
    static func mayDeclare(
        _ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>,
        where matches: (UnsafeBufferPointer<UInt8>, Range<Int>) -> Bool
    ) -> Bool {
        let lower = max(0, range.lowerBound)
        let upper = min(bytes.count, range.upperBound)
        guard lower < upper, let base = bytes.baseAddress else { return false }
        if memchr(base + lower, 0x5C, upper - lower) != nil || memchr(base + lower, 0x26, upper - lower) != nil {
            return true
        }
        var slash = lower
        while let hit = memchr(base + slash, 0x2F, upper - slash) {
            let at = UnsafeRawPointer(hit) - UnsafeRawPointer(base)
            if at + 1 < upper && bytes[at + 1] == 0x2A { return true }
            slash = at + 1
        }
        var index = lower
        while index < upper, let hit = memchr(base + index, 0x3A, upper - index) {
            let colon = UnsafeRawPointer(hit) - UnsafeRawPointer(base)
            var end = colon
            while end > lower && isWhitespace(bytes[end - 1]) { end -= 1 }
            var start = end
            while start > lower && isNameByte(bytes[start - 1]) { start -= 1 }
            if matches(bytes, start..<end) { return true }
            index = colon + 1
        }
        return false
    }

    @inline(__always) static func isNameByte(_ byte: UInt8) -> Bool {
        let lower = byte | 0x20
        return (lower >= 0x61 && lower <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x2D || byte == 0x5F
    }

    /// `display`, `visibility`, `opacity`, `overflow(-x|-y)`, `position` or `mso-hide`.
    static func hidingProperty(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        func eq(_ name: StaticString) -> Bool { CSSDecoding.nameEquals(bytes, range, hasEscape: false, name) }
        switch range.count {
        case 7: return eq("display") || eq("opacity")
        case 8: return eq("overflow") || eq("position") || eq("mso-hide")
        case 10: return eq("visibility") || eq("overflow-x") || eq("overflow-y")
        default: return false
        }
    }

    /// Reads a declaration list (a `style` attribute value).
    public init(_ bytes: [UInt8]) {
        self = bytes.withUnsafeBufferPointer { CSSInlineStyle(reading: $0, range: 0..<$0.count) }
    }

    /// Reads the declaration list in `range` of `bytes`.
    public init(reading bytes: UnsafeBufferPointer<UInt8>, range: Range<Int>) {
        var reader = InlineStyleReader(tokenizer: CSSTokenizer(bytes, range: range))
        reader.read()
        self = reader.result()
    }
}

/// Walks declarations and keeps the few properties `CSSInlineStyle` reports.
struct InlineStyleReader {
    var tokenizer: CSSTokenizer
    /// Pass over plain values of unread properties in one scan (off only to test that the
    /// scan reads what the tokens would).
    var skipsPlainValues = true
    /// One slot per `Property`, inline: a style is read per image, and a heap array per
    /// read showed in profiles.
    var slots = InlineArray<20, Slot>(repeating: Slot())

    struct Slot {
        var value: Value = .none
        var important = false
        var set = false
    }

    enum Value: Equatable {
        case none
        case length(Double)
        case keyword(Keyword)
        case number(Double)
        case other
    }

    enum Keyword: Equatable {
        case none, hidden, collapse, clip, absolute, fixed, all, other
    }

    enum Property: Int, CaseIterable {
        case width, height, maxWidth, maxHeight, display, visibility, opacity, overflow, overflowX,
            overflowY, position, left, top, right, bottom, msoHide, fontSize, marginLeft, marginTop,
            textIndent
    }

    var bytes: UnsafeBufferPointer<UInt8> { tokenizer.bytes }

    static func property(_ bytes: UnsafeBufferPointer<UInt8>, _ token: CSSToken) -> Property? {
        let range = token.valueRange
        let escaped = token.hasEscape
        func eq(_ name: StaticString) -> Bool { CSSDecoding.nameEquals(bytes, range, hasEscape: escaped, name) }
        if !escaped {
            // Cheap dispatch on length and first letter before comparing names.
            guard range.count >= 3 && range.count <= 11 else { return nil }
            switch (range.count, CSSDecoding.lowercase(bytes[range.lowerBound])) {
            case (5, 0x77): return eq("width") ? .width : nil
            case (6, 0x68): return eq("height") ? .height : nil
            case (9, 0x6D): return eq("max-width") ? .maxWidth : nil
            case (8, 0x6D): return eq("mso-hide") ? .msoHide : nil
            case (10, 0x6D): return eq("max-height") ? .maxHeight : eq("margin-top") ? .marginTop : nil
            case (11, 0x6D): return eq("margin-left") ? .marginLeft : nil
            case (7, 0x64): return eq("display") ? .display : nil
            case (10, 0x76): return eq("visibility") ? .visibility : nil
            case (7, 0x6F): return eq("opacity") ? .opacity : nil
            case (8, 0x6F): return eq("overflow") ? .overflow : nil
            case (10, 0x6F): return eq("overflow-x") ? .overflowX : eq("overflow-y") ? .overflowY : nil
            case (8, 0x70): return eq("position") ? .position : nil
            case (4, 0x6C): return eq("left") ? .left : nil
            case (3, 0x74): return eq("top") ? .top : nil
            case (5, 0x72): return eq("right") ? .right : nil
            case (6, 0x62): return eq("bottom") ? .bottom : nil
            case (9, 0x66): return eq("font-size") ? .fontSize : nil
            case (11, 0x74): return eq("text-indent") ? .textIndent : nil
            default: return nil
            }
        }
        if eq("width") { return .width }
        if eq("height") { return .height }
        if eq("max-width") { return .maxWidth }
        if eq("max-height") { return .maxHeight }
        if eq("display") { return .display }
        if eq("visibility") { return .visibility }
        if eq("opacity") { return .opacity }
        if eq("overflow") { return .overflow }
        if eq("overflow-x") { return .overflowX }
        if eq("overflow-y") { return .overflowY }
        if eq("position") { return .position }
        if eq("left") { return .left }
        if eq("top") { return .top }
        if eq("right") { return .right }
        if eq("bottom") { return .bottom }
        if eq("mso-hide") { return .msoHide }
        if eq("font-size") { return .fontSize }
        if eq("margin-left") { return .marginLeft }
        if eq("margin-top") { return .marginTop }
        if eq("text-indent") { return .textIndent }
        return nil
    }

    mutating func read() {
        while true {
            var token = tokenizer.next()
            while token.kind == .whitespace || token.kind == .semicolon { token = tokenizer.next() }
            if token.kind == .endOfFile { return }
            var property: Property?
            if token.kind == .ident {
                var colon = tokenizer.next()
                while colon.kind == .whitespace { colon = tokenizer.next() }
                if colon.kind == .colon {
                    property = Self.property(bytes, token)
                    // Most declarations of a style attribute are of properties not read
                    // here (font, color, padding): their values are passed over in one scan
                    // when they are plain, instead of token by token.
                    if property == nil && skipsPlainValues && tokenizer.skipPlainDeclarationValue() { continue }
                } else if colon.kind == .endOfFile {
                    return
                } else if colon.kind == .semicolon {
                    continue
                }
            }
            // The value: the first significant token, `!important`, and whether more
            // tokens follow (a multi-token value is `other`).
            var first: CSSToken?
            var count = 0
            var important = false
            var nesting = CSSNesting()
            var sawBang = false
            // None of the properties read here takes a URL or a string: a browser drops such
            // a declaration (`width: url(…)`), so it sets nothing (read as an unknown size,
            // it kept a 1x1 image as maybe sized up, until the cleaner removed its URL).
            var invalid = false
            while true {
                let value = tokenizer.next()
                if value.kind == .endOfFile { break }
                if nesting.isEmpty && value.kind == .semicolon { break }
                if value.kind == .whitespace { continue }
                switch value.kind {
                case .url, .badURL, .string, .badString: invalid = true
                case .function where CSSDecoding.nameEquals(bytes, value.valueRange, hasEscape: value.hasEscape, "url"):
                    invalid = true
                default: break
                }
                nesting.read(value.kind)
                if value.kind == .delim && bytes[value.start] == 0x21 && nesting.isEmpty {
                    sawBang = true
                    continue
                }
                if sawBang && value.kind == .ident
                    && CSSDecoding.nameEquals(bytes, value.valueRange, hasEscape: value.hasEscape, "important")
                {
                    important = true
                    continue
                }
                if first == nil { first = value }
                count += 1
            }
            guard let property, let first, !invalid else { continue }
            let parsed = count == 1 ? Self.parseValue(first, tokenizer.bytes) : .other
            let slot = slots[property.rawValue]
            if slot.set && slot.important && !important { continue }
            slots[property.rawValue] = Slot(value: parsed, important: important, set: true)
        }
    }

    /// Static: as a method called from the mutating `read`, it copied the whole reader (360
    /// bytes) for every declaration.
    static func parseValue(_ token: CSSToken, _ bytes: UnsafeBufferPointer<UInt8>) -> Value {
        switch token.kind {
        case .number:
            return .number(Self.number(bytes, token.numberRange))
        case .dimension:
            let number = Self.number(bytes, token.numberRange)
            let unit = token.valueRange
            let escaped = token.hasEscape
            if CSSDecoding.nameEquals(bytes, unit, hasEscape: escaped, "px") { return .length(number) }
            if CSSDecoding.nameEquals(bytes, unit, hasEscape: escaped, "pt") { return .length(number * 4 / 3) }
            if CSSDecoding.nameEquals(bytes, unit, hasEscape: escaped, "em")
                || CSSDecoding.nameEquals(bytes, unit, hasEscape: escaped, "rem")
            {
                // Only used for off-screen offsets, where the exact font size does not matter.
                return number == 0 ? .length(0) : .other
            }
            return number == 0 ? .length(0) : .other
        case .percentage:
            let number = Self.number(bytes, token.numberRange)
            return number == 0 ? .length(0) : .other
        case .ident:
            let range = token.valueRange
            let escaped = token.hasEscape
            func eq(_ name: StaticString) -> Bool { CSSDecoding.nameEquals(bytes, range, hasEscape: escaped, name) }
            if eq("none") { return .keyword(.none) }
            if eq("hidden") { return .keyword(.hidden) }
            if eq("collapse") { return .keyword(.collapse) }
            if eq("clip") { return .keyword(.clip) }
            if eq("absolute") { return .keyword(.absolute) }
            if eq("fixed") { return .keyword(.fixed) }
            if eq("all") { return .keyword(.all) }
            return .keyword(.other)
        default:
            return .other
        }
    }

    /// Offsets in em count too, at a nominal 16px (enough to tell "far off-screen").
    func offset(_ property: Property) -> Double? {
        switch slots[property.rawValue].value {
        case .length(let value): return value
        case .number(let value): return value
        default: return nil
        }
    }

    func length(_ property: Property) -> Double? {
        switch slots[property.rawValue].value {
        case .length(let value): return value
        // Unitless lengths are honoured in quirks mode, which most mail renders in.
        case .number(let value): return value
        default: return nil
        }
    }

    func keyword(_ property: Property) -> Keyword? {
        if case .keyword(let keyword) = slots[property.rawValue].value { return keyword }
        return nil
    }

    func result() -> CSSInlineStyle {
        var style = CSSInlineStyle()
        style.width = length(.width)
        style.height = length(.height)
        style.maxWidth = length(.maxWidth)
        style.maxHeight = length(.maxHeight)
        style.displayNone = keyword(.display) == Keyword.none
        let visibility = keyword(.visibility)
        style.visibilityHidden = visibility == .hidden || visibility == .collapse
        if case .number(let opacity) = slots[Property.opacity.rawValue].value { style.opacityZero = opacity <= 0.01 }
        if case .length(0) = slots[Property.opacity.rawValue].value { style.opacityZero = true }
        for property in [Property.overflow, .overflowX, .overflowY] {
            let value = keyword(property)
            if value == .hidden || value == .clip { style.overflowHidden = true }
        }
        let position = keyword(.position)
        if position == .absolute || position == .fixed {
            for property in [Property.left, .top, .right, .bottom, .marginLeft, .marginTop] {
                if let value = offset(property), value <= -500 { style.offScreen = true }
            }
        }
        style.msoHideAll = keyword(.msoHide) == .all
        if let size = length(.fontSize), size == 0 { style.fontSizeZero = true }
        return style
    }

    /// Parses the bytes of a CSS number (§4.3.12) without allocating.
    static func number(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Double {
        var i = range.lowerBound
        let end = range.upperBound
        var sign = 1.0
        if i < end && (bytes[i] == 0x2B || bytes[i] == 0x2D) {
            if bytes[i] == 0x2D { sign = -1 }
            i += 1
        }
        var value = 0.0
        while i < end && bytes[i] >= 0x30 && bytes[i] <= 0x39 {
            value = value * 10 + Double(bytes[i] - 0x30)
            i += 1
        }
        if i < end && bytes[i] == 0x2E {
            i += 1
            var scale = 0.1
            while i < end && bytes[i] >= 0x30 && bytes[i] <= 0x39 {
                value += Double(bytes[i] - 0x30) * scale
                scale /= 10
                i += 1
            }
        }
        if i < end && (bytes[i] == 0x45 || bytes[i] == 0x65) {
            i += 1
            var exponentSign = 1.0
            if i < end && (bytes[i] == 0x2B || bytes[i] == 0x2D) {
                if bytes[i] == 0x2D { exponentSign = -1 }
                i += 1
            }
            var exponent = 0.0
            while i < end && bytes[i] >= 0x30 && bytes[i] <= 0x39 && exponent < 10_000 {
                exponent = exponent * 10 + Double(bytes[i] - 0x30)
                i += 1
            }
            value *= pow10(exponentSign * exponent)
        }
        return sign * value
    }

    static func pow10(_ exponent: Double) -> Double {
        if exponent > 308 { return .infinity }
        if exponent < -323 { return 0 }
        var result = 1.0
        var remaining = abs(exponent)
        while remaining >= 1 {
            result *= 10
            remaining -= 1
        }
        return exponent < 0 ? 1 / result : result
    }
}
