/// Finishes or undoes replacements that an earlier run left half done (killed, crashed,
/// power lost), so that every message exists exactly once again.
///
/// Only our own files in `tmp/` are looked at (`<unique>.trackless-new` and
/// `<unique>.trackless-intent`, see `TracklessTmpFile`); other programs' tmp files are never
/// touched (Dovecot removes its own after 36 hours). Our files are acted on when the process
/// that made them is gone: same host and its pid no longer runs (or is our own pid, which
/// means an earlier process), or, for any host, when they are older than `staleAfter`.
///
/// For each journal:
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

    /// Recovers one folder. With `dryRun`, nothing is changed and the actions say what would be done.
    public static func recover(_ folder: MaildirFolder, names: UniqueNameGenerator,
                               staleAfterSeconds: Int = defaultStaleAfterSeconds, dryRun: Bool = false) -> [Action] {
        let tmpDir = folder.tmpPath
        let entries: [DirectoryEntry]
        do {
            entries = try Sys.listDirectory(tmpDir)
        } catch {
            return error.isNotFound ? [] : [.failed(error)]
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
        guard !groups.isEmpty else { return [] }

        var actions: [Action] = []
        var index: [String: (MaildirSubdirectory, String)]?
        let now = Int(Sys.now().tv_sec)
        for unique in groups.keys.sorted() {
            guard let group = groups[unique] else { continue }
            let paths = [group.content, group.intent].compactMap { $0 }.map { tmpDir + "/" + $0 }
            guard isStale(group.parts, paths: paths, names: names, now: now, staleAfter: staleAfterSeconds) else {
                actions += paths.map { .leftAlone(path: $0, reason: "written by a process that may still be running") }
                continue
            }
            if let intent = group.intent {
                let intentPath = tmpDir + "/" + intent
                let journal = (try? MessageFile.read(intentPath, limit: 1 << 16)).flatMap { IntentJournal(decoding: $0.bytes) }
                if let journal {
                    if index == nil {
                        do {
                            index = try baseIndex(folder)
                        } catch {
                            actions.append(.failed(error))
                            return actions
                        }
                    }
                    let resolved = resolve(journal, folder: folder, index: index ?? [:], dryRun: dryRun)
                    actions += resolved
                    if resolved.contains(where: { if case .failed = $0 { return true } else { return false } }) {
                        continue
                    }
                } else if let index = try? baseIndex(folder),
                          index.keys.contains(where: { MaildirName($0).unique == unique }) {
                    // A torn journal cannot belong to a linked file (the journal is on disk
                    // before the link), so this is not ours to decide: report and keep.
                    actions.append(.leftAlone(path: intentPath, reason: "unreadable journal and a message named \(unique) exists"))
                    continue
                }
            }
            for path in paths {
                if dryRun {
                    actions.append(.removedLeftover(path: path))
                    continue
                }
                do {
                    if try Sys.unlinkIfPresent(path) { actions.append(.removedLeftover(path: path)) }
                } catch {
                    actions.append(.failed(error))
                }
            }
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

    private static func resolve(_ journal: IntentJournal, folder: MaildirFolder,
                                index: [String: (MaildirSubdirectory, String)], dryRun: Bool) -> [Action] {
        guard let (oldSub, oldName) = index[MaildirName(journal.oldName).base],
              let (newSub, newName) = index[MaildirName(journal.newName).base] else { return [] }
        let oldPath = folder.path(of: oldSub) + "/" + oldName
        let newPath = folder.path(of: newSub) + "/" + newName
        let oldIsOriginal = (try? Sys.lstat(oldPath)).map(journal.matchesOld) ?? false
        let newIsComplete: Bool = {
            guard let snapshot = try? MessageFile.read(newPath, limit: journal.newSize + 1) else { return false }
            return snapshot.bytes.count == journal.newSize && fnv1a64(snapshot.bytes) == journal.newHash
        }()
        let finish = oldIsOriginal && newIsComplete
        let victim = finish ? oldPath : newPath
        let action: Action = finish ? .completed(oldPath: oldPath, newPath: newPath) : .undone(oldPath: oldPath, newPath: newPath)
        if dryRun { return [action] }
        do {
            try Sys.unlink(victim)
            try Sys.fsyncDirectory(folder.path(of: finish ? oldSub : newSub))
        } catch {
            return [.failed(error)]
        }
        return [action]
    }
}
