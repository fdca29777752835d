/// One Maildir folder: a directory with `cur/` and `new/` (and normally `tmp/`).
public struct MaildirFolder: Sendable, Hashable, CustomStringConvertible {
    /// The folder's directory, as reached from the root (no trailing `/`).
    public var path: String
    /// The root path it was found under, as given.
    public var root: String
    /// The path relative to the root: `""` for the root itself, `".Sent"` for a Maildir++
    /// folder, `"Work/2024"` for an fs-layout folder.
    public var relativePath: String

    public init(path: String, root: String, relativePath: String) {
        self.path = path
        self.root = root
        self.relativePath = relativePath
    }

    public var curPath: String { path + "/cur" }
    public var newPath: String { path + "/new" }
    public var tmpPath: String { path + "/tmp" }

    /// The directory of `cur/` or `new/`.
    public func path(of subdirectory: MaildirSubdirectory) -> String { path + "/" + subdirectory.rawValue }

    /// The folder as people name it: `INBOX` for the root, else the relative path.
    public var description: String { relativePath.isEmpty ? "INBOX" : relativePath }
}

/// The two directories that hold messages.
public enum MaildirSubdirectory: String, Sendable, Hashable, CaseIterable {
    case new, cur
}

/// A message file: a name in a folder's `cur/` or `new/`.
public struct MaildirMessage: Sendable, Hashable, CustomStringConvertible {
    public var folder: MaildirFolder
    public var subdirectory: MaildirSubdirectory
    public var name: String

    public init(folder: MaildirFolder, subdirectory: MaildirSubdirectory, name: String) {
        self.folder = folder
        self.subdirectory = subdirectory
        self.name = name
    }

    public var path: String { folder.path(of: subdirectory) + "/" + name }
    public var description: String { path }
}

/// Finds Maildir folders and the messages in them.
///
/// A path may be a Maildir root (with Maildir++ `.Folder` subfolders), a single folder, an
/// fs-layout tree of nested folders, or a directory holding several maildirs. Symbolic links
/// below the given paths are not followed. Dovecot's and Courier's own files
/// (`dovecot-uidlist`, `dovecot.index*`, `subscriptions`, `maildirfolder`, `maildirsize`,
/// `courierimap*` ...) are never treated as messages: only the entries of `cur/` and `new/`
/// are, and of those only names that do not start with `.`.
public enum MaildirDiscovery {
    /// What was found under the given paths.
    public struct Result: Sendable {
        /// Every folder, each once, in a stable order (by root, then relative path).
        public var folders: [MaildirFolder] = []
        /// Paths that could not be used, with the reason.
        public var problems: [(path: String, reason: String)] = []
    }

    /// Directory names never descended into while looking for folders.
    static let skippedDirectoryNames: Set<String> = [
        "cur", "new", "tmp", "courierimapkeywords", "courierimaphieracl", "courierimapacl",
        "lost+found",
    ]

    /// How deep below a root folders are looked for. Default: 32 levels.
    public static let defaultMaxDepth = 32

    /// Finds every folder under `roots`, skipping the directories in `excluding` (for
    /// example a backup directory inside the mailbox).
    public static func folders(in roots: [String], excluding: [String] = [],
                               maxDepth: Int = defaultMaxDepth) -> Result {
        var result = Result()
        var excluded = Set<FileKey>()
        for path in excluding {
            if let status = try? Sys.stat(path) { excluded.insert(FileKey(status)) }
        }
        var seen = Set<FileKey>()
        for rawRoot in roots {
            let root = rawRoot.count > 1 && rawRoot.hasSuffix("/") ? String(rawRoot.reversed().drop(while: { $0 == "/" }).reversed()) : rawRoot
            let status: FileStatus
            do throws(SystemError) {
                status = try Sys.stat(root)
            } catch {
                result.problems.append((rawRoot, error.message))
                continue
            }
            guard status.isDirectory else {
                result.problems.append((rawRoot, "not a directory"))
                continue
            }
            // The same directory given twice (or inside another root) is walked once.
            if seen.contains(FileKey(status)) { continue }
            var found: [MaildirFolder] = []
            walk(root: root, path: root, relative: "", status: status, depth: 0, maxDepth: maxDepth,
                 excluded: excluded, seen: &seen, found: &found, problems: &result.problems)
            if found.isEmpty {
                result.problems.append((rawRoot, "no Maildir folder (a directory with cur/ and new/) found"))
                continue
            }
            result.folders += found.sorted { $0.relativePath < $1.relativePath }
        }
        return result
    }

