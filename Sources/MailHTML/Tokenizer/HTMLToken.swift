/// One token produced by `HTMLTokenizer`, with the byte span it came from.
///
/// Tokens hold byte ranges into the tokenizer's input rather than copies of it, so a
/// rewriter can copy unchanged tokens byte for byte. Decoded forms (character references
/// resolved, NUL and CR handled as the WHATWG tokenizer does) are computed on demand by
/// the `…(in:)` accessors, which take the same input the tokenizer was given.
///
/// Bytes that produce no token (`</>`, a tag cut off by the end of input) belong to no
/// token's `range`; callers that copy input through should copy the gaps verbatim.
public enum HTMLToken: Sendable, Equatable {
    case startTag(HTMLStartTag)
    case endTag(HTMLEndTag)
    case comment(HTMLComment)
    case doctype(HTMLDoctype)
    /// A run of character data (never empty).
    case text(HTMLText)
    /// A `<![CDATA[…]]>` section, recognised only in foreign (SVG or MathML) content.
    case cdata(HTMLCDATA)
    /// The end of the input; `at` is the input length. Emitted once, last.
    case endOfFile(at: Int)

    /// The bytes this token was made from.
    public var range: Range<Int> {
        switch self {
        case .startTag(let tag): tag.range
        case .endTag(let tag): tag.range
        case .comment(let comment): comment.range
        case .doctype(let doctype): doctype.range
        case .text(let text): text.range
        case .cdata(let cdata): cdata.range
        case .endOfFile(let at): at..<at
        }
    }
}

/// The namespace an element is created in, as far as the tokenizer's tree-state
/// simulation can tell (always `.html` when the simulation is off).
public enum HTMLNamespace: UInt8, Sendable, Equatable {
    case html
    case svg
    case mathML
}

/// A start tag such as `<img src=x>`.
public struct HTMLStartTag: Sendable, Equatable {
    /// The whole tag, from `<` through `>`.
    public var range: Range<Int>
    /// The tag name, ASCII-lowercased, NUL replaced by U+FFFD (`"image"` stays `"image"`;
    /// see `loadsAsImage`).
    public var name: String
    /// The raw bytes of the name.
    public var nameRange: Range<Int>
    /// Attributes in source order; a later duplicate of a name is dropped (its bytes stay
    /// inside `range`).
    public var attributes: [HTMLAttribute]
    /// Whether the tag ended in `/>`.
    public var selfClosing: Bool
    /// The namespace the element is created in (tree-state simulation only).
    public var namespace: HTMLNamespace

    public init(
        range: Range<Int>, name: String, nameRange: Range<Int>,
        attributes: [HTMLAttribute], selfClosing: Bool, namespace: HTMLNamespace = .html
    ) {
        self.range = range
        self.name = name
        self.nameRange = nameRange
        self.attributes = attributes
        self.selfClosing = selfClosing
        self.namespace = namespace
    }

    /// The first attribute with this (lowercase) name.
    public func attribute(named name: String) -> HTMLAttribute? {
        for attribute in attributes where attribute.name == name { return attribute }
        return nil
    }

    /// Whether this element fetches an image the way `<img>` does.
    ///
    /// HTML renames `<image>` to `<img>` while building the tree, and SVG's `<image>`
    /// loads its `href` too, so both names count in every namespace.
    public var loadsAsImage: Bool { name == "img" || name == "image" }
}

/// An end tag such as `</div>`. Attributes and `/` in end tags are parsed and dropped,
/// as browsers do.
public struct HTMLEndTag: Sendable, Equatable {
    /// The whole tag, from `<` through `>`.
    public var range: Range<Int>
    /// The tag name, ASCII-lowercased, NUL replaced by U+FFFD.
    public var name: String
    /// The raw bytes of the name.
    public var nameRange: Range<Int>

    public init(range: Range<Int>, name: String, nameRange: Range<Int>) {
        self.range = range
        self.name = name
        self.nameRange = nameRange
    }
}

/// The quote character around an attribute value.
public enum HTMLAttributeQuote: UInt8, Sendable, Equatable {
    case none = 0
    case double = 0x22
    case single = 0x27
}

