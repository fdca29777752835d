import MailHTML
import Testing
import TrackerRules

@testable import Trackless

/// Findings share the strings of equal decisions and visibilities, and the report gathers
/// every part's findings in part order, whatever list it took over first.
@Suite struct ReportSharingTests {
    static let tiny = TrackerDecision(action: .remove, vendor: nil, certainty: .heuristic, reason: "tiny", ruleID: "heuristic/tiny")
    static let named = TrackerDecision(action: .remove, vendor: "V", certainty: .named, reason: "named", ruleID: "v/1")

    @Test func aReasonIsReusedOnlyForTheSameDecisionInTheSameMode() {
        var words = HTMLStage.SharedWords()
        var made = 0
        func reason(_ decision: TrackerDecision?, strict: Bool) -> String {
            words.reason(decision, strict: strict) {
                made += 1
                return (strict ? "strict " : "") + (decision?.reason ?? "none")
            }
        }
        #expect(reason(Self.tiny, strict: false) == "tiny")
        #expect(reason(Self.tiny, strict: false) == "tiny")
        #expect(made == 1)
        #expect(reason(Self.tiny, strict: true) == "strict tiny")
        #expect(reason(Self.named, strict: true) == "strict named")
        #expect(reason(Self.named, strict: false) == "named")
        #expect(reason(nil, strict: false) == "none")
        #expect(reason(Self.named, strict: false) == "named")
        #expect(made == 6)
    }

    @Test func aSummaryIsReusedOnlyForTheSameVisibility() {
        var words = HTMLStage.SharedWords()
        let visible = LoadVisibility()
        let hidden = LoadVisibility(desktop: .hidden(.tooSmall, byAncestor: false), phone: .hidden(.tooSmall, byAncestor: false),
                                    outlook: .hidden(.tooSmall, byAncestor: false))
        let phoneOnly = LoadVisibility(desktop: .hidden(.displayNone, byAncestor: true))
        for visibility in [visible, visible, hidden, hidden, phoneOnly, visible, phoneOnly] {
            #expect(words.summary(visibility) == visibility.summary)
        }
    }

    @Test func everyPartsFindingsReachTheReportInOrder() {
        let html = { (n: Int) in
            (0..<n).map { "<img src=\"https://t.example.net/o/\($0).gif\" width=1 height=1>" }.joined()
        }
        let message = """
            From: News <news@shop.example>\nTo: reader@example.org\nSubject: parts\nMIME-Version: 1.0\n\
            Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/html\n\n\(html(3))\n\
            --b\nContent-Type: text/html\n\n\(html(2))\n--b\nContent-Type: text/html\n\n\(html(4))\n--b--\n
            """
        let result = Cleaner(options: CleanOptions()).clean(Array(message.utf8))
        let removed = result.report.findings.filter { $0.action == .removed }
        #expect(removed.map(\.part) == [1, 1, 1, 2, 2, 3, 3, 3, 3])
        #expect(removed.map(\.subject) == (0..<3).map { "https://t.example.net/o/\($0).gif" }
            + (0..<2).map { "https://t.example.net/o/\($0).gif" } + (0..<4).map { "https://t.example.net/o/\($0).gif" })
    }
}
