#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Maildir

/// Cleans every message in the Maildir trees under `roots`, crash-safely and in parallel.
///
/// For each folder (a root with `cur/` and `new/`, its Maildir++ `.Folder`s, nested fs-layout
/// folders, or a single folder given directly), the engine first recovers what an interrupted
/// earlier run left (`MaildirRecovery`), then reads each message, calls `transform` on its
/// bytes, and when the transform returns new bytes replaces the file as a new message with
/// the same flags and received date (`MaildirReplacer`; docs/maildir.md). A message the
/// transform leaves alone (nil, or the same bytes) is not touched at all, so a second run
/// changes nothing.
///
/// - Parameters:
///   - roots: Maildir roots, folders, or directories holding maildirs.
///   - options: dry run, workers, backup directory, stop request (`BatchOptions`).
///   - transform: called on worker threads with one message's bytes; returns the cleaned
///     bytes (nil for "unchanged") and a report kept in the outcome. A thrown error marks the
///     message failed and keeps the original.
///   - progress: called on the calling thread, once when the total is known and after every
///     message.
/// - Returns: counts, bytes, failures with reasons, recovery actions. `hasFailures` tells the
///   CLI to exit non-zero.
public func cleanMaildirs<R: Sendable>(
    _ roots: [String],
    options: BatchOptions = BatchOptions(),
    transform: @escaping @Sendable ([UInt8]) throws -> (output: [UInt8]?, report: R),
    progress: (BatchProgress<R>) -> Void = { _ in }
) -> BatchSummary<R> {
    BatchRun(roots: roots, options: options, transform: transform).run(progress: progress)
}

/// One run of the engine: discovery and recovery on the calling thread, messages on workers.
final class BatchRun<R: Sendable>: @unchecked Sendable {
    let roots: [String]
    let options: BatchOptions
    let transform: @Sendable ([UInt8]) throws -> (output: [UInt8]?, report: R)
    let names = UniqueNameGenerator()
    let replacer: MaildirReplacer
    let start = monotonicSeconds()

    // Shared between the caller and the workers, under `lock`.
    let lock = ConditionLock()
    var queue: [(MaildirMessage, String?)] = []
    var queueHead = 0
    var producerDone = false
    var finished: [BatchMessageOutcome<R>] = []
    var runningWorkers = 0
    /// Workers numbered below this take messages; the others wait (`BatchOptions.tunesJobs`).
    var permits = Int.max

    init(roots: [String], options: BatchOptions,
         transform: @escaping @Sendable ([UInt8]) throws -> (output: [UInt8]?, report: R)) {
        self.roots = roots
        self.options = options
        self.transform = transform
        self.replacer = MaildirReplacer(names: names)
    }

    var stopRequested: Bool { options.shouldStop?() ?? false }

