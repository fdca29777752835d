import ArgumentParser
import Dispatch
import Synchronization
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

        var failures = 0
        var inputs: [MessageSource] = []
        for path in paths {
            do {
                inputs += try MessageSource.expand(path)
            } catch {
                // A directory that is no maildir: the messages, mboxes and templates in it.
                let files = Self.messageFiles(under: path)
                if files.isEmpty {
                    printError("trackless audit: \(path): \(error)")
                    failures += 1
                } else {
                    inputs += files.map { MessageSource(path: $0) }
                }
            }
        }
        let (report, unreadable) = Self.audit(inputs, cleaner: cleaner, sender: sender)
        failures += unreadable

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

    /// Reads and audits the inputs on every core, each worker with its own report, merged at
    /// the end; a progress line on a terminal. Returns the report and the unreadable inputs.
    static func audit(_ inputs: [MessageSource], cleaner: Cleaner, sender: String?) -> (AuditReport, Int) {
        let workers = max(1, min(inputs.count, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))))
        let state = AuditProgress(total: inputs.count, workers: workers)
        let showProgress = isatty(2) == 1 && inputs.count > 1
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            var report = AuditReport()
            var unreadable = 0
            while let index = state.next() {
                let input = inputs[index]
                do {
                    let bytes = try input.read()
                    for message in messages(in: bytes, name: input.displayName, sender: sender) {
                        report.add(cleaner.clean(message).report)
                    }
                } catch {
                    printError("trackless audit: \(input.displayName): \(error)")
                    unreadable += 1
                }
                if showProgress, let line = state.progressLine() { _ = try? IO.writeAll(fd: 2, line) }
            }
            state.finish(w, report, unreadable)
        }
        if showProgress { _ = try? IO.writeAll(fd: 2, "\r\u{1B}[K") }
        return state.result()
    }

    /// Files named *.eml, *.mbox, *.html or *.htm under a directory (not hidden ones), sorted.
    static func messageFiles(under directory: String) -> [String] {
        var found: [String] = []
        var pending = [directory]
        while let dir = pending.popLast() {
            guard let d = opendir(dir) else { continue }
            defer { closedir(d) }
            while let entry = readdir(d) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
                }
                if name.hasPrefix(".") { continue }
                let path = dir.hasSuffix("/") ? dir + name : dir + "/" + name
                var st = stat()
                guard stat(path, &st) == 0 else { continue }
                if (st.st_mode & S_IFMT) == S_IFDIR {
                    pending.append(path)
                } else if [".eml", ".mbox", ".html", ".htm"].contains(where: { name.lowercased().hasSuffix($0) }) {
                    found.append(path)
                }
            }
        }
        return found.sorted()
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

/// The work queue of a parallel audit: the next input, progress, and the workers' reports.
final class AuditProgress: @unchecked Sendable {
    struct State {
        var next = 0
        var lastShown = 0.0
        var reports: [AuditReport?]
        var unreadable = 0
    }

    let total: Int
    private let state: Mutex<State>

    init(total: Int, workers: Int) {
        self.total = total
        state = Mutex(State(reports: Array(repeating: nil, count: workers)))
    }

    func next() -> Int? {
        state.withLock { s in
            guard s.next < total else { return nil }
            defer { s.next += 1 }
            return s.next
        }
    }

    /// A line to draw, at most ten times a second.
    func progressLine() -> String? {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        let now = Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
        return state.withLock { s in
            guard now - s.lastShown >= 0.1 else { return nil }
            s.lastShown = now
            let width = 30
            // Inputs handed out so far, the one each worker holds included.
            let filled = total == 0 ? width : s.next * width / total
            return "\r[" + String(repeating: "#", count: filled) + String(repeating: " ", count: width - filled)
                + "] \(s.next)/\(total) messages"
        }
    }

    func finish(_ worker: Int, _ report: AuditReport, _ unreadable: Int) {
        state.withLock { s in
            s.reports[worker] = report
            s.unreadable += unreadable
        }
    }

    func result() -> (AuditReport, Int) {
        state.withLock { s in
            var all = AuditReport()
            for r in s.reports { if let r { all.merge(r) } }
            return (all, s.unreadable)
        }
    }
}