    /// True when `path` has `cur/` and `new/` directories.
    public static func isFolder(_ path: String) -> Bool {
        guard let cur = try? Sys.stat(path + "/cur"), cur.isDirectory,
              let new = try? Sys.stat(path + "/new"), new.isDirectory else { return false }
        return true
    }

    private static func walk(root: String, path: String, relative: String, status: FileStatus, depth: Int,
                             maxDepth: Int, excluded: Set<FileKey>, seen: inout Set<FileKey>,
                             found: inout [MaildirFolder], problems: inout [(path: String, reason: String)]) {
        let key = FileKey(status)
        guard !excluded.contains(key), seen.insert(key).inserted else { return }
        if isFolder(path) {
            found.append(MaildirFolder(path: path, root: root, relativePath: relative))
        }
        guard depth < maxDepth else { return }
        let entries: [DirectoryEntry]
        do {
            entries = try Sys.listDirectory(path)
        } catch {
            problems.append((path, error.message))
            return
        }
        for entry in entries.sorted(by: { $0.name < $1.name }) {
            guard !skippedDirectoryNames.contains(entry.name) else { continue }
            switch entry.kind {
            case .directory, .unknown: break
            default: continue
            }
            let child = path + "/" + entry.name
            guard let childStatus = try? Sys.lstat(child), childStatus.isDirectory else { continue }
            let childRelative = relative.isEmpty ? entry.name : relative + "/" + entry.name
            walk(root: root, path: child, relative: childRelative, status: childStatus, depth: depth + 1,
                 maxDepth: maxDepth, excluded: excluded, seen: &seen, found: &found, problems: &problems)
        }
    }

    /// The messages of one folder: the names in `new/`, then in `cur/`, each sorted, leaving
    /// out dot-files, directories and names that are not UTF-8 (those are returned in
    /// `unreadableNames` so callers can report them).
    public static func messages(in folder: MaildirFolder) throws(SystemError)
        -> (messages: [MaildirMessage], unreadableNames: [String]) {
        var messages: [MaildirMessage] = []
        var unreadable: [String] = []
        for sub in MaildirSubdirectory.allCases {
            let dir = folder.path(of: sub)
            var names: [String] = []
            for entry in try Sys.listDirectory(dir) {
                if entry.name.hasPrefix(".") || entry.kind == .directory { continue }
                if entry.name.contains("\u{FFFD}") {
                    unreadable.append(dir + "/" + entry.name)
                    continue
                }
                names.append(entry.name)
            }
            names.sort()
            messages += names.map { MaildirMessage(folder: folder, subdirectory: sub, name: $0) }
        }
        return (messages, unreadable)
    }
}

extension MaildirDiscovery {
    /// How many entries of `cur/` and `new/` could be messages (for a progress total).
    public static func countMessages(in folder: MaildirFolder) -> Int {
        var count = 0
        for sub in MaildirSubdirectory.allCases {
            let entries = (try? Sys.listDirectory(folder.path(of: sub))) ?? []
            count += entries.lazy.filter { !$0.name.hasPrefix(".") && $0.kind != .directory }.count
        }
        return count
    }
}

/// A file's identity on disk, for "have we been here before".
struct FileKey: Hashable {
    var device: UInt64
    var inode: UInt64
    init(_ status: FileStatus) {
        device = status.device
        inode = status.inode
    }
}
