// The MIME parser and the splicer:
// - parse + splice with no edits gives the input back, byte for byte;
// - the part tree is consistent: ranges inside the message and inside their parent's
//   body, parts in document order, depths one below the parent;
// - every leaf with a known transfer encoding, replaced by its own decoded content
//   (what the cleaner does after an edit), re-parses to the same structure and the
//   same decoded content;
// - a quoted-printable leaf re-encoded through its line map, unedited and after a cut
//   made from its own bytes, decodes as encoding the whole content anew decodes.
import FuzzSupport
import MailMIME

runFuzzer { input in
    let message = MIMEMessage(bytes: input)
    let output = MessageEditor(message: message).output()
    check(output == input, "splice with no edits changed the message at byte \(firstDifference(output, input))")
    check(!message.parts.isEmpty, "no root part")

    let all = 0..<input.count
    var previousStart = 0
    for part in message.parts {
        let where_ = "part \(part.index) (\(part.contentType.mimeType))"
        check(all.lowerBound <= part.range.lowerBound && part.range.upperBound <= all.upperBound,
              "\(where_): range \(part.range) outside the message (\(input.count) bytes)")
        check(part.range.lowerBound <= part.headerRange.lowerBound && part.headerRange.upperBound <= part.range.upperBound,
              "\(where_): headerRange \(part.headerRange) outside range \(part.range)")
        check(part.range.lowerBound <= part.bodyRange.lowerBound && part.bodyRange.upperBound <= part.range.upperBound,
              "\(where_): bodyRange \(part.bodyRange) outside range \(part.range)")
        check(part.headerRange.upperBound <= part.bodyRange.lowerBound,
              "\(where_): body \(part.bodyRange) starts inside the header \(part.headerRange)")
        check(part.range.lowerBound >= previousStart, "\(where_): parts out of document order")
        previousStart = part.range.lowerBound
        for field in part.fields {
            check(part.headerRange.lowerBound <= field.range.lowerBound && field.range.upperBound <= part.headerRange.upperBound,
                  "\(where_): header field \(field.range) outside the header \(part.headerRange)")
        }
        if let parent = part.parent {
            check(parent < part.index, "\(where_): parent \(parent) after the child")
            let p = message.parts[parent]
            check(p.children.contains(part.index), "\(where_): not among its parent's children")
            check(part.depth == p.depth + 1, "\(where_): depth \(part.depth) under a parent at depth \(p.depth)")
            check(p.bodyRange.lowerBound <= part.range.lowerBound && part.range.upperBound <= p.bodyRange.upperBound,
                  "\(where_): range \(part.range) outside its parent's body \(p.bodyRange)")
        } else {
            check(part.index == 0 && part.depth == 0, "\(where_): a second root")
        }
        for c in part.children {
            check(c > part.index && c < message.parts.count && message.parts[c].parent == part.index,
                  "\(where_): child \(c) does not point back")
        }
        _ = message.headerValue("subject", in: part)
        _ = message.headerValue("content-type", in: part)
        if part.isLeaf { _ = message.decodedBody(of: part) }
        if part.isLeaf, case .quotedPrintable = part.transferEncoding { checkRequote(message, part) }
    }
    guard !message.limitExceeded else { return }

    // Re-encode every leaf with its own decoded content.
    var editor = MessageEditor(message: message)
    var leaves: [Int] = []
    for part in message.parts where part.isLeaf {
        if case .other = part.transferEncoding { continue }
        let decoded = message.decodedBody(of: part).bytes
        do {
            try editor.replaceContent(of: part, with: decoded)
            leaves.append(part.index)
        } catch ContentEditError.wouldWriteBoundary {
            // Allowed: an identity-encoded body already holding a line that some reader could
            // take for an enclosing delimiter is refused, so the part stays as it was.
            continue
        } catch {
            check(false, "part \(part.index): replaceContent refused a leaf: \(error)")
        }
    }
    guard editor.hasEdits else { return }
    let rewritten = editor.output()
    let again = MIMEMessage(bytes: rewritten)
    let types = message.parts.map { "\($0.contentType.mimeType)\($0.isLeaf ? "" : "*")" }
    let typesAgain = again.parts.map { "\($0.contentType.mimeType)\($0.isLeaf ? "" : "*")" }
    check(types == typesAgain,
          "re-encoding the leaves changed the structure: \(types.prefix(20)) became \(typesAgain.prefix(20)); output: \(show(rewritten))")
    for index in leaves {
        let a = message.decodedBody(of: message.parts[index]).bytes
        let b = again.decodedBody(of: again.parts[index]).bytes
        check(a == b,
              "part \(index) (\(message.parts[index].contentType.mimeType), \(message.parts[index].transferEncoding)): decoded content differs after re-encoding, at byte \(firstDifference(a, b)): \(show(a)) vs \(show(b))")
    }
}

/// The line-keeping re-encoder against encoding anew, on the part unedited and cut.
func checkRequote(_ message: MIMEMessage, _ part: MIMEPart) {
    let original = message.bytes[part.bodyRange]
    let ending = message.bodyLineEnding(of: part)
    let (decoded, lines) = message.decodedQuotedPrintable(of: part)
    check(decoded == message.decodedBody(of: part).bytes, "part \(part.index): the line-mapping decoder decodes otherwise")
    guard let lines else { return }
    var edited = decoded
    for round in 0..<2 {
        if round == 1 && !edited.isEmpty {
            // A cut and a short replacement, placed and sized by the content's own bytes.
            let at = Int(edited[edited.count / 2]) * 7919 % edited.count
            let span = min(edited.count - at, Int(edited[at]) % 97)
            edited.replaceSubrange(at..<(at + span), with: edited.prefix(Int(edited[0]) % 5))
        }
        let requoted = Codec.requoteQuotedPrintable(
            original: original, decoded: decoded[...], lines: lines, content: edited, lineEnding: ending)
        let whole = Codec.encodeQuotedPrintable(edited, lineEnding: ending)
        let a = Codec.decodeQuotedPrintable(requoted, lineEnding: ending).bytes
        let b = Codec.decodeQuotedPrintable(whole, lineEnding: ending).bytes
        check(a == b, "part \(part.index), round \(round): requoted content decodes otherwise, at byte \(firstDifference(a, b)): \(show(requoted))")
    }
}
