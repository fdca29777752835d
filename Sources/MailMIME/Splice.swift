/// One replacement of a byte range of the original message.
public struct SpliceEdit: Sendable, Equatable {
    public var range: Range<Int>
    public var replacement: [UInt8]
    public init(range: Range<Int>, replacement: [UInt8]) {
        self.range = range
        self.replacement = replacement
    }
}

/// Why a leaf could not be rewritten.
public enum ContentEditError: Error, Sendable, Equatable, CustomStringConvertible {
    case notALeaf
    case unknownTransferEncoding(String)
    /// The new content has a line that reads as a delimiter of an enclosing multipart where
    /// the old one had none, and the part's transfer encoding cannot escape it.
    case wouldWriteBoundary

    public var description: String {
        switch self {
        case .notALeaf: return "not a leaf"
        case .unknownTransferEncoding(let name): return "unknown transfer encoding \(name)"
        case .wouldWriteBoundary: return "the new content would start a line with an enclosing boundary"
        }
    }
}

/// Collects edits against the original bytes and writes the message back, copying
/// everything not edited byte for byte ("copy, don't re-serialize").
public struct MessageEditor: Sendable {
    public let message: MIMEMessage
    public private(set) var edits: [SpliceEdit] = []

    public init(message: MIMEMessage) { self.message = message }

    public var hasEdits: Bool { !edits.isEmpty }

    /// Removes a header field, folded lines included.
    public mutating func removeField(_ field: HeaderField) {
        edits.append(SpliceEdit(range: field.range, replacement: []))
    }

    /// Inserts a header field at the top of the message's header block (after a From_ line),
    /// as trace fields are, in the header block's own line ending.
    public mutating func prependRootField(name: String, value: String) {
        let root = message.root
        let at = root.headerRange.lowerBound
        var line = Array("\(name): \(value)".utf8)
        line.append(contentsOf: root.lineEnding.bytes)
        // A message with no header at all (its first line is already body) gets the blank
        // line a header needs, or its body would run into the new field.
        if root.fields.isEmpty && root.bodyRange.lowerBound == root.headerRange.upperBound {
            line.append(contentsOf: root.lineEnding.bytes)
        }
        edits.append(SpliceEdit(range: at..<at, replacement: line))
    }

    /// Replaces a leaf's content with `content` (bytes in `charset`, or in the part's own
    /// charset when nil), re-encoded with the part's own transfer encoding and line endings.
    /// A changed charset updates the `charset` parameter in place.
    /// - Parameter decodedLines: a quoted-printable part's content before the edit and its
    ///   line map (`MIMEMessage.decodedQuotedPrintable`), when `content` is in the same
    ///   charset: the lines the edit left alone are then kept as they were written.
    public mutating func replaceContent(
        of part: MIMEPart, with content: [UInt8], newCharset: String? = nil,
        decodedLines: (ArraySlice<UInt8>, QuotedPrintableLines)? = nil
    ) throws(ContentEditError) {
        guard part.isLeaf else { throw .notALeaf }
        let eol = message.bodyLineEnding(of: part)
        let original = message.bytes[part.bodyRange]
        let endsWithLF = original.last == byteLF
        var encoded: [UInt8]
        switch part.transferEncoding {
        case .base64:
            encoded = Codec.encodeBase64(content, lineEnding: eol)
            // The body had no final line ending: neither does its replacement (an empty one
            // has none to drop).
            if !endsWithLF && encoded.count >= eol.bytes.count && encoded.suffix(eol.bytes.count).elementsEqual(eol.bytes) {
                encoded.removeLast(eol.bytes.count)
            }
        case .quotedPrintable:
            // The lines the edit left alone stay as the sender wrote them.
            if let (decoded, lines) = decodedLines {
                encoded = Codec.requoteQuotedPrintable(
                    original: original, decoded: decoded, lines: lines, content: content, lineEnding: eol)
            } else {
                encoded = Codec.encodeQuotedPrintable(content, lineEnding: eol)
            }
        case .sevenBit, .eightBit, .binary:
            // An edit can bring text that reads as an enclosing delimiter to the start of a
            // line (what stood in front of it removed). These encodings cannot escape it, and
            // written as it is the line would cut the part in two for every reader; the part
            // then stays as it was. (Quoted-printable escapes such lines; base64 has no "-".)
            let boundaries = enclosingBoundaries(of: part)
            if !boundaries.isEmpty,
               Self.delimiterLikeLines(in: content[...], boundaries) > Self.delimiterLikeLines(in: original, boundaries) {
                throw .wouldWriteBoundary
            }
            encoded = content
        case .other(let name):
            throw .unknownTransferEncoding(name)
        }
        // A header with no blank line after it (a defect the parser tolerates): the new body
        // gets one, else a first line starting with white space would continue the last
        // header field, and a line with a colon would become a field.
        if !part.headerRange.isEmpty && part.headerRange.upperBound == part.bodyRange.lowerBound {
            encoded.insert(contentsOf: part.lineEnding.bytes, at: 0)
        }
        edits.append(SpliceEdit(range: part.bodyRange, replacement: encoded))
        if let newCharset { setCharset(of: part, to: newCharset) }
    }

