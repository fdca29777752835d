/// Finishes or undoes replacements that an earlier run left half done (killed, crashed,
/// power lost), so that every message exists exactly once again.
///
/// Recovery works in two phases: `plan` looks (lists `tmp/`, `cur/` and `new/`, reads our
/// journals, lstats and hashes the two copies) and changes nothing; `apply` carries the plan
/// out. `recover` is both; `trackless clean --check` prints the plan alone, so that what it
/// reports is what the next run does.
///
/// Only our own files in `tmp/` are looked at (`<unique>.trackless-new` and
/// `<unique>.trackless-intent`, see `TracklessTmpFile`); other programs' tmp files are never
/// touched (Dovecot removes its own after 36 hours). Our files are acted on when the process
/// that made them is gone: same host and its pid no longer runs (or is our own pid, which
/// means an earlier process), or, for any host, when they are older than `staleAfter`.
///
/// For each journal, and for each replace a batch's journal names (then the journal goes
/// last, only when the steps for all of them succeeded):
///  - old and new file both present (a kill between link and unlink): if the new file holds
///    exactly the promised bytes and the old file is still the one that was read, the old
///    file is removed (the replacement is finished); otherwise the new file is removed
///    (undone, the old one stays, the next cleaning run tries again);
///  - anything else: the messages are as they should be, only the tmp files go.
/// Files are found by their base name (before `:`) in `cur/` and `new/`, so a flag change or a
/// move from `new/` to `cur/` since the crash does not hide them.
public enum MaildirRecovery {
    /// What recovery did (or, in a dry run, would do).
    public enum Action: Sendable, Equatable, CustomStringConvertible {
        /// A leftover tmp file of ours was removed.
        case removedLeftover(path: String)
        /// Both copies existed; the old one was removed, finishing the replacement.
        case completed(oldPath: String, newPath: String)
        /// Both copies existed; the new one was removed, keeping the original.
        case undone(oldPath: String, newPath: String)
        /// Left alone: another live process may own it, or it could not be resolved.
        case leftAlone(path: String, reason: String)
        /// A system call failed; the files stay for a later run.
        case failed(SystemError)

        public var description: String {
            switch self {
            case .removedLeftover(let path): return "removed leftover \(path)"
            case .completed(let old, let new): return "finished interrupted replacement: removed \(old), kept \(new)"
            case .undone(let old, let new): return "undid interrupted replacement: removed \(new), kept \(old)"
            case .leftAlone(let path, let reason): return "left \(path): \(reason)"
            case .failed(let error): return "recovery failed: \(error)"
            }
        }

        /// True for actions that changed (or would change) a message file.
        public var touchedMessage: Bool {
            switch self {
            case .completed, .undone: return true
            default: return false
            }
        }
    }

    /// Leftovers of a process that may still run are taken over after this long: one hour.
    public static let defaultStaleAfterSeconds = 3600

    /// Recovers one folder: `apply(plan(...))`. With `dryRun`, nothing is changed and the
    /// actions say what would be done (`Plan.expectedActions`).
    public static func recover(_ folder: MaildirFolder, names: UniqueNameGenerator,
                               staleAfterSeconds: Int = defaultStaleAfterSeconds, dryRun: Bool = false) -> [Action] {
        let plan = plan(folder, names: names, staleAfterSeconds: staleAfterSeconds)
        return dryRun ? plan.expectedActions : apply(plan)
    }

