/// Caps that keep parsing bounded on hostile input. Past any of them the message is
/// marked `limitExceeded` and the pipeline passes it through untouched.
public struct MIMELimits: Sendable {
    /// Deepest nesting of multiparts and embedded messages. Default: 50.
    public var maxDepth = 50
    /// Most parts in one message. Default: 10,000.
    public var maxParts = 10_000
    /// Largest single header block. Default: 1 MiB.
    public var maxHeaderBlockBytes = 1 << 20
    /// Most fields in one header block. Default: 10,000.
    public var maxHeaderFields = 10_000

    public init() {}
}

/// Something the parser had to guess about; damage is data, not an error.
public struct ParseProblem: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case missingClosingBoundary
        case multipartWithoutBoundary
        case headerLineWithoutColon
        case headerBlockUnterminated
        case limitExceeded
    }
    public var kind: Kind
    public var byteOffset: Int
}

/// One MIME entity: a header block and a body, as ranges into the message bytes.
public struct MIMEPart: Sendable {
    /// Index into `MIMEMessage.parts`; the root is 0.
    public var index: Int
    public var parent: Int?
    /// 0 for the root; children of a multipart or an embedded message are one deeper.
    public var depth: Int
    /// Header fields of this entity.
    public var fields: [HeaderField]
    /// From the first header byte to the end of the body.
    public var range: Range<Int>
    /// The header fields, without the blank separator line.
    public var headerRange: Range<Int>
    /// The body: content for leaves, preamble + parts + epilogue for multiparts.
    public var bodyRange: Range<Int>
    public var contentType: ContentType
    public var transferEncoding: TransferEncoding
    /// Multipart children, or the single embedded message of message/rfc822.
    public var children: [Int] = []
    /// For multiparts: the boundary, and the preamble/epilogue ranges when present.
    public var boundary: [UInt8]?
    public var preambleRange: Range<Int>?
    public var epilogueRange: Range<Int>?
    /// Line ending of the header block (the part's own style).
    public var lineEnding: LineEnding
    /// True when this entity is the message inside a message/rfc822 or message/global part.
    public var isEmbeddedMessage: Bool = false

    public var isMultipart: Bool { boundary != nil }
    /// Leaves hold content: not multipart and not a container of an embedded message.
    public var isLeaf: Bool { children.isEmpty && boundary == nil }
}

/// A parsed message: one byte buffer and a flat tree of parts holding ranges into it.
public struct MIMEMessage: Sendable {
    public let bytes: [UInt8]
    /// A leading mbox `From ` line (procmail passes one on), kept as it is.
    public var fromLineRange: Range<Int>?
    /// All entities, root first, in document order.
    public var parts: [MIMEPart]
    public var problems: [ParseProblem]
    /// True when a limit was hit: the structure is incomplete and must not be edited.
    public var limitExceeded: Bool
    /// The line ending of the top-level header block.
    public var lineEnding: LineEnding { parts.first?.lineEnding ?? .lf }

    public var root: MIMEPart { parts[0] }

    /// Parses a message. Total: any byte sequence gives a message (RFC 5322, RFC 2045-2049).
    public init(bytes: [UInt8], limits: MIMELimits = MIMELimits()) {
        self.bytes = bytes
        var parser = MIMEParser(bytes: bytes, limits: limits)
        parser.run()
        self.fromLineRange = parser.fromLineRange
        self.parts = parser.parts
        self.problems = parser.problems
        self.limitExceeded = parser.limitExceeded
    }

    /// The content of a leaf after undoing its Content-Transfer-Encoding: for 7bit, 8bit and
    /// binary bodies, the bytes where they lie in the message (a copy would cost a second
    /// message size of memory on a large part).
    public func decodedContent(of part: MIMEPart) -> ArraySlice<UInt8> {
        switch part.transferEncoding {
        case .base64, .quotedPrintable: return decodedBody(of: part).bytes[...]
        default: return bytes[part.bodyRange]
        }
    }

