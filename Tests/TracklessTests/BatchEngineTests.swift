import Foundation
@testable import Maildir
import Testing
@testable import Trackless

@Suite struct BatchEngineTests {
    let trackedCount = (0..<20).filter(BatchMaildir.tracked).count

    func run(_ maildir: BatchMaildir, _ configure: (inout BatchOptions) -> Void = { _ in },
             transform: @escaping @Sendable ([UInt8]) throws -> (output: [UInt8]?, report: Int) = removeTrackerLines,
             progress: (BatchProgress<Int>) -> Void = { _ in }) -> BatchSummary<Int> {
        var options = BatchOptions()
        options.jobs = 2
        configure(&options)
        return cleanMaildirs([maildir.root], options: options, transform: transform, progress: progress)
    }

    @Test func cleansTrackedMessagesAndLeavesTheOthersUntouched() throws {
        let maildir = try BatchMaildir()
        let before = maildir.files()
        let summary = run(maildir)
        #expect(summary.scanned == 20)
        #expect(summary.changed == trackedCount)
        #expect(summary.unchanged == 20 - trackedCount)
        #expect(summary.failed == 0 && summary.vanished == 0 && summary.skipped == 0)
        #expect(!summary.hasFailures)
        #expect(summary.folders == ["INBOX", ".Archive.2024", ".Sent"])
        #expect(maildir.check(requireCleaned: true) == [])
        #expect(maildir.ourTmpFiles().isEmpty)
        let after = maildir.files()
        for old in before where !BatchMaildir.tracked(BatchMaildir.index(of: old.content) ?? 0) {
            #expect(after.contains(old), "untracked message \(old.name) was touched")
        }
        for old in before where BatchMaildir.tracked(BatchMaildir.index(of: old.content) ?? 0) {
            #expect(!after.contains { $0.name == old.name }, "tracked message \(old.name) kept its name")
        }
    }

    @Test func secondRunChangesNothing() throws {
        let maildir = try BatchMaildir()
        _ = run(maildir)
        let before = maildir.files()
        let second = run(maildir)
        #expect(second.changed == 0)
        #expect(second.unchanged == 20)
        #expect(maildir.files() == before)
        #expect(second.recovery.isEmpty)
    }

    @Test func dryRunWritesNothing() throws {
        let maildir = try BatchMaildir()
        let before = maildir.files()
        let summary = run(maildir) { $0.dryRun = true; $0.backupDirectory = maildir.base + "/backup" }
        #expect(summary.dryRun)
        #expect(summary.changed == trackedCount)
        #expect(summary.bytesWritten > 0)
        #expect(maildir.files() == before)
        #expect(maildir.ourTmpFiles().isEmpty)
        #expect(!FileManager.default.fileExists(atPath: maildir.base + "/backup"))
    }

