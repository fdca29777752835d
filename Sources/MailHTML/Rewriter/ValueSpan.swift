/// An attribute value or a run of text, decoded, with a map from decoded offsets back to
/// the raw bytes so that edits made on the decoded form touch only the raw bytes they
/// cover (everything else, character references included, stays byte for byte).
struct ValueSpan {
    /// The whole attribute (`name="value"`), or the whole text token.
    var whole: Range<Int> { Int(wholeBounds.0)..<Int(wholeBounds.1) }
    /// The raw value bytes.
    var raw: Range<Int> { Int(rawBounds.0)..<Int(rawBounds.1) }
    /// Offsets as 32-bit words (inputs are far below 2 GiB): a span is kept per URL
    /// attribute, and a hostile document holds tens of thousands.
    private let wholeBounds: (Int32, Int32)
    private let rawBounds: (Int32, Int32)
    var quote: HTMLAttributeQuote
    /// Text content (encoded with `&amp;` / `&lt;`) rather than an attribute value.
    var isText: Bool
    /// The decoded value; empty when the value is verbatim (its raw bytes are the
    /// decoded value, and are not copied: most URLs in mail are verbatim).
    var decoded: [UInt8]
    /// Where the decoded bytes came from, one piece per run of bytes that decoded to
    /// themselves and one per reference or line break; `nil` when the value is verbatim
    /// (decoded byte `i` is raw byte `raw.lowerBound + i`).
    var pieces: [Piece]?

    /// Decoded bytes from `decoded` up to the next piece came from raw bytes starting at
    /// `raw`: one for one when `isRun`, else all of them from the one reference (or line
    /// break) that starts there.
    init(whole: Range<Int>, raw: Range<Int>, quote: HTMLAttributeQuote, isText: Bool, decoded: [UInt8], pieces: [Piece]?) {
        wholeBounds = (Int32(truncatingIfNeeded: whole.lowerBound), Int32(truncatingIfNeeded: whole.upperBound))
        rawBounds = (Int32(truncatingIfNeeded: raw.lowerBound), Int32(truncatingIfNeeded: raw.upperBound))
        self.quote = quote
        self.isText = isText
        self.decoded = decoded
        self.pieces = pieces
    }

    struct Piece {
        var decoded: Int
        var raw: Int
        var isRun: Bool
    }

    /// True when the raw bytes are the decoded value.
    var isVerbatim: Bool { pieces == nil }

    /// The length of the decoded value.
    var decodedCount: Int { pieces == nil ? raw.count : decoded.count }

    /// The decoded value, copied out of `input` when verbatim.
    func decodedBytes(_ input: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        pieces == nil ? Array(UnsafeBufferPointer(rebasing: input[raw])) : decoded
    }

    /// Part of the decoded value as a String.
    func decodedString(_ input: UnsafeBufferPointer<UInt8>, _ part: Range<Int>? = nil) -> String {
        withDecodedBytes(input, part ?? 0..<decodedCount) { String(decoding: $0, as: UTF8.self) }
    }

