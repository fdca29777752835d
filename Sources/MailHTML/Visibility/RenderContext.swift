/// The renderings a message is judged in: what a reader could see on one of them counts.
///
/// Media queries are evaluated over a range of viewport widths, not one width, so a rule
/// for "phones up to 340 px" is "maybe" on a phone rather than false.
public enum RenderContext: Int, CaseIterable, Sendable {
    /// A desktop or webmail window, 600 to 1000 CSS px wide.
    case desktop
    /// A phone, 320 to 480 CSS px wide.
    case phone
    /// Outlook for Windows (Word's engine): sees markup in downlevel-hidden conditional
    /// comments, honours `mso-hide: all`, ignores `@media` rules.
    case outlook

    /// Viewport widths the context spans, for width media features.
    var widths: ClosedRange<Double> {
        switch self {
        case .desktop, .outlook: 600...1000
        case .phone: 320...480
        }
    }

    public var label: String {
        switch self {
        case .desktop: "desktop"
        case .phone: "phone"
        case .outlook: "Outlook"
        }
    }
}

/// A three-valued answer: selectors and media queries the model cannot evaluate are
/// `maybe`, and `maybe` never hides anything.
enum Tri: UInt8, Sendable {
    case no = 0
    case maybe = 1
    case yes = 2

    static func && (a: Tri, b: Tri) -> Tri { Tri(rawValue: min(a.rawValue, b.rawValue))! }
    static func || (a: Tri, b: Tri) -> Tri { Tri(rawValue: max(a.rawValue, b.rawValue))! }
    static prefix func ! (a: Tri) -> Tri { Tri(rawValue: 2 - a.rawValue)! }
}

/// A value for each rendering context, read and written by context.
public protocol RenderContextValues {
    associatedtype Value
    var desktop: Value { get set }
    var phone: Value { get set }
    var outlook: Value { get set }
}

extension RenderContextValues {
    public subscript(_ context: RenderContext) -> Value {
        get {
            switch context {
            case .desktop: desktop
            case .phone: phone
            case .outlook: outlook
            }
        }
        set {
            switch context {
            case .desktop: desktop = newValue
            case .phone: phone = newValue
            case .outlook: outlook = newValue
            }
        }
    }
}

/// One `Tri` per `RenderContext`.
struct ContextTri: RenderContextValues, Sendable, Equatable {
    var desktop: Tri
    var phone: Tri
    var outlook: Tri

    static let always = ContextTri(desktop: .yes, phone: .yes, outlook: .yes)
    static let never = ContextTri(desktop: .no, phone: .no, outlook: .no)

    static func && (a: ContextTri, b: ContextTri) -> ContextTri {
        ContextTri(desktop: a.desktop && b.desktop, phone: a.phone && b.phone, outlook: a.outlook && b.outlook)
    }
    static func || (a: ContextTri, b: ContextTri) -> ContextTri {
        ContextTri(desktop: a.desktop || b.desktop, phone: a.phone || b.phone, outlook: a.outlook || b.outlook)
    }
    static prefix func ! (a: ContextTri) -> ContextTri {
        ContextTri(desktop: !a.desktop, phone: !a.phone, outlook: !a.outlook)
    }
}

