import Foundation
@testable import Maildir
import Testing
@testable import Trackless

/// A throwaway Maildir++ tree of generated messages, removed when the value goes away.
///
/// Message i has `Message-ID: <batch-i@example.org>`; every message whose index is not a
/// multiple of 5 (or 3, see `tracked`) carries the line `X-Tracker: yes`, which the test
/// transform removes.
final class BatchMaildir {
    let base: String
    let root: String
    let count: Int
    /// Folder (relative path), subdirectory and file name of each message, by index.
    private(set) var placements: [(folder: String, sub: String, name: String)] = []

    /// A directory on tmpfs when there is one: a kill -9 does not depend on fsync, and the
    /// fault tests run the engine hundreds of times.
    static let memoryBacked: String? = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : nil

    init(count: Int = 20, folders: [String] = ["", ".Sent", ".Archive.2024"], in directory: String? = nil) throws {
        let tmp = directory
            ?? (NSTemporaryDirectory().hasSuffix("/") ? String(NSTemporaryDirectory().dropLast()) : NSTemporaryDirectory())
        var template = Array((tmp + "/batch-test-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else { throw CocoaError(.fileWriteUnknown) }
        base = String(cString: made)
        root = base + "/Maildir"
        self.count = count
        for folder in folders {
            for sub in ["cur", "new", "tmp"] {
                try FileManager.default.createDirectory(atPath: path(folder) + "/" + sub, withIntermediateDirectories: true)
            }
            if !folder.isEmpty { _ = FileManager.default.createFile(atPath: path(folder) + "/maildirfolder", contents: Data()) }
        }
        _ = FileManager.default.createFile(atPath: root + "/dovecot-uidlist", contents: Data("3 V1 N1\n".utf8))
        _ = FileManager.default.createFile(atPath: root + "/subscriptions", contents: Data("Sent\n".utf8))
        let flagSets = ["S", "FS", "RS", "", "DS", "T"]
        for i in 0..<count {
            let folder = folders[i % folders.count]
            let inCur = i % 4 != 0
            let text = Self.original(i)
            let size = text.utf8.count
            var name = "16000\(String(format: "%05d", i)).M\(i)P100Q\(i).origin.example"
            switch i % 3 {
            case 0: name += ",S=\(size),W=\(maildirVirtualSize(Array(text.utf8)))"
            case 1: name += ",S=\(size)"
            default: break
            }
            if inCur { name += ":2," + flagSets[i % flagSets.count] }
            let sub = inCur ? "cur" : "new"
            let file = path(folder) + "/" + sub + "/" + name
            _ = FileManager.default.createFile(atPath: file, contents: Data(text.utf8),
                                           attributes: [.posixPermissions: 0o600])
            try FileManager.default.setAttributes([.modificationDate: Self.mtime(i)], ofItemAtPath: file)
            placements.append((folder, sub, name))
        }
    }

    deinit { try? FileManager.default.removeItem(atPath: base) }

    func path(_ folder: String) -> String { folder.isEmpty ? root : root + "/" + folder }

    static func tracked(_ i: Int) -> Bool { i % 5 != 0 }

    static func mtime(_ i: Int) -> Date { Date(timeIntervalSince1970: TimeInterval(1_600_000_000 + i * 3600)) }

    static func messageID(_ i: Int) -> String { "<batch-\(i)@example.org>" }

    /// The message as generated.
    static func original(_ i: Int) -> String {
        var text = "Return-Path: <news@shop.example>\nFrom: Shop <news@shop.example>\nTo: reader@example.net\n"
        text += "Message-ID: \(messageID(i))\n"
        if tracked(i) { text += "X-Tracker: yes\n" }
        text += "Subject: Offer number \(i)\nContent-Type: text/plain\n\n"
        for line in 0..<(3 + i % 7) { text += "Line \(line) of message \(i): nothing to see here.\n" }
        return text
    }

    /// The message after cleaning.
    static func cleaned(_ i: Int) -> String {
        original(i).replacingOccurrences(of: "X-Tracker: yes\n", with: "")
    }

    /// Every message file in the tree (cur/ and new/ of every folder), with its content.
    func files() -> [MessageFileInfo] {
        var result: [MessageFileInfo] = []
        let fm = FileManager.default
        guard let folders = try? fm.contentsOfDirectory(atPath: root) else { return [] }
        for folder in [""] + folders.filter({ $0.hasPrefix(".") }).sorted() {
            for sub in ["cur", "new"] {
                let dir = path(folder) + "/" + sub
                for name in ((try? fm.contentsOfDirectory(atPath: dir)) ?? []).sorted() {
                    let file = dir + "/" + name
                    let content = fm.contents(atPath: file).map { String(decoding: $0, as: UTF8.self) } ?? ""
                    let attributes = (try? fm.attributesOfItem(atPath: file)) ?? [:]
                    result.append(MessageFileInfo(
                        folder: folder, sub: sub, name: name, content: content,
                        mtime: (attributes[.modificationDate] as? Date) ?? .distantPast,
                        inode: (attributes[.systemFileNumber] as? NSNumber)?.uint64Value ?? 0))
                }
            }
        }
        return result
    }

    /// Our files left in any tmp/ directory.
    func ourTmpFiles() -> [String] {
        let fm = FileManager.default
        var result: [String] = []
        for folder in [""] + ((try? fm.contentsOfDirectory(atPath: root)) ?? []).filter({ $0.hasPrefix(".") }) {
            let dir = path(folder) + "/tmp"
            result += ((try? fm.contentsOfDirectory(atPath: dir)) ?? []).filter { $0.contains(".trackless-") }.map { dir + "/" + $0 }
        }
        return result
    }

    /// The index of the message a file holds, from its Message-ID.
    static func index(of content: String) -> Int? {
        guard let start = content.range(of: "Message-ID: <batch-"),
              let end = content[start.upperBound...].firstIndex(of: "@") else { return nil }
        return Int(content[start.upperBound..<end])
    }

    /// Checks that every message exists exactly once (or, with `allowDuplicates`, at most
    /// twice), as its original or cleaned version (or only cleaned, with `requireCleaned`),
    /// in its own folder and subdirectory, with its flags and received date. Returns problems.
    func check(allowDuplicates: Bool = false, requireCleaned: Bool = false) -> [String] {
        var problems: [String] = []
        var seen: [Int: [MessageFileInfo]] = [:]
        for file in files() {
            guard let i = Self.index(of: file.content) else {
                problems.append("unknown file \(file.folder)/\(file.sub)/\(file.name)")
                continue
            }
            seen[i, default: []].append(file)
        }
        for i in 0..<count {
            let copies = seen[i] ?? []
            let limit = allowDuplicates ? 2 : 1
            if copies.isEmpty { problems.append("message \(i) lost") }
            if copies.count > limit { problems.append("message \(i) exists \(copies.count) times") }
            let placement = placements[i]
            for copy in copies {
                let isOriginal = copy.content == Self.original(i)
                let isCleaned = copy.content == Self.cleaned(i)
                if !(isCleaned || (isOriginal && !requireCleaned)) {
                    problems.append("message \(i) has unexpected content in \(copy.name)")
                }
                if copy.folder != placement.folder || copy.sub != placement.sub {
                    problems.append("message \(i) moved to \(copy.folder)/\(copy.sub)")
                }
                if MaildirName(copy.name).info != MaildirName(placement.name).info {
                    problems.append("message \(i) lost its flags: \(copy.name)")
                }
                if copy.mtime != Self.mtime(i) {
                    problems.append("message \(i) has a new received date \(copy.mtime)")
                }
                if isCleaned && Self.tracked(i) {
                    let name = MaildirName(copy.name)
                    if name.size != copy.content.utf8.count { problems.append("message \(i) has a wrong S= in \(copy.name)") }
                    if MaildirName(placement.name).hasVirtualSizeField != name.hasVirtualSizeField
                        || (name.hasVirtualSizeField && name.virtualSize != maildirVirtualSize(Array(copy.content.utf8))) {
                        problems.append("message \(i) has a wrong W= in \(copy.name)")
                    }
                }
            }
        }
        return problems
    }
}

struct MessageFileInfo: Equatable {
    var folder: String
    var sub: String
    var name: String
    var content: String
    var mtime: Date
    var inode: UInt64
}

/// The test transform: removes every line that is exactly `X-Tracker: yes`; reports how many.
@Sendable func removeTrackerLines(_ bytes: [UInt8]) -> (output: [UInt8]?, report: Int) {
    let text = String(decoding: bytes, as: UTF8.self)
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    let kept = lines.filter { $0 != "X-Tracker: yes" }
    let removed = lines.count - kept.count
    return (removed > 0 ? Array(kept.joined(separator: "\n").utf8) : nil, removed)
}

/// A counter that worker threads can bump.
final class AtomicCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    func increment() -> Int { lock.withLock { value += 1; return value } }
    var current: Int { lock.withLock { value } }
}