    func run(progress: (BatchProgress<R>) -> Void) -> BatchSummary<R> {
        var summary = BatchSummary<R>()
        summary.dryRun = options.dryRun
        var counters = BatchProgress<R>()

        let discovery = discoverFolders(roots, options: options)
        summary.pathProblems += discovery.problems.map { BatchPathProblem(path: $0.path, reason: $0.reason) }
        let folders = discovery.folders
        summary.folders = folders.map(\.description)
        let backupPrefixes = backupPrefixes(for: folders)

        // The total first, so that the progress bar has an end from the start.
        for folder in folders {
            counters.total += MaildirDiscovery.countMessages(in: folder)
        }
        counters.elapsedSeconds = monotonicSeconds() - start
        progress(counters)

        let jobs = max(1, options.jobs)
        var tuner = options.tunesJobs
            ? WorkerTuner(maximum: jobs, start: min(jobs, BatchOptions.defaultJobs)) : nil
        var window = TuningWindow(now: monotonicSeconds(), seconds: options.tuningWindow.seconds,
                                  messages: options.tuningWindow.messages)
        if let tuner {
            permits = tuner.active
            summary.workers = tuner.active...tuner.active
        }

        func deliver(_ outcome: BatchMessageOutcome<R>) {
            if var current = tuner, let rate = window.finished(at: monotonicSeconds()) {
                current.observe(rate: rate)
                tuner = current
                let active = current.active
                lock.withLock {
                    permits = active
                    lock.wake(.workers)
                }
                summary.workers = summary.workers.map { min($0.lowerBound, active)...max($0.upperBound, active) }
            }
            counters.counts.add(outcome)
            if outcome.status.reason != nil, summary.problems.count < options.keptProblemOutcomes {
                summary.problems.append(outcome)
            }
            counters.elapsedSeconds = monotonicSeconds() - start
            counters.latest = outcome
            progress(counters)
            counters.latest = nil
        }

        var started = 0
        lock.withLock { runningWorkers = jobs }
        for _ in 0..<jobs {
            // Numbered by the threads that did start, so that worker 0, which no tuning
            // pauses, always runs.
            let index = started
            if startThread(stackBytes: options.workerStackBytes, { [self] in workerLoop(index: index) }) {
                started += 1
            } else {
                lock.withLock { runningWorkers -= 1 }
            }
        }
        // With no worker thread at all, the messages are cleaned on this thread.
        let inline = started == 0
        let capacity = max(started, 1) * 4

        folderLoop: for folder in folders {
            if stopRequested { summary.stopped = true; break }
            // The plan `checkMaildirs` (`trackless clean --check`) reports, carried out.
            let plan = MaildirRecovery.plan(folder, names: names, staleAfterSeconds: options.staleAfterSeconds)
            for action in options.dryRun ? plan.expectedActions : MaildirRecovery.apply(plan) {
                if case .failed = action { summary.recoveryFailures += 1 }
                summary.recovery.append((options.dryRun ? "(dry run) " : "") + action.description)
            }
            let listing: (messages: [MaildirMessage], unreadableNames: [String])
            do {
                listing = try MaildirDiscovery.messages(in: folder)
            } catch {
                summary.pathProblems.append(BatchPathProblem(path: folder.path, reason: error.description))
                continue
            }
            for path in listing.unreadableNames {
                deliver(BatchMessageOutcome(folder: folder.description, path: path, newPath: nil,
                                            status: .skipped("file name is not UTF-8"), bytesIn: 0, bytesOut: 0, report: nil))
            }
            let backupFolder = options.backupDirectory.map { dir in
                [dir, backupPrefixes[folder.root] ?? "", folder.relativePath].filter { !$0.isEmpty }.joined(separator: "/")
            }
            for message in listing.messages {
                if inline {
                    if stopRequested {
                        summary.stopped = true
                        break folderLoop
                    }
                    deliver(clean(message, backupFolder: backupFolder))
                    continue
                }
                var ready: [BatchMessageOutcome<R>] = []
                let stopped: Bool = lock.withLock {
                    while queue.count - queueHead >= capacity && !stopRequested {
                        if !finished.isEmpty { break }
                        lock.wait(.producer)
                    }
                    ready = finished
                    finished.removeAll(keepingCapacity: true)
                    if stopRequested { return true }
                    if queueHead > 1024 {
                        queue.removeFirst(queueHead)
                        queueHead = 0
                    }
                    queue.append((message, backupFolder))
                    lock.wake(.workers)
                    return false
                }
                ready.forEach(deliver)
                if stopped {
                    summary.stopped = true
                    break folderLoop
                }
            }
        }

        // No more work: let the workers drain the queue (or drop it on a stop) and finish.
        lock.withLock {
            producerDone = true
            lock.wake(.workers)
        }
        while true {
            var ready: [BatchMessageOutcome<R>] = []
            let allDone: Bool = lock.withLock {
                while finished.isEmpty && runningWorkers > 0 { lock.wait(.producer) }
                ready = finished
                finished.removeAll(keepingCapacity: true)
                return runningWorkers == 0
            }
            ready.forEach(deliver)
            if allDone && ready.isEmpty { break }
        }
        if stopRequested && counters.done < counters.total { summary.stopped = true }

        summary.counts = counters.counts
        summary.elapsedSeconds = monotonicSeconds() - start
        return summary
    }

    /// Changed messages a worker holds for one `replaceBatch`: at most this many, and all
    /// of one folder.
    static var batchLimit: Int { 64 }
    /// And at most this many bytes, original and new: 32 MiB shared by the workers (at least
    /// 1 MiB each), so memory stays bounded whatever `--jobs` is.
    var batchByteLimit: Int { max(1 << 20, (32 << 20) / max(1, options.jobs)) }

