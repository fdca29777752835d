/// An attribute value or a run of text, decoded, with a map from decoded offsets back to
/// the raw bytes so that edits made on the decoded form touch only the raw bytes they
/// cover (everything else, character references included, stays byte for byte).
///
/// A span holds no array: what a value decodes to, and its map, are ranges of the
/// document's `DecodedValues` (a URL with `&amp;` in it cost two arrays of its own, made,
/// copied and freed per link).
struct ValueSpan {
    /// The whole attribute (`name="value"`), or the whole text token.
    var whole: Range<Int> { Int(wholeBounds.0)..<Int(wholeBounds.1) }
    /// The raw value bytes.
    var raw: Range<Int> { Int(rawBounds.0)..<Int(rawBounds.1) }
    /// Offsets as 32-bit words (inputs are far below 2 GiB): a span is kept per URL
    /// attribute, and a hostile document holds tens of thousands.
    private let wholeBounds: (Int32, Int32)
    private let rawBounds: (Int32, Int32)
    /// The decoded value in `DecodedValues.bytes`; empty when the value is verbatim (its
    /// raw bytes are the decoded value, and are not copied: most URLs in mail are verbatim).
    private let decodedBounds: (Int32, Int32)
    /// Where the decoded bytes came from, in `DecodedValues.pieces`: one piece per run of
    /// bytes that decoded to themselves and one per reference or line break; empty when the
    /// value is verbatim (decoded byte `i` is raw byte `raw.lowerBound + i`).
    private let pieceBounds: (Int32, Int32)
    var quote: HTMLAttributeQuote
    /// Text content (encoded with `&amp;` / `&lt;`) rather than an attribute value.
    var isText: Bool

    /// A verbatim span: its raw bytes are its value.
    init(whole: Range<Int>, raw: Range<Int>, quote: HTMLAttributeQuote, isText: Bool) {
        self.init(whole: whole, raw: raw, quote: quote, isText: isText, decoded: 0..<0, pieces: 0..<0)
    }

    private init(
        whole: Range<Int>, raw: Range<Int>, quote: HTMLAttributeQuote, isText: Bool, decoded: Range<Int>,
        pieces: Range<Int>
    ) {
        wholeBounds = (Int32(truncatingIfNeeded: whole.lowerBound), Int32(truncatingIfNeeded: whole.upperBound))
        rawBounds = (Int32(truncatingIfNeeded: raw.lowerBound), Int32(truncatingIfNeeded: raw.upperBound))
        decodedBounds = (Int32(truncatingIfNeeded: decoded.lowerBound), Int32(truncatingIfNeeded: decoded.upperBound))
        pieceBounds = (Int32(truncatingIfNeeded: pieces.lowerBound), Int32(truncatingIfNeeded: pieces.upperBound))
        self.quote = quote
        self.isText = isText
    }

    /// Decoded bytes from `decoded` up to the next piece came from raw bytes starting at
    /// `raw`: one for one when `isRun`, else all of them from the one reference (or line
    /// break) that starts there.
    struct Piece {
        var decoded: Int
        var raw: Int
        var isRun: Bool
    }

    private var decodedRange: Range<Int> { Int(decodedBounds.0)..<Int(decodedBounds.1) }
    private var pieceRange: Range<Int> { Int(pieceBounds.0)..<Int(pieceBounds.1) }

    /// True when the raw bytes are the decoded value.
    var isVerbatim: Bool { pieceBounds.0 == pieceBounds.1 }

    /// The length of the decoded value.
    var decodedCount: Int { isVerbatim ? raw.count : decodedRange.count }

    /// The decoded value, copied out of `input` when verbatim.
    func decodedBytes(_ input: UnsafeBufferPointer<UInt8>, _ values: DecodedValues) -> [UInt8] {
        withDecodedBytes(input, values, 0..<decodedCount) { Array($0) }
    }

    /// Part of the decoded value as a String.
    func decodedString(_ input: UnsafeBufferPointer<UInt8>, _ values: DecodedValues, _ part: Range<Int>? = nil) -> String {
        withDecodedBytes(input, values, part ?? 0..<decodedCount) { String(decoding: $0, as: UTF8.self) }
    }

    /// Calls `body` with decoded bytes `part`, read where they are (the input, when verbatim).
    func withDecodedBytes<R>(
        _ input: UnsafeBufferPointer<UInt8>, _ values: DecodedValues, _ part: Range<Int>,
        _ body: (UnsafeBufferPointer<UInt8>) -> R
    ) -> R {
        if isVerbatim {
            return body(UnsafeBufferPointer(rebasing: input[(raw.lowerBound + part.lowerBound)..<(raw.lowerBound + part.upperBound)]))
        }
        let base = decodedRange.lowerBound
        return values.bytes.withUnsafeBufferPointer {
            body(UnsafeBufferPointer(rebasing: $0[(base + part.lowerBound)..<(base + part.upperBound)]))
        }
    }

