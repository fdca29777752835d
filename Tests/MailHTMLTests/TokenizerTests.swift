import Testing

@testable import MailHTML

/// Tokenizes `html` and renders each token compactly for comparison: tags with their
/// decoded attribute values, `<!--data-->` for comments, text decoded.
func describeTokens(_ html: String, options: HTMLTokenizer.Options = .init()) -> [String] {
    var tokenizer = HTMLTokenizer(html, options: options)
    let input = Array(tokenizer.input)
    var out: [String] = []
    while let token = tokenizer.next() {
        switch token {
        case .startTag(let tag):
            var text = "<" + tag.name
            for attribute in tag.attributes {
                text += " " + attribute.name
                if attribute.valueRange != nil { text += "=" + attribute.value(in: input) }
            }
            out.append(text + (tag.selfClosing ? "/>" : ">"))
        case .endTag(let tag): out.append("</" + tag.name + ">")
        case .comment(let comment): out.append("<!--" + comment.data(in: input) + "-->")
        case .doctype(let doctype): out.append("<!DOCTYPE " + (doctype.name ?? "") + ">")
        case .text(let text): out.append(text.text(in: input))
        case .cdata(let cdata): out.append("CDATA:" + String(decoding: cdata.textBytes(in: input), as: UTF8.self))
        case .endOfFile: out.append("EOF")
        }
    }
    return out
}

/// All tokens of `html`.
func tokens(_ html: String, options: HTMLTokenizer.Options = .init()) -> [HTMLToken] {
    var tokenizer = HTMLTokenizer(html, options: options)
    var out: [HTMLToken] = []
    while let token = tokenizer.next() { out.append(token) }
    return out
}

/// The start tags of `html`, as (name, namespace).
func startTags(_ html: String) -> [(String, HTMLNamespace)] {
    tokens(html).compactMap { token in
        if case .startTag(let tag) = token { return (tag.name, tag.namespace) }
        return nil
    }
}

func firstStartTag(_ html: String) -> HTMLStartTag? {
    for token in tokens(html) {
        if case .startTag(let tag) = token { return tag }
    }
    return nil
}

func slice(_ html: String, _ range: Range<Int>?) -> String? {
    guard let range else { return nil }
    return String(decoding: Array(html.utf8)[range], as: UTF8.self)
}

// MARK: - Tags and attributes

@Test func tokenizesTagsAttributesCommentsAndText() {
    #expect(
        describeTokens(#"<p CLASS="a" id=b>Hi &amp; bye<!-- c --></P>"#)
            == ["<p class=a id=b>", "Hi & bye", "<!-- c -->", "</p>", "EOF"])
}

@Test func recordsByteSpansOfTagsAndAttributes() throws {
    let html = #"x<IMG SRC="a.png" alt='b' width=1 hidden>"#
    let tag = try #require(firstStartTag(html))
    #expect(slice(html, tag.range) == #"<IMG SRC="a.png" alt='b' width=1 hidden>"#)
    #expect(tag.name == "img")
    #expect(slice(html, tag.nameRange) == "IMG")
    let src = try #require(tag.attribute(named: "src"))
    #expect(slice(html, src.nameRange) == "SRC")
    #expect(slice(html, src.valueRange) == "a.png")
    #expect(slice(html, src.range) == #"SRC="a.png""#)
    #expect(src.quote == .double)
    let alt = try #require(tag.attribute(named: "alt"))
    #expect(alt.quote == .single)
    #expect(slice(html, alt.range) == "alt='b'")
    let width = try #require(tag.attribute(named: "width"))
    #expect(width.quote == .none)
    #expect(slice(html, width.range) == "width=1")
    let hidden = try #require(tag.attribute(named: "hidden"))
    #expect(hidden.valueRange == nil)
    #expect(slice(html, hidden.range) == "hidden")
    #expect(hidden.value(in: Array(html.utf8)) == "")
}

