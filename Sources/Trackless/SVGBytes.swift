import MailHTML
import MailMIME

/// Cleans an SVG by editing only the bytes of what it removes: an external reference's
/// attribute, the `url()` loads in a style, an `xml-stylesheet` instruction. Every other
/// byte (spacing, quoting, comments, the declaration) stays as it was.
///
/// It runs on SVG that libxml2 has already parsed as well-formed XML, and reads it with a
/// small scanner of its own (libxml2 keeps no byte offsets). SVG with a document type that
/// declares entities goes to the tree path instead (`SVGCleaner.cleanTree`): only libxml2
/// knows what such references stand for.
enum SVGBytes {
    enum Outcome {
        case unchanged
        case changed([UInt8])
        /// Entities or markup the scanner does not follow: the tree path decides.
        case needsTree
    }

    static func clean(_ svg: [UInt8], judge: SVGJudge, findings: inout [Finding]) -> Outcome {
        var scanner = Scanner(bytes: svg, judge: judge)
        guard scanner.run() else { return .needsTree }
        guard !scanner.findings.isEmpty else { return .unchanged }
        findings.append(contentsOf: scanner.findings)
        return .changed(MessageEditor.apply(scanner.edits, to: svg))
    }

    struct Scanner {
        let bytes: [UInt8]
        let judge: SVGJudge
        var i = 0
        /// Local names of the open elements.
        var open: [String] = []
        var edits: [SpliceEdit] = []
        var findings: [Finding] = []
        /// The raw text and CDATA pieces directly in the `<style>` element being read.
        var styleText: [(range: Range<Int>, cdata: Bool)] = []

        init(bytes: [UInt8], judge: SVGJudge) {
            self.bytes = bytes
            self.judge = judge
        }

        /// False when the SVG needs the tree path.
        mutating func run() -> Bool {
            let n = bytes.count
            while i < n {
                guard bytes[i] == 0x3C else {
                    let start = i
                    while i < n, bytes[i] != 0x3C { i += 1 }
                    if open.last == "style" { styleText.append((start..<i, false)) }
                    continue
                }
                if starts("<!--") {
                    guard let end = find("-->", from: i + 4) else { return false }
                    i = end + 3
                } else if starts("<![CDATA[") {
                    guard let end = find("]]>", from: i + 9) else { return false }
                    if open.last == "style" { styleText.append(((i + 9)..<end, true)) }
                    i = end + 3
                } else if starts("<!") {
                    // A document type: with an internal subset it may declare entities.
                    guard let end = declarationEnd(from: i + 2) else { return false }
                    i = end
                } else if starts("<?") {
                    guard let end = find("?>", from: i + 2) else { return false }
                    instruction(i..<(end + 2))
                    i = end + 2
                } else if starts("</") {
                    guard let end = find(">", from: i + 2) else { return false }
                    if open.last == "style", !closeStyle() { return false }
                    if !open.isEmpty { open.removeLast() }
                    i = end + 1
                } else {
                    guard startTag() else { return false }
                }
            }
            return true
        }

        func starts(_ literal: String) -> Bool {
            let l = Array(literal.utf8)
            return i + l.count <= bytes.count && bytes[i..<(i + l.count)].elementsEqual(l)
        }

        func find(_ literal: String, from start: Int) -> Int? {
            let l = Array(literal.utf8)
            var k = start
            while k + l.count <= bytes.count {
                if bytes[k] == l[0], bytes[k..<(k + l.count)].elementsEqual(l) { return k }
                k += 1
            }
            return nil
        }

        /// The end of `<!DOCTYPE ...>` (quoted strings skipped); nil for an internal subset.
        func declarationEnd(from start: Int) -> Int? {
            var k = start
            var quote: UInt8 = 0
            while k < bytes.count {
                let b = bytes[k]
                if quote != 0 {
                    if b == quote { quote = 0 }
                } else if b == 0x22 || b == 0x27 {
                    quote = b
                } else if b == 0x5B {
                    return nil
                } else if b == 0x3E {
                    return k + 1
                }
                k += 1
            }
            return nil
        }

