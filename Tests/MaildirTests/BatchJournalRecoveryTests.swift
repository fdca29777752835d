import Foundation
@testable import Maildir
import Testing

/// A batch of replaces shares one journal (`tmp/<batch unique>.trackless-intent`) naming every
/// message; each message's new content waits in `tmp/<its unique>.trackless-new`. Built by
/// hand here in the states a kill can leave, and recovered.
struct InterruptedBatch {
    let scratch: Scratch
    let root: String
    let names = UniqueNameGenerator(hostName: "test.host")
    /// Of a process that is gone (pid over pid_max), in sorted order.
    let batchUnique = "1600000001.M1P9999999Q0.test.host"
    var oldNames: [String] = []
    var uniques: [String] = []
    var newNames: [String] = []
    var newBytes: [[UInt8]] = []

    init(count: Int) throws {
        scratch = try Scratch()
        root = try scratch.makeFolder("Maildir")
        for k in 0..<count {
            let oldName = "160000000\(k).M1P2Q\(k).old.host,S=137:2,S"
            try scratch.write("Maildir/cur/" + oldName, sampleMessage(k), mtime: 1_600_000_000 + k)
            let unique = "1600000001.M1P9999999Q\(k + 1).test.host"
            let bytes = Array(sampleMessage(k, tracked: false).utf8)
            oldNames.append(oldName)
            uniques.append(unique)
            newBytes.append(bytes)
            newNames.append(MaildirReplacer.newName(for: oldName, unique: unique, newBytes: bytes))
        }
    }

    func oldPath(_ k: Int) -> String { root + "/cur/" + oldNames[k] }
    func newPath(_ k: Int) -> String { root + "/cur/" + newNames[k] }
    func contentPath(_ k: Int) -> String { root + "/tmp/" + uniques[k] + TracklessTmpFile.newSuffix }
    var intentPath: String { root + "/tmp/" + batchUnique + TracklessTmpFile.intentSuffix }

    /// Content of every message, then the batch's journal (what is on disk before any link).
    func stage() throws {
        var entries: [IntentJournal] = []
        for k in oldNames.indices {
            try MessageFile.writeNew(contentPath(k), bytes: newBytes[k], mode: 0o600)
            entries.append(IntentJournal(subdirectory: .cur, oldName: oldNames[k], newName: newNames[k],
                                         old: try Sys.lstat(oldPath(k)), newContent: newBytes[k]))
        }
        try MessageFile.writeNew(intentPath, bytes: IntentJournal.encode(entries), mode: 0o600)
    }

    func messageFiles() -> [String] { scratch.list("Maildir/cur").map { root + "/cur/" + $0 } }
    func tmp() -> [String] { scratch.list("Maildir/tmp") }
    func plan() -> MaildirRecovery.Plan { MaildirRecovery.plan(folder(root), names: names) }
}