@Test func slashSeparatesAttributesLikeWhitespace() {
    #expect(describeTokens("<img/src=x>") == ["<img src=x>", "EOF"])
    #expect(describeTokens("<img/src=x/>") == ["<img src=x/>", "EOF"])
    #expect(describeTokens("<img src=x />") == ["<img src=x/>", "EOF"])
    #expect(describeTokens(#"<img src="x"alt="y">"#) == ["<img src=x alt=y>", "EOF"])
}

@Test func keepsFirstOfDuplicateAttributesInsideTheSpan() throws {
    let html = #"<img src="tracker.gif" SRC="other.gif" alt=x>"#
    let tag = try #require(firstStartTag(html))
    #expect(tag.attributes.map(\.name) == ["src", "alt"])
    #expect(tag.attribute(named: "src")?.value(in: Array(html.utf8)) == "tracker.gif")
    #expect(tag.range == 0..<html.utf8.count)
}

@Test func keepsFirstOfDuplicatesAmongManyAttributes() throws {
    var html = "<p"
    for index in 0..<40 { html += " a\(index)=\(index)" }
    html += " a3=dup a39=dup>"
    let tag = try #require(firstStartTag(html))
    #expect(tag.attributes.count == 40)
    #expect(tag.attribute(named: "a39")?.value(in: Array(html.utf8)) == "39")
}

@Test func findsDuplicatesAmongLongAndNULNames() throws {
    let long = try #require(firstStartTag("<a data-a-rather-long-attribute-name=1 DATA-A-RATHER-LONG-ATTRIBUTE-NAME=2 x=3>"))
    #expect(long.attributes.map(\.name) == ["data-a-rather-long-attribute-name", "x"])
    let nul = try #require(firstStartTag("<a b\u{0}=1 B\u{0}=2 b\u{FFFD}=3 c=4>"))
    #expect(nul.attributes.map(\.name) == ["b\u{FFFD}", "c"])
    // Invalid UTF-8 decodes to U+FFFD too, so these are one name.
    var tokenizer = HTMLTokenizer([0x3C, 0x61, 0x20, 0x62, 0xFF, 0x20, 0x62, 0xFE, 0x3E])
    guard case .startTag(let tag)? = tokenizer.next() else {
        Issue.record("no start tag")
        return
    }
    #expect(tag.attributes.map(\.name) == ["b\u{FFFD}"])
}

/// Many attributes switch duplicate checks to a table that grows several times: first
/// occurrence still wins for every name, whatever its case or length, checked against a
/// plain first-wins reading of the same tag.
@Test func firstAttributeWinsInTagsWithHundredsOfAttributes() throws {
    var parts: [(name: String, value: String)] = []
    for index in 0..<400 {
        // Short (exact keys) and long (hashed keys) names, repeated later in other cases.
        let name = index % 3 == 0 ? "data-a-long-attribute-name-number-\(index % 150)" : "n\(index % 170)"
        let spelled = index % 2 == 0 ? name.uppercased() : name
        parts.append((spelled, "v\(index)"))
    }
    let html = "<div " + parts.map { "\($0.name)=\($0.value)" }.joined(separator: " ") + ">"
    let tag = try #require(firstStartTag(html))
    var expected: [(String, String)] = []
    var seen: Set<String> = []
    for part in parts where seen.insert(part.name.lowercased()).inserted {
        expected.append((part.name.lowercased(), part.value))
    }
    let bytes = Array(html.utf8)
    #expect(tag.attributes.map(\.name) == expected.map(\.0))
    #expect(tag.attributes.map { $0.value(in: bytes) } == expected.map(\.1))
}

@Test func namesStayExactAcrossManyDistinctNames() {
    var html = ""
    var expected: [String] = []
    for index in 0..<2000 {
        html += "<t\(index % 300) A\(index)=1 b\(index % 7)=2>"
        expected.append("<t\(index % 300) a\(index)=1 b\(index % 7)=2>")
    }
    #expect(describeTokens(html) == expected + ["EOF"])
}

@Test func attributeWithEqualsButNoValueIsEmpty() throws {
    let tag = try #require(firstStartTag("<img src=>"))
    #expect(tag.attribute(named: "src")?.valueRange == 9..<9)
    #expect(tag.attribute(named: "src")?.value(in: Array("<img src=>".utf8)) == "")
}

