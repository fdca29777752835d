// One HTML document through Cleaner.cleanHTML, default and strict mode:
// - the output (when something changed) cleaned again gives nil: cleaning is idempotent;
// - nothing changed (nil): the findings list no removal or rewrite;
// - unwrapped links point at http, https or mailto URLs only.
import FuzzSupport
import Trackless

let recipients = ["reader@example.com"]
let cleaners: [(String, Cleaner)] = [
    ("cleanHTML (default)", Cleaner()),
    ("cleanHTML (strict)", {
        var options = CleanOptions()
        options.strict = true
        return Cleaner(options: options)
    }()),
]

runFuzzer { input in
    for (mode, cleaner) in cleaners {
        let first = cleaner.cleanHTML(input, recipients: recipients)
        checkFindings(first.findings, context: mode)
        guard let output = first.output else {
            let changes = first.findings.filter { $0.action != .kept }
            check(changes.isEmpty,
                  "\(mode): output nil (unchanged) but \(changes.count) change(s) reported: \(changes.map { "\($0.kind.rawValue) \($0.action.rawValue) \($0.subject.debugDescription)" })")
            continue
        }
        let second = cleaner.cleanHTML(output, recipients: recipients)
        check(second.output == nil,
              "\(mode): not idempotent: cleaning the output again changed it at byte \(firstDifference(second.output ?? [], output)); second-pass changes: \(second.findings.filter { $0.action != .kept }.map { "\($0.kind.rawValue) \($0.action.rawValue) \($0.rule ?? "-") \($0.subject.debugDescription)" }); output: \(show(output))")
    }
}
