import Foundation
@testable import Maildir
import Testing

/// Builds by hand the states an interrupted replacement can leave behind.
struct InterruptedReplacement {
    let scratch: Scratch
    let root: String
    let names: UniqueNameGenerator
    let oldName = "1600000000.M1P2Q3.old.host,S=137:2,S"
    let unique: String
    let newName: String
    let newBytes = Array(sampleMessage(1, tracked: false).utf8)

    init(host: String = "test.host", processID: Int32? = nil) throws {
        scratch = try Scratch()
        root = try scratch.makeFolder("Maildir")
        names = UniqueNameGenerator(hostName: "test.host")
        let writer = UniqueNameGenerator(hostName: host, processID: processID)
        unique = writer.next()
        newName = MaildirReplacer.newName(for: oldName, unique: unique, newBytes: newBytes)
        try scratch.write("Maildir/cur/" + oldName, sampleMessage(1), mtime: 1_600_000_000)
    }

    var oldPath: String { root + "/cur/" + oldName }
    var newPath: String { root + "/cur/" + newName }
    var contentPath: String { root + "/tmp/" + unique + TracklessTmpFile.newSuffix }
    var intentPath: String { root + "/tmp/" + unique + TracklessTmpFile.intentSuffix }

    func writeContent(_ bytes: [UInt8]? = nil) throws {
        try MessageFile.writeNew(contentPath, bytes: bytes ?? newBytes, mode: 0o600)
    }

    func writeJournal() throws {
        let journal = IntentJournal(subdirectory: .cur, oldName: oldName, newName: newName,
                                    old: try Sys.lstat(oldPath), newContent: newBytes)
        try MessageFile.writeNew(intentPath, bytes: IntentJournal.encode([journal]), mode: 0o600)
    }

    func link() throws { try Sys.link(contentPath, newPath) }

    func recover(staleAfter: Int = MaildirRecovery.defaultStaleAfterSeconds, dryRun: Bool = false) -> [MaildirRecovery.Action] {
        MaildirRecovery.recover(folder(root), names: names, staleAfterSeconds: staleAfter, dryRun: dryRun)
    }

    func cur() -> [String] { scratch.list("Maildir/cur") }
    func tmp() -> [String] { scratch.list("Maildir/tmp") }
}

@Suite struct RecoveryTests {
    @Test func finishesAReplacementKilledBetweenLinkAndUnlink() throws {
        let s = try InterruptedReplacement()
        try s.writeContent()
        try s.writeJournal()
        try s.link()
        #expect(s.cur().count == 2)
        let actions = s.recover()
        #expect(actions.contains(.completed(oldPath: s.oldPath, newPath: s.newPath)))
        #expect(s.cur() == [s.newName])
        #expect(s.tmp().isEmpty)
    }

    @Test func findsTheFilesAfterAFlagChangeAndAMoveToCur() throws {
        let s = try InterruptedReplacement()
        try s.writeContent()
        try s.writeJournal()
        try s.link()
        // After the crash a client marks the old copy answered and Dovecot moves the new one.
        let renamedOld = MaildirName(s.oldName).base + ":2,RS"
        try FileManager.default.moveItem(atPath: s.oldPath, toPath: s.root + "/cur/" + renamedOld)
        try FileManager.default.moveItem(atPath: s.newPath, toPath: s.root + "/new/" + MaildirName(s.newName).base)
        let actions = s.recover()
        #expect(actions.contains { if case .completed = $0 { return true } else { return false } })
        #expect(s.cur().isEmpty)
        #expect(s.scratch.list("Maildir/new") == [MaildirName(s.newName).base])
        #expect(s.tmp().isEmpty)
    }

    @Test func undoesWhenTheNewCopyIsNotWhatWasPromised() throws {
        let s = try InterruptedReplacement()
        try s.writeContent(Array("truncated".utf8))
        try s.writeJournal()
        try s.link()
        let actions = s.recover()
        #expect(actions.contains(.undone(oldPath: s.oldPath, newPath: s.newPath)))
        #expect(s.cur() == [s.oldName])
        #expect(s.scratch.read(s.oldPath) == sampleMessage(1))
        #expect(s.tmp().isEmpty)
    }

    @Test func undoesWhenTheOldFileChangedSince() throws {
        let s = try InterruptedReplacement()
        try s.writeContent()
        try s.writeJournal()
        try s.link()
        try s.scratch.write(s.oldPath, sampleMessage(1) + "edited\n", mtime: 1_600_000_000)
        let actions = s.recover()
        #expect(actions.contains(.undone(oldPath: s.oldPath, newPath: s.newPath)))
        #expect(s.cur() == [s.oldName])
        #expect(s.scratch.read(s.oldPath) == sampleMessage(1) + "edited\n")
    }

