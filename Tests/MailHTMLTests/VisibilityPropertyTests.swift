import FixtureSupport
import Foundation
import Testing

@testable import MailHTML

/// Outlook-only markup and `<style>` rules that match nothing are everywhere in real mail;
/// neither may change what the other engines are judged to see.
@Suite struct VisibilityPropertyTests {
    final class Recorder: HTMLPolicy {
        var asked: [RemoteLoad] = []
        func decide(_ load: RemoteLoad) -> LoadDecision<Never> {
            asked.append(load)
            return .keep
        }
        func decideLink(url: String, text: String) -> LinkDecision { .keep }
    }

    /// Pieces that leave the tokenizer in its data state, so anything may be inserted
    /// between two of them.
    static let pieces = [
        "<img src='https://img.example/a.png' width=1 height=1>", "<img src=\"https://img.example/b.png\" alt=\"B\">",
        "<img class='m' src='https://img.example/m.png'>", "<img id='x' src='https://img.example/x.png' width=0 height=0>",
        "<td background=https://img.example/bg.gif>", "</td>", "<table>", "</table>", "<tr>", "</tr>",
        "<div style='background:url(https://img.example/x.png);color:red'>", "<div style=\"display:none\">",
        "<div class='mobile' style='display:none'>", "<div class='hide'>", "<span style='visibility:hidden'>",
        "<span style='visibility:visible'>", "</span>", "</div>", "<p>", "</p>", "text ", "<a href='https://a.example/'>",
        "</a>", "<div hidden>", "<div style='max-height:0;overflow:hidden'>", "<picture><source srcset='https://img.example/p.png'>",
        "<img src='cid:c' width=600 height=200></picture>", "<video controls src='https://m.example/v.mp4'></video>",
        "<style>@media (max-width:640px){.mobile{display:block !important}}</style>", "<style>.hide img{display:none}</style>",
        "<style>.webonly{width:100% !important}</style>", "<img class='webonly' width=0 height=0 src='https://img.example/w.png'>",
        "<!--[if mso]><img src='https://img.example/o.png'><![endif]-->", "<style>.h{background:url(https://img.example/h.png)}</style>",
        "<div class='h'>", "<ul><li>", "</li></ul>",
        // Outlook alone honours `mso-hide`: a document without rules judges it in the walk
        // that serves the other engines, which the "style" insert below checks.
        "<span style='mso-hide:all'>", "<div style=\"mso-hide:all;color:red\">",
    ]

    static let inserts = [
        ("mso", "<!--[if mso]><div style=\"display:none\"><span style=\"display:none\"><table><tr><td style=\"display:none\"><![endif]-->"),
        ("mso-close", "<!--[if mso]></td></tr></table></div></span></p><![endif]-->"),
        ("style", "<style>.zz-no-element-has-this{display:none} #zz-nor-this img{visibility:hidden}</style>"),
    ]

    static let seeds = ProcessInfo.processInfo.environment["PROPERTY_SEEDS"].flatMap(Int.init) ?? 200

    static func loads(_ html: String) -> [RemoteLoad] {
        let recorder = Recorder()
        _ = rewriteHTML(Array(html.utf8), policy: recorder)
        return recorder.asked
    }

    @Test(arguments: 0..<seeds)
    func insertedOutlookMarkupOrUnmatchedRuleChangesNothingElsewhere(seed: Int) {
        var generator = SplitMix64(seed: UInt64(seed) &+ 7_000_000)
        var parts: [String] = []
        for _ in 0..<Int.random(in: 1...30, using: &generator) { parts.append(generator.pick(Self.pieces)) }
        let at = Int.random(in: 0...parts.count, using: &generator)
        let (name, insert) = generator.pick(Self.inserts)
        let before = Self.loads(parts.joined())
        var changed = parts
        changed.insert(insert, at: at)
        let after = Self.loads(changed.joined())
        #expect(before.count == after.count, "seed \(seed) \(name)")
        guard before.count == after.count else { return }
        for (a, b) in zip(before, after) {
            #expect(a.url == b.url)
            // Outlook may see the inserted markup; no other engine does.
            #expect(a.visibility.desktop == b.visibility.desktop, "seed \(seed) \(name) at \(at): \(a.url) in \(changed.joined())")
            #expect(a.visibility.phone == b.visibility.phone, "seed \(seed) \(name) at \(at): \(a.url)")
            if name == "style" {
                #expect(a.visibility == b.visibility, "seed \(seed): \(a.url)")
                #expect(a.hidden == b.hidden)
            }
        }
    }
}
