import Foundation
@testable import Maildir
import Testing

/// Sets up a folder with one message and a replacer; error rules are scoped to the scratch path.
struct ReplaceFixture {
    let scratch: Scratch
    let root: String
    let message: MaildirMessage
    let original: MessageSnapshot
    let replacer = MaildirReplacer(names: UniqueNameGenerator(hostName: "test.host"))
    let cleaned = Array(sampleMessage(1, tracked: false).utf8)

    init(subdirectory: MaildirSubdirectory = .cur,
         name: String = "1600000000.M1P2Q3.old.host,S=137,W=144:2,FS") throws {
        scratch = try Scratch()
        root = try scratch.makeFolder("Maildir")
        try scratch.write("Maildir/\(subdirectory.rawValue)/\(name)", sampleMessage(1), mtime: 1_600_000_123)
        message = MaildirMessage(folder: folder(root), subdirectory: subdirectory, name: name)
        original = try snapshot(message.path)
    }

    func inject(_ operation: SyscallOperation, _ code: Int32, times: Int = 1) {
        _MaildirFaults.inject(.init(operation, errno: code, pathContains: scratch.path, times: times))
    }

    func clearFaults() { _MaildirFaults.removeRules(pathContains: scratch.path) }

    func replace(backupFolder: String? = nil) -> MaildirReplacer.Outcome {
        replacer.replace(message, original: original, with: cleaned, backupFolder: backupFolder)
    }

    /// The original file is where it was, byte for byte.
    func originalIsIntact() -> Bool {
        scratch.read(message.path) == sampleMessage(1)
    }

    var tmpIsEmpty: Bool { scratch.list("Maildir/tmp").isEmpty }

    func names(_ sub: String) -> [String] { scratch.list("Maildir/" + sub) }
}

@Suite struct ReplaceTests {
    @Test func replacesUnderANewNameKeepingFlagsDateAndMode() throws {
        let f = try ReplaceFixture()
        guard case .replaced(let newName) = f.replace() else {
            Issue.record("not replaced")
            return
        }
        #expect(f.names("cur") == [newName])
        let name = MaildirName(newName)
        #expect(name.info == "2,FS")
        #expect(name.size == f.cleaned.count)
        #expect(name.virtualSize == maildirVirtualSize(f.cleaned))
        #expect(UniqueNameParts(name.unique)?.host == "test.host")
        #expect(name.base != MaildirName(f.message.name).base)
        let written = try snapshot(f.root + "/cur/" + newName)
        #expect(written.bytes == f.cleaned)
        #expect(written.status.modificationTime.tv_sec == f.original.status.modificationTime.tv_sec)
        #expect(written.status.modificationTime.tv_nsec == f.original.status.modificationTime.tv_nsec)
        #expect(written.status.mode == f.original.status.mode)
        #expect(written.status.owner == f.original.status.owner)
        #expect(f.tmpIsEmpty)
        #expect(f.names("new").isEmpty)
    }

    @Test func messageInNewStaysInNewWithoutInfoOrW() throws {
        let f = try ReplaceFixture(subdirectory: .new, name: "1600000000.M1P2Q3.old.host")
        guard case .replaced(let newName) = f.replace() else {
            Issue.record("not replaced")
            return
        }
        #expect(f.names("new") == [newName])
        #expect(f.names("cur").isEmpty)
        #expect(MaildirName(newName).info == nil)
        #expect(MaildirName(newName).fields == ["S=\(f.cleaned.count)"])
    }

    @Test func keepsAccessTimeToo() throws {
        let f = try ReplaceFixture()
        guard case .replaced(let newName) = f.replace() else {
            Issue.record("not replaced")
            return
        }
        let written = try Sys.lstat(f.root + "/cur/" + newName)
        #expect(written.accessTime.tv_sec == f.original.status.accessTime.tv_sec)
    }

    @Test(arguments: [(SyscallOperation.write, ENOSPC), (.create, ENOSPC), (.fsync, EIO), (.futimens, EPERM),
                      (.link, ENAMETOOLONG), (.link, ENOSPC), (.create, EACCES), (.mkdir, EACCES)])
    func errorBeforeTheLinkKeepsTheOriginalAndCleansTmp(_ operation: SyscallOperation, _ code: Int32) throws {
        let f = try ReplaceFixture()
        if operation == .mkdir { try FileManager.default.removeItem(atPath: f.root + "/tmp") }
        f.inject(operation, code)
        defer { f.clearFaults() }
        guard case .failed(.system(let error)) = f.replace() else {
            Issue.record("not failed")
            return
        }
        #expect(error.operation == operation.rawValue)
        #expect(error.errno == code)
        #expect(f.originalIsIntact())
        #expect(f.names("cur") == [f.message.name])
        #expect(f.scratch.list("Maildir/tmp").isEmpty)
    }