    /// Calls `body` with decoded bytes `part`, read where they are (the input, when verbatim).
    func withDecodedBytes<R>(
        _ input: UnsafeBufferPointer<UInt8>, _ part: Range<Int>, _ body: (UnsafeBufferPointer<UInt8>) -> R
    ) -> R {
        if pieces == nil {
            return body(UnsafeBufferPointer(rebasing: input[(raw.lowerBound + part.lowerBound)..<(raw.lowerBound + part.upperBound)]))
        }
        return decoded.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[part])) }
    }

    /// The raw offset for a boundary before decoded index `index` (or at the end).
    func rawOffset(_ index: Int) -> Int {
        if index >= decodedCount { return raw.upperBound }
        guard let pieces else { return raw.lowerBound + index }
        // The last piece that starts at or before `index` (a piece that produced no byte
        // is followed by one that starts at the same place, and that one wins).
        var low = 0
        var high = pieces.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if pieces[middle].decoded <= index { low = middle } else { high = middle - 1 }
        }
        let piece = pieces[low]
        return piece.isRun ? piece.raw + (index - piece.decoded) : piece.raw
    }

    /// Decodes an attribute value (`isText == false`) or data-state text.
    static func make(
        _ input: UnsafeBufferPointer<UInt8>, whole: Range<Int>, raw: Range<Int>, quote: HTMLAttributeQuote,
        isText: Bool
    ) -> ValueSpan {
        let mode: HTMLDecoding.Mode = isText ? .text : .attributeValue
        // Everything before the first byte that decodes to something else is one run: the
        // value is read once up to there (it was read whole to tell, then again to decode).
        let first = HTMLDecoding.firstChange(input, raw, mode: mode)
        let end = raw.upperBound
        if first >= end {
            return ValueSpan(whole: whole, raw: raw, quote: quote, isText: isText, decoded: [], pieces: nil)
        }
        var decoded: [UInt8] = []
        var pieces: [Piece] = []
        decoded.reserveCapacity(raw.count)
        // A URL with a few `&amp;` needs a handful: allocated once for the common case.
        pieces.reserveCapacity(8)
        var index = raw.lowerBound
        if first > index {
            pieces.append(Piece(decoded: 0, raw: index, isRun: true))
            decoded.append(contentsOf: UnsafeBufferPointer(rebasing: input[index..<first]))
            index = first
        }
        while index < end {
            // Copy the run of bytes that decode to themselves in one go (found eight bytes
            // at a time: a URL's runs between its `&amp;`s are tens of bytes long).
            let runStart = index
            index = HTMLDecoding.firstSpecial(input, index..<end, mode: mode)
            if index > runStart {
                pieces.append(Piece(decoded: decoded.count, raw: runStart, isRun: true))
                decoded.append(contentsOf: UnsafeBufferPointer(rebasing: input[runStart..<index]))
                if index == end { break }
            }
            let byte = input[index]
            pieces.append(Piece(decoded: decoded.count, raw: index, isRun: false))
            switch byte {
            case 0x0D:
                decoded.append(0x0A)
                index += 1
                if index < end && input[index] == 0x0A { index += 1 }
            case 0 where !isText:
                decoded += [0xEF, 0xBF, 0xBD]
                index += 1
            case 0x26:
                index = HTMLDecoding.resolveReference(input, at: index, end: end, inAttribute: !isText, into: &decoded)
            default:
                decoded.append(byte)
                index += 1
            }
        }
        return ValueSpan(whole: whole, raw: raw, quote: quote, isText: isText, decoded: decoded, pieces: pieces)
    }

    /// `bytes` escaped for this span's context: `&` always; the quote character in a
    /// quoted attribute; `<` in text. Bytes with nothing to escape (most URLs once their
    /// tracking parameters are gone) come back as they are, without a copy.
    func encode(_ bytes: [UInt8]) -> [UInt8] {
        // By index over the buffer: `firstIndex(where:)` compared through the generic `==`.
        let found = bytes.withUnsafeBufferPointer { b -> Int? in
            var k = 0
            while k < b.count {
                if reference(for: b[k]) != nil { return k }
                k += 1
            }
            return nil
        }
        guard let first = found else { return bytes }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + 8)
        output.append(contentsOf: bytes[..<first])
        for byte in bytes[first...] {
            if let reference = reference(for: byte) {
                output.append(contentsOf: UnsafeBufferPointer(start: reference.utf8Start, count: reference.utf8CodeUnitCount))
            } else {
                output.append(byte)
            }
        }
        return output
    }

    /// The reference `encode` writes for `byte` in this span's context, or nil.
    private func reference(for byte: UInt8) -> StaticString? {
        switch byte {
        case 0x26: return "&amp;"
        case 0x22 where !isText && quote != .single: return "&quot;"
        case 0x27 where !isText && quote == .single: return "&#39;"
        case 0x3C where isText: return "&lt;"
        default: return nil
        }
    }

    /// Whether `bytes` can sit in an unquoted attribute value as they are.
    static func isUnquotedSafe(_ bytes: [UInt8]) -> Bool {
        for byte in bytes {
            switch byte {
            case 0x09, 0x0A, 0x0C, 0x0D, 0x20, 0x22, 0x27, 0x3C, 0x3D, 0x3E, 0x60: return false
            default: continue
            }
        }
        return true
    }

    /// Appends to `out` (the planner's list: no array per span) the byte edits that apply
    /// `edits` (sorted, disjoint, in decoded offsets) to this span, touching only the raw
    /// bytes they cover.
    func appendByteEdits(
        _ edits: [(range: Range<Int>, replacement: [UInt8])], input: UnsafeBufferPointer<UInt8>, to out: inout [ByteEdit]
    ) {
        guard !edits.isEmpty else { return }
        let unquoted = !isText && quote == .none
        var needsQuotes = false
        if unquoted {
            var remaining = decodedCount
            for edit in edits {
                remaining += edit.replacement.count - edit.range.count
                if !Self.isUnquotedSafe(edit.replacement) { needsQuotes = true }
            }
            // An unquoted value must not become empty: the next attribute would be read as
            // its value.
            if remaining <= 0 { needsQuotes = true }
        }
        if !needsQuotes {
            for edit in edits {
                out.append(ByteEdit(range: rawOffset(edit.range.lowerBound)..<rawOffset(edit.range.upperBound),
                                    replacement: encode(edit.replacement)))
            }
            return
        }
        // Rewrite the unquoted value as a double-quoted one: raw bytes outside the edits
        // are copied (with `"` escaped), edited parts are encoded.
        let quoted = ValueSpan(whole: whole, raw: raw, quote: .double, isText: false, decoded: [], pieces: nil)
        var output: [UInt8] = [0x22]
        var cursor = raw.lowerBound
        for edit in edits {
            let lower = rawOffset(edit.range.lowerBound)
            let upper = rawOffset(edit.range.upperBound)
            if lower > cursor { output += quoted.encodeRaw(input, cursor..<lower) }
            output += quoted.encode(edit.replacement)
            cursor = max(cursor, upper)
        }
        if cursor < raw.upperBound { output += quoted.encodeRaw(input, cursor..<raw.upperBound) }
        output.append(0x22)
        out.append(ByteEdit(range: raw, replacement: output))
    }

    /// Raw bytes copied into a double-quoted value: only `"` needs escaping (references
    /// in the raw bytes keep their meaning).
    func encodeRaw(_ input: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> [UInt8] {
        var output: [UInt8] = []
        for index in range {
            if input[index] == 0x22 {
                output += Array("&quot;".utf8)
            } else {
                output.append(input[index])
            }
        }
        return output
    }
}

