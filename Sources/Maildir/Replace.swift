#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Replaces a message file with new content the way Dovecot requires: as a new message
/// under a new unique name, keeping flags and received date, never losing the message.
///
/// The sequence (every step through `Syscalls.swift`):
///
///  0. (backup) copy the original to the backup directory: write, fsync, rename, fsync dir.
///  1. `tmp/U.trackless-new`: create (`O_EXCL`, old mode, old owner), write, set atime and
///     mtime to the old file's (mtime is IMAP INTERNALDATE), fsync.
///  2. `tmp/U.trackless-intent`: the journal naming old and new file, the old file's
///     identity (device, inode, size, mtime) and the new file's size and hash; fsync it,
///     then fsync `tmp/`. From here a crash can be undone or finished by recovery.
///  3. lstat the old file: gone or not the file that was read -> remove the tmp files and
///     report the message as vanished, untouched.
///  4. link `tmp/U.trackless-new` to `<cur|new>/U,S=<size>[,W=<vsize>][:2,<flags>]`, fsync
///     the directory. (Now two names exist: the old and the new message.)
///  5. unlink the old file. ENOENT means someone else renamed or deleted it since step 3:
///     the new link is removed again and the message reported as vanished (never
///     resurrected). fsync the directory.
///  6. unlink the tmp content file, then the journal.
///
/// A kill between 4 and 5 leaves two copies; the journal (written in 2, removed in 6) lets
/// `MaildirRecovery` remove one of them on the next run. No step ever removes the only copy.
public final class MaildirReplacer: Sendable {
    /// What happened to one message.
    public enum Outcome: Sendable, Equatable {
        /// The old file is gone and the new content is in place under `newName`.
        case replaced(newName: String)
        /// The old file was deleted, renamed or changed by someone else while it was being
        /// cleaned; nothing was changed.
        case vanished(reason: String)
        /// The original is kept. (In the rare case that a new link could not be taken away
        /// again, the journal stays in `tmp/` and the next run's recovery removes the copy.)
        case failed(MaildirError)
    }

    public let names: UniqueNameGenerator

    public init(names: UniqueNameGenerator = UniqueNameGenerator()) {
        self.names = names
    }

    /// The name a rewritten message would get with the given unique part.
    public static func newName(for oldName: String, unique: String, newBytes: [UInt8]) -> String {
        let old = MaildirName(oldName)
        let vsize = old.hasVirtualSizeField ? maildirVirtualSize(newBytes) : 0
        return old.forRewrite(unique: unique, size: newBytes.count, virtualSize: vsize).description
    }

