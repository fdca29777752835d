import Foundation
@testable import Maildir
import Testing

/// A throwaway directory for one test, removed when the value goes away.
final class Scratch {
    let path: String

    init() throws {
        let base = NSTemporaryDirectory().hasSuffix("/") ? String(NSTemporaryDirectory().dropLast()) : NSTemporaryDirectory()
        var template = Array((base + "/maildir-test-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else { throw ScratchError.cannotCreate }
        path = String(cString: made)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// Makes a Maildir folder (cur, new, tmp) at `relative` under the scratch directory.
    @discardableResult
    func makeFolder(_ relative: String = "Maildir") throws -> String {
        let folder = path + "/" + relative
        for sub in ["cur", "new", "tmp"] {
            try FileManager.default.createDirectory(atPath: folder + "/" + sub, withIntermediateDirectories: true)
        }
        return folder
    }

    /// Writes a file with the given mtime (seconds since 1970) and returns its path.
    @discardableResult
    func write(_ relative: String, _ text: String, mtime: Int = 1_600_000_000, mode: Int = 0o600) throws -> String {
        let file = relative.hasPrefix("/") ? relative : path + "/" + relative
        try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: file))
        let date = Date(timeIntervalSince1970: TimeInterval(mtime))
        try FileManager.default.setAttributes([.modificationDate: date, .posixPermissions: mode], ofItemAtPath: file)
        return file
    }

    func list(_ relative: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: path + "/" + relative)) ?? []).sorted()
    }

    func read(_ relative: String) -> String? {
        FileManager.default.contents(atPath: relative.hasPrefix("/") ? relative : path + "/" + relative)
            .map { String(decoding: $0, as: UTF8.self) }
    }
}

enum ScratchError: Error { case cannotCreate }

/// A short message with a Message-ID; `tracked` adds the marker line the tests remove.
func sampleMessage(_ id: Int, tracked: Bool = true) -> String {
    "From: sender@example.org\nTo: reader@example.net\nMessage-ID: <msg\(id)@example.org>\n"
        + (tracked ? "X-Tracker: yes\n" : "") + "Subject: Message \(id)\n\nHello number \(id).\n"
}

/// The folder value for a path made with `Scratch.makeFolder`.
func folder(_ path: String) -> MaildirFolder {
    MaildirFolder(path: path, root: path, relativePath: "")
}

/// Reads a message file as a snapshot (bytes and stat).
func snapshot(_ path: String) throws -> MessageSnapshot {
    try MessageFile.read(path)
}
