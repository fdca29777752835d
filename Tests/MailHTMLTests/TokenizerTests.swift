import Testing

@testable import MailHTML

/// Tokenizes `html` and renders each token compactly for comparison.
func describeTokens(_ html: String, options: HTMLTokenizer.Options = .init()) -> [String] {
    var tokenizer = HTMLTokenizer(html, options: options)
    let input = tokenizer.input
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

@Test func tokenizesTagsAttributesCommentsAndText() {
    #expect(
        describeTokens(#"<p CLASS="a" id=b>Hi &amp; bye<!-- c --></P>"#)
            == ["<p class=a id=b>", "Hi & bye", "<!-- c -->", "</p>", "EOF"])
}
