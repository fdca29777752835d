import Foundation
@testable import Maildir
import Testing

/// Every file and directory under a path with its stat (identity, size, mode, owner, mtime,
/// ctime; not atime, which reading may change) and, for files, its bytes.
struct TreeState: Equatable {
    struct Entry: Equatable {
        var status: FileStatus
        var bytes: [UInt8]?
    }

    var entries: [String: Entry] = [:]

    init(_ root: String) throws {
        try add(root)
    }

    private mutating func add(_ path: String) throws {
        let status = try Sys.lstat(path)
        entries[path] = Entry(status: status, bytes: status.isRegularFile ? try MessageFile.read(path).bytes : nil)
        guard status.isDirectory else { return }
        for entry in try Sys.listDirectory(path) { try add(path + "/" + entry.name) }
    }
}

extension InterruptedReplacement {
    /// The plan, made twice; asserts that making it changed nothing, not even a time stamp.
    func checkedPlan(sourceLocation: SourceLocation = #_sourceLocation) throws -> MaildirRecovery.Plan {
        let before = try TreeState(scratch.path)
        let plan = MaildirRecovery.plan(folder(root), names: names)
        let again = MaildirRecovery.plan(folder(root), names: names)
        #expect(try TreeState(scratch.path) == before, "making the plan changed the tree", sourceLocation: sourceLocation)
        #expect(again == plan, sourceLocation: sourceLocation)
        return plan
    }

    /// Recovery does what the plan said; afterwards the message exists exactly once, as its
    /// old or its new version, no tmp file of ours is left and there is nothing more to do.
    func recoverAsPlanned(_ plan: MaildirRecovery.Plan, keeps expected: String,
                          sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(recover() == plan.expectedActions, sourceLocation: sourceLocation)
        let copies = messageFiles()
        #expect(copies == [expected], "exactly one copy", sourceLocation: sourceLocation)
        if let copy = copies.first {
            let text = scratch.read(copy)
            #expect(text == sampleMessage(1) || text == String(decoding: newBytes, as: UTF8.self), sourceLocation: sourceLocation)
        }
        #expect(tmp().isEmpty, sourceLocation: sourceLocation)
        #expect(MaildirRecovery.plan(folder(root), names: names).isEmpty, sourceLocation: sourceLocation)
    }

    /// Message files in cur/ and new/, as full paths.
    func messageFiles() -> [String] {
        ["cur", "new"].flatMap { sub in scratch.list("Maildir/" + sub).map { root + "/" + sub + "/" + $0 } }
    }
}

/// `MaildirRecovery.plan` (what `trackless clean --check` prints): read-only, and exactly
/// what `recover` then does, for a replacement interrupted at each step.
@Suite struct RecoveryPlanTests {
    @Test func aFolderWithoutLeftoversHasAnEmptyPlan() throws {
        let s = try InterruptedReplacement()
        #expect(try s.checkedPlan().isEmpty)
        try FileManager.default.removeItem(atPath: s.root + "/tmp")
        #expect(try s.checkedPlan().isEmpty)
    }

    @Test func killedWhileWritingTheNewContent() throws {
        let s = try InterruptedReplacement()
        try s.writeContent(Array(s.newBytes.prefix(20)))
        let plan = try s.checkedPlan()
        #expect(plan.steps == [.removeLeftovers(paths: [s.contentPath], because: .beforeJournal)])
        #expect(plan.steps.map(\.kind) == [.interrupted])
        s.recoverAsPlanned(plan, keeps: s.oldPath)
    }

    @Test func killedWhileWritingTheJournal() throws {
        let s = try InterruptedReplacement()
        try s.writeContent()
        try MessageFile.writeNew(s.intentPath, bytes: Array("trackless-intent 1\nsubdirectory cur\nold 16".utf8), mode: 0o600)
        let plan = try s.checkedPlan()
        #expect(plan.steps == [.removeLeftovers(paths: [s.contentPath, s.intentPath], because: .tornJournal)])
        s.recoverAsPlanned(plan, keeps: s.oldPath)
    }

