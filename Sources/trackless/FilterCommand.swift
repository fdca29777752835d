import ArgumentParser
import CFailOpen
import Dispatch
import Trackless
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `trackless filter`: one message on stdin, the cleaned message on stdout, for MDAs.
///
/// The contract (docs/delivery.md): read stdin to EOF; exit 0 with the cleaned message,
/// or with the original bytes on any internal failure, over the size limit or past the
/// time budget; never exit 0 with empty or partial output; nothing on stderr.
struct FilterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "filter",
        abstract: "Clean one message from standard input to standard output (for MDAs).",
        discussion: """
            Exit status: 0 with the cleaned message, or with the original message unchanged
            when anything goes wrong. With --on-error tempfail, failures exit 75 (EX_TEMPFAIL)
            and write nothing, so the MDA keeps the message and retries. Empty input exits 75.

            Examples:
              procmail:  :0 fw
                         | /usr/local/bin/trackless filter
              maildrop:  xfilter "/usr/local/bin/trackless filter"
            """
    )

    enum OnError: String, ExpressibleByArgument, CaseIterable { case passthrough, tempfail }

    @OptionGroup var cleaning: CleaningOptions

    @Option(help: "What to do on an internal failure or timeout: pass the original through, or exit 75.")
    var onError: OnError = .passthrough

    @Option(help: "Give up and pass the original through after this many seconds.")
    var timeout: Double = 5

    @Option(help: "Pass messages larger than this many bytes through untouched.")
    var maxSize: Int = 64 << 20

    @Option(help: "Append one line per message to this file.")
    var log: String?

    @Flag(help: "Log one line per message to syslog (facility mail).")
    var syslog = false

    /// Parses the filter's own options without ArgumentParser; nil for anything it does not
    /// recognise (help, typos, bad values), which then goes through ArgumentParser for its
    /// messages. Tests check that both accept the same options.
    static func fastParse(_ args: [String]) -> FilterSettings? {
        var settings = FilterSettings()
        var i = 0
        func value(_ arg: String) -> String? {
            if let eq = arg.firstIndex(of: "=") { return String(arg[arg.index(after: eq)...]) }
            i += 1
            return i < args.count ? args[i] : nil
        }
        while i < args.count {
            let arg = args[i]
            let name = arg.firstIndex(of: "=").map { String(arg[..<$0]) } ?? arg
            switch name {
            case "--strict": settings.strict = true
            case "--unwrap-security-links": settings.unwrapSecurityLinks = true
            case "--syslog": settings.syslog = true
            case "--on-error":
                guard let v = value(arg), let e = OnError(rawValue: v) else { return nil }
                settings.tempfail = e == .tempfail
            case "--timeout":
                guard let v = value(arg), let t = Double(v) else { return nil }
                settings.timeout = t
            case "--max-size":
                guard let v = value(arg), let m = Int(v) else { return nil }
                settings.maxSize = m
            case "--recipient":
                guard let v = value(arg) else { return nil }
                settings.recipients.append(v)
            case "--log":
                guard let v = value(arg) else { return nil }
                settings.log = v
            case "--rules":
                guard let v = value(arg) else { return nil }
                settings.rulesFiles.append(v)
            default:
                return nil
            }
            i += 1
        }
        return settings.problem == nil ? settings : nil
    }

    var settings: FilterSettings {
        FilterSettings(strict: cleaning.strict, unwrapSecurityLinks: cleaning.unwrapSecurityLinks,
                       tempfail: onError == .tempfail, timeout: timeout, maxSize: maxSize,
                       recipients: cleaning.recipients, log: log, syslog: syslog, rulesFiles: cleaning.rulesFiles)
    }

    func validate() throws {
        if let problem = settings.problem { throw ValidationError(problem) }
    }

    func run() throws {
        try settings.run()
    }
}

/// The filter's settings, free of ArgumentParser so that the per-message fast path does
/// not pay for its reflection.
struct FilterSettings {
    var strict = false
    var unwrapSecurityLinks = false
    var tempfail = false
    var timeout: Double = 5
    var maxSize: Int = 64 << 20
    var recipients: [String] = []
    var log: String?
    var syslog = false
    var rulesFiles: [String] = []