@Suite struct BatchJournalRecoveryTests {
    /// Killed after the links and the first unlink: message 0 is done, 1 and 2 are there
    /// twice. Recovery finishes 1 and 2, removes 0's content, then the journal.
    @Test func killedBetweenTheLinksAndTheUnlinks() throws {
        let b = try InterruptedBatch(count: 3)
        try b.stage()
        for k in 0..<3 { try Sys.link(b.contentPath(k), b.newPath(k)) }
        try Sys.unlink(b.oldPath(0))
        let plan = b.plan()
        #expect(plan.steps == [
            .removeLeftovers(paths: [b.contentPath(0)], because: .finished),
            .finish(oldPath: b.oldPath(1), newPath: b.newPath(1), tmpFiles: [b.contentPath(1)]),
            .finish(oldPath: b.oldPath(2), newPath: b.newPath(2), tmpFiles: [b.contentPath(2)]),
            .removeJournal(path: b.intentPath, entries: 3, stepsBefore: 3),
        ])
        #expect(plan.steps.last?.description.hasPrefix("journal: \(b.intentPath): journal of an interrupted batch of 3") == true)
        #expect(MaildirRecovery.apply(plan) == plan.expectedActions)
        #expect(Set(b.messageFiles()) == Set((0..<3).map(b.newPath)))
        #expect(b.tmp().isEmpty)
        #expect(b.plan().isEmpty)
    }

    /// Killed after the flush, before any link: every original is the only copy.
    @Test func killedBeforeTheLinks() throws {
        let b = try InterruptedBatch(count: 2)
        try b.stage()
        let plan = b.plan()
        #expect(plan.steps == [
            .removeLeftovers(paths: [b.contentPath(0)], because: .notLinked),
            .removeLeftovers(paths: [b.contentPath(1)], because: .notLinked),
            .removeJournal(path: b.intentPath, entries: 2, stepsBefore: 2),
        ])
        _ = MaildirRecovery.apply(plan)
        #expect(Set(b.messageFiles()) == Set((0..<2).map(b.oldPath)))
        #expect(b.tmp().isEmpty)
    }

    /// Killed while the tmp files went: some content already removed, the journal still
    /// there. Only what is left goes.
    @Test func killedWhileTheTmpFilesWent() throws {
        let b = try InterruptedBatch(count: 3)
        try b.stage()
        for k in 0..<3 {
            try Sys.link(b.contentPath(k), b.newPath(k))
            try Sys.unlink(b.oldPath(k))
        }
        try Sys.unlink(b.contentPath(0))
        try Sys.unlink(b.contentPath(1))
        let plan = b.plan()
        #expect(plan.steps == [
            .removeLeftovers(paths: [b.contentPath(2)], because: .finished),
            .removeJournal(path: b.intentPath, entries: 3, stepsBefore: 1),
        ])
        _ = MaildirRecovery.apply(plan)
        #expect(b.tmp().isEmpty)
        #expect(b.messageFiles().count == 3)
    }

    /// A torn batch journal was never followed by a link (the journal is flushed first): it
    /// and every content file go, and the originals stay.
    @Test func tornBatchJournalIsRemovedWithItsContent() throws {
        let b = try InterruptedBatch(count: 2)
        try b.stage()
        let bytes = try MessageFile.read(b.intentPath).bytes
        try Sys.unlink(b.intentPath)
        try MessageFile.writeNew(b.intentPath, bytes: Array(bytes.prefix(bytes.count - 30)), mode: 0o600)
        let plan = b.plan()
        #expect(Set(plan.steps.flatMap(\.paths)) == [b.contentPath(0), b.contentPath(1), b.intentPath])
        #expect(plan.steps.allSatisfy { $0.kind == .interrupted || $0.kind == .journal })
        _ = MaildirRecovery.apply(plan)
        #expect(b.tmp().isEmpty)
        #expect(Set(b.messageFiles()) == Set((0..<2).map(b.oldPath)))
    }

    /// A batch that may still be running (recent, written on another host) is left alone
    /// whole: its journal and every content file it names.
    @Test func aRecentBatchOfAnotherHostIsLeftAloneWhole() throws {
        let b = try InterruptedBatch(count: 2)
        try b.stage()
        let plan = MaildirRecovery.plan(folder(b.root), names: UniqueNameGenerator(hostName: "elsewhere"))
        #expect(Set(plan.steps.flatMap(\.paths)) == [b.contentPath(0), b.contentPath(1), b.intentPath])
        #expect(plan.steps.count == 3)
        #expect(plan.steps.allSatisfy { $0.kind == .inUse })
    }

    /// The journal stays when a step of one of its entries fails, so that the next run can
    /// still decide that entry.
    @Test func journalStaysWhenAnEntryStepFails() throws {
        let b = try InterruptedBatch(count: 2)
        try b.stage()
        for k in 0..<2 { try Sys.link(b.contentPath(k), b.newPath(k)) }
        let plan = b.plan()
        #expect(plan.steps.count == 3)
        // The old copy of entry 0 disappears between plan and apply: removing it fails.
        try Sys.unlink(b.oldPath(0))
        let actions = MaildirRecovery.apply(plan)
        #expect(actions.contains { if case .failed = $0 { return true } else { return false } })
        #expect(b.tmp().contains(b.batchUnique + TracklessTmpFile.intentSuffix))
        // The next run sees entry 0 as finished and entry 1 as done: the journal goes then.
        let next = b.plan()
        #expect(next.steps.last == .removeJournal(path: b.intentPath, entries: 2, stepsBefore: next.steps.count - 1))
        _ = MaildirRecovery.apply(next)
        #expect(b.tmp().isEmpty)
        #expect(Set(b.messageFiles()) == Set((0..<2).map(b.newPath)))
    }
}