    /// A quoted-printable leaf's content, and where each of its encoded lines went (for
    /// `MessageEditor.replaceContent`, which keeps the lines an edit leaves alone).
    public func decodedQuotedPrintable(of part: MIMEPart) -> (bytes: [UInt8], lines: QuotedPrintableLines?) {
        Codec.decodeQuotedPrintableLines(bytes[part.bodyRange], lineEnding: bodyLineEnding(of: part))
    }

    /// The content of a leaf after undoing its Content-Transfer-Encoding.
    public func decodedBody(of part: MIMEPart) -> (bytes: [UInt8], problems: Int) {
        let body = bytes[part.bodyRange]
        switch part.transferEncoding {
        case .base64: return Codec.decodeBase64(body)
        case .quotedPrintable: return Codec.decodeQuotedPrintable(body, lineEnding: bodyLineEnding(of: part))
        default: return (Array(body), 0)
        }
    }

    /// The line ending used inside a part's body (its first line ending), else its header's.
    public func bodyLineEnding(of part: MIMEPart) -> LineEnding {
        bytes.withUnsafeBufferPointer { buf in
            let lf = indexOfLF(buf, from: part.bodyRange.lowerBound, end: part.bodyRange.upperBound)
            if lf < part.bodyRange.upperBound {
                return lf > part.bodyRange.lowerBound && buf[lf - 1] == byteCR ? .crlf : .lf
            }
            return part.lineEnding
        }
    }

    /// Whether `other` splits into the same parts: as many, of the same types, nested alike.
    /// A rewrite that changes this has made or lost a boundary and must not be delivered.
    public func hasSameStructure(as other: MIMEMessage) -> Bool {
        guard parts.count == other.parts.count, limitExceeded == other.limitExceeded else { return false }
        return zip(parts, other.parts).allSatisfy { a, b in
            a.parent == b.parent && a.isLeaf == b.isLeaf && a.boundary == b.boundary
                && a.contentType.mimeType == b.contentType.mimeType
        }
    }

    /// Unfolded, RFC 2047-decoded value of the first field with this name in a part's header.
    public func headerValue(_ lowercaseName: String, in part: MIMEPart? = nil) -> String? {
        let p = part ?? root
        return p.fields.first(named: lowercaseName, in: bytes).map { EncodedWords.decode($0.unfoldedValue(in: bytes)) }
    }
}

/// Single pass over lines with a stack of open multipart boundaries: linear in the
/// input whatever the nesting (lines starting with "--" are checked against at most
/// `maxDepth` boundaries).
struct MIMEParser {
    let bytes: [UInt8]
    let limits: MIMELimits
    var parts: [MIMEPart] = []
    var problems: [ParseProblem] = []
    var limitExceeded = false
    var fromLineRange: Range<Int>?

    /// An open multipart: its part index and boundary; `sawClose` after its close delimiter.
    struct Frame { var part: Int; var boundary: [UInt8]; var currentChild: Int?; var sawFirst = false; var closed = false }
    var frames: [Frame] = []
    /// Chain of open parts from the root down (their end is not known yet).
    var open: [Int] = []
    /// The part whose header block is being read, its header start and the field being built.
    var headerPart: Int?
    var headerStart = 0
    var fieldStart: Int?
    var fieldNameEnd = 0
    var fields: [HeaderField] = []
    var headerEnding: LineEnding?

    init(bytes: [UInt8], limits: MIMELimits) {
        self.bytes = bytes
        self.limits = limits
    }

