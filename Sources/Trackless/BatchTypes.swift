#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Maildir
import Synchronization

/// How `cleanMaildirs` runs. Defaults are the safe choice.
public struct BatchOptions: Sendable {
    /// Read and transform every message, report what would change, write nothing (not even
    /// recovery of an interrupted run). Default: false.
    public var dryRun = false
    /// Parallel workers; each holds one message in memory. Default: the active processor count.
    public var jobs = BatchOptions.activeProcessorCount
    /// Start `jobs` workers but let only some clean at once, as many as the measured
    /// throughput says the disk and cores take best (`WorkerTuner`); `jobs` is then the most.
    /// Batch boundaries then depend on timing; each batch is crash-safe on its own.
    /// Default: false.
    public var tunesJobs = false
    /// With `tunesJobs`: a tuning window lasts at least this long and this many finished
    /// messages. Default: one second and 128 messages (tests shorten it).
    public var tuningWindow = (seconds: 1.0, messages: 128)
    /// Keep every original that is replaced, as `<dir>/<folder>/<cur|new>/<old name>` (a
    /// Maildir++ tree), written and flushed before the replacement. Default: nil (no backup).
    public var backupDirectory: String?
    /// Messages larger than this are skipped. Default: 256 MiB.
    public var maxMessageBytes = MessageFile.defaultSizeLimit
    /// Leftovers of a live process on this host are taken over after this many seconds.
    /// Default: one hour.
    public var staleAfterSeconds = MaildirRecovery.defaultStaleAfterSeconds
    /// Polled between messages: once it returns true, no new message is started and the run
    /// ends after the ones in progress. Default: never. See `BatchStopFlag`.
    public var shouldStop: (@Sendable () -> Bool)?
    /// How many failed, vanished or skipped outcomes the summary keeps (the counts are
    /// always complete). Default: 10,000.
    public var keptProblemOutcomes = 10_000
    /// Stack size of each worker thread; the pipeline needs room on hostile input. Default: 64 MiB.
    public var workerStackBytes = 64 << 20

    public init() {}

    /// The number of processors currently online (at least 1).
    public static var activeProcessorCount: Int {
        max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    }

    /// Where `trackless clean --jobs auto` starts: twice the cores, at least 4, so that
    /// reading and cleaning go on while other workers wait for the disk (measured on 10,000
    /// messages, docs/maildir.md).
    public static var defaultJobs: Int { max(4, 2 * activeProcessorCount) }
    /// The most workers `--jobs auto` lets run at once: four per core, at least 8, at most 64.
    public static var tunedJobsMaximum: Int { min(64, max(8, 4 * activeProcessorCount)) }
}

/// A stop request that a signal handler can set: one lock-free atomic store.
///
/// Usage in a CLI: keep one in a global, touch it once before installing the handler, set
/// it from the SIGINT handler (or a `DispatchSource` signal source), and pass
/// `options.shouldStop = { flag.isRequested }`.
@available(macOS 15.0, *)
public final class BatchStopFlag: Sendable {
    private let flag = Atomic<Bool>(false)

    public init() {}

    /// Asks the run to stop after the messages in progress. Async-signal-safe.
    public func request() { flag.store(true, ordering: .relaxed) }

    public var isRequested: Bool { flag.load(ordering: .relaxed) }
}

/// What happened to one message.
public enum BatchMessageStatus: Sendable, Equatable {
    /// Nothing to remove: the file was not touched.
    case unchanged
    /// Replaced by the cleaned version (in a dry run: would be).
    case changed
    /// The original is kept; the reason says why (permission denied, disk full, transform error ...).
    case failed(String)
    /// Deleted, renamed or changed by someone else while it was being cleaned: left as it is.
    case vanished(String)
    /// Not a message this run handles (not a regular file, too large, unreadable name).
    case skipped(String)

    /// The reason for failed, vanished and skipped messages.
    public var reason: String? {
        switch self {
        case .unchanged, .changed: return nil
        case .failed(let r), .vanished(let r), .skipped(let r): return r
        }
    }
}