/// Media query lists (`@media` preludes, `media` attributes), evaluated per context.
enum MediaQueries {
    /// Evaluates the media query list in `range` of `bytes`. An empty list is all media.
    /// Outlook ignores `@media` blocks, so inside one it is `no` (`attribute` lists, on
    /// `<style media>`, are treated like the others).
    static func evaluate(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> ContextTri {
        var tokenizer = CSSTokenizer(bytes, range: range)
        var queries: [[CSSToken]] = [[]]
        var depth = 0
        while true {
            let token = tokenizer.next()
            if token.kind == .endOfFile { break }
            switch token.kind {
            case .openParen, .function, .openSquare: depth += 1
            case .closeParen, .closeSquare: depth = max(0, depth - 1)
            default: break
            }
            if token.kind == .comma && depth == 0 {
                queries.append([])
            } else if token.kind != .whitespace {
                queries[queries.count - 1].append(token)
            }
        }
        if queries.count == 1 && queries[0].isEmpty {
            return ContextTri(desktop: .yes, phone: .yes, outlook: .no)
        }
        var result = ContextTri.never
        for query in queries {
            result = result || evaluateQuery(bytes, query)
        }
        result.outlook = .no
        return result
    }

    /// One query: `[not|only] type [and (feature)]*` or `(feature) [and (feature)]*`.
    static func evaluateQuery(_ bytes: UnsafeBufferPointer<UInt8>, _ tokens: [CSSToken]) -> ContextTri {
        guard !tokens.isEmpty else { return .never }  // an empty query in a list is not all
        var index = 0
        var negate = false
        var result = ContextTri.always
        func ident(_ token: CSSToken, _ name: StaticString) -> Bool {
            token.kind == .ident && CSSDecoding.nameEquals(bytes, token.valueRange, hasEscape: token.hasEscape, name)
        }
        if ident(tokens[0], "not") {
            negate = true
            index = 1
        } else if ident(tokens[0], "only") {
            index = 1
        }
        if index < tokens.count && tokens[index].kind == .ident {
            let type = tokens[index]
            if ident(type, "all") || ident(type, "screen") {
                result = .always
            } else {
                // print, speech, and the retired types match no screen.
                result = .never
            }
            index += 1
        }
        while index < tokens.count {
            let token = tokens[index]
            if ident(token, "and") {
                index += 1
                continue
            }
            if token.kind == .openParen {
                var end = index + 1
                var depth = 1
                while end < tokens.count {
                    if tokens[end].kind == .openParen || tokens[end].kind == .function { depth += 1 }
                    if tokens[end].kind == .closeParen {
                        depth -= 1
                        if depth == 0 { break }
                    }
                    end += 1
                }
                result = result && feature(bytes, Array(tokens[(index + 1)..<min(end, tokens.count)]))
                index = end + 1
                continue
            }
            // `or`, `not (…)` inside, functions: not evaluated.
            result = result && ContextTri(desktop: .maybe, phone: .maybe, outlook: .maybe)
            index += 1
        }
        return negate ? !result : result
    }

    /// One `(name: value)` feature. Width features are compared with each context's
    /// range of widths; every other feature is `maybe`.
    static func feature(_ bytes: UnsafeBufferPointer<UInt8>, _ tokens: [CSSToken]) -> ContextTri {
        let maybe = ContextTri(desktop: .maybe, phone: .maybe, outlook: .maybe)
        guard tokens.count == 3, tokens[0].kind == .ident, tokens[1].kind == .colon,
            let value = length(bytes, tokens[2])
        else { return maybe }
        let name = tokens[0]
        func eq(_ literal: StaticString) -> Bool {
            CSSDecoding.nameEquals(bytes, name.valueRange, hasEscape: name.hasEscape, literal)
        }
        enum Comparison { case max, min, exact }
        let comparison: Comparison
        if eq("max-width") || eq("max-device-width") {
            comparison = .max
        } else if eq("min-width") || eq("min-device-width") {
            comparison = .min
        } else if eq("width") || eq("device-width") {
            comparison = .exact
        } else {
            return maybe
        }
        var result = ContextTri.never
        for context in RenderContext.allCases {
            let widths = context.widths
            let answer: Tri
            switch comparison {
            case .max: answer = widths.upperBound <= value ? .yes : widths.lowerBound > value ? .no : .maybe
            case .min: answer = widths.lowerBound >= value ? .yes : widths.upperBound < value ? .no : .maybe
            case .exact: answer = widths.contains(value) ? .maybe : .no
            }
            result[context] = answer
        }
        return result
    }

    /// A length in CSS px (`px`, unitless, `em`/`rem` at 16 px, `pt`); nil otherwise.
    static func length(_ bytes: UnsafeBufferPointer<UInt8>, _ token: CSSToken) -> Double? {
        switch token.kind {
        case .number:
            return InlineStyleReader.number(bytes, token.numberRange)
        case .dimension:
            let number = InlineStyleReader.number(bytes, token.numberRange)
            let unit = token.valueRange
            func eq(_ literal: StaticString) -> Bool {
                CSSDecoding.nameEquals(bytes, unit, hasEscape: token.hasEscape, literal)
            }
            if eq("px") { return number }
            if eq("em") || eq("rem") { return number * 16 }
            if eq("pt") { return number * 4 / 3 }
            return nil
        default:
            return nil
        }
    }
}