    /// The boundaries of every multipart around a part, innermost first.
    func enclosingBoundaries(of part: MIMEPart) -> [[UInt8]] {
        var result: [[UInt8]] = []
        var current = part.parent
        while let index = current {
            if let b = message.parts[index].boundary { result.append(b) }
            current = message.parts[index].parent
        }
        return result
    }

    /// Lines the parser would take for a delimiter of one of `boundaries`: "--", the
    /// boundary, maybe "--", then only spaces and tabs (the parser's own rule, so that
    /// `--b1<link…>`, which is text, does not count, and the `--b1` an edit leaves of it does).
    static func delimiterLikeLines(in bytes: ArraySlice<UInt8>, _ boundaries: [[UInt8]]) -> Int {
        bytes.withUnsafeBufferPointer { buf in
            var count = 0
            var lineStart = 0
            let n = buf.count
            while lineStart < n {
                let lineEnd = indexOfLF(buf, from: lineStart, end: n)
                var contentEnd = lineEnd
                if contentEnd > lineStart && buf[contentEnd - 1] == byteCR { contentEnd -= 1 }
                if contentEnd - lineStart >= 2, buf[lineStart] == byteDash, buf[lineStart + 1] == byteDash,
                   boundaries.contains(where: {
                       MIMEParser.matchBoundary(buf, lineStart: lineStart, contentEnd: contentEnd, boundary: $0) != nil
                   }) {
                    count += 1
                }
                lineStart = lineEnd + 1
            }
            return count
        }
    }

    /// Sets the charset parameter of a part's Content-Type, editing only the value when it can.
    mutating func setCharset(of part: MIMEPart, to charset: String) {
        if let r = part.contentType.charsetValueRange {
            edits.append(SpliceEdit(range: r, replacement: Array(charset.utf8)))
        } else if let ct = part.fields.first(named: "content-type", in: message.bytes) {
            let at = ct.valueRange.upperBound
            edits.append(SpliceEdit(range: at..<at, replacement: Array("; charset=\(charset)".utf8)))
        } else {
            let at = part.headerRange.upperBound
            var line = Array("Content-Type: \(part.contentType.mimeType); charset=\(charset)".utf8)
            line.append(contentsOf: part.lineEnding.bytes)
            edits.append(SpliceEdit(range: at..<at, replacement: line))
        }
    }

    /// Adds an arbitrary edit. Edits must not overlap.
    public mutating func add(_ edit: SpliceEdit) { edits.append(edit) }

    /// The message with all edits applied; the original bytes when there are none.
    public func output() -> [UInt8] {
        Self.apply(edits, to: message.bytes)
    }

    /// Applies non-overlapping edits to `bytes`. Insertions at one offset keep their order.
    public static func apply(_ edits: [SpliceEdit], to bytes: [UInt8]) -> [UInt8] {
        if edits.isEmpty { return bytes }
        // At one offset, insertions go before a replacement that starts there (a field
        // prepended to a header that a new body replaces from its first byte).
        let sorted = edits.enumerated().sorted {
            if $0.element.range.lowerBound != $1.element.range.lowerBound {
                return $0.element.range.lowerBound < $1.element.range.lowerBound
            }
            if $0.element.range.isEmpty != $1.element.range.isEmpty { return $0.element.range.isEmpty }
            return $0.offset < $1.offset
        }.map(\.element)
        var out: [UInt8] = []
        let delta = sorted.reduce(0) { $0 + $1.replacement.count - $1.range.count }
        out.reserveCapacity(max(0, bytes.count + delta))
        var cursor = 0
        for edit in sorted {
            // Overlaps are programming errors upstream; skip the later edit rather than corrupt.
            guard edit.range.lowerBound >= cursor, edit.range.upperBound <= bytes.count else { continue }
            out.append(contentsOf: bytes[cursor..<edit.range.lowerBound])
            out.append(contentsOf: edit.replacement)
            cursor = edit.range.upperBound
        }
        out.append(contentsOf: bytes[cursor...])
        return out
    }
}
