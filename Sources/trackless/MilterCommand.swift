import ArgumentParser
import Milter
import Synchronization
import Trackless
#if canImport(Glibc)
import Glibc
#endif

/// `trackless milter`: the daemon form, for Postfix and Sendmail.
struct MilterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "milter",
        abstract: "Run as a milter daemon: the MTA passes each message, Trackless cleans it.",
        discussion: """
            Cleans every message with the same pipeline as `trackless filter`, so a message
            comes out of both alike. Envelope recipients (RCPT TO) say whose address a
            tracking URL may carry. Any failure, timeout or oversize message is accepted
            unmodified (or answered 4xx with --on-error tempfail); never 5xx.

            SIGTERM or SIGINT: stop listening, serve the connections already open until the
            MTA ends them (at most --drain-timeout seconds, messages under way always
            finished), exit.
            SIGHUP: read the rules files again.

            Configuration file (--config FILE): the long options above, one per line as
            `name = value` (`listen = unix:/run/trackless/milter.sock`, `timeout = 20`,
            `rules = /etc/trackless/rules.txt`); flags as `strict = yes`; `#` starts a
            comment line; `rules` may repeat. Options on the command line win over the file.
            `trackless milter --config FILE --check` reads it, the options and the rules, prints
            the settings in force and exits: 0 when all is well, 64 for a bad value, 78 for
            a bad file or rules file.

            Examples (docs/recipes/milter.md):
              trackless milter --listen unix:/run/trackless/milter.sock
              trackless milter --listen inet:127.0.0.1:8894 --timeout 20
            """
    )

    @Option(help: "A configuration file: one `name = value` per line, names as the long options (see above).")
    var config: String?

    @Flag(help: "Check the configuration and the rules, print the settings in force, and exit without listening.")
    var check = false

    @Option(help: "Where to listen: unix:PATH, inet:HOST:PORT (Postfix) or inet:PORT@HOST (libmilter).")
    var listen = "unix:/run/trackless/milter.sock"

    @Option(help: "Mode of the unix socket, in octal.")
    var socketMode = "660"

    @Option(help: "Owner of the unix socket: USER or USER:GROUP (needs the right to chown).")
    var socketOwner: String?

    @Option(help: "Connections served at once; more wait in the listen queue.")
    var maxConnections = 64

    @Option(help: "After SIGTERM, seconds the connections already open are still served (messages under way are always finished).")
    var drainTimeout: Double = 30

    @Option(help: "Seconds a message may take; past it, it is accepted unmodified. Keep it under Postfix's milter_content_timeout.")
    var timeout: Double = 20

    @Option(help: "Larger messages (bytes) are accepted unmodified.")
    var maxSize = 64 << 20

    @Option(help: "Bytes of messages held by all connections together; a message that would pass it is accepted unmodified.")
    var memoryLimit = 256 << 20

    @Option(help: "Serve Prometheus metrics at http://HOST:PORT/metrics (numeric host), e.g. 127.0.0.1:9120.")
    var metrics: String?

    @Option(help: "On an internal failure or timeout: accept the message unmodified (passthrough), or answer 4xx (tempfail).")
    var onError: FilterCommand.OnError = .passthrough

    @OptionGroup var cleaning: CleaningOptions

    /// The settings in force, one `name = value` per line (the configuration file's form).
    func settingsSummary() -> String {
        var lines = [
            "listen = \(listen)", "socket-mode = \(socketMode)", "max-connections = \(maxConnections)",
            "drain-timeout = \(drainTimeout)", "timeout = \(timeout)", "max-size = \(maxSize)",
            "memory-limit = \(memoryLimit)", "on-error = \(onError.rawValue)",
            "strict = \(cleaning.strict ? "yes" : "no")",
            "unwrap-security-links = \(cleaning.unwrapSecurityLinks ? "yes" : "no")",
        ]
        if let socketOwner { lines.insert("socket-owner = \(socketOwner)", at: 2) }
        if let metrics { lines.append("metrics = \(metrics)") }
        lines += cleaning.rulesFiles.map { "rules = \($0)" }
        return lines.joined(separator: "\n")
    }

    func validate() throws {
        guard MilterAddress(listen) != nil else { throw ValidationError("--listen: not an address: \(listen)") }
        guard UInt32(socketMode, radix: 8) != nil else { throw ValidationError("--socket-mode: not an octal mode: \(socketMode)") }
        guard maxConnections > 0, timeout > 0, maxSize > 0, memoryLimit > 0 else {
            throw ValidationError("--max-connections, --timeout, --max-size and --memory-limit must be positive")
        }
    }

    func run() throws {
        HeapTuning.keepFreedMemory()
        let cleaning = self.cleaning
        let loadRules: @Sendable () -> CleanOptions? = {
            let rules = RulesFiles.load(paths: cleaning.rulesFiles, includeDefault: true)
            for p in rules.problems { milterLog("rules: \(p)") }
            guard rules.problems.isEmpty else { return nil }
            var options = cleaning.cleanOptions(rules: rules)
            // The trace field, the log line and the metrics read only the counts.
            options.listsFindings = false
            return options
        }
        guard let initial = loadRules() else { throw ExitStatus.config }
        if check {
            print(settingsSummary())
            return
        }
        let counters = MilterMetrics()
        let filter = CleanerFilter(cleaner: Cleaner(options: initial), timeout: timeout, metrics: counters)

        var options = MilterServerOptions(address: MilterAddress(listen)!)
        options.maxConnections = maxConnections
        options.drainSeconds = drainTimeout
        options.socketMode = mode_t(UInt32(socketMode, radix: 8)!)
        if let owner = socketOwner {
            guard let ids = Self.owner(owner) else {
                milterLog("--socket-owner: no such user or group: \(owner)")
                throw ExitStatus.config
            }
            options.socketOwner = ids
        }
        options.session = MilterSessionOptions(maxMessageSize: maxSize, tempfailOnError: onError == .tempfail,
                                               budget: MilterMemoryBudget(limit: memoryLimit))
        let server = MilterServer(options: options, filter: filter, metrics: counters, log: { milterLog($0) })
        do {
            try server.bind()
        } catch {
            milterLog("cannot listen: \(error)")
            throw ExitStatus.config
        }
        SignalWatch.start(
            stop: { server.stop() },
            reload: {
                if let fresh = loadRules() {
                    filter.replace(Cleaner(options: fresh))
                    milterLog("rules reloaded")
                } else {
                    milterLog("rules not reloaded: the old ones stay in force")
                }
            })
        // Started after the signal watch: threads inherit the blocked signals, so SIGTERM
        // reaches the watcher and not a thread whose default action ends the process.
        if let metrics {
            guard let colon = metrics.lastIndex(of: ":"), let port = UInt16(metrics[metrics.index(after: colon)...]) else {
                milterLog("--metrics: not HOST:PORT: \(metrics)")
                throw ExitStatus.config
            }
            var host = String(metrics[..<colon])
            if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
            do {
                let endpoint = try MetricsEndpoint(metrics: counters, host: host, port: port)
                WorkerThread { endpoint.serve() }.start(stackBytes: 1 << 20)
            } catch {
                milterLog("\(error)")
                throw ExitStatus.config
            }
        }
        milterLog("listening on \(options.address)")
        server.run()
        milterLog("stopped")
    }

    static func owner(_ spec: String) -> (uid: uid_t, gid: gid_t)? {
        let parts = spec.split(separator: ":", maxSplits: 1).map(String.init)
        guard let user = parts.first, let pw = getpwnam(user) else { return nil }
        var gid = pw.pointee.pw_gid
        if parts.count == 2 {
            guard let gr = getgrnam(parts[1]) else { return nil }
            gid = gr.pointee.gr_gid
        }
        return (pw.pointee.pw_uid, gid)
    }
}

