extension MaildirRecovery {
    /// What recovery of one folder will do, worked out by `MaildirRecovery.plan` without
    /// changing anything; `MaildirRecovery.apply` carries it out. `trackless clean --check`
    /// prints the steps.
    public struct Plan: Sendable, Equatable {
        public var folder: MaildirFolder
        /// In the order they are carried out; empty when the run left nothing.
        public var steps: [Step]

        public init(folder: MaildirFolder, steps: [Step]) {
            self.folder = folder
            self.steps = steps
        }

        /// True when there is nothing to recover and nothing left alone.
        public var isEmpty: Bool { steps.isEmpty }

        /// The actions `apply` reports when every system call succeeds (what a dry run reports).
        public var expectedActions: [Action] {
            steps.flatMap { step -> [Action] in
                switch step {
                case .finish(let old, let new, let tmpFiles):
                    return [.completed(oldPath: old, newPath: new)] + tmpFiles.map { .removedLeftover(path: $0) }
                case .undo(let old, let new, _, let tmpFiles):
                    return [.undone(oldPath: old, newPath: new)] + tmpFiles.map { .removedLeftover(path: $0) }
                case .removeLeftovers(let paths, _):
                    return paths.map { .removedLeftover(path: $0) }
                case .removeJournal(let path, _, _):
                    return [.removedLeftover(path: path)]
                case .leaveAlone(let path, let reason):
                    return [.leftAlone(path: path, reason: reason.description)]
                case .cannotScan(let error):
                    return [.failed(error)]
                }
            }
        }
    }

    /// One thing recovery does (or deliberately does not do).
    public enum Step: Sendable, Equatable, CustomStringConvertible {
        /// Both copies of an interrupted replacement are there, the new one holds exactly the
        /// promised bytes and the old one is still the file that was read: the old copy is
        /// removed (the replacement is finished), then the tmp files.
        case finish(oldPath: String, newPath: String, tmpFiles: [String])
        /// Both copies are there, but the new one is not what the journal promised or the old
        /// one changed since it was read: the new copy is removed (the replacement is undone;
        /// the next cleaning run tries again), then the tmp files.
        case undo(oldPath: String, newPath: String, because: UndoReason, tmpFiles: [String])
        /// Only our tmp files are left; the message is there once. They are removed.
        case removeLeftovers(paths: [String], because: LeftoverReason)
        /// The journal of a batch of `entries` replaces, after the `stepsBefore` steps that
        /// decide them: removed once those steps succeeded, else kept for the next run.
        case removeJournal(path: String, entries: Int, stepsBefore: Int)
        /// Left as it is.
        case leaveAlone(path: String, because: LeaveReason)
        /// A directory could not be listed: recovery of this folder stops here (a failure).
        case cannotScan(SystemError)

        /// What kind of problem the step repairs, as `trackless clean --check` names it.
        public enum Kind: String, Sendable, Equatable {
            /// Both copies of a replacement: a reader sees the message twice.
            case duplicate
            /// Tmp files of a replacement that was killed; each message is there once.
            case interrupted
            /// The journal of a killed batch, removed after the steps for its messages.
            case journal
            /// Files of a process that may still be running.
            case inUse = "in-use"
            /// Files recovery will not decide about.
            case unresolved
            /// A directory that could not be read.
            case error
        }

        public var kind: Kind {
            switch self {
            case .finish, .undo: return .duplicate
            case .removeLeftovers: return .interrupted
            case .removeJournal: return .journal
            case .leaveAlone(_, .mayStillRun): return .inUse
            case .leaveAlone: return .unresolved
            case .cannotScan: return .error
            }
        }

        /// Every file concerned: for a duplicate the old copy, the new copy, then the tmp files.
        public var paths: [String] {
            switch self {
            case .finish(let old, let new, let tmpFiles), .undo(let old, let new, _, let tmpFiles): return [old, new] + tmpFiles
            case .removeLeftovers(let paths, _): return paths
            case .removeJournal(let path, _, _): return [path]
            case .leaveAlone(let path, _): return [path]
            case .cannotScan(let error): return [error.path]
            }
        }

        /// What is wrong, in a few words.
        public var problem: String {
            switch self {
            case .finish:
                return "both copies of an interrupted replace (old -> new)"
            case .undo(_, _, let reason, _):
                return "both copies of an interrupted replace (old -> new), and \(reason)"
            case .removeLeftovers(let paths, let reason):
                return "\(paths.count == 1 ? "tmp file" : "tmp files") of \(reason)"
            case .removeJournal(_, let entries, _):
                return "journal of an interrupted batch of \(entries) replaces (each decided above)"
            case .leaveAlone(_, let reason):
                return reason.description
            case .cannotScan(let error):
                return "\(error.operation): \(error.message)"
            }
        }