    /// Works out what recovery of `folder` will do, changing nothing: no write, no rename, no
    /// unlink, no fsync. `names` says which host and process are looking (a pid equal to ours
    /// is an earlier process). Steps are decided in order, each as if the ones before it had
    /// been carried out.
    public static func plan(_ folder: MaildirFolder, names: UniqueNameGenerator,
                            staleAfterSeconds: Int = defaultStaleAfterSeconds) -> Plan {
        var plan = Plan(folder: folder, steps: [])
        let tmpDir = folder.tmpPath
        let entries: [DirectoryEntry]
        do {
            entries = try Sys.listDirectory(tmpDir)
        } catch {
            if !error.isNotFound { plan.steps.append(.cannotScan(error)) }
            return plan
        }
        var groups: [String: (content: String?, intent: String?, parts: UniqueNameParts)] = [:]
        for entry in entries {
            guard let (kind, unique, parts) = TracklessTmpFile.parse(entry.name) else { continue }
            var group = groups[unique] ?? (nil, nil, parts)
            switch kind {
            case .content: group.content = entry.name
            case .intent: group.intent = entry.name
            }
            groups[unique] = group
        }
        guard !groups.isEmpty else { return plan }

        // Every readable journal, and the content files its entries name (a batch's journal
        // has a unique of its own; each entry's content is `<unique of its new name>.trackless-new`).
        var journals: [String: [IntentJournal]] = [:]
        var claimed: Set<String> = []
        for (unique, group) in groups {
            guard let intent = group.intent,
                  let entries = (try? MessageFile.read(tmpDir + "/" + intent, limit: IntentJournal.readLimit))
                      .flatMap({ IntentJournal.decode($0.bytes) })
            else { continue }
            journals[unique] = entries
            for entry in entries where MaildirName(entry.newName).unique != unique {
                claimed.insert(MaildirName(entry.newName).unique)
            }
        }

        // Message files listed once, at the first journal; `removed` holds the ones that
        // earlier steps of this plan remove, so that later steps see them gone.
        var index: [String: (MaildirSubdirectory, String)]?
        var removed: Set<String> = []
        let now = Int(Sys.now().tv_sec)
        for unique in groups.keys.sorted() {
            guard let group = groups[unique] else { continue }
            // Content named by a batch's journal is decided with that journal.
            if group.intent == nil && claimed.contains(unique) { continue }
            let paths = [group.content, group.intent].compactMap { $0 }.map { tmpDir + "/" + $0 }
            let entries = journals[unique] ?? []
            // A content path per entry, when its file is there (the entry's own group, or this one).
            let contents: [String?] = entries.map { entry in
                let contentUnique = MaildirName(entry.newName).unique
                guard contentUnique != unique else { return group.content.map { tmpDir + "/" + $0 } }
                return groups[contentUnique]?.content.map { tmpDir + "/" + $0 }
            }
            let allPaths = contents.compactMap { $0 }.filter { !paths.contains($0) } + paths
            guard isStale(group.parts, paths: allPaths, names: names, now: now, staleAfter: staleAfterSeconds) else {
                plan.steps += allPaths.map { .leaveAlone(path: $0, because: .mayStillRun(staleAfterSeconds: staleAfterSeconds)) }
                continue
            }
            guard let intent = group.intent else {
                plan.steps.append(.removeLeftovers(paths: paths, because: .beforeJournal))
                continue
            }
            let intentPath = tmpDir + "/" + intent
            if !entries.isEmpty {
                if index == nil {
                    do {
                        index = try baseIndex(folder)
                    } catch {
                        plan.steps.append(.cannotScan(error))
                        return plan
                    }
                }
                if entries.count == 1 {
                    // One replace (or a batch of one): its tmp files go with its step.
                    let tmpFiles = contents.compactMap { $0 }.filter { $0 != intentPath } + [intentPath]
                    plan.steps.append(resolve(entries[0], folder: folder, index: index ?? [:], removed: &removed,
                                              tmpFiles: tmpFiles))
                    continue
                }
                var decided = 0
                for (entry, content) in zip(entries, contents) {
                    let step = resolve(entry, folder: folder, index: index ?? [:], removed: &removed,
                                       tmpFiles: content.map { [$0] } ?? [])
                    // A replace that finished and whose content is gone left nothing to do.
                    if case .removeLeftovers(let leftovers, _) = step, leftovers.isEmpty { continue }
                    plan.steps.append(step)
                    decided += 1
                }
                plan.steps.append(.removeJournal(path: intentPath, entries: entries.count, stepsBefore: decided))
                continue
            }
            // A torn journal cannot belong to a linked file (the journal is on disk before the
            // link), so a message with its unique name is not ours to decide: report and keep.
            if index == nil { index = try? baseIndex(folder) }
            let named = index.map { index in
                index.contains { entry in
                    MaildirName(entry.key).unique == unique
                        && !removed.contains(folder.path(of: entry.value.0) + "/" + entry.value.1)
                }
            } ?? false
            plan.steps.append(named ? .leaveAlone(path: intentPath, because: .unreadableJournal(unique: unique))
                                    : .removeLeftovers(paths: paths, because: .tornJournal))
        }
        return plan
    }