    @Test func onlyRemovesLeftoversWhenTheReplacementHadFinished() throws {
        let s = try InterruptedReplacement()
        try s.writeContent()
        try s.writeJournal()
        try s.link()
        try FileManager.default.removeItem(atPath: s.oldPath)
        let actions = s.recover()
        #expect(actions == [.removedLeftover(path: s.contentPath), .removedLeftover(path: s.intentPath)])
        #expect(s.cur() == [s.newName])
        #expect(s.tmp().isEmpty)
    }

    @Test func removesContentLeftBeforeTheJournalWasWritten() throws {
        let s = try InterruptedReplacement()
        try s.writeContent()
        #expect(s.recover() == [.removedLeftover(path: s.contentPath)])
        #expect(s.cur() == [s.oldName])
        #expect(s.tmp().isEmpty)
    }

    @Test func tornJournalWithoutALinkIsRemoved() throws {
        let s = try InterruptedReplacement()
        try s.writeContent()
        try MessageFile.writeNew(s.intentPath, bytes: Array("trackless-intent 1\nsubdirec".utf8), mode: 0o600)
        _ = s.recover()
        #expect(s.cur() == [s.oldName])
        #expect(s.tmp().isEmpty)
    }

    @Test func leavesFilesOfALiveProcessAlone() throws {
        let s = try InterruptedReplacement(processID: getppid())
        try s.writeContent()
        try s.writeJournal()
        try s.link()
        let actions = s.recover()
        #expect(actions.count == 2)
        #expect(actions.allSatisfy { if case .leftAlone = $0 { return true } else { return false } })
        #expect(s.cur().count == 2)
        #expect(s.tmp().count == 2)
    }

    @Test func takesOverStaleFilesOfALiveProcess() throws {
        let s = try InterruptedReplacement(processID: getppid())
        try s.writeContent()
        try s.writeJournal()
        try s.link()
        _ = s.recover(staleAfter: -1)
        #expect(s.cur() == [s.newName])
        #expect(s.tmp().isEmpty)
    }

    @Test func recentFilesFromAnotherHostAreLeftAlone() throws {
        let s = try InterruptedReplacement(host: "other.host", processID: 999_999)
        try s.writeContent()
        #expect(s.recover() == [.leftAlone(path: s.contentPath, reason: "written by a process that may still be running")])
        #expect(s.tmp().count == 1)
    }

    @Test func filesOfADeadProcessOnThisHostAreTakenOver() throws {
        // Process ids above the kernel's pid_max (4194304 at most) never exist.
        let s = try InterruptedReplacement(processID: 9_999_999)
        try s.writeContent()
        #expect(s.recover() == [.removedLeftover(path: s.contentPath)])
    }

    @Test func neverTouchesOtherProgramsTmpFiles() throws {
        let s = try InterruptedReplacement()
        try s.scratch.write("Maildir/tmp/1500000000.M1P2Q3.host", "half a delivery", mtime: 1_500_000_000)
        try s.scratch.write("Maildir/tmp/1500000000.M1P2Q3.host.trackless-new.orig", "x", mtime: 1_500_000_000)
        try s.scratch.write("Maildir/tmp/notes.trackless-new", "x", mtime: 1_500_000_000)
        #expect(s.recover(staleAfter: -1).isEmpty)
        #expect(s.tmp().count == 3)
    }

    @Test func dryRunChangesNothing() throws {
        let s = try InterruptedReplacement()
        try s.writeContent()
        try s.writeJournal()
        try s.link()
        let actions = s.recover(dryRun: true)
        #expect(actions.first == .completed(oldPath: s.oldPath, newPath: s.newPath))
        #expect(s.cur().count == 2)
        #expect(s.tmp().count == 2)
    }

    @Test func aSecondRecoveryFindsNothing() throws {
        let s = try InterruptedReplacement()
        try s.writeContent()
        try s.writeJournal()
        try s.link()
        _ = s.recover()
        #expect(s.recover().isEmpty)
    }

    @Test func missingTmpDirectoryIsNothingToRecover() throws {
        let s = try InterruptedReplacement()
        try FileManager.default.removeItem(atPath: s.root + "/tmp")
        #expect(s.recover().isEmpty)
    }
}