    @Test func interruptedSystemCallsAreRetried() throws {
        let f = try ReplaceFixture()
        for operation in [SyscallOperation.write, .fsync, .link, .unlink, .create, .futimens, .lstat] {
            f.inject(operation, EINTR, times: 2)
        }
        defer { f.clearFaults() }
        guard case .replaced = f.replace() else {
            Issue.record("not replaced")
            return
        }
        #expect(f.names("cur").count == 1)
        #expect(f.tmpIsEmpty)
    }

    @Test func failedUnlinkOfTheOldFileTakesTheNewLinkAway() throws {
        let f = try ReplaceFixture()
        _MaildirFaults.inject(.init(.unlink, errno: EACCES, pathContains: f.message.path))
        defer { _MaildirFaults.removeRules(pathContains: f.message.path) }
        guard case .failed(let error) = f.replace() else {
            Issue.record("not failed")
            return
        }
        #expect(error.errno == EACCES)
        #expect(f.names("cur") == [f.message.name])
        #expect(f.originalIsIntact())
        #expect(f.tmpIsEmpty)
    }

    @Test func oldFileGoneBetweenLinkAndUnlinkIsNotResurrected() throws {
        let f = try ReplaceFixture()
        // Someone renames the old file just after our link: unlink then finds nothing.
        _MaildirFaults.inject(.init(.unlink, errno: ENOENT, pathContains: f.message.path))
        defer { _MaildirFaults.removeRules(pathContains: f.message.path) }
        guard case .vanished = f.replace() else {
            Issue.record("not vanished")
            return
        }
        #expect(f.names("cur") == [f.message.name])
        #expect(f.tmpIsEmpty)
    }

    @Test func messageDeletedWhileBeingCleanedIsLeftDeleted() throws {
        let f = try ReplaceFixture()
        try FileManager.default.removeItem(atPath: f.message.path)
        #expect(f.replace() == .vanished(reason: "deleted or renamed while being cleaned"))
        #expect(f.names("cur").isEmpty)
        #expect(f.names("new").isEmpty)
        #expect(f.tmpIsEmpty)
    }

    @Test func messageRenamedWhileBeingCleanedKeepsItsNewName() throws {
        let f = try ReplaceFixture()
        let renamed = MaildirName(f.message.name).base + ":2,FRS"
        try FileManager.default.moveItem(atPath: f.message.path, toPath: f.root + "/cur/" + renamed)
        #expect(f.replace() == .vanished(reason: "deleted or renamed while being cleaned"))
        #expect(f.names("cur") == [renamed])
        #expect(f.tmpIsEmpty)
    }

    @Test func messageChangedWhileBeingCleanedIsLeftAsItIs() throws {
        let f = try ReplaceFixture()
        try f.scratch.write(f.message.path, sampleMessage(1) + "appended\n", mtime: 1_600_000_123)
        #expect(f.replace() == .vanished(reason: "changed while being cleaned"))
        #expect(f.scratch.read(f.message.path) == sampleMessage(1) + "appended\n")
        #expect(f.names("cur") == [f.message.name])
        #expect(f.tmpIsEmpty)
    }

    @Test func backupHoldsTheOriginalBeforeTheReplacement() throws {
        let f = try ReplaceFixture()
        let backup = f.scratch.path + "/backup/INBOX"
        guard case .replaced = f.replace(backupFolder: backup) else {
            Issue.record("not replaced")
            return
        }
        #expect(f.scratch.read(backup + "/cur/" + f.message.name) == sampleMessage(1))
        #expect(f.scratch.list("backup/INBOX/cur") == [f.message.name])
        let saved = try Sys.lstat(backup + "/cur/" + f.message.name)
        #expect(saved.modificationTime.tv_sec == f.original.status.modificationTime.tv_sec)
        #expect(saved.mode & 0o777 == 0o600)
    }