    mutating func run() {
        let n = bytes.count
        var pos = 0
        // mbox "From " line: not a header, kept as it is.
        if n >= 5, bytes[0] == UInt8(ascii: "F"), bytes[0..<5].elementsEqual("From ".utf8) {
            let lf = bytes.withUnsafeBufferPointer { indexOfLF($0, from: 0, end: n) }
            pos = min(lf + 1, n)
            fromLineRange = 0..<pos
        }
        beginPart(at: pos, parent: nil, depth: 0)
        bytes.withUnsafeBufferPointer { buf in
            while pos < n && !limitExceeded {
                let lf = indexOfLF(buf, from: pos, end: n)
                let next = lf < n ? lf + 1 : n
                var contentEnd = lf
                if contentEnd > pos, buf[contentEnd - 1] == byteCR { contentEnd -= 1 }
                if !frames.isEmpty, contentEnd - pos >= 2, buf[pos] == byteDash, buf[pos + 1] == byteDash,
                   handleBoundary(buf, lineStart: pos, contentEnd: contentEnd, next: next) {
                    pos = next
                    continue
                }
                if headerPart != nil {
                    if !readHeaderLine(buf, lineStart: pos, contentEnd: contentEnd, next: next, lf: lf) {
                        continue  // the line belongs to the body: look at it again
                    }
                }
                pos = next
            }
        }
        if limitExceeded { return }
        if let hp = headerPart {
            finishFieldIfAny(end: n)
            endHeaders(of: hp, headerEnd: n, bodyStart: n)
        }
        for frame in frames where !frame.closed {
            problems.append(ParseProblem(kind: .missingClosingBoundary, byteOffset: n))
        }
        closeOpenParts(deeperThan: -1, at: n)
    }

    mutating func beginPart(at offset: Int, parent: Int?, depth: Int) {
        if parts.count >= limits.maxParts || depth > limits.maxDepth {
            exceed(at: offset)
            return
        }
        let index = parts.count
        parts.append(MIMEPart(index: index, parent: parent, depth: depth, fields: [], range: offset..<offset,
                              headerRange: offset..<offset, bodyRange: offset..<offset,
                              contentType: .defaultType(inDigest: false), transferEncoding: .sevenBit, lineEnding: .lf))
        if let parent { parts[parent].children.append(index) }
        open.append(index)
        headerPart = index
        headerStart = offset
        fieldStart = nil
        fields = []
        headerEnding = nil
    }

    mutating func exceed(at offset: Int) {
        limitExceeded = true
        problems.append(ParseProblem(kind: .limitExceeded, byteOffset: offset))
    }

    /// Reads one header line. Returns false when the line is not a header line, which ends
    /// the header block without a blank line (the line is then body).
    mutating func readHeaderLine(_ buf: UnsafeBufferPointer<UInt8>, lineStart: Int, contentEnd: Int, next: Int, lf: Int) -> Bool {
        guard let hp = headerPart else { return true }
        if headerEnding == nil, lf < bytes.count {
            headerEnding = contentEnd < lf ? .crlf : .lf
        }
        if contentEnd == lineStart {
            // Blank line: the header block ends; the body starts after it.
            finishFieldIfAny(end: lineStart)
            endHeaders(of: hp, headerEnd: lineStart, bodyStart: next)
            return true
        }
        if lineStart - headerStart > limits.maxHeaderBlockBytes {
            exceed(at: lineStart)
            return true
        }
        let first = buf[lineStart]
        if (first == byteSpace || first == byteTab), fieldStart != nil {
            return true  // folded continuation of the current field
        }
        // A field name: printable ASCII except ":" up to the colon (RFC 5322 section 3.6.8);
        // whitespace before the colon is tolerated (obsolete syntax).
        var i = lineStart
        while i < contentEnd, buf[i] > 0x20, buf[i] < 0x7F, buf[i] != byteColon { i += 1 }
        let nameEnd = i
        while i < contentEnd, buf[i] == byteSpace || buf[i] == byteTab { i += 1 }
        if nameEnd > lineStart, i < contentEnd, buf[i] == byteColon {
            finishFieldIfAny(end: lineStart)
            if fields.count >= limits.maxHeaderFields {
                exceed(at: lineStart)
                return true
            }
            fieldStart = lineStart
            fieldNameEnd = nameEnd
            return true
        }
        // Not a header line: the body starts here (a defect mail clients tolerate).
        problems.append(ParseProblem(kind: .headerLineWithoutColon, byteOffset: lineStart))
        finishFieldIfAny(end: lineStart)
        endHeaders(of: hp, headerEnd: lineStart, bodyStart: lineStart)
        return false
    }

