import FixtureSupport
import Testing
@testable import MailMIME

private func s(_ b: [UInt8]) -> String { String(decoding: b, as: UTF8.self) }

@Test func base64DecodesAcrossLinesAndSkipsJunk() {
    let r = Codec.decodeBase64(Array("SGVs\nbG8g*V29y\r\nbGQ=".utf8))
    #expect(s(r.bytes) == "Hello World")
    #expect(r.problems == 1)
}

@Test func base64RoundTripsWithLineLength76() {
    let input = (0..<1000).map { UInt8($0 % 256) }
    let enc = Codec.encodeBase64(input, lineEnding: .crlf)
    let lines = s(enc).split(separator: "\r\n")
    #expect(lines.dropLast().allSatisfy { $0.count == 76 })
    #expect(Codec.decodeBase64(enc).bytes == input)
}

@Test func quotedPrintableDecodesSoftBreaksAndEscapes() {
    let r = Codec.decodeQuotedPrintable(Array("a=3Db=\nc   \nd=ZZ\n".utf8), lineEnding: .lf)
    #expect(s(r.bytes) == "a=bc\nd=ZZ\n")
    #expect(r.problems == 1)
}

@Test func quotedPrintableRoundTripsLongLinesAndTrailingSpace() {
    let text = String(repeating: "x", count: 200) + " \nline two=\u{e9}\n"
    let enc = Codec.encodeQuotedPrintable(Array(text.utf8), lineEnding: .crlf)
    #expect(s(enc).split(separator: "\r\n").allSatisfy { $0.count <= 76 })
    #expect(s(Codec.decodeQuotedPrintable(enc, lineEnding: .lf).bytes) == text)
}

/// A line-leading "--" is escaped, also where a soft break puts it at a line's start, so
/// re-encoded content never writes a line that reads as an enclosing boundary.
@Test func quotedPrintableNeverStartsALineWithTwoDashes() {
    let enc = s(Codec.encodeQuotedPrintable(Array("--b1\nx--\n".utf8), lineEnding: .lf))
    #expect(enc == "=2D-b1\nx--\n")
    let long = String(repeating: "a", count: 75) + "--b1 more text\n"
    let wrapped = s(Codec.encodeQuotedPrintable(Array(long.utf8), lineEnding: .lf))
    #expect(wrapped.split(separator: "\n").allSatisfy { !$0.hasPrefix("--") })
    #expect(s(Codec.decodeQuotedPrintable(Array(wrapped.utf8), lineEnding: .lf).bytes) == long)
}

/// Random bodies heavy in the bytes QP treats specially (line breaks, spaces before
/// them, "=", leading dots, 8-bit): encoding keeps lines within 76 characters, leaves
/// no line ending in a space or tab, and decodes back to the input.
@Test func quotedPrintableRoundTripsRandomBodies() {
    var generator = SplitMix64(seed: 2045)
    let alphabet: [UInt8] = [0x20, 0x20, 0x09, 0x0A, 0x0D, 0x3D, 0x2E, 0x2D, 0x2D, 0xC3, 0xA9, 0x00] + Array("abcXYZ09<>/".utf8)
    for _ in 0..<2_000 {
        let length = Int(generator.next() % 400)
        var body = (0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }
        // A lone CR is not a line break; keep the test to CRLF and LF breaks.
        body = body.enumerated().map { $0.element == 0x0D && ($0.offset + 1 >= body.count || body[$0.offset + 1] != 0x0A) ? 0x41 : $0.element }
        for ending in [LineEnding.lf, .crlf] {
            let encoded = Codec.encodeQuotedPrintable(body, lineEnding: ending)
            let text = s(encoded)
            let lines = ending == .crlf ? text.components(separatedBy: "\r\n") : text.components(separatedBy: "\n")
            #expect(lines.allSatisfy { $0.utf8.count <= 76 })
            #expect(lines.allSatisfy { !$0.hasSuffix(" ") && !$0.hasSuffix("\t") })
            // No encoded line can be read as a MIME delimiter.
            #expect(lines.allSatisfy { !$0.hasPrefix("--") })
            // Decoding writes the line ending asked for (LF here). Where lines end in CRLF, a
            // CRLF in the input is a line break and comes back as LF; where they end in LF, a
            // CR before LF is content and comes back as it was.
            let decoded = Codec.decodeQuotedPrintable(encoded, lineEnding: .lf).bytes
            var expected: [UInt8] = []
            var index = 0
            while index < body.count {
                if ending == .crlf && body[index] == 0x0D && index + 1 < body.count && body[index + 1] == 0x0A { index += 1 }
                expected.append(body[index])
                index += 1
            }
            #expect(decoded == expected)
        }
    }
}