    @Test func failedBackupKeepsTheOriginalUntouched() throws {
        let f = try ReplaceFixture()
        let backup = f.scratch.path + "/backup"
        _MaildirFaults.inject(.init(.write, errno: ENOSPC, pathContains: backup))
        defer { _MaildirFaults.removeRules(pathContains: backup) }
        guard case .failed(let error) = f.replace(backupFolder: backup) else {
            Issue.record("not failed")
            return
        }
        #expect(error.errno == ENOSPC)
        #expect(f.originalIsIntact())
        #expect(f.names("cur") == [f.message.name])
        #expect(f.tmpIsEmpty)
        #expect(f.scratch.list("backup/cur").isEmpty)
    }

    // Giving a file away needs root; CI runs as root, a developer's run shows these as skipped.
    @Test(.enabled(if: geteuid() == 0, "changing a file's owner needs root"))
    func newFileGetsTheOldOwnerAndGroup() throws {
        let f = try ReplaceFixture()
        #expect(chown(f.message.path, 1234, 5678) == 0)
        let original = try snapshot(f.message.path)
        guard case .replaced(let newName) = f.replacer.replace(f.message, original: original, with: f.cleaned) else {
            Issue.record("not replaced")
            return
        }
        let written = try Sys.lstat(f.root + "/cur/" + newName)
        #expect(written.owner == 1234)
        #expect(written.group == 5678)
    }

    @Test(.enabled(if: geteuid() == 0, "changing a file's owner needs root"))
    func ownerThatCannotBeKeptFailsTheMessage() throws {
        let f = try ReplaceFixture()
        #expect(chown(f.message.path, 1234, 5678) == 0)
        let original = try snapshot(f.message.path)
        f.inject(.fchown, EPERM)
        defer { f.clearFaults() }
        guard case .failed(.ownerNotKept(_, 1234, 5678, _)) = f.replacer.replace(f.message, original: original, with: f.cleaned) else {
            Issue.record("not failed for the owner")
            return
        }
        #expect(f.originalIsIntact())
        #expect(f.names("cur") == [f.message.name])
        #expect(f.tmpIsEmpty)
    }

    @Test func newFileGetsTheOldModeWhateverTheUmask() throws {
        let f = try ReplaceFixture()
        // Group and world write bits: the usual umask (022) would take them away.
        #expect(chmod(f.message.path, 0o666) == 0)
        let original = try snapshot(f.message.path)
        guard case .replaced(let newName) = f.replacer.replace(f.message, original: original, with: f.cleaned) else {
            Issue.record("not replaced")
            return
        }
        #expect(try Sys.lstat(f.root + "/cur/" + newName).mode & 0o777 == 0o666)
    }

    @Test func stepsComeInTheDocumentedOrder() throws {
        let f = try ReplaceFixture()
        let recorder = StepRecorder(scope: f.scratch.path)
        _MaildirFaults.setCrashHook { _, name in recorder.record(name) }
        defer { _MaildirFaults.setCrashHook(nil) }
        guard case .replaced(let newName) = f.replace() else {
            Issue.record("not replaced")
            return
        }
        let steps = recorder.steps.map { step -> String in
            step.replacingOccurrences(of: f.root + "/", with: "")
                .replacingOccurrences(of: newName, with: "NEW")
                .replacingOccurrences(of: f.message.name, with: "OLD")
                .replacingOccurrences(of: MaildirName(newName).unique, with: "U")
        }
        #expect(steps == [
            "create tmp/U.trackless-new", "write tmp/U.trackless-new", "futimens tmp/U.trackless-new",
            "fsync tmp/U.trackless-new",
            "create tmp/U.trackless-intent", "write tmp/U.trackless-intent", "fsync tmp/U.trackless-intent",
            "fsync tmp", "link cur/NEW", "fsync cur", "unlink cur/OLD", "fsync cur",
            "unlink tmp/U.trackless-new", "unlink tmp/U.trackless-intent",
        ])
    }
}

/// Collects crash-hook step names under one path.
final class StepRecorder: @unchecked Sendable {
    let scope: String
    private let lock = NSLock()
    private var recorded: [String] = []

    init(scope: String) { self.scope = scope }

    func record(_ name: String) {
        guard name.contains(scope) else { return }
        lock.withLock { recorded.append(name) }
    }

    var steps: [String] { lock.withLock { recorded } }
}
