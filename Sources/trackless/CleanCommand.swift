import ArgumentParser
import Trackless
#if canImport(Glibc)
import Glibc
#endif

/// Set by the SIGINT/SIGTERM handler; the batch engine stops between messages.
nonisolated(unsafe) private var interruptFlag = BatchStopFlag()

/// `trackless clean`: clean maildirs in place, crash-safely.
struct CleanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clean",
        abstract: "Clean Maildir and Maildir++ trees in place, crash-safely.",
        discussion: """
            Every folder (the root, each .Folder, cur/ and new/) is cleaned. A changed
            message is written to tmp/, synced, given the old file's date, and linked into
            place under a new name with the same flags and a correct S= size; then the old
            file goes. No message is ever missing, but between that link and unlink, or
            after a crash there until the next run, a reader can see it twice (old and new
            copy, same flags). The next run finishes or undoes such an interrupted replace
            from its journal in tmp/, leaving one copy; --check lists what it would repair
            and changes nothing. Unchanged messages are not touched. A changed message
            gets a new IMAP UID (docs/maildir.md).

            Ctrl-C stops after the messages in progress. Exit status: 0 when all went
            well, 74 when some message could not be cleaned (it was kept as it was), 66
            when a path is not a maildir, 130 when interrupted. With --check: 0 when
            nothing is found, 1 when something is (one line each on standard output), 74
            when a folder could not be read, 66 when a path is not a maildir.

            Examples:
              trackless clean --dry-run ~/Maildir
              trackless clean --check ~/Maildir
              trackless clean --backup /var/backups/mail-originals ~/Maildir
              trackless clean --json /srv/mail/*/Maildir > summary.json
            """
    )

    @Argument(help: "Maildir roots, folders, or directories holding maildirs.")
    var paths: [String]

    @Flag(help: "Show what would change; write nothing.")
    var dryRun = false

    @Flag(help: "Only list what an interrupted run left (duplicate copies, journals, tmp files) and what the next run does about it; change nothing. Exit status 1 when something is found.")
    var check = false

    @Option(help: ArgumentHelp(
        "Parallel workers: a number, or auto to let the run choose from the throughput it measures.",
        discussion: "auto starts at twice the cores (at least 4) and moves between 1 and four per core (at least 8, at most 64), as the disk and cores take it best.",
        valueName: "n|auto"))
    var jobs: JobCount = .auto

    @Option(help: "Keep every original that is replaced under this directory.")
    var backup: String?

    @OptionGroup var cleaning: CleaningOptions

    @Flag(help: "Print the summary as JSON on standard output.")
    var json = false

    @Flag(help: "Print nothing but errors.")
    var quiet = false

    func validate() throws {
        if case .fixed(let n) = jobs, !(1...256).contains(n) {
            throw ValidationError("--jobs must be auto or between 1 and 256")
        }
        if check && dryRun { throw ValidationError("--check changes nothing already; leave out --dry-run") }
    }

    func run() throws {
        if check { return try runCheck() }
        HeapTuning.keepFreedMemory()
        let rules = RulesFiles.load(paths: cleaning.rulesFiles, includeDefault: true)
        for p in rules.problems { printError("trackless clean: \(p)") }
        if !rules.problems.isEmpty { throw ExitStatus.config }
        var options = cleaning.cleanOptions(rules: rules)
        // The totals read only the counts.
        options.listsFindings = false
        let cleaner = Cleaner(options: options)

        var batch = BatchOptions()
        batch.dryRun = dryRun
        switch jobs {
        case .auto:
            batch.jobs = BatchOptions.tunedJobsMaximum
            batch.tunesJobs = true
        case .fixed(let n):
            batch.jobs = n
        }
        batch.backupDirectory = backup
        let flag = interruptFlag
        batch.shouldStop = { flag.isRequested }
        installInterruptHandler()

        let isTerminal = isatty(2) != 0
        var display = ProgressDisplay(enabled: !quiet && !json, terminal: isTerminal, dryRun: dryRun)
        var totals = CleanTotals()
        let summary = cleanMaildirs(paths, options: batch, transform: { bytes in
            let result = cleaner.clean(bytes)
            return (result.changed ? result.bytes : nil, result.report)
        }, progress: { progress in
            if let latest = progress.latest {
                if let report = latest.report, latest.status == .changed { totals.add(report) }
                if let reason = latest.status.reason, !quiet {
                    display.clearLine()
                    printError("trackless clean: \(latest.path): \(reason)")
                }
            }
            display.update(progress)
        })
        display.finish()

        if json {
            print(totals.json(summary).render())
        } else if !quiet {
            print(totals.render(summary), terminator: "")
        }
        for problem in summary.pathProblems { printError("trackless clean: \(problem.path): \(problem.reason)") }
        if summary.stopped { throw ExitCode(130) }
        if summary.failed > 0 || summary.recoveryFailures > 0 { throw ExitStatus.ioError }
        if !summary.pathProblems.isEmpty { throw ExitStatus.noInput }
    }
}