/// One line to stderr, which systemd's journal (or the supervisor) keeps.
func milterLog(_ line: String) {
    _ = try? IO.writeAll(fd: 2, "trackless milter: \(line)\n")
}

/// The cleaning pipeline behind the daemon, with a deadline per message; the rules can be
/// swapped while it runs (SIGHUP).
final class CleanerFilter: MilterMessageFilter, @unchecked Sendable {
    private let current: Mutex<Cleaner>
    let timeout: Double
    let metrics: MilterMetrics?

    init(cleaner: Cleaner, timeout: Double, metrics: MilterMetrics? = nil) {
        current = Mutex(cleaner)
        self.timeout = timeout
        self.metrics = metrics
    }

    func replace(_ cleaner: Cleaner) { current.withLock { $0 = cleaner } }

    func filter(_ message: [UInt8], recipients: [String], queueID: String?) -> MilterFilterOutcome {
        let cleaner = current.withLock { $0 }
        guard let result = runWithDeadline(seconds: timeout, {
            TestFault.injectIfRequested()
            return cleaner.clean(message, recipients: recipients)
        }) else {
            return .failed("not done after \(timeout) s")
        }
        if result.changed, let metrics {
            metrics.addFindings(Dictionary(result.report.changeCounts().map { ($0.0.rawValue, $0.1) }, uniquingKeysWith: +))
        }
        return result.changed ? .changed(result.bytes) : .unchanged
    }
}

/// Turns SIGTERM/SIGINT and SIGHUP into calls on a watcher thread (a signal handler may do
/// almost nothing itself).
enum SignalWatch {
    static func start(stop: @escaping @Sendable () -> Void, reload: @escaping @Sendable () -> Void) {
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGTERM)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGHUP)
        // Blocked in every thread (those started later inherit the mask); the watcher takes
        // them with sigwait.
        pthread_sigmask(SIG_BLOCK, &set, nil)
        let blocked = set
        let watcher = WorkerThread {
            var set = blocked
            while true {
                var signal: Int32 = 0
                guard sigwait(&set, &signal) == 0 else { continue }
                if signal == SIGHUP {
                    reload()
                } else {
                    milterLog("stopping: finishing the messages under way")
                    stop()
                    return
                }
            }
        }
        watcher.start(stackBytes: 1 << 20)
    }
}