    /// Carries out a plan made by `plan(_:names:staleAfterSeconds:)`. A step whose system call
    /// fails is reported as `.failed` and keeps its tmp files (the journal), so that a later
    /// run tries again.
    public static func apply(_ plan: Plan) -> [Action] {
        var actions: [Action] = []
        // Per step so far: whether it did all it had to (a batch journal goes only when the
        // steps of its entries did).
        var succeeded: [Bool] = []
        func removeTmpFiles(_ paths: [String]) {
            for path in paths {
                do {
                    if try Sys.unlinkIfPresent(path) { actions.append(.removedLeftover(path: path)) }
                } catch {
                    actions.append(.failed(error))
                }
            }
        }
        func removeCopy(_ victim: String) -> Bool {
            do {
                try Sys.unlink(victim)
                try Sys.fsyncDirectory(directory(of: victim))
                return true
            } catch {
                actions.append(.failed(error))
                return false
            }
        }
        for step in plan.steps {
            var done = true
            switch step {
            case .finish(let old, let new, let tmpFiles):
                done = removeCopy(old)
                guard done else { break }
                actions.append(.completed(oldPath: old, newPath: new))
                removeTmpFiles(tmpFiles)
            case .undo(let old, let new, _, let tmpFiles):
                done = removeCopy(new)
                guard done else { break }
                actions.append(.undone(oldPath: old, newPath: new))
                removeTmpFiles(tmpFiles)
            case .removeLeftovers(let paths, _):
                removeTmpFiles(paths)
            case .removeJournal(let path, _, let stepsBefore):
                // Kept when one of its entries' steps failed: the next run needs it again.
                done = !succeeded.suffix(stepsBefore).contains(false)
                if done { removeTmpFiles([path]) }
            case .leaveAlone(let path, let reason):
                actions.append(.leftAlone(path: path, reason: reason.description))
            case .cannotScan(let error):
                actions.append(.failed(error))
            }
            succeeded.append(done)
        }
        return actions
    }

    static func isStale(_ parts: UniqueNameParts, paths: [String], names: UniqueNameGenerator, now: Int,
                        staleAfter: Int) -> Bool {
        if parts.host == names.host {
            if parts.processID == names.processID || !Sys.processExists(parts.processID) { return true }
        }
        // The tmp content file carries the old message's mtime, so age is taken from ctime.
        var newest = 0
        for path in paths {
            if let status = try? Sys.lstat(path) { newest = max(newest, Int(status.changeTime.tv_sec)) }
        }
        return now - newest > staleAfter
    }

    /// Maps every base name in `cur/` and `new/` to where it is.
    static func baseIndex(_ folder: MaildirFolder) throws(SystemError) -> [String: (MaildirSubdirectory, String)] {
        var index: [String: (MaildirSubdirectory, String)] = [:]
        for sub in MaildirSubdirectory.allCases {
            let entries: [DirectoryEntry]
            do {
                entries = try Sys.listDirectory(folder.path(of: sub))
            } catch {
                if error.isNotFound { continue }
                throw error
            }
            for entry in entries where !entry.name.hasPrefix(".") {
                index[MaildirName(entry.name).base] = (sub, entry.name)
            }
        }
        return index
    }

    /// Decides one readable journal: finish or undo when both copies are there, else only the
    /// tmp files go. Copies that earlier steps remove count as gone.
    private static func resolve(_ journal: IntentJournal, folder: MaildirFolder,
                                index: [String: (MaildirSubdirectory, String)], removed: inout Set<String>,
                                tmpFiles: [String]) -> Step {
        let old = index[MaildirName(journal.oldName).base]
        let new = index[MaildirName(journal.newName).base]
        guard let (oldSub, oldName) = old, let (newSub, newName) = new else {
            let stage: LeftoverReason = old != nil ? .notLinked : new != nil ? .finished : .messageGone
            return .removeLeftovers(paths: tmpFiles, because: stage)
        }
        let oldPath = folder.path(of: oldSub) + "/" + oldName
        let newPath = folder.path(of: newSub) + "/" + newName
        let oldIsOriginal = !removed.contains(oldPath) && ((try? Sys.lstat(oldPath)).map(journal.matchesOld) ?? false)
        let newIsComplete: Bool = {
            guard !removed.contains(newPath),
                  let snapshot = try? MessageFile.read(newPath, limit: journal.newSize + 1) else { return false }
            return journal.isNewContent(snapshot.bytes)
        }()
        if oldIsOriginal && newIsComplete {
            removed.insert(oldPath)
            return .finish(oldPath: oldPath, newPath: newPath, tmpFiles: tmpFiles)
        }
        removed.insert(newPath)
        return .undo(oldPath: oldPath, newPath: newPath,
                     because: UndoReason(oldChanged: !oldIsOriginal, newNotAsPromised: !newIsComplete), tmpFiles: tmpFiles)
    }

    private static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return String(path[..<slash])
    }
}