@Test func endTagsDropAttributesAndSelfClosing() {
    #expect(describeTokens(#"</div class="x>" />"#) == ["</div>", "EOF"])
}

@Test func quotesAndLessThanInAttributeNamesAreNameCharacters() {
    #expect(describeTokens(#"<a "b'c<d=1>"#) == [#"<a "b'c<d=1>"#, "EOF"])
}

@Test func reportsImageUnderBothNames() throws {
    #expect(try #require(firstStartTag("<image src=x>")).loadsAsImage)
    #expect(try #require(firstStartTag("<IMG src=x>")).loadsAsImage)
    #expect(try #require(firstStartTag("<svg><image href=x>")).loadsAsImage == false)  // first tag is svg
    #expect(startTags("<svg><image href=x>").map(\.1) == [.svg, .svg])
    #expect(try #require(firstStartTag("<picture>")).loadsAsImage == false)
}

@Test func replacesNULInNames() {
    #expect(describeTokens("<a\u{0}b c\u{0}=1>") == ["<a\u{FFFD}b c\u{FFFD}=1>", "EOF"])
}

// MARK: - Character references

@Test func decodesAttributeValuesWithTheLegacyRule() throws {
    let html = #"<a href="/t?a=1&copy=2&amp;b=3&ampx&lt&notin;&notit;">"#
    let tag = try #require(firstStartTag(html))
    // `&copy=`, `&ampx` and `&notit` stay literal in attributes; `&lt` before `&` decodes.
    #expect(tag.attribute(named: "href")?.value(in: Array(html.utf8)) == "/t?a=1&copy=2&b=3&ampx<∉&notit;")
}

@Test func decodesTextReferencesWithoutTheLegacyRule() {
    #expect(describeTokens("&copy=2 &ampx &notit; &unknown; &#38; &#x26;") == ["©=2 &x ¬it; &unknown; & &", "EOF"])
}

@Test func mapsNumericReferencesPerTheSpec() {
    #expect(describeTokens("&#x80;&#150;&#0;&#xD800;&#x110000;&#99999999999;&#x81;") == [
        "€–\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}\u{81}", "EOF",
    ])
    #expect(describeTokens("&#;&#x;&#xg") == ["&#;&#x;&#xg", "EOF"])
}

@Test func decodesTwoCodePointReferencesAndTheLongestName() {
    #expect(describeTokens("&NotEqualTilde;&notin&CounterClockwiseContourIntegral;") == ["\u{2242}\u{338}¬in∳", "EOF"])
}

@Test func namedTableHasEveryName() {
    #expect(NamedCharacterReferenceTable.count == 2231)
    #expect(NamedCharacterReferenceTable.offsets.count == 2232)
    #expect(NamedCharacterReferenceTable.codePoints.count == 2 * 2231)
}

// MARK: - Comments and declarations

@Test func emptyCommentForms() {
    #expect(describeTokens("<!-->a<!--->b<!---->c") == ["<!---->", "a", "<!---->", "b", "<!---->", "c", "EOF"])
}

@Test func bangClosesComments() {
    #expect(describeTokens("<!-- x --!><img src=y>") == ["<!-- x -->", "<img src=y>", "EOF"])
    #expect(describeTokens("<!--a--!b--><p>") == ["<!--a--!b-->", "<p>", "EOF"])
}

@Test func commentDataRangeIsTheRawData() throws {
    let html = "<!--[if mso]><v:rect/><![endif]---->"
    guard case .comment(let comment) = tokens(html).first else {
        Issue.record("no comment")
        return
    }
    #expect(slice(html, comment.dataRange) == "[if mso]><v:rect/><![endif]--")
    #expect(comment.range == 0..<html.utf8.count)
}

@Test func bogusComments() {
    #expect(describeTokens("<?xml version=1?><p>") == ["<!--?xml version=1?-->", "<p>", "EOF"])
    #expect(describeTokens("<![endif]--><p>") == ["<!--[endif]---->", "<p>", "EOF"])
    #expect(describeTokens("</ x>y") == ["<!-- x-->", "y", "EOF"])
    #expect(describeTokens("</3>") == ["<!--3-->", "EOF"])
    #expect(describeTokens("<![CDATA[x]]>") == ["<!--[CDATA[x]]-->", "EOF"])
}