extension CleanCommand {
    /// `--check`: the recovery plan of every folder, nothing changed. `--backup` leaves the
    /// backup directory out, as a run with it does.
    func runCheck() throws {
        var batch = BatchOptions()
        batch.backupDirectory = backup
        let result = checkMaildirs(paths, options: batch)
        if json {
            print(checkJSON(result).render())
        } else {
            for finding in result.findings { print(finding.line) }
            if !quiet { print(checkSummary(result)) }
        }
        for error in result.errors { printError("trackless clean: \(error.path): \(error.reason)") }
        for problem in result.pathProblems { printError("trackless clean: \(problem.path): \(problem.reason)") }
        if !result.errors.isEmpty { throw ExitStatus.ioError }
        if !result.pathProblems.isEmpty { throw ExitStatus.noInput }
        if !result.findings.isEmpty { throw ExitStatus.found }
    }

    func checkSummary(_ r: BatchCheckResult) -> String {
        let folders = "\(r.folders.count) \(r.folders.count == 1 ? "folder" : "folders") checked"
        guard !r.findings.isEmpty else { return "\(folders): nothing left by an interrupted run" }
        func counted(_ n: Int, _ one: String, _ many: String) -> String? { n == 0 ? nil : "\(n) \(n == 1 ? one : many)" }
        let parts = [
            counted(r.count("duplicate"), "duplicate message", "duplicate messages"),
            counted(r.count("interrupted"), "interrupted replace", "interrupted replaces"),
            counted(r.count("journal"), "batch journal", "batch journals"),
            counted(r.count("in-use"), "file of a run that may still be going on", "files of a run that may still be going on"),
            counted(r.count("unresolved"), "file left alone", "files left alone"),
        ].compactMap { $0 }
        return "\(folders): " + parts.joined(separator: ", ")
    }

    func checkJSON(_ r: BatchCheckResult) -> JSONWriter.Value {
        .object([
            ("schema", .string("trackless-clean-check/1")),
            ("folders", .int(r.folders.count)),
            ("found", .int(r.findings.count)),
            ("findings", .array(r.findings.map { f in
                .object([
                    ("kind", .string(f.kind)),
                    ("folder", .string(f.folder)),
                    ("paths", .array(f.paths.map { .string($0) })),
                    ("problem", .string(f.problem)),
                    ("nextRun", .string(f.nextRun)),
                ])
            })),
            ("problems", .array((r.errors + r.pathProblems).map { p in
                .object([("path", .string(p.path)), ("reason", .string(p.reason))])
            })),
        ])
    }
}

private func installInterruptHandler() {
    let handler: @convention(c) (Int32) -> Void = { _ in interruptFlag.request() }
    signal(SIGINT, handler)
    signal(SIGTERM, handler)
}

/// Findings added up over the changed messages.
struct CleanTotals {
    var byKind: [FindingKind: Int] = [:]
    var linksRewritten = 0

    mutating func add(_ report: CleanReport) {
        for (kind, n) in report.changeCounts() {
            byKind[kind, default: 0] += n
            if kind == .link || kind == .param { linksRewritten += n }
        }
    }

    func render(_ s: BatchSummary<CleanReport>) -> String {
        let mb = Double(s.bytesRead) / 1e6
        let rate = s.elapsedSeconds > 0 ? mb / s.elapsedSeconds : 0
        var out = "\(s.dryRun ? "dry run: " : "")\(s.scanned) messages scanned in \(s.folders.count) folders, "
        out += "\(s.changed) \(s.dryRun ? "would change" : "changed"), \(s.unchanged) unchanged"
        if s.failed > 0 { out += ", \(s.failed) failed" }
        if s.vanished > 0 { out += ", \(s.vanished) vanished" }
        if s.skipped > 0 { out += ", \(s.skipped) skipped" }
        out += "\n"
        out += "\(format(mb)) MB in \(format(s.elapsedSeconds)) s (\(format(rate)) MB/s)"
        if let workers = s.workers {
            out += workers.count == 1 ? ", \(workers.lowerBound) workers" : ", \(workers.lowerBound)-\(workers.upperBound) workers"
        }
        out += "\n"
        let kinds = FindingKind.allCases.compactMap { k in byKind[k].map { "\(k.rawValue) \($0)" } }
        if !kinds.isEmpty { out += "removed or rewritten: " + kinds.joined(separator: ", ") + "\n" }
        for line in s.recovery { out += "recovered: \(line)\n" }
        if s.stopped { out += "stopped before the end: run again to finish\n" }
        return out
    }