    /// Replaces `message`, which was read as `original`, by `newBytes`; with `backupFolder`,
    /// the original is first saved to `backupFolder/<cur|new>/<old name>`.
    public func replace(_ message: MaildirMessage, original: MessageSnapshot, with newBytes: [UInt8],
                        backupFolder: String? = nil) -> Outcome {
        let folder = message.folder
        let unique = names.next()
        let newName = Self.newName(for: message.name, unique: unique, newBytes: newBytes)
        let dir = folder.path(of: message.subdirectory)
        let oldPath = message.path
        let newPath = dir + "/" + newName
        let tmpDir = folder.tmpPath
        let contentPath = tmpDir + "/" + unique + TracklessTmpFile.newSuffix
        let intentPath = tmpDir + "/" + unique + TracklessTmpFile.intentSuffix
        let status = original.status

        guard newName.utf8.count <= 255, (unique + TracklessTmpFile.intentSuffix).utf8.count <= 255 else {
            return .failed(.system(SystemError(operation: "link", path: newPath, errno: ENAMETOOLONG)))
        }

        if let backupFolder {
            do {
                try saveBackup(original, subdirectory: message.subdirectory, name: message.name, in: backupFolder)
            } catch {
                return .failed(error)
            }
        }

        // 1. The new content, complete and on disk, with the old owner, mode and times.
        do {
            try ensureDirectory(tmpDir)
            try MessageFile.writeNew(contentPath, bytes: newBytes, mode: status.mode & 0o7777,
                                     owner: (status.owner, status.group),
                                     times: (status.accessTime, status.modificationTime))
        } catch {
            return .failed(error)
        }

        // 2. The journal, on disk with its directory entry before any link exists.
        let journal = IntentJournal(subdirectory: message.subdirectory, oldName: message.name, newName: newName,
                                    old: status, newContent: newBytes)
        do {
            try MessageFile.writeNew(intentPath, bytes: IntentJournal.encode([journal]), mode: 0o600)
            try Sys.fsyncDirectory(tmpDir)
        } catch let error as MaildirError {
            removeTmpFiles(contentPath, intentPath)
            return .failed(error)
        } catch {
            removeTmpFiles(contentPath, intentPath)
            return .failed(.system(SystemError(operation: "fsync", path: tmpDir, errno: EIO)))
        }

        // 3. Still the file that was read?
        do {
            guard let now = try Sys.lstatIfPresent(oldPath) else {
                removeTmpFiles(contentPath, intentPath)
                return .vanished(reason: "deleted or renamed while being cleaned")
            }
            guard now.sameIdentity(as: status) else {
                removeTmpFiles(contentPath, intentPath)
                return .vanished(reason: "changed while being cleaned")
            }
        } catch {
            removeTmpFiles(contentPath, intentPath)
            return .failed(.system(error))
        }

        // 4. The new message appears.
        do {
            try Sys.link(contentPath, newPath)
        } catch {
            removeTmpFiles(contentPath, intentPath)
            return .failed(.system(error))
        }
        do {
            try Sys.fsyncDirectory(dir)
        } catch {
            return undoLink(newPath, newName: newName, folder: folder, dir: dir, tmpFiles: [contentPath, intentPath],
                            outcome: .failed(.system(error))).outcome
        }

        // 5. The old message goes.
        do {
            try Sys.unlink(oldPath)
        } catch {
            if error.isNotFound {
                return undoLink(newPath, newName: newName, folder: folder, dir: dir, tmpFiles: [contentPath, intentPath],
                                outcome: .vanished(reason: "deleted or renamed while being cleaned")).outcome
            }
            return undoLink(newPath, newName: newName, folder: folder, dir: dir, tmpFiles: [contentPath, intentPath],
                            outcome: .failed(.system(error))).outcome
        }
        do {
            try Sys.fsyncDirectory(dir)
        } catch {
            // The unlink may not be on disk yet: keep the journal so that a later run can
            // remove the old file should it come back after a power loss.
            return .replaced(newName: newName)
        }

        // 6. Our tmp files go; a crash here leaves only leftovers that recovery removes.
        removeTmpFiles(contentPath, intentPath)
        return .replaced(newName: newName)
    }

    /// One message of a batch: the message, what was read of it, and its new bytes.
    public struct BatchItem: Sendable {
        public var message: MaildirMessage
        public var original: MessageSnapshot
        public var newBytes: [UInt8]

        public init(message: MaildirMessage, original: MessageSnapshot, newBytes: [UInt8]) {
            self.message = message
            self.original = original
            self.newBytes = newBytes
        }
    }

    /// Replaces several messages of one folder with the same steps as `replace`, each
    /// step taken for the whole batch before the next, so that the disk is synced a few
    /// times per batch instead of five times per message:
    ///
    ///  1. every content file and journal is written to `tmp/` unsynced, then one syncfs
    ///     makes all of them durable (a file system without syncfs gets an fsync per file
    ///     and one of `tmp/`). Still no link exists: a crash leaves only tmp files.
    ///  2. each old file is checked, each new name linked; then each directory that got a
    ///     link is fsynced once.
    ///  3. each old file is unlinked; each directory fsynced once.
    ///  4. the tmp files go.
    ///
    /// Every message keeps its own journal, so recovery is the same as for `replace`. The
    /// outcomes are in the order of `items`. All items must be in one folder.
    public func replaceBatch(_ items: [BatchItem], backupFolder: String? = nil) -> [Outcome] {
        var unsettled: UnsettledBatch? = nil
        let outcomes = replaceBatch(items, backupFolder: backupFolder, unsettled: &unsettled)
        if let unsettled { settle(unsettled) }
        return outcomes
    }