        static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }

        /// `<?xml-stylesheet href=...?>` loads a stylesheet: the instruction goes.
        mutating func instruction(_ range: Range<Int>) {
            let end = range.upperBound - 2
            var k = range.lowerBound + 2
            while k < end, !Self.isSpace(bytes[k]) { k += 1 }
            let target = String(decoding: bytes[(range.lowerBound + 2)..<k], as: UTF8.self)
            while k < end, Self.isSpace(bytes[k]) { k += 1 }
            let text = String(decoding: bytes[k..<end], as: UTF8.self)
            guard target == "xml-stylesheet", text.contains("href") else { return }
            findings.append(judge.finding("xml-stylesheet", url: SVGCleaner.stylesheetHref(text), kind: .stylesheet))
            edits.append(SpliceEdit(range: range, replacement: []))
        }

        /// One start tag with its attributes; false on markup the scanner cannot follow.
        mutating func startTag() -> Bool {
            let n = bytes.count
            var k = i + 1
            while k < n, !Self.isSpace(bytes[k]), bytes[k] != 0x3E, bytes[k] != 0x2F { k += 1 }
            let element = Self.localName(bytes[(i + 1)..<k])
            while true {
                let spaceStart = k
                while k < n, Self.isSpace(bytes[k]) { k += 1 }
                guard k < n else { return false }
                if bytes[k] == 0x3E {
                    open.append(element)
                    if element == "style" { styleText = [] }
                    i = k + 1
                    return true
                }
                if bytes[k] == 0x2F {
                    guard k + 1 < n, bytes[k + 1] == 0x3E else { return false }
                    i = k + 2
                    return true
                }
                let nameStart = k
                while k < n, !Self.isSpace(bytes[k]), bytes[k] != 0x3D { k += 1 }
                let name = Self.localName(bytes[nameStart..<k])
                while k < n, Self.isSpace(bytes[k]) { k += 1 }
                guard k < n, bytes[k] == 0x3D else { return false }
                k += 1
                while k < n, Self.isSpace(bytes[k]) { k += 1 }
                guard k < n, bytes[k] == 0x22 || bytes[k] == 0x27 else { return false }
                let quote = bytes[k]
                let valueStart = k + 1
                k = valueStart
                while k < n, bytes[k] != quote { k += 1 }
                guard k < n else { return false }
                guard attribute(element: element, name: name, whole: spaceStart..<(k + 1), value: valueStart..<k, quote: quote)
                else { return false }
                k += 1
            }
        }

        /// Judges one attribute as the tree path does; false when its value has an entity
        /// the scanner cannot expand.
        mutating func attribute(element: String, name: String, whole: Range<Int>, value: Range<Int>, quote: UInt8) -> Bool {
            guard let decoded = Self.decode(bytes[value], attribute: true) else { return false }
            let text = String(decoding: decoded, as: UTF8.self)
            let place = "\(element)@\(name)"
            if name == "href" || name == "src" {
                if SVGCleaner.isRemote(text) {
                    findings.append(judge.finding(place, url: text.trimmingCharacters(), kind: .image))
                    edits.append(SpliceEdit(range: whole, replacement: []))
                }
                return true
            }
            let context: CSSText.Context
            if name == "style" {
                context = .declarations
            } else if !name.isEmpty, text.contains("(") {
                context = .value(property: name)
            } else {
                return true
            }
            guard let (cleaned, removed) = CSSText.removingRemoteLoads(text, in: context) else { return true }
            findings += judge.findings(place, removed)
            edits.append(SpliceEdit(range: value, replacement: Self.escape(Array(cleaned.utf8), quote: quote)))
            return true
        }

