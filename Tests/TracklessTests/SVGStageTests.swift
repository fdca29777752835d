import Testing
@testable import Trackless

private func svgMessage(_ svg: String) -> [UInt8] {
    Array("From: a@example.org\nContent-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\n\nsee the picture\n--b\nContent-Type: image/svg+xml\nContent-Disposition: attachment; filename=pic.svg\n\n\(svg)\n--b--\n".utf8)
}

@Test func svgLosesExternalReferencesAndKeepsLocalOnes() {
    let svg = """
    <svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><image href="https://t.example.net/o.gif" width="1" height="1"/><use xlink:href="#local"/><image xlink:href="data:image/png;base64,AAAA"/><rect style="fill:red;background:url(https://t.example.net/bg.png)"/><style>@import url(https://t.example.net/x.css); rect{fill:blue}</style></svg>
    """
    let result = Cleaner().clean(svgMessage(svg))
    let out = String(decoding: result.bytes, as: UTF8.self)
    #expect(result.changed)
    #expect(!out.contains("t.example.net"))
    #expect(out.contains("#local"))
    #expect(out.contains("data:image/png;base64,AAAA"))
    #expect(out.contains("fill:red"))
    #expect(out.contains("rect{fill:blue}"))
    #expect(out.contains("see the picture\n--b\n"))
    // Every remote load goes; the rules name what they know (a third-party stylesheet),
    // the rest is reported as an external reference.
    let removed = result.report.findings.filter { $0.action == .removed }
    #expect(removed.count == 3)
    #expect(Set(removed.map(\.subject)) == ["https://t.example.net/o.gif", "https://t.example.net/bg.png", "https://t.example.net/x.css"])
    #expect(removed.first { $0.subject.hasSuffix("x.css") }?.rule == "policy/third-party-stylesheet")
    #expect(removed.filter { $0.rule == "svg:external" }.count == 2)
}

@Test func svgWithNothingExternalIsUntouched() {
    let message = svgMessage("<svg xmlns=\"http://www.w3.org/2000/svg\"><circle r=\"4\"/></svg>")
    let result = Cleaner().clean(message)
    #expect(!result.changed)
    #expect(result.bytes == message)
}

@Test func svgExternalEntitiesAreNeverRead() {
    let svg = "<?xml version=\"1.0\"?><!DOCTYPE svg [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><svg xmlns=\"http://www.w3.org/2000/svg\"><text>&x;</text><image href=\"http://t.example.net/p.gif\"/></svg>"
    let result = Cleaner().clean(svgMessage(svg))
    let out = String(decoding: result.bytes, as: UTF8.self)
    #expect(result.changed)
    #expect(!out.contains("root:"))
}

@Test func xmlStylesheetInstructionIsRemoved() {
    let svg = "<?xml version=\"1.0\"?><?xml-stylesheet href=\"https://t.example.net/s.css\" type=\"text/css\"?><svg xmlns=\"http://www.w3.org/2000/svg\"/>"
    let out = String(decoding: Cleaner().clean(svgMessage(svg)).bytes, as: UTF8.self)
    #expect(!out.contains("t.example.net"))
}

/// An internal entity referenced thousands of times: libxml2's own readers expanded it
/// quadratically (a 206 KB part took 3 GB). The reader's budget refuses it instead.
private func entityBomb(entityBytes: Int, references: Int, inStyle: Bool) -> String {
    let entity = String(repeating: "x", count: entityBytes)
    let refs = String(repeating: "&q;", count: references)
    let body = inStyle ? "<style>\(refs)</style>" : "<rect a=\"\(refs)\"/>"
    return "<?xml version=\"1.0\"?><!DOCTYPE svg [<!ENTITY q \"\(entity)\">]><svg xmlns=\"http://www.w3.org/2000/svg\">\(body)<image href=\"https://t.example.net/o.gif\"/></svg>"
}

@Test(arguments: [false, true])
func svgEntityBombIsRefusedUnexpanded(inStyle: Bool) {
    let result = Cleaner().clean(svgMessage(entityBomb(entityBytes: 25_000, references: 3_000, inStyle: inStyle)))
    let out = String(decoding: result.bytes, as: UTF8.self)
    #expect(result.changed)
    #expect(!out.contains("t.example.net"))
    // The value that would expand past the budget is removed, never written out expanded.
    #expect(result.report.findings.contains { $0.rule == "svg:entity-limit" })
    #expect(out.count < 40_000)
}

@Test func svgSmallEntitiesStillExpandAndAreJudged() {
    // Drawing tools declare namespace names as entities; a small expansion is read and
    // judged like any value.
    let svg = "<?xml version=\"1.0\"?><!DOCTYPE svg [<!ENTITY u \"https://t.example.net/p.gif\"><!ENTITY ok \"#local\">]><svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\"><image xlink:href=\"&u;\"/><use xlink:href=\"&ok;\"/></svg>"
    let result = Cleaner().clean(svgMessage(svg))
    let out = String(decoding: result.bytes, as: UTF8.self)
    #expect(result.changed)
    #expect(!result.report.findings.contains { $0.rule == "svg:entity-limit" })
    #expect(result.report.findings.filter { $0.action == .removed }.count == 1)
    #expect(out.contains("&ok;"))
    #expect(!out.contains("&u;"))
}

@Test func svgLoadsAreJudgedByTheSameRulesAsHTML() {
    // A Mailchimp open pixel inside an SVG attachment is named as such, and one carrying
    // the reader's address is reported as identifying.
    let svg = """
    <svg xmlns="http://www.w3.org/2000/svg"><image href="https://shopnews.us1.list-manage.com/track/open.php?u=1&amp;id=2"/><image href="https://img.studio.example/p.png?who=reader@example.org"/></svg>
    """
    let message = Array("From: a@example.org\nTo: reader@example.org\nContent-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: image/svg+xml\n\n\(svg)\n--b--\n".utf8)
    let result = Cleaner().clean(message)
    let findings = result.report.findings
    #expect(findings.count == 2)
    #expect(findings.first?.vendor == "Mailchimp")
    #expect(findings.first?.certainty == .named)
    #expect(findings.last?.kind == .identifying)
}