    /// The end of a batch left for later: its old names are unlinked, but their directories
    /// are not synced yet, so its content files and journal stay in `tmp/` (a power loss may
    /// bring an old name back, and recovery then removes it by the journal).
    public struct UnsettledBatch: Sendable {
        let folder: MaildirFolder
        /// Each unlinked message's directory and tmp content file.
        let replaced: [(directory: String, tmpFile: String)]
        /// The batch's journal; nil when some message of the batch keeps it for recovery.
        let journal: String?
    }

    /// `replaceBatch` for a worker that replaces batch after batch: step 3's directory fsync
    /// and step 4 are left in `unsettled`, and done by the next batch's `syncfs` of the same
    /// folder, which makes the earlier unlinks durable with everything else (one directory
    /// fsync fewer per batch), or by `settle` at the end. On entry, `unsettled` is the
    /// previous batch's; it is settled here (and nil again) before the new one is left in it.
    public func replaceBatch(_ items: [BatchItem], backupFolder: String? = nil,
                             unsettled: inout UnsettledBatch?) -> [Outcome] {
        guard let folder = items.first?.message.folder else { return [] }
        precondition(items.allSatisfy { $0.message.folder == folder }, "a batch is one folder")
        /// The previous batch's end: `flushed` when a syncfs of this folder made its unlinks
        /// durable, else its directories are fsynced first.
        func settlePrevious(flushed: Bool) {
            guard let previous = unsettled else { return }
            if flushed { removeSettled(previous) } else { settle(previous) }
            unsettled = nil
        }
        if unsettled?.folder != folder || items.count == 1 { settlePrevious(flushed: false) }
        if items.count == 1 {
            return [replace(items[0].message, original: items[0].original, with: items[0].newBytes, backupFolder: backupFolder)]
        }
        struct Staged {
            var index: Int
            var dir: String
            var newName: String
            var newPath: String
            var contentPath: String
            var journal: IntentJournal
            var linked = false
        }
        var outcomes = [Outcome?](repeating: nil, count: items.count)
        var staged: [Staged] = []
        let tmpDir = folder.tmpPath
        do {
            try ensureDirectory(tmpDir)
        } catch {
            return items.map { _ in .failed(error) }
        }

        // 1. Every message's new content, then one journal naming them all, then one flush
        // for the lot. One journal per batch, not per message: half the files created and
        // removed in tmp/, where creating an inode is the slowest step of a replace.
        for (index, item) in items.enumerated() {
            let message = item.message
            let unique = names.next()
            let newName = Self.newName(for: message.name, unique: unique, newBytes: item.newBytes)
            let dir = folder.path(of: message.subdirectory)
            let newPath = dir + "/" + newName
            let contentPath = tmpDir + "/" + unique + TracklessTmpFile.newSuffix
            guard newName.utf8.count <= 255, (unique + TracklessTmpFile.intentSuffix).utf8.count <= 255 else {
                outcomes[index] = .failed(.system(SystemError(operation: "link", path: newPath, errno: ENAMETOOLONG)))
                continue
            }
            let status = item.original.status
            do {
                if let backupFolder {
                    try saveBackup(item.original, subdirectory: message.subdirectory, name: message.name, in: backupFolder)
                }
                try MessageFile.writeNew(contentPath, bytes: item.newBytes, mode: status.mode & 0o7777,
                                         owner: (status.owner, status.group),
                                         times: (status.accessTime, status.modificationTime), sync: false)
                let journal = IntentJournal(subdirectory: message.subdirectory, oldName: message.name, newName: newName,
                                            old: status, newContent: item.newBytes)
                staged.append(Staged(index: index, dir: dir, newName: newName, newPath: newPath,
                                     contentPath: contentPath, journal: journal))
            } catch {
                removeTmpFiles(contentPath)
                outcomes[index] = .failed(error)
            }
        }
        let intentPath = tmpDir + "/" + names.next() + TracklessTmpFile.intentSuffix
        do {
            if !staged.isEmpty {
                try MessageFile.writeNew(intentPath, bytes: IntentJournal.encode(staged.map(\.journal)), mode: 0o600,
                                         sync: false)
                if try Sys.syncFileSystem(tmpDir) {
                    // The previous batch's unlinks are durable now, with everything else.
                    settlePrevious(flushed: true)
                } else {
                    for entry in staged { try MessageFile.syncExisting(entry.contentPath) }
                    try MessageFile.syncExisting(intentPath)
                    try Sys.fsyncDirectory(tmpDir)
                }
            }
            settlePrevious(flushed: false)
        } catch {
            settlePrevious(flushed: false)
            for entry in staged {
                removeTmpFiles(entry.contentPath)
                outcomes[entry.index] = .failed(error as? MaildirError ?? .system(SystemError(operation: "syncfs", path: tmpDir, errno: EIO)))
            }
            removeTmpFiles(intentPath)
            return outcomes.map { $0 ?? .failed(.system(SystemError(operation: "replace", path: folder.path, errno: EIO))) }
        }
        // Whether some message still needs the journal when the batch ends (a duplicate that
        // could not be taken away, a removal that is not durable): then it stays for recovery.
        var journalNeeded = false

        // 2. Still the files that were read? Then the new names appear.
        for i in staged.indices {
            let item = items[staged[i].index]
            let entry = staged[i]
            do {
                guard let now = try Sys.lstatIfPresent(item.message.path) else {
                    removeTmpFiles(entry.contentPath)
                    outcomes[entry.index] = .vanished(reason: "deleted or renamed while being cleaned")
                    continue
                }
                guard now.sameIdentity(as: item.original.status) else {
                    removeTmpFiles(entry.contentPath)
                    outcomes[entry.index] = .vanished(reason: "changed while being cleaned")
                    continue
                }
                try Sys.link(entry.contentPath, entry.newPath)
                staged[i].linked = true
            } catch {
                removeTmpFiles(entry.contentPath)
                outcomes[entry.index] = .failed(.system(error))
            }
        }
        var linked = staged.filter(\.linked)
        for dir in Set(linked.map(\.dir)).sorted() {
            do {
                try Sys.fsyncDirectory(dir)
            } catch {
                for entry in linked where entry.dir == dir {
                    let undo = undoLink(entry.newPath, newName: entry.newName, folder: folder, dir: dir,
                                        tmpFiles: [entry.contentPath], outcome: .failed(.system(error)))
                    outcomes[entry.index] = undo.outcome
                    if !undo.undone { journalNeeded = true }
                }
                linked.removeAll { $0.dir == dir }
            }
        }

        // 3. The old names go.
        var unlinked: [Staged] = []
        for entry in linked {
            do {
                try Sys.unlink(items[entry.index].message.path)
                unlinked.append(entry)
            } catch {
                let outcome: Outcome = error.isNotFound
                    ? .vanished(reason: "deleted or renamed while being cleaned") : .failed(.system(error))
                let undo = undoLink(entry.newPath, newName: entry.newName, folder: folder, dir: entry.dir,
                                    tmpFiles: [entry.contentPath], outcome: outcome)
                outcomes[entry.index] = undo.outcome
                if !undo.undone { journalNeeded = true }
            }
        }
        for entry in unlinked { outcomes[entry.index] = .replaced(newName: entry.newName) }
        // The directory fsync and the removal of the tmp files are left to the next batch's
        // syncfs, or to `settle`. A journal some message still needs is never removed.
        if !unlinked.isEmpty {
            unsettled = UnsettledBatch(
                folder: folder, replaced: unlinked.map { ($0.dir, $0.contentPath) },
                journal: journalNeeded ? nil : intentPath)
        } else if !journalNeeded {
            removeTmpFiles(intentPath)
        }
        return outcomes.map { $0 ?? .failed(.system(SystemError(operation: "replace", path: folder.path, errno: EIO))) }
    }