/// One message's outcome, with the transform's report when it ran.
public struct BatchMessageOutcome<Report: Sendable>: Sendable {
    /// The folder, as people name it (`INBOX`, `.Sent`, `Work/2024`).
    public var folder: String
    /// The message file as it was found.
    public var path: String
    /// The new file, for changed messages (in a dry run: the name it would get).
    public var newPath: String?
    public var status: BatchMessageStatus
    /// Bytes read and, for changed messages, bytes of the new version.
    public var bytesIn: Int
    public var bytesOut: Int
    /// The transform's report; nil when the transform did not run or threw.
    public var report: Report?
}

/// Messages finished by outcome, and bytes read and written: what progress reports and
/// the summary both count (their fields read through, as `progress.changed`).
public struct BatchCounts: Sendable, Equatable {
    /// Messages finished (any outcome).
    public var done = 0
    public var changed = 0
    public var unchanged = 0
    public var failed = 0
    public var vanished = 0
    public var skipped = 0
    /// Bytes read from message files, and written as new versions.
    public var bytesRead = 0
    public var bytesWritten = 0

    public init() {}

    /// Counts one finished message.
    public mutating func add<Report>(_ outcome: BatchMessageOutcome<Report>) {
        done += 1
        bytesRead += outcome.bytesIn
        bytesWritten += outcome.bytesOut
        switch outcome.status {
        case .changed: changed += 1
        case .unchanged: unchanged += 1
        case .failed: failed += 1
        case .vanished: vanished += 1
        case .skipped: skipped += 1
        }
    }
}

/// Counters and elapsed time, given to the progress callback after each message.
@dynamicMemberLookup
public struct BatchProgress<Report: Sendable>: Sendable {
    /// Messages found so far in all folders (known before the first message is cleaned).
    public var total = 0
    public var counts = BatchCounts()
    /// Seconds since the run started.
    public var elapsedSeconds = 0.0
    /// The message just finished; nil for the first call, made once the total is known.
    public var latest: BatchMessageOutcome<Report>?

    public subscript<Value>(dynamicMember keyPath: WritableKeyPath<BatchCounts, Value>) -> Value {
        get { counts[keyPath: keyPath] }
        set { counts[keyPath: keyPath] = newValue }
    }

    /// Estimated seconds left, from the rate so far; nil until a message is done.
    public var estimatedSecondsLeft: Double? {
        guard counts.done > 0, elapsedSeconds > 0 else { return nil }
        return Double(max(total - counts.done, 0)) * elapsedSeconds / Double(counts.done)
    }
}

/// A path that could not be searched or a folder that could not be listed.
public struct BatchPathProblem: Sendable, Equatable {
    public var path: String
    public var reason: String
}

/// What `cleanMaildirs` did.
@dynamicMemberLookup
public struct BatchSummary<Report: Sendable>: Sendable {
    /// The folders found, as people name them.
    public var folders: [String] = []
    public var counts = BatchCounts()
    /// Messages looked at (every outcome counts).
    public var scanned: Int { counts.done }
    public var elapsedSeconds = 0.0
    /// True when the run was stopped before every message was looked at.
    public var stopped = false
    public var dryRun = false
    /// Failed, vanished and skipped outcomes, in the order they happened (at most
    /// `BatchOptions.keptProblemOutcomes`).
    public var problems: [BatchMessageOutcome<Report>] = []
    /// Roots or folders that could not be used.
    public var pathProblems: [BatchPathProblem] = []
    /// What recovery of earlier interrupted runs did, one line each.
    public var recovery: [String] = []
    /// Recovery steps that failed (their files stay for a later run).
    public var recoveryFailures = 0
    /// With `BatchOptions.tunesJobs`: the fewest and the most workers that cleaned at once.
    public var workers: ClosedRange<Int>?

    public subscript<Value>(dynamicMember keyPath: WritableKeyPath<BatchCounts, Value>) -> Value {
        get { counts[keyPath: keyPath] }
        set { counts[keyPath: keyPath] = newValue }
    }

    /// True when something went wrong that the user must hear about: the CLI exits non-zero.
    public var hasFailures: Bool { counts.failed > 0 || !pathProblems.isEmpty || recoveryFailures > 0 }
}
