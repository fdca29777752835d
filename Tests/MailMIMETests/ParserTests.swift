import FixtureSupport
import Testing
@testable import MailMIME

private func parse(_ text: String) -> MIMEMessage { MIMEMessage(bytes: Array(text.utf8)) }
private func body(_ m: MIMEMessage, _ i: Int) -> String { String(decoding: m.bytes[m.parts[i].bodyRange], as: UTF8.self) }

@Test func parsesSinglePartBodyAfterBlankLine() {
    let m = parse("Subject: x\nFrom: a@b\n\nHello\nWorld\n")
    #expect(m.parts.count == 1)
    #expect(body(m, 0) == "Hello\nWorld\n")
    #expect(m.root.fields.count == 2)
    #expect(m.headerValue("subject") == "x")
}

@Test func splitsMultipartWithPreambleAndEpilogue() {
    let m = parse("Content-Type: multipart/mixed; boundary=\"b\"\n\npre\n--b\nContent-Type: text/plain\n\none\n--b\n\ntwo\n--b--\nepi\n")
    #expect(m.parts.count == 3)
    #expect(body(m, 1) == "one")
    #expect(body(m, 2) == "two")
    #expect(m.parts[2].contentType.mimeType == "text/plain")
    #expect(m.root.preambleRange.map { String(decoding: m.bytes[$0], as: UTF8.self) } == "pre")
    #expect(m.root.epilogueRange.map { String(decoding: m.bytes[$0], as: UTF8.self) } == "epi\n")
    #expect(m.problems.isEmpty)
}

@Test func boundaryThatPrefixesAnotherDoesNotMatchIt() {
    let text = """
    Content-Type: multipart/mixed; boundary=b1

    --b1
    Content-Type: multipart/alternative; boundary=b1x

    --b1x
    Content-Type: text/plain

    inner
    --b1x--
    --b1
    Content-Type: text/html

    <p>x</p>
    --b1--

    """
    let m = parse(text)
    #expect(m.parts.map(\.contentType.mimeType) == ["multipart/mixed", "multipart/alternative", "text/plain", "text/html"])
    #expect(body(m, 2) == "inner")
    #expect(body(m, 3) == "<p>x</p>")
}

@Test func transportPaddingAfterBoundaryIsAccepted() {
    let m = parse("Content-Type: multipart/mixed; boundary=zz\n\n--zz  \t\n\na\n--zz-- \n")
    #expect(m.parts.count == 2)
    #expect(body(m, 1) == "a")
}

@Test func missingFinalBoundaryEndsPartsAtEndOfInput() {
    let m = parse("Content-Type: multipart/mixed; boundary=zz\n\n--zz\n\nlast part\n")
    #expect(m.parts.count == 2)
    #expect(body(m, 1) == "last part\n")
    #expect(m.problems.contains { $0.kind == .missingClosingBoundary })
}

@Test func crlfDelimiterLineEndingBelongsToTheBoundary() {
    let m = parse("Content-Type: multipart/mixed; boundary=q\r\n\r\n--q\r\n\r\nbody\r\n--q--\r\n")
    #expect(body(m, 1) == "body")
    #expect(m.lineEnding == .crlf)
}

@Test func embeddedMessageIsParsedRecursively() {
    let text = """
    Content-Type: multipart/mixed; boundary=o

    --o
    Content-Type: message/rfc822

    Subject: inner
    Content-Type: multipart/alternative; boundary=i

    --i
    Content-Type: text/html

    <img src=x>
    --i--
    --o--

    """
    let m = parse(text)
    #expect(m.parts.map(\.contentType.mimeType) == ["multipart/mixed", "message/rfc822", "multipart/alternative", "text/html"])
    #expect(m.parts[2].isEmbeddedMessage)
    #expect(m.headerValue("subject", in: m.parts[2]) == "inner")
    #expect(m.parts.last?.contentType.mimeType == "text/html")
    #expect(body(m, m.parts.count - 1) == "<img src=x>")
}