    var problem: String? {
        if !(timeout > 0 && timeout <= 3600) { return "--timeout must be between 0 and 3600 seconds" }
        if maxSize <= 0 { return "--max-size must be positive" }
        return nil
    }

    func run() throws {
        signal(SIGPIPE, SIG_IGN)
        HeapTuning.oneMessage()
        let logger = FilterLog(path: log, useSyslog: syslog)
        silenceStandardError(into: log)
        let started = monotonicSeconds()
        let input: [UInt8]
        do {
            input = try IO.readAll(fd: 0)
        } catch {
            logger.record("cannot read standard input; exit 75")
            throw ExitStatus.tempFail
        }
        if input.isEmpty {
            logger.record("empty input; exit 75")
            throw ExitStatus.tempFail
        }
        input.withUnsafeBufferPointer { buf in
            // The buffer outlives every use below: `input` is alive until run() returns.
            tl_failopen_arm(buf.baseAddress, buf.count, tempfail ? 1 : 0)
        }
        if input.count > maxSize {
            logger.record("size \(input.count) over --max-size \(maxSize); passed through")
            try emit(input)
            return
        }
        // A broken rules file must not stop mail: the built-in rules still apply; the log says why.
        let rules = RulesFiles.load(paths: rulesFiles, includeDefault: true)
        var options = CleaningOptions.cleanOptions(
            strict: strict, unwrapSecurityLinks: unwrapSecurityLinks, recipients: recipients, rules: rules)
        // The trace field and the log line read only the counts.
        options.listsFindings = false
        for problem in rules.problems { logger.record("rules: \(problem)") }

        let cleaner = Cleaner(options: options)
        let outcome = runWithDeadline(seconds: timeout) {
            TestFault.injectIfRequested()
            return cleaner.clean(input)
        }
        guard let result = outcome else {
            logger.record("time budget of \(timeout)s exceeded; \(tempfail ? "exit 75" : "passed through")")
            tl_failopen_bail_out()
        }
        let elapsed = Int((monotonicSeconds() - started) * 1000)
        if logger.isEnabled {
            let id = result.report.messageID ?? "(no Message-ID)"
            let summary = result.changed ? result.report.countWords : "unchanged"
            logger.record("\(id) \(summary) \(input.count) bytes \(elapsed) ms")
        }
        try emit(result.bytes)
    }

    /// Writes the message; a write failure cannot be repaired and exits 75.
    func emit(_ bytes: [UInt8]) throws {
        tl_failopen_output_started()
        do {
            try IO.writeAll(fd: 1, bytes)
        } catch {
            throw ExitStatus.tempFail
        }
    }
}

/// Points stderr at the log file, or at /dev/null: nothing a filter (or the Swift runtime
/// on a crash) writes there may reach the MDA, which would put it into the message.
func silenceStandardError(into logPath: String?) {
    var fd: Int32 = -1
    if let logPath { fd = open(logPath, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600) }
    if fd < 0 { fd = open("/dev/null", O_WRONLY | O_CLOEXEC) }
    if fd >= 0 {
        dup2(fd, 2)
        close(fd)
    }
}

/// Runs `work` on another thread; nil when it does not finish in time.
func runWithDeadline<T: Sendable>(seconds: Double, _ work: @escaping @Sendable () -> T) -> T? {
    let box = ResultBox<T>()
    let done = DispatchSemaphore(value: 0)
    // NOTE: a dedicated thread with a large stack: deep but bounded recursion must not overflow.
    let thread = WorkerThread {
        box.value = work()
        done.signal()
    }
    thread.start()
    if done.wait(timeout: .now() + seconds) == .timedOut { return nil }
    return box.value
}

/// Written by the worker before it signals; read by the waiter only after the signal.
final class ResultBox<T>: @unchecked Sendable {
    var value: T?
}

/// Test-only failure injection for the delivery tests (docs/delivery.md): inert unless
/// TRACKLESS_TEST_FAULT is set to `crash` (trap while cleaning) or `hang` (exceed the budget).
enum TestFault {
    static func injectIfRequested() {
        guard let raw = getenv("TRACKLESS_TEST_FAULT") else { return }
        switch String(cString: raw) {
        case "crash":
            fatalError("TRACKLESS_TEST_FAULT=crash")
        case "hang":
            while true { sleep(3600) }
        default:
            return
        }
    }
}

func monotonicSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}