    /// Takes messages from the queue until it is empty and the producer is done (or a stop
    /// is requested). Unchanged messages are done at once; changed ones are replaced in
    /// batches of one folder, flushed when the batch is full, the folder changes, or the
    /// run ends or stops. (Not when the queue runs dry: the steps of a run must not depend
    /// on timing, so that a crash at any step can be tested.) A worker numbered past
    /// `permits` replaces what it holds and waits.
    func workerLoop(index: Int) {
        var pending: [(BatchMessageOutcome<R>, MaildirReplacer.BatchItem)] = []
        var pendingBackup: String?
        var pendingBytes = 0
        // The last batch's final directory fsync and tmp files, left for the next batch's
        // syncfs (see `replaceBatch(_:backupFolder:unsettled:)`), or settled at the end.
        var unsettled: MaildirReplacer.UnsettledBatch?
        func flush() {
            guard !pending.isEmpty else { return }
            let outcomes = replacer.replaceBatch(pending.map(\.1), backupFolder: pendingBackup, unsettled: &unsettled)
            let results = zip(pending, outcomes).map { entry, outcome in
                finish(entry.0, entry.1, outcome)
            }
            pending.removeAll(keepingCapacity: true)
            pendingBytes = 0
            lock.withLock {
                finished.append(contentsOf: results)
                lock.wake(.producer)
            }
        }
        while true {
            let next = lock.withLock { () -> Next in
                while !stopRequested {
                    if queue.count == queueHead {
                        if producerDone { return .end }
                    } else if index < permits {
                        let item = queue[queueHead]
                        queueHead += 1
                        lock.wake(.producer)
                        // The last message taken: paused workers waiting for the end go.
                        if producerDone && queue.count == queueHead { lock.wake(.workers) }
                        return .message(item.0, item.1)
                    } else if !pending.isEmpty {
                        return .flush
                    }
                    lock.wait(.workers)
                }
                return .end
            }
            guard case .message(let message, let backupFolder) = next else {
                if case .flush = next {
                    flush()
                    continue
                }
                break
            }
            switch prepare(message, backupFolder: backupFolder) {
            case .done(let outcome):
                lock.withLock {
                    finished.append(outcome)
                    lock.wake(.producer)
                }
            case .replace(let outcome, let item):
                if let first = pending.first, first.1.message.folder != message.folder || pendingBackup != backupFolder {
                    flush()
                }
                pending.append((outcome, item))
                pendingBackup = backupFolder
                // The original is held too (for the identity check and a backup).
                pendingBytes += item.newBytes.count + item.original.bytes.count
                if pending.count >= Self.batchLimit || pendingBytes >= batchByteLimit { flush() }
            }
        }
        // Messages already read and cleaned are replaced even on a stop.
        flush()
        if let batch = unsettled { replacer.settle(batch) }
        lock.withLock {
            runningWorkers -= 1
            lock.wake(.producer)
        }
    }

    /// What a worker does next.
    enum Next {
        case message(MaildirMessage, String?)
        /// Paused while holding a batch: replace it before waiting.
        case flush
        /// The queue is drained or a stop was asked for.
        case end
    }

    /// What `prepare` leaves to do with one message.
    enum Prepared {
        case done(BatchMessageOutcome<R>)
        /// Changed: replace it (alone or in a batch), then `finish`.
        case replace(BatchMessageOutcome<R>, MaildirReplacer.BatchItem)
    }

    /// Reads, transforms and (when changed) replaces one message.
    func clean(_ message: MaildirMessage, backupFolder: String?) -> BatchMessageOutcome<R> {
        switch prepare(message, backupFolder: backupFolder) {
        case .done(let outcome):
            return outcome
        case .replace(let outcome, let item):
            let result = replacer.replace(message, original: item.original, with: item.newBytes, backupFolder: backupFolder)
            return finish(outcome, item, result)
        }
    }

    /// The outcome of a message once its replacement is done.
    func finish(_ template: BatchMessageOutcome<R>, _ item: MaildirReplacer.BatchItem,
                _ result: MaildirReplacer.Outcome) -> BatchMessageOutcome<R> {
        var outcome = template
        switch result {
        case .replaced(let newName):
            outcome.status = .changed
            outcome.bytesOut = item.newBytes.count
            outcome.newPath = item.message.folder.path(of: item.message.subdirectory) + "/" + newName
        case .vanished(let reason):
            outcome.status = .vanished(reason)
        case .failed(let error):
            outcome.status = .failed(error.description)
        }
        return outcome
    }

