import Foundation
@testable import Maildir
import Testing

@Suite struct DiscoveryTests {
    @Test func findsRootAndMaildirPlusPlusFolders() throws {
        let scratch = try Scratch()
        let root = try scratch.makeFolder("Maildir")
        try scratch.makeFolder("Maildir/.Sent")
        try scratch.makeFolder("Maildir/.Archive.2020")
        try scratch.write("Maildir/.Sent/maildirfolder", "")
        let result = MaildirDiscovery.folders(in: [root])
        #expect(result.problems.isEmpty)
        #expect(result.folders.map(\.relativePath) == ["", ".Archive.2020", ".Sent"])
        #expect(result.folders.map(\.description) == ["INBOX", ".Archive.2020", ".Sent"])
        #expect(result.folders.allSatisfy { $0.root == root })
    }

    @Test func findsNestedFsLayoutFolders() throws {
        let scratch = try Scratch()
        let root = try scratch.makeFolder("Mail")
        try scratch.makeFolder("Mail/Work")
        try scratch.makeFolder("Mail/Work/2024")
        let result = MaildirDiscovery.folders(in: [root])
        #expect(result.folders.map(\.relativePath) == ["", "Work", "Work/2024"])
    }

    @Test func acceptsASingleFolder() throws {
        let scratch = try Scratch()
        try scratch.makeFolder("Maildir")
        let sent = try scratch.makeFolder("Maildir/.Sent")
        let result = MaildirDiscovery.folders(in: [sent + "/"])
        #expect(result.folders.count == 1)
        #expect(result.folders.first?.path == sent)
        #expect(result.folders.first?.relativePath == "")
    }

    @Test func acceptsADirectoryHoldingSeveralMaildirs() throws {
        let scratch = try Scratch()
        try scratch.makeFolder("users/alice/Maildir")
        try scratch.makeFolder("users/bob/Maildir")
        let result = MaildirDiscovery.folders(in: [scratch.path + "/users"])
        #expect(result.folders.map(\.relativePath) == ["alice/Maildir", "bob/Maildir"])
    }

    @Test func reportsPathsThatAreNotMaildirs() throws {
        let scratch = try Scratch()
        try FileManager.default.createDirectory(atPath: scratch.path + "/empty", withIntermediateDirectories: true)
        try scratch.write("file", "x")
        let result = MaildirDiscovery.folders(in: [scratch.path + "/empty", scratch.path + "/missing", scratch.path + "/file"])
        #expect(result.folders.isEmpty)
        #expect(result.problems.count == 3)
        #expect(result.problems[0].reason.contains("no Maildir folder"))
        #expect(result.problems[1].reason == "No such file or directory")
        #expect(result.problems[2].reason == "not a directory")
    }

    @Test func walksEachFolderOnceWhenRootsOverlap() throws {
        let scratch = try Scratch()
        let root = try scratch.makeFolder("Maildir")
        let sent = try scratch.makeFolder("Maildir/.Sent")
        let result = MaildirDiscovery.folders(in: [root, sent, root])
        #expect(result.folders.count == 2)
        #expect(result.problems.isEmpty)
    }

    @Test func doesNotFollowSymbolicLinksBelowARoot() throws {
        let scratch = try Scratch()
        let root = try scratch.makeFolder("Maildir")
        let elsewhere = try scratch.makeFolder("elsewhere")
        try FileManager.default.createSymbolicLink(atPath: root + "/.Linked", withDestinationPath: elsewhere)
        let result = MaildirDiscovery.folders(in: [root])
        #expect(result.folders.map(\.relativePath) == [""])
    }

    @Test func skipsTheExcludedBackupDirectory() throws {
        let scratch = try Scratch()
        let root = try scratch.makeFolder("Maildir")
        try scratch.makeFolder("Maildir/backup/cur-copy")
        try scratch.makeFolder("Maildir/backup")
        let result = MaildirDiscovery.folders(in: [root], excluding: [root + "/backup"])
        #expect(result.folders.map(\.relativePath) == [""])
    }

    @Test func listsMessagesButNotDovecotFilesOrDotFiles() throws {
        let scratch = try Scratch()
        let root = try scratch.makeFolder("Maildir")
        for name in ["dovecot-uidlist", "dovecot.index", "dovecot.index.cache", "dovecot-keywords",
                     "subscriptions", "maildirsize", "dovecot-uidvalidity.5f00"] {
            try scratch.write("Maildir/" + name, "x")
        }
        try scratch.write("Maildir/new/1.M1P1.h", sampleMessage(1))
        try scratch.write("Maildir/cur/2.M1P1.h:2,S", sampleMessage(2))
        try scratch.write("Maildir/cur/.hidden", "x")
        try scratch.write("Maildir/tmp/3.M1P1.h", sampleMessage(3))
        try FileManager.default.createDirectory(atPath: root + "/cur/subdir", withIntermediateDirectories: true)
        let listing = try MaildirDiscovery.messages(in: folder(root))
        #expect(listing.messages.map { "\($0.subdirectory)/\($0.name)" } == ["new/1.M1P1.h", "cur/2.M1P1.h:2,S"])
        #expect(listing.unreadableNames.isEmpty)
        #expect(MaildirDiscovery.countMessages(in: folder(root)) == 2)
    }

    @Test func reportsNamesThatAreNotUTF8() throws {
        let scratch = try Scratch()
        let root = try scratch.makeFolder("Maildir")
        var bytes = Array((root + "/cur/bad-name").utf8)
        bytes[bytes.count - 5] = 0xFF
        let cName = bytes.map { CChar(bitPattern: $0) } + [0]
        let fd = open(cName, O_CREAT | O_WRONLY, 0o600)
        #expect(fd >= 0)
        close(fd)
        let listing = try MaildirDiscovery.messages(in: folder(root))
        #expect(listing.messages.isEmpty)
        #expect(listing.unreadableNames.count == 1)
    }
}
