import MailMIME
import Trackless

/// The properties of `Cleaner.clean` on any input, for one set of options:
/// - nothing changed: the output is the input, byte for byte, and the report lists no change;
/// - cleaning is idempotent: cleaning the output again changes nothing;
/// - the MIME structure survives: same parts, same types, in the same order, each with the
///   same header fields and transfer encoding (give or take the trace field and removed
///   read-receipt requests at the top);
/// - unwrapped links point at http, https or mailto URLs only;
/// - `counting`, the same cleaner counting its changes instead of listing them (as
///   `filter`, `clean` and the milter run it), writes the same bytes and the same counts.
public func checkCleanProperties(_ cleaner: Cleaner, _ input: [UInt8], mode: String, counting: Cleaner? = nil) {
    let first = cleaner.clean(input)
    checkFindings(first.report.findings, context: mode)
    if let counting {
        let counted = counting.clean(input)
        check(counted.bytes == first.bytes,
              "\(mode): counting instead of listing changed the output at byte \(firstDifference(counted.bytes, first.bytes))")
        check(counted.report.countWords == first.report.countWords,
              "\(mode): counting found \(counted.report.countWords.debugDescription), listing \(first.report.countWords.debugDescription)")
    }
    // The cleaner's last check (same parts before and after) passes the original through
    // when an edit wrote or lost a boundary; it is a net, and a case that reaches it is a
    // bug in the edit that made it.
    check(!first.report.skipped.contains { $0.contains("would not split into the same parts") },
          "\(mode): an edit changed the MIME structure (caught by the cleaner's final check): \(first.report.skipped)")
    guard first.changed else {
        check(first.bytes == input,
              "\(mode): changed == false but the output differs from the input at byte \(firstDifference(first.bytes, input))")
        let changes = first.report.changes
        check(changes.isEmpty,
              "\(mode): changed == false but the report lists \(changes.count) change(s): \(changes.map { "\($0.kind.rawValue) \($0.action.rawValue) \($0.subject.debugDescription)" })")
        return
    }
    let second = cleaner.clean(first.bytes)
    check(!second.changed && second.bytes == first.bytes,
          "\(mode): not idempotent: cleaning the output again changed it at byte \(firstDifference(second.bytes, first.bytes)); second-pass changes: \(second.report.changes.map { "\($0.kind.rawValue) \($0.action.rawValue) \($0.rule ?? "-") \($0.subject.debugDescription)" })")

    let before = MIMEMessage(bytes: input)
    let after = MIMEMessage(bytes: first.bytes)
    let typesBefore = before.parts.map { $0.contentType.mimeType }
    let typesAfter = after.parts.map { $0.contentType.mimeType }
    check(typesBefore == typesAfter,
          "\(mode): the MIME structure changed: \(typesBefore.count) parts \(typesBefore.prefix(20)) became \(typesAfter.count) parts \(typesAfter.prefix(20))")
    let removedFields = first.report.findings.filter { $0.kind == .header && $0.action == .removed }.count
    let addedFields = cleaner.options.addTraceField ? 1 : 0
    for (a, b) in zip(before.parts, after.parts) {
        let expected = a.fields.count + (a.index == 0 ? addedFields - removedFields : 0)
        check(b.fields.count == expected,
              "\(mode): part \(a.index) (\(a.contentType.mimeType)) had \(a.fields.count) header fields, has \(b.fields.count) after cleaning (expected \(expected)): an edit of the header was lost, or the body ran into the header")
        check("\(a.transferEncoding)" == "\(b.transferEncoding)",
              "\(mode): part \(a.index) (\(a.contentType.mimeType)) transfer encoding \(a.transferEncoding) became \(b.transferEncoding)")
    }
}
