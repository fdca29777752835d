import MailMIME

/// Removes read-receipt requests from the top-level header and reports them.
///
/// Only the message's own header: forwarded messages' headers are content. DKIM-Signature,
/// ARC-* and Authentication-Results are never touched.
enum HeaderStage {
    /// Fields that ask the reader's client to report that the message was opened.
    static let readReceiptFields = [
        "disposition-notification-to",
        "disposition-notification-options",
        "return-receipt-to",
        "x-confirm-reading-to",
        "x-pmrqc",
    ]

    static func run(on message: MIMEMessage, editor: inout MessageEditor, report: inout CleanReport) {
        for field in message.root.fields {
            let name = field.lowercasedName(in: message.bytes)
            guard readReceiptFields.contains(name) else { continue }
            editor.removeField(field)
            let shown = String(decoding: message.bytes[field.nameRange], as: UTF8.self)
            report.findings.append(Finding(
                kind: .header, action: .removed, certainty: .named,
                reason: ReportWording.readReceipt, rule: "header:\(name)",
                subject: "\(shown): \(field.unfoldedValue(in: message.bytes))"))
        }
    }
}
