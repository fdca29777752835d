import ArgumentParser
import Trackless
#if canImport(Glibc)
import Glibc
#endif

/// `trackless audit`: which third parties messages make a mail client contact, and what
/// each learns.
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Report which third parties messages contact and what they learn; fail a CI step on them.",
        discussion: """
            Reads message files (.eml), mbox files, maildirs, and HTML templates (.html, .htm:
            give --sender for the sender's own domain). Every remote load a mail client would
            make counts, trackers or not, and every tracked link. Nothing is written, and
            nothing is fetched: vendor facts (company, country, category) come with Trackless.

            Examples:
              trackless audit ~/Maildir
              trackless audit --html report.html sent/*.eml
              trackless audit --sender news@shop.example --fail-on identifying --fail-on outside-eea templates/*.html
            """
    )

    @Argument(help: "Message files, mbox files, maildirs, HTML templates, or - for standard input.")
    var paths: [String]

    @Option(help: "The sender's address (its domain is the first party) for HTML templates and messages without From.")
    var sender: String?

    @Flag(help: "Print JSON (schema trackless-audit/1, see docs/audit.md).")
    var json = false

    @Flag(help: "Print Markdown tables.")
    var markdown = false

    @Option(help: "Also write a self-contained HTML report with charts to FILE (it loads nothing).")
    var html: String?

    @Option(help: "Exit 1 if any party is: third-party, identifying, outside-eea (repeatable, or comma-separated).")
    var failOn: [String] = []

    @Option(help: "A file of vendor names or domains (one per line) that --fail-on lets pass.")
    var allow: String?

    @OptionGroup var cleaning: CleaningOptions

    func validate() throws {
        for c in failOn.flatMap({ $0.split(separator: ",") }) where AuditGate.Condition(rawValue: String(c)) == nil {
            throw ValidationError("--fail-on: \(c) is not one of third-party, identifying, outside-eea")
        }
        if json && markdown { throw ValidationError("--json and --markdown: choose one") }
    }

    func run() throws {
        let rules = RulesFiles.load(paths: cleaning.rulesFiles, includeDefault: true)
        for p in rules.problems { printError("trackless audit: \(p)") }
        if !rules.problems.isEmpty { throw ExitStatus.config }
        var options = cleaning.cleanOptions(rules: rules)
        options.reportKeptLoads = true
        options.addTraceField = false
        let cleaner = Cleaner(options: options)

        var allowed: Set<String> = []
        if let allow {
            do {
                allowed = AuditGate.allowList(String(decoding: try IO.readFile(allow), as: UTF8.self))
            } catch {
                printError("trackless audit: \(allow): \(error)")
                throw ExitStatus.config
            }
        }

        var report = AuditReport()
        var failures = 0
        for path in paths {
            let inputs: [MessageSource]
            do {
                inputs = try MessageSource.expand(path)
            } catch {
                printError("trackless audit: \(path): \(error)")
                failures += 1
                continue
            }
            for input in inputs {
                let bytes: [UInt8]
                do {
                    bytes = try input.read()
                } catch {
                    printError("trackless audit: \(input.displayName): \(error)")
                    failures += 1
                    continue
                }
                for message in Self.messages(in: bytes, name: input.displayName, sender: sender) {
                    report.add(cleaner.clean(message).report)
                }
            }
        }

        let gate = AuditGate(conditions: Set(failOn.flatMap { $0.split(separator: ",") }.compactMap { AuditGate.Condition(rawValue: String($0)) }),
                             allowed: allowed)
        let violations = gate.conditions.isEmpty ? [] : gate.violations(report)
        if json {
            print(AuditRenderer.json(report, violations: gate.conditions.isEmpty ? nil : violations), terminator: "")
        } else if markdown {
            print(AuditRenderer.markdown(report), terminator: "")
        } else {
            print(AuditRenderer.terminal(report, style: PreviewStyle(width: terminalWidth(), color: colorWanted())), terminator: "")
        }
        if let html {
            do {
                try IO.writeFile(html, Array(AuditRenderer.html(report).utf8))
            } catch {
                printError("trackless audit: \(html): \(error)")
                throw ExitStatus.ioError
            }
        }
        for v in violations { printError("trackless audit: \(v)") }
        if failures > 0 { throw ExitStatus.noInput }
        // Like a linter: 1 when the policy is not met.
        if !violations.isEmpty { throw ExitStatus.found }
    }

    /// The messages in one input: an mbox holds several; an HTML template becomes a message
    /// from `sender` with that HTML as its body.
    static func messages(in bytes: [UInt8], name: String, sender: String?) -> [[UInt8]] {
        let lower = name.lowercased()
        if lower.hasSuffix(".html") || lower.hasSuffix(".htm") {
            var head = "MIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n"
            if let sender { head = "From: <\(sender)>\r\n" + head }
            return [Array((head + "\r\n").utf8) + bytes]
        }
        if bytes.starts(with: Array("From ".utf8)) { return splitMbox(bytes) }
        guard let sender else { return [bytes] }
        // A message without From gets the sender given.
        let message = MIMEMessageProbe.hasFrom(bytes) ? bytes : Array("From: <\(sender)>\r\n".utf8) + bytes
        return [message]
    }

    /// mbox: a message starts at each "From " line at the start of the file or after a blank line.
    static func splitMbox(_ bytes: [UInt8]) -> [[UInt8]] {
        var starts: [Int] = [0]
        var i = 0
        let from = Array("\nFrom ".utf8)
        while i + from.count <= bytes.count {
            if bytes[i] == 0x0A, bytes[i..<(i + from.count)].elementsEqual(from), i > 0, bytes[i - 1] == 0x0A {
                starts.append(i + 1)
            }
            i += 1
        }
        return zip(starts, starts.dropFirst() + [bytes.count]).map { Array(bytes[$0..<$1]) }
    }
}

enum MIMEMessageProbe {
    /// Whether the header block has a From field (a cheap look at the first 64 KiB).
    static func hasFrom(_ bytes: [UInt8]) -> Bool {
        var lineStart = 0
        var i = 0
        let limit = min(bytes.count, 64 * 1024)
        while i < limit {
            if bytes[i] == 0x0A {
                if i == lineStart || (i == lineStart + 1 && bytes[lineStart] == 0x0D) { return false }
                lineStart = i + 1
            } else if i == lineStart + 4, bytes[lineStart..<i].map({ $0 | 0x20 }) == Array("from".utf8), bytes[i] == 0x3A {
                return true
            }
            i += 1
        }
        return false
    }
}