@Test func emptyEndTagProducesNothing() {
    let all = tokens("a</>b")
    #expect(all.map(\.range) == [0..<1, 4..<5, 5..<5])
}

@Test func lessThanThatStartsNoMarkupIsText() {
    #expect(describeTokens("a < b <3 <</") == ["a < b <3 <</", "EOF"])
}

@Test func doctypeIsRead() {
    let all = tokens(#"<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "x.dtd"><html>"#)
    guard case .doctype(let doctype) = all.first else {
        Issue.record("no doctype")
        return
    }
    #expect(doctype.name == "html")
    #expect(doctype.publicIdentifier == "-//W3C//DTD XHTML 1.0 Transitional//EN")
    #expect(doctype.systemIdentifier == "x.dtd")
    #expect(!doctype.forceQuirks)
}

@Test func markupAfterHTMLEndIsStillTokenized() {
    #expect(describeTokens("</html><img src=t>") == ["</html>", "<img src=t>", "EOF"])
    #expect(describeTokens("</body></html>\n<img src=t>") == ["</body>", "</html>", "\n", "<img src=t>", "EOF"])
}

// MARK: - NUL, CR, end of input

@Test func handlesNULPerContext() {
    #expect(describeTokens("a\u{0}b<!--\u{0}--><title>\u{0}</title>") == [
        "a\u{0}b", "<!--\u{FFFD}-->", "<title>", "\u{FFFD}", "</title>", "EOF",
    ])
}

@Test func normalisesNewlinesInDecodedText() throws {
    let html = "a\r\nb\rc<p title=\"x\r\ny\">"
    #expect(describeTokens(html) == ["a\nb\nc", "<p title=x\ny>", "EOF"])
}

@Test func dropsTagsCutOffByTheEndOfInput() {
    #expect(describeTokens(#"a<img src="x"#) == ["a", "EOF"])
    #expect(describeTokens("a<img src=x") == ["a", "EOF"])
    #expect(describeTokens("a<img") == ["a", "EOF"])
    #expect(describeTokens("a<img/") == ["a", "EOF"])
    #expect(describeTokens("a</p") == ["a", "EOF"])
    #expect(describeTokens("a<!--x-") == ["a", "<!--x-->", "EOF"])
    #expect(describeTokens("a<!DOCTYPE") == ["a", "<!DOCTYPE >", "EOF"])
    #expect(describeTokens("a<") == ["a<", "EOF"])
    #expect(describeTokens("a</") == ["a</", "EOF"])
    #expect(describeTokens("<title>x</tit") == ["<title>", "x</tit", "EOF"])
    #expect(describeTokens("<script><!--<script>") == ["<script>", "<!--<script>", "EOF"])
}

