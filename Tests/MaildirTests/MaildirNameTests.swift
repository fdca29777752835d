import Foundation
@testable import Maildir
import Testing

@Suite struct MaildirNameTests {
    @Test func splitsUniqueFieldsAndInfo() {
        let name = MaildirName("1700000000.M123P45Q6.mail.example,S=593,W=611:2,FS")
        #expect(name.unique == "1700000000.M123P45Q6.mail.example")
        #expect(name.fields == ["S=593", "W=611"])
        #expect(name.info == "2,FS")
        #expect(name.size == 593)
        #expect(name.virtualSize == 611)
        #expect(name.flags == "FS")
        #expect(name.base == "1700000000.M123P45Q6.mail.example,S=593,W=611")
    }

    @Test func nameInNewHasNoInfo() {
        let name = MaildirName("1700000000.M1P2.host,S=10")
        #expect(name.info == nil)
        #expect(name.flags == nil)
        #expect(name.size == 10)
        #expect(name.virtualSize == nil)
        #expect(!name.hasVirtualSizeField)
    }

    @Test func flagsStopAtDovecotExtraFields() {
        let name = MaildirName("u:2,RSab,XYZ=1")
        #expect(name.flags == "RSab")
        #expect(name.info == "2,RSab,XYZ=1")
    }

    @Test func infoThatIsNotVersionTwoHasNoFlags() {
        #expect(MaildirName("u:1,foo").flags == nil)
        #expect(MaildirName("u:").info == "")
        #expect(MaildirName("u:2,").flags == "")
    }

    @Test func onlyTheFirstColonSeparatesInfo() {
        let name = MaildirName("u,S=1:2,S:extra")
        #expect(name.base == "u,S=1")
        #expect(name.info == "2,S:extra")
    }

    @Test(arguments: [
        "1700000000.M1P2Q3.host,S=1,W=2:2,FRS",
        "plain",
        "",
        ",,,",
        "a,b=c,S=x:2,",
        ":",
        "u:2,S,a,b",
        "host,name,with,commas",
    ])
    func descriptionGivesTheNameBack(_ text: String) {
        #expect(MaildirName(text).description == text)
    }

    @Test func nonNumericSizeIsNil() {
        #expect(MaildirName("u,S=12a").size == nil)
        #expect(MaildirName("u,S=").size == nil)
        #expect(MaildirName("u,S=99999999999999999999999").size == nil)
        #expect(MaildirName("u,SS=1").size == nil)
    }

    @Test func rewriteKeepsFlagsAndSetsSizes() {
        let old = MaildirName("1600000000.M1P2Q3.old,S=700,W=720:2,FS")
        let new = old.forRewrite(unique: "1700000000.M9P8Q7.new", size: 500, virtualSize: 515)
        #expect(new.description == "1700000000.M9P8Q7.new,S=500,W=515:2,FS")
    }

    @Test func rewriteAddsWOnlyWhenTheOldNameHadIt() {
        let old = MaildirName("1600000000.M1P2.old:2,S")
        #expect(old.forRewrite(unique: "n", size: 5, virtualSize: 6).description == "n,S=5:2,S")
    }

    @Test func rewriteInNewKeepsNoInfo() {
        let old = MaildirName("1600000000.M1P2.old,S=9,W=10")
        #expect(old.forRewrite(unique: "n", size: 5, virtualSize: 6).description == "n,S=5,W=6")
    }

    @Test func rewriteDropsOtherFields() {
        let old = MaildirName("u,X=1,S=9,W=10:2,T")
        #expect(old.forRewrite(unique: "n", size: 5, virtualSize: 6).description == "n,S=5,W=6:2,T")
    }

    @Test func virtualSizeCountsBareLineFeedsTwice() {
        #expect(maildirVirtualSize(Array("a\nb\n".utf8)) == 6)
        #expect(maildirVirtualSize(Array("a\r\nb\r\n".utf8)) == 6)
        #expect(maildirVirtualSize(Array("a\r\nb\n\n".utf8)) == 8)
        #expect(maildirVirtualSize([UInt8]()) == 0)
        #expect(maildirVirtualSize(Array("\n".utf8)) == 2)
        #expect(maildirVirtualSize(Array("\r".utf8)) == 1)
        // A collection with no contiguous storage takes the byte-by-byte way: same answers.
        #expect(maildirVirtualSize(Array("a\r\nb\n\n".utf8).lazy.map { $0 }) == 8)
        #expect(maildirVirtualSize(Array("\nx".utf8)[1...]) == 1)
    }
}

