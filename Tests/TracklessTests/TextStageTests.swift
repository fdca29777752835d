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