    /// Steps 3 and 4 of a batch left unsettled: each directory fsynced, then the tmp files,
    /// the journal last. A directory that cannot be synced keeps its messages' tmp files and
    /// the journal, so that a later run removes an old file that comes back after a power
    /// loss.
    public func settle(_ batch: UnsettledBatch) {
        let unsynced = Set(Set(batch.replaced.map(\.directory)).sorted().filter { (try? Sys.fsyncDirectory($0)) == nil })
        removeSettled(batch, unsynced: unsynced)
    }

    /// Step 4 for a batch whose unlinks are durable, except in the directories `unsynced`:
    /// their messages' tmp files stay, and then the journal too.
    private func removeSettled(_ batch: UnsettledBatch, unsynced: Set<String> = []) {
        for entry in batch.replaced where !unsynced.contains(entry.directory) { removeTmpFiles(entry.tmpFile) }
        if unsynced.isEmpty, let journal = batch.journal { removeTmpFiles(journal) }
    }

    /// Takes the new link away again after a failure between link and unlink, then the tmp
    /// files. If it cannot be removed, the tmp files stay so that recovery removes the
    /// duplicate later; `undone` is false then.
    private func undoLink(_ newPath: String, newName: String, folder: MaildirFolder, dir: String,
                          tmpFiles: [String], outcome: Outcome) -> (outcome: Outcome, undone: Bool) {
        do {
            if try !Sys.unlinkIfPresent(newPath) {
                // Another program moved our new file (new/ to cur/, or a flag change).
                let base = MaildirName(newName).base
                for sub in MaildirSubdirectory.allCases {
                    let subPath = folder.path(of: sub)
                    for entry in try Sys.listDirectory(subPath) where MaildirName(entry.name).base == base {
                        try Sys.unlink(subPath + "/" + entry.name)
                    }
                }
            }
            try Sys.fsyncDirectory(dir)
        } catch {
            // The duplicate stays with its journal; recovery removes it on the next run.
            if case .vanished = outcome { return (.failed(.system(error)), false) }
            return (outcome, false)
        }
        removeTmpFiles(tmpFiles)
        return (outcome, true)
    }

