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
        var problems = 0
        let crlf = lineEnding == .crlf
        let n = input.count
        // Output never exceeds the input plus one CR per LF (a body of bare LFs doubles).
        let bound = 2 * n + 2
        let out = [UInt8](unsafeUninitializedCapacity: bound) { buf, count in
            var o = 0
            var i = 0
            guard let source = input.baseAddress, let target = buf.baseAddress else {
                count = 0
                return
            }
            while i < n {
                // One line at a time, so trailing whitespace can be dropped (RFC 2045 rule 3).
                let lineEnd = memchr(source + i, Int32(byteLF), n - i).map { UnsafeRawPointer($0) - UnsafeRawPointer(source) } ?? n
                let hasLF = lineEnd < n
                var contentEnd = lineEnd
                if contentEnd > i, input[contentEnd - 1] == byteCR { contentEnd -= 1 }
                var trimmed = contentEnd
                while trimmed > i, input[trimmed - 1] == byteSpace || input[trimmed - 1] == byteTab { trimmed -= 1 }
                var soft = false
                var j = i
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
                            buf[o] = h << 4 | l
                            o += 1
                            j += 3
                            continue
                        }
                        problems += 1
                    }
                    buf[o] = c
                    o += 1
                    j += 1
                }
                if hasLF && !soft {
                    if crlf { buf[o] = byteCR; o += 1 }
                    buf[o] = byteLF
                    o += 1
                }
                i = hasLF ? lineEnd + 1 : n
            }
            count = o
        }
        return (out, problems)
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
    static func encodeQuotedPrintable(_ input: UnsafeBufferPointer<UInt8>, lineEnding: LineEnding, wordCopy: Bool = true) -> [UInt8] {
        let n = input.count
        let crlf = lineEnding == .crlf
        // Worst case: every byte escaped (3x) plus a soft break every 25 escapes.
        let bound = n * 3 + (n / 24 + 2) * 3 + 8
        return [UInt8](unsafeUninitializedCapacity: bound) { buf, count in
            count = hexDigits.withUnsafeBufferPointer { hex in
                quotedPrintableClass.withUnsafeBufferPointer { kind in
                    encodeQuotedPrintable(input, into: buf, crlf: crlf, hex: hex, kind: kind, wordCopy: wordCopy)
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
        hex: UnsafeBufferPointer<UInt8>, kind: UnsafeBufferPointer<UInt8>, wordCopy: Bool
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
            let nextIsBreak = i + 1 >= n || input[i + 1] == byteLF
                || (crlf && input[i + 1] == byteCR && i + 2 < n && input[i + 2] == byteLF)
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
        return o
    }
}