/// One change to the input: replace `range` with `replacement`.
@usableFromInline
struct ByteEdit: Sendable, Equatable {
    /// The range as 32-bit offsets (inputs are far below 2 GiB): a document with tens of
    /// thousands of removals holds an edit for each.
    private var bounds: (lower: Int32, upper: Int32)
    var replacement: [UInt8]

    init(range: Range<Int>, replacement: [UInt8]) {
        bounds = (Int32(truncatingIfNeeded: range.lowerBound), Int32(truncatingIfNeeded: range.upperBound))
        self.replacement = replacement
    }

    var range: Range<Int> {
        get { Int(bounds.lower)..<Int(bounds.upper) }
        set { bounds = (Int32(truncatingIfNeeded: newValue.lowerBound), Int32(truncatingIfNeeded: newValue.upperBound)) }
    }

    @usableFromInline static func == (a: ByteEdit, b: ByteEdit) -> Bool { a.range == b.range && a.replacement == b.replacement }
}

/// Escapes text for element content and attribute values alike.
func escapeHTML(_ bytes: some Sequence<UInt8>) -> [UInt8] {
    var output: [UInt8] = []
    for byte in bytes {
        switch byte {
        case 0x26: output += Array("&amp;".utf8)
        case 0x3C: output += Array("&lt;".utf8)
        case 0x3E: output += Array("&gt;".utf8)
        case 0x22: output += Array("&quot;".utf8)
        case 0x27: output += Array("&#39;".utf8)
        default: output.append(byte)
        }
    }
    return output
}