    private func removeTmpFiles(_ paths: String...) { removeTmpFiles(paths) }

    private func removeTmpFiles(_ paths: [String]) {
        // Failures leave our own leftovers, which the next run's recovery removes.
        for path in paths { _ = try? Sys.unlinkIfPresent(path) }
    }

    private func ensureDirectory(_ path: String) throws(MaildirError) {
        do {
            if let status = try Sys.lstatIfPresent(path), status.isDirectory { return }
            try Sys.mkdir(path, mode: 0o700)
        } catch {
            if error.errno == EEXIST { return }
            throw .system(error)
        }
    }

    /// Saves the original to `backupFolder/<sub>/<name>` with its mtime, durably, before the
    /// replacement starts. An existing backup of the same name is replaced.
    private func saveBackup(_ original: MessageSnapshot, subdirectory: MaildirSubdirectory, name: String,
                            in backupFolder: String) throws(MaildirError) {
        let dir = backupFolder + "/" + subdirectory.rawValue
        let temporary = dir + "/." + names.next() + ".trackless-backup"
        do {
            try Sys.makeDirectories(dir)
        } catch {
            throw .system(error)
        }
        try MessageFile.writeNew(temporary, bytes: original.bytes, mode: 0o600,
                                 times: (original.status.accessTime, original.status.modificationTime))
        do {
            try Sys.rename(temporary, dir + "/" + name)
            try Sys.fsyncDirectory(dir)
        } catch {
            _ = try? Sys.unlinkIfPresent(temporary)
            throw .system(error)
        }
    }
}