@Suite struct UniqueNameTests {
    @Test func hasTheMaildirForm() throws {
        let generator = UniqueNameGenerator(hostName: "mail.example.org", processID: 4242)
        let name = generator.next()
        let parts = try #require(UniqueNameParts(name))
        #expect(parts.processID == 4242)
        #expect(parts.host == "mail.example.org")
        #expect(name.contains(".M"))
        #expect(name.contains("P4242Q1.mail.example.org"))
    }

    @Test func successiveNamesDiffer() {
        let generator = UniqueNameGenerator(hostName: "h", processID: 1)
        var seen = Set<String>()
        for _ in 0..<10_000 { seen.insert(generator.next()) }
        #expect(seen.count == 10_000)
    }

    @Test func hostNameIsSanitised() {
        #expect(UniqueNameGenerator.sanitizedHost("a/b:c,d") == "a\\057b\\072c\\054d")
        #expect(UniqueNameGenerator.sanitizedHost("mail-1.example_x") == "mail-1.example_x")
        #expect(UniqueNameGenerator.sanitizedHost("") == "localhost")
        #expect(UniqueNameGenerator.sanitizedHost("é") == "\\303\\251")
    }

    @Test func sanitisedNamesHaveNoSeparators() {
        let name = UniqueNameGenerator(hostName: "evil:host/,x", processID: 7).next()
        #expect(!name.contains(":"))
        #expect(!name.contains("/"))
        #expect(!name.contains(","))
    }

    @Test func otherFormsAreNotParsed() {
        #expect(UniqueNameParts("1700000000.P123.host") == nil)
        #expect(UniqueNameParts("abc.M1P2Q3.host") == nil)
        #expect(UniqueNameParts("1700000000.M1P2Q3") == nil)
        #expect(UniqueNameParts("1700000000.MxP2Q3.h") == nil)
        #expect(UniqueNameParts("1700000000.M1Q3P2.h") == nil)
    }

    @Test func recognisesOurTmpFilesOnly() throws {
        let content = try #require(TracklessTmpFile.parse("1700000000.M5P77Q2.h.example.trackless-new"))
        #expect(content.kind == .content)
        #expect(content.unique == "1700000000.M5P77Q2.h.example")
        #expect(content.parts.processID == 77)
        let intent = try #require(TracklessTmpFile.parse("1700000000.M5P77Q2.h.trackless-intent"))
        #expect(intent.kind == .intent)
        #expect(TracklessTmpFile.parse("1700000000.M5P77Q2.h") == nil)
        #expect(TracklessTmpFile.parse("random.trackless-new") == nil)
        #expect(TracklessTmpFile.parse("1700000000.M5P77Q2.h.trackless-new.bak") == nil)
    }
}

@Suite struct IntentJournalTests {
    let journal = IntentJournal(
        subdirectory: .cur, oldName: "1600000000.M1P2Q3.old,S=10:2,FS", newName: "1700000000.M4P5Q6.new,S=8:2,FS",
        old: FileStatus(device: 2049, inode: 123_456, size: 10,
                        modificationTime: timespec(tv_sec: 1_600_000_000, tv_nsec: 5)),
        newSize: 8, newHash: 0xdead_beef_0000_0001)

    @Test func roundTrips() {
        #expect(IntentJournal.decode(IntentJournal.encode([journal])) == [journal])
        var second = journal
        second.oldName = "1600000001.M1P2Q3.other,S=11"
        second.newName = "1700000001.M7P5Q6.new,S=9"
        second.subdirectory = .new
        #expect(IntentJournal.decode(IntentJournal.encode([journal, second, journal])) == [journal, second, journal])
    }

    /// Earlier releases wrote one replace per file, version 1, with the new file's FNV-1a:
    /// recovery still reads them.
    @Test func readsTheSingleEntryFormat() {
        let text = String(decoding: IntentJournal.encode([journal]), as: UTF8.self)
            .replacingOccurrences(of: "trackless-intent 3\nentries 1\n", with: "trackless-intent 1\n")
            .replacingOccurrences(of: "new-hash64 ", with: "new-fnv64 ")
        #expect(text.hasPrefix("trackless-intent 1\nsubdirectory cur\n"))
        var fnv = journal
        fnv.newHashIsFNV = true
        #expect(IntentJournal.decode(Array(text.utf8)) == [fnv])
    }

