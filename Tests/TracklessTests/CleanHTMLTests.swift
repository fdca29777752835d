import Testing
import Trackless

// `Cleaner.cleanHTML` is the text/html stage without a message around it: the same
// rules, link cleaning and mode as `clean`.

@Test func cleanHTMLRemovesAPixelAndStripsLinkParameters() {
    let html = Array("""
        <p><a href="https://shop.example/p?id=4&amp;utm_source=news">Shoes</a></p>\
        <img src="https://links.shop.example/wf/open?upn=abc" width="1" height="1">
        """.utf8)
    let (output, findings) = Cleaner().cleanHTML(html)
    let text = output.map { String(decoding: $0, as: UTF8.self) }
    #expect(text == "<p><a href=\"https://shop.example/p?id=4\">Shoes</a></p>")
    #expect(findings.contains { $0.kind == .pixel && $0.action == .removed })
    #expect(findings.contains { $0.kind == .param && $0.action == .rewritten })
}

@Test func cleanHTMLLeavesCleanHTMLAlone() {
    let html = Array(#"<p><img src="https://cdn.shop.example/hero.jpg" width="600" height="300" alt="Sale"></p>"#.utf8)
    let (output, findings) = Cleaner().cleanHTML(html)
    #expect(output == nil)
    #expect(findings.isEmpty)
}

@Test func cleanHTMLUsesTheRecipientsGiven() {
    let html = Array(#"<img src="https://img.unknown.example/banner.png?e=reader%40example.org" width="600" height="200">"#.utf8)
    #expect(Cleaner().cleanHTML(html).output == nil)
    let (output, findings) = Cleaner().cleanHTML(html, recipients: ["reader@example.org"])
    #expect(output != nil)
    #expect(findings.contains { $0.kind == .identifying })
}

@Test func cleanHTMLHonoursStrictMode() {
    var options = CleanOptions()
    options.strict = true
    let html = Array(#"<p><img src="https://cdn.shop.example/hero.jpg" width="600" height="300" alt="Sale"></p>"#.utf8)
    let output = Cleaner(options: options).cleanHTML(html).output.map { String(decoding: $0, as: UTF8.self) }
    #expect(output?.contains("cdn.shop.example") == false)
    #expect(output?.contains("Sale") == true)
}

@Test func optionsAreFixedAtInitSoTheTraceSaysHowTheMessageWasCleaned() {
    // Cleaner.options is read-only: the stages are built from it, and a mode set later
    // used to clean in default mode under a trace field that said "strict".
    var options = CleanOptions()
    options.strict = true
    let message = Array("From: a@shop.example\nTo: r@example.org\nContent-Type: text/html\n\n<img src=\"https://img.shop.example/hero.jpg\" width=\"600\" height=\"300\">\n".utf8)
    let result = Cleaner(options: options).clean(message)
    let text = String(decoding: result.bytes, as: UTF8.self)
    #expect(text.contains("X-Trackless:") && text.contains("strict"))
    #expect(!text.contains("img.shop.example"))
}
