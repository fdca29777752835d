/// One image candidate of a `srcset` attribute.
struct SrcsetCandidate: Equatable {
    /// The candidate: URL and descriptors, without the separating comma.
    var range: Range<Int>
    var url: Range<Int>
}

/// Splits a decoded `srcset` value into candidates as the HTML standard's "parse a srcset
/// attribute" does (§4.8.4.3.10): a URL that ends in commas has no descriptors; otherwise
/// descriptors run to the next comma outside parentheses.
func parseSrcset(_ bytes: [UInt8]) -> [SrcsetCandidate] {
    func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0C || byte == 0x0D
    }
    var candidates: [SrcsetCandidate] = []
    var position = 0
    let count = bytes.count
    while true {
        while position < count && (isSpace(bytes[position]) || bytes[position] == 0x2C) { position += 1 }
        if position >= count { break }
        let start = position
        while position < count && !isSpace(bytes[position]) { position += 1 }
        var urlEnd = position
        if bytes[urlEnd - 1] == 0x2C {
            while urlEnd > start && bytes[urlEnd - 1] == 0x2C { urlEnd -= 1 }
            if urlEnd > start { candidates.append(SrcsetCandidate(range: start..<urlEnd, url: start..<urlEnd)) }
            continue
        }
        var inParens = false
        while position < count {
            let byte = bytes[position]
            if inParens {
                if byte == 0x29 { inParens = false }
            } else if byte == 0x28 {
                inParens = true
            } else if byte == 0x2C {
                break
            }
            position += 1
        }
        var end = position
        while end > urlEnd && isSpace(bytes[end - 1]) { end -= 1 }
        candidates.append(SrcsetCandidate(range: start..<end, url: start..<urlEnd))
        if position < count { position += 1 }
    }
    return candidates
}

/// Percent-encodes what would break a URL inside `srcset` (whitespace, commas).
func srcsetSafeURL(_ url: String) -> [UInt8] {
    var output: [UInt8] = []
    for byte in url.utf8 {
        switch byte {
        case 0x20: output += Array("%20".utf8)
        case 0x09: output += Array("%09".utf8)
        case 0x0A: output += Array("%0A".utf8)
        case 0x0C: output += Array("%0C".utf8)
        case 0x0D: output += Array("%0D".utf8)
        case 0x2C: output += Array("%2C".utf8)
        default: output.append(byte)
        }
    }
    return output
}