/// The word test of the encoder's fast path against the per-byte table: every byte value
/// in every lane of an otherwise plain word, then random words (spaces among them).
@Test func quotedPrintableWordTestAgreesWithTheByteTable() {
    // Leading class 0 bytes and spaces, less a space at the end of that run (it may come
    // before a line break).
    func byTable(_ word: UInt64) -> Int {
        func lane(_ k: Int) -> Int { Int((word >> UInt64(k * 8)) & 0xFF) }
        var count = 0
        while count < 8, Codec.quotedPrintableClass[lane(count)] == 0 || lane(count) == 0x20 { count += 1 }
        if count > 0 && lane(count - 1) == 0x20 { count -= 1 }
        return count
    }
    let plain = UInt64(0x6161_6161_6161_6161)
    for lane in 0..<8 {
        for byte in 0...255 {
            let shift = UInt64(lane * 8)
            let word = (plain & ~(UInt64(0xFF) << shift)) | (UInt64(byte) << shift)
            #expect(Codec.plainQuotedPrintablePrefix(word) == byTable(word), "byte \(byte) in lane \(lane)")
        }
    }
    var generator = SplitMix64(seed: 77)
    let bytes: [UInt8] = [0x00, 0x09, 0x0A, 0x0D, 0x1F, 0x20, 0x20, 0x21, 0x3C, 0x3D, 0x3E, 0x7E, 0x7F, 0x80, 0xC3, 0xFF, 0x61, 0x41]
    for _ in 0..<20_000 {
        var word: UInt64 = 0
        for lane in 0..<8 { word |= UInt64(bytes[Int(generator.next() % UInt64(bytes.count))]) << UInt64(lane * 8) }
        #expect(Codec.plainQuotedPrintablePrefix(word) == byTable(word))
    }
}

/// The word copy changes no output byte: random bodies, plain-heavy and special-heavy,
/// encoded with and without it.
@Test func quotedPrintableWordCopyWritesWhatTheByteLoopWrites() {
    var generator = SplitMix64(seed: 4242)
    let specials: [UInt8] = [0x20, 0x20, 0x09, 0x0A, 0x0D, 0x3D, 0x2E, 0x2D, 0xC3, 0xA9, 0x00, 0x7F]
    for round in 0..<2_000 {
        var body: [UInt8] = []
        let length = Int(generator.next() % 700)
        while body.count < length {
            let run = Int(generator.next() % (round % 2 == 0 ? 90 : 9))
            body += (0..<run).map { _ in UInt8(0x20 + generator.next() % 95) }
            body.append(specials[Int(generator.next() % UInt64(specials.count))])
        }
        for ending in [LineEnding.lf, .crlf] {
            let fast = body.withUnsafeBufferPointer { Codec.encodeQuotedPrintable($0, lineEnding: ending) }
            let slow = body.withUnsafeBufferPointer { Codec.encodeQuotedPrintable($0, lineEnding: ending, wordCopy: false) }
            #expect(fast == slow)
        }
    }
}

/// Bodies of long plain runs (the fast path) broken by the bytes QP treats specially, at
/// every distance from a line's end: they round-trip, and no line is longer than 76.
@Test func quotedPrintableRoundTripsLongPlainRuns() {
    var generator = SplitMix64(seed: 909)
    let specials: [UInt8] = [0x20, 0x09, 0x0A, 0x3D, 0x2E, 0x2D, 0xC3, 0xA9, 0x00]
    for _ in 0..<500 {
        var body: [UInt8] = []
        while body.count < 600 {
            let run = Int(generator.next() % 90)
            // Printable ASCII with spaces, as HTML text is; `=` only among the specials.
            body += (0..<run).map { _ in UInt8(0x20 + generator.next() % 94) }.map { $0 == 0x3D ? 0x61 : $0 }
            body.append(specials[Int(generator.next() % UInt64(specials.count))])
        }
        let encoded = Codec.encodeQuotedPrintable(body, lineEnding: .lf)
        let lines = s(encoded).components(separatedBy: "\n")
        #expect(lines.allSatisfy { $0.utf8.count <= 76 && !$0.hasSuffix(" ") && !$0.hasSuffix("\t") && !$0.hasPrefix("--") })
        #expect(Codec.decodeQuotedPrintable(encoded, lineEnding: .lf).bytes == body)
    }
}