    mutating func finishFieldIfAny(end: Int) {
        guard let start = fieldStart else { return }
        // The value runs to the end of the field minus its final line ending.
        var valueEnd = end
        if valueEnd > start, bytes[valueEnd - 1] == byteLF { valueEnd -= 1 }
        if valueEnd > start, bytes[valueEnd - 1] == byteCR { valueEnd -= 1 }
        var colon = fieldNameEnd
        while colon < valueEnd, bytes[colon] != byteColon { colon += 1 }
        let valueStart = min(colon + 1, valueEnd)
        fields.append(HeaderField(range: start..<end, nameRange: start..<fieldNameEnd, valueRange: valueStart..<valueEnd))
        fieldStart = nil
    }

    mutating func endHeaders(of index: Int, headerEnd: Int, bodyStart: Int) {
        headerPart = nil
        var part = parts[index]
        part.fields = fields
        part.headerRange = headerStart..<headerEnd
        part.bodyRange = bodyStart..<bodyStart
        part.lineEnding = headerEnding ?? .lf
        let inDigest = part.parent.map { parts[$0].contentType.mimeType == "multipart/digest" && !parts[$0].isEmbeddedMessage } ?? false
        if let ct = fields.first(named: "content-type", in: bytes) {
            part.contentType = ContentType.parse(bytes, ct.valueRange)
        } else {
            part.contentType = .defaultType(inDigest: inDigest)
        }
        if let cte = fields.first(named: "content-transfer-encoding", in: bytes) {
            part.transferEncoding = TransferEncoding(headerValue: cte.unfoldedValue(in: bytes))
        }
        fields = []
        parts[index] = part
        let ct = part.contentType
        if ct.isMultipart {
            if let b = ct.boundary, !b.isEmpty, b.utf8.count <= 200 {
                parts[index].boundary = Array(b.utf8)
                frames.append(Frame(part: index, boundary: Array(b.utf8)))
            } else {
                // RFC 2046: a multipart without a boundary cannot be split; treat it as a leaf.
                problems.append(ParseProblem(kind: .multipartWithoutBoundary, byteOffset: headerStart))
            }
        } else if ct.type == "message", ct.subtype == "rfc822" || ct.subtype == "global",
                  part.transferEncoding.isIdentity {
            // Forwarded mail is rendered by clients: parse the embedded message too.
            beginPart(at: bodyStart, parent: index, depth: part.depth + 1)
            if let child = parts.last, child.parent == index { parts[child.index].isEmbeddedMessage = true }
        }
    }

    /// Checks a line starting with "--" against the open boundaries, innermost first.
    mutating func handleBoundary(_ buf: UnsafeBufferPointer<UInt8>, lineStart: Int, contentEnd: Int, next: Int) -> Bool {
        var k = frames.count - 1
        while k >= 0 {
            let b = frames[k].boundary
            if !frames[k].closed, let isClose = matchBoundary(buf, lineStart: lineStart, contentEnd: contentEnd, boundary: b) {
                applyBoundary(frameIndex: k, isClose: isClose, lineStart: lineStart, next: next)
                return true
            }
            k -= 1
        }
        return false
    }

    /// nil when the line is not this boundary; else whether it is the close delimiter.
    /// Only linear whitespace may follow ("transport padding"), so a boundary that is a
    /// prefix of another never matches the longer one.
    func matchBoundary(_ buf: UnsafeBufferPointer<UInt8>, lineStart: Int, contentEnd: Int, boundary: [UInt8]) -> Bool? {
        Self.matchBoundary(buf, lineStart: lineStart, contentEnd: contentEnd, boundary: boundary)
    }