/// One attribute of a start tag.
public struct HTMLAttribute: Sendable, Equatable {
    /// The attribute name, ASCII-lowercased, NUL replaced by U+FFFD.
    public var name: String
    /// The raw bytes of the name.
    public var nameRange: Range<Int>
    /// The raw value bytes: between the quotes, or the unquoted value; `nil` when the
    /// attribute has no `=` value at all (`<input disabled>`).
    public var valueRange: Range<Int>?
    /// The quote around the value (`.none` also when there is no value).
    public var quote: HTMLAttributeQuote
    /// From the first byte of the name through the closing quote (or the last value
    /// byte, or the last name byte).
    public var range: Range<Int>

    public init(
        name: String, nameRange: Range<Int>, valueRange: Range<Int>?,
        quote: HTMLAttributeQuote, range: Range<Int>
    ) {
        self.name = name
        self.nameRange = nameRange
        self.valueRange = valueRange
        self.quote = quote
        self.range = range
    }

    /// The decoded value as UTF-8 bytes (empty when there is no value).
    ///
    /// Character references are resolved with the attribute-value rules, including the
    /// legacy rule that leaves `&amp` alone when followed by `=` or an alphanumeric;
    /// NUL becomes U+FFFD and CR / CRLF become LF.
    public func valueBytes(in input: [UInt8]) -> [UInt8] {
        guard let valueRange else { return [] }
        return input.withUnsafeBufferPointer { buffer in
            HTMLDecoding.decode(buffer, valueRange, mode: .attributeValue)
        }
    }

    /// The decoded value as a String (see `valueBytes(in:)`).
    public func value(in input: [UInt8]) -> String {
        guard let valueRange else { return "" }
        return input.withUnsafeBufferPointer { buffer in
            if HTMLDecoding.isVerbatim(buffer, valueRange, mode: .attributeValue) {
                return String(decoding: UnsafeBufferPointer(rebasing: buffer[valueRange]), as: UTF8.self)
            }
            return String(decoding: HTMLDecoding.decode(buffer, valueRange, mode: .attributeValue), as: UTF8.self)
        }
    }
}

/// A comment, including bogus comments (`<?…>`, `<!…>`, `</ …>`).
public struct HTMLComment: Sendable, Equatable {
    /// The whole comment.
    public var range: Range<Int>
    /// The raw comment text (between `<!--` and `-->`, or the bogus comment's body).
    public var dataRange: Range<Int>

    public init(range: Range<Int>, dataRange: Range<Int>) {
        self.range = range
        self.dataRange = dataRange
    }

    /// The comment text with NUL replaced by U+FFFD and CR / CRLF turned into LF.
    public func data(in input: [UInt8]) -> String {
        input.withUnsafeBufferPointer { buffer in
            String(decoding: HTMLDecoding.decode(buffer, dataRange, mode: .replacingNUL), as: UTF8.self)
        }
    }

    /// As `data(in:)`, as UTF-8 bytes.
    public func dataBytes(in input: [UInt8]) -> [UInt8] {
        input.withUnsafeBufferPointer { buffer in
            HTMLDecoding.decode(buffer, dataRange, mode: .replacingNUL)
        }
    }
}

/// A `<!DOCTYPE …>`; its fields are decoded eagerly (doctypes are rare).
public struct HTMLDoctype: Sendable, Equatable {
    public var range: Range<Int>
    public var name: String?
    public var publicIdentifier: String?
    public var systemIdentifier: String?
    public var forceQuirks: Bool

    public init(
        range: Range<Int>, name: String?, publicIdentifier: String?,
        systemIdentifier: String?, forceQuirks: Bool
    ) {
        self.range = range
        self.name = name
        self.publicIdentifier = publicIdentifier
        self.systemIdentifier = systemIdentifier
        self.forceQuirks = forceQuirks
    }
}

/// How a run of text is decoded, which depends on the tokenizer state it came from.
public enum HTMLTextKind: UInt8, Sendable, Equatable {
    /// Ordinary markup content: character references resolve; NUL stays U+0000.
    case data
    /// `<title>`, `<textarea>`: character references resolve; NUL becomes U+FFFD.
    case rcdata
    /// `<style>`, `<xmp>`, `<iframe>`, `<noembed>`, `<noframes>`: raw; NUL becomes U+FFFD.
    case rawText
    /// `<script>`: raw; NUL becomes U+FFFD.
    case scriptData
    /// After `<plaintext>`: raw to the end; NUL becomes U+FFFD.
    case plainText
}