    /// Version 2 (batches, FNV-1a): a new file is checked with the hash its journal names.
    @Test func checksAnOlderJournalsNewFileWithFNV() throws {
        let content = Array("From: a@example.org\n\nthe new content\n".utf8)
        let entry = IntentJournal(subdirectory: .cur, oldName: journal.oldName, newName: journal.newName,
                                  old: FileStatus(device: 1, inode: 2, size: 3, modificationTime: timespec(tv_sec: 4, tv_nsec: 5)),
                                  newContent: content)
        #expect(entry.isNewContent(content))
        #expect(!entry.isNewContent(content.dropLast() + [0x21]))
        #expect(!entry.isNewContent(content.dropLast()))
        let text = String(decoding: IntentJournal.encode([entry]), as: UTF8.self)
        #expect(text.hasPrefix("trackless-intent 3\n") && text.contains("\nnew-hash64 "))

        let older = text.replacingOccurrences(of: "trackless-intent 3\n", with: "trackless-intent 2\n")
            .replacingOccurrences(of: "new-hash64 \(String(contentHash64(content), radix: 16))",
                                  with: "new-fnv64 \(String(fnv1a64(content), radix: 16))")
        let decoded = try #require(IntentJournal.decode(Array(older.utf8))?.first)
        #expect(decoded.newHashIsFNV)
        #expect(decoded.isNewContent(content))
        #expect(!decoded.isNewContent(content.dropLast() + [0x21]))
    }

    /// The content hash is part of the journal format: a journal written by one build must
    /// check out in the next, so its values are pinned. Every one-byte change at every
    /// position of inputs of every length up to 80 changes it (the four lanes, the word and
    /// byte tails).
    @Test func contentHashIsStableAndSeesEveryByte() {
        // Values from an independent implementation of the same rounds.
        #expect(contentHash64([]) == 15_610_338_416_011_052_929)
        #expect(contentHash64(Array("trackless".utf8)) == 11_908_503_502_099_511_869)
        #expect(contentHash64((0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 7) }) == 2_677_203_098_703_741_288)
        var seen = Set<UInt64>()
        var total = 0
        for length in 0...80 {
            let base = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
            seen.insert(contentHash64(base))
            total += 1
            for position in 0..<length {
                var changed = base
                changed[position] ^= 0x01
                seen.insert(contentHash64(changed))
                total += 1
            }
        }
        #expect(seen.count == total)
    }

    @Test func escapesAwkwardNames() {
        var odd = journal
        odd.oldName = "name with space%and\nnewline:2,S"
        odd.newName = "ünïcode,S=1"
        let text = String(decoding: IntentJournal.encode([odd]), as: UTF8.self)
        #expect(text.contains("old name%20with%20space%25and%0Anewline:2,S\n"))
        #expect(IntentJournal.decode(IntentJournal.encode([odd])) == [odd])
    }

    @Test func tornJournalIsRejected() {
        var second = journal
        second.newName = "1700000001.M7P5Q6.new,S=9"
        for entries in [[journal], [journal, second]] {
            let bytes = IntentJournal.encode(entries)
            for cut in stride(from: 0, to: bytes.count - 1, by: 7) {
                #expect(IntentJournal.decode(Array(bytes[..<cut])) == nil)
            }
        }
    }

    @Test func garbageIsRejected() {
        #expect(IntentJournal.decode(Array("trackless-intent 1\nold a/b\nend\n".utf8)) == nil)
        #expect(IntentJournal.decode(Array("trackless-intent 2\nentries 0\n".utf8)) == nil)
        #expect(IntentJournal.decode(Array("trackless-intent 2\nentries x\nend\n".utf8)) == nil)
        #expect(IntentJournal.decode(Array("hello".utf8)) == nil)
        #expect(IntentJournal.decode([]) == nil)
    }

    @Test func matchesOnlyTheRecordedFile() {
        let same = FileStatus(device: 2049, inode: 123_456, size: 10,
                              modificationTime: timespec(tv_sec: 1_600_000_000, tv_nsec: 5))
        #expect(journal.matchesOld(same))
        var other = same
        other.inode += 1
        #expect(!journal.matchesOld(other))
        other = same
        other.modificationTime.tv_nsec = 6
        #expect(!journal.matchesOld(other))
    }
}
