import Testing
@testable import Trackless

private func message(_ body: String, contentType: String = "text/plain; charset=utf-8", cte: String = "7bit") -> [UInt8] {
    Array("From: news@shop.example\nTo: reader@example.org\nSubject: t\nContent-Type: \(contentType)\nContent-Transfer-Encoding: \(cte)\n\n\(body)".utf8)
}

private func body(_ bytes: [UInt8]) -> String {
    let s = String(decoding: bytes, as: UTF8.self)
    // Everything after the header block.
    guard let r = s.firstRange(of: "\n\n") else { return "" }
    return String(s[r.upperBound...])
}

@Test func plainTextTrackingParametersAreStripped() {
    let r = Cleaner().clean(message("See https://shop.example/a?utm_source=x&id=4 now.\n"))
    #expect(body(r.bytes) == "See https://shop.example/a?id=4 now.\n")
    #expect(r.report.findings.contains { $0.kind == .param && $0.action == .rewritten })
}

@Test func plainTextGoogleRedirectIsUnwrapped() {
    let r = Cleaner().clean(message("<https://www.google.com/url?q=https://shop.example/x&sa=D>\n"))
    #expect(body(r.bytes) == "<https://shop.example/x>\n")
}

@Test func opaqueWrapperInPlainTextIsKeptAndReported() {
    let input = message("https://shopnews.us1.list-manage.com/track/click?u=ab&id=cd&e=ef\n")
    let r = Cleaner().clean(input)
    #expect(!r.changed)
    #expect(r.bytes == input)
    #expect(r.report.findings.contains { $0.action == .kept && $0.vendor == "Mailchimp" })
}

@Test func quotedPrintableTextIsDecodedAndReencoded() {
    let r = Cleaner().clean(message("Go: https://shop.example/p?id=3D1&utm_medium=3Demail=\n&x=3D2\n", cte: "quoted-printable"))
    #expect(body(r.bytes) == "Go: https://shop.example/p?id=3D1&x=3D2\n")
}

@Test func flowedSoftBreakInsideAURLIsJoinedWithDelSp() {
    let text = "Read https://shop.example/a/b?id=1& \nutm_source=news here\n"
    let r = Cleaner().clean(message(text, contentType: "text/plain; charset=utf-8; format=flowed; delsp=yes"))
    #expect(body(r.bytes) == "Read https://shop.example/a/b?id=1 here\n")
}

@Test func flowedSignatureSeparatorIsNotASoftBreak() {
    let view = UnfoldedText(flowed: Array("text \nmore\n-- \nsig\n".utf8))
    #expect(String(decoding: view.text, as: UTF8.self) == "textmore\n-- \nsig\n")
}

@Test func unfoldedRangesMapBackAcrossBreaks() {
    let original = Array("ab \ncd \r\nef".utf8)
    let view = UnfoldedText(flowed: original)
    #expect(String(decoding: view.text, as: UTF8.self) == "abcdef")
    #expect(view.originalRange(of: 1..<5) == 1..<10)
    #expect(view.originalRange(of: 2..<4) == 4..<6)
}

/// A quoted-printable part written by another encoder (lower-case hex, short lines, `=20`
/// where a space would do): cleaning rewrites the lines of the pixel and the tracked link,
/// and every other line of the body stays as the sender wrote it.
@Test func quotedPrintableLinesAnEditLeavesAloneAreKept() {
    let lines = [
        "<p>Caf=c3=a9 news,=20this week only.</p>=",
        "<p>Second paragraph,=20written by another encoder.</p>",
        "<img src=3d\"https://t.example/open.gif?u=3d9\" width=3d\"1\" height=3d\"1\">",
        "<p>Third paragraph with <a href=3d\"https://shop.example/a?utm_source=3dx&a=",
        "mp;id=3d4\">a link</a> in it.</p>",
        "<p>Fourth paragraph, untouched, with a soft break inside the sentence wh=",
        "ich goes on here.</p>",
        "",
    ]
    let input = message(lines.joined(separator: "\n"), contentType: "text/html; charset=utf-8", cte: "quoted-printable")
    let r = Cleaner().clean(input)
    #expect(r.changed)
    let out = body(r.bytes).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    for kept in [lines[0], lines[1], lines[5], lines[6]] { #expect(out.contains(kept), "\(kept)") }
    #expect(!out.contains { $0.contains("open.gif") || $0.contains("utm_source") })
    #expect(out.count <= lines.count)
}