    func json(_ s: BatchSummary<CleanReport>) -> JSONWriter.Value {
        .object([
            ("schema", .string("trackless-clean/1")),
            ("dryRun", .bool(s.dryRun)),
            ("folders", .int(s.folders.count)),
            ("scanned", .int(s.scanned)),
            ("changed", .int(s.changed)),
            ("unchanged", .int(s.unchanged)),
            ("failed", .int(s.failed)),
            ("vanished", .int(s.vanished)),
            ("skipped", .int(s.skipped)),
            ("bytesRead", .int(s.bytesRead)),
            ("bytesWritten", .int(s.bytesWritten)),
            ("seconds", .string(format(s.elapsedSeconds))),
            ("workers", s.workers.map { .array([.int($0.lowerBound), .int($0.upperBound)]) } ?? .string(nil)),
            ("stopped", .bool(s.stopped)),
            ("byKind", .object(FindingKind.allCases.compactMap { k in byKind[k].map { (k.rawValue, .int($0)) } })),
            ("linksRewritten", .int(linksRewritten)),
            ("problems", .array(s.problems.map { p in
                .object([("path", .string(p.path)), ("reason", .string(p.status.reason))])
            } + s.pathProblems.map { p in .object([("path", .string(p.path)), ("reason", .string(p.reason))]) })),
            ("recovery", .array(s.recovery.map { .string($0) })),
        ])
    }
}

/// A progress bar on a terminal; a plain line every few seconds otherwise.
struct ProgressDisplay {
    let enabled: Bool
    let terminal: Bool
    let dryRun: Bool
    var lastDraw = 0.0
    var drewBar = false

    init(enabled: Bool, terminal: Bool, dryRun: Bool) {
        self.enabled = enabled
        self.terminal = terminal
        self.dryRun = dryRun
    }

    mutating func update(_ p: BatchProgress<CleanReport>) {
        guard enabled else { return }
        let now = monotonicSeconds()
        let finished = p.done == p.total
        guard finished || now - lastDraw >= (terminal ? 0.1 : 5) else { return }
        lastDraw = now
        let mbps = p.elapsedSeconds > 0 ? Double(p.bytesRead) / 1e6 / p.elapsedSeconds : 0
        let eta = p.estimatedSecondsLeft.map { " ETA \(clock($0))" } ?? ""
        let counts = "\(p.done)/\(p.total) messages, \(p.changed) \(dryRun ? "to change" : "changed"), \(format(mbps)) MB/s\(eta)"
        if terminal {
            let width = 24
            let filled = p.total > 0 ? min(width, p.done * width / p.total) : width
            let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
            _ = try? IO.writeAll(fd: 2, "\r\u{1B}[K[\(bar)] \(counts)")
            drewBar = true
        } else {
            _ = try? IO.writeAll(fd: 2, "trackless clean: \(counts)\n")
        }
    }

    mutating func clearLine() {
        if terminal && drewBar { _ = try? IO.writeAll(fd: 2, "\r\u{1B}[K") }
    }

    mutating func finish() {
        if terminal && drewBar { _ = try? IO.writeAll(fd: 2, "\n") }
    }
}

func format(_ v: Double) -> String {
    let scaled = (v * 10).rounded() / 10
    return String(scaled)
}

func clock(_ seconds: Double) -> String {
    let s = Int(seconds.rounded())
    let pad: (Int) -> String = { $0 < 10 ? "0\($0)" : "\($0)" }
    return s >= 3600 ? "\(s / 3600):\(pad(s / 60 % 60)):\(pad(s % 60))" : "\(s / 60):\(pad(s % 60))"
}

/// `--jobs`: a fixed worker count, or `auto` (`WorkerTuner` chooses as the run goes).
enum JobCount: ExpressibleByArgument, Equatable {
    case auto
    case fixed(Int)

    init?(argument: String) {
        if argument == "auto" {
            self = .auto
        } else if let n = Int(argument) {
            self = .fixed(n)
        } else {
            return nil
        }
    }

    var defaultValueDescription: String {
        switch self {
        case .auto: "auto"
        case .fixed(let n): String(n)
        }
    }
}
