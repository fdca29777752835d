import Foundation
@testable import Maildir
import Testing

/// `replaceBatch`: the same guarantees as `replace`, a few syncs per batch.
@Suite struct ReplaceBatchTests {
    struct Batch {
        let scratch: Scratch
        let root: String
        var items: [MaildirReplacer.BatchItem] = []
        let replacer = MaildirReplacer(names: UniqueNameGenerator(hostName: "test.host"))

        init(count: Int) throws {
            scratch = try Scratch()
            root = try scratch.makeFolder("Maildir")
            for i in 0..<count {
                let sub = i % 2 == 0 ? "cur" : "new"
                let name = "160000000\(i).M\(i)P2Q3.old.host" + (sub == "cur" ? ":2,S" : "")
                try scratch.write("Maildir/\(sub)/\(name)", sampleMessage(i), mtime: 1_600_000_100 + i)
                let message = MaildirMessage(folder: folder(root), subdirectory: sub == "cur" ? .cur : .new, name: name)
                items.append(.init(message: message, original: try snapshot(message.path),
                                   newBytes: Array(sampleMessage(i, tracked: false).utf8)))
            }
        }

        /// Every message exists exactly once, cleaned or original.
        func copies() -> [Int] {
            var found = [Int](repeating: 0, count: items.count)
            for sub in ["cur", "new"] {
                for name in scratch.list("Maildir/" + sub) {
                    let text = scratch.read("Maildir/\(sub)/\(name)") ?? ""
                    for i in items.indices where text == sampleMessage(i) || text == sampleMessage(i, tracked: false) {
                        found[i] += 1
                    }
                }
            }
            return found
        }
    }

    @Test func replacesEveryMessageOnceAndLeavesNothingInTmp() throws {
        let b = try Batch(count: 6)
        let outcomes = b.replacer.replaceBatch(b.items)
        #expect(outcomes.allSatisfy { if case .replaced = $0 { true } else { false } })
        #expect(b.copies() == [1, 1, 1, 1, 1, 1])
        #expect(b.scratch.list("Maildir/tmp").isEmpty)
        for (item, outcome) in zip(b.items, outcomes) {
            guard case .replaced(let newName) = outcome else { continue }
            let path = item.message.folder.path(of: item.message.subdirectory) + "/" + newName
            #expect(try snapshot(path).bytes == item.newBytes)
            #expect(MaildirName(newName).info == MaildirName(item.message.name).info)
        }
    }

    @Test func aFailedFlushKeepsEveryOriginal() throws {
        let b = try Batch(count: 4)
        _MaildirFaults.inject(.init(.syncfs, errno: EIO, pathContains: b.scratch.path))
        defer { _MaildirFaults.removeRules(pathContains: b.scratch.path) }
        let outcomes = b.replacer.replaceBatch(b.items)
        #expect(outcomes.allSatisfy { if case .failed = $0 { true } else { false } })
        #expect(b.copies() == [1, 1, 1, 1])
        for item in b.items { #expect(b.scratch.read(item.message.path) != nil) }
        #expect(b.scratch.list("Maildir/tmp").isEmpty)
    }

    @Test func aMessageDeletedMeanwhileIsReportedAndTheOthersReplaced() throws {
        let b = try Batch(count: 3)
        // Deleted after it was read, before the batch is replaced.
        try FileManager.default.removeItem(atPath: b.items[1].message.path)
        let outcomes = b.replacer.replaceBatch(b.items)
        guard case .vanished = outcomes[1] else {
            Issue.record("not reported as vanished: \(outcomes[1])")
            return
        }
        #expect(b.copies() == [1, 0, 1])
        #expect(b.scratch.list("Maildir/tmp").isEmpty)
    }

    @Test func aFailedUnlinkTakesOnlyThatMessagesNewLinkAway() throws {
        let b = try Batch(count: 3)
        let stuck = b.items[2].message.path
        _MaildirFaults.inject(.init(.unlink, errno: EACCES, pathContains: stuck))
        defer { _MaildirFaults.removeRules(pathContains: stuck) }
        let outcomes = b.replacer.replaceBatch(b.items)
        guard case .failed = outcomes[2], case .replaced = outcomes[0], case .replaced = outcomes[1] else {
            Issue.record("unexpected outcomes \(outcomes)")
            return
        }
        #expect(b.copies() == [1, 1, 1])
        #expect(b.scratch.read(stuck) == sampleMessage(2))
    }

    // A worker leaves each batch's last directory fsync and its tmp files to the next
    // batch's syncfs: the tmp files and journal of one batch stay until then.
    @Test func consecutiveBatchesLeaveOnlyTheLastOneUnsettled() throws {
        let b = try Batch(count: 8)
        var unsettled: MaildirReplacer.UnsettledBatch?
        let first = b.replacer.replaceBatch(Array(b.items[0..<4]), unsettled: &unsettled)
        #expect(first.allSatisfy { if case .replaced = $0 { true } else { false } })
        #expect(unsettled != nil)
        let firstTmp = Set(b.scratch.list("Maildir/tmp"))
        #expect(firstTmp.count == 5)  // four content files and the journal
        #expect(b.copies() == [1, 1, 1, 1, 1, 1, 1, 1])

        let second = b.replacer.replaceBatch(Array(b.items[4..<8]), unsettled: &unsettled)
        #expect(second.allSatisfy { if case .replaced = $0 { true } else { false } })
        let secondTmp = Set(b.scratch.list("Maildir/tmp"))
        #expect(secondTmp.count == 5)
        #expect(secondTmp.isDisjoint(with: firstTmp))

        b.replacer.settle(try #require(unsettled))
        #expect(b.scratch.list("Maildir/tmp").isEmpty)
        #expect(b.copies() == [1, 1, 1, 1, 1, 1, 1, 1])
        for (item, outcome) in zip(b.items, first + second) {
            guard case .replaced(let newName) = outcome else { continue }
            #expect(try snapshot(item.message.folder.path(of: item.message.subdirectory) + "/" + newName).bytes == item.newBytes)
        }
    }

    // A kill after a batch, before the next one flushes it: recovery finds the journal and
    // the tmp files, and every message is there once, cleaned.
    @Test func anUnsettledBatchIsRecovered() throws {
        let b = try Batch(count: 4)
        var unsettled: MaildirReplacer.UnsettledBatch?
        _ = b.replacer.replaceBatch(b.items, unsettled: &unsettled)
        #expect(unsettled != nil)
        #expect(!b.scratch.list("Maildir/tmp").isEmpty)
        _ = MaildirRecovery.recover(folder(b.root), names: b.replacer.names)
        #expect(b.scratch.list("Maildir/tmp").isEmpty)
        #expect(b.copies() == [1, 1, 1, 1])
        for sub in ["cur", "new"] {
            for name in b.scratch.list("Maildir/" + sub) {
                #expect(!(b.scratch.read("Maildir/\(sub)/\(name)") ?? "").contains("X-Tracker"))
            }
        }
    }

    // A single message takes `replace`'s own path: the batch before it is settled first.
    @Test func aSingleMessageSettlesTheBatchBefore() throws {
        let b = try Batch(count: 5)
        var unsettled: MaildirReplacer.UnsettledBatch?
        _ = b.replacer.replaceBatch(Array(b.items[0..<4]), unsettled: &unsettled)
        #expect(unsettled != nil)
        _ = b.replacer.replaceBatch([b.items[4]], unsettled: &unsettled)
        #expect(unsettled == nil)
        #expect(b.scratch.list("Maildir/tmp").isEmpty)
        #expect(b.copies() == [1, 1, 1, 1, 1])
    }
}