@Test func tokenizesARangeWithAbsoluteOffsets() throws {
    let html = #"<!--[if mso]><v:rect fill="x"><v:fill src="https://t.example/bg.png"/></v:rect><![endif]-->"#
    let input = Array(html.utf8)
    var outer = HTMLTokenizer(input)
    guard case .comment(let comment)? = outer.next() else {
        Issue.record("no comment")
        return
    }
    var inner = HTMLTokenizer(input, range: comment.dataRange)
    var found: [String] = []
    while let token = inner.next() {
        #expect(token.range.lowerBound >= comment.dataRange.lowerBound)
        #expect(token.range.upperBound <= comment.dataRange.upperBound)
        if case .startTag(let tag) = token, let src = tag.attribute(named: "src") {
            found.append(src.value(in: input))
            #expect(slice(html, src.valueRange) == "https://t.example/bg.png")
        }
        if case .endOfFile(let at) = token { #expect(at == comment.dataRange.upperBound) }
    }
    #expect(found == ["https://t.example/bg.png"])
    // A tag cut by the end of the range is dropped, as at the end of input.
    var cut = HTMLTokenizer(Array("<p>a<img src=x>".utf8), range: 3..<10)
    #expect(cut.next() == .text(HTMLText(range: 3..<4, kind: .data)))
    #expect(cut.next() == .endOfFile(at: 10))
}

@Test func emitsEndOfFileOnceThenNil() {
    var tokenizer = HTMLTokenizer("")
    #expect(tokenizer.next() == .endOfFile(at: 0))
    #expect(tokenizer.next() == nil)
    #expect(tokenizer.next() == nil)
}

@Test func tokenSpansCoverTheInputInOrder() {
    let html = """
        <!DOCTYPE html><html><head><style>p{color:red}</style><title>T &amp; t</title></head>
        <body><!--[if mso]><table><![endif]--><p class=x>Hi<img src="https://t.example/o.gif" width=1>
        <script>if (a<b) {}</script><textarea><b></textarea></body></html>
        """
    var position = 0
    for token in tokens(html) {
        #expect(token.range.lowerBound == position)
        position = token.range.upperBound
    }
    #expect(position == html.utf8.count)
}

// MARK: - Tree-state simulation

@Test func rcdataElementsHoldText() {
    #expect(describeTokens("<title><b>&amp;</b></title><b>") == ["<title>", "<b>&</b>", "</title>", "<b>", "EOF"])
    #expect(describeTokens("<textarea><img src=x></TEXTAREA >") == ["<textarea>", "<img src=x>", "</textarea>", "EOF"])
}

@Test func rawTextElementsHoldText() {
    for name in ["style", "xmp", "iframe", "noembed", "noframes"] {
        #expect(
            describeTokens("<\(name)><img src=x>&amp;</\(name)><img src=y>") == [
                "<\(name)>", "<img src=x>&amp;", "</\(name)>", "<img src=y>", "EOF",
            ])
    }
}

@Test func noscriptContentIsMarkup() {
    #expect(describeTokens("<noscript><img src=x></noscript>") == ["<noscript>", "<img src=x>", "</noscript>", "EOF"])
}

@Test func scriptDataFollowsEscapes() {
    #expect(describeTokens("<script>a</b>c</script><p>") == ["<script>", "a</b>c", "</script>", "<p>", "EOF"])
    #expect(
        describeTokens("<script><!--<script></script>--></script><p>") == [
            "<script>", "<!--<script></script>-->", "</script>", "<p>", "EOF",
        ])
    #expect(
        describeTokens("<script><!--</script><p>") == ["<script>", "<!--", "</script>", "<p>", "EOF"])
}

@Test func plaintextRunsToTheEnd() {
    #expect(describeTokens("<plaintext><img src=x></plaintext>") == ["<plaintext>", "<img src=x></plaintext>", "EOF"])
}

@Test func selfClosingRawTextStillSwitches() {
    #expect(describeTokens("<style/><img src=x></style>") == ["<style/>", "<img src=x>", "</style>", "EOF"])
}

@Test func foreignContentKeepsStyleAsMarkup() {
    #expect(
        describeTokens("<svg><style><img src=x></style></svg>") == [
            "<svg>", "<style>", "<img src=x>", "</style>", "</svg>", "EOF",
        ])
    #expect(startTags("<svg><style><image href=x>").map(\.1) == [.svg, .svg, .svg])
    #expect(startTags("<math><title><img src=x>").map(\.1) == [.mathML, .mathML, .html])
}

@Test func foreignContentRecognisesCDATA() {
    #expect(
        describeTokens("<svg><![CDATA[<img src=x>]]></svg><![CDATA[y]]>") == [
            "<svg>", "CDATA:<img src=x>", "</svg>", "<!--[CDATA[y]]-->", "EOF",
        ])
    #expect(describeTokens("<svg><![CDATA[open") == ["<svg>", "CDATA:open", "EOF"])
}

@Test func htmlElementsBreakOutOfForeignContent() {
    #expect(startTags("<svg><g><p><style>").map(\.1) == [.svg, .svg, .html, .html])
    #expect(describeTokens("<svg><p><style><b></style>") == ["<svg>", "<p>", "<style>", "<b>", "</style>", "EOF"])
    #expect(startTags("<svg><font color=red><svg>").map(\.1) == [.svg, .html, .svg])
    #expect(startTags("<svg><font><b>").map(\.1) == [.svg, .svg, .html])
}

