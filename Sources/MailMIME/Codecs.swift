#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Content-Transfer-Encoding decoders and encoders (RFC 2045 sections 6.7 and 6.8).
///
/// Decoders are lenient, as mail clients are: they never fail, they keep what they
/// can and count what they had to guess (`problems`).
public enum Codec {
    // MARK: Base64

    static let base64Alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    static let base64Values: [UInt8] = {
        var t = [UInt8](repeating: 0xFF, count: 256)
        for (i, c) in base64Alphabet.enumerated() { t[Int(c)] = UInt8(i) }
        // URL-safe letters too: some senders use them in mail.
        t[Int(UInt8(ascii: "-"))] = 62
        t[Int(UInt8(ascii: "_"))] = 63
        return t
    }()

    /// Decodes base64, skipping characters outside the alphabet and stopping at padding.
    public static func decodeBase64<C: Collection>(_ input: C) -> (bytes: [UInt8], problems: Int) where C.Element == UInt8 {
        var out: [UInt8] = []
        out.reserveCapacity(input.count / 4 * 3)
        var acc: UInt32 = 0
        var bits = 0
        var problems = 0
        var sawPadding = false
        for c in input {
            let v = base64Values[Int(c)]
            if v == 0xFF {
                if c == UInt8(ascii: "=") { sawPadding = true; continue }
                if !c.isASCIIWhitespace { problems += 1 }
                continue
            }
            if sawPadding {
                // Data after padding: a second base64 block was appended (list footers do this).
                // Start it on a fresh quantum, dropping the partial bits the padding ended.
                sawPadding = false
                acc = 0
                bits = 0
            }
            acc = acc << 6 | UInt32(v)
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8(truncatingIfNeeded: acc >> UInt32(bits)))
            }
        }
        if bits >= 6 { problems += 1 }  // a lone trailing character carries no whole byte
        return (out, problems)
    }

    /// Encodes base64 in lines of 76 characters, each ended with `lineEnding`.
    public static func encodeBase64(_ input: [UInt8], lineEnding: LineEnding) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity((input.count + 2) / 3 * 4 + (input.count / 57 + 1) * 2)
        var column = 0
        var i = 0
        let eol = lineEnding.bytes
        while i < input.count {
            let b0 = UInt32(input[i])
            let b1 = i + 1 < input.count ? UInt32(input[i + 1]) : 0
            let b2 = i + 2 < input.count ? UInt32(input[i + 2]) : 0
            let n = b0 << 16 | b1 << 8 | b2
            out.append(base64Alphabet[Int(n >> 18 & 63)])
            out.append(base64Alphabet[Int(n >> 12 & 63)])
            out.append(i + 1 < input.count ? base64Alphabet[Int(n >> 6 & 63)] : UInt8(ascii: "="))
            out.append(i + 2 < input.count ? base64Alphabet[Int(n & 63)] : UInt8(ascii: "="))
            i += 3
            column += 4
            if column >= 76 { out.append(contentsOf: eol); column = 0 }
        }
        if column > 0 { out.append(contentsOf: eol) }
        return out
    }

    // MARK: Quoted-printable

    /// Decodes quoted-printable. Hard line breaks become `lineEnding`; soft breaks
    /// (`=` at the end of a line) vanish; a malformed `=XY` is kept literally.
    public static func decodeQuotedPrintable<C: Collection>(_ input: C, lineEnding: LineEnding) -> (bytes: [UInt8], problems: Int)
    where C.Element == UInt8 {
        if let result = input.withContiguousStorageIfAvailable({ decodeQuotedPrintable($0, lineEnding: lineEnding) }) {
            return result
        }
        return Array(input).withUnsafeBufferPointer { decodeQuotedPrintable($0, lineEnding: lineEnding) }
    }

    static func decodeQuotedPrintable(_ input: UnsafeBufferPointer<UInt8>, lineEnding: LineEnding) -> (bytes: [UInt8], problems: Int) {
        var none: [UInt64]? = nil
        return decodeQuotedPrintable(input, lineEnding: lineEnding, lines: &none)
    }

    /// Decodes quoted-printable as `decodeQuotedPrintable` does, and says where each
    /// encoded line went: what `requoteQuotedPrintable` needs to keep the lines an edit
    /// leaves alone. nil lines for a body of 1 GiB or more (its decoded offsets may not fit
    /// the map's 31 bits).
    public static func decodeQuotedPrintableLines(_ input: ArraySlice<UInt8>, lineEnding: LineEnding)
        -> (bytes: [UInt8], lines: QuotedPrintableLines?)
    {
        input.withUnsafeBufferPointer { buffer in
            var lines: [UInt64]? = nil
            if buffer.count < Int(Int32.max) / 2 {
                // About one line in 64 bytes: the array grows once or twice at most.
                lines = []
                lines?.reserveCapacity(buffer.count / 64 + 16)
            }
            let decoded = decodeQuotedPrintable(buffer, lineEnding: lineEnding, lines: &lines)
            return (decoded.bytes, lines.map { QuotedPrintableLines(packed: $0) })
        }
    }

    private static func decodeQuotedPrintable(
        _ input: UnsafeBufferPointer<UInt8>, lineEnding: LineEnding, lines: inout [UInt64]?
    ) -> (bytes: [UInt8], problems: Int) {
        var problems = 0
        let crlf = lineEnding == .crlf
        let n = input.count
        // Output never exceeds the input plus one CR per LF (a body of bare LFs doubles).
        let bound = 2 * n + 2
        let out = [UInt8](unsafeUninitializedCapacity: bound) { buf, count in
            var o = 0
            var i = 0
            guard let target = buf.baseAddress else {
                count = 0
                return
            }
            while i < n {
                let line = decodeQuotedPrintableLine(input, from: i, crlf: crlf, into: target + o)
                o += line.count
                problems += line.problems
                i = line.next
                lines?.append(QuotedPrintableLines.pack(encodedEnd: i, decodedEnd: o, joined: line.joined))
            }
            count = o
        }
        return (out, problems)
    }

    /// Decodes the encoded line starting at `start` into `target` (room for its length
    /// plus two bytes): its bytes, and its hard break as CRLF (`crlf`) or LF. Returns how
    /// many bytes were written, where the next line starts, and whether the line ended in
    /// a soft break (or at the end of input: no break is written then either).
    @inline(__always)
    static func decodeQuotedPrintableLine(
        _ input: UnsafeBufferPointer<UInt8>, from start: Int, crlf: Bool, into target: UnsafeMutablePointer<UInt8>
    ) -> (count: Int, next: Int, joined: Bool, problems: Int) {
        let n = input.count
        let source = input.baseAddress!
        var o = 0
        var problems = 0
        // One line at a time, so trailing whitespace can be dropped (RFC 2045 rule 3).
        let lineEnd = memchr(source + start, Int32(byteLF), n - start).map { UnsafeRawPointer($0) - UnsafeRawPointer(source) } ?? n
        let hasLF = lineEnd < n
        var contentEnd = lineEnd
        if contentEnd > start, input[contentEnd - 1] == byteCR { contentEnd -= 1 }
        var trimmed = contentEnd
        while trimmed > start, input[trimmed - 1] == byteSpace || input[trimmed - 1] == byteTab { trimmed -= 1 }
        var soft = false
        var j = start
        while j < trimmed {
            // Copy the run up to the next "=" in one go.
            let equals = memchr(source + j, 0x3D, trimmed - j).map { UnsafeRawPointer($0) - UnsafeRawPointer(source) } ?? trimmed
            if equals > j {
                (target + o).update(from: source + j, count: equals - j)
                o += equals - j
                j = equals
                if j == trimmed { break }
            }
            let c = input[j]
            if c == 0x3D {  // "="
                if j + 1 == trimmed { soft = true; break }
                if j + 2 < trimmed, let h = hexValue(input[j + 1]), let l = hexValue(input[j + 2]) {
                    target[o] = h << 4 | l
                    o += 1
                    j += 3
                    continue
                }
                problems += 1
            }
            target[o] = c
            o += 1
            j += 1
        }
        if hasLF && !soft {
            if crlf { target[o] = byteCR; o += 1 }
            target[o] = byteLF
            o += 1
        }
        return (o, hasLF ? lineEnd + 1 : n, soft || !hasLF, problems)
    }

    /// Quoted-printable for `content`, the new decoded content of a part whose body was
    /// `original` (decoded: `decoded`, its lines: `lines`, from `decodeQuotedPrintableLines`):
    /// every line of `original` whose decoded bytes `content` still holds, in order, is kept
    /// as it was written; only the stretches between them are encoded anew. Cleaning changes
    /// a few spans of a part: the lines around them are rewritten, and the rest stays byte
    /// for byte (and is not encoded again). The result decodes to what encoding the whole of
    /// `content` anew decodes to, whatever the inputs hold; the search for the next line
    /// to keep is bounded, and past the bound the rest is encoded anew.
    public static func requoteQuotedPrintable(
        original: ArraySlice<UInt8>, decoded: ArraySlice<UInt8>, lines: QuotedPrintableLines, content: [UInt8],
        lineEnding: LineEnding
    ) -> [UInt8] {
        original.withUnsafeBufferPointer { old in
            decoded.withUnsafeBufferPointer { was in
                content.withUnsafeBufferPointer { new in
                    requoteQuotedPrintable(old, was, lines.packed, new, lineEnding: lineEnding)
                }
            }
        }
    }

    private static func requoteQuotedPrintable(
        _ old: UnsafeBufferPointer<UInt8>, _ was: UnsafeBufferPointer<UInt8>, _ lines: [UInt64],
        _ new: UnsafeBufferPointer<UInt8>, lineEnding: LineEnding
    ) -> [UInt8] {
        // The map must be of these bytes (a caller's mistake must not read out of bounds).
        guard let oldBase = old.baseAddress, let wasBase = was.baseAddress, let newBase = new.baseAddress,
            let last = lines.last, QuotedPrintableLines.encodedEnd(last) == old.count,
            QuotedPrintableLines.decodedEnd(last) == was.count
        else {
            return encodeQuotedPrintable(new, lineEnding: lineEnding)
        }
        var out: [UInt8] = []
        out.reserveCapacity(old.count + old.count / 8 + 64)
        var p = 0  // what of `content` the output holds
        var k = 0  // the next line of `original`
        // Bytes the searches for a kept line may look at, all told: linear in the input.
        var budget = 4 * (old.count + new.count) + 65_536
        @inline(__always) func start(_ line: Int) -> (encoded: Int, decoded: Int) {
            line == 0 ? (0, 0)
                : (QuotedPrintableLines.encodedEnd(lines[line - 1]), QuotedPrintableLines.decodedEnd(lines[line - 1]))
        }
        @inline(__always) func word(_ pointer: UnsafePointer<UInt8>) -> UInt64 {
            UnsafeRawPointer(pointer).loadUnaligned(as: UInt64.self)
        }
        @inline(__always) func holds(_ at: Int, _ from: Int, _ count: Int) -> Bool {
            at + count <= new.count && (count == 0 || memcmp(newBase + at, wasBase + from, count) == 0)
        }
        // The run of kept lines not yet written: `original[keptFrom..<keptUpTo]`.
        var keptFrom = 0
        var keptUpTo = 0
        func flushKept() {
            if keptUpTo > keptFrom { out.append(contentsOf: UnsafeBufferPointer(start: oldBase + keptFrom, count: keptUpTo - keptFrom)) }
            keptFrom = keptUpTo
        }
        /// `content[from..<to]` encoded anew, ended so that a line of `original` can follow.
        func encodeStretch(_ from: Int, _ to: Int) {
            flushKept()
            guard to > from else { return }
            out.append(contentsOf: encodeQuotedPrintable(
                UnsafeBufferPointer(rebasing: new[from..<to]), lineEnding: lineEnding, continued: to < new.count))
        }
        while k < lines.count {
            let (encoded, decoded) = start(k)
            let line = lines[k]
            let count = QuotedPrintableLines.decodedEnd(line) - decoded
            let next = QuotedPrintableLines.encodedEnd(line)
            // A line is kept where `content` holds its bytes next. The last line only where
            // `content` ends with it; a soft-broken line not where `content` ends and lines
            // follow (the body would end in a soft break).
            let ends = p + count == new.count
            if holds(p, decoded, count) && (next < old.count ? !(QuotedPrintableLines.joined(line) && ends) : ends) {
                // Kept lines are written in runs: one copy for each stretch between edits.
                if keptUpTo != encoded {
                    flushKept()
                    keptFrom = encoded
                }
                keptUpTo = next
                p += count
                k += 1
                continue
            }
            flushKept()
            // The lines from here differ: find the next one `content` holds, near where it
            // stood, encode what comes before it, and go on from there. Both run alike up
            // to the first change, so the next line is not before it.
            var same = 0
            let limit = min(new.count - p, was.count - decoded)
            while same + 8 <= limit && word(newBase + p + same) == word(wasBase + decoded + same) { same += 8 }
            while same < limit && newBase[p + same] == wasBase[decoded + same] { same += 1 }
            let changed = decoded + same
            var found: (line: Int, at: Int)? = nil
            var j = k + 1
            while j < lines.count && j - k <= 512 && budget > 0 {
                defer { j += 1 }
                // Every line looked at counts, skipped ones too (a body of short lines).
                budget -= 16
                let (_, from) = start(j)
                let size = QuotedPrintableLines.decodedEnd(lines[j]) - from
                // Short lines (a blank line) match too often to place anything; a line the
                // change began in is not the same; the last line is matched where it
                // stands (above).
                guard size >= 8, from >= changed, QuotedPrintableLines.encodedEnd(lines[j]) < old.count else { continue }
                // Cleaning mostly removes: the line is at most as far past the change as it
                // stood, give or take a longer replacement.
                let windowStart = p + same
                let windowEnd = min(new.count - size, windowStart + (from - changed) + 256)
                guard windowEnd >= windowStart else { continue }
                budget -= windowEnd - windowStart + 1
                let first = Int32(wasBase[from])
                let head = word(wasBase + from)
                var at = windowStart
                while at <= windowEnd, let hit = memchr(newBase + at, first, windowEnd - at + 1) {
                    let q = UnsafeRawPointer(hit) - UnsafeRawPointer(newBase)
                    budget -= 8
                    // Eight bytes compared in place before the whole line.
                    if word(newBase + q) == head && holds(q, from, size) {
                        found = (j, q)
                        break
                    }
                    at = q + 1
                }
                if found != nil { break }
            }
            guard let found else {
                encodeStretch(p, new.count)
                return out
            }
            encodeStretch(p, found.at)
            p = found.at
            k = found.line
        }
        // Lines of `original` ran out: the rest of `content` is new.
        encodeStretch(p, new.count)
        flushKept()
        return out
    }

    /// Encodes quoted-printable with lines of at most 76 characters and the given line ending.
    /// Line breaks in the input are kept as hard breaks (text parts).
    public static func encodeQuotedPrintable(_ input: [UInt8], lineEnding: LineEnding) -> [UInt8] {
        input.withUnsafeBufferPointer { encodeQuotedPrintable($0, lineEnding: lineEnding) }
    }

    static let hexDigits: [UInt8] = Array("0123456789ABCDEF".utf8)

    /// Per byte, how quoted-printable treats it: 0 copied as it is (printable ASCII but
    /// `=`); 1 always escaped (`=`, 8-bit, controls but tab, CR and LF); 2 decided by its
    /// neighbours (space, tab, CR, LF).
    static let quotedPrintableClass: [UInt8] = (0...255).map { c -> UInt8 in
        if c > 0x20 && c < 0x7F && c != 0x3D { return 0 }
        if c == 0x20 || c == 0x09 || c == 0x0D || c == 0x0A { return 2 }
        return 1
    }

    /// `wordCopy: false` takes the byte loop only (tests hold the two to the same output).
    /// `continued`: more encoded lines follow the input's, so its last line ends in a soft
    /// break (none after a hard break), and its last byte is not at the end of a line.
    static func encodeQuotedPrintable(
        _ input: UnsafeBufferPointer<UInt8>, lineEnding: LineEnding, wordCopy: Bool = true, continued: Bool = false
    ) -> [UInt8] {
        let n = input.count
        let crlf = lineEnding == .crlf
        // Worst case: every byte escaped (3x) plus a soft break every 25 escapes.
        let bound = n * 3 + (n / 24 + 2) * 3 + 8
        return [UInt8](unsafeUninitializedCapacity: bound) { buf, count in
            count = hexDigits.withUnsafeBufferPointer { hex in
                quotedPrintableClass.withUnsafeBufferPointer { kind in
                    encodeQuotedPrintable(input, into: buf, crlf: crlf, hex: hex, kind: kind, wordCopy: wordCopy, continued: continued)
                }
            }
        }
    }

    /// How many leading bytes of `word` (lanes in memory order) are copied as they are:
    /// printable ASCII other than `=`, and spaces followed by such a byte. The first byte
    /// that is not (below 0x20, above 0x7E or `=`) is found with exact word tests: each
    /// flags its lowest matching lane exactly. A space just before it, or in the last
    /// lane, may precede a line break and is left to the byte loop.
    @inline(__always)
    static func plainQuotedPrintablePrefix(_ word: UInt64) -> Int {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let below = (word &- ones &* 0x20) & ~word & highs
        let above = ((word &+ ones) | word) & highs
        let equals = word ^ (ones &* 0x3D)
        let isEquals = (equals &- ones) & ~equals & highs
        let special = below | above | isEquals
        var count = special == 0 ? 8 : special.trailingZeroBitCount >> 3
        if count > 0 && (word >> UInt64(count * 8 - 8)) & 0xFF == 0x20 { count -= 1 }
        return count
    }

    /// The encoder's loop, over plain pointers so its counters stay in registers; returns
    /// the bytes written.
    private static func encodeQuotedPrintable(
        _ input: UnsafeBufferPointer<UInt8>, into buf: UnsafeMutableBufferPointer<UInt8>, crlf: Bool,
        hex: UnsafeBufferPointer<UInt8>, kind: UnsafeBufferPointer<UInt8>, wordCopy: Bool, continued: Bool
    ) -> Int {
        let n = input.count
        var o = 0
        var column = 0
        var i = 0
        @inline(__always) func eol() {
            if crlf { buf[o] = byteCR; o += 1 }
            buf[o] = byteLF
            o += 1
        }
        @inline(__always) func escape(_ c: UInt8) {
            buf[o] = 0x3D
            buf[o + 1] = hex[Int(c >> 4)]
            buf[o + 2] = hex[Int(c & 15)]
            o += 3
        }
        while i < n {
            // Fast path: runs of printable ASCII other than "=" (and a space not
            // before a line break), away from the line's end, are copied as they are.
            // Bytes that are always escaped ("=", 8-bit, controls other than tab and
            // line breaks) are written here too while the escape fits the line.
            while i < n && column < 72 {
                let first = input[i]
                // A line starting with "." or "-" goes the slow way (it may need an escape).
                if column == 0 && (first == 0x2E || first == 0x2D) { break }
                let limit = min(n, i + 72 - column)
                let start = i
                // Eight bytes at a time while all of them are copied as they are: the
                // text of an HTML part is mostly that. (A space the word copy takes is
                // followed by a printable byte or a space, never a line break: it needs no
                // escape either.)
                // The word is stored whole and the output moves on by the bytes that count
                // (the buffer has room: at least eight input bytes remain, each of them
                // writes at least one output byte).
                while wordCopy && i + 8 <= limit {
                    let word = UnsafeRawPointer(input.baseAddress! + i).loadUnaligned(as: UInt64.self)
                    // Lanes in memory order whatever the machine's byte order.
                    let plain = plainQuotedPrintablePrefix(UInt64(littleEndian: word))
                    UnsafeMutableRawPointer(buf.baseAddress! + o).storeBytes(of: word, as: UInt64.self)
                    o += plain
                    i += plain
                    if plain < 8 { break }
                }
                while i < limit {
                    let c = input[i]
                    if kind[Int(c)] != 0 { break }
                    buf[o] = c
                    o += 1
                    i += 1
                }
                column += i - start
                guard i < limit else { continue }
                let c = input[i]
                if kind[Int(c)] == 1 {
                    escape(c)
                    i += 1
                    column += 3
                    continue
                }
                guard c == byteSpace, i + 1 < n, input[i + 1] != byteLF, input[i + 1] != byteCR else { break }
                buf[o] = c
                o += 1
                i += 1
                column += 1
            }
            guard i < n else { break }
            let c = input[i]
            // A hard line break: a bare LF, or CRLF where the part's lines end in CRLF.
            // In a part whose lines end in LF, a CR before LF is content (=0D): taking
            // it for part of the break would lose it.
            if c == byteLF || (crlf && c == byteCR && i + 1 < n && input[i + 1] == byteLF) {
                eol()
                column = 0
                i += (c == byteCR) ? 2 : 1
                continue
            }
            let nextIsBreak = i + 1 >= n ? !continued
                : input[i + 1] == byteLF || (crlf && input[i + 1] == byteCR && i + 2 < n && input[i + 2] == byteLF)
            // At the start of a line: a "." can be mangled in transit (SMTP dot-stuffing
            // bugs), and "--" could read as a MIME boundary of an enclosing multipart
            // (content decoded from a soft-broken line, or an edit that moved it there).
            let lineStartEscape = c == 0x2E || (c == 0x2D && i + 1 < n && input[i + 1] == 0x2D)
            var needsEscape = c == 0x3D || c > 0x7E || (c < 0x20 && c != byteTab)
                || ((c == byteSpace || c == byteTab) && nextIsBreak)
                || (column == 0 && lineStartEscape)
            // Keep room for a soft break "=" unless this is the last character of the line.
            if column + (needsEscape ? 3 : 1) > (nextIsBreak ? 76 : 75) {
                buf[o] = 0x3D
                o += 1
                eol()
                column = 0
                needsEscape = needsEscape || lineStartEscape
            }
            let width = needsEscape ? 3 : 1
            if needsEscape {
                escape(c)
            } else {
                buf[o] = c
                o += 1
            }
            column += width
            i += 1
        }
        if continued && column > 0 {
            buf[o] = 0x3D
            o += 1
            eol()
        }
        return o
    }
}

/// Where each line of a quoted-printable body went when it was decoded: for each line, the
/// end of its encoded bytes (its LF included) and of its decoded bytes, and whether it
/// ended in a soft break or at the end of the body. Eight bytes a line.
public struct QuotedPrintableLines: Sendable {
    let packed: [UInt64]

    @inline(__always) static func pack(encodedEnd: Int, decodedEnd: Int, joined: Bool) -> UInt64 {
        UInt64(truncatingIfNeeded: encodedEnd) << 32 | UInt64(truncatingIfNeeded: decodedEnd) << 1 | (joined ? 1 : 0)
    }
    @inline(__always) static func encodedEnd(_ line: UInt64) -> Int { Int(line >> 32) }
    @inline(__always) static func decodedEnd(_ line: UInt64) -> Int { Int((line & 0xFFFF_FFFF) >> 1) }
    @inline(__always) static func joined(_ line: UInt64) -> Bool { line & 1 != 0 }
}