@Test func encodedWordsDecodeAndJoinAdjacentWords() {
    #expect(EncodedWords.decode("=?UTF-8?B?SGVsbG8=?= =?utf-8?q?_W=C3=B6rld?=") == "Hello Wörld")
    #expect(EncodedWords.decode("Re: =?iso-8859-1?Q?caf=E9?= ok") == "Re: café ok")
    #expect(EncodedWords.decode("=?bogus") == "=?bogus")
    // After non-ASCII text, and with `=` and `?` apart: the quick check for `=?` must see
    // the one and not be fooled by the other.
    #expect(EncodedWords.decode("Grüße =?UTF-8?Q?Caf=C3=A9?=") == "Grüße Café")
    #expect(EncodedWords.decode("a = b? c = d?") == "a = b? c = d?")
    #expect(EncodedWords.mayHoldEncodedWord("xxxxxx=?".utf8))
    #expect(!EncodedWords.mayHoldEncodedWord("x?=x = ?x".utf8))
}

@Test func rfc2231ParametersAreJoinedAndDecoded() {
    let raw = Array("application/pdf; name*0*=utf-8''r%C3%A9; name*1*=sum%C3%A9.pdf; x=\"q\\\"t\"".utf8)
    let ct = ContentType.parse(raw, 0..<raw.count)
    #expect(ct.parameters["name"] == "résumé.pdf")
    #expect(ct.parameters["x"] == "q\"t")
}

@Test func contentTypeWithCommentsAndUppercase() {
    let raw = Array("Text/HTML (a comment); CHARSET=\"ISO-8859-1\"".utf8)
    let ct = ContentType.parse(raw, 0..<raw.count)
    #expect(ct.mimeType == "text/html")
    #expect(ct.charset == "ISO-8859-1")
    #expect(ct.charsetValueRange.map { String(decoding: raw[$0], as: UTF8.self) } == "ISO-8859-1")
}

@Test func invalidContentTypeFallsBackToTextPlain() {
    let raw = Array("garbage".utf8)
    #expect(ContentType.parse(raw, 0..<raw.count).mimeType == "text/plain")
}

@Test(arguments: [
    ("iso-8859-1", "windows-1252"), ("US-ASCII", "windows-1252"), ("gb2312", "gbk"), ("latin1", "windows-1252"),
    ("Shift_JIS", "shift_jis"), ("ks_c_5601-1987", "euc-kr"), ("utf8", "utf-8"), ("koi8-r", "koi8-r"),
])
func whatwgLabelsMapToEncodings(label: String, name: String) {
    #expect(Charset(label: label)?.name == name)
}

@Test(arguments: ["utf-8", "utf8", "us-ascii", "iso-8859-1", "windows-1252", "ascii", "latin1", "cp1252"])
func commonLabelsAnswerAsTheTableDoes(label: String) {
    // Answered before the table is built: the same encoding, in any case and spacing.
    #expect(Charset(label: label)?.name == Charset.labels[label])
    #expect(Charset(label: " \(label.uppercased()) ")?.name == Charset.labels[label])
}

@Test(arguments: ["iso-2022-jp", "shift_jis", "gb2312", "gb18030", "koi8-r", "windows-1252", "euc-kr", "big5", "euc-jp", "iso-8859-2", "windows-1251", "utf-16le"])
func charsetsRoundTripThroughICU(label: String) throws {
    let charset = try #require(Charset(label: label))
    let samples = ["iso-2022-jp": "日本語のテキスト", "shift_jis": "日本語", "euc-jp": "日本語", "gb2312": "中文文本", "gb18030": "中文𠀀",
                   "big5": "中文字", "euc-kr": "한국어", "koi8-r": "Привет", "windows-1251": "Привет", "iso-8859-2": "Zażółć",
                   "windows-1252": "café €", "utf-16le": "mixed ✓"]
    let text = samples[label] ?? "x"
    let encoded = try #require(charset.encode(text))
    #expect(charset.decode(encoded).text == text)
}