/// A run of character data.
public struct HTMLText: Sendable, Equatable {
    public var range: Range<Int>
    public var kind: HTMLTextKind

    public init(range: Range<Int>, kind: HTMLTextKind) {
        self.range = range
        self.kind = kind
    }

    /// The text as the browser sees it (see `HTMLTextKind`), CR / CRLF turned into LF.
    public func text(in input: [UInt8]) -> String {
        String(decoding: textBytes(in: input), as: UTF8.self)
    }

    /// As `text(in:)`, as UTF-8 bytes.
    public func textBytes(in input: [UInt8]) -> [UInt8] {
        input.withUnsafeBufferPointer { buffer in
            HTMLDecoding.decode(buffer, range, mode: decodingMode)
        }
    }

    /// As `textBytes(in:)`, appended to `output`.
    func appendTextBytes(in input: UnsafeBufferPointer<UInt8>, to output: inout [UInt8]) {
        HTMLDecoding.decode(input, range, mode: decodingMode, appendingTo: &output)
    }

    private var decodingMode: HTMLDecoding.Mode {
        switch kind {
        case .data: .text
        case .rcdata: .rcdata
        case .rawText, .scriptData, .plainText: .replacingNUL
        }
    }
}

/// A CDATA section in foreign content.
public struct HTMLCDATA: Sendable, Equatable {
    /// From `<![CDATA[` through `]]>` (or the end of input).
    public var range: Range<Int>
    /// The section's content.
    public var dataRange: Range<Int>

    public init(range: Range<Int>, dataRange: Range<Int>) {
        self.range = range
        self.dataRange = dataRange
    }

    /// The content, CR / CRLF turned into LF (no other decoding applies).
    public func textBytes(in input: [UInt8]) -> [UInt8] {
        input.withUnsafeBufferPointer { buffer in
            HTMLDecoding.decode(buffer, dataRange, mode: .raw)
        }
    }
}

// MARK: - Tokens without strings

/// A tag as the tokenizer reads it: ranges and a name key, no String (see
/// `HTMLTokenizer.nextRaw()`).
struct RawTag: Sendable {
    var range: Range<Int>
    var nameRange: Range<Int>
    var key: NameKey
    var selfClosing: Bool
    var namespace: HTMLNamespace
    /// What the rewriter takes the element for; set by a tokenizer that simulates the tree
    /// (`.other` otherwise, and for end tags).
    var kind: ElementKind = .other
}

/// An attribute as the tokenizer reads it (see `HTMLAttribute` for the fields).
struct RawAttribute: Sendable {
    var key: NameKey
    var nameRange: Range<Int>
    var valueRange: Range<Int>?
    var quote: HTMLAttributeQuote
    var range: Range<Int>
    /// What the rewriter reads it as, in SVG (where the most names count); set only by a
    /// tokenizer that `keepsOnlyReadAttributes`, which classifies every name anyway.
    var known: AttributeName = .other

    /// The decoded value as UTF-8 bytes (empty when there is no value).
    func valueBytes(in input: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        guard let valueRange else { return [] }
        return HTMLDecoding.decode(input, valueRange, mode: .attributeValue)
    }

    /// As `valueBytes(in:)`, appended to `output`.
    func appendValueBytes(in input: UnsafeBufferPointer<UInt8>, to output: inout [UInt8]) {
        guard let valueRange else { return }
        HTMLDecoding.decode(input, valueRange, mode: .attributeValue, appendingTo: &output)
    }
}

/// `HTMLToken` with tags as `RawTag`; a start tag's attributes stay in the tokenizer.
/// Holds no references, so it copies as plain bytes.
enum RawToken: Sendable {
    case startTag(RawTag)
    case endTag(RawTag)
    case comment(HTMLComment)
    /// The doctype's range; `next()` reports its fields.
    case doctype(Range<Int>)
    case text(HTMLText)
    case cdata(HTMLCDATA)
    case endOfFile(at: Int)
}