    /// The raw offset for a boundary before decoded index `index` (or at the end).
    func rawOffset(_ index: Int, _ values: DecodedValues) -> Int {
        if index >= decodedCount { return raw.upperBound }
        if isVerbatim { return raw.lowerBound + index }
        // The last piece that starts at or before `index` (a piece that produced no byte
        // is followed by one that starts at the same place, and that one wins).
        return values.pieces.withUnsafeBufferPointer { all in
            let pieces = UnsafeBufferPointer(rebasing: all[pieceRange])
            var low = 0
            var high = pieces.count - 1
            while low < high {
                let middle = (low + high + 1) / 2
                if pieces[middle].decoded <= index { low = middle } else { high = middle - 1 }
            }
            let piece = pieces[low]
            return piece.isRun ? piece.raw + (index - piece.decoded) : piece.raw
        }
    }

    /// Decodes an attribute value (`isText == false`) or data-state text, into `values`
    /// when it is not verbatim.
    static func make(
        _ input: UnsafeBufferPointer<UInt8>, whole: Range<Int>, raw: Range<Int>, quote: HTMLAttributeQuote,
        isText: Bool, into values: inout DecodedValues
    ) -> ValueSpan {
        let mode: HTMLDecoding.Mode = isText ? .text : .attributeValue
        // Everything before the first byte that decodes to something else is one run: the
        // value is read once up to there (it was read whole to tell, then again to decode).
        let first = HTMLDecoding.firstChange(input, raw, mode: mode)
        let end = raw.upperBound
        if first >= end {
            return ValueSpan(whole: whole, raw: raw, quote: quote, isText: isText)
        }
        let decodedStart = values.bytes.count
        let piecesStart = values.pieces.count
        // Piece offsets are within this value, as `rawOffset` reads them.
        func appendPiece(raw: Int, isRun: Bool) {
            values.pieces.append(Piece(decoded: values.bytes.count - decodedStart, raw: raw, isRun: isRun))
        }
        var index = raw.lowerBound
        if first > index {
            appendPiece(raw: index, isRun: true)
            values.bytes.append(contentsOf: UnsafeBufferPointer(rebasing: input[index..<first]))
            index = first
        }
        while index < end {
            // Copy the run of bytes that decode to themselves in one go (found eight bytes
            // at a time: a URL's runs between its `&amp;`s are tens of bytes long).
            let runStart = index
            index = HTMLDecoding.firstSpecial(input, index..<end, mode: mode)
            if index > runStart {
                appendPiece(raw: runStart, isRun: true)
                values.bytes.append(contentsOf: UnsafeBufferPointer(rebasing: input[runStart..<index]))
                if index == end { break }
            }
            let byte = input[index]
            appendPiece(raw: index, isRun: false)
            switch byte {
            case 0x0D:
                values.bytes.append(0x0A)
                index += 1
                if index < end && input[index] == 0x0A { index += 1 }
            case 0 where !isText:
                values.bytes += [0xEF, 0xBF, 0xBD]
                index += 1
            case 0x26:
                index = HTMLDecoding.resolveReference(input, at: index, end: end, inAttribute: !isText, into: &values.bytes)
            default:
                values.bytes.append(byte)
                index += 1
            }
        }
        return ValueSpan(
            whole: whole, raw: raw, quote: quote, isText: isText, decoded: decodedStart..<values.bytes.count,
            pieces: piecesStart..<values.pieces.count)
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
        _ edits: [(range: Range<Int>, replacement: [UInt8])], input: UnsafeBufferPointer<UInt8>, values: DecodedValues,
        to out: inout [ByteEdit]
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
                out.append(ByteEdit(range: rawOffset(edit.range.lowerBound, values)..<rawOffset(edit.range.upperBound, values),
                                    replacement: encode(edit.replacement)))
            }
            return
        }
        // Rewrite the unquoted value as a double-quoted one: raw bytes outside the edits
        // are copied (with `"` escaped), edited parts are encoded.
        let quoted = ValueSpan(whole: whole, raw: raw, quote: .double, isText: false)
        var output: [UInt8] = [0x22]
        var cursor = raw.lowerBound
        for edit in edits {
            let lower = rawOffset(edit.range.lowerBound, values)
            let upper = rawOffset(edit.range.upperBound, values)
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

/// What a document's non-verbatim spans decode to, one buffer for all of them (see
/// `ValueSpan`).
struct DecodedValues {
    var bytes: [UInt8] = []
    var pieces: [ValueSpan.Piece] = []

    /// Forgets `span`, the last one made into these values (a span that was not kept).
    mutating func drop(_ span: ValueSpan) {
        guard !span.isVerbatim else { return }
        bytes.removeLast(span.decodedCount)
        pieces.removeLast(span.pieceCount)
    }
}

extension ValueSpan {
    fileprivate var pieceCount: Int { Int(pieceBounds.1 - pieceBounds.0) }
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