@Test func endOfForeignContentRestoresHTMLRules() {
    #expect(describeTokens("<svg></svg><style><b></style>") == ["<svg>", "</svg>", "<style>", "<b>", "</style>", "EOF"])
    #expect(describeTokens("<svg/><style><b></style>") == ["<svg/>", "<style>", "<b>", "</style>", "EOF"])
    #expect(describeTokens("<math><mi></mi></math><title><b></title>") == [
        "<math>", "<mi>", "</mi>", "</math>", "<title>", "<b>", "</title>", "EOF",
    ])
}

@Test func htmlEndTagsCloseForeignContentAsTheTreeBuilderDoes() {
    // `</div>` inside SVG finds the div below it and closes the SVG with it: what follows
    // is HTML, where `<![CDATA[` is a bogus comment ending at its first `>`.
    #expect(
        describeTokens("<div><svg><g></div><![CDATA[><img src=x>]]>") == [
            "<div>", "<svg>", "<g>", "</div>", "<!--[CDATA[-->", "<img src=x>", "]]>", "EOF",
        ])
    // An end tag naming no open element changes nothing; one beyond an integration point
    // under HTML rules neither.
    #expect(describeTokens("<svg><g></span><![CDATA[a]]>") == ["<svg>", "<g>", "</span>", "CDATA:a", "EOF"])
    #expect(
        describeTokens("<div><svg><foreignObject><p></div><svg><![CDATA[b]]>") == [
            "<div>", "<svg>", "<foreignobject>", "<p>", "</div>", "<svg>", "CDATA:b", "EOF",
        ])
    // Passed on the way down, an integration point keeps the HTML elements below it out
    // of reach; under HTML rules only HTML elements match.
    #expect(
        describeTokens("<div><svg><foreignObject><svg></div><![CDATA[d]]>").suffix(3) == ["</div>", "CDATA:d", "EOF"])
    #expect(
        describeTokens("<svg><foreignObject><div></foreignObject><svg><![CDATA[e]]>").suffix(3) == [
            "<svg>", "CDATA:e", "EOF",
        ])
    #expect(startTags("<svg><foreignObject><div></foreignObject></div><g>").map(\.1) == [.svg, .svg, .html, .html])
    // `</p>` in foreign content leaves it, then closes a paragraph as in HTML.
    #expect(startTags("<p><svg><g></p><g>").map(\.1) == [.html, .svg, .svg, .html])
}

@Test func voidElementsAreNeverOpen() {
    // Were `<br>` open, `</div>` would not reach the div past 300 of them, and what
    // follows would stay in the SVG.
    let lines = String(repeating: "<br>", count: 300)
    #expect(
        describeTokens("<div>\(lines)<svg><g></div><![CDATA[c]]>").suffix(3) == ["</div>", "<!--[CDATA[c]]-->", "EOF"])
}

@Test func integrationPointsUseHTMLRules() {
    #expect(
        describeTokens("<svg><foreignObject><style><b></style>") == [
            "<svg>", "<foreignobject>", "<style>", "<b>", "</style>", "EOF",
        ])
    #expect(startTags("<svg><foreignObject><div><img>").map(\.1) == [.svg, .svg, .html, .html])
    #expect(
        describeTokens(#"<math><annotation-xml encoding="Text/HTML"><title><b></title>"#) == [
            "<math>", "<annotation-xml encoding=Text/HTML>", "<title>", "<b>", "</title>", "EOF",
        ])
    #expect(startTags("<math><annotation-xml><title><b>").map(\.1) == [.mathML, .mathML, .mathML, .html])
    #expect(startTags("<math><mi><style>").map(\.1) == [.mathML, .mathML, .html])
    // After the integration point closes, foreign rules apply again.
    #expect(startTags("<svg><desc></desc><title>").map(\.1) == [.svg, .svg, .svg])
}