@Test func encodingReportsUnmappableCharacters() throws {
    let latin = try #require(Charset(label: "iso-8859-1"))
    #expect(latin.encode("日本") == nil)
}

@Test func unknownCharsetLabelIsNil() {
    #expect(Charset(label: "no-such-charset-xyz") == nil)
}

@Test func spliceWriterReencodesOnlyTheEditedLeaf() throws {
    let text = "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n<p>caf=C3=A9</p>=\r\n<img src=3D\"x\">\r\n--b\r\nContent-Type: text/plain\r\n\r\nkeep me\r\n--b--\r\n"
    let m = MIMEMessage(bytes: Array(text.utf8))
    var editor = MessageEditor(message: m)
    try editor.replaceContent(of: m.parts[1], with: Array("<p>café</p>".utf8))
    let out = String(decoding: editor.output(), as: UTF8.self)
    #expect(out == "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n<p>caf=C3=A9</p>\r\n--b\r\nContent-Type: text/plain\r\n\r\nkeep me\r\n--b--\r\n")
}

@Test func charsetParameterIsUpdatedInPlace() throws {
    let text = "Content-Type: text/plain; charset=\"iso-2022-jp\"; format=flowed\n\nx\n"
    let m = MIMEMessage(bytes: Array(text.utf8))
    var editor = MessageEditor(message: m)
    try editor.replaceContent(of: m.root, with: Array("y\n".utf8), newCharset: "utf-8")
    #expect(String(decoding: editor.output(), as: UTF8.self) == "Content-Type: text/plain; charset=\"utf-8\"; format=flowed\n\ny\n")
}

@Test func base64SecondBlockAfterPaddingStartsFresh() {
    // "Hi" + "!!" encoded separately and concatenated, as list footers do.
    #expect(s(Codec.decodeBase64(Array("SGk=\nISE=\n".utf8)).bytes) == "Hi!!")
}

@Test func quotedPrintableOfOnlyLineBreaksDoublesWithCRLF() {
    let r = Codec.decodeQuotedPrintable(Array(repeating: UInt8(0x0A), count: 1000), lineEnding: .crlf)
    #expect(r.bytes.count == 2000)
    let e = Codec.encodeQuotedPrintable(Array(repeating: UInt8(0x0A), count: 1000), lineEnding: .crlf)
    #expect(e.count == 2000)
    let escaped = Codec.encodeQuotedPrintable(Array(repeating: UInt8(0xFF), count: 1000), lineEnding: .crlf)
    #expect(Codec.decodeQuotedPrintable(escaped, lineEnding: .crlf).bytes == Array(repeating: UInt8(0xFF), count: 1000))
}

/// Re-encoding after an edit keeps every line of the original the edit left alone, byte for
/// byte, whatever encoder wrote it (other line widths, lower-case hex, escaped spaces,
/// malformed escapes), and the result decodes to the new content.
@Suite struct QuotedPrintableRequoteTests {
    /// A body encoded the way some other encoder might: random widths, bytes escaped when
    /// they need not be, lower-case hex, now and then a malformed `=` kept literally.
    static func foreignEncoding(_ body: [UInt8], _ ending: LineEnding, _ g: inout SplitMix64) -> [UInt8] {
        let width = 40 + Int(g.next() % 37)
        let hex = Array((g.next() % 2 == 0 ? "0123456789ABCDEF" : "0123456789abcdef").utf8)
        var out: [UInt8] = []
        var column = 0
        var index = 0
        while index < body.count {
            let c = body[index]
            if c == 0x0A {
                out += ending.bytes
                column = 0
                index += 1
                continue
            }
            var piece: [UInt8]
            let safe = c > 0x20 && c < 0x7F && c != 0x3D
            if safe && g.next() % 9 != 0 {
                piece = [c]
            } else {
                piece = [0x3D, hex[Int(c >> 4)], hex[Int(c & 15)]]
            }
            if column + piece.count > width - 1 {
                out += [0x3D] + ending.bytes
                column = 0
            }
            out += piece
            column += piece.count
            index += 1
        }
        return out
    }