@Test func mboxFromLineIsKeptOutsideTheHeader() {
    let m = parse("From sender@example.com Mon Jan  1 00:00:00 2024\nSubject: s\n\nb\n")
    #expect(m.fromLineRange == 0..<49)
    #expect(m.root.fields.count == 1)
}

@Test func headerLineWithoutColonStartsTheBody() {
    let m = parse("Subject: s\nthis is not a header\nmore\n")
    #expect(body(m, 0) == "this is not a header\nmore\n")
    #expect(m.problems.contains { $0.kind == .headerLineWithoutColon })
}

@Test func foldedHeaderIsOneField() {
    let m = parse("Subject: one\n two\nX: y\n\n")
    #expect(m.root.fields.count == 2)
    #expect(m.headerValue("subject") == "one two")
}

@Test func multipartWithoutBoundaryIsALeaf() {
    let m = parse("Content-Type: multipart/mixed\n\n--x\n\nhi\n")
    #expect(m.parts.count == 1)
    #expect(m.problems.contains { $0.kind == .multipartWithoutBoundary })
}

@Test func digestChildrenDefaultToMessageRFC822() {
    let m = parse("Content-Type: multipart/digest; boundary=d\n\n--d\n\nSubject: a\n\nbody a\n--d--\n")
    #expect(m.parts[1].contentType.mimeType == "message/rfc822")
    #expect(m.parts[2].isEmbeddedMessage)
}

@Test func deepNestingPastTheLimitIsFlagged() {
    var text = ""
    for i in 0..<10_000 { text += "Content-Type: multipart/mixed; boundary=b\(i)\n\n--b\(i)\n" }
    text += "\nleaf\n"
    let m = parse(text)
    #expect(m.limitExceeded)
}

@Test func hundredThousandHeadersAreBoundedByTheLimit() {
    var text = ""
    text.reserveCapacity(2_000_000)
    for i in 0..<100_000 { text += "X-H\(i): v\n" }
    text += "\nbody\n"
    let m = parse(text)
    #expect(m.limitExceeded)
}

@Test func fiftyMegabyteLineParses() {
    var bytes = [UInt8](repeating: UInt8(ascii: "a"), count: 50 << 20)
    bytes.insert(contentsOf: Array("Subject: big\n\n".utf8), at: 0)
    let m = MIMEMessage(bytes: bytes)
    #expect(m.parts.count == 1)
    #expect(m.root.bodyRange.count == 50 << 20)
}

@Test func parserIsTotalOnRandomBytes() {
    var rng = SplitMix64(seed: 0x7EA7)
    let alphabet = Array("-\r\n:;= \"boundary=multipart/mixed;Content-Type--b\u{0}".utf8)
    for _ in 0..<300 {
        let n = Int(rng.next() % 600)
        let bytes = (0..<n).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }
        let m = MIMEMessage(bytes: bytes)
        for p in m.parts {
            #expect(p.bodyRange.lowerBound <= p.bodyRange.upperBound)
            #expect(p.bodyRange.upperBound <= bytes.count)
            #expect(p.range.upperBound <= bytes.count)
        }
    }
}


/// The cleaner's final check: a body that gained a delimiter line no longer has the same
/// structure; the same message with a changed body does.
@Test func sameStructureSeesAGainedPart() {
    let head = "Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/html\n\n"
    let original = MIMEMessage(bytes: Array((head + "<p>x</p> --b\n--b--\n").utf8))
    let edited = MIMEMessage(bytes: Array((head + "<p>y</p> --b\n--b--\n").utf8))
    let smuggled = MIMEMessage(bytes: Array((head + "<p>x</p>\n--b\nContent-Type: text/plain\n\nz\n--b--\n").utf8))
    #expect(original.hasSameStructure(as: edited))
    #expect(!original.hasSameStructure(as: smuggled))
}