    /// Reads and transforms one message; says what is left to do.
    func prepare(_ message: MaildirMessage, backupFolder: String?) -> Prepared {
        var outcome = BatchMessageOutcome<R>(folder: message.folder.description, path: message.path, newPath: nil,
                                             status: .unchanged, bytesIn: 0, bytesOut: 0, report: nil)
        let snapshot: MessageSnapshot
        do {
            snapshot = try MessageFile.read(message.path, limit: options.maxMessageBytes)
        } catch {
            switch error {
            case .system(let e) where e.isNotFound:
                outcome.status = .vanished("deleted or renamed before it was read")
            case .notARegularFile:
                outcome.status = .skipped("not a regular file")
            case .tooLarge(_, let size, let limit):
                outcome.status = .skipped("\(size) bytes, over the limit of \(limit)")
            default:
                outcome.status = .failed(error.description)
            }
            return .done(outcome)
        }
        outcome.bytesIn = snapshot.bytes.count

        let output: [UInt8]?
        do {
            let result = try transform(snapshot.bytes)
            output = result.output
            outcome.report = result.report
        } catch {
            outcome.status = .failed("transform failed: \(error)")
            return .done(outcome)
        }
        guard let output, output != snapshot.bytes else { return .done(outcome) }

        let dir = message.folder.path(of: message.subdirectory)
        if options.dryRun {
            outcome.status = .changed
            outcome.bytesOut = output.count
            outcome.newPath = dir + "/" + MaildirReplacer.newName(for: message.name, unique: names.next(), newBytes: output)
            return .done(outcome)
        }
        return .replace(outcome, MaildirReplacer.BatchItem(message: message, original: snapshot, newBytes: output))
    }

    /// Where each root's folders go under the backup directory: nothing for a single root,
    /// else the root's last path component (made unique with `-2`, `-3` ...).
    func backupPrefixes(for folders: [MaildirFolder]) -> [String: String] {
        var rootsInOrder: [String] = []
        for folder in folders where !rootsInOrder.contains(folder.root) { rootsInOrder.append(folder.root) }
        guard rootsInOrder.count > 1 else { return [:] }
        var prefixes: [String: String] = [:]
        var used: Set<String> = []
        for root in rootsInOrder {
            let last = root.split(separator: "/").last.map(String.init) ?? "root"
            var candidate = last.isEmpty || last == "." || last == ".." ? "root" : last
            var n = 2
            while used.contains(candidate) {
                candidate = "\(last)-\(n)"
                n += 1
            }
            used.insert(candidate)
            prefixes[root] = candidate
        }
        return prefixes
    }

}

/// Seconds on the monotonic clock.
func monotonicSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

/// A mutex with one condition variable.
final class ConditionLock: @unchecked Sendable {
    /// Who waits: the workers (for messages, permits or the end of the queue) or the
    /// producer (for room in the queue, outcomes, or the workers' end). Each side is woken
    /// alone: with one condition for both, every message taken or finished woke every idle
    /// worker too, and on two cores the switches cost more than the work they waited for.
    enum Waiter { case workers, producer }

    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let workers = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private let producer = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

    init() {
        mutex.initialize(to: pthread_mutex_t())
        workers.initialize(to: pthread_cond_t())
        producer.initialize(to: pthread_cond_t())
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(workers, nil)
        pthread_cond_init(producer, nil)
    }

    deinit {
        pthread_cond_destroy(workers)
        pthread_cond_destroy(producer)
        pthread_mutex_destroy(mutex)
        workers.deallocate()
        producer.deallocate()
        mutex.deallocate()
    }

    func withLock<T>(_ body: () throws -> T) rethrows -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body()
    }

    /// Waits until `side` is woken; call with the lock held. Wakes at least every 100 ms so
    /// that a stop request (polled, not signalled) is seen.
    func wait(_ side: Waiter) {
        var deadline = timespec()
        clock_gettime(CLOCK_REALTIME, &deadline)
        deadline.tv_nsec += 100_000_000
        if deadline.tv_nsec >= 1_000_000_000 {
            deadline.tv_sec += 1
            deadline.tv_nsec -= 1_000_000_000
        }
        pthread_cond_timedwait(side == .workers ? workers : producer, mutex, &deadline)
    }

    /// Wakes every thread waiting on `side` (call with the lock held).
    func wake(_ side: Waiter) { pthread_cond_broadcast(side == .workers ? workers : producer) }
}

/// Starts a detached thread running `body`; false when no thread could be made.
private func startThread(stackBytes: Int, _ body: @escaping @Sendable () -> Void) -> Bool {
    final class Box: @unchecked Sendable {
        let body: @Sendable () -> Void
        init(_ body: @escaping @Sendable () -> Void) { self.body = body }
    }
    var attributes = pthread_attr_t()
    pthread_attr_init(&attributes)
    defer { pthread_attr_destroy(&attributes) }
    pthread_attr_setstacksize(&attributes, stackBytes)
    pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))
    let box = Unmanaged.passRetained(Box(body))
    var thread = pthread_t()
    let rc = pthread_create(&thread, &attributes, { argument in
        guard let argument else { return nil }
        Unmanaged<Box>.fromOpaque(argument).takeRetainedValue().body()
        return nil
    }, box.toOpaque())
    if rc != 0 {
        box.release()
        return false
    }
    return true
}