        /// At `</style>`: its text, judged as a stylesheet; a remote load rewrites it.
        mutating func closeStyle() -> Bool {
            defer { styleText = [] }
            guard !styleText.isEmpty else { return true }
            var css: [UInt8] = []
            for piece in styleText {
                if piece.cdata {
                    css += bytes[piece.range]
                } else {
                    guard let d = Self.decode(bytes[piece.range], attribute: false) else { return false }
                    css += d
                }
            }
            let text = String(decoding: css, as: UTF8.self)
            guard let (cleaned, removed) = CSSText.removingRemoteLoads(text, in: .stylesheet) else { return true }
            findings += judge.findings("style", removed)
            // The whole text goes in place of the first piece, written as that piece was
            // (CDATA stays CDATA); the other pieces go.
            let first = styleText[0]
            let replacement = first.cdata ? Array(cleaned.utf8) : Self.escape(Array(cleaned.utf8), quote: 0)
            if first.cdata, cleaned.contains("]]>") { return false }
            edits.append(SpliceEdit(range: first.range, replacement: replacement))
            for piece in styleText.dropFirst() { edits.append(SpliceEdit(range: piece.range, replacement: [])) }
            return true
        }

        /// `xlink:href` is `href` for the rules, as libxml2 names it.
        static func localName(_ raw: ArraySlice<UInt8>) -> String {
            let name = raw.lastIndex(of: 0x3A).map { raw[($0 + 1)...] } ?? raw
            return String(decoding: name, as: UTF8.self)
        }

        /// XML character and predefined references decoded; line ends as the parser hands
        /// them to the tree path (CR LF and CR as LF; in an attribute every tab, CR and LF
        /// as a space); nil for any other entity.
        static func decode(_ raw: ArraySlice<UInt8>, attribute: Bool) -> [UInt8]? {
            let plain = !raw.contains(0x26) && !raw.contains(0x0D) && !(attribute && (raw.contains(0x0A) || raw.contains(0x09)))
            if plain { return Array(raw) }
            var out: [UInt8] = []
            out.reserveCapacity(raw.count)
            var k = raw.startIndex
            while k < raw.endIndex {
                let b = raw[k]
                if b == 0x0D {
                    out.append(attribute ? 0x20 : 0x0A)
                    k += 1
                    if k < raw.endIndex, raw[k] == 0x0A { k += 1 }
                    continue
                }
                if attribute, b == 0x0A || b == 0x09 {
                    out.append(0x20)
                    k += 1
                    continue
                }
                guard b == 0x26 else {
                    out.append(b)
                    k += 1
                    continue
                }
                guard let semi = raw[k...].firstIndex(of: 0x3B) else { return nil }
                let name = String(decoding: raw[(k + 1)..<semi], as: UTF8.self)
                switch name {
                case "amp": out.append(0x26)
                case "lt": out.append(0x3C)
                case "gt": out.append(0x3E)
                case "quot": out.append(0x22)
                case "apos": out.append(0x27)
                default:
                    guard name.hasPrefix("#") else { return nil }
                    let digits = name.dropFirst()
                    let value = digits.hasPrefix("x") ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits, radix: 10)
                    guard let value, let scalar = Unicode.Scalar(value) else { return nil }
                    out += Array(String(Character(scalar)).utf8)
                }
                k = semi + 1
            }
            return out
        }

        /// Bytes escaped for an attribute value in `quote` (0: element text).
        static func escape(_ bytes: [UInt8], quote: UInt8) -> [UInt8] {
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count)
            for b in bytes {
                switch b {
                case 0x26: out += Array("&amp;".utf8)
                case 0x3C: out += Array("&lt;".utf8)
                case 0x3E where quote == 0: out += Array("&gt;".utf8)
                case 0x22 where quote == 0x22: out += Array("&quot;".utf8)
                case 0x27 where quote == 0x27: out += Array("&apos;".utf8)
                // In an attribute these would be read back as spaces.
                case 0x09 where quote != 0: out += Array("&#9;".utf8)
                case 0x0A where quote != 0: out += Array("&#10;".utf8)
                case 0x0D: out += Array("&#13;".utf8)
                default: out.append(b)
                }
            }
            return out
        }
    }
}
