/// RFC 2047 encoded words (`=?charset?B?...?=`), decoded for reports and names.
public enum EncodedWords {
    /// Decodes every encoded word in an unfolded header value. Whitespace between two
    /// adjacent encoded words is dropped (RFC 2047 section 6.2); malformed words stay as written.
    public static func decode(_ value: String) -> String {
        // Most values have no encoded word: a byte scan says so without a copy (the generic
        // `String.contains` substring search cost ~10,000 instructions per header).
        guard value.utf8.count >= 8, mayHoldEncodedWord(value.utf8) else { return value }
        let u = Array(value.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(u.count)
        var i = 0
        var pendingSpace: [UInt8] = []
        var lastWasEncoded = false
        while i < u.count {
            if u[i] == UInt8(ascii: "="), i + 1 < u.count, u[i + 1] == UInt8(ascii: "?"),
               let (text, next) = decodeWord(u, at: i) {
                if !lastWasEncoded { out.append(contentsOf: pendingSpace) }
                pendingSpace.removeAll()
                out.append(contentsOf: Array(text.utf8))
                lastWasEncoded = true
                i = next
                continue
            }
            if u[i] == byteSpace || u[i] == byteTab {
                pendingSpace.append(u[i])
                i += 1
                continue
            }
            out.append(contentsOf: pendingSpace)
            pendingSpace.removeAll()
            out.append(u[i])
            lastWasEncoded = false
            i += 1
        }
        out.append(contentsOf: pendingSpace)
        return String(decoding: out, as: UTF8.self)
    }

    /// Whether `=?`, which starts every encoded word, occurs in `utf8`.
    static func mayHoldEncodedWord(_ utf8: String.UTF8View) -> Bool {
        var previous: UInt8 = 0
        for byte in utf8 {
            if byte == UInt8(ascii: "?") && previous == UInt8(ascii: "=") { return true }
            previous = byte
        }
        return false
    }

    /// Decodes one `=?charset[*lang]?enc?text?=` at `start`; nil when it is not one.
    static func decodeWord(_ u: [UInt8], at start: Int) -> (String, Int)? {
        var i = start + 2
        let charsetStart = i
        while i < u.count, u[i] != UInt8(ascii: "?") { if u[i] <= 0x20 { return nil }; i += 1 }
        guard i + 3 < u.count else { return nil }
        var charsetLabel = String(decoding: u[charsetStart..<i], as: UTF8.self)
        if let star = charsetLabel.firstIndex(of: "*") { charsetLabel = String(charsetLabel[..<star]) }  // RFC 2231 language
        let enc = u[i + 1].asciiLowercased
        guard enc == UInt8(ascii: "b") || enc == UInt8(ascii: "q"), u[i + 2] == UInt8(ascii: "?") else { return nil }
        let textStart = i + 3
        var j = textStart
        while j + 1 < u.count, !(u[j] == UInt8(ascii: "?") && u[j + 1] == UInt8(ascii: "=")) {
            if u[j] == byteSpace && enc == UInt8(ascii: "q") { return nil }
            j += 1
        }
        guard j + 1 < u.count else { return nil }
        let payload = u[textStart..<j]
        let raw: [UInt8]
        if enc == UInt8(ascii: "b") {
            raw = Codec.decodeBase64(payload).bytes
        } else {
            var bytes: [UInt8] = []
            var k = payload.startIndex
            while k < payload.endIndex {
                let c = payload[k]
                if c == UInt8(ascii: "_") { bytes.append(byteSpace); k += 1; continue }
                if c == UInt8(ascii: "="), k + 2 < payload.endIndex, let h = hexValue(payload[k + 1]), let l = hexValue(payload[k + 2]) {
                    bytes.append(h << 4 | l); k += 3; continue
                }
                bytes.append(c)
                k += 1
            }
            raw = bytes
        }
        let charset = Charset(label: charsetLabel) ?? .utf8
        return (charset.decode(raw).text, j + 2)
    }
}