        /// What the next run does about it.
        public var nextRun: String {
            switch self {
            case .finish(let old, _, let tmpFiles):
                return "removes the old copy \(old), finishing the replace" + Self.andTmp(tmpFiles)
            case .undo(_, let new, _, let tmpFiles):
                return "removes the new copy \(new), undoing the replace (the original stays)" + Self.andTmp(tmpFiles)
            case .removeLeftovers(let paths, _):
                return paths.count == 1 ? "removes it" : "removes them"
            case .removeJournal:
                return "removes it once the steps above succeed"
            case .leaveAlone(_, .mayStillRun(let seconds)):
                return "leaves it alone until that process has ended or the file is more than \(Self.duration(seconds)) old"
            case .leaveAlone:
                return "leaves it alone"
            case .cannotScan:
                return "reports a recovery failure and recovers nothing more in this folder"
            }
        }

        /// One line: `<kind>: <paths>: <problem>; next run: <what it does>`. A duplicate's
        /// paths are shown as `old -> new`.
        public var description: String {
            let shown: String
            switch self {
            case .finish(let old, let new, _), .undo(let old, let new, _, _): shown = "\(old) -> \(new)"
            default: shown = paths.joined(separator: " ")
            }
            return "\(kind.rawValue): \(shown): \(problem); next run: \(nextRun)"
        }

        private static func andTmp(_ tmpFiles: [String]) -> String {
            switch tmpFiles.count {
            case 0: return ""
            case 1: return ", then its tmp file"
            default: return ", then its \(tmpFiles.count) tmp files"
            }
        }

        private static func duration(_ seconds: Int) -> String {
            if seconds >= 3600 && seconds % 3600 == 0 { return seconds == 3600 ? "an hour" : "\(seconds / 3600) hours" }
            if seconds >= 60 && seconds % 60 == 0 { return seconds == 60 ? "a minute" : "\(seconds / 60) minutes" }
            return "\(max(seconds, 0)) s"
        }
    }

    /// Why an interrupted replacement is undone rather than finished.
    public struct UndoReason: Sendable, Equatable, CustomStringConvertible {
        /// The old file is gone or no longer the file that was read (device, inode, size, mtime).
        public var oldChanged: Bool
        /// The new file's size or hash is not the journal's.
        public var newNotAsPromised: Bool

        public init(oldChanged: Bool, newNotAsPromised: Bool) {
            self.oldChanged = oldChanged
            self.newNotAsPromised = newNotAsPromised
        }

        public var description: String {
            switch (oldChanged, newNotAsPromised) {
            case (true, true): return "the old copy changed since it was read and the new copy is not what the journal promised"
            case (true, false): return "the old copy changed since it was read"
            default: return "the new copy is not what the journal promised"
            }
        }
    }

    /// How far the replacement got when it was killed, judged from what is on disk.
    public enum LeftoverReason: Sendable, Equatable, CustomStringConvertible {
        /// New content without a journal: killed before the journal was written.
        case beforeJournal
        /// An incomplete journal, no message of its name: killed while writing the journal.
        case tornJournal
        /// A journal, the old copy, no new one: killed before the link (or after it was undone).
        case notLinked
        /// A journal, the new copy, no old one: killed after the old copy was removed.
        case finished
        /// A journal and neither copy: the message has been deleted since.
        case messageGone

        public var description: String {
            switch self {
            case .beforeJournal: return "a replace killed before its journal was written (the original is the only copy)"
            case .tornJournal: return "a replace killed while writing its journal (the original is the only copy)"
            case .notLinked: return "a replace killed before its new copy was linked (the original is the only copy)"
            case .finished: return "a replace killed after its old copy was removed (the new copy is the only one)"
            case .messageGone: return "a replace whose message has been deleted since"
            }
        }
    }

    /// Why files are left alone.
    public enum LeaveReason: Sendable, Equatable, CustomStringConvertible {
        /// Written on this host by a process that still runs, or on another host less than
        /// `staleAfterSeconds` ago.
        case mayStillRun(staleAfterSeconds: Int)
        /// The journal cannot be read, yet a message with its unique name exists.
        case unreadableJournal(unique: String)

        public var description: String {
            switch self {
            case .mayStillRun: return "written by a process that may still be running"
            case .unreadableJournal(let unique): return "unreadable journal and a message named \(unique) exists"
            }
        }
    }
}