@Test func treeStateSimulationCanBeTurnedOff() {
    let options = HTMLTokenizer.Options(simulatesTreeState: false)
    #expect(describeTokens("<style><b></style>", options: options) == ["<style>", "<b>", "</style>", "EOF"])
    let rcdata = HTMLTokenizer.Options(simulatesTreeState: false, initialState: .rcdata, lastStartTag: "title")
    #expect(describeTokens("<b>&lt;</title><b>", options: rcdata) == ["<b><", "</title>", "<b>", "EOF"])
}

// MARK: - Hostile input

@Test func survivesDeepNesting() {
    let depth = 60_000
    for open in ["<div>", "<svg>", "<math><mi>", "<svg><foreignObject>"] {
        let html = String(repeating: open, count: depth) + "<style>x</style>" + String(repeating: "</svg>", count: depth)
        let all = tokens(html)
        #expect(all.count > depth)
        #expect(all.last == .endOfFile(at: html.utf8.count))
    }
}

@Test func survivesAHugeAttributeValue() throws {
    let value = String(repeating: "a&amp;", count: 1_000_000 / 6)
    let html = "<img src=\"" + value + "\">"
    let tag = try #require(firstStartTag(html))
    #expect(tag.attribute(named: "src")?.valueRange?.count == value.utf8.count)
    #expect(tag.attribute(named: "src")?.valueBytes(in: Array(html.utf8)).count == value.utf8.count / 6 * 2)
}

@Test func survivesManyAttributes() throws {
    let count = 100_000
    var html = "<img"
    for index in 0..<count { html += " a\(index)=\(index)" }
    html += ">"
    let tag = try #require(firstStartTag(html))
    #expect(tag.attributes.count == count)
    var same = "<img"
    for _ in 0..<count { same += " a=1" }
    same += ">"
    #expect(try #require(firstStartTag(same)).attributes.count == 1)
}

@Test func survivesManyUnclosedConstructs() {
    for piece in ["<", "</", "<!", "<!--", "&#x", "&", "<![CDATA[", "<svg><![CDATA[", "<a b='", "<script><!--"] {
        let html = String(repeating: piece, count: 10_000)
        #expect(tokens(html).last == .endOfFile(at: html.utf8.count))
    }
}

/// The load collector's tokenizer keeps only the attributes a rewriter reads, so that a tag
/// with a million unknown attributes costs no memory for them (hostile-inputs
/// `attributes-one-tag`: 140 MB before).
@Suite struct ReadAttributeFilterTests {
    static func names(_ html: String, filtered: Bool) -> [String] {
        var tokenizer = HTMLTokenizer(html)
        tokenizer.keepsOnlyReadAttributes = filtered
        let input = tokenizer.input
        guard case .startTag? = tokenizer.nextRaw() else { return [] }
        return tokenizer.rawAttributes.map { attribute in
            String(decoding: input[attribute.nameRange], as: UTF8.self)
        }
    }

    @Test func unknownNamesAreSkippedAndReadOnesKept() {
        let html = "<img data-x=1 SRC=a.gif onload=x style='color:red' title=t fill=url(#f) encoding=e>"
        #expect(Self.names(html, filtered: true) == ["SRC", "style", "fill", "encoding"])
        #expect(Self.names(html, filtered: false) == ["data-x", "SRC", "onload", "style", "title", "fill", "encoding"])
    }

    @Test func theFirstOfTwoReadNamesStillWins() {
        // A skipped attribute between them changes nothing: the second src is a duplicate.
        var tokenizer = HTMLTokenizer("<img src=https://a.example/1.gif alt=x src=https://b.example/2.gif>")
        tokenizer.keepsOnlyReadAttributes = true
        guard case .startTag? = tokenizer.nextRaw() else {
            Issue.record("no start tag")
            return
        }
        #expect(tokenizer.rawAttributes.count == 2)
        #expect(tokenizer.duplicateAttributes.count == 1)
    }

    @Test func fontColorStillEndsForeignContent() {
        // The tree simulation reads `color`, `face`, `size` of `<font>` in SVG: kept.
        var tokenizer = HTMLTokenizer("<svg><font color=red><img src=https://t.example/p.gif>")
        tokenizer.keepsOnlyReadAttributes = true
        var namespaces: [HTMLNamespace] = []
        while let token = tokenizer.nextRaw() {
            if case .startTag(let tag) = token { namespaces.append(tag.namespace) }
        }
        #expect(namespaces == [.svg, .html, .html])
    }
}