    static func decode(_ bytes: [UInt8], _ ending: LineEnding) -> [UInt8] {
        Codec.decodeQuotedPrintable(bytes, lineEnding: ending).bytes
    }

    /// `original` re-encoded for `content`, through the line map its decoding gives.
    static func requote(_ original: [UInt8], _ content: [UInt8], _ ending: LineEnding) -> [UInt8] {
        let (decoded, lines) = Codec.decodeQuotedPrintableLines(original[...], lineEnding: ending)
        #expect(decoded == decode(original, ending))
        return Codec.requoteQuotedPrintable(
            original: original[...], decoded: decoded[...], lines: lines!, content: content, lineEnding: ending)
    }

    static func lines(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
        var result: [ArraySlice<UInt8>] = []
        var start = 0
        for k in bytes.indices where bytes[k] == 0x0A {
            result.append(bytes[start...k])
            start = k + 1
        }
        if start < bytes.count { result.append(bytes[start...]) }
        return result
    }

    @Test func editedBodiesDecodeToTheEditAndKeepTheOtherLines() {
        var g = SplitMix64(seed: 2_045_2)
        let text = Array("<td style=\"color:#333\"><a href=\"https://shop.example/p?utm_source=x&amp;id=7\">Spring sale</a></td> café ".utf8)
        for round in 0..<1_500 {
            let ending: LineEnding = round % 2 == 0 ? .crlf : .lf
            // Content: runs of HTML-like text with line breaks and 8-bit bytes among them.
            var content: [UInt8] = []
            let length = Int(g.next() % 3_000)
            while content.count < length {
                let start = Int(g.next() % UInt64(text.count))
                content += text[start..<min(text.count, start + Int(g.next() % 120))]
                if g.next() % 4 == 0 { content += ending.bytes }
                if g.next() % 16 == 0 { content += [0x20, 0x09] + ending.bytes }
            }
            let original = round % 3 == 0
                ? Codec.encodeQuotedPrintable(content, lineEnding: ending) : Self.foreignEncoding(content, ending, &g)
            let decoded = Self.decode(original, ending)
            // Unedited, it is the original itself.
            #expect(Self.requote(original, decoded, ending) == original)
            // A few edits: removals, shorter and longer replacements, insertions.
            var edited = decoded
            for _ in 0..<Int(g.next() % 5) where !edited.isEmpty {
                let at = Int(g.next() % UInt64(edited.count))
                let span = min(edited.count - at, Int(g.next() % 200))
                let replacement: [UInt8] = switch g.next() % 3 {
                case 0: []
                case 1: Array("x".utf8)
                default: Array(text.prefix(Int(g.next() % 80)))
                }
                edited.replaceSubrange(at..<(at + span), with: replacement)
            }
            let requoted = Self.requote(original, edited, ending)
            // It reads as encoding the whole content anew reads (where lines end in CRLF,
            // that writes a bare LF an edit left as a line break, either way).
            let whole = Codec.encodeQuotedPrintable(edited, lineEnding: ending)
            #expect(Self.decode(requoted, ending) == Self.decode(whole, ending), "round \(round)")
            // Lines written anew are within 76 characters (the foreign ones are too).
            for line in Self.lines(requoted) {
                let bare = line.last == 0x0A ? line.dropLast(ending == .crlf ? 2 : 1) : line
                #expect(bare.count <= 76, "round \(round)")
            }
            // What the edits did not reach stays: the first line when the edits start past it.
            let originalLines = Self.lines(original)
            let firstChange = zip(decoded, edited).enumerated().first { $0.element.0 != $0.element.1 }?.offset
                ?? min(decoded.count, edited.count)
            if let first = originalLines.first, first.count + 200 < firstChange, first.last == 0x0A {
                #expect(requoted.starts(with: first), "round \(round)")
            }
        }
    }