    /// The rule itself, for the parser and for the splice writer's check that an edit
    /// creates no delimiter (`MessageEditor.delimiterLikeLines`). `lineStart` is at "--";
    /// `contentEnd` is the line's end without its CR LF.
    static func matchBoundary(_ buf: UnsafeBufferPointer<UInt8>, lineStart: Int, contentEnd: Int, boundary: [UInt8]) -> Bool? {
        let bStart = lineStart + 2
        guard contentEnd - bStart >= boundary.count else { return nil }
        for i in 0..<boundary.count where buf[bStart + i] != boundary[i] { return nil }
        var i = bStart + boundary.count
        var isClose = false
        if i + 2 <= contentEnd, buf[i] == byteDash, buf[i + 1] == byteDash {
            isClose = true
            i += 2
        }
        while i < contentEnd {
            if buf[i] != byteSpace && buf[i] != byteTab { return nil }
            i += 1
        }
        return isClose
    }

    mutating func applyBoundary(frameIndex k: Int, isClose: Bool, lineStart: Int, next: Int) {
        let multipart = frames[k].part
        // The line ending before a delimiter belongs to the delimiter (RFC 2046 section 5.1.1).
        var end = lineStart
        if end > 0, bytes[end - 1] == byteLF { end -= 1; if end > 0, bytes[end - 1] == byteCR { end -= 1 } }
        // Inner frames left open: their close delimiters are missing.
        while frames.count - 1 > k {
            let f = frames.removeLast()
            if !f.closed { problems.append(ParseProblem(kind: .missingClosingBoundary, byteOffset: lineStart)) }
            if let ep = parts[f.part].epilogueRange { parts[f.part].epilogueRange = ep.lowerBound..<max(ep.lowerBound, end) }
        }
        if let hp = headerPart, parts[hp].depth > parts[multipart].depth {
            // A boundary inside a header block: that part has headers only.
            finishFieldIfAny(end: lineStart)
            endHeaders(of: hp, headerEnd: lineStart, bodyStart: lineStart)
            // endHeaders may have opened frames or embedded parts; drop frames above k again.
            while frames.count - 1 > k { frames.removeLast() }
            headerPart = nil
        }
        let depth = parts[multipart].depth
        if !frames[k].sawFirst {
            let bodyStart = parts[multipart].bodyRange.lowerBound
            parts[multipart].preambleRange = bodyStart..<max(bodyStart, end)
            frames[k].sawFirst = true
        }
        closeOpenParts(deeperThan: depth, at: end)
        if isClose {
            frames[k].closed = true
            parts[multipart].epilogueRange = next..<next
            // The epilogue runs until the multipart itself ends (set in closeOpenParts).
            frames.removeLast()
        } else {
            beginPart(at: next, parent: multipart, depth: depth + 1)
            frames[k].currentChild = parts.count - 1
        }
    }

    /// Ends every open part deeper than `depth` at `end`.
    mutating func closeOpenParts(deeperThan depth: Int, at end: Int) {
        while let last = open.last, parts[last].depth > depth {
            open.removeLast()
            // The line ending before a delimiter belongs to the delimiter, so nothing of a part
            // closed here may reach past `end`: a header cut short by the delimiter (its last
            // field, or an empty header that starts on the delimiter line) is clamped to it.
            let h = parts[last].headerRange
            let headerStart = min(h.lowerBound, end)
            parts[last].headerRange = headerStart..<max(headerStart, min(h.upperBound, end))
            if let f = parts[last].fields.last, f.range.upperBound > end {
                parts[last].fields[parts[last].fields.count - 1].range = f.range.lowerBound..<max(f.range.lowerBound, end)
            }
            // A header's blank line can be the line ending that belongs to the delimiter (an
            // empty message/rfc822 part): the body then starts, empty, where the part ends.
            let bodyStart = min(parts[last].bodyRange.lowerBound, end)
            let bodyEnd = max(bodyStart, end)
            parts[last].bodyRange = bodyStart..<bodyEnd
            parts[last].range = min(parts[last].range.lowerBound, headerStart)..<bodyEnd
            if let ep = parts[last].epilogueRange {
                parts[last].epilogueRange = ep.lowerBound..<max(ep.lowerBound, min(bodyEnd, bytes.count))
            }
        }
    }
}