    @Test func dryRunNamesTheNewFileItWouldWrite() throws {
        let maildir = try BatchMaildir()
        var newPaths: [String] = []
        _ = run(maildir, { $0.dryRun = true }, progress: { progress in
            if let latest = progress.latest, latest.status == .changed, let newPath = latest.newPath {
                newPaths.append(newPath)
                #expect(MaildirName((newPath as NSString).lastPathComponent).info
                        == MaildirName((latest.path as NSString).lastPathComponent).info)
            }
        })
        #expect(newPaths.count == trackedCount)
    }

    @Test func backupKeepsEveryReplacedOriginalInAMaildirTree() throws {
        let maildir = try BatchMaildir()
        let backup = maildir.base + "/backup"
        let summary = run(maildir) { $0.backupDirectory = backup }
        #expect(summary.changed == trackedCount)
        var saved = 0
        for (i, placement) in maildir.placements.enumerated() {
            let file = [backup, placement.folder, placement.sub, placement.name].filter { !$0.isEmpty }.joined(separator: "/")
            let content = FileManager.default.contents(atPath: file).map { String(decoding: $0, as: UTF8.self) }
            if BatchMaildir.tracked(i) {
                #expect(content == BatchMaildir.original(i))
                saved += 1
            } else {
                #expect(content == nil)
            }
        }
        #expect(saved == trackedCount)
    }

    @Test func backupInsideTheMaildirIsNeverCleaned() throws {
        let maildir = try BatchMaildir()
        let backup = maildir.root + "/.trackless-backup"
        _ = run(maildir) { $0.backupDirectory = backup }
        let second = run(maildir) { $0.backupDirectory = backup }
        #expect(second.scanned == 20)
        #expect(second.changed == 0)
        #expect(!second.folders.contains { $0.contains("backup") })
    }

    @Test func severalRootsGetSeparateBackupTrees() throws {
        let first = try BatchMaildir(count: 5, folders: [""])
        let second = try BatchMaildir(count: 5, folders: [""])
        let backup = first.base + "/backup"
        var options = BatchOptions()
        options.backupDirectory = backup
        let summary = cleanMaildirs([first.root, second.root], options: options, transform: removeTrackerLines)
        #expect(summary.changed == 8)
        let trees = ((try? FileManager.default.contentsOfDirectory(atPath: backup)) ?? []).sorted()
        #expect(trees == ["Maildir", "Maildir-2"])
    }

    @Test func failuresAreReportedAndTheRunGoesOn() throws {
        let maildir = try BatchMaildir()
        let unreadable = maildir.path(maildir.placements[1].folder) + "/" + maildir.placements[1].sub + "/" + maildir.placements[1].name
        _MaildirFaults.inject(.init(.open, errno: EACCES, pathContains: unreadable))
        // Disk full for the first new file written in the INBOX.
        _MaildirFaults.inject(.init(.write, errno: ENOSPC, pathContains: maildir.root + "/tmp/"))
        defer {
            _MaildirFaults.removeRules(pathContains: unreadable)
            _MaildirFaults.removeRules(pathContains: maildir.root + "/tmp/")
        }
        let summary = run(maildir)
        #expect(summary.failed == 2)
        #expect(summary.hasFailures)
        #expect(summary.changed == trackedCount - 2)
        let reasons = summary.problems.compactMap(\.status.reason)
        #expect(reasons.contains { $0.contains("Permission denied") })
        #expect(reasons.contains { $0.contains("No space left on device") })
        #expect(maildir.check() == [])
        #expect(maildir.ourTmpFiles().isEmpty)
        // The next run cleans what failed.
        let again = run(maildir)
        #expect(again.changed == 2)
        #expect(maildir.check(requireCleaned: true) == [])
    }

    @Test func transformErrorKeepsTheOriginal() throws {
        struct Broken: Error {}
        let maildir = try BatchMaildir()
        let summary = run(maildir, transform: { bytes in
            if BatchMaildir.index(of: String(decoding: bytes, as: UTF8.self)) == 3 { throw Broken() }
            return removeTrackerLines(bytes)
        })
        #expect(summary.failed == 1)
        #expect(summary.problems.first?.status.reason?.hasPrefix("transform failed") == true)
        #expect(summary.problems.first?.report == nil)
        #expect(maildir.files().contains { $0.content == BatchMaildir.original(3) })
    }

    @Test func returningTheSameBytesIsUnchanged() throws {
        let maildir = try BatchMaildir()
        let before = maildir.files()
        let summary = run(maildir, transform: { bytes in (bytes, 0) })
        #expect(summary.changed == 0)
        #expect(maildir.files() == before)
    }

    @Test func messageDeletedDuringItsTransformIsNotResurrected() throws {
        let maildir = try BatchMaildir()
        let victim = maildir.placements[2]
        let victimPath = maildir.path(victim.folder) + "/" + victim.sub + "/" + victim.name
        let summary = run(maildir, transform: { bytes in
            if BatchMaildir.index(of: String(decoding: bytes, as: UTF8.self)) == 2 {
                try FileManager.default.removeItem(atPath: victimPath)
            }
            return removeTrackerLines(bytes)
        })
        #expect(summary.vanished == 1)
        #expect(!summary.hasFailures)
        #expect(!maildir.files().contains { BatchMaildir.index(of: $0.content) == 2 })
        #expect(maildir.ourTmpFiles().isEmpty)
    }

    @Test func stopRequestEndsTheRunBetweenMessages() throws {
        let maildir = try BatchMaildir(count: 60)
        let started = AtomicCounter()
        let summary = run(maildir, { options in
            options.shouldStop = { started.current >= 10 }
        }, transform: { bytes in
            _ = started.increment()
            return removeTrackerLines(bytes)
        })
        #expect(summary.stopped)
        #expect(summary.scanned >= 10 && summary.scanned < 60)
        #expect(summary.scanned == started.current)
        #expect(maildir.check() == [])
        #expect(maildir.ourTmpFiles().isEmpty)
    }

    @Test func stopFlagIsSeenByTheEngine() throws {
        let maildir = try BatchMaildir()
        let flag = BatchStopFlag()
        #expect(!flag.isRequested)
        flag.request()
        let summary = run(maildir) { $0.shouldStop = { flag.isRequested } }
        #expect(flag.isRequested)
        #expect(summary.stopped)
        #expect(summary.scanned == 0)
        #expect(maildir.check(requireCleaned: false) == [])
    }

    @Test(arguments: [1, 3, 8])
    func parallelWorkersCleanEveryMessageOnce(jobs: Int) throws {
        let maildir = try BatchMaildir(count: 150)
        let summary = run(maildir) { $0.jobs = jobs }
        #expect(summary.scanned == 150)
        #expect(summary.changed == (0..<150).filter(BatchMaildir.tracked).count)
        #expect(maildir.check(requireCleaned: true) == [])
    }

    @Test func progressReportsEveryMessageAfterTheTotal() throws {
        let maildir = try BatchMaildir()
        var calls: [BatchProgress<Int>] = []
        let summary = run(maildir, progress: { calls.append($0) })
        #expect(calls.count == 21)
        #expect(calls.first?.total == 20)
        #expect(calls.first?.latest == nil)
        #expect(calls.first?.estimatedSecondsLeft == nil)
        #expect(calls.dropFirst().map(\.done) == Array(1...20))
        #expect(calls.last?.changed == trackedCount)
        #expect(calls.last?.bytesRead == summary.bytesRead)
        #expect(calls.last?.bytesWritten == summary.bytesWritten)
        #expect(summary.bytesRead == (0..<20).map { BatchMaildir.original($0).utf8.count }.reduce(0, +))
        #expect(summary.bytesWritten == (0..<20).filter(BatchMaildir.tracked).map { BatchMaildir.cleaned($0).utf8.count }.reduce(0, +))
        let reports = calls.compactMap(\.latest).compactMap(\.report)
        #expect(reports.reduce(0, +) == trackedCount)
    }

    @Test func skipsSymbolicLinksAndOversizeMessages() throws {
        let maildir = try BatchMaildir(count: 5, folders: [""])
        try FileManager.default.createSymbolicLink(atPath: maildir.root + "/cur/1700000000.M1P1Q1.link:2,S",
                                                   withDestinationPath: "/etc/hostname")
        let summary = run(maildir) { $0.maxMessageBytes = 200 }
        #expect(summary.skipped == 6)
        #expect(summary.problems.contains { $0.status == .skipped("not a regular file") })
        #expect(summary.changed == 0)
        #expect(!summary.hasFailures)
    }

    @Test func reportsRootsThatAreNotMaildirs() throws {
        let maildir = try BatchMaildir(count: 2, folders: [""])
        let summary = cleanMaildirs([maildir.root, maildir.base + "/missing"], transform: removeTrackerLines)
        #expect(summary.pathProblems.count == 1)
        #expect(summary.hasFailures)
        #expect(summary.changed == 1)
    }

    @Test func recoversAnInterruptedRunBeforeCleaning() throws {
        let maildir = try BatchMaildir(count: 3, folders: [""])
        // A dead process left a finished copy of message 1 linked next to the original.
        let placement = maildir.placements[1]
        let oldPath = maildir.root + "/" + placement.sub + "/" + placement.name
        let names = UniqueNameGenerator(processID: 9_999_999)
        let unique = names.next()
        let cleaned = Array(BatchMaildir.cleaned(1).utf8)
        let newName = MaildirReplacer.newName(for: placement.name, unique: unique, newBytes: cleaned)
        let content = maildir.root + "/tmp/" + unique + TracklessTmpFile.newSuffix
        let status = try Sys.lstat(oldPath)
        try MessageFile.writeNew(content, bytes: cleaned, mode: 0o600, times: (status.accessTime, status.modificationTime))
        let journal = IntentJournal(subdirectory: placement.sub == "cur" ? .cur : .new, oldName: placement.name,
                                    newName: newName, old: status, newContent: cleaned)
        try MessageFile.writeNew(maildir.root + "/tmp/" + unique + TracklessTmpFile.intentSuffix,
                                 bytes: IntentJournal.encode([journal]), mode: 0o600)
        try Sys.link(content, maildir.root + "/" + placement.sub + "/" + newName)
        #expect(maildir.check(allowDuplicates: true) == [])
        #expect(maildir.check() != [])

        let summary = run(maildir)
        #expect(summary.recovery.contains { $0.hasPrefix("finished interrupted replacement") })
        #expect(summary.changed == 1)
        #expect(maildir.check(requireCleaned: true) == [])
        #expect(maildir.ourTmpFiles().isEmpty)
    }
}
