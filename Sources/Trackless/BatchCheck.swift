import Maildir

/// One thing an interrupted `cleanMaildirs` run left that the next run's recovery acts on
/// (or deliberately leaves), as `trackless clean --check` reports it.
public struct BatchCheckFinding: Sendable, Equatable {
    /// The folder, as people name it (`INBOX`, `.Sent`, `Work/2024`).
    public var folder: String
    /// `duplicate` (both copies of a replacement: readers see the message twice),
    /// `interrupted` (tmp files of a killed replacement; the message is there once),
    /// `in-use` (files of a run that may still be going on), `unresolved` (left alone).
    public var kind: String
    /// The files concerned; for a duplicate the old copy, the new copy, then the tmp files.
    public var paths: [String]
    /// What is wrong.
    public var problem: String
    /// What the next run does about it.
    public var nextRun: String
    /// All of it on one line: `<kind>: <paths>: <problem>; next run: <what it does>`.
    public var line: String
}

/// What `checkMaildirs` found.
public struct BatchCheckResult: Sendable {
    /// The folders looked at, as people name them.
    public var folders: [String] = []
    /// What the next run's recovery will act on, folder by folder, in the order it will.
    public var findings: [BatchCheckFinding] = []
    /// Directories that could not be read: the next run's recovery fails there too.
    public var errors: [BatchPathProblem] = []
    /// Roots that could not be used (not a maildir, missing).
    public var pathProblems: [BatchPathProblem] = []

    /// How many findings have the given kind.
    public func count(_ kind: String) -> Int { findings.lazy.filter { $0.kind == kind }.count }
}

/// Reports, without changing anything, what the recovery step of
/// `cleanMaildirs(roots, options: options)` would do if it ran now: the same folders
/// (`options.backupDirectory` is left out, as a run does) and the same plan
/// (`MaildirRecovery.plan`, which the run applies). Reads directories, journals and the two
/// copies of an interrupted replacement; never writes, renames, unlinks or syncs.
public func checkMaildirs(_ roots: [String], options: BatchOptions = BatchOptions()) -> BatchCheckResult {
    var result = BatchCheckResult()
    let discovery = discoverFolders(roots, options: options)
    result.pathProblems = discovery.problems.map { BatchPathProblem(path: $0.path, reason: $0.reason) }
    result.folders = discovery.folders.map(\.description)
    let names = UniqueNameGenerator()
    for folder in discovery.folders {
        let plan = MaildirRecovery.plan(folder, names: names, staleAfterSeconds: options.staleAfterSeconds)
        for step in plan.steps {
            if case .cannotScan(let error) = step {
                result.errors.append(BatchPathProblem(path: error.path, reason: "\(step.problem); the next run \(step.nextRun)"))
                continue
            }
            result.findings.append(BatchCheckFinding(folder: folder.description, kind: step.kind.rawValue, paths: step.paths,
                                                     problem: step.problem, nextRun: step.nextRun, line: step.description))
        }
    }
    return result
}

/// The folders a run under `roots` works on: every folder found, less the backup directory.
func discoverFolders(_ roots: [String], options: BatchOptions) -> MaildirDiscovery.Result {
    MaildirDiscovery.folders(in: roots, excluding: options.backupDirectory.map { [$0] } ?? [])
}