    @Test func killedAfterTheJournalBeforeTheLink() throws {
        let s = try InterruptedReplacement()
        try s.writeContent()
        try s.writeJournal()
        let plan = try s.checkedPlan()
        #expect(plan.steps == [.removeLeftovers(paths: [s.contentPath, s.intentPath], because: .notLinked)])
        #expect(plan.steps[0].description == "interrupted: \(s.contentPath) \(s.intentPath): tmp files of a replace killed "
            + "before its new copy was linked (the original is the only copy); next run: removes them")
        s.recoverAsPlanned(plan, keeps: s.oldPath)
    }

    @Test func killedBetweenLinkAndUnlinkIsADuplicateThatIsFinished() throws {
        let s = try InterruptedReplacement()
        try s.writeContent()
        try s.writeJournal()
        try s.link()
        let plan = try s.checkedPlan()
        #expect(plan.steps == [.finish(oldPath: s.oldPath, newPath: s.newPath, tmpFiles: [s.contentPath, s.intentPath])])
        let step = try #require(plan.steps.first)
        #expect(step.kind == .duplicate)
        #expect(step.paths == [s.oldPath, s.newPath, s.contentPath, s.intentPath])
        #expect(step.description == "duplicate: \(s.oldPath) -> \(s.newPath): both copies of an interrupted replace "
            + "(old -> new); next run: removes the old copy \(s.oldPath), finishing the replace, then its 2 tmp files")
        s.recoverAsPlanned(plan, keeps: s.newPath)
        #expect(s.scratch.read(s.newPath) == String(decoding: s.newBytes, as: UTF8.self))
    }

    @Test func aDuplicateIsFoundAfterAFlagChangeAndAMove() throws {
        let s = try InterruptedReplacement()
        try s.writeContent()
        try s.writeJournal()
        try s.link()
        let renamedOld = s.root + "/cur/" + MaildirName(s.oldName).base + ":2,RS"
        let movedNew = s.root + "/new/" + MaildirName(s.newName).base
        try FileManager.default.moveItem(atPath: s.oldPath, toPath: renamedOld)
        try FileManager.default.moveItem(atPath: s.newPath, toPath: movedNew)
        let plan = try s.checkedPlan()
        #expect(plan.steps == [.finish(oldPath: renamedOld, newPath: movedNew, tmpFiles: [s.contentPath, s.intentPath])])
        s.recoverAsPlanned(plan, keeps: movedNew)
    }

    @Test func aDuplicateWithAnIncompleteNewCopyIsUndone() throws {
        let s = try InterruptedReplacement()
        try s.writeContent(Array("truncated".utf8))
        try s.writeJournal()
        try s.link()
        let plan = try s.checkedPlan()
        #expect(plan.steps == [.undo(oldPath: s.oldPath, newPath: s.newPath,
                                     because: .init(oldChanged: false, newNotAsPromised: true),
                                     tmpFiles: [s.contentPath, s.intentPath])])
        #expect(plan.steps[0].description.contains("the new copy is not what the journal promised; next run: removes the new copy \(s.newPath), undoing the replace (the original stays)"))
        s.recoverAsPlanned(plan, keeps: s.oldPath)
        #expect(s.scratch.read(s.oldPath) == sampleMessage(1))
    }

    @Test func aDuplicateWhoseOldCopyChangedIsUndone() throws {
        let s = try InterruptedReplacement()
        try s.writeContent()
        try s.writeJournal()
        try s.link()
        try s.scratch.write(s.oldPath, sampleMessage(1) + "edited\n", mtime: 1_600_000_000)
        let plan = try s.checkedPlan()
        #expect(plan.steps == [.undo(oldPath: s.oldPath, newPath: s.newPath,
                                     because: .init(oldChanged: true, newNotAsPromised: false),
                                     tmpFiles: [s.contentPath, s.intentPath])])
        #expect(s.recover() == plan.expectedActions)
        #expect(s.messageFiles() == [s.oldPath])
        #expect(s.scratch.read(s.oldPath) == sampleMessage(1) + "edited\n")
        #expect(s.tmp().isEmpty)
    }

    @Test func killedAfterTheUnlinkOnlyTmpFilesAreLeft() throws {
        let s = try InterruptedReplacement()
        try s.writeContent()
        try s.writeJournal()
        try s.link()
        try FileManager.default.removeItem(atPath: s.oldPath)
        let plan = try s.checkedPlan()
        #expect(plan.steps == [.removeLeftovers(paths: [s.contentPath, s.intentPath], because: .finished)])
        s.recoverAsPlanned(plan, keeps: s.newPath)
    }

    @Test func killedBetweenTheTwoTmpUnlinksOnlyTheJournalIsLeft() throws {
        let s = try InterruptedReplacement()
        try s.writeContent()
        try s.writeJournal()
        try s.link()
        try FileManager.default.removeItem(atPath: s.oldPath)
        try FileManager.default.removeItem(atPath: s.contentPath)
        let plan = try s.checkedPlan()
        #expect(plan.steps == [.removeLeftovers(paths: [s.intentPath], because: .finished)])
        #expect(plan.steps[0].nextRun == "removes it")
        s.recoverAsPlanned(plan, keeps: s.newPath)
    }

    @Test func aJournalWhoseMessageWasDeletedSince() throws {
        let s = try InterruptedReplacement()
        try s.writeContent()
        try s.writeJournal()
        try FileManager.default.removeItem(atPath: s.oldPath)
        let plan = try s.checkedPlan()
        #expect(plan.steps == [.removeLeftovers(paths: [s.contentPath, s.intentPath], because: .messageGone)])
        #expect(s.recover() == plan.expectedActions)
        #expect(s.messageFiles().isEmpty)
        #expect(s.tmp().isEmpty)
    }

    @Test func filesOfALiveProcessAreReportedAndLeftAlone() throws {
        let s = try InterruptedReplacement(processID: getppid())
        try s.writeContent()
        try s.writeJournal()
        try s.link()
        let plan = try s.checkedPlan()
        let reason = MaildirRecovery.LeaveReason.mayStillRun(staleAfterSeconds: MaildirRecovery.defaultStaleAfterSeconds)
        #expect(plan.steps == [.leaveAlone(path: s.contentPath, because: reason), .leaveAlone(path: s.intentPath, because: reason)])
        #expect(plan.steps.map(\.kind) == [.inUse, .inUse])
        #expect(plan.steps[0].nextRun == "leaves it alone until that process has ended or the file is more than an hour old")
        let before = try TreeState(s.scratch.path)
        #expect(s.recover() == plan.expectedActions)
        #expect(try TreeState(s.scratch.path) == before)
    }

    @Test func aTornJournalBesideAMessageOfItsNameIsUnresolved() throws {
        let s = try InterruptedReplacement()
        try s.writeContent()
        try MessageFile.writeNew(s.intentPath, bytes: Array("trackless-intent 1\n".utf8), mode: 0o600)
        try s.link()
        let plan = try s.checkedPlan()
        #expect(plan.steps == [.leaveAlone(path: s.intentPath, because: .unreadableJournal(unique: s.unique))])
        #expect(plan.steps[0].kind == .unresolved)
        let before = try TreeState(s.scratch.path)
        #expect(s.recover() == plan.expectedActions)
        #expect(try TreeState(s.scratch.path) == before)
    }

    @Test func anUnreadableTmpDirectoryIsAnError() throws {
        let s = try InterruptedReplacement()
        try s.writeContent()
        let scope = s.root + "/tmp"
        _MaildirFaults.inject(.init(.readdir, errno: EIO, pathContains: scope, times: Int.max))
        defer { _MaildirFaults.removeRules(pathContains: scope) }
        let plan = MaildirRecovery.plan(folder(s.root), names: s.names)
        #expect(plan.steps == [.cannotScan(SystemError(operation: "readdir", path: scope, errno: EIO))])
        #expect(plan.steps.map(\.kind) == [.error])
        #expect(plan.steps[0].nextRun == "reports a recovery failure and recovers nothing more in this folder")
        #expect(s.recover() == plan.expectedActions)
        #expect(s.tmp() == [s.unique + TracklessTmpFile.newSuffix])
    }

    /// Two replacements of the same message left by two runs (X -> Y, then Y -> Z): the
    /// second step is decided as if the first had been carried out.
    @Test func laterStepsSeeWhatEarlierStepsRemove() throws {
        let s = try InterruptedReplacement()
        let bytesZ = Array((sampleMessage(1, tracked: false) + "again\n").utf8)
        // Unique parts in sorted order, of a process that is gone (pid over pid_max).
        let uniqueY = "1600000001.M1P9999999Q1.test.host", uniqueZ = "1600000001.M1P9999999Q2.test.host"
        let nameY = MaildirReplacer.newName(for: s.oldName, unique: uniqueY, newBytes: s.newBytes)
        let nameZ = MaildirReplacer.newName(for: nameY, unique: uniqueZ, newBytes: bytesZ)
        let pathX = s.oldPath, pathY = s.root + "/cur/" + nameY, pathZ = s.root + "/cur/" + nameZ
        let tmp = s.root + "/tmp/"

        func interrupted(_ unique: String, old: String, oldName: String, new: String, newName: String,
                         promised: [UInt8], actual: [UInt8]) throws -> [String] {
            let content = tmp + unique + TracklessTmpFile.newSuffix, intent = tmp + unique + TracklessTmpFile.intentSuffix
            try MessageFile.writeNew(content, bytes: actual, mode: 0o600)
            let journal = IntentJournal(subdirectory: .cur, oldName: oldName, newName: newName, old: try Sys.lstat(old),
                                        newContent: promised)
            try MessageFile.writeNew(intent, bytes: IntentJournal.encode([journal]), mode: 0o600)
            try Sys.link(content, new)
            return [content, intent]
        }

        // Y is not what its journal promised, so X -> Y is undone; then Y, which the second
        // journal calls old, is gone, so Y -> Z is undone too: X stays alone.
        let tmpY = try interrupted(uniqueY, old: pathX, oldName: s.oldName, new: pathY, newName: nameY,
                                   promised: s.newBytes, actual: Array("truncated".utf8))
        let tmpZ = try interrupted(uniqueZ, old: pathY, oldName: nameY, new: pathZ, newName: nameZ,
                                   promised: bytesZ, actual: bytesZ)
        let plan = try s.checkedPlan()
        #expect(plan.steps == [
            .undo(oldPath: pathX, newPath: pathY, because: .init(oldChanged: false, newNotAsPromised: true), tmpFiles: tmpY),
            .undo(oldPath: pathY, newPath: pathZ, because: .init(oldChanged: true, newNotAsPromised: false), tmpFiles: tmpZ),
        ])
        s.recoverAsPlanned(plan, keeps: pathX)
    }

    @Test func aChainOfCompleteReplacementsIsFinishedToTheLast() throws {
        let s = try InterruptedReplacement()
        let bytesZ = Array((sampleMessage(1, tracked: false) + "again\n").utf8)
        let uniqueY = "1600000001.M1P9999999Q1.test.host", uniqueZ = "1600000001.M1P9999999Q2.test.host"
        let nameY = MaildirReplacer.newName(for: s.oldName, unique: uniqueY, newBytes: s.newBytes)
        let nameZ = MaildirReplacer.newName(for: nameY, unique: uniqueZ, newBytes: bytesZ)
        let pathY = s.root + "/cur/" + nameY, pathZ = s.root + "/cur/" + nameZ
        var tmpFiles: [[String]] = []
        for (unique, old, oldName, new, newName, bytes) in [(uniqueY, s.oldPath, s.oldName, pathY, nameY, s.newBytes),
                                                            (uniqueZ, pathY, nameY, pathZ, nameZ, bytesZ)] {
            let content = s.root + "/tmp/" + unique + TracklessTmpFile.newSuffix
            let intent = s.root + "/tmp/" + unique + TracklessTmpFile.intentSuffix
            try MessageFile.writeNew(content, bytes: bytes, mode: 0o600)
            let journal = IntentJournal(subdirectory: .cur, oldName: oldName, newName: newName, old: try Sys.lstat(old),
                                        newContent: bytes)
            try MessageFile.writeNew(intent, bytes: IntentJournal.encode([journal]), mode: 0o600)
            try Sys.link(content, new)
            tmpFiles.append([content, intent])
        }
        #expect(s.messageFiles().count == 3)
        let plan = try s.checkedPlan()
        #expect(plan.steps == [
            .finish(oldPath: s.oldPath, newPath: pathY, tmpFiles: tmpFiles[0]),
            .finish(oldPath: pathY, newPath: pathZ, tmpFiles: tmpFiles[1]),
        ])
        #expect(s.recover() == plan.expectedActions)
        #expect(s.messageFiles() == [pathZ])
        #expect(s.scratch.read(pathZ) == String(decoding: bytesZ, as: UTF8.self))
        #expect(s.tmp().isEmpty)
    }

    @Test func otherProgramsTmpFilesAreNotInThePlan() throws {
        let s = try InterruptedReplacement()
        try s.scratch.write("Maildir/tmp/1500000000.M1P2Q3.host", "half a delivery", mtime: 1_500_000_000)
        try s.scratch.write("Maildir/tmp/notes.trackless-new", "x", mtime: 1_500_000_000)
        #expect(try s.checkedPlan().isEmpty)
    }
}