/// Name keys are two words: the zero padding of an exact key says its length, and hashed
/// keys carry a marker no ASCII name can produce.
@Suite struct NameKeyTests {
    @Test func exactKeysOfDifferentLengthsDiffer() {
        let names = ["a", "ab", "abc", "abcdefgh", "abcdefghi", "abcdefghijklmnop", ""]
        let keys = names.map { NameKey(ascii: $0) }
        #expect(Set(keys).count == names.count)
        #expect(keys.allSatisfy { $0.isExact })
        #expect(NameKey(ascii: "src") == NameKey(lowercased: Array("SRC".utf8)))
    }

    @Test func aHashedKeyNeverEqualsAnExactOne() {
        // Seventeen bytes are hashed; the hash sits in `low`, where a short name would.
        let long = NameKey(ascii: "abcdefghijklmnopq")
        #expect(!long.isExact)
        let sameLow = NameKey(low: long.low, high: 0, length: 8)
        #expect(sameLow.isExact)
        #expect(sameLow != long)
    }
}

/// The style-rule index by id, class and tag, without a `Dictionary`.
@Suite struct RuleKeyIndexTests {
    @Test func filesEachRuleOncePerKeyAndFindsItByBytes() {
        var index = RuleKeyIndex()
        #expect(index.isEmpty)
        #expect(index.rules(Array("hero".utf8)) == nil)
        index.add(Array("hero".utf8), rule: 1)
        index.add(Array("hero".utf8), rule: 1)  // a second selector of rule 1: filed once
        index.add(Array("hero".utf8), rule: 4)
        index.add(Array("mobile".utf8), rule: 2)
        #expect(index.rules(Array("hero".utf8)) == [1, 4])
        #expect(index.rules(Array("xhero".utf8)[1...]) == [1, 4])
        #expect(index.rules(Array("mobile".utf8)) == [2])
        #expect(index.rules(Array("Hero".utf8)) == nil)  // class names match case-sensitively
    }

    @Test func manyKeysSurviveGrowth() {
        var index = RuleKeyIndex()
        for k in 0..<5_000 { index.add(Array("c\(k)".utf8), rule: k) }
        #expect((0..<5_000).allSatisfy { index.rules(Array("c\($0)".utf8)) == [$0] })
        #expect(index.rules(Array("c5000".utf8)) == nil)
    }

    /// Rules filed under keys in turn stay in filing order under each key, and appending
    /// adds to what the caller has.
    @Test func interleavedKeysKeepTheirOwnRulesInOrder() {
        var index = RuleKeyIndex()
        for k in 0..<1_000 {
            index.add(Array("a".utf8), rule: k)
            index.add(Array("b".utf8), rule: 2 * k)
            index.add(Array("b".utf8), rule: 2 * k)
        }
        #expect(index.rules(Array("a".utf8)) == Array(0..<1_000))
        #expect(index.rules(Array("b".utf8)) == (0..<1_000).map { 2 * $0 })
        var out = [7]
        #expect(index.appendRules(Array("a".utf8)[...], to: &out))
        #expect(out.count == 1_001 && out.first == 7 && out.last == 999)
        #expect(!index.appendRules(Array("c".utf8)[...], to: &out))
        #expect(out.count == 1_001)
    }

    @Test func nameKeysAreKeysToo() {
        var index = RuleKeyIndex()
        index.add(NameKey(ascii: "img"), rule: 3)
        index.add(NameKey(ascii: "a-very-long-custom-element"), rule: 5)
        #expect(index.rules(NameKey(ascii: "img")) == [3])
        #expect(index.rules(NameKey(lowercased: Array("IMG".utf8))) == [3])
        #expect(index.rules(NameKey(ascii: "a-very-long-custom-element")) == [5])
        #expect(index.rules(NameKey(ascii: "td")) == nil)
    }
}
