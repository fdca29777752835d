import FixtureSupport
import Testing
@testable import Trackless

extension SVGJudge {
    /// Judged with the built-in rules and no recipients.
    static func plain(part: Int) -> SVGJudge { SVGJudge(ruleset: .builtIn, context: .empty, part: part) }
}

extension SVGCleaner {
    /// `svg` as libxml2 writes it after reading it (no XML declaration): two SVGs that
    /// read alike write alike.
    static func normalized(_ svg: [UInt8]) -> [UInt8]? {
        withDocument(svg) { serialize($0, withDeclaration: false) } ?? nil
    }
}

/// The byte path cuts only what goes; the tree path (libxml2's tree, written out whole) is
/// its oracle: on every generated SVG both find the same loads, and what they write reads
/// back as the same document.
@Suite struct SVGBytesTests {
    static let values = [
        "https://t.example.net/o.gif", "#local", "data:image/png;base64,AAAA", "//t.example.net/x.png",
        "http://t.example.net/a?x=1&amp;y=2", "&#x68;ttps://t.example.net/e.gif", " https://t.example.net/s.gif ",
        "HTTPS://T.EXAMPLE.NET/U.GIF", "cid:logo@x",
    ]
    static let styles = [
        "fill:red", "fill:red;background:url(https://t.example.net/bg.png)", "background:url(&quot;https://t.example.net/q.png&quot;)",
        "fill:url(#g)", "fill:url(https://t.example.net/f.svg#g);\n stroke:blue",
    ]
    static let fills = ["url(https://t.example.net/f.svg#g)", "url(#g)", "red", "url( 'https://t.example.net/p.svg#q' )"]
    static let sheets = [
        "@import url(https://t.example.net/x.css); rect{fill:blue}", "rect{fill:blue}",
        "a{background:url(https://t.example.net/b.png)} b{color:red}", "x &gt; y {fill: url(https://t.example.net/z.svg#p)}",
    ]
    static let spaces = [" ", "\n  ", "\t", "  "]

    static func generate(_ random: inout SplitMix64) -> String {
        func attr(_ name: String, _ value: String) -> String {
            let quote = random.next() % 2 == 0 ? "\"" : "'"
            let v = quote == "'" ? value.replacingOccurrences(of: "'", with: "&apos;") : value
            return random.pick(spaces) + name + "=" + quote + v + quote
        }
        var body = ""
        var depth = 0
        for _ in 0..<(2 + random.next() % 10) {
            switch random.next() % 12 {
            case 0: body += "<image" + attr("href", random.pick(values)) + attr("width", "1") + "/>"
            case 1: body += "<image" + attr("xlink:href", random.pick(values)) + "/>"
            case 2: body += "<use" + attr("xlink:href", "#a") + " />"
            case 3: body += "<rect" + attr("style", random.pick(styles)) + attr("width", "2") + "/>"
            case 4: body += "<rect" + attr("fill", random.pick(fills)) + "></rect>"
            case 5:
                body += "<g" + attr("id", "g\(depth)") + ">"
                depth += 1
            case 6 where depth > 0:
                body += "</g>"
                depth -= 1
            case 7: body += "<style>" + random.pick(sheets) + "</style>"
            case 8: body += "<style type=\"text/css\"><![CDATA[" + random.pick(sheets).replacingOccurrences(of: "&gt;", with: ">") + "]]></style>"
            case 9: body += "<!-- " + random.pick(values).replacingOccurrences(of: "&", with: "+") + " -->"
            case 10: body += "<a" + attr("href", random.pick(values)) + "><circle r=\"1\"/></a>"
            default: body += "<text x=\"1\">a &amp; b &lt; c</text>"
            }
        }
        body += String(repeating: "</g>", count: depth)
        var head = ""
        if random.next() % 2 == 0 { head += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" }
        if random.next() % 4 == 0 { head += "<?xml-stylesheet href=\"https://t.example.net/s.css\" type=\"text/css\"?>\n" }
        if random.next() % 4 == 0 {
            head += "<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" \"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd\">\n"
        }
        return head + "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\"" + random.pick(spaces)
            + "viewBox=\"0 0 10 10\">" + body + "</svg>\n"
    }

    static func key(_ f: Finding) -> String { "\(f.kind.rawValue)|\(f.rule ?? "")|\(f.reason)|\(f.subject)" }

    @Test func theByteAndTreePathsAgree() throws {
        var random = SplitMix64(seed: 20261205)
        var changed = 0
        for _ in 0..<1_500 {
            let svg = Array(Self.generate(&random).utf8)
            var byteFindings: [Finding] = []
            let outcome = SVGBytes.clean(svg, judge: .plain(part: 1), findings: &byteFindings)
            var treeFindings: [Finding] = []
            let tree = SVGCleaner.withDocument(svg) { SVGCleaner.cleanTree($0, svg, judge: .plain(part: 1), findings: &treeFindings) }
            let text = String(decoding: svg, as: UTF8.self)
            #expect(byteFindings.map(Self.key).sorted() == treeFindings.map(Self.key).sorted(), "\(text)")
            switch outcome {
            case .needsTree:
                Issue.record("no entities here, yet the byte path gave up: \(text)")
            case .unchanged:
                #expect((tree ?? nil) == nil, "\(text)")
            case .changed(let bytes):
                changed += 1
                let expected = try #require(tree ?? nil, "\(text)")
                #expect(SVGCleaner.normalized(bytes) == SVGCleaner.normalized(expected),
                        "\(text)\n->\n\(String(decoding: bytes, as: UTF8.self))")
            }
        }
        #expect(changed > 700)
    }

    @Test func onlyWhatGoesIsCut() {
        let svg = """
            <?xml version='1.0'?>
            <!-- drawn by hand -->
            <svg xmlns="http://www.w3.org/2000/svg"   xmlns:xlink='http://www.w3.org/1999/xlink'>
              <image  xlink:href='https://t.example.net/o.gif'   width = "1" />
              <rect style="fill:red ;  background:url(https://t.example.net/bg.png)" x='0'/>
              <use xlink:href="#local"/>
            </svg>
            """
        var findings: [Finding] = []
        guard case .changed(let out) = SVGBytes.clean(Array(svg.utf8), judge: .plain(part: 1), findings: &findings) else {
            Issue.record("not changed")
            return
        }
        #expect(String(decoding: out, as: UTF8.self) == """
            <?xml version='1.0'?>
            <!-- drawn by hand -->
            <svg xmlns="http://www.w3.org/2000/svg"   xmlns:xlink='http://www.w3.org/1999/xlink'>
              <image   width = "1" />
              <rect style="fill:red ;  " x='0'/>
              <use xlink:href="#local"/>
            </svg>
            """)
        #expect(findings.count == 2)
    }

    @Test func declaredEntitiesTakeTheTree() {
        let svg = "<?xml version=\"1.0\"?><!DOCTYPE svg [<!ENTITY u \"https://t.example.net/p.gif\">]><svg xmlns=\"http://www.w3.org/2000/svg\"><image href=\"&u;\"/></svg>"
        var findings: [Finding] = []
        guard case .needsTree = SVGBytes.clean(Array(svg.utf8), judge: .plain(part: 1), findings: &findings) else {
            Issue.record("the byte path read a document type with entities")
            return
        }
    }
}