    /// One link changed in a long soft-broken line: every line but the one or two it spans is
    /// written as it was.
    @Test func aLinkEditRewritesOnlyItsLines() {
        var html = ""
        var edited = ""
        for k in 0..<40 {
            let row = { (query: String) in
                "<tr><td class=\"p\" style=\"padding:12px 24px;color:#333333\"><a href=\"https://shop.example/item-\(k)?\(query)\">Item \(k)</a></td></tr>"
            }
            html += row("utm_source=news&amp;id=\(k)")
            edited += row(k == 20 ? "id=\(k)" : "utm_source=news&amp;id=\(k)")
        }
        html += "\r\n"
        edited += "\r\n"
        let content = Array(html.utf8)
        let original = Codec.encodeQuotedPrintable(content, lineEnding: .crlf)
        let requoted = Self.requote(original, Array(edited.utf8), .crlf)
        #expect(Self.decode(requoted, .crlf) == Array(edited.utf8))
        let before = Set(Self.lines(original).map { Array($0) })
        let after = Self.lines(requoted).map { Array($0) }
        let rewritten = after.filter { !before.contains($0) }
        #expect(rewritten.count <= 3)
        #expect(after.count >= Self.lines(original).count - 1)
    }

    /// A map that is not of the original's decoding is not read: the content is encoded
    /// anew.
    @Test func aMapOfOtherBytesIsNotRead() {
        let original = Array("abc=3D=\ndef\n".utf8)
        let (decoded, lines) = Codec.decodeQuotedPrintableLines(original[...], lineEnding: .lf)
        let content = Array("abc=xyz\n".utf8)
        let short = Codec.requoteQuotedPrintable(
            original: original.dropLast()[...], decoded: decoded[...], lines: lines!, content: content, lineEnding: .lf)
        #expect(short == Codec.encodeQuotedPrintable(content, lineEnding: .lf))
        let other = Codec.requoteQuotedPrintable(
            original: original[...], decoded: decoded.dropLast()[...], lines: lines!, content: content, lineEnding: .lf)
        #expect(other == Codec.encodeQuotedPrintable(content, lineEnding: .lf))
    }
}

/// The decoder's word loop against a byte-at-a-time reading of the same rules, on random
/// encoded text heavy in `=` (escapes, malformed ones, soft breaks) at every distance from a
/// word's edge, with trailing spaces and both line endings.
@Test func quotedPrintableDecoderAgreesWithAByteLoop() {
    func reference(_ input: [UInt8], crlf: Bool) -> (bytes: [UInt8], problems: Int) {
        var out: [UInt8] = []
        var problems = 0
        var start = 0
        while start < input.count {
            let lf = input[start...].firstIndex(of: 0x0A)
            var end = lf ?? input.count
            if end > start && input[end - 1] == 0x0D { end -= 1 }
            while end > start && (input[end - 1] == 0x20 || input[end - 1] == 0x09) { end -= 1 }
            var soft = false
            var j = start
            while j < end {
                if input[j] == 0x3D {
                    if j + 1 == end { soft = true; break }
                    if j + 2 < end, let h = hexValue(input[j + 1]), let l = hexValue(input[j + 2]) {
                        out.append(h << 4 | l)
                        j += 3
                        continue
                    }
                    problems += 1
                }
                out.append(input[j])
                j += 1
            }
            if lf != nil && !soft { out += crlf ? [0x0D, 0x0A] : [0x0A] }
            start = lf.map { $0 + 1 } ?? input.count
        }
        return (out, problems)
    }
    var generator = SplitMix64(seed: 7_2045)
    let pieces: [[UInt8]] = [Array("=3D".utf8), Array("=3d".utf8), Array("=ZZ".utf8), Array("=".utf8), Array("=\n".utf8),
                             Array("=\r\n".utf8), Array(" \n".utf8), Array("\t\r\n".utf8), Array("\n".utf8), Array("=C3=A9".utf8),
                             Array("=4".utf8), Array("==".utf8)]
    for _ in 0..<3_000 {
        var input: [UInt8] = []
        let count = Int(generator.next() % 40)
        for _ in 0..<count {
            let run = Int(generator.next() % 19)
            input += (0..<run).map { _ in UInt8(0x21 + generator.next() % 94) }.map { $0 == 0x3D ? 0x61 : $0 }
            input += pieces[Int(generator.next() % UInt64(pieces.count))]
        }
        for crlf in [false, true] {
            let decoded = Codec.decodeQuotedPrintable(input, lineEnding: crlf ? .crlf : .lf)
            let expected = reference(input, crlf: crlf)
            #expect(decoded.bytes == expected.bytes && decoded.problems == expected.problems, "\(String(decoding: input, as: UTF8.self))")
        }
    }
}
