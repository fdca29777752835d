import MailHTML
import MailURL
import Testing
import TrackerRules
@testable import Trackless

/// One answer to "does this URL reach the network?": the rewriter asks the rules about
/// exactly the URLs the rules judge as remote, and SVG attachments lose the same ones.
@Suite struct RemoteDefinitionTests {
    static let cases: [(url: String, remote: Bool)] = [
        ("https://t.example.net/p.gif", true), ("http://t.example.net/p.gif", true), ("HTTPS://T.EXAMPLE.NET/P", true),
        ("//t.example.net/p.gif", true), ("ftp://t.example.net/p.gif", true), ("ws://t.example.net/s", true),
        ("wss://t.example.net/s", true), ("file://files.example.net/share/p.png", true),
        ("file:///C:/Users/p.png", false), ("file://C:/Users/p.png", false), ("file://localhost/p.png", false),
        ("cid:logo@x", false),
        ("data:image/gif;base64,R0lGOD", false), ("mailto:a@example.org", false), ("javascript:alert(1)", false),
        ("foo:bar", false), ("ms-outlook://x", false), ("about:blank", false), ("https://", false), ("//", false),
        (" https://t.example.net/spaced.gif ", true),
    ]

    final class Recorder: HTMLPolicy {
        var asked: [String] = []
        func decide(_ load: RemoteLoad) -> LoadDecision<Never> {
            asked.append(load.url)
            return .keep
        }
        func decideLink(url: String, text: String) -> LinkDecision { .keep }
    }

    @Test(arguments: cases)
    func everyLayerAgrees(_ url: String, _ remote: Bool) {
        #expect(URLScheme.isRemote(url) == remote, "MailURL: \(url)")
        let recorder = Recorder()
        _ = rewriteHTML(Array("<img src=\"\(url)\" width=\"40\" height=\"40\">".utf8), policy: recorder)
        #expect(!recorder.asked.isEmpty == remote, "rewriter: \(url) -> \(recorder.asked)")
        let decision = Ruleset.builtIn.decide(ResourceQuery(url: url, kind: .image, width: 40, height: 40), in: .empty)
        #expect((decision.ruleID != "none/local") == remote, "rules: \(url) -> \(decision.ruleID)")
        #expect(SVGCleaner.isRemote(url) == remote, "SVG: \(url)")
    }

    @Test func aFileShareLoadGoesWhateverItLooksLike() {
        let html = Array("<p><img src=\"file://files.example.net/share/logo.png\" width=\"300\" height=\"80\" alt=\"Logo\"></p>".utf8)
        let (output, findings) = Cleaner().cleanHTML(html)
        #expect(output.map { String(decoding: $0, as: UTF8.self) }?.contains("files.example.net") == false)
        #expect(findings.first?.rule == "policy/file-share")
    }
}
